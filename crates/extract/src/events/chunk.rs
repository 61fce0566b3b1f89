//! A fast shallow parse of one sentence: each token gets its lowercase
//! spelling, lemma, form and a word class from closed lists (determiners,
//! prepositions, auxiliaries, negation …); on top of that, verb groups,
//! the subject to the left of a verb and the object to the right, with
//! clause boundaries (punctuation, complementisers, adjunct openers such as
//! "after" or "amid") that the scans never cross.

use tidings_model::Span;

use super::lemma::{Form, Lemmatiser};

/// Word classes from closed lists; everything else is `Word`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Sentence punctuation that ends a clause: `. ; : ? ! ( ) [ ]`, dashes.
    Punct,
    /// A comma.
    Comma,
    /// A quote mark: ignored by the scans.
    Quote,
    /// Determiners and quantifiers ("the", "its", "both").
    Det,
    /// Prepositions ("on", "with", "against").
    Prep,
    /// Coordinators ("and", "or").
    Conj,
    /// Complementisers and relative words ("that", "which", "who").
    Comp,
    /// Adjunct openers that start a new clause or phrase ("after", "amid").
    Adjunct,
    /// Forms of be, have and do.
    Aux,
    /// Modal verbs ("will", "may", "must").
    Modal,
    /// Negation ("not", "n't", "never", "no").
    Neg,
    /// Personal pronouns that can stand for an actor ("he", "it", "they").
    Pron,
    /// The possessive clitic `'s`.
    Poss,
    /// A number.
    Num,
    /// Adverbs from the closed list ("also", "again") or in `-ly`.
    Adverb,
    /// Anything else.
    Word,
}

/// A token of the sentence with what the parse knows about it.
#[derive(Debug, Clone)]
pub(crate) struct Word<'t> {
    /// The token as written.
    pub text: &'t str,
    /// Its bytes in the article text.
    pub span: Span,
    /// Lowercase spelling.
    pub lower: String,
    /// Lemma (lowercase).
    pub lemma: String,
    /// Form from the ending or the irregular table.
    pub form: Form,
    /// Word class.
    pub class: Class,
    /// Starts with an upper-case letter.
    pub capital: bool,
    /// The lemma is a known verb.
    pub verb: bool,
}

const DETERMINERS: &[&str] = &[
    "the",
    "a",
    "an",
    "this",
    "these",
    "those",
    "its",
    "their",
    "his",
    "her",
    "our",
    "my",
    "your",
    "both",
    "all",
    "some",
    "any",
    "each",
    "every",
    "several",
    "many",
    "few",
    "another",
    "other",
    "such",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "dozens",
    "hundreds",
    "thousands",
    "more",
    "most",
    "further",
    "new",
    "senior",
    "top",
];
const PREPOSITIONS: &[&str] = &[
    "of",
    "in",
    "on",
    "at",
    "with",
    "to",
    "for",
    "from",
    "by",
    "against",
    "over",
    "between",
    "into",
    "onto",
    "near",
    "about",
    "toward",
    "towards",
    "across",
    "through",
    "under",
    "upon",
    "among",
    "around",
    "within",
    "without",
    "via",
    "inside",
    "outside",
    "along",
    "behind",
    "beyond",
    "off",
    "out",
    "up",
    "down",
    "regarding",
    "including",
    "like",
    "per",
];
/// Forms in -ing that news uses as adjectives, hardly ever as verbs ("in
/// neighbouring Kenya", "the ruling party", "the outgoing president"):
/// they never end a subject or open a verb group.
const PARTICIPLE_ADJECTIVES: &[&str] = &[
    "neighboring",
    "neighbouring",
    "bordering",
    "ruling",
    "outgoing",
    "incoming",
    "ongoing",
    "warring",
];
const CONJUNCTIONS: &[&str] = &["and", "or", "&", "nor"];
const COMPLEMENTISERS: &[&str] = &[
    "that", "which", "who", "whom", "whose", "whether", "where", "what", "how", "why",
];
const ADJUNCTS: &[&str] = &[
    "after",
    "before",
    "following",
    "amid",
    "amidst",
    "during",
    "despite",
    "as",
    "while",
    "because",
    "since",
    "until",
    "unless",
    "if",
    "though",
    "although",
    "but",
    "so",
    "when",
    "whereas",
    "saying",
    "adding",
    "citing",
    "according",
];
const AUXILIARIES: &[&str] = &[
    "be", "is", "are", "was", "were", "been", "being", "am", "'s", "'re", "have", "has", "had",
    "having", "'ve", "'d", "do", "does", "did",
];
const MODALS: &[&str] = &[
    "will", "would", "shall", "should", "can", "could", "may", "might", "must", "'ll", "wo", "ca",
    "ought", "cannot",
];
const NEGATIONS: &[&str] = &["not", "n't", "never", "no", "neither"];
const PRONOUNS: &[&str] = &[
    "he", "she", "it", "they", "we", "i", "him", "her", "them", "us",
];
/// Verbs that end in -ly like an adverb ("sharply", "deeply" and
/// "cheaply" are adverbs; these are not).
const LY_VERBS: &[&str] = &[
    "supply",
    "resupply",
    "oversupply",
    "reapply",
    "comply",
    "multiply",
];

