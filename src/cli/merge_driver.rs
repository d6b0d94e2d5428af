//! `bitext merge-driver`

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

use super::{exit, Env};
use bitext::document::{load_document_bytes, read_limited, write_atomic, Document};
use bitext::history::merge_lines;
use bitext::merge::merge_documents;

/// Merge three versions of a document by paragraph id, for git: a change
/// made on one branch only is taken, paragraphs added on both are kept,
/// and a change both made differently is recorded in the paragraph as a
/// `conflict` (exit 1), which `bitext resolve` settles. Files that are not
/// documents are merged by lines as git would, with conflict markers.
/// `bitext init` registers it, so git's merge, rebase, cherry-pick and
/// pull use it with no flag
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  git config merge.bitext.driver \"bitext merge-driver %O %A %B %P --base-label %S --ours-label %X --theirs-label %Y\"   # what bitext init sets\n  git merge editor-fixes      # documents merged by paragraph"
)]
pub struct Args {
    /// The common ancestor's version (git's %O)
    base: PathBuf,
    /// Our version, replaced by the result (git's %A)
    ours: PathBuf,
    /// Their version (git's %B)
    theirs: PathBuf,
    /// The document's path in the repository, for messages (git's %P)
    path: Option<String>,
    /// The common ancestor's name, for conflict markers (git's %S)
    #[arg(long, value_name = "NAME")]
    base_label: Option<String>,
    /// Our version's name, for conflict markers (git's %X)
    #[arg(long, value_name = "NAME")]
    ours_label: Option<String>,
    /// Their version's name, for conflict markers (git's %Y)
    #[arg(long, value_name = "NAME")]
    theirs_label: Option<String>,
}

impl Args {
    /// The names of base, ours and theirs for conflict markers: git's, or
    /// where git is older than its placeholders (and passes `%S` as it
    /// is) or gives none, base, ours and theirs.
    fn labels(&self) -> [&str; 3] {
        fn label<'a>(given: &'a Option<String>, placeholder: &str, name: &'static str) -> &'a str {
            match given.as_deref() {
                Some(given) if !given.is_empty() && given != placeholder => given,
                _ => name,
            }
        }
        [
            label(&self.base_label, "%S", "base"),
            label(&self.ours_label, "%X", "ours"),
            label(&self.theirs_label, "%Y", "theirs"),
        ]
    }
}

pub fn run(args: &Args, env: &Env) -> Result<ExitCode> {
    let limit = env.max_file_size();
    let read = |path: &Path| read_limited(&env.path(path), limit);
    let (base, ours, theirs) = (read(&args.base)?, read(&args.ours)?, read(&args.theirs)?);
    let name = args
        .path
        .clone()
        .unwrap_or_else(|| args.ours.display().to_string());
    let shown = Path::new(&name);
    let out = env.path(&args.ours);

    let loaded = |bytes: &[u8]| load_document_bytes(bytes.to_vec(), shown);
    let documents = match (loaded(&ours), loaded(&theirs)) {
        (Ok(ours), Ok(theirs)) => {
            // git gives an empty ancestor when both branches added the file.
            let base = if base.iter().all(u8::is_ascii_whitespace) {
                Ok(Document::new(ours.document.id.clone()))
            } else {
                loaded(&base).map(|b| b.document)
            };
            base.map(|base| (base, ours, theirs))
        }
        (Err(error), _) | (_, Err(error)) => Err(error),
    };
    let (base_doc, ours_loaded, theirs_loaded) = match documents {
        Ok(documents) => documents,
        Err(error) => {
            say!("{name}: not a document on every side ({error}); merged by lines instead");
            return by_lines(&base, &ours, &theirs, shown, &out, args.labels());
        }
    };
    let merged = match merge_documents(&base_doc, &ours_loaded.document, &theirs_loaded.document) {
        Ok(merged) => merged,
        Err(reason) => {
            say!("{name}: cannot merge by paragraph ({reason}); merged by lines instead");
            return by_lines(&base, &ours, &theirs, shown, &out, args.labels());
        }
    };
    // The comments a person wrote on either branch are kept.
    let text = ours_loaded.rewrite_merged(&theirs_loaded, &merged.document);
    write_atomic(&out, text.as_bytes(), true)?;
    for (old, new) in &merged.renamed {
        say!("{name}: both branches added a paragraph {old}; theirs is now {new}");
    }
    let conflicts = merged.conflict_count();
    if conflicts == 0 {
        return Ok(exit::SUCCESS.into());
    }
    let mut places: Vec<String> = merged
        .document
        .conflicts
        .iter()
        .map(|c| format!("{} ({})", merged.document.id, c.field))
        .collect();
    for paragraph in &merged.document.paragraphs {
        for conflict in &paragraph.conflict {
            places.push(format!(
                "{}#{} ({})",
                merged.document.id, paragraph.id, conflict.field
            ));
        }
    }
    say!(
        "{name}: {conflicts} conflict{} recorded in the document: {}",
        if conflicts == 1 { "" } else { "s" },
        places.join(", ")
    );
    say!("hint: settle each with `bitext resolve DOC#PARA --ours|--theirs|--base|--edit TEXT`");
    Ok(exit::FINDINGS.into())
}

/// git's line merge, written over ours; exit 1 when it left markers.
fn by_lines(
    base: &[u8],
    ours: &[u8],
    theirs: &[u8],
    shown: &Path,
    out: &Path,
    labels: [&str; 3],
) -> Result<ExitCode> {
    let (merged, clean) = merge_lines(base, ours, theirs, shown, labels)?;
    write_atomic(out, &merged, true)?;
    Ok(if clean { exit::SUCCESS } else { exit::FINDINGS }.into())
}
