//! Placeholder: being written (see the extract crate docs).
