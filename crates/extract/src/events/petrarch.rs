//! The PETRARCH2 converter: reads the PETRARCH2 verb dictionary
//! (`CAMEO.2.0.txt`) and the Phoenix actor dictionaries as data and writes
//! our own tables (`data/petrarch/`): verb patterns in the format of
//! `patterns/README.md`, irregular verb forms for the lemmatiser, actors with
//! their date-bounded codes, and role nouns with their sector.
//!
//! Our chunker stands in for PETRARCH2's parse trees: the verb (`*`) is the
//! anchor (a verb only); a prepositional phrase `(FOR TALKS)` is its
//! preposition, then its words within a few words; a noun phrase
//! `{ARMS SHIPMENT}` is its words next to one another; a word set `&FOOD`
//! is any of its words; `+` after the verb is an actor; `^` (the rest of a
//! noun phrase) is skipped over. What cannot be said that way (words before
//! the verb, a source after it, compound actors, codes only for the passive
//! voice, codes without a PLOVER type) is counted by reason and left out.
//! Our own patterns win: a converted pattern with the words of one of ours
//! is left out, and at match time ours are tried first.
//!
//! The output depends only on the input texts: rerunning gives the same
//! bytes.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::code::{TableTexts, Tables};
use super::lemma::Lemmatiser;
use super::patterns::{PatternTexts, Patterns, Role};
use crate::error::Result;

/// The texts of the PETRARCH2 dictionaries.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    /// `CAMEO.2.0.txt`.
    pub verbs: &'a str,
    /// `Phoenix.Countries.actors.txt`.
    pub countries: &'a str,
    /// `Phoenix.International.actors.txt`.
    pub international: &'a str,
    /// `Phoenix.MilNonState.actors.txt`.
    pub nonstate: &'a str,
    /// `Phoenix.agents.txt`.
    pub agents: &'a str,
}

/// The file names the dictionaries are read from, in the order of
/// [`Sources`].
pub const SOURCE_FILES: [&str; 5] = [
    "CAMEO.2.0.txt",
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
    "Phoenix.agents.txt",
];

/// What the converter made: files to write and counts to report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversion {
    /// (file name, text) of each output table.
    pub files: Vec<(String, String)>,
    /// (what, how many), in a fixed order.
    pub counts: Vec<(String, usize)>,
}

/// Whether a verb alone ("ASK [020]") becomes a pattern. It does not: on
/// the CASE 2021 development snippets (half a) such patterns coded 38
/// events right against 177 wrong, most on disasters and accidents
/// ("forced", "left", "took", "rescued", "exploded").
const BARE_VERBS: bool = false;

/// Words the dictionary lists as forms of another verb that are verbs of
/// their own ("lie" under LAY, "pent" under PIN).
const NOT_FORMS: &[&str] = &["lie", "pent", "clove", "cleft"];

/// The header of every file the converter writes.
const HEADER: &str = "# Derived from the PETRARCH2 dictionaries (Open Event Data Alliance, MIT;\n\
# see ../../NOTICE) by `tidings dict convert`. Do not edit: rerun the converter.\n";

/// Converts the dictionaries into our tables.
pub fn convert(sources: &Sources<'_>) -> Result<Conversion> {
    let tables = Tables::parse(&TableTexts::bundled())?;
    let ours = PatternTexts {
        dictionary: "",
        ..PatternTexts::bundled()
    };
    let ours = Patterns::parse(&ours, &tables)?;
    let mut counts = Counts::default();
    let dictionary = parse_verbs(sources.verbs, &mut counts);
    let (patterns, forms) = write_verbs(&dictionary, &ours, &tables, &mut counts);
    let actors = write_actors(sources, &mut counts);
    let agents = write_agents(sources.agents, &mut counts);
    Ok(Conversion {
        files: vec![
            ("verbs.txt".to_string(), patterns),
            ("forms.tsv".to_string(), forms),
            ("actors.tsv".to_string(), actors),
            ("agents.tsv".to_string(), agents),
        ],
        counts: counts.0.into_iter().collect(),
    })
}

/// Counts kept in a fixed order (by name).
#[derive(Debug, Default)]
struct Counts(BTreeMap<String, usize>);

impl Counts {
    fn add(&mut self, what: &str, n: usize) {
        *self.0.entry(what.to_string()).or_default() += n;
    }
}

/// One piece of a pattern line.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Word(String),
    Set(String),
    Open(char),
    Close,
    Actor,
    Source,
    Skip,
    Compound,
    Verb,
}

/// A verb of a block: its words (`ask for` is two) and its forms.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Verb {
    words: Vec<String>,
    forms: Vec<String>,
    code: Option<String>,
}

/// A pattern line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RawPattern {
    line: usize,
    tokens: Vec<Token>,
    code: Option<String>,
    passive: Option<String>,
    verb: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Block {
    name: String,
    code: Option<String>,
    verbs: Vec<Verb>,
    patterns: Vec<RawPattern>,
}

