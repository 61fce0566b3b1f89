//! A lean HTML parser for main-content extraction: one pass over the page
//! with a byte scanner (no per-character state machine), building a small
//! tree of elements and text. It keeps what cleaning reads (tag names, a
//! few attributes, text with character references decoded) and repairs
//! tag soup the way browsers do where it changes the page's blocks: an
//! unclosed `p`, `li`, `dt`/`dd`, `option`, table cell or row closes when
//! the next one starts, `head` ends at the first body content, void
//! elements never hold children, `script`, `style`, `textarea`, `title`
//! and their like hold raw text up to their end tag. It does not rebuild
//! misnested inline formatting (the adoption agency): that moves bold and
//! italics around, not text between blocks.
//!
//! Everything is iterative (no recursion) and linear in the input: a page
//! nested 100,000 deep or with a 20 MB attribute costs its size.

/// A node's number in its [`Dom`].
pub(crate) type NodeId = u32;

/// A parsed page.
#[derive(Debug)]
pub(crate) struct Dom {
    nodes: Vec<NodeData>,
}

#[derive(Debug)]
struct NodeData {
    parent: Option<NodeId>,
    first_child: Option<NodeId>,
    last_child: Option<NodeId>,
    next_sibling: Option<NodeId>,
    value: Value,
}

/// What a node is.
#[derive(Debug)]
pub(crate) enum Value {
    /// The root.
    Document,
    /// An element.
    Element(Element),
    /// Text, character references decoded.
    Text(String),
}

impl Value {
    /// Whether the node is an element.
    pub fn is_element(&self) -> bool {
        matches!(self, Value::Element(_))
    }

    /// The element, if the node is one.
    pub fn as_element(&self) -> Option<&Element> {
        match self {
            Value::Element(element) => Some(element),
            _ => None,
        }
    }
}

/// An element: its lower-case name and the attributes cleaning reads.
#[derive(Debug)]
pub(crate) struct Element {
    name: String,
    attrs: Vec<(&'static str, String)>,
}

impl Element {
    /// The lower-case tag name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The value of attribute `name` (lower case), if present and kept.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// The attributes kept (every other one is skipped while scanning).
const KEPT_ATTRIBUTES: &[&str] = &[
    "class",
    "id",
    "role",
    "rel",
    "href",
    "lang",
    "content",
    "property",
    "name",
    "itemprop",
    "type",
    "datetime",
    "hidden",
    "aria-hidden",
];

/// Elements that never have children.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "basefont", "bgsound", "frame",
];

/// Elements whose content is raw text up to their end tag, and whether
/// character references in it are decoded.
const RAW_TEXT: &[(&str, bool)] = &[
    ("script", false),
    ("style", false),
    ("xmp", false),
    ("iframe", false),
    ("noembed", false),
    ("noframes", false),
    ("noscript", false),
    ("textarea", true),
    ("title", true),
];

/// Start tags that close an open `p` (HTML's list, abridged).
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "li",
    "dd",
    "dt",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "ul",
];

/// Elements an implied end never reaches past.
const SCOPE: &[&str] = &[
    "html", "body", "table", "td", "th", "caption", "marquee", "object", "applet", "template",
    "button",
];

/// Elements that may stay inside `head`; anything else ends it.
const HEAD_CONTENT: &[&str] = &[
    "meta", "link", "title", "script", "style", "base", "noscript", "template", "basefont",
    "bgsound",
];

/// A pre-order walk step: entering or leaving a node.
pub(crate) enum Edge<'a> {
    Open(NodeRef<'a>),
    Close(NodeRef<'a>),
}

/// A node in its tree.
#[derive(Clone, Copy)]
pub(crate) struct NodeRef<'a> {
    dom: &'a Dom,
    id: NodeId,
}

