//! Sentences and tokens of clean text, as byte spans, in the conventions of
//! the CoNLL/PTB training data.
//!
//! Tokens: punctuation is split off (`,` `.` `"` `(` `)` `:` `;` `?` `!`),
//! clitics too (`Iran` `'s`, `did` `n't`), while hyphenated words
//! (`anti-government`), numbers (`2,600`, `3.4`), abbreviations (`U.S.`,
//! `Gen.`, `a.m.`), URLs and e-mail addresses stay whole. Curly quotes and
//! apostrophes behave like straight ones.
//!
//! Sentences end at `.`, `?`, `!` or `...` (with any closing quotes or
//! brackets that follow) unless the next word starts in lower case, never
//! after a title (`Mr.`, `Gen.`) or an initial, and always at a paragraph
//! break (`"\n\n"`).
//!
//! The scanner works on bytes with char-boundary care and allocates only the
//! output vectors, so it runs at millions of tokens per second.

use tidings_model::{Sentence, Span};

/// Sentences of `text` with their tokens, byte offsets into `text`.
///
/// Every non-whitespace character of `text` is inside exactly one token and
/// every token inside its sentence.
///
/// ```
/// use tidings_nlp::segment::sentences;
/// let text = "Gen. Arlo Venn met the U.S. envoy. \"No deal,\" he said.";
/// let found: Vec<&str> = sentences(text).iter().map(|s| &text[s.span.start..s.span.end]).collect();
/// assert_eq!(found, ["Gen. Arlo Venn met the U.S. envoy.", "\"No deal,\" he said."]);
/// ```
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut tokens = Vec::new();
    for paragraph in paragraphs(text) {
        tokens.clear();
        tokenize_into(text, paragraph, &mut tokens);
        split_sentences(text, &tokens, &mut out);
    }
    out
}

/// Tokens of `text[span]` as spans of `text` (used for sentences and for
/// titles).
///
/// A span that reaches past the text is cut to it, and one that starts or
/// ends inside a character is narrowed to whole characters.
///
/// ```
/// use tidings_model::Span;
/// use tidings_nlp::segment::tokenize;
/// let text = "Iran's anti-government protests didn't stop.";
/// let tokens: Vec<&str> = tokenize(text, Span::new(0, text.len()))
///     .iter()
///     .map(|t| &text[t.start..t.end])
///     .collect();
/// assert_eq!(tokens, ["Iran", "'s", "anti-government", "protests", "did", "n't", "stop", "."]);
/// ```
pub fn tokenize(text: &str, span: Span) -> Vec<Span> {
    let mut out = Vec::new();
    tokenize_into(text, span, &mut out);
    out
}

/// Titles and other abbreviations after which a sentence never ends.
const TITLES: &[&str] = &[
    "Adm", "Amb", "Brig", "Capt", "Cdr", "Cmdr", "Col", "Cpl", "Cpt", "Dr", "Fr", "Gen", "Gens",
    "Gov", "Hon", "Insp", "Lt", "Maj", "Messrs", "Mme", "Mlle", "Mmes", "Mr", "Mrs", "Ms", "Mt",
    "Mx", "No", "Nos", "Pres", "Prof", "Pvt", "Rep", "Reps", "Rev", "Sen", "Sens", "Sgt", "St",
    "Supt", "e.g", "i.e", "vs", "v", "cf", "approx", "ca", "fig", "Fig", "Ft", "Op", "Vol", "vol",
    "pp", "ed", "eds",
];

/// Abbreviations that keep their period but may end a sentence when a
/// typical sentence opener follows.
const ABBREVIATIONS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mon",
    "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Inc", "Corp", "Co", "Ltd", "Bros",
    "Dept", "Univ", "Assn", "Ave", "Blvd", "Rd", "Jr", "Sr", "etc", "al", "est", "Nat", "Intl",
    "Cong", "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Fla", "Ill", "Kan", "Ky", "Md", "Mass",
    "Mich", "Minn", "Mont", "Neb", "Nev", "Okla", "Ore", "Tenn", "Tex", "Wis", "Wyo",
];

