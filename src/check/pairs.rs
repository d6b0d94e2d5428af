//! Checks of each source–target pair, and of the pairing itself:
//! `missing-source`, `missing-target`, `alignment-drift`, `length-ratio`,
//! `number-mismatch`, `url-mismatch`, `email-mismatch`,
//! `bracket-mismatch`, `quote-mismatch`, `terminal-punctuation`,
//! `page-break-split`, `stale-translation` and `glossary`.

use super::glossary::contains_term;
use super::Code;
use super::{Context, Mark, Severity};
use crate::align::{align_features, AlignOptions, Features, LOW_CONFIDENCE};
use crate::document::Side;
use crate::find::{emails, numbers, urls};
use crate::paragraphs::{ends_mid_sentence, starts_lower_case};
use crate::scan::letters;

/// Pairs with fewer characters than this on both sides are too short for
/// their length ratio to mean anything.
const SHORT: usize = 20;

/// The length (in letters) at which a pair's length ratio varies twice
/// as much as a long pair's.
const SHORT_SPREAD: f64 = 50.0;

/// Documents need this many pairs for their own length statistics.
const MIN_PAIRS_FOR_STATS: usize = 8;

/// A pair whose length is this many deviations off (but under the
/// reporting threshold) is odd enough to show a page break's cut.
const DRIFT_SUSPECT_Z: f64 = 2.0;

/// A pair whose length is this many deviations off may start a drift; the
/// aligner looks where two such pairs are close. A little above
/// [`DRIFT_SUSPECT_Z`]: at 2.0 about one pair in twenty qualifies by
/// chance and most windows are noise. Measured on the recall harness with
/// a shift injected at every second paragraph (191 shifts): 2.0 finds
/// 0.958 of them, 2.25 finds 0.963 with a fifth fewer instructions for
/// the whole check, 2.5 drops to 0.952 at every ninth.
const WINDOW_SUSPECT_Z: f64 = 2.25;

pub(super) fn check(cx: &mut Context) {
    let document = &cx.loaded.document;
    let paragraphs = &document.paragraphs;
    if paragraphs.is_empty() {
        return;
    }

    // An original not transcribed at all is a state, not a fault: one
    // note for the document. Otherwise each gap is named.
    let with_source = paragraphs.iter().filter(|p| p.source.is_some()).count();
    if with_source == 0 {
        let severity = cx.configured_or(Code::MissingSource, Severity::Note);
        cx.report_as(
            Code::MissingSource,
            severity,
            None,
            None,
            "the original is not transcribed yet: no paragraph has source text".into(),
            Vec::new(),
        );
    }

    // A pairing the aligner was unsure of, as it recorded it.
    for (i, paragraph) in paragraphs.iter().enumerate() {
        if let Some(confidence) = paragraph.confidence.filter(|c| *c < LOW_CONFIDENCE) {
            cx.report(
                Code::LowConfidence,
                Some(i),
                format!(
                    "the aligner paired this original and translation with confidence {confidence:.2} (below {LOW_CONFIDENCE}); check that they belong together, then `bitext confirm` them"
                ),
            );
        }
    }

    let ratios = length_ratios(cx);
    let stats = Stats::of(&ratios);
    let z_threshold = cx.settings.length_ratio_z;
    let mut suspects = Vec::new();
    let mut zs: Vec<Option<f64>> = vec![None; paragraphs.len()];
    for (i, paragraph) in paragraphs.iter().enumerate() {
        match (paragraph.source.as_deref(), paragraph.target.as_deref()) {
            (None, Some(_)) if with_source > 0 => {
                let why = misalignment_sign(paragraphs, i, Side::Source);
                cx.report(
                    Code::MissingSource,
                    Some(i),
                    format!("the original of this paragraph is missing{why}"),
                );
            }
            (Some(_), None) => {
                let why = misalignment_sign(paragraphs, i, Side::Target);
                cx.report(
                    Code::MissingTarget,
                    Some(i),
                    format!("this paragraph has no translation{why}"),
                );
            }
            (Some(source), Some(target)) => {
                if let (Some(stats), Some((ratio, length))) = (&stats, ratios[i]) {
                    // Short texts vary more in length ratio than long ones:
                    // their spread is widened accordingly.
                    let length = length as f64;
                    let spread = stats.scale * (1.0 + SHORT_SPREAD / length.max(1.0)).sqrt();
                    let z = (ratio - stats.center) / spread;
                    zs[i] = Some(z);
                    if z.abs() > WINDOW_SUSPECT_Z {
                        suspects.push(i);
                    }
                    if z.abs() > z_threshold {
                        let (longer, shorter) = if z > 0.0 {
                            ("target", "source")
                        } else {
                            ("source", "target")
                        };
                        cx.report(
                            Code::LengthRatio,
                            Some(i),
                            format!(
                                "the {longer} is {:.1} times as long as usual against the {shorter} ({z:+.1} standard deviations from this document's ratio)",
                                ((ratio - stats.center).abs()).exp()
                            ),
                        );
                    }
                }
                // A pair whose numbers disagree may be a drifted pair too.
                if check_pair(cx, i, source, target) && suspects.last() != Some(&i) {
                    suspects.push(i);
                }
            }
            _ => {}
        }
        if paragraph.is_stale() {
            cx.report(
                Code::StaleTranslation,
                Some(i),
                "the original changed after this translation was confirmed; revise the translation or `bitext confirm` it".into(),
            );
        }
    }
    page_breaks(cx, &zs);
    alignment_drift(cx, &suspects);
}

