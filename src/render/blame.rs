//! Blame as people read it: each paragraph side with the revision that
//! last changed it, and the text beside.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use super::terminal::visible_line;
use crate::document::{Document, Side};
use crate::history::ParagraphBlame;

/// Characters of a text shown under its revision.
const SHOWN: usize = 72;

/// One line per paragraph side — id, side, commit, time, author (names
/// aligned), message — and under it the start of that text, when the
/// document is given.
pub fn human(blame: &[ParagraphBlame], document: Option<&Document>) -> String {
    let id_width = blame
        .iter()
        .map(|p| visible_line(&p.id).width())
        .max()
        .unwrap_or(2);
    let stamps = || {
        blame
            .iter()
            .flat_map(|p| [&p.source, &p.target].into_iter().flatten())
    };
    let author_width = stamps()
        .map(|s| visible_line(&s.author).width())
        .max()
        .unwrap_or(0);
    let time_width = stamps().map(|s| s.time.len()).max().unwrap_or(0);
    let mut out = String::new();
    for (k, p) in blame.iter().enumerate() {
        let paragraph = document.and_then(|d| d.paragraphs.get(k));
        for (side, stamp) in [(Side::Source, &p.source), (Side::Target, &p.target)] {
            let Some(s) = stamp else {
                continue;
            };
            let pad = |text: &str, width: usize| {
                format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
            };
            let _ = writeln!(
                out,
                "{}  {}  {} {} {}  {}",
                pad(&visible_line(&p.id), id_width),
                side.as_str(),
                s.commit.get(..10).unwrap_or(&s.commit),
                pad(&s.time, time_width),
                pad(&visible_line(&s.author), author_width),
                visible_line(&s.message)
            );
            if let Some(text) = paragraph.and_then(|p| p.text(side)) {
                let _ = writeln!(out, "{}    {}", " ".repeat(id_width), shown(text));
            }
        }
    }
    out
}

/// A text on one line, cut to [`SHOWN`] characters, controls shown as
/// escapes.
fn shown(text: &str) -> String {
    let line: String = text
        .chars()
        .map(|c| if c == '\n' { '⏎' } else { c })
        .collect();
    let cut = match line.char_indices().nth(SHOWN) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line,
    };
    visible_line(&cut).into_owned()
}
