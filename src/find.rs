//! Numbers, URLs and e-mail addresses in a text: found by one module, so
//! that the aligner (which pairs paragraphs by them) and the checks (which
//! report those on one side only) see the same ones.
//!
//! Each finder reads bytes where that is faster than characters, and each
//! is held by a property test to the straightforward version it replaced.

use crate::scan::{find_number_start, scheme_ends, www_starts};

/// The numbers in `text`, with group and decimal separators removed, so
/// that locale forms compare equal: `1 000,5`, `1,000.5` and `1000.5` all
/// give `10005`; `№ 3410` gives `3410`; `26th` gives `26`.
///
/// Read from the bytes: digits and the separators that may continue a
/// number are ASCII or a few fixed sequences; only CJK lead bytes (E3–E9)
/// are decoded, as they may start a numeral.
pub fn numbers(text: &str) -> Vec<String> {
    // Full-width digits (`第５条`, as Japanese and Chinese text often
    // writes them) are read as the ASCII ones they stand for.
    if memchr::memchr(0xef, text.as_bytes()).is_some() && text.contains(is_full_width_digit) {
        let ascii: String = text
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from(b'0' + (u32::from(c) - u32::from('０')) as u8),
                c => c,
            })
            .collect();
        return numbers(&ascii);
    }
    let bytes = text.as_bytes();
    let cjk = |b: u8| b.wrapping_sub(0xe3) < 7;
    let mut numbers = Vec::new();
    let digits_at = |k: usize| bytes[k..].iter().take_while(|b| b.is_ascii_digit()).count();
    let mut k = 0;
    // Text between numbers is skipped eight bytes at a time.
    while let Some(skip) = find_number_start(&bytes[k..]) {
        k += skip;
        let b = bytes[k];
        if cjk(b) {
            let run: Vec<char> = text[k..]
                .chars()
                .take_while(|c| chinese_numeral(*c).is_some())
                .collect();
            if run.is_empty() {
                k += text[k..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
            // A lone 一 is as often "all" or "one" in a word as a number;
            // take single numerals only after 第 ("the …th").
            if run.len() >= 2 || text[..k].ends_with('第') {
                numbers.push(chinese_number(&run).to_string());
            }
            k += run.iter().map(|c| c.len_utf8()).sum::<usize>();
            continue;
        }
        let start = k;
        let mut digits = String::new();
        let mut group_len = 0;
        while k < bytes.len() {
            let b = bytes[k];
            if b.is_ascii_digit() {
                digits.push(char::from(b));
                group_len += 1;
                k += 1;
                continue;
            }
            // A separator continues the number when digits follow it: '.'
            // and ',' always (decimal or thousands), a thin or
            // non-breaking space before a group of three, a plain space
            // only before a group of three after a short leading group.
            let rest = &bytes[k..];
            let (width, continues): (usize, fn(usize, usize, usize) -> bool) = match b {
                b'.' | b',' => (1, |next, _, _| next > 0),
                b' ' => (1, |next, group, all| {
                    next == 3 && group <= 3 && all == group
                }),
                // U+00A0; U+202F and U+2009.
                0xc2 if rest.starts_with(&[0xc2, 0xa0]) => (2, |next, _, _| next == 3),
                0xe2 if rest.starts_with(&[0xe2, 0x80, 0xaf])
                    || rest.starts_with(&[0xe2, 0x80, 0x89]) =>
                {
                    (3, |next, _, _| next == 3)
                }
                _ => break,
            };
            if !continues(digits_at(k + width), group_len, digits.len()) {
                break;
            }
            group_len = 0;
            k += width;
        }
        let letter = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphabetic);
        if !is_numeronym(
            letter(start.checked_sub(1).and_then(|i| bytes.get(i))),
            &digits,
            k - start,
            letter(bytes.get(k)),
        ) {
            numbers.push(digits);
        }
    }
    numbers
}

/// `０`–`９`.
pub(crate) fn is_full_width_digit(c: char) -> bool {
    ('０'..='９').contains(&c)
}

