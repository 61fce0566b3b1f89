//! `tidings`: turn raw news (text, HTML, JSONL, WARC) into clean, stored,
//! searchable articles. This binary only parses the command line and prints:
//! the stages are strung together, and the store is asked, through
//! `tidings_engine`; it owns progress bars, messages and exit codes, and
//! nothing else.

mod args;
mod cmd;
mod generated;
mod output;
mod sources;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc: cleaning and annotating make many small, short-lived strings,
/// and the system allocator spent a tenth of the extraction's instructions
/// freeing them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Turn raw news into knowledge you can query, offline.
///
/// tidings reads plain text, HTML pages, JSONL and WARC(.gz) files, strips page
/// debris (menus, cookie notices in any language, share buttons) while keeping a
/// record of everything it removed and why, finds the people, organisations and
/// places involved, the events between them (coded in PLOVER and CAMEO), what
/// they said and the figures reported, and stores it all with a full-text index
/// in one data directory. Every fact points back to its sentence.
#[derive(Debug, Parser)]
#[command(name = "tidings", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Ingest files, folders (recursively) and URLs into the store.
    ///
    /// Formats are sniffed from the content: plain text, HTML, JSONL (one
    /// article per line: url, title, text or html, date), WARC / WARC.gz and
    /// feeds. An http(s) URL, or an OPML file or a file of URLs named as an
    /// argument, is fetched politely (robots.txt, a delay per host, retries,
    /// limits) as `tidings watch` fetches it: a feed's entries and a
    /// sitemap's pages are fetched and stored, any other page is one
    /// document; every page fetched is archived in DIR/fetched/.
    /// Any text encoding is detected and stored as UTF-8. Re-ingesting the same
    /// bytes adds nothing. One bad file never stops the batch: each failure is
    /// printed as `tidings: FILE[#RECORD]: REASON`, logged to DIR/failures.jsonl,
    /// and the exit code is 1 if anything failed. Records passed over on
    /// purpose (a WARC response that is not HTML or not 2xx) are counted as
    /// skipped, and the summary says which and why.
    Ingest(cmd::ingest::Args),
    /// Run the pipeline on one file without storing it and print what it finds.
    ///
    /// Without --json, prints the article, what was removed from it, its
    /// entities and dates, and its events, quotes and figures, one line each
    /// with the evidence sentence shortened.
    ///
    /// With --json, prints one JSON object per document (a JSONL or WARC file
    /// holds several): id, source, title, lede, lang, published, site, url,
    /// authors, text, paragraphs [{start, end, text}], removed [{text, reason,
    /// detail}], sentences [{start, end, text, tokens}], mentions [{start, end,
    /// text, kind, sentence, entity, name}], entities [{name, kind, aliases,
    /// country, roles, mentions}], dates [{start, end, text, date, precision}],
    /// events [{source, target, plover, cameo, root, quad_class, goldstein,
    /// date, span, sentence, trigger, confidence, …}], quotes [{speaker, text,
    /// direct, cue, span, sentence, …}] and figures [{kind, value, qualifier,
    /// counts, unit, source, span, …}]. README.md, section "`analyze --json`
    /// output", describes every field; fields are added, never renamed.
    Analyze(cmd::analyze::Args),
    /// Full-text search (BM25) over titles and text, with snippets.
    ///
    /// Words are matched in any order (all must occur); "quoted phrases" match
    /// as phrases; OR and NOT (upper case) combine terms; a trailing * matches a
    /// prefix.
    Search(cmd::search::Args),
    /// Serve the store as a JSON API under /api/ (127.0.0.1:8080 by default).
    ///
    /// Read-only unless --allow-ingest with --token is given. The routes are
    /// listed at /api/openapi.json; README.md, section "`tidings serve`",
    /// describes them.
    Serve(cmd::serve::Args),
    /// Show one stored article (by id or unique id prefix) and what was removed from it.
    Show(cmd::show::Args),
    /// List the people, organisations, places and other names the store's articles mention.
    Entities(cmd::entities::ListArgs),
    /// One entity: its names, roles and country, its mentions with their
    /// sentences, who it appears with, a timeline by day and its tone by
    /// day.
    Entity(cmd::entities::ShowArgs),
    /// Coded events (PLOVER and CAMEO), merged across articles, with their evidence.
    Events(cmd::facts::EventsArgs),
    /// Stories: the articles about one happening, biggest or newest first.
    Stories(cmd::stories::StoriesArgs),
    /// One story: its articles in time order, copies folded under their original.
    Story(cmd::stories::StoryArgs),
    /// Storylines: stories that continue one another over weeks or months.
    Storylines(cmd::stories::StorylinesArgs),
    /// The stored copies (exact or near duplicates) of one article.
    Duplicates(cmd::stories::DuplicatesArgs),
    /// Place every stored article in stories again, from scratch.
    Recluster(cmd::stories::ReclusterArgs),
    /// Quotes with their speakers.
    Quotes(cmd::facts::QuotesArgs),
    /// Reported figures (killed, arrested, money …) with qualifier and source.
    Figures(cmd::facts::FiguresArgs),
    /// Export articles, entities, events, quotes, figures or stories for
    /// analysis tools: JSON lines, CSV, or GDELT-shaped tables.
    ///
    /// Rows are streamed from the store (memory does not grow with the
    /// archive) to standard output, or to --out PATH through a temporary file
    /// renamed when complete. `--format gdelt-events` writes the GDELT 2.0
    /// event table's 61 columns, `--format gdelt-gkg` GKG 2.1 rows; columns
    /// tidings has no value for are left empty. README.md, section
    /// "`tidings export`", lists every column.
    Export(cmd::export::Args),
    /// Follow feeds: poll them (--every, default 5m), fetch each new entry's
    /// page politely (robots.txt, a delay per host, conditional GET,
    /// retries) and ingest it; what was seen is kept beside the store, so a
    /// stopped watch resumes. Ctrl-C stops between two feeds.
    Watch(cmd::watch::Args),
    /// Watchlist alerts: list what the rules fired (--since, --json), or
    /// `alerts check --rules FILE` to check the rules against every stored
    /// article and fire what has not fired yet.
    ///
    /// A rules file (TOML) names what to watch: an entity by name or alias,
    /// an actor code (RUS*), an event type (ASSAULT, 14*), keywords, a
    /// full-text query, a place, in combination, with a least number of
    /// sources and a quiet period; and where alerts go (a webhook, an RSS
    /// file) besides JSON lines on standard output. Each match (a rule and
    /// a story) fires once. README.md, section "Watchlists and alerts".
    Alerts(cmd::alerts::Args),
    /// Counts: documents, articles, entities, events, quotes, figures, languages, sites.
    Stats(cmd::stats::Args),
    /// Who works on what: the ingest processes sharing a PostgreSQL store
    /// and the input files they claimed (pending, claimed, expired, done).
    ///
    /// Any number of `tidings ingest --db postgres://…` may run at once, on
    /// any machines: each input file is a job one worker claims for a lease
    /// (TIDINGS_LEASE_SECONDS, default 60) and renews after each batch; the
    /// job of a worker that died is taken over when its lease runs out.
    Workers(cmd::work::Args),
    /// Rebuild every article from the stored raw bytes (after an upgrade).
    Reprocess(cmd::reprocess::Args),
    /// List the input formats tidings understands.
    Formats,
    /// Measure throughput: ingest (default), or one stage (--stage nlp|extract).
    Bench(cmd::bench::Args),
    /// Rebuild a model the project ships from its named dataset.
    Train(cmd::train::Args),
    /// Measure a stage on a labelled dataset (same figures as shared/tools scorers).
    Eval(cmd::eval::Args),
    /// Rebuild the tables derived from outside dictionaries (PETRARCH2).
    Dict(cmd::dict::Args),
}

