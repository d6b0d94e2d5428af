//! Work spread over the cores, results handed back in order: the one
//! helper behind the check runner and the history's diffs.

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
}