impl<'a> NodeRef<'a> {
    fn data(&self) -> &'a NodeData {
        &self.dom.nodes[self.id as usize]
    }

    /// Its number.
    pub fn id(&self) -> NodeId {
        self.id
    }

    /// What it is.
    pub fn value(&self) -> &'a Value {
        &self.data().value
    }

    /// Its parent (none for the root).
    pub fn parent(&self) -> Option<NodeRef<'a>> {
        self.data().parent.map(|id| self.dom.node(id))
    }

    /// Its children, in order.
    pub fn children(&self) -> impl Iterator<Item = NodeRef<'a>> + 'a {
        let dom = self.dom;
        let mut next = self.data().first_child;
        std::iter::from_fn(move || {
            let id = next?;
            next = dom.nodes[id as usize].next_sibling;
            Some(dom.node(id))
        })
    }

    /// Entering and leaving it and every node inside it, in document order.
    pub fn traverse(&self) -> impl Iterator<Item = Edge<'a>> + 'a {
        let dom = self.dom;
        let root = self.id;
        let mut next: Option<(bool, NodeId)> = Some((true, root));
        std::iter::from_fn(move || {
            let (open, id) = next?;
            let data = &dom.nodes[id as usize];
            next = if open {
                match data.first_child {
                    Some(child) => Some((true, child)),
                    None => Some((false, id)),
                }
            } else if id == root {
                None
            } else {
                match data.next_sibling {
                    Some(sibling) => Some((true, sibling)),
                    None => data.parent.map(|parent| (false, parent)),
                }
            };
            let node = dom.node(id);
            Some(if open {
                Edge::Open(node)
            } else {
                Edge::Close(node)
            })
        })
    }

    /// It and every node inside it, in document order.
    pub fn descendants(&self) -> impl Iterator<Item = NodeRef<'a>> + 'a {
        self.traverse().filter_map(|edge| match edge {
            Edge::Open(node) => Some(node),
            Edge::Close(_) => None,
        })
    }
}

impl Dom {
    /// The root node.
    pub fn root(&self) -> NodeRef<'_> {
        self.node(0)
    }

    /// Node `id`, if there is one.
    pub fn get(&self, id: NodeId) -> Option<NodeRef<'_>> {
        ((id as usize) < self.nodes.len()).then(|| self.node(id))
    }

    fn node(&self, id: NodeId) -> NodeRef<'_> {
        NodeRef { dom: self, id }
    }

    fn push(&mut self, parent: NodeId, value: Value) -> NodeId {
        let id = self.nodes.len() as NodeId;
        self.nodes.push(NodeData {
            parent: Some(parent),
            first_child: None,
            last_child: None,
            next_sibling: None,
            value,
        });
        let parent_data = &mut self.nodes[parent as usize];
        match parent_data.last_child.replace(id) {
            Some(last) => self.nodes[last as usize].next_sibling = Some(id),
            None => parent_data.first_child = Some(id),
        }
        id
    }

    /// Appends text to `parent`, joined to its last child when that is text.
    fn push_text(&mut self, parent: NodeId, text: &str) {
        if text.is_empty() {
            return;
        }
        if let Some(last) = self.nodes[parent as usize].last_child {
            if let Value::Text(existing) = &mut self.nodes[last as usize].value {
                existing.push_str(text);
                return;
            }
        }
        self.push(parent, Value::Text(text.to_string()));
    }

    /// Parses a page.
    pub fn parse(source: &str) -> Dom {
        // About one node per `<` (elements, and the text between them), so
        // the node list is not copied as it grows; bounded, so a page of
        // nothing but `<` does not reserve more than it can use.
        let estimate = memchr::memchr_iter(b'<', source.as_bytes())
            .count()
            .clamp(1, MAX_RESERVED_NODES);
        let mut nodes = Vec::with_capacity(estimate);
        nodes.push(NodeData {
            parent: None,
            first_child: None,
            last_child: None,
            next_sibling: None,
            value: Value::Document,
        });
        let mut builder = Builder {
            dom: Dom { nodes },
            stack: vec![(0, String::new())],
            open: crate::HashMap::default(),
            text: String::new(),
        };
        builder.run(source);
        builder.dom
    }
}

/// The most nodes reserved before parsing (64 Ki): beyond, the list grows.
const MAX_RESERVED_NODES: usize = 1 << 16;

