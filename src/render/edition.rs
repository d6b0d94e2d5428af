//! A document as a bilingual reading edition: one self-contained HTML
//! page for archivists and readers, the original beside the translation
//! paragraph by paragraph.
//!
//! The page holds the title, the catalogue metadata and the archive
//! citation; each pair is a row of two cells, each carrying its
//! language (`lang`, and `dir="auto"` for right-to-left scripts); a
//! page-break join is marked where it was made, a pair the aligner was
//! not sure of is marked with its confidence, and a stale or fuzzy
//! translation says so. A print stylesheet keeps pairs on one page. Every
//! text is escaped; the page loads nothing.

use std::fmt::Write as _;

use crate::align::LOW_CONFIDENCE;
use crate::document::{Document, JoinReason, Paragraph, Side, TranslationState};

use super::markup::escape_markup;

const STYLE: &str = "\
:root{color-scheme:light dark;--rule:#8884;--mark:#b60}\
body{font:1.05rem/1.5 Georgia,'Times New Roman',serif;max-width:72rem;margin:2rem auto;padding:0 1rem}\
header{margin-bottom:2rem}h1{font-size:1.6rem;margin:0 0 .5rem}\
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;font-size:.9rem}\
dl.meta dt{font-weight:bold}dl.meta dd{margin:0}\
.pair{display:grid;grid-template-columns:1fr 1fr;gap:2rem;border-top:1px solid var(--rule);padding:.6rem 0}\
.pair>div{white-space:pre-line;overflow-wrap:anywhere}\
.pair .id{grid-column:1/-1;font:.75rem sans-serif;color:#888}\
.missing{color:#888;font-style:italic}\
.page-break{color:var(--mark);font:.8rem sans-serif}\
.low-confidence,.review{border-left:3px solid var(--mark);padding-left:.5rem}\
.flag{font:.75rem sans-serif;color:var(--mark)}\
@media print{body{margin:0;max-width:none;font-size:10.5pt}.pair{break-inside:avoid}a{color:inherit;text-decoration:none}}";

/// The document as a reading edition.
pub fn edition(document: &Document) -> String {
    let mut out = String::with_capacity(document.text_len() * 2 + 8192);
    let title = document
        .title
        .clone()
        .unwrap_or_else(|| document.id.to_string());
    let target_language = document.target_language.as_deref().unwrap_or("und");
    let source_language = document.source_language.as_deref().unwrap_or("und");
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"bitext {}\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n",
        escape_markup(target_language),
        env!("CARGO_PKG_VERSION"),
        escape_markup(&title),
        escape_markup(&title),
    );
    let mut meta: Vec<(&str, String)> = Vec::new();
    for (key, value) in document.metadata() {
        if let (Some(value), true) = (value, key != "title") {
            meta.push((key, escape_markup(value)));
        }
    }
    if let Some(citation) = &document.citation {
        if let Some(text) = &citation.text {
            meta.push(("citation", escape_markup(text)));
        }
        if let Some(archive) = &citation.archive {
            meta.push(("archive", escape_markup(archive)));
        }
        if let Some(reference) = &citation.reference {
            meta.push(("reference", escape_markup(reference)));
        }
        if let Some(url) = &citation.url {
            let url = escape_markup(url);
            // Only web addresses become links.
            let shown = if url.starts_with("https://") || url.starts_with("http://") {
                format!("<a href=\"{url}\">{url}</a>")
            } else {
                url
            };
            meta.push(("url", shown));
        }
    }
    out.push_str("<dl class=\"meta\">\n");
    let _ = writeln!(
        out,
        "<dt>document</dt><dd>{}</dd>",
        escape_markup(document.id.as_str())
    );
    for (key, value) in meta {
        let _ = writeln!(out, "<dt>{}</dt><dd>{value}</dd>", key.replace('_', " "));
    }
    out.push_str("</dl>\n</header>\n<main>\n");
    for paragraph in &document.paragraphs {
        pair(&mut out, paragraph, source_language, target_language);
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn pair(out: &mut String, paragraph: &Paragraph, source_language: &str, target_language: &str) {
    let mut classes = vec!["pair"];
    let mut flags = Vec::new();
    if let Some(confidence) = paragraph.confidence.filter(|c| *c < LOW_CONFIDENCE) {
        classes.push("low-confidence");
        flags.push(format!("alignment confidence {confidence:.2}"));
    }
    match paragraph.state() {
        TranslationState::Stale => {
            classes.push("review");
            flags.push("the original changed after this translation".into());
        }
        TranslationState::Fuzzy => {
            classes.push("review");
            flags.push("marked for review".into());
        }
        _ => {}
    }
    let id = escape_markup(paragraph.id.as_str());
    let _ = write!(out, "<section class=\"{}\" id=\"{id}\">", classes.join(" "));
    let _ = write!(out, "<a class=\"id\" href=\"#{id}\">{id}");
    for flag in &flags {
        let _ = write!(
            out,
            " <span class=\"flag\">· {}</span>",
            escape_markup(flag)
        );
    }
    out.push_str("</a>");
    for (side, language) in [
        (Side::Source, source_language),
        (Side::Target, target_language),
    ] {
        let class = match side {
            Side::Source => "source",
            Side::Target => "target",
        };
        let _ = write!(
            out,
            "<div class=\"{class}\" lang=\"{}\" dir=\"auto\">",
            escape_markup(language)
        );
        match paragraph.text(side) {
            Some(text) => text_with_joins(out, paragraph, side, text),
            None => out.push_str("<span class=\"missing\">—</span>"),
        }
        out.push_str("</div>");
    }
    out.push_str("</section>\n");
}

/// A text, with a mark where each page-break join was made.
fn text_with_joins(out: &mut String, paragraph: &Paragraph, side: Side, text: &str) {
    let mut breaks: Vec<usize> = paragraph
        .joins
        .iter()
        .filter(|j| j.side == side && j.reason == JoinReason::PageBreak)
        .map(|j| j.at)
        .collect();
    breaks.sort_unstable();
    let mut breaks = breaks.into_iter().peekable();
    let mut run = String::new();
    for (k, c) in text.chars().enumerate() {
        if breaks.next_if_eq(&k).is_some() {
            out.push_str(&escape_markup(&run));
            run.clear();
            out.push_str("<span class=\"page-break\" title=\"page break in the source\">⁋</span>");
        }
        run.push(c);
    }
    out.push_str(&escape_markup(&run));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{DocumentId, Join};

    #[test]
    fn texts_are_escaped_and_joins_marked() {
        let mut document = Document::new(DocumentId::new("d").unwrap());
        document.title = Some("<script>alert(1)</script>".into());
        document.source_language = Some("ru".into());
        let mut p = Paragraph::new(
            "p1",
            Some("a <b> & c".into()),
            Some("first part second".into()),
        );
        p.joins.push(Join {
            side: Side::Target,
            at: 11,
            reason: JoinReason::PageBreak,
        });
        p.confidence = Some(0.4);
        document.paragraphs.push(p);
        let page = edition(&document);
        assert!(!page.contains("<script>"), "{page}");
        assert!(page.contains("a &lt;b&gt; &amp; c"), "{page}");
        assert!(
            page.contains("first part <span class=\"page-break\""),
            "{page}"
        );
        assert!(page.contains("low-confidence"));
        assert!(page.contains("lang=\"ru\""));
    }
}
