//! How model values become column values and back: JSON for lists and hints,
//! RFC 3339 text for times, zstd for raw bytes, bit-cast integers for
//! fingerprints, packed varints for a sentence's token spans, kebab-case
//! names for figure qualifiers.
//!
//! Decoding returns a plain reason string on failure; the caller wraps it in
//! [`crate::Error::Corrupt`] with the database file and document id.

use std::str::FromStr;

use rusqlite::Row;
use tidings_model::{
    Article, DatePrecision, DateSource, DocId, EntityKind, Hints, MediaType, Origin, Published,
    Qualifier, RawDoc, Removed, Span,
};

use crate::error::{Error, Result};
use crate::store::Hit;

/// Turns stored integers back into model values, naming the database file
/// and document in [`Error::Corrupt`] when a row does not fit.
#[derive(Clone, Copy)]
pub(crate) struct Decoder<'a> {
    pub path: &'a std::path::Path,
    pub id: &'a str,
}

impl Decoder<'_> {
    /// The error for a row of this document that cannot be read.
    pub fn corrupt(&self, why: String) -> Error {
        Error::Corrupt {
            path: self.path.to_path_buf(),
            id: self.id.to_string(),
            why,
        }
    }

    /// A stored index or offset; `what` names it in the error.
    pub fn index(&self, n: i64, what: &str) -> Result<usize> {
        usize::try_from(n).map_err(|_| self.corrupt(format!("negative {what} {n}")))
    }

    /// A stored byte range.
    pub fn span(&self, start: i64, end: i64) -> Result<Span> {
        Ok(Span::new(
            self.index(start, "offset")?,
            self.index(end, "offset")?,
        ))
    }
}

/// The zstd level for raw bytes: fast, and about as small as news text gets.
const ZSTD_LEVEL: i32 = 3;

/// A raw document ready to bind to the `raw` table's columns.
pub(crate) struct EncodedRaw<'a> {
    pub id: &'a str,
    pub path: Option<&'a str>,
    pub record: Option<i64>,
    pub offset: Option<i64>,
    pub fetched: Option<String>,
    pub media_type: &'static str,
    pub encoding: &'a str,
    pub hints: String,
    pub size: i64,
    pub zbytes: Vec<u8>,
}

/// An article ready to bind to the `articles` table's columns.
pub(crate) struct EncodedArticle<'a> {
    pub id: &'a str,
    pub title: Option<&'a str>,
    pub lede: Option<&'a str>,
    pub lang: Option<&'a str>,
    pub published: Option<String>,
    pub site: Option<&'a str>,
    pub url: Option<&'a str>,
    pub authors: String,
    pub text: &'a str,
    pub paragraphs: String,
    pub removed: String,
}

/// One zstd compression context, made on first use and kept for every later
/// document: creating a context per document costs more than compressing a
/// short page. The output is the same as a fresh context's (same level, and
/// each document is a whole frame of its own).
#[derive(Default)]
pub(crate) struct RawCompressor {
    context: Option<zstd::bulk::Compressor<'static>>,
}

impl RawCompressor {
    fn compress(&mut self, bytes: &[u8]) -> std::io::Result<Vec<u8>> {
        let context = match &mut self.context {
            Some(context) => context,
            empty => empty.insert(zstd::bulk::Compressor::new(ZSTD_LEVEL)?),
        };
        context.compress(bytes)
    }
}

impl std::fmt::Debug for RawCompressor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RawCompressor")
            .field("level", &ZSTD_LEVEL)
            .field("ready", &self.context.is_some())
            .finish()
    }
}

pub(crate) fn encode_raw<'a>(
    raw: &'a RawDoc,
    compressor: &mut RawCompressor,
) -> Result<EncodedRaw<'a>> {
    let id = raw.id.as_str();
    let encode_err = |why: String| Error::Encode {
        id: id.to_string(),
        why,
    };
    let to_i64 = |n: u64, what: &str| {
        i64::try_from(n).map_err(|_| encode_err(format!("{what} {n} is too large")))
    };
    Ok(EncodedRaw {
        id,
        path: raw.origin.path.as_deref(),
        record: raw.origin.record.map(|n| to_i64(n, "record")).transpose()?,
        offset: raw.origin.offset.map(|n| to_i64(n, "offset")).transpose()?,
        fetched: raw.fetched.map(|ts| ts.to_string()),
        media_type: raw.media_type.as_str(),
        encoding: &raw.encoding,
        hints: serde_json::to_string(&raw.hints).map_err(|err| encode_err(err.to_string()))?,
        size: to_i64(raw.bytes.len() as u64, "size")?,
        zbytes: compressor
            .compress(&raw.bytes)
            .map_err(|err| encode_err(format!("compressing: {err}")))?,
    })
}

