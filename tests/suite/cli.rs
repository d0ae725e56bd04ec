//! `tally` the command: every behaviour a user can see, run as a real process.
//!
//! Expected outputs are never copied from the program: every count is rebuilt
//! here from the oracle, [`tally::words::count_words`], and formatted by this
//! file's own [`expected_report`]. Big outputs are compared with
//! [`assert_same_lines`], which shows the first differing line instead of
//! dumping megabytes.

use super::checked::Checked;
use super::gen;
use assert_cmd::Command;
use predicates::prelude::*;
use std::cmp::Reverse;
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use tally::words::count_words;
use tally::Strategy;
use tempfile::TempDir;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// A fresh `tally` command.
fn tally() -> Command {
    Command::cargo_bin("tally").expect("the tally binary is built for integration tests")
}

/// Runs `cmd`, asserts it succeeded with nothing on stderr, and returns stdout.
fn stdout_of(cmd: &mut Command, what: &str) -> String {
    let output = cmd.output().expect("tally runs");
    assert!(
        output.status.success(),
        "{what}: tally failed with {}; stderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.stderr.is_empty(),
        "{what}: unexpected stderr:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap_or_else(|e| panic!("{what}: stdout is not UTF-8: {e}"))
}

/// The oracle's count of several documents, each counted on its own (a word
/// never spans two documents), merged.
fn oracle_of_documents(documents: &[&str]) -> HashMap<String, usize> {
    let mut total = HashMap::new();
    for document in documents {
        for (word, n) in count_words(document) {
            *total.entry(word).or_insert(0) += n;
        }
    }
    total
}

/// The report order, built independently of `Counts::sorted`: count
/// descending, ties by word in ascending byte order.
fn sorted_entries(counts: &HashMap<String, usize>) -> Vec<(&str, usize)> {
    let mut entries: Vec<_> = counts.iter().map(|(w, &n)| (w.as_str(), n)).collect();
    entries.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| a.0.as_bytes().cmp(b.0.as_bytes()))
    });
    entries
}

/// The text report for `counts`: `word count` lines, one space between.
fn expected_report(counts: &HashMap<String, usize>, top: Option<usize>) -> String {
    let entries = sorted_entries(counts);
    let keep = top.unwrap_or(entries.len());
    let mut out = String::new();
    for (word, n) in entries.into_iter().take(keep) {
        writeln!(out, "{word} {n}").unwrap();
    }
    out
}

/// Shows a line so that invisible chars (NBSP, ZWSP, ...) are visible.
fn visible(line: Option<&str>) -> String {
    match line {
        Some(line) => format!("{line:?}"),
        None => "<end of output>".to_owned(),
    }
}

/// Asserts `got == expected`; when they differ, panics with the first
/// differing line and a few lines of context from both sides, not the whole
/// (possibly megabytes long) outputs.
#[track_caller]
fn assert_same_lines(expected: &str, got: &str, what: &str) {
    if expected == got {
        return;
    }
    let expected_lines: Vec<&str> = expected.lines().collect();
    let got_lines: Vec<&str> = got.lines().collect();
    let first = (0..)
        .find(|&i| expected_lines.get(i) != got_lines.get(i))
        .expect("outputs differ, so some line differs");
    let mut message = format!(
        "{what}: output differs from the oracle's\n\
         expected {} lines ({} bytes), got {} lines ({} bytes)\n\
         first difference at line {}:\n",
        expected_lines.len(),
        expected.len(),
        got_lines.len(),
        got.len(),
        first + 1
    );
    let from = first.saturating_sub(2);
    for i in from..first + 3 {
        if i >= expected_lines.len() && i >= got_lines.len() {
            break;
        }
        let marker = if i == first { ">" } else { " " };
        writeln!(
            message,
            "{marker} {:>7} | expected {:<40} | got {}",
            i + 1,
            visible(expected_lines.get(i).copied()),
            visible(got_lines.get(i).copied())
        )
        .unwrap();
    }
    if first >= expected_lines.len().min(got_lines.len()) && expected_lines.len() == got_lines.len()
    {
        message.push_str("(the lines are equal; the outputs differ in a trailing newline)\n");
    }
    panic!("{message}");
}

/// Writes `contents` to `name` in `dir` and returns its path.
fn write_file(dir: &TempDir, name: &str, contents: impl AsRef<[u8]>) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, contents).expect("write test input");
    path
}

/// Says on the test's stderr that part of a test was skipped, and why.
/// Straight to the stderr handle: libtest captures `println!` and
/// `eprintln!` of a passing test, and a skip must not pass silently.
fn skipped(why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED {why}");
}

/// Big enough that every thread count cuts it into many blocks (blocks are
/// at least 16 KiB and at most a quarter of a worker's share).
const BIG_INPUT_BYTES: usize = 3 * 1024 * 1024;

// ---------------------------------------------------------------------------
// `tally` (the demo)
// ---------------------------------------------------------------------------

