//! Interchange with the tools translators use: a document out as XLIFF
//! 2, XLIFF 1.2, TMX 1.4b, CSV or TSV ([`export`]), and such a file back
//! in ([`read`]), as a new document ([`new_document`]) or into the
//! document it came from ([`apply`]).
//!
//! Every format is written from the paragraphs and their
//! [`TranslationState`] ([`Paragraph::state`], the one place a state is
//! derived), and read into one model, a [`Unit`] per paragraph with its id,
//! its two texts and its state, which one function takes into a document
//! ([`apply`]). How each format writes a state:
//!
//! | state        | XLIFF 2                         | XLIFF 1.2                          | CSV            |
//! |--------------|---------------------------------|------------------------------------|----------------|
//! | untranslated | `initial`, no target            | `needs-translation`, no target     | `untranslated` |
//! | fuzzy        | `translated`, `subState="bitext:fuzzy"`, a note | `needs-review-translation` | `fuzzy` |
//! | stale        | `translated`, `subState="bitext:stale"`, a note | `needs-review-translation` | `stale` |
//! | translated   | `translated`                    | `translated`                       | `translated`   |
//! | confirmed    | `final`                         | `final`, `approved="yes"`          | `confirmed`    |
//!
//! Read back, `reviewed` and `final` (XLIFF 1.2: `signed-off`, `final`,
//! or `approved="yes"`) confirm the pair; a state asking for review marks
//! the paragraph fuzzy; `translated` leaves it as a translation not yet
//! confirmed; TMX has no states and reads as `translated`.
//!
//! Nothing is lost on the way back: a unit whose original differs from the
//! document's, an id the document does not have, an id given twice, or
//! inline markup bitext cannot keep refuses the whole file, naming the
//! line, and nothing is written; a paragraph the file leaves unchanged is
//! left byte for byte as it was; a missing or empty target never deletes
//! a translation.

mod po;
mod table;
mod tmx;
mod xliff;
pub(crate) mod xml;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use crate::document::{Document, DocumentId, Paragraph, ParagraphId, TranslationState};
use crate::error::{Error, Result};
use crate::normalize::normalize_text;

/// An interchange format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// XLIFF 2.0 (`urn:oasis:names:tc:xliff:document:2.0`).
    Xliff,
    /// XLIFF 1.2, what most CAT tools still exchange.
    Xliff1,
    /// TMX 1.4b, a translation memory: aligned pairs only.
    Tmx,
    /// Comma-separated values with a header row (RFC 4180).
    Csv,
    /// Tab-separated values with a header row.
    Tsv,
    /// A gettext catalogue.
    Po,
}

impl Format {
    /// The file name extension for an exported file.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Xliff => "xlf",
            Format::Xliff1 => "xliff",
            Format::Tmx => "tmx",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Po => "po",
        }
    }
}

/// A paragraph as an interchange file carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The paragraph id.
    pub id: String,
    /// The entry's context, for PO (whose `msgctxt` is the id only in a
    /// catalogue bitext wrote).
    pub context: Option<String>,
    /// The original, if the file gives it.
    pub source: Option<String>,
    /// The translation, if the file gives one (an empty one is none).
    pub target: Option<String>,
    /// The translation's state as the file says it.
    pub state: TranslationState,
    /// 1-based line of the unit in the file (0 where unknown).
    pub line: usize,
}

/// What an interchange file holds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Interchange {
    /// The format it was read from.
    pub format: Option<Format>,
    /// The document id the file names, if any.
    pub document: Option<String>,
    /// The original's language.
    pub source_language: Option<String>,
    /// The translation's language.
    pub target_language: Option<String>,
    /// The units, in file order.
    pub units: Vec<Unit>,
    /// Things left out that the reader should know of (TMX units of
    /// another document, …).
    pub warnings: Vec<String>,
}

/// What an export needs beyond the document.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// When each paragraph was first written and last changed, RFC 3339
    /// (from the history), for TMX's `creationdate` and `changedate`.
    pub dates: BTreeMap<String, (String, String)>,
}

/// An exported file, and what it left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    /// The file's text.
    pub text: String,
    /// Paragraphs left out (TMX keeps aligned pairs only).
    pub left_out: usize,
}

