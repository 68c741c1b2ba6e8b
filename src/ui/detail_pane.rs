//! The detail pane: paints the laid-out view model.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::node::Node;
use crate::app::state::App;

use super::theme::Theme;
use crate::layout::Pane;

pub fn draw(app: &App, theme: &Theme, frame: &mut Frame, outer: Rect, inner: Rect) {
    let focused = app.focus == Pane::Detail;
    let view = &app.detail;
    let title = match view.node {
        Some(Node::Measure(id)) => {
            format!(" {} ", super::status::measure_position(app.library.plan(id.plan), id.index as usize))
        }
        Some(Node::Section { .. }) => format!(" {} ", crate::tr!("detail-section")),
        Some(Node::Chapter { .. }) => format!(" {} ", crate::tr!("detail-chapter")),
        Some(Node::Plan(_)) => format!(" {} ", crate::tr!("detail-plan")),
        None => String::new(),
    };
    let height = usize::from(inner.height);
    let more = view.lines.len().saturating_sub(view.scroll + height);
    let mut block = theme.block().title(title).border_style(theme.border(focused));
    if more > 0 {
        block = block.title_bottom(Line::from(format!(" {} ", crate::tr!("detail-more", n = more))).right_aligned());
    }
    frame.render_widget(block, outer);
    let lines: Vec<Line> = view
        .lines
        .iter()
        .skip(view.scroll)
        .take(height)
        .map(|line| {
            Line::from(line.segs.iter().map(|s| Span::styled(s.text.clone(), theme.tone(s.tone))).collect::<Vec<_>>())
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
