//! The search: typing it (the tree narrows with each keystroke), accepting or cancelling
//! it, a saved view's search, and stepping through the hits.

use std::sync::Arc;

use ratatui_textarea::TextArea;

use crate::search::{HitSet, Query};

use super::action::Action;
use super::keymap::KeyContext;
use super::node::Node;
use super::searcher::{SearchDone, Searcher};
use super::state::{App, Direction, Mode, PendingSearch, SearchInput, Severity};

/// How many earlier searches are kept for narrowing.
const SEARCH_CACHE: usize = 32;
/// And at most this many bytes of them.
const SEARCH_CACHE_BYTES: usize = 16 << 20;

impl App {
    pub(crate) fn start_search(&mut self) {
        self.mode = Mode::Search(SearchInput { input: TextArea::default(), origin: self.selected() });
    }

    pub(crate) fn apply_search_input(&mut self, action: Action) {
        match action {
            Action::Submit => {
                let Mode::Search(search) = std::mem::take(&mut self.mode) else { return };
                let typed = search.input.lines().concat();
                if let Some(pending) = self.search.pending.as_mut().filter(|p| !p.first_part_shown) {
                    // The answer is still coming: the first hit is gone to when it does.
                    pending.submit = Some((search.origin, typed));
                    return;
                }
                if self.search.query.is_none() {
                    return;
                }
                self.go_to_first_hit(search.origin, &typed);
            }
            Action::Cancel => {
                let Mode::Search(search) = std::mem::take(&mut self.mode) else { return };
                let origin = search.origin;
                self.clear_search();
                if let Some(origin) = origin {
                    self.select(origin);
                }
            }
            _ => {}
        }
    }

    /// Selects the first hit (remembering `origin` in the jump list), or says there is none.
    fn go_to_first_hit(&mut self, origin: Option<Node>, typed: &str) {
        match self.first_hit_row().map(|i| self.tree.rows[i].node) {
            Some(first) => {
                self.select(first);
                if let Some(origin) = origin.filter(|o| *o != first) {
                    self.history.back.push(origin);
                    self.history.forward.clear();
                }
            }
            None => self.say(crate::tr!("msg-no-match", typed = typed), Severity::Error),
        }
    }

    /// Searches for `text` as if it had been typed after `/` and accepted (a saved view).
    pub fn search_for(&mut self, text: &str) {
        let origin = self.selected();
        self.run_search(text, false);
        if self.search.query.is_some() {
            self.go_to_first_hit(origin, text);
        }
    }

    /// The search text changed: search again and move to the first hit.
    pub(crate) fn search_changed(&mut self) {
        let text = match &self.mode {
            Mode::Search(search) => search.input.lines().concat(),
            _ => self.search.query.as_ref().map(|q| q.raw.clone()).unwrap_or_default(),
        };
        self.run_search(&text, true);
    }

    /// Searches for `text` (narrowing from an earlier result when the new query can only
    /// match a subset of it) and moves to the first hit. With `background` and a searching
    /// thread, the search is sent there (unless an earlier answer is this query's) and its
    /// answer applied when it comes ([`App::search_done`]).
    fn run_search(&mut self, text: &str, background: bool) {
        self.drop_pending_search();
        let query = Query::parse(text);
        if query.is_empty() {
            self.show_hits(None);
            return;
        }
        let kept = self.search.cache.iter().rev().find(|(older, _)| query.raw.trim() == older.raw.trim());
        if let Some((_, hits)) = kept {
            let hits = hits.clone();
            self.show_hits(Some((query, hits)));
            return;
        }
        let within: Option<HitSet> =
            self.search.cache.iter().rev().find(|(older, _)| query.refines(older)).map(|(_, hits)| hits.clone());
        if background && let Some(searcher) = &self.searcher {
            let notes = self.note_refs().iter().map(|n| (n.id, n.text.to_string())).collect();
            if let Some(generation) = searcher.send(query.clone(), within.clone(), notes) {
                self.search.pending = Some(PendingSearch { generation, query, submit: None, first_part_shown: false });
                return;
            }
        }
        let hits = self.search_index().search(&query, within.as_ref(), &self.note_refs());
        self.remember(&query, &hits);
        self.show_hits(Some((query, hits)));
    }

