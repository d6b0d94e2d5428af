//! `bitext log`

use std::process::ExitCode;

use anyhow::Result;

use super::{exit, output, Env, Format};
use bitext::history::History;

/// Revisions that changed the corpus, a document, or one paragraph, newest
/// first
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only revisions that changed this document
    doc: Option<String>,
    /// Only revisions that changed this paragraph of DOC
    #[arg(long, requires = "doc")]
    paragraph: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

pub fn run(args: &Args, env: &Env) -> Result<ExitCode> {
    let corpus = env.corpus()?;
    let history = History::open(corpus.root())?;
    let revisions = history.log(args.doc.as_deref(), args.paragraph.as_deref())?;
    let text = match args.format {
        Format::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&serde_json::json!({ "revisions": revisions }))?
        ),
        Format::Human => {
            let mut out = String::new();
            for r in &revisions {
                let summary = r.message.lines().next().unwrap_or("");
                out.push_str(&format!(
                    "{} {} <{}> {}\n    {summary}\n",
                    &r.commit[..10],
                    r.author,
                    r.email,
                    r.time
                ));
                let shown: Vec<&str> = if let Some(doc) = &args.doc {
                    let prefix = format!("{doc}#");
                    r.paragraphs
                        .iter()
                        .filter(|p| p.starts_with(&prefix))
                        .map(String::as_str)
                        .collect()
                } else {
                    r.documents.iter().map(String::as_str).collect()
                };
                if !shown.is_empty() {
                    out.push_str(&format!("    changed: {}\n", shown.join(", ")));
                }
                out.push('\n');
            }
            out
        }
    };
    output::print(&text)?;
    Ok(exit::SUCCESS.into())
}
