//! What a second batch costs the story clusterer against the first: feeds
//! FIRST (a clustering file, `{id, date, title, text}` lines, in date
//! order), then SECOND the same way into the same clusterer, and prints
//! each phase's wall time per article. Run it under
//! `valgrind --tool=callgrind --toggle-collect='*first_batch*'` (or
//! `*second_batch*`) for instructions per phase.
//!
//!     cargo run --release -p tidings-dedup --example batch_cost -- FIRST SECOND
use std::time::Instant;

use tidings_dedup::stories::{StoryClusterer, StoryConfig, StoryInput};

#[path = "common/rows.rs"]
mod rows;

use rows::{read, Row};

fn feed(clusterer: &mut StoryClusterer, rows: &[Row]) {
    for (time, title, text) in rows {
        let input = StoryInput {
            time: *time,
            title,
            text,
            entities: Vec::new(),
        };
        std::hint::black_box(clusterer.add(&input));
    }
}

#[inline(never)]
fn first_batch(clusterer: &mut StoryClusterer, rows: &[Row]) {
    // Distinct bodies, so that the linker does not fold the two into one
    // symbol (callgrind toggles by name).
    std::hint::black_box(1u8);
    feed(clusterer, rows);
}

#[inline(never)]
fn second_batch(clusterer: &mut StoryClusterer, rows: &[Row]) {
    std::hint::black_box(2u8);
    feed(clusterer, rows);
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: batch_cost FIRST SECOND";
    let first = read(&args.next().ok_or(usage)?)?;
    let second = read(&args.next().ok_or(usage)?)?;
    let mut clusterer = StoryClusterer::new(StoryConfig::default());
    let start = Instant::now();
    first_batch(&mut clusterer, &first);
    let one = start.elapsed().as_secs_f64();
    let stories = clusterer.stories();
    let start = Instant::now();
    second_batch(&mut clusterer, &second);
    let two = start.elapsed().as_secs_f64();
    println!(
        "first: {} articles, {:.1} us each, {} stories; second: {} articles, {:.1} us each, {} stories",
        first.len(),
        one * 1e6 / first.len().max(1) as f64,
        stories,
        second.len(),
        two * 1e6 / second.len().max(1) as f64,
        clusterer.stories()
    );
    Ok(())
}
