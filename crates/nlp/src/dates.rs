//! Date expressions ("on Friday", "late Wednesday", "last month", "13 June
//! 2025") found in the tokens of each sentence and resolved against the
//! article's publication date.
//!
//! Rules, in the order they are tried at each token:
//!
//! - a few leading words are taken along: prepositions (`on`, `in`, `since`,
//!   `until`, `by`, `from`, `during`), `early` / `late` / `mid`, and the
//!   relation words `last` / `next` / `this`;
//! - a weekday (`Friday`, `Friday night`) means the most recent such day on
//!   or before the publication date, or the first on or after it when the
//!   clause around it speaks of the future (`will meet on Friday`, `is due
//!   to`, `plans to`, `upcoming`; see [`Tense`]); `last Friday` the one
//!   before it, `next Friday` the first after it and `this Friday` the first
//!   on or after;
//! - `today`, `tonight`, `this morning` (publication day), `yesterday`,
//!   `last night` (the day before), `tomorrow` (the day after);
//! - `last/this/next week` (its Monday, precision day), `month` (its first
//!   day, precision month), `year` (its 1 January, precision year);
//! - a month with or without day and year (`June 13`, `June 13, 2025`,
//!   `13 June 2025`, `June 2025`, `in March`): without a year, the year that
//!   puts the date nearest the publication date (the latest not after it in
//!   a past-tense clause, the first not before it in a future one); a month alone needs a
//!   leading word or a year (so that "May" the verb is left alone);
//! - ISO dates (`2025-06-13`) and a year after a preposition (`in 2025`).
//!
//! Absolute dates resolve even when the publication date is unknown;
//! relative ones are then kept with `date: None`.

use jiff::civil::{Date, Weekday};
use jiff::ToSpan;
use tidings_model::{DateMention, DatePrecision, Sentence, Span};

/// Date expressions in `text`, found in the tokens of `sentences` and
/// resolved against `published`; in text order.
///
/// ```
/// use jiff::civil::date;
/// use tidings_nlp::{dates::find_dates, segment::sentences};
/// let text = "The harbour of Velmora closed late Wednesday.";
/// let found = find_dates(text, &sentences(text), Some(date(2026, 1, 16)));
/// assert_eq!(found[0].text, "late Wednesday");
/// assert_eq!(found[0].date, Some(date(2026, 1, 14)));
/// ```
pub fn find_dates(text: &str, sentences: &[Sentence], published: Option<Date>) -> Vec<DateMention> {
    let mut out = Vec::new();
    let mut words: Vec<&str> = Vec::new();
    for sentence in sentences {
        words.clear();
        words.extend(
            sentence
                .tokens
                .iter()
                .map(|t| text.get(t.start..t.end).unwrap_or("")),
        );
        let mut i = 0;
        while i < words.len() {
            match match_at(&words, i) {
                Some((len, expression)) => {
                    let first = sentence.tokens[i];
                    let last = sentence.tokens[i + len - 1];
                    let span = Span::new(first.start, last.end);
                    let tense = Tense::around(&words, i, i + len);
                    let (date, precision) = expression.resolve(published, tense);
                    out.push(DateMention {
                        span,
                        text: text.get(span.start..span.end).unwrap_or("").to_string(),
                        date,
                        precision,
                    });
                    i += len;
                }
                None => i += 1,
            }
        }
    }
    out
}

/// How a weekday or month relates to the publication date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Relation {
    /// The most recent on or before (the default).
    OnOrBefore,
    /// Strictly before (`last`).
    Before,
    /// On or after (`this`).
    OnOrAfter,
    /// Strictly after (`next`).
    After,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Week,
    Month,
    Year,
}

/// A matched expression, before resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expression {
    /// A weekday, with the relation its lead words state (`last`, `next`,
    /// `this`), if any.
    Weekday(Weekday, Option<Relation>),
    /// Days after the publication date (−1 for yesterday).
    DayOffset(i64),
    /// The week, month or year `offset` units from the publication date's.
    Period(Unit, i32),
    /// A month with an optional day and year, and the relation its lead
    /// words state, if any.
    MonthDay {
        month: i8,
        day: Option<i8>,
        year: Option<i16>,
        relation: Option<Relation>,
    },
    Absolute(Date),
    Year(i16),
}

