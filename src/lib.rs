//! bitext keeps translated documents — an original-language text and its
//! translation — as paragraph-aligned records in plain files, so that
//! translators can compare revisions, editors can audit changes, and CI can
//! refuse misaligned or damaged translations.
//!
//! # The model
//!
//! A *corpus* ([`Corpus`]) is a folder with `bitext.toml` ([`Config`]) and
//! a `translations/` folder of *documents*. A [`Document`] is catalogue
//! metadata plus an ordered list of [`Paragraph`]s; each paragraph is one
//! aligned row with a stable id, a *source* text (the original) and a
//! *target* text (the translation), either of which may be missing. Two
//! axes never mix: language is source/target, time is old/new.
//!
//! A document is stored as `translations/<id>.toml`, written canonically
//! ([`Document::to_canonical_string`]): the same content always gives the
//! same bytes, all text is NFC with `\n` line ends ([`normalize_text`]),
//! and metadata this version does not know is kept, not dropped.
//!
//! # The parts
//!
//! The layers run one way: the document format at the bottom, then the
//! checks, the configuration, the corpus, the history, and the renderers
//! on top; the command line is a thin crate of its own over them.
//!
//! - [`document`]: the model and its canonical file, alone: the one
//!   declaration of its fields, the writer, both readers, safe file I/O.
//! - [`import`]: archive exports, plain text, HTML and PO in, documents
//!   out, finding paragraphs and undoing page-break splits
//!   ([`split_paragraphs`], [`join_page_breaks`]).
//! - [`interchange`]: XLIFF 2 and 1.2, TMX, PO, CSV and TSV out and back
//!   in, by paragraph id, with the translation's state.
//! - [`align`]: pairing an original's paragraphs with its translation's,
//!   with a confidence for each pair, anchored on the same [`numbers`],
//!   [`urls`] and [`emails`] the checks compare.
//! - [`diff`]: what changed between two versions of a document, paragraph
//!   by paragraph and word by word.
//! - [`merge`]: three-way merges of a document by paragraph id, with
//!   conflicts recorded as data (git's merge driver).
//! - [`check`]: rules over documents that yield findings.
//! - [`corpus`]: the folder; [`history`]: its revisions in git (commit,
//!   log, blame, documents at a revision, checking a revision);
//!   [`status`]: what is changed, stale or missing. These two need the
//!   `history` feature (on by default), which brings libgit2.
//! - [`tools`]: searching a corpus's texts, counting what it holds, and
//!   undoing a join an import recorded.
//! - [`render`]: every model as people and machines read it — text,
//!   side-by-side, HTML, JSON, SARIF, JUnit, GitHub annotations.
//!
//! The library never prints and never exits; errors are [`Error`] values
//! that name the file and the place.
//!
//! ```
//! use bitext::{Document, DocumentId, Paragraph};
//!
//! let mut doc = Document::new(DocumentId::new("udhr-1").unwrap());
//! doc.paragraphs.push(Paragraph::new(
//!     "p1",
//!     Some("Все люди рождаются свободными".into()),
//!     Some("All human beings are born free".into()),
//! ));
//! let text = doc.to_canonical_string();
//! let (read, _) = bitext::document::parse_document(&text).unwrap();
//! assert_eq!(read, doc);
//! assert_eq!(read.to_canonical_string(), text);
//! ```

pub mod address;
pub mod align;
pub mod check;
#[cfg(feature = "history")]
pub mod cite;
mod config;
pub mod corpus;
mod date;
pub mod diff;
pub mod document;
mod error;
mod find;
mod hash;
#[cfg(feature = "history")]
pub mod history;
pub mod import;
pub mod interchange;
mod language;
pub mod merge;
mod normalize;
mod paragraphs;
mod parallel;
pub mod render;
mod scan;
#[cfg(feature = "history")]
pub mod status;
pub mod tools;

pub use config::{Config, Limits, CONFIG_FILE};
pub use corpus::Corpus;
pub use date::{is_iso_date, parse_date, parse_rfc3339, rfc3339, today};
pub use document::{Document, DocumentId, Paragraph, ParagraphId, Side};
pub use error::{Error, InvalidId, ParseError, ParseErrorKind, Result};
pub use find::{emails, numbers, urls};
pub use language::{is_well_formed_tag, name_for_tag, tag_for_name};
pub use normalize::{
    decode, encoding_for_label, is_nfc, is_normalized, normalize_text, DecodeError,
};
pub use paragraphs::{
    ends_mid_sentence, join_page_breaks, keeps_line_breaks, split_paragraphs, starts_lower_case,
    TextParagraph, MIN_WRAP_WIDTH, SHORT_LINE,
};
