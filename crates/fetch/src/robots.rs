//! robots.txt: the groups that name our user agent (else `*`), their
//! `Allow` and `Disallow` rules (the longest matching rule wins, `Allow`
//! on a tie; `*` and a final `$` as wildcards) and `Crawl-delay`.

use std::time::Duration;

/// One `User-agent` group: its agents, (allow, pattern) rules and delay.
type Group = (Vec<String>, Vec<(bool, String)>, Option<Duration>);

/// The rules of one robots.txt that apply to one user agent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Robots {
    /// (allow, path pattern).
    rules: Vec<(bool, String)>,
    /// The site's `Crawl-delay`, if it gives one for us.
    pub crawl_delay: Option<Duration>,
}

impl Robots {
    /// Everything allowed (no robots.txt, or one that could not be read
    /// because it does not exist).
    pub fn allow_all() -> Robots {
        Robots::default()
    }

    /// Nothing allowed (a robots.txt the server refuses to show: 401/403).
    pub fn deny_all() -> Robots {
        Robots {
            rules: vec![(false, "/".to_string())],
            crawl_delay: None,
        }
    }

    /// The rules of `text` for the agent whose product token is `agent`
    /// (compared case-insensitively with each `User-agent` line).
    pub fn parse(text: &str, agent: &str) -> Robots {
        let agent = agent.to_ascii_lowercase();
        // Groups: (agents, rules, delay).
        let mut groups: Vec<Group> = Vec::new();
        let mut in_agents = false;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim();
            match key.as_str() {
                "user-agent" => {
                    if !in_agents {
                        groups.push((Vec::new(), Vec::new(), None));
                    }
                    in_agents = true;
                    if let Some(group) = groups.last_mut() {
                        group.0.push(value.to_ascii_lowercase());
                    }
                }
                "allow" | "disallow" => {
                    in_agents = false;
                    if let Some(group) = groups.last_mut() {
                        // An empty Disallow allows everything: no rule.
                        if !value.is_empty() {
                            group.1.push((key == "allow", value.to_string()));
                        }
                    }
                }
                "crawl-delay" => {
                    in_agents = false;
                    if let Some(group) = groups.last_mut() {
                        group.2 = value
                            .parse::<f64>()
                            .ok()
                            .filter(|s| s.is_finite() && *s >= 0.0)
                            .map(|s| Duration::from_secs_f64(s.min(3600.0)));
                    }
                }
                _ => {}
            }
        }
        let named = groups
            .iter()
            .filter(|(agents, _, _)| {
                agents
                    .iter()
                    .any(|a| a != "*" && agent.contains(a.as_str()))
            })
            .collect::<Vec<_>>();
        let chosen = if named.is_empty() {
            groups
                .iter()
                .filter(|(agents, _, _)| agents.iter().any(|a| a == "*"))
                .collect()
        } else {
            named
        };
        let mut robots = Robots::default();
        for (_, rules, delay) in chosen {
            robots.rules.extend(rules.iter().cloned());
            robots.crawl_delay = robots.crawl_delay.max(*delay);
        }
        robots
    }

    /// Whether `path` (with its query) may be fetched.
    pub fn allows(&self, path: &str) -> bool {
        let mut best: Option<(usize, bool)> = None;
        for (allow, pattern) in &self.rules {
            if matches(pattern, path) {
                let len = pattern.len();
                let better = match best {
                    None => true,
                    Some((best_len, best_allow)) => {
                        len > best_len || (len == best_len && *allow && !best_allow)
                    }
                };
                if better {
                    best = Some((len, *allow));
                }
            }
        }
        best.is_none_or(|(_, allow)| allow)
    }
}

