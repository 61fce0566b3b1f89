//! Placeholder: being written (see the nlp crate docs).
