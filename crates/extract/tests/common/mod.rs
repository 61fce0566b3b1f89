//! Helpers for the integration tests.
#![allow(dead_code)]

/// `../shared/<sub>` beside the repository, or `$TIDINGS_SHARED/<sub>`.
/// The tests that read it are `#[ignore = "needs ../shared/…"]`, so a plain
/// `cargo test` lists them as ignored with that reason; `cargo test
/// --workspace -- --ignored` runs them, and then missing data is a failure
/// that says what is missing.
pub fn shared(sub: &str) -> std::path::PathBuf {
    let base = std::env::var_os("TIDINGS_SHARED").map_or_else(
        || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
        std::path::PathBuf::from,
    );
    let path = base.join(sub);
    assert!(
        path.exists(),
        "{} is absent: this test needs the shared evaluation data \
         (set TIDINGS_SHARED to the folder that holds it)",
        path.display()
    );
    path
}

use std::sync::OnceLock;

use tidings_clean::{clean, CleanConfig};
use tidings_extract::events::EventCoder;
use tidings_model::{Article, DocId, Event, Hints, MediaType, Origin, Published, RawDoc, Span};
use tidings_nlp::{annotate, Annotator};

/// The bundled language layer, loaded once per test binary.
pub fn annotator() -> &'static Annotator {
    static ANNOTATOR: OnceLock<Annotator> = OnceLock::new();
    ANNOTATOR.get_or_init(|| Annotator::bundled().unwrap())
}

/// The bundled event coder, loaded once per test binary.
pub fn coder() -> &'static EventCoder {
    static CODER: OnceLock<EventCoder> = OnceLock::new();
    CODER.get_or_init(|| EventCoder::bundled().unwrap())
}

/// An English article whose body is `body`, one paragraph.
pub fn one_paragraph(body: &str, title: Option<&str>, published: Option<&str>) -> Article {
    Article {
        id: DocId::of_bytes(body.as_bytes()),
        title: title.map(str::to_string),
        lede: None,
        lang: Some("en".into()),
        published: published.map(|date| date.parse::<Published>().unwrap()),
        site: None,
        url: None,
        authors: vec![],
        text: body.into(),
        paragraphs: vec![Span::new(0, body.len())],
        removed: vec![],
    }
}

/// A plain-text page (title on the first line) as the clean stage leaves
/// it, published on `published` if given.
pub fn clean_page(text: &str, published: Option<&str>) -> Article {
    let raw = RawDoc {
        id: DocId::of_bytes(text.as_bytes()),
        origin: Origin::default(),
        fetched: None,
        media_type: MediaType::Text,
        encoding: "utf-8".into(),
        hints: Hints::default(),
        bytes: text.as_bytes().to_vec(),
        text: text.into(),
    };
    let mut article = clean(&raw, &CleanConfig::default());
    if let Some(date) = published {
        article.published = Some(date.parse::<Published>().unwrap());
    }
    article
}

/// Annotates `article` and codes its events.
pub fn code_article(article: &Article) -> Vec<Event> {
    let annotations = annotate(article, annotator());
    coder().code(article, &annotations, annotator().gazetteer())
}
