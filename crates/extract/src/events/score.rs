//! The PLOVER event-coding scorer, the same figures as
//! `shared/tools/score_events.py`: event-type accuracy and macro-F1 over
//! types, source and target actor accuracy (the set of country codes, on
//! sentences whose type is right) and the share fully right; and the rule
//! that turns an article's events into one prediction per sentence.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use serde::{Deserialize, Serialize};
use tidings_model::Event;

use crate::error::{Error, Result};

/// A gold-standard sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldRecord {
    /// Record id.
    pub id: String,
    /// The sentence.
    pub text: String,
    /// PLOVER type (current or 0.5 name).
    pub code: Option<String>,
    /// Source actor codes as given.
    pub sources: Vec<String>,
    /// Target actor codes as given.
    pub targets: Vec<String>,
    /// Source and target may be swapped or merged ("A and B agreed").
    pub reciprocal: bool,
}

/// A coder's answer for one sentence: `{id, code, source, target}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    /// Record id.
    pub id: String,
    /// PLOVER type, or `None` when no event was found.
    pub code: Option<String>,
    /// Country codes (or `IGO`/`NGO`) of the sources.
    #[serde(default)]
    pub source: Vec<String>,
    /// Country codes (or `IGO`/`NGO`) of the targets.
    #[serde(default)]
    pub target: Vec<String>,
    /// The event's confidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
    /// The signals its confidence was computed from that were on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signals: Vec<String>,
}

/// The scorer's figures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    /// Gold sentences.
    pub sentences: usize,
    /// Share of sentences with the right type (no event counts as a type).
    pub type_accuracy: f64,
    /// Mean F1 over types.
    pub macro_f1: f64,
    /// Share of sentences with the right type and the right sources.
    pub source_right: f64,
    /// Share of sentences with the right type and the right targets.
    pub target_right: f64,
    /// Share of sentences with type, sources and targets right.
    pub fully_right: f64,
}

impl fmt::Display for Scores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "sentences {}", self.sentences)?;
        writeln!(
            f,
            "type accuracy {:.4}  macro-F1 {:.4}",
            self.type_accuracy, self.macro_f1
        )?;
        writeln!(
            f,
            "source actor right (type right) {:.4}  target actor right (type right) {:.4}",
            self.source_right, self.target_right
        )?;
        writeln!(f, "fully right {:.4}", self.fully_right)
    }
}

#[derive(Deserialize)]
struct RawActor {
    #[serde(default)]
    code: Option<String>,
}

#[derive(Deserialize)]
struct RawGold {
    id: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    source_actors: Vec<RawActor>,
    #[serde(default)]
    target_actors: Vec<RawActor>,
    #[serde(default)]
    reciprocal: Option<bool>,
}

/// Reads gold JSONL (blank lines skipped); an error names the line.
pub fn parse_gold(text: &str) -> Result<Vec<GoldRecord>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let raw: RawGold = serde_json::from_str(line).map_err(|e| Error::Record {
            file: "gold".to_string(),
            line: i + 1,
            why: e.to_string(),
        })?;
        let codes = |actors: Vec<RawActor>| -> Vec<String> {
            actors
                .into_iter()
                .filter_map(|a| a.code)
                .filter(|c| !c.is_empty())
                .collect()
        };
        out.push(GoldRecord {
            id: raw.id,
            text: raw.text,
            code: raw.code,
            sources: codes(raw.source_actors),
            targets: codes(raw.target_actors),
            reciprocal: raw.reciprocal.unwrap_or(false),
        });
    }
    Ok(out)
}

/// Reads prediction JSONL (blank lines skipped); an error names the line.
pub fn parse_predictions(text: &str) -> Result<Vec<Prediction>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let prediction: Prediction = serde_json::from_str(line).map_err(|e| Error::Record {
            file: "predictions".to_string(),
            line: i + 1,
            why: e.to_string(),
        })?;
        out.push(prediction);
    }
    Ok(out)
}

