//! Re-importing over an existing document: paragraphs keep their ids.
//!
//! A newer release of a catalogue, a corrected transcription, a revised
//! translation: importing it again is a revision of the document, and a
//! revision diffs and blames paragraph by paragraph only if a paragraph
//! that still corresponds keeps its id. New paragraphs are matched to old
//! ones in three passes, each over what the earlier ones left:
//!
//! 1. the same context and source text (for a catalogue: `msgctxt` and
//!    `msgid`), or, where a side has no source, the same target;
//! 2. the previous source the new paragraph records (a catalogue's `#|`);
//! 3. close similarity of the source text, as `msgmerge` matches edited
//!    messages: a character-level similarity of at least
//!    [`SIMILARITY`], best pairs first, nearer positions breaking ties.
//!
//! A new paragraph with no match gets a fresh id, after every id the old
//! version used. A matched paragraph keeps what people recorded in it
//! (its suppressions); one whose two texts did not change keeps every
//! value the record holds beside them (confidence, joins, confirmation)
//! byte for byte, so that a re-import of the same text changes nothing;
//! one whose translation did not change keeps the old confirmation, so a
//! changed original leaves it stale.

use std::collections::HashMap;

use similar::{Algorithm, TextDiff};

use crate::document::{Document, Paragraph, ParagraphId};

/// The least similarity (0 to 1) at which an edited text still counts as
/// the same paragraph; `msgmerge` uses the same figure.
pub const SIMILARITY: f64 = 0.6;

/// What [`reconcile`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reconciled {
    /// Paragraphs matched by identical text.
    pub same: usize,
    /// Paragraphs matched by their recorded previous source.
    pub previous: usize,
    /// Paragraphs matched by similar text.
    pub similar: usize,
    /// New paragraphs.
    pub added: usize,
    /// Old paragraphs with no match: removed.
    pub removed: usize,
}

/// The text a paragraph is matched by: its source, or its target when it
/// has no source.
fn key_text(p: &Paragraph) -> Option<&str> {
    p.source.as_deref().or(p.target.as_deref())
}

