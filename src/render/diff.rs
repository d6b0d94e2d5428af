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
    let mut out = String::new();
    let mut previous = Tag::Equal;
    for span in spans {
        let text = escape_markup(&span.text);
        // A deletion and the insertion that replaces it are kept apart by
        // a little room that copying the text does not pick up.
        if previous != Tag::Equal && span.tag != Tag::Equal && span.tag != previous {
            out.push_str("<span class=\"between\"></span>");
        }
        match span.tag {
            Tag::Equal => out.push_str(&text),
            Tag::Delete => out.push_str(&format!("<del>{text}</del>")),
            Tag::Insert => out.push_str(&format!("<ins>{text}</ins>")),
        }
        previous = span.tag;
    }
    out
}

/// One of the two versions an HTML diff compares, as its heading names it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Version {
    /// How it was named: `HEAD~1`, a tag, `working tree`.
    pub name: String,
    /// The commit, when it is one.
    pub commit: Option<String>,
    /// Its author.
    pub author: Option<String>,
    /// Its date, RFC 3339.
    pub time: Option<String>,
}

impl Version {
    fn describe(&self) -> String {
        let mut out = escape_markup(&self.name);
        if let Some(commit) = &self.commit {
            let short = commit.get(..10).unwrap_or(commit);
            out.push_str(&format!(" <code>{}</code>", escape_markup(short)));
        }
        if let Some(author) = &self.author {
            out.push_str(&format!(", {}", escape_markup(author)));
        }
        if let Some(time) = &self.time {
            out.push_str(&format!(
                ", <time datetime=\"{0}\">{0}</time>",
                escape_markup(time)
            ));
        }
        out
    }
}

/// An id for an HTML anchor: the address's characters, `#` as `--`.
fn anchor(document: &str, paragraph: Option<&str>) -> String {
    match paragraph {
        Some(p) => format!("{document}--{p}"),
        None => document.to_owned(),
    }
}

/// The style of the page: two columns, deletions struck through and
/// insertions underlined (told apart without colour too, and kept apart
/// where one follows the other), one column under the other on a narrow
/// screen.
const STYLE: &str = "body{font-family:serif;max-width:72rem;margin:1.5rem auto;padding:0 1rem;line-height:1.5}\n\
table{border-collapse:collapse;width:100%;margin:0.5rem 0 1.5rem;table-layout:fixed}\n\
td,th{border:1px solid #ccc;padding:0.4rem 0.6rem;vertical-align:top;white-space:pre-wrap;overflow-wrap:anywhere;text-align:left}\n\
th{background:#f4f4f4;font-weight:normal}\n\
th.id,td.id{width:9rem}\n\
del{background:#fdd;text-decoration:line-through}\n\
ins{background:#dfd;text-decoration:underline}\n\
span.between{display:inline-block;width:0.3em}\n\
.mark{display:inline-block;font-size:0.8em;border:1px solid #999;border-radius:0.3em;padding:0 0.3em;margin:0.1em 0.2em 0 0}\n\
dl.versions{display:grid;grid-template-columns:auto 1fr;gap:0.2rem 1rem}\n\
@media (max-width:40rem){table,thead,tbody,tr,th,td{display:block;width:auto}thead{display:none}td.id{width:auto;background:#f4f4f4}td[data-label]::before{content:attr(data-label);display:block;font-size:0.8em;color:#555}}\n";

