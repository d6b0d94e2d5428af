//! Writes a corpus of real text scaled up, for measuring `bitext check` on
//! a large archive: `cargo run --release --example scale_corpus -- DIR MB`.
//!
//! Documents range from 64 KB to 2 MB of paragraph text, made of real
//! aligned pairs (the maint-guide in English and Russian, the Debian
//! dedication in English, German and French), in their order, each
//! document starting elsewhere.

use std::path::PathBuf;

mod corpus;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or("usage: scale_corpus DIR MB")?);
    let megabytes: usize = args.next().ok_or("usage: scale_corpus DIR MB")?.parse()?;
    let report = bitext::Corpus::init(&dir)?;
    let pairs = corpus::aligned_pairs();
    let sizes = [
        64 * 1024,
        256 * 1024,
        512 * 1024,
        1024 * 1024,
        2 * 1024 * 1024,
    ];
    let mut written = 0;
    let mut n = 0;
    while written < megabytes * 1024 * 1024 {
        let size = sizes[n % sizes.len()];
        let document = corpus::scaled_document(&format!("doc-{n:05}"), &pairs, n * 7, size);
        let path = report.corpus.save(&document, true)?;
        written += std::fs::metadata(path)?.len() as usize;
        n += 1;
    }
    println!(
        "{n} documents, {} bytes, largest document {} bytes of text",
        written,
        sizes[sizes.len() - 1]
    );
    Ok(())
}
