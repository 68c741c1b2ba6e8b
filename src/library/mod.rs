//! A library: the plans opened together (the embedded seed, files, folders), with the
//! indexes the browser and the commands share.

pub mod cache;
pub mod inputs;
pub mod units;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::plan::{LoadError, LoadedPlan, Measure, Plan, load_embedded, load_path};

pub use units::{UnitIndex, UnitStats};

/// What [`scan`] found: for each plan `scan` returned something for, its id (made distinct
/// over all the plans read, as in a library of all of them) and what it returned; and the
/// files that did not load.
pub struct Scanned<T> {
    pub found: Vec<(String, T)>,
    pub skipped: Vec<Skipped>,
    /// How many plans were read from the parse cache rather than parsed.
    pub from_cache: usize,
}

/// Reads files and folders like [`Library::open`], running `scan` on each plan as it is read
/// and letting the plan go at once: a search over a thousand plans holds what it found,
/// not the plans.
pub fn scan<T: Send>(args: &[PathBuf], scan: impl Fn(&Plan) -> Option<T> + Sync) -> Scanned<T> {
    scan_counted(args, scan, &Progress::default())
}

/// How far the reading of a library has got, for a progress line: files read of the files
/// found (0 of 0 until the folders have been walked).
#[derive(Debug, Default)]
pub struct Progress {
    pub done: AtomicUsize,
    pub total: AtomicUsize,
}

impl Progress {
    pub fn get(&self) -> (usize, usize) {
        (self.done.load(Ordering::Relaxed), self.total.load(Ordering::Relaxed))
    }

    fn start(&self, total: usize) {
        self.total.store(total, Ordering::Relaxed);
    }

    fn one_done(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }
}

/// [`scan`], counting the files read in `progress`.
pub fn scan_counted<T: Send>(
    args: &[PathBuf],
    scan: impl Fn(&Plan) -> Option<T> + Sync,
    progress: &Progress,
) -> Scanned<T> {
    scan_quick(args, &|_| None, scan, progress)
}

/// What a quick look at a plan's measures decided: what [`scan`] would have returned for
/// the plan (`Some(None)`: nothing), or `None` if the plan must be read to know.
pub type Quick<T> = Option<Option<T>>;

