//! Errors of the extract stage: loading pattern dictionaries and tables.

/// What went wrong in the extract stage.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A pattern dictionary or reference table line that cannot be used.
    #[error("bad table {table}: line {line}: {why}")]
    Table {
        /// The table's name.
        table: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        why: String,
    },
    /// A line of an evaluation file (gold or predictions) that cannot be read.
    #[error("bad record {file}: line {line}: {why}")]
    Record {
        /// Which file: the gold standard or the predictions.
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        why: String,
    },
}

/// The extract stage's result type.
pub type Result<T> = std::result::Result<T, Error>;
