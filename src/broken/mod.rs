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
//! | `check-then-insert`      | `mutex-per-word`   | checks under a read lock, inserts under a write lock | loom, shuttle  |
//! | `relaxed-publication`    | `message-passing`  | a mailbox flag raised and read with `Relaxed` | loom only (weak memory) |
//! | `lock-order-deadlock`    | `sharded`          | holds two shard locks, taken in opposite orders | loom, shuttle        |
//! | `double-claim`           | `claim-blocks`     | claims a block with `load` then `store`: over-count | loom, shuttle    |
//! | `silent-partial-result`  | `message-passing`  | the tutorial's `recv`-until-closed collector, no join check | shuttle only (disconnection) |
//! | `closed-before-drained`  | `partitioned`      | takes a closed feed as the end, blocks still queued | loom, shuttle |
//!
//! shuttle cannot see `unlocked-shard`: it switches threads only at sync
//! operations, and the racing read-modify-write of the unlocked map contains
//! none, so under shuttle the race never interleaves. loom tracks every
//! `UnsafeCell` access and reports the concurrent writes. Nor can shuttle
//! see `relaxed-publication` (it runs every atomic as `SeqCst`); loom cannot
//! see `silent-partial-result` (its channel does not model disconnection).
//! [`Broken::blind_spot`] is where each of these is decided; each file's doc
//! gives the bug, the interleaving that shows it, and the fix.
//!
//! None of these is reachable from the command line.

mod atomic_load_store;
mod check_then_insert;
mod closed_before_drained;
mod double_claim;
mod first_done_collector;
mod lock_order_deadlock;
mod one_message_too_many;
// Deliberately unsound: its `unsafe impl Sync` and raw-cell accesses are the
// weak-memory race loom must catch. The only other module allowed unsafe
// code (the crate denies it, see lib.rs).
#[allow(unsafe_code)]
mod relaxed_publication;
mod silent_partial_result;
mod split_lock;
mod try_recv_collector;
// Deliberately unsound: its `unsafe impl Sync` and unlocked raw-cell writes
// are the data race loom must catch.
#[allow(unsafe_code)]
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
    /// `mutex-per-word` over an `RwLock`: checks under the read lock, inserts
    /// under the write lock.
    CheckThenInsert,
    /// `message-passing` through mailboxes whose flag is `Relaxed`.
    RelaxedPublication,
    /// `sharded` holding two shard locks, taken in opposite orders.
    LockOrderDeadlock,
    /// `claim-blocks` claiming with `load` then `store`.
    DoubleClaim,
    /// `message-passing` with the tutorial's collector: `recv` until closed,
    /// no join check.
    SilentPartialResult,
    /// `partitioned` whose workers stop at a closed feed without draining it.
    ClosedBeforeDrained,
}

/// A model checker that runs the twins (the suites in `model-tests/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ModelChecker {
    /// loom: exhaustive (DPOR) exploration, weak memory, `UnsafeCell` races.
    Loom,
    /// shuttle: random, PCT and DFS schedule search at sync operations.
    Shuttle,
}

/// Why a checker cannot see a twin's bug, and what it shows instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlindSpot {
    /// The reason, in a sentence.
    pub why: &'static str,
    /// Whether the checker stops at a deadlock instead (it cannot model
    /// what the bug needs); otherwise every execution it explores is right.
    pub deadlocks: bool,
}

/// How a broken twin shows its bug.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Symptom {
    /// Some executions return fewer counts than the oracle.
    LostUpdate,
    /// Some executions count a word more often than it occurs.
    OverCount,
    /// A worker panicked, and the run still returned a count.
    PartialCount,
    /// Some executions never finish.
    Deadlock,
    /// Two threads access the same memory without synchronisation.
    DataRace,
}

