//! Documents and their canonical TOML file.
//!
//! A [`Document`] is one translated work: catalogue metadata and an ordered
//! list of [`Paragraph`]s, each an aligned row with a stable id, a source
//! (original-language) text and a target (translation) text. Either side may
//! be missing: the original may not be transcribed yet, or a paragraph not
//! translated so far.
//!
//! The file `translations/<id>.toml` is written canonically by
//! [`Document::to_canonical_string`]: fixed key order, one `[[paragraph]]`
//! table after another, every text passed through
//! [`normalize_text`], a trailing newline.
//! The same document always gives the same bytes, and reading a canonical
//! file and writing it back gives the bytes that were read. Metadata keys
//! this version does not know are kept in [`Document::extra`] and written
//! back, so a file edited by a newer tool or by hand loses nothing.
//!
//! Reading ([`parse_document`]) does not normalise: a file that is not NFC
//! loads as it is, so that the checks can report it.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

use schemars::JsonSchema;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::normalize::{find_byte, is_normalized, normalize_text};

mod fast;

/// The version of the file format this library reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// The first line of every document file: it points TOML-aware editors at
/// the JSON Schema, relative to the `translations/` folder.
pub const SCHEMA_LINE: &str = "#:schema ../schemas/document.schema.json";

/// Longest document id, in bytes.
pub const MAX_ID_LEN: usize = 128;

/// A document id: also the file name, so it can never be a path.
///
/// ASCII letters, digits, `-`, `_` and `.`; not starting with a dot; 1 to
/// [`MAX_ID_LEN`] bytes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(transparent)]
#[schemars(extend("pattern" = r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$"))]
pub struct DocumentId(String);

impl DocumentId {
    /// Validates `id`.
    pub fn new(id: &str) -> Result<Self, InvalidId> {
        let reason = if id.is_empty() {
            "it is empty"
        } else if id.len() > MAX_ID_LEN {
            "it is longer than 128 bytes"
        } else if id.contains(['/', '\\']) {
            "it contains a path separator"
        } else if id.starts_with('.') {
            "it starts with a dot"
        } else if !id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        {
            "only ASCII letters, digits, '-', '_' and '.' are allowed"
        } else {
            return Ok(DocumentId(id.to_owned()));
        };
        Err(InvalidId {
            id: id.to_owned(),
            reason,
        })
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The document's file name, `<id>.toml`.
    pub fn file_name(&self) -> String {
        format!("{}.toml", self.0)
    }
}

impl fmt::Display for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A document id that was refused, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid document id {id:?}: {reason}")]
pub struct InvalidId {
    /// The id as given.
    pub id: String,
    /// Why it was refused.
    pub reason: &'static str,
}

/// A paragraph id, stable across revisions: inserting a paragraph never
/// renames the others.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(transparent)]
pub struct ParagraphId(pub String);

impl ParagraphId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ParagraphId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for ParagraphId {
    fn from(id: &str) -> Self {
        ParagraphId(id.to_owned())
    }
}

/// One translated work: metadata and aligned paragraphs.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Document {
    /// The document id, equal to the file name without `.toml`.
    pub id: DocumentId,
    /// The title, in the target language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// ISO 8601 date, possibly partial: `1951`, `1951-06` or `1951-06-05`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"))]
    pub date: Option<String>,
    /// BCP 47 tag of the original language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_language: Option<String>,
    /// BCP 47 tag of the translation's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_language: Option<String>,
    /// A short description of the content.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Where the document comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<Citation>,
    /// Metadata keys this version does not know, kept as they were.
    #[serde(flatten, serialize_with = "serialize_extra")]
    #[schemars(with = "BTreeMap<String, serde_json::Value>")]
    pub extra: BTreeMap<String, toml::Value>,
    /// The aligned paragraphs, in reading order.
    #[serde(rename = "paragraph", default)]
    pub paragraphs: Vec<Paragraph>,
}

