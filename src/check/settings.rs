//! What the checks are, and how a corpus tunes them: the `[check]` table
//! of `bitext.toml`.
//!
//! ```toml
//! [check]
//! # Standard deviations of a pair's length ratio from the corpus's before
//! # `length-ratio` speaks.
//! length_ratio_z = 3.5
//! # Terms and their required renderings (TOML or CSV).
//! glossary = "glossary.toml"
//!
//! [check.severity]
//! whitespace = "off"
//! number-mismatch = "warning"
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::glossary::Glossary;
use super::Severity;
use crate::error::{Error, Result};

/// One check of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckInfo {
    /// Its stable code.
    pub code: &'static str,
    /// Its severity unless configured otherwise.
    pub severity: Severity,
    /// What it finds.
    pub finds: &'static str,
}

const fn check(code: &'static str, severity: Severity, finds: &'static str) -> CheckInfo {
    CheckInfo {
        code,
        severity,
        finds,
    }
}

/// Every check, in the order the documentation lists them.
pub const CHECKS: &[CheckInfo] = &[
    check(
        "schema",
        Severity::Error,
        "a file that is not a valid document",
    ),
    check("duplicate-id", Severity::Error, "a paragraph id used twice"),
    check(
        "empty-paragraph",
        Severity::Error,
        "a paragraph with no text on either side",
    ),
    check(
        "missing-source",
        Severity::Note,
        "a translation whose original is not transcribed",
    ),
    check(
        "missing-target",
        Severity::Warning,
        "an original with no translation",
    ),
    check(
        "metadata",
        Severity::Error,
        "a date, language tag or citation URL that is not valid",
    ),
    check(
        "alignment-drift",
        Severity::Error,
        "stored pairs that the aligner pairs otherwise: a shift from a paragraph on",
    ),
    check(
        "length-ratio",
        Severity::Warning,
        "a pair whose length ratio is far from the document's",
    ),
    check(
        "number-mismatch",
        Severity::Error,
        "a number on one side only",
    ),
    check("url-mismatch", Severity::Error, "a URL on one side only"),
    check(
        "email-mismatch",
        Severity::Error,
        "an e-mail address on one side only",
    ),
    check(
        "bracket-mismatch",
        Severity::Warning,
        "brackets unbalanced on one side, or paired differently",
    ),
    check(
        "quote-mismatch",
        Severity::Warning,
        "quotations unbalanced on one side, or counted differently",
    ),
    check(
        "terminal-punctuation",
        Severity::Warning,
        "a question on one side, a statement on the other",
    ),
    check(
        "page-break-split",
        Severity::Warning,
        "a paragraph that ends mid-sentence before one that starts in lower case",
    ),
    check(
        "not-nfc",
        Severity::Error,
        "text not in Unicode Normalization Form C",
    ),
    check(
        "invisible-character",
        Severity::Error,
        "a zero-width character, byte-order mark or soft hyphen inside text",
    ),
    check(
        "control-character",
        Severity::Error,
        "a control character other than line break and tab",
    ),
    check(
        "mixed-script",
        Severity::Error,
        "a Latin letter inside a Cyrillic word, or the reverse",
    ),
    check(
        "whitespace",
        Severity::Warning,
        "doubled spaces, or spaces at the start or end of a text",
    ),
    check(
        "untranslated",
        Severity::Error,
        "a translation equal to its original, or in the original's script",
    ),
    check(
        "stale-translation",
        Severity::Error,
        "a translation whose original changed after it was confirmed",
    ),
    check(
        "glossary",
        Severity::Error,
        "a term rendered otherwise than the glossary requires",
    ),
];

/// The checks that say whether a file is a sound document.
const STRUCTURAL: [&str; 5] = [
    "schema",
    "duplicate-id",
    "empty-paragraph",
    "metadata",
    "not-nfc",
];

/// The catalogue entry for a code.
pub fn check_info(code: &str) -> Option<&'static CheckInfo> {
    CHECKS.iter().find(|c| c.code == code)
}

