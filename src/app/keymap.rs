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
    /// The due view.
    Due,
    Note,
    Confirm,
    Help,
    /// The list of saved views.
    Views,
}

impl KeyContext {
    pub const ALL: [KeyContext; 11] = [
        KeyContext::Tree,
        KeyContext::Detail,
        KeyContext::Search,
        KeyContext::Jump,
        KeyContext::Picker,
        KeyContext::Overview,
        KeyContext::Due,
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
            KeyContext::Due => "due_list",
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
    /// The message id of what the help says of it (`action-…` in `ui.ftl`).
    help: &'static str,
    /// Whether the binding is shown in the status-line hints, with the short label that is
    /// the help message's `.hint` attribute.
    hint: bool,
}

/// A message id of the keymap's table, marked so the `i18n` tests find it.
const fn tr_id(id: &'static str) -> &'static str {
    id
}

/// An action's keys in one context, with what the help and the hints say of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub context: KeyContext,
    pub action: Action,
    /// Its keys, the first one shown in the hints; none: unbound.
    pub keys: Vec<Key>,
    /// The message id of its help text.
    pub help_id: &'static str,
    /// Whether it is shown in the hints.
    pub hinted: bool,
}

impl Binding {
    /// What the help says of it, in the interface language.
    pub fn help(&self) -> String {
        crate::i18n::message(self.help_id, None)
    }

