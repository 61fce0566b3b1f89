//! Figures: counts and amounts reported in an article, with their kind,
//! qualifier, what they count, and who says so.
//!
//! Each sentence's tokens are scanned once. At a number ([`number`]) the
//! words before give the qualifier ("more than", "an estimated") and maybe
//! a currency symbol, the words after give the counted noun ("people",
//! "container ships", "euros"), and the verb that governs the number
//! within its clause gives the kind, over the counted noun: its predicate
//! after it ("45 protesters were arrested", "12 people died"), else the
//! verb it is the object of ("police arrested 45 people"), else a
//! participle ("45 people arrested", "45 arrested protesters"); the verb
//! tables are in [`lexicon`]. Vague amounts ("hundreds", "tens of
//! thousands", "several hundred") keep their words and both ends of their
//! range. The source is the speaker of the quote (direct or reported) whose
//! words hold the figure, else of a quote in the same sentence.
//!
//! Numbers that are no count are left alone: dates and years, times,
//! ages, percentages, ordinals, addresses, phone numbers and identifiers
//! ("Article 51").

mod lexicon;
mod number;

use tidings_model::{Annotations, Article, Figure, Qualifier, Quote, Span};

use crate::quotes::text::Doc;
use lexicon::Voice;
use number::Number;

/// The kinds of figure the extract stage gives (`tidings figures --kind`).
pub const FIGURE_KINDS: [&str; 10] = [
    "killed",
    "injured",
    "arrested",
    "detained",
    "displaced",
    "missing",
    "evacuated",
    "protesters",
    "money",
    "other",
];

