//! `bitext import archive|text|html|po|xliff|tmx|csv|tsv`

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Result};

use super::progress::Progress;
use super::{exit, Env};
use bitext::align::LOW_CONFIDENCE;
use bitext::document::read_limited;
use bitext::document::JoinReason;
use bitext::import::import_archive;
use bitext::import::{import_po, PoImport};
use bitext::import::{import_text, TextImport};
use bitext::import::{reconcile, Reconciled};
use bitext::import::{Imported, InputFormat, InputOptions};
use bitext::interchange::{self, Format, Interchange};
use bitext::{decode, Corpus, Error};

/// Make documents from files in other formats
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    Archive(ArchiveArgs),
    Text(TextArgs),
    /// Import an original and/or a translation as HTML: block elements (p,
    /// li, h1-h6, pre, blockquote, dt, dd, td) are paragraphs; the two sides
    /// are aligned as for text
    #[command(
        after_help = "Examples:\n  bitext import html --id first-ru --source first.en.html --source-language en --target first.ru.html --target-language ru"
    )]
    Html(TextArgs),
    Po(PoArgs),
    /// Import an XLIFF file (2.x or 1.2): a new document, or with --into
    /// the translations of the document it was exported from
    #[command(
        after_help = "Examples:\n  bitext import xliff reviewed.xlf --into wcda-112106\n  bitext import xliff project.xlf --id new-document"
    )]
    Xliff(InterchangeArgs),
    /// Import a TMX translation memory (units DOC#PARA): a new document, or
    /// with --into the translations of the document it holds
    #[command(after_help = "Examples:\n  bitext import tmx memory.tmx --id lenny-de")]
    Tmx(InterchangeArgs),
    /// Import a CSV table with a header row (id, target; source, state): a
    /// new document, or with --into the translations of a document
    #[command(after_help = "Examples:\n  bitext import csv reviewed.csv --into lenny-de")]
    Csv(InterchangeArgs),
    /// Import a TSV table, as for CSV
    #[command(after_help = "Examples:\n  bitext import tsv reviewed.tsv --into lenny-de")]
    Tsv(InterchangeArgs),
}

/// An interchange file in.
#[derive(Debug, clap::Args)]
pub struct InterchangeArgs {
    /// The file
    file: PathBuf,
    /// Take the file's translations into this document: units matched by
    /// paragraph id, changed targets updated with their states, every other
    /// paragraph left as it is; nothing written if any unit is refused
    #[arg(long, value_name = "DOC", conflicts_with = "id")]
    into: Option<String>,
    /// Id of the new document (default: the one the file names)
    #[arg(long)]
    id: Option<String>,
    #[command(flatten)]
    common: Common,
}

/// Options every importer takes.
#[derive(Debug, clap::Args)]
pub struct Common {
    /// Encoding of the input, a WHATWG label: windows-1251, koi8-r, gb2312,
    /// euc-jp, shift_jis, utf-16le… (default: UTF-8, refused if invalid)
    #[arg(long, value_name = "LABEL")]
    encoding: Option<String>,
    /// Import over a document that already exists: a new revision of it,
    /// in which paragraphs that still correspond (same or similar text)
    /// keep their ids
    #[arg(long)]
    force: bool,
    /// Output format of the summary (human on stderr; json on stdout)
    #[arg(long, value_enum, default_value_t = super::Format::Human)]
    format: super::Format,
}

/// Import a gettext catalogue (.po): each entry a paragraph, msgid the
/// source and msgstr the target, with context, plural forms, flags,
/// comments and previous strings kept; over an existing document
/// (--force), entries keep their paragraph ids across releases, matched
/// by msgctxt and msgid, then by the #| previous msgid, then by close
/// similarity as msgmerge does
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  bitext import po django.po --id django-admin\n  bitext import po django-5.1.po --id django-admin --force\n  bitext import po translated.po --into django-admin"
)]
pub struct PoArgs {
    /// The catalogue
    file: PathBuf,
    /// Document id
    #[arg(long, required_unless_present = "into")]
    id: Option<String>,
    /// Take the catalogue's translations into this document (one imported
    /// from a catalogue, or exported with `bitext export --to po`): entries
    /// matched to paragraphs, changed translations updated, fuzzy ones
    /// marked, every other paragraph left as it is
    #[arg(long, value_name = "DOC", conflicts_with = "id")]
    into: Option<String>,
    /// Language of the msgids, a BCP 47 tag (the translation's language
    /// comes from the catalogue's Language header)
    #[arg(long, value_name = "TAG", default_value = "en")]
    source_language: String,
    /// Document title (default: the catalogue's Project-Id-Version)
    #[arg(long)]
    title: Option<String>,
    #[command(flatten)]
    common: Common,
}

