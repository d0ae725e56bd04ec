//! tally counts words in two coordination models, message passing and shared
//! memory, and checks with model checkers that every concurrent strategy
//! returns exactly what the sequential count returns.
//!
//! # The pieces
//! - [`words`]: the oracle ([`words::count_words`], the single definition of
//!   correct) and the [`Counts`] map every strategy produces.
//! - [`source`]: reading inputs and cutting them into [`Block`]s at whitespace.
//! - [`strategy`]: the counting strategies, one file each.
//! - [`sync`]: the facade every strategy coordinates through: `std` normally,
//!   `loom` under `--cfg loom`, `shuttle` under `--cfg shuttle`.
//! - [`report`]: the text and JSON outputs.
//!
//! # Example
//! ```
//! use tally::{source, words, Strategy};
//!
//! # // Under `--cfg loom` or `--cfg shuttle` the library's primitives only
//! # // work inside a model; this example is for the std build.
//! # if tally::sync::BACKEND != "std" { return Ok(()); }
//! let text = "the cat saw The dog";
//! let blocks = source::blocks(text.to_owned(), 8);
//! let counts = Strategy::SharedMutex.count(blocks, 2)?;
//! assert_eq!(counts.get("the"), 2);
//! assert_eq!(counts, words::count_words(text).into());
//! # Ok::<(), tally::Error>(())
//! ```
//!
//! # Checking the strategies
//! `cargo xtask test` runs everything: the std suites (proptest equivalence
//! against the oracle, fault injection, CLI) and the loom and shuttle model
//! suites in `model-tests/`. See the README for each backend's command.
#![warn(missing_docs)]
// No unsafe code, except where the bug zoo needs it on purpose: the two
// twins whose bug is a data race on raw cells (`src/broken/mod.rs` allows
// it for those two modules only, each `unsafe` saying why it is unsound).
#![deny(unsafe_code)]

pub mod broken;
pub mod error;
pub mod fault;
pub mod feed;
pub mod report;
pub mod source;
pub mod strategy;
pub mod sync;
pub mod words;

pub use error::Error;
pub use source::Block;
pub use strategy::Strategy;
pub use words::Counts;
