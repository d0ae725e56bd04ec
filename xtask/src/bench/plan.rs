//! What the bench runs on one corpus: every strategy at 1, 2 and 4 threads,
//! the default strategy with no `--strategy` flag at 1 and 2, the baselines
//! of `examples/baseline.rs`, the contention pair (one pinned copy of
//! `tally count --threads 1` alone, then two at once), and on the huge
//! corpora `--top 10` and the shell pipeline. The strategies and the
//! default come from the binary being measured (`tally strategies`,
//! `tally count --help`), never from a list kept here.

use super::timing::{Cmd, Kind};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The thread counts every strategy and threaded baseline runs at.
pub(crate) const THREADS: [usize; 3] = [1, 2, 4];

/// The "2 threads" of the targets.
pub(crate) const TWO: usize = 2;

/// The baselines, as `examples/baseline.rs` names them; `tutorial` is
/// single-threaded.
pub(crate) const BASELINES: [&str; 4] = [
    "tutorial",
    "tutorial-channel",
    "tutorial-mutex",
    "rayon-fold",
];

/// The shell pipeline of target 3, as the reports name it (it runs wholly
/// in the C locale, reading the corpus with `tr -s ' ' '\n' < FILE`).
pub(crate) const PIPELINE: &str = "tr -s ' ' '\\n' | sort | uniq -c | sort -rn";

/// The contention pair's names: one copy of `tally count --threads 1`
/// pinned to one CPU (its reader and worker share it), and two copies at
/// once, each pinned to a CPU of its own ([`contention_cpus`]). The copies
/// share no data and no lock, so how much slower two are than one is what
/// the cores cost each other through the hardware they share (caches,
/// memory bandwidth): no scheduling of threads removes it, and a count at 2
/// threads pays it too.
pub(crate) const ALONE: &str = "one copy alone";
pub(crate) const TWO_AT_ONCE: &str = "two copies at once";

/// The programs measured, and what they say about themselves.
#[derive(Debug, Clone)]
pub(crate) struct Tools {
    pub(crate) tally: PathBuf,
    pub(crate) baseline: PathBuf,
    /// `tally strategies`' first column, in its order.
    pub(crate) strategies: Vec<String>,
    /// The `[default: NAME]` of `--strategy` in `tally count --help`.
    pub(crate) default: String,
    /// Where the contention pair runs ([`contention_cpus`]); no pair if
    /// `None`.
    pub(crate) contention_cpus: Option<(usize, usize)>,
}

impl Tools {
    /// The release builds in `target_dir`, asked for their strategies.
    pub(crate) fn find(target_dir: &Path) -> Result<Tools, String> {
        let tally = target_dir.join("release/tally");
        let baseline = target_dir.join("release/examples/baseline");
        let strategies: Vec<String> = stdout(&tally, &["strategies"])?
            .lines()
            .filter_map(|line| line.split_whitespace().next())
            .map(str::to_owned)
            .collect();
        let default = default_strategy(&stdout(&tally, &["count", "--help"])?)
            .ok_or("`tally count --help` names no `[default: NAME]` for --strategy")?;
        if !strategies.contains(&default) {
            return Err(format!(
                "the default strategy {default:?} is not in `tally strategies`"
            ));
        }
        Ok(Tools {
            tally,
            baseline,
            strategies,
            default,
            contention_cpus: contention_cpus(),
        })
    }

    fn tally(&self, args: &[&str], file: &Path) -> Vec<String> {
        let mut argv = vec![self.tally.display().to_string(), "count".to_owned()];
        argv.extend(args.iter().map(|a| (*a).to_owned()));
        argv.push(file.display().to_string());
        argv
    }

    /// Every command timed on `file`; `huge` adds `--top 10` and the pipeline.
    pub(crate) fn commands(&self, file: &Path, huge: bool) -> Vec<Cmd> {
        let mut cmds = self.scaling(file);
        if let Some(cpus) = self.contention_cpus {
            cmds.extend(self.contention(file, cpus));
        }
        if huge {
            cmds.extend(self.huge(file));
        }
        cmds
    }

    /// Every strategy, the default and the baselines, at every thread count.
    fn scaling(&self, file: &Path) -> Vec<Cmd> {
        let mut cmds = Vec::new();
        for n in THREADS {
            let threads = n.to_string();
            for strategy in &self.strategies {
                cmds.push(Cmd {
                    kind: Kind::Strategy,
                    name: strategy.clone(),
                    threads: Some(n),
                    argv: self.tally(&["--strategy", strategy, "--threads", &threads], file),
                });
            }
            if n <= TWO {
                cmds.push(Cmd {
                    kind: Kind::Default,
                    name: "default".to_owned(),
                    threads: Some(n),
                    argv: self.tally(&["--threads", &threads], file),
                });
            }
            for kind in BASELINES {
                if kind == "tutorial" && n != 1 {
                    continue;
                }
                let mut argv = vec![self.baseline.display().to_string(), kind.to_owned()];
                if kind != "tutorial" {
                    argv.extend(["--threads".to_owned(), threads.clone()]);
                }
                argv.push(file.display().to_string());
                cmds.push(Cmd {
                    kind: Kind::Baseline,
                    name: kind.to_owned(),
                    threads: (kind != "tutorial").then_some(n),
                    argv,
                });
            }
        }
        cmds
    }

