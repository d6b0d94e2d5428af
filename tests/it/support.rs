//! Running the binary in a throwaway corpus, and reading back what it left.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The project's fixtures folder.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The project root, whose `translations/` is the bundled corpus.
pub fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh corpus in a temporary folder.
pub struct Corpus {
    pub dir: tempfile::TempDir,
}

impl Corpus {
    pub fn new() -> Corpus {
        let dir = tempfile::tempdir().expect("temporary folder");
        let out = run_in(dir.path(), &["init"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        // A committer identity for the repository `init` made, so commits
        // do not depend on the machine's git configuration.
        let config = dir.path().join(".git/config");
        let mut text = std::fs::read_to_string(&config).expect("git config");
        text.push_str("[user]\n\tname = Test Translator\n\temail = test@example.org\n");
        std::fs::write(&config, text).expect("git config");
        Corpus { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.path(), args)
    }

    /// `bitext import KIND --id ID [--source FILE --source-language TAG]
    /// [--target FILE --target-language TAG] EXTRA…`.
    pub fn import_pair(
        &self,
        kind: &str,
        id: &str,
        source: Option<(&Path, &str)>,
        target: Option<(&Path, &str)>,
        extra: &[&str],
    ) -> Run {
        let mut args = vec!["import", kind, "--id", id];
        for (flag, language, side) in [
            ("--source", "--source-language", source),
            ("--target", "--target-language", target),
        ] {
            if let Some((path, tag)) = side {
                args.extend([flag, path.to_str().expect("UTF-8 path"), language, tag]);
            }
        }
        args.extend(extra);
        self.run(&args)
    }

    pub fn document(&self, id: &str) -> String {
        fs::read_to_string(self.path().join("translations").join(format!("{id}.toml")))
            .expect("document file")
    }

    pub fn write(&self, relative: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(relative);
        fs::write(&path, bytes).expect("write");
        path
    }

    /// Every file under the corpus, by relative path, with its bytes.
    pub fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut files = BTreeMap::new();
        let mut stack = vec![self.path().to_owned()];
        while let Some(dir) = stack.pop() {
            for entry in fs::read_dir(&dir).expect("read_dir") {
                let path = entry.expect("entry").path();
                if path.file_name().is_some_and(|n| n == ".git") {
                    continue;
                }
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let bytes = fs::read(&path).expect("read");
                    files.insert(path.strip_prefix(self.path()).unwrap().to_owned(), bytes);
                }
            }
        }
        files
    }
}

/// Every repository a test makes must satisfy `git fsck`: checked as the
/// corpus goes away, unless the test has already failed.
impl Drop for Corpus {
    fn drop(&mut self) {
        // A test that damages its repository on purpose leaves a marker.
        let git_dir = self.path().join(".git");
        if std::thread::panicking()
            || !git_dir.is_dir()
            || git_dir.join("damaged-on-purpose").exists()
        {
            return;
        }
        let output = Command::new("git")
            .args(["fsck", "--strict", "--no-progress"])
            .current_dir(self.path())
            .output()
            .expect("git runs");
        assert!(
            output.status.success(),
            "git fsck failed in a test's repository: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// What a run of the binary gave.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `bitext` in `dir`, without colour or terminal.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output: Output = Command::new(env!("CARGO_BIN_EXE_bitext"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .output()
        .expect("run bitext");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// The codes of the findings in a `check --format json` report, in order.
pub fn finding_codes(report: &serde_json::Value) -> Vec<&str> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect()
}

/// Imports the seed telegram into `corpus`.
pub fn import_seed(corpus: &Corpus) -> Run {
    let seed = fixture("wcda-112106.txt");
    corpus.run(&["import", "archive", seed.to_str().unwrap()])
}

/// A program from outside the project that a test reads bitext's output
/// with (translate-toolkit, gettext, Chromium). `.ci/run` installs them;
/// under `CI=true` a missing one fails the test. Elsewhere the test says
/// on stderr that it did not run and returns early.
pub fn external(program: &str, probe: &[&str], what: &str) -> Option<PathBuf> {
    let works = Command::new(program)
        .args(probe)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if works {
        return Some(PathBuf::from(program));
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{what} is needed here ({program} {}) and .ci/run installs it",
        probe.join(" ")
    );
    eprintln!("not run: {what} is not installed ({program})");
    None
}

/// The Python with translate-toolkit: `$BITEXT_PYTHON`, else `python3`.
pub fn translate_toolkit() -> Option<PathBuf> {
    let python = std::env::var("BITEXT_PYTHON").unwrap_or_else(|_| "python3".into());
    external(
        &python,
        &["-c", "import translate.storage.xliff2"],
        "translate-toolkit",
    )
}

/// The Python of `$BITEXT_PYTHON` (else `python3`) when it can import
/// `module` (`.ci/run` installs `package` for it).
pub fn python_with(module: &str, package: &str) -> Option<PathBuf> {
    let python = std::env::var("BITEXT_PYTHON").unwrap_or_else(|_| "python3".into());
    external(&python, &["-c", &format!("import {module}")], package)
}
