//! Key sequences in vim notation, as `planview render --keys` takes them:
//! plain characters (Chinese too) and `<Enter> <Esc> <Tab> <S-Tab> <BS> <Del> <Up> <Down>
//! <Left> <Right> <PageUp> <PageDown> <Home> <End> <Space> <lt> <F1>…<F12> <C-x> <A-x>`.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Parses a key sequence. Errors name the unknown key.
pub fn parse(keys: &str) -> Result<Vec<KeyEvent>, String> {
    let mut out = Vec::new();
    let mut rest = keys;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(end) = rest.find('>')
            && end > 1
            && !rest[1..end].contains('<')
        {
            let name = &rest[1..end];
            out.push(named(name).ok_or_else(|| format!("unknown key <{name}> in --keys"))?);
            rest = &rest[end + 1..];
            continue;
        }
        out.push(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        rest = &rest[c.len_utf8()..];
    }
    Ok(out)
}

fn named(name: &str) -> Option<KeyEvent> {
    let plain = |code| Some(KeyEvent::new(code, KeyModifiers::NONE));
    if let Some((prefix, key)) = name.split_once('-')
        && !key.is_empty()
    {
        let mods = match prefix {
            "C" | "c" => KeyModifiers::CONTROL,
            "A" | "a" | "M" | "m" => KeyModifiers::ALT,
            "S" | "s" => KeyModifiers::SHIFT,
            _ => return None,
        };
        let base =
            if key.chars().count() == 1 { key.chars().next().map(KeyCode::Char) } else { named(key).map(|k| k.code) }?;
        let code = match (base, mods) {
            (KeyCode::Tab, KeyModifiers::SHIFT) => {
                return Some(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
            }
            (KeyCode::Char(c), KeyModifiers::CONTROL) => KeyCode::Char(c.to_ascii_lowercase()),
            (code, _) => code,
        };
        return Some(KeyEvent::new(code, mods));
    }
    match name.to_ascii_lowercase().as_str() {
        "enter" | "cr" | "return" => plain(KeyCode::Enter),
        "esc" => plain(KeyCode::Esc),
        "tab" => plain(KeyCode::Tab),
        "bs" | "backspace" => plain(KeyCode::Backspace),
        "del" | "delete" => plain(KeyCode::Delete),
        "up" => plain(KeyCode::Up),
        "down" => plain(KeyCode::Down),
        "left" => plain(KeyCode::Left),
        "right" => plain(KeyCode::Right),
        "pageup" => plain(KeyCode::PageUp),
        "pagedown" => plain(KeyCode::PageDown),
        "home" => plain(KeyCode::Home),
        "end" => plain(KeyCode::End),
        "space" => plain(KeyCode::Char(' ')),
        "lt" => plain(KeyCode::Char('<')),
        f if f.starts_with('f') => {
            f[1..].parse::<u8>().ok().filter(|n| (1..=12).contains(n)).and_then(|n| plain(KeyCode::F(n)))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_vim_notation() {
        let keys = parse(":12<Enter>r/宪法<C-w><Esc><lt>x<S-Tab><F1>").unwrap();
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
            ]
        );
        assert_eq!(keys[8].modifiers, KeyModifiers::CONTROL);
        assert_eq!(parse("a<b").unwrap().len(), 3);
        assert_eq!(parse("<Nope>").unwrap_err(), "unknown key <Nope> in --keys");
    }
}
