//! The corpus's status as people read it.

use std::collections::BTreeSet;

use super::terminal::visible_line;
use crate::status::{CorpusStatus, ParagraphRef};

/// One line per kind of thing to report, paragraphs as `DOC#PARA`.
pub fn human(status: &CorpusStatus) -> String {
    let list = |refs: &[ParagraphRef]| {
        refs.iter()
            .map(|r| format!("{}#{}", r.document, visible_line(&r.paragraph)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = String::new();
    for c in &status.changed {
        out.push_str(&format!("{}: {}\n", c.status.as_str(), c.document));
    }
    if !status.conflicts.is_empty() {
        let places: Vec<String> = status
            .conflicts
            .iter()
            .map(|c| match &c.paragraph {
                Some(p) => format!("{}#{} ({})", c.document, visible_line(p), c.field),
                None => format!("{} ({})", c.document, c.field),
            })
            .collect();
        out.push_str(&format!(
            "merge conflicts, to resolve ({}): {}\n",
            places.len(),
            places.join(", ")
        ));
    }
    let lists = [
        ("stale translations", &status.stale),
        ("marked fuzzy, to review", &status.fuzzy),
        (
            "paired with low confidence, to look at",
            &status.low_confidence,
        ),
        ("untranslated", &status.missing_target),
    ];
    for (label, refs) in lists {
        if !refs.is_empty() {
            out.push_str(&format!("{label} ({}): {}\n", refs.len(), list(refs)));
        }
    }
    if !status.missing_source.is_empty() {
        let docs: BTreeSet<&str> = status
            .missing_source
            .iter()
            .map(|r| r.document.as_str())
            .collect();
        out.push_str(&format!(
            "without original ({} paragraphs in {})\n",
            status.missing_source.len(),
            docs.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    if status.is_empty() {
        out.push_str("nothing changed, nothing stale, nothing missing\n");
    }
    out
}
