//! The extract stage on one article: events, then quotes, then figures
//! (figures take their sources from the quotes).

use tidings_model::{Annotations, Article, Facts};
use tidings_nlp::Gazetteer;

use crate::events::EventCoder;
use crate::{figures, quotes};

/// The loaded pattern dictionaries and tables of the extract stage: built
/// once per run, shared (read only) by every thread.
#[derive(Debug)]
pub struct Extractor {
    events: EventCoder,
}

impl Extractor {
    /// The dictionaries and tables shipped inside the binary.
    pub fn bundled() -> crate::Result<Extractor> {
        Ok(Extractor {
            events: EventCoder::bundled()?,
        })
    }

    /// The event coder.
    pub fn events(&self) -> &EventCoder {
        &self.events
    }
}

/// Languages the patterns, cues and number words are written for. Articles
/// in other languages get no facts rather than wrong ones.
const EXTRACTED_LANGUAGES: &[&str] = &["en"];

/// Events, quotes and figures of one annotated article (English, or of
/// unknown language).
pub fn extract(
    article: &Article,
    annotations: &Annotations,
    extractor: &Extractor,
    gazetteer: &Gazetteer,
) -> Facts {
    let english = article
        .lang
        .as_deref()
        .is_none_or(|lang| EXTRACTED_LANGUAGES.contains(&lang));
    if !english {
        return Facts::default();
    }
    let events = extractor.events.code(article, annotations, gazetteer);
    let quotes = quotes::find_quotes(article, annotations);
    let figures = figures::find_figures(article, annotations, &quotes);
    Facts {
        events,
        quotes,
        figures,
    }
}