/// Robust centre and spread of a document's log length ratios.
struct Stats {
    center: f64,
    scale: f64,
}

impl Stats {
    fn of(ratios: &[Option<(f64, usize)>]) -> Option<Stats> {
        let mut values: Vec<f64> = ratios.iter().flatten().map(|(r, _)| *r).collect();
        if values.len() < MIN_PAIRS_FOR_STATS {
            return None;
        }
        values.sort_by(f64::total_cmp);
        let center = values[values.len() / 2];
        let mut deviations: Vec<f64> = values.iter().map(|v| (v - center).abs()).collect();
        deviations.sort_by(f64::total_cmp);
        // The median absolute deviation, as a standard deviation, with a
        // floor: a document of near-identical pairs must not flag every
        // small difference.
        let scale = (1.4826 * deviations[deviations.len() / 2]).max(0.12);
        Some(Stats { center, scale })
    }
}

/// Log of target length over source length, per paragraph, in
/// characters, and the shorter side's length; `None` for short or
/// one-sided pairs.
fn length_ratios(cx: &Context) -> Vec<Option<(f64, usize)>> {
    cx.loaded
        .document
        .paragraphs
        .iter()
        .map(|p| {
            let (s, t) = (p.source.as_deref()?, p.target.as_deref()?);
            let (ls, lt) = (letters(s), letters(t));
            if ls < SHORT && lt < SHORT {
                return None;
            }
            Some((((lt as f64 + 1.0) / (ls as f64 + 1.0)).ln(), ls.min(lt)))
        })
        .collect()
}

