//! BIO tags (`O`, `B-PER`, `I-LOC` …) and the entity spans they mark.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use tidings_model::EntityKind;

/// The tag of one token: outside any name, beginning one, or inside one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tag {
    /// Not part of a name.
    O,
    /// The first token of a name of this kind.
    B(EntityKind),
    /// A following token of a name of this kind (or, in IOB1 input, a first
    /// token whose predecessor is not of the same kind).
    I(EntityKind),
}

/// The number of distinct tags (O plus B and I for each of four kinds).
pub(crate) const TAG_COUNT: usize = 9;

fn kind_index(kind: EntityKind) -> usize {
    match kind {
        EntityKind::Person => 0,
        EntityKind::Organisation => 1,
        EntityKind::Location => 2,
        EntityKind::Other => 3,
    }
}

impl Tag {
    /// The tag's dense index in `0..9`: O, then B and I of PER, ORG, LOC, MISC.
    pub(crate) fn index(self) -> usize {
        match self {
            Tag::O => 0,
            Tag::B(kind) => 1 + 2 * kind_index(kind),
            Tag::I(kind) => 2 + 2 * kind_index(kind),
        }
    }

    /// The tag of a dense index (anything out of range is `O`).
    pub(crate) fn from_index(index: usize) -> Tag {
        if index == 0 || index >= TAG_COUNT {
            return Tag::O;
        }
        let kind = EntityKind::ALL[(index - 1) / 2];
        if index % 2 == 1 {
            Tag::B(kind)
        } else {
            Tag::I(kind)
        }
    }

    /// The kind of name this tag is part of, if any.
    pub fn kind(self) -> Option<EntityKind> {
        match self {
            Tag::O => None,
            Tag::B(kind) | Tag::I(kind) => Some(kind),
        }
    }

    /// Parses `O`, `B-PER`, `I-LOC` … (kinds as [`EntityKind::parse`] knows them).
    pub fn parse(text: &str) -> Option<Tag> {
        if text == "O" {
            return Some(Tag::O);
        }
        let (prefix, kind) = text.split_once('-')?;
        let kind = EntityKind::parse(kind)?;
        match prefix {
            "B" => Some(Tag::B(kind)),
            "I" => Some(Tag::I(kind)),
            _ => None,
        }
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tag::O => f.write_str("O"),
            Tag::B(kind) => write!(f, "B-{}", kind.conll()),
            Tag::I(kind) => write!(f, "I-{}", kind.conll()),
        }
    }
}

/// The error of parsing a [`Tag`] from text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseTagError(pub String);

impl fmt::Display for ParseTagError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a BIO tag: {:?}", self.0)
    }
}

impl std::error::Error for ParseTagError {}

impl FromStr for Tag {
    type Err = ParseTagError;

    fn from_str(text: &str) -> Result<Tag, ParseTagError> {
        Tag::parse(text).ok_or_else(|| ParseTagError(text.to_string()))
    }
}

/// The names marked by a tag sequence, as (kind, token range), with the
/// conlleval reading: a name starts at `B-X`, or at `I-X` when the previous
/// token is not of kind X (so IOB1 and IOB2 both work), and ends before `O`
/// or the start of another name.
pub fn entity_spans(tags: &[Tag]) -> Vec<(EntityKind, Range<usize>)> {
    let mut spans = Vec::new();
    let mut open: Option<(EntityKind, usize)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let begins = match (tag, open) {
            (Tag::O, _) => false,
            (Tag::B(_), _) => true,
            (Tag::I(kind), Some((current, _))) => *kind != current,
            (Tag::I(_), None) => true,
        };
        if let Some((kind, start)) = open {
            if *tag == Tag::O || begins {
                spans.push((kind, start..i));
                open = None;
            }
        }
        if begins {
            if let Some(kind) = tag.kind() {
                open = Some((kind, i));
            }
        }
    }
    if let Some((kind, start)) = open {
        spans.push((kind, start..tags.len()));
    }
    spans
}

/// Lowercase words that belong inside a name: name particles (`bin
/// Laden`, `de Gaulle`, `van Gogh`).
pub(crate) const PARTICLES: &[&str] = &[
    "al", "bin", "ibn", "da", "de", "del", "della", "der", "di", "du", "el", "la", "le", "van",
    "von", "y",
];

/// Whether `word` is a name particle.
pub(crate) fn is_particle(word: &str) -> bool {
    PARTICLES.contains(&word)
}

