//! How model values become column values and back: JSON for lists and hints,
//! RFC 3339 text for times, zstd for raw bytes, bit-cast integers for fingerprints.
//!
//! Decoding returns a plain reason string on failure; the caller wraps it in
//! [`crate::Error::Corrupt`] with the database file and document id.

use std::str::FromStr;

use rusqlite::Row;
use tidings_model::{Article, DocId, Hints, MediaType, Origin, Published, RawDoc, Removed, Span};

use crate::error::{Error, Result};
use crate::store::Hit;

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

pub(crate) fn encode_raw(raw: &RawDoc) -> Result<EncodedRaw<'_>> {
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
        zbytes: zstd::bulk::compress(&raw.bytes, ZSTD_LEVEL)
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

/// The columns of `articles` (alias `a`) as read back.
pub(crate) struct ArticleRow {
    id: String,
    title: Option<String>,
    lede: Option<String>,
    lang: Option<String>,
    published: Option<String>,
    site: Option<String>,
    url: Option<String>,
    authors: String,
    text: String,
    paragraphs: String,
    removed: String,
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

/// The metadata columns of `raw` (alias `r`) as read back, without the bytes.
pub(crate) struct RawRow {
    path: Option<String>,
    record: Option<i64>,
    offset: Option<i64>,
    fetched: Option<String>,
    media_type: String,
    encoding: String,
    hints: String,
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

fn parse_id(text: &str) -> std::result::Result<DocId, String> {
    DocId::parse(text).map_err(|err| err.to_string())
}

fn parse_published(text: Option<&str>) -> std::result::Result<Option<Published>, String> {
    text.map(|text| Published::parse(text).map_err(|err| err.to_string()))
        .transpose()
}

fn parse_json<T: serde::de::DeserializeOwned>(
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
    fn decompress_refuses_garbage_and_wrong_sizes() {
        assert!(decompress(b"not zstd at all", 15).is_err());
        let zbytes = zstd::bulk::compress(b"Velmora harbour", ZSTD_LEVEL).unwrap();
        assert_eq!(decompress(&zbytes, 15).unwrap(), b"Velmora harbour");
        let err = decompress(&zbytes, 99).unwrap_err();
        assert!(err.contains("expected 99"), "{err}");
    }

    proptest! {
        #[test]
        fn fingerprints_survive_the_signed_column(fp in any::<u64>()) {
            prop_assert_eq!(fp_from_sql(fp_to_sql(fp)), fp);
        }

        #[test]
        fn decompress_never_panics_on_any_blob(blob in proptest::collection::vec(any::<u8>(), 0..256), size in any::<i64>()) {
            let _ = decompress(&blob, size);
        }
    }
}
