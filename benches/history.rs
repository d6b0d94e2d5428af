//! The git-backed history on real text: commits (one at a time, and in a
//! batch), blame of a document with 1,000 revisions, and a revision diff
//! of a 10 MB corpus. `benches/history_compare.sh` runs the same work with
//! git's own tools.
//!
//! Repositories are made under the system's temporary folder (`TMPDIR`);
//! commit rates depend on how fast its file system creates files.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use bitext::history::History;

mod corpus;
mod histories;

fn commits(c: &mut Criterion) {
    let mut group = c.benchmark_group("history");
    group.sample_size(10);
    group.throughput(Throughput::Elements(1));
    // One commit per call, each its own transaction (`bitext commit`).
    group.bench_function("commit", |b| {
        b.iter_custom(|iterations| {
            let dir = tempfile::tempdir().expect("temporary folder");
            let (elapsed, _) =
                histories::commits(dir.path(), iterations as usize, 10).expect("commits");
            elapsed
        })
    });
    // Commits in one `History::batch`, the pack written at the end.
    group.bench_function("commit_in_batch", |b| {
        b.iter_custom(|iterations| {
            let dir = tempfile::tempdir().expect("temporary folder");
            let (elapsed, _) =
                histories::batch(dir.path(), iterations as usize, 10).expect("batch");
            elapsed
        })
    });
    group.finish();
}

fn blame_and_diff(c: &mut Criterion) {
    let mut group = c.benchmark_group("history");
    group.sample_size(10);

    let dir = tempfile::tempdir().expect("temporary folder");
    histories::batch(dir.path(), 1000, 1).expect("1,000 revisions");
    let history = History::open(dir.path()).expect("history");
    group.bench_function("blame_1000_revisions", |b| {
        b.iter(|| history.blame("doc-0000").expect("blame"))
    });

    let dir = tempfile::tempdir().expect("temporary folder");
    let bytes = histories::corpus_revisions(dir.path(), 10).expect("10 MB corpus");
    let history = History::open(dir.path()).expect("history");
    let (old, new) = (
        history.resolve("HEAD~1").expect("HEAD~1"),
        history.resolve("HEAD").expect("HEAD"),
    );
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("diff_10MB_corpus", |b| {
        b.iter(|| history.diff(Some(old), Some(new), &[]).expect("diff"))
    });
    group.finish();
}

criterion_group!(benches, commits, blame_and_diff);
criterion_main!(benches);
