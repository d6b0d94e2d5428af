//! An original and a translation as two files: plain text, paragraphs
//! separated by blank lines (see [`crate::paragraphs`] for how lines within
//! a paragraph are treated), or HTML (see [`super::html`]).
//!
//! Either side may be given alone. Two sides are paired by the aligner
//! ([`crate::align`]): a paragraph split or merged in translation becomes
//! one record paragraph with the join on record, a paragraph with no
//! counterpart keeps the other side empty, nothing is dropped, and every
//! record paragraph keeps the aligner's confidence. Page-break joins
//! within one side are made before aligning only on request
//! ([`TextImport::join_page_breaks`]); the aligner finds page-break splits
//! on its own.

use std::path::Path;

use crate::document::{Document, DocumentId};
use crate::error::{Error, Result};
use crate::language::is_well_formed_tag;
use crate::paragraphs::{join_page_breaks, TextParagraph};

use super::{pair_by_alignment, read_paragraphs, Imported, InputFormat, InputOptions};

/// What `bitext import text` is given.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextImport<'a> {
    /// The document id.
    pub id: &'a str,
    /// The original, if there is one yet.
    pub source: Option<&'a Path>,
    /// The original's language, a BCP 47 tag.
    pub source_language: Option<&'a str>,
    /// The translation, if there is one yet.
    pub target: Option<&'a Path>,
    /// The translation's language, a BCP 47 tag.
    pub target_language: Option<&'a str>,
    /// The document title.
    pub title: Option<&'a str>,
    /// Join paragraphs cut by a page break (one ending mid-sentence, the
    /// next starting in lower case) on each side. Off by default: lists
    /// whose items lack full stops look the same, and joining on one side
    /// only would shift the pairing by position.
    pub join_page_breaks: bool,
    /// How the files are read: plain text or HTML.
    pub format: InputFormat,
}

/// Reads one or both sides and makes a document of them.
pub fn import_text(import: &TextImport, options: &InputOptions) -> Result<Imported> {
    let id = DocumentId::new(import.id)?;
    let Some(first) = import.source.or(import.target) else {
        return Err(Error::Import {
            path: Path::new(import.id).to_owned(),
            line: None,
            column: None,
            message: "nothing to import: give --source, --target or both".into(),
        });
    };
    for language in [import.source_language, import.target_language]
        .into_iter()
        .flatten()
    {
        if !is_well_formed_tag(language) {
            return Err(Error::Import {
                path: first.to_owned(),
                line: None,
                column: None,
                message: format!(
                    "language {language:?} is not a BCP 47 tag (e.g. ru, en, zh-Hant)"
                ),
            });
        }
    }
    let read_side = |path: Option<&Path>| -> Result<Vec<TextParagraph>> {
        let Some(path) = path else {
            return Ok(Vec::new());
        };
        let paragraphs = read_paragraphs(path, import.format, options)?;
        Ok(if import.join_page_breaks {
            join_page_breaks(paragraphs)
        } else {
            paragraphs
        })
    };
    let source = read_side(import.source)?;
    let target = read_side(import.target)?;
    let mut document = Document::new(id);
    document.title = import.title.map(str::to_owned);
    document.source_language = import.source_language.map(str::to_owned);
    document.target_language = import.target_language.map(str::to_owned);
    document.paragraphs = pair_by_alignment(source, target);
    Ok(Imported {
        document: super::as_stored(document, first)?,
        warnings: Vec::new(),
    })
}
