//! Importers: input formats in, [`Document`]s out.
//!
//! Each format has its module. All of them read their input through
//! [`read_input`], so every importer takes the same `--encoding`, refuses
//! the same malformed bytes with the same byte offset, honours the same
//! size limit, and normalises text the same way before parsing it.

pub mod archive;
pub mod html;
pub mod text;

use std::path::Path;

use encoding_rs::Encoding;

use crate::corpus::{read_limited, DEFAULT_MAX_FILE_SIZE};
use crate::document::{Document, Join, JoinReason, Paragraph, Side};
use crate::error::{Error, Result};
use crate::normalize::{decode, encoding_for_label, normalize_text};
use crate::paragraphs::TextParagraph;

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

/// Reads an input file as normalised text.
pub fn read_input(path: &Path, options: &InputOptions) -> Result<String> {
    let bytes = read_limited(path, options.max_file_size)?;
    let text = decode(&bytes, options.encoding).map_err(|source| Error::Decode {
        path: path.to_owned(),
        source,
    })?;
    Ok(normalize_text(&text).into_owned())
}

/// Pairs source and target paragraphs by position into record paragraphs
/// `p1`, `p2`, …; surplus paragraphs on either side are kept with the
/// other side empty.
pub fn pair_by_position(source: Vec<TextParagraph>, target: Vec<TextParagraph>) -> Vec<Paragraph> {
    let count = source.len().max(target.len());
    let mut source = source.into_iter();
    let mut target = target.into_iter();
    (1..=count)
        .map(|n| {
            let mut paragraph = Paragraph::new(format!("p{n}"), None, None);
            for (side, text) in [(Side::Source, source.next()), (Side::Target, target.next())] {
                if let Some(text) = text {
                    paragraph.joins.extend(text.joins.iter().map(|&at| Join {
                        side,
                        at,
                        reason: JoinReason::PageBreak,
                    }));
                    let slot = match side {
                        Side::Source => &mut paragraph.source,
                        Side::Target => &mut paragraph.target,
                    };
                    *slot = Some(text.text).filter(|t| !t.is_empty());
                }
            }
            paragraph
        })
        .collect()
}
