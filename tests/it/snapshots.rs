//! The human output of every command, whole, as reviewed snapshots
//! (`tests/it/snapshots/`): a renderer change shows as a diff to review
//! (`cargo insta review`, or `INSTA_UPDATE=always cargo test` and `git
//! diff`). Temporary paths and commit ids are filtered; dates are fixed
//! by the commits.

use std::path::Path;

use crate::support::{fixture, project_root, Corpus, Run};

/// A corpus holding the bundled documents.
fn bundled() -> Corpus {
    let corpus = Corpus::new();
    let from = project_root().join("translations");
    for entry in std::fs::read_dir(&from).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            std::fs::copy(
                &path,
                corpus
                    .path()
                    .join("translations")
                    .join(path.file_name().unwrap()),
            )
            .unwrap();
        }
    }
    corpus
}

/// What a run printed, as one text: the exit code, stdout, stderr.
fn shown(run: &Run) -> String {
    let mut out = format!("exit {}\n", run.code);
    if !run.stdout.is_empty() {
        out.push_str("--- stdout\n");
        out.push_str(&run.stdout);
    }
    if !run.stderr.is_empty() {
        out.push_str("--- stderr\n");
        out.push_str(&run.stderr);
    }
    out
}

/// Snapshots one command's output, with the corpus's path and commit ids
/// filtered out.
fn snapshot(name: &str, corpus: &Path, run: &Run) {
    let root = corpus.to_string_lossy().into_owned();
    let canonical = std::fs::canonicalize(corpus)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|_| root.clone());
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("snapshots");
    let project = project_root().to_string_lossy().into_owned();
    let mut filters = vec![
        (regex_escape(&project), "[PROJECT]".to_owned()),
        (regex_escape(&canonical), "[CORPUS]".to_owned()),
        (regex_escape(&root), "[CORPUS]".to_owned()),
        (r"\b[0-9a-f]{40}\b".to_owned(), "[COMMIT]".to_owned()),
        (r"\b[0-9a-f]{10}\b".to_owned(), "[SHORT]".to_owned()),
    ];
    filters.dedup();
    let filters: Vec<(&str, &str)> = filters
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    settings.set_filters(filters);
    settings.bind(|| insta::assert_snapshot!(name, shown(run)));
}

fn regex_escape(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let special = "\\.+*?()|[]{}^$#&-~".contains(c);
            special
                .then_some('\\')
                .into_iter()
                .chain(std::iter::once(c))
        })
        .collect()
}

const AUTHOR: &str = "Anna Petrova <anna@example.org>";

#[test]
fn read_commands_on_the_bundled_corpus() {
    let corpus = bundled();
    let dir = corpus.path();
    for (name, args) in [
        (
            "show-telegram",
            &["show", "wcda-112106", "--width", "100"][..],
        ),
        ("show-udhr-zh", &["show", "udhr-zh-hans", "--width", "80"]),
        (
            "show-dedication-json",
            &["show", "debian-lenny-dedication-de", "--format", "json"],
        ),
        ("check", &["check"]),
        (
            "check-deny-warnings",
            &["check", "--deny", "warnings", "udhr-ru"],
        ),
        ("status-without-history", &["status"]),
        ("fmt-check", &["fmt", "--check"]),
        (
            "textconv",
            &["textconv", "translations/debian-lenny-dedication-fr.toml"],
        ),
        ("show-unknown", &["show", "nosuch"]),
        ("show-mistyped", &["show", "wcda-11216"]),
        ("show-paragraph", &["show", "wcda-112106#p9"]),
        ("grep", &["grep", "--target", "Peng Dehuai"]),
        ("stats", &["stats"]),
    ] {
        snapshot(name, dir, &corpus.run(args));
    }
}

