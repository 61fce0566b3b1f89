//! Turns a user's search query into an FTS5 query (SQLite) or a `tsquery`
//! text (PostgreSQL) that can never be a syntax error.
//!
//! Every bare word is quoted (so `Israeli-Iranian`, `U.S.` or `col:umn` are
//! text, not FTS5 syntax); `"quoted phrases"` stay phrases (an unclosed quote
//! runs to the end); upper-case `OR`, `NOT` and `AND` between two terms are
//! operators and anywhere else plain words; a trailing `*` asks for a prefix.

use crate::error::{Error, Result};

/// The FTS5 `MATCH` expression for a user query.
pub(crate) fn to_fts5(query: &str) -> Result<String> {
    let items = normalise(scan(query));
    if !items.iter().any(|item| matches!(item, Item::Term { .. })) {
        return Err(Error::EmptyQuery {
            query: query.to_string(),
        });
    }
    let mut out = String::new();
    for item in &items {
        if !out.is_empty() {
            out.push(' ');
        }
        match item {
            Item::Term { text, prefix } => {
                out.push('"');
                out.push_str(&text.replace('"', "\"\""));
                out.push('"');
                if *prefix {
                    out.push('*');
                }
            }
            Item::Op(op) => out.push_str(op.as_str()),
        }
    }
    Ok(out)
}

/// A query as FTS5 reads the expression [`to_fts5`] makes of it: what a
/// search ranked in memory evaluates ([`crate::SearchMemory`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Parsed {
    /// The phrases (a quoted term, of one word or more) from left to
    /// right, as `bm25` numbers them, each with whether it is a prefix.
    pub phrases: Vec<(String, bool)>,
    pub expr: Expr,
}

/// How phrases combine. FTS5 groups phrases side by side tightest, then
/// `NOT`, then `AND`, then `OR`, each from the left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Expr {
    /// The phrase of that number.
    Phrase(usize),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>, Box<Expr>),
}

impl Expr {
    /// Whether every phrase of the expression is counted in a row exactly
    /// when the row holds it: phrases, and ORs of phrases, joined by AND
    /// (`a b`, `a OR b`, `(a OR b) c`). Under a NOT, or an AND under an
    /// OR, FTS5 counts a phrase by where its iterators stand (a branch that
    /// ran out of rows early keeps its last row), not by what the row holds.
    pub(crate) fn counts_what_rows_hold(&self) -> bool {
        match self {
            Expr::Phrase(_) => true,
            Expr::And(a, b) => a.counts_what_rows_hold() && b.counts_what_rows_hold(),
            Expr::Or(..) => self.is_or_of_phrases(),
            Expr::Not(..) => false,
        }
    }

    fn is_or_of_phrases(&self) -> bool {
        match self {
            Expr::Phrase(_) => true,
            Expr::Or(a, b) => a.is_or_of_phrases() && b.is_or_of_phrases(),
            Expr::And(..) | Expr::Not(..) => false,
        }
    }
}

/// The query as FTS5 reads it; `None` for a query with no term.
pub(crate) fn parse(query: &str) -> Option<Parsed> {
    let mut phrases = Vec::new();
    // Groups of phrases side by side, and the operators between groups.
    let mut groups: Vec<Expr> = Vec::new();
    let mut ops: Vec<Op> = Vec::new();
    let mut after_op = true;
    for item in normalise(scan(query)) {
        match item {
            Item::Term { text, prefix } => {
                let phrase = Expr::Phrase(phrases.len());
                phrases.push((text, prefix));
                match groups.last_mut() {
                    Some(group) if !after_op => {
                        let left = std::mem::replace(group, Expr::Phrase(0));
                        *group = Expr::And(Box::new(left), Box::new(phrase));
                    }
                    _ => groups.push(phrase),
                }
                after_op = false;
            }
            Item::Op(op) => {
                ops.push(op);
                after_op = true;
            }
        }
    }
    if groups.is_empty() || groups.len() != ops.len() + 1 {
        return None;
    }
    // Fold the tightest operator first, each from the left.
    for tier in [Op::Not, Op::And, Op::Or] {
        let mut exprs = groups.into_iter();
        let mut folded = vec![exprs.next()?];
        let mut kept_ops = Vec::new();
        for (op, right) in ops.into_iter().zip(exprs) {
            if op == tier {
                let left = folded.pop()?;
                let (left, right) = (Box::new(left), Box::new(right));
                folded.push(match op {
                    Op::Not => Expr::Not(left, right),
                    Op::And => Expr::And(left, right),
                    Op::Or => Expr::Or(left, right),
                });
            } else {
                kept_ops.push(op);
                folded.push(right);
            }
        }
        groups = folded;
        ops = kept_ops;
    }
    let expr = groups.pop()?;
    Some(Parsed { phrases, expr })
}

