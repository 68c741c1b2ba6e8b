//! The note editor popup and the yes/no question before marking many measures.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::app::action::Action;
use crate::app::keymap::KeyContext;
use crate::app::node::Node;
use crate::app::state::{App, NoteEdit, Question};
use crate::marks::MarkKind;
use crate::text::width::truncate;

use super::popup;
use super::theme::Theme;
use crate::layout::centered;

/// Draws the editor; returns where the terminal cursor goes.
pub fn draw(app: &App, edit: &NoteEdit, theme: &Theme, frame: &mut Frame, screen: Rect) -> Option<Position> {
    let area = centered(screen, 70, 12);
    let number = &app.library.measure(edit.target).id;
    let title = crate::tr!("note-title", id = &**number);
    let inner = popup::frame(app, KeyContext::Note, &title, theme, frame, area);
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
    let (yes, no) = (key(Action::Submit), key(Action::Cancel));
    let question = match question {
        Question::Bulk(bulk) => {
            let n = bulk.count;
            // Chinese names the place: 本章, 本节, 本文件.
            let scope = match bulk.node {
                Node::Chapter { .. } => "chapter",
                Node::Section { .. } => "section",
                Node::Plan(_) | Node::Measure(_) => "plan",
            };
            match (bulk.kind, bulk.set) {
                (MarkKind::Read, true) => crate::tr!("confirm-read", n = n, yes = yes, no = no, scope = scope),
                (MarkKind::Read, false) => crate::tr!("confirm-unread", n = n, yes = yes, no = no, scope = scope),
                (MarkKind::Flagged, true) => crate::tr!("confirm-flag", n = n, yes = yes, no = no, scope = scope),
                (MarkKind::Flagged, false) => crate::tr!("confirm-unflag", n = n, yes = yes, no = no, scope = scope),
                (MarkKind::Done, true) => crate::tr!("confirm-done", n = n, yes = yes, no = no, scope = scope),
                (MarkKind::Done, false) => crate::tr!("confirm-undone", n = n, yes = yes, no = no, scope = scope),
            }
        }
        Question::DiscardNote(_) => crate::tr!("confirm-discard-note", yes = yes, no = no),
    };
    let area = centered(screen, 50, 3);
    popup::clear(area, frame.buffer_mut());
    let block = theme.block().border_style(theme.border(true));
    let text = truncate(&question, usize::from(area.width.saturating_sub(2)));
    frame.render_widget(Paragraph::new(Line::styled(text, theme.key())).block(block), area);
}