/// Writes a document in an interchange format.
pub fn export(document: &Document, format: Format, options: &ExportOptions) -> Result<Exported> {
    match format {
        Format::Xliff => xliff::write_2(document),
        Format::Xliff1 => xliff::write_1(document),
        Format::Tmx => tmx::write(document, options),
        Format::Csv => table::write(document, b','),
        Format::Tsv => table::write(document, b'\t'),
        Format::Po => po::write(document),
    }
}

/// Reads an interchange file's bytes; `path` names it in errors. XLIFF 2
/// and 1.2 are told apart by the file's `version`.
pub fn read(bytes: &[u8], path: &Path, format: Format) -> Result<Interchange> {
    let mut read = match format {
        Format::Xliff | Format::Xliff1 => xliff::read(bytes, path)?,
        Format::Tmx => tmx::read(bytes, path)?,
        Format::Csv => table::read(bytes, path, b',')?,
        Format::Tsv => table::read(bytes, path, b'\t')?,
        Format::Po => po::read(bytes, path)?,
    };
    read.format = Some(format);
    for unit in &mut read.units {
        for text in [&mut unit.source, &mut unit.target] {
            if let Some(std::borrow::Cow::Owned(normal)) = text.as_deref().map(normalize_text) {
                *text = Some(normal);
            }
            if text.as_deref() == Some("") {
                *text = None;
            }
        }
    }
    Ok(read)
}

/// Refuses units whose ids cannot be paragraph ids or are given twice.
fn check_ids(read: &Interchange, path: &Path) -> Result<()> {
    let mut seen = HashSet::new();
    let mut refused = Refusals::new(path);
    for unit in &read.units {
        if let Err(why) = ParagraphId::check(&unit.id) {
            refused.add(
                unit,
                format!("unit id {:?} cannot be a paragraph id: {why}", unit.id),
            );
        } else if !seen.insert(unit.id.as_str()) {
            refused.add(unit, format!("unit {} is given twice", unit.id));
        }
    }
    refused.into_result()
}

/// A new document of an interchange file's units: `id` or the id the
/// file names.
pub fn new_document(read: &Interchange, id: Option<&str>, path: &Path) -> Result<Document> {
    let id = id
        .or(read.document.as_deref())
        .ok_or_else(|| Error::Import {
            path: path.to_owned(),
            line: None,
            column: None,
            message: "the file names no document: give --id".into(),
        })?;
    check_ids(read, path)?;
    let mut document = Document::new(DocumentId::new(id)?);
    document.source_language = read.source_language.clone();
    document.target_language = read.target_language.clone();
    for unit in &read.units {
        let mut paragraph =
            Paragraph::new(unit.id.as_str(), unit.source.clone(), unit.target.clone());
        take_state(&mut paragraph, unit.state);
        document.paragraphs.push(paragraph);
    }
    crate::import::as_stored(document, path)
}

/// What [`apply`] changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// Paragraphs whose translation the file changed, in document order.
    pub updated: Vec<String>,
    /// Paragraphs whose translation stayed but whose state the file changed
    /// (confirmed, or marked for review).
    pub restated: Vec<String>,
    /// Units that changed nothing.
    pub unchanged: usize,
}

