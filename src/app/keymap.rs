//! Keys to actions, per key context. The defaults are a table; the user's config rebinds
//! them (see `config`). The help overlay and the status-line hints are generated from the
//! live keymap, so after a rebind they still say what the keys do.

use ratatui::crossterm::event::{KeyEvent, KeyEventKind};

use super::action::Action;
use super::key::Key;

/// What the keyboard is talking to, for the keymap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyContext {
    /// Browsing, the tree pane focused.
    Tree,
    /// Browsing, the text pane focused (the browse keys scroll the text).
    Detail,
    /// Typing a search.
    Search,
    /// Typing a measure id after `:`.
    Jump,
    Picker,
    Overview,
    Note,
    Confirm,
    Help,
    /// The list of saved views.
    Views,
}

impl KeyContext {
    pub const ALL: [KeyContext; 10] = [
        KeyContext::Tree,
        KeyContext::Detail,
        KeyContext::Search,
        KeyContext::Jump,
        KeyContext::Picker,
        KeyContext::Overview,
        KeyContext::Note,
        KeyContext::Confirm,
        KeyContext::Help,
        KeyContext::Views,
    ];

    /// The context's name in the config file (`[keys.tree]`). Names differ from the
    /// actions' (`[keys] search = "/"` is the action, `[keys.search_bar]` the context).
    pub fn name(self) -> &'static str {
        match self {
            KeyContext::Tree => "tree",
            KeyContext::Detail => "detail",
            KeyContext::Search => "search_bar",
            KeyContext::Jump => "jump_bar",
            KeyContext::Picker => "picker",
            KeyContext::Overview => "workload",
            KeyContext::Note => "note",
            KeyContext::Confirm => "confirm",
            KeyContext::Help => "help_page",
            KeyContext::Views => "view_list",
        }
    }

    pub fn from_name(name: &str) -> Option<KeyContext> {
        KeyContext::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// One line of the default keymap.
struct Default {
    contexts: &'static [KeyContext],
    keys: &'static [Key],
    action: Action,
    help: &'static str,
    /// A short label for the status-line hints, if the binding is shown there.
    hint: Option<&'static str>,
}

/// An action's keys in one context, with what the help and the hints say of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub context: KeyContext,
    pub action: Action,
    /// Its keys, the first one shown in the hints; none: unbound.
    pub keys: Vec<Key>,
    pub help: &'static str,
    pub hint: Option<&'static str>,
}

use KeyContext::*;
use ratatui::crossterm::event::KeyCode::*;

/// The browsing contexts: what `[keys]` (without a context) rebinds.
pub const BROWSING: &[KeyContext] = &[Tree, Detail];
const INPUTS: &[KeyContext] = &[Search, Jump, Picker];