#[derive(Debug, Default)]
struct Dictionary {
    sets: HashMap<String, Vec<Vec<String>>>,
    blocks: Vec<Block>,
}

/// `PRIME_MINISTER_` → `["prime", "minister"]`.
fn words_of(entry: &str) -> Vec<String> {
    entry
        .split('_')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The text before a `#` comment, and the comment.
fn split_comment(line: &str) -> (&str, &str) {
    match line.find('#') {
        Some(at) => (&line[..at], line[at + 1..].trim()),
        None => (line, ""),
    }
}

/// A code cell `[042:043]` → (active, passive); `---` is none.
fn parse_code(cell: &str) -> (Option<String>, Option<String>) {
    let cell = cell.trim().trim_end_matches('!');
    let (active, passive) = match cell.split_once(':') {
        Some((a, p)) => (a.trim(), Some(p.trim())),
        None => (cell, None),
    };
    let code = |c: &str| {
        let c = c.trim_end_matches('!');
        (!c.is_empty() && c.bytes().all(|b| b.is_ascii_digit())).then(|| c.to_string())
    };
    (code(active), passive.and_then(code))
}

fn parse_verbs(text: &str, counts: &mut Counts) -> Dictionary {
    let mut dictionary = Dictionary::default();
    let mut set: Option<String> = None;
    let mut block: Option<Block> = None;
    let mut in_verbs = false;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        if raw.starts_with("######## TRANSFORMATIONS") {
            break;
        }
        let (line, comment) = split_comment(raw);
        let line = line.trim();
        if line.starts_with("####") || line.is_empty() {
            if line.is_empty() {
                set = None;
            }
            continue;
        }
        if let Some(name) = line.strip_prefix('&') {
            set = Some(name.to_string());
            dictionary.sets.entry(name.to_string()).or_default();
            continue;
        }
        if let Some(rest) = line.strip_prefix("---") {
            set = None;
            if let Some(done) = block.take() {
                dictionary.blocks.push(done);
            }
            let rest = rest.trim_end_matches('-').trim();
            let (name, code) = match rest.split_once('[') {
                Some((name, code)) => (name.trim(), parse_code(code.trim_end_matches(']')).0),
                None => (rest, None),
            };
            block = Some(Block {
                name: name.to_lowercase(),
                code,
                ..Block::default()
            });
            in_verbs = true;
            continue;
        }
        if let Some(name) = &set {
            if let Some(member) = line.strip_prefix('+') {
                let words = words_of(member.trim());
                if !words.is_empty() {
                    dictionary.sets.entry(name.clone()).or_default().push(words);
                }
            }
            continue;
        }
        let Some(current) = block.as_mut() else {
            continue;
        };
        if let Some(pattern) = line.strip_prefix('-') {
            in_verbs = false;
            counts.add("verb patterns read", 1);
            let (body, code) = match pattern.rfind('[') {
                Some(at) => (&pattern[..at], pattern[at + 1..].trim_end_matches(']')),
                None => (pattern, ""),
            };
            let (code, passive) = parse_code(code);
            let verb = comment
                .split_whitespace()
                .next()
                .map(str::to_lowercase)
                .filter(|w| w.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_'));
            current.patterns.push(RawPattern {
                line: line_no,
                tokens: tokenize(body),
                code,
                passive,
                verb,
            });
            continue;
        }
        if !in_verbs {
            continue;
        }
        // A verb line: `HURRY {HURRIES HURRIED}`, `+ASK_FOR {…} [020]`.
        let line = line.trim_start_matches('+');
        let (head, code) = match line.rfind('[') {
            Some(at) => (
                &line[..at],
                parse_code(line[at + 1..].trim_end_matches(']')).0,
            ),
            None => (line, None),
        };
        let (word, forms) = match head.split_once('{') {
            Some((word, forms)) => (word.trim(), forms.trim_end().trim_end_matches('}')),
            None => (head.trim(), ""),
        };
        let words = words_of(word);
        if words.is_empty() {
            continue;
        }
        counts.add("verbs read", 1);
        let forms = forms
            .split_whitespace()
            .map(|f| words_of(f.trim_start_matches('+')))
            .filter_map(|f| f.first().cloned())
            .collect();
        current.verbs.push(Verb { words, forms, code });
    }
    if let Some(done) = block.take() {
        dictionary.blocks.push(done);
    }
    dictionary
}

fn tokenize(body: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let spaced = body
        .replace('(', " ( ")
        .replace(')', " ) ")
        .replace('{', " { ")
        .replace('}', " } ");
    for cell in spaced.split_whitespace() {
        tokens.push(match cell {
            "(" => Token::Open('('),
            "{" => Token::Open('{'),
            ")" | "}" => Token::Close,
            "*" => Token::Verb,
            "+" => Token::Actor,
            "$" => Token::Source,
            "^" => Token::Skip,
            "%" => Token::Compound,
            cell => match cell.strip_prefix('&') {
                Some(set) => Token::Set(set.to_string()),
                None => Token::Word(cell.to_string()),
            },
        });
    }
    tokens
}

/// One element of a converted pattern: alternatives (each a word), or an
/// actor; `adjacent` as in our format.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Out {
    words: Vec<String>,
    adjacent: bool,
    actor: bool,
}

