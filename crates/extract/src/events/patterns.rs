//! The verb-pattern dictionaries (`patterns/*.txt`): parsing, checking
//! against the coding tables, and an index from anchor word to patterns.
//! The format is described in `patterns/README.md`.

use std::collections::HashMap;

use super::code::{bad, is_code, Derivation, Tables};
use crate::error::Result;

/// What a pattern does when it matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// It is an event.
    Content,
    /// It changes the event after it (intent, threat, request, refusal).
    Derive(Derivation),
    /// It drops the event after it ("denied attacking").
    Deny,
    /// It drops the event after it as speculation ("may", "possible").
    Hypothetical,
    /// Reported speech: the event after it is what was said.
    Speech,
}

/// One element of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Element {
    /// Lemmas (or spellings) that match; empty for `@actor`.
    pub words: Vec<String>,
    /// Must follow the previous element directly.
    pub adjacent: bool,
    /// Matches a word that names an actor.
    pub actor: bool,
}

/// One line of a pattern file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pattern {
    /// The CAMEO code (the fallback code for a governor), if any.
    pub code: Option<String>,
    /// PLOVER mode given by the line.
    pub mode: Option<String>,
    /// What the match does.
    pub role: Role,
    /// The anchor first, then the rest.
    pub elements: Vec<Element>,
    /// The anchor must stand as a verb (`:v`), not as a noun.
    pub verb_only: bool,
    /// From the converted PETRARCH2 dictionary (`data/petrarch/verbs.txt`):
    /// tried after our own patterns.
    pub dictionary: bool,
    /// The anchor's subject must be a word of this class (`<crowd`: see
    /// `sense::subject_is`), counted as one more element when matches
    /// compete.
    pub subject: Option<String>,
}

/// The source text of the pattern files.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PatternTexts<'a> {
    /// Content pattern files: (name, text).
    pub content: [(&'a str, &'a str); 2],
    /// `governors.txt`.
    pub governors: &'a str,
    /// The converted PETRARCH2 verb patterns (`data/petrarch/verbs.txt`).
    pub dictionary: &'a str,
}

impl PatternTexts<'static> {
    /// The pattern files embedded in the crate.
    pub fn bundled() -> PatternTexts<'static> {
        PatternTexts {
            content: [
                (
                    "cooperation.txt",
                    include_str!("../../patterns/cooperation.txt"),
                ),
                ("conflict.txt", include_str!("../../patterns/conflict.txt")),
            ],
            governors: include_str!("../../patterns/governors.txt"),
            dictionary: include_str!("../../data/petrarch/verbs.txt"),
        }
    }
}

/// Every pattern, indexed by the words of its anchor.
#[derive(Debug, Clone)]
pub(crate) struct Patterns {
    pub patterns: Vec<Pattern>,
    /// Our patterns by anchor word.
    index: HashMap<String, Vec<usize>>,
    /// The converted dictionary's patterns by anchor word, then by a word
    /// of their first element after the anchor that is not `@actor` (so
    /// that a sentence tries only the patterns whose words it has).
    dictionary_index: HashMap<String, HashMap<String, Vec<usize>>>,
}

impl Patterns {
    /// Parses and checks the pattern files.
    pub fn parse(texts: &PatternTexts<'_>, tables: &Tables) -> Result<Patterns> {
        let mut patterns = Vec::new();
        for (name, text) in texts.content {
            parse_content(name, text, tables, &mut patterns)?;
        }
        parse_governors(texts.governors, tables, &mut patterns)?;
        let ours = patterns.len();
        parse_content("verbs.txt", texts.dictionary, tables, &mut patterns)?;
        for pattern in &mut patterns[ours..] {
            pattern.dictionary = true;
        }
        let mut index: HashMap<String, Vec<usize>> = HashMap::new();
        let mut dictionary_index: HashMap<String, HashMap<String, Vec<usize>>> = HashMap::new();
        for (i, pattern) in patterns.iter().enumerate() {
            let Some(anchor) = pattern.elements.first() else {
                continue;
            };
            if !pattern.dictionary {
                for word in &anchor.words {
                    index.entry(word.clone()).or_default().push(i);
                }
                continue;
            }
            // A pattern without such a word is under the empty word.
            let empty = [String::new()];
            let keys = match pattern.elements[1..].iter().find(|e| !e.actor) {
                Some(key) => key.words.as_slice(),
                None => &empty[..],
            };
            for word in &anchor.words {
                let by_key = dictionary_index.entry(word.clone()).or_default();
                for key in keys {
                    by_key.entry(key.clone()).or_default().push(i);
                }
            }
        }
        Ok(Patterns {
            patterns,
            index,
            dictionary_index,
        })
    }