impl Expression {
    /// The date and its precision; `tense` (of the clause around the
    /// expression) decides the direction where no lead word states it.
    fn resolve(self, published: Option<Date>, tense: Tense) -> (Option<Date>, DatePrecision) {
        match self {
            Expression::Weekday(weekday, relation) => {
                let relation = relation.unwrap_or(match tense {
                    Tense::Future => Relation::OnOrAfter,
                    Tense::Past | Tense::Unknown => Relation::OnOrBefore,
                });
                (
                    published.and_then(|p| weekday_near(p, weekday, relation)),
                    DatePrecision::Day,
                )
            }
            Expression::DayOffset(days) => (
                published.and_then(|p| p.checked_add(days.days()).ok()),
                DatePrecision::Day,
            ),
            Expression::Period(unit, offset) => {
                let precision = match unit {
                    Unit::Week => DatePrecision::Day,
                    Unit::Month => DatePrecision::Month,
                    Unit::Year => DatePrecision::Year,
                };
                (
                    published.and_then(|p| period_start(p, unit, offset)),
                    precision,
                )
            }
            Expression::MonthDay {
                month,
                day,
                year,
                relation,
            } => {
                let precision = if day.is_some() {
                    DatePrecision::Day
                } else {
                    DatePrecision::Month
                };
                let date = match (year, relation, tense) {
                    (Some(year), _, _) => Date::new(year, month, day.unwrap_or(1)).ok(),
                    (None, Some(relation), _) => {
                        published.and_then(|p| month_near(p, month, day.unwrap_or(1), relation))
                    }
                    (None, None, Tense::Unknown) => published
                        .and_then(|p| month_near(p, month, day.unwrap_or(1), Relation::OnOrBefore)),
                    (None, None, tense) => {
                        published.and_then(|p| month_by_tense(p, month, day, tense))
                    }
                };
                (date, precision)
            }
            Expression::Absolute(date) => (Some(date), DatePrecision::Day),
            Expression::Year(year) => (Date::new(year, 1, 1).ok(), DatePrecision::Year),
        }
    }
}

/// The `weekday` nearest `published` in the direction `relation` says.
fn weekday_near(published: Date, weekday: Weekday, relation: Relation) -> Option<Date> {
    let today = i64::from(published.weekday().to_monday_zero_offset());
    let target = i64::from(weekday.to_monday_zero_offset());
    let back = (today - target).rem_euclid(7);
    let forward = (target - today).rem_euclid(7);
    let offset = match relation {
        Relation::OnOrBefore => -back,
        Relation::Before => -(if back == 0 { 7 } else { back }),
        Relation::OnOrAfter => forward,
        Relation::After => {
            if forward == 0 {
                7
            } else {
                forward
            }
        }
    };
    published.checked_add(offset.days()).ok()
}

/// The first day of the week, month or year `offset` units from `published`.
fn period_start(published: Date, unit: Unit, offset: i32) -> Option<Date> {
    match unit {
        Unit::Week => {
            let monday = i64::from(published.weekday().to_monday_zero_offset());
            published
                .checked_add((i64::from(offset) * 7 - monday).days())
                .ok()
        }
        Unit::Month => published.first_of_month().checked_add(offset.months()).ok(),
        Unit::Year => Date::new(
            published.year().checked_add(i16::try_from(offset).ok()?)?,
            1,
            1,
        )
        .ok(),
    }
}

/// The date with `month` and `day` in the year that puts it nearest to
/// `published` (within half a year), or before/after it for `last`/`next`.
fn month_near(published: Date, month: i8, day: i8, relation: Relation) -> Option<Date> {
    let year = published.year();
    let candidates = [year.checked_sub(1)?, year, year.checked_add(1)?];
    let dates: Vec<Date> = candidates
        .iter()
        .filter_map(|&y| Date::new(y, month, day).ok())
        .collect();
    let month_of = |d: &Date| i32::from(d.year()) * 12 + i32::from(d.month());
    let now = month_of(&published);
    match relation {
        Relation::Before => dates.into_iter().rev().find(|d| month_of(d) < now),
        Relation::After => dates.into_iter().find(|d| month_of(d) > now),
        Relation::OnOrAfter => dates.into_iter().find(|d| month_of(d) >= now),
        Relation::OnOrBefore => dates.into_iter().min_by_key(|d| {
            let distance = month_of(d) - now;
            // Ties (six months either way) go to the past.
            (distance.abs(), distance > 0)
        }),
    }
}

/// The date with `month` (and `day`) within a year of `published`: the
/// latest not after it in a past-tense clause, the first not before it in a
/// future one. Without a day, months are compared, so "in June" in a June
/// paper is this June either way.
fn month_by_tense(published: Date, month: i8, day: Option<i8>, tense: Tense) -> Option<Date> {
    let year = published.year();
    let candidates = [year.checked_sub(1)?, year, year.checked_add(1)?];
    let month_of = |d: &Date| i32::from(d.year()) * 12 + i32::from(d.month());
    let after = |d: &Date| match day {
        Some(_) => *d > published,
        None => month_of(d) > month_of(&published),
    };
    let before = |d: &Date| match day {
        Some(_) => *d < published,
        None => month_of(d) < month_of(&published),
    };
    let mut dates = candidates
        .iter()
        .filter_map(|&y| Date::new(y, month, day.unwrap_or(1)).ok());
    match tense {
        Tense::Future => dates.find(|d| !before(d)),
        Tense::Past | Tense::Unknown => dates.rev().find(|d| !after(d)),
    }
}

