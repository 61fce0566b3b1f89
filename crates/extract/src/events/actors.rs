//! Actor coding in the GDELT style: a country (ISO alpha-3, from the
//! entity, a demonym, a capital or the gazetteer) plus a sector (`GOV`,
//! `MIL`, `COP` … from roles and group words), or an international
//! organisation (`IGO` + its known-group code, `IGOUNO` for the UN).
//!
//! Metonymy: a capital or a government seat that acts or speaks
//! ("Moscow said", "the Kremlin condemned") is that country's government
//! (`RUSGOV`); as a target it is the country (`IRN`). A bare country is its
//! code alone (`ISR`), also as the subject of military verbs: the words do
//! not say whether the army or the government acted, and GDELT codes it so.

use std::collections::HashMap;
use std::ops::Range;

use tidings_model::{Actor, Annotations, EntityKind};
use tidings_nlp::Gazetteer;

use super::chunk::{is_verb_at, Class, Word};
use super::code::{bad, rows};
use super::dated::DatedActors;
use crate::error::Result;

/// What one word says about an actor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Cue {
    /// ISO alpha-3 country.
    pub country: Option<String>,
    /// CAMEO sector.
    pub sector: Option<String>,
    /// Full code of an organisation without a country (`IGOUNO`, `IGO`).
    pub group: Option<String>,
    /// Entity index, when the word is part of a named mention.
    pub entity: Option<usize>,
    /// The word names a capital or a government seat.
    pub seat: bool,
    /// The word is a demonym ("Iranian").
    pub demonym: bool,
    /// The word is part of a place name.
    pub place: bool,
    /// The word is part of a country's name ("Kenya", not "Nairobi").
    pub nation: bool,
    /// The words of the name this word is part of.
    pub unit: (usize, usize),
}

/// Group words with their sector (`data/sectors.tsv`) and names the
/// gazetteer lacks (`data/names.tsv`).
#[derive(Debug, Clone)]
pub(crate) struct Sectors {
    words: HashMap<String, String>,
    names: HashMap<String, (String, Option<String>)>,
    /// People, institutions and groups with dated codes (converted from
    /// the Phoenix dictionaries), tried after the gazetteer and `names.tsv`.
    dated: DatedActors,
}

impl Sectors {
    /// Parses `sectors.tsv` and `names.tsv`.
    pub fn parse(text: &str, names_text: &str) -> Result<Sectors> {
        let mut names = HashMap::new();
        for (line, cells) in rows(names_text) {
            let [name, alpha3, sector] = cells.as_slice() else {
                return Err(bad("names.tsv", line, "expected name, alpha3 and sector"));
            };
            if alpha3.len() != 3 || !alpha3.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(bad(
                    "names.tsv",
                    line,
                    format!("bad country code {alpha3:?}"),
                ));
            }
            let sector = (*sector != "-").then(|| sector.to_string());
            names.insert(name.to_string(), (alpha3.to_string(), sector));
        }
        let mut words = HashMap::new();
        for (line, cells) in rows(text) {
            let [word, sector] = cells.as_slice() else {
                return Err(bad("sectors.tsv", line, "expected word and sector"));
            };
            if sector.len() != 3 || !sector.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(bad("sectors.tsv", line, format!("bad sector {sector:?}")));
            }
            words.insert(word.to_string(), sector.to_string());
        }
        Ok(Sectors {
            words,
            names,
            dated: DatedActors::default(),
        })
    }

    /// Adds the people, institutions and groups of the converted Phoenix
    /// dictionaries (`data/petrarch/actors.tsv`), with dated codes.
    pub fn with_actors(mut self, actors: &'static str) -> Result<Sectors> {
        self.dated = DatedActors::parse(actors)?;
        Ok(self)
    }
}

