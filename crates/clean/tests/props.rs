//! Property tests: for any input, every block ends up exactly once in the
//! title, the body or `removed`; spans are valid; nothing panics.

mod common;

use proptest::prelude::*;
use tidings_clean::{clean, CleanConfig};
use tidings_model::Article;

use common::{html_doc, text_doc};

/// Every block of the article: the title, the paragraphs, the removed texts.
fn output_blocks(article: &Article) -> Vec<String> {
    let mut out: Vec<String> = article.title.iter().cloned().collect();
    out.extend(article.paragraph_texts().map(str::to_string));
    out.extend(article.removed.iter().map(|r| r.text.clone()));
    out
}

fn check_spans(article: &Article) {
    let mut rebuilt = Vec::new();
    for span in &article.paragraphs {
        let slice = span.slice(&article.text);
        assert!(slice.is_some(), "bad span {span:?}");
        rebuilt.push(slice.unwrap_or_default());
    }
    assert_eq!(rebuilt.join("\n\n"), article.text);
}

fn line() -> impl Strategy<Value = String> {
    let words = prop::collection::vec(
        prop::sample::select(vec![
            "Velmora",
            "harbour",
            "the",
            "council",
            "said",
            "on",
            "Friday",
            "ferry",
            "çerezler",
            "reklam",
            "cookies",
            "Portavel",
            "storm",
            "and",
            "in",
            "a",
            "mayor",
            "2026",
            "—",
            "Ilse",
        ]),
        1..30,
    )
    .prop_map(|w| w.join(" ") + ".");
    let debris = prop::sample::select(vec![
        "X",
        "×",
        "Share",
        "Menu",
        "Accept all",
        "Kabul et",
        "Teilen",
        "Lire la suite",
        "World",
        "Home > News",
        "16 January 2026",
        "Advertisement",
        "© 2026 Velmora Times",
    ])
    .prop_map(str::to_string);
    prop_oneof![4 => words, 2 => debris, 1 => "\\PC{0,40}"]
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            line(),
            prop::sample::select(vec!["\n", "\n\n", "\n \n\n", "\r\n"]),
        ),
        0..25,
    )
    .prop_map(|parts| parts.into_iter().map(|(l, sep)| l + sep).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn text_blocks_are_all_accounted_for(text in document()) {
        let article = clean(&text_doc(&text), &CleanConfig::default());
        check_spans(&article);
        let mut expected: Vec<String> = text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
        let mut got = output_blocks(&article);
        // Hard-wrapped input joins lines; then compare the non-space characters.
        let squash = |blocks: &[String]| {
            let mut chars: Vec<char> = blocks.iter().flat_map(|b| b.chars()).filter(|c| !c.is_whitespace()).collect();
            chars.sort_unstable();
            chars
        };
        prop_assert_eq!(squash(&expected), squash(&got));
        if expected.iter().all(|l| !l.contains('\n')) && got.iter().all(|b| !b.contains('\n')) {
            expected.sort();
            got.sort();
            prop_assert_eq!(expected, got);
        }
    }

    #[test]
    fn any_unicode_text_is_cleaned_without_panic(text in "\\PC{0,400}") {
        let article = clean(&text_doc(&text), &CleanConfig::default());
        check_spans(&article);
        let expected: usize = text.chars().filter(|c| !c.is_whitespace()).count();
        let got: usize = output_blocks(&article).iter().flat_map(|b| b.chars()).filter(|c| !c.is_whitespace()).count();
        prop_assert_eq!(expected, got);
    }

    #[test]
    fn tag_soup_never_panics_and_spans_are_valid(
        parts in prop::collection::vec(prop_oneof![
            Just("<p>".to_string()), Just("</p>".to_string()), Just("<div class='nav'>".to_string()),
            Just("</div>".to_string()), Just("<br>".to_string()), Just("<a href=x>".to_string()),
            Just("</a>".to_string()), Just("<h1>".to_string()), Just("<script>".to_string()),
            Just("<table><tr><td>".to_string()), Just("<meta property='og:title' content='Velmora'>".to_string()),
            Just("<script type='application/ld+json'>{\"datePublished\":\"2026-01-16\"".to_string()),
            "[a-zA-Z ,.]{0,60}", "\\PC{0,20}",
        ], 0..60)
    ) {
        let page = parts.concat();
        let article = clean(&html_doc(&page), &CleanConfig::default());
        check_spans(&article);
    }

    #[test]
    fn arbitrary_strings_as_html_never_panic(page in "\\PC{0,300}") {
        let article = clean(&html_doc(&page), &CleanConfig::default());
        check_spans(&article);
    }
}

#[test]
fn deeply_nested_html_does_not_overflow_the_stack() {
    let page = format!(
        "{}Velmora harbour text, with commas, long enough to count.{}",
        "<div>".repeat(20_000),
        "</div>".repeat(20_000)
    );
    let article = clean(&html_doc(&page), &CleanConfig::default());
    check_spans(&article);
}

#[test]
fn unclosed_inline_tags_huge_attributes_and_nul_bytes_are_survived() {
    let sentence = "The harbour at Portavel reopened on Thursday after the storm, officials said.";
    // 20,000 unclosed inline elements: the tree builder reopens them at
    // every block, the walk must stay iterative.
    let soup = format!(
        "<html><body>{}<p>{sentence}</p></body></html>",
        "<b><i>".repeat(20_000)
    );
    let article = clean(&html_doc(&soup), &CleanConfig::default());
    check_spans(&article);
    assert!(
        article.text.contains("reopened on Thursday"),
        "{}",
        article.text
    );
    // A 20 MB class attribute.
    let huge = format!(
        "<html><body><div class=\"{}\"><p>{sentence}</p></div></body></html>",
        "x".repeat(20_000_000)
    );
    let article = clean(&html_doc(&huge), &CleanConfig::default());
    check_spans(&article);
    assert!(
        article.text.contains("reopened on Thursday"),
        "{}",
        article.text
    );
    // NUL bytes inside words and tags.
    let nul = format!(
        "<html><bo\0dy><p>The har\0bour{}</p></body></html>",
        &sentence[10..]
    );
    let article = clean(&html_doc(&nul), &CleanConfig::default());
    check_spans(&article);
    assert!(
        article.text.contains("reopened on Thursday"),
        "{}",
        article.text
    );
}
