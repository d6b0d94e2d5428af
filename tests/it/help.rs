//! Help, completions and the manual page, made from one set of
//! definitions: every command has examples, every shell's completions and
//! the manual name every command.

use crate::support::run_in;

/// The commands `bitext --help` lists, and the import subcommands.
fn commands() -> Vec<Vec<String>> {
    let dir = tempfile::tempdir().unwrap();
    let help = run_in(dir.path(), &["--help"]).stdout;
    let names: Vec<String> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .filter(|n| n != "help")
        .collect();
    assert!(names.len() >= 20, "{help}");
    let mut all: Vec<Vec<String>> = names.iter().map(|n| vec![n.clone()]).collect();
    for kind in [
        "archive", "text", "html", "po", "xliff", "tmx", "csv", "tsv",
    ] {
        all.push(vec!["import".into(), kind.into()]);
    }
    all
}

#[test]
fn every_command_s_help_ends_with_examples_of_itself() {
    let dir = tempfile::tempdir().unwrap();
    for command in commands() {
        let mut args: Vec<&str> = command.iter().map(String::as_str).collect();
        args.push("--help");
        let run = run_in(dir.path(), &args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        let examples = run
            .stdout
            .split("\nExamples:\n")
            .nth(1)
            .unwrap_or_else(|| panic!("{args:?} has no examples:\n{}", run.stdout));
        let lines: Vec<&str> = examples.lines().filter(|l| !l.trim().is_empty()).collect();
        assert!(!lines.is_empty(), "{args:?}");
        let own = format!("bitext {}", command.join(" "));
        let name = command.last().unwrap();
        for line in &lines {
            assert!(line.starts_with("  "), "{args:?}: {line:?}");
        }
        assert!(
            lines
                .iter()
                .any(|l| l.contains(&own) || l.contains(name.as_str())),
            "{args:?}: no example uses it: {lines:?}"
        );
    }
}

#[test]
fn completions_for_every_shell_and_the_manual_name_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<String> = commands()
        .into_iter()
        .filter(|c| c.len() == 1)
        .map(|c| c[0].clone())
        .collect();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = run_in(dir.path(), &["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        for name in &names {
            assert!(
                run.stdout.contains(name.as_str()),
                "{shell} completions lack {name}"
            );
        }
    }
    let bash = run_in(dir.path(), &["completions", "bash"]).stdout;
    assert!(bash.contains("complete -F _bitext"), "{bash}");
    let man = run_in(dir.path(), &["man"]);
    assert_eq!(man.code, 0, "{}", man.stderr);
    assert!(
        man.stdout.starts_with(".ie") || man.stdout.contains(".TH bitext 1"),
        "not roff"
    );
    for name in &names {
        let heading = format!("bitext\\-{}", name.replace('-', "\\-"));
        assert!(man.stdout.contains(&heading), "the manual lacks {name}");
    }
    assert!(man.stdout.contains("Examples:"));
    // A shell that is not one is a usage error.
    assert_eq!(run_in(dir.path(), &["completions", "tcsh"]).code, 2);
}

/// Runs bitext under a pseudo-terminal (`script`, from util-linux), with
/// `BITEXT_PAGER` writing what it is given to a file.
fn on_a_terminal(corpus: &crate::support::Corpus, args: &str, paged: &std::path::Path) -> bool {
    let Some(script) = crate::support::external("script", &["--version"], "script (util-linux)")
    else {
        return false;
    };
    let status = std::process::Command::new(script)
        .args([
            "-qec",
            &format!("{} {args}", env!("CARGO_BIN_EXE_bitext")),
            "/dev/null",
        ])
        .current_dir(corpus.path())
        .env("BITEXT_PAGER", format!("cat > {}", paged.display()))
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "{args}");
    true
}

#[test]
fn long_output_goes_through_the_pager_on_a_terminal_only() {
    let corpus = crate::support::Corpus::new();
    assert_eq!(crate::support::import_seed(&corpus).code, 0);
    assert_eq!(corpus.run(&["commit", "-m", "the telegram"]).code, 0);
    let paged = corpus.path().join("paged.txt");
    for args in [
        "log",
        "log -p",
        "show wcda-112106",
        "blame wcda-112106",
        "diff HEAD",
    ] {
        let _ = std::fs::remove_file(&paged);
        if !on_a_terminal(&corpus, args, &paged) {
            return;
        }
        let text = std::fs::read_to_string(&paged).unwrap_or_default();
        let piped = run_in(corpus.path(), &args.split(' ').collect::<Vec<_>>());
        assert_eq!(
            text.replace("\r\n", "\n"),
            piped.stdout,
            "{args}: the pager got other text"
        );
        // --no-pager, and a pipe: no pager.
        let _ = std::fs::remove_file(&paged);
        on_a_terminal(&corpus, &format!("{args} --no-pager"), &paged);
        assert!(!paged.exists(), "{args} --no-pager paged");
    }
    let _ = std::fs::remove_file(&paged);
    let piped = std::process::Command::new(env!("CARGO_BIN_EXE_bitext"))
        .arg("log")
        .current_dir(corpus.path())
        .env("BITEXT_PAGER", format!("cat > {}", paged.display()))
        .output()
        .unwrap();
    assert!(!piped.stdout.is_empty());
    assert!(!paged.exists(), "a pipe got a pager");
}
