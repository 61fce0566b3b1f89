//! The two halves of cleaning: [`draft`] parses, segments and measures a
//! document; [`finish`] decides every block with the site memory and builds
//! the [`Article`]. [`clean`] runs both for one document.

use crate::HashSet;

use tidings_model::{Article, DocId, MediaType, Published, RawDoc, Removed, Span};

use crate::block::{normalise, Block};
use crate::boilerplate::{self, Context, Verdict};
use crate::config::CleanConfig;
use crate::memory::SiteMemory;
use crate::metadata::{self, PageMeta};
use crate::{html, text};

/// Cleans one document without any site memory (used by `tidings analyze`).
pub fn clean(raw: &RawDoc, config: &CleanConfig) -> Article {
    finish(draft(raw, config), &SiteMemory::new(), config)
}

/// A document parsed and measured, waiting for the site memory: the first
/// half of cleaning in a batch. It owns everything [`finish`] needs (not the
/// [`RawDoc`]) and can be sent between threads.
#[derive(Debug, Clone)]
pub struct Draft {
    id: DocId,
    media_type: MediaType,
    blocks: Vec<Block>,
    fingerprints: Vec<u64>,
    site_key: Option<String>,
    title: Option<String>,
    title_block: Option<usize>,
    lang: Option<String>,
    published: Option<Published>,
    site: Option<String>,
    url: Option<String>,
    authors: Vec<String>,
}

impl Draft {
    /// The key of the site memory: `hints.site`, else the URL's host (without
    /// `www.`), else the parent directory of `origin.path`.
    pub fn site_key(&self) -> Option<&str> {
        self.site_key.as_deref()
    }

    /// Distinct fingerprints (xxh3 of the normalised text: lowercased,
    /// whitespace collapsed) of the document's blocks, in first-seen order.
    pub fn fingerprints(&self) -> &[u64] {
        &self.fingerprints
    }
}

/// First half of cleaning in a batch: parse and segment into blocks, compute
/// features and the site key.
pub fn draft(raw: &RawDoc, config: &CleanConfig) -> Draft {
    let min_lang_chars = config.lang_chars();
    // The per-document work bound: blocks past `max_text_bytes` of text
    // are removed unanalysed (issue 16: a 10 MB log).
    let limit = config.max_text_bytes;
    let (mut blocks, meta) = match raw.media_type {
        MediaType::Text => {
            let mut seen = 0usize;
            let mut blocks = Vec::new();
            for text in text::segment(&raw.text) {
                let room = limit.saturating_sub(seen);
                if text.len() <= room {
                    blocks.push(Block::new(text, min_lang_chars));
                } else {
                    // One block may be most of the text (a log read as one
                    // wrapped paragraph): keep its start, cut at a line end.
                    let cut = text::cut_point(text, room);
                    if !text[..cut].trim().is_empty() {
                        blocks.push(Block::new(&text[..cut], min_lang_chars));
                    }
                    if !text[cut..].trim().is_empty() {
                        blocks.push(Block::past_limit(&text[cut..], limit));
                    }
                }
                seen = seen.saturating_add(text.len());
            }
            (blocks, PageMeta::default())
        }
        MediaType::Html => {
            let mut page = html::parse(&raw.text, min_lang_chars);
            let mut seen = 0usize;
            for block in &mut page.blocks {
                seen = seen.saturating_add(block.text.len());
                if seen > limit {
                    *block = Block::past_limit(&block.text, limit);
                }
            }
            (page.blocks, page.meta)
        }
    };
    let lang = article_language(&mut blocks, meta.html_lang.as_deref());
    let hints = &raw.hints;
    let hint_title = hints
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let (title_block, title) = match raw.media_type {
        MediaType::Text => {
            let index = text::title_block(&blocks, hint_title, lang.as_deref());
            let title = index
                .and_then(|i| blocks.get(i))
                .map(|block| block.text.clone())
                .or_else(|| hint_title.map(str::to_string));
            (index, title)
        }
        MediaType::Html => html_title(&blocks, &meta, hint_title),
    };
    if let Some(block) = title_block.and_then(|i| blocks.get_mut(i)) {
        block.structural = None;
    }
    let url = meta.url.clone().or_else(|| hints.url.clone());
    let host = hints
        .url
        .as_deref()
        .and_then(metadata::url_host)
        .or_else(|| url.as_deref().and_then(metadata::url_host));
    let site_key = hints
        .site
        .clone()
        .filter(|site| !site.trim().is_empty())
        .or_else(|| host.clone())
        .or_else(|| parent_directory(raw.origin.path.as_deref()));
    // A set beside the list: a long text has tens of thousands of blocks,
    // and a search of the list for each was quadratic (issue 16).
    let mut fingerprints: Vec<u64> = Vec::with_capacity(blocks.len());
    let mut distinct: HashSet<u64> =
        HashSet::with_capacity_and_hasher(blocks.len(), Default::default());
    for block in &blocks {
        if distinct.insert(block.fingerprint) {
            fingerprints.push(block.fingerprint);
        }
    }
    let mut authors = if meta.authors.is_empty() {
        hints.authors.clone()
    } else {
        meta.authors.clone()
    };
    if authors.is_empty() {
        if let Some((index, names)) = metadata::byline(&blocks, title_block) {
            blocks[index].byline = true;
            authors = names;
        }
    }
    Draft {
        id: raw.id.clone(),
        media_type: raw.media_type,
        blocks,
        fingerprints,
        site_key,
        title,
        title_block,
        lang,
        published: meta.published.or(hints.published),
        site: meta
            .site_name
            .clone()
            .or_else(|| hints.site.clone())
            .or(host),
        url,
        authors,
    }
}