/// Checks the demo table: a header, then exactly one row per strategy and
/// thread count (1, 2, 4), each ending in `yes`.
fn assert_demo_table(stdout: &str) {
    let mut lines = stdout.lines();
    let header = lines
        .by_ref()
        .find(|line| line.contains("strategy"))
        .unwrap_or_else(|| panic!("no header line with `strategy`:\n{stdout}"));
    for column in ["strategy", "threads", "words/s", "matches oracle"] {
        assert!(
            header.contains(column),
            "header lacks {column:?}: {header:?}"
        );
    }
    let rows: Vec<&str> = lines.take_while(|line| !line.trim().is_empty()).collect();
    let mut seen = BTreeSet::new();
    for row in &rows {
        let fields: Vec<&str> = row.split_whitespace().collect();
        assert!(fields.len() >= 5, "short row: {row:?}");
        let strategy: Strategy = fields[0]
            .parse()
            .unwrap_or_else(|e| panic!("row names no strategy ({e}): {row:?}"));
        let threads: usize = fields[1]
            .parse()
            .unwrap_or_else(|e| panic!("row has no thread count ({e}): {row:?}"));
        let words_per_sec: f64 = fields[3]
            .parse()
            .unwrap_or_else(|e| panic!("row has no words/s ({e}): {row:?}"));
        assert!(words_per_sec > 0.0, "words/s not positive: {row:?}");
        assert!(
            row.trim_end().ends_with("yes"),
            "row does not match the oracle: {row:?}"
        );
        assert!(
            seen.insert((strategy.name(), threads)),
            "duplicate row: {row:?}"
        );
    }
    let expected: BTreeSet<_> = Strategy::ALL
        .iter()
        .flat_map(|s| [1, 2, 4].map(|t| (s.name(), t)))
        .collect();
    assert_eq!(seen, expected, "demo rows, as (strategy, threads)");
}

#[test]
fn no_arguments_runs_the_demo_and_every_row_matches_the_oracle() {
    let stdout = stdout_of(&mut tally(), "tally");
    assert_demo_table(&stdout);
}

#[test]
fn demo_command_prints_the_same_table() {
    let stdout = stdout_of(tally().arg("demo"), "tally demo");
    assert_demo_table(&stdout);
}

// ---------------------------------------------------------------------------
// `tally strategies`, `--help`
// ---------------------------------------------------------------------------

#[test]
fn strategies_lists_each_name_then_a_description() {
    let stdout = stdout_of(tally().arg("strategies"), "tally strategies");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines.len(),
        Strategy::ALL.len(),
        "one line per strategy:\n{stdout}"
    );
    for (line, strategy) in lines.iter().zip(Strategy::ALL) {
        let rest = line
            .strip_prefix(strategy.name())
            .unwrap_or_else(|| panic!("line does not start with {:?}: {line:?}", strategy.name()));
        assert!(
            rest.starts_with(char::is_whitespace),
            "no whitespace after the name: {line:?}"
        );
        assert!(!rest.trim().is_empty(), "empty description: {line:?}");
    }
}

#[test]
fn help_names_the_commands() {
    tally()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("count").and(predicate::str::contains("strategies")));
}

// ---------------------------------------------------------------------------
// `tally count`: the counts
// ---------------------------------------------------------------------------

#[test]
fn count_matches_the_oracle_for_every_strategy_and_thread_count() {
    let dir = TempDir::new().unwrap();
    let text = gen::corpus(BIG_INPUT_BYTES, 0x7a11);
    let path = write_file(&dir, "big.txt", &text);
    let expected = expected_report(&count_words(&text), None);
    assert!(
        expected.lines().count() > 1000,
        "the corpus should have a large vocabulary"
    );
    let mut checked = Checked::new("tally count equals the oracle");
    for strategy in Strategy::ALL {
        for threads in [1, 2, 3, 8] {
            let what = format!("count --strategy {strategy} --threads {threads}");
            let got = stdout_of(
                tally()
                    .arg("count")
                    .arg("--strategy")
                    .arg(strategy.name())
                    .arg("--threads")
                    .arg(threads.to_string())
                    .arg(&path),
                &what,
            );
            assert_same_lines(&expected, &got, &what);
            checked.ran(strategy);
        }
    }
    checked.assert_every_strategy();
}

#[test]
fn count_with_default_strategy_and_threads_matches_the_oracle() {
    let dir = TempDir::new().unwrap();
    let text = gen::corpus(BIG_INPUT_BYTES, 0xdefa);
    let path = write_file(&dir, "big.txt", &text);
    let got = stdout_of(tally().arg("count").arg(&path), "count");
    assert_same_lines(&expected_report(&count_words(&text), None), &got, "count");
}

#[test]
fn short_flags_select_strategy_and_threads() {
    let dir = TempDir::new().unwrap();
    let text = gen::corpus(200 * 1024, 5);
    let path = write_file(&dir, "input.txt", &text);
    let expected = expected_report(&count_words(&text), None);
    for strategy in Strategy::ALL {
        let what = format!("count -s {strategy} -j 3");
        let got = stdout_of(
            tally()
                .args(["count", "-s", strategy.name(), "-j", "3"])
                .arg(&path),
            &what,
        );
        assert_same_lines(&expected, &got, &what);
    }
}

#[test]
fn unicode_whitespace_splits_words_and_zero_width_space_does_not() {
    // Each of these splits: NBSP, NEL, ideographic space, vertical tab.
    // The zero-width space and the BOM do not.
    let text = "Foo\u{a0}foo\u{85}FOO\u{3000}foo\u{b}x\u{200b}y x y \u{feff}Foo ΟΔΟΣ οδοσ İ ẞ";
    let got = stdout_of(tally().arg("count").write_stdin(text), "count");
    assert_same_lines(&expected_report(&count_words(text), None), &got, "count");
    // Spelled out, so a wrong oracle would be caught too.
    for line in [
        "foo 4",
        "x\u{200b}y 1",
        "x 1",
        "y 1",
        "\u{feff}foo 1",
        "οδος 1",
        "ß 1",
    ] {
        assert!(
            got.lines().any(|l| l == line),
            "missing line {line:?} in {got:?}"
        );
    }
    assert!(
        got.lines().any(|l| l == "i\u{307} 1"),
        "İ lowercases to i + U+0307: {got:?}"
    );
}

