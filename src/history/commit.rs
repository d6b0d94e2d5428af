//! Committing documents: one revision at a time, or many in one pack.

use std::collections::{BTreeMap, BTreeSet};

use git2::build::TreeUpdateBuilder;
use git2::{ObjectType, Oid, Repository, Signature, Time};

use super::diff::summarize;
use super::{git_error, History};
use crate::config::CONFIG_FILE;
use crate::corpus::TRANSLATIONS_DIR;
use crate::document::io::document_files_in;
use crate::document::DocumentId;
use crate::error::{Error, Result};

/// Commits made together by [`History::batch`].
pub struct Batch<'h> {
    history: &'h History,
    head: Option<Oid>,
    tree: Option<Oid>,
    commits: Vec<Committed>,
}

impl Batch<'_> {
    /// Commits the documents as they are on disk onto the batch's last
    /// commit, as [`History::commit`] does; `Ok(None)` when nothing
    /// changed.
    pub fn commit(
        &mut self,
        options: &CommitOptions,
        ids: &[DocumentId],
    ) -> Result<Option<&Committed>> {
        let Some((commit, tree, committed)) = self.history.write_commit(self.head, options, ids)?
        else {
            return Ok(None);
        };
        self.head = Some(commit);
        self.tree = Some(tree);
        self.commits.push(committed);
        Ok(self.commits.last())
    }
}

/// Who and when, for a commit.
#[derive(Debug, Clone, Default)]
pub struct CommitOptions {
    /// The message.
    pub message: String,
    /// `Name <email>`; default: the repository's configured identity.
    pub author: Option<String>,
    /// Seconds since the epoch and offset in minutes; default: now.
    pub time: Option<(i64, i32)>,
}

/// What a commit wrote.
#[derive(Debug, Clone)]
pub struct Committed {
    /// The new commit id.
    pub commit: String,
    /// Documents changed, by id.
    pub documents: Vec<String>,
    /// Paragraphs changed, as `document#paragraph`.
    pub paragraphs: Vec<String>,
}

impl History {
    /// Commits the documents and `bitext.toml` as they are on disk, if they
    /// differ from the branch's last commit; `Ok(None)` when nothing
    /// changed. `ids` limits the commit to those documents.
    pub fn commit(&self, options: &CommitOptions, ids: &[DocumentId]) -> Result<Option<Committed>> {
        let (branch, parent) = self.head()?;
        let Some((commit, tree, committed)) = self.write_commit(parent, options, ids)? else {
            return Ok(None);
        };
        self.move_branch(&branch, parent, commit, &options.message)?;
        self.update_index(tree);
        Ok(Some(committed))
    }

    /// Moves the branch from `old` to `new` if it still points at `old`
    /// (compare and swap).
    fn move_branch(&self, branch: &str, old: Option<Oid>, new: Oid, message: &str) -> Result<()> {
        let log = format!("bitext commit: {}", message.lines().next().unwrap_or(""));
        let moved = match old {
            Some(old) => self.repo.reference_matching(branch, new, true, old, &log),
            None => self.repo.reference(branch, new, false, &log),
        };
        moved.map_err(|e| Error::History {
            path: self.root.clone(),
            message: format!(
                "{branch} moved while committing (another commit landed first); nothing was changed, commit again ({})",
                e.message()
            ),
        })?;
        Ok(())
    }

    /// Keeps plain git's index in step with a new commit, so `git status`
    /// agrees; a failure here loses nothing and is left to git.
    fn update_index(&self, tree: Oid) {
        if let (Ok(mut index), Ok(tree)) = (self.repo.index(), self.repo.find_tree(tree)) {
            if index.read_tree(&tree).is_ok() {
                let _ = index.write();
            }
        }
    }

