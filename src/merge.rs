//! Three-way merges of a document by paragraph id: what git's merge,
//! rebase, cherry-pick and pull run through `bitext merge-driver`.
//!
//! A line merge of two TOML files conflicts whenever both branches touched
//! neighbouring lines, and its conflict markers make the file unreadable.
//! Here the unit is the paragraph, and within it the field (the source and
//! the target apart): a change made on one branch only is taken; the same
//! change made on both is taken once; different changes to the same field
//! are a [`Conflict`] recorded in the paragraph, with the three values,
//! while the field holds ours. So the result is always a document.
//!
//! The rules, each the same whichever branch is called ours, so that
//! merging in either direction gives the same document when no conflict
//! is recorded:
//!
//! - A paragraph deleted on one branch and left alone on the other is
//!   deleted; deleted on one and changed on the other, it is kept as
//!   changed with a conflict on the field `paragraph`.
//! - Paragraphs added on both branches are all kept. Where both took the
//!   same new id for different paragraphs, the one whose texts sort first
//!   keeps it and the other gets the next free `pN`, recording the id it
//!   had in `renamed_from`.
//! - Order: the paragraphs in the order of the branch that reordered the
//!   common ones (ours if neither or both did); the other branch's new
//!   paragraphs after the paragraph they follow there. Two runs added at
//!   the same place are ordered by their first ids, numerically.
//! - Lists of labels (`flags`, `references`, `suppress`) merge as sets:
//!   what either branch added is in, what either removed is out. Join
//!   records follow the text they are offsets into. A confirmation
//!   changed on both branches is the one made for the merged translation.
//! - Metadata merges key by key; conflicts there are recorded in the
//!   document's own `conflict` list.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::document::{Conflict, Document, Paragraph, ParagraphId, Side};

/// What a merge made.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// The merged document, conflicts recorded in it.
    pub document: Document,
    /// Paragraphs given a new id because the other branch took theirs:
    /// `(old, new)`.
    pub renamed: Vec<(ParagraphId, ParagraphId)>,
}

impl Merged {
    /// How many conflicts the merge recorded.
    pub fn conflict_count(&self) -> usize {
        count_conflicts(&self.document)
    }
}

/// The conflicts recorded in a document, its own and its paragraphs'.
pub fn count_conflicts(document: &Document) -> usize {
    document.conflicts.len()
        + document
            .paragraphs
            .iter()
            .map(|p| p.conflict.len())
            .sum::<usize>()
}

/// Why two versions of a document cannot be merged by paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unmergeable {
    /// A version uses a paragraph id twice, so ids do not say which
    /// paragraph is which.
    DuplicateId {
        /// `base`, `ours` or `theirs`.
        version: &'static str,
        /// The id.
        id: String,
    },
    /// A version already holds recorded conflicts: a merge on top of an
    /// unsettled one would lose which value came from where.
    Unresolved {
        /// `base`, `ours` or `theirs`.
        version: &'static str,
    },
}

impl std::fmt::Display for Unmergeable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unmergeable::DuplicateId { version, id } => {
                write!(f, "{version} uses paragraph id {id:?} twice")
            }
            Unmergeable::Unresolved { version } => {
                write!(f, "{version} holds conflicts not yet resolved")
            }
        }
    }
}

