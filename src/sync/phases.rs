//! Where a count's time goes, for the cost model (`cargo xtask costmodel`).
//!
//! With the `phase-timings` feature, in std builds, the facade times what
//! coordination costs: waiting for a lock, holding it, sending, waiting to
//! receive (a channel message or a block from the feed); and the words layer
//! times counting text and merging maps. Totals are summed over all threads
//! into process-wide counters, which [`take`] reads and resets.
//!
//! Without the feature (every normal build) and in model builds, [`Timer`] is
//! a zero-sized no-op and nothing here costs anything. With it, each timed
//! event costs two clock reads (about 40 ns), which inflates the strategies
//! that lock or send per word: the cost model uses these timings for its
//! parameters, and the benchmark's uninstrumented wall times for its checks.

/// What a span of time was spent on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Tokenising and counting text into a private map (events: bytes).
    Count,
    /// Merging one map into another (events: entries merged).
    Merge,
    /// Waiting to acquire a lock (events: acquisitions).
    LockWait,
    /// Holding a lock (events: acquisitions).
    LockHeld,
    /// Sending a message (events: messages).
    Send,
    /// Waiting for a message or a block (events: receives).
    RecvWait,
}

impl Phase {
    /// Every phase, in the order [`take`] reports them.
    pub const ALL: [Phase; 6] = [
        Phase::Count,
        Phase::Merge,
        Phase::LockWait,
        Phase::LockHeld,
        Phase::Send,
        Phase::RecvWait,
    ];

    /// The phase's name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Count => "count",
            Phase::Merge => "merge",
            Phase::LockWait => "lock_wait",
            Phase::LockHeld => "lock_held",
            Phase::Send => "send",
            Phase::RecvWait => "recv_wait",
        }
    }
}

/// One phase's totals since the last [`take`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PhaseTotal {
    /// Nanoseconds, summed over threads.
    pub nanos: u64,
    /// Events (see each [`Phase`]).
    pub events: u64,
}

/// Whether this build records phases at all.
pub const ENABLED: bool = cfg!(all(feature = "phase-timings", not(any(loom, shuttle))));

#[cfg(all(feature = "phase-timings", not(any(loom, shuttle))))]
mod imp {
    use super::Phase;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::Instant;

    #[allow(clippy::declare_interior_mutable_const)]
    const ZERO: AtomicU64 = AtomicU64::new(0);
    pub(super) static NANOS: [AtomicU64; 6] = [ZERO; 6];
    pub(super) static EVENTS: [AtomicU64; 6] = [ZERO; 6];

    /// A started span.
    #[derive(Debug, Clone, Copy)]
    pub struct Timer(Instant);

    impl Timer {
        /// Starts timing now.
        #[inline]
        pub fn start() -> Self {
            Timer(Instant::now())
        }

        /// Adds the time since `start`, and `events`, to `phase`.
        #[inline]
        pub fn stop(self, phase: Phase, events: u64) {
            let nanos = u64::try_from(self.0.elapsed().as_nanos()).unwrap_or(u64::MAX);
            NANOS[phase as usize].fetch_add(nanos, Ordering::Relaxed);
            EVENTS[phase as usize].fetch_add(events, Ordering::Relaxed);
        }
    }
}

#[cfg(not(all(feature = "phase-timings", not(any(loom, shuttle)))))]
mod imp {
    use super::Phase;

    /// A started span: nothing, in this build.
    #[derive(Debug, Clone, Copy)]
    pub struct Timer;

    impl Timer {
        /// Starts timing now.
        #[inline(always)]
        pub fn start() -> Self {
            Timer
        }

        /// Adds the time since `start`, and `events`, to `phase`.
        #[inline(always)]
        pub fn stop(self, _phase: Phase, _events: u64) {}
    }
}

pub use imp::Timer;

/// Runs `f`, adding its time and `events` to `phase`.
#[inline(always)]
pub fn timed<R>(phase: Phase, events: u64, f: impl FnOnce() -> R) -> R {
    let timer = Timer::start();
    let result = f();
    timer.stop(phase, events);
    result
}

/// The totals of every phase since the last call, in [`Phase::ALL`]'s order,
/// and resets them (all zero unless [`ENABLED`]).
pub fn take() -> [(Phase, PhaseTotal); 6] {
    Phase::ALL.map(|phase| {
        #[cfg(all(feature = "phase-timings", not(any(loom, shuttle))))]
        let total = {
            use std::sync::atomic::Ordering;
            PhaseTotal {
                nanos: imp::NANOS[phase as usize].swap(0, Ordering::Relaxed),
                events: imp::EVENTS[phase as usize].swap(0, Ordering::Relaxed),
            }
        };
        #[cfg(not(all(feature = "phase-timings", not(any(loom, shuttle)))))]
        let total = PhaseTotal::default();
        (phase, total)
    })
}

#[cfg(all(test, feature = "phase-timings", not(any(loom, shuttle))))]
mod tests {
    use super::*;

    #[test]
    fn a_timed_span_is_added_to_its_phase_and_taken_once() {
        take();
        timed(Phase::Merge, 3, || {
            std::thread::sleep(std::time::Duration::from_millis(2))
        });
        let totals = take();
        let merge = totals[Phase::Merge as usize].1;
        assert_eq!(merge.events, 3);
        assert!(merge.nanos >= 2_000_000, "{merge:?}");
        assert_eq!(totals[Phase::Count as usize].1, PhaseTotal::default());
        assert_eq!(take()[Phase::Merge as usize].1, PhaseTotal::default());
    }
}
