//! `bitext textconv`

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use super::{exit, output, Env};
use bitext::document::{load_document, read_limited};
use bitext::render::layout::plain_text;

/// Print a document file as plain paragraphs, for git's diff driver
/// (`bitext init` registers it: git diff and git log -p then show
/// paragraph-aware text). A file that does not parse — mid-edit, or with a
/// merge's conflict markers — is printed as it is, so git diff still works
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  git config diff.bitext.textconv \"bitext textconv\"   # what bitext init sets\n  bitext textconv translations/wcda-112106.toml"
)]
pub struct Args {
    /// The document file
    file: PathBuf,
}

pub fn run(args: &Args, env: &Env) -> Result<ExitCode> {
    let path = env.path(&args.file);
    let text = match load_document(&path, env.max_file_size()) {
        Ok(loaded) => plain_text(&loaded.document),
        // Not a document (yet): git shows the raw text rather than failing
        // the whole diff. A file that cannot be read at all is an error.
        Err(bitext::Error::Parse { .. } | bitext::Error::Decode { .. }) => {
            String::from_utf8_lossy(&read_limited(&path, env.max_file_size())?).into_owned()
        }
        Err(error) => return Err(error.into()),
    };
    output::print(&text)?;
    Ok(exit::SUCCESS.into())
}
