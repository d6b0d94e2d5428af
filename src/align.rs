//! Paragraph alignment: pairing an original's paragraphs with its
//! translation's.
//!
//! An [`Alignment`] is a sequence of [`Bead`]s, each pairing a run of
//! source paragraphs with a run of target paragraphs: 1-1, 1-0 and 0-1 (a
//! paragraph with no counterpart), 2-1 and 1-2 (a paragraph split or two
//! merged), 2-2, and 3-1 / 1-3 (a paragraph split across two page breaks).
//! Beads cover both sides completely and in order.
//!
//! The aligner is a dynamic programme in the tradition of Gale & Church
//! (1993). Each bead's cost is a negative log-probability made of:
//!
//! - a prior for the bead type, and for a paragraph left without a
//!   counterpart, whether it starts a run of them or goes on with one:
//!   untranslated sections and lost pages leave runs, so the next
//!   paragraph alone on the same side costs far less than the first. A
//!   paragraph alone comes about once a text whatever its length, so in
//!   a short text it is expected more often than in a long one;
//! - a length term: target length against source length times a ratio,
//!   with a variance growing with length. Ratio and variance are
//!   estimated from the pair of texts itself — align, re-estimate from the
//!   confident 1-1 beads, align again — because Russian→English and
//!   Chinese→English ratios differ a lot; short texts keep a prior
//!   variance, and one whose first path is not one to one is estimated
//!   from several starting ratios too, keeping the start whose path costs
//!   least (the ratio of the whole texts misleads where one side lacks
//!   much of the other). Lengths are in characters, which suits CJK as
//!   well once the ratio is the pair's own;
//! - anchors: numbers read across locale forms (`1 000,5` = `1,000.5`,
//!   `№ 3410` = `No. 3410`, `5 июня 1951 г.` ↔ `June 5, 1951`, `第二十二条`
//!   ↔ `Article 22`), URLs and
//!   e-mail addresses found on both sides or on one only;
//! - names: between texts in two scripts, Latin-script words (names,
//!   codes, commands) found on both sides, each once per bead however many
//!   of its paragraphs hold it; between texts in one script, names;
//! - lexical: between texts in one script, word stems (the first five
//!   letters) found on both sides — cognates, terms, names; and in a text
//!   long enough to learn from, pairs of words its own table of
//!   translations holds;
//! - structure: counts of 24 symbol classes (`? ! ( " : $ / % …`) on the
//!   bead's two sides, and the marks before its first letter and after its
//!   last, worth what they are worth in real translations (a prior pooled
//!   from the real texts of the tests: a difference of one `(` or `:`
//!   speaks against a pairing, of one `"` hardly at all);
//! - page breaks: on the side with more paragraphs, merging one that ends
//!   mid-sentence with a next one that starts in lower case earns a
//!   reward — never for a fragment too short to be half a sentence.
//!
//! After the estimation rounds, a text with enough confident pairs has
//! its evidence learnt from them: the structure term's symbols and marks,
//! names and stems found and missing — each value's cost is how much
//! likelier it is on those pairs than on the same pairs shifted by one to
//! three, smoothed and capped; the page-break reward shrinks as
//! ordinary junctions in the text look broken more often; and a table of
//! translations is drawn from the same pairs: a word stem of one side
//! and one of the other (or, in text without spaces, a pair of
//! characters) that are each other's best company by the Dice
//! coefficient of the pairs they occur in. All are fixed parts of each
//! bead's cost, so the search stays linear.
//!
//! The search keeps to a band around the diagonal, widened and run again
//! only when the best path touches the band's edge, so time and memory grow
//! linearly with length; the search's state at each cell is whether the
//! last bead left a paragraph alone, and on which side. A forward–backward
//! pass over the same band gives each bead of the best path its posterior
//! probability: its [`Bead::confidence`]. A long text's two sides are read,
//! its lattice filled and its two passes run on more than one core.

use std::ops::Range;

use serde::Serialize;

use crate::find::{chinese_numeral, emails, is_full_width_digit, numbers, urls};
use crate::paragraphs::{ends_mid_sentence, starts_lower_case};

/// The bead types searched: (source paragraphs, target paragraphs).
pub const BEAD_TYPES: [(usize, usize); 8] = [
    (1, 1),
    (1, 0),
    (0, 1),
    (2, 1),
    (1, 2),
    (2, 2),
    (3, 1),
    (1, 3),
];

/// Prior probability of each bead type, in the order of [`BEAD_TYPES`].
const PRIORS: [f64; 8] = [0.89, 0.005, 0.005, 0.045, 0.045, 0.0005, 0.0025, 0.0025];

/// Paragraphs left without a partner in a text, on each side, whatever
/// its length ([`priors_for`]).
const LONE_PER_TEXT: f64 = 1.0;

/// The most a paragraph left alone may be expected, in a text of a few
/// paragraphs.
const LONE_AT_MOST: f64 = 0.05;

/// Variance of the length model per character when a text is too short to
/// estimate its own (Gale & Church's figure for European pairs).
const PRIOR_VARIANCE: f64 = 6.8;

/// Fewer 1-1 beads than this and the prior variance is kept.
const MIN_BEADS_FOR_ESTIMATE: usize = 20;

/// Beyond this many beads one estimation round is enough.
const SETTLED_AFTER_ONE_ROUND: usize = 200;

/// The other starts of a short text's estimates, as multiples of the
/// ratio of the whole texts: from an eighth to eight times, by halves of
/// a doubling.
const RATIO_STARTS: [f64; 12] = [
    0.125, 0.177, 0.25, 0.354, 0.5, 0.707, 1.414, 2.0, 2.828, 4.0, 5.657, 8.0,
];

/// How far from the ratio of the whole texts a start may take the
/// estimates for nothing: the spread, in natural logarithm, of a
/// log-normal prior on the ratio around it (a doubling or halving costs
/// half a nat, a quadrupling two).
const RATIO_PRIOR_SPREAD: f64 = std::f64::consts::LN_2;

/// Fewer 1-1 beads than this and the ratio of the whole texts is kept.
const MIN_BEADS_FOR_RATIO: usize = 3;

/// The share of a paragraph's length that translation changes freely.
const RELATIVE_SPREAD: f64 = 0.12;

/// Share of beads whose lengths follow no model, and their cost.
const LENGTH_OUTLIERS: f64 = 0.05;
const LENGTH_OUTLIER_COST: f64 = 5.0;

const ANCHOR_MATCH: f64 = 1.5;
const ANCHOR_MISMATCH: f64 = 3.0;
const ANCHOR_MISMATCH_CAP: f64 = 9.0;
const NAME_MATCH: f64 = 0.7;
const NAME_MATCH_CAP: f64 = 5.0;
const STEM_MATCH: f64 = 0.5;
const STEM_MATCH_CAP: f64 = 2.0;
/// The reward of a junction that looks broken in a text too short to
/// calibrate its own: what the fixtures' real texts, pooled, calibrate
/// to (a test measures it: about one junction in 23 looks broken).
const PAGE_BREAK_JOIN: f64 = 2.4;

/// Beads below this confidence are worth a reviewer's look: the CLI marks
/// them, `show` flags their paragraphs.
pub const LOW_CONFIDENCE: f64 = 0.9;

/// How to align.
#[derive(Debug, Clone, Copy)]
pub struct AlignOptions {
    /// Half-width of the first band around the diagonal, in paragraphs.
    pub band: usize,
    /// Re-estimation rounds after the first alignment.
    pub rounds: usize,
    /// Whether beads get their confidence (a forward–backward pass); 0
    /// when not.
    pub confidences: bool,
}

impl Default for AlignOptions {
    fn default() -> Self {
        AlignOptions {
            band: 10,
            rounds: 2,
            confidences: true,
        }
    }
}

/// One pairing of source paragraphs with target paragraphs. As JSON, the
/// ranges are lists of indices, the confidence has four decimals and the
/// cost its total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bead {
    /// Source paragraph indices (0-based, may be empty).
    #[serde(serialize_with = "indices")]
    pub source: Range<usize>,
    /// Target paragraph indices (0-based, may be empty).
    #[serde(serialize_with = "indices")]
    pub target: Range<usize>,
    /// Posterior probability that this bead is right, 0 to 1.
    #[serde(serialize_with = "four_decimals")]
    pub confidence: f64,
    /// The bead's cost and its parts.
    #[serde(serialize_with = "cost_with_total")]
    pub cost: Cost,
}

fn indices<S: serde::Serializer>(range: &Range<usize>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(range.clone())
}

fn four_decimals<S: serde::Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64((value * 1e4).round() / 1e4)
}

fn cost_with_total<S: serde::Serializer>(cost: &Cost, serializer: S) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct WithTotal<'a> {
        #[serde(flatten)]
        parts: &'a Cost,
        total: f64,
    }
    WithTotal {
        parts: cost,
        total: cost.total(),
    }
    .serialize(serializer)
}

/// The parts of a bead's cost, in nats (negative log-probability).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Cost {
    /// The bead type's prior; for a paragraph left alone, as the start
    /// of a run or its continuation.
    pub prior: f64,
    /// Length agreement.
    pub length: f64,
    /// Numbers, URLs and e-mail addresses found on both sides (negative)
    /// or one (positive).
    pub anchors: f64,
    /// Names, codes and commands found on both sides of the bead
    /// (negative), or missing from the other (positive, once learnt).
    pub names: f64,
    /// Between texts in one script: word stems found on both sides
    /// (cognates, terms, names), or missing from the other; in any text
    /// long enough to learn from, words its table of translations pairs.
    pub lexical: f64,
    /// Symbols and paragraph shape, as real translations keep them or,
    /// once learnt, as the text's confident pairs do: how far the bead's
    /// sides agree in their counts of `? ! ( " :
    /// $ / % …` and in the marks before their first and after their last
    /// letter.
    pub structure: f64,
    /// Page-break joins (negative).
    pub page_break: f64,
}

impl Cost {
    /// The sum of the parts.
    pub fn total(&self) -> f64 {
        self.prior
            + self.length
            + self.anchors
            + self.names
            + self.lexical
            + self.structure
            + self.page_break
    }
}

/// The alignment of two texts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alignment {
    /// Number of source paragraphs.
    pub source_paragraphs: usize,
    /// Number of target paragraphs.
    pub target_paragraphs: usize,
    /// The beads, in order, covering both sides.
    pub beads: Vec<Bead>,
    /// Target characters per source character, as estimated.
    pub ratio: f64,
    /// Variance of the length model per character, as estimated.
    pub variance: f64,
}

impl Bead {
    fn is_one_to_one(&self) -> bool {
        self.source.len() == 1 && self.target.len() == 1
    }

    /// `"1-1"`, `"2-1"`, …: how many source and target paragraphs.
    pub fn kind(&self) -> String {
        format!("{}-{}", self.source.len(), self.target.len())
    }
}

/// What the aligner knows of one paragraph, from [`Features::of`]: kept
/// by a caller that aligns overlapping stretches of the same paragraphs.
#[derive(Debug, Clone, Default)]
pub struct Features {
    length: f64,
    /// Numbers, URLs and e-mail addresses, hashed; sorted, with repeats.
    anchors: Vec<u64>,
    /// Latin-script words, lower-cased and hashed; sorted, without repeats.
    names: Vec<u64>,
    /// The words of `names` that are names (capitalised inside a sentence,
    /// or with digits), hashed as in `names`.
    proper_names: Vec<u64>,
    /// The first five letters of each word of four or more, lower-cased
    /// and hashed; sorted, without repeats. Kept between texts in one
    /// script only.
    stems: Vec<u64>,
    /// Every stem of the paragraph, whatever the other side has, and in
    /// text without spaces between words each pair of characters: what a
    /// table of translations is learnt from (sorted once the texts are
    /// prepared).
    words: Vec<u64>,
    /// The entries of this text's table of translations
    /// ([`Model::learn_translations`]) that the paragraph's words stand
    /// for; sorted.
    translations: Vec<u64>,
    /// Ends mid-sentence: a page break may follow.
    open_end: bool,
    /// Starts in lower case: a page break may precede.
    lower_start: bool,
    /// Too short to be half a sentence: no page break splits it.
    fragment_too_short: bool,
    /// How many symbols of each [`symbol_class`], saturating.
    symbols: [u8; SYMBOLS],
    /// The classes of the symbols before the first letter or digit, and
    /// after the last, as bit sets (bit [`SYMBOLS`] for any other mark).
    lead: u32,
    trail: u32,
    /// Share of letters that are Latin.
    latin_letters: usize,
    letters: usize,
}

