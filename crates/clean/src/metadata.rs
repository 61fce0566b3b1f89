//! Document metadata: title, publication time, authors, site and canonical URL
//! from an HTML page's meta tags, links, JSON-LD and `<time>` elements, plus the
//! small parsers they need (dates, URL hosts, title suffixes).

use crate::dom::{Dom as Html, Value as Node};
use serde_json::Value;
use tidings_model::Published;

/// What the page says about itself. Every field is optional; cleaning falls
/// back to the hints.
#[derive(Debug, Default, Clone)]
pub(crate) struct PageMeta {
    /// `og:title`, `twitter:title` or a JSON-LD headline, in that order.
    pub meta_title: Option<String>,
    /// The `<title>` element with its site suffix removed.
    pub doc_title: Option<String>,
    /// The publication time.
    pub published: Option<Published>,
    /// Bylines.
    pub authors: Vec<String>,
    /// `og:site_name`.
    pub site_name: Option<String>,
    /// `link rel=canonical`, else `og:url`.
    pub url: Option<String>,
    /// The primary subtag of `<html lang>`.
    pub html_lang: Option<String>,
}

/// Reads the metadata of a parsed page in one pass over its elements.
pub(crate) fn read(html: &Html) -> PageMeta {
    let mut og_title = None;
    let mut twitter_title = None;
    let mut ld_title = None;
    let mut title_element = None;
    let mut dates: Vec<(u8, String)> = Vec::new();
    let mut meta_authors = Vec::new();
    let mut ld_authors = Vec::new();
    let mut link_authors = Vec::new();
    let mut canonical = None;
    let mut og_url = None;
    let mut meta = PageMeta::default();
    for node in html.root().descendants() {
        let Node::Element(element) = node.value() else {
            continue;
        };
        let text_of = || -> String {
            let mut text = String::new();
            for child in node.descendants() {
                if let Node::Text(t) = child.value() {
                    text.push_str(t);
                }
            }
            collapse(&text)
        };
        match element.name() {
            "html" if meta.html_lang.is_none() => {
                meta.html_lang = element
                    .attr("lang")
                    .and_then(crate::language::primary_subtag);
            }
            "title" if title_element.is_none() => {
                title_element = Some(text_of()).filter(|t| !t.is_empty());
            }
            "meta" => {
                let key = element
                    .attr("property")
                    .or_else(|| element.attr("name"))
                    .or_else(|| element.attr("itemprop"))
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let Some(content) = element
                    .attr("content")
                    .map(collapse)
                    .filter(|c| !c.is_empty())
                else {
                    continue;
                };
                match key.as_str() {
                    "og:title" => og_title = og_title.or(Some(content)),
                    "twitter:title" => twitter_title = twitter_title.or(Some(content)),
                    "og:site_name" => meta.site_name = meta.site_name.or(Some(content)),
                    "og:url" => og_url = og_url.or(Some(content)),
                    "article:published_time" | "og:published_time" => dates.push((0, content)),
                    "datepublished" => dates.push((1, content)),
                    "date" | "pubdate" | "publishdate" | "dc.date" | "dc.date.issued"
                    | "publish-date" | "sailthru.date" | "parsely-pub-date" => {
                        dates.push((2, content))
                    }
                    "author" | "article:author" | "parsely-author" | "dc.creator"
                        if !content.starts_with("http") =>
                    {
                        meta_authors.push(content);
                    }
                    _ => {}
                }
            }
            "link" => {
                let rel = element.attr("rel").unwrap_or("").to_ascii_lowercase();
                if rel.split_whitespace().any(|r| r == "canonical") && canonical.is_none() {
                    canonical = element.attr("href").map(collapse).filter(|h| !h.is_empty());
                }
            }
            "script" => {
                let kind = element.attr("type").unwrap_or("").to_ascii_lowercase();
                if kind.contains("ld+json") {
                    let mut raw = String::new();
                    for child in node.children() {
                        if let Node::Text(t) = child.value() {
                            raw.push_str(t);
                        }
                    }
                    if let Ok(value) = serde_json::from_str::<Value>(raw.trim()) {
                        let mut found = LinkedData::default();
                        walk_json_ld(&value, &mut found, 0);
                        ld_title = ld_title.or(found.headline);
                        if let Some(date) = found.published {
                            dates.push((1, date));
                        }
                        ld_authors.extend(found.authors);
                    }
                }
            }
            "time" => {
                if let Some(datetime) = element.attr("datetime") {
                    dates.push((4, datetime.to_string()));
                }
            }
            "a" => {
                let rel = element.attr("rel").unwrap_or("").to_ascii_lowercase();
                if rel.split_whitespace().any(|r| r == "author") {
                    let name = text_of();
                    if !name.is_empty() && name.split_whitespace().count() <= 6 {
                        link_authors.push(name);
                    }
                }
            }
            _ => {}
        }
        if element
            .attr("itemprop")
            .is_some_and(|p| p.eq_ignore_ascii_case("datePublished"))
            && element.name() != "meta"
        {
            if let Some(value) = element.attr("datetime").or_else(|| element.attr("content")) {
                dates.push((1, value.to_string()));
            }
        }
    }
    dates.sort_by_key(|(rank, _)| *rank);
    meta.published = dates.iter().find_map(|(_, text)| parse_date(text));
    meta.meta_title = og_title.or(twitter_title).or(ld_title);
    if let (Some(title), Some(site)) = (&meta.meta_title, &meta.site_name) {
        meta.meta_title = Some(strip_site_suffix(title, Some(site)));
    }
    meta.doc_title =
        title_element.map(|title| strip_site_suffix(&title, meta.site_name.as_deref()));
    let authors = if !meta_authors.is_empty() {
        meta_authors
    } else if !ld_authors.is_empty() {
        ld_authors
    } else {
        link_authors
    };
    meta.authors = dedup_authors(authors);
    // Only an absolute http(s) URL with a host: a broken canonical link
    // (`http:///www…`, a relative path) must not replace the URL the
    // document was fetched from.
    meta.url = canonical
        .filter(|url| is_absolute_http(url))
        .or(og_url.filter(|url| is_absolute_http(url)));
    meta
}

