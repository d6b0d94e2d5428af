//! Text normalisation: the one place that decides how stored text looks.
//!
//! Every string written into a document passes through [`normalize_text`]:
//! a leading byte-order mark is removed, CRLF and lone CR become LF, spaces
//! and tabs before a line break are trimmed, and the result is in Unicode
//! Normalization Form C. Spaces that end the text are kept: in interface
//! strings they are content (a `", "` separator), and the whitespace check
//! reports them where they are not. Nothing else changes: quotes are not "smartened",
//! and no-break spaces, zero-width characters and soft hyphens are kept —
//! those are for checks to report, not for the writer to erase.
//!
//! Decoding raw bytes into text (UTF-8 or a legacy encoding named by a
//! WHATWG label) lives here too, so every reader fails the same way: with
//! the byte offset of the first byte that is not text.

use std::borrow::Cow;

use encoding_rs::{DecoderResult, Encoding};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use crate::scan::find_byte;

/// The byte-order mark, which is removed from the start of text.
const BOM: char = '\u{feff}';

/// Normalises `text` for storage; borrows when nothing needs to change.
///
/// ```
/// use bitext::normalize_text;
/// assert_eq!(normalize_text("\u{feff}e\u{301}  \r\nb\rc"), "\u{e9}\nb\nc");
/// assert_eq!(normalize_text("«ёлка»\u{a0}—"), "«ёлка»\u{a0}—");
/// ```
pub fn normalize_text(text: &str) -> Cow<'_, str> {
    if is_normalized(text) {
        return Cow::Borrowed(text);
    }
    let text = text.trim_start_matches(BOM);
    let mut lines = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        match rest.find(['\r', '\n']) {
            Some(end) => {
                lines.push_str(rest[..end].trim_end_matches([' ', '\t']));
                lines.push('\n');
                let skip = if rest[end..].starts_with("\r\n") {
                    2
                } else {
                    1
                };
                rest = &rest[end + skip..];
            }
            None => {
                lines.push_str(rest);
                break;
            }
        }
    }
    if is_nfc(&lines) {
        Cow::Owned(lines)
    } else {
        Cow::Owned(lines.nfc().collect())
    }
}

/// Whether `text` is already as [`normalize_text`] would leave it.
pub fn is_normalized(text: &str) -> bool {
    if text.starts_with(BOM) || text.contains('\r') {
        return false;
    }
    // A space or tab right before a line end is a trailing space. (Split
    // on a char finds line ends with a vectorised search.)
    let trailing = text
        .split('\n')
        .rev()
        .skip(1)
        .any(|line| matches!(line.as_bytes().last(), Some(b' ' | b'\t')));
    !trailing && is_nfc(text)
}

/// Whether `text` is in Normalization Form C (quick check, then a full one
/// only when the quick check cannot decide).
pub fn is_nfc(text: &str) -> bool {
    if is_nfc_by_bytes(text) {
        return true;
    }
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => true,
        IsNormalized::No => false,
        IsNormalized::Maybe => text.chars().eq(text.nfc()),
    }
}

/// Whether every character of `text` is [`is_always_nfc`], read straight
/// from the UTF-8 bytes so that the common two-byte scripts need no
/// decoding; `false` means only "look closer".
fn is_nfc_by_bytes(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Lead bytes of the characters that need a closer look: all but ASCII,
    // U+0080–U+02FF (C2–CB) and most of Cyrillic (D0, D1, D3). Runs
    // without them, most text, are skipped by a vectorised search; it is
    // written with `&` and `|`, not `&&` and `matches!`, so that it stays
    // branch-free.
    let rare = |b: u8| {
        (b >= 0xc0) & !((b.wrapping_sub(0xc2) < 10) | (b == 0xd0) | (b == 0xd1) | (b == 0xd3))
    };
    let mut i = 0;
    while let Some(skip) = find_byte(&bytes[i..], rare) {
        i += skip;
        let (safe, len) = match bytes[i] {
            // U+0480–U+04BF less the combining U+0483–U+0489
            0xd2 => (!matches!(bytes.get(i + 1), Some(0x83..=0x89)), 2),
            _ => {
                // A longer or rarer character: decode it. `text` is valid
                // UTF-8 and `i` is at a character boundary.
                let c = text[i..].chars().next().unwrap_or('\u{300}');
                (is_always_nfc(c), c.len_utf8())
            }
        };
        if !safe {
            return false;
        }
        i += len;
    }
    true
}