#[test]
fn output_lines_are_word_space_count_sorted_by_count_then_bytes() {
    // Ties broken by byte order: uppercase input is lowercased first, and
    // "é" (0xC3 0xA9) sorts after "z".
    let text = "b a B é z c c c Z e\u{301}";
    let got = stdout_of(tally().arg("count").write_stdin(text), "count");
    assert_same_lines(&expected_report(&count_words(text), None), &got, "count");
    let mut previous: Option<(String, usize)> = None;
    for line in got.lines() {
        let (word, count) = line
            .split_once(' ')
            .unwrap_or_else(|| panic!("no space in {line:?}"));
        assert!(
            !word.is_empty() && !count.contains(' '),
            "one space only: {line:?}"
        );
        let count: usize = count.parse().expect("count is a number");
        if let Some((prev_word, prev_count)) = &previous {
            // Strictly increasing in (count descending, word bytes ascending).
            assert!(
                (Reverse(*prev_count), prev_word.as_bytes()) < (Reverse(count), word.as_bytes()),
                "out of order: {prev_word:?} {prev_count} then {word:?} {count}"
            );
        }
        previous = Some((word.to_owned(), count));
    }
}

// ---------------------------------------------------------------------------
// Inputs: stdin, several files
// ---------------------------------------------------------------------------

#[test]
fn no_path_reads_stdin() {
    let text = gen::corpus(300 * 1024, 11);
    let got = stdout_of(
        tally().arg("count").write_stdin(text.clone()),
        "count < stdin",
    );
    assert_same_lines(
        &expected_report(&count_words(&text), None),
        &got,
        "count < stdin",
    );
}

#[test]
fn dash_reads_stdin() {
    let text = gen::corpus(300 * 1024, 12);
    let got = stdout_of(
        tally().args(["count", "-"]).write_stdin(text.clone()),
        "count - < stdin",
    );
    assert_same_lines(&expected_report(&count_words(&text), None), &got, "count -");
}

#[test]
fn dash_among_files_reads_stdin_as_one_more_document() {
    let dir = TempDir::new().unwrap();
    let a = write_file(&dir, "a.txt", "alpha beta");
    let b = write_file(&dir, "b.txt", "gamma alpha");
    let stdin = "beta gamma";
    let got = stdout_of(
        tally()
            .arg("count")
            .arg(&a)
            .arg("-")
            .arg(&b)
            .write_stdin(stdin),
        "count a - b",
    );
    let expected = expected_report(
        &oracle_of_documents(&["alpha beta", stdin, "gamma alpha"]),
        None,
    );
    assert_same_lines(&expected, &got, "count a - b");
}

#[test]
fn a_word_never_joins_across_two_files() {
    let dir = TempDir::new().unwrap();
    // No newline at the end of a.txt, no whitespace at the start of b.txt.
    let a = write_file(&dir, "a.txt", "x foo");
    let b = write_file(&dir, "b.txt", "bar y");
    let c = write_file(&dir, "c.txt", "foo");
    for strategy in Strategy::ALL {
        let what = format!("count --strategy {strategy} a b c");
        let got = stdout_of(
            tally()
                .args(["count", "--strategy", strategy.name()])
                .arg(&a)
                .arg(&b)
                .arg(&c),
            &what,
        );
        let expected = expected_report(&oracle_of_documents(&["x foo", "bar y", "foo"]), None);
        assert_same_lines(&expected, &got, &what);
        assert!(!got.contains("foobar"), "{what}: words joined: {got:?}");
        assert!(got.lines().any(|l| l == "foo 2"), "{what}: {got:?}");
        assert!(got.lines().any(|l| l == "bar 1"), "{what}: {got:?}");
    }
}

#[test]
fn big_files_cut_mid_word_count_as_separate_documents() {
    let dir = TempDir::new().unwrap();
    let text = gen::corpus(BIG_INPUT_BYTES, 0xf11e5);
    // Cut in the middle of words: after a non-whitespace char that is
    // followed by another.
    let mid_word_cut = |near: usize| {
        (near..text.len())
            .find(|&i| {
                text.is_char_boundary(i)
                    && !text[..i].ends_with(char::is_whitespace)
                    && text[i..].starts_with(|c: char| !c.is_whitespace())
            })
            .expect("a word to cut")
    };
    let (first, second) = (
        mid_word_cut(text.len() / 3),
        mid_word_cut(2 * text.len() / 3),
    );
    let parts = [&text[..first], &text[first..second], &text[second..]];
    let paths: Vec<_> = parts
        .iter()
        .enumerate()
        .map(|(i, part)| write_file(&dir, &format!("part{i}.txt"), part))
        .collect();
    let expected = expected_report(&oracle_of_documents(&parts), None);
    assert_ne!(
        expected,
        expected_report(&count_words(&text), None),
        "the cuts should split words"
    );
    for strategy in Strategy::ALL {
        let what = format!("count --strategy {strategy} --threads 4 part0 part1 part2");
        let got = stdout_of(
            tally()
                .args(["count", "--strategy", strategy.name(), "--threads", "4"])
                .args(&paths),
            &what,
        );
        assert_same_lines(&expected, &got, &what);
    }
}

// ---------------------------------------------------------------------------
// `--top`, `--format json`
// ---------------------------------------------------------------------------

