//! Features of a token in its sentence, hashed to 32-bit keys: the word and
//! its neighbours, shapes, affixes, the casing of the sentence, position,
//! gazetteer membership and word clusters.

use std::collections::HashMap;

use xxhash_rust::xxh3::xxh3_64;

/// Gazetteer classes, as bits.
pub(crate) mod gaz {
    /// A country name.
    pub const COUNTRY: u16 = 1;
    /// A demonym ("Iranian", "Velmorans").
    pub const DEMONYM: u16 = 2;
    /// A capital city.
    pub const CAPITAL: u16 = 4;
    /// An international organisation.
    pub const ORGANISATION: u16 = 8;
    /// A name seen mostly as a person's first name in the training data.
    pub const FIRST_NAME: u16 = 16;
    /// A word that mostly ends organisation names in the training data.
    pub const ORG_WORD: u16 = 32;
    /// A title or role word that stands before a name ("Mayor", "Dr.").
    pub const ROLE: u16 = 64;
    /// A well-known place other than a country or capital (a city, region,
    /// river, island, landmark; `data/known_places.tsv`).
    pub const PLACE: u16 = 128;
    /// A well-known person's full name (`data/known_people.tsv`).
    pub const PERSON: u16 = 256;
    /// The last word of a well-known person's full name ("Newton").
    pub const SURNAME: u16 = 512;
    /// A known place that is no settlement or region, so no club or
    /// council takes its name: a river, sea, island, mountain or landmark
    /// (`Nile`, `Wall Street`); never a seat of government that speaks for
    /// one (`Kremlin`, `White House`: `data/institutions.tsv`).
    pub const FEATURE: u16 = 1024;
}

/// The word-level tables a model carries: gazetteer phrases and word
/// clusters, both keyed by the hash of the lowercased text.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Lexicon {
    /// Hash of a lowercased phrase (tokens joined by one space) → class bits.
    pub phrases: HashMap<u64, u16>,
    /// The longest phrase, in tokens.
    pub longest: usize,
    /// Hash of a lowercased word → (fine cluster, coarse cluster).
    pub clusters: HashMap<u64, (u16, u8)>,
    /// Hash of a lowercased word → how often it is capitalised inside
    /// sentences of normal casing, as a bucket: 0 under 10 %, 1 under
    /// 50 %, 2 under 90 %, 3 more.
    pub capitals: HashMap<u64, u8>,
}

/// The hash of a lowercased word or phrase in a [`Lexicon`].
pub(crate) fn text_key(text: &str) -> u64 {
    xxh3_64(text.as_bytes())
}

/// The gazetteer key of a name given as words: the words normalised and
/// joined by one space, hashed (the key [`Lexicon::phrases`] is built with).
pub(crate) fn name_key<S: AsRef<str>>(words: &[S]) -> u64 {
    let mut text = String::new();
    for (n, word) in words.iter().enumerate() {
        if n > 0 {
            text.push(' ');
        }
        text.push_str(&normalise(word.as_ref()));
    }
    text_key(&text)
}

impl Lexicon {
    /// The gazetteer classes of a name given as words (0 when unknown).
    pub(crate) fn classes<S: AsRef<str>>(&self, words: &[S]) -> u16 {
        self.phrases.get(&name_key(words)).copied().unwrap_or(0)
    }
}

/// The casing of a whole sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Casing {
    Normal,
    /// Nearly every word in capitals: a headline or a table row.
    Upper,
    /// Nearly every word capitalised: a title.
    Title,
    /// No capitals at all.
    Lower,
}

struct Token {
    capitals: u8,
    lower: String,
    shape: String,
    short: String,
    cluster: Option<(u16, u8)>,
    gaz: u16,
    gaz_start: bool,
}

/// The short shape: runs of the same class collapsed (`Xx`, `X.X.`, `d,d`).
fn shapes(word: &str) -> (String, String) {
    let mut long = String::new();
    let mut short = String::new();
    let mut last = '\0';
    for (count, ch) in word.chars().enumerate() {
        let class = if ch.is_uppercase() {
            'X'
        } else if ch.is_lowercase() {
            'x'
        } else if ch.is_ascii_digit() {
            'd'
        } else if ch.is_alphabetic() {
            'a'
        } else {
            ch
        };
        if count < 8 {
            long.push(class);
        }
        if class != last {
            short.push(class);
            last = class;
        }
    }
    (long, short)
}

