//! A failing execution, told step by step: one column per thread
//! (collector, worker 0, worker 1, ...), one row per operation the facade
//! recorded ([`tally::sync::record`]), then a line that names the symptom in
//! words, computed from the record (a write that overwrote another, a
//! message no receive took, a worker that died, the two accesses of a data
//! race), never written per twin.

use crate::model::Outcome;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use tally::sync::record::{thread_name, Event, Object, Op};

/// The widest a column gets; longer operations are cut.
const WIDEST: usize = 40;

/// The most rows a table shows (the last ones).
const SHOWN: usize = 200;

/// The execution as a table, then its symptom line (if one is found).
pub fn tell(events: &[Event], outcome: &Outcome, oracle: &Outcome) -> String {
    let mut text = table(events);
    if let Some(line) = symptom(events, outcome, oracle) {
        let _ = write!(text, "\n{line}");
    }
    text
}

/// The rows worth showing, numbered from 1 as "step N" in the table and the
/// symptom line: a lock request is dropped when the same thread got the
/// lock at its very next step (it did not wait).
pub fn shown(events: &[Event]) -> Vec<&Event> {
    events
        .iter()
        .enumerate()
        .filter(|(i, event)| match &event.op {
            Op::Request(object, _) => !matches!(
                events.get(i + 1),
                Some(next) if next.thread == event.thread
                    && matches!(&next.op, Op::Acquire(o, _) if o == object)
            ),
            Op::Wait(channel) => !matches!(
                events.get(i + 1),
                Some(next) if next.thread == event.thread
                    && matches!(&next.op, Op::Recv(c, _) if c == channel)
            ),
            _ => true,
        })
        .map(|(_, event)| event)
        .collect()
}

/// How many threads took part: the collector, and every worker spawned,
/// even one that died before its first recorded step.
pub fn threads(events: &[Event]) -> usize {
    events
        .iter()
        .map(|e| match e.op {
            Op::Spawn(worker) => worker + 1,
            _ => e.thread,
        })
        .max()
        .map_or(1, |t| t + 1)
}

