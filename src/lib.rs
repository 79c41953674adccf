//! sroi library
pub mod rng;
