//! Aligning real text scaled up: the seven maint-guide chapters, English
//! against Russian, repeated to 2,000 and 20,000 paragraphs a side. The
//! band keeps time linear: ten times the paragraphs, ten times the time.
//! And a short text at its slowest: 200 paragraphs a side, of which the
//! translation lacks 40 in the middle (an untranslated section), so the
//! path is not one to one and the estimates start from several ratios.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use bitext::align::{align_paragraphs, AlignOptions};

mod corpus;

fn align(c: &mut Criterion) {
    let (source, target) = corpus::maint_guide_pairs();
    let mut group = c.benchmark_group("align");
    group.sample_size(10);
    for n in [2_000usize, 20_000] {
        let s: Vec<&str> = source.iter().cycle().take(n).map(String::as_str).collect();
        let t: Vec<&str> = target.iter().cycle().take(n).map(String::as_str).collect();
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("paragraphs", n), &(s, t), |b, (s, t)| {
            b.iter(|| align_paragraphs(s, t, &AlignOptions::default()))
        });
    }
    let s: Vec<&str> = source.iter().take(200).map(String::as_str).collect();
    let t: Vec<&str> = target
        .iter()
        .take(200)
        .enumerate()
        .filter(|(k, _)| !(80..120).contains(k))
        .map(|(_, p)| p.as_str())
        .collect();
    group.throughput(Throughput::Elements(200));
    group.bench_with_input(
        BenchmarkId::new("untranslated section", 200),
        &(s, t),
        |b, (s, t)| b.iter(|| align_paragraphs(s, t, &AlignOptions::default())),
    );
    group.finish();
}

criterion_group!(benches, align);
criterion_main!(benches);
