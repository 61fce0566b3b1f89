//! A small lemmatiser for English verbs and nouns: an irregular-verb table
//! written for tidings, then suffix stripping (`-ies`, `-ied`, `-ing`, `-ed`,
//! `-es`, `-s`) checked against the words the coder knows, so that
//! "condemning", "held", "airstrikes" and "talks" meet the patterns'
//! `condemn`, `hold`, `airstrike` and `talk`.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: the lemmatiser hashes a few short words per token, where the
/// standard hasher's setup dominates.
#[derive(Debug, Clone, Copy)]
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

type Fast = BuildHasherDefault<Fnv>;

/// The grammatical form of a word, as far as its ending tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// The bare word ("attack", "talk").
    Base,
    /// Third person or plural `-s` ("attacks", "talks").
    S,
    /// Past tense or past participle ("attacked", "held", "spoken").
    Past,
    /// `-ing` ("attacking").
    Ing,
}

/// Irregular verb forms (past tense and past participle) and their lemma.
const IRREGULAR: &[(&str, &str)] = &[
    ("arose", "arise"),
    ("arisen", "arise"),
    ("awoke", "awake"),
    ("was", "be"),
    ("were", "be"),
    ("been", "be"),
    ("bore", "bear"),
    ("borne", "bear"),
    ("beat", "beat"),
    ("beaten", "beat"),
    ("became", "become"),
    ("began", "begin"),
    ("begun", "begin"),
    ("bent", "bend"),
    ("bet", "bet"),
    ("bade", "bid"),
    ("bound", "bind"),
    ("bit", "bite"),
    ("bitten", "bite"),
    ("bled", "bleed"),
    ("blew", "blow"),
    ("blown", "blow"),
    ("broke", "break"),
    ("broken", "break"),
    ("bred", "breed"),
    ("brought", "bring"),
    ("broadcast", "broadcast"),
    ("built", "build"),
    ("burnt", "burn"),
    ("burst", "burst"),
    ("bought", "buy"),
    ("cast", "cast"),
    ("caught", "catch"),
    ("chose", "choose"),
    ("chosen", "choose"),
    ("came", "come"),
    ("cost", "cost"),
    ("crept", "creep"),
    ("cut", "cut"),
    ("dealt", "deal"),
    ("dug", "dig"),
    ("did", "do"),
    ("done", "do"),
    ("drew", "draw"),
    ("drawn", "draw"),
    ("drank", "drink"),
    ("drunk", "drink"),
    ("drove", "drive"),
    ("driven", "drive"),
    ("ate", "eat"),
    ("eaten", "eat"),
    ("fell", "fall"),
    ("fallen", "fall"),
    ("fed", "feed"),
    ("felt", "feel"),
    ("fought", "fight"),
    ("found", "find"),
    ("fled", "flee"),
    ("flung", "fling"),
    ("flew", "fly"),
    ("flown", "fly"),
    ("forbade", "forbid"),
    ("forbidden", "forbid"),
    ("forecast", "forecast"),
    ("foresaw", "foresee"),
    ("foreseen", "foresee"),
    ("forgot", "forget"),
    ("forgotten", "forget"),
    ("forgave", "forgive"),
    ("forgiven", "forgive"),
    ("froze", "freeze"),
    ("frozen", "freeze"),
    ("got", "get"),
    ("gotten", "get"),
    ("gave", "give"),
    ("given", "give"),
    ("went", "go"),
    ("gone", "go"),
    ("grew", "grow"),
    ("grown", "grow"),
    ("hung", "hang"),
    ("had", "have"),
    ("has", "have"),
    ("heard", "hear"),
    ("hid", "hide"),
    ("hidden", "hide"),
    ("hit", "hit"),
    ("held", "hold"),
    ("hurt", "hurt"),
    ("kept", "keep"),
    ("knelt", "kneel"),
    ("knew", "know"),
    ("known", "know"),
    ("laid", "lay"),
    ("led", "lead"),
    ("leapt", "leap"),
    ("learnt", "learn"),
    ("left", "leave"),
    ("lent", "lend"),
    ("let", "let"),
    ("lain", "lie"),
    ("lit", "light"),
    ("lost", "lose"),
    ("made", "make"),
    ("meant", "mean"),
    ("met", "meet"),
    ("misled", "mislead"),
    ("overcame", "overcome"),
    ("overcome", "overcome"),
    ("overran", "overrun"),
    ("overrun", "overrun"),
    ("overthrew", "overthrow"),
    ("overthrown", "overthrow"),
    ("oversaw", "oversee"),
    ("overseen", "oversee"),
    ("paid", "pay"),
    ("put", "put"),
    ("quit", "quit"),
    ("read", "read"),
    ("rode", "ride"),
    ("ridden", "ride"),
    ("rang", "ring"),
    ("rung", "ring"),
    ("rose", "rise"),
    ("risen", "rise"),
    ("ran", "run"),
    ("said", "say"),
    ("saw", "see"),
    ("seen", "see"),
    ("sought", "seek"),
    ("sold", "sell"),
    ("sent", "send"),
    ("set", "set"),
    ("shook", "shake"),
    ("shaken", "shake"),
    ("shed", "shed"),
    ("shot", "shoot"),
    ("showed", "show"),
    ("shown", "show"),
    ("shut", "shut"),
    ("sang", "sing"),
    ("sung", "sing"),
    ("sank", "sink"),
    ("sunk", "sink"),
    ("sat", "sit"),
    ("slew", "slay"),
    ("slain", "slay"),
    ("slept", "sleep"),
    ("slid", "slide"),
    ("spoke", "speak"),
    ("spoken", "speak"),
    ("sped", "speed"),
    ("spent", "spend"),
    ("spun", "spin"),
    ("split", "split"),
    ("spread", "spread"),
    ("sprang", "spring"),
    ("sprung", "spring"),
    ("stood", "stand"),
    ("stole", "steal"),
    ("stolen", "steal"),
    ("stuck", "stick"),
    ("stung", "sting"),
    ("struck", "strike"),
    ("stricken", "strike"),
    ("strove", "strive"),
    ("striven", "strive"),
    ("swore", "swear"),
    ("sworn", "swear"),
    ("swept", "sweep"),
    ("swam", "swim"),
    ("swum", "swim"),
    ("swung", "swing"),
    ("took", "take"),
    ("taken", "take"),
    ("taught", "teach"),
    ("tore", "tear"),
    ("torn", "tear"),
    ("told", "tell"),
    ("thought", "think"),
    ("threw", "throw"),
    ("thrown", "throw"),
    ("thrust", "thrust"),
    ("understood", "understand"),
    ("undertook", "undertake"),
    ("undertaken", "undertake"),
    ("upheld", "uphold"),
    ("upset", "upset"),
    ("woke", "wake"),
    ("woken", "wake"),
    ("wore", "wear"),
    ("worn", "wear"),
    ("wove", "weave"),
    ("woven", "weave"),
    ("wept", "weep"),
    ("won", "win"),
    ("withdrew", "withdraw"),
    ("withdrawn", "withdraw"),
    ("withheld", "withhold"),
    ("withstood", "withstand"),
    ("wrote", "write"),
    ("written", "write"),
    ("retook", "retake"),
    ("retaken", "retake"),
    ("overtook", "overtake"),
    ("overtaken", "overtake"),
    ("mistook", "mistake"),
    ("mistaken", "mistake"),
    ("partook", "partake"),
    ("shot", "shoot"),
    ("rebuilt", "rebuild"),
    ("reread", "reread"),
    ("resent", "resend"),
    ("beset", "beset"),
    ("outlaid", "outlay"),
    ("shone", "shine"),
    ("blest", "bless"),
];

