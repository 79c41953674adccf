//! Stage 2, sampling: per-quantity random streams (`rng`), drawing from distributions
//! (`draw`), and the parallel engine that runs a compiled plan over blocks of draws
//! (`engine`), and the same draws row by row in draw order for exports (`stream`); the
//! uniforms behind the draws are plain random or a Latin hypercube per block (`lhs`).

pub mod draw;
pub mod engine;
pub mod lhs;
pub mod rng;
pub mod stream;