/// The tense of the clause around a date expression, read from the nearest
/// tense cue: first looking back from the expression to the start of its
/// clause (`that`, `but`, `;`, `:` end the look back), then forward to the
/// end of the sentence. Cues of the future: `will`, `'ll`, `shall`,
/// `won't`, `upcoming`, `next`, `due`, `is/are to`, `going/set/plans/
/// scheduled/expected to`, `scheduled/planned for`. Cues of the past:
/// `was`, `were`, `had`, `did`, common irregular past forms (`said`, `met`,
/// `held` …) and regular ones (`-ed`). A clause with neither (present
/// tense, headlines) is `Unknown` and keeps the default direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    Past,
    Future,
    Unknown,
}

impl Tense {
    /// The tense around the expression `words[start..end]`.
    fn around(words: &[&str], start: usize, end: usize) -> Tense {
        for k in (0..start).rev() {
            if let Some(tense) = tense_cue(words, k) {
                return tense;
            }
            if matches!(words[k], "that" | "but" | ";" | ":" | "—" | "–") {
                break;
            }
        }
        for k in end..words.len() {
            if let Some(tense) = tense_cue(words, k) {
                return tense;
            }
        }
        Tense::Unknown
    }
}

/// Words after which `to` points to the future ("is to meet", "plans to").
const FUTURE_BEFORE_TO: &[&str] = &[
    "is",
    "are",
    "am",
    "due",
    "going",
    "set",
    "plan",
    "plans",
    "planning",
    "scheduled",
    "expected",
    "intends",
    "intend",
    "aims",
    "aim",
    "poised",
    "slated",
    "prepared",
];

/// Common irregular past forms (regular ones end in `-ed`).
const IRREGULAR_PAST: &[&str] = &[
    "said",
    "told",
    "met",
    "held",
    "spoke",
    "began",
    "went",
    "came",
    "took",
    "gave",
    "made",
    "left",
    "struck",
    "fell",
    "rose",
    "won",
    "lost",
    "saw",
    "fought",
    "broke",
    "sent",
    "led",
    "ran",
    "found",
    "brought",
    "caught",
    "became",
    "chose",
    "drove",
    "flew",
    "got",
    "grew",
    "knew",
    "paid",
    "shot",
    "sold",
    "stood",
    "threw",
    "wrote",
    "kept",
    "felt",
    "heard",
    "thought",
    "bought",
    "fled",
    "sought",
    "built",
    "spent",
    "withdrew",
    "arose",
    "swept",
    "sank",
    "froze",
    "stole",
    "hung",
    "bore",
    "tore",
    "woke",
    "overtook",
    "undertook",
    "forbade",
    "sprang",
    "swam",
    "drew",
    "blew",
    "dealt",
    "meant",
    "slept",
];

/// Words ending in `-ed` that are no past forms.
const NOT_PAST_ED: &[&str] = &[
    "need", "feed", "speed", "seed", "bed", "red", "shed", "bleed", "breed", "proceed", "exceed",
    "succeed", "embed", "hundred", "sacred", "naked", "wicked", "kindred", "weed", "greed", "deed",
    "creed", "indeed", "steed", "tweed", "wed",
];

/// The tense that `words[k]` marks, if any.
fn tense_cue(words: &[&str], k: usize) -> Option<Tense> {
    let lower = words[k].to_ascii_lowercase();
    let next = words.get(k + 1).map(|w| w.to_ascii_lowercase());
    let next_is = |options: &[&str]| next.as_deref().is_some_and(|n| options.contains(&n));
    match lower.as_str() {
        "will" | "'ll" | "shall" | "wo" | "upcoming" | "forthcoming" => return Some(Tense::Future),
        // "next week", not "next to the station".
        "next" if !next_is(&["to"]) => return Some(Tense::Future),
        // "due on", "due back", "due to meet"; not "due to the storm".
        "due" if !next_is(&["to"]) || to_verb(words, k + 1) => return Some(Tense::Future),
        "to" if k > 0
            && FUTURE_BEFORE_TO.contains(&words[k - 1].to_ascii_lowercase().as_str())
            && (words[k - 1] != "due" || to_verb(words, k)) =>
        {
            return Some(Tense::Future)
        }
        "scheduled" | "planned" | "slated" if next_is(&["for", "to"]) => {
            return Some(Tense::Future)
        }
        word if word != "due" && FUTURE_BEFORE_TO.contains(&word) && next_is(&["to"]) => {
            return Some(Tense::Future)
        }
        _ => {}
    }
    if matches!(lower.as_str(), "was" | "were" | "had" | "did") {
        return Some(Tense::Past);
    }
    // A participle after "be" ("will be held") takes the tense of what
    // comes before it.
    if k > 0 && matches!(words[k - 1], "be" | "been" | "being") {
        return None;
    }
    if IRREGULAR_PAST.contains(&lower.as_str()) {
        return Some(Tense::Past);
    }
    // Only words written in lower case: "Ahmed" is a name, not a verb.
    let word = words[k];
    let lowercase = word.len() >= 4 && word.bytes().all(|b| b.is_ascii_lowercase());
    if lowercase && word.ends_with("ed") && !NOT_PAST_ED.contains(&word) {
        return Some(Tense::Past);
    }
    None
}

