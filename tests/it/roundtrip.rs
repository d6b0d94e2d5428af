//! Canonical files: write → read → write gives the same bytes.

use std::collections::BTreeMap;

use proptest::prelude::*;

use bitext::diff::{diff_document_files, diff_documents};
use bitext::document::{
    is_fast_readable, parse_document, parse_document_with_toml, Citation, Join, JoinReason,
    Previous, KNOWN_KEYS,
};
use bitext::normalize_text;
use bitext::{Document, DocumentId, Paragraph, Side};

use crate::support::project_root;

#[test]
fn every_bundled_document_is_canonical_and_round_trips() {
    let corpus = bitext::Corpus::open(&project_root()).unwrap();
    let paths = corpus.document_paths().unwrap();
    assert!(
        paths.len() >= 3,
        "the bundled corpus has the seed and two more"
    );
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let (document, _) = parse_document(&text).unwrap();
        assert_eq!(
            document.to_canonical_string(),
            text,
            "{} is not canonical",
            path.display()
        );
    }
}

/// Text with the characters that break naive writers: quotes of every
/// kind, backslashes, line breaks, tabs, control characters, CJK, RTL,
/// combining marks, invisible characters.
fn tricky_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "\"",
        "\"\"",
        "\"\"\"",
        "'",
        "'''",
        "\\",
        "\\n",
        "\n",
        "\n\n",
        "\r\n",
        "\t",
        " ",
        "  \n",
        "\u{0}",
        "\u{1b}",
        "\u{7f}",
        "\u{feff}",
        "\u{200b}",
        "\u{a0}",
        "\u{ad}",
        "«",
        "»",
        "„",
        "“",
        "”",
        "‘",
        "’",
        "人人生而自由",
        "שלום",
        "مرحبا",
        "\u{301}",
        "е\u{308}",
        "й",
        "Comrade",
        "товарищ",
        "#",
        "=",
        "[[paragraph]]",
        "\n[[paragraph]]\nid = \"p1\"\n",
        "${x}",
        "%s",
        "🙂",
        "\u{202e}",
    ]);
    prop::collection::vec(
        prop_oneof![pieces.prop_map(str::to_owned), "\\PC{0,8}"],
        0..12,
    )
    .prop_map(|parts| parts.concat())
}

/// Pieces of TOML syntax and text that edits insert or substitute.
fn edit_piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "\"",
        "'",
        "\\",
        "\\u0041",
        "\\U0001F642",
        "\\e",
        "\\x41",
        "\\ud800",
        "\n",
        "\r\n",
        " ",
        "\t",
        "#",
        "=",
        " = ",
        "[",
        "]",
        "[[paragraph]]\n",
        "[citation]\n",
        "id = \"p9\"\n",
        "format = 2\n",
        "x = 1\n",
        "\"\"\"",
        "'''",
        "\u{0}",
        "\u{7f}",
        "й",
        "\u{feff}",
        "joins = []\n",
        "source = 'a'\n",
        "1",
        "-",
        "true",
        "0",
        "1979-05-27",
        "3.5",
        "{ a = 1 }",
        "[1, 2]",
    ])
}

