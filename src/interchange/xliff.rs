//! XLIFF 2.0 and 1.2: a `<file>` per document, a unit per paragraph.
//!
//! Texts are written with their line breaks as they are, in elements that
//! say `xml:space="preserve"`. XLIFF 2 writes a character XML 1.0 cannot
//! hold as `<cp hex="…"/>`, as the standard provides; XLIFF 1.2 has no
//! such element, so such a text is refused with a pointer to XLIFF 2.
//! Read back, XLIFF 2's segments and ignorables of a unit are joined in
//! order, and 1.2's `<mrk mtype="seg">` segmentation is read through; any
//! other inline element (`<ph>`, `<pc>`, `<g>`, `<x/>`, `<bpt>`, …) is
//! refused, naming the unit — bitext keeps plain text, and dropping
//! markup would change the text unseen.

use std::fmt::Write as _;
use std::path::Path;

use crate::document::{Document, TranslationState};
use crate::error::{Error, Result};
use crate::render::markup::push_xml_text;

use super::xml::{decode_xml, expect_root, parse_with, push_attribute, Element, Node};
use super::{cannot_carry, Exported, Interchange, Unit};

const XLIFF_2: &str = "urn:oasis:names:tc:xliff:document:2.0";
const XLIFF_1: &str = "urn:oasis:names:tc:xliff:document:1.2";

/// The metadata written as file-level notes, by key.
fn metadata(document: &Document) -> Vec<(String, String)> {
    let mut notes: Vec<(String, String)> = document
        .metadata()
        .into_iter()
        // The languages are the file's own attributes.
        .filter(|(key, _)| !key.ends_with("_language"))
        .filter_map(|(key, value)| value.map(|v| (key.to_owned(), v.to_owned())))
        .collect();
    if let Some(citation) = &document.citation {
        for (key, value) in [
            ("citation", &citation.text),
            ("archive", &citation.archive),
            ("reference", &citation.reference),
            ("url", &citation.url),
        ] {
            if let Some(value) = value {
                notes.push((key.to_owned(), value.clone()));
            }
        }
    }
    notes
}

/// Why a unit needs review, for its note.
fn review_note(state: TranslationState) -> Option<&'static str> {
    match state {
        TranslationState::Fuzzy => Some("fuzzy: marked for review"),
        TranslationState::Stale => {
            Some("stale: the original changed after this translation was confirmed")
        }
        _ => None,
    }
}

/// XLIFF 2.0.
pub(super) fn write_2(document: &Document) -> Result<Exported> {
    let mut out = String::with_capacity(document.text_len() * 2 + 4096);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = write!(out, "<xliff xmlns=\"{XLIFF_2}\" version=\"2.0\"");
    push_attribute(
        &mut out,
        "srcLang",
        document.source_language.as_deref().unwrap_or("und"),
    );
    if let Some(target) = &document.target_language {
        push_attribute(&mut out, "trgLang", target);
    }
    out.push_str(">\n <file");
    push_attribute(&mut out, "id", document.id.as_str());
    push_attribute(
        &mut out,
        "original",
        &format!("translations/{}.toml", document.id),
    );
    out.push_str(">\n");
    let notes = metadata(document);
    if !notes.is_empty() {
        out.push_str("  <notes>\n");
        for (key, value) in &notes {
            out.push_str("   <note");
            push_attribute(&mut out, "category", key);
            out.push('>');
            text_2(&mut out, value);
            out.push_str("</note>\n");
        }
        out.push_str("  </notes>\n");
    }
    for paragraph in &document.paragraphs {
        let state = paragraph.state();
        out.push_str("  <unit");
        push_attribute(&mut out, "id", paragraph.id.as_str());
        out.push_str(">\n");
        let mut notes: Vec<(&str, &str)> = Vec::new();
        if let Some(why) = review_note(state) {
            notes.push(("bitext:state", why));
        }
        if let Some(comment) = &paragraph.comment {
            notes.push(("comment", comment));
        }
        if let Some(note) = &paragraph.note {
            notes.push(("note", note));
        }
        let suppressed: Vec<String> = paragraph
            .suppress
            .iter()
            .map(|s| format!("{}: {}", s.check, s.reason))
            .collect();
        for s in &suppressed {
            notes.push(("bitext:suppress", s));
        }
        if !notes.is_empty() {
            out.push_str("   <notes>\n");
            for (category, text) in notes {
                out.push_str("    <note");
                push_attribute(&mut out, "category", category);
                out.push('>');
                text_2(&mut out, text);
                out.push_str("</note>\n");
            }
            out.push_str("   </notes>\n");
        }
        out.push_str("   <segment");
        let (name, sub) = match state {
            TranslationState::Untranslated => ("initial", None),
            TranslationState::Fuzzy => ("translated", Some("bitext:fuzzy")),
            TranslationState::Stale => ("translated", Some("bitext:stale")),
            TranslationState::Translated => ("translated", None),
            TranslationState::Confirmed => ("final", None),
        };
        push_attribute(&mut out, "state", name);
        if let Some(sub) = sub {
            push_attribute(&mut out, "subState", sub);
        }
        out.push_str(">\n    <source xml:space=\"preserve\">");
        text_2(&mut out, paragraph.source.as_deref().unwrap_or(""));
        out.push_str("</source>\n");
        if let Some(target) = &paragraph.target {
            out.push_str("    <target xml:space=\"preserve\">");
            text_2(&mut out, target);
            out.push_str("</target>\n");
        }
        out.push_str("   </segment>\n  </unit>\n");
    }
    out.push_str(" </file>\n</xliff>\n");
    Ok(Exported {
        text: out,
        left_out: 0,
    })
}

