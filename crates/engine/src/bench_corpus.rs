//! The invented names a benchmark corpus is varied with (`tidings bench
//! --vary names`), and the queries a load test draws from them.
//!
//! Repeating the example corpus to 100,000 documents gives 16 texts, each
//! 6,250 times: every name is in a quarter or a sixteenth of the store, and
//! a search for it measures only the broadest queries. Here each copy gets
//! its own people and places: every place of the corpus (`Velmora`,
//! `Kerra`, …) and every person's given name and surname is replaced, copy
//! by copy, by one drawn from pools we wrote (384 places, 40 given names,
//! 288 surnames, all ASCII and invented), so that organisations named after
//! a place (`Velmora Dockworkers' Union`) change with it. The draw favours
//! the pools' first names (a few places are in news every day, most
//! rarely): the commonest place is in about 5 % of the slots, the median
//! one in about 0.2 %. Everything is a function of the copy's number, so
//! the corpus is the same on every run.

/// The corpus's place names, each replaced in a copy by one drawn place.
/// A name is replaced where it starts a word, so `Norvanian` and
/// `Kessing'de` follow their place.
pub const CORPUS_PLACES: &[&str] = &[
    "Velmora", "Portavel", "Kerra", "Dunmere", "Orin", "Kessing", "Norvania", "Draven",
];

/// The corpus's people's given names and surnames (ASCII only: the
/// substitution works on bytes, in any ASCII-compatible encoding).
pub const CORPUS_GIVEN: &[&str] = &[
    "Marta", "Oskar", "Helena", "Tomas", "Agnes", "Lotte", "Karel", "Selim", "Pieter", "Ines",
];

/// See [`CORPUS_GIVEN`].
pub const CORPUS_SURNAMES: &[&str] = &[
    "Ilves", "Lind", "Sarn", "Brenn", "Wolde", "Berg", "Moreau", "Voss", "Aydar", "Haas", "Tarvo",
];

const PLACE_HEADS: &[&str] = &[
    "Bran", "Cal", "Dor", "Esk", "Fal", "Gar", "Hal", "Ist", "Jor", "Kel", "Lor", "Mar", "Nor",
    "Ost", "Pel", "Quen", "Ros", "Sel", "Tor", "Ul", "Vas", "Wen", "Yar", "Zel",
];
const PLACE_TAILS: &[&str] = &[
    "mouth", "ford", "haven", "wick", "dale", "mora", "vik", "stad", "ton", "bury", "grad",
    "polis", "ness", "holm", "stead", "port",
];
const GIVEN: &[&str] = &[
    "Anika", "Bruno", "Clara", "Dario", "Elsa", "Filip", "Greta", "Hugo", "Irene", "Jonas",
    "Katja", "Luca", "Mira", "Niko", "Olga", "Pavel", "Rosa", "Stefan", "Tilde", "Viktor", "Wanda",
    "Yusuf", "Zora", "Amir", "Berit", "Cyril", "Dagny", "Emil", "Freya", "Goran", "Hanna", "Ivo",
    "Jana", "Kasper", "Lena", "Matteo", "Nadia", "Otto", "Petra", "Rune",
];
const SURNAME_HEADS: &[&str] = &[
    "Ab", "Bel", "Cor", "Dal", "Ek", "Fen", "Gul", "Hart", "Ivar", "Jas", "Kor", "Lun", "Mel",
    "Nor", "Ols", "Pet", "Rud", "Sol", "Tam", "Uhl", "Ves", "Wal", "Yl", "Zan",
];
const SURNAME_TAILS: &[&str] = &[
    "sen", "ova", "ard", "ich", "ski", "ane", "ell", "strom", "quist", "enko", "berg", "ing",
];

/// How many places, given names and surnames the pools hold.
pub const PLACES: usize = PLACE_HEADS.len() * PLACE_TAILS.len();
/// See [`PLACES`].
pub const GIVEN_NAMES: usize = GIVEN.len();
/// See [`PLACES`].
pub const SURNAMES: usize = SURNAME_HEADS.len() * SURNAME_TAILS.len();

/// The place `i` of the pool (`i` below [`PLACES`]).
pub fn place(i: usize) -> String {
    let i = i % PLACES;
    format!(
        "{}{}",
        PLACE_HEADS[i % PLACE_HEADS.len()],
        PLACE_TAILS[i / PLACE_HEADS.len()]
    )
}

/// The given name `i` of the pool.
pub fn given(i: usize) -> &'static str {
    GIVEN[i % GIVEN.len()]
}

/// The surname `i` of the pool.
pub fn surname(i: usize) -> String {
    let i = i % SURNAMES;
    let head = SURNAME_HEADS[i % SURNAME_HEADS.len()];
    let tail = SURNAME_TAILS[i / SURNAME_HEADS.len()];
    format!("{head}{tail}")
}

/// A small deterministic generator (SplitMix64): the same numbers from the
/// same seed on every machine.
#[derive(Debug, Clone)]
pub struct Draw(u64);

