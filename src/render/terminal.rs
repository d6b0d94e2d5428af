//! Text from documents made safe for a terminal: every control character
//! shown as an escape, so that no byte sequence in a document (or a commit
//! message, a file name, an id) can move the cursor, retitle the window,
//! make a link, ring the bell or hide text. Human renderers pass all such
//! text through here; machine formats keep the exact text, escaped for
//! their own syntax.

use std::borrow::Cow;
use std::fmt::Write as _;

/// `text` with control characters shown as escapes (`\e`, `\r`, `\u{9b}`,
/// `\u{202e}`…); line breaks and tabs are kept, for texts laid out on
/// several lines.
pub fn visible(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

/// [`visible`] for text that must stay on one line (an id, a message, a
/// file name): line breaks and tabs are shown as `\n` and `\t` too.
pub fn visible_line(text: &str) -> Cow<'_, str> {
    escape(text, true)
}

fn escape(text: &str, one_line: bool) -> Cow<'_, str> {
    if !text.chars().any(|c| is_hidden(c, one_line)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if !is_hidden(c, one_line) {
            out.push(c);
            continue;
        }
        let _ = match c {
            '\u{1b}' => write!(out, "\\e"),
            '\r' => write!(out, "\\r"),
            '\n' => write!(out, "\\n"),
            '\t' => write!(out, "\\t"),
            '\u{7}' => write!(out, "\\a"),
            '\u{8}' => write!(out, "\\b"),
            c => write!(out, "\\u{{{:x}}}", c as u32),
        };
    }
    Cow::Owned(out)
}

/// Characters a terminal acts on or that reorder or hide text: C0 and C1
/// controls, DEL, and the bidirectional controls.
fn is_hidden(c: char, one_line: bool) -> bool {
    match c {
        '\n' | '\t' => one_line,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_show_what_would_act_on_a_terminal() {
        assert_eq!(visible("plain\ntext\tas is"), "plain\ntext\tas is");
        assert!(matches!(visible("plain"), Cow::Borrowed(_)));
        assert_eq!(
            visible("\u{1b}[2J\u{1b}]0;owned\u{7}\r\u{9b}31m\u{202e}abc"),
            "\\e[2J\\e]0;owned\\a\\r\\u{9b}31m\\u{202e}abc"
        );
        assert_eq!(visible_line("p1\nforged line"), "p1\\nforged line");
    }

    proptest::proptest! {
        #[test]
        fn nothing_a_terminal_acts_on_survives(text in "\\PC*|[\\x00-\\x{9f}\\x{202a}-\\x{202e}\\x{2066}-\\x{2069}a-z]{0,40}") {
            let shown = visible_line(&text);
            proptest::prop_assert!(!shown.chars().any(|c| is_hidden(c, true)));
            let kept = visible(&text);
            proptest::prop_assert!(!kept.chars().any(|c| is_hidden(c, false)));
        }
    }
}
