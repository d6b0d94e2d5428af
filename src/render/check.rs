//! Renderers of a check [`Report`]: text for people, JSON for machines,
//! SARIF 2.1.0 for code-scanning dashboards, JUnit XML for CI test
//! reports, and GitHub workflow annotations.

use std::fmt::Write as _;

use super::markup::escape_markup;
use super::terminal::visible_line;
use crate::check::{Finding, Mark, Report, Severity, Summary};
use crate::document::{Document, Side};

/// ANSI styles, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    color: bool,
}

impl Style {
    /// Colour when `color` is true, plain text otherwise.
    pub fn new(color: bool) -> Self {
        Style { color }
    }

    fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

/// One finding as people read it, compiler-style:
///
/// ```text
/// error[duplicate-id]: paragraph id "p3" is used again (first at line 12)
///   --> translations/x.toml:41 (x#p3)
/// ```
///
/// With the document the finding is about, each text of its paragraph is
/// shown around the marked spans.
pub fn human_finding(finding: &Finding, document: Option<&Document>, style: Style) -> String {
    let color = match finding.severity {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Note => "1;36",
    };
    let label = style.paint(
        color,
        &format!("{}[{}]", finding.severity.as_str(), finding.code),
    );
    let mut out = format!("{label}: {}\n", visible_line(&finding.message));
    let mut place = visible_line(&finding.file).into_owned();
    if let Some(line) = finding.line {
        let _ = write!(place, ":{line}");
    }
    if let Some(paragraph) = &finding.paragraph {
        // The paragraph's address, which every command takes back.
        let _ = write!(
            place,
            " ({}#{})",
            visible_line(&finding.document),
            visible_line(paragraph)
        );
    }
    let _ = writeln!(out, "  {} {place}", style.paint("1;34", "-->"));
    let paragraph = finding
        .paragraph_index
        .and_then(|i| document?.paragraphs.get(i));
    for side in [Side::Source, Side::Target] {
        let Some(text) = paragraph.and_then(|p| p.text(side)) else {
            continue;
        };
        let marks: Vec<Mark> = finding
            .marks
            .iter()
            .copied()
            .filter(|m| m.side == side)
            .collect();
        let _ = writeln!(
            out,
            "   {} {}: {}",
            style.paint("1;34", "|"),
            side.as_str(),
            visible_line(&excerpt(text, &marks))
        );
    }
    out
}

/// Characters of context shown on each side of a mark.
const EXCERPT_CONTEXT: usize = 40;

/// A text cut to the neighbourhood of its marks, the marked spans set
/// between `⟦` and `⟧`; the start of the text when it has no marks.
fn excerpt(text: &str, marks: &[Mark]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let (from, to) = match (
        marks.iter().map(|m| m.start).min(),
        marks.iter().map(|m| m.end).max(),
    ) {
        (Some(a), Some(b)) => (
            a.saturating_sub(EXCERPT_CONTEXT),
            (b + EXCERPT_CONTEXT).min(chars.len()),
        ),
        _ => (0, chars.len().min(2 * EXCERPT_CONTEXT)),
    };
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    for (k, c) in chars.iter().enumerate().take(to).skip(from) {
        if marks.iter().any(|m| m.start == k) {
            out.push('⟦');
        }
        // Line breaks read as ⏎; other controls are shown as escapes by
        // the caller.
        out.push(if *c == '\n' { '⏎' } else { *c });
        if marks.iter().any(|m| m.end == k + 1) {
            out.push('⟧');
        }
    }
    if to < chars.len() {
        out.push('…');
    }
    out
}

/// The closing line of a human report.
pub fn human_summary(summary: &Summary) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let checked = format!(
        "checked {}, {}",
        plural(summary.documents, "document"),
        plural(summary.paragraphs, "paragraph")
    );
    let suppressed = if summary.suppressed > 0 {
        format!(" ({} suppressed)", summary.suppressed)
    } else {
        String::new()
    };
    if summary.errors + summary.warnings + summary.notes == 0 {
        format!("{checked}: no problems found{suppressed}\n")
    } else {
        format!(
            "{checked}: {}, {}, {}{suppressed}\n",
            plural(summary.errors, "error"),
            plural(summary.warnings, "warning"),
            plural(summary.notes, "note")
        )
    }
}

