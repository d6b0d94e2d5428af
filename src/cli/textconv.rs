//! `bitext textconv`

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use super::{exit, output, Env};
use bitext::document::load_document;
use bitext::render::layout::plain_text;

/// Print a document file as plain paragraphs, for git's diff driver
/// (`bitext init` registers it: git diff and git log -p then show
/// paragraph-aware text)
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The document file
    file: PathBuf,
}

pub fn run(args: &Args, env: &Env) -> Result<ExitCode> {
    let loaded = load_document(&env.path(&args.file), env.max_file_size())?;
    output::print(&plain_text(&loaded.document))?;
    Ok(exit::SUCCESS.into())
}
