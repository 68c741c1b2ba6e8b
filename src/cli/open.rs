//! What the browser and `render` open with: the settings of the config file, and a saved
//! view, a unit filter or a measure named on the command line.

use crate::app::filtering::{UnitError, ViewError};
use crate::app::navigate::GotoError;
use crate::app::state::App;
use crate::app::{Options, Severity};
use crate::config::{Loaded, Origin, load};

use super::{ConfigArg, OpenArgs};

/// A `--today` date (YYYY-MM-DD).
pub fn parse_date(text: &str) -> Result<jiff::civil::Date, String> {
    text.trim().parse().map_err(|_| crate::tr!("error-due-today", value = text))
}

/// The config's settings (the defaults if it has a problem) and its problems, a line each.
pub fn settings(arg: &ConfigArg) -> Loaded {
    load(&Origin::find(arg.path.clone()))
}

/// Start-up options with the config's settings.
pub fn options(color: bool, mouse: bool, loaded: &Loaded) -> Options {
    Options { color, mouse, settings: loaded.settings.clone(), today: crate::due::today() }
}

/// What the command line asked to open with that could not be done.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("{}", crate::tr!("error-open-no-views", name = .0))]
    NoViews(String),
    #[error("{}", crate::tr!("error-open-no-such-view", name = .name, known = .known))]
    NoSuchView { name: String, known: String },
    #[error("{}", crate::tr!("error-open-view", name = .name, problem = .source.to_string()))]
    View { name: String, source: ViewError },
    #[error("{}", crate::tr!("error-open-unit", problem = .0.to_string()))]
    Unit(#[from] UnitError),
    #[error("{}", crate::tr!("error-open-goto", problem = .0.to_string()))]
    Goto(#[from] GotoError),
}

/// Applies `--today`, `--view`, `--unit` (and `--lead-only`) and `--goto`, in that order.
pub fn open_at(app: &mut App, open: &OpenArgs) -> Result<(), OpenError> {
    if let Some(today) = open.today {
        app.options.today = today;
        app.refresh_overdue();
    }
    if let Some(name) = &open.view {
        let views = &app.options.settings.views;
        let Some(view) = views.iter().find(|v| &v.name == name).cloned() else {
            let known: Vec<&str> = views.iter().map(|v| v.name.as_str()).collect();
            let name = crate::text::safety::sanitize_input(name);
            return Err(if known.is_empty() {
                OpenError::NoViews(name)
            } else {
                OpenError::NoSuchView {
                    name,
                    known: known.join(if crate::i18n::language() == crate::i18n::Lang::Zh { "、" } else { ", " }),
                }
            });
        };
        app.apply_view(&view).map_err(|source| OpenError::View { name: view.name.clone(), source })?;
    }
    if let Some(unit) = &open.unit {
        let name = app.resolve_unit(unit)?;
        app.filter_by_unit(&name, open.lead_only);
    }
    if let Some(id) = &open.goto {
        app.goto(id.trim())?;
    }
    // The browser opens quiet: what a view or a jump said is not news.
    if app.message.as_ref().is_some_and(|m| m.severity == Severity::Info) {
        app.message = None;
    }
    app.sync();
    Ok(())
}