/// The byline among the first blocks, when the page names no authors
/// otherwise: a short block inside an element named `byline` or `author…`,
/// or one that starts with "By" (and its like in a few languages), whose
/// text gives one to five names. Returns its index and the names.
pub(crate) fn byline(
    blocks: &[crate::block::Block],
    title: Option<usize>,
) -> Option<(usize, Vec<String>)> {
    let start = title.map_or(0, |t| t.saturating_sub(3));
    for (index, block) in blocks.iter().enumerate().skip(start).take(12) {
        if block.words == 0 || block.words > 14 || Some(index) == title {
            continue;
        }
        let named = block
            .bad_class
            .as_deref()
            .is_some_and(|token| token.starts_with("byline") || token.starts_with("author"));
        let (prefixed, rest) = strip_by(&block.text);
        if !(named || prefixed) {
            continue;
        }
        let names = byline_names(rest);
        if !names.is_empty() {
            return Some((index, names));
        }
    }
    None
}

/// The text after a leading "By" (`by`, `By:`, `Von`, `Par`, `Por`, `Door`,
/// `Di`), and whether there was one.
fn strip_by(text: &str) -> (bool, &str) {
    let trimmed = text.trim_start();
    let word_end = trimmed
        .find(|c: char| c.is_whitespace() || c == ':')
        .unwrap_or(trimmed.len());
    let word = &trimmed[..word_end];
    if ["by", "von", "par", "por", "door", "di"]
        .iter()
        .any(|by| word.eq_ignore_ascii_case(by))
    {
        let rest = trimmed[word_end..].trim_start_matches([':', ' ', '\t']);
        (true, rest)
    } else {
        (false, trimmed)
    }
}

/// The names of a byline's text: cut at a date or a separator, split at
/// commas and "and" (in a few languages); a name is one to four words,
/// each capitalised or a particle (`de`, `van`, `al`), with no digits.
fn byline_names(text: &str) -> Vec<String> {
    let end = text
        .find(|c: char| c.is_ascii_digit() || matches!(c, '|' | '•' | '·' | '—' | '–' | '\n'))
        .unwrap_or(text.len());
    let mut head = &text[..end];
    for cut in [
        " - ",
        " on ",
        " updated",
        " published",
        " Updated",
        " Published",
    ] {
        if let Some(i) = head.find(cut) {
            head = &head[..i];
        }
    }
    let mut names = Vec::new();
    let mut rest = head.to_string();
    for joiner in [" and ", " & ", " und ", " et ", " y ", " e ", " en "] {
        rest = rest.replace(joiner, ",");
    }
    for part in rest.split([',', ';']) {
        let part = part.trim().trim_end_matches('.');
        let words: Vec<&str> = part.split_whitespace().collect();
        if words.is_empty() || words.len() > 4 {
            continue;
        }
        let particle = |w: &str| {
            matches!(
                w,
                "de" | "da" | "van" | "von" | "der" | "al" | "la" | "del" | "di"
            )
        };
        let good = words
            .iter()
            .all(|w| particle(w) || w.chars().next().is_some_and(char::is_uppercase))
            && words.iter().any(|w| !particle(w))
            && !part.chars().any(|c| c.is_ascii_digit());
        if good && names.len() < 5 {
            names.push(words.join(" "));
        }
    }
    names
}

