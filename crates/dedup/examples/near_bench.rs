//! Measures near-duplicate detection on the corpus of `near_corpus`, one
//! thread, and prints one JSON object (see `bench/near_dup/run.sh`).
//!
//! ```text
//! cargo run --release -p tidings-dedup --example near_bench -- --corpus DIR [--threshold 0.8]
//! ```
//!
//! Every document in arrival order is turned into a signature, looked up in
//! the LSH index (candidates verified by estimated Jaccard) and inserted;
//! each (document, earlier document) pair the lookup returns is a found
//! pair. Only that loop is timed (the corpus is read into memory first).
//! Recall and precision count pairs against `DIR/truth.tsv`: a found pair is
//! right when its exact shingle Jaccard is ≥ the threshold. Untimed, the
//! same lookups are scored with the MinHash-only estimate and with no
//! verification at all, for comparison.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::time::Instant;

use tidings_dedup::near::{LshIndex, MinHasher, Signature};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut corpus = PathBuf::from("near_dup");
    let mut threshold = 0.8;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().ok_or(format!("{arg} needs a value"))?;
        match arg.as_str() {
            "--corpus" => corpus = PathBuf::from(value),
            "--threshold" => threshold = value.parse()?,
            _ => {
                return Err(
                    format!("unknown argument {arg}; use --corpus DIR [--threshold T]").into(),
                )
            }
        }
    }
    let docs = read_corpus(&corpus)?;
    let truth = read_truth(&corpus)?;

    let hasher = MinHasher::default();
    let mut index = LshIndex::new(threshold)?;
    let mut found: Vec<(u64, u64)> = Vec::new();
    let started = Instant::now();
    for (id, text) in &docs {
        let signature = hasher.signature(text);
        for (other, _) in index.query(&signature) {
            found.push((other.min(*id), other.max(*id)));
        }
        index.insert(*id, &signature);
    }
    let seconds = started.elapsed().as_secs_f64();

    let started = Instant::now();
    let signatures: Vec<Signature> = docs
        .iter()
        .map(|(_, text)| hasher.signature(text))
        .collect();
    let signature_seconds = started.elapsed().as_secs_f64();

    // Untimed: the same candidates, verified by MinHash agreement or not at all.
    let (mut minhash_only, mut unverified) = (Vec::new(), Vec::new());
    let mut fresh = LshIndex::new(threshold)?;
    for ((id, _), signature) in docs.iter().zip(&signatures) {
        for other in fresh.candidates(signature) {
            let pair = (other.min(*id), other.max(*id));
            unverified.push(pair);
            if let Some(stored) = fresh.signature(other) {
                if signature.minhash_jaccard(stored) >= threshold {
                    minhash_only.push(pair);
                }
            }
        }
        fresh.insert(*id, signature);
    }

    let (bands, rows) = index.bands();
    let main = score(&found, &truth, threshold);
    println!(
        "{{\"tool\":\"tidings\",\"docs\":{},\"threshold\":{threshold},\"bands\":{bands},\"rows\":{rows},\
         \"seconds\":{seconds:.3},\"docs_per_s\":{:.0},\"signature_docs_per_s\":{:.0},{},\
         \"minhash_only\":{{{}}},\"unverified\":{{{}}}}}",
        docs.len(),
        docs.len() as f64 / seconds,
        docs.len() as f64 / signature_seconds,
        main,
        score(&minhash_only, &truth, threshold),
        score(&unverified, &truth, threshold),
    );
    Ok(())
}

/// Recall and precision of `found` at the threshold, and the share of truth
/// pairs found in each band of Jaccard similarity, as JSON fields.
fn score(found: &[(u64, u64)], truth: &HashMap<(u64, u64), f64>, threshold: f64) -> String {
    let positives = truth.values().filter(|j| **j >= threshold).count();
    let mut found = found.to_vec();
    found.sort_unstable();
    found.dedup();
    let right = found
        .iter()
        .filter(|pair| truth.get(pair).is_some_and(|j| *j >= threshold))
        .count();
    let recall = right as f64 / positives.max(1) as f64;
    let precision = if found.is_empty() {
        1.0
    } else {
        right as f64 / found.len() as f64
    };
    let bands = [
        (0.5, 0.6),
        (0.6, 0.7),
        (0.7, 0.75),
        (0.75, 0.8),
        (0.8, 0.85),
        (0.85, 0.9),
        (0.9, 1.0),
        (1.0, 1.1),
    ];
    let by_band: Vec<String> = bands
        .iter()
        .map(|&(low, high)| {
            let pairs: Vec<&(u64, u64)> = truth
                .iter()
                .filter(|(_, j)| **j >= low && **j < high)
                .map(|(p, _)| p)
                .collect();
            let hit = pairs
                .iter()
                .filter(|p| found.binary_search(p).is_ok())
                .count();
            let label = if low == 1.0 {
                "1".to_string()
            } else {
                format!("{low:.2}-{high:.2}")
            };
            format!("\"{label}\":[{hit},{}]", pairs.len())
        })
        .collect();
    format!(
        "\"truth_pairs\":{positives},\"found_pairs\":{},\"right_pairs\":{right},\"recall\":{recall:.4},\
         \"precision\":{precision:.4},\"found_by_jaccard\":{{{}}}",
        found.len(),
        by_band.join(",")
    )
}

fn read_corpus(dir: &std::path::Path) -> Result<Vec<(u64, String)>, Box<dyn std::error::Error>> {
    let file = std::fs::File::open(dir.join("corpus.jsonl"))?;
    let mut docs = Vec::new();
    for line in BufReader::new(file).lines() {
        let value: serde_json::Value = serde_json::from_str(&line?)?;
        let id = value["id"].as_u64().ok_or("a line without a numeric id")?;
        let text = value["text"].as_str().ok_or("a line without text")?;
        docs.push((id, text.to_string()));
    }
    Ok(docs)
}

fn read_truth(
    dir: &std::path::Path,
) -> Result<HashMap<(u64, u64), f64>, Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(dir.join("truth.tsv"))?;
    let mut truth = HashMap::new();
    for line in text.lines() {
        let mut fields = line.split('\t');
        let (Some(a), Some(b), Some(j)) = (fields.next(), fields.next(), fields.next()) else {
            return Err(format!("bad truth line {line:?}").into());
        };
        let (a, b): (u64, u64) = (a.parse()?, b.parse()?);
        truth.insert((a.min(b), a.max(b)), j.parse()?);
    }
    Ok(truth)
}