/// Last words that make a name of several words an event, a document, an
/// award or a period — CoNLL's MISC — whatever its other words are:
/// `Suez Crisis`, `Peking Protocol`, `Fed Cup`, `Venice Film Festival`,
/// `Bronze Age`.
const MISC_HEADS: &[&str] = &[
    "war",
    "wars",
    "treaty",
    "accord",
    "accords",
    "agreement",
    "act",
    "age",
    "era",
    "revolution",
    "crisis",
    "cup",
    "prize",
    "award",
    "awards",
    "medal",
    "trophy",
    "festival",
    "games",
    "olympics",
    "championship",
    "championships",
    "declaration",
    "charter",
    "protocol",
    "doctrine",
    // Tournaments (`U.S. Open`, `World Series`, `PGA Tour`, `Grand Prix
    // Final`).
    "open",
    "series",
    "tour",
    "final",
];

/// Words after a name that make it a market index (`the Dow Jones
/// industrial average`, `the Nikkei average`, `Nasdaq composite`, `Bund
/// futures`), MISC, unless the name is an exchange (`American Stock
/// Exchange index`).
const INDEX_WORDS: &[&str] = &["index", "average", "composite", "futures"];

/// First words that do the same before `of` (`Treaty of London`, `Battle of
/// Kadesh`, `Reign of Terror`).
const MISC_OPENERS: &[&str] = &[
    "battle",
    "treaty",
    "war",
    "siege",
    "reign",
    "act",
    "declaration",
];

/// Makes names of several words that end with an event, document, award,
/// period or tournament word ([`MISC_HEADS`]), or open with one before `of`
/// ([`MISC_OPENERS`]), and names of market indices ([`INDEX_WORDS`] after
/// them), MISC: the tagger often reads them as organisations or places
/// because their other words are (`UEFA Cup`, `Treaty of London`, `Hong
/// Kong Open`, `the Nikkei average`).
pub(crate) fn events_and_documents(tokens: &[&str], tags: &mut [Tag]) {
    for (kind, range) in entity_spans(tags) {
        if kind == EntityKind::Other {
            continue;
        }
        let last = tokens[range.end - 1].to_lowercase();
        let first = tokens[range.start].to_lowercase();
        let opens = range.len() > 2
            && tokens[range.start + 1] == "of"
            && MISC_OPENERS.contains(&first.as_str());
        let heads = range.len() > 1 && MISC_HEADS.contains(&last.as_str());
        let after = |n: usize| tokens.get(range.end + n).map(|t| t.to_lowercase());
        let index = (after(0).is_some_and(|next| INDEX_WORDS.contains(&next.as_str()))
            || (after(0).as_deref() == Some("industrial")
                && after(1).is_some_and(|next| INDEX_WORDS.contains(&next.as_str()))))
            && last != "exchange";
        if heads || opens || index {
            relabel(tags, range, EntityKind::Other);
        }
    }
}

/// Last words that make a name of several words a natural place (`Line
/// Islands`, `Rift Valley`, `Sinai Peninsula`). Not `County`, `State`,
/// `City`, `Town` or `Bay`: clubs and universities take those (`Notts
/// County`, `Ohio State`, `Ipswich Town`, `Tampa Bay`).
const PLACE_HEADS: &[&str] = &[
    "island",
    "islands",
    "isle",
    "isles",
    "valley",
    "peninsula",
    "strait",
    "straits",
    "desert",
    "mountains",
    "ocean",
    "sea",
    "river",
    "lake",
    "gulf",
    "coast",
    "canyon",
    "plateau",
    "delta",
    "archipelago",
];

/// Last words that make a name read as an organisation a place in a town
/// (`Market Square`, `Wall Street`, `Draven Hill`). A person keeps them
/// (`Damon Hill`), and so does a club (`Queens Park Rangers` ends
/// otherwise).
const SITE_HEADS: &[&str] = &[
    "street", "square", "road", "avenue", "hill", "park", "bridge", "airport", "harbour",
];

/// First words that do the same before `of` (`Isle of Kerra`, `Gulf of
/// Aden`, `Strait of Hormuz`), and `Lake` and `Mount` before a name.
const PLACE_OPENERS: &[&str] = &[
    "isle", "island", "islands", "gulf", "bay", "strait", "straits", "sea", "cape",
];

/// Last words of organisations named after a place (`Mount Sinai
/// Hospital`, `Isle of Wight Council`): such names stay as tagged.
const INSTITUTION_ENDS: &[&str] = &[
    "hospital",
    "school",
    "university",
    "college",
    "council",
    "authority",
    "club",
    "company",
    "corporation",
    "association",
    "lines",
    "airlines",
    "airways",
    "ferries",
    "bank",
    "institute",
    "museum",
    "church",
    "foundation",
    "group",
    "united",
    "rovers",
    "fc",
];

