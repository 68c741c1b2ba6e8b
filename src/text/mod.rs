//! Text helpers that every layer may use: display widths and wrapping (the terminal UI and
//! the command-line output), terminal safety (what may never be drawn or printed, cleaning
//! documents, typed input and file names), and Chinese numerals and character classes.

pub mod numerals;
pub mod safety;
pub mod width;
pub mod wrap;
