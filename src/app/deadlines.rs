//! The due view's actions (`d` opens it; moving, the window, Enter to jump) and the count
//! of overdue measures the title bar shows. Its state is in `due_view`.

use crate::due::{DueItem, Window, due_list};

use super::action::Action;
use super::due_view::DueView;
use super::node::Node;
use super::state::{App, Mode};

impl App {
    /// Every measure with a deadline that the filters leave and that is not done.
    pub fn due_items(&self) -> Vec<DueItem> {
        due_list(&self.library, self.options.today, |id| {
            !self.mark_of(id).is_some_and(|m| m.done)
                && self.visible.as_ref().is_none_or(|v| v.contains(self.library.global(id)))
        })
    }

    /// Counts again the measures of the library that are overdue and not done (the filters
    /// aside), for the title bar.
    /// A count only: no list is made or sorted (it runs at start and on every mark change).
    pub(crate) fn refresh_overdue(&mut self) {
        let today = self.options.today;
        self.overdue = self
            .library
            .measure_ids()
            .filter(|&id| {
                let past = self.library.measure(id).deadline.as_ref().and_then(|d| d.date).is_some_and(|d| d < today);
                past && !self.mark_of(id).is_some_and(|m| m.done)
            })
            .count();
    }

    /// `d`: opens the due view, on what is due within 30 days (the overdue first).
    pub(crate) fn open_due(&mut self) {
        self.mode = Mode::Due(DueView::new(&self.due_items(), Window::Within(30)));
    }

    pub(crate) fn apply_due(&mut self, action: Action) {
        let rows = crate::layout::overview_rows(self.size).max(1);
        let all = matches!(action, Action::DueWindow).then(|| self.due_items());
        let Mode::Due(view) = &mut self.mode else { return };
        match action {
            Action::Down => view.move_by(1),
            Action::Up => view.move_by(-1),
            Action::PageDown => view.move_by(rows as isize),
            Action::PageUp => view.move_by(-(rows as isize)),
            Action::Top => view.move_by(isize::MIN / 2),
            Action::Bottom => view.move_by(isize::MAX / 2),
            Action::DueWindow => view.next_window(all.as_deref().unwrap_or_default()),
            Action::Submit => {
                if let Some(item) = view.selected_item().copied() {
                    self.mode = Mode::Browse;
                    self.jump_to(Node::Measure(item.id));
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
        view.scroll(rows);
    }
}
