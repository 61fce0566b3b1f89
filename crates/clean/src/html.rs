//! HTML: text blocks out of the DOM and the main content found by
//! readability-style scoring. Blocks outside the main content are marked
//! structurally (navigation, link lists, low score); blocks inside it go on
//! to the same text signals as plain text.

use crate::HashMap;

use crate::dom::{Dom as Html, Edge, Element, NodeId, NodeRef, Value as Node};
use tidings_model::Reason;

use crate::block::Block;
use crate::metadata::{self, PageMeta};

/// A parsed page: its blocks (structure decided) and its metadata.
pub(crate) struct Page {
    /// Text blocks in document order.
    pub blocks: Vec<Block>,
    /// What the page says about itself.
    pub meta: PageMeta,
}

/// Parses a page and finds its main content.
pub(crate) fn parse(source: &str, min_lang_chars: usize) -> Page {
    let html = Html::parse(source);
    let meta = metadata::read(&html);
    let (raw_blocks, ranges) = collect_blocks(&html);
    let main = main_content(&html, &raw_blocks, &ranges).filter(|main| {
        // Fallback: a main content that is short (under ~150 words of
        // prose) while more prose lies outside it (not in navigation or
        // chrome-named elements) is implausibly small; then every block is
        // judged on its own.
        let prose = |inside: bool| -> usize {
            raw_blocks
                .iter()
                .filter(|raw| raw.is_prose() && raw.nav.is_none() && raw.bad.is_none())
                .filter(|raw| main.contains(&raw.owner) == inside)
                .map(|raw| raw.chars)
                .sum()
        };
        let kept = prose(true);
        kept >= SMALL_MAIN_CHARS || kept >= prose(false)
    });
    let in_main = |raw: &RawBlock| main.as_ref().is_none_or(|main| main.contains(&raw.owner));
    // A cue (navigation, a boilerplate name) on an element that holds half
    // of the main content's prose names a wrapper, not chrome: it weighs
    // nothing against the text it holds.
    let main_prose: usize = raw_blocks
        .iter()
        .filter(|raw| in_main(raw) && raw.is_prose())
        .map(|raw| raw.chars)
        .sum();
    let mut held: HashMap<NodeId, usize> = HashMap::default();
    let mut wrapper = |origin: NodeId| {
        let prose = *held.entry(origin).or_insert_with(|| {
            raw_blocks
                .iter()
                .filter(|raw| raw.is_prose() && inside(&ranges, origin, raw.owner))
                .map(|raw| raw.chars)
                .sum()
        });
        main_prose > 0 && prose * 2 >= main_prose
    };
    let cues: Vec<(bool, bool)> = raw_blocks
        .iter()
        .map(|raw| {
            (
                raw.nav.as_ref().is_some_and(|(origin, _)| wrapper(*origin)),
                raw.bad.as_ref().is_some_and(|(origin, _)| wrapper(*origin)),
            )
        })
        .collect();
    let blocks = raw_blocks
        .into_iter()
        .zip(cues)
        .map(|(mut raw, (nav_wrapper, bad_wrapper))| {
            if nav_wrapper {
                raw.nav = None;
            }
            if bad_wrapper {
                raw.bad = None;
            }
            // The language is judged below, for blocks that stay candidates:
            // page chrome is removed by structure whatever its language.
            let mut block = Block::new(&raw.text, usize::MAX);
            block.heading = raw.heading;
            block.link_density = raw.link_density();
            let inside = in_main(&raw);
            let nav_inside = raw
                .nav
                .as_ref()
                .filter(|(origin, _)| main.as_ref().is_none_or(|main| main.contains(origin)));
            block.structural = if !inside {
                let (reason, detail) = if let Some((_, what)) = &raw.nav {
                    (Reason::Navigation, format!("inside {what}"))
                } else if block.link_density > 0.5 {
                    (
                        Reason::LinkList,
                        format!("links are {:.0}% of the text", block.link_density * 100.0),
                    )
                } else {
                    (Reason::LowScore, "outside the main content".to_string())
                };
                Some((reason, detail))
            } else {
                // Inside the main content, a long prose block is not navigation
                // even when some wrapper is named like it.
                let prose = block.words >= 30 && block.link_density < 0.3;
                nav_inside
                    .filter(|_| !prose)
                    .map(|(_, what)| (Reason::Navigation, format!("inside {what}")))
            };
            // An image caption is set aside with its own reason, wherever
            // it is (navigation stays navigation).
            if raw.caption
                && raw.nav.is_none()
                && block
                    .structural
                    .as_ref()
                    .is_none_or(|(reason, _)| *reason == Reason::LowScore)
            {
                block.structural = Some((Reason::Caption, "image caption".to_string()));
            }
            // Inside the main content only a class given inside it counts (a
            // page wrapper named `nav-open` says nothing about a paragraph).
            block.bad_class = raw
                .bad
                .as_ref()
                .filter(|(origin, _)| {
                    !inside || main.as_ref().is_none_or(|main| main.contains(origin))
                })
                .map(|(_, token)| token.clone());
            if block.structural.is_none() && block.chars >= min_lang_chars {
                block.judge_lang();
            }
            block
        })
        .collect();
    Page { blocks, meta }
}

