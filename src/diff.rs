//! Revision diffs: what changed in a document between an old and a new
//! version, paragraph by paragraph and word by word.
//!
//! Paragraphs are matched by id, never by position, so inserting a
//! paragraph does not make every later one look changed. Each changed text
//! is compared word by word — words as Unicode defines them (UAX #29), so
//! Chinese and Japanese are compared character by character — and where
//! one word replaces another, a second, character-level pass shows a fixed
//! typo as the letters that changed. The diff is data ([`DocumentDiff`]);
//! renderers (`crate::render::diff`) turn it into text or HTML, and it serialises to JSON
//! as `{"id","status","metadata":[…],"paragraphs":[{"id","status",
//! "source":[{"tag","text"}],"target":[…]}]}`).
//!
//! Invariant: concatenating the `equal` and `delete` spans of a text gives
//! the old text, the `equal` and `insert` spans the new one.

use std::time::{Duration, Instant};

use serde::Serialize;
use similar::{capture_diff_slices_deadline, Algorithm, DiffOp};
use unicode_segmentation::UnicodeSegmentation;

use crate::document::blocks::{join_blocks, paragraph_blocks, Blocks};
use crate::document::{Document, Paragraph, Side};
use crate::hash::{HashMap, HashSet};

/// How long one text's diff may take before it settles for a coarser one.
const DEADLINE: Duration = Duration::from_millis(500);

/// What a span of text did between old and new.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tag {
    /// In both.
    Equal,
    /// Only in the old text.
    Delete,
    /// Only in the new text.
    Insert,
}

/// A run of text with what happened to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    /// What happened.
    pub tag: Tag,
    /// The text.
    pub text: String,
}

/// What happened to a document or paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// New.
    Added,
    /// Gone.
    Removed,
    /// Its text changed (for a document: anything in it).
    Modified,
    /// Its texts are the same but its place among the paragraphs changed.
    Moved,
    /// Its texts are the same; other values of its record changed — a
    /// flag, a comment, a confirmation, a suppression.
    Values,
}

impl Status {
    /// `"added"`, `"removed"`, `"modified"`, `"moved"` or `"values"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Added => "added",
            Status::Removed => "removed",
            Status::Modified => "modified",
            Status::Moved => "moved",
            Status::Values => "values",
        }
    }

    /// As people read it: `"values changed"` for [`Status::Values`].
    pub fn label(self) -> &'static str {
        match self {
            Status::Values => "values changed",
            other => other.as_str(),
        }
    }

    /// Whether a text was added, removed or changed: what history follows
    /// (`log --paragraph`, the commit trailers, blame).
    pub fn changes_text(self) -> bool {
        matches!(self, Status::Added | Status::Removed | Status::Modified)
    }
}

/// A changed metadata value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetadataChange {
    /// The key, e.g. `title` or `citation.url`.
    pub key: String,
    /// The old value, if there was one.
    pub old: Option<String>,
    /// The new value, if there is one.
    pub new: Option<String>,
}

/// A changed paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParagraphDiff {
    /// The paragraph id.
    pub id: String,
    /// What happened to it.
    pub status: Status,
    /// The source text's spans (empty when it has none, old or new).
    pub source: Vec<Span>,
    /// The target text's spans.
    pub target: Vec<Span>,
    /// The paragraph's other values that changed: `context`, plural
    /// forms, `flags`, comments, `confirmed`…
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<MetadataChange>,
}

/// What changed in one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentDiff {
    /// The document id.
    pub id: String,
    /// Added, removed or modified.
    pub status: Status,
    /// Changed metadata values.
    pub metadata: Vec<MetadataChange>,
    /// Changed paragraphs, in the new document's order, removed ones where
    /// they stood.
    pub paragraphs: Vec<ParagraphDiff>,
}

