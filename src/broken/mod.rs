//! The bug zoo: deliberately wrong twins of the real strategies.
//!
//! Each twin is its strategy with one defect in its synchronisation, the kind
//! of defect a reviewer could miss. The model suites run them as negative
//! controls: every checker that can see a twin's bug must catch it, or a
//! passing run of the real strategies would mean nothing.
//!
//! | twin                     | of                 | bug                                          | who sees it            |
//! |--------------------------|--------------------|----------------------------------------------|------------------------|
//! | `try-recv-collector`     | `message-passing`  | stops at the first empty `try_recv`          | loom, shuttle          |
//! | `one-message-too-many`   | `message-passing`  | waits for n + 1 messages: deadlock           | loom, shuttle          |
//! | `first-done-collector`   | `channel-per-word` | stops at the first worker's `Done`           | loom, shuttle          |
//! | `split-merge-lock`       | `shared-mutex`     | reads a count under one lock, writes under another | loom, shuttle    |
//! | `split-increment-lock`   | `mutex-per-word`   | the same split, for every word               | loom, shuttle          |
//! | `unlocked-shard`         | `sharded`          | merges into a shard without its lock         | loom only (data race)  |
//! | `atomic-load-store`      | `atomic-buckets`   | `load` then `store` instead of `fetch_add`   | loom, shuttle          |
//!
//! shuttle cannot see `unlocked-shard`: it switches threads only at sync
//! operations, and the racing read-modify-write of the unlocked map contains
//! none, so under shuttle the race never interleaves. loom tracks every
//! `UnsafeCell` access and reports the concurrent writes.
//!
//! None of these is reachable from the command line.

mod atomic_load_store;
mod first_done_collector;
mod one_message_too_many;
mod split_lock;
mod try_recv_collector;
mod unlocked_shard;

use crate::error::Error;
use crate::fault::Faults;
use crate::source::Block;
use crate::strategy::crew;
use crate::strategy::Strategy;
use crate::words::Counts;
use std::fmt;

/// A deliberately broken strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::VariantArray)]
pub enum Broken {
    /// `message-passing` whose collector stops at the first empty `try_recv`.
    TryRecvCollector,
    /// `message-passing` whose collector waits for one message too many.
    OneMessageTooMany,
    /// `channel-per-word` whose collector stops at the first `Done`.
    FirstDoneCollector,
    /// `shared-mutex` that reads a count under one lock and writes it under another.
    SplitMergeLock,
    /// `mutex-per-word` that reads a count under one lock and writes it under another.
    SplitIncrementLock,
    /// `sharded` that merges into a shard without taking its lock.
    UnlockedShard,
    /// `atomic-buckets` that increments with `load` then `store`.
    AtomicLoadStore,
}

/// A model checker that runs the twins (the suites in `model-tests/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ModelChecker {
    /// loom: exhaustive (DPOR) exploration, weak memory, `UnsafeCell` races.
    Loom,
    /// shuttle: random, PCT and DFS schedule search at sync operations.
    Shuttle,
}

/// How a broken twin shows its bug.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Symptom {
    /// Some executions return fewer counts than the oracle.
    LostUpdate,
    /// Some executions never finish.
    Deadlock,
    /// Two threads access the same memory without synchronisation.
    DataRace,
}

impl Broken {
    /// Every twin, in declaration order (proved complete at compile time).
    pub const ALL: [Broken; 7] = [
        Broken::TryRecvCollector,
        Broken::OneMessageTooMany,
        Broken::FirstDoneCollector,
        Broken::SplitMergeLock,
        Broken::SplitIncrementLock,
        Broken::UnlockedShard,
        Broken::AtomicLoadStore,
    ];

