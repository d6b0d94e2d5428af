//! PO out, and PO back in by paragraph.
//!
//! A document imported from a catalogue (it keeps the catalogue's header
//! as `po_header`) is written back as that catalogue: each paragraph an
//! entry with its own context, plural forms, flags, comments, references
//! and previous strings, so that a catalogue imported and exported is the
//! same catalogue. Any other document becomes a catalogue whose `msgctxt`
//! is the paragraph id; a paragraph with no original has no `msgid` and
//! is left out (counted). A stale translation is written `fuzzy`.
//!
//! Read back into a document, an entry is matched to its paragraph by
//! `msgctxt` and `msgid` for a catalogue's document, by `msgctxt` (the
//! id) for any other.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::document::{Document, Paragraph, TranslationState};
use crate::error::Result;
use crate::import::po::read_catalogue;

use super::{Exported, Interchange, Unit};

/// Whether a document came from a catalogue.
fn from_catalogue(document: &Document) -> bool {
    document.extra.contains_key("po_header")
}

pub(super) fn write(document: &Document) -> Result<Exported> {
    let mut out = String::with_capacity(document.text_len() * 2 + 4096);
    let catalogue = from_catalogue(document);
    let extra = |key: &str| document.extra.get(key).and_then(|v| v.as_str());
    if let Some(comment) = extra("po_header_comment") {
        for line in comment.split('\n') {
            comment_line(&mut out, "#", line);
        }
    }
    out.push_str("msgid \"\"\n");
    let header = match extra("po_header") {
        Some(header) => header.to_owned(),
        None => {
            let mut header = String::new();
            if let Some(title) = &document.title {
                let _ = writeln!(header, "Project-Id-Version: {title}");
            }
            header.push_str("MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n");
            if let Some(language) = &document.target_language {
                let _ = writeln!(header, "Language: {language}");
            }
            let _ = writeln!(header, "X-Generator: bitext {}", env!("CARGO_PKG_VERSION"));
            header
        }
    };
    string(&mut out, "msgstr", &header);
    let mut left_out = 0;
    for paragraph in &document.paragraphs {
        let Some(source) = &paragraph.source else {
            left_out += 1;
            continue;
        };
        out.push('\n');
        entry(&mut out, paragraph, source, catalogue);
    }
    Ok(Exported {
        text: out,
        left_out,
    })
}

fn entry(out: &mut String, p: &Paragraph, source: &str, catalogue: bool) {
    for (prefix, text) in [("#", &p.comment), ("#.", &p.note)] {
        if let Some(text) = text {
            for line in text.split('\n') {
                comment_line(out, prefix, line);
            }
        }
    }
    if !p.references.is_empty() {
        let _ = writeln!(out, "#: {}", p.references.join(" "));
    }
    let mut flags: Vec<&str> = p.flags.iter().map(String::as_str).collect();
    if p.state() == TranslationState::Stale && !flags.contains(&"fuzzy") {
        flags.insert(0, "fuzzy");
    }
    if !flags.is_empty() {
        let _ = writeln!(out, "#, {}", flags.join(", "));
    }
    if let Some(previous) = &p.previous {
        for (keyword, text) in [
            ("#| msgctxt", &previous.context),
            ("#| msgid", &previous.source),
            ("#| msgid_plural", &previous.source_plural),
        ] {
            if let Some(text) = text {
                // Previous strings are one line each, as msgmerge writes them.
                let _ = writeln!(out, "{keyword} \"{}\"", escape(text));
            }
        }
    }
    let context = if catalogue {
        p.context.as_deref()
    } else {
        Some(p.id.as_str())
    };
    if let Some(context) = context {
        string(out, "msgctxt", context);
    }
    string(out, "msgid", source);
    let target = p.target.as_deref().unwrap_or("");
    match &p.source_plural {
        Some(plural) => {
            string(out, "msgid_plural", plural);
            string(out, "msgstr[0]", target);
            for (k, form) in p.target_plural.iter().enumerate() {
                string(out, &format!("msgstr[{}]", k + 1), form);
            }
        }
        None => string(out, "msgstr", target),
    }
}

fn comment_line(out: &mut String, prefix: &str, line: &str) {
    if line.is_empty() {
        let _ = writeln!(out, "{prefix}");
    } else {
        let _ = writeln!(out, "{prefix} {line}");
    }
}

/// A keyword and its string: one line, or, for a text of several lines,
/// `""` and a line per line of text, as msgcat writes it.
fn string(out: &mut String, keyword: &str, text: &str) {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    if lines.len() <= 1 {
        let _ = writeln!(out, "{keyword} \"{}\"", escape(text));
        return;
    }
    let _ = writeln!(out, "{keyword} \"\"");
    for line in lines {
        let _ = writeln!(out, "\"{}\"", escape(line));
    }
}

/// C escapes for a PO string.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\{:03o}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// Reads a catalogue's entries as units. The unit id is the entry's
/// `msgctxt`, its context too; [`resolve`] maps entries of a catalogue's
/// own document to its paragraphs.
pub(super) fn read(bytes: &[u8], path: &Path) -> Result<Interchange> {
    // The header's charset honoured, as `bitext import po` honours it.
    let catalogue = read_catalogue(bytes, path, None)?;
    let mut read = Interchange {
        target_language: catalogue
            .header_field("Language")
            .map(|l| l.replace('_', "-")),
        ..Interchange::default()
    };
    for entry in &catalogue.entries {
        let target = entry.msgstr.first().cloned().filter(|t| !t.is_empty());
        let state = if target.is_none() {
            TranslationState::Untranslated
        } else if entry.flags.iter().any(|f| f == "fuzzy") {
            TranslationState::Fuzzy
        } else {
            TranslationState::Confirmed
        };
        read.units.push(Unit {
            id: entry.context.clone().unwrap_or_default(),
            context: entry.context.clone(),
            source: Some(entry.msgid.clone()),
            target,
            state,
            line: entry.line,
        });
    }
    Ok(read)
}

/// For a catalogue's own document, gives each unit the id of the
/// paragraph with its `msgctxt` and `msgid` (an entry with none keeps a
/// key that names no paragraph, and is refused as unknown).
pub(super) fn resolve(document: &Document, read: &mut Interchange) {
    if !from_catalogue(document) {
        return;
    }
    let by_key: HashMap<(Option<&str>, Option<&str>), &str> = document
        .paragraphs
        .iter()
        .map(|p| ((p.context.as_deref(), p.source.as_deref()), p.id.as_str()))
        .collect();
    for unit in &mut read.units {
        let key = (unit.context.as_deref(), unit.source.as_deref());
        unit.id = match by_key.get(&key) {
            Some(id) => (*id).to_owned(),
            None => format!(
                "{:?} {:?}",
                unit.context.as_deref().unwrap_or(""),
                unit.source.as_deref().unwrap_or("")
            ),
        };
    }
}