    /// The contention pair ([`ALONE`], [`TWO_AT_ONCE`]) on `cpus`, pinned
    /// with `taskset`.
    fn contention(&self, file: &Path, (first, second): (usize, usize)) -> Vec<Cmd> {
        let pinned = |cpu: usize| {
            let mut argv = vec!["taskset".to_owned(), "-c".to_owned(), cpu.to_string()];
            argv.extend(self.tally(&["--threads", "1"], file));
            argv
        };
        let quoted = |argv: Vec<String>| {
            argv.iter()
                .map(|a| shell_quoted(a))
                .collect::<Vec<_>>()
                .join(" ")
        };
        // Fails if either copy does, once both are over.
        let both = format!(
            "{} > /dev/null & first=$!; {} > /dev/null || {{ wait $first; exit 1; }}; wait $first",
            quoted(pinned(first)),
            quoted(pinned(second))
        );
        vec![
            Cmd {
                kind: Kind::Contention,
                name: ALONE.to_owned(),
                threads: None,
                argv: pinned(first),
            },
            Cmd {
                kind: Kind::Contention,
                name: TWO_AT_ONCE.to_owned(),
                threads: None,
                argv: vec!["sh".to_owned(), "-c".to_owned(), both],
            },
        ]
    }

    /// `--top 10` and the shell pipeline, for the huge vocabularies.
    fn huge(&self, file: &Path) -> Vec<Cmd> {
        let line = format!(
            "export LC_ALL=C; tr -s ' ' '\\n' < {} | sort | uniq -c | sort -rn",
            shell_quoted(&file.display().to_string())
        );
        vec![
            Cmd {
                kind: Kind::TopTen,
                name: "default --top 10".to_owned(),
                threads: Some(TWO),
                argv: self.tally(&["--threads", &TWO.to_string(), "--top", "10"], file),
            },
            Cmd {
                kind: Kind::Pipeline,
                name: "tr | sort | uniq -c | sort -rn".to_owned(),
                threads: None,
                argv: vec!["sh".to_owned(), "-c".to_owned(), line],
            },
        ]
    }
}

/// `arg` as one word of a `sh -c` line, whatever it holds.
fn shell_quoted(arg: &str) -> String {
    format!("'{}'", arg.replace('\'', r"'\''"))
}

/// Two CPUs this process may run on, for the contention pair: the first
/// allowed one and the next allowed one that is not its hyperthread sibling
/// (two siblings share a core, which would measure something else), or
/// siblings if nothing else is allowed; `None` with fewer than two CPUs
/// (no pair is measured) or no `/proc`.
fn contention_cpus() -> Option<(usize, usize)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let allowed = status
        .lines()
        .find_map(|line| line.strip_prefix("Cpus_allowed_list:"))
        .and_then(|list| cpu_list(list.trim()))?;
    let (&first, rest) = allowed.split_first()?;
    let siblings = std::fs::read_to_string(format!(
        "/sys/devices/system/cpu/cpu{first}/topology/thread_siblings_list"
    ))
    .ok()
    .and_then(|list| cpu_list(list.trim()))
    .unwrap_or_default();
    let second = rest
        .iter()
        .find(|cpu| !siblings.contains(cpu))
        .or(rest.first())?;
    Some((first, *second))
}

/// A Linux CPU list ("0-3,8,10-11") as the CPUs it names, in order.
fn cpu_list(list: &str) -> Option<Vec<usize>> {
    let mut cpus = Vec::new();
    for range in list.split(',').filter(|r| !r.is_empty()) {
        let (low, high) = range.split_once('-').unwrap_or((range, range));
        cpus.extend(low.trim().parse::<usize>().ok()?..=high.trim().parse::<usize>().ok()?);
    }
    Some(cpus)
}

/// What `program args` prints, or why it could not.
fn stdout(program: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new(program)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", program.display()))?;
    if !output.status.success() {
        return Err(format!(
            "{} {}: {}",
            program.display(),
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    String::from_utf8(output.stdout).map_err(|e| e.to_string())
}

/// The `[default: NAME]` clap prints after `--strategy`'s help.
fn default_strategy(help: &str) -> Option<String> {
    let after = &help[help.find("--strategy")?..];
    let start = after.find("[default: ")? + "[default: ".len();
    let name = &after[start..start + after[start..].find(']')?];
    Some(name.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_strategy_is_read_from_clap_help() {
        let help = "Options:\n  -s, --strategy <STRATEGY>\n          Counting strategy (see `tally strategies`)\n          \n          [default: message-passing]\n\n  -j, --threads <THREADS>\n          Worker threads [default: available parallelism]\n";
        assert_eq!(default_strategy(help).as_deref(), Some("message-passing"));
        let short = "  -s, --strategy <STRATEGY>  Counting strategy [default: sharded]\n  --format <F> [default: text]";
        assert_eq!(default_strategy(short).as_deref(), Some("sharded"));
        assert_eq!(default_strategy("  -j, --threads <N>  [default: 4]"), None);
    }

    #[test]
    fn shell_quoting_keeps_any_argument_one_word() {
        assert_eq!(shell_quoted("a b"), "'a b'");
        assert_eq!(shell_quoted("it's $HOME"), r"'it'\''s $HOME'");
    }

    #[test]
    fn cpu_lists_name_every_cpu_in_their_ranges() {
        assert_eq!(cpu_list("0-1"), Some(vec![0, 1]));
        assert_eq!(cpu_list("0,2-4,7"), Some(vec![0, 2, 3, 4, 7]));
        assert_eq!(cpu_list("3"), Some(vec![3]));
        assert_eq!(cpu_list("0-x"), None);
    }
}
