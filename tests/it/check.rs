//! `bitext check`: findings, their JSON shape, exit codes.

use serde_json::Value;

use crate::support::{finding_codes, import_seed, project_root, run_in, Corpus};

fn corpus_with_seed() -> Corpus {
    let corpus = Corpus::new();
    assert_eq!(import_seed(&corpus).code, 0);
    corpus
}

fn check_json(corpus: &Corpus) -> (i32, Value) {
    let run = corpus.run(&["check", "--format", "json"]);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    (
        run.code,
        serde_json::from_str(&run.stdout).expect("JSON report"),
    )
}

/// The line of the first line of `text` that starts with `prefix`.
fn line_of(text: &str, prefix: &str) -> u64 {
    text.lines().position(|l| l.starts_with(prefix)).unwrap() as u64 + 1
}

#[test]
fn the_bundled_corpus_passes() {
    let run = run_in(&project_root(), &["check", "translations"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    // The telegram's original is not transcribed (a note); three real
    // findings are suppressed in the records, with their reasons.
    assert!(
        run.stdout
            .ends_with("0 errors, 0 warnings, 1 note (3 suppressed)\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_clean_document_gives_an_empty_report() {
    let (code, report) = check_json(&corpus_with_seed());
    assert_eq!(code, 0);
    // Only the note that the original is not transcribed.
    let codes = finding_codes(&report);
    assert_eq!(codes, ["missing-source"]);
    assert_eq!(report["findings"][0]["severity"], "note");
    assert_eq!(report["summary"]["documents"], 1);
    assert_eq!(report["summary"]["paragraphs"], 10);
    assert_eq!(report["summary"]["errors"], 0);
}

#[test]
fn duplicate_ids_and_empty_paragraphs_are_located() {
    let corpus = corpus_with_seed();
    let text = corpus
        .document("wcda-112106")
        .replace("id = \"p3\"", "id = \"p2\"")
        .replace("target = \"No. 297/sh\"\n", "");
    corpus.write("translations/wcda-112106.toml", &text);
    let (code, report) = check_json(&corpus);
    assert_eq!(code, 1);
    let findings = report["findings"].as_array().unwrap();
    let duplicate = findings
        .iter()
        .find(|f| f["code"] == "duplicate-id")
        .expect("duplicate-id");
    assert_eq!(duplicate["severity"], "error");
    assert_eq!(duplicate["document"], "wcda-112106");
    assert_eq!(duplicate["paragraph"], "p2");
    assert_eq!(duplicate["file"], "translations/wcda-112106.toml");
    // The second p2 is where p3 was.
    let second = text
        .lines()
        .enumerate()
        .filter(|(_, l)| *l == "id = \"p2\"")
        .nth(1)
        .unwrap()
        .0
        + 1;
    assert_eq!(duplicate["line"], second as u64);
    let empty = findings
        .iter()
        .find(|f| f["code"] == "empty-paragraph")
        .expect("empty-paragraph");
    assert_eq!(empty["paragraph"], "p9");
    assert_eq!(empty["line"], line_of(&text, "id = \"p9\""));
    assert_eq!(report["summary"]["errors"], 2);
}

#[test]
fn bad_metadata_values_are_named() {
    let corpus = corpus_with_seed();
    let text = corpus
        .document("wcda-112106")
        .replace("date = \"1951-06-05\"", "date = \"05.06.1951\"")
        .replace(
            "source_language = \"ru\"",
            "source_language = \"Russian language\"",
        )
        .replace("url = \"http://", "url = \"");
    corpus.write("translations/wcda-112106.toml", &text);
    let (code, report) = check_json(&corpus);
    assert_eq!(code, 1);
    let metadata: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "metadata")
        .collect();
    assert_eq!(metadata.len(), 3, "{metadata:?}");
    assert!(metadata[0]["message"]
        .as_str()
        .unwrap()
        .contains("05.06.1951"));
    assert_eq!(metadata[0]["line"], line_of(&text, "date ="));
    assert_eq!(metadata[0]["paragraph"], Value::Null);
    assert!(metadata[1]["message"].as_str().unwrap().contains("BCP 47"));
    assert_eq!(metadata[2]["line"], line_of(&text, "url ="));
}

#[test]
fn text_that_is_not_nfc_is_found() {
    let corpus = Corpus::new();
    // "й" written as и + combining breve, as some keyboards and OCR do.
    corpus.write(
        "translations/nfc.toml",
        "format = 1\nid = \"nfc\"\nsource_language = \"ru\"\n\n[[paragraph]]\nid = \"p1\"\nsource = \"Краси\u{306}\"\ntarget = \"Krasny\"\n",
    );
    let (code, report) = check_json(&corpus);
    assert_eq!(code, 1);
    let finding = &report["findings"][0];
    assert_eq!(finding["code"], "not-nfc");
    assert_eq!(finding["paragraph"], "p1");
    assert_eq!(finding["line"], 6);
    assert!(
        finding["message"]
            .as_str()
            .unwrap()
            .contains("source text is not NFC from character 5 (U+0438 U+0306"),
        "{finding}"
    );
    // fmt repairs it, and then the check passes.
    assert_eq!(corpus.run(&["fmt"]).code, 0);
    assert!(corpus.document("nfc").contains("Красй"));
    assert_eq!(check_json(&corpus).0, 0);
}

#[test]
fn a_file_that_does_not_parse_is_a_schema_finding_and_the_rest_is_checked() {
    let corpus = corpus_with_seed();
    corpus.write(
        "translations/broken.toml",
        "format = 1\nid = \"broken\"\n[[paragraph]]\nid = \n",
    );
    let (code, report) = check_json(&corpus);
    assert_eq!(code, 1);
    assert_eq!(report["summary"]["documents"], 2);
    let finding = &report["findings"][0];
    assert_eq!(finding["code"], "schema");
    assert_eq!(finding["document"], "broken");
    assert_eq!(finding["file"], "translations/broken.toml");
    assert_eq!(finding["line"], 4);
}

#[test]
fn an_id_that_does_not_match_its_file_name_is_found() {
    let corpus = corpus_with_seed();
    let text = corpus.document("wcda-112106");
    corpus.write("translations/renamed.toml", &text);
    let (code, report) = check_json(&corpus);
    assert_eq!(code, 1);
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "schema")
        .unwrap();
    assert_eq!(finding["file"], "translations/renamed.toml");
    assert!(finding["message"]
        .as_str()
        .unwrap()
        .contains("does not match the file name"));
}

#[test]
fn human_output_reads_like_a_compiler() {
    let corpus = corpus_with_seed();
    let text = corpus
        .document("wcda-112106")
        .replace("id = \"p3\"", "id = \"p2\"");
    corpus.write("translations/wcda-112106.toml", &text);
    let run = corpus.run(&["check"]);
    assert_eq!(run.code, 1);
    let line = text
        .lines()
        .enumerate()
        .filter(|(_, l)| *l == "id = \"p2\"")
        .nth(1)
        .unwrap()
        .0
        + 1;
    let expected = format!(
        "error[duplicate-id]: paragraph id \"p2\" is used again (first at line {})\n  --> translations/wcda-112106.toml:{line} (wcda-112106#p2)\n   | target: ",
        line_of(&text, "id = \"p2\"")
    );
    assert!(run.stdout.contains(&expected), "{}", run.stdout);
    assert!(
        run.stdout
            .ends_with("\nchecked 1 document, 10 paragraphs: 1 error, 0 warnings, 1 note\n"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains('\x1b'), "NO_COLOR is respected");
}

#[test]
fn documents_can_be_named_by_id_file_or_folder() {
    let corpus = corpus_with_seed();
    for name in [
        "wcda-112106",
        "translations/wcda-112106.toml",
        "translations",
    ] {
        let run = corpus.run(&["check", name]);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        assert!(
            run.stdout.contains("checked 1 document, 10 paragraphs"),
            "{}",
            run.stdout
        );
    }
}

#[test]
fn the_corpus_is_found_upward_or_named_with_dash_c() {
    let corpus = corpus_with_seed();
    let inside = run_in(&corpus.path().join("translations"), &["check"]);
    assert_eq!(inside.code, 0, "{}", inside.stderr);
    assert!(
        inside.stdout.contains("checked 1 document"),
        "{}",
        inside.stdout
    );
    let outside = tempfile::tempdir().unwrap();
    let named = run_in(
        outside.path(),
        &[
            "-C",
            corpus.path().to_str().unwrap(),
            "check",
            "wcda-112106",
        ],
    );
    assert_eq!(named.code, 0, "{}", named.stderr);
    assert!(
        named.stdout.contains("checked 1 document, 10 paragraphs"),
        "{}",
        named.stdout
    );
}

#[test]
fn a_confidence_outside_zero_to_one_is_a_schema_error() {
    let corpus = Corpus::new();
    corpus.write(
        "translations/c.toml",
        "format = 1\nid = \"c\"\n\n[[paragraph]]\nid = \"p1\"\nsource = \"Да.\"\ntarget = \"Yes.\"\nconfidence = 1.5\n",
    );
    let (code, report) = check_json(&corpus);
    assert_eq!(code, 1);
    assert_eq!(report["findings"][0]["code"], "schema");
    assert_eq!(report["findings"][0]["paragraph"], "p1");
    assert!(report["findings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("confidence 1.5"));
}

#[test]
fn a_pair_of_low_confidence_is_a_note_in_check_and_status_until_a_person_confirms_it() {
    let corpus = Corpus::new();
    let (en, de) = (
        crate::support::fixture("dedication-5.0.en.txt"),
        crate::support::fixture("dedication-5.0.de.txt"),
    );
    let run = corpus.import_pair("text", "ded", Some((&en, "en")), Some((&de, "de")), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = corpus.document("ded");
    let mut document = bitext::document::parse_document(&text).unwrap().0;
    document.paragraphs[2].confidence = Some(0.41);
    let doubtful = document.to_canonical_string();
    corpus.write("translations/ded.toml", &doubtful);
    let check = corpus.run(&["check", "ded", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let low: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "low-confidence")
        .collect();
    assert_eq!(low.len(), 1, "{report}");
    assert_eq!(low[0]["paragraph"], "p3");
    assert_eq!(low[0]["severity"], "note");
    let status = corpus.run(&["status"]);
    assert!(
        status.stdout.contains("low confidence") && status.stdout.contains("ded#p3"),
        "{}",
        status.stdout
    );
    let confirmed = corpus.run(&["confirm", "ded#p3"]);
    assert_eq!(confirmed.code, 0, "{}", confirmed.stderr);
    let check = corpus.run(&["check", "ded"]);
    assert!(!check.stdout.contains("low-confidence"), "{}", check.stdout);
    assert!(!corpus.run(&["status"]).stdout.contains("ded#p3"));
}

#[test]
fn a_numeronym_is_not_a_number_on_one_side() {
    let corpus = Corpus::new();
    let document = "#:schema ../schemas/document.schema.json\nformat = 1\nid = \"l10n\"\nsource_language = \"en\"\ntarget_language = \"ru\"\n\n[[paragraph]]\nid = \"p1\"\nsource = \"The l10n and i18n teams, 12 people, use k8s.\"\ntarget = \"Команды локализации и интернационализации, 12 человек, используют Kubernetes.\"\n";
    corpus.write("translations/l10n.toml", document);
    let run = corpus.run(&["check", "l10n", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let codes = crate::support::finding_codes(&report);
    assert!(!codes.contains(&"number-mismatch"), "{report}");
    // A number really missing is still found.
    corpus.write(
        "translations/l10n.toml",
        document.replace("12 человек", "человек"),
    );
    let run = corpus.run(&["check", "l10n", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(
        crate::support::finding_codes(&report).contains(&"number-mismatch"),
        "{report}"
    );
}

#[test]
fn full_width_digits_are_the_numbers_they_stand_for() {
    // The Japanese UDHR writes its article numbers in full-width digits.
    let corpus = Corpus::new();
    let document = "#:schema ../schemas/document.schema.json\nformat = 1\nid = \"udhr\"\nsource_language = \"en\"\ntarget_language = \"ja\"\n\n[[paragraph]]\nid = \"p1\"\nsource = \"Article 5\"\ntarget = \"第５条\"\n";
    corpus.write("translations/udhr.toml", document);
    let run = corpus.run(&["check", "udhr", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(
        !crate::support::finding_codes(&report).contains(&"number-mismatch"),
        "{report}"
    );
    // Another article's number is still a mismatch.
    corpus.write(
        "translations/udhr.toml",
        document.replace("第５条", "第６条"),
    );
    let run = corpus.run(&["check", "udhr", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(
        crate::support::finding_codes(&report).contains(&"number-mismatch"),
        "{report}"
    );
}

#[test]
fn an_original_the_aligner_left_alone_beside_a_lone_translation_is_called_a_misalignment() {
    let corpus = Corpus::new();
    // As an import of a one-for-one text leaves it when the aligner pairs
    // wrongly: p2 has no translation, p3 no original, both with the
    // aligner's confidence on record.
    let document = "#:schema ../schemas/document.schema.json\nformat = 1\nid = \"lenny\"\nsource_language = \"en\"\ntarget_language = \"de\"\n\n[[paragraph]]\nid = \"p1\"\nsource = \"Lenny dedicated to Thiemo Seufer\"\ntarget = \"Lenny ist Thiemo Seufer gewidmet\"\nconfidence = 0.99\n\n[[paragraph]]\nid = \"p2\"\nsource = \"The Debian Project has lost an active member of its community.\"\nconfidence = 0.41\n\n[[paragraph]]\nid = \"p3\"\ntarget = \"Das Debian-Projekt verlor ein aktives Mitglied seiner Gemeinschaft.\"\nconfidence = 0.41\n";
    corpus.write("translations/lenny.toml", document);
    let run = corpus.run(&["check", "lenny", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let message = |code: &str| -> String {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == code)
            .map(|f| f["message"].as_str().unwrap().to_owned())
            .unwrap_or_else(|| panic!("no {code}: {report}"))
    };
    let target = message("missing-target");
    assert!(
        target.contains("p3 has a translation and no original"),
        "{target}"
    );
    assert!(target.contains("misalignment"), "{target}");
    let source = message("missing-source");
    assert!(
        source.contains("p2 has an original and no translation"),
        "{source}"
    );
    // Typed in by hand (no confidence on record), a missing translation
    // is just that.
    corpus.write(
        "translations/lenny.toml",
        document.replace("confidence = 0.41\n", ""),
    );
    let run = corpus.run(&["check", "lenny", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let plain = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "missing-target")
        .unwrap()["message"]
        .clone();
    assert_eq!(plain, "this paragraph has no translation");
}
