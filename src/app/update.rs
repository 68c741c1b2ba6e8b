//! The update step: the only place the application state changes. Terminal events come in,
//! the keymap turns keys into actions, actions change the state. Nothing here touches the
//! disk or the terminal: what must happen outside is returned as effects (`effect.rs`).

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect};
use ratatui_textarea::TextArea;

use crate::layout::Pane;
use crate::marks::MarkKind;

use super::action::Action;
use super::effect::Effect;
use super::input;
use super::key::Key;
use super::keymap::KeyContext;
use super::overview::Overview;
use super::picker::Picker;
use super::state::{App, Direction, Mode, Severity};

/// The ASCII key a full-width character typed with a Chinese input method stands for:
/// `、`→`/`, `。`→`.`, `：`→`:`, `？`→`?`, `，`→`,`, full-width letters, digits and signs →
/// their ASCII forms.
fn ime_ascii(key: &KeyEvent) -> Option<KeyEvent> {
    let KeyCode::Char(c) = key.code else { return None };
    let ascii = match c {
        '、' => '/',
        '。' => '.',
        '\u{ff01}'..='\u{ff5e}' => crate::text::numerals::to_halfwidth(c),
        _ => return None,
    };
    let mut mods = key.modifiers;
    mods.remove(KeyModifiers::SHIFT);
    Some(KeyEvent { code: KeyCode::Char(ascii), modifiers: mods, ..*key })
}

/// How many rows the mouse wheel scrolls.
const WHEEL_STEP: usize = 3;

