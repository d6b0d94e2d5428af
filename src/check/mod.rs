//! Checks: rules run over documents that yield [`Finding`]s.
//!
//! A finding is data, not an error: it has a stable code that says what it
//! finds (`duplicate-id`, `not-nfc`), a [`Severity`], a message naming what
//! is wrong on which side, and a location (document, paragraph, file,
//! line). Renderers in `crate::render::check` turn the same findings into text for
//! people and JSON for machines.
//!
//! [`Checker`] streams: it loads one document, checks it, keeps the
//! findings and the counts, and drops the document before the next, so
//! memory stays flat however large the corpus.
//!
//! The catalogue, with each check's default severity, is
//! [`settings::CHECKS`]; `bitext.toml` `[check]` changes severities and
//! thresholds ([`settings::CheckConfig`]), and a paragraph can suppress a
//! check with a reason (`suppress = [{ check, reason, until }]`).

mod glossary;
mod hygiene;
mod pairs;

mod settings;
mod structure;

use std::path::Path;

use serde::Serialize;

pub use glossary::{contains_term, Glossary, Term};
pub use settings::{check_info, CheckConfig, CheckInfo, Code, Level, Settings, CHECKS};

use crate::document::{Document, LoadedDocument, Side};
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
    pub code: Code,
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
    /// The spans of the texts the finding is about.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub marks: Vec<Mark>,
    /// The paragraph's position in the document (ids may repeat), for a
    /// renderer to show its texts.
    #[serde(skip)]
    pub paragraph_index: Option<usize>,
}

/// Whether a character is a letter, quickly for the scripts of most text
/// (ASCII, Latin-1 and Latin Extended, Cyrillic) and by the Unicode tables
/// for the rest.
pub(crate) fn is_letter(c: char) -> bool {
    match c as u32 {
        0x41..=0x5a | 0x61..=0x7a => true,
        0..=0x7f => false,
        0xc0..=0x24f => c != '×' && c != '÷',
        0x400..=0x481 | 0x48a..=0x52f => true,
        _ => c.is_alphabetic(),
    }
}

/// A span of one side's text, in characters from its start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Mark {
    /// Which text.
    pub side: Side,
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
}

impl Mark {
    /// A span of `side`'s text.
    pub fn new(side: Side, start: usize, end: usize) -> Self {
        Mark { side, start, end }
    }
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
    /// Findings silenced by a suppression in the record.
    pub suppressed: usize,
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
    /// Every document checked, in order, with or without findings: what a
    /// report of test cases lists.
    #[serde(skip)]
    pub documents: Vec<CheckedDocument>,
    /// The counts.
    pub summary: Summary,
}

/// A document that was checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckedDocument {
    /// Its id, as its file names it.
    pub id: String,
    /// How findings name its file.
    pub file: String,
}

/// Checks documents one at a time, keeping findings and counts.
#[derive(Debug, Clone)]
pub struct Checker {
    max_file_size: u64,
    settings: Settings,
    report: Report,
}

impl Checker {
    /// A checker that reads files of at most `max_file_size` bytes, with
    /// every check at its default severity.
    pub fn new(max_file_size: u64) -> Self {
        Checker::with_settings(max_file_size, Settings::default())
    }

    /// A checker with the given settings.
    pub fn with_settings(max_file_size: u64, settings: Settings) -> Self {
        Checker {
            max_file_size,
            settings,
            report: Report::default(),
        }
    }

    /// Loads and checks one file; `file` is how findings name it. Returns
    /// the findings for this file (also kept in the report). A file that
    /// cannot be read at all is an error; one that is not a valid document
    /// is a `schema` finding.
    pub fn check_file(&mut self, path: &Path, file: &str) -> Result<&[Finding]> {
        let start = self.report.findings.len();
        let outcome = check_path(path, file, &self.settings, self.max_file_size)?;
        self.add(outcome);
        Ok(&self.report.findings[start..])
    }

    /// Adds a checked document's outcome to the report (for checks run
    /// elsewhere, e.g. on several threads); returns its findings.
    pub fn add(&mut self, outcome: Checked) -> &[Finding] {
        let start = self.report.findings.len();
        self.report.summary.documents += 1;
        self.report.summary.paragraphs += outcome.paragraphs;
        self.report.summary.suppressed += outcome.suppressed;
        self.report.summary.count(&outcome.findings);
        self.report.documents.push(outcome.checked);
        self.report.findings.extend(outcome.findings);
        &self.report.findings[start..]
    }

