//! The revisions of a corpus, a document or a paragraph as people read
//! them: each with its author, time and message, then the paragraphs it
//! changed, or its word diffs.

use super::diff::{render_inline, Markers};
use super::terminal::visible_line;
use crate::diff::DocumentDiff;
use crate::history::Revision;

/// Paragraphs listed in a revision's summary before the rest are counted.
const LISTED: usize = 12;

/// The revisions, newest first: with `diffs` (one list per revision, as
/// `log -p` gives), each revision's word diffs; else the paragraphs of
/// `doc` it changed, or the documents.
pub fn human(
    revisions: &[Revision],
    diffs: &[Vec<DocumentDiff>],
    doc: Option<&str>,
    markers: &Markers,
) -> String {
    let mut out = String::new();
    for (k, r) in revisions.iter().enumerate() {
        let summary = visible_line(r.message.lines().next().unwrap_or(""));
        out.push_str(&format!(
            "{} {} <{}> {}\n    {summary}\n",
            r.commit.get(..10).unwrap_or(&r.commit),
            visible_line(&r.author),
            visible_line(&r.email),
            r.time
        ));
        let shown: Vec<&str> = if let Some(doc) = doc {
            let prefix = format!("{doc}#");
            r.paragraphs
                .iter()
                .filter(|p| p.starts_with(&prefix))
                .map(String::as_str)
                .collect()
        } else {
            r.documents.iter().map(String::as_str).collect()
        };
        if let Some(diff) = diffs.get(k) {
            out.push('\n');
            for d in diff {
                out.push_str(&render_inline(d, markers));
                out.push('\n');
            }
        } else if shown.len() > LISTED {
            out.push_str(&format!(
                "    changed: {} and {} more\n",
                visible_line(&shown[..LISTED].join(", ")),
                shown.len() - LISTED
            ));
        } else if !shown.is_empty() {
            out.push_str(&format!(
                "    changed: {}\n",
                visible_line(&shown.join(", "))
            ));
        }
        out.push('\n');
    }
    out
}
