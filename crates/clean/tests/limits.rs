//! The per-document work bound (issue 16): a pathological text (a 10 MB
//! log) is cleaned in bounded time, the text past the bound removed as
//! `too-long`, unanalysed, and nothing lost.

mod common;

use tidings_clean::{clean, CleanConfig};
use tidings_model::Reason;

use common::{assert_invariants, html_doc, text_doc};

/// A program log of about `size` bytes, one line per entry.
fn log(size: usize) -> String {
    let mut text = String::from("Harbour control log\n\n");
    let mut n = 0;
    while text.len() < size {
        n += 1;
        text.push_str(&format!(
            "2026-01-16 08:{:02}:{:02} [worker-{}] DEBUG queued job {n} for quay {} status=ok\n",
            n / 60 % 60,
            n % 60,
            n % 8,
            n % 13
        ));
    }
    text
}

#[test]
fn issue_16_text_past_the_bound_is_removed_unanalysed() {
    let config = CleanConfig {
        max_text_bytes: 64 * 1024,
        ..CleanConfig::default()
    };
    let text = log(1_000_000);
    let article = clean(&text_doc(&text), &config);
    assert_invariants(&article);
    // The bound counts block text; paragraphs are joined by "\n\n".
    let bound = 64 * 1024 + 2 * article.paragraphs.len();
    assert!(article.text.len() <= bound, "{}", article.text.len());
    let too_long: Vec<_> = article
        .removed
        .iter()
        .filter(|removed| removed.reason == Reason::TooLong)
        .collect();
    assert!(!too_long.is_empty());
    assert_eq!(
        too_long[0].detail.as_deref(),
        Some("past the first 64 KiB of text of this document, the most analysed")
    );
    // The start is analysed as usual.
    assert!(article.text.len() > 60 * 1024, "{}", article.text.len());
    assert!(!article.paragraphs.is_empty());
    // Nothing lost: every character of the input is in the title, a
    // paragraph or a removed block.
    let visible = |text: &str| text.chars().filter(|c| !c.is_whitespace()).count();
    let kept = article.title.as_deref().map_or(0, visible)
        + visible(&article.text)
        + article
            .removed
            .iter()
            .map(|r| visible(&r.text))
            .sum::<usize>();
    assert_eq!(kept, visible(&text));
}

/// A log whose lines all have the same width reads as one wrapped
/// paragraph: the bound cuts inside it, at a line end.
#[test]
fn issue_16_one_huge_block_is_cut_at_a_line_end() {
    let config = CleanConfig {
        max_text_bytes: 64 * 1024,
        ..CleanConfig::default()
    };
    let line = "2026-01-16 08:00:00 [worker-1] DEBUG queued job for quay seven ok\n";
    let text = format!("Harbour control log\n\n{}", line.repeat(20_000));
    let article = clean(&text_doc(&text), &config);
    assert_invariants(&article);
    assert!(article.text.len() <= 64 * 1024 + 2 * article.paragraphs.len());
    let last = article.removed.last().unwrap();
    assert_eq!(last.reason, Reason::TooLong);
    assert!(last.text.starts_with("2026-01-16"), "{}", &last.text[..40]);
}

#[test]
fn issue_16_an_html_page_past_the_bound_is_cut_the_same_way() {
    let config = CleanConfig {
        max_text_bytes: 16 * 1024,
        ..CleanConfig::default()
    };
    let paragraphs: String = (0..2_000)
        .map(|n| format!("<p>The tide at Velmora rose {n} centimetres above the mark on the {n}th day of the storm.</p>\n"))
        .collect();
    let page = format!("<html><head><title>Tide report</title></head><body><article><h1>Tide report</h1>{paragraphs}</article></body></html>");
    let article = clean(&html_doc(&page), &config);
    assert_invariants(&article);
    assert!(
        article.text.len() <= 16 * 1024 + 2 * article.paragraphs.len(),
        "{} bytes in {} paragraphs, first {:?}; {} removed",
        article.text.len(),
        article.paragraphs.len(),
        article.paragraph_texts().next(),
        article.removed.len()
    );
    assert!(article
        .removed
        .iter()
        .any(|removed| removed.reason == Reason::TooLong));
    // The default bound leaves a page of normal size alone.
    let article = clean(&html_doc(&page), &CleanConfig::default());
    assert!(article
        .removed
        .iter()
        .all(|removed| removed.reason != Reason::TooLong));
}
