//! `bitext blame`

use std::process::ExitCode;

use anyhow::Result;

use super::{exit, output, Env, Format};
use bitext::history::History;

/// For each paragraph of a document, and each side, the revision that last
/// changed that text: commit, author, time, message
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Document id
    doc: String,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

pub fn run(args: &Args, env: &Env) -> Result<ExitCode> {
    let history = History::open(env.corpus()?.root())?;
    let id = args.doc.strip_suffix(".toml").unwrap_or(&args.doc);
    let blame = history.blame(id)?;
    let text = match args.format {
        Format::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(
                &serde_json::json!({ "document": id, "paragraphs": blame })
            )?
        ),
        Format::Human => {
            let width = blame.iter().map(|p| p.id.len()).max().unwrap_or(2);
            let mut out = String::new();
            for p in &blame {
                for (side, stamp) in [("source", &p.source), ("target", &p.target)] {
                    if let Some(s) = stamp {
                        out.push_str(&format!(
                            "{:width$}  {side}  {} {} {}  {}\n",
                            p.id,
                            &s.commit[..10],
                            s.time,
                            s.author,
                            s.message
                        ));
                    }
                }
            }
            out
        }
    };
    output::print(&text)?;
    Ok(exit::SUCCESS.into())
}
