//! `bitext confirm`

use std::process::ExitCode;

use anyhow::{bail, Result};

use super::{exit, output, Env, Format};
use bitext::DocumentId;

/// Confirm that the translations of paragraphs match their originals as
/// they are now, so they are no longer stale (and no longer fuzzy, nor of
/// low alignment confidence)
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  bitext confirm django-admin\n  bitext confirm 'udhr-ru#p9'\n  bitext confirm lenny-de p2 p3"
)]
pub struct Args {
    /// Document id, or DOC#PARA
    doc: String,
    /// Paragraph ids (default: every stale or fuzzy paragraph of the
    /// document)
    paragraphs: Vec<String>,
    /// Output format: json prints the paragraphs confirmed
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

pub fn run(args: &Args, env: &Env) -> Result<ExitCode> {
    let corpus = env.corpus()?;
    let named = env.named(std::slice::from_ref(&args.doc))?;
    named.on_disk("confirm")?;
    let doc = named.docs.first().cloned().unwrap_or_default();
    let mut loaded = corpus.load(&DocumentId::new(doc.strip_suffix(".toml").unwrap_or(&doc))?)?;
    // `DOC#PARA` names a paragraph as the list does.
    let mut paragraphs = args.paragraphs.clone();
    paragraphs.extend(named.paragraphs.into_iter().map(|(_, p)| p));
    for id in &paragraphs {
        if loaded.document.paragraph(id).is_none() {
            bail!("{}: no paragraph {id:?}", loaded.path.display());
        }
    }
    let mut confirmed = Vec::new();
    for paragraph in &mut loaded.document.paragraphs {
        let wanted = paragraphs.iter().any(|p| p == paragraph.id.as_str());
        if wanted || (paragraphs.is_empty() && paragraph.needs_review()) {
            if paragraph.source.is_none() || paragraph.target.is_none() {
                bail!(
                    "paragraph {} lacks a side; only a pair can be confirmed",
                    paragraph.id
                );
            }
            paragraph.confirm();
            paragraph.flags.retain(|f| f != "fuzzy");
            // A person has looked: the aligner's doubt is settled.
            paragraph.confidence = None;
            confirmed.push(paragraph.id.to_string());
        }
    }
    corpus.save_edited(&loaded, &loaded.document)?;
    if args.format == Format::Json {
        output::print_json(&serde_json::json!({
            "document": loaded.document.id.as_str(),
            "confirmed": confirmed,
        }))?;
        return Ok(exit::SUCCESS.into());
    }
    say!(
        "confirmed {} paragraphs: {}",
        confirmed.len(),
        confirmed.join(", ")
    );
    Ok(exit::SUCCESS.into())
}
