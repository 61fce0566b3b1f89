//! The CASE 2021 snippet scorer, the same figures as
//! `shared/tools/score_case_events.py`: each gold snippet allows a set of
//! CAMEO roots (or says nothing political happened); recall is the share
//! of eventful snippets where some coded event has an allowed root, strict
//! precision the share of coded events on those snippets whose root is
//! allowed, false alarms the share of no-event snippets with any event.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::{Deserialize, Serialize};
use tidings_model::Event;

use crate::error::{Error, Result};

/// A gold snippet.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CaseRecord {
    /// Record id.
    pub id: String,
    /// The snippet.
    pub text: String,
    /// Its ACLED-style subtype (`AIR_STRIKE`).
    #[serde(default)]
    pub subtype: String,
    /// The CAMEO roots an event in it may have (`["19"]`).
    #[serde(default)]
    pub ok_roots: Vec<String>,
    /// True when nothing political happened (a flood, a fire).
    #[serde(default)]
    pub no_event: bool,
}

/// One coded event as written to the predictions file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseEvent {
    /// CAMEO code (`190`).
    pub cameo: String,
    /// PLOVER type.
    pub plover: String,
    /// Source actor code, if any.
    pub source: Option<String>,
    /// Target actor code, if any.
    pub target: Option<String>,
    /// The coder's confidence.
    #[serde(default)]
    pub confidence: f32,
    /// The signals the confidence was computed from that were on (for
    /// refitting it, `bench/fit_confidence.py`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signals: Vec<String>,
    /// The words that triggered the code, as written (for reading errors).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<String>,
}

/// A coder's answer for one snippet: `{id, events: [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CasePrediction {
    /// Record id.
    pub id: String,
    /// Every event coded in it.
    pub events: Vec<CaseEvent>,
}

/// The scorer's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseScores {
    /// Gold snippets.
    pub snippets: usize,
    /// Eventful snippets with some event of an allowed root / eventful snippets.
    pub recall: f64,
    /// Events of an allowed root / events, on eventful snippets.
    pub strict_precision: f64,
    /// No-event snippets with an event / no-event snippets.
    pub false_alarms: f64,
    /// Recall by gold subtype, in name order.
    pub per_subtype: BTreeMap<String, f64>,
}

/// Reads gold snippets (one JSON object per line).
pub fn parse_case(text: &str) -> Result<Vec<CaseRecord>> {
    let mut records = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let record: CaseRecord = serde_json::from_str(line).map_err(|err| Error::Record {
            file: "gold".to_string(),
            line: n + 1,
            why: err.to_string(),
        })?;
        records.push(record);
    }
    Ok(records)
}

/// Whether a JSON line is a CASE snippet (it has `ok_roots`), not a PLOVER
/// gold sentence.
pub fn is_case_line(line: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(line)
        .ok()
        .is_some_and(|value| value.get("ok_roots").is_some())
}

/// The prediction for a snippet: every coded event.
pub fn predict_case(id: &str, events: &[Event]) -> CasePrediction {
    let code = |actor: &Option<tidings_model::Actor>| actor.as_ref().and_then(|a| a.code.clone());
    CasePrediction {
        id: id.to_string(),
        events: events
            .iter()
            .map(|event| CaseEvent {
                cameo: event.cameo.clone(),
                plover: event.plover.clone(),
                source: code(&event.source),
                target: code(&event.target),
                confidence: event.confidence,
                signals: Vec::new(),
                trigger: None,
            })
            .collect(),
    }
}

/// Each coded event's confidence and whether it is right by the scorer's
/// rule: on an eventful snippet, its root is allowed; on a no-event
/// snippet, no event is right. For [`super::signals::calibration`].
pub fn judged_case(gold: &[CaseRecord], predictions: &[CasePrediction]) -> Vec<(f32, bool)> {
    let by_id: HashMap<&str, &CaseRecord> = gold.iter().map(|g| (g.id.as_str(), g)).collect();
    let mut latest: HashMap<&str, &CasePrediction> = HashMap::new();
    for p in predictions {
        latest.insert(p.id.as_str(), p);
    }
    let mut judged = Vec::new();
    for record in gold {
        let Some(p) = latest.get(record.id.as_str()) else {
            continue;
        };
        let Some(g) = by_id.get(p.id.as_str()) else {
            continue;
        };
        for event in &p.events {
            let root = event.cameo.get(..2).unwrap_or("");
            let right = !g.no_event && g.ok_roots.iter().any(|r| r == root);
            judged.push((event.confidence, right));
        }
    }
    judged
}