/// Whether `url` is an absolute `http` or `https` URL with a plausible host.
pub(crate) fn is_absolute_http(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    // user:password@ is allowed before the host; the port after it.
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        return v6.contains(']') && !v6.starts_with(']');
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    !host.is_empty()
        && !host.starts_with('.')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-' || c == '_')
}

/// What a JSON-LD object says.
#[derive(Default)]
struct LinkedData {
    headline: Option<String>,
    published: Option<String>,
    authors: Vec<String>,
}

/// Walks JSON-LD (objects, arrays, `@graph`) for headline, date and authors.
fn walk_json_ld(value: &Value, found: &mut LinkedData, depth: usize) {
    if depth > 8 {
        return;
    }
    match value {
        Value::Array(items) => {
            for item in items {
                walk_json_ld(item, found, depth + 1);
            }
        }
        Value::Object(map) => {
            if let Some(Value::String(headline)) = map.get("headline") {
                found.headline = found.headline.take().or(Some(collapse(headline)));
            }
            if let Some(Value::String(date)) = map.get("datePublished") {
                found.published = found.published.take().or(Some(date.clone()));
            }
            if found.authors.is_empty() {
                if let Some(author) = map.get("author") {
                    collect_ld_authors(author, &mut found.authors);
                }
            }
            if let Some(graph) = map.get("@graph") {
                walk_json_ld(graph, found, depth + 1);
            }
        }
        _ => {}
    }
}

/// Author names from a JSON-LD `author` value (a name, an object, a list).
fn collect_ld_authors(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(name) => out.push(collapse(name)),
        Value::Object(map) => {
            if let Some(Value::String(name)) = map.get("name") {
                out.push(collapse(name));
            }
        }
        Value::Array(items) => {
            for item in items.iter().take(20) {
                if !matches!(item, Value::Array(_)) {
                    collect_ld_authors(item, out);
                }
            }
        }
        _ => {}
    }
}

/// Drops empty and repeated names, keeping the first spelling.
fn dedup_authors(authors: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for author in authors {
        let author = author.trim().trim_start_matches("By ").trim().to_string();
        if !author.is_empty() && !out.iter().any(|known| known.eq_ignore_ascii_case(&author)) {
            out.push(author);
        }
    }
    out
}

/// Parses a publication time: RFC 3339, `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS`
/// (taken as UTC), or anything starting with a `YYYY-MM-DD` day.
pub(crate) fn parse_date(text: &str) -> Option<Published> {
    let text = text.trim();
    if let Ok(published) = Published::parse(text) {
        return Some(published);
    }
    if let Ok(datetime) = text.parse::<jiff::civil::DateTime>() {
        if let Ok(zoned) = datetime.to_zoned(jiff::tz::TimeZone::UTC) {
            return Some(Published::At(zoned.timestamp()));
        }
    }
    let day = text.get(..10)?;
    day.parse::<jiff::civil::Date>().ok().map(Published::Day)
}

/// The host of a URL, lowercase, without `www.`, user info or port.
pub(crate) fn url_host(url: &str) -> Option<String> {
    let rest = url
        .trim()
        .split_once("://")
        .map_or(url.trim(), |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let host = host
        .split(':')
        .next()?
        .trim_end_matches('.')
        .to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    let valid = !host.is_empty()
        && host.contains('.')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
    valid.then_some(host)
}

/// Removes a ` | Site` or ` - Site` suffix: when it names the site, or when
/// it is short and what stays is a headline of several words.
pub(crate) fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    let title = collapse(title);
    for separator in [" | ", " - ", " — ", " – ", " :: ", " · "] {
        if let Some((head, tail)) = title.rsplit_once(separator) {
            let names_site = site.is_some_and(|site| tail.trim().eq_ignore_ascii_case(site.trim()));
            let short_tail = tail.split_whitespace().count() <= 4;
            let long_head = head.split_whitespace().count() >= 3;
            if names_site || (short_tail && long_head) {
                return head.trim().to_string();
            }
        }
    }
    title
}