    /// Its short label in the status-line hints (`read`), if it is shown there.
    pub fn hint(&self) -> Option<String> {
        self.hinted.then(|| crate::i18n::message(&format!("{}.hint", self.help_id), None))
    }
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
        help: tr_id("action-down"),
        hint: false,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('k'), Key::plain(Up)],
        action: Action::Up,
        help: tr_id("action-up"),
        hint: false,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::plain(PageDown), Key::ctrl('f'), Key::ctrl('d')],
        action: Action::PageDown,
        help: tr_id("action-page-down"),
        hint: false,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::plain(PageUp), Key::ctrl('b'), Key::ctrl('u')],
        action: Action::PageUp,
        help: tr_id("action-page-up"),
        hint: false,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('g'), Key::plain(Home)],
        action: Action::Top,
        help: tr_id("action-top"),
        hint: false,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('G'), Key::plain(End)],
        action: Action::Bottom,
        help: tr_id("action-bottom"),
        hint: false,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('l'), Key::plain(Right), Key::plain(Enter)],
        action: Action::Open,
        help: tr_id("action-open"),
        hint: false,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('h'), Key::plain(Left)],
        action: Action::Close,
        help: tr_id("action-close"),
        hint: false,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::plain(Tab)],
        action: Action::SwitchFocus,
        help: tr_id("action-switch-pane"),
        hint: true,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('/')],
        action: Action::Search,
        help: tr_id("action-search"),
        hint: true,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('n')],
        action: Action::NextHit,
        help: tr_id("action-next-hit"),
        hint: false,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('N')],
        action: Action::PrevHit,
        help: tr_id("action-prev-hit"),
        hint: false,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::plain(Esc)],
        action: Action::ClearSearch,
        help: tr_id("action-clear-search"),
        hint: false,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('u')],
        action: Action::PickUnit,
        help: tr_id("action-pick-unit"),
        hint: true,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('U')],
        action: Action::ClearUnit,
        help: tr_id("action-clear-unit"),
        hint: false,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('r')],
        action: Action::ToggleRead,
        help: tr_id("action-mark-read"),
        hint: true,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('f')],
        action: Action::ToggleFlag,
        help: tr_id("action-mark-flagged"),
        hint: true,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('x')],
        action: Action::ToggleDone,
        help: tr_id("action-mark-done"),
        hint: false,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('d')],
        action: Action::DueView,
        help: tr_id("action-due"),
        hint: true,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('m')],
        action: Action::CycleMarks,
        help: tr_id("action-mark-filter"),
        hint: false,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('e')],
        action: Action::EditNote,
        help: tr_id("action-edit-note"),
        hint: false,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char(':')],
        action: Action::Jump,
        help: tr_id("action-jump"),
        hint: true,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::ctrl('o'), Key::alt(Left)],
        action: Action::Back,
        help: tr_id("action-back"),
        hint: false,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::alt(Right)],
        action: Action::Forward,
        help: tr_id("action-forward"),
        hint: false,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('w')],
        action: Action::Overview,
        help: tr_id("action-overview"),
        hint: true,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('v')],
        action: Action::Views,
        help: tr_id("action-views"),
        hint: false,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('z')],
        action: Action::Undo,
        help: tr_id("action-undo"),
        hint: false,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('<')],
        action: Action::TreeNarrower,
        help: tr_id("action-tree-narrower"),
        hint: false,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('>')],
        action: Action::TreeWider,
        help: tr_id("action-tree-wider"),
        hint: false,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('?'), Key::plain(F(1))],
        action: Action::Help,
        help: tr_id("action-help"),
        hint: true,
    },
    Default {
        contexts: BROWSING,
        keys: &[Key::char('q'), Key::ctrl('c')],
        action: Action::Quit,
        help: tr_id("action-quit"),
        hint: true,
    },
    // Inputs: the search bar, the jump prompt and the unit picker.
    Default {
        contexts: INPUTS,
        keys: &[Key::plain(Enter)],
        action: Action::Submit,
        help: tr_id("action-accept"),
        hint: true,
    },
    Default {
        contexts: INPUTS,
        keys: &[Key::plain(Esc), Key::ctrl('c')],
        action: Action::Cancel,
        help: tr_id("action-cancel"),
        hint: true,
    },
    Default {
        contexts: &[Picker],
        keys: &[Key::plain(Tab)],
        action: Action::ToggleRole,
        help: tr_id("action-toggle-role"),
        hint: true,
    },
    Default {
        contexts: &[Picker, Overview],
        keys: &[Key::plain(Down), Key::ctrl('n')],
        action: Action::Down,
        help: tr_id("action-next-unit"),
        hint: false,
    },
    Default {
        contexts: &[Picker, Overview],
        keys: &[Key::plain(Up), Key::ctrl('p')],
        action: Action::Up,
        help: tr_id("action-prev-unit"),
        hint: false,
    },
    Default {
        contexts: &[Picker, Overview],
        keys: &[Key::plain(PageDown)],
        action: Action::PageDown,
        help: tr_id("action-page-down"),
        hint: false,
    },
    Default {
        contexts: &[Picker, Overview],
        keys: &[Key::plain(PageUp)],
        action: Action::PageUp,
        help: tr_id("action-page-up"),
        hint: false,
    },
    // The note editor.
    Default {
        contexts: &[Note],
        keys: &[Key::plain(Esc)],
        action: Action::Submit,
        help: tr_id("action-save-note"),
        hint: true,
    },
    Default {
        contexts: &[Note],
        keys: &[Key::ctrl('c')],
        action: Action::Discard,
        help: tr_id("action-discard"),
        hint: true,
    },
    // Overlays.
    Default {
        contexts: &[Overview],
        keys: &[Key::char('j')],
        action: Action::Down,
        help: tr_id("action-next-unit"),
        hint: false,
    },
    Default {
        contexts: &[Overview],
        keys: &[Key::char('s')],
        action: Action::Sort,
        help: tr_id("action-sort"),
        hint: true,
    },
    Default {
        contexts: &[Overview],
        keys: &[Key::char('k')],
        action: Action::Up,
        help: tr_id("action-prev-unit"),
        hint: false,
    },
    Default {
        contexts: &[Overview],
        keys: &[Key::plain(Enter)],
        action: Action::Submit,
        help: tr_id("action-filter-unit"),
        hint: true,
    },
    Default {
        contexts: &[Overview, Help],
        keys: &[Key::plain(Esc), Key::char('q'), Key::char('w')],
        action: Action::Cancel,
        help: tr_id("action-close-popup"),
        hint: true,
    },
    // The due view.
    Default {
        contexts: &[Due],
        keys: &[Key::char('j'), Key::plain(Down)],
        action: Action::Down,
        help: tr_id("action-next-due"),
        hint: false,
    },
    Default {
        contexts: &[Due],
        keys: &[Key::char('k'), Key::plain(Up)],
        action: Action::Up,
        help: tr_id("action-prev-due"),
        hint: false,
    },
    Default {
        contexts: &[Due],
        keys: &[Key::plain(PageDown), Key::ctrl('f'), Key::ctrl('d')],
        action: Action::PageDown,
        help: tr_id("action-page-down"),
        hint: false,
    },
    Default {
        contexts: &[Due],
        keys: &[Key::plain(PageUp), Key::ctrl('b'), Key::ctrl('u')],
        action: Action::PageUp,
        help: tr_id("action-page-up"),
        hint: false,
    },
    Default {
        contexts: &[Due],
        keys: &[Key::char('g'), Key::plain(Home)],
        action: Action::Top,
        help: tr_id("action-top"),
        hint: false,
    },
    Default {
        contexts: &[Due],
        keys: &[Key::char('G'), Key::plain(End)],
        action: Action::Bottom,
        help: tr_id("action-bottom"),
        hint: false,
    },
    Default {
        contexts: &[Due],
        keys: &[Key::char('t'), Key::plain(Tab)],
        action: Action::DueWindow,
        help: tr_id("action-due-window"),
        hint: true,
    },
    Default {
        contexts: &[Due],
        keys: &[Key::plain(Enter)],
        action: Action::Submit,
        help: tr_id("action-due-open"),
        hint: true,
    },
    Default {
        contexts: &[Due],
        keys: &[Key::plain(Esc), Key::char('q'), Key::char('d')],
        action: Action::Cancel,
        help: tr_id("action-close-popup"),
        hint: true,
    },
    Default {
        contexts: &[Help],
        keys: &[Key::char('j'), Key::plain(Down)],
        action: Action::Down,
        help: tr_id("action-scroll-down"),
        hint: false,
    },
    Default {
        contexts: &[Help],
        keys: &[Key::char('k'), Key::plain(Up)],
        action: Action::Up,
        help: tr_id("action-scroll-up"),
        hint: false,
    },
    Default {
        contexts: &[Help],
        keys: &[Key::char('?'), Key::plain(Enter)],
        action: Action::Cancel,
        help: tr_id("action-close-popup"),
        hint: false,
    },
    // The list of saved views.
    Default {
        contexts: &[Views],
        keys: &[Key::char('j'), Key::plain(Down), Key::ctrl('n')],
        action: Action::Down,
        help: tr_id("action-next-view"),
        hint: false,
    },
    Default {
        contexts: &[Views],
        keys: &[Key::char('k'), Key::plain(Up), Key::ctrl('p')],
        action: Action::Up,
        help: tr_id("action-prev-view"),
        hint: false,
    },
    Default {
        contexts: &[Views],
        keys: &[Key::plain(Enter)],
        action: Action::Submit,
        help: tr_id("action-apply-view"),
        hint: true,
    },
    Default {
        contexts: &[Views],
        keys: &[Key::plain(Esc), Key::char('q'), Key::char('v')],
        action: Action::Cancel,
        help: tr_id("action-close-popup"),
        hint: true,
    },
    // Confirmation of a mark on a whole chapter or section.
    Default {
        contexts: &[Confirm],
        keys: &[Key::char('y'), Key::plain(Enter)],
        action: Action::Submit,
        help: tr_id("action-yes"),
        hint: true,
    },
    Default {
        contexts: &[Confirm],
        keys: &[Key::char('n'), Key::plain(Esc), Key::char('q')],
        action: Action::Cancel,
        help: tr_id("action-no"),
        hint: true,
    },
    Default {
        contexts: &[Help, Overview, Due, Confirm, Views],
        keys: &[Key::ctrl('c')],
        action: Action::Quit,
        help: tr_id("action-quit"),
        hint: false,
    },
];