#[test]
fn import_align_and_record_commands() {
    let corpus = Corpus::new();
    let dir = corpus.path();
    let seed = fixture("wcda-112106.txt");
    snapshot(
        "import-archive",
        dir,
        &corpus.run(&["import", "archive", seed.to_str().unwrap()]),
    );
    let en = fixture("dedication-5.0.en.txt");
    let de = fixture("dedication-5.0.de.txt");
    snapshot(
        "align",
        dir,
        &corpus.run(&[
            "align",
            en.to_str().unwrap(),
            de.to_str().unwrap(),
            "--width",
            "100",
        ]),
    );
    snapshot(
        "import-text",
        dir,
        &corpus.import_pair(
            "text",
            "dedication-de",
            Some((&en, "en")),
            Some((&de, "de")),
            &[],
        ),
    );
    snapshot(
        "suppress",
        dir,
        &corpus.run(&[
            "suppress",
            "wcda-112106",
            "p2",
            "length-ratio",
            "--reason",
            "the telegram's style is terse",
        ]),
    );
    snapshot("confirm", dir, &corpus.run(&["confirm", "dedication-de"]));
    snapshot("status-before-commit", dir, &corpus.run(&["status"]));
}

#[test]
fn history_commands_on_a_small_history() {
    let corpus = bundled();
    let dir = corpus.path();
    let commit = |message: &str, date: &str| {
        corpus.run(&["commit", "-m", message, "--author", AUTHOR, "--date", date])
    };
    snapshot(
        "commit-first",
        dir,
        &commit("The bundled corpus", "2024-05-01T10:00:00+03:00"),
    );
    let path = dir.join("translations/wcda-112106.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text
        .replace("Comrade Peng Dehuai writes", "Comrade Peng Dehuai wrote")
        .replace("Why is this?", "Why?");
    assert_ne!(edited, text);
    std::fs::write(&path, edited).unwrap();
    for (name, args) in [
        ("diff-working-tree", &["diff"][..]),
        ("diff-stat", &["diff", "--stat"]),
        (
            "diff-side-by-side",
            &["diff", "--side-by-side", "--width", "100"],
        ),
        ("status-with-changes", &["status"]),
    ] {
        snapshot(name, dir, &corpus.run(args));
    }
    snapshot(
        "commit-second",
        dir,
        &commit("Tenses as the original has them", "2024-05-02T09:30:00Z"),
    );
    for (name, args) in [
        ("log", &["log"][..]),
        (
            "log-paragraph",
            &["log", "wcda-112106", "--paragraph", "p3"],
        ),
        ("log-patch", &["log", "wcda-112106", "-p"]),
        ("blame", &["blame", "wcda-112106"]),
        (
            "blame-at-a-revision",
            &["blame", "wcda-112106", "--rev", "HEAD~1"],
        ),
        ("diff-revisions", &["diff", "HEAD~1", "HEAD"]),
        ("commit-nothing", &["commit", "-m", "again"]),
        ("cite-paragraph", &["cite", "wcda-112106#p4"]),
        ("cite-apa", &["cite", "wcda-112106", "--style", "apa"]),
        (
            "cite-bibtex",
            &["cite", "wcda-112106#p4@HEAD~1", "--style", "bibtex"],
        ),
    ] {
        snapshot(name, dir, &corpus.run(args));
    }
    // A conflict as a merge records it: check, status, textconv and
    // resolve read it.
    let text = std::fs::read_to_string(&path).unwrap();
    let conflicted = text.replacen(
        "id = \"p9\"\n",
        "id = \"p9\"\nconflict = [{ field = \"target\", base = \"No. 297/sh\", ours = \"No. 297/sh\", theirs = \"No. 297/ш\" }]\n",
        1,
    );
    std::fs::write(&path, conflicted).unwrap();
    for (name, args) in [
        ("check-merge-conflict", &["check", "wcda-112106"][..]),
        ("status-merge-conflict", &["status"]),
        (
            "textconv-merge-conflict",
            &["textconv", "translations/wcda-112106.toml"],
        ),
        ("resolve", &["resolve", "wcda-112106#p9", "--theirs"]),
        ("unjoin", &["unjoin", "wcda-112106#p7"]),
    ] {
        snapshot(name, dir, &corpus.run(args));
    }
}
