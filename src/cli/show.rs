//! `bitext show`

use std::process::ExitCode;

use anyhow::{bail, Result};

use super::{exit, Env, Format};
use bitext::address::Address;
use bitext::document::load_document;
use bitext::document::DocumentFile;
use bitext::history::History;
use bitext::render::layout::{plain_text, side_by_side};

/// Show a document side by side: metadata, then each paragraph with the
/// original on the left and the translation on the right. One paragraph
/// (DOC#PARA) is shown with its texts whole, unwrapped
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  bitext show wcda-112106\n  bitext show 'wcda-112106#p3@HEAD~2'\n  bitext show wcda-112106 --rev v1 --format json"
)]
pub struct Args {
    /// Document id (DOC, DOC#PARA, DOC@REV or DOC#PARA@REV), or the path
    /// of a document file
    doc: String,
    /// Output format; json prints the document with the file's keys
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Width in columns (default: the terminal's, else $COLUMNS, else 100)
    #[arg(long)]
    width: Option<usize>,
    /// The document as it was in this revision (HEAD~2, a tag, a commit id)
    #[arg(long, value_name = "REV")]
    rev: Option<String>,
}

pub fn run(args: &Args, env: &Env) -> Result<ExitCode> {
    let named = env.named(std::slice::from_ref(&args.doc))?;
    let address = Address {
        document: named.docs.first().cloned().unwrap_or_default(),
        paragraph: named.paragraphs.first().map(|(_, p)| p.clone()),
        revision: named.revision.clone(),
    };
    let rev = super::one_revision(&address.revision, &args.rev)?;
    let mut document = match &rev {
        Some(rev) => {
            let history = History::open(env.corpus()?.root())?;
            let commit = history.resolve(rev)?;
            let id = address
                .document
                .strip_suffix(".toml")
                .unwrap_or(&address.document);
            history
                .document_at(commit, id)?
                .ok_or_else(|| anyhow::anyhow!("no document {id:?} in revision {rev}"))?
        }
        None => load(&address.document, env)?,
    };
    if let Some(id) = &address.paragraph {
        if document.paragraph(id).is_none() {
            bail!("no paragraph {id:?} in {}", address);
        }
        document.paragraphs.retain(|p| p.id.as_str() == id);
    }
    let text = match args.format {
        Format::Json => {
            let mut json = serde_json::to_string_pretty(&DocumentFile::new(&document))?;
            json.push('\n');
            json
        }
        // One paragraph is shown unwrapped, its texts exactly as stored
        // (as a citation quotes them), after the document's metadata.
        Format::Human if address.paragraph.is_some() => plain_text(&document),
        Format::Human => side_by_side(
            &document,
            args.width.unwrap_or_else(super::align::terminal_width),
        ),
    };
    env.page(&text)?;
    Ok(exit::SUCCESS.into())
}

fn load(doc: &str, env: &Env) -> Result<bitext::Document> {
    let paths = env.documents(&[doc.to_owned()])?;
    let [path] = paths.as_slice() else {
        bail!("{doc} names {} documents; show takes one", paths.len());
    };
    Ok(load_document(path, env.max_file_size())?.document)
}
