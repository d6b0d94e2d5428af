//! Builds git histories of real text for the history benchmarks and the
//! comparison with git's own tools (`benches/history_compare.sh`):
//!
//! ```text
//! cargo run --release --example history_scale -- commits DIR REVISIONS DOCUMENTS
//! cargo run --release --example history_scale -- batch DIR REVISIONS DOCUMENTS
//! cargo run --release --example history_scale -- corpus DIR MEGABYTES
//! ```
//!
//! `commits` makes a corpus of DOCUMENTS documents and commits REVISIONS
//! revisions in process, each a translator's edit of one paragraph, and
//! prints the rate; `batch` does the same in one `History::batch`. `corpus` makes a corpus of about MEGABYTES of text in
//! one revision and a second revision in which one paragraph in fifty of
//! every document is edited, for revision diffs.

use std::path::Path;

mod corpus;
mod histories;

use histories::{batch, commits, corpus_revisions};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: history_scale commits DIR REVISIONS DOCUMENTS | corpus DIR MEGABYTES";
    match args.first().map(String::as_str) {
        Some(mode @ ("commits" | "batch")) if args.len() == 4 => {
            let (revisions, documents) = (args[2].parse()?, args[3].parse()?);
            let dir = Path::new(&args[1]);
            let (elapsed, with_edits) = if mode == "batch" {
                batch(dir, revisions, documents)?
            } else {
                commits(dir, revisions, documents)?
            };
            println!(
                "{revisions} commits in {:.3} s: {:.0} commits/s ({:.0}/s with the edits written)",
                elapsed.as_secs_f64(),
                revisions as f64 / elapsed.as_secs_f64(),
                revisions as f64 / with_edits.as_secs_f64()
            );
        }
        Some("corpus") if args.len() == 3 => {
            let bytes = corpus_revisions(Path::new(&args[1]), args[2].parse()?)?;
            println!("{bytes} bytes of documents in two revisions");
        }
        _ => return Err(usage.into()),
    }
    Ok(())
}