    /// Several commits made in one go, for bulk work such as importing a
    /// long revision series: `work` edits the documents and calls
    /// [`Batch::commit`] for each revision. The objects are kept in memory
    /// and written as one pack when `work` returns, and the branch moves
    /// once, from where it was to the last commit (compare and swap), so a
    /// batch that fails part way writes nothing at all.
    pub fn batch<T>(
        &self,
        work: impl FnOnce(&mut Batch<'_>) -> Result<T>,
    ) -> Result<(T, Vec<Committed>)> {
        let error = |e: git2::Error| git_error(&self.root, e);
        let repo = Repository::open(self.repo.path()).map_err(error)?;
        let inner = History::with(repo, &self.root)?;
        let odb = inner.repo.odb().map_err(error)?;
        let mempack = odb.add_new_mempack_backend(1000).map_err(error)?;
        let (branch, start) = inner.head()?;
        let mut batch = Batch {
            history: &inner,
            head: start,
            tree: None,
            commits: Vec::new(),
        };
        let value = work(&mut batch)?;
        let (Some(head), Some(tree)) = (batch.head, batch.tree) else {
            return Ok((value, Vec::new()));
        };
        let mut pack = git2::Buf::new();
        mempack.dump(&inner.repo, &mut pack).map_err(error)?;
        let mut writer = odb.packwriter().map_err(error)?;
        std::io::Write::write_all(&mut writer, &pack).map_err(|source| Error::Io {
            action: "write a pack into",
            path: self.repo.path().to_owned(),
            source,
        })?;
        writer.commit().map_err(error)?;
        let message = format!("{} revisions", batch.commits.len());
        inner.move_branch(&branch, start, head, &message)?;
        inner.update_index(tree);
        Ok((value, batch.commits))
    }

    /// Writes the objects of a commit of the documents on disk onto
    /// `parent`, without moving any branch; `None` when nothing changed.
    fn write_commit(
        &self,
        parent: Option<Oid>,
        options: &CommitOptions,
        ids: &[DocumentId],
    ) -> Result<Option<(Oid, Oid, Committed)>> {
        let parent_commit = match parent {
            Some(oid) => Some(
                self.repo
                    .find_commit(oid)
                    .map_err(|e| git_error(&self.root, e))?,
            ),
            None => None,
        };
        let base_tree = match &parent_commit {
            Some(commit) => commit.tree().map_err(|e| git_error(&self.root, e))?,
            None => {
                let empty = self
                    .repo
                    .treebuilder(None)
                    .and_then(|b| b.write())
                    .map_err(|e| git_error(&self.root, e))?;
                self.repo
                    .find_tree(empty)
                    .map_err(|e| git_error(&self.root, e))?
            }
        };

        // The documents on disk (those named, or all), and those the last
        // commit had.
        let dir = self.root.join(TRANSLATIONS_DIR);
        let disk_ids: BTreeSet<String> = if ids.is_empty() {
            document_files_in(&dir)?
                .iter()
                .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
                .collect()
        } else {
            ids.iter()
                .filter(|id| dir.join(id.file_name()).is_file())
                .map(|id| id.as_str().to_owned())
                .collect()
        };
        let committed = self.document_blobs(&base_tree)?;
        let wanted = |id: &str| ids.is_empty() || ids.iter().any(|w| w.as_str() == id);

        let mut update = TreeUpdateBuilder::new();
        // The new documents' bytes, kept to compare without reading the
        // blobs back.
        let mut new_bytes: BTreeMap<Oid, Vec<u8>> = BTreeMap::new();
        let mut new_blobs = committed.clone();
        for id in &disk_ids {
            let path = dir.join(format!("{id}.toml"));
            let bytes = std::fs::read(&path).map_err(|source| Error::Io {
                action: "read",
                path: path.clone(),
                source,
            })?;
            let blob =
                Oid::hash_object(ObjectType::Blob, &bytes).map_err(|e| git_error(&self.root, e))?;
            if committed.get(id) == Some(&blob) {
                continue;
            }
            self.repo
                .blob(&bytes)
                .map_err(|e| git_error(&self.root, e))?;
            update.upsert(self.document_path(id), blob, git2::FileMode::Blob);
            new_blobs.insert(id.clone(), blob);
            new_bytes.insert(blob, bytes);
        }
        for id in committed
            .keys()
            .filter(|id| wanted(id) && !disk_ids.contains(*id))
        {
            update.remove(self.document_path(id));
            new_blobs.remove(id);
        }
        if ids.is_empty() {
            let config = self.root.join(CONFIG_FILE);
            if let Ok(bytes) = std::fs::read(&config) {
                let blob = self
                    .repo
                    .blob(&bytes)
                    .map_err(|e| git_error(&self.root, e))?;
                update.upsert(self.path_in_repo(CONFIG_FILE), blob, git2::FileMode::Blob);
            }
        }
        let tree_id = update
            .create_updated(&self.repo, &base_tree)
            .map_err(|e| git_error(&self.root, e))?;
        if tree_id == base_tree.id() {
            return Ok(None);
        }
        let tree = self
            .repo
            .find_tree(tree_id)
            .map_err(|e| git_error(&self.root, e))?;

        // What changed, for the trailers and the caller.
        let diffs = self.diffs_against(parent, new_blobs, &[], &new_bytes, |id| {
            dir.join(format!("{id}.toml"))
        })?;
        let (documents, paragraphs) = summarize(diffs);
        let mut message = options.message.trim_end().to_owned();
        message.push_str("\n\n");
        for id in &documents {
            message.push_str(&format!("Changed-Document: {id}\n"));
        }
        for paragraph in &paragraphs {
            message.push_str(&format!("Changed-Paragraph: {paragraph}\n"));
        }

        let signature = self.signature(options)?;
        let parents: Vec<&git2::Commit> = parent_commit.iter().collect();
        let commit = self
            .repo
            .commit(None, &signature, &signature, &message, &tree, &parents)
            .map_err(|e| git_error(&self.root, e))?;
        Ok(Some((
            commit,
            tree.id(),
            Committed {
                commit: commit.to_string(),
                documents,
                paragraphs,
            },
        )))
    }

    fn signature(&self, options: &CommitOptions) -> Result<Signature<'static>> {
        let error = |e: git2::Error| Error::History {
            path: self.root.clone(),
            message: format!(
                "no author: {} (set user.name and user.email, or give --author)",
                e.message()
            ),
        };
        let (name, email) = match &options.author {
            Some(author) => parse_author(author).ok_or_else(|| Error::History {
                path: self.root.clone(),
                message: format!("author {author:?} is not of the form \"Name <email>\""),
            })?,
            None => {
                let default = self.repo.signature().map_err(error)?;
                (
                    default.name().unwrap_or("").to_owned(),
                    default.email().unwrap_or("").to_owned(),
                )
            }
        };
        let signature = match options.time {
            Some((seconds, offset)) => Signature::new(&name, &email, &Time::new(seconds, offset)),
            None => Signature::now(&name, &email),
        };
        signature.map_err(error)
    }
}

/// `Name <email>` → (name, email).
pub fn parse_author(author: &str) -> Option<(String, String)> {
    let (name, rest) = author.split_once('<')?;
    let email = rest.strip_suffix('>')?.trim();
    let name = name.trim();
    (!name.is_empty() && !email.is_empty()).then(|| (name.to_owned(), email.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authors() {
        assert_eq!(
            parse_author("Анна Петрова <anna@example.org>"),
            Some(("Анна Петрова".into(), "anna@example.org".into()))
        );
        assert_eq!(parse_author("no email"), None);
    }
}
