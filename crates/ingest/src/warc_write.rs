//! Writing WARC `response` records: a page fetched over HTTP kept as a web
//! archive keeps it (target URI, date, status line, every header, the
//! body), so `tidings watch` can archive what it fetched and `tidings
//! ingest` can read it back. Each record is its own gzip member, so records
//! appended to a `.warc.gz` file make a valid file at every step.

use std::io::Write;

use flate2::write::GzEncoder;
use flate2::Compression;

/// One HTTP response as fetched.
#[derive(Debug, Clone, Copy)]
pub struct Response<'a> {
    /// The URL that answered.
    pub url: &'a str,
    /// The HTTP status.
    pub status: u16,
    /// The response headers in order (names as received).
    pub headers: &'a [(String, String)],
    /// The body.
    pub body: &'a [u8],
    /// When it was fetched.
    pub fetched: jiff::Timestamp,
}

/// The reason phrase of common statuses (the record keeps the status
/// line's shape; the code is what matters).
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        203 => "Non-Authoritative Information",
        206 => "Partial Content",
        _ => "",
    }
}

/// The WARC/1.1 `response` record of `response`, uncompressed.
pub fn response_record(response: &Response<'_>) -> Vec<u8> {
    let mut http = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in response.headers {
        // Header values with line breaks would break the record's shape.
        let value: String = value.chars().filter(|c| *c != '\r' && *c != '\n').collect();
        // The body is kept whole and decoded: a transfer or content coding
        // named here would no longer apply.
        let lower = name.to_ascii_lowercase();
        if lower == "transfer-encoding" || lower == "content-encoding" {
            continue;
        }
        http.push_str(name);
        http.push_str(": ");
        http.push_str(&value);
        http.push_str("\r\n");
    }
    http.push_str("\r\n");
    let mut block = http.into_bytes();
    block.extend_from_slice(response.body);
    let url: String = response
        .url
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let date = response.fetched.strftime("%Y-%m-%dT%H:%M:%SZ");
    let id = tidings_model::DocId::of_bytes(
        &[url.as_bytes(), date.to_string().as_bytes(), response.body].concat(),
    );
    let hex = id.as_str();
    let uuid = if hex.len() == 32 {
        format!(
            "{}-{}-{}-{}-{}",
            &hex[..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..]
        )
    } else {
        hex.to_string()
    };
    let mut record = format!(
        "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{uuid}>\r\nWARC-Date: {date}\r\nWARC-Target-URI: {url}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    record.extend_from_slice(&block);
    record.extend_from_slice(b"\r\n\r\n");
    record
}

/// Appends `response` as one gzip member to `out`.
pub fn write_response(out: &mut impl Write, response: &Response<'_>) -> std::io::Result<()> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(&response_record(response))?;
    out.write_all(&encoder.finish()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{read_bytes, IngestConfig};
    use tidings_model::Origin;

    #[test]
    fn written_records_read_back_as_the_page() {
        let page = "<!DOCTYPE html><html><head><title>Quay reopens</title></head><body><article><h1>Quay reopens</h1><p>The main quay in Velmora reopened on Monday after three weeks of storm repairs, the harbour master said.</p></article></body></html>";
        let headers = vec![
            (
                "Content-Type".to_string(),
                "text/html; charset=utf-8".to_string(),
            ),
            ("ETag".to_string(), "\"v1\"".to_string()),
            ("Transfer-Encoding".to_string(), "chunked".to_string()),
        ];
        let fetched: jiff::Timestamp = "2026-01-19T06:30:00Z".parse().unwrap();
        let mut file = Vec::new();
        for url in [
            "https://courier.example/quay",
            "https://courier.example/quay?again=1",
        ] {
            let response = Response {
                url,
                status: 200,
                headers: &headers,
                body: page.as_bytes(),
                fetched,
            };
            write_response(&mut file, &response).unwrap();
        }
        let record = response_record(&Response {
            url: "https://courier.example/quay",
            status: 200,
            headers: &headers,
            body: page.as_bytes(),
            fetched,
        });
        let text = String::from_utf8_lossy(&record);
        assert!(text.contains("WARC-Date: 2026-01-19T06:30:00Z\r\n"));
        assert!(text.contains("\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nETag: \"v1\"\r\n\r\n<!DOCTYPE"));
        assert!(!text.contains("chunked"));

        let origin = Origin {
            path: Some("fetched.warc.gz".into()),
            ..Origin::default()
        };
        let docs: Vec<_> = read_bytes(file, origin, &IngestConfig::default())
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(
            docs[0].hints.url.as_deref(),
            Some("https://courier.example/quay")
        );
        assert_eq!(docs[0].fetched, Some(fetched));
        assert_eq!(docs[0].bytes, page.as_bytes());
        assert_eq!(
            docs[1].hints.url.as_deref(),
            Some("https://courier.example/quay?again=1")
        );
    }
}