/// Why a pattern cannot be said in our format.
fn unsupported(tokens: &[Token]) -> Option<&'static str> {
    let verb = tokens.iter().position(|t| *t == Token::Verb);
    match verb {
        None => Some("skipped: no verb place (*)"),
        Some(0) => {
            if tokens.contains(&Token::Source) {
                Some("skipped: source after the verb ($)")
            } else if tokens.contains(&Token::Compound) {
                Some("skipped: compound actor (%)")
            } else {
                None
            }
        }
        Some(_) => Some("skipped: words before the verb (the subject's nouns)"),
    }
}

/// The elements after the verb, one list per expansion of multi-word set
/// members.
fn elements(
    tokens: &[Token],
    sets: &HashMap<String, Vec<Vec<String>>>,
    lemma: &dyn Fn(&str) -> String,
) -> std::result::Result<Vec<Vec<Out>>, &'static str> {
    // Each alternative of a step is a sequence of words.
    let mut outs: Vec<Vec<Out>> = vec![Vec::new()];
    let mut stack: Vec<char> = Vec::new();
    // Whether the next word starts a new phrase (not adjacent).
    let mut fresh = true;
    for token in tokens.iter().skip(1) {
        let inside_np = stack.last() == Some(&'{');
        let adjacent = inside_np && !fresh;
        match token {
            Token::Open(c) => {
                stack.push(*c);
                fresh = true;
                continue;
            }
            Token::Close => {
                if stack.pop().is_none() {
                    return Err("skipped: unbalanced brackets");
                }
                fresh = true;
                continue;
            }
            Token::Skip => {
                fresh = true;
                continue;
            }
            Token::Actor => {
                for out in &mut outs {
                    out.push(Out {
                        words: Vec::new(),
                        adjacent: false,
                        actor: true,
                    });
                }
            }
            Token::Word(word) => {
                let words = words_of(word);
                if words.is_empty()
                    || words
                        .iter()
                        .any(|w| !w.bytes().any(|b| b.is_ascii_alphabetic()))
                {
                    return Err("skipped: a word our tokens cannot match");
                }
                for out in &mut outs {
                    for (k, w) in words.iter().enumerate() {
                        out.push(Out {
                            words: vec![lemma(w)],
                            adjacent: if k == 0 { adjacent } else { true },
                            actor: false,
                        });
                    }
                }
            }
            Token::Set(name) => {
                let Some(members) = sets.get(name) else {
                    return Err("skipped: unknown word set");
                };
                let mut single: BTreeSet<String> = BTreeSet::new();
                let mut multi: Vec<&Vec<String>> = Vec::new();
                for member in members {
                    if member.len() == 1 {
                        single.insert(lemma(&member[0]));
                    } else {
                        multi.push(member);
                    }
                }
                let mut next: Vec<Vec<Out>> = Vec::new();
                for out in &outs {
                    if !single.is_empty() {
                        let mut with = out.clone();
                        with.push(Out {
                            words: single.iter().cloned().collect(),
                            adjacent,
                            actor: false,
                        });
                        next.push(with);
                    }
                    for member in &multi {
                        let mut with = out.clone();
                        for (k, w) in member.iter().enumerate() {
                            with.push(Out {
                                words: vec![lemma(w)],
                                adjacent: if k == 0 { adjacent } else { true },
                                actor: false,
                            });
                        }
                        next.push(with);
                    }
                }
                if next.is_empty() {
                    return Err("skipped: unknown word set");
                }
                outs = next;
            }
            Token::Verb => return Err("skipped: two verb places"),
            Token::Source | Token::Compound => return Err("skipped: source after the verb ($)"),
        }
        fresh = false;
    }
    if !stack.is_empty() {
        return Err("skipped: unbalanced brackets");
    }
    Ok(outs)
}

/// Words that say nothing of an event's kind on their own.
const FUNCTION_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "across",
    "after",
    "again",
    "against",
    "ahead",
    "along",
    "among",
    "an",
    "apart",
    "around",
    "as",
    "aside",
    "at",
    "away",
    "back",
    "before",
    "behind",
    "below",
    "between",
    "beyond",
    "by",
    "down",
    "during",
    "for",
    "forward",
    "from",
    "herself",
    "himself",
    "in",
    "into",
    "it",
    "itself",
    "near",
    "of",
    "off",
    "on",
    "onto",
    "out",
    "over",
    "past",
    "since",
    "the",
    "themselves",
    "through",
    "throughout",
    "to",
    "together",
    "toward",
    "towards",
    "under",
    "until",
    "up",
    "upon",
    "with",
    "within",
    "without",
];

