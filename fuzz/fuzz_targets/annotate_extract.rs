//! Arbitrary text through cleaning, the language layer and the extract
//! stage: no panic, and every sentence, token, mention, date, event, quote
//! and figure span slices the article text.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tidings_model::{DocId, Hints, MediaType, Origin, RawDoc, Span};

fn models() -> &'static (tidings_nlp::Annotator, tidings_extract::Extractor) {
    static MODELS: OnceLock<(tidings_nlp::Annotator, tidings_extract::Extractor)> = OnceLock::new();
    MODELS.get_or_init(|| {
        (
            tidings_nlp::Annotator::bundled().expect("bundled models load"),
            tidings_extract::Extractor::bundled().expect("bundled patterns load"),
        )
    })
}

fuzz_target!(|text: &str| {
    let raw = RawDoc {
        id: DocId::of_bytes(text.as_bytes()),
        origin: Origin::default(),
        fetched: None,
        media_type: MediaType::Text,
        encoding: "UTF-8".into(),
        hints: Hints {
            published: "2026-01-16".parse().ok(),
            ..Hints::default()
        },
        bytes: text.as_bytes().to_vec(),
        text: text.to_string(),
    };
    let article = tidings_clean::clean(&raw, &tidings_clean::CleanConfig::default());
    let (annotator, extractor) = models();
    let annotations = tidings_nlp::annotate(&article, annotator);
    let facts = tidings_extract::extract(&article, &annotations, extractor, annotator.gazetteer());
    let fits = |span: &Span| assert!(span.slice(&article.text).is_some(), "{span:?} off the text");
    for sentence in &annotations.sentences {
        fits(&sentence.span);
        sentence.tokens.iter().for_each(fits);
    }
    annotations.mentions.iter().for_each(|m| fits(&m.span));
    annotations.dates.iter().for_each(|d| fits(&d.span));
    for event in &facts.events {
        fits(&event.span);
        fits(&event.trigger);
    }
    facts.quotes.iter().for_each(|q| fits(&q.span));
    facts.figures.iter().for_each(|f| fits(&f.span));
});
