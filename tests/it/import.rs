//! Importing the seed telegram and plain texts.

use serde_json::Value;

use crate::support::{fixture, import_seed, Corpus};

#[test]
fn seed_telegram_imports_with_its_metadata_and_page_break_joined() {
    let corpus = Corpus::new();
    let run = import_seed(&corpus);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("wcda-112106.toml (10 paragraphs, 1 page-break join)"),
        "{}",
        run.stderr
    );

    let show = corpus.run(&["show", "wcda-112106", "--format", "json"]);
    assert_eq!(show.code, 0, "{}", show.stderr);
    let doc: Value = serde_json::from_str(&show.stdout).unwrap();
    assert_eq!(doc["format"], 1);
    assert_eq!(doc["id"], "wcda-112106");
    assert_eq!(
        doc["title"],
        "Telegram from (Stalin) to Mao Zedong, via Krasovsky"
    );
    assert_eq!(doc["date"], "1951-06-05");
    assert_eq!(doc["source_language"], "ru");
    assert_eq!(doc["target_language"], "en");
    assert_eq!(
        doc["summary"],
        "Telegram from Stalin to Mao encouraging a prolonging of the war and giving advice on the conduct of operations against allied troops."
    );
    assert_eq!(doc["citation"]["archive"], "APRF");
    assert_eq!(
        doc["citation"]["reference"],
        "Fond 45, Opis 1, Delo 339, Listy 17-18"
    );
    assert_eq!(
        doc["citation"]["url"],
        "http://digitalarchive.wilsoncenter.org/document/112106"
    );
    assert_eq!(doc["contents"][0], "English Translation");

    let paragraphs = doc["paragraph"].as_array().unwrap();
    let targets: Vec<&str> = paragraphs
        .iter()
        .map(|p| p["target"].as_str().unwrap())
        .collect();
    assert!(
        paragraphs.iter().all(|p| p.get("source").is_none()),
        "the original is not transcribed"
    );
    // The telegram header stays one paragraph with its line breaks.
    assert_eq!(
        targets[0],
        "CIPHERED TELEGRAM No. 3410\nBEIJING\nTO KRASOVSKY\nFOR Comrade MAO ZEDONG"
    );
    // The page break is undone, and the join is on record where it was.
    let joined = paragraphs
        .iter()
        .find(|p| {
            p["target"]
                .as_str()
                .unwrap()
                .contains("Chinese-Koreans as well as among")
        })
        .expect("joined paragraph");
    let at = joined["joins"][0]["at"].as_u64().unwrap() as usize;
    let text = joined["target"].as_str().unwrap();
    let second: String = text.chars().skip(at).collect();
    assert!(
        second.starts_with("as among the Anglo-American troops."),
        "{second}"
    );
    assert_eq!(joined["joins"][0]["reason"], "page-break");
    // The closing lines are their own paragraphs.
    assert_eq!(
        &targets[targets.len() - 3..],
        ["FILIPPOV [Stalin]", "No. 297/sh", "5 June 1951"]
    );
    assert_eq!(targets.len(), 10);
}

