//! A fast reader for canonical document files.
//!
//! The canonical writer produces a small, regular subset of TOML: one
//! `key = value` per line with single spaces around `=`, bare keys, the
//! tables `[citation]` and `[[paragraph]]`, strings in one of four forms,
//! and, rarely, a one-line inline value (free-form metadata, `joins`).
//! This reader accepts exactly that subset and returns `None` for anything
//! else — a non-canonical spacing, an escape the writer never makes, a
//! duplicate key, a control character — so the full TOML parser handles
//! it and reports any error. For every file it accepts it gives what the
//! full parser gives; a property test holds the two to that.
//!
//! It exists because the full parser reads document text at about half
//! the speed the corpus checks need.

use std::any::Any;
use std::borrow::Cow;

use super::read::{Parsed, SourceMap};
use super::write::is_string_special;
use super::{Absent, Citation, Document, DocumentId, Paragraph, METADATA_KEYS};
use crate::scan::find_byte;

/// Reads a canonical file, or `None` to hand it to the full parser.
pub(super) fn parse(text: &str) -> Option<Parsed> {
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        line: 1,
    };
    let mut document = Document::new(DocumentId(String::new()));
    let mut map = SourceMap::default();
    let mut format = None;
    let mut id = None;
    // The `[citation]` table's keys, turned into a citation at its end.
    let mut citation: Option<toml::Table> = None;
    let mut table = Table::Top;
    while reader.pos < reader.bytes.len() {
        let line_start = reader.pos;
        match reader.bytes[reader.pos] {
            b'\n' => {
                reader.pos += 1;
                reader.line += 1;
                continue;
            }
            b'#' => {
                let end = reader.line_end();
                let comment = &reader.bytes[line_start..end];
                if comment.iter().any(|&b| is_control(b) && b != b'\t') {
                    return None;
                }
                reader.pos = end;
                reader.newline()?;
                continue;
            }
            b'[' => {
                let end = reader.line_end();
                match &reader.text[line_start..end] {
                    "[citation]" if table == Table::Top && citation.is_none() => {
                        citation = Some(toml::Table::new());
                        map.key_lines.insert("citation".to_owned(), reader.line);
                        table = Table::Citation;
                    }
                    "[[paragraph]]" => {
                        document
                            .paragraphs
                            .push(Paragraph::new(String::new(), None, None));
                        map.paragraph_lines.push(0);
                        table = Table::Paragraph;
                    }
                    _ => return None,
                }
                reader.pos = end;
                reader.newline()?;
                continue;
            }
            _ => {}
        }
        let key_start = reader.pos;
        let key = reader.key()?;
        let value_line = reader.line;
        let value_column = reader.text[key_start..reader.pos].chars().count() + 1;
        let value = reader.value()?;
        reader.newline()?;
        let key = key.as_ref();
        match table {
            Table::Top => {
                match (key, value) {
                    ("format", Value::Integer(n)) if format.is_none() => {
                        format = Some((n, value_line));
                    }
                    ("id", Value::String(s)) if id.is_none() => {
                        id = Some((s, value_line, value_column));
                    }
                    (key, Value::String(s)) if METADATA_KEYS.contains(&key) => {
                        set(document.metadata_mut(key)?, s)?;
                    }
                    ("conflict", value) => set_field(&mut document.conflicts, value)?,
                    (key, _) if super::KNOWN_KEYS.contains(&key) => return None,
                    (key, value) => {
                        if document
                            .extra
                            .insert(key.to_owned(), value.into_toml())
                            .is_some()
                        {
                            return None;
                        }
                    }
                }
                map.key_lines.insert(key.to_owned(), value_line);
            }
            Table::Citation => {
                let table = citation.as_mut()?;
                if table.insert(key.to_owned(), value.into_toml()).is_some() {
                    return None;
                }
                map.key_lines.insert(format!("citation.{key}"), value_line);
            }
            Table::Paragraph => {
                let index = document.paragraphs.len() - 1;
                let paragraph = document.paragraphs.last_mut()?;
                match (key, value) {
                    ("id", Value::String(s)) if map.paragraph_lines[index] == 0 => {
                        paragraph.id = super::ParagraphId(s);
                        map.paragraph_lines[index] = value_line;
                    }
                    (key, value) => paragraph.read_field(key, value)?,
                }
            }
        }
    }
    // A paragraph without an id, or a file without one, is for the full
    // parser to report.
    let id = id?;
    if map.paragraph_lines.contains(&0) {
        return None;
    }
    if let Some(table) = citation {
        document.citation = Some(toml::Value::Table(table).try_into::<Citation>().ok()?);
    }
    for paragraph in &mut document.paragraphs {
        if paragraph.source.as_deref() == Some("") {
            paragraph.source = None;
        }
        if paragraph.target.as_deref() == Some("") {
            paragraph.target = None;
        }
    }
    Some(Parsed {
        format,
        id,
        document,
        map,
    })
}

