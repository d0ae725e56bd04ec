//! The `tally` command-line tool. See `tally --help`.
#![deny(unsafe_code)]

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
