//! `bitext status`

use std::process::ExitCode;

use anyhow::Result;

use super::{exit, output, Env, Format};
use bitext::render;
use bitext::status::status;

/// The state of the corpus: documents changed against HEAD, stale
/// translations (the original changed since the translation was confirmed),
/// and paragraphs with a side still missing
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  bitext status\n  bitext status --format json")]
pub struct Args {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

pub fn run(args: &Args, env: &Env) -> Result<ExitCode> {
    let report = status(env.corpus()?)?;
    let text = match args.format {
        Format::Json => format!("{}\n", serde_json::to_string_pretty(&report)?),
        Format::Human => render::status::human(&report),
    };
    output::print(&text)?;
    Ok(exit::SUCCESS.into())
}
