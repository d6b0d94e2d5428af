//! `bitext confirm`

use std::process::ExitCode;

use anyhow::{bail, Result};

use super::{exit, Env};
use bitext::DocumentId;

/// Confirm that the translations of paragraphs match their originals as
/// they are now, so they are no longer stale (and no longer fuzzy)
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Document id
    doc: String,
    /// Paragraph ids (default: every stale or fuzzy paragraph of the
    /// document)
    paragraphs: Vec<String>,
}

pub fn run(args: &Args, env: &Env) -> Result<ExitCode> {
    let corpus = env.corpus()?;
    let mut loaded = corpus.load(&DocumentId::new(
        args.doc.strip_suffix(".toml").unwrap_or(&args.doc),
    )?)?;
    for id in &args.paragraphs {
        if loaded.document.paragraph(id).is_none() {
            bail!("{}: no paragraph {id:?}", loaded.path.display());
        }
    }
    let mut confirmed = Vec::new();
    for paragraph in &mut loaded.document.paragraphs {
        let named = args.paragraphs.iter().any(|p| p == paragraph.id.as_str());
        if named || (args.paragraphs.is_empty() && paragraph.needs_review()) {
            if paragraph.source.is_none() || paragraph.target.is_none() {
                bail!(
                    "paragraph {} lacks a side; only a pair can be confirmed",
                    paragraph.id
                );
            }
            paragraph.confirm();
            paragraph.flags.retain(|f| f != "fuzzy");
            confirmed.push(paragraph.id.to_string());
        }
    }
    corpus.save_edited(&loaded, &loaded.document)?;
    say!(
        "confirmed {} paragraphs: {}",
        confirmed.len(),
        confirmed.join(", ")
    );
    Ok(exit::SUCCESS.into())
}