/// Collapses runs of whitespace to one space and trims.
pub(crate) fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byline_texts_give_names() {
        assert_eq!(
            byline_names("Ana Ferro and Tomas Lind"),
            ["Ana Ferro", "Tomas Lind"]
        );
        assert_eq!(
            byline_names("Ana Ferro, Velmora Times | 12 May 2026"),
            ["Ana Ferro", "Velmora Times"]
        );
        assert_eq!(
            byline_names("Lena van der Berg et Paul Roux"),
            ["Lena van der Berg", "Paul Roux"]
        );
        assert!(byline_names("staff reports from the harbour office").is_empty());
        assert_eq!(strip_by("By: Ana Ferro"), (true, "Ana Ferro"));
        assert_eq!(strip_by("Bypass reopens"), (false, "Bypass reopens"));
    }

    #[test]
    fn only_absolute_http_urls_with_a_host_count() {
        for good in [
            "https://www.portavel.example/quay",
            "http://portavel.example",
            "HTTPS://Portavel.Example:8443/a?b#c",
            "http://user@portavel.example/x",
            "http://[2001:db8::1]/x",
        ] {
            assert!(is_absolute_http(good), "{good}");
        }
        for bad in [
            "http:///www.portavel.example/quay",
            "/quay",
            "//portavel.example/quay",
            "ftp://portavel.example/quay",
            "https://",
            "http://por tavel.example/",
            "http://.example/",
            "javascript:void(0)",
        ] {
            assert!(!is_absolute_http(bad), "{bad}");
        }
    }

    #[test]
    fn dates_in_the_usual_forms() {
        assert_eq!(
            parse_date("2026-01-16").map(|p| p.to_string()).as_deref(),
            Some("2026-01-16")
        );
        assert_eq!(
            parse_date("2026-01-16T08:30:00+02:00")
                .map(|p| p.to_string())
                .as_deref(),
            Some("2026-01-16T06:30:00Z")
        );
        assert_eq!(
            parse_date("2026-01-16 08:30:00")
                .map(|p| p.to_string())
                .as_deref(),
            Some("2026-01-16T08:30:00Z")
        );
        assert_eq!(
            parse_date("2026-01-16T08:30:00.000+0200")
                .map(|p| p.date().to_string())
                .as_deref(),
            Some("2026-01-16")
        );
        assert_eq!(parse_date("last Friday"), None);
        assert_eq!(parse_date("ünïcödé"), None);
    }

    #[test]
    fn hosts_and_suffixes() {
        assert_eq!(
            url_host("https://www.Velmora-Times.example/news/1?x=2").as_deref(),
            Some("velmora-times.example")
        );
        assert_eq!(
            url_host("http://user@portavel.example:8080"),
            Some("portavel.example".into())
        );
        assert_eq!(url_host("not a url"), None);
        assert_eq!(
            strip_site_suffix("Storm closes the harbour | Velmora Times", None),
            "Storm closes the harbour"
        );
        assert_eq!(
            strip_site_suffix(
                "Storm closes the harbour - Velmora Times",
                Some("Velmora Times")
            ),
            "Storm closes the harbour"
        );
        assert_eq!(
            strip_site_suffix("Velmora - Portavel ferry resumes", None),
            "Velmora - Portavel ferry resumes"
        );
    }

    #[test]
    fn reads_meta_tags_and_json_ld() {
        let page = r#"<html lang="en-GB"><head><title>Ferry resumes | Portavel Post</title>
<meta property="og:title" content="Ferry service to Velmora resumes">
<meta property="og:site_name" content="Portavel Post">
<meta name="author" content="Ilse Marrow">
<link rel="canonical" href="https://portavel.example/ferry">
<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"2026-01-16T08:30:00Z","author":[{"name":"Ilse Marrow"},{"name":"Tomas Quill"}]}]}</script>
</head><body><p>x</p></body></html>"#;
        let meta = read(&Html::parse(page));
        assert_eq!(
            meta.meta_title.as_deref(),
            Some("Ferry service to Velmora resumes")
        );
        assert_eq!(meta.doc_title.as_deref(), Some("Ferry resumes"));
        assert_eq!(meta.site_name.as_deref(), Some("Portavel Post"));
        assert_eq!(meta.url.as_deref(), Some("https://portavel.example/ferry"));
        assert_eq!(meta.authors, ["Ilse Marrow"]);
        assert_eq!(
            meta.published.map(|p| p.to_string()).as_deref(),
            Some("2026-01-16T08:30:00Z")
        );
        assert_eq!(meta.html_lang.as_deref(), Some("en"));
    }
}
