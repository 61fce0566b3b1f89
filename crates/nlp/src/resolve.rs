//! Entity resolution in one document: the tagger's mentions grouped into
//! entities, each with a canonical name, aliases, a country and roles.
//!
//! "Russian President Vladimir Putin", "Vladimir Putin" and "Putin" become
//! one entity named "Vladimir Putin" with role President and country RUS.
//! How it goes:
//!
//! 1. Role words and titles the tagger put inside a person's mention
//!    ("President Vladimir Putin") move out of the name into the roles; so
//!    does a country or demonym in front of them ("Russian President").
//! 2. The words just before a person ("Israeli Prime Minister", "Iran's
//!    Supreme Leader Ayatollah") and an apposition after it ("Masoud
//!    Pezeshkian, Iran's president") give roles and a country.
//! 3. Mentions with the same name, or names the gazetteer knows as one
//!    ("US", "United States"; "UN", "United Nations"), are one entity; an
//!    acronym in parentheses after an organisation or place ("Human Rights
//!    Activists News Agency (HRANA)") becomes its alias.
//! 4. A surname or first name alone joins the one full name it matches,
//!    before or after it; when two full names share it, it joins the nearest
//!    preceding one unless the other is named in the same sentence or its
//!    roles contradict, and otherwise stays apart.
//! 5. Each entity's kind is the majority of its mentions' kinds (ties: PER >
//!    ORG > LOC > MISC) and its name the longest mention text.

use std::collections::HashMap;

use tidings_model::{Entity, EntityKind, Mention, Sentence, Span};

use crate::gazetteer::Gazetteer;
use crate::segment;

/// A name the tagger found, before resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawMention {
    /// The name's bytes in the text.
    pub span: Span,
    /// What the tagger says it names.
    pub kind: EntityKind,
    /// Index of its sentence.
    pub sentence: usize,
}

/// Groups the tagger's mentions into entities.
///
/// Mentions come back in text order (invalid or overlapping ones dropped),
/// each pointing at its entity; entities are in order of first mention.
///
/// ```
/// use tidings_model::{EntityKind, Span};
/// use tidings_nlp::{gazetteer::Gazetteer, resolve::{resolve, RawMention}, segment::sentences};
/// let text = "Velmoran President Ada Korr spoke. Korr left.";
/// let sentences = sentences(text);
/// let raw = vec![
///     RawMention { span: Span::new(19, 27), kind: EntityKind::Person, sentence: 0 },
///     RawMention { span: Span::new(35, 39), kind: EntityKind::Person, sentence: 1 },
/// ];
/// let (mentions, entities) = resolve(text, &sentences, raw, &Gazetteer::bundled()?);
/// assert_eq!(entities.len(), 1);
/// assert_eq!(entities[0].name, "Ada Korr");
/// assert_eq!(entities[0].roles, ["President"]);
/// assert_eq!(mentions[1].entity, 0);
/// # Ok::<(), tidings_nlp::Error>(())
/// ```
pub fn resolve(
    text: &str,
    sentences: &[Sentence],
    raw: Vec<RawMention>,
    gazetteer: &Gazetteer,
) -> (Vec<Mention>, Vec<Entity>) {
    let mut prepared = prepare(text, sentences, raw, gazetteer);
    harmonise_lists(text, &mut prepared);
    let groups = group(&prepared, gazetteer);
    build(text, prepared, groups, gazetteer)
}

/// A mention after its name has been cut free of role words, with what
/// its context says.
#[derive(Debug, Clone)]
struct Prepared {
    span: Span,
    kind: EntityKind,
    sentence: usize,
    /// The name with whitespace runs made single spaces.
    name: String,
    /// Its words (tokens).
    words: Vec<String>,
    /// Roles from inside the mention, before it and in apposition.
    roles: Vec<String>,
    /// Country from the context (`Russian President`) or the gazetteer.
    country: Option<String>,
    /// An acronym in parentheses right after it.
    acronym: Option<(String, Span)>,
}

/// Names in one list ("Tehran, Natanz, Tabriz, and Isfahan") are things of
/// one kind: in a list of three or more where most members share a kind, a
/// member of another kind takes it, unless its context says otherwise (a
/// role makes a person). Mentions are in text order, one per span.
fn harmonise_lists(text: &str, mentions: &mut [Prepared]) {
    let joins = |a: &Prepared, b: &Prepared| {
        a.sentence == b.sentence
            && text.get(a.span.end..b.span.start).is_some_and(|between| {
                matches!(
                    between
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                        .as_str(),
                    "," | ", and" | ", or" | "and" | "or"
                )
            })
    };
    let mut start = 0;
    while start < mentions.len() {
        let mut end = start + 1;
        while end < mentions.len() && joins(&mentions[end - 1], &mentions[end]) {
            end += 1;
        }
        if end - start >= 3 {
            let list = &mentions[start..end];
            let majority = EntityKind::ALL
                .into_iter()
                .find(|kind| list.iter().filter(|m| m.kind == *kind).count() * 2 > list.len());
            if let Some(kind) = majority {
                for mention in &mut mentions[start..end] {
                    if mention.kind != kind && mention.roles.is_empty() {
                        mention.kind = kind;
                    }
                }
            }
        }
        start = end;
    }
}

/// Cleans the raw mentions and reads their context.
/// How many tokens before and after a mention are read for its roles,
/// country and acronym: far more than any title chain or apposition needs.
const CONTEXT_TOKENS: usize = 64;

