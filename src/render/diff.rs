//! Renderers of a revision diff ([`DocumentDiff`]): inline text with
//! `[-deleted-]{+inserted+}` markers (coloured on a terminal), and one
//! self-contained HTML page. JSON is serde on the model.

use super::markup::escape_markup;
use super::terminal::{visible, visible_line};
use crate::diff::{diff_text, DocumentDiff, MetadataChange, ParagraphDiff, Span, Status, Tag};

/// Styles for [`render_inline`]: how deleted and inserted text is marked.
pub struct Markers<'a> {
    /// Before and after deleted text, e.g. `[-` and `-]`.
    pub delete: (&'a str, &'a str),
    /// Before and after inserted text, e.g. `{+` and `+}`.
    pub insert: (&'a str, &'a str),
}

impl Markers<'_> {
    /// `[-old-]{+new+}`, readable without colour.
    pub const PLAIN: Markers<'static> = Markers {
        delete: ("[-", "-]"),
        insert: ("{+", "+}"),
    };
    /// Red and green on a terminal, keeping the plain markers so the
    /// changes stay visible to the colour-blind.
    pub const COLOR: Markers<'static> = Markers {
        delete: ("\x1b[31m[-", "-]\x1b[0m"),
        insert: ("\x1b[32m{+", "+}\x1b[0m"),
    };
}

/// One text's spans inline.
///
/// Control characters in the text are shown as escapes ([`visible`]); the
/// markers, colour among them, are the renderer's own.
pub fn inline(spans: &[Span], markers: &Markers) -> String {
    crate::diff::mark(spans, markers.delete, markers.insert, visible)
}

/// Writes changed values, `key: old→new` word by word, one per line
/// after `indent`; of a value of many lines only the changed lines.
pub(super) fn write_changes(
    out: &mut String,
    changes: &[MetadataChange],
    indent: &str,
    markers: &Markers,
) {
    for change in changes {
        let spans = diff_text(
            change.old.as_deref().unwrap_or(""),
            change.new.as_deref().unwrap_or(""),
        );
        let text = changed_lines(&spans, markers).replace('\n', &format!("\n{indent}  "));
        out.push_str(&format!("{indent}{}: {text}\n", visible_line(&change.key)));
    }
}

/// A value's spans inline, keeping of a value of many lines only the lines
/// that changed, and `…` for each run of the others.
fn changed_lines(spans: &[Span], markers: &Markers) -> String {
    // Each line as (rendered text, changed?).
    let mut lines: Vec<(String, bool)> = vec![(String::new(), false)];
    for span in spans {
        for (k, piece) in span.text.split('\n').enumerate() {
            if k > 0 {
                // A line break inside an inserted or deleted span is part
                // of the change on both lines it touches.
                let changed = span.tag != Tag::Equal;
                if let Some(last) = lines.last_mut() {
                    last.1 |= changed;
                }
                lines.push((String::new(), changed));
            }
            if piece.is_empty() {
                continue;
            }
            let one = [Span {
                tag: span.tag,
                text: piece.to_owned(),
            }];
            if let Some(last) = lines.last_mut() {
                last.0.push_str(&inline(&one, markers));
                last.1 |= span.tag != Tag::Equal;
            }
        }
    }
    if lines.len() <= 3 {
        return inline(spans, markers);
    }
    let mut kept: Vec<&str> = Vec::new();
    for (text, changed) in &lines {
        if *changed {
            kept.push(text);
        } else if kept.last() != Some(&"…") {
            kept.push("…");
        }
    }
    kept.join("\n")
}

/// The changed values worth showing a reader: a new confirmation is noise
/// beside the changed text it follows from.
pub(super) fn shown_fields(paragraph: &ParagraphDiff) -> Vec<MetadataChange> {
    let text_changed = paragraph
        .source
        .iter()
        .chain(&paragraph.target)
        .any(|s| s.tag != Tag::Equal);
    paragraph
        .fields
        .iter()
        .filter(|f| !(text_changed && f.key == "confirmed"))
        .cloned()
        .collect()
}

/// A document diff as people read it: the document and its status, changed
/// metadata, then each changed paragraph with its source and target
/// inline, `[-deleted-]{+inserted+}`.
pub fn render_inline(diff: &DocumentDiff, markers: &Markers) -> String {
    let mut out = format!("document {} ({})\n", diff.id, diff.status.as_str());
    let changes = |out: &mut String, changes: &[MetadataChange], indent: &str| {
        write_changes(out, changes, indent, markers);
    };
    changes(&mut out, &diff.metadata, "  ");
    for paragraph in &diff.paragraphs {
        out.push_str(&format!(
            "\n  {} ({})\n",
            visible_line(&paragraph.id),
            paragraph.status.label()
        ));
        for (side, spans) in [("source", &paragraph.source), ("target", &paragraph.target)] {
            if spans.iter().any(|s| s.tag != Tag::Equal)
                || paragraph.status == Status::Moved && !spans.is_empty()
            {
                out.push_str(&format!(
                    "    {side}: {}\n",
                    inline(spans, markers).replace('\n', "\n      ")
                ));
            }
        }
        changes(&mut out, &shown_fields(paragraph), "    ");
    }
    out
}

