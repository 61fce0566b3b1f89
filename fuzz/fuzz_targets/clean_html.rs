//! Arbitrary text as an HTML page through cleaning: no panic, valid spans,
//! and every paragraph is non-empty text of the page.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tidings_model::{DocId, Hints, MediaType, Origin, RawDoc};

fuzz_target!(|html: &str| {
    let raw = RawDoc {
        id: DocId::of_bytes(html.as_bytes()),
        origin: Origin::default(),
        fetched: None,
        media_type: MediaType::Html,
        encoding: "UTF-8".into(),
        hints: Hints::default(),
        bytes: html.as_bytes().to_vec(),
        text: html.to_string(),
    };
    let article = tidings_clean::clean(&raw, &tidings_clean::CleanConfig::default());
    for paragraph in article.paragraph_texts() {
        assert!(!paragraph.trim().is_empty());
    }
    assert_eq!(article.paragraph_texts().count(), article.paragraphs.len());
});
