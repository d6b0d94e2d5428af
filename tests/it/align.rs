//! The aligner on real texts: clean, and with realistic damage applied at
//! known places with a fixed seed. Reports bead precision, recall and F1
//! per script, and how well confidence is calibrated
//! (`cargo test --release --test it align -- --nocapture` prints the table).
//!
//! Gold alignments: the maint-guide chapters were translated element by
//! element (po4a), so their block elements pair one to one; the UDHR
//! pairs article by article, and inside an article the paragraphs pair one
//! to one where the counts agree and as one N:M bead where they do not
//! (the real N:M cases); its preamble after the title is one paragraph a
//! side, as its paragraphs pair differently from language to language.

use std::ops::Range;

use bitext::align::{align_paragraphs, AlignOptions, Alignment, BEAD_TYPES};
use bitext::import::html_paragraphs;

use crate::support::fixture;

type GoldBead = (Range<usize>, Range<usize>);

/// Two texts and their gold alignment.
#[derive(Clone)]
struct Case {
    name: String,
    script: &'static str,
    source: Vec<String>,
    target: Vec<String>,
    gold: Vec<GoldBead>,
}

fn read(path: &str) -> String {
    std::fs::read_to_string(fixture(path)).unwrap()
}

fn maint_guide() -> Vec<Case> {
    [
        "first", "dreq", "dother", "modify", "build", "update", "advanced",
    ]
    .iter()
    .map(|chapter| {
        let source = html_paragraphs(&read(&format!("align/maint-guide/{chapter}.en.html")));
        let target = html_paragraphs(&read(&format!("align/maint-guide/{chapter}.ru.html")));
        assert_eq!(source.len(), target.len(), "{chapter}");
        let gold = (0..source.len()).map(|i| (i..i + 1, i..i + 1)).collect();
        Case {
            name: format!("maint-guide {chapter} en-ru"),
            script: "Cyrillic",
            source,
            target,
            gold,
        }
    })
    .collect()
}

/// The UDHR split into units: what precedes the first article, then each
/// article; each unit's paragraphs.
fn udhr_units(language: &str) -> Vec<Vec<String>> {
    let html = read(&format!("align/udhr/{language}.html"));
    html.split("<article")
        .enumerate()
        .map(|(k, chunk)| {
            let chunk = if k == 0 {
                chunk.to_owned()
            } else {
                format!("<article{chunk}")
            };
            html_paragraphs(&chunk)
        })
        .collect()
}

fn udhr(language: &str, script: &'static str) -> Case {
    let source_units = udhr_units("eng");
    let target_units = udhr_units(language);
    assert_eq!(source_units.len(), target_units.len(), "{language}");
    let (mut source, mut target, mut gold) = (Vec::new(), Vec::new(), Vec::new());
    for (unit, (s, t)) in source_units.into_iter().zip(target_units).enumerate() {
        // The preamble's paragraphs after the title pair differently from
        // language to language even where their counts agree ("Now,
        // therefore, / The General Assembly / Proclaims…" against
        // "ГЕНЕРАЛЬНАЯ АСАМБЛЕЯ / абвяшчае / гэту…"), so past the title it
        // is one paragraph a side.
        let (s, t) = if unit == 0 && s.len() > 1 && t.len() > 1 {
            gold.push((
                source.len()..source.len() + 1,
                target.len()..target.len() + 1,
            ));
            source.push(s[0].clone());
            target.push(t[0].clone());
            (vec![s[1..].join(" ")], vec![t[1..].join(" ")])
        } else {
            (s, t)
        };
        let (s, t) = if s.len() == t.len() || BEAD_TYPES.contains(&(s.len(), t.len())) {
            (s, t)
        } else {
            (vec![s.join(" ")], vec![t.join(" ")])
        };
        if s.len() == t.len() {
            for k in 0..s.len() {
                gold.push((
                    source.len() + k..source.len() + k + 1,
                    target.len() + k..target.len() + k + 1,
                ));
            }
        } else {
            gold.push((
                source.len()..source.len() + s.len(),
                target.len()..target.len() + t.len(),
            ));
        }
        source.extend(s);
        target.extend(t);
    }
    Case {
        name: format!("udhr eng-{language}"),
        script,
        source,
        target,
        gold,
    }
}

