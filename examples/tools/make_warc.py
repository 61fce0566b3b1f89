#!/usr/bin/env python3
"""Rebuilds examples/corpus/crawl/coastal-crawl.warc.gz from the pages below.

The pages are written by the tidings authors (invented places and events).
Each WARC record is its own gzip member, as crawlers write them.
Run from the repository root: python3 examples/tools/make_warc.py
"""
import gzip
import io
import uuid

PAGES = [
    ("https://coastalherald.example/news/2026/03/09/velmora-strike-ends",
     "Mon, 09 Mar 2026 18:02:11 GMT",
     """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Velmora port strike ends with pay deal | The Coastal Herald</title>
<meta property="og:site_name" content="The Coastal Herald">
<meta property="article:published_time" content="2026-03-09T17:45:00Z">
</head><body>
<nav class="main-nav"><a href="/news">News</a> <a href="/business">Business</a> <a href="/sport">Sport</a></nav>
<div class="cookie-banner"><p>We use cookies to improve your experience. By using this site you agree to our cookie policy.</p><button>OK</button></div>
<article><h1>Velmora port strike ends with pay deal</h1>
<p>Dockworkers at the port of Velmora voted on Monday to end their week-long strike after accepting a deal that raises the night-shift rate by 11 percent over two years.</p>
<p>The agreement, reached after three days of talks led by the government mediator Agnes Wolde, was approved by 78 percent of union members who voted, the Velmora Dockworkers' Union said.</p>
<p>"It is not everything we asked for, but it is the first real raise in eight years," said union chairwoman Marta Ilves.</p>
<p>The Harbour Authority said the first ships would be unloaded on Tuesday morning and that it expected the backlog of more than 30 vessels to be cleared within ten days.</p>
</article>
<footer><p>&copy; 2026 The Coastal Herald. All rights reserved.</p></footer>
</body></html>"""),
    ("https://kerraislander.example/news/lighthouse-reopens",
     "Mon, 09 Mar 2026 18:03:40 GMT",
     """<html><head><meta http-equiv="content-type" content="text/html; charset=windows-1252">
<title>Kerra lighthouse reopens to visitors - Kerra Islander</title>
<meta name="date" content="2026-03-08"></head>
<body><div class="breadcrumb"><a href="/">Home</a> &rsaquo; Culture</div>
<div class="article-content"><h1>Kerra lighthouse reopens to visitors</h1>
<p>The lighthouse on the northern cape of the Isle of Kerra reopened to visitors on Sunday after a two-year restoration that cost 1.8 million euros.</p>
<p>Visitors can again climb the 148 steps to the lantern room, where the original lens from 1887 has been cleaned and put back in place, the island\u2019s heritage trust said.</p>
<p>The trust expects about 20,000 visitors a year and has hired four guides from the island.</p></div>
<div id="sidebar"><h3>Most read</h3><ul><li><a href="/a/2">Ferry fares to rise in spring</a></li><li><a href="/a/4">Storm strands hundreds on Isle of Kerra</a></li></ul></div>
<div id="footer">Kerra Islander &copy; 2026 &middot; All rights reserved</div></body></html>"""),
    ("https://norvaniadaily.example/politics/budget-vote-delayed",
     "Mon, 09 Mar 2026 18:05:02 GMT",
     """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Budget vote delayed as coalition talks drag on</title>
<meta name="author" content="Erik Dahl"><meta property="article:published_time" content="2026-03-09T10:00:00+01:00"></head>
<body><header><a href="/">Norvania Daily News</a><ul class="menu"><li><a href="/politics">Politics</a></li><li><a href="/world">World</a></li></ul></header>
<main><h1>Budget vote delayed as coalition talks drag on</h1>
<p>Norvania's parliament postponed its vote on next year's budget on Monday after the two governing parties failed to agree on how to pay for higher defence spending.</p>
<p>Finance Minister Lotte Berg said she still expected the budget to pass before the end of the month, but opposition leaders accused the government of losing control of public finances.</p>
<p>The delay means ministries will operate on last year's spending limits until a budget is approved.</p>
<div class="related"><h2>More on this story</h2><ul><li><a href="/p/1">Coalition partners clash over defence</a></li><li><a href="/p/2">What is in the draft budget</a></li></ul></div></main>
<footer>Copyright 2026 Norvania Daily News. All rights reserved.</footer></body></html>"""),
]


def record(warc_type, uri, date, block, content_type):
    head = (
        "WARC/1.1\r\n"
        f"WARC-Type: {warc_type}\r\n"
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, warc_type + (uri or ''))}>\r\n"
        f"WARC-Date: {date}\r\n"
        + (f"WARC-Target-URI: {uri}\r\n" if uri else "")
        + f"Content-Type: {content_type}\r\n"
        f"Content-Length: {len(block)}\r\n\r\n"
    ).encode()
    raw = head + block + b"\r\n\r\n"
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as gz:
        gz.write(raw)
    return buf.getvalue()


def iso(http_date):
    import email.utils
    return email.utils.parsedate_to_datetime(http_date).strftime("%Y-%m-%dT%H:%M:%SZ")


out = [record("warcinfo", None, "2026-03-09T18:00:00Z",
              b"software: tidings example generator\r\nformat: WARC File Format 1.1\r\n",
              "application/warc-fields")]
for uri, date, html in PAGES:
    charset = "windows-1252" if "windows-1252" in html else "utf-8"
    body = html.encode(charset)
    request = f"GET {uri.split('.example', 1)[1]} HTTP/1.1\r\nHost: {uri.split('/')[2]}\r\n\r\n".encode()
    out.append(record("request", uri, iso(date), request, "application/http; msgtype=request"))
    http = (f"HTTP/1.1 200 OK\r\nDate: {date}\r\nContent-Type: text/html; charset={charset}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body
    out.append(record("response", uri, iso(date), http, "application/http; msgtype=response"))
png = b"\x89PNG\r\n\x1a\n" + bytes(range(64))
http = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 72\r\n\r\n" + png
out.append(record("response", "https://coastalherald.example/logo.png", "2026-03-09T18:06:00Z", http,
                  "application/http; msgtype=response"))
with open("examples/corpus/crawl/coastal-crawl.warc.gz", "wb") as f:
    f.write(b"".join(out))
