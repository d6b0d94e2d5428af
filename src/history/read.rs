//! Documents as they are at a revision.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use git2::{ObjectType, Oid};

use super::{git_error, CommitId, History, StatCache};
use crate::config::CONFIG_FILE;
use crate::corpus::TRANSLATIONS_DIR;
use crate::document::io::{document_files_in, parse_document_bytes};
use crate::document::Document;
use crate::error::{Error, Result};

/// A revision's document files as `(id, label, bytes)`, and the text of
/// its `bitext.toml`.
pub type RevisionFiles = (Vec<(String, String, Vec<u8>)>, Option<String>);

impl History {
    /// The document files of a revision, `(id, label, bytes)` with labels
    /// like `abc1234:translations/x.toml`, and the text of its
    /// `bitext.toml` if it has one.
    pub fn files_at(&self, rev: &str) -> Result<RevisionFiles> {
        let commit = self.resolve_oid(rev)?;
        let tree = self.commit_tree(commit)?;
        let mut files = Vec::new();
        for (id, blob) in self.document_blobs(&tree)? {
            let content = self
                .repo
                .find_blob(blob)
                .map_err(|e| git_error(&self.root, e))?
                .content()
                .to_vec();
            let label = self.label_at(commit, &id);
            files.push((id, label, content));
        }
        let config = tree
            .get_path(Path::new(&self.path_in_repo(CONFIG_FILE)))
            .ok()
            .and_then(|entry| self.repo.find_blob(entry.id()).ok())
            .map(|blob| String::from_utf8_lossy(blob.content()).into_owned());
        Ok((files, config))
    }

    /// The ids of the documents that differ between revision `old` and
    /// `new`, or the files on disk when `new` is `None`: only blob ids are
    /// compared, no document is read.
    pub fn changed_documents(&self, old: &str, new: Option<&str>) -> Result<Vec<String>> {
        let old_blobs = self.document_blobs(&self.commit_tree(self.resolve_oid(old)?)?)?;
        let new_blobs = match new {
            Some(rev) => self.document_blobs(&self.commit_tree(self.resolve_oid(rev)?)?)?,
            None => self.disk_blobs()?,
        };
        Ok(new_blobs
            .iter()
            .filter(|(id, blob)| old_blobs.get(*id) != Some(blob))
            .map(|(id, _)| id.clone())
            .collect())
    }

    /// The blob id (hex) of each document file on disk, by document id:
    /// from git's index where the file's stat data says it is unchanged,
    /// else by hashing it.
    pub fn blobs_on_disk(&self) -> Result<BTreeMap<String, String>> {
        Ok(self
            .disk_blobs()?
            .into_iter()
            .map(|(id, oid)| (id, oid.to_string()))
            .collect())
    }

    /// [`History::blobs_on_disk`], as object ids.
    fn disk_blobs(&self) -> Result<BTreeMap<String, Oid>> {
        // Files git's index says are unchanged are not read.
        let cache = StatCache::load(&self.repo);
        let mut blobs = BTreeMap::new();
        for path in document_files_in(&self.root.join(TRANSLATIONS_DIR))? {
            let Some(id) = path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            let meta = std::fs::symlink_metadata(&path).ok();
            if meta
                .as_ref()
                .is_some_and(|m| !m.is_file() && !m.file_type().is_symlink())
            {
                // Hashing a FIFO would wait for a writer.
                return Err(Error::NotAFile { path });
            }
            let known = meta.and_then(|meta| cache.known(&self.document_path(id), &meta));
            let oid = match known {
                Some(oid) => oid,
                None => {
                    Oid::hash_file(ObjectType::Blob, &path).map_err(|e| git_error(&self.root, e))?
                }
            };
            blobs.insert(id.to_owned(), oid);
        }
        Ok(blobs)
    }

    /// The blob id (hex) of each document at a commit, by document id.
    pub fn blobs_at(&self, commit: CommitId) -> Result<BTreeMap<String, String>> {
        Ok(self
            .document_blobs(&self.commit_tree(commit.0)?)?
            .into_iter()
            .map(|(id, oid)| (id, oid.to_string()))
            .collect())
    }

    /// A folder inside the repository's git directory for what bitext
    /// keeps to go faster (never committed, safe to delete).
    pub fn cache_dir(&self) -> PathBuf {
        self.repo.path().join("bitext")
    }

    /// The documents as they are in a commit.
    pub fn documents_at(&self, commit: CommitId) -> Result<Vec<Document>> {
        self.documents_in_tree(&self.commit_tree(commit.0)?)
    }

    pub(super) fn commit_tree(&self, commit: Oid) -> Result<git2::Tree<'_>> {
        self.repo
            .find_commit(commit)
            .and_then(|c| c.tree())
            .map_err(|e| git_error(&self.root, e))
    }

    pub(super) fn translations_tree(&self, commit: Oid) -> Result<Option<git2::Tree<'_>>> {
        let tree = self.commit_tree(commit)?;
        let path = self.path_in_repo(TRANSLATIONS_DIR);
        match tree.get_path(Path::new(&path)) {
            Ok(entry) => Ok(Some(
                entry
                    .to_object(&self.repo)
                    .and_then(|o| o.peel_to_tree())
                    .map_err(|e| git_error(&self.root, e))?,
            )),
            Err(_) => Ok(None),
        }
    }

    /// A document as it is in a commit; `None` if it did not exist there.
    pub fn document_at(&self, commit: CommitId, id: &str) -> Result<Option<Document>> {
        let tree = self.commit_tree(commit.0)?;
        let path = self.document_path(id);
        let Ok(entry) = tree.get_path(Path::new(&path)) else {
            return Ok(None);
        };
        let label = PathBuf::from(self.label_at(commit.0, id));
        let document = self.document_in_blob(entry.id(), &label)?;
        Ok(Some(document))
    }

    /// The document files of a tree: id → blob.
    pub(super) fn document_blobs(&self, tree: &git2::Tree) -> Result<BTreeMap<String, Oid>> {
        let path = self.path_in_repo(TRANSLATIONS_DIR);
        let Ok(entry) = tree.get_path(Path::new(&path)) else {
            return Ok(BTreeMap::new());
        };
        let sub = entry
            .to_object(&self.repo)
            .and_then(|o| o.peel_to_tree())
            .map_err(|e| git_error(&self.root, e))?;
        let mut blobs = BTreeMap::new();
        for entry in sub.iter() {
            let Some(id) = entry
                .name()
                .ok()
                .filter(|n| !n.starts_with('.'))
                .and_then(|n| n.strip_suffix(".toml"))
            else {
                continue;
            };
            if entry.kind() == Some(ObjectType::Blob) {
                blobs.insert(id.to_owned(), entry.id());
            }
        }
        Ok(blobs)
    }

    pub(super) fn document_in_blob(&self, blob: Oid, label: &Path) -> Result<Document> {
        let blob = self
            .repo
            .find_blob(blob)
            .map_err(|e| git_error(&self.root, e))?;
        Ok(parse_document_bytes(blob.content(), label)?.0)
    }

    pub(super) fn documents_in_tree(&self, tree: &git2::Tree) -> Result<Vec<Document>> {
        self.document_blobs(tree)?
            .iter()
            .map(|(id, blob)| self.document_in_blob(*blob, Path::new(&self.document_path(id))))
            .collect()
    }
}
