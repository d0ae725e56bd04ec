//! `relaxed-publication`: `message-passing` with a hand-rolled mailbox whose
//! flag is `Relaxed`.
//!
//! The bug: each worker writes its map into its own slot (a plain cell) and
//! then raises the slot's `ready` flag with a `Relaxed` store; the collector
//! waits for the flag with `Relaxed` loads and then reads the slot. `Relaxed`
//! orders nothing but the flag itself: seeing `ready == 1` does not mean the
//! map written before it is visible. The collector may read a half-written
//! map, a data race and undefined behaviour.
//!
//! The interleaving: worker 0 writes its map into slot 0, then stores
//! `ready = 1` (`Relaxed`); the collector loads `ready == 1` (`Relaxed`) and
//! reads slot 0. No happens-before edge joins the write of the map to its
//! read, so the two accesses race.
//!
//! The fix: `Release` on the store and `Acquire` on the load (or a channel,
//! as `message-passing` uses), which makes everything written before the
//! store visible after the load.
//!
//! Who sees it: loom, which models the C++11 memory model and tracks every
//! access to the facade's `UnsafeCell`: it reports a causality violation.
//! Not shuttle, which runs every atomic as `SeqCst` and does not track cell
//! accesses, so to it the code is correct. Real threads on x86 (TSO) almost
//! never show it either (stores are not reordered with stores there), but it
//! is undefined behaviour all the same, so it refuses to run outside a model.

use crate::error::Error;
use crate::fault::Faults;
use crate::source::Block;
use crate::strategy::crew::Crew;
use crate::sync::atomic::{AtomicUsize, Ordering};
use crate::sync::cell::UnsafeCell;
use crate::sync::{thread, Arc};
use crate::words::Counts;

const NAME: &str = "relaxed-publication";

/// One worker's mailbox.
struct Slot {
    ready: AtomicUsize,
    map: UnsafeCell<Counts>,
}

/// The mailboxes, one per worker.
struct Slots(Vec<Slot>);

// SAFETY: not sound, and that is the point: the flag is meant to order each
// slot's write before its read, and `Relaxed` does not. loom catches it.
unsafe impl Sync for Slots {}

pub(super) fn count(work: Vec<Vec<Block>>, faults: Faults) -> Result<Counts, Error> {
    let slots = Arc::new(Slots(
        (0..work.len())
            .map(|_| Slot {
                ready: AtomicUsize::new(0),
                map: UnsafeCell::new(Counts::new()),
            })
            .collect(),
    ));
    let crew = Crew::spawn(NAME, work, faults, {
        let slots = Arc::clone(&slots);
        move |mut worker, blocks| {
            let local = worker.count_blocks(&blocks);
            let slot = &slots.0[worker.id];
            // SAFETY: none. This worker is the slot's only writer, but the
            // collector's read is not ordered after this write.
            slot.map.with_mut(|map| unsafe { *map = local });
            // BUG: Relaxed publishes the flag, not the map.
            slot.ready.store(1, Ordering::Relaxed);
            Ok(())
        }
    });
    let mut total = Counts::new();
    for slot in &slots.0 {
        // (A worker that died before raising its flag would leave this
        // spinning; no model of this twin makes one die.)
        while slot.ready.load(Ordering::Relaxed) == 0 {
            thread::yield_now();
        }
        // SAFETY: none. BUG: seeing the flag does not make the map visible.
        total.merge(
            slot.map
                .with_mut(|map| unsafe { std::mem::take(&mut *map) }),
        );
    }
    crew.join()?;
    Ok(total)
}
