//! Splitting plain text into paragraphs, and joining paragraphs that a page
//! break cut in two.
//!
//! A paragraph is a maximal run of non-blank lines. Inside one, line breaks
//! are either hard wrapping, which is undone by joining the lines with a
//! space, or layout, which is kept. The rule that tells them apart:
//!
//! - the text's *wrap width* is its longest line, in characters;
//! - a text whose wrap width is under [`MIN_WRAP_WIDTH`] characters is not
//!   hard-wrapped at all, so every line break in it is kept;
//! - otherwise a paragraph's line breaks are kept when every line but its
//!   last is shorter than [`SHORT_LINE`] of the wrap width (a telegram
//!   header, an address, a signature block), or when every line starts
//!   with a list marker; in any other paragraph the lines are joined.
//!
//! A two-line paragraph whose second line is only `-` or `=` (a heading
//! underlined in the plain-text way) keeps just its first line.
//!
//! A paragraph that ends mid-sentence followed by one that starts with a
//! lower-case letter was cut by a page break: [`join_page_breaks`] puts it
//! back together and says where, so the join can be recorded and undone.

/// Below this wrap width a text is taken as laid out line by line.
pub const MIN_WRAP_WIDTH: usize = 50;

/// A line shorter than this share of the wrap width is a layout line.
pub const SHORT_LINE: f64 = 0.6;

/// A paragraph of plain text with the line where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextParagraph {
    /// 1-based line of the input where the paragraph starts.
    pub line: usize,
    /// The text, hard wrapping undone.
    pub text: String,
    /// Character offsets where page-break joins put a second paragraph.
    pub joins: Vec<usize>,
}

/// Splits `text` (already normalised, `\n` line ends) into paragraphs;
/// `first_line` is the 1-based line number of the text's first line.
pub fn split_paragraphs(text: &str, first_line: usize) -> Vec<TextParagraph> {
    let wrap_width = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    let mut paragraphs = Vec::new();
    let mut block: Vec<&str> = Vec::new();
    let mut block_start = 0;
    for (i, line) in text.split('\n').enumerate() {
        if line.trim().is_empty() {
            if !block.is_empty() {
                paragraphs.push(make_paragraph(&block, block_start + first_line, wrap_width));
                block.clear();
            }
        } else {
            if block.is_empty() {
                block_start = i;
            }
            block.push(line);
        }
    }
    if !block.is_empty() {
        paragraphs.push(make_paragraph(&block, block_start + first_line, wrap_width));
    }
    paragraphs
}

fn make_paragraph(lines: &[&str], line: usize, wrap_width: usize) -> TextParagraph {
    let text = if lines.len() == 2 && is_underline(lines[1]) {
        lines[0].trim().to_owned()
    } else if keeps_line_breaks(lines, wrap_width) {
        lines.join("\n")
    } else {
        lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ")
    };
    TextParagraph {
        line,
        text,
        joins: Vec::new(),
    }
}

fn is_underline(line: &str) -> bool {
    let line = line.trim();
    line.len() >= 3 && (line.bytes().all(|b| b == b'-') || line.bytes().all(|b| b == b'='))
}

/// Whether a block's line breaks are layout rather than hard wrapping.
pub fn keeps_line_breaks(lines: &[&str], wrap_width: usize) -> bool {
    if lines.len() < 2 || wrap_width < MIN_WRAP_WIDTH {
        return true;
    }
    let short = (wrap_width as f64 * SHORT_LINE) as usize;
    let all_short = lines[..lines.len() - 1]
        .iter()
        .all(|l| l.chars().count() < short);
    all_short || lines.iter().all(|l| starts_with_list_marker(l))
}