/// Words that commonly open a sentence: after an abbreviation such as
/// `U.S.` or `Inc.` one of these marks a sentence end.
const OPENERS: &[&str] = &[
    "A",
    "After",
    "An",
    "And",
    "As",
    "At",
    "But",
    "He",
    "Her",
    "His",
    "However",
    "I",
    "In",
    "It",
    "Its",
    "Many",
    "Meanwhile",
    "Most",
    "On",
    "Our",
    "She",
    "Some",
    "That",
    "The",
    "Their",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "We",
    "When",
    "While",
    "Yet",
    "You",
];

/// The paragraphs of `text`: stretches separated by a blank line.
fn paragraphs(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\n' {
            // Look for a second newline with only spaces and tabs between.
            let mut j = i + 1;
            while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\r') {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b'\n' {
                out.push(Span::new(start, i));
                // Swallow the whole blank run.
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                start = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    if start < bytes.len() {
        out.push(Span::new(start, bytes.len()));
    }
    out
}

/// The char starting at byte `i` of `text` (which must be a boundary) and
/// its length.
#[inline]
fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return (b as char, 1);
    }
    match text.get(i..).and_then(|rest| rest.chars().next()) {
        Some(c) => (c, c.len_utf8()),
        None => ('\u{FFFD}', 1),
    }
}

/// The char ending at byte `end` of `text` (a boundary) and its length.
#[inline]
fn char_before(text: &str, end: usize) -> (char, usize) {
    let b = text.as_bytes()[end - 1];
    if b < 0x80 {
        return (b as char, 1);
    }
    match text.get(..end).and_then(|head| head.chars().next_back()) {
        Some(c) => (c, c.len_utf8()),
        None => ('\u{FFFD}', 1),
    }
}

/// Cuts `span` to `text` and narrows it to char boundaries.
fn clamp(text: &str, span: Span) -> Span {
    let mut start = span.start.min(text.len());
    let mut end = span.end.min(text.len()).max(start);
    while start < end && !text.is_char_boundary(start) {
        start += 1;
    }
    while end > start && !text.is_char_boundary(end) {
        end -= 1;
    }
    Span::new(start, end)
}

/// Appends the tokens of `text[span]` to `out`.
fn tokenize_into(text: &str, span: Span, out: &mut Vec<Span>) {
    let span = clamp(text, span);
    let bytes = text.as_bytes();
    let mut i = span.start;
    while i < span.end {
        let (c, len) = char_at(text, i);
        if c.is_whitespace() {
            i += len;
            continue;
        }
        // A chunk: everything up to the next whitespace.
        let start = i;
        let mut j = i;
        while j < span.end {
            let b = bytes[j];
            if b < 0x80 {
                if (b as char).is_whitespace() {
                    break;
                }
                j += 1;
            } else {
                let (c, len) = char_at(text, j);
                if c.is_whitespace() {
                    break;
                }
                j += len;
            }
        }
        split_chunk(text, start, j, out);
        i = j;
    }
}

/// Punctuation that is always a token of its own, wherever it stands.
#[inline]
fn is_splitter(c: char) -> bool {
    matches!(
        c,
        '"' | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | ';'
            | '!'
            | '?'
            | '“'
            | '”'
            | '„'
            | '«'
            | '»'
            | '—'
            | '–'
            | '…'
            | '‹'
            | '›'
            | '¿'
            | '¡'
            | '|'
            | '*'
    )
}

#[inline]
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | '`' | '´')
}

/// Splits one whitespace-free chunk `text[start..end]` into tokens.
fn split_chunk(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let chunk = &text[start..end];
    if is_url_or_email(chunk) {
        split_url(text, start, end, out);
        return;
    }
    let bytes = text.as_bytes();
    // Cut the chunk into segments at splitters; a segment is either a run of
    // word characters (kept for `split_word`) or one punctuation token.
    let mut seg_start = start;
    let mut i = start;
    while i < end {
        let (c, len) = char_at(text, i);
        let split = if is_splitter(c) {
            true
        } else if c == ',' || c == ':' {
            // Kept inside numbers: 2,600 and 10:30.
            !(i > start
                && i + 1 < end
                && bytes[i - 1].is_ascii_digit()
                && bytes[i + 1].is_ascii_digit())
        } else if c == '-' && i + 1 < end && bytes[i + 1] == b'-' {
            // A double dash: one token for the whole run.
            let mut j = i;
            while j < end && bytes[j] == b'-' {
                j += 1;
            }
            if seg_start < i {
                split_word(text, seg_start, i, out);
            }
            out.push(Span::new(i, j));
            i = j;
            seg_start = j;
            continue;
        } else {
            false
        };
        if split {
            if seg_start < i {
                split_word(text, seg_start, i, out);
            }
            // Runs of the same mark (`!!`, `??`) make one token.
            let mut j = i + len;
            while j < end {
                let (next, next_len) = char_at(text, j);
                if next != c {
                    break;
                }
                j += next_len;
            }
            out.push(Span::new(i, j));
            i = j;
            seg_start = j;
            continue;
        }
        i += len;
    }
    if seg_start < end {
        split_word(text, seg_start, end, out);
    }
}

