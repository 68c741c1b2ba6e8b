//! What the browser and `render` open with: the settings of the config file, and a saved
//! view, a unit filter or a measure named on the command line.

use crate::app::state::App;
use crate::app::{Options, Severity};
use crate::config::{Loaded, Origin, load};

use super::{ConfigArg, OpenArgs};

/// The config's settings (the defaults if it has a problem) and its problems, a line each.
pub fn settings(arg: &ConfigArg) -> Loaded {
    load(&Origin::find(arg.path.clone()))
}

/// Start-up options with the config's settings.
pub fn options(color: bool, mouse: bool, loaded: &Loaded) -> Options {
    Options { color, mouse, settings: loaded.settings.clone() }
}

/// Applies `--view`, `--unit` (and `--lead-only`) and `--goto`, in that order. Err: one
/// line saying what could not be done.
pub fn open_at(app: &mut App, open: &OpenArgs) -> Result<(), String> {
    if let Some(name) = &open.view {
        let views = &app.options.settings.views;
        let Some(view) = views.iter().find(|v| &v.name == name).cloned() else {
            let known: Vec<&str> = views.iter().map(|v| v.name.as_str()).collect();
            let name = crate::text::safety::sanitize_input(name);
            return Err(if known.is_empty() {
                format!("no view {name}: the config file has no [views.NAME]")
            } else {
                format!("no view {name} (the config file has {})", known.join(", "))
            });
        };
        app.apply_view(&view).map_err(|why| format!("view {name}: {why}"))?;
    }
    if let Some(unit) = &open.unit {
        let name = app.resolve_unit(unit).map_err(|why| format!("--unit: {why}"))?;
        app.filter_by_unit(&name, open.lead_only);
    }
    if let Some(id) = &open.goto
        && !app.goto(id.trim())
    {
        let why = app.message.as_ref().map(|m| m.text.clone()).unwrap_or_default();
        return Err(format!("--goto: {why}"));
    }
    // The browser opens quiet: what a view or a jump said is not news.
    if app.message.as_ref().is_some_and(|m| m.severity == Severity::Info) {
        app.message = None;
    }
    app.sync();
    Ok(())
}