/// The default keymap, before the user's config.
const DEFAULTS: &[Default] = &[
    Default {
        contexts: BROWSING,
        keys: &[Key::char('j'), Key::plain(Down)],
        action: Action::Down,
        help: "down / scroll down",
        hint: None,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('k'), Key::plain(Up)],
        action: Action::Up,
        help: "up / scroll up",
        hint: None,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::plain(PageDown), Key::ctrl('f'), Key::ctrl('d')],
        action: Action::PageDown,
        help: "page down",
        hint: None,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::plain(PageUp), Key::ctrl('b'), Key::ctrl('u')],
        action: Action::PageUp,
        help: "page up",
        hint: None,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('g'), Key::plain(Home)],
        action: Action::Top,
        help: "first row / top",
        hint: None,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('G'), Key::plain(End)],
        action: Action::Bottom,
        help: "last row / bottom",
        hint: None,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('l'), Key::plain(Right), Key::plain(Enter)],
        action: Action::Open,
        help: "unfold / open the measure",
        hint: None,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('h'), Key::plain(Left)],
        action: Action::Close,
        help: "fold / go to the parent",
        hint: None,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::plain(Tab)],
        action: Action::SwitchFocus,
        help: "switch between tree and text",
        hint: Some("pane"),
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('/')],
        action: Action::Search,
        help: "search as you type",
        hint: Some("search"),
    },
    Default { contexts: BROWSING, keys: &[Key::char('n')], action: Action::NextHit, help: "next hit", hint: None },
    Default { contexts: BROWSING, keys: &[Key::char('N')], action: Action::PrevHit, help: "previous hit", hint: None },
    Default {
        contexts: BROWSING,
        keys: &[Key::plain(Esc)],
        action: Action::ClearSearch,
        help: "clear the search",
        hint: None,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('u')],
        action: Action::PickUnit,
        help: "filter by responsible unit",
        hint: Some("unit"),
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('U')],
        action: Action::ClearUnit,
        help: "clear the unit filter",
        hint: None,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('r')],
        action: Action::ToggleRead,
        help: "mark read / unread",
        hint: Some("read"),
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('f')],
        action: Action::ToggleFlag,
        help: "flag / unflag",
        hint: Some("flag"),
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('m')],
        action: Action::CycleMarks,
        help: "show all → unread → flagged",
        hint: None,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('e')],
        action: Action::EditNote,
        help: "edit the measure's note",
        hint: None,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char(':')],
        action: Action::Jump,
        help: "jump to a measure by number",
        hint: Some("jump"),
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::ctrl('o'), Key::alt(Left)],
        action: Action::Back,
        help: "back (after a jump)",
        hint: None,
    },
    Default { contexts: BROWSING, keys: &[Key::alt(Right)], action: Action::Forward, help: "forward", hint: None },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('w')],
        action: Action::Overview,
        help: "unit workload overview",
        hint: Some("workload"),
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('v')],
        action: Action::Views,
        help: "saved views (from the config file)",
        hint: None,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('z')],
        action: Action::Undo,
        help: "undo the last mark on a chapter or section",
        hint: None,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('<')],
        action: Action::TreeNarrower,
        help: "narrower tree (remembered)",
        hint: None,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('>')],
        action: Action::TreeWider,
        help: "wider tree (remembered)",
        hint: None,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('?'), Key::plain(F(1))],
        action: Action::Help,
        help: "this help",
        hint: Some("help"),
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('q'), Key::ctrl('c')],
        action: Action::Quit,
        help: "quit",
        hint: Some("quit"),
    },
    // Inputs: the search bar, the jump prompt and the unit picker.
    Default {
        contexts: INPUTS,
        keys: &[Key::plain(Enter)],
        action: Action::Submit,
        help: "accept",
        hint: Some("accept"),
    },
    Default {
        contexts: INPUTS,
        keys: &[Key::plain(Esc), Key::ctrl('c')],
        action: Action::Cancel,
        help: "cancel",
        hint: Some("cancel"),
    },
    Default {
        contexts: &[Picker],
        keys: &[Key::plain(Tab)],
        action: Action::ToggleRole,
        help: "any role / lead only",
        hint: Some("role"),
    },
    Default {
        contexts: &[Picker, Overview],
        keys: &[Key::plain(Down), Key::ctrl('n')],
        action: Action::Down,
        help: "next unit",
        hint: None,
    },
    Default {
        contexts: &[Picker, Overview],
        keys: &[Key::plain(Up), Key::ctrl('p')],
        action: Action::Up,
        help: "previous unit",
        hint: None,
    },
    Default {
        contexts: &[Picker, Overview],
        keys: &[Key::plain(PageDown)],
        action: Action::PageDown,
        help: "page down",
        hint: None,
    },
    Default {
        contexts: &[Picker, Overview],
        keys: &[Key::plain(PageUp)],
        action: Action::PageUp,
        help: "page up",
        hint: None,
    },
    // The note editor.
    Default {
        contexts: &[Note],
        keys: &[Key::plain(Esc)],
        action: Action::Submit,
        help: "save the note and close",
        hint: Some("save & close"),
    },
    Default {
        contexts: &[Note],
        keys: &[Key::ctrl('c')],
        action: Action::Discard,
        help: "discard the changes (asks first)",
        hint: Some("discard"),
    },
    // Overlays.
    Default { contexts: &[Overview], keys: &[Key::char('j')], action: Action::Down, help: "next unit", hint: None },
    Default {
        contexts: &[Overview],
        keys: &[Key::char('s')],
        action: Action::Sort,
        help: "order by total → lead → name (pinyin)",
        hint: Some("sort"),
    },
    Default { contexts: &[Overview], keys: &[Key::char('k')], action: Action::Up, help: "previous unit", hint: None },
    Default {
        contexts: &[Overview],
        keys: &[Key::plain(Enter)],
        action: Action::Submit,
        help: "filter by this unit",
        hint: Some("filter"),
    },
    Default {
        contexts: &[Overview, Help],
        keys: &[Key::plain(Esc), Key::char('q'), Key::char('w')],
        action: Action::Cancel,
        help: "close",
        hint: Some("close"),
    },
    Default {
        contexts: &[Help],
        keys: &[Key::char('j'), Key::plain(Down)],
        action: Action::Down,
        help: "scroll down",
        hint: None,
    },
    Default {
        contexts: &[Help],
        keys: &[Key::char('k'), Key::plain(Up)],
        action: Action::Up,
        help: "scroll up",
        hint: None,
    },
    Default {
        contexts: &[Help],
        keys: &[Key::char('?'), Key::plain(Enter)],
        action: Action::Cancel,
        help: "close",
        hint: None,
    },
    // The list of saved views.
    Default {
        contexts: &[Views],
        keys: &[Key::char('j'), Key::plain(Down), Key::ctrl('n')],
        action: Action::Down,
        help: "next view",
        hint: None,
    },
    Default {
        contexts: &[Views],
        keys: &[Key::char('k'), Key::plain(Up), Key::ctrl('p')],
        action: Action::Up,
        help: "previous view",
        hint: None,
    },
    Default {
        contexts: &[Views],
        keys: &[Key::plain(Enter)],
        action: Action::Submit,
        help: "apply the view",
        hint: Some("apply"),
    },
    Default {
        contexts: &[Views],
        keys: &[Key::plain(Esc), Key::char('q'), Key::char('v')],
        action: Action::Cancel,
        help: "close",
        hint: Some("close"),
    },
    // Confirmation of a mark on a whole chapter or section.
    Default {
        contexts: &[Confirm],
        keys: &[Key::char('y'), Key::plain(Enter)],
        action: Action::Submit,
        help: "yes",
        hint: Some("yes"),
    },
    Default {
        contexts: &[Confirm],
        keys: &[Key::char('n'), Key::plain(Esc), Key::char('q')],
        action: Action::Cancel,
        help: "no",
        hint: Some("no"),
    },
    Default {
        contexts: &[Help, Overview, Confirm, Views],
        keys: &[Key::ctrl('c')],
        action: Action::Quit,
        help: "quit",
        hint: None,
    },
];