    /// Our patterns whose anchor is `word`.
    pub fn anchored(&self, word: &str) -> &[usize] {
        self.index.get(word).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The converted dictionary's patterns whose anchor is `word`, by a
    /// word of their first element that is not `@actor`.
    pub fn anchored_dictionary(&self, word: &str) -> Option<&HashMap<String, Vec<usize>>> {
        self.dictionary_index.get(word)
    }

    /// Every word our patterns use (`dictionary`: also the converted
    /// dictionary's).
    pub fn words(&self, dictionary: bool) -> impl Iterator<Item = &str> {
        self.patterns
            .iter()
            .filter(move |p| dictionary || !p.dictionary)
            .flat_map(|p| p.elements.iter())
            .flat_map(|e| e.words.iter().map(String::as_str))
    }

    /// The anchors that can stand as verbs: every anchor except nouns
    /// (told by their ending or the list [`NOUNS`]). Our own tell clause
    /// verbs; the dictionary's (`dictionary`) only lemmatise its patterns.
    pub fn verbs(&self, dictionary: bool) -> impl Iterator<Item = &str> {
        self.patterns
            .iter()
            .filter(move |p| dictionary || !p.dictionary)
            .flat_map(|p| p.elements.first())
            .flat_map(|e| e.words.iter().map(String::as_str))
            .filter(|w| !is_noun(w))
    }
}

/// Anchors that are nouns only, though their ending does not tell.
const NOUNS: &[&str] = &[
    "airstrike",
    "summit",
    "ceasefire",
    "cease-fire",
    "truce",
    "armistice",
    "condolence",
    "sympathy",
    "aid",
    "loan",
    "asylum",
    "peacekeeper",
    "war",
    "violence",
    "fighting",
    "offensive",
    "gunfire",
    "gunman",
    "sniper",
    "bombing",
    "shelling",
    "explosive",
    "explosion",
    "blast",
    "genocide",
    "massacre",
    "landmine",
    "minefield",
    "curfew",
    "embargo",
    "sanction",
    "ultimatum",
    "threat",
    "plea",
    "demonstration",
    "sit-in",
    "walkout",
    "riot",
    "rioting",
    "looting",
    "dissent",
    "drone",
    "warplane",
    "jet",
    "aircraft",
    "plane",
    "helicopter",
    "bomber",
    "rocket",
    "missile",
    "mortar",
    "artillery",
    "tank",
    "gunboat",
    "human",
    "mass",
    "ethnic",
    "chemical",
    "nuclear",
    "suicide",
    "car",
    "roadside",
    "mine",
    "military",
    "economic",
    "financial",
    "humanitarian",
    "food",
    "debt",
    "peace",
    "prisoner",
    "hostage",
    "mediation",
    "negotiation",
    "hunger",
    "general",
    "state",
    "martial",
    "show",
    "high",
    "police",
    "joint",
    "defense",
    "defence",
    "judicial",
    "intelligence",
    "arms",
    "relief",
    "video",
    "phone",
    "telephone",
    "air",
    "sexual",
    "stone-throwing",
    "build-up",
    "buildup",
    "pullout",
    "pullback",
    "crackdown",
    "formal",
    "war",
    "protest",
    "assassination",
    "execution",
    "kidnapping",
    "hijacking",
    "abduction",
    "beating",
    "stabbing",
    "detention",
    "deportation",
    "occupation",
    "annexation",
    "invasion",
    "incursion",
    "bombardment",
    "retaliation",
    "investigation",
    "inquiry",
    "criticism",
    "condemnation",
    "denunciation",
    "accusation",
    "allegation",
    "indictment",
    "complaint",
    "lawsuit",
    "rejection",
    "refusal",
    "defiance",
    "expulsion",
    "suspension",
    "mobilization",
    "mobilisation",
    "deployment",
    "seizure",
    "confiscation",
    "restriction",
    "censorship",
    "withdrawal",
    "disarmament",
    "demobilization",
    "demobilisation",
    "de-escalation",
    "cooperation",
    "assistance",
    "donation",
    "recognition",
    "apology",
    "backing",
    "discussion",
    "conversation",
    "consultation",
    "meeting",
    "trip",
    "videoconference",
    "agreement",
    "readiness",
    "willingness",
    "commitment",
    "decision",
    "preparedness",
    "warning",
    "denial",
    "possibility",
    "possible",
    "potential",
    "rumor",
    "rumour",
    "whether",
    "according",
    "concession",
    "resignation",
    "opposition",
];

/// Whether an anchor is a noun only.
fn is_noun(word: &str) -> bool {
    NOUNS.contains(&word)
        || ["tion", "sion", "ment", "ness", "ity", "ence", "ance"]
            .iter()
            .any(|suffix| word.ends_with(suffix))
}

/// The text of a line without its comment.
fn content_of(line: &str) -> &str {
    match line.find('#') {
        Some(at) => &line[..at],
        None => line,
    }
    .trim()
}

fn parse_content(name: &str, text: &str, tables: &Tables, out: &mut Vec<Pattern>) -> Result<()> {
    let mut section: Option<String> = None;
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = content_of(line);
        if line.is_empty() {
            continue;
        }
        if let Some(kind) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = Some(kind.trim().to_string());
            continue;
        }
        let mut cells = line.split_whitespace();
        let (Some(code), Some(mode)) = (cells.next(), cells.next()) else {
            return Err(bad(name, line_no, "expected CODE MODE ELEMENTS"));
        };
        if !is_code(code) {
            return Err(bad(name, line_no, format!("{code:?} is not a CAMEO code")));
        }
        let Some(info) = tables.info(code) else {
            return Err(bad(name, line_no, format!("unknown CAMEO code {code}")));
        };
        let Some(kind) = info.plover.as_deref() else {
            return Err(bad(
                name,
                line_no,
                format!("CAMEO code {code} has no PLOVER type"),
            ));
        };
        match section.as_deref() {
            Some(section) if section == kind => {}
            Some(section) => {
                return Err(bad(
                    name,
                    line_no,
                    format!("code {code} is {kind}, not {section}"),
                ))
            }
            None => return Err(bad(name, line_no, "pattern before any [TYPE] section")),
        }
        let mode = match mode {
            "-" => None,
            mode if tables.mode_allowed(kind, mode) => Some(mode.to_string()),
            mode => return Err(bad(name, line_no, format!("{kind} has no mode {mode:?}"))),
        };
        let (elements, verb_only, subject) = parse_elements(name, line_no, cells)?;
        out.push(Pattern {
            code: Some(code.to_string()),
            mode,
            role: Role::Content,
            elements,
            verb_only,
            dictionary: false,
            subject,
        });
    }
    Ok(())
}