pub(crate) fn normalise(word: &str) -> String {
    let lower = word.to_lowercase();
    if lower.bytes().any(|b| b.is_ascii_digit()) {
        lower
            .chars()
            .map(|c| if c.is_ascii_digit() { '0' } else { c })
            .collect()
    } else {
        lower
    }
}

fn casing(tokens: &[&str]) -> Casing {
    let mut letters = 0usize;
    let mut upper = 0usize;
    let mut title = 0usize;
    let mut any_upper = false;
    for token in tokens {
        let mut chars = token.chars().filter(|c| c.is_alphabetic());
        let Some(first) = chars.next() else { continue };
        letters += 1;
        let rest_upper = chars.clone().all(|c| c.is_uppercase());
        if first.is_uppercase() {
            any_upper = true;
            title += 1;
            if rest_upper && token.chars().filter(|c| c.is_alphabetic()).count() > 1 {
                upper += 1;
            }
        }
    }
    if letters == 0 {
        Casing::Normal
    } else if !any_upper {
        Casing::Lower
    } else if letters >= 2 && upper * 10 >= letters * 8 {
        Casing::Upper
    } else if letters >= 3 && title * 10 >= letters * 8 {
        Casing::Title
    } else {
        Casing::Normal
    }
}

/// Builds hashed feature keys into a reusable buffer.
struct Hasher<'a> {
    buffer: Vec<u8>,
    out: &'a mut Vec<u32>,
}

impl Hasher<'_> {
    fn add(&mut self, template: u8, parts: &[&[u8]]) {
        self.buffer.clear();
        self.buffer.push(template);
        for part in parts {
            self.buffer.push(0x1f);
            self.buffer.extend_from_slice(part);
        }
        let key = xxh3_64(&self.buffer) as u32;
        self.out.push(key.max(1));
    }
}

const START: &[u8] = b"<s>";
const END: &[u8] = b"</s>";

fn prefix(word: &str, chars: usize) -> Option<&str> {
    let end = word.char_indices().nth(chars).map(|(i, _)| i)?;
    Some(&word[..end])
}

fn suffix(word: &str, chars: usize) -> Option<&str> {
    let count = word.chars().count();
    if count <= chars {
        return None;
    }
    let start = word.char_indices().nth(count - chars).map(|(i, _)| i)?;
    Some(&word[start..])
}

/// Appends the feature keys of every token of a sentence to `out`, and the
/// end offset of each token's keys in `out` to `ends`.
pub(crate) fn extract(
    tokens: &[&str],
    lexicon: &Lexicon,
    out: &mut Vec<u32>,
    ends: &mut Vec<usize>,
) {
    extract_with_unknown(tokens, lexicon, out, ends, &[]);
}

