//! The property each fuzz target asserts, one function per target.
//!
//! A target is more than "does not panic": each function takes the raw
//! bytes a stranger could hand bitext and asserts what must hold of the
//! result — two readers agree, a written form reads back, nothing is
//! dropped, an error points inside the input. The fuzz targets in
//! `fuzz_targets/` call these functions; the project's `cargo test`
//! (`tests/it/fuzz_corpus.rs`) includes this file and replays every seed
//! and every input that ever failed through the same functions, on stable.
//!
//! Properties panic with a message saying what broke.

use std::path::Path;

use bitext::align::{align_paragraphs, AlignOptions};
use bitext::check::Glossary;
use bitext::diff::{diff_text, new_text, old_text};
use bitext::document::{
    is_fast_readable, load_document_bytes, parse_document, parse_document_with_toml,
};
use bitext::import::{
    declared_charset, html_paragraphs, import_po_bytes, pair_by_alignment, parse_archive,
    InputOptions, PoImport,
};
use bitext::interchange::{export, ExportOptions, Format};
use bitext::merge::{count_conflicts, merge_documents};
use bitext::{
    decode, is_nfc, join_page_breaks, normalize_text, split_paragraphs, Config, Document, Error,
    TextParagraph,
};

/// A target's property: it panics when the input breaks it.
pub type Property = fn(&[u8]);

/// Every target by name: the name is also its folder under `seeds/`,
/// `regressions/` and `corpus/`.
pub const TARGETS: &[(&str, Property)] = &[
    ("document", document),
    ("config", config),
    ("glossary", glossary),
    ("archive", archive),
    ("text", text),
    ("html", html),
    ("po", po),
    ("align", align),
    ("word_diff", word_diff),
    ("xliff", xliff),
    ("tmx", tmx),
    ("table", table),
    ("merge", merge),
];

/// A document file. When the fast reader takes the text, it and the full
/// TOML reader give the same document and the same source map, or both
/// refuse it; a document read has a canonical form that the fast reader
/// takes and that reads back as the same document (a fixed point); a
/// rewrite keeping comments reads back as the same document and keeps
/// every comment line.
pub fn document(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let full = parse_document_with_toml(text);
    if is_fast_readable(text) {
        match (parse_document(text), &full) {
            (Ok(fast), Ok(full)) => assert_eq!(&fast, full, "the two readers differ"),
            (Err(_), Err(_)) => {}
            (fast, full) => panic!("one reader refuses: fast {fast:?}, full {full:?}"),
        }
    }
    let document = match full {
        Ok((document, _)) => document,
        Err(error) => {
            assert_located(text, error.line, &error.message);
            return;
        }
    };
    // A document as read keeps its strings as written; the writer
    // normalises them. So the canonical form reads back as the document
    // with every text normalised, and is a fixed point from then on.
    let canonical = document.to_canonical_string();
    let (normalized, _) = parse_document(&canonical)
        .unwrap_or_else(|e| panic!("a canonical file does not read: {e:?}\n{canonical}"));
    assert_eq!(normalized.paragraphs.len(), document.paragraphs.len());
    for (read, written) in document.paragraphs.iter().zip(&normalized.paragraphs) {
        assert_eq!(read.id, written.id);
        for (a, b) in [
            (&read.source, &written.source),
            (&read.target, &written.target),
        ] {
            let normal = a.as_deref().map(normalize_text).filter(|t| !t.is_empty());
            assert_eq!(
                normal.as_deref(),
                b.as_deref(),
                "a text changed beyond normalising"
            );
        }
    }
    assert_reads_back(&normalized);

    let loaded = load_document_bytes(data.to_vec(), Path::new("fuzz.toml"))
        .expect("a text the reader takes loads");
    let kept = loaded.canonical_keeping_comments();
    let (again, _) = parse_document(&kept)
        .unwrap_or_else(|e| panic!("the rewrite keeping comments does not read: {e:?}\n{kept}"));
    assert_eq!(
        again, normalized,
        "putting comments back changed the document"
    );
    let (before, after) = (comments(text), comments(&kept));
    for comment in &before {
        let count = |list: &[&str]| list.iter().filter(|c| *c == comment).count();
        assert!(
            count(&after) >= count(&before),
            "comment {comment:?} lost by the rewrite:\n{kept}"
        );
    }
}

/// `bitext.toml`: read or refused with an error on a line of the input.
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Config::parse(text, Path::new("bitext.toml")) {
        Ok(_) => {}
        Err(Error::Config { line, message, .. }) => assert_located(text, line, &message),
        Err(other) => panic!("a configuration error of the wrong kind: {other:?}"),
    }
}