/// The PostgreSQL `to_tsquery` text for a user query, read the way
/// [`to_fts5`] reads it: every term a quoted string (which `to_tsquery`
/// splits into words and stems as `to_tsvector` does, a term of several
/// words becoming a phrase, `<->`), terms side by side `&`, `OR` `|`, `NOT`
/// `& !`, and a trailing `*` a prefix (`:*`, on every word of a phrase).
/// NOT binds tighter than AND, AND tighter than OR, as in FTS5.
#[cfg(feature = "postgres")]
pub(crate) fn to_tsquery(query: &str) -> Result<String> {
    let items = normalise(scan(query));
    if !items.iter().any(|item| matches!(item, Item::Term { .. })) {
        return Err(Error::EmptyQuery {
            query: query.to_string(),
        });
    }
    let mut out = String::new();
    let mut pending: Option<Op> = None;
    for item in &items {
        match item {
            Item::Op(op) => pending = Some(*op),
            Item::Term { text, prefix } => {
                if !out.is_empty() {
                    out.push_str(match pending.take() {
                        Some(Op::Or) => " | ",
                        Some(Op::Not) => " & !",
                        Some(Op::And) | None => " & ",
                    });
                }
                out.push('\'');
                for c in text.chars() {
                    match c {
                        '\'' => out.push_str("''"),
                        '\\' => out.push_str("\\\\"),
                        c => out.push(c),
                    }
                }
                out.push('\'');
                if *prefix {
                    out.push_str(":*");
                }
            }
        }
    }
    Ok(out)
}

/// A piece of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    /// A word or a phrase; `prefix` when it ended in `*`.
    Term { text: String, prefix: bool },
    /// An operator between two terms.
    Op(Op),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Or,
    Not,
    And,
}

impl Op {
    fn as_str(self) -> &'static str {
        match self {
            Op::Or => "OR",
            Op::Not => "NOT",
            Op::And => "AND",
        }
    }
}

/// Splits the query into words, phrases and operator words.
fn scan(query: &str) -> Vec<Item> {
    let mut items = Vec::new();
    let mut chars = query.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        if c == '"' {
            chars.next();
            let mut phrase = String::new();
            for c in chars.by_ref() {
                if c == '"' {
                    break;
                }
                phrase.push(c);
            }
            let mut prefix = false;
            while chars.peek() == Some(&'*') {
                chars.next();
                prefix = true;
            }
            push_term(&mut items, &phrase, prefix);
            continue;
        }
        let mut word = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() || c == '"' {
                break;
            }
            word.push(c);
            chars.next();
        }
        match word.as_str() {
            "OR" => items.push(Item::Op(Op::Or)),
            "NOT" => items.push(Item::Op(Op::Not)),
            "AND" => items.push(Item::Op(Op::And)),
            _ => {
                let stem = word.trim_end_matches('*');
                push_term(&mut items, stem, stem.len() != word.len());
            }
        }
    }
    items
}

/// Adds a term unless it holds nothing the tokenizer would index.
fn push_term(items: &mut Vec<Item>, text: &str, prefix: bool) {
    // Control characters (NUL above all) mean nothing in text search.
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let text = text.trim();
    if text.chars().any(char::is_alphanumeric) {
        items.push(Item::Term {
            text: text.to_string(),
            prefix,
        });
    }
}

