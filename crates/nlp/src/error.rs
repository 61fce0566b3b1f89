//! Errors of the language layer: loading, training and evaluating models.

use std::path::PathBuf;

/// What went wrong in the language layer.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// A CoNLL file line that is not `TOKEN<TAB>TAG`.
    #[error("{path}:{line}: {why}")]
    Conll {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        why: String,
    },
    /// A model file that cannot be used.
    #[error("bad model: {why}")]
    Model {
        /// What is wrong with it.
        why: String,
    },
    /// A reference table that cannot be used.
    #[error("bad gazetteer table {table}: line {line}: {why}")]
    Gazetteer {
        /// The table's name.
        table: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        why: String,
    },
    /// Two tag files that cannot be scored against each other.
    #[error("cannot score: {why}")]
    Score {
        /// What does not match.
        why: String,
    },
    /// Training data that cannot be used.
    #[error("cannot train: {why}")]
    Train {
        /// What is wrong with it.
        why: String,
    },
}

/// The language layer's result type.
pub type Result<T> = std::result::Result<T, Error>;