/// Sets a paragraph field from its value, once: a second time is a
/// duplicate key. A value that reads as absent (an empty list) is left to
/// the full parser, which tells it apart from a missing one for the
/// duplicate-key check.
///
/// Texts and numbers, nearly all values, are set directly; the rest are
/// deserialised from their TOML value.
pub(super) fn set_field<T>(slot: &mut T, value: Value) -> Option<()>
where
    T: Absent + serde::de::DeserializeOwned + 'static,
{
    if !slot.is_absent() {
        return None;
    }
    let any: &mut dyn Any = slot;
    let value = match value {
        Value::String(s) => match any.downcast_mut::<Option<String>>() {
            Some(text) => {
                *text = Some(s);
                return Some(());
            }
            None => toml::Value::String(s),
        },
        Value::Other(toml::Value::Float(f)) => match any.downcast_mut::<Option<f64>>() {
            Some(number) => {
                *number = Some(f);
                return Some(());
            }
            None => toml::Value::Float(f),
        },
        // A date read into a field's type would become a string here,
        // where the full parser refuses it: that reader decides.
        Value::Other(toml::Value::Datetime(_)) => return None,
        other => other.into_toml(),
    };
    *slot = value.try_into().ok()?;
    (!slot.is_absent()).then_some(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Table {
    Top,
    Citation,
    Paragraph,
}

pub(super) enum Value {
    String(String),
    Integer(i64),
    Other(toml::Value),
}

impl Value {
    fn into_toml(self) -> toml::Value {
        match self {
            Value::String(s) => toml::Value::String(s),
            Value::Integer(n) => toml::Value::Integer(n),
            Value::Other(v) => v,
        }
    }
}

/// Sets a metadata string once; a second time is a duplicate key.
fn set(slot: &mut Option<String>, value: String) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(value);
    Some(())
}

/// Bytes TOML forbids raw in strings and comments (tab aside).
fn is_control(b: u8) -> bool {
    (b < 0x20 && b != b'\t') || b == 0x7f
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    line: usize,
}

impl<'a> Reader<'a> {
    fn line_end(&self) -> usize {
        self.bytes[self.pos..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(self.bytes.len(), |i| self.pos + i)
    }

    /// Expects the end of a line (or of the file).
    fn newline(&mut self) -> Option<()> {
        match self.bytes.get(self.pos) {
            None => Some(()),
            Some(b'\n') => {
                self.pos += 1;
                self.line += 1;
                Some(())
            }
            Some(_) => None,
        }
    }

    /// A bare or quoted key followed by ` = `.
    fn key(&mut self) -> Option<Cow<'a, str>> {
        let start = self.pos;
        let key = if self.bytes[start] == b'"' {
            self.pos += 1;
            Cow::Owned(self.basic(false)?)
        } else {
            let len = self.bytes[start..]
                .iter()
                .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))?;
            if len == 0 {
                return None;
            }
            self.pos += len;
            Cow::Borrowed(&self.text[start..start + len])
        };
        if !self.bytes[self.pos..].starts_with(b" = ") {
            return None;
        }
        self.pos += 3;
        Some(key)
    }

    fn value(&mut self) -> Option<Value> {
        let rest = &self.bytes[self.pos..];
        if rest.starts_with(b"\"\"\"\n") {
            self.pos += 4;
            self.line += 1;
            self.basic(true).map(Value::String)
        } else if rest.starts_with(b"'''\n") {
            self.pos += 4;
            self.line += 1;
            self.literal(true).map(Value::String)
        } else if rest.starts_with(b"\"") {
            self.pos += 1;
            self.basic(false).map(Value::String)
        } else if rest.starts_with(b"'") {
            self.pos += 1;
            self.literal(false).map(Value::String)
        } else if rest.first().is_some_and(u8::is_ascii_digit) {
            let len = rest.iter().take_while(|b| b.is_ascii_digit()).count();
            // Only plain decimal integers; anything else (floats, dates,
            // leading zeros) goes through the one-line TOML parse below.
            let plain = !matches!(
                rest.get(len),
                Some(b'.' | b'-' | b':' | b'e' | b'E' | b'_' | b'x' | b'o' | b'b' | b'T' | b' ')
            ) && (len == 1 || rest[0] != b'0');
            if plain {
                let n = self.text[self.pos..self.pos + len].parse().ok()?;
                self.pos += len;
                return Some(Value::Integer(n));
            }
            self.inline_value().map(Value::Other)
        } else {
            self.inline_value().map(Value::Other)
        }
    }

    /// Any other value, on one line: read here when it is written as the
    /// canonical writer writes lists and inline tables (confirmations,
    /// joins, suppressions, on nearly every paragraph), else parsed by the
    /// TOML parser on its own.
    fn inline_value(&mut self) -> Option<toml::Value> {
        let start = self.pos;
        let end = self.line_end();
        if let Some(value) = self.canonical_inline().filter(|_| self.pos == end) {
            return Some(value);
        }
        self.pos = start;
        let source = format!("v = {}", &self.text[self.pos..end]);
        let mut table: toml::Table = toml::from_str(&source).ok()?;
        self.pos = end;
        table.remove("v")
    }

    /// A value as the canonical writer writes it inline: a string, a plain
    /// integer, `[a, b]`, `{ key = value, … }` with bare keys, or `{}`;
    /// `None` for anything else.
    fn canonical_inline(&mut self) -> Option<toml::Value> {
        match *self.bytes.get(self.pos)? {
            b'"' => {
                self.pos += 1;
                self.basic(false).map(toml::Value::String)
            }
            b'\'' => {
                self.pos += 1;
                self.literal(false).map(toml::Value::String)
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                if self.bytes.get(self.pos) == Some(&b']') {
                    self.pos += 1;
                    return Some(toml::Value::Array(items));
                }
                loop {
                    items.push(self.canonical_inline()?);
                    match self.bytes.get(self.pos..self.pos + 2)? {
                        b", " => self.pos += 2,
                        [b']', ..] => {
                            self.pos += 1;
                            return Some(toml::Value::Array(items));
                        }
                        _ => return None,
                    }
                }
            }
            b'{' => {
                self.pos += 1;
                let mut table = toml::Table::new();
                if self.bytes.get(self.pos) == Some(&b'}') {
                    self.pos += 1;
                    return Some(toml::Value::Table(table));
                }
                if self.bytes.get(self.pos) != Some(&b' ') {
                    return None;
                }
                self.pos += 1;
                loop {
                    let len = self.bytes[self.pos..]
                        .iter()
                        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
                        .count();
                    if len == 0 || !self.bytes[self.pos + len..].starts_with(b" = ") {
                        return None;
                    }
                    let key = self.text[self.pos..self.pos + len].to_owned();
                    self.pos += len + 3;
                    let value = self.canonical_inline()?;
                    if table.insert(key, value).is_some() {
                        return None;
                    }
                    match self.bytes.get(self.pos..self.pos + 2)? {
                        b", " => self.pos += 2,
                        b" }" => {
                            self.pos += 2;
                            return Some(toml::Value::Table(table));
                        }
                        _ => return None,
                    }
                }
            }
            b'0'..=b'9' | b'-' => {
                let negative = self.bytes[self.pos] == b'-';
                let digits_at = self.pos + usize::from(negative);
                let len = self.bytes[digits_at..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                let after = self.bytes.get(digits_at + len);
                // Only plain decimal integers: floats, dates, leading zeros
                // and the like are the full parser's.
                let plain = len > 0
                    && (len == 1 || self.bytes[digits_at] != b'0')
                    && matches!(after, None | Some(b',' | b']' | b' ' | b'}' | b'\n'));
                if !plain {
                    return None;
                }
                let n: i64 = self.text[self.pos..digits_at + len].parse().ok()?;
                self.pos = digits_at + len;
                Some(toml::Value::Integer(n))
            }
            _ => None,
        }
    }

    /// Moves `pos` to the next byte that can end a run of plain string
    /// text: a quote, an apostrophe, a backslash, a line break or another
    /// control byte.
    fn skip_plain(&mut self) {
        self.pos += find_byte(&self.bytes[self.pos..], is_string_special)
            .unwrap_or(self.bytes.len() - self.pos);
    }

    /// A basic string: `"…"` on one line, or with `multiline` a `"""`
    /// block whose opening line break is already consumed.
    fn basic(&mut self, multiline: bool) -> Option<String> {
        let mut out = String::new();
        let mut run = self.pos;
        loop {
            self.skip_plain();
            let &b = self.bytes.get(self.pos)?;
            match b {
                b'"' if !multiline || self.bytes[self.pos..].starts_with(b"\"\"\"") => {
                    // Quotes right before a block's delimiter are ambiguous
                    // to the eye; the writer escapes them, so leave any to
                    // the full parser.
                    if multiline && self.bytes.get(self.pos + 3) == Some(&b'"') {
                        return None;
                    }
                    out.push_str(&self.text[run..self.pos]);
                    self.pos += if multiline { 3 } else { 1 };
                    return Some(out);
                }
                b'\\' => {
                    out.push_str(&self.text[run..self.pos]);
                    self.escape(&mut out)?;
                    run = self.pos;
                }
                b'\n' if multiline => {
                    self.line += 1;
                    self.pos += 1;
                }
                b if is_control(b) => return None,
                _ => self.pos += 1,
            }
        }
    }

    /// A literal string: `'…'` on one line, or with `multiline` a `'''`
    /// block whose opening line break is already consumed.
    fn literal(&mut self, multiline: bool) -> Option<String> {
        let start = self.pos;
        loop {
            self.skip_plain();
            let &b = self.bytes.get(self.pos)?;
            match b {
                b'\'' if !multiline || self.bytes[self.pos..].starts_with(b"'''") => {
                    if multiline && self.bytes.get(self.pos + 3) == Some(&b'\'') {
                        return None;
                    }
                    let text = self.text[start..self.pos].to_owned();
                    self.pos += if multiline { 3 } else { 1 };
                    return Some(text);
                }
                b'\n' if multiline => {
                    self.line += 1;
                    self.pos += 1;
                }
                b if is_control(b) => return None,
                _ => self.pos += 1,
            }
        }
    }

    /// An escape of TOML 1.0 at `pos` (which holds the backslash).
    fn escape(&mut self, out: &mut String) -> Option<()> {
        let &kind = self.bytes.get(self.pos + 1)?;
        self.pos += 2;
        let c = match kind {
            b'"' => '"',
            b'\\' => '\\',
            b'n' => '\n',
            b't' => '\t',
            b'r' => '\r',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'u' | b'U' => {
                let len = if kind == b'u' { 4 } else { 8 };
                let digits = self.text.get(self.pos..self.pos + len)?;
                if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return None;
                }
                self.pos += len;
                char::from_u32(u32::from_str_radix(digits, 16).ok()?)?
            }
            _ => return None,
        };
        out.push(c);
        Some(())
    }
}
