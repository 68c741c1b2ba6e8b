//! Keys to actions, one table per mode. The help overlay and the status-line hints are
//! generated from this table, so they can never disagree with what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;

/// The input context a key is read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Browse,
    /// The detail pane has focus (browse keys, scrolling the text).
    Detail,
    SearchInput,
    JumpInput,
    Picker,
    Note,
    Help,
    Overview,
    Confirm,
}

/// A key with modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn key(code: KeyCode) -> Key {
    Key { code, mods: KeyModifiers::NONE }
}

const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key { code: KeyCode::Char(c), mods: KeyModifiers::CONTROL }
}

const fn alt(code: KeyCode) -> Key {
    Key { code, mods: KeyModifiers::ALT }
}

/// One line of the keymap.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub contexts: &'static [Context],
    pub keys: &'static [Key],
    pub action: Action,
    pub help: &'static str,
    /// A short label for the status-line hints, if the binding is shown there.
    pub hint: Option<&'static str>,
}

use Context::*;
use KeyCode::*;

const BROWSING: &[Context] = &[Browse, Detail];
const INPUTS: &[Context] = &[SearchInput, JumpInput, Picker];

/// The keymap.
pub const BINDINGS: &[Binding] = &[
    Binding {
        contexts: BROWSING,
        keys: &[ch('j'), key(Down)],
        action: Action::Down,
        help: "down / scroll down",
        hint: None,
    },
    Binding { contexts: BROWSING, keys: &[ch('k'), key(Up)], action: Action::Up, help: "up / scroll up", hint: None },
    Binding {
        contexts: BROWSING,
        keys: &[key(PageDown), ctrl('f'), ctrl('d')],
        action: Action::PageDown,
        help: "page down",
        hint: None,
    },
    Binding {
        contexts: BROWSING,
        keys: &[key(PageUp), ctrl('b'), ctrl('u')],
        action: Action::PageUp,
        help: "page up",
        hint: None,
    },
    Binding {
        contexts: BROWSING,
        keys: &[ch('g'), key(Home)],
        action: Action::Top,
        help: "first row / top",
        hint: None,
    },
    Binding {
        contexts: BROWSING,
        keys: &[ch('G'), key(End)],
        action: Action::Bottom,
        help: "last row / bottom",
        hint: None,
    },
    Binding {
        contexts: BROWSING,
        keys: &[ch('l'), key(Right), key(Enter)],
        action: Action::Open,
        help: "unfold / open the measure",
        hint: None,
    },
    Binding {
        contexts: BROWSING,
        keys: &[ch('h'), key(Left)],
        action: Action::Close,
        help: "fold / go to the parent",
        hint: None,
    },
    Binding {
        contexts: BROWSING,
        keys: &[key(Tab)],
        action: Action::SwitchFocus,
        help: "switch between tree and text",
        hint: Some("tab pane"),
    },
    Binding {
        contexts: BROWSING,
        keys: &[ch('/')],
        action: Action::Search,
        help: "search (Enter keeps, Esc clears)",
        hint: Some("/ search"),
    },
    Binding { contexts: BROWSING, keys: &[ch('n')], action: Action::NextHit, help: "next hit", hint: None },
    Binding { contexts: BROWSING, keys: &[ch('N')], action: Action::PrevHit, help: "previous hit", hint: None },
    Binding {
        contexts: BROWSING,
        keys: &[key(Esc)],
        action: Action::ClearSearch,
        help: "clear the search",
        hint: None,
    },
    Binding {
        contexts: BROWSING,
        keys: &[ch('u')],
        action: Action::PickUnit,
        help: "filter by responsible unit",
        hint: Some("u unit"),
    },
    Binding {
        contexts: BROWSING,
        keys: &[ch('U')],
        action: Action::ClearUnit,
        help: "clear the unit filter",
        hint: None,
    },
    Binding {
        contexts: BROWSING,
        keys: &[ch('r')],
        action: Action::ToggleRead,
        help: "mark read / unread",
        hint: Some("r read"),
    },
    Binding {
        contexts: BROWSING,
        keys: &[ch('f')],
        action: Action::ToggleFlag,
        help: "flag / unflag",
        hint: Some("f flag"),
    },
    Binding {
        contexts: BROWSING,
        keys: &[ch('m')],
        action: Action::CycleMarks,
        help: "show all → unread → flagged",
        hint: None,
    },
    Binding {
        contexts: BROWSING,
        keys: &[ch('e')],
        action: Action::EditNote,
        help: "edit the measure's note",
        hint: None,
    },
    Binding {
        contexts: BROWSING,
        keys: &[ch(':')],
        action: Action::Jump,
        help: "jump to a measure by number",
        hint: Some(": jump"),
    },
    Binding {
        contexts: BROWSING,
        keys: &[ctrl('o'), alt(Left)],
        action: Action::Back,
        help: "back (after a jump)",
        hint: None,
    },
    Binding {
        contexts: BROWSING,
        keys: &[ctrl('i'), alt(Right)],
        action: Action::Forward,
        help: "forward",
        hint: None,
    },
    Binding {
        contexts: BROWSING,
        keys: &[ch('w')],
        action: Action::Overview,
        help: "unit workload overview",
        hint: Some("w workload"),
    },
    Binding {
        contexts: BROWSING,
        keys: &[ch('?'), key(F(1))],
        action: Action::Help,
        help: "this help",
        hint: Some("? help"),
    },
    Binding {
        contexts: BROWSING,
        keys: &[ch('q'), ctrl('c')],
        action: Action::Quit,
        help: "quit",
        hint: Some("q quit"),
    },
    // Inputs: the search bar, the jump prompt and the unit picker.
    Binding {
        contexts: INPUTS,
        keys: &[key(Enter)],
        action: Action::Submit,
        help: "accept",
        hint: Some("Enter accept"),
    },
    Binding {
        contexts: INPUTS,
        keys: &[key(Esc), ctrl('c')],
        action: Action::Cancel,
        help: "cancel",
        hint: Some("Esc cancel"),
    },
    Binding {
        contexts: &[Picker],
        keys: &[key(Tab)],
        action: Action::ToggleRole,
        help: "any role / lead only",
        hint: Some("Tab role"),
    },
    Binding {
        contexts: &[Picker, Overview],
        keys: &[key(Down), ctrl('n')],
        action: Action::Down,
        help: "next unit",
        hint: None,
    },
    Binding {
        contexts: &[Picker, Overview],
        keys: &[key(Up), ctrl('p')],
        action: Action::Up,
        help: "previous unit",
        hint: None,
    },
    Binding {
        contexts: &[Picker, Overview],
        keys: &[key(PageDown)],
        action: Action::PageDown,
        help: "page down",
        hint: None,
    },
    Binding {
        contexts: &[Picker, Overview],
        keys: &[key(PageUp)],
        action: Action::PageUp,
        help: "page up",
        hint: None,
    },
    // The note editor.
    Binding {
        contexts: &[Note],
        keys: &[key(Esc), ctrl('c')],
        action: Action::Submit,
        help: "save the note and close",
        hint: Some("Esc save & close"),
    },
    // Overlays.
    Binding { contexts: &[Overview], keys: &[ch('j')], action: Action::Down, help: "next unit", hint: None },
    Binding { contexts: &[Overview], keys: &[ch('k')], action: Action::Up, help: "previous unit", hint: None },
    Binding {
        contexts: &[Overview],
        keys: &[key(Enter)],
        action: Action::Submit,
        help: "filter by this unit",
        hint: Some("Enter filter"),
    },
    Binding {
        contexts: &[Overview, Help],
        keys: &[key(Esc), ch('q'), ch('w')],
        action: Action::Cancel,
        help: "close",
        hint: Some("Esc close"),
    },
    Binding { contexts: &[Help], keys: &[ch('j'), key(Down)], action: Action::Down, help: "scroll down", hint: None },
    Binding { contexts: &[Help], keys: &[ch('k'), key(Up)], action: Action::Up, help: "scroll up", hint: None },
    Binding { contexts: &[Help], keys: &[ch('?'), key(Enter)], action: Action::Cancel, help: "close", hint: None },
    // Confirmation of a mark on a whole chapter or section.
    Binding {
        contexts: &[Confirm],
        keys: &[ch('y'), key(Enter)],
        action: Action::Submit,
        help: "yes",
        hint: Some("y yes"),
    },
    Binding {
        contexts: &[Confirm],
        keys: &[ch('n'), key(Esc), ch('q')],
        action: Action::Cancel,
        help: "no",
        hint: Some("n no"),
    },
    Binding {
        contexts: &[Help, Overview, Confirm],
        keys: &[ctrl('c')],
        action: Action::Quit,
        help: "quit",
        hint: None,
    },
];

