//! Popups over text that may hold wide characters.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Widget};
use unicode_width::UnicodeWidthStr;

use crate::app::keymap::KeyContext;
use crate::app::state::App;

use super::theme::Theme;

/// A popup's key hints from the live keymap, for a border `width` columns wide: ` <Enter>
/// filter · <Esc> close `. Hints that do not fit are left out whole, from the last, never
/// cut (a cut `<Enter>` would name no key).
pub fn key_hints(app: &App, context: KeyContext, width: u16) -> String {
    // The corners and a column of border on each side stay visible.
    let room = usize::from(width).saturating_sub(4);
    let mut hints: Vec<String> = app.keymap().hints(context).into_iter().map(|(_, hint)| hint).collect();
    loop {
        let line = if hints.is_empty() { String::new() } else { format!(" {} ", hints.join(" · ")) };
        if line.width() <= room || hints.pop().is_none() {
            return line;
        }
    }
}

/// Clears `area` and draws a popup's frame there: ` title ` at the top, the key hints of
/// `context` at the bottom right. Returns the area inside the frame.
pub fn frame(app: &App, context: KeyContext, title: &str, theme: &Theme, frame: &mut Frame, area: Rect) -> Rect {
    clear(area, frame.buffer_mut());
    let block = theme
        .block()
        .title(format!(" {title} "))
        .title_bottom(Line::from(key_hints(app, context, area.width)).right_aligned())
        .border_style(theme.border(true));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// Spaces, then `s`, to `target` columns (a number column's heading over the numbers).
pub fn pad_left(s: &str, target: usize) -> String {
    format!("{}{s}", " ".repeat(target.saturating_sub(s.width())))
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
    fn key_hints_drop_whole() {
        let app = App::new(
            crate::library::Library::open(&[]),
            80,
            24,
            crate::app::Options::default(),
            crate::marks::Store::in_memory(),
        );
        assert_eq!(key_hints(&app, KeyContext::Picker, 80), " <Enter> accept · <Esc> cancel · <Tab> role ");
        assert_eq!(key_hints(&app, KeyContext::Picker, 40), " <Enter> accept · <Esc> cancel ");
        assert_eq!(key_hints(&app, KeyContext::Picker, 20), " <Enter> accept ");
        assert_eq!(key_hints(&app, KeyContext::Picker, 10), "");
    }

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
