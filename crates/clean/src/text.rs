//! Plain text: segmentation into blocks (each non-empty line, or each
//! blank-separated group when the file is hard-wrapped prose) and the choice
//! of the title line.

use crate::block::{normalise, Block};
use crate::boilerplate::{label_kind, ui_phrases, Words};

/// Splits plain text into block texts, trimmed, in order.
pub(crate) fn segment(text: &str) -> Vec<&str> {
    let lines: Vec<&str> = text.split('\n').collect();
    if is_hard_wrapped(&lines) {
        groups(text)
    } else {
        lines
            .iter()
            .map(|line| line.trim())
            .filter(|line| !line.is_empty())
            .collect()
    }
}

/// Where to cut `text` so that its first part has at most `room` bytes: after
/// the last line end that fits, else the last whitespace, else the last
/// character boundary (0 when nothing fits).
pub(crate) fn cut_point(text: &str, room: usize) -> usize {
    if room >= text.len() {
        return text.len();
    }
    let mut end = room;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    head.rfind('\n')
        .or_else(|| head.rfind(char::is_whitespace))
        .map_or(end, |at| at + 1)
}

/// Blank-line-separated groups of lines, each as one slice of the input.
fn groups(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        if line.trim().is_empty() {
            if let Some(group_start) = start.take() {
                out.push(text[group_start..end].trim());
            }
        } else {
            if start.is_none() {
                start = Some(line_start);
            }
            end = offset;
        }
    }
    if let Some(group_start) = start {
        out.push(text[group_start..end].trim());
    }
    out
}

/// True when the text is prose wrapped at a fixed width: most lines that are
/// followed by another line of the same paragraph are nearly as long as the
/// longest line.
fn is_hard_wrapped(lines: &[&str]) -> bool {
    let lengths: Vec<usize> = lines
        .iter()
        .map(|line| line.trim().chars().count())
        .collect();
    let width = lengths.iter().copied().max().unwrap_or(0);
    if !(30..=140).contains(&width) {
        return false;
    }
    let mut continued = 0;
    let mut near_width = 0;
    for pair in lengths.windows(2) {
        if pair[0] > 0 && pair[1] > 0 {
            continued += 1;
            if pair[0] * 10 >= width * 6 {
                near_width += 1;
            }
        }
    }
    continued >= 3 && near_width * 10 >= continued * 8
}

/// The index of the title block: the block equal to `hint` when given,
/// otherwise the first plausible headline among the first blocks.
pub(crate) fn title_block(
    blocks: &[Block],
    hint: Option<&str>,
    lang: Option<&str>,
) -> Option<usize> {
    let window = blocks.len().min(12);
    if let Some(hint) = hint {
        let hint = normalise(hint);
        return blocks[..window]
            .iter()
            .position(|block| normalise(&block.text) == hint);
    }
    for (i, block) in blocks[..window].iter().enumerate() {
        if block.words > 40 || holds_two_sentences(&block.text) {
            // A paragraph before any headline: the text has no title line.
            return None;
        }
        if is_plausible_headline(block, lang) {
            return Some(i);
        }
    }
    None
}

/// Several words, not an interface word, not a label, not too long, and not
/// reliably in another language than the article.
fn is_plausible_headline(block: &Block, lang: Option<&str>) -> bool {
    if block.words < 3 || block.words > 30 || block.chars > 250 {
        return false;
    }
    if ui_phrases(&block.text, &Words::of(&block.text)).is_some() || label_kind(block).is_some() {
        return false;
    }

    let other_language = match (crate::language::detect_language(&block.text), lang) {
        (Some(own), Some(article)) => block.chars >= 20 && own != article,
        _ => false,
    };
    !other_language
}

/// Whether a sentence ends inside the text and another begins: a lowercase
/// word of three letters or more (not "etc"), then `.`, `!` or `?`, a space and a
/// capital. A headline is one sentence; abbreviations ("U.S.", "Gen.") do
/// not count as ends.
fn holds_two_sentences(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let next_is_capital =
            chars.get(i + 1) == Some(&' ') && chars.get(i + 2).is_some_and(|c| c.is_uppercase());
        if !next_is_capital {
            continue;
        }
        let word: Vec<&char> = chars[..i]
            .iter()
            .rev()
            .take_while(|c| c.is_alphabetic())
            .collect();
        let abbreviation = word.len() == 3 && chars[i - 3..i] == ['e', 't', 'c'];
        if word.len() >= 3 && word.iter().all(|c| c.is_lowercase()) && !abbreviation {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_points_fall_after_a_line_end_or_a_space() {
        assert_eq!(cut_point("one line\ntwo line\nthree", 12), 9);
        assert_eq!(cut_point("no line ends here", 10), 8);
        assert_eq!(cut_point("çççç", 3), 2);
        assert_eq!(cut_point("short", 10), 5);
        assert_eq!(cut_point("word", 0), 0);
    }

    #[test]
    fn every_line_is_a_block_in_the_seed_format() {
        let text = "Ferry strike ends\n\nFirst paragraph here.\nX\nBir çerez notu.\n\n  \n";
        assert_eq!(
            segment(text),
            [
                "Ferry strike ends",
                "First paragraph here.",
                "X",
                "Bir çerez notu."
            ]
        );
    }

    #[test]
    fn hard_wrapped_prose_joins_lines_of_a_paragraph() {
        let text = "Harbour reopens after the storm\n\n\
The Harbour Authority of Portavel reopened the northern quay on\n\
Thursday morning, two days after the storm tore through the bay and\n\
left three fishing boats on the breakwater.\n\n\
Crews worked through the night to clear the debris from the slipway,\n\
a spokesman for the authority said, and the first ferry left at nine.\n";
        let blocks = segment(text);
        assert_eq!(blocks.len(), 3);
        assert!(blocks[1].starts_with("The Harbour Authority"));
        assert!(blocks[1].ends_with("on the breakwater."));
        assert!(
            blocks[1].contains("on\nThursday"),
            "inner text kept as in the input"
        );
    }

    #[test]
    fn a_paragraph_of_two_sentences_is_not_a_title() {
        // The short label before it is dropped; the paragraph after it
        // stays in the body instead of becoming the title.
        let blocks: Vec<Block> = [
            "Top story",
            "Dock workers in Velmora walked out over pay. The strike closed the harbour.",
            "Mayor Ilse Varn urged both sides to talk.",
        ]
        .iter()
        .map(|text| Block::new(text, 40))
        .collect();
        assert_eq!(title_block(&blocks, None, Some("en")), None);
        assert!(holds_two_sentences("Pay talks fail. Strike goes on"));
        assert!(!holds_two_sentences(
            "U.S. Envoy Meets Gen. Ruiz in Velmora"
        ));
        assert!(!holds_two_sentences("Strike closes Velmora harbour"));
    }

    #[test]
    fn labels_and_interface_words_are_not_titles() {
        let blocks: Vec<Block> = [
            "Skip to content",
            "World",
            "Home > Middle East",
            "16 January 2026",
            "Storm closes the harbour at Velmora",
            "The harbour closed.",
        ]
        .iter()
        .map(|text| Block::new(text, 40))
        .collect();
        assert_eq!(title_block(&blocks, None, Some("en")), Some(4));
        assert_eq!(
            title_block(
                &blocks,
                Some("storm closes the  harbour at Velmora"),
                Some("en")
            ),
            Some(4)
        );
        assert_eq!(
            title_block(&blocks, Some("Another title"), Some("en")),
            None
        );
    }
}
