//! The check catalogue on real documents: the seven chapters of the
//! Debian New Maintainers' Guide in English and Russian (paired element by
//! element, as their translators made them), first as published, then
//! with faults injected at known paragraphs — a shifted alignment, a
//! changed number, a Latin "o" in a Russian word, a zero-width space, a
//! decomposed "й", an untranslated paragraph, a dropped translation, a
//! stale translation, a glossary violation. Each fault must be reported
//! with its code at its paragraph (recall, per check); the published
//! documents must give few warnings (rate per 100 paragraphs).
//! `cargo test --release --test it check_recall -- --nocapture` prints the
//! table.

use std::collections::BTreeMap;
use std::path::Path;

use bitext::check::{check_loaded, Finding, Settings};
use bitext::check::{Glossary, Term};
use bitext::document::load_document_bytes;
use bitext::document::Suppression;
use bitext::import::html_paragraphs;
use bitext::{Document, DocumentId, Paragraph};

use crate::support::fixture;

const CHAPTERS: [&str; 7] = [
    "first", "dreq", "dother", "modify", "build", "update", "advanced",
];

/// Each chapter as a document: one record paragraph per element pair,
/// confirmed.
fn chapters() -> Vec<Document> {
    CHAPTERS
        .iter()
        .map(|chapter| {
            let read = |lang: &str| {
                let path = fixture(&format!("align/maint-guide/{chapter}.{lang}.html"));
                html_paragraphs(&std::fs::read_to_string(path).unwrap())
            };
            let (en, ru) = (read("en"), read("ru"));
            let mut document = Document::new(DocumentId::new(chapter).unwrap());
            document.source_language = Some("en".into());
            document.target_language = Some("ru".into());
            document.paragraphs = en
                .into_iter()
                .zip(ru)
                .enumerate()
                .map(|(k, (s, t))| {
                    let mut p = Paragraph::new(format!("p{}", k + 1), Some(s), Some(t));
                    p.confirm();
                    p
                })
                .collect();
            document
        })
        .collect()
}

/// The glossary the harness uses: Debian's name must stay Latin.
fn settings() -> Settings {
    let mut settings = Settings::default();
    settings.glossary = Some(Glossary {
        path: "glossary.toml".into(),
        terms: vec![Term {
            source: "Debian".into(),
            target: "Debian".into(),
            forbidden: vec!["Дебиан".into()],
        }],
    });
    settings
}

/// Checks a document file's text, as the file of document `id`.
fn check(id: &str, text: &str, settings: &Settings) -> Vec<Finding> {
    let file = format!("{id}.toml");
    let loaded = load_document_bytes(text.as_bytes().to_vec(), Path::new(&file)).unwrap();
    check_loaded(&loaded, &file, settings).unwrap().findings
}

/// The published chapters' real defects, reviewed by hand
/// (`tests/fixtures/check-recall/reviewed.toml`): (chapter, paragraph,
/// check, reason).
fn reviewed() -> Vec<(String, String, String, String)> {
    let text = std::fs::read_to_string(fixture("check-recall/reviewed.toml")).unwrap();
    let table: toml::Table = toml::from_str(&text).unwrap();
    let mut list = Vec::new();
    let untranslated = table["untranslated"].as_table().unwrap();
    let reason = untranslated["reason"].as_str().unwrap();
    for chapter in CHAPTERS {
        for paragraph in untranslated[chapter].as_array().unwrap() {
            let paragraph = paragraph.as_str().unwrap();
            list.push((
                chapter.into(),
                paragraph.into(),
                "untranslated".into(),
                reason.into(),
            ));
        }
    }
    for defect in table["defect"].as_array().unwrap() {
        let field = |key: &str| defect[key].as_str().unwrap().to_owned();
        list.push((
            field("chapter"),
            field("paragraph"),
            field("check"),
            field("reason"),
        ));
    }
    list
}

/// A fault: its name, the code that must report it, and how to make it at
/// paragraph `k` of a document (returning the file text, or `None` when
/// that paragraph cannot carry the fault).
struct Fault {
    name: &'static str,
    code: &'static str,
    inject: fn(&Document, usize) -> Option<String>,
}

