//! Errors of the engine: the pipeline's models that would not load, and
//! the store reads the pipeline needs that failed. Each message says what
//! failed and why, with the store's own message as the why.

/// What went wrong building the pipeline or placing articles.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The language layer's bundled tagger or gazetteer would not load (a
    /// broken build).
    #[error("cannot load the bundled language models: {0}")]
    LanguageModels(tidings_nlp::Error),
    /// The extract stage's bundled dictionaries would not load (a broken
    /// build).
    #[error("cannot load the bundled event patterns: {0}")]
    EventPatterns(tidings_extract::Error),
    /// The near-duplicate settings are out of range.
    #[error("the duplicate settings: {0}")]
    DuplicateSettings(tidings_dedup::near::NearError),
    /// A read of the store failed; `what` says which.
    #[error("{what}: {why}")]
    Store {
        /// What the engine was reading (`cannot read the stored placements`).
        what: String,
        /// The store's error.
        why: Box<tidings_store::Error>,
    },
    /// An export request that cannot be met (a GDELT table asked for rows
    /// it does not hold, days that exclude everything): a user error.
    #[error("{0}")]
    BadExport(String),
    /// Writing exported rows failed (a full disk, a closed pipe).
    #[error("cannot write the export: {0}")]
    Write(#[source] std::io::Error),
    /// A placement or list names an article the store does not hold.
    #[error("{id}: placed or listed but not stored")]
    NotStored {
        /// The article's id.
        id: String,
    },
}

impl Error {
    /// A store error behind `what`.
    pub(crate) fn store(what: impl Into<String>) -> impl FnOnce(tidings_store::Error) -> Error {
        let what = what.into();
        move |why| Error::Store {
            what,
            why: Box::new(why),
        }
    }
}

/// The engine's result type.
pub type Result<T> = std::result::Result<T, Error>;
