//! `bitext commit`

use std::process::ExitCode;

use anyhow::{bail, Result};

use super::{exit, output, Env, Format};
use bitext::check::{check_path, Checker};
use bitext::history::{CommitOptions, History};
use bitext::parse_rfc3339;
use bitext::render::check::{human_finding, Style};
use bitext::DocumentId;

/// Record the documents as they are as a revision: validate them, then
/// write a git commit of translations/ and bitext.toml on the current
/// branch. Exit 1 with "nothing to commit" when nothing changed
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  bitext commit -m \"Corrected the telegram's date\"\n  bitext commit -m \"Release 5.1\" --author \"Anna Petrova <anna@example.org>\" django-admin"
)]
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
    /// Output format: json prints the commit, the documents and the
    /// paragraphs it changed
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

pub fn run(args: &Args, env: &Env) -> Result<ExitCode> {
    let corpus = env.corpus()?;
    let history = History::open(corpus.root())?;
    let named = env.named(&args.docs)?;
    named.whole_documents("commit")?;
    let ids = named
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
    let options = CommitOptions {
        message: args.message.clone(),
        author: args.author.clone(),
        time,
    };
    if args.message.trim().is_empty() {
        bail!("the message is empty");
    }
    // Only what would be committed is verified — the documents that
    // changed — and before anything is written.
    let max_file_size = corpus.config().limits.max_file_size;
    let mut refused = None;
    let mut verify = |paths: &[std::path::PathBuf]| -> bitext::Result<bool> {
        if args.no_verify {
            return Ok(true);
        }
        let mut checker =
            Checker::with_settings(max_file_size, bitext::check::Settings::structural());
        let style = Style::new(env.color_stdout());
        let mut text = String::new();
        for path in paths {
            let mut outcome =
                check_path(path, &env.label(path), checker.settings(), max_file_size)?;
            let document = outcome.document.take();
            for finding in checker.add(outcome) {
                text.push_str(&human_finding(finding, document.as_ref(), style));
                text.push('\n');
            }
        }
        let errors = checker.report().summary.errors;
        if errors > 0 {
            refused = Some((text, errors));
            return Ok(false);
        }
        Ok(true)
    };
    let committed = history.commit_verified(&options, &ids, &mut verify)?;
    if let Some((text, errors)) = refused {
        output::print(&text)?;
        say!("commit refused: {errors} errors (fix them, or commit with --no-verify)");
        return Ok(exit::FINDINGS.into());
    }
    match committed {
        None => {
            say!("nothing to commit");
            Ok(exit::FINDINGS.into())
        }
        Some(committed) if args.format == Format::Json => {
            output::print_json(&serde_json::json!({
                "commit": committed.commit,
                "documents": committed.documents,
                "paragraphs": committed.paragraphs,
            }))?;
            Ok(exit::SUCCESS.into())
        }
        Some(committed) => {
            output::print(&format!("{}\n", committed.commit))?;
            let count = committed.paragraphs.len();
            say!(
                "committed: {} ({count} paragraph{} changed): {}",
                committed.documents.join(", "),
                if count == 1 { "" } else { "s" },
                args.message.lines().next().unwrap_or("")
            );
            Ok(exit::SUCCESS.into())
        }
    }
}