/// [`extract`], with the tokens whose `unknown` flag is set treated as
/// words the model has never seen: no features of the word itself, no
/// cluster, no capitalisation ratio — only its shape, affixes, context and
/// gazetteer classes. Training uses it (word dropout) so that the weights
/// of those other features carry names the training data never had.
pub(crate) fn extract_with_unknown(
    tokens: &[&str],
    lexicon: &Lexicon,
    out: &mut Vec<u32>,
    ends: &mut Vec<usize>,
    unknown: &[bool],
) {
    let casing = casing(tokens);
    let casing_byte: &[u8] = match casing {
        Casing::Normal => b"n",
        Casing::Upper => b"u",
        Casing::Title => b"t",
        Casing::Lower => b"l",
    };
    let mut infos: Vec<Token> = tokens
        .iter()
        .enumerate()
        .map(|(index, word)| {
            let lower = normalise(word);
            let (shape, short) = shapes(word);
            let key = text_key(&lower);
            let hidden = unknown.get(index).copied().unwrap_or(false);
            let cluster = if hidden {
                None
            } else {
                lexicon.clusters.get(&key).copied()
            };
            let capitals = if hidden {
                None
            } else {
                lexicon.capitals.get(&key).copied()
            };
            Token {
                capitals: capitals.unwrap_or(4),
                lower,
                shape,
                short,
                cluster,
                gaz: 0,
                gaz_start: false,
            }
        })
        .collect();
    mark_phrases(&mut infos, lexicon);

    let mut hasher = Hasher {
        buffer: Vec::with_capacity(64),
        out,
    };
    let word = |i: isize| -> &[u8] {
        if i < 0 {
            START
        } else {
            infos.get(i as usize).map_or(END, |t| t.lower.as_bytes())
        }
    };
    let short = |i: isize| -> &[u8] {
        if i < 0 {
            START
        } else {
            infos.get(i as usize).map_or(END, |t| t.short.as_bytes())
        }
    };
    let fine = |i: isize| -> [u8; 2] {
        if i < 0 || i as usize >= infos.len() {
            return [0xff, 0xfe];
        }
        infos[i as usize]
            .cluster
            .map_or([0xff, 0xff], |(c, _)| c.to_le_bytes())
    };
    let coarse = |i: isize| -> u8 {
        if i < 0 || i as usize >= infos.len() {
            return 0xfe;
        }
        infos[i as usize].cluster.map_or(0xff, |(_, c)| c)
    };
    let gaz_of = |i: isize| -> [u8; 3] {
        if i < 0 || i as usize >= infos.len() {
            return [0xfe, 0xfe, 0];
        }
        let t = &infos[i as usize];
        let [low, high] = t.gaz.to_le_bytes();
        [low, high, u8::from(t.gaz_start)]
    };
    for (index, info) in infos.iter().enumerate() {
        let i = index as isize;
        let w0 = info.lower.as_bytes();
        let s0 = info.short.as_bytes();
        let position: &[u8] = match index {
            0 => b"0",
            1 => b"1",
            _ => b"2",
        };
        let known = !unknown.get(index).copied().unwrap_or(false);
        hasher.add(0, &[]);
        if known {
            hasher.add(1, &[w0]);
            if casing == Casing::Normal {
                hasher.add(2, &[tokens[index].as_bytes()]);
            }
        }
        hasher.add(3, &[word(i - 1)]);
        hasher.add(4, &[word(i + 1)]);
        hasher.add(5, &[word(i - 2)]);
        hasher.add(6, &[word(i + 2)]);
        if known {
            hasher.add(7, &[word(i - 1), w0]);
            hasher.add(8, &[w0, word(i + 1)]);
        }
        for n in 1..=4u8 {
            if let Some(p) = prefix(&info.lower, n as usize) {
                hasher.add(9, &[&[n], p.as_bytes()]);
            }
            if let Some(s) = suffix(&info.lower, n as usize) {
                hasher.add(10, &[&[n], s.as_bytes()]);
            }
        }
        hasher.add(11, &[s0]);
        hasher.add(12, &[short(i - 1)]);
        hasher.add(13, &[short(i + 1)]);
        hasher.add(14, &[short(i - 1), s0, short(i + 1)]);
        hasher.add(15, &[info.shape.as_bytes()]);
        hasher.add(16, &[casing_byte, s0]);
        hasher.add(17, &[casing_byte, position, s0]);
        hasher.add(18, &[&fine(i)]);
        hasher.add(19, &[&[coarse(i)]]);
        hasher.add(20, &[&fine(i - 1)]);
        hasher.add(21, &[&fine(i + 1)]);
        hasher.add(22, &[&[coarse(i - 1), coarse(i), coarse(i + 1)]]);
        hasher.add(23, &[&gaz_of(i)]);
        hasher.add(24, &[&gaz_of(i - 1)]);
        hasher.add(25, &[&gaz_of(i + 1)]);
        hasher.add(26, &[word(i - 1), s0]);
        hasher.add(27, &[s0, word(i + 1)]);
        if known {
            hasher.add(28, &[casing_byte, w0]);
        }
        hasher.add(29, &[&fine(i), s0]);
        hasher.add(30, &[&gaz_of(i), s0]);
        hasher.add(31, &[casing_byte, &[coarse(i)], s0]);
        {
            let caps = |i: isize| -> u8 {
                if i < 0 || i as usize >= infos.len() {
                    return 5;
                }
                infos[i as usize].capitals
            };
            hasher.add(36, &[casing_byte, &[caps(i)]]);
            hasher.add(37, &[casing_byte, &[caps(i)], s0]);
            hasher.add(38, &[casing_byte, &[caps(i - 1), caps(i), caps(i + 1)]]);
        }
        ends.push(hasher.out.len());
    }
}

