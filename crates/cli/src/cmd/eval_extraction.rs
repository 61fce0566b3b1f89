//! `tidings eval extraction`: main-content extraction on labelled pages,
//! with the same figures as `shared/tools/score_extraction.py` (mean token
//! precision, recall and F1), title accuracy and pages per second.

/// Token counts of the scorer: a fast hash (the keys are words of the
/// pages being scored, not input an attacker picks per request).
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use serde::Deserialize;
use serde_json::json;
use tidings_clean::CleanConfig;
use tidings_ingest::IngestConfig;
use tidings_model::Origin;

use super::eval::half_of;

/// Arguments of `tidings eval extraction`.
#[derive(Debug, clap::Args)]
pub struct ExtractionArgs {
    /// A folder with `truth.jsonl` (`{id, url, title, text}` per page) and
    /// `html/<id>.html` (e.g. shared/eval/extraction/scrapinghub).
    #[arg(long, value_name = "DIR")]
    pub data: PathBuf,
    /// Write each page's extracted text to `PRED_DIR/<id>.txt` (created if
    /// missing), for `score_extraction.py TRUTH PRED_DIR`.
    #[arg(long, value_name = "PRED_DIR")]
    pub out: Option<PathBuf>,
    /// Score one half of the pages only (`a` to read errors and tune on,
    /// `b` to check on); a page falls in a half by a hash of its id.
    /// Without it, both halves are scored besides the whole.
    #[arg(long, value_name = "a|b", value_parser = ["a", "b"])]
    pub half: Option<String>,
    /// Also write `id, half, precision, recall, f1` per page to this TSV file.
    #[arg(long, value_name = "FILE.tsv")]
    pub per_page: Option<PathBuf>,
    /// Print one JSON object: the scores, the halves and the speed.
    #[arg(long)]
    pub json: bool,
}

/// One line of `truth.jsonl`.
#[derive(Debug, Deserialize)]
struct Truth {
    id: String,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    text: Option<String>,
}

/// One scored page.
#[derive(Debug, Clone)]
struct Scored {
    id: String,
    half: char,
    precision: f64,
    recall: f64,
    f1: f64,
    /// Whether the title was right, when the truth has one.
    title: Option<bool>,
}

/// Lower-cased word tokens as the scorer's `\w+` (Unicode letters, numbers
/// and `_`) finds them in `lower` (a lower-cased text), counted.
fn token_counts(lower: &str) -> HashMap<&str, u32> {
    let mut counts: HashMap<&str, u32> = HashMap::default();
    for token in lower
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
    {
        *counts.entry(token).or_insert(0) += 1;
    }
    counts
}

