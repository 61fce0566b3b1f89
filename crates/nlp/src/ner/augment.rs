//! Training-time data work: consistency repairs of silver labels, and
//! synthetic sentences that news carries every day but the training sets
//! rarely do (sports results and league tables where a club named after its
//! town is an organisation, people written with an initial).
//!
//! Everything here is seeded and iterates in sorted order, so training stays
//! deterministic.

use std::collections::HashMap;

use tidings_model::EntityKind;

use crate::ner::features::{self, gaz, name_key, text_key};
use crate::ner::tag::{self, entity_spans, Tag};
use crate::ner::train::{Rng, TrainSet};

/// A sentence under construction: tokens and tag indices.
pub(crate) type Labelled = (Vec<String>, Vec<usize>);

fn b(kind: EntityKind) -> usize {
    Tag::B(kind).index()
}

fn i(kind: EntityKind) -> usize {
    Tag::I(kind).index()
}

/// Tags `range` of `gold` as one name of `kind` (`B-` then `I-`).
fn set_name(gold: &mut [usize], range: std::ops::Range<usize>, kind: EntityKind) {
    for (n, g) in gold[range].iter_mut().enumerate() {
        *g = if n == 0 { b(kind) } else { i(kind) };
    }
}

fn is_name_word(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && word.chars().count() >= 2
        && word
            .chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '.')
        && word.chars().skip(1).any(char::is_lowercase)
}

/// Names seen in the training data, for the synthetic sentences.
#[derive(Debug, Default)]
pub(crate) struct Names {
    /// Places that are not countries (towns, regions): clubs are named after them.
    pub towns: Vec<Vec<String>>,
    /// Countries: national teams, which news tags as places.
    pub nations: Vec<Vec<String>>,
    /// Persons' first names.
    pub first: Vec<String>,
    /// Persons' last names.
    pub last: Vec<String>,
}

fn top(counts: HashMap<Vec<String>, u32>, limit: usize, min: u32) -> Vec<Vec<String>> {
    let mut list: Vec<(u32, Vec<String>)> = counts
        .into_iter()
        .filter(|(_, c)| *c >= min)
        .map(|(k, c)| (c, k))
        .collect();
    list.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    list.truncate(limit);
    let mut names: Vec<Vec<String>> = list.into_iter().map(|(_, k)| k).collect();
    names.sort();
    names
}

