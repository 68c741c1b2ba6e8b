//! Where the effects of the update step are carried out: the only place the browser
//! touches the disk (the marks file). Called by the event loop after a frame is drawn, by
//! `render` after each key, and at the end (`finish`).

use std::time::Duration;

use crate::marks::{EXIT_WAIT, SaveError};

use super::effect::Effect;
use super::state::{App, Mode, NoteEdit, Severity};

impl App {
    /// Carries out the effects of an update, in order.
    pub fn carry_out(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                Effect::SaveMarks => self.persist(),
                Effect::ReloadMarks => self.reload_marks(),
                Effect::StoreNote { id, text, base } => {
                    self.reload_marks();
                    if self.store_note(id, text, &base) {
                        self.persist();
                    }
                }
            }
        }
    }

    /// Saves unsaved marks; a failure is shown and retried later, never fatal.
    fn persist(&mut self) {
        match self.marks.save() {
            Ok(()) => {}
            // Not an error of this session: kept, and saved when the other one lets go.
            Err(SaveError::Locked { .. }) => self.say(crate::tr!("msg-marks-locked"), Severity::Error),
            // Read-only: said once, when the file was read.
            Err(_) if self.marks.read_only_reason().is_some() => {}
            Err(e) => self.report(crate::tr!("msg-marks-not-saved", error = e.to_string())),
        }
        self.take_notices();
    }

    /// Reads the marks file again if another planview changed it.
    fn reload_marks(&mut self) {
        if self.marks.refresh() {
            self.marks_refreshed();
        }
    }

    /// The marks were read again from the file: what is shown of them follows.
    fn marks_refreshed(&mut self) {
        self.take_notices();
        self.follow_marks();
        // An editor opened on a note that has not been typed in yet shows the note as saved.
        if let Mode::Note(edit) = &self.mode
            && super::input::text(&edit.editor) == edit.base
        {
            let id = edit.target;
            let note = self.mark_of(id).map(|m| m.note.clone()).unwrap_or_default();
            if note != edit.base {
                self.mode = Mode::Note(NoteEdit::new(id, note));
            }
        }
        self.sync();
    }

    /// Periodic work while idle: take in what another planview saved, retry a failed save.
    pub fn tick(&mut self) {
        if !matches!(self.mode, Mode::Note(_)) && self.marks.refresh() {
            self.marks_refreshed();
        }
        // One try at the lock: a retry never holds up the keys.
        if self.marks.is_dirty()
            && self.marks.read_only_reason().is_none()
            && self.marks.save_within(Duration::ZERO).is_ok()
        {
            self.say(crate::tr!("msg-marks-saved"), Severity::Info);
        }
    }

    /// Called when the program is about to end: a note being typed is kept and everything
    /// is saved. Returns the unsaved marks as JSON if saving failed.
    pub fn finish(&mut self) -> Option<String> {
        if let Some(effects) = self.close_note() {
            self.carry_out(effects);
        }
        match self.marks.save_within(EXIT_WAIT) {
            Ok(()) => None,
            Err(e) => Some(crate::tr!(
                "msg-unsaved-marks",
                path = self.marks.path().map(crate::text::safety::display_path).unwrap_or_default(),
                error = e.to_string(),
                json = self.marks.unsaved_json()
            )),
        }
    }
}