pub(crate) fn encode_article(article: &Article) -> Result<EncodedArticle<'_>> {
    let encode_err = |err: serde_json::Error| Error::Encode {
        id: article.id.to_string(),
        why: err.to_string(),
    };
    Ok(EncodedArticle {
        id: article.id.as_str(),
        title: article.title.as_deref(),
        lede: article.lede.as_deref(),
        lang: article.lang.as_deref(),
        published: article.published.map(|published| published.to_string()),
        site: article.site.as_deref(),
        url: article.url.as_deref(),
        authors: serde_json::to_string(&article.authors).map_err(encode_err)?,
        text: &article.text,
        paragraphs: serde_json::to_string(&article.paragraphs).map_err(encode_err)?,
        removed: serde_json::to_string(&article.removed).map_err(encode_err)?,
    })
}

/// Bytes compressed as raw documents are (a whole zstd frame, same level),
/// for state kept beside them.
pub(crate) fn compress(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    zstd::bulk::compress(bytes, ZSTD_LEVEL)
}

/// The stored form of a block fingerprint: the same 64 bits as a signed integer.
pub(crate) fn fp_to_sql(fp: u64) -> i64 {
    i64::from_ne_bytes(fp.to_ne_bytes())
}

/// The fingerprint back from its stored form.
pub(crate) fn fp_from_sql(stored: i64) -> u64 {
    u64::from_ne_bytes(stored.to_ne_bytes())
}

/// The raw bytes back, checked against the size stored beside them.
pub(crate) fn decompress(zbytes: &[u8], size: i64) -> std::result::Result<Vec<u8>, String> {
    use std::io::Read;
    let expected = u64::try_from(size).map_err(|_| format!("negative size {size}"))?;
    let decoder = zstd::stream::read::Decoder::new(zbytes)
        .map_err(|err| format!("cannot decompress: {err}"))?;
    // Read at most one byte more than expected: a damaged frame cannot make us
    // allocate more than the document's own size.
    let mut bytes = Vec::new();
    decoder
        .take(expected.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|err| format!("cannot decompress: {err}"))?;
    if bytes.len() as u64 != expected {
        return Err(format!(
            "decompressed to {} bytes, expected {size}",
            bytes.len()
        ));
    }
    Ok(bytes)
}

/// The columns of `articles` (alias `a`) as read back (by either backend:
/// the PostgreSQL store fills the fields itself).
pub(crate) struct ArticleRow {
    pub(crate) id: String,
    pub(crate) title: Option<String>,
    pub(crate) lede: Option<String>,
    pub(crate) lang: Option<String>,
    pub(crate) published: Option<String>,
    pub(crate) site: Option<String>,
    pub(crate) url: Option<String>,
    pub(crate) authors: String,
    pub(crate) text: String,
    pub(crate) paragraphs: String,
    pub(crate) removed: String,
}

impl ArticleRow {
    pub const COLUMNS: &'static str = "a.id, a.title, a.lede, a.lang, a.published, a.site, \
                                        a.url, a.authors, a.text, a.paragraphs, a.removed";
    pub const WIDTH: usize = 11;

    pub fn read(row: &Row<'_>, start: usize) -> rusqlite::Result<ArticleRow> {
        Ok(ArticleRow {
            id: row.get(start)?,
            title: row.get(start + 1)?,
            lede: row.get(start + 2)?,
            lang: row.get(start + 3)?,
            published: row.get(start + 4)?,
            site: row.get(start + 5)?,
            url: row.get(start + 6)?,
            authors: row.get(start + 7)?,
            text: row.get(start + 8)?,
            paragraphs: row.get(start + 9)?,
            removed: row.get(start + 10)?,
        })
    }

    pub fn into_article(self) -> std::result::Result<Article, String> {
        Ok(Article {
            id: parse_id(&self.id)?,
            title: self.title,
            lede: self.lede,
            lang: self.lang,
            published: parse_published(self.published.as_deref())?,
            site: self.site,
            url: self.url,
            authors: parse_json::<Vec<String>>(&self.authors, "authors")?,
            text: self.text,
            paragraphs: parse_json::<Vec<Span>>(&self.paragraphs, "paragraphs")?,
            removed: parse_json::<Vec<Removed>>(&self.removed, "removed blocks")?,
        })
    }
}

