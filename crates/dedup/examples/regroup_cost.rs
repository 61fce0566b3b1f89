//! What a regrouping costs as the window of stories fills: feeds a
//! clustering file (`{id, date, title, text}` lines) through the story
//! clusterer in date order, TIMES over (each round shifted past the last
//! in time), and prints, for every article that ran a regrouping, the
//! number of stories then, the time that article's placement took and how
//! many stories the regrouping moved.
//!
//!     cargo run --release -p tidings-dedup --example regroup_cost -- FILE [TIMES]
use std::time::Instant;

#[path = "common/rows.rs"]
mod rows;

use tidings_dedup::stories::{StoryClusterer, StoryConfig, StoryInput};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: regroup_cost FILE [TIMES]")?;
    let times: i64 = args.next().map(|t| t.parse()).transpose()?.unwrap_or(1);
    let rows = rows::read(&path)?;
    let span = rows.last().map_or(0, |r| r.0) - rows.first().map_or(0, |r| r.0) + 86_400;
    let config = StoryConfig::default();
    let every = config.regroup_every;
    let mut clusterer = StoryClusterer::new(config);
    let (mut total, mut regrouping) = (0.0, 0.0);
    let mut count = 0u64;
    for round in 0..times {
        for (time, title, text) in &rows {
            let input = StoryInput {
                time: time + round * span,
                title,
                text,
                entities: Vec::new(),
            };
            let start = Instant::now();
            let placed = clusterer.add(&input);
            let took = start.elapsed().as_secs_f64();
            total += took;
            if count > 0 && count % every == 0 {
                regrouping += took;
                println!(
                    "article {count:>6}  stories {:>6}  {:>8.2} ms  {:>5} stories moved",
                    clusterer.stories(),
                    took * 1e3,
                    placed.relinked.len()
                );
            }
            count += 1;
        }
    }
    println!(
        "{count} articles: {:.3} s in all, {:.3} s in articles that regrouped",
        total, regrouping
    );
    Ok(())
}
