//! The test store: the example corpus (`examples/corpus`, invented
//! articles) ingested once per test binary through the engine's ingest.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use tidings_engine::Pipeline;
use tidings_store::SqliteStore;

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The corpus ingested once per test binary.
pub fn corpus_store() -> &'static Path {
    static STORE: OnceLock<tempfile::TempDir> = OnceLock::new();
    STORE
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let mut store = SqliteStore::open(dir.path()).unwrap();
            let pipeline = Pipeline::new().unwrap();
            let files = tidings_ingest::discover(&[repo_root().join("examples/corpus")]).files;
            let config = tidings_ingest::IngestConfig::default();
            let records = files
                .iter()
                .flat_map(|path| tidings_ingest::read_path(path, &config));
            let report =
                tidings_engine::ingest::ingest_records(&pipeline, &mut store, records).unwrap();
            assert_eq!(report.new.len(), 16, "{report:?}");
            assert!(report.failed.is_empty(), "{report:?}");
            dir
        })
        .path()
}

/// A store of one invented article whose events happen somewhere ("held
/// talks in Portavel"), built once per test binary.
pub fn placed_store() -> PathBuf {
    static STORE: OnceLock<tempfile::TempDir> = OnceLock::new();
    STORE
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join("talks.txt");
            std::fs::write(
                &file,
                "Ministers meet in Portavel\n\nNorvanian and Kerran foreign ministers held talks \
                 in Portavel on Monday about the ferry dispute, officials said.\n\nThe two \
                 ministers agreed to meet again in March.\n",
            )
            .unwrap();
            let db = dir.path().join("db");
            let mut store = SqliteStore::open(&db).unwrap();
            let pipeline = Pipeline::new().unwrap();
            let config = tidings_ingest::IngestConfig {
                date: Some("2026-03-02".parse().unwrap()),
                ..tidings_ingest::IngestConfig::default()
            };
            let records = tidings_ingest::read_path(&file, &config);
            let report =
                tidings_engine::ingest::ingest_records(&pipeline, &mut store, records).unwrap();
            assert_eq!(report.new.len(), 1, "{report:?}");
            dir
        })
        .path()
        .join("db")
}