/// Aligns source paragraphs with target paragraphs.
///
/// ```
/// use bitext::align::{align_paragraphs, AlignOptions};
/// let source = ["Телеграмма № 3410", "Я получил вашу телеграмму от 4 июня.", "Филиппов"];
/// let target = ["Telegram No. 3410", "I received your telegram of June 4.", "Filippov"];
/// let alignment = align_paragraphs(&source, &target, &AlignOptions::default());
/// let pairs: Vec<_> = alignment.beads.iter().map(|b| (b.source.clone(), b.target.clone())).collect();
/// assert_eq!(pairs, [(0..1, 0..1), (1..2, 1..2), (2..3, 2..3)]);
/// ```
pub fn align_paragraphs<S: AsRef<str> + Sync, T: AsRef<str> + Sync>(
    source: &[S],
    target: &[T],
    options: &AlignOptions,
) -> Alignment {
    // A long text's two sides are read side by side.
    let (source, target) = crate::parallel::join(
        source.len() + target.len() >= PARAGRAPHS_PER_THREAD,
        || source.iter().map(|p| Features::of(p.as_ref())).collect(),
        || target.iter().map(|p| Features::of(p.as_ref())).collect(),
    );
    align_features(source, target, options)
}

/// Aligns paragraphs given by their features.
pub fn align_features(
    source: Vec<Features>,
    target: Vec<Features>,
    options: &AlignOptions,
) -> Alignment {
    let (source, target, name_side) = prepare(source, target);
    let short = source.len().max(target.len()) <= SETTLED_AFTER_ONE_ROUND;
    let mut model = Model::new(source, target, name_side);
    // A short text will have too few pairs to learn from: what real texts
    // show counts from its first search. A long one's estimation rounds
    // do without (lengths are what they estimate, and the term would slow
    // them).
    if short {
        model.set_structure(STRUCTURE_PRIOR);
    }
    let mut lattices = Lattices::default();
    let (mut rough_path, mut settled) = model.estimate(&mut lattices, options);
    // The ratio of the whole texts is the estimates' start, and it is far
    // from the translation's where one side lacks much of the other (an
    // untranslated section in a short text): rounds that start there
    // pair what the wrong ratio makes look alike and confirm it. A short
    // text whose path is not one to one is tried from other ratios too,
    // and keeps the start whose path explains it best.
    if short && !rough_path.iter().all(Bead::is_one_to_one) {
        let start = model.ratio;
        let mut best = (
            path_cost(&rough_path, model.ratio, start),
            model.ratio,
            model.variance,
        );
        for factor in RATIO_STARTS {
            model.ratio = start * factor;
            model.variance = PRIOR_VARIANCE * model.ratio;
            let (path, path_settled) = model.estimate(&mut lattices, options);
            let cost = path_cost(&path, model.ratio, start);
            if cost < best.0 {
                best = (cost, model.ratio, model.variance);
                (rough_path, settled) = (path, path_settled);
            }
        }
        (model.ratio, model.variance) = (best.1, best.2);
    }
    // What this text's pairs share, learnt from its confident pairs, or,
    // where it has too few, what real texts show: the fixed costs change,
    // so the lattices go.
    let learnt = model.learn(&rough_path);
    if learnt || model.structure.is_none() {
        if !learnt {
            model.set_structure(STRUCTURE_PRIOR);
        }
        settled = None;
        lattices = Lattices::default();
    }
    let beads = settled
        .unwrap_or_else(|| model.best_path(&mut lattices, options.band, options.confidences));
    Alignment {
        source_paragraphs: model.source.len(),
        target_paragraphs: model.target.len(),
        beads,
        ratio: model.ratio,
        variance: model.variance,
    }
}

/// The prior costs of the bead types ([`PRIORS`]) for a text whose longer
/// side has `n` paragraphs. A paragraph without a partner comes about once
/// a text, whatever its length (a signature dropped, a caption lost, a
/// note left untranslated), beside the small share of paragraphs the
/// priors give it: in a short text its prior is [`LONE_PER_TEXT`] in `n`
/// (at most [`LONE_AT_MOST`]), the other types sharing what is left in
/// their proportions.
fn priors_for(n: usize) -> [f64; 8] {
    let lone = (LONE_PER_TEXT / n.max(1) as f64).clamp(PRIORS[1], LONE_AT_MOST);
    let others = (1.0 - 2.0 * lone) / (1.0 - PRIORS[1] - PRIORS[2]);
    let mut costs = [0.0; 8];
    for (t, cost) in costs.iter_mut().enumerate() {
        let p = match BEAD_TYPES[t] {
            (1, 0) | (0, 1) => lone,
            _ => PRIORS[t] * others,
        };
        *cost = -p.ln();
    }
    costs
}

/// What a path costs under a length model of `ratio`, with the prior on
/// the ratio around `start`, the ratio of the whole texts.
fn path_cost(path: &[Bead], ratio: f64, start: f64) -> f64 {
    let beads: f64 = path.iter().map(|b| b.cost.total()).sum();
    let far = (ratio / start).ln() / RATIO_PRIOR_SPREAD;
    beads + far * far / 2.0
}

/// Readies two texts' features for aligning: between texts in two
/// scripts, Latin words are names and stems say nothing; in one script,
/// only names are names. Keeps only words the other side has, and says
/// whose names a bead must account for.
fn prepare(
    source: Vec<Features>,
    target: Vec<Features>,
) -> (Vec<Features>, Vec<Features>, NameSide) {
    let latin = |f: &[Features]| {
        let letters: usize = f.iter().map(|p| p.letters).sum();
        let latin: usize = f.iter().map(|p| p.latin_letters).sum();
        letters > 0 && latin * 2 > letters
    };
    let cross_script = latin(&source) != latin(&target);
    let (mut source, mut target) = (source, target);
    for p in source.iter_mut().chain(target.iter_mut()) {
        p.words.extend_from_slice(&p.stems);
        p.words.sort_unstable();
        p.words.dedup();
        if cross_script {
            p.stems = Vec::new();
        } else {
            p.names = std::mem::take(&mut p.proper_names);
            p.names.sort_unstable();
            p.names.dedup();
        }
    }
    keep_shared(&mut source, &mut target, |p| &mut p.names);
    keep_shared(&mut source, &mut target, |p| &mut p.stems);
    let name_side = match (cross_script, latin(&source)) {
        (false, _) => NameSide::Both,
        (true, true) => NameSide::Target,
        (true, false) => NameSide::Source,
    };
    (source, target, name_side)
}

struct Model {
    source: Vec<Features>,
    target: Vec<Features>,
    ratio: f64,
    variance: f64,
    /// Prefix sums of lengths, anchor and name counts, for cheap bead
    /// sums.
    source_sums: Vec<Sums>,
    target_sums: Vec<Sums>,
    /// [`LENGTH_TABLE`], fetched once.
    length_table: &'static [f64],
    /// Prefix sums of symbol counts, by class: built with the structure
    /// term, which is the only part that reads them.
    source_symbols: Vec<[u16; SYMBOLS]>,
    target_symbols: Vec<[u16; SYMBOLS]>,
    /// What the paragraphs of each side share with their neighbours.
    source_overlaps: Vec<[Overlap; WORD_KINDS]>,
    target_overlaps: Vec<[Overlap; WORD_KINDS]>,
    /// Which side's names must be found on the other: in texts of two
    /// scripts, the Latin words of the non-Latin side.
    name_side: NameSide,
    /// What symbols and paragraph shape are worth, once the estimation
    /// rounds are over: learnt from this pair of texts, or the prior.
    structure: Option<Structure>,
    /// What names and stems are worth in this pair of texts, once learnt.
    learned: Option<Learned>,
    /// How many entries the text's table of translations has (none until
    /// learnt).
    translations: usize,
    /// The reward for a page-break junction, source and target side.
    page_break: [f64; 2],
    /// What runs of paragraphs left alone cost ([`Run`]).
    run: Run,
    /// The prior cost of each bead type in this text ([`priors_for`]).
    priors: [f64; 8],
}

/// Whose names a bead must account for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NameSide {
    Source,
    Target,
    Both,
}

#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    length: f64,
    anchors: usize,
    names: usize,
}

fn prefix_sums(side: &[Features]) -> Vec<Sums> {
    let mut sums = Vec::with_capacity(side.len() + 1);
    let mut running = Sums::default();
    sums.push(running);
    for p in side {
        running.length += p.length;
        running.anchors += p.anchors.len();
        running.names += p.names.len();
        sums.push(running);
    }
    sums
}

impl Sums {
    fn between(sums: &[Sums], start: usize, count: usize) -> Sums {
        let (from, to) = (sums[start], sums[start + count]);
        Sums {
            length: to.length - from.length,
            anchors: to.anchors - from.anchors,
            names: to.names - from.names,
        }
    }
}

/// The [`Matches`] of each source paragraph with the target
/// paragraphs near the band, computed once per search: the beads of the
/// search would otherwise intersect the same lists again and again.
struct PairMatches {
    first: Vec<usize>,
    start: Vec<usize>,
    len: Vec<usize>,
    /// Anchor, name, stem and translation matches per pair.
    data: Vec<Matches>,
}

impl PairMatches {
    fn new(model: &Model, band: &Band) -> PairMatches {
        let (n, m) = (model.source.len(), model.target.len());
        let margin = 4 + 3 * m.div_ceil(n.max(1));
        let first: Vec<usize> = (0..n).map(|i| band.lo[i].saturating_sub(margin)).collect();
        let len: Vec<usize> = (0..n)
            .map(|i| (band.hi[i.min(band.hi.len() - 1)] + margin).min(m) - first[i])
            .collect();
        let mut bounds = Vec::with_capacity(n + 1);
        bounds.push(0);
        for &l in &len {
            bounds.push(bounds[bounds.len() - 1] + l);
        }
        let mut data = vec![[0; 1 + WORD_KINDS]; bounds[n]];
        let threads = threads_for(data.len());
        crate::parallel::rows(&mut data, &bounds, threads, |i, row| {
            for (k, cell) in row.iter_mut().enumerate() {
                *cell = model.pair_matches(i, first[i] + k);
            }
        });
        bounds.pop();
        PairMatches {
            first,
            start: bounds,
            len,
            data,
        }
    }

    fn get(&self, model: &Model, i: usize, j: usize) -> Matches {
        match j.checked_sub(self.first[i]) {
            Some(k) if k < self.len[i] => self.data[self.start[i] + k],
            _ => model.pair_matches(i, j),
        }
    }
}

/// What a search over one band needs that does not change as the model is
/// re-estimated: the band, the anchor and name matches, and each bead's
/// cost but its length term (at `cell * types + type`, infinite where the
/// bead would leave the band).
struct Lattice {
    band: Band,
    pairs: PairMatches,
    fixed: Vec<f32>,
    /// Whether `fixed` holds the length terms too: added once the model is
    /// final, so that the passes of the last search read each bead's cost
    /// rather than work it out again.
    with_lengths: bool,
}

impl Lattice {
    /// Where each row's costs start and end in `fixed`.
    fn row_bounds(&self) -> Vec<usize> {
        let types = BEAD_TYPES.len();
        let band = &self.band;
        band.start
            .iter()
            .chain([&band.cells])
            .map(|s| s * types)
            .collect()
    }

    /// The cost of the bead of type `t` ending at cell `here`, (i, j).
    fn cost(&self, model: &Model, here: usize, t: usize, i: usize, j: usize) -> f32 {
        let fixed = self.fixed[here * BEAD_TYPES.len() + t];
        if self.with_lengths {
            return fixed;
        }
        let (a, b) = BEAD_TYPES[t];
        fixed + model.length_cost(a, b, i - a, j - b) as f32
    }

    /// Adds each bead's length term to its fixed cost, for a model that
    /// will not change again.
    fn add_lengths(&mut self, model: &Model) {
        if self.with_lengths {
            return;
        }
        let bounds = self.row_bounds();
        let threads = threads_for(self.band.cells);
        let band = &self.band;
        crate::parallel::rows(&mut self.fixed, &bounds, threads, |i, row| {
            for (cell, costs) in row.chunks_exact_mut(BEAD_TYPES.len()).enumerate() {
                let j = band.lo[i] + cell;
                for (t, cost) in costs.iter_mut().enumerate() {
                    let (a, b) = BEAD_TYPES[t];
                    if cost.is_finite() {
                        *cost += model.length_cost(a, b, i - a, j - b) as f32;
                    }
                }
            }
        });
        self.with_lengths = true;
    }
}

/// Paragraphs worth reading on a thread of their own.
const PARAGRAPHS_PER_THREAD: usize = 1000;

/// Cells of a lattice (or pairs) worth a thread of their own: below this,
/// starting one costs more than it saves.
const CELLS_PER_THREAD: usize = 4096;

fn threads_for(cells: usize) -> usize {
    crate::parallel::threads_for(cells, CELLS_PER_THREAD)
}

/// The lattice of the last band width searched: the estimation rounds and
/// the last search share it when their widths agree. Only one is kept, so
/// a long alignment holds no more than one band's worth.
#[derive(Default)]
struct Lattices(Option<(usize, Lattice)>);

impl Lattices {
    fn get(&mut self, model: &Model, width: usize) -> &mut Lattice {
        if !matches!(&self.0, Some((w, _)) if *w == width) {
            // The old one goes before the new one is built.
            self.0 = None;
        }
        &mut self
            .0
            .get_or_insert_with(|| (width, model.lattice(width)))
            .1
    }
}

/// The states of a search: what the last bead was.
const STATES: usize = 3;

