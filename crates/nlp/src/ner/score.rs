//! Entity-level precision, recall and F1 (the CoNLL convention), computed
//! exactly as `shared/tools/score_ner.py` does: an entity counts as found
//! only when its type and its exact token span match.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Serialize;

use crate::ner::conll::Sentence;
use crate::{Error, Result};

/// Counts and figures for one type, or for all of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Entities found with the right type and span.
    pub correct: usize,
    /// Entities in the gold standard.
    pub gold: usize,
    /// Entities predicted.
    pub predicted: usize,
    /// correct / predicted (0 when nothing was predicted).
    pub precision: f64,
    /// correct / gold (0 when there is no gold entity).
    pub recall: f64,
    /// Harmonic mean of precision and recall (0 when both are 0).
    pub f1: f64,
}

impl Prf {
    fn new(correct: usize, gold: usize, predicted: usize) -> Prf {
        let precision = if predicted > 0 {
            correct as f64 / predicted as f64
        } else {
            0.0
        };
        let recall = if gold > 0 {
            correct as f64 / gold as f64
        } else {
            0.0
        };
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Prf {
            correct,
            gold,
            predicted,
            precision,
            recall,
            f1,
        }
    }
}

/// The scores of a prediction against a gold standard.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Scores {
    /// Per entity type (`PER`, `ORG` …), in sorted order.
    pub per_type: BTreeMap<String, Prf>,
    /// All kept types together (micro-averaged).
    pub overall: Prf,
}

impl fmt::Display for Scores {
    /// The lines `score_ner.py` prints, digit for digit.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (name, prf) in &self.per_type {
            line(f, name, prf)?;
        }
        line(f, "ALL", &self.overall)
    }
}

fn line(f: &mut fmt::Formatter<'_>, name: &str, prf: &Prf) -> fmt::Result {
    writeln!(
        f,
        "{name:<6} precision {:.4} recall {:.4} F1 {:.4}  (gold {}, predicted {})",
        prf.precision, prf.recall, prf.f1, prf.gold, prf.predicted
    )
}

/// Entity spans (type, start, end) of string tags, read as `score_ner.py`
/// reads them (IOB1 or IOB2).
fn spans(tags: &[&str]) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, &str)> = None;
    for i in 0..=tags.len() {
        let tag = tags.get(i).copied().unwrap_or("O");
        let (prefix, kind) = tag.split_once('-').unwrap_or((tag, ""));
        let current = open.map(|(_, kind)| kind);
        let begins = prefix == "B" || (prefix == "I" && Some(kind) != current);
        if let Some((start, open_kind)) = open {
            if tag == "O" || begins {
                out.push((open_kind.to_string(), start, i));
                open = None;
            }
        }
        if tag != "O" && (begins || open.is_none()) {
            open = Some((i, kind));
        }
    }
    out
}

