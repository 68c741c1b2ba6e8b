//! What the update step asks of the world outside the state. Update never touches the
//! disk: it returns effects, and the event loop (after drawing the frame the key asked for)
//! and `render` carry them out (`perform.rs`), so the screen answers a key before the disk
//! does.

use crate::library::MeasureId;

/// A side effect of an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Write the marks file (after a change to the marks).
    SaveMarks,
    /// Read the marks file again if another planview changed it (before a note is edited,
    /// so the editor shows the latest note).
    ReloadMarks,
    /// Store a note typed in the editor: read the marks file again, keep both texts if the
    /// note was changed elsewhere meanwhile, save.
    StoreNote { id: MeasureId, text: String, base: String },
}