/// The checks of one pair's contents; whether its numbers disagree.
fn check_pair(cx: &mut Context, i: usize, source: &str, target: &str) -> bool {
    // Numbers, in locale-independent form.
    let missing = one_sided(&numbers(source), &numbers(target));
    let numbers_disagree = !missing.is_empty();
    for (value, side) in missing {
        // A small number written out in words on the other side.
        let other_text = if side == Side::Source { target } else { source };
        if value.parse::<usize>().is_ok_and(|n| spelled(other_text, n)) {
            continue;
        }
        let text = if side == Side::Source { source } else { target };
        let other = if side == Side::Source {
            "target"
        } else {
            "source"
        };
        let marks = locate_digits(text, &value)
            .map(|(start, end)| vec![Mark::new(side, start, end)])
            .unwrap_or_default();
        cx.report_marked(
            Code::NumberMismatch,
            Some(i),
            format!(
                "number {value} in the {} is not in the {other}",
                side.as_str()
            ),
            marks,
        );
    }
    for (code, what, find) in [
        (Code::UrlMismatch, "URL", urls as fn(&str) -> Vec<String>),
        (Code::EmailMismatch, "e-mail address", emails),
    ] {
        for (value, side) in one_sided(&find(source), &find(target)) {
            let other = if side == Side::Source {
                "target"
            } else {
                "source"
            };
            let text = if side == Side::Source { source } else { target };
            let marks = text
                .find(&value)
                .map(|at| {
                    let start = text[..at].chars().count();
                    vec![Mark::new(side, start, start + value.chars().count())]
                })
                .unwrap_or_default();
            cx.report_marked(
                code,
                Some(i),
                format!(
                    "{what} {value} in the {} is not in the {other}",
                    side.as_str()
                ),
                marks,
            );
        }
    }
    // Brackets: balanced on one side, not on the other.
    // Two vector searches find the brackets; prose has few.
    let balances = |t: &str| {
        let mut b = [0i64; 3];
        let bytes = t.as_bytes();
        let found = memchr::memchr3_iter(b'(', b')', b'[', bytes)
            .chain(memchr::memchr3_iter(b']', b'{', b'}', bytes));
        for at in found {
            match bytes[at] {
                b'(' => b[0] += 1,
                b')' => b[0] -= 1,
                b'[' => b[1] += 1,
                b']' => b[1] -= 1,
                b'{' => b[2] += 1,
                _ => b[2] -= 1,
            }
        }
        b
    };
    let (source_balance, target_balance) = (balances(source), balances(target));
    for (k, (open, close)) in [('(', ')'), ('[', ']'), ('{', '}')].into_iter().enumerate() {
        let (bs, bt) = (source_balance[k], target_balance[k]);
        if (bs == 0) != (bt == 0) {
            let side = if bs != 0 { Side::Source } else { Side::Target };
            cx.report(
                Code::BracketMismatch,
                Some(i),
                format!(
                    "the {} has an unmatched {} that the other side does not",
                    side.as_str(),
                    if bs.max(bt) > 0 { open } else { close },
                ),
            );
        }
    }
    // Quotations: counted by their double marks, whatever the language's
    // style; one side unbalanced, or a different number of quotations.
    // Translators add quotation marks around terms freely, so only a
    // quotation left open on one side, or quotations dropped altogether,
    // is reported.
    let (qs, qt) = (quote_marks(source), quote_marks(target));
    if qs % 2 != qt % 2 {
        let side = if qs % 2 == 1 { "source" } else { "target" };
        cx.report(
            Code::QuoteMismatch,
            Some(i),
            format!("a quotation in the {side} is not closed"),
        );
    } else if qs >= 2 && qt == 0 {
        cx.report(
            Code::QuoteMismatch,
            Some(i),
            format!(
                "the source has {} quotation{}, the target none",
                qs / 2,
                if qs / 2 == 1 { "" } else { "s" }
            ),
        );
    }
    // A question answered with a statement, or the reverse.
    let (es, et) = (ending(source), ending(target));
    if (es == '?') != (et == '?') {
        let (asks, states) = if es == '?' {
            ("source", "target")
        } else {
            ("target", "source")
        };
        cx.report(
            Code::TerminalPunctuation,
            Some(i),
            format!("the {asks} ends as a question, the {states} does not"),
        );
    }
    // The glossary.
    let settings = cx.settings;
    if let Some(glossary) = &settings.glossary {
        for term in &glossary.terms {
            if contains_term(source, &term.source).is_none() {
                continue;
            }
            if contains_term(target, &term.target).is_none() {
                cx.report(
                    Code::Glossary,
                    Some(i),
                    format!(
                        "the source has {:?}, which the glossary renders {:?}; the target does not have it",
                        term.source, term.target
                    ),
                );
            }
            for forbidden in &term.forbidden {
                if let Some((start, end)) = contains_term(target, forbidden) {
                    cx.report_marked(
                        Code::Glossary,
                        Some(i),
                        format!(
                            "the target renders {:?} as {forbidden:?}, which the glossary forbids (use {:?})",
                            term.source, term.target
                        ),
                        vec![Mark::new(Side::Target, start, end)],
                    );
                }
            }
        }
    }
    numbers_disagree
}

/// Numbers 1 to 12 written out, in the languages of the corpus: English,
/// Russian (its forms that count), German, French.
const SPELLED: [&[&str]; 12] = [
    &[
        "one",
        "один",
        "одна",
        "одно",
        "одного",
        "одной",
        "одним",
        "eins",
        "ein",
        "eine",
        "un",
        "une",
    ],
    &["two", "два", "две", "двух", "двумя", "zwei", "deux"],
    &["three", "три", "трёх", "трех", "тремя", "drei", "trois"],
    &["four", "четыре", "четырёх", "четырех", "vier", "quatre"],
    &["five", "пять", "пяти", "fünf", "cinq"],
    &["six", "шесть", "шести", "sechs"],
    &["seven", "семь", "семи", "sieben", "sept"],
    &["eight", "восемь", "восьми", "acht", "huit"],
    &["nine", "девять", "девяти", "neun", "neuf"],
    &["ten", "десять", "десяти", "zehn", "dix"],
    &["eleven", "одиннадцать", "elf", "onze"],
    &["twelve", "двенадцать", "zwölf", "douze"],
];

