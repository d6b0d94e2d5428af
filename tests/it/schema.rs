//! The shipped JSON Schema is the one the types generate.

use crate::support::project_root;

#[test]
fn shipped_schema_is_up_to_date() {
    let shipped =
        std::fs::read_to_string(project_root().join("schemas/document.schema.json")).unwrap();
    assert!(
        shipped == bitext::document::json_schema(),
        "schemas/document.schema.json is out of date: run `cargo run -- schema > schemas/document.schema.json`"
    );
}

#[test]
fn schema_describes_the_file() {
    let schema: serde_json::Value = serde_json::from_str(&bitext::document::json_schema()).unwrap();
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(required, ["format", "id"]);
    // Every key of the file but the free-form ones is described.
    for key in bitext::document::KNOWN_KEYS {
        assert!(schema["properties"][key].is_object(), "{key}");
    }
    assert_eq!(schema["$defs"]["Paragraph"]["additionalProperties"], false);
    assert_eq!(
        schema["additionalProperties"], true,
        "free-form metadata is allowed"
    );
}