impl Names {
    /// Collects the names of the labelled sets; `phrases` is the gazetteer.
    pub(crate) fn collect(sets: &[TrainSet], phrases: &HashMap<u64, u16>) -> Names {
        let mut towns: HashMap<Vec<String>, u32> = HashMap::new();
        let mut nations: HashMap<Vec<String>, u32> = HashMap::new();
        let mut first: HashMap<Vec<String>, u32> = HashMap::new();
        let mut last: HashMap<Vec<String>, u32> = HashMap::new();
        for set in sets {
            for sentence in &set.sentences {
                let tags: Vec<Tag> = sentence
                    .iter()
                    .map(|(_, t)| Tag::parse(t).unwrap_or(Tag::O))
                    .collect();
                for (kind, range) in crate::ner::entity_spans(&tags) {
                    let words: Vec<String> = sentence[range.clone()]
                        .iter()
                        .map(|(w, _)| w.clone())
                        .collect();
                    if !words.iter().all(|w| is_name_word(w)) {
                        continue;
                    }
                    match kind {
                        EntityKind::Location if words.len() <= 2 => {
                            let lower: Vec<String> =
                                words.iter().map(|w| features::normalise(w)).collect();
                            let bits = phrases
                                .get(&text_key(&lower.join(" ")))
                                .copied()
                                .unwrap_or(0);
                            if bits & gaz::COUNTRY != 0 {
                                *nations.entry(words).or_default() += 1;
                            } else if bits & gaz::DEMONYM == 0 {
                                *towns.entry(words).or_default() += 1;
                            }
                        }
                        EntityKind::Person if words.len() >= 2 => {
                            *first.entry(vec![words[0].clone()]).or_default() += 1;
                            if let Some(word) = words.last() {
                                *last.entry(vec![word.clone()]).or_default() += 1;
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        let flat = |names: Vec<Vec<String>>| names.into_iter().flatten().collect::<Vec<_>>();
        Names {
            towns: top(towns, 3000, 2),
            nations: top(nations, 300, 2),
            first: flat(top(first, 2000, 2)),
            last: flat(top(last, 5000, 1)),
        }
    }

    fn usable(&self) -> bool {
        !self.towns.is_empty()
            && !self.nations.is_empty()
            && !self.first.is_empty()
            && !self.last.is_empty()
    }
}

/// Words that follow a town's name in a club's name.
const CLUB_WORDS: &[&str] = &[
    "United",
    "City",
    "Rovers",
    "Town",
    "Athletic",
    "Wanderers",
    "County",
    "Albion",
    "Rangers",
];

const SPORTS: &[&str] = &[
    "SOCCER",
    "CRICKET",
    "RUGBY UNION",
    "RUGBY LEAGUE",
    "BASKETBALL",
    "BASEBALL",
    "ICE HOCKEY",
    "TENNIS",
    "ATHLETICS",
];

/// Sports-line templates. `T` a club named after a town (ORG), `N` a
/// country (LOC, a national team), `V` a town as the venue (LOC), `P` a
/// person (PER, sometimes with an initial), `S` a surname (PER), `#` a small
/// number, `R` a larger one, `K` a rank ("3."), `H` a sport's name, `W` a
/// bowler's figures (`10-0-43-2`), `D` a winning share (`.554`), `M` a
/// time (`3:35.08`); other words are as written.
const TEMPLATES: &[&str] = &[
    "T # T #",
    "T # T #",
    "T # ( S # ) T # ( S # , S # )",
    "T R T R",
    "T # # # # # # #",
    "T # # # # # # #",
    "T R and R ; T R",
    "At V : T R ( P R ) ; T R .",
    "T beat T by # wickets .",
    "T beat T by R runs .",
    "T v T",
    "P ( T ) R",
    "P ( T ) # for R",
    "N beat N # - # in V on Saturday .",
    "N R ( P R , P # ) v N",
    "S scored twice for T in a # - # win over T .",
    "T have signed P from T .",
    "P ( N ) beat P ( N ) # - # # - #",
    "K P ( N ) R",
    "K P ( N ) R",
    "K P ( T ) R",
    "K S ( N ) R",
    "H - T BEAT T",
    "H - T WIN",
    "H - N BEAT N",
    "H - RESULTS",
    "T 's P was sent off .",
    "P c S b S R",
    "P c S b S #",
    "P st S b S #",
    "P lbw b S R",
    "P b S #",
    "P not out R",
    "P run out #",
    "Bowling : S W , P W , S W , S W",
    "T AT T",
    "T # T #",
    "T R R D #",
    "T R R D R",
    "K P ( N ) M",
    "K S ( T ) M",
];

/// `count` synthetic sports results, table rows and sports news lines, a
/// share of them in capitals.
pub(crate) fn sports_lines(names: &Names, count: usize, rng: &mut Rng) -> Vec<Labelled> {
    let mut out = Vec::with_capacity(count);
    if !names.usable() {
        return out;
    }
    let org = EntityKind::Organisation;
    let loc = EntityKind::Location;
    let per = EntityKind::Person;
    let pick = |rng: &mut Rng, n: usize| (rng.next_u64() % n as u64) as usize;
    for _ in 0..count {
        let template = TEMPLATES[pick(rng, TEMPLATES.len())];
        let mut tokens: Vec<String> = Vec::new();
        let mut tags: Vec<usize> = Vec::new();
        let push_name =
            |tokens: &mut Vec<String>, tags: &mut Vec<usize>, words: &[String], kind| {
                for (n, word) in words.iter().enumerate() {
                    tokens.push(word.clone());
                    tags.push(if n == 0 { b(kind) } else { i(kind) });
                }
            };
        for part in template.split(' ') {
            match part {
                "T" => {
                    let mut words = names.towns[pick(rng, names.towns.len())].clone();
                    if rng.next_u64() % 4 == 0 {
                        words.push(CLUB_WORDS[pick(rng, CLUB_WORDS.len())].to_string());
                    }
                    push_name(&mut tokens, &mut tags, &words, org);
                }
                "N" => {
                    let words = names.nations[pick(rng, names.nations.len())].clone();
                    push_name(&mut tokens, &mut tags, &words, loc);
                }
                "V" => {
                    let words = names.towns[pick(rng, names.towns.len())].clone();
                    push_name(&mut tokens, &mut tags, &words, loc);
                }
                "P" => {
                    let first = &names.first[pick(rng, names.first.len())];
                    let first = if rng.next_u64() % 2 == 0 {
                        first
                            .chars()
                            .next()
                            .map_or_else(|| first.clone(), |c| format!("{c}."))
                    } else {
                        first.clone()
                    };
                    let last = names.last[pick(rng, names.last.len())].clone();
                    push_name(&mut tokens, &mut tags, &[first, last], per);
                }
                "S" => {
                    let last = names.last[pick(rng, names.last.len())].clone();
                    push_name(&mut tokens, &mut tags, &[last], per);
                }
                "#" => {
                    tokens.push((rng.next_u64() % 6).to_string());
                    tags.push(0);
                }
                "R" => {
                    tokens.push((10 + rng.next_u64() % 390).to_string());
                    tags.push(0);
                }
                "K" => {
                    tokens.push(format!("{}.", 1 + rng.next_u64() % 12));
                    tags.push(0);
                }
                "W" => {
                    let n = rng.next_u64();
                    tokens.push(format!(
                        "{}-{}-{}-{}",
                        2 + n % 9,
                        (n >> 8) % 3,
                        10 + (n >> 16) % 50,
                        (n >> 24) % 5
                    ));
                    tags.push(0);
                }
                "D" => {
                    tokens.push(format!(".{:03}", 300 + rng.next_u64() % 400));
                    tags.push(0);
                }
                "M" => {
                    let n = rng.next_u64();
                    tokens.push(format!(
                        "{}:{:02}.{:02}",
                        1 + n % 4,
                        (n >> 8) % 60,
                        (n >> 16) % 100
                    ));
                    tags.push(0);
                }
                "H" => {
                    for word in SPORTS[pick(rng, SPORTS.len())].split(' ') {
                        tokens.push(word.to_string());
                        tags.push(0);
                    }
                }
                word => {
                    tokens.push(word.to_string());
                    tags.push(0);
                }
            }
        }
        if template.starts_with("H ") || rng.next_u64() % 4 == 0 {
            for token in tokens.iter_mut() {
                *token = token.to_uppercase();
            }
        }
        out.push((tokens, tags));
    }
    out
}

/// The sentence again with the first name of every person written as an
/// initial ("Ilse Varn" → "I. Varn"), when it has such a person.
pub(crate) fn with_initials(tokens: &[String], gold: &[usize]) -> Option<Labelled> {
    let per_b = b(EntityKind::Person);
    let per_i = i(EntityKind::Person);
    let mut out = tokens.to_vec();
    let mut changed = false;
    for t in 0..tokens.len() {
        if gold[t] == per_b && gold.get(t + 1) == Some(&per_i) && is_name_word(&tokens[t]) {
            if let Some(c) = tokens[t].chars().next() {
                out[t] = format!("{c}.");
                changed = true;
            }
        }
    }
    changed.then(|| (out, gold.to_vec()))
}

/// The sentence again as news writes a person after the first mention: the
/// surname alone (`Ilse Varn said` → `Varn said`, `Mr. Varn said` → `Varn
/// said`), when it has a person with a first name or a title.
pub(crate) fn bare_surnames(tokens: &[String], gold: &[usize]) -> Option<Labelled> {
    let per_b = b(EntityKind::Person);
    let per_i = i(EntityKind::Person);
    let mut drop = vec![false; tokens.len()];
    let mut out_gold = gold.to_vec();
    for t in 0..tokens.len() {
        if gold[t] != per_b {
            continue;
        }
        let mut end = t + 1;
        while end < tokens.len() && gold[end] == per_i {
            end += 1;
        }
        let last = end - 1;
        if !is_name_word(&tokens[last]) {
            continue;
        }
        let title = t > 0
            && gold[t - 1] == 0
            && matches!(
                tokens[t - 1].as_str(),
                "Mr." | "Mr" | "Mrs." | "Mrs" | "Ms." | "Ms" | "Dr." | "Dr"
            );
        if last == t && !title {
            continue;
        }
        if title {
            drop[t - 1] = true;
        }
        for d in drop.iter_mut().take(last).skip(t) {
            *d = true;
        }
        out_gold[last] = per_b;
    }
    if !drop.iter().any(|&d| d) {
        return None;
    }
    let mut out_tokens = Vec::with_capacity(tokens.len());
    let mut labels = Vec::with_capacity(tokens.len());
    for (n, token) in tokens.iter().enumerate() {
        if !drop[n] {
            out_tokens.push(token.clone());
            labels.push(out_gold[n]);
        }
    }
    Some((out_tokens, labels))
}

/// Titles that British and Commonwealth news writes without the full stop.
const DOTTED_TITLES: &[&str] = &["Mr.", "Mrs.", "Ms.", "Dr.", "St.", "Messrs."];

/// The sentence again in British style, titles without their full stop
/// (`Mr. Varn` → `Mr Varn`), when it has such a title.
pub(crate) fn without_title_stops(tokens: &[String], gold: &[usize]) -> Option<Labelled> {
    let mut changed = false;
    let out: Vec<String> = tokens
        .iter()
        .map(|token| {
            if DOTTED_TITLES.contains(&token.as_str()) {
                changed = true;
                token.trim_end_matches('.').to_string()
            } else {
                token.clone()
            }
        })
        .collect();
    changed.then(|| (out, gold.to_vec()))
}

/// Repairs silver labels with a consistency rule: a gazetteer phrase of
/// several tokens (a country or capital: LOC; a demonym: MISC) whose tokens
/// are all inside names but split across names becomes one name
/// (`Sri/B-PER Lanka/B-LOC` → `Sri/B-LOC Lanka/I-LOC`). Returns how many
/// phrases were repaired.
pub(crate) fn repair_split_phrases(
    tokens: &[String],
    gold: &mut [usize],
    phrases: &HashMap<u64, u16>,
    longest: usize,
) -> usize {
    let lower: Vec<String> = tokens.iter().map(|t| features::normalise(t)).collect();
    let mut repaired = 0;
    let mut start = 0;
    while start < tokens.len() {
        let mut advanced = false;
        for length in (2..=longest.min(tokens.len() - start)).rev() {
            let end = start + length;
            let span = &gold[start..end];
            let all_inside = span.iter().all(|&g| g != 0);
            let split = span.windows(2).any(|pair| {
                matches!(Tag::from_index(pair[1]), Tag::B(_))
                    || Tag::from_index(pair[0]).kind() != Tag::from_index(pair[1]).kind()
            });
            let leaks = gold
                .get(end)
                .is_some_and(|&g| matches!(Tag::from_index(g), Tag::I(_)))
                || matches!(Tag::from_index(gold[start]), Tag::I(_));
            if !all_inside || !split || leaks {
                continue;
            }
            let bits = phrases
                .get(&text_key(&lower[start..end].join(" ")))
                .copied()
                .unwrap_or(0);
            let kind = if bits & (gaz::COUNTRY | gaz::CAPITAL) != 0 {
                EntityKind::Location
            } else if bits & gaz::DEMONYM != 0 {
                EntityKind::Other
            } else {
                continue;
            };
            set_name(gold, start..end, kind);
            repaired += 1;
            start = end;
            advanced = true;
            break;
        }
        if !advanced {
            start += 1;
        }
    }
    repaired
}

/// Repairs a silver label that contradicts the gazetteer: a whole name
/// whose text is a country or a capital (`Singapore`, `Turkey`) tagged as an
/// organisation or a person becomes a place. Names that only begin with
/// one (`Pakistan People 's Party`) are left alone. Returns how many names
/// were repaired.
pub(crate) fn repair_place_names(
    tokens: &[String],
    gold: &mut [usize],
    phrases: &HashMap<u64, u16>,
) -> usize {
    let tags: Vec<Tag> = gold.iter().map(|&g| Tag::from_index(g)).collect();
    let mut repaired = 0;
    for (kind, range) in entity_spans(&tags) {
        if !matches!(kind, EntityKind::Organisation | EntityKind::Person) {
            continue;
        }
        let bits = phrases
            .get(&name_key(&tokens[range.clone()]))
            .copied()
            .unwrap_or(0);
        if bits & (gaz::COUNTRY | gaz::CAPITAL) == 0 {
            continue;
        }
        set_name(gold, range, EntityKind::Location);
        repaired += 1;
    }
    repaired
}

/// Repairs the edges of silver names where they break the CoNLL
/// conventions the gold sets follow: a plain lowercase word that begins a
/// name is not part of it (`southern/B-LOC Italy/I-LOC`,
/// `the/B-LOC Netherlands/I-LOC`, `prime/B-PER minister/I-PER …`), and a
/// title before a person's name tagged as one organisation or place
/// (`King/B-ORG Gyanendra/I-ORG`, `General/B-ORG Musharraf/I-ORG`) becomes
/// the title outside a person, unless a word of the rest ends
/// organisation names (`General Motors`). Returns how many names changed.
pub(crate) fn repair_silver_edges(
    tokens: &[String],
    gold: &mut [usize],
    phrases: &HashMap<u64, u16>,
) -> usize {
    let bits = |word: &str| phrases.get(&name_key(&[word])).copied().unwrap_or(0);
    let plain_lowercase = |word: &str| {
        word.chars().next().is_some_and(char::is_lowercase)
            && word.chars().all(char::is_alphabetic)
            && !tag::is_particle(word)
    };
    let capitalised = tag::is_capitalised;
    let tags: Vec<Tag> = gold.iter().map(|&g| Tag::from_index(g)).collect();
    let mut changed = 0;
    for (kind, range) in entity_spans(&tags) {
        let mut start = range.start;
        while start < range.end && plain_lowercase(&tokens[start]) {
            start += 1;
        }
        let mut kind = kind;
        let rest = &tokens[(start + 1).min(range.end)..range.end];
        if start < range.end
            && matches!(kind, EntityKind::Organisation | EntityKind::Location)
            && bits(&tokens[start]) & gaz::ROLE != 0
            && !rest.is_empty()
            && rest.iter().all(|w| capitalised(w) || tag::is_particle(w))
            && capitalised(&rest[0])
            && !rest.iter().any(|w| bits(w) & gaz::ORG_WORD != 0)
        {
            start += 1;
            kind = EntityKind::Person;
        }
        if start == range.start {
            continue;
        }
        for g in &mut gold[range.start..start] {
            *g = 0;
        }
        if start < range.end {
            set_name(gold, start..range.end, kind);
        }
        changed += 1;
    }
    changed
}

/// The kind a silver dataset gives most names, where it is consistent
/// enough to trust: for every name text seen at least `min_count` times
/// whose most frequent kind has at least `share` of them.
#[derive(Debug, Default)]
pub(crate) struct Majority {
    kinds: HashMap<u64, EntityKind>,
}

impl Majority {
    pub(crate) fn collect(
        sentences: &[crate::ner::conll::Sentence],
        min_count: u32,
        share: f64,
    ) -> Majority {
        let mut counts: HashMap<u64, [u32; 4]> = HashMap::new();
        for sentence in sentences {
            let tags: Vec<Tag> = sentence
                .iter()
                .map(|(_, t)| Tag::parse(t).unwrap_or(Tag::O))
                .collect();
            for (kind, range) in entity_spans(&tags) {
                let words: Vec<&str> = sentence[range].iter().map(|(w, _)| w.as_str()).collect();
                let slot = EntityKind::ALL.iter().position(|&k| k == kind).unwrap_or(3);
                counts.entry(name_key(&words)).or_default()[slot] += 1;
            }
        }
        let mut kinds = HashMap::new();
        for (key, row) in counts {
            let total: u32 = row.iter().sum();
            let (best, &top) = row
                .iter()
                .enumerate()
                .max_by_key(|&(index, &count)| (count, std::cmp::Reverse(index)))
                .unwrap_or((0, &0));
            if total >= min_count && f64::from(top) >= share * f64::from(total) {
                kinds.insert(key, EntityKind::ALL[best]);
            }
        }
        Majority { kinds }
    }

    /// Gives every whole name of the sentence its majority kind. Returns how
    /// many names changed.
    pub(crate) fn relabel(&self, tokens: &[String], gold: &mut [usize]) -> usize {
        if self.kinds.is_empty() {
            return 0;
        }
        let tags: Vec<Tag> = gold.iter().map(|&g| Tag::from_index(g)).collect();
        let mut changed = 0;
        for (kind, range) in entity_spans(&tags) {
            match self.kinds.get(&name_key(&tokens[range.clone()])) {
                Some(&majority) if majority != kind => {
                    set_name(gold, range, majority);
                    changed += 1;
                }
                _ => {}
            }
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn split_country_becomes_one_place() {
        let mut phrases = HashMap::new();
        phrases.insert(text_key("new velmora"), gaz::COUNTRY);
        let tokens = words("troops left New Velmora today");
        let mut gold = vec![0, 0, b(EntityKind::Person), b(EntityKind::Location), 0];
        assert_eq!(repair_split_phrases(&tokens, &mut gold, &phrases, 2), 1);
        assert_eq!(
            gold,
            vec![0, 0, b(EntityKind::Location), i(EntityKind::Location), 0]
        );
        // One name already, or a longer name around it: left alone.
        let mut gold = vec![
            0,
            0,
            b(EntityKind::Organisation),
            i(EntityKind::Organisation),
            i(EntityKind::Organisation),
        ];
        assert_eq!(repair_split_phrases(&tokens, &mut gold, &phrases, 2), 0);
        let mut gold = vec![0, 0, 0, b(EntityKind::Location), 0];
        assert_eq!(repair_split_phrases(&tokens, &mut gold, &phrases, 2), 0);
    }

    #[test]
    fn initials_replace_first_names() {
        let tokens = words("Ilse Varn met Tova Lind in Velmora");
        let p = b(EntityKind::Person);
        let q = i(EntityKind::Person);
        let gold = vec![p, q, 0, p, q, 0, b(EntityKind::Location)];
        let (out, tags) = with_initials(&tokens, &gold).unwrap();
        assert_eq!(out, words("I. Varn met T. Lind in Velmora"));
        assert_eq!(tags, gold);
        assert!(with_initials(&words("in Velmora"), &[0, b(EntityKind::Location)]).is_none());
    }

    #[test]
    fn sports_lines_label_clubs_as_organisations() {
        let names = Names {
            towns: vec![words("Velmora"), words("Port Avel")],
            nations: vec![words("Ostrand")],
            first: words("Ilse Marek"),
            last: words("Varn Tolvan"),
        };
        let mut rng = Rng::new(3);
        let lines = sports_lines(&names, 200, &mut rng);
        assert_eq!(lines.len(), 200);
        for (tokens, tags) in &lines {
            assert_eq!(tokens.len(), tags.len());
            for (token, &tag) in tokens.iter().zip(tags) {
                if token.eq_ignore_ascii_case("ostrand") {
                    assert_eq!(Tag::from_index(tag).kind(), Some(EntityKind::Location));
                }
                if token.eq_ignore_ascii_case("velmora") {
                    assert!(Tag::from_index(tag).kind().is_some());
                }
            }
        }
        assert!(lines.iter().any(|(tokens, tags)| tokens
            .iter()
            .zip(tags)
            .any(|(t, &g)| t == "Velmora" && g == b(EntityKind::Organisation))));
    }

    #[test]
    fn silver_countries_tagged_as_organisations_become_places() {
        let mut phrases = HashMap::new();
        phrases.insert(text_key("velmora"), gaz::COUNTRY);
        let o = b(EntityKind::Organisation);
        let tokens = words("Velmora said Velmora Rail Company grew");
        let mut gold = vec![
            o,
            0,
            o,
            i(EntityKind::Organisation),
            i(EntityKind::Organisation),
            0,
        ];
        assert_eq!(repair_place_names(&tokens, &mut gold, &phrases), 1);
        // The country alone is a place; the company named after it stays.
        assert_eq!(gold[0], b(EntityKind::Location));
        assert_eq!(gold[2], o);
    }

    #[test]
    fn majority_kind_replaces_rare_silver_labels() {
        let mut sentences = Vec::new();
        for n in 0..9 {
            let tag = if n < 8 { "B-LOC" } else { "B-ORG" };
            sentences.push(vec![
                ("in".to_string(), "O".to_string()),
                ("Ostrand".to_string(), tag.to_string()),
            ]);
        }
        // Too few to trust: Portavel twice as a place, once as a person.
        for tag in ["B-LOC", "B-LOC", "B-PER"] {
            sentences.push(vec![("Portavel".to_string(), tag.to_string())]);
        }
        let majority = Majority::collect(&sentences, 5, 0.75);
        let mut gold = vec![0, b(EntityKind::Organisation)];
        assert_eq!(majority.relabel(&words("in Ostrand"), &mut gold), 1);
        assert_eq!(gold, vec![0, b(EntityKind::Location)]);
        let mut gold = vec![b(EntityKind::Person)];
        assert_eq!(majority.relabel(&words("Portavel"), &mut gold), 0);
        // Below the share, nothing is trusted.
        let strict = Majority::collect(&sentences, 5, 0.95);
        let mut gold = vec![0, b(EntityKind::Organisation)];
        assert_eq!(strict.relabel(&words("in Ostrand"), &mut gold), 0);
    }

    #[test]
    fn silver_edges_follow_the_gold_conventions() {
        let mut phrases = HashMap::new();
        phrases.insert(text_key("king"), gaz::ROLE);
        phrases.insert(text_key("general"), gaz::ROLE);
        phrases.insert(text_key("motors"), gaz::ORG_WORD);
        let l = EntityKind::Location;
        let o = EntityKind::Organisation;
        let p = EntityKind::Person;
        let tokens = words("in southern Velmora King Aldo Varn met General Motors");
        let mut gold = vec![0, b(l), i(l), b(o), i(o), i(o), 0, b(o), i(o)];
        assert_eq!(repair_silver_edges(&tokens, &mut gold, &phrases), 2);
        assert_eq!(gold, vec![0, 0, b(l), 0, b(p), i(p), 0, b(o), i(o)]);
        // Particles stay: "bin Tolvan" is a name.
        let tokens = words("bin Tolvan spoke");
        let mut gold = vec![b(p), i(p), 0];
        assert_eq!(repair_silver_edges(&tokens, &mut gold, &phrases), 0);
    }

    #[test]
    fn british_titles_lose_their_stops() {
        let tokens = words("Mr. Varn and Dr. Lind met in St. Ostrand");
        let gold = vec![
            0,
            b(EntityKind::Person),
            0,
            0,
            b(EntityKind::Person),
            0,
            0,
            0,
            0,
        ];
        let (out, tags) = without_title_stops(&tokens, &gold).unwrap();
        assert_eq!(out, words("Mr Varn and Dr Lind met in St Ostrand"));
        assert_eq!(tags, gold);
        assert!(without_title_stops(&words("Varn spoke ."), &[0, 0, 0]).is_none());
    }

    #[test]
    fn persons_are_also_seen_by_their_surname_alone() {
        let tokens: Vec<String> = "Mr. Tolvan met Ilse Varn in Velmora ."
            .split(' ')
            .map(String::from)
            .collect();
        let tag = |t: &str| Tag::parse(t).map(Tag::index).expect("a tag");
        let gold: Vec<usize> = "O B-PER O B-PER I-PER O B-LOC O"
            .split(' ')
            .map(tag)
            .collect();
        let (out, labels) = bare_surnames(&tokens, &gold).expect("changed");
        assert_eq!(out.join(" "), "Tolvan met Varn in Velmora .");
        let expected: Vec<usize> = "B-PER O B-PER O B-LOC O".split(' ').map(tag).collect();
        assert_eq!(labels, expected);
        // A surname already alone, without a title: nothing to do.
        let tokens: Vec<String> = ["Varn", "spoke"].iter().map(|s| s.to_string()).collect();
        let gold = vec![tag("B-PER"), tag("O")];
        assert!(bare_surnames(&tokens, &gold).is_none());
    }
}
