//! Text hygiene checks: `not-nfc`.

use unicode_normalization::UnicodeNormalization;

use super::{Context, Severity};
use crate::document::Side;
use crate::normalize::is_nfc;

pub(super) fn check(cx: &mut Context) {
    // One pass over the whole file settles the common case.
    if cx.loaded.is_nfc() {
        return;
    }
    let document = &cx.loaded.document;
    let metadata = [
        ("title", document.title.as_deref()),
        ("summary", document.summary.as_deref()),
    ];
    for (key, text) in metadata {
        if let Some(text) = text.filter(|t| !is_nfc(t)) {
            cx.report(
                "not-nfc",
                Severity::Error,
                None,
                cx.key_line(None, key),
                not_nfc_message(key, text),
            );
        }
    }
    for (i, paragraph) in document.paragraphs.iter().enumerate() {
        for side in [Side::Source, Side::Target] {
            if let Some(text) = paragraph.text(side).filter(|t| !is_nfc(t)) {
                cx.report(
                    "not-nfc",
                    Severity::Error,
                    Some(i),
                    None,
                    not_nfc_message(side.as_str(), text),
                );
            }
        }
    }
}

/// Names the first character that NFC changes, so the reader can find it.
fn not_nfc_message(what: &str, text: &str) -> String {
    let position = text
        .chars()
        .zip(text.nfc())
        .position(|(a, b)| a != b)
        .unwrap_or(0);
    let shown: String = text
        .chars()
        .skip(position)
        .take(3)
        .map(|c| format!("U+{:04X}", c as u32))
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "{what} text is not NFC from character {} ({shown} …); `bitext fmt` composes it",
        position + 1
    )
}
