//! `tidings eval clustering`: story or storyline clustering on labelled
//! news, with the same figures as `shared/tools/score_clustering.py`, plus
//! speed.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use serde::Deserialize;
use serde_json::json;
use tidings_dedup::near::NearConfig;
use tidings_dedup::place::{PlaceInput, Placer};
use tidings_dedup::score::{score, Scores};
use tidings_dedup::stories::StoryConfig;
use tidings_model::{Article, DocId, EntityKind, Span};
use tidings_nlp::Annotator;

use super::eval::half_of;

/// Arguments of `tidings eval clustering`.
#[derive(Debug, clap::Args)]
pub struct ClusteringArgs {
    /// The gold standard: JSON lines with `id`, `date`, `title`, `text` and
    /// `cluster` (e.g. shared/eval/clustering/uci_news_dev.jsonl).
    #[arg(long, value_name = "FILE.jsonl")]
    pub data: PathBuf,
    /// What a predicted cluster is: a story, or a storyline (a story
    /// without one is a storyline of its own).
    #[arg(long, value_enum, default_value_t = Level::Story)]
    pub level: Level,
    /// Write the predictions here: one `{id, cluster}` per line.
    #[arg(long, value_name = "PRED.jsonl")]
    pub out: Option<PathBuf>,
    /// Cluster only one half of the file: `a` to tune on, `b` to check a
    /// change on. Items fall in a half by a hash of their gold cluster, so
    /// a story is never split between halves. Without this flag the whole
    /// file and each half (clustered on its own) are scored.
    #[arg(long, value_name = "a|b", value_parser = ["a", "b"])]
    pub half: Option<String>,
    /// Do not read names with the language layer (words only).
    #[arg(long)]
    pub no_entities: bool,
    #[command(flatten)]
    pub tuning: Tuning,
    /// Print one JSON object: bcubed and pairwise {precision, recall, f1},
    /// items, clusters, items_per_second, and `halves`.
    #[arg(long)]
    pub json: bool,
}

/// The clusterer's settings; each defaults to `StoryConfig::default()`.
#[derive(Debug, Clone, clap::Args)]
pub struct Tuning {
    /// Least similarity for an article to join a live story.
    #[arg(long, value_name = "S")]
    pub story_threshold: Option<f64>,
    /// Least similarity for a new story to join an earlier story's storyline.
    #[arg(long, value_name = "S")]
    pub storyline_threshold: Option<f64>,
    /// Least cosine between two storylines for them to become one.
    #[arg(long, value_name = "S")]
    pub merge_threshold: Option<f64>,
    /// Least similarity (cosine times time decay) between two live stories
    /// for them to become one (above 1: never).
    #[arg(long, value_name = "S")]
    pub story_merge_threshold: Option<f64>,
    /// Every this many articles, the latest live stories are compared for
    /// merging (0: never).
    #[arg(long, value_name = "N")]
    pub story_merge_every: Option<u64>,
    /// How many times a title word counts.
    #[arg(long, value_name = "X")]
    pub title_boost: Option<f64>,
    /// How many times a name counts.
    #[arg(long, value_name = "X")]
    pub entity_boost: Option<f64>,
    /// Days over which similarity to a story falls by a factor e.
    #[arg(long, value_name = "DAYS")]
    pub decay_days: Option<f64>,
    /// Days around a story within which it is live.
    #[arg(long, value_name = "DAYS")]
    pub window_days: Option<f64>,
    /// Body words read from the start of each article.
    #[arg(long, value_name = "N")]
    pub body_words: Option<usize>,
    /// Every this many articles, the latest small or storyless stories get
    /// a second look (0: never).
    #[arg(long, value_name = "N")]
    pub second_look_every: Option<u64>,
    /// How many times the storyline threshold a second look needs to move
    /// a story into an established storyline.
    #[arg(long, value_name = "X")]
    pub second_look_factor: Option<f64>,
    /// Every this many articles, the latest stories are regrouped into
    /// storylines (0: never).
    #[arg(long, value_name = "N")]
    pub regroup_every: Option<u64>,
    /// Least average similarity for a regrouping to make two groups of
    /// stories one storyline.
    #[arg(long, value_name = "S")]
    pub regroup_threshold: Option<f64>,
    /// The share of the latent cosine in a regrouping's similarity.
    #[arg(long, value_name = "X")]
    pub regroup_mix: Option<f64>,
    /// Latent dimensions per story of a regrouping's window.
    #[arg(long, value_name = "X")]
    pub regroup_dims_per_story: Option<f64>,
    /// How many of a story's strongest terms a regrouping reads (0: all).
    #[arg(long, value_name = "N")]
    pub regroup_terms: Option<usize>,
    /// Pairs of stories a regrouping may compare per article (0: no
    /// limit; beyond it regroupings run less often).
    #[arg(long, value_name = "PAIRS")]
    pub regroup_budget: Option<f64>,
}

