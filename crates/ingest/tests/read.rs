//! End-to-end reading of files on disk: every format, bad input, folders.

mod common;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use flate2::Compression;
use tidings_ingest::{discover, format, read_bytes, read_path, Error, IngestConfig};
use tidings_model::{DocId, MediaType, Origin, RawDoc};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn read_all(path: &Path) -> Vec<Result<RawDoc, Error>> {
    read_path(path, &IngestConfig::default()).collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// A WARC response record for an HTML page at `url`.
fn warc_response(url: &str, page: &str) -> Vec<u8> {
    let http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{page}",
        page.len()
    );
    format!(
        "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2026-01-19T06:30:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
        http.len()
    )
    .into_bytes()
}

/// A `.warc.gz` as crawlers write it: one gzip member per record.
fn warc_gz(pages: &[(&str, String)]) -> Vec<u8> {
    pages
        .iter()
        .flat_map(|(url, page)| gzip(&warc_response(url, page)))
        .collect()
}

fn page(n: usize) -> String {
    format!(
        "<!DOCTYPE html><html><head><title>Tide report {n}</title></head><body><p>Day {n}: the tide at Velmora rose {n} centimetres above the mark.</p>{}</body></html>",
        "<p>The Harbour Authority of Portavel kept the quay open.</p>".repeat(n % 7 + 1)
    )
}

#[test]
fn every_format_has_a_fixture_detected_as_itself() {
    let fixtures = [
        ("text", "story.txt"),
        ("html", "page.html"),
        ("jsonl", "feed.jsonl"),
        ("warc", "crawl.warc"),
        ("arc", "crawl.arc"),
        ("feed", "news.rss"),
        ("opml", "desks.opml"),
    ];
    for format in format::ALL {
        let (_, file) = fixtures
            .iter()
            .find(|(name, _)| *name == format.name())
            .unwrap_or_else(|| panic!("no fixture for format {}", format.name()));
        let bytes = fs::read(fixture(file)).unwrap();
        let head = &bytes[..bytes.len().min(8192)];
        assert_eq!(
            format::detect(head, None).name(),
            format.name(),
            "{file} by content"
        );
        let docs = read_all(&fixture(file));
        if format.name() == "opml" {
            // A list of feeds, not articles: said, nothing stored.
            assert_eq!(docs.len(), 1, "{file}: {docs:?}");
            let error = docs[0].as_ref().map(|_| ()).unwrap_err().to_string();
            assert!(error.contains("an OPML list of 2 feeds"), "{error}");
            continue;
        }
        assert!(
            !docs.is_empty() && docs.iter().all(Result::is_ok),
            "{file}: {docs:?}"
        );
    }
}

/// Issue 11: an ARC file on disk is read as records, gzip or not.
#[test]
fn issue_11_the_arc_fixture_gives_its_page_with_url_and_date() {
    let bytes = fs::read(fixture("crawl.arc")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let gz = dir.path().join("crawl.arc.gz");
    fs::write(&gz, gzip(&bytes)).unwrap();
    for path in [fixture("crawl.arc"), gz] {
        let docs = read_all(&path);
        assert_eq!(docs.len(), 1, "{docs:?}");
        let doc = docs[0].as_ref().unwrap();
        assert_eq!(doc.media_type, MediaType::Html);
        assert_eq!(doc.origin.record, Some(2));
        assert_eq!(
            doc.hints.url.as_deref(),
            Some("http://courier.velmora.example/quay")
        );
        assert_eq!(doc.fetched.unwrap().to_string(), "2026-01-19T06:35:12Z");
        assert!(doc.text.starts_with("<!DOCTYPE html>"));
        assert!(!doc.text.contains("filedesc"));
    }
}

/// Issue 16.5: UTF-16 and UTF-32 files without a BOM were refused as
/// binary; they are read, and an HTML page in them is sniffed as HTML.
#[test]
fn issue_16_wide_files_without_a_bom_are_read() {
    let page = fs::read_to_string(fixture("page.html")).unwrap();
    let utf16: Vec<u8> = page.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let utf32: Vec<u8> = page
        .chars()
        .flat_map(|c| (c as u32).to_be_bytes())
        .collect();
    for (bytes, encoding) in [(utf16, "UTF-16LE"), (utf32, "UTF-32BE")] {
        let origin = Origin {
            path: Some("wide".into()),
            ..Origin::default()
        };
        let docs: Vec<_> = read_bytes(bytes, origin, &IngestConfig::default()).collect();
        let doc = docs[0].as_ref().unwrap();
        assert_eq!(doc.encoding, encoding);
        assert_eq!(doc.media_type, MediaType::Html);
        assert_eq!(doc.text, page);
    }
}

#[test]
fn the_text_fixture_is_one_document_with_its_debris_intact() {
    let docs = read_all(&fixture("story.txt"));
    assert_eq!(docs.len(), 1);
    let doc = docs[0].as_ref().unwrap();
    assert_eq!(doc.media_type, MediaType::Text);
    assert!(doc.text.starts_with("Storm closes Velmora harbour"));
    assert!(
        doc.text.contains("Bu site çerez kullanır."),
        "cleaning is not ingest's job"
    );
    assert_eq!(
        doc.id,
        DocId::of_bytes(&fs::read(fixture("story.txt")).unwrap())
    );
    assert_eq!(
        doc.origin.path.as_deref(),
        Some(fixture("story.txt").to_str().unwrap())
    );
}

#[test]
fn the_jsonl_fixture_gives_two_records_with_hints() {
    let docs = read_all(&fixture("feed.jsonl"));
    assert_eq!(docs.len(), 2);
    let storm = docs[0].as_ref().unwrap();
    let ferry = docs[1].as_ref().unwrap();
    assert_eq!(storm.origin.record, Some(1));
    assert_eq!(ferry.origin.record, Some(3));
    assert_eq!(storm.hints.authors, ["Ines Torval"]);
    assert_eq!(ferry.media_type, MediaType::Html);
    assert_eq!(
        ferry.hints.published.unwrap().to_string(),
        "2026-01-19T06:10:00Z"
    );
}

#[test]
fn a_warc_gz_is_streamed_record_by_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crawl.warc.gz");
    let pages: Vec<(&str, String)> = vec![
        ("https://courier.velmora.example/1", page(1)),
        ("https://courier.velmora.example/2", page(2)),
    ];
    fs::write(&path, warc_gz(&pages)).unwrap();
    let docs = read_all(&path);
    assert_eq!(docs.len(), 2);
    for (doc, (url, html)) in docs.iter().zip(&pages) {
        let doc = doc.as_ref().unwrap();
        assert_eq!(doc.hints.url.as_deref(), Some(*url));
        assert_eq!(doc.text, *html);
        assert_eq!(doc.id, DocId::of_bytes(html.as_bytes()));
        assert_eq!(doc.fetched.unwrap().to_string(), "2026-01-19T06:30:00Z");
    }
    assert_eq!(docs[1].as_ref().unwrap().origin.record, Some(2));
    assert_eq!(
        docs[1].as_ref().unwrap().origin.offset,
        Some(warc_response(pages[0].0, &pages[0].1).len() as u64)
    );
}

