//! `bitext export`

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Result};

use super::{exit, output, Env};
use bitext::document::{load_document, write_atomic};
use bitext::history::History;
use bitext::interchange::{export, ExportOptions, Format};
use bitext::render::edition::edition;
use bitext::Document;

/// Write documents in the formats translators' tools read: XLIFF 2 or 1.2
/// and TMX for CAT tools, PO for gettext tools, CSV and TSV for
/// spreadsheets, HTML as a bilingual reading edition
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  bitext export wcda-112106 --to xliff -o telegram.xlf\n  bitext export --to tmx -o memory/\n  bitext export lenny-de --to html -o lenny-de.html"
)]
pub struct Args {
    /// Document ids or files (default: every document)
    docs: Vec<String>,
    /// The format
    #[arg(long, value_enum)]
    to: To,
    /// Where to write: a file for one document, a folder (made if
    /// missing) for several, each named <id>.<extension>; default stdout
    #[arg(short, long, value_name = "FILE|DIR")]
    output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum To {
    /// XLIFF 2.0
    Xliff,
    /// XLIFF 1.2
    Xliff1,
    /// TMX 1.4b (aligned pairs only)
    Tmx,
    /// CSV with a header row
    Csv,
    /// TSV with a header row
    Tsv,
    /// A gettext catalogue: a document imported from one is written back
    /// as it came
    Po,
    /// A bilingual reading edition: one self-contained HTML page
    Html,
}

impl To {
    /// The interchange format; `None` for the HTML edition.
    fn format(self) -> Option<Format> {
        Some(match self {
            To::Html => return None,
            To::Xliff => Format::Xliff,
            To::Xliff1 => Format::Xliff1,
            To::Tmx => Format::Tmx,
            To::Csv => Format::Csv,
            To::Tsv => Format::Tsv,
            To::Po => Format::Po,
        })
    }

    fn extension(self) -> &'static str {
        self.format().map_or("html", Format::extension)
    }
}

pub fn run(args: &Args, env: &Env) -> Result<ExitCode> {
    let named = env.named(&args.docs)?;
    named.whole_documents("export")?;
    let paths = env.documents(&named.docs)?;
    let limit = env.max_file_size();
    let documents: Vec<Document> = paths
        .iter()
        .map(|path| Ok(load_document(path, limit)?.document))
        .collect::<Result<_>>()?;
    if documents.is_empty() {
        bail!("no documents to export");
    }
    let format = args.to.format();
    let into_folder = match &args.output {
        None if documents.len() > 1 => {
            bail!(
                "{} documents to export: give -o FOLDER to write one file each",
                documents.len()
            )
        }
        None => None,
        Some(output) if documents.len() > 1 || output.is_dir() => Some(env.path(output)),
        Some(_) => None,
    };
    let history = match (format, &env.corpus) {
        (Some(Format::Tmx), Some(corpus)) => History::open(corpus.root()).ok(),
        _ => None,
    };
    // Every file is made before the first is written: a document that
    // cannot be exported leaves nothing half done.
    let mut files = Vec::with_capacity(documents.len());
    for document in &documents {
        let Some(format) = format else {
            files.push((document, edition(document)));
            continue;
        };
        let mut options = ExportOptions::default();
        if let Some(history) = &history {
            options.dates = dates(history, document);
        }
        let exported = export(document, format, &options)?;
        if exported.left_out > 0 {
            say!(
                "{}: {} paragraphs left out ({})",
                document.id,
                exported.left_out,
                if format == Format::Po {
                    "with no original, they have no msgid"
                } else {
                    "with one side only: TMX holds pairs"
                }
            );
        }
        files.push((document, exported.text));
    }
    match (&into_folder, &args.output) {
        (Some(folder), _) => {
            std::fs::create_dir_all(folder)?;
            for (document, text) in &files {
                let path = folder.join(format!("{}.{}", document.id, args.to.extension()));
                write_atomic(&path, text.as_bytes(), true)?;
            }
            say!("{} files written to {}", files.len(), folder.display());
        }
        (None, Some(file)) => write_atomic(&env.path(file), files[0].1.as_bytes(), true)?,
        (None, None) => {
            for (_, text) in &files {
                output::print(text)?;
            }
        }
    }
    Ok(exit::SUCCESS.into())
}

/// When each paragraph's translation was last written and when either
/// side last changed, from the history; none for a document not
/// committed.
fn dates(
    history: &History,
    document: &Document,
) -> std::collections::BTreeMap<String, (String, String)> {
    let Ok(blame) = history.blame(document.id.as_str()) else {
        return Default::default();
    };
    blame
        .into_iter()
        .filter_map(|b| {
            let target = b.target?.time;
            let seconds = |time: &str| bitext::parse_rfc3339(time).map(|(s, _)| s);
            let changed = match b.source {
                Some(source) if seconds(&source.time) > seconds(&target) => source.time,
                _ => target.clone(),
            };
            Some((b.id, (target, changed)))
        })
        .collect()
}
