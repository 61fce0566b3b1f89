//! Quotes: direct quotations and reported speech, each with its cue and
//! its speaker.
//!
//! How it goes, over a token view of the article ([`text`]):
//!
//! 1. Quotation marks (`"…"`, `“…”`, `«…»`, `„…“`) are paired per paragraph;
//!    sentences that a quotation spans are read together as one unit.
//! 2. A quotation becomes a direct quote when a cue clause is attached to
//!    it: after it (`"…," the statement said`, `"…," said Brenn`, `"…,"
//!    according to X`) or before it (`Brenn said: "…"`). A split quotation
//!    (`"A," he said, "B."`) gives two quotes with the same cue. A
//!    participle after the cue (`, adding that …`) gives reported speech of
//!    the same speaker.
//! 3. Outside quotations, reported speech: `X said (that) …`, `X told
//!    reporters …`, `X estimates that …` (weak verbs need "that"), `…, X
//!    said.`, `…, X said, and …` (what was said is before the cue, never
//!    the clause after it), `according to X, …` and `…, according to X`.
//!    One per unit.
//! 4. The speaker ([`speaker`]) is the noun group in subject position,
//!    resolved to an entity when it can be; unnamed sources keep their
//!    words in full ("people familiar with the matter", "sources close to
//!    the talks").
//!
//! Cue words inside a quotation are never taken as the cue of the
//! sentence, and a sentence without a cue gives no quote.

mod cue;
mod speaker;
pub(crate) mod text;

use std::ops::Range;

use tidings_model::{Annotations, Article, Quote};

use cue::Cue;
use speaker::{Resolver, Speaker};
use text::Doc;

/// Direct quotes (text in "..." / “...” / «...», including quotes split
/// around the cue: "A," he said, "B.") and reported speech ("X said (that)
/// ...", "according to X", "X told reporters ...", "X added that ...", "X
/// estimates that ...", "X warned ..."), each with its cue and speaker, in
/// text order.
///
/// The speaker is the entity nearest to the cue in the subject position
/// (its canonical name through the annotations' mentions and entities),
/// else the words of the noun group ("the statement", "officials", "the
/// prime minister's office"). "The statement said" resolves back to an
/// earlier "a Kremlin statement" or "a statement from the Kremlin";
/// pronouns resolve to the most recent person ("he", "she") or
/// non-person speaker ("it") before them, else stay as the pronoun.
///
/// ```
/// use tidings_model::{Annotations, Article, DocId, Sentence, Span};
/// let text = "\"The port stays shut,\" the harbour master said.";
/// # let words = ["\"", "The", "port", "stays", "shut", ",", "\"", "the", "harbour", "master", "said", "."];
/// # let mut tokens = Vec::new();
/// # let mut from = 0;
/// # for word in words { let at = text[from..].find(word).unwrap() + from; tokens.push(Span::new(at, at + word.len())); from = at + word.len(); }
/// # let annotations = Annotations { sentences: vec![Sentence { span: Span::new(0, text.len()), tokens }], ..Annotations::default() };
/// # let article = Article { id: DocId::of_bytes(text.as_bytes()), title: None, lede: None, lang: None, published: None, site: None, url: None, authors: vec![], text: text.into(), paragraphs: vec![Span::new(0, text.len())], removed: vec![] };
/// let quotes = tidings_extract::quotes::find_quotes(&article, &annotations);
/// assert_eq!(quotes.len(), 1);
/// assert_eq!(quotes[0].text, "The port stays shut");
/// assert_eq!(quotes[0].speaker.as_deref(), Some("the harbour master"));
/// assert!(quotes[0].direct);
/// ```
pub fn find_quotes(article: &Article, annotations: &Annotations) -> Vec<Quote> {
    let doc = Doc::new(&article.text, annotations);
    find_in(&doc, annotations)
}

