//! Command-line parsing and dispatch: `tally`, `tally count`, `tally strategies`.
//!
//! Errors are printed once, here, as `tally: error: ...` on stderr with exit
//! status 1 (clap's usage errors exit 2). A closed stdout (`tally count | head`)
//! is not an error: the runtime ignores SIGPIPE, so the write fails with
//! `BrokenPipe`, and tally exits 0 without a word, as ripgrep does.
//! Ctrl-C is left to the default SIGINT action: the process dies at once,
//! before printing anything (the shell reports status 130).

mod count;
mod demo;
mod progress;

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io;
use std::path::PathBuf;
use std::process::ExitCode;
use tally::Strategy;

/// Count words with threads, and check every strategy against the sequential oracle.
///
/// Run with no command to see every strategy race on an embedded sample.
#[derive(Debug, Parser)]
#[command(name = "tally", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Count the words of files (or stdin) and print `word count` lines.
    Count(CountArgs),
    /// List the counting strategies, one per line: name, then description.
    Strategies,
    /// Count the embedded sample with every strategy at 1, 2 and 4 threads
    /// and check each against the oracle (the default command).
    Demo,
}

#[derive(Debug, Args)]
struct CountArgs {
    /// Files to count; none, or `-`, reads stdin. Each file is a separate
    /// document: no word spans two files.
    paths: Vec<PathBuf>,
    /// Counting strategy (see `tally strategies`).
    #[arg(long, short, default_value = Strategy::FASTEST.name(), value_parser = parse_strategy)]
    strategy: Strategy,
    /// Worker threads [default: available parallelism].
    #[arg(long, short = 'j', value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
    /// Print only the K most frequent words.
    #[arg(long, value_name = "K")]
    top: Option<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    /// Replace invalid UTF-8 with U+FFFD (as `String::from_utf8_lossy`
    /// does) instead of failing; a warning on stderr says how many
    /// sequences of each input were replaced.
    #[arg(long)]
    lossy: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum OutputFormat {
    /// `word count` per line, most frequent first.
    Text,
    /// A JSON array of {"word", "count"} objects, same order.
    Json,
}

fn parse_strategy(name: &str) -> Result<Strategy, String> {
    name.parse()
        .map_err(|e: tally::strategy::UnknownStrategy| e.to_string())
}

/// Runs the CLI and turns the outcome into an exit status.
pub(crate) fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command.unwrap_or(Command::Demo) {
        Command::Count(args) => count::run(args),
        Command::Strategies => list_strategies(),
        Command::Demo => demo::run(),
    };
    match outcome {
        Ok(code) => code,
        Err(e) if is_broken_pipe(e.as_ref()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tally: error: {e}");
            ExitCode::FAILURE
        }
    }
}

type Outcome = Result<ExitCode, Box<dyn std::error::Error>>;

fn list_strategies() -> Outcome {
    let width = Strategy::ALL
        .iter()
        .map(|s| s.name().len())
        .max()
        .unwrap_or(0);
    let mut out = io::stdout().lock();
    for strategy in Strategy::ALL {
        use io::Write;
        writeln!(
            out,
            "{:width$}  {}",
            strategy.name(),
            strategy.description()
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn is_broken_pipe(error: &(dyn std::error::Error + 'static)) -> bool {
    error
        .downcast_ref::<io::Error>()
        .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
}