/// Where a document comes from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// The full citation as the archive gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The holding archive, e.g. `APRF`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive: Option<String>,
    /// The archive reference, e.g. `Fond 45, Opis 1, Delo 339, Listy 17-18`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Where the document is published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// One aligned row of a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Paragraph {
    /// Stable id, unique within the document.
    pub id: ParagraphId,
    /// The original-language text, if transcribed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The translation, if made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Places where two input paragraphs were joined into this one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub joins: Vec<Join>,
    /// What the translation was made from: hashes of the source and target
    /// texts when the pair was last confirmed. The translation is stale
    /// when the source has changed since and the target has not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed: Option<Confirmation>,
    /// How sure the aligner was that source and target belong together,
    /// 0 to 1, when the pairing was made by alignment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub confidence: Option<f64>,
    /// What the text is, where the same text needs telling apart (a
    /// gettext `msgctxt`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    /// The source's plural form (a gettext `msgid_plural`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_plural: Option<String>,
    /// The translation's further plural forms, after `target` (gettext
    /// `msgstr[1]`, `msgstr[2]`…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub target_plural: Vec<String>,
    /// Flags: `fuzzy` (the translation needs review), `python-format`…
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<String>,
    /// The translator's comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// A note for translators from the original's authors (gettext `#.`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where the text is used (gettext `#:`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<String>,
    /// The source as it was before it last changed, as a catalogue
    /// recorded it (gettext `#|`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<Previous>,
    /// Checks silenced for this paragraph, each with the reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppress: Vec<Suppression>,
}

/// A check silenced for one paragraph, visibly and for a reason.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Suppression {
    /// The check's code, e.g. `number-mismatch`.
    pub check: String,
    /// Why the finding is wrong here (required).
    #[serde(default)]
    pub reason: String,
    /// `YYYY-MM-DD` after which the suppression no longer applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
}

/// A source as it was before it changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Previous {
    /// The context it had.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    /// The source text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The source's plural form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_plural: Option<String>,
}

impl Paragraph {
    /// A paragraph with the given id and texts; empty texts count as missing.
    pub fn new(id: impl Into<String>, source: Option<String>, target: Option<String>) -> Self {
        Paragraph {
            id: ParagraphId(id.into()),
            source: source.filter(|s| !s.is_empty()),
            target: target.filter(|s| !s.is_empty()),
            joins: Vec::new(),
            confirmed: None,
            confidence: None,
            context: None,
            source_plural: None,
            target_plural: Vec::new(),
            flags: Vec::new(),
            comment: None,
            note: None,
            references: Vec::new(),
            previous: None,
            suppress: Vec::new(),
        }
    }

    /// Whether a flag is set, e.g. `fuzzy`.
    pub fn has_flag(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f == flag)
    }

    /// Whether the translation needs a translator's eye: it is marked
    /// fuzzy, or it is stale.
    pub fn needs_review(&self) -> bool {
        self.has_flag("fuzzy") || self.is_stale()
    }

    /// Records the current source and target as a confirmed pair.
    pub fn confirm(&mut self) {
        self.confirmed = Some(Confirmation {
            source: text_hash(self.source.as_deref().unwrap_or("")),
            target: text_hash(self.target.as_deref().unwrap_or("")),
        });
    }

    /// Whether the translation is stale: the source changed since the pair
    /// was confirmed, and the target did not.
    pub fn is_stale(&self) -> bool {
        match (&self.confirmed, &self.source, &self.target) {
            (Some(c), Some(source), Some(target)) => {
                text_hash(source) != c.source && text_hash(target) == c.target
            }
            _ => false,
        }
    }

    /// The text of one side.
    pub fn text(&self, side: Side) -> Option<&str> {
        match side {
            Side::Source => self.source.as_deref(),
            Side::Target => self.target.as_deref(),
        }
    }
}

/// Hashes of a confirmed source–target pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Confirmation {
    /// Hash of the source text, 8 hex digits.
    pub source: String,
    /// Hash of the target text, 8 hex digits.
    pub target: String,
}

