//! Documents and their canonical TOML file. This module owns the file
//! format, alone.
//!
//! A [`Document`] is one translated work: catalogue metadata and an ordered
//! list of [`Paragraph`]s, each an aligned row with a stable id, a source
//! (original-language) text and a target (translation) text. Either side may
//! be missing: the original may not be transcribed yet, or a paragraph not
//! translated so far.
//!
//! The file `translations/<id>.toml` is written canonically by
//! [`Document::to_canonical_string`] (`write`): fixed key order, one
//! `[[paragraph]]` table after another, every text normalised, a trailing
//! newline. The same document always gives the same bytes, and reading a
//! canonical file and writing it back gives the bytes that were read.
//! Metadata keys this version does not know are kept in
//! [`Document::extra`] and written back, so a file edited by a newer tool or
//! by hand loses nothing.
//!
//! Reading ([`parse_document`]) does not normalise: a file that is not NFC
//! loads as it is, so that the checks can report it. Canonical files go
//! through a fast reader of exactly what the writer makes (`fast`);
//! anything else through the full TOML parser (`read`), which also gives
//! every located error. `blocks` cuts a canonical file at its paragraph
//! tables, so that a revision diff reads only what changed; `io` reads and
//! writes files safely.
//!
//! # One declaration of the fields
//!
//! The paragraph's fields and the document's metadata keys are declared
//! once, in the `document_record!` invocation below. From that list come the
//! types, the writer's key order, both readers, the diff's field list
//! ([`Paragraph::field_values`]), [`KNOWN_KEYS`] and the JSON Schema. Adding
//! a field is a line there; its value is written by the codec the line names
//! (see `write`).

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::normalize::normalize_text;

pub(crate) mod blocks;
mod fast;
pub(crate) mod io;
pub(crate) mod read;
mod schema;
pub(crate) mod write;