/// After a paragraph left without a partner, how likely the next paragraph
/// of the same side is left so too: untranslated sections and lost pages
/// leave runs, where a lone paragraph is rare ([`priors_for`]).
const RUN_ON: f64 = 0.25;

/// What a bead costs beyond its own cost, by the state before it: after a
/// paragraph left alone, a run's next costs `-ln RUN_ON` in place of its
/// prior, and any other bead the share of probability the run leaves it;
/// after a pairing, a paragraph left alone starts a run for that much
/// less, so that one alone still costs its prior.
struct Run([[f32; BEAD_TYPES.len()]; STATES]);

impl Run {
    /// The last bead paired paragraphs (or there is none yet).
    const OTHER: usize = 0;
    /// The last bead left a source paragraph alone (1-0).
    const SOURCE: usize = 1;
    /// The last bead left a target paragraph alone (0-1).
    const TARGET: usize = 2;

    fn new(start: f64) -> Run {
        let leave = -((1.0 - RUN_ON) / (1.0 - (-start).exp())).ln();
        let go_on = -RUN_ON.ln() - start;
        let mut run = Run([[0.0; BEAD_TYPES.len()]; STATES]);
        for t in [Run::SOURCE, Run::TARGET] {
            run.0[Run::OTHER][t] = -leave as f32;
        }
        for state in [Run::SOURCE, Run::TARGET] {
            for (t, adjust) in run.0[state].iter_mut().enumerate() {
                *adjust = if Run::after_bead(t) == state {
                    go_on
                } else {
                    leave
                } as f32;
            }
        }
        run
    }

    /// The state a bead of type `t` leaves (the lone types are the
    /// second and third of [`BEAD_TYPES`]).
    fn after_bead(t: usize) -> usize {
        match BEAD_TYPES[t] {
            (1, 0) => Run::SOURCE,
            (0, 1) => Run::TARGET,
            _ => Run::OTHER,
        }
    }

    /// What each bead type costs beyond its own after `state`.
    fn after(&self, state: usize) -> &[f32; BEAD_TYPES.len()] {
        &self.0[state]
    }
}

/// The forward pass of a search ([`Model::forward`]), by cell and state
/// (at `cell * STATES + state`).
struct Forward {
    best: Vec<f32>,
    /// How the best path arrived: its last bead's type, and the state
    /// before it in the high four bits.
    back: Vec<u8>,
    /// The log-probability of arriving over all paths (with posteriors).
    log: Vec<f32>,
    /// By cell: the cheapest way to leave it by a bead that pairs, the
    /// state that gives it, and the log-probability of leaving so.
    any_best: Vec<f32>,
    any_state: Vec<u8>,
    any_log: Vec<f32>,
}

impl Forward {
    /// Sums a finished cell's states up for the beads that pair.
    fn settle(&mut self, run: &Run, cell: usize, posteriors: bool) {
        let mut best = (f32::INFINITY, 0);
        let mut logs = [f32::NEG_INFINITY; STATES];
        for (state, log) in logs.iter_mut().enumerate() {
            let leave = run.after(state)[0];
            let cost = self.best[cell * STATES + state] + leave;
            if cost < best.0 {
                best = (cost, state as u8);
            }
            if posteriors {
                *log = self.log[cell * STATES + state] - leave;
            }
        }
        (self.any_best[cell], self.any_state[cell]) = best;
        if posteriors {
            self.any_log[cell] = log_sum_exp(&logs);
        }
    }

    /// The log-probability of arriving at `cell` by any path and going on
    /// by a bead of type `t`.
    fn arrive(&self, run: &Run, cell: usize, t: usize) -> f32 {
        if Run::after_bead(t) == Run::OTHER {
            return self.any_log[cell];
        }
        let logs: [f32; STATES] =
            std::array::from_fn(|state| self.log[cell * STATES + state] - run.after(state)[t]);
        log_sum_exp(&logs)
    }
}

/// The band of target indices searched for each source index.
struct Band {
    lo: Vec<usize>,
    hi: Vec<usize>,
    /// Offset of each row's first cell in the flat arrays.
    start: Vec<usize>,
    cells: usize,
}

impl Band {
    fn new(n: usize, m: usize, width: usize) -> Band {
        let mut lo = Vec::with_capacity(n + 1);
        let mut hi = Vec::with_capacity(n + 1);
        let mut start = Vec::with_capacity(n + 1);
        let mut cells = 0;
        for i in 0..=n {
            let centre = if n == 0 {
                0
            } else {
                (i as u128 * m as u128 / n as u128) as usize
            };
            // The first row must hold the start, the last the end.
            let l = if i == 0 {
                0
            } else {
                centre.saturating_sub(width)
            };
            let h = if i == n { m } else { (centre + width).min(m) };
            lo.push(l);
            hi.push(h);
            start.push(cells);
            cells += h - l + 1;
        }
        Band {
            lo,
            hi,
            start,
            cells,
        }
    }

    fn index(&self, i: usize, j: usize) -> Option<usize> {
        (j >= self.lo[i] && j <= self.hi[i]).then(|| self.start[i] + j - self.lo[i])
    }
}

impl Model {
    fn new(source: Vec<Features>, target: Vec<Features>, name_side: NameSide) -> Self {
        let source_len: f64 = source.iter().map(|p| p.length).sum();
        let target_len: f64 = target.iter().map(|p| p.length).sum();
        let ratio = if source_len > 0.0 && target_len > 0.0 {
            target_len / source_len
        } else {
            1.0
        };
        let priors = priors_for(source.len().max(target.len()));
        Model {
            ratio,
            variance: PRIOR_VARIANCE * ratio,
            source_sums: prefix_sums(&source),
            target_sums: prefix_sums(&target),
            length_table: LENGTH_TABLE.as_slice(),
            source_symbols: Vec::new(),
            target_symbols: Vec::new(),
            source_overlaps: overlaps(&source),
            target_overlaps: overlaps(&target),
            source,
            target,
            name_side,
            structure: None,
            learned: None,
            translations: 0,
            page_break: [PAGE_BREAK_JOIN; 2],
            run: Run::new(priors[Run::SOURCE]),
            priors,
        }
    }

    fn lattice(&self, width: usize) -> Lattice {
        let (n, m) = (self.source.len(), self.target.len());
        let band = Band::new(n, m, width);
        let pairs = PairMatches::new(self, &band);
        let types = BEAD_TYPES.len();
        let mut lattice = Lattice {
            fixed: vec![f32::INFINITY; band.cells * types],
            band,
            pairs,
            with_lengths: false,
        };
        let bounds = lattice.row_bounds();
        let (band, pairs) = (&lattice.band, &lattice.pairs);
        crate::parallel::rows(
            &mut lattice.fixed,
            &bounds,
            threads_for(band.cells),
            |i, row| {
                for (cell, costs) in row.chunks_exact_mut(types).enumerate() {
                    let j = band.lo[i] + cell;
                    for (t, &(a, b)) in BEAD_TYPES.iter().enumerate() {
                        if a <= i && b <= j && band.index(i - a, j - b).is_some() {
                            costs[t] = self.fixed_cost(t, i - a, j - b, pairs).total() as f32;
                        }
                    }
                }
            },
        );
        lattice
    }

    /// The cheapest path and, with `posteriors`, the confidence of its
    /// beads, widening the band until the path keeps off its edges.
    fn best_path(&self, lattices: &mut Lattices, band: usize, posteriors: bool) -> Vec<Bead> {
        let (n, m) = (self.source.len(), self.target.len());
        let mut width = band.max(4);
        loop {
            let full = width >= n.max(m);
            let lattice = lattices.get(self, if full { n.max(m) } else { width });
            if posteriors {
                lattice.add_lengths(self);
            }
            let (beads, touches_edge) = self.search(lattice, posteriors);
            if !touches_edge || full {
                return beads;
            }
            width *= 2;
        }
    }

    /// The cheapest path through a lattice and, with `posteriors`, each
    /// bead's confidence; whether the path touches the band's edge.
    ///
    /// A path's state at each cell is what its last bead was: a source
    /// paragraph left alone, a target one, or anything else ([`Run`]): a
    /// paragraph left alone after another on the same side continues a run
    /// and costs less than one that starts it.
    fn search(&self, lattice: &Lattice, posteriors: bool) -> (Vec<Bead>, bool) {
        let (n, m) = (self.source.len(), self.target.len());
        let (band, pairs) = (&lattice.band, &lattice.pairs);
        // The two passes of a search with confidences are independent: on
        // a long text, side by side.
        let (forward, backward) = crate::parallel::join(
            posteriors && threads_for(band.cells) > 1,
            || self.forward(lattice, posteriors),
            || {
                if posteriors {
                    self.backward(lattice)
                } else {
                    Vec::new()
                }
            },
        );
        let end = band.start[n] + m - band.lo[n];
        let Some(mut state) = (0..STATES)
            .filter(|&s| forward.best[end * STATES + s].is_finite())
            .min_by(|&x, &y| {
                forward.best[end * STATES + x].total_cmp(&forward.best[end * STATES + y])
            })
        else {
            // No path inside the band (sides of very different lengths):
            // report an edge touch so the band widens.
            return (Vec::new(), true);
        };
        let total = if posteriors {
            log_sum_exp(&forward.log[end * STATES..end * STATES + STATES])
        } else {
            0.0
        };
        // Trace the best path back from the end.
        let mut beads = Vec::new();
        let mut touches_edge = false;
        let (mut i, mut j) = (n, m);
        while i > 0 || j > 0 {
            let here = band.start[i] + j - band.lo[i];
            touches_edge |= (j == band.lo[i] && j > 0) || (j == band.hi[i] && j < m);
            let back = forward.back[here * STATES + state];
            let (t, before) = (usize::from(back & 0xf), usize::from(back >> 4));
            let (a, b) = BEAD_TYPES[t];
            let prev = band.start[i - a] + (j - b) - band.lo[i - a];
            let mut cost = self.cost(t, i - a, j - b, pairs);
            cost.prior += f64::from(self.run.after(before)[t]);
            let confidence = if posteriors {
                // Over every state the bead may follow.
                let arrive = forward.arrive(&self.run, prev, t);
                let log = arrive - lattice.cost(self, here, t, i, j)
                    + backward[here * STATES + Run::after_bead(t)]
                    - total;
                f64::from(log.exp()).clamp(0.0, 1.0)
            } else {
                0.0
            };
            beads.push(Bead {
                source: i - a..i,
                target: j - b..j,
                confidence,
                cost,
            });
            (i, j, state) = (i - a, j - b, before);
        }
        beads.reverse();
        (beads, touches_edge)
    }

    /// The forward pass of a search: for each cell and state, the
    /// cheapest path from the start and how it arrived, and, with
    /// `posteriors`, the log-probability of reaching it over all paths.
    fn forward(&self, lattice: &Lattice, posteriors: bool) -> Forward {
        let n = self.source.len();
        let band = &lattice.band;
        let cells = band.cells;
        let run = &self.run;
        let mut pass = Forward {
            best: vec![f32::INFINITY; cells * STATES],
            back: vec![u8::MAX; cells * STATES],
            log: vec![f32::NEG_INFINITY; if posteriors { cells * STATES } else { 0 }],
            any_best: vec![f32::INFINITY; cells],
            any_state: vec![0; cells],
            any_log: vec![f32::NEG_INFINITY; if posteriors { cells } else { 0 }],
        };
        pass.best[0] = 0.0;
        if posteriors {
            pass.log[0] = 0.0;
        }
        pass.settle(run, 0, posteriors);
        let mut scores = [[0.0f32; BEAD_TYPES.len()]; STATES];
        for i in 0..=n {
            for j in band.lo[i]..=band.hi[i] {
                if i == 0 && j == 0 {
                    continue;
                }
                let here = band.start[i] + j - band.lo[i];
                let mut min = [f32::INFINITY; STATES];
                let mut arg = [u8::MAX; STATES];
                let mut count = [0; STATES];
                for (t, &(a, b)) in BEAD_TYPES.iter().enumerate() {
                    if a > i || b > j {
                        continue;
                    }
                    let Some(prev) = band.index(i - a, j - b) else {
                        continue;
                    };
                    if pass.any_best[prev].is_infinite() {
                        continue;
                    }
                    let cost = lattice.cost(self, here, t, i, j);
                    let state = Run::after_bead(t);
                    if state == Run::OTHER {
                        // From whichever state is cheapest to leave.
                        let total = pass.any_best[prev] + cost;
                        if total < min[state] {
                            min[state] = total;
                            arg[state] = t as u8 | pass.any_state[prev] << 4;
                        }
                        if posteriors {
                            scores[state][count[state]] = pass.any_log[prev] - cost;
                            count[state] += 1;
                        }
                        continue;
                    }
                    for before in 0..STATES {
                        let cost = cost + run.after(before)[t];
                        let total = pass.best[prev * STATES + before] + cost;
                        if total < min[state] {
                            min[state] = total;
                            arg[state] = t as u8 | (before as u8) << 4;
                        }
                        if posteriors {
                            scores[state][count[state]] = pass.log[prev * STATES + before] - cost;
                            count[state] += 1;
                        }
                    }
                }
                for state in 0..STATES {
                    pass.best[here * STATES + state] = min[state];
                    pass.back[here * STATES + state] = arg[state];
                    if posteriors {
                        pass.log[here * STATES + state] =
                            log_sum_exp(&scores[state][..count[state]]);
                    }
                }
                pass.settle(run, here, posteriors);
            }
        }
        pass
    }

