//! The canonical writer: a document as the one file that holds it.
//!
//! Fixed key order (the order of the declaration in the module above), one
//! `key = value` per line with single spaces around `=`, every string
//! normalised and written in the most readable TOML form that holds it
//! exactly. A paragraph field's value is written by the codec its
//! declaration names:
//!
//! - [`Value`]: any serde value, inline — strings (in `"""` blocks when
//!   they have line breaks), lists, inline tables in their fields' order;
//! - [`Text`]: a source or target text, which is missing when it
//!   normalises to nothing;
//! - [`Confidence`]: a number written with three decimals, so that the
//!   same pairing gives the same bytes;
//! - [`Joins`]: join offsets, carried through the normalisation of the
//!   text they point into.
//!
//! Every codec also gives the value as a diff shows it ([`Codec::show`]).

use std::fmt::{self, Write as _};

use serde::ser::{self, Serialize};

use super::{
    char_to_byte, text_hash, Confirmation, Document, Join, Paragraph, FORMAT_VERSION, KNOWN_KEYS,
    SCHEMA_LINE,
};
use crate::normalize::{is_normalized, normalize_text};
use crate::scan::find_byte;

/// How a paragraph field's value is written and shown.
pub trait Codec<T> {
    /// Writes `key = value` and a line break; `paragraph` is the record the
    /// value belongs to.
    fn write(out: &mut String, key: &str, value: &T, paragraph: &Paragraph);
    /// The value as a diff shows it: one or more `(key, shown value)`;
    /// `paragraph` is the record the value belongs to.
    fn show(key: &str, value: &T, paragraph: &Paragraph, out: &mut Vec<(String, String)>);
}

/// Any serde value, written inline.
pub enum Value {}
/// A source or target text.
pub enum Text {}
/// An alignment confidence.
pub enum Confidence {}
/// Join records, their offsets following normalisation.
pub enum Joins {}
/// A confirmation, written as [`Value`] does and shown as what it says
/// of the texts beside it — `confirmed`, or for which earlier texts — not
/// as two hashes.
pub enum Confirmed {}
/// A list written as [`Value`] does, shown item by item as `key[1]`,
/// `key[2]`… (plural forms).
pub enum Each {}
/// A table written as [`Value`] does, shown key by key as `key.sub`.
pub enum Table {}

impl<T: Serialize> Codec<T> for Value {
    fn write(out: &mut String, key: &str, value: &T, _: &Paragraph) {
        write_key(out, key);
        out.push_str(" = ");
        write_serialized(out, value, true, false);
        out.push('\n');
    }

    fn show(key: &str, value: &T, _: &Paragraph, out: &mut Vec<(String, String)>) {
        let mut shown = String::new();
        write_serialized(&mut shown, value, true, true);
        out.push((key.to_owned(), shown));
    }
}

impl Codec<Option<Confirmation>> for Confirmed {
    fn write(out: &mut String, key: &str, value: &Option<Confirmation>, paragraph: &Paragraph) {
        <Value as Codec<Option<Confirmation>>>::write(out, key, value, paragraph);
    }

    fn show(
        key: &str,
        value: &Option<Confirmation>,
        paragraph: &Paragraph,
        out: &mut Vec<(String, String)>,
    ) {
        let Some(confirmed) = value else {
            return;
        };
        let matches = |text: Option<&str>, hash: &str| text_hash(text.unwrap_or("")) == hash;
        let source = matches(paragraph.source.as_deref(), &confirmed.source);
        let target = matches(paragraph.target.as_deref(), &confirmed.target);
        let shown = match (source, target) {
            (true, true) => "confirmed",
            (false, true) => "confirmed for an earlier original (stale)",
            (true, false) => "confirmed for an earlier translation",
            (false, false) => "confirmed for earlier texts",
        };
        out.push((key.to_owned(), shown.to_owned()));
    }
}

impl<T: Serialize> Codec<Vec<T>> for Each {
    fn write(out: &mut String, key: &str, value: &Vec<T>, paragraph: &Paragraph) {
        <Value as Codec<Vec<T>>>::write(out, key, value, paragraph);
    }

