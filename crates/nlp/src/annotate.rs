//! The language layer on one article: sentences, tagging, resolution, dates.

use tidings_model::{Annotations, Article, Span};

use crate::gazetteer::Gazetteer;
use crate::ner::{entity_spans, Tagger};
use crate::resolve::{resolve, RawMention};
use crate::{dates, segment};

/// The loaded tagger and gazetteer: built once per run, shared by every
/// thread (it is only read).
#[derive(Debug)]
pub struct Annotator {
    tagger: Tagger,
    gazetteer: Gazetteer,
}

impl Annotator {
    /// The tagger and gazetteer shipped inside the binary.
    pub fn bundled() -> crate::Result<Annotator> {
        Ok(Annotator::new(Tagger::bundled()?, Gazetteer::bundled()?))
    }

    /// An annotator from a tagger and a gazetteer of the caller's.
    pub fn new(tagger: Tagger, gazetteer: Gazetteer) -> Annotator {
        Annotator { tagger, gazetteer }
    }

    /// The named-entity tagger.
    pub fn tagger(&self) -> &Tagger {
        &self.tagger
    }

    /// The gazetteer.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }
}

/// Languages the tagger was trained for. Articles in other languages still
/// get sentences and dates, but no named entities: an English model on, say,
/// Turkish text finds capitalised words, not entities.
const TAGGED_LANGUAGES: &[&str] = &["en"];

/// Runs the language layer on one article. An article whose language is not
/// known is tagged as English.
///
/// ```
/// # use tidings_model::{Article, DocId, Span};
/// let text = "Harbour master Tomas Brenn said on Monday that the ferry to Kerra had sailed.";
/// let article = Article {
///     id: DocId::of_bytes(text.as_bytes()),
///     title: None, lede: None, lang: Some("en".into()),
///     published: Some("2026-02-18".parse().unwrap()),
///     site: None, url: None, authors: vec![],
///     text: text.into(), paragraphs: vec![Span::new(0, text.len())], removed: vec![],
/// };
/// let annotator = tidings_nlp::Annotator::bundled().unwrap();
/// let annotations = tidings_nlp::annotate(&article, &annotator);
/// assert_eq!(annotations.sentences.len(), 1);
/// assert!(annotations.entities.iter().any(|e| e.name == "Tomas Brenn"));
/// // Published on Wednesday 2026-02-18: "on Monday" is two days before.
/// assert_eq!(annotations.dates[0].date.unwrap().to_string(), "2026-02-16");
/// ```
pub fn annotate(article: &Article, annotator: &Annotator) -> Annotations {
    let text = &article.text;
    let sentences = segment::sentences(text);
    let tagged = article
        .lang
        .as_deref()
        .is_none_or(|lang| TAGGED_LANGUAGES.contains(&lang));
    let mut raw = Vec::new();
    if tagged {
        // The whole article is tagged at once, so that the tagger's document
        // pass can make a name's kind consistent across its sentences.
        let words: Vec<Vec<&str>> = sentences
            .iter()
            .map(|sentence| {
                sentence
                    .tokens
                    .iter()
                    .map(|token| token.slice(text).unwrap_or(""))
                    .collect()
            })
            .collect();
        let tagged = annotator.tagger.tag_document(&words);
        for (index, (sentence, tags)) in sentences.iter().zip(&tagged).enumerate() {
            for (kind, range) in entity_spans(tags) {
                let (Some(first), Some(last)) = (
                    sentence.tokens.get(range.start),
                    sentence.tokens.get(range.end.saturating_sub(1)),
                ) else {
                    continue;
                };
                raw.push(RawMention {
                    span: Span::new(first.start, last.end),
                    kind,
                    sentence: index,
                });
            }
        }
    }
    let (mentions, entities) = resolve(text, &sentences, raw, &annotator.gazetteer);
    let published = article.published.map(|published| published.date());
    let dates = dates::find_dates(text, &sentences, published);
    Annotations {
        sentences,
        mentions,
        entities,
        dates,
    }
}
