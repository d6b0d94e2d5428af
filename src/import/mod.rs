//! Importers: input formats in, [`Document`]s out.
//!
//! Each format has its module. All of them read their input through
//! [`read_input`], so every importer takes the same `--encoding`, refuses
//! the same malformed bytes with the same byte offset, honours the same
//! size limit, and normalises text the same way before parsing it.

mod archive;
mod html;
pub(crate) mod po;
mod reconcile;
mod text;

pub use archive::{import_archive, parse_archive};
pub use html::html_paragraphs;
pub use po::{
    declared_charset, import_po, import_po_bytes, parse_po, Catalogue, Entry, PoError, PoImport,
};
pub use reconcile::{reconcile, Reconciled, SIMILARITY};
pub use text::{import_text, TextImport};

use std::path::Path;

use encoding_rs::Encoding;

use std::ops::Range;

use crate::align::{align_paragraphs, AlignOptions};
use crate::document::io::{read_limited, DEFAULT_MAX_FILE_SIZE};
use crate::document::{Document, Join, JoinReason, Paragraph, Side};
use crate::error::{Error, Result};
use crate::normalize::{decode, encoding_for_label, normalize_text};
use crate::paragraphs::{ends_mid_sentence, starts_lower_case, TextParagraph};

/// The format of a pair of input files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum InputFormat {
    /// Plain text, paragraphs separated by blank lines.
    #[default]
    Text,
    /// HTML, paragraphs from block elements.
    Html,
}

/// How input files are read.
#[derive(Debug, Clone, Copy)]
pub struct InputOptions {
    /// The input's encoding; `None` for UTF-8.
    pub encoding: Option<&'static Encoding>,
    /// Largest input accepted, in bytes.
    pub max_file_size: u64,
}

impl Default for InputOptions {
    fn default() -> Self {
        InputOptions {
            encoding: None,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
        }
    }
}

impl InputOptions {
    /// Options for an encoding named by a WHATWG label.
    pub fn with_encoding_label(mut self, label: &str) -> Result<Self> {
        self.encoding = Some(
            encoding_for_label(label).ok_or_else(|| Error::UnknownEncoding {
                label: label.to_owned(),
            })?,
        );
        Ok(self)
    }
}

/// A document made by an importer, with anything the user should know
/// about how it was made.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The document.
    pub document: Document,
    /// Things the importer could not map and kept as they were.
    pub warnings: Vec<String>,
}

/// A document made by an importer as it will be stored: every string
/// normalised as the writer writes it ([`Document::normalized`]), so that
/// what an importer hands on is the document on disk.
pub(crate) fn as_stored(document: Document, path: &Path) -> Result<Document> {
    document.normalized().map_err(|e| Error::Import {
        path: path.to_owned(),
        line: None,
        column: None,
        message: format!(
            "the document made does not read back ({}); this is a bug in bitext",
            e.message
        ),
    })
}

/// Reads an input file as normalised text.
pub fn read_input(path: &Path, options: &InputOptions) -> Result<String> {
    let bytes = read_limited(path, options.max_file_size)?;
    let text = decode(&bytes, options.encoding).map_err(|source| Error::Decode {
        path: path.to_owned(),
        source,
    })?;
    Ok(normalize_text(&text).into_owned())
}

/// Reads a file of paragraphs: plain text (paragraphs separated by blank
/// lines) or HTML (block elements).
pub fn read_paragraphs(
    path: &Path,
    format: InputFormat,
    options: &InputOptions,
) -> Result<Vec<TextParagraph>> {
    let text = read_input(path, options)?;
    Ok(match format {
        InputFormat::Text => crate::paragraphs::split_paragraphs(&text, 1),
        InputFormat::Html => html::html_paragraphs(&text)
            .into_iter()
            .map(|text| TextParagraph {
                line: 0,
                text,
                joins: Vec::new(),
            })
            .collect(),
    })
}

