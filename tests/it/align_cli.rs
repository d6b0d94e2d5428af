//! `bitext align`, aligned imports and `align --into`, on real text.

use serde_json::Value;

use bitext::align::{align_paragraphs, AlignOptions};
use bitext::{join_page_breaks, split_paragraphs};

use crate::support::{finding_codes, fixture, Corpus};

#[test]
fn the_seed_page_break_is_found_as_a_two_to_one_bead() {
    let text = std::fs::read_to_string(fixture("wcda-112106.txt")).unwrap();
    let unjoined = split_paragraphs(&text, 1);
    let joined = join_page_breaks(unjoined.clone());
    assert_eq!(joined.len() + 1, unjoined.len());
    let source: Vec<&str> = unjoined.iter().map(|p| p.text.as_str()).collect();
    let target: Vec<&str> = joined.iter().map(|p| p.text.as_str()).collect();
    let alignment = align_paragraphs(&source, &target, &AlignOptions::default());
    let split = source
        .iter()
        .position(|p| p.ends_with("Chinese-Koreans as well"))
        .unwrap();
    let merged = target
        .iter()
        .position(|p| p.contains("Chinese-Koreans as well as among"))
        .unwrap();
    for bead in &alignment.beads {
        if bead.source.contains(&split) {
            assert_eq!(
                (bead.source.clone(), bead.target.clone()),
                (split..split + 2, merged..merged + 1)
            );
            assert!(bead.cost.page_break < 0.0);
        } else {
            assert_eq!((bead.source.len(), bead.target.len()), (1, 1), "{bead:?}");
        }
    }
    // The other way round it is a 1-2 bead.
    let reverse = align_paragraphs(&target, &source, &AlignOptions::default());
    assert!(reverse
        .beads
        .iter()
        .any(|b| b.source == (merged..merged + 1) && b.target == (split..split + 2)));
}

