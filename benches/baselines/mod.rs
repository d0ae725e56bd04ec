//! The baselines every strategy is measured against, written the tutorial's
//! way: the tutorial's `count_words` verbatim, its two threaded versions
//! (maps sent whole over a channel; maps merged under one `Mutex`), and a
//! rayon fold/reduce. Shared by the criterion bench (`mod baselines;`) and by
//! `examples/baseline.rs` (the same code as a program, for whole-process
//! timings), so both time the same thing.
//!
//! None of this goes through `tally::sync`: these are the tutorial's
//! programs, on std's threads and primitives on purpose, so clippy's bans on
//! them (which keep `src/` model-checkable) are lifted here.
#![allow(clippy::disallowed_types, clippy::disallowed_methods)]
// The bench uses some of these and the example others.
#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;

/// The baselines by name, as `examples/baseline.rs` and `cargo xtask bench`
/// call them. `tutorial` is single-threaded: it takes no thread count.
pub(crate) const KINDS: [&str; 4] = [
    "tutorial",
    "tutorial-channel",
    "tutorial-mutex",
    "rayon-fold",
];

/// Runs the baseline called `kind` on `threads` threads and returns its
/// counts, unsorted (a `Vec`, so that no map is rebuilt with another
/// hasher); `None` for an unknown name.
pub(crate) fn run(kind: &str, text: &str, threads: usize) -> Option<Vec<(String, usize)>> {
    Some(match kind {
        "tutorial" => tutorial(text).into_iter().collect(),
        "tutorial-channel" => tutorial_channel(text, threads).into_iter().collect(),
        "tutorial-mutex" => tutorial_mutex(text, threads).into_iter().collect(),
        "rayon-fold" => rayon_fold(text, threads).into_iter().collect(),
        _ => return None,
    })
}

/// The tutorial's `count_words`, verbatim.
pub(crate) fn tutorial(text: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for word in text.split_whitespace() {
        *counts.entry(word.to_lowercase()).or_insert(0) += 1;
    }
    counts
}

/// Cuts `text` into `n` pieces of about equal size, each cut moved forward
/// to the next whitespace character, so no word is split.
pub(crate) fn pieces(text: &str, n: usize) -> Vec<&str> {
    let mut pieces = Vec::with_capacity(n);
    let mut start = 0;
    for i in 1..n.max(1) {
        let mut cut = (text.len() / n * i).max(start);
        while !text.is_char_boundary(cut) {
            cut += 1;
        }
        cut = text[cut..]
            .find(char::is_whitespace)
            .map_or(text.len(), |offset| cut + offset);
        pieces.push(&text[start..cut]);
        start = cut;
    }
    pieces.push(&text[start..]);
    pieces
}

/// The tutorial's message passing: each thread counts its piece into its
/// own map and sends the whole map over a std channel; the main thread
/// merges the maps as they arrive. (Scoped threads, so that no thread needs
/// a copy of its piece.)
pub(crate) fn tutorial_channel(text: &str, threads: usize) -> HashMap<String, usize> {
    let (tx, rx) = mpsc::channel();
    thread::scope(|scope| {
        for piece in pieces(text, threads) {
            let tx = tx.clone();
            scope.spawn(move || {
                tx.send(tutorial(piece))
                    .expect("the receiver outlives the workers")
            });
        }
        drop(tx);
        let mut total = HashMap::new();
        for counts in rx {
            for (word, n) in counts {
                *total.entry(word).or_insert(0) += n;
            }
        }
        total
    })
}

/// The tutorial's shared memory: each thread counts its piece into its own
/// map, then merges it into one `Arc<Mutex<HashMap>>`, holding the lock for
/// the whole merge.
pub(crate) fn tutorial_mutex(text: &str, threads: usize) -> HashMap<String, usize> {
    let total = Arc::new(Mutex::new(HashMap::new()));
    thread::scope(|scope| {
        for piece in pieces(text, threads) {
            let total = Arc::clone(&total);
            scope.spawn(move || {
                let counts = tutorial(piece);
                let mut total = total.lock().expect("no worker panics");
                for (word, n) in counts {
                    *total.entry(word).or_insert(0) += n;
                }
            });
        }
    });
    Arc::try_unwrap(total)
        .expect("every worker has finished")
        .into_inner()
        .expect("no worker panicked")
}

/// rayon's idiom: fold each split of the words into a hashbrown map, then
/// reduce the maps pairwise (the smaller into the larger), in a pool of
/// exactly `threads` threads.
pub(crate) fn rayon_fold(text: &str, threads: usize) -> hashbrown::HashMap<String, usize> {
    use rayon::prelude::*;
    type Map = hashbrown::HashMap<String, usize>;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool");
    pool.install(|| {
        text.par_split_whitespace()
            .fold(Map::new, |mut counts, word| {
                *counts.entry(word.to_lowercase()).or_insert(0) += 1;
                counts
            })
            .reduce(Map::new, |a, b| {
                let (mut into, from) = if a.len() >= b.len() { (a, b) } else { (b, a) };
                for (word, n) in from {
                    *into.entry(word).or_insert(0) += n;
                }
                into
            })
    })
}
