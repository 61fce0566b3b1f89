//! Sense checks that full news articles need and short event reports do
//! not: the routine phrases of reporting that look like political acts.
//!
//! "The ministry declined to comment", "officials refused to specify the
//! evidence", "the FBI refused all comment": a source that will not speak
//! to the reporter rejects nobody (CAMEO codes no such thing as REJECT).

use super::chunk::{Class, Word};

/// Verbs and nouns of telling a reporter something.
const TELLING: &[&str] = &[
    "comment",
    "comments",
    "say",
    "specify",
    "elaborate",
    "discuss",
    "disclose",
    "identify",
    "name",
    "reveal",
    "detail",
    "details",
    "talk",
    "speak",
    "answer",
    "confirm",
    "explain",
    "describe",
    "be",
];

/// Whether the refusal at `at` ("declined", "refused", "refusal") is a
/// refusal to tell the reporter something: the next words, after "to",
/// "all", "any", "further" or "give"/"provide", are a verb or noun of
/// telling ("declined to comment", "refused all comment", "declined to
/// give details", "declined to be identified").
pub(crate) fn no_comment(words: &[Word<'_>], at: usize) -> bool {
    let mut k = at + 1;
    let mut steps = 0;
    while let Some(word) = words.get(k) {
        if steps > 3 {
            return false;
        }
        let lower = word.lower.as_str();
        if TELLING.contains(&lower) {
            // "declined to be identified", not "refused to be drawn into".
            return lower != "be"
                || words.get(k + 1).is_some_and(|w| {
                    matches!(w.lower.as_str(), "identified" | "named" | "quoted")
                });
        }
        let filler = matches!(
            lower,
            "to" | "all" | "any" | "further" | "immediate" | "give" | "provide" | "offer" | "make"
        ) || word.class == Class::Adverb;
        if !filler {
            return false;
        }
        k += 1;
        steps += 1;
    }
    false
}