    /// The backward pass: for each cell and state, the log-probability of
    /// finishing from it. A cell the start cannot reach gets a value no
    /// path reads (a bead from a reachable cell ends at a reachable one).
    fn backward(&self, lattice: &Lattice) -> Vec<f32> {
        let (n, m) = (self.source.len(), self.target.len());
        let band = &lattice.band;
        let end = band.start[n] + m - band.lo[n];
        let mut backward = vec![f32::NEG_INFINITY; band.cells * STATES];
        backward[end * STATES..end * STATES + STATES].fill(0.0);
        let mut scores = [0.0f32; BEAD_TYPES.len()];
        for i in (0..=n).rev() {
            for j in (band.lo[i]..=band.hi[i]).rev() {
                let here = band.start[i] + j - band.lo[i];
                if here == end {
                    continue;
                }
                // Each bead's score from here, before what the state
                // before it adds: the other beads' together, each run's
                // own.
                let (mut count, mut runs) = (0, [f32::NEG_INFINITY; STATES]);
                for (t, &(a, b)) in BEAD_TYPES.iter().enumerate() {
                    if i + a > n || j + b > m {
                        continue;
                    }
                    let Some(next) = band.index(i + a, j + b) else {
                        continue;
                    };
                    let state = Run::after_bead(t);
                    let cost = lattice.cost(self, next, t, i + a, j + b);
                    let after = backward[next * STATES + state];
                    if after.is_infinite() || cost.is_infinite() {
                        continue;
                    }
                    if state == Run::OTHER {
                        scores[count] = after - cost;
                        count += 1;
                    } else {
                        runs[state] = after - cost;
                    }
                }
                let others = log_sum_exp(&scores[..count]);
                for before in 0..STATES {
                    let adjust = self.run.after(before);
                    backward[here * STATES + before] = log_sum_exp(&[
                        others - adjust[0],
                        runs[Run::SOURCE] - adjust[1],
                        runs[Run::TARGET] - adjust[2],
                    ]);
                }
            }
        }
        backward
    }

    /// The estimation rounds: searches for a rough path (half the band, no
    /// widening, no confidences) and re-estimates the length model from
    /// it until the estimates settle. Gives the last rough path and, where
    /// that search already ran as the final one would, the answer.
    fn estimate(
        &mut self,
        lattices: &mut Lattices,
        options: &AlignOptions,
    ) -> (Vec<Bead>, Option<Vec<Bead>>) {
        let rough = (options.band / 2).max(4);
        let mut rough_path = Vec::new();
        for round in 0..options.rounds {
            let (beads, touches_edge) = self.search(lattices.get(self, rough), false);
            let moved = self.reestimate(&beads);
            rough_path.clone_from(&beads);
            // Estimates that hardly moved are as good as converged: where
            // that search already ran over the final band, untouched at its
            // edges and without confidences, its path is the answer.
            if !moved && !touches_edge && !options.confidences && rough == options.band.max(4) {
                return (rough_path, Some(beads));
            }
            // Hundreds of pairs settle the estimates in one round; another
            // is worth its time only for short texts.
            if !moved || (round == 0 && beads.len() > SETTLED_AFTER_ONE_ROUND) {
                break;
            }
        }
        (rough_path, None)
    }

    /// Re-estimates ratio and variance from the 1-1 beads (the ratio from
    /// a few, the variance only from many); false when there are too few
    /// to go by or the estimates hardly moved, so another round would
    /// change nothing.
    fn reestimate(&mut self, beads: &[Bead]) -> bool {
        let pairs: Vec<(f64, f64)> = beads
            .iter()
            .filter(|b| b.source.len() == 1 && b.target.len() == 1)
            .map(|b| {
                (
                    self.source[b.source.start].length,
                    self.target[b.target.start].length,
                )
            })
            .filter(|&(s, t)| s > 0.0 && t > 0.0)
            .collect();
        if pairs.len() < MIN_BEADS_FOR_RATIO {
            return false;
        }
        let source: f64 = pairs.iter().map(|p| p.0).sum();
        let target: f64 = pairs.iter().map(|p| p.1).sum();
        let ratio = target / source;
        let changed = (ratio - self.ratio).abs() > 0.01 * self.ratio;
        self.ratio = ratio;
        if pairs.len() < MIN_BEADS_FOR_ESTIMATE {
            // Too few pairs to judge the spread by: the prior's, scaled.
            self.variance = PRIOR_VARIANCE * ratio;
            return changed;
        }
        // What the relative part of the spread does not explain is the
        // per-character variance.
        let spread: f64 = pairs
            .iter()
            .map(|&(s, t)| {
                let mean = (s + t / ratio) / 2.0;
                let relative = RELATIVE_SPREAD * ratio * mean;
                ((t - ratio * s).powi(2) - relative * relative).max(0.0) / mean
            })
            .sum::<f64>()
            / pairs.len() as f64;
        // Keep the variance within sane bounds of the prior: a handful of
        // near-identical lengths would otherwise make every bead certain.
        let variance = spread.clamp(0.25 * PRIOR_VARIANCE * ratio, 4.0 * PRIOR_VARIANCE * ratio);
        let changed = changed || (variance - self.variance).abs() > 0.05 * self.variance;
        self.variance = variance;
        changed
    }

    /// The cost of bead type `t` starting at source `i`, target `j`.
    fn cost(&self, t: usize, i: usize, j: usize, pairs: &PairMatches) -> Cost {
        let (a, b) = BEAD_TYPES[t];
        Cost {
            length: self.length_cost(a, b, i, j),
            ..self.fixed_cost(t, i, j, pairs)
        }
    }

    /// The length term of an `a`–`b` bead starting at source `i`, target
    /// `j`: the one part of a cost that changes as the model is
    /// re-estimated.
    fn length_cost(&self, a: usize, b: usize, i: usize, j: usize) -> f64 {
        if a == 0 || b == 0 {
            return 0.0;
        }
        let source = self.source_sums[i + a].length - self.source_sums[i].length;
        let target = self.target_sums[j + b].length - self.target_sums[j].length;
        length_cost(source, target, self.ratio, self.variance, self.length_table)
    }

    /// Every term of a bead's cost but its length.
    fn fixed_cost(&self, t: usize, i: usize, j: usize, pairs: &PairMatches) -> Cost {
        let (a, b) = BEAD_TYPES[t];
        let source = Sums::between(&self.source_sums, i, a);
        let target = Sums::between(&self.target_sums, j, b);
        let mut cost = Cost {
            prior: self.priors[t],
            ..Cost::default()
        };
        let learned = self.learned.as_ref().filter(|_| a > 0 && b > 0);
        let total = source.anchors + target.anchors;
        let anchors = if a == 1 && b == 1 {
            usize::from(pairs.get(self, i, j)[0])
        } else if a > 0 && b > 0 && source.anchors > 0 && target.anchors > 0 {
            // The joined texts' anchors against each other, as multisets.
            merged_intersection(
                self.source[i..i + a].iter().map(|p| p.anchors.as_slice()),
                self.target[j..j + b].iter().map(|p| p.anchors.as_slice()),
                false,
            )
        } else {
            0
        };
        cost.anchors = -ANCHOR_MATCH * anchors as f64;
        // A number on one side only speaks against a pairing; a paragraph
        // with no counterpart pairs with nothing, so its numbers cannot
        // disagree with anything.
        if a > 0 && b > 0 {
            let unmatched = total.saturating_sub(2 * anchors);
            cost.anchors += (ANCHOR_MISMATCH * unmatched as f64).min(ANCHOR_MISMATCH_CAP);
        }
        if a > 0 && b > 0 {
            let words = self.bead_words((i, a, j, b), pairs);
            let (found, missing) = words[Words::Names as usize];
            cost.names = match learned {
                Some(learned) => {
                    capped(learned.found[bucket(found)] + learned.missing[bucket(missing)])
                }
                None => -(NAME_MATCH * f64::from(found)).min(NAME_MATCH_CAP),
            };
            let (found, missing) = words[Words::Stems as usize];
            cost.lexical = match learned {
                Some(learned) => capped(
                    learned.stems_found[bucket(found)] + learned.stems_missing[bucket(missing)],
                ),
                None => -(STEM_MATCH * f64::from(found)).min(STEM_MATCH_CAP),
            };
            if self.translations > 0 {
                let (found, _) = words[Words::Translations as usize];
                cost.lexical -= (TRANSLATION_MATCH * f64::from(found)).min(TRANSLATION_MATCH_CAP);
            }
        }
        if let Some(structure) = self.structure.as_ref().filter(|_| a > 0 && b > 0) {
            cost.structure = self.structure_cost(structure, i, a, j, b);
        }
        // A split shows as more paragraphs on one side than the other; a
        // bead with as many on both sides (2-2) says nothing of splits.
        cost.page_break = match a.cmp(&b) {
            std::cmp::Ordering::Greater => page_break_cost(&self.source, i, a, self.page_break[0]),
            std::cmp::Ordering::Less => page_break_cost(&self.target, j, b, self.page_break[1]),
            std::cmp::Ordering::Equal => 0.0,
        };
        cost
    }

    /// Words of each kind ([`Words`]) found on both sides of a bead, each
    /// once however many of its paragraphs hold it, and those of the
    /// side(s) that must account for theirs missing from the other.
    fn bead_words(
        &self,
        (i, a, j, b): (usize, usize, usize, usize),
        pairs: &PairMatches,
    ) -> [(u32, u32); WORD_KINDS] {
        // Found pair by pair, from the cache, but never more than either
        // side holds: a word repeated in two paragraphs of a side counts
        // once, as long as the other side has it once.
        let mut found = [0usize; WORD_KINDS];
        for si in i..i + a {
            for tj in j..j + b {
                let matches = pairs.get(self, si, tj);
                for words in Words::ALL {
                    found[words as usize] += usize::from(words.pick(matches));
                }
            }
        }
        // Missing words count only where learnt; a kind found nowhere in
        // a bead that only rewards what it finds needs no more counting.
        let learnt = self.learned.is_some();
        let mut counts = [(0, 0); WORD_KINDS];
        for words in Words::ALL {
            let k = words as usize;
            if found[k] == 0 && !(learnt && words != Words::Translations) {
                continue;
            }
            let (source_words, target_words) = (
                distinct(words, &self.source_overlaps, i, a),
                distinct(words, &self.target_overlaps, j, b),
            );
            let found = found[k].min(source_words).min(target_words);
            counts[k] = self.found_and_missing(words, found, source_words, target_words);
        }
        counts
    }

    /// Found words and missing ones, given how many each side has.
    fn found_and_missing(
        &self,
        words: Words,
        found: usize,
        source: usize,
        target: usize,
    ) -> (u32, u32) {
        let side = match words {
            Words::Names => self.name_side,
            Words::Stems | Words::Translations => NameSide::Both,
        };
        let missing = match side {
            NameSide::Source => source - found,
            NameSide::Target => target - found,
            NameSide::Both => source + target - 2 * found,
        };
        (saturate(found), saturate(missing))
    }

    /// The structure term of a bead with paragraphs on both sides.
    fn structure_cost(&self, learned: &Structure, i: usize, a: usize, j: usize, b: usize) -> f64 {
        let (s0, s1) = (&self.source_symbols[i], &self.source_symbols[i + a]);
        let (t0, t1) = (&self.target_symbols[j], &self.target_symbols[j + b]);
        // The differences first, all classes at once (wrapping sums: a
        // bead's counts are far below 2^16), then their costs, summed in
        // four lanes.
        let mut differ = [0u16; SYMBOLS];
        for c in 0..SYMBOLS {
            let source = s1[c].wrapping_sub(s0[c]);
            let target = t1[c].wrapping_sub(t0[c]);
            differ[c] = source.abs_diff(target).min(3);
        }
        let mut lanes = [0.0f32; 4];
        for c in 0..SYMBOLS {
            lanes[c % 4] += learned.symbols[c][usize::from(differ[c])];
        }
        let mut sum = lanes.iter().sum::<f32>();
        sum += learned.lead[usize::from(self.source[i].lead != self.target[j].lead)];
        sum += learned.trail
            [usize::from(self.source[i + a - 1].trail != self.target[j + b - 1].trail)];
        capped(sum)
    }