/// Tens and a hundred written out: whole words in English, German and
/// French; in Russian the stems their cases share (`шестьдесят`,
/// `шестидесяти`, `шестьюдесятью`), or the whole word where a stem would
/// be a word of its own (`сто`).
const TENS: [(usize, &[&str], &[&str]); 9] = [
    (20, &["twenty", "zwanzig", "vingt"], &["двадцат"]),
    (30, &["thirty", "dreißig", "trente"], &["тридцат"]),
    (40, &["forty", "vierzig", "quarante"], &["сорок"]),
    (
        50,
        &["fifty", "fünfzig", "cinquante"],
        &["пятьдесят", "пятидесят", "пятьюдесят"],
    ),
    (
        60,
        &["sixty", "sechzig", "soixante"],
        &["шестьдесят", "шестидесят", "шестьюдесят"],
    ),
    (
        70,
        &["seventy", "siebzig"],
        &["семьдесят", "семидесят", "семьюдесят"],
    ),
    (
        80,
        &["eighty", "achtzig"],
        &["восемьдесят", "восьмидесят", "восемьюдесят"],
    ),
    (90, &["ninety", "neunzig"], &["девяност"]),
    (100, &["hundred", "hundert", "cent", "сто", "ста"], &[]),
];

/// Whether `text` writes out the number `n` (1–12, the tens, 100) as a
/// word.
fn spelled(text: &str, n: usize) -> bool {
    let (words, stems): (&[&str], &[&str]) = match n {
        1..=12 => (SPELLED[n - 1], &[]),
        _ => match TENS.iter().find(|(value, ..)| *value == n) {
            Some((_, words, stems)) => (words, stems),
            None => return false,
        },
    };
    text.split(|c: char| !c.is_alphabetic()).any(|word| {
        let lower = word.to_lowercase();
        words.contains(&lower.as_str()) || stems.iter().any(|s| lower.starts_with(s))
    })
}

/// Values in one list and not the other (as many times as they are
/// missing), with the side that has them.
fn one_sided(source: &[String], target: &[String]) -> Vec<(String, Side)> {
    let mut out = Vec::new();
    // Most pairs have no values, or the same ones in the same order.
    if source == target {
        return out;
    }
    fn sorted(list: &[String]) -> Vec<&str> {
        let mut list: Vec<&str> = list.iter().map(String::as_str).collect();
        list.sort_unstable();
        list
    }
    let (s, t) = (sorted(source), sorted(target));
    let (mut i, mut j) = (0, 0);
    let mut from_target = Vec::new();
    // A merge of the sorted lists: what one has more of is one-sided.
    while i < s.len() || j < t.len() {
        match (s.get(i), t.get(j)) {
            (Some(a), Some(b)) if a == b => {
                i += 1;
                j += 1;
            }
            (Some(a), None) => {
                out.push((a.to_string(), Side::Source));
                i += 1;
            }
            (Some(a), Some(b)) if a < b => {
                out.push((a.to_string(), Side::Source));
                i += 1;
            }
            (_, Some(b)) => {
                from_target.push((b.to_string(), Side::Target));
                j += 1;
            }
            (None, None) => break,
        }
    }
    out.extend(from_target);
    out
}

/// Where the digits of a normalised number start in `text`, in
/// characters: the first run of digits that begins it.
fn locate_digits(text: &str, value: &str) -> Option<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let first: Vec<char> = value.chars().take(3).collect();
    (0..chars.len()).find_map(|k| {
        let starts = (k == 0 || !chars[k - 1].is_ascii_digit()) && chars[k..].starts_with(&first);
        starts.then(|| {
            let len = chars[k..]
                .iter()
                .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ' ' | '\u{a0}'))
                .count();
            let len = chars[k..k + len]
                .iter()
                .rposition(char::is_ascii_digit)
                .map_or(len, |p| p + 1);
            (k, k + len)
        })
    })
}

