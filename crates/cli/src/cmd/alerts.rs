//! `tidings alerts`: what watchlist rules fired (from `DIR/alerts.jsonl`),
//! and `tidings alerts check --rules FILE`: the rules against every stored
//! article (after an `ingest`), each match fired once. `tidings watch
//! --rules FILE` runs the same check after each poll on the new articles.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use tidings_alert::deliver::Dispatcher;
use tidings_alert::{Alert, AlertLog, Rules};
use tidings_fetch::FetchConfig;
use tidings_store::Store;

use crate::DbArg;

/// Arguments of `tidings alerts`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    pub command: Option<Sub>,
    /// Only alerts fired since: a day (2026-03-04), an instant
    /// (2026-03-04T10:00:00Z) or a time back from now (6h, 2d).
    #[arg(long, value_name = "WHEN", value_parser = since_arg)]
    pub since: Option<jiff::Timestamp>,
    /// One JSON object per line, as the alerts were recorded.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub db: DbArg,
}

/// Subcommands of `tidings alerts`.
#[derive(Debug, clap::Subcommand)]
pub enum Sub {
    /// Check the rules against every stored article and fire the matches
    /// that have not fired yet (JSON lines on standard output, the webhook
    /// and the RSS file the rules file names).
    Check(CheckArgs),
}

/// Arguments of `tidings alerts check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The rules file (TOML; README.md, section "Watchlists and alerts").
    #[arg(long, value_name = "FILE")]
    pub rules: std::path::PathBuf,
    /// Who to contact about this tool, sent in the webhook's User-Agent.
    #[arg(long, value_name = "CONTACT", env = "TIDINGS_CONTACT")]
    pub contact: Option<String>,
    #[command(flatten)]
    pub db: DbArg,
}

/// Runs `tidings alerts`.
pub fn run(args: Args) -> Result<ExitCode> {
    match args.command {
        Some(Sub::Check(check)) => run_check(check),
        None => list(&args),
    }
}

/// `--since`: the instant a day, an instant or a time back from now names.
fn since_arg(text: &str) -> std::result::Result<jiff::Timestamp, String> {
    since(text, jiff::Timestamp::now())
}

/// The instant `text` names, a time back counted from `now`.
fn since(text: &str, now: jiff::Timestamp) -> std::result::Result<jiff::Timestamp, String> {
    tidings_alert::log::since(text, now)
}

fn list(args: &Args) -> Result<ExitCode> {
    let from = args.since;
    let alerts = AlertLog::all(&args.db.db)?;
    let shown: Vec<&Alert> = alerts
        .iter()
        .filter(|alert| from.is_none_or(|from| alert.fired >= from))
        .collect();
    for alert in &shown {
        if args.json {
            println!("{}", alert_json(alert));
        } else {
            println!(
                "{}  {}  {}{}  {} source(s)  {}{}",
                alert.fired.strftime("%Y-%m-%d %H:%M:%S"),
                alert.rule,
                alert
                    .story
                    .map(|s| format!("story {s}: "))
                    .unwrap_or_default(),
                alert.title.as_deref().unwrap_or("(untitled)"),
                alert.sources,
                if alert.held {
                    "held (quiet period)"
                } else {
                    ""
                },
                if alert.errors.is_empty() {
                    String::new()
                } else {
                    format!("  errors: {}", alert.errors.join("; "))
                },
            );
            for evidence in &alert.evidence {
                println!(
                    "    {} {}..{}  {}  {}",
                    &evidence.article[..evidence.article.len().min(12)],
                    evidence.start,
                    evidence.end,
                    evidence.matched,
                    crate::output::shorten(&evidence.sentence, 120)
                );
            }
        }
    }
    if !args.json {
        eprintln!(
            "tidings: {} alert(s){}",
            shown.len(),
            if alerts.is_empty() {
                format!(" in {} (none fired yet)", args.db.db.display())
            } else {
                String::new()
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// An alert as a JSON line: `{"event": "alert", …}`.
pub fn alert_json(alert: &Alert) -> String {
    let mut value = serde_json::to_value(alert).unwrap_or_default();
    if let Some(object) = value.as_object_mut() {
        object.insert("event".into(), "alert".into());
    }
    value.to_string()
}

/// The rules file read, with a message naming it.
pub fn load_rules(path: &Path) -> Result<Rules> {
    Ok(Rules::load(path)?)
}

/// Checks `rules` against the articles `ids` of `store`, sends what fires
/// and prints each alert as a JSON line. Returns how many fired (held ones
/// included) and the messages of what failed sending.
pub fn check(
    store: &dyn Store,
    rules: &Rules,
    dispatcher: &mut Dispatcher,
    ids: &[String],
) -> Result<(usize, Vec<String>)> {
    let alerts = tidings_alert::evaluate::evaluate(
        store,
        rules,
        ids,
        dispatcher.log(),
        jiff::Timestamp::now(),
    )?;
    let recorded = dispatcher.send(alerts, true)?;
    let mut errors = Vec::new();
    for alert in &recorded {
        if !alert.held {
            println!("{}", alert_json(alert));
        }
        errors.extend(
            alert
                .errors
                .iter()
                .map(|e| format!("alert {}: {e}", alert.key)),
        );
    }
    Ok((recorded.len(), errors))
}

/// The fetcher settings for webhooks: the user's contact, a short delay.
pub fn webhook_config(contact: Option<String>) -> FetchConfig {
    FetchConfig {
        contact,
        delay: std::time::Duration::from_millis(100),
        timeout: std::time::Duration::from_secs(20),
        max_retry_wait: std::time::Duration::from_secs(60),
        ..FetchConfig::default()
    }
}

fn run_check(args: CheckArgs) -> Result<ExitCode> {
    let rules = load_rules(&args.rules)?;
    let store = tidings_engine::query::open_read_only(&args.db.db)
        .with_context(|| format!("cannot open the store in {}", args.db.name()))?;
    let mut dispatcher =
        Dispatcher::new(&args.db.db, &rules.deliver, webhook_config(args.contact))?;
    let ids = tidings_alert::evaluate::all_ids(&store)?;
    let (fired, errors) = check(&store, &rules, &mut dispatcher, &ids)?;
    for error in &errors {
        eprintln!("tidings: {error}");
    }
    eprintln!(
        "tidings: {} rule(s) checked against {} article(s): {fired} alert(s) fired",
        rules.rules.len(),
        ids.len()
    );
    Ok(if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_takes_days_instants_and_times_back() {
        let now: jiff::Timestamp = "2026-03-05T12:00:00Z".parse().unwrap();
        assert_eq!(
            since("2026-03-04", now).unwrap(),
            "2026-03-04T00:00:00Z".parse::<jiff::Timestamp>().unwrap()
        );
        assert_eq!(
            since("2026-03-04T10:30:00Z", now).unwrap(),
            "2026-03-04T10:30:00Z".parse::<jiff::Timestamp>().unwrap()
        );
        assert_eq!(
            since("6h", now).unwrap(),
            "2026-03-05T06:00:00Z".parse::<jiff::Timestamp>().unwrap()
        );
        assert!(since("yesterday", now).unwrap_err().contains("give a day"));
    }
}
