//! `planview config`: the effective config, to start a config file from.

use std::process::ExitCode;

use crate::config::{Origin, effective, load};
use crate::text::safety::display_path;

use super::{ConfigArg, error, print};

pub fn run(arg: &ConfigArg) -> ExitCode {
    let origin = Origin::find(arg.path.clone());
    let loaded = load(&origin);
    let source = match origin.path() {
        Some(path) if loaded.errors.is_empty() && path.is_file() => {
            crate::tr!("cli-config-on-top", path = display_path(path))
        }
        Some(path) if !loaded.errors.is_empty() => crate::tr!("cli-config-not-used", path = display_path(path)),
        _ => crate::tr!("cli-config-none"),
    };
    print(&effective(&loaded.settings, &source));
    for e in &loaded.errors {
        error(e);
    }
    if loaded.errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
