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
