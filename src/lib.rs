//! planview: a terminal browser for Chinese government policy plans.

pub mod app;
pub mod cli;
pub mod config;
pub mod crash_test;
pub mod due;
pub mod export;
pub mod formats;
pub mod i18n;
pub mod layout;
pub mod library;
pub mod marks;
pub mod plan;
pub mod probe;
pub mod render;
pub mod search;
pub mod term;
pub mod text;
pub mod ui;
