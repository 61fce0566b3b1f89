//! Bad input: each bad file gets a clear message naming it, the batch goes
//! on, nothing panics, and the exit code says something failed.

mod common;

use std::io::Write;

use common::{json_lines, stderr, Sandbox};

const GOOD: &str = "Harbour crane collapses in Velmora storm\n\n\
A harbour crane collapsed during a storm in Velmora on Sunday night, damaging two ships moored at the container terminal.\n\n\
No one was hurt, the Harbour Authority said, because the terminal had been closed since the afternoon.\n";

fn warc_record(uri: &str, html: &str) -> Vec<u8> {
    let http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}",
        html.len()
    );
    let record = format!(
        "WARC/1.1\r\nWARC-Type: response\r\nWARC-Date: 2026-04-01T10:00:00Z\r\nWARC-Target-URI: {uri}\r\n\
         Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
        http.len()
    );
    let mut gz = flate2_free_gzip(record.as_bytes());
    gz.shrink_to_fit();
    gz
}

/// gzip via the system `gzip` (the CLI crate does not depend on flate2).
fn flate2_free_gzip(bytes: &[u8]) -> Vec<u8> {
    let mut child = std::process::Command::new("gzip")
        .arg("-c")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("gzip is installed");
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    child.wait_with_output().unwrap().stdout
}

#[test]
fn a_batch_of_bad_files_reports_each_and_stores_the_good_ones() {
    let sandbox = Sandbox::new();
    sandbox.write("in/good.txt", GOOD);
    sandbox.write("in/empty.txt", "");
    sandbox.write("in/blank.txt", "\n\n   \n");
    let mut binary = vec![0u8, 1, 2, 3, 0xff, 0xfe, 0, 0];
    binary.extend((0..4096u32).map(|i| (i * 7 % 256) as u8));
    sandbox.write("in/photo.jpg", &binary);
    // Invalid UTF-8 (Latin-1 bytes) is not an error: it is decoded.
    let mut latin1 = b"Z\xfcrich tram drivers strike for a day\n\n".to_vec();
    latin1.extend_from_slice(
        b"Tram drivers in Z\xfcrich stopped work for a day on Monday, saying the new timetable leaves no time for breaks at the terminus.\n",
    );
    sandbox.write("in/latin1.txt", &latin1);
    // A WARC.gz cut in the middle of its second record.
    let mut warc = warc_record(
        "https://ex.example/a",
        "<html><body><article><h1>Ferry fares rise in Portavel</h1><p>Ferry fares between Portavel and Kerra will rise by 8 percent in April, the operator said on Tuesday, citing fuel costs.</p></article></body></html>",
    );
    let second = warc_record(
        "https://ex.example/b",
        "<html><body><p>The second page is cut off before its end, as a crawler that crashed would leave it.</p></body></html>",
    );
    warc.extend_from_slice(&second[..second.len() / 2]);
    sandbox.write("in/cut.warc.gz", &warc);
    // 50 MB on one line.
    let big = sandbox.path().join("in/one-line.txt");
    {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&big).unwrap());
        let chunk = "lorem ipsum dolor sit amet ".repeat(1000);
        let mut written = 0;
        while written < 50_000_000 {
            file.write_all(chunk.as_bytes()).unwrap();
            written += chunk.len();
        }
    }

    let input = sandbox.path().join("in");
    let output = sandbox.run(&["ingest", input.to_str().unwrap()]);
    let err = stderr(&output);
    assert_eq!(
        output.status.code(),
        Some(1),
        "something failed, so exit 1: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    for name in [
        "empty.txt",
        "blank.txt",
        "photo.jpg",
        "cut.warc.gz",
        "one-line.txt",
    ] {
        assert!(
            err.lines()
                .any(|line| line.starts_with("tidings: ") && line.contains(name)),
            "no message naming {name}: {err}"
        );
    }
    assert!(
        !err.contains("latin1.txt"),
        "Latin-1 text is decoded, not failed: {err}"
    );
    assert!(!err.contains("good.txt"), "{err}");

    let stats = json_lines(&sandbox.run(&["stats", "--json"]));
    // good.txt, latin1.txt and the first WARC record.
    assert_eq!(stats[0]["articles"], 3, "{:?}", stats[0]);
    let hits = json_lines(&sandbox.run(&["search", "Zürich", "--json"]));
    assert_eq!(hits.len(), 1, "the Latin-1 file was decoded: {hits:?}");
    let hits = json_lines(&sandbox.run(&["search", "fares", "--json"]));
    assert_eq!(
        hits.len(),
        1,
        "the record before the cut was kept: {hits:?}"
    );

    let log = std::fs::read_to_string(sandbox.db().join("failures.jsonl")).unwrap();
    assert!(log.lines().count() >= 5, "failures are logged: {log}");
}

#[test]
fn a_missing_path_and_an_unreadable_folder_are_named() {
    let sandbox = Sandbox::new();
    sandbox.write("in/ok.txt", GOOD);
    let locked = sandbox.path().join("in/locked");
    std::fs::create_dir_all(&locked).unwrap();
    std::fs::write(locked.join("secret.txt"), GOOD.replace("crane", "gantry")).unwrap();
    set_mode(&locked, 0o000);
    let can_still_read = std::fs::read_dir(&locked).is_ok();

    let output = sandbox.run(&[
        "ingest",
        sandbox.path().join("in").to_str().unwrap(),
        sandbox.path().join("nowhere").to_str().unwrap(),
    ]);
    set_mode(&locked, 0o755);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("nowhere"), "the missing path is named: {err}");
    if can_still_read {
        eprintln!("note: running as root, so the locked folder is readable; only the missing path is checked");
    } else {
        assert!(
            err.contains("locked"),
            "the unreadable folder is named: {err}"
        );
    }
    let stats = json_lines(&sandbox.run(&["stats", "--json"]));
    assert!(
        stats[0]["articles"].as_u64().unwrap() >= 1,
        "ok.txt is stored despite the failures"
    );
}

#[cfg(unix)]
fn set_mode(path: &std::path::Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(not(unix))]
fn set_mode(_path: &std::path::Path, _mode: u32) {}

#[test]
fn commands_on_a_missing_store_say_what_to_do() {
    let sandbox = Sandbox::new();
    let output = sandbox.run(&["search", "anything"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("tidings ingest"),
        "tells the user to ingest first: {err}"
    );

    let output = sandbox.run(&["analyze", "no-such-file.html", "--json"]);
    assert_ne!(output.status.code(), Some(0));
    assert!(stderr(&output).contains("no-such-file.html"));
}