/// Splits a segment free of splitters: leading and trailing quotes, trailing
/// periods, clitics, glued sentences (`end.Next`).
fn split_word(text: &str, mut start: usize, mut end: usize, out: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    // A clitic written apart ("Iran 's") stays whole.
    if is_clitic(&text[start..end]) {
        out.push(Span::new(start, end));
        return;
    }
    // Leading apostrophes and quotes, except before digits ('90s).
    while start < end {
        let (c, len) = char_at(text, start);
        let opening =
            is_apostrophe(c) && !(start + len < end && bytes[start + len].is_ascii_digit());
        let dash = c == '-'
            && !(start + 1 < end
                && (bytes[start + 1].is_ascii_digit() || bytes[start + 1] == b'.'));
        let currency = matches!(c, '$' | '€' | '£' | '¥' | '#');
        if opening || dash || currency || c == '/' {
            out.push(Span::new(start, start + len));
            start += len;
        } else {
            break;
        }
    }
    if start >= end {
        return;
    }
    // Trailing marks, collected backwards.
    let mut tail: Vec<Span> = Vec::new();
    while end > start {
        let (c, len) = char_before(text, end);
        if c == '.' {
            let mut dots = end;
            while dots > start && bytes[dots - 1] == b'.' {
                dots -= 1;
            }
            if end - dots >= 2 {
                tail.push(Span::new(dots, end));
                end = dots;
                continue;
            }
            if dots == start || keeps_period(&text[start..end - 1]) {
                break;
            }
            tail.push(Span::new(end - 1, end));
            end -= 1;
        } else if is_apostrophe(c) || matches!(c, ',' | ':' | '/' | '%') {
            tail.push(Span::new(end - len, end));
            end -= len;
        } else {
            break;
        }
    }
    if start < end {
        split_glued(text, start, end, out);
    }
    out.extend(tail.into_iter().rev());
}

/// Splits `end.Next` (two sentences glued by a missing space) and then
/// clitics.
fn split_glued(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    let mut from = start;
    let mut i = start + 2;
    while i + 2 < end {
        if bytes[i] == b'.'
            && bytes[i - 1].is_ascii_lowercase()
            && bytes[i - 2].is_ascii_lowercase()
            && bytes[i + 1].is_ascii_uppercase()
            && bytes[i + 2].is_ascii_lowercase()
        {
            split_clitic(text, from, i, out);
            out.push(Span::new(i, i + 1));
            from = i + 1;
            i += 3;
            continue;
        }
        i += 1;
    }
    split_clitic(text, from, end, out);
}

/// Pushes `text[start..end]` with a final clitic (`'s`, `n't`, `'ll` …) as
/// its own token.
fn split_clitic(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    if start >= end {
        return;
    }
    let word = &text[start..end];
    let cut = clitic_start(word);
    match cut {
        Some(at) if at > 0 => {
            out.push(Span::new(start, start + at));
            out.push(Span::new(start + at, end));
        }
        _ => out.push(Span::new(start, end)),
    }
}

