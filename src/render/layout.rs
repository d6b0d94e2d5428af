//! Side-by-side layout of a document for the terminal.
//!
//! Text is wrapped by display width, not by characters: CJK ideographs and
//! full-width forms take two columns, combining marks none. The source
//! (original) is on the left, the target (translation) on the right, the
//! paragraph id in a gutter. When a whole side is empty — an original not
//! transcribed yet — the other side takes the full width.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::diff::{shown_fields, write_changes, Markers};
use super::terminal::{visible, visible_line};
use crate::align::{Alignment, LOW_CONFIDENCE};
use crate::diff::{DocumentDiff, Span, Tag};
use crate::document::{Conflict, Document, JoinReason, Side};

/// Narrowest total width laid out; narrower requests are widened to it.
pub const MIN_WIDTH: usize = 40;

/// The column separator.
const SEPARATOR: &str = " │ ";

/// Lays out `document` in `width` columns: metadata, then the paragraphs.
pub fn side_by_side(document: &Document, width: usize) -> String {
    let width = width.max(MIN_WIDTH);
    let mut out = String::new();
    metadata(document, width, &mut out);

    let has = |side: Side| document.paragraphs.iter().any(|p| p.text(side).is_some());
    let sides: Vec<Side> = match (has(Side::Source), has(Side::Target)) {
        (true, false) => vec![Side::Source],
        (false, true) => vec![Side::Target],
        _ => vec![Side::Source, Side::Target],
    };
    let gutter = document
        .paragraphs
        .iter()
        .map(|p| visible_line(p.id.as_str()).width())
        .max()
        .unwrap_or(0)
        .max(2);
    let body = width.saturating_sub(gutter + 1);
    let column = if sides.len() == 2 {
        body.saturating_sub(SEPARATOR.width()) / 2
    } else {
        body
    }
    .max(10);

    let language = |side: Side| match side {
        Side::Source => document.source_language.as_deref().unwrap_or("?"),
        Side::Target => document.target_language.as_deref().unwrap_or("?"),
    };
    let headings: Vec<String> = sides
        .iter()
        .map(|&side| format!("{} ({})", side.as_str(), language(side)))
        .collect();
    out.push('\n');
    push_row(
        &mut out,
        "",
        gutter,
        &headings.iter().map(|h| vec![h.clone()]).collect::<Vec<_>>(),
        column,
    );
    let rule: Vec<Vec<String>> = sides.iter().map(|_| vec!["─".repeat(column)]).collect();
    push_row(&mut out, "", gutter, &rule, column);

    for (i, paragraph) in document.paragraphs.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let columns: Vec<Vec<String>> = sides
            .iter()
            .map(|&side| wrap(paragraph.text(side).unwrap_or(""), column))
            .collect();
        push_row(&mut out, paragraph.id.as_str(), gutter, &columns, column);
        // Notes under the paragraph, indented past the gutter.
        let mut note = |text: String| {
            for line in wrap(&text, body) {
                out.push_str(&" ".repeat(gutter + 1));
                out.push_str(&line);
                out.push('\n');
            }
        };
        if let Some(confidence) = paragraph.confidence.filter(|c| *c < LOW_CONFIDENCE) {
            note(format!(
                "aligned with confidence {confidence:.3}: check this pair"
            ));
        }
        for join in &paragraph.joins {
            if let Some((first, second)) = paragraph.text(join.side).and_then(|t| join.split(t)) {
                let before: String = tail(first, 24);
                let after: String = second.chars().take(24).collect();
                let how = match join.reason {
                    JoinReason::PageBreak => "at a page break",
                    JoinReason::Alignment => "by alignment",
                };
                note(format!(
                    "joined {how} ({}): …{before} ¦ {after}…",
                    join.side.as_str()
                ));
            }
        }
    }
    out
}