/// Whether a robots.txt path pattern matches `path`: a prefix match, with
/// `*` for any run of characters and a final `$` for the end.
fn matches(pattern: &str, path: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(p) => (p, true),
        None => (pattern, false),
    };
    let parts: Vec<&str> = pattern.split('*').collect();
    let mut at = 0usize;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            if !path.starts_with(part) {
                return false;
            }
            at = part.len();
            continue;
        }
        if i == parts.len() - 1 && anchored {
            return path.len() >= at + part.len() && path.ends_with(part);
        }
        match path[at..].find(part) {
            Some(found) => at += found + part.len(),
            None => return false,
        }
    }
    !anchored || at == path.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROBOTS: &str = "# Velmora Courier\nUser-agent: *\nDisallow: /private/\nAllow: /private/open\nDisallow: /*.pdf$\n\nUser-agent: badbot\nDisallow: /\n\nUser-agent: tidings\nUser-agent: other\nDisallow: /drafts\nCrawl-delay: 2\n";

    #[test]
    fn the_named_group_wins_over_the_star_and_the_longest_rule_decides() {
        let ours = Robots::parse(ROBOTS, "tidings/0.1 (+mailto:desk@velmora.example)");
        assert!(!ours.allows("/drafts/quay"));
        assert!(
            ours.allows("/private/x"),
            "the * group does not apply to us"
        );
        assert_eq!(ours.crawl_delay, Some(Duration::from_secs(2)));

        let anyone = Robots::parse(ROBOTS, "somecrawler");
        assert!(!anyone.allows("/private/notes"));
        assert!(anyone.allows("/private/open/day"), "longer allow wins");
        assert!(!anyone.allows("/files/report.pdf"));
        assert!(
            anyone.allows("/files/report.pdf?page=2"),
            "$ anchors the end"
        );
        assert!(anyone.allows("/news/quay"));
        assert_eq!(anyone.crawl_delay, None);
    }

    #[test]
    fn empty_and_odd_files_allow_everything() {
        assert!(Robots::parse("", "tidings").allows("/anything"));
        assert!(Robots::parse("User-agent: *\nDisallow:\n", "tidings").allows("/a"));
        assert!(Robots::parse("garbage\n::\nDisallow /x", "tidings").allows("/x"));
        assert!(!Robots::deny_all().allows("/"));
    }

    /// Whether `pattern` matches `path` by the definition, tried every way:
    /// a prefix match where `*` stands for any run and a final `$` for the
    /// end (exponential, for short strings only).
    fn reference(pattern: &str, path: &str) -> bool {
        fn go(p: &[u8], s: &[u8], anchored: bool) -> bool {
            match p.split_first() {
                None => !anchored || s.is_empty(),
                Some((b'*', rest)) => (0..=s.len()).any(|skip| go(rest, &s[skip..], anchored)),
                Some((&c, rest)) => s.first() == Some(&c) && go(rest, &s[1..], anchored),
            }
        }
        let (p, anchored) = match pattern.strip_suffix('$') {
            Some(p) => (p, true),
            None => (pattern, false),
        };
        go(p.as_bytes(), path.as_bytes(), anchored)
    }

    proptest::proptest! {
        /// Whatever the bytes, a robots.txt parses and answers.
        #[test]
        fn any_text_parses_and_answers(text in "\\PC{0,300}", path in "\\PC{0,40}", agent in "\\PC{0,20}") {
            let robots = Robots::parse(&text, &agent);
            let _ = robots.allows(&path);
            if let Some(delay) = robots.crawl_delay {
                proptest::prop_assert!(delay <= Duration::from_secs(3600));
            }
        }

        /// The wildcard matcher agrees with the definition.
        #[test]
        fn wildcards_match_as_defined(pattern in "[ab/*]{0,8}\\$?", path in "[ab/]{0,10}") {
            proptest::prop_assert_eq!(matches(&pattern, &path), reference(&pattern, &path));
        }

        /// One Disallow blocks exactly the paths it prefixes; a longer Allow
        /// inside it opens exactly its own part again; lines that are no
        /// rule, anywhere between, change nothing.
        #[test]
        fn the_longest_rule_decides_and_junk_is_ignored(
            closed in "/[a-z]{1,6}",
            open in "/[a-z]{1,6}",
            tail in "[a-z/]{0,8}",
            junk in proptest::collection::vec("[a-z ]{0,12}", 0..4),
        ) {
            let open = format!("{closed}{open}");
            let noise = junk.join("\n");
            let text = format!("{noise}\nUser-agent: *\n{noise}\nDisallow: {closed}\n{noise}\nAllow: {open}\n");
            let robots = Robots::parse(&text, "tidings/0.1");
            let path = format!("{closed}{tail}");
            proptest::prop_assert_eq!(robots.allows(&path), path.starts_with(&open));
            let elsewhere = format!("/other{tail}");
            let free = robots.allows(&elsewhere) || elsewhere.starts_with(&closed);
            proptest::prop_assert!(free);
        }
    }
}
