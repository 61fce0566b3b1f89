//! The rules file: a TOML file with a `[deliver]` table (where alerts go)
//! and one `[[rule]]` table per watchlist rule, read into checked
//! [`Rules`]. Every mistake is an error naming the file, the rule and what
//! is allowed.
//!
//! ```toml
//! [deliver]
//! webhook = "http://127.0.0.1:9000/alerts"   # POST JSON, retried
//! rss = "alerts.xml"                         # relative to the store directory
//!
//! [[rule]]
//! name = "velmora-strike"
//! entity = "Marta Ilves"         # a name or alias of an entity
//! actor = "RUS*"                 # an event actor code; * is a wildcard
//! event = ["ASSAULT", "14*"]     # a PLOVER type or a CAMEO code (prefix with *)
//! keyword = "night-shift pay"    # words in the title or text
//! query = "strike OR walkout"    # a full-text query, as `tidings search` reads it
//! place = "Velmora"              # a place named in the article or an event's place
//! min_sources = 2                # distinct sites in the story matching the rule
//! quiet = "6h"                   # after firing, hold the rule's alerts this long
//! ```
//!
//! A field given a list matches when any of its values does; the fields
//! given must all match, in one article. `actor` and `event` together must
//! match one and the same event.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};

/// Where alerts are sent besides standard output.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deliver {
    /// A URL each alert is POSTed to as JSON (retried on 429, 5xx and
    /// failed connections).
    pub webhook: Option<String>,
    /// An RSS 2.0 file tidings rewrites after each alert; a relative path
    /// is taken from the store directory.
    pub rss: Option<PathBuf>,
    /// The feed's title (default `tidings alerts`).
    pub rss_title: Option<String>,
    /// The feed's link, where a reader can see the store (default the
    /// address `tidings serve` listens on).
    pub rss_link: Option<String>,
}

/// One value or a list of values.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(one) => vec![one],
            OneOrMany::Many(many) => many,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    name: String,
    entity: Option<OneOrMany>,
    actor: Option<OneOrMany>,
    event: Option<OneOrMany>,
    keyword: Option<OneOrMany>,
    query: Option<String>,
    place: Option<OneOrMany>,
    min_sources: Option<i64>,
    quiet: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    #[serde(default)]
    deliver: Deliver,
    #[serde(default)]
    rule: Vec<RuleSpec>,
}

/// What an event condition asks of an event's type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventPattern {
    /// A CAMEO code pattern (`14*`, `0211`), digits with `*` wildcards.
    Cameo(String),
    /// A PLOVER type pattern (`ASSAULT`, `PROTEST`), upper case, `*` allowed.
    Plover(String),
}

impl EventPattern {
    /// True if `event`'s CAMEO code or PLOVER type fits.
    pub fn fits(&self, cameo: &str, plover: &str) -> bool {
        match self {
            EventPattern::Cameo(pattern) => glob(pattern, cameo),
            EventPattern::Plover(pattern) => glob(pattern, &plover.to_ascii_uppercase()),
        }
    }
}

/// One checked rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// Its name, unique in the file (letters, digits, `-`, `_`, `.`).
    pub name: String,
    /// Entity names or aliases, normalised ([`normalise`]).
    pub entities: Vec<String>,
    /// Actor code patterns, upper case.
    pub actors: Vec<String>,
    /// Event type patterns.
    pub events: Vec<EventPattern>,
    /// Keywords or phrases, normalised.
    pub keywords: Vec<String>,
    /// A full-text query.
    pub query: Option<String>,
    /// Place names, normalised.
    pub places: Vec<String>,
    /// Distinct sources (sites) of the story that must match (at least 1).
    pub min_sources: usize,
    /// After the rule fires, later matches within this time are held.
    pub quiet: Option<jiff::SignedDuration>,
}

/// A rules file, checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rules {
    /// Where alerts go.
    pub deliver: Deliver,
    /// The rules, in file order.
    pub rules: Vec<Rule>,
}

