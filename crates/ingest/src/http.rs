//! HTTP messages as WARC response records hold them: status line, headers,
//! and a body that may be chunked and gzip- or deflate-encoded.

use std::io::Read;

use flate2::read::{DeflateDecoder, MultiGzDecoder, ZlibDecoder};

/// An HTTP response split into its parts.
#[derive(Debug)]
pub(crate) struct Response<'a> {
    /// The status code (`200`, `404`).
    pub status: u16,
    /// Header names and values, in order, as text.
    pub headers: Vec<(String, String)>,
    /// The body as stored: still chunked or compressed if the headers say so.
    pub body: &'a [u8],
}

impl Response<'_> {
    /// The value of the first header of that name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }
}

/// The value of the first header of that name (case-insensitive).
pub(crate) fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}

/// Splits a response message; the error says what is wrong with it.
pub(crate) fn parse_response(message: &[u8]) -> Result<Response<'_>, String> {
    let (head, body) = split_head(message).ok_or("no blank line after the HTTP headers")?;
    let head = String::from_utf8_lossy(head);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or_default();
    if !status_line.starts_with("HTTP/") {
        return Err(format!(
            "expected an HTTP status line, found {:?}",
            clip(status_line)
        ));
    }
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse::<u16>().ok())
        .filter(|code| (100..1000).contains(code))
        .ok_or_else(|| format!("no status code in {:?}", clip(status_line)))?;
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = headers.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
            continue;
        }
        // Lines without a colon are ignored, as browsers do.
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
    Ok(Response {
        status,
        headers,
        body,
    })
}

/// The header block and the rest, split at the first empty line (CRLF or LF).
fn split_head(message: &[u8]) -> Option<(&[u8], &[u8])> {
    let crlf = memchr::memmem::find(message, b"\r\n\r\n").map(|at| (at, at + 4));
    let lf = memchr::memmem::find(message, b"\n\n").map(|at| (at, at + 2));
    let (end, body_start) = match (crlf, lf) {
        (Some(a), Some(b)) => {
            if a.0 <= b.0 {
                a
            } else {
                b
            }
        }
        (a, b) => a.or(b)?,
    };
    Some((&message[..end], &message[body_start..]))
}

/// A short, printable excerpt of outside text for an error message.
pub(crate) fn clip(text: &str) -> String {
    text.chars().take(60).collect()
}

/// Removes chunked transfer encoding; `None` when the body is not well-formed
/// chunks (some archivers store the decoded body but keep the header).
pub(crate) fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    loop {
        let line_end = memchr::memchr(b'\n', rest)?;
        let line = std::str::from_utf8(&rest[..line_end]).ok()?;
        let size_text = line.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        rest = &rest[line_end + 1..];
        if size == 0 {
            return Some(out);
        }
        if size > rest.len() {
            return None;
        }
        out.extend_from_slice(&rest[..size]);
        rest = &rest[size..];
        rest = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))
            .unwrap_or(rest);
    }
}

/// Why a body could not be decoded.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum DecodeProblem {
    /// Decoded, it would exceed the limit.
    TooLarge,
    /// A content encoding this crate does not read, or a stream broken
    /// before it gave anything.
    Bad(String),
}

/// A decoded body: the bytes, and what went wrong after some were read (a
/// compressed stream cut short keeps what decompressed).
pub(crate) type Decoded = (Vec<u8>, Option<String>);

/// Undoes a `Content-Encoding` (gzip, x-gzip, deflate, identity), keeping at
/// most `limit` bytes. A body labelled gzip that does not start with the gzip
/// signature is taken as already decoded. A compressed stream that breaks
/// after giving some bytes keeps them, with the reason beside.
pub(crate) fn decode_content(
    body: &[u8],
    encoding: &str,
    limit: usize,
) -> Result<Decoded, DecodeProblem> {
    let encoding = encoding.trim().to_ascii_lowercase();
    match encoding.as_str() {
        "" | "identity" | "none" => Ok((body.to_vec(), None)),
        "gzip" | "x-gzip" if !body.starts_with(&[0x1f, 0x8b]) => Ok((body.to_vec(), None)),
        "gzip" | "x-gzip" => read_limited(MultiGzDecoder::new(body), limit),
        "deflate" => read_limited(ZlibDecoder::new(body), limit)
            .or_else(|_| read_limited(DeflateDecoder::new(body), limit)),
        other => Err(DecodeProblem::Bad(format!(
            "unsupported content encoding {:?}",
            clip(other)
        ))),
    }
}

