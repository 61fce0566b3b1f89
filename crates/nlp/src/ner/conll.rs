//! CoNLL files: one `TOKEN<TAB>TAG` line per token (or whitespace-separated
//! columns, the last being the tag), a blank line between sentences.

use std::io::Write;
use std::path::Path;

use crate::ner::Tag;
use crate::{Error, Result};

/// A sentence as (token, tag) pairs, tags as written in the file.
pub type Sentence = Vec<(String, String)>;

/// Reads a CoNLL file into sentences of (token, tag) pairs.
///
/// Every tag must be `O` or `B-`/`I-` followed by a kind; a line with a single
/// column or an unknown tag is an error naming the file and line.
pub fn read(path: &Path) -> Result<Vec<Sentence>> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|error| Error::Conll {
        path: path.to_path_buf(),
        line: 1 + count_lines_before(&error.as_bytes()[..error.utf8_error().valid_up_to()]),
        why: "not UTF-8".to_string(),
    })?;
    parse(&text, path)
}

fn count_lines_before(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// Parses CoNLL text; `path` only names the source in errors.
pub fn parse(text: &str, path: &Path) -> Result<Vec<Sentence>> {
    let mut sentences = Vec::new();
    let mut current = Vec::new();
    for (number, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            if !current.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            continue;
        }
        let bad = |why: String| Error::Conll {
            path: path.to_path_buf(),
            line: number + 1,
            why,
        };
        let (token, tag) = if line.contains('\t') {
            let mut parts = line.split('\t');
            let token = parts.next().unwrap_or_default();
            let tag = parts.next_back().unwrap_or_default();
            (token, tag)
        } else {
            let mut parts = line.split_whitespace();
            let token = parts.next().unwrap_or_default();
            match parts.next_back() {
                Some(tag) => (token, tag),
                None => return Err(bad(format!("expected TOKEN<TAB>TAG, got {line:?}"))),
            }
        };
        if token.is_empty() {
            return Err(bad("empty token".to_string()));
        }
        if Tag::parse(tag).is_none() {
            return Err(bad(format!(
                "not a tag: {tag:?} (expected O, B-TYPE or I-TYPE with TYPE one of PER, ORG, LOC, MISC)"
            )));
        }
        current.push((token.to_string(), tag.to_string()));
    }
    if !current.is_empty() {
        sentences.push(current);
    }
    Ok(sentences)
}

/// Writes sentences as `TOKEN<TAB>TAG` lines with a blank line after each.
pub fn write<W: Write>(mut out: W, sentences: &[Sentence]) -> std::io::Result<()> {
    for sentence in sentences {
        for (token, tag) in sentence {
            writeln!(out, "{token}\t{tag}")?;
        }
        writeln!(out)?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_sentences_with_tabs_or_spaces() {
        let text = "Mayor\tO\nIlse\tB-PER\nVarn\tI-PER\n\n\nVelmora NNP B-LOC\r\n.\tO\n";
        let sentences = parse(text, Path::new("x.conll")).unwrap();
        assert_eq!(sentences.len(), 2);
        assert_eq!(sentences[0][1], ("Ilse".to_string(), "B-PER".to_string()));
        assert_eq!(
            sentences[1][0],
            ("Velmora".to_string(), "B-LOC".to_string())
        );
        assert_eq!(sentences[1][1], (".".to_string(), "O".to_string()));
    }

    #[test]
    fn bad_lines_name_file_and_line() {
        let error = parse("Portavel\tB-LOC\n\nharbour\n", Path::new("bad.conll")).unwrap_err();
        let message = error.to_string();
        assert!(message.starts_with("bad.conll:3: "), "{message}");
        let error = parse("Portavel\tB-PLACE\n", Path::new("bad.conll")).unwrap_err();
        assert!(
            error.to_string().contains("bad.conll:1: not a tag"),
            "{error}"
        );
    }

    #[test]
    fn writes_what_it_reads() {
        let text = "The\tO\nHarbour\tB-ORG\nAuthority\tI-ORG\n\nYes\tO\n\n";
        let sentences = parse(text, Path::new("x")).unwrap();
        let mut out = Vec::new();
        write(&mut out, &sentences).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), text);
    }

    proptest! {
        #[test]
        fn parse_never_panics(text in "\\PC{0,200}") {
            let _ = parse(&text, Path::new("p"));
        }

        #[test]
        fn parse_reads_back_written_sentences(
            words in proptest::collection::vec(("[A-Za-z.,]{1,8}", 0usize..9), 1..20)
        ) {
            let sentence: Sentence = words
                .iter()
                .map(|(w, t)| (w.clone(), Tag::from_index(*t).to_string()))
                .collect();
            let mut out = Vec::new();
            write(&mut out, std::slice::from_ref(&sentence)).unwrap();
            let back = parse(&String::from_utf8(out).unwrap(), Path::new("p")).unwrap();
            prop_assert_eq!(back, vec![sentence]);
        }
    }
}