/// A short, stable hash of a text (FNV-1a over its NFC UTF-8 bytes, 32
/// bits as 8 hex digits): enough to notice that a paragraph changed, in a
/// shallow clone, without history.
pub fn text_hash(text: &str) -> String {
    let text = normalize_text(text);
    let mut h: u32 = 0x811c_9dc5;
    for b in text.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("{h:08x}")
}

/// Language side of a paragraph: the original or the translation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The original-language text.
    Source,
    /// The translation.
    Target,
}

impl Side {
    /// `"source"` or `"target"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Source => "source",
            Side::Target => "target",
        }
    }
}

/// A record that two input paragraphs were joined into one, so an editor
/// can see the join and undo it.
///
/// The text of `side` was, before the join, two paragraphs: the first
/// `at` characters (ending in the joining space) and the rest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Join {
    /// Which text was joined.
    pub side: Side,
    /// Offset, in characters (Unicode scalar values), where the second
    /// paragraph begins.
    pub at: usize,
    /// Why the paragraphs were joined.
    pub reason: JoinReason,
}

/// Why two input paragraphs became one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum JoinReason {
    /// The first ended mid-sentence and the second began in lower case: a
    /// paragraph broken at a page end.
    PageBreak,
    /// The aligner paired them, together, with one paragraph of the other
    /// side (a split or a merge made in translation).
    Alignment,
}

impl JoinReason {
    /// `"page-break"` or `"alignment"`, as the record writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            JoinReason::PageBreak => "page-break",
            JoinReason::Alignment => "alignment",
        }
    }
}

impl Join {
    /// Splits `text` at this join into the two paragraphs it was made from;
    /// `None` if the offset lies outside the text.
    pub fn split<'a>(&self, text: &'a str) -> Option<(&'a str, &'a str)> {
        let byte = char_to_byte(text, self.at)?;
        Some((text[..byte].trim_end(), &text[byte..]))
    }
}

/// Byte offset of the `chars`-th character of `text` (`text.len()` at the
/// end), or `None` past the end.
fn char_to_byte(text: &str, chars: usize) -> Option<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .nth(chars)
}

/// Keys of the document table that are not free-form metadata: a key in
/// [`Document::extra`] must not be one of these.
pub const KNOWN_KEYS: [&str; 9] = [
    "format",
    "id",
    "title",
    "date",
    "source_language",
    "target_language",
    "summary",
    "citation",
    "paragraph",
];

impl Document {
    /// An empty document with the given id.
    pub fn new(id: DocumentId) -> Self {
        Document {
            id,
            title: None,
            date: None,
            source_language: None,
            target_language: None,
            summary: None,
            citation: None,
            extra: BTreeMap::new(),
            paragraphs: Vec::new(),
        }
    }

