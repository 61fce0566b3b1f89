//! Tone: how positive or negative a text's words are, after GDELT's
//! `AvgTone` (the share of positive words minus the share of negative words,
//! in percent, from -100 to +100; news usually sits between -10 and +10).
//!
//! Words are read from the VADER sentiment lexicon (MIT, C.J. Hutto 2016;
//! `data/tone/vader.tsv`, rebuilt by `bench/tone/build_lexicon.py`), English
//! only: a text in another language gets no tone. A word directly after a
//! negation (`not`, `no`, `never`, `n't` …) counts on the other side ("not
//! good" is negative).

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::Serialize;

/// The tone of a text.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Tone {
    /// Positive minus negative words, in percent of all words (-100 … +100).
    pub score: f32,
    /// Words of positive valence.
    pub positive: u32,
    /// Words of negative valence.
    pub negative: u32,
    /// Words read.
    pub words: u32,
}

/// Word → valence sign (+1, -1).
static LEXICON: LazyLock<HashMap<&'static str, i8>> = LazyLock::new(|| {
    include_str!("../data/tone/vader.tsv")
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let (word, valence) = line.split_once('\t')?;
            let valence: f32 = valence.trim().parse().ok()?;
            Some((word, if valence > 0.0 { 1 } else { -1 }))
        })
        .collect()
});

/// Words that turn the next word's valence around.
const NEGATIONS: &[&str] = &[
    "not", "no", "never", "neither", "nor", "without", "hardly", "cannot", "nobody", "nothing",
];

/// The tone of `text` in language `lang` (ISO 639-1); `None` for a text not
/// in English or without words.
pub fn tone(text: &str, lang: Option<&str>) -> Option<Tone> {
    if lang.is_some_and(|lang| lang != "en") {
        return None;
    }
    let (mut positive, mut negative, mut words) = (0u32, 0u32, 0u32);
    let mut negated = false;
    for raw in text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’')) {
        if raw.is_empty() {
            continue;
        }
        words += 1;
        let lower = raw.to_lowercase().replace('’', "'");
        let (word, negates) = match lower.strip_suffix("n't") {
            Some(stem) => (stem.to_string(), true),
            None => (lower.clone(), NEGATIONS.contains(&lower.as_str())),
        };
        if let Some(&sign) = LEXICON.get(word.as_str()) {
            let sign = if negated { -sign } else { sign };
            if sign > 0 {
                positive += 1;
            } else {
                negative += 1;
            }
        }
        negated = negates;
    }
    (words > 0).then(|| Tone {
        score: (f64::from(positive) - f64::from(negative)) as f32 * 100.0 / words as f32,
        positive,
        negative,
        words,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clear_sentences_get_the_right_sign() {
        // Invented sentences whose polarity a reader would not doubt.
        let positive = [
            "The festival in Velmora was a wonderful success and visitors praised the friendly crowds.",
            "Doctors said the new clinic in Portavel is excellent and patients are happy with the care.",
            "The mayor welcomed the agreement, calling it a great victory for peace in the region.",
            "Farmers celebrated a record harvest and thanked the volunteers for their generous help.",
            "The ferry crew was honoured for a brave and successful rescue of twelve fishermen.",
            "Students won the national prize and their teachers were proud of the impressive result.",
            "The two leaders enjoyed warm, friendly talks and promised to strengthen their cooperation.",
            "Residents were delighted when the beautiful old bridge reopened safely after repairs.",
            "The company reported strong growth and hired hundreds of workers, a welcome boost.",
            "Kerra's hospital received a generous gift that will improve care for thousands.",
        ];
        let negative = [
            "The bombing killed twelve people and wounded dozens in a horrific attack on the market.",
            "Police arrested three men after a violent riot left the harbour district destroyed.",
            "The flood caused terrible damage, and families lost their homes and everything they owned.",
            "Critics condemned the corrupt deal and accused the minister of lying to parliament.",
            "The war has brought hunger, fear and misery to millions of displaced people.",
            "Investors panicked as the bank collapsed amid fraud charges and angry protests.",
            "The prisoners described brutal abuse, torture and cruel punishment in the camp.",
            "A deadly fire destroyed the school, and grieving parents blamed failed inspections.",
            "The storm killed four fishermen and left the coast in chaos and ruin.",
            "Officials warned of a dangerous crisis as the epidemic spread and hospitals failed.",
        ];
        let mut right = 0;
        for text in positive {
            right += usize::from(tone(text, Some("en")).unwrap().score > 0.0);
        }
        for text in negative {
            right += usize::from(tone(text, Some("en")).unwrap().score < 0.0);
        }
        assert!(
            right >= 18,
            "{right} of 20 with the right sign (target 90%)"
        );
    }

    #[test]
    fn negation_turns_a_word_around_and_other_languages_get_none() {
        let good = tone("The harvest was good.", None).unwrap();
        let not_good = tone("The harvest was not good.", None).unwrap();
        assert!(
            good.score > 0.0 && not_good.score < 0.0,
            "{good:?} {not_good:?}"
        );
        assert_eq!(tone("It wasn’t bad at all.", None).unwrap().negative, 0);
        assert_eq!(tone("La récolte était bonne.", Some("fr")), None);
        assert_eq!(tone("", Some("en")), None);
        let neutral = tone("The council met on Monday at nine.", Some("en")).unwrap();
        assert_eq!(
            (neutral.score, neutral.positive, neutral.negative),
            (0.0, 0, 0)
        );
    }
}
