//! The `tally` command-line tool. See `tally --help`.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