/// Second half: decide each block using everything, including the site
/// memory, and build the [`Article`].
pub fn finish(draft: Draft, memory: &SiteMemory, config: &CleanConfig) -> Article {
    let template_counts: Vec<u32> = match draft.site_key.as_deref() {
        Some(site) if memory.knows(site) => draft
            .blocks
            .iter()
            .map(|block| memory.count(site, block.fingerprint))
            .collect(),
        _ => vec![0; draft.blocks.len()],
    };
    let context = Context {
        blocks: &draft.blocks,
        title_block: draft.title_block,
        title: draft.title.as_deref(),
        lang: draft.lang.as_deref(),
        template_counts: &template_counts,
        html: draft.media_type == MediaType::Html,
        config,
    };
    let verdicts = boilerplate::decide(&context);
    let mut text = String::new();
    let mut paragraphs = Vec::new();
    let mut removed = Vec::new();
    for (block, verdict) in draft.blocks.into_iter().zip(verdicts) {
        match verdict {
            Verdict::Title => {}
            Verdict::Keep => {
                if !text.is_empty() {
                    text.push_str("\n\n");
                }
                let start = text.len();
                text.push_str(&block.text);
                paragraphs.push(Span::new(start, text.len()));
            }
            Verdict::Remove(reason, detail) => removed.push(Removed {
                text: block.text,
                reason,
                detail: Some(detail),
            }),
        }
    }
    let lede = paragraphs
        .first()
        .and_then(|span| span.slice(&text))
        .map(str::to_string);
    Article {
        id: draft.id,
        title: draft.title,
        lede,
        lang: draft.lang,
        published: draft.published,
        site: draft.site,
        url: draft.url,
        authors: draft.authors,
        text,
        paragraphs,
        removed,
    }
}