/// Makes names that a natural-place word heads ([`PLACE_HEADS`] last,
/// [`PLACE_OPENERS`] before `of`, `Lake` or `Mount` first) places when the
/// tagger read them as organisations or people, and organisations that a
/// site word ends ([`SITE_HEADS`]) places: `the Isle of Kerra` looks
/// like `the University of Kerra` to it.
pub(crate) fn natural_places(tokens: &[&str], tags: &mut [Tag]) {
    for (kind, range) in entity_spans(tags) {
        if !matches!(kind, EntityKind::Organisation | EntityKind::Person) || range.len() < 2 {
            continue;
        }
        let first = tokens[range.start].to_lowercase();
        let last = tokens[range.end - 1].to_lowercase();
        if INSTITUTION_ENDS.contains(&last.as_str()) {
            continue;
        }
        let opens = (range.len() > 2
            && tokens[range.start + 1] == "of"
            && PLACE_OPENERS.contains(&first.as_str()))
            || (range.len() <= 3 && matches!(first.as_str(), "lake" | "mount"));
        let site = kind == EntityKind::Organisation && SITE_HEADS.contains(&last.as_str());
        if PLACE_HEADS.contains(&last.as_str()) || opens || site {
            relabel(tags, range, EntityKind::Location);
        }
    }
}

/// Last words that make a name of several words a settlement (`Kerra
/// Town`). Clubs named after towns (`Ipswich Town`) are in the lists of
/// known organisations, which decide first.
pub(crate) const SETTLEMENT_ENDS: &[&str] = &["town", "city", "village"];

/// Last words that make a name an organisation: transport, banking and
/// trade (`Norvania Rail`, `Orin Airways`).
pub(crate) const COMPANY_WORDS: &[&str] = &[
    "rail",
    "railway",
    "railways",
    "airways",
    "airlines",
    "bank",
    "bancorp",
    "insurance",
    "telecom",
    "motors",
    "holdings",
    "ferries",
    "shipping",
];

/// First words that make a name a business (`Café Zürich`).
const BUSINESS_OPENERS: &[&str] = &[
    "café",
    "cafe",
    "restaurant",
    "bistro",
    "brasserie",
    "bakery",
    "pizzeria",
];

/// Common place nouns that are no name alone, though capitalised at the
/// start of a sentence (`Island residents said …`).
const PLACE_NOUNS: &[&str] = &[
    "island", "islands", "lake", "river", "harbour", "harbor", "port", "town", "village", "valley",
    "coast", "square", "street", "bridge",
];

/// Lower-case words after which `of NAME` names a place (`the town
/// council of Kessing`, `the mayor of Portavel`).
const PLACE_OF: &[&str] = &[
    "council",
    "mayor",
    "town",
    "city",
    "village",
    "port",
    "harbour",
    "outskirts",
    "suburbs",
    "residents",
    "people",
    "streets",
    "centre",
    "center",
    "province",
    "region",
    "district",
    "governor",
];

/// Whether `name` is one common place noun ([`PLACE_NOUNS`]) and so no name.
pub(crate) fn is_place_noun(name: &[&str]) -> bool {
    match name {
        [word] => PLACE_NOUNS.contains(&word.to_lowercase().as_str()),
        _ => false,
    }
}

/// The kind the words of the name `name` (at `start` in `tokens`) give it,
/// when they give one (see `Tagger::name_words`).
pub(crate) fn kind_from_words(name: &[&str], start: usize, tokens: &[&str]) -> Option<EntityKind> {
    let first = name.first()?.to_lowercase();
    let last = name.last()?.to_lowercase();
    if name.len() >= 2 {
        if SETTLEMENT_ENDS.contains(&last.as_str()) {
            return Some(EntityKind::Location);
        }
        if COMPANY_WORDS.contains(&last.as_str()) || BUSINESS_OPENERS.contains(&first.as_str()) {
            return Some(EntityKind::Organisation);
        }
        return None;
    }
    let before = |k: usize| start.checked_sub(k).and_then(|i| tokens.get(i)).copied();
    if before(1) == Some("of") && before(2).is_some_and(|w| PLACE_OF.contains(&w)) {
        return Some(EntityKind::Location);
    }
    None
}