/// Import archive catalogue exports: date, title, Citation:, Summary:,
/// Original Language:, Contents:, then the body (the English translation)
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  bitext import archive export.txt\n  bitext import archive export.txt --id wcda-112106 --force"
)]
pub struct ArchiveArgs {
    /// Export files
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Document id (default: wcda-<number> from the citation URL, else the
    /// file name); only with a single file
    #[arg(long)]
    id: Option<String>,
    #[command(flatten)]
    common: Common,
}

/// Import an original and/or a translation as plain text: paragraphs are
/// separated by blank lines, hard-wrapped lines are joined, short layout
/// lines (headers, addresses, signatures) keep their breaks; the two sides
/// are aligned, a paragraph split or merged in translation becoming one
/// record paragraph with the join on record
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  bitext import text --id lenny-de --source en.txt --source-language en --target de.txt --target-language de\n  bitext import text --id report --target report.txt --encoding windows-1251"
)]
pub struct TextArgs {
    /// Document id
    #[arg(long)]
    id: String,
    /// The original
    #[arg(long, value_name = "FILE", required_unless_present = "target")]
    source: Option<PathBuf>,
    /// Language of the original, a BCP 47 tag (ru, de, zh-Hans…)
    #[arg(long, value_name = "TAG")]
    source_language: Option<String>,
    /// The translation
    #[arg(long, value_name = "FILE")]
    target: Option<PathBuf>,
    /// Language of the translation, a BCP 47 tag
    #[arg(long, value_name = "TAG", default_value = "en")]
    target_language: String,
    /// Document title
    #[arg(long)]
    title: Option<String>,
    /// Join a paragraph that ends mid-sentence with a next one that starts
    /// in lower case (a page break), recording the join
    #[arg(long)]
    join_page_breaks: bool,
    #[command(flatten)]
    common: Common,
}