#[test]
fn top_keeps_the_first_k_lines() {
    let dir = TempDir::new().unwrap();
    // Over 2 MiB: three blocks or more, so that at 3 threads the default
    // strategy finds the first K across its workers' unmerged counts.
    let text = gen::corpus(2560 * 1024, 21);
    let path = write_file(&dir, "input.txt", &text);
    let counts = count_words(&text);
    for threads in ["1", "3"] {
        for k in [0, 1, 7, 100, counts.len(), counts.len() + 10, usize::MAX] {
            let what = format!("count --threads {threads} --top {k}");
            let got = stdout_of(
                tally()
                    .args(["count", "--threads", threads, "--top", &k.to_string()])
                    .arg(&path),
                &what,
            );
            assert_same_lines(&expected_report(&counts, Some(k)), &got, &what);
        }
    }
}

/// Parses a JSON report into (word, count) pairs, checking its shape.
fn parse_json_report(stdout: &str) -> Vec<(String, usize)> {
    let value: serde_json::Value = serde_json::from_str(stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {:?}",
            &stdout[..stdout.len().min(200)]
        )
    });
    let array = value.as_array().expect("a JSON array");
    array
        .iter()
        .map(|entry| {
            let object = entry.as_object().expect("each entry is an object");
            assert_eq!(object.len(), 2, "only word and count: {entry}");
            let word = object["word"].as_str().expect("word is a string");
            let count = object["count"].as_u64().expect("count is a number");
            (word.to_owned(), usize::try_from(count).unwrap())
        })
        .collect()
}

#[test]
fn json_format_is_an_array_of_word_and_count_in_report_order() {
    let dir = TempDir::new().unwrap();
    let text = gen::corpus(500 * 1024, 31);
    let path = write_file(&dir, "input.txt", &text);
    let counts = count_words(&text);
    let expected: Vec<(String, usize)> = sorted_entries(&counts)
        .into_iter()
        .map(|(w, n)| (w.to_owned(), n))
        .collect();
    for strategy in Strategy::ALL {
        let what = format!("count --format json --strategy {strategy}");
        let got = stdout_of(
            tally()
                .args(["count", "--format", "json", "--strategy", strategy.name()])
                .arg(&path),
            &what,
        );
        assert!(got.ends_with('\n'), "{what}: JSON ends with a newline");
        let got = parse_json_report(&got);
        if got != expected {
            let first = (0..).find(|&i| got.get(i) != expected.get(i)).unwrap();
            panic!(
                "{what}: entry {first} differs: expected {:?}, got {:?} ({} vs {} entries)",
                expected.get(first),
                got.get(first),
                expected.len(),
                got.len()
            );
        }
    }
}

#[test]
fn json_format_with_top_keeps_the_first_k_entries() {
    let text = "c b a b c c ΟΔΟΣ οδος";
    let stdout = stdout_of(
        tally()
            .args(["count", "--format", "json", "--top", "2"])
            .write_stdin(text),
        "count --format json --top 2",
    );
    let expected: Vec<(String, usize)> = sorted_entries(&count_words(text))
        .into_iter()
        .take(2)
        .map(|(w, n)| (w.to_owned(), n))
        .collect();
    assert_eq!(parse_json_report(&stdout), expected);
}

// ---------------------------------------------------------------------------
// Empty input
// ---------------------------------------------------------------------------

#[test]
fn empty_or_whitespace_only_input_prints_nothing() {
    let dir = TempDir::new().unwrap();
    let empty = write_file(&dir, "empty.txt", "");
    let blank = write_file(&dir, "blank.txt", " \n\t\u{a0}\u{85}\u{3000}\u{b}\r\n  ");
    for path in [&empty, &blank] {
        tally()
            .arg("count")
            .arg(path)
            .assert()
            .success()
            .stdout("")
            .stderr("");
        tally()
            .args(["count", "--format", "text"])
            .arg(path)
            .assert()
            .success()
            .stdout("");
    }
    tally()
        .arg("count")
        .arg(&empty)
        .arg(&blank)
        .assert()
        .success()
        .stdout("");
    tally()
        .arg("count")
        .write_stdin("")
        .assert()
        .success()
        .stdout("");
    tally()
        .arg("count")
        .write_stdin("\u{2028}  \u{3000}")
        .assert()
        .success()
        .stdout("");
}

#[test]
fn empty_input_as_json_is_an_empty_array() {
    let stdout = stdout_of(
        tally()
            .args(["count", "--format", "json"])
            .write_stdin(" \n"),
        "count --format json",
    );
    assert!(parse_json_report(&stdout).is_empty(), "{stdout:?}");
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

#[test]
fn missing_path_is_named_and_fails() {
    let dir = TempDir::new().unwrap();
    let missing = dir.path().join("no-such-file.txt");
    tally()
        .arg("count")
        .arg(&missing)
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            predicate::str::starts_with(format!(
                "tally: error: cannot read {}: ",
                missing.display()
            ))
            .and(predicate::str::contains("No such file")),
        );
}

#[test]
fn unreadable_file_is_named_and_fails() {
    // A file that opens but fails to read is unreadable for everyone, root
    // included: `/proc/self/mem` (the reader's own memory) fails at offset
    // 0 with EIO.
    let mem = std::path::Path::new("/proc/self/mem");
    assert!(
        std::fs::read(mem).is_err(),
        "this platform reads /proc/self/mem; the test needs another unreadable file"
    );
    tally()
        .arg("count")
        .arg(mem)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "tally: error: cannot read /proc/self/mem: ",
        ));

    // Mode 000, where permissions deny reading: not for root (tests often
    // run as root), so the row is skipped there, saying why.
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new().unwrap();
    let path = write_file(&dir, "secret.txt", "hidden words");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        skipped(
            "unreadable_file_is_named_and_fails, mode 000: this user reads a mode-000 file \
             (root?); /proc/self/mem above was the unreadable file",
        );
        return;
    }
    tally()
        .arg("count")
        .arg(&path)
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            predicate::str::starts_with(format!("tally: error: cannot read {}: ", path.display()))
                .and(predicate::str::contains("Permission denied")),
        );
}

