//! Addresses of documents and paragraphs: `DOC`, `DOC#PARA`, `DOC@REV` and
//! `DOC#PARA@REV`, the one form every command takes and prints, so that a
//! location printed can be pasted back.
//!
//! Neither ids nor the separators clash: document and paragraph ids are
//! ASCII letters, digits, `-`, `_` and `.`, so the first `#` ends the
//! document and the first `@` after it starts the revision, which may be
//! anything git takes (`HEAD~2`, `v1.0`, `main@{1}`, a commit id).
//!
//! ```
//! use bitext::address::Address;
//! let a = Address::parse("wcda-112106#p3@HEAD~1").unwrap();
//! assert_eq!(a.document, "wcda-112106");
//! assert_eq!(a.paragraph.as_deref(), Some("p3"));
//! assert_eq!(a.revision.as_deref(), Some("HEAD~1"));
//! assert_eq!(a.to_string(), "wcda-112106#p3@HEAD~1");
//! ```

use std::fmt;

use crate::document::{DocumentId, ParagraphId};
use crate::error::InvalidId;

/// A document, or one of its paragraphs, now or at a revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// The document id (or, for commands that take files, a path).
    pub document: String,
    /// The paragraph id, after `#`.
    pub paragraph: Option<String>,
    /// The revision, after `@`.
    pub revision: Option<String>,
}

impl Address {
    /// Splits an address into its parts. The document part is not checked
    /// here (commands also take paths); the paragraph id is.
    pub fn parse(text: &str) -> Result<Address, InvalidId> {
        let (place, revision) = match text.split_once('@') {
            Some((place, revision)) => (place, Some(revision)),
            None => (text, None),
        };
        let (document, paragraph) = match place.split_once('#') {
            Some((document, paragraph)) => (document, Some(paragraph)),
            None => (place, None),
        };
        if let Some(id) = paragraph {
            ParagraphId::check(id).map_err(|reason| InvalidId {
                id: id.to_owned(),
                reason,
            })?;
        }
        if revision.is_some_and(str::is_empty) {
            return Err(InvalidId {
                id: text.to_owned(),
                reason: "nothing follows the @ that names a revision",
            });
        }
        Ok(Address {
            document: document.to_owned(),
            paragraph: paragraph.map(str::to_owned),
            revision: revision.map(str::to_owned),
        })
    }

    /// The address of a paragraph.
    pub fn paragraph(document: &DocumentId, paragraph: &ParagraphId) -> Address {
        Address {
            document: document.to_string(),
            paragraph: Some(paragraph.to_string()),
            revision: None,
        }
    }

    /// The same address at a revision.
    pub fn at(mut self, revision: impl Into<String>) -> Address {
        self.revision = Some(revision.into());
        self
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.document)?;
        if let Some(paragraph) = &self.paragraph {
            write!(f, "#{paragraph}")?;
        }
        if let Some(revision) = &self.revision {
            write!(f, "@{revision}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_parses_and_prints_back() {
        for text in ["d", "d#p1", "d@HEAD", "d#p1@HEAD~2", "d.v2#p-3@main@{1}"] {
            assert_eq!(Address::parse(text).unwrap().to_string(), text);
        }
        let a = Address::parse("d@main@{1}").unwrap();
        assert_eq!(a.revision.as_deref(), Some("main@{1}"));
        assert!(Address::parse("d#").is_err());
        assert!(Address::parse("d#p 1").is_err());
        assert!(Address::parse("d@").is_err());
    }
}
