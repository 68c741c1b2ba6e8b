//! The indexes a library needs for filtering and searching, built on a thread of their own
//! after the first frame.

use std::sync::{Arc, OnceLock};

use crate::library::{Library, UnitIndex};
use crate::search::SearchIndex;

/// The indexes a library needs for filtering and searching. They are built on a thread of
/// their own, so the first frame does not wait for them; what needs one waits for it, or
/// builds it if that thread never ran or failed.
pub struct Indexes {
    units: OnceLock<UnitIndex>,
    search: OnceLock<SearchIndex>,
}

impl Indexes {
    /// The unit index of `library` (the library these indexes were started for).
    pub fn units(&self, library: &Library) -> &UnitIndex {
        self.units.get_or_init(|| UnitIndex::build(library))
    }

    /// The search index of `library` (the library these indexes were started for).
    pub fn search(&self, library: &Library) -> &SearchIndex {
        self.search.get_or_init(|| SearchIndex::build(&library.plan_refs()))
    }

    /// The unit index if it is built already.
    pub fn units_if_built(&self) -> Option<&UnitIndex> {
        self.units.get()
    }

    /// Indexes built only when first needed (for a part of a library still being read,
    /// which never needs them).
    pub(crate) fn unstarted() -> Arc<Self> {
        Arc::new(Indexes { units: OnceLock::new(), search: OnceLock::new() })
    }

    pub(crate) fn start(library: &Arc<Library>) -> Arc<Self> {
        let indexes = Arc::new(Indexes { units: OnceLock::new(), search: OnceLock::new() });
        let (library, cells) = (Arc::clone(library), Arc::clone(&indexes));
        let build = move || {
            if crate::crash_test::is("indexes") {
                panic!("crash test: the index build fails");
            }
            // The search index first: a search typed at once waits for it.
            let search = cells.search(&library);
            cells.units(&library);
            // Pinyin codes too, so the first pinyin keystroke does not pay for them.
            search.warm_pinyin();
        };
        // Without a thread to be had, each index is built when first needed.
        let _ = std::thread::Builder::new().name("indexes".into()).spawn(build);
        indexes
    }
}
