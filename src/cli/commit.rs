//! `bitext commit`

use std::process::ExitCode;

use anyhow::{bail, Result};

use super::{exit, output, Env};
use bitext::check::{check_path, Checker};
use bitext::history::{CommitOptions, History};
use bitext::parse_rfc3339;
use bitext::render::check::{human_finding, Style};
use bitext::DocumentId;

/// Record the documents as they are as a revision: validate them, then
/// write a git commit of translations/ and bitext.toml on the current
/// branch. Exit 1 with "nothing to commit" when nothing changed
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The revision's message
    #[arg(short, long)]
    message: String,
    /// Author as "Name <email>" (default: the repository's user.name and
    /// user.email)
    #[arg(long)]
    author: Option<String>,
    /// Author date, RFC 3339 (default: now)
    #[arg(long)]
    date: Option<String>,
    /// Commit without running the structural checks
    #[arg(long)]
    no_verify: bool,
    /// Only these documents (default: every changed document)
    docs: Vec<String>,
}

pub fn run(args: &Args, env: &Env) -> Result<ExitCode> {
    let corpus = env.corpus()?;
    let history = History::open(corpus.root())?;
    let ids = args
        .docs
        .iter()
        .map(|d| DocumentId::new(d.strip_suffix(".toml").unwrap_or(d)))
        .collect::<Result<Vec<_>, _>>()?;
    let time = match &args.date {
        Some(date) => Some(parse_rfc3339(date).ok_or_else(|| {
            anyhow::anyhow!("date {date:?} is not RFC 3339 (e.g. 2024-05-01T10:00:00Z)")
        })?),
        None => None,
    };
    if !args.no_verify {
        // Only what would be committed is verified: the documents named,
        // or those that differ from the last revision.
        let paths: Vec<_> = if !ids.is_empty() {
            ids.iter().map(|id| corpus.document_path(id)).collect()
        } else if history.head_commit()?.is_some() {
            history
                .changed_documents("HEAD", None)?
                .iter()
                .filter_map(|id| DocumentId::new(id).ok())
                .map(|id| corpus.document_path(&id))
                .collect()
        } else {
            corpus.document_paths()?
        };
        let mut checker = Checker::with_settings(
            corpus.config().limits.max_file_size,
            bitext::check::Settings::structural(),
        );
        let style = Style::new(env.color_stdout());
        let mut text = String::new();
        for path in paths.iter().filter(|p| p.exists()) {
            let mut outcome = check_path(
                path,
                &env.label(path),
                checker.settings(),
                corpus.config().limits.max_file_size,
            )?;
            let document = outcome.document.take();
            for finding in checker.add(outcome) {
                text.push_str(&human_finding(finding, document.as_ref(), style));
                text.push('\n');
            }
        }
        let report = checker.into_report();
        if report.summary.errors > 0 {
            output::print(&text)?;
            eprintln!(
                "commit refused: {} errors (fix them, or commit with --no-verify)",
                report.summary.errors
            );
            return Ok(exit::FINDINGS.into());
        }
    }
    let options = CommitOptions {
        message: args.message.clone(),
        author: args.author.clone(),
        time,
    };
    if args.message.trim().is_empty() {
        bail!("the message is empty");
    }
    match history.commit(&options, &ids)? {
        None => {
            eprintln!("nothing to commit");
            Ok(exit::FINDINGS.into())
        }
        Some(committed) => {
            output::print(&format!("{}\n", committed.commit))?;
            let count = committed.paragraphs.len();
            eprintln!(
                "committed: {} ({count} paragraph{} changed): {}",
                committed.documents.join(", "),
                if count == 1 { "" } else { "s" },
                args.message.lines().next().unwrap_or("")
            );
            Ok(exit::SUCCESS.into())
        }
    }
}
