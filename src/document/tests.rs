//! Unit tests of the document format.

use super::*;

fn sample() -> Document {
    let mut doc = Document::new(DocumentId::new("wcda-112106").unwrap());
    doc.title = Some("Telegram from (Stalin) to Mao Zedong, via Krasovsky".into());
    doc.date = Some("1951-06-05".into());
    doc.source_language = Some("ru".into());
    doc.target_language = Some("en".into());
    doc.citation = Some(Citation {
        text: Some("\"Telegram,\" June 05, 1951".into()),
        archive: Some("APRF".into()),
        reference: Some("Fond 45, Opis 1, Delo 339, Listy 17-18".into()),
        url: None,
    });
    doc.extra.insert(
        "contents".into(),
        toml::Value::Array(vec!["English Translation".into()]),
    );
    doc.paragraphs.push(Paragraph::new(
        "p1",
        None,
        Some("CIPHERED TELEGRAM No. 3410\nBEIJING".into()),
    ));
    doc.paragraphs.push(Paragraph::new(
        "p2",
        Some("«Серьёзные правые настроения»".into()),
        Some("\"serious rightist moods\" have appeared".into()),
    ));
    doc
}

#[test]
fn canonical_round_trip() {
    let doc = sample();
    let text = doc.to_canonical_string();
    let (read, map) = parse_document(&text).unwrap();
    assert_eq!(read, doc);
    assert_eq!(read.to_canonical_string(), text);
    assert_eq!(map.paragraph_lines.len(), 2);
    assert!(text.contains("target = '\"serious rightist moods\" have appeared'"));
    assert!(text.contains("target = \"\"\"\nCIPHERED TELEGRAM No. 3410\nBEIJING\"\"\""));
}

#[test]
fn paragraph_lines_point_at_ids() {
    let text = sample().to_canonical_string();
    let (_, map) = parse_document(&text).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    for line in map.paragraph_lines {
        assert!(
            lines[line - 1].starts_with("id = \"p"),
            "{}",
            lines[line - 1]
        );
    }
}

#[test]
fn ids_that_are_paths_are_refused() {
    for bad in [
        "",
        "../x",
        "a/b",
        ".hidden",
        "a\\b",
        "a b",
        &"x".repeat(129),
    ] {
        assert!(DocumentId::new(bad).is_err(), "{bad:?}");
    }
    assert!(DocumentId::new(&"x".repeat(128)).is_ok());
    assert!(DocumentId::new("wcda-112106.v2_a").is_ok());
}

#[test]
fn unknown_format_is_named() {
    let err = parse_document("format = 2\nid = \"x\"\nnew_thing = [[1]]\n[[paragraph]]\nid = 3\n")
        .unwrap_err();
    assert_eq!(err.kind, ParseErrorKind::UnsupportedFormat);
    assert_eq!(err.line, Some(1));
}

#[test]
fn syntax_errors_are_located() {
    let err =
        parse_document("format = 1\nid = \"x\"\n\n[[paragraph]]\nid = \"p1\"\ntarget = \"open\n")
            .unwrap_err();
    assert_eq!(err.kind, ParseErrorKind::Syntax);
    assert_eq!(err.line, Some(6));
    let err =
        parse_document("format = 1\nid = \"x\"\n[[paragraph]]\nid = \"p1\"\ntraget = \"typo\"\n")
            .unwrap_err();
    assert_eq!(err.line, Some(5), "{err:?}");
    assert!(err.message.contains("traget"), "{}", err.message);
}

#[test]
fn join_offsets_follow_normalisation() {
    let mut doc = Document::new(DocumentId::new("x").unwrap());
    // "е" + combining diaeresis composes to "ё": one character fewer.
    let mut p = Paragraph::new("p1", None, Some("е\u{308}ж as well as".into()));
    p.joins.push(Join {
        side: Side::Target,
        at: 12,
        reason: JoinReason::PageBreak,
    });
    doc.paragraphs.push(p);
    let (read, _) = parse_document(&doc.to_canonical_string()).unwrap();
    let joined = &read.paragraphs[0];
    let (first, second) = joined.joins[0]
        .split(joined.target.as_deref().unwrap())
        .unwrap();
    assert_eq!((first, second), ("ёж as well", "as"));
}

#[test]
fn a_document_normalized_is_the_document_both_readers_read_back() {
    let mut doc = Document::new(DocumentId::new("po").unwrap());
    doc.extra.insert(
        "po_header".into(),
        toml::Value::String("Report-Msgid-Bugs-To: \nLanguage: ru\n".into()),
    );
    doc.paragraphs.push(Paragraph::new(
        "p1",
        Some("line one \nline two".into()),
        Some("e\u{301}tude \t\nдве".into()),
    ));
    let text = doc.to_canonical_string();
    let normalized = doc.normalized().unwrap();
    assert_ne!(normalized, doc, "spaces before a line break are not stored");
    assert_eq!(
        normalized.paragraphs[0].source.as_deref(),
        Some("line one\nline two")
    );
    assert_eq!(
        normalized.paragraphs[0].target.as_deref(),
        Some("\u{e9}tude\nдве")
    );
    assert_eq!(
        normalized.extra["po_header"].as_str(),
        Some("Report-Msgid-Bugs-To:\nLanguage: ru\n")
    );
    assert!(is_fast_readable(&text), "{text}");
    assert_eq!(parse_document(&text).unwrap().0, normalized);
    assert_eq!(parse_document_with_toml(&text).unwrap().0, normalized);
    assert_eq!(normalized.to_canonical_string(), text);
}
