//! Read/flagged marks and notes, kept per plan id and measure number in a JSON file that
//! survives crashes, two open terminals and damage:
//!
//! - saving locks a sidecar `.lock` file, re-reads what another instance saved and merges
//!   it (the later change to a measure wins, by its `updated` time), writes a temporary file
//!   in the same directory, fsyncs it, renames it over the old one and fsyncs the directory,
//!   so a crash at any instant leaves the old file or the new one;
//! - a file that cannot be parsed is moved aside as `marks.json.corrupt-<time>` and the
//!   session starts clean; a file from a newer planview is never written.

mod file;
mod store;

pub use file::{FORMAT_VERSION, Mark, MarksFile, Parsed};
pub use store::{EXIT_WAIT, Notice, SAVE_WAIT, SaveError, Store, default_path};

/// Which measures the mark filter lets through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MarkFilter {
    #[default]
    All,
    Unread,
    Flagged,
}

impl MarkFilter {
    /// all → unread → flagged → all.
    pub fn next(self) -> Self {
        match self {
            MarkFilter::All => MarkFilter::Unread,
            MarkFilter::Unread => MarkFilter::Flagged,
            MarkFilter::Flagged => MarkFilter::All,
        }
    }

    pub fn keeps(self, mark: Option<&Mark>) -> bool {
        match self {
            MarkFilter::All => true,
            MarkFilter::Unread => !mark.is_some_and(|m| m.read),
            MarkFilter::Flagged => mark.is_some_and(|m| m.flagged),
        }
    }

    pub fn label(self) -> Option<&'static str> {
        match self {
            MarkFilter::All => None,
            MarkFilter::Unread => Some("unread"),
            MarkFilter::Flagged => Some("flagged"),
        }
    }
}
