//! Real text scaled up, shared by the benchmarks and the corpus generator.
//!
//! The paragraphs come from the test fixtures (the 1951 telegram, the
//! maint-guide chapter in English and Russian, the Debian dedication in
//! English, German and French); documents are built by cycling through
//! them with a varying start, so no two documents are the same.

#![allow(dead_code)] // each including target uses part of this file

use std::path::Path;

use bitext::{Document, DocumentId, Paragraph};

/// The paragraphs of a plain-text fixture.
fn fixture_paragraphs(name: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let text = std::fs::read_to_string(path).expect("fixture");
    bitext::split_paragraphs(&text, 1)
        .into_iter()
        .map(|p| p.text)
        .collect()
}

/// Source/target paragraph pairs from the fixtures.
pub fn real_pairs() -> Vec<(String, String)> {
    let read = fixture_paragraphs;
    let mut pairs: Vec<(String, String)> = Vec::new();
    let en = read("maint-guide-first.en.txt");
    let ru = read("maint-guide-first.ru.txt");
    pairs.extend(en.into_iter().zip(ru));
    for other in ["dedication-5.0.de.txt", "dedication-5.0.fr.txt"] {
        let en = read("dedication-5.0.en.txt");
        pairs.extend(en.into_iter().zip(read(other)));
    }
    // The telegram has only its English side; pair it with itself reversed
    // in paragraph order so the sides differ.
    let seed = read("wcda-112106.txt");
    pairs.extend(seed.iter().cloned().zip(seed.iter().rev().cloned()));
    pairs
}

/// A document of about `bytes` bytes of paragraph text.
pub fn scaled_document(
    id: &str,
    pairs: &[(String, String)],
    start: usize,
    bytes: usize,
) -> Document {
    let mut document = Document::new(DocumentId::new(id).expect("valid id"));
    document.title = Some(format!("Scaled document {id}"));
    document.source_language = Some("en".into());
    document.target_language = Some("ru".into());
    let mut size = 0;
    let mut n = 0;
    while size < bytes {
        let (source, target) = &pairs[(start + n) % pairs.len()];
        n += 1;
        size += source.len() + target.len();
        document.paragraphs.push(Paragraph::new(
            format!("p{n}"),
            Some(source.clone()),
            Some(target.clone()),
        ));
    }
    document
}

/// Real aligned pairs, as a translator made them: the seven maint-guide
/// chapters in English and Russian (element by element) and the Debian
/// dedication in English with German and French.
pub fn aligned_pairs() -> Vec<(String, String)> {
    let (en, ru) = maint_guide_pairs();
    let mut pairs: Vec<(String, String)> = en.into_iter().zip(ru).collect();
    let read = fixture_paragraphs;
    for other in ["dedication-5.0.de.txt", "dedication-5.0.fr.txt"] {
        pairs.extend(read("dedication-5.0.en.txt").into_iter().zip(read(other)));
    }
    pairs
}

/// The seven maint-guide chapters' paragraphs, English and Russian.
pub fn maint_guide_pairs() -> (Vec<String>, Vec<String>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/align/maint-guide");
    let (mut source, mut target) = (Vec::new(), Vec::new());
    for chapter in [
        "first", "dreq", "dother", "modify", "build", "update", "advanced",
    ] {
        let read = |lang: &str| {
            std::fs::read_to_string(dir.join(format!("{chapter}.{lang}.html"))).expect("fixture")
        };
        source.extend(bitext::import::html_paragraphs(&read("en")));
        target.extend(bitext::import::html_paragraphs(&read("ru")));
    }
    (source, target)
}