    /// Learns what this text's evidence is worth from the confident 1-1
    /// beads of `path` (those whose neighbours are 1-1 too): each
    /// feature's values on those pairs against their values on the same
    /// pairs shifted by one to three target paragraphs. The cost of a
    /// value is minus the log-likelihood ratio of "aligned" to "shifted",
    /// smoothed so that a value seen on neither is worth nothing, and
    /// capped. The page-break reward is calibrated on the same runs: the
    /// more ordinary junctions look broken, the less a broken-looking one
    /// says. False (nothing learnt) below [`MIN_PAIRS_TO_LEARN`] pairs.
    fn learn(&mut self, path: &[Bead]) -> bool {
        let pairs = confident_pairs(path);
        if pairs.len() < MIN_PAIRS_TO_LEARN {
            return false;
        }
        let evidence = self.evidence(&pairs);
        self.set_structure(evidence.structure());
        self.learned = Some(evidence.words());
        self.learn_translations(&pairs);
        // Junctions inside confident runs are ordinary ones.
        let runs = path
            .windows(2)
            .filter(|w| w.iter().all(Bead::is_one_to_one));
        let (mut junctions, mut broken) = ([0usize; 2], [0usize; 2]);
        for w in runs {
            for (side, k, paragraphs) in [
                (0, w[0].source.start, &self.source),
                (1, w[0].target.start, &self.target),
            ] {
                junctions[side] += 1;
                broken[side] += usize::from(looks_broken(paragraphs, k));
            }
        }
        for side in 0..2 {
            let share = (broken[side] as f64 + 0.5) / (junctions[side] as f64 + 1.0);
            self.page_break[side] = (BROKEN_AT_PAGE_BREAK / share)
                .ln()
                .clamp(0.0, PAGE_BREAK_MAX);
        }
        true
    }

    /// Learns a table of translations from the confident pairs `(i, j)`:
    /// a source stem and a target stem that keep company — each the
    /// other's best match by the Dice coefficient of the pairs they occur
    /// in, in at least [`MIN_TRANSLATION_PAIRS`] of them, and neither in
    /// more than half (function words say nothing) — stand for one entry,
    /// and each paragraph gets the entries its words stand for. Stems the
    /// same on both sides are left to the stems and names.
    fn learn_translations(&mut self, pairs: &[(usize, usize)]) {
        type Map<K, V> =
            std::collections::HashMap<K, V, std::hash::BuildHasherDefault<crate::hash::Fnv>>;
        let step = pairs.len().div_ceil(MAX_TRANSLATION_PAIRS);
        let pairs: Vec<(usize, usize)> = pairs.iter().copied().step_by(step).collect();
        let most = (pairs.len() / 2) as u32;
        let count = |side: &[Features], at: &dyn Fn(&(usize, usize)) -> usize| {
            let mut counts = Map::<u64, u32>::default();
            for pair in &pairs {
                for &w in &side[at(pair)].words {
                    *counts.entry(w).or_default() += 1;
                }
            }
            counts.retain(|_, c| *c >= MIN_TRANSLATION_PAIRS && *c <= most);
            counts
        };
        let source_counts = count(&self.source, &|p| p.0);
        let target_counts = count(&self.target, &|p| p.1);
        let kept = |side: &[Features], k: usize, counts: &Map<u64, u32>| -> Vec<u64> {
            side[k]
                .words
                .iter()
                .copied()
                .filter(|w| counts.contains_key(w))
                .collect()
        };
        let mut together = Map::<(u64, u64), u32>::default();
        for &(i, j) in &pairs {
            let targets = kept(&self.target, j, &target_counts);
            for s in kept(&self.source, i, &source_counts) {
                for &t in &targets {
                    if s != t {
                        *together.entry((s, t)).or_default() += 1;
                    }
                }
            }
        }
        // Each stem's best partner on the other side, by Dice.
        let mut best_target = Map::<u64, (f64, u64)>::default();
        let mut best_source = Map::<u64, (f64, u64)>::default();
        for (&(s, t), &both) in &together {
            if both < MIN_TRANSLATION_PAIRS {
                continue;
            }
            let dice = 2.0 * f64::from(both) / f64::from(source_counts[&s] + target_counts[&t]);
            for (best, key, partner) in [(&mut best_target, s, t), (&mut best_source, t, s)] {
                let entry = best.entry(key).or_insert((0.0, partner));
                if dice > entry.0 || (dice == entry.0 && partner < entry.1) {
                    *entry = (dice, partner);
                }
            }
        }
        let mut table: Vec<(u64, u64)> = best_target
            .iter()
            .filter(|(&s, &(dice, t))| {
                dice >= MIN_TRANSLATION_DICE && best_source.get(&t).is_some_and(|&(_, b)| b == s)
            })
            .map(|(&s, &(_, t))| (s, t))
            .collect();
        table.sort_unstable();
        self.translations = table.len();
        if table.is_empty() {
            return;
        }
        // Each side's words to the entries they stand for.
        let entries = |word: fn(&(u64, u64)) -> u64| -> Map<u64, u64> {
            table
                .iter()
                .enumerate()
                .map(|(entry, pair)| (word(pair), entry as u64))
                .collect()
        };
        for (side, entries) in [
            (&mut self.source, entries(|pair| pair.0)),
            (&mut self.target, entries(|pair| pair.1)),
        ] {
            for p in side.iter_mut() {
                p.translations = p
                    .words
                    .iter()
                    .filter_map(|w| entries.get(w).copied())
                    .collect();
                p.translations.sort_unstable();
            }
        }
        self.source_overlaps = overlaps(&self.source);
        self.target_overlaps = overlaps(&self.target);
    }

    /// Each feature's values on the pairs `(i, j)` and on the same pairs
    /// shifted by one to three target paragraphs.
    fn evidence(&self, pairs: &[(usize, usize)]) -> Evidence {
        let m = self.target.len();
        let mut evidence = Evidence::default();
        for &(i, j) in pairs {
            for shift in SHIFTS {
                let Some(k) = j.checked_add_signed(shift).filter(|&k| k < m) else {
                    continue;
                };
                let aligned = shift == 0;
                let (s, t) = (&self.source[i], &self.target[k]);
                for (c, histogram) in evidence.symbols.iter_mut().enumerate() {
                    histogram.add(
                        bucket(u32::from(s.symbols[c].abs_diff(t.symbols[c]))),
                        aligned,
                    );
                }
                evidence.lead.add(usize::from(s.lead != t.lead), aligned);
                evidence.trail.add(usize::from(s.trail != t.trail), aligned);
                for (words, found, missing) in [
                    (Words::Names, &mut evidence.found, &mut evidence.missing),
                    (
                        Words::Stems,
                        &mut evidence.stems_found,
                        &mut evidence.stems_missing,
                    ),
                ] {
                    let (s, t) = (words.of(s), words.of(t));
                    let (f, miss) =
                        self.found_and_missing(words, intersection(s, t), s.len(), t.len());
                    found.add(bucket(f), aligned);
                    missing.add(bucket(miss), aligned);
                }
            }
        }
        evidence
    }

    /// Brings in the structure term, with these costs.
    fn set_structure(&mut self, structure: Structure) {
        self.structure = Some(structure);
        self.source_symbols = symbol_sums(&self.source);
        self.target_symbols = symbol_sums(&self.target);
    }

    /// Anchor, name, stem and translation matches between one source and
    /// one target paragraph.
    fn pair_matches(&self, i: usize, j: usize) -> Matches {
        let (s, t) = (&self.source[i], &self.target[j]);
        let count = |a: &[u64], b: &[u64]| intersection(a, b).min(u16::MAX as usize) as u16;
        let mut matches = [count(&s.anchors, &t.anchors); 1 + WORD_KINDS];
        for words in Words::ALL {
            matches[1 + words as usize] = count(words.of(s), words.of(t));
        }
        matches
    }
}

/// The 1-1 beads of a path whose neighbours are 1-1 too, as (source,
/// target) paragraph: the pairs evidence is learnt from.
fn confident_pairs(path: &[Bead]) -> Vec<(usize, usize)> {
    path.windows(3)
        .filter(|w| w.iter().all(Bead::is_one_to_one))
        .map(|w| (w[1].source.start, w[1].target.start))
        .collect()
}

/// Keeps in each paragraph only the words (of the list `words` picks)
/// that occur somewhere on the other side: in a Latin-script text every
/// word is Latin, and only those the translation kept can ever match.
fn keep_shared(
    source: &mut [Features],
    target: &mut [Features],
    words: impl Fn(&mut Features) -> &mut Vec<u64>,
) {
    let all = |side: &mut [Features]| {
        let mut all: Vec<u64> = side.iter_mut().flat_map(|p| words(p).clone()).collect();
        all.sort_unstable();
        all.dedup();
        all
    };
    let (in_source, in_target) = (all(source), all(target));
    for p in source.iter_mut() {
        words(p).retain(|n| in_target.binary_search(n).is_ok());
    }
    for p in target.iter_mut() {
        words(p).retain(|n| in_source.binary_search(n).is_ok());
    }
}

/// Page-break evidence for the longer side of a bead, a run of `count`
/// paragraphs from `start`: each junction that looks broken earns
/// `reward`.
fn page_break_cost(side: &[Features], start: usize, count: usize, reward: f64) -> f64 {
    (start..(start + count).saturating_sub(1))
        .filter(|&k| looks_broken(side, k))
        .map(|_| -reward)
        .sum()
}

/// Whether the junction after paragraph `k` looks like a page break: the
/// paragraph ends mid-sentence, the next starts in lower case, and neither
/// is too short to be a piece of a sentence.
fn looks_broken(side: &[Features], k: usize) -> bool {
    let (this, next) = (&side[k], &side[k + 1]);
    this.open_end && next.lower_start && !this.fragment_too_short && !next.fragment_too_short
}

/// At most this many confident pairs, taken evenly, teach the table of
/// translations: more would only slow a long text.
const MAX_TRANSLATION_PAIRS: usize = 500;
/// A stem in fewer confident pairs than this is in no translation.
const MIN_TRANSLATION_PAIRS: u32 = 2;
/// Two stems that keep less company than this are no translation.
const MIN_TRANSLATION_DICE: f64 = 0.5;
/// What a translation found on both sides of a bead is worth, and at most
/// all of them.
const TRANSLATION_MATCH: f64 = 0.5;
const TRANSLATION_MATCH_CAP: f64 = 2.0;

/// Fewer confident pairs than this and nothing is learnt: the fixed
/// evidence alone decides, as for any short text.
const MIN_PAIRS_TO_LEARN: usize = 40;

/// The target shifts a learnt feature is compared at: 0 is the aligned
/// pair, the others are what it is told apart from.
const SHIFTS: [isize; 7] = [0, -3, -2, -1, 1, 2, 3];

/// The most one value of one learnt feature, and one learnt term of a
/// bead, may weigh, in nats either way.
const LEARNT_VALUE_CAP: f64 = 1.5;
const LEARNT_TERM_CAP: f64 = 3.0;

/// How often a real page break leaves both pieces looking broken, and the
/// most a broken-looking junction can earn once calibrated.
const BROKEN_AT_PAGE_BREAK: f64 = 0.5;
const PAGE_BREAK_MAX: f64 = 2.5;

/// How often each value of each learnt feature is seen on aligned pairs
/// and on shifted ones ([`Model::evidence`]).
#[derive(Debug, Clone, Default)]
struct Evidence {
    /// By symbol class, by how many more one side has (0, 1, 2, 3+).
    symbols: [Histogram<4>; SYMBOLS],
    /// Marks before the first letter, and after the last, the same or not.
    lead: Histogram<2>,
    trail: Histogram<2>,
    /// Names found on both sides, and missing from one (0, 1, 2, 3+).
    found: Histogram<4>,
    missing: Histogram<4>,
    /// The same for word stems.
    stems_found: Histogram<4>,
    stems_missing: Histogram<4>,
}

impl Evidence {
    fn structure(&self) -> Structure {
        Structure {
            symbols: self.symbols.map(|h| h.costs()),
            lead: self.lead.costs(),
            trail: self.trail.costs(),
        }
    }

    fn words(&self) -> Learned {
        Learned {
            found: self.found.costs(),
            missing: self.missing.costs(),
            stems_found: self.stems_found.costs(),
            stems_missing: self.stems_missing.costs(),
        }
    }
}

/// What symbols and paragraph shape are worth: the cost of each value.
/// Learnt from the text's own pairs when it has enough
/// ([`Model::learn`]); until then, what real texts show
/// ([`STRUCTURE_PRIOR`]).
#[derive(Debug, Clone, PartialEq)]
struct Structure {
    /// By symbol class, by how many more one side has (0, 1, 2, 3+).
    symbols: [[f32; 4]; SYMBOLS],
    /// Marks before the first letter, and after the last, the same or not.
    lead: [f32; 2],
    trail: [f32; 2],
}

/// What names and stems found on both sides, or missing from one, are
/// worth in this text ([`Model::learn`]): the cost of each count (0, 1,
/// 2, 3+).
#[derive(Debug, Clone)]
struct Learned {
    found: [f32; 4],
    missing: [f32; 4],
    stems_found: [f32; 4],
    stems_missing: [f32; 4],
}

