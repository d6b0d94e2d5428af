//! Text normalisation: the one place that decides how stored text looks.
//!
//! Every string written into a document passes through [`normalize_text`]:
//! a leading byte-order mark is removed, CRLF and lone CR become LF, spaces
//! and tabs at the end of each line are trimmed, and the result is in Unicode
//! Normalization Form C. Nothing else changes: quotes are not "smartened",
//! and no-break spaces, zero-width characters and soft hyphens are kept —
//! those are for checks to report, not for the writer to erase.
//!
//! Decoding raw bytes into text (UTF-8 or a legacy encoding named by a
//! WHATWG label) lives here too, so every reader fails the same way: with
//! the byte offset of the first byte that is not text.

use std::borrow::Cow;

use encoding_rs::{DecoderResult, Encoding};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// The byte-order mark, which is removed from the start of text.
const BOM: char = '\u{feff}';

/// Normalises `text` for storage; borrows when nothing needs to change.
///
/// ```
/// use bitext::normalize::normalize_text;
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
                lines.push_str(rest.trim_end_matches([' ', '\t']));
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
    let bytes = text.as_bytes();
    if matches!(bytes.last(), Some(b' ' | b'\t')) {
        return false;
    }
    // A space or tab right before a line end is a trailing space.
    let trailing =
        memchr_iter_newlines(bytes).any(|i| i > 0 && matches!(bytes[i - 1], b' ' | b'\t'));
    !trailing && is_nfc(text)
}

/// Whether `text` is in Normalization Form C (quick check, then a full one
/// only when the quick check cannot decide).
pub fn is_nfc(text: &str) -> bool {
    if text.is_ascii() {
        return true;
    }
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => true,
        IsNormalized::No => false,
        IsNormalized::Maybe => text.chars().eq(text.nfc()),
    }
}

fn memchr_iter_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter_map(|(i, &b)| (b == b'\n').then_some(i))
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
}

/// Looks up an encoding by its WHATWG label (`windows-1251`, `koi8-r`,
/// `gb2312`, `euc-jp`, `utf-16le`, …), case-insensitively.
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

/// Decodes `bytes` as UTF-8 or, when given, as `encoding`, refusing any
/// malformed byte rather than replacing it. A byte-order mark that matches
/// the encoding is removed.
pub fn decode(bytes: &[u8], encoding: Option<&'static Encoding>) -> Result<String, DecodeError> {
    let Some(encoding) = encoding else {
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
        assert_eq!(normalize_text("a \r\nb\t\rc  "), "a\nb\nc");
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
        fn normalising_twice_changes_nothing(text in "\\PC*[ \r\n\t\u{301}\u{feff}]*\\PC*") {
            let once = normalize_text(&text).into_owned();
            prop_assert!(is_normalized(&once));
            prop_assert_eq!(normalize_text(&once), once.as_str());
        }
    }
}
