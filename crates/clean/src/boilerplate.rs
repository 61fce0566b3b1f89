//! The block signals (interface words, boilerplate cues, language, position,
//! repetition, site template) and the decision that weighs them together.
//!
//! No single weak cue removes a block: a cue word in the middle of the body
//! needs company (density, a second signal, a bad class name), while at the
//! edges of the document (before the title, after the last strong body
//! paragraph) weaker evidence suffices. The word lists are data tables at the
//! bottom of this file, easy to extend.

use crate::HashSet;
use std::sync::LazyLock;

use regex::Regex;
use tidings_model::Reason;

use crate::block::Block;
use crate::config::CleanConfig;

/// What cleaning decided for one block.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Verdict {
    /// The block is the article's title.
    Title,
    /// A body paragraph.
    Keep,
    /// Dropped, with the reason and the detail.
    Remove(Reason, String),
}

/// Everything the decision reads about a document.
pub(crate) struct Context<'a> {
    /// The document's blocks, in order.
    pub blocks: &'a [Block],
    /// The index of the block that is the title, if a block is.
    pub title_block: Option<usize>,
    /// The title's text (from a block or from metadata).
    pub title: Option<&'a str>,
    /// The article's language.
    pub lang: Option<&'a str>,
    /// For each block, in how many documents of the site it was seen.
    pub template_counts: &'a [u32],
    /// True for HTML (link density and class names mean something).
    pub html: bool,
    /// Thresholds.
    pub config: &'a CleanConfig,
}

/// Decides every block of a document.
pub(crate) fn decide(ctx: &Context<'_>) -> Vec<Verdict> {
    let blocks = ctx.blocks;
    let title_norm = ctx.title.map(crate::block::normalise);
    let topics = topic_groups(ctx);
    // Navigation and other structural removals keep their reason whatever
    // the text says: their evidence is never read, so it is not computed.
    let evidence: Vec<Evidence> = blocks
        .iter()
        .map(|block| match &block.structural {
            Some((reason, _)) if !matches!(reason, Reason::LowScore | Reason::LinkList) => {
                Evidence::default()
            }
            _ => Evidence::of(block, ctx, &topics),
        })
        .collect();

    let strong_body: Vec<bool> = blocks
        .iter()
        .zip(&evidence)
        .enumerate()
        .map(|(i, (block, ev))| {
            block.structural.is_none()
                && Some(i) != ctx.title_block
                && ev.ui.is_none()
                && ev.language.is_none()
                && ev.cue_level <= 1
                && (block.bad_class.is_none() || block.words >= 30)
                && block.link_density <= 0.5
                && block.words >= 8
        })
        .collect();
    let first_strong = strong_body.iter().position(|&strong| strong);
    let last_strong = strong_body.iter().rposition(|&strong| strong);
    let leading_end = ctx.title_block.or(first_strong).unwrap_or(0);

    // A long paragraph of the body that comes back is kept: prose repeats
    // on purpose (a refrain, a template page), while the repeats worth
    // dropping are short (labels, teasers, bylines) or outside the body.
    let same_as_title = |block: &Block| {
        title_norm.as_deref() == Some(crate::block::normalise(&block.text).as_str())
    };
    let mut seen: HashSet<u64> = HashSet::default();
    if let Some(title) = ctx.title {
        seen.insert(crate::block::fingerprint(title));
    }
    let mut verdicts = Vec::with_capacity(blocks.len());
    for (i, (block, ev)) in blocks.iter().zip(&evidence).enumerate() {
        let verdict = if let Some((reason, detail)) = &block.structural {
            let (reason, detail) = sharpen_structural(*reason, detail, block, ev);
            Verdict::Remove(reason, detail)
        } else if Some(i) == ctx.title_block {
            Verdict::Title
        } else if let Some(ui) = &ev.ui {
            Verdict::Remove(Reason::UiWord, format!("interface words: {ui}"))
        } else if seen.contains(&block.fingerprint)
            && !(strong_body[i]
                && block.words >= 30
                && block.ends_like_sentence()
                && !same_as_title(block))
        {
            let detail =
                if title_norm.as_deref() == Some(crate::block::normalise(&block.text).as_str()) {
                    "same as the title".to_string()
                } else {
                    "same as an earlier block".to_string()
                };
            Verdict::Remove(Reason::Repeated, detail)
        } else {
            let leading = i < leading_end;
            let trailing = last_strong.is_none_or(|last| i > last);
            decide_signals(block, ev, ctx, leading, trailing)
        };
        seen.insert(block.fingerprint);
        verdicts.push(verdict);
    }
    apply_template(ctx, &mut verdicts);
    // A page whose content is only short lines (headings, captions of a
    // gallery) keeps them rather than coming out empty: the blocks that
    // only their position or shortness removed come back.
    if !verdicts.iter().any(|v| matches!(v, Verdict::Keep)) {
        for (verdict, block) in verdicts.iter_mut().zip(blocks) {
            let weak = matches!(
                verdict,
                Verdict::Remove(Reason::Trailing | Reason::PageLabel, _)
            );
            if weak && block.structural.is_none() {
                *verdict = Verdict::Keep;
            }
        }
    }
    // A byline's names are the authors: not body, and said so.
    for (verdict, block) in verdicts.iter_mut().zip(blocks) {
        if block.byline && *verdict != Verdict::Title {
            *verdict = Verdict::Remove(
                Reason::Boilerplate,
                "byline, read as the authors".to_string(),
            );
        }
    }
    verdicts
}

