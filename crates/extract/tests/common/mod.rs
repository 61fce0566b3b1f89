//! Helpers for the integration tests.
#![allow(dead_code)]

/// `../shared/<sub>` beside the repository, or `$TIDINGS_SHARED/<sub>`.
/// The tests that read it are `#[ignore = "needs ../shared/…"]`, so a plain
/// `cargo test` lists them as ignored with that reason; `cargo test
/// --workspace -- --ignored` runs them, and then missing data is a failure
/// that says what is missing.
pub fn shared(sub: &str) -> std::path::PathBuf {
    let base = std::env::var_os("TIDINGS_SHARED").map_or_else(
        || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
        std::path::PathBuf::from,
    );
    let path = base.join(sub);
    assert!(
        path.exists(),
        "{} is absent: this test needs the shared evaluation data \
         (set TIDINGS_SHARED to the folder that holds it)",
        path.display()
    );
    path
}