/// Whether a token is the plural of an acronym (`ATMs`, `NGOs`, `MPs`,
/// `GDRs`): a common noun, never a name.
fn is_acronym_plural(token: &str) -> bool {
    let Some(stem) = token.strip_suffix('s') else {
        return false;
    };
    stem.chars().count() >= 2 && stem.chars().all(|c| c.is_ascii_uppercase())
}

/// Takes out names that are one acronym plural (`ATMs`, `NGOs`): the tagger
/// reads the capitals as an organisation's initials; and names that are a
/// rank (`No. 96`, `No 1`).
pub(crate) fn acronym_plurals(tokens: &[&str], tags: &mut [Tag]) {
    for (kind, range) in entity_spans(tags) {
        if kind == EntityKind::Other {
            continue;
        }
        let name = &tokens[range.clone()];
        let plural = name.len() == 1 && is_acronym_plural(name[0]);
        let rank = name.len() == 2
            && matches!(name[0], "No." | "No" | "no.")
            && name[1].chars().all(|c| c.is_ascii_digit());
        if plural || rank {
            for tag in &mut tags[range] {
                *tag = Tag::O;
            }
        }
    }
}

/// The places of a news dateline at the start of a sentence, as token
/// ranges: a name in capitals, then optionally `,` and a name of up to
/// three capitalised words (the country, state or region), then the date
/// (`2026-03-02`) ending the sentence, or the agency in brackets:
/// `VELMORA 2026-03-02`, `PORTAVEL , Norvania 2026-03-02`, `OSTRAND ,
/// Kerra ( Wire ) —`. Not a sports or section headline (`SOCCER - …`).
pub(crate) fn dateline_places(tokens: &[&str]) -> Vec<std::ops::Range<usize>> {
    let capitals = |t: &str| {
        t.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && t.chars()
                .all(|c| c.is_uppercase() || c == '-' || c == '.' || c == '\'')
    };
    let is_date = |t: &str| crate::dates::iso_date(t).is_some();
    let first_end = tokens.iter().take_while(|t| capitals(t)).count();
    if first_end == 0 || first_end > 3 {
        return Vec::new();
    }
    let mut places = Vec::with_capacity(2);
    places.push(0..first_end);
    let mut end = first_end;
    if tokens.get(end) == Some(&",") {
        let second = tokens[end + 1..]
            .iter()
            .take_while(|t| is_capitalised(t) && !is_date(t))
            .count();
        if second == 0 || second > 3 {
            return Vec::new();
        }
        places.push(end + 1..end + 1 + second);
        end += 1 + second;
    }
    let closes = match tokens.get(end) {
        Some(t) if is_date(t) => end + 1 == tokens.len(),
        // An agency in brackets: `( Wire )`.
        Some(&"(") => {
            tokens.get(end + 1).is_some_and(|t| is_capitalised(t))
                && tokens.get(end + 2) == Some(&")")
        }
        _ => false,
    };
    if closes {
        places
    } else {
        Vec::new()
    }
}

/// Whether a token is a lowercase word (letters only, no capital).
fn is_lowercase_word(token: &str) -> bool {
    !token.is_empty() && token.chars().all(|c| c.is_alphabetic() && c.is_lowercase())
}

/// Trims lowercase words from the end of person, organisation and place
/// names (`Stansted airport` → `Stansted`: English names do not end with a
/// common noun), and takes out one-word names without a capital
/// (`pakistan`, `mid-1970s`; not `eBay`) that are no name particle.
pub(crate) fn lowercase_edges(tokens: &[&str], tags: &mut [Tag]) {
    for (kind, range) in entity_spans(tags) {
        if kind == EntityKind::Other {
            continue;
        }
        let mut end = range.end;
        while end > range.start
            && is_lowercase_word(tokens[end - 1])
            && !is_particle(tokens[end - 1])
        {
            end -= 1;
        }
        let first = tokens[range.start];
        let single_lowercase = end - range.start == 1
            && first.chars().next().is_some_and(char::is_lowercase)
            && !first.chars().any(char::is_uppercase)
            && !is_particle(first);
        if single_lowercase {
            end = range.start;
        }
        for tag in &mut tags[end..range.end] {
            *tag = Tag::O;
        }
    }
}