    /// The searching thread's answer: applied if it is the answer to the query last typed.
    /// The first plans' hits are shown while the rest are searched; the whole answer then
    /// replaces them, leaving the selection where it is by then.
    pub fn search_done(&mut self, done: SearchDone) {
        let Some(pending) = self.search.pending.as_mut().filter(|p| p.generation == done.generation) else { return };
        if !done.complete {
            pending.first_part_shown = true;
            let (query, submit) = (pending.query.clone(), pending.submit.take());
            self.show_hits(Some((query, done.hits)));
            if let Some((origin, typed)) = submit {
                self.go_to_first_hit(origin, &typed);
            }
            self.sync();
            return;
        }
        let Some(pending) = self.search.pending.take() else { return };
        self.remember(&pending.query, &done.hits);
        if pending.first_part_shown {
            self.set_hits(Some((pending.query, done.hits)));
        } else {
            self.show_hits(Some((pending.query, done.hits)));
        }
        if let Some((origin, typed)) = pending.submit {
            self.go_to_first_hit(origin, &typed);
        }
        self.sync();
    }

    /// Whether a search is under way on the searching thread.
    pub fn searching(&self) -> bool {
        self.search.pending.is_some()
    }

    /// Keeps a result to narrow later queries from. The oldest results go first, past a
    /// count and past a size (a large library's result sets are large).
    fn remember(&mut self, query: &Query, hits: &HitSet) {
        self.search.cache.push((query.clone(), hits.clone()));
        let bytes =
            |cache: &[(Query, HitSet)]| -> usize { cache.iter().map(|(q, h)| q.heap_bytes() + h.heap_bytes()).sum() };
        while self.search.cache.len() > SEARCH_CACHE
            || (self.search.cache.len() > 1 && bytes(&self.search.cache) > SEARCH_CACHE_BYTES)
        {
            self.search.cache.remove(0);
        }
    }

    /// Narrows the tree to a query's hits (none: no search), the selection kept where it is.
    fn set_hits(&mut self, result: Option<(Query, HitSet)>) {
        (self.search.query, self.search.hits) = result.map_or((None, None), |(q, h)| (Some(q), Some(h)));
        self.refilter();
    }

    /// Shows a query's hits (none: no search) and selects the first.
    fn show_hits(&mut self, result: Option<(Query, HitSet)>) {
        self.set_hits(result);
        if let Some(first) = self.first_hit_row() {
            self.tree.selected = first;
        }
    }

    /// Forgets the search under way on the searching thread, and stops it.
    fn drop_pending_search(&mut self) {
        if self.search.pending.take().is_some()
            && let Some(searcher) = &self.searcher
        {
            searcher.cancel();
        }
    }

    /// Sends searches to a thread of their own from now on, their answers to `deliver`
    /// (which hands them back to [`App::search_done`]).
    pub fn search_in_background(&mut self, deliver: impl Fn(SearchDone) + Send + 'static) {
        let (library, indexes) = (Arc::clone(&self.library), Arc::clone(&self.indexes));
        self.searcher = Searcher::start(library, indexes, Box::new(deliver));
    }

    pub(crate) fn clear_search(&mut self) {
        self.drop_pending_search();
        self.search.query = None;
        self.search.hits = None;
        self.search.cache.clear();
        self.refilter();
    }

    pub(crate) fn next_hit(&mut self, direction: Direction) {
        let forward = direction == Direction::Forward;
        if self.searching() && self.hits().is_none() {
            // Accepted before its answer came: the first hit is gone to when it comes.
            self.say(crate::tr!("msg-still-searching"), Severity::Info);
            return;
        }
        let Some(hits) = self.hits() else {
            let text = match self.keymap().keys(KeyContext::Tree, Action::Search).first() {
                Some(key) => crate::tr!("msg-no-search-key", key = key.to_string()),
                None => crate::tr!("msg-no-search"),
            };
            self.say(text, Severity::Error);
            return;
        };
        if hits.count() == 0 {
            self.say(crate::tr!("msg-no-hits"), Severity::Error);
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
            let text = if forward { crate::tr!("msg-wrapped-first") } else { crate::tr!("msg-wrapped-last") };
            self.say(text, Severity::Info);
        }
        if let Some(global) = target {
            let node = Node::Measure(self.library.from_global(global));
            self.jump_to(node);
        }
    }
}