/// The whole report as people read it.
pub fn human(report: &Report, style: Style) -> String {
    let mut out = String::new();
    for finding in &report.findings {
        out.push_str(&human_finding(finding, None, style));
        out.push('\n');
    }
    out.push_str(&human_summary(&report.summary));
    out
}

/// The report as JSON:
/// `{"findings":[{"code","severity","document","paragraph","file","line","message"}],"summary":{…}}`.
pub fn json(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).unwrap_or_default();
    text.push('\n');
    text
}

/// SARIF's level for a severity.
fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// A relative file path as a URI reference: `/` separators, and every
/// byte outside the unreserved set and `/` percent-encoded.
fn file_uri(file: &str) -> String {
    let mut out = String::new();
    for b in file.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The report as a SARIF 2.1.0 log: one run, the catalogue as its rules,
/// one result per finding with its file, line and paragraph.
pub fn sarif(report: &Report) -> String {
    use serde_json::json;
    let rules: Vec<serde_json::Value> = crate::check::CHECKS
        .iter()
        .map(|c| {
            json!({
                "id": c.code,
                "name": c.code,
                "shortDescription": { "text": c.finds },
                "defaultConfiguration": { "level": sarif_level(c.severity) },
            })
        })
        .collect();
    // Results are typed rather than built as JSON values: a large corpus
    // has tens of thousands, and a tree of maps for each costs more to
    // build and free than the check itself.
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct SarifResult<'a> {
        rule_id: &'a str,
        rule_index: Option<usize>,
        level: &'static str,
        message: Text<'a>,
        locations: [Location; 1],
    }
    #[derive(serde::Serialize)]
    struct Text<'a> {
        text: &'a str,
    }
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Location {
        physical_location: Physical,
        logical_locations: [Logical; 1],
    }
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Physical {
        artifact_location: Artifact,
        #[serde(skip_serializing_if = "Option::is_none")]
        region: Option<Region>,
    }
    #[derive(serde::Serialize)]
    struct Artifact {
        uri: String,
    }
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Region {
        start_line: usize,
    }
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Logical {
        fully_qualified_name: String,
        kind: &'static str,
    }
    let results: Vec<SarifResult> = report
        .findings
        .iter()
        .map(|f| SarifResult {
            rule_id: f.code.as_str(),
            rule_index: crate::check::CHECKS
                .iter()
                .position(|c| c.code == f.code.as_str()),
            level: sarif_level(f.severity),
            message: Text { text: &f.message },
            locations: [Location {
                physical_location: Physical {
                    artifact_location: Artifact {
                        uri: file_uri(&f.file),
                    },
                    region: f.line.map(|line| Region { start_line: line }),
                },
                logical_locations: [Logical {
                    fully_qualified_name: match &f.paragraph {
                        Some(p) => format!("{}#{p}", f.document),
                        None => f.document.clone(),
                    },
                    kind: if f.paragraph.is_some() {
                        "member"
                    } else {
                        "module"
                    },
                }],
            }],
        })
        .collect();
    #[derive(serde::Serialize)]
    struct Log<'a> {
        #[serde(rename = "$schema")]
        schema: &'static str,
        version: &'static str,
        runs: [Run<'a>; 1],
    }
    #[derive(serde::Serialize)]
    struct Run<'a> {
        tool: serde_json::Value,
        results: Vec<SarifResult<'a>>,
    }
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: json!({
                "driver": {
                    "name": "bitext",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            }),
            results,
        }],
    };
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