/// The parts of a table between its cells and the table itself.
const ROW_PARTS: &[&str] = &["tr", "tbody", "thead", "tfoot"];

/// A text block as the DOM walk found it.
#[derive(Debug)]
struct RawBlock {
    text: String,
    /// The nearest block-level element holding the text.
    owner: NodeId,
    heading: Option<u8>,
    chars: usize,
    link_chars: usize,
    /// The nearest navigation element around it and how to name it.
    nav: Option<(NodeId, String)>,
    /// The nearest element with a boilerplate class or id token, and the token.
    bad: Option<(NodeId, String)>,
    /// Inside an image caption (`figcaption`, a class or id `caption…`).
    caption: bool,
}

impl RawBlock {
    /// Whether it reads as a paragraph of prose: long enough, few links,
    /// not a heading.
    fn is_prose(&self) -> bool {
        self.heading.is_none() && self.chars >= 80 && self.link_density() < 0.3
    }

    fn link_density(&self) -> f32 {
        if self.chars == 0 {
            0.0
        } else {
            (self.link_chars as f32 / self.chars as f32).min(1.0)
        }
    }
}

/// An open element during the walk.
struct Frame {
    id: NodeId,
    block_level: bool,
    heading: Option<u8>,
    nav: Option<(NodeId, String)>,
    bad: Option<(NodeId, String)>,
    inside_article: bool,
    caption: bool,
}

/// The text being gathered for the current block.
#[derive(Default)]
struct Buffer {
    text: String,
    chars: usize,
    link_chars: usize,
    pending_space: bool,
    breaks: usize,
}

impl Buffer {
    fn push_text(&mut self, text: &str, in_link: bool) {
        for c in text.chars() {
            if c.is_whitespace() {
                self.pending_space = true;
                continue;
            }
            if self.pending_space && !self.text.is_empty() {
                self.text.push(' ');
            }
            self.pending_space = false;
            self.text.push(c);
            self.chars += 1;
            if in_link {
                self.link_chars += 1;
            }
        }
    }
}

/// Walks the DOM (iteratively: tag soup can nest deeply) and cuts its text
/// into blocks at block-level elements and at double line breaks.
fn collect_blocks(html: &Html) -> (Vec<RawBlock>, Ranges) {
    let mut blocks = Vec::new();
    let mut ranges = Ranges::default();
    let mut counter = 0u32;
    let mut stack: Vec<Frame> = Vec::new();
    let mut skip_depth = 0usize;
    let mut link_depth = 0usize;
    let mut buffer = Buffer::default();
    for edge in html.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(element) => {
                    let name = element.name();
                    if skip_depth > 0 || SKIPPED.contains(&name) || element.attr("hidden").is_some()
                    {
                        skip_depth += 1;
                        continue;
                    }
                    if name == "br" {
                        buffer.breaks += 1;
                        buffer.pending_space = true;
                        continue;
                    }
                    if MATH_TOKENS.contains(&name) {
                        buffer.pending_space = true;
                    }
                    if name == "a" {
                        link_depth += 1;
                    }
                    let block_level = BLOCK_LEVEL.contains(&name);
                    if block_level {
                        flush(&mut buffer, &stack, &mut blocks);
                    }
                    let parent = stack.last();
                    let inside_article = parent.is_some_and(|p| p.inside_article)
                        || matches!(name, "article" | "main");
                    let tokens = Tokens::of(element);
                    let nav = navigation(element, &tokens, inside_article)
                        .map(|what| (node.id(), what))
                        .or_else(|| parent.and_then(|p| p.nav.clone()));
                    // A quotation (an embedded post, a pull quote) is text
                    // of the article even inside an element named `social`
                    // or `embed-share`: the name is the embed's, not the
                    // quotation's.
                    let bad = bad_token(&tokens)
                        .map(|token| (node.id(), token))
                        .or_else(|| {
                            parent
                                .filter(|_| name != "blockquote")
                                .and_then(|p| p.bad.clone())
                        });
                    ranges.insert(node.id(), (counter, u32::MAX));
                    counter += 1;
                    let caption = parent.is_some_and(|p| p.caption) || is_caption(element, &tokens);
                    stack.push(Frame {
                        id: node.id(),
                        block_level,
                        heading: heading_level(name),
                        nav,
                        bad,
                        inside_article,
                        caption,
                    });
                }
                Node::Text(text) => {
                    if skip_depth > 0 {
                        continue;
                    }
                    if buffer.breaks >= 2 && !text.trim().is_empty() {
                        flush(&mut buffer, &stack, &mut blocks);
                    }
                    if !text.trim().is_empty() {
                        buffer.breaks = 0;
                    }
                    buffer.push_text(text, link_depth > 0);
                }
                _ => {}
            },
            Edge::Close(node) => {
                let Node::Element(element) = node.value() else {
                    continue;
                };
                if skip_depth > 0 {
                    skip_depth -= 1;
                    continue;
                }
                let name = element.name();
                if name == "br" {
                    continue;
                }
                if MATH_TOKENS.contains(&name) {
                    buffer.pending_space = true;
                }
                if name == "a" {
                    link_depth = link_depth.saturating_sub(1);
                }
                ranges.close(node.id(), counter);
                if stack.last().is_some_and(|frame| frame.id == node.id()) {
                    if stack.last().is_some_and(|frame| frame.block_level) {
                        flush(&mut buffer, &stack, &mut blocks);
                    }
                    stack.pop();
                }
            }
        }
    }
    flush(&mut buffer, &stack, &mut blocks);
    // Elements left open (none after html5ever) end with the document.
    ranges.end_all(counter);
    (blocks, ranges)
}

