//! Searching measures: query parsing and folding, a prebuilt index, pinyin, and the match
//! ranges used for highlighting.

pub mod hits;
pub mod index;
pub mod pinyin;
pub mod query;
pub mod scan;

pub use hits::HitSet;
pub use index::{NoteRef, SearchIndex, query_ranges, term_matches_text};
pub use query::{Query, fold, fold_str};