/// The prediction for a sentence from its events: the most confident event
/// (the first on a tie) gives the type; the sources and targets are those
/// of every event with the same trigger and code (one event per actor
/// pair), as country codes, or `IGO`/`NGO` for organisations.
pub fn predict(id: &str, events: &[Event]) -> Prediction {
    let rank: Vec<f32> = events.iter().map(|e| e.confidence).collect();
    predict_ranked(id, events, &rank)
}

/// Like [`predict`], choosing the first event of highest `rank` (one number
/// per event, e.g. [`super::Signals::salience`]) instead of the most
/// confident.
pub fn predict_ranked(id: &str, events: &[Event], rank: &[f32]) -> Prediction {
    let mut best: Option<(&Event, f32)> = None;
    for (event, &r) in events.iter().zip(rank) {
        if best.is_none_or(|(_, b)| r > b) {
            best = Some((event, r));
        }
    }
    let best = best.map(|(event, _)| event);
    let Some(best) = best else {
        return Prediction {
            id: id.to_string(),
            code: None,
            source: Vec::new(),
            target: Vec::new(),
            confidence: None,
            signals: Vec::new(),
        };
    };
    let mut source = BTreeSet::new();
    let mut target = BTreeSet::new();
    for event in events.iter().filter(|e| {
        e.trigger == best.trigger && e.cameo == best.cameo && e.sentence == best.sentence
    }) {
        source.extend(event.source.as_ref().and_then(country_code));
        target.extend(event.target.as_ref().and_then(country_code));
    }
    Prediction {
        id: id.to_string(),
        code: Some(best.plover.clone()),
        source: source.into_iter().collect(),
        target: target.into_iter().collect(),
        confidence: Some(best.confidence),
        signals: Vec::new(),
    }
}

fn country_code(actor: &tidings_model::Actor) -> Option<String> {
    if let Some(country) = &actor.country {
        return Some(country.clone());
    }
    let code = actor.code.as_deref()?;
    (code.starts_with("IGO") || code.starts_with("NGO")).then(|| code[..3].to_string())
}

/// PLOVER 0.5 names folded into the current 16 types, as the scorer does.
fn norm(code: Option<&str>) -> Option<String> {
    let code = code.unwrap_or("").trim().to_uppercase();
    let code = match code.as_str() {
        "DEMAND" => "REQUEST".to_string(),
        "DISAPPROVE" | "INVESTIGATE" => "ACCUSE".to_string(),
        "FIGHT" => "ASSAULT".to_string(),
        _ => code,
    };
    (!code.is_empty()).then_some(code)
}

/// The sorted set of the first three letters of each code, upper case.
fn code_set<'a>(codes: impl IntoIterator<Item = &'a String>) -> BTreeSet<String> {
    codes
        .into_iter()
        .filter(|c| !c.is_empty())
        .map(|c| c.to_uppercase().chars().take(3).collect())
        .collect()
}

/// Whether a prediction has the gold record's type (as the scorer compares
/// them).
pub fn type_right(record: &GoldRecord, prediction: &Prediction) -> bool {
    prediction.code.is_some() && norm(prediction.code.as_deref()) == norm(record.code.as_deref())
}

