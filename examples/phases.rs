//! Where each strategy's time goes, as JSON, for the cost model
//! (`cargo xtask costmodel` runs it and fits the model; see README "Scaling
//! on paper"):
//!
//! ```text
//! cargo run --release --features phase-timings --example phases -- FILE [--threads 1,2,3,4] [--runs 3]
//! ```
//!
//! For every strategy and thread count it counts FILE (already in memory,
//! cut into the blocks `tally count` would stream) `--runs` times and
//! reports the run with the median wall time: the wall time of counting, of
//! ranking and writing the result (to a sink), and the phase totals the
//! `phase-timings` feature records (counting, merging, lock wait and hold,
//! sending, waiting to receive; summed over threads). It also reports the
//! vocabulary the model needs: for t = 1, 2, 3, 4, 8, ..., 64 equal slices of the
//! input, the sum of their distinct words (what t workers' private maps hold
//! between them, so what a merge of them touches).

use std::time::{Duration, Instant};
use tally::report::{self, Format};
use tally::source;
use tally::strategy::Strategy;
use tally::sync::phases::{self, PhaseTotal};
use tally::words::Counts;

const USAGE: &str = "usage: phases FILE [--threads 1,2,3,4] [--runs N]";

fn main() -> Result<(), String> {
    if !phases::ENABLED {
        return Err("built without the `phase-timings` feature: nothing would be timed".into());
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut path = None;
    let mut threads = vec![1, 2, 3, 4];
    let mut runs = 3;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value = || rest.next().ok_or(format!("{arg} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--threads" => {
                threads = value()?
                    .split(',')
                    .map(|t| t.parse().map_err(|e| format!("--threads: {e}")))
                    .collect::<Result<_, _>>()?
            }
            "--runs" => runs = value()?.parse().map_err(|e| format!("--runs: {e}"))?,
            _ if path.is_none() && !arg.starts_with("--") => path = Some(arg.clone()),
            _ => return Err(USAGE.into()),
        }
    }
    let path = path.ok_or(USAGE)?;
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
    let whole = Counts::from_text(&text);

    let mut measured = Vec::new();
    for strategy in Strategy::ALL {
        for &t in &threads {
            let mut samples: Vec<Sample> = (0..runs)
                .map(|_| measure(strategy, &text, t, &whole))
                .collect::<Result<_, _>>()?;
            samples.sort_by_key(|s| s.count + s.rank);
            let median = samples.swap_remove(samples.len() / 2);
            measured.push(median.to_json(strategy, t));
        }
    }
    let slices: Vec<_> = [1, 2, 3, 4, 8, 16, 32, 64]
        .into_iter()
        .map(|t| {
            let size = text.len().div_ceil(t).max(1);
            let distinct: usize = source::blocks(text.clone(), size)
                .iter()
                .map(|block| Counts::from_text(block.as_str()).len())
                .sum();
            serde_json::json!({ "threads": t, "distinct_sum": distinct })
        })
        .collect();
    let out = serde_json::json!({
        "file": path,
        "bytes": text.len(),
        "words": whole.total(),
        "distinct": whole.len(),
        "cpus": tally::sync::thread::available_parallelism(),
        "slices": slices,
        "runs": measured,
    });
    println!("{out:#}");
    Ok(())
}

/// One timed count.
struct Sample {
    count: Duration,
    rank: Duration,
    phases: [(phases::Phase, PhaseTotal); 6],
}

impl Sample {
    fn to_json(&self, strategy: Strategy, threads: usize) -> serde_json::Value {
        let phases: serde_json::Map<_, _> = self
            .phases
            .iter()
            .map(|(phase, total)| {
                let value = serde_json::json!({ "ns": total.nanos, "events": total.events });
                (phase.name().to_string(), value)
            })
            .collect();
        serde_json::json!({
            "strategy": strategy.name(),
            "threads": threads,
            "count_ns": self.count.as_nanos() as u64,
            "rank_ns": self.rank.as_nanos() as u64,
            "phases": phases,
        })
    }
}

/// Counts `text` with `strategy` on `threads` workers, in the blocks
/// `tally count` would stream, then ranks and writes the result to a sink;
/// checks the count against `whole` (a timing of a wrong count is worthless).
fn measure(
    strategy: Strategy,
    text: &str,
    threads: usize,
    whole: &Counts,
) -> Result<Sample, String> {
    let blocks = source::blocks(text.to_owned(), source::stream_block_size(threads));
    phases::take();
    let start = Instant::now();
    let counts = strategy
        .count(blocks, threads)
        .map_err(|e| format!("{}: {e}", strategy.name()))?;
    let count = start.elapsed();
    let phases = phases::take();
    let start = Instant::now();
    report::write(&mut std::io::sink(), &counts, Format::Text, None).map_err(|e| e.to_string())?;
    let rank = start.elapsed();
    if counts != *whole {
        return Err(format!(
            "{} at {threads} threads: wrong count",
            strategy.name()
        ));
    }
    Ok(Sample {
        count,
        rank,
        phases,
    })
}
