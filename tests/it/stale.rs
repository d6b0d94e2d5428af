//! The stale rule, through the command line: a translation is stale when
//! its original changed after the translation was last made or confirmed.
//! Each step is checked with `status --format json` and `check`.

use serde_json::Value;

use crate::support::{fixture, Corpus};

const AUTHOR: &str = "Anna Petrova <anna@example.org>";

/// A corpus with the German dedication (English original) committed.
fn dedication() -> Corpus {
    let corpus = Corpus::new();
    let en = fixture("dedication-5.0.en.txt");
    let de = fixture("dedication-5.0.de.txt");
    let run = corpus.import_pair("text", "ded", Some((&en, "en")), Some((&de, "de")), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    commit(&corpus, "The dedication");
    corpus
}

fn commit(corpus: &Corpus, message: &str) {
    let run = corpus.run(&["commit", "-m", message, "--author", AUTHOR]);
    assert_eq!(run.code, 0, "{message}: {}", run.stderr);
}

/// Replaces text in the document, once; it must be there.
fn edit(corpus: &Corpus, from: &str, to: &str) {
    let text = corpus.document("ded");
    assert!(text.contains(from), "{from}");
    corpus.write("translations/ded.toml", text.replacen(from, to, 1));
}

/// The paragraphs `status` calls stale, and those `check` reports stale.
fn stale(corpus: &Corpus) -> (Vec<String>, Vec<String>) {
    let status: Value =
        serde_json::from_str(&corpus.run(&["status", "--format", "json"]).stdout).unwrap();
    let listed = status["stale"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["paragraph"].as_str().unwrap().to_owned())
        .collect();
    let run = corpus.run(&["check", "ded", "--format", "json"]);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let reported = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "stale-translation")
        .map(|f| f["paragraph"].as_str().unwrap().to_owned())
        .collect();
    (listed, reported)
}

fn stale_is(corpus: &Corpus, expected: &[&str], step: &str) {
    let (listed, reported) = stale(corpus);
    assert_eq!(listed, expected, "status after: {step}");
    assert_eq!(reported, expected, "check after: {step}");
}

// In the German dedication p3 is the paragraph about Thiemo's work.
const SOURCE_P3: &str = "Thiemo was involved in Debian";
const TARGET_P3: &str = "Thiemo war in vielfältiger Weise an Debian beteiligt.";

#[test]
fn a_hand_edited_translation_goes_stale_when_its_original_changes_later() {
    let corpus = dedication();
    stale_is(&corpus, &[], "the import");
    // The translator rewrites p3 by hand and commits.
    edit(
        &corpus,
        TARGET_P3,
        "Thiemo hat sich auf viele Arten an Debian beteiligt.",
    );
    stale_is(&corpus, &[], "a hand edit of the translation");
    commit(&corpus, "Smoother German");
    stale_is(&corpus, &[], "committing it");
    // Later the original of p3 is corrected, and committed.
    edit(
        &corpus,
        SOURCE_P3,
        "Thiemo was involved, in many ways, in Debian",
    );
    stale_is(&corpus, &["p3"], "editing the original");
    commit(&corpus, "Corrected original");
    stale_is(&corpus, &["p3"], "committing the original");
}