    /// The settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
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

/// What checking one document gave.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Checked {
    /// The findings, in file order.
    pub findings: Vec<Finding>,
    /// The document checked, when it parsed: for a renderer to show the
    /// texts findings are about. [`Checker::add`] drops it.
    pub document: Option<Document>,
    /// How many findings suppressions silenced.
    pub suppressed: usize,
    /// Paragraphs in the document (0 if it did not parse).
    pub paragraphs: usize,
    /// Which document it was.
    pub checked: CheckedDocument,
}

/// Loads and checks one file; `file` is how findings name it. A file that
/// cannot be read at all is an error; one that is not a valid document is
/// a `schema` finding.
pub fn check_path(
    path: &Path,
    file: &str,
    settings: &Settings,
    max_file_size: u64,
) -> Result<Checked> {
    match crate::document::io::read_limited(path, max_file_size) {
        Ok(bytes) => check_bytes(bytes, path, file, settings),
        Err(error @ Error::Io { .. }) => Err(error),
        Err(error) => Ok(Checked {
            findings: vec![load_failure(path, file, &error)],
            checked: checked_document(path, file),
            ..Checked::default()
        }),
    }
}

/// Checks a document file's bytes (from disk or a revision).
pub fn check_bytes(
    bytes: Vec<u8>,
    path: &Path,
    file: &str,
    settings: &Settings,
) -> Result<Checked> {
    match crate::document::io::load_document_bytes(bytes, path) {
        Ok(loaded) => {
            let mut checked = check_loaded(&loaded, file, settings)?;
            checked.document = Some(loaded.document);
            checked.checked = checked_document(path, file);
            Ok(checked)
        }
        Err(error) => Ok(Checked {
            findings: vec![load_failure(path, file, &error)],
            checked: checked_document(path, file),
            ..Checked::default()
        }),
    }
}

fn checked_document(path: &Path, file: &str) -> CheckedDocument {
    CheckedDocument {
        id: path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        file: file.to_owned(),
    }
}

/// One document to check: a file on disk, or a file's bytes (at a
/// revision, say). `label` is how findings name it.
#[derive(Debug, Clone)]
pub enum Input {
    /// A file, read with the run's size limit.
    File {
        /// Where it is.
        path: std::path::PathBuf,
        /// How findings name it.
        label: String,
    },
    /// A file's bytes.
    Bytes {
        /// The document id (the file's name without `.toml`).
        id: String,
        /// How findings and errors name it.
        label: String,
        /// The bytes.
        bytes: Vec<u8>,
    },
}

impl Input {
    /// The document's id, as its file names it: what shards are cut by.
    pub fn id(&self) -> String {
        match self {
            Input::File { path, .. } => path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            Input::Bytes { id, .. } => id.clone(),
        }
    }
}

/// Checks documents on every core and hands each result to `sink` in the
/// inputs' order, as soon as it and those before it are done — so output
/// streams while later documents are still being checked. With
/// `documents`, each outcome carries its document, for a renderer that
/// shows the texts findings are about; without, none is kept waiting.
pub fn check_in_order(
    inputs: &[Input],
    settings: &Settings,
    max_file_size: u64,
    documents: bool,
    sink: impl FnMut(Result<Checked>),
) {
    let threads = crate::parallel::threads_for(inputs.len(), 1);
    crate::parallel::in_order(
        inputs,
        threads,
        || (),
        |(), input| {
            let mut checked = match input {
                Input::File { path, label } => check_path(path, label, settings, max_file_size),
                Input::Bytes { label, bytes, .. } => {
                    check_bytes(bytes.clone(), Path::new(label), label, settings)
                }
            };
            if !documents {
                if let Ok(checked) = &mut checked {
                    checked.document = None;
                }
            }
            checked
        },
        sink,
    );
}

/// Runs every check on a loaded document with default settings; `file` is
/// how findings name it.
pub fn check_document(loaded: &LoadedDocument, file: &str) -> Vec<Finding> {
    check_loaded(loaded, file, &Settings::default())
        .map(|c| c.findings)
        .unwrap_or_default()
}

/// Runs every check on a loaded document. A suppression that gives no
/// reason, or names no known check, is an error: the run cannot honour it.
pub fn check_loaded(loaded: &LoadedDocument, file: &str, settings: &Settings) -> Result<Checked> {
    let mut findings = Vec::new();
    let mut context = Context {
        loaded,
        file,
        settings,
        findings: &mut findings,
    };
    structure::check(&mut context);
    hygiene::check(&mut context);
    hygiene::check_characters(&mut context);
    pairs::check(&mut context);
    let suppressed = suppress(loaded, file, settings, &mut findings)?;
    // In file order, as a reader goes through the file; the sort is stable,
    // so findings on one line keep the order of the checks.
    findings.sort_by_key(|f| f.line.unwrap_or(0));
    Ok(Checked {
        findings,
        document: None,
        suppressed,
        paragraphs: loaded.document.paragraphs.len(),
        checked: checked_document(&loaded.path, file),
    })
}

