//! The std-backend integration tests, one binary (`suite/mod.rs` is the index).
//!
//! Under `--cfg loom` or `--cfg shuttle` the library's primitives only work
//! inside a model, so these tests compile out; the model suites live in
//! `model-tests/`.
#![cfg(not(any(loom, shuttle)))]
#![deny(unsafe_code)]

mod suite;
