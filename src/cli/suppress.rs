//! `bitext suppress`

use std::process::ExitCode;

use anyhow::{bail, Result};

use super::{exit, output, Env, Format};
use bitext::check::check_info;
use bitext::document::Suppression;
use bitext::is_iso_date;
use bitext::DocumentId;

/// Silence one check for one paragraph, with the reason on record next to
/// the text (`suppress = [{ check, reason, until }]`), so a reviewer sees
/// it; `bitext check` counts what suppressions silence
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  bitext suppress 'wcda-112106#p9' number-mismatch --reason \"the archive's own numbering\"\n  bitext suppress lenny-de p4 length-ratio --reason \"a literal translation\" --until 2027-01-01"
)]
pub struct Args {
    /// Document id, or DOC#PARA (then the paragraph is not given apart)
    doc: String,
    /// Paragraph id, then the check's code (e.g. number-mismatch); the
    /// check's code alone after DOC#PARA
    #[arg(num_args = 1..=2, required = true, value_name = "PARAGRAPH CHECK")]
    rest: Vec<String>,
    /// Why the finding does not apply here
    #[arg(long)]
    reason: String,
    /// Stop suppressing after this date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    until: Option<String>,
    /// Output format: json prints the suppression recorded
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

pub fn run(args: &Args, env: &Env) -> Result<ExitCode> {
    let named = env.named(std::slice::from_ref(&args.doc))?;
    named.on_disk("suppress")?;
    let (paragraph_id, check) = match (named.paragraphs.first(), args.rest.as_slice()) {
        (Some((_, paragraph)), [check]) => (paragraph.clone(), check.clone()),
        (None, [paragraph, check]) => (paragraph.clone(), check.clone()),
        (Some(_), _) => bail!("after DOC#PARA give the check's code alone"),
        (None, _) => {
            bail!("give the paragraph and the check's code: DOC PARA CHECK, or DOC#PARA CHECK")
        }
    };
    if check_info(&check).is_none() {
        bail!("{check:?} is not a check (`bitext check --help` lists them)");
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
    let doc = named.docs.first().cloned().unwrap_or_default();
    let id = DocumentId::new(doc.strip_suffix(".toml").unwrap_or(&doc))?;
    let mut loaded = corpus.load(&id)?;
    let Some(paragraph) = loaded
        .document
        .paragraphs
        .iter_mut()
        .find(|p| p.id.as_str() == paragraph_id)
    else {
        bail!("{}: no paragraph {paragraph_id:?}", loaded.path.display());
    };
    paragraph.suppress.retain(|s| s.check != check);
    paragraph.suppress.push(Suppression {
        check: check.clone(),
        reason: args.reason.clone(),
        until: args.until.clone(),
    });
    let written = corpus.save_edited(&loaded, &loaded.document)?;
    if args.format == Format::Json {
        output::print_json(&serde_json::json!({
            "document": id.as_str(),
            "paragraph": paragraph_id,
            "check": check,
            "reason": args.reason,
            "until": args.until,
            "file": env.label(&written),
        }))?;
        return Ok(exit::SUCCESS.into());
    }
    say!(
        "suppressed {} for {}#{} in {}",
        check,
        id,
        paragraph_id,
        env.label(&written)
    );
    Ok(exit::SUCCESS.into())
}
