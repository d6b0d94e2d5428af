//! `bitext init`

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

use super::exit;
use bitext::Corpus;

/// Make a folder a corpus: bitext.toml, translations/ and the document
/// schema. Existing files are left as they are.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder (created if missing; default: the current folder)
    dir: Option<PathBuf>,
}

pub fn run(args: &Args, start: Option<&Path>) -> Result<ExitCode> {
    let base = start.unwrap_or(Path::new("."));
    let dir = match &args.dir {
        Some(dir) if dir.is_absolute() => dir.clone(),
        Some(dir) => base.join(dir),
        None => base.to_owned(),
    };
    let report = Corpus::init(&dir)?;
    for created in &report.created {
        eprintln!("created {}", dir.join(created).display());
    }
    if report.created.is_empty() {
        eprintln!("{} is already a corpus; nothing to do", dir.display());
    } else {
        eprintln!("initialised corpus in {}", dir.display());
    }
    Ok(exit::SUCCESS.into())
}
