//! A progress bar on stderr, drawn only when stderr is a terminal: in a
//! pipe or a CI log it prints nothing.

use std::io::{IsTerminal, Write};

/// Progress through a known number of items.
pub struct Progress {
    total: usize,
    done: usize,
    label: &'static str,
    enabled: bool,
}

const BAR_WIDTH: usize = 30;

impl Progress {
    /// A bar for `total` items; shown only on a terminal and for more than
    /// one item.
    pub fn new(total: usize, label: &'static str) -> Self {
        Progress {
            total,
            done: 0,
            label,
            enabled: total > 1 && std::io::stderr().is_terminal(),
        }
    }

    /// Marks the start of the next item, named `item`.
    pub fn step(&mut self, item: &str) {
        if !self.enabled {
            return;
        }
        let filled = BAR_WIDTH * self.done / self.total.max(1);
        let name: String = item.chars().take(40).collect();
        let mut stderr = std::io::stderr().lock();
        let _ = write!(
            stderr,
            "\r\x1b[2K{} [{}{}] {}/{} {name}",
            self.label,
            "=".repeat(filled),
            " ".repeat(BAR_WIDTH - filled),
            self.done + 1,
            self.total
        );
        let _ = stderr.flush();
        self.done += 1;
    }

    /// Clears the bar.
    pub fn finish(&self) {
        if self.enabled {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
        }
    }
}
