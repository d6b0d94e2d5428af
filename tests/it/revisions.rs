//! Two real revision histories, checked end to end against an independent
//! computation from the documents themselves: the Django Russian catalogues
//! of four releases, each imported over the last, and hand edits of the
//! bundled documents made the way a translator works. For every pair of
//! successive revisions `diff` must report exactly the paragraphs whose
//! records differ, with spans that rebuild both texts; `blame` must name
//! the revision that last changed each text; `log` must list exactly the
//! revisions that touched each paragraph.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use serde_json::Value;

use crate::support::{fixture, project_root, Corpus};

const RELEASES: [&str; 4] = ["2.2.28", "3.2.25", "4.2.16", "5.1.3"];

/// One revision: its commit and the documents' paragraphs at it, by id, in
/// order, as `show --rev` gives them.
struct Revision {
    commit: String,
    documents: BTreeMap<String, Vec<(String, Value)>>,
}

fn commit(corpus: &Corpus, message: &str, author: &str, date: &str) -> String {
    let run = corpus.run(&["commit", "-m", message, "--author", author, "--date", date]);
    assert_eq!(run.code, 0, "{message}: {}", run.stderr);
    run.stdout.trim().to_owned()
}

fn json(corpus: &Corpus, args: &[&str]) -> Value {
    let run = corpus.run(args);
    assert!(run.code == 0 || run.code == 1, "{args:?}: {}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

/// The documents as they are at `commit`, read with `show --rev`.
fn revision(corpus: &Corpus, commit: &str, ids: &[&str]) -> Revision {
    let mut documents = BTreeMap::new();
    for id in ids {
        let run = corpus.run(&["show", id, "--rev", commit, "--format", "json"]);
        if run.code != 0 {
            assert_eq!(run.code, 2, "{}", run.stderr);
            continue;
        }
        let doc: Value = serde_json::from_str(&run.stdout).unwrap();
        let paragraphs = doc["paragraph"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["id"].as_str().unwrap().to_owned(), p.clone()))
            .collect();
        documents.insert((*id).to_owned(), paragraphs);
    }
    Revision {
        commit: commit.to_owned(),
        documents,
    }
}

fn text(paragraph: Option<&Value>, side: &str) -> String {
    paragraph
        .and_then(|p| p[side].as_str())
        .unwrap_or("")
        .to_owned()
}

fn rebuilt(spans: &Value, keep: &str) -> String {
    spans
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["tag"] == "equal" || s["tag"] == keep)
        .map(|s| s["text"].as_str().unwrap())
        .collect()
}

/// The ids whose records differ between two versions of a document
/// (added, removed or changed in any value), computed from the records.
fn changed_ids(old: &[(String, Value)], new: &[(String, Value)]) -> BTreeSet<String> {
    changed_by(old, new, |a, b| a != b)
}

/// The texts of a paragraph record that history follows: source and
/// target with their plural forms.
fn texts(p: &Value) -> [&Value; 4] {
    [
        &p["source"],
        &p["target"],
        &p["source_plural"],
        &p["target_plural"],
    ]
}

/// The ids whose texts differ between two versions (added and removed
/// ones among them), computed from the records.
fn text_changed_ids(old: &[(String, Value)], new: &[(String, Value)]) -> BTreeSet<String> {
    changed_by(old, new, |a, b| match (a, b) {
        (Some(a), Some(b)) => texts(a) != texts(b),
        _ => true,
    })
}

fn changed_by(
    old: &[(String, Value)],
    new: &[(String, Value)],
    differ: impl Fn(Option<&&Value>, Option<&&Value>) -> bool,
) -> BTreeSet<String> {
    let old: BTreeMap<&String, &Value> = old.iter().map(|(id, p)| (id, p)).collect();
    let new: BTreeMap<&String, &Value> = new.iter().map(|(id, p)| (id, p)).collect();
    old.keys()
        .chain(new.keys())
        .filter(|id| old.get(*id) != new.get(*id) && differ(old.get(*id), new.get(*id)))
        .map(|id| (*id).clone())
        .collect()
}

