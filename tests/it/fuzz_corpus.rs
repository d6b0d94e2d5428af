//! The fuzz targets' properties, on stable: every seed and every input
//! that ever failed a fuzz target (`fuzz/seeds/`, `fuzz/regressions/`) is
//! run through the same property the target asserts (`fuzz/src/lib.rs`).

#[allow(dead_code, clippy::unwrap_used)]
#[path = "../../fuzz/src/lib.rs"]
mod properties;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

fn inputs(target: &str) -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut files = Vec::new();
    for kind in ["seeds", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(kind).join(target)) else {
            continue;
        };
        files.extend(entries.map(|e| e.unwrap().path()));
    }
    files.sort();
    files
}

#[test]
fn every_seed_and_regression_holds_its_target_property() {
    let mut failures = Vec::new();
    for (target, property) in properties::TARGETS {
        let files = inputs(target);
        assert!(!files.is_empty(), "fuzz target {target} has no seeds");
        for file in files {
            let data = std::fs::read(&file).unwrap();
            if catch_unwind(AssertUnwindSafe(|| property(&data))).is_err() {
                failures.push(format!("{target}: {}", file.display()));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "properties fail on:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_fuzz_target_has_a_property_and_every_property_a_target() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut binaries: Vec<String> = std::fs::read_dir(root.join("fuzz_targets"))
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            path.file_stem().unwrap().to_string_lossy().into_owned()
        })
        .collect();
    binaries.sort();
    let mut names: Vec<String> = properties::TARGETS
        .iter()
        .map(|(name, _)| (*name).to_owned())
        .collect();
    names.sort();
    assert_eq!(binaries, names);
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    for name in &names {
        assert!(
            manifest.contains(&format!("path = \"fuzz_targets/{name}.rs\"")),
            "fuzz/Cargo.toml does not build {name}"
        );
    }
}