#[test]
fn directory_is_named_as_a_directory_and_fails() {
    let dir = TempDir::new().unwrap();
    tally()
        .arg("count")
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            predicate::str::contains(dir.path().display().to_string())
                .and(predicate::str::contains("is a directory")),
        );
}

/// Asserts `stderr` names `path` and has `offset` as a number of its own.
#[track_caller]
fn assert_names_path_and_offset(stderr: &str, path: &str, offset: usize) {
    assert!(
        stderr.contains(path),
        "stderr does not name {path:?}: {stderr:?}"
    );
    let numbers: Vec<&str> = stderr
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .collect();
    assert!(
        numbers.contains(&offset.to_string().as_str()),
        "stderr does not give the offset {offset}: {stderr:?}"
    );
    assert!(
        stderr.contains("UTF-8"),
        "stderr does not say UTF-8: {stderr:?}"
    );
}

#[test]
fn invalid_utf8_names_the_file_and_the_first_bad_byte_offset() {
    let dir = TempDir::new().unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        // A stray continuation byte after multi-byte text.
        (
            "stray.txt",
            [&b"h\xc3\xa9llo \xce\x9f\xce\x94 "[..], b"\xa9 tail"].concat(),
        ),
        // A lead byte followed by ASCII.
        ("lead.txt", b"abc \xe2\x82(".to_vec()),
        // A sequence cut off by the end of the file.
        ("truncated.txt", b"abc def \xf0\x9f\x98".to_vec()),
        // Bad byte deep in a big file, past the first blocks.
        ("deep.txt", {
            let mut bytes = gen::corpus(1024 * 1024, 41).into_bytes();
            bytes.push(0xff);
            bytes.extend_from_slice(b" more words");
            bytes
        }),
    ];
    for (name, bytes) in cases {
        let offset = std::str::from_utf8(&bytes)
            .expect_err("the case is invalid UTF-8")
            .valid_up_to();
        let path = write_file(&dir, name, &bytes);
        let output = tally().arg("count").arg(&path).output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{name}: exit status");
        assert!(output.stdout.is_empty(), "{name}: stdout not empty");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_names_path_and_offset(&stderr, &path.display().to_string(), offset);
    }
}

#[test]
fn invalid_utf8_on_stdin_names_stdin_and_the_offset() {
    let output = tally()
        .arg("count")
        .write_stdin(&b"ok ok \x80"[..])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert_names_path_and_offset(&String::from_utf8_lossy(&output.stderr), "-", 6);
}

#[test]
fn bad_path_after_good_ones_prints_nothing_on_stdout() {
    let dir = TempDir::new().unwrap();
    let good1 = write_file(&dir, "good1.txt", gen::corpus(100 * 1024, 51));
    let good2 = write_file(&dir, "good2.txt", "some good words");
    let missing = dir.path().join("missing.txt");
    let bad_utf8 = write_file(&dir, "bad.txt", b"fine \xff");
    for bad in [&missing, &bad_utf8, &dir.path().to_path_buf()] {
        for format in ["text", "json"] {
            tally()
                .args(["count", "--format", format])
                .arg(&good1)
                .arg(&good2)
                .arg(bad)
                .assert()
                .code(1)
                .stdout("")
                .stderr(predicate::str::contains(bad.display().to_string()));
        }
    }
}

#[test]
fn unknown_strategy_is_a_usage_error_listing_the_strategies() {
    let dir = TempDir::new().unwrap();
    let path = write_file(&dir, "input.txt", "some words");
    let output = tally()
        .args(["count", "--strategy", "no-such-strategy"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "clap usage errors exit 2");
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no-such-strategy"), "{stderr}");
    for strategy in Strategy::ALL {
        assert!(
            stderr.contains(strategy.name()),
            "{} not listed: {stderr}",
            strategy.name()
        );
    }
}

#[test]
fn zero_threads_is_rejected() {
    let dir = TempDir::new().unwrap();
    let path = write_file(&dir, "input.txt", "some words");
    // `--threads=-1`: with a space, clap would take `-1` for a flag.
    for threads in ["0", "-1", "many", "65536"] {
        tally()
            .arg("count")
            .arg(format!("--threads={threads}"))
            .arg(&path)
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains("--threads"));
    }
    tally()
        .args(["count", "-j", "0"])
        .arg(&path)
        .assert()
        .code(2)
        .stdout("");
}

#[test]
fn unknown_format_is_rejected() {
    tally()
        .args(["count", "--format", "xml"])
        .write_stdin("words")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("xml"));
}

// ---------------------------------------------------------------------------
// A closed stdout
// ---------------------------------------------------------------------------

