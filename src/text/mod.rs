//! Text layout helpers shared by the terminal UI and the command-line output.

pub mod width;
pub mod wrap;
