//! Integration tests: the library and the `bitext` binary on real text and
//! real files. One test binary, a module per area.

mod bad_input;
mod check;
mod fmt;
mod import;
mod roundtrip;
mod schema;
mod show;
mod support;