#[test]
fn closed_stdout_is_not_an_error() {
    // About 2 MB of output, far more than a pipe buffers, so tally is still
    // writing when the reader goes away (as in `tally count | head -1`).
    let dir = TempDir::new().unwrap();
    let mut text = String::new();
    for i in 0..200_000 {
        write!(text, "w{i} ").unwrap();
    }
    let path = write_file(&dir, "many.txt", &text);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("tally"))
        .arg("count")
        .arg(&path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert!(first.ends_with(" 1\n"), "first line: {first:?}");
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "status {} after stdout closed; stderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.stderr.is_empty(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

// ---------------------------------------------------------------------------
// Bad input: the rest of the matrix (README, "Bad input"). Rows 1 to 4 and
// 10 are the error and closed-stdout tests above.
// ---------------------------------------------------------------------------

/// The warning `--lossy` prints for `path` when it replaced `n` sequences.
fn lossy_warning(path: &str, n: usize) -> String {
    let sequences = if n == 1 { "sequence" } else { "sequences" };
    format!("tally: warning: {path}: replaced {n} invalid UTF-8 {sequences} with U+FFFD\n")
}

/// How many invalid sequences `from_utf8_lossy` replaces in `bytes`,
/// counted from its output: each U+FFFD the input did not hold itself.
fn replacements(bytes: &[u8]) -> usize {
    let literal = bytes
        .windows(3)
        .filter(|w| *w == "\u{fffd}".as_bytes())
        .count();
    String::from_utf8_lossy(bytes).matches('\u{fffd}').count() - literal
}

/// `prefix`, padded with words to exactly `at` bytes, then `tail`: puts
/// `tail`'s first byte at offset `at`, such as a read boundary.
fn bytes_with_tail_at(at: usize, tail: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(at + tail.len());
    let mut i = 0;
    while bytes.len() + 12 < at {
        bytes.extend_from_slice(format!("pad{i} ").as_bytes());
        i += 1;
    }
    bytes.resize(at, b'x');
    bytes.extend_from_slice(tail);
    bytes
}

#[test]
fn invalid_utf8_across_a_read_boundary_is_reported_at_its_offset_in_the_input() {
    // `--threads 2` reads blocks of `stream_block_size(2)` bytes: a
    // truncated sequence and a valid char straddle the first boundary, the
    // invalid one first (offset below the boundary) or second (above it).
    let dir = TempDir::new().unwrap();
    let boundary = tally::source::stream_block_size(2);
    let cases = [
        (
            "before.txt",
            bytes_with_tail_at(boundary - 1, b"\xe2\x82( tail"),
        ),
        (
            "after.txt",
            bytes_with_tail_at(
                boundary - 2,
                &[
                    "\u{3000}w\u{fffd}\u{e9}".as_bytes(),
                    b"\xf0\x9f\x98 x\xc3 end",
                ]
                .concat(),
            ),
        ),
    ];
    for (name, bytes) in cases {
        let offset = std::str::from_utf8(&bytes).unwrap_err().valid_up_to();
        let path = write_file(&dir, name, &bytes);
        let output = tally()
            .args(["count", "--threads", "2"])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{name}: exit status");
        assert!(output.stdout.is_empty(), "{name}: stdout not empty");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.starts_with("tally: error: "), "{name}: {stderr}");
        assert_names_path_and_offset(&stderr, &path.display().to_string(), offset);
    }
}

#[test]
fn lossy_replaces_invalid_utf8_as_from_utf8_lossy_does_and_says_how_many() {
    let dir = TempDir::new().unwrap();
    let boundary = tally::source::stream_block_size(2);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("one.txt", b"caf\xe9 cafe".to_vec()),
        (
            "many.txt",
            b"ok \xff \xc0\xaf \xed\xa0\x80 \xf4\x90\x80\x80 Ok\xe2\x82(ok \xf0\x9f\x98".to_vec(),
        ),
        // An invalid sequence cut by the first read boundary, then more
        // after it: replaced as in the whole input, not twice.
        (
            "boundary.txt",
            bytes_with_tail_at(boundary - 2, b"\xf0\x9f\x98 \xe3\x80\x80\x80 word\xff"),
        ),
        // U+FFFD already in the input is not a replacement.
        ("own.txt", "a \u{fffd} b \u{fffd}".as_bytes().to_vec()),
    ];
    for (name, bytes) in cases {
        let path = write_file(&dir, name, &bytes);
        let lossy = String::from_utf8_lossy(&bytes);
        let expected = expected_report(&count_words(&lossy), None);
        let n = replacements(&bytes);
        let warning = if n == 0 {
            String::new()
        } else {
            lossy_warning(&path.display().to_string(), n)
        };
        for strategy in [Strategy::FASTEST, Strategy::Sequential] {
            let what = format!("count --lossy --strategy {strategy} --threads 2 {name}");
            let output = tally()
                .args(["count", "--lossy", "--threads", "2", "--strategy"])
                .arg(strategy.name())
                .arg(&path)
                .output()
                .unwrap();
            assert_eq!(output.status.code(), Some(0), "{what}: exit status");
            assert_eq!(String::from_utf8_lossy(&output.stderr), warning, "{what}");
            assert_same_lines(&expected, &String::from_utf8(output.stdout).unwrap(), &what);
        }
    }
    // From stdin, stdin is named `-`, as in errors.
    let bytes = b"x\xff x \x80\x80";
    tally()
        .args(["count", "--lossy"])
        .write_stdin(&bytes[..])
        .assert()
        .code(0)
        .stdout(expected_report(
            &count_words(&String::from_utf8_lossy(bytes)),
            None,
        ))
        .stderr(lossy_warning("-", replacements(bytes)));
}

#[test]
fn lossy_does_not_hide_other_errors() {
    let dir = TempDir::new().unwrap();
    let bad = write_file(&dir, "bad.txt", b"fine \xff");
    let missing = dir.path().join("missing.txt");
    // The warning for bad.txt is not printed either: the run failed.
    tally()
        .args(["count", "--lossy"])
        .arg(&bad)
        .arg(&missing)
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            predicate::str::starts_with(format!(
                "tally: error: cannot read {}: ",
                missing.display()
            ))
            .and(predicate::str::contains("warning").not()),
        );
}