/// Whether some element after the verb is a word with a meaning of its own.
fn has_content_word(elements: &[Out]) -> bool {
    elements.iter().any(|e| {
        !e.actor
            && e.words
                .iter()
                .any(|w| !FUNCTION_WORDS.contains(&w.as_str()))
    })
}

/// The text of elements in our format.
fn render(elements: &[Out]) -> String {
    let mut line = String::new();
    for element in elements {
        line.push(' ');
        if element.adjacent {
            line.push('+');
        }
        if element.actor {
            line.push_str("@actor");
        } else {
            line.push_str(&element.words.join("|"));
        }
    }
    line
}

fn write_verbs(
    dictionary: &Dictionary,
    ours: &Patterns,
    tables: &Tables,
    counts: &mut Counts,
) -> (String, String) {
    // Every word, to lemmatise plurals against one another.
    let mut vocabulary: BTreeSet<String> = ours.words(false).map(str::to_string).collect();
    let mut verb_words: Vec<String> = ours.verbs(false).map(str::to_string).collect();
    for members in dictionary.sets.values() {
        vocabulary.extend(members.iter().flatten().cloned());
    }
    for block in &dictionary.blocks {
        for verb in &block.verbs {
            verb_words.push(verb.words[0].clone());
        }
        for pattern in &block.patterns {
            for token in &pattern.tokens {
                if let Token::Word(w) = token {
                    vocabulary.extend(words_of(w));
                }
            }
        }
    }
    let lemmatiser = Lemmatiser::new(
        vocabulary.iter().map(String::as_str),
        verb_words.iter().map(String::as_str),
    );
    let base = Lemmatiser::new(
        ours.words(false),
        ours.verbs(false).chain(
            dictionary
                .blocks
                .iter()
                .flat_map(|b| b.verbs.iter().map(|v| v.words[0].as_str())),
        ),
    );
    // A plural meets its singular when the dictionary has both words
    // ("sanctions" → "sanction"); the coder's dictionary lemmatiser knows the
    // same words, so the text's forms meet the table's.
    let lemma = |w: &str| lemmatiser.lemma(w).0;
    // Our patterns by their words, anchor first.
    let mut our_keys: HashSet<String> = HashSet::new();
    for pattern in &ours.patterns {
        if pattern.role != Role::Content {
            continue;
        }
        let Some(anchor) = pattern.elements.first() else {
            continue;
        };
        let rest: Vec<Out> = pattern.elements[1..]
            .iter()
            .map(|e| Out {
                words: e.words.clone(),
                adjacent: e.adjacent,
                actor: e.actor,
            })
            .collect();
        for word in &anchor.words {
            our_keys.insert(format!("{word}{}", render(&rest)));
        }
    }
    // (PLOVER type) → lines, in the dictionary's order.
    let mut sections: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut forms: BTreeMap<String, String> = BTreeMap::new();
    let mut emit = |code: &str,
                    anchor: &[String],
                    lead: &[String],
                    rest: &[Out],
                    note: &str|
     -> std::result::Result<(), &'static str> {
        let Some(kind) = tables.info(code).and_then(|i| i.plover.clone()) else {
            return Err("skipped: CAMEO code without a PLOVER type (statements 01)");
        };
        let mut elements: Vec<Out> = lead
            .iter()
            .map(|w| Out {
                words: vec![w.clone()],
                adjacent: true,
                actor: false,
            })
            .collect();
        elements.extend(rest.iter().cloned());
        let tail = render(&elements);
        let anchors: Vec<&String> = anchor
            .iter()
            .filter(|a| !our_keys.contains(&format!("{a}{tail}")))
            .collect();
        if anchors.is_empty() {
            return Err("skipped: the words of one of our patterns (ours win)");
        }
        let anchors: Vec<&str> = anchors.iter().map(|a| a.as_str()).collect();
        let line = format!("{code:<4}  -  {}:v{tail}", anchors.join("|"));
        if !seen.insert(line.clone()) {
            return Err("skipped: a duplicate of another converted pattern");
        }
        sections
            .entry(kind)
            .or_default()
            .push(format!("{line}  # {note}"));
        Ok(())
    };
    for block in &dictionary.blocks {
        for verb in &block.verbs {
            // Forms our lemmatiser does not already take to a word of its
            // own ("drug" is a noun, not a form of "drag").
            let lemma = &verb.words[0];
            if matches!(lemma.as_str(), "is" | "be" | "have") {
                continue;
            }
            for form in &verb.forms {
                let plain = form.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
                let (got, _) = base.lemma(form);
                if NOT_FORMS.contains(&form.as_str()) {
                    counts.add("left out: forms that are verbs of their own", 1);
                } else if plain && got == *form && got != *lemma && !vocabulary.contains(form) {
                    forms.entry(form.clone()).or_insert_with(|| lemma.clone());
                }
            }
        }
        // Bare verbs with a code of their own (or the block's): the verb
        // alone is the event.
        for verb in &block.verbs {
            let Some(code) = verb.code.as_ref().or(block.code.as_ref()) else {
                continue;
            };
            let anchor = [verb.words[0].clone()];
            let lead = &verb.words[1..];
            if !BARE_VERBS {
                counts.add(
                    "left out: a verb alone with its code (fires on too much)",
                    1,
                );
                continue;
            }
            match emit(code, &anchor, lead, &[], &format!("{} (verb)", block.name)) {
                Ok(()) => counts.add("converted: verbs with a code (the verb alone)", 1),
                Err(why) => counts.add(&format!("verbs with a code {why}"), 1),
            }
        }
        for pattern in &block.patterns {
            if let Some(why) = unsupported(&pattern.tokens) {
                counts.add(why, 1);
                continue;
            }
            let Some(code) = &pattern.code else {
                if pattern.passive.is_some() {
                    counts.add("skipped: a code for the passive voice only", 1);
                } else {
                    counts.add("skipped: no code (---)", 1);
                }
                continue;
            };
            let expansions = match elements(&pattern.tokens, &dictionary.sets, &lemma) {
                Ok(e) => e,
                Err(why) => {
                    counts.add(why, 1);
                    continue;
                }
            };
            if expansions.iter().all(Vec::is_empty) {
                counts.add("skipped: nothing after the verb (the bare verb)", 1);
                continue;
            }
            if !expansions.iter().any(|e| has_content_word(e)) {
                counts.add(
                    "left out: only prepositions, particles or an actor after the verb (as loose as the bare verb)",
                    1,
                );
                continue;
            }
            // The pattern belongs to the verb its comment names, when that
            // is one of the block's; else to every verb of the block.
            let named: Vec<&Verb> = block
                .verbs
                .iter()
                .filter(|v| pattern.verb.as_deref() == Some(v.words.join("_").as_str()))
                .collect();
            let verbs: Vec<&Verb> = if named.is_empty() {
                block.verbs.iter().collect()
            } else {
                named
            };
            let mut any = false;
            let mut why = "";
            // Single-word verbs share one line; each multi-word verb has its own.
            let singles: Vec<String> = verbs
                .iter()
                .filter(|v| v.words.len() == 1)
                .map(|v| v.words[0].clone())
                .collect();
            let note = format!("{} {}", block.name, pattern.line);
            for rest in &expansions {
                if !singles.is_empty() {
                    match emit(code, &singles, &[], rest, &note) {
                        Ok(()) => any = true,
                        Err(e) => why = e,
                    }
                }
                for verb in verbs.iter().filter(|v| v.words.len() > 1) {
                    match emit(code, &verb.words[..1], &verb.words[1..], rest, &note) {
                        Ok(()) => any = true,
                        Err(e) => why = e,
                    }
                }
            }
            if any {
                counts.add("converted: patterns", 1);
                if pattern.passive.as_ref().is_some_and(|p| p != code) {
                    counts.add("converted: patterns whose passive code is left out", 1);
                }
            } else {
                counts.add(why, 1);
            }
        }
    }
    let mut text = String::from(HEADER);
    text.push_str("# Verb patterns from CAMEO.2.0.txt in the format of patterns/README.md;\n");
    text.push_str("# the comment names the verb block and its line in CAMEO.2.0.txt.\n");
    let mut lines = 0;
    for (kind, rows) in &sections {
        text.push_str(&format!("\n[{kind}]\n"));
        for row in rows {
            text.push_str(row);
            text.push('\n');
        }
        lines += rows.len();
    }
    counts.add("written: pattern lines", lines);
    let mut forms_text = String::from(HEADER);
    forms_text.push_str("# Irregular verb forms the lemmatiser lacks: form, lemma.\n");
    for (form, lemma) in &forms {
        forms_text.push_str(&format!("{form}\t{lemma}\n"));
    }
    counts.add("written: irregular verb forms", forms.len());
    (text, forms_text)
}

