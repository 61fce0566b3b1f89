//! Watchlists and alerts: rules that say what a user wants to hear about
//! (an entity, an actor code, an event type, words, a place, and
//! combinations of them), matched against stored articles after each
//! ingest, each match fired once, with its evidence (the article and the
//! sentence span) and its story.
//!
//! - [`rules`]: the TOML rules file read into checked [`Rules`].
//! - [`matching`]: one rule against one stored article
//!   ([`matching::match_article`]), giving the evidence.
//! - [`evaluate`]: the rules against the articles just stored:
//!   [`evaluate::evaluate`] looks at each match's story, counts its
//!   sources, skips what fired before and holds what falls in a rule's
//!   quiet period; it returns the [`Alert`]s to send.
//! - [`log`]: what fired, kept as JSON lines beside the store
//!   (`DIR/alerts.jsonl`), so that a match fires once across polls and
//!   runs, and `tidings alerts` can list it.
//! - [`rss`]: the RSS 2.0 file of the latest alerts.
//! - [`deliver`]: sending an alert to a webhook and recording it.
//!
//! It sits after `engine` in the flow: it reads the store through the
//! engine's queries and knows no terminal or HTTP server; the CLI prints.

mod error;

pub mod deliver;
pub mod evaluate;
pub mod log;
pub mod matching;
pub mod rss;
pub mod rules;

pub use error::{Error, Result};
pub use log::{Alert, AlertLog, Evidence};
pub use rules::{Deliver, Rule, Rules};
