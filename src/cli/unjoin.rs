//! `bitext unjoin`

use std::process::ExitCode;

use anyhow::{bail, Result};

use super::{exit, output, Env, Format};
use bitext::tools::unjoin;
use bitext::DocumentId;

/// Split a paragraph back at the join an import recorded (a page break
/// undone, or two paragraphs the aligner paired with one): the text after
/// the join becomes a new paragraph just after it (p7 → p7.2), and no other
/// paragraph is renamed
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  bitext unjoin 'wcda-112106#p7'\n  bitext unjoin 'lenny-de#p3' --format json"
)]
pub struct Args {
    /// The paragraph: DOC#PARA
    address: String,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

pub fn run(args: &Args, env: &Env) -> Result<ExitCode> {
    let named = env.named(std::slice::from_ref(&args.address))?;
    named.on_disk("unjoin")?;
    let Some((doc, paragraph)) = named.paragraphs.first().cloned() else {
        bail!("{}: name the paragraph to split, as DOC#PARA", args.address);
    };
    let corpus = env.corpus()?;
    let loaded = corpus.load(&DocumentId::new(doc.strip_suffix(".toml").unwrap_or(&doc))?)?;
    let mut document = loaded.document.clone();
    let new =
        unjoin(&mut document, &paragraph).map_err(|e| anyhow::anyhow!("{}: {e}", args.address))?;
    let written = corpus.save_edited(&loaded, &document)?;
    if args.format == Format::Json {
        output::print_json(&serde_json::json!({
            "document": document.id.as_str(),
            "paragraph": paragraph,
            "new": new.as_str(),
            "file": env.label(&written),
        }))?;
    } else {
        say!(
            "split {}#{paragraph} at its join: the rest is now {}#{new}",
            document.id,
            document.id
        );
    }
    Ok(exit::SUCCESS.into())
}