const ADVERBS: &[&str] = &[
    "also",
    "again",
    "still",
    "already",
    "now",
    "then",
    "later",
    "earlier",
    "today",
    "yet",
    "just",
    "even",
    "once",
    "soon",
    "jointly",
    "further",
    "formally",
    "officially",
    "publicly",
    "reportedly",
    "allegedly",
    "repeatedly",
    "strongly",
    "recently",
    "separately",
    "quickly",
    "immediately",
    "finally",
    "previously",
    "subsequently",
    "meanwhile",
    "however",
    "instead",
    "too",
    "well",
    "very",
    "only",
];

/// Builds the words of a sentence from its token spans.
pub(crate) fn words<'t>(text: &'t str, tokens: &[Span], lemmatiser: &Lemmatiser) -> Vec<Word<'t>> {
    let mut out = Vec::with_capacity(tokens.len());
    for &span in tokens {
        let Some(token) = span.slice(text) else {
            continue;
        };
        let lower = normalise(token);
        let class = classify(&lower, token);
        let (lemma, form) = match class {
            Class::Word | Class::Adverb => lemmatiser.lemma(&lower),
            _ => (lower.clone(), super::lemma::Form::Base),
        };
        let capital = token.chars().next().is_some_and(char::is_uppercase);
        let verb = class == Class::Word
            && !PARTICIPLE_ADJECTIVES.contains(&lower.as_str())
            && (lemmatiser.is_verb(&lemma) || (!capital && matches!(form, Form::Past | Form::Ing)));
        out.push(Word {
            text: token,
            span,
            capital,
            lower,
            lemma,
            form,
            class,
            verb,
        });
    }
    out
}

/// Lowercase with curly apostrophes made straight.
fn normalise(token: &str) -> String {
    let mut lower = String::with_capacity(token.len());
    for c in token.chars() {
        match c {
            '\u{2019}' | '\u{2018}' => lower.push('\''),
            c => lower.extend(c.to_lowercase()),
        }
    }
    lower
}

fn classify(lower: &str, token: &str) -> Class {
    let first = lower.chars().next().unwrap_or(' ');
    if !first.is_alphanumeric() && lower.chars().count() <= 3 && first != '\'' && first != '@' {
        return match first {
            ',' => Class::Comma,
            '"' | '\u{201c}' | '\u{201d}' | '`' | '\u{ab}' | '\u{bb}' | '(' | ')' | '[' | ']' => {
                Class::Quote
            }
            _ => Class::Punct,
        };
    }
    if first.is_ascii_digit() {
        return Class::Num;
    }
    if lower == "'s" && token.len() <= 3 {
        return Class::Poss;
    }
    let is = |list: &[&str]| list.contains(&lower);
    if is(NEGATIONS) {
        Class::Neg
    } else if is(MODALS) {
        Class::Modal
    } else if is(AUXILIARIES) {
        Class::Aux
    } else if is(DETERMINERS) {
        Class::Det
    } else if is(CONJUNCTIONS) {
        Class::Conj
    } else if is(COMPLEMENTISERS) {
        Class::Comp
    } else if is(ADJUNCTS) {
        Class::Adjunct
    } else if is(PREPOSITIONS) {
        Class::Prep
    } else if is(PRONOUNS) {
        Class::Pron
    } else if is(ADVERBS) || (lower.len() > 5 && lower.ends_with("ly") && !is(LY_VERBS)) {
        Class::Adverb
    } else {
        Class::Word
    }
}