fn prepare(
    text: &str,
    sentences: &[Sentence],
    mut raw: Vec<RawMention>,
    gazetteer: &Gazetteer,
) -> Vec<Prepared> {
    raw.retain(|m| m.span.start < m.span.end && text.get(m.span.start..m.span.end).is_some());
    raw.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
    let mut out: Vec<Prepared> = Vec::with_capacity(raw.len());
    let mut last_end = 0;
    for mention in raw {
        if mention.span.start < last_end {
            continue;
        }
        last_end = mention.span.end;
        let sentence = sentence_of(sentences, mention);
        let tokenized;
        let tokens: &[Span] = match sentence.and_then(|s| sentences.get(s)) {
            Some(s) => &s.tokens,
            None => {
                tokenized = segment::tokenize(text, mention.span);
                &tokenized
            }
        };
        let word = |t: &Span| text.get(t.start..t.end).unwrap_or("");
        // Tokens are in text order: find the mention by binary search and
        // read only a window of context around it, so that a sentence of
        // thousands of tokens (a text without sentence ends) is not read
        // once per mention (issue 16).
        let first = tokens.partition_point(|t| t.start < mention.span.start);
        let after = first + tokens[first..].partition_point(|t| t.start < mention.span.end);
        let inside: Vec<Span> = tokens[first..after]
            .iter()
            .copied()
            .filter(|t| t.end <= mention.span.end)
            .collect();
        let context_start = first.saturating_sub(CONTEXT_TOKENS);
        let context_end = after.saturating_add(CONTEXT_TOKENS).min(tokens.len());
        let before: Vec<&str> = tokens[context_start..first].iter().map(word).collect();
        let following: Vec<&str> = tokens[after..context_end].iter().map(word).collect();

        let mut roles = Vec::new();
        let mut country = None;
        let mut inner: Vec<Span> = if inside.is_empty() {
            vec![mention.span]
        } else {
            inside
        };
        let kind = if mention.kind != EntityKind::Person && titled_person(text, &inner, gazetteer) {
            EntityKind::Person
        } else {
            mention.kind
        };
        if kind == EntityKind::Person {
            let whole = inner.clone();
            strip_roles(text, &mut inner, &mut roles, &mut country, gazetteer);
            // Role words the tagger took into the name still read with what
            // precedes them: "Iran 's [Supreme Leader Ayatollah Ali Khamenei]".
            let mut before = before;
            before.extend(whole[..whole.len() - inner.len()].iter().map(word));
            let (before_roles, before_country) = roles_before(&before, gazetteer);
            roles.extend(before_roles);
            country = country.or(before_country);
            let (after_roles, after_country) = apposition(&following, gazetteer);
            roles.extend(after_roles);
            country = country.or(after_country);
        }
        // A trailing possessive inside the mention is not part of the name.
        while inner.len() > 1 && is_possessive(word(&inner[inner.len() - 1])) {
            inner.pop();
        }
        let (Some(first_token), Some(last_token)) = (inner.first(), inner.last()) else {
            continue;
        };
        let span = Span::new(first_token.start, last_token.end);
        let words: Vec<String> = inner.iter().map(|t| word(t).to_string()).collect();
        let name = text
            .get(span.start..span.end)
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let acronym = if kind != EntityKind::Person {
            acronym_after(&tokens[after..context_end], text)
        } else {
            None
        };
        out.push(Prepared {
            span,
            kind,
            sentence: sentence.unwrap_or(mention.sentence),
            name,
            words,
            roles,
            country,
            acronym,
        });
    }
    out
}

/// The index of the sentence holding `mention`: its own if it fits, else
/// the one that contains its start.
fn sentence_of(sentences: &[Sentence], mention: RawMention) -> Option<usize> {
    let fits = |s: &Sentence| s.span.start <= mention.span.start && mention.span.start < s.span.end;
    if sentences.get(mention.sentence).is_some_and(fits) {
        return Some(mention.sentence);
    }
    let i = sentences.partition_point(|s| s.span.end <= mention.span.start);
    sentences.get(i).filter(|s| fits(s)).map(|_| i)
}

fn is_possessive(word: &str) -> bool {
    matches!(word, "'s" | "’s" | "'" | "’" | "'S")
}

/// The country a phrase names: a country, demonym or institution.
fn country_of(phrase: &str, gazetteer: &Gazetteer) -> Option<String> {
    gazetteer
        .country(phrase)
        .map(|c| c.alpha3.clone())
        .or_else(|| {
            gazetteer
                .organisation(phrase)
                .and_then(|o| o.country.clone())
        })
}

/// A country phrase of up to three words ending at `words[end]`, with its
/// length.
fn country_ending_at(words: &[&str], end: usize, gazetteer: &Gazetteer) -> Option<(String, usize)> {
    (1..=end.min(3))
        .rev()
        .find_map(|k| country_of(&words[end - k..end].join(" "), gazetteer).map(|c| (c, k)))
}

/// A country phrase of up to three words starting at `words[0]`.
fn country_starting(words: &[&str], gazetteer: &Gazetteer) -> Option<(String, usize)> {
    (1..=words.len().min(3))
        .rev()
        .find_map(|k| country_of(&words[..k].join(" "), gazetteer).map(|c| (c, k)))
}

/// Moves leading role words (and a country before them) out of a
/// person's tokens into `roles` and `country`.
fn strip_roles(
    text: &str,
    tokens: &mut Vec<Span>,
    roles: &mut Vec<String>,
    country: &mut Option<String>,
    gazetteer: &Gazetteer,
) {
    loop {
        let words: Vec<&str> = tokens
            .iter()
            .map(|t| text.get(t.start..t.end).unwrap_or(""))
            .collect();
        // "Russian President …", "Iran 's Supreme Leader …".
        if let Some((found, k)) = country_starting(&words, gazetteer) {
            let skip = k + usize::from(words.get(k).is_some_and(|w| is_possessive(w)));
            if let Some((role, n)) = gazetteer.role_prefix(&words[skip.min(words.len())..]) {
                if skip + n < words.len() {
                    country.get_or_insert(found);
                    push_role(roles, role);
                    tokens.drain(..skip + n);
                    continue;
                }
            }
        }
        match gazetteer.role_prefix(&words) {
            Some((role, n)) if n < words.len() && starts_upper(words[n]) => {
                push_role(roles, role);
                tokens.drain(..n);
            }
            _ => return,
        }
    }
}

/// Words that make a capitalised phrase an institution or a place even after
/// a role word ("King Abdullah University", "President Hotel").
const INSTITUTION_WORDS: &[&str] = &[
    "Academy",
    "Agency",
    "Airport",
    "Association",
    "Avenue",
    "Bank",
    "Bridge",
    "Center",
    "Centre",
    "College",
    "Committee",
    "Company",
    "Corporation",
    "Council",
    "Court",
    "Foundation",
    "Fund",
    "Group",
    "Hall",
    "Hospital",
    "Hotel",
    "Institute",
    "League",
    "Ministry",
    "Museum",
    "Office",
    "Palace",
    "Park",
    "Party",
    "Port",
    "Prize",
    "Road",
    "School",
    "Square",
    "Stadium",
    "Street",
    "Trust",
    "University",
];

