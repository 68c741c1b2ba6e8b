//! The due view's state (`d`): the measures of the library with a deadline that the filters
//! leave and that are not done, by date with the overdue first, the undated under a heading
//! at the end; its own window (overdue / 7 / 30 / 90 days / all) and the selection, which
//! only ever rests on a measure. Enter jumps to it.

use crate::due::{DueItem, Window};
use crate::library::MeasureId;

use super::headed;

/// One row of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueRow {
    /// A measure, by its place in `items`.
    Item(usize),
    /// The start of the measures whose deadline has no date, with how many there are.
    Undated(usize),
}

#[derive(Debug, Clone, Default)]
pub struct DueView {
    pub window: Window,
    /// The measures the window shows, in order.
    pub items: Vec<DueItem>,
    pub rows: Vec<DueRow>,
    /// The selected row (always a measure, when there is one).
    pub selected: usize,
    pub offset: usize,
}

impl DueView {
    /// The list of `all` (as [`due_list`] gives it) that `window` shows.
    pub fn new(all: &[DueItem], window: Window) -> DueView {
        let mut view = DueView { window, ..DueView::default() };
        view.arrange(all, None);
        view
    }

    /// Lays out the rows for the window, keeping `keep` selected if it is still listed.
    fn arrange(&mut self, all: &[DueItem], keep: Option<MeasureId>) {
        self.items = all.iter().filter(|i| self.window.keeps(i)).copied().collect();
        let dated = self.items.iter().filter(|i| i.date.is_some()).count();
        self.rows = (0..dated).map(DueRow::Item).collect();
        if dated < self.items.len() {
            self.rows.push(DueRow::Undated(self.items.len() - dated));
            self.rows.extend((dated..self.items.len()).map(DueRow::Item));
        }
        self.selected = keep
            .and_then(|id| self.rows.iter().position(|r| matches!(r, DueRow::Item(i) if self.items[*i].id == id)))
            .or_else(|| self.rows.iter().position(|r| matches!(r, DueRow::Item(_))))
            .unwrap_or(0);
        self.offset = 0;
    }

    /// The next window (overdue → 7 → 30 → 90 days → all).
    pub fn next_window(&mut self, all: &[DueItem]) {
        self.window = self.window.next();
        let keep = self.selected_item().map(|i| i.id);
        self.arrange(all, keep);
    }

    pub fn selected_item(&self) -> Option<&DueItem> {
        match self.rows.get(self.selected) {
            Some(DueRow::Item(i)) => self.items.get(*i),
            _ => None,
        }
    }

    /// Moves the selection by `delta` measures (the heading is passed over).
    pub fn move_by(&mut self, delta: isize) {
        let items = self.rows.iter().map(|r| matches!(r, DueRow::Item(_)));
        self.selected = headed::move_by(items, self.selected, delta);
    }

    /// Keeps the selection inside a list of `height` rows (the heading just above the first
    /// undated measure shown with it).
    pub fn scroll(&mut self, height: usize) {
        let heading_above =
            matches!(self.selected.checked_sub(1).map(|above| self.rows[above]), Some(DueRow::Undated(_)));
        self.offset = headed::offset(self.selected, self.offset, height, heading_above);
    }

    /// How many of the listed measures are overdue.
    pub fn overdue(&self) -> usize {
        self.items.iter().filter(|i| i.is_overdue()).count()
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::Date;

    use super::*;

    fn item(index: u32, date: Option<(i16, i8, i8)>, days: Option<i64>) -> DueItem {
        DueItem {
            id: MeasureId { plan: 0, index },
            date: date.map(|(y, m, d)| Date::new(y, m, d).unwrap()),
            days_left: days,
        }
    }

    #[test]
    fn windows_rows_and_the_selection() {
        let all = [
            item(5, Some((2025, 1, 1)), Some(-30)),
            item(2, Some((2025, 2, 5)), Some(5)),
            item(9, Some((2025, 3, 1)), Some(60)),
            item(1, None, None),
            item(3, None, None),
        ];
        let mut view = DueView::new(&all, Window::Within(30));
        assert_eq!(view.rows, [DueRow::Item(0), DueRow::Item(1)]);
        view.move_by(1);
        assert_eq!(view.selected_item().unwrap().id.index, 2);
        // 90 days, then all (the undated under their heading); the selection stays.
        view.next_window(&all);
        assert_eq!(view.window, Window::Within(90));
        assert_eq!(view.items.len(), 3);
        assert_eq!(view.selected_item().unwrap().id.index, 2);
        view.next_window(&all);
        assert_eq!(view.rows.len(), 6);
        assert_eq!(view.rows[3], DueRow::Undated(2));
        // Moving passes over the heading.
        view.move_by(1);
        view.move_by(1);
        assert_eq!(view.selected, 4);
        view.move_by(-1);
        assert_eq!(view.selected, 2);
        // Overdue only.
        view.next_window(&all);
        assert_eq!(view.window, Window::Overdue);
        assert_eq!(view.items.len(), 1);
        assert_eq!(view.selected_item().unwrap().id.index, 5, "the selected one is gone: the first");
        // Nothing listed: no selection, and moving does nothing.
        let mut empty = DueView::new(&[], Window::All);
        empty.move_by(1);
        assert!(empty.selected_item().is_none());
    }
}
