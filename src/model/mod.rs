//! Stage 1, the model: a TOML file as written (`raw`, `scenario`, read from disk by
//! `source` and `load`), its expressions parsed (`expr`) and its distributions built
//! (`dist`), then checked (`compile`) into a checked model (`checked`, with `interval` for
//! the values each role allows), and compiled into a flat plan (`plan`) that carries the
//! SROI Guide's arithmetic (`sroi`). `prices` rebases money between price years with the
//! GDP deflator; `copula` holds the correlations between quantities. `suggest` finds the
//! nearest name for a typo; `unit` says which quantities are shares and which money;
//! `welfare` turns income quintiles into distributional weights;
//! `portfolio` reads a fund's candidates and budget; `proxy` reads proxy libraries and
//! replaces a model's `{ proxy = "ID" }` with the library's value.
//!
//! Nothing here samples or summarises; later stages import from here, never the reverse.

pub mod adjust;
pub mod basis;
pub mod checked;
pub mod compile;
pub mod copula;
pub mod discount;
pub mod dist;
pub mod expr;
pub mod interval;
pub mod load;
pub mod num;
pub mod plan;
pub mod portfolio;
pub mod prices;
pub mod proxy;
pub mod raw;
pub mod scenario;
pub mod source;
pub mod sroi;
pub mod suggest;
pub mod unit;
pub mod value_map;
pub mod welfare;