/// Merges `ours` and `theirs`, two descendants of `base`.
///
/// ```
/// use bitext::document::{Document, DocumentId, Paragraph};
/// use bitext::merge::merge_documents;
///
/// let mut base = Document::new(DocumentId::new("d").unwrap());
/// base.paragraphs.push(Paragraph::new("p1", None, Some("One.".into())));
/// base.paragraphs.push(Paragraph::new("p2", None, Some("Two.".into())));
/// let (mut ours, mut theirs) = (base.clone(), base.clone());
/// ours.paragraphs[0].target = Some("One!".into());
/// theirs.paragraphs[1].target = Some("Two!".into());
/// let merged = merge_documents(&base, &ours, &theirs).unwrap();
/// assert_eq!(merged.conflict_count(), 0);
/// assert_eq!(merged.document.paragraphs[0].target.as_deref(), Some("One!"));
/// assert_eq!(merged.document.paragraphs[1].target.as_deref(), Some("Two!"));
/// ```
pub fn merge_documents(
    base: &Document,
    ours: &Document,
    theirs: &Document,
) -> Result<Merged, Unmergeable> {
    for (version, document) in [("base", base), ("ours", ours), ("theirs", theirs)] {
        if count_conflicts(document) > 0 {
            return Err(Unmergeable::Unresolved { version });
        }
        let mut seen = HashSet::with_capacity(document.paragraphs.len());
        for paragraph in &document.paragraphs {
            if !seen.insert(paragraph.id.as_str()) {
                return Err(Unmergeable::DuplicateId {
                    version,
                    id: paragraph.id.to_string(),
                });
            }
        }
    }
    let mut document = ours.clone();
    document.paragraphs.clear();
    merge_metadata(base, ours, theirs, &mut document);

    let by_id = |d: &'_ Document| -> HashMap<String, usize> {
        d.paragraphs
            .iter()
            .enumerate()
            .map(|(k, p)| (p.id.0.clone(), k))
            .collect()
    };
    let (base_ids, our_ids, their_ids) = (by_id(base), by_id(ours), by_id(theirs));

    // Both branches added the same id for different paragraphs: the one
    // whose texts sort first keeps it, the other gets a free id.
    let mut taken: HashSet<String> = base_ids
        .keys()
        .chain(our_ids.keys())
        .chain(their_ids.keys())
        .cloned()
        .collect();
    let mut renamed = Vec::new();
    // Per branch, the id each paragraph has in the merge.
    let mut our_names: HashMap<String, String> = HashMap::new();
    let mut their_names: HashMap<String, String> = HashMap::new();
    let mut collisions: Vec<&str> = our_ids
        .keys()
        .filter(|id| !base_ids.contains_key(*id) && their_ids.contains_key(*id))
        .map(String::as_str)
        .collect();
    collisions.sort_by(|a, b| natural_cmp(a, b));
    for id in collisions {
        let (o, t) = (
            &ours.paragraphs[our_ids[id]],
            &theirs.paragraphs[their_ids[id]],
        );
        if o == t {
            continue;
        }
        let fresh = free_id(&mut taken);
        let ours_first = (&o.source, &o.target, &o.comment) <= (&t.source, &t.target, &t.comment);
        let names = if ours_first {
            &mut their_names
        } else {
            &mut our_names
        };
        names.insert(id.to_owned(), fresh.clone());
        renamed.push((ParagraphId::from(id), ParagraphId(fresh)));
    }
    let name = |names: &HashMap<String, String>, id: &str| -> String {
        names.get(id).cloned().unwrap_or_else(|| id.to_owned())
    };

    // Every paragraph of the merge, by its merged id.
    let mut merged: HashMap<String, Paragraph> = HashMap::new();
    for (id, &k) in &base_ids {
        let b = &base.paragraphs[k];
        let o = our_ids.get(id).map(|&k| &ours.paragraphs[k]);
        let t = their_ids.get(id).map(|&k| &theirs.paragraphs[k]);
        let kept = match (o, t) {
            (Some(o), Some(t)) => Some(merge_paragraph(b, o, t)),
            (None, None) => None,
            (Some(o), None) if o == b => None,
            (None, Some(t)) if t == b => None,
            (Some(o), None) => Some(deleted_on_one_side(b, o, true)),
            (None, Some(t)) => Some(deleted_on_one_side(b, t, false)),
        };
        if let Some(paragraph) = kept {
            merged.insert(id.clone(), paragraph);
        }
    }
    for (side_ids, side, names) in [
        (&our_ids, ours, &our_names),
        (&their_ids, theirs, &their_names),
    ] {
        for (id, &k) in side_ids {
            if base_ids.contains_key(id) {
                continue;
            }
            let mut paragraph = side.paragraphs[k].clone();
            let new_id = name(names, id);
            if new_id != *id {
                paragraph.renamed_from = Some(id.clone());
                paragraph.id = ParagraphId(new_id.clone());
            }
            merged.entry(new_id).or_insert(paragraph);
        }
    }

    // The order: the branch that reordered the common paragraphs leads.
    let common = |d: &Document| -> Vec<String> {
        d.paragraphs
            .iter()
            .map(|p| p.id.0.clone())
            .filter(|id| {
                base_ids.contains_key(id) && our_ids.contains_key(id) && their_ids.contains_key(id)
            })
            .collect()
    };
    let base_order = common(base);
    let (lead, lead_names, follow, follow_names) =
        if common(ours) == base_order && common(theirs) != base_order {
            (theirs, &their_names, ours, &our_names)
        } else {
            (ours, &our_names, theirs, &their_names)
        };
    let mut order: Vec<String> = lead
        .paragraphs
        .iter()
        .map(|p| name(lead_names, p.id.as_str()))
        .filter(|id| merged.contains_key(id))
        .collect();
    let mut placed: HashSet<String> = order.iter().cloned().collect();
    let mut from_follower: HashSet<String> = HashSet::new();
    let is_new = |id: &str| !base_ids.contains_key(id);
    // Where the follower's paragraphs go: after the last of its paragraphs
    // already placed.
    let mut cursor: Option<usize> = None;
    let mut in_run = false;
    for paragraph in &follow.paragraphs {
        let id = name(follow_names, paragraph.id.as_str());
        if !merged.contains_key(&id) {
            continue;
        }
        if placed.contains(&id) {
            cursor = order.iter().position(|o| *o == id);
            in_run = false;
            continue;
        }
        let mut at = cursor.map_or(0, |c| c + 1);
        if !in_run {
            // The leader's own new run at the same place goes first when
            // its first id sorts first.
            let run_end = order[at..]
                .iter()
                .position(|o| !is_new(o) || from_follower.contains(o))
                .map_or(order.len(), |n| at + n);
            if run_end > at && natural_cmp(&order[at], &id) == Ordering::Less {
                at = run_end;
            }
        }
        order.insert(at, id.clone());
        from_follower.insert(id.clone());
        placed.insert(id);
        cursor = Some(at);
        in_run = true;
    }
    document.paragraphs = order
        .into_iter()
        .filter_map(|id| merged.remove(&id))
        .collect();
    Ok(Merged { document, renamed })
}