/// Verbs that mark a clause (besides every verb in the pattern files):
/// speech, perception, motion and common light verbs, written for tidings.
const COMMON_VERBS: &[&str] = &[
    "say",
    "tell",
    "announce",
    "state",
    "add",
    "report",
    "note",
    "claim",
    "declare",
    "stress",
    "emphasize",
    "emphasise",
    "confirm",
    "reiterate",
    "insist",
    "explain",
    "write",
    "quote",
    "be",
    "have",
    "do",
    "go",
    "come",
    "get",
    "make",
    "take",
    "give",
    "see",
    "know",
    "think",
    "become",
    "begin",
    "start",
    "continue",
    "keep",
    "seem",
    "show",
    "try",
    "leave",
    "put",
    "bring",
    "hold",
    "turn",
    "move",
    "live",
    "remain",
    "stay",
    "lead",
    "run",
    "set",
    "follow",
    "want",
    "need",
    "expect",
    "hope",
    "believe",
    "feel",
    "find",
    "use",
    "include",
    "involve",
    "provide",
    "receive",
    "send",
    "help",
    "allow",
    "let",
    "ask",
    "offer",
    "plan",
    "seek",
    "outline",
    "express",
    "reaffirm",
    "describe",
    "discuss",
    "urge",
    "call",
    "launch",
    "stage",
    "conduct",
    "carry",
    "mount",
    "open",
    "close",
    "end",
    "stop",
    "halt",
    "resume",
    "step",
    "soften",
    "sweep",
    "swell",
    "rise",
    "fall",
    "die",
    "happen",
    "occur",
    "cause",
    "prevent",
    "ensure",
    "promote",
    "estimate",
    "count",
    "suffer",
    "face",
    "raise",
    "reach",
    "accept",
    "brief",
    "respond",
    "react",
    "reply",
    "return",
    "pass",
    "vote",
    "win",
    "lose",
    "pay",
    "build",
    "create",
    "work",
    "appear",
    "speak",
    "talk",
    "meet",
    "warn",
    "threaten",
    "vow",
    "pledge",
    "promise",
    "agree",
    "refuse",
    "decline",
    "reject",
    "deny",
    "fail",
    "manage",
    "attempt",
    "aim",
    "intend",
    "decide",
    "prepare",
    "undertake",
    "order",
    "force",
    "press",
    "push",
    "pull",
    "kill",
    "wound",
    "injure",
    "arrest",
    "detain",
    "attack",
    "strike",
    "hit",
    "target",
    "support",
    "back",
    "condemn",
    "accuse",
    "criticize",
    "criticise",
    "blame",
    "protest",
    "demand",
    "appeal",
    "request",
    "invite",
    "host",
    "visit",
    "fly",
    "travel",
];

