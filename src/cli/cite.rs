//! `bitext cite`

use std::process::ExitCode;

use anyhow::Result;
use clap::ValueEnum;

use super::{exit, output, Env};
use bitext::address::Address;
use bitext::cite::cite;
use bitext::history::History;
use bitext::render::cite::{apa, bibtex, chicago, csl_json};
use bitext::DocumentId;

/// Cite a translation as it was at a revision: the archive's citation of
/// the original, the translation's revision (commit id and date) or the
/// latest published edition holding that very text, and an address
/// (DOC#PARA@COMMIT) that `bitext show` turns back into the cited text
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  bitext cite 'wcda-112106#p3'\n  bitext cite wcda-112106 --rev 2026-edition --style bibtex\n  bitext cite 'wcda-112106#p3@HEAD~1' --style csl-json"
)]
pub struct Args {
    /// DOC, DOC#PARA, DOC@REV or DOC#PARA@REV
    address: String,
    /// The revision (default: HEAD, or the one the address names)
    #[arg(long, value_name = "REV")]
    rev: Option<String>,
    /// Citation style
    #[arg(long, value_enum, default_value_t = Style::Chicago)]
    style: Style,
}

/// Citation styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Style {
    /// Chicago, as a note
    Chicago,
    /// APA, as a reference
    Apa,
    /// A BibTeX entry
    Bibtex,
    /// CSL-JSON, for Zotero and citeproc
    CslJson,
}

pub fn run(args: &Args, env: &Env) -> Result<ExitCode> {
    let address = Address::parse(&args.address)?;
    let rev = super::one_revision(&address.revision, &args.rev)?.unwrap_or_else(|| "HEAD".into());
    let history = History::open(env.corpus()?.root())?;
    let id = DocumentId::new(&address.document)?;
    let cited = cite(&history, &id, address.paragraph.as_deref(), &rev)?;
    let text = match args.style {
        Style::Chicago => chicago(&cited),
        Style::Apa => apa(&cited),
        Style::Bibtex => bibtex(&cited),
        Style::CslJson => csl_json(&cited),
    };
    output::print(&text)?;
    Ok(exit::SUCCESS.into())
}