/// Each element's place in document order: its own number and the number
/// after its last descendant, so that `b` is inside `a` when
/// `a.0 <= b.0 < a.1`.
/// Indexed by node id (ids are dense), `(u32::MAX, 0)` for a node that is
/// not a walked element.
#[derive(Debug, Default)]
struct Ranges(Vec<(u32, u32)>);

/// The range of a node that is not a walked element.
const NO_RANGE: (u32, u32) = (u32::MAX, 0);

impl Ranges {
    fn insert(&mut self, id: NodeId, range: (u32, u32)) {
        let at = id as usize;
        if self.0.len() <= at {
            self.0.resize(at + 1, NO_RANGE);
        }
        self.0[at] = range;
    }

    fn get(&self, id: NodeId) -> Option<(u32, u32)> {
        self.0.get(id as usize).copied().filter(|&r| r != NO_RANGE)
    }

    /// Sets the end of an open element's range.
    fn close(&mut self, id: NodeId, end: u32) {
        if let Some(range) = self.0.get_mut(id as usize).filter(|r| **r != NO_RANGE) {
            range.1 = end;
        }
    }

    /// Ends every range still open at `end`.
    fn end_all(&mut self, end: u32) {
        for range in self.0.iter_mut().filter(|r| **r != NO_RANGE) {
            range.1 = range.1.min(end);
        }
    }
}

/// Whether element `inner` is `outer` or inside it.
fn inside(ranges: &Ranges, outer: NodeId, inner: NodeId) -> bool {
    match (ranges.get(outer), ranges.get(inner)) {
        (Some(outer), Some(inner)) => outer.0 <= inner.0 && inner.0 < outer.1,
        _ => false,
    }
}

/// Ends the current block, if it has text.
fn flush(buffer: &mut Buffer, stack: &[Frame], blocks: &mut Vec<RawBlock>) {
    let taken = std::mem::take(buffer);
    if taken.text.is_empty() {
        return;
    }
    let Some(owner) = stack
        .iter()
        .rev()
        .find(|frame| frame.block_level)
        .or(stack.last())
    else {
        return;
    };
    let top = stack.last().unwrap_or(owner);
    blocks.push(RawBlock {
        text: taken.text,
        owner: owner.id,
        heading: owner.heading,
        chars: taken.chars,
        link_chars: taken.link_chars,
        nav: top.nav.clone(),
        bad: top.bad.clone(),
        caption: top.caption,
    });
}