/// True when a mention the tagger did not call a person is a role or title
/// followed by a short personal name ("Supreme Leader Ayatollah Ali
/// Khamenei", "President Lotte Berg"): titles name people, not institutions.
fn titled_person(text: &str, tokens: &[Span], gazetteer: &Gazetteer) -> bool {
    let mut rest = tokens.to_vec();
    let (mut roles, mut country) = (Vec::new(), None);
    strip_roles(text, &mut rest, &mut roles, &mut country, gazetteer);
    let words: Vec<&str> = rest
        .iter()
        .map(|t| text.get(t.start..t.end).unwrap_or(""))
        .collect();
    !roles.is_empty()
        && (1..=3).contains(&words.len())
        && words
            .iter()
            .all(|w| starts_upper(w) && !INSTITUTION_WORDS.contains(w))
}

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Keeps roles that imply a sector; titles such as "Mr." are dropped.
fn push_role(roles: &mut Vec<String>, role: &crate::gazetteer::Role) {
    if role.sector.is_some() && !roles.contains(&role.name) {
        roles.push(role.name.clone());
    }
}

/// Roles and country in the words right before a person:
/// "Iran 's Supreme Leader Ayatollah" → Supreme Leader, IRN.
fn roles_before(words: &[&str], gazetteer: &Gazetteer) -> (Vec<String>, Option<String>) {
    let mut roles = Vec::new();
    let mut end = words.len();
    let mut found_any = false;
    while end > 0 {
        let found = (1..=end.min(4)).rev().find_map(|k| {
            gazetteer
                .role_prefix(&words[end - k..end])
                .filter(|(_, n)| *n == k)
                .map(|(role, _)| (role, k))
        });
        match found {
            Some((role, k)) => {
                push_role(&mut roles, role);
                found_any = true;
                end -= k;
            }
            None => break,
        }
    }
    if !found_any {
        return (roles, None);
    }
    // Roles were read right to left; give them in text order.
    roles.reverse();
    if end > 0 && is_possessive(words[end - 1]) {
        end -= 1;
    }
    let country = country_ending_at(words, end, gazetteer).map(|(c, _)| c);
    (roles, country)
}

/// Roles and country in an apposition right after a person:
/// ", Iran 's president" or ", the Iranian foreign minister".
fn apposition(words: &[&str], gazetteer: &Gazetteer) -> (Vec<String>, Option<String>) {
    let mut roles = Vec::new();
    if words.first() != Some(&",") {
        return (roles, None);
    }
    let mut i = 1;
    if words
        .get(i)
        .is_some_and(|w| matches!(w.to_ascii_lowercase().as_str(), "the" | "a" | "an"))
    {
        i += 1;
    }
    let mut country = None;
    if let Some((found, k)) = country_starting(&words[i.min(words.len())..], gazetteer) {
        country = Some(found);
        i += k;
        if words.get(i).is_some_and(|w| is_possessive(w)) {
            i += 1;
        }
    }
    if let Some((role, _)) = gazetteer.role_prefix(&words[i.min(words.len())..]) {
        if role.sector.is_some() {
            push_role(&mut roles, role);
            return (roles, country);
        }
    }
    (Vec::new(), None)
}

/// An acronym in parentheses at the start of `tokens`: `( HRANA )`.
fn acronym_after(tokens: &[Span], text: &str) -> Option<(String, Span)> {
    let word = |i: usize| tokens.get(i).and_then(|t| text.get(t.start..t.end));
    if word(0)? != "(" || word(2)? != ")" {
        return None;
    }
    let acronym = word(1)?;
    let upper = acronym.chars().filter(|c| c.is_uppercase()).count();
    let plain = acronym
        .chars()
        .all(|c| c.is_alphanumeric() || c == '.' || c == '-' || c == '&');
    (upper >= 2 && plain && starts_upper(acronym)).then(|| (acronym.to_string(), tokens[1]))
}

/// How a name is recognised as the same entity: gazetteer forms share a key.
fn key_of(mention: &Prepared, gazetteer: &Gazetteer) -> String {
    let name = mention.name.as_str();
    if let Some(organisation) = gazetteer.organisation(name) {
        return format!("org:{}", organisation.name);
    }
    if let Some(country) = gazetteer.demonym(name) {
        return format!("demonym:{}", country.alpha3);
    }
    if let Some(country) = gazetteer.country(name) {
        return format!("country:{}", country.alpha3);
    }
    format!("name:{name}")
}

/// Assigns each prepared mention a group number.
fn group(mentions: &[Prepared], gazetteer: &Gazetteer) -> Vec<usize> {
    let mut group_of_key: HashMap<String, usize> = HashMap::new();
    let mut groups = vec![usize::MAX; mentions.len()];
    let mut next = 0;
    // Full names and everything that is not a lone word first.
    let lone = |m: &Prepared| {
        m.words.len() == 1
            && gazetteer.place(&m.name).is_none()
            && gazetteer.organisation(&m.name).is_none()
    };
    for (i, mention) in mentions.iter().enumerate() {
        if lone(mention) && !group_of_key.contains_key(&key_of(mention, gazetteer)) {
            continue;
        }
        let key = key_of(mention, gazetteer);
        let g = *group_of_key.entry(key).or_insert_with(|| {
            next += 1;
            next - 1
        });
        groups[i] = g;
        // An acronym after it names the same entity from here on.
        if let Some((acronym, _)) = &mention.acronym {
            group_of_key.entry(format!("name:{acronym}")).or_insert(g);
        }
    }
    // Acronyms registered late also catch earlier lone mentions.
    // Lone words: join a full person name that ends or starts with them.
    // The full names are indexed by their first and last word, and each
    // group's roles kept as groups grow, so that a long text with many
    // lone words is not quadratic (issue 16).
    let mut persons_by_word: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut group_roles: HashMap<usize, Vec<&String>> = HashMap::new();
    for (i, mention) in mentions.iter().enumerate() {
        if groups[i] == usize::MAX {
            continue;
        }
        group_roles
            .entry(groups[i])
            .or_default()
            .extend(&mention.roles);
        if mention.words.len() > 1 && mention.kind == EntityKind::Person {
            let (first, last) = (&mention.words[0], &mention.words[mention.words.len() - 1]);
            persons_by_word.entry(first.as_str()).or_default().push(i);
            if last != first {
                persons_by_word.entry(last.as_str()).or_default().push(i);
            }
        }
    }
    // The distinct groups of the full names a word matches, per word.
    let mut candidates_of_word: HashMap<&str, Vec<usize>> = HashMap::new();
    for i in 0..mentions.len() {
        if groups[i] != usize::MAX {
            continue;
        }
        let mention = &mentions[i];
        let key = key_of(mention, gazetteer);
        if let Some(&g) = group_of_key.get(&key) {
            groups[i] = g;
            group_roles.entry(g).or_default().extend(&mention.roles);
            continue;
        }
        let word = mention.name.as_str();
        let matches: &[usize] = persons_by_word.get(word).map_or(&[], Vec::as_slice);
        let candidates = candidates_of_word.entry(word).or_insert_with(|| {
            let mut candidates: Vec<usize> = matches.iter().map(|&p| groups[p]).collect();
            candidates.sort_unstable();
            candidates.dedup();
            candidates
        });
        let ambiguous = candidates.len() > 1;
        let chosen = match candidates.as_slice() {
            [] => None,
            [only] => Some(*only),
            _ => nearest_without_contradiction(mentions, &groups, matches, i, &group_roles),
        };
        let g = match chosen {
            Some(g) => g,
            None => {
                next += 1;
                next - 1
            }
        };
        groups[i] = g;
        group_roles.entry(g).or_default().extend(&mention.roles);
        // Later lone mentions of the same word follow this one only when it
        // was unambiguous.
        if !ambiguous {
            group_of_key.insert(key, g);
        }
    }
    join_extensions(mentions, &mut groups);
    groups
}