/// A stored article from its `articles` and `raw` rows (either backend),
/// or why they do not make one.
pub(crate) fn stored_article(
    article_row: ArticleRow,
    raw_row: RawRow,
) -> std::result::Result<crate::store::StoredArticle, String> {
    let article = article_row.into_article()?;
    let raw_bytes = u64::try_from(raw_row.size).unwrap_or(0);
    let meta = raw_row.into_meta()?;
    Ok(crate::store::StoredArticle {
        article,
        origin: meta.origin,
        media_type: meta.media_type,
        encoding: meta.encoding,
        fetched: meta.fetched,
        raw_bytes,
    })
}

/// The metadata columns of `raw` (alias `r`) as read back, without the bytes.
pub(crate) struct RawRow {
    pub(crate) path: Option<String>,
    pub(crate) record: Option<i64>,
    pub(crate) offset: Option<i64>,
    pub(crate) fetched: Option<String>,
    pub(crate) media_type: String,
    pub(crate) encoding: String,
    pub(crate) hints: String,
    pub size: i64,
}

/// What the store knows of a raw document besides its bytes.
pub(crate) struct RawMeta {
    pub origin: Origin,
    pub fetched: Option<jiff::Timestamp>,
    pub media_type: MediaType,
    pub encoding: String,
    pub hints: Hints,
}

impl RawRow {
    pub const COLUMNS: &'static str = "r.path, r.record, r.byte_offset, r.fetched, \
                                        r.media_type, r.encoding, r.hints, r.size";
    pub const WIDTH: usize = 8;

    pub fn read(row: &Row<'_>, start: usize) -> rusqlite::Result<RawRow> {
        Ok(RawRow {
            path: row.get(start)?,
            record: row.get(start + 1)?,
            offset: row.get(start + 2)?,
            fetched: row.get(start + 3)?,
            media_type: row.get(start + 4)?,
            encoding: row.get(start + 5)?,
            hints: row.get(start + 6)?,
            size: row.get(start + 7)?,
        })
    }

    pub fn into_meta(self) -> std::result::Result<RawMeta, String> {
        let unsigned = |n: Option<i64>, what: &str| {
            n.map(|n| u64::try_from(n).map_err(|_| format!("negative {what} {n}")))
                .transpose()
        };
        let media_type = match self.media_type.as_str() {
            "text" => MediaType::Text,
            "html" => MediaType::Html,
            other => return Err(format!("unknown media type {other:?}")),
        };
        let fetched = self
            .fetched
            .as_deref()
            .map(|text| {
                jiff::Timestamp::from_str(text)
                    .map_err(|err| format!("bad fetch time {text:?}: {err}"))
            })
            .transpose()?;
        Ok(RawMeta {
            origin: Origin {
                path: self.path,
                record: unsigned(self.record, "record")?,
                offset: unsigned(self.offset, "offset")?,
            },
            fetched,
            media_type,
            encoding: self.encoding,
            hints: parse_json::<Hints>(&self.hints, "hints")?,
        })
    }
}

/// One row of a search as read back.
pub(crate) struct HitRow {
    pub id: String,
    pub title: Option<String>,
    pub site: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub lang: Option<String>,
    /// The BM25 rank: lower (more negative) is better.
    pub rank: f64,
    pub snippet: String,
}

impl HitRow {
    pub fn into_hit(self) -> std::result::Result<Hit, String> {
        Ok(Hit {
            id: parse_id(&self.id)?,
            title: self.title,
            site: self.site,
            url: self.url,
            published: parse_published(self.published.as_deref())?,
            lang: self.lang,
            // Negated so that higher is better; `0.0 - x` avoids a `-0.0`.
            score: 0.0 - self.rank,
            snippet: self.snippet,
        })
    }
}

