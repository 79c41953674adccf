//! Stage 3, analysis: what the draws say. Summaries and exact percentiles (`stats`), a
//! run's report (`summary`), options compared on the same draws (`compare`, with
//! `decision` for choosing among them), which assumptions matter (`sensitivity`, with
//! `roots` for switching values and `correlation` for rank correlations), what to measure
//! next (`voi`, with its regressions in `voi_spline` and `voi_additive`, its groups in
//! `voi_groups` and its words in `voi_words`), what a written report adds (`detail`:
//! assumptions, impact map, the ratio's histogram), the best mix of schemes for a budget
//! (`portfolio`), and the claims an assessor would question (`assurance`).

pub mod assurance;
pub mod compare;
pub mod correlation;
pub mod decision;
pub mod detail;
pub mod exact;
pub mod memory;
pub mod portfolio;
pub mod precision;
pub mod roots;
pub mod sensitivity;
pub mod series;
pub mod settle;
pub mod stats;
pub mod stream;
pub mod summary;
pub mod tally;
pub mod voi;
pub mod voi_additive;
pub mod voi_groups;
pub mod voi_spline;
pub mod voi_words;