/// Scores predictions against the gold snippets. A later prediction for
/// the same id replaces an earlier one; a missing id has no events.
pub fn score_case(gold: &[CaseRecord], predictions: &[CasePrediction]) -> CaseScores {
    let roots: HashMap<&str, Vec<String>> = predictions
        .iter()
        .map(|p| {
            let roots = p
                .events
                .iter()
                .map(|e| e.cameo.chars().take(2).collect())
                .collect();
            (p.id.as_str(), roots)
        })
        .collect();
    let (mut hit, mut eventful, mut coded, mut right, mut quiet, mut alarms) = (0, 0, 0, 0, 0, 0);
    let mut by: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let none = Vec::new();
    for record in gold {
        let found = roots.get(record.id.as_str()).unwrap_or(&none);
        if record.no_event {
            quiet += 1;
            alarms += usize::from(!found.is_empty());
            continue;
        }
        eventful += 1;
        let allowed = |root: &String| record.ok_roots.contains(root);
        let any = found.iter().any(allowed);
        hit += usize::from(any);
        coded += found.len();
        right += found.iter().filter(|r| allowed(r)).count();
        let entry = by.entry(record.subtype.clone()).or_default();
        entry.0 += usize::from(any);
        entry.1 += 1;
    }
    let share = |a: usize, b: usize| a as f64 / b.max(1) as f64;
    CaseScores {
        snippets: eventful + quiet,
        recall: share(hit, eventful),
        strict_precision: share(right, coded),
        false_alarms: share(alarms, quiet),
        per_subtype: by
            .into_iter()
            .map(|(subtype, (hit, all))| (subtype, share(hit, all)))
            .collect(),
    }
}

impl fmt::Display for CaseScores {
    /// The same lines as `score_case_events.py`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "snippets {}", self.snippets)?;
        writeln!(
            f,
            "recall {:.4}  strict precision {:.4}  false alarms {:.4}",
            self.recall, self.strict_precision, self.false_alarms
        )?;
        for (subtype, recall) in &self.per_subtype {
            writeln!(f, "  {subtype:32} {recall:.3}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, subtype: &str, roots: &[&str], no_event: bool) -> CaseRecord {
        CaseRecord {
            id: id.into(),
            text: String::new(),
            subtype: subtype.into(),
            ok_roots: roots.iter().map(|r| r.to_string()).collect(),
            no_event,
        }
    }

    fn predicted(id: &str, cameos: &[&str]) -> CasePrediction {
        CasePrediction {
            id: id.into(),
            events: cameos
                .iter()
                .map(|c| CaseEvent {
                    cameo: c.to_string(),
                    plover: String::new(),
                    source: None,
                    target: None,
                    confidence: 1.0,
                    signals: Vec::new(),
                    trigger: None,
                })
                .collect(),
        }
    }

    #[test]
    fn recall_precision_and_false_alarms() {
        let gold = [
            record("a", "AIR_STRIKE", &["19"], false),
            record("b", "AIR_STRIKE", &["19"], false),
            record("c", "PROTEST", &["14"], false),
            record("d", "FLOOD", &[], true),
            record("e", "FIRE", &[], true),
        ];
        let predictions = [
            predicted("a", &["190", "111"]),
            predicted("c", &["141"]),
            predicted("d", &["190"]),
            predicted("zzz", &["190"]),
        ];
        let scores = score_case(&gold, &predictions);
        assert_eq!(scores.snippets, 5);
        assert!((scores.recall - 2.0 / 3.0).abs() < 1e-12);
        assert!((scores.strict_precision - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(scores.false_alarms, 0.5);
        assert_eq!(scores.per_subtype["AIR_STRIKE"], 0.5);
        assert!(scores.to_string().starts_with("snippets 5\nrecall 0.6667"));
    }

    #[test]
    fn the_two_formats_are_told_apart() {
        assert!(is_case_line(
            r#"{"id": "x", "text": "t", "ok_roots": ["19"], "no_event": false}"#
        ));
        assert!(!is_case_line(
            r#"{"id": "x", "text": "t", "code": "ASSAULT"}"#
        ));
        assert!(!is_case_line("not json"));
    }
}
