//! Corpus tools: searching the texts ([`grep`]), counting what a corpus
//! holds and where its translation stands ([`Stats`]), and undoing a join
//! that an import recorded ([`unjoin`]).

use regex::Regex;
use serde::Serialize;

use crate::align::LOW_CONFIDENCE;
use crate::document::{Document, JoinReason, Paragraph, ParagraphId, Side, TranslationState};

/// A match of a search: where it is, and the text it is in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Match {
    /// The document id.
    pub document: String,
    /// The paragraph id.
    pub paragraph: String,
    /// The side the text is on.
    pub side: Side,
    /// The text.
    pub text: String,
    /// Each match in the text, as byte ranges `[start, end)`.
    pub spans: Vec<(usize, usize)>,
}

/// The paragraphs of `document` whose text on one of `sides` matches
/// `pattern`, in reading order.
pub fn grep(document: &Document, pattern: &Regex, sides: &[Side]) -> Vec<Match> {
    let mut out = Vec::new();
    for paragraph in &document.paragraphs {
        for &side in sides {
            let Some(text) = paragraph.text(side) else {
                continue;
            };
            let spans: Vec<(usize, usize)> = pattern
                .find_iter(text)
                .filter(|m| !m.is_empty())
                .map(|m| (m.start(), m.end()))
                .collect();
            if !spans.is_empty() {
                out.push(Match {
                    document: document.id.to_string(),
                    paragraph: paragraph.id.to_string(),
                    side,
                    text: text.to_owned(),
                    spans,
                });
            }
        }
    }
    out
}

/// What one document (or a corpus) holds, and where its translation
/// stands.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// The document id; `None` for a total.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// Documents counted (1 for a document).
    pub documents: usize,
    /// Paragraphs.
    pub paragraphs: usize,
    /// Words of the original (Unicode word boundaries; each CJK ideograph
    /// a word).
    pub source_words: usize,
    /// Words of the translation.
    pub target_words: usize,
    /// Characters of the original.
    pub source_characters: usize,
    /// Characters of the translation.
    pub target_characters: usize,
    /// Paragraphs with a translation.
    pub translated: usize,
    /// Paragraphs with an original and no translation.
    pub untranslated: usize,
    /// Translations whose original changed since they were confirmed.
    pub stale: usize,
    /// Translations marked fuzzy.
    pub fuzzy: usize,
    /// Pairs the aligner made with low confidence.
    pub low_confidence: usize,
}

impl Stats {
    /// The counts of one document.
    pub fn of(document: &Document) -> Stats {
        let mut stats = Stats {
            document: Some(document.id.to_string()),
            documents: 1,
            paragraphs: document.paragraphs.len(),
            ..Stats::default()
        };
        for p in &document.paragraphs {
            let source = p.source.as_deref().unwrap_or("");
            let target = p.target.as_deref().unwrap_or("");
            stats.source_words += words(source);
            stats.target_words += words(target);
            stats.source_characters += source.chars().count();
            stats.target_characters += target.chars().count();
            match p.state() {
                TranslationState::Untranslated => {
                    stats.untranslated += usize::from(p.source.is_some());
                }
                TranslationState::Fuzzy => stats.fuzzy += 1,
                TranslationState::Stale => stats.stale += 1,
                _ => {}
            }
            stats.translated += usize::from(p.target.is_some());
            stats.low_confidence += usize::from(p.confidence.is_some_and(|c| c < LOW_CONFIDENCE));
        }
        stats
    }

    /// Adds another's counts to these (a total).
    pub fn add(&mut self, other: &Stats) {
        self.documents += other.documents;
        self.paragraphs += other.paragraphs;
        self.source_words += other.source_words;
        self.target_words += other.target_words;
        self.source_characters += other.source_characters;
        self.target_characters += other.target_characters;
        self.translated += other.translated;
        self.untranslated += other.untranslated;
        self.stale += other.stale;
        self.fuzzy += other.fuzzy;
        self.low_confidence += other.low_confidence;
    }
}

/// Words in a text: runs of letters or digits between Unicode word
/// boundaries; in scripts written without spaces, each ideograph or kana.
fn words(text: &str) -> usize {
    use unicode_segmentation::UnicodeSegmentation;
    text.unicode_words().count()
}

/// Why a join could not be undone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnjoinError {
    /// No paragraph has this id.
    NoParagraph(String),
    /// The paragraph records no join.
    NoJoin(String),
}