fn parse_governors(text: &str, tables: &Tables, out: &mut Vec<Pattern>) -> Result<()> {
    const NAME: &str = "governors.txt";
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = content_of(line);
        if line.is_empty() {
            continue;
        }
        let mut cells = line.split_whitespace();
        let (Some(role), Some(code)) = (cells.next(), cells.next()) else {
            return Err(bad(NAME, line_no, "expected ROLE FALLBACK ELEMENTS"));
        };
        let role = match role {
            "intent" => Role::Derive(Derivation::Intent),
            "threat" => Role::Derive(Derivation::Threat),
            "request" => Role::Derive(Derivation::Request),
            "reject" => Role::Derive(Derivation::Reject),
            "deny" => Role::Deny,
            "hypothetical" => Role::Hypothetical,
            "speech" => Role::Speech,
            other => return Err(bad(NAME, line_no, format!("unknown role {other:?}"))),
        };
        let code = match code {
            "-" => None,
            code if tables.info(code).and_then(|i| i.plover.as_ref()).is_some() => {
                Some(code.to_string())
            }
            code => {
                return Err(bad(
                    NAME,
                    line_no,
                    format!("fallback {code:?} is not a CAMEO code with a PLOVER type"),
                ))
            }
        };
        let (elements, verb_only, subject) = parse_elements(NAME, line_no, cells)?;
        out.push(Pattern {
            code,
            mode: None,
            role,
            elements,
            verb_only,
            dictionary: false,
            subject,
        });
    }
    Ok(())
}

