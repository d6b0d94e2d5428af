//! `bitext status`

use std::collections::BTreeSet;
use std::process::ExitCode;

use anyhow::Result;
use serde_json::json;

use super::{exit, output, Env, Format};
use bitext::corpus::load_document;
use bitext::diff::diff_documents;
use bitext::history::History;

/// The state of the corpus: documents changed against HEAD, stale
/// translations (the original changed since the translation was confirmed),
/// and paragraphs with a side still missing
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

pub fn run(args: &Args, env: &Env) -> Result<ExitCode> {
    let corpus = env.corpus()?;
    let mut documents = Vec::new();
    for path in corpus.document_paths()? {
        documents.push(load_document(&path, corpus.config().limits.max_file_size)?.document);
    }
    // Changes against HEAD, when there is a history.
    let mut changed = Vec::new();
    if let Ok(history) = History::open(corpus.root()) {
        if let Ok(head) = history.resolve("HEAD") {
            let committed = history.documents_at(head)?;
            let ids: BTreeSet<&str> = committed
                .iter()
                .chain(&documents)
                .map(|d| d.id.as_str())
                .collect();
            for id in ids {
                let old = committed.iter().find(|d| d.id.as_str() == id);
                let new = documents.iter().find(|d| d.id.as_str() == id);
                if let Some(diff) = diff_documents(old, new) {
                    changed.push(json!({ "document": id, "status": diff.status.as_str() }));
                }
            }
        }
    }
    let (mut stale, mut fuzzy) = (Vec::new(), Vec::new());
    let (mut missing_source, mut missing_target) = (Vec::new(), Vec::new());
    for document in &documents {
        for p in &document.paragraphs {
            let entry = json!({ "document": document.id.as_str(), "paragraph": p.id.as_str() });
            if p.is_stale() {
                stale.push(entry.clone());
            }
            if p.has_flag("fuzzy") {
                fuzzy.push(entry.clone());
            }
            match (&p.source, &p.target) {
                (None, Some(_)) => missing_source.push(entry),
                (Some(_), None) => missing_target.push(entry),
                _ => {}
            }
        }
    }
    let text = match args.format {
        Format::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&json!({
                "changed": changed,
                "stale": stale,
                "fuzzy": fuzzy,
                "missing_source": missing_source,
                "missing_target": missing_target,
            }))?
        ),
        Format::Human => {
            let mut out = String::new();
            let list = |v: &[serde_json::Value]| {
                v.iter()
                    .map(|e| {
                        format!(
                            "{}#{}",
                            e["document"].as_str().unwrap_or(""),
                            e["paragraph"].as_str().unwrap_or("")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            for c in &changed {
                out.push_str(&format!(
                    "{}: {}\n",
                    c["status"].as_str().unwrap_or(""),
                    c["document"].as_str().unwrap_or("")
                ));
            }
            if !stale.is_empty() {
                out.push_str(&format!(
                    "stale translations ({}): {}\n",
                    stale.len(),
                    list(&stale)
                ));
            }
            if !fuzzy.is_empty() {
                out.push_str(&format!(
                    "marked fuzzy, to review ({}): {}\n",
                    fuzzy.len(),
                    list(&fuzzy)
                ));
            }
            if !missing_target.is_empty() {
                out.push_str(&format!(
                    "untranslated ({}): {}\n",
                    missing_target.len(),
                    list(&missing_target)
                ));
            }
            if !missing_source.is_empty() {
                let docs: BTreeSet<&str> = missing_source
                    .iter()
                    .filter_map(|e| e["document"].as_str())
                    .collect();
                out.push_str(&format!(
                    "without original ({} paragraphs in {})\n",
                    missing_source.len(),
                    docs.into_iter().collect::<Vec<_>>().join(", ")
                ));
            }
            if out.is_empty() {
                out.push_str("nothing changed, nothing stale, nothing missing\n");
            }
            out
        }
    };
    output::print(&text)?;
    Ok(exit::SUCCESS.into())
}