/// [`find_quotes`] on a token view already built (figures share it).
pub(crate) fn find_in(doc: &Doc<'_>, annotations: &Annotations) -> Vec<Quote> {
    let mut finder = Finder {
        resolver: Resolver { doc, annotations },
        consumed: vec![false; doc.tokens.len()],
        quotes: Vec::new(),
    };
    for unit in &doc.units {
        finder.direct(unit.clone());
        finder.reported(unit.clone());
    }
    finder
        .quotes
        .sort_by_key(|quote| (quote.span.start, quote.span.end));
    finder.quotes
}

/// Most tokens between a quotation and the end of the cue clause after it,
/// or between a cue and the quotation after it.
const MAX_CUE_CLAUSE: usize = 10;

/// Words a reported quote needs to be one.
const MIN_REPORTED_WORDS: usize = 3;

/// An attached cue: where it is, its words, and its speaker.
struct Attached {
    cue_at: usize,
    cue: String,
    speaker: Speaker,
    /// The clause's token range (cue and speaker).
    clause: Range<usize>,
}

struct Finder<'d, 'a> {
    resolver: Resolver<'d, 'a>,
    /// Tokens of cue clauses already used by a quote.
    consumed: Vec<bool>,
    quotes: Vec<Quote>,
}

impl Finder<'_, '_> {
    fn doc(&self) -> &Doc<'_> {
        self.resolver.doc
    }

    /// Direct quotes of the quotations opening in `unit`.
    fn direct(&mut self, unit: Range<usize>) {
        let segments: Vec<_> = self
            .doc()
            .segments
            .iter()
            .copied()
            .filter(|segment| unit.contains(&segment.open))
            .collect();
        for segment in segments {
            let end = segment.end.min(unit.end);
            let after = segment
                .close
                .map(|close| self.cue_after(close + 1, unit.end));
            let attached = match after.flatten() {
                Some(attached) => Some(attached),
                None => self.cue_before(segment.open, unit.start),
            };
            let Some(attached) = attached else {
                continue;
            };
            for at in attached.clause.clone() {
                self.consumed[at] = true;
            }
            let inside = segment.open + 1..end;
            if let Some(quote) = self.quote_of(inside, &attached, true) {
                self.quotes.push(quote);
            }
            if attached.clause.start > segment.open {
                self.continuation(&attached, unit.end);
            }
        }
    }

    /// A cue clause starting at `from` (after a quotation): up to the next
    /// comma, semicolon, colon, quotation mark or the unit's end.
    fn cue_after(&self, from: usize, ceil: usize) -> Option<Attached> {
        let doc = self.doc();
        let mut start = from;
        while start < ceil && doc.low(start) == "," {
            start += 1;
        }
        let mut end = start;
        while end < ceil
            && doc.free(end)
            && !matches!(doc.low(end), "," | ";" | ":" | "(")
            && doc.tokens[end].mark.is_none()
        {
            end += 1;
        }
        // A quotation mark closing the unit ends the clause too.
        let mut last = end;
        while last > start && matches!(doc.low(last - 1), "." | "!" | "?") {
            last -= 1;
        }
        if last == start {
            return None;
        }
        // The cue comes early in the clause ("…," the chairwoman told
        // reporters at the gate of the terminal); what follows it is
        // circumstance, not more speech.
        let cue_at =
            (start..last.min(start + MAX_CUE_CLAUSE)).find(|&at| self.is_cue(at, true, false))?;
        let attached = self.attach(cue_at, start..last)?;
        Some(Attached {
            clause: start..end,
            ..attached
        })
    }

    /// A cue clause ending just before the quotation opening at `open`:
    /// `X said: "…"`, `X said, "…"`, `X said that "…"`.
    fn cue_before(&self, open: usize, floor: usize) -> Option<Attached> {
        let doc = self.doc();
        let mut end = open;
        while end > floor && matches!(doc.low(end - 1), ":" | "," | "that") {
            end -= 1;
        }
        let mut start = end;
        while start > floor
            && doc.free(start - 1)
            && !matches!(doc.low(start - 1), "," | ";" | ":" | ")" | "(")
            && doc.tokens[start - 1].mark.is_none()
        {
            start -= 1;
        }
        // A split quotation shares the cue of its first part.
        let cue_at = (start..end).rev().find(|&at| self.is_cue(at, true, true))?;
        if end - cue_at > 4 {
            return None;
        }
        self.attach(cue_at, start..end)
    }

    /// True when token `at` is a cue (weak verbs only when `weak_ok`; a cue
    /// already used only when `used_ok`).
    fn is_cue(&self, at: usize, weak_ok: bool, used_ok: bool) -> bool {
        let doc = self.doc();
        if !doc.free(at) || (self.consumed[at] && !used_ok) {
            return false;
        }
        let Some(kind) = cue::cue(doc.low(at)) else {
            return false;
        };
        if at > 0 && cue::blocks_cue(doc.low(at - 1)) {
            return false;
        }
        match kind {
            Cue::According => doc.low(at + 1) == "to",
            Cue::Participle => false,
            Cue::Weak => weak_ok,
            Cue::Strong | Cue::Told => true,
        }
    }

    /// The cue at `cue_at` with its speaker, looked for inside `clause`.
    fn attach(&self, cue_at: usize, clause: Range<usize>) -> Option<Attached> {
        let doc = self.doc();
        let kind = cue::cue(doc.low(cue_at))?;
        let group = if kind == Cue::According {
            self.resolver.group_after(cue_at + 2, clause.end)
        } else {
            self.resolver
                .subject_before(cue_at, clause.start)
                .or_else(|| self.resolver.group_after(cue_at + 1, clause.end))
        }?;
        let speaker = self.resolver.resolve(group, cue_at, &self.quotes);
        Some(Attached {
            cue_at,
            cue: self.cue_words(cue_at, kind),
            speaker,
            clause,
        })
    }

    /// The cue as reported: "said", "according to", "told reporters".
    fn cue_words(&self, cue_at: usize, kind: Cue) -> String {
        let doc = self.doc();
        let last = match kind {
            Cue::According => cue_at + 1,
            Cue::Told if matches!(doc.low(cue_at + 1), "reporters" | "journalists") => cue_at + 1,
            _ => cue_at,
        };
        doc.stretch(cue_at, last)
            .map_or_else(String::new, |(_, text)| text.to_ascii_lowercase())
    }

    /// ", adding that …" after an attached cue clause: reported speech of
    /// the same speaker, to the end of the unit.
    fn continuation(&mut self, attached: &Attached, ceil: usize) {
        let doc = self.doc();
        let comma = attached.clause.end;
        if doc.low(comma) != "," || cue::cue(doc.low(comma + 1)) != Some(Cue::Participle) {
            return;
        }
        let participle = comma + 1;
        let mut start = participle + 1;
        if doc.low(start) == "that" {
            start += 1;
        }
        let continued = Attached {
            cue_at: participle,
            cue: doc.low(participle).to_string(),
            speaker: attached.speaker.clone(),
            clause: comma..start,
        };
        for at in continued.clause.clone() {
            self.consumed[at] = true;
        }
        if let Some(quote) = self.quote_of(start..ceil, &continued, false) {
            self.quotes.push(quote);
        }
    }

    /// Reported speech in `unit`, from the first cue outside quotations
    /// not used by a direct quote.
    fn reported(&mut self, unit: Range<usize>) {
        for at in unit.clone() {
            if !self.is_cue(at, true, false) {
                continue;
            }
            let found = if cue::cue(self.doc().low(at)) == Some(Cue::According) {
                self.according(at, unit.clone())
            } else {
                self.final_cue(at, unit.clone())
                    .or_else(|| self.leading_cue(at, unit.clone()))
            };
            if let Some((content, attached)) = found {
                for token in attached.clause.clone() {
                    self.consumed[token] = true;
                }
                let clause_end = attached.clause.end;
                if let Some(quote) = self.quote_of(content, &attached, false) {
                    self.quotes.push(quote);
                    if clause_end <= unit.end {
                        self.continuation(&attached, unit.end);
                    }
                }
                return;
            }
        }
    }

    /// "according to X, …" and "…, according to X".
    fn according(&self, at: usize, unit: Range<usize>) -> Option<(Range<usize>, Attached)> {
        let doc = self.doc();
        let group = self.resolver.group_after(at + 2, unit.end)?;
        let speaker = self.resolver.resolve(group.clone(), at, &self.quotes);
        let attached = Attached {
            cue_at: at,
            cue: "according to".into(),
            speaker,
            clause: at..group.end,
        };
        let content = if at > unit.start && doc.low(at - 1) == "," {
            unit.start..at - 1
        } else if at == unit.start || doc.low(group.end) == "," {
            group.end + 1..unit.end
        } else {
            unit.start..at
        };
        Some((content, attached))
    }

    /// "…, X said." / "…, said X." at the end of the unit.
    fn final_cue(&self, at: usize, unit: Range<usize>) -> Option<(Range<usize>, Attached)> {
        let doc = self.doc();
        let comma = (unit.start..at)
            .rev()
            .take(MAX_CUE_CLAUSE)
            .find(|&token| doc.low(token) == "," || doc.tokens[token].mark.is_some())?;
        if doc.low(comma) != "," {
            return None;
        }
        let mut end = unit.end;
        while end > at && matches!(doc.low(end - 1), "." | "!" | "?") {
            end -= 1;
        }
        // The clause runs to the end, or to an apposition after the speaker,
        // or to another clause ("…, the centre said, and trucks queued …",
        // "…, officials said on Monday, forcing …"): what was said is the
        // part before the cue either way.
        let tail_end = (at..end)
            .find(|&token| doc.low(token) == ",")
            .unwrap_or(end);
        let clause_follows = tail_end < end && cue::opens_clause(doc.low(tail_end + 1));
        let clause_end = if clause_follows { tail_end } else { end };
        if clause_end - at > MAX_CUE_CLAUSE || !clause_follows && end - tail_end > 8 {
            return None;
        }
        let attached = self.attach(at, comma + 1..tail_end)?;
        Some((
            unit.start..comma,
            Attached {
                clause: comma..clause_end,
                ..attached
            },
        ))
    }

    /// "X said (that) …", "X told reporters …", "X estimates that …".
    fn leading_cue(&self, at: usize, unit: Range<usize>) -> Option<(Range<usize>, Attached)> {
        let doc = self.doc();
        let kind = cue::cue(doc.low(at))?;
        let group = self.resolver.subject_before(at, unit.start)?;
        // Where the words start: after "that" if it comes soon, else after
        // the cue (and the hearer of "told"), dates and fillers.
        let that = (at + 1..unit.end)
            .take(8)
            .take_while(|&token| doc.free(token) && !matches!(doc.low(token), ";" | ":"))
            .find(|&token| doc.low(token) == "that");
        let start = match (that, kind) {
            (Some(that), _) => that + 1,
            (None, Cue::Weak) => {
                // "X estimates the damage at 25 million": the words run
                // from the cue.
                let estimate = matches!(doc.low(at), "estimate" | "estimates" | "estimated")
                    && (at + 1..unit.end)
                        .take(6)
                        .any(|token| doc.low(token) == "at");
                if doc.low(at + 1) == ":" {
                    at + 2
                } else if estimate {
                    at + 1
                } else {
                    return None;
                }
            }
            (None, Cue::Told) => {
                let mut start = at + 1;
                if doc
                    .tokens
                    .get(start)
                    .is_some_and(|tok| tok.mention.is_some())
                {
                    let mention = doc.tokens[start].mention;
                    while start < unit.end && doc.tokens[start].mention == mention {
                        start += 1;
                    }
                } else {
                    while start < unit.end && cue::audience(doc.low(start)) {
                        start += 1;
                    }
                }
                self.skip_fillers(start, unit.end)
            }
            (None, _) => self.skip_fillers(at + 1, unit.end),
        };
        let speaker = self.resolver.resolve(group.clone(), at, &self.quotes);
        let kind_words = self.cue_words(at, kind);
        let end = (start..unit.end)
            .find(|&token| {
                doc.low(token) == ","
                    && cue::cue(doc.low(token + 1)) == Some(Cue::Participle)
                    && doc.free(token)
            })
            .unwrap_or(unit.end);
        Some((
            start..end,
            Attached {
                cue_at: at,
                cue: kind_words,
                speaker,
                clause: group.start..start,
            },
        ))
    }

    fn skip_fillers(&self, mut start: usize, ceil: usize) -> usize {
        let doc = self.doc();
        while start < ceil
            && (doc.tokens[start].date || cue::filler(doc.low(start)) || doc.low(start) == ",")
        {
            start += 1;
        }
        start
    }

    /// The quote of the tokens `words` (trimmed of punctuation at both
    /// ends), or `None` when too little is left or, for reported speech,
    /// when the words are mostly a quotation or lie in a used clause.
    fn quote_of(&self, words: Range<usize>, attached: &Attached, direct: bool) -> Option<Quote> {
        let doc = self.doc();
        let mut start = words.start;
        let mut end = words.end.min(doc.tokens.len());
        while start < end && is_edge_punctuation(doc.low(start)) {
            start += 1;
        }
        while end > start && is_edge_punctuation(doc.low(end - 1)) {
            end -= 1;
        }
        if !direct {
            // A closing quotation mark at the end keeps the punctuation
            // inside it; an opening one at the start needs its close.
            let marks = (start..end)
                .filter(|&token| doc.tokens[token].mark.is_some())
                .count();
            if marks % 2 == 1 && end < words.end && doc.tokens[end].mark.is_none() {
                while end < words.end && doc.tokens[end].mark.is_none() {
                    end += 1;
                }
                end = (end + 1).min(words.end);
            }
            let letters = (start..end)
                .filter(|&token| doc.low(token).chars().any(char::is_alphabetic))
                .count();
            let quoted = (start..end)
                .filter(|&token| doc.tokens[token].quoted.is_some())
                .count();
            let used = (start..end).any(|token| self.consumed[token]);
            if letters < MIN_REPORTED_WORDS || quoted * 10 >= letters * 6 || used {
                return None;
            }
        }
        if end <= start {
            return None;
        }
        let (span, text) = doc.stretch(start, end - 1)?;
        if !text.chars().any(char::is_alphanumeric) {
            return None;
        }
        let _ = attached.cue_at;
        Some(Quote {
            span,
            text: text.to_string(),
            speaker: attached.speaker.name.clone(),
            speaker_entity: attached.speaker.entity,
            cue: attached.cue.clone(),
            direct,
            sentence: doc.tokens[start].sentence,
        })
    }
}