fn document() -> impl Strategy<Value = Document> {
    let paragraph = (
        "[a-z][a-z0-9._-]{0,6}",
        prop::option::of(tricky_text()),
        prop::option::of(tricky_text()),
        prop::option::of(0usize..40),
        prop::option::of(0u32..=1000),
    )
        .prop_map(|(id, source, target, join, confidence)| {
            let mut paragraph = Paragraph::new(id, source, target);
            // Aligned and confirmed pairs carry a confidence and hashes.
            if let Some(c) = confidence {
                paragraph.confidence = Some(f64::from(c) / 1000.0);
                paragraph.confirm();
            }
            if let (Some(at), Some(text)) = (join, &paragraph.target) {
                paragraph.joins.push(Join {
                    side: Side::Target,
                    at: at.min(text.chars().count()),
                    reason: JoinReason::PageBreak,
                });
            }
            paragraph
        });
    // Catalogue entries carry more: a context, plural forms, flags,
    // comments, references and the previous source.
    let text = || prop::option::of(tricky_text());
    let list = || prop::collection::vec(tricky_text(), 0..3);
    let message = (
        (text(), text(), list(), list()),
        (text(), text(), list()),
        prop::option::of((text(), text(), text())),
    );
    let paragraph = (paragraph, prop::option::of(message)).prop_map(|(mut paragraph, message)| {
        if let Some(((context, plural, forms, flags), (comment, note, refs), previous)) = message {
            paragraph.context = context;
            paragraph.source_plural = plural;
            paragraph.target_plural = forms;
            paragraph.flags = flags;
            paragraph.comment = comment;
            paragraph.note = note;
            paragraph.references = refs;
            paragraph.previous = previous.map(|(context, source, source_plural)| Previous {
                context,
                source,
                source_plural,
            });
        }
        paragraph
    });
    let extra = prop::collection::btree_map(
        "[a-z][a-z_ ]{0,8}",
        prop_oneof![
            tricky_text().prop_map(toml::Value::String),
            any::<i64>().prop_map(toml::Value::Integer),
            any::<bool>().prop_map(toml::Value::Boolean),
            prop::collection::vec(tricky_text().prop_map(toml::Value::String), 0..3)
                .prop_map(toml::Value::Array),
        ],
        0..3,
    );
    (
        // What the pattern allows but an id may not be (a device name
        // Windows reserves, a name ending in .toml) is left out.
        "[A-Za-z0-9_-][A-Za-z0-9._-]{0,20}"
            .prop_filter("a valid id", |id| DocumentId::new(id).is_ok()),
        prop::option::of(tricky_text()),
        prop::option::of(tricky_text()),
        prop::option::of(tricky_text()),
        extra,
        prop::collection::vec(paragraph, 0..6),
    )
        .prop_map(|(id, title, summary, citation_text, extra, paragraphs)| {
            let mut document = Document::new(DocumentId::new(&id).unwrap());
            document.title = title;
            document.summary = summary;
            document.date = Some("1951-06".into());
            document.citation = citation_text.map(|text| Citation {
                text: Some(text),
                ..Citation::default()
            });
            document.extra = extra
                .into_iter()
                .filter(|(k, _)| !KNOWN_KEYS.contains(&k.as_str()))
                .collect::<BTreeMap<_, _>>();
            document.paragraphs = paragraphs;
            document
        })
}

