//! `bitext check` for CI: each output format validated by a consumer (the
//! SARIF against its published schema, the JUnit XML by an XML parser, the
//! GitHub annotations by their documented syntax), exit codes, shards,
//! `--changed-since`, `--rev` in a bare repository, and configuration
//! errors.

use std::process::Command;

use quick_xml::events::Event;
use serde_json::Value;

use crate::support::{fixture, import_seed, run_in, Corpus};

/// A corpus with the telegram and the German dedication, faults put in:
/// a changed number, a zero-width space, a quotation left open with
/// markup characters in it, a double space (a warning).
fn faulty_corpus() -> Corpus {
    let corpus = Corpus::new();
    assert_eq!(import_seed(&corpus).code, 0);
    let (en, de) = (
        fixture("dedication-5.0.en.txt"),
        fixture("dedication-5.0.de.txt"),
    );
    let run = corpus.import_pair("text", "ded", Some((&en, "en")), Some((&de, "de")), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = corpus
        .document("ded")
        .replace(
            "Debian GNU/Linux 5.0 „Lenny“",
            "Debian GNU/Linux 6.0 „<Lenny> & Co",
        )
        .replace("Thiemo war in", "Thiemo\u{200b} war  in");
    corpus.write("translations/ded.toml", text);
    corpus
}

fn check(corpus: &Corpus, args: &[&str]) -> (i32, String) {
    let mut all = vec!["check"];
    all.extend(args);
    let run = corpus.run(&all);
    assert!(run.code == 0 || run.code == 1, "{args:?}: {}", run.stderr);
    (run.code, run.stdout)
}

fn findings(corpus: &Corpus) -> Vec<Value> {
    let (_, json) = check(corpus, &["--format", "json"]);
    let report: Value = serde_json::from_str(&json).unwrap();
    report["findings"].as_array().unwrap().clone()
}

#[test]
fn sarif_is_valid_against_the_published_schema() {
    let corpus = faulty_corpus();
    let (code, sarif) = check(&corpus, &["--format", "sarif"]);
    assert_eq!(code, 1);
    let log: Value = serde_json::from_str(&sarif).unwrap();
    // The published schema's pattern for `language` (of a run and of a
    // tool component) has a stray `]`, which a strict validator refuses to
    // compile; escaped, it means what lenient regex engines read it as.
    // (bitext writes no `language`.)
    let published = std::fs::read_to_string(fixture("sarif/sarif-schema-2.1.0.json")).unwrap();
    let stray = "-[a-zA-Z]{2}]?$";
    assert_eq!(published.matches(stray).count(), 2);
    let schema: Value =
        serde_json::from_str(&published.replace(stray, "-[a-zA-Z]{2}\\\\]?$")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The same findings as the JSON report, with rules and locations.
    let expected = findings(&corpus);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), expected.len());
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    for (result, finding) in results.iter().zip(&expected) {
        assert_eq!(result["ruleId"], finding["code"]);
        assert_eq!(
            rules[result["ruleIndex"].as_u64().unwrap() as usize]["id"],
            finding["code"]
        );
        assert_eq!(result["level"], finding["severity"]);
        assert_eq!(result["message"]["text"], finding["message"]);
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], finding["file"]);
        assert_eq!(location["region"]["startLine"], finding["line"]);
    }
    let codes: Vec<&str> = expected
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    for code in [
        "number-mismatch",
        "invisible-character",
        "quote-mismatch",
        "whitespace",
    ] {
        assert!(codes.contains(&code), "{code} in {codes:?}");
    }
}

