//! HTML: paragraphs are the text of block elements.
//!
//! `p`, `li`, `h1`–`h6`, `pre`, `blockquote`, `dt`, `dd`, `td`, `th` and
//! `caption` each make a paragraph (a block inside another ends the outer
//! one's text so far); `script`, `style`, `template` and the document
//! `head` are ignored. Runs of white space become one space, except in
//! `pre`, which keeps its lines; `br` is a line break. The tokenizer is
//! html5gum's, which follows the WHATWG specification, entities included.

use html5gum::{DefaultEmitter, Token, Tokenizer};

/// Elements whose text is a paragraph.
const BLOCKS: [&str; 15] = [
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "blockquote",
    "dt",
    "dd",
    "td",
    "th",
    "caption",
];

/// Elements whose content is never text of the document.
const IGNORED: [&str; 6] = ["script", "style", "template", "head", "noscript", "svg"];

/// Stands for a `br` until white space is collapsed: a character that
/// white space collapsing leaves alone and that HTML text does not use.
const BREAK: char = '\u{2028}';

/// The paragraphs of an HTML document, in reading order.
pub fn html_paragraphs(html: &str) -> Vec<String> {
    let mut emitter = DefaultEmitter::default();
    emitter.naively_switch_states(true);
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    let mut in_pre = 0usize;
    let mut ignored: Option<String> = None;
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if ignored.is_some() {
                    continue;
                }
                if IGNORED.contains(&name.as_str()) && !tag.self_closing {
                    ignored = Some(name);
                } else if BLOCKS.contains(&name.as_str()) {
                    flush(&mut current, &mut paragraphs, in_pre > 0);
                    if name == "pre" {
                        in_pre += 1;
                    }
                } else if name == "br" {
                    current.push(BREAK);
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                if let Some(open) = &ignored {
                    if *open == name {
                        ignored = None;
                    }
                    continue;
                }
                if BLOCKS.contains(&name.as_str()) {
                    flush(&mut current, &mut paragraphs, in_pre > 0);
                    if name == "pre" {
                        in_pre = in_pre.saturating_sub(1);
                    }
                } else if matches!(
                    name.as_str(),
                    "div" | "section" | "article" | "header" | "footer" | "body"
                ) {
                    // Text loose in a container ends where the container does.
                    flush(&mut current, &mut paragraphs, in_pre > 0);
                }
            }
            Token::String(text) if ignored.is_none() => {
                current.push_str(&String::from_utf8_lossy(&text));
            }
            _ => {}
        }
    }
    flush(&mut current, &mut paragraphs, in_pre > 0);
    paragraphs
}

/// Ends the current paragraph: white space collapsed (kept line by line
/// in `pre`), empty text dropped.
fn flush(current: &mut String, paragraphs: &mut Vec<String>, pre: bool) {
    let text = if pre {
        current
            .replace(BREAK, "\n")
            .lines()
            .map(str::trim_end)
            .collect::<Vec<_>>()
            .join("\n")
            .trim_matches('\n')
            .to_owned()
    } else {
        current
            .split(BREAK)
            .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|line| !line.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    };
    // Removing a tag can put combining marks after a letter they were not
    // beside in the file: normalise the paragraph as a whole.
    let text = if crate::normalize::is_nfc(&text) {
        text
    } else {
        unicode_normalization::UnicodeNormalization::nfc(text.as_str()).collect()
    };
    if !text.is_empty() {
        paragraphs.push(text);
    }
    current.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_paragraphs() {
        let html = "<!doctype html><html><head><title>T</title><style>p{}</style></head><body>\
            <h1>Всеобщая  декларация</h1>\n<p>Первая &amp; <b>главная</b>\n статья.</p>\
            <script>document.write('<p>not text</p>')</script>\
            <ul><li>one</li><li><p>two</p></li></ul><pre>a  b\n  c</pre><p>line<br>break</p></body></html>";
        assert_eq!(
            html_paragraphs(html),
            [
                "Всеобщая декларация",
                "Первая & главная статья.",
                "one",
                "two",
                "a  b\n  c",
                "line\nbreak"
            ]
        );
    }
}
