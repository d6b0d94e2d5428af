//! `bitext check` on one document in process: throughput in bytes of
//! document file per second, on real aligned text (the maint-guide in
//! English and Russian, the Debian dedication) scaled to 256 KB and 2 MB,
//! with every check of the catalogue on. `benches/check_corpus.sh` measures
//! the command on a whole scaled corpus, `benches/check_compare.sh` against
//! `pofilter`.

use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use bitext::check::{check_bytes, check_loaded, Settings};
use bitext::document::load_document_bytes;

mod corpus;

fn check(c: &mut Criterion) {
    let pairs = corpus::aligned_pairs();
    let settings = Settings::default();
    let mut group = c.benchmark_group("check");
    group.sample_size(20);
    for size in [256 * 1024, 2 * 1024 * 1024] {
        let document = corpus::scaled_document("bench", &pairs, 3, size);
        let text = document.to_canonical_string();
        let path = Path::new("bench.toml");
        group.throughput(Throughput::Bytes(text.len() as u64));
        // Loading and checking, as the command does for each file.
        group.bench_with_input(
            BenchmarkId::new("load_and_check", size),
            &text,
            |b, text| {
                b.iter(|| check_bytes(text.as_bytes().to_vec(), path, "bench.toml", &settings))
            },
        );
        // The checks alone, on a loaded document.
        let loaded = load_document_bytes(text.as_bytes().to_vec(), path).expect("loads");
        group.bench_with_input(
            BenchmarkId::new("checks_only", size),
            &loaded,
            |b, loaded| b.iter(|| check_loaded(loaded, "bench.toml", &settings)),
        );
    }
    group.finish();
}

criterion_group!(benches, check);
criterion_main!(benches);