impl App {
    /// Handles a key press; returns what must be done outside the state.
    #[must_use = "the effects are to be carried out (App::carry_out)"]
    pub fn handle_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        self.key(key);
        self.sync();
        self.take_effects()
    }

    fn key(&mut self, key: KeyEvent) {
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
        if self.hold_key(key) {
            return;
        }
        self.message = None;
        let context = self.context();
        let action = self.resolve(&key);
        // Chinese typed while browsing starts a search with it, as pickers do.
        if action.is_none()
            && matches!(context, KeyContext::Tree | KeyContext::Detail)
            && let KeyCode::Char(c) = key.code
            && !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
            && crate::text::numerals::is_han(c)
        {
            self.start_search();
            self.type_key(key);
            return;
        }
        // Esc followed quickly by a key arrives as Alt+key; where Alt+key means nothing, it
        // is read as the two keys the user typed.
        // (A shifted letter arrives as Alt+Shift: `<Esc>U` is Esc, then U.)
        if let KeyCode::Char(c) = key.code
            && Key::from_event(&key).mods == KeyModifiers::ALT
            && action.is_none()
            && !(matches!(context, KeyContext::Search | KeyContext::Picker) && matches!(c, 'b' | 'f' | 'd'))
        {
            self.key(KeyEvent::from(KeyCode::Esc));
            self.key(KeyEvent::from(KeyCode::Char(c)));
            return;
        }
        match action {
            Some(action) => self.apply(action),
            None => self.type_key(key),
        }
    }

    /// The action a key asks for in the current context, if the keymap binds it.
    pub(crate) fn resolve(&self, key: &KeyEvent) -> Option<Action> {
        let context = self.context();
        let action = self.keymap().lookup(context, key);
        let typing = matches!(context, KeyContext::Search | KeyContext::Jump | KeyContext::Picker | KeyContext::Note);
        // With a Chinese input method on, `/ : ?` arrive as `、 ： ？` and letters and digits
        // full-width: where they mean nothing themselves, they act as the keys they stand for.
        match action {
            None if !typing => ime_ascii(key).and_then(|ascii| self.keymap().lookup(context, &ascii)),
            action => action,
        }
    }

    /// A key the keymap does not bind: typed into the open input, if any.
    fn type_key(&mut self, key: KeyEvent) {
        match &mut self.mode {
            Mode::Search(search) => {
                let edited = input::edit(&mut search.input, key, input::SEARCH_MAX);
                self.report_cut(edited, Cut::Search);
                if edited.changed {
                    self.search_changed();
                }
            }
            Mode::Picker(picker) => {
                let edited = input::edit(&mut picker.input, key, input::PICKER_MAX);
                if edited.changed {
                    picker.refresh(self.indexes.units(&self.library));
                }
                self.report_cut(edited, Cut::Unit);
            }
            Mode::Note(_) => self.edit_note(key),
            Mode::Jump(jump) => {
                // A measure's number or id (12, 二.1, 附件1.4).
                let edited = input::edit(jump, key, input::JUMP_MAX);
                self.report_cut(edited, Cut::Jump);
            }
            Mode::Help { .. } => self.apply(Action::Cancel),
            _ => {}
        }
    }

    /// Handles text pasted into the terminal (bracketed paste).
    #[must_use = "the effects are to be carried out (App::carry_out)"]
    pub fn handle_paste(&mut self, text: &str) -> Vec<Effect> {
        if self.hold_paste(text) {
            return Vec::new();
        }
        match &mut self.mode {
            Mode::Search(search) => {
                let edited = input::paste_line(&mut search.input, text, input::SEARCH_MAX);
                self.search_changed();
                self.report_cut(edited, Cut::Search);
            }
            Mode::Picker(picker) => {
                let edited = input::paste_line(&mut picker.input, text, input::PICKER_MAX);
                picker.refresh(self.indexes.units(&self.library));
                self.report_cut(edited, Cut::Unit);
            }
            Mode::Jump(jump) => {
                let edited = input::paste_line(jump, text, input::JUMP_MAX);
                self.report_cut(edited, Cut::Jump);
            }
            Mode::Note(edit) => {
                let edited = input::paste_text(&mut edit.editor, text, input::NOTE_MAX);
                self.report_cut(edited, Cut::Note);
            }
            _ => {}
        }
        self.sync();
        self.take_effects()
    }

    /// Says so when text did not fit in an input.
    pub(crate) fn report_cut(&mut self, edited: input::Edited, which: Cut) {
        if edited.cut {
            let text = match which {
                Cut::Search => crate::tr!("msg-cut-search", max = input::SEARCH_MAX),
                Cut::Unit => crate::tr!("msg-cut-unit", max = input::PICKER_MAX),
                Cut::Jump => crate::tr!("msg-cut-jump", max = input::JUMP_MAX),
                Cut::Note => crate::tr!("msg-cut-note", max = input::NOTE_MAX),
            };
            self.say(text, Severity::Error);
        }
    }

    /// The terminal was resized.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = Rect::new(0, 0, width, height);
        self.sync();
    }

    /// Handles a mouse event: click selects, wheel scrolls the pane under the pointer.
    #[must_use = "the effects are to be carried out (App::carry_out)"]
    pub fn handle_mouse(&mut self, event: MouseEvent) -> Vec<Effect> {
        if !matches!(self.mode, Mode::Browse) || self.mouse_waits() {
            return Vec::new();
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
        self.take_effects()
    }

    /// Applies one action in the current mode.
    pub(crate) fn apply(&mut self, action: Action) {
        match self.mode {
            Mode::Search(_) => self.apply_search_input(action),
            Mode::Jump(_) => self.apply_jump_input(action),
            Mode::Picker(_) => self.apply_picker(action),
            Mode::Overview(_) => self.apply_overview(action),
            Mode::Due(_) => self.apply_due(action),
            Mode::Note(_) => self.apply_note(action),
            Mode::Confirm(_) => self.apply_confirm(action),
            Mode::Help { .. } => self.apply_help(action),
            Mode::Views { .. } => self.apply_views(action),
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
            (Action::NextHit, _) => self.next_hit(Direction::Forward),
            (Action::PrevHit, _) => self.next_hit(Direction::Backward),
            (Action::ClearSearch, _) if self.search.query.is_some() => self.clear_search(),
            (Action::Jump, _) => self.mode = Mode::Jump(TextArea::default()),
            (Action::PickUnit, _) => {
                if self.units().units.is_empty() {
                    self.say(crate::tr!("msg-no-units"), Severity::Error);
                } else {
                    let lead_only = self.unit_filter.as_ref().is_some_and(|f| f.lead_only);
                    self.mode = Mode::Picker(Picker::new(self.units(), lead_only));
                }
            }
            (Action::ClearUnit, _) if self.unit_filter.is_some() => {
                self.unit_filter = None;
                self.refilter();
            }
            (Action::Overview, _) => self.mode = Mode::Overview(Overview::new(self.units())),
            (Action::ToggleRead, _) => self.toggle_mark(MarkKind::Read),
            (Action::ToggleFlag, _) => self.toggle_mark(MarkKind::Flagged),
            (Action::ToggleDone, _) => self.toggle_mark(MarkKind::Done),
            (Action::DueView, _) => self.open_due(),
            (Action::CycleMarks, _) => self.cycle_mark_filter(),
            (Action::EditNote, _) => self.start_note(),
            (Action::Back, _) => self.history_step(Direction::Backward),
            (Action::Forward, _) => self.history_step(Direction::Forward),
            (Action::Help, _) => self.mode = Mode::Help { scroll: 0 },
            (Action::Views, _) => self.open_views(),
            (Action::Undo, _) => self.undo_bulk(),
            (Action::TreeNarrower, _) => self.resize_tree(-5),
            (Action::TreeWider, _) => self.resize_tree(5),
            _ => {}
        }
    }

    fn apply_help(&mut self, action: Action) {
        let Mode::Help { scroll } = &mut self.mode else { return };
        match action {
            Action::Down => *scroll += 1,
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::Quit => self.should_quit = true,
            _ => self.mode = Mode::Browse,
        }
    }
}

/// An input that may be cut short, for the message saying so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cut {
    Search,
    Unit,
    Jump,
    Note,
}