impl Tuning {
    /// The default configuration with these settings applied.
    pub fn config(&self) -> StoryConfig {
        let mut config = StoryConfig::default();
        let set = |field: &mut f64, value: Option<f64>| {
            if let Some(value) = value {
                *field = value;
            }
        };
        set(&mut config.story_threshold, self.story_threshold);
        set(&mut config.storyline_threshold, self.storyline_threshold);
        set(&mut config.merge_threshold, self.merge_threshold);
        set(
            &mut config.story_merge_threshold,
            self.story_merge_threshold,
        );
        set(&mut config.title_boost, self.title_boost);
        set(&mut config.entity_boost, self.entity_boost);
        set(&mut config.decay_days, self.decay_days);
        set(&mut config.window_days, self.window_days);
        set(&mut config.second_look_factor, self.second_look_factor);
        set(&mut config.regroup_threshold, self.regroup_threshold);
        set(&mut config.regroup_mix, self.regroup_mix);
        set(&mut config.regroup_budget, self.regroup_budget);
        set(
            &mut config.regroup_dims_per_story,
            self.regroup_dims_per_story,
        );
        if let Some(n) = self.regroup_terms {
            config.regroup_terms = n;
        }
        if let Some(n) = self.story_merge_every {
            config.story_merge_every = n;
        }
        if let Some(n) = self.regroup_every {
            config.regroup_every = n;
        }
        if let Some(n) = self.body_words {
            config.body_words = n;
        }
        if let Some(n) = self.second_look_every {
            config.second_look_every = n;
        }
        config
    }
}

/// What a predicted cluster is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Level {
    Story,
    Storyline,
}

#[derive(Debug, Deserialize)]
struct Item {
    id: String,
    date: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    text: String,
    cluster: String,
}

/// An item ready for the clusterer: its time and the names in it.
struct Prepared {
    id: String,
    time: i64,
    title: String,
    text: String,
    entities: Vec<String>,
    cluster: String,
}

/// Seconds since the epoch of an ISO 8601 date or timestamp.
fn parse_time(date: &str) -> Option<i64> {
    if let Ok(ts) = date.parse::<jiff::Timestamp>() {
        return Some(ts.as_second());
    }
    let day: jiff::civil::Date = date.get(..10)?.parse().ok()?;
    day.to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp().as_second())
}