fn cases() -> Vec<Case> {
    let mut cases = maint_guide();
    for language in ["rus", "ukr", "bul", "bel"] {
        cases.push(udhr(language, "Cyrillic"));
    }
    for language in ["cmn_hans", "cmn_hant", "jpn", "kor"] {
        cases.push(udhr(language, "CJK"));
    }
    cases
}

/// A small deterministic generator (xorshift64*), so damage is the same on
/// every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// Which side of a case to change.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Source,
    Target,
}

/// A case as a list of beads, each with its own paragraphs, which makes
/// damage easy to apply while keeping the gold right.
struct Beads(Vec<(Vec<String>, Vec<String>)>);

impl Beads {
    fn of(case: &Case) -> Beads {
        Beads(
            case.gold
                .iter()
                .map(|(s, t)| {
                    (
                        case.source[s.clone()].to_vec(),
                        case.target[t.clone()].to_vec(),
                    )
                })
                .collect(),
        )
    }

    fn side(&mut self, bead: usize, side: Side) -> &mut Vec<String> {
        match side {
            Side::Source => &mut self.0[bead].0,
            Side::Target => &mut self.0[bead].1,
        }
    }

    fn allowed(&self, bead: usize, extra_source: isize, extra_target: isize) -> bool {
        let (s, t) = &self.0[bead];
        let shape = (
            (s.len() as isize + extra_source) as usize,
            (t.len() as isize + extra_target) as usize,
        );
        BEAD_TYPES.contains(&shape)
    }

    fn into_case(self, name: String, script: &'static str) -> Case {
        let (mut source, mut target, mut gold) = (Vec::new(), Vec::new(), Vec::new());
        for (s, t) in self.0 {
            gold.push((
                source.len()..source.len() + s.len(),
                target.len()..target.len() + t.len(),
            ));
            source.extend(s);
            target.extend(t);
        }
        Case {
            name,
            script,
            source,
            target,
            gold,
        }
    }
}

/// Splits a paragraph as a page break would: at a word boundary between
/// 30% and 70% of its length (at a character, for text without spaces).
fn page_break(text: &str, rng: &mut Rng) -> Option<(String, String)> {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() < 40 {
        return None;
    }
    let from = chars.len() * 3 / 10 + rng.below(chars.len() * 4 / 10);
    let spaced = chars.iter().filter(|c| **c == ' ').count() * 20 > chars.len();
    let at = if spaced {
        (from..chars.len()).find(|&k| chars[k] == ' ')?
    } else {
        from
    };
    let first: String = chars[..at].iter().collect::<String>().trim_end().to_owned();
    let second: String = chars[at..]
        .iter()
        .collect::<String>()
        .trim_start()
        .to_owned();
    (!first.is_empty() && !second.is_empty()).then_some((first, second))
}

