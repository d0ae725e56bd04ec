//! The recorder: in model builds, every operation the facade performs, as
//! thread, operation, object and value, so that a failing execution can be
//! told step by step in the words of the program.
//!
//! A test turns it on with [`start`] at the beginning of an execution and
//! collects the events with [`take`] at the end (or after the checker
//! panicked, for the execution that failed). Both checkers run every model
//! thread as a coroutine on the test's own OS thread and one execution at a
//! time, so the record is a `thread_local!` of that OS thread: one test's
//! record, never mixed with another test's.
//!
//! Objects are named by kind and order of creation within the execution
//! (`mutex 0`, `atomic 2`, `channel 0`); threads are `collector` (the one
//! that called [`start`]) and `worker N`, numbered in spawn order, which is
//! the order in which the crew deals out work. The maps (`Counts`) record
//! their reads and writes in words (`get "a" -> 0`, `set "a" = 1`) when the
//! thread touching them holds one of the facade's locks or cells: that is
//! how a shared map is told from a worker's private one. The map is named
//! after the innermost lock or cell the thread holds, which is the right one
//! unless a thread holds two and touches the outer one's map (as
//! `lock-order-deadlock` does, before it deadlocks).
//!
//! In std builds every function here is an empty inline function: real
//! threads pay nothing.

use std::fmt;

/// A facade object, as the timeline names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Object {
    /// `mutex`, `rwlock`, `condvar`, `atomic`, `channel`, `cell`.
    pub kind: &'static str,
    /// Its order of creation among the objects of its kind.
    pub index: usize,
}

impl fmt::Display for Object {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind, self.index)
    }
}

/// One operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// Started worker `N`.
    Spawn(usize),
    /// Joined worker `N` (`false`: it had panicked).
    Join(usize, bool),
    /// This thread panicked (the fault-injection seam), and `join` will say so.
    Panicked,
    /// Asked for a lock (`lock`, `read`, `write`); it may block here.
    Request(Object, &'static str),
    /// Got the lock.
    Acquire(Object, &'static str),
    /// Released it.
    Release(Object),
    /// An atomic load and the value it saw.
    Load(Object, usize),
    /// An atomic store of a value.
    Store(Object, usize),
    /// An atomic `fetch_add`: the old value and the amount added.
    FetchAdd(Object, usize, usize),
    /// Sent a message (`false`: the receiver was gone).
    Send(Object, bool),
    /// Waiting to receive on a channel; it may block here.
    Wait(Object),
    /// Received one (`false`: the channel was closed or empty).
    Recv(Object, bool),
    /// Released a lock to sleep on a condition variable; it may block here.
    Sleep(Object),
    /// Woke one (`false`) or every (`true`) thread sleeping on a condition
    /// variable.
    Notify(Object, bool),
    /// Reached into a raw cell (`true`: to write).
    Cell(Object, bool),
    /// Read a word's count in a shared map.
    Get(Object, String, usize),
    /// Set a word's count in a shared map.
    Set(Object, String, usize),
    /// Added to a word's count in one step: the old count and the new.
    Add(Object, String, usize, usize),
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Op::Spawn(n) => write!(f, "spawn worker {n}"),
            Op::Join(n, true) => write!(f, "join worker {n}"),
            Op::Join(n, false) => write!(f, "join worker {n}: it panicked"),
            Op::Panicked => f.write_str("panics (injected fault)"),
            Op::Request(o, how) => write!(f, "{how} {o}?"),
            Op::Acquire(o, how) => write!(f, "{how} {o}"),
            Op::Release(o) => write!(f, "unlock {o}"),
            Op::Load(o, v) => write!(f, "load {o} -> {v}"),
            Op::Store(o, v) => write!(f, "store {o} = {v}"),
            Op::FetchAdd(o, old, n) => write!(f, "fetch_add {o} {old} -> {}", old + n),
            Op::Send(o, true) => write!(f, "send on {o}"),
            Op::Send(o, false) => write!(f, "send on {o}: closed"),
            Op::Wait(o) => write!(f, "recv on {o}?"),
            Op::Recv(o, true) => write!(f, "recv on {o}"),
            Op::Recv(o, false) => write!(f, "recv on {o}: nothing"),
            Op::Sleep(o) => write!(f, "wait on {o}?"),
            Op::Notify(o, false) => write!(f, "notify_one {o}"),
            Op::Notify(o, true) => write!(f, "notify_all {o}"),
            Op::Cell(o, false) => write!(f, "read {o} (no lock)"),
            Op::Cell(o, true) => write!(f, "write {o} (no lock)"),
            Op::Get(o, w, v) => write!(f, "{o}: get {w:?} -> {v}"),
            Op::Set(o, w, v) => write!(f, "{o}: set {w:?} = {v}"),
            Op::Add(o, w, old, new) => write!(f, "{o}: {w:?} {old} -> {new}"),
        }
    }
}

/// One step of an execution: who did what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// 0 for the collector, `N + 1` for worker `N`.
    pub thread: usize,
    /// What it did.
    pub op: Op,
}

impl Event {
    /// The thread's name.
    pub fn thread_name(&self) -> String {
        thread_name(self.thread)
    }
}

