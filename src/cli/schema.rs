//! `bitext schema`

use std::process::ExitCode;

use anyhow::Result;

use super::{exit, output};

/// Print the JSON Schema of the document file (the one shipped in
/// schemas/document.schema.json)
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  bitext schema > schemas/document.schema.json")]
pub struct Args {}

pub fn run(_args: &Args) -> Result<ExitCode> {
    output::print(&bitext::document::json_schema())?;
    Ok(exit::SUCCESS.into())
}