/// The next `pN` not taken, taken from then on.
fn free_id(taken: &mut HashSet<String>) -> String {
    let mut n = taken.len() + 1;
    loop {
        let id = format!("p{n}");
        if taken.insert(id.clone()) {
            return id;
        }
        n += 1;
    }
}

/// Compares ids with their digits as numbers: `p9` before `p10`.
pub(crate) fn natural_cmp(a: &str, b: &str) -> Ordering {
    let split = |s: &str| {
        let digits = s.len() - s.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let (stem, number) = s.split_at(s.len() - digits);
        (stem.to_owned(), number.parse::<u128>().ok())
    };
    split(a).cmp(&split(b)).then_with(|| a.cmp(b))
}

/// The three-way rule for one value: `Ok` with the merged value, or `Err`
/// when both branches changed it differently.
fn pick<T: PartialEq + Clone>(base: &T, ours: &T, theirs: &T) -> Result<T, ()> {
    if ours == theirs || theirs == base {
        Ok(ours.clone())
    } else if ours == base {
        Ok(theirs.clone())
    } else {
        Err(())
    }
}

/// A three-way merge of a list as a set: what either branch added is in,
/// what either removed is out; ours' order, then theirs' additions.
fn merge_set<T: PartialEq + Clone>(base: &[T], ours: &[T], theirs: &[T]) -> Vec<T> {
    let mut out: Vec<T> = ours
        .iter()
        .filter(|x| theirs.contains(x) || !base.contains(x))
        .cloned()
        .collect();
    for x in theirs {
        if !base.contains(x) && !out.contains(x) {
            out.push(x.clone());
        }
    }
    out
}

