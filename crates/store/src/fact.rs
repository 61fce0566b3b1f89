//! What the store says about the extract stage's facts: events merged across
//! articles (with the sentences that report them), quotes and figures, each
//! with the article it came from.

use serde::{Deserialize, Serialize};
use tidings_model::{Actor, DateSource, DocId, Published, Qualifier, Span};

/// Which merged events [`crate::Store::events`] returns. Every field left
/// `None` (or blank) lets everything through; the default passes all events.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EventFilter {
    /// An actor code prefix matched against the source OR the target actor
    /// code (`"RUS"` matches `RUSGOV`; case ignored). Events whose actors have
    /// no code never match.
    pub actor: Option<String>,
    /// All digits: a CAMEO code prefix (`"04"` matches `041`, `"195"` only
    /// `195…`). Anything else: a PLOVER event type name (`"CONSULT"`, case
    /// ignored).
    pub code: Option<String>,
    /// Only events on or after this day (undated events never match).
    pub since: Option<jiff::civil::Date>,
    /// Only events on or before this day (undated events never match).
    pub until: Option<jiff::civil::Date>,
    /// Only events some report of which the coder gave at least this
    /// confidence.
    pub min_confidence: Option<f32>,
    /// Only events whose place contains these words (case ignored; events
    /// without a place never match).
    pub place: Option<String>,
}

/// One event as the store knows it: every report of the same event (same
/// source and target actor codes, CAMEO code and day) merged, as GDELT does.
///
/// The descriptive fields (actors, PLOVER type, mode, place …) come from the
/// most confident report (ties: the smallest article id, then text order);
/// `place` is the first place any report gives, in that order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredEvent {
    /// The store's id for it (stable while any article reports it).
    pub id: i64,
    /// Who acts.
    pub source: Option<Actor>,
    /// Who is acted upon.
    pub target: Option<Actor>,
    /// PLOVER event type (`CONSULT`).
    pub plover: String,
    /// PLOVER mode (`phone`), when one applies.
    pub mode: Option<String>,
    /// CAMEO code (`041`).
    pub cameo: String,
    /// CAMEO root (`04`).
    pub root: String,
    /// GDELT quad class (1 verbal cooperation … 4 material conflict).
    pub quad_class: u8,
    /// Goldstein scale value of the CAMEO code.
    pub goldstein: f32,
    /// The day it happened; `None` for an event no report dates (those are
    /// never merged across articles).
    pub date: Option<jiff::civil::Date>,
    /// Where the date comes from: the strongest of its reports (a sentence's
    /// own date expression over a paragraph's over the publication date);
    /// `None` when undated or stored before version 4.
    pub date_source: Option<DateSource>,
    /// Where, as written, if a report says.
    pub place: Option<String>,
    /// How many sentences report it, over all articles.
    pub mentions: u64,
    /// How many articles report it.
    pub articles: u64,
    /// How many distinct sites report it (an article without a site counts
    /// as a source of its own).
    ///
    /// A duplicate (an article the dedup stage found to copy an earlier one)
    /// adds its sentences to `mentions` but stands for its original here and
    /// in `articles`: a copy is not a new source.
    pub sources: u64,
    /// How many distinct stories report it (0 when no report is placed in
    /// one); a duplicate counts with its original's story.
    pub stories: u64,
    /// Up to three reports, the most confident first, one per article before
    /// a second from the same article.
    pub evidence: Vec<Evidence>,
    /// The URL of the earliest published article reporting it that has one
    /// (GDELT's SOURCEURL); `None` when no reporting article has a URL.
    pub source_url: Option<String>,
}

/// One sentence reporting an event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// The article it is in.
    pub id: DocId,
    /// The article's title.
    pub title: Option<String>,
    /// When the article was published.
    pub published: Option<Published>,
    /// The whole sentence.
    pub sentence: String,
    /// The words that triggered the code, as bytes inside `sentence`.
    pub trigger: Span,
    /// How sure the coder was, in `[0, 1]`.
    pub confidence: f32,
}

/// A quote with the article it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredQuote {
    /// The article it is in.
    pub id: DocId,
    /// The article's title.
    pub title: Option<String>,
    /// When the article was published.
    pub published: Option<Published>,
    /// Who said it, as the extract stage named them.
    pub speaker: Option<String>,
    /// The quoted or reported words.
    pub text: String,
    /// The cue that marks it as speech ("said").
    pub cue: String,
    /// True for words in quote marks, false for reported speech.
    pub direct: bool,
    /// The story of the article, when placed.
    pub story: Option<u64>,
    /// How many articles of its story (copies included) report the same
    /// words by the same speaker; the list shows them from the earliest
    /// original only.
    pub reports: u64,
}

/// A reported figure with the article it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredFigure {
    /// The article it is in.
    pub id: DocId,
    /// The article's title.
    pub title: Option<String>,
    /// When the article was published.
    pub published: Option<Published>,
    /// What kind of figure (`killed`, `money` …).
    pub kind: String,
    /// The number (the lower end for a range).
    pub value: f64,
    /// How the number is meant.
    pub qualifier: Qualifier,
    /// What is counted, as written.
    pub counts: String,
    /// Currency or unit, if any.
    pub unit: Option<String>,
    /// Who says so.
    pub source: Option<String>,
    /// The upper end of a range, when the figure is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
    /// The vague words of a range as written ("Hundreds"), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub words: Option<String>,
    /// The sentence it is in (the figure's own words when the sentence is not
    /// stored).
    pub sentence: String,
    /// The story of the article, when placed.
    pub story: Option<u64>,
    /// How many articles of its story (copies included) report the same
    /// figure (kind, value, qualifier, what is counted); the list shows it
    /// from the earliest original only.
    pub reports: u64,
}
