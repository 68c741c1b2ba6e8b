//! The browser over arbitrary plans: the first bytes choose a screen size and keys, the rest
//! is read as a plan; every key is handled and every frame drawn. Never a panic, and every
//! row of every frame exactly as wide as the screen.

#![no_main]

use libfuzzer_sys::fuzz_target;
use planview::app::{App, Options};
use planview::library::Library;
use planview::marks::Store;
use planview::plan::load_bytes;
use planview::render::{Screen, rows};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_width::UnicodeWidthStr;

/// Keys a byte stands for: the keymap's letters, Chinese and pinyin to search with, and the
/// keys that enter and leave every mode.
fn key(byte: u8) -> KeyEvent {
    const CHARS: &[char] = &[
        'j', 'k', 'h', 'l', 'g', 'G', 'n', 'N', 'r', 'f', 'x', 'a', 's', 'w', 'u', 'U', 'e', 'd', 'b', 'y', 'p',
        'm', 'i', 'o', '?', '/', ':', ' ', '1', '7', '法', '县', '局', '一', '（', '👍', 'é',
    ];
    const CODES: &[KeyCode] = &[
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Tab,
        KeyCode::BackTab,
        KeyCode::Backspace,
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::PageUp,
        KeyCode::PageDown,
        KeyCode::Home,
        KeyCode::End,
    ];
    let modifiers = if byte & 0x80 != 0 { KeyModifiers::CONTROL } else { KeyModifiers::NONE };
    let index = usize::from(byte & 0x7f);
    let code = match CHARS.get(index) {
        Some(&c) => KeyCode::Char(c),
        None => CODES[(index - CHARS.len()) % CODES.len()],
    };
    KeyEvent::new(code, modifiers)
}

fuzz_target!(|data: &[u8]| {
    let [w, h, n, rest @ ..] = data else { return };
    let (width, height) = (1 + u16::from(*w) % 200, 1 + u16::from(*h) % 60);
    let (keys, plan) = rest.split_at(usize::from(*n % 48).min(rest.len()));
    let Ok(loaded) = load_bytes(plan, "fuzz") else { return };
    let library = Library::from_plans(vec![loaded], Vec::new());
    let mut app = App::new(library, width, height, Options::default(), Store::in_memory());
    let mut screen = Screen::new(width, height);
    for &byte in keys {
        let effects = app.handle_key(key(byte));
        app.carry_out(effects);
        let frame = screen.draw(&app);
        for row in rows(frame) {
            assert_eq!(row.width(), usize::from(width), "{row:?}");
        }
    }
});
