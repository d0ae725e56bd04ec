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
use crate::strategy::atomic_buckets;
use crate::strategy::crew::Crew;
use crate::sync::atomic::Ordering;
use crate::sync::{Arc, Frozen};
use crate::words::Counts;

const NAME: &str = "atomic-load-store";

pub(super) fn count(work: Vec<Vec<Block>>, faults: Faults) -> Result<Counts, Error> {
    let vocabulary = Frozen::new(atomic_buckets::vocabulary(&work));
    let buckets = atomic_buckets::buckets(&vocabulary);
    let crew = Crew::spawn(NAME, work, faults, {
        let vocabulary = Frozen::clone(&vocabulary);
        let buckets = Arc::clone(&buckets);
        move |_worker, blocks| {
            for block in &blocks {
                for word in block.words() {
                    let bucket = &buckets[vocabulary[word.as_ref()]];
                    // BUG: another worker can store between this load and store.
                    let seen = bucket.load(Ordering::SeqCst);
                    bucket.store(seen + 1, Ordering::SeqCst);
                }
            }
            Ok(())
        }
    });
    crew.join()?;
    Ok(atomic_buckets::collect(&vocabulary, &buckets))
}
