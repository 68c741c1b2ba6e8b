//! Read/flagged marks and notes, kept per plan id and measure number in a JSON file that
//! survives crashes, two open terminals, colleagues' files and damage:
//!
//! - `disk`: reading (regular files only, bounded, never blocking on a FIFO), the sidecar
//!   `.lock` tried with a deadline, and the atomic write (random exclusive temporary file,
//!   fsync, rename, fsync of the folder; mode and owner kept, 0600 when new, written
//!   through a symlink, a read-only file refused);
//! - `file`: the format and its version check;
//! - `merge`: one measure merged from two sides — three-way against the session's base,
//!   two-way for a colleague's file; differing notes are both kept, the other first;
//! - `store`: the session's marks, what changed since the last save, saving under the lock
//!   with what another instance saved merged in, and the notices the user must see (a
//!   damaged file moved aside as `marks.json.corrupt-<time>`, a newer one never written).

mod disk;
mod file;
mod merge;
mod store;

pub use disk::{MAX_BYTES, create_file, replace_file};
pub use file::{FORMAT_VERSION, Mark, MarksFile, Parsed, UiState};
pub use merge::{NOTE_SEPARATOR, join_notes};
pub use store::{Change, EXIT_WAIT, Notice, OpenError, SAVE_WAIT, SaveError, Store, default_path};

/// A mark a measure can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    Read,
    Flagged,
    /// Done (已办结): the task is finished.
    Done,
}

impl Mark {
    /// Whether the measure carries this mark.
    pub fn get(&self, kind: MarkKind) -> bool {
        match kind {
            MarkKind::Read => self.read,
            MarkKind::Flagged => self.flagged,
            MarkKind::Done => self.done,
        }
    }

    /// Sets or clears this mark.
    pub fn set(&mut self, kind: MarkKind, value: bool) {
        match kind {
            MarkKind::Read => self.read = value,
            MarkKind::Flagged => self.flagged = value,
            MarkKind::Done => self.done = value,
        }
    }
}

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
