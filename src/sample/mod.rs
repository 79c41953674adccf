//! Stage 2, sampling: per-quantity random streams (`rng`), drawing from distributions
//! (`draw`), and the parallel engine that runs a compiled plan over blocks of draws
//! (`engine`).

pub mod draw;
pub mod engine;
pub mod rng;
