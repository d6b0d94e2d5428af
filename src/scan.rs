//! Byte-level scanners: the passes over every paragraph that must cost
//! little, written over UTF-8 bytes and branch-free so that the compiler
//! vectorises them. Each sits beside the straightforward version its
//! property test holds it to.

use std::sync::LazyLock;

use memchr::memmem::Finder;

/// Index of the first byte for which `special` holds. Bytes are tested 32
/// at a time without branching, which the compiler turns into vector
/// instructions, so a long run with no special byte costs little.
#[inline]
pub(crate) fn find_byte(bytes: &[u8], special: impl Fn(u8) -> bool) -> Option<usize> {
    const CHUNK: usize = 32;
    let mut chunks = bytes.chunks_exact(CHUNK);
    let mut start = 0;
    for chunk in &mut chunks {
        let any = chunk.iter().fold(0u8, |any, &b| any | u8::from(special(b)));
        if any != 0 {
            return chunk.iter().position(|&b| special(b)).map(|i| start + i);
        }
        start += CHUNK;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| special(b))
        .map(|i| start + i)
}

/// Where `://`, which ends a URL's scheme, starts in `bytes`.
pub(crate) fn scheme_ends(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b':', bytes).filter(|&at| bytes[at..].starts_with(b"://"))
}

/// Where `www.`, which starts a URL without a scheme, starts in `bytes`.
pub(crate) fn www_starts(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'w', bytes).filter(|&at| bytes[at..].starts_with(b"www."))
}

/// Two spaces.
pub(crate) static DOUBLE_SPACE: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"  "));

/// Where the first ASCII digit or CJK lead byte (E3–E9, where CJK
/// numerals start) of `bytes` is: eight bytes at a time, each word tested
/// for both kinds of byte at once (SWAR), without a branch per byte.
pub(crate) fn find_number_start(bytes: &[u8]) -> Option<usize> {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const fn each(b: u8) -> u64 {
        0x0101_0101_0101_0101 * b as u64
    }
    let mut words = bytes.chunks_exact(8);
    let mut start = 0;
    for word in &mut words {
        let x = u64::from_le_bytes(word.try_into().unwrap_or_default());
        // Each byte's low seven bits plus a constant sets its top bit
        // exactly when they reach a bound, with no carry between bytes.
        let low = x & LOW;
        let at_least = |bound: u8| low + each(0x80 - bound);
        let above = |bound: u8| low + each(0x7f - bound);
        let digits = at_least(b'0') & !above(b'9') & !x;
        let cjk = at_least(0xe3 & 0x7f) & !above(0xe9 & 0x7f) & x;
        let found = (digits | cjk) & HIGH;
        if found != 0 {
            return Some(start + found.trailing_zeros() as usize / 8);
        }
        start += 8;
    }
    words
        .remainder()
        .iter()
        .position(|&b| b.is_ascii_digit() || (0xe3..=0xe9).contains(&b))
        .map(|k| start + k)
}

/// Letters and digits, the part of a text's length that translation
/// carries; CJK characters count double, as they carry more.
///
/// Counted from the bytes: ASCII letters and digits, and every other
/// character (a few punctuation marks among them, which the ratio
/// tolerates), characters of three-byte scripts from U+3000 on (CJK,
/// kana, hangul) twice.
pub(crate) fn letters(text: &str) -> usize {
    // Sixteen bytes at a time into byte counters (at most 2 a byte, so a
    // lane holds 127 rounds), written branch-free so that the compiler
    // keeps it on vector registers.
    let weight = |b: u8| -> u8 {
        let alphanumeric = ((b | 0x20).wrapping_sub(b'a') < 26) | (b.wrapping_sub(b'0') < 10);
        u8::from(alphanumeric) + u8::from(b >= 0xc0) + u8::from(b.wrapping_sub(0xe3) < 11)
    };
    let bytes = text.as_bytes();
    let mut total = 0usize;
    for block in bytes.chunks(16 * 127) {
        let mut lanes = [0u8; 16];
        let mut rows = block.chunks_exact(16);
        for row in &mut rows {
            for (lane, &b) in lanes.iter_mut().zip(row) {
                *lane += weight(b);
            }
        }
        total += lanes.iter().map(|&l| usize::from(l)).sum::<usize>();
        total += rows
            .remainder()
            .iter()
            .map(|&b| usize::from(weight(b)))
            .sum::<usize>();
    }
    total
}

