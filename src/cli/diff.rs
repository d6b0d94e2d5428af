//! `bitext diff`

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Result};

use super::{exit, output, Env, Format};
use bitext::corpus::load_document;
use bitext::diff::{diff_documents, render_inline, Markers};

/// Show what changed between two versions of a document, paragraph by
/// paragraph (matched by id) and word by word: [-deleted-]{+inserted+}.
/// Exit 1 when they differ, 0 when they do not
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Compare two document files directly (OLD NEW)
    #[arg(long)]
    no_index: bool,
    /// The old and the new document file
    #[arg(num_args = 2)]
    files: Vec<PathBuf>,
    /// Output format; json gives each text as equal/delete/insert spans
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

pub fn run(args: &Args, env: &Env) -> Result<ExitCode> {
    if !args.no_index {
        bail!("comparing revisions needs the corpus history, which this version does not keep yet; compare two files with `bitext diff --no-index OLD NEW`");
    }
    let [old_path, new_path] = args.files.as_slice() else {
        bail!("diff --no-index takes OLD and NEW");
    };
    let load = |path: &PathBuf| load_document(&env.path(path), env.max_file_size());
    let (old, new) = (load(old_path)?, load(new_path)?);
    let diff = diff_documents(Some(&old.document), Some(&new.document));
    let text = match args.format {
        Format::Json => {
            let report = serde_json::json!({
                "old": old_path.display().to_string(),
                "new": new_path.display().to_string(),
                "documents": diff.iter().collect::<Vec<_>>(),
            });
            format!("{}\n", serde_json::to_string_pretty(&report)?)
        }
        Format::Human => {
            let markers = if env.color_stdout() {
                Markers::COLOR
            } else {
                Markers::PLAIN
            };
            diff.as_ref()
                .map(|d| render_inline(d, &markers))
                .unwrap_or_default()
        }
    };
    output::print(&text)?;
    Ok(if diff.is_some() {
        exit::FINDINGS
    } else {
        exit::SUCCESS
    }
    .into())
}
