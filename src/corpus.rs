//! The corpus on disk: a folder with `bitext.toml` and `translations/`.
//!
//! The corpus root is found like git finds a repository: the nearest folder,
//! from the current one upward, that holds `bitext.toml`. Documents live in
//! `translations/<id>.toml`. Every write goes to a temporary file in the
//! same folder and is renamed into place, so a reader never sees half a
//! file and a failed write leaves the old file as it was.

use std::fs;
use std::path::{Path, PathBuf};

use crate::config::DEFAULT_CONFIG;
pub use crate::config::{Config, Limits, CONFIG_FILE};
pub use crate::document::io::{
    document_files_in, load_document, load_document_bytes, write_atomic, LoadedDocument,
    DEFAULT_MAX_FILE_SIZE,
};
use crate::document::{json_schema, Document, DocumentId};
use crate::error::{Error, Result};
use crate::normalize::decode;

/// Folder of the documents, relative to the corpus root.
pub const TRANSLATIONS_DIR: &str = "translations";
/// Where the JSON Schema of the document file is kept in a corpus.
pub const SCHEMA_FILE: &str = "schemas/document.schema.json";

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
        // Anything there is the document's: what is not a regular file is
        // refused by name when it is read.
        if fs::symlink_metadata(&path).is_ok() {
            Ok(vec![path])
        } else {
            Err(self.no_document(&id))
        }
    }

    /// The error for a document that is not there, naming the nearest id
    /// the corpus has (a typing error, most likely), if one is near.
    fn no_document(&self, id: &DocumentId) -> Error {
        let wanted = id.as_str().to_lowercase();
        let suggestion = self
            .document_paths()
            .unwrap_or_default()
            .iter()
            .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
            .map(|candidate| (edit_distance(&wanted, &candidate.to_lowercase()), candidate))
            .filter(|(distance, candidate)| *distance <= (candidate.chars().count() / 3).max(2))
            .min()
            .map(|(_, candidate)| candidate);
        Error::NoDocument {
            id: id.to_string(),
            path: self.translations_dir(),
            suggestion,
        }
    }

    /// Loads the document with this id.
    pub fn load(&self, id: &DocumentId) -> Result<LoadedDocument> {
        let path = self.document_path(id);
        if fs::symlink_metadata(&path).is_err() {
            return Err(self.no_document(id));
        }
        load_document(&path, self.config.limits.max_file_size)
    }

    /// Writes a document canonically over the file it was `loaded` from
    /// (the same document edited, or a new revision of it), with the
    /// comments a person wrote in that file put back before the lines they
    /// stood before — never lost.
    pub fn save_edited(&self, loaded: &LoadedDocument, document: &Document) -> Result<PathBuf> {
        write_atomic(&loaded.path, loaded.rewrite(document).as_bytes(), true)?;
        Ok(loaded.path.clone())
    }

    /// Writes a document canonically to its place in `translations/`;
    /// refuses to replace an existing one unless `overwrite`.
    pub fn save(&self, document: &Document, overwrite: bool) -> Result<PathBuf> {
        let path = self.document_path(&document.id);
        write_atomic(&path, document.to_canonical_string().as_bytes(), overwrite)?;
        Ok(path)
    }
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}