/// Packs token spans into bytes: per token, the zig-zag varint of its start
/// minus the previous token's end, then the varint of its length. A sentence
/// of news text takes about two bytes per token.
pub(crate) fn encode_tokens(tokens: &[Span]) -> Vec<u8> {
    let mut out = Vec::with_capacity(tokens.len() * 2);
    let mut previous_end: u64 = 0;
    for token in tokens {
        let start = token.start as u64;
        let end = token.end as u64;
        let gap = i128::from(start) - i128::from(previous_end);
        // Zig-zag: 0, -1, 1, -2 ... → 0, 1, 2, 3 ...; spans fit in u64, so
        // the gap fits in 65 bits and its zig-zag form in u128.
        let zigzag = if gap < 0 {
            (gap.unsigned_abs() << 1) - 1
        } else {
            gap.unsigned_abs() << 1
        };
        push_varint(&mut out, zigzag);
        push_varint(&mut out, u128::from(end.saturating_sub(start)));
        previous_end = end;
    }
    out
}

/// The token spans back from [`encode_tokens`]'s bytes.
pub(crate) fn decode_tokens(bytes: &[u8]) -> std::result::Result<Vec<Span>, String> {
    let mut tokens = Vec::new();
    let mut rest = bytes;
    let mut previous_end: i128 = 0;
    while !rest.is_empty() {
        let zigzag = take_varint(&mut rest)?;
        let len = take_varint(&mut rest)?;
        let gap = if zigzag & 1 == 1 {
            -i128::try_from((zigzag >> 1) + 1).map_err(|_| "token gap out of range")?
        } else {
            i128::try_from(zigzag >> 1).map_err(|_| "token gap out of range")?
        };
        let start = previous_end
            .checked_add(gap)
            .and_then(|start| usize::try_from(start).ok())
            .ok_or("token start out of range")?;
        let end = usize::try_from(len)
            .ok()
            .and_then(|len| start.checked_add(len))
            .ok_or("token end out of range")?;
        tokens.push(Span { start, end });
        previous_end = end as i128;
    }
    Ok(tokens)
}

fn push_varint(out: &mut Vec<u8>, mut value: u128) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn take_varint(rest: &mut &[u8]) -> std::result::Result<u128, String> {
    let mut value: u128 = 0;
    for (i, &byte) in rest.iter().enumerate() {
        // 19 bytes of 7 bits hold any u128 this codec writes.
        if i >= 19 {
            return Err("token varint too long".into());
        }
        value |= u128::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            *rest = &rest[i + 1..];
            return Ok(value);
        }
    }
    Err("token list cut short".into())
}

/// An entity kind back from its stored name.
pub(crate) fn parse_kind(text: &str) -> std::result::Result<EntityKind, String> {
    EntityKind::parse(text).ok_or_else(|| format!("unknown entity kind {text:?}"))
}

/// The stored name of a date precision.
pub(crate) fn precision_str(precision: DatePrecision) -> &'static str {
    match precision {
        DatePrecision::Day => "day",
        DatePrecision::Month => "month",
        DatePrecision::Year => "year",
    }
}

/// A date precision back from its stored name.
pub(crate) fn parse_precision(text: &str) -> std::result::Result<DatePrecision, String> {
    match text {
        "day" => Ok(DatePrecision::Day),
        "month" => Ok(DatePrecision::Month),
        "year" => Ok(DatePrecision::Year),
        other => Err(format!("unknown date precision {other:?}")),
    }
}

/// The stored name of a figure's qualifier (its kebab-case serde name).
pub(crate) fn qualifier_str(qualifier: Qualifier) -> &'static str {
    match qualifier {
        Qualifier::Exact => "exact",
        Qualifier::AtLeast => "at-least",
        Qualifier::AtMost => "at-most",
        Qualifier::Approximate => "approximate",
        Qualifier::Range => "range",
    }
}

/// A figure's qualifier back from its stored name.
pub(crate) fn parse_qualifier(text: &str) -> std::result::Result<Qualifier, String> {
    match text {
        "exact" => Ok(Qualifier::Exact),
        "at-least" => Ok(Qualifier::AtLeast),
        "at-most" => Ok(Qualifier::AtMost),
        "approximate" => Ok(Qualifier::Approximate),
        "range" => Ok(Qualifier::Range),
        other => Err(format!("unknown qualifier {other:?}")),
    }
}

/// A calendar date back from its stored `YYYY-MM-DD` form.
pub(crate) fn parse_date(text: &str) -> std::result::Result<jiff::civil::Date, String> {
    text.parse::<jiff::civil::Date>()
        .map_err(|err| format!("bad date {text:?}: {err}"))
}

/// An event's date source as stored (`NULL` in stores from before version 4).
pub(crate) fn parse_date_source(
    text: Option<String>,
) -> std::result::Result<Option<DateSource>, String> {
    text.map(|text| DateSource::parse(&text).ok_or_else(|| format!("bad date source {text:?}")))
        .transpose()
}