/// Text in XLIFF 2: a character XML cannot hold as `<cp>`.
fn text_2(out: &mut String, text: &str) {
    let _ = push_xml_text(out, text, false, |out, c| {
        let _ = write!(out, "<cp hex=\"{:04X}\"/>", c as u32);
        Ok::<(), ()>(())
    });
}

/// XLIFF 1.2.
pub(super) fn write_1(document: &Document) -> Result<Exported> {
    let mut out = String::with_capacity(document.text_len() * 2 + 4096);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = write!(out, "<xliff xmlns=\"{XLIFF_1}\" version=\"1.2\">\n <file");
    push_attribute(
        &mut out,
        "original",
        &format!("translations/{}.toml", document.id),
    );
    push_attribute(
        &mut out,
        "source-language",
        document.source_language.as_deref().unwrap_or("und"),
    );
    if let Some(target) = &document.target_language {
        push_attribute(&mut out, "target-language", target);
    }
    out.push_str(" datatype=\"plaintext\">\n  <header>\n");
    let text = |out: &mut String, paragraph: &str, text: &str| {
        push_xml_text(out, text, false, |_, c| {
            Err(cannot_carry(document, paragraph, c, "XLIFF 1.2"))
        })
    };
    for (key, value) in metadata(document) {
        out.push_str("   <note");
        push_attribute(&mut out, "from", &key);
        out.push('>');
        text(&mut out, "(metadata)", &value)?;
        out.push_str("</note>\n");
    }
    out.push_str("  </header>\n  <body>\n");
    for paragraph in &document.paragraphs {
        let id = paragraph.id.as_str();
        let state = paragraph.state();
        out.push_str("   <trans-unit");
        push_attribute(&mut out, "id", id);
        if state == TranslationState::Confirmed {
            out.push_str(" approved=\"yes\"");
        }
        out.push_str(" xml:space=\"preserve\">\n    <source>");
        text(&mut out, id, paragraph.source.as_deref().unwrap_or(""))?;
        out.push_str("</source>\n");
        let name = match state {
            TranslationState::Untranslated => "needs-translation",
            TranslationState::Fuzzy | TranslationState::Stale => "needs-review-translation",
            TranslationState::Translated => "translated",
            TranslationState::Confirmed => "final",
        };
        if let Some(target) = &paragraph.target {
            out.push_str("    <target");
            push_attribute(&mut out, "state", name);
            out.push('>');
            text(&mut out, id, target)?;
            out.push_str("</target>\n");
        }
        let mut notes: Vec<(&str, &str)> = Vec::new();
        if let Some(why) = review_note(state) {
            notes.push(("bitext", why));
        }
        if let Some(comment) = &paragraph.comment {
            notes.push(("translator", comment));
        }
        if let Some(note) = &paragraph.note {
            notes.push(("developer", note));
        }
        for (from, note) in notes {
            out.push_str("    <note");
            push_attribute(&mut out, "from", from);
            out.push('>');
            text(&mut out, id, note)?;
            out.push_str("</note>\n");
        }
        out.push_str("   </trans-unit>\n");
    }
    out.push_str("  </body>\n </file>\n</xliff>\n");
    Ok(Exported {
        text: out,
        left_out: 0,
    })
}