impl Broken {
    /// Every twin, in declaration order (proved complete at compile time).
    pub const ALL: [Broken; 13] = [
        Broken::TryRecvCollector,
        Broken::OneMessageTooMany,
        Broken::FirstDoneCollector,
        Broken::SplitMergeLock,
        Broken::SplitIncrementLock,
        Broken::UnlockedShard,
        Broken::AtomicLoadStore,
        Broken::CheckThenInsert,
        Broken::RelaxedPublication,
        Broken::LockOrderDeadlock,
        Broken::DoubleClaim,
        Broken::SilentPartialResult,
        Broken::ClosedBeforeDrained,
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
            Broken::CheckThenInsert => "check-then-insert",
            Broken::RelaxedPublication => "relaxed-publication",
            Broken::LockOrderDeadlock => "lock-order-deadlock",
            Broken::DoubleClaim => "double-claim",
            Broken::SilentPartialResult => "silent-partial-result",
            Broken::ClosedBeforeDrained => "closed-before-drained",
        }
    }

    /// The bug, in one line (as `cargo xtask race --list` shows it).
    pub const fn description(self) -> &'static str {
        match self {
            Broken::TryRecvCollector => "message-passing whose collector stops at the first empty try_recv: lost counts",
            Broken::OneMessageTooMany => "message-passing whose collector waits for n + 1 messages: a deadlock",
            Broken::FirstDoneCollector => "channel-per-word whose collector stops at the first worker's Done: lost words",
            Broken::SplitMergeLock => "shared-mutex reading a count under one lock and writing it under another: a lost update",
            Broken::SplitIncrementLock => "mutex-per-word with each increment split into two critical sections: a lost update",
            Broken::UnlockedShard => "sharded merging into a shard without its lock: a data race",
            Broken::AtomicLoadStore => "atomic-buckets incrementing with load then store: a lost update",
            Broken::CheckThenInsert => "mutex-per-word over an RwLock, checking under the read lock and inserting under the write lock: a lost update",
            Broken::RelaxedPublication => "message-passing through mailboxes whose flag is Relaxed: a weak-memory data race",
            Broken::LockOrderDeadlock => "sharded holding two shard locks taken in opposite orders: a deadlock",
            Broken::DoubleClaim => "claim-blocks claiming with load then store: a block counted twice",
            Broken::SilentPartialResult => "the tutorial's collector, recv until closed with no join check: a dead worker's share silently missing",
            Broken::ClosedBeforeDrained => "partitioned whose workers stop at a closed feed without taking the blocks still queued: lost blocks",
        }
    }

    /// Why it is undefined behaviour on real threads, if it is (a data
    /// race): such a twin refuses to run outside a loom or shuttle model,
    /// except under Miri, which is made to detect exactly that.
    pub const fn undefined_on_real_threads(self) -> Option<&'static str> {
        match self {
            Broken::UnlockedShard | Broken::RelaxedPublication => {
                Some("undefined behaviour: a data race")
            }
            _ => None,
        }
    }

    /// Why it may never return on real threads, if so: it runs, and hangs.
    pub const fn hangs_on_real_threads(self) -> Option<&'static str> {
        match self {
            Broken::OneMessageTooMany => Some("always: it waits for a message nobody sends"),
            Broken::LockOrderDeadlock => Some("now and then: a deadlock"),
            _ => None,
        }
    }

    /// The correct strategy this is a broken copy of.
    pub const fn twin_of(self) -> Strategy {
        match self {
            Broken::TryRecvCollector
            | Broken::OneMessageTooMany
            | Broken::RelaxedPublication
            | Broken::SilentPartialResult => Strategy::MessagePassing,
            Broken::FirstDoneCollector => Strategy::ChannelPerWord,
            Broken::SplitMergeLock => Strategy::SharedMutex,
            Broken::SplitIncrementLock | Broken::CheckThenInsert => Strategy::MutexPerWord,
            Broken::UnlockedShard | Broken::LockOrderDeadlock => Strategy::Sharded,
            Broken::AtomicLoadStore => Strategy::AtomicBuckets,
            Broken::DoubleClaim => Strategy::ClaimBlocks,
            Broken::ClosedBeforeDrained => Strategy::Partitioned,
        }
    }

    /// How the bug shows.
    pub const fn symptom(self) -> Symptom {
        match self {
            Broken::OneMessageTooMany | Broken::LockOrderDeadlock => Symptom::Deadlock,
            Broken::UnlockedShard | Broken::RelaxedPublication => Symptom::DataRace,
            Broken::DoubleClaim => Symptom::OverCount,
            Broken::SilentPartialResult => Symptom::PartialCount,
            Broken::TryRecvCollector
            | Broken::FirstDoneCollector
            | Broken::SplitMergeLock
            | Broken::SplitIncrementLock
            | Broken::AtomicLoadStore
            | Broken::CheckThenInsert
            | Broken::ClosedBeforeDrained => Symptom::LostUpdate,
        }
    }

    /// Why `checker` cannot see this twin's bug, or `None` if it must catch
    /// it. The one place this is decided: the model suites generate a
    /// negative control from it (`None`) or a test pinning the blind spot
    /// (`Some`), and their completeness guards expect exactly that.
    pub const fn blind_spot(self, checker: ModelChecker) -> Option<BlindSpot> {
        match (self, checker) {
            (Broken::UnlockedShard, ModelChecker::Shuttle) => Some(BlindSpot {
                why: "a data race with no sync operation inside it: shuttle switches threads only at sync operations",
                deadlocks: false,
            }),
            (Broken::RelaxedPublication, ModelChecker::Shuttle) => Some(BlindSpot {
                why: "a weak-memory bug: shuttle runs every atomic as SeqCst and does not track cell accesses",
                deadlocks: false,
            }),
            (Broken::SilentPartialResult, ModelChecker::Loom) => Some(BlindSpot {
                why: "loom does not model channel disconnection: the collector's recv never returns, so every execution deadlocks first",
                deadlocks: true,
            }),
            (
                Broken::TryRecvCollector
                | Broken::OneMessageTooMany
                | Broken::FirstDoneCollector
                | Broken::SplitMergeLock
                | Broken::SplitIncrementLock
                | Broken::UnlockedShard
                | Broken::AtomicLoadStore
                | Broken::CheckThenInsert
                | Broken::RelaxedPublication
                | Broken::LockOrderDeadlock
                | Broken::DoubleClaim
                | Broken::SilentPartialResult
                | Broken::ClosedBeforeDrained,
                ModelChecker::Loom | ModelChecker::Shuttle,
            ) => None,
        }
    }

    /// Runs the twin like [`Strategy::count`].
    ///
    /// On real threads `one-message-too-many` hangs forever and
    /// `lock-order-deadlock` now and then ([`Broken::hangs_on_real_threads`]);
    /// `unlocked-shard` and `relaxed-publication` are undefined behaviour
    /// ([`Broken::undefined_on_real_threads`]) and refuse to run outside a
    /// model or Miri.
    pub fn count(self, blocks: Vec<Block>, workers: usize) -> Result<Counts, Error> {
        self.run(blocks, workers, Faults::default())
    }

    /// Like [`Broken::count`], with one worker made to panic as `plan` says
    /// (how `silent-partial-result` shows its bug).
    #[cfg(feature = "fault-injection")]
    pub fn count_with_fault(
        self,
        blocks: Vec<Block>,
        workers: usize,
        plan: crate::fault::FaultPlan,
    ) -> Result<Counts, Error> {
        self.run(blocks, workers, Faults::planned(plan))
    }

    fn run(self, blocks: Vec<Block>, workers: usize, faults: Faults) -> Result<Counts, Error> {
        refuse_undefined(self);
        if self == Broken::ClosedBeforeDrained {
            return closed_before_drained::count(blocks, workers, faults);
        }
        let work = crew::assign(blocks, workers);
        match self {
            Broken::TryRecvCollector => try_recv_collector::count(work, faults),
            Broken::OneMessageTooMany => one_message_too_many::count(work, faults),
            Broken::FirstDoneCollector => first_done_collector::count(work, faults),
            Broken::SplitMergeLock => split_lock::count_merge(work, faults),
            Broken::SplitIncrementLock => split_lock::count_increment(work, faults),
            Broken::UnlockedShard => unlocked_shard::count(work, faults),
            Broken::AtomicLoadStore => atomic_load_store::count(work, faults),
            Broken::CheckThenInsert => check_then_insert::count(work, faults),
            Broken::RelaxedPublication => relaxed_publication::count(work, faults),
            Broken::LockOrderDeadlock => lock_order_deadlock::count(work, faults),
            Broken::DoubleClaim => double_claim::count(work, faults),
            Broken::SilentPartialResult => silent_partial_result::count(work, faults),
            Broken::ClosedBeforeDrained => unreachable!("handled above"),
        }
    }
}

crate::prove_lists_every_variant!(Broken);

impl fmt::Display for Broken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Panics, with the reason, if `twin` is undefined behaviour here: on real
/// threads, outside a loom or shuttle model and outside Miri.
fn refuse_undefined(twin: Broken) {
    #[cfg(not(any(loom, shuttle, miri)))]
    if let Some(why) = twin.undefined_on_real_threads() {
        panic!("{twin} only runs inside a loom or shuttle model, or under Miri: it is {why}");
    }
    #[cfg(any(loom, shuttle, miri))]
    let _ = twin;
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
