//! The corpus's history: revisions of documents in a git repository.
//!
//! This is the only module that speaks to git, through libgit2 (`git2`),
//! so the history works where no git binary is installed and the backend
//! could change without touching the rest; no `git2` type appears in its
//! public API ([`CommitId`] names a commit). A *revision* is a git commit
//! that changed documents; commits are written object by object (blobs,
//! tree, commit) and the branch is moved with a compare-and-swap on its
//! old value, so two concurrent commits never lose each other's work: the
//! second finds the branch moved and fails, changing nothing.
//!
//! Only `translations/*.toml` and `bitext.toml` are ever committed; the
//! rest of the repository is left as it is.
//!
//! The parts, by operation: opening and resolving revisions (here),
//! reading documents at a revision (`read`), committing (`commit`),
//! diffs between revisions (`diff`), log and blame (`log`), and
//! checking a revision (`check`).

use std::fmt;
use std::path::{Path, PathBuf};

use git2::{Oid, Repository};

use crate::corpus::TRANSLATIONS_DIR;
use crate::error::{Error, Result};

mod check;
mod commit;
mod diff;
mod edition;
mod log;
mod read;

pub use check::{check_revision, RevisionCheck};
pub use commit::{parse_author, Batch, CommitOptions, Committed, Verify};
pub use edition::Edition;
pub use log::{ParagraphBlame, Revision, Stamp};
pub use read::RevisionFiles;

/// A commit, by its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CommitId(Oid);

impl CommitId {
    /// The first ten hex digits, as labels and messages show a commit.
    pub fn short(&self) -> String {
        short(self.0)
    }
}

impl fmt::Display for CommitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// A corpus's git repository.
pub struct History {
    repo: Repository,
    /// The corpus root.
    root: PathBuf,
    /// The corpus root relative to the repository's work tree ("" when
    /// they are the same), with `/` separators.
    prefix: String,
    /// The largest document file read from disk (`[limits]` in the
    /// corpus's `bitext.toml`).
    max_file_size: u64,
}

/// A git error as the crate's, naming the corpus; the git error is kept
/// as the source.
fn git_error(path: &Path, source: git2::Error) -> Error {
    let damaged = matches!(
        source.class(),
        git2::ErrorClass::Zlib | git2::ErrorClass::Odb | git2::ErrorClass::Object
    ) && source.code() != git2::ErrorCode::NotFound;
    let message = if damaged {
        format!(
            "{} (the repository is damaged; `git fsck` shows where)",
            source.message()
        )
    } else {
        source.message().to_owned()
    };
    Error::Git {
        path: path.to_owned(),
        message,
        source: Box::new(source),
    }
}

impl History {
    /// Opens the repository that holds the corpus at `root`.
    pub fn open(root: &Path) -> Result<History> {
        let repo = Repository::discover(root).map_err(|e| Error::Git {
            path: root.to_owned(),
            message: format!(
                "not in a git repository ({}); `bitext init` makes one",
                e.message()
            ),
            source: Box::new(e),
        })?;
        History::with(repo, root)
    }

    /// Opens a repository to read revisions from: the one holding the
    /// corpus at `start`, or a bare repository at `start` — a server's,
    /// where a hook checks what is pushed — whose corpus is at the top of
    /// its trees.
    pub fn open_for_reading(start: &Path) -> Result<History> {
        let repo = Repository::discover(start).map_err(|e| Error::Git {
            path: start.to_owned(),
            message: format!("not in a git repository ({})", e.message()),
            source: Box::new(e),
        })?;
        if repo.is_bare() {
            History::configure_libgit2();
            return Ok(History {
                root: repo.path().to_owned(),
                repo,
                prefix: String::new(),
                max_file_size: crate::document::DEFAULT_MAX_FILE_SIZE,
            });
        }
        History::with(repo, start)
    }

