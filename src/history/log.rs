//! The revisions that changed a corpus, a document or a paragraph, and
//! who last changed each text.

use std::path::Path;

use git2::{Oid, Sort};

use super::{git_error, CommitId, History};
use crate::date::rfc3339;
use crate::document::{Document, Side};
use crate::error::{Error, Result};

/// One revision, as `log` shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Revision {
    /// The commit id.
    pub commit: String,
    /// Author name.
    pub author: String,
    /// Author e-mail.
    pub email: String,
    /// Author time, RFC 3339.
    pub time: String,
    /// The whole message.
    pub message: String,
    /// Documents the revision changed.
    pub documents: Vec<String>,
    /// Paragraphs it changed, as `document#paragraph`.
    pub paragraphs: Vec<String>,
}

impl History {
    /// Revisions that changed the corpus, one document, or one paragraph of
    /// it, newest first.
    pub fn log(&self, document: Option<&str>, paragraph: Option<&str>) -> Result<Vec<Revision>> {
        let (_, head) = match self.head() {
            Ok(head) => head,
            Err(_) => (
                String::new(),
                self.repo.head().ok().and_then(|h| h.target()),
            ),
        };
        let Some(head) = head else {
            return Ok(Vec::new());
        };
        let mut walk = self.repo.revwalk().map_err(|e| git_error(&self.root, e))?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)
            .map_err(|e| git_error(&self.root, e))?;
        walk.push(head).map_err(|e| git_error(&self.root, e))?;
        let mut revisions = Vec::new();
        for oid in walk {
            let oid = oid.map_err(|e| git_error(&self.root, e))?;
            let commit = self
                .repo
                .find_commit(oid)
                .map_err(|e| git_error(&self.root, e))?;
            let parent = commit.parent_ids().next();
            // Skip commits whose translations tree did not change: cheap,
            // and most commits of a mixed repository are such.
            let this_tree = self.translations_tree(oid)?.map(|t| t.id());
            let parent_tree = match parent {
                Some(p) => self.translations_tree(p)?.map(|t| t.id()),
                None => None,
            };
            if this_tree == parent_tree {
                continue;
            }
            let tree = commit.tree().map_err(|e| git_error(&self.root, e))?;
            let (documents, paragraphs) = self.changes(parent, Some(&tree))?;
            let relevant = match (document, paragraph) {
                (Some(d), Some(p)) => paragraphs.iter().any(|x| *x == format!("{d}#{p}")),
                (Some(d), None) => documents.iter().any(|x| x == d),
                _ => !documents.is_empty(),
            };
            if !relevant {
                continue;
            }
            let author = commit.author();
            revisions.push(Revision {
                commit: oid.to_string(),
                author: author.name().unwrap_or("").to_owned(),
                email: author.email().unwrap_or("").to_owned(),
                time: rfc3339(author.when().seconds(), author.when().offset_minutes()),
                message: commit.message().unwrap_or("").trim_end().to_owned(),
                documents,
                paragraphs,
            });
        }
        Ok(revisions)
    }
}

/// Who last changed one text, for `blame`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Stamp {
    /// The commit id.
    pub commit: String,
    /// Author name.
    pub author: String,
    /// Author time, RFC 3339.
    pub time: String,
    /// The message's first line.
    pub message: String,
}

/// The last change of each side of one paragraph.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ParagraphBlame {
    /// The paragraph id.
    pub id: String,
    /// The revision that last changed the source text (`None` without one).
    pub source: Option<Stamp>,
    /// The revision that last changed the target text.
    pub target: Option<Stamp>,
}

impl History {
    /// For each paragraph of a document as committed at HEAD, and each
    /// side, the revision that last changed that text. Walks the first-
    /// parent history once, loading the document only at commits whose
    /// file changed.
    pub fn blame(&self, id: &str) -> Result<Vec<ParagraphBlame>> {
        let head = self.head_commit()?.ok_or_else(|| Error::History {
            path: self.root.clone(),
            message: "the repository has no commits yet".into(),
        })?;
        self.blame_at(id, head, "HEAD")
    }

    /// [`History::blame`] of the document as it is at `at` (named `name` in
    /// messages), walking the history from there.
    pub fn blame_at(&self, id: &str, at: CommitId, name: &str) -> Result<Vec<ParagraphBlame>> {
        let head = at.0;
        let Some(current) = self.document_at(at, id)? else {
            return Err(Error::History {
                path: self.root.clone(),
                message: format!("no document {id:?} at {name}"),
            });
        };
        let path = self.document_path(id);
        let blob_at = |oid: Oid| -> Option<Oid> {
            let commit = self.repo.find_commit(oid).ok()?;
            let tree = commit.tree().ok()?;
            tree.get_path(Path::new(&path)).ok().map(|e| e.id())
        };
        let mut blame: Vec<ParagraphBlame> = current
            .paragraphs
            .iter()
            .map(|p| ParagraphBlame {
                id: p.id.to_string(),
                source: None,
                target: None,
            })
            .collect();
        let mut pending: usize = current
            .paragraphs
            .iter()
            .map(|p| usize::from(p.source.is_some()) + usize::from(p.target.is_some()))
            .sum();
        let mut commit_id = head;
        let mut doc_here: Option<Document> = Some(current.clone());
        while pending > 0 {
            let commit = self
                .repo
                .find_commit(commit_id)
                .map_err(|e| git_error(&self.root, e))?;
            let parent = commit.parent_ids().next();
            let changed = parent.is_none_or(|p| blob_at(p) != blob_at(commit_id));
            if changed {
                let doc_parent = match parent {
                    Some(p) => self.document_at(CommitId(p), id)?,
                    None => None,
                };
                let author = commit.author();
                let stamp = Stamp {
                    commit: commit_id.to_string(),
                    author: author.name().unwrap_or("").to_owned(),
                    time: rfc3339(author.when().seconds(), author.when().offset_minutes()),
                    message: commit.summary().ok().flatten().unwrap_or("").to_owned(),
                };
                for (k, paragraph) in current.paragraphs.iter().enumerate() {
                    let here = doc_here
                        .as_ref()
                        .and_then(|d| d.paragraph(paragraph.id.as_str()));
                    let before = doc_parent
                        .as_ref()
                        .and_then(|d| d.paragraph(paragraph.id.as_str()));
                    for side in [Side::Source, Side::Target] {
                        let slot = match side {
                            Side::Source => &mut blame[k].source,
                            Side::Target => &mut blame[k].target,
                        };
                        if slot.is_some() || paragraph.text(side).is_none() {
                            continue;
                        }
                        let text_here = here.and_then(|p| p.text(side));
                        let text_before = before.and_then(|p| p.text(side));
                        if text_here != text_before {
                            *slot = Some(stamp.clone());
                            pending -= 1;
                        }
                    }
                }
                doc_here = doc_parent;
            }
            match parent {
                Some(p) => commit_id = p,
                None => break,
            }
        }
        Ok(blame)
    }
}