/// Whether some word has both an ASCII letter and a Cyrillic one (lead
/// bytes D0–D4), word by word over the bytes: other characters end words
/// (a Latin letter with a diacritic in a Cyrillic word is left to the
/// careful pass, which it reaches only beside an ASCII one).
pub(crate) fn has_mixed_word(bytes: &[u8]) -> bool {
    // A word with both kinds of letters has a place where one kind meets
    // the other, or meets a joiner (an apostrophe, a combining mark: lead
    // bytes CC, CD) that may lead to the other. Such places are looked for
    // first, three bytes at a time, in one branch-free (vectorised) pass;
    // most text has none.
    let latin = |b: u8| (b | 0x20).wrapping_sub(b'a') < 26;
    let cyrillic_lead = |b: u8| b.wrapping_sub(0xd0) < 5;
    let joiner = |b: u8| (b == b'\'') | (b.wrapping_sub(0xcc) < 2);
    let meeting = bytes
        .iter()
        .zip(&bytes[1.min(bytes.len())..])
        .zip(&bytes[2.min(bytes.len())..])
        .fold(false, |found, ((&a, &b), &c)| {
            let latin_then = latin(a) & (cyrillic_lead(b) | joiner(b));
            let cyrillic_then =
                cyrillic_lead(a) & (b.wrapping_sub(0x80) < 0x40) & (latin(c) | joiner(c));
            found | latin_then | cyrillic_then
        });
    // The last two bytes, which the triples above end before.
    let tail = bytes.len() >= 2
        && latin(bytes[bytes.len() - 2])
        && (cyrillic_lead(bytes[bytes.len() - 1]) || joiner(bytes[bytes.len() - 1]));
    (meeting || tail) && scan_for_mixed_word(bytes)
}

/// [`has_mixed_word`] word by word.
fn scan_for_mixed_word(bytes: &[u8]) -> bool {
    let (mut latin, mut cyrillic) = (false, false);
    let mut k = 0;
    while k < bytes.len() {
        let b = bytes[k];
        if b.is_ascii_alphabetic() || b == b'\'' {
            latin |= b != b'\'';
            k += 1;
        } else if (0xd0..=0xd4).contains(&b) {
            cyrillic = true;
            k += 2;
        } else if b == 0xcc || b == 0xcd {
            // Combining marks (U+0300–U+036F) belong to their word.
            k += 2;
        } else {
            if latin && cyrillic {
                return true;
            }
            latin = false;
            cyrillic = false;
            k += 1;
        }
    }
    latin && cyrillic
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`find_byte`] as a plain search.
    fn find_byte_by_position(bytes: &[u8], special: impl Fn(u8) -> bool) -> Option<usize> {
        bytes.iter().position(|&b| special(b))
    }

    proptest::proptest! {
        #[test]
        fn find_byte_finds_what_a_plain_search_finds(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..100),
            needle in proptest::num::u8::ANY,
        ) {
            let special = |b: u8| b == needle || b < 0x09;
            proptest::prop_assert_eq!(find_byte(&bytes, special), find_byte_by_position(&bytes, special));
        }
        #[test]
        fn letters_counted_from_bytes_as_from_characters(text in "\\PC{0,300}") {
            let by_characters: usize = text
                .chars()
                .map(|c| match c {
                    c if c.is_ascii_alphanumeric() => 1,
                    c if c.is_ascii() => 0,
                    '\u{3000}'..='\u{d7ff}' => 2,
                    _ => 1,
                })
                .sum();
            proptest::prop_assert_eq!(letters(&text), by_characters);
        }
    }

    proptest::proptest! {
        #[test]
        fn number_starts_found_a_word_at_a_time_as_byte_by_byte(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..40)
        ) {
            let expected = bytes
                .iter()
                .position(|&b| b.is_ascii_digit() || (0xe3..=0xe9).contains(&b));
            proptest::prop_assert_eq!(find_number_start(&bytes), expected);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        #[test]
        fn the_vector_pass_finds_every_mixed_word(
            text in "([aZ'я\u{416}\u{301}é«» .-]|ab|жы){0,40}"
        ) {
            let bytes = text.as_bytes();
            proptest::prop_assert_eq!(has_mixed_word(bytes), scan_for_mixed_word(bytes));
        }
    }
}
