//! What `tidings ingest` and `tidings watch` share about their inputs: the
//! kinds of argument both take (a URL, a file listing URLs, an OPML file)
//! and the options of polite fetching.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context, Result};
use tidings_fetch::{FetchConfig, Fetcher};
use tidings_ingest::list::{self, NotAList};

/// Options of polite fetching (`tidings ingest URL`, `tidings watch`).
#[derive(Debug, Clone, clap::Args)]
pub struct FetchArgs {
    /// Who to contact about this crawler (an email or a URL): sent in the
    /// User-Agent, as sites ask.
    #[arg(long, value_name = "CONTACT", env = "TIDINGS_CONTACT")]
    pub contact: Option<String>,
    /// Least seconds between two requests to one host (a site's robots.txt
    /// Crawl-delay wins when longer).
    #[arg(long, value_name = "SECONDS", default_value_t = 2.0)]
    pub delay: f64,
    /// Seconds to wait for a server to connect or send before giving up
    /// on a request (then retried as --retries says).
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    pub timeout: f64,
    /// Retries of a request that failed to connect or was answered 429 or
    /// 5xx, with backoff (Retry-After honoured up to 2 minutes).
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub retries: u32,
}

impl FetchArgs {
    /// The fetcher these options describe; a value out of range is an
    /// error naming the option.
    pub fn fetcher(&self) -> Result<Fetcher> {
        if !(self.delay.is_finite() && self.delay >= 0.0 && self.delay <= 3600.0) {
            bail!("--delay {}: give seconds between 0 and 3600", self.delay);
        }
        if !(self.timeout.is_finite() && self.timeout >= 0.1 && self.timeout <= 3600.0) {
            bail!(
                "--timeout {}: give seconds between 0.1 and 3600",
                self.timeout
            );
        }
        if self.retries > 10 {
            bail!("--retries {}: at most 10", self.retries);
        }
        Ok(Fetcher::new(FetchConfig {
            contact: self.contact.clone(),
            delay: Duration::from_secs_f64(self.delay),
            timeout: Duration::from_secs_f64(self.timeout),
            retries: self.retries,
            ..FetchConfig::default()
        }))
    }
}

/// Largest list file read (a list of a million URLs is smaller).
const MAX_LIST_BYTES: u64 = 64 * 1024 * 1024;

/// The URLs one FEEDS argument of `tidings watch` names: itself when it is
/// an http(s) URL, else the file's (an OPML file, or one URL per line).
pub fn urls_of(spec: &str) -> Result<Vec<String>> {
    if list::is_url(spec) {
        return Ok(vec![spec.to_string()]);
    }
    let bytes = read_limited(Path::new(spec))
        .with_context(|| format!("cannot read the feed list {spec}: give a file or a URL"))?;
    match list::read_list(&bytes) {
        Ok(found) => {
            if let Some(why) = &found.broken {
                eprintln!(
                    "tidings: warning: {spec}: the OPML breaks at {why}; the {} feeds before the break are followed",
                    found.urls.len()
                );
            }
            Ok(found.urls)
        }
        Err(why) => bail!("{spec} {why}"),
    }
}

/// The inputs of `tidings ingest`, in the order given: files and folders
/// to read, and URLs to fetch (each named as an argument, or by a list
/// file named as an argument).
#[derive(Debug, Default)]
pub struct Inputs {
    /// Files and folders.
    pub paths: Vec<PathBuf>,
    /// URLs, each once.
    pub urls: Vec<String>,
    /// Lists that broke halfway or name nothing.
    pub problems: Vec<Problem>,
}

/// A list file that broke halfway (a warning) or names nothing (a failure).
#[derive(Debug)]
pub struct Problem {
    /// The file.
    pub file: String,
    /// What is wrong with it.
    pub why: String,
    /// Nothing could be taken from it.
    pub failed: bool,
}

