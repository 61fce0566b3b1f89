//! What a whole article tells about its events (`events/context.rs`):
//! the same act is surer in a political report than in a film review, and
//! a country is known by its common name. The articles are invented.

mod common;

use tidings_extract::events::signals::DEFAULT_MIN_CONFIDENCE;
use tidings_model::Event;

fn code(body: &str, title: &str) -> Vec<Event> {
    common::code_article(&common::one_paragraph(
        body,
        Some(title),
        Some("2026-03-06"),
    ))
}

/// The events whose trigger is `word`.
fn at<'e>(events: &'e [Event], body: &str, word: &str) -> Vec<&'e Event> {
    events
        .iter()
        .filter(|e| body.get(e.trigger.start..e.trigger.end) == Some(word))
        .collect()
}

const REVIEW: &str = "The film opens in a small harbour town at dawn. \
    The director keeps the audience guessing for two hours. \
    In the second act the hero attacks the smugglers at night. \
    The actress who plays the mayor carries the movie. \
    Its screenplay gives the characters little to say. \
    The movie opens in theaters on Friday.";

const REPORT: &str = "Armenian troops attacked an Azerbaijani post near the border on Monday. \
    The Armenian government said its soldiers had come under fire first. \
    Azerbaijan denied the claim and recalled its ambassador. \
    The United Nations urged both countries to show restraint. \
    Russia offered to host talks between the two governments. \
    The fighting stopped on Tuesday.";

#[test]
fn an_attack_in_a_film_review_is_hidden_and_one_in_a_report_is_shown() {
    let review = code(REVIEW, "A harbour thriller");
    let in_review = at(&review, REVIEW, "attacks");
    assert!(
        !in_review.is_empty(),
        "the review's attack is coded: {review:?}"
    );
    for event in in_review {
        assert!(
            event.confidence < DEFAULT_MIN_CONFIDENCE,
            "a film plot is hidden by default: {event:?}"
        );
    }
    let report = code(REPORT, "Border clash");
    let in_report = at(&report, REPORT, "attacked");
    assert!(
        in_report
            .iter()
            .any(|e| e.confidence >= DEFAULT_MIN_CONFIDENCE
                && e.source.as_ref().and_then(|a| a.country.as_deref()) == Some("ARM")),
        "the clash is shown with Armenia as its source: {report:?}"
    );
}

#[test]
fn turkey_is_a_country() {
    let body = "Turkey sent two warships to the island on Monday. \
        Turkey has occupied the north of Cyprus since an invasion in 1974. \
        Greece protested to the United Nations.";
    let events = code(body, "Warships sent");
    let occupied = at(&events, body, "occupied");
    assert!(!occupied.is_empty(), "the occupation is coded: {events:?}");
    for event in occupied {
        assert_eq!(
            event.source.as_ref().and_then(|a| a.code.as_deref()),
            Some("TUR"),
            "{event:?}"
        );
    }
}