    /// The work tree of the git repository `folder` is inside, when that
    /// is not `folder` itself: a corpus made there would commit onto that
    /// repository's branch.
    pub fn enclosing_work_tree(folder: &Path) -> Option<PathBuf> {
        let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_owned());
        // The folder may not exist yet: its nearest existing ancestor.
        let mut existing = folder.to_owned();
        let mut missing = Vec::new();
        while !existing.exists() {
            let Some(name) = existing.file_name() else {
                break;
            };
            missing.push(name.to_owned());
            existing = match existing.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
                _ => PathBuf::from("."),
            };
        }
        let repo = Repository::discover(&existing).ok()?;
        let mut folder = canonical(&existing);
        for name in missing.into_iter().rev() {
            folder.push(name);
        }
        let workdir = canonical(repo.workdir()?);
        (folder != workdir).then_some(workdir)
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

    /// The corpus folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Registers `bitext merge-driver` ([`MERGE_DRIVER`]) as the
    /// repository's `bitext` merge
    /// driver, which `.gitattributes` gives the documents: git's merge,
    /// rebase, cherry-pick and pull then merge them by paragraph.
    pub fn register_merge_driver(&self) -> Result<()> {
        let mut config = self.repo.config().map_err(|e| git_error(&self.root, e))?;
        config
            .set_str(
                "merge.bitext.name",
                "bitext: documents merged by paragraph id",
            )
            .and_then(|()| config.set_str("merge.bitext.driver", MERGE_DRIVER))
            .map_err(|e| git_error(&self.root, e))
    }

    /// Settles libgit2's process-wide options, once: the objects a commit
    /// references are the ones it has just written or read, so libgit2
    /// need not look each up again before writing (it does by default),
    /// and objects read are not hashed again.
    pub(super) fn configure_libgit2() {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            git2::opts::strict_object_creation(false);
            // Like git, trust the object store on reading; `git fsck`
            // verifies hashes.
            git2::opts::strict_hash_verification(false);
        });
    }

    pub(super) fn with(repo: Repository, root: &Path) -> Result<History> {
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
        // The corpus's own limit on what is read; a configuration that does
        // not parse is reported by the commands that read it.
        let max_file_size = std::fs::read_to_string(root.join(crate::config::CONFIG_FILE))
            .ok()
            .and_then(|text| {
                crate::config::Config::parse(&text, &root.join(crate::config::CONFIG_FILE)).ok()
            })
            .map_or(crate::document::DEFAULT_MAX_FILE_SIZE, |c| {
                c.limits.max_file_size
            });
        let history = History {
            repo,
            root,
            prefix: relative,
            max_file_size,
        };
        history.recover_interrupted_commits();
        Ok(history)
    }

    pub(super) fn path_in_repo(&self, relative: &str) -> String {
        if self.prefix.is_empty() {
            relative.to_owned()
        } else {
            format!("{}/{relative}", self.prefix)
        }
    }

    /// How messages name a document at a commit: `abc1234567:translations/x.toml`.
    pub(super) fn label_at(&self, commit: Oid, id: &str) -> String {
        format!("{}:{}", short(commit), self.document_path(id))
    }

    pub(super) fn document_path(&self, id: &str) -> String {
        self.path_in_repo(&format!("{TRANSLATIONS_DIR}/{id}.toml"))
    }

    /// The commit HEAD points at; `None` before the first commit.
    pub fn head_commit(&self) -> Result<Option<CommitId>> {
        match self.repo.head() {
            Ok(head) => Ok(head.target().map(CommitId)),
            Err(e) if e.code() == git2::ErrorCode::UnbornBranch => Ok(None),
            Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
            Err(e) => Err(git_error(&self.root, e)),
        }
    }

    /// The commit a revision name (`HEAD`, `HEAD~3`, a tag, an id) names.
    pub fn resolve(&self, name: &str) -> Result<CommitId> {
        self.resolve_oid(name).map(CommitId)
    }

    fn resolve_oid(&self, name: &str) -> Result<Oid> {
        let object = self.repo.revparse_single(name).map_err(|e| Error::Git {
            path: self.root.clone(),
            message: format!("unknown revision {name:?} ({})", e.message()),
            source: Box::new(e),
        })?;
        let commit = object
            .peel_to_commit()
            .map_err(|e| git_error(&self.root, e))?;
        Ok(commit.id())
    }

    /// The commit the current branch points at; `None` before the first
    /// commit. A detached HEAD is an error: a commit must go on a branch.
    pub(super) fn head(&self) -> Result<(String, Option<Oid>)> {
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
}