impl Rules {
    /// Reads and checks the rules file at `path`.
    pub fn load(path: &Path) -> Result<Rules> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Rules::parse(&text).map_err(|why| Error::BadRules {
            path: path.to_path_buf(),
            why,
        })
    }

    /// Checks the rules in `text` (a TOML document); the error says what is
    /// wrong and where.
    pub fn parse(text: &str) -> std::result::Result<Rules, String> {
        let file: RulesFile = toml::from_str(text).map_err(|err| err.to_string())?;
        if let Some(webhook) = &file.deliver.webhook {
            if !(webhook.starts_with("http://") || webhook.starts_with("https://")) {
                return Err(format!(
                    "deliver.webhook {webhook:?}: give an http:// or https:// URL"
                ));
            }
        }
        if file.rule.is_empty() {
            return Err("no rule: add a [[rule]] table with a name and a condition".into());
        }
        let mut names = BTreeSet::new();
        let mut rules = Vec::with_capacity(file.rule.len());
        for spec in file.rule {
            let name = spec.name.clone();
            let rule = check(spec).map_err(|why| format!("rule {name:?}: {why}"))?;
            if !names.insert(rule.name.clone()) {
                return Err(format!(
                    "rule {name:?} is named twice: each rule needs its own name"
                ));
            }
            rules.push(rule);
        }
        Ok(Rules {
            deliver: file.deliver,
            rules,
        })
    }
}

fn check(spec: RuleSpec) -> std::result::Result<Rule, String> {
    let name = spec.name.trim().to_string();
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err("a name is letters, digits, '-', '_' and '.'".into());
    }
    let values =
        |field: Option<OneOrMany>, what: &str| -> std::result::Result<Vec<String>, String> {
            let values = field.map(OneOrMany::into_vec).unwrap_or_default();
            let values: Vec<String> = values.iter().map(|v| v.trim().to_string()).collect();
            if values.iter().any(String::is_empty) {
                return Err(format!("{what} has an empty value"));
            }
            Ok(values)
        };
    let entities: Vec<String> = values(spec.entity, "entity")?
        .iter()
        .map(|v| normalise(v))
        .collect();
    let actors = values(spec.actor, "actor")?
        .into_iter()
        .map(|actor| {
            let actor = actor.to_ascii_uppercase();
            if actor.chars().all(|c| c.is_ascii_alphanumeric() || c == '*') {
                Ok(actor)
            } else {
                Err(format!(
                    "actor {actor:?}: an actor code is letters and digits (RUSGOV), with * as a wildcard (RUS*)"
                ))
            }
        })
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let events = values(spec.event, "event")?
        .into_iter()
        .map(|event| {
            if event.chars().all(|c| c.is_ascii_digit() || c == '*') && event.chars().any(|c| c.is_ascii_digit()) {
                Ok(EventPattern::Cameo(event))
            } else if event.chars().all(|c| c.is_ascii_alphabetic() || c == '_' || c == '*') {
                Ok(EventPattern::Plover(event.to_ascii_uppercase()))
            } else {
                Err(format!(
                    "event {event:?}: give a PLOVER type (ASSAULT, PROTEST) or a CAMEO code, with * as a wildcard (14*)"
                ))
            }
        })
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let keywords: Vec<String> = values(spec.keyword, "keyword")?
        .iter()
        .map(|v| normalise(v))
        .collect();
    let query = spec.query.map(|q| q.trim().to_string());
    if query.as_deref() == Some("") {
        return Err("query is empty".into());
    }
    let places: Vec<String> = values(spec.place, "place")?
        .iter()
        .map(|v| normalise(v))
        .collect();
    if entities.is_empty()
        && actors.is_empty()
        && events.is_empty()
        && keywords.is_empty()
        && query.is_none()
        && places.is_empty()
    {
        return Err(
            "no condition: give at least one of entity, actor, event, keyword, query, place".into(),
        );
    }
    let min_sources = match spec.min_sources {
        None => 1,
        Some(n) if (1..=1000).contains(&n) => n as usize,
        Some(n) => return Err(format!("min_sources {n}: between 1 and 1000")),
    };
    let quiet = spec.quiet.as_deref().map(duration).transpose()?;
    Ok(Rule {
        name,
        entities,
        actors,
        events,
        keywords,
        query,
        places,
        min_sources,
        quiet,
    })
}

/// `30s`, `15m`, `6h`, `2d` (a bare number is seconds).
pub fn duration(text: &str) -> std::result::Result<jiff::SignedDuration, String> {
    let text = text.trim();
    let at = text
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or(text.len());
    let (number, unit) = (text[..at].trim(), &text[at..]);
    let value: u64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a duration: write 30s, 15m, 6h or 2d"))?;
    let seconds = match unit {
        "" | "s" => Some(value),
        "m" => value.checked_mul(60),
        "h" => value.checked_mul(3600),
        "d" => value.checked_mul(86_400),
        _ => return Err(format!("{text:?}: the unit is s, m, h or d")),
    };
    match seconds {
        Some(seconds) if seconds <= 366 * 86_400 => {
            Ok(jiff::SignedDuration::from_secs(seconds as i64))
        }
        _ => Err(format!("{text:?}: at most a year")),
    }
}