pub fn run(command: &Command, env: &Env) -> Result<ExitCode> {
    let corpus = env.corpus()?;
    let common = match command {
        Command::Archive(args) => &args.common,
        Command::Text(args) | Command::Html(args) => &args.common,
        Command::Po(args) => &args.common,
        Command::Xliff(args) | Command::Tmx(args) | Command::Csv(args) | Command::Tsv(args) => {
            &args.common
        }
    };
    let mut options = InputOptions {
        max_file_size: env.max_file_size(),
        ..InputOptions::default()
    };
    if let Some(label) = &common.encoding {
        options = options.with_encoding_label(label)?;
    }
    let mut imported: Vec<(PathBuf, Imported)> = match command {
        Command::Archive(args) => {
            if args.id.is_some() && args.files.len() > 1 {
                bail!(
                    "--id names one document; it cannot be used with {} files",
                    args.files.len()
                );
            }
            let mut progress = Progress::new(args.files.len(), "importing");
            let mut imported = Vec::with_capacity(args.files.len());
            for file in &args.files {
                progress.step(&file.display().to_string());
                let path = env.path(file);
                let result = import_archive(&path, args.id.as_deref(), &options);
                match result {
                    Ok(document) => imported.push((path, document)),
                    Err(error) => {
                        progress.finish();
                        return Err(error.into());
                    }
                }
            }
            progress.finish();
            imported
        }
        Command::Text(args) | Command::Html(args) => {
            let format = if matches!(command, Command::Html(_)) {
                InputFormat::Html
            } else {
                InputFormat::Text
            };
            if args.source.is_some() && args.source_language.is_none() {
                bail!("--source needs --source-language (a BCP 47 tag such as ru)");
            }
            let source = args.source.as_ref().map(|p| env.path(p));
            let target = args.target.as_ref().map(|p| env.path(p));
            let import = TextImport {
                id: &args.id,
                source: source.as_deref(),
                source_language: args.source_language.as_deref(),
                target: target.as_deref(),
                target_language: target.as_ref().map(|_| args.target_language.as_str()),
                title: args.title.as_deref(),
                join_page_breaks: args.join_page_breaks,
                format,
            };
            let label = source.clone().or(target.clone()).unwrap_or_default();
            vec![(label, import_text(&import, &options)?)]
        }
        Command::Po(args) => {
            let path = env.path(&args.file);
            if let Some(into) = &args.into {
                let bytes = read_limited(&path, options.max_file_size)?;
                let read = interchange::read(&bytes, &path, Format::Po)?;
                return take_into(corpus, into, &read, &path, common.format, env);
            }
            let import = PoImport {
                id: args.id.as_deref().unwrap_or_default(),
                path: &path,
                source_language: Some(&args.source_language),
                title: args.title.as_deref(),
            };
            vec![(path.clone(), import_po(&import, &options)?)]
        }
        Command::Xliff(args) | Command::Tmx(args) | Command::Csv(args) | Command::Tsv(args) => {
            let format = match command {
                Command::Xliff(_) => Format::Xliff,
                Command::Tmx(_) => Format::Tmx,
                Command::Csv(_) => Format::Csv,
                _ => Format::Tsv,
            };
            let path = env.path(&args.file);
            let mut bytes = read_limited(&path, options.max_file_size)?;
            if let Some(encoding) = options.encoding {
                if matches!(format, Format::Xliff | Format::Tmx) {
                    bail!("--encoding is for text and tables: an XML file names its own encoding in its first line");
                }
                bytes = decode(&bytes, Some(encoding))
                    .map_err(|source| Error::Decode {
                        path: path.clone(),
                        source,
                    })?
                    .into_bytes();
            }
            let read = interchange::read(&bytes, &path, format)?;
            for warning in &read.warnings {
                say!("warning: {}: {warning}", path.display());
            }
            if let Some(into) = &args.into {
                return take_into(corpus, into, &read, &path, common.format, env);
            }
            let document = interchange::new_document(&read, args.id.as_deref(), &path)?;
            vec![(
                path,
                Imported {
                    document,
                    warnings: Vec::new(),
                },
            )]
        }
    };
    save_all(corpus, &mut imported, common.force, common.format, env)?;
    Ok(exit::SUCCESS.into())
}

/// `import … --into DOC`: the file's translations taken into a document
/// of the corpus, its comments kept; nothing written if a unit is refused.
fn take_into(
    corpus: &Corpus,
    into: &str,
    read: &Interchange,
    path: &Path,
    format: super::Format,
    env: &Env,
) -> Result<ExitCode> {
    let mut loaded = corpus.load(&bitext::DocumentId::new(into)?)?;
    let applied = interchange::apply(&mut loaded.document, read, path)?;
    if format == super::Format::Json {
        let changed = !applied.updated.is_empty() || !applied.restated.is_empty();
        let written = if changed {
            Some(corpus.save_edited(&loaded, &loaded.document)?)
        } else {
            None
        };
        super::output::print_json(&serde_json::json!({
            "document": loaded.document.id.as_str(),
            "file": written.map(|w| env.label(&w)),
            "from": path.display().to_string(),
            "updated": applied.updated,
            "restated": applied.restated,
            "unchanged": applied.unchanged,
        }))?;
        return Ok(exit::SUCCESS.into());
    }
    if applied.updated.is_empty() && applied.restated.is_empty() {
        say!(
            "{}: nothing to take from {} ({} units unchanged)",
            env.label(&loaded.path),
            path.display(),
            applied.unchanged
        );
        return Ok(exit::SUCCESS.into());
    }
    let written = corpus.save_edited(&loaded, &loaded.document)?;
    let list = |ids: &[String]| -> String {
        let shown: Vec<&str> = ids.iter().take(10).map(String::as_str).collect();
        let more = ids.len().saturating_sub(shown.len());
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        format!("{}{more}", shown.join(", "))
    };
    let mut message = format!(
        "{}: {} translations updated",
        env.label(&written),
        applied.updated.len()
    );
    if !applied.updated.is_empty() {
        message.push_str(&format!(" ({})", list(&applied.updated)));
    }
    if !applied.restated.is_empty() {
        message.push_str(&format!(
            ", {} confirmed or marked for review ({})",
            applied.restated.len(),
            list(&applied.restated)
        ));
    }
    message.push_str(&format!(", {} unchanged", applied.unchanged));
    say!("{message}");
    Ok(exit::SUCCESS.into())
}