/// The article's language: the language with the most characters among the
/// blocks long enough to judge (structural chrome left out); `<html lang>`
/// breaks a close contest and fills in when the text says nothing.
///
/// Blocks whose function words left their language open are put to
/// whatlang only when their characters could change the outcome.
fn article_language(blocks: &mut [Block], html_lang: Option<&str>) -> Option<String> {
    let mut votes = language_votes(blocks);
    // The open blocks, longest first: the long ones settle it soonest.
    let mut open: Vec<usize> = (0..blocks.len())
        .filter(|&i| blocks[i].structural.is_none() && blocks[i].lang_pending)
        .collect();
    open.sort_by_key(|&i| (std::cmp::Reverse(blocks[i].chars), i));
    let mut pending: usize = open.iter().map(|&i| blocks[i].chars).sum();
    for i in open {
        if language_settled(&votes, pending, html_lang) {
            break;
        }
        let block = &mut blocks[i];
        block.resolve_lang();
        pending -= block.chars;
        if let Some(code) = block.reliable_lang() {
            match votes.iter_mut().find(|(known, _)| *known == code) {
                Some(vote) => vote.1 += block.chars,
                None => votes.push((code, block.chars)),
            }
        }
    }
    // Counted again in document order, which breaks exact ties.
    let votes = language_votes(blocks);
    let best = votes.iter().enumerate().fold(
        None::<(usize, &'static str, usize)>,
        |best, (i, &(code, weight))| match best {
            Some((_, _, top)) if top >= weight => best,
            _ => Some((i, code, weight)),
        },
    );
    if let Some((_, code, weight)) = best {
        if let Some(html_lang) = html_lang {
            let close = votes.iter().any(|&(other, other_weight)| {
                other == html_lang && other_weight * 10 >= weight * 8
            });
            if close {
                return Some(html_lang.to_string());
            }
        }
        return Some(code.to_string());
    }
    let body: Vec<&str> = blocks
        .iter()
        .filter(|block| block.structural.is_none())
        .map(|block| block.text.as_str())
        .collect();
    if body.is_empty() {
        return None;
    }
    crate::language::detect_language(&body.join("\n"))
        .map(str::to_string)
        .or_else(|| html_lang.map(str::to_string))
}

/// Characters per reliable block language, in order of first appearance.
fn language_votes(blocks: &[Block]) -> Vec<(&'static str, usize)> {
    let mut votes: Vec<(&'static str, usize)> = Vec::new();
    for block in blocks.iter().filter(|block| block.structural.is_none()) {
        if let Some(code) = block.reliable_lang() {
            match votes.iter_mut().find(|(known, _)| *known == code) {
                Some(vote) => vote.1 += block.chars,
                None => votes.push((code, block.chars)),
            }
        }
    }
    votes
}

/// True when `pending` more characters, in whatever languages, cannot
/// change what [`article_language`] picks from `votes`: the leader keeps
/// its lead over every other language, and `<html lang>` can come neither
/// close enough to break the tie its way nor within reach when it leads.
fn language_settled(
    votes: &[(&'static str, usize)],
    pending: usize,
    html_lang: Option<&str>,
) -> bool {
    let Some(&(leader, weight)) = votes.iter().max_by_key(|(_, weight)| *weight) else {
        return false;
    };
    let ties = votes.iter().filter(|(_, w)| *w == weight).count();
    let runner_up = votes
        .iter()
        .filter(|(code, _)| *code != leader)
        .map(|(_, w)| *w)
        .max()
        .unwrap_or(0);
    if ties > 1 || runner_up + pending >= weight {
        return false;
    }
    match html_lang {
        Some(html) if html != leader => {
            let html_weight = votes
                .iter()
                .find(|(code, _)| *code == html)
                .map_or(0, |(_, w)| *w);
            (html_weight + pending) * 10 < weight * 8
        }
        _ => true,
    }
}

/// The title of a page and the block that shows it: the heading matching the
/// metadata title; else the first `h1` of the page; else the metadata title
/// or the `<title>` without its site suffix.
fn html_title(
    blocks: &[Block],
    meta: &PageMeta,
    hint: Option<&str>,
) -> (Option<usize>, Option<String>) {
    let wanted = meta
        .meta_title
        .as_deref()
        .or(hint)
        .or(meta.doc_title.as_deref());
    let headings = || {
        blocks
            .iter()
            .enumerate()
            .filter(|(_, block)| block.heading.is_some_and(|level| level <= 3))
    };
    if let Some(wanted) = wanted {
        let wanted_norm = normalise(wanted);
        let matching = headings().find(|(_, block)| {
            let own = normalise(&block.text);
            own == wanted_norm || (block.words >= 3 && wanted_norm.contains(&own))
        });
        let matching = matching.or_else(|| {
            blocks
                .iter()
                .enumerate()
                .find(|(_, block)| normalise(&block.text) == wanted_norm)
        });
        if let Some((i, block)) = matching {
            return (Some(i), Some(block.text.clone()));
        }
    }
    let first_h1 = blocks
        .iter()
        .enumerate()
        .find(|(_, block)| block.heading == Some(1) && block.words >= 2)
        .or_else(|| {
            blocks
                .iter()
                .enumerate()
                .find(|(_, block)| block.heading == Some(1))
        });
    if let Some((i, block)) = first_h1 {
        return (Some(i), Some(block.text.clone()));
    }
    (None, wanted.map(str::to_string))
}

/// The parent directory of a path, if it has one.
fn parent_directory(path: Option<&str>) -> Option<String> {
    let parent = std::path::Path::new(path?).parent()?.to_str()?;
    (!parent.is_empty()).then(|| parent.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(text: &str) -> Block {
        Block::new(text, 40)
    }

    #[test]
    fn a_clear_lead_is_settled_without_whatlang() {
        // 900 English characters against 100 open ones cannot be overturned.
        assert!(language_settled(&[("en", 900)], 100, None));
        // With the open characters as many as the lead, they could.
        assert!(!language_settled(&[("en", 500), ("fr", 100)], 400, None));
        // A tie is never settled.
        assert!(!language_settled(&[("en", 300), ("fr", 300)], 1, None));
        // `<html lang>` that the open blocks could bring within a fifth of
        // the leader could break the tie its way.
        assert!(!language_settled(
            &[("en", 1000), ("de", 700)],
            150,
            Some("de")
        ));
        assert!(language_settled(
            &[("en", 1000), ("de", 100)],
            150,
            Some("de")
        ));
        // Nothing settled at all: whatlang must be asked.
        assert!(!language_settled(&[], 10, None));
    }

    #[test]
    fn open_blocks_are_put_to_whatlang_only_when_they_could_decide() {
        let english = "The harbour council of Velmora met on Monday and voted for the new budget, \
                       which the mayor had proposed in the spring after a long debate.";
        let open = "Velmora Harbour Budget 2026: Mayor Proposes Spring Plan";
        let mut blocks = vec![block(english), block(english), block(open)];
        assert!(
            blocks[2].lang_pending,
            "a headline is not settled by function words"
        );
        assert_eq!(article_language(&mut blocks, None).as_deref(), Some("en"));
        assert!(
            blocks[2].lang_pending,
            "two English paragraphs decide alone"
        );

        // Polish has no function-word list: whatlang must be asked.
        let polish = "Rada miejska w Velmorze zebrała się w poniedziałek wieczorem i przyjęła \
                      nowy budżet portu, który burmistrz zaproponował wiosną po długiej debacie.";
        let mut blocks = vec![block(polish), block(polish)];
        assert!(blocks[0].lang_pending);
        assert_eq!(article_language(&mut blocks, None).as_deref(), Some("pl"));
        assert!(
            blocks.iter().all(|b| !b.lang_pending),
            "with nothing settled, whatlang reads the open blocks"
        );
    }
}
