//! Test helpers: run the `tidings` binary in a fresh temporary directory.

#![allow(dead_code)]

pub mod http;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary working directory with its own store.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("store")
    }

    /// Writes a file under the sandbox, creating folders.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&path, bytes).expect("write");
        path
    }

    /// A `tidings` command whose store is this sandbox's.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tidings"));
        cmd.args(args)
            .env("TIDINGS_DB", self.db())
            .current_dir(self.path());
        cmd
    }

    /// Runs `tidings` and returns its output.
    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().expect("run tidings")
    }
}

/// Standard output as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Each line of standard output parsed as JSON.
pub fn json_lines(output: &Output) -> Vec<serde_json::Value> {
    stdout(output)
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("bad JSON {line:?}: {e}")))
        .collect()
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `../shared/<sub>` beside the repository, or `$TIDINGS_SHARED/<sub>`.
/// The tests that read it are `#[ignore = "needs ../shared/…"]`, so a plain
/// `cargo test` lists them as ignored with that reason; `cargo test
/// --workspace -- --ignored` runs them, and then missing data is a failure
/// that says what is missing.
pub fn shared(sub: &str) -> PathBuf {
    let base = std::env::var_os("TIDINGS_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("../shared"));
    let path = base.join(sub);
    assert!(
        path.exists(),
        "{} is absent: this test needs the shared evaluation data \
         (set TIDINGS_SHARED to the folder that holds it)",
        path.display()
    );
    path
}

/// Runs a scorer from `shared/tools` with python3 on `args` and returns
/// what it printed; a scorer that fails fails the test with its stderr.
pub fn python_scorer<S: AsRef<std::ffi::OsStr>>(script: &Path, args: &[S]) -> String {
    let output = Command::new("python3")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 runs (this test needs it)");
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output)
}

/// The texts of the `paragraphs` of an analysis object.
pub fn paragraph_texts(doc: &serde_json::Value) -> Vec<String> {
    doc["paragraphs"]
        .as_array()
        .expect("paragraphs array")
        .iter()
        .map(|p| p["text"].as_str().expect("paragraph text").to_string())
        .collect()
}

/// (text, reason) of each `removed` block of an analysis object.
pub fn removed(doc: &serde_json::Value) -> Vec<(String, String)> {
    doc["removed"]
        .as_array()
        .expect("removed array")
        .iter()
        .map(|r| {
            (
                r["text"].as_str().expect("removed text").to_string(),
                r["reason"].as_str().expect("removed reason").to_string(),
            )
        })
        .collect()
}
