//! `bitext resolve`

use std::process::ExitCode;

use anyhow::{bail, Result};

use super::{exit, output, Env, Format};
use bitext::address::Address;
use bitext::merge::{resolve_conflict, Resolution};
use bitext::DocumentId;

/// Settle a conflict a merge recorded in a document: take our value, theirs,
/// the common ancestor's, or a new one. Without a paragraph, settles the
/// document's metadata conflicts
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  bitext resolve 'wcda-112106#p3' --theirs\n  bitext resolve wcda-112106 p3 --field target --edit 'The war should not be hurried.'\n  bitext resolve wcda-112106 --field title --ours"
)]
#[command(group(clap::ArgGroup::new("choice").required(true).args(["ours", "theirs", "base", "edit"])))]
pub struct Args {
    /// Document id, or DOC#PARA
    doc: String,
    /// Paragraph id (or give it as DOC#PARA)
    paragraph: Option<String>,
    /// The conflicting field to settle, when a paragraph has several
    /// (source, target, comment…; a metadata key without a paragraph)
    #[arg(long)]
    field: Option<String>,
    /// Take our value (the branch merged into)
    #[arg(long)]
    ours: bool,
    /// Take their value (the branch merged in)
    #[arg(long)]
    theirs: bool,
    /// Take the common ancestor's value
    #[arg(long)]
    base: bool,
    /// Take this text instead
    #[arg(long, value_name = "TEXT")]
    edit: Option<String>,
    /// Output format: json prints what was settled and what is left
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

pub fn run(args: &Args, env: &Env) -> Result<ExitCode> {
    let address = Address::parse(&args.doc)?;
    if address.revision.is_some() {
        bail!(
            "{}: a conflict is resolved in the working files, not at a revision",
            args.doc
        );
    }
    let paragraph = match (&address.paragraph, &args.paragraph) {
        (Some(a), Some(b)) if a != b => bail!("two paragraphs named: {a} and {b}"),
        (a, b) => a.clone().or_else(|| b.clone()),
    };
    let resolution = match (&args.edit, args.ours, args.theirs) {
        (Some(text), ..) => Resolution::Edit(text.clone()),
        (None, true, _) => Resolution::Ours,
        (None, _, true) => Resolution::Theirs,
        _ => Resolution::Base,
    };
    let corpus = env.corpus()?;
    let id = DocumentId::new(
        address
            .document
            .strip_suffix(".toml")
            .unwrap_or(&address.document),
    )?;
    let loaded = corpus.load(&id)?;
    let mut document = loaded.document.clone();
    let place = Address {
        document: id.to_string(),
        paragraph: paragraph.clone(),
        revision: None,
    };
    let settled = resolve_conflict(
        &mut document,
        paragraph.as_deref(),
        args.field.as_deref(),
        &resolution,
    )
    .map_err(|e| anyhow::anyhow!("{place}: {e}"))?;
    corpus.save_edited(&loaded, &document)?;
    let left = bitext::merge::count_conflicts(&document);
    if args.format == Format::Json {
        output::print_json(&serde_json::json!({
            "resolved": place.to_string(),
            "fields": settled,
            "conflicts_left": left,
        }))?;
        return Ok(exit::SUCCESS.into());
    }
    say!("resolved {place} ({})", settled.join(", "));
    if left > 0 {
        say!(
            "{left} conflict{} left in {id}",
            if left == 1 { "" } else { "s" }
        );
    }
    Ok(exit::SUCCESS.into())
}
