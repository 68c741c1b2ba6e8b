//! `planview config`: the effective config, to start a config file from.

use std::process::ExitCode;

use crate::config::{Origin, effective, load};
use crate::text::safety::display_path;

use super::{ConfigArg, error, print};

pub fn run(arg: &ConfigArg) -> ExitCode {
    let origin = Origin::find(arg.path.clone());
    let loaded = load(&origin);
    let source = match origin.path() {
        Some(path) if loaded.errors.is_empty() && path.is_file() => format!(" with {} on top", display_path(path)),
        Some(path) if !loaded.errors.is_empty() => format!(" ({} was not used)", display_path(path)),
        _ => " (no config file)".to_string(),
    };
    print(&effective(&loaded.settings, &source));
    for e in &loaded.errors {
        error(e);
    }
    if loaded.errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