impl Key {
    fn matches(&self, event: &KeyEvent) -> bool {
        let mut mods = event.modifiers;
        // Shifted characters arrive with SHIFT on some terminals: 'G' is 'G' either way.
        if let KeyCode::Char(c) = event.code
            && !c.is_ascii_lowercase()
        {
            mods.remove(KeyModifiers::SHIFT);
        }
        let code = match event.code {
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => KeyCode::Char(c.to_ascii_lowercase()),
            other => other,
        };
        code == self.code && mods == self.mods
    }

    /// How the key is written in the help.
    pub fn label(&self) -> String {
        let base = match self.code {
            Char(' ') => "Space".to_string(),
            Char(c) => c.to_string(),
            Enter => "Enter".into(),
            Esc => "Esc".into(),
            Tab => "Tab".into(),
            Backspace => "BS".into(),
            Up => "↑".into(),
            Down => "↓".into(),
            Left => "←".into(),
            Right => "→".into(),
            PageUp => "PgUp".into(),
            PageDown => "PgDn".into(),
            Home => "Home".into(),
            End => "End".into(),
            F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{}", base.to_uppercase())
        } else if self.mods.contains(KeyModifiers::ALT) {
            format!("Alt-{base}")
        } else {
            base
        }
    }
}

/// The action bound to a key in a context, if any. Key releases never act.
pub fn lookup(context: Context, event: &KeyEvent) -> Option<Action> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    BINDINGS.iter().find(|b| b.contexts.contains(&context) && b.keys.iter().any(|k| k.matches(event))).map(|b| b.action)
}

/// The bindings shown in a context, for the help overlay.
pub fn bindings_for(context: Context) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.contexts.contains(&context))
}

/// `key label … description` pairs for the status line.
pub fn hints(context: Context) -> Vec<&'static str> {
    bindings_for(context).filter_map(|b| b.hint).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for context in [Browse, Detail, SearchInput, JumpInput, Picker, Note, Help, Overview, Confirm] {
            let mut seen: Vec<Key> = Vec::new();
            for b in bindings_for(context) {
                for k in b.keys {
                    assert!(!seen.contains(k), "{context:?}: {} bound twice", k.label());
                    seen.push(*k);
                }
            }
        }
    }

    #[test]
    fn lookup_handles_shift_and_control() {
        let shift_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(lookup(Browse, &shift_g), Some(Action::Bottom));
        let ctrl_o = KeyEvent::new(KeyCode::Char('o'), KeyModifiers::CONTROL);
        assert_eq!(lookup(Browse, &ctrl_o), Some(Action::Back));
        assert_eq!(lookup(Browse, &KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE)), None);
        assert_eq!(Key { code: KeyCode::Char('o'), mods: KeyModifiers::CONTROL }.label(), "Ctrl-O");
    }
}
