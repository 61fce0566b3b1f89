//! Clean articles and the audit trail of what cleaning removed.

use serde::{Deserialize, Serialize};

use crate::doc::DocId;
use crate::published::Published;
use crate::span::Span;

/// An article after cleaning: title, clean text with its paragraphs, metadata,
/// and every block that cleaning dropped.
///
/// **Invariant:** `text` is the body paragraphs joined by `"\n\n"`, and
/// `paragraphs[i]` is the span of paragraph `i` in `text`. The title is not
/// part of `text`. Together, `title`, the paragraphs and `removed` account for
/// every block of the input: nothing lost, nothing invented.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// The id of the [`crate::RawDoc`] this article came from.
    pub id: DocId,
    /// The headline, if one was found.
    pub title: Option<String>,
    /// The first body paragraph, or a summary the page declares.
    pub lede: Option<String>,
    /// ISO 639-1 code of the article's language (`en`, `tr`), if identified.
    pub lang: Option<String>,
    /// When it was published, if the document or the user says.
    pub published: Option<Published>,
    /// The site (publisher name or host), if known.
    pub site: Option<String>,
    /// The canonical URL, if known.
    pub url: Option<String>,
    /// Bylines.
    pub authors: Vec<String>,
    /// The clean body text.
    pub text: String,
    /// Each body paragraph as a byte span of `text`.
    pub paragraphs: Vec<Span>,
    /// Every block cleaning dropped, in document order, with its reason.
    pub removed: Vec<Removed>,
}

impl Article {
    /// The text of each body paragraph, in order.
    pub fn paragraph_texts(&self) -> impl Iterator<Item = &str> {
        self.paragraphs
            .iter()
            .filter_map(|span| span.slice(&self.text))
    }
}

/// A block of the input that is not part of the article, kept for audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    /// The block's text, as it appeared (whitespace trimmed).
    pub text: String,
    /// The signal that removed it.
    pub reason: Reason,
    /// What exactly fired, for a human: the cue word, the languages, the count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// Why a block was removed. Serialised in kebab-case (`ui-word`, `language`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// A short interface word or phrase: `X`, `Accept`, `Share`, `Read more`.
    UiWord,
    /// Boilerplate cues: cookies, newsletter, subscribe, all rights reserved …
    Boilerplate,
    /// Written in another language than the article.
    Language,
    /// Seen in several documents of the same site: part of its template.
    Template,
    /// A section or page label before the title (`World`, `Live updates`).
    PageLabel,
    /// Debris after the end of the body that no other signal claims alone
    /// (captions, credits), removed by position together with weak cues.
    Trailing,
    /// Page chrome by structure: `nav`, `header`, `footer`, `aside`, menus.
    Navigation,
    /// A block made mostly of links (related stories, tag lists).
    LinkList,
    /// Outside the main content found by block scoring.
    LowScore,
    /// The same block already appeared earlier in this document.
    Repeated,
    /// The caption or credit of an image (`figcaption`, an element named
    /// caption): kept aside, not body text.
    Caption,
    /// Past the per-document work bound: the text beyond the first
    /// megabyte or so of a pathological input (a 10 MB log) is kept here,
    /// unanalysed, so that the cost of a document stays bounded.
    TooLong,
}

impl Reason {
    /// Every reason, in declaration order (for docs and tests).
    pub const ALL: [Reason; 12] = [
        Reason::UiWord,
        Reason::Boilerplate,
        Reason::Language,
        Reason::Template,
        Reason::PageLabel,
        Reason::Trailing,
        Reason::Navigation,
        Reason::LinkList,
        Reason::LowScore,
        Reason::Repeated,
        Reason::Caption,
        Reason::TooLong,
    ];

    /// The kebab-case name used in JSON and the store.
    pub fn as_str(&self) -> &'static str {
        match self {
            Reason::UiWord => "ui-word",
            Reason::Boilerplate => "boilerplate",
            Reason::Language => "language",
            Reason::Template => "template",
            Reason::PageLabel => "page-label",
            Reason::Trailing => "trailing",
            Reason::Navigation => "navigation",
            Reason::LinkList => "link-list",
            Reason::LowScore => "low-score",
            Reason::Repeated => "repeated",
            Reason::Caption => "caption",
            Reason::TooLong => "too-long",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_serialise_as_their_names() {
        for reason in Reason::ALL {
            let json = serde_json::to_string(&reason).unwrap();
            assert_eq!(json, format!("\"{}\"", reason.as_str()));
        }
    }

    #[test]
    fn paragraph_texts_follow_the_spans() {
        let article = Article {
            id: DocId::of_bytes(b"x"),
            title: Some("Bridge reopens".into()),
            lede: None,
            lang: Some("en".into()),
            published: None,
            site: None,
            url: None,
            authors: vec![],
            text: "First.\n\nSecond one.".into(),
            paragraphs: vec![Span::new(0, 6), Span::new(8, 19)],
            removed: vec![],
        };
        let texts: Vec<&str> = article.paragraph_texts().collect();
        assert_eq!(texts, ["First.", "Second one."]);
    }
}
