//! Reading and writing document files safely: reads bounded by a size
//! limit, UTF-8 errors located, writes through a temporary file renamed
//! into place, so a reader never sees half a file and a failed write leaves
//! the old file as it was.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::{parse_document, Document, SourceMap};
use crate::error::{Error, Result};
use crate::normalize::is_nfc;

/// Default largest file read: 64 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// A document as read from its file, with what the checks need to point
/// into the file.
#[derive(Debug, Clone)]
pub struct LoadedDocument {
    /// The file it came from.
    pub path: PathBuf,
    /// The file's text, exactly as read.
    pub text: String,
    /// The document.
    pub document: Document,
    /// Where the paragraphs are in the text.
    pub map: SourceMap,
}

impl LoadedDocument {
    /// Whether the file is byte for byte what the canonical writer makes.
    /// Comments a person wrote are allowed: they are kept by every rewrite.
    pub fn is_canonical(&self) -> bool {
        let canonical = self.document.to_canonical_string();
        canonical == self.text || super::write::split_comments(&self.text).plain() == canonical
    }

    /// The document as its canonical file, with the comments a person wrote
    /// in this file put back where they were (as near as the rewrite
    /// allows; never lost).
    pub fn canonical_keeping_comments(&self) -> String {
        self.rewrite(&self.document)
    }

    /// `document` (this one edited, or a new version of it) as its
    /// canonical file, with the comments a person wrote in this file put
    /// back where they were.
    pub fn rewrite(&self, document: &Document) -> String {
        super::write::split_comments(&self.text).put_back(&document.to_canonical_string())
    }

    /// `document`, a merge of this file and `other`, as its canonical
    /// file with the comments of both put back: this file's where they
    /// were, then those only `other` has where they were there.
    pub fn rewrite_merged(&self, other: &LoadedDocument, document: &Document) -> String {
        let ours = super::write::split_comments(&self.text);
        let theirs = super::write::split_comments(&other.text).without(&ours);
        theirs.put_back(&ours.put_back(&document.to_canonical_string()))
    }

    /// Whether every text in the file is NFC (a quick test for the checks).
    pub fn is_nfc(&self) -> bool {
        is_nfc(&self.text)
    }
}