#[test]
fn a_truncated_warc_gz_gives_the_good_records_then_one_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.warc.gz");
    let pages: Vec<(&str, String)> = (1..=3)
        .map(|n| ("https://courier.velmora.example/tide", page(n)))
        .collect();
    let whole = warc_gz(&pages);
    let first_two = warc_gz(&pages[..2]).len();
    let cut = first_two + (whole.len() - first_two) / 2;
    fs::write(&path, &whole[..cut]).unwrap();

    let docs = read_all(&path);
    assert_eq!(docs.len(), 3, "{docs:?}");
    assert!(docs[0].is_ok() && docs[1].is_ok());
    let err = docs[2].as_ref().unwrap_err();
    assert_eq!(err.record(), Some(3));
    let message = err.to_string();
    let expected = format!(
        "{}#3: truncated gzip stream at byte {cut}: the file ends mid-record",
        path.display()
    );
    assert_eq!(message, expected);
}

#[test]
fn a_gzipped_html_page_is_read_as_html() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.html.gz");
    let html = fs::read(fixture("page.html")).unwrap();
    fs::write(&path, gzip(&html)).unwrap();
    let docs = read_all(&path);
    let doc = docs[0].as_ref().unwrap();
    assert_eq!(doc.media_type, MediaType::Html);
    assert_eq!(doc.bytes, html);
}

#[test]
fn html_is_sniffed_from_content_not_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("saved-page.txt");
    fs::copy(fixture("page.html"), &path).unwrap();
    assert_eq!(
        read_all(&path)[0].as_ref().unwrap().media_type,
        MediaType::Html
    );
}

#[test]
fn empty_binary_and_invalid_utf8_files() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    let blank = dir.path().join("blank.html");
    let binary = dir.path().join("photo.jpg");
    let latin = dir.path().join("zurich.txt");
    fs::write(&empty, "").unwrap();
    fs::write(&blank, "\n   \n").unwrap();
    fs::write(
        &binary,
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01",
    )
    .unwrap();
    fs::write(
        &latin,
        b"Caf\xe9 de la Gare in Z\xfcrich closes\n\nThe owner said \x93it is time\x94.\n",
    )
    .unwrap();

    let message = |path: &Path| {
        let docs = read_all(path);
        assert_eq!(docs.len(), 1);
        docs[0].as_ref().unwrap_err().to_string()
    };
    assert_eq!(message(&empty), format!("{}: empty file", empty.display()));
    assert_eq!(message(&blank), format!("{}: empty file", blank.display()));
    assert_eq!(
        message(&binary),
        format!(
            "{}: looks binary (NUL bytes / control characters), not text, HTML, JSONL or WARC",
            binary.display()
        )
    );

    let docs = read_all(&latin);
    let doc = docs[0].as_ref().unwrap();
    assert_eq!(doc.encoding, "windows-1252");
    assert_eq!(
        doc.text,
        "Café de la Gare in Zürich closes\n\nThe owner said “it is time”.\n"
    );
    assert_eq!(
        doc.id,
        DocId::of_bytes(&fs::read(&latin).unwrap()),
        "the id is of the raw bytes"
    );
}

