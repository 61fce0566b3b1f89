//! The words that mark speech: speech verbs (strong ones that introduce
//! speech on their own, weak ones that need a "that" or a quotation),
//! "according to", participles that continue a speaker's words ("adding
//! that"), and the small word classes the speaker finder needs.

/// How a cue word introduces speech.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cue {
    /// Introduces speech on its own: "said", "says", "added", "stated".
    Strong,
    /// Introduces speech only before "that", a colon or a quotation, or at
    /// the end of a sentence: "estimates", "warned", "confirmed".
    Weak,
    /// "told": the hearer comes between the cue and the words.
    Told,
    /// "according" (followed by "to").
    According,
    /// A participle that continues the words of the speaker of the clause
    /// before: "adding", "saying", "noting".
    Participle,
}

/// The cue a lowercase word is, if any.
pub(crate) fn cue(word: &str) -> Option<Cue> {
    Some(match word {
        "said" | "says" | "say" | "added" | "adds" | "stated" | "declared" | "declares"
        | "wrote" | "writes" | "tweeted" | "replied" | "remarked" | "commented" | "quipped" => {
            Cue::Strong
        }
        "told" | "tells" => Cue::Told,
        "according" => Cue::According,
        "estimates" | "estimated" | "estimate" | "warned" | "warns" | "announced" | "announces"
        | "noted" | "notes" | "explained" | "explains" | "insisted" | "insists" | "claimed"
        | "claims" | "argued" | "argues" | "stressed" | "stresses" | "emphasized"
        | "emphasised" | "emphasizes" | "emphasises" | "confirmed" | "confirms" | "reported"
        | "reports" | "acknowledged" | "admitted" | "denied" | "alleged" | "alleges"
        | "predicted" | "predicts" | "suggested" | "recalled" | "asserted" | "maintained"
        | "conceded" | "cautioned" | "complained" | "observed" | "revealed" | "disclosed"
        | "believes" | "thinks" | "reckons" | "contends" | "contended" => Cue::Weak,
        "adding" | "saying" | "noting" | "warning" | "stressing" | "explaining" | "insisting"
        | "arguing" | "claiming" | "emphasizing" | "emphasising" | "stating" | "declaring" => {
            Cue::Participle
        }
        _ => return None,
    })
}

/// Words before a verb that make it passive or not a verb at all ("was
/// said", "an estimated 600"): the word after them is no cue.
pub(crate) fn blocks_cue(previous: &str) -> bool {
    matches!(
        previous,
        "was" | "were" | "is" | "are" | "been" | "be" | "being" | "a" | "an" | "the" | "to"
    )
}

/// Hearers after "told" that are not part of the reported words.
pub(crate) fn audience(word: &str) -> bool {
    matches!(
        word,
        "reporters"
            | "journalists"
            | "the"
            | "press"
            | "media"
            | "parliament"
            | "lawmakers"
            | "legislators"
            | "supporters"
            | "a"
            | "an"
            | "news"
            | "conference"
            | "briefing"
            | "agency"
            | "broadcaster"
            | "television"
            | "radio"
            | "state"
            | "local"
            | "state-run"
            | "state-owned"
            | "crowd"
            | "crowds"
            | "audience"
            | "delegates"
    )
}

/// Words between a subject and its cue, or after a cue, that belong to
/// neither ("has", "earlier", "also").
pub(crate) fn filler(word: &str) -> bool {
    matches!(
        word,
        "has"
            | "have"
            | "had"
            | "also"
            | "earlier"
            | "later"
            | "previously"
            | "reportedly"
            | "repeatedly"
            | "again"
            | "then"
            | "further"
            | "would"
            | "will"
            | "once"
            | "already"
            | "publicly"
            | "privately"
            | "separately"
            | "recently"
            | "today"
            | "yesterday"
            | "tonight"
            | "on"
            | "late"
            | "early"
            | "last"
            | "only"
            | "just"
            | "now"
            | "still"
            | "too"
            | "firmly"
            | "flatly"
            | "strongly"
            | "openly"
    )
}

