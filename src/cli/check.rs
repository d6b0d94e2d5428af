//! `bitext check`

use std::process::ExitCode;

use anyhow::Result;

use super::{exit, output, Env, Format};
use bitext::check::render::{self, Style};
use bitext::check::Checker;

/// Check documents: the file parses and matches the schema, paragraph ids
/// are unique, no paragraph is empty, metadata values are valid, text is
/// NFC. Exit 0 when there is no error, 1 when there is, 2 when the check
/// could not run
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Documents: ids, files or folders (default: the whole corpus)
    docs: Vec<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

pub fn run(args: &Args, env: &Env) -> Result<ExitCode> {
    let paths = env.documents(&args.docs)?;
    let mut checker = Checker::new(env.max_file_size());
    let style = Style::new(env.color_stdout());
    for path in &paths {
        let findings = checker.check_file(path, &env.label(path))?;
        // Human output streams, so a long run shows its findings as it goes.
        if args.format == Format::Human {
            let text: String = findings
                .iter()
                .map(|f| render::human_finding(f, style) + "\n")
                .collect();
            output::print(&text)?;
        }
    }
    let report = checker.into_report();
    match args.format {
        Format::Human => output::print(&render::human_summary(&report.summary))?,
        Format::Json => output::print(&render::json(&report))?,
    }
    Ok(if report.summary.errors > 0 {
        exit::FINDINGS
    } else {
        exit::SUCCESS
    }
    .into())
}
