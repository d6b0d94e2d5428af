//! Commands killed at any moment (SIGKILL, no chance to clean up) leave
//! the corpus and its repository sound: git's checks pass, every document
//! parses, HEAD is the revision before or the one after, git's index for
//! `translations/` agrees with HEAD once the next command has run, and no
//! temporary file is tracked or offered to `git add -A`.
//! `BITEXT_KILL_RUNS` sets the number of runs (default 100).

#![cfg(unix)]

use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::{fixture, Corpus};

fn git(corpus: &Corpus, args: &[&str]) -> (bool, String) {
    let output = Command::new("git")
        .args(args)
        .current_dir(corpus.path())
        .output()
        .expect("git runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr),
    )
}

/// xorshift64: a fixed, repeatable sequence of delays and commands.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn commands_killed_at_any_moment_leave_the_repository_sound() {
    let runs: usize = std::env::var("BITEXT_KILL_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let corpus = Corpus::new();
    let seed = fixture("wcda-112106.txt");
    let seed_text = std::fs::read_to_string(&seed).unwrap();
    let en = fixture("dedication-5.0.en.txt");
    let de = fixture("dedication-5.0.de.txt");
    assert_eq!(
        corpus
            .run(&["import", "archive", seed.to_str().unwrap()])
            .code,
        0
    );
    let run = corpus.import_pair("text", "ded", Some((&en, "en")), Some((&de, "de")), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(corpus.run(&["commit", "-m", "start"]).code, 0);

    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    let mut interrupted = 0;
    for k in 0..runs {
        let before = git(&corpus, &["rev-parse", "HEAD"]).1;
        // Something for the command to do.
        let args: Vec<String> = match random.next() % 4 {
            0 => {
                let text = corpus.document("wcda-112106");
                let edited = text.replacen("BEIJING", &format!("BEIJING {k}"), 1);
                corpus.write("translations/wcda-112106.toml", edited);
                vec!["commit".into(), "-m".into(), format!("edit {k}")]
            }
            1 => {
                let input = corpus.write(
                    "seed.txt",
                    seed_text.replacen("BEIJING", &format!("BEIJING {k}"), 1),
                );
                let input = input.to_str().unwrap().to_owned();
                [
                    "import",
                    "archive",
                    &input,
                    "--id",
                    "wcda-112106",
                    "--force",
                ]
                .map(String::from)
                .to_vec()
            }
            2 => {
                let text = corpus.document("ded");
                corpus.write(
                    "translations/ded.toml",
                    text.replace("\n\n[[paragraph]]", "\n\n\n[[paragraph]]"),
                );
                vec!["fmt".into()]
            }
            _ => {
                let text = corpus.document("ded");
                let edited = text.replacen(
                    "The Debian Project",
                    &format!("The Debian project ({k})"),
                    1,
                );
                corpus.write("translations/ded.toml", edited);
                vec!["confirm".into(), "ded".into()]
            }
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_bitext"))
            .args(&args)
            .current_dir(corpus.path())
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(random.next() % 8_000));
        let finished = child.try_wait().unwrap().is_some();
        let _ = child.kill();
        let _ = child.wait();
        interrupted += usize::from(!finished);

        let (sound, report) = git(&corpus, &["fsck", "--strict"]);
        assert!(sound, "run {k} ({args:?}): {report}");
        // Every document parses.
        for entry in std::fs::read_dir(corpus.path().join("translations")).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.ends_with(".toml") && !name.starts_with('.') {
                let loaded = bitext::document::load_document(&path, 1 << 26);
                assert!(
                    loaded.is_ok(),
                    "run {k} ({args:?}): {name}: {:?}",
                    loaded.err()
                );
            }
        }
        // HEAD is where it was, or one commit on.
        let after = git(&corpus, &["rev-parse", "HEAD"]).1;
        if after != before {
            assert_eq!(args[0], "commit", "run {k}: {args:?} moved HEAD");
            assert_eq!(git(&corpus, &["rev-parse", "HEAD~1"]).1, before, "run {k}");
        }
        // The next command settles an interrupted commit: the index then
        // agrees with HEAD for the documents.
        assert_eq!(corpus.run(&["status"]).code, 0, "run {k}");
        let (agrees, differences) = git(
            &corpus,
            &["diff-index", "--cached", "HEAD", "--", "translations"],
        );
        assert!(
            agrees && differences.is_empty(),
            "run {k} ({args:?}): {differences}"
        );
        // No temporary file is tracked, or offered to `git add -A`.
        let (_, offered) = git(&corpus, &["status", "--porcelain", "--untracked-files=all"]);
        assert!(!offered.contains(".bitext-"), "run {k}: {offered}");
        let (_, tracked) = git(&corpus, &["ls-files"]);
        assert!(!tracked.contains(".bitext-"), "run {k}: {tracked}");
    }
    eprintln!("{interrupted} of {runs} runs interrupted");
    assert!(
        interrupted > runs / 10,
        "only {interrupted} of {runs} runs were interrupted"
    );
}