/// A corpus of three documents: two with faults, one clean.
fn corpus_with_a_clean_document() -> Corpus {
    let corpus = faulty_corpus();
    let (en, fr) = (
        fixture("dedication-5.0.en.txt"),
        fixture("dedication-5.0.fr.txt"),
    );
    let run = corpus.import_pair("text", "clean", Some((&en, "en")), Some((&fr, "fr")), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    corpus
}

#[test]
fn junit_has_a_test_case_per_document_and_one_failure_per_failing_document() {
    let corpus = corpus_with_a_clean_document();
    let expected = findings(&corpus);
    let documents: std::collections::BTreeSet<&str> = expected
        .iter()
        .map(|f| f["document"].as_str().unwrap())
        .collect();
    let (_, json) = check(&corpus, &["--format", "json"]);
    let report: Value = serde_json::from_str(&json).unwrap();
    let checked = report["summary"]["documents"].as_u64().unwrap() as usize;
    assert!(checked > documents.len(), "a clean document is among them");
    for (args, severities) in [
        (&["--format", "junit"][..], &["error"][..]),
        (
            &["--format", "junit", "--deny", "warnings"][..],
            &["error", "warning"][..],
        ),
    ] {
        let failing: Vec<&Value> = expected
            .iter()
            .filter(|f| severities.contains(&f["severity"].as_str().unwrap()))
            .collect();
        let failing_documents: std::collections::BTreeSet<&str> = failing
            .iter()
            .map(|f| f["document"].as_str().unwrap())
            .collect();
        let (_, xml) = check(&corpus, args);
        let mut reader = quick_xml::Reader::from_str(&xml);
        let (mut cases, mut failures, mut depth) = (Vec::new(), 0, 0);
        let (mut in_failure, mut bodies) = (false, String::new());
        let mut suite_counts = None;
        loop {
            match reader.read_event() {
                Ok(Event::Eof) => break,
                Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.name().as_ref() == b"testcase" => {
                    let name = e.try_get_attribute("name").unwrap().unwrap();
                    cases.push(name.unescape_value().unwrap().into_owned());
                    if !xml[..reader.buffer_position() as usize].ends_with("/>") {
                        depth += 1;
                    }
                }
                Ok(Event::Start(e)) => {
                    depth += 1;
                    match e.name().as_ref() {
                        b"failure" => {
                            failures += 1;
                            in_failure = true;
                        }
                        b"testsuite" => {
                            let attribute = |key: &str| -> usize {
                                let value = e.try_get_attribute(key).unwrap().unwrap();
                                value.unescape_value().unwrap().parse().unwrap()
                            };
                            suite_counts = Some((
                                attribute("tests"),
                                attribute("failures"),
                                attribute("skipped"),
                            ));
                        }
                        _ => {}
                    }
                }
                Ok(Event::Text(t)) if in_failure => bodies.push_str(&t.decode().unwrap()),
                Ok(Event::GeneralRef(r)) if in_failure => {
                    let name = r.decode().unwrap();
                    let c = match name.as_ref() {
                        "lt" => '<',
                        "gt" => '>',
                        "amp" => '&',
                        "quot" => '"',
                        "apos" => '\'',
                        reference => reference
                            .strip_prefix("#x")
                            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                            .or_else(|| reference.strip_prefix('#').and_then(|d| d.parse().ok()))
                            .and_then(char::from_u32)
                            .unwrap_or_else(|| panic!("entity {reference}")),
                    };
                    bodies.push(c);
                }
                Ok(Event::End(e)) => {
                    depth -= 1;
                    if e.name().as_ref() == b"failure" {
                        in_failure = false;
                    }
                }
                Ok(_) => {}
                Err(e) => panic!(
                    "not well-formed XML at {}: {e}\n{xml}",
                    reader.error_position()
                ),
            }
        }
        assert_eq!(depth, 0);
        // Every document a case, the clean one passing; a failure per
        // failing document, never one per finding.
        assert_eq!(cases.len(), checked, "{xml}");
        assert!(cases.iter().any(|c| c == "clean"), "{cases:?}");
        assert_eq!(failures, failing_documents.len(), "{xml}");
        assert_eq!(suite_counts, Some((checked, failures, 0)));
        // Every failing finding's message is in a failure, intact.
        for f in &failing {
            let message = f["message"].as_str().unwrap();
            assert!(bodies.contains(message), "{message} not in {bodies}");
        }
    }
}

#[test]
fn a_junit_consumer_reads_the_report_and_its_counts_add_up() {
    let Some(python) = crate::support::python_with("junitparser", "junitparser") else {
        return;
    };
    let corpus = corpus_with_a_clean_document();
    let (_, xml) = check(&corpus, &["--format", "junit"]);
    let path = corpus.write("report.xml", &xml);
    let script = r#"
import sys
from junitparser import JUnitXml, Failure, Skipped, Error
xml = JUnitXml.fromfile(sys.argv[1])
for suite in xml:
    cases = list(suite)
    failed = sum(1 for c in cases if any(isinstance(r, Failure) for r in c.result))
    skipped = sum(1 for c in cases if any(isinstance(r, Skipped) for r in c.result))
    errored = sum(1 for c in cases if any(isinstance(r, Error) for r in c.result))
    passed = sum(1 for c in cases if c.is_passed)
    assert suite.tests == len(cases) == passed + failed + skipped + errored, (suite.tests, len(cases), passed, failed, skipped)
    assert suite.failures == failed, (suite.failures, failed)
    for c in cases:
        assert len(c.result) <= 1, (c.name, len(c.result))
    print(suite.tests, passed, failed, skipped)
"#;
    let out = Command::new(python)
        .args(["-c", script])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let counts = String::from_utf8_lossy(&out.stdout);
    let numbers: Vec<usize> = counts
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    let with_errors: std::collections::BTreeSet<String> = findings(&corpus)
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| f["document"].as_str().unwrap().to_owned())
        .collect();
    // tests, passed, failed, skipped.
    assert_eq!(
        numbers,
        [3, 3 - with_errors.len(), with_errors.len(), 0],
        "{counts}"
    );
}