/// Lemmas and the form of words.
#[derive(Debug, Clone)]
pub(crate) struct Lemmatiser {
    irregular: HashMap<&'static str, &'static str, Fast>,
    known: HashSet<String, Fast>,
    verbs: HashSet<String, Fast>,
}

impl Lemmatiser {
    /// A lemmatiser that knows `words` (the patterns' words) and `verbs`
    /// besides its own tables.
    pub fn new<'a>(
        words: impl IntoIterator<Item = &'a str>,
        verbs: impl IntoIterator<Item = &'a str>,
    ) -> Lemmatiser {
        let irregular: HashMap<&'static str, &'static str, Fast> =
            IRREGULAR.iter().copied().collect();
        let mut known: HashSet<String, Fast> = words.into_iter().map(str::to_string).collect();
        let mut all_verbs: HashSet<String, Fast> = verbs.into_iter().map(str::to_string).collect();
        for verb in COMMON_VERBS.iter().chain(irregular.values()) {
            all_verbs.insert(verb.to_string());
        }
        known.extend(all_verbs.iter().cloned());
        Lemmatiser {
            irregular,
            known,
            verbs: all_verbs,
        }
    }

    /// Adds irregular forms (`form<TAB>lemma` lines, `#` comments) that the
    /// table lacks; the table's own entries stay.
    pub fn with_forms(mut self, text: &'static str) -> Lemmatiser {
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            if let Some((form, lemma)) = line.split_once('\t') {
                self.irregular.entry(form).or_insert(lemma);
                self.known.insert(lemma.to_string());
            }
        }
        self
    }

    /// Whether `lemma` is a verb the coder knows.
    pub fn is_verb(&self, lemma: &str) -> bool {
        self.verbs.contains(lemma)
    }

    /// The lemma of a lowercase word and its form. Words the lemmatiser does
    /// not know keep their spelling as lemma; their form still follows the
    /// ending.
    pub fn lemma(&self, lower: &str) -> (String, Form) {
        // "White House aides": people, not help.
        if lower == "aides" {
            return ("aide".to_string(), Form::S);
        }
        if let Some(lemma) = self.irregular.get(lower) {
            return (lemma.to_string(), Form::Past);
        }
        let form = guess_form(lower);
        if form == Form::Base {
            // "used", "owed": a short past whose lemma ends in e, when the
            // lemma is known ("need", "shed" stay as they are).
            if lower.len() == 4 {
                if let Some(stem) = lower.strip_suffix('d') {
                    if stem.ends_with('e') && self.known.contains(stem) {
                        return (stem.to_string(), Form::Past);
                    }
                }
            }
            return (lower.to_string(), Form::Base);
        }
        // The candidate stems in order, built in one buffer: `-ies` → `-y`,
        // `-ed`/`-ing` → the stem, the stem with `e`, the stem undoubled.
        let mut buffer = String::with_capacity(lower.len() + 1);
        let mut with = |stem: &str, end: char| -> Option<String> {
            buffer.clear();
            buffer.push_str(stem);
            buffer.push(end);
            self.known.contains(buffer.as_str()).then(|| buffer.clone())
        };
        let known = |candidate: &str| -> Option<String> {
            self.known
                .contains(candidate)
                .then(|| candidate.to_string())
        };
        let found = match form {
            Form::Base => None,
            Form::S => match lower.strip_suffix("ies") {
                Some(stem) => with(stem, 'y').or_else(|| known(&lower[..lower.len() - 1])),
                None => lower
                    .strip_suffix("es")
                    .and_then(known)
                    .or_else(|| lower.strip_suffix('s').and_then(known)),
            },
            Form::Past => match lower.strip_suffix("ied") {
                Some(stem) => with(stem, 'y'),
                None => lower.strip_suffix("ed").and_then(|stem| {
                    known(stem)
                        .or_else(|| with(stem, 'e'))
                        .or_else(|| undouble(stem).and_then(known))
                }),
            },
            Form::Ing => lower.strip_suffix("ing").and_then(|stem| {
                known(stem)
                    .or_else(|| with(stem, 'e'))
                    .or_else(|| undouble(stem).and_then(known))
            }),
        };
        if let Some(lemma) = found {
            return (lemma, form);
        }
        if self.known.contains(lower) {
            return (lower.to_string(), Form::Base);
        }
        (lower.to_string(), form)
    }
}