fn json(corpus: &Corpus, args: &[&str]) -> Value {
    let run = corpus.run(args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

/// Every paragraph of both sides exactly once, in order.
fn assert_covers(report: &Value) {
    let (mut s, mut t) = (0, 0);
    for bead in report["beads"].as_array().unwrap() {
        for i in bead["source"].as_array().unwrap() {
            assert_eq!(i.as_u64().unwrap(), s);
            s += 1;
        }
        for j in bead["target"].as_array().unwrap() {
            assert_eq!(j.as_u64().unwrap(), t);
            t += 1;
        }
        let confidence = bead["confidence"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&confidence));
    }
    assert_eq!(report["source_paragraphs"].as_u64().unwrap(), s);
    assert_eq!(report["target_paragraphs"].as_u64().unwrap(), t);
}

#[test]
fn align_json_covers_both_sides_and_explains_costs() {
    let corpus = Corpus::new();
    let en = fixture("align/maint-guide/modify.en.html");
    let ru = fixture("align/maint-guide/modify.ru.html");
    let report = json(
        &corpus,
        &[
            "align",
            en.to_str().unwrap(),
            ru.to_str().unwrap(),
            "--input",
            "html",
            "--format",
            "json",
            "--explain",
        ],
    );
    assert_covers(&report);
    let beads = report["beads"].as_array().unwrap();
    assert_eq!(beads.len(), 77);
    assert!(
        beads.iter().all(|b| b["source"] == b["target"]),
        "one to one"
    );
    let cost = &beads[0]["cost"];
    for term in [
        "prior",
        "length",
        "anchors",
        "names",
        "lexical",
        "structure",
        "page_break",
        "total",
    ] {
        assert!(cost[term].is_f64(), "{term}");
    }
    // A chapter of 77 pairs is long enough to learn from: the structure
    // and name terms are at work; the question-mark term they replaced is
    // gone.
    let term = |name: &str| -> Vec<f64> {
        beads
            .iter()
            .map(|b| b["cost"][name].as_f64().unwrap())
            .collect()
    };
    assert!(term("structure").iter().any(|&c| c != 0.0));
    assert!(term("names").iter().any(|&c| c != 0.0));
    assert!(beads.iter().all(|b| b["cost"].get("punctuation").is_none()));
}

#[test]
fn align_human_marks_low_confidence_pairs() {
    let corpus = Corpus::new();
    // A page's links after the text, "next" and "previous" in English,
    // only "zurück" in German: which English link it translates, length
    // alone cannot tell, and the pairing must say so.
    let read = |name: &str| std::fs::read_to_string(fixture(name)).unwrap();
    let en = corpus.write(
        "en.txt",
        read("dedication-5.0.en.txt") + "\nnext\n\nprevious\n",
    );
    let de = corpus.write("de.txt", read("dedication-5.0.de.txt") + "\nzurück\n");
    let run = corpus.run(&[
        "align",
        en.to_str().unwrap(),
        de.to_str().unwrap(),
        "--width",
        "80",
        "--explain",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("(low: check this pair)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("cost "), "{}", run.stdout);
    assert!(run.stdout.contains(" + structure "), "{}", run.stdout);
    assert!(
        run.stdout.starts_with("s1 ↔ t1  1-1  confidence"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains('\x1b'));
}

#[test]
fn html_import_aligns_and_keeps_confidence() {
    let corpus = Corpus::new();
    let en = fixture("align/maint-guide/update.en.html");
    let ru = fixture("align/maint-guide/update.ru.html");
    let run = corpus.import_pair("html", "update", Some((&en, "en")), Some((&ru, "ru")), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = json(&corpus, &["show", "update", "--format", "json"]);
    let paragraphs = doc["paragraph"].as_array().unwrap();
    assert_eq!(paragraphs.len(), 92);
    assert!(paragraphs
        .iter()
        .all(|p| p["source"].is_string() && p["target"].is_string()));
    assert!(paragraphs
        .iter()
        .all(|p| p["confidence"].as_f64().is_some_and(|c| c > 0.0)));
    assert_eq!(paragraphs[0]["source"], "Chapter 8. Updating the package");
    // The records are sound; what the checks find is in the real
    // translation (a URL whose placeholder was translated).
    let run = corpus.run(&["check", "update", "--format", "json"]);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let codes = finding_codes(&report);
    assert!(
        codes
            .iter()
            .all(|c| !matches!(*c, "schema" | "duplicate-id" | "empty-paragraph")),
        "{codes:?}"
    );
}

#[test]
fn text_import_joins_a_page_break_split_with_the_join_on_record() {
    let corpus = Corpus::new();
    let en = fixture("dedication-5.0.en.txt");
    // The German with its third paragraph cut by a page break.
    let de = std::fs::read_to_string(fixture("dedication-5.0.de.txt")).unwrap();
    let de = corpus.write(
        "de.txt",
        de.replacen(
            "mehrere Pakete\nzuständig",
            "mehrere Pakete\n\nzuständig",
            1,
        ),
    );
    let run = corpus.import_pair("text", "lenny", Some((&en, "en")), Some((&de, "de")), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = json(&corpus, &["show", "lenny", "--format", "json"]);
    let paragraphs = doc["paragraph"].as_array().unwrap();
    assert_eq!(paragraphs.len(), 6);
    let third = &paragraphs[2];
    assert!(
        third["target"]
            .as_str()
            .unwrap()
            .contains("mehrere Pakete zuständig und"),
        "{third}"
    );
    assert_eq!(third["joins"][0]["side"], "target");
    assert_eq!(third["joins"][0]["reason"], "page-break");
}

#[test]
fn align_into_fills_the_original_and_keeps_ids() {
    let corpus = Corpus::new();
    let de = fixture("dedication-5.0.de.txt");
    let run = corpus.import_pair("text", "lenny", None, Some((&de, "de")), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The original with one paragraph more at the end.
    let en = std::fs::read_to_string(fixture("dedication-5.0.en.txt")).unwrap();
    let en = corpus.write("en.txt", en + "\nA postscript that the translation does not have, long enough to stand alone as a paragraph of its own.\n");
    let run = corpus.run(&[
        "align",
        "--into",
        "lenny",
        en.to_str().unwrap(),
        "--source-language",
        "en",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("6 filled, 1 added"), "{}", run.stderr);
    let doc = json(&corpus, &["show", "lenny", "--format", "json"]);
    let paragraphs = doc["paragraph"].as_array().unwrap();
    let ids: Vec<&str> = paragraphs
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["p1", "p2", "p3", "p4", "p5", "p6", "p7"]);
    assert_eq!(paragraphs[0]["source"], "Lenny dedicated to Thiemo Seufer");
    assert_eq!(paragraphs[0]["target"], "Lenny ist Thiemo Seufer gewidmet");
    assert!(paragraphs[6]["target"].is_null());
    assert_eq!(doc["source_language"], "en");

    // A second fill is refused without --force, and changes nothing.
    let before = corpus.snapshot();
    let again = corpus.run(&["align", "--into", "lenny", en.to_str().unwrap()]);
    assert_eq!(again.code, 2);
    assert!(
        again.stderr.contains("already have a source text"),
        "{}",
        again.stderr
    );
    assert_eq!(corpus.snapshot(), before);
}

#[test]
fn bad_input_gives_a_result_or_a_clear_error() {
    let corpus = Corpus::new();
    let empty = corpus.write("empty.txt", "");
    let blank = corpus.write("blank.txt", "\n\n  \n");
    let one = corpus.write("one.txt", "Один абзац.\n\nИ второй.\n");
    let (empty, blank, one) = (
        empty.to_str().unwrap(),
        blank.to_str().unwrap(),
        one.to_str().unwrap(),
    );
    let none = json(&corpus, &["align", empty, blank, "--format", "json"]);
    assert_eq!(none["beads"], Value::Array(vec![]));
    let one_side = json(&corpus, &["align", one, empty, "--format", "json"]);
    assert_covers(&one_side);
    assert_eq!(one_side["beads"].as_array().unwrap().len(), 2);

    let binary = corpus.write(
        "binary.bin",
        [0x7fu8, b'E', b'L', b'F', 0xff, 0xfe, 0x00, 0x01],
    );
    let run = corpus.run(&["align", binary.to_str().unwrap(), one]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("binary.bin") && run.stderr.contains("byte 4"),
        "{}",
        run.stderr
    );

    // Ten megabytes in one paragraph: aligned, not hung.
    let big = "слово ".repeat(10 * 1024 * 1024 / 11);
    let big = corpus.write("big.txt", &big);
    let report = json(
        &corpus,
        &["align", big.to_str().unwrap(), one, "--format", "json"],
    );
    assert_covers(&report);
}