/// The data directory option shared by commands that use the store.
#[derive(Debug, Clone, clap::Args)]
pub struct DbArg {
    /// Data directory of the store (created by `ingest` if missing).
    #[arg(
        long,
        value_name = "DIR",
        env = "TIDINGS_DB",
        default_value = "tidings-data"
    )]
    pub db: PathBuf,
}

impl DbArg {
    /// The store as messages name it: the directory, or a PostgreSQL URL
    /// without its password.
    pub fn name(&self) -> String {
        tidings_store::redacted(&self.db.display().to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Ingest(args) => cmd::ingest::run(args),
        Command::Analyze(args) => cmd::analyze::run(args),
        Command::Search(args) => cmd::search::run(args),
        Command::Show(args) => cmd::show::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Stats(args) => cmd::stats::run(args),
        Command::Workers(args) => cmd::work::run(args),
        Command::Export(args) => cmd::export::run(args),
        Command::Watch(args) => cmd::watch::run(args),
        Command::Alerts(args) => cmd::alerts::run(args),
        Command::Entities(args) => cmd::entities::list(args),
        Command::Entity(args) => cmd::entities::show(args),
        Command::Events(args) => cmd::facts::events(args),
        Command::Stories(args) => cmd::stories::stories(args),
        Command::Story(args) => cmd::stories::story(args),
        Command::Storylines(args) => cmd::stories::storylines(args),
        Command::Duplicates(args) => cmd::stories::duplicates(args),
        Command::Recluster(args) => cmd::stories::recluster(args),
        Command::Quotes(args) => cmd::facts::quotes(args),
        Command::Figures(args) => cmd::facts::figures(args),
        Command::Reprocess(args) => cmd::reprocess::run(args),
        Command::Formats => cmd::formats::run(),
        Command::Bench(args) => cmd::bench::run(args),
        Command::Train(args) => cmd::train::run(args),
        Command::Eval(args) => cmd::eval::run(args),
        Command::Dict(args) => cmd::dict::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("tidings: {}", message(&err));
            ExitCode::from(2)
        }
    }
}

/// A closed pipe (`tidings search x | head`) ends the program quietly.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The error and its causes joined by `: `, leaving out a cause the message
/// already ends with (an error that prints its source: `FILE: No such file`
/// would else end in `: No such file` twice).
fn message(err: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if message.ends_with(&text) {
            continue;
        }
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&text);
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cause_already_said_is_said_once() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "No such file");
        let err = anyhow::Error::new(io).context("nope.conll: No such file");
        assert_eq!(message(&err), "nope.conll: No such file");
        let err = anyhow::anyhow!("disk full").context("cannot write x");
        assert_eq!(message(&err), "cannot write x: disk full");
    }
}
