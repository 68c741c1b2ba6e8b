//! The note editor popup and the yes/no question before marking many measures.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

use crate::app::state::App;
use crate::text::width::truncate;

use super::popup;
use super::theme::Theme;
use crate::layout::centered;

/// Draws the editor; returns where the terminal cursor goes.
pub fn draw(app: &App, theme: &Theme, frame: &mut Frame, screen: Rect) -> Option<Position> {
    let area = centered(screen, 70, 12);
    popup::clear(area, frame.buffer_mut());
    let number = app.note_target.map(|id| app.library.measure(id).id.to_string()).unwrap_or_default();
    let block = Block::bordered()
        .title(format!(" note · measure {number} "))
        .title_bottom(Line::from(" Esc saves and closes ").right_aligned())
        .border_style(theme.border(true));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.is_empty() {
        return None;
    }
    frame.render_widget(&app.note_editor, inner);
    let cursor = app.note_editor.screen_cursor();
    let (top, left) = app.note_editor.scroll_offset();
    let x = inner.x + (cursor.col as u16).saturating_sub(left).min(inner.width - 1);
    let y = inner.y + (cursor.row as u16).saturating_sub(top).min(inner.height - 1);
    Some(Position::new(x, y))
}

/// The question before a chapter-, section- or plan-wide mark.
pub fn draw_confirm(app: &App, theme: &Theme, frame: &mut Frame, screen: Rect) {
    let Some(bulk) = &app.pending else { return };
    let what = match (bulk.flag, bulk.set) {
        (false, true) => "Mark read",
        (false, false) => "Mark unread",
        (true, true) => "Flag",
        (true, false) => "Unflag",
    };
    let question = format!("{what} all {} measures here? (y / n)", bulk.count);
    let area = centered(screen, 50, 3);
    popup::clear(area, frame.buffer_mut());
    let block = Block::bordered().border_style(theme.border(true));
    let text = truncate(&question, usize::from(area.width.saturating_sub(2)));
    frame.render_widget(Paragraph::new(Line::styled(text, theme.key())).block(block), area);
}
