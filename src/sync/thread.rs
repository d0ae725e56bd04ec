//! Threads from the selected backend: spawn, join, yield; and scoped
//! threads for pure computation ([`map_scoped`], [`map_ordered`]).
//!
//! `spawn` is a function of ours, not a re-export, so clippy's ban on
//! `std::thread::spawn` outside the facade sees the difference.
//!
//! A worker that panics must reach its strategy as an error from `join`, the
//! way std reports it, on every backend. Inside a loom or shuttle model a
//! panicking thread would instead fail the whole execution (each checker
//! catches the unwind itself), so a strategy's handling of a dead worker
//! could never be explored. In model builds `spawn` therefore catches the
//! panics of the fault-injection seam ([`crate::fault::INJECTED_PANIC`]) and
//! hands them to `join`; every other panic, the checkers' own included
//! (a deadlock, a causality violation, a teardown), unwinds as before.

use super::backend::thread as raw;
use std::any::Any;

/// What a panicking thread left behind.
pub type Panic = Box<dyn Any + Send + 'static>;

/// An owned permission to join a thread.
#[derive(Debug)]
pub struct JoinHandle<T> {
    #[cfg(not(any(loom, shuttle)))]
    inner: raw::JoinHandle<T>,
    #[cfg(any(loom, shuttle))]
    inner: raw::JoinHandle<Result<T, Panic>>,
    /// Its number in the recorder's timeline.
    #[cfg(any(loom, shuttle))]
    worker: usize,
}

impl<T> JoinHandle<T> {
    /// Waits for the thread; its value, or the payload it panicked with.
    pub fn join(self) -> Result<T, Panic> {
        #[cfg(not(any(loom, shuttle)))]
        return self.inner.join();
        #[cfg(any(loom, shuttle))]
        {
            let joined = self.inner.join().and_then(|result| result);
            super::record::op(super::record::Op::Join(self.worker, joined.is_ok()));
            joined
        }
    }
}

/// Starts a thread (a modelled one under loom and shuttle) running `f`.
pub fn spawn<F, T>(f: F) -> JoinHandle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    #[cfg(not(any(loom, shuttle)))]
    return JoinHandle {
        inner: raw::spawn(f),
    };
    #[cfg(any(loom, shuttle))]
    return {
        let worker = super::record::next_worker();
        super::record::op(super::record::Op::Spawn(worker));
        JoinHandle {
            inner: raw::spawn(move || {
                use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
                super::record::started(worker);
                match catch_unwind(AssertUnwindSafe(f)) {
                    Ok(value) => Ok(value),
                    Err(payload) if is_injected(payload.as_ref()) => {
                        super::record::op(super::record::Op::Panicked);
                        Err(payload)
                    }
                    Err(payload) => resume_unwind(payload),
                }
            }),
            worker,
        }
    };
}

/// Whether a panic came from the fault-injection seam.
#[cfg(any(loom, shuttle))]
fn is_injected(payload: &(dyn Any + Send)) -> bool {
    crate::error::panic_message(payload).contains(crate::fault::INJECTED_PANIC)
}

/// `f` of each item, in order, each item but the first on a thread of its
/// own (std builds), the first on the caller's.
///
/// For pure computation over shared, immutable data, such as ranking the
/// disjoint parts of a finished count: the threads share nothing that
/// changes, only borrows the type system checks, and hand their results
/// back through `join`. So there is no interleaving to explore, and model
/// builds run the items one after the other (loom has no scoped threads).
/// A panic in `f` resumes on the caller.
pub fn map_scoped<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    map_owned(items.iter().collect(), f)
}

/// [`map_scoped`] with each item moved to its thread: for work that
/// consumes disjoint data, such as merging each partition's maps into one.
/// Each thread owns its item, and nothing else changes, so model builds run
/// the items one after the other as [`map_scoped`] does.
pub fn map_owned<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    #[cfg(not(any(loom, shuttle)))]
    {
        let count = items.len();
        let mut items = items.into_iter();
        let Some(first) = items.next() else {
            return Vec::new();
        };
        let f = &f;
        std::thread::scope(|scope| {
            let others: Vec<_> = items.map(|item| scope.spawn(move || f(item))).collect();
            let mut results = Vec::with_capacity(count);
            results.push(f(first));
            for other in others {
                results.push(
                    other
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                );
            }
            results
        })
    }
    #[cfg(any(loom, shuttle))]
    {
        items.into_iter().map(f).collect()
    }
}

