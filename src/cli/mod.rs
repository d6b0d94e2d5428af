//! The command-line front end: one module per command, each an `Args`
//! struct whose doc comment is the help, one library call, and rendering.
//!
//! Data goes to stdout, everything else (progress, notes, errors) to
//! stderr. Exit codes are in [`exit`].

/// `eprintln!` for what the command tells the user: paths, ids and text
/// from documents in it are shown safe for the terminal.
macro_rules! say {
    ($($arg:tt)*) => {
        eprintln!("{}", bitext::render::terminal::visible(&format!($($arg)*)))
    };
}

mod align;
mod blame;
mod check;
mod cite;
mod commit;
mod completions;
mod confirm;
mod diff;
mod exit;
mod export;
mod fmt;
mod grep;
mod import;
mod init;
mod log;
mod merge_driver;
mod output;
mod progress;
mod publish;
mod resolve;
mod schema;
mod show;
mod stats;
mod status;
mod suppress;
mod textconv;
mod unjoin;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand, ValueEnum};

use bitext::document::DEFAULT_MAX_FILE_SIZE;
use bitext::{Corpus, Error};

/// Keep translated documents as paragraph-aligned records in a git
/// repository: import and align them, show them side by side, compare
/// their revisions word by word, find stale translations, and check them.
#[derive(Debug, Parser)]
#[command(
    name = "bitext",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// Run as if started in DIR (the corpus is the nearest folder upward
    /// with a bitext.toml)
    #[arg(short = 'C', value_name = "DIR", global = true)]
    directory: Option<PathBuf>,

    /// When to colour output
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    color: ColorChoice,

    /// Never page long output (log, diff, show, blame page it on a
    /// terminal through $BITEXT_PAGER, $PAGER or less -FRX)
    #[arg(long, global = true)]
    no_pager: bool,

    #[command(subcommand)]
    command: Command,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set
    Auto,
    /// Always
    Always,
    /// Never
    Never,
}

/// Output format of read commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// For people
    Human,
    /// For programs
    Json,
}

#[derive(Debug, Subcommand)]
enum Command {
    Init(init::Args),
    #[command(
        subcommand,
        after_help = "Examples:\n  bitext import archive export.txt\n  bitext import text --id lenny-de --source en.txt --source-language en --target de.txt --target-language de\n  bitext import xliff reviewed.xlf --into wcda-112106"
    )]
    Import(import::Command),
    Export(export::Args),
    Align(align::Args),
    Show(show::Args),
    Diff(diff::Args),
    Commit(commit::Args),
    Log(log::Args),
    Blame(blame::Args),
    Status(status::Args),
    Confirm(confirm::Args),
    Suppress(suppress::Args),
    Textconv(textconv::Args),
    MergeDriver(merge_driver::Args),
    Resolve(resolve::Args),
    Cite(cite::Args),
    Publish(publish::Args),
    Grep(grep::Args),
    Stats(stats::Args),
    Unjoin(unjoin::Args),
    Completions(completions::CompletionsArgs),
    Man(completions::ManArgs),
    Fmt(fmt::Args),
    Check(check::Args),
    Schema(schema::Args),
}

/// The revision an address names and the one a flag names, which must
/// agree when both are given.
fn one_revision(address: &Option<String>, flag: &Option<String>) -> Result<Option<String>> {
    match (address, flag) {
        (Some(a), Some(b)) if a != b => anyhow::bail!("two revisions named: {a} and {b}; give one"),
        (a, b) => Ok(a.clone().or_else(|| b.clone())),
    }
}

/// What command-line addresses name: the documents (ids or paths), the
/// paragraphs by document, and the revision.
#[derive(Debug, Default)]
struct Named {
    docs: Vec<String>,
    /// `(document, paragraph)`.
    paragraphs: Vec<(String, String)>,
    revision: Option<String>,
}

impl Named {
    /// Refuses paragraphs and a revision: for commands that work on whole
    /// documents as they are on disk.
    fn whole_documents(&self, command: &str) -> Result<()> {
        self.no_paragraphs(command)?;
        self.on_disk(command)
    }

    /// Refuses a paragraph: for commands that work on whole documents.
    fn no_paragraphs(&self, command: &str) -> Result<()> {
        if let Some((doc, paragraph)) = self.paragraphs.first() {
            anyhow::bail!("{doc}#{paragraph} names a paragraph; {command} works on whole documents (give {doc})");
        }
        Ok(())
    }

    /// Refuses a revision: for commands that work on the files on disk.
    fn on_disk(&self, command: &str) -> Result<()> {
        if let Some(rev) = &self.revision {
            anyhow::bail!("@{rev} names a revision; {command} works on the documents on disk");
        }
        Ok(())
    }

    /// Whether a finding or row about `paragraph` of `document` is wanted:
    /// always when no paragraph of that document was named.
    fn wants(&self, document: &str, paragraph: Option<&str>) -> bool {
        let mut named = self
            .paragraphs
            .iter()
            .filter(|(d, _)| d.strip_suffix(".toml").unwrap_or(d) == document)
            .peekable();
        named.peek().is_none() || paragraph.is_some_and(|p| named.any(|(_, q)| q == p))
    }
}

/// Where a command runs: the start folder, the corpus if there is one,
/// and the settings that do not need one.
struct Env {
    start: PathBuf,
    corpus: Option<Corpus>,
    color: ColorChoice,
    pager: bool,
}

impl Env {
    fn new(cli: &Cli) -> Result<Env> {
        let start = cli.directory.clone().unwrap_or_else(|| PathBuf::from("."));
        if !start.is_dir() {
            anyhow::bail!("cannot run in {}: not a folder", start.display());
        }
        let corpus = match Corpus::discover(&start) {
            Ok(corpus) => Some(corpus),
            Err(Error::NotACorpus { .. }) => None,
            Err(error) => return Err(error.into()),
        };
        Ok(Env {
            start,
            corpus,
            color: cli.color,
            pager: !cli.no_pager,
        })
    }

