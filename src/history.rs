//! The corpus's history: revisions of documents in a git repository.
//!
//! This is the only module that speaks to git, through libgit2 (`git2`),
//! so the history works where no git binary is installed and the backend
//! could change without touching the rest. A *revision* is a git commit
//! that changed documents; commits are written object by object (blobs,
//! tree, commit) and the branch is moved with a compare-and-swap on its
//! old value, so two concurrent commits never lose each other's work: the
//! second finds the branch moved and fails, changing nothing.
//!
//! Only `translations/*.toml` and `bitext.toml` are ever committed; the
//! rest of the repository is left as it is.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use git2::build::TreeUpdateBuilder;
use git2::{ObjectType, Oid, Repository, Signature, Sort, Time};

use crate::config::CONFIG_FILE;
use crate::corpus::TRANSLATIONS_DIR;
pub use crate::date::rfc3339;
use crate::diff::{diff_document_files, diff_documents, DocumentDiff};
use crate::document::io::{document_files_in, parse_document_bytes};
use crate::document::{Document, DocumentId};
use crate::error::{Error, Result};

/// A corpus's git repository.
pub struct History {
    repo: Repository,
    /// The corpus root.
    root: PathBuf,
    /// The corpus root relative to the repository's work tree ("" when
    /// they are the same), with `/` separators.
    prefix: String,
}

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

/// A revision's document files as `(id, label, bytes)`, and the text of
/// its `bitext.toml`.
pub type RevisionFiles = (Vec<(String, String, Vec<u8>)>, Option<String>);

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

/// The documents, and the paragraphs as `document#paragraph`, that diffs
/// show changed.
fn summarize(diffs: Vec<DocumentDiff>) -> (Vec<String>, Vec<String>) {
    let mut paragraphs = Vec::new();
    for diff in &diffs {
        paragraphs.extend(
            diff.paragraphs
                .iter()
                .map(|p| format!("{}#{}", diff.id, p.id)),
        );
    }
    (diffs.into_iter().map(|d| d.id).collect(), paragraphs)
}

fn git_error(path: &Path, source: git2::Error) -> Error {
    let damaged = matches!(
        source.class(),
        git2::ErrorClass::Zlib | git2::ErrorClass::Odb | git2::ErrorClass::Object
    ) && source.code() != git2::ErrorCode::NotFound;
    Error::History {
        path: path.to_owned(),
        message: if damaged {
            format!(
                "{} (the repository is damaged; `git fsck` shows where)",
                source.message()
            )
        } else {
            source.message().to_owned()
        },
    }
}

impl History {
    /// Opens the repository that holds the corpus at `root`.
    pub fn open(root: &Path) -> Result<History> {
        let repo = Repository::discover(root).map_err(|e| Error::History {
            path: root.to_owned(),
            message: format!(
                "not in a git repository ({}); `bitext init` makes one",
                e.message()
            ),
        })?;
        History::with(repo, root)
    }

    /// Opens a repository to read revisions from: the one holding the
    /// corpus at `start`, or a bare repository at `start` — a server's,
    /// where a hook checks what is pushed — whose corpus is at the top of
    /// its trees.
    pub fn open_for_reading(start: &Path) -> Result<History> {
        let repo = Repository::discover(start).map_err(|e| Error::History {
            path: start.to_owned(),
            message: format!("not in a git repository ({})", e.message()),
        })?;
        if repo.is_bare() {
            History::configure_libgit2();
            return Ok(History {
                root: repo.path().to_owned(),
                repo,
                prefix: String::new(),
            });
        }
        History::with(repo, start)
    }

