//! `tidings train`: rebuild the project's models from named datasets.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use tidings_nlp::ner::{self, conll, TrainConfig, TrainData};

/// Arguments of `tidings train`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

/// The models `tidings train` can rebuild.
#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// Train the named-entity tagger (see crates/nlp/models/README.md).
    Ner(NerArgs),
}

/// Arguments of `tidings train ner`.
#[derive(Debug, clap::Args)]
pub struct NerArgs {
    /// The NER training folder (shared/train/ner): gmb_conllstyle.conll,
    /// wikigold.conll, uner_en_ewt_dev.conll and uner_en_ewt_test.conll, and
    /// uner_en_ewt_train.conll when the folder has it.
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Where to write the model.
    #[arg(
        long,
        value_name = "FILE",
        default_value = "crates/nlp/models/ner-en.bin"
    )]
    pub out: PathBuf,
    /// Seed of shuffles, augmentation and cluster initialisation.
    #[arg(long, value_name = "N", default_value_t = TrainConfig::default().seed)]
    pub seed: u64,
    /// Passes over the training data.
    #[arg(long, value_name = "N", default_value_t = TrainConfig::default().epochs)]
    pub epochs: usize,
    /// Unlabeled sentences, one per line, for word clusters (default:
    /// DIR/../unlabeled/gmb_sentences.txt when it exists).
    #[arg(long, value_name = "FILE")]
    pub unlabeled: Option<PathBuf>,
    /// How many times each gold sentence (wikigold, UNER) is seen per epoch.
    #[arg(long, value_name = "N", default_value_t = TrainConfig::default().gold_repeat)]
    pub gold_repeat: usize,
    /// Synthetic sports results and table rows to add.
    #[arg(long, value_name = "N", default_value_t = TrainConfig::default().sports_lines)]
    pub sports_lines: usize,
    /// Share of sentences with a person also seen with an initial ("I. Varn").
    #[arg(long, value_name = "SHARE", default_value_t = TrainConfig::default().initials_share)]
    pub initials_share: f64,
    /// Share of sentences also seen in capitals.
    #[arg(long, value_name = "SHARE", default_value_t = TrainConfig::default().uppercase_share)]
    pub uppercase_share: f64,
    /// Do not repair silver labels (names split inside a gazetteer phrase,
    /// countries and capitals tagged as organisations or people).
    #[arg(long)]
    pub no_repair: bool,
    /// Also train the second, document-level pass (features from the first
    /// pass's tags of the same words elsewhere in the document; off by
    /// default, see crates/nlp/models/README.md).
    #[arg(long)]
    pub document_pass: bool,
    /// A name the silver set (GMB) tags with one kind in at least this share
    /// of its occurrences (five or more) takes that kind everywhere in it;
    /// 0 turns this repair off.
    #[arg(long, value_name = "SHARE", default_value_t = TrainConfig::default().majority_share)]
    pub majority_share: f64,
    /// Keep the edges of silver names as labelled (no trimming of a leading
    /// lowercase word or of a title tagged into an organisation or place).
    #[arg(long)]
    pub no_edge_repair: bool,
    /// Share of sentences with a dotted title (`Mr.`) also seen without the
    /// full stop, as British news writes it.
    #[arg(long, value_name = "SHARE", default_value_t = TrainConfig::default().british_share)]
    pub british_share: f64,
    /// Share of sentences with a person named by a full name or a title
    /// (`Ilse Varn`, `Mr. Varn`) also seen with the surname alone (`Varn`).
    #[arg(long, value_name = "SHARE", default_value_t = TrainConfig::default().surname_share)]
    pub surname_share: f64,
    /// Leave the lists of well-known organisations, places and people
    /// (crates/nlp/data/known_*.tsv) out of the gazetteer.
    #[arg(long)]
    pub no_known_names: bool,
    /// Share of the tokens inside training names seen as unknown words
    /// (word dropout: only shape, affixes, context and gazetteer speak).
    #[arg(long, value_name = "SHARE", default_value_t = TrainConfig::default().word_dropout)]
    pub word_dropout: f64,
    /// Perceptrons (differently shuffled) whose weights are averaged.
    #[arg(long, value_name = "N", default_value_t = TrainConfig::default().mixtures)]
    pub mixtures: usize,
}

/// Runs `tidings train`.
pub fn run(args: Args) -> Result<ExitCode> {
    match args.what {
        What::Ner(args) => train_ner(args),
    }
}

fn train_ner(args: NerArgs) -> Result<ExitCode> {
    let Some(dir) = args.data else {
        bail!("no training data: pass --data pointing at shared/train/ner");
    };
    if !dir.is_dir() {
        bail!(
            "{}: not a folder: pass --data pointing at shared/train/ner",
            dir.display()
        );
    }
    let unlabeled = match args.unlabeled {
        Some(path) => Some(path),
        None => {
            let default = dir.join("../unlabeled/gmb_sentences.txt");
            default.is_file().then_some(default)
        }
    };
    let config = TrainConfig {
        seed: args.seed,
        epochs: args.epochs,
        gold_repeat: args.gold_repeat,
        sports_lines: args.sports_lines,
        initials_share: args.initials_share,
        uppercase_share: args.uppercase_share,
        repair_labels: !args.no_repair,
        document_pass: args.document_pass,
        mixtures: args.mixtures,
        majority_share: args.majority_share,
        repair_edges: !args.no_edge_repair,
        british_share: args.british_share,
        surname_share: args.surname_share,
        known_names: !args.no_known_names,
        word_dropout: args.word_dropout,
        ..TrainConfig::default()
    };
    let started = Instant::now();
    let data = TrainData::from_dir(&dir, unlabeled.as_deref(), &config)
        .with_context(|| format!("{}: cannot read the training data", dir.display()))?;
    let tagger = ner::train(&config, &data).context("training failed")?;
    let bytes = tagger.to_bytes();
    if let Some(parent) = args.out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("{}: cannot create the folder", parent.display()))?;
    }
    std::fs::write(&args.out, &bytes)
        .with_context(|| format!("{}: cannot write the model", args.out.display()))?;
    let seconds = started.elapsed().as_secs_f64();

    let predicted: Vec<conll::Sentence> = data
        .heldout
        .iter()
        .map(|sentence| {
            let tokens: Vec<&str> = sentence.iter().map(|(w, _)| w.as_str()).collect();
            let tags = tagger.tag(&tokens);
            sentence
                .iter()
                .zip(tags)
                .map(|((w, _), tag)| (w.clone(), tag.to_string()))
                .collect()
        })
        .collect();
    let scores = ner::score(&data.heldout, &predicted, None)?;
    println!(
        "wrote {} ({} bytes, {} features) in {:.1} s",
        args.out.display(),
        bytes.len(),
        tagger.feature_count(),
        seconds
    );
    let sets: Vec<String> = data
        .sets
        .iter()
        .map(|set| format!("{} ({} sentences)", set.name, set.sentences.len()))
        .collect();
    println!("trained on: {}", sets.join(", "));
    println!(
        "held-out ({} GMB sentences, never trained on): F1 {:.4}",
        data.heldout.len(),
        scores.overall.f1
    );
    print!("{scores}");
    Ok(ExitCode::SUCCESS)
}