/// The actor cue of every word of a sentence.
pub(crate) fn cues(
    words: &[Word<'_>],
    sentence: usize,
    annotations: &Annotations,
    gazetteer: &Gazetteer,
    sectors: &Sectors,
    date: Option<u32>,
    us_state: bool,
) -> Vec<Option<Cue>> {
    let mut cues: Vec<Option<Cue>> = vec![None; words.len()];
    // "Jordan" for Michael Jordan: the surname of a person the article
    // names in full is that person, not a country.
    let surname = |name: &str| {
        annotations.entities.iter().any(|e| {
            e.kind == EntityKind::Person
                && e.name.split_whitespace().count() > 1
                && e.name.split_whitespace().last() == Some(name)
        })
    };
    let mentions = &annotations.mentions;
    let first = mentions.partition_point(|m| m.sentence < sentence);
    for mention in mentions[first..]
        .iter()
        .take_while(|m| m.sentence == sentence)
    {
        let covered: Vec<usize> = (0..words.len())
            .filter(|&i| {
                words[i].span.start >= mention.span.start && words[i].span.end <= mention.span.end
            })
            .collect();
        let (Some(&lo), Some(&hi)) = (covered.first(), covered.last()) else {
            continue;
        };
        let entity = annotations.entities.get(mention.entity);
        let mut cue = mention_cue(
            &mention.text,
            mention.kind,
            entity,
            gazetteer,
            sectors,
            date,
        );
        if cue.place && cue.sector.is_none() && cue.group.is_none() && surname(&mention.text) {
            cue = Cue::default();
        }
        cue.entity = entity.map(|_| mention.entity);
        cue.unit = (lo, hi + 1);
        for &i in &covered {
            cues[i] = Some(cue.clone());
        }
    }
    // Names the tagger missed: two or three capitalised words, then one.
    let mut i = 0;
    while i < words.len() {
        if cues[i].is_some() || !words[i].capital || words[i].class != Class::Word {
            i += 1;
            continue;
        }
        let mut done = false;
        for len in [3usize, 2, 1] {
            let end = i + len;
            if end > words.len() || cues[i..end].iter().any(Option::is_some) {
                continue;
            }
            let name = join(&words[i..end]);
            let cue = name_cue(&name, gazetteer, sectors)
                .filter(|c| !(c.place && c.sector.is_none() && surname(&name)));
            if let Some(mut cue) = cue {
                cue.unit = (i, end);
                for slot in &mut cues[i..end] {
                    *slot = Some(cue.clone());
                }
                i = end;
                done = true;
                break;
            }
        }
        if !done {
            i += 1;
        }
    }
    // Georgia in an article about the United States is the state.
    if us_state {
        for (cue, word) in cues.iter_mut().zip(words) {
            if let Some(cue) = cue.as_mut().filter(|c| c.country.as_deref() == Some("GEO")) {
                if word.text == "Georgia" {
                    cue.country = Some("USA".to_string());
                    cue.sector = None;
                    cue.seat = false;
                    cue.demonym = false;
                    cue.place = true;
                }
            }
        }
    }
    // "the Russian language", "French-speaking": a demonym naming a
    // language names nobody.
    for (cue, next) in cues.iter_mut().zip(words.iter().skip(1)) {
        let language = matches!(next.lower.as_str(), "language" | "languages");
        if language && cue.as_ref().is_some_and(|c| c.demonym) {
            *cue = None;
        }
    }
    // "the Ottawa treaty", "the Kyoto protocol", "the Ottawa Convention":
    // a city before the noun of a treaty, or a name ending in one, names
    // the treaty, not a party to it ("the Israel-Jordan treaty" keeps its
    // countries).
    let treaty = |w: &Word<'_>| {
        matches!(
            w.lower.as_str(),
            "treaty"
                | "treaties"
                | "convention"
                | "conventions"
                | "accord"
                | "accords"
                | "protocol"
                | "pact"
                | "process"
                | "charter"
                | "declaration"
        )
    };
    for i in 0..cues.len() {
        let Some(cue) = &cues[i] else { continue };
        let (lo, hi) = cue.unit;
        if i != lo || hi == 0 || hi > words.len() {
            continue;
        }
        let city = cue.place && !cue.nation && cue.sector.is_none() && cue.group.is_none();
        let names_treaty =
            (hi - lo > 1 && treaty(&words[hi - 1])) || (city && words.get(hi).is_some_and(&treaty));
        if names_treaty {
            for slot in &mut cues[lo..hi] {
                *slot = None;
            }
        }
    }
    // Role and group words give a sector.
    let lowers: Vec<&str> = words.iter().map(|w| w.lower.as_str()).collect();
    let mut i = 0;
    while i < words.len() {
        if words[i].class != Class::Word || cues[i].as_ref().is_some_and(|c| c.sector.is_some()) {
            i += 1;
            continue;
        }
        let found = match gazetteer.role_prefix(&lowers[i..]) {
            Some((role, n)) => role.sector.clone().map(|s| (s, n)),
            None => None,
        };
        let found = found.or_else(|| sectors.words.get(lowers[i]).map(|s| (s.clone(), 1)));
        let Some((sector, n)) = found else {
            i += 1;
            continue;
        };
        // "official figures": the adjective names nobody.
        if lowers[i] == "official"
            && words
                .get(i + 1)
                .is_some_and(|w| w.class == Class::Word && !w.verb)
        {
            i += 1;
            continue;
        }
        // "poverty in general", "the general public", "a general strike":
        // a lower-case "general" before a common noun or after "in" is no
        // officer.
        if words[i].text == "general"
            && n == 1
            && (i.checked_sub(1).is_some_and(|b| lowers[b] == "in")
                || words
                    .get(i + 1)
                    .is_some_and(|w| w.class == Class::Word && !w.capital))
        {
            i += 1;
            continue;
        }
        let end = (i + n).min(words.len());
        for slot in &mut cues[i..end] {
            let cue = slot.get_or_insert_with(|| Cue {
                unit: (i, end),
                ..Cue::default()
            });
            cue.sector.get_or_insert_with(|| sector.clone());
        }
        i = end;
    }
    // "Social Security", "the social security system": a welfare
    // programme, not the police (its administration is an agency).
    for i in 1..words.len() {
        if lowers[i] != "security" || lowers[i - 1] != "social" {
            continue;
        }
        let (lo, hi) = cues[i].as_ref().map_or((i - 1, i + 1), |c| c.unit);
        let name = lo.min(i - 1)..hi.max(i + 1).min(words.len());
        let agency = words[name.clone()]
            .iter()
            .any(|w| matches!(w.lower.as_str(), "administration" | "agency"));
        if !agency {
            for slot in &mut cues[name] {
                *slot = None;
            }
        }
    }
    cues
}

