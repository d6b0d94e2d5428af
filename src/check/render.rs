//! Renderers of a check [`Report`]: text for people, JSON for machines.

use std::fmt::Write as _;

use super::{Finding, Report, Severity, Summary};

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
///   --> translations/x.toml:41 (paragraph p3)
/// ```
pub fn human_finding(finding: &Finding, style: Style) -> String {
    let color = match finding.severity {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Note => "1;36",
    };
    let label = style.paint(
        color,
        &format!("{}[{}]", finding.severity.as_str(), finding.code),
    );
    let mut out = format!("{label}: {}\n", finding.message);
    let mut place = finding.file.clone();
    if let Some(line) = finding.line {
        let _ = write!(place, ":{line}");
    }
    if let Some(paragraph) = &finding.paragraph {
        let _ = write!(place, " (paragraph {paragraph})");
    }
    let _ = writeln!(out, "  {} {place}", style.paint("1;34", "-->"));
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
    if summary.errors + summary.warnings + summary.notes == 0 {
        format!("{checked}: no problems found\n")
    } else {
        format!(
            "{checked}: {}, {}, {}\n",
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
        out.push_str(&human_finding(finding, style));
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
