//! Stage 3, analysis: what the draws say. Summaries and exact percentiles (`stats`), a
//! run's report (`summary`), options compared on the same draws (`compare`), which
//! assumptions matter (`sensitivity`, with `roots` for switching values and `correlation`
//! for rank correlations).

pub mod compare;
pub mod correlation;
pub mod exact;
pub mod roots;
pub mod sensitivity;
pub mod series;
pub mod stats;
pub mod stream;
pub mod summary;
pub mod tally;