/// Whether "Georgia" in this article is the US state: the article names
/// something of the state or its neighbours (cities, the abbreviation,
/// other southern states) and nothing of the
/// country in the Caucasus.
pub(crate) fn georgia_is_a_state(text: &str) -> bool {
    const STATE: [&str; 15] = [
        "Atlanta",
        "Ga.",
        "Savannah",
        "Macon",
        "Cobb County",
        "state of Georgia",
        "Georgia Tech",
        "University of Georgia",
        "Alabama",
        "Florida",
        "Tennessee",
        "Carolina",
        "Mississippi",
        "Texas",
        "Virginia",
    ];
    const COUNTRY: [&str; 9] = [
        "Tbilisi",
        "Georgian",
        "Shevardnadze",
        "Saakashvili",
        "Caucasus",
        "Abkhaz",
        "Ossetia",
        "Soviet",
        "Black Sea",
    ];
    text.contains("Georgia")
        && STATE.iter().any(|w| text.contains(w))
        && !COUNTRY.iter().any(|w| text.contains(w))
}

fn join(words: &[Word<'_>]) -> String {
    let mut name = String::new();
    for (n, word) in words.iter().enumerate() {
        if n > 0 {
            name.push(' ');
        }
        name.push_str(word.text);
    }
    name
}

/// The cue of a name the gazetteer knows.
fn name_cue(name: &str, gazetteer: &Gazetteer, sectors: &Sectors) -> Option<Cue> {
    if let Some(organisation) = gazetteer.organisation(name) {
        return Some(organisation_cue(organisation));
    }
    if let Some(country) = gazetteer.country(name) {
        return Some(Cue {
            country: Some(country.alpha3.clone()),
            demonym: gazetteer.demonym(name).is_some(),
            place: gazetteer.demonym(name).is_none(),
            nation: gazetteer.demonym(name).is_none(),
            ..Cue::default()
        });
    }
    if let Some(country) = gazetteer.capital_of(name) {
        return Some(Cue {
            country: Some(country.alpha3.clone()),
            seat: true,
            place: true,
            ..Cue::default()
        });
    }
    sectors.names.get(name).map(|(alpha3, sector)| Cue {
        country: Some(alpha3.clone()),
        sector: sector.clone(),
        demonym: sector.is_none() && name.ends_with(['n', 's', 'h']),
        ..Cue::default()
    })
}

fn organisation_cue(organisation: &tidings_nlp::gazetteer::Organisation) -> Cue {
    match &organisation.country {
        Some(country) => Cue {
            country: Some(country.clone()),
            sector: Some(institution_sector(&organisation.name).to_string()),
            seat: true,
            place: organisation.kind == EntityKind::Location,
            ..Cue::default()
        },
        None => {
            let group = match &organisation.group {
                Some(group) => format!("IGO{group}"),
                None => "IGO".to_string(),
            };
            Cue {
                group: Some(group),
                ..Cue::default()
            }
        }
    }
}

/// Whether an organisation the gazetteer lacks, without a country, is
/// non-governmental, from the words of its name ("the Velmora Jurists'
/// Association"). Known bodies keep the gazetteer's coding (the Red Cross
/// and Amnesty International are `IGO`, as the reference data codes them).
fn is_ngo(name: &str) -> bool {
    const WORDS: [&str; 15] = [
        "association",
        "campaign",
        "amnesty",
        "watch",
        "doctors",
        "medecins",
        "médecins",
        "red cross",
        "red crescent",
        "foundation",
        "society",
        "crisis group",
        "reporters",
        "oxfam",
        "greenpeace",
    ];
    let lower = name.to_lowercase();
    WORDS.iter().any(|w| lower.contains(w))
}

/// The sector of a country's institution, from its name.
fn institution_sector(name: &str) -> &'static str {
    let lower = name.to_lowercase();
    if ["army", "military", "forces", "guard", "navy", "air force"]
        .iter()
        .any(|w| lower.contains(w))
    {
        "MIL"
    } else if lower.split_whitespace().any(|w| {
        matches!(
            w.trim_matches(|c: char| c == '.' || c == ','),
            "corp" | "inc" | "co" | "company" | "ltd" | "llc" | "plc" | "airlines" | "airways"
        )
    }) {
        // "British Aircraft Corp.": a business, not the government.
        "BUS"
    } else if ["intelligence", "mossad"].iter().any(|w| lower.contains(w)) {
        "SPY"
    } else if [
        "congress",
        "senate",
        "parliament",
        "duma",
        "knesset",
        "house of",
        "bundestag",
        "majlis",
    ]
    .iter()
    .any(|w| lower.contains(w))
    {
        "LEG"
    } else {
        "GOV"
    }
}

