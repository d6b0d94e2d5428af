//! A canonical file cut at its paragraph tables, without parsing it: what
//! lets a revision diff read only the paragraphs whose bytes changed.
//!
//! The cut is only trusted where the canonical writer's guarantees make it
//! right: every table starts with a line `[[paragraph]]` and a plain
//! `id = "…"` line, and no text holds a `[[paragraph]]` line inside a
//! `"""` or `'''` block. Anything else gives `None`, and the caller reads
//! the file whole.

use std::sync::OnceLock;

use memchr::memmem;

/// The line that starts every paragraph table of a canonical file.
pub const PARAGRAPH_TABLE: &[u8] = b"\n[[paragraph]]\n";

/// A file cut at its paragraph tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocks<'a> {
    /// The bytes before the first table: the metadata.
    pub header: &'a [u8],
    /// Each paragraph's id and its table's bytes after the table line.
    pub paragraphs: Vec<(&'a str, &'a [u8])>,
}

/// Searches for the paragraph table line and the delimiters of texts of
/// several lines, built once.
struct Finders {
    table: memmem::Finder<'static>,
    double: memmem::Finder<'static>,
    single: memmem::Finder<'static>,
}

fn finders() -> &'static Finders {
    static FINDERS: OnceLock<Finders> = OnceLock::new();
    FINDERS.get_or_init(|| Finders {
        table: memmem::Finder::new(PARAGRAPH_TABLE),
        double: memmem::Finder::new(b"\"\"\""),
        single: memmem::Finder::new(b"'''"),
    })
}

/// Cuts a file at its paragraph tables; `None` when a table does not
/// start with a plain `id = "…"` line, as the canonical writer makes it,
/// or a cut would fall inside a text.
pub fn paragraph_blocks(bytes: &[u8]) -> Option<Blocks<'_>> {
    let starts: Vec<usize> = finders().table.find_iter(bytes).collect();
    let header = &bytes[..starts.first().copied().unwrap_or(bytes.len())];
    if leaves_string_open(header) {
        return None;
    }
    let mut paragraphs = Vec::with_capacity(starts.len());
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(bytes.len());
        let block = &bytes[start + PARAGRAPH_TABLE.len()..end];
        // A table line inside a text that runs over several lines is not
        // a table: the text's opening delimiter is then left unclosed.
        if leaves_string_open(block) {
            return None;
        }
        let rest = block.strip_prefix(b"id = \"")?;
        let close = memchr::memchr(b'"', rest)?;
        let id = std::str::from_utf8(&rest[..close]).ok()?;
        if !rest[close..].starts_with(b"\"\n") || id.contains('\\') {
            return None;
        }
        paragraphs.push((id, block));
    }
    Some(Blocks { header, paragraphs })
}

/// Whether a piece of a file holds an odd number of `"""` or `'''`
/// delimiters, as one cut inside a text of several lines does. (The
/// canonical writer never puts a table line inside such a text; this
/// catches files written otherwise.)
fn leaves_string_open(bytes: &[u8]) -> bool {
    let odd = |finder: &memmem::Finder| finder.find_iter(bytes).count() % 2 == 1;
    odd(&finders().double) || odd(&finders().single)
}

/// The bytes of a file made of `header` and the given paragraph tables.
pub fn join_blocks<'a>(header: &[u8], tables: impl Iterator<Item = &'a [u8]>) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(header.len() + 1024);
    bytes.extend_from_slice(header);
    for table in tables {
        bytes.extend_from_slice(PARAGRAPH_TABLE);
        bytes.extend_from_slice(table);
    }
    bytes
}