pub(super) fn short(oid: Oid) -> String {
    oid.to_string()[..10].to_owned()
}

/// Git's index used as git uses it, as a cache of file hashes: a file
/// whose size, modification time and inode match its index entry, and
/// that was last modified before the index was written, holds the entry's
/// blob, without being read.
pub(super) struct StatCache {
    entries: std::collections::HashMap<String, git2::IndexEntry>,
    /// When the index was written: a file modified as late as that may
    /// have changed after its entry was made (git's "racy" case).
    written: Option<(i64, u32)>,
}

impl StatCache {
    /// The index of `repo`; empty (nothing known) when it cannot be read.
    pub(super) fn load(repo: &Repository) -> StatCache {
        let written = std::fs::metadata(repo.path().join("index"))
            .ok()
            .and_then(|m| stat_time(&m));
        let entries = repo
            .index()
            .map(|index| {
                index
                    .iter()
                    .filter_map(|e| Some((String::from_utf8(e.path.clone()).ok()?, e)))
                    .collect()
            })
            .unwrap_or_default();
        StatCache { entries, written }
    }

    /// The blob a file holds, if its stat data says it is its index
    /// entry's.
    pub(super) fn known(&self, path_in_repo: &str, meta: &std::fs::Metadata) -> Option<Oid> {
        let entry = self.entries.get(path_in_repo)?;
        let modified = stat_time(meta)?;
        let written = self.written?;
        if modified >= written {
            return None;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            if entry.ino != meta.ino() as u32 {
                return None;
            }
        }
        let same = entry.file_size == meta.len() as u32
            && i64::from(entry.mtime.seconds()) == modified.0
            && entry.mtime.nanoseconds() == modified.1;
        same.then_some(entry.id)
    }
}

/// A file's modification time as seconds and nanoseconds.
fn stat_time(meta: &std::fs::Metadata) -> Option<(i64, u32)> {
    let since = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some((since.as_secs() as i64, since.subsec_nanos()))
}

/// The merge driver's command line, as `bitext init` registers it: the
/// three versions' files, the document's path, and the names git gives
/// the versions (git 2.44 and later; an older git passes `%S`, `%X` and
/// `%Y` as they are, and the driver then says base, ours and theirs).
pub const MERGE_DRIVER: &str =
    "bitext merge-driver %O %A %B %P --base-label %S --ours-label %X --theirs-label %Y";

/// git's own line merge of three texts (what `git merge-file` does): the
/// result, with conflict markers labelled by `labels` (base, ours,
/// theirs: the names git gives the three versions) where both changed the
/// same lines, and whether it is clean. What the merge driver falls back
/// to for a file that is not a document, so neither side is ever lost.
pub fn merge_lines(
    base: &[u8],
    ours: &[u8],
    theirs: &[u8],
    path: &Path,
    labels: [&str; 3],
) -> Result<(Vec<u8>, bool)> {
    // git2's merge_file does not start libgit2 itself, as its other calls do.
    History::configure_libgit2();
    let input = |content| {
        let mut input = git2::MergeFileInput::new();
        // libgit2 wants a name and a mode beside the content.
        input
            .content(content)
            .path(path.to_string_lossy().as_bytes())
            .mode(Some(git2::FileMode::Blob));
        input
    };
    let mut options = git2::MergeFileOptions::new();
    let [base_label, our_label, their_label] = labels;
    options
        .ancestor_label(base_label)
        .our_label(our_label)
        .their_label(their_label);
    let merged = git2::merge_file(
        &input(base),
        &input(ours),
        &input(theirs),
        Some(&mut options),
    )
    .map_err(|e| git_error(path, e))?;
    Ok((merged.content().to_vec(), merged.is_automergeable()))
}