/// Compares two versions of a document; `None` when nothing changed. A
/// missing old version is an added document, a missing new one removed.
pub fn diff_documents(old: Option<&Document>, new: Option<&Document>) -> Option<DocumentDiff> {
    let (status, id) = match (old, new) {
        (None, None) => return None,
        (None, Some(new)) => (Status::Added, new.id.to_string()),
        (Some(old), None) => (Status::Removed, old.id.to_string()),
        (Some(old), Some(_)) => (Status::Modified, old.id.to_string()),
    };
    let metadata = diff_metadata(old, new);
    let empty: [Paragraph; 0] = [];
    let old_paragraphs = old.map_or(&empty[..], |d| &d.paragraphs[..]);
    let new_paragraphs = new.map_or(&empty[..], |d| &d.paragraphs[..]);
    let paragraphs = diff_paragraphs(old_paragraphs, new_paragraphs);
    if status == Status::Modified && metadata.is_empty() && paragraphs.is_empty() {
        return None;
    }
    Some(DocumentDiff {
        id,
        status,
        metadata,
        paragraphs,
    })
}

/// Compares two versions of a document file, as [`diff_documents`] does
/// with both read, but reading only the paragraphs whose bytes in the
/// file changed: in a revision of a long document nearly all are the same,
/// and reading them is most of the work. Files not cut the way the
/// canonical writer cuts them, and diffs that would need an unchanged
/// paragraph's text (a moved paragraph), are read whole. `read_old` and
/// `read_new` read a version's bytes and report errors in the caller's
/// terms.
///
/// An unchanged paragraph is not read, so an error inside one that is the
/// same in both versions goes unreported here; the checks report it.
pub fn diff_document_files<E>(
    old: &[u8],
    new: &[u8],
    read_old: impl Fn(&[u8]) -> Result<Document, E>,
    read_new: impl Fn(&[u8]) -> Result<Document, E>,
) -> Result<Option<DocumentDiff>, E> {
    let whole = || -> Result<Option<DocumentDiff>, E> {
        Ok(diff_documents(Some(&read_old(old)?), Some(&read_new(new)?)))
    };
    let (
        Some(Blocks {
            header: old_header,
            paragraphs: old_blocks,
        }),
        Some(Blocks {
            header: new_header,
            paragraphs: new_blocks,
        }),
    ) = (paragraph_blocks(old), paragraph_blocks(new))
    else {
        return whole();
    };
    let old_by_id: HashMap<&str, &[u8]> = old_blocks.iter().copied().collect();
    let new_by_id: HashMap<&str, &[u8]> = new_blocks.iter().copied().collect();
    if old_by_id.len() != old_blocks.len() || new_by_id.len() != new_blocks.len() {
        // Duplicate ids: for the full reader to report.
        return whole();
    }
    let unchanged =
        |id: &str, block: &[u8], other: &HashMap<&str, &[u8]>| other.get(id) == Some(&block);
    // Each version: its header and the paragraphs that changed, read
    // together; the unchanged ones stand in as bare ids. Any error is left
    // to reading the whole file, to be reported at its place in the file.
    let read = |header: &[u8],
                blocks: &[(&str, &[u8])],
                other: &HashMap<&str, &[u8]>,
                read: &dyn Fn(&[u8]) -> Result<Document, E>|
     -> Option<Document> {
        let changed = blocks
            .iter()
            .filter(|(id, block)| !unchanged(id, block, other))
            .map(|&(_, block)| block);
        let bytes = join_blocks(header, changed);
        let mut document = read(&bytes).ok()?;
        let count = document.paragraphs.len();
        let mut parsed: HashMap<String, Paragraph> = document
            .paragraphs
            .drain(..)
            .map(|p| (p.id.to_string(), p))
            .collect();
        if parsed.len() != count {
            return None;
        }
        for (id, block) in blocks {
            let paragraph = if unchanged(id, block, other) {
                Paragraph::new(*id, None, None)
            } else {
                parsed.remove(*id)?
            };
            document.paragraphs.push(paragraph);
        }
        // A paragraph the cutting did not see (a table written another
        // way) sends the file to be read whole.
        parsed.is_empty().then_some(document)
    };
    let (Some(old_doc), Some(new_doc)) = (
        read(old_header, &old_blocks, &new_by_id, &read_old),
        read(new_header, &new_blocks, &old_by_id, &read_new),
    ) else {
        return whole();
    };
    let diff = diff_documents(Some(&old_doc), Some(&new_doc));
    let stands_in = |id: &str| match (old_by_id.get(id), new_by_id.get(id)) {
        (Some(o), Some(n)) => o == n,
        _ => false,
    };
    if diff
        .as_ref()
        .is_some_and(|d| d.paragraphs.iter().any(|p| stands_in(&p.id)))
    {
        return whole();
    }
    Ok(diff)
}