/// How often each word is capitalised inside sentences of normal casing
/// (not first in the sentence, not after an opening quote or a colon), as
/// [`Lexicon::capitals`] buckets; words seen fewer than `min_count` times
/// there are left out. `sentences` are tokens as written.
pub(crate) fn capital_ratios<S: AsRef<str>>(
    sentences: &[Vec<S>],
    min_count: u32,
) -> HashMap<u64, u8> {
    let mut counts: HashMap<String, (u32, u32)> = HashMap::new();
    for sentence in sentences {
        let tokens: Vec<&str> = sentence.iter().map(AsRef::as_ref).collect();
        if casing(&tokens) != Casing::Normal {
            continue;
        }
        for (t, token) in tokens.iter().enumerate().skip(1) {
            if matches!(
                tokens[t - 1],
                "\"" | "'" | "“" | "‘" | ":" | "(" | "-" | "--"
            ) {
                continue;
            }
            let Some(first) = token.chars().next() else {
                continue;
            };
            if !first.is_alphabetic() {
                continue;
            }
            let entry = counts.entry(normalise(token)).or_default();
            entry.0 += 1;
            if first.is_uppercase() {
                entry.1 += 1;
            }
        }
    }
    counts
        .into_iter()
        .filter(|(_, (total, _))| *total >= min_count)
        .map(|(word, (total, capital))| {
            let share = capital as f64 / total as f64;
            let bucket = if share < 0.1 {
                0
            } else if share < 0.5 {
                1
            } else if share < 0.9 {
                2
            } else {
                3
            };
            (text_key(&word), bucket)
        })
        .collect()
}

/// Sets the gazetteer bits of tokens covered by known phrases, longest first.
fn mark_phrases(infos: &mut [Token], lexicon: &Lexicon) {
    if lexicon.phrases.is_empty() {
        return;
    }
    let mut phrase = String::new();
    for start in 0..infos.len() {
        let longest = lexicon.longest.min(infos.len() - start);
        for length in (1..=longest).rev() {
            phrase.clear();
            for (n, info) in infos[start..start + length].iter().enumerate() {
                if n > 0 {
                    phrase.push(' ');
                }
                phrase.push_str(&info.lower);
            }
            if let Some(&bits) = lexicon.phrases.get(&text_key(&phrase)) {
                for (n, info) in infos[start..start + length].iter_mut().enumerate() {
                    info.gaz |= bits;
                    if n == 0 {
                        info.gaz_start = true;
                    }
                }
                break;
            }
        }
    }
}

