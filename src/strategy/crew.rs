//! Starting workers and joining them without losing a failure.
//!
//! Every threaded strategy spawns through [`Crew::spawn`] and finishes with
//! [`Crew::join`], which joins *every* worker (none is left running) and then
//! reports the root cause: a panic before a poisoned lock, since the panic is
//! what poisoned it. This is where the tutorial's silent partial count is
//! ruled out: a result is only returned when every worker returned `Ok`.

use crate::error::Error;
use crate::fault::{Faults, Probe};
use crate::source::Block;
use crate::sync::thread::{self, JoinHandle};
use crate::sync::Exclusive;
use crate::words::Counts;

/// The blocks each worker will count: worker `i` gets blocks `i`, `i + n`,
/// `i + 2n`, ... Never more workers than blocks; never zero workers for a
/// non-empty input.
pub(crate) fn assign(blocks: Vec<Block>, workers: usize) -> Vec<Vec<Block>> {
    let n = workers.max(1).min(blocks.len());
    let mut work: Vec<Vec<Block>> = (0..n).map(|_| Vec::new()).collect();
    for (i, block) in blocks.into_iter().enumerate() {
        work[i % n].push(block);
    }
    work
}

/// What a worker knows about itself.
#[derive(Debug)]
pub(crate) struct Worker {
    /// Index among its crew, as reported in errors.
    pub(crate) id: usize,
    strategy: &'static str,
    probe: Probe,
}

impl Worker {
    /// A worker identity, for crew members and for the calling thread of
    /// `sequential` (worker 0).
    pub(crate) fn new(strategy: &'static str, id: usize, faults: &Faults) -> Self {
        Worker {
            id,
            strategy,
            probe: faults.probe(id),
        }
    }

    /// Marks one unit of work (the fault-injection seam; free otherwise).
    #[inline(always)]
    pub(crate) fn step(&mut self) {
        self.probe.step();
    }

    /// Counts `blocks` into a private map, one step per block.
    pub(crate) fn count_blocks(&mut self, blocks: &[Block]) -> Counts {
        let mut counts = Counts::new();
        for block in blocks {
            self.step();
            counts.add_text(block.as_str());
        }
        counts
    }

    /// The strategy's name, as errors give it.
    pub(crate) fn strategy(&self) -> &'static str {
        self.strategy
    }

    /// The error for a send that failed because the collector is gone.
    pub(crate) fn collector_gone(&self) -> Error {
        Error::CollectorGone {
            strategy: self.strategy,
            worker: self.id,
        }
    }

    /// The error for finding a lock poisoned.
    pub(crate) fn poisoned(&self) -> Error {
        Error::LockPoisoned {
            strategy: self.strategy,
            worker: Some(self.id),
        }
    }
}

/// A set of running workers, each returning `Result<T, Error>`.
#[derive(Debug)]
pub(crate) struct Crew<T> {
    strategy: &'static str,
    handles: Vec<JoinHandle<Result<T, Error>>>,
}

impl<T: Send + 'static> Crew<T> {
    /// Starts one worker per entry of `work`, each running `job` on its blocks.
    pub(crate) fn spawn<F>(
        strategy: &'static str,
        work: Vec<Vec<Block>>,
        faults: Faults,
        job: F,
    ) -> Self
    where
        F: FnOnce(Worker, Vec<Block>) -> Result<T, Error> + Clone + Send + 'static,
    {
        let handles = work
            .into_iter()
            .enumerate()
            .map(|(id, blocks)| {
                let worker = Worker::new(strategy, id, &faults);
                let job = job.clone();
                thread::spawn(move || job(worker, blocks))
            })
            .collect();
        Crew { strategy, handles }
    }

    /// Starts one worker per job, each with a job of its own (for workers
    /// that each own something: an intake, an inbox).
    pub(crate) fn spawn_each<F>(strategy: &'static str, jobs: Vec<F>, faults: Faults) -> Self
    where
        F: FnOnce(Worker) -> Result<T, Error> + Send + 'static,
    {
        let handles = jobs
            .into_iter()
            .enumerate()
            .map(|(id, job)| {
                let worker = Worker::new(strategy, id, &faults);
                thread::spawn(move || job(worker))
            })
            .collect();
        Crew { strategy, handles }
    }

    /// How many workers were started.
    pub(crate) fn len(&self) -> usize {
        self.handles.len()
    }

    /// Joins every worker; their results in worker order, or the root-cause
    /// error if any failed.
    pub(crate) fn join(self) -> Result<Vec<T>, Error> {
        let mut results = Vec::with_capacity(self.handles.len());
        let mut panic = None;
        let mut failure = None;
        for (worker, handle) in self.handles.into_iter().enumerate() {
            match handle.join() {
                Ok(Ok(value)) => results.push(value),
                Ok(Err(error)) => {
                    failure.get_or_insert(error);
                }
                Err(payload) => {
                    panic.get_or_insert(Error::WorkerPanicked {
                        strategy: self.strategy,
                        worker,
                        message: crate::error::panic_message(payload.as_ref()),
                    });
                }
            }
        }
        match panic.or(failure) {
            Some(error) => Err(error),
            None => Ok(results),
        }
    }
}

/// Takes the finished count out of a shared map once every worker is joined;
/// a poisoned map is an error, not a count. Any of the facade's locks will
/// do (`Mutex`, `RwLock`): see [`Exclusive`].
pub(crate) fn take_shared(
    strategy: &'static str,
    shared: &impl Exclusive<Counts>,
) -> Result<Counts, Error> {
    let mut map = shared.exclusive().map_err(|_| Error::LockPoisoned {
        strategy,
        worker: None,
    })?;
    Ok(std::mem::take(&mut *map))
}

/// [`take_shared`] for each of several shared maps (shards), merged into one
/// count; the first poisoned one is an error.
pub(crate) fn take_each_shared<L: Exclusive<Counts>>(
    strategy: &'static str,
    shared: &[L],
) -> Result<Counts, Error> {
    let mut total = Counts::new();
    for map in shared {
        total.merge(take_shared(strategy, map)?);
    }
    Ok(total)
}
