//! The browser over the first plans of a library still being read: the plans read so far
//! can be browsed (moved through, unfolded, read) while the rest are read; what needs the
//! whole library (search, filters, marks, the views over all plans) waits for it. A key
//! asking for that is kept, with every key after it, and acted on, in order, once the
//! library is complete.

use std::sync::Arc;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::effect::Effect;
use super::indexes::Indexes;
use super::state::{App, Held, Mode, Reading};
use super::tree::Tree;
use crate::library::Library;

/// The most keys and pastes kept while the plans are read.
pub const HELD_MAX: usize = 1000;

/// What may be done while the library is read: moving about the plans read so far, and
/// quitting.
const BROWSING: &[Action] = &[
    Action::Quit,
    Action::Up,
    Action::Down,
    Action::PageUp,
    Action::PageDown,
    Action::Top,
    Action::Bottom,
    Action::Open,
    Action::Close,
    Action::SwitchFocus,
];

impl App {
    /// A browser over `part`, the first plans of a library still being read (see
    /// [`Library::open_streaming`]): no index is built until [`App::finish_reading`]
    /// brings the whole library.
    pub fn while_reading(
        part: Library,
        width: u16,
        height: u16,
        options: super::Options,
        marks: crate::marks::Store,
    ) -> Self {
        let mut app = App::build(part, width, height, options, marks, Indexes::unstarted(), Tree::default());
        app.reading = Some(Reading::default());
        app
    }

    /// How far the reading has got, for the status line.
    pub fn reading_progress(&mut self, done: usize, total: usize) {
        if let Some(reading) = &mut self.reading {
            (reading.done, reading.total) = (done, total);
        }
    }

    /// More of the library has been read: `part` holds the plans read so far (those shown
    /// before it among them, at the same places).
    pub fn grow(&mut self, part: Library) {
        self.library = Arc::new(part);
        self.tree.library_changed();
        self.tree.rebuild(&self.library, None);
        self.refresh_overdue();
        self.sync();
    }

    /// The whole library has been read: it replaces the part shown, its indexes start, and
    /// the keys kept meanwhile are ready for [`App::replay_held`].
    pub fn finish_reading(&mut self, library: Library) {
        if library.plans.len() == 1 && self.tree.rows.len() == 1 {
            // As a single plan opens (the others did not load): unfolded.
            self.tree = Tree::new(&library);
        }
        self.grow(library);
        self.indexes = Indexes::start(&self.library);
        if let Some(reading) = self.reading.take() {
            self.replay = reading.held;
        }
    }

    /// Acts on the keys and pastes typed while the library was read, in order.
    #[must_use = "the effects are to be carried out (App::carry_out)"]
    pub fn replay_held(&mut self) -> Vec<Effect> {
        let mut effects = Vec::new();
        for held in std::mem::take(&mut self.replay) {
            effects.extend(match held {
                Held::Key(key) => self.handle_key(key),
                Held::Paste(text) => self.handle_paste(&text),
            });
        }
        effects
    }

    /// While the library is read: keeps `key` for later, unless nothing is kept yet and it
    /// only moves about. Returns whether it was kept (or dropped: too many kept). Ctrl-C
    /// quits at once, whatever was kept (as on the screen before the first plans).
    pub(crate) fn hold_key(&mut self, key: KeyEvent) -> bool {
        let Some(reading) = &self.reading else { return false };
        if reading.held.is_empty() && self.browses(&key) {
            return false;
        }
        if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
            self.should_quit = true;
            return true;
        }
        self.hold(Held::Key(key));
        true
    }

    /// While the library is read and keys are kept: keeps the paste after them.
    pub(crate) fn hold_paste(&mut self, text: &str) -> bool {
        match &self.reading {
            Some(reading) if !reading.held.is_empty() => {
                self.hold(Held::Paste(text.to_string()));
                true
            }
            _ => false,
        }
    }

    /// While the library is read and keys are kept, the mouse does nothing (a click
    /// would land on what the kept keys will have changed).
    pub(crate) fn mouse_waits(&self) -> bool {
        self.reading.as_ref().is_some_and(|r| !r.held.is_empty())
    }

    fn hold(&mut self, held: Held) {
        if let Some(reading) = &mut self.reading
            && reading.held.len() < HELD_MAX
        {
            reading.held.push(held);
        }
    }

    /// Whether a key only moves about the tree or the text (or quits): what the browser
    /// does with it now is what it would do with the whole library.
    fn browses(&self, key: &KeyEvent) -> bool {
        if !matches!(self.mode, Mode::Browse) {
            return false;
        }
        match self.resolve(key) {
            Some(action) => BROWSING.contains(&action),
            // Unbound, it does nothing while browsing; but Chinese starts a search and
            // Alt+key is read as Esc and the key.
            None => match key.code {
                KeyCode::Char(c) => {
                    !crate::text::numerals::is_han(c)
                        && !key.modifiers.intersects(KeyModifiers::ALT | KeyModifiers::CONTROL)
                }
                _ => true,
            },
        }
    }
}