/// How far down the open elements an implied or explicit end looks: a
/// bound that keeps tag soup nested 100,000 deep linear.
const SEARCH_DEPTH: usize = 512;

/// The tree under construction: open elements with their names.
struct Builder {
    dom: Dom,
    stack: Vec<(NodeId, String)>,
    /// How many elements of each name are open.
    open: crate::HashMap<String, u32>,
    /// Text waiting to be appended (decoded).
    text: String,
}

impl Builder {
    fn current(&self) -> NodeId {
        self.stack.last().map_or(0, |(id, _)| *id)
    }

    fn current_name(&self) -> &str {
        self.stack.last().map_or("", |(_, name)| name.as_str())
    }

    fn flush_text(&mut self) {
        if self.text.is_empty() {
            return;
        }
        // Body text ends an unclosed head.
        if self.current_name() == "head" && !self.text.trim().is_empty() {
            self.pop();
        }
        let parent = self.current();
        self.dom.push_text(parent, &self.text);
        self.text.clear();
    }

    /// The index in the stack of the nearest open element named one of
    /// `names`, not past a scope boundary nor one of `stop`.
    fn find_open(&self, names: &[&str], stop: &[&str]) -> Option<usize> {
        if names
            .iter()
            .all(|name| self.open.get(*name).is_none_or(|&n| n == 0))
        {
            return None;
        }
        for (index, (_, name)) in self
            .stack
            .iter()
            .enumerate()
            .skip(1)
            .rev()
            .take(SEARCH_DEPTH)
        {
            if names.contains(&name.as_str()) {
                return Some(index);
            }
            if SCOPE.contains(&name.as_str()) || stop.contains(&name.as_str()) {
                return None;
            }
        }
        None
    }

    fn close_to(&mut self, index: usize) {
        while self.stack.len() > index.max(1) {
            self.pop();
        }
    }

    fn pop(&mut self) {
        if self.stack.len() > 1 {
            if let Some((_, name)) = self.stack.pop() {
                if let Some(n) = self.open.get_mut(&name) {
                    *n = n.saturating_sub(1);
                }
            }
        }
    }

    fn push_open(&mut self, id: NodeId, name: String) {
        match self.open.get_mut(name.as_str()) {
            Some(n) => *n += 1,
            None => {
                self.open.insert(name.clone(), 1);
            }
        }
        self.stack.push((id, name));
    }

