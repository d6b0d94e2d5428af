//! Builds git histories of real text for the history benchmarks and the
//! comparison with git's own tools (`benches/history_compare.sh`):
//!
//! ```text
//! cargo run --release --example history_scale -- commits DIR REVISIONS DOCUMENTS
//! cargo run --release --example history_scale -- corpus DIR MEGABYTES
//! ```
//!
//! `commits` makes a corpus of DOCUMENTS documents and commits REVISIONS
//! revisions in process, each a translator's edit of one paragraph, and
//! prints the rate. `corpus` makes a corpus of about MEGABYTES of text in
//! one revision and a second revision in which one paragraph in fifty of
//! every document is edited, for revision diffs.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bitext::history::{CommitOptions, History};
use bitext::{Corpus, Document};

mod corpus;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: history_scale commits DIR REVISIONS DOCUMENTS | corpus DIR MEGABYTES";
    match args.first().map(String::as_str) {
        Some("commits") if args.len() == 4 => {
            let (revisions, documents) = (args[2].parse()?, args[3].parse()?);
            let (elapsed, with_edits) = commits(Path::new(&args[1]), revisions, documents)?;
            println!(
                "{revisions} commits in {:.3} s: {:.0} commits/s ({:.0}/s with the edits written)",
                elapsed.as_secs_f64(),
                revisions as f64 / elapsed.as_secs_f64(),
                revisions as f64 / with_edits.as_secs_f64()
            );
        }
        Some("corpus") if args.len() == 3 => {
            let bytes = corpus_revisions(Path::new(&args[1]), args[2].parse()?)?;
            println!("{bytes} bytes of documents in two revisions");
        }
        _ => return Err(usage.into()),
    }
    Ok(())
}

fn options(message: String, k: usize) -> CommitOptions {
    CommitOptions {
        message,
        author: Some("Bench Translator <bench@example.org>".into()),
        time: Some((1_700_000_000 + k as i64 * 60, 180)),
    }
}

/// A new corpus with its repository and `documents` documents of real
/// text, about 16 KB each, committed.
pub fn new_corpus(dir: &Path, documents: usize) -> Result<(Corpus, History, Vec<Document>)> {
    let corpus = Corpus::init(dir)?.corpus;
    let (history, _) = History::init(dir)?;
    let pairs = corpus::real_pairs();
    let mut docs = Vec::new();
    for n in 0..documents {
        let document = corpus::scaled_document(&format!("doc-{n:04}"), &pairs, n * 3, 16 * 1024);
        corpus.save(&document, true)?;
        docs.push(document);
    }
    history.commit(&options("Initial texts".into(), 0), &[])?;
    Ok((corpus, history, docs))
}

/// Edits paragraph `k` of a document the way a translator might: a word
/// added to the translation.
pub fn edit(document: &mut Document, k: usize) {
    let count = document.paragraphs.len();
    let paragraph = &mut document.paragraphs[k % count];
    let target = paragraph.target.get_or_insert_with(String::new);
    target.push_str(&format!(" (rev. {k})"));
}

/// Commits `revisions` edits; the time of the commits alone, and with the
/// edited documents written.
pub fn commits(dir: &Path, revisions: usize, documents: usize) -> Result<(Duration, Duration)> {
    let (corpus, history, mut docs) = new_corpus(dir, documents.max(1))?;
    let mut committing = Duration::ZERO;
    let start = Instant::now();
    for k in 1..=revisions {
        let n = k % docs.len();
        edit(&mut docs[n], k);
        corpus.save(&docs[n], true)?;
        let t = Instant::now();
        let id = docs[n].id.clone();
        history
            .commit(&options(format!("Revision {k}"), k), &[id])?
            .ok_or("nothing committed")?;
        committing += t.elapsed();
    }
    Ok((committing, start.elapsed()))
}

/// Two revisions of a corpus of about `megabytes` MB.
pub fn corpus_revisions(dir: &Path, megabytes: usize) -> Result<u64> {
    let corpus = Corpus::init(dir)?.corpus;
    let (history, _) = History::init(dir)?;
    let pairs = corpus::real_pairs();
    let mut docs = Vec::new();
    let mut bytes = 0;
    let mut n = 0;
    while bytes < megabytes * 1_000_000 {
        let document = corpus::scaled_document(&format!("doc-{n:04}"), &pairs, n * 7, 256 * 1024);
        let path: PathBuf = corpus.save(&document, true)?;
        bytes += std::fs::metadata(path)?.len() as usize;
        docs.push(document);
        n += 1;
    }
    history.commit(&options("First revision".into(), 0), &[])?;
    let mut total = 0;
    for document in &mut docs {
        let count = document.paragraphs.len();
        for k in (0..count).step_by(50) {
            let paragraph = &mut document.paragraphs[k];
            if let Some(target) = &mut paragraph.target {
                // A word replaced, as a reviser does.
                if let Some(space) = target.find(' ') {
                    target.replace_range(..space, "Revised");
                }
            }
        }
        let path = corpus.save(document, true)?;
        total += std::fs::metadata(path)?.len();
    }
    history.commit(&options("Second revision".into(), 1), &[])?;
    Ok(total)
}