#[test]
fn id_option_overrides_the_url_id() {
    let corpus = Corpus::new();
    let seed = fixture("wcda-112106.txt");
    let run = corpus.run(&[
        "import",
        "archive",
        seed.to_str().unwrap(),
        "--id",
        "stalin-mao-1951",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(corpus
        .document("stalin-mao-1951")
        .contains("id = \"stalin-mao-1951\""));
}

#[test]
fn force_replaces_an_existing_document() {
    let corpus = Corpus::new();
    assert_eq!(import_seed(&corpus).code, 0);
    let seed = fixture("wcda-112106.txt");
    let again = corpus.run(&["import", "archive", seed.to_str().unwrap(), "--force"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
}

#[test]
fn several_exports_import_together_without_progress_noise_in_a_pipe() {
    let corpus = Corpus::new();
    let seed = fixture("wcda-112106.txt");
    let copy = corpus.path().join("another-export.txt");
    std::fs::write(
        &copy,
        std::fs::read_to_string(&seed)
            .unwrap()
            .replace("document/112106", "document/999"),
    )
    .unwrap();
    let run = corpus.run(&[
        "import",
        "archive",
        seed.to_str().unwrap(),
        copy.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(corpus.path().join("translations/wcda-999.toml").is_file());
    assert!(
        !run.stderr.contains('\r') && !run.stderr.contains('\x1b'),
        "{:?}",
        run.stderr
    );
}

#[test]
fn plain_text_import_unwraps_lines_and_keeps_every_paragraph() {
    let corpus = Corpus::new();
    let en = fixture("dedication-5.0.en.txt");
    // The German gets a paragraph the original does not have.
    let de = corpus.write(
        "de.txt",
        std::fs::read_to_string(fixture("dedication-5.0.de.txt")).unwrap()
            + "\nNachtrag der Übersetzer: Diese Übersetzung folgt dem englischen Original vom Februar 2009 und wurde nicht weiter überarbeitet.\n",
    );
    let run = corpus.import_pair(
        "text",
        "lenny",
        Some((&en, "en")),
        Some((&de, "de")),
        &["--title", "Lenny"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = corpus.run(&["show", "lenny", "--format", "json"]);
    let doc: Value = serde_json::from_str(&json.stdout).unwrap();
    let paragraphs = doc["paragraph"].as_array().unwrap();
    assert_eq!(paragraphs[0]["source"], "Lenny dedicated to Thiemo Seufer");
    assert_eq!(paragraphs[0]["target"], "Lenny ist Thiemo Seufer gewidmet");
    // Hard-wrapped lines are joined with a space.
    assert_eq!(
        paragraphs[1]["source"],
        "The Debian Project has lost an active member of its community. Thiemo Seufer died on December 26th, 2008 in a tragic car accident."
    );
    // Nothing is dropped: the surplus paragraph is a paragraph of its own,
    // with no original.
    let last = paragraphs.last().unwrap();
    assert!(
        last["target"]
            .as_str()
            .unwrap()
            .starts_with("Nachtrag der Übersetzer"),
        "{last}"
    );
    assert!(last.get("source").is_none(), "{last}");
    assert_eq!(paragraphs.len(), 7);
    assert_eq!(doc["source_language"], "en");
    assert_eq!(doc["target_language"], "de");
}

#[test]
fn one_side_alone_is_a_document() {
    let corpus = Corpus::new();
    let ru = fixture("maint-guide-first.ru.txt");
    let run = corpus.import_pair("text", "ru-only", Some((&ru, "ru")), None, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = corpus.document("ru-only");
    assert!(doc.contains("source = \"Давайте попробуем создать свой собственный пакет (или, ещё лучше, адаптировать существующий).\""), "{doc}");
    assert!(!doc.contains("target ="));
}

#[test]
fn legacy_encodings_give_the_same_text_as_utf8() {
    let corpus = Corpus::new();
    let import = |id: &str, file: &str, encoding: Option<&str>| {
        let path = fixture(file);
        let mut args = vec![
            "import",
            "text",
            "--id",
            id,
            "--target",
            path.to_str().unwrap(),
            "--target-language",
            "ru",
        ];
        if let Some(encoding) = encoding {
            args.extend(["--encoding", encoding]);
        }
        let run = corpus.run(&args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let text = corpus.document(id);
        text.split_once("\n[[paragraph]]").unwrap().1.to_owned()
    };
    let utf8 = import("utf8", "maint-guide-first.ru.txt", None);
    let cp1251 = import(
        "cp1251",
        "maint-guide-first.ru.cp1251.txt",
        Some("windows-1251"),
    );
    assert_eq!(utf8, cp1251);
    let koi8 = import("koi8", "maint-guide-first.ru.koi8-r.txt", Some("KOI8-R"));
    assert!(koi8.contains("Давайте попробуем"));
    assert!(
        utf8.starts_with(&koi8[..koi8.len() - 1]),
        "KOI8-R file is the first 13 paragraphs"
    );
}

#[test]
fn page_break_joins_in_plain_text_are_opt_in() {
    let corpus = Corpus::new();
    let file = corpus.write(
        "t.txt",
        "Это начало абзаца, который\n\nпродолжается после разрыва страницы.\n",
    );
    let plain = corpus.import_pair("text", "a", Some((&file, "ru")), None, &[]);
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    assert_eq!(corpus.document("a").matches("[[paragraph]]").count(), 2);
    let joined = corpus.import_pair(
        "text",
        "b",
        Some((&file, "ru")),
        None,
        &["--join-page-breaks"],
    );
    assert_eq!(joined.code, 0, "{}", joined.stderr);
    let doc = corpus.document("b");
    assert_eq!(doc.matches("[[paragraph]]").count(), 1);
    assert!(
        doc.contains("joins = [{ side = \"source\", at = 27, reason = \"page-break\" }]"),
        "{doc}"
    );
}
