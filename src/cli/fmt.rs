//! `bitext fmt`

use std::process::ExitCode;

use anyhow::Result;

use super::{exit, output, Env, Format};
use bitext::document::{load_document, write_atomic};

/// Rewrite documents canonically: NFC text, \n line ends, no trailing
/// spaces, fixed key order
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  bitext fmt\n  bitext fmt --check\n  bitext fmt --check --format json"
)]
pub struct Args {
    /// Change nothing; list the files that are not canonical and exit 1 if
    /// there are any
    #[arg(long)]
    check: bool,
    /// Documents: ids, files or folders (default: the whole corpus)
    docs: Vec<String>,
    /// Output format: json prints the files checked and those not (or no
    /// longer) canonical
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

pub fn run(args: &Args, env: &Env) -> Result<ExitCode> {
    let named = env.named(&args.docs)?;
    named.whole_documents("fmt")?;
    let paths = env.documents(&named.docs)?;
    // First pass: every file must parse before any is rewritten, so a
    // failure leaves the corpus as it was.
    let mut changed = Vec::new();
    for path in &paths {
        let loaded = load_document(path, env.max_file_size())?;
        if !loaded.is_canonical() {
            changed.push(path);
        }
    }
    let json = |key: &str| {
        output::print_json(&serde_json::json!({
            "documents": paths.len(),
            key: changed.iter().map(|p| env.label(p)).collect::<Vec<_>>(),
        }))
    };
    if args.check && args.format == Format::Json {
        json("not_canonical")?;
        let code = if changed.is_empty() {
            exit::SUCCESS
        } else {
            exit::FINDINGS
        };
        return Ok(code.into());
    }
    if args.check {
        let list: String = changed
            .iter()
            .map(|p| format!("{}\n", env.label(p)))
            .collect();
        output::print(&list)?;
        if !changed.is_empty() {
            say!(
                "{} of {} documents are not canonical; run `bitext fmt`",
                changed.len(),
                paths.len()
            );
            return Ok(exit::FINDINGS.into());
        }
        return Ok(exit::SUCCESS.into());
    }
    for path in &changed {
        // Read again: the first pass kept nothing, to keep memory flat.
        let loaded = load_document(path, env.max_file_size())?;
        write_atomic(path, loaded.canonical_keeping_comments().as_bytes(), true)?;
        if args.format == Format::Human {
            say!("formatted {}", env.label(path));
        }
    }
    if args.format == Format::Json {
        json("formatted")?;
        return Ok(exit::SUCCESS.into());
    }
    if changed.is_empty() {
        say!("{} documents already canonical", paths.len());
    }
    Ok(exit::SUCCESS.into())
}
