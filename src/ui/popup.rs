//! Popups over text that may hold wide characters.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Widget};
use unicode_width::UnicodeWidthStr;

use crate::app::keymap::KeyContext;
use crate::app::state::App;

/// A popup's key hints from the live keymap, for its bottom border: ` <Enter> filter ·
/// <Esc> close `.
pub fn key_hints(app: &App, context: KeyContext) -> String {
    let hints: Vec<String> = app.keymap().hints(context).into_iter().map(|(_, hint)| hint).collect();
    if hints.is_empty() { String::new() } else { format!(" {} ", hints.join(" · ")) }
}

/// Clears `area` for a popup. A wide character straddling the popup's left or right edge
/// would otherwise leave half a glyph on screen (ratatui issue 2526), so the cells just
/// outside the edges are blanked when they belong to a character cut by the edge.
pub fn clear(area: Rect, buf: &mut Buffer) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    for y in area.top()..area.bottom() {
        // Left edge: a wide character starting just outside spills into the popup.
        if area.left() > buf.area.left() {
            let cell = &mut buf[(area.left() - 1, y)];
            if cell.symbol().width() > 1 {
                cell.set_symbol(" ");
            }
        }
        // Right edge: the continuation cell of a wide character starting inside.
        let last = area.right() - 1;
        if buf[(last, y)].symbol().width() > 1 && area.right() < buf.area.right() {
            buf[(area.right(), y)].set_symbol(" ");
        }
    }
    Clear.render(area, buf);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_cut_by_the_edges_are_blanked() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 1));
        buf.set_string(0, 0, "一二三四五", ratatui::style::Style::new());
        // A popup from column 3 to 6 cuts 二 (columns 2–3) and 四 (columns 6–7).
        clear(Rect::new(3, 0, 4, 1), &mut buf);
        let symbols: Vec<&str> = (0..10).map(|x| buf[(x, 0)].symbol()).collect();
        assert_eq!(symbols, ["一", " ", " ", " ", " ", " ", " ", " ", "五", " "]);
    }
}