/// The main content: the best-scoring container (widened) and its siblings
/// that score nearly as well. `None` when no block looks like a paragraph.
fn main_content<'r>(html: &Html, blocks: &[RawBlock], ranges: &'r Ranges) -> Option<Main<'r>> {
    // Candidate containers in first-seen order (deterministic) with scores.
    let mut order: Vec<NodeId> = Vec::new();
    let mut scores: HashMap<NodeId, Candidate> = HashMap::default();
    for block in blocks {
        let is_paragraph_text = block.heading.is_none() && block.chars >= 25;
        let commas = block.text.matches([',', '،', '、', '，']).count();
        let content = if is_paragraph_text {
            1.0 + commas as f64 + (block.chars as f64 / 100.0).min(3.0)
        } else {
            0.0
        };
        let owner = html.get(block.owner);
        let owner_is_container = owner
            .and_then(|node| node.value().as_element())
            .is_some_and(|element| CONTAINERS.contains(&element.name()));
        let mut levels: Vec<(NodeId, f64)> = Vec::new();
        if owner_is_container {
            levels.push((block.owner, 1.0));
        }
        // A table's rows and row groups are not containers of their own:
        // the text of its cells scores for the table, as the items of a
        // list score for the list.
        let row_part = |node: &NodeRef<'_>| {
            node.value()
                .as_element()
                .is_some_and(|element| ROW_PARTS.contains(&element.name()))
        };
        let mut ancestor = owner.and_then(|node| node.parent());
        for weight in [1.0, 0.5] {
            while let Some(node) = ancestor.filter(|node| row_part(node)) {
                ancestor = node.parent();
            }
            let Some(node) = ancestor else { break };
            if node.value().is_element() {
                levels.push((node.id(), weight));
            }
            ancestor = node.parent();
        }
        for (id, weight) in levels {
            let candidate = scores.entry(id).or_insert_with(|| {
                order.push(id);
                Candidate::default()
            });
            candidate.content += content * weight;
            candidate.chars += block.chars;
            candidate.link_chars += block.link_chars;
        }
    }
    let mut best: Option<(NodeId, f64)> = None;
    let mut finals: Vec<(NodeId, f64)> = Vec::new();
    for id in &order {
        let Some(candidate) = scores.get(id) else {
            continue;
        };
        if candidate.content <= 0.0 {
            continue;
        }
        let element = html.get(*id).and_then(|node| node.value().as_element());
        let class_weight = element.map_or(0.0, class_weight);
        let link_density = if candidate.chars == 0 {
            0.0
        } else {
            candidate.link_chars as f64 / candidate.chars as f64
        };
        let score = (candidate.content + class_weight) * (1.0 - link_density);
        finals.push((*id, score));
        if best.is_none_or(|(_, top)| score > top) {
            best = Some((*id, score));
        }
    }
    let (best_id, best_score) = best?;
    if best_score <= 0.0 {
        return None;
    }
    let threshold = (best_score * 0.2).max(3.0);
    let twins = twins(html, &finals, best_id, threshold);
    let best_id = widen(html, blocks, ranges, best_id);
    let best_node = html.get(best_id)?;
    let mut roots = vec![best_id];
    for twin in twins {
        if !roots.iter().any(|&root| inside(ranges, root, twin)) {
            roots.push(twin);
        }
    }
    if let Some(parent) = best_node.parent() {
        for sibling in parent.children() {
            if sibling.id() == best_id {
                continue;
            }
            let good = finals
                .iter()
                .any(|&(id, score)| id == sibling.id() && score >= threshold);
            if good {
                roots.push(sibling.id());
            }
        }
    }
    Some(Main { roots, ranges })
}

/// An element's tag and class attribute: what makes two containers alike.
fn signature(html: &Html, id: NodeId) -> Option<(&str, Option<&str>)> {
    html.get(id)
        .and_then(|n| n.value().as_element())
        .map(|e| (e.name(), e.attr("class")))
}

/// How many levels up from the best container the other parts of a split
/// body may branch off.
const TWIN_LEVELS: usize = 4;

/// The other parts of a body split into several containers that carry the
/// best container's tag and class (a review whose sections sit between
/// galleries, each in its own `div class="article-text"`): candidates with
/// the same signature scoring at least `threshold`, branching off the best
/// one's ancestors within [`TWIN_LEVELS`]. A container without a class
/// has no twins: a bare `div` says nothing about what it holds.
fn twins(html: &Html, finals: &[(NodeId, f64)], best: NodeId, threshold: f64) -> Vec<NodeId> {
    let classed = |id: NodeId| {
        signature(html, id)
            .and_then(|(name, class)| class.filter(|c| !c.trim().is_empty()).map(|c| (name, c)))
    };
    let Some(own) = classed(best) else {
        return Vec::new();
    };
    // Alike: the same tag and the same content-named class (`article-text`
    // in `article-text c-gray-1` and `article-text c-gray-1 wide`), or the
    // same class attribute when none is content-named.
    let content_class = |class: &str| -> Option<String> {
        class
            .split_whitespace()
            .map(str::to_ascii_lowercase)
            .find(|token| {
                token
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|part| GOOD_TOKENS.iter().any(|good| part.starts_with(good)))
            })
    };
    let own_content = content_class(own.1);
    let alike = |other: Option<(&str, &str)>| {
        other.is_some_and(|(name, class)| {
            name == own.0
                && match &own_content {
                    Some(token) => content_class(class).as_ref() == Some(token),
                    None => class == own.1,
                }
        })
    };
    let mut ancestors: Vec<NodeId> = Vec::new();
    let mut node = html.get(best).and_then(|n| n.parent());
    for _ in 0..TWIN_LEVELS {
        let Some(n) = node else { break };
        ancestors.push(n.id());
        node = n.parent();
    }
    finals
        .iter()
        .filter(|&&(id, score)| id != best && score >= threshold && alike(classed(id)))
        .filter(|&&(id, _)| {
            let mut node = html.get(id).and_then(|n| n.parent());
            for _ in 0..TWIN_LEVELS {
                let Some(n) = node else { return false };
                if ancestors.contains(&n.id()) {
                    return true;
                }
                node = n.parent();
            }
            false
        })
        .map(|&(id, _)| id)
        .collect()
}

/// The main content: the containers chosen, each with everything inside it.
struct Main<'r> {
    roots: Vec<NodeId>,
    ranges: &'r Ranges,
}

