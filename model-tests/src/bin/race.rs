//! The race lab's runner, built under `--cfg loom` or `--cfg shuttle` and
//! started by `cargo xtask race` (see `model_tests::race`).
#![deny(unsafe_code)]

use std::process::ExitCode;

fn main() -> ExitCode {
    #[cfg(any(loom, shuttle))]
    return model_tests::race::main(std::env::args().skip(1).collect());
    #[cfg(not(any(loom, shuttle)))]
    {
        eprintln!("race: build with RUSTFLAGS=\"--cfg loom\" or \"--cfg shuttle\" (cargo xtask race does)");
        ExitCode::from(2)
    }
}