impl std::fmt::Display for UnjoinError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UnjoinError::NoParagraph(id) => write!(f, "no paragraph {id:?}"),
            UnjoinError::NoJoin(id) => write!(
                f,
                "paragraph {id:?} records no join (an import records where it joined two paragraphs)"
            ),
        }
    }
}

/// Splits a paragraph back at its last recorded join: the text after the
/// join becomes a new paragraph just after it, with an id derived from
/// this one (`p7` → `p7.2`) so that no other paragraph is renamed. On the
/// joined side the first paragraph keeps the text before the join, the
/// new one the text after; the other side stays with the first. Gives the
/// new paragraph's id.
pub fn unjoin(document: &mut Document, id: &str) -> Result<ParagraphId, UnjoinError> {
    let k = document
        .paragraphs
        .iter()
        .position(|p| p.id.as_str() == id)
        .ok_or_else(|| UnjoinError::NoParagraph(id.to_owned()))?;
    let paragraph = &mut document.paragraphs[k];
    let Some(join) = paragraph.joins.iter().max_by_key(|j| j.at).cloned() else {
        return Err(UnjoinError::NoJoin(id.to_owned()));
    };
    let text = paragraph.text(join.side).unwrap_or("").to_owned();
    let cut = text
        .char_indices()
        .nth(join.at)
        .map_or(text.len(), |(at, _)| at);
    let (before, after) = text.split_at(cut);
    let (before, after) = (before.trim_end().to_owned(), after.trim_start().to_owned());
    paragraph.joins.retain(|j| *j != join);
    // Joins after this one belong to the new paragraph, counted from it.
    let moved: Vec<_> = paragraph
        .joins
        .iter()
        .filter(|j| j.side == join.side && j.at > join.at)
        .cloned()
        .collect();
    paragraph
        .joins
        .retain(|j| !(j.side == join.side && j.at > join.at));
    *slot(paragraph, join.side) = Some(before);
    // The pairing changed: what was confirmed is no longer what stands.
    paragraph.confirmed = None;

    let taken = |candidate: &str| {
        document
            .paragraphs
            .iter()
            .any(|p| p.id.as_str() == candidate)
    };
    let new_id = (2..)
        .map(|n| format!("{id}.{n}"))
        .find(|candidate| !taken(candidate))
        .unwrap_or_default();
    let mut second = Paragraph::new(new_id.clone(), None, None);
    *slot(&mut second, join.side) = Some(after);
    let offset = join.at;
    second.joins = moved
        .into_iter()
        .map(|mut j| {
            j.at -= offset;
            j
        })
        .collect();
    if join.reason == JoinReason::Alignment {
        second.confidence = None;
    }
    document.paragraphs.insert(k + 1, second);
    Ok(ParagraphId(new_id))
}

fn slot(paragraph: &mut Paragraph, side: Side) -> &mut Option<String> {
    match side {
        Side::Source => &mut paragraph.source,
        Side::Target => &mut paragraph.target,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{DocumentId, Join};

    #[test]
    fn a_page_break_join_is_undone_without_renaming_others() {
        let mut document = Document::new(DocumentId::new("d").unwrap());
        let mut p1 = Paragraph::new(
            "p1",
            None,
            Some("It is risky to conduct maneuvers if there are no strong".into()),
        );
        p1.target = Some(format!(
            "{} defences in the rear.",
            p1.target.take().unwrap()
        ));
        p1.joins = vec![Join {
            side: Side::Target,
            at: 56,
            reason: JoinReason::PageBreak,
        }];
        document.paragraphs = vec![p1, Paragraph::new("p2", None, Some("Next.".into()))];
        let new = unjoin(&mut document, "p1").unwrap();
        assert_eq!(new.as_str(), "p1.2");
        let texts: Vec<_> = document
            .paragraphs
            .iter()
            .map(|p| (p.id.as_str(), p.target.as_deref().unwrap()))
            .collect();
        assert_eq!(
            texts,
            [
                (
                    "p1",
                    "It is risky to conduct maneuvers if there are no strong"
                ),
                ("p1.2", "defences in the rear."),
                ("p2", "Next.")
            ]
        );
        assert!(document.paragraphs[0].joins.is_empty());
        assert_eq!(
            unjoin(&mut document, "p1"),
            Err(UnjoinError::NoJoin("p1".into()))
        );
    }
}
