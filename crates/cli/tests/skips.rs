//! Issue 15, item 10: a test that needs the shared evaluation data
//! (`../shared`) must show up as skipped in a plain `cargo test`, with its
//! reason, not pass silently. Every such test in the workspace is
//! `#[ignore = "needs ../shared…"]`; `.ci/run` runs them with `--ignored`
//! when the data is there, and README.md gives both commands.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::repo_root;

/// The integration test files of every crate (not their `common` helpers).
fn test_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let crates = repo_root().join("crates");
    for krate in std::fs::read_dir(&crates).expect("crates/") {
        let tests = krate.expect("entry").path().join("tests");
        let Ok(entries) = std::fs::read_dir(&tests) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Top-level items of a file, cut where a line starts a function, a test or
/// a `proptest!` block: (attributes and text of the item).
fn items(text: &str) -> Vec<String> {
    let mut items: Vec<String> = vec![String::new()];
    let mut in_attributes = false;
    for line in text.lines() {
        let starts_item =
            line.starts_with("fn ") || line.starts_with("pub fn ") || line.starts_with("proptest!");
        let attribute = line.starts_with("#[");
        if (attribute || starts_item) && !in_attributes {
            items.push(String::new());
        }
        in_attributes = attribute;
        let last = items.last_mut().expect("an item");
        last.push_str(line);
        last.push('\n');
    }
    items
}

fn fn_name(item: &str) -> Option<&str> {
    let start = item.find("fn ")? + 3;
    let rest = &item[start..];
    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
    Some(&rest[..end])
}

fn check_file(path: &Path, needing_data: &mut Vec<String>) {
    let text = std::fs::read_to_string(path).expect("test file");
    for forbidden in ["\"../../../shared", "TIDINGS_SHARED\")", "join(\"../shared"] {
        assert!(
            !text.contains(forbidden),
            "{}: reach the shared data through common::shared, which says \
             what is missing",
            path.display()
        );
    }
    let items = items(&text);
    // Functions that reach the shared data, directly or through another.
    let mut data_fns: BTreeSet<String> = BTreeSet::from(["shared".to_string()]);
    loop {
        let before = data_fns.len();
        for item in &items {
            if item.contains("#[test]") {
                continue;
            }
            if let Some(name) = fn_name(item) {
                let body = &item[item.find('{').unwrap_or(0)..];
                if data_fns.iter().any(|f| body.contains(&format!("{f}("))) {
                    data_fns.insert(name.to_string());
                }
            }
        }
        if data_fns.len() == before {
            break;
        }
    }
    for item in items.iter().filter(|item| item.contains("#[test]")) {
        let name = fn_name(item).unwrap_or("?");
        let body = &item[item.find('{').unwrap_or(0)..];
        if !data_fns.iter().any(|f| body.contains(&format!("{f}("))) {
            continue;
        }
        assert!(
            item.contains("#[ignore = \"needs ../shared"),
            "{}: test {name} reads ../shared: mark it \
             #[ignore = \"needs ../shared/…\"] so that a plain `cargo test` \
             shows it as skipped",
            path.display()
        );
        needing_data.push(format!("{}::{name}", path.display()));
    }
    // A skip for absent data printed from a test is hidden without
    // --nocapture.
    for line in text.lines() {
        let quiet = (line.contains("println!(\"skip") || line.contains("eprintln!(\"skip"))
            && (line.contains("absent") || line.contains("shared"));
        assert!(
            !quiet,
            "{}: {line}: use #[ignore = \"needs ../shared…\"]",
            path.display()
        );
    }
}

#[test]
fn issue_15_10_tests_on_shared_data_are_ignored_with_their_reason() {
    let mut needing_data = Vec::new();
    // This file names what it looks for.
    let this = Path::new(file!()).file_name().expect("a name");
    for path in test_files() {
        if path.ends_with(Path::new("cli/tests").join(this)) {
            continue;
        }
        check_file(&path, &mut needing_data);
    }
    // The seeds, NER and PLOVER tests of clean, ingest, extract and cli.
    assert!(
        needing_data.len() >= 12,
        "found only {needing_data:#?}: is the scan still right?"
    );
    // README gives the command that runs them, and CI runs it.
    let command = "cargo test --workspace --features postgres,parquet -- --ignored";
    let readme = std::fs::read_to_string(repo_root().join("README.md")).expect("README");
    assert!(readme.contains(command), "README.md gives `{command}`");
    let ci = std::fs::read_to_string(repo_root().join(".ci/run")).expect(".ci/run");
    assert!(ci.contains(command), ".ci/run runs `{command}`");
    let plain = "cargo test --workspace --features postgres,parquet\n";
    assert!(ci.contains(plain), "and the plain tests");
    assert!(
        readme.contains(plain),
        "README.md gives the plain tests' command"
    );
}
