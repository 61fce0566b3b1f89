//! One module per subcommand: its clap `Args` and its `run`.

pub mod alerts;
pub mod analyze;
pub mod bench;
pub mod dict;
pub mod entities;
pub mod eval;
pub mod eval_clustering;
pub mod eval_event_reading;
pub mod eval_events;
pub mod eval_extraction;
pub mod export;
pub mod facts;
pub mod formats;
pub mod ingest;
pub mod reprocess;
pub mod search;
pub mod serve;
pub mod show;
pub mod stats;
pub mod stories;
pub mod train;
pub mod watch;
pub mod work;
