//! `bitext suppress`

use std::process::ExitCode;

use anyhow::{bail, Result};

use super::{exit, Env};
use bitext::check::check_info;
use bitext::document::Suppression;
use bitext::is_iso_date;
use bitext::DocumentId;

/// Silence one check for one paragraph, with the reason on record next to
/// the text (`suppress = [{ check, reason, until }]`), so a reviewer sees
/// it; `bitext check` counts what suppressions silence
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Document id
    doc: String,
    /// Paragraph id
    paragraph: String,
    /// The check's code, e.g. number-mismatch
    check: String,
    /// Why the finding does not apply here
    #[arg(long)]
    reason: String,
    /// Stop suppressing after this date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    until: Option<String>,
}

pub fn run(args: &Args, env: &Env) -> Result<ExitCode> {
    if check_info(&args.check).is_none() {
        bail!(
            "{:?} is not a check (`bitext check --help` lists them)",
            args.check
        );
    }
    if args.reason.trim().is_empty() {
        bail!("a suppression needs a reason: say why with --reason");
    }
    if let Some(until) = &args.until {
        if until.len() != 10 || !is_iso_date(until) {
            bail!("--until {until:?} is not a date (YYYY-MM-DD)");
        }
    }
    let corpus = env.corpus()?;
    let id = DocumentId::new(args.doc.strip_suffix(".toml").unwrap_or(&args.doc))?;
    let mut loaded = corpus.load(&id)?;
    let Some(paragraph) = loaded
        .document
        .paragraphs
        .iter_mut()
        .find(|p| p.id.as_str() == args.paragraph)
    else {
        bail!(
            "{}: no paragraph {:?}",
            loaded.path.display(),
            args.paragraph
        );
    };
    paragraph.suppress.retain(|s| s.check != args.check);
    paragraph.suppress.push(Suppression {
        check: args.check.clone(),
        reason: args.reason.clone(),
        until: args.until.clone(),
    });
    let written = corpus.save_edited(&loaded, &loaded.document)?;
    say!(
        "suppressed {} for {}#{} in {}",
        args.check,
        id,
        args.paragraph,
        env.label(&written)
    );
    Ok(exit::SUCCESS.into())
}
