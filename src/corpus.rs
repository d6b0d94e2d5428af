//! The corpus on disk: a folder with `bitext.toml` and `translations/`.
//!
//! The corpus root is found like git finds a repository: the nearest folder,
//! from the current one upward, that holds `bitext.toml`. Documents live in
//! `translations/<id>.toml`. Every write goes to a temporary file in the
//! same folder and is renamed into place, so a reader never sees half a
//! file and a failed write leaves the old file as it was.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::document::{json_schema, parse_document, Document, DocumentId, SourceMap};
use crate::error::{Error, Result};
use crate::normalize::{decode, is_nfc};

/// Name of the corpus configuration file, which marks a corpus root.
pub const CONFIG_FILE: &str = "bitext.toml";
/// Folder of the documents, relative to the corpus root.
pub const TRANSLATIONS_DIR: &str = "translations";
/// Where the JSON Schema of the document file is kept in a corpus.
pub const SCHEMA_FILE: &str = "schemas/document.schema.json";
/// Default for [`Limits::max_file_size`]: 64 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// The corpus configuration, `bitext.toml`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Size limits.
    #[serde(default)]
    pub limits: Limits,
    /// The checks: severities, thresholds, the glossary.
    #[serde(default)]
    pub check: crate::check::CheckConfig,
}

/// Size limits, `[limits]` in `bitext.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Largest file read, in bytes: documents and import inputs alike.
    #[serde(default = "default_max_file_size")]
    pub max_file_size: u64,
}

fn default_max_file_size() -> u64 {
    DEFAULT_MAX_FILE_SIZE
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_size: DEFAULT_MAX_FILE_SIZE,
        }
    }
}

/// The `bitext.toml` that `bitext init` writes.
const DEFAULT_CONFIG: &str = "\
# bitext corpus configuration. Documents live in translations/<id>.toml.

[limits]
# Largest file bitext reads, in bytes: documents and import inputs alike.
max_file_size = 67108864
";

impl Config {
    /// Parses configuration text; `path` is used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let (line, column) = match e.span() {
                Some(span) => {
                    let before = &text[..span.start.min(text.len())];
                    let line = before.matches('\n').count() + 1;
                    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                    (Some(line), Some(column))
                }
                None => (None, None),
            };
            Error::Config {
                path: path.to_owned(),
                line,
                column,
                message: e.message().trim_end().to_owned(),
            }
        })?;
        config.check.validate(text, path)?;
        Ok(config)
    }
}

/// An opened corpus.
#[derive(Debug, Clone)]
pub struct Corpus {
    root: PathBuf,
    config: Config,
}

/// What [`Corpus::init`] did.
#[derive(Debug, Clone)]
pub struct InitReport {
    /// The corpus.
    pub corpus: Corpus,
    /// Files and folders created, relative to the root; empty when the
    /// folder was a complete corpus already.
    pub created: Vec<PathBuf>,
}

impl Corpus {
    /// Finds the corpus whose root is `start` or its nearest ancestor with
    /// a `bitext.toml`.
    pub fn discover(start: &Path) -> Result<Corpus> {
        let absolute = fs::canonicalize(start).map_err(|source| Error::Io {
            action: "open",
            path: start.to_owned(),
            source,
        })?;
        let mut dir = absolute.as_path();
        loop {
            if dir.join(CONFIG_FILE).is_file() {
                return Corpus::open(dir);
            }
            dir = match dir.parent() {
                Some(parent) => parent,
                None => {
                    return Err(Error::NotACorpus {
                        start: start.to_owned(),
                    })
                }
            };
        }
    }

    /// Opens the corpus rooted at `root`, reading its `bitext.toml`.
    pub fn open(root: &Path) -> Result<Corpus> {
        let path = root.join(CONFIG_FILE);
        let bytes = fs::read(&path).map_err(|source| {
            if source.kind() == std::io::ErrorKind::NotFound {
                Error::NotACorpus {
                    start: root.to_owned(),
                }
            } else {
                Error::Io {
                    action: "read",
                    path: path.clone(),
                    source,
                }
            }
        })?;
        let text = decode(&bytes, None).map_err(|source| Error::Decode {
            path: path.clone(),
            source,
        })?;
        let config = Config::parse(&text, &path)?;
        Ok(Corpus {
            root: root.to_owned(),
            config,
        })
    }