/// Where a final clitic starts in `word`, if it has one after some letters.
fn clitic_start(word: &str) -> Option<usize> {
    let bytes = word.as_bytes();
    let n = bytes.len();
    // n't / n’t
    for apostrophe in ["'", "’"] {
        let suffix_len = 2 + apostrophe.len();
        if n > suffix_len && word.is_char_boundary(n - suffix_len) {
            let tail = &word[n - suffix_len..];
            if tail.len() == suffix_len
                && (tail.starts_with('n') || tail.starts_with('N'))
                && tail[1..].starts_with(apostrophe)
                && (tail.ends_with('t') || tail.ends_with('T'))
                && bytes[n - suffix_len - 1].is_ascii_alphabetic()
            {
                return Some(n - suffix_len);
            }
        }
    }
    // 's 'd 'm 'll 're 've (and the curly forms).
    for apostrophe in ["'", "’"] {
        for rest in [
            "s", "S", "d", "D", "m", "M", "ll", "LL", "re", "RE", "ve", "VE",
        ] {
            let suffix_len = apostrophe.len() + rest.len();
            if n > suffix_len && word.is_char_boundary(n - suffix_len) {
                let tail = &word[n - suffix_len..];
                if tail.starts_with(apostrophe) && &tail[apostrophe.len()..] == rest {
                    let before = word[..n - suffix_len].chars().next_back();
                    if before.is_some_and(|c| c.is_alphanumeric() || c == '.') {
                        return Some(n - suffix_len);
                    }
                }
            }
        }
    }
    None
}

/// True for a clitic standing alone: `'s`, `n't`, `'ll` …
fn is_clitic(word: &str) -> bool {
    let rest = word.strip_prefix('\'').or_else(|| word.strip_prefix('’'));
    match rest {
        Some(rest) => matches!(
            rest,
            "s" | "S" | "d" | "D" | "m" | "M" | "ll" | "LL" | "re" | "RE" | "ve" | "VE"
        ),
        None => matches!(word, "n't" | "N'T" | "n’t"),
    }
}

/// True when `stem` (a word without its final period) keeps the period:
/// known abbreviations, initials, dotted forms (`U.S`, `a.m`, `Ph.D`).
fn keeps_period(stem: &str) -> bool {
    if stem.is_empty() {
        return false;
    }
    if TITLES.contains(&stem) || ABBREVIATIONS.contains(&stem) {
        return true;
    }
    // The last part of a hyphenated word: anti-U.S.
    let last = stem.rsplit('-').next().unwrap_or(stem);
    is_initial(stem) || is_dotted(last)
}

/// A single capital letter (`F` in `John F. Kennedy`).
fn is_initial(stem: &str) -> bool {
    let mut chars = stem.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase())
}

/// Letters in groups of one or two joined by periods: `U.S`, `a.m`, `Ph.D`.
fn is_dotted(stem: &str) -> bool {
    if !stem.contains('.') {
        return false;
    }
    stem.split('.').all(|part| {
        (1..=2).contains(&part.chars().count()) && part.chars().all(|c| c.is_alphabetic())
    })
}

/// True for URLs (`https://…`, `www.…`) and e-mail addresses.
fn is_url_or_email(chunk: &str) -> bool {
    if chunk.len() < 5 {
        return false;
    }
    let core = chunk.trim_start_matches(|c: char| is_splitter(c) || is_apostrophe(c));
    if core.starts_with("http://") || core.starts_with("https://") || core.starts_with("www.") {
        return true;
    }
    if let Some(at) = core.find('@') {
        let (user, domain) = (&core[..at], &core[at + 1..]);
        let domain = domain.trim_end_matches(|c: char| !c.is_alphanumeric());
        return !user.is_empty()
            && user
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'+'))
            && domain.contains('.')
            && domain
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-'));
    }
    false
}

/// A URL or address with its surrounding quotes, brackets and final
/// punctuation split off.
fn split_url(text: &str, mut start: usize, mut end: usize, out: &mut Vec<Span>) {
    while start < end {
        let (c, len) = char_at(text, start);
        if is_splitter(c) || is_apostrophe(c) {
            out.push(Span::new(start, start + len));
            start += len;
        } else {
            break;
        }
    }
    let mut tail = Vec::new();
    while end > start {
        let (c, len) = char_before(text, end);
        let closes = matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '>')
            || is_splitter(c)
            || is_apostrophe(c);
        // Keep a closing bracket that has its opener inside the URL.
        let balanced = c == ')' && text[start..end].contains('(');
        if closes && !balanced && c != '/' {
            tail.push(Span::new(end - len, end));
            end -= len;
        } else {
            break;
        }
    }
    if start < end {
        out.push(Span::new(start, end));
    }
    out.extend(tail.into_iter().rev());
}