/// A name or phrase as compared: lower case, runs of spaces (and other
/// whitespace) one space, trimmed.
pub fn normalise(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// True if `text` fits `pattern`, where `*` stands for any run of
/// characters (none included) and everything else for itself.
pub fn glob(pattern: &str, text: &str) -> bool {
    let pattern = pattern.as_bytes();
    let text = text.as_bytes();
    // Greedy matching with one backtrack point: linear in practice.
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && pattern[p] == b'*' {
            star = Some((p, t));
            p += 1;
        } else if p < pattern.len() && pattern[p] == text[t] {
            p += 1;
            t += 1;
        } else if let Some((sp, st)) = star {
            p = sp + 1;
            t = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&c| c == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob("RUS*", "RUSGOV"));
        assert!(glob("RUS*", "RUS"));
        assert!(!glob("RUS*", "BELRUS"));
        assert!(glob("*GOV", "ISRGOV"));
        assert!(glob("14*", "145"));
        assert!(!glob("14*", "041"));
        assert!(glob("1*3", "1423"));
        assert!(!glob("1*3", "1432"));
        assert!(glob("ASSAULT", "ASSAULT"));
        assert!(!glob("ASSAULT", "ASSAULTS"));
    }

    #[test]
    fn a_rules_file_is_read_and_checked() {
        let rules = Rules::parse(
            r#"
            [deliver]
            webhook = "http://127.0.0.1:9/hook"
            rss = "alerts.xml"

            [[rule]]
            name = "ilves"
            entity = "Marta  Ilves"
            min_sources = 2
            quiet = "6h"

            [[rule]]
            name = "russian-assaults"
            actor = ["rus*"]
            event = ["ASSAULT", "18*"]
            place = "Kerra"
            "#,
        )
        .unwrap();
        assert_eq!(rules.deliver.rss.as_deref(), Some(Path::new("alerts.xml")));
        assert_eq!(rules.rules.len(), 2);
        assert_eq!(rules.rules[0].entities, ["marta ilves"]);
        assert_eq!(rules.rules[0].min_sources, 2);
        assert_eq!(
            rules.rules[0].quiet,
            Some(jiff::SignedDuration::from_hours(6))
        );
        assert_eq!(rules.rules[1].actors, ["RUS*"]);
        assert_eq!(
            rules.rules[1].events,
            [
                EventPattern::Plover("ASSAULT".into()),
                EventPattern::Cameo("18*".into())
            ]
        );
        assert!(rules.rules[1].events[1].fits("181", "ASSAULT"));
        assert!(rules.rules[1].events[0].fits("190", "assault"));
        assert!(!rules.rules[1].events[1].fits("145", "PROTEST"));
        assert_eq!(rules.rules[1].min_sources, 1);
    }

    #[test]
    fn mistakes_are_named() {
        let cases = [
            ("", "no rule"),
            ("[[rule]]\nname = \"a\"\n", "no condition"),
            ("[[rule]]\nname = \"a b\"\nentity = \"X\"\n", "a name is"),
            (
                "[[rule]]\nname = \"a\"\nactor = \"RUS GOV\"\n",
                "actor code",
            ),
            ("[[rule]]\nname = \"a\"\nevent = \"14-5\"\n", "PLOVER type"),
            (
                "[[rule]]\nname = \"a\"\nentity = \"X\"\nquiet = \"soon\"\n",
                "not a duration",
            ),
            (
                "[[rule]]\nname = \"a\"\nentity = \"X\"\nmin_sources = 0\n",
                "between 1 and 1000",
            ),
            (
                "[[rule]]\nname = \"a\"\nentity = \"X\"\nsources = 2\n",
                "unknown field",
            ),
            (
                "[[rule]]\nname = \"a\"\nentity = \"X\"\n[[rule]]\nname = \"a\"\nentity = \"Y\"\n",
                "named twice",
            ),
            (
                "[deliver]\nwebhook = \"ftp://x\"\n[[rule]]\nname = \"a\"\nentity = \"X\"\n",
                "http://",
            ),
            ("[[rule]]\nname = \"a\"\nentity = \"\"\n", "empty value"),
        ];
        for (text, expected) in cases {
            let err = Rules::parse(text).unwrap_err();
            assert!(err.contains(expected), "{text:?}: {err}");
        }
    }

    #[test]
    fn durations() {
        assert_eq!(duration("90").unwrap().as_secs(), 90);
        assert_eq!(duration("15m").unwrap().as_secs(), 900);
        assert_eq!(duration("2d").unwrap().as_secs(), 172_800);
        assert!(duration("2w").is_err());
        assert!(duration("999999d").is_err());
        assert!(duration("-5m").is_err());
    }
}