fn diff_metadata(old: Option<&Document>, new: Option<&Document>) -> Vec<MetadataChange> {
    let values = |doc: Option<&Document>| doc.map(Document::metadata_values).unwrap_or_default();
    changes(&values(old), &values(new))
}

/// The keys whose values differ between two lists of `(key, value)`, in
/// key order.
fn changes(
    old_fields: &[(String, Option<String>)],
    new_fields: &[(String, Option<String>)],
) -> Vec<MetadataChange> {
    let mut keys: Vec<&String> = old_fields
        .iter()
        .chain(new_fields)
        .map(|(k, _)| k)
        .collect();
    keys.sort();
    keys.dedup();
    let value = |fields: &[(String, Option<String>)], key: &str| {
        fields
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| v.clone())
    };
    keys.into_iter()
        .filter_map(|key| {
            let (o, n) = (value(old_fields, key), value(new_fields, key));
            (o != n).then(|| MetadataChange {
                key: key.clone(),
                old: o,
                new: n,
            })
        })
        .collect()
}

fn diff_paragraphs(old: &[Paragraph], new: &[Paragraph]) -> Vec<ParagraphDiff> {
    // Ids to positions, once: documents run to thousands of paragraphs.
    let (old_at, new_at) = (positions(old), positions(new));
    // Order of the paragraphs both versions have, to tell moves apart: a
    // paragraph moved when it is out of the longest run kept in order.
    let in_order: HashSet<&str> = kept_in_order(&common(old, &new_at), &common(new, &old_at))
        .into_iter()
        .collect();

    let mut diffs = Vec::new();
    let removed_before = |diffs: &mut Vec<ParagraphDiff>, upto: usize, done: &mut usize| {
        while *done < upto {
            let p = &old[*done];
            if !new_at.contains_key(p.id.as_str()) {
                diffs.push(ParagraphDiff {
                    id: p.id.to_string(),
                    status: Status::Removed,
                    source: whole(Tag::Delete, p.source.as_deref()),
                    target: whole(Tag::Delete, p.target.as_deref()),
                    fields: Vec::new(),
                });
            }
            *done += 1;
        }
    };
    let mut old_done = 0;
    for p in new {
        let Some(&k) = old_at.get(p.id.as_str()) else {
            diffs.push(ParagraphDiff {
                id: p.id.to_string(),
                status: Status::Added,
                source: whole(Tag::Insert, p.source.as_deref()),
                target: whole(Tag::Insert, p.target.as_deref()),
                fields: Vec::new(),
            });
            continue;
        };
        removed_before(&mut diffs, k, &mut old_done);
        let before = &old[k];
        // The same record but for its id means the same paragraph; nearly
        // all paragraphs are, and are never diffed.
        let same = before == p;
        let moved = !in_order.contains(p.id.as_str());
        if !same || moved {
            let mut fields = if same {
                Vec::new()
            } else {
                diff_fields(before, p)
            };
            let changed = !before.same_texts(p);
            if !same && !changed && fields.is_empty() {
                // Values that differ but read the same (a confirmation of
                // other earlier texts): still a change, never a move.
                fields.push(MetadataChange {
                    key: "record".to_owned(),
                    old: Some("as before".to_owned()),
                    new: Some("values that read the same changed".to_owned()),
                });
            }
            diffs.push(ParagraphDiff {
                id: p.id.to_string(),
                status: if changed {
                    Status::Modified
                } else if !fields.is_empty() {
                    Status::Values
                } else {
                    Status::Moved
                },
                source: diff_side(before, p, Side::Source),
                target: diff_side(before, p, Side::Target),
                fields,
            });
        }
    }
    removed_before(&mut diffs, old.len(), &mut old_done);
    diffs
}