/// Reads XLIFF 2 or 1.2, by the root's `version`.
pub(super) fn read(bytes: &[u8], path: &Path) -> Result<Interchange> {
    let text = decode_xml(bytes, path)?;
    let mut units = Vec::new();
    let texts = ["source", "target", "note"];
    let root = parse_with(
        &text,
        path,
        &texts,
        &["unit", "trans-unit"],
        |open, element| {
            let version = open
                .first()
                .and_then(|r| r.attribute("version"))
                .unwrap_or("");
            let inside = |name: &str| open.iter().any(|e| e.name == name);
            match element.name {
                "unit" if version.starts_with('2') && inside("file") => {
                    units.push(unit_2(&element, path)?)
                }
                "trans-unit" if version.starts_with('1') && inside("body") => {
                    units.extend(unit_1(&element, path)?)
                }
                _ => {}
            }
            Ok(())
        },
    )?;
    let error = |line: usize, message: String| Error::Import {
        path: path.to_owned(),
        line: Some(line),
        column: None,
        message,
    };
    expect_root(&root, "xliff", "XLIFF", path)?;
    let version = root.attribute("version").unwrap_or("");
    let mut read = Interchange {
        units,
        ..Interchange::default()
    };
    if version.starts_with('2') {
        read.source_language = root.attribute("srcLang").map(str::to_owned);
        read.target_language = root.attribute("trgLang").map(str::to_owned);
        read.document = root
            .child("file")
            .and_then(|f| f.attribute("id"))
            .map(str::to_owned);
    } else if version.starts_with('1') {
        if let Some(file) = root.child("file") {
            read.document = file
                .attribute("original")
                .and_then(|o| o.rsplit('/').next())
                .map(|o| o.strip_suffix(".toml").unwrap_or(o).to_owned());
            read.source_language = file.attribute("source-language").map(str::to_owned);
            read.target_language = file.attribute("target-language").map(str::to_owned);
        }
    } else {
        return Err(error(
            root.line,
            format!("XLIFF version {version:?} is not 1.2 or 2.x"),
        ));
    }
    read.source_language = read.source_language.filter(|l| l != "und");
    Ok(read)
}

fn unit_2(unit: &Element, path: &Path) -> Result<Unit> {
    let id = unit.attribute("id").unwrap_or("").to_owned();
    let (mut source, mut target) = (String::new(), String::new());
    let mut has_target = false;
    // A segment with an original but no translation: the unit is not
    // translated yet, and half a translation never replaces a whole one.
    let mut untranslated_segment = false;
    let mut state = TranslationState::Confirmed;
    let mut segments = 0;
    for part in unit.elements() {
        let is_segment = part.name == "segment";
        if !is_segment && part.name != "ignorable" {
            continue;
        }
        let original = part
            .child("source")
            .map(|s| inline_text(s, &id, path))
            .transpose()?
            .unwrap_or_default();
        source.push_str(&original);
        let translation = part
            .child("target")
            .map(|t| inline_text(t, &id, path))
            .transpose()?;
        if let Some(translation) = &translation {
            has_target = true;
            target.push_str(translation);
        }
        if is_segment
            && translation.as_deref().unwrap_or("").is_empty()
            && !original.trim().is_empty()
        {
            untranslated_segment = true;
        }
        if translation.is_none() && !is_segment {
            // An ignorable's text stands on both sides.
            target.push_str(&original);
        }
        if is_segment {
            segments += 1;
            state = state.min_by_order(segment_state_2(part));
        }
    }
    if segments == 0 {
        state = TranslationState::Untranslated;
    }
    Ok(Unit {
        id,
        context: None,
        source: Some(source),
        target: (has_target && !untranslated_segment).then_some(target),
        state,
        line: unit.line,
    })
}

fn segment_state_2(segment: &Element) -> TranslationState {
    let sub = segment.attribute("subState").unwrap_or("");
    // With no state given, XLIFF says `initial`; a tool that writes a
    // target and no state (translate-toolkit does) means a translation.
    let given = segment.child("target").map_or("initial", |_| "translated");
    match segment.attribute("state").unwrap_or(given) {
        "final" | "reviewed" => TranslationState::Confirmed,
        "translated" if sub.ends_with(":fuzzy") || sub.ends_with(":stale") => {
            TranslationState::Fuzzy
        }
        "translated" => TranslationState::Translated,
        _ => TranslationState::Untranslated,
    }
}