/// The form a word's ending suggests.
fn guess_form(lower: &str) -> Form {
    let long = lower.len() > 4;
    if long && lower.ends_with("ing") {
        Form::Ing
    } else if long && lower.ends_with("ed") {
        Form::Past
    } else if lower.len() > 3
        && lower.ends_with('s')
        && !lower.ends_with("ss")
        && !lower.ends_with("us")
    {
        Form::S
    } else {
        Form::Base
    }
}

/// "stopp" → "stop": the stem without a doubled final consonant.
fn undouble(stem: &str) -> Option<&str> {
    let bytes = stem.as_bytes();
    let n = bytes.len();
    (n >= 3 && bytes[n - 1] == bytes[n - 2] && bytes[n - 1].is_ascii_alphabetic())
        .then(|| &stem[..n - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lemmatiser() -> Lemmatiser {
        Lemmatiser::new(
            [
                "condemn",
                "airstrike",
                "talk",
                "mediate",
                "stop",
                "cease-fire",
                "ally",
                "tie",
                "use",
            ],
            ["condemn", "mediate", "stop"],
        )
    }

    #[test]
    fn regular_and_irregular_forms_meet_their_lemma() {
        let lemmatiser = lemmatiser();
        let cases = [
            ("condemning", "condemn", Form::Ing),
            ("condemned", "condemn", Form::Past),
            ("condemns", "condemn", Form::S),
            ("airstrikes", "airstrike", Form::S),
            ("talks", "talk", Form::S),
            ("mediating", "mediate", Form::Ing),
            ("mediated", "mediate", Form::Past),
            ("stopped", "stop", Form::Past),
            ("stopping", "stop", Form::Ing),
            ("allies", "ally", Form::S),
            ("ties", "tie", Form::S),
            ("held", "hold", Form::Past),
            ("struck", "strike", Form::Past),
            ("spoken", "speak", Form::Past),
            ("said", "say", Form::Past),
            ("hit", "hit", Form::Past),
            // A short past: "used" is "use"; "need" is no past of "ne".
            ("used", "use", Form::Past),
            ("need", "need", Form::Base),
        ];
        for (word, lemma, form) in cases {
            assert_eq!(lemmatiser.lemma(word), (lemma.to_string(), form), "{word}");
        }
    }

    #[test]
    fn unknown_words_keep_their_spelling_but_not_their_form() {
        let lemmatiser = lemmatiser();
        assert_eq!(
            lemmatiser.lemma("velmorans"),
            ("velmorans".to_string(), Form::S)
        );
        assert_eq!(
            lemmatiser.lemma("harboured"),
            ("harboured".to_string(), Form::Past)
        );
        assert_eq!(lemmatiser.lemma("the"), ("the".to_string(), Form::Base));
        assert!(lemmatiser.is_verb("say"));
        assert!(!lemmatiser.is_verb("airstrike"));
    }
}
