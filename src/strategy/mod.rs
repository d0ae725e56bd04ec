//! The counting strategies: one file each, every one built only on
//! [`crate::sync`], every one required to return exactly the oracle's count.
//!
//! | name               | coordination model | shared state                    |
//! |--------------------|--------------------|---------------------------------|
//! | `sequential`       | none               | none                            |
//! | `message-passing`  | message passing    | a channel of whole maps         |
//! | `channel-per-word` | message passing    | a channel of single words       |
//! | `shared-mutex`     | shared memory      | one `Mutex<map>`, merged once   |
//! | `mutex-per-word`   | shared memory      | one `Mutex<map>`, locked per word |
//! | `sharded`          | shared memory      | N `Mutex<map>` shards by hash   |
//! | `atomic-buckets`   | shared memory      | `Vec<AtomicUsize>`, one per word |
//! | `claim-blocks`     | both               | an atomic cursor over the blocks; a channel of maps |
//! | `partitioned`      | both               | a bounded block queue; a channel per partition owner |
//!
//! All take the input as [`Block`]s and a worker count; blocks are dealt to
//! workers round-robin (`crew::assign`), so a test that passes one block
//! per worker decides exactly what each worker sees (except `claim-blocks`
//! and `partitioned`, whose workers take blocks as they go). `partitioned`
//! also streams: [`Strategy::count_stream`] hands it blocks while they are
//! read, where the others gather the whole input first.

pub(crate) mod atomic_buckets;
pub(crate) mod channel_per_word;
pub(crate) mod claim_blocks;
pub(crate) mod crew;
pub(crate) mod message_passing;
mod mutex_per_word;
pub(crate) mod partitioned;
mod sequential;
mod sharded;
mod shared_mutex;

use crate::error::Error;
use crate::fault::Faults;
use crate::source::Block;
use crate::words::Counts;
use std::fmt;

/// Proves at compile time that `$ty::ALL` lists every variant of `$ty`,
/// once each, in declaration order: `strum::VariantArray` derives the list
/// of variants from the enum itself, and a new variant left out of `ALL`
/// (or `ALL` resized without it) stops the build. Every suite iterates
/// `ALL`, so a variant missing there would silently go unchecked.
#[macro_export]
#[doc(hidden)]
macro_rules! prove_lists_every_variant {
    ($ty:ty) => {
        const _: () = {
            let variants = <$ty as strum::VariantArray>::VARIANTS;
            assert!(
                <$ty>::ALL.len() == variants.len(),
                concat!(stringify!($ty), "::ALL must list every variant")
            );
            let mut i = 0;
            while i < variants.len() {
                assert!(
                    <$ty>::ALL[i] as usize == variants[i] as usize,
                    concat!(
                        stringify!($ty),
                        "::ALL must list the variants in declaration order"
                    )
                );
                i += 1;
            }
        };
    };
}
use std::str::FromStr;

/// A way of counting words, as users name it on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::VariantArray)]
pub enum Strategy {
    /// One thread, no coordination: the oracle's algorithm over blocks.
    Sequential,
    /// Workers count locally and send their whole map to a collector.
    MessagePassing,
    /// Workers send every normalised word as its own message.
    ChannelPerWord,
    /// Workers count locally, then merge into one shared `Mutex<map>`.
    SharedMutex,
    /// Workers lock the one shared map for every single word.
    MutexPerWord,
    /// Workers count locally, then merge into mutex-protected shards by hash.
    Sharded,
    /// A vocabulary pass indexes every word; workers `fetch_add` atomic buckets.
    AtomicBuckets,
    /// Workers claim blocks from a shared atomic cursor and send their maps.
    ClaimBlocks,
    /// Workers take blocks from the reader's queue, count into hash
    /// partitions, and merge the partitions they own in parallel.
    Partitioned,
}

impl Strategy {
    /// Every strategy, in the order `tally strategies` lists them (the order
    /// of declaration: a compile-time check below proves the list complete).
    pub const ALL: [Strategy; 9] = [
        Strategy::Sequential,
        Strategy::MessagePassing,
        Strategy::ChannelPerWord,
        Strategy::SharedMutex,
        Strategy::MutexPerWord,
        Strategy::Sharded,
        Strategy::AtomicBuckets,
        Strategy::ClaimBlocks,
        Strategy::Partitioned,
    ];

