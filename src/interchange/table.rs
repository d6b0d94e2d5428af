//! CSV and TSV: a header row `id,source,target,state,comment`, a row per
//! paragraph, quoted as RFC 4180 says (by the `csv` crate), UTF-8 with a
//! byte-order mark so that spreadsheets take it for UTF-8, and a cell
//! that a spreadsheet would run as a formula escaped with a leading `'`. Read back, the
//! columns are found by their header names (`target` needed; `id` to
//! match paragraphs, else rows are numbered; `source` checked when given;
//! `state` one of the words written).

use std::path::Path;

use crate::document::{Document, TranslationState};
use crate::error::{Error, Result};
use crate::normalize::decode;

use super::{Exported, Interchange, Unit};

const HEADER: [&str; 5] = ["id", "source", "target", "state", "comment"];

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA: [char; 4] = ['=', '+', '-', '@'];

/// A field a spreadsheet would take for a formula (text from strangers
/// could run one) gets the spreadsheet escape, a leading `'`, as
/// translate-toolkit's po2csv writes it; so does one that already starts
/// with `'` and a formula character, so that reading takes exactly one off.
fn escape_formula(text: &str) -> std::borrow::Cow<'_, str> {
    let mut chars = text.chars();
    let risky = match chars.next() {
        Some(c) if FORMULA.contains(&c) => true,
        Some('\'') => chars.next().is_some_and(|c| FORMULA.contains(&c)),
        _ => false,
    };
    if risky {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// A field read back: a spreadsheet escape taken off.
fn unescape_formula(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA) => rest,
        _ => text,
    }
}

pub(super) fn write(document: &Document, delimiter: u8) -> Result<Exported> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::with_capacity(document.text_len() + 4096));
    let failed = |e: csv::Error| Error::Export {
        id: document.id.to_string(),
        message: e.to_string(),
    };
    writer.write_record(HEADER).map_err(failed)?;
    for p in &document.paragraphs {
        writer
            .write_record(
                [
                    escape_formula(p.id.as_str()),
                    escape_formula(p.source.as_deref().unwrap_or("")),
                    escape_formula(p.target.as_deref().unwrap_or("")),
                    p.state().as_str().into(),
                    escape_formula(p.comment.as_deref().unwrap_or("")),
                ]
                .iter()
                .map(|f| f.as_bytes()),
            )
            .map_err(failed)?;
    }
    let bytes = writer.into_inner().map_err(|e| Error::Export {
        id: document.id.to_string(),
        message: e.to_string(),
    })?;
    let mut text = String::from("\u{feff}");
    text.push_str(&String::from_utf8(bytes).map_err(|e| Error::Export {
        id: document.id.to_string(),
        message: e.to_string(),
    })?);
    Ok(Exported { text, left_out: 0 })
}

pub(super) fn read(bytes: &[u8], path: &Path, delimiter: u8) -> Result<Interchange> {
    let text = decode(bytes, None).map_err(|source| Error::Decode {
        path: path.to_owned(),
        source,
    })?;
    let error = |line: Option<u64>, message: String| Error::Import {
        path: path.to_owned(),
        line: line.map(|l| l as usize),
        column: None,
        message,
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(false)
        .from_reader(text.as_bytes());
    let located = |e: csv::Error| {
        let line = e.position().map(|p| p.line());
        let message = match e.kind() {
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => {
                format!("a row of {len} fields where the header has {expected_len} (a quote not closed, or a field not quoted)")
            }
            _ => e.to_string(),
        };
        error(line, message)
    };
    let header = reader.headers().map_err(located)?.clone();
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let Some(target) = column("target") else {
        return Err(error(
            Some(1),
            format!(
                "the header row needs a target column, and an id column to match paragraphs (found: {})",
                header.iter().collect::<Vec<_>>().join(", ")
            ),
        ));
    };
    // Without an id column (a table another tool wrote) the rows are
    // numbered p1, p2… in order, as an import numbers paragraphs.
    let id = column("id");
    let (source, state) = (column("source"), column("state"));
    let mut read = Interchange::default();
    let mut starts = vec![0];
    for record in reader.records() {
        let record = record.map_err(located)?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        starts.push(record.position().map_or(0, |p| p.byte() as usize));
        let field = |k: usize| unescape_formula(record.get(k).unwrap_or("")).to_owned();
        let state = match state.map(|k| record.get(k).unwrap_or("").trim()) {
            None | Some("") => TranslationState::Translated,
            Some("untranslated") => TranslationState::Untranslated,
            Some("fuzzy") => TranslationState::Fuzzy,
            Some("stale") => TranslationState::Stale,
            Some("translated") => TranslationState::Translated,
            Some("confirmed") => TranslationState::Confirmed,
            Some(other) => {
                return Err(error(Some(line as u64), format!("state {other:?} is not one of untranslated, fuzzy, stale, translated, confirmed")))
            }
        };
        read.units.push(Unit {
            id: id.map_or_else(|| format!("p{}", read.units.len() + 1), field),
            context: None,
            source: source.map(field),
            target: Some(field(target)),
            state,
            line,
        });
    }
    // A quote left open swallows the rest of the file into one field,
    // which the reader takes without a word: in RFC 4180 quotes come in
    // pairs, so a record with an odd number of them is where it happened.
    let starts: Vec<usize> = starts.into_iter().chain([text.len()]).collect();
    for (k, window) in starts.windows(2).enumerate() {
        if text[window[0]..window[1]].matches('"').count() % 2 == 1 {
            // Window 0 is the header row, window k the k-th record.
            let line = k
                .checked_sub(1)
                .and_then(|r| read.units.get(r))
                .map_or(1, |u| u.line);
            return Err(error(
                Some(line as u64),
                "a quote is not closed (or a field holds a quote but is not quoted)".into(),
            ));
        }
    }
    Ok(read)
}