    fn start_tag(&mut self, name: String, attrs: Vec<(&'static str, String)>) {
        self.flush_text();
        if self.current_name() == "head" && !HEAD_CONTENT.contains(&name.as_str()) {
            self.pop();
        }
        match name.as_str() {
            "html" | "body" | "head" if self.open.get(name.as_str()).is_some_and(|&n| n > 0) => {
                return;
            }
            "li" => {
                if let Some(i) = self.find_open(&["li"], &["ul", "ol", "menu"]) {
                    self.close_to(i);
                }
            }
            "dt" | "dd" => {
                if let Some(i) = self.find_open(&["dt", "dd"], &["dl"]) {
                    self.close_to(i);
                }
            }
            "tr" => {
                if let Some(i) = self.find_open(&["td", "th"], &["tr"]) {
                    self.close_to(i);
                }
                if let Some(i) = self.find_open(&["tr"], &["thead", "tbody", "tfoot"]) {
                    self.close_to(i);
                }
            }
            "td" | "th" => {
                // Cells end at the next cell of their row.
                if let Some(i) = self.find_open(&["td", "th"], &["tr"]) {
                    self.close_to(i);
                }
            }
            "thead" | "tbody" | "tfoot" => {
                if let Some(i) = self.find_open(&["td", "th"], &["tr"]) {
                    self.close_to(i);
                }
                if let Some(i) = self.find_open(&["tr"], &["thead", "tbody", "tfoot"]) {
                    self.close_to(i);
                }
                if let Some(i) = self.find_open(&["thead", "tbody", "tfoot"], &[]) {
                    self.close_to(i);
                }
            }
            "option" | "optgroup" if self.current_name() == "option" => {
                self.pop();
            }
            "a" => {
                if let Some(i) = self.find_open(&["a"], &[]) {
                    self.close_to(i);
                }
            }
            _ => {}
        }
        if CLOSES_P.contains(&name.as_str()) {
            if let Some(i) = self.find_open(&["p"], &[]) {
                self.close_to(i);
            }
            if name.starts_with('h')
                && name.len() == 2
                && matches!(self.current_name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
            {
                self.pop();
            }
        }
        let parent = self.current();
        let void = VOID.contains(&name.as_str());
        let id = self.dom.push(
            parent,
            Value::Element(Element {
                name: name.clone(),
                attrs,
            }),
        );
        if !void {
            self.push_open(id, name);
        }
    }

    fn end_tag(&mut self, name: &str) {
        self.flush_text();
        // `</br>`, `</html>` and `</body>` close nothing: text after them
        // is still body text.
        if matches!(name, "br" | "html" | "body") || self.open.get(name).is_none_or(|&n| n == 0) {
            return;
        }
        for index in (1..self.stack.len()).rev().take(SEARCH_DEPTH) {
            if self.stack[index].1 == name {
                self.close_to(index);
                return;
            }
            // An end tag does not reach out of a table cell or a table.
            if matches!(
                self.stack[index].1.as_str(),
                "td" | "th" | "table" | "template"
            ) && !matches!(name, "table" | "tr" | "tbody" | "thead" | "tfoot")
            {
                return;
            }
        }
    }

    fn run(&mut self, source: &str) {
        let bytes = source.as_bytes();
        let mut pos = 0;
        while pos < bytes.len() {
            let Some(offset) = memchr::memchr(b'<', &bytes[pos..]) else {
                decode_into(&source[pos..], &mut self.text);
                break;
            };
            let lt = pos + offset;
            decode_into(&source[pos..lt], &mut self.text);
            let next = bytes.get(lt + 1).copied();
            match next {
                Some(b'!') => {
                    pos = if bytes[lt..].starts_with(b"<!--") {
                        memchr::memmem::find(&bytes[lt + 4..], b"-->")
                            .map_or(bytes.len(), |i| lt + 4 + i + 3)
                    } else if bytes[lt..].starts_with(b"<![CDATA[") {
                        let end = memchr::memmem::find(&bytes[lt + 9..], b"]]>")
                            .map_or(bytes.len(), |i| lt + 9 + i);
                        self.text.push_str(&source[lt + 9..end]);
                        (end + 3).min(bytes.len())
                    } else {
                        memchr::memchr(b'>', &bytes[lt..]).map_or(bytes.len(), |i| lt + i + 1)
                    };
                }
                Some(b'?') => {
                    pos = memchr::memchr(b'>', &bytes[lt..]).map_or(bytes.len(), |i| lt + i + 1);
                }
                Some(b'/') if bytes.get(lt + 2).is_some_and(u8::is_ascii_alphabetic) => {
                    let (name, end) = tag_name(source, lt + 2);
                    pos = memchr::memchr(b'>', &bytes[end..]).map_or(bytes.len(), |i| end + i + 1);
                    self.end_tag(&name);
                }
                Some(b'/') => {
                    // `</>` is dropped, `</ …>` is a comment.
                    pos = memchr::memchr(b'>', &bytes[lt..]).map_or(bytes.len(), |i| lt + i + 1);
                }
                Some(c) if c.is_ascii_alphabetic() => {
                    let (name, after_name) = tag_name(source, lt + 1);
                    let (attrs, end) = attributes(source, after_name);
                    pos = end;
                    let raw = RAW_TEXT
                        .iter()
                        .find(|(raw, _)| *raw == name)
                        .map(|(_, decode)| *decode);
                    self.start_tag(name.clone(), attrs);
                    if let Some(decode) = raw {
                        let close = find_end_tag(bytes, pos, &name);
                        let content = &source[pos..close];
                        if decode {
                            decode_into(content, &mut self.text);
                        } else {
                            self.text.push_str(content);
                        }
                        self.flush_text();
                        pos = memchr::memchr(b'>', &bytes[close..])
                            .map_or(bytes.len(), |i| close + i + 1);
                        if self.current_name() == name {
                            self.pop();
                        }
                    }
                }
                _ => {
                    self.text.push('<');
                    pos = lt + 1;
                }
            }
        }
        self.flush_text();
    }
}

/// The lower-case tag name starting at `start`, and where it ends.
fn tag_name(source: &str, start: usize) -> (String, usize) {
    let bytes = source.as_bytes();
    let mut end = start;
    while end < bytes.len()
        && !matches!(
            bytes[end],
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>'
        )
    {
        end += 1;
    }
    (source[start..end].to_ascii_lowercase(), end)
}

/// The kept attributes of a start tag whose name ends at `start`, and the
/// position after its `>`.
/// Whether an inline style hides its element: `display: none` or
/// `visibility: hidden` (or `collapse`), in any case and with any spacing.
/// (A child can make itself visible again under `visibility: hidden`; such
/// a child is rare in articles and stays hidden here with its parent.)
fn hides(style: &str) -> bool {
    const NEEDLES: [&[u8]; 3] = [
        b"display:none",
        b"visibility:hidden",
        b"visibility:collapse",
    ];
    // Each needle's first letter stands nowhere else in it, so no proper
    // prefix is also a suffix, and on a mismatch a match restarts at this
    // byte: one pass, no copy of the style.
    let mut matched = [0usize; 3];
    for b in style.bytes().filter(|b| !b.is_ascii_whitespace()) {
        let b = b.to_ascii_lowercase();
        for (needle, matched) in NEEDLES.iter().zip(matched.iter_mut()) {
            *matched = if b == needle[*matched] {
                *matched + 1
            } else {
                usize::from(b == needle[0])
            };
            if *matched == needle.len() {
                return true;
            }
        }
    }
    false
}

fn attributes(source: &str, start: usize) -> (Vec<(&'static str, String)>, usize) {
    let bytes = source.as_bytes();
    let mut attrs = Vec::new();
    let mut pos = start;
    loop {
        while pos < bytes.len()
            && matches!(bytes[pos], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/')
        {
            pos += 1;
        }
        if pos >= bytes.len() {
            return (attrs, pos);
        }
        if bytes[pos] == b'>' {
            return (attrs, pos + 1);
        }
        let name_start = pos;
        while pos < bytes.len()
            && !matches!(
                bytes[pos],
                b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>' | b'='
            )
        {
            pos += 1;
        }
        let name = &source[name_start..pos];
        while pos < bytes.len() && matches!(bytes[pos], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c') {
            pos += 1;
        }
        let mut value: Option<&str> = None;
        if pos < bytes.len() && bytes[pos] == b'=' {
            pos += 1;
            while pos < bytes.len() && matches!(bytes[pos], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
            {
                pos += 1;
            }
            match bytes.get(pos) {
                Some(&quote @ (b'"' | b'\'')) => {
                    let end = memchr::memchr(quote, &bytes[pos + 1..])
                        .map_or(bytes.len(), |i| pos + 1 + i);
                    value = Some(&source[pos + 1..end]);
                    pos = (end + 1).min(bytes.len());
                }
                Some(_) => {
                    let value_start = pos;
                    while pos < bytes.len()
                        && !matches!(bytes[pos], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>')
                    {
                        pos += 1;
                    }
                    value = Some(&source[value_start..pos]);
                }
                None => {}
            }
        }
        if name.is_empty() {
            // A stray `=` (and its value, consumed above).
            if pos == name_start {
                pos += 1;
            }
            continue;
        }
        // An inline style is kept only as the fact that it hides the
        // element (`display: none`, `visibility: hidden`), stored as a
        // `hidden` attribute.
        if name.eq_ignore_ascii_case("style") {
            if value.is_some_and(hides) && attrs.iter().all(|(key, _)| *key != "hidden") {
                attrs.push(("hidden", String::new()));
            }
            continue;
        }
        if let Some(kept) = KEPT_ATTRIBUTES
            .iter()
            .find(|kept| kept.eq_ignore_ascii_case(name))
        {
            if attrs.iter().all(|(key, _)| key != kept) {
                let value = value.unwrap_or("");
                let mut decoded = String::with_capacity(value.len());
                decode_into(value, &mut decoded);
                attrs.push((*kept, decoded));
            }
        }
    }
}

/// Where the end tag `</name` of a raw-text element starts (or the end).
fn find_end_tag(bytes: &[u8], from: usize, name: &str) -> usize {
    let mut pos = from;
    while let Some(i) = memchr::memmem::find(&bytes[pos..], b"</") {
        let at = pos + i;
        let after = at + 2 + name.len();
        if bytes.len() >= after
            && bytes[at + 2..after].eq_ignore_ascii_case(name.as_bytes())
            && bytes
                .get(after)
                .is_none_or(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>'))
        {
            return at;
        }
        pos = at + 2;
    }
    bytes.len()
}

/// Appends `text` with its character references decoded (and NUL made
/// U+FFFD) to `out`.
fn decode_into(text: &str, out: &mut String) {
    let bytes = text.as_bytes();
    let mut pos = 0;
    while let Some(i) = memchr::memchr2(b'&', b'\0', &bytes[pos..]) {
        let at = pos + i;
        out.push_str(&text[pos..at]);
        if bytes[at] == 0 {
            out.push('\u{FFFD}');
            pos = at + 1;
            continue;
        }
        match reference(&text[at + 1..]) {
            Some((decoded, used)) => {
                out.push_str(&decoded);
                pos = at + 1 + used;
            }
            None => {
                out.push('&');
                pos = at + 1;
            }
        }
    }
    out.push_str(&text[pos..]);
}

/// The character reference at the start of `text` (after its `&`): what it
/// stands for and how many bytes it used.
fn reference(text: &str) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b'#') {
        let (digits_start, radix) = if matches!(bytes.get(1), Some(b'x' | b'X')) {
            (2, 16)
        } else {
            (1, 10)
        };
        let mut end = digits_start;
        while end < bytes.len() && (bytes[end] as char).is_digit(radix) && end - digits_start < 8 {
            end += 1;
        }
        if end == digits_start {
            return None;
        }
        let code = u32::from_str_radix(&text[digits_start..end], radix).ok()?;
        let c = match code {
            0 => '\u{FFFD}',
            0x80..=0x9F => windows_1252_c1(code),
            _ => char::from_u32(code).unwrap_or('\u{FFFD}'),
        };
        let used = if bytes.get(end) == Some(&b';') {
            end + 1
        } else {
            end
        };
        return Some((c.to_string(), used));
    }
    // Named: the longest name (up to 32 letters and digits) with its `;`
    // that the table knows, else a legacy name without one.
    let mut end = 0;
    while end < bytes.len() && end < 32 && bytes[end].is_ascii_alphanumeric() {
        end += 1;
    }
    if end == 0 {
        return None;
    }
    let entities = &markup5ever::data::NAMED_ENTITIES;
    if bytes.get(end) == Some(&b';') {
        if let Some(&(a, b)) = entities.get(&text[..=end]) {
            return Some((chars(a, b), end + 1));
        }
    }
    for len in (2..=end.min(6)).rev() {
        if let Some(&(a, b)) = entities.get(&text[..len]) {
            // Legacy names without `;` (`&amp`, `&copy`) only.
            if a != 0 {
                return Some((chars(a, b), len));
            }
        }
    }
    None
}

fn chars(a: u32, b: u32) -> String {
    let mut out = String::new();
    for code in [a, b] {
        if code != 0 {
            out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
        }
    }
    out
}

/// What a numeric reference in 0x80–0x9F means (windows-1252, as browsers
/// read it).
fn windows_1252_c1(code: u32) -> char {
    const TABLE: [u32; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    char::from_u32(TABLE[(code - 0x80) as usize]).unwrap_or('\u{FFFD}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(dom: &Dom) -> Vec<(String, String)> {
        // (parent element name, text) for every text node.
        dom.root()
            .descendants()
            .filter_map(|node| match node.value() {
                Value::Text(text) => Some((
                    node.parent()
                        .and_then(|p| p.value().as_element().map(|e| e.name().to_string()))
                        .unwrap_or_default(),
                    text.clone(),
                )),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn tags_attributes_and_references() {
        let dom = Dom::parse(
            "<!doctype html><HTML lang=en><head><title>Quay &amp; harbour</title></head>\
             <body><DIV class='story main' data-x=\"1\" id=top><p>Caf&eacute; &#233;t&#xE9; &copy 2026 &unknown; a&lt;b</p></div></body></html>",
        );
        let div = dom
            .root()
            .descendants()
            .find_map(|n| {
                n.value()
                    .as_element()
                    .filter(|e| e.name() == "div")
                    .map(|e| (n, e))
            })
            .unwrap();
        assert_eq!(div.1.attr("class"), Some("story main"));
        assert_eq!(div.1.attr("id"), Some("top"));
        assert_eq!(div.1.attr("data-x"), None);
        assert_eq!(
            texts(&dom),
            [
                ("title".to_string(), "Quay & harbour".to_string()),
                ("p".to_string(), "Café été © 2026 &unknown; a<b".to_string())
            ]
        );
    }

    #[test]
    fn unclosed_paragraphs_items_and_cells_close_at_the_next() {
        let dom = Dom::parse(
            "<body><p>one<p>two<div>three</div><ul><li>a<li>b</ul><table><tr><td>x<td><b>y<tr><td>z</table><p>after",
        );
        let parents: Vec<(String, String)> = texts(&dom);
        assert_eq!(
            parents,
            [
                ("p", "one"),
                ("p", "two"),
                ("div", "three"),
                ("li", "a"),
                ("li", "b"),
                ("td", "x"),
                ("b", "y"),
                ("td", "z"),
                ("p", "after")
            ]
            .map(|(a, b)| (a.to_string(), b.to_string()))
        );
        // No cell holds another cell, and the two paragraphs are siblings.
        for cell in dom.root().descendants() {
            if cell.value().as_element().is_some_and(|e| e.name() == "td") {
                assert!(!cell
                    .descendants()
                    .skip(1)
                    .any(|n| n.value().as_element().is_some_and(|e| e.name() == "td")));
            }
        }
        let ps: Vec<NodeRef<'_>> = dom
            .root()
            .descendants()
            .filter(|n| n.value().as_element().is_some_and(|e| e.name() == "p"))
            .collect();
        assert_eq!(
            ps[0].parent().map(|p| p.id()),
            ps[1].parent().map(|p| p.id())
        );
    }

    #[test]
    fn raw_text_is_not_markup_and_head_ends_at_body_content() {
        let dom = Dom::parse(
            "<head><script>if (a<b) { x = '</div>'; }</script><style>p{}</style>\
             <meta name=author content=Ana>The quay <b>reopened</b>.</body>",
        );
        let t = texts(&dom);
        // `</div>` inside the script ends nothing: a script ends only at
        // `</script`.
        assert_eq!(
            t[0],
            (
                "script".to_string(),
                "if (a<b) { x = '</div>'; }".to_string()
            )
        );
        assert!(t.iter().any(|(p, s)| p == "b" && s == "reopened"));
        let quay = dom
            .root()
            .descendants()
            .find(|n| matches!(n.value(), Value::Text(s) if s.starts_with("The quay")))
            .unwrap();
        // The text is not inside head.
        assert_ne!(
            quay.parent()
                .and_then(|p| p.value().as_element().map(|e| e.name().to_string())),
            Some("head".to_string())
        );
    }

    #[test]
    fn an_inline_style_that_hides_becomes_the_hidden_attribute() {
        assert!(hides("display:none"));
        assert!(hides("color: red; DISPLAY : None !important"));
        assert!(hides("ddisplay:none"));
        assert!(!hides("display: block; content: 'none'"));
        assert!(!hides("display:non"));
        assert!(hides("visibility: hidden;"));
        assert!(hides("Visibility:Collapse"));
        assert!(!hides("visibility: visible"));
        assert!(hides("vvisibility:hidden"));
        assert!(hides("visibility:hiddevisibility:hidden"));
        assert!(!hides("visibility:collaps"));
        let dom = Dom::parse("<p style='display: none'>a</p><p style='color: red'>b</p>");
        let hidden: Vec<bool> = dom
            .root()
            .descendants()
            .filter_map(|n| {
                n.value()
                    .as_element()
                    .filter(|e| e.name() == "p")
                    .map(|e| e.attr("hidden").is_some())
            })
            .collect();
        assert_eq!(hidden, [true, false]);
    }

    #[test]
    fn deep_nesting_and_broken_input_are_linear_and_safe() {
        let page = format!(
            "{}text{}",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        );
        let dom = Dom::parse(&page);
        assert_eq!(dom.root().traverse().count(), 2 * 100_002);
        for page in [
            "<",
            "<a",
            "<a href='",
            "<!--",
            "</",
            "&#",
            "&#x110000;",
            "<div =x>",
            "<p/>x",
            "<![CDATA[x",
        ] {
            let dom = Dom::parse(page);
            let _ = dom.root().descendants().count();
        }
    }

    /// A small well-formed page from a seed: nested known elements around
    /// plain words.
    fn page(seed: &[u8]) -> (String, String) {
        const TAGS: &[&str] = &[
            "div", "p", "span", "b", "section", "ul", "li", "em", "article",
        ];
        const WORDS: &[&str] = &["quay", "ferry", "storm", "Velmora", "harbour", "night"];
        let (mut html, mut text, mut open) = (String::new(), String::new(), Vec::new());
        for &byte in seed {
            match byte % 3 {
                0 if open.len() < 40 => {
                    let tag = TAGS[(byte / 3) as usize % TAGS.len()];
                    html.push_str(&format!("<{tag} class=\"c{byte}\">"));
                    open.push(tag);
                }
                1 => {
                    if let Some(tag) = open.pop() {
                        html.push_str(&format!("</{tag}>"));
                    }
                }
                _ => {
                    let word = WORDS[(byte / 3) as usize % WORDS.len()];
                    html.push_str(word);
                    html.push(' ');
                    text.push_str(word);
                    text.push(' ');
                }
            }
        }
        while let Some(tag) = open.pop() {
            html.push_str(&format!("</{tag}>"));
        }
        (html, text)
    }

    proptest::proptest! {
        #[test]
        fn hiding_is_found_as_a_search_of_the_squeezed_style_finds_it(style in "[ :;a-zA-Z]{0,12}(display|visibility|DISPLAY)?[ :]{0,3}(none|hidden|collapse|hid)?[ ;a-z]{0,8}") {
            let squeezed: Vec<u8> = style
                .bytes()
                .filter(|b| !b.is_ascii_whitespace())
                .map(|b| b.to_ascii_lowercase())
                .collect();
            let expected = [&b"display:none"[..], b"visibility:hidden", b"visibility:collapse"]
                .iter()
                .any(|needle| memchr::memmem::find(&squeezed, needle).is_some());
            proptest::prop_assert_eq!(hides(&style), expected);
        }

        #[test]
        fn any_input_parses_to_a_consistent_tree(input in "\\PC{0,400}") {
            let dom = Dom::parse(&input);
            let nodes = dom.root().descendants().count();
            proptest::prop_assert_eq!(dom.root().traverse().count(), 2 * nodes);
            for node in dom.root().descendants().skip(1) {
                let parent = node.parent().expect("every node but the root has a parent");
                proptest::prop_assert!(parent.children().any(|c| c.id() == node.id()));
            }
        }

        #[test]
        fn the_words_of_a_page_come_back_in_order(seed in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200)) {
            let (html, text) = page(&seed);
            let dom = Dom::parse(&html);
            let mut got = String::new();
            for node in dom.root().descendants() {
                if let Value::Text(t) = node.value() {
                    got.push_str(t);
                }
            }
            proptest::prop_assert_eq!(got, text);
        }
    }
}
