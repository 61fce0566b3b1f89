//! What the user tells ingest about inputs that do not say it themselves.

use serde::{Deserialize, Serialize};
use tidings_model::Published;

/// Options for reading sources. `Default` gives no date, no source and a
/// 32 MiB limit per document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IngestConfig {
    /// Publication date for inputs that carry none (`--date`): goes into `Hints::published`
    /// only when the container (a JSONL `date`) gives none.
    pub date: Option<Published>,
    /// Site name for inputs without a URL (`--source`): goes into `Hints::site`.
    pub source: Option<String>,
    /// Largest single document accepted, in bytes (default 32 MiB); larger ones are an error naming size and limit.
    pub max_doc_bytes: usize,
}

impl IngestConfig {
    /// The default for [`IngestConfig::max_doc_bytes`]: 32 MiB.
    pub const DEFAULT_MAX_DOC_BYTES: usize = 32 * 1024 * 1024;
}

impl Default for IngestConfig {
    fn default() -> Self {
        IngestConfig {
            date: None,
            source: None,
            max_doc_bytes: Self::DEFAULT_MAX_DOC_BYTES,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_from_json_with_defaults_and_rejects_unknown_fields() {
        let config: IngestConfig =
            serde_json::from_str(r#"{"date": "2026-01-16", "source": "Velmora Courier"}"#).unwrap();
        assert_eq!(config.max_doc_bytes, 32 * 1024 * 1024);
        assert_eq!(config.source.as_deref(), Some("Velmora Courier"));
        assert_eq!(config.date, Some(Published::parse("2026-01-16").unwrap()));
        assert!(serde_json::from_str::<IngestConfig>(r#"{"sauce": "x"}"#).is_err());
    }
}
