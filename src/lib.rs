//! sroi library
pub mod rng;
pub mod suggest;