/// Runs `tidings eval clustering`.
pub fn run(args: ClusteringArgs) -> Result<ExitCode> {
    let raw = std::fs::read_to_string(&args.data).with_context(|| {
        format!(
            "{}: cannot read the gold standard (pass --data pointing at shared/eval/clustering/uci_news_dev.jsonl)",
            args.data.display()
        )
    })?;
    let annotator = if args.no_entities {
        None
    } else {
        Some(Annotator::bundled().context("the bundled language models")?)
    };
    let mut items: Vec<Prepared> = Vec::new();
    for (n, line) in raw.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let item: Item = serde_json::from_str(line)
            .with_context(|| format!("{}#{}: not a gold item", args.data.display(), n + 1))?;
        let Some(time) = parse_time(&item.date) else {
            bail!(
                "{}#{}: date {:?} is not an ISO 8601 date",
                args.data.display(),
                n + 1,
                item.date
            );
        };
        if let Some(only) = &args.half {
            if !only.starts_with(half_of(&item.cluster)) {
                continue;
            }
        }
        let entities = match &annotator {
            Some(annotator) => names(annotator, &item.title, &item.text),
            None => Vec::new(),
        };
        items.push(Prepared {
            id: item.id,
            time,
            title: item.title,
            text: item.text,
            entities,
            cluster: item.cluster,
        });
    }
    let config = args.tuning.config();
    // Publication order; the file's order breaks ties.
    items.sort_by_key(|item| item.time);

    let all: Vec<&Prepared> = items.iter().collect();
    let (predicted, elapsed) = cluster(&all, args.level, &config);
    let gold: Vec<(String, String)> = items
        .iter()
        .map(|item| (item.id.clone(), item.cluster.clone()))
        .collect();
    let scores = score(&gold, &predicted);
    let mut halves = Vec::new();
    if args.half.is_none() {
        for which in ['a', 'b'] {
            let part: Vec<&Prepared> = items
                .iter()
                .filter(|item| half_of(&item.cluster) == which)
                .collect();
            if part.is_empty() {
                continue;
            }
            let (predicted, _) = cluster(&part, args.level, &config);
            let gold: Vec<(String, String)> = part
                .iter()
                .map(|item| (item.id.clone(), item.cluster.clone()))
                .collect();
            halves.push((which, part.len(), score(&gold, &predicted)));
        }
    }
    if let Some(path) = &args.out {
        let file = std::fs::File::create(path)
            .with_context(|| format!("{}: cannot create the predictions file", path.display()))?;
        let mut out = BufWriter::new(file);
        for (id, cluster) in &predicted {
            writeln!(out, "{}", json!({"id": id, "cluster": cluster}))
                .with_context(|| format!("{}: cannot write", path.display()))?;
        }
        out.flush()
            .with_context(|| format!("{}: cannot write", path.display()))?;
    }
    let clusters = {
        let mut names: Vec<&String> = predicted.iter().map(|(_, c)| c).collect();
        names.sort();
        names.dedup();
        names.len()
    };
    let per_second = if elapsed.as_secs_f64() > 0.0 {
        items.len() as f64 / elapsed.as_secs_f64()
    } else {
        0.0
    };
    let prf = |s: &tidings_dedup::score::Prf| json!({"precision": s.precision, "recall": s.recall, "f1": s.f1});
    if args.json {
        let halves: serde_json::Map<String, serde_json::Value> = halves
            .iter()
            .map(|(which, n, s)| {
                (
                    which.to_string(),
                    json!({"items": n, "bcubed": prf(&s.bcubed), "pairwise": prf(&s.pairwise)}),
                )
            })
            .collect();
        let mut out = std::io::stdout().lock();
        writeln!(
            out,
            "{}",
            json!({
                "bcubed": prf(&scores.bcubed),
                "pairwise": prf(&scores.pairwise),
                "items": scores.items,
                "clusters": clusters,
                "items_per_second": per_second.round(),
                "halves": halves,
            })
        )?;
    } else {
        let mut out = std::io::stdout().lock();
        print_scores(&mut out, "all", items.len(), &scores)?;
        for (which, n, s) in &halves {
            print_scores(&mut out, &format!("half {which}"), *n, s)?;
        }
        writeln!(
            out,
            "{} items in {clusters} predicted clusters; {:.0} items/second (clustering only, one thread)",
            items.len(),
            per_second
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print_scores(
    out: &mut impl Write,
    label: &str,
    items: usize,
    s: &Scores,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{label:<7} ({items} items) B-cubed P {:.4} R {:.4} F1 {:.4}   pairwise P {:.4} R {:.4} F1 {:.4}",
        s.bcubed.precision,
        s.bcubed.recall,
        s.bcubed.f1,
        s.pairwise.precision,
        s.pairwise.recall,
        s.pairwise.f1
    )
}

/// Feeds `items` (in order) through the dedup stage as ingest runs it
/// (copies join their original's story); (id, predicted cluster) and the
/// time it took.
fn cluster(
    items: &[&Prepared],
    level: Level,
    config: &StoryConfig,
) -> (Vec<(String, String)>, Duration) {
    // The defaults are valid, so the placer can always be made.
    let Ok(mut placer) = Placer::new(config.clone(), &NearConfig::default()) else {
        return (Vec::new(), Duration::ZERO);
    };
    let started = Instant::now();
    let stories: Vec<u64> = items
        .iter()
        .map(|item| {
            placer
                .place(&PlaceInput {
                    time: Some(item.time),
                    title: &item.title,
                    text: &item.text,
                    entities: item.entities.clone(),
                })
                .story
        })
        .collect();
    let elapsed = started.elapsed();
    // A story's storyline is read at the end: a story can join one after
    // its first articles were placed.
    let predicted = items
        .iter()
        .zip(stories)
        .map(|(item, story)| {
            let story = placer.story_root(story);
            let cluster = match (level, placer.storyline_of(story)) {
                (Level::Storyline, Some(line)) => format!("line-{line}"),
                _ => format!("story-{story}"),
            };
            (item.id.clone(), cluster)
        })
        .collect();
    (predicted, elapsed)
}

/// Canonical names of the people, organisations and places the language
/// layer finds in an item.
fn names(annotator: &Annotator, title: &str, text: &str) -> Vec<String> {
    let body = if text.is_empty() { title } else { text };
    let article = Article {
        id: DocId::of_bytes(body.as_bytes()),
        title: (!title.is_empty()).then(|| title.to_string()),
        lede: None,
        lang: Some("en".into()),
        published: None,
        site: None,
        url: None,
        authors: vec![],
        text: body.to_string(),
        paragraphs: vec![Span::new(0, body.len())],
        removed: vec![],
    };
    let annotations = tidings_nlp::annotate(&article, annotator);
    annotations
        .entities
        .iter()
        .filter(|e| e.kind != EntityKind::Other)
        .map(|e| e.name.clone())
        .collect()
}