/// The signals of one block that do not depend on other blocks' verdicts.
#[derive(Debug, Default)]
struct Evidence {
    /// The interface phrases the whole block consists of.
    ui: Option<String>,
    /// `(block language, is the block long enough to be sure)` when it differs
    /// from the article's.
    language: Option<(&'static str, bool)>,
    /// Boilerplate cue level: 0 none, 1 weak, 2 strong, 3 very strong.
    cue_level: u8,
    /// The cues found.
    cues: Vec<&'static str>,
    /// A page label kind (`date line`, `breadcrumb`, `short label`).
    label: Option<&'static str>,
}

impl Evidence {
    fn of(block: &Block, ctx: &Context<'_>, topics: &[Group]) -> Evidence {
        let tokens = Words::of(&block.text);
        let ui = ui_phrases(&block.text, &tokens);
        // A block leaning to the article's language by its function words
        // is not put to whatlang: only another language is evidence.
        let own = match ctx.lang {
            Some(article) if block.lang_pending && block.lang_leaning == Some(article) => None,
            Some(_) => block.reliable_lang_now(),
            None => None,
        };
        let language = match (own, ctx.lang) {
            (Some(own), Some(article)) if own != article => {
                Some((own, block.chars >= 2 * ctx.config.lang_chars()))
            }
            _ => None,
        };
        let (score, cues) = cue_score(&block.text, &tokens, topics);
        let words = block.words.max(1);
        let cue_level = if (score >= 3 && score * 8 >= words) || (score >= 2 && words <= 8) {
            3
        } else if score >= 2 && score * 15 >= words {
            2
        } else if score >= 1 {
            1
        } else {
            0
        };
        Evidence {
            ui,
            language,
            cue_level,
            cues,
            label: label_kind(block),
        }
    }
}

/// Names a structural removal (outside the main content) by a text signal
/// when one says more: a button is a [`Reason::UiWord`], a cookie notice is
/// [`Reason::Boilerplate`]. Navigation stays navigation.
fn sharpen_structural(
    reason: Reason,
    detail: &str,
    block: &Block,
    ev: &Evidence,
) -> (Reason, String) {
    if matches!(reason, Reason::LowScore | Reason::LinkList) {
        if let Some(ui) = &ev.ui {
            return (Reason::UiWord, format!("interface words: {ui}; {detail}"));
        }
    }
    if reason == Reason::LowScore {
        if ev.cue_level >= 1 {
            return (
                Reason::Boilerplate,
                format!("boilerplate cues: {}; {detail}", ev.cues.join(", ")),
            );
        }
        if let Some(class) = &block.bad_class {
            return (
                Reason::Boilerplate,
                format!("inside an element named {class}; {detail}"),
            );
        }
    }
    (reason, detail.to_string())
}

/// Decides a block no hard signal (structure, title, interface word,
/// repetition) has claimed.
fn decide_signals(
    block: &Block,
    ev: &Evidence,
    ctx: &Context<'_>,
    leading: bool,
    trailing: bool,
) -> Verdict {
    // Each fired signal: (strength, reason, detail).
    let mut fired: Vec<(f32, Reason, String)> = Vec::new();
    let edge = leading || trailing;
    if let Some((own, sure)) = ev.language {
        let article = ctx.lang.unwrap_or("?");
        if edge || sure {
            let strength = if sure { 3.0 } else { 2.0 };
            fired.push((
                strength,
                Reason::Language,
                format!("{own}, article {article}"),
            ));
        }
    }
    let cue_detail = || format!("boilerplate cues: {}", ev.cues.join(", "));
    let cue_fires = if edge {
        ev.cue_level >= 1
    } else {
        ev.cue_level >= 3
            || (ev.cue_level >= 2 && (block.bad_class.is_some() || ev.language.is_some()))
    };
    if cue_fires {
        fired.push((f32::from(ev.cue_level), Reason::Boilerplate, cue_detail()));
    }
    if ctx.html && block.link_density > 0.5 && block.words <= 30 {
        fired.push((
            2.5,
            Reason::LinkList,
            format!("links are {:.0}% of the text", block.link_density * 100.0),
        ));
    }
    if let Some(class) = &block.bad_class {
        if edge || block.words < 30 || ev.cue_level >= 1 {
            fired.push((
                1.5,
                Reason::Boilerplate,
                format!("inside an element named {class}"),
            ));
        }
    }
    if leading && (!ctx.html || block.words <= 12) {
        let kind = ev.label.unwrap_or("before the title");
        fired.push((0.4, Reason::PageLabel, kind.to_string()));
    }
    if trailing && !leading {
        if let Some(kind) = trailing_kind(block) {
            fired.push((0.5, Reason::Trailing, kind.to_string()));
        }
    }
    if fired.is_empty() {
        return Verdict::Keep;
    }
    // The strongest signal names the reason; ties go to the one found first.
    let mut best = 0;
    for (i, signal) in fired.iter().enumerate() {
        if signal.0 > fired[best].0 {
            best = i;
        }
    }
    let (_, reason, mut detail) = fired[best].clone();
    let others: Vec<&str> = fired
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != best)
        .map(|(_, signal)| signal.2.as_str())
        .collect();
    if !others.is_empty() {
        detail.push_str("; also ");
        detail.push_str(&others.join("; "));
    }
    Verdict::Remove(reason, detail)
}

