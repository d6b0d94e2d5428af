//! The README's console examples, run as written: each `$ ` line in a
//! ```console block is a shell command, run from a stand-in for the
//! checkout (a git repository holding the test fixtures), with the
//! `bitext` under test first on the `PATH`; what it prints (stdout and
//! stderr, in order) must be what the README shows below it. `cd` moves
//! between commands as a shell's does (setting `OLDPWD`), and
//! `cd "$(mktemp -d)"` goes to a new scratch folder. Followed to the end,
//! the tour leaves the checkout's `git status` clean.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::project_root;

/// A command from the README and the output shown for it.
struct Example {
    command: String,
    output: String,
}

fn console_examples(readme: &str) -> Vec<Example> {
    let mut examples: Vec<Example> = Vec::new();
    let mut in_console = false;
    for line in readme.lines() {
        if line.starts_with("```") {
            in_console = line == "```console";
            continue;
        }
        if !in_console {
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ") {
            examples.push(Example {
                command: command.to_owned(),
                output: String::new(),
            });
        } else if let Some(example) = examples.last_mut() {
            example.output.push_str(line);
            example.output.push('\n');
        }
    }
    examples
}

/// Copies a folder and everything in it.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn readme_examples_print_what_the_readme_shows() {
    let readme = std::fs::read_to_string(project_root().join("README.md")).unwrap();
    let examples = console_examples(&readme);
    assert!(
        examples.len() >= 10,
        "found only {} examples",
        examples.len()
    );

    // The checkout: a git repository with the fixtures committed.
    let root = tempfile::tempdir().unwrap();
    let fixtures = root.path().join("tests/fixtures");
    std::fs::create_dir_all(&fixtures).unwrap();
    copy_tree(&project_root().join("tests/fixtures"), &fixtures);
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(["-c", "user.name=T", "-c", "user.email=t@example.org"])
            .args(args)
            .current_dir(root.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "checkout"]);
    let scratch = tempfile::tempdir().unwrap();
    let mut scratches = 0;
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_bitext"))
        .parent()
        .unwrap()
        .to_owned();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );

    let mut cwd: PathBuf = root.path().to_owned();
    let mut oldpwd = cwd.clone();
    for example in examples {
        if let Some(dir) = example.command.strip_prefix("cd ") {
            let next = if dir == "\"$(mktemp -d)\"" {
                scratches += 1;
                let fresh = scratch.path().join(scratches.to_string());
                std::fs::create_dir(&fresh).unwrap();
                fresh
            } else {
                cwd.join(dir)
            };
            oldpwd = std::mem::replace(&mut cwd, next);
            continue;
        }
        let output = Command::new("sh")
            .arg("-c")
            .arg(format!("{} 2>&1", example.command))
            .current_dir(&cwd)
            .env("OLDPWD", &oldpwd)
            .env("PATH", &path)
            .env("NO_COLOR", "1")
            .env_remove("COLUMNS")
            .output()
            .unwrap();
        let printed = String::from_utf8(output.stdout).unwrap();
        assert_eq!(
            printed, example.output,
            "README example `{}` printed something else",
            example.command
        );
    }
    assert!(scratches >= 1, "the tour starts in a scratch folder");
    assert_eq!(
        git(&["status", "--porcelain", "--untracked-files=all"]),
        "",
        "the tour left files in the checkout"
    );
    // Without a scratch folder, init refuses to make a corpus inside the
    // checkout, and writes nothing.
    let refused = Command::new(env!("CARGO_BIN_EXE_bitext"))
        .args(["init", "archive"])
        .current_dir(root.path())
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--force"));
    assert_eq!(git(&["status", "--porcelain", "--untracked-files=all"]), "");
}

#[test]
fn the_set_up_output_is_what_checking_the_bundled_corpus_prints() {
    let readme = std::fs::read_to_string(project_root().join("README.md")).unwrap();
    let shown = readme
        .split("```text\n")
        .nth(1)
        .and_then(|block| block.lines().next())
        .unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_bitext"))
        .arg("check")
        .current_dir(project_root())
        .output()
        .unwrap();
    let printed = String::from_utf8(run.stdout).unwrap();
    assert_eq!(printed.lines().last(), Some(shown), "{printed}");
}