    /// The document as its canonical file. Texts are normalised on the way
    /// out; offsets of joins are carried through the normalisation.
    pub fn to_canonical_string(&self) -> String {
        let text_len = self.text_len();
        let mut out = String::with_capacity(text_len + 64 * self.paragraphs.len() + 1024);
        out.push_str(SCHEMA_LINE);
        out.push('\n');
        let _ = writeln!(out, "format = {FORMAT_VERSION}");
        write_key_str(&mut out, "id", self.id.as_str());
        let fields = [
            ("title", &self.title),
            ("date", &self.date),
            ("source_language", &self.source_language),
            ("target_language", &self.target_language),
            ("summary", &self.summary),
        ];
        for (key, value) in fields {
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
        if let Some(citation) = &self.citation {
            out.push_str("\n[citation]\n");
            let fields = [
                ("text", &citation.text),
                ("archive", &citation.archive),
                ("reference", &citation.reference),
                ("url", &citation.url),
            ];
            for (key, value) in fields {
                if let Some(value) = value {
                    write_key_str(&mut out, key, value);
                }
            }
        }
        for paragraph in &self.paragraphs {
            out.push_str("\n[[paragraph]]\n");
            write_key_str(&mut out, "id", paragraph.id.as_str());
            if let Some(context) = &paragraph.context {
                write_key_str(&mut out, "context", context);
            }
            for side in [Side::Source, Side::Target] {
                // A text that normalises to nothing is a missing side.
                let text = paragraph.text(side).map(normalize_text);
                if let Some(text) = text.filter(|t| !t.is_empty()) {
                    out.push_str(side.as_str());
                    out.push_str(" = ");
                    write_string(&mut out, &text, true);
                    out.push('\n');
                }
            }
            if let Some(plural) = &paragraph.source_plural {
                write_key_str(&mut out, "source_plural", plural);
            }
            write_key_list(&mut out, "target_plural", &paragraph.target_plural);
            write_key_list(&mut out, "flags", &paragraph.flags);
            if !paragraph.joins.is_empty() {
                out.push_str("joins = [");
                for (i, join) in paragraph.joins.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    let at = paragraph
                        .text(join.side)
                        .map_or(join.at, |text| normalized_offset(text, join.at));
                    let reason = join.reason.as_str();
                    let _ = write!(
                        out,
                        "{{ side = \"{}\", at = {at}, reason = \"{reason}\" }}",
                        join.side.as_str()
                    );
                }
                out.push_str("]\n");
            }
            if let Some(c) = &paragraph.confirmed {
                out.push_str("confirmed = { source = ");
                write_string(&mut out, &c.source, false);
                out.push_str(", target = ");
                write_string(&mut out, &c.target, false);
                out.push_str(" }\n");
            }
            if let Some(confidence) = paragraph.confidence {
                // Three decimals: enough to rank pairs, and stable bytes. A
                // value that is not a number stays TOML (`nan`) for the
                // check to report.
                if confidence.is_nan() {
                    out.push_str("confidence = nan\n");
                } else {
                    let _ = writeln!(out, "confidence = {confidence:.3}");
                }
            }
            if let Some(comment) = &paragraph.comment {
                write_key_str(&mut out, "comment", comment);
            }
            if let Some(note) = &paragraph.note {
                write_key_str(&mut out, "note", note);
            }
            write_key_list(&mut out, "references", &paragraph.references);
            if let Some(previous) = &paragraph.previous {
                out.push_str("previous = {");
                let fields = [
                    ("context", &previous.context),
                    ("source", &previous.source),
                    ("source_plural", &previous.source_plural),
                ];
                let mut first = true;
                for (key, value) in fields {
                    if let Some(value) = value {
                        out.push_str(if first { " " } else { ", " });
                        first = false;
                        out.push_str(key);
                        out.push_str(" = ");
                        write_string(&mut out, &normalize_text(value), false);
                    }
                }
                out.push_str(if first { "}\n" } else { " }\n" });
            }
            if !paragraph.suppress.is_empty() {
                out.push_str("suppress = [");
                for (i, s) in paragraph.suppress.iter().enumerate() {
                    out.push_str(if i > 0 { ", { check = " } else { "{ check = " });
                    write_string(&mut out, &normalize_text(&s.check), false);
                    out.push_str(", reason = ");
                    write_string(&mut out, &normalize_text(&s.reason), false);
                    if let Some(until) = &s.until {
                        out.push_str(", until = ");
                        write_string(&mut out, &normalize_text(until), false);
                    }
                    out.push_str(" }");
                }
                out.push_str("]\n");
            }
        }
        out
    }

    /// The paragraph with the given id.
    pub fn paragraph(&self, id: &str) -> Option<&Paragraph> {
        self.paragraphs.iter().find(|p| p.id.as_str() == id)
    }

