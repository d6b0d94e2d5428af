//! The document as JSON: the shape of `--format json` output and of the
//! JSON Schema shipped in `schemas/`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use super::{Document, FORMAT_VERSION, KNOWN_KEYS};

/// The document as its file holds it: `format` first, then the document.
/// This is the shape of the JSON Schema and of `--format json` output.
#[derive(Serialize, JsonSchema)]
#[schemars(title = "bitext document")]
pub struct DocumentFile<'a> {
    /// File format version; this version of bitext reads and writes 1.
    #[schemars(range(min = 1, max = 1))]
    pub format: u32,
    /// The document.
    #[serde(flatten)]
    pub document: &'a Document,
}

impl<'a> DocumentFile<'a> {
    /// Wraps a document for serialisation.
    pub fn new(document: &'a Document) -> Self {
        DocumentFile {
            format: FORMAT_VERSION,
            document,
        }
    }
}

/// The JSON Schema of the document file, as shipped in
/// `schemas/document.schema.json` (pretty-printed, trailing newline).
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(DocumentFile<'static>);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// Serialises free-form metadata for JSON, where TOML dates become strings.
pub(super) fn serialize_extra<S: serde::Serializer>(
    extra: &BTreeMap<String, toml::Value>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = serializer.serialize_map(Some(extra.len()))?;
    for (key, value) in extra {
        if !KNOWN_KEYS.contains(&key.as_str()) {
            map.serialize_entry(key, &JsonValue(value))?;
        }
    }
    map.end()
}

struct JsonValue<'a>(&'a toml::Value);

impl Serialize for JsonValue<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self.0 {
            toml::Value::Datetime(d) => serializer.collect_str(d),
            toml::Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&JsonValue(item))?;
                }
                seq.end()
            }
            toml::Value::Table(table) => {
                let mut map = serializer.serialize_map(Some(table.len()))?;
                for (key, item) in table {
                    map.serialize_entry(key, &JsonValue(item))?;
                }
                map.end()
            }
            other => other.serialize(serializer),
        }
    }
}
