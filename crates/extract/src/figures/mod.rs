//! Figures: counts and amounts reported in an article, with their kind,
//! qualifier, what they count, and who says so.
//!
//! Each sentence's tokens are scanned once. At a number ([`number`]) the
//! words before give the qualifier ("more than", "an estimated") and maybe
//! a currency symbol, the words after give the counted noun ("people",
//! "container ships", "euros"), and kind words in a short window (after
//! first, then before) give the kind ("have been killed", "police arrested
//! 30"). The source is the speaker of the quote (direct or reported) whose
//! words hold the figure, else of a quote in the same sentence.
//!
//! Numbers that are no count are left alone: dates and years, times,
//! ages, percentages, ordinals, addresses, phone numbers and identifiers
//! ("Article 51").

mod lexicon;
mod number;

use tidings_model::{Annotations, Article, Figure, Qualifier, Quote, Span};

use crate::quotes::text::Doc;
use number::Number;

/// Counts and amounts, in text order: kind (killed, injured, arrested,
/// detained, displaced, missing, evacuated, protesters, money, other),
/// value ("2,600", "2.600", "3.4", "two", "a dozen", "1.5 million", "40
/// million euros"; the lower end for "dozens", "hundreds"), qualifier
/// ("more than", "over", "at least" → at least; "up to", "fewer than",
/// "less than" → at most; "about", "around", "nearly", "some", "roughly",
/// "an estimated" → approximate; "dozens", "hundreds", "thousands" →
/// range; else exact), what is counted ("people", "protesters", "ships",
/// "euros"; "people" when a kind of people is counted without a noun), the
/// currency for money (`EUR`, `USD`, `GBP` …), and the source: the speaker
/// of the quote in `quotes` that holds the figure.
///
/// Years, dates, times, ages ("aged 25"), percentages, addresses, phone
/// numbers and ordinals make no figure; neither does a small number word
/// ("two") or a bare number without a kind or a counted noun.
///
/// ```
/// use tidings_model::{Annotations, Article, DocId, Qualifier, Sentence, Span};
/// let text = "Floods in Kessing displaced more than 1,200 residents.";
/// # let words = ["Floods", "in", "Kessing", "displaced", "more", "than", "1,200", "residents", "."];
/// # let mut tokens = Vec::new();
/// # let mut from = 0;
/// # for word in words { let at = text[from..].find(word).unwrap() + from; tokens.push(Span::new(at, at + word.len())); from = at + word.len(); }
/// # let annotations = Annotations { sentences: vec![Sentence { span: Span::new(0, text.len()), tokens }], ..Annotations::default() };
/// # let article = Article { id: DocId::of_bytes(text.as_bytes()), title: None, lede: None, lang: None, published: None, site: None, url: None, authors: vec![], text: text.into(), paragraphs: vec![Span::new(0, text.len())], removed: vec![] };
/// let figures = tidings_extract::figures::find_figures(&article, &annotations, &[]);
/// assert_eq!(figures.len(), 1);
/// assert_eq!(figures[0].kind, "displaced");
/// assert_eq!(figures[0].value, 1200.0);
/// assert_eq!(figures[0].qualifier, Qualifier::AtLeast);
/// assert_eq!(figures[0].counts, "residents");
/// ```
pub fn find_figures(article: &Article, annotations: &Annotations, quotes: &[Quote]) -> Vec<Figure> {
    let doc = Doc::new(&article.text, annotations);
    find_in(&doc, quotes)
}

/// [`find_figures`] on a token view already built.
pub(crate) fn find_in(doc: &Doc<'_>, quotes: &[Quote]) -> Vec<Figure> {
    let mut figures = Vec::new();
    let mut sentence_start = 0;
    while sentence_start < doc.tokens.len() {
        let sentence = doc.tokens[sentence_start].sentence;
        let mut sentence_end = sentence_start;
        while sentence_end < doc.tokens.len() && doc.tokens[sentence_end].sentence == sentence {
            sentence_end += 1;
        }
        let mut lows: Vec<&str> = Vec::with_capacity(sentence_end - sentence_start);
        lows.extend((sentence_start..sentence_end).map(|at| doc.low(at)));
        let scan = Scan {
            doc,
            lows: &lows,
            offset: sentence_start,
            sentence,
        };
        scan.figures(quotes, &mut figures);
        sentence_start = sentence_end;
    }
    figures
}