    /// The twin's name.
    pub const fn name(self) -> &'static str {
        match self {
            Broken::TryRecvCollector => "try-recv-collector",
            Broken::OneMessageTooMany => "one-message-too-many",
            Broken::FirstDoneCollector => "first-done-collector",
            Broken::SplitMergeLock => "split-merge-lock",
            Broken::SplitIncrementLock => "split-increment-lock",
            Broken::UnlockedShard => "unlocked-shard",
            Broken::AtomicLoadStore => "atomic-load-store",
        }
    }

    /// The correct strategy this is a broken copy of.
    pub const fn twin_of(self) -> Strategy {
        match self {
            Broken::TryRecvCollector | Broken::OneMessageTooMany => Strategy::MessagePassing,
            Broken::FirstDoneCollector => Strategy::ChannelPerWord,
            Broken::SplitMergeLock => Strategy::SharedMutex,
            Broken::SplitIncrementLock => Strategy::MutexPerWord,
            Broken::UnlockedShard => Strategy::Sharded,
            Broken::AtomicLoadStore => Strategy::AtomicBuckets,
        }
    }

    /// How the bug shows.
    pub const fn symptom(self) -> Symptom {
        match self {
            Broken::OneMessageTooMany => Symptom::Deadlock,
            Broken::UnlockedShard => Symptom::DataRace,
            _ => Symptom::LostUpdate,
        }
    }

    /// Why `checker` cannot see this twin's bug, or `None` if it must catch
    /// it. The one place this is decided: the model suites generate a
    /// negative control from it (`None`) or a test pinning the blind spot
    /// (`Some`), and their completeness guards expect exactly that.
    pub const fn blind_spot(self, checker: ModelChecker) -> Option<&'static str> {
        match (self, checker) {
            (Broken::UnlockedShard, ModelChecker::Shuttle) => Some(
                "a data race with no sync operation inside it: shuttle switches threads only at sync operations",
            ),
            (
                Broken::TryRecvCollector
                | Broken::OneMessageTooMany
                | Broken::FirstDoneCollector
                | Broken::SplitMergeLock
                | Broken::SplitIncrementLock
                | Broken::UnlockedShard
                | Broken::AtomicLoadStore,
                ModelChecker::Loom | ModelChecker::Shuttle,
            ) => None,
        }
    }

    /// Runs the twin like [`Strategy::count`].
    ///
    /// Only meaningful inside a loom or shuttle model: with real threads
    /// `one-message-too-many` hangs forever and `unlocked-shard` is undefined
    /// behaviour, so both refuse to run outside a model.
    pub fn count(self, blocks: Vec<Block>, workers: usize) -> Result<Counts, Error> {
        let work = crew::assign(blocks, workers);
        let faults = Faults::default();
        match self {
            Broken::TryRecvCollector => try_recv_collector::count(work, faults),
            Broken::OneMessageTooMany => one_message_too_many::count(work, faults),
            Broken::FirstDoneCollector => first_done_collector::count(work, faults),
            Broken::SplitMergeLock => split_lock::count_merge(work, faults),
            Broken::SplitIncrementLock => split_lock::count_increment(work, faults),
            Broken::UnlockedShard => unlocked_shard::count(work, faults),
            Broken::AtomicLoadStore => atomic_load_store::count(work, faults),
        }
    }
}

crate::prove_lists_every_variant!(Broken);

impl fmt::Display for Broken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Panics unless running inside a loom or shuttle model.
fn model_only(name: &str) {
    #[cfg(not(any(loom, shuttle)))]
    panic!("{name} is a bug-zoo twin that only runs inside a loom or shuttle model");
    #[cfg(any(loom, shuttle))]
    let _ = name;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every strategy with threads has at least one twin, so each has a
    /// negative control in the model suites.
    #[test]
    fn every_threaded_strategy_has_a_twin() {
        for strategy in Strategy::ALL {
            let twins = Broken::ALL
                .iter()
                .filter(|b| b.twin_of() == strategy)
                .count();
            assert_eq!(
                twins > 0,
                strategy.is_concurrent(),
                "{strategy}: {twins} twin(s)"
            );
        }
    }
}
