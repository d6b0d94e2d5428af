//! Searches the checks run over every paragraph, made cheap for short
//! texts: a vectorised searcher costs more to build than to run over one
//! paragraph, so the ones needed are built once, and needles that start
//! with a rare byte are found by that byte.

use std::sync::LazyLock;

use memchr::memmem::Finder;

/// Two spaces.
pub(crate) static DOUBLE_SPACE: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"  "));
