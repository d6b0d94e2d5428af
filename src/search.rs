//! Substring searchers built once: building a vectorised searcher costs
//! more than running it over one paragraph, and the checks run it over
//! every paragraph.

use std::sync::LazyLock;

use memchr::memmem::Finder;

/// `://`, which ends a URL's scheme.
pub(crate) static SCHEME_END: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"://"));

/// `www.`, which starts a URL without a scheme.
pub(crate) static WWW: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"www."));

/// Two spaces.
pub(crate) static DOUBLE_SPACE: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(b"  "));
