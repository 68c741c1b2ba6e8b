//! The unit picker: every unit with its counts, narrowed as the user types (Chinese
//! substrings or pinyin, `sfj` → 县司法局), any role or lead only.

use ratatui_textarea::TextArea;

use crate::library::units::MatchRank;
use crate::library::{UnitIndex, UnitStats};
use crate::search::Query;

use super::input;

#[derive(Debug, Default)]
pub struct Picker {
    pub input: TextArea<'static>,
    pub lead_only: bool,
    /// Positions in [`UnitIndex::units`] of the units shown, in order.
    pub matches: Vec<usize>,
    pub selected: usize,
    pub offset: usize,
}

impl Picker {
    pub fn new(units: &UnitIndex, lead_only: bool) -> Self {
        let mut picker = Picker { lead_only, ..Picker::default() };
        picker.refresh(units);
        picker
    }

    /// Narrows the list to the units matching the typed text, keeping the selected unit
    /// selected if it is still listed.
    pub fn refresh(&mut self, units: &UnitIndex) {
        let previous = self.matches.get(self.selected).copied();
        let query = Query::parse(&input::text(&self.input));
        // Whole names first, then names holding what was typed, then pinyin-only matches;
        // most measures first within each (the index's order; the sort is stable).
        let mut ranked: Vec<(MatchRank, usize)> = units
            .units
            .iter()
            .enumerate()
            .filter(|(_, u)| !self.lead_only || u.lead > 0)
            .filter_map(|(i, u)| u.rank(&query).map(|rank| (rank, i)))
            .collect();
        ranked.sort_by_key(|&(rank, _)| rank);
        self.matches = ranked.into_iter().map(|(_, i)| i).collect();
        self.selected =
            previous.and_then(|p| self.matches.iter().position(|&m| m == p)).filter(|_| query.is_empty()).unwrap_or(0);
        self.offset = 0;
    }

    pub fn selected_unit<'a>(&self, units: &'a UnitIndex) -> Option<&'a UnitStats> {
        self.matches.get(self.selected).map(|&i| &units.units[i])
    }

    pub fn move_by(&mut self, delta: isize) {
        let last = self.matches.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    /// Keeps the selection inside a list of `height` rows.
    pub fn scroll(&mut self, height: usize) {
        if height == 0 {
            return;
        }
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
    }
}