/// `text` lower-cased as Python's `str.lower` does (ASCII text, the usual
/// case, without the Unicode tables).
fn lower(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    if text.contains('Σ') {
        // A capital sigma lowers by its context (final or not), as in
        // Python: the library's whole-text rule.
        return text.to_lowercase();
    }
    // Runs of ASCII in bulk, each other character by its own mapping
    // (the same as the whole-text rule without a capital sigma).
    let mut out = String::with_capacity(text.len());
    for piece in text.split_inclusive(|c: char| !c.is_ascii()) {
        let (ascii, last) = match piece.chars().next_back() {
            Some(c) if !c.is_ascii() => (&piece[..piece.len() - c.len_utf8()], Some(c)),
            _ => (piece, None),
        };
        let start = out.len();
        out.push_str(ascii);
        out[start..].make_ascii_lowercase();
        if let Some(c) = last {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Token precision, recall and F1 of a prediction against the truth, with
/// the scorer's conventions for empty texts.
fn prf(predicted: &str, truth: &str) -> (f64, f64, f64) {
    let (predicted, truth) = (lower(predicted), lower(truth));
    let p = token_counts(&predicted);
    let t = token_counts(&truth);
    let np: u32 = p.values().sum();
    let nt: u32 = t.values().sum();
    if np == 0 && nt == 0 {
        return (1.0, 1.0, 1.0);
    }
    if np == 0 || nt == 0 {
        return (0.0, 0.0, 0.0);
    }
    let overlap: u32 = p
        .iter()
        .map(|(token, &n)| n.min(t.get(token).copied().unwrap_or(0)))
        .sum();
    let precision = f64::from(overlap) / f64::from(np);
    let recall = f64::from(overlap) / f64::from(nt);
    let f1 = if overlap == 0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    (precision, recall, f1)
}

/// A title for comparison: lower case, words joined by one space.
fn title_key(title: &str) -> String {
    title
        .split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs `tidings eval extraction`.
pub fn run(args: ExtractionArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let truth_path = args.data.join("truth.jsonl");
    let text = std::fs::read_to_string(&truth_path).with_context(|| {
        format!(
            "cannot read {} (expected DIR/truth.jsonl and DIR/html/<id>.html)",
            truth_path.display()
        )
    })?;
    let mut truths = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let truth: Truth = serde_json::from_str(line).with_context(|| {
            format!(
                "{} line {}: not a truth record",
                truth_path.display(),
                n + 1
            )
        })?;
        if args
            .half
            .as_deref()
            .is_none_or(|half| half.starts_with(half_of(&truth.id)))
        {
            truths.push(truth);
        }
    }
    if truths.is_empty() {
        bail!("{}: no pages to score", truth_path.display());
    }
    if let Some(out) = &args.out {
        std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    }
    let ingest = IngestConfig::default();
    let clean = CleanConfig::default();
    let mut extracting = Duration::ZERO;
    let mut scored = Vec::with_capacity(truths.len());
    for truth in &truths {
        let path = args.data.join("html").join(format!("{}.html", truth.id));
        let (text, title) = extract(&path, truth, &ingest, &clean, &mut extracting)?;
        if let Some(out) = &args.out {
            let file = out.join(format!("{}.txt", truth.id));
            std::fs::write(&file, &text)
                .with_context(|| format!("cannot write {}", file.display()))?;
        }
        let (precision, recall, f1) = prf(&text, truth.text.as_deref().unwrap_or(""));
        let title = truth
            .title
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .map(|gold| title.as_deref().map(title_key) == Some(title_key(gold)));
        scored.push(Scored {
            id: truth.id.clone(),
            half: half_of(&truth.id),
            precision,
            recall,
            f1,
            title,
        });
    }
    if let Some(path) = &args.per_page {
        let mut tsv = String::from("id\thalf\tprecision\trecall\tf1\n");
        for page in &scored {
            tsv.push_str(&format!(
                "{}\t{}\t{:.4}\t{:.4}\t{:.4}\n",
                page.id, page.half, page.precision, page.recall, page.f1
            ));
        }
        std::fs::write(path, tsv).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let whole = summary(&scored);
    let halves: Vec<(char, serde_json::Value)> = if args.half.is_none() {
        ['a', 'b']
            .into_iter()
            .map(|half| {
                let part: Vec<Scored> = scored.iter().filter(|s| s.half == half).cloned().collect();
                (half, summary(&part))
            })
            .collect()
    } else {
        Vec::new()
    };
    let pages_per_second = scored.len() as f64 / extracting.as_secs_f64().max(1e-9);
    let whole_process = scored.len() as f64 / started.elapsed().as_secs_f64().max(1e-9);
    if args.json {
        let mut object = whole.clone();
        object["pages_per_second"] = json!(pages_per_second);
        object["pages_per_second_whole_run"] = json!(whole_process);
        object["halves"] = json!(halves
            .iter()
            .map(|(half, value)| (half.to_string(), value.clone()))
            .collect::<serde_json::Map<_, _>>());
        println!("{object}");
    } else {
        let line = |name: &str, value: &serde_json::Value| {
            println!(
                "{name:<7} ({} pages) precision {:.4} recall {:.4} F1 {:.4}   title accuracy {}   pages under F1 0.5: {}",
                value["pages"],
                value["precision"].as_f64().unwrap_or(0.0),
                value["recall"].as_f64().unwrap_or(0.0),
                value["f1"].as_f64().unwrap_or(0.0),
                value["title_accuracy"]
                    .as_f64()
                    .map_or("-".to_string(), |a| format!("{a:.4} of {}", value["titled"])),
                value["below_half"],
            );
        };
        line(if args.half.is_some() { "half" } else { "all" }, &whole);
        for (half, value) in &halves {
            line(&format!("half {half}"), value);
        }
        println!(
            "{} pages; {pages_per_second:.0} pages/second extracting (decode + clean, one thread), {whole_process:.0} for the whole run",
            scored.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads one page and extracts its text and title, adding the time spent
/// decoding and cleaning to `extracting`.
fn extract(
    path: &Path,
    truth: &Truth,
    ingest: &IngestConfig,
    clean: &CleanConfig,
    extracting: &mut Duration,
) -> Result<(String, Option<String>)> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let origin = Origin {
        path: Some(path.display().to_string()),
        ..Origin::default()
    };
    let start = Instant::now();
    let mut records = tidings_ingest::read_bytes(bytes, origin, ingest);
    let raw = match records.next() {
        Some(Ok(mut raw)) => {
            if raw.hints.url.is_none() {
                raw.hints.url.clone_from(&truth.url);
            }
            raw
        }
        Some(Err(err)) => {
            eprintln!(
                "tidings: {}: {err}; scored as an empty page",
                path.display()
            );
            return Ok((String::new(), None));
        }
        None => return Ok((String::new(), None)),
    };
    let article = tidings_clean::clean(&raw, clean);
    *extracting += start.elapsed();
    Ok((article.text, article.title))
}

/// Mean precision, recall and F1 over pages (macro), title accuracy and
/// how many pages score below F1 0.5.
fn summary(pages: &[Scored]) -> serde_json::Value {
    let n = pages.len().max(1) as f64;
    let mean = |f: fn(&Scored) -> f64| pages.iter().map(f).sum::<f64>() / n;
    let titled: Vec<bool> = pages.iter().filter_map(|p| p.title).collect();
    let title_accuracy = if titled.is_empty() {
        None
    } else {
        Some(titled.iter().filter(|&&t| t).count() as f64 / titled.len() as f64)
    };
    json!({
        "pages": pages.len(),
        "precision": mean(|p| p.precision),
        "recall": mean(|p| p.recall),
        "f1": mean(|p| p.f1),
        "title_accuracy": title_accuracy,
        "titled": titled.len(),
        "below_half": pages.iter().filter(|p| p.f1 < 0.5).count(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowering_matches_the_whole_text_rule() {
        for text in [
            "Velmora HARBOUR",
            "“Quoted” ÉTÉ in Zürich — İstanbul",
            "ΟΔΟΣ ΣΤΟ ΛΙΜΑΝΙ Σ",
            "",
            "naïve Ωmega ǅ 渡船 ẞ",
        ] {
            assert_eq!(lower(text), text.to_lowercase(), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn lowering_any_text_matches_the_whole_text_rule(text in "\\PC{0,60}") {
            proptest::prop_assert_eq!(lower(&text), text.to_lowercase());
        }
    }

    #[test]
    fn tokens_are_lower_cased_word_runs_in_any_script() {
        let lower = "Ferry-service resumed; the FERRY left at 9:30. 渡船 naïve_x".to_lowercase();
        let counts = token_counts(&lower);
        assert_eq!(counts.get("ferry"), Some(&2));
        assert_eq!(counts.get("30"), Some(&1));
        assert_eq!(counts.get("渡船"), Some(&1));
        assert_eq!(counts.get("naïve_x"), Some(&1));
        assert_eq!(counts.get("service"), Some(&1));
    }

    #[test]
    fn overlap_is_a_multiset_intersection() {
        let (p, r, f) = prf(
            "the quay the quay reopened",
            "the quay reopened on Thursday",
        );
        assert!((p - 3.0 / 5.0).abs() < 1e-9);
        assert!((r - 3.0 / 5.0).abs() < 1e-9);
        assert!((f - 0.6).abs() < 1e-9);
        assert_eq!(prf("", ""), (1.0, 1.0, 1.0));
        assert_eq!(prf("", "some truth"), (0.0, 0.0, 0.0));
        assert_eq!(prf("some text", ""), (0.0, 0.0, 0.0));
        assert_eq!(prf("apples", "pears").2, 0.0);
    }
}
