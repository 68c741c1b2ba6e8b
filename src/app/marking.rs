//! Marks in the browser: toggling read and flagged (on one measure, or on a whole chapter or
//! section after a yes), the mark filter and the note editor. Saving is an effect (see
//! `effect.rs`): nothing here touches the disk.

use ratatui::crossterm::event::KeyEvent;

use crate::library::MeasureId;
use crate::marks::{MarkFilter, MarkKind};
use crate::search::{HitSet, NoteRef};

use super::action::Action;
use super::effect::Effect;
use super::input;
use super::keymap::KeyContext;
use super::node::Node;
use super::state::{App, BulkMark, BulkUndo, Mode, NoteEdit, Question, Severity};

impl App {
    /// `r` / `f`: toggles a measure's mark, or asks before marking every measure of a
    /// chapter, section or plan (all marked → unmark all, otherwise mark all).
    pub(crate) fn toggle_mark(&mut self, kind: MarkKind) {
        let Some(node) = self.selected() else { return };
        if let Node::Measure(id) = node {
            let current = self.mark_of(id).is_some_and(|m| m.get(kind));
            self.set_mark(id, kind, !current);
            self.after_marks_changed();
            return;
        }
        let ids = self.measures_under(node);
        if ids.is_empty() {
            self.say(crate::tr!("msg-no-measures-here"), Severity::Error);
            return;
        }
        let all = ids.iter().all(|&id| self.mark_of(id).is_some_and(|m| m.get(kind)));
        self.mode = Mode::Confirm(Question::Bulk(BulkMark { node, kind, set: !all, count: ids.len() }));
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

    fn set_mark(&mut self, id: MeasureId, kind: MarkKind, value: bool) {
        let plan = self.library.plan(id.plan).id.clone();
        let measure = self.library.measure(id).id.clone();
        self.marks.update(&plan, &measure, |m| m.set(kind, value));
    }

    pub(crate) fn apply_confirm(&mut self, action: Action) {
        let Mode::Confirm(question) = std::mem::take(&mut self.mode) else { return };
        match (question, action) {
            (Question::Bulk(bulk), Action::Submit) => {
                let ids = self.measures_under(bulk.node);
                let before = ids.iter().map(|&id| (id, self.mark_of(id).is_some_and(|m| m.get(bulk.kind)))).collect();
                for &id in &ids {
                    self.set_mark(id, bulk.kind, bulk.set);
                }
                self.last_bulk = Some(BulkUndo { kind: bulk.kind, set: bulk.set, before });
                if let Some(key) = self.keymap().keys(KeyContext::Tree, Action::Undo).first() {
                    self.say(crate::tr!("msg-bulk-done", n = ids.len(), key = key.to_string()), Severity::Info);
                }
                self.after_marks_changed();
            }
            // No: back to the editor with what was typed.
            (Question::DiscardNote(edit), Action::Cancel) => self.mode = Mode::Note(*edit),
            // Ctrl-C again (the key that asked) means yes, not quit.
            (Question::DiscardNote(_), Action::Submit | Action::Quit) => {
                self.say(crate::tr!("msg-note-discarded"), Severity::Info)
            }
            (_, Action::Quit) => self.should_quit = true,
            (Question::DiscardNote(edit), _) => self.mode = Mode::Confirm(Question::DiscardNote(edit)),
            _ => {}
        }
    }

    /// `z`: takes back the last mark on a whole chapter or section (each measure as it was).
    pub(crate) fn undo_bulk(&mut self) {
        let Some(undo) = self.last_bulk.take() else {
            self.say(crate::tr!("msg-nothing-to-undo"), Severity::Error);
            return;
        };
        for &(id, was) in &undo.before {
            self.set_mark(id, undo.kind, was);
        }
        self.say(crate::tr!("msg-bulk-undone", n = undo.before.len()), Severity::Info);
        self.after_marks_changed();
    }

    /// `m`: all → unread → flagged → all.
    pub(crate) fn cycle_mark_filter(&mut self) {
        self.set_mark_filter(self.mark_filter.next());
    }

    /// Shows only the measures with a mark (or all).
    pub(crate) fn set_mark_filter(&mut self, filter: MarkFilter) {
        self.mark_filter = filter;
        self.mark_hits = self.compute_mark_hits();
        self.refilter();
    }

    pub(crate) fn compute_mark_hits(&self) -> Option<HitSet> {
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

    /// After marks change: save (an effect), and narrow again if a mark filter depends on
    /// them.
    pub(crate) fn after_marks_changed(&mut self) {
        self.effects.push(Effect::SaveMarks);
        self.refresh_overdue();
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

    /// `e`: opens the note editor on the selected measure (and asks for the marks file to
    /// be read again, in case another planview saved a note here since).
    pub(crate) fn start_note(&mut self) {
        let Some(id) = self.selected().and_then(Node::measure) else {
            self.say(crate::tr!("msg-note-needs-measure"), Severity::Error);
            return;
        };
        let note = self.mark_of(id).map(|m| m.note.clone()).unwrap_or_default();
        self.mode = Mode::Note(NoteEdit::new(id, note));
        self.effects.push(Effect::ReloadMarks);
    }

    pub(crate) fn edit_note(&mut self, key: KeyEvent) {
        let Mode::Note(edit) = &mut self.mode else { return };
        let edited = input::edit_lines(&mut edit.editor, key, input::Lines::Many, input::NOTE_MAX);
        self.report_cut(edited, super::update::Cut::Note);
    }

    pub(crate) fn apply_note(&mut self, action: Action) {
        match action {
            Action::Submit | Action::Cancel | Action::Quit => self.commit_note(),
            Action::Discard => self.discard_note(),
            _ => {}
        }
    }

    /// Closes the editor without saving: at once if nothing was changed, else after a yes.
    fn discard_note(&mut self) {
        let Mode::Note(edit) = std::mem::take(&mut self.mode) else { return };
        if input::text(&edit.editor).trim_end() == edit.base.trim_end() {
            return;
        }
        self.mode = Mode::Confirm(Question::DiscardNote(Box::new(edit)));
    }

    /// Closes the editor; the note is stored by an effect (nothing typed is ever thrown
    /// away).
    pub(crate) fn commit_note(&mut self) {
        if let Some(effects) = self.close_note() {
            self.effects.extend(effects);
        }
    }

    /// Closes the note editor if it is open, returning the effect that stores the note.
    pub(crate) fn close_note(&mut self) -> Option<Vec<Effect>> {
        if !matches!(self.mode, Mode::Note(_)) {
            return None;
        }
        let Mode::Note(edit) = std::mem::take(&mut self.mode) else { return None };
        let typed = input::text(&edit.editor).trim_end().to_string();
        Some(vec![Effect::StoreNote { id: edit.target, text: typed, base: edit.base }])
    }

    /// Stores a note typed on top of `base`, against the marks as they are now; if the note
    /// was changed elsewhere meanwhile, both texts are kept. Returns whether it changed.
    pub(crate) fn store_note(&mut self, id: MeasureId, typed: String, base: &str) -> bool {
        let old = self.mark_of(id).map(|m| m.note.clone()).unwrap_or_default();
        // Saved elsewhere while it was being written here: both texts are kept.
        let changed_meanwhile = old != base && old != typed && typed != base;
        let text = if changed_meanwhile { crate::marks::join_notes(&old, &typed) } else { typed };
        if changed_meanwhile {
            self.report(crate::tr!("msg-note-merged"));
        }
        if text == old {
            return false;
        }
        let plan = self.library.plan(id.plan).id.clone();
        let measure = self.library.measure(id).id.clone();
        self.marks.update(&plan, &measure, |m| m.note = text);
        self.follow_marks();
        self.sync();
        true
    }

    /// After marks or notes changed: the mark filter and a search (notes are searched;
    /// earlier results no longer bound the new ones) are brought up to date.
    pub(crate) fn follow_marks(&mut self) {
        if self.mark_filter != MarkFilter::All {
            self.mark_hits = self.compute_mark_hits();
            self.refilter();
        }
        if self.search.query.is_some() {
            self.search.cache.clear();
            self.search_changed();
        }
    }

    /// Shows what the marks store has to say (a damaged file moved aside, …).
    pub(crate) fn take_notices(&mut self) {
        for notice in self.marks.take_notices() {
            self.report(notice.to_string());
        }
    }

    /// An error the user must not miss: on the status line now, and in the log printed on
    /// stderr when the program ends.
    pub(crate) fn report(&mut self, text: String) {
        if self.log.last() != Some(&text) {
            self.log.push(text.clone());
        }
        self.say(text, Severity::Error);
    }
}
