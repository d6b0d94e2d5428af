//! Structure checks: `schema` (what parsing alone cannot see),
//! `merge-conflict`, `duplicate-id`, `empty-paragraph` and `metadata`.

use std::borrow::Cow;
use std::collections::HashMap;

use super::Code;
use super::Context;
use crate::date::is_iso_date;
use crate::diff::{diff_text, mark};
use crate::document::Conflict;
use crate::document::Side;
use crate::language::is_well_formed_tag;

pub(super) fn check(cx: &mut Context) {
    let document = &cx.loaded.document;
    if let Some(stem) = cx.loaded.path.file_stem().map(|s| s.to_string_lossy()) {
        if stem != document.id.as_str() {
            cx.report_at(
                Code::Schema,
                None,
                cx.key_line("id"),
                format!(
                    "document id {:?} does not match the file name {stem:?}.toml",
                    document.id.as_str()
                ),
            );
        }
    }

    for conflict in &document.conflicts {
        let line = cx
            .key_line(&conflict.field)
            .or_else(|| cx.key_line("conflict"));
        cx.report_at(Code::MergeConflict, None, line, conflict_message(conflict));
    }

    let mut first_seen: HashMap<&str, usize> = HashMap::with_capacity(document.paragraphs.len());
    for (i, paragraph) in document.paragraphs.iter().enumerate() {
        let id = paragraph.id.as_str();
        if let Some(&first) = first_seen.get(id) {
            let first_line = cx.loaded.map.paragraph_lines.get(first).copied();
            let at = first_line.map_or(String::new(), |l| format!(" (first at line {l})"));
            cx.report_at(
                Code::DuplicateId,
                Some(i),
                None,
                format!("paragraph id {id:?} is used again{at}"),
            );
        } else {
            first_seen.insert(id, i);
        }
        for conflict in &paragraph.conflict {
            cx.report_at(
                Code::MergeConflict,
                Some(i),
                None,
                conflict_message(conflict),
            );
        }
        if paragraph.source.is_none() && paragraph.target.is_none() {
            cx.report_at(
                Code::EmptyParagraph,
                Some(i),
                None,
                format!("paragraph {id:?} has neither source nor target text"),
            );
        }
        if let Some(confidence) = paragraph.confidence {
            if !(0.0..=1.0).contains(&confidence) {
                cx.report_at(
                    Code::Schema,
                    Some(i),
                    None,
                    format!("confidence {confidence} of paragraph {id:?} is not between 0 and 1"),
                );
            }
        }
        for join in &paragraph.joins {
            let fits = paragraph
                .text(join.side)
                .is_some_and(|text| join.at > 0 && join.at < text.chars().count());
            if !fits {
                cx.report_at(
                    Code::Schema,
                    Some(i),
                    None,
                    format!(
                        "join at character {} is outside the {} text of paragraph {id:?}",
                        join.at,
                        join.side.as_str()
                    ),
                );
            }
        }
    }

    check_metadata(cx);
}

fn check_metadata(cx: &mut Context) {
    let document = &cx.loaded.document;
    if let Some(date) = &document.date {
        if !is_iso_date(date) {
            cx.report_at(
                Code::Metadata,
                None,
                cx.key_line("date"),
                format!("date {date:?} is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)"),
            );
        }
    }
    for (key, side) in [
        ("source_language", Side::Source),
        ("target_language", Side::Target),
    ] {
        let value = match side {
            Side::Source => &document.source_language,
            Side::Target => &document.target_language,
        };
        if let Some(tag) = value {
            if !is_well_formed_tag(tag) {
                cx.report_at(
                    Code::Metadata,
                    None,
                    cx.key_line(key),
                    format!("{key} {tag:?} is not a BCP 47 language tag (e.g. ru, en, zh-Hant)"),
                );
            }
        }
    }
    if let Some(url) = document.citation.as_ref().and_then(|c| c.url.as_deref()) {
        if !is_url(url) {
            cx.report_at(
                Code::Metadata,
                None,
                cx.key_line("citation.url"),
                format!("citation url {url:?} is not an absolute URL"),
            );
        }
    }
}

/// Whether `text` is an absolute URL: a scheme, `:`, and for http(s) a
/// host; no spaces or control characters.
pub(crate) fn is_url(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let scheme_ok = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok || rest.is_empty() || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    if matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") {
        let host = rest
            .strip_prefix("//")
            .map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
        return host.is_some_and(|h| !h.is_empty());
    }
    true
}

/// What a recorded conflict says: the field, and ours against theirs word
/// by word.
fn conflict_message(conflict: &Conflict) -> String {
    let field = &conflict.field;
    let hint = "settle it with `bitext resolve`";
    match (&conflict.ours, &conflict.theirs) {
        (Some(ours), Some(theirs)) => {
            let spans = diff_text(ours, theirs);
            let words = mark(&spans, ("[-", "-]"), ("{+", "+}"), Cow::Borrowed);
            format!(
                "merge conflict in {field}: ours [-…-] and theirs {{+…+}} differ: {words}; {hint}"
            )
        }
        (None, Some(_)) if field == "paragraph" => {
            format!("merge conflict: ours deleted the paragraph, theirs changed it; {hint}")
        }
        (Some(_), None) if field == "paragraph" => {
            format!("merge conflict: theirs deleted the paragraph, ours changed it; {hint}")
        }
        (None, _) => {
            format!("merge conflict in {field}: ours removed it, theirs changed it; {hint}")
        }
        (_, None) => {
            format!("merge conflict in {field}: theirs removed it, ours changed it; {hint}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_url;

    #[test]
    fn urls() {
        assert!(is_url(
            "http://digitalarchive.wilsoncenter.org/document/112106"
        ));
        assert!(is_url("urn:isbn:0451450523"));
        assert!(!is_url("digitalarchive.wilsoncenter.org/document/112106"));
        assert!(!is_url("http:///path"));
        assert!(!is_url("http://exa mple.org"));
    }
}