/// Last words of one organisation whose name holds `and` (`Test and
/// County Cricket Board`, `Post and Telecommunications Administration`).
const AND_HEADS: &[&str] = &[
    "board",
    "exchange",
    "administration",
    "council",
    "commission",
    "committee",
    "organisation",
    "organization",
    "association",
    "authority",
    "ministry",
    "department",
    "institute",
    "party",
    "front",
    "movement",
    "union",
    "federation",
    "league",
    "agency",
    "service",
    "services",
    "bureau",
    "centre",
    "center",
    "foundation",
    "society",
    "trust",
    "group",
    "company",
    "co",
    "co.",
    "inc",
    "inc.",
    "corp",
    "corp.",
    "ltd",
    "ltd.",
    "plc",
    "llc",
    "partners",
    "sons",
    "bank",
    "school",
    "college",
    "university",
    "museum",
    "court",
];

/// Company endings after which a name is complete (`Johnson Controls Inc
/// and Lear Corp` is two companies).
const COMPANY_ENDS: &[&str] = &[
    "inc", "inc.", "corp", "corp.", "ltd", "ltd.", "plc", "llc", "co", "co.", "ag", "sa", "nv",
];

/// Where a name that joins two names with `and` should be split: the index
/// of `and`, when the name does not end with a word that makes the whole
/// one organisation ([`AND_HEADS`]) unless its first part is complete (it
/// ends with a company ending), and its first part holds no `of` or `for`
/// (`Organisation for Security and Cooperation …` is one name).
pub(crate) fn coordination_split(name: &[&str]) -> Option<usize> {
    let and = name.iter().position(|t| *t == "and" || *t == "&")?;
    if and == 0 || and + 1 >= name.len() || name[and] == "&" {
        return None;
    }
    if name[..and]
        .iter()
        .any(|t| matches!(*t, "of" | "for" | "and"))
    {
        return None;
    }
    let last = name[name.len() - 1].to_lowercase();
    let first_end = name[and - 1].to_lowercase();
    let complete = COMPANY_ENDS.contains(&first_end.as_str());
    if AND_HEADS.contains(&last.as_str()) && !complete {
        return None;
    }
    Some(and)
}

/// Whether a word begins with a capital letter.
pub(crate) fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Tags the tokens of `range` as one name of `kind` (`B-` then `I-`).
pub(crate) fn relabel(tags: &mut [Tag], range: std::ops::Range<usize>, kind: EntityKind) {
    for (n, tag) in tags[range].iter_mut().enumerate() {
        *tag = if n == 0 { Tag::B(kind) } else { Tag::I(kind) };
    }
}

/// Whether `c` is a sign that can stand between the digits of a score, a
/// result or a time (`2-1`, `4-0-25-0`, `3:35.087`, `6=`, `+353`).
fn is_score_sign(c: char) -> bool {
    matches!(c, '-' | '–' | ':' | '=' | '+' | '/')
}

/// The tags a token can never carry, whatever the weights say, as a bit
/// set over tag indices (bit `Tag::index`):
///
/// - a token of punctuation alone cannot begin a name (it may stand inside
///   one: `Harley - Davidson`);
/// - a score, a result or a time (digits with `-`, `:`, `=`, `+` or `/`
///   and no letter: `2-1`, `4-0-25-0`, `3:35.087`, `6=`) is no part of a
///   person, organisation or place (it may be part of a MISC name, `9/11`);
/// - a number is never part of a person's name.
pub(crate) fn forbidden(token: &str) -> u16 {
    let mut letters = false;
    let mut digits = false;
    let mut signs = false;
    for c in token.chars() {
        if c.is_alphabetic() {
            letters = true;
            break;
        }
        digits |= c.is_ascii_digit();
        signs |= is_score_sign(c);
    }
    if letters {
        return 0;
    }
    let bit = |tag: Tag| 1u16 << tag.index();
    let mut mask = 0u16;
    if !digits {
        for kind in EntityKind::ALL {
            mask |= bit(Tag::B(kind));
        }
        return mask;
    }
    let person = bit(Tag::B(EntityKind::Person)) | bit(Tag::I(EntityKind::Person));
    mask |= person;
    if signs {
        for kind in [EntityKind::Organisation, EntityKind::Location] {
            mask |= bit(Tag::B(kind)) | bit(Tag::I(kind));
        }
    }
    mask
}

/// Whether a token of punctuation may end a name: a closing bracket whose
/// opener is inside the name, or a full stop or exclamation mark that
/// belongs to it (`Salomon Bros .`, `Kerrang !`).
fn may_end_name(name: &[&str]) -> bool {
    let Some(&last) = name.last() else {
        return false;
    };
    if last.chars().any(char::is_alphanumeric) {
        return true;
    }
    match last {
        ")" => name.contains(&"("),
        "]" => name.contains(&"["),
        "." | "!" => name.len() > 1,
        _ => false,
    }
}

