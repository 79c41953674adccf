//! Stage 3, analysis: what the draws say. Summaries and exact percentiles (`stats`), a
//! run's report (`summary`), options compared on the same draws (`compare`, with
//! `decision` for choosing among them), which assumptions matter (`sensitivity`, with
//! `roots` for switching values, `rank_bins` for rank correlations in flat memory and
//! `correlation` for the exact ones they are checked against), what to measure
//! next (`voi`, a folder with its regressions in `voi::spline` and `voi::additive`, its
//! groups in `voi::groups` and its words in `voi::words`), what a written report adds (`detail`:
//! assumptions, impact map, the ratio's histogram), the best mix of schemes for a budget
//! (`portfolio`), and the claims an assessor would question (`assurance`).

pub mod assurance;
pub mod compare;
pub mod correlation;
pub mod decision;
pub mod detail;
pub mod exact;
pub mod portfolio;
pub mod precision;
pub mod rank_bins;
pub mod roots;
pub mod sensitivity;
pub mod series;
pub mod settle;
pub mod standard_tests;
pub mod stats;
pub mod stream;
pub mod summary;
pub mod tally;
pub mod voi;