impl Main<'_> {
    /// Whether element `id` is one of the containers or inside one.
    fn contains(&self, id: &NodeId) -> bool {
        self.roots
            .iter()
            .any(|&root| inside(self.ranges, root, *id))
    }
}

/// Prose characters under which a main content that has more prose outside
/// it is set aside as implausibly small.
const SMALL_MAIN_CHARS: usize = 1000;

/// How far up [`widen`] may go from the best container.
const WIDEN_LEVELS: usize = 8;

/// The best container, widened to its ancestors while each step up adds
/// nothing, or adds prose that mostly sits in elements like the root (same
/// tag, same class): an article split over sibling wrappers (one per step,
/// per section) is found whole, while a step up that would add link lists,
/// labels, teasers under another heading or page chrome is not taken. Text
/// inside navigation or boilerplate-named elements counts as chrome.
fn widen(html: &Html, blocks: &[RawBlock], ranges: &Ranges, best: NodeId) -> NodeId {
    let mut root = best;
    for _ in 0..WIDEN_LEVELS {
        let Some(node) = html.get(root) else {
            break;
        };
        let Some(parent) = node.parent() else {
            break;
        };
        let is_body = parent
            .value()
            .as_element()
            .is_none_or(|element| matches!(element.name(), "html" | "body"));
        if is_body {
            break;
        }
        // The parent's other children that look like the root (same tag,
        // same class): the other parts of a split body.
        let own = signature(html, root);
        let alike: Vec<NodeId> = parent
            .children()
            .filter(|child| child.id() != root && signature(html, child.id()) == own)
            .map(|child| child.id())
            .collect();
        let (mut prose, mut alike_prose, mut other, mut links) = (0usize, 0usize, 0usize, 0usize);
        for block in blocks {
            if !inside(ranges, parent.id(), block.owner) || inside(ranges, root, block.owner) {
                continue;
            }
            links += block.link_chars;
            if block.is_prose() && block.nav.is_none() && block.bad.is_none() {
                prose += block.chars;
                if alike.iter().any(|&id| inside(ranges, id, block.owner)) {
                    alike_prose += block.chars;
                }
            } else {
                other += block.chars;
            }
        }
        let total = prose + other;
        if total > 0 && (prose < 2 * other.max(1) || links * 4 > total || alike_prose * 2 < prose) {
            break;
        }
        root = parent.id();
    }
    root
}

/// The running score of one candidate container.
#[derive(Default)]
struct Candidate {
    content: f64,
    chars: usize,
    link_chars: usize,
}

/// ±25 for class and id tokens that say content or chrome.
fn class_weight(element: &Element) -> f64 {
    let mut weight = 0.0;
    let tokens = Tokens::of(element);
    if matches!(element.name(), "article" | "main")
        || tokens
            .iter()
            .any(|token| GOOD_TOKENS.iter().any(|good| token.starts_with(good)))
    {
        weight += 25.0;
    }
    if tokens.iter().any(is_bad_token) || navigation(element, &tokens, false).is_some() {
        weight -= 25.0;
    }
    weight
}

/// How to name an element that is page navigation, if it is one. A
/// `header` inside an article is the article's own header, not page chrome.
fn navigation(element: &Element, tokens: &Tokens, inside_article: bool) -> Option<String> {
    let name = element.name();
    match name {
        "nav" | "aside" | "menu" => return Some(format!("<{name}>")),
        "header" | "footer" if !inside_article => return Some(format!("<{name}>")),
        _ => {}
    }
    if let Some(role) = element.attr("role") {
        let role = role.trim().to_ascii_lowercase();
        if matches!(
            role.as_str(),
            "navigation" | "menu" | "menubar" | "banner" | "contentinfo" | "complementary"
        ) {
            return Some(format!("role={role}"));
        }
    }
    tokens
        .iter()
        .find(|&token| {
            NAV_TOKENS.contains(&token)
                || token.starts_with("breadcrumb")
                || token.starts_with("navbar")
                || token.starts_with("navigation")
                || (!inside_article && (token == "header" || token == "footer"))
        })
        .map(|token| format!("an element named {token}"))
}

/// Whether an element is an image caption: `figcaption`, or a class or id
/// token that starts with `caption` or ends in `caption` (`wp-caption-text`
/// gives `caption`).
fn is_caption(element: &Element, tokens: &Tokens) -> bool {
    element.name() == "figcaption"
        || tokens
            .iter()
            .any(|token| token.starts_with("caption") || token.ends_with("caption"))
}

/// The first boilerplate class or id token of an element.
fn bad_token(tokens: &Tokens) -> Option<String> {
    tokens
        .iter()
        .find(|token| is_bad_token(token))
        .map(str::to_string)
}

fn is_bad_token(token: &str) -> bool {
    BAD_TOKENS.iter().any(|bad| token.starts_with(bad))
        || matches!(
            token,
            "ad" | "ads" | "adv" | "banner" | "author" | "authors"
        )
}

