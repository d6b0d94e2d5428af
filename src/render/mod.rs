//! Renderers: the crate's models — a diff, a check report, a status, an
//! alignment, a document — as people and machines read them. The models
//! are data and know nothing of their output; each output format is here.
//!
//! - [`align`]: an alignment as JSON;
//! - [`blame`]: who last changed each text, beside the text;
//! - [`check`]: findings as compiler-style text, JSON, SARIF 2.1.0, JUnit
//!   XML and GitHub workflow annotations;
//! - [`diff`]: a revision diff inline or as an HTML page;
//! - [`edition`]: a document as a bilingual reading edition in HTML;
//! - [`layout`]: the side-by-side views of a document, an alignment and a
//!   diff, and a document as plain text;
//! - [`log`]: revisions, with what they changed;
//! - [`status`]: the corpus's status as text;
//! - [`markup`]: the one escaper for HTML and XML;
//! - [`terminal`]: the one sanitiser of text for a terminal.

pub mod align;
#[cfg(feature = "history")]
pub mod blame;
pub mod check;
#[cfg(feature = "history")]
pub mod cite;
pub mod diff;
pub mod edition;
pub mod layout;
#[cfg(feature = "history")]
pub mod log;
pub mod markup;
#[cfg(feature = "history")]
pub mod status;
pub mod terminal;