fn parse_elements<'a>(
    name: &str,
    line: usize,
    cells: impl Iterator<Item = &'a str>,
) -> Result<(Vec<Element>, bool, Option<String>)> {
    let mut elements = Vec::new();
    let mut verb_only = false;
    let mut subject = None;
    for cell in cells {
        if let Some(class) = cell.strip_prefix('<') {
            if !super::sense::SUBJECT_CLASSES.contains(&class) {
                return Err(bad(name, line, format!("unknown subject class {cell:?}")));
            }
            subject = Some(class.to_string());
            continue;
        }
        let (adjacent, cell) = match cell.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, cell),
        };
        let cell = match cell.strip_suffix(":v") {
            Some(rest) if elements.is_empty() => {
                verb_only = true;
                rest
            }
            Some(_) => return Err(bad(name, line, ":v is only for the anchor")),
            None => cell,
        };
        let mut actor = false;
        let mut words: Vec<String> = Vec::new();
        for word in cell.split('|').filter(|w| !w.is_empty()) {
            if word == "@actor" {
                actor = true;
            } else if word.starts_with('@') {
                return Err(bad(name, line, format!("bad element {cell:?}")));
            } else {
                words.push(word.to_lowercase());
            }
        }
        if actor && elements.is_empty() {
            return Err(bad(name, line, "@actor cannot be the anchor"));
        }
        if words.is_empty() && !actor {
            return Err(bad(name, line, format!("bad element {cell:?}")));
        }
        elements.push(Element {
            words,
            adjacent,
            actor,
        });
    }
    if elements.is_empty() {
        return Err(bad(name, line, "no elements"));
    }
    Ok((elements, verb_only, subject))
}

#[cfg(test)]
mod tests {
    use super::super::code::TableTexts;
    use super::*;

    fn tables() -> Tables {
        Tables::parse(&TableTexts::bundled()).unwrap()
    }

    #[test]
    fn bundled_patterns_cover_every_plover_type() {
        let tables = tables();
        let patterns = Patterns::parse(&PatternTexts::bundled(), &tables).unwrap();
        let mut kinds: Vec<&str> = patterns
            .patterns
            .iter()
            .filter(|p| p.role == Role::Content)
            .filter_map(|p| tables.info(p.code.as_deref()?)?.plover.as_deref())
            .collect();
        kinds.sort_unstable();
        kinds.dedup();
        assert_eq!(kinds, super::super::PLOVER_TYPES);
        assert_eq!(
            kinds,
            [
                "ACCUSE",
                "AGREE",
                "AID",
                "ASSAULT",
                "COERCE",
                "CONCEDE",
                "CONSULT",
                "COOPERATE",
                "MOBILIZE",
                "PROTEST",
                "REJECT",
                "REQUEST",
                "RETREAT",
                "SANCTION",
                "SUPPORT",
                "THREATEN"
            ]
        );
        assert!(!patterns.anchored("condemn").is_empty());
        assert!(!patterns.anchored("urge").is_empty());
    }

    #[test]
    fn a_line_parses_into_anchor_and_elements() {
        let tables = tables();
        let texts = PatternTexts {
            content: [
                (
                    "a.txt",
                    "[CONSULT]\n041 phone speak +on +the +phone|telephone # call\n",
                ),
                ("b.txt", "[AID]\n072 - send:v weapon|arm @actor\n"),
            ],
            governors: "request 100 call +on\n",
            dictionary: "",
        };
        let patterns = Patterns::parse(&texts, &tables).unwrap();
        let phone = &patterns.patterns[0];
        assert_eq!(phone.code.as_deref(), Some("041"));
        assert_eq!(phone.mode.as_deref(), Some("phone"));
        assert_eq!(phone.elements.len(), 4);
        assert!(phone.elements[1].adjacent);
        assert_eq!(phone.elements[3].words, ["phone", "telephone"]);
        let send = &patterns.patterns[1];
        assert!(send.verb_only);
        assert!(send.elements[2].actor);
        assert_eq!(patterns.patterns[2].role, Role::Derive(Derivation::Request));
    }

    #[test]
    fn wrong_lines_are_refused_with_their_place() {
        let tables = tables();
        let cases = [
            (
                "[CONSULT]\n195 - airstrike\n",
                "bad table x.txt: line 2: code 195 is ASSAULT, not CONSULT",
            ),
            (
                "[CONSULT]\n041 sideways call\n",
                "bad table x.txt: line 2: CONSULT has no mode \"sideways\"",
            ),
            (
                "041 phone call\n",
                "bad table x.txt: line 1: pattern before any [TYPE] section",
            ),
            (
                "[CONSULT]\n041 phone @actor\n",
                "bad table x.txt: line 2: @actor cannot be the anchor",
            ),
            (
                "[CONSULT]\n999 - call\n",
                "bad table x.txt: line 2: unknown CAMEO code 999",
            ),
        ];
        for (text, want) in cases {
            let texts = PatternTexts {
                content: [("x.txt", text), ("y.txt", "")],
                governors: "",
                dictionary: "",
            };
            let error = Patterns::parse(&texts, &tables).unwrap_err().to_string();
            assert_eq!(error, want);
        }
    }
}