/// A dated code `RUSGOV 990809-000507`: (code, from, until) with dates as
/// `YYYYMMDD` numbers, 0 for open.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Dated {
    code: String,
    from: u32,
    until: u32,
}

/// `990809` → 19990809, `080508` → 20080508, `20070101` as is.
fn parse_date(text: &str) -> Option<u32> {
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u32 = text.parse().ok()?;
    let full = match text.len() {
        6 => {
            let year = n / 10000;
            n + if year < 30 { 20_000_000 } else { 19_000_000 }
        }
        8 => n,
        _ => return None,
    };
    let (month, day) = ((full / 100) % 100, full % 100);
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(full)
}

/// The inside of `[RUSGOV >080508]`.
fn parse_dated(cell: &str) -> Option<Dated> {
    let mut parts = cell.split_whitespace();
    let code = parts.next()?.trim_start_matches('~');
    if code.len() < 3
        || !code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        return None;
    }
    let (from, until) = match parts.next() {
        None => (0, 0),
        Some(range) => {
            if let Some(date) = range.strip_prefix('>') {
                (parse_date(date)?, 0)
            } else if let Some(date) = range.strip_prefix('<') {
                (0, parse_date(date)?)
            } else {
                let (a, b) = range.split_once('-')?;
                (parse_date(a)?, parse_date(b)?)
            }
        }
    };
    if parts.next().is_some() {
        return None;
    }
    Some(Dated {
        code: code.to_string(),
        from,
        until,
    })
}