/// Removes site-template blocks: at the leading or trailing edge (a run of
/// removed or template blocks from either end), or short ones anywhere; never
/// every body block of a document.
fn apply_template(ctx: &Context<'_>, verdicts: &mut [Verdict]) {
    let threshold = ctx.config.template_threshold();
    // Template is stronger evidence than position alone: it also claims blocks
    // only the weak trailing or label signals removed.
    let is_template = |i: usize| {
        let open = match &verdicts[i] {
            Verdict::Keep => true,
            Verdict::Remove(reason, _) => matches!(reason, Reason::Trailing | Reason::PageLabel),
            Verdict::Title => false,
        };
        open && ctx.template_counts.get(i).copied().unwrap_or(0) >= threshold
    };
    let template: Vec<bool> = (0..verdicts.len()).map(is_template).collect();
    if !template.iter().any(|&t| t) {
        return;
    }
    let kept = verdicts.iter().filter(|v| **v == Verdict::Keep).count();
    let template_kept = (0..verdicts.len())
        .filter(|&i| template[i] && verdicts[i] == Verdict::Keep)
        .count();
    if template_kept >= kept {
        // Every body block is known to the site: a republished article is the
        // dedup stage's business, not template.
        return;
    }
    let removable_edge =
        |i: usize| template[i] || matches!(verdicts[i], Verdict::Remove(..) | Verdict::Title);
    let leading = (0..verdicts.len())
        .take_while(|&i| removable_edge(i))
        .count();
    let trailing_start = (0..verdicts.len())
        .rev()
        .take_while(|&i| removable_edge(i))
        .last()
        .unwrap_or(verdicts.len());
    let at_edge: Vec<bool> = (0..verdicts.len())
        .map(|i| i < leading || i >= trailing_start)
        .collect();
    for i in 0..verdicts.len() {
        if !template[i] {
            continue;
        }
        let words = ctx.blocks.get(i).map_or(0, |block| block.words);
        if at_edge[i] || words < ctx.config.template_max_words {
            let count = ctx.template_counts.get(i).copied().unwrap_or(0);
            let place = if at_edge[i] {
                "at the edge"
            } else {
                "short block"
            };
            verdicts[i] = Verdict::Remove(
                Reason::Template,
                format!("seen in {count} documents of the site, {place}"),
            );
        }
    }
}

