//! Merges as users run them: `git merge`, `git rebase`, `git cherry-pick`
//! in a corpus `bitext init` made, with the merge driver it registered.

use std::path::Path;
use std::process::Command;

use crate::support::{project_root, Corpus};

const DOC: &str = "wcda-112106";

/// Runs git in the corpus with `bitext` on the PATH (as an installed
/// bitext is); gives the exit code and both outputs.
fn git(corpus: &Corpus, args: &[&str]) -> (i32, String) {
    let bin = Path::new(env!("CARGO_BIN_EXE_bitext")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = Command::new("git")
        .args(args)
        .current_dir(corpus.path())
        .env("PATH", path)
        .env("GIT_EDITOR", "true")
        .env("NO_COLOR", "1")
        .output()
        .expect("git runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code().unwrap_or(-1), text)
}

fn ok(corpus: &Corpus, args: &[&str]) -> String {
    let (code, text) = git(corpus, args);
    assert_eq!(code, 0, "git {args:?}: {text}");
    text
}

/// A corpus holding the telegram, committed, on branch `main`.
fn corpus_with_seed() -> Corpus {
    let corpus = Corpus::new();
    let seed = std::fs::read(project_root().join(format!("translations/{DOC}.toml"))).unwrap();
    corpus.write(&format!("translations/{DOC}.toml"), seed);
    ok(&corpus, &["checkout", "-q", "-B", "main"]);
    let run = corpus.run(&["commit", "-m", "the telegram"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    corpus
}

/// Edits the document on disk with `edit`, then commits with bitext.
fn edit_and_commit(corpus: &Corpus, message: &str, edit: impl FnOnce(&mut String)) {
    let path = format!("translations/{DOC}.toml");
    let mut text = corpus.document(DOC);
    let before = text.clone();
    edit(&mut text);
    assert_ne!(text, before, "the edit for {message:?} changed nothing");
    corpus.write(&path, text);
    let run = corpus.run(&["commit", "-m", message]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

fn replace(from: &'static str, to: &'static str) -> impl FnOnce(&mut String) {
    move |text: &mut String| {
        assert!(text.contains(from), "{from:?} is not in the document");
        *text = text.replacen(from, to, 1);
    }
}

fn document(corpus: &Corpus) -> bitext::Document {
    bitext::document::parse_document(&corpus.document(DOC))
        .unwrap()
        .0
}

fn target<'d>(document: &'d bitext::Document, id: &str) -> &'d str {
    document
        .paragraph(id)
        .and_then(|p| p.target.as_deref())
        .unwrap_or_else(|| panic!("no target in {id}"))
}

/// The merged file is canonical and every command reads it.
fn assert_sound(corpus: &Corpus) {
    let fmt = corpus.run(&["fmt", "--check"]);
    assert_eq!(fmt.code, 0, "{}{}", fmt.stdout, fmt.stderr);
}

const P2: &str = "I received your telegram of June 4";
const P3: &str = "should not be speeded up";

#[test]
fn neighbouring_paragraphs_edited_on_two_branches_merge_with_both_changes() {
    let corpus = corpus_with_seed();
    // Each branch also leaves a comment: both are kept.
    let comment = |before: &'static str, line: &'static str| {
        move |text: &mut String| {
            let at = text.find(before).unwrap();
            text.insert_str(at + 1, line);
        }
    };
    ok(&corpus, &["checkout", "-q", "-b", "editor"]);
    edit_and_commit(&corpus, "p3", replace(P3, "should not be hurried"));
    edit_and_commit(
        &corpus,
        "editor's comment",
        comment("\n[[paragraph]]\nid = \"p3\"", "# editor: p3 checked\n"),
    );
    ok(&corpus, &["checkout", "-q", "main"]);
    edit_and_commit(
        &corpus,
        "p2",
        replace(P2, "I received your telegram of 4 June"),
    );
    edit_and_commit(
        &corpus,
        "translator's comment",
        comment("\n[[paragraph]]\nid = \"p2\"", "# translator: p2 revised\n"),
    );
    let text = ok(&corpus, &["merge", "--no-edit", "editor"]);
    assert!(!text.contains("CONFLICT"), "{text}");
    let file = corpus.document(DOC);
    for kept in [
        "# translator: p2 revised\n[[paragraph]]\nid = \"p2\"",
        "# editor: p3 checked\n[[paragraph]]\nid = \"p3\"",
    ] {
        assert!(file.contains(kept), "{kept:?} is not in\n{file}");
    }
    let merged = document(&corpus);
    assert!(target(&merged, "p2").contains("of 4 June"));
    assert!(target(&merged, "p3").contains("not be hurried"));
    assert_eq!(bitext::merge::count_conflicts(&merged), 0);
    assert_sound(&corpus);
}

#[test]
fn an_edit_beside_an_insertion_which_a_line_merge_conflicts_on_merges_cleanly() {
    let corpus = corpus_with_seed();
    let base = corpus.document(DOC);
    ok(&corpus, &["checkout", "-q", "-b", "translator"]);
    // A comment on p2 and a new paragraph after it, right beside the line
    // the other branch edits.
    edit_and_commit(&corpus, "a comment on p2, a paragraph after it", |text| {
        let end = text.find("\n\n[[paragraph]]\nid = \"p3\"").unwrap();
        text.insert_str(
            end,
            "\ncomment = \"date as the original writes it\"\n\n[[paragraph]]\nid = \"p2a\"\ntarget = \"A line the scan shows between them.\"",
        );
    });
    let theirs = corpus.document(DOC);
    ok(&corpus, &["checkout", "-q", "main"]);
    edit_and_commit(
        &corpus,
        "p2",
        replace(P2, "I received your telegram of 4 June"),
    );
    let ours = corpus.document(DOC);

    // git's own line merge of the same three files conflicts.
    let scratch = tempfile::tempdir().unwrap();
    for (name, text) in [("base", &base), ("ours", &ours), ("theirs", &theirs)] {
        std::fs::write(scratch.path().join(name), text).unwrap();
    }
    let line_merge = Command::new("git")
        .args(["merge-file", "-p", "ours", "base", "theirs"])
        .current_dir(scratch.path())
        .output()
        .unwrap();
    assert_ne!(
        line_merge.status.code(),
        Some(0),
        "a line merge conflicts here"
    );

    let text = ok(&corpus, &["merge", "--no-edit", "translator"]);
    assert!(!text.contains("CONFLICT"), "{text}");
    let merged = document(&corpus);
    let ids: Vec<&str> = merged.paragraphs.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(&ids[..4], ["p1", "p2", "p2a", "p3"]);
    assert!(target(&merged, "p2").contains("of 4 June"));
    assert_eq!(
        merged.paragraph("p2").unwrap().comment.as_deref(),
        Some("date as the original writes it")
    );
    assert_sound(&corpus);
}

#[test]
fn both_branches_inserting_at_the_same_place_keep_both() {
    let corpus = corpus_with_seed();
    let insert = |id: &'static str, text: &'static str| {
        move |doc: &mut String| {
            let at = doc.find("\n[[paragraph]]\nid = \"p9\"").unwrap();
            doc.insert_str(
                at,
                &format!("\n[[paragraph]]\nid = \"{id}\"\ntarget = \"{text}\"\n"),
            );
        }
    };
    ok(&corpus, &["checkout", "-q", "-b", "other"]);
    edit_and_commit(&corpus, "theirs", insert("p11", "Stamp: received."));
    ok(&corpus, &["checkout", "-q", "main"]);
    edit_and_commit(&corpus, "ours", insert("p11", "Handwritten: to file."));
    let (_, text) = git(&corpus, &["merge", "--no-edit", "other"]);
    assert!(!text.contains("CONFLICT"), "{text}");
    assert!(
        text.contains("both branches added a paragraph p11"),
        "{text}"
    );
    let merged = document(&corpus);
    let texts: Vec<&str> = merged
        .paragraphs
        .iter()
        .filter_map(|p| p.target.as_deref())
        .collect();
    let at = |t: &str| texts.iter().position(|x| *x == t).unwrap();
    let p8 = at(target(&merged, "p8"));
    let (a, b) = (at("Handwritten: to file."), at("Stamp: received."));
    assert_eq!((a.min(b), a.max(b)), (p8 + 1, p8 + 2), "{texts:?}");
    let renamed: Vec<_> = merged
        .paragraphs
        .iter()
        .filter(|p| p.renamed_from.is_some())
        .collect();
    assert_eq!(renamed.len(), 1);
    assert_eq!(renamed[0].renamed_from.as_deref(), Some("p11"));
    assert_sound(&corpus);
}

#[test]
fn the_same_paragraph_edited_on_both_sides_is_a_conflict_recorded_as_data() {
    let corpus = corpus_with_seed();
    ok(&corpus, &["checkout", "-q", "-b", "other"]);
    edit_and_commit(&corpus, "theirs", replace(P3, "should not be sped up"));
    ok(&corpus, &["checkout", "-q", "main"]);
    edit_and_commit(&corpus, "ours", replace(P3, "should not be hurried"));
    let (code, text) = git(&corpus, &["merge", "--no-edit", "other"]);
    assert_ne!(code, 0, "{text}");
    assert!(text.contains("CONFLICT"), "{text}");
    let file = corpus.document(DOC);
    assert!(!file.contains("<<<<<<<"), "conflict markers in\n{file}");
    let merged = document(&corpus);
    let p3 = merged.paragraph("p3").unwrap();
    assert_eq!(p3.conflict.len(), 1);
    assert_eq!(p3.conflict[0].field, "target");
    assert!(p3.conflict[0]
        .theirs
        .as_deref()
        .unwrap()
        .contains("sped up"));
    assert!(p3.target.as_deref().unwrap().contains("hurried"));

    // Every command reads it; check and status name it.
    let check = corpus.run(&["check", "--format", "json", DOC]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    let report: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    assert!(crate::support::finding_codes(&report).contains(&"merge-conflict"));
    let human = corpus.run(&["check", DOC]);
    assert!(
        human.stdout.contains("[-hurried-]{+sped up+}"),
        "{}",
        human.stdout
    );
    let status = corpus.run(&["status"]);
    assert!(
        status.stdout.contains(&format!("{DOC}#p3 (target)")),
        "{}",
        status.stdout
    );
    let diff = git(&corpus, &["diff"]).1;
    assert!(diff.contains("CONFLICT in target"), "{diff}");
    // A commit of an unresolved conflict is refused, nothing changed.
    let before = corpus.snapshot();
    let refused = corpus.run(&["commit", "-m", "too early"]);
    assert_ne!(refused.code, 0);
    assert_eq!(corpus.snapshot(), before);

    let resolve = corpus.run(&["resolve", &format!("{DOC}#p3"), "--theirs"]);
    assert_eq!(resolve.code, 0, "{}", resolve.stderr);
    let check = corpus.run(&["check", DOC]);
    assert!(!check.stdout.contains("merge-conflict"), "{}", check.stdout);
    assert_sound(&corpus);
    let commit = corpus.run(&["commit", "-m", "merge other"]);
    assert_eq!(commit.code, 0, "{}", commit.stderr);
    // A merge commit with both parents; git's merge state is gone.
    let parents = ok(&corpus, &["log", "-1", "--format=%P"]);
    assert_eq!(parents.split_whitespace().count(), 2, "{parents}");
    assert!(!corpus.path().join(".git/MERGE_HEAD").exists());
    assert!(ok(&corpus, &["status", "--porcelain"]).trim().is_empty());
    assert!(target(&document(&corpus), "p3").contains("sped up"));
}

#[test]
fn rebase_and_cherry_pick_merge_by_paragraph_too() {
    let corpus = corpus_with_seed();
    ok(&corpus, &["checkout", "-q", "-b", "topic"]);
    edit_and_commit(&corpus, "p3 on topic", replace(P3, "should not be hurried"));
    edit_and_commit(
        &corpus,
        "p10 on topic",
        replace("5 June 1951", "5 June 1951."),
    );
    ok(&corpus, &["checkout", "-q", "main"]);
    edit_and_commit(
        &corpus,
        "p2 on main",
        replace(P2, "I received your telegram of 4 June"),
    );
    // The last commit alone, onto main.
    ok(&corpus, &["cherry-pick", "topic"]);
    let picked = document(&corpus);
    assert_eq!(target(&picked, "p10"), "5 June 1951.");
    assert!(target(&picked, "p2").contains("of 4 June"));
    assert!(!target(&picked, "p3").contains("hurried"));
    // The whole topic, onto main.
    ok(&corpus, &["checkout", "-q", "topic"]);
    ok(&corpus, &["rebase", "main"]);
    let rebased = document(&corpus);
    assert!(target(&rebased, "p2").contains("of 4 June"));
    assert!(target(&rebased, "p3").contains("hurried"));
    assert_eq!(target(&rebased, "p10"), "5 June 1951.");
    assert_sound(&corpus);
}

#[test]
fn metadata_merges_key_by_key() {
    let corpus = corpus_with_seed();
    ok(&corpus, &["checkout", "-q", "-b", "other"]);
    edit_and_commit(
        &corpus,
        "title",
        replace("via Krasovsky\"", "via Krasovskii\""),
    );
    ok(&corpus, &["checkout", "-q", "main"]);
    edit_and_commit(
        &corpus,
        "date",
        replace("date = \"1951-06-05\"", "date = \"1951-06\""),
    );
    ok(&corpus, &["merge", "--no-edit", "other"]);
    let merged = document(&corpus);
    assert_eq!(merged.date.as_deref(), Some("1951-06"));
    assert!(merged.title.as_deref().unwrap().ends_with("via Krasovskii"));
}

#[test]
fn files_that_are_not_documents_fall_back_to_a_line_merge_that_keeps_both_sides() {
    let corpus = corpus_with_seed();
    ok(&corpus, &["checkout", "-q", "-b", "other"]);
    let path = format!("translations/{DOC}.toml");
    // Theirs breaks the file (as a hand edit does) and changes p3.
    let broken = corpus
        .document(DOC)
        .replacen(P3, "should not be sped up", 1)
        .replacen("format = 1", "format = ", 1);
    corpus.write(&path, &broken);
    ok(&corpus, &["commit", "-qam", "broken"]);
    ok(&corpus, &["checkout", "-q", "main"]);
    edit_and_commit(&corpus, "ours", replace(P3, "should not be hurried"));
    let (code, text) = git(&corpus, &["merge", "--no-edit", "other"]);
    assert_ne!(code, 0, "{text}");
    assert!(text.contains("merged by lines instead"), "{text}");
    let file = corpus.document(DOC);
    // Labelled as git labels its own line merges: our branch and theirs.
    assert!(file.contains("<<<<<<< HEAD\n"), "{file}");
    assert!(file.contains(">>>>>>> other\n"), "{file}");
    assert!(
        file.contains("hurried") && file.contains("sped up"),
        "{file}"
    );
    ok(&corpus, &["merge", "--abort"]);
}

#[test]
fn a_git_too_old_to_name_the_versions_gets_markers_saying_ours_and_theirs() {
    let corpus = corpus_with_seed();
    corpus.write("base.txt", "one\ntwo\nthree\n");
    corpus.write("theirs.txt", "one\nII\nthree\n");
    // The driver on two edits of one line, with git's labels; the merge
    // it writes over ours.
    let merged = |labels: &[&str]| {
        corpus.write("ours.txt", "one\n2\nthree\n");
        let mut args = vec![
            "merge-driver",
            "base.txt",
            "ours.txt",
            "theirs.txt",
            "notes.txt",
        ];
        args.extend_from_slice(labels);
        let run = corpus.run(&args);
        assert_eq!(run.code, 1, "{}", run.stderr);
        std::fs::read_to_string(corpus.path().join("ours.txt")).unwrap()
    };
    // An older git passes the placeholders it does not know as they are.
    let old = merged(&[
        "--base-label",
        "%S",
        "--ours-label",
        "%X",
        "--theirs-label",
        "%Y",
    ]);
    assert!(
        old.contains("<<<<<<< ours\n2\n=======\nII\n>>>>>>> theirs\n"),
        "{old}"
    );
    // A newer one names them.
    let new = merged(&["--ours-label", "HEAD", "--theirs-label", "editor-fixes"]);
    assert!(
        new.contains("<<<<<<< HEAD\n2\n=======\nII\n>>>>>>> editor-fixes\n"),
        "{new}"
    );
}

mod property {
    use bitext::merge::merge_documents;
    use bitext::{Document, Paragraph};
    use proptest::prelude::*;

    use crate::support::project_root;

    /// What one branch does to one paragraph.
    #[derive(Debug, Clone)]
    enum Edit {
        Target(String),
        Source(String),
        Delete,
        InsertAfter(String),
    }

    fn edit() -> impl Strategy<Value = Edit> {
        let text = "[a-zа-я ,.]{1,24}";
        prop_oneof![
            text.prop_map(Edit::Target),
            text.prop_map(Edit::Source),
            Just(Edit::Delete),
            text.prop_map(Edit::InsertAfter),
        ]
    }

    fn base() -> Document {
        let text =
            std::fs::read_to_string(project_root().join("translations/udhr-ru.toml")).unwrap();
        bitext::document::parse_document(&text).unwrap().0
    }

    /// Applies one branch's edits (by paragraph index into `base`) to
    /// `document`; new paragraphs get ids starting with `prefix`.
    fn apply(document: &mut Document, base: &Document, edits: &[(usize, Edit)], prefix: &str) {
        for (k, (at, edit)) in edits.iter().enumerate() {
            let id = base.paragraphs[*at].id.as_str();
            let i = document
                .paragraphs
                .iter()
                .position(|p| p.id.as_str() == id)
                .unwrap();
            match edit {
                Edit::Target(t) => document.paragraphs[i].target = Some(t.clone()),
                Edit::Source(t) => document.paragraphs[i].source = Some(t.clone()),
                Edit::Delete => {
                    document.paragraphs.remove(i);
                }
                Edit::InsertAfter(t) => document.paragraphs.insert(
                    i + 1,
                    Paragraph::new(format!("{prefix}{k}"), None, Some(t.clone())),
                ),
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Edits on two branches touching disjoint paragraphs: merging in
        /// either order gives the same document, and it is both edit
        /// lists applied to the base.
        #[test]
        fn disjoint_edits_merge_to_both_edits_applied_in_either_order(
            plan in proptest::collection::vec((0..3u8, edit()), 1..40)
        ) {
            let base = base();
            let n = base.paragraphs.len();
            // Paragraph k is left alone, or edited by ours, or by theirs.
            let (mut ours_edits, mut theirs_edits) = (Vec::new(), Vec::new());
            for (k, (who, edit)) in plan.into_iter().enumerate().take(n) {
                match who {
                    1 => ours_edits.push((k, edit)),
                    2 => theirs_edits.push((k, edit)),
                    _ => {}
                }
            }
            let (mut ours, mut theirs, mut both) = (base.clone(), base.clone(), base.clone());
            apply(&mut ours, &base, &ours_edits, "o");
            apply(&mut theirs, &base, &theirs_edits, "t");
            apply(&mut both, &base, &ours_edits, "o");
            apply(&mut both, &base, &theirs_edits, "t");

            let one = merge_documents(&base, &ours, &theirs).unwrap();
            let two = merge_documents(&base, &theirs, &ours).unwrap();
            prop_assert_eq!(one.conflict_count(), 0);
            prop_assert_eq!(&one.document, &two.document);
            prop_assert_eq!(&one.document, &both);
        }
    }
}

#[test]
fn a_clone_registers_the_driver_with_init_and_pull_merges_by_paragraph() {
    let origin = corpus_with_seed();
    let clone = Corpus::new();
    // A clone of the corpus, in the folder a fresh corpus had.
    std::fs::remove_dir_all(clone.path()).unwrap();
    let status = Command::new("git")
        .args(["clone", "-q"])
        .arg(origin.path())
        .arg(clone.path())
        .status()
        .unwrap();
    assert!(status.success());
    ok(&clone, &["config", "user.name", "Second Translator"]);
    ok(&clone, &["config", "user.email", "second@example.org"]);
    // A clone has .gitattributes but not the repository's configuration:
    // init registers the drivers again.
    let init = clone.run(&["init"]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    assert_eq!(
        ok(&clone, &["config", "merge.bitext.driver"]).trim(),
        bitext::history::MERGE_DRIVER
    );
    edit_and_commit(
        &clone,
        "p2 in the clone",
        replace(P2, "I received your telegram of 4 June"),
    );
    edit_and_commit(
        &origin,
        "p3 at the origin",
        replace(P3, "should not be hurried"),
    );
    // A comment beside p2's line at the origin: a line merge conflicts.
    edit_and_commit(&origin, "comment on p2", |text| {
        let end = text.find("\n\n[[paragraph]]\nid = \"p3\"").unwrap();
        text.insert_str(end, "\ncomment = \"checked\"");
    });
    let pulled = git(
        &clone,
        &["pull", "--no-rebase", "--no-edit", "-q", "origin", "main"],
    );
    assert_eq!(pulled.0, 0, "{}", pulled.1);
    let merged = document(&clone);
    assert!(target(&merged, "p2").contains("of 4 June"));
    assert!(target(&merged, "p3").contains("hurried"));
    assert_eq!(
        merged.paragraph("p2").unwrap().comment.as_deref(),
        Some("checked")
    );
}

#[test]
fn init_on_an_older_corpus_adds_the_merge_driver() {
    let corpus = corpus_with_seed();
    let attributes = corpus.path().join(".gitattributes");
    let text = std::fs::read_to_string(&attributes).unwrap();
    std::fs::write(
        &attributes,
        text.replace("translations/*.toml merge=bitext\n", ""),
    )
    .unwrap();
    ok(&corpus, &["config", "--unset", "merge.bitext.driver"]);
    let init = corpus.run(&["init"]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    assert!(
        init.stderr.contains("registered the bitext merge driver"),
        "{}",
        init.stderr
    );
    assert!(std::fs::read_to_string(&attributes)
        .unwrap()
        .contains("translations/*.toml merge=bitext"));
    assert!(ok(&corpus, &["config", "merge.bitext.driver"]).contains("merge-driver"));
}

#[test]
fn a_rebase_stopped_on_a_recorded_conflict_is_resolved_then_continued_with_git() {
    let corpus = corpus_with_seed();
    ok(&corpus, &["checkout", "-q", "-b", "topic"]);
    edit_and_commit(&corpus, "topic p3", replace(P3, "should not be sped up"));
    ok(&corpus, &["checkout", "-q", "main"]);
    edit_and_commit(&corpus, "main p3", replace(P3, "should not be hurried"));
    ok(&corpus, &["checkout", "-q", "topic"]);
    let (code, text) = git(&corpus, &["rebase", "main"]);
    assert_ne!(code, 0, "{text}");
    assert_eq!(document(&corpus).paragraph("p3").unwrap().conflict.len(), 1);
    // bitext commit does not take over git's rebase: it says what to do.
    let before = corpus.snapshot();
    let refused = corpus.run(&["commit", "-m", "x"]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("git rebase --continue"),
        "{}",
        refused.stderr
    );
    assert_eq!(corpus.snapshot(), before);
    let resolved = corpus.run(&[
        "resolve",
        &format!("{DOC}#p3"),
        "--edit",
        "Not to be hurried.",
    ]);
    assert_eq!(resolved.code, 0, "{}", resolved.stderr);
    ok(&corpus, &["add", &format!("translations/{DOC}.toml")]);
    ok(&corpus, &["rebase", "--continue"]);
    assert_eq!(target(&document(&corpus), "p3"), "Not to be hurried.");
    assert_sound(&corpus);
}
