//! Everything the user can ask for; the keymap turns keys into these.

/// A user command. Keys map to actions through the keymap; the update step applies them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Unfold a node, or open a measure in the detail pane.
    Open,
    /// Fold a node, or go to its parent.
    Close,
    SwitchFocus,
    Search,
    NextHit,
    PrevHit,
    ClearSearch,
    PickUnit,
    ClearUnit,
    ToggleRead,
    ToggleFlag,
    CycleMarks,
    EditNote,
    Jump,
    Back,
    Forward,
    Overview,
    Help,
    /// Accept the open input or dialog.
    Submit,
    /// Close the open input or dialog.
    Cancel,
    /// In the unit picker: any role / lead only.
    ToggleRole,
}