/// Tokens after a counted noun searched for a kind word.
const RIGHT_WINDOW: usize = 6;
/// Tokens before a number searched for a kind word.
const LEFT_WINDOW: usize = 4;

/// One sentence being scanned.
struct Scan<'s, 'a> {
    doc: &'s Doc<'a>,
    /// The sentence's tokens in lower case.
    lows: &'s [&'s str],
    /// Token index of the sentence's first token.
    offset: usize,
    sentence: usize,
}

impl Scan<'_, '_> {
    fn figures(&self, quotes: &[Quote], out: &mut Vec<Figure>) {
        let lows = self.lows;
        let mut at = 0;
        while at < lows.len() {
            let Some(number) = self.number_at(at) else {
                at += 1;
                continue;
            };
            match self.figure(at, number, quotes) {
                Some((figure, next)) => {
                    out.push(figure);
                    at = next.max(at + 1);
                }
                None => at += number.len.max(1),
            }
        }
    }

    /// A number at `at`, unless its token is part of a date.
    fn number_at(&self, at: usize) -> Option<Number> {
        if self.doc.tokens.get(self.offset + at)?.date {
            return None;
        }
        let end = (at + 4).min(self.lows.len());
        number::read(&self.lows[at..end])
    }

    /// The figure of the number at `at`, and where scanning goes on.
    fn figure(&self, at: usize, number: Number, quotes: &[Quote]) -> Option<(Figure, usize)> {
        let lows = self.lows;
        let after = at + number.len;
        // Before the number: a currency symbol, then a qualifier.
        let mut first = at;
        let mut unit = None;
        let mut counts: Option<String> = None;
        if at > 0 {
            if let Some((code, word)) = lexicon::currency(lows[at - 1]) {
                if !lows[at - 1].chars().any(char::is_alphabetic) || lows[at - 1].len() == 3 {
                    unit = Some(code);
                    counts = Some(word.to_string());
                    first = at - 1;
                }
            }
        }
        if self.excluded(at, first, after, number) {
            return None;
        }
        let before = &lows[first.saturating_sub(3)..first];
        let mut qualifier = if number.vague {
            Qualifier::Range
        } else {
            Qualifier::Exact
        };
        if let Some((found, words)) = lexicon::qualifier(before) {
            if !number.vague {
                qualifier = found;
            }
            first -= words;
        } else if first >= 1 && lows[first - 1] == "between" {
            // "between 30 and 40 people": the lower end, a range.
            qualifier = Qualifier::Range;
            first -= 1;
        }
        // After the number: "of", a currency word, the counted noun.
        let mut last = after; // one past the figure's last token
        let mut cursor = after;
        if qualifier == Qualifier::Range
            && lows.get(cursor) == Some(&"and")
            && self.number_at(cursor + 1).is_some()
        {
            cursor += 2;
            last = cursor;
        }
        if lows.get(cursor) == Some(&"of") {
            cursor += 1;
        }
        if let Some((code, word)) = lows.get(cursor).and_then(|word| lexicon::currency(word)) {
            if word_like(lows[cursor]) {
                unit = Some(code);
                counts = Some(self.doc.word(self.offset + cursor).to_string());
                let _ = word;
                cursor += 1;
                last = cursor;
            }
        }
        let mut noun_kind = None;
        if counts.is_none() {
            if let Some(noun) = self.counted_noun(cursor, number.value) {
                counts = Some(self.doc.word(self.offset + noun).to_string());
                noun_kind = lexicon::kind_word(lows[noun]);
                cursor = noun + 1;
                last = cursor;
            }
        }
        if counts
            .as_deref()
            .is_some_and(|word| lexicon::not_a_count(&word.to_ascii_lowercase()))
        {
            return None;
        }
        let kind = if unit.is_some() {
            "money"
        } else {
            self.kind_right(cursor)
                .or_else(|| self.kind_left(first))
                .or(noun_kind)
                .unwrap_or("other")
        };
        if kind == "other" {
            // An "other" figure needs a counted noun, digits or a larger
            // number, and no year look.
            let plain_year = number.digits
                && !number.separated
                && (1000.0..=2100.0).contains(&number.value)
                && number.value.fract() == 0.0;
            if counts.is_none() || plain_year || (!number.digits && number.value < 10.0) {
                return None;
            }
        } else if !number.digits && number.value < 2.0 && counts.is_none() {
            return None;
        }
        let counts = match counts {
            Some(counts) => counts,
            None if lexicon::counts_people(kind) => "people".to_string(),
            None => return None,
        };
        let start = self.doc.tokens[self.offset + first].span.start;
        let end = self.doc.tokens[self.offset + last - 1].span.end;
        let span = Span::new(start, end);
        let (source, source_entity) = source_of(span, self.sentence, quotes);
        let figure = Figure {
            kind: kind.to_string(),
            value: number.value,
            qualifier,
            counts,
            unit: unit.map(str::to_string),
            source,
            source_entity,
            sentence: self.sentence,
            span,
        };
        Some((figure, last))
    }