/// The `[check]` table as written.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    /// Severity per check code: `error`, `warning`, `note` or `off`.
    #[serde(default)]
    pub severity: BTreeMap<String, String>,
    /// `length-ratio` threshold, in standard deviations.
    #[serde(default)]
    pub length_ratio_z: Option<f64>,
    /// The glossary file, relative to the corpus root.
    #[serde(default)]
    pub glossary: Option<String>,
}

impl CheckConfig {
    /// Validates check names and levels; errors name the line that
    /// `line_of(table, key)` gives for a key of the configuration file.
    pub fn validate(
        &self,
        path: &Path,
        line_of: impl Fn(&[&str], &str) -> Option<usize>,
    ) -> Result<()> {
        for (code, level) in &self.severity {
            let line = line_of(&["check", "severity"], code);
            let error = |message: String| Error::Config {
                path: path.to_owned(),
                line,
                column: None,
                message,
            };
            if check_info(code).is_none() {
                return Err(error(format!(
                    "unknown check {code:?} (the checks: {})",
                    CHECKS.iter().map(|c| c.code).collect::<Vec<_>>().join(", ")
                )));
            }
            if parse_level(level).is_none() {
                return Err(error(format!(
                    "severity {level:?} of {code} is not error, warning, note or off"
                )));
            }
        }
        if let Some(z) = self.length_ratio_z {
            if !(z.is_finite() && z > 0.0) {
                return Err(Error::Config {
                    path: path.to_owned(),
                    line: line_of(&["check"], "length_ratio_z"),
                    column: None,
                    message: format!("length_ratio_z {z} is not a positive number"),
                });
            }
        }
        Ok(())
    }
}

/// `error`, `warning`, `note` → the severity; `off` → `Some(None)`.
fn parse_level(level: &str) -> Option<Option<Severity>> {
    Some(match level {
        "error" => Some(Severity::Error),
        "warning" => Some(Severity::Warning),
        "note" => Some(Severity::Note),
        "off" => None,
        _ => return None,
    })
}

/// The checks as a run uses them: severities, thresholds, the glossary,
/// and the date suppressions expire against.
#[derive(Debug, Clone)]
pub struct Settings {
    severity: BTreeMap<&'static str, Option<Severity>>,
    /// `length-ratio` threshold, in standard deviations.
    pub length_ratio_z: f64,
    /// The glossary, if the corpus has one.
    pub glossary: Option<Glossary>,
    /// Today, `YYYY-MM-DD`: a suppression with an earlier `until` has
    /// expired.
    pub today: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            severity: CHECKS.iter().map(|c| (c.code, Some(c.severity))).collect(),
            length_ratio_z: 3.5,
            glossary: None,
            today: crate::date::today(),
        }
    }
}

impl Settings {
    /// The settings a corpus's `[check]` table gives; the glossary path is
    /// relative to `root`.
    pub fn from_config(config: &CheckConfig, root: &Path, max_file_size: u64) -> Result<Settings> {
        let mut settings = Settings::default();
        for (code, level) in &config.severity {
            if let (Some(info), Some(level)) = (check_info(code), parse_level(level)) {
                settings.severity.insert(info.code, level);
            }
        }
        if let Some(z) = config.length_ratio_z {
            settings.length_ratio_z = z;
        }
        if let Some(path) = &config.glossary {
            settings.glossary = Some(Glossary::load(&root.join(path), max_file_size)?);
        }
        Ok(settings)
    }

    /// Only the structural checks, which say whether a file is a sound
    /// document at all (what `bitext commit` runs): `schema`,
    /// `duplicate-id`, `empty-paragraph`, `metadata`, `not-nfc`.
    pub fn structural() -> Settings {
        let mut settings = Settings::default();
        for (code, severity) in settings.severity.iter_mut() {
            if !STRUCTURAL.contains(code) {
                *severity = None;
            }
        }
        settings
    }

    /// The severity a check reports with, or `None` when it is off.
    pub fn severity(&self, code: &str) -> Option<Severity> {
        self.severity.get(code).copied().flatten()
    }
}