/// Pairs source and target paragraphs by position into record paragraphs
/// `p1`, `p2`, …; surplus paragraphs on either side are kept with the
/// other side empty.
pub fn pair_by_position(source: Vec<TextParagraph>, target: Vec<TextParagraph>) -> Vec<Paragraph> {
    let count = source.len().max(target.len());
    let beads = (0..count).map(|k| {
        let side = |len: usize| if k < len { k..k + 1 } else { len..len };
        (side(source.len()), side(target.len()), None)
    });
    make_paragraphs(&source, &target, beads)
}

/// Pairs source and target paragraphs with the aligner into record
/// paragraphs `p1`, `p2`, …. A bead of several paragraphs on one side
/// becomes one record paragraph whose text is theirs joined, each join on
/// record (as a page-break join where one paragraph ends mid-sentence and
/// the next starts in lower case, else as an alignment join); a paragraph
/// with no counterpart keeps the other side empty. Each record paragraph
/// keeps its bead's confidence.
pub fn pair_by_alignment(source: Vec<TextParagraph>, target: Vec<TextParagraph>) -> Vec<Paragraph> {
    if source.is_empty() || target.is_empty() {
        return pair_by_position(source, target);
    }
    let source_texts: Vec<&str> = source.iter().map(|p| p.text.as_str()).collect();
    let target_texts: Vec<&str> = target.iter().map(|p| p.text.as_str()).collect();
    let alignment = align_paragraphs(&source_texts, &target_texts, &AlignOptions::default());
    let beads = alignment
        .beads
        .into_iter()
        .map(|bead| (bead.source, bead.target, Some(bead.confidence)));
    make_paragraphs(&source, &target, beads)
}

fn make_paragraphs(
    source: &[TextParagraph],
    target: &[TextParagraph],
    beads: impl Iterator<Item = (Range<usize>, Range<usize>, Option<f64>)>,
) -> Vec<Paragraph> {
    beads
        .enumerate()
        .map(|(n, (s, t, confidence))| {
            let mut paragraph = Paragraph::new(format!("p{}", n + 1), None, None);
            paragraph.confidence = confidence;
            for (side, parts) in [(Side::Source, &source[s]), (Side::Target, &target[t])] {
                let (text, joins) = join_parts(parts);
                paragraph
                    .joins
                    .extend(
                        joins
                            .into_iter()
                            .map(|(at, reason)| Join { side, at, reason }),
                    );
                let slot = match side {
                    Side::Source => &mut paragraph.source,
                    Side::Target => &mut paragraph.target,
                };
                *slot = text;
            }
            // A pair imported together is a translation of that original.
            if paragraph.source.is_some() && paragraph.target.is_some() {
                paragraph.confirm();
            }
            paragraph
        })
        .collect()
}

/// Joins a run of paragraphs with single spaces, keeping the joins each
/// already had and recording the new ones.
fn join_parts(parts: &[TextParagraph]) -> (Option<String>, Vec<(usize, JoinReason)>) {
    let mut text = String::new();
    let mut joins = Vec::new();
    let mut previous: Option<&str> = None;
    for part in parts {
        let offset = if let Some(previous) = previous {
            text.push(' ');
            let at = text.chars().count();
            let reason = if ends_mid_sentence(previous) && starts_lower_case(&part.text) {
                JoinReason::PageBreak
            } else {
                JoinReason::Alignment
            };
            joins.push((at, reason));
            at
        } else {
            0
        };
        joins.extend(
            part.joins
                .iter()
                .map(|&at| (at + offset, JoinReason::PageBreak)),
        );
        text.push_str(&part.text);
        previous = Some(&part.text);
    }
    (Some(text).filter(|t| !t.is_empty()), joins)
}

/// What [`fill_source`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FillReport {
    /// Paragraphs in the original.
    pub source_paragraphs: usize,
    /// Paragraphs of the document (its translation side).
    pub target_paragraphs: usize,
    /// Record paragraphs that received a source text.
    pub filled: usize,
    /// Record paragraphs added for original paragraphs with no translation.
    pub added: usize,
    /// Beads with confidence under 0.9, worth a look.
    pub low_confidence: usize,
}