    /// True when the number at `at` (with its symbol from `first`, up to
    /// `after`) is no count: an age, a percentage, a time, an ordinal, an
    /// identifier, an address or part of a phone number.
    fn excluded(&self, at: usize, first: usize, after: usize, number: Number) -> bool {
        let lows = self.lows;
        let word = lows[at];
        if let Some(next) = lows.get(after) {
            if lexicon::not_a_count(next) {
                return true;
            }
        }
        if at > 0 {
            let previous = lows[at - 1];
            if lexicon::not_a_count_before(previous) {
                return true;
            }
        }
        if number.digits {
            // Phone numbers and number runs: "+44 20 7946", "20 7946".
            let previous_digit = first > 0
                && lows[first - 1]
                    .chars()
                    .next()
                    .is_some_and(|ch| ch.is_ascii_digit() || ch == '+');
            let next_digit = lows
                .get(after)
                .is_some_and(|next| next.starts_with(|ch: char| ch.is_ascii_digit()));
            let long = word.chars().filter(char::is_ascii_digit).count() >= 7 && !number.separated;
            if previous_digit || next_digit || long {
                return true;
            }
            // Identifiers: "Article 51", "Pier 4", not after a sentence's
            // first word or a date.
            if first > 1 {
                let token = self.offset + first - 1;
                let previous = self.doc.word(token);
                let capital = previous.starts_with(|ch: char| ch.is_uppercase());
                if capital
                    && !self.doc.tokens[token].date
                    && lexicon::qualifier(&[lows[first - 1]]).is_none()
                {
                    return true;
                }
            }
        }
        // Addresses: "12 Harbour Street".
        (after..(after + 3).min(lows.len()))
            .take_while(|&next| {
                self.doc
                    .word(self.offset + next)
                    .starts_with(|ch: char| ch.is_uppercase())
            })
            .any(|next| lexicon::street(lows[next]))
    }

    /// The counted noun after a number, from `from`: the first plural (or
    /// known) noun within three words, past adjectives ("container ships",
    /// "striking dockworkers").
    fn counted_noun(&self, from: usize, value: f64) -> Option<usize> {
        let lows = self.lows;
        let end = (from + 3).min(lows.len());
        for (at, &word) in lows.iter().enumerate().take(end).skip(from) {
            let verb = lexicon::kind_word(word).is_some() && !word.ends_with('s');
            if !word_like(word) || lexicon::not_a_noun(word) || verb {
                return None;
            }
            if lexicon::irregular_noun(word)
                || (word.len() > 3 && word.ends_with('s') && !word.ends_with("ss"))
                || lexicon::kind_word(word).is_some_and(|_| word.ends_with('s'))
            {
                return Some(at);
            }
            if value == 1.0 && at == from {
                return Some(at);
            }
        }
        None
    }