/// A glossary, as TOML and as CSV: every term read has a source and a
/// target; errors point inside the input; the CSV terms written back with
/// quoting read as the same terms.
pub fn glossary(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for name in ["glossary.toml", "glossary.csv"] {
        match Glossary::parse(text, Path::new(name)) {
            Ok(glossary) => {
                for term in &glossary.terms {
                    assert!(!term.source.trim().is_empty() && !term.target.trim().is_empty());
                }
                if name.ends_with(".csv") {
                    let written = glossary_csv(&glossary);
                    let again = Glossary::parse(&written, Path::new(name))
                        .unwrap_or_else(|e| panic!("written CSV does not read: {e:?}\n{written}"));
                    assert_eq!(again.terms, glossary.terms, "CSV round trip:\n{written}");
                }
            }
            Err(Error::Config { line, message, .. }) => assert_located(text, line, &message),
            Err(other) => panic!("a glossary error of the wrong kind: {other:?}"),
        }
    }
}

fn glossary_csv(glossary: &Glossary) -> String {
    let quote = |field: &str| format!("\"{}\"", field.replace('"', "\"\""));
    let mut out = String::from("source,target,forbidden\n");
    for term in &glossary.terms {
        out.push_str(&format!(
            "{},{},{}\n",
            quote(&term.source),
            quote(&term.target),
            quote(&term.forbidden.join("|"))
        ));
    }
    out
}

/// An archive export: a document made is well formed (unique paragraph
/// ids, NFC texts, a canonical form that reads back); a refusal names a
/// line of the input.
pub fn archive(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let text = normalize_text(text);
    match parse_archive(&text, Path::new("export.txt"), None) {
        Ok(imported) => assert_well_formed(&imported.document),
        Err(Error::Import { line, message, .. }) => assert_located(&text, line, &message),
        Err(Error::InvalidId(_)) => {}
        Err(other) => panic!("an import error of the wrong kind: {other:?}"),
    }
}

/// Plain text, both sides (split at the first NUL byte): decoding never
/// invents text; finding paragraphs, joining page breaks and pairing the
/// sides by the aligner keep every word in order and every join inside
/// its text.
pub fn text(data: &[u8]) {
    let (source, target) = halves(data);
    let side = |bytes: &[u8]| -> Option<Vec<TextParagraph>> {
        let text = decode(bytes, None).ok()?;
        let text = normalize_text(&text);
        assert_eq!(
            normalize_text(&text),
            text,
            "normalising twice changes the text"
        );
        let paragraphs = split_paragraphs(&text, 1);
        let lines = text.split('\n').count();
        let mut previous = 0;
        for paragraph in &paragraphs {
            assert!(!paragraph.text.trim().is_empty(), "an empty paragraph");
            assert!(paragraph.line > previous && paragraph.line <= lines);
            previous = paragraph.line;
        }
        assert_eq!(
            words(paragraphs.iter().map(|p| p.text.as_str())),
            words([text.as_ref()]),
            "finding paragraphs changed the words"
        );
        let joined = join_page_breaks(paragraphs.clone());
        assert_eq!(
            words(joined.iter().map(|p| p.text.as_str())),
            words(paragraphs.iter().map(|p| p.text.as_str())),
            "joining page breaks changed the words"
        );
        for paragraph in &joined {
            assert_joins_inside(&paragraph.text, paragraph.joins.iter().copied());
        }
        Some(joined)
    };
    let (Some(source), Some(target)) = (side(source), side(target)) else {
        return;
    };
    let source_words = owned_words(&source);
    let target_words = owned_words(&target);
    let paragraphs = pair_by_alignment(source, target);
    assert_eq!(
        words(paragraphs.iter().filter_map(|p| p.source.as_deref())),
        source_words,
        "pairing changed the original's words"
    );
    assert_eq!(
        words(paragraphs.iter().filter_map(|p| p.target.as_deref())),
        target_words,
        "pairing changed the translation's words"
    );
    for paragraph in &paragraphs {
        for join in &paragraph.joins {
            let text = paragraph.text(join.side).unwrap_or("");
            assert_joins_inside(text, [join.at]);
        }
        if let Some(confidence) = paragraph.confidence {
            assert!((0.0..=1.0).contains(&confidence), "confidence {confidence}");
        }
    }
}