/// Why a block after the body looks like debris (captions, credits, short
/// unpunctuated lines), if it does.
fn trailing_kind(block: &Block) -> Option<&'static str> {
    let lower = block.text.to_lowercase();
    if block.words <= 12
        && CREDIT_PREFIXES
            .iter()
            .any(|prefix| lower.starts_with(prefix))
    {
        return Some("credit line after the body");
    }
    if block.words <= 12 && !block.ends_like_sentence() {
        return Some("short line after the body");
    }
    None
}

/// A page-label kind for short blocks that label rather than say: a date line,
/// a breadcrumb, a one- or two-word section name, a capitalised label.
pub(crate) fn label_kind(block: &Block) -> Option<&'static str> {
    if block.words == 0 {
        return Some("no words");
    }
    if block.words <= 8 && is_date_line(&block.text) {
        return Some("date line");
    }
    if block.words <= 10 && block.text.contains(['>', '›', '»', '|', '/', '»']) {
        return Some("breadcrumb");
    }
    if block.words <= 2 {
        return Some("short label");
    }
    // Only for scripts with case: a Chinese heading has no lower case.
    let has_lower = block.text.chars().any(char::is_lowercase);
    let has_upper = block.text.chars().any(char::is_uppercase);
    if block.words <= 5 && has_upper && !has_lower {
        return Some("capitalised label");
    }
    None
}

/// True when the text is a date (and maybe a time): `16 January 2026`,
/// `2026-01-16 08:30`, `13.06.2025`.
fn is_date_line(text: &str) -> bool {
    static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})\b")
            .unwrap_or_else(|_| unreachable!())
    });
    if NUMERIC.is_match(text) {
        return true;
    }
    let words = Words::of(text);
    let has_digit = words
        .iter()
        .any(|word| word.bytes().any(|b| b.is_ascii_digit()));
    has_digit && words.iter().any(|word| MONTHS.contains(&word))
}

/// Lowercase word tokens: runs of alphanumeric characters; close-button
/// symbols (`×`, `✕`) count as the word `x`.
pub(crate) fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            current.push(c.to_ascii_lowercase());
        } else if !c.is_ascii() && c.is_alphanumeric() {
            current.extend(c.to_lowercase());
        } else {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            if matches!(c, '×' | '✕' | '✖' | '✗' | '╳') {
                out.push("x".to_string());
            }
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The words of a text as [`tokens`] splits them, in one buffer: `joined`
/// is ` w1 w2 … wn ` (one space before and after each word), so a phrase
/// is found as ` phrase ` and a word beginning as ` begin`, and words
/// `at..at + len` are one slice. Cleaning runs this on every block.
#[derive(Debug, Default)]
pub(crate) struct Words {
    joined: String,
    ranges: Vec<(usize, usize)>,
}

impl Words {
    pub(crate) fn of(text: &str) -> Words {
        let mut words = Words {
            joined: String::with_capacity(text.len() + 2),
            ranges: Vec::new(),
        };
        words.joined.push(' ');
        let mut start: Option<usize> = None;
        let end_word = |words: &mut Words, start: &mut Option<usize>| {
            if let Some(from) = start.take() {
                words.ranges.push((from, words.joined.len()));
                words.joined.push(' ');
            }
        };
        for c in text.chars() {
            if c.is_ascii_alphanumeric() {
                start.get_or_insert(words.joined.len());
                words.joined.push(c.to_ascii_lowercase());
            } else if !c.is_ascii() && c.is_alphanumeric() {
                start.get_or_insert(words.joined.len());
                words.joined.extend(c.to_lowercase());
            } else {
                end_word(&mut words, &mut start);
                if matches!(c, '×' | '✕' | '✖' | '✗' | '╳') {
                    let at = words.joined.len();
                    words.joined.push('x');
                    words.ranges.push((at, at + 1));
                    words.joined.push(' ');
                }
            }
        }
        end_word(&mut words, &mut start);
        words
    }

    pub(crate) fn len(&self) -> usize {
        self.ranges.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        self.ranges
            .iter()
            .map(|&(start, end)| &self.joined[start..end])
    }

    /// Words `at..at + len` joined by single spaces.
    pub(crate) fn span(&self, at: usize, len: usize) -> &str {
        &self.joined[self.ranges[at].0..self.ranges[at + len - 1].1]
    }

    /// ` w1 w2 … wn `.
    pub(crate) fn joined(&self) -> &str {
        &self.joined
    }
}

/// The interface phrases a block consists of entirely (`Share`, `Accept all`,
/// `Facebook Twitter Email`), joined for the detail; `None` if any word is
/// not part of one.
pub(crate) fn ui_phrases(text: &str, words: &Words) -> Option<String> {
    static PHRASES: LazyLock<HashSet<String>> = LazyLock::new(|| {
        UI_PHRASES
            .iter()
            .map(|phrase| tokens(phrase).join(" "))
            .collect()
    });
    if words.is_empty() || words.len() > 8 || text.chars().count() > 80 {
        return None;
    }
    let mut found: Vec<String> = Vec::new();
    let mut at = 0;
    while at < words.len() {
        let longest = (1..=4.min(words.len() - at))
            .rev()
            .find(|&len| PHRASES.contains(words.span(at, len)))?;
        found.push(words.span(at, longest).to_string());
        at += longest;
    }
    Some(found.join(", "))
}

/// A family of boilerplate cues: an article whose title or lede uses one of
/// them is about that topic, and its cues stop counting (except the
/// unmistakable banner phrases).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    Privacy,
    Subscribe,
    Advert,
    Rights,
    Related,
    Social,
    Terms,
}