/// Merges a string field: the merged value, and a conflict when both
/// branches changed it differently (the value is ours then).
fn merge_text(
    field: &str,
    base: &Option<String>,
    ours: &Option<String>,
    theirs: &Option<String>,
    conflicts: &mut Vec<Conflict>,
) -> Option<String> {
    pick(base, ours, theirs).unwrap_or_else(|()| {
        conflicts.push(Conflict {
            field: field.to_owned(),
            base: base.clone(),
            ours: ours.clone(),
            theirs: theirs.clone(),
        });
        ours.clone()
    })
}

fn merge_paragraph(base: &Paragraph, ours: &Paragraph, theirs: &Paragraph) -> Paragraph {
    let mut conflicts = Vec::new();
    let mut out = ours.clone();
    macro_rules! text {
        ($($field:ident),*) => {
            $(out.$field = merge_text(stringify!($field), &base.$field, &ours.$field, &theirs.$field, &mut conflicts);)*
        };
    }
    text!(context, source, target, source_plural, comment, note);

    // Plural forms, form by form.
    let forms = ours.target_plural.len().max(theirs.target_plural.len());
    let form = |list: &[String], k: usize| list.get(k).cloned();
    let mut plural: Vec<Option<String>> = (0..forms)
        .map(|k| {
            let field = format!("target_plural[{}]", k + 1);
            merge_text(
                &field,
                &form(&base.target_plural, k),
                &form(&ours.target_plural, k),
                &form(&theirs.target_plural, k),
                &mut conflicts,
            )
        })
        .collect();
    while plural.last().is_some_and(Option::is_none) {
        plural.pop();
    }
    out.target_plural = plural.into_iter().map(Option::unwrap_or_default).collect();

    out.flags = merge_set(&base.flags, &ours.flags, &theirs.flags);
    out.references = merge_set(&base.references, &ours.references, &theirs.references);
    out.suppress = merge_set(&base.suppress, &ours.suppress, &theirs.suppress);
    out.previous = pick(&base.previous, &ours.previous, &theirs.previous)
        .unwrap_or_else(|()| ours.previous.clone());
    out.confidence =
        pick(&base.confidence, &ours.confidence, &theirs.confidence).unwrap_or_else(|()| {
            match (ours.confidence, theirs.confidence) {
                (Some(o), Some(t)) => Some(o.max(t)),
                (o, t) => o.or(t),
            }
        });

    // Joins are offsets into a text: each side's follow the text taken.
    out.joins.clear();
    for side in [Side::Source, Side::Target] {
        let from = [ours, theirs, base]
            .into_iter()
            .find(|p| p.text(side) == out.text(side))
            .unwrap_or(ours);
        out.joins
            .extend(from.joins.iter().filter(|j| j.side == side).cloned());
    }

    // A confirmation both changed: the one made for the merged texts,
    // else the one made for the merged translation.
    out.confirmed =
        pick(&base.confirmed, &ours.confirmed, &theirs.confirmed).unwrap_or_else(|()| {
            let made_for = |p: &Paragraph, both: bool| {
                p.target == out.target && (!both || p.source == out.source)
            };
            [true, false]
                .into_iter()
                .find_map(|both| [ours, theirs].into_iter().find(|p| made_for(p, both)))
                .unwrap_or(ours)
                .confirmed
                .clone()
        });
    out.renamed_from = pick(&base.renamed_from, &ours.renamed_from, &theirs.renamed_from)
        .unwrap_or_else(|()| ours.renamed_from.clone());
    out.conflict = conflicts;
    out
}

/// A paragraph deleted on one branch and changed on the other: kept as
/// changed, with a conflict on `paragraph` whose deleting side is empty.
fn deleted_on_one_side(base: &Paragraph, changed: &Paragraph, changed_is_ours: bool) -> Paragraph {
    let shown = |p: &Paragraph| p.target.clone().or_else(|| p.source.clone());
    let mut out = changed.clone();
    let (ours, theirs) = if changed_is_ours {
        (shown(changed), None)
    } else {
        (None, shown(changed))
    };
    out.conflict = vec![Conflict {
        field: "paragraph".to_owned(),
        base: shown(base),
        ours,
        theirs,
    }];
    out
}

