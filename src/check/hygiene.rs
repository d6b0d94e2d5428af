//! Text hygiene checks: `not-nfc`, `invisible-character`,
//! `control-character`, `mixed-script`, `whitespace` and `untranslated`.

use unicode_normalization::UnicodeNormalization;

use super::Code;
use super::{is_letter, Context, Mark};
use crate::document::Side;
use crate::normalize::is_nfc;
use crate::scan::{has_mixed_word, DOUBLE_SPACE};

pub(super) fn check(cx: &mut Context) {
    // One pass over the whole file settles the common case.
    if cx.loaded.is_nfc() {
        return;
    }
    let document = &cx.loaded.document;
    let metadata = [
        ("title", document.title.as_deref()),
        ("summary", document.summary.as_deref()),
    ];
    for (key, text) in metadata {
        if let Some(text) = text.filter(|t| !is_nfc(t)) {
            cx.report_at(
                Code::NotNfc,
                None,
                cx.key_line(key),
                not_nfc_message(key, text),
            );
        }
    }
    for (i, paragraph) in document.paragraphs.iter().enumerate() {
        for side in [Side::Source, Side::Target] {
            if let Some(text) = paragraph.text(side).filter(|t| !is_nfc(t)) {
                cx.report_at(
                    Code::NotNfc,
                    Some(i),
                    None,
                    not_nfc_message(side.as_str(), text),
                );
            }
        }
    }
}

/// Names the first character that NFC changes, so the reader can find it.
fn not_nfc_message(what: &str, text: &str) -> String {
    let position = text
        .chars()
        .zip(text.nfc())
        .position(|(a, b)| a != b)
        .unwrap_or(0);
    let shown: String = text
        .chars()
        .skip(position)
        .take(3)
        .map(|c| format!("U+{:04X}", c as u32))
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "{what} text is not NFC from character {} ({shown} …); `bitext fmt` composes it",
        position + 1
    )
}

/// The character checks of every text: `invisible-character`,
/// `control-character`, `mixed-script`, `whitespace`, and `untranslated`
/// for pairs.
pub(super) fn check_characters(cx: &mut Context) {
    let document = &cx.loaded.document;
    let scripts = (
        document
            .source_language
            .as_deref()
            .and_then(language_script),
        document
            .target_language
            .as_deref()
            .and_then(language_script),
    );
    let mut found: Vec<(Code, usize, String, Vec<Mark>)> = Vec::new();
    for (i, paragraph) in document.paragraphs.iter().enumerate() {
        let first_of_paragraph = found.len();
        for side in [Side::Source, Side::Target] {
            let Some(text) = paragraph.text(side) else {
                continue;
            };
            characters(text, side, |code, message, mark| {
                found.push((code, i, message, mark.into_iter().collect()));
            });
        }
        // Spacing both sides share is layout (aligned code, a verse's
        // indent), not a slip: only a side that differs is reported.
        let spacing = |f: &(Code, usize, String, Vec<Mark>)| f.0 == Code::Whitespace;
        if let (Some(source), Some(target)) = (&paragraph.source, &paragraph.target) {
            if found[first_of_paragraph..].iter().any(spacing) {
                let shape = |t: &str| (has_double_space(t), t.starts_with(' '), t.ends_with(' '));
                if shape(source) == shape(target) {
                    let mut k = 0;
                    found.retain(|f| {
                        k += 1;
                        k <= first_of_paragraph || !spacing(f)
                    });
                }
            }
        }
        if let (Some(source), Some(target)) = (&paragraph.source, &paragraph.target) {
            if let Some(message) = untranslated(source, target, scripts) {
                found.push((Code::Untranslated, i, message, Vec::new()));
            }
        }
    }
    for (code, i, message, marks) in found {
        cx.report_marked(code, Some(i), message, marks);
    }
}

