//! Marks in the browser: toggling read and flagged (on one measure, or on a whole chapter or
//! section after a yes), the mark filter, the note editor, and saving after every change.

use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::{TextArea, WrapMode};

use crate::library::MeasureId;
use std::time::Duration;

use crate::marks::{EXIT_WAIT, MarkFilter, SaveError};
use crate::search::{HitSet, NoteRef};

use super::action::Action;
use super::input;
use super::node::Node;
use super::state::{App, BulkMark, Mode};

impl App {
    /// `r` / `f`: toggles a measure's mark, or asks before marking every measure of a
    /// chapter, section or plan (all marked → unmark all, otherwise mark all).
    pub(crate) fn toggle_mark(&mut self, flag: bool) {
        let Some(node) = self.selected() else { return };
        if let Node::Measure(id) = node {
            let current = self.mark_of(id).is_some_and(|m| if flag { m.flagged } else { m.read });
            self.set_mark(id, flag, !current);
            self.after_marks_changed();
            return;
        }
        let ids = self.measures_under(node);
        if ids.is_empty() {
            self.say("No measures here", true);
            return;
        }
        let all = ids.iter().all(|&id| self.mark_of(id).is_some_and(|m| if flag { m.flagged } else { m.read }));
        self.pending = Some(BulkMark { node, flag, set: !all, count: ids.len() });
        self.mode = Mode::Confirm;
    }

    /// The measures under a node that the tree shows (the filters apply).
    fn measures_under(&self, node: Node) -> Vec<MeasureId> {
        let plan = node.plan();
        let base = self.library.plan_range(plan).start;
        node.measure_range(&self.library)
            .filter(|&m| self.visible.as_ref().is_none_or(|v| v.contains(base + m)))
            .map(|m| MeasureId { plan, index: m as u32 })
            .collect()
    }

    fn set_mark(&mut self, id: MeasureId, flag: bool, value: bool) {
        let plan = self.library.plan(id.plan).id.clone();
        let measure = self.library.measure(id).id.clone();
        self.marks.update(&plan, &measure, |m| if flag { m.flagged = value } else { m.read = value });
    }

    pub(crate) fn apply_confirm(&mut self, action: Action) {
        let pending = self.pending.take();
        self.mode = Mode::Browse;
        match (action, pending) {
            (Action::Submit, Some(bulk)) => {
                for id in self.measures_under(bulk.node) {
                    self.set_mark(id, bulk.flag, bulk.set);
                }
                self.after_marks_changed();
            }
            (Action::Quit, _) => self.should_quit = true,
            _ => {}
        }
    }

    /// `m`: all → unread → flagged → all.
    pub(crate) fn cycle_mark_filter(&mut self) {
        self.mark_filter = self.mark_filter.next();
        self.mark_hits = self.compute_mark_hits();
        self.refilter();
    }

    fn compute_mark_hits(&self) -> Option<HitSet> {
        if self.mark_filter == MarkFilter::All {
            return None;
        }
        let mut hits = HitSet::empty(self.library.measure_count());
        for id in self.library.measure_ids() {
            if self.mark_filter.keeps(self.mark_of(id)) {
                hits.insert(self.library.global(id));
            }
        }
        Some(hits)
    }

    /// After marks change: save, and narrow again if a mark filter or a search over notes
    /// depends on them.
    pub(crate) fn after_marks_changed(&mut self) {
        self.persist();
        if self.mark_filter != MarkFilter::All {
            self.mark_hits = self.compute_mark_hits();
            self.refilter();
        }
    }