/// The number of double quotation marks in a text, of every style.
fn quote_marks(text: &str) -> usize {
    // « » are C2 AB, C2 BB; „ “ ” ‹ › are E2 80 9E, 9C, 9D, B9, BA.
    let bytes = text.as_bytes();
    memchr::memchr3_iter(b'"', 0xc2, 0xe2, bytes)
        .filter(|&at| match bytes[at] {
            b'"' => true,
            0xc2 => matches!(bytes.get(at + 1), Some(0xab | 0xbb)),
            _ => {
                bytes.get(at + 1) == Some(&0x80)
                    && matches!(bytes.get(at + 2), Some(0x9c | 0x9d | 0x9e | 0xb9 | 0xba))
            }
        })
        .count()
}

/// How a text ends: `?`, `!` or `.` (anything else), looking through
/// closing quotes and brackets.
fn ending(text: &str) -> char {
    let last = text
        .trim_end()
        .trim_end_matches(['"', '\'', '»', '”', '’', ')', ']', '“', '«', '›'])
        .chars()
        .next_back();
    match last {
        Some('?' | '？' | '¿') => '?',
        Some('!' | '！') => '!',
        _ => '.',
    }
}

/// The aligner's beads for paragraphs `start..end` (up to the first that
/// lacks a side), or `None` when fewer than three pairs are left. Windows
/// overlap, so each paragraph's features are computed once, in `cache`.
fn align_window(
    paragraphs: &[crate::document::Paragraph],
    cache: &mut [Option<(Features, Features)>],
    start: usize,
    end: usize,
) -> Option<Vec<crate::align::Bead>> {
    let mut sources = Vec::with_capacity(end - start);
    let mut targets = Vec::with_capacity(end - start);
    // Up to the first paragraph that lacks a side.
    for (paragraph, cached) in paragraphs[start..end].iter().zip(&mut cache[start..end]) {
        let (Some(source), Some(target)) = (&paragraph.source, &paragraph.target) else {
            break;
        };
        let (s, t) = cached.get_or_insert_with(|| (Features::of(source), Features::of(target)));
        sources.push(s.clone());
        targets.push(t.clone());
    }
    if sources.len() < 3 {
        return None;
    }
    // Only the pairing is wanted, not how sure the aligner is of it; a
    // window is short and its shifts small, so a narrow band (widened
    // where the path touches it) and the window's own length ratio do.
    let options = AlignOptions {
        band: 4,
        rounds: 1,
        confidences: false,
    };
    Some(align_features(sources, targets, &options).beads)
}

/// Paragraphs that end mid-sentence followed by one that starts in lower
/// case, on either side: a paragraph cut by a page break.
///
/// Clauses and list items look the same as a cut, so a cut is taken only
/// where the pairing shows it too: the next paragraph has nothing on the
/// other side, or one of the two pairs is far off in length.
fn page_breaks(cx: &mut Context, zs: &[Option<f64>]) {
    let paragraphs = &cx.loaded.document.paragraphs;
    let off = |k: usize| {
        zs.get(k)
            .copied()
            .flatten()
            .is_some_and(|z| z.abs() > DRIFT_SUSPECT_Z)
    };
    // A cut shows on one side only: a list whose items end without full
    // stops looks the same on both sides, and is no cut. Clauses that end
    // in a comma or semicolon (a preamble's "Whereas …,") are no cut either.
    let cut = |a: Option<&str>, b: Option<&str>| match (a, b) {
        (Some(a), Some(b)) => {
            let last = a.trim_end().chars().next_back();
            ends_mid_sentence(a)
                && last.is_some_and(|c| c.is_alphanumeric() || c == '-')
                && starts_lower_case(b)
        }
        _ => false,
    };
    // Each junction's cut on each side, once.
    let cuts: Vec<[bool; 2]> = paragraphs
        .windows(2)
        .map(|pair| {
            [Side::Source, Side::Target].map(|side| cut(pair[0].text(side), pair[1].text(side)))
        })
        .collect();
    let mut found = Vec::new();
    for (i, pair) in paragraphs.windows(2).enumerate() {
        for (this, side) in [Side::Source, Side::Target].into_iter().enumerate() {
            let other = if side == Side::Source {
                Side::Target
            } else {
                Side::Source
            };
            let (this_side, other_side) = (cuts[i][this], cuts[i][1 - this]);
            let shown = pair[1].text(other).is_none() || off(i) || off(i + 1);
            if this_side && !other_side && shown {
                found.push((i, side, pair[1].id.to_string()));
            }
        }
    }
    for (i, side, next) in found {
        cx.report(
            Code::PageBreakSplit,
            Some(i),
            format!(
                "the {} ends mid-sentence and paragraph {next} goes on in lower case: one paragraph cut in two (by a page break?)",
                side.as_str()
            ),
        );
    }
}

