//! The browser's state and behaviour: the state, the actions, the keymap and the update step
//! that applies them. Drawing lives in `ui`.

pub mod action;
pub mod detail;
pub mod input;
pub mod keymap;
pub mod keys;
mod marking;
pub mod node;
pub mod picker;
pub mod state;
pub mod tree;
mod update;

pub use action::Action;
pub use state::{App, Mode, Options};