    /// Makes `dir` a corpus: creates it if needed, then whatever of
    /// `bitext.toml`, `translations/` and the schema is missing. Existing
    /// files are left as they are.
    pub fn init(dir: &Path) -> Result<InitReport> {
        let mut created = Vec::new();
        let mkdir = |path: &Path| {
            fs::create_dir_all(path).map_err(|source| Error::Io {
                action: "create",
                path: path.to_owned(),
                source,
            })
        };
        mkdir(dir)?;
        for folder in [TRANSLATIONS_DIR, "schemas"] {
            if !dir.join(folder).is_dir() {
                mkdir(&dir.join(folder))?;
                created.push(PathBuf::from(folder));
            }
        }
        let files = [
            (CONFIG_FILE, DEFAULT_CONFIG.to_owned()),
            (SCHEMA_FILE, json_schema()),
        ];
        for (name, content) in files {
            let path = dir.join(name);
            if !path.exists() {
                write_atomic(&path, content.as_bytes(), false)?;
                created.push(PathBuf::from(name));
            }
        }
        Ok(InitReport {
            corpus: Corpus::open(dir)?,
            created,
        })
    }

    /// The corpus root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The corpus configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The `translations/` folder.
    pub fn translations_dir(&self) -> PathBuf {
        self.root.join(TRANSLATIONS_DIR)
    }

    /// Where the document with this id is stored.
    pub fn document_path(&self, id: &DocumentId) -> PathBuf {
        self.translations_dir().join(id.file_name())
    }

    /// All document files, sorted by name.
    pub fn document_paths(&self) -> Result<Vec<PathBuf>> {
        document_files_in(&self.translations_dir())
    }

    /// Resolves a command-line name: an existing file, a folder of
    /// documents, or a document id.
    pub fn resolve(&self, name: &str) -> Result<Vec<PathBuf>> {
        let path = Path::new(name);
        if path.is_dir() {
            return document_files_in(path);
        }
        if path.is_file() {
            return Ok(vec![path.to_owned()]);
        }
        let id = DocumentId::new(name.strip_suffix(".toml").unwrap_or(name))?;
        let path = self.document_path(&id);
        if path.is_file() {
            Ok(vec![path])
        } else {
            Err(Error::NoDocument {
                id: id.to_string(),
                path: self.translations_dir(),
            })
        }
    }

    /// Loads the document with this id.
    pub fn load(&self, id: &DocumentId) -> Result<LoadedDocument> {
        let path = self.document_path(id);
        if !path.is_file() {
            return Err(Error::NoDocument {
                id: id.to_string(),
                path: self.translations_dir(),
            });
        }
        load_document(&path, self.config.limits.max_file_size)
    }

    /// Writes a document canonically to its place in `translations/`;
    /// refuses to replace an existing one unless `overwrite`.
    pub fn save(&self, document: &Document, overwrite: bool) -> Result<PathBuf> {
        let path = self.document_path(&document.id);
        write_atomic(&path, document.to_canonical_string().as_bytes(), overwrite)?;
        Ok(path)
    }
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
        let path = entry.map_err(io_error)?.path();
        let is_doc = path.extension().is_some_and(|e| e == "toml")
            && !path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if is_doc && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

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
    pub fn is_canonical(&self) -> bool {
        self.document.to_canonical_string() == self.text
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
pub fn parse_document_bytes(bytes: &[u8], path: &Path) -> Result<(Document, SourceMap)> {
    parse_document_text(document_text(bytes, path)?, path)
}

/// A document file's bytes as text, or the error naming the first byte
/// that is not UTF-8.
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