/// Invisible, control, mixed-script and whitespace faults of one text.
/// Plain ASCII text, most of any corpus, is settled byte by byte.
fn characters(text: &str, side: Side, mut report: impl FnMut(Code, String, Option<Mark>)) {
    let name = side.as_str();
    let bytes = text.as_bytes();
    let ascii = text.is_ascii();
    let position = |byte: usize| text[..byte].chars().count();
    // Invisible characters and C1 controls, found by their UTF-8 lead
    // bytes: U+00AD and U+0080–U+009F start with C2, U+180E with E1,
    // U+200B and U+2060 with E2, U+FEFF with EF.
    let mut invisible_found = false;
    let mut c1_found = None;
    if !ascii {
        for at in
            memchr::memchr3_iter(0xc2, 0xe1, 0xe2, bytes).chain(memchr::memchr_iter(0xef, bytes))
        {
            let Some(c) = text.get(at..).and_then(|t| t.chars().next()) else {
                continue;
            };
            let invisible = match c {
                '\u{200b}' | '\u{2060}' | '\u{feff}' | '\u{180e}' => true,
                // A soft hyphen is invisible where it does its job, inside
                // a word; text copied out of typeset pages keeps it by
                // accident.
                '\u{ad}' => {
                    text[..at].chars().next_back().is_some_and(is_letter)
                        && text[at + 2..].chars().next().is_some_and(is_letter)
                }
                '\u{80}'..='\u{9f}' => {
                    c1_found.get_or_insert((at, c));
                    false
                }
                _ => false,
            };
            if invisible && !invisible_found {
                invisible_found = true;
                let k = position(at);
                report(
                    Code::InvisibleCharacter,
                    format!(
                        "the {name} has an invisible U+{:04X} ({}) at character {}",
                        c as u32,
                        invisible_name(c),
                        k + 1
                    ),
                    Some(Mark::new(side, k, k + 1)),
                );
            }
        }
    }
    let control = |b: u8| (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f;
    // Whether there is one at all, without stopping early (so the loop
    // runs on vector registers); where, only then.
    let any_control = bytes.iter().fold(false, |any, &b| any | control(b));
    let found = any_control
        .then(|| bytes.iter().position(|&b| control(b)))
        .flatten()
        .map(|at| (at, char::from(bytes[at])))
        .or(c1_found);
    if let Some((at, c)) = found {
        let k = position(at);
        report(
            Code::ControlCharacter,
            format!(
                "the {name} has the control character U+{:04X} at character {}",
                c as u32,
                k + 1
            ),
            Some(Mark::new(side, k, k + 1)),
        );
    }
    // Words that mix Latin and Cyrillic letters: the minority letters are
    // the intruders (a Latin "o" typed in a Russian word, OCR's favourite).
    // Only text with both kinds of letters can have them.
    if !ascii && has_mixed_word(bytes) {
        mixed_script(text, side, &mut report);
    }
    // Spaces: doubled inside the text, or at its start or end.
    if let Some(at) = DOUBLE_SPACE.find(bytes) {
        let start = position(at);
        report(
            Code::Whitespace,
            format!("the {name} has a double space at character {}", start + 1),
            Some(Mark::new(side, start, start + 2)),
        );
    }
    let edge = |c: char| c == ' ' || c == '\u{a0}';
    if text.starts_with(edge) || text.ends_with(edge) {
        let place = if text.starts_with(edge) {
            "starts"
        } else {
            "ends"
        };
        report(
            Code::Whitespace,
            format!("the {name} {place} with a space"),
            None,
        );
    }
}

fn has_double_space(text: &str) -> bool {
    DOUBLE_SPACE.find(text.as_bytes()).is_some()
}

/// Reports each word that mixes Latin and Cyrillic letters.
fn mixed_script(text: &str, side: Side, report: &mut impl FnMut(Code, String, Option<Mark>)) {
    let chars: Vec<char> = text.chars().collect();
    let mut k = 0;
    while k < chars.len() {
        if !is_letter(chars[k]) {
            k += 1;
            continue;
        }
        let start = k;
        while k < chars.len() && (is_letter(chars[k]) || is_joiner(chars[k])) {
            k += 1;
        }
        let word = &chars[start..k];
        let latin = word.iter().filter(|c| is_latin(**c)).count();
        let cyrillic = word.iter().filter(|c| is_cyrillic(**c)).count();
        if latin > 0 && cyrillic > 0 {
            let minority_latin = latin <= cyrillic;
            let at = word
                .iter()
                .position(|c| {
                    if minority_latin {
                        is_latin(*c)
                    } else {
                        is_cyrillic(*c)
                    }
                })
                .unwrap_or(0);
            let intruder = word[at];
            let (script, other) = if minority_latin {
                ("Latin", "Cyrillic")
            } else {
                ("Cyrillic", "Latin")
            };
            report(
                Code::MixedScript,
                format!(
                    "the {} has a {script} {intruder:?} (U+{:04X}) inside the {other} word {:?}, at character {}",
                    side.as_str(),
                    intruder as u32,
                    word.iter().collect::<String>(),
                    start + at + 1
                ),
                Some(Mark::new(side, start + at, start + at + 1)),
            );
        }
    }
}

fn invisible_name(c: char) -> &'static str {
    match c {
        '\u{200b}' => "zero-width space",
        '\u{2060}' => "word joiner",
        '\u{feff}' => "byte-order mark",
        '\u{180e}' => "Mongolian vowel separator",
        '\u{ad}' => "soft hyphen",
        _ => "invisible",
    }
}

/// Characters that join parts of one word: hyphens, apostrophes.
fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '\u{301}')
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}')
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{400}'..='\u{52f}' | '\u{1c80}'..='\u{1c8f}' | '\u{2de0}'..='\u{2dff}' | '\u{a640}'..='\u{a69f}')
}