/// The report as JUnit XML: one test case per document checked, named by
/// its id, in a suite named after the tool. A document with findings at
/// `fail_at` severity or worse fails with one `<failure>` listing them
/// all (so a suite's `failures` counts documents, never more than its
/// `tests`); its other findings are in the case's `<system-out>`; a
/// document without findings passes. `tests = passed + failures`, none
/// skipped.
pub fn junit(report: &Report, fail_at: Severity) -> String {
    let failing = |f: &Finding| f.severity <= fail_at;
    // The findings of each document, in report order.
    let mut by_file: Vec<(&str, Vec<&Finding>)> = Vec::new();
    for f in &report.findings {
        match by_file.last_mut() {
            Some((file, list)) if *file == f.file => list.push(f),
            _ => by_file.push((&f.file, vec![f])),
        }
    }
    let findings_of = |file: &str| {
        by_file
            .iter()
            .find(|(f, _)| *f == file)
            .map(|(_, list)| list.as_slice())
            .unwrap_or(&[])
    };
    // Every document checked; a report made without the list (by hand)
    // has at least those with findings.
    let mut cases: Vec<(String, String)> = report
        .documents
        .iter()
        .map(|d| (d.id.clone(), d.file.clone()))
        .collect();
    for (file, list) in &by_file {
        if !cases.iter().any(|(_, f)| f == file) {
            cases.push((list[0].document.clone(), (*file).to_owned()));
        }
    }
    let failures = cases
        .iter()
        .filter(|(_, file)| findings_of(file).iter().any(|f| failing(f)))
        .count();
    let tests = cases.len();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"bitext check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">"
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"bitext check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">"
    );
    for (id, file) in &cases {
        let findings = findings_of(file);
        let line = |f: &Finding| {
            let place = match (f.line, &f.paragraph) {
                (Some(l), Some(p)) => format!("{file}:{l} ({}#{p})", f.document),
                (Some(l), None) => format!("{file}:{l}"),
                (None, Some(p)) => format!("{file} ({}#{p})", f.document),
                (None, None) => file.clone(),
            };
            format!(
                "{}[{}]: {}\n  --> {place}\n",
                f.severity.as_str(),
                f.code,
                f.message
            )
        };
        let (bad, other): (Vec<&Finding>, Vec<&Finding>) =
            findings.iter().copied().partition(|f| failing(f));
        let _ = write!(
            out,
            "    <testcase classname=\"bitext check\" name=\"{}\" file=\"{}\"",
            escape_markup(id),
            escape_markup(file)
        );
        if bad.is_empty() && other.is_empty() {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n");
        if !bad.is_empty() {
            let mut codes: Vec<&str> = bad.iter().map(|f| f.code.as_str()).collect();
            codes.dedup();
            let summary = format!(
                "{} finding{}: {}",
                bad.len(),
                if bad.len() == 1 { "" } else { "s" },
                codes.join(", ")
            );
            let body: String = bad.iter().map(|f| line(f)).collect();
            let _ = writeln!(
                out,
                "      <failure type=\"bitext check\" message=\"{}\">{}</failure>",
                escape_markup(&summary),
                escape_markup(&body)
            );
        }
        if !other.is_empty() {
            let body: String = other.iter().map(|f| line(f)).collect();
            let _ = writeln!(
                out,
                "      <system-out>{}</system-out>",
                escape_markup(&body)
            );
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// Escapes a workflow command's message: `%`, CR and LF as the syntax
/// asks, and other control characters shown as escapes — the runner's log
/// viewer would act on them.
fn github_data(text: &str) -> String {
    let safe = text
        .split('\r')
        .map(|piece| super::terminal::visible(piece).into_owned())
        .collect::<Vec<_>>()
        .join("\r");
    safe.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property: as the message, and `:` and `,`.
fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The report as GitHub Actions workflow commands, one annotation per
/// finding: `::error file=…,line=…,title=…::message`.
pub fn github(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut properties = format!("file={}", github_property(&f.file));
        if let Some(line) = f.line {
            let _ = write!(properties, ",line={line}");
        }
        let title = match &f.paragraph {
            Some(p) => format!("{} ({}#{p})", f.code, f.document),
            None => format!("{} ({})", f.code, f.document),
        };
        let _ = write!(properties, ",title={}", github_property(&title));
        let _ = writeln!(out, "::{command} {properties}::{}", github_data(&f.message));
    }
    out
}