/// Splits raw text into rough tokens (whitespace, then leading and trailing
/// punctuation and the clitics `'s` and `n't`), for clusters and gazetteer
/// phrases.
pub(crate) fn rough_tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for chunk in text.split_whitespace() {
        let mut rest = chunk;
        let mut tail = Vec::new();
        while let Some(c) = rest.chars().next() {
            if "\"'([{“‘".contains(c) && rest.len() > c.len_utf8() {
                out.push(c.to_string());
                rest = &rest[c.len_utf8()..];
            } else {
                break;
            }
        }
        while let Some(c) = rest.chars().next_back() {
            if ".,;:!?\"')]}”’".contains(c) && rest.len() > c.len_utf8() {
                tail.push(c.to_string());
                rest = &rest[..rest.len() - c.len_utf8()];
            } else {
                break;
            }
        }
        for clitic in ["n't", "'s"] {
            if rest.len() > clitic.len() && rest.ends_with(clitic) {
                tail.push(clitic.to_string());
                rest = &rest[..rest.len() - clitic.len()];
                break;
            }
        }
        if !rest.is_empty() {
            out.push(rest.to_string());
        }
        out.extend(tail.into_iter().rev());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn keys(tokens: &[&str], lexicon: &Lexicon) -> Vec<Vec<u32>> {
        let mut out = Vec::new();
        let mut ends = Vec::new();
        extract(tokens, lexicon, &mut out, &mut ends);
        let mut start = 0;
        ends.iter()
            .map(|&end| {
                let keys = out[start..end].to_vec();
                start = end;
                keys
            })
            .collect()
    }

    #[test]
    fn shapes_collapse_runs() {
        assert_eq!(shapes("Velmora"), ("Xxxxxxx".to_string(), "Xx".to_string()));
        assert_eq!(shapes("U.N."), ("X.X.".to_string(), "X.X.".to_string()));
        assert_eq!(shapes("1996-08-30").1, "d-d-d");
    }

    #[test]
    fn sentence_casing() {
        assert_eq!(casing(&["CRICKET", "-", "VELMORA", "WIN"]), Casing::Upper);
        assert_eq!(
            casing(&["Harbour", "Authority", "Opens", "Dock"]),
            Casing::Title
        );
        assert_eq!(
            casing(&["The", "harbour", "opened", "in", "Velmora"]),
            Casing::Normal
        );
        assert_eq!(casing(&["the", "harbour"]), Casing::Lower);
    }

    #[test]
    fn features_depend_on_context_and_case() {
        let lexicon = Lexicon::default();
        let a = keys(&["Mayor", "Ilse", "Varn", "spoke"], &lexicon);
        let b = keys(&["Mayor", "Ilse", "Varn", "left"], &lexicon);
        assert_eq!(a.len(), 4);
        assert_eq!(a[0], keys(&["Mayor", "Ilse", "Varn", "spoke"], &lexicon)[0]);
        assert_ne!(a[2], b[2]);
        let upper = keys(&["MAYOR", "ILSE", "VARN", "SPOKE"], &lexicon);
        assert_ne!(a[1], upper[1]);
        // The lowercased word is shared between the two casings.
        assert!(a[1].iter().any(|k| upper[1].contains(k)));
    }

    #[test]
    fn capital_ratios_count_words_inside_sentences() {
        let sentences: Vec<Vec<&str>> = vec![
            vec!["Yesterday", "Ilse", "Varn", "opened", "the", "harbour", "."],
            vec!["The", "harbour", "of", "Velmora", "is", "open", "."],
            vec!["Ilse", "Varn", "thanked", "the", "harbour", "workers", "."],
            vec![
                "Then", "Varn", "left", "Velmora", "with", "the", "Harbour", "Board",
            ],
            // Headlines say nothing: every word is capitalised.
            vec!["Harbour", "Opens", "In", "Velmora"],
        ];
        let ratios = capital_ratios(&sentences, 2);
        let bucket = |w: &str| ratios.get(&text_key(w)).copied();
        assert_eq!(bucket("varn"), Some(3));
        assert_eq!(bucket("velmora"), Some(3));
        // "harbour" is capitalised once in four (the first word does not count).
        assert_eq!(bucket("harbour"), Some(1));
        assert_eq!(bucket("the"), Some(0));
        // Seen once inside sentences: too rare.
        assert_eq!(bucket("ilse"), None);
        let lexicon = Lexicon {
            capitals: ratios,
            ..Lexicon::default()
        };
        let a = keys(&["Then", "Varn", "left"], &lexicon);
        let b = keys(&["Then", "Tova", "left"], &lexicon);
        assert_ne!(a[1], b[1]);
    }

    #[test]
    fn phrases_mark_every_token() {
        let mut lexicon = Lexicon::default();
        lexicon
            .phrases
            .insert(text_key("new velmora"), gaz::COUNTRY);
        lexicon.longest = 2;
        let mut infos: Vec<Token> = ["in", "New", "Velmora"]
            .iter()
            .map(|w| Token {
                capitals: 4,
                lower: normalise(w),
                shape: String::new(),
                short: String::new(),
                cluster: None,
                gaz: 0,
                gaz_start: false,
            })
            .collect();
        mark_phrases(&mut infos, &lexicon);
        assert_eq!(infos[0].gaz, 0);
        assert_eq!(infos[1].gaz, gaz::COUNTRY);
        assert!(infos[1].gaz_start && !infos[2].gaz_start);
        assert_eq!(infos[2].gaz, gaz::COUNTRY);
    }

    #[test]
    fn rough_tokens_split_punctuation() {
        assert_eq!(
            rough_tokens("\"Velmora's harbour (north) isn't open.\""),
            vec![
                "\"", "Velmora", "'s", "harbour", "(", "north", ")", "is", "n't", "open", ".", "\""
            ]
        );
    }

    proptest! {
        #[test]
        fn extract_never_panics(tokens in proptest::collection::vec("\\PC{1,12}", 0..12)) {
            let refs: Vec<&str> = tokens.iter().map(String::as_str).collect();
            let k = keys(&refs, &Lexicon::default());
            prop_assert_eq!(k.len(), refs.len());
        }

        #[test]
        fn rough_tokens_never_panic(text in "\\PC{0,80}") {
            let tokens = rough_tokens(&text);
            prop_assert!(tokens.iter().all(|t| !t.is_empty()));
        }
    }
}