/// `collector` for 0, `worker N` for `N + 1`.
pub fn thread_name(thread: usize) -> String {
    match thread {
        0 => "collector".to_owned(),
        n => format!("worker {}", n - 1),
    }
}

#[cfg(any(loom, shuttle))]
pub use self::model::*;

#[cfg(not(any(loom, shuttle)))]
pub use self::real::*;

/// Model builds: the record itself.
#[cfg(any(loom, shuttle))]
mod model {
    use super::{Event, Object, Op};
    use crate::sync::backend::thread::{current, ThreadId};
    use std::cell::RefCell;
    use std::collections::HashMap;

    #[derive(Default)]
    struct Record {
        events: Vec<Event>,
        /// Model thread -> its number in events.
        threads: HashMap<ThreadId, usize>,
        /// Workers spawned so far.
        spawned: usize,
        /// Objects created so far, by kind.
        created: HashMap<&'static str, usize>,
        /// What each thread holds (locks, cells), innermost last.
        held: HashMap<usize, Vec<Object>>,
        /// How many objects are held by all threads together: when none
        /// is, no map is shared right now, and the (frequent) private-map
        /// operations return without asking which thread is running.
        held_total: usize,
    }

    thread_local! {
        static RECORD: RefCell<Option<Record>> = const { RefCell::new(None) };
    }

    fn with<R>(f: impl FnOnce(&mut Record) -> R) -> Option<R> {
        RECORD.with(|r| r.borrow_mut().as_mut().map(f))
    }

    fn me(record: &mut Record) -> usize {
        let id = current().id();
        *record.threads.entry(id).or_insert(0)
    }

    /// Starts a fresh record for this execution, the calling thread as the
    /// collector.
    pub fn start() {
        RECORD.with(|r| *r.borrow_mut() = Some(Record::default()));
        with(|record| {
            let id = current().id();
            record.threads.insert(id, 0);
        });
    }

    /// Stops recording and returns what was recorded (nothing if [`start`]
    /// was not called).
    pub fn take() -> Vec<Event> {
        RECORD
            .with(|r| r.borrow_mut().take())
            .map(|record| record.events)
            .unwrap_or_default()
    }

    /// Names a new object of `kind`.
    pub(crate) fn object(kind: &'static str) -> Object {
        let index = with(|record| {
            let next = record.created.entry(kind).or_insert(0);
            *next += 1;
            *next - 1
        });
        Object {
            kind,
            index: index.unwrap_or(usize::MAX),
        }
    }

    /// Records `op` as done by the current thread.
    pub(crate) fn op(op: Op) {
        with(|record| {
            let thread = me(record);
            record.events.push(Event { thread, op });
        });
    }

    /// The number the next spawned worker gets (called by the spawner).
    pub(crate) fn next_worker() -> usize {
        with(|record| {
            record.spawned += 1;
            record.spawned - 1
        })
        .unwrap_or(0)
    }

    /// Called first thing by a spawned thread.
    pub(crate) fn started(worker: usize) {
        with(|record| {
            let id = current().id();
            record.threads.insert(id, worker + 1);
        });
    }

    /// The current thread now holds `object` (a lock or a cell).
    pub(crate) fn hold(object: Object) {
        with(|record| {
            let thread = me(record);
            record.held.entry(thread).or_default().push(object);
            record.held_total += 1;
        });
    }

    /// The current thread let go of `object`.
    pub(crate) fn let_go(object: Object) {
        with(|record| {
            let thread = me(record);
            if let Some(held) = record.held.get_mut(&thread) {
                if let Some(at) = held.iter().rposition(|o| *o == object) {
                    held.remove(at);
                    record.held_total -= 1;
                }
            }
        });
    }

    /// The shared map the current thread is touching, if it holds one.
    fn shared_map() -> Option<Object> {
        with(|record| {
            if record.held_total == 0 {
                return None;
            }
            let thread = me(record);
            record
                .held
                .get(&thread)
                .and_then(|held| held.last().copied())
        })
        .flatten()
    }

    /// A read of `word`'s count in a map.
    pub fn map_get(word: &str, value: usize) {
        if let Some(map) = shared_map() {
            op(Op::Get(map, word.to_owned(), value));
        }
    }

    /// A write of `word`'s count in a map.
    pub fn map_set(word: &str, value: usize) {
        if let Some(map) = shared_map() {
            op(Op::Set(map, word.to_owned(), value));
        }
    }

    /// A read-modify-write of `word`'s count in a map.
    pub fn map_add(word: &str, old: usize, new: usize) {
        if let Some(map) = shared_map() {
            op(Op::Add(map, word.to_owned(), old, new));
        }
    }
}

/// std builds: nothing is recorded.
#[cfg(not(any(loom, shuttle)))]
mod real {
    use super::Event;

    /// Does nothing outside a model build.
    pub fn start() {}

    /// Nothing was recorded.
    pub fn take() -> Vec<Event> {
        Vec::new()
    }

    /// A read of a count (recorded in model builds only).
    #[inline(always)]
    pub fn map_get(_: &str, _: usize) {}

    /// A write of a count (recorded in model builds only).
    #[inline(always)]
    pub fn map_set(_: &str, _: usize) {}

    /// A read-modify-write of a count (recorded in model builds only).
    #[inline(always)]
    pub fn map_add(_: &str, _: usize, _: usize) {}
}