/// Metadata, key by key; the citation's keys one by one.
fn merge_metadata(base: &Document, ours: &Document, theirs: &Document, out: &mut Document) {
    let mut conflicts = Vec::new();
    let (b, o, t) = (base.metadata(), ours.metadata(), theirs.metadata());
    for k in 0..b.len() {
        let (key, _) = b[k];
        let owned = |v: Option<&str>| v.map(str::to_owned);
        let value = merge_text(
            key,
            &owned(b[k].1),
            &owned(o[k].1),
            &owned(t[k].1),
            &mut conflicts,
        );
        if let Some(slot) = out.metadata_mut(key) {
            *slot = value;
        }
    }

    let citation = |d: &Document| d.citation.clone().unwrap_or_default();
    let (cb, co, ct) = (citation(base), citation(ours), citation(theirs));
    let mut merged = co.clone();
    macro_rules! citation_keys {
        ($($field:ident),*) => {
            $(merged.$field = merge_text(concat!("citation.", stringify!($field)), &cb.$field, &co.$field, &ct.$field, &mut conflicts);)*
        };
    }
    citation_keys!(text, archive, reference, url);
    out.citation = (merged != Default::default()).then_some(merged);

    let keys: BTreeSet<&String> = base
        .extra
        .keys()
        .chain(ours.extra.keys())
        .chain(theirs.extra.keys())
        .collect();
    let mut extra = BTreeMap::new();
    for key in keys {
        let (vb, vo, vt) = (
            base.extra.get(key),
            ours.extra.get(key),
            theirs.extra.get(key),
        );
        let value = pick(&vb, &vo, &vt).unwrap_or_else(|()| {
            let shown = |v: Option<&toml::Value>| v.map(crate::document::write::inline_value);
            conflicts.push(Conflict {
                field: key.clone(),
                base: shown(vb),
                ours: shown(vo),
                theirs: shown(vt),
            });
            vo
        });
        if let Some(value) = value {
            extra.insert(key.clone(), value.clone());
        }
    }
    out.extra = extra;
    out.conflicts = conflicts;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::DocumentId;

    fn doc(paragraphs: &[(&str, &str)]) -> Document {
        let mut d = Document::new(DocumentId::new("d").unwrap());
        d.paragraphs = paragraphs
            .iter()
            .map(|(id, t)| Paragraph::new(*id, None, Some((*t).to_owned())))
            .collect();
        d
    }

    fn ids(d: &Document) -> Vec<&str> {
        d.paragraphs.iter().map(|p| p.id.as_str()).collect()
    }

    #[test]
    fn both_inserting_at_the_same_place_keeps_both_in_either_direction() {
        let base = doc(&[("p1", "a"), ("p2", "b")]);
        let ours = doc(&[("p1", "a"), ("p3", "x"), ("p2", "b")]);
        let theirs = doc(&[("p1", "a"), ("p3", "y"), ("p2", "b")]);
        let one = merge_documents(&base, &ours, &theirs).unwrap();
        let two = merge_documents(&base, &theirs, &ours).unwrap();
        assert_eq!(one.document, two.document);
        assert_eq!(ids(&one.document), ["p1", "p3", "p4", "p2"]);
        assert_eq!(one.document.paragraphs[1].target.as_deref(), Some("x"));
        assert_eq!(
            one.document.paragraphs[2].renamed_from.as_deref(),
            Some("p3")
        );
        assert_eq!(one.renamed.len(), 1);
        assert_eq!(one.conflict_count(), 0);
    }

    #[test]
    fn deleted_on_one_side_and_changed_on_the_other_is_a_conflict() {
        let base = doc(&[("p1", "a"), ("p2", "b")]);
        let ours = doc(&[("p1", "a")]);
        let theirs = doc(&[("p1", "a"), ("p2", "b!")]);
        let merged = merge_documents(&base, &ours, &theirs).unwrap();
        let p2 = &merged.document.paragraphs[1];
        assert_eq!(p2.target.as_deref(), Some("b!"));
        assert_eq!(p2.conflict[0].field, "paragraph");
        assert_eq!(p2.conflict[0].ours, None);
        // Deleted on one side, untouched on the other: deleted.
        let merged = merge_documents(&base, &ours, &base).unwrap();
        assert_eq!(ids(&merged.document), ["p1"]);
    }

    #[test]
    fn source_and_target_merge_apart() {
        let mut base = doc(&[("p1", "a")]);
        base.paragraphs[0].source = Some("а".into());
        let mut ours = base.clone();
        ours.paragraphs[0].source = Some("а!".into());
        let mut theirs = base.clone();
        theirs.paragraphs[0].target = Some("a!".into());
        let merged = merge_documents(&base, &ours, &theirs).unwrap();
        let p = &merged.document.paragraphs[0];
        assert_eq!(
            (p.source.as_deref(), p.target.as_deref()),
            (Some("а!"), Some("a!"))
        );
        assert!(p.conflict.is_empty());
    }

    #[test]
    fn ids_sort_with_their_numbers() {
        assert_eq!(natural_cmp("p9", "p10"), Ordering::Less);
        assert_eq!(natural_cmp("p10", "p10a"), Ordering::Less);
        assert_eq!(natural_cmp("q1", "p2"), Ordering::Greater);
    }
}

