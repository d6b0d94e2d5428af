//! `bitext log`

use std::process::ExitCode;

use anyhow::Result;

use super::{exit, output, Env, Format};
use bitext::history::History;
use bitext::render::diff::{render_inline, Markers};
use bitext::render::terminal::visible_line;

/// Revisions that changed the corpus, a document, or one paragraph, newest
/// first
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only revisions that changed this document
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

/// Paragraphs listed in a revision's summary before the rest are counted.
const LISTED: usize = 12;

pub fn run(args: &Args, env: &Env) -> Result<ExitCode> {
    let corpus = env.corpus()?;
    let history = History::open(corpus.root())?;
    let revisions = history.log(args.doc.as_deref(), args.paragraph.as_deref())?;
    // A document that no revision touched and that is not on disk never
    // existed: most likely a typing error.
    if let Some(doc) = &args.doc {
        let on_disk = bitext::DocumentId::new(doc)
            .map(|id| corpus.document_path(&id).exists())
            .unwrap_or(false);
        if revisions.is_empty() && !on_disk && history.log(Some(doc), None)?.is_empty() {
            anyhow::bail!("no document {doc:?} in the corpus or its history");
        }
    }
    let only: Vec<&str> = args.doc.iter().map(String::as_str).collect();
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
            let mut out = String::new();
            for (k, r) in revisions.iter().enumerate() {
                let summary = visible_line(r.message.lines().next().unwrap_or(""));
                out.push_str(&format!(
                    "{} {} <{}> {}\n    {summary}\n",
                    &r.commit[..10],
                    visible_line(&r.author),
                    visible_line(&r.email),
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
                if let Some(diff) = diffs.get(k) {
                    out.push('\n');
                    for d in diff {
                        out.push_str(&render_inline(d, &markers));
                        out.push('\n');
                    }
                } else if shown.len() > LISTED {
                    out.push_str(&format!(
                        "    changed: {} and {} more\n",
                        visible_line(&shown[..LISTED].join(", ")),
                        shown.len() - LISTED
                    ));
                } else if !shown.is_empty() {
                    out.push_str(&format!(
                        "    changed: {}\n",
                        visible_line(&shown.join(", "))
                    ));
                }
                out.push('\n');
            }
            out
        }
    };
    output::print(&text)?;
    Ok(exit::SUCCESS.into())
}