/// Gives the paragraphs of `new` the ids of the paragraphs of `old` they
/// correspond to, and fresh ids to the rest.
pub fn reconcile(old: &Document, new: &mut Document) -> Reconciled {
    let mut report = Reconciled::default();
    let mut matched: Vec<Option<usize>> = vec![None; new.paragraphs.len()];
    let mut taken = vec![false; old.paragraphs.len()];

    // 1. Same context and text, first unmatched occurrence in order.
    let mut by_key: HashMap<(Option<&str>, Option<&str>), Vec<usize>> = HashMap::new();
    for (k, p) in old.paragraphs.iter().enumerate().rev() {
        by_key
            .entry((p.context.as_deref(), key_text(p)))
            .or_default()
            .push(k);
    }
    for (slot, p) in matched.iter_mut().zip(&new.paragraphs) {
        if let Some(list) = by_key.get_mut(&(p.context.as_deref(), key_text(p))) {
            if let Some(k) = list.pop() {
                *slot = Some(k);
                taken[k] = true;
                report.same += 1;
            }
        }
    }

    // 2. The previous source a catalogue recorded.
    for (slot, p) in matched.iter_mut().zip(&new.paragraphs) {
        let Some(previous) = p.previous.as_ref().filter(|_| slot.is_none()) else {
            continue;
        };
        let found = old.paragraphs.iter().enumerate().find(|(k, o)| {
            !taken[*k]
                && o.context == previous.context
                && o.source.is_some()
                && o.source == previous.source
        });
        if let Some((k, _)) = found {
            *slot = Some(k);
            taken[k] = true;
            report.previous += 1;
        }
    }

    // 3. Close similarity, best pairs first.
    let free_new: Vec<usize> = (0..new.paragraphs.len())
        .filter(|&i| matched[i].is_none())
        .collect();
    let free_old: Vec<usize> = (0..old.paragraphs.len()).filter(|&k| !taken[k]).collect();
    let mut candidates = Vec::new();
    let (old_len, new_len) = (
        old.paragraphs.len().max(1) as f64,
        new.paragraphs.len().max(1) as f64,
    );
    for &i in &free_new {
        let Some(text) = key_text(&new.paragraphs[i]) else {
            continue;
        };
        for &k in &free_old {
            let Some(old_text) = key_text(&old.paragraphs[k]) else {
                continue;
            };
            if let Some(score) = similarity(old_text, text) {
                // Nearer relative positions win ties: repeated, similar
                // paragraphs ("Article 5", "Article 6") pair in order.
                let distance = (k as f64 / old_len - i as f64 / new_len).abs();
                candidates.push((score - distance * 0.01, i, k));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (_, i, k) in candidates {
        if matched[i].is_none() && !taken[k] {
            matched[i] = Some(k);
            taken[k] = true;
            report.similar += 1;
        }
    }

    // Ids: the old one where matched, else a fresh one.
    let mut next = old
        .paragraphs
        .iter()
        .filter_map(|p| p.id.as_str().strip_prefix('p')?.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    let used: std::collections::HashSet<&str> =
        old.paragraphs.iter().map(|p| p.id.as_str()).collect();
    for (slot, p) in matched.iter().zip(&mut new.paragraphs) {
        match slot {
            Some(k) => {
                let before = &old.paragraphs[*k];
                p.id = before.id.clone();
                carry_record(before, p);
            }
            None => {
                report.added += 1;
                loop {
                    next += 1;
                    let id = format!("p{next}");
                    if !used.contains(id.as_str()) {
                        p.id = ParagraphId(id);
                        break;
                    }
                }
            }
        }
    }
    report.removed = taken.iter().filter(|t| !**t).count();
    report
}

/// Carries over what the record holds that the input does not: the
/// suppressions people wrote; with both texts unchanged, the alignment's
/// confidence and joins; and the old confirmation when the translation did
/// not change — the pair was confirmed for the old source, and if the
/// source changed the translation is now stale. A translation that
/// changed, or one the reviewer has just cleared of `fuzzy`, keeps what the
/// importer decided.
fn carry_record(old: &Paragraph, new: &mut Paragraph) {
    if new.suppress.is_empty() {
        new.suppress = old.suppress.clone();
    }
    if new.same_texts(old) {
        new.confidence = old.confidence;
        new.joins = old.joins.clone();
    }
    if new.target == old.target && !old.has_flag("fuzzy") {
        new.confirmed = old.confirmed.clone();
    }
}

/// Character-level similarity of two texts, 0 to 1, or `None` when it is
/// certainly below [`SIMILARITY`] (the lengths alone rule it out).
fn similarity(a: &str, b: &str) -> Option<f64> {
    let (la, lb) = (a.chars().count(), b.chars().count());
    let (short, long) = (la.min(lb) as f64, la.max(lb) as f64);
    // At most `short` characters match: 2·short / (short + long) bounds
    // the ratio.
    if long == 0.0 || 2.0 * short / (short + long) < SIMILARITY {
        return None;
    }
    let ratio = f64::from(
        TextDiff::configure()
            .algorithm(Algorithm::Myers)
            .timeout(std::time::Duration::from_millis(50))
            .diff_chars(a, b)
            .ratio(),
    );
    (ratio >= SIMILARITY).then_some(ratio)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{DocumentId, Join, JoinReason, Side, Suppression};

    #[test]
    fn unchanged_texts_keep_every_value_the_record_holds() {
        let mut old = doc(&[("p1", "Раз.", "One."), ("p2", "Два.", "Two.")]);
        for p in &mut old.paragraphs {
            p.confidence = Some(0.971);
            p.confirm();
            p.joins = vec![Join {
                side: Side::Target,
                at: 2,
                reason: JoinReason::Alignment,
            }];
            p.suppress = vec![Suppression {
                check: "length-ratio".into(),
                reason: "short".into(),
                until: None,
            }];
        }
        // The same texts, aligned again with other confidences; p2's
        // translation revised.
        let mut new = doc(&[("x", "Раз.", "One."), ("y", "Два.", "Two!")]);
        for p in &mut new.paragraphs {
            p.confidence = Some(0.5);
            p.confirm();
        }
        reconcile(&old, &mut new);
        assert_eq!(new.paragraphs[0], old.paragraphs[0]);
        assert_eq!(
            new.to_canonical_string().split("[[paragraph]]").nth(1),
            old.to_canonical_string().split("[[paragraph]]").nth(1),
            "byte for byte"
        );
        let revised = &new.paragraphs[1];
        assert_eq!(revised.id.as_str(), "p2");
        assert_eq!(
            revised.confidence,
            Some(0.5),
            "a new pairing, a new confidence"
        );
        assert!(revised.joins.is_empty());
        assert_eq!(
            revised.suppress, old.paragraphs[1].suppress,
            "people's words stay"
        );
        assert_ne!(revised.confirmed, old.paragraphs[1].confirmed);
    }

    fn doc(paragraphs: &[(&str, &str, &str)]) -> Document {
        let mut d = Document::new(DocumentId::new("d").unwrap());
        d.paragraphs = paragraphs
            .iter()
            .map(|(id, s, t)| {
                let mut p = Paragraph::new(*id, Some((*s).into()), Some((*t).into()));
                p.confirm();
                p
            })
            .collect();
        d
    }

    #[test]
    fn ids_follow_text_not_position() {
        let old = doc(&[
            ("p1", "Save", "Сохранить"),
            (
                "p2",
                "Delete selected %(verbose_name_plural)s",
                "Удалить выбранные",
            ),
            ("p3", "Gone", "Ушло"),
        ]);
        let mut new = doc(&[
            ("p1", "Brand new", "Новое"),
            (
                "p2",
                "Delete the selected %(verbose_name_plural)s",
                "Удалить выбранные",
            ),
            ("p3", "Save", "Сохранить"),
        ]);
        let report = reconcile(&old, &mut new);
        let ids: Vec<&str> = new.paragraphs.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["p4", "p2", "p1"]);
        assert_eq!(
            report,
            Reconciled {
                same: 1,
                previous: 0,
                similar: 1,
                added: 1,
                removed: 1
            }
        );
        // The edited source with the same translation is stale.
        assert!(new.paragraphs[1].is_stale());
        assert!(!new.paragraphs[2].is_stale());
    }

    #[test]
    fn dissimilar_texts_do_not_match() {
        let old = doc(&[("p1", "Save", "Сохранить")]);
        let mut new = doc(&[("p1", "Log out", "Выйти")]);
        reconcile(&old, &mut new);
        assert_eq!(new.paragraphs[0].id.as_str(), "p2");
    }
}