#[test]
fn a_translation_revised_after_its_original_is_not_stale() {
    let corpus = dedication();
    edit(
        &corpus,
        SOURCE_P3,
        "Thiemo was involved, in many ways, in Debian",
    );
    commit(&corpus, "Corrected original");
    stale_is(&corpus, &["p3"], "the original changed");
    // The translator follows, and confirms.
    edit(
        &corpus,
        TARGET_P3,
        "Thiemo war auf viele Arten an Debian beteiligt.",
    );
    stale_is(&corpus, &[], "the translation revised");
    let run = corpus.run(&["confirm", "ded", "p3"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    stale_is(&corpus, &[], "confirming it");
    commit(&corpus, "German follows");
    stale_is(&corpus, &[], "committing it");

    // The same without `confirm`: committing the revised translation
    // records it as made from the original beside it.
    edit(
        &corpus,
        "Thiemo was involved, in many ways,",
        "Thiemo was involved in many ways",
    );
    commit(&corpus, "Original again");
    stale_is(&corpus, &["p3"], "the original changed again");
    edit(
        &corpus,
        "Thiemo war auf viele Arten",
        "Thiemo war auf vielerlei Arten",
    );
    commit(&corpus, "German follows again");
    stale_is(&corpus, &[], "the revised translation committed");
}

#[test]
fn fuzzy_translations_are_listed_for_review_and_never_confirmed_by_a_commit() {
    let corpus = dedication();
    let text = corpus.document("ded");
    let at = text.find("id = \"p3\"").unwrap();
    let mut marked = text.clone();
    marked.insert_str(at + "id = \"p3\"\n".len(), "flags = [\"fuzzy\"]\n");
    corpus.write("translations/ded.toml", &marked);
    edit(
        &corpus,
        TARGET_P3,
        "Thiemo war irgendwie an Debian beteiligt.",
    );
    commit(&corpus, "A guess, marked fuzzy");
    let status: Value =
        serde_json::from_str(&corpus.run(&["status", "--format", "json"]).stdout).unwrap();
    assert_eq!(status["fuzzy"][0]["paragraph"], "p3", "{status}");
    // The guess was not recorded as a translation of the original: the
    // confirmation is still the imported pair's.
    let confirmed = |corpus: &Corpus| {
        let doc = corpus.document("ded");
        let p3 = doc[doc.find("id = \"p3\"").unwrap()..].to_owned();
        p3[p3.find("confirmed").unwrap()..]
            .lines()
            .next()
            .unwrap()
            .to_owned()
    };
    let before = confirmed(&dedication());
    assert_eq!(confirmed(&corpus), before);
    // After the original changes it is still listed for review, as fuzzy.
    edit(
        &corpus,
        SOURCE_P3,
        "Thiemo was involved, in many ways, in Debian",
    );
    let status: Value =
        serde_json::from_str(&corpus.run(&["status", "--format", "json"]).stdout).unwrap();
    assert_eq!(status["fuzzy"][0]["paragraph"], "p3", "{status}");
    let doc = corpus.document("ded");
    let p3 = &doc[doc.find("id = \"p3\"").unwrap()..];
    let p3 = &p3[..p3.find("[[paragraph]]").unwrap_or(p3.len())];
    assert!(p3.contains("fuzzy"), "{p3}");
}

#[test]
fn recording_a_translation_keeps_the_comments_a_person_wrote() {
    let corpus = dedication();
    let text = corpus.document("ded");
    // Comments at the top, before a paragraph, inside one, and at the end.
    let commented = text
        .replacen("format = 1\n", "# Reviewed by the German team.\nformat = 1\n", 1)
        .replacen("[[paragraph]]\nid = \"p3\"\n", "# Thiemo's work: keep the list of teams.\n[[paragraph]]\nid = \"p3\"\n  # the source is the 5.0 release notes\n", 1)
        + "# end of the dedication\n";
    corpus.write("translations/ded.toml", &commented);
    edit(
        &corpus,
        TARGET_P3,
        "Thiemo hat sich auf viele Arten an Debian beteiligt.",
    );
    commit(&corpus, "Smoother German, with notes");
    let after = corpus.document("ded");
    for comment in [
        "# Reviewed by the German team.\nformat = 1\n",
        "# Thiemo's work: keep the list of teams.\n[[paragraph]]\nid = \"p3\"\n",
        "  # the source is the 5.0 release notes\n",
        "# end of the dedication\n",
    ] {
        assert!(after.contains(comment), "{comment:?} lost:\n{after}");
    }
    // The pair was recorded: an original changed later makes it stale.
    edit(
        &corpus,
        SOURCE_P3,
        "Thiemo was involved, in many ways, in Debian",
    );
    stale_is(
        &corpus,
        &["p3"],
        "editing the original of a commented document",
    );
}

#[test]
fn a_document_formatted_by_hand_is_committed_as_it_is() {
    let corpus = dedication();
    let text = corpus.document("ded");
    let by_hand = text.replacen("format = 1\n", "format   = 1\n", 1);
    corpus.write("translations/ded.toml", &by_hand);
    edit(
        &corpus,
        TARGET_P3,
        "Thiemo hat sich auf viele Arten an Debian beteiligt.",
    );
    let before = corpus.document("ded");
    commit(&corpus, "By hand");
    assert_eq!(
        corpus.document("ded"),
        before,
        "never reformatted behind its author's back"
    );
}

#[test]
fn confirm_and_suppress_keep_the_comments_a_person_wrote() {
    let corpus = dedication();
    let text = corpus.document("ded");
    let commented =
        text.replacen(
            "format = 1\n",
            "# Reviewed by the German team.\nformat = 1\n",
            1,
        )
        .replacen(
            "[[paragraph]]\nid = \"p3\"\n",
            "# Thiemo's work.\n[[paragraph]]\nid = \"p3\"\n",
            1,
        ) + "# end\n";
    corpus.write("translations/ded.toml", &commented);
    edit(
        &corpus,
        SOURCE_P3,
        "Thiemo was involved, in many ways, in Debian",
    );
    let run = corpus.run(&["confirm", "ded", "p3"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = corpus.run(&[
        "suppress",
        "ded",
        "p3",
        "length-ratio",
        "--reason",
        "a literal rendering",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = corpus.document("ded");
    for comment in [
        "# Reviewed by the German team.\nformat = 1\n",
        "# Thiemo's work.\n[[paragraph]]\nid = \"p3\"\n",
        "# end\n",
    ] {
        assert!(after.contains(comment), "{comment:?} lost:\n{after}");
    }
    assert!(after.contains("a literal rendering"));
    stale_is(&corpus, &[], "confirming it");
}

#[test]
fn a_catalogue_s_translated_entries_are_confirmed_and_its_fuzzy_ones_listed() {
    let corpus = Corpus::new();
    let release = |msgid: &str, fuzzy: bool| {
        let flag = if fuzzy { "#, fuzzy\n" } else { "" };
        format!(
            "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\nmsgid \"{msgid}\"\nmsgstr \"Пожалуйста, исправьте ошибку ниже.\"\n\n{flag}msgid \"Save and continue\"\nmsgstr \"Сохранить и продолжить\"\n"
        )
    };
    let import = |text: String, force: bool| {
        let path = corpus.write("admin.po", text);
        let mut args = vec!["import", "po", path.to_str().unwrap(), "--id", "admin"];
        if force {
            args.push("--force");
        }
        let run = corpus.run(&args);
        assert_eq!(run.code, 0, "{}", run.stderr);
    };
    let stale = |corpus: &Corpus| {
        let status: Value =
            serde_json::from_str(&corpus.run(&["status", "--format", "json"]).stdout).unwrap();
        let run = corpus.run(&["check", "admin", "--format", "json"]);
        let report: Value = serde_json::from_str(&run.stdout).unwrap();
        let checked = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["code"] == "stale-translation")
            .count();
        (
            status["stale"].as_array().unwrap().len(),
            checked,
            status["fuzzy"].as_array().unwrap().len(),
        )
    };
    // Translated and not fuzzy: confirmed on import, so nothing is stale.
    import(release("Please correct the error below.", false), false);
    commit(&corpus, "Release 1");
    assert_eq!(stale(&corpus), (0, 0, 0), "release 1");
    // The next release corrects the English under the same Russian: stale,
    // and the second entry comes back fuzzy: listed for review.
    import(release("Please correct the errors below.", true), true);
    commit(&corpus, "Release 2");
    assert_eq!(stale(&corpus), (1, 1, 1), "release 2");
}