    fn show(key: &str, value: &Vec<T>, paragraph: &Paragraph, out: &mut Vec<(String, String)>) {
        for (k, item) in value.iter().enumerate() {
            <Value as Codec<T>>::show(&format!("{key}[{}]", k + 1), item, paragraph, out);
        }
    }
}

impl<T: Serialize> Codec<Option<T>> for Table {
    fn write(out: &mut String, key: &str, value: &Option<T>, paragraph: &Paragraph) {
        <Value as Codec<Option<T>>>::write(out, key, value, paragraph);
    }

    fn show(key: &str, value: &Option<T>, _: &Paragraph, out: &mut Vec<(String, String)>) {
        for (sub, shown) in table_values(value) {
            out.push((format!("{key}.{sub}"), shown));
        }
    }
}

impl Codec<Option<String>> for Text {
    fn write(out: &mut String, key: &str, value: &Option<String>, _: &Paragraph) {
        // A text that normalises to nothing is a missing side.
        let text = value.as_deref().map(normalize_text);
        if let Some(text) = text.filter(|t| !t.is_empty()) {
            out.push_str(key);
            out.push_str(" = ");
            write_string(out, &text, true);
            out.push('\n');
        }
    }

    fn show(key: &str, value: &Option<String>, _: &Paragraph, out: &mut Vec<(String, String)>) {
        if let Some(text) = value {
            out.push((key.to_owned(), text.clone()));
        }
    }
}

impl Codec<Option<f64>> for Confidence {
    fn write(out: &mut String, key: &str, value: &Option<f64>, _: &Paragraph) {
        let Some(confidence) = value else {
            return;
        };
        // Three decimals: enough to rank pairs, and stable bytes. A value
        // that is not a number stays TOML (`nan`) for the check to report.
        if confidence.is_nan() {
            let _ = writeln!(out, "{key} = nan");
        } else {
            let _ = writeln!(out, "{key} = {confidence:.3}");
        }
    }

    fn show(key: &str, value: &Option<f64>, _: &Paragraph, out: &mut Vec<(String, String)>) {
        if let Some(c) = value {
            out.push((key.to_owned(), format!("{c:.3}")));
        }
    }
}

impl Codec<Vec<Join>> for Joins {
    fn write(out: &mut String, key: &str, joins: &Vec<Join>, paragraph: &Paragraph) {
        let moved = joins.iter().any(|join| {
            paragraph
                .text(join.side)
                .is_some_and(|text| !is_normalized(text))
        });
        if !moved {
            return <Value as Codec<Vec<Join>>>::write(out, key, joins, paragraph);
        }
        let joins: Vec<Join> = joins
            .iter()
            .map(|join| Join {
                at: paragraph
                    .text(join.side)
                    .map_or(join.at, |text| normalized_offset(text, join.at)),
                ..join.clone()
            })
            .collect();
        <Value as Codec<Vec<Join>>>::write(out, key, &joins, paragraph)
    }

    fn show(key: &str, joins: &Vec<Join>, paragraph: &Paragraph, out: &mut Vec<(String, String)>) {
        <Value as Codec<Vec<Join>>>::show(key, joins, paragraph, out);
    }
}

impl Document {
    /// The document as its canonical file. Texts are normalised on the way
    /// out; offsets of joins are carried through the normalisation.
    pub fn to_canonical_string(&self) -> String {
        let text_len = self.text_len();
        let mut out = String::with_capacity(text_len + 64 * self.paragraphs.len() + 1024);
        out.push_str(SCHEMA_LINE);
        out.push('\n');
        let _ = writeln!(out, "format = {FORMAT_VERSION}");
        write_key_str(&mut out, "id", self.id.as_str());
        for (key, value) in self.metadata() {
            if let Some(value) = value {
                write_key_str(&mut out, key, value);
            }
        }
        for (key, value) in &self.extra {
            // A caller may have put a known key into `extra`; writing it
            // would make a file that does not parse, so it is left out.
            if KNOWN_KEYS.contains(&key.as_str()) {
                continue;
            }
            write_key(&mut out, key);
            out.push_str(" = ");
            write_value(&mut out, value, true);
            out.push('\n');
        }
        if !self.conflicts.is_empty() {
            out.push_str("conflict = ");
            write_serialized(&mut out, &self.conflicts, true, false);
            out.push('\n');
        }
        if let Some(citation) = &self.citation {
            out.push_str("\n[citation]\n");
            let result = citation.serialize(Canonical {
                out: &mut out,
                multiline: true,
                show: false,
                table: true,
            });
            debug_assert!(result.is_ok(), "a citation is a table of strings");
        }
        for paragraph in &self.paragraphs {
            out.push_str("\n[[paragraph]]\n");
            write_key_str(&mut out, "id", paragraph.id.as_str());
            paragraph.write_fields(&mut out);
        }
        out
    }
}

