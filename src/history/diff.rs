//! What changed between revisions, or between a revision and the files on
//! disk: only documents whose blob differs are read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use git2::{ObjectType, Oid, Repository};

use super::{git_error, CommitId, History};
use crate::corpus::TRANSLATIONS_DIR;
use crate::diff::{diff_document_files, diff_documents, DocumentDiff};
use crate::document::io::{document_files_in, parse_document_bytes, read_limited};
use crate::error::{Error, Result};

/// One document to compare: its old and new blobs, and how errors name
/// each version.
struct DiffJob {
    old: Option<Oid>,
    new: Option<Oid>,
    old_label: PathBuf,
    new_label: PathBuf,
}

impl DiffJob {
    fn run(
        &self,
        repo: &Repository,
        root: &Path,
        on_disk: &BTreeMap<Oid, Vec<u8>>,
    ) -> Result<Option<DocumentDiff>> {
        let blob = |oid: Option<Oid>| -> Result<Option<git2::Blob<'_>>> {
            match oid {
                Some(oid) if !on_disk.contains_key(&oid) => repo
                    .find_blob(oid)
                    .map(Some)
                    .map_err(|e| git_error(root, e)),
                _ => Ok(None),
            }
        };
        let (old_blob, new_blob) = (blob(self.old)?, blob(self.new)?);
        let on_disk_bytes = |oid: Option<Oid>| oid.and_then(|o| on_disk.get(&o).map(Vec::as_slice));
        let old = on_disk_bytes(self.old).or(old_blob.as_ref().map(|b| b.content()));
        let new = on_disk_bytes(self.new).or(new_blob.as_ref().map(|b| b.content()));
        let read = |label: &Path| {
            let label = label.to_owned();
            move |bytes: &[u8]| parse_document_bytes(bytes, &label).map(|(d, _)| d)
        };
        Ok(match (old, new) {
            (Some(o), Some(n)) => {
                diff_document_files(o, n, read(&self.old_label), read(&self.new_label))?
            }
            (o, n) => {
                let read = |bytes: Option<&[u8]>, label: &Path| {
                    bytes
                        .map(|b| parse_document_bytes(b, label).map(|(d, _)| d))
                        .transpose()
                };
                let (o, n) = (read(o, &self.old_label)?, read(n, &self.new_label)?);
                diff_documents(o.as_ref(), n.as_ref())
            }
        })
    }
}

/// The documents, and the paragraphs as `document#paragraph`, that diffs
/// show changed.
pub(super) fn summarize(diffs: Vec<DocumentDiff>) -> (Vec<String>, Vec<String>) {
    let mut paragraphs = Vec::new();
    for diff in &diffs {
        paragraphs.extend(
            diff.paragraphs
                .iter()
                .filter(|p| p.status.changes_text())
                .map(|p| format!("{}#{}", diff.id, p.id)),
        );
    }
    (diffs.into_iter().map(|d| d.id).collect(), paragraphs)
}

impl History {
    /// Documents and paragraphs that differ between a commit (or nothing)
    /// and a tree.
    pub(super) fn changes(
        &self,
        old: Option<Oid>,
        new_tree: Option<&git2::Tree>,
    ) -> Result<(Vec<String>, Vec<String>)> {
        let new_blobs = match new_tree {
            Some(tree) => self.document_blobs(tree)?,
            None => BTreeMap::new(),
        };
        let diffs = self.diffs_against(old, new_blobs, &[], &BTreeMap::new(), |id| {
            PathBuf::from(self.document_path(id))
        })?;
        Ok(summarize(diffs))
    }

    /// What changed between two commits, or between a commit and the
    /// documents on disk (`new` is `None`), limited to the documents in
    /// `only` unless it is empty. Only documents whose file differs are
    /// read: a revision that changed one document of ten thousand reads
    /// two files.
    ///
    /// With no `old` (a history without commits yet), every document is
    /// new.
    pub fn diff(
        &self,
        old: Option<CommitId>,
        new: Option<CommitId>,
        only: &[&str],
    ) -> Result<Vec<DocumentDiff>> {
        let old = old.map(|c| c.0);
        match new.map(|n| n.0) {
            Some(new) => {
                let blobs = self.document_blobs(&self.commit_tree(new)?)?;
                self.diffs_against(old, blobs, only, &BTreeMap::new(), |id| {
                    PathBuf::from(self.label_at(new, id))
                })
            }
            None => {
                // Files on disk, hashed as git would store them.
                let dir = self.root.join(TRANSLATIONS_DIR);
                let mut files = BTreeMap::new();
                let mut blobs = BTreeMap::new();
                for path in document_files_in(&dir)? {
                    let Some(id) = path.file_stem().and_then(|s| s.to_str()) else {
                        continue;
                    };
                    let bytes = read_limited(&path, self.max_file_size)?;
                    let oid = Oid::hash_object(ObjectType::Blob, &bytes)
                        .map_err(|e| git_error(&self.root, e))?;
                    blobs.insert(id.to_owned(), oid);
                    files.insert(oid, bytes);
                }
                self.diffs_against(old, blobs, only, &files, |id| {
                    dir.join(format!("{id}.toml"))
                })
            }
        }
    }

