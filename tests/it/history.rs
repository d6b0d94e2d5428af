//! The git-backed history: commit, log and revision diffs, on real git
//! repositories made by the tests; the history written must satisfy
//! `git fsck`.

use std::process::Command;

use serde_json::Value;

use crate::support::{import_seed, Corpus, Run};

fn git_output(corpus: &Corpus, args: &[&str]) -> std::process::Output {
    Command::new("git")
        .args(args)
        .current_dir(corpus.path())
        .output()
        .expect("git runs")
}

fn git(corpus: &Corpus, args: &[&str]) -> String {
    let output = git_output(corpus, args);
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn commit(corpus: &Corpus, message: &str, author: &str, date: &str, docs: &[&str]) -> Run {
    let mut args = vec!["commit", "-m", message, "--author", author, "--date", date];
    args.extend(docs);
    corpus.run(&args)
}

fn edit(corpus: &Corpus, id: &str, from: &str, to: &str) {
    let text = corpus.document(id);
    assert!(text.contains(from), "{from}");
    corpus.write(
        &format!("translations/{id}.toml"),
        text.replacen(from, to, 1),
    );
}

/// A corpus with the telegram and three revisions of it.
fn telegram_history() -> (Corpus, Vec<String>) {
    let corpus = Corpus::new();
    assert_eq!(import_seed(&corpus).code, 0);
    let mut commits = Vec::new();
    let run = commit(
        &corpus,
        "Import the telegram",
        "Анна Петрова <anna@example.org>",
        "2024-05-01T10:00:00+03:00",
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    commits.push(run.stdout.trim().to_owned());
    edit(
        &corpus,
        "wcda-112106",
        "Peng Dehuai writes that he",
        "Peng Dehuai wrote that he",
    );
    let run = commit(
        &corpus,
        "Tense in p4",
        "Boris Ivanov <boris@example.org>",
        "2024-05-02T09:00:00Z",
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    commits.push(run.stdout.trim().to_owned());
    edit(&corpus, "wcda-112106", "Why is this?", "Why?");
    edit(
        &corpus,
        "wcda-112106",
        "Peng Dehuai wrote that he",
        "Peng Dehuai writes that he",
    );
    let run = commit(
        &corpus,
        "Shorter question in p5; p4 back",
        "Анна Петрова <anna@example.org>",
        "2024-05-03T12:30:00+03:00",
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    commits.push(run.stdout.trim().to_owned());
    (corpus, commits)
}

#[test]
fn commits_are_real_git_history() {
    let (corpus, commits) = telegram_history();
    git(&corpus, &["fsck", "--strict"]);
    let log = git(&corpus, &["log", "--format=%H|%an|%ae|%aI|%s"]);
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(
        lines[2],
        format!(
            "{}|Анна Петрова|anna@example.org|2024-05-01T10:00:00+03:00|Import the telegram",
            commits[0]
        )
    );
    assert_eq!(
        lines[1],
        format!(
            "{}|Boris Ivanov|boris@example.org|2024-05-02T09:00:00Z|Tense in p4",
            commits[1]
        )
    );
    let message = git(&corpus, &["log", "-1", "--format=%B", &commits[1]]);
    assert!(
        message.contains("Changed-Document: wcda-112106\nChanged-Paragraph: wcda-112106#p4\n"),
        "{message}"
    );
    // Only the corpus is committed: translations/, bitext.toml, and with
    // the first revision the attributes and the schema `init` wrote, so a
    // clone has them.
    let files = git(&corpus, &["ls-tree", "-r", "--name-only", "HEAD"]);
    assert_eq!(
        files,
        ".gitattributes\n.gitignore\nbitext.toml\nschemas/document.schema.json\ntranslations/wcda-112106.toml\n"
    );
    // Plain git agrees that nothing is left to commit there.
    assert_eq!(
        git(
            &corpus,
            &["status", "--porcelain", "translations", "bitext.toml"]
        ),
        ""
    );
}

#[test]
fn nothing_to_commit_exits_1() {
    let (corpus, _) = telegram_history();
    let run = corpus.run(&["commit", "-m", "again"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("nothing to commit"), "{}", run.stderr);
}

#[test]
fn log_lists_exactly_the_revisions_that_touched_a_paragraph() {
    let (corpus, commits) = telegram_history();
    let log = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["log", "--format", "json"];
        all.extend(args);
        let run = corpus.run(&all);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let value: Value = serde_json::from_str(&run.stdout).unwrap();
        value["revisions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["commit"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        log(&[]),
        [commits[2].clone(), commits[1].clone(), commits[0].clone()]
    );
    assert_eq!(
        log(&["wcda-112106", "--paragraph", "p4"]),
        [commits[2].clone(), commits[1].clone(), commits[0].clone()]
    );
    assert_eq!(
        log(&["wcda-112106", "--paragraph", "p5"]),
        [commits[2].clone(), commits[0].clone()]
    );
    assert_eq!(
        log(&["wcda-112106", "--paragraph", "p9"]),
        [commits[0].clone()]
    );
}

#[test]
fn diff_between_revisions_and_against_the_working_tree() {
    let (corpus, commits) = telegram_history();
    let run = corpus.run(&["diff", "HEAD~2", "HEAD~1", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let value: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["old"], "HEAD~2");
    let paragraphs = value["documents"][0]["paragraphs"].as_array().unwrap();
    assert_eq!(paragraphs.len(), 1);
    assert_eq!(paragraphs[0]["id"], "p4");
    let stat = corpus.run(&["diff", "HEAD~2", "HEAD", "--stat"]);
    assert_eq!(
        stat.stdout, "wcda-112106 | 1 paragraph, -2 +0 words\n",
        "{}",
        stat.stderr
    );
    let by_id = corpus.run(&["diff", &commits[1], &commits[2]]);
    assert!(
        by_id.stdout.contains("Why[- is this-]?"),
        "{}",
        by_id.stdout
    );
    assert!(
        by_id.stdout.contains("[-wrote-]{+writes+}"),
        "{}",
        by_id.stdout
    );
    // HEAD against the working tree: clean, then one edit.
    assert_eq!(corpus.run(&["diff"]).code, 0);
    edit(
        &corpus,
        "wcda-112106",
        "FILIPPOV [Stalin]",
        "FILIPPOV [I. V. Stalin]",
    );
    let run = corpus.run(&["diff"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("  p8 (modified)\n    target: FILIPPOV [{+I. V. +}Stalin]"),
        "{}",
        run.stdout
    );
}

#[test]
fn bad_revisions_and_repositories_are_clear_errors() {
    let (corpus, _) = telegram_history();
    let before = corpus.snapshot();
    let run = corpus.run(&["diff", "no-such-revision", "HEAD", "--format", "json"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("\"no-such-revision\" is neither a revision nor a document"),
        "{}",
        run.stderr
    );
    let run = corpus.run(&["diff", "HEAD", "wcda-999"]);
    assert_eq!(run.code, 2);
    assert_eq!(corpus.snapshot(), before);
    // A detached HEAD: refused, nothing changed.
    git(&corpus, &["checkout", "-q", "--detach", "HEAD~1"]);
    edit(&corpus, "wcda-112106", "BEIJING", "PEKING");
    let detached = corpus.snapshot();
    let refs = git(&corpus, &["for-each-ref"]);
    let head = git(&corpus, &["rev-parse", "HEAD"]);
    let run = corpus.run(&["commit", "-m", "on a detached head"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("HEAD is detached"), "{}", run.stderr);
    assert_eq!(corpus.snapshot(), detached);
    assert_eq!(git(&corpus, &["for-each-ref"]), refs);
    assert_eq!(git(&corpus, &["rev-parse", "HEAD"]), head);

    // A corpus outside any repository, and a repository without commits.
    let plain = tempfile::tempdir().unwrap();
    std::fs::write(plain.path().join("bitext.toml"), "").unwrap();
    std::fs::create_dir(plain.path().join("translations")).unwrap();
    let run = crate::support::run_in(plain.path(), &["log"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("not in a git repository"),
        "{}",
        run.stderr
    );
    // Before the first commit there is nothing to compare with: an empty
    // corpus has no difference (see before_the_first_commit_everything_is_new).
    let fresh = Corpus::new();
    let run = fresh.run(&["diff"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(fresh.run(&["log"]).code, 0);
}

#[test]
fn documents_missing_at_a_revision_and_damaged_repositories_are_clear_errors() {
    let (corpus, _) = telegram_history();
    let en = crate::support::fixture("dedication-5.0.en.txt");
    let run = corpus.import_pair("text", "ded", Some((&en, "en")), None, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(corpus.run(&["commit", "-m", "dedication"]).code, 0);
    let before = corpus.snapshot();
    for (args, message) in [
        (
            &["show", "ded", "--rev", "HEAD~1"][..],
            "no document \"ded\" in revision HEAD~1",
        ),
        (&["blame", "nope"][..], "no document \"nope\" at HEAD"),
        (
            &["log", "nope"][..],
            "no document \"nope\" in the corpus or its history",
        ),
    ] {
        let run = corpus.run(args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
    }
    assert_eq!(corpus.snapshot(), before);

    // A damaged object: every command that needs it says so, exit 2.
    let tree = git(&corpus, &["rev-parse", "HEAD^{tree}"]);
    let tree = tree.trim();
    let object = corpus
        .path()
        .join(".git/objects")
        .join(&tree[..2])
        .join(&tree[2..]);
    let mut permissions = std::fs::metadata(&object).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(&object, permissions).unwrap();
    std::fs::write(&object, "not a git object").unwrap();
    std::fs::write(corpus.path().join(".git/damaged-on-purpose"), "").unwrap();
    for args in [
        &["diff", "HEAD~1", "HEAD"][..],
        &["log"][..],
        &["blame", "ded"][..],
        &["commit", "-m", "more"][..],
    ] {
        let run = corpus.run(args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(
            run.stderr.contains("the repository is damaged"),
            "{args:?}: {}",
            run.stderr
        );
    }
    assert_eq!(corpus.snapshot(), before);
}

#[test]
fn concurrent_commits_lose_nothing() {
    let corpus = Corpus::new();
    let seed = crate::support::fixture("wcda-112106.txt");
    for id in ["a", "b"] {
        let run = corpus.run(&["import", "archive", seed.to_str().unwrap(), "--id", id]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    assert_eq!(
        commit(
            &corpus,
            "Both",
            "A <a@example.org>",
            "2024-01-01T00:00:00Z",
            &[]
        )
        .code,
        0
    );
    for round in 0..5 {
        edit(&corpus, "a", "BEIJING", &format!("BEIJING {round}a"));
        edit(&corpus, "b", "BEIJING", &format!("BEIJING {round}b"));
        let spawn = |id: &str| {
            Command::new(env!("CARGO_BIN_EXE_bitext"))
                .args(["commit", "-m", id, "--author", "A <a@example.org>", id])
                .current_dir(corpus.path())
                .output()
                .unwrap()
        };
        let (first, second) = std::thread::scope(|s| {
            let a = s.spawn(|| spawn("a"));
            let b = s.spawn(|| spawn("b"));
            (a.join().unwrap(), b.join().unwrap())
        });
        for (id, output) in [("a", first), ("b", second)] {
            let code = output.status.code().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            match code {
                0 => {
                    // The commit that says it landed is in the history,
                    // with this round's edit.
                    let log = git(&corpus, &["log", "--format=%H %s"]);
                    let commit = log
                        .lines()
                        .find_map(|l| l.strip_suffix(&format!(" {id}")))
                        .unwrap_or_else(|| panic!("{id} committed but not in the history:\n{log}"));
                    let committed = git(
                        &corpus,
                        &["show", &format!("{commit}:translations/{id}.toml")],
                    );
                    assert!(
                        committed.contains(&format!("BEIJING {round}{id}")),
                        "{id}, round {round}"
                    );
                }
                2 => assert!(stderr.contains("moved while committing"), "{stderr}"),
                other => panic!("{id}: exit {other}: {stderr}"),
            }
        }
        // Whatever failed commits cleanly now: nothing was lost.
        let _ = corpus.run(&["commit", "-m", "catch up", "--author", "A <a@example.org>"]);
        for id in ["a", "b"] {
            let head = git(&corpus, &["show", &format!("HEAD:translations/{id}.toml")]);
            assert!(
                head.contains(&format!("BEIJING {round}{id}")),
                "{id} lost in round {round}"
            );
        }
        git(&corpus, &["fsck", "--strict"]);
    }
}

#[test]
fn blame_names_the_revision_that_last_changed_each_text() {
    let (corpus, commits) = telegram_history();
    let run = corpus.run(&["blame", "wcda-112106", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let value: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["document"], "wcda-112106");
    let by_id = |id: &str| {
        value["paragraphs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .unwrap()
            .clone()
    };
    // p4 changed in the second revision and back in the third: the third
    // is the last change.
    assert_eq!(by_id("p4")["target"]["commit"], commits[2].as_str());
    assert_eq!(by_id("p5")["target"]["commit"], commits[2].as_str());
    assert_eq!(by_id("p5")["target"]["author"], "Анна Петрова");
    assert_eq!(
        by_id("p5")["target"]["message"],
        "Shorter question in p5; p4 back"
    );
    for id in ["p1", "p2", "p3", "p6", "p7", "p8", "p9", "p10"] {
        assert_eq!(by_id(id)["target"]["commit"], commits[0].as_str(), "{id}");
        assert_eq!(by_id(id)["source"], Value::Null, "{id} has no original");
    }
}

#[test]
fn show_reads_a_document_at_a_revision() {
    let (corpus, _) = telegram_history();
    let old = corpus.run(&["show", "wcda-112106", "--rev", "HEAD~1", "--format", "json"]);
    assert_eq!(old.code, 0, "{}", old.stderr);
    assert!(old.stdout.contains("Peng Dehuai wrote that he"));
    let now = corpus.run(&["show", "wcda-112106", "--rev", "HEAD", "--format", "json"]);
    assert!(now.stdout.contains("Peng Dehuai writes that he"));
    let missing = corpus.run(&["show", "nothing", "--rev", "HEAD"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing
            .stderr
            .contains("no document \"nothing\" in revision HEAD"),
        "{}",
        missing.stderr
    );
}

#[test]
fn a_changed_original_makes_its_translation_stale_without_history() {
    // No commits at all: staleness is in the record, as in a shallow clone.
    let corpus = Corpus::new();
    let en = crate::support::fixture("dedication-5.0.en.txt");
    let de = crate::support::fixture("dedication-5.0.de.txt");
    let run = corpus.import_pair("text", "lenny", Some((&en, "en")), Some((&de, "de")), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let status = |corpus: &Corpus| -> Value {
        let run = corpus.run(&["status", "--format", "json"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        serde_json::from_str(&run.stdout).unwrap()
    };
    assert_eq!(status(&corpus)["stale"], Value::Array(vec![]));
    // The original of p2 is revised; its translation is now stale.
    edit(
        &corpus,
        "lenny",
        "in a tragic car accident",
        "in a tragic road accident",
    );
    let stale = status(&corpus)["stale"].clone();
    assert_eq!(
        stale,
        serde_json::json!([{ "document": "lenny", "paragraph": "p2" }])
    );
    let human = corpus.run(&["status"]);
    assert!(
        human.stdout.contains("stale translations (1): lenny#p2"),
        "{}",
        human.stdout
    );
    // The translator edits the translation: no longer stale.
    edit(
        &corpus,
        "lenny",
        "tragischen Autounfall",
        "tragischen Verkehrsunfall",
    );
    assert_eq!(status(&corpus)["stale"], Value::Array(vec![]));
    // Another revised original, confirmed as still correctly translated.
    edit(
        &corpus,
        "lenny",
        "He maintained several",
        "He maintained a number of",
    );
    assert_eq!(status(&corpus)["stale"][0]["paragraph"], "p3");
    let run = corpus.run(&["confirm", "lenny", "p3"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(status(&corpus)["stale"], Value::Array(vec![]));
    assert_eq!(
        corpus.run(&["fmt", "--check"]).code,
        0,
        "confirm writes canonically"
    );
}

#[test]
fn status_lists_documents_changed_against_head() {
    let (corpus, _) = telegram_history();
    let run = corpus.run(&["status", "--format", "json"]);
    let value: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["changed"], Value::Array(vec![]));
    assert_eq!(value["missing_source"].as_array().unwrap().len(), 10);
    edit(&corpus, "wcda-112106", "BEIJING", "PEKING");
    let run = corpus.run(&["status", "--format", "json"]);
    let value: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        value["changed"],
        serde_json::json!([{ "document": "wcda-112106", "status": "modified" }])
    );
}

#[test]
fn plain_git_diff_shows_paragraphs_through_the_driver() {
    let (corpus, _) = telegram_history();
    assert!(
        std::fs::read_to_string(corpus.path().join(".gitattributes"))
            .unwrap()
            .contains("translations/*.toml diff=bitext")
    );
    edit(
        &corpus,
        "wcda-112106",
        "FILIPPOV [Stalin]",
        "FILIPPOV [I. V. Stalin]",
    );
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_bitext"))
        .parent()
        .unwrap()
        .to_owned();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = Command::new("git")
        .args(["diff", "--", "translations"])
        .current_dir(corpus.path())
        .env("PATH", &path)
        .output()
        .unwrap();
    let diff = String::from_utf8(output.stdout).unwrap();
    assert!(
        diff.contains(" ¶ p8\n-target: FILIPPOV [Stalin]\n+target: FILIPPOV [I. V. Stalin]\n"),
        "{diff}"
    );

    // A file that does not parse (a merge's markers, say) is shown as it
    // is: git diff still works.
    let broken =
        corpus
            .document("wcda-112106")
            .replacen("[[paragraph]]", "<<<<<<< ours\n[[paragraph]]", 1);
    corpus.write("translations/wcda-112106.toml", &broken);
    let output = Command::new("git")
        .args(["diff", "--", "translations"])
        .current_dir(corpus.path())
        .env("PATH", &path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let diff = String::from_utf8(output.stdout).unwrap();
    assert!(diff.contains("+<<<<<<< ours"), "{diff}");
}

#[test]
fn diff_html_is_one_escaped_self_contained_page() {
    let (corpus, _) = telegram_history();
    edit(
        &corpus,
        "wcda-112106",
        "FILIPPOV [Stalin]",
        "FILIPPOV <script>alert('x')</script> & Co.",
    );
    let run = corpus.run(&["diff", "--html", "changes.html"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let page = std::fs::read_to_string(corpus.path().join("changes.html")).unwrap();
    assert!(page.starts_with("<!doctype html>"));
    assert!(!page.contains("<script"), "text must be escaped");
    assert!(
        page.contains("<ins>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co.</ins>"),
        "{page}"
    );
    assert!(
        page.contains("<del>[Stalin]</del>") || page.contains("<del>[Stalin</del>"),
        "{page}"
    );
    assert!(!page.contains("http"), "nothing loaded from the network");
}

#[test]
fn a_batch_of_commits_lands_whole_or_not_at_all() {
    use bitext::history::{CommitOptions, History};
    let (corpus, commits) = telegram_history();
    let history = History::open(corpus.path()).unwrap();
    let options = |k: i64| CommitOptions {
        message: format!("Batch revision {k}"),
        author: Some("Борис Иванов <boris@example.org>".into()),
        time: Some((1_714_600_000 + k * 60, 180)),
    };
    let id = bitext::DocumentId::new("wcda-112106").unwrap();
    let objects = |corpus: &Corpus| git(corpus, &["count-objects", "-v"]);

    // A batch that fails part way leaves the branch, the objects and the
    // index as they were.
    let before = (git(&corpus, &["rev-parse", "HEAD"]), objects(&corpus));
    let result = history.batch(|batch| {
        edit(&corpus, "wcda-112106", "Why?", "Why is this so?");
        batch.commit(&options(1), std::slice::from_ref(&id))?;
        Err::<(), _>(bitext::Error::History {
            path: corpus.path().to_owned(),
            message: "stopped".into(),
        })
    });
    assert!(result.is_err());
    assert_eq!(
        (git(&corpus, &["rev-parse", "HEAD"]), objects(&corpus)),
        before
    );

    // A batch that succeeds lands every revision, in order.
    let (_, landed) = history
        .batch(|batch| {
            for (k, (from, to)) in [("Why is this so?", "Why so?"), ("Why so?", "Why?")]
                .into_iter()
                .enumerate()
            {
                edit(&corpus, "wcda-112106", from, to);
                batch.commit(&options(k as i64 + 2), std::slice::from_ref(&id))?;
            }
            Ok(())
        })
        .unwrap();
    assert_eq!(landed.len(), 2);
    assert_eq!(landed[0].paragraphs, ["wcda-112106#p5"]);
    let log = git(&corpus, &["log", "--format=%H %s"]);
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), commits.len() + 2);
    assert_eq!(lines[0], format!("{} Batch revision 3", landed[1].commit));
    assert_eq!(lines[1], format!("{} Batch revision 2", landed[0].commit));
    git(&corpus, &["fsck", "--strict"]);
    assert_eq!(
        git(&corpus, &["status", "--porcelain", "translations"]),
        "",
        "the index follows the batch"
    );
}

/// A corpus with the telegram imported and committed.
fn telegram_committed() -> Corpus {
    let corpus = Corpus::new();
    assert_eq!(import_seed(&corpus).code, 0);
    let run = commit(
        &corpus,
        "The telegram",
        "A <a@example.org>",
        "2024-01-01T00:00:00Z",
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    corpus
}

/// Runs git in the corpus and gives its exit code and output.
fn git_run(corpus: &Corpus, args: &[&str]) -> (i32, String) {
    let output = git_output(corpus, args);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code().unwrap_or(-1), text)
}

#[test]
fn commit_keeps_what_the_user_staged_elsewhere() {
    let corpus = Corpus::new();
    assert_eq!(import_seed(&corpus).code, 0);
    corpus.write("NOTES.md", "Notes of the editor.\n");
    git(&corpus, &["add", "NOTES.md"]);
    let run = commit(
        &corpus,
        "The telegram",
        "A <a@example.org>",
        "2024-01-01T00:00:00Z",
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Still staged, not committed.
    let status = git(&corpus, &["status", "--porcelain"]);
    assert!(status.contains("A  NOTES.md"), "{status}");
    let files = git(&corpus, &["ls-tree", "-r", "--name-only", "HEAD"]);
    assert!(!files.contains("NOTES.md"), "{files}");
    // The committed documents are clean in git's eyes.
    assert_eq!(git(&corpus, &["status", "--porcelain", "translations"]), "");
    // A second bitext commit leaves it staged too.
    edit(&corpus, "wcda-112106", "BEIJING", "PEKING");
    let run = commit(
        &corpus,
        "Peking",
        "A <a@example.org>",
        "2024-01-02T00:00:00Z",
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(git(&corpus, &["status", "--porcelain"]).contains("A  NOTES.md"));
    // And git's own commit then commits the note, not a reverted telegram.
    git(&corpus, &["commit", "-q", "-m", "Notes"]);
    let telegram = git(&corpus, &["show", "HEAD:translations/wcda-112106.toml"]);
    assert!(telegram.contains("PEKING"));
}

#[test]
fn a_locked_index_refuses_the_commit_and_moves_nothing() {
    let corpus = telegram_committed();
    let head = git(&corpus, &["rev-parse", "HEAD"]);
    edit(&corpus, "wcda-112106", "BEIJING", "PEKING");
    let lock = corpus.path().join(".git/index.lock");
    std::fs::write(&lock, b"").unwrap();
    let run = commit(
        &corpus,
        "Peking",
        "A <a@example.org>",
        "2024-01-02T00:00:00Z",
        &[],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("index.lock"), "{}", run.stderr);
    assert_eq!(git(&corpus, &["rev-parse", "HEAD"]), head);
    std::fs::remove_file(&lock).unwrap();
    // Once git is free again, nothing it commits undoes anything.
    corpus.write("NOTES.md", "Notes.\n");
    git(&corpus, &["add", "NOTES.md"]);
    git(&corpus, &["commit", "-q", "-m", "Notes"]);
    let run = commit(
        &corpus,
        "Peking",
        "A <a@example.org>",
        "2024-01-02T00:00:00Z",
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let telegram = git(&corpus, &["show", "HEAD:translations/wcda-112106.toml"]);
    assert!(telegram.contains("PEKING"));
    let files = git(&corpus, &["ls-tree", "-r", "--name-only", "HEAD"]);
    assert!(files.contains("NOTES.md"), "{files}");
}

#[test]
fn git_commit_beside_bitext_commit_reverts_no_translation() {
    let corpus = telegram_committed();
    let rounds = 50;
    let mut landed = Vec::new();
    for round in 0..rounds {
        edit(
            &corpus,
            "wcda-112106",
            "BEIJING",
            &format!("BEIJING <{round}>"),
        );
        corpus.write("NOTES.md", format!("Round {round}.\n"));
        git(&corpus, &["add", "NOTES.md"]);
        let (ours, theirs) = std::thread::scope(|s| {
            let ours = s.spawn(|| {
                Command::new(env!("CARGO_BIN_EXE_bitext"))
                    .args([
                        "commit",
                        "-m",
                        &format!("round {round}"),
                        "--author",
                        "A <a@example.org>",
                    ])
                    .current_dir(corpus.path())
                    .output()
                    .unwrap()
            });
            let theirs =
                s.spawn(|| git_run(&corpus, &["commit", "-q", "-m", &format!("notes {round}")]));
            (ours.join().unwrap(), theirs.join().unwrap())
        });
        let code = ours.status.code().unwrap();
        assert!(
            code == 0 || code == 2,
            "{}",
            String::from_utf8_lossy(&ours.stderr)
        );
        if code != 0 {
            // It lost the race (git moved the branch or held the index
            // first): committing again lands it.
            let run = corpus.run(&[
                "commit",
                "-m",
                &format!("round {round} again"),
                "--author",
                "A <a@example.org>",
            ]);
            assert_eq!(run.code, 0, "{}", run.stderr);
        }
        landed.push(round);
        // Either git committed, or it found the index or the branch busy.
        let _ = theirs;
        // Whatever happened, what bitext committed is in HEAD's history,
        // and the last translation bitext committed is not undone at HEAD
        // unless a newer one replaced it.
        let log = git(
            &corpus,
            &[
                "log",
                "-p",
                "--no-textconv",
                "--format=%s",
                "--",
                "translations/wcda-112106.toml",
            ],
        );
        for r in &landed {
            assert!(
                log.contains(&format!("+BEIJING <{r}>")),
                "round {r} is missing from the history:\n{log}"
            );
        }
        let head = git(&corpus, &["show", "HEAD:translations/wcda-112106.toml"]);
        if let Some(last) = landed.last() {
            let at_head: usize = head
                .split("BEIJING <")
                .nth(1)
                .and_then(|rest| rest.split('>').next())
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            assert!(
                at_head >= *last,
                "HEAD has round {at_head}, bitext committed {last}"
            );
        }
        // The edit for the next round starts from the file on disk.
        let disk = corpus.document("wcda-112106");
        let restored = disk.replace(&format!("BEIJING <{round}>"), "BEIJING");
        corpus.write("translations/wcda-112106.toml", restored);
    }
    git(&corpus, &["fsck", "--strict"]);
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_under_translations_is_refused_and_not_read() {
    let corpus = Corpus::new();
    assert_eq!(import_seed(&corpus).code, 0);
    let outside = corpus.path().join("outside.toml");
    std::fs::write(
        &outside,
        corpus
            .document("wcda-112106")
            .replace("id = \"wcda-112106\"", "id = \"x\""),
    )
    .unwrap();
    std::os::unix::fs::symlink(&outside, corpus.path().join("translations/x.toml")).unwrap();
    let objects = git(&corpus, &["count-objects", "-v"]);
    for args in [
        &["commit", "-m", "x"][..],
        &["commit", "-m", "x", "--no-verify"],
        &["commit", "-m", "x", "x"],
    ] {
        let run = corpus.run(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("x.toml") && run.stderr.contains("symbolic link"),
            "{}",
            run.stderr
        );
    }
    assert_eq!(
        git(&corpus, &["count-objects", "-v"]),
        objects,
        "nothing was written"
    );
    assert_eq!(
        git_run(&corpus, &["rev-parse", "--verify", "-q", "HEAD"]).0,
        1
    );
}

#[test]
fn before_the_first_commit_everything_is_new() {
    let corpus = Corpus::new();
    assert_eq!(import_seed(&corpus).code, 0);
    let status: Value =
        serde_json::from_str(&corpus.run(&["status", "--format", "json"]).stdout).unwrap();
    assert_eq!(status["changed"][0]["document"], "wcda-112106", "{status}");
    assert_eq!(status["changed"][0]["status"], "added", "{status}");
    let run = corpus.run(&["status"]);
    assert!(run.stdout.contains("added: wcda-112106"), "{}", run.stdout);
    let run = corpus.run(&["diff", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let diff: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(diff["documents"][0]["status"], "added");
    // A revision that is not there is named as such.
    let run = corpus.run(&["diff", "HEAD~99"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("\"HEAD~99\" is neither a revision nor a document"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_edit_right_after_a_commit_is_seen_though_its_size_is_the_same() {
    let corpus = Corpus::new();
    assert_eq!(import_seed(&corpus).code, 0);
    for round in 0..5 {
        let run = commit(
            &corpus,
            &format!("round {round}"),
            "A <a@example.org>",
            "2024-01-01T00:00:00Z",
            &[],
        );
        assert!(run.code == 0 || round > 0, "{}", run.stderr);
        // The same number of bytes, written in place at once.
        let path = corpus.path().join("translations/wcda-112106.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        let (from, to) = if round % 2 == 0 {
            ("TO KRASOVSKY", "TO KRASOVSKI")
        } else {
            ("TO KRASOVSKI", "TO KRASOVSKY")
        };
        let edited = text.replacen(from, to, 1);
        assert_eq!(edited.len(), text.len());
        assert_ne!(edited, text);
        std::fs::write(&path, &edited).unwrap();
        let status = corpus.run(&["status", "--format", "json"]);
        assert!(
            status.stdout.contains("modified"),
            "round {round}: {}",
            status.stdout
        );
        let run = commit(
            &corpus,
            &format!("edit {round}"),
            "A <a@example.org>",
            "2024-01-01T00:00:00Z",
            &[],
        );
        assert_eq!(run.code, 0, "round {round}: {}", run.stderr);
        let committed = git(&corpus, &["show", "HEAD:translations/wcda-112106.toml"]);
        assert_eq!(committed, edited, "round {round}");
    }
}

#[test]
fn a_document_with_errors_is_refused_and_nothing_is_committed() {
    let corpus = telegram_committed();
    let head = git(&corpus, &["rev-parse", "HEAD"]);
    let text = corpus
        .document("wcda-112106")
        .replacen("id = \"p2\"", "id = \"p1\"", 1);
    corpus.write("translations/wcda-112106.toml", &text);
    let run = commit(
        &corpus,
        "Broken",
        "A <a@example.org>",
        "2024-01-02T00:00:00Z",
        &[],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("commit refused: 1 errors"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("duplicate-id"), "{}", run.stdout);
    assert_eq!(git(&corpus, &["rev-parse", "HEAD"]), head);
    // --no-verify commits it as it is.
    let run = corpus.run(&["commit", "-m", "As it is", "--no-verify"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn diff_and_commit_honour_the_file_size_limit() {
    let corpus = telegram_committed();
    edit(&corpus, "wcda-112106", "BEIJING", "PEKING");
    let config = std::fs::read_to_string(corpus.path().join("bitext.toml")).unwrap();
    corpus.write(
        "bitext.toml",
        config.replace("max_file_size = 67108864", "max_file_size = 1000"),
    );
    for args in [&["diff"][..], &["commit", "-m", "big", "--no-verify"]] {
        let run = corpus.run(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("over the limit of 1000 bytes"),
            "{}",
            run.stderr
        );
    }
}
