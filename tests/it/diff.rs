//! `bitext diff --no-index`: word-level diffs between two versions of a
//! real document.

use serde_json::Value;

use bitext::diff::{new_text, old_text, Span};
use bitext::document::load_document;

use crate::support::{import_seed, Corpus};

fn spans(value: &Value) -> Vec<Span> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|s| Span {
            tag: match s["tag"].as_str().unwrap() {
                "equal" => bitext::diff::Tag::Equal,
                "delete" => bitext::diff::Tag::Delete,
                _ => bitext::diff::Tag::Insert,
            },
            text: s["text"].as_str().unwrap().to_owned(),
        })
        .collect()
}

#[test]
fn an_editor_s_changes_show_paragraph_by_paragraph_and_rebuild_both_texts() {
    let corpus = Corpus::new();
    assert_eq!(import_seed(&corpus).code, 0);
    let old = corpus.document("wcda-112106");
    // A translator's revision: a typo fixed, a sentence reworded, a
    // paragraph inserted before p2 (which must not make p2 and after look
    // changed), the signature removed.
    let new = old
        .replace("Comrade Peng Dehuai writes that he", "Comrade Peng Dehuai wrote that he")
        .replace("Why is this?", "Why?")
        .replace("[[paragraph]]\nid = \"p2\"", "[[paragraph]]\nid = \"p11\"\ntarget = \"[Handwritten note in the margin.]\"\n\n[[paragraph]]\nid = \"p2\"")
        .replace("\n[[paragraph]]\nid = \"p8\"\ntarget = \"FILIPPOV [Stalin]\"\n", "");
    corpus.write("old.toml", &old);
    corpus.write("new.toml", &new);
    let run = corpus.run(&[
        "diff",
        "--no-index",
        "old.toml",
        "new.toml",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "differences exit 1: {}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let doc = &report["documents"][0];
    assert_eq!(doc["status"], "modified");
    let changed: Vec<(&str, &str)> = doc["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        changed,
        [
            ("p11", "added"),
            ("p4", "modified"),
            ("p5", "modified"),
            ("p8", "removed")
        ]
    );

    // Concatenating equal+delete gives the old text, equal+insert the new.
    let old_doc = load_document(&corpus.path().join("old.toml"), u64::MAX)
        .unwrap()
        .document;
    let new_doc = load_document(&corpus.path().join("new.toml"), u64::MAX)
        .unwrap()
        .document;
    for paragraph in doc["paragraphs"].as_array().unwrap() {
        let id = paragraph["id"].as_str().unwrap();
        let target = spans(&paragraph["target"]);
        let old_target = old_doc
            .paragraph(id)
            .and_then(|p| p.target.clone())
            .unwrap_or_default();
        let new_target = new_doc
            .paragraph(id)
            .and_then(|p| p.target.clone())
            .unwrap_or_default();
        assert_eq!(old_text(&target), old_target, "{id}");
        assert_eq!(new_text(&target), new_target, "{id}");
    }

    let human = corpus.run(&["diff", "--no-index", "old.toml", "new.toml"]);
    assert!(
        human
            .stdout
            .contains("Comrade Peng Dehuai [-writes-]{+wrote+} that he"),
        "{}",
        human.stdout
    );
    assert!(
        human.stdout.contains("Why[- is this-]?"),
        "{}",
        human.stdout
    );
    let same = corpus.run(&["diff", "--no-index", "old.toml", "old.toml"]);
    assert_eq!((same.code, same.stdout.as_str()), (0, ""));
}

#[test]
fn side_by_side_puts_original_and_translation_in_columns_that_fit() {
    let corpus = Corpus::new();
    let de = crate::support::project_root().join("translations/debian-lenny-dedication-de.toml");
    let old = std::fs::read_to_string(de).unwrap();
    let new = old
        .replace(
            "will be missed. His contributions",
            "will be sorely and deeply missed by all of us. His contributions",
        )
        .replace("sehr vermisst werden", "schmerzlich vermisst werden");
    corpus.write("old.toml", &old);
    corpus.write("new.toml", &new);
    for width in [60, 67, 74, 81, 88, 100] {
        let run = corpus.run(&[
            "diff",
            "--no-index",
            "old.toml",
            "new.toml",
            "--side-by-side",
            "--width",
            &width.to_string(),
        ]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        let lines: Vec<&str> = run.stdout.lines().collect();
        for line in &lines {
            let columns = unicode_width::UnicodeWidthStr::width(*line);
            assert!(columns <= width, "{columns} > {width}: {line:?}");
            // No column of a line holds half a marker.
            for column in line.split(" │ ") {
                for (open, close) in [("{+", "+}"), ("[-", "-]")] {
                    assert_eq!(
                        column.matches(open).count(),
                        column.matches(close).count(),
                        "{line:?}"
                    );
                }
            }
        }
        // The row of p4: the original's change left of the bar, the
        // translation's right of it.
        let row: Vec<&str> = lines
            .iter()
            .skip_while(|l| !l.starts_with("p4 (modified)"))
            .take_while(|l| !l.is_empty())
            .copied()
            .collect();
        // Words wider than a column are broken; compare without spaces.
        let squeeze = |parts: Vec<&str>| -> String {
            parts
                .concat()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect()
        };
        let left = squeeze(row.iter().map(|l| l.split(" │ ").next().unwrap()).collect());
        let right = squeeze(row.iter().filter_map(|l| l.split(" │ ").nth(1)).collect());
        // A run cut at the end of a line goes on, marked, on the next.
        let joined = left.replace("+}{+", "");
        assert!(
            joined.contains("{+sorelyanddeeplymissedbyallofus+}"),
            "{row:?}"
        );
        assert!(right.contains("[-sehr-]{+schmerzlich+}"), "{row:?}");
        assert!(!left.contains("schmerzlich") && !right.contains("sorely"));
    }
}

#[test]
fn a_suppression_added_shows_as_a_changed_field_not_as_a_move() {
    let corpus = Corpus::new();
    assert_eq!(import_seed(&corpus).code, 0);
    let run = corpus.run(&["commit", "-m", "The telegram"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = corpus.run(&[
        "suppress",
        "wcda-112106",
        "p2",
        "number-mismatch",
        "--reason",
        "the date is written out in the original",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let run = corpus.run(&["diff", "--format", "json"]);
    assert_eq!(run.code, 1, "a difference exits 1: {}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let paragraphs = report["documents"][0]["paragraphs"].as_array().unwrap();
    assert_eq!(paragraphs.len(), 1, "{paragraphs:?}");
    let p2 = &paragraphs[0];
    assert_eq!(p2["id"], "p2");
    // Its texts are the same: the change is to the record's other values.
    assert_eq!(p2["status"], "values");
    let fields = p2["fields"].as_array().unwrap();
    assert_eq!(fields.len(), 1, "{fields:?}");
    assert_eq!(fields[0]["key"], "suppress");
    assert!(fields[0]["old"].is_null());
    let new = fields[0]["new"].as_str().unwrap();
    assert!(
        new.contains("number-mismatch") && new.contains("the date is written out"),
        "{new}"
    );

    let run = corpus.run(&["diff"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("p2 (values changed)"), "{}", run.stdout);
    assert!(!run.stdout.contains("(moved)"), "{}", run.stdout);
    assert!(run.stdout.contains("suppress: "), "{}", run.stdout);
}

/// Real translators' revisions: the Russian of Django's catalogues
/// between releases, entry by entry — the same English (or English
/// revised, matched by its words) with its translation revised — and the
/// catalogue headers, whose dates the translators changed.
fn django_revised_translations() -> Vec<(String, String)> {
    type Entries = Vec<(String, String)>;
    let words = |t: &str| -> std::collections::HashSet<String> {
        t.split_whitespace().map(str::to_lowercase).collect()
    };
    let mut pairs = Vec::new();
    for catalogue in ["admin", "core"] {
        let releases = ["2.2.28", "3.2.25", "4.2.16", "5.1.3"];
        let read = |release: &str| -> (String, Entries) {
            let path = crate::support::fixture(&format!("django-ru-po/{catalogue}-{release}.po"));
            let catalogue =
                bitext::import::parse_po(&std::fs::read_to_string(path).unwrap()).unwrap();
            let header = catalogue
                .header
                .map(|h| h.msgstr.join(""))
                .unwrap_or_default();
            let entries = catalogue
                .entries
                .into_iter()
                .filter(|e| !e.flags.iter().any(|f| f == "fuzzy"))
                .filter_map(|e| {
                    let text = e.msgstr.first().cloned().filter(|t| !t.is_empty())?;
                    Some((format!("{:?}{}", e.context, e.msgid), text))
                })
                .collect();
            (header, entries)
        };
        for window in releases.windows(2) {
            let ((old_header, old), (new_header, new)) = (read(window[0]), read(window[1]));
            if old_header != new_header {
                pairs.push((old_header, new_header));
            }
            for (key, new_text) in &new {
                // The same English, else the old English sharing most words.
                let exact = old.iter().find(|(k, _)| k == key);
                let close = || {
                    let mine = words(key);
                    old.iter()
                        .map(|(k, t)| {
                            let theirs = words(k);
                            let shared = mine.intersection(&theirs).count();
                            (shared * 2 * 100 / (mine.len() + theirs.len()).max(1), t)
                        })
                        .filter(|(score, _)| *score >= 60)
                        .max_by_key(|(score, _)| *score)
                        .map(|(_, t)| t)
                };
                let old_text = exact.map(|(_, t)| t).or_else(close);
                if let Some(old_text) = old_text.filter(|t| *t != new_text) {
                    pairs.push((old_text.clone(), new_text.clone()));
                }
            }
        }
    }
    pairs.sort();
    pairs.dedup();
    pairs
}

#[test]
fn a_rewritten_translation_reads_as_phrase_replacements_not_alternating_words() {
    let pairs = django_revised_translations();
    let mut rewrites = 0;
    for (old, new) in &pairs {
        let spans = bitext::diff::diff_text(old, new);
        let words = |tag| {
            spans
                .iter()
                .filter(|s| s.tag == tag)
                .map(|s| {
                    s.text
                        .split_whitespace()
                        .filter(|w| w.chars().any(char::is_alphabetic))
                        .count()
                })
                .sum::<usize>()
        };
        // A phrase rewritten: three words or more changed.
        if words(bitext::diff::Tag::Delete).max(words(bitext::diff::Tag::Insert)) < 3 {
            continue;
        }
        rewrites += 1;
        // Change runs linked by equal runs of one word or less: a reader
        // sees the sentence cut into alternating pieces.
        let mut chain = 0;
        let mut longest = 0;
        let mut in_change = false;
        for span in &spans {
            if span.tag == bitext::diff::Tag::Equal {
                if span.text.split_whitespace().count() > 1 || span.text.contains('\n') {
                    chain = 0;
                }
                in_change = false;
            } else if !in_change {
                chain += 1;
                longest = longest.max(chain);
                in_change = true;
            }
        }
        let shown = bitext::render::diff::inline(&spans, &bitext::render::diff::Markers::PLAIN);
        assert!(longest <= 2, "{longest} alternations in {shown}");
    }
    assert!(
        rewrites >= 10,
        "only {rewrites} rewrites among {} revised translations",
        pairs.len()
    );
}

#[test]
fn the_catalogue_headers_dates_are_replaced_whole() {
    let pairs = django_revised_translations();
    let date = regex_lite_date;
    let mut dates = 0;
    for (old, new) in &pairs {
        let spans = bitext::diff::diff_text(old, new);
        for span in spans.iter().filter(|s| s.tag != bitext::diff::Tag::Equal) {
            let text = span.text.trim();
            assert!(
                !(text.len() <= 2 && text.bytes().all(|b| b.is_ascii_digit())),
                "digits of a number changed apart: {text:?} in {old:?} → {new:?}"
            );
        }
        // Each date that changed is deleted and inserted whole.
        let (old_dates, new_dates) = (date(old), date(new));
        for (was, is) in old_dates.iter().zip(&new_dates) {
            if was == is {
                continue;
            }
            let whole =
                |tag, date: &str| spans.iter().any(|s| s.tag == tag && s.text.contains(date));
            assert!(
                whole(bitext::diff::Tag::Delete, was) && whole(bitext::diff::Tag::Insert, is),
                "{was} → {is} is not one replaced token: {}",
                bitext::render::diff::inline(&spans, &bitext::render::diff::Markers::PLAIN)
            );
            dates += 1;
        }
    }
    assert!(dates >= 4, "only {dates} changed dates in the headers");
    // The case a reader reported.
    assert!(pairs
        .iter()
        .any(|(o, n)| o.contains("2022-05-17") && n.contains("2024-05-22")));
}

/// The dates `YYYY-MM-DD` in a text, in order.
fn regex_lite_date(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    for k in 0..b.len().saturating_sub(9) {
        let candidate = &b[k..k + 10];
        let shape = candidate.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        });
        let alone = k == 0 || !b[k - 1].is_ascii_digit();
        if shape && alone && b.get(k + 10).is_none_or(|c| !c.is_ascii_digit()) {
            out.push(text[k..k + 10].to_owned());
        }
    }
    out
}