/// `--stat`: a line per document, its paragraphs changed and the words
/// deleted and inserted, ids aligned.
pub fn stat(diffs: &[DocumentDiff]) -> String {
    let width = diffs.iter().map(|d| d.id.len()).max().unwrap_or(0);
    diffs
        .iter()
        .map(|d| {
            let s = d.stat();
            let plural = |n: usize, one: &str, many: &str| {
                format!("{n} {}", if n == 1 { one } else { many })
            };
            format!(
                "{:width$} | {}, -{} +{}\n",
                d.id,
                plural(s.paragraphs, "paragraph", "paragraphs"),
                s.deleted,
                plural(s.inserted, "word", "words")
            )
        })
        .collect()
}

fn html_spans(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|span| {
            let text = escape_markup(&span.text);
            match span.tag {
                Tag::Equal => text,
                Tag::Delete => format!("<del>{text}</del>"),
                Tag::Insert => format!("<ins>{text}</ins>"),
            }
        })
        .collect()
}

/// The diffs as one self-contained HTML page: for each document its
/// metadata changes, then each changed paragraph with the original beside
/// the translation, deletions and insertions highlighted. Every text is
/// escaped; the page loads nothing from anywhere.
pub fn render_html(diffs: &[DocumentDiff], old: &str, new: &str) -> String {
    let mut out =
        String::from("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(&format!(
        "<title>bitext diff {} → {}</title>\n",
        escape_markup(old),
        escape_markup(new)
    ));
    out.push_str(
        "<style>\nbody{font-family:serif;max-width:70rem;margin:2rem auto;padding:0 1rem;line-height:1.5}\n\
         table{border-collapse:collapse;width:100%;margin:0.5rem 0 1.5rem}\n\
         td,th{border:1px solid #ccc;padding:0.4rem 0.6rem;vertical-align:top;white-space:pre-wrap;width:50%;text-align:left}\n\
         th{background:#f4f4f4;font-weight:normal}\n\
         del{background:#fdd;text-decoration:line-through}\nins{background:#dfd;text-decoration:none}\n\
         </style>\n</head>\n<body>\n",
    );
    out.push_str(&format!(
        "<h1>{} → {}</h1>\n",
        escape_markup(old),
        escape_markup(new)
    ));
    if diffs.is_empty() {
        out.push_str("<p>No changes.</p>\n");
    }
    for diff in diffs {
        out.push_str(&format!(
            "<h2>{} ({})</h2>\n",
            escape_markup(&diff.id),
            diff.status.as_str()
        ));
        let changes = |out: &mut String, changes: &[MetadataChange]| {
            for change in changes {
                let spans = diff_text(
                    change.old.as_deref().unwrap_or(""),
                    change.new.as_deref().unwrap_or(""),
                );
                out.push_str(&format!(
                    "<tr><th>{}</th><td>{}</td></tr>\n",
                    escape_markup(&change.key),
                    html_spans(&spans)
                ));
            }
        };
        if !diff.metadata.is_empty() {
            out.push_str("<table>\n");
            changes(&mut out, &diff.metadata);
            out.push_str("</table>\n");
        }
        for paragraph in &diff.paragraphs {
            out.push_str(&format!(
                "<table>\n<tr><th colspan=\"2\">{} ({})</th></tr>\n<tr><td>{}</td><td>{}</td></tr>\n",
                escape_markup(&paragraph.id),
                paragraph.status.as_str(),
                html_spans(&paragraph.source),
                html_spans(&paragraph.target)
            ));
            changes(&mut out, &shown_fields(paragraph));
            out.push_str("</table>\n");
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_typo_shows_as_letters() {
        let spans = diff_text("Comrade Peng Dehaui writes", "Comrade Peng Dehuai writes");
        assert_eq!(
            inline(&spans, &Markers::PLAIN),
            "Comrade Peng Deh{+u+}a[-u-]i writes"
        );
    }

    #[test]
    fn a_changed_word_shows_as_a_word() {
        let spans = diff_text("Peng Dehuai writes that", "Peng Dehuai wrote that");
        assert_eq!(
            inline(&spans, &Markers::PLAIN),
            "Peng Dehuai [-writes-]{+wrote+} that"
        );
    }

    #[test]
    fn cjk_is_compared_by_character() {
        let spans = diff_text("人人生而自由", "人人生而平等");
        assert_eq!(inline(&spans, &Markers::PLAIN), "人人生而[-自由-]{+平等+}");
    }
}
