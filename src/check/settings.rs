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

/// Declares the catalogue once: the [`Code`] enum the engine reports with
/// (so a check cannot report a code the catalogue lacks) and [`CHECKS`].
macro_rules! catalogue {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $severity:ident, $finds:literal; )*) => {
        /// The stable code of a check.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// The code as the catalogue, the configuration and reports
            /// write it, e.g. `number-mismatch`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( Code::$variant => $code, )*
                }
            }
        }

        /// Every check, in the order the documentation lists them.
        pub const CHECKS: &[CheckInfo] = &[
            $( CheckInfo { code: $code, severity: Severity::$severity, finds: $finds }, )*
        ];
    };
}

catalogue! {
    /// A file that is not a valid document.
    Schema = "schema", Error, "a file that is not a valid document";
    /// A paragraph id used twice.
    DuplicateId = "duplicate-id", Error, "a paragraph id used twice";
    /// A change two branches made differently, recorded by a merge and not yet resolved.
    MergeConflict = "merge-conflict", Error, "a change two branches made differently, recorded by a merge and not yet resolved";
    /// A paragraph with no text on either side.
    EmptyParagraph = "empty-paragraph", Error, "a paragraph with no text on either side";
    /// A translation whose original is not transcribed.
    MissingSource = "missing-source", Note, "a translation whose original is not transcribed";
    /// An original with no translation.
    MissingTarget = "missing-target", Warning, "an original with no translation";
    /// A date, language tag or citation URL that is not valid.
    Metadata = "metadata", Error, "a date, language tag or citation URL that is not valid";
    /// Stored pairs that the aligner pairs otherwise: a shift from a paragraph on.
    AlignmentDrift = "alignment-drift", Error, "stored pairs that the aligner pairs otherwise: a shift from a paragraph on";
    /// A pair the aligner made with low confidence, to be looked at.
    LowConfidence = "low-confidence", Note, "a pair the aligner made with low confidence, to be looked at";
    /// A pair whose length ratio is far from the document's.
    LengthRatio = "length-ratio", Warning, "a pair whose length ratio is far from the document's";
    /// A number on one side only.
    NumberMismatch = "number-mismatch", Error, "a number on one side only";
    /// A URL on one side only.
    UrlMismatch = "url-mismatch", Error, "a URL on one side only";
    /// An e-mail address on one side only.
    EmailMismatch = "email-mismatch", Error, "an e-mail address on one side only";
    /// Brackets unbalanced on one side, or paired differently.
    BracketMismatch = "bracket-mismatch", Warning, "brackets unbalanced on one side, or paired differently";
    /// Quotations unbalanced on one side, or counted differently.
    QuoteMismatch = "quote-mismatch", Warning, "quotations unbalanced on one side, or counted differently";
    /// A question on one side, a statement on the other.
    TerminalPunctuation = "terminal-punctuation", Warning, "a question on one side, a statement on the other";
    /// A paragraph that ends mid-sentence before one that starts in lower case.
    PageBreakSplit = "page-break-split", Warning, "a paragraph that ends mid-sentence before one that starts in lower case";
    /// Text not in Unicode Normalization Form C.
    NotNfc = "not-nfc", Error, "text not in Unicode Normalization Form C";
    /// A zero-width character, byte-order mark or soft hyphen inside text.
    InvisibleCharacter = "invisible-character", Error, "a zero-width character, byte-order mark or soft hyphen inside text";
    /// A control character other than line break and tab.
    ControlCharacter = "control-character", Error, "a control character other than line break and tab";
    /// A Latin letter inside a Cyrillic word, or the reverse.
    MixedScript = "mixed-script", Error, "a Latin letter inside a Cyrillic word, or the reverse";
    /// Doubled spaces, or spaces at the start or end of a text.
    Whitespace = "whitespace", Warning, "doubled spaces, or spaces at the start or end of a text";
    /// A translation equal to its original, or in the original's script.
    Untranslated = "untranslated", Error, "a translation equal to its original, or in the original's script";
    /// A translation whose original changed after it was confirmed.
    StaleTranslation = "stale-translation", Error, "a translation whose original changed after it was confirmed";
    /// A term rendered otherwise than the glossary requires.
    Glossary = "glossary", Error, "a term rendered otherwise than the glossary requires";
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// The checks that say whether a file is a sound document.
const STRUCTURAL: [Code; 6] = [
    Code::Schema,
    Code::MergeConflict,
    Code::DuplicateId,
    Code::EmptyParagraph,
    Code::Metadata,
    Code::NotNfc,
];

/// The catalogue entry for a code.
pub fn check_info(code: &str) -> Option<&'static CheckInfo> {
    CHECKS.iter().find(|c| c.code == code)
}

/// The `[check]` table as written.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    /// Level per check code: `error`, `warning`, `note` or `off`.
    #[serde(default)]
    pub severity: BTreeMap<String, Level>,
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
        for code in self.severity.keys() {
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

/// What `[check.severity]` sets a check to: a severity, or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Report at this severity.
    Report(Severity),
    /// Do not run the check.
    Off,
}

impl Level {
    /// The severity, or `None` when off.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Report(severity) => Some(severity),
            Level::Off => None,
        }
    }
}

impl<'de> Deserialize<'de> for Level {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(match text.as_str() {
            "error" => Level::Report(Severity::Error),
            "warning" => Level::Report(Severity::Warning),
            "note" => Level::Report(Severity::Note),
            "off" => Level::Off,
            _ => {
                return Err(serde::de::Error::custom(format!(
                    "severity {text:?} is not error, warning, note or off"
                )))
            }
        })
    }
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
            if let Some(info) = check_info(code) {
                settings.severity.insert(info.code, level.severity());
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
    /// `merge-conflict`, `duplicate-id`, `empty-paragraph`, `metadata`, `not-nfc`.
    pub fn structural() -> Settings {
        let mut settings = Settings::default();
        for (code, severity) in settings.severity.iter_mut() {
            if !STRUCTURAL.iter().any(|c| c.as_str() == *code) {
                *severity = None;
            }
        }
        settings
    }

    /// The severity a check reports with, or `None` when it is off; a
    /// code not in the catalogue is off.
    pub fn severity(&self, code: &str) -> Option<Severity> {
        self.severity.get(code).copied().flatten()
    }

    /// The severity of one of the engine's checks.
    pub(crate) fn severity_of(&self, code: Code) -> Option<Severity> {
        self.severity(code.as_str())
    }
}