/// [`scan_counted`], first giving `quick` each plan that the parse cache holds as its
/// measures only ([`cache::RawPlan`]), without making a plan of it: where `quick` decides,
/// `scan` is not run. `quick` must decide as `scan` would.
pub fn scan_quick<T: Send>(
    args: &[PathBuf],
    quick: &(dyn Fn(&cache::RawPlan<'_>) -> Quick<T> + Sync),
    scan: impl Fn(&Plan) -> Option<T> + Sync,
    progress: &Progress,
) -> Scanned<T> {
    enum Outcome<T> {
        Read(String, crate::plan::Source, Option<T>),
        Failed(LoadError, bool),
    }
    let read = |loaded: LoadedPlan| {
        let found = scan(&loaded.plan);
        Outcome::Read(loaded.plan.id, loaded.source, found)
    };
    let mut from_cache = 0;
    let outcomes: Vec<Outcome<T>> = if args.is_empty() {
        vec![read(load_embedded())]
    } else {
        let (inputs, errors) = inputs::collect(args);
        progress.start(inputs.len());
        let session = cache::Session::open(args);
        let mut outcomes: Vec<Outcome<T>> = errors.into_iter().map(|(e, named)| Outcome::Failed(e, named)).collect();
        let (read_now, slots): (Vec<Outcome<T>>, Vec<cache::Slot>) = inputs
            .par_iter()
            .map(|input| {
                if let Some((id, source, found, slot)) = session.as_ref().and_then(|s| s.quick(input, quick)) {
                    progress.one_done();
                    return (Outcome::Read(id, source, found), slot);
                }
                let (result, slot) = load_input(session.as_ref(), input);
                let outcome = match result {
                    Ok(loaded) => read(loaded),
                    Err(error) => Outcome::Failed(error, input.named),
                };
                progress.one_done();
                (outcome, slot)
            })
            .unzip();
        from_cache = slots.iter().filter(|s| matches!(s, cache::Slot::Hit { .. })).count();
        if let Some(session) = session {
            session.finish(slots);
        }
        outcomes.extend(read_now);
        outcomes
    };
    let ids: Vec<(String, &crate::plan::Source)> = outcomes
        .iter()
        .filter_map(|o| match o {
            Outcome::Read(id, source, _) => Some((id.clone(), source)),
            Outcome::Failed(..) => None,
        })
        .collect();
    let mut distinct = distinct_ids(&ids).into_iter();
    let (mut found, mut skipped) = (Vec::new(), Vec::new());
    for outcome in outcomes {
        match outcome {
            Outcome::Read(_, _, result) => {
                let id = distinct.next().unwrap_or_default();
                if let Some(result) = result {
                    found.push((id, result));
                }
            }
            Outcome::Failed(error, named) => skipped.push(Skipped { error, named }),
        }
    }
    Scanned { found, skipped, from_cache }
}

/// Loads one input, through the parse cache when it is on.
fn load_input(session: Option<&cache::Session>, input: &inputs::Input) -> (Result<LoadedPlan, LoadError>, cache::Slot) {
    match session {
        Some(session) => session.load(input),
        None => (load_path(&input.path), cache::Slot::Nothing),
    }
}

/// What the reading of a library hands the browser ([`Library::open_streaming`]): the
/// plans read so far, as often as it has more, then the whole library.
pub enum Opening {
    Part(Library),
    Whole(Library),
}

/// How many files are read at a time (on every core) by [`Library::open_streaming`]: a
/// first few, so the first part comes soon, then twice as many each time up to [`BATCH`].
const FIRST_BATCH: usize = 16;
const BATCH: usize = 256;
/// How often [`Library::open_streaming`] hands out the plans read so far.
pub const PART_EVERY: Duration = Duration::from_millis(250);

/// A measure in a library: plan position and measure position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MeasureId {
    pub plan: u32,
    pub index: u32,
}

/// A file that did not load, and whether the user named it directly.
#[derive(Debug, Clone)]
pub struct Skipped {
    pub error: LoadError,
    pub named: bool,
}

/// The plans opened together.
#[derive(Debug, Clone, Default)]
pub struct Library {
    /// Shared with the parts of the library shown while it was read.
    pub plans: Vec<Arc<LoadedPlan>>,
    /// Inputs that were not plans, with the reason.
    pub skipped: Vec<Skipped>,
    /// Global id of each plan's first measure.
    offsets: Vec<usize>,
    /// How many plans were read from the parse cache rather than parsed.
    pub from_cache: usize,
}

impl Library {
    /// Opens the embedded plan when `args` is empty, else every file and folder given
    /// (loaded in parallel). Never fails: what does not load is listed in `skipped`.
    pub fn open(args: &[PathBuf]) -> Self {
        Library::open_counted(args, &Progress::default())
    }

    /// [`Library::open`], counting the files read in `progress`.
    pub fn open_counted(args: &[PathBuf], progress: &Progress) -> Self {
        Library::open_streaming(args, progress, &mut |_| {})
    }

    /// [`Library::open_counted`], handing `part` the plans read so far, as a library of
    /// their own, while the rest are read: first once the first few are, then every
    /// [`PART_EVERY`]. The files are read in order, a batch at a time (each on every
    /// core; see [`BATCH`]), so a part is always the first plans of the whole library, at the same
    /// places: a plan, chapter or measure chosen in a part is the same one in the library
    /// that follows (only a plan's id may change, if a later plan shares it). A part
    /// shares its plans with the library; it lists no skipped files.
    pub fn open_streaming(args: &[PathBuf], progress: &Progress, part: &mut dyn FnMut(Library)) -> Self {
        if args.is_empty() {
            return Library::from_plans(vec![load_embedded()], Vec::new());
        }
        let (inputs, errors) = inputs::collect(args);
        progress.start(inputs.len());
        let session = cache::Session::open(args);
        let mut skipped: Vec<Skipped> = errors.into_iter().map(|(error, named)| Skipped { error, named }).collect();
        let mut plans: Vec<Arc<LoadedPlan>> = Vec::with_capacity(inputs.len());
        let mut slots: Vec<cache::Slot> = Vec::with_capacity(inputs.len());
        let mut last_part: Option<Instant> = None;
        let (mut at, mut size) = (0, FIRST_BATCH);
        while at < inputs.len() {
            let batch = &inputs[at..(at + size).min(inputs.len())];
            (at, size) = (at + batch.len(), (size * 2).min(BATCH));
            let (results, batch_slots): (Vec<_>, Vec<_>) = batch
                .par_iter()
                .map(|input| {
                    if crate::crash_test::is("slow-reading") {
                        std::thread::sleep(std::time::Duration::from_millis(100));
                    }
                    let (result, slot) = load_input(session.as_ref(), input);
                    progress.one_done();
                    ((result, input.named), slot)
                })
                .unzip();
            slots.extend(batch_slots);
            for (result, named) in results {
                match result {
                    Ok(plan) => plans.push(Arc::new(plan)),
                    Err(error) => skipped.push(Skipped { error, named }),
                }
            }
            let due = last_part.is_none_or(|at| at.elapsed() >= PART_EVERY);
            if due && at < inputs.len() && !plans.is_empty() {
                part(Library::from_shared(plans.clone(), Vec::new()));
                last_part = Some(Instant::now());
            }
        }
        let from_cache = slots.iter().filter(|s| matches!(s, cache::Slot::Hit { .. })).count();
        if let Some(session) = session {
            session.finish(slots);
        }
        let mut library = Library::from_shared(plans, skipped);
        library.from_cache = from_cache;
        library
    }

    /// A library of already loaded plans; ids shared by several plans are made distinct.
    pub fn from_plans(plans: Vec<LoadedPlan>, skipped: Vec<Skipped>) -> Self {
        Library::from_shared(plans.into_iter().map(Arc::new).collect(), skipped)
    }

    /// [`Library::from_plans`] of plans that may be shared with another library (a part
    /// of it: a plan whose id must change here is copied first).
    fn from_shared(mut plans: Vec<Arc<LoadedPlan>>, skipped: Vec<Skipped>) -> Self {
        let ids: Vec<(String, &crate::plan::Source)> = plans.iter().map(|p| (p.plan.id.clone(), &p.source)).collect();
        let distinct = distinct_ids(&ids);
        for (plan, id) in plans.iter_mut().zip(distinct) {
            if plan.plan.id != id {
                Arc::make_mut(plan).plan.id = id;
            }
        }
        let mut offsets = Vec::with_capacity(plans.len());
        let mut total = 0;
        for p in &plans {
            offsets.push(total);
            total += p.plan.measures.len();
        }
        Library { plans, skipped, offsets, from_cache: 0 }
    }

    pub fn plan(&self, index: u32) -> &Plan {
        &self.plans[index as usize].plan
    }

    pub fn measure(&self, id: MeasureId) -> &Measure {
        &self.plans[id.plan as usize].plan.measures[id.index as usize]
    }

    /// The number of measures in all plans.
    pub fn measure_count(&self) -> usize {
        self.plans.iter().map(|p| p.plan.measures.len()).sum()
    }

    /// The dense global id of a measure (for bitsets).
    pub fn global(&self, id: MeasureId) -> usize {
        self.offsets[id.plan as usize] + id.index as usize
    }

    /// The measure with a dense global id.
    pub fn from_global(&self, global: usize) -> MeasureId {
        let plan = self.offsets.partition_point(|&o| o <= global) - 1;
        MeasureId { plan: plan as u32, index: (global - self.offsets[plan]) as u32 }
    }

    /// Global ids of the measures of one plan.
    pub fn plan_range(&self, plan: u32) -> std::ops::Range<usize> {
        let start = self.offsets[plan as usize];
        start..start + self.plans[plan as usize].plan.measures.len()
    }

    /// All plans as plain references (for index builders).
    pub fn plan_refs(&self) -> Vec<&Plan> {
        self.plans.iter().map(|p| &p.plan).collect()
    }

    /// Every measure, in order.
    pub fn measure_ids(&self) -> impl Iterator<Item = MeasureId> + '_ {
        self.plans.iter().enumerate().flat_map(|(p, loaded)| {
            (0..loaded.plan.measures.len()).map(move |m| MeasureId { plan: p as u32, index: m as u32 })
        })
    }
}

/// Plans that share an id (the same 文号, or the same title without one) get the file name
/// added to it, so their marks never mix; this does not depend on the order of the files.
fn distinct_ids(ids: &[(String, &crate::plan::Source)]) -> Vec<String> {
    let mut count: HashMap<&str, usize> = HashMap::new();
    for (id, _) in ids {
        *count.entry(id.as_str()).or_default() += 1;
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    ids.iter()
        .map(|(id, source)| {
            if count[id.as_str()] == 1 {
                return id.clone();
            }
            let file = source
                .path
                .as_ref()
                .and_then(|path| path.file_name())
                .map_or_else(|| source.name.clone(), |f| crate::text::safety::display_path(Path::new(f)));
            let with_file = format!("{id} ({file})");
            let n = seen.entry(with_file.clone()).or_default();
            *n += 1;
            if *n > 1 { format!("{id} ({})", source.name) } else { with_file }
        })
        .collect()
}