/// Whether a run of digits is a numeronym's count (`l10n`, `i18n`, `k8s`,
/// `a11y`): one or two digits alone, between two Latin letters — a word,
/// not a number.
fn is_numeronym(letter_before: bool, digits: &str, run_len: usize, letter_after: bool) -> bool {
    letter_before && letter_after && digits.len() <= 2 && run_len == digits.len()
}

/// The value of a Chinese (and Japanese) numeral character: digits, or the
/// units 十, 百, 千, 万 as negative powers of ten.
pub(crate) fn chinese_numeral(c: char) -> Option<i64> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        '十' => -1,
        '百' => -2,
        '千' => -3,
        '万' | '萬' => -4,
        _ => return None,
    })
}

/// `二十二` → 22, `一百零五` → 105, `十六` → 16, `一九五一` → 1951.
fn chinese_number(run: &[char]) -> i64 {
    let values: Vec<i64> = run.iter().filter_map(|c| chinese_numeral(*c)).collect();
    if values.iter().all(|v| *v >= 0) {
        // Digit by digit, as years are written.
        return values.iter().fold(0, |n, d| n * 10 + d);
    }
    let (mut total, mut section, mut digit) = (0i64, 0i64, 0i64);
    for value in values {
        match value {
            -4 => {
                total += (section + digit).max(1) * 10_000;
                section = 0;
                digit = 0;
            }
            unit if unit < 0 => {
                section += digit.max(1) * 10i64.pow(unit.unsigned_abs() as u32);
                digit = 0;
            }
            d => digit = d,
        }
    }
    total + section + digit
}

/// URLs in a text: `http://`, `https://`, `ftp://` or `www.` up to a space,
/// without trailing punctuation.
pub fn urls(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    // Where a URL may start: a scheme's length before each `://`, and at
    // each `www.`; found by vector search rather than letter by letter.
    let mut starts: Vec<usize> = scheme_ends(bytes)
        .flat_map(|at| [at.checked_sub(5), at.checked_sub(4), at.checked_sub(3)])
        .flatten()
        .chain(www_starts(bytes))
        .filter(|&at| text.is_char_boundary(at))
        .collect();
    starts.sort_unstable();
    starts.dedup();
    starts
        .into_iter()
        .filter_map(|at| url_at(text, at))
        .map(str::to_owned)
        .collect()
}

/// The URL that starts at byte `at` of `text`, if one does.
fn url_at(text: &str, at: usize) -> Option<&str> {
    let rest = &text[at..];
    let starts = ["http://", "https://", "ftp://", "www."]
        .iter()
        .any(|p| rest.starts_with(p));
    let boundary = text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric() && c != '/' && c != '.');
    if !(starts && boundary) {
        return None;
    }
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '«' | '»'))
        .unwrap_or(rest.len());
    let url = rest[..end].trim_end_matches(['.', ',', ';', ':', ')', ']', '!', '?', '\'', '’']);
    (url.len() > 4).then_some(url)
}