/// HTML: each paragraph found is text — not empty, no blank first or last
/// line, no line ending in white space (a `pre` block keeps its
/// indentation), NFC once normalised as every importer does — and text
/// with no markup keeps its words.
pub fn html(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let text = normalize_text(text);
    let paragraphs = html_paragraphs(&text);
    for paragraph in &paragraphs {
        assert!(!paragraph.is_empty(), "an empty paragraph");
        assert!(!paragraph.trim().is_empty(), "a blank paragraph");
        assert!(
            !paragraph.starts_with('\n') && !paragraph.ends_with('\n'),
            "a blank line: {paragraph:?}"
        );
        for line in paragraph.lines() {
            assert_eq!(
                line.trim_end(),
                line,
                "white space at a line end: {paragraph:?}"
            );
        }
        assert!(is_nfc(paragraph), "a paragraph is not NFC: {paragraph:?}");
    }
    if !text.contains(['<', '&']) {
        assert_eq!(
            words(paragraphs.iter().map(String::as_str)),
            words([text.as_ref()]),
            "plain text lost words"
        );
    }
}

/// A PO catalogue: a document made is well formed, with a paragraph for
/// each entry; a refusal names a line of the input.
pub fn po(data: &[u8]) {
    let import = PoImport {
        id: "fuzz",
        path: Path::new("fuzz.po"),
        source_language: None,
        title: None,
    };
    match import_po_bytes(&import, data, &InputOptions::default()) {
        Ok(imported) => {
            assert_well_formed(&imported.document);
            // Read in the charset it declares, as the import read it.
            let charset = declared_charset(data, Path::new("fuzz.po"))
                .expect("an imported catalogue's charset is known");
            let text = decode(data, charset).expect("an imported catalogue decodes");
            let catalogue = bitext::import::parse_po(&text).expect("an imported catalogue parses");
            assert_eq!(imported.document.paragraphs.len(), catalogue.entries.len());
        }
        Err(Error::Import { line, message, .. }) => {
            let text = String::from_utf8_lossy(data);
            assert_located(&text, line, &message);
        }
        Err(Error::Decode { .. } | Error::UnknownEncoding { .. }) => {}
        Err(other) => panic!("an import error of the wrong kind: {other:?}"),
    }
}

/// The aligner, on paragraphs one per line on each side (split at the
/// first NUL byte): the beads cover both sides in order, each bead takes
/// at least one paragraph, and each confidence is in [0, 1].
pub fn align(data: &[u8]) {
    let (source, target) = halves(data);
    let lines = |bytes| -> Vec<String> {
        String::from_utf8_lossy(bytes)
            .split('\n')
            .map(str::to_owned)
            .collect()
    };
    let (source, target) = (lines(source), lines(target));
    let alignment = align_paragraphs(&source, &target, &AlignOptions::default());
    let (mut s, mut t) = (0, 0);
    for bead in &alignment.beads {
        assert_eq!(
            bead.source.start, s,
            "beads leave a gap: {:?}",
            alignment.beads
        );
        assert_eq!(
            bead.target.start, t,
            "beads leave a gap: {:?}",
            alignment.beads
        );
        assert!(
            !bead.source.is_empty() || !bead.target.is_empty(),
            "an empty bead"
        );
        assert!(
            (0.0..=1.0).contains(&bead.confidence),
            "confidence {}",
            bead.confidence
        );
        (s, t) = (bead.source.end, bead.target.end);
    }
    assert_eq!((s, t), (source.len(), target.len()), "beads stop short");
}

/// The word diff of two texts (split at the first NUL byte): its spans
/// rebuild both texts, and none is empty.
pub fn word_diff(data: &[u8]) {
    let (old, new) = halves(data);
    let (old, new) = (String::from_utf8_lossy(old), String::from_utf8_lossy(new));
    let spans = diff_text(&old, &new);
    assert_eq!(
        old_text(&spans),
        old,
        "the spans do not rebuild the old text"
    );
    assert_eq!(
        new_text(&spans),
        new,
        "the spans do not rebuild the new text"
    );
    assert!(spans.iter().all(|s| !s.text.is_empty()), "an empty span");
}

/// XLIFF (2 and 1.2, told apart by the file): see [`interchange`].
pub fn xliff(data: &[u8]) {
    interchange(data, Format::Xliff, &[Format::Xliff, Format::Xliff1]);
}

/// TMX: see [`interchange`].
pub fn tmx(data: &[u8]) {
    interchange(data, Format::Tmx, &[Format::Tmx]);
}

/// CSV, and the same bytes as TSV: see [`interchange`].
pub fn table(data: &[u8]) {
    interchange(data, Format::Csv, &[Format::Csv, Format::Tsv]);
    interchange(data, Format::Tsv, &[Format::Tsv]);
}