/// Scores predictions against the gold standard. A later prediction for
/// the same id replaces an earlier one; a missing id counts as no event.
pub fn score(gold: &[GoldRecord], predictions: &[Prediction]) -> Scores {
    let by_id: HashMap<&str, &Prediction> =
        predictions.iter().map(|p| (p.id.as_str(), p)).collect();
    let (mut right_type, mut right_source, mut right_target, mut full) =
        (0usize, 0usize, 0usize, 0usize);
    let mut tp: BTreeMap<Option<String>, usize> = BTreeMap::new();
    let mut fp: BTreeMap<Option<String>, usize> = BTreeMap::new();
    let mut fn_: BTreeMap<Option<String>, usize> = BTreeMap::new();
    let empty = Vec::new();
    for record in gold {
        let prediction = by_id.get(record.id.as_str());
        let predicted = norm(prediction.and_then(|p| p.code.as_deref()));
        let wanted = norm(record.code.as_deref());
        if predicted == wanted {
            right_type += 1;
            *tp.entry(wanted.clone()).or_default() += 1;
        } else {
            *fn_.entry(wanted.clone()).or_default() += 1;
            if predicted.is_some() {
                *fp.entry(predicted.clone()).or_default() += 1;
            }
        }
        let gs = code_set(&record.sources);
        let gt = code_set(&record.targets);
        let ps = code_set(prediction.map_or(&empty, |p| &p.source));
        let pt = code_set(prediction.map_or(&empty, |p| &p.target));
        let (source_ok, target_ok) = if record.reciprocal {
            let both: BTreeSet<String> = gs.union(&gt).cloned().collect();
            let merged: BTreeSet<String> = ps.union(&pt).cloned().collect();
            (ps == gs || merged == both, pt == gt || merged == both)
        } else {
            (ps == gs, pt == gt)
        };
        if predicted == wanted {
            right_source += usize::from(source_ok);
            right_target += usize::from(target_ok);
            full += usize::from(source_ok && target_ok);
        }
    }
    let n = gold.len().max(1) as f64;
    let types: BTreeSet<&Option<String>> = tp.keys().chain(fn_.keys()).chain(fp.keys()).collect();
    let mut f1_sum = 0.0;
    for kind in &types {
        let t = *tp.get(*kind).unwrap_or(&0) as f64;
        let p = *fp.get(*kind).unwrap_or(&0) as f64;
        let m = *fn_.get(*kind).unwrap_or(&0) as f64;
        let precision = if t + p > 0.0 { t / (t + p) } else { 0.0 };
        let recall = if t + m > 0.0 { t / (t + m) } else { 0.0 };
        f1_sum += if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
    }
    Scores {
        sentences: gold.len(),
        type_accuracy: right_type as f64 / n,
        macro_f1: if types.is_empty() {
            0.0
        } else {
            f1_sum / types.len() as f64
        },
        source_right: right_source as f64 / n,
        target_right: right_target as f64 / n,
        fully_right: full as f64 / n,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOLD: &str = r#"{"id": "a", "text": "Velmora and Kerra agreed.", "code": "AGREE", "source_actors": [{"code": "VLM"}, {"code": "KER"}], "target_actors": [], "reciprocal": true}
{"id": "b", "text": "Velmora shelled Kerra.", "code": "FIGHT", "source_actors": [{"code": "VLM"}], "target_actors": [{"code": "KERGOV"}], "reciprocal": false}

{"id": "c", "text": "Kerra demanded talks.", "code": "DEMAND", "source_actors": [{"code": "KER"}], "target_actors": [{"code": "VLM"}]}
"#;

    #[test]
    fn legacy_names_fold_and_reciprocal_actors_merge() {
        let gold = parse_gold(GOLD).unwrap();
        assert_eq!(gold.len(), 3);
        let predictions = parse_predictions(
            r#"{"id": "a", "code": "AGREE", "source": ["VLM", "KER"], "target": []}
{"id": "b", "code": "ASSAULT", "source": ["VLM"], "target": ["KER"]}
{"id": "c", "code": "REQUEST", "source": ["KER"], "target": []}"#,
        )
        .unwrap();
        let scores = score(&gold, &predictions);
        assert_eq!(scores.sentences, 3);
        assert_eq!(scores.type_accuracy, 1.0);
        assert_eq!(scores.macro_f1, 1.0);
        assert_eq!(scores.source_right, 1.0);
        assert!((scores.target_right - 2.0 / 3.0).abs() < 1e-12);
        assert!((scores.fully_right - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(
            scores.to_string(),
            "sentences 3\ntype accuracy 1.0000  macro-F1 1.0000\n\
             source actor right (type right) 1.0000  target actor right (type right) 0.6667\n\
             fully right 0.6667\n"
        );
    }

    #[test]
    fn missing_predictions_count_as_no_event() {
        let gold = parse_gold(GOLD).unwrap();
        let scores = score(&gold, &[]);
        assert_eq!(scores.type_accuracy, 0.0);
        assert_eq!(scores.macro_f1, 0.0);
    }

    #[test]
    fn bad_lines_are_named() {
        let error = parse_predictions("{\"id\": 3}\n").unwrap_err().to_string();
        assert!(
            error.starts_with("bad record predictions: line 1: "),
            "{error}"
        );
    }
}