/// Lays out an alignment: for each bead a heading (paragraph numbers,
/// 1-based; bead type; confidence, marked when low; with `explain`, the
/// cost terms), then the source paragraphs beside the target paragraphs.
/// `mark` wraps a low-confidence heading (for colour), or is the identity.
pub fn alignment_side_by_side(
    alignment: &Alignment,
    source: &[String],
    target: &[String],
    width: usize,
    explain: bool,
    mark: &dyn Fn(&str) -> String,
) -> String {
    let width = width.max(MIN_WIDTH);
    let column = (width.saturating_sub(SEPARATOR.width() + 2) / 2).max(10);
    let numbers = |range: &std::ops::Range<usize>, prefix: char| {
        if range.is_empty() {
            "—".to_owned()
        } else {
            range
                .clone()
                .map(|k| format!("{prefix}{}", k + 1))
                .collect::<Vec<_>>()
                .join("+")
        }
    };
    let mut out = String::new();
    for (k, bead) in alignment.beads.iter().enumerate() {
        if k > 0 {
            out.push('\n');
        }
        let low = bead.confidence < LOW_CONFIDENCE;
        let heading = format!(
            "{} ↔ {}  {}  confidence {:.3}{}",
            numbers(&bead.source, 's'),
            numbers(&bead.target, 't'),
            bead.kind(),
            bead.confidence,
            if low { "  (low: check this pair)" } else { "" }
        );
        out.push_str(&if low { mark(&heading) } else { heading });
        out.push('\n');
        if explain {
            let c = &bead.cost;
            out.push_str(&format!(
                "  cost {:.2} = prior {:.2} + length {:.2} + anchors {:.2} + names {:.2} + lexical {:.2} + structure {:.2} + page break {:.2}\n",
                c.total(),
                c.prior,
                c.length,
                c.anchors,
                c.names,
                c.lexical,
                c.structure,
                c.page_break
            ));
        }
        let side = |texts: &[String], range: &std::ops::Range<usize>| -> Vec<String> {
            let mut lines = Vec::new();
            for k in range.clone() {
                if !lines.is_empty() {
                    lines.push(String::new());
                }
                lines.extend(wrap(&texts[k], column));
            }
            lines
        };
        let columns = [side(source, &bead.source), side(target, &bead.target)];
        push_row(&mut out, "", 1, &columns, column);
    }
    out
}

fn tail(text: &str, chars: usize) -> String {
    let count = text.chars().count();
    text.chars().skip(count.saturating_sub(chars)).collect()
}

