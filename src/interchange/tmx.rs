//! TMX 1.4b: a translation memory of the document's aligned pairs, one
//! `<tu tuid="DOC#PARA">` each, the dates from the history where known.
//! A paragraph with one side only is no pair and is left out (counted).

use std::path::Path;

use crate::document::{Document, TranslationState};
use crate::error::{Error, Result};
use crate::render::markup::push_xml_text;

use super::xml::{decode_xml, expect_root, parse_with, push_attribute, Element, Node};
use super::{cannot_carry, ExportOptions, Exported, Interchange, Unit};

/// TMX dates are `YYYYMMDDThhmmssZ`, in UTC.
fn tmx_date(rfc3339: &str) -> Option<String> {
    let (seconds, _) = crate::date::parse_rfc3339(rfc3339)?;
    let utc = crate::date::rfc3339(seconds, 0);
    let digits: String = utc.chars().take(19).filter(char::is_ascii_digit).collect();
    (digits.len() == 14).then(|| format!("{}T{}Z", &digits[..8], &digits[8..]))
}

pub(super) fn write(document: &Document, options: &ExportOptions) -> Result<Exported> {
    let source_language = document.source_language.as_deref().unwrap_or("und");
    let target_language = document.target_language.as_deref().unwrap_or("und");
    let mut out = String::with_capacity(document.text_len() * 2 + 4096);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n <header");
    for (name, value) in [
        ("creationtool", "bitext"),
        ("creationtoolversion", env!("CARGO_PKG_VERSION")),
        ("segtype", "paragraph"),
        ("o-tmf", "bitext"),
        ("adminlang", "en"),
        ("srclang", source_language),
        ("datatype", "plaintext"),
    ] {
        push_attribute(&mut out, name, value);
    }
    out.push_str("/>\n <body>\n");
    let mut left_out = 0;
    for paragraph in &document.paragraphs {
        let (Some(source), Some(target)) = (&paragraph.source, &paragraph.target) else {
            left_out += 1;
            continue;
        };
        let id = paragraph.id.as_str();
        out.push_str("  <tu");
        push_attribute(&mut out, "tuid", &format!("{}#{id}", document.id));
        if let Some((created, changed)) = options.dates.get(id) {
            if let Some(date) = tmx_date(created) {
                push_attribute(&mut out, "creationdate", &date);
            }
            if let Some(date) = tmx_date(changed) {
                push_attribute(&mut out, "changedate", &date);
            }
        }
        out.push_str(">\n");
        if paragraph.state().needs_review() {
            out.push_str("   <prop type=\"x-bitext-state\">");
            out.push_str(paragraph.state().as_str());
            out.push_str("</prop>\n");
        }
        for (language, text) in [(source_language, source), (target_language, target)] {
            out.push_str("   <tuv");
            push_attribute(&mut out, "xml:lang", language);
            out.push_str("><seg>");
            push_xml_text(&mut out, text, false, |_, c| {
                Err(cannot_carry(document, id, c, "TMX"))
            })?;
            out.push_str("</seg></tuv>\n");
        }
        out.push_str("  </tu>\n");
    }
    out.push_str(" </body>\n</tmx>\n");
    Ok(Exported {
        text: out,
        left_out,
    })
}

