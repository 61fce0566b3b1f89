//! An event's confidence: a logistic function of what the coder saw when
//! it coded the event (a named source, a verb, a pattern of several words,
//! a subordinate clause …), with weights fitted by
//! `bench/fit_confidence.py` from the `signals` that `tidings eval events
//! --out` writes, on half a of the PLOVER development sentences (CC BY-SA
//! 4.0, crates/extract/NOTICE) and on the labelled snippets we wrote
//! ourselves (`bench/events/invented.jsonl`), and checked on PLOVER half b
//! and on both halves of the CASE 2021 snippets, which are never fitted on
//! (their data allows evaluation only): the confidence is the share of such
//! events that were right (see BENCHMARKS.md, "calibration").

use serde::Serialize;

/// What the coder saw when it coded one event.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Signals {
    /// The trigger is a verb.
    pub verbal: bool,
    /// The pattern has several elements, or a governor changed it.
    pub multi: bool,
    /// The source actor has a code.
    pub source: bool,
    /// The source actor has a country or is an organisation.
    pub source_placed: bool,
    /// The target actor has a code.
    pub target: bool,
    /// A governor with no event after it ("warned", "urged").
    pub bare_governor: bool,
    /// The trigger is in a subordinate clause or a participle phrase.
    pub embedded: bool,
    /// A governor, modality or negation changed the pattern's code.
    pub derived: bool,
    /// A conflictual event (quad class 3 or 4).
    pub conflict: bool,
    /// The sentence names a disaster or an accident.
    pub disaster: bool,
    /// The sentence gives four events or more.
    pub crowded: bool,
    /// The trigger stands after the 25th word.
    pub late: bool,
    /// A material act (quad class 2 or 4), not a verbal one.
    pub material: bool,
    /// The trigger is a passive verb.
    pub passive: bool,
    /// The trigger's word position in its sentence (for [`Signals::salience`]).
    pub head: u16,
    /// The sentence's main event: the first most salient of its events.
    pub main: bool,
    /// A verbal cooperation (quad class 1): a meeting, a statement, a
    /// promise.
    pub cooperative: bool,
    /// The pattern comes from the converted PETRARCH2 dictionary, read with
    /// less context than ours: not fitted, a fixed 0.1 less.
    pub dictionary: bool,
    /// In a full article, the source is a person known only by a
    /// nationality or a country, with no role or office (a private person).
    pub person_country: bool,
    /// In a full article (`context::ARTICLE_SENTENCES` or more), the
    /// source has no code (nobody in the article could be named), or only
    /// a role without a country in an article whose other actors have one.
    pub article_unplaced: bool,
    /// In a full article, fewer than three in ten of its events have a
    /// source with a code.
    pub article_unpolitical: bool,
    /// The article reads as a review, a sports, business or science piece
    /// (many of their words).
    pub article_genre: bool,
    /// In a full article, the event has no target the coder can name.
    pub article_untargeted: bool,
}

/// Intercept and weights of the logistic fit, in the order of
/// [`Signals::values`] (`bench/fit_confidence.py` on PLOVER dev half a and
/// the three in four of `bench/events/invented.jsonl` it does not hold out;
/// never on CASE 2021).
const INTERCEPT: f32 = 0.72;
const WEIGHTS: [f32; 21] = [
    0.27,  // verbal
    0.86,  // multi
    -0.34, // source
    0.45,  // source_placed
    0.48,  // target
    -0.77, // bare_governor
    -0.46, // embedded
    0.54,  // derived
    0.46,  // conflict
    -1.15, // disaster
    -0.39, // crowded
    -0.61, // late
    -0.44, // material
    -0.84, // passive
    -0.04, // main
    0.19,  // cooperative
    -1.84, // person_country
    -3.12, // article_unplaced
    -0.78, // article_unpolitical
    -2.14, // article_genre
    -2.65, // article_untargeted
];

/// The names of the signals, in the order of [`Signals::values`].
pub const NAMES: [&str; 21] = [
    "verbal",
    "multi",
    "source",
    "source_placed",
    "target",
    "bare_governor",
    "embedded",
    "derived",
    "conflict",
    "disaster",
    "crowded",
    "late",
    "material",
    "passive",
    "main",
    "cooperative",
    "person_country",
    "article_unplaced",
    "article_unpolitical",
    "article_genre",
    "article_untargeted",
];

impl Signals {
    /// The signals as numbers (1 for true), in the order of [`NAMES`].
    pub fn values(&self) -> [f32; 21] {
        [
            self.verbal,
            self.multi,
            self.source,
            self.source_placed,
            self.target,
            self.bare_governor,
            self.embedded,
            self.derived,
            self.conflict,
            self.disaster,
            self.crowded,
            self.late,
            self.material,
            self.passive,
            self.main,
            self.cooperative,
            self.person_country,
            self.article_unplaced,
            self.article_unpolitical,
            self.article_genre,
            self.article_untargeted,
        ]
        .map(|b| if b { 1.0 } else { 0.0 })
    }

