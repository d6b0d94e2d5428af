//! Export and import of interchange files: throughput in bytes of
//! paragraph text per second, on real text scaled up to a 4 MB document.
//! Import is the whole way back: reading the file and taking its units
//! into the document it came from.

use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use bitext::interchange::{apply, export, read, ExportOptions, Format};

mod corpus;

fn interchange(c: &mut Criterion) {
    let pairs = corpus::real_pairs();
    let document = corpus::scaled_document("bench", &pairs, 0, 4 * 1024 * 1024);
    let mut group = c.benchmark_group("interchange");
    group.throughput(Throughput::Bytes(document.text_len() as u64));
    group.sample_size(20);
    for (name, format) in [
        ("xliff", Format::Xliff),
        ("xliff1", Format::Xliff1),
        ("tmx", Format::Tmx),
        ("po", Format::Po),
        ("csv", Format::Csv),
    ] {
        let options = ExportOptions::default();
        let file = export(&document, format, &options).expect("exports").text;
        group.bench_with_input(
            BenchmarkId::new("export", name),
            &document,
            |b, document| b.iter(|| export(document, format, &options).expect("exports")),
        );
        group.bench_with_input(BenchmarkId::new("read", name), &file, |b, file| {
            b.iter(|| read(file.as_bytes(), Path::new("bench"), format).expect("reads"))
        });
        group.bench_with_input(BenchmarkId::new("import", name), &file, |b, file| {
            b.iter_batched_ref(
                || document.clone(),
                |document| {
                    let units = read(file.as_bytes(), Path::new("bench"), format).expect("reads");
                    apply(document, &units, Path::new("bench")).expect("applies")
                },
                criterion::BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, interchange);
criterion_main!(benches);
