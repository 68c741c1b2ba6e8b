//! Searching on a thread of its own, so that typing a search never waits for it: in a
//! library of thousands of plans a keystroke's search takes longer than a frame, and the
//! typed character, the cursor and every other key must not wait for it.
//!
//! In a large library the first plans are searched first and their hits handed back at
//! once (a *first part*), so the tree fills while the rest are searched; the whole answer
//! follows.
//!
//! The browser sends each query as it is typed; the thread runs only the newest one (those
//! typed over meanwhile are skipped, and one under way stops at the next plan), and hands
//! its answer back through `deliver` (the event loop's queue), tagged with the number of its
//! query so an answer to an older query is never applied. `render`, tests and benches have
//! no searcher: they search in the update step itself.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, mpsc};

use crate::library::Library;
use crate::search::{HitSet, NoteRef, Query};

use super::indexes::Indexes;

/// A search for the thread.
struct Job {
    generation: u64,
    query: Query,
    /// The measures to search among (an earlier result this query narrows), if any.
    within: Option<HitSet>,
    /// The notes, as global measure id and text (the marks stay with the browser).
    notes: Vec<(usize, String)>,
}

/// The first part is searched separately only in libraries of more measures than this …
const PARTS_FROM: usize = 100_000;
/// … and is the first plans holding at least this many (in 10,000 plans of 77 measures,
/// about 260 plans: a few milliseconds of searching).
const FIRST_PART: usize = 20_000;

/// A search's answer: all of it, or the hits in the first plans (`complete` false; every hit
/// among them, so the first hit is already the first of all).
#[derive(Debug)]
pub struct SearchDone {
    pub generation: u64,
    pub hits: HitSet,
    pub complete: bool,
}

/// The searching thread, and the number of the newest query sent to it.
#[derive(Debug)]
pub struct Searcher {
    jobs: mpsc::Sender<Job>,
    latest: Arc<AtomicU64>,
}

impl Searcher {
    /// Starts the thread; `None` if no thread could be had (the browser then searches as
    /// it did without one). The thread ends when the searcher is dropped.
    pub(crate) fn start(
        library: Arc<Library>,
        indexes: Arc<Indexes>,
        deliver: Box<dyn Fn(SearchDone) + Send>,
    ) -> Option<Searcher> {
        let (jobs, incoming) = mpsc::channel::<Job>();
        let latest = Arc::new(AtomicU64::new(0));
        let newest = Arc::clone(&latest);
        let run = move || {
            let split = first_part(&library);
            while let Ok(mut job) = incoming.recv() {
                // Only the last query typed is worth an answer.
                while let Ok(newer) = incoming.try_recv() {
                    job = newer;
                }
                let current = || newest.load(Ordering::Relaxed) == job.generation;
                if !current() {
                    continue;
                }
                // Waits for the index build if it is under way.
                let index = indexes.search(&library);
                let notes: Vec<NoteRef<'_>> = job.notes.iter().map(|(id, text)| NoteRef { id: *id, text }).collect();
                let search = |within: &HitSet| index.search_unless(&job.query, Some(within), &notes, &|| !current());
                let all = job.within.unwrap_or_else(|| HitSet::full(library.measure_count()));
                let (mut first, mut rest) = (all.clone(), all);
                first.keep_in(0..split);
                rest.keep_in(split..usize::MAX);
                let Some(mut hits) = search(&first) else { continue };
                if split > 0 && hits.count() > 0 {
                    deliver(SearchDone { generation: job.generation, hits: hits.clone(), complete: false });
                }
                let Some(more) = search(&rest) else { continue };
                hits.union(&more);
                deliver(SearchDone { generation: job.generation, hits, complete: true });
            }
        };
        std::thread::Builder::new().name("search".into()).spawn(run).ok()?;
        Some(Searcher { jobs, latest })
    }

    /// Sends a query; returns its number, or `None` if the thread is gone (it panicked).
    pub(crate) fn send(&self, query: Query, within: Option<HitSet>, notes: Vec<(usize, String)>) -> Option<u64> {
        let generation = self.latest.fetch_add(1, Ordering::Relaxed) + 1;
        self.jobs.send(Job { generation, query, within, notes }).ok()?;
        Some(generation)
    }

    /// Stops the search under way, if any: its answer is no longer wanted.
    pub(crate) fn cancel(&self) {
        self.latest.fetch_add(1, Ordering::Relaxed);
    }
}

/// Where the first part of a search ends (a global measure id at a plan's start); 0 when the
/// library is small enough to search in one go.
fn first_part(library: &Library) -> usize {
    let total = library.measure_count();
    if total <= PARTS_FROM {
        return 0;
    }
    let end = (0..library.plans.len() as u32).map(|p| library.plan_range(p).end).find(|&end| end >= FIRST_PART);
    end.filter(|&end| end < total).unwrap_or(0)
}
