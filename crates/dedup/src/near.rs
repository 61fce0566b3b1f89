//! Exact and near-duplicate detection (being built).
