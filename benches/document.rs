//! Reading and writing document files: throughput in bytes of paragraph
//! text per second, on real text scaled up to a 4 MB document.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use bitext::document::parse_document;

mod corpus;

fn read_write(c: &mut Criterion) {
    let pairs = corpus::real_pairs();
    let mut group = c.benchmark_group("document");
    for size in [64 * 1024, 4 * 1024 * 1024] {
        let document = corpus::scaled_document("bench", &pairs, 0, size);
        let text = document.to_canonical_string();
        group.throughput(Throughput::Bytes(document.text_len() as u64));
        group.bench_with_input(BenchmarkId::new("read", size), &text, |b, text| {
            b.iter(|| parse_document(text).expect("parses"))
        });
        group.bench_with_input(BenchmarkId::new("write", size), &document, |b, document| {
            b.iter(|| document.to_canonical_string())
        });
        group.bench_with_input(BenchmarkId::new("read_write", size), &text, |b, text| {
            b.iter(|| {
                parse_document(text)
                    .expect("parses")
                    .0
                    .to_canonical_string()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, read_write);
criterion_main!(benches);
