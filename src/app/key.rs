//! One key type for everything that names a key: the keymap, the config file, `render
//! --keys`, the help overlay and the status-line hints. Keys are written in vim notation:
//! plain characters (Chinese too) stand for themselves, named keys and chords go in angle
//! brackets — `<Enter> <Esc> <Tab> <S-Tab> <BS> <Del> <Up> <Down> <Left> <Right> <PageUp>
//! <PageDown> <Home> <End> <Space> <lt> <F1>…<F12>`, `<C-x>` (Ctrl), `<A-x>` (Alt, also
//! `<M-x>`), `<S-x>` (Shift, for named keys) and combinations such as `<C-A-Left>`.

use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key with its modifiers, as the keymap compares them: a shifted character is the
/// character (`G`, not Shift-g), a Ctrl letter is lowercase (`<C-o>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

/// A key name that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("{}", crate::tr!("error-key-unknown", key = .0))]
    Unknown(String),
    #[error("{}", crate::tr!("error-key-empty"))]
    Empty,
    #[error("{}", crate::tr!("error-key-several", keys = .0))]
    Several(String),
}

/// The named keys, as they are written (the first spelling of each is the one printed).
const NAMED: &[(&str, KeyCode)] = &[
    ("Enter", KeyCode::Enter),
    ("CR", KeyCode::Enter),
    ("Return", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Tab", KeyCode::Tab),
    ("BS", KeyCode::Backspace),
    ("Backspace", KeyCode::Backspace),
    ("Del", KeyCode::Delete),
    ("Delete", KeyCode::Delete),
    ("Insert", KeyCode::Insert),
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("PageUp", KeyCode::PageUp),
    ("PageDown", KeyCode::PageDown),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("Space", KeyCode::Char(' ')),
    ("lt", KeyCode::Char('<')),
];

impl Key {
    /// A key without modifiers.
    pub const fn plain(code: KeyCode) -> Key {
        Key { code, mods: KeyModifiers::NONE }
    }

    /// A character key.
    pub const fn char(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    /// Ctrl and a letter.
    pub const fn ctrl(c: char) -> Key {
        Key { code: KeyCode::Char(c), mods: KeyModifiers::CONTROL }
    }

    /// Alt and a key.
    pub const fn alt(code: KeyCode) -> Key {
        Key { code, mods: KeyModifiers::ALT }
    }

    /// The key a terminal event stands for, in the keymap's terms (see [`Key`]).
    pub fn from_event(event: &KeyEvent) -> Key {
        Key::normal(event.code, event.modifiers)
    }

    /// The event a replayed key is delivered as.
    pub fn to_event(self) -> KeyEvent {
        KeyEvent::new(self.code, self.mods)
    }

    fn normal(code: KeyCode, mut mods: KeyModifiers) -> Key {
        // Shifted characters arrive with SHIFT on some terminals: 'G' is 'G' either way.
        if let KeyCode::Char(c) = code
            && !c.is_ascii_lowercase()
        {
            mods.remove(KeyModifiers::SHIFT);
        }
        let code = match code {
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => KeyCode::Char(c.to_ascii_lowercase()),
            KeyCode::BackTab => {
                mods.insert(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        Key { code, mods: mods & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT) }
    }

    /// Reads exactly one key: `q`, `?`, `<C-o>`, `<A-Left>`, `<Space>`.
    pub fn parse(text: &str) -> Result<Key, KeyError> {
        let keys = Key::parse_sequence(text)?;
        match keys.as_slice() {
            [] => Err(KeyError::Empty),
            [key] => Ok(*key),
            _ => Err(KeyError::Several(text.to_string())),
        }
    }

    /// Reads a sequence of keys, as `render --keys` takes them: `:12<Enter>r/宪法<Esc>`. A
    /// `<` that does not start a key name is the character itself.
    pub fn parse_sequence(text: &str) -> Result<Vec<Key>, KeyError> {
        let mut out = Vec::new();
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            if c == '<'
                && let Some(end) = rest.find('>')
                && end > 1
                && !rest[1..end].contains('<')
            {
                let name = &rest[1..end];
                out.push(named(name).ok_or_else(|| KeyError::Unknown(name.to_string()))?);
                rest = &rest[end + 1..];
                continue;
            }
            out.push(Key::char(c));
            rest = &rest[c.len_utf8()..];
        }
        Ok(out)
    }
}

/// A key in angle brackets, without them: `Enter`, `C-o`, `A-Left`, `S-Tab`, `F5`.
fn named(name: &str) -> Option<Key> {
    let mut mods = KeyModifiers::NONE;
    let mut rest = name;
    // Modifier prefixes (`C-`, `A-`, `M-`, `S-`), as long as a key is left after them.
    while let Some((prefix, tail)) = rest.split_once('-')
        && !tail.is_empty()
    {
        mods |= match prefix {
            "C" | "c" => KeyModifiers::CONTROL,
            "A" | "a" | "M" | "m" => KeyModifiers::ALT,
            "S" | "s" => KeyModifiers::SHIFT,
            _ => return None,
        };
        rest = tail;
    }
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (Some(c), None) if mods != KeyModifiers::NONE => KeyCode::Char(c),
        _ => {
            let lower = rest.to_ascii_lowercase();
            match NAMED.iter().find(|(n, _)| n.to_ascii_lowercase() == lower) {
                Some((_, code)) => *code,
                None => {
                    let n = lower.strip_prefix('f')?.parse::<u8>().ok().filter(|n| (1..=12).contains(n))?;
                    KeyCode::F(n)
                }
            }
        }
    };
    let code = if code == KeyCode::Tab && mods.contains(KeyModifiers::SHIFT) { KeyCode::BackTab } else { code };
    Some(Key::normal(code, mods))
}

impl fmt::Display for Key {
    /// The key in vim notation, as it is read: `q`, `<C-o>`, `<A-Left>`, `<Space>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name: String = match self.code {
            KeyCode::Char(' ') => "Space".into(),
            KeyCode::Char('<') => "lt".into(),
            KeyCode::Char(c) if self.mods.is_empty() => return write!(f, "{c}"),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::BackTab => "Tab".into(),
            KeyCode::F(n) => format!("F{n}"),
            code => match NAMED.iter().find(|(_, c)| *c == code) {
                Some((name, _)) => (*name).into(),
                None => format!("{code:?}"),
            },
        };
        f.write_str("<")?;
        for (flag, prefix) in [(KeyModifiers::CONTROL, "C-"), (KeyModifiers::ALT, "A-"), (KeyModifiers::SHIFT, "S-")] {
            if self.mods.contains(flag) {
                f.write_str(prefix)?;
            }
        }
        write!(f, "{name}>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_vim_notation() {
        let keys = Key::parse_sequence(":12<Enter>r/宪法<C-w><Esc><lt>x<S-Tab><F1><A-Left><C-A-x>").unwrap();
        let codes: Vec<KeyCode> = keys.iter().map(|k| k.code).collect();
        assert_eq!(
            codes,
            [
                KeyCode::Char(':'),
                KeyCode::Char('1'),
                KeyCode::Char('2'),
                KeyCode::Enter,
                KeyCode::Char('r'),
                KeyCode::Char('/'),
                KeyCode::Char('宪'),
                KeyCode::Char('法'),
                KeyCode::Char('w'),
                KeyCode::Esc,
                KeyCode::Char('<'),
                KeyCode::Char('x'),
                KeyCode::BackTab,
                KeyCode::F(1),
                KeyCode::Left,
                KeyCode::Char('x'),
            ]
        );
        assert_eq!(keys[8].mods, KeyModifiers::CONTROL);
        assert_eq!(keys[14].mods, KeyModifiers::ALT);
        assert_eq!(keys[15].mods, KeyModifiers::CONTROL | KeyModifiers::ALT);
        assert_eq!(Key::parse_sequence("a<b").unwrap().len(), 3);
        assert_eq!(Key::parse_sequence("<Nope>").unwrap_err(), KeyError::Unknown("Nope".into()));
        assert_eq!(Key::parse("gg").unwrap_err(), KeyError::Several("gg".into()));
        assert_eq!(Key::parse("").unwrap_err(), KeyError::Empty);
    }

    #[test]
    fn prints_what_it_reads() {
        for written in [
            "q",
            "G",
            "?",
            "/",
            "：",
            "<C-o>",
            "<A-Left>",
            "<Tab>",
            "<S-Tab>",
            "<Space>",
            "<lt>",
            "<F1>",
            "<Enter>",
            "<Esc>",
            "<PageDown>",
            "<BS>",
            "<Del>",
            "<C-A-x>",
            "<Up>",
        ] {
            let key = Key::parse(written).unwrap();
            assert_eq!(key.to_string(), written);
            assert_eq!(Key::parse(&key.to_string()).unwrap(), key);
        }
        // Other spellings are read, and printed the one way.
        assert_eq!(Key::parse("<c-O>").unwrap().to_string(), "<C-o>");
        assert_eq!(Key::parse("<cr>").unwrap().to_string(), "<Enter>");
        assert_eq!(Key::parse("<M-b>").unwrap().to_string(), "<A-b>");
    }

    #[test]
    fn events_compare_as_the_keymap_needs() {
        let shift_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&shift_g), Key::char('G'));
        let ctrl_o = KeyEvent::new(KeyCode::Char('O'), KeyModifiers::CONTROL | KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&ctrl_o), Key::ctrl('o'));
        let back_tab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::NONE);
        assert_eq!(Key::from_event(&back_tab), Key::parse("<S-Tab>").unwrap());
    }
}