/// Punctuation trimmed from both ends of a quote's words.
fn is_edge_punctuation(word: &str) -> bool {
    matches!(word, "," | ";" | ":" | "." | "-" | "\u{2014}" | "\u{2013}")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use tidings_model::{DocId, Entity, EntityKind, Mention, Span};

    /// An article and its annotations: sentences and tokens from the
    /// language layer's segmenter, and one entity per given name, mentioned
    /// wherever the name occurs.
    pub(crate) fn annotated(text: &str, names: &[(&str, EntityKind)]) -> (Article, Annotations) {
        let sentences = tidings_nlp::segment::sentences(text);
        let mut mentions = Vec::new();
        let mut entities = Vec::new();
        for (entity, &(name, kind)) in names.iter().enumerate() {
            entities.push(Entity {
                name: name.to_string(),
                kind,
                aliases: vec![],
                country: None,
                roles: if name == "Ada Korr" {
                    vec!["Prime Minister".into()]
                } else {
                    vec![]
                },
                mentions: 0,
            });
            for (at, _) in text.match_indices(name) {
                let sentence = sentences
                    .iter()
                    .position(|s| s.span.start <= at && at < s.span.end)
                    .unwrap();
                mentions.push(Mention {
                    span: Span::new(at, at + name.len()),
                    text: name.to_string(),
                    kind,
                    sentence,
                    entity,
                });
            }
        }
        mentions.sort_by_key(|mention| mention.span.start);
        let article = Article {
            id: DocId::of_bytes(text.as_bytes()),
            title: None,
            lede: None,
            lang: Some("en".into()),
            published: None,
            site: None,
            url: None,
            authors: vec![],
            text: text.into(),
            paragraphs: vec![],
            removed: vec![],
        };
        let annotations = Annotations {
            sentences,
            mentions,
            entities,
            dates: vec![],
        };
        (article, annotations)
    }

    fn quotes(text: &str, names: &[(&str, EntityKind)]) -> Vec<(String, Option<String>, bool)> {
        let (article, annotations) = annotated(text, names);
        find_quotes(&article, &annotations)
            .into_iter()
            .map(|quote| (quote.text, quote.speaker, quote.direct))
            .collect()
    }

    fn check(text: &str, names: &[(&str, EntityKind)], expected: &[(&str, Option<&str>, bool)]) {
        let got = quotes(text, names);
        let expected: Vec<(String, Option<String>, bool)> = expected
            .iter()
            .map(|(t, s, d)| (t.to_string(), s.map(str::to_string), *d))
            .collect();
        assert_eq!(got, expected, "in {text:?}");
    }

    const PER: EntityKind = EntityKind::Person;
    const ORG: EntityKind = EntityKind::Organisation;

    #[test]
    fn pronouns_take_the_last_person_or_speaking_organisation() {
        check(
            "Ada Korr met Tomas Brenn in Velmora. \"We have a deal,\" she said.",
            &[("Ada Korr", PER), ("Tomas Brenn", PER)],
            &[("We have a deal", Some("Tomas Brenn"), true)],
        );
        check(
            "The Velmora Dock Union said the strike would go on. It added that talks had failed.",
            &[("Velmora Dock Union", ORG)],
            &[
                ("the strike would go on", Some("Velmora Dock Union"), false),
                ("talks had failed", Some("Velmora Dock Union"), false),
            ],
        );
        check(
            "\"We will see,\" they said.",
            &[],
            &[("We will see", Some("they"), true)],
        );
    }

    #[test]
    fn roles_point_to_their_holder() {
        check(
            "Ada Korr visited the harbour. The prime minister said on Friday that the port would reopen.",
            &[("Ada Korr", PER)],
            &[("the port would reopen", Some("Ada Korr"), false)],
        );
    }

    #[test]
    fn a_long_cue_clause_after_a_quotation_attaches_to_it() {
        check(
            "\"We waited eight years,\" union chairwoman Ada Korr told reporters at the gate of the container terminal on Tuesday.",
            &[("Ada Korr", PER)],
            &[("We waited eight years", Some("Ada Korr"), true)],
        );
    }

    #[test]
    fn a_cue_inside_a_quotation_is_not_the_cue() {
        check(
            "\"Officials said nothing to us,\" the harbour master told reporters.",
            &[],
            &[(
                "Officials said nothing to us",
                Some("the harbour master"),
                true,
            )],
        );
        check(
            "The sign read \"closed, the owners said\" for a week.",
            &[],
            &[],
        );
    }

    #[test]
    fn quotations_across_sentences_and_other_marks() {
        check(
            "Tomas Brenn said: \u{201c}We reopen at dawn. The strike is over.\u{201d}",
            &[("Tomas Brenn", PER)],
            &[(
                "We reopen at dawn. The strike is over",
                Some("Tomas Brenn"),
                true,
            )],
        );
        check(
            "\u{ab}Nous partirons demain\u{bb}, said Tomas Brenn.",
            &[("Tomas Brenn", PER)],
            &[("Nous partirons demain", Some("Tomas Brenn"), true)],
        );
    }

    #[test]
    fn a_quote_is_what_was_said_without_cue_or_speaker() {
        check(
            "The port's traffic centre said on Tuesday that trucks queued for six hours.",
            &[],
            &[(
                "trucks queued for six hours",
                Some("the port's traffic centre"),
                false,
            )],
        );
        // A cue clause in the middle of a sentence: what was said is
        // before it, not the clause that follows.
        check(
            "By noon, 23 ferries were waiting outside the harbour, the port's traffic centre said, and trucks queued for hours on the coast road into Velmora.",
            &[],
            &[(
                "By noon, 23 ferries were waiting outside the harbour",
                Some("the port's traffic centre"),
                false,
            )],
        );
        check(
            "The level of the Sarn reservoir fell to a record low, officials said on Monday, forcing farmers in Velmora to cut irrigation.",
            &[],
            &[(
                "The level of the Sarn reservoir fell to a record low",
                Some("officials"),
                false,
            )],
        );
        // An apposition after the speaker is still the speaker's.
        check(
            "The ferries will sail again on Friday, said Tomas Brenn, the harbour master.",
            &[("Tomas Brenn", PER)],
            &[(
                "The ferries will sail again on Friday",
                Some("Tomas Brenn"),
                false,
            )],
        );
    }

    #[test]
    fn unnamed_sources_are_named_in_full() {
        check(
            "The talks in Kerra Town broke down after nine hours, according to people familiar with the matter.",
            &[],
            &[(
                "The talks in Kerra Town broke down after nine hours",
                Some("people familiar with the matter"),
                false,
            )],
        );
        check(
            "According to sources close to Ada Korr, the port will reopen on Friday.",
            &[("Ada Korr", PER)],
            &[(
                "the port will reopen on Friday",
                Some("sources close to Ada Korr"),
                false,
            )],
        );
        check(
            "People familiar with the matter said the union would accept the offer.",
            &[],
            &[(
                "the union would accept the offer",
                Some("People familiar with the matter"),
                false,
            )],
        );
        check(
            "\"We are close to a deal,\" a person briefed on the talks said.",
            &[],
            &[(
                "We are close to a deal",
                Some("a person briefed on the talks"),
                true,
            )],
        );
        check(
            "Officials with direct knowledge of the plan said the ferries would stop in May.",
            &[],
            &[(
                "the ferries would stop in May",
                Some("Officials with direct knowledge of the plan"),
                false,
            )],
        );
    }

    #[test]
    fn speakers_are_whole_noun_groups() {
        // A plural possessive with a curly apostrophe stays in the group.
        check(
            "The fishermen\u{2019} association said it would block the harbour.",
            &[],
            &[(
                "it would block the harbour",
                Some("the fishermen\u{2019} association"),
                false,
            )],
        );
        // What follows a document noun says when, not who.
        check(
            "The ferry will not sail on Friday, according to a statement released late on Tuesday.",
            &[],
            &[(
                "The ferry will not sail on Friday",
                Some("a statement"),
                false,
            )],
        );
    }

    #[test]
    fn weak_verbs_need_that_and_sentences_without_cue_give_nothing() {
        check("The ministry confirmed the closure of the port.", &[], &[]);
        check(
            "The ministry confirmed that the port of Velmora would close.",
            &[],
            &[(
                "the port of Velmora would close",
                Some("the ministry"),
                false,
            )],
        );
        check(
            "Ferries waited outside the harbour for three days.",
            &[],
            &[],
        );
    }
}
