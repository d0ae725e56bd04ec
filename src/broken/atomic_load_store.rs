//! `atomic-load-store`: `atomic-buckets` that increments with a `load` and a
//! `store` instead of one `fetch_add`.
//!
//! The bug: each access is atomic, but the increment is not. Two workers
//! that load the same bucket before either stores both write `old + 1`, and
//! one occurrence is lost. (The orderings are irrelevant here: even `SeqCst`
//! would lose the update.)

use crate::error::Error;
use crate::fault::Faults;
use crate::source::Block;
use crate::strategy::crew::Crew;
use crate::sync::atomic::{AtomicUsize, Ordering};
use crate::sync::{Arc, Frozen};
use crate::words::{normalize, Counts};
use rustc_hash::FxHashMap;

const NAME: &str = "atomic-load-store";

pub(super) fn count(work: Vec<Vec<Block>>, faults: Faults) -> Result<Counts, Error> {
    let mut vocabulary: FxHashMap<String, usize> = FxHashMap::default();
    for word in work
        .iter()
        .flatten()
        .flat_map(|b| b.as_str().split_whitespace())
    {
        let next = vocabulary.len();
        vocabulary
            .entry(normalize(word).into_owned())
            .or_insert(next);
    }
    let vocabulary = Frozen::new(vocabulary);
    let buckets: Arc<Vec<AtomicUsize>> =
        Arc::new((0..vocabulary.len()).map(|_| AtomicUsize::new(0)).collect());
    let crew = Crew::spawn(NAME, work, faults, {
        let vocabulary = Frozen::clone(&vocabulary);
        let buckets = Arc::clone(&buckets);
        move |_worker, blocks| {
            for block in &blocks {
                for word in block.as_str().split_whitespace() {
                    let bucket = &buckets[vocabulary[normalize(word).as_ref()]];
                    // BUG: another worker can store between this load and store.
                    let seen = bucket.load(Ordering::SeqCst);
                    bucket.store(seen + 1, Ordering::SeqCst);
                }
            }
            Ok(())
        }
    });
    crew.join()?;
    Ok(vocabulary
        .iter()
        .map(|(word, &index)| (word.clone(), buckets[index].load(Ordering::Relaxed)))
        .collect())
}