/// The keys of a table-shaped value and each value as a diff shows it;
/// absent keys left out.
pub(crate) fn table_values<T: Serialize>(value: &T) -> Vec<(String, String)> {
    match toml::Value::try_from(value) {
        Ok(toml::Value::Table(table)) => table
            .into_iter()
            .map(|(key, value)| {
                let shown = match value {
                    toml::Value::String(s) => s,
                    other => inline_value(&other),
                };
                (key, shown)
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Where a join offset lands once its text is normalised.
fn normalized_offset(text: &str, at: usize) -> usize {
    if is_normalized(text) {
        return at;
    }
    let Some(byte) = char_to_byte(text, at) else {
        return at;
    };
    // A sentinel letter keeps the prefix's last line from losing its
    // trailing spaces (they are not at a line end in the whole text), and
    // nothing composes with a following base letter.
    let mut prefix = String::with_capacity(byte + 1);
    prefix.push_str(&text[..byte]);
    prefix.push('x');
    normalize_text(&prefix).chars().count() - 1
}

fn write_key_str(out: &mut String, key: &str, value: &str) {
    write_key(out, key);
    out.push_str(" = ");
    write_string(out, &normalize_text(value), true);
    out.push('\n');
}

fn write_key(out: &mut String, key: &str) {
    let bare = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if bare {
        out.push_str(key);
    } else {
        write_basic(out, key, false);
    }
}

/// Characters TOML does not allow raw in any string (tab is allowed).
fn is_toml_control(c: char) -> bool {
    (c.is_ascii_control() && c != '\t') || c == '\u{7f}'
}

/// Bytes that end a run of plain string text: quotes, backslash, control
/// characters (line break and tab among them). Branch-free, so that
/// [`find_byte`] vectorises it.
pub(crate) fn is_string_special(b: u8) -> bool {
    (b < 0x20) | (b == b'"') | (b == b'\'') | (b == b'\\') | (b == 0x7f)
}

/// What a text holds that decides how it is written. One pass over the
/// bytes: every character that matters is ASCII, and no byte of a longer
/// UTF-8 character is.
#[derive(Default)]
struct Contents {
    newline: bool,
    quote_or_backslash: bool,
    apostrophe: bool,
    control: bool,
}

fn scan(text: &str) -> Contents {
    let mut found = Contents::default();
    let bytes = text.as_bytes();
    let mut pos = 0;
    let special = is_string_special;
    while let Some(i) = find_byte(&bytes[pos..], special) {
        match bytes[pos + i] {
            b'\n' => found.newline = true,
            b'"' | b'\\' => found.quote_or_backslash = true,
            b'\'' => found.apostrophe = true,
            b'\t' => {}
            _ => found.control = true,
        }
        pos += i + 1;
    }
    found
}

/// Writes `text` as the most readable TOML string that holds it exactly:
/// a plain `"…"` when nothing needs escaping, `'…'` when only quotes or
/// backslashes would, and `"""` / `'''` blocks for text with line breaks
/// (when `multiline` is allowed), so translators see text, not escapes.
///
/// A text with a line that reads `[[paragraph]]` is never written as a
/// block, where that line would look like a table: readers that cut files
/// at paragraph tables ([`super::blocks`]) rely on it.
fn write_string(out: &mut String, text: &str, multiline: bool) {
    let found = scan(text);
    let table_line = || text.split('\n').any(|line| line == "[[paragraph]]");
    if found.newline && multiline && !found.control && !table_line() {
        if !found.quote_or_backslash {
            out.push_str("\"\"\"\n");
            out.push_str(text);
            out.push_str("\"\"\"");
            return;
        }
        if !text.contains("'''") && !text.ends_with('\'') {
            out.push_str("'''\n");
            out.push_str(text);
            out.push_str("'''");
            return;
        }
    }
    if !found.newline && !found.control {
        if !found.quote_or_backslash {
            out.push('"');
            out.push_str(text);
            out.push('"');
            return;
        }
        if !found.apostrophe {
            out.push('\'');
            out.push_str(text);
            out.push('\'');
            return;
        }
    }
    write_basic(out, text, found.newline && multiline);
}

/// Writes a basic string with every necessary escape; with `multiline`,
/// line breaks stay raw inside a `"""` block.
fn write_basic(out: &mut String, text: &str, multiline: bool) {
    let quotes = if multiline { "\"\"\"\n" } else { "\"" };
    out.push_str(quotes);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            // In a block, a quote is escaped only where it could run into
            // another quote or the closing delimiter.
            '"' if multiline && !matches!(chars.peek(), Some('"') | None) => out.push('"'),
            '"' => out.push_str("\\\""),
            '\n' if multiline => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if is_toml_control(c) => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push_str(if multiline { "\"\"\"" } else { "\"" });
}

/// A TOML value as the canonical file writes it inline.
pub(crate) fn inline_value(value: &toml::Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value, false);
    out
}

/// Writes a TOML value inline; strings are normalised like all text.
fn write_value(out: &mut String, value: &toml::Value, top: bool) {
    match value {
        toml::Value::String(s) => write_string(out, &normalize_text(s), top),
        toml::Value::Integer(i) => {
            let _ = write!(out, "{i}");
        }
        toml::Value::Float(f) => write_float(out, *f),
        toml::Value::Boolean(b) => out.push_str(if *b { "true" } else { "false" }),
        toml::Value::Datetime(d) => {
            let _ = write!(out, "{d}");
        }
        toml::Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(out, item, false);
            }
            out.push(']');
        }
        toml::Value::Table(table) => write_inline_table(out, table),
    }
}

fn write_inline_table(out: &mut String, table: &toml::Table) {
    if table.is_empty() {
        out.push_str("{}");
        return;
    }
    out.push_str("{ ");
    for (i, (key, item)) in table.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_key(out, key);
        out.push_str(" = ");
        write_value(out, item, false);
    }
    out.push_str(" }");
}

