//! Checks: rules run over documents that yield [`Finding`]s.
//!
//! A finding is data, not an error: it has a stable code that says what it
//! finds (`duplicate-id`, `not-nfc`), a [`Severity`], a message naming what
//! is wrong on which side, and a location (document, paragraph, file,
//! line). Renderers in [`render`] turn the same findings into text for
//! people and JSON for machines.
//!
//! [`Checker`] streams: it loads one document, checks it, keeps the
//! findings and the counts, and drops the document before the next, so
//! memory stays flat however large the corpus.
//!
//! The checks of this version:
//!
//! | code | severity | finds |
//! |---|---|---|
//! | `schema` | error | a file that is not a document: not UTF-8, not TOML, wrong shape, unknown format version, bad id, id not matching the file name, a join outside its text, a confidence outside 0–1 |
//! | `duplicate-id` | error | a paragraph id used twice in a document |
//! | `empty-paragraph` | error | a paragraph with neither source nor target text |
//! | `metadata` | error | a date that is not ISO 8601, a language that is not a BCP 47 tag, a citation URL that is not a URL |
//! | `not-nfc` | error | text not in Unicode Normalization Form C |

mod hygiene;
pub mod render;
mod structure;

use std::path::Path;

use serde::Serialize;

use crate::corpus::{load_document, LoadedDocument};
use crate::error::{Error, Result};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Must be fixed: `bitext check` exits 1.
    Error,
    /// Should be looked at.
    Warning,
    /// For information.
    Note,
}

impl Severity {
    /// `"error"`, `"warning"` or `"note"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// One thing a check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable code of the check, e.g. `duplicate-id`.
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// The document id (the file name's stem when the file did not parse).
    pub document: String,
    /// The paragraph id, when the finding is about one paragraph.
    pub paragraph: Option<String>,
    /// The file, as the user named it or relative to the corpus root.
    pub file: String,
    /// 1-based line in the file, when known.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

/// Counts over a check run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Documents checked.
    pub documents: usize,
    /// Paragraphs in the documents that parsed.
    pub paragraphs: usize,
    /// Findings with severity error.
    pub errors: usize,
    /// Findings with severity warning.
    pub warnings: usize,
    /// Findings with severity note.
    pub notes: usize,
}

impl Summary {
    fn count(&mut self, findings: &[Finding]) {
        for finding in findings {
            match finding.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Note => self.notes += 1,
            }
        }
    }
}

/// The outcome of a check run: the shape of `bitext check --format json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Everything found, document by document, in file order.
    pub findings: Vec<Finding>,
    /// The counts.
    pub summary: Summary,
}

/// Checks documents one at a time, keeping findings and counts.
#[derive(Debug, Clone)]
pub struct Checker {
    max_file_size: u64,
    report: Report,
}

impl Checker {
    /// A checker that reads files of at most `max_file_size` bytes.
    pub fn new(max_file_size: u64) -> Self {
        Checker {
            max_file_size,
            report: Report::default(),
        }
    }

    /// Loads and checks one file; `file` is how findings name it. Returns
    /// the findings for this file (also kept in the report). A file that
    /// cannot be read at all is an error; one that is not a valid document
    /// is a `schema` finding.
    pub fn check_file(&mut self, path: &Path, file: &str) -> Result<&[Finding]> {
        let start = self.report.findings.len();
        let findings = match load_document(path, self.max_file_size) {
            Ok(loaded) => {
                self.report.summary.paragraphs += loaded.document.paragraphs.len();
                check_document(&loaded, file)
            }
            Err(error @ Error::Io { .. }) => return Err(error),
            Err(error) => vec![load_failure(path, file, &error)],
        };
        self.report.summary.documents += 1;
        self.report.summary.count(&findings);
        self.report.findings.extend(findings);
        Ok(&self.report.findings[start..])
    }

    /// The report so far.
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// The finished report.
    pub fn into_report(self) -> Report {
        self.report
    }
}

/// Runs every check on a loaded document; `file` is how findings name it.
pub fn check_document(loaded: &LoadedDocument, file: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut context = Context {
        loaded,
        file,
        findings: &mut findings,
    };
    structure::check(&mut context);
    hygiene::check(&mut context);
    // In file order, as a reader goes through the file; the sort is stable,
    // so findings on one line keep the order of the checks.
    findings.sort_by_key(|f| f.line.unwrap_or(0));
    findings
}

/// What a check needs: the document, where it came from, and where to put
/// findings.
struct Context<'a> {
    loaded: &'a LoadedDocument,
    file: &'a str,
    findings: &'a mut Vec<Finding>,
}

impl Context<'_> {
    fn report(
        &mut self,
        code: &'static str,
        severity: Severity,
        paragraph: Option<usize>,
        line: Option<usize>,
        message: String,
    ) {
        let paragraph_id = paragraph.map(|i| self.loaded.document.paragraphs[i].id.to_string());
        let line = line
            .or_else(|| paragraph.and_then(|i| self.loaded.map.paragraph_lines.get(i).copied()));
        self.findings.push(Finding {
            code,
            severity,
            document: self.loaded.document.id.to_string(),
            paragraph: paragraph_id,
            file: self.file.to_owned(),
            line,
            message,
        });
    }

    /// Line of `key = …` in the top-level table, or in `[table]`.
    fn key_line(&self, table: Option<&str>, key: &str) -> Option<usize> {
        let mut current: Option<&str> = None;
        for (i, line) in self.loaded.text.lines().enumerate() {
            let trimmed = line.trim();
            if let Some(header) = trimmed.strip_prefix('[') {
                current = Some(header.trim_matches(['[', ']', ' ']));
                continue;
            }
            if current == table {
                if let Some(rest) = trimmed.strip_prefix(key) {
                    if rest.trim_start().starts_with('=') {
                        return Some(i + 1);
                    }
                }
            }
        }
        None
    }
}

/// A file that did not load, as a `schema` finding.
fn load_failure(path: &Path, file: &str, error: &Error) -> Finding {
    let (line, message) = match error {
        Error::Parse { error, .. } => (error.line, error.message.clone()),
        Error::Decode { source, .. } => (None, source.to_string()),
        other => (None, other.to_string()),
    };
    Finding {
        code: "schema",
        severity: Severity::Error,
        document: path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        paragraph: None,
        file: file.to_owned(),
        line,
        message,
    }
}
