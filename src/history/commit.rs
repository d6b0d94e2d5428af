//! Committing documents: one revision at a time, or many in one pack.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use git2::build::TreeUpdateBuilder;
use git2::{IndexEntry, IndexTime, ObjectType, Oid, Repository, Signature, Time};

use super::diff::summarize;
use super::{git_error, History, StatCache};
use crate::config::CONFIG_FILE;
use crate::corpus::{SCHEMA_FILE, TRANSLATIONS_DIR};
use crate::document::io::{document_files_in, read_limited, write_atomic};
use crate::document::parse_document;
use crate::document::write::split_comments;
use crate::document::DocumentId;
use crate::error::{Error, Result};

/// Commits made together by [`History::batch`].
pub struct Batch<'h> {
    history: &'h History,
    head: Option<Oid>,
    /// The index entries the batch's commits change, the last one winning.
    index: IndexChanges,
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
        let Some(written) =
            self.history
                .write_commit(self.head, None, options, ids, &mut |_| Ok(true))?
        else {
            return Ok(None);
        };
        self.head = Some(written.commit);
        self.index.extend(written.index);
        self.commits.push(written.committed);
        Ok(self.commits.last())
    }
}

/// What [`History::write_commit`] wrote: the commit, the index entries it
/// changes, and what it changed.
struct Written {
    commit: Oid,
    index: IndexChanges,
    committed: Committed,
}

/// A merge git left in progress, which a commit concludes.
struct MergeInProgress {
    /// The branches merged in (`MERGE_HEAD`): the commit's other parents.
    heads: Vec<Oid>,
    /// The tree of git's index, the documents' conflicts left out.
    tree: Oid,
}

/// Looks at the files of the documents a commit would record: `Ok(true)`
/// to go on.
pub type Verify<'a> = &'a mut dyn FnMut(&[PathBuf]) -> Result<bool>;

/// Where notes of commits in progress are kept, in the git directory.
const PENDING_DIR: &str = "bitext";

/// Whether the process that wrote a note of a commit in progress may still
/// be running: on Linux, as `/proc` tells; elsewhere, for a minute.
fn still_running(pid: u32, note: &Path) -> bool {
    if cfg!(target_os = "linux") {
        return Path::new("/proc").join(pid.to_string()).exists();
    }
    std::fs::metadata(note)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_none_or(|age| age.as_secs() < 60)
}

/// Index entries to set, by path in the repository: `None` removes one.
type IndexChanges = BTreeMap<String, Option<Staged>>;

/// An index entry to set.
enum Staged {
    /// A blob just committed, and the file on disk it was read from (its
    /// stat data lets git see the file is unchanged without hashing it).
    File(Oid, PathBuf),
    /// An entry as the index had it.
    Entry(IndexEntry),
    /// A blob, with no stat data: git looks at the file again.
    Blob(Oid),
}

impl Staged {
    fn entry(&self, path: &str) -> IndexEntry {
        let (id, file) = match self {
            Staged::Entry(entry) => {
                // `IndexEntry` is not `Clone`; every field is plain data.
                return IndexEntry {
                    ctime: entry.ctime,
                    mtime: entry.mtime,
                    dev: entry.dev,
                    ino: entry.ino,
                    mode: entry.mode,
                    uid: entry.uid,
                    gid: entry.gid,
                    file_size: entry.file_size,
                    id: entry.id,
                    flags: entry.flags,
                    flags_extended: entry.flags_extended,
                    path: entry.path.clone(),
                };
            }
            Staged::File(id, file) => (*id, file),
            Staged::Blob(id) => {
                return IndexEntry {
                    ctime: IndexTime::new(0, 0),
                    mtime: IndexTime::new(0, 0),
                    dev: 0,
                    ino: 0,
                    mode: 0o100_644,
                    uid: 0,
                    gid: 0,
                    file_size: 0,
                    id: *id,
                    flags: path.len().min(0xfff) as u16,
                    flags_extended: 0,
                    path: path.as_bytes().to_vec(),
                };
            }
        };
        let meta = std::fs::metadata(file).ok();
        let time = |seconds: i64, nanos: i64| {
            IndexTime::new(seconds as i32, u32::try_from(nanos).unwrap_or(0))
        };
        #[cfg(unix)]
        let (ctime, mtime, dev, ino, uid, gid) = {
            use std::os::unix::fs::MetadataExt;
            match &meta {
                Some(m) => (
                    time(m.ctime(), m.ctime_nsec()),
                    time(m.mtime(), m.mtime_nsec()),
                    m.dev() as u32,
                    m.ino() as u32,
                    m.uid(),
                    m.gid(),
                ),
                None => (time(0, 0), time(0, 0), 0, 0, 0, 0),
            }
        };
        #[cfg(not(unix))]
        let (ctime, mtime, dev, ino, uid, gid) = (time(0, 0), time(0, 0), 0, 0, 0, 0);
        IndexEntry {
            ctime,
            mtime,
            dev,
            ino,
            mode: 0o100_644,
            uid,
            gid,
            file_size: meta.map_or(0, |m| m.len() as u32),
            id,
            flags: path.len().min(0xfff) as u16,
            flags_extended: 0,
            path: path.as_bytes().to_vec(),
        }
    }
}