/// How `bitext resolve` settles a conflict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Our value.
    Ours,
    /// Their value.
    Theirs,
    /// The common ancestor's value.
    Base,
    /// A value written anew.
    Edit(String),
}

/// Why a conflict could not be settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolveError {
    /// No paragraph has this id.
    NoParagraph(String),
    /// Nothing recorded there (or not for that field).
    NoConflict,
    /// Several conflicts there and an edit, which needs one.
    SeveralConflicts(Vec<String>),
    /// A paragraph deleted on one side has no base value to go back to,
    /// and no text to edit.
    DeletedParagraph,
    /// An edited value of a key whose values are not strings did not read
    /// as a TOML value.
    NotAValue(String),
}

impl std::fmt::Display for ResolveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ResolveError::NoParagraph(id) => write!(f, "no paragraph {id:?}"),
            ResolveError::NoConflict => f.write_str("no conflict is recorded there"),
            ResolveError::SeveralConflicts(fields) => write!(
                f,
                "{} conflicts are recorded there ({}); name one with --field",
                fields.len(),
                fields.join(", ")
            ),
            ResolveError::DeletedParagraph => f.write_str(
                "one side deleted this paragraph: keep it (the side that changed it) or delete it (the side that deleted it), with --ours or --theirs",
            ),
            ResolveError::NotAValue(reason) => write!(f, "the edited value is not a TOML value: {reason}"),
        }
    }
}

