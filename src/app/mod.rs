//! The browser's state and behaviour: the state, the actions, the keymap and the update step
//! that applies them. Drawing lives in `ui`.

pub mod action;
pub mod deadlines;
pub mod detail_view;
pub mod due_view;
pub mod effect;
pub mod filtering;
mod headed;
mod indexes;
pub mod input;
pub mod key;
pub mod keymap;
mod marking;
pub mod navigate;
pub mod node;
mod outline;
pub mod overview;
mod perform;
pub mod picker;
pub mod reading;
mod searcher;
mod searching;
pub mod settings;
pub mod state;
pub mod tree;
mod update;

pub use action::Action;
pub use effect::Effect;
pub use searcher::SearchDone;
pub use state::{App, Mode, ModeKind, Options, Severity};