impl Draw {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Draw {
        Draw(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n`, every one alike (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.unit() * n as f64) as usize % n.max(1)
    }

    /// A number in `0..n` where the first ones come up far more often
    /// (`n·u²` for a uniform `u`: the first of 384 takes 5 % of the draws).
    pub fn skewed(&mut self, n: usize) -> usize {
        let u = self.unit();
        (u * u * n as f64) as usize % n.max(1)
    }

    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The document `bytes` as copy `copy` of the corpus: every corpus place,
/// given name and surname where it starts a word replaced by one drawn for
/// this copy (the same corpus name gets the same new name throughout the
/// copy). Bytes that are not ASCII letters of those names are unchanged, so
/// any ASCII-compatible encoding stays valid.
pub fn vary(bytes: &[u8], copy: u64) -> Vec<u8> {
    let mut draw = Draw::new(copy.wrapping_mul(0x2545_f491_4f6c_dd1d) ^ 0x7469_6469_6e67_7321);
    let mut swaps: Vec<(&[u8], String)> = Vec::new();
    for name in CORPUS_PLACES {
        swaps.push((name.as_bytes(), place(draw.skewed(PLACES))));
    }
    for name in CORPUS_GIVEN {
        swaps.push((name.as_bytes(), given(draw.skewed(GIVEN_NAMES)).to_string()));
    }
    for name in CORPUS_SURNAMES {
        swaps.push((name.as_bytes(), surname(draw.skewed(SURNAMES))));
    }
    let mut out = Vec::with_capacity(bytes.len() + 64);
    let mut i = 0;
    'bytes: while i < bytes.len() {
        let starts_word = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        if starts_word && bytes[i].is_ascii_uppercase() {
            for (from, to) in &swaps {
                if bytes[i..].starts_with(from) {
                    out.extend_from_slice(to.as_bytes());
                    i += from.len();
                    continue 'bytes;
                }
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// Words of the example corpus's English articles that are in many of
/// them, for queries that match a large share of any store made from it.
pub const COMMON_WORDS: &[&str] = &[
    "said",
    "port",
    "strike",
    "storm",
    "water",
    "council",
    "minister",
    "talks",
    "ferry",
    "pay",
    "union",
    "night",
    "farmers",
    "government",
    "island",
    "city",
    "week",
    "years",
];

/// A name query drawn from the pools: a place, a surname, or a given name
/// and surname (both must match). Uniform over the pools, so most are
/// names a store made with [`vary`] holds a few hundred times.
pub fn name_query(draw: &mut Draw) -> String {
    match draw.below(3) {
        0 => place(draw.below(PLACES)),
        1 => surname(draw.below(SURNAMES)),
        _ => format!(
            "{} {}",
            given(draw.below(GIVEN_NAMES)),
            surname(draw.below(SURNAMES))
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &[u8] = b"Dockworkers in Velmora walk out. The Velmora Dockworkers' Union \
        and Marta Ilves of Norvania (Norvanian press) met in Kessing'de; velmora-strike.html \
        and XVelmora stay.";

    #[test]
    fn names_are_replaced_the_same_way_throughout_a_copy() {
        let varied = String::from_utf8(vary(TEXT, 7)).unwrap();
        assert!(
            !varied.contains("Velmora D") && !varied.contains("Ilves"),
            "{varied}"
        );
        let place = varied.split_whitespace().nth(2).unwrap().to_string();
        assert_eq!(
            varied.matches(&format!("{place} Dockworkers'")).count(),
            1,
            "{varied}"
        );
        assert_eq!(varied.matches(place.as_str()).count(), 2, "{varied}");
        // Lower case (a URL) and a name inside a word are left alone.
        assert!(varied.contains("velmora-strike.html") && varied.contains("XVelmora"));
        assert!(
            varied.contains("n press)") && varied.contains("'de;"),
            "{varied}"
        );
        assert_eq!(vary(TEXT, 7), vary(TEXT, 7));
    }

    #[test]
    fn copies_differ_and_common_names_are_common_but_not_everywhere() {
        let copies: Vec<String> = (0..2000)
            .map(|copy| String::from_utf8(vary(b"Velmora", copy)).unwrap())
            .collect();
        let mut counts = std::collections::HashMap::<&str, usize>::new();
        for copy in &copies {
            *counts.entry(copy.as_str()).or_default() += 1;
        }
        let top = counts.values().max().copied().unwrap_or(0);
        // The commonest place is in a few percent of copies; hundreds of
        // places occur.
        assert!((40..=200).contains(&top), "top place in {top} of 2000");
        assert!(counts.len() > 250, "{} places", counts.len());
        assert!(!counts.contains_key("Velmora"));
    }

    #[test]
    fn pool_names_are_distinct_ascii_words() {
        let places: std::collections::HashSet<String> = (0..PLACES).map(place).collect();
        assert_eq!(places.len(), PLACES);
        let surnames: std::collections::HashSet<String> = (0..SURNAMES).map(surname).collect();
        assert_eq!(surnames.len(), SURNAMES);
        for name in places.iter().chain(&surnames) {
            assert!(name.bytes().all(|b| b.is_ascii_alphabetic()), "{name}");
            assert!(!CORPUS_PLACES.contains(&name.as_str()), "{name}");
        }
    }
}
