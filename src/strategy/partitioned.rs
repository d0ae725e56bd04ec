//! `partitioned`: workers take blocks from the reader as they are read,
//! count them into hash partitions, then merge the partitions in parallel.
//!
//! Coordination model: both, in two phases, and no lock on any count.
//! 1. **Count.** Workers take blocks from the feed (`crate::feed`: the
//!    bounded queue the reader fills, so counting overlaps reading and
//!    memory stays bounded) and count each word into one of `n` private
//!    maps, one per worker, chosen by the word's hash.
//! 2. **Exchange and merge.** Partition `j` belongs to worker `j`: every
//!    worker sends its map for partition `j` to worker `j` over worker `j`'s
//!    channel, and merges the `n - 1` maps it is sent into its own. A word
//!    lives in exactly one partition, so the merged partitions are disjoint
//!    and the merges run in parallel with no lock: the hash aggregation of
//!    analytical databases. Compare `message-passing`, where one collector
//!    merges every worker's whole map alone, and `sharded`, where the merges
//!    take shard locks.
//!
//!    A worker does not wait for the end to hand over a partition that has
//!    grown large: after a block, any other owner's partition holding
//!    [`HAND_OVER_AT`] words or more is sent at once, and each worker
//!    merges what it has been sent after each of its own blocks. So with
//!    millions of distinct words a worker's maps for other owners stay
//!    small enough for the cache, instead of growing into a second copy of
//!    half the vocabulary; on prose no partition ever grows that large,
//!    and the exchange happens once, at the end. A partition handed over
//!    whose words were mostly new is a plain list from then on
//!    ([`LIST_BELOW`]): the owner's merge finds each word anyway.
//!
//! Cost: one hash per word (computed once, used for the partition and the
//! map), and a merge that moves each worker's share of the vocabulary once,
//! split `n` ways. The caller (reader) thread only reads and cuts blocks.
//!
//! For a report of the first `k` words only (`--top K`, [`top_fed`]) the
//! workers skip phase 2: each keeps its partitions, and a threshold finds
//! the first `k` across the kept counts (`Counts::first_of_sum`). On a
//! skewed vocabulary that looks up a few hundred candidates where the
//! exchange would have re-inserted every word a worker met for another
//! owner; on a flat one (most words reach the threshold) the kept counts
//! are merged after the count instead, which costs more than the exchange
//! would have. Measured at 2 threads, `--top 10`, 7 paired runs:
//! unique-huge 0.340 s against 0.275 s, zipf-huge 0.523 s against 0.416 s,
//! but 2 M distinct words seen once each 0.186 s against 0.247 s. A word is
//! held once per worker that met it: on zipf-huge peak RSS went from 138
//! to 163 MiB, on the flat input from 121 to 149 MiB.
//!
//! Kept counts are sieved (`Counts::sieved`): once a partition holds 32,768
//! words, a word it has not seen goes on a list instead of into the table,
//! and only a second sighting gets a slot, since the threshold looks up only
//! the few words that can rank first and the list is scanned for those.
//! On millions of distinct words most are seen once by a worker, and
//! their slots and the growing of the tables were most of the count.
//! Measured at 2 threads, `--top 10`, 7 paired runs: zipf-huge 0.369 s
//! against 0.226 s (the full output: 0.592 s), unique-huge 0.219 s against
//! 0.154 s; peak RSS on zipf-huge 157 to 126 MiB. Prose never reaches
//! 32,768 words in a partition and is not sieved.
//!
//! How it can fail: a worker must merge every share it is sent, and wait
//! for exactly one final share from each other worker (loom does not model
//! disconnection, so it counts them; a dead worker's missing share ends the
//! channel on the other backends and the run is an error). A final share
//! may arrive while the owner is still counting, and counts there too.
//! The feed must hand every block over exactly once: taking `closed` as
//! the end while blocks are still queued drops them (the bug
//! zoo's `closed-before-drained`).

use super::crew::{Crew, Worker};
use crate::error::Error;
use crate::fault::Faults;
use crate::feed::{self, Feed, Intake, TakeFn};
use crate::sync::mpsc;
use crate::words::{Counts, WordHasher};

const NAME: &str = "partitioned";

/// Words in another owner's partition at which a worker hands it over
/// before its input is over. Measured on zipf-huge (3.3 M distinct words)
/// at 2 threads: with the hand-over at the end only, each worker built a
/// second map of about a million words, every insert a cache miss. Model
/// builds hand over every non-empty partition after every block, so the
/// checkers explore the hand-over on their small inputs.
#[cfg(not(any(loom, shuttle)))]
pub(crate) const HAND_OVER_AT: usize = 1 << 15;
#[cfg(any(loom, shuttle))]
pub(crate) const HAND_OVER_AT: usize = 1;