/// Words a noun group never contains: they end a speaker going backwards
/// or forwards.
pub(crate) fn stops_group(word: &str) -> bool {
    matches!(
        word,
        "that"
            | "which"
            | "who"
            | "whom"
            | "whose"
            | "and"
            | "or"
            | "but"
            | "while"
            | "when"
            | "as"
            | "after"
            | "before"
            | "if"
            | "because"
            | "though"
            | "although"
            | "since"
            | "where"
            | "so"
            | "to"
            | "in"
            | "on"
            | "at"
            | "for"
            | "with"
            | "into"
            | "over"
            | "under"
            | "about"
            | "against"
            | "between"
            | "during"
            | "not"
            | "than"
            | "also"
            | "has"
            | "have"
            | "had"
            | "was"
            | "were"
            | "is"
            | "are"
            | "will"
            | "would"
            | "could"
            | "should"
            | "may"
            | "might"
            | "can"
            | "did"
            | "does"
            | "do"
            | "been"
            | "be"
            | "it"
            | "its"
            | "via"
            | "amid"
            | "despite"
            | "until"
            | "without"
            | "upon"
            | "told"
            | "said"
            | "says"
            | "then"
            | "earlier"
            | "later"
            | "yet"
            | "nor"
            | "meanwhile"
            | "however"
            | "adding"
            | "saying"
            | "reporters"
    )
}

/// True when `preposition` joins the words after it to a speaker group
/// ending in `before`: the sources of news that go unnamed ("people
/// familiar with the matter", "sources close to the talks", "officials
/// briefed on the plan", "a person with knowledge of the deal").
pub(crate) fn complement(before: &str, preposition: &str, after: &str) -> bool {
    let adjective = matches!(
        (before, preposition),
        ("familiar", "with")
            | (
                "close" | "closest" | "privy" | "party" | "linked" | "loyal",
                "to"
            )
            | ("briefed" | "informed", "on" | "about")
            | ("aware" | "informed" | "knowledgeable", "of" | "about")
            | ("involved" | "participating", "in")
    );
    let knowing = preposition == "with"
        && matches!(
            after,
            "knowledge" | "direct" | "first-hand" | "firsthand" | "detailed" | "access" | "ties"
        );
    adjective || knowing
}

/// Words that open another clause after a cue clause in the middle of a
/// sentence ("…, officials said, forcing …", "…, the centre said, and
/// trucks …"): what was said is the part before the cue.
pub(crate) fn opens_clause(word: &str) -> bool {
    matches!(
        word,
        "and"
            | "but"
            | "while"
            | "whereas"
            | "as"
            | "so"
            | "although"
            | "though"
            | "because"
            | "after"
            | "before"
            | "when"
            | "which"
            | "with"
            | "amid"
            | "then"
            | "yet"
    ) || (word.len() > 5 && word.ends_with("ing"))
}

/// Nouns for a text that speaks for its author: "the statement said" is
/// its author speaking.
pub(crate) fn document_noun(word: &str) -> bool {
    matches!(
        word,
        "statement"
            | "statements"
            | "communique"
            | "communiqué"
            | "release"
            | "readout"
            | "report"
            | "announcement"
            | "declaration"
            | "letter"
            | "post"
            | "message"
            | "notice"
            | "bulletin"
            | "memo"
            | "filing"
            | "transcript"
            | "summary"
            | "note"
    )
}

/// Subject pronouns.
pub(crate) fn pronoun(word: &str) -> bool {
    matches!(word, "he" | "she" | "it" | "they" | "we" | "i" | "you")
}

/// Articles that may open a noun group.
pub(crate) fn article(word: &str) -> bool {
    matches!(word, "the" | "a" | "an")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speech_verbs_have_their_strength() {
        assert_eq!(cue("said"), Some(Cue::Strong));
        assert_eq!(cue("estimates"), Some(Cue::Weak));
        assert_eq!(cue("told"), Some(Cue::Told));
        assert_eq!(cue("adding"), Some(Cue::Participle));
        assert_eq!(cue("according"), Some(Cue::According));
        assert_eq!(cue("condemned"), None);
        assert!(blocks_cue("was"));
        assert!(!blocks_cue("officials"));
    }
}
