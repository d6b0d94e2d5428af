//! Citations that name the revision, and addresses that give the cited
//! text back after the translation changed.

use crate::support::{import_seed, Corpus};

const DOC: &str = "wcda-112106";

fn committed(corpus: &Corpus, message: &str) -> String {
    let run = corpus.run(&["commit", "-m", message]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout.lines().next().unwrap().to_owned()
}

#[test]
fn a_citation_names_the_archive_reference_and_the_revision_and_its_address_gives_the_text_back() {
    let corpus = Corpus::new();
    assert_eq!(import_seed(&corpus).code, 0);
    let first = committed(&corpus, "the telegram");
    let cited = corpus.run(&["cite", &format!("{DOC}#p3")]);
    assert_eq!(cited.code, 0, "{}", cited.stderr);
    let note = cited.stdout.clone();
    assert!(
        note.contains("Fond 45, Opis 1, Delo 339, Listy 17-18"),
        "{note}"
    );
    assert!(note.contains(&first[..12]), "{note}");
    let address = format!("{DOC}#p3@{first}");
    assert!(note.contains(&address), "{note}");

    // The archive corrects the translation afterwards.
    let path = format!("translations/{DOC}.toml");
    let text = corpus.document(DOC);
    corpus.write(&path, text.replacen("speeded up", "hurried", 1));
    let second = committed(&corpus, "a correction");
    assert_ne!(first, second);

    let old = |args: &[&str]| {
        let run = corpus.run(args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        json["paragraph"][0]["target"].as_str().unwrap().to_owned()
    };
    let then = old(&["show", &address, "--format", "json"]);
    assert!(then.contains("speeded up"), "{then}");
    let seed = bitext::document::parse_document(&text).unwrap().0;
    assert_eq!(
        then,
        seed.paragraph("p3").unwrap().target.as_deref().unwrap()
    );
    let now = old(&["show", &format!("{DOC}#p3"), "--format", "json"]);
    assert!(now.contains("hurried"), "{now}");

    // Every style names the revision; CSL-JSON is JSON.
    for style in ["chicago", "apa", "bibtex", "csl-json"] {
        let run = corpus.run(&["cite", &address, "--style", style]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stdout.contains(&first), "{style}: {}", run.stdout);
    }
    let csl = corpus.run(&["cite", &address, "--style", "csl-json"]);
    let items: serde_json::Value = serde_json::from_str(&csl.stdout).unwrap();
    assert_eq!(
        items[0]["archive_location"],
        "Fond 45, Opis 1, Delo 339, Listy 17-18"
    );
}

#[test]
fn cite_prefers_the_latest_published_edition_holding_the_cited_text() {
    let corpus = Corpus::new();
    assert_eq!(import_seed(&corpus).code, 0);
    let first = committed(&corpus, "the telegram");
    let published = corpus.run(&["publish", "first-edition", "-m", "As first published"]);
    assert_eq!(published.code, 0, "{}", published.stderr);
    // p3 changes, p2 does not: a second edition holds p2's text, not p3's.
    let path = format!("translations/{DOC}.toml");
    corpus.write(
        &path,
        corpus.document(DOC).replacen("speeded up", "hurried", 1),
    );
    committed(&corpus, "a correction");
    let again = corpus.run(&["publish", "second-edition", "-m", "Corrected"]);
    assert_eq!(again.code, 0, "{}", again.stderr);

    let p2 = corpus.run(&["cite", &format!("{DOC}#p2@{first}")]);
    assert!(
        p2.stdout.contains("edition second-edition"),
        "{}",
        p2.stdout
    );
    let p3 = corpus.run(&["cite", &format!("{DOC}#p3@{first}")]);
    assert!(p3.stdout.contains("edition first-edition"), "{}", p3.stdout);
    // A name already used is refused, nothing changed.
    let twice = corpus.run(&["publish", "first-edition", "-m", "again"]);
    assert_eq!(twice.code, 2, "{}", twice.stderr);
}

#[test]
fn every_command_that_takes_a_document_takes_its_addresses() {
    let corpus = Corpus::new();
    assert_eq!(import_seed(&corpus).code, 0);
    committed(&corpus, "the telegram");
    let path = format!("translations/{DOC}.toml");
    let text = corpus.document(DOC);
    corpus.write(
        &path,
        text.replacen("speeded up", "hurried", 1)
            .replacen("June 4", "4 June", 1),
    );
    committed(&corpus, "two corrections");
    let json = |args: &[&str]| -> serde_json::Value {
        let run = corpus.run(args);
        assert!(run.code <= 1, "{args:?}: {}", run.stderr);
        serde_json::from_str(&run.stdout).unwrap()
    };
    let p3 = format!("{DOC}#p3");

    let shown = json(&["show", &p3, "--format", "json"]);
    assert_eq!(shown["paragraph"].as_array().unwrap().len(), 1);
    assert_eq!(shown["paragraph"][0]["id"], "p3");
    let before = json(&["show", &format!("{p3}@HEAD~1"), "--format", "json"]);
    assert!(before["paragraph"][0]["target"]
        .as_str()
        .unwrap()
        .contains("speeded up"));

    let log = json(&["log", &p3, "--format", "json"]);
    let by_flag = json(&["log", DOC, "--paragraph", "p3", "--format", "json"]);
    assert_eq!(log, by_flag);
    assert_eq!(log["revisions"].as_array().unwrap().len(), 2);

    let blame = json(&["blame", &p3, "--format", "json"]);
    assert_eq!(blame["paragraphs"].as_array().unwrap().len(), 1);
    let old = json(&["blame", &format!("{p3}@HEAD~1"), "--format", "json"]);
    assert_ne!(
        old["paragraphs"][0]["target"],
        blame["paragraphs"][0]["target"]
    );

    let diff = json(&["diff", "HEAD~1", "HEAD", &p3, "--format", "json"]);
    let paragraphs = diff["documents"][0]["paragraphs"].as_array().unwrap();
    assert_eq!(paragraphs.len(), 1, "{diff}");
    assert_eq!(paragraphs[0]["id"], "p3");
    let against = json(&["diff", &format!("{DOC}@HEAD~1"), "--format", "json"]);
    assert_eq!(
        against["documents"][0]["paragraphs"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // check: one paragraph's findings, and locations that paste back.
    corpus.write(&path, corpus.document(DOC).replacen("4 June", "4  June", 1));
    let all = corpus.run(&["check", DOC]);
    let location = format!("({DOC}#p2)");
    assert!(all.stdout.contains(&location), "{}", all.stdout);
    let only = json(&["check", &format!("{DOC}#p3"), "--format", "json"]);
    let findings = only["findings"].as_array().unwrap();
    assert!(findings.iter().all(|f| f["paragraph"] == "p3"), "{only}");
    let pasted = corpus.run(&["show", &location[1..location.len() - 1]]);
    assert_eq!(pasted.code, 0, "{}", pasted.stderr);

    let suppressed = corpus.run(&[
        "suppress",
        &format!("{DOC}#p2"),
        "whitespace",
        "--reason",
        "as the scan has it",
    ]);
    assert_eq!(suppressed.code, 0, "{}", suppressed.stderr);
    assert!(!corpus.run(&["check", DOC]).stdout.contains(&location));

    // Commands on whole documents on disk refuse what they cannot honour.
    let before = corpus.snapshot();
    for args in [
        &["fmt", &p3][..],
        &["export", &p3, "--to", "csv"],
        &["commit", "-m", "x", &p3],
    ] {
        let run = corpus.run(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("names a paragraph"), "{}", run.stderr);
    }
    assert_eq!(corpus.snapshot(), before);
}

#[test]
fn export_at_a_revision_writes_the_text_as_it_was() {
    let corpus = Corpus::new();
    assert_eq!(import_seed(&corpus).code, 0);
    let first = committed(&corpus, "the telegram");
    let path = format!("translations/{DOC}.toml");
    corpus.write(
        &path,
        corpus.document(DOC).replacen("speeded up", "hurried", 1),
    );
    committed(&corpus, "a correction");
    let exported = |args: &[&str]| {
        let run = corpus.run(args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        run.stdout
    };
    // By address, by flag, and every document at a revision.
    let then = exported(&["export", &format!("{DOC}@HEAD~1"), "--to", "csv"]);
    assert!(
        then.contains("speeded up") && !then.contains("hurried"),
        "{then}"
    );
    let flag = exported(&["export", DOC, "--rev", &first, "--to", "csv"]);
    assert_eq!(flag, then);
    let file = exported(&["export", &path, "--rev", "HEAD~1", "--to", "csv"]);
    assert_eq!(file, then);
    let dir = corpus.path().join("then");
    exported(&["export", "--rev", "HEAD~1", "--to", "xliff", "-o", "then/"]);
    let xliff = std::fs::read_to_string(dir.join(format!("{DOC}.xlf"))).unwrap();
    assert!(xliff.contains("speeded up"), "{xliff}");
    let now = exported(&["export", DOC, "--to", "csv"]);
    assert!(now.contains("hurried"), "{now}");
    // What a revision does not hold, and a paragraph, are refused.
    for (args, says) in [
        (
            vec!["export", "nosuch@HEAD", "--to", "csv"],
            "no document \"nosuch\" in revision HEAD",
        ),
        (
            vec!["export", DOC, "--rev", "no-such-rev", "--to", "csv"],
            "no-such-rev",
        ),
        (
            vec!["export", &format!("{DOC}#p3@HEAD"), "--to", "csv"],
            "names a paragraph",
        ),
        (
            vec![
                "export",
                &format!("{DOC}@HEAD"),
                "--rev",
                "HEAD~1",
                "--to",
                "po",
            ],
            "two revisions",
        ),
    ] {
        let run = corpus.run(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
    }
}