    /// The corpus, or the error that says there is none.
    fn corpus(&self) -> Result<&Corpus> {
        self.corpus.as_ref().ok_or_else(|| {
            Error::NotACorpus {
                start: self.start.clone(),
            }
            .into()
        })
    }

    fn max_file_size(&self) -> u64 {
        self.corpus
            .as_ref()
            .map_or(DEFAULT_MAX_FILE_SIZE, |c| c.config().limits.max_file_size)
    }

    /// A path as the user gave it, taken from the start folder.
    fn path(&self, path: &Path) -> PathBuf {
        if path.is_absolute() || self.start == Path::new(".") {
            path.to_owned()
        } else {
            self.start.join(path)
        }
    }

    /// Documents named on the command line: each an address (`DOC`,
    /// `DOC#PARA`, `DOC@REV`, `DOC#PARA@REV`), or a path when one exists
    /// by that name.
    fn named(&self, names: &[String]) -> Result<Named> {
        let mut named = Named::default();
        for name in names {
            if self.path(Path::new(name)).exists() {
                named.docs.push(name.clone());
                continue;
            }
            let address = bitext::address::Address::parse(name)?;
            if let Some(paragraph) = &address.paragraph {
                named
                    .paragraphs
                    .push((address.document.clone(), paragraph.clone()));
            }
            named.revision = one_revision(&named.revision, &address.revision)?;
            if !named.docs.contains(&address.document) {
                named.docs.push(address.document);
            }
        }
        Ok(named)
    }

    /// Document files named by command-line arguments (files, folders or
    /// document ids), or every document of the corpus when none are given.
    fn documents(&self, names: &[String]) -> Result<Vec<PathBuf>> {
        if names.is_empty() {
            return Ok(self.corpus()?.document_paths()?);
        }
        let mut paths = Vec::new();
        for name in names {
            let path = self.path(Path::new(name));
            if path.is_dir() {
                paths.extend(bitext::document::document_files_in(&path)?);
            } else if path.is_file() {
                paths.push(path);
            } else {
                paths.extend(self.corpus()?.resolve(name)?);
            }
        }
        Ok(paths)
    }

    /// How a file is named in output: relative to the corpus root when it
    /// is inside the corpus, else as given.
    fn label(&self, path: &Path) -> String {
        if let Some(corpus) = &self.corpus {
            if let Ok(absolute) = std::fs::canonicalize(path) {
                if let Ok(relative) = absolute.strip_prefix(corpus.root()) {
                    return relative.display().to_string();
                }
            }
        }
        path.display().to_string()
    }

    /// Prints long output, through a pager on a terminal.
    fn page(&self, text: &str) -> std::io::Result<()> {
        output::page(text, self.pager)
    }

    fn color_stdout(&self) -> bool {
        output::use_color(
            self.color,
            std::io::IsTerminal::is_terminal(&std::io::stdout()),
        )
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    // Neither needs a corpus, nor a readable bitext.toml.
    match &cli.command {
        Command::Init(args) => return init::run(args, cli.directory.as_deref()),
        Command::Schema(args) => return schema::run(args),
        _ => {}
    }
    let env = Env::new(&cli)?;
    match &cli.command {
        Command::Init(_) | Command::Schema(_) => unreachable!("handled above"),
        Command::Import(command) => import::run(command, &env),
        Command::Export(args) => export::run(args, &env),
        Command::Align(args) => align::run(args, &env),
        Command::Show(args) => show::run(args, &env),
        Command::Diff(args) => diff::run(args, &env),
        Command::Commit(args) => commit::run(args, &env),
        Command::Log(args) => log::run(args, &env),
        Command::Blame(args) => blame::run(args, &env),
        Command::Status(args) => status::run(args, &env),
        Command::Confirm(args) => confirm::run(args, &env),
        Command::Suppress(args) => suppress::run(args, &env),
        Command::Textconv(args) => textconv::run(args, &env),
        Command::MergeDriver(args) => merge_driver::run(args, &env),
        Command::Resolve(args) => resolve::run(args, &env),
        Command::Cite(args) => cite::run(args, &env),
        Command::Publish(args) => publish::run(args, &env),
        Command::Grep(args) => grep::run(args, &env),
        Command::Stats(args) => stats::run(args, &env),
        Command::Unjoin(args) => unjoin::run(args, &env),
        Command::Completions(args) => completions::completions(args),
        Command::Man(args) => completions::man(args),
        Command::Fmt(args) => fmt::run(args, &env),
        Command::Check(args) => check::run(args, &env),
    }
}

/// Prints an error and its causes; a closed pipe is not an error.
pub fn report_error(error: &anyhow::Error) -> ExitCode {
    let broken_pipe = error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    });
    if broken_pipe {
        return exit::SUCCESS.into();
    }
    let color = output::use_color(
        ColorChoice::Auto,
        std::io::IsTerminal::is_terminal(&std::io::stderr()),
    );
    let label = if color {
        "\x1b[1;31merror\x1b[0m"
    } else {
        "error"
    };
    // Errors quote paths, ids and text from documents: shown safe.
    let shown = |text: &str| bitext::render::terminal::visible(text).into_owned();
    let mut message = format!("{label}: {}\n", shown(&error.to_string()));
    for cause in error.chain().skip(1) {
        // A cause the message already quotes (git's own words, say) is not
        // repeated.
        let cause = shown(&cause.to_string());
        if !message.contains(&cause) {
            message.push_str(&format!("  caused by: {cause}\n"));
        }
    }
    eprint!("{message}");
    exit::FAILURE.into()
}