/// What kind of boundary a token may be.
fn is_final_mark(token: &str) -> bool {
    matches!(token, "." | "?" | "!" | "…")
        || (token.len() > 1 && token.bytes().all(|b| matches!(b, b'.' | b'?' | b'!')))
}

fn is_closer(token: &str) -> bool {
    matches!(token, ")" | "]" | "}" | "”" | "’" | "»" | "'" | "''")
}

/// The most tokens in one sentence. Real sentences stay far below (a long
/// news sentence has 60); a text without sentence ends is cut into pieces
/// of this many, because later stages (tagging, resolution, event coding)
/// do work per sentence that grows faster than its length (issue 16).
pub const MAX_SENTENCE_TOKENS: usize = 256;

/// Groups the tokens of one paragraph into sentences, none longer than
/// [`MAX_SENTENCE_TOKENS`].
fn split_sentences(text: &str, tokens: &[Span], out: &mut Vec<Sentence>) {
    if tokens.is_empty() {
        return;
    }
    let token = |i: usize| &text[tokens[i].start..tokens[i].end];
    let mut first = 0;
    let mut open_quote = false;
    let mut i = 0;
    while i < tokens.len() {
        let word = token(i);
        if word == "\"" {
            open_quote = !open_quote;
        }
        let mut end_here = None;
        if is_final_mark(word) {
            // Take closing quotes and brackets along.
            let mut last = i;
            while last + 1 < tokens.len() {
                let next = token(last + 1);
                if is_closer(next) || (next == "\"" && open_quote) {
                    if next == "\"" {
                        open_quote = false;
                    }
                    last += 1;
                } else {
                    break;
                }
            }
            let continues = last + 1 < tokens.len() && starts_lowercase(token(last + 1));
            if !continues {
                end_here = Some(last);
            }
            i = last;
        } else if word.len() > 1 && word.ends_with('.') && i + 1 < tokens.len() {
            // An abbreviation that may close a sentence before an opener.
            let stem = &word[..word.len() - 1];
            let never = TITLES.contains(&stem) || is_initial(stem) || stem.contains("..");
            if !never && OPENERS.contains(&token(i + 1)) {
                end_here = Some(i);
            }
        }
        if end_here.is_none() && i + 1 < tokens.len() {
            // A line break before a word that does not start in lower case
            // ends a line of its own (a heading, a list item).
            let gap = text.get(tokens[i].end..tokens[i + 1].start).unwrap_or("");
            if gap.contains('\n') && !starts_lowercase(token(i + 1)) {
                end_here = Some(i);
            }
        }
        if end_here.is_none() && i + 1 - first >= MAX_SENTENCE_TOKENS {
            // A text without sentence ends (a log, a list run together):
            // cut it, so that the work per sentence stays bounded.
            end_here = Some(i);
        }
        if let Some(last) = end_here {
            push_sentence(tokens, first, last, out);
            first = last + 1;
            open_quote = false;
        }
        i += 1;
    }
    if first < tokens.len() {
        push_sentence(tokens, first, tokens.len() - 1, out);
    }
}

fn starts_lowercase(token: &str) -> bool {
    token.chars().next().is_some_and(|c| c.is_lowercase())
}