pub(super) fn read(bytes: &[u8], path: &Path) -> Result<Interchange> {
    let text = decode_xml(bytes, path)?;
    let mut tus = Vec::new();
    let root = parse_with(
        &text,
        path,
        &["seg", "prop", "note"],
        &["tu"],
        |open, tu| {
            if open.iter().any(|e| e.name == "body") {
                tus.push(tu);
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
    expect_root(&root, "tmx", "TMX", path)?;
    let header = root.child("header");
    let source_language = header
        .and_then(|h| h.attribute("srclang"))
        .filter(|l| *l != "*all*")
        .map(str::to_owned);
    let mut read = Interchange {
        source_language: source_language.clone(),
        ..Interchange::default()
    };
    if root.child("body").is_none() {
        return Err(error(root.line, "TMX with no <body>".into()));
    }
    for (n, tu) in tus.iter().enumerate() {
        // A unit bitext wrote says DOC#PARA; another tool's may give the
        // context as a property (translate-toolkit), or nothing: then the
        // units are numbered p1, p2… in order, as an import numbers them.
        let context = tu
            .named("prop")
            .find(|p| p.attribute("type") == Some("x-context"));
        let numbered = format!("p{}", n + 1);
        let tuid = match (tu.attribute("tuid"), context.and_then(text_of)) {
            (Some(tuid), _) => tuid,
            (None, Some(context)) => context,
            (None, None) => numbered.as_str(),
        };
        let (document, id) = match tuid.split_once('#') {
            Some((document, id)) => (Some(document), id),
            None => (None, tuid),
        };
        if let Some(document) = document {
            match &read.document {
                None => read.document = Some(document.to_owned()),
                Some(first) if first != document => {
                    read.warnings.push(format!(
                        "unit {tuid}: of document {document}, not {first}; left out"
                    ));
                    continue;
                }
                Some(_) => {}
            }
        }
        let tuvs: Vec<(String, String, usize)> = tu
            .named("tuv")
            .map(|tuv| {
                let language = tuv
                    .attribute("xml:lang")
                    .or_else(|| tuv.attribute("lang"))
                    .unwrap_or("")
                    .to_owned();
                let seg = tuv
                    .child("seg")
                    .map(|s| seg_text(s, tuid, path))
                    .transpose()?;
                Ok((language, seg.unwrap_or_default(), tuv.line))
            })
            .collect::<Result<_>>()?;
        if tuvs.len() != 2 {
            return Err(error(
                tu.line,
                format!("unit {tuid} has {} <tuv>, not 2: bitext reads pairs of an original and its translation", tuvs.len()),
            ));
        }
        let source_language = read
            .source_language
            .get_or_insert_with(|| tuvs[0].0.clone())
            .clone();
        let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
        let Some(s) = tuvs.iter().position(|(l, _, _)| same(l, &source_language)) else {
            return Err(error(
                tu.line,
                format!("unit {tuid} has no <tuv> in the source language {source_language}"),
            ));
        };
        let (target_language, target, _) = &tuvs[1 - s];
        read.target_language
            .get_or_insert_with(|| target_language.clone());
        let needs_review = tu.named("prop").any(|p| {
            p.attribute("type") == Some("x-bitext-state")
                && p.children
                    .iter()
                    .any(|n| matches!(n, Node::Text(t) if t == "fuzzy" || t == "stale"))
        });
        read.units.push(Unit {
            id: id.to_owned(),
            context: None,
            source: Some(tuvs[s].1.clone()),
            target: Some(target.clone()),
            state: if needs_review {
                TranslationState::Fuzzy
            } else {
                TranslationState::Translated
            },
            line: tu.line,
        });
    }
    Ok(read)
}

/// The text of an element that holds only text.
fn text_of<'s>(element: &'s Element<'_>) -> Option<&'s str> {
    match element.children.as_slice() {
        [Node::Text(text)] => Some(text.as_ref()),
        _ => None,
    }
}

/// A `<seg>`'s text; inline elements (`<bpt>`, `<ph>`, `<hi>`, …) refused.
fn seg_text(seg: &Element, tuid: &str, path: &Path) -> Result<String> {
    let mut text = String::new();
    for node in &seg.children {
        match node {
            Node::Text(t) => text.push_str(t),
            Node::Element(inner) => {
                return Err(Error::Import {
                    path: path.to_owned(),
                    line: Some(inner.line),
                    column: None,
                    message: format!("unit {tuid}: inline markup <{}> in a <seg>: bitext keeps plain text, and dropping the markup would change the text unseen", inner.name),
                })
            }
        }
    }
    Ok(text)
}