pub(crate) fn parse_id(text: &str) -> std::result::Result<DocId, String> {
    DocId::parse(text).map_err(|err| err.to_string())
}

pub(crate) fn parse_published(
    text: Option<&str>,
) -> std::result::Result<Option<Published>, String> {
    text.map(|text| Published::parse(text).map_err(|err| err.to_string()))
        .transpose()
}

pub(crate) fn parse_json<T: serde::de::DeserializeOwned>(
    text: &str,
    what: &str,
) -> std::result::Result<T, String> {
    serde_json::from_str(text).map_err(|err| format!("bad {what} {text:?}: {err}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn qualifiers_are_stored_by_their_serde_names() {
        for qualifier in [
            Qualifier::Exact,
            Qualifier::AtLeast,
            Qualifier::AtMost,
            Qualifier::Approximate,
            Qualifier::Range,
        ] {
            let name = qualifier_str(qualifier);
            assert_eq!(parse_qualifier(name).unwrap(), qualifier);
            assert_eq!(
                serde_json::to_string(&qualifier).unwrap(),
                format!("\"{name}\"")
            );
        }
        assert!(parse_qualifier("roughly").is_err());
    }

    #[test]
    fn decompress_refuses_garbage_and_wrong_sizes() {
        assert!(decompress(b"not zstd at all", 15).is_err());
        let zbytes = zstd::bulk::compress(b"Velmora harbour", ZSTD_LEVEL).unwrap();
        assert_eq!(decompress(&zbytes, 15).unwrap(), b"Velmora harbour");
        let err = decompress(&zbytes, 99).unwrap_err();
        assert!(err.contains("expected 99"), "{err}");
    }

    #[test]
    fn one_kept_compressor_writes_what_a_fresh_context_per_document_did() {
        let pages: [&[u8]; 4] = [
            b"<html><body><h1>Velmora harbour reopens</h1><p>The Harbour Authority of \
              Portavel said on Tuesday that the east quay would reopen.</p></body></html>",
            b"",
            b"Velmora, 3 March. The ferry to Portavel ran late again; the Harbour \
              Authority blamed the storm. The ferry to Portavel ran late again.",
            &[0xff, 0x00, 0xfe, 0x01, 0x80, 0x7f],
        ];
        let mut kept = RawCompressor::default();
        for _round in 0..2 {
            for page in pages {
                let zbytes = kept.compress(page).unwrap();
                assert_eq!(zbytes, zstd::bulk::compress(page, ZSTD_LEVEL).unwrap());
                let size = i64::try_from(page.len()).unwrap();
                assert_eq!(decompress(&zbytes, size).unwrap(), page);
            }
        }
        assert!(format!("{kept:?}").contains("ready: true"));
    }

    #[test]
    fn news_tokens_pack_small_and_extreme_spans_survive() {
        let tokens = [Span::new(0, 5), Span::new(6, 11), Span::new(11, 12)];
        let packed = encode_tokens(&tokens);
        assert_eq!(packed, [0, 5, 2, 5, 0, 1]);
        assert_eq!(decode_tokens(&packed).unwrap(), tokens);
        let extreme = [Span::new(usize::MAX - 1, usize::MAX), Span::new(0, 0)];
        assert_eq!(decode_tokens(&encode_tokens(&extreme)).unwrap(), extreme);
        assert!(decode_tokens(&[0x80]).is_err());
    }

    proptest! {
        #[test]
        fn fingerprints_survive_the_signed_column(fp in any::<u64>()) {
            prop_assert_eq!(fp_from_sql(fp_to_sql(fp)), fp);
        }

        #[test]
        fn token_spans_survive_packing(spans in proptest::collection::vec((0usize..1 << 40, 0usize..64), 0..40)) {
            let tokens: Vec<Span> = spans.iter().map(|&(start, len)| Span::new(start, start + len)).collect();
            prop_assert_eq!(decode_tokens(&encode_tokens(&tokens)).unwrap(), tokens);
        }

        #[test]
        fn unpacking_any_blob_never_panics(blob in proptest::collection::vec(any::<u8>(), 0..64)) {
            let _ = decode_tokens(&blob);
        }

        #[test]
        fn decompress_never_panics_on_any_blob(blob in proptest::collection::vec(any::<u8>(), 0..256), size in any::<i64>()) {
            let _ = decompress(&blob, size);
        }
    }
}
