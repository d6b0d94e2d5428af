//! `bitext align`

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Result};

use super::{exit, output, Env, Format};
use bitext::align::{align_paragraphs, AlignOptions};
use bitext::import::{fill_source, read_paragraphs, InputFormat, InputOptions};
use bitext::render::layout::alignment_side_by_side;
use bitext::DocumentId;

/// Align an original with its translation paragraph by paragraph and show
/// the pairs with the aligner's confidence; or, with --into, fill in the
/// original of a document whose translation is already in the corpus
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  bitext align original.txt translation.txt\n  bitext align original.txt translation.txt --explain\n  bitext align ru.txt en.txt --into wcda-112106"
)]
pub struct Args {
    /// SOURCE and TARGET files; with --into, the SOURCE file alone
    #[arg(required = true, num_args = 1..=2)]
    files: Vec<PathBuf>,
    /// How the files are read
    #[arg(long, value_enum, default_value_t = Input::Text)]
    input: Input,
    /// Output format; json gives 0-based paragraph indices
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Show each bead's cost terms (prior, length, anchors, names, lexical,
    /// structure, page break)
    #[arg(long)]
    explain: bool,
    /// Align SOURCE against the translation of this document and write the
    /// source side into it, keeping every paragraph id
    #[arg(long, value_name = "DOC")]
    into: Option<String>,
    /// Language of SOURCE with --into, a BCP 47 tag (default: the
    /// document's source_language)
    #[arg(long, value_name = "TAG")]
    source_language: Option<String>,
    /// With --into, replace source texts the document already has
    #[arg(long)]
    force: bool,
    /// Encoding of the input files, a WHATWG label (default: UTF-8)
    #[arg(long, value_name = "LABEL")]
    encoding: Option<String>,
    /// Width in columns (default: the terminal's, else $COLUMNS, else 100)
    #[arg(long)]
    width: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Input {
    /// Plain text: paragraphs separated by blank lines
    Text,
    /// HTML: block elements are paragraphs
    Html,
}

pub fn run(args: &Args, env: &Env) -> Result<ExitCode> {
    let mut options = InputOptions {
        max_file_size: env.max_file_size(),
        ..InputOptions::default()
    };
    if let Some(label) = &args.encoding {
        options = options.with_encoding_label(label)?;
    }
    let format = match args.input {
        Input::Text => InputFormat::Text,
        Input::Html => InputFormat::Html,
    };
    let read = |path: &Path| -> Result<Vec<String>> {
        let paragraphs = read_paragraphs(&env.path(path), format, &options)?;
        Ok(paragraphs.into_iter().map(|p| p.text).collect())
    };
    if let Some(doc) = &args.into {
        let [source] = args.files.as_slice() else {
            bail!("--into takes one file, the original to fill in");
        };
        let corpus = env.corpus()?;
        let mut loaded = corpus.load(&DocumentId::new(doc)?)?;
        let report = fill_source(
            &mut loaded.document,
            read(source)?,
            args.source_language.as_deref(),
            args.force,
        )
        .map_err(|message| anyhow::anyhow!("{}: {message}", loaded.path.display()))?;
        let path = corpus.save(&loaded.document, true)?;
        say!(
            "aligned {} paragraphs of {} with {} paragraphs of {}: {} filled, {} added, {} below confidence 0.9",
            report.source_paragraphs,
            source.display(),
            report.target_paragraphs,
            env.label(&path),
            report.filled,
            report.added,
            report.low_confidence
        );
        return Ok(exit::SUCCESS.into());
    }
    let [source_file, target_file] = args.files.as_slice() else {
        bail!("align takes SOURCE and TARGET (or --into DOC with SOURCE alone)");
    };
    let source = read(source_file)?;
    let target = read(target_file)?;
    let alignment = align_paragraphs(&source, &target, &AlignOptions::default());
    let text = match args.format {
        Format::Json => bitext::render::align::json(&alignment, args.explain),
        Format::Human => {
            let color = env.color_stdout();
            let mark = |heading: &str| {
                if color {
                    format!("\x1b[1;33m{heading}\x1b[0m")
                } else {
                    heading.to_owned()
                }
            };
            let width = args.width.unwrap_or_else(terminal_width);
            alignment_side_by_side(&alignment, &source, &target, width, args.explain, &mark)
        }
    };
    output::print(&text)?;
    Ok(exit::SUCCESS.into())
}

/// The terminal's width, else `$COLUMNS`, else 100.
pub fn terminal_width() -> usize {
    if std::io::stdout().is_terminal() {
        if let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size() {
            return usize::from(w);
        }
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100)
}