/// The shorter names that a name of an organisation or place extends:
/// what comes before its first `of` (`Harbour Authority` in `Harbour
/// Authority of Velmora`) and, for a name of three words or more, what
/// follows its first word or two (`Harbour Authority` in `Velmora Harbour
/// Authority`). Only shorter names of two words or more: one word is too
/// little to tell (`Velmora` is no short form of `Velmora Harbour
/// Authority`).
fn shorter_forms(words: &[String]) -> Vec<&[String]> {
    let mut forms = Vec::new();
    if let Some(of) = words.iter().position(|w| w == "of") {
        if of >= 2 {
            forms.push(&words[..of]);
        }
    }
    if !words.iter().any(|w| w == "of") {
        for skip in 1..=2 {
            if words.len() >= skip + 2 {
                forms.push(&words[skip..]);
            }
        }
    }
    forms
}

/// A shorter name that a longer one of the same document extends (see
/// [`shorter_forms`]) names the same organisation or place: their groups
/// become one, unless the shorter one could be either of two longer ones.
fn join_extensions(mentions: &[Prepared], groups: &mut [usize]) {
    let joinable = |m: &Prepared| matches!(m.kind, EntityKind::Organisation | EntityKind::Location);
    // Shorter form → the groups of the longer names that extend it.
    let mut longer: HashMap<&[String], Vec<usize>> = HashMap::new();
    for (i, mention) in mentions.iter().enumerate() {
        if !joinable(mention) || groups[i] == usize::MAX {
            continue;
        }
        for form in shorter_forms(&mention.words) {
            let entry = longer.entry(form).or_default();
            if !entry.contains(&groups[i]) {
                entry.push(groups[i]);
            }
        }
    }
    if longer.is_empty() {
        return;
    }
    let mut renamed: HashMap<usize, usize> = HashMap::new();
    for (i, mention) in mentions.iter().enumerate() {
        if !joinable(mention) || mention.words.len() < 2 {
            continue;
        }
        if let Some([target]) = longer.get(mention.words.as_slice()).map(Vec::as_slice) {
            if *target != groups[i] {
                renamed.insert(groups[i], *target);
            }
        }
    }
    for group in groups.iter_mut() {
        // Follow a chain (a short name of a short name) to its end.
        for _ in 0..renamed.len() {
            match renamed.get(group) {
                Some(&target) if target != *group => *group = target,
                _ => break,
            }
        }
    }
}

/// For a lone word that two full names share: the group of the nearest
/// preceding full name, unless another candidate is named in the same
/// sentence or the roles disagree.
fn nearest_without_contradiction(
    mentions: &[Prepared],
    groups: &[usize],
    matches: &[usize],
    i: usize,
    group_roles: &HashMap<usize, Vec<&String>>,
) -> Option<usize> {
    let mention = &mentions[i];
    // `matches` are in text order, and so are their sentences.
    let before = matches.partition_point(|&p| p < i);
    let preceding = *matches[..before].last()?;
    let chosen = groups[preceding];
    let sentence = mention.sentence;
    let from = matches.partition_point(|&p| mentions[p].sentence < sentence);
    let to = matches.partition_point(|&p| mentions[p].sentence <= sentence);
    let rival_nearby = matches[from..to].iter().any(|&p| groups[p] != chosen);
    let group_roles = group_roles.get(&chosen).map_or(&[][..], Vec::as_slice);
    let roles_disagree = !mention.roles.is_empty()
        && !group_roles.is_empty()
        && !mention.roles.iter().any(|r| group_roles.contains(&r));
    (!rival_nearby && !roles_disagree).then_some(chosen)
}

/// Builds mentions and entities from the groups, entities in order of
/// first mention.
fn build(
    text: &str,
    mentions: Vec<Prepared>,
    groups: Vec<usize>,
    gazetteer: &Gazetteer,
) -> (Vec<Mention>, Vec<Entity>) {
    // Renumber groups by first mention.
    let mut order: HashMap<usize, usize> = HashMap::new();
    for &g in &groups {
        let n = order.len();
        order.entry(g).or_insert(n);
    }
    let count = order.len();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (i, g) in groups.iter().enumerate() {
        if let Some(&e) = order.get(g) {
            members[e].push(i);
        }
    }
    let entities = members
        .iter()
        .map(|indexes| entity_of(indexes, &mentions, gazetteer))
        .collect();
    let out = mentions
        .into_iter()
        .zip(groups)
        .map(|(m, g)| Mention {
            span: m.span,
            text: text.get(m.span.start..m.span.end).unwrap_or("").to_string(),
            kind: m.kind,
            sentence: m.sentence,
            entity: order.get(&g).copied().unwrap_or(0),
        })
        .collect();
    (out, entities)
}

