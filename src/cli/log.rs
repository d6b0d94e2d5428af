//! `bitext log`

use std::process::ExitCode;

use anyhow::Result;

use super::{exit, Env, Format};
use bitext::history::History;
use bitext::render;
use bitext::render::diff::Markers;

/// Revisions that changed the corpus, a document, or one paragraph, newest
/// first
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  bitext log\n  bitext log 'wcda-112106#p3' -p\n  bitext log wcda-112106 --format json"
)]
pub struct Args {
    /// Only revisions that changed this document (DOC#PARA: this paragraph)
    doc: Option<String>,
    /// Only revisions that changed this paragraph of DOC
    #[arg(long, requires = "doc")]
    paragraph: Option<String>,
    /// With each revision's word diffs (of DOC, or of every document)
    #[arg(short = 'p', long = "patch")]
    patch: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

pub fn run(args: &Args, env: &Env) -> Result<ExitCode> {
    let corpus = env.corpus()?;
    let history = History::open(corpus.root())?;
    // `DOC#PARA` is `DOC --paragraph PARA`.
    let (doc, paragraph) = match &args.doc {
        Some(name) => {
            let named = env.named(std::slice::from_ref(name))?;
            named.on_disk("log")?;
            let from_address = named.paragraphs.first().map(|(_, p)| p.clone());
            let paragraph = match (from_address, &args.paragraph) {
                (Some(a), Some(b)) if a != *b => anyhow::bail!("two paragraphs named: {a} and {b}"),
                (a, b) => a.or_else(|| b.clone()),
            };
            (named.docs.first().cloned(), paragraph)
        }
        None => (None, args.paragraph.clone()),
    };
    let doc = doc.map(|d| d.strip_suffix(".toml").unwrap_or(&d).to_owned());
    let revisions = history.log(doc.as_deref(), paragraph.as_deref())?;
    // A document that no revision touched and that is not on disk never
    // existed: most likely a typing error.
    if let Some(doc) = &doc {
        let on_disk = bitext::DocumentId::new(doc)
            .map(|id| corpus.document_path(&id).exists())
            .unwrap_or(false);
        if revisions.is_empty() && !on_disk && history.log(Some(doc), None)?.is_empty() {
            anyhow::bail!("no document {doc:?} in the corpus or its history");
        }
    }
    let only: Vec<&str> = doc.iter().map(String::as_str).collect();
    let mut diffs = Vec::new();
    if args.patch {
        for r in &revisions {
            diffs.push(history.diff_of_commit(&r.commit, &only)?);
        }
    }
    let text = match args.format {
        Format::Json => {
            let mut list = serde_json::to_value(&revisions)?;
            if let Some(items) = list.as_array_mut() {
                for (item, diff) in items.iter_mut().zip(&diffs) {
                    item["diff"] = serde_json::to_value(diff)?;
                }
            }
            format!(
                "{}\n",
                serde_json::to_string_pretty(&serde_json::json!({ "revisions": list }))?
            )
        }
        Format::Human => {
            let markers = if env.color_stdout() {
                Markers::COLOR
            } else {
                Markers::PLAIN
            };
            render::log::human(&revisions, &diffs, args.doc.as_deref(), &markers)
        }
    };
    env.page(&text)?;
    Ok(exit::SUCCESS.into())
}
