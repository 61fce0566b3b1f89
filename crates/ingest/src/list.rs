//! Files that name many inputs rather than hold documents: an OPML file
//! (every `outline` with an `xmlUrl`, nested outlines too) or a plain list
//! of http(s) URLs (one per line, `#` starts a comment). `tidings ingest`
//! and `tidings watch` read them with [`read_list`] and fetch what they
//! name; files found inside a folder are never read as lists (walking a
//! corpus does not go to the network).

use quick_xml::events::Event;

/// What kind of list a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    /// An OPML outline of feeds.
    Opml,
    /// One http(s) URL per line.
    Urls,
}

/// The URLs a list names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List {
    /// OPML or plain URLs.
    pub kind: ListKind,
    /// The URLs, in document order, each once.
    pub urls: Vec<String>,
    /// Where and why an OPML file broke: the URLs before the break are kept.
    pub broken: Option<String>,
}

/// Why some bytes are not a list: what a user who meant one should fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotAList {
    /// A list that names nothing (only comments and blank lines, or an
    /// OPML file without any `xmlUrl`).
    #[error("names no feed: give one http(s) URL per line, or an OPML file whose outlines have xmlUrl attributes")]
    Empty,
    /// A line of a text file that is not an http(s) URL.
    #[error("line {line} is not an http(s) URL ({text:?}): a list of URLs holds one URL per line, `#` starts a comment")]
    NotUrl {
        /// The 1-based line.
        line: usize,
        /// The line, shortened.
        text: String,
    },
    /// Not text at all.
    #[error("is not UTF-8 text: neither an OPML file nor a list of URLs")]
    NotText,
}

/// True when `text` is an absolute http or https URL with a host.
pub fn is_url(text: &str) -> bool {
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &text[8..]
    } else if lower.starts_with("http://") {
        &text[7..]
    } else {
        return false;
    };
    !rest.is_empty() && !rest.starts_with(['/', '?', '#']) && !rest.chars().any(char::is_whitespace)
}