fn entity_of(indexes: &[usize], mentions: &[Prepared], gazetteer: &Gazetteer) -> Entity {
    let members: Vec<&Prepared> = indexes.iter().map(|&i| &mentions[i]).collect();
    // Majority kind; ties go to the earlier kind (PER > ORG > LOC > MISC).
    let kind = EntityKind::ALL
        .iter()
        .copied()
        .max_by_key(|k| {
            let votes = members.iter().filter(|m| m.kind == *k).count();
            (votes, std::cmp::Reverse(*k))
        })
        .unwrap_or(EntityKind::Other);
    let mut name = String::new();
    for member in &members {
        if member.name.chars().count() > name.chars().count() {
            name = member.name.clone();
        }
    }
    let mut aliases: Vec<String> = Vec::new();
    let add_alias = |alias: &str, aliases: &mut Vec<String>| {
        if alias != name && !aliases.iter().any(|a| a == alias) {
            aliases.push(alias.to_string());
        }
    };
    for member in &members {
        add_alias(&member.name, &mut aliases);
        if let Some((acronym, _)) = &member.acronym {
            add_alias(acronym, &mut aliases);
        }
    }
    // An organisation named "N of P" is also called N, in this document or
    // another (the store links through aliases).
    if kind == EntityKind::Organisation {
        if let Some((short, _)) = name.split_once(" of ") {
            if short.split(' ').count() >= 2 {
                add_alias(short, &mut aliases);
            }
        }
    }
    let mut roles: Vec<String> = Vec::new();
    for role in members.iter().flat_map(|m| &m.roles) {
        if !roles.contains(role) {
            roles.push(role.clone());
        }
    }
    let country = members.iter().find_map(|m| m.country.clone()).or_else(|| {
        members.iter().find_map(|m| match m.kind {
            EntityKind::Person => None,
            _ => gazetteer
                .place(&m.name)
                .map(|c| c.alpha3.clone())
                .or_else(|| {
                    gazetteer
                        .organisation(&m.name)
                        .and_then(|o| o.country.clone())
                }),
        })
    });
    Entity {
        name,
        kind,
        aliases,
        country,
        roles,
        mentions: members.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::sentences;
    use proptest::prelude::*;

    /// Raw mentions for every occurrence of each (name, kind) in `text`.
    fn raw_for(
        text: &str,
        sentences: &[Sentence],
        names: &[(&str, EntityKind)],
    ) -> Vec<RawMention> {
        let mut raw = Vec::new();
        for (name, kind) in names {
            let mut from = 0;
            while let Some(at) = text[from..].find(name) {
                let start = from + at;
                let end = start + name.len();
                from = end;
                // Whole words only.
                let before_ok = text[..start]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric());
                let after_ok = text[end..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric());
                if !(before_ok && after_ok) {
                    continue;
                }
                let sentence = sentences
                    .iter()
                    .position(|s| s.span.start <= start && start < s.span.end)
                    .unwrap_or(0);
                raw.push(RawMention {
                    span: Span::new(start, end),
                    kind: *kind,
                    sentence,
                });
            }
        }
        raw.sort_by_key(|m| m.span.start);
        // Drop names inside longer names found first.
        let mut kept: Vec<RawMention> = Vec::new();
        for m in raw {
            if let Some(last) = kept.last_mut() {
                if m.span.start < last.span.end {
                    if m.span.end > last.span.end {
                        *last = m;
                    }
                    continue;
                }
            }
            kept.push(m);
        }
        kept
    }

    fn run(text: &str, names: &[(&str, EntityKind)]) -> (Vec<Mention>, Vec<Entity>) {
        let sentences = sentences(text);
        let raw = raw_for(text, &sentences, names);
        resolve(text, &sentences, raw, &Gazetteer::bundled().unwrap())
    }

    fn entity<'a>(entities: &'a [Entity], name: &str) -> &'a Entity {
        entities
            .iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("no entity {name} in {entities:#?}"))
    }

    use EntityKind::{Location as LOC, Organisation as ORG, Other as MISC, Person as PER};

    /// Issue 15, item 5: a longer name that extends a shorter one in the
    /// same document is the same entity, before or after it.
    #[test]
    fn longer_names_that_extend_shorter_ones_are_one_entity() {
        let text = "The Harbour Authority said it would cooperate. Later the Harbour \
                    Authority of Velmora called the walkout unlawful, and Velmora itself \
                    was quiet.";
        let (mentions, entities) = run(
            text,
            &[
                ("Harbour Authority", ORG),
                ("Harbour Authority of Velmora", ORG),
                ("Velmora", LOC),
            ],
        );
        let authority = entity(&entities, "Harbour Authority of Velmora");
        assert_eq!(authority.mentions, 2, "{entities:#?}");
        assert_eq!(authority.aliases, ["Harbour Authority"]);
        // One word is too little to tell: the town stays apart.
        let town = entity(&entities, "Velmora");
        assert_eq!((town.kind, town.mentions), (LOC, 1));
        assert_eq!(mentions.len(), 3);
        // A place in front extends it too, and the short form may come last.
        let text = "Velmora Harbour Authority staff stayed home. The Harbour Authority \
                    said nothing.";
        let (_, entities) = run(
            text,
            &[
                ("Velmora Harbour Authority", ORG),
                ("Harbour Authority", ORG),
            ],
        );
        assert_eq!(entities.len(), 1, "{entities:#?}");
        assert_eq!(entities[0].name, "Velmora Harbour Authority");
        // Alone in its document, the long name still carries the short one
        // as an alias, for the store to link.
        let text = "The Harbour Authority of Velmora called the walkout unlawful.";
        let (_, entities) = run(text, &[("Harbour Authority of Velmora", ORG)]);
        assert_eq!(entities[0].aliases, ["Harbour Authority"]);
        // A short form two longer names share stays apart.
        let text = "The Supreme Court of Velmora and the Supreme Court of Portavel \
                    disagree; the Supreme Court said nothing.";
        let (_, entities) = run(
            text,
            &[
                ("Supreme Court of Velmora", ORG),
                ("Supreme Court of Portavel", ORG),
                ("Supreme Court", ORG),
            ],
        );
        assert_eq!(entities.len(), 3, "{entities:#?}");
    }

    #[test]
    fn role_and_country_before_a_person() {
        let text = "Velmoran President Ada Korr met Russian President Ivan Dorsk in Velmora. \
                    Korr thanked Dorsk. Ada Korr left.";
        let (mentions, entities) = run(
            text,
            &[
                ("Ada Korr", PER),
                ("Korr", PER),
                ("Ivan Dorsk", PER),
                ("Dorsk", PER),
                ("Velmora", LOC),
                ("Russian", MISC),
            ],
        );
        let korr = entity(&entities, "Ada Korr");
        assert_eq!(
            (
                korr.roles.as_slice(),
                korr.country.as_deref(),
                korr.mentions
            ),
            (&["President".to_string()][..], None, 3)
        );
        assert_eq!(korr.aliases, ["Korr"]);
        let dorsk = entity(&entities, "Ivan Dorsk");
        assert_eq!((dorsk.country.as_deref(), dorsk.mentions), (Some("RUS"), 2));
        assert_eq!(entity(&entities, "Russian").country.as_deref(), Some("RUS"));
        assert_eq!(
            entities[0].name, "Ada Korr",
            "entities in order of first mention"
        );
        assert!(mentions
            .windows(2)
            .all(|w| w[0].span.start < w[1].span.start));
        let korr_index = entities.iter().position(|e| e.name == "Ada Korr").unwrap();
        assert_eq!(
            mentions.iter().filter(|m| m.entity == korr_index).count(),
            3
        );
    }

    #[test]
    fn members_of_a_list_share_the_majority_kind() {
        let text = "Storms hit Velmora, Portavel, Kerra and Dunmere, said Ada Korr, Lotte Berg and Olle Brenn.";
        let find = |name: &str| {
            let start = text.find(name).unwrap();
            Span::new(start, start + name.len())
        };
        let sentences = crate::segment::sentences(text);
        let mention = |name: &str, kind| RawMention {
            span: find(name),
            kind,
            sentence: 0,
        };
        let raw = vec![
            mention("Velmora", EntityKind::Location),
            mention("Portavel", EntityKind::Location),
            mention("Kerra", EntityKind::Person),
            mention("Dunmere", EntityKind::Location),
            mention("Ada Korr", EntityKind::Person),
            mention("Lotte Berg", EntityKind::Location),
            mention("Olle Brenn", EntityKind::Person),
        ];
        let (_, entities) = resolve(text, &sentences, raw, &Gazetteer::bundled().unwrap());
        assert_eq!(entity(&entities, "Kerra").kind, EntityKind::Location);
        // "Dunmere, said Ada Korr" is not a list join: the people form their own list.
        assert_eq!(entity(&entities, "Ada Korr").kind, EntityKind::Person);
        assert_eq!(entity(&entities, "Lotte Berg").kind, EntityKind::Person);

        // Two members are not a list, and no majority changes nothing.
        let text = "Velmora and Kerra met.";
        let raw = vec![
            RawMention {
                span: Span::new(0, 7),
                kind: EntityKind::Location,
                sentence: 0,
            },
            RawMention {
                span: Span::new(12, 17),
                kind: EntityKind::Person,
                sentence: 0,
            },
        ];
        let sentences = crate::segment::sentences(text);
        let (_, entities) = resolve(text, &sentences, raw, &Gazetteer::bundled().unwrap());
        assert_eq!(entity(&entities, "Kerra").kind, EntityKind::Person);
    }

    #[test]
    fn a_title_before_a_name_makes_a_person_whatever_the_tagger_said() {
        let text = "Supreme Leader Ayatollah Ada Korr spoke at King Tomas University.";
        let sentences = crate::segment::sentences(text);
        let raw = vec![
            RawMention {
                span: Span::new(0, 33),
                kind: EntityKind::Organisation,
                sentence: 0,
            },
            RawMention {
                span: Span::new(43, 64),
                kind: EntityKind::Organisation,
                sentence: 0,
            },
        ];
        let (_, entities) = resolve(text, &sentences, raw, &Gazetteer::bundled().unwrap());
        let korr = entity(&entities, "Ada Korr");
        assert_eq!(korr.kind, EntityKind::Person);
        assert_eq!(korr.country, None);
        assert!(korr.roles.iter().any(|r| r == "Supreme Leader"), "{korr:?}");
        let university = entity(&entities, "King Tomas University");
        assert_eq!(university.kind, EntityKind::Organisation);

        // With a country before the title, the person gets it.
        let text = "Iceland's Supreme Leader Ayatollah Ada Korr spoke.";
        let sentences = crate::segment::sentences(text);
        let raw = vec![RawMention {
            span: Span::new(10, 43),
            kind: EntityKind::Organisation,
            sentence: 0,
        }];
        let gazetteer = Gazetteer::bundled().unwrap();
        let (_, entities) = resolve(text, &sentences, raw, &gazetteer);
        let korr = entity(&entities, "Ada Korr");
        assert_eq!(korr.kind, EntityKind::Person);
        assert_eq!(korr.country.as_deref(), Some("ISL"));
    }

    #[test]
    fn role_words_inside_the_mention_move_to_roles() {
        let text = "Iranian President Tomas Reyl spoke. Mr. Reyl left.";
        let (mentions, entities) = run(
            text,
            &[("Iranian President Tomas Reyl", PER), ("Mr. Reyl", PER)],
        );
        assert_eq!(entities.len(), 1);
        let reyl = &entities[0];
        assert_eq!(reyl.name, "Tomas Reyl");
        assert_eq!(reyl.roles, ["President"]);
        assert_eq!(reyl.country.as_deref(), Some("IRN"));
        assert_eq!(mentions[0].text, "Tomas Reyl");
        assert_eq!(mentions[1].text, "Reyl");
    }

    #[test]
    fn possessive_country_and_titles_before_a_person() {
        let text = "Velmora's Supreme Leader Ayatollah Omid Sarvan spoke. Israel's Prime Minister Dan Ezra replied.";
        let (_, entities) = run(
            text,
            &[
                ("Omid Sarvan", PER),
                ("Dan Ezra", PER),
                ("Velmora", LOC),
                ("Israel", LOC),
            ],
        );
        let sarvan = entity(&entities, "Omid Sarvan");
        assert_eq!(sarvan.roles, ["Supreme Leader"]);
        assert_eq!(sarvan.country, None);
        let ezra = entity(&entities, "Dan Ezra");
        assert_eq!(
            (ezra.roles.as_slice(), ezra.country.as_deref()),
            (&["Prime Minister".to_string()][..], Some("ISR"))
        );
    }

    #[test]
    fn apposition_gives_role_and_country() {
        let text = "Masa Ledov, Iran's president, spoke. Una Pell, the British foreign minister, listened.";
        let (_, entities) = run(text, &[("Masa Ledov", PER), ("Una Pell", PER)]);
        let ledov = entity(&entities, "Masa Ledov");
        assert_eq!(
            (ledov.roles.as_slice(), ledov.country.as_deref()),
            (&["President".to_string()][..], Some("IRN"))
        );
        let pell = entity(&entities, "Una Pell");
        assert_eq!(
            (pell.roles.as_slice(), pell.country.as_deref()),
            (&["Foreign Minister".to_string()][..], Some("GBR"))
        );
    }

    #[test]
    fn acronym_in_parentheses_becomes_an_alias() {
        let text = "The Harbour Workers Union of Portavel (HWUP), a local group, struck. HWUP said more would follow.";
        let (mentions, entities) = run(
            text,
            &[("Harbour Workers Union of Portavel", ORG), ("HWUP", ORG)],
        );
        assert_eq!(entities.len(), 1, "{entities:#?}");
        assert_eq!(entities[0].name, "Harbour Workers Union of Portavel");
        assert_eq!(entities[0].aliases, ["HWUP", "Harbour Workers Union"]);
        assert_eq!(entities[0].mentions, 3);
        assert_eq!(mentions.len(), 3);
        // Even when the tagger did not tag the acronym.
        let (_, entities) = run(text, &[("Harbour Workers Union of Portavel", ORG)]);
        assert_eq!(entities[0].aliases, ["HWUP", "Harbour Workers Union"]);
    }

    #[test]
    fn gazetteer_forms_and_metonyms() {
        let text = "The US and the United States Senate differ. The United States sent aid. \
                    The Kremlin said Moscow agreed. Tehran and the UN replied; the United Nations met.";
        let (_, entities) = run(
            text,
            &[
                ("US", LOC),
                ("United States", LOC),
                ("Kremlin", ORG),
                ("Moscow", LOC),
                ("Tehran", LOC),
                ("UN", ORG),
                ("United Nations", ORG),
            ],
        );
        let us = entity(&entities, "United States");
        assert_eq!(
            (us.country.as_deref(), us.aliases.as_slice(), us.mentions),
            (Some("USA"), &["US".to_string()][..], 3)
        );
        let kremlin = entity(&entities, "Kremlin");
        assert_eq!(
            (kremlin.kind, kremlin.country.as_deref()),
            (ORG, Some("RUS"))
        );
        assert_eq!(entity(&entities, "Moscow").country.as_deref(), Some("RUS"));
        assert_eq!(entity(&entities, "Tehran").country.as_deref(), Some("IRN"));
        let un = entity(&entities, "United Nations");
        assert_eq!(
            (un.aliases.as_slice(), un.country.as_deref()),
            (&["UN".to_string()][..], None)
        );
    }

    #[test]
    fn shared_surname_stays_apart_when_ambiguous() {
        let text = "Mayor Ada Korr met General Ben Korr in Velmora. Korr spoke first. \
                    Ada Korr thanked Ben Korr, and Korr smiled. Mayor Korr left.";
        let (mentions, entities) = run(
            text,
            &[
                ("Ada Korr", PER),
                ("Ben Korr", PER),
                ("Korr", PER),
                ("Velmora", LOC),
            ],
        );
        let ada = entities.iter().position(|e| e.name == "Ada Korr").unwrap();
        let ben = entities.iter().position(|e| e.name == "Ben Korr").unwrap();
        let bare: Vec<usize> = mentions
            .iter()
            .filter(|m| m.text == "Korr")
            .map(|m| m.entity)
            .collect();
        assert_eq!(bare.len(), 3);
        // "Korr spoke first": no rival in its sentence, so the nearest
        // preceding full name, Ben Korr.
        assert_eq!(bare[0], ben);
        // Both full names in its sentence: it stays apart.
        assert!(bare[1] != ada && bare[1] != ben);
        // "Mayor Korr": the nearest full name is Ben Korr, a General: the
        // roles contradict, so it does not join him.
        assert_ne!(bare[2], ben);
        assert_eq!(entity(&entities, "Ada Korr").roles, ["Mayor"]);
        assert_eq!(entity(&entities, "Ben Korr").roles, ["General"]);
    }

    #[test]
    fn first_name_and_later_full_name() {
        let text = "Sarvan spoke early. Later, Omid Sarvan left, and Omid waved.";
        let (mentions, entities) = run(
            text,
            &[("Omid Sarvan", PER), ("Sarvan", PER), ("Omid", PER)],
        );
        assert_eq!(entities.len(), 1, "{entities:#?}");
        assert_eq!(entities[0].name, "Omid Sarvan");
        assert_eq!(entities[0].aliases, ["Sarvan", "Omid"]);
        assert!(mentions.iter().all(|m| m.entity == 0));
    }

    #[test]
    fn majority_kind_with_ties_to_person() {
        let text = "Portavel grew. Portavel hired. Portavel said no.";
        let sentences = sentences(text);
        let raw = vec![
            RawMention {
                span: Span::new(0, 8),
                kind: LOC,
                sentence: 0,
            },
            RawMention {
                span: Span::new(15, 23),
                kind: ORG,
                sentence: 1,
            },
            RawMention {
                span: Span::new(31, 39),
                kind: ORG,
                sentence: 2,
            },
        ];
        let (_, entities) = resolve(
            text,
            &sentences,
            raw.clone(),
            &Gazetteer::bundled().unwrap(),
        );
        assert_eq!(entities[0].kind, ORG);
        let (_, entities) = resolve(
            text,
            &sentences,
            raw[..2].to_vec(),
            &Gazetteer::bundled().unwrap(),
        );
        assert_eq!(entities[0].kind, ORG, "ORG beats LOC on a tie");
    }

    #[test]
    fn bad_raw_mentions_are_dropped() {
        let text = "Ada Korr spoke.";
        let sentences = sentences(text);
        let raw = vec![
            RawMention {
                span: Span::new(0, 8),
                kind: PER,
                sentence: 7,
            },
            RawMention {
                span: Span::new(4, 8),
                kind: PER,
                sentence: 0,
            },
            RawMention {
                span: Span::new(10, 99),
                kind: PER,
                sentence: 0,
            },
            RawMention {
                span: Span::new(3, 3),
                kind: PER,
                sentence: 0,
            },
        ];
        let (mentions, entities) = resolve(text, &sentences, raw, &Gazetteer::bundled().unwrap());
        assert_eq!(mentions.len(), 1);
        assert_eq!(
            (mentions[0].sentence, entities[0].name.as_str()),
            (0, "Ada Korr")
        );
    }

    /// A seed file from `../shared/seeds`; the tests that read one are
    /// `#[ignore]`d, so a missing file is a failure when they are asked for.
    fn seed(name: &str) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/seeds")
            .join(name);
        std::fs::read_to_string(&path).unwrap_or_else(|err| {
            panic!(
                "{}: {err}: this test needs the shared evaluation data",
                path.display()
            )
        })
    }

    const SEED_NAMES: &[(&str, EntityKind)] = &[
        ("Vladimir Putin", PER),
        ("Putin", PER),
        ("Benjamin Netanyahu", PER),
        ("Netanyahu", PER),
        ("Donald Trump", PER),
        ("Masoud Pezeshkian", PER),
        ("Pezeshkian", PER),
        ("Ali Khamenei", PER),
        ("Kremlin", ORG),
        ("Human Rights Activists News Agency", ORG),
        ("HRANA", ORG),
        ("White House", ORG),
        ("Iran", LOC),
        ("Israel", LOC),
        ("Tehran", LOC),
        ("Natanz", LOC),
        ("Tabriz", LOC),
        ("Isfahan", LOC),
        ("Moscow", LOC),
        ("Russia", LOC),
        ("US", LOC),
        ("Middle East", LOC),
        ("Russian", MISC),
        ("Israeli", MISC),
        ("Iranian", MISC),
    ];

    #[test]
    #[ignore = "needs ../shared/seeds: cargo test --workspace -- --ignored"]
    fn seed_articles() {
        for file in ["000_2586115594d43654.txt", "002_a437a26006dae97f.txt"] {
            let text = seed(file);
            let (mentions, entities) = run(&text, SEED_NAMES);
            let putin = entity(&entities, "Vladimir Putin");
            assert_eq!(putin.kind, PER);
            assert_eq!(putin.country.as_deref(), Some("RUS"), "{file}");
            assert!(putin.roles.contains(&"President".to_string()), "{file}");
            assert_eq!(putin.aliases, ["Putin"]);
            let putin_index = entities
                .iter()
                .position(|e| e.name == "Vladimir Putin")
                .unwrap();
            assert!(mentions
                .iter()
                .filter(|m| m.text == "Putin")
                .all(|m| m.entity == putin_index));
            let netanyahu = entity(&entities, "Benjamin Netanyahu");
            assert_eq!(
                (netanyahu.country.as_deref(), netanyahu.roles.as_slice()),
                (Some("ISR"), &["Prime Minister".to_string()][..])
            );
            let kremlin = entity(&entities, "Kremlin");
            assert_eq!(
                (kremlin.kind, kremlin.country.as_deref()),
                (ORG, Some("RUS"))
            );
            assert_eq!(entity(&entities, "Iran").country.as_deref(), Some("IRN"));
            assert_eq!(entity(&entities, "Israel").country.as_deref(), Some("ISR"));
            if file.starts_with("000") {
                let trump = entity(&entities, "Donald Trump");
                assert_eq!(
                    (trump.country.as_deref(), trump.roles.as_slice()),
                    (Some("USA"), &["President".to_string()][..])
                );
                let hrana = entity(&entities, "Human Rights Activists News Agency");
                assert_eq!(
                    (hrana.kind, hrana.aliases.as_slice()),
                    (ORG, &["HRANA".to_string()][..])
                );
            } else {
                let pezeshkian = entity(&entities, "Masoud Pezeshkian");
                assert_eq!(
                    (pezeshkian.country.as_deref(), pezeshkian.roles.as_slice()),
                    (Some("IRN"), &["President".to_string()][..])
                );
                assert_eq!(pezeshkian.mentions, 2);
                let khamenei = entity(&entities, "Ali Khamenei");
                assert_eq!(
                    (khamenei.country.as_deref(), khamenei.roles.as_slice()),
                    (Some("IRN"), &["Supreme Leader".to_string()][..])
                );
                for city in ["Tehran", "Natanz", "Tabriz", "Isfahan"] {
                    assert_eq!(entity(&entities, city).kind, LOC);
                }
                assert_eq!(entity(&entities, "Tehran").country.as_deref(), Some("IRN"));
            }
        }
    }

    proptest! {
        #[test]
        fn any_raw_mentions_resolve_without_panic(
            text in "([A-Z][a-z]{0,5}|President|Mr\\.|'s|,|\\(|\\)|[A-Z]{2,4}|\\.|é)( ([A-Z][a-z]{0,5}|President|'s|,|\\(|\\)|[A-Z]{2,4}|\\.|é)){0,25}",
            spans in proptest::collection::vec((0usize..200, 0usize..30, 0usize..4, 0usize..5), 0..12),
        ) {
            let sentences = sentences(&text);
            let raw: Vec<RawMention> = spans
                .into_iter()
                .map(|(start, len, kind, sentence)| RawMention {
                    span: Span::new(start, start + len),
                    kind: EntityKind::ALL[kind],
                    sentence,
                })
                .collect();
            let (mentions, entities) = resolve(&text, &sentences, raw, &Gazetteer::bundled().unwrap());
            let mut last_end = 0;
            for mention in &mentions {
                prop_assert!(mention.span.start >= last_end);
                prop_assert_eq!(text.get(mention.span.start..mention.span.end), Some(mention.text.as_str()));
                prop_assert!(mention.entity < entities.len());
                last_end = mention.span.end;
            }
            let total: usize = entities.iter().map(|e| e.mentions).sum();
            prop_assert_eq!(total, mentions.len());
        }
    }
}