/// Lowercase class and id tokens, split at non-alphanumerics (`site-footer`
/// gives `site` and `footer`), at most 32: one buffer for all of an
/// element's tokens (this runs for every element of every page).
#[derive(Debug, Default)]
struct Tokens {
    text: String,
    ranges: Vec<(usize, usize)>,
}

impl Tokens {
    fn of(element: &Element) -> Tokens {
        let class = element.attr("class");
        let id = element.attr("id");
        let mut tokens = Tokens::default();
        let size = class.map_or(0, str::len) + id.map_or(0, str::len);
        if size == 0 {
            return tokens;
        }
        tokens.text.reserve(size);
        for value in [class, id].into_iter().flatten() {
            if value.is_ascii() {
                // The common case, byte by byte.
                for token in value.split(|c: char| !c.is_ascii_alphanumeric()) {
                    if token.is_empty() || tokens.ranges.len() >= 32 {
                        continue;
                    }
                    let start = tokens.text.len();
                    tokens.text.push_str(token);
                    tokens.text[start..].make_ascii_lowercase();
                    tokens.ranges.push((start, tokens.text.len()));
                }
                continue;
            }
            for token in value.split(|c: char| !c.is_alphanumeric()) {
                if token.is_empty() || tokens.ranges.len() >= 32 {
                    continue;
                }
                let start = tokens.text.len();
                tokens
                    .text
                    .extend(token.chars().flat_map(char::to_lowercase));
                tokens.ranges.push((start, tokens.text.len()));
            }
        }
        tokens
    }

    fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        self.ranges
            .iter()
            .map(|&(start, end)| &self.text[start..end])
    }
}

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

/// Elements whose content is not text for a reader (`rt` and `rp` are the
/// readings and fallback brackets of ruby annotations: furigana are not
/// part of the words they annotate).
const SKIPPED: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "head",
    "object",
    "canvas",
    "select",
    "textarea",
    "video",
    "audio",
    "picture",
    "map",
    "rt",
    "rp",
    "annotation",
    "annotation-xml",
];

/// MathML token elements: a formula is text of the article (its TeX source
/// in `annotation` is not), and each token is a word of its own (`<mi>x</mi>
/// <mn>2</mn>` reads "x 2", not "x2").
const MATH_TOKENS: &[&str] = &["mi", "mn", "mo", "ms", "mtext"];

/// Elements that start and end a block of text.
const BLOCK_LEVEL: &[&str] = &[
    "html",
    "body",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "caption",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "nav",
    "aside",
    "menu",
    "form",
    "fieldset",
    "legend",
    "address",
    "details",
    "summary",
    "center",
    "hr",
    "button",
    "dialog",
    "hgroup",
    "label",
    "option",
];

/// Elements that can hold the main content themselves (text directly inside).
const CONTAINERS: &[&str] = &[
    "div",
    "section",
    "article",
    "main",
    "td",
    "body",
    "center",
    "blockquote",
];

/// Class and id tokens of page navigation.
const NAV_TOKENS: &[&str] = &[
    "nav",
    "menu",
    "sidebar",
    "breadcrumbs",
    "masthead",
    "topbar",
    "toolbar",
];

/// Class and id tokens that mean chrome (prefixes).
const BAD_TOKENS: &[&str] = &[
    "nav",
    "menu",
    "footer",
    "sidebar",
    "aside",
    "cookie",
    "consent",
    "gdpr",
    "share",
    "sharing",
    "social",
    "related",
    "promo",
    "newsletter",
    "subscri",
    "comment",
    "breadcrumb",
    "advert",
    "popup",
    "modal",
    "sponsor",
    "outbrain",
    "taboola",
    "widget",
    "teaser",
    "recommend",
    "byline",
    "dateline",
    "timestamp",
    "caption",
    "credit",
    "tags",
];

