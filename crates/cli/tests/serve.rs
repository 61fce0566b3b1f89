//! `tidings serve` refuses to start, with a message that says what to do,
//! when it cannot serve (the API itself is tested in crates/server/tests).

mod common;

use common::{stderr, Sandbox};

#[test]
fn serve_without_a_store_says_to_ingest_first() {
    let sandbox = Sandbox::new();
    let output = sandbox.run(&["serve", "--addr", "127.0.0.1:0"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(message.contains("run `tidings ingest` first"), "{message}");
}

#[test]
fn ingest_over_http_needs_a_long_enough_token() {
    let sandbox = Sandbox::new();
    let output = sandbox.run(&["serve", "--allow-ingest"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--token"), "{}", stderr(&output));
    let output = sandbox.run(&["serve", "--allow-ingest", "--token", "short"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("at least 16 characters"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_address_in_use_is_named() {
    let sandbox = Sandbox::new();
    let corpus = common::repo_root().join("examples/corpus/text/lake-orin-drought.txt");
    let ingest = sandbox.run(&["ingest", corpus.to_str().unwrap(), "-q"]);
    assert!(ingest.status.success(), "{}", stderr(&ingest));
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let output = sandbox.run(&["serve", "--addr", &addr]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(&format!("cannot listen on {addr}")),
        "{}",
        stderr(&output)
    );
}