fn push_sentence(tokens: &[Span], first: usize, last: usize, out: &mut Vec<Sentence>) {
    let span = Span::new(tokens[first].start, tokens[last].end);
    out.push(Sentence {
        span,
        tokens: tokens[first..=last].to_vec(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn toks(text: &str) -> Vec<&str> {
        tokenize(text, Span::new(0, text.len()))
            .iter()
            .map(|t| &text[t.start..t.end])
            .collect()
    }

    fn sents(text: &str) -> Vec<&str> {
        sentences(text)
            .iter()
            .map(|s| &text[s.span.start..s.span.end])
            .collect()
    }

    #[test]
    fn punctuation_is_split_off() {
        assert_eq!(
            toks("Velmora (pop. 2,600) said: \"No; never!\" $5 or 30%"),
            [
                "Velmora", "(", "pop", ".", "2,600", ")", "said", ":", "\"", "No", ";", "never",
                "!", "\"", "$", "5", "or", "30", "%"
            ]
        );
    }

    #[test]
    fn clitics_are_split() {
        assert_eq!(
            toks("Portavel's mayor didn't"),
            ["Portavel", "'s", "mayor", "did", "n't"]
        );
        assert_eq!(toks("Portavel’s"), ["Portavel", "’s"]);
        assert_eq!(
            toks("we'll they're I'm you've she'd"),
            ["we", "'ll", "they", "'re", "I", "'m", "you", "'ve", "she", "'d"]
        );
        assert_eq!(
            toks("the protesters' demands"),
            ["the", "protesters", "'", "demands"]
        );
        assert_eq!(toks("O'Brien can't"), ["O'Brien", "ca", "n't"]);
        assert_eq!(toks("Velmora 's"), ["Velmora", "'s"]);
    }

    #[test]
    fn hyphens_numbers_and_abbreviations_stay_whole() {
        assert_eq!(
            toks("anti-government Velmoran-Portavelian talks cost 3.4 billion, -5 today."),
            [
                "anti-government",
                "Velmoran-Portavelian",
                "talks",
                "cost",
                "3.4",
                "billion",
                ",",
                "-5",
                "today",
                "."
            ]
        );
        assert_eq!(
            toks("U.S. Gen. Dr. Jan. 5 at 9 a.m. with the U.S.-led team, anti-U.S. chants"),
            [
                "U.S.",
                "Gen.",
                "Dr.",
                "Jan.",
                "5",
                "at",
                "9",
                "a.m.",
                "with",
                "the",
                "U.S.-led",
                "team",
                ",",
                "anti-U.S.",
                "chants"
            ]
        );
        assert_eq!(toks("John F. Kennedy"), ["John", "F.", "Kennedy"]);
        assert_eq!(toks("It ended."), ["It", "ended", "."]);
        assert_eq!(toks("at 10:30, then"), ["at", "10:30", ",", "then"]);
    }

    #[test]
    fn urls_and_emails_stay_whole() {
        assert_eq!(
            toks("See https://velmora.example/news?id=3. Or mail press@portavel.example."),
            [
                "See",
                "https://velmora.example/news?id=3",
                ".",
                "Or",
                "mail",
                "press@portavel.example",
                "."
            ]
        );
        assert_eq!(
            toks("(www.velmora.example)"),
            ["(", "www.velmora.example", ")"]
        );
    }

    #[test]
    fn curly_quotes_and_dashes() {
        assert_eq!(
            toks("“Stop,” she said—twice... ‘no’ -- really"),
            [
                "“", "Stop", ",", "”", "she", "said", "—", "twice", "...", "‘", "no", "’", "--",
                "really"
            ]
        );
    }

    #[test]
    fn glued_sentences_are_split() {
        assert_eq!(
            toks("hatırlatmak isteriz.Putin said"),
            ["hatırlatmak", "isteriz", ".", "Putin", "said"]
        );
    }

    #[test]
    fn sentences_respect_abbreviations_and_initials() {
        assert_eq!(
            sents("Mr. Tomas Reyl met Gen. Ada Korr at St. Anne's. They spoke."),
            [
                "Mr. Tomas Reyl met Gen. Ada Korr at St. Anne's.",
                "They spoke."
            ]
        );
        assert_eq!(
            sents(
                "The U.S. envoy met John F. Kennedy Jr. on Jan. 5 at 9 a.m. in Velmora. It rained."
            ),
            [
                "The U.S. envoy met John F. Kennedy Jr. on Jan. 5 at 9 a.m. in Velmora.",
                "It rained."
            ]
        );
        assert_eq!(
            sents("Prices rose 3.5 percent. Then fell."),
            ["Prices rose 3.5 percent.", "Then fell."]
        );
        assert_eq!(
            sents("Sanctions hit the U.S. The talks failed."),
            ["Sanctions hit the U.S.", "The talks failed."]
        );
        assert_eq!(
            sents("Costs rose, e.g. Fuel went up."),
            ["Costs rose, e.g. Fuel went up."]
        );
    }

    #[test]
    fn sentences_and_quotes() {
        assert_eq!(
            sents("\"We want no escalation,\" the Harbour Authority said. Ships waited."),
            [
                "\"We want no escalation,\" the Harbour Authority said.",
                "Ships waited."
            ]
        );
        assert_eq!(
            sents("She said: \"It is over.\" Then she left."),
            ["She said: \"It is over.\"", "Then she left."]
        );
        assert_eq!(
            sents("\"Is it over?\" he asked. \"Yes!\" Nobody moved."),
            ["\"Is it over?\" he asked.", "\"Yes!\"", "Nobody moved."]
        );
        assert_eq!(
            sents("“Enough.” The mayor left."),
            ["“Enough.”", "The mayor left."]
        );
    }

    /// Issue 16: a paragraph without a sentence end was one sentence of
    /// every token, and later stages are quadratic in a sentence's length.
    #[test]
    fn issue_16_a_text_without_sentence_ends_is_cut_into_bounded_sentences() {
        let text = "queued job for quay seven status ok ".repeat(2_000);
        let found = sentences(&text);
        assert!(
            found.len() >= 14_000 / MAX_SENTENCE_TOKENS,
            "{}",
            found.len()
        );
        assert!(found.iter().all(|s| s.tokens.len() <= MAX_SENTENCE_TOKENS));
        let tokens: usize = found.iter().map(|s| s.tokens.len()).sum();
        assert_eq!(tokens, 14_000);
        check_invariants(&text);
    }

    #[test]
    fn paragraph_breaks_end_sentences() {
        let text = "Storm in Velmora\n\nThe harbour closed (for now)\n \nFerries wait";
        assert_eq!(
            sents(text),
            [
                "Storm in Velmora",
                "The harbour closed (for now)",
                "Ferries wait"
            ]
        );
        let text = "Velmora harbour news\nShips wait in the bay\nwhile the storm passes.";
        assert_eq!(
            sents(text),
            [
                "Velmora harbour news",
                "Ships wait in the bay\nwhile the storm passes."
            ]
        );
    }

    #[test]
    fn tokenize_handles_bad_spans() {
        let text = "çerez and more";
        assert!(tokenize(text, Span::new(1, 400))
            .iter()
            .all(|t| text.is_char_boundary(t.start)));
        assert_eq!(tokenize(text, Span::new(50, 60)), []);
        let title = tokenize(text, Span::new(7, 14));
        assert_eq!(title.len(), 2);
        assert_eq!(&text[title[0].start..title[0].end], "and");
    }

    fn check_invariants(text: &str) {
        let found = sentences(text);
        let mut last_end = 0;
        let mut covered = vec![false; text.len()];
        for sentence in &found {
            assert!(sentence.span.start >= last_end);
            assert!(sentence.span.end <= text.len());
            assert!(text.is_char_boundary(sentence.span.start));
            assert!(text.is_char_boundary(sentence.span.end));
            assert!(!sentence.tokens.is_empty());
            last_end = sentence.span.end;
            let mut token_end = sentence.span.start;
            for token in &sentence.tokens {
                assert!(token.start >= token_end && token.start < token.end);
                assert!(token.end <= sentence.span.end);
                let word = text.get(token.start..token.end).unwrap();
                assert!(!word.chars().any(char::is_whitespace), "{word:?}");
                token_end = token.end;
                for flag in &mut covered[token.start..token.end] {
                    *flag = true;
                }
            }
        }
        for (at, c) in text.char_indices() {
            if !c.is_whitespace() {
                assert!(covered[at], "{c:?} at {at} is in no token");
            }
        }
    }

    #[test]
    fn invariants_on_tricky_text() {
        for text in [
            "",
            " ",
            "\n\n",
            ".",
            "'",
            "''",
            "'s",
            "n't",
            "...",
            "-",
            "--",
            "a.",
            ".a",
            "U.S.",
            "“”",
            "'90s",
            "x@y.z",
            "http://",
            "https://a.b/(c)",
            "\"\"\"",
            "a—b–c",
            "Mr.\n\nSmith",
            "é'",
            "'é",
            "ß.Ü",
            "0\u{b}",
            "a\u{2028}b",
        ] {
            check_invariants(text);
        }
    }

    proptest! {
        #[test]
        fn invariants_hold_on_any_text(text in "\\PC{0,80}") {
            check_invariants(&text);
        }

        #[test]
        fn invariants_hold_on_newsy_text(text in "([A-Za-z]{1,6}|[.,'\"’“”()!?:;-]|\\s|\n\n|[0-9]{1,3}|é|Ü|\u{a0}){0,60}") {
            check_invariants(&text);
        }
    }
}