/// Whether the `to` at `words[to]` is followed by what can be a verb (a
/// lower-case word that is no determiner): "due to meet", not "due to the
/// storm" or "due to heavy rain".
fn to_verb(words: &[&str], to: usize) -> bool {
    const NOT_VERBS: &[&str] = &[
        "the",
        "a",
        "an",
        "its",
        "their",
        "his",
        "her",
        "our",
        "this",
        "that",
        "these",
        "those",
        "heavy",
        "bad",
        "poor",
        "high",
        "low",
        "strong",
        "lack",
        "concerns",
        "security",
        "safety",
        "technical",
        "health",
        "budget",
        "weather",
        "rising",
        "falling",
    ];
    words.get(to + 1).is_some_and(|w| {
        w.bytes().next().is_some_and(|b| b.is_ascii_lowercase()) && !NOT_VERBS.contains(w)
    })
}

/// Leading words taken into an expression.
#[derive(Debug, Default, Clone, Copy)]
struct Lead {
    /// A preposition was seen.
    preposition: bool,
    /// `early`, `late` or `mid` was seen.
    part: bool,
    /// `last`, `next` or `this`.
    relation: Option<Relation>,
    /// Number of words taken.
    len: usize,
}

/// The expression starting at `words[i]`, with its length in words.
fn match_at(words: &[&str], i: usize) -> Option<(usize, Expression)> {
    let mut lead = Lead::default();
    let mut j = i;
    while j < words.len() && lead.len < 3 {
        let word = words[j].to_ascii_lowercase();
        match word.as_str() {
            "on" | "in" | "since" | "until" | "till" | "by" | "from" | "during"
                if !lead.preposition && lead.relation.is_none() =>
            {
                lead.preposition = true
            }
            "early" | "late" | "mid" if !lead.part => lead.part = true,
            "last" | "past" if lead.relation.is_none() => lead.relation = Some(Relation::Before),
            "next" | "coming" if lead.relation.is_none() => lead.relation = Some(Relation::After),
            "this" if lead.relation.is_none() => lead.relation = Some(Relation::OnOrAfter),
            _ => break,
        }
        lead.len += 1;
        j += 1;
    }
    // Prefer the longest lead that leads to a head; fall back to shorter ones
    // (so that "on" in "on this" is not lost when only "this" fails).
    for taken in (0..=lead.len).rev() {
        let start = i + taken;
        if start >= words.len() {
            continue;
        }
        let sub = lead_of(words, i, taken);
        if let Some((len, expression)) = head_at(words, start, &sub) {
            return Some((taken + len, expression));
        }
        if taken == 0 {
            break;
        }
    }
    None
}

/// The lead made of the `taken` words from `words[i]`.
fn lead_of(words: &[&str], i: usize, taken: usize) -> Lead {
    let mut lead = Lead {
        len: taken,
        ..Lead::default()
    };
    for word in &words[i..i + taken] {
        match word.to_ascii_lowercase().as_str() {
            "early" | "late" | "mid" => lead.part = true,
            "last" | "past" => lead.relation = Some(Relation::Before),
            "next" | "coming" => lead.relation = Some(Relation::After),
            "this" => lead.relation = Some(Relation::OnOrAfter),
            _ => lead.preposition = true,
        }
    }
    lead
}

/// The head of an expression at `words[j]`, given its lead.
fn head_at(words: &[&str], j: usize, lead: &Lead) -> Option<(usize, Expression)> {
    let word = words[j];
    let lower = word.to_ascii_lowercase();
    if let Some(weekday) = weekday(word) {
        // "Friday, June 13, 2025": the month date decides.
        if j + 2 < words.len() && words[j + 1] == "," {
            if let Some((len, expression)) = month_date(words, j + 2, lead) {
                return Some((len + 2, expression));
            }
        }
        let len = 1 + usize::from(j + 1 < words.len() && is_part_of_day(words[j + 1]));
        return Some((len, Expression::Weekday(weekday, lead.relation)));
    }
    let part_of_day = usize::from(j + 1 < words.len() && is_part_of_day(words[j + 1]));
    match (lower.as_str(), lead.relation) {
        ("today" | "tonight", None) => return Some((1 + part_of_day, Expression::DayOffset(0))),
        ("yesterday", None) => return Some((1 + part_of_day, Expression::DayOffset(-1))),
        ("tomorrow", None) => return Some((1 + part_of_day, Expression::DayOffset(1))),
        ("night" | "evening", Some(Relation::Before)) => {
            return Some((1, Expression::DayOffset(-1)))
        }
        ("morning" | "afternoon" | "evening", Some(Relation::OnOrAfter)) => {
            return Some((1, Expression::DayOffset(0)))
        }
        ("week" | "month" | "year", Some(relation)) => {
            let unit = match lower.as_str() {
                "week" => Unit::Week,
                "month" => Unit::Month,
                _ => Unit::Year,
            };
            let offset = match relation {
                Relation::Before => -1,
                Relation::After => 1,
                Relation::OnOrAfter | Relation::OnOrBefore => 0,
            };
            return Some((1, Expression::Period(unit, offset)));
        }
        _ => {}
    }
    if let Some(found) = month_date(words, j, lead) {
        return Some(found);
    }
    if let Some(date) = iso_date(word) {
        return Some((1, Expression::Absolute(date)));
    }
    if lead.preposition && lead.relation.is_none() {
        if let Some(year) = year(word) {
            return Some((1, Expression::Year(year)));
        }
    }
    None
}

