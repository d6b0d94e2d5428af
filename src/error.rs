//! The library's error type.
//!
//! Every variant names the file it is about and, where there is one, the
//! place in it (line and column, or byte offset). Causes sit in
//! `#[source]`, not in the message, so a front end can print the chain.

use std::fmt;
use std::io;
use std::path::PathBuf;

use crate::normalize::DecodeError;

/// Anything that stops an operation.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("cannot {action} {}", path.display())]
    Io {
        /// What was being done: `read`, `write`, `create`, …
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },
    /// A file is not text in the expected encoding.
    #[error("cannot decode {}", path.display())]
    Decode {
        /// The file.
        path: PathBuf,
        /// Where and why decoding failed.
        #[source]
        source: DecodeError,
    },
    /// A file is larger than the configured limit.
    #[error("{} is {size} bytes, over the limit of {limit} bytes (raise [limits] max_file_size in bitext.toml)", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// A document file does not parse.
    #[error("{}{}: {}", path.display(), location(error.line, error.column), error.message)]
    Parse {
        /// The file.
        path: PathBuf,
        /// What is wrong and where.
        error: ParseError,
    },
    /// A document id given on the command line or derived from input.
    #[error(transparent)]
    InvalidId(#[from] InvalidId),
    /// A write would replace an existing document.
    #[error("{} already exists (use --force to replace it)", path.display())]
    Exists {
        /// The existing file.
        path: PathBuf,
    },
    /// No document with this id in the corpus.
    #[error("no document {id:?} in {}{}", path.display(), suggestion.as_ref().map(|s| format!("\n\nhint: did you mean {s}?")).unwrap_or_default())]
    NoDocument {
        /// The id asked for.
        id: String,
        /// Where it was looked for.
        path: PathBuf,
        /// The corpus's id nearest to it, if one is near.
        suggestion: Option<String>,
    },
    /// No `bitext.toml` here or above.
    #[error("not inside a bitext corpus: no bitext.toml in {} or any parent folder (create one with `bitext init`)", start.display())]
    NotACorpus {
        /// Where the search started.
        start: PathBuf,
    },
    /// `bitext.toml` is malformed.
    #[error("{}{}: {message}", path.display(), location(*line, *column))]
    Config {
        /// The configuration file.
        path: PathBuf,
        /// 1-based line, when known.
        line: Option<usize>,
        /// 1-based column, when known.
        column: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// An input file could not be imported.
    #[error("{}{}: {message}", path.display(), location(*line, *column))]
    Import {
        /// The input file.
        path: PathBuf,
        /// 1-based line, when known.
        line: Option<usize>,
        /// 1-based column, when known.
        column: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// A document could not be written in the format asked for.
    #[error("document {id}: {message}")]
    Export {
        /// The document id.
        id: String,
        /// What is wrong.
        message: String,
    },
    /// An encoding label that names no encoding.
    #[error("unknown encoding {label:?} (use a WHATWG label such as utf-8, windows-1251, koi8-r, gb18030, euc-jp, shift_jis)")]
    UnknownEncoding {
        /// The label as given.
        label: String,
    },
    /// The git history could not be read or written.
    #[error("{}: {message}", path.display())]
    History {
        /// The corpus or repository.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// Git could not do what was asked; the git error is the source.
    #[error("{}: {message}", path.display())]
    Git {
        /// The corpus or repository.
        path: PathBuf,
        /// What went wrong, in the corpus's terms.
        message: String,
        /// The error git gave.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync + 'static>,
    },
    /// A file to read is not a regular file (a FIFO, a device, a folder):
    /// reading it could block or read what is not a document.
    #[error("{} is not a regular file; bitext reads documents and inputs from regular files only", path.display())]
    NotAFile {
        /// The file.
        path: PathBuf,
    },
    /// A document asked for is not in a revision.
    #[error("no document {id:?} in revision {rev}")]
    NotInRevision {
        /// The id asked for.
        id: String,
        /// The revision as given.
        rev: String,
    },
    /// Two inputs of one command would write the same document.
    #[error("{} and {} would both become document {id:?} (give each its own --id)", first.display(), second.display())]
    DuplicateImport {
        /// The document id.
        id: String,
        /// The first input.
        first: PathBuf,
        /// The second input.
        second: PathBuf,
    },
}

/// `:line:column`, `:line` or nothing.
fn location(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(line), Some(column)) => format!(":{line}:{column}"),
        (Some(line), None) => format!(":{line}"),
        _ => String::new(),
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A document id that was refused, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid document id {id:?}: {reason}")]
pub struct InvalidId {
    /// The id as given.
    pub id: String,
    /// Why it was refused.
    pub reason: &'static str,
}

/// A parse failure, located in the file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// What is wrong.
    pub message: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column in characters, when known.
    pub column: Option<usize>,
    /// What kind of failure it is.
    pub kind: ParseErrorKind,
}

/// The kinds of [`ParseError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseErrorKind {
    /// Not TOML, or not the shape of a document.
    Syntax,
    /// A `format` this version does not read.
    UnsupportedFormat,
    /// The document id is not allowed.
    InvalidId,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
