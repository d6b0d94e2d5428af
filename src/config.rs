//! The corpus configuration, `bitext.toml`: size limits and the checks'
//! settings, with errors that name the line.

use std::path::Path;

use serde::Deserialize;

use crate::check::CheckConfig;
use crate::document::io::DEFAULT_MAX_FILE_SIZE;
use crate::document::read::{parse_with_key_lines, LineIndex};
use crate::error::{Error, Result};

/// Name of the corpus configuration file, which marks a corpus root.
pub const CONFIG_FILE: &str = "bitext.toml";

/// The corpus configuration, `bitext.toml`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Size limits.
    #[serde(default)]
    pub limits: Limits,
    /// The checks: severities, thresholds, the glossary.
    #[serde(default)]
    pub check: CheckConfig,
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
pub(crate) const DEFAULT_CONFIG: &str = "\
# bitext corpus configuration. Documents live in translations/<id>.toml.

[limits]
# Largest file bitext reads, in bytes: documents and import inputs alike.
max_file_size = 67108864
";

impl Config {
    /// Parses configuration text; `path` is used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config> {
        let lines = LineIndex::new(text);
        let (config, key_lines): (Config, _) = parse_with_key_lines(text, &lines).map_err(|e| {
            let (line, column) = match e.span() {
                Some(span) => {
                    let (line, column) = lines.locate(text, span.start);
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
        let line_of = |table: &[&str], key: &str| {
            key_lines
                .iter()
                .find(|(path, _)| {
                    path.len() == table.len() + 1
                        && path.iter().zip(table).all(|(a, b)| a == b)
                        && path.last().is_some_and(|k| k == key)
                })
                .map(|&(_, line)| line)
        };
        config.check.validate(path, line_of)?;
        Ok(config)
    }
}
