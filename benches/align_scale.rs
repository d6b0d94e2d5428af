//! Aligns N × N paragraphs of real text once and prints the time, for
//! measuring peak memory with `/usr/bin/time` (see align_memory.sh):
//! `cargo run --release --example align_scale -- 20000`.

mod corpus;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args()
        .nth(1)
        .ok_or("usage: align_scale N")?
        .parse()?;
    let (source, target) = corpus::maint_guide_pairs();
    let s: Vec<&str> = source.iter().cycle().take(n).map(String::as_str).collect();
    let t: Vec<&str> = target.iter().cycle().take(n).map(String::as_str).collect();
    let start = std::time::Instant::now();
    let alignment =
        bitext::align::align_paragraphs(&s, &t, &bitext::align::AlignOptions::default());
    println!(
        "{n} x {n} paragraphs: {} beads in {:.3} s",
        alignment.beads.len(),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}