#[test]
fn github_annotations_follow_the_workflow_command_syntax() {
    let corpus = faulty_corpus();
    let expected = findings(&corpus);
    let (_, text) = check(&corpus, &["--format", "github"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), expected.len());
    let unescape = |s: &str| {
        s.replace("%0A", "\n")
            .replace("%0D", "\r")
            .replace("%3A", ":")
            .replace("%2C", ",")
            .replace("%25", "%")
    };
    for (line, finding) in lines.iter().zip(&expected) {
        // ::LEVEL file=F,line=N,title=T::MESSAGE
        let rest = line.strip_prefix("::").unwrap();
        let (command, rest) = rest.split_once(' ').unwrap();
        let level = match finding["severity"].as_str().unwrap() {
            "note" => "notice",
            other => other,
        };
        assert_eq!(command, level);
        let (properties, message) = rest.split_once("::").unwrap();
        let properties: Vec<(&str, &str)> = properties
            .split(',')
            .map(|p| p.split_once('=').unwrap())
            .collect();
        assert_eq!(properties[0], ("file", finding["file"].as_str().unwrap()));
        if let Some(n) = finding["line"].as_u64() {
            assert_eq!(properties[1], ("line", n.to_string().as_str()));
        }
        assert!(properties.iter().any(|(k, _)| *k == "title"));
        for (_, value) in &properties {
            assert!(!value.contains([':', ',', '\n']), "{value}");
        }
        assert!(!message.contains(['\n', '\r']));
        assert_eq!(unescape(message), finding["message"].as_str().unwrap());
    }
}

