//! The bench's written results: `results.md` (the tables a reader wants:
//! targets, the default-strategy ranking, throughput per corpus), the
//! README's shorter section, and `results.json` (every raw number).

use super::criterion::Estimate;
use super::plan::{ALONE, BASELINES, THREADS, TWO_AT_ONCE};
use super::targets::{self, Ranking, Target, Verdict};
use super::timing::{Kind, Measurement, Sample};
use super::{CorpusRun, Run};
use serde::Serialize;
use std::fmt::Write as _;

/// `docs/bench/results.md`.
pub(crate) fn markdown(
    run: &Run,
    rankings: &[Ranking],
    targets: &[Target],
    criterion: Option<&[Estimate]>,
) -> String {
    let meta = &run.meta;
    let mut md = String::new();
    let _ = writeln!(md, "# tally benchmark results\n");
    if run.quick {
        md.push_str(
            "**A `--quick` smoke run** (a tenth of each corpus, a 200 MB stream): \
             the numbers say that the bench works, not how fast tally is.\n\n",
        );
    }
    let _ = writeln!(
        md,
        "Written by `{}` on {}, commit `{}`, on a machine with \
         {} CPUs (nproc) and {} of memory (MemTotal); load average {} before, {} after.\n",
        meta.command(),
        meta.date,
        meta.commit,
        meta.nproc,
        meta.memory,
        meta.load_before,
        meta.load_after
    );
    let _ = writeln!(
        md,
        "Each time is a whole process's wall time (reading the file, counting, \
         sorting, printing to /dev/null), the median of {} paired runs: each \
         round runs every command of a corpus once, in the same order. MB/s is \
         the input's size in 10^6 bytes over that median. A ratio between two \
         commands is the median of their ratios round by round. The default \
         strategy, from `tally count --help`, is `{}`. Raw numbers: \
         `results.json`; plot: `throughput.svg`.\n",
        meta.runs, run.tools.default
    );
    if !run.quick && meta.runs < 5 {
        md.push_str("**Fewer than 5 runs**: the targets ask for medians of at least 5.\n\n");
    }
    if !meta.peak_rss {
        md.push_str("No `/usr/bin/time` on this machine: no peak RSS was measured.\n\n");
    }

    md.push_str("## Targets\n\n");
    md.push_str(&targets_table(targets));
    md.push_str(
        "\nTarget 2 (1.7x) is judged on the corpora with fewer than 3 M distinct words; \
         on the others target 3 sets 1.6x. The shell pipeline runs wholly in the C \
         locale (`export LC_ALL=C`), its fastest form. The memory target takes the \
         largest peak RSS of any run of the default strategy at 1 and 2 threads.\n\n",
    );

    md.push_str("## What two cores cost each other\n\n");
    md.push_str(&contention_table(run));
    md.push_str(
        "\nOne copy of `tally count --threads 1` pinned to one CPU with `taskset` (its reader \
         and its worker share it), against two such copies at once, each on a CPU of its \
         own that is not the other's hyperthread sibling where the machine allows (the \
         command lines are in `results.json`). The copies share no data and no lock, so \
         how much longer the two take is what the cores cost each other through the \
         hardware they share (caches, memory bandwidth). A count at 2 threads pays that \
         too, so 2 over the factor roughly bounds its speedup over one thread; roughly, \
         because a count at 1 thread also reads on the second CPU, and one at 2 threads \
         shares its input and its reader.\n\n",
    );

    md.push_str(&ranking_section(run, rankings));

    md.push_str("## Corpora\n\n| corpus | size | words | distinct words | mean distinct word | what |\n|---|--:|--:|--:|--:|---|\n");
    for c in &run.corpora {
        let _ = writeln!(
            md,
            "| {} | {:.1} MB | {} | {} | {:.1} B | {} |",
            c.corpus.name,
            c.corpus.bytes as f64 / 1e6,
            c.stats.words,
            c.stats.distinct,
            c.stats.mean_word_bytes(),
            c.corpus.what
        );
    }
    md.push('\n');

    md.push_str(
        "## Throughput\n\nMB/s, then in brackets how many times faster than `tutorial` \
         (the tutorial's `count_words` verbatim, one thread, same rounds). `default` is \
         `tally count` without `--strategy`.\n\n",
    );
    for c in &run.corpora {
        md.push_str(&corpus_table(run, c));
    }

    if let Some(stream) = &run.stream {
        let _ = writeln!(md, "## Streaming\n\n`{}`\n", stream.command);
        match &stream.sample {
            Ok(Sample {
                wall_s,
                peak_rss_kib,
            }) => {
                let _ = writeln!(
                    md,
                    "{:.1} s, {:.0} MB/s; tally's peak RSS {}.\n",
                    wall_s,
                    stream.bytes as f64 / 1e6 / wall_s,
                    peak_rss_kib.map_or("not measured".to_owned(), |k| format!(
                        "{:.1} MiB",
                        k as f64 / 1024.0
                    ))
                );
            }
            Err(e) => {
                let _ = writeln!(md, "Failed: {e}\n");
            }
        }
    }

    if let Some(estimates) = criterion {
        md.push_str(&criterion_section(run, estimates));
    }
    md.push_str("![throughput against threads](throughput.svg)\n");
    md
}

