//! Feeds and sitemaps: the first byte picks a real-looking opening (RSS 2.0,
//! RSS 1.0/RDF, Atom, JSON Feed, a sitemap, a news sitemap, a sitemap
//! index) and the rest of the input follows it, so the fuzzer spends its
//! time inside the feed readers rather than in sniffing. Nothing may panic;
//! every entry read as a document keeps the model's span invariant after
//! cleaning.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tidings_model::Origin;

const OPENINGS: &[&str] = &[
    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title><item><title>",
    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\"><item rdf:about=\"https://a.example/1\"><title>",
    "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>",
    "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"T\",\"items\":[{\"id\":\"1\",\"content_text\":\"",
    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>",
    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\"><url><loc>https://a.example/x</loc><news:news><news:title>",
    "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><sitemap><loc>",
    "",
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let mut bytes = OPENINGS[usize::from(pick) % OPENINGS.len()].as_bytes().to_vec();
    bytes.extend_from_slice(rest);
    // A sitemap read must not panic, whatever follows the opening.
    let _ = tidings_ingest::format::sitemap(&bytes);
    let config = tidings_ingest::IngestConfig::default();
    let origin = Origin {
        path: Some("fuzz.xml".into()),
        ..Origin::default()
    };
    for raw in tidings_ingest::read_bytes(bytes, origin, &config).flatten() {
        let article = tidings_clean::clean(&raw, &tidings_clean::CleanConfig::default());
        for span in &article.paragraphs {
            assert!(span.slice(&article.text).is_some(), "span off the text");
        }
    }
});