    /// The length in bytes of all paragraph texts, both sides.
    pub fn text_len(&self) -> usize {
        self.paragraphs
            .iter()
            .map(|p| {
                p.source.as_deref().map_or(0, str::len) + p.target.as_deref().map_or(0, str::len)
            })
            .sum()
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

/// Writes `key = ["…", "…"]`, or nothing for an empty list.
fn write_key_list(out: &mut String, key: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    out.push_str(key);
    out.push_str(" = [");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_string(out, &normalize_text(item), false);
    }
    out.push_str("]\n");
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
/// at paragraph tables (the revision diff) rely on it.
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
        toml::Value::Float(f) => {
            if f.is_nan() {
                out.push_str("nan");
            } else if f.is_infinite() {
                out.push_str(if *f > 0.0 { "inf" } else { "-inf" });
            } else {
                // `{:?}` always keeps a decimal point or exponent.
                let _ = write!(out, "{f:?}");
            }
        }
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
        toml::Value::Table(table) => {
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
    }
}

/// Serialises free-form metadata for JSON, where TOML dates become strings.
fn serialize_extra<S: serde::Serializer>(
    extra: &BTreeMap<String, toml::Value>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = serializer.serialize_map(Some(extra.len()))?;
    for (key, value) in extra {
        if !KNOWN_KEYS.contains(&key.as_str()) {
            map.serialize_entry(key, &JsonValue(value))?;
        }
    }
    map.end()
}

struct JsonValue<'a>(&'a toml::Value);

impl Serialize for JsonValue<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self.0 {
            toml::Value::Datetime(d) => serializer.collect_str(d),
            toml::Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&JsonValue(item))?;
                }
                seq.end()
            }
            toml::Value::Table(table) => {
                let mut map = serializer.serialize_map(Some(table.len()))?;
                for (key, item) in table {
                    map.serialize_entry(key, &JsonValue(item))?;
                }
                map.end()
            }
            other => other.serialize(serializer),
        }
    }
}

/// The document as its file holds it: `format` first, then the document.
/// This is the shape of the JSON Schema and of `--format json` output.
#[derive(Serialize, JsonSchema)]
#[schemars(title = "bitext document")]
pub struct DocumentFile<'a> {
    /// File format version; this version of bitext reads and writes 1.
    #[schemars(range(min = 1, max = 1))]
    pub format: u32,
    /// The document.
    #[serde(flatten)]
    pub document: &'a Document,
}

impl<'a> DocumentFile<'a> {
    /// Wraps a document for serialisation.
    pub fn new(document: &'a Document) -> Self {
        DocumentFile {
            format: FORMAT_VERSION,
            document,
        }
    }
}

/// The JSON Schema of the document file, as shipped in
/// `schemas/document.schema.json` (pretty-printed, trailing newline).
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(DocumentFile<'static>);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// A parse failure, located in the file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// What is wrong.
    pub message: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column in characters, when known.
    pub column: Option<usize>,
    /// What kind of failure it is.
    pub kind: ParseErrorKind,
}

/// The kinds of [`ParseError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseErrorKind {
    /// Not TOML, or not the shape of a document.
    Syntax,
    /// A `format` this version does not read.
    UnsupportedFormat,
    /// The document id is not allowed.
    InvalidId,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Where things are in a parsed file, for messages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    /// 1-based line of each paragraph's `id`, in paragraph order.
    pub paragraph_lines: Vec<usize>,
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

/// Whether the fast reader takes this text (for tests and benchmarks).
#[doc(hidden)]
pub fn is_fast_readable(text: &str) -> bool {
    fast::parse(text).is_some()
}

/// [`parse_document`] without the fast reader: the reference it is
/// tested against.
#[doc(hidden)]
pub fn parse_document_with_toml(text: &str) -> Result<(Document, SourceMap), ParseError> {
    let lines = LineIndex::new(text);
    let raw: RawDocument = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(error) => return Err(explain_failure(text, &lines, error)),
    };
    let (id_line, id_column) = lines.locate(text, raw.id.span().start);
    let mut paragraph_lines = Vec::with_capacity(raw.paragraphs.len());
    let paragraphs = raw
        .paragraphs
        .into_iter()
        .map(|p| {
            paragraph_lines.push(lines.line(p.id.span().start));
            Paragraph {
                id: ParagraphId(p.id.into_inner()),
                source: p.source.filter(|s| !s.is_empty()),
                target: p.target.filter(|s| !s.is_empty()),
                joins: p.joins,
                confirmed: p.confirmed,
                confidence: p.confidence,
                context: p.context,
                source_plural: p.source_plural,
                target_plural: p.target_plural,
                flags: p.flags,
                comment: p.comment,
                note: p.note,
                references: p.references,
                previous: p.previous,
                suppress: p.suppress,
            }
        })
        .collect();
    finish(Parsed {
        format: raw
            .format
            .map(|f| (*f.get_ref(), lines.line(f.span().start))),
        id: (raw.id.into_inner(), id_line, id_column),
        title: raw.title,
        date: raw.date,
        source_language: raw.source_language,
        target_language: raw.target_language,
        summary: raw.summary,
        citation: raw.citation,
        extra: raw.extra,
        paragraphs,
        paragraph_lines,
    })
}