#[test]
fn a_50_mb_single_line_is_a_clear_error_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let size = 50_000_000;
    let line = vec![b'a'; size];

    let text = dir.path().join("huge.txt");
    fs::write(&text, &line).unwrap();
    let docs = read_all(&text);
    assert_eq!(docs.len(), 1);
    assert_eq!(
        docs[0].as_ref().unwrap_err().to_string(),
        format!(
            "{}: document is 50.0 MB, over the 32 MiB limit",
            text.display()
        )
    );

    // The same giant line inside a JSONL file: that record fails, the next is read.
    let jsonl = dir.path().join("huge.jsonl");
    let mut file = fs::File::create(&jsonl).unwrap();
    file.write_all(b"{\"text\": \"").unwrap();
    file.write_all(&line).unwrap();
    file.write_all(b"\"}\n{\"text\": \"The quay is open.\"}\n")
        .unwrap();
    drop(file);
    let docs = read_all(&jsonl);
    assert_eq!(docs.len(), 2);
    let err = docs[0].as_ref().unwrap_err();
    assert!(
        matches!(
            err,
            Error::TooLarge {
                record: Some(1),
                size: Some(50_000_012),
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(docs[1].as_ref().unwrap().text, "The quay is open.");
}

#[test]
fn a_folder_with_an_unreadable_file_and_a_missing_path() {
    use std::os::unix::fs::PermissionsExt;

    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("corpus");
    fs::create_dir(&folder).unwrap();
    fs::copy(fixture("story.txt"), folder.join("a-story.txt")).unwrap();
    let locked = folder.join("b-locked.txt");
    fs::copy(fixture("story.txt"), &locked).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    let missing = dir.path().join("not-here");

    let discovery = discover(&[folder.clone(), missing.clone()]);
    assert_eq!(
        discovery.files,
        [folder.join("a-story.txt"), locked.clone()]
    );
    assert_eq!(discovery.errors.len(), 1);
    assert_eq!(discovery.errors[0].path(), Some(missing.as_path()));

    let docs = read_all(&locked);
    assert_eq!(docs.len(), 1);
    if fs::File::open(&locked).is_ok() {
        println!("skipping the permission assertion: running as a user (root?) that can read mode 000 files");
    } else {
        let message = docs[0].as_ref().unwrap_err().to_string();
        assert!(
            message.starts_with(&format!("{}: cannot read: ", locked.display())),
            "{message}"
        );
        assert!(
            message.to_lowercase().contains("permission denied"),
            "{message}"
        );
    }
    let docs = read_all(&missing);
    assert!(docs[0]
        .as_ref()
        .unwrap_err()
        .to_string()
        .contains("cannot read"));
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o644)).unwrap();
}

#[test]
fn the_same_input_gives_the_same_ids_in_the_same_order() {
    let run = || -> Vec<String> {
        let discovery = discover(&[fixture("")]);
        discovery
            .files
            .iter()
            .flat_map(|path| read_path(path, &IngestConfig::default()))
            .map(|doc| match doc {
                Ok(doc) => format!("{} {}", doc.origin, doc.id),
                Err(err) => err.to_string(),
            })
            .collect()
    };
    let first = run();
    assert_eq!(first.len(), 8, "{first:?}");
    assert_eq!(first, run());
}

#[test]
fn bytes_are_named_by_their_origin_in_errors() {
    let origin = Origin {
        path: Some("<stdin>".into()),
        ..Origin::default()
    };
    let docs: Vec<_> = read_bytes(Vec::new(), origin, &IngestConfig::default()).collect();
    assert_eq!(
        docs[0].as_ref().unwrap_err().to_string(),
        "<stdin>: empty file"
    );
    let docs: Vec<_> = read_bytes(
        b"\0\0\0".to_vec(),
        Origin::default(),
        &IngestConfig::default(),
    )
    .collect();
    assert!(docs[0]
        .as_ref()
        .unwrap_err()
        .to_string()
        .starts_with("<input>: looks binary"));
}

#[test]
#[ignore = "needs ../shared/seeds (or $TIDINGS_SHARED): cargo test --workspace -- --ignored"]
fn seeds_from_the_shared_folder_read_as_text() {
    let seeds = common::shared("seeds");
    let discovery = discover(&[seeds]);
    assert!(discovery.errors.is_empty());
    for path in &discovery.files {
        for doc in read_path(path, &IngestConfig::default()) {
            let doc = doc.unwrap_or_else(|err| panic!("{err}"));
            assert_eq!(doc.media_type, MediaType::Text, "{}", path.display());
            assert!(!doc.text.trim().is_empty());
        }
    }
}
