//! `bitext fmt`: canonical rewriting.

use crate::support::{import_seed, Corpus};

#[test]
fn check_lists_non_canonical_files_and_changes_nothing() {
    let corpus = Corpus::new();
    assert_eq!(import_seed(&corpus).code, 0);
    let clean = corpus.run(&["fmt", "--check"]);
    assert_eq!(clean.code, 0, "{}", clean.stderr);
    assert_eq!(clean.stdout, "");

    // A hand edit: CRLF line ends, a trailing space, keys out of order.
    let canonical = corpus.document("wcda-112106");
    let edited = canonical
        .replace("date = \"1951-06-05\"\n", "")
        .replace("title = ", "date = \"1951-06-05\"\ntitle = ")
        .replace("BEIJING\n", "BEIJING  \n")
        .replace('\n', "\r\n");
    corpus.write("translations/wcda-112106.toml", &edited);
    let before = corpus.snapshot();
    let run = corpus.run(&["fmt", "--check"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "translations/wcda-112106.toml\n");
    assert_eq!(corpus.snapshot(), before);

    let fixed = corpus.run(&["fmt"]);
    assert_eq!(fixed.code, 0, "{}", fixed.stderr);
    assert_eq!(corpus.document("wcda-112106"), canonical);
    // Twice changes nothing.
    let again = corpus.snapshot();
    assert_eq!(corpus.run(&["fmt"]).code, 0);
    assert_eq!(corpus.snapshot(), again);
    assert_eq!(corpus.run(&["fmt", "--check"]).code, 0);
}

#[test]
fn unknown_metadata_survives_formatting() {
    let corpus = Corpus::new();
    corpus.write(
        "translations/extra.toml",
        "format = 1\nid = \"extra\"\ncatalogue_number = 42\nkeywords = [\"Korean War\", \"Stalin\"]\nreviewed = 2024-05-01\n[provenance]\nscan = \"box 3\"\n\n[[paragraph]]\nid = \"p1\"\ntarget = \"Text.\"\n",
    );
    assert_eq!(corpus.run(&["fmt"]).code, 0);
    let text = corpus.document("extra");
    for kept in [
        "catalogue_number = 42",
        "keywords = [\"Korean War\", \"Stalin\"]",
        "reviewed = 2024-05-01",
        "provenance = { scan = \"box 3\" }",
    ] {
        assert!(text.contains(kept), "{kept} missing from\n{text}");
    }
    let json = corpus.run(&["show", "extra", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value["reviewed"], "2024-05-01");
    assert_eq!(value["provenance"]["scan"], "box 3");
}

#[test]
fn one_broken_file_stops_fmt_before_any_write() {
    let corpus = Corpus::new();
    assert_eq!(import_seed(&corpus).code, 0);
    let untidy = corpus.document("wcda-112106").replace('\n', "\r\n");
    corpus.write("translations/wcda-112106.toml", &untidy);
    corpus.write(
        "translations/zzz.toml",
        "format = 1\nid = \"zzz\"\n[[paragraph]\n",
    );
    let before = corpus.snapshot();
    let run = corpus.run(&["fmt"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("zzz.toml:3:"), "{}", run.stderr);
    assert_eq!(corpus.snapshot(), before);
}

#[test]
fn fmt_keeps_the_comments_a_person_wrote() {
    let (corpus, text) = imported_telegram();
    let commented = text
        .replacen(
            "format = 1\n",
            "# Checked against the archive's scan.\nformat = 1\n",
            1,
        )
        .replacen(
            "[[paragraph]]\nid = \"p2\"\n",
            "# The date is the telegram's own.\n[[paragraph]]\nid = \"p2\"\n",
            1,
        );
    // Canonical but for its comments: fmt --check accepts it.
    corpus.write("translations/wcda-112106.toml", &commented);
    let run = corpus.run(&["fmt", "--check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    // Made non-canonical, fmt rewrites it and the comments stay.
    corpus.write(
        "translations/wcda-112106.toml",
        commented.replacen("format = 1", "format =  1", 1),
    );
    let run = corpus.run(&["fmt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(corpus.document("wcda-112106"), commented);
}

#[test]
fn fmt_keeps_a_comment_after_a_value_and_leaves_a_hash_inside_a_text_alone() {
    let (corpus, text) = imported_telegram();
    // A text of several lines, one of which starts with `#`, written by
    // hand, and a comment after a value on a line spaced otherwise.
    let edited = text
        .replacen(
            "format = 1\n",
            "format =  1 # the file format, not the telegram's\n",
            1,
        )
        .replacen(
            "target = \"I received your telegram",
            "target = \"\"\"\n# 1. Received:\n\"\"\"\nnote = \"I received your telegram",
            1,
        );
    corpus.write("translations/wcda-112106.toml", &edited);
    let run = corpus.run(&["fmt"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = corpus.document("wcda-112106");
    assert!(
        after.contains("# the file format, not the telegram's\nformat = 1\n"),
        "{after}"
    );
    let show: serde_json::Value = serde_json::from_str(
        &corpus
            .run(&["show", "wcda-112106", "--format", "json"])
            .stdout,
    )
    .unwrap();
    let texts: Vec<&str> = show["paragraph"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["target"].as_str())
        .collect();
    assert!(texts.contains(&"# 1. Received:\n"), "{texts:?}");
    let run = corpus.run(&["fmt", "--check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

/// A corpus with the telegram imported from its archive export, and the
/// document's file.
fn imported_telegram() -> (Corpus, String) {
    let corpus = Corpus::new();
    let seed = crate::support::fixture("wcda-112106.txt");
    let run = corpus.run(&["import", "archive", seed.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = corpus.document("wcda-112106");
    (corpus, text)
}