/// Class and id tokens that mean content (prefixes).
const GOOD_TOKENS: &[&str] = &[
    "article", "body", "content", "entry", "main", "post", "story", "text", "prose",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_elements_join_and_breaks_split() {
        let page = "<html><body><div>Ferry <b>service</b>   to <a href='#'>Velmora</a>\nresumes<br><br>Second  part</div></body></html>";
        let texts: Vec<String> = collect_blocks(&Html::parse(page))
            .0
            .into_iter()
            .map(|b| b.text)
            .collect();
        assert_eq!(texts, ["Ferry service to Velmora resumes", "Second part"]);
    }

    /// The kept texts of a page.
    fn kept(page: &str) -> Vec<String> {
        parse(page, 40)
            .blocks
            .into_iter()
            .filter(|b| b.structural.is_none() && b.bad_class.is_none())
            .map(|b| b.text)
            .collect()
    }

    /// A list article whose body is a table of long descriptions, followed
    /// by a list of comma-heavy citations: the cells score for the table,
    /// not row by row, so the table is the main content.
    #[test]
    fn a_table_of_descriptions_outweighs_a_list_of_citations() {
        let ferries = [
            ("Morning Star", "1962", "A wooden ferry that carried mail, sheep and schoolchildren between Portavel and the islands, until a winter storm, in 1971, drove it onto the rocks below the lighthouse."),
            ("Kestrel", "1975", "The first steel ferry of the line, bought second-hand from a northern yard, refitted in Velmora, and known for its loud horn, its slow turns and its long career."),
            ("Harbour Queen", "1988", "A car ferry, built for the new quay, that halved the crossing time, doubled the fares, and was sold, after a long dispute, to a company in the south."),
            ("Tern", "1996", "A small fast boat for foot passengers, run in summer only, loved by tourists, disliked by fishermen, and withdrawn, quietly, when its engines wore out."),
            ("Velmora Pride", "2004", "The largest ship the harbour has served, with room for forty cars, a cafe, a shop, and a deck for cyclists, still sailing twice a day in the high season."),
            ("Gannet", "2019", "An electric ferry, charged at the quay overnight, which the council bought, after years of debate, to cut noise, fumes and fuel costs on the short crossing."),
        ];
        let mut rows = String::new();
        for (name, year, description) in ferries {
            rows.push_str(&format!(
                "<tr><td><a href=\"/wiki/{name}\">{name}</a></td><td>{year}</td><td>{description}</td></tr>\n"
            ));
        }
        let mut citations = String::new();
        for n in 1..=12 {
            citations.push_str(&format!(
                "<li>Harbour Records Office, Portavel, vol. {n}, pp. {}, {}, ed. M. Oster, Velmora, 20{n:02}, retrieved 3 May, 2026.</li>\n",
                n * 10,
                n * 10 + 4
            ));
        }
        let page = format!(
            "<html><body><div class=\"content\"><h1>List of Portavel ferries</h1>\
             <p>This is a list of the ferries that have served the harbour of Portavel since the first regular crossing.</p>\
             <table class=\"listtable\"><tbody><tr><th>Ship</th><th>Year</th><th>Description</th></tr>\n{rows}</tbody></table>\
             <h2>References</h2><div class=\"notes\"><ol class=\"citations\">{citations}</ol></div></div></body></html>"
        );
        let kept = kept(&page);
        for (name, _, description) in ferries {
            assert!(
                kept.iter().any(|text| text == description),
                "{name} is missing: {kept:?}"
            );
        }
    }

    #[test]
    fn a_body_split_over_alike_wrappers_is_found_whole() {
        let step = |n: usize, text: &str| {
            format!(
                "<span><span><div class=\"mod step\"><div class=\"step-content\"><div class=\"content\"><span><p>{n}. {text}</p></span></div></div></div></span></span><div class=\"ad-unit\"></div>"
            )
        };
        let page = format!(
            "<html><body><nav><a href=\"/\">Home</a> <a href=\"/garden\">Garden</a></nav><div id=\"steps\">{}{}{}</div><div class=\"more\"><h2>More from the Gazette</h2><p><a href=\"/a\">Ten herbs for a windowsill</a></p></div></body></html>",
            step(1, "Clear the bed of last year's stalks before the first frost, and keep them for the compost heap at the back of the plot."),
            step(2, "Dig in two buckets of compost for every square metre, working it into the top spade depth so the roots find it early."),
            step(3, "Sow the broad beans five centimetres deep and twenty apart, water them once, and cover the rows with fleece on cold nights."),
        );
        let kept = kept(&page);
        assert_eq!(kept.len(), 3, "{kept:?}");
        assert!(kept[0].starts_with("1. Clear the bed"), "{kept:?}");
        assert!(kept[2].starts_with("3. Sow the broad beans"), "{kept:?}");
    }

    #[test]
    fn a_body_split_between_galleries_is_found_by_its_class() {
        // A review whose sections sit in `div.review-text`, each in its own
        // grid cell, with a photo gallery and a score box between them: the
        // parts are not siblings, and the cells around them hold chrome.
        // Without the twins, one section is the main content, too small
        // beside the prose outside it, and the fallback keeps the galleries.
        // The last part carries one class more (`review-text dark`): the
        // content-named class is what makes the parts alike.
        let section = |text: &str, class: &str| {
            format!(
                "<div class=\"row\"><div class=\"cell wide\"><div class=\"{class}\"><p>{text}</p><p>{text}</p></div></div></div>"
            )
        };
        let photos: String = (1..=12)
            .map(|n| format!("<a href=\"/g/{n}\">Kestrel 4 photo {n}</a> "))
            .collect();
        let gallery = format!("<div class=\"row\"><div class=\"cell\"><div class=\"gallery\">{photos}<p>Gallery: the Kestrel 4 | 12 Photos</p></div></div></div>");
        let page = format!(
            "<html><body><nav><a href=\"/\">Home</a> <a href=\"/reviews\">Reviews</a></nav><article>{}{gallery}{}{gallery}{}</article><aside><h3>Latest</h3><p><a href=\"/x\">Velmora's tram line opens</a></p></aside></body></html>",
            section("The Kestrel 4 is the quietest kettle we have tested, and it boils a full litre in a little under three minutes, which is quick for its size.", "review-text"),
            section("Its handle stays cool, the lid opens with one finger, and the water window is easy to read from across the kitchen, even in poor light.", "review-text"),
            section("At ninety euros it costs more than most, but for a kitchen that wakes early and wants quiet, it is the one we would buy, without doubt.", "review-text dark"),
        );
        let kept = kept(&page);
        assert_eq!(kept.len(), 6, "{kept:?}");
        assert!(kept[0].starts_with("The Kestrel 4 is"), "{kept:?}");
        assert!(kept[2].starts_with("Its handle"), "{kept:?}");
        assert!(kept[5].starts_with("At ninety euros"), "{kept:?}");
    }

    #[test]
    fn hidden_elements_are_not_text_and_formulas_are() {
        let page = r#"<html><body><article>
<p>The new tide table for Portavel gives the height <math><mi>h</mi><mo>=</mo><mn>2</mn><mi>t</mi></math> in metres, the harbour master said.</p>
<p style="display:none">Subscribe to the Velmora Gazette for more tide tables like this one.</p>
<div hidden><p>Your free articles this month: three of five, so far.</p></div>
<div style="visibility: hidden;"><p>Log in to read the harbour master's full statement on the tide tables.</p></div>
<p>Ferries will keep to the old timetable until the table is printed in the spring.</p>
<p><math><semantics><mi>x</mi><annotation encoding="application/x-tex">x</annotation></semantics></math> marks the quay.</p>
</article></body></html>"#;
        let kept = kept(page);
        assert_eq!(
            kept,
            [
                "The new tide table for Portavel gives the height h = 2 t in metres, the harbour master said.",
                "Ferries will keep to the old timetable until the table is printed in the spring.",
                "x marks the quay."
            ]
        );
    }

    #[test]
    fn an_embedded_post_is_text_but_the_share_bar_beside_it_is_not() {
        let page = r#"<html><body><article>
<p>The Harbour Authority of Portavel reopened the northern quay on Thursday, two days after the storm.</p>
<div class="social-embed"><blockquote class="embedded-post"><p>The quay is open again and the first ferry left at nine. Thank you, crews!</p>&mdash; Portavel Harbour (@portavelharbour) March 3, 2026</blockquote></div>
<p>Fishermen, who had waited in Velmora since Monday, said the new breakwater had held better than the old one.</p>
<div class="social-share"><p>Share this article with your friends and family on your favourite networks.</p></div>
</article></body></html>"#;
        let page = parse(page, 40);
        let verdicts: Vec<(bool, String)> = page
            .blocks
            .iter()
            .map(|b| (b.bad_class.is_none(), b.text.chars().take(16).collect()))
            .collect();
        assert_eq!(
            verdicts,
            [
                (true, "The Harbour Auth".to_string()),
                (true, "The quay is open".to_string()),
                (true, "— Portavel Harbo".to_string()),
                (true, "Fishermen, who h".to_string()),
                (false, "Share this artic".to_string()),
            ]
        );
    }

    #[test]
    fn a_wrapper_named_like_chrome_does_not_veto_the_article_it_holds() {
        // The article sits in a wrapper whose class says "modal" and
        // "widget": the cue names a wrapper, not chrome.
        let page = r#"<html><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<div class="story-modal widget">
<p>The Harbour Authority of Portavel reopened the northern quay on Thursday, two days after the storm.</p>
<p>Crews worked through the night, a spokesman said, and the first ferry left at nine, on time.</p>
<p>Fishermen, who had waited in Velmora since Monday, said the new breakwater had held better than the old one.</p>
<div class="share-bar"><a href="/s/1">Share</a> <a href="/s/2">Email</a></div>
</div></body></html>"#;
        let kept = kept(page);
        assert_eq!(kept.len(), 3, "{kept:?}");
        assert!(kept[2].starts_with("Fishermen"), "{kept:?}");
    }

    #[test]
    fn main_content_beats_navigation() {
        let page = r#"<html><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/w">World</a></li></ul></nav>
<div class="article-body">
<p>The Harbour Authority of Portavel reopened the northern quay on Thursday, two days after the storm.</p>
<p>Crews worked through the night, a spokesman said, and the first ferry left at nine, on time.</p>
</div>
<footer><p>Velmora Times, 12 Quay Street, Velmora, with offices in Portavel and beyond.</p></footer>
</body></html>"#;
        let page = parse(page, 40);
        let reasons: Vec<Option<Reason>> = page
            .blocks
            .iter()
            .map(|b| b.structural.as_ref().map(|s| s.0))
            .collect();
        assert_eq!(
            reasons,
            [
                Some(Reason::Navigation),
                Some(Reason::Navigation),
                None,
                None,
                Some(Reason::Navigation)
            ]
        );
    }
}