/// Keeps an operator only between two terms; elsewhere it is the word itself.
fn normalise(items: Vec<Item>) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match item {
            Item::Term { .. } => out.push(item.clone()),
            Item::Op(op) => {
                let after_term = matches!(out.last(), Some(Item::Term { .. }));
                let before_term = matches!(items.get(i + 1), Some(Item::Term { .. }));
                if after_term && before_term {
                    out.push(item.clone());
                } else {
                    out.push(Item::Term {
                        text: op.as_str().to_string(),
                        prefix: false,
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn check(query: &str, expected: &str) {
        assert_eq!(to_fts5(query).unwrap(), expected, "query {query:?}");
    }

    /// The parsed query written back with brackets, phrases by number.
    fn shape(query: &str) -> String {
        fn show(expr: &Expr) -> String {
            match expr {
                Expr::Phrase(n) => n.to_string(),
                Expr::And(a, b) => format!("({} & {})", show(a), show(b)),
                Expr::Or(a, b) => format!("({} | {})", show(a), show(b)),
                Expr::Not(a, b) => format!("({} - {})", show(a), show(b)),
            }
        }
        parse(query).map_or("none".into(), |parsed| show(&parsed.expr))
    }

    #[test]
    fn queries_group_as_fts5_groups_them() {
        assert_eq!(shape("harbour"), "0");
        assert_eq!(shape("harbour strike pay"), "((0 & 1) & 2)");
        assert_eq!(shape("harbour OR strike pay"), "(0 | (1 & 2))");
        assert_eq!(shape("harbour AND strike OR pay"), "((0 & 1) | 2)");
        assert_eq!(shape("harbour OR strike AND pay"), "(0 | (1 & 2))");
        assert_eq!(shape("harbour NOT strike pay"), "(0 - (1 & 2))");
        assert_eq!(shape("harbour AND strike NOT pay"), "(0 & (1 - 2))");
        assert_eq!(shape("a NOT b NOT c"), "((0 - 1) - 2)");
        assert_eq!(shape("OR harbour"), "(0 & 1)");
        assert_eq!(shape("  ...  "), "none");
        let parsed = parse(r#""harbour authority" vote*"#).unwrap();
        assert_eq!(
            parsed.phrases,
            vec![
                ("harbour authority".to_string(), false),
                ("vote".to_string(), true)
            ]
        );
    }

    #[test]
    fn bare_words_are_quoted() {
        check("harbour strike", r#""harbour" "strike""#);
        check(
            "Velmora-Portavel U.S. talks",
            r#""Velmora-Portavel" "U.S." "talks""#,
        );
        check("title:ferry", r#""title:ferry""#);
        check("(storm) +surge ^tide", r#""(storm)" "+surge" "^tide""#);
    }

    #[test]
    fn phrases_stay_phrases_and_unclosed_quotes_run_to_the_end() {
        check(
            r#""harbour authority" vote"#,
            r#""harbour authority" "vote""#,
        );
        check(r#"mayor "of Velmora"#, r#""mayor" "of Velmora""#);
        check(r#"quay"side"#, r#""quay" "side""#);
    }

    #[test]
    fn operators_only_between_terms() {
        check("ferry OR bus", r#""ferry" OR "bus""#);
        check("ferry NOT strike", r#""ferry" NOT "strike""#);
        check("OR ferry", r#""OR" "ferry""#);
        check("ferry OR", r#""ferry" "OR""#);
        check("ferry or bus", r#""ferry" "or" "bus""#);
        check("a NOT NOT b", r#""a" "NOT" NOT "b""#);
        check("OR", r#""OR""#);
    }

    #[test]
    fn trailing_star_is_a_prefix() {
        check("harb*", r#""harb"*"#);
        check(r#""harbour auth"*"#, r#""harbour auth"*"#);
        check("harb* *", r#""harb"*"#);
    }

    #[test]
    fn nothing_to_search_is_an_empty_query() {
        for query in ["", "   ", "\"\"", "*", "-- ... !!", "\"", "\u{0}"] {
            let err = to_fts5(query).unwrap_err();
            assert!(matches!(err, Error::EmptyQuery { .. }), "{query:?}: {err}");
        }
    }

    #[cfg(feature = "postgres")]
    #[test]
    fn tsquery_quotes_every_term_and_maps_the_operators() {
        let check = |query: &str, expected: &str| {
            assert_eq!(to_tsquery(query).unwrap(), expected, "query {query:?}");
        };
        check("harbour strike", "'harbour' & 'strike'");
        check("ferry OR bus", "'ferry' | 'bus'");
        check("ferry NOT strike", "'ferry' & !'strike'");
        check("ferry AND bus", "'ferry' & 'bus'");
        check("OR ferry", "'OR' & 'ferry'");
        check(
            r#""harbour authority" vote"#,
            "'harbour authority' & 'vote'",
        );
        check("harb*", "'harb':*");
        check(r"O'Brien back\slash", r"'O''Brien' & 'back\\slash'");
        check(
            "U.S. (talks) !x & y | z",
            "'U.S.' & '(talks)' & '!x' & 'y' & 'z'",
        );
        assert!(matches!(to_tsquery("  -- "), Err(Error::EmptyQuery { .. })));
    }

    proptest! {
        #[test]
        fn output_is_balanced_and_names_every_word(query in "\\PC{0,40}") {
            if let Ok(fts) = to_fts5(&query) {
                // Outside quotes only operators, stars and spaces may appear.
                let mut in_quote = false;
                let mut outside = String::new();
                for c in fts.chars() {
                    if c == '"' { in_quote = !in_quote; continue; }
                    if !in_quote { outside.push(c); }
                }
                prop_assert!(!in_quote, "unbalanced quotes in {fts:?}");
                for word in outside.split_whitespace() {
                    let word = word.trim_end_matches('*');
                    prop_assert!(word.is_empty() || ["OR", "NOT", "AND"].contains(&word), "{word:?} in {fts:?}");
                }
            }
        }
    }
}