/// Sorts `tidings ingest` arguments into paths and URLs: an http(s) URL is
/// fetched; a file named on the command line that is an OPML file or a
/// list of URLs gives its URLs; anything else is a path to read (files
/// inside folders are never taken as lists).
pub fn split(arguments: &[PathBuf]) -> Inputs {
    let mut inputs = Inputs::default();
    let add = |inputs: &mut Inputs, url: String| {
        if !inputs.urls.contains(&url) {
            inputs.urls.push(url);
        }
    };
    for argument in arguments {
        if let Some(text) = argument.to_str().filter(|text| list::is_url(text)) {
            add(&mut inputs, text.to_string());
            continue;
        }
        if !argument.is_file() {
            inputs.paths.push(argument.clone());
            continue;
        }
        if !may_be_list(argument) {
            inputs.paths.push(argument.clone());
            continue;
        }
        let Ok(bytes) = read_limited(argument) else {
            // Read again, and its error reported, as a path.
            inputs.paths.push(argument.clone());
            continue;
        };
        let name = argument.display().to_string();
        match list::read_list(&bytes) {
            Ok(found) => {
                if let Some(why) = found.broken {
                    inputs.problems.push(Problem {
                        file: name,
                        why: format!(
                            "the OPML breaks at {why}; the {} feeds before the break are fetched",
                            found.urls.len()
                        ),
                        failed: false,
                    });
                }
                for url in found.urls {
                    add(&mut inputs, url);
                }
            }
            Err(NotAList::Empty) if list::is_opml(&bytes) => {
                inputs.problems.push(Problem {
                    file: name,
                    why: NotAList::Empty.to_string(),
                    failed: true,
                });
            }
            Err(_) => inputs.paths.push(argument.clone()),
        }
    }
    inputs
}

/// Whether a file's first 8 KiB could start a list (an OPML root, or a
/// URL on the first line that is not blank or a comment), so that a large
/// archive named as an argument is not read whole to be told apart.
fn may_be_list(path: &Path) -> bool {
    let mut head = Vec::new();
    let read = std::fs::File::open(path).and_then(|file| file.take(8192).read_to_end(&mut head));
    if read.is_err() {
        return false;
    }
    if list::is_opml(&head) {
        return true;
    }
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&head);
    String::from_utf8_lossy(head)
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#'))
        .is_some_and(|line| list::is_url(line.split_whitespace().next().unwrap_or("")))
}

/// A file's bytes, up to [`MAX_LIST_BYTES`].
fn read_limited(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_LIST_BYTES)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_urls_lists_or_paths() {
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("feeds.txt");
        std::fs::write(
            &list,
            "# harbour news\nhttps://a.example/rss\n\nhttps://b.example/atom # Portavel\n",
        )
        .unwrap();
        let opml = dir.path().join("feeds.opml");
        std::fs::write(&opml, r#"<opml version="2.0"><body><outline text="A" xmlUrl="https://a.example/rss?x=1&amp;y=2"/><outline text="B"><outline xmlUrl='https://c.example/atom'/></outline></body></opml>"#).unwrap();
        let empty_opml = dir.path().join("none.opml");
        std::fs::write(&empty_opml, "<opml><body/></opml>").unwrap();
        let story = dir.path().join("story.txt");
        std::fs::write(
            &story,
            "https://a.example/rss\nThe quay reopened on Monday.\n",
        )
        .unwrap();
        let folder = dir.path().join("corpus");
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(folder.join("links.txt"), "https://d.example/rss\n").unwrap();

        let inputs = split(&[
            PathBuf::from("https://b.example/atom"),
            list.clone(),
            opml.clone(),
            story.clone(),
            folder.clone(),
            empty_opml.clone(),
            PathBuf::from("missing.txt"),
        ]);
        assert_eq!(
            inputs.urls,
            [
                "https://b.example/atom",
                "https://a.example/rss",
                "https://a.example/rss?x=1&y=2",
                "https://c.example/atom"
            ]
        );
        // A story that starts with a link is a story; a folder is walked
        // later (its lists are not followed); a missing path is reported
        // when read.
        assert_eq!(
            inputs.paths,
            [story.clone(), folder, PathBuf::from("missing.txt")]
        );
        assert_eq!(inputs.problems.len(), 1);
        assert!(inputs.problems[0].why.contains("names no feed"));

        assert_eq!(
            urls_of(list.to_str().unwrap()).unwrap(),
            ["https://a.example/rss", "https://b.example/atom"]
        );
        assert_eq!(
            urls_of(opml.to_str().unwrap()).unwrap(),
            ["https://a.example/rss?x=1&y=2", "https://c.example/atom"]
        );
        assert_eq!(
            urls_of("https://courier.example/rss").unwrap(),
            ["https://courier.example/rss"]
        );
        let error = urls_of(story.to_str().unwrap()).unwrap_err().to_string();
        assert!(error.contains("line 2 is not an http(s) URL"), "{error}");
        assert!(urls_of(empty_opml.to_str().unwrap())
            .unwrap_err()
            .to_string()
            .contains("names no feed"));
    }
}
