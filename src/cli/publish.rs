//! `bitext publish`

use std::process::ExitCode;

use anyhow::Result;

use super::{exit, output, Env, Format};
use bitext::history::History;

/// Mark a revision as a published edition (an annotated git tag), so that
/// `bitext cite` names the edition its text is in
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  bitext publish 2026-edition -m \"Published on the archive's site\"\n  bitext publish first-print -m \"As printed\" --rev HEAD~3"
)]
pub struct Args {
    /// The edition's name (a git tag name)
    name: String,
    /// What the edition is
    #[arg(short, long)]
    message: String,
    /// The revision published (default: HEAD)
    #[arg(long, value_name = "REV", default_value = "HEAD")]
    rev: String,
    /// Output format: json prints the edition
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

pub fn run(args: &Args, env: &Env) -> Result<ExitCode> {
    let history = History::open(env.corpus()?.root())?;
    let commit = history.resolve(&args.rev)?;
    let edition = history.publish(&args.name, &args.message, commit)?;
    if args.format == Format::Json {
        output::print_json(&serde_json::to_value(&edition)?)?;
        return Ok(exit::SUCCESS.into());
    }
    output::print(&format!("{}\n", edition.commit))?;
    say!("published {} at {}", edition.name, edition.commit);
    Ok(exit::SUCCESS.into())
}
