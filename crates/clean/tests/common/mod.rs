//! Helpers shared by the integration tests: building RawDocs and checking the
//! Article invariants.
#![allow(dead_code)]

use tidings_model::{Article, DocId, Hints, MediaType, Origin, RawDoc, Reason};

/// A RawDoc of this text.
pub fn raw(text: &str, media_type: MediaType, hints: Hints) -> RawDoc {
    RawDoc {
        id: DocId::of_bytes(text.as_bytes()),
        origin: Origin::default(),
        fetched: None,
        media_type,
        encoding: "utf-8".into(),
        hints,
        bytes: text.as_bytes().to_vec(),
        text: text.to_string(),
    }
}

/// A plain-text RawDoc without hints.
pub fn text_doc(text: &str) -> RawDoc {
    raw(text, MediaType::Text, Hints::default())
}

/// An HTML RawDoc without hints.
pub fn html_doc(text: &str) -> RawDoc {
    raw(text, MediaType::Html, Hints::default())
}

/// Reads a fixture file.
pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{path}: {err}"))
}

/// The body paragraphs.
pub fn body(article: &Article) -> Vec<&str> {
    article.paragraph_texts().collect()
}

/// The reason a block with exactly this text was removed, if it was.
pub fn removed_reason(article: &Article, text: &str) -> Option<Reason> {
    article
        .removed
        .iter()
        .find(|r| r.text == text)
        .map(|r| r.reason)
}

/// Checks the model invariant: text = paragraphs joined by blank lines, spans valid.
pub fn assert_invariants(article: &Article) {
    let mut rebuilt = String::new();
    for (i, span) in article.paragraphs.iter().enumerate() {
        let slice = span
            .slice(&article.text)
            .unwrap_or_else(|| panic!("span {i} {span:?} invalid"));
        if i > 0 {
            assert_eq!(&article.text[span.start - 2..span.start], "\n\n");
        }
        rebuilt.push_str(if i > 0 { "\n\n" } else { "" });
        rebuilt.push_str(slice);
    }
    assert_eq!(rebuilt, article.text);
    if let Some(title) = &article.title {
        assert!(
            !article.paragraph_texts().any(|p| p == title),
            "title in body: {title}"
        );
    }
}

/// Prints an article compactly (for failing tests).
pub fn dump(article: &Article) -> String {
    let mut out = format!("title: {:?}\nlang: {:?}\n", article.title, article.lang);
    for p in article.paragraph_texts() {
        out.push_str(&format!("  KEEP {p:.70}\n"));
    }
    for r in &article.removed {
        out.push_str(&format!(
            "  DROP {:?} [{}] {:.60}\n",
            r.reason,
            r.detail.as_deref().unwrap_or(""),
            r.text
        ));
    }
    out
}

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
