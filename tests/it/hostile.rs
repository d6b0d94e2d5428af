//! Text from strangers never reaches the terminal raw: documents whose
//! texts, ids, metadata and commit messages hold escape sequences (CSI,
//! OSC 0 window titles, OSC 8 links), BEL, CR, backspace, C1 controls and
//! bidi overrides, run through every command with human output.

use crate::support::{Corpus, Run};

/// What an attacker puts in a document, as TOML escapes.
const HOSTILE: &str = r"\u001B[2J\u001B]0;owned\u0007\u001B]8;;http://evil.example\u001B\\link\u001B]8;;\u001B\\\r\b\u009B31m\u202Eevil";

/// The characters a terminal acts on or that reorder text.
fn acting(c: char) -> bool {
    (c < ' ' && c != '\n' && c != '\t')
        || ('\u{7f}'..='\u{9f}').contains(&c)
        || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The text without the tool's own colour: SGR sequences, `ESC [ digits
/// and semicolons m`.
fn without_colour(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("\u{1b}[") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let len = after
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .unwrap_or(after.len());
        if after[len..].starts_with('m') {
            rest = &after[len + 1..];
        } else {
            // Not colour: left in, for the check to find.
            out.push_str("\u{1b}[");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

fn assert_clean_in_colour(args: &[&str], run: &Run) {
    let stripped = Run {
        code: run.code,
        stdout: without_colour(&run.stdout),
        stderr: without_colour(&run.stderr),
    };
    assert_clean(args, &stripped);
}

fn assert_clean(args: &[&str], run: &Run) {
    for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        if let Some(c) = text.chars().find(|c| acting(*c)) {
            panic!("{args:?} printed U+{:04X} on {stream}:\n{text}", c as u32);
        }
    }
}

#[test]
fn no_command_prints_a_control_sequence_from_a_document() {
    let corpus = Corpus::new();
    let document = format!(
        "#:schema ../schemas/document.schema.json\nformat = 1\nid = \"evil\"\ntitle = \"Title {HOSTILE}\"\nsource_language = \"ru\"\ntarget_language = \"en\"\nsummary = \"Summary {HOSTILE}\"\n\n[citation]\nurl = \"http://example.org/{HOSTILE}\"\n\n[[paragraph]]\nid = \"p1\"\nsource = \"Исходный текст {HOSTILE}\"\ntarget = \"Target text {HOSTILE} http://x.example/{HOSTILE}\"\n\n[[paragraph]]\nid = \"p2\"\nsource = \"Второй абзац.\"\ntarget = \"Second paragraph.\"\n"
    );
    corpus.write("translations/evil.toml", &document);
    let author = "Mallory\u{1b}]0;owned\u{7} <mallory@example.org>";
    let run = corpus.run(&[
        "commit",
        "-m",
        &format!("First {}", "\u{1b}[2J\u{9b}1m"),
        "--author",
        author,
        "--no-verify",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_clean(&["commit"], &run);
    // A revision that changes the hostile texts, and beside it a document
    // whose paragraph id is hostile: refused at read, the refusal shown
    // safe.
    let edited = document.replace("Target text", "Changed target text");
    corpus.write("translations/evil.toml", &edited);
    corpus.write(
        "translations/badid.toml",
        format!("format = 1\nid = \"badid\"\n\n[[paragraph]]\nid = \"p{HOSTILE}\"\ntarget = \"Text.\"\n"),
    );
    for args in [&["show", "badid"][..], &["check"], &["status"], &["diff"]] {
        let run = corpus.run(args);
        assert_clean(args, &run);
    }
    let check = corpus.run(&["check", "badid", "--format", "json"]);
    assert!(
        check.stdout.contains("invalid paragraph id"),
        "{}",
        check.stdout
    );
    std::fs::remove_file(corpus.path().join("translations/badid.toml")).unwrap();
    corpus.write(
        "evil.en.txt",
        "A line \u{1b}[31mred\u{1b}[0m\n\nA second \u{202e}line.\n",
    );
    corpus.write("evil.ru.txt", "Строка \u{1b}]0;x\u{7}\n\nВторая строка.\n");
    let commands: &[&[&str]] = &[
        &["show", "evil"],
        &["show", "evil", "--width", "60"],
        &["check"],
        &["check", "evil"],
        &["status"],
        &["diff"],
        &["diff", "--side-by-side", "--width", "80"],
        &["diff", "--stat"],
        &["textconv", "translations/evil.toml"],
        &["align", "evil.ru.txt", "evil.en.txt"],
        &["align", "evil.ru.txt", "evil.en.txt", "--explain"],
        &["fmt", "--check"],
        &["grep", "evil"],
        &["grep", "Target"],
        &["stats"],
    ];
    for args in commands {
        let run = corpus.run(args);
        assert_clean(args, &run);
        // With colour, nothing but the tool's own colour sequences.
        let coloured: Vec<&str> = args.iter().copied().chain(["--color", "always"]).collect();
        let run = corpus.run(&coloured);
        if *args == ["diff"] {
            assert!(
                run.stdout.contains("\u{1b}[32m"),
                "colour is on: {}",
                run.stdout
            );
        }
        assert_clean_in_colour(&coloured, &run);
    }
    let run = corpus.run(&[
        "commit",
        "-m",
        "Second \u{1b}[1mbold",
        "--author",
        author,
        "--no-verify",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_clean(&["commit"], &run);
    for args in [
        &["log"][..],
        &["log", "evil", "-p"],
        &["log", "evil", "--paragraph", "p1"],
        &["blame", "evil"],
        &["diff", "HEAD~1", "HEAD"],
        &["show", "evil", "--rev", "HEAD~1"],
    ] {
        let run = corpus.run(args);
        assert!(run.code == 0 || run.code == 1, "{args:?}: {}", run.stderr);
        assert_clean(args, &run);
    }
    // Errors quote what they were given, shown safe too.
    for args in [
        &["show", "no\u{1b}[2Jsuch"][..],
        &["diff", "HEAD~1", "nope\u{9b}1m"],
    ] {
        let run = corpus.run(args);
        assert_eq!(run.code, 2, "{args:?}");
        assert_clean(args, &run);
    }
}

#[test]
fn conflicts_citations_and_editions_print_no_control_sequence_either() {
    let corpus = Corpus::new();
    let document = format!(
        "#:schema ../schemas/document.schema.json\nformat = 1\nid = \"evil\"\ntitle = \"Title {HOSTILE}\"\nconflict = [{{ field = \"summary\", base = \"b {HOSTILE}\", ours = \"o {HOSTILE}\", theirs = \"t {HOSTILE}\" }}]\n\n[citation]\ntext = \"Citation {HOSTILE}\"\nreference = \"Fond {HOSTILE}\"\nurl = \"http://example.org/{HOSTILE}\"\n\n[[paragraph]]\nid = \"p1\"\ntarget = \"Target {HOSTILE}\"\nconflict = [{{ field = \"target\", base = \"b {HOSTILE}\", ours = \"Target {HOSTILE}\", theirs = \"t {HOSTILE}\" }}]\n"
    );
    corpus.write("translations/evil.toml", &document);
    let run = corpus.run(&["commit", "-m", "x", "--no-verify"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let published = corpus.run(&["publish", "ed", "-m", "Edition \u{1b}]0;owned\u{7}"]);
    assert_eq!(published.code, 0, "{}", published.stderr);
    for args in [
        &["check", "evil"][..],
        &["status"],
        &["show", "evil"],
        &["show", "evil#p1"],
        &["textconv", "translations/evil.toml"],
        &["cite", "evil#p1"],
        &["cite", "evil", "--style", "apa"],
        &["cite", "evil", "--style", "bibtex"],
        &["resolve", "evil#p1", "--edit", "new \u{1b}[2J text"],
        &["resolve", "evil", "--theirs"],
    ] {
        let run = corpus.run(args);
        assert!(run.code <= 1, "{args:?}: {}", run.stderr);
        assert_clean(args, &run);
    }
}