/// A partition handed over whose words were added fewer than this many
/// times each, on average, is kept as a list from then on
/// ([`Counts::list_part`]): with millions of distinct words almost every
/// word a worker meets for another owner is new to it, so a map there does
/// a lookup and an insert that save the owner nothing. Measured at 2
/// threads: unique-huge 0.374 s against 0.392 s, zipf-huge 0.560 s against
/// 0.594 s (7 paired runs); prose never hands a partition over early, so it
/// never lists. Model builds, which hand over after every block, list
/// almost every partition, so the checkers explore both.
const LIST_BELOW: usize = 2;

/// A partition handed to its owner: `last` marks a worker's final one, and
/// an owner is done when it has one from each other worker.
#[derive(Debug)]
struct Share {
    part: Counts,
    last: bool,
}

/// Counts what `produce` pushes into the feed, with `workers` workers;
/// `produce` runs on the calling thread while the workers count.
pub(crate) fn count_fed(
    workers: usize,
    faults: Faults,
    produce: impl FnOnce(&Feed) -> Result<(), Error>,
) -> Result<Counts, Error> {
    count_taking(NAME, workers, faults, feed::take_next, produce)
}

/// The strategy with the feed's take step given: the bug zoo's
/// `closed-before-drained` passes a broken one.
pub(crate) fn count_taking(
    name: &'static str,
    workers: usize,
    faults: Faults,
    take: TakeFn,
    produce: impl FnOnce(&Feed) -> Result<(), Error>,
) -> Result<Counts, Error> {
    let parts = run(name, workers, faults, take, Exchange::ToOwners, produce)?;
    // Owner `j` holds exactly partition `j`: the parts of one count.
    Ok(Counts::from_parts(parts))
}

/// What `produce` pushes into the feed, counted for a report of its first
/// `k` words only: a count holding those, each with its whole count
/// (`Strategy::count_top_stream`). The workers keep their partitions
/// instead of exchanging them ([`Exchange::Kept`]), and the first `k` are
/// found across the kept counts by a threshold (`Counts::first_of_sum`):
/// on vocabulary-heavy input the exchange re-inserts every word a worker
/// meets for another owner, and the first `k` need only a few of them.
pub(crate) fn top_fed(
    workers: usize,
    faults: Faults,
    k: usize,
    produce: impl FnOnce(&Feed) -> Result<(), Error>,
) -> Result<Counts, Error> {
    let layers = run(
        NAME,
        workers,
        faults,
        feed::take_next,
        Exchange::Kept,
        produce,
    )?;
    Ok(Counts::first_of_sum(layers, k))
}

/// What the workers do with the partitions they count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exchange {
    /// Hand each to its owner, who merges it: the strategy's count, one
    /// partition per worker.
    ToOwners,
    /// Keep them: each worker's whole count, split in partitions alike.
    /// Each worker then holds every word it met, so memory holds a word
    /// once per worker that met it (a skewed vocabulary's head in every
    /// worker, its long tail about once).
    Kept,
}

/// A worker's inbox, and a sender to each owner (itself included, unused).
type Mailbox = (mpsc::Receiver<Share>, Vec<mpsc::Sender<Share>>);

