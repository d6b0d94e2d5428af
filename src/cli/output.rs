//! Writing to the terminal: colour choice and stdout that tolerates a
//! closed pipe.

use std::io::Write;

use super::ColorChoice;

/// Whether to colour a stream: `--color`, else only on a terminal and
/// only when `NO_COLOR` is unset or empty and `TERM` is not `dumb`.
pub fn use_color(choice: ColorChoice, is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            is_terminal
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
        }
    }
}

/// Writes `text` to stdout. A closed pipe surfaces as an error that
/// [`super::report_error`] turns into exit code 0.
pub fn print(text: &str) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()
}

/// Prints a value as pretty JSON and a line break: what `--format json`
/// gives.
pub fn print_json(value: &serde_json::Value) -> anyhow::Result<()> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    print(&text)?;
    Ok(())
}