/// An interchange file: read, or refused with an error on a line of the
/// input; the units read have valid, distinct ids and normalised texts;
/// the document made of them is well formed, and written out again in
/// each of `formats` (where the format can carry its text) reads back as
/// the same document.
fn interchange(data: &[u8], format: Format, formats: &[Format]) {
    let path = Path::new("fuzz.file");
    let read = match bitext::interchange::read(data, path, format) {
        Ok(read) => read,
        Err(Error::Import { line, message, .. }) => {
            assert_located(&String::from_utf8_lossy(data), line, &message);
            return;
        }
        Err(Error::Decode { .. }) => return,
        Err(other) => panic!("an import error of the wrong kind: {other:?}"),
    };
    for unit in &read.units {
        for text in [&unit.source, &unit.target].into_iter().flatten() {
            assert_eq!(
                &*normalize_text(text),
                text,
                "a text read is not normalised"
            );
        }
    }
    let document = match bitext::interchange::new_document(&read, Some("fuzz"), path) {
        Ok(document) => document,
        // A language or id the file names that a document cannot have.
        Err(Error::InvalidId(_)) => return,
        // Units a document cannot hold (an id given twice), refused where
        // they stand.
        Err(Error::Import { line, message, .. }) => {
            assert_located(&String::from_utf8_lossy(data), line, &message);
            return;
        }
        Err(other) => panic!("the units read make no document: {other:?}"),
    };
    assert_well_formed(&document);
    for &again in formats {
        let exported = match export(&document, again, &ExportOptions::default()) {
            Ok(exported) => exported,
            Err(Error::Export { .. }) if again != Format::Xliff => continue,
            Err(other) => panic!("{again:?} cannot write a document read from a file: {other:?}"),
        };
        let back =
            bitext::interchange::read(exported.text.as_bytes(), path, again).unwrap_or_else(|e| {
                panic!("{again:?} written does not read: {e:?}\n{}", exported.text)
            });
        // Taken back into the document it was written from, it changes
        // nothing.
        let mut same = document.clone();
        let applied = bitext::interchange::apply(&mut same, &back, path)
            .unwrap_or_else(|e| panic!("{again:?} does not go back into its document: {e:?}"));
        assert!(
            applied.updated.is_empty() && applied.restated.is_empty() && same == document,
            "{again:?} taken back changed the document: {applied:?}\n{}",
            exported.text
        );
        let back = bitext::interchange::new_document(&back, Some("fuzz"), path)
            .unwrap_or_else(|e| panic!("{again:?} read back makes no document: {e:?}"));
        let pairs = |d: &Document| -> Vec<(String, Option<String>, Option<String>)> {
            d.paragraphs
                .iter()
                .filter(|p| again != Format::Tmx || (p.source.is_some() && p.target.is_some()))
                .map(|p| (p.id.to_string(), p.source.clone(), p.target.clone()))
                .collect()
        };
        assert_eq!(
            pairs(&back),
            pairs(&document),
            "{again:?} round trip:\n{}",
            exported.text
        );
        if again != Format::Tmx {
            let states =
                |d: &Document| -> Vec<_> { d.paragraphs.iter().map(|p| p.state()).collect() };
            assert_eq!(
                states(&back),
                states(&document),
                "{again:?} states:\n{}",
                exported.text
            );
        }
    }
}

/// The input split at its first NUL byte (all of it and nothing when it
/// has none).
fn halves(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[]),
    }
}

/// A well-formed document: unique paragraph ids, NFC texts, and a
/// canonical form that reads back as itself.
fn assert_well_formed(document: &Document) {
    let mut ids: Vec<&str> = document.paragraphs.iter().map(|p| p.id.as_str()).collect();
    ids.sort_unstable();
    let count = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), count, "paragraph ids repeat");
    for paragraph in &document.paragraphs {
        for text in [&paragraph.source, &paragraph.target].into_iter().flatten() {
            assert!(is_nfc(text), "a text is not NFC: {text:?}");
        }
    }
    assert_reads_back(document);
}

/// The canonical form reads back as the same document, by the fast
/// reader, and is a fixed point.
fn assert_reads_back(document: &Document) {
    let canonical = document.to_canonical_string();
    assert!(
        is_fast_readable(&canonical),
        "the fast reader refuses a canonical file:\n{canonical}"
    );
    let (again, _) = parse_document(&canonical)
        .unwrap_or_else(|e| panic!("a canonical file does not read: {e:?}\n{canonical}"));
    assert_eq!(&again, document, "the canonical form reads back otherwise");
    assert_eq!(again.to_canonical_string(), canonical, "not a fixed point");
}