/// A float as TOML writes it: `nan`, `inf`, or a decimal that always keeps
/// its point or exponent.
fn write_float(out: &mut String, f: f64) {
    if f.is_nan() {
        out.push_str("nan");
    } else if f.is_infinite() {
        out.push_str(if f > 0.0 { "inf" } else { "-inf" });
    } else {
        let _ = write!(out, "{f:?}");
    }
}

/// Writes a serde value the way [`write_value`] writes a TOML one, fields
/// of a struct in their declared order. With `show`, strings are written
/// as they read, unquoted at the top and with their line breaks, for a
/// diff to show.
fn write_serialized<T: Serialize + ?Sized>(out: &mut String, value: &T, top: bool, show: bool) {
    let result = value.serialize(Canonical {
        out,
        multiline: top,
        show,
        table: false,
    });
    // The record's own types are all strings, numbers, lists and tables.
    debug_assert!(result.is_ok(), "a record value TOML cannot hold inline");
}

/// A value serde cannot write inline as TOML (none of the record's).
#[derive(Debug)]
pub struct Unsupported(String);

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TOML cannot hold {} inline", self.0)
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Unsupported(message.to_string())
    }
}

/// The serde serializer behind [`Codec`]s: canonical inline TOML.
struct Canonical<'a> {
    out: &'a mut String,
    /// A string here may be a `"""` block (a value at the top of a line).
    multiline: bool,
    /// Strings as they read, for a diff (see [`write_serialized`]).
    show: bool,
    /// A struct here is a whole table: `key = value` lines.
    table: bool,
}

impl Canonical<'_> {
    fn nested(&mut self) -> Canonical<'_> {
        Canonical {
            out: self.out,
            multiline: false,
            show: self.show,
            table: false,
        }
    }

    fn unsupported<T>(what: &str) -> Result<T, Unsupported> {
        Err(Unsupported(what.to_owned()))
    }
}

