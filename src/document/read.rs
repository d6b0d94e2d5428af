//! Reading a document file: the fast reader for canonical files, the full
//! TOML parser for everything else, and the located errors.
//!
//! Both readers give a [`SourceMap`] beside the document: the line of every
//! paragraph's id and of every metadata key, so that the checks point into
//! the file without scanning it again.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use toml::Spanned;

use super::{fast, Document, DocumentId, ParseError, ParseErrorKind, RawParagraph, FORMAT_VERSION};

/// Where things are in a parsed file, for messages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    /// 1-based line of each paragraph's `id`, in paragraph order.
    pub paragraph_lines: Vec<usize>,
    /// 1-based line of each key outside the paragraph tables: `id`,
    /// `title`, free-form keys, and `citation.url` for keys of the
    /// citation.
    pub key_lines: BTreeMap<String, usize>,
}

impl SourceMap {
    /// The line of a key outside the paragraph tables, e.g. `date` or
    /// `citation.url`.
    pub fn key_line(&self, key: &str) -> Option<usize> {
        self.key_lines.get(key).copied()
    }
}

/// Parses a document file's text. Texts are kept exactly as written.
///
/// Canonical files, which are nearly all files, are read by a fast reader
/// of exactly the TOML the canonical writer produces; anything else goes
/// through the full TOML parser, which also gives the located errors.
/// Both give the same document for any file the fast reader accepts.
pub fn parse_document(text: &str) -> Result<(Document, SourceMap), ParseError> {
    match fast::parse(text) {
        Some(parsed) => finish(parsed),
        None => parse_document_with_toml(text),
    }
}

/// Whether the fast reader takes this text: true for every file the
/// canonical writer makes (tests and benchmarks hold it to that).
pub fn is_fast_readable(text: &str) -> bool {
    fast::parse(text).is_some()
}

/// [`parse_document`] without the fast reader: the full TOML parser, the
/// reference the fast reader is tested against.
pub fn parse_document_with_toml(text: &str) -> Result<(Document, SourceMap), ParseError> {
    let lines = LineIndex::new(text);
    let (raw, keys): (RawDocument, _) = match parse_with_key_lines(text, &lines) {
        Ok(parsed) => parsed,
        Err(error) => return Err(explain_failure(text, &lines, error)),
    };
    // The keys the fast reader records too: the top level's, and the
    // citation's.
    let key_lines = keys
        .into_iter()
        .filter_map(|(path, line)| match &path[..] {
            [key] if key != "paragraph" => Some((key.clone(), line)),
            [table, key] if table == "citation" => Some((format!("citation.{key}"), line)),
            _ => None,
        })
        .collect();
    let (id_line, id_column) = lines.locate(text, raw.id.span().start);
    let mut document = Document::new(DocumentId(String::new()));
    let mut paragraph_lines = Vec::with_capacity(raw.paragraphs.len());
    for raw_paragraph in raw.paragraphs {
        let (mut paragraph, start) = raw_paragraph.into_paragraph();
        paragraph.source = paragraph.source.filter(|s| !s.is_empty());
        paragraph.target = paragraph.target.filter(|s| !s.is_empty());
        paragraph_lines.push(lines.line(start));
        document.paragraphs.push(paragraph);
    }
    for (key, value) in raw.metadata {
        if let Some(slot) = document.metadata_mut(&key) {
            *slot = Some(value);
        }
    }
    document.citation = raw.citation;
    document.extra = raw.extra;
    document.conflicts = raw.conflicts;
    finish(Parsed {
        format: raw
            .format
            .map(|f| (*f.get_ref(), lines.line(f.span().start))),
        id: (raw.id.into_inner(), id_line, id_column),
        document,
        map: SourceMap {
            paragraph_lines,
            key_lines,
        },
    })
}

/// The path of a key through nested tables, and the key's 1-based line.
pub(crate) type KeyLine = (Vec<String>, usize);