#[test]
fn a_file_without_a_final_newline_counts_its_last_word() {
    let dir = TempDir::new().unwrap();
    let big = gen::corpus(BIG_INPUT_BYTES, 0x6e6c);
    let big = format!("{} Lastword", big.trim_end());
    let small = "alpha beta Alpha\nGamma";
    for (name, text) in [("small.txt", small), ("big.txt", big.as_str())] {
        assert!(!text.ends_with(char::is_whitespace));
        let path = write_file(&dir, name, text);
        let expected = expected_report(&count_words(text), None);
        let last = count_words(text)
            .get(
                &text
                    .rsplit(char::is_whitespace)
                    .next()
                    .unwrap()
                    .to_lowercase(),
            )
            .copied()
            .unwrap();
        for strategy in Strategy::ALL {
            let what = format!("count --strategy {strategy} --threads 2 {name}");
            let got = stdout_of(
                tally()
                    .args(["count", "--threads", "2", "--strategy", strategy.name()])
                    .arg(&path),
                &what,
            );
            assert_same_lines(&expected, &got, &what);
            let last_word = text.rsplit(char::is_whitespace).next().unwrap();
            let line = format!("{} {last}", last_word.to_lowercase());
            assert!(got.lines().any(|l| l == line), "{what}: no {line:?}");
        }
    }
}

/// Size of the one-word input: 200 MiB.
const HUGE_WORD_BYTES: usize = 200 * 1024 * 1024;

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "200 MiB through a debug build is slow: runs in the release step (`cargo xtask std`)"
)]
fn a_single_200_mib_word_counts_once() {
    let dir = TempDir::new().unwrap();
    let pattern = b"abcdefghijklmnopqrstuvwxyz0123456789\0\xc3\xa9";
    let word: Vec<u8> = pattern
        .iter()
        .copied()
        .cycle()
        .take(HUGE_WORD_BYTES)
        .collect();
    // Cut after a whole pattern, so the word is valid UTF-8 (é is 2 bytes).
    let word = &word[..word.len() - word.len() % pattern.len()];
    let input = write_file(&dir, "word.txt", [word, b"\n"].concat());
    let report = dir.path().join("report.txt");
    // At most 1.5 GiB of address space: the word is held a few times
    // (its block, the map's copy), not once per read.
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 1572864 && exec \"$0\" count --threads 2 \"$1\" >\"$2\"")
        .arg(assert_cmd::cargo::cargo_bin("tally"))
        .arg(&input)
        .arg(&report)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stderr.is_empty(), "{:?}", output.stderr);
    let got = std::fs::read(&report).unwrap();
    assert_eq!(
        got.len(),
        word.len() + b" 1\n".len(),
        "one line: the word, then 1"
    );
    assert!(got[..word.len()] == *word, "the word came back changed");
    assert_eq!(&got[word.len()..], b" 1\n");
}

#[test]
fn nul_bytes_stay_inside_words() {
    // NUL is not whitespace: `a\0b` is one word, a lone NUL is a word.
    let text = "a\0b A\0B \0 x\0 \0y a b";
    let expected = expected_report(&count_words(text), None);
    for line in ["a\0b 2", "\0 1", "x\0 1", "\0y 1", "a 1", "b 1"] {
        assert!(expected.lines().any(|l| l == line), "oracle: {line:?}");
    }
    for strategy in Strategy::ALL {
        let what = format!("count --strategy {strategy} (NUL bytes)");
        let got = stdout_of(
            tally()
                .args(["count", "--threads", "3", "--strategy", strategy.name()])
                .write_stdin(text),
            &what,
        );
        assert_same_lines(&expected, &got, &what);
    }
}

/// Distinct words in the vocabulary test.
const DISTINCT_WORDS: usize = 10_000_000;

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "ten million words through a debug build are slow: runs in the release step (`cargo xtask std`)"
)]
fn ten_million_distinct_words_each_count_once() {
    let dir = TempDir::new().unwrap();
    // `i * STEP mod N` visits every i once (STEP and N are coprime), so the
    // words come in no sorted order.
    const STEP: usize = 7_654_321;
    let mut text = String::with_capacity(DISTINCT_WORDS * 10);
    for i in 0..DISTINCT_WORDS {
        let n = i * STEP % DISTINCT_WORDS;
        // Every third word in capitals: `W12` is counted as `w12`.
        let w = if n.is_multiple_of(3) { 'W' } else { 'w' };
        writeln!(text, "{w}{n}").unwrap();
    }
    let input = write_file(&dir, "words.txt", &text);
    drop(text);
    let report = dir.path().join("report.txt");
    let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("tally"))
        .args(["count", "--threads", "2"])
        .arg(&input)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&report).unwrap())
        .status()
        .unwrap();
    assert!(status.success(), "{status}");
    let mut seen = vec![false; DISTINCT_WORDS];
    let mut lines = 0;
    let mut previous = String::new();
    for line in BufReader::new(std::fs::File::open(&report).unwrap()).lines() {
        let line = line.unwrap();
        let word = line
            .strip_suffix(" 1")
            .unwrap_or_else(|| panic!("not counted once: {line:?}"));
        let n: usize = word
            .strip_prefix('w')
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("not a generated word: {line:?}"));
        assert!(!std::mem::replace(&mut seen[n], true), "twice: {line:?}");
        // All counts are 1, so the order is by bytes alone.
        assert!(
            previous.as_str() < word,
            "out of order: {previous:?} then {word:?}"
        );
        previous = word.to_owned();
        lines += 1;
    }
    assert_eq!(lines, DISTINCT_WORDS, "distinct lines");
}