/// How a cue matches.
#[derive(Debug, Clone, Copy)]
enum Match {
    /// A word starting with this stem.
    Stem,
    /// These words in a row.
    Phrase,
    /// An unmistakable banner phrase: counts even when the topic is the group.
    Banner,
}

/// The groups the title (or the lede, the first long block after it) talk
/// about.
fn topic_groups(ctx: &Context<'_>) -> Vec<Group> {
    let mut text = ctx.title.unwrap_or("").to_string();
    let start = ctx.title_block.map_or(0, |t| t + 1);
    if let Some(lede) = ctx
        .blocks
        .iter()
        .skip(start)
        .find(|block| block.structural.is_none() && block.words >= 15)
    {
        text.push('\n');
        text.push_str(&lede.text);
    }
    let tokens = Words::of(&text);
    let joined = tokens.joined();
    let mut groups = Vec::new();
    for &(cue, group, kind, _) in CUES {
        let hit = match kind {
            Match::Stem => tokens.iter().any(|token| token.starts_with(cue)),
            Match::Phrase | Match::Banner => joined.contains(&format!(" {cue} ")),
        };
        if hit && !groups.contains(&group) {
            groups.push(group);
        }
    }
    groups
}

/// The weighted count of boilerplate cues in a block, and the cues found.
fn cue_score(text: &str, tokens: &Words, topics: &[Group]) -> (usize, Vec<&'static str>) {
    /// The cues in one automaton, so that a block is scanned once, not once
    /// per cue: phrases padded with spaces to match whole words, word
    /// beginnings (stems) with a space before (one match per word that
    /// begins so).
    static PHRASES: LazyLock<(aho_corasick::AhoCorasick, Vec<usize>)> = LazyLock::new(|| {
        let (patterns, indexes): (Vec<String>, Vec<usize>) = CUES
            .iter()
            .enumerate()
            .map(|(i, (cue, _, kind, _))| match kind {
                Match::Stem => (format!(" {cue}"), i),
                Match::Phrase | Match::Banner => (format!(" {cue} "), i),
            })
            .unzip();
        let automaton = aho_corasick::AhoCorasick::new(patterns)
            .unwrap_or_else(|err| unreachable!("the cue list builds an automaton: {err}"));
        (automaton, indexes)
    });
    let mut counts = [0usize; CUES.len()];
    let (automaton, indexes) = &*PHRASES;
    for found in automaton.find_overlapping_iter(tokens.joined()) {
        counts[indexes[found.pattern().as_usize()]] += 1;
    }
    let mut score = 0;
    let mut found = Vec::new();
    for (&(cue, group, kind, weight), &count) in CUES.iter().zip(&counts) {
        let discounted = topics.contains(&group) && !matches!(kind, Match::Banner);
        if count > 0 && !discounted {
            score += weight * count.min(3);
            found.push(cue);
        }
    }
    let copyright = text.matches(['©', '®']).count();
    if copyright > 0 && !topics.contains(&Group::Rights) {
        score += 2 * copyright.min(3);
        found.push("©");
    }
    (score, found)
}

