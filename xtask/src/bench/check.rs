//! Before anything is timed: every command the bench times must print
//! exactly what the tutorial's `count_words` prints (`examples/baseline.rs
//! tutorial`), on a small corpus cut from the real ones (`--top 10`: its
//! first ten lines; `tally count -` reading the file from stdin too). A
//! difference stops the bench, naming the command and the first line that
//! differs: a fast wrong answer has no throughput. Here too: what each
//! corpus holds (words, distinct words, their bytes), for the targets.

use super::corpus::Corpus;
use super::plan::{Tools, BASELINES};
use super::timing::Kind;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// How much of each corpus the check corpus takes.
const SLICE: usize = 256 * 1024;

/// What a corpus holds, counted the tutorial's way.
#[derive(Debug, Clone, Copy, Serialize)]
pub(crate) struct Stats {
    pub(crate) words: u64,
    pub(crate) distinct: u64,
    /// The distinct words' own bytes, lowercased, added up.
    pub(crate) distinct_bytes: u64,
}

impl Stats {
    pub(crate) fn mean_word_bytes(&self) -> f64 {
        self.distinct_bytes as f64 / self.distinct.max(1) as f64
    }
}

/// Counts `corpus` with the tutorial baseline.
pub(crate) fn stats(tools: &Tools, corpus: &Corpus) -> Result<Stats, String> {
    let out = capture(&baseline_argv(tools, "tutorial", &corpus.path), None)?;
    let mut stats = Stats {
        words: 0,
        distinct: 0,
        distinct_bytes: 0,
    };
    for line in out.lines() {
        let (word, count) = line
            .rsplit_once(' ')
            .ok_or_else(|| format!("not `word count`: {line:?}"))?;
        stats.words += count.parse::<u64>().map_err(|e| format!("{line:?}: {e}"))?;
        stats.distinct += 1;
        stats.distinct_bytes += word.len() as u64;
    }
    Ok(stats)
}

/// Writes the check corpus: the first `SLICE` bytes of each corpus, cut
/// after a line, one after the other.
pub(crate) fn write_sample(corpora: &[Corpus], path: &Path) -> Result<(), String> {
    let mut sample = Vec::new();
    for corpus in corpora {
        let text =
            std::fs::read(&corpus.path).map_err(|e| format!("{}: {e}", corpus.path.display()))?;
        let head = &text[..text.len().min(SLICE)];
        let end = head
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(head.len(), |i| i + 1);
        sample.extend_from_slice(&head[..end]);
    }
    std::fs::write(path, sample).map_err(|e| format!("{}: {e}", path.display()))
}

/// Runs every command of the plan on `file` and compares its output with
/// the tutorial's; the differences, if any.
pub(crate) fn run(tools: &Tools, file: &Path) -> Result<(), String> {
    let expected = capture(&baseline_argv(tools, "tutorial", file), None)?;
    if expected.lines().count() < 1000 {
        return Err(format!(
            "the check corpus {} has too few words",
            file.display()
        ));
    }
    let top_ten: String = expected.lines().take(10).flat_map(|l| [l, "\n"]).collect();
    let mut cmds = tools.commands(file, true);
    let mut failures = Vec::new();
    // The pipeline counts other words (no lowercasing, only spaces split):
    // it need only count something.
    for cmd in cmds.iter().filter(|cmd| cmd.kind == Kind::Pipeline) {
        match capture(&cmd.argv, None) {
            Ok(out) if out.lines().count() >= 1000 => {}
            Ok(out) => failures.push(format!(
                "{}: only {} lines",
                cmd.line(),
                out.lines().count()
            )),
            Err(e) => failures.push(format!("{}: {e}", cmd.line())),
        }
    }
    // The contention pair runs `tally count --threads 1`, checked as the
    // default at one thread, and the copies at once print to /dev/null.
    cmds.retain(|cmd| !matches!(cmd.kind, Kind::Pipeline | Kind::Contention));
    for cmd in &cmds {
        let want = if cmd.kind == Kind::TopTen {
            &top_ten
        } else {
            &expected
        };
        if let Some(why) = compare(capture(&cmd.argv, None), want) {
            failures.push(format!("{}: {why}", cmd.line()));
        }
    }
    let stdin_argv = vec![
        tools.tally.display().to_string(),
        "count".to_owned(),
        "-".to_owned(),
    ];
    if let Some(why) = compare(capture(&stdin_argv, Some(file)), &expected) {
        failures.push(format!(
            "{} < {}: {why}",
            stdin_argv.join(" "),
            file.display()
        ));
    }
    eprintln!(
        "bench: check: {} commands on {} ({} distinct words): {}",
        cmds.len() + 1,
        file.display(),
        expected.lines().count(),
        if failures.is_empty() {
            "all agree"
        } else {
            "DIFFERENCES"
        }
    );
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "these commands do not print what the tutorial's count_words prints:\n  {}",
            failures.join("\n  ")
        ))
    }
}

/// Why `got` is not `want` (the first differing line), or `None`.
fn compare(got: Result<String, String>, want: &str) -> Option<String> {
    let got = match got {
        Ok(got) if got == want => return None,
        Ok(got) => got,
        Err(e) => return Some(e),
    };
    let mut lines = got.lines().zip(want.lines()).enumerate();
    match lines.find(|(_, (g, w))| g != w) {
        Some((i, (g, w))) => Some(format!("line {}: {g:?}, expected {w:?}", i + 1)),
        None => Some(format!(
            "{} lines, expected {}",
            got.lines().count(),
            want.lines().count()
        )),
    }
}

fn baseline_argv(tools: &Tools, kind: &str, file: &Path) -> Vec<String> {
    debug_assert!(BASELINES.contains(&kind));
    vec![
        tools.baseline.display().to_string(),
        kind.to_owned(),
        file.display().to_string(),
    ]
}

/// What `argv` prints (stdin from `stdin`, if given), or why it failed.
fn capture(argv: &[String], stdin: Option<&Path>) -> Result<String, String> {
    let mut command = Command::new(&argv[0]);
    command.args(&argv[1..]);
    command.stdin(match stdin {
        Some(path) => std::fs::File::open(path)
            .map_err(|e| format!("{}: {e}", path.display()))?
            .into(),
        None => Stdio::null(),
    });
    let output = command
        .output()
        .map_err(|e| format!("cannot run {}: {e}", argv[0]))?;
    if !output.status.success() {
        return Err(format!(
            "{} ({})",
            String::from_utf8_lossy(&output.stderr).trim(),
            output.status
        ));
    }
    String::from_utf8(output.stdout).map_err(|e| format!("output is not UTF-8: {e}"))
}

/// The check corpus's path: beside the corpora.
pub(crate) fn sample_path(dir: &Path) -> PathBuf {
    dir.join("check.txt")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_difference_is_told_by_its_first_line() {
        let want = "the 3\nand 2\n";
        assert_eq!(compare(Ok(want.to_owned()), want), None);
        assert_eq!(
            compare(Ok("the 3\nAnd 2\n".to_owned()), want).unwrap(),
            r#"line 2: "And 2", expected "and 2""#
        );
        assert_eq!(
            compare(Ok("the 3\n".to_owned()), want).unwrap(),
            "1 lines, expected 2"
        );
        assert_eq!(compare(Err("boom".to_owned()), want).unwrap(), "boom");
    }
}