/// The cue of a named mention.
fn mention_cue(
    text: &str,
    kind: EntityKind,
    entity: Option<&tidings_model::Entity>,
    gazetteer: &Gazetteer,
    sectors: &Sectors,
    date: Option<u32>,
) -> Cue {
    let bare = text.strip_prefix("the ").unwrap_or(text);
    // "Michael Jordan", "Jordan" for him: a person whose name holds a
    // country's is not that country.
    let person =
        kind == EntityKind::Person && entity.is_some_and(|e| e.name.split_whitespace().count() > 1);
    let of_person = |cue: &Cue| person && cue.place && cue.sector.is_none() && cue.group.is_none();
    if let Some(cue) = name_cue(bare, gazetteer, sectors).filter(|c| !of_person(c)) {
        return cue;
    }
    let full = entity.map(|e| e.name.as_str()).filter(|n| *n != bare);
    if let Some(name) = full {
        if let Some(cue) = name_cue(name, gazetteer, sectors).filter(|c| !of_person(c)) {
            return cue;
        }
    }
    // The converted dictionaries, with the code of the publication date.
    if let Some(code) = full
        .and_then(|name| sectors.dated.code(name, date))
        .or_else(|| sectors.dated.code(bare, date))
    {
        return Cue {
            country: code.country.map(str::to_string),
            sector: code
                .country
                .and_then(|_| (!code.rest.is_empty()).then(|| code.rest.to_string())),
            group: code.country.is_none().then(|| code.rest.to_string()),
            place: kind == EntityKind::Location,
            ..Cue::default()
        };
    }
    if let Some(organisation) = entity.and_then(|e| gazetteer.organisation(&e.name)) {
        return organisation_cue(organisation);
    }
    // A country or organisation inside the name: "Bosnian Serbs", "Nigerian
    // Union of Teachers", "U.N. Secretary-General Kofi Annan".
    let inner = bare
        .split_whitespace()
        .map(|w| w.trim_end_matches("'s").trim_end_matches("\u{2019}s"))
        .filter_map(|w| name_cue(w, gazetteer, sectors))
        .find(|c| !of_person(c));
    let country = entity
        .and_then(|e| e.country.clone())
        .or_else(|| inner.as_ref().and_then(|c| c.country.clone()));
    let group = match (&country, inner) {
        (None, Some(cue)) => cue.group,
        // "the Association of Velmoran Jurists": a body of citizens.
        (None, None) if kind == EntityKind::Organisation && is_ngo(bare) => Some("NGO".to_string()),
        _ => None,
    };
    let sector = entity.and_then(|e| {
        e.roles.iter().find_map(|role| {
            let words: Vec<&str> = role.split_whitespace().collect();
            gazetteer.role(&words).and_then(|r| r.sector.clone())
        })
    });
    let sector = match (kind, sector) {
        (_, Some(sector)) => Some(sector),
        // "the South African Campaign Against Landmines": citizens, not
        // the state.
        (EntityKind::Organisation, None) if country.is_some() && is_ngo(bare) => {
            Some("NGO".to_string())
        }
        (EntityKind::Organisation, None) if country.is_some() => {
            Some(institution_sector(text).to_string())
        }
        _ => None,
    };
    Cue {
        country,
        sector,
        group,
        place: kind == EntityKind::Location,
        ..Cue::default()
    }
}

