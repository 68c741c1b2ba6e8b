//! Moving about: the selection, folding, the detail pane's scroll, jumps by id (`:`) and
//! the jump list (back and forward).

use crate::layout::Pane;
use crate::library::MeasureId;

use super::action::Action;
use super::node::Node;
use super::state::{App, Direction, Mode, Severity};

impl App {
    pub(crate) fn move_selection(&mut self, delta: isize) {
        let last = self.tree.rows.len().saturating_sub(1);
        self.tree.selected = self.tree.selected.saturating_add_signed(delta).min(last);
    }

    pub(crate) fn scroll_detail(&mut self, delta: isize) {
        self.detail.scroll = self.detail.scroll.saturating_add_signed(delta);
    }

    pub(crate) fn toggle_fold(&mut self, row: usize) {
        let Some(r) = self.tree.rows.get(row).copied() else {
            return;
        };
        if r.expandable {
            let filtered = self.filtered();
            self.tree.set_expanded(r.node, !r.expanded, filtered);
            self.rebuild_tree();
        }
    }

    pub(crate) fn open(&mut self) {
        let Some(row) = self.tree.rows.get(self.tree.selected).copied() else {
            return;
        };
        if row.expandable && !row.expanded {
            self.toggle_fold(self.tree.selected);
        } else if row.expandable {
            self.move_selection(1);
        } else {
            self.focus = Pane::Detail;
        }
    }

    pub(crate) fn close(&mut self) {
        let Some(row) = self.tree.rows.get(self.tree.selected).copied() else {
            return;
        };
        if row.expandable && row.expanded {
            self.toggle_fold(self.tree.selected);
        } else if let Some(parent) = row.node.parent(&self.library)
            && let Some(i) = self.tree.position_of(parent)
        {
            self.tree.selected = i;
        }
    }

    pub(crate) fn rebuild_tree(&mut self) {
        self.tree.rebuild(&self.library, self.visible.as_ref());
    }

    /// Selects a node, unfolding its path. Returns false (and says why) if a filter hides it.
    pub fn select(&mut self, node: Node) -> bool {
        let filtered = self.filtered();
        // The rows follow the folds and filters; only an unfolding changes them here (a
        // million rows are not rebuilt to step to the next hit).
        let unfolded = self.tree.reveal(node, &self.library, filtered);
        let mut at = if unfolded { None } else { self.tree.position_of(node) };
        if at.is_none() {
            self.rebuild_tree();
            at = self.tree.position_of(node);
        }
        match at {
            Some(i) => {
                self.tree.selected = i;
                true
            }
            None => false,
        }
    }

    /// Jumps to a node, remembering where we were.
    pub(crate) fn jump_to(&mut self, node: Node) -> bool {
        let from = self.selected();
        if !self.select(node) {
            return false;
        }
        if let Some(from) = from.filter(|f| *f != node) {
            self.history.back.push(from);
            self.history.forward.clear();
        }
        true
    }

    pub(crate) fn history_step(&mut self, direction: Direction) {
        let back = direction == Direction::Backward;
        let (from, to) = if back {
            (&mut self.history.back, &mut self.history.forward)
        } else {
            (&mut self.history.forward, &mut self.history.back)
        };
        let Some(target) = from.pop() else {
            self.say(if back { crate::tr!("msg-oldest") } else { crate::tr!("msg-newest") }, Severity::Info);
            return;
        };
        if let Some(current) = self.tree.selected_node() {
            to.push(current);
        }
        if !self.select(target) {
            self.say(crate::tr!("msg-hidden"), Severity::Error);
        }
    }

    pub(crate) fn apply_jump_input(&mut self, action: Action) {
        match action {
            Action::Submit => {
                let Mode::Jump(input) = std::mem::take(&mut self.mode) else { return };
                // Ids hold no spaces: a pasted `5 5` or ` 二.1 ` is read without them.
                let typed: String = input.lines().concat().split_whitespace().collect();
                if !typed.is_empty()
                    && let Err(e) = self.goto(&typed)
                {
                    self.say(e.to_string(), Severity::Error);
                }
            }
            Action::Cancel => self.mode = Mode::Browse,
            Action::Quit => self.should_quit = true,
            _ => {}
        }
    }

    /// Selects a measure of the current plan by id or number (`12`, `二.1`, `附件1.4`).
    pub fn goto(&mut self, typed: &str) -> Result<(), GotoError> {
        let plan = self.current_plan();
        let p = self.library.plan(plan);
        // Typed with an input method: full-width digits (１２), or Chinese numerals (十二).
        let folded: String = typed
            .chars()
            .map(|c| if ('０'..='９').contains(&c) { crate::text::numerals::to_halfwidth(c) } else { c })
            .collect();
        let found = p.find_measure(&folded).or_else(|| {
            let number = crate::text::numerals::parse_chinese_numeral(&folded)?;
            p.find_measure(&number.to_string())
        });
        let Some(index) = found else {
            let first = p.measures.first().map_or("", |m| &m.id).to_string();
            let last = p.measures.last().map_or("", |m| &m.id).to_string();
            return Err(GotoError::NoMeasure { typed: typed.to_string(), first, last });
        };
        let node = Node::Measure(MeasureId { plan, index: index as u32 });
        if self.jump_to(node) { Ok(()) } else { Err(GotoError::Hidden(typed.to_string())) }
    }
}

/// Why `:` (or `--goto`) found no measure to go to.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GotoError {
    #[error("{}", crate::tr!("error-no-measure", typed = typed, first = first, last = last))]
    NoMeasure { typed: String, first: String, last: String },
    #[error("{}", crate::tr!("error-measure-hidden", typed = .0))]
    Hidden(String),
}

impl App {
    /// `<` / `>`: the tree pane `delta` percent of the width narrower or wider (10–90%),
    /// remembered in the marks file for the next run.
    pub(crate) fn resize_tree(&mut self, delta: i16) {
        let current = match (self.options.settings.tree_width, self.areas().tree) {
            (Some(percent), _) => i16::from(percent),
            (None, Some((outer, _))) if self.size.width > 0 => {
                (u32::from(outer.width) * 100 / u32::from(self.size.width)) as i16
            }
            (None, _) => 40,
        };
        // Whole steps of 5: 40 → 45, and 42 (from the automatic width) → 45 too.
        let stepped = if delta > 0 { (current / 5 + 1) * 5 } else { (current + 4) / 5 * 5 - 5 };
        let percent = stepped.clamp(10, 90) as u8;
        self.options.settings.tree_width = Some(percent);
        self.marks.set_tree_width(percent);
        self.effects.push(super::effect::Effect::SaveMarks);
        self.say(crate::tr!("msg-tree-width", percent = u32::from(percent)), Severity::Info);
    }
}
