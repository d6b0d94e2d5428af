//! `bitext blame`

use std::process::ExitCode;

use anyhow::Result;

use super::{exit, Env, Format};
use bitext::history::History;
use bitext::render;

/// For each paragraph of a document, and each side, the revision that last
/// changed that text: commit, author, time, message, and the text
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  bitext blame wcda-112106\n  bitext blame 'wcda-112106#p3@v1'")]
pub struct Args {
    /// Document id, or DOC#PARA, DOC@REV, DOC#PARA@REV
    doc: String,
    /// Blame the document as it is at this revision (default: HEAD)
    #[arg(long, value_name = "REV")]
    rev: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

pub fn run(args: &Args, env: &Env) -> Result<ExitCode> {
    let history = History::open(env.corpus()?.root())?;
    let named = env.named(std::slice::from_ref(&args.doc))?;
    let rev = super::one_revision(&named.revision, &args.rev)?;
    let doc = named.docs.first().cloned().unwrap_or_default();
    let id = doc.strip_suffix(".toml").unwrap_or(&doc);
    let (mut blame, document) = match &rev {
        Some(rev) => {
            let at = history.resolve(rev)?;
            (history.blame_at(id, at, rev)?, history.document_at(at, id)?)
        }
        None => {
            let blame = history.blame(id)?;
            let document = match history.head_commit()? {
                Some(head) => history.document_at(head, id)?,
                None => None,
            };
            (blame, document)
        }
    };
    blame.retain(|b| named.wants(id, Some(b.id.as_str())));
    let text = match args.format {
        Format::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(
                &serde_json::json!({ "document": id, "paragraphs": blame })
            )?
        ),
        Format::Human => render::blame::human(&blame, document.as_ref()),
    };
    env.page(&text)?;
    Ok(exit::SUCCESS.into())
}