/// Boilerplate cues: (words as tokens, group, how it matches, weight).
/// Phrases are written lowercase with punctuation replaced by spaces, as
/// [`tokens`] leaves them.
#[rustfmt::skip]
const CUES: &[(&str, Group, Match, usize)] = &[
    // Cookies and privacy.
    ("cookie", Group::Privacy, Match::Stem, 1),
    ("çerez", Group::Privacy, Match::Stem, 1),
    ("datenschutz", Group::Privacy, Match::Stem, 1),
    ("gdpr", Group::Privacy, Match::Stem, 1),
    ("dsgvo", Group::Privacy, Match::Stem, 1),
    ("rgpd", Group::Privacy, Match::Stem, 1),
    ("kvkk", Group::Privacy, Match::Stem, 1),
    ("gizlilik", Group::Privacy, Match::Stem, 1),
    ("privacy policy", Group::Privacy, Match::Phrase, 2),
    ("cookie policy", Group::Privacy, Match::Phrase, 1),
    ("politique de confidentialité", Group::Privacy, Match::Phrase, 2),
    ("política de privacidad", Group::Privacy, Match::Phrase, 2),
    ("aviso de privacidad", Group::Privacy, Match::Phrase, 2),
    ("we use cookies", Group::Privacy, Match::Banner, 3),
    ("this website uses cookies", Group::Privacy, Match::Banner, 3),
    ("this site uses cookies", Group::Privacy, Match::Banner, 3),
    ("accept all cookies", Group::Privacy, Match::Banner, 3),
    ("cookie settings", Group::Privacy, Match::Banner, 2),
    ("manage preferences", Group::Privacy, Match::Banner, 2),
    ("wir verwenden cookies", Group::Privacy, Match::Banner, 3),
    ("diese website verwendet cookies", Group::Privacy, Match::Banner, 3),
    ("nous utilisons des cookies", Group::Privacy, Match::Banner, 3),
    ("ce site utilise des cookies", Group::Privacy, Match::Banner, 3),
    ("utilizamos cookies", Group::Privacy, Match::Banner, 3),
    ("este sitio web utiliza cookies", Group::Privacy, Match::Banner, 3),
    ("çerezler kullanılmaktadır", Group::Privacy, Match::Banner, 3),
    ("çerez kullanıyoruz", Group::Privacy, Match::Banner, 3),
    ("çerez politikası", Group::Privacy, Match::Banner, 2),
    // Newsletters and subscriptions.
    ("newsletter", Group::Subscribe, Match::Stem, 1),
    ("bülten", Group::Subscribe, Match::Stem, 1),
    ("subscri", Group::Subscribe, Match::Stem, 1),
    ("suscri", Group::Subscribe, Match::Stem, 1),
    ("abonn", Group::Subscribe, Match::Stem, 1),
    ("abone ol", Group::Subscribe, Match::Phrase, 2),
    ("s abonner", Group::Subscribe, Match::Phrase, 1),
    ("sign up for", Group::Subscribe, Match::Phrase, 2),
    ("sign up to", Group::Subscribe, Match::Phrase, 2),
    ("jetzt abonnieren", Group::Subscribe, Match::Phrase, 1),
    ("inscrivez vous", Group::Subscribe, Match::Phrase, 2),
    ("regístrate", Group::Subscribe, Match::Phrase, 2),
    // Advertising.
    ("advertisement", Group::Advert, Match::Stem, 1),
    ("reklam", Group::Advert, Match::Stem, 1),
    ("werbung", Group::Advert, Match::Stem, 1),
    ("anzeige", Group::Advert, Match::Stem, 1),
    ("publicité", Group::Advert, Match::Stem, 1),
    ("publicidad", Group::Advert, Match::Stem, 1),
    ("sponsored", Group::Advert, Match::Stem, 1),
    ("gesponsert", Group::Advert, Match::Stem, 1),
    ("sponsorisé", Group::Advert, Match::Stem, 1),
    ("patrocinado", Group::Advert, Match::Stem, 1),
    // Rights.
    ("all rights reserved", Group::Rights, Match::Phrase, 2),
    ("tüm hakları saklıdır", Group::Rights, Match::Phrase, 2),
    ("alle rechte vorbehalten", Group::Rights, Match::Phrase, 2),
    ("tous droits réservés", Group::Rights, Match::Phrase, 2),
    ("todos los derechos reservados", Group::Rights, Match::Phrase, 2),
    ("copyright", Group::Rights, Match::Stem, 1),
    // Related content.
    ("related topics", Group::Related, Match::Phrase, 2),
    ("related articles", Group::Related, Match::Phrase, 2),
    ("related stories", Group::Related, Match::Phrase, 2),
    ("read also", Group::Related, Match::Phrase, 2),
    ("see also", Group::Related, Match::Phrase, 1),
    ("you may also like", Group::Related, Match::Phrase, 2),
    ("recommended for you", Group::Related, Match::Phrase, 2),
    ("ilgili haberler", Group::Related, Match::Phrase, 2),
    ("verwandte themen", Group::Related, Match::Phrase, 2),
    ("mehr zum thema", Group::Related, Match::Phrase, 2),
    ("à lire aussi", Group::Related, Match::Phrase, 2),
    ("a lire aussi", Group::Related, Match::Phrase, 2),
    ("lire aussi", Group::Related, Match::Phrase, 1),
    ("te puede interesar", Group::Related, Match::Phrase, 2),
    ("más noticias", Group::Related, Match::Phrase, 2),
    // Social.
    ("follow us", Group::Social, Match::Phrase, 2),
    ("bizi takip edin", Group::Social, Match::Phrase, 2),
    ("folgen sie uns", Group::Social, Match::Phrase, 2),
    ("suivez nous", Group::Social, Match::Phrase, 2),
    ("síguenos", Group::Social, Match::Phrase, 2),
    // Terms.
    ("terms of use", Group::Terms, Match::Phrase, 2),
    ("terms of service", Group::Terms, Match::Phrase, 2),
    ("terms and conditions", Group::Terms, Match::Phrase, 2),
    ("kullanım koşulları", Group::Terms, Match::Phrase, 2),
    ("nutzungsbedingungen", Group::Terms, Match::Stem, 2),
    ("impressum", Group::Terms, Match::Stem, 1),
    ("conditions d utilisation", Group::Terms, Match::Phrase, 2),
    ("mentions légales", Group::Terms, Match::Phrase, 2),
    ("términos de uso", Group::Terms, Match::Phrase, 2),
    ("aviso legal", Group::Terms, Match::Phrase, 2),
];

