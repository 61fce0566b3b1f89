//! Keeps ARCHITECTURE.md's first invariant true: dependencies between our
//! crates point down the flow, never upstream.

mod common;

/// The flow, from the bottom (`model`) to the top (`cli`).
const FLOW: [&str; 12] = [
    "model", "fetch", "ingest", "clean", "dedup", "nlp", "extract", "store", "engine", "alert",
    "server", "cli",
];

#[test]
fn crate_dependencies_point_down_the_flow() {
    let crates = common::repo_root().join("crates");
    let mut checked = 0;
    for entry in std::fs::read_dir(&crates).unwrap() {
        let dir = entry.unwrap().path();
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let Ok(manifest) = std::fs::read_to_string(dir.join("Cargo.toml")) else {
            continue;
        };
        let position = FLOW.iter().position(|c| *c == name).unwrap_or_else(|| {
            panic!("crate {name} is not in the flow: add it to FLOW here and to ARCHITECTURE.md")
        });
        for line in manifest.lines() {
            let Some(dep) = line.trim().strip_prefix("tidings-") else {
                continue;
            };
            let dep = dep.split(['.', ' ', '=']).next().unwrap();
            let dep_position = FLOW.iter().position(|c| *c == dep).unwrap();
            assert!(
                dep_position < position,
                "crate {name} depends on tidings-{dep}, which comes later in the flow: \
                 move the shared type to model (see ARCHITECTURE.md, invariants)"
            );
        }
        checked += 1;
    }
    assert!(checked >= 5, "found only {checked} crates");
}
