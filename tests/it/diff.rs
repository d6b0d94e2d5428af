//! `bitext diff --no-index`: word-level diffs between two versions of a
//! real document.

use serde_json::Value;

use bitext::diff::{new_text, old_text, Span};
use bitext::document::load_document;

use crate::support::{import_seed, Corpus};

fn spans(value: &Value) -> Vec<Span> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|s| Span {
            tag: match s["tag"].as_str().unwrap() {
                "equal" => bitext::diff::Tag::Equal,
                "delete" => bitext::diff::Tag::Delete,
                _ => bitext::diff::Tag::Insert,
            },
            text: s["text"].as_str().unwrap().to_owned(),
        })
        .collect()
}

#[test]
fn an_editor_s_changes_show_paragraph_by_paragraph_and_rebuild_both_texts() {
    let corpus = Corpus::new();
    assert_eq!(import_seed(&corpus).code, 0);
    let old = corpus.document("wcda-112106");
    // A translator's revision: a typo fixed, a sentence reworded, a
    // paragraph inserted before p2 (which must not make p2 and after look
    // changed), the signature removed.
    let new = old
        .replace("Comrade Peng Dehuai writes that he", "Comrade Peng Dehuai wrote that he")
        .replace("Why is this?", "Why?")
        .replace("[[paragraph]]\nid = \"p2\"", "[[paragraph]]\nid = \"p11\"\ntarget = \"[Handwritten note in the margin.]\"\n\n[[paragraph]]\nid = \"p2\"")
        .replace("\n[[paragraph]]\nid = \"p8\"\ntarget = \"FILIPPOV [Stalin]\"\n", "");
    corpus.write("old.toml", &old);
    corpus.write("new.toml", &new);
    let run = corpus.run(&[
        "diff",
        "--no-index",
        "old.toml",
        "new.toml",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "differences exit 1: {}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let doc = &report["documents"][0];
    assert_eq!(doc["status"], "modified");
    let changed: Vec<(&str, &str)> = doc["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        changed,
        [
            ("p11", "added"),
            ("p4", "modified"),
            ("p5", "modified"),
            ("p8", "removed")
        ]
    );

    // Concatenating equal+delete gives the old text, equal+insert the new.
    let old_doc = load_document(&corpus.path().join("old.toml"), u64::MAX)
        .unwrap()
        .document;
    let new_doc = load_document(&corpus.path().join("new.toml"), u64::MAX)
        .unwrap()
        .document;
    for paragraph in doc["paragraphs"].as_array().unwrap() {
        let id = paragraph["id"].as_str().unwrap();
        let target = spans(&paragraph["target"]);
        let old_target = old_doc
            .paragraph(id)
            .and_then(|p| p.target.clone())
            .unwrap_or_default();
        let new_target = new_doc
            .paragraph(id)
            .and_then(|p| p.target.clone())
            .unwrap_or_default();
        assert_eq!(old_text(&target), old_target, "{id}");
        assert_eq!(new_text(&target), new_target, "{id}");
    }

    let human = corpus.run(&["diff", "--no-index", "old.toml", "new.toml"]);
    assert!(
        human
            .stdout
            .contains("Comrade Peng Dehuai [-writes-]{+wrote+} that he"),
        "{}",
        human.stdout
    );
    assert!(
        human.stdout.contains("Why[- is this-]?"),
        "{}",
        human.stdout
    );
    let same = corpus.run(&["diff", "--no-index", "old.toml", "old.toml"]);
    assert_eq!((same.code, same.stdout.as_str()), (0, ""));
}

#[test]
fn side_by_side_puts_original_and_translation_in_columns_that_fit() {
    let corpus = Corpus::new();
    let de = crate::support::project_root().join("translations/debian-lenny-dedication-de.toml");
    let old = std::fs::read_to_string(de).unwrap();
    let new = old
        .replace(
            "will be missed. His contributions",
            "will be sorely missed. His contributions",
        )
        .replace("sehr vermisst werden", "schmerzlich vermisst werden");
    corpus.write("old.toml", &old);
    corpus.write("new.toml", &new);
    for width in [60, 100] {
        let run = corpus.run(&[
            "diff",
            "--no-index",
            "old.toml",
            "new.toml",
            "--side-by-side",
            "--width",
            &width.to_string(),
        ]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        let lines: Vec<&str> = run.stdout.lines().collect();
        for line in &lines {
            let columns = unicode_width::UnicodeWidthStr::width(*line);
            assert!(columns <= width, "{columns} > {width}: {line:?}");
        }
        // The row of p4: the original's change left of the bar, the
        // translation's right of it.
        let row: Vec<&str> = lines
            .iter()
            .skip_while(|l| !l.starts_with("p4 (modified)"))
            .take_while(|l| !l.is_empty())
            .copied()
            .collect();
        // Words wider than a column are broken; compare without spaces.
        let squeeze = |parts: Vec<&str>| -> String {
            parts
                .concat()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect()
        };
        let left = squeeze(row.iter().map(|l| l.split(" │ ").next().unwrap()).collect());
        let right = squeeze(row.iter().filter_map(|l| l.split(" │ ").nth(1)).collect());
        assert!(left.contains("{+sorely+}"), "{row:?}");
        assert!(right.contains("[-sehr-]{+schmerzlich+}"), "{row:?}");
        assert!(!left.contains("schmerzlich") && !right.contains("sorely"));
    }
}

#[test]
fn a_suppression_added_shows_as_a_changed_field_not_as_a_move() {
    let corpus = Corpus::new();
    assert_eq!(import_seed(&corpus).code, 0);
    let run = corpus.run(&["commit", "-m", "The telegram"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = corpus.run(&[
        "suppress",
        "wcda-112106",
        "p2",
        "number-mismatch",
        "--reason",
        "the date is written out in the original",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let run = corpus.run(&["diff", "--format", "json"]);
    assert_eq!(run.code, 1, "a difference exits 1: {}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let paragraphs = report["documents"][0]["paragraphs"].as_array().unwrap();
    assert_eq!(paragraphs.len(), 1, "{paragraphs:?}");
    let p2 = &paragraphs[0];
    assert_eq!(p2["id"], "p2");
    // Its texts are the same: the change is to the record's other values.
    assert_eq!(p2["status"], "values");
    let fields = p2["fields"].as_array().unwrap();
    assert_eq!(fields.len(), 1, "{fields:?}");
    assert_eq!(fields[0]["key"], "suppress");
    assert!(fields[0]["old"].is_null());
    let new = fields[0]["new"].as_str().unwrap();
    assert!(
        new.contains("number-mismatch") && new.contains("the date is written out"),
        "{new}"
    );

    let run = corpus.run(&["diff"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("p2 (values changed)"), "{}", run.stdout);
    assert!(!run.stdout.contains("(moved)"), "{}", run.stdout);
    assert!(run.stdout.contains("suppress: "), "{}", run.stdout);
}