/// Writes every imported document, or none: ids must be distinct and, unless
/// forced, new, before the first file is written.
fn save_all(
    corpus: &Corpus,
    imported: &mut [(PathBuf, Imported)],
    force: bool,
    format: super::Format,
    env: &Env,
) -> Result<()> {
    let mut seen: HashMap<String, &PathBuf> = HashMap::new();
    let mut revisions = Vec::new();
    for (path, item) in imported.iter_mut() {
        let id = item.document.id.to_string();
        if let Some(first) = seen.insert(id.clone(), path) {
            return Err(Error::DuplicateImport {
                id,
                first: first.clone(),
                second: path.clone(),
            }
            .into());
        }
        let target = corpus.document_path(&item.document.id);
        if target.exists() {
            if !force {
                return Err(Error::Exists { path: target }.into());
            }
            // A new revision of the document: paragraphs keep their ids,
            // and the comments a person wrote in the file stay.
            let old = corpus.load(&item.document.id)?;
            revisions.push((reconcile(&old.document, &mut item.document), Some(old)));
        } else {
            revisions.push((Default::default(), None));
        }
    }
    let mut summaries = Vec::new();
    for ((path, item), (revision, old)) in imported.iter().zip(revisions) {
        for warning in &item.warnings {
            say!("warning: {}: {warning}", path.display());
        }
        let written = match &old {
            Some(old) => corpus.save_edited(old, &item.document)?,
            None => corpus.save(&item.document, false)?,
        };
        let count = |reason: JoinReason| -> usize {
            let joins = item.document.paragraphs.iter().flat_map(|p| &p.joins);
            joins.filter(|j| j.reason == reason).count()
        };
        let low = bitext::tools::Stats::of(&item.document).low_confidence;
        if format == super::Format::Json {
            let mut summary = serde_json::json!({
                "document": item.document.id.as_str(),
                "file": env.label(&written),
                "from": path.display().to_string(),
                "paragraphs": item.document.paragraphs.len(),
                "page_break_joins": count(JoinReason::PageBreak),
                "alignment_joins": count(JoinReason::Alignment),
                "low_confidence": low,
                "warnings": item.warnings,
            });
            if old.is_some() {
                summary["revision"] = serde_json::json!({
                    "same": revision.same,
                    "previous": revision.previous,
                    "similar": revision.similar,
                    "added": revision.added,
                    "removed": revision.removed,
                });
            }
            summaries.push(summary);
            continue;
        }
        let mut joined = String::new();
        for (reason, one, many) in [
            (JoinReason::PageBreak, "page-break join", "page-break joins"),
            (
                JoinReason::Alignment,
                "join by alignment",
                "joins by alignment",
            ),
        ] {
            match count(reason) {
                0 => {}
                1 => joined.push_str(&format!(", 1 {one}")),
                n => joined.push_str(&format!(", {n} {many}")),
            }
        }
        if low > 0 {
            joined.push_str(&format!(", {low} pairs below confidence {LOW_CONFIDENCE}"));
        }
        if revision != Reconciled::default() {
            let kept = revision.same + revision.previous + revision.similar;
            joined.push_str(&format!(
                "; over the last revision: {kept} kept their ids ({} edited), {} added, {} removed",
                revision.previous + revision.similar,
                revision.added,
                revision.removed
            ));
        }
        say!(
            "imported {} as {} ({} paragraphs{joined})",
            path.display(),
            env.label(&written),
            item.document.paragraphs.len()
        );
    }
    if format == super::Format::Json {
        super::output::print_json(&serde_json::json!({ "imported": summaries }))?;
    }
    Ok(())
}