fn metadata(document: &Document, width: usize, out: &mut String) {
    let title = document.title.as_deref().unwrap_or(document.id.as_str());
    for line in wrap(title, width) {
        out.push_str(&line);
        out.push('\n');
    }
    let mut fields: Vec<(&str, String)> = vec![("id", document.id.to_string())];
    if let Some(date) = &document.date {
        fields.push(("date", date.clone()));
    }
    let languages = format!(
        "{} → {}",
        document.source_language.as_deref().unwrap_or("?"),
        document.target_language.as_deref().unwrap_or("?")
    );
    fields.push(("languages", languages));
    if let Some(citation) = &document.citation {
        let archive: Vec<&str> = [citation.archive.as_deref(), citation.reference.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        if !archive.is_empty() {
            fields.push(("archive", archive.join(", ")));
        }
        if let Some(url) = &citation.url {
            fields.push(("url", url.clone()));
        }
    }
    if let Some(summary) = &document.summary {
        fields.push(("summary", summary.clone()));
    }
    let label_width = fields.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    for (key, value) in fields {
        let lines = wrap(&value, width.saturating_sub(label_width + 2).max(10));
        for (i, line) in lines.iter().enumerate() {
            let label = if i == 0 { key } else { "" };
            out.push_str(&format!("{label:>label_width$}  {line}\n"));
        }
    }
}

/// Lays out a document's changes in `width` columns: each changed
/// paragraph's original on the left and translation on the right, with
/// the changes marked `[-deleted-]{+inserted+}` (plain markers: colour
/// codes would throw the columns out), then its other changed values.
pub fn diff_side_by_side(diff: &DocumentDiff, width: usize) -> String {
    let width = width.max(MIN_WIDTH);
    let markers = &Markers::PLAIN;
    let mut out = format!("document {} ({})\n", diff.id, diff.status.as_str());
    write_changes(&mut out, &diff.metadata, "  ", markers);
    let labels: Vec<String> = diff
        .paragraphs
        .iter()
        .map(|p| format!("{} ({})", visible_line(&p.id), p.status.label()))
        .collect();
    let gutter = labels.iter().map(|l| l.width()).max().unwrap_or(0).max(2);
    let column = (width.saturating_sub(gutter + 1 + SEPARATOR.width()) / 2).max(10);
    for (paragraph, label) in diff.paragraphs.iter().zip(&labels) {
        out.push('\n');
        let columns: Vec<Vec<String>> = [&paragraph.source, &paragraph.target]
            .into_iter()
            .map(|spans| wrap_spans(spans, markers, column))
            .collect();
        push_row(&mut out, label, gutter, &columns, column);
        let indent = " ".repeat(gutter + 1);
        write_changes(&mut out, &shown_fields(paragraph), &indent, markers);
    }
    out
}

/// Writes one row: the id in the gutter, then the columns line by line.
fn push_row(out: &mut String, id: &str, gutter: usize, columns: &[Vec<String>], width: usize) {
    let height = columns.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let id = visible_line(id);
    for row in 0..height {
        let label = if row == 0 { id.as_ref() } else { "" };
        out.push_str(label);
        out.push_str(&" ".repeat(gutter + 1 - label.width().min(gutter)));
        for (c, column) in columns.iter().enumerate() {
            let cell = column.get(row).map_or("", String::as_str);
            if c > 0 {
                out.push_str(SEPARATOR);
            }
            out.push_str(cell);
            if c + 1 < columns.len() {
                out.push_str(&" ".repeat(width.saturating_sub(cell.width())));
            }
        }
        // Trailing spaces are noise in a pipe.
        let trimmed = out.trim_end_matches(' ').len();
        out.truncate(trimmed);
        out.push('\n');
    }
}

/// Corpus statistics as a table: a row per document, then the total.
pub fn stats_table(documents: &[crate::tools::Stats], total: &crate::tools::Stats) -> String {
    let header = [
        "document",
        "paragraphs",
        "source words",
        "target words",
        "translated",
        "untranslated",
        "stale",
        "fuzzy",
        "low confidence",
    ];
    let row = |name: &str, s: &crate::tools::Stats| -> Vec<String> {
        vec![
            name.to_owned(),
            s.paragraphs.to_string(),
            s.source_words.to_string(),
            s.target_words.to_string(),
            s.translated.to_string(),
            s.untranslated.to_string(),
            s.stale.to_string(),
            s.fuzzy.to_string(),
            s.low_confidence.to_string(),
        ]
    };
    let mut rows: Vec<Vec<String>> = vec![header.iter().map(|h| (*h).to_owned()).collect()];
    for s in documents {
        rows.push(row(&visible_line(s.document.as_deref().unwrap_or("")), s));
    }
    rows.push(row(
        &format!("total ({} documents)", total.documents),
        total,
    ));
    let widths: Vec<usize> = (0..header.len())
        .map(|c| rows.iter().map(|r| r[c].width()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for (k, r) in rows.iter().enumerate() {
        let mut line = String::new();
        for (c, cell) in r.iter().enumerate() {
            let pad = " ".repeat(widths[c] - cell.width());
            if c == 0 {
                line.push_str(cell);
                line.push_str(&pad);
            } else {
                line.push_str("  ");
                line.push_str(&pad);
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
        if k == 0 || k + 2 == rows.len() {
            out.push_str(&"-".repeat(widths.iter().sum::<usize>() + 2 * (widths.len() - 1)));
            out.push('\n');
        }
    }
    out
}

/// Wraps a word diff to lines of at most `width` display columns,
/// breaking at spaces, between a deletion and the insertion that replaces
/// it, and inside a word only when it alone is wider than the line; a
/// marked run that goes on to the next line is closed at the end of the
/// line and opened again at the start of the next, so that no line holds
/// half a marker.
pub fn wrap_spans(spans: &[Span], markers: &Markers, width: usize) -> Vec<String> {
    /// A piece of text of one tag; `space` when a space of that tag
    /// precedes it on its line (`None`: none, it goes on the word before).
    struct Atom {
        tag: Tag,
        text: String,
        space: Option<Tag>,
    }
    let marked = |tag: Tag| match tag {
        Tag::Equal => 0,
        Tag::Delete => markers.delete.0.width() + markers.delete.1.width(),
        Tag::Insert => markers.insert.0.width() + markers.insert.1.width(),
    };
    // The atoms of each line of the text.
    let mut lines: Vec<Vec<Atom>> = vec![Vec::new()];
    let mut space: Option<Tag> = None;
    for span in spans {
        for c in visible(&span.text).chars() {
            let line = lines.last_mut().expect("one line at least");
            match c {
                ' ' => {
                    if space.is_none_or(|t| t == Tag::Equal) {
                        space = Some(span.tag);
                    }
                }
                '\n' => {
                    lines.push(Vec::new());
                    space = None;
                }
                c => match line.last_mut() {
                    Some(atom) if atom.tag == span.tag && space.is_none() => atom.text.push(c),
                    last => {
                        // Within a word, a new atom only where a deletion
                        // gives way to its insertion; other changes of tag
                        // stay in one atom of pieces.
                        let glued = space.is_none()
                            && last.as_ref().is_some_and(|a| {
                                !(a.tag == Tag::Delete && span.tag == Tag::Insert)
                            });
                        if glued {
                            if let Some(atom) = last {
                                // Several tags inside one word (a typo's
                                // letters): kept as an equal atom of the
                                // rendered pieces.
                                let mut text = std::mem::take(&mut atom.text);
                                if atom.tag != Tag::Equal {
                                    text = wrap_marked(atom.tag, &text, markers);
                                    atom.tag = Tag::Equal;
                                }
                                text.push_str(&wrap_marked(span.tag, &c.to_string(), markers));
                                atom.text = text;
                            }
                        } else {
                            line.push(Atom {
                                tag: span.tag,
                                text: c.to_string(),
                                space: space.take(),
                            });
                        }
                    }
                },
            }
        }
    }
    // Renders a run of atoms as one line.
    let render = |atoms: &[&Atom]| -> String {
        let mut out = String::new();
        let mut open: Option<Tag> = None;
        for (k, atom) in atoms.iter().enumerate() {
            if let (true, Some(space)) = (k > 0, atom.space) {
                if open != Some(space) {
                    close(&mut out, open, markers);
                    open_marker(&mut out, space, markers);
                    open = Some(space);
                }
                out.push(' ');
            }
            if open != Some(atom.tag) {
                close(&mut out, open, markers);
                open_marker(&mut out, atom.tag, markers);
                open = Some(atom.tag);
            }
            out.push_str(&atom.text);
        }
        close(&mut out, open, markers);
        // Adjacent runs of one marker are one run.
        out.replace(&format!("{}{}", markers.insert.1, markers.insert.0), "")
            .replace(&format!("{}{}", markers.delete.1, markers.delete.0), "")
    };
    let mut out = Vec::new();
    for line in &lines {
        // An atom wider than a line alone is cut between characters.
        let mut atoms: Vec<Atom> = Vec::new();
        for atom in line {
            let room = width.saturating_sub(marked(atom.tag)).max(1);
            if atom.text.width() <= room || atom.text.contains('\u{1b}') {
                atoms.push(Atom {
                    tag: atom.tag,
                    text: atom.text.clone(),
                    space: atom.space,
                });
                continue;
            }
            let mut piece = String::new();
            let mut first = true;
            for c in atom.text.chars() {
                if piece.width() + c.width().unwrap_or(0) > room && !piece.is_empty() {
                    let space = if first { atom.space } else { None };
                    atoms.push(Atom {
                        tag: atom.tag,
                        text: std::mem::take(&mut piece),
                        space,
                    });
                    first = false;
                }
                piece.push(c);
            }
            let space = if first { atom.space } else { None };
            atoms.push(Atom {
                tag: atom.tag,
                text: piece,
                space,
            });
        }
        let mut start = 0;
        while start < atoms.len() {
            let mut end = start + 1;
            while end < atoms.len() {
                let candidate: Vec<&Atom> = atoms[start..=end].iter().collect();
                if render(&candidate).width() > width {
                    // A deletion and the insertion glued to it go to the
                    // next line together when they fit there.
                    let pair: Vec<&Atom> = atoms[end - 1..=end].iter().collect();
                    if atoms[end].space.is_none()
                        && end - 1 > start
                        && render(&pair).width() <= width
                    {
                        end -= 1;
                    }
                    break;
                }
                end += 1;
            }
            out.push(render(&atoms[start..end].iter().collect::<Vec<_>>()));
            start = end;
        }
        if atoms.is_empty() {
            out.push(String::new());
        }
    }
    out
}

/// `text` between the markers of `tag`.
fn wrap_marked(tag: Tag, text: &str, markers: &Markers) -> String {
    let mut out = String::new();
    open_marker(&mut out, tag, markers);
    out.push_str(text);
    close(&mut out, Some(tag), markers);
    out
}

/// Opens the marker of a run of `tag`, if it has one.
fn open_marker(out: &mut String, tag: Tag, markers: &Markers) {
    match tag {
        Tag::Delete => out.push_str(markers.delete.0),
        Tag::Insert => out.push_str(markers.insert.0),
        Tag::Equal => {}
    }
}

/// Closes the marker of a run of `tag`, if it has one.
fn close(out: &mut String, tag: Option<Tag>, markers: &Markers) {
    match tag {
        Some(Tag::Delete) => out.push_str(markers.delete.1),
        Some(Tag::Insert) => out.push_str(markers.insert.1),
        _ => {}
    }
}

/// Wraps `text` to lines of at most `width` display columns, breaking at
/// spaces where it can and inside a word only when the word alone is
/// wider than the line. Line breaks in the text are kept; control
/// characters are shown as escapes ([`visible`]).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let text = visible(text);
    let mut lines = Vec::new();
    for source_line in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0;
        for word in source_line.split(' ').filter(|w| !w.is_empty()) {
            let word_width = word.width();
            let space = usize::from(line_width > 0);
            if line_width + space + word_width <= width {
                if space == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                line_width += space + word_width;
                continue;
            }
            if line_width > 0 {
                lines.push(std::mem::take(&mut line));
                line_width = 0;
            }
            if word_width <= width {
                line.push_str(word);
                line_width = word_width;
                continue;
            }
            // A word wider than the line (or a run of CJK without spaces):
            // break it between characters.
            for c in word.chars() {
                let w = c.width().unwrap_or(0);
                if line_width + w > width && line_width > 0 {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0;
                }
                line.push(c);
                line_width += w;
            }
        }
        lines.push(line);
    }
    lines
}

/// A document as plain paragraphs, for git's diff driver (`bitext
/// textconv`): a line per metadata value, then each paragraph under its id
/// with its source and target, so `git diff` and `git log -p` show changes
/// by paragraph and side instead of TOML syntax.
pub fn plain_text(document: &Document) -> String {
    let mut out = format!("# {}\n", document.id);
    for (key, value) in document.metadata() {
        if let Some(value) = value {
            out.push_str(&format!("{key}: {}\n", visible(value)));
        }
    }
    write_conflicts(&mut out, &document.conflicts);
    for paragraph in &document.paragraphs {
        out.push_str(&format!("\n¶ {}\n", visible_line(paragraph.id.as_str())));
        for side in [Side::Source, Side::Target] {
            if let Some(text) = paragraph.text(side) {
                out.push_str(&format!(
                    "{}: {}\n",
                    side.as_str(),
                    visible(text).replace('\n', "\n  ")
                ));
            }
        }
        write_conflicts(&mut out, &paragraph.conflict);
    }
    out
}

/// Recorded merge conflicts, each value on its own lines.
fn write_conflicts(out: &mut String, conflicts: &[Conflict]) {
    for conflict in conflicts {
        out.push_str(&format!("CONFLICT in {}:\n", visible_line(&conflict.field)));
        for (label, value) in [
            ("base", &conflict.base),
            ("ours", &conflict.ours),
            ("theirs", &conflict.theirs),
        ] {
            let shown = value.as_deref().map_or_else(
                || "(none)".to_owned(),
                |v| visible(v).replace('\n', "\n    "),
            );
            out.push_str(&format!("  {label}: {shown}\n"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_line_of_a_wrapped_diff_holds_half_a_marker() {
        let spans = crate::diff::diff_text(
            "He died in a tragic car accident. The project mourns him.",
            "He died in a tragic car accident near Tarragona in Spain. The project mourns him deeply.",
        );
        for width in 12..40 {
            let lines = wrap_spans(&spans, &Markers::PLAIN, width);
            for line in &lines {
                for (open, close) in [("{+", "+}"), ("[-", "-]")] {
                    assert_eq!(
                        line.matches(open).count(),
                        line.matches(close).count(),
                        "{line:?}"
                    );
                    if let (Some(o), Some(c)) = (line.find(open), line.find(close)) {
                        assert!(o < c, "{line:?}");
                    }
                }
                assert!(
                    line.width() <= width || !line.contains(' '),
                    "{line:?} at {width}"
                );
            }
            // Nothing is lost: deletions and markers taken out, the
            // letters are the new text's.
            let new: String = lines
                .concat()
                .split("[-")
                .map(|part| part.split_once("-]").map_or(part, |(_, after)| after))
                .collect::<String>()
                .replace("{+", "")
                .replace("+}", "")
                .split_whitespace()
                .collect();
            let expected: String = crate::diff::new_text(&spans).split_whitespace().collect();
            assert_eq!(new, expected, "{lines:?}");
        }
    }

    #[test]
    fn wraps_by_display_width() {
        // Each ideograph is two columns wide.
        let lines = wrap("人人生而自由，在尊严和权利上一律平等。", 10);
        assert!(lines.iter().all(|l| l.width() <= 10), "{lines:?}");
        assert_eq!(lines[0], "人人生而自");
        let lines = wrap("Все люди рождаются свободными и равными", 12);
        assert_eq!(lines, ["Все люди", "рождаются", "свободными и", "равными"]);
    }

    #[test]
    fn keeps_line_breaks() {
        assert_eq!(
            wrap("BEIJING\nTO KRASOVSKY", 40),
            ["BEIJING", "TO KRASOVSKY"]
        );
    }
}