/// Makes tags obey [`forbidden`] and leaves no punctuation (a dash, a comma,
/// a quote mark) at the end of a name: forbidden tags become `O`, a name
/// cut short by that starts again with `B-`, trailing punctuation is
/// dropped. Used on training labels (silver labels carry such slips:
/// `Mladen Markac -`) and on what the tagger predicts.
pub(crate) fn obey<S: AsRef<str>>(tokens: &[S], tags: &mut [Tag]) {
    let mut previous = Tag::O;
    for (tag, token) in tags.iter_mut().zip(tokens) {
        if let Tag::I(kind) = *tag {
            if previous.kind() != Some(kind) {
                *tag = Tag::B(kind);
            }
        }
        if forbidden(token.as_ref()) & (1 << tag.index()) != 0 {
            *tag = Tag::O;
        }
        previous = *tag;
    }
    for (_, range) in entity_spans(tags) {
        let mut end = range.end;
        while end > range.start {
            let name: Vec<&str> = tokens[range.start..end].iter().map(AsRef::as_ref).collect();
            if may_end_name(&name) {
                break;
            }
            end -= 1;
            tags[end] = Tag::O;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tags(text: &str) -> Vec<Tag> {
        text.split_whitespace()
            .map(|t| Tag::parse(t).unwrap())
            .collect()
    }

    #[test]
    fn tags_round_trip_through_text_and_index() {
        for index in 0..TAG_COUNT {
            let tag = Tag::from_index(index);
            assert_eq!(tag.index(), index);
            assert_eq!(Tag::parse(&tag.to_string()), Some(tag));
        }
        assert_eq!(Tag::parse("B-GPE"), Some(Tag::B(EntityKind::Location)));
        assert_eq!(Tag::parse("X-PER"), None);
        assert_eq!(Tag::parse("B-TIME"), None);
        assert!("I-ORG".parse::<Tag>().is_ok());
        assert!("o".parse::<Tag>().is_err());
    }

    #[test]
    fn iob2_spans() {
        let spans = entity_spans(&tags("B-PER I-PER O B-LOC B-LOC I-LOC O"));
        assert_eq!(
            spans,
            vec![
                (EntityKind::Person, 0..2),
                (EntityKind::Location, 3..4),
                (EntityKind::Location, 4..6),
            ]
        );
    }

    #[test]
    fn iob1_spans_and_kind_changes() {
        let spans = entity_spans(&tags("I-ORG I-ORG I-PER O I-MISC"));
        assert_eq!(
            spans,
            vec![
                (EntityKind::Organisation, 0..2),
                (EntityKind::Person, 2..3),
                (EntityKind::Other, 4..5),
            ]
        );
    }

    proptest! {
        #[test]
        fn spans_are_ordered_and_within_bounds(indices in proptest::collection::vec(0usize..9, 0..40)) {
            let tags: Vec<Tag> = indices.iter().map(|&i| Tag::from_index(i)).collect();
            let spans = entity_spans(&tags);
            let mut end = 0;
            for (kind, range) in spans {
                prop_assert!(range.start >= end && range.start < range.end && range.end <= tags.len());
                prop_assert_eq!(tags[range.start].kind(), Some(kind));
                end = range.end;
            }
        }
    }

    fn obeyed(tokens: &str, tags_text: &str) -> String {
        let tokens: Vec<&str> = tokens.split_whitespace().collect();
        let mut tags = tags(tags_text);
        obey(&tokens, &mut tags);
        tags.iter()
            .map(Tag::to_string)
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn scores_and_numbers_leave_names() {
        assert_eq!(
            obeyed("de Silva 4-0-25-0 ,", "B-PER I-PER I-PER O"),
            "B-PER I-PER O O"
        );
        assert_eq!(
            obeyed("6= Nele Zilinskiene", "B-PER I-PER I-PER"),
            "O B-PER I-PER"
        );
        assert_eq!(obeyed("Guingamp 2-1", "B-ORG I-ORG"), "B-ORG O");
        // Numbers may stay in organisations and other names.
        assert_eq!(obeyed("Schalke 04", "B-ORG I-ORG"), "B-ORG I-ORG");
        assert_eq!(obeyed("Euro 96", "B-MISC I-MISC"), "B-MISC I-MISC");
        assert_eq!(obeyed("9/11 attacks", "B-MISC O"), "B-MISC O");
    }

    #[test]
    fn punctuation_neither_begins_nor_ends_a_name() {
        assert_eq!(
            obeyed("Mladen Markac - said", "B-PER I-PER I-PER O"),
            "B-PER I-PER O O"
        );
        assert_eq!(obeyed("- Jenin", "B-LOC I-LOC"), "O B-LOC");
        assert_eq!(
            obeyed("Harley - Davidson", "B-ORG I-ORG I-ORG"),
            "B-ORG I-ORG I-ORG"
        );
        assert_eq!(
            obeyed("Mladost ( L )", "B-ORG I-ORG I-ORG I-ORG"),
            "B-ORG I-ORG I-ORG I-ORG"
        );
        assert_eq!(
            obeyed("Salomon Bros .", "B-ORG I-ORG I-ORG"),
            "B-ORG I-ORG I-ORG"
        );
        assert_eq!(obeyed("U.S. \"", "B-LOC I-LOC"), "B-LOC O");
    }

    proptest! {
        #[test]
        fn obeyed_tags_are_allowed_and_stable(
            picks in proptest::collection::vec((0usize..9, 0usize..8), 0..30)
        ) {
            let words = ["Kent", "-", "2-1", "04", "\"", "(", ")", "."];
            let tokens: Vec<&str> = picks.iter().map(|&(_, w)| words[w]).collect();
            let mut tags: Vec<Tag> = picks.iter().map(|&(t, _)| Tag::from_index(t)).collect();
            obey(&tokens, &mut tags);
            for (tag, token) in tags.iter().zip(&tokens) {
                prop_assert_eq!(forbidden(token) & (1 << tag.index()), 0);
            }
            let again = tags.clone();
            obey(&tokens, &mut tags);
            prop_assert_eq!(tags, again);
        }
    }

    /// Runs one tidying pass over `tokens` tagged `before` and checks
    /// that it leaves `after`.
    fn check_pass(pass: fn(&[&str], &mut [Tag]), tokens: &str, before: &str, after: &str) {
        let tokens: Vec<&str> = tokens.split_whitespace().collect();
        let mut found = tags(before);
        pass(&tokens, &mut found);
        assert_eq!(found, tags(after), "{tokens:?}");
    }

    #[test]
    fn events_documents_and_awards_are_misc() {
        let check = |tokens: &str, before: &str, after: &str| {
            check_pass(events_and_documents, tokens, before, after)
        };
        check(
            "the Velmora Cup final",
            "O B-ORG I-ORG O",
            "O B-MISC I-MISC O",
        );
        check(
            "the Treaty of Ostrand was",
            "O B-ORG I-ORG I-ORG O",
            "O B-MISC I-MISC I-MISC O",
        );
        check("the Portavel Crisis", "O B-LOC I-LOC", "O B-MISC I-MISC");
        // One word, or no such word: the tagger's call stands.
        check("Cup holders", "B-ORG O", "B-ORG O");
        check(
            "Velmora Rail Company",
            "B-ORG I-ORG I-ORG",
            "B-ORG I-ORG I-ORG",
        );
        check("Bank of Ostrand", "B-ORG I-ORG I-ORG", "B-ORG I-ORG I-ORG");
        check("the Velmora Open", "O B-LOC I-LOC", "O B-MISC I-MISC");
        check(
            "the Velmora Composite index fell",
            "O B-ORG I-ORG O O",
            "O B-MISC I-MISC O O",
        );
        check("Varnex futures", "B-ORG O", "B-MISC O");
        check(
            "the Velmora industrial average",
            "O B-ORG O O",
            "O B-MISC O O",
        );
        check("Varnex industrial unit", "B-ORG O O", "B-ORG O O");
        check(
            "Velmora Stock Exchange index",
            "B-ORG I-ORG I-ORG O",
            "B-ORG I-ORG I-ORG O",
        );
    }

    #[test]
    fn natural_places_read_as_organisations_are_places() {
        let check = |tokens: &str, before: &str, after: &str| {
            check_pass(natural_places, tokens, before, after)
        };
        check(
            "the Isle of Kerra .",
            "O B-ORG I-ORG I-ORG O",
            "O B-LOC I-LOC I-LOC O",
        );
        check("the Kerra Islands", "O B-ORG I-ORG", "O B-LOC I-LOC");
        check("Mount Ostrand", "B-PER I-PER", "B-LOC I-LOC");
        check("on Market Square", "O B-ORG I-ORG", "O B-LOC I-LOC");
        check("Damon Hill won", "B-PER I-PER O", "B-PER I-PER O");
        // Clubs, councils and hospitals named after places stay.
        check("Notts County", "B-ORG I-ORG", "B-ORG I-ORG");
        check("Tampa Bay", "B-ORG I-ORG", "B-ORG I-ORG");
        check(
            "Isle of Kerra Council",
            "B-ORG I-ORG I-ORG I-ORG",
            "B-ORG I-ORG I-ORG I-ORG",
        );
        check(
            "Mount Ostrand Hospital",
            "B-ORG I-ORG I-ORG",
            "B-ORG I-ORG I-ORG",
        );
        // One word, or MISC: as tagged.
        check("Island", "B-ORG", "B-ORG");
        check(
            "the Kerra Sea Festival",
            "O B-MISC I-MISC I-MISC",
            "O B-MISC I-MISC I-MISC",
        );
    }

    #[test]
    fn acronym_plurals_are_no_names() {
        let tokens = [
            "Both", "NGOs", "and", "the", "UN", "met", "MPs", "at", "ATMs",
        ];
        let mut found = tags("O B-ORG O O B-ORG O B-PER O B-ORG");
        acronym_plurals(&tokens, &mut found);
        assert_eq!(found, tags("O O O O B-ORG O O O O"));
        assert!(!is_acronym_plural("Ms"));
        let tokens = ["climbed", "to", "No.", "31", "in", "Velmora"];
        let mut found = tags("O O B-ORG I-ORG O B-LOC");
        acronym_plurals(&tokens, &mut found);
        assert_eq!(found, tags("O O O O O B-LOC"));
        assert!(!is_acronym_plural("Paris"));
        assert!(!is_acronym_plural("US"));
    }

    #[test]
    fn datelines_name_their_places() {
        let places = |text: &str| {
            let tokens: Vec<&str> = text.split_whitespace().collect();
            dateline_places(&tokens)
        };
        assert_eq!(places("VELMORA 2026-03-02"), vec![0..1]);
        assert_eq!(places("PORTAVEL , Norvania 2026-03-02"), vec![0..1, 2..3]);
        assert_eq!(
            places("THE KERRA ISLES , West Norvania 2026-03-02"),
            vec![0..3, 4..6]
        );
        assert_eq!(
            places("OSTRAND , Kerra ( Wire ) — Ferries sailed again ."),
            vec![0..1, 2..3]
        );
        // Not datelines: a headline in capitals, a date inside a sentence.
        assert!(places("STRIKE ENDS IN VELMORA").is_empty());
        assert!(places("VELMORA , the port , 2026-03-02").is_empty());
        assert!(places("Velmora 2026-03-02").is_empty());
        assert!(places("VELMORA 2026-03-02 was calm").is_empty());
        assert!(places("SOCCER - VELMORA WIN").is_empty());
        assert!(places("RESULTS : Velmora 2 Portavel 1").is_empty());
    }

    #[test]
    fn names_do_not_end_in_lowercase_words() {
        let tokens = [
            "at", "Velmora", "airport", "and", "portavel", "and", "Kerra", "Sound",
        ];
        let mut found = tags("O B-LOC I-LOC O B-LOC O B-LOC I-LOC");
        lowercase_edges(&tokens, &mut found);
        assert_eq!(found, tags("O B-LOC O O O O B-LOC I-LOC"));
        // A particle stays: `Ludwig van`, `van`.
        let tokens = ["Pieter", "van", "Rijn"];
        let mut found = tags("B-PER I-PER I-PER");
        lowercase_edges(&tokens, &mut found);
        assert_eq!(found, tags("B-PER I-PER I-PER"));
        // eBay is a name: a capital inside.
        let tokens = ["eBay", "sold"];
        let mut found = tags("B-ORG O");
        lowercase_edges(&tokens, &mut found);
        assert_eq!(found, tags("B-ORG O"));
    }

    #[test]
    fn two_names_joined_by_and_are_split() {
        let split = |text: &str| {
            let tokens: Vec<&str> = text.split_whitespace().collect();
            coordination_split(&tokens)
        };
        assert_eq!(split("Varnex and Ostrand Motors"), Some(1));
        assert_eq!(split("Varnex Inc and Ostrand Corp"), Some(2));
        assert_eq!(split("Kerra Ferries and Portavel Airport"), Some(2));
        // One organisation: an organisation word ends it, or `of`/`for`
        // comes first.
        assert_eq!(
            split("Velmora Post and Telecommunications Administration"),
            None
        );
        assert_eq!(split("Council for Trade and Industry"), None);
        assert_eq!(split("Varnex & Lind"), None);
        assert_eq!(split("Velmora"), None);
    }
}