proptest! {
    // PROPTEST_CASES raises the count for a longer search.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(512)
    ))]

    #[test]
    fn write_read_write_gives_identical_bytes(document in document()) {
        let first = document.to_canonical_string();
        let (read, map) = parse_document(&first).map_err(|e| TestCaseError::fail(format!("{e:?}\n{first}")))?;
        let second = read.to_canonical_string();
        prop_assert_eq!(&first, &second);
        prop_assert_eq!(map.paragraph_lines.len(), document.paragraphs.len());
        // What was read is the document with its text normalised.
        for (written, read) in document.paragraphs.iter().zip(&read.paragraphs) {
            let normalized = |t: &Option<String>| t.as_deref().map(|t| normalize_text(t).into_owned()).filter(|t| !t.is_empty());
            prop_assert_eq!(normalized(&written.source), read.source.clone());
            prop_assert_eq!(normalized(&written.target), read.target.clone());
        }
        prop_assert_eq!(read.extra.len(), document.extra.len());
    }

    #[test]
    fn canonical_files_take_the_fast_reader_and_it_agrees_with_toml(document in document()) {
        let text = document.to_canonical_string();
        prop_assert!(is_fast_readable(&text), "fast reader refused canonical text:\n{}", text);
        prop_assert_eq!(parse_document(&text), parse_document_with_toml(&text));
    }

    /// Edits that a hand, a merge or a broken tool make: whatever the fast
    /// reader accepts, it reads as the TOML parser does.
    #[test]
    fn fast_reader_agrees_with_toml_on_edited_files(
        document in document(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..3, edit_piece()), 1..4),
    ) {
        let mut text = document.to_canonical_string();
        for (index, op, piece) in edits {
            let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let at = boundaries[index.index(boundaries.len())];
            let next = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            match op {
                0 => text.insert_str(at, piece),
                1 => text.replace_range(at..next, ""),
                _ => text.replace_range(at..next, piece),
            }
        }
        prop_assert_eq!(parse_document(&text), parse_document_with_toml(&text), "text:\n{}", text);
    }

    /// Diffing two files by their changed paragraphs alone gives what
    /// diffing the two documents read whole gives: after edits of texts,
    /// a paragraph dropped, one added, two swapped, and after byte edits
    /// that may break the file.
    #[test]
    fn diff_of_changed_paragraphs_equals_diff_of_whole_documents(
        document in document(),
        changes in prop::collection::vec((any::<prop::sample::Index>(), 0usize..5, tricky_text()), 1..5),
        byte_edit in prop::option::of((any::<prop::sample::Index>(), edit_piece())),
    ) {
        let old = document.to_canonical_string();
        let mut edited = document.clone();
        for (index, op, text) in changes {
            if edited.paragraphs.is_empty() {
                edited.paragraphs.push(Paragraph::new("new", Some(text), None));
                continue;
            }
            let k = index.index(edited.paragraphs.len());
            match op {
                0 => edited.paragraphs[k].target = Some(text),
                1 => edited.paragraphs[k].source = Some(text),
                2 => { edited.paragraphs.remove(k); }
                3 => edited.paragraphs.insert(k, Paragraph::new(format!("n{k}"), None, Some(text))),
                _ => edited.paragraphs.swap(k, 0),
            }
        }
        let mut new = edited.to_canonical_string();
        if let Some((index, piece)) = byte_edit {
            let boundaries: Vec<usize> = new.char_indices().map(|(i, _)| i).collect();
            if !boundaries.is_empty() {
                new.insert_str(boundaries[index.index(boundaries.len())], piece);
            }
        }
        let read = |bytes: &[u8]| parse_document(std::str::from_utf8(bytes).unwrap()).map(|(d, _)| d);
        let whole = match (read(old.as_bytes()), read(new.as_bytes())) {
            (Ok(o), Ok(n)) => Ok(diff_documents(Some(&o), Some(&n))),
            (Err(e), _) | (_, Err(e)) => Err(e),
        };
        let by_paragraph = diff_document_files(old.as_bytes(), new.as_bytes(), read, read);
        match (whole, by_paragraph) {
            (Ok(w), Ok(p)) => prop_assert_eq!(w, p, "old:\n{}\nnew:\n{}", old, new),
            // An error inside an unchanged paragraph may go unreported;
            // any other error is the whole file's.
            (Err(_), _) => {}
            (Ok(_), Err(e)) => prop_assert!(false, "error only by paragraph: {:?}", e),
        }
    }

    #[test]
    fn parsing_arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let _ = parse_document(&text);
    }
}

/// A paragraph with every field the record declares set.
fn every_field_set() -> Paragraph {
    let mut p = Paragraph::new(
        "p1",
        Some("Все люди рождаются свободными\nи равными".into()),
        Some("All human beings are born free\nand equal".into()),
    );
    p.context = Some("preamble".into());
    p.source_plural = Some("Все люди рождаются".into());
    p.target_plural = vec!["forms one".into(), "forms two".into()];
    p.flags = vec!["fuzzy".into(), "python-format".into()];
    p.joins = vec![Join {
        side: Side::Target,
        at: 31,
        reason: JoinReason::PageBreak,
    }];
    p.confirm();
    p.confidence = Some(0.875);
    p.comment = Some("checked against the 1948 print".into());
    p.note = Some("article 1".into());
    p.references = vec!["udhr.txt:1".into()];
    p.previous = Some(Previous {
        context: Some("old context".into()),
        source: Some("Все люди рождаются свободными".into()),
        source_plural: None,
    });
    p.suppress = vec![bitext::document::Suppression {
        check: "length-ratio".into(),
        reason: "the translation is literal".into(),
        until: Some("2030-01-01".into()),
    }];
    p.renamed_from = Some("p11".into());
    p.conflict = vec![bitext::document::Conflict {
        field: "target".into(),
        base: Some("All human beings are born free".into()),
        ours: Some("All human beings are born free\nand equal".into()),
        theirs: Some("All are born \"free\"\nand equal".into()),
    }];
    p
}

