//! Work spread over the cores: results handed back in order (the check
//! runner, the history's diffs), two jobs side by side, and the rows of a
//! table filled at once (the aligner).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

/// How many threads are worth starting for `items` pieces of work, each
/// thread taking at least `per_thread`.
pub(crate) fn threads_for(items: usize, per_thread: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    cores.min(items / per_thread.max(1)).max(1)
}

/// Runs `work` over `items` on `threads` threads and hands the results to
/// `sink` in the items' order, as each is ready. Each thread starts with
/// its own state from `init` (a repository handle, say, which threads
/// cannot share); with one thread, everything runs on the caller's.
pub(crate) fn in_order<T: Sync, S, R: Send>(
    items: &[T],
    threads: usize,
    init: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, &T) -> R + Sync,
    mut sink: impl FnMut(R),
) {
    let threads = threads.min(items.len()).max(1);
    if threads == 1 {
        let mut state = init();
        for item in items {
            sink(work(&mut state, item));
        }
        return;
    }
    let next = AtomicUsize::new(0);
    let (sender, receiver) = mpsc::channel();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let sender = sender.clone();
            let (next, init, work) = (&next, &init, &work);
            scope.spawn(move || {
                let mut state = init();
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(k) else { break };
                    if sender.send((k, work(&mut state, item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut pending = BTreeMap::new();
        let mut expected = 0;
        for (k, result) in receiver {
            pending.insert(k, result);
            while let Some(result) = pending.remove(&expected) {
                sink(result);
                expected += 1;
            }
        }
    });
}

/// Runs `a` here and `b` beside it on another thread when `together`,
/// one after the other otherwise.
pub(crate) fn join<A: Send, B: Send>(
    together: bool,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    if !together || threads_for(2, 1) < 2 {
        return (a(), b());
    }
    std::thread::scope(|scope| {
        let b = scope.spawn(b);
        let a = a();
        (
            a,
            b.join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        )
    })
}

/// Fills `out` row by row on `threads` threads, each taking a run of
/// rows of about equal length: row `k` is `out[bounds[k]..bounds[k + 1]]`
/// (`bounds` ascending from 0 to `out.len()`), and `fill(k, row)` fills
/// it.
pub(crate) fn rows<T: Send>(
    out: &mut [T],
    bounds: &[usize],
    threads: usize,
    fill: impl Fn(usize, &mut [T]) + Sync,
) {
    let rows = bounds.len().saturating_sub(1);
    let threads = threads.min(rows).max(1);
    let fill_run = |first: usize, run: &mut [T], last: usize| {
        let offset = bounds[first];
        for k in first..last {
            fill(k, &mut run[bounds[k] - offset..bounds[k + 1] - offset]);
        }
    };
    if threads == 1 {
        fill_run(0, out, rows);
        return;
    }
    std::thread::scope(|scope| {
        let (mut rest, mut first) = (out, 0);
        for thread in 1..=threads {
            // The first row at or past this thread's share of the cells.
            let goal = bounds[rows] * thread / threads;
            let last = if thread == threads {
                rows
            } else {
                first + bounds[first..rows].partition_point(|&b| b < goal)
            };
            let (run, tail) = rest.split_at_mut(bounds[last] - bounds[first]);
            rest = tail;
            let fill_run = &fill_run;
            scope.spawn(move || fill_run(first, run, last));
            first = last;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_order_on_any_number_of_threads() {
        let items: Vec<u64> = (0..1000).collect();
        for threads in [1, 2, 7] {
            let mut seen = Vec::new();
            in_order(
                &items,
                threads,
                || (),
                |(), &x| {
                    // Uneven work, so threads finish out of order.
                    for k in 0..(x % 13) * 100 {
                        std::hint::black_box(k);
                    }
                    x
                },
                |r| seen.push(r),
            );
            assert_eq!(seen, items, "{threads} threads");
        }
    }

    #[test]
    fn rows_are_filled_whole_and_once_on_any_number_of_threads() {
        // Rows of uneven length, some empty.
        let lengths = [3usize, 0, 7, 1, 1, 12, 0, 5, 2, 9];
        let mut bounds = vec![0];
        for len in lengths {
            bounds.push(bounds.last().unwrap() + len);
        }
        for threads in [1, 2, 3, 7, 20] {
            let mut out = vec![usize::MAX; *bounds.last().unwrap()];
            rows(&mut out, &bounds, threads, |k, row| {
                assert_eq!(row.len(), lengths[k], "row {k}, {threads} threads");
                for (x, cell) in row.iter_mut().enumerate() {
                    assert_eq!(*cell, usize::MAX, "row {k} filled twice");
                    *cell = k * 100 + x;
                }
            });
            let expected: Vec<usize> = lengths
                .iter()
                .enumerate()
                .flat_map(|(k, &len)| (0..len).map(move |x| k * 100 + x))
                .collect();
            assert_eq!(out, expected, "{threads} threads");
        }
    }

    #[test]
    fn join_gives_both_results_in_order() {
        for together in [false, true] {
            let (a, b) = join(together, || (0..1000u64).sum::<u64>(), || "beside");
            assert_eq!((a, b), (499_500, "beside"));
        }
    }
}
