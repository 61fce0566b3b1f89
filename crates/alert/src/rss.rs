//! The RSS 2.0 file of the latest alerts sent (held ones are left out),
//! newest first, rewritten whole after each round of alerts through a
//! temporary file renamed over the old one, so a reader never sees half a
//! feed. Each item's link is the first matching article's URL, its guid
//! the match's key, its description the evidence sentences.

use std::fmt::Write as _;
use std::path::Path;

use crate::error::{Error, Result};
use crate::log::Alert;

/// Items kept in the feed.
pub const MAX_ITEMS: usize = 100;

/// The feed's title and link.
#[derive(Debug, Clone)]
pub struct Channel {
    /// `<title>`.
    pub title: String,
    /// `<link>`: where the store can be seen.
    pub link: String,
}

impl Default for Channel {
    fn default() -> Channel {
        Channel {
            title: "tidings alerts".into(),
            link: "http://127.0.0.1:8080/".into(),
        }
    }
}

/// `text` with XML's five special characters escaped, and characters XML
/// 1.0 does not allow dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The RSS 2.0 document of `alerts` (oldest first, as the log holds them).
pub fn render(channel: &Channel, alerts: &[Alert]) -> String {
    let sent: Vec<&Alert> = alerts
        .iter()
        .rev()
        .filter(|a| !a.held)
        .take(MAX_ITEMS)
        .collect();
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">\n<channel>\n");
    let _ = writeln!(out, "<title>{}</title>", escape(&channel.title));
    let _ = writeln!(out, "<link>{}</link>", escape(&channel.link));
    out.push_str("<description>Alerts fired by tidings watchlist rules</description>\n");
    out.push_str("<generator>tidings</generator>\n");
    if let Some(latest) = sent.first() {
        let _ = writeln!(
            out,
            "<lastBuildDate>{}</lastBuildDate>",
            rfc2822(latest.fired)
        );
    }
    for alert in sent {
        out.push_str("<item>\n");
        let title = match (&alert.title, alert.story) {
            (Some(title), _) => format!("{}: {title}", alert.rule),
            (None, Some(story)) => format!("{}: story {story}", alert.rule),
            (None, None) => alert.rule.clone(),
        };
        let _ = writeln!(out, "<title>{}</title>", escape(&title));
        if let Some(url) = alert.evidence.iter().find_map(|e| e.url.as_deref()) {
            let _ = writeln!(out, "<link>{}</link>", escape(url));
        }
        let mut description = format!(
            "{} source(s), {} article(s){}.",
            alert.sources,
            alert.articles.len(),
            alert
                .story
                .map(|s| format!(", story {s}"))
                .unwrap_or_default()
        );
        for evidence in &alert.evidence {
            let _ = write!(
                description,
                "\n{} [{}..{} of {}]: {}",
                evidence.matched, evidence.start, evidence.end, evidence.article, evidence.sentence
            );
        }
        let _ = writeln!(out, "<description>{}</description>", escape(&description));
        let _ = writeln!(out, "<category>{}</category>", escape(&alert.rule));
        let _ = writeln!(
            out,
            "<guid isPermaLink=\"false\">{}</guid>",
            escape(&alert.key)
        );
        let _ = writeln!(out, "<pubDate>{}</pubDate>", rfc2822(alert.fired));
        out.push_str("</item>\n");
    }
    out.push_str("</channel>\n</rss>\n");
    out
}

/// `Mon, 02 Mar 2026 10:00:00 +0000`.
fn rfc2822(at: jiff::Timestamp) -> String {
    at.strftime("%a, %d %b %Y %H:%M:%S +0000").to_string()
}

/// Writes the feed of `alerts` to `path` through a temporary file.
pub fn write(path: &Path, channel: &Channel, alerts: &[Alert]) -> Result<()> {
    let write_error = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let mut temp = path.as_os_str().to_owned();
    temp.push(".tmp");
    let temp = std::path::PathBuf::from(temp);
    std::fs::write(&temp, render(channel, alerts))
        .and_then(|()| std::fs::rename(&temp, path))
        .map_err(write_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::Evidence;

    #[test]
    fn items_are_escaped_newest_first_and_held_alerts_left_out() {
        let alert = |key: &str, fired: &str, held: bool| Alert {
            rule: "ilves".into(),
            key: key.into(),
            fired: fired.parse().unwrap(),
            story: Some(3),
            title: Some("Strike & talks <day two>".into()),
            story_title: None,
            sources: 2,
            articles: vec!["ab".into()],
            evidence: vec![Evidence {
                article: "ab".into(),
                title: None,
                url: Some("https://coastalherald.example/a?x=1&y=2".into()),
                site: None,
                start: 10,
                end: 40,
                sentence: "\"We asked,\" she said.\u{1}".into(),
                matched: "entity marta ilves".into(),
            }],
            held,
            sent: Vec::new(),
            errors: Vec::new(),
        };
        let feed = render(
            &Channel::default(),
            &[
                alert("ilves/story/3", "2026-03-04T10:00:00Z", false),
                alert("ilves/story/4", "2026-03-04T11:00:00Z", true),
                alert("ilves/story/5", "2026-03-05T09:30:00Z", false),
            ],
        );
        assert!(feed.contains("<title>ilves: Strike &amp; talks &lt;day two&gt;</title>"));
        assert!(feed.contains("<link>https://coastalherald.example/a?x=1&amp;y=2</link>"));
        assert!(feed.contains("&quot;We asked,&quot; she said."));
        assert!(!feed.contains('\u{1}'));
        assert!(!feed.contains("ilves/story/4"));
        let five = feed.find("ilves/story/5").unwrap();
        let three = feed.find("ilves/story/3").unwrap();
        assert!(five < three, "newest first");
        assert!(feed.contains("<pubDate>Thu, 05 Mar 2026 09:30:00 +0000</pubDate>"));
    }
}
