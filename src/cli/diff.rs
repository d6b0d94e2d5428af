//! `bitext diff`

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Result};

use super::{exit, Env, Format};
use bitext::diff::{diff_documents, DocumentDiff};
use bitext::document::{load_document, write_atomic};
use bitext::history::{CommitId, History};
use bitext::render::diff::{render_html, render_inline, Markers, Version};
use bitext::render::layout::diff_side_by_side;
use bitext::{Document, DocumentId};

/// Show what changed between two revisions (default: HEAD and the working
/// tree), paragraph by paragraph (matched by id) and word by word:
/// [-deleted-]{+inserted+}. Exit 1 when they differ, 0 when they do not
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  bitext diff\n  bitext diff HEAD~3 HEAD wcda-112106 --side-by-side\n  bitext diff 'wcda-112106#p3@v1'\n  bitext diff --stat\n  bitext diff v1 v2 --html changes.html"
)]
pub struct Args {
    /// Compare two document files directly: OLD NEW
    #[arg(long)]
    no_index: bool,
    /// [OLD [NEW]] revisions (HEAD~3, a tag, a commit id), then documents
    /// to limit the diff to (DOC#PARA: one paragraph; DOC@REV: that
    /// revision against the working tree)
    args: Vec<String>,
    /// Output format; json gives each text as equal/delete/insert spans
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Only counts: paragraphs changed, words deleted and inserted, per
    /// document
    #[arg(long)]
    stat: bool,
    /// Write one self-contained HTML page of the changes, original beside
    /// translation, to FILE
    #[arg(long, value_name = "FILE")]
    html: Option<std::path::PathBuf>,
    /// Each changed paragraph as two columns, original and translation,
    /// the changes marked in each
    #[arg(long, conflicts_with_all = ["stat", "html"])]
    side_by_side: bool,
    /// Width of the side-by-side layout (default: the terminal's, at most
    /// 100)
    #[arg(long, requires = "side_by_side")]
    width: Option<usize>,
}

pub fn run(args: &Args, env: &Env) -> Result<ExitCode> {
    let (old_version, new_version, diffs, documents) = if args.no_index {
        let [old_path, new_path] = args.args.as_slice() else {
            bail!("diff --no-index takes OLD and NEW files");
        };
        let load = |path: &str| load_document(&env.path(Path::new(path)), env.max_file_size());
        let (old, new) = (load(old_path)?, load(new_path)?);
        let diffs: Vec<DocumentDiff> = diff_documents(Some(&old.document), Some(&new.document))
            .into_iter()
            .collect();
        let documents = diffs
            .iter()
            .map(|d| (d.id.clone(), new.document.clone()))
            .collect();
        let file = |name: &str| Version {
            name: name.to_owned(),
            ..Version::default()
        };
        (file(old_path), file(new_path), diffs, documents)
    } else {
        revisions(args, env)?
    };
    let (old_name, new_name) = (old_version.name.clone(), new_version.name.clone());
    if let Some(file) = &args.html {
        let page = render_html(&diffs, &old_version, &new_version, &documents);
        let path = env.path(file);
        write_atomic(&path, page.as_bytes(), true)?;
        say!("wrote {}", path.display());
        return Ok(if diffs.is_empty() {
            exit::SUCCESS
        } else {
            exit::FINDINGS
        }
        .into());
    }
    let text = match args.format {
        Format::Json if args.stat => {
            let stats: Vec<_> = diffs
                .iter()
                .map(|d| serde_json::json!({ "id": d.id, "stat": d.stat() }))
                .collect();
            let report =
                serde_json::json!({ "old": old_name, "new": new_name, "documents": stats });
            format!("{}\n", serde_json::to_string_pretty(&report)?)
        }
        Format::Human if args.stat => bitext::render::diff::stat(&diffs),
        Format::Json => {
            // Serialised straight from the diffs, not through a JSON tree.
            #[derive(serde::Serialize)]
            struct Report<'a> {
                old: &'a str,
                new: &'a str,
                documents: &'a [DocumentDiff],
            }
            let report = Report {
                old: &old_name,
                new: &new_name,
                documents: &diffs,
            };
            format!("{}\n", serde_json::to_string_pretty(&report)?)
        }
        Format::Human if args.side_by_side => {
            let width = args.width.unwrap_or_else(super::align::terminal_width);
            diffs
                .iter()
                .map(|d| diff_side_by_side(d, width) + "\n")
                .collect()
        }
        Format::Human => {
            let markers = if env.color_stdout() {
                Markers::COLOR
            } else {
                Markers::PLAIN
            };
            diffs
                .iter()
                .map(|d| render_inline(d, &markers) + "\n")
                .collect()
        }
    };
    env.page(&text)?;
    Ok(if diffs.is_empty() {
        exit::SUCCESS
    } else {
        exit::FINDINGS
    }
    .into())
}