/// Words that belong to a verb group before its main verb.
pub(crate) fn in_verb_group(word: &Word<'_>) -> bool {
    matches!(
        word.class,
        Class::Aux | Class::Modal | Class::Neg | Class::Adverb | Class::Quote
    )
}

/// The first index of the verb group that ends with the verb at `at`.
pub(crate) fn group_start(words: &[Word<'_>], at: usize) -> usize {
    let mut start = at;
    while start > 0 && in_verb_group(&words[start - 1]) {
        start -= 1;
    }
    start
}

/// Whether the word at `at` stands as a verb: a known verb that no
/// determiner, possessive or number comes before (across at most two
/// adjectives: "their first meeting"), and no preposition other than "to"
/// right before unless it ends in -ing ("for talks", "for stepping up").
pub(crate) fn is_verb_at(words: &[Word<'_>], at: usize) -> bool {
    let Some(word) = words.get(at) else {
        return false;
    };
    if !word.verb || word.class != Class::Word {
        return false;
    }
    let Some(prev) = at.checked_sub(1).and_then(|i| words.get(i)) else {
        return true;
    };
    if prev.class == Class::Prep && prev.lower != "to" && word.form != Form::Ing {
        return false;
    }
    // "to demands", "to talks": an infinitive is never inflected.
    if prev.lower == "to" && matches!(word.form, Form::S | Form::Past) {
        return false;
    }
    if word.form == Form::Past {
        return !matches!(prev.class, Class::Det | Class::Poss | Class::Num);
    }
    // "recent calls", "fresh attacks": a plural after an adjective.
    if word.form == Form::S && prev.class == Class::Word && !prev.verb && !prev.capital {
        return false;
    }
    // Names right before it, for the -ing rule below.
    let mut names_only = true;
    for k in (at.saturating_sub(3)..at).rev() {
        let before = &words[k];
        match before.class {
            Class::Det | Class::Poss | Class::Num => return false,
            Class::Word if !before.verb && !before.capital => {
                names_only = false;
                continue;
            }
            // "the U.S. Embassy bombing", "the Lockerbie bombing": an -ing
            // form right after a name after a determiner is a noun (a verb
            // in -ing needs "is" or "was" before it; "all Chechen rebels
            // refusing" is one).
            Class::Word if before.capital && names_only && word.form == Form::Ing => continue,
            // "the Ugandan embassy bombing": so is one after a singular
            // noun ("rebels refusing" is a verb: a plural before it).
            Class::Word
                if word.form == Form::Ing
                    && before.capital
                    && k + 2 == at
                    && words[k + 1].form != Form::S
                    && !words[k + 1].verb =>
            {
                continue
            }
            _ => return true,
        }
    }
    true
}

/// Whether the word at `at` ends a clause for the subject and object scans.
pub(crate) fn is_boundary(word: &Word<'_>) -> bool {
    matches!(word.class, Class::Punct | Class::Comp | Class::Adjunct)
}

/// The nearest verb before `at` in the same clause (no boundary or comma
/// between), within `reach` words.
pub(crate) fn verb_before(words: &[Word<'_>], at: usize, reach: usize) -> Option<usize> {
    for k in (at.saturating_sub(reach)..at).rev() {
        let word = &words[k];
        if is_boundary(word) || word.class == Class::Comma {
            return None;
        }
        if word.class == Class::Word && is_verb_at(words, k) {
            return Some(k);
        }
    }
    None
}

/// Whether the verb at `at` is passive: a past participle after a form of
/// "be" in its group.
pub(crate) fn is_passive(words: &[Word<'_>], at: usize) -> bool {
    if words.get(at).map(|w| w.form) != Some(Form::Past) {
        return false;
    }
    let start = group_start(words, at);
    words[start..at].iter().any(|w| {
        matches!(
            w.lower.as_str(),
            "is" | "are" | "was" | "were" | "been" | "being" | "be" | "'re" | "get" | "got"
        )
    })
}

/// What the verb group before the word at `at` says: negation, and a
/// modal's meaning.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Group {
    /// "not", "never", "n't" in the group.
    pub negated: bool,
    /// "will", "would", "shall", "'ll", "going to".
    pub future: bool,
    /// "must", "should", "ought".
    pub obligation: bool,
    /// "may", "might", "could", "can".
    pub possible: bool,
    /// Past tense: a past form, or did/had/has/was in the group.
    pub past: bool,
}

/// The verb group ending at `at`.
pub(crate) fn group(words: &[Word<'_>], at: usize) -> Group {
    let mut group = Group::default();
    let start = group_start(words, at);
    for word in &words[start..at] {
        match word.lower.as_str() {
            "not" | "n't" | "never" | "no" | "neither" => group.negated = true,
            "will" | "would" | "shall" | "'ll" | "wo" => group.future = true,
            "must" | "should" | "ought" => group.obligation = true,
            "may" | "might" | "could" | "can" | "ca" => group.possible = true,
            // "the Senate cannot censure a president": one word.
            "cannot" => {
                group.possible = true;
                group.negated = true;
            }
            "did" | "had" | "has" | "have" | "was" | "were" | "'ve" => group.past = true,
            _ => {}
        }
    }
    // "going to attack", "is to visit".
    if start >= 2 && words[start - 1].lower == "to" && words[start - 2].lower == "going" {
        group.future = true;
    }
    if let Some(word) = words.get(at) {
        if word.form == Form::Past && !group.future && !group.possible {
            group.past = true;
        }
    }
    group
}

#[cfg(test)]
mod tests {
    use super::*;
    use tidings_nlp::segment::tokenize;

    fn parse(text: &str) -> Vec<Word<'_>> {
        let lemmatiser = Lemmatiser::new(["condemn", "attack"], ["condemn", "attack"]);
        let tokens = tokenize(text, Span::new(0, text.len()));
        words(text, &tokens, &lemmatiser)
    }

    #[test]
    fn classes_and_lemmas() {
        let words = parse("Velmora's army has not attacked the port, officials said.");
        let classes: Vec<Class> = words.iter().map(|w| w.class).collect();
        assert_eq!(
            classes,
            [
                Class::Word,
                Class::Poss,
                Class::Word,
                Class::Aux,
                Class::Neg,
                Class::Word,
                Class::Det,
                Class::Word,
                Class::Comma,
                Class::Word,
                Class::Word,
                Class::Punct
            ]
        );
        assert_eq!(words[5].lemma, "attack");
        assert_eq!(words[5].form, Form::Past);
        assert!(words[0].capital);
        assert!(is_verb_at(&words, 5));
        assert!(is_verb_at(&words, 10));
        let group = group(&words, 5);
        assert!(group.negated && group.past && !group.future);
        assert_eq!(group_start(&words, 5), 3);
    }

    #[test]
    fn passives_and_modals() {
        let words = parse("The port was attacked by rebels who may attack again.");
        assert!(is_passive(&words, 3));
        assert!(!is_passive(&words, 8));
        assert!(group(&words, 8).possible);
        let words = parse("The attacks will condemn nobody.");
        assert!(!is_verb_at(&words, 1));
        assert!(group(&words, 3).future);
        // An adverb in -ply stands inside the group; a verb in -ly does not.
        let words = parse("The ministry was sharply criticised by the unions.");
        assert!(is_passive(&words, 4));
        let words = parse("The rebels comply with the ceasefire.");
        assert_eq!(words[2].class, Class::Word);
    }
}