    /// The document files of a revision, `(id, label, bytes)` with labels
    /// like `abc1234:translations/x.toml`, and the text of its
    /// `bitext.toml` if it has one.
    pub fn files_at(&self, rev: &str) -> Result<RevisionFiles> {
        let commit = self.resolve(rev)?;
        let tree = self.commit_tree(commit)?;
        let mut files = Vec::new();
        for (id, blob) in self.document_blobs(&tree)? {
            let content = self
                .repo
                .find_blob(blob)
                .map_err(|e| git_error(&self.root, e))?
                .content()
                .to_vec();
            let label = format!("{}:{}", short(commit), self.document_path(&id));
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
        let old_blobs = self.document_blobs(&self.commit_tree(self.resolve(old)?)?)?;
        let new_blobs = match new {
            Some(rev) => self.document_blobs(&self.commit_tree(self.resolve(rev)?)?)?,
            None => {
                let mut blobs = BTreeMap::new();
                for path in document_files_in(&self.root.join(TRANSLATIONS_DIR))? {
                    let Some(id) = path.file_stem().and_then(|s| s.to_str()) else {
                        continue;
                    };
                    let oid = Oid::hash_file(ObjectType::Blob, &path)
                        .map_err(|e| git_error(&self.root, e))?;
                    blobs.insert(id.to_owned(), oid);
                }
                blobs
            }
        };
        Ok(new_blobs
            .iter()
            .filter(|(id, blob)| old_blobs.get(*id) != Some(blob))
            .map(|(id, _)| id.clone())
            .collect())
    }

    /// Makes the corpus at `root` a git repository, or adopts the one it
    /// is in. Returns whether a repository was created.
    pub fn init(root: &Path) -> Result<(History, bool)> {
        match Repository::discover(root) {
            Ok(repo) => Ok((History::with(repo, root)?, false)),
            Err(_) => {
                let repo = Repository::init(root).map_err(|e| git_error(root, e))?;
                Ok((History::with(repo, root)?, true))
            }
        }
    }

    /// Registers the `bitext` diff driver in the repository's
    /// configuration (`diff.bitext.textconv = bitext textconv`), so plain
    /// `git diff` shows documents as paragraphs.
    pub fn register_diff_driver(&self) -> Result<()> {
        let mut config = self.repo.config().map_err(|e| git_error(&self.root, e))?;
        config
            .set_str("diff.bitext.textconv", "bitext textconv")
            .map_err(|e| git_error(&self.root, e))
    }

    /// Settles libgit2's process-wide options, once: the objects a commit
    /// references are the ones it has just written or read, so libgit2
    /// need not look each up again before writing (it does by default),
    /// and objects read are not hashed again.
    fn configure_libgit2() {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            git2::opts::strict_object_creation(false);
            // Like git, trust the object store on reading; `git fsck`
            // verifies hashes.
            git2::opts::strict_hash_verification(false);
        });
    }

    fn with(repo: Repository, root: &Path) -> Result<History> {
        History::configure_libgit2();
        let workdir = repo.workdir().ok_or_else(|| Error::History {
            path: root.to_owned(),
            message: "the repository is bare; bitext needs a work tree".into(),
        })?;
        let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_owned());
        let root = canonical(root);
        let relative = root
            .strip_prefix(canonical(workdir))
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        Ok(History {
            repo,
            root,
            prefix: relative,
        })
    }

    fn path_in_repo(&self, relative: &str) -> String {
        if self.prefix.is_empty() {
            relative.to_owned()
        } else {
            format!("{}/{relative}", self.prefix)
        }
    }

    fn document_path(&self, id: &str) -> String {
        self.path_in_repo(&format!("{TRANSLATIONS_DIR}/{id}.toml"))
    }

    /// The commit a revision name (`HEAD`, `HEAD~3`, a tag, an id) names.
    pub fn resolve(&self, name: &str) -> Result<Oid> {
        let object = self
            .repo
            .revparse_single(name)
            .map_err(|e| Error::History {
                path: self.root.clone(),
                message: format!("unknown revision {name:?} ({})", e.message()),
            })?;
        let commit = object
            .peel_to_commit()
            .map_err(|e| git_error(&self.root, e))?;
        Ok(commit.id())
    }

    /// The documents as they are in a commit.
    pub fn documents_at(&self, commit: Oid) -> Result<Vec<Document>> {
        self.documents_in_tree(&self.commit_tree(commit)?)
    }

    fn commit_tree(&self, commit: Oid) -> Result<git2::Tree<'_>> {
        self.repo
            .find_commit(commit)
            .and_then(|c| c.tree())
            .map_err(|e| git_error(&self.root, e))
    }

    fn translations_tree(&self, commit: Oid) -> Result<Option<git2::Tree<'_>>> {
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
    pub fn document_at(&self, commit: Oid, id: &str) -> Result<Option<Document>> {
        let tree = self.commit_tree(commit)?;
        let path = self.document_path(id);
        let Ok(entry) = tree.get_path(Path::new(&path)) else {
            return Ok(None);
        };
        let label = PathBuf::from(format!("{}:{path}", short(commit)));
        let document = self.document_in_blob(entry.id(), &label)?;
        Ok(Some(document))
    }

    /// The commit the current branch points at; `None` before the first
    /// commit. A detached HEAD is an error: a commit must go on a branch.
    fn head(&self) -> Result<(String, Option<Oid>)> {
        let head = self
            .repo
            .find_reference("HEAD")
            .map_err(|e| git_error(&self.root, e))?;
        let Some(branch) = head.symbolic_target().ok().flatten() else {
            return Err(Error::History {
                path: self.root.clone(),
                message: "HEAD is detached; check out a branch before committing".into(),
            });
        };
        let branch = branch.to_owned();
        let target = self.repo.refname_to_id(&branch).ok();
        Ok((branch, target))
    }

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

    /// Documents and paragraphs that differ between a commit (or nothing)
    /// and a tree.
    fn changes(
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
    pub fn diff(&self, old: Oid, new: Option<Oid>, only: &[&str]) -> Result<Vec<DocumentDiff>> {
        match new {
            Some(new) => {
                let blobs = self.document_blobs(&self.commit_tree(new)?)?;
                self.diffs_against(Some(old), blobs, only, &BTreeMap::new(), |id| {
                    PathBuf::from(format!("{}:{}", short(new), self.document_path(id)))
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
                    let bytes = std::fs::read(&path).map_err(|source| Error::Io {
                        action: "read",
                        path: path.clone(),
                        source,
                    })?;
                    let oid = Oid::hash_object(ObjectType::Blob, &bytes)
                        .map_err(|e| git_error(&self.root, e))?;
                    blobs.insert(id.to_owned(), oid);
                    files.insert(oid, bytes);
                }
                self.diffs_against(Some(old), blobs, only, &files, |id| {
                    dir.join(format!("{id}.toml"))
                })
            }
        }
    }

    /// What a commit changed against its first parent (or, for the first
    /// commit, against nothing), limited to the documents in `only`
    /// unless it is empty.
    pub fn diff_of_commit(&self, commit: &str, only: &[&str]) -> Result<Vec<DocumentDiff>> {
        let oid = self.resolve(commit)?;
        let parent = self
            .repo
            .find_commit(oid)
            .map_err(|e| git_error(&self.root, e))?
            .parent_ids()
            .next();
        let blobs = self.document_blobs(&self.commit_tree(oid)?)?;
        self.diffs_against(parent, blobs, only, &BTreeMap::new(), |id| {
            PathBuf::from(format!("{}:{}", short(oid), self.document_path(id)))
        })
    }

    /// Diffs of the documents of a commit (or none) against documents
    /// given by blob id: read from `on_disk` where it has them, else from
    /// the repository, and named in errors by `new_label`. Documents are
    /// compared on every core when there are many.
    fn diffs_against(
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
                    PathBuf::from(format!("{}:{}", short(commit), self.document_path(id)))
                }),
                new_label: new_label(id),
            });
        }
        // A thread per core, each with its own handle on the repository
        // (a handle is not shared between threads), when the work is
        // worth starting threads for.
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let threads = cores.min(jobs.len() / 4).max(1);
        if threads == 1 {
            return jobs
                .iter()
                .filter_map(|job| job.run(&self.repo, &self.root, on_disk).transpose())
                .collect();
        }
        let git_dir = self.repo.path().to_owned();
        let root = &self.root;
        let jobs = &jobs;
        let results: Vec<Result<Vec<(usize, DocumentDiff)>>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    let git_dir = git_dir.clone();
                    scope.spawn(move || -> Result<Vec<(usize, DocumentDiff)>> {
                        let repo = Repository::open(&git_dir).map_err(|e| git_error(root, e))?;
                        let mut done = Vec::new();
                        for k in (t..jobs.len()).step_by(threads) {
                            if let Some(diff) = jobs[k].run(&repo, root, on_disk)? {
                                done.push((k, diff));
                            }
                        }
                        Ok(done)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join().unwrap_or_else(|_| {
                        Err(Error::History {
                            path: root.clone(),
                            message: "a diff thread failed".into(),
                        })
                    })
                })
                .collect()
        });
        let mut diffs = Vec::new();
        for result in results {
            diffs.extend(result?);
        }
        diffs.sort_by_key(|(k, _)| *k);
        Ok(diffs.into_iter().map(|(_, d)| d).collect())
    }

    /// The document files of a tree: id → blob.
    fn document_blobs(&self, tree: &git2::Tree) -> Result<BTreeMap<String, Oid>> {
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

    fn document_in_blob(&self, blob: Oid, label: &Path) -> Result<Document> {
        let blob = self
            .repo
            .find_blob(blob)
            .map_err(|e| git_error(&self.root, e))?;
        Ok(parse_document_bytes(blob.content(), label)?.0)
    }

    fn documents_in_tree(&self, tree: &git2::Tree) -> Result<Vec<Document>> {
        self.document_blobs(tree)?
            .iter()
            .map(|(id, blob)| self.document_in_blob(*blob, Path::new(&self.document_path(id))))
            .collect()
    }

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
        let head = self
            .repo
            .head()
            .ok()
            .and_then(|h| h.target())
            .ok_or_else(|| Error::History {
                path: self.root.clone(),
                message: "the repository has no commits yet".into(),
            })?;
        let Some(current) = self.document_at(head, id)? else {
            return Err(Error::History {
                path: self.root.clone(),
                message: format!("no document {id:?} at HEAD"),
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
                    Some(p) => self.document_at(p, id)?,
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
                    for side in [crate::document::Side::Source, crate::document::Side::Target] {
                        let slot = match side {
                            crate::document::Side::Source => &mut blame[k].source,
                            crate::document::Side::Target => &mut blame[k].target,
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

fn short(oid: Oid) -> String {
    oid.to_string()[..10].to_owned()
}

/// `Name <email>` → (name, email).
pub fn parse_author(author: &str) -> Option<(String, String)> {
    let (name, rest) = author.split_once('<')?;
    let email = rest.strip_suffix('>')?.trim();
    let name = name.trim();
    (!name.is_empty() && !email.is_empty()).then(|| (name.to_owned(), email.to_owned()))
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Parses an RFC 3339 time (`2024-05-01T10:00:00Z`, `…+03:00`) into
/// seconds since the epoch and an offset in minutes.
pub fn parse_rfc3339(text: &str) -> Option<(i64, i32)> {
    let (date, rest) = text.split_once(['T', 't', ' '])?;
    let mut d = date.split('-');
    let (year, month, day): (i64, i64, i64) = (
        d.next()?.parse().ok()?,
        d.next()?.parse().ok()?,
        d.next()?.parse().ok()?,
    );
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let (clock, offset) = if let Some(clock) = rest.strip_suffix(['Z', 'z']) {
        (clock, 0)
    } else {
        let at = rest.rfind(['+', '-'])?;
        let (clock, zone) = rest.split_at(at);
        let sign = if zone.starts_with('-') { -1 } else { 1 };
        let (h, m) = zone[1..].split_once(':')?;
        (
            clock,
            sign * (h.parse::<i32>().ok()? * 60 + m.parse::<i32>().ok()?),
        )
    };
    let clock = clock.split('.').next()?;
    let mut c = clock.split(':');
    let (h, m, s): (i64, i64, i64) = (
        c.next()?.parse().ok()?,
        c.next()?.parse().ok()?,
        c.next()?.parse().ok()?,
    );
    if h > 23 || m > 59 || s > 60 {
        return None;
    }
    let local = days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s;
    Some((local - i64::from(offset) * 60, offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trip() {
        for text in [
            "1951-06-05T12:00:00Z",
            "2024-02-29T23:59:59+03:00",
            "1999-12-31T00:00:00-05:30",
        ] {
            let (seconds, offset) = parse_rfc3339(text).unwrap();
            assert_eq!(rfc3339(seconds, offset), text);
        }
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some((0, 0)));
        assert_eq!(parse_rfc3339("1970-01-01T03:00:00+03:00"), Some((0, 180)));
        assert_eq!(parse_rfc3339("yesterday"), None);
    }

    #[test]
    fn authors() {
        assert_eq!(
            parse_author("Анна Петрова <anna@example.org>"),
            Some(("Анна Петрова".into(), "anna@example.org".into()))
        );
        assert_eq!(parse_author("no email"), None);
    }
}
