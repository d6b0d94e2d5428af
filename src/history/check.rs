//! Checking the documents of a revision, read from the git objects: what a
//! server-side hook does with a push, in a bare repository too.

use std::path::Path;

use super::History;
use crate::check::{CheckConfig, Settings};
use crate::config::Config;
use crate::error::{Error, Result};

/// A revision's documents to check, with the settings of that revision's
/// `bitext.toml`.
#[derive(Debug, Clone)]
pub struct RevisionCheck {
    /// The documents: id, label for messages (`abc1234:translations/x.toml`)
    /// and the file's bytes.
    pub documents: Vec<(String, String, Vec<u8>)>,
    /// The checks as the revision's configuration sets them.
    pub settings: Settings,
    /// The revision's `[limits] max_file_size`.
    pub max_file_size: u64,
}

/// The documents of revision `rev` to check — those in `docs` (ids, with or
/// without `.toml`; all when empty), and with `changed_since` only those
/// changed since that revision — and the settings of the revision's own
/// `bitext.toml`. A glossary the configuration names is read from
/// `work_tree`, the corpus root, when there is one; a bare repository's
/// checks run without it.
pub fn check_revision(
    history: &History,
    rev: &str,
    docs: &[&str],
    changed_since: Option<&str>,
    work_tree: Option<&Path>,
) -> Result<RevisionCheck> {
    let (files, config_text) = history.files_at(rev)?;
    let config = match &config_text {
        Some(text) => Config::parse(text, Path::new(&format!("{rev}:bitext.toml")))?,
        None => Config::default(),
    };
    let changed = match changed_since {
        Some(since) => Some(history.changed_documents(since, Some(rev))?),
        None => None,
    };
    let wanted: Vec<&str> = docs
        .iter()
        .map(|d| d.strip_suffix(".toml").unwrap_or(d))
        .collect();
    if let Some(missing) = wanted
        .iter()
        .find(|doc| !files.iter().any(|(id, ..)| id == *doc))
    {
        return Err(Error::NotInRevision {
            id: (*missing).to_owned(),
            rev: rev.to_owned(),
        });
    }
    let documents = files
        .into_iter()
        .filter(|(id, ..)| wanted.is_empty() || wanted.contains(&id.as_str()))
        .filter(|(id, ..)| changed.as_ref().is_none_or(|c| c.contains(id)))
        .collect();
    let check: CheckConfig = match work_tree {
        Some(_) => config.check.clone(),
        None => CheckConfig {
            glossary: None,
            ..config.check.clone()
        },
    };
    let settings = Settings::from_config(
        &check,
        work_tree.unwrap_or(Path::new(".")),
        config.limits.max_file_size,
    )?;
    Ok(RevisionCheck {
        documents,
        settings,
        max_file_size: config.limits.max_file_size,
    })
}