/// A list or inline table being written: its items so far.
struct Compound<'a> {
    inner: Canonical<'a>,
    count: usize,
}

impl<'a> ser::Serializer for Canonical<'a> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Self::SerializeTuple;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = ser::Impossible<(), Unsupported>;
    type SerializeTupleVariant = ser::Impossible<(), Unsupported>;
    type SerializeMap = ser::Impossible<(), Unsupported>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = ser::Impossible<(), Unsupported>;

    fn serialize_bool(self, v: bool) -> Result<(), Unsupported> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Unsupported> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<(), Unsupported> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<(), Unsupported> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<(), Unsupported> {
        let _ = write!(self.out, "{v}");
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Unsupported> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), Unsupported> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<(), Unsupported> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<(), Unsupported> {
        if i64::try_from(v).is_err() {
            return Canonical::unsupported("an integer over 2^63");
        }
        let _ = write!(self.out, "{v}");
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Unsupported> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Unsupported> {
        write_float(self.out, v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), Unsupported> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), Unsupported> {
        let text = normalize_text(v);
        if self.show && self.multiline {
            self.out.push_str(&text);
        } else if self.show {
            self.out.push('"');
            self.out.push_str(&text);
            self.out.push('"');
        } else {
            write_string(self.out, &text, self.multiline);
        }
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Unsupported> {
        Canonical::unsupported("bytes")
    }
    fn serialize_none(self) -> Result<(), Unsupported> {
        Canonical::unsupported("a missing value")
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Unsupported> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Unsupported> {
        Canonical::unsupported("a unit")
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Unsupported> {
        Canonical::unsupported("a unit")
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Unsupported> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Unsupported> {
        Canonical::unsupported("an enum with data")
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, Unsupported> {
        self.serialize_tuple(0)
    }
    fn serialize_tuple(self, _: usize) -> Result<Compound<'a>, Unsupported> {
        self.out.push('[');
        Ok(Compound {
            inner: self,
            count: 0,
        })
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Unsupported> {
        Canonical::unsupported("a tuple struct")
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        Canonical::unsupported("an enum with data")
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Unsupported> {
        Canonical::unsupported("a map")
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, Unsupported> {
        if !self.table {
            self.out.push('{');
        }
        Ok(Compound {
            inner: self,
            count: 0,
        })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        Canonical::unsupported("an enum with data")
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        if self.count > 0 {
            self.inner.out.push_str(", ");
        }
        self.count += 1;
        value.serialize(self.inner.nested())
    }

    fn end(self) -> Result<(), Unsupported> {
        self.inner.out.push(']');
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<(), Unsupported> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        let out = &mut *self.inner.out;
        if self.inner.table {
            write_key(out, key);
            out.push_str(" = ");
            value.serialize(Canonical {
                out: &mut *out,
                multiline: true,
                show: self.inner.show,
                table: false,
            })?;
            out.push('\n');
        } else {
            out.push_str(if self.count == 0 { " " } else { ", " });
            write_key(out, key);
            out.push_str(" = ");
            value.serialize(self.inner.nested())?;
        }
        self.count += 1;
        Ok(())
    }

    fn end(self) -> Result<(), Unsupported> {
        if !self.inner.table {
            self.inner
                .out
                .push_str(if self.count == 0 { "}" } else { " }" });
        }
        Ok(())
    }
}

/// The comments a person wrote in a file, found by the TOML lexer (so a
/// `#` inside a string is text), and the file's text without them.
pub(crate) struct Comments {
    /// The file without its comments: comment lines left out, a comment
    /// after a value cut from its line.
    plain: String,
    /// Each comment as a line of its own, with the index of the line of
    /// `plain` it stood before (a comment after a value stands before its
    /// own line).
    placed: Vec<(usize, String)>,
}

/// For each of the `count` lines of `text`, whether it starts inside a
/// token, which only a multi-line string can span.
fn lines_inside_strings(text: &str, count: usize) -> Vec<bool> {
    let mut inside = vec![false; count];
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(at, _)| at + 1))
        .take(count)
        .collect();
    for token in toml_parser::Source::new(text).lex() {
        let (start, end) = (token.span().start(), token.span().end());
        if !text[start..end].contains('\n') {
            continue;
        }
        let first = starts.partition_point(|&at| at <= start);
        let last = starts.partition_point(|&at| at < end);
        for flag in &mut inside[first..last] {
            *flag = true;
        }
    }
    inside
}

/// Finds the comments of a file. The schema line is the writer's own: it
/// stays in the plain text, and a schema line written otherwise is left
/// out, to be written anew.
pub(crate) fn split_comments(text: &str) -> Comments {
    let mut spans = toml_parser::Source::new(text)
        .lex()
        .filter(|token| token.kind() == toml_parser::lexer::TokenKind::Comment)
        .map(|token| (token.span().start(), token.span().end()))
        .peekable();
    if spans.peek().is_none() {
        return Comments {
            plain: text.to_owned(),
            placed: Vec::new(),
        };
    }
    let mut plain = String::with_capacity(text.len());
    let mut placed = Vec::new();
    let mut lines = 0;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let offset = line_start;
        line_start += line.len();
        let Some((start, end)) = spans.next_if(|(start, _)| *start < line_start) else {
            plain.push_str(line);
            lines += 1;
            continue;
        };
        let comment = text[start..end].trim_end_matches('\r');
        let before = &line[..start - offset];
        if lines == 0 && plain.is_empty() && comment == SCHEMA_LINE && before.is_empty() {
            plain.push_str(line);
            lines += 1;
            continue;
        }
        let whole_line = before.trim().is_empty();
        if !comment.starts_with("#:schema") {
            // A comment line keeps its indentation.
            let indent = if whole_line { before } else { "" };
            placed.push((lines, format!("{indent}{comment}\n")));
        }
        if !whole_line {
            plain.push_str(before.trim_end());
            plain.push('\n');
            lines += 1;
        }
    }
    Comments { plain, placed }
}

impl Comments {
    /// The file without its comments.
    pub(crate) fn plain(&self) -> &str {
        &self.plain
    }

    /// Leaves out the comments `other` holds too (as many times as it
    /// holds them): what is left is what only this file says.
    pub(crate) fn without(mut self, other: &Comments) -> Comments {
        for (_, comment) in &other.placed {
            if let Some(k) = self.placed.iter().position(|(_, c)| c == comment) {
                self.placed.remove(k);
            }
        }
        self
    }

    /// `text`, a rewrite of the file, with the comments put back: each
    /// before the line it stood before, followed through the rewrite by a
    /// line diff (patience, which anchors on the lines that occur once,
    /// such as paragraph ids); where that line is gone, before the line
    /// that took its place or the next that survived; at the end when
    /// nothing follows. Never lost.
    pub(crate) fn put_back(&self, text: &str) -> String {
        if self.placed.is_empty() {
            return text.to_owned();
        }
        let old: Vec<&str> = self.plain.split_inclusive('\n').collect();
        let new: Vec<&str> = text.split_inclusive('\n').collect();
        let ops = similar::capture_diff_slices(similar::Algorithm::Patience, &old, &new);
        let follow = |line: usize| -> usize {
            ops.iter()
                .find_map(|op| {
                    let (tag, old, new) = op.as_tag_tuple();
                    match tag {
                        _ if !old.contains(&line) => None,
                        similar::DiffTag::Equal => Some(new.start + line - old.start),
                        _ => Some(new.start),
                    }
                })
                .unwrap_or(new.len())
        };
        // A line inside a multi-line string is text: a comment put there
        // would become part of it, so it goes before the next line that
        // stands on its own.
        let inside = lines_inside_strings(text, new.len());
        let mut out = String::with_capacity(text.len() + 256);
        let mut comments = self
            .placed
            .iter()
            .map(|(line, c)| (follow(*line), c))
            .peekable();
        for (k, line) in new.iter().enumerate() {
            while let Some((_, comment)) = comments.next_if(|(at, _)| *at <= k && !inside[k]) {
                out.push_str(comment);
            }
            out.push_str(line);
        }
        for (_, comment) in comments {
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(comment);
        }
        out
    }
}
