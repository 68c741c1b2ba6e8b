//! The filters that narrow the tree: the unit filter (the picker, the workload overview,
//! `--unit`), combined with the search and the mark filter; and saved views, which set
//! them all at once.

use crate::search::HitSet;

use super::action::Action;
use super::keymap::KeyContext;
use super::navigate::GotoError;
use super::settings::SavedView;
use super::state::{App, Mode, Severity, UnitFilter};

impl App {
    /// Recomputes the visible set from the active filters (search AND unit) and rebuilds
    /// the tree.
    pub(crate) fn refilter(&mut self) {
        let sets = [self.search.hits.as_ref(), self.unit_filter.as_ref().map(|u| &u.hits), self.mark_hits.as_ref()];
        let mut visible: Option<HitSet> = None;
        for set in sets.into_iter().flatten() {
            match &mut visible {
                None => visible = Some(set.clone()),
                Some(v) => v.intersect(set),
            }
        }
        self.visible = visible;
        self.tree.reset_filter_folds();
        self.rebuild_tree();
    }

    pub(crate) fn apply_picker(&mut self, action: Action) {
        let rows = crate::layout::picker_rows(self.size);
        let Mode::Picker(picker) = &mut self.mode else { return };
        match action {
            Action::Down => picker.move_by(1),
            Action::Up => picker.move_by(-1),
            Action::PageDown => picker.move_by(rows.max(1) as isize),
            Action::PageUp => picker.move_by(-(rows.max(1) as isize)),
            Action::ToggleRole => {
                picker.lead_only = !picker.lead_only;
                picker.refresh(self.indexes.units(&self.library));
            }
            Action::Submit => match picker.selected_unit(self.indexes.units(&self.library)).map(|u| u.name.clone()) {
                Some(name) => {
                    let lead_only = picker.lead_only;
                    self.mode = Mode::Browse;
                    self.filter_by_unit(&name, lead_only);
                    return;
                }
                None => {
                    let text = match self.keymap().keys(KeyContext::Picker, Action::Cancel).first() {
                        Some(key) => crate::tr!("msg-no-unit-match-key", key = key.to_string()),
                        None => crate::tr!("msg-no-unit-match"),
                    };
                    self.say(text, Severity::Error);
                }
            },
            Action::Cancel => {
                self.mode = Mode::Browse;
                return;
            }
            Action::Quit => self.should_quit = true,
            _ => {}
        }
        if let Mode::Picker(picker) = &mut self.mode {
            picker.scroll(rows);
        }
    }

    pub(crate) fn apply_overview(&mut self, action: Action) {
        let rows = crate::layout::overview_rows(self.size).max(1);
        let units = self.indexes.units(&self.library);
        let Mode::Overview(o) = &mut self.mode else { return };
        match action {
            Action::Down => o.move_by(1),
            Action::Up => o.move_by(-1),
            Action::PageDown => o.move_by(rows as isize),
            Action::PageUp => o.move_by(-(rows as isize)),
            Action::Sort => {
                o.sort = o.sort.next();
                o.arrange(units);
            }
            Action::Submit => {
                if let Some(unit) = o.selected_unit(units) {
                    let name = unit.name.clone();
                    self.mode = Mode::Browse;
                    self.filter_by_unit(&name, false);
                }
                return;
            }
            Action::Cancel => {
                self.mode = Mode::Browse;
                return;
            }
            Action::Quit => self.should_quit = true,
            _ => {}
        }
        o.scroll(rows);
    }

    /// Narrows the tree to one unit's measures (or those it leads) and selects the first.
    pub fn filter_by_unit(&mut self, name: &str, lead_only: bool) {
        let Some(unit) = self.units().get(name) else {
            return;
        };
        let mut hits = HitSet::empty(self.library.measure_count());
        for (id, role) in &unit.measures {
            if !lead_only || *role == crate::plan::Role::Lead {
                hits.insert(self.library.global(*id));
            }
        }
        self.unit_filter = Some(UnitFilter { name: name.to_string(), lead_only, hits });
        self.refilter();
        if let Some(first) = self.tree.rows.iter().position(|r| r.node.measure().is_some()) {
            self.tree.selected = first;
        }
    }

    /// Finds a unit by what the user typed (a name, an alias, a unique part, pinyin) and
    /// returns its name.
    pub fn resolve_unit(&self, typed: &str) -> Result<String, UnitError> {
        let typed = crate::text::safety::sanitize_input(typed);
        match self.units().lookup(&typed) {
            Ok(unit) => Ok(unit.name.clone()),
            Err(candidates) if candidates.is_empty() => Err(UnitError::NotFound(typed)),
            Err(candidates) => {
                let mut shown: Vec<&str> = candidates.iter().take(5).map(|u| u.name.as_str()).collect();
                if candidates.len() > shown.len() {
                    shown.push("…");
                }
                Err(UnitError::Ambiguous { typed, count: candidates.len(), shown: shown.join("、") })
            }
        }
    }

    /// Applies a saved view: its unit filter, mark filter and search replace the current
    /// ones, then it selects its measure.
    pub fn apply_view(&mut self, view: &SavedView) -> Result<(), ViewError> {
        let unit = view.unit.as_deref().map(|u| self.resolve_unit(u)).transpose()?;
        self.clear_search();
        self.unit_filter = None;
        self.mark_filter = view.marked;
        self.mark_hits = self.compute_mark_hits();
        self.refilter();
        if let Some(name) = unit {
            self.filter_by_unit(&name, view.lead_only);
        }
        if let Some(search) = view.search.as_deref().filter(|s| !s.trim().is_empty()) {
            self.search_for(search);
        }
        if let Some(goto) = &view.goto {
            self.goto(goto)?;
        }
        self.sync();
        Ok(())
    }

    /// `v`: the list of saved views.
    pub(crate) fn open_views(&mut self) {
        if self.options.settings.views.is_empty() {
            self.say(crate::tr!("msg-no-views"), Severity::Error);
        } else {
            self.mode = Mode::Views { selected: 0 };
        }
    }

    pub(crate) fn apply_views(&mut self, action: Action) {
        let last = self.options.settings.views.len().saturating_sub(1);
        let Mode::Views { selected } = &mut self.mode else { return };
        match action {
            Action::Down => *selected = (*selected + 1).min(last),
            Action::Up => *selected = selected.saturating_sub(1),
            Action::Submit => {
                let chosen = *selected;
                self.mode = Mode::Browse;
                if let Some(view) = self.options.settings.views.get(chosen).cloned() {
                    match self.apply_view(&view) {
                        Ok(()) => self
                            .say(crate::tr!("msg-view", name = &view.name, summary = view.summary()), Severity::Info),
                        Err(why) => self
                            .say(crate::tr!("msg-view", name = &view.name, summary = why.to_string()), Severity::Error),
                    }
                }
            }
            Action::Cancel => self.mode = Mode::Browse,
            Action::Quit => self.should_quit = true,
            _ => {}
        }
    }
}

/// A unit name that names no unit, or several.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnitError {
    #[error("{}", crate::tr!("error-no-unit", typed = .0))]
    NotFound(String),
    #[error("{}", crate::tr!("error-unit-ambiguous", typed = typed, n = *count, shown = shown))]
    Ambiguous { typed: String, count: usize, shown: String },
}

/// Why a saved view could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ViewError {
    #[error(transparent)]
    Unit(#[from] UnitError),
    #[error(transparent)]
    Goto(#[from] GotoError),
}