/// What symbols and paragraph shape are worth in a text too short to
/// learn from: the costs [`Model::learn`] finds on the real texts of the
/// test fixtures, pooled with each text weighing the same, made never to
/// fall as a difference grows, and halved, since a text not yet known may
/// use its symbols otherwise (the test
/// `the_structure_prior_is_what_real_texts_show` derives them).
const STRUCTURE_PRIOR: Structure = Structure {
    symbols: [
        [-0.01, 0.75, 0.75, 0.75], // ?
        [0.0, 0.75, 0.75, 0.75],   // !
        [-0.08, 0.46, 0.75, 0.75], // ( )
        [-0.04, 0.0, 0.75, 0.75],  // [ ]
        [-0.02, 0.0, 0.75, 0.75],  // "
        [-0.07, 0.75, 0.75, 0.75], // :
        [-0.03, 0.45, 0.75, 0.75], // ;
        [-0.03, 0.75, 0.75, 0.75], // $
        [-0.01, 0.75, 0.75, 0.75], // #
        [-0.08, 0.75, 0.75, 0.75], // / \\
        [-0.01, 0.75, 0.75, 0.75], // |
        [-0.01, 0.75, 0.75, 0.75], // %
        [-0.01, 0.73, 0.75, 0.75], // @
        [-0.02, 0.75, 0.75, 0.75], // *
        [-0.02, 0.75, 0.75, 0.75], // =
        [-0.01, 0.75, 0.75, 0.75], // +
        [0.0, 0.0, 0.75, 0.75],    // &
        [0.0, 0.0, 0.0, 0.0],      // §
        [-0.10, 0.49, 0.75, 0.75], // -
        [-0.40, 0.75, 0.75, 0.75], // .
        [-0.23, 0.18, 0.23, 0.56], // ,
        [-0.01, 0.75, 0.75, 0.75], // < >
        [-0.05, 0.75, 0.75, 0.75], // _
        [-0.01, 0.0, 0.75, 0.75],  // { }
    ],
    lead: [-0.03, 0.75],
    trail: [-0.34, 0.75],
};

/// The kinds of words a bead's sides are compared by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Words {
    /// [`Features::names`].
    Names = 0,
    /// [`Features::stems`].
    Stems = 1,
    /// [`Features::translations`].
    Translations = 2,
}

const WORD_KINDS: usize = 3;

/// A pair of paragraphs' matches: anchors, then each kind of [`Words`].
type Matches = [u16; 1 + WORD_KINDS];

impl Words {
    const ALL: [Words; WORD_KINDS] = [Words::Names, Words::Stems, Words::Translations];

    fn of(self, p: &Features) -> &[u64] {
        match self {
            Words::Names => &p.names,
            Words::Stems => &p.stems,
            Words::Translations => &p.translations,
        }
    }

    /// This kind's count among a pair's matches.
    fn pick(self, matches: Matches) -> u16 {
        matches[1 + self as usize]
    }
}

/// How often each value of a feature is seen on aligned and on shifted
/// pairs.
#[derive(Debug, Clone, Copy)]
struct Histogram<const N: usize> {
    aligned: [f64; N],
    shifted: [f64; N],
}

impl<const N: usize> Default for Histogram<N> {
    fn default() -> Self {
        Histogram {
            aligned: [0.0; N],
            shifted: [0.0; N],
        }
    }
}

impl<const N: usize> Histogram<N> {
    fn add(&mut self, value: usize, aligned: bool) {
        if aligned {
            self.aligned[value] += 1.0;
        } else {
            self.shifted[value] += 1.0;
        }
    }

    /// Adds another text's counts, scaled by `weight`.
    #[cfg(test)]
    fn pool(&mut self, other: &Self, weight: f64) {
        for k in 0..N {
            self.aligned[k] += other.aligned[k] * weight;
            self.shifted[k] += other.shifted[k] * weight;
        }
    }

    /// Each value's cost: `-ln` of how much likelier it is on aligned
    /// pairs. The shifted counts are rescaled to the aligned total first,
    /// so that add-one smoothing leaves a value seen on neither at 0.
    fn costs(&self) -> [f32; N] {
        let aligned: f64 = self.aligned.iter().sum();
        let shifted: f64 = self.shifted.iter().sum();
        let scale = if shifted > 0.0 {
            aligned / shifted
        } else {
            0.0
        };
        std::array::from_fn(|k| {
            let ratio = (self.aligned[k] + 1.0) / (self.shifted[k] * scale + 1.0);
            (-ratio.ln()).clamp(-LEARNT_VALUE_CAP, LEARNT_VALUE_CAP) as f32
        })
    }
}

/// 0, 1, 2 or 3 for three or more.
fn bucket(n: u32) -> usize {
    n.min(3) as usize
}

fn capped(cost: f32) -> f64 {
    f64::from(cost).clamp(-LEARNT_TERM_CAP, LEARNT_TERM_CAP)
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Prefix sums of the symbol counts of a side, wrapping.
fn symbol_sums(side: &[Features]) -> Vec<[u16; SYMBOLS]> {
    let mut sums = Vec::with_capacity(side.len() + 1);
    let mut running = [0u16; SYMBOLS];
    sums.push(running);
    for p in side {
        for (sum, &count) in running.iter_mut().zip(&p.symbols) {
            *sum = sum.wrapping_add(u16::from(count));
        }
        sums.push(running);
    }
    sums
}

/// Standard deviation of the target length for a source of `mean`
/// characters: Gale & Church's variance growing with length, plus a part
/// growing with its square — a translator's freedom is a share of the
/// paragraph, so long paragraphs vary more than the linear model says.
fn length_spread(mean: f64, ratio: f64, variance: f64) -> f64 {
    let relative = RELATIVE_SPREAD * ratio * mean;
    (variance * mean + relative * relative).sqrt()
}

/// The Gale–Church length term: `-ln P(|δ|)` where δ measures how far the
/// target length is from the source length times the ratio.
fn length_cost(source: f64, target: f64, ratio: f64, variance: f64, table: &[f64]) -> f64 {
    let mean = ((source + target / ratio) / 2.0).max(1.0);
    let delta = (target - ratio * source) / length_spread(mean, ratio, variance);
    // Looked up, with linear interpolation, in a table of the exact cost:
    // the search evaluates it millions of times.
    let x = delta.abs() * LENGTH_TABLE_STEPS;
    let k = x as usize;
    if k + 1 >= table.len() {
        return table[table.len() - 1];
    }
    let f = x - k as f64;
    table[k] * (1.0 - f) + table[k + 1] * f
}

/// Table entries per unit of |δ|, and the |δ| the table reaches (beyond it
/// the cost is flat at the outlier cap).
const LENGTH_TABLE_STEPS: f64 = 64.0;
const LENGTH_TABLE_MAX: f64 = 40.0;

static LENGTH_TABLE: std::sync::LazyLock<Vec<f64>> = std::sync::LazyLock::new(|| {
    let size = (LENGTH_TABLE_MAX * LENGTH_TABLE_STEPS) as usize + 1;
    (0..size)
        .map(|k| exact_length_cost(k as f64 / LENGTH_TABLE_STEPS))
        .collect()
});

/// `-ln P(|δ|)`: a normal two-sided tail, mixed with a small share of
/// outliers. Translators sometimes shorten or expand a paragraph far
/// beyond the normal spread; such beads are taken to have any length at
/// all, which caps the cost instead of letting one such paragraph drag its
/// neighbours out of place.
fn exact_length_cost(delta: f64) -> f64 {
    // 2(1 - Φ(|δ|)) = erfc(|δ| / √2)
    let normal = -ln_erfc(delta / std::f64::consts::SQRT_2);
    -((1.0 - LENGTH_OUTLIERS) * (-normal).exp() + LENGTH_OUTLIERS * (-LENGTH_OUTLIER_COST).exp())
        .ln()
}

/// `ln(erfc(x))` for x ≥ 0, by the Chebyshev fit of Numerical Recipes
/// (relative error under 1.2e-7), computed in log space so that it never
/// underflows.
fn ln_erfc(x: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.5 * x);
    let poly = -1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    t.ln() - x * x + poly
}

fn log_sum_exp(values: &[f32]) -> f32 {
    let max = values.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    if max == f32::NEG_INFINITY {
        return max;
    }
    max + values.iter().map(|v| (v - max).exp()).sum::<f32>().ln()
}

/// Up to three sorted lists read as one sorted list, without allocating.
struct Merged<'a> {
    lists: [&'a [u64]; 3],
}

impl<'a> Merged<'a> {
    fn new(lists: impl Iterator<Item = &'a [u64]>) -> Self {
        let mut merged = Merged { lists: [&[]; 3] };
        for (slot, list) in merged.lists.iter_mut().zip(lists) {
            *slot = list;
        }
        merged
    }

    fn peek(&self) -> Option<(usize, u64)> {
        self.lists
            .iter()
            .enumerate()
            .filter_map(|(k, l)| l.first().map(|v| (k, *v)))
            .min_by_key(|&(_, v)| v)
    }

    fn advance(&mut self, k: usize) {
        self.lists[k] = &self.lists[k][1..];
    }
}

/// Size of the intersection of two runs of sorted lists, each run read as
/// one list: as multisets, or as sets with `distinct`.
fn merged_intersection<'a>(
    a: impl Iterator<Item = &'a [u64]>,
    b: impl Iterator<Item = &'a [u64]>,
    distinct: bool,
) -> usize {
    let (mut a, mut b) = (Merged::new(a), Merged::new(b));
    let mut count = 0;
    let mut last = None;
    while let (Some((ka, va)), Some((kb, vb))) = (a.peek(), b.peek()) {
        match va.cmp(&vb) {
            std::cmp::Ordering::Less => a.advance(ka),
            std::cmp::Ordering::Greater => b.advance(kb),
            std::cmp::Ordering::Equal => {
                if !distinct || last != Some(va) {
                    count += 1;
                }
                last = Some(va);
                a.advance(ka);
                b.advance(kb);
            }
        }
    }
    count
}

/// How many words of each kind a paragraph has, and shares with the one
/// before it, with the one two before, and with both: what counting the
/// distinct words of a run of up to three paragraphs needs.
#[derive(Debug, Clone, Copy, Default)]
struct Overlap {
    own: u16,
    previous: u16,
    second: u16,
    both: u16,
}

/// The [`Overlap`]s of a side's paragraphs, names then stems.
fn overlaps(side: &[Features]) -> Vec<[Overlap; WORD_KINDS]> {
    let count = |n: usize| n.min(usize::from(u16::MAX)) as u16;
    (0..side.len())
        .map(|k| {
            Words::ALL.map(|words| {
                let this = words.of(&side[k]);
                let before = |d: usize| k.checked_sub(d).map_or(&[][..], |k| words.of(&side[k]));
                let (previous, second) = (before(1), before(2));
                Overlap {
                    own: count(this.len()),
                    previous: count(intersection(this, previous)),
                    second: count(intersection(this, second)),
                    both: count(
                        this.iter()
                            .filter(|w| {
                                previous.binary_search(w).is_ok() && second.binary_search(w).is_ok()
                            })
                            .count(),
                    ),
                }
            })
        })
        .collect()
}

/// How many distinct words of a kind the run of `count` (at most three)
/// paragraphs from `start` holds, by inclusion and exclusion over the
/// side's [`Overlap`]s.
fn distinct(words: Words, overlaps: &[[Overlap; WORD_KINDS]], start: usize, count: usize) -> usize {
    let kind = words as usize;
    let mut total: usize = overlaps[start..start + count]
        .iter()
        .map(|o| usize::from(o[kind].own))
        .sum();
    if count >= 2 {
        total -= usize::from(overlaps[start + 1][kind].previous);
    }
    if count >= 3 {
        let last = overlaps[start + 2][kind];
        total =
            total + usize::from(last.both) - usize::from(last.previous) - usize::from(last.second);
    }
    total
}

/// Size of the multiset intersection of two sorted lists.
fn intersection(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut count) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                count += 1;
                i += 1;
                j += 1;
            }
        }
    }
    count
}

/// Two characters' hash, as a word.
fn hash_pair(a: char, b: char) -> u64 {
    use std::hash::Hasher;
    let mut h = crate::hash::Fnv::default();
    h.write_u32(u32::from(a));
    h.write_u32(u32::from(b));
    h.finish()
}

/// FNV-1a over the kind and the ASCII-lower-cased bytes: stable from run
/// to run, and cheap enough for every word of a long text.
fn hash(kind: u8, text: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = crate::hash::Fnv::default();
    h.write_u8(kind);
    for b in text.bytes() {
        h.write_u8(b.to_ascii_lowercase());
    }
    h.finish()
}

/// The symbol classes the structure term counts (see [`symbol_class`]).
const SYMBOLS: usize = 24;

/// The bit for a mark of no class, in [`Features::lead`] and `trail`.
const OTHER_MARK: u32 = 1 << SYMBOLS;

/// A paragraph of fewer characters (spaces aside) than this is too short
/// to be a piece of a sentence a page break cut: a navigation item, a
/// label.
const MIN_FRAGMENT: usize = 12;

