//! The benchmark baselines as a program, so that `cargo xtask bench` can
//! time them as whole processes beside `tally count`:
//!
//! ```text
//! cargo run --release --example baseline -- KIND [--threads N] FILE
//! cargo run --release --example baseline -- --list
//! ```
//!
//! KIND is one of `tutorial` (the tutorial's `count_words` verbatim, one
//! thread), `tutorial-channel`, `tutorial-mutex` or `rayon-fold` (see
//! `benches/baselines/mod.rs`). It reads the whole FILE (`-`: stdin), counts
//! it, sorts (count descending, then word in ascending byte order) and prints
//! exactly what `tally count` prints: `word count` per line. `--threads`
//! defaults to the available parallelism, as `tally count`'s does.

#[path = "../benches/baselines/mod.rs"]
mod baselines;

use std::io::{self, BufWriter, Read, Write};
use std::process::ExitCode;

const USAGE: &str =
    "usage: baseline KIND [--threads N] FILE   (KIND: see --list; FILE `-` is stdin)";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::InvalidInput => {
            eprintln!("baseline: {e}\n{USAGE}");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("baseline: error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> io::Result<()> {
    let usage = |why: String| io::Error::new(io::ErrorKind::InvalidInput, why);
    let mut args = std::env::args().skip(1);
    let (mut kind, mut path, mut threads) = (None, None, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--list" => {
                println!("{}", baselines::KINDS.join("\n"));
                return Ok(());
            }
            "--threads" | "-j" => {
                let n = args.next().and_then(|n| n.parse::<usize>().ok());
                threads = Some(
                    n.filter(|&n| n > 0)
                        .ok_or_else(|| usage("--threads takes a number from 1".into()))?,
                );
            }
            _ if kind.is_none() => kind = Some(arg),
            _ if path.is_none() => path = Some(arg),
            _ => return Err(usage(format!("unexpected argument {arg:?}"))),
        }
    }
    let (Some(kind), Some(path)) = (kind, path) else {
        return Err(usage("KIND and FILE are required".into()));
    };
    #[allow(clippy::disallowed_methods)] // a std program on purpose, like the baselines
    let threads =
        threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));

    let text = if path == "-" {
        let mut text = String::new();
        io::stdin().read_to_string(&mut text)?;
        text
    } else {
        std::fs::read_to_string(&path)
            .map_err(|e| io::Error::new(e.kind(), format!("{path}: {e}")))?
    };
    let mut counts = baselines::run(&kind, &text, threads)
        .ok_or_else(|| usage(format!("unknown baseline {kind:?}")))?;
    counts.sort_unstable_by(|(a, m), (b, n)| n.cmp(m).then_with(|| a.cmp(b)));

    let mut out = BufWriter::new(io::stdout().lock());
    for (word, count) in &counts {
        writeln!(out, "{word} {count}")?;
    }
    out.flush()
}

/// The baselines' tests live here, not in their module: the bench (no
/// test harness) would compile them as dead code.
#[cfg(test)]
mod tests {
    use super::baselines::*;
    use std::collections::HashMap;

    /// Unicode whitespace (NBSP, U+3000), a final sigma, `İ` (two chars in
    /// lower case) and `ß` (whose upper case is `SS`).
    const TEXT: &str = "The cat\u{a0}saw THE dog\n ΟΔΟΣ οδος İstanbul\u{3000}straße STRASSE ß \
                        the\tend é É";

    #[test]
    fn every_baseline_counts_what_the_tutorial_counts() {
        let expected = tutorial(TEXT);
        assert_eq!(expected["the"], 3);
        assert_eq!(expected["οδος"], 2);
        for kind in KINDS {
            for threads in 1..=5 {
                let counts: HashMap<String, usize> =
                    run(kind, TEXT, threads).unwrap().into_iter().collect();
                assert_eq!(counts, expected, "{kind} x{threads}");
            }
        }
        assert!(run("no-such-baseline", TEXT, 1).is_none());
    }

    #[test]
    fn pieces_never_split_a_word() {
        for n in 1..=8 {
            let pieces = pieces(TEXT, n);
            assert_eq!(pieces.len(), n);
            assert_eq!(pieces.concat(), TEXT);
            let words: Vec<&str> = pieces.iter().flat_map(|p| p.split_whitespace()).collect();
            assert_eq!(
                words,
                TEXT.split_whitespace().collect::<Vec<_>>(),
                "{n} pieces"
            );
        }
        assert_eq!(pieces("", 3), ["", "", ""]);
    }
}
