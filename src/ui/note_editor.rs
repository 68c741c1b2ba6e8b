//! The note editor popup and the yes/no question before marking many measures.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::app::action::Action;
use crate::app::keymap::KeyContext;
use crate::app::state::{App, NoteEdit, Question};
use crate::marks::MarkKind;
use crate::text::width::truncate;

use super::popup;
use super::theme::Theme;
use crate::layout::centered;

/// Draws the editor; returns where the terminal cursor goes.
pub fn draw(app: &App, edit: &NoteEdit, theme: &Theme, frame: &mut Frame, screen: Rect) -> Option<Position> {
    let area = centered(screen, 70, 12);
    popup::clear(area, frame.buffer_mut());
    let number = &app.library.measure(edit.target).id;
    let block = theme
        .block()
        .title(format!(" note · measure {number} "))
        .title_bottom(Line::from(popup::key_hints(app, KeyContext::Note, area.width)).right_aligned())
        .border_style(theme.border(true));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.is_empty() {
        return None;
    }
    frame.render_widget(&edit.editor, inner);
    let cursor = edit.editor.screen_cursor();
    let (top, left) = edit.editor.scroll_offset();
    let x = inner.x + (cursor.col as u16).saturating_sub(left).min(inner.width - 1);
    let y = inner.y + (cursor.row as u16).saturating_sub(top).min(inner.height - 1);
    Some(Position::new(x, y))
}

/// The question before a chapter-, section- or plan-wide mark, or before throwing a note
/// away.
pub fn draw_confirm(app: &App, question: &Question, theme: &Theme, frame: &mut Frame, screen: Rect) {
    let keymap = app.keymap();
    let key = |action| keymap.keys(KeyContext::Confirm, action).first().map(ToString::to_string).unwrap_or_default();
    let asked = match question {
        Question::Bulk(bulk) => {
            let what = match (bulk.kind, bulk.set) {
                (MarkKind::Read, true) => "Mark read",
                (MarkKind::Read, false) => "Mark unread",
                (MarkKind::Flagged, true) => "Flag",
                (MarkKind::Flagged, false) => "Unflag",
            };
            format!("{what} all {} measures here?", bulk.count)
        }
        Question::DiscardNote(_) => crate::tr!("confirm-discard-note"),
    };
    let question = format!("{asked} ({} / {})", key(Action::Submit), key(Action::Cancel));
    let area = centered(screen, 50, 3);
    popup::clear(area, frame.buffer_mut());
    let block = theme.block().border_style(theme.border(true));
    let text = truncate(&question, usize::from(area.width.saturating_sub(2)));
    frame.render_widget(Paragraph::new(Line::styled(text, theme.key())).block(block), area);
}