/// Checks diff, blame and log over a history against the records; gives
/// how many paragraph changes were of values only.
fn verify(corpus: &Corpus, revisions: &[Revision], ids: &[&str]) -> usize {
    let mut checked_paragraphs = 0;
    let mut values_seen = 0;
    // Per document and paragraph: the revisions that touched it, and the
    // last revision that changed each side's text.
    let mut touched: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    let mut last_change: BTreeMap<(String, String, &str), String> = BTreeMap::new();
    let empty = Vec::new();
    for (k, rev) in revisions.iter().enumerate() {
        let (old_rev, diff) = if k == 0 {
            (None, None)
        } else {
            let old = &revisions[k - 1];
            let diff = json(
                corpus,
                &["diff", &old.commit, &rev.commit, "--format", "json"],
            );
            (Some(old), Some(diff))
        };
        for id in ids {
            let old = old_rev.and_then(|r| r.documents.get(*id)).unwrap_or(&empty);
            let new = rev.documents.get(*id).unwrap_or(&empty);
            // What the records say changed: texts (what diff calls
            // modified, and history follows), and other values only.
            let any = changed_ids(old, new);
            let expected = text_changed_ids(old, new);
            let values: BTreeSet<String> = any.difference(&expected).cloned().collect();
            for pid in &expected {
                touched
                    .entry((id.to_string(), pid.clone()))
                    .or_default()
                    .insert(rev.commit.clone());
            }
            let old_by: BTreeMap<&String, &Value> = old.iter().map(|(i, p)| (i, p)).collect();
            let new_by: BTreeMap<&String, &Value> = new.iter().map(|(i, p)| (i, p)).collect();
            for (pid, p) in new {
                for side in ["source", "target"] {
                    if text(old_by.get(pid).copied(), side) != text(Some(p), side)
                        || !old_by.contains_key(pid)
                    {
                        last_change.insert((id.to_string(), pid.clone(), side), rev.commit.clone());
                    }
                }
            }
            let Some(diff) = &diff else { continue };
            let document = diff["documents"]
                .as_array()
                .unwrap()
                .iter()
                .find(|d| d["id"] == *id);
            let Some(document) = document else {
                assert!(
                    any.is_empty(),
                    "{id} at {k}: diff reports nothing, records differ in {any:?}"
                );
                continue;
            };
            let mut reported = BTreeSet::new();
            let mut reported_values = BTreeSet::new();
            for p in document["paragraphs"].as_array().unwrap() {
                let pid = p["id"].as_str().unwrap().to_owned();
                let (before, after) = (old_by.get(&pid).copied(), new_by.get(&pid).copied());
                for side in ["source", "target"] {
                    assert_eq!(
                        rebuilt(&p[side], "delete"),
                        text(before, side),
                        "{id}#{pid} {side} old, revision {k}"
                    );
                    assert_eq!(
                        rebuilt(&p[side], "insert"),
                        text(after, side),
                        "{id}#{pid} {side} new, revision {k}"
                    );
                }
                if p["status"] == "moved" {
                    // Same record, another place among the paragraphs.
                    assert_eq!(before, after, "{id}#{pid} moved but changed");
                } else if p["status"] == "values" {
                    // Same texts, other values changed: never shown as a
                    // text change.
                    let (b, a) = (before.unwrap(), after.unwrap());
                    assert_eq!(texts(b), texts(a), "{id}#{pid}: values, but texts differ");
                    assert!(!p["fields"].as_array().unwrap().is_empty(), "{id}#{pid}");
                    reported_values.insert(pid);
                    values_seen += 1;
                } else {
                    reported.insert(pid);
                }
                checked_paragraphs += 1;
            }
            assert_eq!(
                reported, expected,
                "{id}: modified paragraphs, revision {k}"
            );
            assert_eq!(
                reported_values, values,
                "{id}: values changed, revision {k}"
            );
            // Leaving out the paragraphs reported (changed ones may move
            // too), the others kept their order.
            let listed: BTreeSet<&str> = document["paragraphs"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["id"].as_str().unwrap())
                .collect();
            let order =
                |list: &[(String, Value)], other: &BTreeMap<&String, &Value>| -> Vec<String> {
                    list.iter()
                        .map(|(i, _)| i.clone())
                        .filter(|i| other.contains_key(i) && !listed.contains(i.as_str()))
                        .collect()
                };
            assert_eq!(
                order(old, &new_by),
                order(new, &old_by),
                "{id}: unreported move, revision {k}"
            );
        }
    }
    assert!(checked_paragraphs > 0, "the history changed nothing");

    let last = revisions.last().unwrap();
    for id in ids {
        // Blame at the last revision names, for each side of each
        // paragraph, the revision that last changed that text.
        let blame = json(corpus, &["blame", id, "--format", "json"]);
        let paragraphs = blame["paragraphs"].as_array().unwrap();
        assert_eq!(paragraphs.len(), last.documents[*id].len());
        for p in paragraphs {
            let pid = p["id"].as_str().unwrap();
            for side in ["source", "target"] {
                let expected = last_change.get(&(id.to_string(), pid.to_owned(), side));
                let has_text = p[side].is_object();
                let record = last.documents[*id].iter().find(|(i, _)| i == pid).unwrap();
                assert_eq!(has_text, record.1[side].is_string(), "{id}#{pid} {side}");
                if has_text {
                    assert_eq!(
                        p[side]["commit"].as_str(),
                        expected.map(String::as_str),
                        "blame {id}#{pid} {side}"
                    );
                }
            }
        }
        // The log of the document lists, for each revision, the paragraphs
        // whose texts it changed: exactly those.
        let log = json(corpus, &["log", id, "--format", "json"]);
        let mut logged: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for r in log["revisions"].as_array().unwrap() {
            for p in r["paragraphs"].as_array().unwrap() {
                let (doc, pid) = p.as_str().unwrap().split_once('#').unwrap();
                if doc == *id {
                    logged
                        .entry(pid.to_owned())
                        .or_default()
                        .insert(r["commit"].as_str().unwrap().to_owned());
                }
            }
        }
        for ((doc, pid), commits) in &touched {
            if doc != id {
                continue;
            }
            assert_eq!(logged.get(pid), Some(commits), "log of {id}#{pid}");
        }
        // And no revision is listed for a paragraph whose texts it left.
        for (pid, commits) in &logged {
            assert_eq!(
                touched.get(&(id.to_string(), pid.clone())),
                Some(commits),
                "log of {id}#{pid} lists revisions that did not change its texts"
            );
        }
    }
    // `log --paragraph` on its own, for paragraphs touched more than once.
    for (doc, pid) in touched.keys().filter(|k| touched[*k].len() > 1).take(4) {
        let log = json(
            corpus,
            &["log", doc, "--paragraph", pid, "--format", "json"],
        );
        let listed: BTreeSet<String> = log["revisions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["commit"].as_str().unwrap().to_owned())
            .collect();
        let expected = &touched[&(doc.clone(), pid.clone())];
        assert_eq!(&listed, expected, "log --paragraph {doc}#{pid}");
    }
    values_seen
}

fn git_fsck(corpus: &Corpus) {
    let output = Command::new("git")
        .args(["fsck", "--strict"])
        .current_dir(corpus.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn django_releases_make_a_history_that_diffs_blames_and_logs_right() {
    let corpus = Corpus::new();
    let ids = ["django-admin", "django-core"];
    let mut revisions = Vec::new();
    for (k, release) in RELEASES.iter().enumerate() {
        for (id, catalogue) in [("django-admin", "admin"), ("django-core", "core")] {
            let file = fixture(&format!("django-ru-po/{catalogue}-{release}.po"));
            let run = corpus.run(&[
                "import",
                "po",
                file.to_str().unwrap(),
                "--id",
                id,
                "--force",
            ]);
            assert_eq!(run.code, 0, "{}", run.stderr);
        }
        let date = format!("202{k}-0{}-01T12:00:00+03:00", k + 1);
        let commit = commit(
            &corpus,
            &format!("Django {release}"),
            "Алексей Борискин <sun.void@example.org>",
            &date,
        );
        revisions.push(revision(&corpus, &commit, &ids));
    }
    let values = verify(&corpus, &revisions, &ids);
    assert!(
        values > 0,
        "no release changed values only: the rule went untested"
    );
    git_fsck(&corpus);

    // Ids stay with their entries across releases: an entry present in
    // all four releases with the same msgid keeps one id.
    let first = &revisions[0].documents["django-core"];
    let last = &revisions[3].documents["django-core"];
    let by_source = |list: &[(String, Value)], source: &str| {
        list.iter()
            .find(|(_, p)| p["source"] == source)
            .map(|(id, _)| id.clone())
    };
    assert_eq!(by_source(first, "Afrikaans"), by_source(last, "Afrikaans"));
    // An entry whose msgid was edited (straight quotes became curly ones
    // in 3.2) keeps its id, and as its msgstr stayed, it is stale.
    let old_id = by_source(first, "%(datetime)s couldn't be interpreted in time zone %(current_timezone)s; it may be ambiguous or it may not exist.").unwrap();
    let new_id = by_source(last, "%(datetime)s couldn’t be interpreted in time zone %(current_timezone)s; it may be ambiguous or it may not exist.").unwrap();
    assert_eq!(old_id, new_id);
    let status = json(&corpus, &["status", "--format", "json"]);
    let stale: Vec<String> = status["stale"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{}#{}",
                s["document"].as_str().unwrap(),
                s["paragraph"].as_str().unwrap()
            )
        })
        .collect();
    assert!(
        stale.contains(&format!("django-core#{new_id}")),
        "{stale:?}"
    );
    // Every stale paragraph really is one: its msgid changed in some
    // release while its msgstr stayed the same since.
    for entry in &stale {
        let (doc, pid) = entry.split_once('#').unwrap();
        let versions: Vec<&Value> = revisions
            .iter()
            .filter_map(|r| {
                r.documents[doc]
                    .iter()
                    .find(|(i, _)| i == pid)
                    .map(|(_, p)| p)
            })
            .collect();
        let last = versions.last().unwrap();
        let confirmed_at = versions
            .iter()
            .rposition(|p| p["target"] != last["target"])
            .map_or(0, |k| k + 1);
        assert!(
            versions[confirmed_at..]
                .iter()
                .any(|p| p["source"] != last["source"]),
            "{entry} is not stale"
        );
    }
}

/// Replaces `from` by `to` in a document file, once.
fn edit(corpus: &Corpus, id: &str, from: &str, to: &str) {
    let text = corpus.document(id);
    assert!(text.contains(from), "{id}: {from}");
    corpus.write(
        &format!("translations/{id}.toml"),
        text.replacen(from, to, 1),
    );
}

/// Rewrites a document file's paragraph tables: `change` gets them as
/// text blocks and returns the new list.
fn edit_paragraphs(corpus: &Corpus, id: &str, change: impl FnOnce(&mut Vec<String>)) {
    let text = corpus.document(id);
    let mut parts: Vec<String> = text.split("\n[[paragraph]]\n").map(str::to_owned).collect();
    let head = parts.remove(0);
    change(&mut parts);
    let mut out = head;
    for part in parts {
        out.push_str("\n[[paragraph]]\n");
        out.push_str(&part);
    }
    corpus.write(&format!("translations/{id}.toml"), out);
}

#[test]
fn a_translator_s_hand_edits_make_a_history_that_diffs_blames_and_logs_right() {
    let corpus = Corpus::new();
    let ids = ["debian-lenny-dedication-de", "maint-guide-first-ru"];
    for id in ids {
        let bundled =
            std::fs::read(project_root().join(format!("translations/{id}.toml"))).unwrap();
        corpus.write(&format!("translations/{id}.toml"), bundled);
    }
    let mut revisions = Vec::new();
    let mut record = |corpus: &Corpus, message: &str, author: &str, date: &str| {
        let commit = commit(corpus, message, author, date);
        revisions.push(revision(corpus, &commit, &ids));
    };
    record(
        &corpus,
        "Bundled texts",
        "Anna Weber <anna@example.org>",
        "2024-03-01T09:00:00+01:00",
    );

    // A missing year put in; a word chosen better in the Russian.
    let de = "debian-lenny-dedication-de";
    let ru = "maint-guide-first-ru";
    edit(
        &corpus,
        de,
        "starb am 26. Dezember in",
        "starb am 26. Dezember 2008 in",
    );
    edit(&corpus, ru, "Давайте попробуем", "Давайте-ка попробуем");
    record(
        &corpus,
        "Year of death; a livelier opening",
        "Борис Иванов <boris@example.org>",
        "2024-03-02T10:30:00+03:00",
    );

    // The original corrected: the German translation of p4 goes stale;
    // the title tidied.
    edit(
        &corpus,
        de,
        "will be missed. His contributions",
        "will be sorely missed. His contributions",
    );
    edit(
        &corpus,
        de,
        "title = \"Lenny dedicated to Thiemo Seufer\"",
        "title = \"Debian 5.0 “Lenny” dedicated to Thiemo Seufer\"",
    );
    record(
        &corpus,
        "Original of p4 corrected",
        "Anna Weber <anna@example.org>",
        "2024-03-03T08:00:00+01:00",
    );
    let status = json(&corpus, &["status", "--format", "json"]);
    assert_eq!(status["stale"][0]["paragraph"], "p4", "{status}");

    // The translator reviews p4 and confirms it; revises a Russian
    // paragraph.
    let run = corpus.run(&["confirm", de, "p4"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    edit(
        &corpus,
        ru,
        "Каждый шаг, показанный ранее",
        "Каждый шаг, показанный выше",
    );
    record(
        &corpus,
        "p4 reviewed",
        "Anna Weber <anna@example.org>",
        "2024-03-04T08:00:00+01:00",
    );
    let status = json(&corpus, &["status", "--format", "json"]);
    assert_eq!(status["stale"], Value::Array(Vec::new()));

    // A paragraph dropped, one added, two swapped.
    edit_paragraphs(&corpus, ru, |parts| {
        parts.pop();
        parts.push("id = \"p99\"\nsource = \"A new closing paragraph.\"\ntarget = \"Новый заключительный абзац.\"\n".into());
        parts.swap(1, 2);
    });
    record(
        &corpus,
        "Restructure the end",
        "Борис Иванов <boris@example.org>",
        "2024-03-05T18:45:00+03:00",
    );

    let values = verify(&corpus, &revisions, &ids);
    assert!(
        values > 0,
        "no release changed values only: the rule went untested"
    );
    git_fsck(&corpus);
    let output = Command::new("git")
        .args(["log", "--format=%an|%aI|%s"])
        .current_dir(corpus.path())
        .output()
        .unwrap();
    let log = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        log.lines().next(),
        Some("Борис Иванов|2024-03-05T18:45:00+03:00|Restructure the end")
    );
    assert_eq!(log.lines().count(), 5);
}

/// The blocks of a plain text, as blank lines separate them.
fn blocks(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|b| b.trim_matches('\n').to_owned())
        .filter(|b| !b.is_empty())
        .collect()
}

#[test]
fn plain_text_revisions_imported_over_each_other_diff_blame_and_log_by_text() {
    // A real bilingual text, revised the way a team revises one, each
    // revision imported over the last as plain text and committed.
    let corpus = Corpus::new();
    let en = blocks(&std::fs::read_to_string(fixture("maint-guide-first.en.txt")).unwrap());
    let ru = blocks(&std::fs::read_to_string(fixture("maint-guide-first.ru.txt")).unwrap());
    assert_eq!(en.len(), ru.len());
    type Step = fn(&mut Vec<String>, &mut Vec<String>);
    let steps: [(&str, Step); 5] = [
        ("As published", |_, _| {}),
        (
            "A clearer Russian sentence, an English typo fixed",
            |en, ru| {
                ru[3] = ru[3].replacen("пакет", "пакет Debian", 1);
                en[5] = en[5].replacen("the", "the very", 1);
            },
        ),
        (
            "A note added to both, an obsolete paragraph dropped",
            |en, ru| {
                en.insert(
                    8,
                    "This note was added in a later revision of the guide.".into(),
                );
                ru.insert(
                    8,
                    "Это примечание добавлено в более поздней редакции руководства.".into(),
                );
                en.remove(1);
                ru.remove(1);
            },
        ),
        ("The original revised, the translation not yet", |en, _| {
            let last = en.len() - 2;
            en[last].push_str(" (Revised.)");
        }),
        ("The translation follows", |_, ru| {
            let last = ru.len() - 2;
            ru[last].push_str(" (Исправлено.)");
        }),
    ];
    let (mut en, mut ru) = (en, ru);
    let mut revisions = Vec::new();
    for (k, (message, step)) in steps.iter().enumerate() {
        step(&mut en, &mut ru);
        let source = corpus.write("mg.en.txt", en.join("\n\n") + "\n");
        let target = corpus.write("mg.ru.txt", ru.join("\n\n") + "\n");
        let force: &[&str] = if k == 0 { &[] } else { &["--force"] };
        let run = corpus.import_pair(
            "text",
            "mg",
            Some((&source, "en")),
            Some((&target, "ru")),
            force,
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let date = format!("2024-0{}-01T12:00:00Z", k + 1);
        let commit = commit(&corpus, message, "Анна Петрова <anna@example.org>", &date);
        revisions.push(revision(&corpus, &commit, &["mg"]));
        // Stale: the English typo fixed in revision 1 under an unchanged
        // translation, and from revision 3 to 4 the revised original.
        let stale = json(&corpus, &["status", "--format", "json"])["stale"]
            .as_array()
            .map_or(0, Vec::len);
        assert_eq!(stale, [0, 1, 1, 2, 1][k], "stale after revision {k}");
    }
    // Re-importing changed only what changed: no paragraph whose texts
    // stayed shows any change.
    assert_eq!(
        verify(&corpus, &revisions, &["mg"]),
        0,
        "values changed by re-import"
    );
    git_fsck(&corpus);
}
