//! Errors from building model values out of outside text.

/// What went wrong turning outside text into a model value.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A publication date or time that is neither `YYYY-MM-DD` nor RFC 3339.
    #[error(
        "bad date {text:?}: expected YYYY-MM-DD or an RFC 3339 time such as 2026-01-16T08:30:00Z"
    )]
    BadDate {
        /// The text as given.
        text: String,
    },
    /// A document id that is not 32 lowercase hex digits.
    #[error("bad document id {text:?}: expected 32 hex digits")]
    BadDocId {
        /// The text as given.
        text: String,
    },
}

/// The model's result type.
pub type Result<T> = std::result::Result<T, Error>;
