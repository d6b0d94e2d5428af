//! Citations of a translation as it was at a revision: the archive's own
//! citation from the record, the revision (commit id and date), the
//! published edition that holds that text if there is one, and an address
//! `DOC#PARA@COMMIT` that `bitext show` turns back into exactly the cited
//! text, however the translation changes later.

use serde::Serialize;

use crate::address::Address;
use crate::document::{Citation, Document, DocumentId};
use crate::error::{Error, Result};
use crate::history::{Edition, History, Stamp};

/// What a citation names.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cited {
    /// The document's id.
    pub document: String,
    /// The document's title.
    pub title: Option<String>,
    /// The original's date.
    pub date: Option<String>,
    /// The original's language.
    pub source_language: Option<String>,
    /// The translation's language.
    pub target_language: Option<String>,
    /// The archive's citation of the original.
    pub citation: Option<Citation>,
    /// The paragraph cited, if one is.
    pub paragraph: Option<String>,
    /// The cited translation (the paragraph's, or the document's
    /// paragraphs one after another), exactly as at the revision.
    pub text: String,
    /// The revision.
    pub revision: Stamp,
    /// The latest published edition whose text is the cited text, if any.
    pub edition: Option<Edition>,
    /// `DOC[#PARA]@COMMIT`.
    pub address: String,
}

/// Cites `document` (or one paragraph of it) as it is at `rev`.
pub fn cite(
    history: &History,
    document: &DocumentId,
    paragraph: Option<&str>,
    rev: &str,
) -> Result<Cited> {
    let commit = history.resolve(rev)?;
    let missing = |what: String| Error::History {
        path: history.root().to_owned(),
        message: what,
    };
    let at = history
        .document_at(commit, document.as_str())?
        .ok_or_else(|| missing(format!("no document {document} in revision {rev}")))?;
    let text = cited_text(&at, paragraph).ok_or_else(|| {
        missing(format!(
            "no paragraph {:?} in {document} at {rev}",
            paragraph.unwrap_or("")
        ))
    })?;
    // The edition must hold the very text cited.
    let mut edition = None;
    for candidate in history.editions_containing(commit)? {
        let holds = history
            .resolve(&candidate.commit)
            .and_then(|c| history.document_at(c, document.as_str()))?
            .is_some_and(|d| cited_text(&d, paragraph).as_deref() == Some(text.as_str()));
        if holds {
            edition = Some(candidate);
            break;
        }
    }
    let revision = history.stamp(commit)?;
    let address = Address {
        document: document.to_string(),
        paragraph: paragraph.map(str::to_owned),
        revision: Some(revision.commit.clone()),
    };
    Ok(Cited {
        document: document.to_string(),
        title: at.title.clone(),
        date: at.date.clone(),
        source_language: at.source_language.clone(),
        target_language: at.target_language.clone(),
        citation: at.citation.clone(),
        paragraph: paragraph.map(str::to_owned),
        text,
        revision,
        edition,
        address: address.to_string(),
    })
}

/// The translation cited: one paragraph's, or every paragraph's.
fn cited_text(document: &Document, paragraph: Option<&str>) -> Option<String> {
    match paragraph {
        Some(id) => document.paragraph(id).map(|p| {
            p.target
                .clone()
                .or_else(|| p.source.clone())
                .unwrap_or_default()
        }),
        None => Some(
            document
                .paragraphs
                .iter()
                .filter_map(|p| p.target.as_deref())
                .collect::<Vec<_>>()
                .join("\n\n"),
        ),
    }
}