/// An actor entry: its names and codes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Entry {
    names: Vec<String>,
    codes: Vec<Dated>,
}

/// A name as the coder looks it up: lowercase words, `_` a space.
pub(crate) fn name_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for word in name
        .split(|c: char| c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
    {
        if !key.is_empty() {
            key.push(' ');
        }
        key.extend(word.chars().flat_map(char::to_lowercase));
    }
    key
}

/// Reads an actor file: a name line (codes on it or on the tab-indented
/// lines after), `+` synonyms.
fn parse_actors(text: &str, counts: &mut Counts, file: &str) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut current: Option<Entry> = None;
    let codes_in = |line: &str, into: &mut Vec<Dated>, counts: &mut Counts| {
        let mut rest = line;
        while let Some(open) = rest.find('[') {
            let Some(close) = rest[open..].find(']') else {
                break;
            };
            match parse_dated(&rest[open + 1..open + close]) {
                Some(dated) => into.push(dated),
                None => counts.add(
                    &format!("actors: codes left out, bad date or code ({file})"),
                    1,
                ),
            }
            rest = &rest[open + close + 1..];
        }
    };
    for raw in text.lines() {
        let (line, _) = split_comment(raw);
        if line.trim().is_empty() {
            continue;
        }
        let indented = line.starts_with(['\t', ' ']);
        let line = line.trim();
        if indented || line.starts_with('[') {
            if let Some(entry) = current.as_mut() {
                codes_in(line, &mut entry.codes, counts);
            }
            continue;
        }
        if let Some(synonym) = line.strip_prefix('+') {
            if let Some(entry) = current.as_mut() {
                let name = synonym.split('[').next().unwrap_or("");
                let key = name_key(name);
                if !key.is_empty() {
                    entry.names.push(key);
                }
                codes_in(synonym, &mut entry.codes, counts);
            }
            continue;
        }
        if let Some(done) = current.take() {
            entries.push(done);
        }
        let name = line.split('[').next().unwrap_or("");
        let mut entry = Entry {
            names: vec![name_key(name)],
            codes: Vec::new(),
        };
        entry.names.retain(|n| !n.is_empty());
        codes_in(line, &mut entry.codes, counts);
        current = Some(entry);
    }
    if let Some(done) = current.take() {
        entries.push(done);
    }
    // An entry with no code of its own takes the next one's (a name line
    // directly followed by another, as `UN_ [IGOUNO]` then `U.N._`).
    let mut next_codes: Vec<Dated> = Vec::new();
    for entry in entries.iter_mut().rev() {
        if entry.codes.is_empty() {
            entry.codes = next_codes.clone();
        } else {
            next_codes = entry.codes.clone();
        }
    }
    counts.add(&format!("actors: entries read ({file})"), entries.len());
    entries
}

/// A code's table cell: `RUS.GOV` for a country and its sector (the first
/// role code), `IGOUNO` for a code without a country.
fn code_cell(code: &str, countries: &BTreeSet<String>) -> String {
    match code.get(..3) {
        Some(country) if countries.contains(country) => {
            format!("{country}.{}", code.get(3..6).unwrap_or(""))
        }
        _ => code.to_string(),
    }
}