    /// The strategy `tally count` uses when none is named: the fastest in
    /// our benchmarks, on prose and on vocabulary-heavy text alike (see
    /// README, "Strategies", and `benches/strategies.rs`).
    pub const FASTEST: Strategy = Strategy::Partitioned;

    /// The name users type.
    pub const fn name(self) -> &'static str {
        match self {
            Strategy::Sequential => "sequential",
            Strategy::MessagePassing => "message-passing",
            Strategy::ChannelPerWord => "channel-per-word",
            Strategy::SharedMutex => "shared-mutex",
            Strategy::MutexPerWord => "mutex-per-word",
            Strategy::Sharded => "sharded",
            Strategy::AtomicBuckets => "atomic-buckets",
            Strategy::ClaimBlocks => "claim-blocks",
            Strategy::Partitioned => "partitioned",
        }
    }

    /// Whether it takes blocks while they are read ([`Strategy::count_stream`]
    /// in bounded memory); the others gather the whole input first.
    pub const fn streams(self) -> bool {
        matches!(self, Strategy::Partitioned)
    }

    /// Whether it starts worker threads (every strategy but `sequential`):
    /// only those can have a race for a twin or a mutation to show.
    pub const fn is_concurrent(self) -> bool {
        !matches!(self, Strategy::Sequential)
    }

    /// A one-line description.
    pub const fn description(self) -> &'static str {
        match self {
            Strategy::Sequential => "one thread counts every block; the oracle's algorithm",
            Strategy::MessagePassing => {
                "workers count locally and send their whole map over a channel; a collector merges"
            }
            Strategy::ChannelPerWord => {
                "workers send every word as its own message; the cost of fine-grained messages"
            }
            Strategy::SharedMutex => {
                "workers count locally, then merge into one Arc<Mutex<map>> (the tutorial's version)"
            }
            Strategy::MutexPerWord => {
                "workers lock the one shared map for every word: the contention lesson"
            }
            Strategy::Sharded => {
                "workers count locally, then merge into mutex-protected shards chosen by hash"
            }
            Strategy::AtomicBuckets => {
                "a vocabulary pass indexes each word; workers fetch_add into Vec<AtomicUsize>"
            }
            Strategy::ClaimBlocks => {
                "workers claim blocks from one atomic cursor (fetch_add) and send their maps: dynamic load balancing"
            }
            Strategy::Partitioned => {
                "workers take blocks as they are read, count into hash partitions, and merge partitions in parallel: streams in bounded memory"
            }
        }
    }

    /// Counts the words of `blocks` with up to `workers` threads.
    ///
    /// Workers beyond the number of blocks would have nothing to do and are
    /// not started. Returns an error, never a partial count, if any worker
    /// panics or finds a poisoned lock.
    pub fn count(self, blocks: Vec<Block>, workers: usize) -> Result<Counts, Error> {
        self.run(blocks, workers, Faults::default())
    }

    /// Like [`Strategy::count`], with one worker made to panic as `plan` says.
    #[cfg(feature = "fault-injection")]
    pub fn count_with_fault(
        self,
        blocks: Vec<Block>,
        workers: usize,
        plan: crate::fault::FaultPlan,
    ) -> Result<Counts, Error> {
        self.run(blocks, workers, Faults::planned(plan))
    }

    /// Counts the blocks `produce` hands to its sink, with up to `workers`
    /// threads. A streaming strategy ([`Strategy::streams`]) counts them
    /// while `produce` runs (on the calling thread), holding a few blocks at
    /// a time; the others gather every block first. If `produce` fails, that
    /// error is returned and nothing is counted.
    pub fn count_stream(
        self,
        workers: usize,
        produce: impl FnOnce(&mut dyn FnMut(Block) -> Result<(), Error>) -> Result<(), Error>,
    ) -> Result<Counts, Error> {
        if self == Strategy::Partitioned {
            return partitioned::count_fed(workers, Faults::default(), |feed| {
                produce(&mut |block| push(self.name(), feed, block))
            });
        }
        let mut blocks = Vec::new();
        produce(&mut |block| {
            blocks.push(block);
            Ok(())
        })?;
        self.count(blocks, workers)
    }

    /// [`Strategy::count_stream`] for a report of the first `k` words only
    /// (`tally count --top K`): returns a count that holds those words,
    /// each with its whole count, and perhaps other words with theirs, so
    /// that its first `k` in report order are the whole count's. Only
    /// `partitioned` makes use of it: its workers skip the exchange of
    /// partitions (see `partitioned::top_fed`); the others count it all.
    pub fn count_top_stream(
        self,
        workers: usize,
        k: usize,
        produce: impl FnOnce(&mut dyn FnMut(Block) -> Result<(), Error>) -> Result<(), Error>,
    ) -> Result<Counts, Error> {
        if self == Strategy::Partitioned {
            return partitioned::top_fed(workers, Faults::default(), k, |feed| {
                produce(&mut |block| push(self.name(), feed, block))
            });
        }
        self.count_stream(workers, produce)
    }

    /// [`Strategy::count_top_stream`] over blocks in memory, with one
    /// worker made to panic as `plan` says: the count must fail with an
    /// error, on the kept path of `partitioned` as on its exchange.
    #[cfg(feature = "fault-injection")]
    pub fn count_top_with_fault(
        self,
        blocks: Vec<Block>,
        workers: usize,
        k: usize,
        plan: crate::fault::FaultPlan,
    ) -> Result<Counts, Error> {
        if self == Strategy::Partitioned {
            let workers = workers.min(blocks.len()).max(1);
            return partitioned::top_fed(workers, Faults::planned(plan), k, |feed| {
                push_all(self.name(), feed, blocks)
            });
        }
        self.count_with_fault(blocks, workers, plan)
    }

    fn run(self, blocks: Vec<Block>, workers: usize, faults: Faults) -> Result<Counts, Error> {
        if self == Strategy::Partitioned {
            // As many workers as blocks at most, as everywhere: here the
            // blocks are pushed by the calling thread, as a reader would.
            let workers = workers.min(blocks.len()).max(1);
            return partitioned::count_fed(workers, faults, |feed| {
                push_all(self.name(), feed, blocks)
            });
        }
        let work = crew::assign(blocks, workers);
        match self {
            Strategy::Sequential => sequential::count(work, faults),
            Strategy::MessagePassing => message_passing::count(work, faults),
            Strategy::ChannelPerWord => channel_per_word::count(work, faults),
            Strategy::SharedMutex => shared_mutex::count(work, faults),
            Strategy::MutexPerWord => mutex_per_word::count(work, faults),
            Strategy::Sharded => sharded::count(work, faults),
            Strategy::AtomicBuckets => atomic_buckets::count(work, faults),
            Strategy::ClaimBlocks => claim_blocks::count(work, faults),
            Strategy::Partitioned => unreachable!("handled above"),
        }
    }
}