/// A month date at `words[j]`: `June 13`, `June 13, 2025`, `13 June 2025`,
/// `13th of June`, `June 2025`, `mid-June`, or a month alone after a lead.
fn month_date(words: &[&str], j: usize, lead: &Lead) -> Option<(usize, Expression)> {
    let relation = lead.relation;
    let word = words[j];
    // Day first: "13 June 2025", "13th of June".
    if let Some(day) = day_number(word) {
        let mut k = j + 1;
        if k < words.len() && words[k] == "of" {
            k += 1;
        }
        let month = words.get(k).and_then(|w| month(w))?;
        let mut len = k + 1 - j;
        let mut year_found = None;
        if let Some(y) = words.get(k + 1).and_then(|w| year(w)) {
            year_found = Some(y);
            len += 1;
        }
        return Some((
            len,
            Expression::MonthDay {
                month,
                day: Some(day),
                year: year_found,
                relation,
            },
        ));
    }
    if let Some(rest) = word.strip_prefix("mid-") {
        let month = month(rest)?;
        let (len, year) = match words.get(j + 1).and_then(|w| year(w)) {
            Some(y) => (2, Some(y)),
            None => (1, None),
        };
        return Some((
            len,
            Expression::MonthDay {
                month,
                day: None,
                year,
                relation,
            },
        ));
    }
    let month = month(word)?;
    let mut len = 1;
    let mut day = None;
    if let Some(d) = words.get(j + 1).and_then(|w| day_number(w)) {
        day = Some(d);
        len += 1;
    }
    let mut year_found = None;
    let comma = usize::from(words.get(j + len) == Some(&","));
    if let Some(y) = words.get(j + len + comma).and_then(|w| year(w)) {
        // "June 13, 2025" or "June 2025" (no comma without a day).
        if day.is_some() || comma == 0 {
            year_found = Some(y);
            len += comma + 1;
        }
    }
    if day.is_none() && year_found.is_none() && lead.len == 0 {
        // A month alone needs a lead ("in March"): "May" may be a verb.
        return None;
    }
    if word == "May"
        && day.is_none()
        && year_found.is_none()
        && !lead.preposition
        && !lead.part
        && lead.relation.is_none()
    {
        return None;
    }
    Some((
        len,
        Expression::MonthDay {
            month,
            day,
            year: year_found,
            relation,
        },
    ))
}

fn weekday(word: &str) -> Option<Weekday> {
    let day = match word {
        "Monday" | "MONDAY" => Weekday::Monday,
        "Tuesday" | "TUESDAY" => Weekday::Tuesday,
        "Wednesday" | "WEDNESDAY" => Weekday::Wednesday,
        "Thursday" | "THURSDAY" => Weekday::Thursday,
        "Friday" | "FRIDAY" => Weekday::Friday,
        "Saturday" | "SATURDAY" => Weekday::Saturday,
        "Sunday" | "SUNDAY" => Weekday::Sunday,
        _ => return None,
    };
    Some(day)
}

fn is_part_of_day(word: &str) -> bool {
    matches!(
        word.to_ascii_lowercase().as_str(),
        "night" | "morning" | "afternoon" | "evening"
    )
}

/// The month number of a capitalised month name or its abbreviation.
fn month(word: &str) -> Option<i8> {
    let month = match word.trim_end_matches('.') {
        "January" | "Jan" | "JANUARY" => 1,
        "February" | "Feb" | "FEBRUARY" => 2,
        "March" | "Mar" | "MARCH" => 3,
        "April" | "Apr" | "APRIL" => 4,
        "May" | "MAY" => 5,
        "June" | "Jun" | "JUNE" => 6,
        "July" | "Jul" | "JULY" => 7,
        "August" | "Aug" | "AUGUST" => 8,
        "September" | "Sep" | "Sept" | "SEPTEMBER" => 9,
        "October" | "Oct" | "OCTOBER" => 10,
        "November" | "Nov" | "NOVEMBER" => 11,
        "December" | "Dec" | "DECEMBER" => 12,
        _ => return None,
    };
    Some(month)
}