fn starts_with_list_marker(line: &str) -> bool {
    let line = line.trim_start();
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("• ") {
        return true;
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && matches!(&line.as_bytes()[digits..], [b'.' | b')', b' ', ..])
}

/// Whether a paragraph ends mid-sentence: its last letter-bearing
/// character is a letter, digit, comma or dash, not a full stop, question
/// or exclamation mark, colon, semicolon or ellipsis. Closing quotes and
/// brackets are looked through. (A semicolon ends list items as often as
/// it ends clauses, so it is not taken for a page break.)
pub fn ends_mid_sentence(text: &str) -> bool {
    let closing = |c: char| {
        matches!(
            c,
            '"' | '\'' | '»' | '”' | '’' | ')' | ']' | '}' | '“' | '«'
        )
    };
    match text
        .trim_end()
        .trim_end_matches(closing)
        .chars()
        .next_back()
    {
        Some(c) => c.is_alphanumeric() || matches!(c, ',' | '-' | '–' | '—'),
        None => false,
    }
}

/// Whether a paragraph starts with a lower-case letter, after any opening
/// quotes or brackets.
pub fn starts_lower_case(text: &str) -> bool {
    let opening = |c: char| matches!(c, '"' | '\'' | '«' | '„' | '“' | '‘' | '(' | '[');
    text.trim_start()
        .trim_start_matches(opening)
        .chars()
        .next()
        .is_some_and(char::is_lowercase)
}

/// Joins each paragraph that ends mid-sentence with a following one that
/// starts in lower case, with one space; each join's character offset is
/// recorded in the joined paragraph.
pub fn join_page_breaks(paragraphs: Vec<TextParagraph>) -> Vec<TextParagraph> {
    let mut joined: Vec<TextParagraph> = Vec::with_capacity(paragraphs.len());
    for paragraph in paragraphs {
        match joined.last_mut() {
            Some(last) if ends_mid_sentence(&last.text) && starts_lower_case(&paragraph.text) => {
                last.text.push(' ');
                let at = last.text.chars().count();
                last.text.push_str(&paragraph.text);
                last.joins.push(at);
                last.joins
                    .extend(paragraph.joins.iter().map(|offset| offset + at));
            }
            _ => joined.push(paragraph),
        }
    }
    joined
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(paragraphs: &[TextParagraph]) -> Vec<&str> {
        paragraphs.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn header_lines_are_kept_and_prose_is_unwrapped() {
        let text = "CIPHERED TELEGRAM No. 3410\nBEIJING\nTO KRASOVSKY\n\n\
                    The Debian Project has lost an active member of its community. Thiemo\n\
                    Seufer died on December 26th, 2008 in a tragic car accident, it is said.\n";
        let paragraphs = split_paragraphs(text, 1);
        assert_eq!(
            texts(&paragraphs),
            [
                "CIPHERED TELEGRAM No. 3410\nBEIJING\nTO KRASOVSKY",
                "The Debian Project has lost an active member of its community. Thiemo Seufer died on December 26th, 2008 in a tragic car accident, it is said."
            ]
        );
        assert_eq!(paragraphs[1].line, 5);
    }

    #[test]
    fn underlined_heading_keeps_its_text() {
        let text = "Lenny dedicated to Thiemo Seufer\n--------------------------------\n\nBody text that is long enough to count as a hard-wrapped line of prose.\n";
        assert_eq!(
            texts(&split_paragraphs(text, 1))[0],
            "Lenny dedicated to Thiemo Seufer"
        );
    }

    #[test]
    fn page_break_join_is_recorded() {
        let paragraphs = split_paragraphs(
            "in the moods of the Chinese-Koreans as well\n\nas among the troops.\n\nNext one.",
            1,
        );
        let joined = join_page_breaks(paragraphs);
        assert_eq!(
            texts(&joined),
            [
                "in the moods of the Chinese-Koreans as well as among the troops.",
                "Next one."
            ]
        );
        let at = joined[0].joins[0];
        let second: String = joined[0].text.chars().skip(at).collect();
        assert_eq!(second, "as among the troops.");
    }

    #[test]
    fn sentence_ends_and_capitals_are_not_joined() {
        let joined = join_page_breaks(split_paragraphs(
            "FILIPPOV [Stalin]\n\nNo. 297/sh\n\nОн сказал:\n\nи ушёл",
            1,
        ));
        assert_eq!(joined.len(), 4);
        assert!(ends_mid_sentence("строка,"));
        assert!(!ends_mid_sentence(
            "dquilt new bugname.patch to set the patch name;"
        ));
        assert!(ends_mid_sentence("(as well)"));
        assert!(!ends_mid_sentence("Конец.»"));
        assert!(starts_lower_case("«ещё"));
        assert!(!starts_lower_case("1951"));
    }
}