/// Short interface words and phrases, in many languages. A block made only of
/// these is a button or a menu item.
#[rustfmt::skip]
const UI_PHRASES: &[&str] = &[
    // Close buttons and consent buttons.
    "x", "close", "accept", "accept all", "accept cookies", "reject", "reject all", "ok", "okay",
    "got it", "i agree", "agree", "allow all", "deny", "manage settings", "settings", "dismiss",
    // Sharing.
    "share", "share this", "share this article", "share on facebook", "share on twitter",
    "tweet", "print", "email", "e mail", "mail", "copy link", "copy", "link", "whatsapp", "facebook",
    "twitter", "linkedin", "telegram", "reddit", "pinterest", "instagram", "youtube", "tiktok",
    "bluesky", "threads", "flipboard", "messenger", "comments", "comment", "save", "listen",
    // Accounts and navigation.
    "sign up", "sign in", "log in", "login", "log out", "register", "subscribe", "subscribe now",
    "read more", "more", "menu", "search", "skip to content", "skip to main content",
    "back to top", "next", "previous", "prev", "home", "advertisement", "ad", "ads", "sponsored",
    "continue reading", "show more", "load more", "see more", "view all", "all", "top",
    // Turkish.
    "kapat", "tamam", "kabul et", "kabul ediyorum", "tümünü kabul et", "reddet", "paylaş",
    "yazdır", "devamını oku", "daha fazla", "ara", "giriş yap", "üye ol", "abone ol", "reklam",
    "ana sayfa", "anasayfa",
    // German.
    "akzeptieren", "alle akzeptieren", "ablehnen", "teilen", "schließen", "drucken",
    "weiterlesen", "mehr", "mehr lesen", "suche", "anmelden", "abmelden", "registrieren",
    "anzeige", "werbung", "startseite", "zurück", "weiter", "einstellungen",
    // French.
    "accepter", "tout accepter", "refuser", "tout refuser", "partager", "fermer", "imprimer",
    "lire la suite", "rechercher", "se connecter", "connexion", "s abonner", "publicité",
    "accueil", "suivant", "précédent", "plus", "envoyer",
    // Spanish.
    "aceptar", "aceptar todo", "aceptar todas", "rechazar", "compartir", "cerrar", "imprimir",
    "leer más", "buscar", "iniciar sesión", "suscríbete", "publicidad", "inicio", "siguiente",
    "anterior", "más", "enviar",
];

