//! What the extract stage finds: coded events, quotes with speakers, and
//! reported figures with their sources. Every fact carries the span of the
//! sentence (or words) that produced it.

use serde::{Deserialize, Serialize};

use crate::span::Span;

/// One side of an event: who acts, or who is acted upon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// GDELT-style actor code: country + sector (`RUSGOV`, `ISRGOV`, `KENCOP`),
    /// a known group (`IGOUNO`), or a bare country (`IRN`); `None` when the
    /// words name no codable actor.
    pub code: Option<String>,
    /// ISO 3166 alpha-3 country, when known (`RUS`).
    pub country: Option<String>,
    /// CAMEO sector or group code (`GOV`, `MIL`, `COP`, `REB`, `UNO`), when known.
    pub sector: Option<String>,
    /// The words that name the actor ("Russian President Vladimir Putin", "Moscow").
    pub text: String,
    /// Index into the document's `Annotations::entities`, when it is one.
    pub entity: Option<usize>,
}

/// Where an event's date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    /// A date expression in the event's own sentence ("on Friday").
    Sentence,
    /// The nearest date expression before the sentence in its paragraph.
    Paragraph,
    /// The article's publication date: no date expression was at hand.
    Published,
}

impl DateSource {
    /// Its name as in JSON and the store (`sentence`, `paragraph`, `published`).
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::Sentence => "sentence",
            DateSource::Paragraph => "paragraph",
            DateSource::Published => "published",
        }
    }

    /// The source named `name` (as [`DateSource::as_str`] gives it).
    pub fn parse(name: &str) -> Option<DateSource> {
        match name {
            "sentence" => Some(DateSource::Sentence),
            "paragraph" => Some(DateSource::Paragraph),
            "published" => Some(DateSource::Published),
            _ => None,
        }
    }
}

/// A coded event: who did what to whom, when and where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Who acts.
    pub source: Option<Actor>,
    /// Who is acted upon; `None` for events without a target.
    pub target: Option<Actor>,
    /// PLOVER event type (`CONSULT`, `ASSAULT` …).
    pub plover: String,
    /// PLOVER mode (`phone`, `visit` …), when one applies.
    pub mode: Option<String>,
    /// CAMEO code (`041`), as a string with its leading zero.
    pub cameo: String,
    /// CAMEO root (`04`).
    pub root: String,
    /// GDELT quad class: 1 verbal cooperation, 2 material cooperation,
    /// 3 verbal conflict, 4 material conflict.
    pub quad_class: u8,
    /// Goldstein scale value of the CAMEO code (−10 … +10).
    pub goldstein: f32,
    /// The day it happened: the date expression of its sentence, else the
    /// nearest one before it in its paragraph, else the publication date;
    /// `None` only when the article gives no date at all.
    pub date: Option<jiff::civil::Date>,
    /// Where `date` comes from; `None` exactly when `date` is.
    #[serde(default)]
    pub date_source: Option<DateSource>,
    /// Where, as written ("Tehran"), if the sentence says.
    pub place: Option<String>,
    /// Index of the sentence in `Annotations::sentences`.
    pub sentence: usize,
    /// The sentence's span: the evidence.
    pub span: Span,
    /// The words that triggered the code ("held separate phone calls").
    pub trigger: Span,
    /// How sure the coder is, in [0, 1].
    pub confidence: f32,
}

/// Something someone said, directly or reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted or reported words' span (without the quote marks).
    pub span: Span,
    /// The quoted or reported words.
    pub text: String,
    /// Who said it: the entity's canonical name, else the words used ("the
    /// statement", "officials").
    pub speaker: Option<String>,
    /// Index into `Annotations::entities` of the speaker, when resolved.
    pub speaker_entity: Option<usize>,
    /// The cue that marks it as speech ("said", "according to", "told reporters").
    pub cue: String,
    /// True for words in quote marks, false for reported speech.
    pub direct: bool,
    /// Index of the sentence it starts in.
    pub sentence: usize,
}

/// How a reported number is meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Qualifier {
    /// Exactly this many ("14 ships").
    Exact,
    /// At least ("more than 2,600", "at least 30"): a lower bound.
    AtLeast,
    /// At most ("up to 40 million", "fewer than 10"): an upper bound.
    AtMost,
    /// About ("about 25,000", "nearly 600", "some 900,000").
    Approximate,
    /// A range, vague ("dozens", "hundreds") or not ("between 30 and 40"):
    /// `value` is its lower end, `high` its upper end.
    Range,
}

/// A reported figure: a count or amount, what it counts, and who says so.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// What kind of figure: `killed`, `injured`, `arrested`, `detained`,
    /// `displaced`, `missing`, `evacuated`, `protesters`, `money`, `other`.
    pub kind: String,
    /// The number (the lower end for a range).
    pub value: f64,
    /// The upper end of a range ("hundreds" 999, "between 30 and 40" 40),
    /// when the figure is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
    /// The vague words of a range as written ("Hundreds", "tens of
    /// thousands"), when the number has no digits to give.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub words: Option<String>,
    /// How the number is meant.
    pub qualifier: Qualifier,
    /// What is counted, as written ("people", "protesters", "euros").
    pub counts: String,
    /// Currency or unit for money and measures (`EUR`, `USD`), if any.
    pub unit: Option<String>,
    /// Who says so: the entity's canonical name, else the words used.
    pub source: Option<String>,
    /// Index into `Annotations::entities` of the source, when resolved.
    pub source_entity: Option<usize>,
    /// Index of the sentence.
    pub sentence: usize,
    /// The number and its noun as written ("more than 2,600 people").
    pub span: Span,
}

/// Everything the extract stage finds in one article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    /// Coded events, in text order.
    pub events: Vec<Event>,
    /// Quotes, in text order.
    pub quotes: Vec<Quote>,
    /// Figures, in text order.
    pub figures: Vec<Figure>,
}
