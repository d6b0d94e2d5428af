//! `bitext show`

use std::process::ExitCode;

use anyhow::{bail, Result};

use super::{exit, output, Env, Format};
use bitext::document::load_document;
use bitext::document::DocumentFile;
use bitext::history::History;
use bitext::render::layout::side_by_side;

/// Show a document side by side: metadata, then each paragraph with the
/// original on the left and the translation on the right
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Document id, or the path of a document file
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
    let document = match &args.rev {
        Some(rev) => {
            let history = History::open(env.corpus()?.root())?;
            let commit = history.resolve(rev)?;
            let id = args.doc.strip_suffix(".toml").unwrap_or(&args.doc);
            history
                .document_at(commit, id)?
                .ok_or_else(|| anyhow::anyhow!("no document {id:?} in revision {rev}"))?
        }
        None => load(args, env)?,
    };
    let text = match args.format {
        Format::Json => {
            let mut json = serde_json::to_string_pretty(&DocumentFile::new(&document))?;
            json.push('\n');
            json
        }
        Format::Human => side_by_side(
            &document,
            args.width.unwrap_or_else(super::align::terminal_width),
        ),
    };
    output::print(&text)?;
    Ok(exit::SUCCESS.into())
}

fn load(args: &Args, env: &Env) -> Result<bitext::Document> {
    let paths = env.documents(std::slice::from_ref(&args.doc))?;
    let [path] = paths.as_slice() else {
        bail!(
            "{} names {} documents; show takes one",
            args.doc,
            paths.len()
        );
    };
    Ok(load_document(path, env.max_file_size())?.document)
}