/// Settles the conflicts recorded on a paragraph (`paragraph`), or on the
/// document's metadata (`None`): all of them, or the one on `field`.
/// Gives the fields settled.
pub fn resolve_conflict(
    document: &mut Document,
    paragraph: Option<&str>,
    field: Option<&str>,
    resolution: &Resolution,
) -> Result<Vec<String>, ResolveError> {
    let k = match paragraph {
        Some(id) => Some(
            document
                .paragraphs
                .iter()
                .position(|p| p.id.as_str() == id)
                .ok_or_else(|| ResolveError::NoParagraph(id.to_owned()))?,
        ),
        None => None,
    };
    let list = match k {
        Some(k) => &mut document.paragraphs[k].conflict,
        None => &mut document.conflicts,
    };
    let (chosen, kept): (Vec<Conflict>, Vec<Conflict>) = std::mem::take(list)
        .into_iter()
        .partition(|c| field.is_none_or(|f| c.field == f));
    *list = kept;
    let restore = |document: &mut Document, chosen: Vec<Conflict>| {
        let list = match k {
            Some(k) => &mut document.paragraphs[k].conflict,
            None => &mut document.conflicts,
        };
        list.extend(chosen);
    };
    if chosen.is_empty() {
        restore(document, chosen);
        return Err(ResolveError::NoConflict);
    }
    if chosen.len() > 1 && matches!(resolution, Resolution::Edit(_)) {
        let fields = chosen.iter().map(|c| c.field.clone()).collect();
        restore(document, chosen);
        return Err(ResolveError::SeveralConflicts(fields));
    }
    let mut settled = Vec::new();
    let mut delete = false;
    for conflict in &chosen {
        let value = match resolution {
            Resolution::Ours => conflict.ours.clone(),
            Resolution::Theirs => conflict.theirs.clone(),
            Resolution::Base => conflict.base.clone(),
            Resolution::Edit(text) => Some(text.clone()),
        };
        let result = match k {
            Some(_) if conflict.field == "paragraph" => match resolution {
                Resolution::Base | Resolution::Edit(_) => Err(ResolveError::DeletedParagraph),
                _ => {
                    delete = value.is_none();
                    Ok(())
                }
            },
            Some(k) => {
                set_paragraph_field(&mut document.paragraphs[k], &conflict.field, value);
                Ok(())
            }
            None => set_metadata(document, &conflict.field, value),
        };
        if let Err(error) = result {
            restore(document, chosen);
            return Err(error);
        }
        settled.push(conflict.field.clone());
    }
    if let (Some(k), true) = (k, delete) {
        document.paragraphs.remove(k);
    }
    Ok(settled)
}

fn set_paragraph_field(paragraph: &mut Paragraph, field: &str, value: Option<String>) {
    let value = value.filter(|v| !v.is_empty());
    let slot = match field {
        "context" => &mut paragraph.context,
        "source" | "target" => {
            let side = if field == "source" {
                Side::Source
            } else {
                Side::Target
            };
            // Join offsets were made for the text they are in.
            if paragraph.text(side) != value.as_deref() {
                paragraph.joins.retain(|j| j.side != side);
            }
            if side == Side::Source {
                &mut paragraph.source
            } else {
                &mut paragraph.target
            }
        }
        "source_plural" => &mut paragraph.source_plural,
        "comment" => &mut paragraph.comment,
        "note" => &mut paragraph.note,
        other => {
            // `target_plural[N]`, N counted from 1.
            let form = other
                .strip_prefix("target_plural[")
                .and_then(|rest| rest.strip_suffix(']'))
                .and_then(|n| n.parse::<usize>().ok())
                .filter(|n| *n >= 1);
            if let Some(n) = form {
                let forms = &mut paragraph.target_plural;
                if forms.len() < n {
                    forms.resize(n, String::new());
                }
                forms[n - 1] = value.unwrap_or_default();
                while forms.last().is_some_and(String::is_empty) {
                    forms.pop();
                }
            }
            return;
        }
    };
    *slot = value;
}

fn set_metadata(
    document: &mut Document,
    key: &str,
    value: Option<String>,
) -> Result<(), ResolveError> {
    if let Some(slot) = document.metadata_mut(key) {
        *slot = value;
    } else if let Some(sub) = key.strip_prefix("citation.") {
        let mut citation = document.citation.take().unwrap_or_default();
        match sub {
            "text" => citation.text = value,
            "archive" => citation.archive = value,
            "reference" => citation.reference = value,
            _ => citation.url = value,
        }
        document.citation = (citation != Default::default()).then_some(citation);
    } else {
        match value {
            None => {
                document.extra.remove(key);
            }
            Some(text) => {
                let table: toml::Table = toml::from_str(&format!("value = {text}"))
                    .map_err(|e| ResolveError::NotAValue(e.message().to_owned()))?;
                if let Some(value) = table.get("value") {
                    document.extra.insert(key.to_owned(), value.clone());
                }
            }
        }
    }
    Ok(())
}