pub use crate::error::{InvalidId, ParseError, ParseErrorKind};
pub use io::{
    document_files_in, ensure_line, load_document, load_document_bytes, read_limited, write_atomic,
    LoadedDocument, DEFAULT_MAX_FILE_SIZE, TEMPORARY_FILES,
};
pub use read::{is_fast_readable, parse_document, parse_document_with_toml, SourceMap};
pub use schema::{json_schema, DocumentFile};

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
        } else if id.to_ascii_lowercase().ends_with(".toml") {
            "it ends in .toml, which the file name adds (give the id without it)"
        } else if is_reserved_name(id) {
            "it is a device name Windows reserves (con, prn, aux, nul, com1–9, lpt1–9), and corpora are cloned there too"
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

/// Whether a file name stem is one Windows reserves for a device, with or
/// without an extension after it (`nul`, `COM1.x`).
fn is_reserved_name(id: &str) -> bool {
    let stem = id.split('.').next().unwrap_or(id).to_ascii_lowercase();
    matches!(stem.as_str(), "con" | "prn" | "aux" | "nul")
        || (stem.len() == 4
            && (stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.as_bytes()[3].is_ascii_digit()
            && stem.as_bytes()[3] != b'0')
}

impl fmt::Display for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
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

    /// Whether `id` may be a paragraph id: 1 to [`MAX_ID_LEN`] bytes of
    /// ASCII letters, digits, `-`, `_` and `.`, as document ids — so that
    /// an id never needs quoting in `DOC#PARA`, a file or a terminal.
    pub fn check(id: &str) -> Result<(), &'static str> {
        if id.is_empty() {
            Err("it is empty")
        } else if id.len() > MAX_ID_LEN {
            Err("it is longer than 128 bytes")
        } else if !id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        {
            Err("only ASCII letters, digits, '-', '_' and '.' are allowed")
        } else {
            Ok(())
        }
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

/// Whether a field's value is absent, so that neither the file nor JSON
/// holds its key: `None`, or an empty list.
pub trait Absent {
    /// `true` when there is nothing to write.
    fn is_absent(&self) -> bool;
}

impl<T> Absent for Option<T> {
    fn is_absent(&self) -> bool {
        self.is_none()
    }
}

impl<T> Absent for Vec<T> {
    fn is_absent(&self) -> bool {
        self.is_empty()
    }
}

fn is_absent<T: Absent>(value: &T) -> bool {
    value.is_absent()
}

/// Declares the document's metadata keys and the paragraph's fields, and
/// makes from that one list everything that knows them: see the module
/// documentation. Each paragraph field names the codec its value is
/// written with ([`write::Codec`]).
macro_rules! document_record {
    (
        metadata { $( $(#[$mattr:meta])* $mname:ident ),* $(,)? }
        paragraph { $( $(#[$pattr:meta])* $pname:ident : $pty:ty => $codec:ident ),* $(,)? }
    ) => {
        /// One translated work: metadata and aligned paragraphs.
        #[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
        pub struct Document {
            /// The document id, equal to the file name without `.toml`.
            pub id: DocumentId,
            $(
                $(#[$mattr])*
                #[serde(skip_serializing_if = "Option::is_none")]
                pub $mname: Option<String>,
            )*
            /// Where the document comes from.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub citation: Option<Citation>,
            /// Metadata keys this version does not know, kept as they were.
            #[serde(flatten, serialize_with = "schema::serialize_extra")]
            #[schemars(with = "BTreeMap<String, serde_json::Value>")]
            pub extra: BTreeMap<String, toml::Value>,
            /// Metadata that two branches changed differently, left by a
            /// merge for `bitext resolve` (the metadata holds ours
            /// meanwhile).
            #[serde(rename = "conflict", default, skip_serializing_if = "Vec::is_empty")]
            pub conflicts: Vec<Conflict>,
            /// The aligned paragraphs, in reading order.
            #[serde(rename = "paragraph", default)]
            pub paragraphs: Vec<Paragraph>,
        }

        /// Keys of the document table that are not free-form metadata: a
        /// key in [`Document::extra`] must not be one of these.
        pub const KNOWN_KEYS: &[&str] =
            &["format", "id", $(stringify!($mname),)* "conflict", "citation", "paragraph"];

        /// The metadata strings' keys, in the file's order.
        const METADATA_KEYS: &[&str] = &[$(stringify!($mname),)*];

        impl Document {
            /// An empty document with the given id.
            pub fn new(id: DocumentId) -> Self {
                Document {
                    id,
                    $($mname: None,)*
                    citation: None,
                    extra: BTreeMap::new(),
                    conflicts: Vec::new(),
                    paragraphs: Vec::new(),
                }
            }

            /// The metadata strings, `(key, value)` in the file's order.
            pub fn metadata(&self) -> [(&'static str, Option<&str>); document_record!(@count $($mname)*)] {
                [$((stringify!($mname), self.$mname.as_deref()),)*]
            }

            /// The slot of a metadata string, by key.
            pub(crate) fn metadata_mut(&mut self, key: &str) -> Option<&mut Option<String>> {
                match key {
                    $(stringify!($mname) => Some(&mut self.$mname),)*
                    _ => None,
                }
            }
        }

        /// One aligned row of a document.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
        #[serde(deny_unknown_fields)]
        pub struct Paragraph {
            /// Stable id, unique within the document.
            pub id: ParagraphId,
            $(
                $(#[$pattr])*
                #[serde(default, skip_serializing_if = "is_absent")]
                pub $pname: $pty,
            )*
        }

        /// The keys of a paragraph table besides `id`, in the file's order.
        pub const PARAGRAPH_KEYS: &[&str] = &[$(stringify!($pname),)*];

        impl Paragraph {
            /// A paragraph with the given id and texts; empty texts count as
            /// missing.
            pub fn new(id: impl Into<String>, source: Option<String>, target: Option<String>) -> Self {
                let mut paragraph = Paragraph {
                    id: ParagraphId(id.into()),
                    $($pname: Default::default(),)*
                };
                paragraph.source = source.filter(|s| !s.is_empty());
                paragraph.target = target.filter(|s| !s.is_empty());
                paragraph
            }

            /// Writes every present field as `key = value` lines, in order.
            fn write_fields(&self, out: &mut String) {
                $(
                    if !self.$pname.is_absent() {
                        <write::$codec as write::Codec<$pty>>::write(out, stringify!($pname), &self.$pname, self);
                    }
                )*
            }

            /// Sets a field from a value the fast reader found; `None` for
            /// an unknown key, a duplicate, or a value of the wrong shape.
            fn read_field(&mut self, key: &str, value: fast::Value) -> Option<()> {
                match key {
                    $(stringify!($pname) => fast::set_field(&mut self.$pname, value),)*
                    _ => None,
                }
            }

            /// Each present field as `(key, shown value)`, some as several
            /// (`target_plural[1]`, `previous.source`): what a diff compares
            /// and shows.
            pub fn field_values(&self) -> Vec<(String, String)> {
                let mut out = Vec::new();
                $(
                    if !self.$pname.is_absent() {
                        <write::$codec as write::Codec<$pty>>::show(stringify!($pname), &self.$pname, self, &mut out);
                    }
                )*
                out
            }
        }

        /// A paragraph table as the full TOML parser gives it, with the
        /// place of its id.
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct RawParagraph {
            id: toml::Spanned<String>,
            $(#[serde(default)] $pname: $pty,)*
        }

        impl RawParagraph {
            /// The paragraph and the byte offset of its id.
            fn into_paragraph(self) -> (Paragraph, usize) {
                let start = self.id.span().start;
                let paragraph = Paragraph {
                    id: ParagraphId(self.id.into_inner()),
                    $($pname: self.$pname,)*
                };
                (paragraph, start)
            }
        }
    };
    (@count) => { 0 };
    (@count $head:ident $($rest:ident)*) => { 1 + document_record!(@count $($rest)*) };
}

document_record! {
    metadata {
        /// The title, in the target language.
        title,
        /// ISO 8601 date, possibly partial: `1951`, `1951-06` or `1951-06-05`.
        #[schemars(regex(pattern = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"))]
        date,
        /// BCP 47 tag of the original language.
        source_language,
        /// BCP 47 tag of the translation's language.
        target_language,
        /// A short description of the content.
        summary,
    }
    paragraph {
        /// What the text is, where the same text needs telling apart (a
        /// gettext `msgctxt`).
        context: Option<String> => Value,
        /// The original-language text, if transcribed.
        source: Option<String> => Text,
        /// The translation, if made.
        target: Option<String> => Text,
        /// The source's plural form (a gettext `msgid_plural`).
        source_plural: Option<String> => Value,
        /// The translation's further plural forms, after `target` (gettext
        /// `msgstr[1]`, `msgstr[2]`…).
        target_plural: Vec<String> => Each,
        /// Flags: `fuzzy` (the translation needs review), `python-format`…
        flags: Vec<String> => Value,
        /// Places where two input paragraphs were joined into this one.
        joins: Vec<Join> => Joins,
        /// What the translation was made from: hashes of the source and target
        /// texts when the pair was last confirmed. The translation is stale
        /// when the source has changed since and the target has not.
        confirmed: Option<Confirmation> => Confirmed,
        /// How sure the aligner was that source and target belong together,
        /// 0 to 1, when the pairing was made by alignment.
        #[schemars(range(min = 0.0, max = 1.0))]
        confidence: Option<f64> => Confidence,
        /// The translator's comment.
        comment: Option<String> => Value,
        /// A note for translators from the original's authors (gettext `#.`).
        note: Option<String> => Value,
        /// Where the text is used (gettext `#:`).
        references: Vec<String> => Value,
        /// The source as it was before it last changed, as a catalogue
        /// recorded it (gettext `#|`).
        previous: Option<Previous> => Table,
        /// Checks silenced for this paragraph, each with the reason.
        suppress: Vec<Suppression> => Value,
        /// The id this paragraph had on its branch, when a merge found the
        /// same id taken by another new paragraph and gave it a new one.
        renamed_from: Option<String> => Value,
        /// Changes two branches made differently, left by a merge for
        /// `bitext resolve` (the fields hold ours meanwhile).
        conflict: Vec<Conflict> => Value,
    }
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

/// A change two branches made differently, kept by a merge as data so that
/// the file stays a document every command reads. The record holds ours
/// in the field meanwhile; `bitext resolve` settles it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    /// What conflicts: a paragraph field (`source`, `target`, `comment`,
    /// `target_plural[2]`…) or a metadata key (`title`, `citation.url`), or
    /// `paragraph` when one branch deleted the paragraph and the other
    /// changed it (the side that deleted it has no value).
    pub field: String,
    /// The value in the common ancestor, if it had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// Our value (the branch merged into), if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ours: Option<String>,
    /// Their value (the branch merged in), if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theirs: Option<String>,
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
    /// Whether a flag is set, e.g. `fuzzy`.
    pub fn has_flag(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f == flag)
    }

    /// Whether the translation needs a translator's eye: it is marked
    /// fuzzy, or it is stale.
    pub fn needs_review(&self) -> bool {
        self.has_flag("fuzzy") || self.is_stale()
    }

    /// Where the translation stands: what the interchange formats carry
    /// as a unit's state.
    pub fn state(&self) -> TranslationState {
        let current = || {
            self.confirmed.as_ref().is_some_and(|c| {
                c.source == text_hash(self.source.as_deref().unwrap_or(""))
                    && c.target == text_hash(self.target.as_deref().unwrap_or(""))
            })
        };
        if self.target.is_none() {
            TranslationState::Untranslated
        } else if self.has_flag("fuzzy") {
            TranslationState::Fuzzy
        } else if self.is_stale() {
            TranslationState::Stale
        } else if current() {
            TranslationState::Confirmed
        } else {
            TranslationState::Translated
        }
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

    /// Whether two versions of a paragraph have the same texts: source and
    /// target, with their plural forms. What history follows; the other
    /// values are notes about the texts.
    pub fn same_texts(&self, other: &Paragraph) -> bool {
        self.source == other.source
            && self.target == other.target
            && self.source_plural == other.source_plural
            && self.target_plural == other.target_plural
    }

    /// The text of one side.
    pub fn text(&self, side: Side) -> Option<&str> {
        match side {
            Side::Source => self.source.as_deref(),
            Side::Target => self.target.as_deref(),
        }
    }
}

/// Where a paragraph's translation stands ([`Paragraph::state`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TranslationState {
    /// No translation yet.
    Untranslated,
    /// Translated, marked `fuzzy` for review.
    Fuzzy,
    /// Translated, but the original changed after the pair was confirmed.
    Stale,
    /// Translated, not confirmed as a pair (or edited since).
    Translated,
    /// A translation of this very original, on record.
    Confirmed,
}

impl TranslationState {
    /// The state as one word, as the CSV export and JSON write it.
    pub fn as_str(self) -> &'static str {
        match self {
            TranslationState::Untranslated => "untranslated",
            TranslationState::Fuzzy => "fuzzy",
            TranslationState::Stale => "stale",
            TranslationState::Translated => "translated",
            TranslationState::Confirmed => "confirmed",
        }
    }

    /// Whether a translator should look at it again.
    pub fn needs_review(self) -> bool {
        matches!(self, TranslationState::Fuzzy | TranslationState::Stale)
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
    format!("{:08x}", crate::hash::fnv1a_32(text.as_bytes()))
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

impl Document {
    /// The paragraph with the given id.
    pub fn paragraph(&self, id: &str) -> Option<&Paragraph> {
        self.paragraphs.iter().find(|p| p.id.as_str() == id)
    }

    /// The document as its canonical file reads back: every string
    /// normalised as the writer stores it ([`normalize_text`]), join
    /// offsets carried through. An importer that keeps strings as its
    /// input has them ends with this, so that the document it hands on is
    /// the document on disk.
    ///
    /// [`normalize_text`]: crate::normalize_text
    pub fn normalized(&self) -> Result<Document, ParseError> {
        parse_document(&self.to_canonical_string()).map(|(document, _)| document)
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

    /// Records, for every paragraph whose translation changed since `old`
    /// (or that is new), that the translation was made from the original it
    /// now stands beside: a later change of the original then makes it
    /// stale. Paragraphs marked fuzzy, and those with a side missing, are
    /// left as they are. Returns how many were recorded.
    ///
    /// This is the stale rule's other half: a translation is stale when its
    /// original changed after the translation was last made or confirmed.
    pub fn confirm_translations(&mut self, old: Option<&Document>) -> usize {
        let mut recorded = 0;
        for paragraph in &mut self.paragraphs {
            if paragraph.source.is_none()
                || paragraph.target.is_none()
                || paragraph.has_flag("fuzzy")
            {
                continue;
            }
            let before = old.and_then(|d| d.paragraph(paragraph.id.as_str()));
            let retranslated = before.is_none_or(|b| b.target != paragraph.target);
            let current = Confirmation {
                source: text_hash(paragraph.source.as_deref().unwrap_or("")),
                target: text_hash(paragraph.target.as_deref().unwrap_or("")),
            };
            if retranslated && paragraph.confirmed.as_ref() != Some(&current) {
                paragraph.confirmed = Some(current);
                recorded += 1;
            }
        }
        recorded
    }

    /// Each metadata value as `(key, shown value)`: the strings, the
    /// citation's keys as `citation.KEY`, and free-form keys. What a diff
    /// compares and shows.
    pub fn metadata_values(&self) -> Vec<(String, Option<String>)> {
        let mut values: Vec<(String, Option<String>)> = self
            .metadata()
            .into_iter()
            .map(|(key, value)| (key.to_owned(), value.map(str::to_owned)))
            .collect();
        let citation = self.citation.clone().unwrap_or_default();
        for (key, value) in write::table_values(&citation) {
            values.push((format!("citation.{key}"), Some(value)));
        }
        for (key, value) in &self.extra {
            let value = match value {
                toml::Value::String(s) => s.clone(),
                other => write::inline_value(other),
            };
            values.push((key.clone(), Some(value)));
        }
        values
    }
}

#[cfg(test)]
mod tests;