/// The class of a symbol, full-width forms and CJK punctuation read as
/// their ASCII counterparts; `None` for letters, digits, spaces and marks
/// outside the classes (dashes, bullets, apostrophes, whose use differs
/// from language to language).
fn symbol_class(c: char) -> Option<usize> {
    let c = match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '。' => '.',
        '、' => ',',
        '【' | '〔' => '[',
        '】' | '〕' => ']',
        '«' | '»' | '“' | '”' | '„' | '「' | '」' | '『' | '』' => '"',
        '¿' => '?',
        '¡' => '!',
        _ => c,
    };
    Some(match c {
        '?' => 0,
        '!' => 1,
        '(' | ')' => 2,
        '[' | ']' => 3,
        '"' => 4,
        ':' => 5,
        ';' => 6,
        '$' => 7,
        '#' => 8,
        '/' | '\\' => 9,
        '|' => 10,
        '%' => 11,
        '@' => 12,
        '*' => 13,
        '=' => 14,
        '+' => 15,
        '&' => 16,
        '§' => 17,
        '-' => 18,
        '.' => 19,
        ',' => 20,
        '<' | '>' => 21,
        '_' => 22,
        '{' | '}' => 23,
        _ => return None,
    })
}

/// The stem of the word being read: its first five letters, hashed.
#[derive(Default)]
struct Stem {
    hash: crate::hash::Fnv,
    letters: usize,
}

impl Stem {
    fn push(&mut self, c: char) {
        if self.letters < 5 {
            std::hash::Hasher::write_u32(&mut self.hash, c as u32);
        }
        self.letters += 1;
    }

    /// The word ended: its stem is kept if it had four letters or more.
    fn end(&mut self, stems: &mut Vec<u64>) {
        if self.letters >= 4 {
            stems.push(std::hash::Hasher::finish(&self.hash));
        }
        *self = Stem::default();
    }
}

/// A letter in lower case: Cyrillic and scripts without case by range,
/// the rest by the Unicode tables.
fn lower_case(c: char) -> char {
    match c {
        'А'..='Я' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
        'а'..='я' | '\u{4e00}'..='\u{9fff}' | '\u{ac00}'..='\u{d7a3}' => c,
        _ => c.to_lowercase().next().unwrap_or(c),
    }
}

