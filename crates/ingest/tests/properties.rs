//! Property tests: no input makes ingest panic, and what it reports is right.

use std::io::Write;

use flate2::write::GzEncoder;
use flate2::Compression;
use proptest::prelude::*;
use tidings_ingest::format::{self, Input};
use tidings_ingest::{decode, read_bytes, IngestConfig};
use tidings_model::{DocId, Origin};

fn origin(name: &str) -> Origin {
    Origin {
        path: Some(name.to_string()),
        ..Origin::default()
    }
}

fn config(max_doc_bytes: usize) -> IngestConfig {
    IngestConfig {
        max_doc_bytes,
        ..IngestConfig::default()
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// Reads with every way there is: auto-detection and each format forced.
fn read_every_way(bytes: &[u8], name: &str, config: &IngestConfig) {
    let items: Vec<_> = read_bytes(bytes.to_vec(), origin(name), config).collect();
    for doc in items.into_iter().flatten() {
        assert!(doc.bytes.len() <= config.max_doc_bytes);
        assert_eq!(doc.id, DocId::of_bytes(&doc.bytes));
    }
    for format in format::ALL {
        let input = Input::from_bytes(bytes.to_vec(), origin(name));
        for item in format.read(input, config) {
            if let Err(err) = item {
                assert!(!err.to_string().is_empty());
            }
        }
    }
}

fn warc_record(n: usize) -> Vec<u8> {
    let page = format!("<html><body><p>Velmora tide report number {n}.</p></body></html>");
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{page}");
    format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://velmora.example/{n}\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
        http.len()
    )
    .into_bytes()
}

#[derive(Debug, Clone)]
enum JsonlLine {
    Good(String),
    Blank(String),
    Bad(String),
}

fn jsonl_line() -> impl Strategy<Value = JsonlLine> {
    prop_oneof![
        "[a-zA-Zçüé“”][a-zA-Zçüé“” .,]{0,29}".prop_map(JsonlLine::Good),
        "[ \t]{0,3}".prop_map(JsonlLine::Blank),
        "[^\n]{0,30}".prop_map(|s| JsonlLine::Bad(format!("#{s}"))),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn arbitrary_bytes_never_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..600),
        name in prop::sample::select(vec!["x", "x.txt", "x.html", "x.jsonl", "x.warc", "x.warc.gz"]),
        limit in prop_oneof![Just(32 * 1024 * 1024), Just(usize::MAX), 0usize..100],
    ) {
        read_every_way(&bytes, name, &config(limit));
        read_every_way(&gzip(&bytes), name, &config(limit));
    }

    #[test]
    fn text_like_bytes_never_panic(
        text in "(WARC/1.0\r\n|Content-Length: [0-9]{1,3}\r\n|\r\n|\\{\"text\": \"|<p>|HTTP/1.1 200 OK\r\n|[a-z ]{0,8})*",
    ) {
        read_every_way(text.as_bytes(), "x", &config(1024));
    }

    #[test]
    fn utf8_text_round_trips(text in "\\PC*") {
        prop_assume!(!text.starts_with('\u{feff}'));
        let (decoded, encoding) = decode(text.as_bytes(), None);
        prop_assert_eq!(decoded, text);
        prop_assert_eq!(encoding, "UTF-8");
    }

    #[test]
    fn windows_1252_text_round_trips_with_its_label(text in "[a-zA-Z0-9 .,àáâçèéêëìíîïñòóôöùúûüÿßÆæ“”‘’–—€]*") {
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
        prop_assert!(!unmappable);
        // By design, non-ASCII bytes that also form valid UTF-8 are read as
        // UTF-8 whatever the label (see `decode`); real legacy text almost
        // never does, random strings sometimes do ("Æ€" is C6 80, "ƀ").
        prop_assume!(text.is_ascii() || std::str::from_utf8(&bytes).is_err());
        let (decoded, _) = decode(&bytes, Some("windows-1252"));
        prop_assert_eq!(decoded, text);
    }

    #[test]
    fn a_mutated_or_truncated_warc_never_panics_and_keeps_the_good_prefix(
        count in 1usize..5,
        cut in any::<prop::sample::Index>(),
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
        gzipped in any::<bool>(),
    ) {
        let records: Vec<Vec<u8>> = (0..count).map(warc_record).collect();
        let whole: Vec<u8> = records.concat();
        let cut = cut.index(whole.len() + 1);

        // Truncated: every record wholly before the cut comes out intact, in order.
        let stored = if gzipped {
            records.iter().flat_map(|r| gzip(r)).collect::<Vec<u8>>()
        } else {
            whole.clone()
        };
        let stored_cut = if gzipped { cut.min(stored.len()) } else { cut };
        let items: Vec<_> = read_bytes(stored[..stored_cut].to_vec(), origin("c.warc"), &config(1 << 20)).collect();
        let docs: Vec<_> = items.iter().filter_map(|item| item.as_ref().ok()).collect();
        for (n, doc) in docs.iter().enumerate() {
            prop_assert_eq!(doc.origin.record, Some(n as u64 + 1));
            let marker = format!("number {n}.");
            prop_assert!(doc.text.contains(&marker), "record {} lacks {}", n + 1, marker);
        }
        if !gzipped {
            let complete = records
                .iter()
                .scan(0, |end, r| { *end += r.len(); Some(*end) })
                .filter(|&end| end - 4 <= cut)
                .count();
            prop_assert_eq!(docs.len(), complete);
        }
        prop_assert!(items.iter().filter(|item| item.is_err()).count() <= 1);

        // Mutated: never a panic, and any document is still a real one.
        let mut mutated = whole.clone();
        for (at, byte) in &flips {
            let at = at.index(mutated.len());
            mutated[at] = *byte;
        }
        let warc = format::by_name("warc").unwrap();
        for doc in warc.read(Input::from_bytes(mutated, origin("m.warc")), &config(1 << 20)).flatten() {
            prop_assert_eq!(doc.id, DocId::of_bytes(&doc.bytes));
        }
    }

    #[test]
    fn jsonl_reports_the_right_line_numbers(lines in proptest::collection::vec(jsonl_line(), 0..25)) {
        let text: String = lines
            .iter()
            .map(|line| match line {
                JsonlLine::Good(body) => serde_json::json!({ "text": body, "url": "https://velmora.example/" }).to_string(),
                JsonlLine::Blank(blank) => blank.clone(),
                JsonlLine::Bad(bad) => bad.clone(),
            })
            .collect::<Vec<_>>()
            .join("\n");
        let input = Input::from_bytes(text.into_bytes(), origin("feed.jsonl"));
        let items: Vec<_> = format::by_name("jsonl").unwrap().read(input, &IngestConfig::default()).collect();
        let expected: Vec<(u64, &JsonlLine)> = lines
            .iter()
            .enumerate()
            .filter(|(_, line)| !matches!(line, JsonlLine::Blank(_)))
            .map(|(n, line)| (n as u64 + 1, line))
            .collect();
        if expected.is_empty() {
            prop_assert_eq!(items.len(), 1);
            prop_assert_eq!(items[0].as_ref().unwrap_err().to_string(), "feed.jsonl: empty file");
            return Ok(());
        }
        prop_assert_eq!(items.len(), expected.len());
        for (item, (number, line)) in items.iter().zip(expected) {
            match (item, line) {
                (Ok(doc), JsonlLine::Good(body)) => {
                    prop_assert_eq!(doc.origin.record, Some(number));
                    prop_assert_eq!(&doc.text, body);
                }
                (Err(err), JsonlLine::Bad(_)) => {
                    prop_assert_eq!(err.record(), Some(number));
                    let prefix = format!("feed.jsonl#{number}: ");
                    prop_assert!(err.to_string().starts_with(&prefix));
                }
                (item, line) => prop_assert!(false, "line {}: {:?} gave {:?}", number, line, item),
            }
        }
    }
}