/// Where pairs look wrong by length, the aligner is asked how it would pair
/// the paragraphs around them; where it pairs them otherwise than the
/// record does, the pairing has drifted.
/// When the aligner left paragraph `i` without its `missing` side at
/// import, and left another paragraph with that side alone or joined two
/// of that side's paragraphs into one: on a text translated one for one,
/// that is one misalignment between the two, not a lost text. Says so, and
/// where the other end is (the nearest); empty otherwise.
fn misalignment_sign(paragraphs: &[crate::document::Paragraph], i: usize, missing: Side) -> String {
    use crate::document::JoinReason;
    if paragraphs[i].confidence.is_none() {
        return String::new();
    }
    let has = |p: &crate::document::Paragraph, side: Side| match side {
        Side::Source => p.source.is_some(),
        Side::Target => p.target.is_some(),
    };
    let other = match missing {
        Side::Source => Side::Target,
        Side::Target => Side::Source,
    };
    let (text, other_word) = match missing {
        Side::Source => ("an original", "translation"),
        Side::Target => ("a translation", "original"),
    };
    let texts = match missing {
        Side::Source => "original",
        Side::Target => "translation",
    };
    let sign = |p: &crate::document::Paragraph| {
        if p.confidence.is_some() && has(p, missing) && !has(p, other) {
            Some(format!("{} has {text} and no {other_word}", p.id))
        } else if p
            .joins
            .iter()
            .any(|j| j.side == missing && j.reason == JoinReason::Alignment)
        {
            Some(format!(
                "{}'s {texts} is two paragraphs the aligner joined",
                p.id
            ))
        } else {
            None
        }
    };
    let nearest = paragraphs
        .iter()
        .enumerate()
        .filter(|&(k, _)| k != i)
        .filter_map(|(k, p)| sign(p).map(|what| (k.abs_diff(i), k, what)))
        .min();
    match nearest {
        Some((_, _, what)) => format!(
            "; the aligner left it so at import, and {what}: on a text translated paragraph for paragraph that is one misalignment between the two, not a lost {texts}"
        ),
        None => String::new(),
    }
}

/// A drift found: where it starts, the aligner's first pairing that
/// differs from the record, and where the pairing is back in step (none:
/// to the end).
struct Drift {
    at: usize,
    source: std::ops::Range<usize>,
    target: std::ops::Range<usize>,
    until: Option<usize>,
}

/// Pairs in step for this many beads in a row after a drift end it.
const BACK_IN_STEP: usize = 3;

/// The first paragraph (relative to the alignment's start) from which
/// `BACK_IN_STEP` beads in a row agree with the record, after the first
/// that does not.
fn back_in_step(
    beads: &[crate::align::Bead],
    off: &impl Fn(&crate::align::Bead) -> bool,
) -> Option<usize> {
    let first_off = beads.iter().position(off)?;
    beads[first_off..]
        .windows(BACK_IN_STEP)
        .find(|run| run.iter().all(|b| !off(b)))
        .map(|run| run[0].source.start)
}