/// The targets as a Markdown table.
pub(crate) fn targets_table(targets: &[Target]) -> String {
    let mut md =
        String::from("| # | target | measured | threshold | verdict |\n|---|---|---|---|---|\n");
    for t in targets {
        let verdict = match &t.verdict {
            Verdict::Pass => "PASS".to_owned(),
            Verdict::Fail => "**FAIL**".to_owned(),
            Verdict::NotJudged(why) => format!("not judged ({why})"),
        };
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {verdict} |",
            t.id,
            table_cell(&t.what),
            table_cell(&t.measured),
            t.threshold
        );
    }
    md
}

fn ranking_section(run: &Run, rankings: &[Ranking]) -> String {
    let mut md = String::new();
    let last = rankings.last().expect("a ranking per thread count");
    let _ = writeln!(
        md,
        "## Which strategy should be the default\n\nThe rule: the best geometric mean of \
         MB/s across the corpora, at the most threads measured ({}). The machine has {} \
         CPUs.\n",
        last.threads, run.meta.nproc
    );
    let mut header = String::from("| strategy |");
    let mut rule = String::from("|---|");
    for c in &run.corpora {
        let _ = write!(header, " {} |", c.corpus.name);
        rule.push_str("--:|");
    }
    for r in rankings {
        let _ = write!(header, " geomean, {} thr |", r.threads);
        rule.push_str("--:|");
    }
    let _ = writeln!(md, "{header}\n{rule}");
    let fmt = |x: Option<f64>| x.map_or("failed".to_owned(), |x| format!("{x:.1}"));
    for row in &last.rows {
        let mut line = format!("| `{}`{} |", row.strategy, default_mark(run, &row.strategy));
        for x in &row.mb_s {
            let _ = write!(line, " {} |", fmt(*x));
        }
        for r in rankings {
            let g = r
                .rows
                .iter()
                .find(|o| o.strategy == row.strategy)
                .and_then(|o| o.geomean);
            if r.threads == last.threads {
                let _ = write!(line, " **{}** |", fmt(g));
            } else {
                let _ = write!(line, " {} |", fmt(g));
            }
        }
        let _ = writeln!(md, "{line}");
    }
    let best = &last.rows[0].strategy;
    let _ = writeln!(
        md,
        "\nBest at {} threads: `{best}`, {}.\n",
        last.threads,
        if *best == run.tools.default {
            "the current default".to_owned()
        } else {
            format!("not the current default (`{}`)", run.tools.default)
        }
    );
    md
}

fn default_mark(run: &Run, strategy: &str) -> &'static str {
    if strategy == run.tools.default {
        " (default)"
    } else {
        ""
    }
}

/// One corpus's table: a row per strategy and baseline, a column per
/// thread count; then the corpus's other commands.
fn corpus_table(run: &Run, c: &CorpusRun) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "### {} ({:.1} MB, {} distinct words)\n",
        c.corpus.name,
        c.corpus.bytes as f64 / 1e6,
        c.stats.distinct
    );
    md.push_str("| command |");
    for n in THREADS {
        let _ = write!(md, " {n} thread{} |", if n == 1 { "" } else { "s" });
    }
    md.push_str("\n|---|");
    md.push_str(&"--:|".repeat(THREADS.len()));
    md.push('\n');
    let cell = |m: Option<&Measurement>| match m {
        None => String::new(),
        Some(m) if !m.ok() => "failed".to_owned(),
        Some(m) => format!(
            "{:.1} ({})",
            c.mb_s(m).unwrap_or(f64::NAN),
            c.vs_tutorial(m)
                .map_or("?".to_owned(), |x| format!("{x:.2}x"))
        ),
    };
    let mut rows: Vec<(String, Kind, &str)> = run
        .tools
        .strategies
        .iter()
        .map(|s| {
            (
                format!("`{s}`{}", default_mark(run, s)),
                Kind::Strategy,
                s.as_str(),
            )
        })
        .collect();
    rows.push((
        "`default` (no `--strategy`)".to_owned(),
        Kind::Default,
        "default",
    ));
    rows.extend(
        BASELINES
            .iter()
            .map(|b| (format!("baseline `{b}`"), Kind::Baseline, *b)),
    );
    for (label, kind, name) in rows {
        let _ = write!(md, "| {label} |");
        for n in THREADS {
            let threads = if name == "tutorial" { None } else { Some(n) };
            let m = if name == "tutorial" && n != 1 {
                None
            } else {
                c.get(kind, name, threads)
            };
            let _ = write!(md, " {} |", cell(m));
        }
        md.push('\n');
    }
    for m in c
        .measurements
        .iter()
        .filter(|m| matches!(m.cmd.kind, Kind::TopTen | Kind::Pipeline))
    {
        let label = match m.cmd.kind {
            Kind::TopTen => "`default --top 10`".to_owned(),
            _ => format!("`LC_ALL=C {}`", super::plan::PIPELINE),
        };
        let label = table_cell(&label);
        let _ = write!(md, "| {label} |");
        for n in THREADS {
            let here = m.cmd.threads.unwrap_or(1) == n;
            let _ = write!(
                md,
                " {} |",
                if here { cell(Some(m)) } else { String::new() }
            );
        }
        md.push('\n');
    }
    let failures: Vec<&Measurement> = c
        .measurements
        .iter()
        .filter(|m| m.error.is_some())
        .collect();
    for m in failures {
        let _ = writeln!(
            md,
            "\nFailed: `{}`: {}",
            m.cmd.line(),
            m.error.as_deref().unwrap_or("")
        );
    }
    md.push('\n');
    md
}