/// A key that could not be bound.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BindError {
    #[error("{action} does nothing in [keys.{context}]")]
    NotHere { action: &'static str, context: &'static str },
    #[error("{key} is given to both {first} and {second}")]
    Twice { key: String, first: &'static str, second: &'static str },
}

/// The live keymap: per context, each action with its keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl std::default::Default for Keymap {
    fn default() -> Self {
        Keymap::defaults()
    }
}

impl Keymap {
    /// The keymap without any config.
    pub fn defaults() -> Keymap {
        let mut bindings: Vec<Binding> = Vec::new();
        for d in DEFAULTS {
            for &context in d.contexts {
                match bindings.iter_mut().find(|b| b.context == context && b.action == d.action) {
                    Some(b) => b.keys.extend_from_slice(d.keys),
                    None => bindings.push(Binding {
                        context,
                        action: d.action,
                        keys: d.keys.to_vec(),
                        help: d.help,
                        hint: d.hint,
                    }),
                }
            }
        }
        Keymap { bindings }
    }

    /// The action bound to a key in a context, if any. Key releases never act.
    pub fn lookup(&self, context: KeyContext, event: &KeyEvent) -> Option<Action> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        let key = Key::from_event(event);
        self.bindings(context).find(|b| b.keys.contains(&key)).map(|b| b.action)
    }

    /// The bindings of a context, in the order of the help.
    pub fn bindings(&self, context: KeyContext) -> impl Iterator<Item = &Binding> {
        self.bindings.iter().filter(move |b| b.context == context)
    }

    /// The bindings of a context whose keys differ from those of the same action in `other`
    /// (a context that works like another is shown only where it differs); all of them
    /// without `other`.
    pub fn bindings_unlike(&self, context: KeyContext, other: Option<KeyContext>) -> impl Iterator<Item = &Binding> {
        self.bindings(context).filter(move |b| other.is_none_or(|o| self.keys(o, b.action) != b.keys.as_slice()))
    }

    /// The keys of an action in a context (none if it is unbound there).
    pub fn keys(&self, context: KeyContext, action: Action) -> &[Key] {
        self.bindings(context).find(|b| b.action == action).map_or(&[], |b| b.keys.as_slice())
    }

    /// The status-line hints of a context: each action's first key and its label, as
    /// `(action, "u unit")`.
    pub fn hints(&self, context: KeyContext) -> Vec<(Action, String)> {
        self.bindings(context).filter_map(|b| Some((b.action, format!("{} {}", b.keys.first()?, b.hint?)))).collect()
    }

    /// Whether an action can be bound in a context (it has a default binding there).
    pub fn is_bindable(&self, context: KeyContext, action: Action) -> bool {
        self.bindings(context).any(|b| b.action == action)
    }

    /// Gives an action exactly these keys in a context. A key taken from another action of
    /// the context leaves it: the user's binding wins.
    pub fn bind(&mut self, context: KeyContext, action: Action, keys: &[Key]) -> Result<(), BindError> {
        if !self.is_bindable(context, action) {
            return Err(BindError::NotHere { action: action.name(), context: context.name() });
        }
        for b in self.bindings.iter_mut().filter(|b| b.context == context) {
            if b.action == action {
                b.keys = Vec::new();
                for key in keys {
                    if !b.keys.contains(key) {
                        b.keys.push(*key);
                    }
                }
            } else {
                b.keys.retain(|k| !keys.contains(k));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        let keymap = Keymap::defaults();
        for context in KeyContext::ALL {
            let mut seen: Vec<Key> = Vec::new();
            for b in keymap.bindings(context) {
                for k in &b.keys {
                    assert!(!seen.contains(k), "{context:?}: {k} bound twice");
                    seen.push(*k);
                }
            }
        }
    }

    #[test]
    fn lookup_handles_shift_and_control() {
        let keymap = Keymap::defaults();
        let shift_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(keymap.lookup(Tree, &shift_g), Some(Action::Bottom));
        let ctrl_o = KeyEvent::new(KeyCode::Char('o'), KeyModifiers::CONTROL);
        assert_eq!(keymap.lookup(Tree, &ctrl_o), Some(Action::Back));
        assert_eq!(keymap.lookup(Tree, &KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE)), None);
    }

    #[test]
    fn context_names_are_not_action_names() {
        // Both are keys of the config's [keys] table.
        for context in KeyContext::ALL {
            assert_eq!(KeyContext::from_name(context.name()), Some(context));
            assert_eq!(Action::from_name(context.name()), None, "{}", context.name());
        }
    }

    #[test]
    fn a_rebind_moves_the_key_and_the_hint() {
        let mut keymap = Keymap::defaults();
        keymap.bind(Tree, Action::ToggleRead, &[Key::char('f')]).unwrap();
        let f = KeyEvent::new(KeyCode::Char('f'), KeyModifiers::NONE);
        assert_eq!(keymap.lookup(Tree, &f), Some(Action::ToggleRead));
        assert_eq!(keymap.lookup(Detail, &f), Some(Action::ToggleFlag), "only the tree was rebound");
        assert_eq!(keymap.keys(Tree, Action::ToggleFlag), &[] as &[Key], "f left the flag action");
        let hints = keymap.hints(Tree);
        assert!(hints.contains(&(Action::ToggleRead, "f read".into())));
        assert!(!hints.iter().any(|(a, _)| *a == Action::ToggleFlag), "an unbound action has no hint");
        assert_eq!(
            keymap.bind(Help, Action::ToggleRead, &[Key::char('r')]),
            Err(BindError::NotHere { action: "mark_read", context: "help_page" })
        );
    }
}
