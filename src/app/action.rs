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
    /// The list of saved views (from the config).
    Views,
    /// Accept the open input or dialog.
    Submit,
    /// Close the open input or dialog.
    Cancel,
    /// In the unit picker: any role / lead only.
    ToggleRole,
    /// The tree pane narrower / wider (`<` / `>`), remembered for the next run.
    TreeNarrower,
    TreeWider,
    /// Undo the last mark on a whole chapter or section.
    Undo,
    /// In the note editor: close without saving (after a yes, if anything was typed).
    Discard,
    /// In the workload overview: order by total → lead → name.
    Sort,
    /// Mark done / not done (已办结).
    ToggleDone,
    /// The due view: what is due, by date.
    DueView,
    /// In the due view: overdue → within 7 → 30 → 90 days → all.
    DueWindow,
}

/// Which way to step (through hits, the places visited, the words of an input).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Forward,
    Backward,
}

/// Every action with its name in the config file (`[keys] mark_read = "r"`).
const NAMES: &[(Action, &str)] = &[
    (Action::Quit, "quit"),
    (Action::Up, "up"),
    (Action::Down, "down"),
    (Action::PageUp, "page_up"),
    (Action::PageDown, "page_down"),
    (Action::Top, "top"),
    (Action::Bottom, "bottom"),
    (Action::Open, "open"),
    (Action::Close, "close"),
    (Action::SwitchFocus, "switch_pane"),
    (Action::Search, "search"),
    (Action::NextHit, "next_hit"),
    (Action::PrevHit, "prev_hit"),
    (Action::ClearSearch, "clear_search"),
    (Action::PickUnit, "pick_unit"),
    (Action::ClearUnit, "clear_unit"),
    (Action::ToggleRead, "mark_read"),
    (Action::ToggleFlag, "mark_flagged"),
    (Action::CycleMarks, "mark_filter"),
    (Action::EditNote, "edit_note"),
    (Action::Jump, "jump"),
    (Action::Back, "back"),
    (Action::Forward, "forward"),
    (Action::Overview, "overview"),
    (Action::Help, "help"),
    (Action::Views, "views"),
    (Action::Submit, "accept"),
    (Action::Cancel, "cancel"),
    (Action::ToggleRole, "toggle_role"),
    (Action::TreeNarrower, "tree_narrower"),
    (Action::TreeWider, "tree_wider"),
    (Action::Undo, "undo"),
    (Action::Discard, "discard"),
    (Action::Sort, "sort"),
    (Action::ToggleDone, "mark_done"),
    (Action::DueView, "due"),
    (Action::DueWindow, "due_window"),
];

impl Action {
    /// The action's name in the config file.
    pub fn name(self) -> &'static str {
        NAMES.iter().find(|(a, _)| *a == self).map_or("?", |(_, n)| n)
    }

    /// The action a config name stands for.
    pub fn from_name(name: &str) -> Option<Action> {
        NAMES.iter().find(|(_, n)| *n == name).map(|(a, _)| *a)
    }

    /// Every action, in the order of the config file.
    pub fn all() -> impl Iterator<Item = Action> {
        NAMES.iter().map(|(a, _)| *a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_is_read_back() {
        for action in Action::all() {
            assert_eq!(Action::from_name(action.name()), Some(action));
        }
        assert_eq!(Action::from_name("mark_read"), Some(Action::ToggleRead));
        assert_eq!(Action::from_name("nope"), None);
    }
}
