//! `sroi`: social return on investment (SROI) with honest uncertainty.
//!
//! The pipeline, one folder per stage, each importing only from the stages before it:
//!
//! 1. `model`: a TOML model (or scenario) read as written with its spans, checked and
//!    resolved into a checked model, then compiled into a flat plan of registers and
//!    instructions that carries the SROI Guide's arithmetic.
//! 2. `sample`: name-keyed random streams, drawing from distributions, and the parallel
//!    engine that runs the plan over blocks of draws.
//! 3. `analysis`: summaries and exact percentiles, a run's report, comparisons on the same
//!    draws, sensitivity.
//! 4. `report`: every output format, and where output goes.
//!
//! `error` (every stage's errors) and `width` (the processor's vector instructions, for
//! which the hot loops are compiled) sit beside them; `cli` and `main.rs` are the thin
//! command-line edge.

pub mod analysis;
pub mod cli;
pub mod error;
pub mod model;
pub mod report;
pub mod sample;
pub mod width;