impl Features {
    /// The features of one paragraph's text.
    pub fn of(text: &str) -> Features {
        let mut features = Features {
            open_end: ends_mid_sentence(text),
            lower_start: starts_lower_case(text),
            ..Features::default()
        };
        let mut length = 0usize;
        let mut maybe_number = false;
        // Symbols before the first letter or digit go to `lead`; `trail`
        // starts again after each.
        let mut seen_alphanumeric = false;
        let mark = |features: &mut Features, c: char| {
            let bit = match symbol_class(c) {
                Some(k) => {
                    features.symbols[k] = features.symbols[k].saturating_add(1);
                    1 << k
                }
                None => OTHER_MARK,
            };
            features.trail |= bit;
            bit
        };
        let mut stem = Stem::default();
        let mut last_ideograph = None;
        for c in text.chars() {
            if c.is_ascii() {
                last_ideograph = None;
                if c.is_ascii_alphanumeric() {
                    stem.push(c.to_ascii_lowercase());
                    if c.is_ascii_alphabetic() {
                        features.letters += 1;
                        features.latin_letters += 1;
                    } else {
                        maybe_number = true;
                    }
                    seen_alphanumeric = true;
                    features.trail = 0;
                } else {
                    stem.end(&mut features.stems);
                }
                if !c.is_ascii_alphanumeric() && !c.is_ascii_whitespace() {
                    let bit = mark(&mut features, c);
                    if !seen_alphanumeric {
                        features.lead |= bit;
                    }
                }
                length += usize::from(!c.is_ascii_whitespace());
                continue;
            }
            // The common scripts' letters by range first: the general Unicode
            // tables are slow in a loop over every character.
            let letter = matches!(c, '\u{410}'..='\u{44f}' | '\u{4e00}'..='\u{9fff}' | '\u{ac00}'..='\u{d7a3}');
            let space = !letter
                && matches!(
                    c,
                    '\u{a0}' | '\u{1680}' | '\u{2000}'
                        ..='\u{200a}'
                            | '\u{2028}'
                            | '\u{2029}'
                            | '\u{202f}'
                            | '\u{205f}'
                            | '\u{3000}'
                );
            length += usize::from(!space);
            if space {
                stem.end(&mut features.stems);
            }
            maybe_number |= chinese_numeral(c).is_some() || is_full_width_digit(c);
            // Text without spaces between words has its pairs of
            // characters for words, for a table of translations.
            let ideograph = matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}' | '\u{ac00}'..='\u{d7a3}');
            if ideograph {
                if let Some(before) = last_ideograph {
                    features.words.push(hash_pair(before, c));
                }
            }
            last_ideograph = ideograph.then_some(c);
            if letter || c.is_alphabetic() {
                features.letters += 1;
                if ('\u{c0}'..='\u{24f}').contains(&c) {
                    features.latin_letters += 1;
                }
                seen_alphanumeric = true;
                features.trail = 0;
                stem.push(lower_case(c));
            } else if c.is_numeric() {
                seen_alphanumeric = true;
                features.trail = 0;
                stem.push(c);
            } else if !space && !c.is_whitespace() && !c.is_control() {
                stem.end(&mut features.stems);
                let bit = mark(&mut features, c);
                if !seen_alphanumeric {
                    features.lead |= bit;
                }
            }
        }
        stem.end(&mut features.stems);
        features.length = length as f64;
        features.fragment_too_short = length < MIN_FRAGMENT;
        if maybe_number {
            for number in numbers(text) {
                features.anchors.push(hash(b'n', &number));
            }
        }
        for url in urls(text) {
            features.anchors.push(hash(b'u', url.trim_end_matches('/')));
        }
        for email in emails(text) {
            features.anchors.push(hash(b'e', &email));
        }
        // Latin-script words. Between texts in two scripts every one counts:
        // in the non-Latin text they are names, codes and commands, which the
        // translation keeps. Between texts in one script only names do —
        // capitalised words past a sentence's start, and words with digits.
        if features.latin_letters > 0 {
            let mut sentence_start = true;
            for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')) {
                if word.len() >= 2 && word.bytes().any(|b| b.is_ascii_alphabetic()) {
                    let name = (!sentence_start && word.as_bytes()[0].is_ascii_uppercase())
                        || word.bytes().any(|b| b.is_ascii_digit());
                    features.names.push(hash(b'l', word));
                    if name {
                        features.proper_names.push(hash(b'l', word));
                    }
                }
                if !word.is_empty() {
                    sentence_start = false;
                }
            }
        }
        features.anchors.sort_unstable();
        features.names.sort_unstable();
        features.names.dedup();
        features.stems.sort_unstable();
        features.stems.dedup();
        features
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The anchors the aligner should keep for a text: exactly what
    /// `crate::find` finds, which is what the checks compare.
    fn anchors_by_find(text: &str) -> Vec<u64> {
        let mut anchors: Vec<u64> = crate::find::numbers(text)
            .iter()
            .map(|n| hash(b'n', n))
            .chain(
                crate::find::urls(text)
                    .iter()
                    .map(|u| hash(b'u', u.trim_end_matches('/'))),
            )
            .chain(crate::find::emails(text).iter().map(|e| hash(b'e', e)))
            .collect();
        anchors.sort_unstable();
        anchors
    }

    #[test]
    fn the_aligner_anchors_on_what_the_checks_find_in_real_text() {
        let files = [
            include_str!("../tests/fixtures/align/maint-guide/first.en.html"),
            include_str!("../tests/fixtures/align/maint-guide/first.ru.html"),
            include_str!("../tests/fixtures/align/maint-guide/dreq.en.html"),
            include_str!("../tests/fixtures/align/maint-guide/dreq.ru.html"),
            include_str!("../tests/fixtures/wcda-112106.txt"),
        ];
        let mut anchored = 0;
        for line in files.iter().flat_map(|f| f.lines()) {
            let found = anchors_by_find(line);
            anchored += usize::from(!found.is_empty());
            assert_eq!(Features::of(line).anchors, found, "{line}");
        }
        assert!(anchored > 100, "only {anchored} lines with anchors");
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2048))]
        #[test]
        fn the_aligner_anchors_on_what_the_checks_find(
            text in "(https?://|ftp://|www\\.|[a-z]{1,6}@[a-z]{1,5}\\.(org|ru)|[0-9]{1,4}|[ .,;:()«»/]|\u{a0}|[A-Za-zА-Яа-я]{1,8}|第|[一二三十百千万零]{1,3}|\\.){0,24}"
        ) {
            proptest::prop_assert_eq!(Features::of(&text).anchors, anchors_by_find(&text));
        }
    }

    #[test]
    fn a_long_text_has_the_priors_and_a_short_one_about_one_paragraph_alone() {
        // The types the bead search has leave a little for larger ones.
        let sum = PRIORS.iter().sum::<f64>();
        assert!((sum - 1.0).abs() < 0.01);
        let total = |costs: [f64; 8]| costs.iter().map(|c| (-c).exp()).sum::<f64>();
        for (n, lone) in [
            (10_000, PRIORS[1]),
            (200, PRIORS[1]),
            (20, 0.05),
            (4, LONE_AT_MOST),
        ] {
            let costs = priors_for(n);
            assert!((total(costs) - sum).abs() < 0.001, "{n}");
            assert!(((-costs[1]).exp() - lone).abs() < 1e-12, "{n}");
            assert_eq!(costs[1], costs[2]);
            // The pairing types keep their proportions.
            assert!(((-costs[3]).exp() / (-costs[0]).exp() - PRIORS[3] / PRIORS[0]).abs() < 1e-9);
        }
        for (p, c) in PRIORS.iter().zip(priors_for(10_000)) {
            assert!((-p.ln() - c).abs() < 1e-12);
        }
    }

    #[test]
    fn ln_erfc_matches_known_values() {
        assert!((ln_erfc(0.0) - 0.0).abs() < 1e-6);
        assert!((ln_erfc(1.0) - 0.157_299_207_f64.ln()).abs() < 1e-6);
        // Far in the tail erfc(x) ~ exp(-x²)/(x√π): no underflow to -inf.
        let x = 30.0;
        let tail = -x * x - (x * std::f64::consts::PI.sqrt()).ln();
        assert!((ln_erfc(x) - tail).abs() < 1e-3);
    }

    fn pairs(alignment: &Alignment) -> Vec<(Range<usize>, Range<usize>)> {
        alignment
            .beads
            .iter()
            .map(|b| (b.source.clone(), b.target.clone()))
            .collect()
    }

    #[test]
    fn empty_sides() {
        let none: [&str; 0] = [];
        let alignment = align_paragraphs(&none, &none, &AlignOptions::default());
        assert!(alignment.beads.is_empty());
        let alignment = align_paragraphs(&["a", "b"], &none, &AlignOptions::default());
        assert_eq!(pairs(&alignment), [(0..1, 0..0), (1..2, 0..0)]);
        assert!(alignment.beads.iter().all(|b| b.confidence > 0.99));
    }

    #[test]
    fn sides_of_very_different_lengths() {
        let many: Vec<String> = (0..100)
            .map(|k| format!("Paragraph {k} of the translation."))
            .collect();
        let one = ["Абзац 7 оригинала."];
        let alignment = align_paragraphs(&one, &many, &AlignOptions::default());
        assert_eq!(
            alignment
                .beads
                .iter()
                .map(|b| b.target.len())
                .sum::<usize>(),
            100
        );
        assert_eq!(
            alignment
                .beads
                .iter()
                .map(|b| b.source.len())
                .sum::<usize>(),
            1
        );
        let none: [&str; 0] = [];
        let alignment = align_paragraphs(&none, &many, &AlignOptions::default());
        assert_eq!(alignment.beads.len(), 100);
        assert!(alignment
            .beads
            .iter()
            .all(|b| b.source.is_empty() && b.confidence > 0.99));
    }

    #[test]
    fn navigation_items_earn_no_page_break_reward() {
        // Both open at the end and the second in lower case, as a cut
        // sentence is; but one word each is no half of a sentence.
        let items = [Features::of("следующий"), Features::of("предыдущий")];
        assert_eq!(page_break_cost(&items, 0, 2, PAGE_BREAK_JOIN), 0.0);
        let cut = [
            Features::of("The second paragraph tells of the war in Korea and how"),
            Features::of("a drawn out war gives the troops the possibility to study"),
        ];
        assert_eq!(
            page_break_cost(&cut, 0, 2, PAGE_BREAK_JOIN),
            -PAGE_BREAK_JOIN
        );
    }

    /// Real texts of the test fixtures, original and translation.
    fn real_texts() -> Vec<(Vec<String>, Vec<String>)> {
        let read = |path: &str| {
            std::fs::read_to_string(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/fixtures")
                    .join(path),
            )
            .unwrap()
        };
        let html = |path: &str| crate::import::html_paragraphs(&read(path));
        let mut texts = Vec::new();
        for chapter in [
            "first", "dreq", "dother", "modify", "build", "update", "advanced",
        ] {
            texts.push((
                html(&format!("align/maint-guide/{chapter}.en.html")),
                html(&format!("align/maint-guide/{chapter}.ru.html")),
            ));
        }
        for language in [
            "rus", "ukr", "bul", "bel", "cmn_hans", "cmn_hant", "jpn", "kor",
        ] {
            texts.push((
                html("align/udhr/eng.html"),
                html(&format!("align/udhr/{language}.html")),
            ));
        }
        let catalogue = crate::import::parse_po(&read("django-ru-po/admin-5.1.3.po")).unwrap();
        texts.push(
            catalogue
                .entries
                .iter()
                .filter(|e| !e.msgid.is_empty() && e.msgstr.first().is_some_and(|s| !s.is_empty()))
                .map(|e| (e.msgid.clone(), e.msgstr[0].clone()))
                .unzip(),
        );
        texts
    }

    /// The structure evidence of real texts, each text weighing the same:
    /// what a text too short to learn from is given.
    fn structure_prior() -> Structure {
        let mut pooled = Evidence::default();
        for (source, target) in real_texts() {
            let alignment = align_paragraphs(&source, &target, &AlignOptions::default());
            let features = |side: &[String]| side.iter().map(|p| Features::of(p)).collect();
            let (source, target, name_side) = prepare(features(&source), features(&target));
            let model = Model::new(source, target, name_side);
            let evidence = model.evidence(&confident_pairs(&alignment.beads));
            let weight = 100.0 / evidence.lead.aligned.iter().sum::<f64>();
            for (into, from) in pooled.symbols.iter_mut().zip(&evidence.symbols) {
                into.pool(from, weight);
            }
            pooled.lead.pool(&evidence.lead, weight);
            pooled.trail.pool(&evidence.trail, weight);
        }
        let mut prior = pooled.structure();
        // A larger difference is never better evidence than a smaller one
        // (values too rare to be seen say nothing of the sort), and a text
        // not yet known may use its symbols otherwise: half the weight.
        let prudent = |costs: &mut [f32]| {
            for k in 1..costs.len() {
                costs[k] = costs[k].max(costs[k - 1]);
            }
            for cost in costs.iter_mut() {
                *cost = (*cost * 0.5 * 100.0).round() / 100.0;
            }
        };
        for costs in prior.symbols.iter_mut() {
            prudent(costs);
        }
        prudent(&mut prior.lead);
        prudent(&mut prior.trail);
        prior
    }

    #[test]
    fn a_short_texts_page_break_reward_is_no_more_than_real_texts_earn() {
        // The reward a text too short to calibrate its own gets, against
        // what the fixtures' real texts, pooled, would calibrate to.
        let (mut junctions, mut broken) = (0usize, 0usize);
        for (source, target) in real_texts() {
            for side in [source, target] {
                let features: Vec<Features> = side.iter().map(|p| Features::of(p)).collect();
                junctions += features.len().saturating_sub(1);
                broken += (0..features.len().saturating_sub(1))
                    .filter(|&k| looks_broken(&features, k))
                    .count();
            }
        }
        let share = (broken as f64 + 0.5) / (junctions as f64 + 1.0);
        let earned = (BROKEN_AT_PAGE_BREAK / share).ln().min(PAGE_BREAK_MAX);
        assert!(junctions > 1000, "{junctions}");
        assert!(
            PAGE_BREAK_JOIN <= earned,
            "{broken} of {junctions} junctions look broken: a reward of {earned:.2}"
        );
    }

    #[test]
    fn the_structure_prior_is_what_real_texts_show() {
        let pooled = structure_prior();
        let close = |a: &[f32], b: &[f32]| a.iter().zip(b).all(|(a, b)| (a - b).abs() < 0.011);
        let table = |costs: &[f32]| {
            let values: Vec<String> = costs.iter().map(|c| format!("{c:.2}")).collect();
            format!("[{}]", values.join(", "))
        };
        let symbols: Vec<String> = pooled.symbols.iter().map(|c| table(c)).collect();
        assert!(
            pooled
                .symbols
                .iter()
                .zip(&STRUCTURE_PRIOR.symbols)
                .all(|(a, b)| close(a, b))
                && close(&pooled.lead, &STRUCTURE_PRIOR.lead)
                && close(&pooled.trail, &STRUCTURE_PRIOR.trail),
            "the pooled evidence of the fixtures is\nsymbols: [{}],\nlead: {},\ntrail: {}",
            symbols.join(",\n"),
            table(&pooled.lead),
            table(&pooled.trail),
        );
    }

    /// A real text's paragraphs, cycled to `n`.
    fn cycled(text: &str, n: usize) -> Vec<Features> {
        let paragraphs: Vec<&str> = text
            .split("\n\n")
            .filter(|p| !p.trim().is_empty())
            .collect();
        paragraphs
            .iter()
            .cycle()
            .take(n)
            .map(|p| Features::of(p))
            .collect()
    }

    #[test]
    fn a_long_texts_lattice_filled_on_several_threads_holds_each_beads_cost() {
        // Long enough for the rows to be shared out, the pair matches too.
        let (source, target, name_side) = prepare(
            cycled(
                include_str!("../tests/fixtures/maint-guide-first.en.txt"),
                3000,
            ),
            cycled(
                include_str!("../tests/fixtures/maint-guide-first.ru.txt"),
                3100,
            ),
        );
        assert!(threads_for(source.len() * 21) > 1 || crate::parallel::threads_for(2, 1) == 1);
        let n = source.len();
        let mut model = Model::new(source, target, name_side);
        model.set_structure(STRUCTURE_PRIOR);
        let mut lattice = model.lattice(10);
        let types = BEAD_TYPES.len();
        let band = &lattice.band;
        let mut finite = 0;
        for i in 0..=n {
            for j in band.lo[i]..=band.hi[i] {
                let here = band.start[i] + j - band.lo[i];
                for (t, &(a, b)) in BEAD_TYPES.iter().enumerate() {
                    let expected = if a <= i && b <= j && band.index(i - a, j - b).is_some() {
                        finite += 1;
                        let pairs = &lattice.pairs;
                        if a > 0 && b > 0 {
                            let (i, j) = (i - a, j - b);
                            assert_eq!(pairs.get(&model, i, j), model.pair_matches(i, j));
                        }
                        model.fixed_cost(t, i - a, j - b, pairs).total() as f32
                    } else {
                        f32::INFINITY
                    };
                    assert_eq!(
                        lattice.fixed[here * types + t],
                        expected,
                        "({i}, {j}) type {t}"
                    );
                }
            }
        }
        assert!(finite > 3000 * 20 * 6, "{finite} beads in the band");
        let without = model.search(&lattice, true);
        lattice.add_lengths(&model);
        let with = model.search(&lattice, true);
        assert_eq!(without.0, with.0);
        assert!(
            with.0.iter().any(|b| b.confidence < 0.9) && with.0.iter().any(|b| b.confidence > 0.99)
        );
    }

    #[test]
    fn the_table_of_translations_pairs_words_found_in_aligned_paragraphs() {
        let mut learnt = 0;
        for (source, target) in real_texts() {
            let alignment = align_paragraphs(&source, &target, &AlignOptions::default());
            let features = |side: &[String]| side.iter().map(|p| Features::of(p)).collect();
            let (source, target, name_side) = prepare(features(&source), features(&target));
            let mut model = Model::new(source, target, name_side);
            let pairs = confident_pairs(&alignment.beads);
            model.learn_translations(&pairs);
            if model.translations == 0 {
                continue;
            }
            learnt += 1;
            // Entries found on both sides of the text's pairs, and of the
            // same pairs with the target five paragraphs on.
            let found = |shift: usize| -> usize {
                pairs
                    .iter()
                    .filter(|&&(_, j)| j + shift < model.target.len())
                    .map(|&(i, j)| {
                        let (s, t) = (&model.source[i], &model.target[j + shift]);
                        intersection(&s.translations, &t.translations)
                    })
                    .sum()
            };
            let (aligned, shifted) = (found(0), found(5));
            assert!(
                aligned >= 2 * model.translations && aligned >= 3 * shifted,
                "{} entries: found {aligned} times in aligned pairs, {shifted} shifted",
                model.translations
            );
        }
        // The maint-guide chapters and the Cyrillic UDHRs at least.
        assert!(learnt >= 10, "a table learnt for {learnt} texts");
    }

    #[test]
    fn a_lone_paragraph_costs_its_prior_and_a_run_goes_on_for_less() {
        for n in [10_000, 20] {
            let priors = priors_for(n);
            a_lone_paragraph_in_a_text_with(&priors);
        }
    }

    fn a_lone_paragraph_in_a_text_with(priors: &[f64; 8]) {
        let run = Run::new(priors[Run::SOURCE]);
        let (pair, lone) = (0, Run::SOURCE);
        // Alone between two pairings: its prior, as without runs.
        let alone = priors[lone] as f32 + run.after(Run::OTHER)[lone] + run.after(lone)[pair];
        assert!((alone - priors[lone] as f32).abs() < 1e-5, "{alone}");
        // The next of a run costs -ln RUN_ON, far less than a start.
        let next = priors[lone] as f32 + run.after(lone)[lone];
        assert!((f64::from(next) + RUN_ON.ln()).abs() < 1e-5, "{next}");
        // After a source paragraph alone, every other bead shares what
        // the run leaves: the probabilities from that state sum to one.
        let total: f64 = (0..BEAD_TYPES.len())
            .map(|t| (-(priors[t] + f64::from(run.after(lone)[t]))).exp())
            .sum();
        let sum: f64 = priors.iter().map(|c| (-c).exp()).sum();
        assert!((total - sum).abs() < 0.01, "{total}");
        assert_eq!(run.after(Run::TARGET)[Run::TARGET], run.after(lone)[lone]);
    }

    #[test]
    fn a_short_text_missing_most_of_the_other_finds_its_ratio() {
        let paragraphs = |text: &str| -> Vec<String> {
            text.split("\n\n")
                .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|p| !p.is_empty())
                .collect()
        };
        let english = paragraphs(include_str!("../tests/fixtures/dedication-5.0.en.txt"));
        let german = paragraphs(include_str!("../tests/fixtures/dedication-5.0.de.txt"));
        assert_eq!((english.len(), german.len()), (6, 6));
        // The German lacks the three paragraphs in the middle, three
        // quarters of the text: the ratio of the whole texts is a quarter
        // of the translation's.
        let english: Vec<&str> = english.iter().map(String::as_str).collect();
        let kept: Vec<&str> = [0, 1, 5].iter().map(|&k| german[k].as_str()).collect();
        // Each pair's (English, German) paragraphs, whichever side is the
        // source.
        let pairs = |source: &[&str], target: &[&str], english_first: bool| {
            let alignment = align_paragraphs(source, target, &AlignOptions::default());
            let beads: Vec<(Range<usize>, Range<usize>)> = alignment
                .beads
                .iter()
                .map(|b| (b.source.clone(), b.target.clone()))
                .map(|(s, t)| if english_first { (s, t) } else { (t, s) })
                .collect();
            (beads, alignment.ratio)
        };
        let expected = [
            (0..1, 0..1),
            (1..2, 1..2),
            (2..3, 2..2),
            (3..4, 2..2),
            (4..5, 2..2),
            (5..6, 2..3),
        ];
        for (beads, ratio) in [pairs(&english, &kept, true), pairs(&kept, &english, false)] {
            assert_eq!(beads, expected, "ratio {ratio}");
        }
    }

    #[test]
    fn learnt_costs_are_nothing_for_a_value_never_seen_and_capped() {
        let mut histogram = Histogram::<4>::default();
        for _ in 0..100 {
            histogram.add(0, true);
        }
        for _ in 0..300 {
            histogram.add(0, false);
            histogram.add(1, false);
        }
        let costs = histogram.costs();
        // Value 0: twice as likely aligned; 1: never aligned; 2 and 3:
        // never seen at all.
        assert!((f64::from(costs[0]) + (101.0f64 / 51.0).ln()).abs() < 1e-5);
        assert_eq!(f64::from(costs[1]), LEARNT_VALUE_CAP);
        assert_eq!(costs[2], 0.0);
        assert_eq!(costs[3], 0.0);
    }

    #[test]
    fn symbols_are_classed_with_their_full_width_forms() {
        let ascii = Features::of("Run $ tool -x (see: 5%)?");
        let wide = Features::of("Run ＄ tool －x （see： 5％）？");
        assert_eq!(ascii.symbols, wide.symbols);
        assert_eq!(Features::of("(one).").trail, Features::of(".)").trail);
        assert_ne!(Features::of("Label:").trail, Features::of("Label.").trail);
    }

    #[test]
    fn page_break_split_is_a_one_to_two_bead() {
        let source = [
            "Первый абзац, довольно короткий.",
            "Второй абзац рассказывает о войне в Корее и о том, что затяжная война даёт китайским войскам возможность изучить современную войну.",
            "Третий.",
        ];
        let target = [
            "The first paragraph, rather short.",
            "The second paragraph tells of the war in Korea and how a drawn out war gives the Chinese troops",
            "the possibility to study contemporary warfare.",
            "The third.",
        ];
        let alignment = align_paragraphs(&source, &target, &AlignOptions::default());
        assert_eq!(
            pairs(&alignment),
            [(0..1, 0..1), (1..2, 1..3), (2..3, 3..4)]
        );
        assert!(alignment.beads[1].cost.page_break < 0.0);
    }
}