fn read_limited(reader: impl Read, limit: usize) -> Result<Decoded, DecodeProblem> {
    let mut out = Vec::new();
    let read = reader
        .take((limit as u64).saturating_add(1))
        .read_to_end(&mut out);
    if out.len() > limit {
        return Err(DecodeProblem::TooLarge);
    }
    match read {
        Ok(_) => Ok((out, None)),
        Err(err) if out.is_empty() => Err(DecodeProblem::Bad(format!(
            "cannot decompress the body: {err}"
        ))),
        Err(err) => {
            let reason = format!(
                "the compressed body breaks after {} decompressed bytes ({err}); kept those",
                out.len()
            );
            Ok((out, Some(reason)))
        }
    }
}

/// The media type (lowercase, without parameters) and the charset parameter
/// of a `Content-Type` value.
pub(crate) fn content_type(value: &str) -> (String, Option<String>) {
    let mut parts = value.split(';');
    let media_type = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
    let charset = parts.find_map(|param| {
        let (key, value) = param.split_once('=')?;
        if !key.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'').trim();
        (!value.is_empty()).then(|| value.to_string())
    });
    (media_type, charset)
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;
    use flate2::Compression;
    use std::io::Write;

    #[test]
    fn splits_status_headers_and_body() {
        let message = b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html;\r\n charset=utf-8\r\nX-Bad\r\n\r\n<p>gone</p>";
        let response = parse_response(message).unwrap();
        assert_eq!(response.status, 404);
        assert_eq!(
            response.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(response.body, b"<p>gone</p>");
        assert!(parse_response(b"GET / HTTP/1.1\r\n\r\n")
            .unwrap_err()
            .contains("status line"));
        assert!(parse_response(b"HTTP/1.1 OK\r\n\r\n")
            .unwrap_err()
            .contains("status code"));
        assert!(parse_response(b"HTTP/1.1 200 OK\r\nHost: x").is_err());
    }

    #[test]
    fn chunked_bodies_are_joined() {
        assert_eq!(
            dechunk(b"5\r\nHello\r\n7;ext=1\r\n, ferry\r\n0\r\n\r\n").unwrap(),
            b"Hello, ferry"
        );
        assert_eq!(dechunk(b"<html>not chunked</html>"), None);
        assert_eq!(dechunk(b"ff\r\nshort"), None);
    }

    #[test]
    fn gzip_and_deflate_bodies_are_decoded_within_the_limit() {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(b"<p>Quay open</p>").unwrap();
        let gz = encoder.finish().unwrap();
        assert_eq!(
            decode_content(&gz, "gzip", 100).unwrap(),
            (b"<p>Quay open</p>".to_vec(), None)
        );
        assert_eq!(decode_content(&gz, "gzip", 5), Err(DecodeProblem::TooLarge));
        assert_eq!(
            decode_content(b"<p>plain</p>", "gzip", 100).unwrap().0,
            b"<p>plain</p>"
        );
        let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), Compression::default());
        zlib.write_all(b"<p>deflated</p>").unwrap();
        assert_eq!(
            decode_content(&zlib.finish().unwrap(), "deflate", 100)
                .unwrap()
                .0,
            b"<p>deflated</p>"
        );
        assert!(matches!(
            decode_content(b"x", "br", 100),
            Err(DecodeProblem::Bad(_))
        ));
    }

    /// Issue 11: a gzip body cut short keeps what decompressed.
    #[test]
    fn issue_11_a_cut_gzip_body_keeps_what_decompressed() {
        let page = "<p>The Portavel ferry sails again at dawn.</p>".repeat(400);
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(page.as_bytes()).unwrap();
        let gz = encoder.finish().unwrap();
        let (kept, damage) = decode_content(&gz[..gz.len() - 20], "gzip", 1 << 20).unwrap();
        assert!(!kept.is_empty() && page.as_bytes().starts_with(&kept));
        assert!(damage.unwrap().contains("breaks after"));
        assert!(matches!(
            decode_content(&gz[..5], "gzip", 1 << 20),
            Err(DecodeProblem::Bad(_))
        ));
    }

    #[test]
    fn content_type_gives_media_type_and_charset() {
        assert_eq!(
            content_type("Text/HTML; Charset=\"ISO-8859-2\""),
            ("text/html".to_string(), Some("ISO-8859-2".to_string()))
        );
        assert_eq!(content_type("image/png"), ("image/png".to_string(), None));
    }
}
