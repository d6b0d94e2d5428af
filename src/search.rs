//! Searches the checks run over every paragraph, made cheap for short
//! texts: a vectorised searcher costs more to build than to run over one
//! paragraph, so the ones needed are built once, and needles that start
//! with a rare byte are found by that byte.

use std::sync::LazyLock;

use memchr::memmem::Finder;

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