/// One column per thread, one row per step.
pub fn table(events: &[Event]) -> String {
    let rows = shown(events);
    let threads = threads(events);
    let cut = |s: String| -> String { s.chars().take(WIDEST).collect() };
    let mut widths: Vec<usize> = (0..threads).map(|t| thread_name(t).len()).collect();
    for event in &rows {
        widths[event.thread] = widths[event.thread].max(cut(event.op.to_string()).chars().count());
    }
    let mut out = format!("{:>4} |", "step");
    for (thread, width) in widths.iter().enumerate() {
        let _ = write!(out, " {:<width$} |", thread_name(thread));
    }
    out = out.trim_end().to_owned();
    out.push('\n');
    // A search that ran into a step bound can record a million steps: show
    // the last ones, where it failed.
    let skipped = rows.len().saturating_sub(SHOWN);
    if skipped > 0 {
        let _ = writeln!(out, "   ... {skipped} earlier steps not shown");
    }
    for (step, event) in rows.iter().enumerate().skip(skipped) {
        let mut line = format!("{:>4} |", step + 1);
        for (thread, width) in widths.iter().enumerate() {
            let cell = if thread == event.thread {
                cut(event.op.to_string())
            } else {
                String::new()
            };
            let _ = write!(line, " {cell:<width$} |");
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// A place a value lives: a word in a shared map, or an atomic.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    Word(String, usize, String),
    Atomic(usize),
}

/// What an operation did to a place: read a value, wrote one, or both in
/// one indivisible step.
enum Access {
    Read,
    Write,
    Both,
}

/// The place an operation touches, how, the value it leaves (or read), and
/// the value it found there (for a read-modify-write).
fn access(op: &Op) -> Option<(Place, Access, usize, usize)> {
    let word = |o: &Object, w: &str| Place::Word(o.kind.to_owned(), o.index, w.to_owned());
    match op {
        Op::Get(o, w, v) => Some((word(o, w), Access::Read, *v, *v)),
        Op::Set(o, w, v) => Some((word(o, w), Access::Write, *v, *v)),
        Op::Add(o, w, old, new) => Some((word(o, w), Access::Both, *new, *old)),
        Op::Load(o, v) => Some((Place::Atomic(o.index), Access::Read, *v, *v)),
        Op::Store(o, v) => Some((Place::Atomic(o.index), Access::Write, *v, *v)),
        Op::FetchAdd(o, old, n) => Some((Place::Atomic(o.index), Access::Both, old + n, *old)),
        _ => None,
    }
}

fn describe(place: &Place) -> String {
    match place {
        Place::Word(kind, index, word) => format!("{word:?} in {kind} {index}"),
        Place::Atomic(index) => format!("atomic {index}"),
    }
}

/// The first write that overwrote another thread's write it had not seen:
/// thread A writes a place at step i, then thread B, whose last read of the
/// place returned something other than A's value, writes it at step j > i.
/// B read before A wrote, or (under loom's weak memory) read a stale value
/// after it: either way A's write is lost.
fn overwrite(rows: &[&Event]) -> Vec<(Place, String)> {
    let mut found = Vec::new();
    // Per place and thread: the last read (step, value). Per place: the
    // last write (step, thread, value).
    let mut last_read: BTreeMap<(Place, usize), (usize, usize)> = BTreeMap::new();
    let mut last_write: BTreeMap<Place, (usize, usize, usize)> = BTreeMap::new();
    for (step, event) in rows.iter().enumerate() {
        let Some((place, how, value, old)) = access(&event.op) else {
            continue;
        };
        let me = event.thread;
        if let Access::Write = how {
            let earlier = last_write.get(&place).copied();
            let read = last_read.get(&(place.clone(), me)).copied();
            if let (Some((written_at, writer, written)), Some((read_at, seen))) = (earlier, read) {
                if writer != me && seen != written {
                    let when = if read_at < written_at {
                        "before it"
                    } else {
                        "a stale value: under a weak memory model a load may see an older write"
                    };
                    let text = format!(
                        "{}: {}'s write at step {} overwrote {}'s at step {} ({} had read {seen} at step {}, {when})",
                        describe(&place),
                        thread_name(me),
                        step + 1,
                        thread_name(writer),
                        written_at + 1,
                        thread_name(me),
                        read_at + 1,
                    );
                    found.push((place.clone(), text));
                }
            }
        }
        match how {
            Access::Read => {
                last_read.insert((place, me), (step, value));
            }
            Access::Write => {
                last_write.insert(place, (step, me, value));
            }
            Access::Both => {
                last_read.insert((place.clone(), me), (step, old));
                last_write.insert(place, (step, me, value));
            }
        }
    }
    found
}

/// A message never received: per channel, the k-th successful send is
/// taken by the k-th successful receive, so a send numbered past the last
/// receive was left in the channel.
fn late_send(rows: &[&Event]) -> Option<String> {
    let mut sent: BTreeMap<Object, Vec<usize>> = BTreeMap::new();
    let mut received: BTreeMap<Object, usize> = BTreeMap::new();
    for (step, event) in rows.iter().enumerate() {
        match event.op {
            Op::Send(channel, true) => sent.entry(channel).or_default().push(step),
            Op::Recv(channel, true) => *received.entry(channel).or_default() += 1,
            _ => {}
        }
    }
    sent.iter().find_map(|(channel, sends)| {
        let taken = received.get(channel).copied().unwrap_or(0);
        let step = *sends.get(taken)?;
        Some(format!(
            "{}'s send at step {} on {channel} was never received ({taken} of {} messages were): what it carried was never merged",
            rows[step].thread_name(),
            step + 1,
            sends.len()
        ))
    })
}

/// A worker that panicked, though the run returned a count.
fn dead_worker(rows: &[&Event]) -> Option<String> {
    let (step, event) = rows
        .iter()
        .enumerate()
        .find(|(_, e)| matches!(e.op, Op::Join(_, false)))?;
    let Op::Join(worker, _) = event.op else {
        return None;
    };
    Some(format!(
        "worker {worker} panicked (the join at step {} says so), and the count was returned without its share",
        step + 1
    ))
}

/// A data race the checker stopped at: the last step reached into a raw
/// cell that another thread reached into before, one of them to write, with
/// nothing (no lock) between them.
fn data_race(rows: &[&Event]) -> Option<String> {
    let (last_step, last) = rows
        .iter()
        .enumerate()
        .rev()
        .find(|(_, e)| matches!(e.op, Op::Cell(..)))?;
    let Op::Cell(cell, write) = last.op else {
        return None;
    };
    let (step, other) = rows[..last_step].iter().enumerate().rev().find(|(_, e)| {
        e.thread != last.thread && matches!(e.op, Op::Cell(c, w) if c == cell && (w || write))
    })?;
    let verb = |w: bool| if w { "write" } else { "read" };
    let Op::Cell(_, other_write) = other.op else {
        return None;
    };
    Some(format!(
        "{cell}: {}'s {} at step {} races with {}'s {} at step {}: no lock, and nothing else orders them",
        last.thread_name(),
        verb(write),
        last_step + 1,
        other.thread_name(),
        verb(other_write),
        step + 1
    ))
}

/// A deadlock the checker stopped at: each thread left waiting, on what,
/// and who holds it.
fn deadlock(rows: &[&Event]) -> Option<String> {
    let mut holder: BTreeMap<Object, usize> = BTreeMap::new();
    let mut waiting: BTreeMap<usize, String> = BTreeMap::new();
    for event in rows {
        match &event.op {
            Op::Acquire(object, _) => {
                holder.insert(*object, event.thread);
                waiting.remove(&event.thread);
            }
            Op::Release(object) => {
                holder.remove(object);
            }
            Op::Request(object, how) => {
                waiting.insert(event.thread, format!("{how} {object}"));
            }
            Op::Wait(channel) => {
                waiting.insert(event.thread, format!("a message on {channel}"));
            }
            Op::Recv(..) => {
                waiting.remove(&event.thread);
            }
            _ => {}
        }
    }
    if waiting.is_empty() {
        return None;
    }
    let parts: Vec<String> = waiting
        .iter()
        .map(|(thread, what)| {
            let held = holder
                .iter()
                .find(|(object, _)| what.ends_with(&object.to_string()))
                .map(|(_, by)| format!(", held by {}", thread_name(*by)))
                .unwrap_or_default();
            format!("{} waits for {what}{held}", thread_name(*thread))
        })
        .collect();
    Some(format!("deadlock: {}; nobody can move", parts.join("; ")))
}

/// The symptom in words: the first word whose count differs, and why, as
/// far as the record shows it; or, where the checker stopped the execution
/// at a data race, the two accesses.
pub fn symptom(events: &[Event], outcome: &Outcome, oracle: &Outcome) -> Option<String> {
    let rows = shown(events);
    let Ok(got) = outcome else {
        return data_race(&rows).or_else(|| deadlock(&rows));
    };
    let expected = oracle.as_ref().ok()?;
    let differs = expected
        .iter()
        .map(|(w, n)| (w.clone(), *n, got.get(w).copied().unwrap_or(0)))
        .chain(
            got.iter()
                .filter(|(w, _)| !expected.contains_key(*w))
                .map(|(w, n)| (w.clone(), 0, *n)),
        )
        .find(|(_, want, have)| want != have);
    // An overwrite of the very word that came out wrong explains it best.
    let overwrites = overwrite(&rows);
    let on_word = differs.as_ref().and_then(|(word, _, _)| {
        overwrites
            .iter()
            .find(|(place, _)| matches!(place, Place::Word(_, _, w) if w == word))
    });
    let why = on_word
        .or(overwrites.first())
        .map(|(_, text)| text.clone())
        .or_else(|| dead_worker(&rows))
        .or_else(|| late_send(&rows));
    match (differs, why) {
        (Some((word, want, have)), Some(why)) => {
            Some(format!("{word}: expected {want}, got {have}: {why}"))
        }
        (Some((word, want, have)), None) => Some(format!("{word}: expected {want}, got {have}")),
        (None, Some(why)) => Some(why),
        (None, None) => None,
    }
}
