//! For terminals that draw East Asian ambiguous-width characters two columns wide (as many
//! Chinese-locale terminals do): the last step of a frame puts a one-column ASCII look-alike
//! in every cell holding such a character — the borders, the symbols (· … ▾ █ ░ ↓ ›) and the
//! document's own (“ ” — ① ⑴ °) — so each line keeps the width it was laid out with.

use ratatui::buffer::Buffer;
use unicode_width::UnicodeWidthChar;

/// Replaces ambiguous-width characters in every cell by [`narrow`] look-alikes.
pub fn narrow_cells(buffer: &mut Buffer) {
    let area = buffer.area;
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let cell = &mut buffer[(x, y)];
            let mut chars = cell.symbol().chars();
            let (Some(c), None) = (chars.next(), chars.next()) else { continue };
            if let Some(ascii) = narrow(c) {
                cell.set_char(ascii);
            }
        }
    }
}

/// The ASCII stand-in for a character that is one column wide by Unicode's default and two
/// in an East Asian context; None for every other character.
pub fn narrow(c: char) -> Option<char> {
    if c.is_ascii() || !is_ambiguous(c) {
        return None;
    }
    let code = c as u32;
    Some(match c {
        '─' | '━' | '┄' | '┅' | '┈' | '┉' | '╌' | '╍' | '═' | '╴' | '╶' | '╸' | '╺' => '-',
        '│' | '┃' | '┆' | '┇' | '┊' | '┋' | '╎' | '╏' | '║' | '╵' | '╷' | '╹' | '╻' => '|',
        '\u{2500}'..='\u{257f}' => '+',
        '░' | '▒' => ':',
        '\u{2580}'..='\u{259f}' => '#',
        '“' | '”' | '″' | '〃' => '"',
        '‘' | '’' | '′' | '´' => '\'',
        '—' | '―' | '–' | '‐' | '¯' | '－' => '-',
        '…' | '·' | '‥' | '•' | '¨' => '.',
        '※' | '★' | '☆' | '●' | '○' | '◎' | '◆' | '◇' | '■' | '□' | '▲' | '△' | '⊙' => '*',
        '▼' | '▽' | '▾' | '↓' => 'v',
        '▶' | '▷' | '▸' | '→' | '›' | '»' => '>',
        '◀' | '◁' | '◂' | '←' | '‹' | '«' => '<',
        '↑' | '▴' => '^',
        '°' | 'º' => 'o',
        '×' => 'x',
        '÷' | '∕' => '/',
        '±' => '+',
        '§' => 'S',
        '¶' => 'P',
        // ①–⑨, ⑴–⑼, ⒈–⒐ and their like read as their number; two-digit ones do not fit.
        '\u{2460}'..='\u{2468}' => digit(code - 0x2460 + 1),
        '\u{2474}'..='\u{247c}' => digit(code - 0x2474 + 1),
        '\u{2488}'..='\u{2490}' => digit(code - 0x2488 + 1),
        '\u{2160}'..='\u{216b}' | '\u{2170}'..='\u{217b}' => roman(code),
        _ => '?',
    })
}

/// Whether Unicode gives `c` one column but East Asian terminals two.
fn is_ambiguous(c: char) -> bool {
    c.width() == Some(1) && c.width_cjk() == Some(2)
}

fn digit(n: u32) -> char {
    char::from_digit(n, 10).unwrap_or('#')
}

/// Ⅰ Ⅴ Ⅹ as I V X; the others by their first letter.
fn roman(code: u32) -> char {
    match (code - 0x2160) % 0x10 {
        0..=2 => 'I',
        3..=7 => 'V',
        _ => 'X',
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn every_ambiguous_character_gets_one_column_ascii() {
        for code in 0u32..0x30000 {
            let Some(c) = char::from_u32(code) else { continue };
            if let Some(ascii) = narrow(c) {
                assert!(ascii.is_ascii_graphic(), "{c:?} → {ascii:?}");
            } else {
                assert!(c.is_ascii() || !is_ambiguous(c), "{c:?} is ambiguous and kept");
            }
        }
    }

    #[test]
    fn look_alikes() {
        let shown: String = "┌─│┘“引号”—…·①⑵▾█░°".chars().map(|c| narrow(c).unwrap_or(c)).collect();
        // ▾ and ░ are narrow everywhere (Unicode's N), so they stay.
        assert_eq!(shown, "+-|+\"引号\"-..12▾#░o");
        assert_eq!("中文，。、（）".chars().filter_map(narrow).count(), 0, "wide and narrow characters stay");
        assert_eq!(shown.width(), shown.width_cjk(), "the same width in every terminal");
    }
}
