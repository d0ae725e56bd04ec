//! `atomic-buckets`: a vocabulary pass, then lock-free counting into
//! `Arc<Vec<AtomicUsize>>` (the tutorial's exercise).
//!
//! Coordination model: shared memory without locks. First the calling thread
//! reads the whole input once and gives each distinct normalised word an
//! index. Then workers look each word up in that (read-only, shared)
//! vocabulary and `fetch_add(1)` its bucket. `Relaxed` is enough: no worker
//! reads a bucket, and `join` orders every increment before the final loads.
//!
//! Cost: the vocabulary pass is itself a sequential scan that normalises every
//! word, so this strategy does the work of `sequential` and then more; it pays
//! off only when the vocabulary is known ahead (a fixed dictionary). Buckets
//! of frequent words are hot cache lines shared by every core.
//!
//! How it can fail: an increment must be one atomic read-modify-write. A
//! `load` followed by a `store` loses updates when two workers count the same
//! word at once (the bug zoo's `atomic-load-store`), and loom and shuttle
//! both find it.

use super::crew::Crew;
use crate::error::Error;
use crate::fault::Faults;
use crate::source::Block;
use crate::sync::atomic::{AtomicUsize, Ordering};
use crate::sync::{Arc, Frozen};
use crate::words::Counts;
use rustc_hash::FxHashMap;

const NAME: &str = "atomic-buckets";

/// Each distinct normalised word of `work` and its bucket index.
pub(crate) type Vocabulary = FxHashMap<String, usize>;

/// The vocabulary pass: one sequential scan giving every word an index.
pub(crate) fn vocabulary(work: &[Vec<Block>]) -> Vocabulary {
    let mut vocabulary = Vocabulary::default();
    for block in work.iter().flatten() {
        for word in block.words() {
            if !vocabulary.contains_key(word.as_ref()) {
                let index = vocabulary.len();
                vocabulary.insert(word.into_owned(), index);
            }
        }
    }
    vocabulary
}

/// One zeroed bucket per vocabulary word.
pub(crate) fn buckets(vocabulary: &Vocabulary) -> Arc<Vec<AtomicUsize>> {
    Arc::new((0..vocabulary.len()).map(|_| AtomicUsize::new(0)).collect())
}

/// Reads the buckets back into counts, once every worker is joined.
pub(crate) fn collect(vocabulary: &Vocabulary, buckets: &[AtomicUsize]) -> Counts {
    vocabulary
        .iter()
        .map(|(word, &index)| (word.clone(), buckets[index].load(Ordering::Relaxed)))
        .collect()
}

pub(super) fn count(work: Vec<Vec<Block>>, faults: Faults) -> Result<Counts, Error> {
    let vocabulary = Frozen::new(vocabulary(&work));
    let buckets = buckets(&vocabulary);

    let crew = Crew::spawn(NAME, work, faults, {
        let vocabulary = Frozen::clone(&vocabulary);
        let buckets = Arc::clone(&buckets);
        move |mut worker, blocks| {
            for block in &blocks {
                for word in block.words() {
                    worker.step();
                    let index = vocabulary[word.as_ref()];
                    buckets[index].fetch_add(1, Ordering::Relaxed);
                }
            }
            Ok(())
        }
    });
    crew.join()?;
    Ok(collect(&vocabulary, &buckets))
}
