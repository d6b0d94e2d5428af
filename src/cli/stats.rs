//! `bitext stats`

use std::process::ExitCode;

use anyhow::Result;

use super::{exit, output, Env, Format};
use bitext::document::load_document;
use bitext::tools::Stats;

/// Count what the corpus holds, document by document and in total:
/// paragraphs, words and characters of each side, and where the
/// translation stands (translated, untranslated, stale, fuzzy, paired with
/// low confidence)
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  bitext stats\n  bitext stats wcda-112106 udhr-ru\n  bitext stats --format json"
)]
pub struct Args {
    /// Documents: ids, files or folders (default: the whole corpus)
    docs: Vec<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

pub fn run(args: &Args, env: &Env) -> Result<ExitCode> {
    let named = env.named(&args.docs)?;
    named.whole_documents("stats")?;
    let mut documents = Vec::new();
    let mut total = Stats::default();
    for path in env.documents(&named.docs)? {
        let stats = Stats::of(&load_document(&path, env.max_file_size())?.document);
        total.add(&stats);
        documents.push(stats);
    }
    let text = match args.format {
        Format::Json => {
            let mut json = serde_json::to_string_pretty(
                &serde_json::json!({ "documents": documents, "total": total }),
            )?;
            json.push('\n');
            json
        }
        Format::Human => bitext::render::layout::stats_table(&documents, &total),
    };
    output::print(&text)?;
    Ok(exit::SUCCESS.into())
}