#[test]
fn exit_codes_and_deny_warnings() {
    let corpus = Corpus::new();
    assert_eq!(import_seed(&corpus).code, 0);
    // A double space: a warning only.
    let text =
        corpus
            .document("wcda-112106")
            .replacen("Comrade MAO ZEDONG", "Comrade  MAO ZEDONG", 1);
    corpus.write("translations/wcda-112106.toml", text);
    assert_eq!(corpus.run(&["check"]).code, 0);
    assert_eq!(corpus.run(&["check", "--deny", "warnings"]).code, 1);
    let run = corpus.run(&["check", "--shard", "3/2"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("K/N"), "{}", run.stderr);
}

#[test]
fn shards_split_the_corpus_and_changed_since_keeps_to_the_changes() {
    let corpus = faulty_corpus();
    let (en, fr) = (
        fixture("dedication-5.0.en.txt"),
        fixture("dedication-5.0.fr.txt"),
    );
    let run = corpus.import_pair("text", "ded-fr", Some((&en, "en")), Some((&fr, "fr")), &[]);
    assert_eq!(run.code, 0);
    let documents = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["--format", "json"];
        all.extend(args);
        let (_, json) = check(&corpus, &all);
        let report: Value = serde_json::from_str(&json).unwrap();
        let mut docs: Vec<String> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["document"].as_str().unwrap().to_owned())
            .collect();
        docs.dedup();
        let n = report["summary"]["documents"].as_u64().unwrap() as usize;
        assert!(docs.len() <= n);
        docs.push(format!("#{n}"));
        docs
    };
    let counts: Vec<usize> = (1..=3)
        .map(|k| {
            let docs = documents(&["--shard", &format!("{k}/3")]);
            docs.last().unwrap()[1..].parse().unwrap()
        })
        .collect();
    assert_eq!(
        counts.iter().sum::<usize>(),
        3,
        "each document in one shard: {counts:?}"
    );

    assert_eq!(corpus.run(&["commit", "-m", "all", "--no-verify"]).code, 0);
    assert_eq!(documents(&["--changed-since", "HEAD"]), ["#0"]);
    let text = corpus
        .document("ded-fr")
        .replacen("Thiemo", "Thiemo\u{200b}", 1);
    corpus.write("translations/ded-fr.toml", text);
    assert_eq!(documents(&["--changed-since", "HEAD"]), ["ded-fr", "#1"]);
}