/// Why [`fill_source`] refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FillError {
    /// The document has source texts already.
    #[error("{0} paragraphs already have a source text (use --force to replace them)")]
    SourceExists(usize),
    /// The language is not a BCP 47 tag.
    #[error("source language {0:?} is not a BCP 47 tag (e.g. ru, en, zh-Hant)")]
    BadLanguage(String),
}

/// Aligns a newly transcribed original against a document's translation
/// and writes it in as the source side. Paragraph ids never change: a
/// source paragraph (or several, joined, the join on record) goes into the
/// first record paragraph of its bead; an original paragraph with no
/// translation becomes a new record paragraph with a fresh id. Every
/// paragraph keeps its bead's confidence.
pub fn fill_source(
    document: &mut Document,
    source: Vec<String>,
    language: Option<&str>,
    force: bool,
) -> Result<FillReport, FillError> {
    if let Some(language) = language {
        if !crate::language::is_well_formed_tag(language) {
            return Err(FillError::BadLanguage(language.to_owned()));
        }
    }
    let existing = document
        .paragraphs
        .iter()
        .filter(|p| p.source.is_some())
        .count();
    if existing > 0 && !force {
        return Err(FillError::SourceExists(existing));
    }
    let alignment = {
        let targets: Vec<&str> = document
            .paragraphs
            .iter()
            .map(|p| p.target.as_deref().unwrap_or(""))
            .collect();
        align_paragraphs(&source, &targets, &AlignOptions::default())
    };
    let source: Vec<TextParagraph> = source
        .into_iter()
        .map(|text| TextParagraph {
            line: 0,
            text,
            joins: Vec::new(),
        })
        .collect();
    let mut next_id = document
        .paragraphs
        .iter()
        .filter_map(|p| p.id.as_str().strip_prefix('p')?.parse::<usize>().ok())
        .max()
        .unwrap_or(0)
        + 1;
    let mut old = std::mem::take(&mut document.paragraphs).into_iter();
    let mut report = FillReport {
        source_paragraphs: source.len(),
        target_paragraphs: alignment.target_paragraphs,
        ..FillReport::default()
    };
    for bead in &alignment.beads {
        report.low_confidence += usize::from(bead.confidence < crate::align::LOW_CONFIDENCE);
        let (text, joins) = join_parts(&source[bead.source.clone()]);
        let joins = joins.into_iter().map(|(at, reason)| Join {
            side: Side::Source,
            at,
            reason,
        });
        if bead.target.is_empty() {
            let taken = |id: &str, done: &[Paragraph], rest: &[Paragraph]| {
                done.iter().chain(rest).any(|p| p.id.as_str() == id)
            };
            while taken(&format!("p{next_id}"), &document.paragraphs, old.as_slice()) {
                next_id += 1;
            }
            let mut paragraph = Paragraph::new(format!("p{next_id}"), text, None);
            next_id += 1;
            paragraph.joins.extend(joins);
            paragraph.confidence = Some(bead.confidence);
            document.paragraphs.push(paragraph);
            report.added += 1;
            continue;
        }
        let mut text = text;
        let mut joins: Vec<Join> = joins.collect();
        for _ in bead.target.clone() {
            let Some(mut paragraph) = old.next() else {
                break;
            };
            paragraph.joins.retain(|j| j.side != Side::Source);
            paragraph.source = text.take();
            if paragraph.source.is_some() {
                report.filled += 1;
            }
            paragraph.joins.append(&mut joins);
            paragraph.confidence = Some(bead.confidence);
            if paragraph.source.is_some() && paragraph.target.is_some() {
                paragraph.confirm();
            }
            document.paragraphs.push(paragraph);
        }
    }
    // The beads cover every record paragraph, so nothing is left; keep any
    // that were, rather than lose them.
    document.paragraphs.extend(old);
    if let Some(language) = language {
        document.source_language = Some(language.to_owned());
    }
    Ok(report)
}
