//! Errors of the store: what the user can fix (no store yet, a bad id or query)
//! kept apart from what went wrong inside the database.

use std::path::PathBuf;

/// What went wrong opening, reading or writing a store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The store directory is a file (or something else that is not a directory).
    #[error("cannot open store {path}: not a directory")]
    NotADirectory {
        /// The path given as the store directory.
        path: PathBuf,
    },
    /// The store directory could not be created.
    #[error("cannot create store directory {path}: {source}")]
    CreateDir {
        /// The directory.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// There is no store in the directory (for commands that only read).
    #[error("no store in {dir}: run `tidings ingest` first")]
    Missing {
        /// The directory that holds no `tidings.db`.
        dir: PathBuf,
    },
    /// The database file could not be opened or is not an SQLite database.
    #[error("cannot open store {path}: {source}")]
    Open {
        /// The database file.
        path: PathBuf,
        /// Why.
        source: rusqlite::Error,
    },
    /// The database cannot be used the way the store needs (no WAL mode).
    #[error("cannot open store {path}: {why}")]
    Unsupported {
        /// The database file.
        path: PathBuf,
        /// What is missing.
        why: String,
    },
    /// The database was written by a newer version of tidings.
    #[error(
        "cannot open store {path}: it was made by a newer tidings (schema version {found}, \
         this build reads up to {supported}): upgrade tidings"
    )]
    NewerSchema {
        /// The database file.
        path: PathBuf,
        /// The schema version found in the file.
        found: i64,
        /// The newest schema version this build knows.
        supported: i64,
    },
    /// A query with nothing to search for.
    #[error("empty search query {query:?}: give at least one word to search for")]
    EmptyQuery {
        /// The query as given.
        query: String,
    },
    /// An article id that is neither a full id nor a hex prefix of at least 6 digits.
    #[error(
        "bad article id {text:?}: expected a document id or at least 6 of its leading hex digits"
    )]
    BadId {
        /// The text as given.
        text: String,
    },
    /// An id prefix that matches more than one stored article.
    #[error("ambiguous article id {prefix:?}: {matches} articles match, give more digits")]
    AmbiguousId {
        /// The prefix as given.
        prefix: String,
        /// How many stored articles start with it.
        matches: u64,
    },
    /// A batch item whose article does not belong to its raw document.
    #[error("cannot store document {raw}: its article carries another id ({article})")]
    MismatchedIds {
        /// The raw document's id.
        raw: String,
        /// The article's id.
        article: String,
    },
    /// `replace_articles` or `put_placements` was given an article whose raw
    /// document is not stored.
    #[error("cannot replace or place article {id}: no raw document with this id is stored")]
    NotStored {
        /// The article's id.
        id: String,
    },
    /// A batch item whose annotations do not fit its article (a span outside
    /// the text, a mention pointing at a missing sentence or entity): a bug in
    /// the stage that made them.
    #[error("cannot store annotations of document {id}: {why}")]
    BadAnnotations {
        /// The document id.
        id: String,
        /// What does not fit.
        why: String,
    },
    /// A batch item whose facts do not fit its article (a span outside the
    /// text, a trigger outside its sentence, a number that is not finite): a
    /// bug in the stage that made them.
    #[error("cannot store facts of document {id}: {why}")]
    BadFacts {
        /// The document id.
        id: String,
        /// What does not fit.
        why: String,
    },
    /// A placement that cannot be stored: a number too large for the store,
    /// a similarity that is not finite, a `seq` another article holds, an
    /// article placed twice: a bug in the stage that made it.
    #[error("cannot store the placement of document {id}: {why}")]
    BadPlacement {
        /// The document id.
        id: String,
        /// What does not fit.
        why: String,
    },
    /// A value could not be encoded for storage.
    #[error("cannot encode document {id} for storage: {why}")]
    Encode {
        /// The document id.
        id: String,
        /// Why.
        why: String,
    },
    /// Stored data could not be read back (a damaged or hand-edited database).
    #[error("{path}: stored document {id} is damaged: {why}")]
    Corrupt {
        /// The database file.
        path: PathBuf,
        /// The document id (or the raw key found).
        id: String,
        /// What could not be read.
        why: String,
    },
    /// The database failed an integrity check.
    #[error("{path}: integrity check failed: {why}")]
    Integrity {
        /// The database file.
        path: PathBuf,
        /// The first problem the check reported.
        why: String,
    },
    /// The database itself failed (disk full, locked, I/O): an internal error.
    #[error("{path}: {what}: {source}")]
    Database {
        /// The database file.
        path: PathBuf,
        /// What the store was doing.
        what: &'static str,
        /// The SQLite error.
        source: rusqlite::Error,
    },
    /// `--db` named a PostgreSQL server but this binary was built without
    /// the `postgres` feature.
    #[error(
        "cannot open store {target}: this tidings was built without PostgreSQL support \
         (rebuild with `--features postgres`, or give a store directory)"
    )]
    NoPostgresSupport {
        /// The URL given, its password left out.
        target: String,
    },
    /// A part of the [`crate::Store`] trait this backend does not have yet.
    #[error("{what} is not implemented on PostgreSQL yet")]
    Unimplemented {
        /// The method or the part of a batch that is missing.
        what: &'static str,
    },
    /// The PostgreSQL server could not be reached or refused the connection,
    /// or its schema could not be set up.
    #[cfg(feature = "postgres")]
    #[error("cannot open store {target}: {source}")]
    PgOpen {
        /// The server and database, its password left out.
        target: String,
        /// Why.
        source: postgres::Error,
    },
    /// The PostgreSQL server failed a statement (connection lost, disk full,
    /// a conflict): an internal error; the transaction was rolled back.
    #[cfg(feature = "postgres")]
    #[error("{target}: {what}: {source}")]
    Postgres {
        /// The server and database, its password left out.
        target: String,
        /// What the store was doing.
        what: &'static str,
        /// The PostgreSQL error.
        source: postgres::Error,
    },
    /// A value PostgreSQL cannot hold (a NUL character in a text column)
    /// or a store-level misuse that only this backend knows.
    #[cfg(feature = "postgres")]
    #[error("{target}: {why}")]
    PgRefused {
        /// The server and database, its password left out.
        target: String,
        /// What was refused and why.
        why: String,
    },
    /// The caller of a walk (`Store::each_event` …) stopped it with its own
    /// error (a full disk while exporting); the walk read nothing more.
    #[error("{0}")]
    Stopped(Box<dyn std::error::Error + Send + Sync>),
}

/// The store's result type.
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_can_cross_threads_and_read_as_what_then_why() {
        fn send_sync<T: Send + Sync + 'static>() {}
        send_sync::<Error>();
        let err = Error::Missing {
            dir: PathBuf::from("/data/velmora-store"),
        };
        assert_eq!(
            err.to_string(),
            "no store in /data/velmora-store: run `tidings ingest` first"
        );
    }
}
