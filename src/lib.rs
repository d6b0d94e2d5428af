//! bitext keeps translated documents — an original-language text and its
//! translation — as paragraph-aligned records in plain files, so that
//! translators can compare revisions, editors can audit changes, and CI can
//! refuse misaligned or damaged translations.
//!
//! # The model
//!
//! A *corpus* ([`corpus::Corpus`]) is a folder with `bitext.toml` and a
//! `translations/` folder of *documents*. A [`Document`] is catalogue
//! metadata plus an ordered list of [`Paragraph`]s; each paragraph is one
//! aligned row with a stable id, a *source* text (the original) and a
//! *target* text (the translation), either of which may be missing. Two
//! axes never mix: language is source/target, time is old/new.
//!
//! A document is stored as `translations/<id>.toml`, written canonically
//! ([`Document::to_canonical_string`]): the same content always gives the
//! same bytes, all text is NFC with `\n` line ends ([`normalize`]), and
//! metadata this version does not know is kept, not dropped.
//!
//! # The parts
//!
//! - [`document`]: the model and its canonical file; [`normalize`]: how
//!   stored text looks and how input bytes become text.
//! - [`import`]: archive exports, plain text and HTML in, documents out,
//!   using [`paragraphs`] to find paragraphs and undo page-break splits.
//! - [`align`]: pairing an original's paragraphs with its translation's,
//!   with a confidence for each pair.
//! - [`diff`]: what changed between two versions of a document, paragraph
//!   by paragraph and word by word; [`history`]: the corpus's revisions in
//!   git (commit, log, blame, documents at a revision).
//! - [`check`]: rules over documents that yield findings, with renderers.
//! - [`layout`]: the side-by-side views; [`language`] and [`date`]: the
//!   metadata vocabularies.
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

pub mod align;
pub mod check;
pub mod config;
pub mod corpus;
pub mod date;
pub mod diff;
pub mod document;
pub mod error;
pub mod find;
mod hash;
pub mod history;
pub mod import;
pub mod language;
pub mod normalize;
pub mod paragraphs;
mod parallel;
pub mod render;
mod search;
pub mod status;

pub use corpus::Corpus;
pub use document::{Document, DocumentId, Paragraph, ParagraphId, Side};
pub use error::{Error, Result};