#[test]
fn head_closing_the_pipe_exits_quietly() {
    // The shell's `tally count big | head -1`: head reads one line and
    // exits, and tally's next write fails with EPIPE (Rust ignores SIGPIPE).
    let dir = TempDir::new().unwrap();
    let mut text = String::new();
    for i in 0..200_000 {
        write!(text, "w{i} ").unwrap();
    }
    text.push_str("w7 w7");
    let path = write_file(&dir, "many.txt", &text);
    let first = expected_report(&count_words(&text), Some(1));
    let output = std::process::Command::new("bash")
        .arg("-c")
        .arg("\"$0\" count \"$1\" | head -1; echo \"tally exited ${PIPESTATUS[0]}\" >&2")
        .arg(assert_cmd::cargo::cargo_bin("tally"))
        .arg(&path)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stdout), first);
    // Nothing from tally on stderr, no panic: only the status line.
    assert_eq!(String::from_utf8_lossy(&output.stderr), "tally exited 0\n");
}

/// Whether this process ignores SIGINT (Linux, through /proc), as every
/// command started with `&` by a non-interactive shell does: a child then
/// inherits the ignoring, and no SIGINT can stop it.
fn sigint_is_ignored() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let mask = status
                .lines()
                .find_map(|line| line.strip_prefix("SigIgn:"))?;
            u64::from_str_radix(mask.trim(), 16).ok()
        })
        .is_some_and(|ignored| ignored & 1 << (2 - 1) != 0)
}

#[test]
fn ctrl_c_during_a_long_count_exits_at_once_printing_nothing() {
    use std::io::{Read, Write};
    use std::os::unix::process::ExitStatusExt;
    if sigint_is_ignored() {
        // Found when the suite was started in the background (`cmd &`):
        // tally inherited the ignoring and counted on for a minute.
        skipped(
            "ctrl_c_during_a_long_count_exits_at_once_printing_nothing: this process ignores \
             SIGINT (started with `&` by a shell?), and tally would inherit that",
        );
        return;
    }
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("tally"))
        .args(["count", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Far more than a pipe buffers: once written, tally is reading and
    // counting, and stdin stays open, so the count would never end.
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(gen::corpus(4 * 1024 * 1024, 0xc7c).as_bytes())
        .unwrap();
    let pid = child.id().to_string();
    // Should SIGINT not end it, this ends it (and fails the test below).
    let mut watchdog = std::process::Command::new("sh")
        .arg("-c")
        .arg("sleep 60; kill -KILL \"$0\"")
        .arg(&pid)
        .spawn()
        .unwrap();
    let sent = std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap();
    assert!(sent.success(), "kill -INT {pid}");
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    child
        .stdout
        .take()
        .unwrap()
        .read_to_end(&mut stdout)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_end(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    let _ = watchdog.kill();
    let _ = watchdog.wait();
    drop(stdin);
    assert!(
        status.signal() == Some(2) || status.code() == Some(130),
        "tally did not stop on SIGINT: {status}"
    );
    assert!(
        stdout.is_empty(),
        "a count was printed: {} bytes",
        stdout.len()
    );
    assert!(
        stderr.is_empty(),
        "stderr: {}",
        String::from_utf8_lossy(&stderr)
    );
}

#[test]
fn closed_stdin_is_an_error_and_empty_stdin_an_empty_count() {
    // Empty stdin, as a pipe or as `< /dev/null`: an empty count.
    tally()
        .args(["count", "-"])
        .write_stdin("")
        .assert()
        .code(0)
        .stdout("")
        .stderr("");
    let null = std::process::Command::new(assert_cmd::cargo::cargo_bin("tally"))
        .arg("count")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(null.status.code(), Some(0));
    assert!(null.stdout.is_empty() && null.stderr.is_empty(), "{null:?}");
    if !cfg!(target_os = "linux") {
        skipped("closed stdin: detected only on Linux (through /proc)");
        return;
    }
    // fd 0 closed: an error, not an empty count; with `-` or no path.
    for script in [
        "exec \"$0\" count - <&-",
        "exec \"$0\" count <&-",
        "exec \"$0\" count --lossy \"$1\" - <&-",
    ] {
        let dir = TempDir::new().unwrap();
        let good = write_file(&dir, "good.txt", "good words");
        let output = std::process::Command::new("sh")
            .arg("-c")
            .arg(script)
            .arg(assert_cmd::cargo::cargo_bin("tally"))
            .arg(&good)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{script}");
        assert!(output.stdout.is_empty(), "{script}: {output:?}");
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            "tally: error: cannot read -: stdin is closed (give a file, or pipe the input in)\n",
            "{script}"
        );
    }
}

#[test]
fn far_more_threads_than_blocks_count_exactly_in_every_strategy() {
    let dir = TempDir::new().unwrap();
    let text = "one Two one";
    let path = write_file(&dir, "three.txt", text);
    let expected = expected_report(&count_words(text), None);
    let mut checked = Checked::new("--threads 64 on three words");
    for strategy in Strategy::ALL {
        for threads in ["64", "1000"] {
            let what = format!("count --strategy {strategy} --threads {threads}");
            let got = stdout_of(
                tally()
                    .args(["count", "--threads", threads, "--strategy", strategy.name()])
                    .arg(&path),
                &what,
            );
            assert_same_lines(&expected, &got, &what);
        }
        checked.ran(strategy);
    }
    checked.assert_every_strategy();
}
