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

/// Shows long output as git does: through a pager when stdout is a
/// terminal (`$BITEXT_PAGER`, else `$PAGER`, else `less -FRX`, which quits
/// at once when the text fits the screen and passes colour through), and
/// straight to stdout otherwise, or with `--no-pager`, or when the pager
/// is empty or `cat`, or cannot be started.
pub fn page(text: &str, pager: bool) -> std::io::Result<()> {
    use std::io::IsTerminal;
    if !pager || !std::io::stdout().is_terminal() {
        return print(text);
    }
    let command = std::env::var("BITEXT_PAGER")
        .or_else(|_| std::env::var("PAGER"))
        .unwrap_or_else(|_| "less -FRX".to_owned());
    let command = command.trim();
    if command.is_empty() || command == "cat" {
        return print(text);
    }
    let spawned = std::process::Command::new("sh")
        .args(["-c", command])
        .stdin(std::process::Stdio::piped())
        // less reads LESS for its options when the command gives none.
        .env(
            "LESS",
            std::env::var("LESS").unwrap_or_else(|_| "FRX".into()),
        )
        .spawn();
    let Ok(mut child) = spawned else {
        return print(text);
    };
    if let Some(mut stdin) = child.stdin.take() {
        // A pager quit early (q in less) closes the pipe: not an error.
        match stdin.write_all(text.as_bytes()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            other => other?,
        }
    }
    child.wait()?;
    Ok(())
}