/// Changes one field of a paragraph; every declared field must have one
/// here, so a new field cannot go untested.
fn change_field(p: &mut Paragraph, key: &str) {
    match key {
        "context" => p.context = Some("article".into()),
        "source" => p.source = Some("Все люди рождаются свободными".into()),
        "target" => p.target = Some("All people are born free".into()),
        "source_plural" => p.source_plural = None,
        "target_plural" => p.target_plural[1] = "forms three".into(),
        "flags" => p.flags.retain(|f| f != "fuzzy"),
        "joins" => p.joins[0].at = 30,
        "confirmed" => p.confirmed = None,
        "confidence" => p.confidence = Some(0.5),
        "comment" => p.comment = Some("checked again".into()),
        "note" => p.note = None,
        "references" => p.references.push("udhr.txt:2".into()),
        "previous" => p.previous.as_mut().unwrap().source_plural = Some("Люди".into()),
        "suppress" => p.suppress[0].reason = "literal, as the archive asks".into(),
        "renamed_from" => p.renamed_from = None,
        "conflict" => p.conflict[0].theirs = None,
        other => panic!("no change for the paragraph field {other:?}: add one here"),
    }
}

/// Writes, reads back with both readers, and checks all three agree.
fn round_trip(document: &Document) {
    let text = document.to_canonical_string();
    assert!(is_fast_readable(&text), "{text}");
    let (fast, _) = parse_document(&text).unwrap();
    let (full, _) = parse_document_with_toml(&text).unwrap();
    assert_eq!(&fast, document, "{text}");
    assert_eq!(&full, document, "{text}");
    assert_eq!(fast.to_canonical_string(), text);
}

#[test]
fn a_change_to_any_paragraph_field_is_diffed_and_survives_both_readers() {
    let mut old = Document::new(DocumentId::new("udhr").unwrap());
    old.paragraphs.push(every_field_set());
    old.paragraphs
        .push(Paragraph::new("p2", None, Some("Article 2".into())));
    round_trip(&old);
    let written = old.to_canonical_string();
    for key in bitext::document::PARAGRAPH_KEYS {
        assert!(
            written.contains(&format!("\n{key} = ")),
            "the sample sets {key}"
        );
        let mut new = old.clone();
        change_field(&mut new.paragraphs[0], key);
        assert_ne!(new, old, "{key}");
        round_trip(&new);
        let diff = diff_documents(Some(&old), Some(&new)).expect("a change");
        assert_eq!(diff.paragraphs.len(), 1, "{key}: {diff:?}");
        let changed = &diff.paragraphs[0];
        assert_eq!(changed.id, "p1");
        // A change of a text (or its plural forms) is a modification;
        // of any other value, a change of the record's values.
        let text = matches!(
            *key,
            "source" | "target" | "source_plural" | "target_plural"
        );
        let status = if text { "modified" } else { "values" };
        assert_eq!(changed.status.as_str(), status, "{key}: {changed:?}");
        let text_changed =
            |spans: &[bitext::diff::Span]| spans.iter().any(|s| s.tag != bitext::diff::Tag::Equal);
        match *key {
            "source" => assert!(text_changed(&changed.source), "{changed:?}"),
            "target" => assert!(text_changed(&changed.target), "{changed:?}"),
            _ => assert!(
                changed.fields.iter().any(|f| f.key == *key
                    || f.key.starts_with(&format!("{key}."))
                    || f.key.starts_with(&format!("{key}["))),
                "{key}: {:?}",
                changed.fields
            ),
        }
        // The file's bytes diff the same as the documents do.
        let files = diff_document_files(
            written.as_bytes(),
            new.to_canonical_string().as_bytes(),
            |b| Ok::<_, ()>(parse_document(std::str::from_utf8(b).unwrap()).unwrap().0),
            |b| Ok::<_, ()>(parse_document(std::str::from_utf8(b).unwrap()).unwrap().0),
        )
        .unwrap();
        assert_eq!(files.as_ref(), Some(&diff), "{key}");
    }
}
