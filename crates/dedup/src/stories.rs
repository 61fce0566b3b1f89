//! Streaming story clustering (being built).
