//! `--format json` on the commands that change things: what they did, as
//! data on stdout, nothing on stdout otherwise.

use serde_json::Value;

use crate::support::{fixture, Corpus};

fn json(corpus: &Corpus, args: &[&str]) -> Value {
    let run = corpus.run(args);
    assert!(run.code <= 1, "{args:?}: {}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}\n{}", run.stdout))
}

#[test]
fn init_says_what_it_made_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let run = crate::support::run_in(dir.path(), &["init", "archive", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let made: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(made["repository_created"], true);
    assert!(made["created"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c == "bitext.toml"));
    assert_eq!(made["registered"].as_array().unwrap().len(), 2);
    let again = crate::support::run_in(dir.path(), &["init", "archive", "--format", "json"]);
    let again: Value = serde_json::from_str(&again.stdout).unwrap();
    assert_eq!(again["created"], serde_json::json!([]));
    assert_eq!(again["repository_created"], false);
}

#[test]
fn commands_that_change_documents_say_what_they_did_as_json() {
    let corpus = Corpus::new();
    let seed = fixture("wcda-112106.txt");
    let imported = json(
        &corpus,
        &[
            "import",
            "archive",
            seed.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    let item = &imported["imported"][0];
    assert_eq!(item["document"], "wcda-112106");
    assert_eq!(item["paragraphs"], 10);
    assert_eq!(item["page_break_joins"], 1);
    assert!(item.get("revision").is_none());

    let (en, de) = (
        fixture("dedication-5.0.en.txt"),
        fixture("dedication-5.0.de.txt"),
    );
    let run = corpus.import_pair("text", "ded", Some((&en, "en")), Some((&de, "de")), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let again = corpus.import_pair(
        "text",
        "ded",
        Some((&en, "en")),
        Some((&de, "de")),
        &["--force", "--format", "json"],
    );
    let again: Value = serde_json::from_str(&again.stdout).unwrap();
    assert_eq!(again["imported"][0]["revision"]["same"], 6, "{again}");

    // fmt --check lists what is not canonical; fmt what it formatted.
    let path = "translations/ded.toml";
    let text = corpus.document("ded");
    corpus.write(path, text.replacen("format = 1", "format  =  1", 1));
    let check = corpus.run(&["fmt", "--check", "--format", "json"]);
    assert_eq!(check.code, 1);
    let check: Value = serde_json::from_str(&check.stdout).unwrap();
    assert_eq!(check["documents"], 2);
    assert_eq!(check["not_canonical"][0], "translations/ded.toml");
    let formatted = json(&corpus, &["fmt", "--format", "json"]);
    assert_eq!(formatted["formatted"][0], "translations/ded.toml");
    assert_eq!(corpus.document("ded"), text);

    let confirmed = json(&corpus, &["confirm", "ded#p2", "--format", "json"]);
    assert_eq!(confirmed["confirmed"][0], "p2");
    let suppressed = json(
        &corpus,
        &[
            "suppress",
            "ded#p3",
            "length-ratio",
            "--reason",
            "literal",
            "--format",
            "json",
        ],
    );
    assert_eq!(suppressed["paragraph"], "p3");
    assert_eq!(suppressed["check"], "length-ratio");

    let commit = json(&corpus, &["commit", "-m", "both", "--format", "json"]);
    assert_eq!(commit["commit"].as_str().unwrap().len(), 40);
    assert_eq!(
        commit["documents"],
        serde_json::json!(["ded", "wcda-112106"])
    );
    assert!(
        commit["paragraphs"].as_array().unwrap().len() >= 16,
        "{commit}"
    );
    let edition = json(
        &corpus,
        &["publish", "first", "-m", "First", "--format", "json"],
    );
    assert_eq!(edition["name"], "first");
    assert_eq!(edition["commit"].as_str().unwrap().len(), 40);

    // A conflict recorded by hand, settled with json output.
    let text = corpus.document("ded");
    corpus.write(
        path,
        text.replacen(
            "id = \"p1\"\n",
            "id = \"p1\"\nconflict = [{ field = \"comment\", ours = \"a\", theirs = \"b\" }]\n",
            1,
        ),
    );
    let resolved = json(
        &corpus,
        &["resolve", "ded#p1", "--theirs", "--format", "json"],
    );
    assert_eq!(resolved["resolved"], "ded#p1");
    assert_eq!(resolved["fields"][0], "comment");
    assert_eq!(resolved["conflicts_left"], 0);
}