/// The inputs `bytes` name: an OPML document (sniffed by its root element
/// `<opml`), else a text whose non-empty, non-comment lines are all
/// http(s) URLs. `Err` says why it is neither (for a caller that was told
/// it is a list); a caller that only asks whether it is one takes `.ok()`.
pub fn read_list(bytes: &[u8]) -> Result<List, NotAList> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if is_opml(bytes) {
        let (urls, broken) = opml_urls(bytes);
        if urls.is_empty() {
            return Err(NotAList::Empty);
        }
        return Ok(List {
            kind: ListKind::Opml,
            urls,
            broken,
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|_| NotAList::NotText)?;
    let mut urls = Vec::new();
    for (at, line) in text.lines().enumerate() {
        let line = strip_comment(line).trim();
        if line.is_empty() {
            continue;
        }
        if !is_url(line) {
            let mut shown: String = line.chars().take(60).collect();
            if shown.len() < line.len() {
                shown.push('…');
            }
            return Err(NotAList::NotUrl {
                line: at + 1,
                text: shown,
            });
        }
        push_once(&mut urls, line.to_string());
    }
    if urls.is_empty() {
        return Err(NotAList::Empty);
    }
    Ok(List {
        kind: ListKind::Urls,
        urls,
        broken: None,
    })
}

/// A line without its comment: `#` at its start or after a space (a `#`
/// inside a URL is its fragment).
fn strip_comment(line: &str) -> &str {
    let trimmed = line.trim_start();
    if trimmed.starts_with('#') {
        return "";
    }
    let bytes = line.as_bytes();
    for (at, _) in line.match_indices('#') {
        if at > 0 && bytes[at - 1].is_ascii_whitespace() {
            return &line[..at];
        }
    }
    line
}

fn push_once(urls: &mut Vec<String>, url: String) {
    if !urls.contains(&url) {
        urls.push(url);
    }
}

/// Whether the document's root element is `<opml` (past an XML
/// declaration, comments and a doctype).
pub fn is_opml(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let mut rest = head.trim_ascii_start();
    loop {
        let end: &[u8] = if rest.starts_with(b"<?") {
            b"?>"
        } else if rest.starts_with(b"<!--") {
            b"-->"
        } else if rest.starts_with(b"<!") {
            b">"
        } else {
            break;
        };
        match memchr::memmem::find(rest, end) {
            Some(at) => rest = rest[at + end.len()..].trim_ascii_start(),
            None => return false,
        }
    }
    rest.len() > 5
        && rest[..5].eq_ignore_ascii_case(b"<opml")
        && matches!(rest[5], b' ' | b'>' | b'\t' | b'\r' | b'\n' | b'/')
}

/// The `xmlUrl` of every `outline`, at any depth, and where the XML broke.
fn opml_urls(bytes: &[u8]) -> (Vec<String>, Option<String>) {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    {
        let config = reader.config_mut();
        config.check_end_names = false;
        config.allow_unmatched_ends = true;
    }
    let mut urls = Vec::new();
    let mut buffer = Vec::new();
    loop {
        let element = match reader.read_event_into(&mut buffer) {
            Ok(Event::Start(element)) | Ok(Event::Empty(element)) => element,
            Ok(Event::Eof) => return (urls, None),
            Ok(_) => {
                buffer.clear();
                continue;
            }
            Err(error) => {
                let at = reader.error_position();
                return (urls, Some(format!("byte {at}: {error}")));
            }
        };
        if element
            .local_name()
            .as_ref()
            .eq_ignore_ascii_case(b"outline")
        {
            for attribute in element.attributes().flatten() {
                if !attribute.key.as_ref().eq_ignore_ascii_case(b"xmlurl") {
                    continue;
                }
                let value = attribute
                    .unescape_value()
                    .map(|value| value.into_owned())
                    .unwrap_or_else(|_| String::from_utf8_lossy(&attribute.value).into_owned());
                let value = value.trim();
                if !value.is_empty() {
                    push_once(&mut urls, value.to_string());
                }
            }
        }
        buffer.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opml_outlines_nested_or_not_name_their_feeds() {
        let opml = br#"<?xml version="1.0" encoding="UTF-8"?>
<!-- exported by a reader -->
<opml version="2.0">
  <head><title>Harbour desks</title></head>
  <body>
    <outline text="Velmora Courier" type="rss" xmlUrl="https://courier.example/rss?x=1&amp;y=2" htmlUrl="https://courier.example/"/>
    <outline text="Islands">
      <outline text="Kerra Post" xmlUrl='https://kerra.example/atom'>
        <outline text="Kerra sport" xmlURL="https://kerra.example/sport.xml"/>
      </outline>
      <outline text="A folder with a site only" htmlUrl="https://orin.example/"/>
    </outline>
    <outline text="Again" xmlUrl="https://kerra.example/atom"/>
  </body>
</opml>"#;
        let list = read_list(opml).unwrap();
        assert_eq!(list.kind, ListKind::Opml);
        assert_eq!(
            list.urls,
            [
                "https://courier.example/rss?x=1&y=2",
                "https://kerra.example/atom",
                "https://kerra.example/sport.xml"
            ]
        );
        assert_eq!(list.broken, None);
        assert_eq!(
            read_list(b"<opml version=\"2.0\"><body><outline text=\"none\"/></body></opml>"),
            Err(NotAList::Empty)
        );
        // Broken halfway: what came before the break is kept, the break said.
        let broken = read_list(
            b"<opml><body><outline xmlUrl=\"https://a.example/rss\"/><outline xmlUrl=\"https://b.example/rss></body></opml>",
        )
        .unwrap();
        assert_eq!(broken.urls, ["https://a.example/rss"]);
        assert!(broken.broken.is_some());
    }

    #[test]
    fn a_text_of_urls_is_a_list_and_anything_else_is_not() {
        let list = read_list(
            b"# harbour news\nhttps://a.example/rss\n\n  http://b.example/atom # Portavel\nhttps://c.example/page#part\nhttps://a.example/rss\n",
        )
        .unwrap();
        assert_eq!(list.kind, ListKind::Urls);
        assert_eq!(
            list.urls,
            [
                "https://a.example/rss",
                "http://b.example/atom",
                "https://c.example/page#part"
            ]
        );
        assert_eq!(read_list(b"# nothing yet\n\n"), Err(NotAList::Empty));
        assert_eq!(
            read_list(b"https://a.example/rss\nThe quay reopened on Monday.\n"),
            Err(NotAList::NotUrl {
                line: 2,
                text: "The quay reopened on Monday.".into()
            })
        );
        assert!(matches!(
            read_list(b"ftp://a.example/feed\n"),
            Err(NotAList::NotUrl { line: 1, .. })
        ));
        assert_eq!(read_list(b"\xff\xfe\x00"), Err(NotAList::NotText));
        // A page that mentions OPML is no OPML file.
        assert!(!is_opml(b"<html><body>&lt;opml&gt;</body></html>"));
        assert!(is_opml(
            b"\xef\xbb\xbf<?xml version=\"1.0\"?>\n<OPML version=\"1.0\">"
        ));
    }

    #[test]
    fn urls_need_a_scheme_and_a_host() {
        assert!(is_url("https://courier.example/rss"));
        assert!(is_url("HTTP://127.0.0.1:8080/feed.xml"));
        assert!(!is_url("https://"));
        assert!(!is_url("https:///rss"));
        assert!(!is_url("courier.example/rss"));
        assert!(!is_url("https://courier.example/a b"));
        assert!(!is_url("./feeds.txt"));
    }
}
