//! Stage 3, analysis: what the draws say. Summaries and exact percentiles (`stats`), a
//! run's report (`summary`), options compared on the same draws (`compare`, with
//! `decision` for choosing among them), which assumptions matter (`sensitivity`, with
//! `roots` for switching values and `correlation` for rank correlations), what a written
//! report adds (`detail`: assumptions, impact map, the ratio's histogram), and the best mix
//! of schemes for a budget (`portfolio`).

pub mod compare;
pub mod correlation;
pub mod decision;
pub mod detail;
pub mod exact;
pub mod memory;
pub mod portfolio;
pub mod roots;
pub mod sensitivity;
pub mod series;
pub mod stats;
pub mod stream;
pub mod summary;
pub mod tally;