    /// Notes of every plan, for the search.
    pub(crate) fn note_refs(&self) -> Vec<NoteRef<'_>> {
        let mut out = Vec::new();
        for (p, loaded) in self.library.plans.iter().enumerate() {
            for (measure, mark) in self.marks.plan_marks(&loaded.plan.id) {
                if !mark.note.is_empty()
                    && let Some(index) = loaded.plan.measure_index(measure)
                {
                    let id = MeasureId { plan: p as u32, index: index as u32 };
                    out.push(NoteRef { id: self.library.global(id), text: &mark.note });
                }
            }
        }
        out
    }

    /// `e`: opens the note editor on the selected measure.
    pub(crate) fn start_note(&mut self) {
        let Some(id) = self.selected().and_then(Node::measure) else {
            self.say("Notes belong to measures: select a measure first", true);
            return;
        };
        // Another planview may have saved a note here since the file was read.
        if self.marks.refresh() {
            self.marks_refreshed();
        }
        let note = self.mark_of(id).map(|m| m.note.clone()).unwrap_or_default();
        let mut editor = TextArea::new(note.split('\n').map(String::from).collect());
        self.note_base = note;
        editor.set_wrap_mode(WrapMode::WordOrGlyph);
        editor.move_cursor(ratatui_textarea::CursorMove::Bottom);
        editor.move_cursor(ratatui_textarea::CursorMove::End);
        self.note_editor = editor;
        self.note_target = Some(id);
        self.mode = Mode::Note;
    }

    pub(crate) fn edit_note(&mut self, key: KeyEvent) {
        let edited = input::edit_lines(&mut self.note_editor, key, true, input::NOTE_MAX);
        self.report_cut(edited, "a note", input::NOTE_MAX);
    }

    pub(crate) fn apply_note(&mut self, action: Action) {
        if matches!(action, Action::Submit | Action::Cancel | Action::Quit) {
            self.commit_note();
        }
    }

    /// Saves the note being edited (nothing typed is ever thrown away) and closes the editor.
    pub(crate) fn commit_note(&mut self) {
        self.mode = Mode::Browse;
        let Some(id) = self.note_target.take() else {
            return;
        };
        let typed = self.note_editor.lines().join("\n");
        let typed = typed.trim_end().to_string();
        let base = std::mem::take(&mut self.note_base);
        if self.marks.refresh() {
            self.marks_refreshed();
        }
        let old = self.mark_of(id).map(|m| m.note.clone()).unwrap_or_default();
        // Saved elsewhere while it was being written here: both texts are kept.
        let changed_meanwhile = old != base && old != typed && typed != base;
        let text = if changed_meanwhile { crate::marks::join_notes(&old, &typed) } else { typed };
        if changed_meanwhile {
            self.report(
                "This note was changed elsewhere while you wrote it: both texts are kept, the other first".into(),
            );
        }
        if text != old {
            let plan = self.library.plan(id.plan).id.clone();
            let measure = self.library.measure(id).id.clone();
            self.marks.update(&plan, &measure, |m| m.note = text);
            self.after_marks_changed();
            if self.search.query.is_some() {
                // Notes are searched: earlier results no longer bound the new ones.
                self.search.cache.clear();
                self.search_changed();
            }
        }
    }

    /// Saves unsaved marks; a failure is shown and retried later, never fatal.
    pub fn persist(&mut self) {
        match self.marks.save() {
            Ok(()) => {}
            // Not an error of this session: kept, and saved when the other one lets go.
            Err(SaveError::Locked { .. }) => self.say("Marks are locked by another planview; will retry", true),
            // Read-only: said once, when the file was read.
            Err(_) if self.marks.read_only_reason().is_some() => {}
            Err(e) => self.report(format!("Marks not saved: {e} (will retry)")),
        }
        self.take_notices();
    }

    /// Shows what the marks store has to say (a damaged file moved aside, …).
    pub(crate) fn take_notices(&mut self) {
        for notice in self.marks.take_notices() {
            self.report(notice.to_string());
        }
    }

    /// An error the user must not miss: on the status line now, and in the log printed on
    /// stderr when the program ends.
    fn report(&mut self, text: String) {
        if self.log.last() != Some(&text) {
            self.log.push(text.clone());
        }
        self.say(text, true);
    }

    /// Called when the program is about to end: a note being typed is kept and everything
    /// is saved. Returns the unsaved marks as JSON if saving failed.
    pub fn finish(&mut self) -> Option<String> {
        if self.mode == Mode::Note {
            self.commit_note();
        }
        match self.marks.save_within(EXIT_WAIT) {
            Ok(()) => None,
            Err(e) => Some(format!(
                "could not save marks to {} ({e}); the unsaved marks follow:\n{}",
                self.marks.path().map(crate::text::safety::display_path).unwrap_or_default(),
                self.marks.unsaved_json()
            )),
        }
    }

    /// The marks were read again from the file: what is shown of them follows.
    pub(crate) fn marks_refreshed(&mut self) {
        self.take_notices();
        if self.mark_filter != MarkFilter::All {
            self.mark_hits = self.compute_mark_hits();
            self.refilter();
        }
        if self.search.query.is_some() {
            // Notes are searched.
            self.search.cache.clear();
            self.search_changed();
        }
    }

    /// Periodic work while idle: take in what another planview saved, retry a failed save.
    pub fn tick(&mut self) {
        if self.mode != Mode::Note && self.marks.refresh() {
            self.marks_refreshed();
        }
        // One try at the lock: a retry never holds up the keys.
        if self.marks.is_dirty()
            && self.marks.read_only_reason().is_none()
            && self.marks.save_within(Duration::ZERO).is_ok()
        {
            self.say("Marks saved", false);
        }
    }
}