    /// The kind word nearest after `from`, before punctuation or another
    /// number.
    fn kind_right(&self, from: usize) -> Option<&'static str> {
        let lows = self.lows;
        let end = (from + RIGHT_WINDOW).min(lows.len());
        for (at, &word) in lows.iter().enumerate().take(end).skip(from) {
            if ends_window(word) || self.number_at(at).is_some() {
                return None;
            }
            if let Some(kind) = lexicon::kind_word(word) {
                return Some(kind);
            }
        }
        None
    }

    /// The kind word nearest before `to` ("killed at least", "the death toll
    /// rose to"), before punctuation or another number.
    fn kind_left(&self, to: usize) -> Option<&'static str> {
        let lows = self.lows;
        for at in (to.saturating_sub(LEFT_WINDOW)..to).rev() {
            let word = lows[at];
            if ends_window(word) || self.number_at(at).is_some() {
                return None;
            }
            if let Some(kind) = lexicon::kind_word(word) {
                return Some(kind);
            }
        }
        None
    }
}

/// Punctuation and conjunctions that end the search for a kind word.
fn ends_window(word: &str) -> bool {
    matches!(
        word,
        "," | ";" | ":" | "." | "(" | ")" | "and" | "but" | "while" | "where" | "whereas" | "which"
    )
}

/// True for a token made of letters (and hyphens or apostrophes).
fn word_like(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_alphabetic)
        && word
            .chars()
            .all(|ch| ch.is_alphabetic() || ch == '-' || ch == '\'')
}

/// Who says so: the speaker of the quote holding the figure, else of a
/// quote in its sentence.
fn source_of(span: Span, sentence: usize, quotes: &[Quote]) -> (Option<String>, Option<usize>) {
    let holding = quotes
        .iter()
        .find(|quote| quote.span.start <= span.start && span.end <= quote.span.end)
        .or_else(|| quotes.iter().find(|quote| quote.sentence == sentence));
    holding.map_or((None, None), |quote| {
        (quote.speaker.clone(), quote.speaker_entity)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quotes::tests::annotated;

    fn figures(text: &str) -> Vec<(String, f64, Qualifier, String)> {
        let (article, annotations) = annotated(text, &[]);
        find_figures(&article, &annotations, &[])
            .into_iter()
            .map(|figure| (figure.kind, figure.value, figure.qualifier, figure.counts))
            .collect()
    }

    fn check(text: &str, expected: &[(&str, f64, Qualifier, &str)]) {
        let expected: Vec<(String, f64, Qualifier, String)> = expected
            .iter()
            .map(|&(kind, value, qualifier, counts)| {
                (kind.to_string(), value, qualifier, counts.to_string())
            })
            .collect();
        assert_eq!(figures(text), expected, "in {text:?}");
    }

    #[test]
    fn kinds_from_verbs_before_and_after() {
        check(
            "Gunmen killed at least 12 people in Kessing.",
            &[("killed", 12.0, Qualifier::AtLeast, "people")],
        );
        check(
            "Between 30 and 40 dockworkers were arrested on the quay.",
            &[("arrested", 30.0, Qualifier::Range, "dockworkers")],
        );
        check(
            "Hundreds of thousands of protesters marched through Velmora.",
            &[("protesters", 200_000.0, Qualifier::Range, "protesters")],
        );
        check(
            "Nine were wounded and 3 are missing.",
            &[
                ("injured", 9.0, Qualifier::Exact, "people"),
                ("missing", 3.0, Qualifier::Exact, "people"),
            ],
        );
    }

    #[test]
    fn money_with_symbols_codes_and_words() {
        check(
            "The port lost $40m and the city some 1.5 million euros.",
            &[
                ("money", 40e6, Qualifier::Exact, "dollars"),
                ("money", 1.5e6, Qualifier::Approximate, "euros"),
            ],
        );
    }

    #[test]
    fn numbers_that_are_no_figures() {
        check(
            "A man aged 25 and a 31-year-old were seen at 10:30 on the 2nd of May.",
            &[],
        );
        check(
            "Prices rose 40% in two weeks, to 3 times the level of 2019.",
            &[],
        );
        check(
            "Call 555 0142 or write to 12 Harbour Street, Article 51 says.",
            &[],
        );
        check("The two leaders met in 1998 and again in 2004.", &[]);
    }
}