/// A key that could not be bound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BindError {
    NotHere { action: &'static str, context: &'static str },
    Twice { key: String, first: &'static str, second: &'static str },
}

impl std::fmt::Display for BindError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            BindError::NotHere { action, context } => {
                crate::tr!("error-bind-not-here", action = action, context = context)
            }
            BindError::Twice { key, first, second } => {
                crate::tr!("error-bind-twice", key = key, first = first, second = second)
            }
        };
        f.write_str(&text)
    }
}

impl std::error::Error for BindError {}

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
                        help_id: d.help,
                        hinted: d.hint,
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
        self.bindings(context).filter_map(|b| Some((b.action, format!("{} {}", b.keys.first()?, b.hint()?)))).collect()
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
    fn every_help_and_hint_is_in_both_languages() {
        let keymap = Keymap::defaults();
        for context in KeyContext::ALL {
            for b in keymap.bindings(context) {
                for lang in crate::i18n::Lang::ALL {
                    assert!(crate::i18n::has(lang, b.help_id), "{}: {}", lang.tag(), b.help_id);
                    let hint = format!("{}.hint", b.help_id);
                    assert!(!b.hinted || crate::i18n::has(lang, &hint), "{}: {hint}", lang.tag());
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
        assert_eq!(keymap.lookup(Tree, &KeyEvent::new(KeyCode::Char('X'), KeyModifiers::NONE)), None);
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