/// An XLIFF 1.2 `<trans-unit>`; `None` for a PO header as po2xliff
/// writes it, which is the catalogue's, not a unit.
fn unit_1(element: &Element, path: &Path) -> Result<Option<Unit>> {
    if element.attribute("restype") == Some("x-gettext-domain-header") {
        return Ok(None);
    }
    let id = element.attribute("id").unwrap_or("").to_owned();
    let source = element
        .child("source")
        .map(|s| inline_text(s, &id, path))
        .transpose()?;
    let target_element = element.child("target");
    let mut target = target_element
        .map(|t| inline_text(t, &id, path))
        .transpose()?;
    // Segmented (`<seg-source>`), a unit with a segment not translated is
    // not translated yet: half a translation never replaces a whole one.
    let translated_segments = |e: Option<&Element>| {
        e.map_or(0, |e| {
            e.named("mrk")
                .filter(|m| m.attribute("mtype") == Some("seg"))
                .filter(|m| {
                    m.children.iter().any(|n| {
                        matches!(n, Node::Text(t) if !t.trim().is_empty())
                            || matches!(n, Node::Element(_))
                    })
                })
                .count()
        })
    };
    if let Some(segmented) = element.child("seg-source") {
        if translated_segments(target_element) < translated_segments(Some(segmented)) {
            target = None;
        }
    }
    let approved = element.attribute("approved") == Some("yes");
    let state = match target_element.and_then(|t| t.attribute("state")) {
        _ if target.as_deref().unwrap_or("").is_empty() => TranslationState::Untranslated,
        _ if approved => TranslationState::Confirmed,
        Some("final" | "signed-off") => TranslationState::Confirmed,
        Some(s)
            if s.starts_with("needs-review")
                || s.starts_with("needs-adaptation")
                || s.starts_with("needs-l10n") =>
        {
            TranslationState::Fuzzy
        }
        Some("new" | "needs-translation") => TranslationState::Untranslated,
        _ => TranslationState::Translated,
    };
    Ok(Some(Unit {
        id,
        context: None,
        source,
        target,
        state,
        line: element.line,
    }))
}

/// The text of a `<source>` or `<target>`: XLIFF 2's `<cp>` read as its
/// character, 1.2's segment marks read through, any other inline element
/// refused.
fn inline_text(element: &Element, unit: &str, path: &Path) -> Result<String> {
    let mut text = String::new();
    collect(element, unit, path, &mut text)?;
    Ok(text)
}

fn collect(element: &Element, unit: &str, path: &Path, text: &mut String) -> Result<()> {
    for node in &element.children {
        match node {
            Node::Text(t) => text.push_str(t),
            Node::Element(inner) if inner.name == "cp" => {
                let c = inner
                    .attribute("hex")
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .and_then(char::from_u32);
                match c {
                    Some(c) => text.push(c),
                    None => {
                        return Err(Error::Import {
                            path: path.to_owned(),
                            line: Some(inner.line),
                            column: None,
                            message: format!("unit {unit}: a <cp> with no valid hex code point"),
                        })
                    }
                }
            }
            Node::Element(inner) if inner.name == "mrk" && inner.attribute("mtype") == Some("seg") => {
                collect(inner, unit, path, text)?
            }
            Node::Element(inner) => {
                return Err(Error::Import {
                    path: path.to_owned(),
                    line: Some(inner.line),
                    column: None,
                    message: format!(
                        "unit {unit}: inline markup <{}> in the <{}>: bitext keeps plain text, and dropping the markup would change the text unseen; remove it in the CAT tool (or export without tags) and try again",
                        inner.name, element.name
                    ),
                })
            }
        }
    }
    Ok(())
}

trait ByOrder {
    fn min_by_order(self, other: Self) -> Self;
}

impl ByOrder for TranslationState {
    /// The state that says less of the two, for a unit of several segments.
    fn min_by_order(self, other: Self) -> Self {
        let rank = |s: TranslationState| match s {
            TranslationState::Untranslated => 0,
            TranslationState::Fuzzy | TranslationState::Stale => 1,
            TranslationState::Translated => 2,
            TranslationState::Confirmed => 3,
        };
        if rank(other) < rank(self) {
            other
        } else {
            self
        }
    }
}
