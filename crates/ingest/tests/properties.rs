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

fn page(n: usize) -> String {
    format!("<html><body><p>Velmora tide report number {n}.</p></body></html>")
}

fn warc_record(n: usize) -> Vec<u8> {
    let page = page(n);
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{page}");
    format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://velmora.example/{n}\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
        http.len()
    )
    .into_bytes()
}

/// An ARC record (version 1 or 2 header) for page `n`.
fn arc_record(n: usize, version2: bool) -> Vec<u8> {
    let http = format!(
        "HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n{}",
        page(n)
    );
    let fields = if version2 {
        "text/html 200 - - 0 c.arc"
    } else {
        "text/html"
    };
    format!(
        "http://velmora.example/{n} 192.0.2.{n} 2026011608{:02}00 {fields} {}\n{http}\n",
        n % 60,
        http.len()
    )
    .into_bytes()
}

fn arc_head() -> Vec<u8> {
    let version = "1 0 Velmora\nURL IP-address Archive-date Content-type Archive-length\n";
    format!(
        "filedesc://c.arc 0.0.0.0 20260116080000 text/plain {}\n{version}\n",
        version.len()
    )
    .into_bytes()
}

/// A WARC response record for page `n` with each header line ended by
/// `ends[i % ends.len()]`, a header line without a colon when `odd_line`,
/// and a Content-Length `short` bytes less than the block's.
fn lenient_warc_record(n: usize, ends: &[&str], odd_line: bool, short: usize) -> Vec<u8> {
    let http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{}",
        page(n)
    );
    let mut lines = vec![
        "WARC/1.0".to_string(),
        "WARC-Type: response".to_string(),
        format!("WARC-Target-URI: https://velmora.example/{n}"),
        format!("Content-Length: {}", http.len() - short),
    ];
    if odd_line {
        lines.insert(2, "an odd line".to_string());
    }
    lines.push(String::new());
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push_str(ends[i % ends.len()]);
    }
    out.push_str(&http);
    out.push_str("\r\n\r\n");
    out.into_bytes()
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
        // A record the cut falls in may be kept in part, followed by a
        // warning saying so (issue 11).
        let docs: Vec<_> = items.iter().filter_map(|item| item.as_ref().ok()).collect();
        let warned = items.iter().any(|item| item.as_ref().is_err_and(|err| err.is_warning()));
        for (n, doc) in docs.iter().enumerate() {
            prop_assert_eq!(doc.origin.record, Some(n as u64 + 1));
            let marker = format!("number {n}.");
            let whole = doc.text.contains(&marker);
            let partial = page(n).as_bytes().starts_with(&doc.bytes) && n + 1 == docs.len() && warned;
            prop_assert!(whole || partial, "record {} lacks {}", n + 1, marker);
        }
        if !gzipped {
            let complete = records
                .iter()
                .scan(0, |end, r| { *end += r.len(); Some(*end) })
                .filter(|&end| end - 4 <= cut)
                .count();
            prop_assert!(docs.len() == complete || (docs.len() == complete + 1 && warned));
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

    /// ARC (issue 11): every record comes out in order with its URL; a cut
    /// keeps the records before it (and a part of the one it falls in,
    /// with a warning); bytes changed anywhere never cause a panic.
    #[test]
    fn arc_files_read_in_order_and_survive_cuts_and_mutations(
        count in 1usize..5,
        version2 in any::<bool>(),
        cut in any::<prop::sample::Index>(),
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
        gzipped in any::<bool>(),
    ) {
        let records: Vec<Vec<u8>> = (0..count).map(|n| arc_record(n, version2)).collect();
        let mut whole = arc_head();
        for record in &records {
            whole.extend(record);
        }
        let stored = if gzipped { gzip(&whole) } else { whole.clone() };
        let items: Vec<_> = read_bytes(stored, origin("c.arc"), &config(1 << 20)).collect();
        prop_assert_eq!(items.len(), count);
        for (n, item) in items.iter().enumerate() {
            let doc = item.as_ref().unwrap();
            prop_assert_eq!(doc.origin.record, Some(n as u64 + 2));
            prop_assert_eq!(&doc.text, &page(n));
            let url = format!("https://velmora.example/{n}").replace("https", "http");
            prop_assert_eq!(doc.hints.url.as_deref(), Some(url.as_str()));
            prop_assert!(doc.fetched.is_some());
        }

        let cut = cut.index(whole.len() + 1);
        let items: Vec<_> = read_bytes(whole[..cut].to_vec(), origin("c.arc"), &config(1 << 20)).collect();
        let docs: Vec<_> = items.iter().filter_map(|item| item.as_ref().ok()).collect();
        let warned = items.iter().any(|item| item.as_ref().is_err_and(|err| err.is_warning()));
        for (n, doc) in docs.iter().enumerate() {
            let whole_page = doc.text == page(n);
            let partial = page(n).as_bytes().starts_with(&doc.bytes) && n + 1 == docs.len() && warned;
            prop_assert!(whole_page || partial, "record {} is neither whole nor a kept part: {:?}", n + 2, items);
        }
        prop_assert!(items.iter().filter(|item| item.is_err()).count() <= 1);

        let mut mutated = whole;
        for (at, byte) in &flips {
            let at = at.index(mutated.len());
            mutated[at] = *byte;
        }
        let arc = format::by_name("arc").unwrap();
        for doc in arc.read(Input::from_bytes(mutated, origin("m.arc")), &config(1 << 20)).flatten() {
            prop_assert_eq!(doc.id, DocId::of_bytes(&doc.bytes));
        }
    }

    /// Lenient WARC headers (issue 16.4): any mix of `\r\n`, `\n` and
    /// `\r\r\n` line ends and header lines without a colon read every
    /// record; a short Content-Length is resynchronised. None of it is a
    /// failure, only warnings.
    #[test]
    fn lenient_warc_headers_read_every_record_with_warnings_only(
        specs in proptest::collection::vec(
            (
                proptest::collection::vec(prop::sample::select(vec!["\r\n", "\n", "\r\r\n"]), 1..4),
                any::<bool>(),
                prop_oneof![Just(0usize), 1usize..20],
            ),
            1..5,
        ),
        gzipped in any::<bool>(),
    ) {
        let mut warc = Vec::new();
        for (n, (ends, odd_line, short)) in specs.iter().enumerate() {
            let record = lenient_warc_record(n, ends, *odd_line, *short);
            warc.extend(if gzipped { gzip(&record) } else { record });
        }
        let items: Vec<_> = read_bytes(warc, origin("l.warc"), &config(1 << 20)).collect();
        let docs: Vec<_> = items.iter().filter_map(|item| item.as_ref().ok()).collect();
        prop_assert_eq!(docs.len(), specs.len(), "{:?}", items);
        for (n, doc) in docs.iter().enumerate() {
            prop_assert_eq!(doc.origin.record, Some(n as u64 + 1));
            prop_assert!(page(n).as_bytes().starts_with(&doc.bytes));
            if specs[n].2 == 0 {
                prop_assert_eq!(&doc.text, &page(n));
            }
        }
        for item in &items {
            if let Err(err) = item {
                prop_assert!(err.is_warning(), "{}", err);
            }
        }
    }

    /// Wide encodings (issue 16.5): text in UTF-16 or UTF-32, either byte
    /// order, with or without a BOM, decodes to itself and is never binary.
    #[test]
    fn wide_text_round_trips_with_or_without_a_bom(
        text in "[a-zA-Z0-9 .,:<>/=\"\n]{4,40}[a-zA-Z0-9 .,éü€–]{0,40}",
        wide in 0usize..4,
        bom in any::<bool>(),
    ) {
        let (mut bytes, name) = match wide {
            0 => (text.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>(), "UTF-16LE"),
            1 => (text.encode_utf16().flat_map(u16::to_be_bytes).collect(), "UTF-16BE"),
            2 => (text.chars().flat_map(|c| (c as u32).to_le_bytes()).collect(), "UTF-32LE"),
            _ => (text.chars().flat_map(|c| (c as u32).to_be_bytes()).collect(), "UTF-32BE"),
        };
        if bom {
            let mark: &[u8] = match wide {
                0 => &[0xff, 0xfe],
                1 => &[0xfe, 0xff],
                2 => &[0xff, 0xfe, 0, 0],
                _ => &[0, 0, 0xfe, 0xff],
            };
            bytes.splice(0..0, mark.iter().copied());
        }
        let (decoded, encoding) = decode(&bytes, None);
        prop_assert_eq!(&decoded, &text);
        prop_assert_eq!(encoding, name);
        if !text.trim().is_empty() {
            let items: Vec<_> = read_bytes(bytes, origin("wide"), &IngestConfig::default()).collect();
            let doc = items[0].as_ref().unwrap();
            prop_assert_eq!(&doc.text, &text);
        }
    }
}