/// Scores predicted tags against gold tags, sentence by sentence; both must
/// hold the same tokens. `keep` limits scoring to the listed types (such as
/// `PER,ORG,LOC` for a gold standard without MISC); other entities are ignored.
pub fn score(gold: &[Sentence], predicted: &[Sentence], keep: Option<&[&str]>) -> Result<Scores> {
    if gold.len() != predicted.len() {
        return Err(Error::Score {
            why: format!(
                "sentence count differs: gold {}, prediction {}",
                gold.len(),
                predicted.len()
            ),
        });
    }
    let kept = |kind: &str| keep.is_none_or(|keep| keep.contains(&kind));
    let mut correct: BTreeMap<String, usize> = BTreeMap::new();
    let mut gold_count: BTreeMap<String, usize> = BTreeMap::new();
    let mut predicted_count: BTreeMap<String, usize> = BTreeMap::new();
    for (index, (g, p)) in gold.iter().zip(predicted).enumerate() {
        if g.len() != p.len() || g.iter().zip(p).any(|(a, b)| a.0 != b.0) {
            return Err(Error::Score {
                why: format!("tokens differ in sentence {}", index + 1),
            });
        }
        let set = |sentence: &Sentence| -> BTreeSet<(String, usize, usize)> {
            let tags: Vec<&str> = sentence.iter().map(|(_, tag)| tag.as_str()).collect();
            spans(&tags)
                .into_iter()
                .filter(|span| kept(&span.0))
                .collect()
        };
        let gold_spans = set(g);
        let predicted_spans = set(p);
        for span in &gold_spans {
            *gold_count.entry(span.0.clone()).or_default() += 1;
        }
        for span in &predicted_spans {
            *predicted_count.entry(span.0.clone()).or_default() += 1;
        }
        for span in gold_spans.intersection(&predicted_spans) {
            *correct.entry(span.0.clone()).or_default() += 1;
        }
    }
    let names: BTreeSet<&String> = gold_count.keys().chain(predicted_count.keys()).collect();
    let get = |map: &BTreeMap<String, usize>, name: &String| map.get(name).copied().unwrap_or(0);
    let per_type = names
        .into_iter()
        .map(|name| {
            let prf = Prf::new(
                get(&correct, name),
                get(&gold_count, name),
                get(&predicted_count, name),
            );
            (name.clone(), prf)
        })
        .collect();
    let overall = Prf::new(
        correct.values().sum(),
        gold_count.values().sum(),
        predicted_count.values().sum(),
    );
    Ok(Scores { per_type, overall })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(pairs: &str) -> Sentence {
        pairs
            .split_whitespace()
            .map(|pair| {
                let (token, tag) = pair.split_once('/').unwrap();
                (token.to_string(), tag.to_string())
            })
            .collect()
    }

    #[test]
    fn exact_spans_count_and_partial_ones_do_not() {
        let gold = vec![
            sentence("Ilse/B-PER Varn/I-PER visited/O Velmora/B-LOC ./O"),
            sentence("The/O Harbour/B-ORG Authority/I-ORG of/I-ORG Portavel/I-ORG"),
        ];
        let predicted = vec![
            sentence("Ilse/B-PER Varn/I-PER visited/O Velmora/B-ORG ./O"),
            sentence("The/O Harbour/B-ORG Authority/I-ORG of/O Portavel/B-LOC"),
        ];
        let scores = score(&gold, &predicted, None).unwrap();
        assert_eq!(scores.overall.correct, 1);
        assert_eq!(scores.overall.gold, 3);
        assert_eq!(scores.overall.predicted, 4);
        assert_eq!(scores.per_type["PER"].f1, 1.0);
        assert_eq!(scores.per_type["LOC"].precision, 0.0);
        let text = scores.to_string();
        assert!(
            text.contains("PER    precision 1.0000 recall 1.0000 F1 1.0000  (gold 1, predicted 1)")
        );
        assert!(text
            .ends_with("ALL    precision 0.2500 recall 0.3333 F1 0.2857  (gold 3, predicted 4)\n"));
    }

    #[test]
    fn keep_ignores_other_types() {
        let gold = vec![sentence("Velmoran/B-MISC fishers/O in/O Velmora/B-LOC")];
        let predicted = vec![sentence("Velmoran/O fishers/O in/O Velmora/B-LOC")];
        let scores = score(&gold, &predicted, Some(&["PER", "ORG", "LOC"])).unwrap();
        assert_eq!(scores.overall.f1, 1.0);
        assert!(!scores.per_type.contains_key("MISC"));
    }

    #[test]
    fn mismatched_tokens_are_an_error() {
        let gold = vec![sentence("A/O b/O")];
        let predicted = vec![sentence("A/O c/O")];
        assert!(score(&gold, &predicted, None).is_err());
        assert!(score(&gold, &[], None).is_err());
    }

    #[test]
    fn iob1_spans_read_like_the_python_scorer() {
        let tags = ["I-ORG", "I-ORG", "I-PER", "O", "B-LOC", "I-MISC"];
        assert_eq!(
            spans(&tags),
            vec![
                ("ORG".to_string(), 0, 2),
                ("PER".to_string(), 2, 3),
                ("LOC".to_string(), 4, 5),
                ("MISC".to_string(), 5, 6),
            ]
        );
    }
}
