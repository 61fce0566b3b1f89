//! What can go wrong reading rules, matching them against the store and
//! keeping the alerts that fired. Each message names the file or the read
//! that failed.

use std::path::PathBuf;

/// An error of the alert crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The rules file is not valid.
    #[error("{path}: {why}")]
    BadRules {
        /// The rules file.
        path: PathBuf,
        /// What is wrong and where.
        why: String,
    },
    /// A file could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A line of the alert log is damaged.
    #[error("{path}, line {line}: not an alert ({why}); remove the line to go on")]
    BadLog {
        /// The log.
        path: PathBuf,
        /// Its 1-based line.
        line: usize,
        /// The parser's message.
        why: String,
    },
    /// A read of the store failed; `what` says which.
    #[error("{what}: {why}")]
    Store {
        /// What was being read.
        what: String,
        /// The store's error.
        why: Box<tidings_store::Error>,
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

/// The alert crate's result type.
pub type Result<T> = std::result::Result<T, Error>;