fn write_actors(sources: &Sources<'_>, counts: &mut Counts) -> String {
    let files = [
        (sources.countries, "countries"),
        (sources.international, "international"),
        (sources.nonstate, "armed groups"),
    ];
    let mut all: Vec<(Entry, &str)> = Vec::new();
    for (text, file) in files {
        for entry in parse_actors(text, counts, file) {
            all.push((entry, file));
        }
    }
    // Country codes: what the countries file gives a bare three letters.
    let countries: BTreeSet<String> = all
        .iter()
        .filter(|(_, f)| *f == "countries")
        .flat_map(|(e, _)| e.codes.iter())
        .filter(|c| c.code.len() == 3)
        .map(|c| c.code.clone())
        .collect();
    // name → codes; the first entry naming a name keeps it.
    let mut table: BTreeMap<String, String> = BTreeMap::new();
    for (entry, file) in &all {
        if entry.codes.is_empty() {
            counts.add("actors: entries left out, no code", 1);
            continue;
        }
        if *file == "countries" && entry.codes.iter().all(|c| c.code.len() == 3) {
            counts.add(
                "actors: entries left out, a country or place name (the gazetteer's)",
                1,
            );
            continue;
        }
        let cells: Vec<String> = entry
            .codes
            .iter()
            .map(|c| {
                let cell = code_cell(&c.code, &countries);
                match (c.from, c.until) {
                    (0, 0) => cell,
                    (from, 0) => format!("{cell}@{from}-"),
                    (0, until) => format!("{cell}@-{until}"),
                    (from, until) => format!("{cell}@{from}-{until}"),
                }
            })
            .collect();
        let codes = cells.join(",");
        let mut kept = 0;
        for name in &entry.names {
            // Names the coder cannot tell from words: one letter, digits.
            if name.chars().filter(|c| c.is_alphabetic()).count() < 2 {
                continue;
            }
            if let std::collections::btree_map::Entry::Vacant(slot) = table.entry(name.clone()) {
                slot.insert(codes.clone());
                kept += 1;
            }
        }
        counts.add(&format!("actors: entries converted ({file})"), 1);
        if entry.codes.iter().any(|c| c.from != 0 || c.until != 0) {
            counts.add("actors: entries with dated codes", 1);
        }
        counts.add("actors: names written", kept);
    }
    // Group names with the same codes on one line: codes, then names.
    let mut by_codes: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, codes) in &table {
        by_codes.entry(codes).or_default().push(name);
    }
    let mut text = String::from(HEADER);
    text.push_str(
        "# Actors: codes (COUNTRY.SECTOR or a group code, @FROM-UNTIL as YYYYMMDD when\n\
         # dated, the first that holds at the publication date wins), then names.\n",
    );
    for (codes, names) in by_codes {
        text.push_str(codes);
        for name in names {
            text.push('\t');
            text.push_str(name);
        }
        text.push('\n');
    }
    text
}

