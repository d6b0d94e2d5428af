//! Corpus tools through the CLI: grep, stats, unjoin.

use serde_json::Value;

use crate::support::{import_seed, project_root, run_in, Corpus};

#[test]
fn grep_finds_paragraphs_by_pattern_with_their_addresses() {
    let root = project_root();
    let run = run_in(
        &root,
        &["grep", "--target", "Peng Dehuai", "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let found: Value = serde_json::from_str(&run.stdout).unwrap();
    let addresses: Vec<String> = found["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            format!(
                "{}#{}",
                m["document"].as_str().unwrap(),
                m["paragraph"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        addresses,
        [
            "wcda-112106#p2",
            "wcda-112106#p4",
            "wcda-112106#p6",
            "wcda-112106#p7"
        ]
    );
    // Case-insensitive Cyrillic, on one side, in one document.
    let run = run_in(
        &root,
        &["grep", "--target", "(?i)ГЕНЕРАЛЬНАЯ АССАМБЛЕЯ", "udhr-ru"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.lines().all(|l| l.starts_with("udhr-ru#p")),
        "{}",
        run.stdout
    );
    // A line pasted back into show names the paragraph.
    let first = run.stdout.split_whitespace().next().unwrap().to_owned();
    assert_eq!(run_in(&root, &["show", &first]).code, 0);
    // No match: exit 1, as grep; a bad pattern: exit 2.
    assert_eq!(run_in(&root, &["grep", "no such words anywhere"]).code, 1);
    let bad = run_in(&root, &["grep", "("]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("not a regular expression"),
        "{}",
        bad.stderr
    );
}

#[test]
fn stats_count_each_document_and_the_total() {
    let root = project_root();
    let run = run_in(&root, &["stats", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let stats: Value = serde_json::from_str(&run.stdout).unwrap();
    let documents = stats["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 6);
    let sum = |key: &str| {
        documents
            .iter()
            .map(|d| d[key].as_u64().unwrap())
            .sum::<u64>()
    };
    for key in [
        "paragraphs",
        "source_words",
        "target_words",
        "translated",
        "stale",
        "fuzzy",
    ] {
        assert_eq!(stats["total"][key].as_u64().unwrap(), sum(key), "{key}");
    }
    assert_eq!(stats["total"]["paragraphs"], 227);
    let telegram = documents
        .iter()
        .find(|d| d["document"] == "wcda-112106")
        .unwrap();
    assert_eq!(telegram["source_words"], 0);
    assert_eq!(telegram["paragraphs"], 10);
    // The human table has a row per document and the total.
    let table = run_in(&root, &["stats"]).stdout;
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("total (6 documents)") && l.contains(" 227 ")),
        "{table}"
    );
}

#[test]
fn unjoin_splits_a_page_break_join_back_and_renames_no_other_paragraph() {
    let corpus = Corpus::new();
    assert_eq!(import_seed(&corpus).code, 0);
    assert_eq!(corpus.run(&["commit", "-m", "the telegram"]).code, 0);
    let before = bitext::document::parse_document(&corpus.document("wcda-112106"))
        .unwrap()
        .0;
    let joined = before.paragraph("p7").unwrap().target.clone().unwrap();
    let run = corpus.run(&["unjoin", "wcda-112106#p7", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let done: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(done["new"], "p7.2");
    let after = bitext::document::parse_document(&corpus.document("wcda-112106"))
        .unwrap()
        .0;
    let ids: Vec<&str> = after.paragraphs.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        ["p1", "p2", "p3", "p4", "p5", "p6", "p7", "p7.2", "p8", "p9", "p10"]
    );
    let first = after.paragraph("p7").unwrap().target.clone().unwrap();
    let second = after.paragraph("p7.2").unwrap().target.clone().unwrap();
    assert_eq!(format!("{first} {second}"), joined);
    assert!(after.paragraph("p7").unwrap().joins.is_empty());
    assert_eq!(corpus.run(&["fmt", "--check"]).code, 0);
    // The diff: p7 changed, p7.2 added, nothing else.
    let diff: Value =
        serde_json::from_str(&corpus.run(&["diff", "--format", "json"]).stdout).unwrap();
    let changed: Vec<(String, String)> = diff["documents"][0]["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap().to_owned(),
                p["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(changed.len(), 2, "{changed:?}");
    // Nothing left to undo: exit 2, the file unchanged.
    let snapshot = corpus.snapshot();
    let again = corpus.run(&["unjoin", "wcda-112106#p7"]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("records no join"), "{}", again.stderr);
    assert_eq!(corpus.snapshot(), snapshot);
}