/// Counts and amounts, in text order: kind (killed, injured, arrested,
/// detained, displaced, missing, evacuated, protesters, money, other),
/// value ("2,600", "2.600", "3.4", "two", "a dozen", "1.5 million", "40
/// million euros"; the lower end for "dozens", "hundreds", with the upper
/// end in `high` and the words as written in `words`), qualifier
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
        let mut between = false;
        if let Some((found, words)) = lexicon::qualifier(before) {
            if !number.vague {
                qualifier = found;
            }
            first -= words;
        } else if first >= 1 && lows[first - 1] == "between" {
            // "between 30 and 40 people": the lower end, a range.
            qualifier = Qualifier::Range;
            between = true;
            first -= 1;
        }
        // A vague amount keeps its words and its upper end.
        let mut high = number.high;
        let words = if number.vague {
            self.doc
                .stretch(self.offset + at, self.offset + after - 1)
                .map(|(_, text)| text.to_string())
        } else {
            None
        };
        // After the number: "of", a currency word, the counted noun.
        let mut last = after; // one past the figure's last token
        let mut cursor = after;
        if between && lows.get(cursor) == Some(&"and") {
            if let Some(upper) = self.number_at(cursor + 1) {
                high = Some(upper.value);
                cursor += 1 + upper.len;
                last = cursor;
            }
        }
        if lows.get(cursor) == Some(&"of") {
            cursor += 1;
        }
        if let Some((code, _)) = lows.get(cursor).and_then(|word| lexicon::currency(word)) {
            if word_like(lows[cursor]) {
                unit = Some(code);
                counts = Some(self.doc.word(self.offset + cursor).to_string());
                cursor += 1;
                last = cursor;
            }
        }
        let mut noun_kind = None;
        let mut modifier = None;
        if counts.is_none() {
            if let Some((noun, before_noun)) = self.counted_noun(cursor, number.value) {
                counts = Some(self.doc.word(self.offset + noun).to_string());
                noun_kind = lexicon::kind_noun(lows[noun]);
                modifier = before_noun;
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
            self.kind(first, cursor, modifier, noun_kind, counts.is_none())
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
            high,
            words,
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
    /// "striking dockworkers"); with the kind of a participle before it
    /// ("45 arrested protesters").
    fn counted_noun(&self, from: usize, value: f64) -> Option<(usize, Option<&'static str>)> {
        let lows = self.lows;
        let end = (from + 3).min(lows.len());
        let mut modifier = None;
        for (at, &word) in lows.iter().enumerate().take(end).skip(from) {
            if !word_like(word) || lexicon::not_a_noun(word) {
                return None;
            }
            if let Some((kind, _)) = lexicon::kind_verb(word) {
                // A kind verb is no noun; before one it is its modifier.
                modifier = Some(kind);
                continue;
            }
            if lexicon::irregular_noun(word)
                || (word.len() > 3 && word.ends_with('s') && !word.ends_with("ss"))
                || lexicon::kind_noun(word).is_some()
            {
                return Some((at, modifier));
            }
            if value == 1.0 && at == from {
                return Some((at, modifier));
            }
        }
        None
    }

    /// The kind of the number whose words (qualifier and counted noun
    /// included) run from `first` to `after`. The verb that governs the
    /// number decides, over the counted noun: its predicate after it ("45
    /// people were arrested", "45 people died"), else the verb it is the
    /// object of ("police arrested 45 people"), else a participle after it
    /// ("45 people arrested"), a kind verb before the noun ("45 arrested
    /// protesters") or in a relative clause ("45 people who were
    /// arrested"); then the counted noun's own kind ("45 protesters"), and
    /// without a noun, a kind of people before it ("the number of
    /// protesters reached 3,000").
    fn kind(
        &self,
        first: usize,
        after: usize,
        modifier: Option<&'static str>,
        noun: Option<&'static str>,
        no_noun: bool,
    ) -> &'static str {
        let right = self.kind_right(after);
        if let Some(Right::Predicate(kind)) = right {
            return kind;
        }
        let (left, left_noun) = self.kind_left(first);
        if let Some(kind) = left {
            return kind;
        }
        let (participle, relative) = match right {
            Some(Right::Participle(kind)) => (Some(kind), None),
            Some(Right::Relative(kind)) => (None, Some(kind)),
            _ => (None, None),
        };
        participle
            .or(modifier)
            .or(relative)
            .or(noun)
            .or(left_noun.filter(|_| no_noun))
            .unwrap_or("other")
    }

    /// The kind verb after the counted noun (from `from`) within its clause,
    /// and how it governs the number. The search ends at punctuation,
    /// another number, a word opening another clause, or another verb.
    fn kind_right(&self, from: usize) -> Option<Right> {
        let lows = self.lows;
        let end = (from + RIGHT_WINDOW).min(lows.len());
        let mut auxiliary = false;
        let mut relative = false;
        for (at, &word) in lows.iter().enumerate().take(end).skip(from) {
            if ends_window(word) || lexicon::opens_clause(word) || self.number_at(at).is_some() {
                return None;
            }
            if lexicon::relative(word) {
                if relative {
                    return None;
                }
                relative = true;
                continue;
            }
            if let Some((kind, voice)) = lexicon::kind_verb(word) {
                return Some(if relative {
                    Right::Relative(kind)
                } else if auxiliary || voice == Voice::Intransitive {
                    Right::Predicate(kind)
                } else {
                    Right::Participle(kind)
                });
            }
            if lexicon::auxiliary(word) {
                auxiliary = true;
            } else if word.len() > 4 && word.ends_with("ed") {
                // Another verb: what comes after is its business.
                return None;
            }
        }
        None
    }

    /// The kind word nearest before `to`, before punctuation or another
    /// number: a verb the number is the object of ("police arrested 45",
    /// "killed at least 12") or a subject noun ("the death toll rose to
    /// 45"); and, apart, a kind of people ("protesters") to fall back on.
    fn kind_left(&self, to: usize) -> (Option<&'static str>, Option<&'static str>) {
        let lows = self.lows;
        let mut people = None;
        for at in (to.saturating_sub(LEFT_WINDOW)..to).rev() {
            let word = lows[at];
            if ends_window(word) || self.number_at(at).is_some() {
                break;
            }
            let governing = lexicon::kind_verb(word)
                .map(|(kind, _)| kind)
                .or_else(|| lexicon::kind_subject(word));
            if governing.is_some() {
                return (governing, people);
            }
            if people.is_none() {
                people = lexicon::kind_noun(word);
            }
        }
        (None, people)
    }
}