/// Drops the findings a paragraph's suppressions silence; returns how many.
fn suppress(
    loaded: &LoadedDocument,
    file: &str,
    settings: &Settings,
    findings: &mut Vec<Finding>,
) -> Result<usize> {
    let document = &loaded.document;
    let mut active: Vec<(&str, &str)> = Vec::new();
    for (i, paragraph) in document.paragraphs.iter().enumerate() {
        for suppression in &paragraph.suppress {
            let error = |message: String| Error::Config {
                path: file.into(),
                line: loaded.map.paragraph_lines.get(i).copied(),
                column: None,
                message,
            };
            if settings::check_info(&suppression.check).is_none() {
                return Err(error(format!(
                    "paragraph {} suppresses {:?}, which is not a check",
                    paragraph.id, suppression.check
                )));
            }
            if suppression.reason.trim().is_empty() {
                return Err(error(format!(
                    "paragraph {} suppresses {} without a reason: say why in `reason`",
                    paragraph.id, suppression.check
                )));
            }
            let expired = suppression
                .until
                .as_deref()
                .is_some_and(|until| until < settings.today.as_str());
            if !expired {
                active.push((paragraph.id.as_str(), suppression.check.as_str()));
            }
        }
    }
    if active.is_empty() {
        return Ok(0);
    }
    let before = findings.len();
    findings.retain(|f| {
        !f.paragraph
            .as_deref()
            .is_some_and(|p| active.contains(&(p, f.code.as_str())))
    });
    Ok(before - findings.len())
}

/// What a check needs: the document, where it came from, the settings,
/// and where to put findings.
struct Context<'a> {
    loaded: &'a LoadedDocument,
    file: &'a str,
    settings: &'a Settings,
    findings: &'a mut Vec<Finding>,
}

impl Context<'_> {
    /// Reports a finding about a paragraph (or the document) at the
    /// check's configured severity; nothing when the check is off.
    fn report(&mut self, code: Code, paragraph: Option<usize>, message: String) {
        self.report_marked(code, paragraph, message, Vec::new());
    }

    /// As [`Context::report`], with spans of the texts marked.
    fn report_marked(
        &mut self,
        code: Code,
        paragraph: Option<usize>,
        message: String,
        marks: Vec<Mark>,
    ) {
        let severity = self.settings.severity_of(code);
        self.report_as(code, severity, paragraph, None, message, marks);
    }

    /// As [`Context::report`], at a given line.
    fn report_at(
        &mut self,
        code: Code,
        paragraph: Option<usize>,
        line: Option<usize>,
        message: String,
    ) {
        let severity = self.settings.severity_of(code);
        self.report_as(code, severity, paragraph, line, message, Vec::new());
    }

    /// The severity configured for a check, or `default` when the corpus
    /// left it at the catalogue's.
    fn configured_or(&self, code: Code, default: Severity) -> Option<Severity> {
        let catalogue = settings::check_info(code.as_str()).map(|c| c.severity);
        match self.settings.severity_of(code) {
            Some(s) if Some(s) == catalogue => Some(default),
            other => other,
        }
    }

    fn report_as(
        &mut self,
        code: Code,
        severity: Option<Severity>,
        paragraph: Option<usize>,
        line: Option<usize>,
        message: String,
        marks: Vec<Mark>,
    ) {
        let Some(severity) = severity else {
            return;
        };
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
            marks,
            paragraph_index: paragraph,
        });
    }

    /// Line of a key outside the paragraph tables (`date`,
    /// `citation.url`), from the reader's source map.
    fn key_line(&self, key: &str) -> Option<usize> {
        self.loaded.map.key_line(key)
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
        code: Code::Schema,
        severity: Severity::Error,
        document: path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        paragraph: None,
        file: file.to_owned(),
        line,
        message,
        marks: Vec::new(),
        paragraph_index: None,
    }
}

/// Whether a document belongs to shard `k` of `n` (1-based): by the FNV-1a
/// hash of its id, so the split is the same on every machine and version.
pub fn in_shard(id: &str, k: u64, n: u64) -> bool {
    n > 0 && crate::hash::fnv1a_64(id.as_bytes()) % n == k.wrapping_sub(1)
}