/// Polls `done` for up to two seconds; whether it came true.
fn wait_until(mut done: impl FnMut() -> bool) -> bool {
    for _ in 0..100 {
        if done() {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    done()
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
    ///
    /// Plain git's index is updated for the committed paths only, and
    /// written before the branch moves: every other staged change is kept,
    /// and a commit stopped at any point leaves an index that a later
    /// `git commit` cannot use to undo it. A locked index refuses the
    /// commit before anything moves.
    pub fn commit(&self, options: &CommitOptions, ids: &[DocumentId]) -> Result<Option<Committed>> {
        self.commit_verified(options, ids, &mut |_| Ok(true))
    }

    /// [`History::commit`], calling `verify` with the files of the
    /// documents that would be committed (those that changed) before
    /// anything is written; when it answers `false`, nothing is committed
    /// and the answer is `Ok(None)`.
    pub fn commit_verified(
        &self,
        options: &CommitOptions,
        ids: &[DocumentId],
        verify: Verify<'_>,
    ) -> Result<Option<Committed>> {
        // An operation git has in progress comes first: a rebase's HEAD is
        // detached, and the refusal should say how to finish the rebase.
        let merge = self.merge_in_progress()?;
        let (branch, parent) = self.head()?;
        self.refuse_locked_index()?;
        let Some(written) = self.write_commit(parent, merge.as_ref(), options, ids, verify)? else {
            return Ok(None);
        };
        self.land(
            &branch,
            parent,
            written.commit,
            &options.message,
            &written.index,
        )?;
        if merge.is_some() {
            // The merge is concluded: git's notes of it go, as `git commit`
            // removes them.
            self.repo
                .cleanup_state()
                .map_err(|e| git_error(&self.root, e))?;
        }
        Ok(Some(written.committed))
    }

    /// The merge git left in progress (`git merge` stopped on a conflict),
    /// whose commit this one concludes: the branches merged in, and the
    /// tree git's index holds, with the documents' conflicts left to the
    /// files bitext reads. Another operation in progress (a rebase, a
    /// cherry-pick) is git's to finish: refused.
    fn merge_in_progress(&self) -> Result<Option<MergeInProgress>> {
        let refuse = |message: String| Error::History {
            path: self.root.clone(),
            message,
        };
        let operation = match self.repo.state() {
            git2::RepositoryState::Clean => return Ok(None),
            git2::RepositoryState::Merge => None,
            git2::RepositoryState::CherryPick | git2::RepositoryState::CherryPickSequence => {
                Some("cherry-pick")
            }
            git2::RepositoryState::Revert | git2::RepositoryState::RevertSequence => Some("revert"),
            git2::RepositoryState::Rebase
            | git2::RepositoryState::RebaseInteractive
            | git2::RepositoryState::RebaseMerge => Some("rebase"),
            _ => Some("am"),
        };
        if let Some(operation) = operation {
            return Err(refuse(format!(
                "a git {operation} is in progress: resolve the documents with `bitext resolve`, `git add` them and run `git {operation} --continue` (or `git {operation} --abort`); nothing was committed"
            )));
        }
        let git = |e| git_error(&self.root, e);
        // git's list of the branches merged in, one commit id a line.
        let list = self.repo.path().join("MERGE_HEAD");
        let heads = std::fs::read_to_string(&list)
            .map_err(|source| Error::Io {
                action: "read",
                path: list.clone(),
                source,
            })?
            .lines()
            .filter(|line| !line.trim().is_empty())
            .map(|line| Oid::from_str(line.trim()))
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(git)?;
        // A copy of git's index: the repository's own stays as it is until
        // the commit lands.
        let mut index = git2::Index::open(&self.repo.path().join("index")).map_err(git)?;
        let documents = self.path_in_repo(TRANSLATIONS_DIR) + "/";
        let mut outside = Vec::new();
        let conflicted: Vec<String> = index
            .conflicts()
            .map_err(git)?
            .filter_map(|c| c.ok())
            .filter_map(|c| c.our.or(c.their).or(c.ancestor))
            .map(|entry| String::from_utf8_lossy(&entry.path).into_owned())
            .collect();
        for path in conflicted {
            if path.starts_with(&documents) && path.ends_with(".toml") {
                index.conflict_remove(Path::new(&path)).map_err(git)?;
            } else {
                outside.push(path);
            }
        }
        if !outside.is_empty() {
            return Err(refuse(format!(
                "the merge in progress left conflicts outside the documents ({}): resolve them with git and `git add` them first; nothing was committed",
                outside.join(", ")
            )));
        }
        let tree = index.write_tree_to(&self.repo).map_err(git)?;
        Ok(Some(MergeInProgress { heads, tree }))
    }

    /// Stages `changes` in git's index, then moves the branch from
    /// `parent` to `commit`. While the two disagree a note of the commit in
    /// progress stays in the git directory, so that a commit stopped
    /// between them (killed, say) is undone in the index by the next
    /// bitext command; a branch that moved meanwhile puts the index back
    /// at once.
    fn land(
        &self,
        branch: &str,
        parent: Option<Oid>,
        commit: Oid,
        message: &str,
        changes: &IndexChanges,
    ) -> Result<()> {
        let before = self.entries_before(changes)?;
        let note = self.write_pending(branch, commit, &before)?;
        if let Err(error) = self.stage(changes) {
            let _ = std::fs::remove_file(&note);
            return Err(error);
        }
        let moved = self.move_branch(branch, parent, commit, message);
        if let Err(error) = moved {
            // The index must not claim what did not land.
            if self.stage(&before).is_err() {
                // The note stays, for the next command to settle.
                return Err(Error::History {
                    path: self.root.clone(),
                    message: format!(
                        "{error}; git's index could not be put back either, and now stages what was not committed: run `bitext status` to repair it"
                    ),
                });
            }
            let _ = std::fs::remove_file(&note);
            return Err(error);
        }
        let _ = std::fs::remove_file(&note);
        Ok(())
    }

    /// The index entries of the paths `changes` touches, as they are now.
    fn entries_before(&self, changes: &IndexChanges) -> Result<IndexChanges> {
        let index = self.repo.index().map_err(|e| git_error(&self.root, e))?;
        Ok(changes
            .keys()
            .map(|path| {
                let entry = index.get_path(Path::new(path), 0);
                (path.clone(), entry.map(Staged::Entry))
            })
            .collect())
    }

    /// Writes the note of a commit in progress: the branch, the commit,
    /// and each touched path's blob before it (`-` for none).
    fn write_pending(&self, branch: &str, commit: Oid, before: &IndexChanges) -> Result<PathBuf> {
        let dir = self.repo.path().join(PENDING_DIR);
        std::fs::create_dir_all(&dir).map_err(|source| Error::Io {
            action: "create",
            path: dir.clone(),
            source,
        })?;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let path = dir.join(format!("commit-{}-{nanos}.pending", std::process::id()));
        let mut text = format!("{branch} {commit}\n");
        for (file, entry) in before {
            let blob = match entry {
                Some(Staged::Entry(e)) => e.id.to_string(),
                Some(Staged::Blob(id) | Staged::File(id, _)) => id.to_string(),
                None => "-".to_owned(),
            };
            text.push_str(&format!("{file}\t{blob}\n"));
        }
        write_atomic(&path, text.as_bytes(), true)?;
        Ok(path)
    }

    /// Undoes in git's index what commits stopped before their branch moved
    /// staged (see [`History::land`]); best effort, a note that cannot be
    /// settled now is kept for the next command.
    pub(super) fn recover_interrupted_commits(&self) {
        let dir = self.repo.path().join(PENDING_DIR);
        let Ok(notes) = std::fs::read_dir(&dir) else {
            return;
        };
        for note in notes.flatten() {
            let path = note.path();
            let name = note.file_name().to_string_lossy().into_owned();
            let Some(pid) = name
                .strip_prefix("commit-")
                .and_then(|rest| rest.split('-').next())
                .and_then(|pid| pid.parse::<u32>().ok())
            else {
                continue;
            };
            if still_running(pid, &path) {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let mut lines = text.lines();
            let Some((branch, commit)) = lines.next().and_then(|l| l.split_once(' ')) else {
                let _ = std::fs::remove_file(&path);
                continue;
            };
            let Ok(commit) = Oid::from_str(commit) else {
                let _ = std::fs::remove_file(&path);
                continue;
            };
            let landed = self.repo.refname_to_id(branch).is_ok_and(|head| {
                head == commit || self.repo.graph_descendant_of(head, commit).unwrap_or(false)
            });
            if !landed {
                let before: IndexChanges = lines
                    .filter_map(|line| {
                        let (file, blob) = line.split_once('\t')?;
                        let entry = Oid::from_str(blob).ok().map(Staged::Blob);
                        Some((file.to_owned(), entry))
                    })
                    .collect();
                if self.stage(&before).is_err() {
                    continue;
                }
            }
            let _ = std::fs::remove_file(&path);
        }
    }

    /// Refuses to start when another git command holds the index (after
    /// waiting a moment, as another bitext holds it only briefly).
    fn refuse_locked_index(&self) -> Result<()> {
        let lock = self.repo.path().join("index.lock");
        let locked = || lock.exists();
        if locked() && !wait_until(|| !locked()) {
            return Err(Error::History {
                path: self.root.clone(),
                message: format!(
                    "the git index is locked by {} (another git command is running; wait for it to finish, or remove the file if none is); nothing was committed",
                    lock.display()
                ),
            });
        }
        Ok(())
    }

    /// Sets the index entries of `changes` (a blob and the file it came
    /// from, an entry as it was, or removed) and writes the index.
    fn stage(&self, changes: &IndexChanges) -> Result<()> {
        let error = |e: git2::Error| {
            let message = if e.code() == git2::ErrorCode::Locked {
                format!(
                    "the git index is locked by {} (another git command is running); nothing was committed",
                    self.repo.path().join("index.lock").display()
                )
            } else {
                format!("cannot update the git index ({})", e.message())
            };
            Error::Git {
                path: self.root.clone(),
                message,
                source: Box::new(e),
            }
        };
        let mut index = self.repo.index().map_err(error)?;
        for (path, change) in changes {
            // A document a merge left conflicted is settled by this entry.
            if index.has_conflicts() && index.get_path(Path::new(path), 2).is_some() {
                index.conflict_remove(Path::new(path)).map_err(error)?;
            }
            match change {
                Some(staged) => index.add(&staged.entry(path)).map_err(error)?,
                None => {
                    if index.get_path(Path::new(path), 0).is_some() {
                        index.remove_path(Path::new(path)).map_err(error)?;
                    }
                }
            }
        }
        let mut written = index.write();
        if written
            .as_ref()
            .is_err_and(|e| e.code() == git2::ErrorCode::Locked)
        {
            wait_until(|| {
                written = index.write();
                !written
                    .as_ref()
                    .is_err_and(|e| e.code() == git2::ErrorCode::Locked)
            });
        }
        written.map_err(error)?;
        Ok(())
    }

    /// Moves the branch from `old` to `new` if it still points at `old`
    /// (compare and swap).
    fn move_branch(&self, branch: &str, old: Option<Oid>, new: Oid, message: &str) -> Result<()> {
        let log = format!("bitext commit: {}", message.lines().next().unwrap_or(""));
        let attempt = || match old {
            Some(old) => self.repo.reference_matching(branch, new, true, old, &log),
            None => self.repo.reference(branch, new, false, &log),
        };
        let lock = self.repo.path().join(format!("{branch}.lock"));
        let mut moved = attempt();
        // Another commit holds the branch for a moment: wait for it, then
        // try again (and find the branch moved, if it landed).
        if moved
            .as_ref()
            .is_err_and(|e| e.code() == git2::ErrorCode::Locked)
            && wait_until(|| !lock.exists())
        {
            moved = attempt();
        }
        moved.map(drop).map_err(|e| {
            let message = if e.code() == git2::ErrorCode::Locked {
                format!(
                    "{branch} is locked by {} (another git command is running; remove the file if none is); nothing was committed",
                    lock.display()
                )
            } else {
                format!(
                    "{branch} moved while committing (another commit landed first); nothing was committed, commit again ({})",
                    e.message()
                )
            };
            Error::Git {
                path: self.root.clone(),
                message,
                source: Box::new(e),
            }
        })
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
            index: IndexChanges::new(),
            commits: Vec::new(),
        };
        let value = work(&mut batch)?;
        let Some(head) = batch.head.filter(|_| !batch.commits.is_empty()) else {
            return Ok((value, Vec::new()));
        };
        inner.refuse_locked_index()?;
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
        inner.land(&branch, start, head, &message, &batch.index)?;
        Ok((value, batch.commits))
    }

    /// Writes the objects of a commit of the documents on disk onto
    /// `parent`, without moving any branch; `None` when nothing changed.
    fn write_commit(
        &self,
        parent: Option<Oid>,
        merge: Option<&MergeInProgress>,
        options: &CommitOptions,
        ids: &[DocumentId],
        verify: Verify<'_>,
    ) -> Result<Option<Written>> {
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
                .filter(|id| std::fs::symlink_metadata(dir.join(id.file_name())).is_ok())
                .map(|id| id.as_str().to_owned())
                .collect()
        };
        // Only regular files are committed, and nothing is read through a
        // link: git would store a link, and the file it points to may lie
        // outside the corpus.
        let mut stats = BTreeMap::new();
        for id in &disk_ids {
            let path = dir.join(format!("{id}.toml"));
            let kind = std::fs::symlink_metadata(&path).map_err(|source| Error::Io {
                action: "read",
                path: path.clone(),
                source,
            })?;
            if !kind.file_type().is_file() {
                let what = if kind.file_type().is_symlink() {
                    "a symbolic link"
                } else {
                    "not a regular file"
                };
                return Err(Error::History {
                    path: path.clone(),
                    message: format!(
                        "{what}; bitext commits documents that are regular files only (replace it with the file itself); nothing was committed"
                    ),
                });
            }
            stats.insert(id.clone(), kind);
        }
        let parent_commit = match parent {
            Some(oid) => Some(
                self.repo
                    .find_commit(oid)
                    .map_err(|e| git_error(&self.root, e))?,
            ),
            None => None,
        };
        let base_tree = match (merge, &parent_commit) {
            (Some(merge), _) => self
                .repo
                .find_tree(merge.tree)
                .map_err(|e| git_error(&self.root, e))?,
            (None, Some(commit)) => commit.tree().map_err(|e| git_error(&self.root, e))?,
            (None, None) => {
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

        let committed = self.document_blobs(&base_tree)?;
        let wanted = |id: &str| ids.is_empty() || ids.iter().any(|w| w.as_str() == id);

        let mut update = TreeUpdateBuilder::new();
        let mut index = IndexChanges::new();
        // The new documents' bytes, kept to compare without reading the
        // blobs back.
        let mut new_bytes: BTreeMap<Oid, Vec<u8>> = BTreeMap::new();
        let mut new_blobs = committed.clone();
        // Files git's index says are unchanged are not read.
        let cache = StatCache::load(&self.repo);
        let mut changed = Vec::new();
        for id in &disk_ids {
            let path = dir.join(format!("{id}.toml"));
            let known = stats
                .get(id)
                .and_then(|meta| cache.known(&self.document_path(id), meta));
            if known.is_some() && known == committed.get(id).copied() {
                continue;
            }
            let bytes = read_limited(&path, self.max_file_size)?;
            let blob =
                Oid::hash_object(ObjectType::Blob, &bytes).map_err(|e| git_error(&self.root, e))?;
            if committed.get(id) != Some(&blob) {
                changed.push((id, path, bytes, blob));
            }
        }
        // What would be committed is verified before anything is written.
        let changed_paths: Vec<PathBuf> = changed.iter().map(|(_, p, ..)| p.clone()).collect();
        if !verify(&changed_paths)? {
            return Ok(None);
        }
        for (id, path, bytes, blob) in changed {
            // Translations made since the last revision are recorded as
            // made from the original they now stand beside, in the file
            // this revision commits.
            let (bytes, blob) = match self.record_translations(&bytes, committed.get(id))? {
                Some(recorded) => {
                    write_atomic(&path, &recorded, true)?;
                    let blob = Oid::hash_object(ObjectType::Blob, &recorded)
                        .map_err(|e| git_error(&self.root, e))?;
                    (recorded, blob)
                }
                None => (bytes, blob),
            };
            self.repo
                .blob(&bytes)
                .map_err(|e| git_error(&self.root, e))?;
            update.upsert(self.document_path(id), blob, git2::FileMode::Blob);
            index.insert(self.document_path(id), Some(Staged::File(blob, path)));
            new_blobs.insert(id.clone(), blob);
            new_bytes.insert(blob, bytes);
        }
        for id in committed
            .keys()
            .filter(|id| wanted(id) && !disk_ids.contains(*id))
        {
            update.remove(self.document_path(id));
            index.insert(self.document_path(id), None);
            new_blobs.remove(id);
        }
        if ids.is_empty() {
            // The configuration always; the attributes that name the diff
            // and merge drivers, and the schema the documents point at,
            // when the history does not have them yet, so that a clone has
            // them — later edits to them are the user's to commit.
            for (file, always) in [
                (CONFIG_FILE, true),
                (".gitattributes", false),
                (".gitignore", false),
                (SCHEMA_FILE, false),
            ] {
                let in_repo = self.path_in_repo(file);
                if !always && base_tree.get_path(Path::new(&in_repo)).is_ok() {
                    continue;
                }
                let path = self.root.join(file);
                let regular =
                    std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file());
                let Some(bytes) = regular.then(|| std::fs::read(&path).ok()).flatten() else {
                    continue;
                };
                let blob = self
                    .repo
                    .blob(&bytes)
                    .map_err(|e| git_error(&self.root, e))?;
                if base_tree
                    .get_path(Path::new(&in_repo))
                    .is_ok_and(|e| e.id() == blob)
                {
                    continue;
                }
                update.upsert(in_repo.clone(), blob, git2::FileMode::Blob);
                index.insert(in_repo, Some(Staged::File(blob, path)));
            }
        }
        let tree_id = update
            .create_updated(&self.repo, &base_tree)
            .map_err(|e| git_error(&self.root, e))?;
        if tree_id == base_tree.id() && merge.is_none() {
            return Ok(None);
        }
        let tree = self
            .repo
            .find_tree(tree_id)
            .map_err(|e| git_error(&self.root, e))?;

        // What changed, for the trailers and the caller: since the first
        // parent, also for a merge.
        let old_blobs = match (merge, &parent_commit) {
            (Some(_), Some(commit)) => {
                self.document_blobs(&commit.tree().map_err(|e| git_error(&self.root, e))?)?
            }
            _ => committed,
        };
        let diffs = self.diffs_between(parent, &old_blobs, new_blobs, &[], &new_bytes, |id| {
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
        let merged: Vec<git2::Commit> = merge
            .map(|m| m.heads.as_slice())
            .unwrap_or_default()
            .iter()
            .map(|oid| self.repo.find_commit(*oid))
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| git_error(&self.root, e))?;
        let parents: Vec<&git2::Commit> = parent_commit.iter().chain(&merged).collect();
        let commit = self
            .repo
            .commit(None, &signature, &signature, &message, &tree, &parents)
            .map_err(|e| git_error(&self.root, e))?;
        Ok(Some(Written {
            commit,
            index,
            committed: Committed {
                commit: commit.to_string(),
                documents,
                paragraphs,
            },
        }))
    }

    /// The document file with its new translations confirmed
    /// ([`crate::Document::confirm_translations`]) against the version of the last
    /// revision, or `None` when there is nothing to record (or the file
    /// does not parse: it is committed as it is, for the checks to report).
    fn record_translations(&self, bytes: &[u8], old: Option<&Oid>) -> Result<Option<Vec<u8>>> {
        let Ok(text) = std::str::from_utf8(bytes) else {
            return Ok(None);
        };
        let Ok((mut document, _)) = parse_document(text) else {
            return Ok(None);
        };
        // Only a canonical file is rewritten — comments a person wrote in
        // it put back where they were —; a file formatted otherwise is
        // committed as it is, never reformatted behind its author's back.
        let comments = split_comments(text);
        if document.to_canonical_string() != comments.plain() {
            return Ok(None);
        }
        let before = match old {
            Some(blob) => {
                let blob = self
                    .repo
                    .find_blob(*blob)
                    .map_err(|e| git_error(&self.root, e))?;
                std::str::from_utf8(blob.content())
                    .ok()
                    .and_then(|t| parse_document(t).ok())
                    .map(|(d, _)| d)
            }
            None => None,
        };
        if document.confirm_translations(before.as_ref()) == 0 {
            return Ok(None);
        }
        Ok(Some(
            comments
                .put_back(&document.to_canonical_string())
                .into_bytes(),
        ))
    }

    fn signature(&self, options: &CommitOptions) -> Result<Signature<'static>> {
        let error = |e: git2::Error| Error::Git {
            path: self.root.clone(),
            message: format!(
                "no author: {} (set user.name and user.email, or give --author)",
                e.message()
            ),
            source: Box::new(e),
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