#[test]
fn a_revision_is_checked_from_the_objects_even_in_a_bare_repository() {
    let corpus = faulty_corpus();
    assert_eq!(
        corpus.run(&["commit", "-m", "faulty", "--no-verify"]).code,
        0
    );
    let working = findings(&corpus);
    // The work tree is fixed afterwards; the revision still has the faults.
    let clean = corpus.document("ded").replace('\u{200b}', "");
    corpus.write("translations/ded.toml", clean);
    let (_, json) = check(&corpus, &["--rev", "HEAD", "--format", "json"]);
    let at_head: Value = serde_json::from_str(&json).unwrap();
    let count =
        |findings: &[Value], code: &str| findings.iter().filter(|f| f["code"] == code).count();
    let head_findings = at_head["findings"].as_array().unwrap();
    assert_eq!(
        count(head_findings, "invisible-character"),
        count(&working, "invisible-character")
    );
    assert!(head_findings[0]["file"]
        .as_str()
        .unwrap()
        .contains(":translations/"));

    let bare = tempfile::tempdir().unwrap();
    let status = Command::new("git")
        .args(["clone", "-q", "--bare"])
        .arg(corpus.path())
        .arg(bare.path().join("server.git"))
        .status()
        .unwrap();
    assert!(status.success());
    let run = run_in(
        &bare.path().join("server.git"),
        &["check", "--rev", "HEAD", "--format", "json"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        report["findings"].as_array().unwrap().len(),
        head_findings.len()
    );
    let run = run_in(
        &bare.path().join("server.git"),
        &["check", "--rev", "no-such-rev"],
    );
    assert_eq!(run.code, 2);
}

#[test]
fn configuration_errors_name_the_file_and_line() {
    let corpus = faulty_corpus();
    let before = corpus.snapshot();
    let config = std::fs::read_to_string(corpus.path().join("bitext.toml")).unwrap();
    let cases = [
        (
            format!("{config}\n[check.severity]\nwhitespace = \"off\"\nnumber-mismatc = \"warning\"\n"),
            None,
            "bitext.toml:",
            "unknown check \"number-mismatc\"",
        ),
        (
            format!("{config}\n[check.severity]\nwhitespace = \"loud\"\n"),
            None,
            "bitext.toml:",
            "is not error, warning, note or off",
        ),
        (
            format!("{config}\n[check]\nglossary = \"terms.csv\"\n"),
            Some("source,target,forbidden\nПэн Дэхуай,Peng Dehuai,Peng Te-huai\n\"Мао Цзэдун,Mao Zedong\n"),
            "terms.csv:3",
            "quote is not closed",
        ),
    ];
    for (text, glossary, place, message) in cases {
        std::fs::write(corpus.path().join("bitext.toml"), &text).unwrap();
        if let Some(glossary) = glossary {
            std::fs::write(corpus.path().join("terms.csv"), glossary).unwrap();
        }
        let run = corpus.run(&["check"]);
        assert_eq!(run.code, 2, "{text}");
        assert!(run.stderr.contains(place), "{}", run.stderr);
        assert!(run.stderr.contains(message), "{}", run.stderr);
        let _ = std::fs::remove_file(corpus.path().join("terms.csv"));
    }
    let line_of_unknown = config.lines().count() + 4;
    std::fs::write(
        corpus.path().join("bitext.toml"),
        format!("{config}\n[check.severity]\nwhitespace = \"off\"\nnumber-mismatc = \"warning\"\n"),
    )
    .unwrap();
    let run = corpus.run(&["check"]);
    assert!(
        run.stderr
            .contains(&format!("bitext.toml:{line_of_unknown}")),
        "{}",
        run.stderr
    );
    std::fs::write(corpus.path().join("bitext.toml"), &config).unwrap();

    // A suppression without a reason.
    let text = corpus.document("ded");
    let broken = text.replacen(
        "\n\n[[paragraph]]\nid = \"p3\"",
        "\nsuppress = [{ check = \"number-mismatch\" }]\n\n[[paragraph]]\nid = \"p3\"",
        1,
    );
    assert_ne!(broken, text);
    corpus.write("translations/ded.toml", &broken);
    let run = corpus.run(&["check"]);
    assert_eq!(run.code, 2);
    let p2_line = broken.lines().position(|l| l == "id = \"p2\"").unwrap() + 1;
    assert!(
        run.stderr.contains(&format!("ded.toml:{p2_line}"))
            && run.stderr.contains("without a reason"),
        "{}",
        run.stderr
    );
    corpus.write("translations/ded.toml", &text);
    assert_eq!(corpus.snapshot(), before);
}

#[test]
fn glossary_terms_are_required_and_forbidden_renderings_found() {
    let corpus = Corpus::new();
    let document = r#"#:schema ../schemas/document.schema.json
format = 1
id = "peng"
source_language = "ru"
target_language = "en"

[[paragraph]]
id = "p1"
source = "Товарищ Пэн Дэхуай пишет, что создаёт три оборонительные линии."
target = "Comrade Peng Te-huai writes that he is creating three defensive lines."

[[paragraph]]
id = "p2"
source = "Я согласен с товарищем Пэн Дэхуаем."
target = "I agree with Comrade Peng Dehuai."
"#;
    corpus.write("translations/peng.toml", document);
    corpus.write(
        "glossary.toml",
        "[[term]]\nsource = \"Пэн Дэхуай\"\ntarget = \"Peng Dehuai\"\nforbidden = [\"Peng Te-huai\"]\n",
    );
    let config = std::fs::read_to_string(corpus.path().join("bitext.toml")).unwrap();
    corpus.write(
        "bitext.toml",
        format!("{config}\n[check]\nglossary = \"glossary.toml\"\n"),
    );
    let found: Vec<(String, String)> = findings(&corpus)
        .iter()
        .filter(|f| f["code"] == "glossary")
        .map(|f| {
            (
                f["paragraph"].as_str().unwrap().to_owned(),
                f["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    // p1: the required rendering is missing and a forbidden one is there;
    // p2 inflects the name ("Дэхуаем") and renders it as required.
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.iter().all(|(p, _)| p == "p1"));
    assert!(found.iter().any(|(_, m)| m.contains("forbids")));
}
