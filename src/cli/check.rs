//! `bitext check`

use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Result};

use super::{exit, output, Env};
use bitext::check::{check_in_order, in_shard, Checker, Input, Settings, Severity};
use bitext::history::{check_revision, History};
use bitext::render::check::{self as render, Style};

/// Check documents against the catalogue: structure, alignment (drift,
/// length ratio, numbers, URLs, e-mail addresses, brackets, quotations,
/// terminal punctuation, page-break splits), text hygiene (NFC, invisible
/// and control characters, mixed scripts, whitespace, untranslated text),
/// stale translations and the glossary. Severities and thresholds come
/// from bitext.toml [check]; a paragraph can suppress a check with a
/// reason. Exit 0 when there is no error (nor, with --deny warnings, any
/// warning), 1 when there is, 2 when the check could not run
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  bitext check\n  bitext check 'wcda-112106#p3' --format json\n  bitext check --changed-since origin/main --format github\n  bitext check --format junit > report.xml"
)]
pub struct Args {
    /// Documents: ids, addresses (DOC#PARA for one paragraph's findings,
    /// DOC@REV for a revision), files or folders (default: the whole corpus)
    docs: Vec<String>,
    /// Output format: human (compiler-style), json, sarif (SARIF 2.1.0),
    /// junit (JUnit XML), github (workflow annotations)
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    format: CheckFormat,
    /// Fail (exit 1) on warnings too
    #[arg(long, value_enum, value_name = "warnings")]
    deny: Option<Deny>,
    /// Check only the documents changed since this revision
    #[arg(long, value_name = "REV")]
    changed_since: Option<String>,
    /// Check a stable share of the documents: shard K of N (1-based), by a
    /// hash of the document id
    #[arg(long, value_name = "K/N")]
    shard: Option<String>,
    /// Check the documents as they are in this revision, read from the git
    /// objects (works in a bare repository, as a server-side hook)
    #[arg(long, value_name = "REV")]
    rev: Option<String>,
}

/// `bitext check` output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Human,
    Json,
    Sarif,
    Junit,
    Github,
}

/// What `--deny` can deny.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Deny {
    Warnings,
}

pub fn run(args: &Args, env: &Env) -> Result<ExitCode> {
    let shard = args.shard.as_deref().map(parse_shard).transpose()?;
    let named = env.named(&args.docs)?;
    let rev = super::one_revision(&named.revision, &args.rev)?;
    let (items, settings, max_file_size) = match &rev {
        Some(rev) => at_revision(args, &named.docs, env, rev)?,
        None => on_disk(args, &named.docs, env)?,
    };
    let inputs: Vec<Input> = items
        .into_iter()
        .filter(|input| shard.is_none_or(|(k, n)| in_shard(&input.id(), k, n)))
        .collect();

    let human = args.format == CheckFormat::Human;
    let mut checker = Checker::with_settings(max_file_size, settings);
    let style = Style::new(env.color_stdout());
    let settings = checker.settings().clone();
    // Documents are checked on every core; results come back in order, so
    // human output streams as the documents are done.
    let mut failure = None;
    check_in_order(
        &inputs,
        &settings,
        max_file_size,
        human,
        |result| match result {
            Ok(mut outcome) => {
                let document = outcome.document.take();
                // Paragraphs named by address: their findings only.
                outcome
                    .findings
                    .retain(|f| named.wants(&f.document, f.paragraph.as_deref()));
                let findings = checker.add(outcome);
                if human && !findings.is_empty() {
                    let text: String = findings
                        .iter()
                        .map(|f| render::human_finding(f, document.as_ref(), style) + "\n")
                        .collect();
                    if let Err(e) = output::print(&text) {
                        failure.get_or_insert(anyhow::Error::from(e));
                    }
                }
            }
            Err(e) => {
                failure.get_or_insert(e.into());
            }
        },
    );
    if let Some(error) = failure {
        return Err(error);
    }
    let report = checker.into_report();
    let fail_at = if args.deny.is_some() {
        Severity::Warning
    } else {
        Severity::Error
    };
    let text = match args.format {
        CheckFormat::Human => render::human_summary(&report.summary),
        CheckFormat::Json => render::json(&report),
        CheckFormat::Sarif => render::sarif(&report),
        CheckFormat::Junit => render::junit(&report, fail_at),
        CheckFormat::Github => render::github(&report),
    };
    output::print(&text)?;
    let failed = report.summary.errors > 0 || (args.deny.is_some() && report.summary.warnings > 0);
    Ok(if failed {
        exit::FINDINGS
    } else {
        exit::SUCCESS
    }
    .into())
}

/// The documents on disk to check, with the corpus's settings.
fn on_disk(args: &Args, docs: &[String], env: &Env) -> Result<(Vec<Input>, Settings, u64)> {
    let mut paths = env.documents(docs)?;
    if let Some(since) = &args.changed_since {
        let corpus = env.corpus()?;
        let history = History::open(corpus.root())?;
        let changed = history.changed_documents(since, None)?;
        paths.retain(|p| {
            p.file_stem()
                .is_some_and(|s| changed.iter().any(|c| s.to_string_lossy() == c.as_str()))
        });
    }
    let settings = match env.corpus() {
        Ok(corpus) => Settings::from_config(
            &corpus.config().check,
            corpus.root(),
            corpus.config().limits.max_file_size,
        )?,
        Err(_) => Settings::default(),
    };
    let items = paths
        .into_iter()
        .map(|p| {
            let label = env.label(&p);
            Input::File { path: p, label }
        })
        .collect();
    Ok((items, settings, env.max_file_size()))
}

/// The documents of a revision, read from the git objects, with the
/// settings of that revision's `bitext.toml`.
fn at_revision(
    args: &Args,
    docs: &[String],
    env: &Env,
    rev: &str,
) -> Result<(Vec<Input>, Settings, u64)> {
    let root = env.corpus().map(|c| c.root().to_owned()).ok();
    let start = root.clone().unwrap_or_else(|| env.path(Path::new(".")));
    let history = History::open_for_reading(&start)?;
    let docs: Vec<&str> = docs.iter().map(String::as_str).collect();
    let check = check_revision(
        &history,
        rev,
        &docs,
        args.changed_since.as_deref(),
        root.as_deref(),
    )?;
    let items = check
        .documents
        .into_iter()
        .map(|(id, label, bytes)| Input::Bytes { id, label, bytes })
        .collect();
    Ok((items, check.settings, check.max_file_size))
}

/// `K/N` with 1 ≤ K ≤ N.
fn parse_shard(text: &str) -> Result<(u64, u64)> {
    let parsed = text
        .split_once('/')
        .and_then(|(k, n)| Some((k.trim().parse::<u64>().ok()?, n.trim().parse::<u64>().ok()?)));
    match parsed {
        Some((k, n)) if n >= 1 && (1..=n).contains(&k) => Ok((k, n)),
        _ => bail!("--shard {text:?}: expected K/N with 1 <= K <= N, e.g. 2/8"),
    }
}