/// Beginnings of credit lines (photo credits, agency lines) after the body.
const CREDIT_PREFIXES: &[&str] = &[
    "photo:",
    "photo by",
    "image:",
    "picture:",
    "source:",
    "reporting by",
    "editing by",
    "foto:",
    "fotoğraf:",
    "kaynak:",
    "quelle:",
    "bild:",
    "crédit",
    "crédito",
    "fuente:",
];

/// Month names and abbreviations (en, de, fr, es, tr), lowercase.
#[rustfmt::skip]
const MONTHS: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "januar", "februar", "märz", "mai", "juni", "juli", "oktober",
    "dezember", "janvier", "février", "mars", "avril", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre", "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre", "ocak", "şubat",
    "mart", "nisan", "mayıs", "haziran", "temmuz", "ağustos", "eylül", "ekim", "kasım", "aralık",
];

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The one-buffer words are the words `tokens` gives, and a span is
        /// those words joined by spaces.
        #[test]
        fn words_in_one_buffer_are_the_tokens(text in "\\PC{0,80}", at in 0usize..8, len in 1usize..4) {
            let words = Words::of(&text);
            let tokens = tokens(&text);
            let listed: Vec<&str> = words.iter().collect();
            proptest::prop_assert_eq!(&listed, &tokens);
            proptest::prop_assert_eq!(words.len(), tokens.len());
            proptest::prop_assert_eq!(words.joined(), format!(" {} ", tokens.join(" ")).replace("  ", " "));
            if at + len <= tokens.len() {
                proptest::prop_assert_eq!(words.span(at, len), tokens[at..at + len].join(" "));
            }
        }
    }

    #[test]
    fn words_keep_close_buttons_and_other_scripts() {
        let words = Words::of("Close ✕ — Çerez AYARLARI, 2026");
        assert_eq!(
            words.iter().collect::<Vec<_>>(),
            ["close", "x", "çerez", "ayarlari", "2026"]
        );
        assert_eq!(words.joined(), " close x çerez ayarlari 2026 ");
        assert_eq!(words.span(1, 2), "x çerez");
    }

    fn ui(text: &str) -> Option<String> {
        ui_phrases(text, &Words::of(text))
    }

    #[test]
    fn interface_words_in_many_languages() {
        for text in [
            "X",
            "×",
            "Close",
            "Accept all",
            "Kabul et",
            "Teilen",
            "Lire la suite",
            "Leer más",
            "Share | Tweet | Email",
        ] {
            assert!(ui(text).is_some(), "{text}");
        }
        for text in [
            "Closing the harbour",
            "Home > Middle East",
            "More than 2,600 people were killed.",
        ] {
            assert!(ui(text).is_none(), "{text}");
        }
    }

    #[test]
    fn labels_are_recognised() {
        let label = |text: &str| label_kind(&Block::new(text, 40));
        assert_eq!(label("16 January 2026"), Some("date line"));
        assert_eq!(label("Friday, 13 June 2025 08:30 GMT"), Some("date line"));
        assert_eq!(label("2026-01-16"), Some("date line"));
        assert_eq!(label("Home > Middle East"), Some("breadcrumb"));
        assert_eq!(label("World"), Some("short label"));
        assert_eq!(
            label("LIVE UPDATES FROM VELMORA"),
            Some("capitalised label")
        );
        assert_eq!(label("Storm closes the harbour at Velmora"), None);
    }

    #[test]
    fn cues_are_scored_and_topics_discount_them() {
        let text = "We use cookies to improve your experience. See our privacy policy.";
        let (score, cues) = cue_score(text, &Words::of(text), &[]);
        assert!(score >= 5, "{score} {cues:?}");
        let (topic_score, _) = cue_score(text, &Words::of(text), &[Group::Privacy]);
        assert_eq!(
            topic_score, 3,
            "only the banner phrase counts for a cookie article"
        );
        let turkish = "Bu çerezler, kullanıcıların tarayıcı ve cihazlarını tanımlayarak çalışır.";
        let (score, cues) = cue_score(turkish, &Words::of(turkish), &[]);
        assert_eq!((score, cues), (1, vec!["çerez"]));
    }
}
