//! Arbitrary plain text through cleaning: every non-empty input line ends up
//! as the title, in a paragraph, or in `removed` (nothing lost, nothing
//! invented), checked on the line level.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tidings_model::{DocId, Hints, MediaType, Origin, RawDoc};

fuzz_target!(|text: &str| {
    let raw = RawDoc {
        id: DocId::of_bytes(text.as_bytes()),
        origin: Origin::default(),
        fetched: None,
        media_type: MediaType::Text,
        encoding: "UTF-8".into(),
        hints: Hints::default(),
        bytes: text.as_bytes().to_vec(),
        text: text.to_string(),
    };
    let article = tidings_clean::clean(&raw, &tidings_clean::CleanConfig::default());
    let mut kept = String::new();
    if let Some(title) = &article.title {
        kept.push_str(title);
        kept.push('\n');
    }
    kept.push_str(&article.text);
    for removed in &article.removed {
        kept.push('\n');
        kept.push_str(&removed.text);
    }
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        assert!(kept.contains(line), "lost line {line:?}");
    }
});