/// The diffs as one self-contained HTML page, for a translator to read:
/// the two versions compared (revision, author, date), then for each
/// document (`id` anchor) its metadata changes and its changed paragraphs
/// (`DOC--PARA` anchors) in a table whose columns are headed by their
/// languages and carry them as `lang`, each paragraph with its status and
/// its marks (stale, fuzzy, low alignment confidence) from `documents` —
/// the documents as they are in the new version (or the old, for one
/// removed), by id. Every text is escaped; the page loads nothing.
pub fn render_html(
    diffs: &[DocumentDiff],
    old: &Version,
    new: &Version,
    documents: &std::collections::BTreeMap<String, crate::document::Document>,
) -> String {
    let mut out =
        String::from("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!(
        "<title>Changes from {} to {}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        escape_markup(&old.name),
        escape_markup(&new.name)
    ));
    out.push_str(&format!(
        "<h1>Changes from {} to {}</h1>\n<dl class=\"versions\">\n<dt>Old</dt><dd id=\"old-version\">{}</dd>\n<dt>New</dt><dd id=\"new-version\">{}</dd>\n</dl>\n",
        escape_markup(&old.name),
        escape_markup(&new.name),
        old.describe(),
        new.describe()
    ));
    out.push_str(
        "<p>Deleted text is <del>struck through</del>, inserted text <ins>underlined</ins>.</p>\n",
    );
    if diffs.is_empty() {
        out.push_str("<p>No changes.</p>\n");
    }
    for diff in diffs {
        let document = documents.get(&diff.id);
        let tag = |t: Option<&String>| t.map_or("und".to_owned(), |t| t.clone());
        let (source_tag, target_tag) = (
            tag(document.and_then(|d| d.source_language.as_ref())),
            tag(document.and_then(|d| d.target_language.as_ref())),
        );
        let heading = |what: &str, tag: &str| match crate::language::name_for_tag(tag) {
            Some(name) => format!("{what} ({name}, {})", escape_markup(tag)),
            None => format!("{what} ({})", escape_markup(tag)),
        };
        out.push_str(&format!(
            "<section id=\"{0}\">\n<h2><a href=\"#{0}\">{1}</a> ({2})</h2>\n",
            escape_markup(&anchor(&diff.id, None)),
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
                    "<tr><td class=\"id\">{}</td><td colspan=\"2\">{}</td></tr>\n",
                    escape_markup(&change.key),
                    html_spans(&spans)
                ));
            }
        };
        if !diff.metadata.is_empty() {
            out.push_str("<table class=\"metadata\">\n");
            changes(&mut out, &diff.metadata);
            out.push_str("</table>\n");
        }
        if !diff.paragraphs.is_empty() {
            let (source_heading, target_heading) = (
                heading("Original", &source_tag),
                heading("Translation", &target_tag),
            );
            out.push_str(&format!(
                "<table class=\"paragraphs\">\n<thead><tr><th class=\"id\">Paragraph</th><th class=\"source\">{source_heading}</th><th class=\"target\">{target_heading}</th></tr></thead>\n<tbody>\n"
            ));
        }
        for paragraph in &diff.paragraphs {
            let record = document.and_then(|d| d.paragraph(&paragraph.id));
            let mut marks = String::new();
            if let Some(record) = record {
                if record.is_stale() {
                    marks.push_str("<span class=\"mark stale\">stale</span>");
                }
                if record.has_flag("fuzzy") {
                    marks.push_str("<span class=\"mark fuzzy\">fuzzy</span>");
                }
                if let Some(c) = record
                    .confidence
                    .filter(|c| *c < crate::align::LOW_CONFIDENCE)
                {
                    marks.push_str(&format!(
                        "<span class=\"mark low-confidence\">low confidence {c:.2}</span>"
                    ));
                }
            }
            let id = anchor(&diff.id, Some(&paragraph.id));
            out.push_str(&format!(
                "<tr id=\"{0}\" class=\"paragraph\"><td class=\"id\"><a href=\"#{0}\">{1}</a><br>{2} {marks}</td><td class=\"source\" lang=\"{3}\" data-label=\"{source_label}\">{4}</td><td class=\"target\" lang=\"{5}\" data-label=\"{target_label}\">{6}</td></tr>\n",
                escape_markup(&id),
                escape_markup(&paragraph.id),
                paragraph.status.as_str(),
                escape_markup(&source_tag),
                html_spans(&paragraph.source),
                escape_markup(&target_tag),
                html_spans(&paragraph.target),
                source_label = heading("Original", &source_tag),
                target_label = heading("Translation", &target_tag),
            ));
            let fields = shown_fields(paragraph);
            if !fields.is_empty() {
                changes(&mut out, &fields);
            }
        }
        if !diff.paragraphs.is_empty() {
            out.push_str("</tbody>\n</table>\n");
        }
        out.push_str("</section>\n");
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