fn with(document: &Document, change: impl FnOnce(&mut Document)) -> String {
    let mut document = document.clone();
    change(&mut document);
    document.to_canonical_string()
}

fn target(document: &Document, k: usize) -> &str {
    document.paragraphs[k].target.as_deref().unwrap_or("")
}

/// Prose paragraphs: worth faulting (code and one-word items are not what
/// these faults happen to).
fn is_prose(text: &str) -> bool {
    text.split_whitespace().count() >= 8 && !text.trim_start().starts_with('$')
}

const FAULTS: [Fault; 9] = [
    Fault {
        name: "a shifted alignment (a translation paragraph lost)",
        code: "alignment-drift",
        inject: |d, k| {
            if k + 8 > d.paragraphs.len() || !is_prose(target(d, k)) || !is_prose(target(d, k + 1))
            {
                return None;
            }
            Some(with(d, |d| {
                // Every translation from k on moves up by one.
                let n = d.paragraphs.len();
                for i in k..n - 1 {
                    d.paragraphs[i].target = d.paragraphs[i + 1].target.take();
                }
                d.paragraphs[n - 1].target = None;
            }))
        },
    },
    Fault {
        name: "a changed number",
        code: "number-mismatch",
        inject: |d, k| {
            let t = target(d, k);
            let at = t.find(|c: char| c.is_ascii_digit())?;
            let digit = t[at..].chars().next()?;
            let other = if digit == '9' {
                '8'
            } else {
                (digit as u8 + 1) as char
            };
            let changed = format!("{}{other}{}", &t[..at], &t[at + 1..]);
            Some(with(d, |d| d.paragraphs[k].target = Some(changed)))
        },
    },
    Fault {
        name: "a Latin o in a Russian word",
        code: "mixed-script",
        inject: |d, k| {
            let t = target(d, k);
            // An "о" inside a Cyrillic word.
            let chars: Vec<char> = t.chars().collect();
            let at = (1..chars.len().saturating_sub(1)).find(|&i| {
                chars[i] == 'о' && chars[i - 1].is_alphabetic() && chars[i + 1].is_alphabetic()
            })?;
            let mut changed = chars.clone();
            changed[at] = 'o';
            Some(with(d, |d| {
                d.paragraphs[k].target = Some(changed.into_iter().collect())
            }))
        },
    },
    Fault {
        name: "a zero-width space",
        code: "invisible-character",
        inject: |d, k| {
            let t = target(d, k);
            let at = t
                .char_indices()
                .find(|(_, c)| c.is_alphabetic())
                .map(|(i, c)| i + c.len_utf8())?;
            let changed = format!("{}\u{200b}{}", &t[..at], &t[at..]);
            Some(with(d, |d| d.paragraphs[k].target = Some(changed)))
        },
    },
    Fault {
        name: "a decomposed й",
        code: "not-nfc",
        inject: |d, k| {
            let t = target(d, k);
            if !t.contains('й') {
                return None;
            }
            // Written into the file as it is, past the writer's NFC: the
            // first "й" of the paragraph's target.
            let file = d.to_canonical_string();
            let block = file.find(&format!("id = \"{}\"\n", d.paragraphs[k].id))?;
            let target_at = block + file[block..].find("\ntarget = ")?;
            let at = target_at + file[target_at..].find('й')?;
            Some(format!(
                "{}и\u{306}{}",
                &file[..at],
                &file[at + 'й'.len_utf8()..]
            ))
        },
    },
    Fault {
        name: "an untranslated paragraph",
        code: "untranslated",
        inject: |d, k| {
            // Where the published translation did translate: code and
            // names it leaves as they are.
            let s = d.paragraphs[k].source.clone()?;
            if !is_prose(&s) || d.paragraphs[k].target.as_deref() == Some(s.as_str()) {
                return None;
            }
            Some(with(d, |d| d.paragraphs[k].target = Some(s)))
        },
    },
    Fault {
        name: "a dropped translation",
        code: "missing-target",
        inject: |d, k| Some(with(d, |d| d.paragraphs[k].target = None)),
    },
    Fault {
        name: "a stale translation",
        code: "stale-translation",
        inject: |d, k| {
            let s = d.paragraphs[k].source.clone()?;
            Some(with(d, |d| {
                d.paragraphs[k].source = Some(format!("{s} (revised)"))
            }))
        },
    },
    Fault {
        name: "a glossary violation",
        code: "glossary",
        inject: |d, k| {
            let (s, t) = (d.paragraphs[k].source.as_deref()?, target(d, k));
            if !s.contains("Debian") || !t.contains("Debian") {
                return None;
            }
            let changed = t.replace("Debian", "Дебиан");
            Some(with(d, |d| d.paragraphs[k].target = Some(changed)))
        },
    },
];

