//! planview: a terminal browser for Chinese government policy plans.

pub mod cli;
pub mod export;
pub mod library;
pub mod plan;
pub mod search;
pub mod text;
