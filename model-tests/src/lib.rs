//! Shared pieces of the loom and shuttle suites: the models (which texts each
//! worker counts) and the outcome bookkeeping.
