//! The state of a corpus: documents changed against the last commit,
//! translations to review (stale, or marked fuzzy), and paragraphs with a
//! side still missing. The model is data; `crate::render::status` shows
//! it, and it serialises to JSON.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::corpus::Corpus;
use crate::diff::{diff_documents, Status};
use crate::document::io::load_document;
use crate::document::Document;
use crate::error::Result;
use crate::history::History;

/// A document that differs from the last commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangedDocument {
    /// The document id.
    pub document: String,
    /// Added, removed or modified.
    pub status: Status,
}

/// A paragraph, by document and paragraph id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParagraphRef {
    /// The document id.
    pub document: String,
    /// The paragraph id.
    pub paragraph: String,
}

/// What `status` reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CorpusStatus {
    /// Documents changed against HEAD (empty without a history).
    pub changed: Vec<ChangedDocument>,
    /// Translations whose original changed since they were confirmed.
    pub stale: Vec<ParagraphRef>,
    /// Translations marked fuzzy.
    pub fuzzy: Vec<ParagraphRef>,
    /// Paragraphs with a translation but no original.
    pub missing_source: Vec<ParagraphRef>,
    /// Paragraphs with an original but no translation.
    pub missing_target: Vec<ParagraphRef>,
}

impl CorpusStatus {
    /// Whether there is nothing to report.
    pub fn is_empty(&self) -> bool {
        *self == CorpusStatus::default()
    }
}

/// The status of a corpus's documents on disk, against HEAD when the
/// corpus has a history with commits.
pub fn status(corpus: &Corpus) -> Result<CorpusStatus> {
    let mut documents = Vec::new();
    for path in corpus.document_paths()? {
        documents.push(load_document(&path, corpus.config().limits.max_file_size)?.document);
    }
    let mut report = CorpusStatus {
        changed: changed_against_head(corpus, &documents)?,
        ..CorpusStatus::default()
    };
    for document in &documents {
        for p in &document.paragraphs {
            let entry = || ParagraphRef {
                document: document.id.to_string(),
                paragraph: p.id.to_string(),
            };
            if p.is_stale() {
                report.stale.push(entry());
            }
            if p.has_flag("fuzzy") {
                report.fuzzy.push(entry());
            }
            match (&p.source, &p.target) {
                (None, Some(_)) => report.missing_source.push(entry()),
                (Some(_), None) => report.missing_target.push(entry()),
                _ => {}
            }
        }
    }
    Ok(report)
}

fn changed_against_head(corpus: &Corpus, documents: &[Document]) -> Result<Vec<ChangedDocument>> {
    let mut changed = Vec::new();
    let Ok(history) = History::open(corpus.root()) else {
        return Ok(changed);
    };
    // Before the first commit, every document is new.
    let committed = match history.head_commit()? {
        Some(head) => history.documents_at(head)?,
        None => Vec::new(),
    };
    let ids: BTreeSet<&str> = committed
        .iter()
        .chain(documents)
        .map(|d| d.id.as_str())
        .collect();
    for id in ids {
        let old = committed.iter().find(|d| d.id.as_str() == id);
        let new = documents.iter().find(|d| d.id.as_str() == id);
        if let Some(diff) = diff_documents(old, new) {
            changed.push(ChangedDocument {
                document: id.to_owned(),
                status: diff.status,
            });
        }
    }
    Ok(changed)
}