/// The values that differ between two versions of a paragraph, besides
/// its texts: every field the record declares.
fn diff_fields(old: &Paragraph, new: &Paragraph) -> Vec<MetadataChange> {
    let values = |p: &Paragraph| -> Vec<(String, Option<String>)> {
        p.field_values()
            .into_iter()
            .filter(|(key, _)| !matches!(key.as_str(), "source" | "target"))
            .map(|(key, value)| (key, Some(value)))
            .collect()
    };
    changes(&values(old), &values(new))
}

fn positions(list: &[Paragraph]) -> HashMap<&str, usize> {
    list.iter()
        .enumerate()
        .map(|(k, p)| (p.id.as_str(), k))
        .collect()
}

/// The ids of `list` that `other` has too, in `list`'s order.
fn common<'a>(list: &'a [Paragraph], other: &HashMap<&str, usize>) -> Vec<&'a str> {
    list.iter()
        .map(|p| p.id.as_str())
        .filter(|id| other.contains_key(id))
        .collect()
}

/// The ids of the longest subsequence that both orders share.
fn kept_in_order<'a>(old: &[&'a str], new: &[&'a str]) -> Vec<&'a str> {
    let ops =
        capture_diff_slices_deadline(Algorithm::Myers, old, new, Some(Instant::now() + DEADLINE));
    let mut kept = Vec::new();
    for op in ops {
        if let DiffOp::Equal { old_index, len, .. } = op {
            kept.extend_from_slice(&old[old_index..old_index + len]);
        }
    }
    kept
}

fn whole(tag: Tag, text: Option<&str>) -> Vec<Span> {
    text.filter(|t| !t.is_empty())
        .map(|text| {
            vec![Span {
                tag,
                text: text.to_owned(),
            }]
        })
        .unwrap_or_default()
}

fn diff_side(old: &Paragraph, new: &Paragraph, side: Side) -> Vec<Span> {
    match (old.text(side), new.text(side)) {
        (None, None) => Vec::new(),
        (old, new) => diff_text(old.unwrap_or(""), new.unwrap_or("")),
    }
}

/// Spans inline, each deleted run between the `delete` pair of markers and
/// each inserted run between the `insert` pair, every text passed through
/// `show` first.
pub fn mark<'t>(
    spans: &'t [Span],
    delete: (&str, &str),
    insert: (&str, &str),
    show: impl Fn(&'t str) -> std::borrow::Cow<'t, str>,
) -> String {
    let mut out = String::new();
    for span in spans {
        let (before, after) = match span.tag {
            Tag::Equal => ("", ""),
            Tag::Delete => delete,
            Tag::Insert => insert,
        };
        out.push_str(before);
        out.push_str(&show(&span.text));
        out.push_str(after);
    }
    out
}

/// A word-level diff of two texts, with a character-level pass where one
/// word replaces another.
///
/// ```
/// use bitext::diff::{diff_text, new_text, old_text};
/// use bitext::render::diff::{inline, Markers};
/// let spans = diff_text("the war in Koera", "the war in Korea");
/// assert_eq!(inline(&spans, &Markers::PLAIN), "the war in Ko{+r+}e[-r-]a");
/// assert_eq!(old_text(&spans), "the war in Koera");
/// assert_eq!(new_text(&spans), "the war in Korea");
/// ```
pub fn diff_text(old: &str, new: &str) -> Vec<Span> {
    // Text both share at the start and end, cut back to a space so that no
    // word is split, is equal without being cut into words: a revision
    // changes a few words of a long paragraph.
    let (head, tail) = shared_ends(old, new);
    let mut spans = Vec::new();
    push(&mut spans, Tag::Equal, &old[..head]);
    let (old_mid, new_mid) = (&old[head..old.len() - tail], &new[head..new.len() - tail]);
    diff_words(old_mid, new_mid, &mut spans);
    push(&mut spans, Tag::Equal, &old[old.len() - tail..]);
    spans
}

/// The lengths in bytes of the text two different strings share at their
/// start, up to just after a space or line break, and at their end, from a
/// space or line break on; the two do not overlap. Cut there, no word (and
/// no character) is split.
fn shared_ends(old: &str, new: &str) -> (usize, usize) {
    if old == new {
        return (old.len(), 0);
    }
    let (a, b) = (old.as_bytes(), new.as_bytes());
    let is_break = |c: &u8| *c == b' ' || *c == b'\n';
    let common = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let head = a[..common].iter().rposition(is_break).map_or(0, |i| i + 1);
    let rest = a.len().min(b.len()) - head;
    let common = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(rest)
        .take_while(|(x, y)| x == y)
        .count();
    let tail = a[a.len() - common..]
        .iter()
        .position(is_break)
        .map_or(0, |i| common - i);
    (head, tail)
}

/// The words of a text and what lies between them, as Unicode word
/// boundaries give them, with a date, a time or a hyphenated word kept as
/// one token (`2022-05-17`, `10:30`, `Anglo-American`): a reader sees it
/// replaced whole.
fn tokens(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    let alphanumeric = |t: &str| t.chars().next().is_some_and(char::is_alphanumeric);
    let mut pieces = text.split_word_bound_indices().peekable();
    while let Some((start, piece)) = pieces.next() {
        let mut end = start + piece.len();
        if alphanumeric(piece) {
            // A joiner between two alphanumeric pieces joins them.
            loop {
                let rest = &text[end..];
                let joiner = rest
                    .chars()
                    .next()
                    .filter(|c| matches!(c, '-' | '/' | ':' | '‐' | '–'));
                let Some(joiner) = joiner else { break };
                let after = &rest[joiner.len_utf8()..];
                let next = after.split_word_bounds().next().unwrap_or("");
                let digits = |t: &str| t.chars().all(|c| c.is_ascii_digit());
                // The part of the token since its last joiner.
                let last = text[start..end]
                    .rsplit(['-', '/', ':', '‐', '–'])
                    .next()
                    .unwrap_or("");
                let hyphen = matches!(joiner, '-' | '‐');
                let joins = alphanumeric(next) && (hyphen || (digits(next) && digits(last)));
                if !joins {
                    break;
                }
                end += joiner.len_utf8() + next.len();
                // Skip the pieces now inside the token.
                while pieces.peek().is_some_and(|(at, _)| *at < end) {
                    pieces.next();
                }
            }
        }
        out.push(&text[start..end]);
    }
    out
}

/// A run of the word diff: equal, or a change (old and new text).
enum Hunk {
    Equal(String),
    Change {
        old: String,
        new: String,
        tokens: (usize, usize),
    },
}

/// Appends the word-level diff of two texts: a word diff, then a clean-up
/// that turns a rewritten phrase into one replacement rather than an
/// alternation of words (an equal run no longer than the changes on both
/// sides of it joins them, as diff-match-patch's semantic clean-up does),
/// then a character diff inside a word only where one word is a typo of
/// the other.
fn diff_words(old: &str, new: &str, spans: &mut Vec<Span>) {
    let old_words = tokens(old);
    let new_words = tokens(new);
    let deadline = Some(Instant::now() + DEADLINE);
    let ops = capture_diff_slices_deadline(Algorithm::Patience, &old_words, &new_words, deadline);
    let mut hunks: Vec<Hunk> = Vec::new();
    for op in ops {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        let (old_text, new_text) = (
            old_words[old_range.clone()].concat(),
            new_words[new_range.clone()].concat(),
        );
        if tag == similar::DiffTag::Equal {
            hunks.push(Hunk::Equal(old_text));
            continue;
        }
        let counts = (old_range.len(), new_range.len());
        match hunks.last_mut() {
            Some(Hunk::Change { old, new, tokens }) => {
                old.push_str(&old_text);
                new.push_str(&new_text);
                tokens.0 += counts.0;
                tokens.1 += counts.1;
            }
            _ => hunks.push(Hunk::Change {
                old: old_text,
                new: new_text,
                tokens: counts,
            }),
        }
    }
    clean_up(&mut hunks);
    for hunk in hunks {
        match hunk {
            Hunk::Equal(text) => push(spans, Tag::Equal, &text),
            Hunk::Change { old, new, tokens } => {
                if tokens == (1, 1) && is_typo(&old, &new) {
                    for span in diff_chars(&old, &new) {
                        push(spans, span.tag, &span.text);
                    }
                } else {
                    push(spans, Tag::Delete, &old);
                    push(spans, Tag::Insert, &new);
                }
            }
        }
    }
}

/// Joins two changes across the equal run between them, which holds no
/// line break, when that run is no longer (in characters) than either
/// change (diff-match-patch's rule), or when it is one word no longer than
/// one of them and the two are not both typos: a rewritten sentence then
/// reads as phrases replaced, not as words alternating.
fn clean_up(hunks: &mut Vec<Hunk>) {
    let size = |h: &Hunk| match h {
        Hunk::Change { old, new, .. } => old.chars().count().max(new.chars().count()),
        Hunk::Equal(_) => 0,
    };
    let typo = |h: &Hunk| match h {
        Hunk::Change { old, new, tokens } => *tokens == (1, 1) && is_typo(old, new),
        Hunk::Equal(_) => false,
    };
    let mut k = 1;
    while k + 1 < hunks.len() {
        let joins = match (&hunks[k - 1], &hunks[k], &hunks[k + 1]) {
            (left @ Hunk::Change { .. }, Hunk::Equal(text), right @ Hunk::Change { .. }) => {
                let len = text.trim().chars().count();
                let one_word = text.split_whitespace().count() <= 1;
                let (left_size, right_size) = (size(left), size(right));
                !text.contains('\n')
                    && ((len <= left_size && len <= right_size)
                        || (one_word
                            && len <= left_size.max(right_size)
                            && !(typo(left) && typo(right))))
            }
            _ => false,
        };
        if !joins {
            k += 1;
            continue;
        }
        let right = hunks.remove(k + 1);
        let Hunk::Equal(between) = hunks.remove(k) else {
            unreachable!("checked above")
        };
        if let (
            Hunk::Change { old, new, tokens },
            Hunk::Change {
                old: right_old,
                new: right_new,
                tokens: right_tokens,
            },
        ) = (&mut hunks[k - 1], right)
        {
            old.push_str(&between);
            old.push_str(&right_old);
            new.push_str(&between);
            new.push_str(&right_new);
            // More than one word now: never refined by character.
            tokens.0 += right_tokens.0 + 1;
            tokens.1 += right_tokens.1 + 1;
        }
        // The joined change may now join its left neighbour too.
        k = k.saturating_sub(1).max(1);
    }
}

/// Whether one word is a typo of the other, so that a character diff
/// reads better than replacing it: a word (no digits: numbers and dates
/// are replaced whole) of at least four letters, with at most two
/// characters, or a quarter of it, changed.
fn is_typo(old: &str, new: &str) -> bool {
    let word = |w: &str| w.chars().count() >= 4 && w.chars().all(char::is_alphabetic);
    word(old) && word(new) && similar_enough(old, new)
}

/// Whether one word is a small edit of the other — a typo fixed, a letter
/// changed — so that a character diff reads better than replacing the
/// word: at most two characters, or a quarter of the word, changed.
fn similar_enough(old: &str, new: &str) -> bool {
    let changed: usize = diff_chars(old, new)
        .iter()
        .filter(|s| s.tag != Tag::Equal)
        .map(|s| s.text.chars().count())
        .sum();
    let longest = old.chars().count().max(new.chars().count());
    changed <= (longest / 4).max(2)
}

fn diff_chars(old: &str, new: &str) -> Vec<Span> {
    let old_chars: Vec<&str> = old.graphemes(true).collect();
    let new_chars: Vec<&str> = new.graphemes(true).collect();
    let ops = capture_diff_slices_deadline(
        Algorithm::Myers,
        &old_chars,
        &new_chars,
        Some(Instant::now() + DEADLINE),
    );
    let mut spans = Vec::new();
    for op in ops {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        {
            match tag {
                similar::DiffTag::Equal => {
                    push(&mut spans, Tag::Equal, &old_chars[old_range].concat())
                }
                similar::DiffTag::Delete => {
                    push(&mut spans, Tag::Delete, &old_chars[old_range].concat())
                }
                similar::DiffTag::Insert => {
                    push(&mut spans, Tag::Insert, &new_chars[new_range].concat())
                }
                similar::DiffTag::Replace => {
                    push(&mut spans, Tag::Delete, &old_chars[old_range].concat());
                    push(&mut spans, Tag::Insert, &new_chars[new_range].concat());
                }
            }
        }
    }
    spans
}

/// Appends a span, merging it with the last one when the tags agree.
fn push(spans: &mut Vec<Span>, tag: Tag, text: &str) {
    if text.is_empty() {
        return;
    }
    match spans.last_mut() {
        Some(last) if last.tag == tag => last.text.push_str(text),
        _ => spans.push(Span {
            tag,
            text: text.to_owned(),
        }),
    }
}

/// The old text of a list of spans (`equal` + `delete`).
pub fn old_text(spans: &[Span]) -> String {
    spans
        .iter()
        .filter(|s| s.tag != Tag::Insert)
        .map(|s| s.text.as_str())
        .collect()
}

/// The new text of a list of spans (`equal` + `insert`).
pub fn new_text(spans: &[Span]) -> String {
    spans
        .iter()
        .filter(|s| s.tag != Tag::Delete)
        .map(|s| s.text.as_str())
        .collect()
}

/// Counts for `--stat`: paragraphs changed, words deleted and inserted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Stat {
    /// Changed, added, removed or moved paragraphs.
    pub paragraphs: usize,
    /// Words (UAX #29, letters or digits) deleted.
    pub deleted: usize,
    /// Words inserted.
    pub inserted: usize,
}