/// A day of the month: `13`, `13th`, `1st`.
fn day_number(word: &str) -> Option<i8> {
    let digits = word
        .strip_suffix("st")
        .or_else(|| word.strip_suffix("nd"))
        .or_else(|| word.strip_suffix("rd"))
        .or_else(|| word.strip_suffix("th"))
        .unwrap_or(word);
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let day: i8 = digits.parse().ok()?;
    (1..=31).contains(&day).then_some(day)
}

/// A plausible year of news: four digits from 1800 to 2199.
fn year(word: &str) -> Option<i16> {
    if word.len() != 4 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i16 = word.parse().ok()?;
    (1800..2200).contains(&year).then_some(year)
}

/// `YYYY-MM-DD`.
pub(crate) fn iso_date(word: &str) -> Option<Date> {
    let bytes = word.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year: i16 = word.get(0..4)?.parse().ok()?;
    let month: i8 = word.get(5..7)?.parse().ok()?;
    let day: i8 = word.get(8..10)?.parse().ok()?;
    Date::new(year, month, day).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::sentences;
    use jiff::civil::date;
    use proptest::prelude::*;

    /// (text, date, precision) of every expression in `text`.
    fn found(text: &str, published: Option<Date>) -> Vec<(String, Option<Date>, DatePrecision)> {
        find_dates(text, &sentences(text), published)
            .into_iter()
            .map(|d| (d.text, d.date, d.precision))
            .collect()
    }

    fn one(text: &str, published: Date) -> (String, Option<Date>) {
        let all = found(text, Some(published));
        assert_eq!(all.len(), 1, "{text}: {all:?}");
        (all[0].0.clone(), all[0].1)
    }

    /// Friday 2026-01-16.
    const FRIDAY: Date = date(2026, 1, 16);

    #[test]
    fn weekdays_resolve_on_or_before_publication() {
        assert_eq!(
            one("The mayor of Velmora spoke late Wednesday.", FRIDAY),
            ("late Wednesday".into(), Some(date(2026, 1, 14)))
        );
        assert_eq!(
            one("Ferries stopped on Friday.", date(2025, 6, 13)),
            ("on Friday".into(), Some(date(2025, 6, 13)))
        );
        assert_eq!(
            one("Strikes began early Friday.", FRIDAY),
            ("early Friday".into(), Some(FRIDAY))
        );
        assert_eq!(
            one("They met Saturday in Portavel.", FRIDAY),
            ("Saturday".into(), Some(date(2026, 1, 10)))
        );
        assert_eq!(
            one("The vote continued until Friday night.", FRIDAY),
            ("until Friday night".into(), Some(FRIDAY))
        );
    }

    /// Every weekday named in an article of every weekday, in a past and a
    /// future sentence: the past looks back (the day itself included), the
    /// future looks ahead (the day itself included).
    #[test]
    fn weekdays_follow_the_tense_for_every_pair() {
        const NAMES: [&str; 7] = [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ];
        // 2026-03-02 is a Monday.
        for published_offset in 0..7i64 {
            let published = date(2026, 3, 2)
                .checked_add(published_offset.days())
                .unwrap();
            for (target, name) in NAMES.iter().enumerate() {
                let target = target as i64;
                let back = (published_offset - target).rem_euclid(7);
                let forward = (target - published_offset).rem_euclid(7);
                let past = published.checked_sub(back.days()).unwrap();
                let future = published.checked_add(forward.days()).unwrap();
                let cases = [
                    (format!("The two sides met on {name}."), past),
                    (format!("Talks in Velmora ended on {name}."), past),
                    (format!("The two sides will meet on {name}."), future),
                    (
                        format!("On {name}, the ministers will sign the accord."),
                        future,
                    ),
                ];
                for (text, expected) in cases {
                    assert_eq!(
                        one(&text, published).1,
                        Some(expected),
                        "{text} published {published} ({:?})",
                        published.weekday()
                    );
                }
            }
        }
    }

    #[test]
    fn future_cues_look_ahead_and_past_cues_look_back() {
        // Thursday 2026-03-05 and Wednesday 2026-03-04, as in the issue.
        let thursday = date(2026, 3, 5);
        let wednesday = date(2026, 3, 4);
        assert_eq!(
            one("The two sides will meet on Friday.", thursday).1,
            Some(date(2026, 3, 6))
        );
        assert_eq!(
            one(
                "Both delegations are due to hold new talks on Thursday.",
                wednesday
            )
            .1,
            Some(date(2026, 3, 5))
        );
        for text in [
            "The council plans to vote on Monday.",
            "The minister is to visit Kerra Town on Monday.",
            "The upcoming summit opens on Monday.",
            "The union said members would strike, and talks are set to resume on Monday.",
            "Officials said on Tuesday that talks will resume on Monday.",
        ] {
            let all = found(text, Some(thursday));
            let monday = all.iter().find(|d| d.0.contains("Monday")).unwrap();
            assert_eq!(monday.1, Some(date(2026, 3, 9)), "{text}: {all:?}");
        }
        // The past clause keeps its own direction beside a future one.
        let all = found(
            "Officials said on Tuesday that talks will resume on Monday.",
            Some(thursday),
        );
        assert_eq!(all[0].1, Some(date(2026, 3, 3)), "{all:?}");
        // "due to" a cause is no future.
        assert_eq!(
            one("On Monday, ferries stopped due to the storm.", thursday).1,
            Some(date(2026, 3, 2))
        );
        assert_eq!(
            one("On Monday, due to the storm, ferries stopped.", thursday).1,
            Some(date(2026, 3, 2))
        );
        // A present-tense or tenseless sentence keeps the default (the past).
        assert_eq!(
            one("Ferries in Velmora on Monday.", thursday).1,
            Some(date(2026, 3, 2))
        );
    }

    #[test]
    fn month_days_follow_the_tense() {
        // 2026-07-20.
        let july = date(2026, 7, 20);
        assert_eq!(
            one("The new mayor will take office in March.", july).1,
            Some(date(2027, 3, 1))
        );
        assert_eq!(
            one("The strike began on 20 November.", date(2026, 6, 5)).1,
            Some(date(2025, 11, 20))
        );
        assert_eq!(
            one("The vote will be held on 2 January.", july).1,
            Some(date(2027, 1, 2))
        );
        // Without a tense, the nearest date.
        assert_eq!(
            one("Elections in Velmora: 20 November.", date(2026, 6, 5)).1,
            Some(date(2026, 11, 20))
        );
    }

    #[test]
    fn last_next_and_this_weekdays() {
        assert_eq!(
            one("It rained last Friday.", FRIDAY).1,
            Some(date(2026, 1, 9))
        );
        assert_eq!(
            one("It rained last Tuesday.", FRIDAY).1,
            Some(date(2026, 1, 13))
        );
        assert_eq!(
            one("Talks resume next Friday.", FRIDAY).1,
            Some(date(2026, 1, 23))
        );
        assert_eq!(
            one("Talks resume next Monday.", FRIDAY).1,
            Some(date(2026, 1, 19))
        );
        assert_eq!(
            one("Talks resume this Sunday.", FRIDAY).1,
            Some(date(2026, 1, 18))
        );
    }

    #[test]
    fn days_around_publication() {
        assert_eq!(
            one("The port reopened yesterday.", FRIDAY).1,
            Some(date(2026, 1, 15))
        );
        assert_eq!(one("Today the port reopened.", FRIDAY).1, Some(FRIDAY));
        assert_eq!(one("Crowds gather tonight.", FRIDAY).1, Some(FRIDAY));
        assert_eq!(
            one("Crowds gather tomorrow morning.", FRIDAY),
            ("tomorrow morning".into(), Some(date(2026, 1, 17)))
        );
        assert_eq!(
            one("Shots were heard last night.", FRIDAY).1,
            Some(date(2026, 1, 15))
        );
    }

    #[test]
    fn weeks_months_and_years() {
        let all = found(
            "Protests grew since last month and last year, and this month too.",
            Some(FRIDAY),
        );
        assert_eq!(
            all,
            [
                (
                    "since last month".to_string(),
                    Some(date(2025, 12, 1)),
                    DatePrecision::Month
                ),
                (
                    "last year".to_string(),
                    Some(date(2025, 1, 1)),
                    DatePrecision::Year
                ),
                (
                    "this month".to_string(),
                    Some(date(2026, 1, 1)),
                    DatePrecision::Month
                ),
            ]
        );
        assert_eq!(
            one("Prices fell last week.", FRIDAY).1,
            Some(date(2026, 1, 5))
        );
        assert_eq!(
            one("Prices fall next month.", FRIDAY).1,
            Some(date(2026, 2, 1))
        );
    }

    #[test]
    fn month_names() {
        assert_eq!(
            one("It opened on June 13.", date(2025, 6, 20)),
            ("on June 13".into(), Some(date(2025, 6, 13)))
        );
        assert_eq!(
            one("It opened on 13 June 2025.", FRIDAY),
            ("on 13 June 2025".into(), Some(date(2025, 6, 13)))
        );
        assert_eq!(
            one("It opened June 13, 2024, in Velmora.", FRIDAY),
            ("June 13, 2024".into(), Some(date(2024, 6, 13)))
        );
        assert_eq!(
            one("It opened in March.", date(2026, 5, 2)),
            ("in March".into(), Some(date(2026, 3, 1)))
        );
        // December seen from January is the one just past.
        assert_eq!(
            one("It opened in December.", FRIDAY).1,
            Some(date(2025, 12, 1))
        );
        assert_eq!(
            one("It opens Feb. 3.", FRIDAY),
            ("Feb. 3".into(), Some(date(2026, 2, 3)))
        );
        assert_eq!(
            one("It opened on Friday, June 13, 2025.", FRIDAY),
            ("on Friday, June 13, 2025".into(), Some(date(2025, 6, 13)))
        );
        assert_eq!(
            found("It opened in March 2020.", Some(FRIDAY))[0].2,
            DatePrecision::Month
        );
        assert_eq!(
            one("Floods came in mid-June.", date(2025, 7, 10)).1,
            Some(date(2025, 6, 1))
        );
    }

    #[test]
    fn lone_months_and_may_need_context() {
        assert!(found(
            "Officials may resign. April Venn spoke. March on!",
            Some(FRIDAY)
        )
        .is_empty());
        assert_eq!(
            one("Elections are due in May.", FRIDAY).1,
            Some(date(2026, 5, 1))
        );
        // Past tense: the last May 4 before publication, not the nearest.
        assert_eq!(
            one("Elections were held May 4.", FRIDAY).1,
            Some(date(2025, 5, 4))
        );
        assert_eq!(
            one("Elections in Velmora: May 4.", FRIDAY).1,
            Some(date(2026, 5, 4))
        );
    }

    #[test]
    fn iso_dates_and_years() {
        assert_eq!(
            one("Filed 2025-06-13 in Velmora.", FRIDAY).1,
            Some(date(2025, 6, 13))
        );
        assert_eq!(
            found("Since 2019 the port grew.", Some(FRIDAY))[0],
            (
                "Since 2019".into(),
                Some(date(2019, 1, 1)),
                DatePrecision::Year
            )
        );
        assert!(found(
            "It cost 2025 dollars and 2025-13-45 is no date.",
            Some(FRIDAY)
        )
        .is_empty());
    }

    #[test]
    fn no_publication_date_keeps_the_text() {
        assert_eq!(
            found("It rained on Friday, and on 13 June 2025.", None),
            [
                ("on Friday".to_string(), None, DatePrecision::Day),
                (
                    "on 13 June 2025".to_string(),
                    Some(date(2025, 6, 13)),
                    DatePrecision::Day
                ),
            ]
        );
    }

    #[test]
    fn lead_words_alone_are_not_dates() {
        assert!(found("He spoke on the last day in the early hours.", Some(FRIDAY)).is_empty());
    }

    /// A seed file from `../shared/seeds`; the tests that read one are
    /// `#[ignore]`d, so a missing file is a failure when they are asked for.
    fn seed(name: &str) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/seeds")
            .join(name);
        std::fs::read_to_string(&path).unwrap_or_else(|err| {
            panic!(
                "{}: {err}: this test needs the shared evaluation data",
                path.display()
            )
        })
    }

    #[test]
    #[ignore = "needs ../shared/seeds: cargo test --workspace -- --ignored"]
    fn seed_articles() {
        {
            let text = seed("000_2586115594d43654.txt");
            let all = found(&text, Some(FRIDAY));
            let late = all.iter().find(|d| d.0 == "late Wednesday").unwrap();
            assert_eq!(late.1, Some(date(2026, 1, 14)));
            let since = all.iter().find(|d| d.0 == "since last month").unwrap();
            assert_eq!(
                (since.1, since.2),
                (Some(date(2025, 12, 1)), DatePrecision::Month)
            );
        }
        {
            let text = seed("002_a437a26006dae97f.txt");
            let all = found(&text, Some(date(2025, 6, 13)));
            let texts: Vec<&str> = all.iter().map(|d| d.0.as_str()).collect();
            assert!(
                texts.contains(&"on Friday") && texts.contains(&"early Friday"),
                "{texts:?}"
            );
            assert!(texts.contains(&"until Friday night"), "{texts:?}");
            assert!(
                all.iter().all(|d| d.1 == Some(date(2025, 6, 13))),
                "{all:?}"
            );
        }
    }

    proptest! {
        #[test]
        fn never_panics_and_spans_are_valid(
            text in "((on|late|last|next|this|in|since|Friday|June|May|13|2025|2025-06-13|night|month|week|year|today|,|\\.)[ ]?|\\PC){0,30}",
            days in -100_000i32..100_000,
        ) {
            let published = date(2000, 1, 1).checked_add(days.days()).ok();
            let sentences = sentences(&text);
            let mut last = 0;
            for mention in find_dates(&text, &sentences, published) {
                prop_assert!(mention.span.start >= last);
                prop_assert!(mention.span.start < mention.span.end);
                prop_assert_eq!(text.get(mention.span.start..mention.span.end), Some(mention.text.as_str()));
                last = mention.span.end;
            }
        }
    }
}