/// Takes an interchange file's translations into the document it came
/// from. Units are matched by paragraph id. A changed target replaces the
/// paragraph's and takes the unit's state; an unchanged one takes a state
/// that confirms the pair or asks for review; every other paragraph stays
/// as it was. Refused, with the document left as it was, when a unit's
/// original differs from the document's (it changed while the file was
/// out) or names a paragraph the document does not have.
pub fn apply(document: &mut Document, read: &Interchange, path: &Path) -> Result<Applied> {
    let mut resolved;
    let read = if read.format == Some(Format::Po) {
        resolved = read.clone();
        po::resolve(document, &mut resolved);
        &resolved
    } else {
        read
    };
    let mut applied = Applied::default();
    let mut refused = Refusals::new(path);
    let index: HashMap<&str, usize> = document
        .paragraphs
        .iter()
        .enumerate()
        .map(|(k, p)| (p.id.as_str(), k))
        .collect();
    let mut seen = vec![false; document.paragraphs.len()];
    // First every unit is judged, the document untouched; then, if none
    // was refused, the changes are made.
    let mut changes: Vec<(usize, &Unit, bool)> = Vec::new();
    for unit in &read.units {
        let Some(&k) = index.get(unit.id.as_str()) else {
            let why = match ParagraphId::check(&unit.id) {
                Err(why) => format!("unit id {:?} cannot be a paragraph id: {why}", unit.id),
                Ok(()) => format!(
                    "unit {}: document {} has no such paragraph",
                    unit.id, document.id
                ),
            };
            refused.add(unit, why);
            continue;
        };
        if std::mem::replace(&mut seen[k], true) {
            refused.add(unit, format!("unit {} is given twice", unit.id));
            continue;
        }
        let paragraph = &document.paragraphs[k];
        if unit.source.is_some() && unit.source != paragraph.source {
            refused.add(
                unit,
                format!(
                    "unit {}: its original differs from the document's (the original changed while the file was out; export it again)",
                    unit.id
                ),
            );
            continue;
        }
        let Some(target) = &unit.target else {
            applied.unchanged += 1;
            continue;
        };
        if paragraph.target.as_ref() != Some(target) {
            changes.push((k, unit, true));
        } else if restates(paragraph, unit.state) {
            changes.push((k, unit, false));
        } else {
            applied.unchanged += 1;
        }
    }
    refused.into_result()?;
    changes.sort_by_key(|(k, _, _)| *k);
    // Every text taken in was normalised as it was read, as the writer
    // normalises: the document is as it will be stored.
    for (k, unit, retranslated) in changes {
        let paragraph = &mut document.paragraphs[k];
        if retranslated {
            paragraph.target = unit.target.clone();
            take_state(paragraph, unit.state);
            applied.updated.push(paragraph.id.to_string());
        } else {
            restate(paragraph, unit.state);
            applied.restated.push(paragraph.id.to_string());
        }
    }
    Ok(applied)
}

/// A new translation takes the state the file gives it.
fn take_state(paragraph: &mut Paragraph, state: TranslationState) {
    paragraph.flags.retain(|f| f != "fuzzy");
    match state {
        TranslationState::Confirmed if paragraph.source.is_some() && paragraph.target.is_some() => {
            paragraph.confirm()
        }
        TranslationState::Fuzzy | TranslationState::Stale => paragraph.flags.push("fuzzy".into()),
        _ => {}
    }
}

/// Whether a state read changes an unchanged translation's: a
/// confirmation of a pair not confirmed, or a call for review of one not
/// already fuzzy or stale. A state that says less (translated, untranslated) takes
/// nothing away.
fn restates(paragraph: &Paragraph, state: TranslationState) -> bool {
    match state {
        TranslationState::Confirmed => paragraph.state() != TranslationState::Confirmed,
        TranslationState::Fuzzy | TranslationState::Stale => !paragraph.state().needs_review(),
        _ => false,
    }
}

/// An unchanged translation takes a state [`restates`] found new.
fn restate(paragraph: &mut Paragraph, state: TranslationState) {
    if state == TranslationState::Confirmed {
        paragraph.flags.retain(|f| f != "fuzzy");
        paragraph.confirm();
    } else {
        paragraph.flags.push("fuzzy".into());
    }
}

/// Units refused, gathered so that one error names them all.
struct Refusals<'a> {
    path: &'a Path,
    list: Vec<(usize, String)>,
}

impl<'a> Refusals<'a> {
    fn new(path: &'a Path) -> Self {
        Refusals {
            path,
            list: Vec::new(),
        }
    }

    fn add(&mut self, unit: &Unit, message: String) {
        self.list.push((unit.line, message));
    }

    fn into_result(self) -> Result<()> {
        let Some((line, first)) = self.list.first() else {
            return Ok(());
        };
        let mut message = first.clone();
        if self.list.len() > 1 {
            message = format!("{} units refused, nothing written:", self.list.len());
            for (line, why) in &self.list {
                message.push_str(&format!("\n  line {line}: {why}"));
            }
        }
        Err(Error::Import {
            path: self.path.to_owned(),
            line: Some(*line).filter(|l| *l > 0),
            column: None,
            message,
        })
    }
}

/// The error for a text an XML format cannot carry.
fn cannot_carry(document: &Document, paragraph: &str, c: char, format: &str) -> Error {
    Error::Export {
        id: document.id.to_string(),
        message: format!(
            "paragraph {paragraph} holds U+{:04X}, which {format} cannot carry (XML 1.0 has no such character); export to XLIFF 2 (--to xliff), which writes it as <cp>",
            c as u32
        ),
    }
}
