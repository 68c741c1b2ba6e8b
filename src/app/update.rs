//! The update step: the only place the application state changes. Terminal events come in,
//! the keymap turns keys into actions, actions change the state.

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect};
use ratatui_textarea::TextArea;

use crate::layout::Pane;
use crate::library::MeasureId;
use crate::search::{HitSet, Query};

use super::action::Action;
use super::input;
use super::keymap::{self, Context};
use super::node::Node;
use super::picker::{Overview, Picker};
use super::state::{App, Message, Mode, UnitFilter};

/// How many rows the mouse wheel scrolls.
const WHEEL_STEP: usize = 3;
/// How many earlier searches are kept for narrowing.
const SEARCH_CACHE: usize = 32;
/// And at most this many bytes of them.
const SEARCH_CACHE_BYTES: usize = 16 << 20;

impl App {
    /// Handles a key press.
    pub fn handle_key(&mut self, key: KeyEvent) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        // What a text field may not hold, it may not be typed into either (a terminal or an
        // input method can deliver any character as a key): controls, bidi overrides and
        // zero-width characters are dropped, as they are from plans and pastes.
        if let KeyCode::Char(c) = key.code
            && crate::text::safety::is_unsafe(c)
        {
            return;
        }
        self.message = None;
        let context = self.context();
        // Esc followed quickly by a key arrives as Alt+key; where Alt+key means nothing, it
        // is read as the two keys the user typed.
        if let KeyCode::Char(c) = key.code
            && key.modifiers == KeyModifiers::ALT
            && keymap::lookup(context, &key).is_none()
            && !(matches!(context, Context::SearchInput | Context::Picker) && matches!(c, 'b' | 'f' | 'd'))
        {
            self.handle_key(KeyEvent::from(KeyCode::Esc));
            self.handle_key(KeyEvent::from(KeyCode::Char(c)));
            return;
        }
        match keymap::lookup(context, &key) {
            Some(action) => self.apply(action),
            None => match context {
                Context::SearchInput => {
                    let edited = input::edit(&mut self.search.input, key, input::SEARCH_MAX);
                    self.report_cut(edited, "a search", input::SEARCH_MAX);
                    if edited.changed {
                        self.search_changed();
                    }
                }
                Context::Picker => {
                    let edited = input::edit(&mut self.picker.input, key, input::PICKER_MAX);
                    self.report_cut(edited, "a unit name", input::PICKER_MAX);
                    if edited.changed {
                        self.picker.refresh(self.indexes.units(&self.library));
                    }
                }
                Context::Note => self.edit_note(key),
                Context::JumpInput => {
                    // A measure's number or id (12, 二.1, 附件1.4).
                    let edited = input::edit(&mut self.jump_input, key, input::JUMP_MAX);
                    self.report_cut(edited, "a measure id", input::JUMP_MAX);
                }
                Context::Help => self.apply(Action::Cancel),
                _ => {}
            },
        }
        self.sync();
    }

    /// Handles text pasted into the terminal (bracketed paste).
    pub fn handle_paste(&mut self, text: &str) {
        match self.mode {
            Mode::Search => {
                let edited = input::paste_line(&mut self.search.input, text, input::SEARCH_MAX);
                self.search_changed();
                self.report_cut(edited, "a search", input::SEARCH_MAX);
            }
            Mode::Picker => {
                let edited = input::paste_line(&mut self.picker.input, text, input::PICKER_MAX);
                self.picker.refresh(self.indexes.units(&self.library));
                self.report_cut(edited, "a unit name", input::PICKER_MAX);
            }
            Mode::Jump => {
                let edited = input::paste_line(&mut self.jump_input, text, input::JUMP_MAX);
                self.report_cut(edited, "a measure id", input::JUMP_MAX);
            }
            Mode::Note => {
                let edited = input::paste_text(&mut self.note_editor, text, input::NOTE_MAX);
                self.report_cut(edited, "a note", input::NOTE_MAX);
            }
            _ => {}
        }
        self.sync();
    }

    /// Says so when text did not fit in an input.
    pub(crate) fn report_cut(&mut self, edited: input::Edited, what: &str, max: usize) {
        if edited.cut {
            self.say(format!("{what} holds at most {max} characters: the rest was left out"), true);
        }
    }

    /// The terminal was resized.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = Rect::new(0, 0, width, height);
        self.sync();
    }

    /// Handles a mouse event: click selects, wheel scrolls the pane under the pointer.
    pub fn handle_mouse(&mut self, event: MouseEvent) {
        if self.mode != Mode::Browse {
            return;
        }
        let at = Position::new(event.column, event.row);
        let areas = self.areas();
        let in_tree = areas.tree.filter(|(outer, _)| outer.contains(at));
        let in_detail = areas.detail.filter(|(outer, _)| outer.contains(at));
        match event.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                if let Some((_, inner)) = in_tree {
                    self.focus = Pane::Tree;
                    if inner.contains(at) {
                        let row = self.tree.offset + usize::from(at.y - inner.y);
                        if row < self.tree.rows.len() {
                            if row == self.tree.selected && self.tree.rows[row].expandable {
                                self.toggle_fold(row);
                            }
                            self.tree.selected = row;
                        }
                    }
                } else if in_detail.is_some() {
                    self.focus = Pane::Detail;
                }
            }
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let down = event.kind == MouseEventKind::ScrollDown;
                if in_tree.is_some() {
                    let last = self.tree.rows.len().saturating_sub(1);
                    self.tree.selected = if down {
                        (self.tree.selected + WHEEL_STEP).min(last)
                    } else {
                        self.tree.selected.saturating_sub(WHEEL_STEP)
                    };
                } else if in_detail.is_some() {
                    self.scroll_detail(if down { WHEEL_STEP as isize } else { -(WHEEL_STEP as isize) });
                }
            }
            _ => {}
        }
        self.sync();
    }

    /// Applies one action.
    pub fn apply(&mut self, action: Action) {
        match self.mode {
            Mode::Search => self.apply_search_input(action),
            Mode::Jump => self.apply_jump_input(action),
            Mode::Picker => self.apply_picker(action),
            Mode::Overview => self.apply_overview(action),
            Mode::Note => self.apply_note(action),
            Mode::Confirm => self.apply_confirm(action),
            Mode::Help => self.apply_help(action),
            Mode::Browse => self.apply_browse(action),
        }
    }

    fn apply_browse(&mut self, action: Action) {
        let page = if self.focus == Pane::Detail { self.detail_height() } else { self.tree_height() }.max(2) - 1;
        match (action, self.focus) {
            (Action::Quit, _) => self.should_quit = true,
            (Action::Down, Pane::Tree) => self.move_selection(1),
            (Action::Up, Pane::Tree) => self.move_selection(-1),
            (Action::PageDown, Pane::Tree) => self.move_selection(page as isize),
            (Action::PageUp, Pane::Tree) => self.move_selection(-(page as isize)),
            (Action::Top, Pane::Tree) => self.tree.selected = 0,
            (Action::Bottom, Pane::Tree) => self.tree.selected = self.tree.rows.len().saturating_sub(1),
            (Action::Down, Pane::Detail) => self.scroll_detail(1),
            (Action::Up, Pane::Detail) => self.scroll_detail(-1),
            (Action::PageDown, Pane::Detail) => self.scroll_detail(page as isize),
            (Action::PageUp, Pane::Detail) => self.scroll_detail(-(page as isize)),
            (Action::Top, Pane::Detail) => self.detail.scroll = 0,
            (Action::Bottom, Pane::Detail) => self.detail.scroll = usize::MAX,
            (Action::Open, Pane::Tree) => self.open(),
            (Action::Close, Pane::Tree) => self.close(),
            (Action::Close, Pane::Detail) => self.focus = Pane::Tree,
            (Action::Open, Pane::Detail) => {}
            (Action::SwitchFocus, _) => {
                self.focus = if self.focus == Pane::Tree { Pane::Detail } else { Pane::Tree };
            }
            (Action::Search, _) => self.start_search(),
            (Action::NextHit, _) => self.next_hit(true),
            (Action::PrevHit, _) => self.next_hit(false),
            (Action::ClearSearch, _) if self.search.query.is_some() => self.clear_search(),
            (Action::Jump, _) => {
                self.jump_input = TextArea::default();
                self.mode = Mode::Jump;
            }
            (Action::PickUnit, _) => {
                if self.units().units.is_empty() {
                    self.say("No responsible units in these plans", true);
                } else {
                    let lead_only = self.unit_filter.as_ref().is_some_and(|f| f.lead_only);
                    self.picker = Picker::new(self.units(), lead_only);
                    self.mode = Mode::Picker;
                }
            }
            (Action::ClearUnit, _) if self.unit_filter.is_some() => {
                self.unit_filter = None;
                self.refilter();
            }
            (Action::Overview, _) => {
                self.overview = Overview::default();
                self.mode = Mode::Overview;
            }
            (Action::ToggleRead, _) => self.toggle_mark(false),
            (Action::ToggleFlag, _) => self.toggle_mark(true),
            (Action::CycleMarks, _) => self.cycle_mark_filter(),
            (Action::EditNote, _) => self.start_note(),
            (Action::Back, _) => self.history_step(true),
            (Action::Forward, _) => self.history_step(false),
            (Action::Help, _) => {
                self.help_scroll = 0;
                self.mode = Mode::Help;
            }
            _ => {}
        }
    }

    fn apply_help(&mut self, action: Action) {
        match action {
            Action::Down => self.help_scroll += 1,
            Action::Up => self.help_scroll = self.help_scroll.saturating_sub(1),
            Action::Quit => self.should_quit = true,
            _ => self.mode = Mode::Browse,
        }
    }

    fn move_selection(&mut self, delta: isize) {
        let last = self.tree.rows.len().saturating_sub(1);
        self.tree.selected = self.tree.selected.saturating_add_signed(delta).min(last);
    }

    fn scroll_detail(&mut self, delta: isize) {
        self.detail.scroll = self.detail.scroll.saturating_add_signed(delta);
    }

    fn toggle_fold(&mut self, row: usize) {
        let Some(r) = self.tree.rows.get(row).copied() else {
            return;
        };
        if r.expandable {
            let filtered = self.filtered();
            self.tree.set_expanded(r.node, !r.expanded, filtered);
            self.rebuild_tree();
        }
    }

    fn open(&mut self) {
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

    fn close(&mut self) {
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

    fn apply_picker(&mut self, action: Action) {
        let rows = crate::layout::picker_rows(self.size);
        match action {
            Action::Down => self.picker.move_by(1),
            Action::Up => self.picker.move_by(-1),
            Action::PageDown => self.picker.move_by(rows.max(1) as isize),
            Action::PageUp => self.picker.move_by(-(rows.max(1) as isize)),
            Action::ToggleRole => {
                self.picker.lead_only = !self.picker.lead_only;
                self.picker.refresh(self.indexes.units(&self.library));
            }
            Action::Submit => match self.picker.selected_unit(self.units()).map(|u| u.name.clone()) {
                Some(name) => {
                    let lead_only = self.picker.lead_only;
                    self.mode = Mode::Browse;
                    self.filter_by_unit(&name, lead_only);
                }
                None => self.say("No unit matches; Esc closes the picker", true),
            },
            Action::Cancel => self.mode = Mode::Browse,
            Action::Quit => self.should_quit = true,
            _ => {}
        }
        self.picker.scroll(rows);
    }

    fn apply_overview(&mut self, action: Action) {
        let rows = crate::layout::overview_rows(self.size).max(1);
        let last = self.units().units.len().saturating_sub(1);
        let o = &mut self.overview;
        match action {
            Action::Down => o.selected = (o.selected + 1).min(last),
            Action::Up => o.selected = o.selected.saturating_sub(1),
            Action::PageDown => o.selected = (o.selected + rows).min(last),
            Action::PageUp => o.selected = o.selected.saturating_sub(rows),
            Action::Submit => {
                if let Some(unit) = self.indexes.units(&self.library).units.get(o.selected) {
                    let name = unit.name.clone();
                    self.mode = Mode::Browse;
                    self.filter_by_unit(&name, false);
                }
                return;
            }
            Action::Cancel => self.mode = Mode::Browse,
            Action::Quit => self.should_quit = true,
            _ => {}
        }
        let o = &mut self.overview;
        if o.selected < o.offset {
            o.offset = o.selected;
        } else if o.selected >= o.offset + rows {
            o.offset = o.selected + 1 - rows;
        }
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

    /// Selects a node, unfolding its path. Returns false (and says why) if a filter hides it.
    pub fn select(&mut self, node: Node) -> bool {
        let filtered = self.filtered();
        self.tree.reveal(node, &self.library, filtered);
        self.rebuild_tree();
        match self.tree.position_of(node) {
            Some(i) => {
                self.tree.selected = i;
                true
            }
            None => false,
        }
    }

    /// Jumps to a node, remembering where we were.
    fn jump_to(&mut self, node: Node) -> bool {
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

    fn history_step(&mut self, back: bool) {
        let (from, to) = if back {
            (&mut self.history.back, &mut self.history.forward)
        } else {
            (&mut self.history.forward, &mut self.history.back)
        };
        let Some(target) = from.pop() else {
            self.say(if back { "Already at the oldest place" } else { "Already at the newest place" }, false);
            return;
        };
        if let Some(current) = self.tree.selected_node() {
            to.push(current);
        }
        if !self.select(target) {
            self.say("That place is hidden by the active filters", true);
        }
    }

    pub(crate) fn say(&mut self, text: impl Into<String>, error: bool) {
        self.message = Some(Message { text: text.into(), error });
    }

    fn apply_jump_input(&mut self, action: Action) {
        match action {
            Action::Submit => {
                self.mode = Mode::Browse;
                // Ids hold no spaces: a pasted `5 5` or ` 二.1 ` is read without them.
                let typed: String = self.jump_input.lines().concat().split_whitespace().collect();
                let typed = typed.as_str();
                if typed.is_empty() {
                    return;
                }
                let plan = self.current_plan();
                let p = self.library.plan(plan);
                match p.find_measure(typed) {
                    Some(index) => {
                        let node = Node::Measure(MeasureId { plan, index: index as u32 });
                        if !self.jump_to(node) {
                            self.say(format!("Measure {typed} is hidden by the active filters"), true);
                        }
                    }
                    None => {
                        let first = p.measures.first().map_or("", |m| &m.id);
                        let last = p.measures.last().map_or("", |m| &m.id);
                        self.say(format!("No measure {typed} (this plan has {first}–{last})"), true);
                    }
                }
            }
            Action::Cancel => self.mode = Mode::Browse,
            Action::Quit => self.should_quit = true,
            _ => {}
        }
    }

    fn start_search(&mut self) {
        self.search.origin = self.selected();
        self.search.input = TextArea::default();
        self.mode = Mode::Search;
    }

    fn apply_search_input(&mut self, action: Action) {
        match action {
            Action::Submit => {
                self.mode = Mode::Browse;
                if self.search.query.is_none() {
                    return;
                }
                let origin = self.search.origin.take();
                match self.first_hit_row().map(|i| self.tree.rows[i].node) {
                    Some(first) => {
                        self.select(first);
                        if let Some(origin) = origin.filter(|o| *o != first) {
                            self.history.back.push(origin);
                            self.history.forward.clear();
                        }
                    }
                    None => self.say(format!("No measure matches {}", self.search.input.lines().concat()), true),
                }
            }
            Action::Cancel => {
                self.mode = Mode::Browse;
                let origin = self.search.origin.take();
                self.clear_search();
                if let Some(origin) = origin {
                    self.select(origin);
                }
            }
            _ => {}
        }
    }

    /// The search text changed: search again (narrowing from an earlier result when the new
    /// query can only match a subset of it) and move to the first hit.
    pub(crate) fn search_changed(&mut self) {
        let text = self.search.input.lines().concat();
        let query = Query::parse(&text);
        if query.is_empty() {
            self.search.query = None;
            self.search.hits = None;
        } else {
            let within: Option<HitSet> =
                self.search.cache.iter().rev().find(|(older, _)| query.refines(older)).map(|(_, hits)| hits.clone());
            let hits = self.search_index().search(&query, within.as_ref(), &self.note_refs());
            self.search.cache.push((query.clone(), hits.clone()));
            // The oldest results go first, past a count and past a size (a large library's
            // result sets are large).
            let bytes = |cache: &[(Query, HitSet)]| -> usize {
                cache.iter().map(|(q, h)| q.heap_bytes() + h.heap_bytes()).sum()
            };
            while self.search.cache.len() > SEARCH_CACHE
                || (self.search.cache.len() > 1 && bytes(&self.search.cache) > SEARCH_CACHE_BYTES)
            {
                self.search.cache.remove(0);
            }
            self.search.query = Some(query);
            self.search.hits = Some(hits);
        }
        self.refilter();
        if let Some(first) = self.first_hit_row() {
            self.tree.selected = first;
        }
    }

    pub(crate) fn clear_search(&mut self) {
        self.search.query = None;
        self.search.hits = None;
        self.search.cache.clear();
        self.refilter();
    }

    fn next_hit(&mut self, forward: bool) {
        let Some(hits) = self.hits() else {
            self.say("No search: press / to search", true);
            return;
        };
        if hits.count() == 0 {
            self.say("No hits", true);
            return;
        }
        // Where we are, as a global measure id: the selected measure, or where the selected
        // chapter or section begins.
        let here = self.selected().map_or(0, |node| {
            let base = self.library.plan_range(node.plan()).start;
            base + node.measure_range(&self.library).start
        });
        let on_measure = self.selected().and_then(Node::measure).is_some();
        let (target, wrapped) = if forward {
            let from = if on_measure { here + 1 } else { here };
            match hits.next_from(from) {
                Some(t) => (Some(t), false),
                None => (hits.next_from(0), true),
            }
        } else {
            match hits.prev_before(here) {
                Some(t) => (Some(t), false),
                None => (hits.prev_before(hits.universe()), true),
            }
        };
        if wrapped {
            let text = if forward { "Search wrapped to the first hit" } else { "Search wrapped to the last hit" };
            self.say(text, false);
        }
        if let Some(global) = target {
            let node = Node::Measure(self.library.from_global(global));
            self.jump_to(node);
        }
    }
}