impl DocumentDiff {
    /// How much changed.
    pub fn stat(&self) -> Stat {
        let words = |text: &str| text.unicode_words().count();
        let mut stat = Stat {
            paragraphs: self.paragraphs.len(),
            ..Stat::default()
        };
        for paragraph in &self.paragraphs {
            for span in paragraph.source.iter().chain(&paragraph.target) {
                match span.tag {
                    Tag::Delete => stat.deleted += words(&span.text),
                    Tag::Insert => stat.inserted += words(&span.text),
                    Tag::Equal => {}
                }
            }
        }
        stat
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::DocumentId;
    use proptest::prelude::*;

    fn marked(old: &str, new: &str) -> String {
        mark(
            &diff_text(old, new),
            ("[-", "-]"),
            ("{+", "+}"),
            std::borrow::Cow::Borrowed,
        )
    }

    #[test]
    fn a_date_or_a_number_is_replaced_whole() {
        assert_eq!(
            marked(
                "Released on 2022-05-17 in Oslo.",
                "Released on 2024-05-22 in Oslo."
            ),
            "Released on [-2022-05-17-]{+2024-05-22+} in Oslo."
        );
        assert_eq!(
            marked("It cost 1950 roubles", "It cost 1951 roubles"),
            "It cost [-1950-]{+1951+} roubles"
        );
        assert_eq!(
            marked("at 10:30 sharp", "at 11:30 sharp"),
            "at [-10:30-]{+11:30+} sharp"
        );
    }

    #[test]
    fn a_rewritten_phrase_is_one_replacement_and_a_typo_stays_a_typo() {
        assert_eq!(
            marked(
                "Как начинающий сопровождающий, вы должны прочитать это руководство.",
                "Начинающему сопровождающему рекомендуется прочитать это руководство."
            ),
            "[-Как начинающий сопровождающий, вы должны-]{+Начинающему сопровождающему рекомендуется+} прочитать это руководство."
        );
        assert_eq!(
            marked("the war in Koera", "the war in Korea"),
            "the war in Ko{+r+}e[-r-]a"
        );
        // A short word is replaced, not patched letter by letter.
        assert_eq!(
            marked("he is on it", "he is in it"),
            "he is [-on-]{+in+} it"
        );
    }

    fn doc(paragraphs: &[(&str, &str)]) -> Document {
        let mut d = Document::new(DocumentId::new("d").unwrap());
        for (id, target) in paragraphs {
            d.paragraphs
                .push(Paragraph::new(*id, None, Some((*target).to_owned())));
        }
        d
    }

    #[test]
    fn paragraphs_are_matched_by_id() {
        let old = doc(&[("p1", "One."), ("p2", "Two."), ("p3", "Three.")]);
        let new = doc(&[
            ("p1", "One."),
            ("p4", "Inserted."),
            ("p2", "Two!"),
            ("p3", "Three."),
        ]);
        let diff = diff_documents(Some(&old), Some(&new)).unwrap();
        let statuses: Vec<(&str, Status)> = diff
            .paragraphs
            .iter()
            .map(|p| (p.id.as_str(), p.status))
            .collect();
        assert_eq!(statuses, [("p4", Status::Added), ("p2", Status::Modified)]);
    }

    #[test]
    fn stat_counts_words() {
        let old = doc(&[("p1", "I received your telegram."), ("p2", "Two.")]);
        let new = doc(&[("p1", "I received your two telegrams."), ("p2", "Two.")]);
        let stat = diff_documents(Some(&old), Some(&new)).unwrap().stat();
        assert_eq!(
            stat,
            Stat {
                paragraphs: 1,
                deleted: 1,
                inserted: 2
            }
        );
    }

    #[test]
    fn moves_and_removals() {
        let old = doc(&[("p1", "One."), ("p2", "Two."), ("p3", "Three.")]);
        let new = doc(&[("p3", "Three."), ("p1", "One.")]);
        let diff = diff_documents(Some(&old), Some(&new)).unwrap();
        let statuses: Vec<(&str, Status)> = diff
            .paragraphs
            .iter()
            .map(|p| (p.id.as_str(), p.status))
            .collect();
        assert_eq!(statuses, [("p2", Status::Removed), ("p3", Status::Moved)]);
        assert!(diff_documents(Some(&old), Some(&old)).is_none());
    }

    proptest! {
        #[test]
        fn spans_rebuild_both_texts(old in "\\PC{0,80}", new in "\\PC{0,80}") {
            let spans = diff_text(&old, &new);
            prop_assert_eq!(old_text(&spans), old);
            prop_assert_eq!(new_text(&spans), new);
        }

        #[test]
        fn edits_of_real_words_rebuild_both_texts(
            words in prop::collection::vec(prop::sample::select(vec!["товарищ", "Пэн", "Дэхуай", "war", "Korea", "人人", "自由", ",", " ", "\n", "«", "»"]), 0..30),
            edits in prop::collection::vec((any::<prop::sample::Index>(), prop::sample::select(vec!["", "x", "войска", " "])), 0..5),
        ) {
            let old: String = words.concat();
            let mut new_words = words.clone();
            for (index, word) in edits {
                if !new_words.is_empty() {
                    let k = index.index(new_words.len());
                    new_words[k] = word;
                }
            }
            let new: String = new_words.concat();
            let spans = diff_text(&old, &new);
            prop_assert_eq!(old_text(&spans), old);
            prop_assert_eq!(new_text(&spans), new);
        }
    }
}