/// Page-break splits on 5% of paragraphs, merges of neighbours on 3%, one
/// dropped paragraph.
fn damage(case: &Case, seed: u64) -> Case {
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let mut beads = Beads::of(case);
    let sides = [Side::Source, Side::Target];
    // Splits.
    let mut k = 0;
    while k < beads.0.len() {
        for side in sides {
            let count = beads.side(k, side).len();
            for p in (0..count).rev() {
                let (extra_s, extra_t) = if side == Side::Source { (1, 0) } else { (0, 1) };
                if rng.chance(0.05 / 2.0) && beads.allowed(k, extra_s, extra_t) {
                    let text = beads.side(k, side)[p].clone();
                    if let Some((first, second)) = page_break(&text, &mut rng) {
                        let paragraphs = beads.side(k, side);
                        paragraphs[p] = first;
                        paragraphs.insert(p + 1, second);
                    }
                }
            }
        }
        k += 1;
    }
    // Merges of neighbouring paragraphs on one side, across two 1-1 beads.
    let mut k = 0;
    while k + 1 < beads.0.len() {
        let side = sides[rng.below(2)];
        let both_one = beads.0[k].0.len() == 1
            && beads.0[k].1.len() == 1
            && beads.0[k + 1].0.len() == 1
            && beads.0[k + 1].1.len() == 1;
        if both_one && rng.chance(0.03 / 2.0) {
            let (s2, t2) = beads.0.remove(k + 1);
            let (s, t) = &mut beads.0[k];
            match side {
                Side::Source => {
                    s[0] = format!("{} {}", s[0], s2[0]);
                    t.extend(t2);
                }
                Side::Target => {
                    t[0] = format!("{} {}", t[0], t2[0]);
                    s.extend(s2);
                }
            }
        }
        k += 1;
    }
    // One dropped paragraph, from a 1-1 bead in the middle.
    let ones: Vec<usize> = (0..beads.0.len())
        .filter(|&k| beads.0[k].0.len() == 1 && beads.0[k].1.len() == 1)
        .collect();
    if !ones.is_empty() {
        let k = ones[ones.len() / 4
            + rng
                .below(ones.len() / 2 + 1)
                .min(ones.len() - ones.len() / 4 - 1)];
        let side = sides[rng.below(2)];
        beads.side(k, side).clear();
    }
    beads.into_case(format!("{} (damaged, seed {seed})", case.name), case.script)
}

/// Correct, predicted and gold bead counts.
#[derive(Default, Clone, Copy)]
struct Score {
    correct: usize,
    predicted: usize,
    gold: usize,
}

impl Score {
    fn add(&mut self, other: Score) {
        self.correct += other.correct;
        self.predicted += other.predicted;
        self.gold += other.gold;
    }

