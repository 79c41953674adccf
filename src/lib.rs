//! `sroi`: social return on investment (SROI) with honest uncertainty.
//!
//! The pipeline, one module per stage: a TOML model is read as written (`model`),
//! checked and resolved (`compile`), flattened into registers and instructions (`plan`),
//! sampled in parallel with name-keyed random streams (`rng`, `dist`, `engine`) using the
//! SROI Guide's arithmetic (`sroi`), summarised (`stats`, `summary`) and rendered
//! (`report`). `cli` and `main.rs` are the thin command-line edge.

pub mod analysis;
pub mod check;
pub mod cli;
pub mod error;
pub mod model;
pub mod output;
pub mod report;
pub mod sample;