/// Deserialises a TOML text, and gives with it the line of every key
/// outside arrays of tables, by its path (`["check", "severity", "x"]`):
/// one parse serves both.
pub(crate) fn parse_with_key_lines<T: serde::de::DeserializeOwned>(
    text: &str,
    lines: &LineIndex,
) -> Result<(T, Vec<KeyLine>), toml::de::Error> {
    let table = toml::de::DeTable::parse(text)?;
    let mut key_lines = Vec::new();
    collect_key_lines(table.get_ref(), &mut Vec::new(), lines, &mut key_lines);
    let value = T::deserialize(toml::de::Deserializer::from(table))?;
    Ok((value, key_lines))
}

fn collect_key_lines(
    table: &toml::de::DeTable<'_>,
    path: &mut Vec<String>,
    lines: &LineIndex,
    out: &mut Vec<KeyLine>,
) {
    for (key, value) in table {
        path.push(key.get_ref().to_string());
        out.push((path.clone(), lines.line(key.span().start)));
        if let toml::de::DeValue::Table(inner) = value.get_ref() {
            collect_key_lines(inner, path, lines, out);
        }
        path.pop();
    }
}

/// A document file as read, before its format and id are validated.
pub(super) struct Parsed {
    /// The format version and its line.
    pub format: Option<(i64, usize)>,
    /// The document id, its line and column.
    pub id: (String, usize, usize),
    /// The document, its id not yet set; empty sides already dropped.
    pub document: Document,
    /// Where things are.
    pub map: SourceMap,
}

fn finish(parsed: Parsed) -> Result<(Document, SourceMap), ParseError> {
    let Some((format, format_line)) = parsed.format else {
        return Err(syntax_error(
            "missing key `format` (this bitext writes `format = 1`)",
            Some(1),
            None,
        ));
    };
    if format != i64::from(FORMAT_VERSION) {
        return Err(unsupported_format(format, format_line));
    }
    let (id, id_line, id_column) = parsed.id;
    let id = DocumentId::new(&id).map_err(|e| ParseError {
        message: e.to_string(),
        line: Some(id_line),
        column: Some(id_column),
        kind: ParseErrorKind::InvalidId,
    })?;
    let mut document = parsed.document;
    document.id = id;
    for (k, paragraph) in document.paragraphs.iter().enumerate() {
        if let Err(reason) = super::ParagraphId::check(paragraph.id.as_str()) {
            return Err(ParseError {
                message: format!("invalid paragraph id {:?}: {reason}", paragraph.id.as_str()),
                line: parsed.map.paragraph_lines.get(k).copied(),
                column: None,
                kind: ParseErrorKind::InvalidId,
            });
        }
    }
    refuse_non_finite(&document, &parsed.map)?;
    Ok((document, parsed.map))
}

/// `nan` and `inf` are TOML but no value a document holds: JSON has no
/// such numbers, so they would come out as `null`. Refused where they
/// stand.
fn refuse_non_finite(document: &Document, map: &SourceMap) -> Result<(), ParseError> {
    fn finite(value: &toml::Value) -> bool {
        match value {
            toml::Value::Float(f) => f.is_finite(),
            toml::Value::Array(items) => items.iter().all(finite),
            toml::Value::Table(table) => table.values().all(finite),
            _ => true,
        }
    }
    let refuse = |key: &str, line: Option<usize>| {
        Err(syntax_error(
            &format!("{key} is not a finite number (nan and inf are not values a document holds)"),
            line,
            None,
        ))
    };
    for (key, value) in &document.extra {
        if !finite(value) {
            return refuse(key, map.key_line(key));
        }
    }
    for (k, paragraph) in document.paragraphs.iter().enumerate() {
        if paragraph.confidence.is_some_and(|c| !c.is_finite()) {
            return refuse("confidence", map.paragraph_lines.get(k).copied());
        }
    }
    Ok(())
}

