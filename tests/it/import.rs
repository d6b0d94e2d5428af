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

/// The id of the paragraph with this source in `show --format json`.
fn id_of(show: &Value, source: &str) -> Option<String> {
    show["paragraph"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["source"] == source)
        .map(|p| p["id"].as_str().unwrap().to_owned())
}

#[test]
fn po_reimport_follows_the_previous_msgid_and_fuzzy_entries_wait_for_review() {
    let corpus = Corpus::new();
    let old = fixture("django-ru-po/admin-4.2.16.po");
    let run = corpus.run(&["import", "po", old.to_str().unwrap(), "--id", "admin"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("(184 paragraphs)"), "{}", run.stderr);
    let before = corpus.run(&["show", "admin", "--format", "json"]);
    let before: Value = serde_json::from_str(&before.stdout).unwrap();
    let old_id = id_of(&before, "Delete selected %(verbose_name_plural)s").unwrap();
    assert_eq!(before["target_language"], "ru");

    // The next release, as msgmerge leaves it for the translator: the
    // msgid rewritten beyond similarity, the old one kept as `#|`, the
    // entry marked fuzzy.
    let real = std::fs::read_to_string(fixture("django-ru-po/admin-5.1.3.po")).unwrap();
    let edited = real.replacen(
        "#, python-format\nmsgid \"Delete selected %(verbose_name_plural)s\"",
        "#, fuzzy, python-format\n#| msgid \"Delete selected %(verbose_name_plural)s\"\nmsgid \"Remove chosen %(verbose_name_plural)s\"",
        1,
    );
    assert_ne!(edited, real);
    let new = corpus.write("admin-next.po", edited);
    let run = corpus.run(&["import", "po", new.to_str().unwrap(), "--id", "admin"]);
    assert_eq!(run.code, 2, "re-import without --force is refused");
    let run = corpus.run(&[
        "import",
        "po",
        new.to_str().unwrap(),
        "--id",
        "admin",
        "--force",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("over the last revision"),
        "{}",
        run.stderr
    );
    let after = corpus.run(&["show", "admin", "--format", "json"]);
    let after: Value = serde_json::from_str(&after.stdout).unwrap();
    let new_id = id_of(&after, "Remove chosen %(verbose_name_plural)s").unwrap();
    assert_eq!(new_id, old_id, "the #| previous msgid keeps the id");
    let paragraph = after["paragraph"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == new_id.as_str())
        .unwrap();
    assert_eq!(
        paragraph["flags"],
        serde_json::json!(["fuzzy", "python-format"])
    );
    assert_eq!(
        paragraph["previous"]["source"],
        "Delete selected %(verbose_name_plural)s"
    );
    // Unchanged entries keep their ids too.
    assert_eq!(id_of(&after, "Log out"), id_of(&before, "Log out"));

    let status = |corpus: &Corpus| -> Value {
        serde_json::from_str(&corpus.run(&["status", "--format", "json"]).stdout).unwrap()
    };
    assert_eq!(status(&corpus)["fuzzy"][0]["paragraph"], new_id.as_str());
    // The reviewer confirms: no longer fuzzy, nor stale.
    let run = corpus.run(&["confirm", "admin"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let status = status(&corpus);
    assert_eq!(status["fuzzy"], Value::Array(vec![]));
    assert_eq!(status["stale"], Value::Array(vec![]));
}

#[test]
fn po_plural_forms_context_and_comments_are_kept() {
    let corpus = Corpus::new();
    let core = fixture("django-ru-po/core-5.1.3.po");
    let run = corpus.run(&["import", "po", core.to_str().unwrap(), "--id", "core"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let show: Value =
        serde_json::from_str(&corpus.run(&["show", "core", "--format", "json"]).stdout).unwrap();
    let paragraphs = show["paragraph"].as_array().unwrap();
    // 348 entries in the file (the header aside), each a paragraph.
    assert_eq!(paragraphs.len(), 348);
    let plural = paragraphs
        .iter()
        .find(|p| p["source"] == "Ensure that there are no more than %(max)s digit in total.")
        .unwrap();
    assert_eq!(
        plural["source_plural"],
        "Ensure that there are no more than %(max)s digits in total."
    );
    assert_eq!(
        plural["target"],
        "Убедитесь, что вы ввели не более %(max)s цифры."
    );
    assert_eq!(plural["target_plural"].as_array().unwrap().len(), 3);
    let with_context = paragraphs
        .iter()
        .filter(|p| p["context"].is_string())
        .count();
    assert_eq!(with_context, 25);
    let note = paragraphs.iter().find(|p| p["source"] == ":?.!").unwrap();
    assert!(
        note["note"]
            .as_str()
            .unwrap()
            .starts_with("Translators: If found as last label character"),
        "{note}"
    );
    // A separator keeps the space that ends it.
    assert!(paragraphs.iter().any(|p| p["source"] == ", "));
    assert_eq!(show["title"], "django");
    assert!(show["po_header"]
        .as_str()
        .unwrap()
        .contains("Plural-Forms: nplurals=4;"));
}

#[test]
fn text_reimport_with_force_keeps_the_ids_of_paragraphs_that_still_correspond() {
    let corpus = Corpus::new();
    let en = fixture("dedication-5.0.en.txt");
    let de = fixture("dedication-5.0.de.txt");
    let run = corpus.import_pair("text", "ded", Some((&en, "en")), Some((&de, "de")), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let show = |corpus: &Corpus| -> Value {
        serde_json::from_str(&corpus.run(&["show", "ded", "--format", "json"]).stdout).unwrap()
    };
    let before = show(&corpus);
    let ids = |doc: &Value| -> Vec<String> {
        doc["paragraph"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(ids(&before), ["p1", "p2", "p3", "p4", "p5", "p6"]);
    assert_eq!(corpus.run(&["commit", "-m", "first"]).code, 0);

    // A revised release of both: the English opening paragraph gains a
    // sentence, the German follows; the title is gone from both.
    let revise = |text: &str, from: &str, to: &str| {
        let mut text = text.replacen(from, to, 1);
        let body = text.find("\n\n").unwrap() + 2;
        text.replace_range(..body, "");
        text
    };
    let en_text = std::fs::read_to_string(&en).unwrap();
    let de_text = std::fs::read_to_string(&de).unwrap();
    let en2 = corpus.write(
        "en2.txt",
        revise(
            &en_text,
            "tragic car accident.",
            "tragic car accident. He was 33.",
        ),
    );
    let de2 = corpus.write(
        "de2.txt",
        revise(
            &de_text,
            "tragischen Autounfall.",
            "tragischen Autounfall. Er wurde 33 Jahre alt.",
        ),
    );
    let run = reimport(&corpus, &en2, &de2);
    assert!(
        run.stderr
            .contains("5 kept their ids (1 edited), 0 added, 1 removed"),
        "{}",
        run.stderr
    );
    let after = show(&corpus);
    assert_eq!(ids(&after), ["p2", "p3", "p4", "p5", "p6"]);
    // The revision diffs paragraph by paragraph: one removed, one edited.
    let diff = corpus.run(&["diff", "--format", "json"]);
    assert_eq!(diff.code, 1, "{}", diff.stderr);
    let diff: Value = serde_json::from_str(&diff.stdout).unwrap();
    let changes: Vec<(String, String)> = diff["documents"][0]["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let field = |k: &str| p[k].as_str().unwrap().to_owned();
            (field("id"), field("status"))
        })
        .collect();
    let expected =
        [("p1", "removed"), ("p2", "modified")].map(|(a, b)| (a.to_owned(), b.to_owned()));
    assert_eq!(changes, expected);
}

#[test]
fn reimporting_the_same_texts_changes_nothing() {
    let corpus = Corpus::new();
    let en = fixture("dedication-5.0.en.txt");
    let de = fixture("dedication-5.0.de.txt");
    let run = corpus.import_pair("text", "ded", Some((&en, "en")), Some((&de, "de")), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // A reviewer's suppression, then the commit.
    let run = corpus.run(&[
        "suppress",
        "ded",
        "p3",
        "length-ratio",
        "--reason",
        "a literal rendering",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(corpus.run(&["commit", "-m", "first"]).code, 0);
    let before = corpus.document("ded");
    // The same release again, and the German alone revised in one place.
    let run = corpus.import_pair(
        "text",
        "ded",
        Some((&en, "en")),
        Some((&de, "de")),
        &["--force"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(corpus.document("ded"), before, "byte for byte");
    let diff = corpus.run(&["diff"]);
    assert_eq!(diff.code, 0, "no difference: {}", diff.stdout);
    let de_text = std::fs::read_to_string(&de).unwrap();
    let de2 = corpus.write(
        "de2.txt",
        de_text.replacen("Autounfall", "Verkehrsunfall", 1),
    );
    let run = corpus.import_pair(
        "text",
        "ded",
        Some((&en, "en")),
        Some((&de2, "de")),
        &["--force"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let diff = corpus.run(&["diff", "--format", "json"]);
    let diff: Value = serde_json::from_str(&diff.stdout).unwrap();
    let changed: Vec<&str> = diff["documents"][0]["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(changed.len(), 1, "only the revised paragraph: {diff}");
    assert!(corpus.document("ded").contains("a literal rendering"));
}

#[test]
fn reimport_with_force_keeps_the_comments_a_person_wrote() {
    let corpus = Corpus::new();
    let en = fixture("dedication-5.0.en.txt");
    let de = fixture("dedication-5.0.de.txt");
    let run = corpus.import_pair("text", "ded", Some((&en, "en")), Some((&de, "de")), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = corpus.document("ded");
    // Before the paragraph that stays, inside the one that goes, after a
    // value, and at the end.
    let commented =
        text.replacen(
            "[[paragraph]]\nid = \"p3\"\n",
            "# p3: checked against the printed notes.\n[[paragraph]]\nid = \"p3\"\n",
            1,
        )
        .replacen("id = \"p1\"\n", "id = \"p1\"\n# the title of 5.0\n", 1)
        .replacen(
            "source_language = \"en\"\n",
            "source_language = \"en\" # as published\n",
            1,
        ) + "# end of the dedication\n";
    corpus.write("translations/ded.toml", &commented);

    let en_text = std::fs::read_to_string(&en).unwrap();
    let de_text = std::fs::read_to_string(&de).unwrap();
    let body = |text: &str| text[text.find("\n\n").unwrap() + 2..].to_owned();
    let en2 = corpus.write("en2.txt", body(&en_text));
    let de2 = corpus.write("de2.txt", body(&de_text));
    reimport(&corpus, &en2, &de2);
    let after = corpus.document("ded");
    assert!(!after.contains("id = \"p1\""), "p1 is gone:\n{after}");
    for comment in [
        "# p3: checked against the printed notes.\n[[paragraph]]\nid = \"p3\"\n",
        "# the title of 5.0\n",
        "# as published\nsource_language = \"en\"\n",
        "# end of the dedication\n",
    ] {
        assert!(after.contains(comment), "{comment:?} lost:\n{after}");
    }
    // Canonical but for its comments.
    let run = corpus.run(&["fmt", "--check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

/// `import text --force` of a new English and German revision over `ded`.
fn reimport(corpus: &Corpus, en: &std::path::Path, de: &std::path::Path) -> crate::support::Run {
    let run = corpus.import_pair(
        "text",
        "ded",
        Some((en, "en")),
        Some((de, "de")),
        &["--force"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    run
}
