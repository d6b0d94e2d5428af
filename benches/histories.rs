//! Git histories of real text, shared by the history benchmark and the
//! `history_scale` example.

#![allow(dead_code)] // each including target uses part of this file

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bitext::history::{CommitOptions, History};
use bitext::{Corpus, Document};

use crate::corpus;

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// Commit options for revision `k`: a fixed author, a minute apart.
pub fn options(message: String, k: usize) -> CommitOptions {
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
        // Edited as a translator edits the file: as the last commit left it.
        docs[n] = corpus.load(&docs[n].id)?.document;
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

/// Commits `revisions` edits in one batch; the time of the commits and
/// the pack written, and with the edited documents written.
pub fn batch(dir: &Path, revisions: usize, documents: usize) -> Result<(Duration, Duration)> {
    let (corpus, history, mut docs) = new_corpus(dir, documents.max(1))?;
    let mut editing = Duration::ZERO;
    let start = Instant::now();
    let (_, commits) = history.batch(|batch| {
        for k in 1..=revisions {
            let t = Instant::now();
            let n = k % docs.len();
            docs[n] = corpus.load(&docs[n].id)?.document;
            edit(&mut docs[n], k);
            corpus.save(&docs[n], true)?;
            editing += t.elapsed();
            let id = docs[n].id.clone();
            batch.commit(&options(format!("Revision {k}"), k), &[id])?;
        }
        Ok(())
    })?;
    let total = start.elapsed();
    assert_eq!(commits.len(), revisions);
    // Committing includes writing the pack and moving the branch.
    Ok((total - editing, total))
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
        // Edited as a reviser edits the file: as the first commit left it.
        *document = corpus.load(&document.id)?.document;
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