    /// How much the event looks like its sentence's main event (a verb in
    /// the main clause with named actors, early in the sentence): what a
    /// coder that gives one event per sentence picks, apart from how sure
    /// it is that the event is right.
    pub fn salience(&self) -> f32 {
        let mut salience: f32 = 0.4;
        for (on, weight) in [
            (self.verbal, 0.1),
            (self.multi, 0.05),
            (self.source, 0.25),
            (self.target, 0.15),
            (self.bare_governor, -0.1),
            (self.embedded, -0.15),
        ] {
            if on {
                salience += weight;
            }
        }
        salience - 0.002 * f32::from(self.head.min(100))
    }

    /// The calibrated probability that the event is right, in `[0, 1]`,
    /// rounded to two decimals.
    pub fn confidence(&self) -> f32 {
        let z = INTERCEPT
            + self
                .values()
                .iter()
                .zip(WEIGHTS)
                .map(|(x, w)| x * w)
                .sum::<f32>();
        let p = 1.0 / (1.0 + (-z).exp());
        let p = if self.dictionary {
            (p - 0.1).max(0.0)
        } else {
            p
        };
        (p * 100.0).round() / 100.0
    }
}

/// The events a threshold keeps by default (`tidings events
/// --min-confidence`): chosen by `bench/fit_confidence.py` on the invented
/// snippets it holds out of the fit, as the lowest cut at which their shown
/// events are at least 80 % right (BENCHMARKS.md, "calibration"); never on
/// CASE 2021.
pub const DEFAULT_MIN_CONFIDENCE: f32 = 0.4;

/// One bucket of a reliability table: events whose confidence is in
/// `[low, high)` (the last bucket includes 1.0), and how many were right.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bucket {
    /// Lowest confidence in the bucket.
    pub low: f32,
    /// Highest confidence, exclusive (1.0 inclusive for the last).
    pub high: f32,
    /// Events in the bucket.
    pub events: usize,
    /// Of them, right.
    pub right: usize,
}

/// How well confidence predicts being right: the share right among events
/// at or above 0.8 and per bucket of 0.2.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibration {
    /// Events with confidence ≥ 0.8.
    pub high_events: usize,
    /// Of them, right.
    pub high_right: usize,
    /// Buckets [0, 0.2), [0.2, 0.4) … [0.8, 1.0].
    pub buckets: Vec<Bucket>,
}

impl Calibration {
    /// The share right among events with confidence ≥ 0.8 (0 with none).
    pub fn high_share(&self) -> f64 {
        self.high_right as f64 / self.high_events.max(1) as f64
    }
}

/// The reliability table of events given as (confidence, right).
pub fn calibration(judged: impl IntoIterator<Item = (f32, bool)>) -> Calibration {
    let mut buckets: Vec<Bucket> = (0..5)
        .map(|i| Bucket {
            low: i as f32 * 0.2,
            high: (i + 1) as f32 * 0.2,
            events: 0,
            right: 0,
        })
        .collect();
    let (mut high_events, mut high_right) = (0, 0);
    for (confidence, right) in judged {
        let i = ((confidence * 5.0).floor().max(0.0) as usize).min(4);
        buckets[i].events += 1;
        buckets[i].right += usize::from(right);
        if confidence >= 0.8 {
            high_events += 1;
            high_right += usize::from(right);
        }
    }
    Calibration {
        high_events,
        high_right,
        buckets,
    }
}

impl std::fmt::Display for Calibration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "confidence >= 0.8: {}/{} right ({:.3});",
            self.high_right,
            self.high_events,
            self.high_share()
        )?;
        for b in &self.buckets {
            let share = if b.events == 0 {
                "-".to_string()
            } else {
                format!("{:.2}", b.right as f64 / b.events as f64)
            };
            write!(
                f,
                " [{:.1},{:.1}) {}/{} {share};",
                b.low, b.high, b.right, b.events
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_governor_is_less_sure_than_an_act() {
        let act = Signals {
            verbal: true,
            source: true,
            source_placed: true,
            ..Signals::default()
        };
        let bare = Signals {
            bare_governor: true,
            ..act
        };
        assert!(bare.confidence() < act.confidence());
        assert!((0.0..=1.0).contains(&bare.confidence()));
        assert_eq!(NAMES.len(), act.values().len());
        // Salience prefers a named source early in the sentence.
        let late = Signals { head: 40, ..act };
        assert!(late.salience() < act.salience());
    }

    #[test]
    fn calibration_buckets() {
        let table = calibration([(0.9, true), (0.85, false), (1.0, true), (0.1, false)]);
        assert_eq!((table.high_right, table.high_events), (2, 3));
        assert_eq!(table.buckets[4].events, 3);
        assert_eq!(table.buckets[0].events, 1);
        assert!(table
            .to_string()
            .starts_with("confidence >= 0.8: 2/3 right"));
    }
}