/// Diffs between revisions of the corpus (the working tree when NEW is
/// not given).
/// The two versions compared, the diffs, and the documents as they are in
/// the new version (the old for one removed), for the HTML page's marks.
type Compared = (
    Version,
    Version,
    Vec<DocumentDiff>,
    BTreeMap<String, Document>,
);

fn revisions(args: &Args, env: &Env) -> Result<Compared> {
    let corpus = env.corpus()?;
    let history = History::open(corpus.root())?;
    // Leading arguments that name revisions are revisions, like git's.
    let mut revs = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for arg in &args.args {
        if names.is_empty() && revs.len() < 2 {
            if let Ok(oid) = history.resolve(arg) {
                revs.push((arg.clone(), oid));
                continue;
            }
        }
        names.push(arg.clone());
    }
    // Documents as addresses: `DOC#PARA` narrows the diff to that
    // paragraph; `DOC@REV` is the revision compared with the working tree.
    let named = env.named(&names)?;
    if let Some(rev) = &named.revision {
        if !revs.is_empty() {
            bail!("@{rev} names a revision beside the revisions given; give revisions once");
        }
        revs.push((rev.clone(), history.resolve(rev)?));
    }
    let docs: Vec<&str> = named
        .docs
        .iter()
        .map(|d| d.strip_suffix(".toml").unwrap_or(d))
        .collect();
    // Before the first commit, the working tree is compared with nothing.
    let (old_name, old) = match revs.first() {
        Some((name, oid)) => (name.clone(), Some(*oid)),
        None => ("HEAD".to_owned(), history.head_commit()?),
    };
    let new = revs.get(1).map(|(_, oid)| *oid);
    let new_name = revs
        .get(1)
        .map_or_else(|| "working tree".to_owned(), |(name, _)| name.clone());
    let mut diffs = history.diff(old, new, &docs)?;
    for diff in &mut diffs {
        diff.paragraphs
            .retain(|p| named.wants(&diff.id, Some(p.id.as_str())));
    }
    if !named.paragraphs.is_empty() {
        diffs.retain(|d| !d.paragraphs.is_empty() || !d.metadata.is_empty());
    }
    for doc in &docs {
        let neither = || {
            anyhow::anyhow!(
                "{doc:?} is neither a revision nor a document in {old_name} or {new_name} (revisions are named as git names them: HEAD~1, a tag, a commit id; `bitext log` lists them)"
            )
        };
        let Ok(id) = DocumentId::new(doc) else {
            return Err(neither());
        };
        let in_new = match new {
            Some(new) => history.document_at(new, doc)?.is_some(),
            None => corpus.document_path(&id).exists(),
        };
        let in_old = match old {
            Some(old) => history.document_at(old, doc)?.is_some(),
            None => false,
        };
        if !in_new && !in_old {
            return Err(neither());
        }
    }
    let version = |name: String, commit: Option<CommitId>| -> Result<Version> {
        let stamp = commit.map(|c| history.stamp(c)).transpose()?;
        Ok(Version {
            name,
            commit: stamp.as_ref().map(|s| s.commit.clone()),
            author: stamp.as_ref().map(|s| s.author.clone()),
            time: stamp.map(|s| s.time),
        })
    };
    // Only the HTML page shows the documents' languages and marks.
    let mut documents = BTreeMap::new();
    for diff in diffs.iter().filter(|_| args.html.is_some()) {
        let in_new = match new {
            Some(new) => history.document_at(new, &diff.id)?,
            None => DocumentId::new(&diff.id)
                .ok()
                .and_then(|id| corpus.load(&id).ok())
                .map(|l| l.document),
        };
        let document = match in_new {
            Some(document) => Some(document),
            None => old
                .map(|old| history.document_at(old, &diff.id))
                .transpose()?
                .flatten(),
        };
        if let Some(document) = document {
            documents.insert(diff.id.clone(), document);
        }
    }
    Ok((
        version(old_name, old)?,
        version(new_name, new)?,
        diffs,
        documents,
    ))
}
