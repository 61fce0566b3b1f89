//! Arbitrary bytes through format sniffing, every reader (text, HTML, JSONL,
//! WARC, gzip) and cleaning: nothing may panic, and every article must keep
//! the model's span invariant.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tidings_model::Origin;

fuzz_target!(|data: &[u8]| {
    let config = tidings_ingest::IngestConfig::default();
    let origin = Origin {
        path: Some("fuzz".into()),
        ..Origin::default()
    };
    for raw in tidings_ingest::read_bytes(data.to_vec(), origin, &config).flatten() {
        let article = tidings_clean::clean(&raw, &tidings_clean::CleanConfig::default());
        for span in &article.paragraphs {
            assert!(span.slice(&article.text).is_some(), "span off the text");
        }
    }
});