/// Pushes one block into `feed`, as `strategy`'s reader.
pub(crate) fn push(
    strategy: &'static str,
    feed: &crate::feed::Feed,
    block: Block,
) -> Result<(), Error> {
    feed.push(block).map_err(|e| match e {
        crate::feed::PushError::NoTakers => Error::FeedStopped { strategy },
        crate::feed::PushError::Poisoned => Error::LockPoisoned {
            strategy,
            worker: None,
        },
    })
}

/// Pushes every block of an in-memory input into `feed`.
pub(crate) fn push_all(
    strategy: &'static str,
    feed: &crate::feed::Feed,
    blocks: Vec<Block>,
) -> Result<(), Error> {
    blocks
        .into_iter()
        .try_for_each(|block| push(strategy, feed, block))
}

crate::prove_lists_every_variant!(Strategy);

impl fmt::Display for Strategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The name given matches no strategy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownStrategy(pub String);

impl fmt::Display for UnknownStrategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<_> = Strategy::ALL.iter().map(|s| s.name()).collect();
        write!(
            f,
            "unknown strategy `{}` (expected one of: {})",
            self.0,
            names.join(", ")
        )
    }
}

impl std::error::Error for UnknownStrategy {}

impl FromStr for Strategy {
    type Err = UnknownStrategy;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Strategy::ALL
            .into_iter()
            .find(|s| s.name() == name)
            .ok_or_else(|| UnknownStrategy(name.to_owned()))
    }
}