    fn f1(&self) -> f64 {
        let p = self.correct as f64 / self.predicted.max(1) as f64;
        let r = self.correct as f64 / self.gold.max(1) as f64;
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    fn line(&self) -> String {
        format!(
            "precision {:.4}  recall {:.4}  F1 {:.4}  ({} of {} gold beads)",
            self.correct as f64 / self.predicted.max(1) as f64,
            self.correct as f64 / self.gold.max(1) as f64,
            self.f1(),
            self.correct,
            self.gold
        )
    }
}

/// Scores an alignment; also collects (confidence, correct) for each bead.
fn score(case: &Case, alignment: &Alignment, confidences: &mut Vec<(f64, bool)>) -> Score {
    let gold: std::collections::HashSet<GoldBead> = case.gold.iter().cloned().collect();
    let mut correct = 0;
    for bead in &alignment.beads {
        let right = gold.contains(&(bead.source.clone(), bead.target.clone()));
        correct += usize::from(right);
        confidences.push((bead.confidence, right));
    }
    Score {
        correct,
        predicted: alignment.beads.len(),
        gold: case.gold.len(),
    }
}

/// The predicted beads that are not gold, with the texts, for tuning
/// (`BITEXT_ALIGN_DEBUG=1`).
fn explain_errors(case: &Case, alignment: &Alignment) -> String {
    let gold: std::collections::HashSet<GoldBead> = case.gold.iter().cloned().collect();
    let mut out = String::new();
    for bead in &alignment.beads {
        if gold.contains(&(bead.source.clone(), bead.target.clone())) {
            continue;
        }
        out.push_str(&format!(
            "    {:?} {:?} confidence {:.3} {:?}\n",
            bead.source, bead.target, bead.confidence, bead.cost
        ));
        let short = |t: &str| t.chars().take(90).collect::<String>();
        for i in bead.source.clone() {
            out.push_str(&format!("      S{i}: {}\n", short(&case.source[i])));
        }
        for j in bead.target.clone() {
            out.push_str(&format!("      T{j}: {}\n", short(&case.target[j])));
        }
    }
    let wanted: Vec<&GoldBead> = case
        .gold
        .iter()
        .filter(|g| {
            !alignment
                .beads
                .iter()
                .any(|b| b.source == g.0 && b.target == g.1)
        })
        .collect();
    out.push_str(&format!("    gold beads missed: {wanted:?}\n"));
    out
}

fn check_cover(case: &Case, alignment: &Alignment) {
    let (mut s, mut t) = (0, 0);
    for bead in &alignment.beads {
        assert_eq!(bead.source.start, s, "{}", case.name);
        assert_eq!(bead.target.start, t, "{}", case.name);
        s = bead.source.end;
        t = bead.target.end;
    }
    assert_eq!(
        (s, t),
        (case.source.len(), case.target.len()),
        "{}",
        case.name
    );
}

#[test]
fn clean_one_to_one_texts_align_exactly() {
    for case in maint_guide() {
        let alignment = align_paragraphs(&case.source, &case.target, &AlignOptions::default());
        check_cover(&case, &alignment);
        let score = score(&case, &alignment, &mut Vec::new());
        assert_eq!(score.correct, score.gold, "{}: {}", case.name, score.line());
        assert_eq!(score.predicted, score.gold, "{}", case.name);
    }
}

#[test]
fn damaged_real_texts_align_with_f1_of_at_least_0_99() {
    let mut by_script: Vec<(&str, Score, Score)> = vec![
        ("Cyrillic", Score::default(), Score::default()),
        ("CJK", Score::default(), Score::default()),
    ];
    let mut confidences = Vec::new();
    let mut report = String::new();
    for case in cases() {
        let clean = align_paragraphs(&case.source, &case.target, &AlignOptions::default());
        check_cover(&case, &clean);
        let clean_score = score(&case, &clean, &mut Vec::new());
        let entry = by_script.iter_mut().find(|e| e.0 == case.script).unwrap();
        entry.1.add(clean_score);
        for seed in 1..=5 {
            let damaged = damage(&case, seed);
            let alignment =
                align_paragraphs(&damaged.source, &damaged.target, &AlignOptions::default());
            check_cover(&damaged, &alignment);
            let s = score(&damaged, &alignment, &mut confidences);
            entry.2.add(s);
            if s.correct < s.gold {
                report.push_str(&format!("  {}: {}\n", damaged.name, s.line()));
                if std::env::var_os("BITEXT_ALIGN_DEBUG").is_some() {
                    report.push_str(&explain_errors(&damaged, &alignment));
                }
            }
        }
    }
    println!("alignment accuracy on real texts (clean, then damaged: 5% page-break splits, 3% merges, one drop; seeds 1-5)");
    for (script, clean, damaged) in &by_script {
        println!("{script:>8} clean:   {}", clean.line());
        println!("{script:>8} damaged: {}", damaged.line());
    }
    print!("{report}");
    // Calibration: how often beads are right, by confidence.
    for (low, high) in [(0.0, 0.5), (0.5, 0.9), (0.9, 0.99), (0.99, 1.01)] {
        let bucket: Vec<bool> = confidences
            .iter()
            .filter(|(c, _)| *c >= low && *c < high)
            .map(|(_, r)| *r)
            .collect();
        let right = bucket.iter().filter(|r| **r).count();
        println!(
            "confidence {low:.2}-{:.2}: {right} of {} right ({:.2}%)",
            high.min(1.0),
            bucket.len(),
            100.0 * right as f64 / bucket.len().max(1) as f64
        );
    }
    let sure: Vec<bool> = confidences
        .iter()
        .filter(|(c, _)| *c >= 0.9)
        .map(|(_, r)| *r)
        .collect();
    let sure_right = sure.iter().filter(|r| **r).count() as f64 / sure.len().max(1) as f64;
    for (script, _, damaged) in &by_script {
        assert!(damaged.f1() >= 0.99, "{script}: {}", damaged.line());
    }
    assert!(
        sure_right >= 0.99,
        "beads with confidence >= 0.9 are right {:.2}% of the time",
        100.0 * sure_right
    );
}
