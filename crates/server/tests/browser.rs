//! The web UI in a real browser: Debian's chromium, driven by
//! `tests/browser/drive.mjs` (node, the DevTools protocol on a pipe; no npm
//! package), loads the UI served from the corpus store, searches a name with
//! the keyboard, opens an article and checks that a highlighted entity and
//! a quote are visible, then the entity page and the events table. The
//! screenshots are kept in `target/tmp/browser/` as the test's artifacts.
//!
//! Skips with a message when chromium or node is absent (`.ci/run`
//! installs both); set TIDINGS_REQUIRE_BROWSER=1 to make that a failure.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use tidings_server::ServerConfig;

fn found(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success())
}

#[test]
fn the_ui_searches_opens_an_article_and_shows_its_highlights_in_chromium() {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_string());
    let missing: Vec<&str> = [("chromium", chromium.as_str()), ("node", "node")]
        .into_iter()
        .filter(|(_, program)| !found(program))
        .map(|(name, _)| name)
        .collect();
    if !missing.is_empty() {
        let message = format!(
            "browser test skipped: {} not found (apt-get install chromium nodejs; .ci/run does)",
            missing.join(" and ")
        );
        assert!(
            std::env::var_os("TIDINGS_REQUIRE_BROWSER").is_none(),
            "{message}"
        );
        eprintln!("{message}");
        return;
    }
    let config = ServerConfig {
        addr: "127.0.0.1:0".parse().unwrap(),
        ..ServerConfig::new(common::corpus_store().to_path_buf())
    };
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        tidings_server::serve(config, |addr| tx.send(addr).unwrap()).unwrap();
    });
    let addr = rx.recv().unwrap();
    let out: PathBuf = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/drive.mjs");
    let output = Command::new("node")
        .arg(&script)
        .arg(format!("http://{addr}/"))
        .arg(&out)
        .env("CHROMIUM", &chromium)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the browser test failed:\n{stdout}\n{stderr}\n(screenshots in {})",
        out.display()
    );
    for step in [
        "ok search results",
        "ok highlighted entity visible",
        "ok highlighted quote visible",
        "ok popup says what the highlight is",
        "ok entity page with timeline",
        "ok events table",
    ] {
        assert!(stdout.contains(step), "{step} missing:\n{stdout}");
    }
    assert!(out.join("ui-article-1280.png").is_file());
}