/// `f` of each item, handed to `consume` in item order on the caller's
/// thread; in std builds `f` runs on `threads` threads of its own (item `i`
/// on thread `i % threads`), each at most one result ahead of `consume`.
/// The first error from `consume` stops it, and it is returned once the
/// threads have stopped too.
///
/// For pure computation over shared, immutable data whose results must be
/// used in order, such as formatting a ranked count chunk by chunk while
/// the caller writes the chunks out: as in [`map_scoped`], nothing the
/// threads share changes, so model builds run `f` and `consume` one item
/// after the other. A panic in `f` resumes on the caller.
pub fn map_ordered<T: Sync, R: Send, E>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
    mut consume: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E> {
    #[cfg(not(any(loom, shuttle)))]
    if threads > 1 && items.len() > 1 {
        let f = &f;
        return std::thread::scope(|scope| {
            // A channel of one per thread: bounded memory, and the caller
            // knows which thread has the next item.
            let (handles, results): (Vec<_>, Vec<_>) = (0..threads)
                .map(|first| {
                    let (sender, results) = std::sync::mpsc::sync_channel(1);
                    let handle = scope.spawn(move || {
                        for item in items.iter().skip(first).step_by(threads) {
                            // The caller stopped: so does this thread.
                            if sender.send(f(item)).is_err() {
                                break;
                            }
                        }
                    });
                    (handle, results)
                })
                .unzip();
            let mut consumed = Ok(());
            for i in 0..items.len() {
                // An error: its thread panicked, and the join below
                // resumes the panic; nothing after the gap is consumed.
                let Ok(result) = results[i % threads].recv() else {
                    break;
                };
                consumed = consume(result);
                if consumed.is_err() {
                    break;
                }
            }
            // Unblocks any thread still sending before it is joined.
            drop(results);
            for handle in handles {
                if let Err(panic) = handle.join() {
                    std::panic::resume_unwind(panic);
                }
            }
            consumed
        });
    }
    let _ = threads;
    items.iter().try_for_each(|item| consume(f(item)))
}

/// Offers the scheduler a chance to run another thread (a scheduling point
/// under loom and shuttle).
pub fn yield_now() {
    raw::yield_now()
}

/// How many workers to use when the caller does not say.
///
/// Model builds answer a constant 2, as tokio's facade stubs `num_cpus`, so
/// defaults stay small and every execution is deterministic.
pub fn available_parallelism() -> usize {
    #[cfg(any(loom, shuttle))]
    {
        2
    }
    #[cfg(not(any(loom, shuttle)))]
    {
        std::thread::available_parallelism().map_or(1, usize::from)
    }
}

#[cfg(all(test, not(any(loom, shuttle))))]
mod tests {
    use super::map_ordered;
    use std::cell::Cell;

    #[test]
    fn map_ordered_consumes_every_result_in_item_order() {
        let items: Vec<usize> = (0..100).collect();
        for threads in 1..=3 {
            let mut seen = Vec::new();
            map_ordered(
                &items,
                threads,
                |&i| i * 2,
                |r| {
                    seen.push(r);
                    Ok::<(), ()>(())
                },
            )
            .expect("never fails");
            assert_eq!(seen, (0..100).map(|i| i * 2).collect::<Vec<_>>());
        }
    }

    /// A failing consumer (a closed output) stops it: the error comes back
    /// and nothing after it is consumed, while the threads, one result
    /// ahead at most, stop rather than format the rest.
    #[test]
    fn map_ordered_stops_at_the_first_error() {
        let items: Vec<usize> = (0..1000).collect();
        let made = std::sync::atomic::AtomicUsize::new(0);
        let consumed = Cell::new(0);
        let result = map_ordered(
            &items,
            2,
            |&i| {
                made.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                i
            },
            |i| {
                consumed.set(consumed.get() + 1);
                if i == 5 {
                    Err(i)
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(result, Err(5));
        assert_eq!(consumed.get(), 6);
        assert!(made.into_inner() < 20, "the threads stopped");
    }

    #[test]
    #[should_panic(expected = "item 7")]
    fn map_ordered_resumes_a_panic_on_the_caller() {
        let items: Vec<usize> = (0..50).collect();
        let _ = map_ordered(
            &items,
            2,
            |&i| {
                assert_ne!(i, 7, "item 7");
                i
            },
            |_| Ok::<(), ()>(()),
        );
    }
}