/// How a kind verb after a number governs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Right {
    /// Its predicate: "45 people were arrested", "45 people died".
    Predicate(&'static str),
    /// A participle after the noun: "45 people arrested".
    Participle(&'static str),
    /// In a relative clause: "45 people who were arrested".
    Relative(&'static str),
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
    fn the_verb_governing_the_number_decides_the_kind() {
        // Active: the number is the verb's object, whatever follows.
        check(
            "Police arrested 45 people as demonstrators clashed with guards in Kerra Town.",
            &[("arrested", 45.0, Qualifier::Exact, "people")],
        );
        check(
            "Soldiers detained 17 marchers outside the Velmora town hall.",
            &[("detained", 17.0, Qualifier::Exact, "marchers")],
        );
        // Passive and participle: the verb after the counted noun.
        check(
            "Later that night, 45 protesters were arrested in Kerra Town.",
            &[("arrested", 45.0, Qualifier::Exact, "protesters")],
        );
        check(
            "Officials said 45 demonstrators arrested near the bridge had been freed.",
            &[("arrested", 45.0, Qualifier::Exact, "demonstrators")],
        );
        check(
            "Guards freed 45 arrested protesters in Velmora.",
            &[("arrested", 45.0, Qualifier::Exact, "protesters")],
        );
        check(
            "Rescuers found 12 villagers who had been injured in the landslide.",
            &[("injured", 12.0, Qualifier::Exact, "villagers")],
        );
        // A verb in another clause is not the number's.
        check(
            "Some 300 farmers gathered in Velmora after 20 were arrested.",
            &[
                ("other", 300.0, Qualifier::Approximate, "farmers"),
                ("arrested", 20.0, Qualifier::Exact, "people"),
            ],
        );
        check(
            "About 80 mourners attended the funeral of those killed in Kerra Town.",
            &[("other", 80.0, Qualifier::Approximate, "mourners")],
        );
        // The counted noun decides when no verb does; so does a march.
        check(
            "Thousands of protesters marched through Kerra Town.",
            &[("protesters", 2_000.0, Qualifier::Range, "protesters")],
        );
        check(
            "The storm left 40 families homeless in Velmora.",
            &[("displaced", 40.0, Qualifier::Exact, "families")],
        );
    }

    #[test]
    fn vague_amounts_keep_their_words_and_both_ends() {
        let (article, annotations) = annotated(
            "Hundreds of dockworkers walked out in Velmora, and tens of thousands of \
             residents lost power. Several hundred people were evacuated, and between \
             30 and 40 fishermen are missing.",
            &[],
        );
        let figures = find_figures(&article, &annotations, &[]);
        let found: Vec<_> = figures
            .iter()
            .map(|figure| {
                (
                    figure.kind.as_str(),
                    figure.value,
                    figure.high,
                    figure.words.as_deref(),
                    figure.qualifier,
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    "other",
                    200.0,
                    Some(999.0),
                    Some("Hundreds"),
                    Qualifier::Range
                ),
                (
                    "other",
                    20_000.0,
                    Some(99_999.0),
                    Some("tens of thousands"),
                    Qualifier::Range
                ),
                (
                    "evacuated",
                    300.0,
                    Some(999.0),
                    Some("Several hundred"),
                    Qualifier::Range
                ),
                ("missing", 30.0, Some(40.0), None, Qualifier::Range),
            ]
        );
        // A plain count has neither.
        let (article, annotations) = annotated("Police detained 45 people.", &[]);
        let figures = find_figures(&article, &annotations, &[]);
        assert_eq!((figures[0].high, figures[0].words.as_deref()), (None, None));
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
