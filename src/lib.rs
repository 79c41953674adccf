//! `sroi`: social return on investment (SROI) with honest uncertainty.
//!
//! The pipeline, one module per stage: a TOML model is read as written (`model`),
//! checked and resolved (`compile`), flattened into registers and instructions (`plan`),
//! sampled in parallel with name-keyed random streams (`rng`, `dist`, `engine`) using the
//! SROI Guide's arithmetic (`sroi`), summarised (`stats`, `summary`) and rendered
//! (`report`). `cli` and `main.rs` are the thin command-line edge.

pub mod check;
pub mod cli;
pub mod compare;
pub mod correlation;
pub mod error;
pub mod model;
pub mod output;
pub mod report;
pub mod roots;
pub mod sample;
pub mod sensitivity;
pub mod stats;
pub mod summary;