/// The actors named in `range` of the sentence: one per conjunct ("the US
/// and Israel" → two). A demonym conjunct takes the sector of the next
/// ("Hungarian and Romanian officials"); a conjunct with a sector and no
/// country or determiner takes the country of the one before ("the Iranian
/// leadership and people").
pub(crate) fn actors_in(
    text: &str,
    words: &[Word<'_>],
    cues: &[Option<Cue>],
    range: Range<usize>,
    as_source: bool,
) -> Vec<Actor> {
    struct Part {
        start: usize,
        end: usize,
        country: Option<String>,
        sector: Option<String>,
        group: Option<String>,
        entity: Option<usize>,
        seat: bool,
        demonym_only: bool,
        determiner: bool,
    }
    let end = range.end.min(words.len());
    let mut parts: Vec<Part> = Vec::new();
    let mut start = range.start;
    for i in range.start..=end {
        let split = i == end || matches!(words[i].class, Class::Conj | Class::Comma);
        if !split {
            continue;
        }
        let span = start..i;
        start = i + 1;
        let mut part = Part {
            start: span.start,
            end: span.end,
            country: None,
            sector: None,
            group: None,
            entity: None,
            seat: false,
            demonym_only: true,
            determiner: words.get(span.start).is_some_and(|w| w.class == Class::Det),
        };
        let mut any = false;
        for j in span.clone() {
            let Some(cue) = &cues[j] else { continue };
            any = true;
            if part.country.is_none() {
                part.country = cue.country.clone();
            }
            if part.sector.is_none() {
                part.sector = cue.sector.clone();
            }
            if part.group.is_none() {
                part.group = cue.group.clone();
            }
            if part.entity.is_none() {
                part.entity = cue.entity;
            }
            part.seat |= cue.seat && cue.sector.is_none();
            part.demonym_only &= cue.demonym;
        }
        if any {
            parts.push(part);
        }
    }
    for k in 0..parts.len() {
        if parts[k].demonym_only && parts[k].sector.is_none() {
            if let Some(next) = parts.get(k + 1) {
                parts[k].sector = next.sector.clone();
            }
        }
        if k > 0 && parts[k].country.is_none() && parts[k].group.is_none() && !parts[k].determiner {
            parts[k].country = parts[k - 1].country.clone();
        }
    }
    let mut actors = Vec::new();
    for part in parts {
        let sector = match part.sector {
            Some(sector) => Some(sector),
            None if part.seat && as_source => Some("GOV".to_string()),
            None => None,
        };
        let code = match (&part.country, &part.group, &sector) {
            (None, Some(group), _) => Some(group.clone()),
            (Some(country), _, Some(sector)) => Some(format!("{country}{sector}")),
            (Some(country), _, None) => Some(country.clone()),
            (None, None, Some(sector)) => Some(sector.clone()),
            (None, None, None) => None,
        };
        let Some(code) = code else { continue };
        // The words from the first to the last actor word, with the
        // adjectives between: "Russian President Vladimir Putin".
        let with_cue = |i: &usize| cues.get(*i).is_some_and(Option::is_some);
        let first = (part.start..part.end).find(with_cue).unwrap_or(part.start);
        let last = (part.start..part.end)
            .rev()
            .find(with_cue)
            .unwrap_or(first)
            .max(first);
        let actor_text = match (words.get(first), words.get(last)) {
            (Some(a), Some(b)) if a.span.start <= b.span.end => {
                text.get(a.span.start..b.span.end).unwrap_or("").to_string()
            }
            _ => String::new(),
        };
        if actors
            .iter()
            .any(|a: &Actor| a.code.as_deref() == Some(code.as_str()) && a.text == actor_text)
        {
            continue;
        }
        let sector = match (&part.country, &part.group) {
            (None, Some(group)) => group.get(3..).filter(|g| !g.is_empty()).map(str::to_string),
            _ => sector,
        };
        actors.push(Actor {
            code: Some(code),
            country: part.country,
            sector,
            text: actor_text,
            entity: part.entity,
        });
    }
    actors
}

/// The noun group around the actor word at `at`, with coordinated actors
/// ("the US and Israel", "Iranian President X and Israeli Prime Minister Y").
pub(crate) fn phrase_around(words: &[Word<'_>], cues: &[Option<Cue>], at: usize) -> Range<usize> {
    let inside = |i: usize| -> bool {
        cues[i].is_some()
            || matches!(words[i].class, Class::Det | Class::Poss | Class::Num)
            || (words[i].class == Class::Word && !is_verb_at(words, i))
    };
    let mut start = at;
    while start > 0 && inside(start - 1) && at - start < 6 {
        start -= 1;
    }
    let mut end = at + 1;
    loop {
        while end < words.len() && inside(end) && (cues[end].is_some() || end - at < 4) {
            end += 1;
        }
        // Coordination: "and" or a comma, then (after a determiner) an actor.
        let Some(word) = words.get(end) else { break };
        if !matches!(word.class, Class::Conj | Class::Comma) {
            break;
        }
        let mut next = end + 1;
        while next < words.len() && matches!(words[next].class, Class::Det | Class::Conj) {
            next += 1;
        }
        if next < words.len() && cues[next].is_some() {
            end = next + 1;
        } else {
            break;
        }
    }
    // Trim trailing words that are not part of a name ("Iran 's").
    while end > at + 1 && cues[end - 1].is_none() && words[end - 1].class != Class::Word {
        end -= 1;
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_corporation_is_a_business() {
        assert_eq!(institution_sector("Velmora Aircraft Corp."), "BUS");
        assert_eq!(institution_sector("Portavel Shipping Co. Ltd"), "BUS");
        assert_eq!(institution_sector("Velmora Airlines"), "BUS");
        // Not a word inside another, and institutions stay what they were.
        assert_eq!(institution_sector("the Peace Corps"), "GOV");
        assert_eq!(institution_sector("Velmoran Air Force"), "MIL");
        assert_eq!(institution_sector("Ministry of Commerce"), "GOV");
    }

    #[test]
    fn georgia_is_a_state_beside_atlanta_and_a_country_beside_tbilisi() {
        assert!(georgia_is_a_state(
            "Storms hit Atlanta on Monday. Georgia asked for federal help."
        ));
        assert!(!georgia_is_a_state(
            "Georgia asked the EU for help after fighting near Tbilisi."
        ));
        assert!(!georgia_is_a_state("Floods hit Atlanta on Monday."));
    }
}
