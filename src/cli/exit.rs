//! Exit codes, the same for every command.

/// Success: nothing wrong found.
pub const SUCCESS: u8 = 0;

/// The command ran and found problems: check errors, files that `fmt
/// --check` would change.
pub const FINDINGS: u8 = 1;

/// The command could not do its work: bad usage, bad input, an I/O error.
/// Nothing was changed.
pub const FAILURE: u8 = 2;