/// An error's line, when it has one, is a line of the input (or the one
/// after its end), and it says something.
fn assert_located(text: &str, line: Option<usize>, message: &str) {
    assert!(!message.trim().is_empty(), "an error with no message");
    if let Some(line) = line {
        let lines = text.split('\n').count();
        assert!(
            (1..=lines + 1).contains(&line),
            "error line {line} outside 1..={lines}: {message}"
        );
    }
}

/// Each join offset (in characters) falls inside the text, after a space.
fn assert_joins_inside(text: &str, joins: impl IntoIterator<Item = usize>) {
    let chars: Vec<char> = text.chars().collect();
    for at in joins {
        assert!(
            at > 0 && at < chars.len() && chars[at - 1] == ' ',
            "join at {at} is not after a space inside {text:?}"
        );
    }
}

/// The words of some texts, in order, leaving out rules of `-` or `=`
/// (an underline under a heading is layout, not text).
fn words<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    texts
        .into_iter()
        .flat_map(str::split_whitespace)
        .filter(|w| {
            !(w.len() >= 3 && (w.bytes().all(|b| b == b'-') || w.bytes().all(|b| b == b'=')))
        })
        .collect()
}

fn owned_words(paragraphs: &[TextParagraph]) -> Vec<String> {
    words(paragraphs.iter().map(|p| p.text.as_str()))
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// The comments of a TOML text, as the TOML lexer finds them (the schema
/// line, which the writer writes anew, left out).
fn comments(text: &str) -> Vec<&str> {
    toml_parser::Source::new(text)
        .lex()
        .filter(|token| token.kind() == toml_parser::lexer::TokenKind::Comment)
        .map(|token| text[token.span().start()..token.span().end()].trim_end_matches('\r'))
        .filter(|comment| !comment.starts_with("#:schema"))
        .collect()
}

/// Three versions of a document, split at NUL bytes (base, ours, theirs),
/// merged by paragraph id: refused only for the documented reasons; the
/// result is well formed (unique ids, reads back by both readers); every
/// paragraph all three keep survives; a paragraph added on one side only
/// is in the result; both directions record as many conflicts; a version
/// merged with itself is itself.
pub fn merge(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parts: Vec<&str> = text.splitn(3, '\0').collect();
    let [base, ours, theirs] = parts[..] else {
        return;
    };
    let read = |t: &str| parse_document(t).ok().map(|(d, _)| normalized(&d));
    let (Some(base), Some(ours), Some(theirs)) = (read(base), read(ours), read(theirs)) else {
        return;
    };
    let (one, two) = match (
        merge_documents(&base, &ours, &theirs),
        merge_documents(&base, &theirs, &ours),
    ) {
        (Ok(one), Ok(two)) => (one, two),
        (Err(_), Err(_)) => return,
        (one, two) => panic!("one direction refuses: {one:?} / {two:?}"),
    };
    assert_eq!(one.conflict_count(), two.conflict_count());
    for merged in [&one.document, &two.document] {
        assert_well_formed(merged);
        for p in &base.paragraphs {
            if ours.paragraph(p.id.as_str()).is_some() && theirs.paragraph(p.id.as_str()).is_some()
            {
                assert!(merged.paragraph(p.id.as_str()).is_some(), "{} lost", p.id);
            }
        }
    }
    for (side, other) in [(&ours, &theirs), (&theirs, &ours)] {
        for p in &side.paragraphs {
            let new = base.paragraph(p.id.as_str()).is_none();
            if new && other.paragraph(p.id.as_str()).is_none() {
                assert!(
                    one.document.paragraphs.iter().any(|m| m == p),
                    "{} not kept",
                    p.id
                );
            }
        }
    }
    if count_conflicts(&ours) == 0 && !has_repeated_ids(&ours) {
        let same = merge_documents(&ours, &ours, &ours).expect("a sound version merges");
        assert_eq!(same.document, ours, "a version merged with itself changed");
    }
}

fn has_repeated_ids(document: &Document) -> bool {
    let mut ids: Vec<&str> = document.paragraphs.iter().map(|p| p.id.as_str()).collect();
    ids.sort_unstable();
    ids.windows(2).any(|w| w[0] == w[1])
}

/// A document as the writer would store it: what the merge driver reads.
fn normalized(document: &Document) -> Document {
    parse_document(&document.to_canonical_string())
        .map(|(d, _)| d)
        .unwrap_or_else(|_| document.clone())
}