/// Characters that are NFC whatever surrounds them: quick-check value Yes,
/// combining class 0, and not a second element of any composition. A text
/// made only of these is NFC without a table lookup per character. The
/// ranges cover Latin, Cyrillic, Hebrew and Arabic letters, CJK ideographs
/// and kana, Hangul syllables and the common punctuation blocks, which is
/// nearly all archival text; anything else takes the full check.
fn is_always_nfc(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{2ff}'          // ASCII, Latin-1, Latin Extended, IPA, spacing modifiers
        | '\u{400}'..='\u{482}'      // Cyrillic letters (U+0483–0489 combine)
        | '\u{48a}'..='\u{52f}'      // Cyrillic letters, Cyrillic Supplement
        | '\u{5d0}'..='\u{5ea}'      // Hebrew letters
        | '\u{621}'..='\u{64a}'      // Arabic letters
        | '\u{1e00}'..='\u{1eff}'    // Latin Extended Additional (Vietnamese)
        | '\u{2010}'..='\u{2027}'    // dashes, quotes, bullets, ellipsis
        | '\u{2030}'..='\u{205e}'    // per mille, primes, guillemets
        | '\u{20a0}'..='\u{20c0}'    // currency signs
        | '\u{3000}'..='\u{3029}'    // CJK punctuation (U+302A–302F combine)
        | '\u{3041}'..='\u{3096}'    // hiragana (U+3099–309A combine)
        | '\u{30a1}'..='\u{30fa}'    // katakana
        | '\u{4e00}'..='\u{9fff}'    // CJK unified ideographs
        | '\u{ac00}'..='\u{d7a3}'    // Hangul syllables
        | '\u{ff01}'..='\u{ffee}'    // full-width and half-width forms
    )
}

/// Why bytes could not be decoded as text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The bytes are not UTF-8 and no other encoding was named.
    #[error(
        "not valid UTF-8 at byte {offset} (name the encoding with --encoding, e.g. windows-1251)"
    )]
    InvalidUtf8 {
        /// Offset of the first byte that is not part of a valid sequence.
        offset: usize,
    },
    /// The bytes are not valid in the named encoding.
    #[error("not valid {encoding} at byte {offset}")]
    Malformed {
        /// The encoding's canonical name.
        encoding: &'static str,
        /// Offset of the first malformed byte.
        offset: usize,
    },
    /// The bytes look like UTF-16 without a byte-order mark: valid UTF-8,
    /// but full of NULs, so not read as UTF-8 without being told.
    #[error("looks like UTF-16 without a byte-order mark (every other byte is a NUL or control byte): name the encoding with --encoding {guess}")]
    Utf16WithoutBom {
        /// The likely encoding's label.
        guess: &'static str,
    },
    /// The bytes are UTF-32 (by their byte-order mark, or three NULs in
    /// every four bytes), which no importer reads.
    #[error("looks like {guess} (UTF-32), which bitext does not read: convert it to UTF-8 first, e.g. with iconv -f {guess} -t utf-8")]
    Utf32 {
        /// The likely encoding's label.
        guess: &'static str,
    },
    /// The text holds a NUL character, which no text has: a binary file,
    /// or text in an encoding that was not named.
    #[error("a NUL character at character {position} of the text: not text (a binary file, or an encoding to name with --encoding)")]
    Nul {
        /// 0-based position in characters of the decoded text.
        position: usize,
    },
}

/// Whether the bytes are UTF-32: a UTF-32 byte-order mark, or ASCII with
/// three NULs in every four bytes at its start.
fn looks_like_utf32(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) {
        return Some("utf-32le");
    }
    if bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Some("utf-32be");
    }
    let head = &bytes[..bytes.len().min(512) & !3];
    if head.len() < 8 {
        return None;
    }
    let nul_in = |k: usize| head.iter().skip(k).step_by(4).all(|&b| b == 0);
    match (nul_in(0), nul_in(1), nul_in(2), nul_in(3)) {
        (false, true, true, true) => Some("utf-32le"),
        (true, true, true, false) => Some("utf-32be"),
        _ => None,
    }
}

/// Whether text without a byte-order mark looks like UTF-16 (or UTF-32):
/// a control byte below tab — NUL for ASCII, 03–06 for Greek, Cyrillic,
/// Hebrew, Arabic — on every other position of its start, as such text in
/// UTF-16 has its high bytes. Such bytes are valid UTF-8, so read as UTF-8
/// they would become one paragraph full of NULs. Gives the likely label.
fn looks_like_utf16(bytes: &[u8]) -> Option<&'static str> {
    let head = &bytes[..bytes.len().min(512) & !1];
    if head.len() < 8 {
        return None;
    }
    let nul_at = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b < 0x09)
            .count()
    };
    let half = head.len() / 2;
    let (even, odd) = (nul_at(0), nul_at(1));
    // Most of one half NUL, the other nearly none: one encoding's ASCII.
    if odd * 10 >= half * 7 && even * 10 <= half {
        Some("utf-16le")
    } else if even * 10 >= half * 7 && odd * 10 <= half {
        Some("utf-16be")
    } else {
        None
    }
}

/// Looks up an encoding by its WHATWG label (`windows-1251`, `koi8-r`,
/// `gb2312`, `euc-jp`, `utf-16le`, …), case-insensitively.
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