fn write_agents(text: &str, counts: &mut Counts) -> String {
    let mut macros: Vec<(String, Vec<String>)> = Vec::new();
    let mut table: BTreeMap<String, String> = BTreeMap::new();
    for raw in text.lines() {
        let (line, _) = split_comment(raw);
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with('!') {
            if let Some((name, values)) = line.split_once('=') {
                let values = values
                    .split(',')
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty())
                    .collect();
                macros.push((name.trim().to_string(), values));
            }
            continue;
        }
        let line = line.trim_start_matches('+');
        let Some((name, code)) = line.split_once('[') else {
            counts.add("agents: left out, no code", 1);
            continue;
        };
        let code = code.trim_end_matches(']').trim().trim_start_matches('~');
        if code.len() < 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            counts.add("agents: left out, bad code", 1);
            continue;
        }
        let sector = &code[..3];
        let mut names = vec![name.trim().to_string()];
        for (macro_name, values) in &macros {
            if names.iter().any(|n| n.contains(macro_name.as_str())) {
                names = names
                    .iter()
                    .flat_map(|n| {
                        values
                            .iter()
                            .map(move |v| n.replace(macro_name.as_str(), v))
                    })
                    .collect();
            }
        }
        counts.add("agents: entries converted", 1);
        for name in names {
            let key = name_key(&name);
            if key.is_empty() || key.contains('!') {
                continue;
            }
            table.entry(key).or_insert_with(|| sector.to_string());
        }
    }
    counts.add("agents: names written", table.len());
    let mut out = String::from(HEADER);
    out.push_str("# Role nouns and their CAMEO sector: words, sector.\n");
    for (name, sector) in &table {
        out.push_str(&format!("{name}\t{sector}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const VERBS: &str = "\
# An invented dictionary in the syntax of CAMEO.2.0.txt.
&BOATS
+FERRY
+ROWING_BOAT

---  GREET   [---]  ---
GREET
HAIL {HAILS HAILED HAILING}
+WAVE_AT {+WAVED_AT}  [051]
ZORB {ZARB ZORBEN}
- * (WITH FLOWERS)                                   [051]    # GREET
- * {WARM WELCOME}                                   [042:043]  # HAIL
- * &BOATS +                                         [073]    # GREET
- DELEGATES * (AT {HARBOUR GATE})                   [051]    # GREET
- * SENATOR $                                       [051]    # GREET
- * (BEFORE COURT)                                   [:173]   # GREET
- * ONLY                                            [010]    # GREET
- * VISITORS                                        [---]    # GREET

---  BOMB   [190]  ---
BOMB
- * FERRY                                           [183]    # BOMB

######## TRANSFORMATIONS ##########
~ a (a b ATTACK) SAY = a b 015
";

    const ACTORS: &str = "\
# invented
VELMORA_ [VLM]
+VELMORAN_

ANNA_KORVEL_   # an invented head of state
+PRESIDENT_KORVEL
+KORVEL_
\t[VLMELI 700101-990809]
\t[VLMGOV 990810-050101]
\t[VLMOPP >050102]
TIDEWATCH_GROUP [NGOHRI] # invented
";

    fn sources<'a>(verbs: &'a str, actors: &'a str) -> Sources<'a> {
        Sources {
            verbs,
            countries: actors,
            international: "",
            nonstate: "",
            agents: "!P! = MAN, WOMAN\nHARBOUR!P! [~GOV]\nBOATBUILDER [~BUS]\n",
        }
    }

    fn file<'a>(conversion: &'a Conversion, name: &str) -> &'a str {
        &conversion
            .files
            .iter()
            .find(|(n, _)| n == name)
            .expect("file")
            .1
    }

    #[test]
    fn verb_patterns_become_our_lines_or_are_counted() {
        let conversion = convert(&sources(VERBS, ACTORS)).unwrap();
        let verbs = file(&conversion, "verbs.txt");
        let lines: Vec<&str> = verbs
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .map(|l| l.split('#').next().unwrap().trim_end())
            .collect();
        assert_eq!(
            lines,
            [
                "[AID]",
                "073   -  greet:v ferry @actor",
                "073   -  greet:v rowing +boat @actor",
                "[ASSAULT]",
                "183   -  bomb:v ferry",
                "[CONSULT]",
                "042   -  hail:v warm +welcome",
                "[SUPPORT]",
                "051   -  greet:v with flowers",
            ],
            "{verbs}"
        );
        let count = |what: &str| {
            conversion
                .counts
                .iter()
                .find(|(w, _)| w == what)
                .map_or(0, |(_, n)| *n)
        };
        assert_eq!(count("verb patterns read"), 9);
        assert_eq!(count("converted: patterns"), 4);
        assert_eq!(
            count("skipped: words before the verb (the subject's nouns)"),
            1
        );
        assert_eq!(count("skipped: source after the verb ($)"), 1);
        assert_eq!(count("skipped: a code for the passive voice only"), 1);
        assert_eq!(count("skipped: no code (---)"), 1);
        assert_eq!(
            count("skipped: CAMEO code without a PLOVER type (statements 01)"),
            1
        );
        assert_eq!(
            count("converted: patterns whose passive code is left out"),
            1
        );
        assert_eq!(
            count("left out: a verb alone with its code (fires on too much)"),
            2
        );
        let forms = file(&conversion, "forms.tsv");
        assert!(forms.contains("zarb\tzorb\n"), "{forms}");
        assert!(forms.contains("zorben\tzorb\n"), "{forms}");
        assert!(!forms.contains("hailed"), "{forms}");
    }

    #[test]
    fn actors_keep_their_dated_codes_and_agents_expand() {
        let conversion = convert(&sources(VERBS, ACTORS)).unwrap();
        let actors = file(&conversion, "actors.tsv");
        assert!(
            actors.contains(
                "VLM.ELI@19700101-19990809,VLM.GOV@19990810-20050101,VLM.OPP@20050102-\tanna korvel\tkorvel\tpresident korvel\n"
            ),
            "{actors}"
        );
        assert!(actors.contains("NGOHRI\ttidewatch group\n"), "{actors}");
        assert!(!actors.contains("velmoran"), "{actors}");
        let agents = file(&conversion, "agents.tsv");
        assert!(agents.contains("harbourman\tGOV\n"), "{agents}");
        assert!(agents.contains("harbourwoman\tGOV\n"), "{agents}");
        assert!(agents.contains("boatbuilder\tBUS\n"), "{agents}");
    }

    #[test]
    fn dates_read_both_centuries() {
        assert_eq!(parse_date("990809"), Some(19_990_809));
        assert_eq!(parse_date("080508"), Some(20_080_508));
        assert_eq!(parse_date("20070101"), Some(20_070_101));
        assert_eq!(parse_date("2004017"), None);
        assert_eq!(parse_date("991340"), None);
        assert_eq!(
            parse_dated("RUSGOV <000101"),
            Some(Dated {
                code: "RUSGOV".into(),
                from: 0,
                until: 20_000_101
            })
        );
    }

    #[test]
    fn a_rerun_gives_the_same_bytes() {
        let a = convert(&sources(VERBS, ACTORS)).unwrap();
        let b = convert(&sources(VERBS, ACTORS)).unwrap();
        assert_eq!(a, b);
    }
}