    /// What a commit changed against its first parent (or, for the first
    /// commit, against nothing), limited to the documents in `only`
    /// unless it is empty.
    pub fn diff_of_commit(&self, commit: &str, only: &[&str]) -> Result<Vec<DocumentDiff>> {
        let oid = self.resolve_oid(commit)?;
        let parent = self
            .repo
            .find_commit(oid)
            .map_err(|e| git_error(&self.root, e))?
            .parent_ids()
            .next();
        let blobs = self.document_blobs(&self.commit_tree(oid)?)?;
        self.diffs_against(parent, blobs, only, &BTreeMap::new(), |id| {
            PathBuf::from(self.label_at(oid, id))
        })
    }

    /// Diffs of the documents of a commit (or none) against documents
    /// given by blob id: read from `on_disk` where it has them, else from
    /// the repository, and named in errors by `new_label`. Documents are
    /// compared on every core when there are many.
    pub(super) fn diffs_against(
        &self,
        old: Option<Oid>,
        new_blobs: BTreeMap<String, Oid>,
        only: &[&str],
        on_disk: &BTreeMap<Oid, Vec<u8>>,
        new_label: impl Fn(&str) -> PathBuf,
    ) -> Result<Vec<DocumentDiff>> {
        let old_blobs = match old {
            Some(oid) => self.document_blobs(&self.commit_tree(oid)?)?,
            None => BTreeMap::new(),
        };
        self.diffs_between(old, &old_blobs, new_blobs, only, on_disk, new_label)
    }

    /// [`History::diffs_against`] with the old commit's documents already
    /// listed (`old_blobs`).
    pub(super) fn diffs_between(
        &self,
        old: Option<Oid>,
        old_blobs: &BTreeMap<String, Oid>,
        new_blobs: BTreeMap<String, Oid>,
        only: &[&str],
        on_disk: &BTreeMap<Oid, Vec<u8>>,
        new_label: impl Fn(&str) -> PathBuf,
    ) -> Result<Vec<DocumentDiff>> {
        let ids: BTreeSet<&String> = old_blobs.keys().chain(new_blobs.keys()).collect();
        let mut jobs = Vec::new();
        for id in ids {
            if !only.is_empty() && !only.contains(&id.as_str()) {
                continue;
            }
            let (o, n) = (old_blobs.get(id).copied(), new_blobs.get(id).copied());
            // Only documents whose file changed are read and compared.
            if o == n {
                continue;
            }
            jobs.push(DiffJob {
                old: o,
                new: n,
                old_label: old.map_or_else(PathBuf::new, |commit| {
                    PathBuf::from(self.label_at(commit, id))
                }),
                new_label: new_label(id),
            });
        }
        // A thread per core, each with its own handle on the repository
        // (a handle is not shared between threads), when the work is
        // worth starting threads for.
        let threads = crate::parallel::threads_for(jobs.len(), 4);
        if threads == 1 {
            return jobs
                .iter()
                .filter_map(|job| job.run(&self.repo, &self.root, on_disk).transpose())
                .collect();
        }
        let git_dir = self.repo.path().to_owned();
        let root = &self.root;
        let mut diffs = Vec::new();
        let mut failure = None;
        crate::parallel::in_order(
            &jobs,
            threads,
            || Repository::open(&git_dir).map_err(|e| git_error(root, e)),
            |repo, job| match repo {
                Ok(repo) => job.run(repo, root, on_disk),
                Err(e) => Err(Error::Git {
                    path: root.clone(),
                    message: e.to_string(),
                    source: e.to_string().into(),
                }),
            },
            |result| match result {
                Ok(Some(diff)) => diffs.push(diff),
                Ok(None) => {}
                Err(e) => {
                    failure.get_or_insert(e);
                }
            },
        );
        match failure {
            Some(error) => Err(error),
            None => Ok(diffs),
        }
    }
}
