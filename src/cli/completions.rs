//! `bitext completions` and `bitext man`

use std::process::ExitCode;

use anyhow::Result;
use clap::CommandFactory;

use super::{exit, output, Cli};

/// Print a shell's completion script for bitext, made from the same
/// definitions as the help
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  bitext completions bash > ~/.local/share/bash-completion/completions/bitext\n  bitext completions zsh > ~/.zfunc/_bitext\n  bitext completions fish > ~/.config/fish/completions/bitext.fish"
)]
pub struct CompletionsArgs {
    /// The shell
    shell: clap_complete::Shell,
}

/// Print bitext's manual page (roff), made from the same definitions as
/// the help: every command, its arguments and its examples
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  bitext man > bitext.1 && man ./bitext.1\n  bitext man | gzip > /usr/local/share/man/man1/bitext.1.gz"
)]
pub struct ManArgs {}

pub fn completions(args: &CompletionsArgs) -> Result<ExitCode> {
    let mut buffer = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "bitext", &mut buffer);
    output::print(&String::from_utf8_lossy(&buffer))?;
    Ok(exit::SUCCESS.into())
}

pub fn man(_: &ManArgs) -> Result<ExitCode> {
    let command = Cli::command();
    let mut buffer = Vec::new();
    clap_mangen::Man::new(command.clone()).render(&mut buffer)?;
    // Each command's own page follows, as sections of the one page.
    for sub in command.get_subcommands() {
        if sub.is_hide_set() {
            continue;
        }
        let name = format!("bitext-{}", sub.get_name());
        let page = clap_mangen::Man::new(sub.clone().name(name));
        page.render_name_section(&mut buffer)?;
        page.render_synopsis_section(&mut buffer)?;
        page.render_description_section(&mut buffer)?;
        page.render_options_section(&mut buffer)?;
        page.render_subcommands_section(&mut buffer)?;
        page.render_extra_section(&mut buffer)?;
    }
    output::print(&String::from_utf8_lossy(&buffer))?;
    Ok(exit::SUCCESS.into())
}