/// Decodes `bytes` as UTF-8 or, when given, as `encoding`, refusing any
/// malformed byte rather than replacing it. A byte-order mark that matches
/// the encoding is removed.
///
/// Without an encoding, input that starts with a UTF-16 byte-order mark is
/// read as UTF-16: the mark says so beyond doubt, and Windows tools write
/// such files.
pub fn decode(bytes: &[u8], encoding: Option<&'static Encoding>) -> Result<String, DecodeError> {
    if let Some(guess) = looks_like_utf32(bytes) {
        return Err(DecodeError::Utf32 { guess });
    }
    let text = decode_text(bytes, encoding)?;
    match text.find('\0') {
        Some(at) => Err(DecodeError::Nul {
            position: text[..at].chars().count(),
        }),
        None => Ok(text),
    }
}

fn decode_text(bytes: &[u8], encoding: Option<&'static Encoding>) -> Result<String, DecodeError> {
    let utf16 = Encoding::for_bom(bytes)
        .map(|(found, _)| found)
        .filter(|found| *found == encoding_rs::UTF_16LE || *found == encoding_rs::UTF_16BE);
    let Some(encoding) = encoding.or(utf16) else {
        if let Some(guess) = looks_like_utf16(bytes) {
            return Err(DecodeError::Utf16WithoutBom { guess });
        }
        return match std::str::from_utf8(bytes) {
            Ok(text) => Ok(text.strip_prefix(BOM).unwrap_or(text).to_owned()),
            Err(e) => Err(DecodeError::InvalidUtf8 {
                offset: e.valid_up_to(),
            }),
        };
    };
    let (encoding, bom_len) = match Encoding::for_bom(bytes) {
        Some((found, len)) if found == encoding => (found, len),
        _ => (encoding, 0),
    };
    let input = &bytes[bom_len..];
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(input.len())
        .unwrap_or(input.len().saturating_mul(3));
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(input, &mut text, true);
    match result {
        DecoderResult::InputEmpty => Ok(text),
        DecoderResult::Malformed(bad, pending) => Err(DecodeError::Malformed {
            encoding: encoding.name(),
            // `read` counts the malformed bytes and the bytes already read
            // past them; step back to the first malformed one.
            offset: bom_len + read - bad as usize - pending as usize,
        }),
        DecoderResult::OutputFull => {
            // The buffer was sized by the decoder's own worst case, so this
            // cannot happen; report it as malformed rather than panic.
            Err(DecodeError::Malformed {
                encoding: encoding.name(),
                offset: bom_len + read,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn line_ends_and_trailing_space() {
        assert_eq!(normalize_text("a \r\nb\t\rc"), "a\nb\nc");
        // Spaces ending the text are content: a ", " separator.
        assert_eq!(normalize_text(", "), ", ");
        assert!(is_normalized(", ") && !is_normalized("a \nb"));
        assert_eq!(normalize_text("a\n\n b"), "a\n\n b");
    }

    #[test]
    fn keeps_invisible_and_typographic_characters() {
        let text = "a\u{a0}b\u{200b}c\u{ad}d \"q\" 'x' «y»";
        assert_eq!(normalize_text(text), text);
    }

    #[test]
    fn composes_cyrillic_short_i() {
        // и + combining breve is the decomposed form of й.
        assert_eq!(normalize_text("\u{438}\u{306}"), "\u{439}");
        assert!(!is_nfc("\u{438}\u{306}"));
    }

    #[test]
    fn utf16_with_a_byte_order_mark_needs_no_label() {
        let text = "Телеграмма № 3410\n";
        let mut bytes = vec![0xff, 0xfe];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&bytes, None).unwrap(), text);
    }

    #[test]
    fn utf8_error_names_offset() {
        assert_eq!(
            decode(b"abc\xffdef", None),
            Err(DecodeError::InvalidUtf8 { offset: 3 })
        );
    }

    #[test]
    fn legacy_encodings() {
        let koi8 = encoding_for_label("KOI8-R").unwrap();
        assert_eq!(
            decode(b"\xf0\xd2\xc9\xd7\xc5\xd4", Some(koi8)).unwrap(),
            "Привет"
        );
        let cp1251 = encoding_for_label("windows-1251").unwrap();
        assert_eq!(decode(b"\xcf\xf0\xe8", Some(cp1251)).unwrap(), "При");
        let sjis = encoding_for_label("shift_jis").unwrap();
        let err = decode(b"ab\x81", Some(sjis)).unwrap_err();
        assert_eq!(
            err,
            DecodeError::Malformed {
                encoding: "Shift_JIS",
                offset: 2
            }
        );
    }

    proptest! {
        #[test]
        fn the_fast_nfc_test_agrees_with_composing(
            text in "([a-zа-яё .«»—“”…\u{300}\u{301}\u{306}\u{483}\u{2000}\u{2001}\u{ac00}\u{1100}\u{1161}é]|\\PC){0,40}"
        ) {
            prop_assert_eq!(is_nfc(&text), text.chars().eq(text.nfc()));
        }

        #[test]
        fn normalising_twice_changes_nothing(text in "\\PC*[ \r\n\t\u{301}\u{feff}]*\\PC*") {
            let once = normalize_text(&text).into_owned();
            prop_assert!(is_normalized(&once));
            prop_assert_eq!(normalize_text(&once), once.as_str());
        }
    }
}
