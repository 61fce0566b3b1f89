//! The input formats ingest understands, listed once in [`ALL`].
//!
//! A format has a name (the `--format` value), a one-line description, the
//! file extensions it usually has, a sniff on the first bytes, and a reader
//! that turns an [`Input`] into [`Records`]. Auto-detection ([`detect`]) asks
//! each format in [`ALL`] how sure it is and takes the surest: the content
//! decides, the extension only breaks ties.
//!
//! To add a format, write `format/<name>.rs` with a unit struct implementing
//! [`Format`] and add it to [`ALL`].

mod arc;
mod feed;
mod html;
mod jsonl;
mod opml;
mod text;
mod warc;

use std::path::Path;

pub use crate::input::Input;
use crate::{IngestConfig, Records};
pub use arc::Arc;
pub use feed::{sitemap, Feed, Sitemap, SitemapLink};
pub use html::Html;
pub use jsonl::Jsonl;
pub use opml::Opml;
pub use text::Text;
pub use warc::Warc;

/// Every format, in order of precedence: when two are equally sure, the
/// earlier one wins.
pub static ALL: &[&dyn Format] = &[&Warc, &Arc, &Feed, &Opml, &Jsonl, &Html, &Text];

/// How sure a format is that some bytes are its own, from least to most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Confidence {
    /// Not this format.
    No,
    /// Only as a last resort (plain text takes anything).
    Fallback,
    /// The content does not say, but the file extension matches.
    Extension,
    /// The content looks like this format.
    Content,
    /// The content starts with this format's signature.
    Certain,
}

/// One input format: how to recognise it and how to read it.
pub trait Format: Sync {
    /// The short name, as given to `--format`: `text`, `html`, `jsonl`, `warc`,
    /// `arc`, `feed`, `opml`.
    fn name(&self) -> &'static str;
    /// One line for `--help` and the docs.
    fn describe(&self) -> &'static str;
    /// File extensions this format usually has, without the dot (a trailing
    /// `.gz` is ignored when matching).
    fn extensions(&self) -> &'static [&'static str];
    /// How sure this format is that a source starting with `head` (the first
    /// 8 KB, decompressed) and named `path` is its own.
    fn sniff(&self, head: &[u8], path: Option<&Path>) -> Confidence;
    /// Reads the documents of one source. Never panics; bad records are `Err`
    /// items and reading goes on where it can.
    fn read(&self, input: Input, config: &IngestConfig) -> Records;
}

/// The format of the given name, if there is one.
pub fn by_name(name: &str) -> Option<&'static dyn Format> {
    ALL.iter().copied().find(|format| format.name() == name)
}

/// The format a source most likely has: the surest of [`ALL`] (plain text when
/// nothing else fits). A head in UTF-16 or UTF-32 is sniffed as the text it
/// holds.
pub fn detect(head: &[u8], path: Option<&Path>) -> &'static dyn Format {
    let narrow = crate::decode::narrow_head(head);
    let head = narrow.as_deref().unwrap_or(head);
    let mut best: &'static dyn Format = &Text;
    let mut best_confidence = Confidence::No;
    for format in ALL.iter().copied() {
        let confidence = format.sniff(head, path);
        if confidence > best_confidence {
            best = format;
            best_confidence = confidence;
        }
    }
    best
}

/// The confidence of a format told by a mark in its first bytes: certain
/// when `marked`, else by its file name's extension, else none.
pub(crate) fn marked_or_named(
    marked: bool,
    path: Option<&Path>,
    extensions: &[&str],
) -> Confidence {
    if marked {
        Confidence::Certain
    } else if has_extension(path, extensions) {
        Confidence::Extension
    } else {
        Confidence::No
    }
}

/// True when the file name ends with `.<ext>` (or `.<ext>.gz`) for one of `extensions`.
pub(crate) fn has_extension(path: Option<&Path>, extensions: &[&str]) -> bool {
    let Some(name) = path.and_then(Path::file_name) else {
        return false;
    };
    let name = name.to_string_lossy().to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    extensions.iter().any(|ext| {
        name.len() > ext.len() + 1
            && name.ends_with(ext)
            && name.as_bytes()[name.len() - ext.len() - 1] == b'.'
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_has_a_unique_name_a_description_and_extensions() {
        let mut names: Vec<&str> = ALL.iter().map(|format| format.name()).collect();
        assert_eq!(
            names,
            ["warc", "arc", "feed", "opml", "jsonl", "html", "text"]
        );
        names.dedup();
        assert_eq!(names.len(), ALL.len());
        for format in ALL {
            assert!(!format.describe().is_empty() && !format.describe().contains('\n'));
            assert!(!format.describe().ends_with('.'), "{}", format.describe());
            assert!(!format.extensions().is_empty());
            assert_eq!(
                by_name(format.name()).map(|f| f.name()),
                Some(format.name())
            );
        }
        assert!(by_name("pdf").is_none());
    }

    #[test]
    fn content_decides_and_the_extension_breaks_ties() {
        let name = |head: &[u8], path: &str| detect(head, Some(Path::new(path))).name();
        assert_eq!(
            name(b"WARC/1.1\r\nWARC-Type: warcinfo\r\n", "crawl.txt"),
            "warc"
        );
        assert_eq!(
            name(
                b"{\"url\": \"https://velmora.example/a\", \"text\": \"Storm\"}\n",
                "day1.txt"
            ),
            "jsonl"
        );
        assert_eq!(
            name(b"<!doctype html><title>Storm</title>", "page.txt"),
            "html"
        );
        assert_eq!(
            name(
                b"Storm closes harbour\n\nThe Harbour Authority said...",
                "page.html"
            ),
            "html"
        );
        assert_eq!(
            name(
                b"Storm closes harbour\n\nThe Harbour Authority said...",
                "story"
            ),
            "text"
        );
        assert_eq!(name(b"{\"not\": \"a record\"}\n", "notes"), "text");
        assert_eq!(name(b"broken", "crawl.warc.gz"), "warc");
        assert_eq!(detect(b"", None).name(), "text");
    }

    #[test]
    fn extensions_match_whole_suffixes_only() {
        let path = |p: &'static str| Some(Path::new(p));
        assert!(has_extension(path("a/b/crawl.WARC.gz"), &["warc"]));
        assert!(has_extension(path("day.jsonl"), &["jsonl"]));
        assert!(!has_extension(path("dayjsonl"), &["jsonl"]));
        assert!(!has_extension(path(".jsonl"), &["jsonl"]));
        assert!(!has_extension(None, &["jsonl"]));
    }
}
