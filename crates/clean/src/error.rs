//! Errors of the clean stage: cleaning itself never fails (odd text is data),
//! only a configuration can be wrong.

/// What is wrong with a [`crate::CleanConfig`].
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A setting is out of its allowed range.
    #[error("bad clean setting {field}: {value} is {why}")]
    BadSetting {
        /// The name of the field.
        field: &'static str,
        /// The value given, as text.
        value: String,
        /// Why it is refused, saying what is allowed.
        why: &'static str,
    },
}

/// The clean stage's result type.
pub type Result<T> = std::result::Result<T, Error>;