/// Findings as `(code, paragraph)`.
fn keys(findings: &[Finding]) -> Vec<(String, String)> {
    findings
        .iter()
        .map(|f| (f.code.to_string(), f.paragraph.clone().unwrap_or_default()))
        .collect()
}

#[test]
fn check_recall_on_real_documents_with_faults_injected() {
    let settings = settings();
    let documents = chapters();
    let paragraphs: usize = documents.iter().map(|d| d.paragraphs.len()).sum();

    // The published documents.
    let mut baseline: BTreeMap<&str, Vec<(String, String)>> = BTreeMap::new();
    let mut counts: BTreeMap<(String, &'static str), usize> = BTreeMap::new();
    for document in &documents {
        let findings = check(
            document.id.as_str(),
            &document.to_canonical_string(),
            &settings,
        );
        for f in &findings {
            *counts
                .entry((f.code.to_string(), f.severity.as_str()))
                .or_default() += 1;
        }
        baseline.insert(document.id.as_str(), keys(&findings));
    }
    let warnings: usize = counts
        .iter()
        .filter(|((_, s), _)| *s == "warning")
        .map(|(_, n)| n)
        .sum();
    println!("published documents: {paragraphs} paragraphs");
    let errors: usize = counts
        .iter()
        .filter(|((_, s), _)| *s == "error")
        .map(|(_, n)| n)
        .sum();
    println!("  errors before review: {errors}");
    for ((code, severity), n) in &counts {
        println!("  {severity:7} {code:20} {n}");
    }
    let rate = warnings as f64 * 100.0 / paragraphs as f64;
    println!("  warnings per 100 paragraphs: {rate:.2}");
    assert!(rate < 1.0, "{rate:.2} warnings per 100 paragraphs");
    // Every error on the published chapters is a real defect, reviewed
    // by hand and listed with its reason; recorded in the paragraphs as
    // suppressions (as a reviewer would), they leave no error, and each
    // one silences a finding.
    let reviewed = reviewed();
    let mut errors_after = 0;
    for document in &documents {
        let mut document = document.clone();
        let mut listed = std::collections::BTreeSet::new();
        for (chapter, id, code, reason) in &reviewed {
            if chapter != document.id.as_str() {
                continue;
            }
            let paragraph = document
                .paragraphs
                .iter_mut()
                .find(|p| p.id.as_str() == id)
                .unwrap_or_else(|| panic!("reviewed.toml: no paragraph {chapter}#{id}"));
            if code == "untranslated" {
                assert_eq!(
                    paragraph.source, paragraph.target,
                    "reviewed.toml: {chapter}#{id} is not the original word for word"
                );
            }
            paragraph.suppress.push(Suppression {
                check: code.clone(),
                reason: reason.clone(),
                until: None,
            });
            listed.insert((code.clone(), id.clone()));
        }
        let findings = check(
            document.id.as_str(),
            &document.to_canonical_string(),
            &settings,
        );
        for f in findings.iter().filter(|f| f.severity.as_str() == "error") {
            println!(
                "  unreviewed error: {} {}#{:?}: {}",
                f.code, f.document, f.paragraph, f.message
            );
            errors_after += 1;
        }
        // Each listed defect silenced a finding it names.
        let after = keys(&findings);
        let silenced: std::collections::BTreeSet<(String, String)> = baseline[document.id.as_str()]
            .iter()
            .filter(|key| !after.contains(key))
            .cloned()
            .collect();
        assert_eq!(
            silenced, listed,
            "{}: reviewed.toml against what it silences",
            document.id
        );
    }
    println!(
        "  errors after the {} reviewed defects are recorded as suppressions: {errors_after}",
        reviewed.len()
    );
    assert_eq!(errors_after, 0, "errors on the published chapters");

    // Faults at known paragraphs: every ninth paragraph that can carry
    // the fault, in every chapter.
    println!(
        "\n{:52} {:>8} {:>8} {:>7}",
        "fault", "injected", "found", "recall"
    );
    for fault in &FAULTS {
        let (mut injected, mut found) = (0usize, 0usize);
        let mut missed = Vec::new();
        for document in &documents {
            let before = &baseline[document.id.as_str()];
            for k in (0..document.paragraphs.len()).step_by(9) {
                let Some(text) = (fault.inject)(document, k) else {
                    continue;
                };
                let pid = document.paragraphs[k].id.to_string();
                // The fault is at k: the finding must be new there.
                if before.contains(&(fault.code.to_owned(), pid.clone())) {
                    continue;
                }
                injected += 1;
                let after = keys(&check(document.id.as_str(), &text, &settings));
                // A lost paragraph may equally be read as merged into the
                // one before it (a 2-1 pair): a drift reported from the
                // paragraph before counts as found where it begins.
                let previous = k
                    .checked_sub(1)
                    .map(|j| document.paragraphs[j].id.to_string());
                let at_previous = fault.code == "alignment-drift"
                    && previous.is_some_and(|p| after.contains(&(fault.code.to_owned(), p)));
                if after.contains(&(fault.code.to_owned(), pid.clone())) || at_previous {
                    found += 1;
                } else {
                    let near: Vec<String> = after
                        .iter()
                        .filter(|(c, _)| c == fault.code || c == "length-ratio")
                        .map(|(c, p)| format!("{c}@{p}"))
                        .collect();
                    missed.push(format!("{}#{pid}: {}", document.id, near.join(" ")));
                }
            }
        }
        let recall = found as f64 / injected.max(1) as f64;
        println!("{:52} {injected:>8} {found:>8} {recall:>7.3}", fault.name);
        assert!(injected >= 10, "{}: only {injected} injected", fault.name);
        assert!(
            recall >= 0.95,
            "{}: recall {recall:.3}, missed at {:?}",
            fault.name,
            &missed[..missed.len().min(10)]
        );
    }
}

/// A pairing shifted at a random place — any paragraph, prose or not —
/// from there to the end: `alignment-drift` must name the first wrong
/// pair (or the one next to it), not one before, and say how far it goes.
#[test]
fn a_drift_is_reported_where_it_starts() {
    let settings = settings();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let (mut cases, mut missed) = (0, Vec::new());
    for document in chapters() {
        let n = document.paragraphs.len();
        for _ in 0..4 {
            // Past the first paragraphs (a drift at the very start has no
            // pairs before it to tell it from), before the last few.
            let k = 5 + next(n - 12);
            let text = with(&document, |d| {
                for i in k..n - 1 {
                    d.paragraphs[i].target = d.paragraphs[i + 1].target.take();
                }
                d.paragraphs[n - 1].target = None;
            });
            cases += 1;
            let findings = check(document.id.as_str(), &text, &settings);
            let drifts: Vec<&Finding> = findings
                .iter()
                .filter(|f| f.code.to_string() == "alignment-drift")
                .collect();
            let index = |f: &Finding| {
                document
                    .paragraphs
                    .iter()
                    .position(|p| Some(p.id.as_str()) == f.paragraph.as_deref())
            };
            let first = drifts.iter().filter_map(|f| index(f)).min();
            let right = first.is_some_and(|at| at + 1 >= k && at <= k + 1);
            if !right {
                missed.push(format!(
                    "{}: shifted at {k}, first drift at {first:?}",
                    document.id
                ));
            } else {
                let message = &drifts.iter().find(|f| index(f) == first).unwrap().message;
                assert!(message.contains("to the end"), "{}: {message}", document.id);
            }
        }
    }
    println!(
        "drift reported where it starts: {} of {cases}",
        cases - missed.len()
    );
    assert!(missed.is_empty(), "{missed:#?}");
}
