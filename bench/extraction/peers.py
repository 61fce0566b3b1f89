#!/usr/bin/env python3
"""Main-content extraction by the Python peers on labelled pages, for
bench/extraction/run.sh (issue 11). Written for tidings.

Usage: peers.py DATA_DIR OUT_DIR
DATA_DIR holds truth.jsonl and html/<id>.html. For each peer, writes
OUT_DIR/<peer>/<id>.txt and prints one JSON line {peer, pages, seconds,
pages_per_second}, timing the extraction calls only (files are read first).
Peers: trafilatura (default and favor_precision) and readability-lxml.
"""
import json
import os
import sys
import time

import lxml.html
import trafilatura
from readability import Document


def pages(data_dir):
    out = []
    with open(os.path.join(data_dir, "truth.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rec = json.loads(line)
                with open(os.path.join(data_dir, "html", rec["id"] + ".html"), "rb") as h:
                    out.append((rec["id"], rec.get("url"), h.read()))
    return out


def readability_text(data):
    # This version wants text: pages are decoded as UTF-8 (bad bytes replaced).
    summary = Document(data.decode("utf-8", errors="replace")).summary(html_partial=True)
    if not summary.strip():
        return ""
    tree = lxml.html.fromstring(summary)
    blocks = []
    for el in tree.iter("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote", "td"):
        text = " ".join(el.text_content().split())
        if text:
            blocks.append(text)
    return "\n\n".join(blocks) if blocks else " ".join(tree.text_content().split())


PEERS = {
    "trafilatura": lambda data, url: trafilatura.extract(data, url=url) or "",
    "trafilatura-precision": lambda data, url: trafilatura.extract(data, url=url, favor_precision=True) or "",
    "readability-lxml": lambda data, url: readability_text(data),
}


def main(data_dir, out_dir):
    loaded = pages(data_dir)
    for name, extract in PEERS.items():
        target = os.path.join(out_dir, name)
        os.makedirs(target, exist_ok=True)
        texts = {}
        started = time.perf_counter()
        for page_id, url, data in loaded:
            try:
                texts[page_id] = extract(data, url)
            except Exception as err:  # a peer failing on a page scores it empty
                print(f"{name}: {page_id}: {err}", file=sys.stderr)
                texts[page_id] = ""
        seconds = time.perf_counter() - started
        for page_id, text in texts.items():
            with open(os.path.join(target, page_id + ".txt"), "w", encoding="utf-8") as f:
                f.write(text)
        print(json.dumps({"peer": name, "pages": len(loaded), "seconds": seconds,
                          "pages_per_second": len(loaded) / seconds}))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
