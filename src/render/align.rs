//! An alignment as JSON.

use crate::align::Alignment;

/// The alignment as JSON: `{"source_paragraphs":N,"target_paragraphs":M,
/// "beads":[{"source":[i,…],"target":[j,…],"confidence":x}],…}` with
/// 0-based indices; with `explain`, each bead also has its `cost` terms.
pub fn json(alignment: &Alignment, explain: bool) -> String {
    let mut value = serde_json::to_value(alignment).unwrap_or_default();
    if !explain {
        if let Some(beads) = value["beads"].as_array_mut() {
            for bead in beads {
                if let Some(bead) = bead.as_object_mut() {
                    bead.remove("cost");
                }
            }
        }
    }
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}