/// Starts the workers, runs `produce` on the calling thread, and returns
/// what each worker returned, in worker order.
fn run(
    name: &'static str,
    workers: usize,
    faults: Faults,
    take: TakeFn,
    exchange: Exchange,
    produce: impl FnOnce(&Feed) -> Result<(), Error>,
) -> Result<Vec<Counts>, Error> {
    let workers = workers.max(1);
    // Room for one block per worker: each worker finds the next block
    // waiting when it finishes one, and memory stays at a few blocks.
    let (feed, intakes) = feed::bounded_taking(workers, workers, take);
    // Each worker's inbox, and a sender to every owner, when they exchange.
    let mailboxes: Vec<Option<Mailbox>> = match exchange {
        Exchange::ToOwners => {
            let (senders, receivers): (Vec<_>, Vec<_>) =
                (0..workers).map(|_| mpsc::channel::<Share>()).unzip();
            // The workers hold the only senders: `senders` is dropped here.
            receivers
                .into_iter()
                .map(|inbox| Some((inbox, senders.clone())))
                .collect()
        }
        Exchange::Kept => (0..workers).map(|_| None).collect(),
    };
    // One hasher for every map, so a word's partition is the same in all.
    let hasher = WordHasher::new();
    let jobs = intakes
        .into_iter()
        .zip(mailboxes)
        .map(|(intake, mailbox)| {
            move |worker: Worker| match mailbox {
                Some((inbox, owners)) => work(worker, intake, inbox, owners, hasher),
                None => keep(worker, intake, hasher, workers),
            }
        })
        .collect();
    let crew = Crew::spawn_each(name, jobs, faults);
    let produced = produce(&feed);
    // Closing lets the workers finish, whatever `produce` returned.
    drop(feed);
    let joined = crew.join();
    match (produced, joined) {
        (Ok(()), Ok(counts)) => Ok(counts),
        // The workers stopped taking blocks, or one poisoned the feed as it
        // died: their failure is the cause (as in `Crew::join`, a panic
        // before the poisoned lock it left). Found by the fault sweep under
        // shuttle, where a worker dying at its first step poisons the feed
        // in its intake's drop and the reader's next push reported only a
        // poisoned lock.
        (Err(Error::FeedStopped { .. } | Error::LockPoisoned { worker: None, .. }), Err(error)) => {
            Err(error)
        }
        // A read error: the count is partial, whatever the workers did.
        (Err(error), _) | (Ok(()), Err(error)) => Err(error),
    }
}

/// One worker that keeps what it counts ([`Exchange::Kept`]): its blocks
/// counted into `n` partitions, all returned. With other workers, the
/// partitions are sieved (`Counts::sieved`): a word's first sighting goes
/// on a list, not into the table, since `Counts::first_of_sum` looks up
/// only the few words that can rank first (alone, a worker's count is the
/// whole count, and a sieve would only delay every insert).
fn keep(mut worker: Worker, intake: Intake, hasher: WordHasher, n: usize) -> Result<Counts, Error> {
    let mut counts = if n > 1 {
        Counts::sieved(hasher, n)
    } else {
        Counts::partitioned(hasher, n)
    };
    loop {
        worker.step();
        let Some(block) = intake.take().map_err(|_| worker.poisoned())? else {
            break;
        };
        counts.add_text(block.as_str());
    }
    Ok(counts)
}

/// One worker: count its blocks into partitions, hand each partition to
/// its owner, merge the partitions it owns.
fn work(
    mut worker: Worker,
    intake: Intake,
    inbox: mpsc::Receiver<Share>,
    owners: Vec<mpsc::Sender<Share>>,
    hasher: WordHasher,
) -> Result<Counts, Error> {
    let n = owners.len();
    let mut counts = Counts::partitioned(hasher, n);
    // Final shares received so far, one owed by each other worker.
    let mut lasts = 0;
    loop {
        // One step per take, the last (empty) one included, so every
        // worker takes at least one step however the blocks fall.
        worker.step();
        let Some(block) = intake.take().map_err(|_| worker.poisoned())? else {
            break;
        };
        counts.add_text(block.as_str());
        for (owner, sender) in owners.iter().enumerate() {
            if owner != worker.id && counts.part_len(owner) >= HAND_OVER_AT {
                let mostly_new =
                    counts.part_occurrences(owner) < LIST_BELOW * counts.part_len(owner);
                let part = counts.take_part(owner);
                if mostly_new {
                    counts.list_part(owner);
                }
                sender
                    .send(Share { part, last: false })
                    .map_err(|_| worker.collector_gone())?;
            }
        }
        // What others handed over so far, merged while the maps are warm
        // and before it piles up in the channel.
        while let Ok(share) = inbox.try_recv() {
            lasts += usize::from(share.last);
            counts.merge(share.part);
        }
    }
    drop(intake);

    worker.step();
    let mut own = Counts::with_hasher(hasher);
    for (owner, (part, sender)) in counts.into_parts().into_iter().zip(&owners).enumerate() {
        if owner == worker.id {
            own = part;
        } else {
            sender
                .send(Share { part, last: true })
                .map_err(|_| worker.collector_gone())?;
        }
    }
    // Dropped now, not at return: a worker that died before sending must
    // leave its owners' channels closed, not waiting (std, shuttle).
    drop(owners);

    worker.step();
    while lasts < n - 1 {
        match inbox.recv() {
            Ok(share) => {
                lasts += usize::from(share.last);
                own.merge(share.part);
            }
            Err(_) => {
                return Err(Error::ChannelClosed {
                    strategy: worker.strategy(),
                    received: lasts,
                    expected: n - 1,
                })
            }
        }
    }
    Ok(own)
}