/// E-mail addresses: `local@domain.tld`.
pub fn emails(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    if memchr::memchr(b'@', text.as_bytes()).is_none() {
        return found;
    }
    for (at, _) in text.match_indices('@') {
        let is_local = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+');
        let is_domain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-');
        let start = text[..at]
            .char_indices()
            .rev()
            .take_while(|(_, c)| is_local(*c))
            .last()
            .map(|(i, _)| i);
        let end = text[at + 1..]
            .char_indices()
            .take_while(|(_, c)| is_domain(*c))
            .last()
            .map(|(i, c)| at + 1 + i + c.len_utf8());
        if let (Some(start), Some(end)) = (start, end) {
            let address = text[start..end].trim_end_matches(['.', '-']);
            let domain = &address[address.find('@').map_or(0, |i| i + 1)..];
            if domain.contains('.') && !domain.starts_with('.') {
                found.push(address.to_owned());
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first implementation, character by character: the byte reader
    /// must agree with it.
    /// The numbers in `text`, with group and decimal separators removed, so
    /// that locale forms compare equal: `1 000,5`, `1,000.5` and `1000.5` all
    /// give `10005`; `№ 3410` gives `3410`; `26th` gives `26`.
    fn numbers_by_chars(text: &str) -> Vec<String> {
        // Most paragraphs have no digit and no CJK character (which may be a
        // numeral): settled from the bytes, without decoding.
        if !text
            .bytes()
            .any(|b| b.is_ascii_digit() || (0xe3..=0xe9).contains(&b))
        {
            return Vec::new();
        }
        let chars: Vec<char> = text.chars().collect();
        let mut numbers = Vec::new();
        let mut k = 0;
        while k < chars.len() {
            if chinese_numeral(chars[k]).is_some() {
                let run = chars[k..]
                    .iter()
                    .take_while(|c| chinese_numeral(**c).is_some())
                    .count();
                // A lone 一 is as often "all" or "one" in a word as a number;
                // take single numerals only after 第 ("the …th").
                if run >= 2 || (k > 0 && chars[k - 1] == '第') {
                    numbers.push(chinese_number(&chars[k..k + run]).to_string());
                }
                k += run;
                continue;
            }
            if !chars[k].is_ascii_digit() {
                k += 1;
                continue;
            }
            let start = k;
            let mut digits = String::new();
            let mut group_len = 0;
            while k < chars.len() {
                let c = chars[k];
                if c.is_ascii_digit() {
                    digits.push(c);
                    group_len += 1;
                    k += 1;
                    continue;
                }
                // A separator continues the number when digits follow it: '.'
                // and ',' always (decimal or thousands), a space only before a
                // group of exactly three digits after a short leading group.
                let next_digits = chars[k + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_digit())
                    .count();
                let continues = match c {
                    '.' | ',' => next_digits > 0,
                    '\u{a0}' | '\u{202f}' | '\u{2009}' => next_digits == 3,
                    ' ' => next_digits == 3 && group_len <= 3 && digits.len() == group_len,
                    _ => false,
                };
                if !continues {
                    break;
                }
                group_len = 0;
                k += 1;
            }
            let letter = |c: Option<&char>| c.is_some_and(char::is_ascii_alphabetic);
            let before = start.checked_sub(1).and_then(|i| chars.get(i));
            if !is_numeronym(letter(before), &digits, k - start, letter(chars.get(k))) {
                numbers.push(digits);
            }
        }
        numbers
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        #[test]
        fn numbers_read_from_bytes_agree_with_characters(
            text in "([0-9]{0,4}([ .,]{1,2}|\u{a0}|\u{202f}|\u{2009}|№|г|a|n|я|第|[一二三十百千万零]{1,3}|…)?){0,12}"
        ) {
            proptest::prop_assert_eq!(numbers(&text), numbers_by_chars(&text));
        }
    }

    #[test]
    fn locale_forms_of_numbers_agree() {
        assert_eq!(numbers("1 000,5"), numbers("1,000.5"));
        assert_eq!(numbers("№ 3410"), ["3410"]);
        assert_eq!(numbers("5 июня 1951 г."), ["5", "1951"]);
        assert_eq!(numbers("June 5, 1951"), ["5", "1951"]);
        assert_eq!(numbers("December 26th, 2008"), ["26", "2008"]);
        assert_eq!(numbers("in 1951 200 troops"), ["1951", "200"]);
        // Numeronyms are words; numbers glued to words are numbers.
        assert!(numbers("l10n and i18n for k8s, a11y").is_empty());
        assert_eq!(
            numbers("x86, mp3, A4, COVID-19, 26th, в1951г."),
            ["86", "3", "4", "19", "26", "1951"]
        );
        assert_eq!(
            numbers("第二十二条 第十六條 一百零五 一九五一年 一律"),
            ["22", "16", "105", "1951"]
        );
        // Full-width digits, as in the Japanese UDHR's article headings.
        assert_eq!(numbers("第５条 第１０条 １,０００"), ["5", "10", "1000"]);
    }

    /// URLs tried at every h, f and w, as they were first found.
    fn urls_letter_by_letter(text: &str) -> Vec<String> {
        text.match_indices(['h', 'f', 'w'])
            .filter_map(|(at, _)| url_at(text, at))
            .map(str::to_owned)
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn urls_found_by_search_as_letter_by_letter(
            text in "(https?://|ftp://|www\\.|://|[hfw]|[a-z]{1,5}|[./ ]|«|я|\\)){0,30}"
        ) {
            proptest::prop_assert_eq!(urls(&text), urls_letter_by_letter(&text));
        }

    }
}
