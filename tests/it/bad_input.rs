//! Bad input: a clear error naming the file and the place, exit code 2,
//! and every file left as it was.

use crate::support::{fixture, import_seed, Corpus, Run};

/// Runs `args` and asserts exit 2, an error containing every `needle`,
/// and an unchanged corpus.
fn refused(corpus: &Corpus, args: &[&str], needles: &[&str]) -> Run {
    let before = corpus.snapshot();
    let run = corpus.run(args);
    assert_eq!(
        run.code, 2,
        "{args:?}\nstdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
    for needle in needles {
        assert!(
            run.stderr.contains(needle),
            "{needle:?} not in {}",
            run.stderr
        );
    }
    assert_eq!(corpus.snapshot(), before, "{args:?} changed files");
    run
}

fn corpus_with_seed() -> Corpus {
    let corpus = Corpus::new();
    assert_eq!(import_seed(&corpus).code, 0);
    corpus
}

#[test]
fn invalid_utf8_input_is_refused_with_its_byte_offset() {
    let corpus = Corpus::new();
    let mut bytes = b"1951\n\nTitle\n\nSummary:\n\nText\n\nBody ".to_vec();
    bytes.extend_from_slice(b"\xd0\xf3\xf1\xf1\xea\xe8\xe9\n");
    corpus.write("export.txt", &bytes);
    refused(
        &corpus,
        &["import", "archive", "export.txt"],
        &["export.txt", "not valid UTF-8 at byte 34", "--encoding"],
    );
    // The same bytes in windows-1251 are fine.
    let ok = corpus.run(&[
        "import",
        "archive",
        "export.txt",
        "--encoding",
        "windows-1251",
        "--id",
        "x",
    ]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);
    assert!(corpus.document("x").contains("Body Русский"));
}

#[test]
fn invalid_bytes_in_a_legacy_encoding_are_refused_with_the_offset() {
    let corpus = Corpus::new();
    corpus.write("t.txt", b"abc\x81\x20def");
    refused(
        &corpus,
        &[
            "import",
            "text",
            "--id",
            "t",
            "--target",
            "t.txt",
            "--encoding",
            "shift_jis",
        ],
        &["t.txt", "not valid Shift_JIS at byte 3"],
    );
}

#[test]
fn unknown_encoding_label_is_refused() {
    let corpus = Corpus::new();
    let seed = fixture("wcda-112106.txt");
    refused(
        &corpus,
        &[
            "import",
            "archive",
            seed.to_str().unwrap(),
            "--encoding",
            "cp-nonsense",
        ],
        &["unknown encoding \"cp-nonsense\""],
    );
}

#[test]
fn invalid_utf8_document_is_refused() {
    let corpus = corpus_with_seed();
    let mut bytes = corpus.document("wcda-112106").into_bytes();
    bytes.splice(100..100, [0xff, 0xfe]);
    corpus.write("translations/wcda-112106.toml", &bytes);
    refused(
        &corpus,
        &["show", "wcda-112106"],
        &["wcda-112106.toml", "not valid UTF-8 at byte 100"],
    );
    refused(&corpus, &["fmt"], &["wcda-112106.toml", "byte 100"]);
}

#[test]
fn malformed_toml_is_refused_with_line_and_column() {
    let corpus = corpus_with_seed();
    let text = corpus
        .document("wcda-112106")
        .replace("id = \"p3\"", "id = \"p3");
    let line = text.lines().position(|l| l == "id = \"p3").unwrap() + 1;
    corpus.write("translations/wcda-112106.toml", &text);
    let place = format!("wcda-112106.toml:{line}:");
    refused(&corpus, &["show", "wcda-112106"], &[&place]);
    refused(&corpus, &["fmt"], &[&place]);
    refused(&corpus, &["fmt", "--check"], &[&place]);
}

#[test]
fn a_misspelt_key_is_refused_with_its_line() {
    let corpus = corpus_with_seed();
    let text = corpus.document("wcda-112106").replacen(
        "target = \"I received",
        "traget = \"I received",
        1,
    );
    let line = text.lines().position(|l| l.starts_with("traget")).unwrap() + 1;
    corpus.write("translations/wcda-112106.toml", &text);
    refused(
        &corpus,
        &["show", "wcda-112106"],
        &[&format!("wcda-112106.toml:{line}:"), "traget"],
    );
}

#[test]
fn unknown_format_version_is_refused() {
    let corpus = corpus_with_seed();
    let text = corpus
        .document("wcda-112106")
        .replace("format = 1", "format = 7");
    corpus.write("translations/wcda-112106.toml", &text);
    refused(
        &corpus,
        &["show", "wcda-112106"],
        &["wcda-112106.toml:2", "unsupported format version 7"],
    );
}

#[test]
fn document_ids_that_are_paths_are_refused() {
    let corpus = Corpus::new();
    let seed = fixture("wcda-112106.txt");
    let seed = seed.to_str().unwrap();
    let long = "x".repeat(129);
    for (id, why) in [
        ("../x", "path separator"),
        ("a/b", "path separator"),
        (".hidden", "starts with a dot"),
        ("", "empty"),
        (long.as_str(), "longer than 128"),
    ] {
        refused(
            &corpus,
            &["import", "archive", seed, "--id", id],
            &["invalid document id", why],
        );
        refused(
            &corpus,
            &["import", "text", "--id", id, "--target", seed],
            &["invalid document id", why],
        );
    }
    // An id inside a file is refused too, with its line.
    let doc = "format = 1\nid = \"../../etc/passwd\"\n";
    corpus.write("translations/evil.toml", doc);
    refused(
        &corpus,
        &["show", "translations/evil.toml"],
        &["evil.toml:2:", "path separator"],
    );
}

#[test]
fn import_over_an_existing_document_needs_force() {
    let corpus = corpus_with_seed();
    let seed = fixture("wcda-112106.txt");
    refused(
        &corpus,
        &["import", "archive", seed.to_str().unwrap()],
        &["wcda-112106.toml already exists", "--force"],
    );
}

#[test]
fn a_batch_with_one_bad_file_writes_nothing() {
    let corpus = Corpus::new();
    let seed = fixture("wcda-112106.txt");
    corpus.write("bad.txt", b"not an export at all\n");
    refused(
        &corpus,
        &["import", "archive", seed.to_str().unwrap(), "bad.txt"],
        &["bad.txt", "not an archive export"],
    );
    assert!(!corpus.path().join("translations/wcda-112106.toml").exists());
}

#[test]
fn files_over_the_size_limit_are_refused() {
    let corpus = corpus_with_seed();
    let config = std::fs::read_to_string(corpus.path().join("bitext.toml")).unwrap();
    corpus.write(
        "bitext.toml",
        config.replace("max_file_size = 67108864", "max_file_size = 1000"),
    );
    let seed = fixture("wcda-112106.txt");
    refused(
        &corpus,
        &["import", "archive", seed.to_str().unwrap(), "--id", "y"],
        &[
            "wcda-112106.txt is 3484 bytes",
            "over the limit of 1000 bytes",
        ],
    );
    refused(
        &corpus,
        &["show", "wcda-112106"],
        &["wcda-112106.toml is 4", "over the limit of 1000 bytes"],
    );
}

#[test]
fn a_malformed_config_is_refused_with_its_line() {
    let corpus = Corpus::new();
    corpus.write("bitext.toml", "[limits]\nmax_file_size = \"big\"\n");
    refused(&corpus, &["check"], &["bitext.toml:2:", "invalid type"]);
    corpus.write("bitext.toml", "[limits]\nmax_fle_size = 5\n");
    refused(&corpus, &["check"], &["bitext.toml:2:", "max_fle_size"]);
}

#[test]
fn outside_a_corpus_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let run = crate::support::run_in(dir.path(), &["check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("not inside a bitext corpus"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("bitext init"), "{}", run.stderr);
}

#[test]
fn unknown_document_is_a_clear_error() {
    let corpus = Corpus::new();
    refused(
        &corpus,
        &["show", "no-such-doc"],
        &["no document \"no-such-doc\""],
    );
}

#[test]
fn malformed_po_is_refused_with_its_line_and_column() {
    let corpus = Corpus::new();
    let cases = [
        (
            "msgid \"Save\"\nmsgstr \"Сохранить\n",
            ":2:8: string has no closing quote",
        ),
        (
            "msgid \"Save\"\nmsgstr \"\\q\"\n",
            ":2:9: unknown escape \\q",
        ),
        (
            "msgid \"Save\"\nmsgstr \"a\"\n\nmsgid \"Save\"\nmsgstr \"b\"\n",
            ":4:1: duplicate entry",
        ),
        (
            "msgid \"Save\"\nmsgstr[0] \"a\"\n",
            ":2:1: msgstr[0] without msgid_plural",
        ),
    ];
    for (text, expected) in cases {
        let path = corpus.write("bad.po", text);
        let args = ["import", "po", path.to_str().unwrap(), "--id", "bad"];
        let before = corpus.snapshot();
        let run = corpus.run(&args);
        assert_eq!(run.code, 2, "{text:?}");
        assert!(
            run.stderr.contains(&format!("bad.po{expected}")),
            "{text:?}: {}",
            run.stderr
        );
        assert_eq!(corpus.snapshot(), before, "{text:?} changed files");
    }
}

#[test]
fn nothing_is_guessed_utf16_without_a_mark_unknown_charsets_and_ids_that_cannot_be_files() {
    let corpus = Corpus::new();
    let before = corpus.snapshot();
    // UTF-16 without a byte-order mark, English and Russian.
    for (name, text) in [
        ("en.txt", "Tied to the mast.\n\nA second paragraph.\n"),
        ("ru.txt", "Привязан к мачте.\n\nВторой абзац.\n"),
    ] {
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let path = corpus.path().join(name);
        std::fs::write(&path, &le).unwrap();
        let run = corpus.import_pair("text", "x", None, Some((&path, "en")), &[]);
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert!(run.stderr.contains("--encoding utf-16le"), "{}", run.stderr);
        assert!(run.stderr.contains(name), "{}", run.stderr);
        let run = corpus.import_pair(
            "text",
            "x",
            None,
            Some((&path, "en")),
            &["--encoding", "utf-16le", "--force"],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(corpus.document("x").contains(text.lines().next().unwrap()));
        std::fs::remove_file(corpus.path().join("translations/x.toml")).unwrap();
        std::fs::remove_file(&path).unwrap();
    }
    assert_eq!(corpus.snapshot(), before);
    // UTF-32, with and without its mark, and a NUL inside UTF-8 text.
    let utf32 = |text: &str, mark: bool| -> Vec<u8> {
        let chars = mark.then_some('\u{feff}').into_iter().chain(text.chars());
        chars.flat_map(|c| (c as u32).to_le_bytes()).collect()
    };
    for (name, bytes, says) in [
        ("marked.txt", utf32("Привязан к мачте.\n", true), "utf-32le"),
        ("bare.txt", utf32("Tied to the mast.\n", false), "utf-32le"),
        (
            "nul.txt",
            b"Tied to\0 the mast.\n".to_vec(),
            "NUL character at character 7",
        ),
    ] {
        let path = corpus.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let run = corpus.import_pair("text", "x", None, Some((&path, "en")), &[]);
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{name}: {}", run.stderr);
        assert!(run.stderr.contains(name), "{}", run.stderr);
        std::fs::remove_file(&path).unwrap();
        assert_eq!(corpus.snapshot(), before, "{name}");
    }
    // A catalogue that declares a charset nothing here decodes.
    let po = "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=X-MAC-KLINGON\\n\"\n\nmsgid \"Yes\"\nmsgstr \"Да\"\n";
    let path = corpus.write("x.po", po);
    let run = corpus.run(&["import", "po", path.to_str().unwrap(), "--id", "x"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("x.po:3") && run.stderr.contains("X-MAC-KLINGON"),
        "{}",
        run.stderr
    );
    std::fs::remove_file(&path).unwrap();
    // Ids that would not be the file they name, here or on Windows.
    let seed = crate::support::fixture("wcda-112106.txt");
    for id in ["x.toml", "con", "NUL", "aux.old", "COM1", "lpt9"] {
        let run = corpus.run(&["import", "archive", seed.to_str().unwrap(), "--id", id]);
        assert_eq!(run.code, 2, "{id}: {}", run.stderr);
        assert!(
            run.stderr.contains("invalid document id"),
            "{id}: {}",
            run.stderr
        );
    }
    assert_eq!(corpus.snapshot(), before);
    // Names merely like them are fine.
    let run = corpus.run(&[
        "import",
        "archive",
        seed.to_str().unwrap(),
        "--id",
        "console",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn numbers_that_are_not_finite_are_refused_where_they_stand() {
    let corpus = Corpus::new();
    for (text, line) in [
        ("format = 1\nid = \"n\"\nweight = nan\n\n[[paragraph]]\nid = \"p1\"\ntarget = \"Yes.\"\n", 3),
        ("format = 1\nid = \"n\"\nsizes = [1.0, -inf]\n", 3),
        ("format = 1\nid = \"n\"\n\n[[paragraph]]\nid = \"p1\"\nsource = \"Да.\"\ntarget = \"Yes.\"\nconfidence = inf\n", 5),
    ] {
        corpus.write("translations/n.toml", text);
        let before = corpus.snapshot();
        let run = corpus.run(&["show", "n", "--format", "json"]);
        assert_eq!(run.code, 2, "{text}: {}", run.stdout);
        assert!(run.stderr.contains(&format!("n.toml:{line}")), "{}", run.stderr);
        assert!(run.stderr.contains("not a finite number"), "{}", run.stderr);
        let run = corpus.run(&["check", "n", "--format", "json"]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(report["findings"][0]["code"], "schema");
        assert_eq!(report["findings"][0]["line"], line);
        assert_eq!(corpus.snapshot(), before);
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_under_translations_is_named_not_passed_over_and_never_waited_on() {
    let corpus = Corpus::new();
    assert_eq!(import_seed(&corpus).code, 0);
    assert_eq!(corpus.run(&["commit", "-m", "telegram"]).code, 0);
    let fifo = corpus.path().join("translations/pipe.toml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    // `check` reports it as a finding and checks the rest.
    let run = corpus.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let pipe = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"] == "translations/pipe.toml")
        .expect("a finding for the FIFO");
    assert_eq!(pipe["code"], "schema");
    assert!(pipe["message"]
        .as_str()
        .unwrap()
        .contains("not a regular file"));
    assert_eq!(report["summary"]["documents"], 2);
    // Every other command names it and stops.
    for args in [
        &["show", "pipe"][..],
        &["status"],
        &["diff"],
        &["fmt", "--check"],
        &["commit", "-m", "x"],
    ] {
        let run = corpus.run(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("pipe.toml") && run.stderr.contains("not a regular file"),
            "{args:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn paragraph_ids_are_restricted_like_document_ids_with_a_located_error() {
    let corpus = Corpus::new();
    for bad in ["p 1", "p1#x", "", "p1@HEAD", "п1", "a/b"] {
        let text = format!("format = 1\nid = \"q\"\n\n[[paragraph]]\nid = \"p0\"\ntarget = \"One.\"\n\n[[paragraph]]\nid = \"{bad}\"\ntarget = \"Two.\"\n");
        corpus.write("translations/q.toml", &text);
        let before = corpus.snapshot();
        let run = corpus.run(&["show", "q"]);
        assert_eq!(run.code, 2, "{bad:?}");
        assert!(
            run.stderr.contains("q.toml:9") && run.stderr.contains("invalid paragraph id"),
            "{bad:?}: {}",
            run.stderr
        );
        let run = corpus.run(&["check", "q", "--format", "json"]);
        assert_eq!(run.code, 1);
        let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(report["findings"][0]["line"], 9, "{bad:?}");
        assert_eq!(corpus.snapshot(), before);
    }
}
