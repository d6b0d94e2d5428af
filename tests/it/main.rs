//! Integration tests: the library and the `bitext` binary on real text and
//! real files. One test binary, a module per area.

// A failed unwrap in a test is a failed test, which is what it should be.
#![allow(clippy::unwrap_used)]

mod align;
mod align_cli;
mod architecture;
mod bad_input;
mod check;
mod check_formats;
mod check_recall;
mod cite;
mod diff;
mod fmt;
mod fuzz_corpus;
mod help;
mod history;
mod hostile;
mod import;
mod interchange;
mod interop;
mod json_output;
mod kill;
mod merge;
mod readme;
mod revisions;
mod roundtrip;
mod schema;
mod show;
mod snapshots;
mod stale;
mod support;
mod tools;