fn syntax_error(message: &str, line: Option<usize>, column: Option<usize>) -> ParseError {
    ParseError {
        message: message.to_owned(),
        line,
        column,
        kind: ParseErrorKind::Syntax,
    }
}

fn unsupported_format(found: i64, line: usize) -> ParseError {
    ParseError {
        message: format!(
            "unsupported format version {found} (this bitext reads format {FORMAT_VERSION}; a newer bitext may read it)"
        ),
        line: Some(line),
        column: None,
        kind: ParseErrorKind::UnsupportedFormat,
    }
}

/// Turns a TOML error into a located [`ParseError`]. A file of another
/// format version is reported as such, not by whatever shape error the
/// difference caused.
fn explain_failure(text: &str, lines: &LineIndex, error: toml::de::Error) -> ParseError {
    #[derive(Deserialize)]
    struct FormatOnly {
        format: Option<Spanned<toml::Value>>,
    }
    if let Ok(FormatOnly {
        format: Some(format),
    }) = toml::from_str(text)
    {
        let found = format.get_ref().as_integer();
        if found != Some(i64::from(FORMAT_VERSION)) {
            let start = format.span().start;
            return match found {
                Some(found) => unsupported_format(found, lines.line(start)),
                None => syntax_error(
                    "`format` must be an integer (this bitext writes `format = 1`)",
                    Some(lines.line(start)),
                    None,
                ),
            };
        }
    }
    let (line, column) = match error.span() {
        Some(span) => {
            let (line, column) = lines.locate(text, span.start);
            (Some(line), Some(column))
        }
        None => (None, None),
    };
    syntax_error(error.message().trim_end(), line, column)
}

/// Byte offsets of line starts, for turning spans into line numbers.
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// The line starts of `text`.
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// 1-based line of a byte offset.
    pub(crate) fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset)
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub(crate) fn locate(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line(offset);
        let start = self.starts[line - 1];
        let end = offset.min(text.len());
        let column = text.get(start..end).map_or(1, |s| s.chars().count() + 1);
        (line, column)
    }
}

/// The file as TOML gives it, before ids are validated.
struct RawDocument {
    format: Option<Spanned<i64>>,
    id: Spanned<String>,
    /// The metadata strings, by key.
    metadata: Vec<(String, String)>,
    citation: Option<super::Citation>,
    extra: BTreeMap<String, toml::Value>,
    conflicts: Vec<super::Conflict>,
    paragraphs: Vec<RawParagraph>,
}

// Written by hand rather than with `#[serde(flatten)]`: flatten buffers the
// whole file before deserialising it, which halves read speed.
impl<'de> Deserialize<'de> for RawDocument {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(RawDocumentVisitor)
    }
}

struct RawDocumentVisitor;

impl<'de> Visitor<'de> for RawDocumentVisitor {
    type Value = RawDocument;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a bitext document table")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawDocument, A::Error> {
        let mut format = None;
        let mut id = None;
        let mut citation = None;
        let mut paragraphs = None;
        let mut metadata = Vec::new();
        let mut extra = BTreeMap::new();
        let mut conflicts = None;
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            match key.as_ref() {
                "format" => format = Some(map.next_value()?),
                "id" => id = Some(map.next_value()?),
                "citation" => citation = Some(map.next_value()?),
                "conflict" => conflicts = Some(map.next_value()?),
                "paragraph" => paragraphs = Some(map.next_value()?),
                key if super::METADATA_KEYS.contains(&key) => {
                    metadata.push((key.to_owned(), map.next_value()?))
                }
                _ => {
                    let value: toml::Value = map.next_value()?;
                    extra.insert(key.into_owned(), value);
                }
            }
        }
        Ok(RawDocument {
            format,
            id: id.ok_or_else(|| de::Error::missing_field("id"))?,
            metadata,
            citation,
            extra,
            conflicts: conflicts.unwrap_or_default(),
            paragraphs: paragraphs.unwrap_or_default(),
        })
    }
}