/// Whether a text reads as prose rather than code, a command, a formula or
/// a list of names: at least four words of letters only (starting with a
/// letter, so a command's `-us` is no word), making up most of it, not
/// two tokens of operators alone (`=`, `+`, `|`, `&&`: a formula), and no
/// shell prompt at its start.
fn is_prose(text: &str) -> bool {
    let trimmed = text.trim_start();
    if trimmed.starts_with(['$', '#', '%', '>']) {
        return false;
    }
    // A listing — a file of `Key: value` fields, numbered lines, a list of
    // names — is lines of a word or two: prose has most lines of four
    // words or more. Counted line by line, in one pass.
    let (mut lines, mut long) = (0, 0);
    let mut all = Words::default();
    for line in text.lines() {
        let words = Words::of(line);
        if words.tokens == 0 {
            continue;
        }
        lines += 1;
        long += usize::from(words.words >= 4 && words.operators < 2);
        all.words += words.words;
        all.tokens += words.tokens;
        all.operators += words.operators;
    }
    if lines >= 3 && long * 2 < lines {
        return false;
    }
    // Two operators make a formula (`a = b + c`).
    all.operators < 2 && all.words >= 4 && all.words * 10 >= all.tokens * 6
}

/// What [`is_prose`] counts in a text.
#[derive(Default)]
struct Words {
    /// Tokens between spaces.
    tokens: usize,
    /// Tokens that are words: two characters or more, letters, apostrophes
    /// and hyphens only, starting with a letter (after punctuation).
    words: usize,
    /// Tokens of operators alone: `=`, `+`, `|`, `&&`, `->`.
    operators: usize,
}

impl Words {
    fn of(text: &str) -> Words {
        let mut counts = Words::default();
        for token in text.split_whitespace() {
            counts.tokens += 1;
            if token != "-"
                && token
                    .chars()
                    .all(|c| matches!(c, '=' | '+' | '|' | '&' | '<' | '>' | '*' | '/' | '-'))
            {
                counts.operators += 1;
                continue;
            }
            let t = token.trim_matches(|c: char| {
                matches!(
                    c,
                    ',' | '.' | ';' | ':' | '!' | '?' | '(' | ')' | '"' | '«' | '»' | '“' | '”'
                )
            });
            let mut chars = t.chars();
            if chars.next().is_some_and(char::is_alphabetic)
                && chars.clone().next().is_some()
                && chars.all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-'))
            {
                counts.words += 1;
            }
        }
        counts
    }
}

/// The script a language is written in, for the languages whose script
/// is settled: Cyrillic or Latin.
fn language_script(tag: &str) -> Option<&'static str> {
    let primary = tag.split('-').next().unwrap_or(tag).to_ascii_lowercase();
    if tag.contains("-Latn") {
        return Some("Latin");
    }
    if tag.contains("-Cyrl") {
        return Some("Cyrillic");
    }
    match primary.as_str() {
        "ru" | "uk" | "be" | "bg" | "mk" | "sr" | "kk" | "ky" | "tg" | "mn" | "tt" | "ba" => {
            Some("Cyrillic")
        }
        "en" | "de" | "fr" | "es" | "it" | "pt" | "nl" | "pl" | "cs" | "sk" | "sl" | "hr"
        | "ro" | "hu" | "fi" | "sv" | "da" | "no" | "nb" | "nn" | "is" | "et" | "lv" | "lt"
        | "tr" | "id" | "ms" | "vi" | "ca" | "eu" | "gl" | "ga" | "cy" | "sq" | "af" | "sw" => {
            Some("Latin")
        }
        _ => None,
    }
}

/// Why a target is an untranslated copy: the same text as its source, or
/// written in the source language's script where the two languages'
/// scripts (from [`language_script`]) differ.
fn untranslated(
    source: &str,
    target: &str,
    scripts: (Option<&'static str>, Option<&'static str>),
) -> Option<String> {
    // Names, signatures, commands and code stay as they are: only prose —
    // four words or more, most of them plain words — counts.
    if source.trim() == target.trim() && is_prose(source) {
        return Some("the target is the same text as the source: not translated".into());
    }
    let (source_script, target_script) = (scripts.0?, scripts.1?);
    // Any letter of the translation's script settles it, byte by byte.
    let has_own = match target_script {
        "Latin" => target.bytes().any(|b| b.is_ascii_alphabetic()),
        _ => target.bytes().any(|b| (0xd0..=0xd4).contains(&b)),
    };
    if has_own {
        return None;
    }
    // Written in the original's script: not one letter of the
    // translation's own script (a partly translated text is a translation).
    let in_script = |script: &str| {
        target
            .chars()
            .filter(|c| is_letter(*c))
            .filter(|c| match script {
                "Latin" => is_latin(*c),
                _ => is_cyrillic(*c),
            })
            .count()
    };
    if source_script != target_script
        && in_script(target_script) == 0
        && in_script(source_script) >= 12
        && is_prose(target)
    {
        return Some(format!(
            "the target is written in {source_script}, the script of the original's language, not in {target_script}: not translated"
        ));
    }
    None
}
