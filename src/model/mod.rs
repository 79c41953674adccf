//! Stage 1, the model: a TOML file as written (`raw`, `scenario`), read from disk
//! (`load`), its expressions parsed (`expr`), then checked and compiled (`compile`).
//!
//! Nothing here samples or summarises; later stages import from here, never the reverse.

pub mod checked;
pub mod compile;
pub mod dist;
pub mod expr;
pub mod interval;
pub mod load;
pub mod plan;
pub mod raw;
pub mod scenario;
pub mod source;
pub mod sroi;
pub mod suggest;