/// A document file as read, before its format and id are validated.
struct Parsed {
    /// The format version and its line.
    format: Option<(i64, usize)>,
    /// The document id, its line and column.
    id: (String, usize, usize),
    title: Option<String>,
    date: Option<String>,
    source_language: Option<String>,
    target_language: Option<String>,
    summary: Option<String>,
    citation: Option<Citation>,
    extra: BTreeMap<String, toml::Value>,
    /// Paragraphs, empty sides already dropped.
    paragraphs: Vec<Paragraph>,
    /// The line of each paragraph's id.
    paragraph_lines: Vec<usize>,
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
    let document = Document {
        id,
        title: parsed.title,
        date: parsed.date,
        source_language: parsed.source_language,
        target_language: parsed.target_language,
        summary: parsed.summary,
        citation: parsed.citation,
        extra: parsed.extra,
        paragraphs: parsed.paragraphs,
    };
    Ok((
        document,
        SourceMap {
            paragraph_lines: parsed.paragraph_lines,
        },
    ))
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
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter_map(|(i, b)| (b == b'\n').then_some(i + 1)),
        );
        LineIndex { starts }
    }

    /// 1-based line of a byte offset.
    fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset)
    }

    /// 1-based line and column (in characters) of a byte offset.
    fn locate(&self, text: &str, offset: usize) -> (usize, usize) {
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
    title: Option<String>,
    date: Option<String>,
    source_language: Option<String>,
    target_language: Option<String>,
    summary: Option<String>,
    citation: Option<Citation>,
    extra: BTreeMap<String, toml::Value>,
    paragraphs: Vec<RawParagraph>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParagraph {
    id: Spanned<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    target: Option<String>,
    #[serde(default)]
    joins: Vec<Join>,
    #[serde(default)]
    confirmed: Option<Confirmation>,
    #[serde(default)]
    confidence: Option<f64>,
    #[serde(default)]
    context: Option<String>,
    #[serde(default)]
    source_plural: Option<String>,
    #[serde(default)]
    target_plural: Vec<String>,
    #[serde(default)]
    flags: Vec<String>,
    #[serde(default)]
    comment: Option<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    references: Vec<String>,
    #[serde(default)]
    previous: Option<Previous>,
    #[serde(default)]
    suppress: Vec<Suppression>,
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
        let mut title = None;
        let mut date = None;
        let mut source_language = None;
        let mut target_language = None;
        let mut summary = None;
        let mut citation = None;
        let mut paragraphs = None;
        let mut extra = BTreeMap::new();
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            match key.as_ref() {
                "format" => format = Some(map.next_value()?),
                "id" => id = Some(map.next_value()?),
                "title" => title = Some(map.next_value()?),
                "date" => date = Some(map.next_value()?),
                "source_language" => source_language = Some(map.next_value()?),
                "target_language" => target_language = Some(map.next_value()?),
                "summary" => summary = Some(map.next_value()?),
                "citation" => citation = Some(map.next_value()?),
                "paragraph" => paragraphs = Some(map.next_value()?),
                _ => {
                    let value: toml::Value = map.next_value()?;
                    extra.insert(key.into_owned(), value);
                }
            }
        }
        Ok(RawDocument {
            format,
            id: id.ok_or_else(|| de::Error::missing_field("id"))?,
            title,
            date,
            source_language,
            target_language,
            summary,
            citation,
            extra,
            paragraphs: paragraphs.unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Document {
        let mut doc = Document::new(DocumentId::new("wcda-112106").unwrap());
        doc.title = Some("Telegram from (Stalin) to Mao Zedong, via Krasovsky".into());
        doc.date = Some("1951-06-05".into());
        doc.source_language = Some("ru".into());
        doc.target_language = Some("en".into());
        doc.citation = Some(Citation {
            text: Some("\"Telegram,\" June 05, 1951".into()),
            archive: Some("APRF".into()),
            reference: Some("Fond 45, Opis 1, Delo 339, Listy 17-18".into()),
            url: None,
        });
        doc.extra.insert(
            "contents".into(),
            toml::Value::Array(vec!["English Translation".into()]),
        );
        doc.paragraphs.push(Paragraph::new(
            "p1",
            None,
            Some("CIPHERED TELEGRAM No. 3410\nBEIJING".into()),
        ));
        doc.paragraphs.push(Paragraph::new(
            "p2",
            Some("«Серьёзные правые настроения»".into()),
            Some("\"serious rightist moods\" have appeared".into()),
        ));
        doc
    }

    #[test]
    fn canonical_round_trip() {
        let doc = sample();
        let text = doc.to_canonical_string();
        let (read, map) = parse_document(&text).unwrap();
        assert_eq!(read, doc);
        assert_eq!(read.to_canonical_string(), text);
        assert_eq!(map.paragraph_lines.len(), 2);
        assert!(text.contains("target = '\"serious rightist moods\" have appeared'"));
        assert!(text.contains("target = \"\"\"\nCIPHERED TELEGRAM No. 3410\nBEIJING\"\"\""));
    }

    #[test]
    fn paragraph_lines_point_at_ids() {
        let text = sample().to_canonical_string();
        let (_, map) = parse_document(&text).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for line in map.paragraph_lines {
            assert!(
                lines[line - 1].starts_with("id = \"p"),
                "{}",
                lines[line - 1]
            );
        }
    }

    #[test]
    fn ids_that_are_paths_are_refused() {
        for bad in [
            "",
            "../x",
            "a/b",
            ".hidden",
            "a\\b",
            "a b",
            &"x".repeat(129),
        ] {
            assert!(DocumentId::new(bad).is_err(), "{bad:?}");
        }
        assert!(DocumentId::new(&"x".repeat(128)).is_ok());
        assert!(DocumentId::new("wcda-112106.v2_a").is_ok());
    }

    #[test]
    fn unknown_format_is_named() {
        let err =
            parse_document("format = 2\nid = \"x\"\nnew_thing = [[1]]\n[[paragraph]]\nid = 3\n")
                .unwrap_err();
        assert_eq!(err.kind, ParseErrorKind::UnsupportedFormat);
        assert_eq!(err.line, Some(1));
    }

    #[test]
    fn syntax_errors_are_located() {
        let err = parse_document(
            "format = 1\nid = \"x\"\n\n[[paragraph]]\nid = \"p1\"\ntarget = \"open\n",
        )
        .unwrap_err();
        assert_eq!(err.kind, ParseErrorKind::Syntax);
        assert_eq!(err.line, Some(6));
        let err = parse_document(
            "format = 1\nid = \"x\"\n[[paragraph]]\nid = \"p1\"\ntraget = \"typo\"\n",
        )
        .unwrap_err();
        assert_eq!(err.line, Some(5), "{err:?}");
        assert!(err.message.contains("traget"), "{}", err.message);
    }

    #[test]
    fn join_offsets_follow_normalisation() {
        let mut doc = Document::new(DocumentId::new("x").unwrap());
        // "е" + combining diaeresis composes to "ё": one character fewer.
        let mut p = Paragraph::new("p1", None, Some("е\u{308}ж as well as".into()));
        p.joins.push(Join {
            side: Side::Target,
            at: 12,
            reason: JoinReason::PageBreak,
        });
        doc.paragraphs.push(p);
        let (read, _) = parse_document(&doc.to_canonical_string()).unwrap();
        let joined = &read.paragraphs[0];
        let (first, second) = joined.joins[0]
            .split(joined.target.as_deref().unwrap())
            .unwrap();
        assert_eq!((first, second), ("ёж as well", "as"));
    }
}
