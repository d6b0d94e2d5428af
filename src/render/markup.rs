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

/// Appends `text` to `out` as XML character data (in content, or in an
/// attribute value when `attribute`), keeping line breaks and tabs as they
/// are in content: `&`, `<`, `>` (and `"` in attributes, with line breaks
/// and tabs as references there, which attribute normalisation would
/// otherwise turn into spaces) escaped. A character XML 1.0 cannot hold
/// at all (C0 controls but tab and line ends, U+FFFE, U+FFFF) is handed
/// to `invalid`, which writes what stands for it or refuses; the text is
/// never changed silently. Copies runs of plain text whole.
pub fn push_xml_text<E>(
    out: &mut String,
    text: &str,
    attribute: bool,
    mut invalid: impl FnMut(&mut String, char) -> Result<(), E>,
) -> Result<(), E> {
    let bytes = text.as_bytes();
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' if attribute => "&quot;",
            b'\n' if attribute => "&#10;",
            b'\t' if attribute => "&#9;",
            b'\r' => "&#13;",
            b'\n' | b'\t' => continue,
            0..=0x1f => "",
            0xef if matches!(bytes.get(i + 1..i + 3), Some([0xbf, 0xbe | 0xbf])) => "",
            _ => continue,
        };
        out.push_str(&text[run..i]);
        if escape.is_empty() {
            let c = text[i..].chars().next().unwrap_or('\u{fffd}');
            invalid(out, c)?;
            run = i + c.len_utf8();
        } else {
            out.push_str(escape);
            run = i + 1;
        }
    }
    out.push_str(&text[run..]);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(text: &str) -> Result<String, char> {
        let mut out = String::new();
        push_xml_text(&mut out, text, false, |_, c| Err(c))?;
        Ok(out)
    }

    #[test]
    fn content_keeps_lines_and_escapes_markup() {
        assert_eq!(
            content("a < b & \"c\"\n\td\r").unwrap(),
            "a &lt; b &amp; \"c\"\n\td&#13;"
        );
        assert_eq!(content("«Серьёзные»").unwrap(), "«Серьёзные»");
    }

    #[test]
    fn characters_xml_cannot_hold_are_handed_over() {
        assert_eq!(content("a\u{1b}[31m"), Err('\u{1b}'));
        assert_eq!(content("x\u{ffff}"), Err('\u{ffff}'));
        let mut out = String::new();
        push_xml_text(&mut out, "a\u{1b}b\u{fffe}", false, |out, c| {
            out.push_str(&format!("<cp hex=\"{:04X}\"/>", c as u32));
            Ok::<(), ()>(())
        })
        .unwrap();
        assert_eq!(out, "a<cp hex=\"001B\"/>b<cp hex=\"FFFE\"/>");
    }

    #[test]
    fn attributes_keep_line_breaks_as_references() {
        let mut out = String::new();
        push_xml_text(&mut out, "a\"b\nc\td", true, |_, c| Err(c)).unwrap();
        assert_eq!(out, "a&quot;b&#10;c&#9;d");
    }
}
