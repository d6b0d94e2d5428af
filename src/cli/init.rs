//! `bitext init`

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

use super::exit;
use bitext::document::{ensure_line, TEMPORARY_FILES};
use bitext::history::History;
use bitext::Corpus;

/// Make a folder a corpus: bitext.toml, translations/, the document schema,
/// and a git repository for its history (or adopt the repository it is
/// in). Existing files are left as they are.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  bitext init archive\n  cd archive && bitext init    # again after a clone: registers the diff and merge drivers"
)]
pub struct Args {
    /// The folder (created if missing; default: the current folder)
    dir: Option<PathBuf>,
    /// Make a corpus in a folder inside another git repository, whose
    /// branch its commits will go on (refused without it)
    #[arg(long)]
    force: bool,
    /// Output format: json prints what was made and registered
    #[arg(long, value_enum, default_value_t = super::Format::Human)]
    format: super::Format,
}

pub fn run(args: &Args, start: Option<&Path>) -> Result<ExitCode> {
    let dir = match (start, &args.dir) {
        (Some(base), Some(dir)) if dir.is_relative() => base.join(dir),
        (_, Some(dir)) => dir.clone(),
        (Some(base), None) => base.to_owned(),
        (None, None) => PathBuf::from("."),
    };
    // A corpus inside another repository (a checkout of bitext itself,
    // say) would commit onto that repository's branch: refused before
    // anything is written, unless asked for. An existing corpus is
    // already what it is.
    if !args.force && !dir.join(bitext::CONFIG_FILE).exists() {
        if let Some(work_tree) = History::enclosing_work_tree(&dir) {
            anyhow::bail!(
                "{} is inside the git repository at {}; a corpus there would commit onto its branch\n\nhint: make the corpus in a folder of its own (e.g. `cd \"$(mktemp -d)\"` first), or pass --force to keep it in that repository",
                dir.display(),
                work_tree.display()
            );
        }
    }
    let report = Corpus::init(&dir)?;
    let (history, created_repository) = History::init(&dir)?;
    let json = args.format == super::Format::Json;
    let mut registered = Vec::new();
    for created in &report.created {
        let shown = if dir == Path::new(".") {
            created.clone()
        } else {
            dir.join(created)
        };
        if !json {
            say!("created {}", shown.display());
        }
    }
    history.register_diff_driver()?;
    history.register_merge_driver()?;
    // Give the documents the bitext diff and merge drivers, and keep the
    // temporary files of interrupted writes out of git, once each.
    let attributes = dir.join(".gitattributes");
    for (file, line, what) in [
        (
            &attributes,
            "translations/*.toml diff=bitext",
            "the bitext diff driver in .gitattributes",
        ),
        (
            &attributes,
            "translations/*.toml merge=bitext",
            "the bitext merge driver in .gitattributes",
        ),
    ] {
        if ensure_line(file, line)? {
            registered.push(line);
            if !json {
                say!("registered {what}");
            }
        }
    }
    if ensure_line(&dir.join(".gitignore"), TEMPORARY_FILES)? && !json {
        say!("ignored interrupted writes ({TEMPORARY_FILES}) in .gitignore");
    }
    if json {
        super::output::print_json(&serde_json::json!({
            "corpus": dir.display().to_string(),
            "created": report.created.iter().map(|c| c.display().to_string()).collect::<Vec<_>>(),
            "repository_created": created_repository,
            "registered": registered,
        }))?;
        return Ok(exit::SUCCESS.into());
    }
    if created_repository {
        say!("created a git repository in {}", dir.display());
    }
    if report.created.is_empty() && !created_repository {
        say!("{} is already a corpus; nothing to do", dir.display());
    } else {
        say!("initialised corpus in {}", dir.display());
    }
    Ok(exit::SUCCESS.into())
}
