//! `bitext export`

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Result};

use super::{exit, output, Env};
use bitext::document::{load_document, write_atomic};
use bitext::history::{CommitId, History};
use bitext::interchange::{export, ExportOptions, Format};
use bitext::render::edition::edition;
use bitext::Document;

/// Write documents in the formats translators' tools read: XLIFF 2 or 1.2
/// and TMX for CAT tools, PO for gettext tools, CSV and TSV for
/// spreadsheets, HTML as a bilingual reading edition
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  bitext export wcda-112106 --to xliff -o telegram.xlf\n  bitext export --to tmx -o memory/\n  bitext export lenny-de --to html -o lenny-de.html\n  bitext export lenny-de@HEAD~2 --to po   # as it was two commits ago"
)]
pub struct Args {
    /// Document ids or files (default: every document); `DOC@REV` for a
    /// document as it was in a revision
    docs: Vec<String>,
    /// The documents as they were in this revision (HEAD~2, a tag, a
    /// commit id)
    #[arg(long, value_name = "REV")]
    rev: Option<String>,
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
    named.no_paragraphs("export")?;
    let rev = super::one_revision(&named.revision, &args.rev)?;
    let (documents, at) = match &rev {
        Some(rev) => {
            let history = History::open(env.corpus()?.root())?;
            let commit = history.resolve(rev)?;
            (
                documents_at(&history, commit, rev, &named.docs)?,
                Some((history, commit, rev.as_str())),
            )
        }
        None => {
            let limit = env.max_file_size();
            let documents = env
                .documents(&named.docs)?
                .iter()
                .map(|path| Ok(load_document(path, limit)?.document))
                .collect::<Result<_>>()?;
            (documents, None)
        }
    };
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
        // A folder: for several documents, one that exists, or a name
        // ending in a slash.
        Some(output)
            if documents.len() > 1
                || output.is_dir()
                || output
                    .as_os_str()
                    .to_string_lossy()
                    .ends_with(['/', std::path::MAIN_SEPARATOR]) =>
        {
            Some(env.path(output))
        }
        Some(_) => None,
    };
    // TMX records when each pair was written: from the history at the
    // revision exported, or at HEAD.
    let tmx = format == Some(Format::Tmx);
    let head = match (&at, &env.corpus) {
        (None, Some(corpus)) if tmx => History::open(corpus.root()).ok(),
        _ => None,
    };
    let history = match &at {
        Some((history, commit, rev)) => tmx.then_some((history, Some((*commit, *rev)))),
        None => head.as_ref().map(|history| (history, None)),
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
        if let Some((history, at)) = history {
            options.dates = dates(history, document, at);
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

/// The documents named (every one when none is) as they were in the
/// revision `rev` (commit `commit`).
fn documents_at(
    history: &History,
    commit: CommitId,
    rev: &str,
    names: &[String],
) -> Result<Vec<Document>> {
    if names.is_empty() {
        return Ok(history.documents_at(commit)?);
    }
    names
        .iter()
        .map(|name| {
            // A document's file names it too.
            let file = std::path::Path::new(name)
                .file_name()
                .and_then(|f| f.to_str())
                .unwrap_or(name);
            let id = file.strip_suffix(".toml").unwrap_or(file);
            history
                .document_at(commit, id)?
                .ok_or_else(|| anyhow::anyhow!("no document {id:?} in revision {rev}"))
        })
        .collect()
}

/// When each paragraph's translation was last written and when either
/// side last changed, from the history at HEAD or at the revision `at`;
/// none for a document not committed.
fn dates(
    history: &History,
    document: &Document,
    at: Option<(CommitId, &str)>,
) -> std::collections::BTreeMap<String, (String, String)> {
    let id = document.id.as_str();
    let blame = match at {
        Some((commit, rev)) => history.blame_at(id, commit, rev),
        None => history.blame(id),
    };
    let Ok(blame) = blame else {
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