fn criterion_section(run: &Run, estimates: &[Estimate]) -> String {
    let mut md = String::from(
        "## criterion (in-process)\n\n`cargo bench --bench strategies` on the same corpora: \
         counting only, the text already in memory and cut into blocks. Median MB/s.\n\n",
    );
    for c in &run.corpora {
        let _ = writeln!(md, "### {}\n", c.corpus.name);
        md.push_str("| name |");
        for n in THREADS {
            let _ = write!(md, " {n} |");
        }
        md.push_str("\n|---|");
        md.push_str(&"--:|".repeat(THREADS.len()));
        md.push('\n');
        let names = run
            .tools
            .strategies
            .iter()
            .map(String::as_str)
            .chain(BASELINES);
        for name in names {
            let _ = write!(md, "| `{name}` |");
            for n in THREADS {
                let e = estimates
                    .iter()
                    .find(|e| e.corpus == c.corpus.name && e.name == name && e.threads == n);
                let _ = write!(
                    md,
                    " {} |",
                    e.map_or(String::new(), |e| format!("{:.1}", e.mb_s))
                );
            }
            md.push('\n');
        }
        md.push('\n');
    }
    md
}

/// The contention pair per corpus ([`targets::contention`]).
fn contention_table(run: &Run) -> String {
    let mut md = String::from(
        "| corpus | one copy alone | two copies at once | at once ÷ alone | 2 ÷ that (2-thread ceiling) |\n|---|--:|--:|--:|--:|\n",
    );
    for c in &run.corpora {
        let median = |name| match c.get(Kind::Contention, name, None) {
            None => "not measured (fewer than two CPUs)".to_owned(),
            Some(m) => m
                .median_s()
                .map_or("failed".to_owned(), |s| format!("{s:.3} s")),
        };
        let factor = targets::contention(c);
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} |",
            c.corpus.name,
            median(ALONE),
            median(TWO_AT_ONCE),
            factor.map_or("?".to_owned(), |x| format!("{x:.2}x")),
            factor.map_or("?".to_owned(), |x| format!("{:.2}x", 2.0 / x)),
        );
    }
    md
}

/// What README.md shows between `<!-- bench -->` and `<!-- /bench -->`.
pub(crate) fn readme_section(run: &Run, rankings: &[Ranking], targets: &[Target]) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "`{}`, {}, commit `{}`, {} CPUs; whole-process medians of {} paired runs. \
         Every table, and how each number is taken: [docs/bench/results.md](docs/bench/results.md).\n",
        run.meta.command(),
        run.meta.date,
        run.meta.commit,
        run.meta.nproc,
        run.meta.runs
    );
    md.push_str(&targets_table(targets));
    md.push_str(
        "\nWhat two cores cost each other here, with no data or lock shared: two pinned copies \
         of `tally count --threads 1` at once against one alone (2 over that factor roughly \
         bounds what a second thread can gain):\n\n",
    );
    md.push_str(&contention_table(run));
    let last = rankings.last().expect("a ranking per thread count");
    md.push_str("\n| strategy | geometric mean of MB/s across the corpora |\n|---|--:|\n");
    for row in &last.rows {
        let _ = writeln!(
            md,
            "| `{}`{} | {} |",
            row.strategy,
            default_mark(run, &row.strategy),
            row.geomean
                .map_or("failed".to_owned(), |g| format!("{g:.1}"))
        );
    }
    let _ = writeln!(
        md,
        "\n(at {} threads.) Throughput against threads, one line per strategy, baselines dashed:\n\n\
         ![throughput against threads](docs/bench/throughput.svg)\n",
        last.threads
    );
    md
}

