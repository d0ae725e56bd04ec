//! The progress bar of `tally count`: bytes read, rate and ETA on stderr.
//!
//! Shown only when stderr is a terminal (never in a pipe, a file or a test)
//! and the input is large or of unknown size (stdin), where a count takes
//! long enough to wonder about. The bar has a length when every input is a
//! file (the sum of their sizes), so it can give an ETA; otherwise it shows
//! bytes and rate only. It is cleared when the count ends, so the report
//! starts on a clean line.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;

/// Inputs smaller than this in all count in well under a second: no bar.
const SHOW_FROM_BYTES: u64 = 64 * 1024 * 1024;

/// A progress bar, or nothing.
#[derive(Debug)]
pub(super) struct Progress {
    bar: Option<ProgressBar>,
    /// Bytes of the inputs finished before the current one.
    done: u64,
}

impl Progress {
    /// A bar for reading `paths`, if stderr is a terminal and it is worth it.
    pub(super) fn new(paths: &[PathBuf]) -> Self {
        let bar = std::io::stderr()
            .is_terminal()
            .then(|| total_size(paths))
            .and_then(|size| match size {
                Some(size) if size < SHOW_FROM_BYTES => None,
                Some(size) => Some(ProgressBar::new(size).with_style(
                    ProgressStyle::with_template(
                        "{bar:40} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec} ETA {eta}",
                    )
                    .expect("a valid template"),
                )),
                None => Some(ProgressBar::no_length().with_style(
                    ProgressStyle::with_template("{spinner} {binary_bytes} read, {binary_bytes_per_sec}")
                        .expect("a valid template"),
                )),
            });
        if let Some(bar) = &bar {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        Progress { bar, done: 0 }
    }

    /// The current input has had `read` bytes read.
    pub(super) fn read(&self, read: u64) {
        if let Some(bar) = &self.bar {
            bar.set_position(self.done + read);
        }
    }

    /// The current input is finished, `size` bytes in all.
    pub(super) fn finished_input(&mut self, size: u64) {
        self.done += size;
    }

    /// Removes the bar from the terminal.
    pub(super) fn clear(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// The sum of the inputs' sizes, or `None` if one is stdin or not a file.
fn total_size(paths: &[PathBuf]) -> Option<u64> {
    paths.iter().try_fold(0u64, |total, path| {
        let meta = std::fs::metadata(path).ok().filter(|m| m.is_file())?;
        Some(total + meta.len())
    })
}
