//! `bitext grep`

use std::process::ExitCode;

use anyhow::Result;

use super::{exit, Env, Format};
use bitext::document::load_document;
use bitext::render::terminal::visible;
use bitext::tools::grep;
use bitext::Side;

/// Search the texts of the corpus with a regular expression (Rust regex
/// syntax; (?i) for any case), and print each matching paragraph's text
/// with its address (DOC#PARA)
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  bitext grep 'Peng Dehuai'\n  bitext grep --target '(?i)ciphered' wcda-112106\n  bitext grep --source 'Ассамбле[яи]' --format json"
)]
pub struct Args {
    /// The pattern
    pattern: String,
    /// Search the originals only
    #[arg(long, conflicts_with = "target")]
    source: bool,
    /// Search the translations only
    #[arg(long)]
    target: bool,
    /// Documents: ids, files or folders (default: the whole corpus)
    docs: Vec<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

pub fn run(args: &Args, env: &Env) -> Result<ExitCode> {
    let pattern = regex::RegexBuilder::new(&args.pattern)
        .size_limit(1 << 22)
        .build()
        .map_err(|e| {
            anyhow::anyhow!(
                "the pattern {:?} is not a regular expression: {e}",
                args.pattern
            )
        })?;
    let sides: &[Side] = match (args.source, args.target) {
        (true, _) => &[Side::Source],
        (_, true) => &[Side::Target],
        _ => &[Side::Source, Side::Target],
    };
    let named = env.named(&args.docs)?;
    named.whole_documents("grep")?;
    let mut matches = Vec::new();
    for path in env.documents(&named.docs)? {
        let loaded = load_document(&path, env.max_file_size())?;
        matches.extend(grep(&loaded.document, &pattern, sides));
    }
    let text = match args.format {
        Format::Json => {
            let mut json =
                serde_json::to_string_pretty(&serde_json::json!({ "matches": matches }))?;
            json.push('\n');
            json
        }
        Format::Human => {
            let color = env.color_stdout();
            let mut out = String::new();
            for m in &matches {
                let mut shown = String::new();
                let mut last = 0;
                for &(start, end) in &m.spans {
                    shown.push_str(&visible(&m.text[last..start]));
                    let hit = visible(&m.text[start..end]);
                    if color {
                        shown.push_str(&format!("\x1b[1;31m{hit}\x1b[0m"));
                    } else {
                        shown.push_str(&hit);
                    }
                    last = end;
                }
                shown.push_str(&visible(&m.text[last..]));
                out.push_str(&format!(
                    "{}#{} {}: {}\n",
                    m.document,
                    visible(&m.paragraph),
                    m.side.as_str(),
                    shown.replace('\n', "\n    ")
                ));
            }
            out
        }
    };
    env.page(&text)?;
    Ok(if matches.is_empty() {
        exit::FINDINGS
    } else {
        exit::SUCCESS
    }
    .into())
}