#[derive(Serialize)]
struct JsonRun<'a> {
    meta: &'a super::Meta,
    default_strategy: &'a str,
    strategies: &'a [String],
    corpora: Vec<JsonCorpus<'a>>,
    stream: Option<&'a super::Stream>,
    targets: &'a [Target],
    rankings: &'a [Ranking],
    criterion: Option<&'a [Estimate]>,
}

#[derive(Serialize)]
struct JsonCorpus<'a> {
    name: &'a str,
    path: String,
    bytes: u64,
    what: &'a str,
    huge: bool,
    stats: super::Stats,
    measurements: Vec<JsonMeasurement<'a>>,
}

#[derive(Serialize)]
struct JsonMeasurement<'a> {
    kind: Kind,
    name: &'a str,
    threads: Option<usize>,
    command: String,
    runs: &'a [Sample],
    median_s: Option<f64>,
    mb_s: Option<f64>,
    vs_tutorial: Option<f64>,
    error: Option<&'a str>,
}

/// `docs/bench/results.json`: every run of every command.
pub(crate) fn json(
    run: &Run,
    rankings: &[Ranking],
    targets: &[Target],
    criterion: Option<&[Estimate]>,
) -> String {
    let corpora = run
        .corpora
        .iter()
        .map(|c| JsonCorpus {
            name: &c.corpus.name,
            path: c.corpus.path.display().to_string(),
            bytes: c.corpus.bytes,
            what: &c.corpus.what,
            huge: c.corpus.huge,
            stats: c.stats,
            measurements: c
                .measurements
                .iter()
                .map(|m| JsonMeasurement {
                    kind: m.cmd.kind,
                    name: &m.cmd.name,
                    threads: m.cmd.threads,
                    command: m.cmd.line(),
                    runs: &m.samples,
                    median_s: m.median_s(),
                    mb_s: c.mb_s(m),
                    vs_tutorial: c.vs_tutorial(m),
                    error: m.error.as_deref(),
                })
                .collect(),
        })
        .collect();
    let doc = JsonRun {
        meta: &run.meta,
        default_strategy: &run.tools.default,
        strategies: &run.tools.strategies,
        corpora,
        stream: run.stream.as_ref(),
        targets,
        rankings,
        criterion,
    };
    let mut text = serde_json::to_string_pretty(&doc).expect("plain data serialises");
    text.push('\n');
    text
}

/// `text` made safe for a Markdown table cell: GitHub splits cells at
/// every `|`, even inside code.
fn table_cell(text: &str) -> String {
    text.replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::{fake, targets};

    #[test]
    fn the_reports_hold_every_command_and_escape_table_pipes() {
        // 10 MB/s a thread; the median round is 2% slow.
        let run = fake::run(|_, n| 10.0 * n as f64);
        let rankings = targets::rankings(&run);
        let verdicts = targets::judge(&run, &rankings);
        let md = markdown(&run, &rankings, &verdicts, None);
        assert!(md.contains("### zipf-huge"), "{md}");
        assert!(
            md.contains(r"`LC_ALL=C tr -s ' ' '\n' \| sort \| uniq -c \| sort -rn`"),
            "{md}"
        );
        assert!(
            md.contains(
                "| `message-passing` (default) | 9.8 (1.00x) | 19.6 (2.00x) | 39.2 (4.00x) |"
            ),
            "{md}"
        );
        for line in md.lines().filter(|l| l.starts_with("| ")) {
            let cells = line.replace(r"\|", "").matches('|').count();
            let header = if line.contains("target") { 6 } else { cells };
            assert_eq!(cells, header, "{line}");
        }
        let contention = "| kjv10 | 4.080 s | 5.100 s | 1.25x | 1.60x |";
        assert!(md.contains(contention), "{md}");
        let readme = readme_section(&run, &rankings, &verdicts);
        assert!(readme.contains("](docs/bench/throughput.svg)"));
        assert!(
            readme.starts_with("`cargo xtask bench`, today,"),
            "{readme}"
        );
        let mut nine = fake::run(|_, n| 10.0 * n as f64);
        nine.meta.runs = 9;
        assert!(readme_section(&nine, &rankings, &verdicts)
            .starts_with("`cargo xtask bench --runs 9`, "));
        assert!(readme.contains(contention), "{readme}");
        let json: serde_json::Value =
            serde_json::from_str(&json(&run, &rankings, &verdicts, None)).unwrap();
        assert_eq!(
            json["corpora"][1]["measurements"].as_array().unwrap().len(),
            run.corpora[1].measurements.len()
        );
        let svg = crate::bench::plot::svg(&run).unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("message-passing (default)"));
    }
}