fn alignment_drift(cx: &mut Context, suspects: &[usize]) {
    if cx.settings.severity_of(Code::AlignmentDrift).is_none() {
        return;
    }
    let paragraphs = &cx.loaded.document.paragraphs;
    // Runs of suspects close together form windows, widened a little. A
    // drift makes every pair after it wrong, so a lone odd pair is not
    // one: a window needs two suspects.
    let mut windows: Vec<(usize, usize, usize)> = Vec::new();
    for &i in suspects {
        let (start, end) = (i.saturating_sub(3), (i + 4).min(paragraphs.len()));
        match windows.last_mut() {
            Some(last) if start <= last.1 => {
                last.1 = end;
                last.2 += 1;
            }
            _ => windows.push((start, end, 1)),
        }
    }
    let windows: Vec<(usize, usize)> = windows
        .into_iter()
        .filter(|w| w.2 >= 2)
        .map(|(start, end, _)| (start, end))
        .collect();
    let mut reported: Vec<Drift> = Vec::new();
    let mut cache = vec![
        None;
        if windows.is_empty() {
            0
        } else {
            paragraphs.len()
        }
    ];
    let off = |b: &crate::align::Bead| {
        !(b.source.len() == 1 && b.target.len() == 1 && b.source.start == b.target.start)
    };
    for (first, end) in windows {
        // A window inside a drift already found is part of it.
        if reported
            .iter()
            .any(|d| first < d.until.unwrap_or(usize::MAX) && first >= d.at)
        {
            continue;
        }
        // The window is moved back until the aligner agrees with the
        // record at its start, so that the drift is found where it begins.
        let mut start = first;
        for _ in 0..3 {
            let Some(beads) = align_window(paragraphs, &mut cache, start, end) else {
                break;
            };
            let anchored = beads.first().is_some_and(|b| !off(b));
            if !anchored && start > 0 {
                start = start.saturating_sub(12);
                continue;
            }
            if let Some(bead) = beads.iter().find(|b| off(b)) {
                let at = start + bead.source.start.min(bead.target.start);
                if !reported.iter().any(|d| d.at == at) {
                    // How far it goes: aligned from where it starts to the
                    // end, the first run of pairs back in step.
                    let until = align_window(paragraphs, &mut cache, at, paragraphs.len())
                        .and_then(|rest| back_in_step(&rest, &off))
                        .map(|k| at + k);
                    reported.push(Drift {
                        at,
                        source: start + bead.source.start..start + bead.source.end,
                        target: start + bead.target.start..start + bead.target.end,
                        until,
                    });
                }
            }
            break;
        }
    }
    for drift in reported {
        let ids = |range: std::ops::Range<usize>| -> String {
            if range.is_empty() {
                "nothing".to_owned()
            } else {
                paragraphs[range]
                    .iter()
                    .map(|p| p.id.to_string())
                    .collect::<Vec<_>>()
                    .join("+")
            }
        };
        let extent = match drift.until {
            Some(k) => format!(
                "it is back in step from {} ({} paragraphs off)",
                paragraphs[k].id,
                k - drift.at
            ),
            None => format!(
                "it goes on to the end ({} paragraphs off)",
                paragraphs.len() - drift.at
            ),
        };
        cx.report(
            Code::AlignmentDrift,
            Some(drift.at),
            format!(
                "the pairing drifts from here: the aligner pairs the source of {} with the target of {}; {extent}",
                ids(drift.source),
                ids(drift.target)
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn numbers_written_out_count_as_the_number() {
        // maint-guide-ru writes "about 60 characters" as a word, in the
        // instrumental case.
        assert!(spelled("ограничить описание шестьюдесятью символами", 60));
        assert!(spelled("Sixty years", 60));
        assert!(spelled("zwei Jahre", 2));
        assert!(spelled("сто лет", 100));
        assert!(!spelled("стол стоит", 100));
        assert!(!spelled("шестьюдесятью", 50));
        assert!(!spelled("sixty", 61));
    }

    /// Values one-sided as first counted, with maps.
    fn one_sided_by_maps(source: &[String], target: &[String]) -> Vec<(String, Side)> {
        fn count(list: &[String]) -> BTreeMap<&str, i64> {
            let mut map: BTreeMap<&str, i64> = BTreeMap::new();
            for v in list {
                *map.entry(v.as_str()).or_default() += 1;
            }
            map
        }
        let (s, t) = (count(source), count(target));
        let mut out = Vec::new();
        for (value, n) in &s {
            for _ in 0..(n - t.get(value).copied().unwrap_or(0)).max(0) {
                out.push((value.to_string(), Side::Source));
            }
        }
        for (value, n) in &t {
            for _ in 0..(n - s.get(value).copied().unwrap_or(0)).max(0) {
                out.push((value.to_string(), Side::Target));
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn one_sided_values_by_merging_as_by_counting(
            source in proptest::collection::vec("[1-4]", 0..6),
            target in proptest::collection::vec("[1-4]", 0..6),
        ) {
            proptest::prop_assert_eq!(
                one_sided(&source, &target),
                one_sided_by_maps(&source, &target)
            );
        }
    }
}
