//! Escaping for markup: one escaper for the HTML pages and the XML
//! reports.

/// Escapes text for HTML and XML alike, in content and in attribute
/// values: `&`, `<`, `>`, `"`, `'`, line breaks and tabs as character
/// references, and the characters XML 1.0 cannot hold at all as U+FFFD.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || matches!(c, '\u{fffe}' | '\u{ffff}') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}
