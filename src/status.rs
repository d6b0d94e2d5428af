//! The state of a corpus: documents changed against the last commit,
//! translations to review (stale, or marked fuzzy), and paragraphs with a
//! side still missing. The model is data; `crate::render::status` shows
//! it, and it serialises to JSON.
//!
//! In a repository the cost follows the change, not the corpus: files are
//! told changed or not by git's index (their stat data) and compared with
//! the last commit by blob id, and what each document holds to report is
//! kept by blob id in the git directory, so only documents never seen
//! before are read.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::corpus::Corpus;
use crate::diff::Status;
use crate::document::io::{load_document, write_atomic};
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

/// A conflict a merge recorded: in a paragraph's field, or in a metadata
/// key when there is no paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictRef {
    /// Document id.
    pub document: String,
    /// Paragraph id, for a paragraph's conflict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<String>,
    /// The field or metadata key.
    pub field: String,
}

/// What `status` reports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CorpusStatus {
    /// Documents changed against HEAD (empty without a history).
    pub changed: Vec<ChangedDocument>,
    /// Conflicts a merge recorded, not yet resolved.
    pub conflicts: Vec<ConflictRef>,
    /// Translations whose original changed since they were confirmed.
    pub stale: Vec<ParagraphRef>,
    /// Translations marked fuzzy.
    pub fuzzy: Vec<ParagraphRef>,
    /// Pairs the aligner made with low confidence, not yet confirmed by a
    /// person.
    pub low_confidence: Vec<ParagraphRef>,
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

/// What one document has to report, by paragraph id: what the cache keeps.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Summary {
    /// `(paragraph, field)`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    conflicts: Vec<(Option<String>, String)>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    stale: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    fuzzy: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    low_confidence: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    missing_source: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    missing_target: Vec<String>,
}

impl Summary {
    fn of(document: &Document) -> Summary {
        let mut summary = Summary::default();
        for c in &document.conflicts {
            summary.conflicts.push((None, c.field.clone()));
        }
        for p in &document.paragraphs {
            let id = || p.id.to_string();
            for c in &p.conflict {
                summary.conflicts.push((Some(id()), c.field.clone()));
            }
            if p.is_stale() {
                summary.stale.push(id());
            }
            if p.has_flag("fuzzy") {
                summary.fuzzy.push(id());
            }
            if p.confidence
                .is_some_and(|c| c < crate::align::LOW_CONFIDENCE)
            {
                summary.low_confidence.push(id());
            }
            match (&p.source, &p.target) {
                (None, Some(_)) => summary.missing_source.push(id()),
                (Some(_), None) => summary.missing_target.push(id()),
                _ => {}
            }
        }
        summary
    }

    fn add_to(&self, document: &str, report: &mut CorpusStatus) {
        let refs = |ids: &[String]| -> Vec<ParagraphRef> {
            ids.iter()
                .map(|p| ParagraphRef {
                    document: document.to_owned(),
                    paragraph: p.clone(),
                })
                .collect()
        };
        report
            .conflicts
            .extend(self.conflicts.iter().map(|(paragraph, field)| ConflictRef {
                document: document.to_owned(),
                paragraph: paragraph.clone(),
                field: field.clone(),
            }));
        report.stale.extend(refs(&self.stale));
        report.fuzzy.extend(refs(&self.fuzzy));
        report.low_confidence.extend(refs(&self.low_confidence));
        report.missing_source.extend(refs(&self.missing_source));
        report.missing_target.extend(refs(&self.missing_target));
    }
}

/// The summaries of documents by blob id, as kept between runs.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Cache {
    /// This layout's version: another is ignored.
    version: u32,
    #[serde(default)]
    documents: BTreeMap<String, Summary>,
}

/// The layout of the cache file this version writes.
const CACHE_VERSION: u32 = 3;

/// The status of a corpus's documents on disk, against HEAD when the
/// corpus has a history with commits.
pub fn status(corpus: &Corpus) -> Result<CorpusStatus> {
    let Ok(history) = History::open(corpus.root()) else {
        return status_without_history(corpus);
    };
    let disk = history.blobs_on_disk()?;
    // Before the first commit, every document is new.
    let committed = match history.head_commit()? {
        Some(head) => history.blobs_at(head)?,
        None => BTreeMap::new(),
    };
    let mut report = CorpusStatus::default();
    let ids: std::collections::BTreeSet<&String> = disk.keys().chain(committed.keys()).collect();
    for id in ids {
        let status = match (committed.get(id), disk.get(id)) {
            (None, Some(_)) => Status::Added,
            (Some(_), None) => Status::Removed,
            (Some(old), Some(new)) if old != new => Status::Modified,
            _ => continue,
        };
        report.changed.push(ChangedDocument {
            document: id.clone(),
            status,
        });
    }
    let cache_file = history.cache_dir().join("status.json");
    let cache: Cache = std::fs::read(&cache_file)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .filter(|c: &Cache| c.version == CACHE_VERSION)
        .unwrap_or_default();
    let mut kept = Cache {
        version: CACHE_VERSION,
        documents: BTreeMap::new(),
    };
    for (id, blob) in &disk {
        let summary = match cache.documents.get(blob) {
            Some(summary) => summary.clone(),
            None => {
                let path = corpus.document_path(&crate::DocumentId::new(id)?);
                Summary::of(&load_document(&path, corpus.config().limits.max_file_size)?.document)
            }
        };
        summary.add_to(id, &mut report);
        kept.documents.insert(blob.clone(), summary);
    }
    if kept.documents != cache.documents {
        // A cache that cannot be written costs only time.
        let _ = save_cache(&cache_file, &kept);
    }
    Ok(report)
}

fn save_cache(path: &Path, cache: &Cache) -> Result<()> {
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let bytes = serde_json::to_vec(cache).unwrap_or_default();
    write_atomic(path, &bytes, true)
}

/// Status of a corpus that is not in a git repository: every document
/// read.
fn status_without_history(corpus: &Corpus) -> Result<CorpusStatus> {
    let mut report = CorpusStatus::default();
    for path in corpus.document_paths()? {
        let document = load_document(&path, corpus.config().limits.max_file_size)?.document;
        Summary::of(&document).add_to(document.id.as_str(), &mut report);
    }
    Ok(report)
}