/// Reads a file of at most `limit` bytes.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>> {
    let io_error = |source| Error::Io {
        action: "read",
        path: path.to_owned(),
        source,
    };
    // Opening a FIFO would wait for a writer: only regular files are read.
    if !fs::metadata(path).map_err(io_error)?.is_file() {
        return Err(Error::NotAFile {
            path: path.to_owned(),
        });
    }
    let file = fs::File::open(path).map_err(io_error)?;
    let size = file.metadata().map_err(io_error)?.len();
    if size > limit {
        return Err(Error::TooLarge {
            path: path.to_owned(),
            size,
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // The file may grow between the size check and the read.
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() as u64 > limit {
        return Err(Error::TooLarge {
            path: path.to_owned(),
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Reads and parses a document file.
pub fn load_document(path: &Path, limit: u64) -> Result<LoadedDocument> {
    load_document_bytes(read_limited(path, limit)?, path)
}

/// Parses a document file's bytes, read from `path` (a file, or a file
/// at a revision).
pub fn load_document_bytes(bytes: Vec<u8>, path: &Path) -> Result<LoadedDocument> {
    let text =
        String::from_utf8(bytes).map_err(|e| invalid_utf8(path, e.utf8_error().valid_up_to()))?;
    let (document, map) = parse_document_text(&text, path)?;
    Ok(LoadedDocument {
        path: path.to_owned(),
        text,
        document,
        map,
    })
}

/// Parses a document file's bytes; `path` names them in errors (a file,
/// or a file at a revision).
#[cfg_attr(not(feature = "history"), allow(dead_code))]
pub fn parse_document_bytes(bytes: &[u8], path: &Path) -> Result<(Document, SourceMap)> {
    parse_document_text(document_text(bytes, path)?, path)
}

/// A document file's bytes as text, or the error naming the first byte
/// that is not UTF-8.
#[cfg_attr(not(feature = "history"), allow(dead_code))]
pub fn document_text<'a>(bytes: &'a [u8], path: &Path) -> Result<&'a str> {
    std::str::from_utf8(bytes).map_err(|e| invalid_utf8(path, e.valid_up_to()))
}

/// Parses a document's text; errors name `path`.
pub fn parse_document_text(text: &str, path: &Path) -> Result<(Document, SourceMap)> {
    parse_document(text).map_err(|error| Error::Parse {
        path: path.to_owned(),
        error,
    })
}

fn invalid_utf8(path: &Path, offset: usize) -> Error {
    Error::Decode {
        path: path.to_owned(),
        source: crate::normalize::DecodeError::InvalidUtf8 { offset },
    }
}

/// The pattern of the temporary files [`write_atomic`] writes: a write
/// killed part way leaves one behind, which the corpus's `.gitignore`
/// keeps out of `git add -A`.
pub const TEMPORARY_FILES: &str = ".bitext-*.tmp";

/// Adds `line` to the text file at `path` (created if missing) unless a
/// line of it already reads so; whether it was added.
pub fn ensure_line(path: &Path, line: &str) -> Result<bool> {
    let existing = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => {
            return Err(Error::Io {
                action: "read",
                path: path.to_owned(),
                source,
            })
        }
    };
    if existing.lines().any(|l| l.trim() == line) {
        return Ok(false);
    }
    let mut text = existing;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(line);
    text.push('\n');
    write_atomic(path, text.as_bytes(), true)?;
    Ok(true)
}

/// Writes `bytes` to `path` through a temporary file in the same folder,
/// renamed into place once complete and flushed. With `overwrite` false an
/// existing file is never replaced, even one created meanwhile.
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    if !overwrite && path.exists() {
        return Err(Error::Exists {
            path: path.to_owned(),
        });
    }
    let io_error = |source| Error::Io {
        action: "write",
        path: path.to_owned(),
        source,
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".bitext-").suffix(".tmp");
    // Temporary files are private by default; a document is not. Keep the
    // mode of the file being replaced, else the usual 0644 less the umask.
    #[cfg(unix)]
    let permissions = match fs::metadata(path) {
        Ok(meta) => meta.permissions(),
        Err(_) => std::os::unix::fs::PermissionsExt::from_mode(0o644),
    };
    #[cfg(unix)]
    builder.permissions(permissions);
    let mut file = builder.tempfile_in(dir).map_err(io_error)?;
    file.write_all(bytes).map_err(io_error)?;
    file.as_file().sync_all().map_err(io_error)?;
    let persisted = if overwrite {
        file.persist(path).map(drop)
    } else {
        file.persist_noclobber(path).map(drop)
    };
    persisted.map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            Error::Exists {
                path: path.to_owned(),
            }
        } else {
            io_error(e.error)
        }
    })
}

/// The `*.toml` files directly inside `dir`, sorted by name.
pub fn document_files_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let io_error = |source| Error::Io {
        action: "read folder",
        path: dir.to_owned(),
        source,
    };
    let mut paths = Vec::new();
    for entry in fs::read_dir(dir).map_err(io_error)? {
        let entry = entry.map_err(io_error)?;
        let path = entry.path();
        let is_doc = path.extension().is_some_and(|e| e == "toml")
            && !path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        // The entry's type comes with the listing. Everything named like
        // a document but a folder is listed — a link, a FIFO — so that the
        // commands that meet it say what it is rather than pass it over.
        let is_dir = match entry.file_type() {
            Ok(kind) if kind.is_symlink() => path.is_dir(),
            Ok(kind) => kind.is_dir(),
            Err(_) => path.is_dir(),
        };
        if is_doc && !is_dir {
            paths.push(path);
        }
    }
    // One folder: the paths differ only in their names, so comparing
    // their bytes orders them as the names, without splitting each into
    // components.
    paths.sort_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
    Ok(paths)
}
