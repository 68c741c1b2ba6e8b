//! The list of saved views (`v`): each view's name and what it filters.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::keymap::KeyContext;
use crate::app::state::App;
use crate::layout::centered;
use crate::text::width::{pad, truncate, width};

use super::popup;
use super::theme::Theme;

pub fn draw(app: &App, selected: usize, theme: &Theme, frame: &mut Frame, screen: Rect) {
    let views = &app.options.settings.views;
    let area = centered(screen, 70, views.len() as u16 + 2);
    let title = crate::tr!("views-title", n = views.len());
    let inner = popup::frame(app, KeyContext::Views, &title, theme, frame, area);
    let columns = usize::from(inner.width);
    let name_width = views.iter().map(|v| width(&v.name)).max().unwrap_or(0).min(columns / 3) + 2;
    // Scrolled so the selected view is in sight.
    let rows = usize::from(inner.height).max(1);
    let offset = selected.saturating_sub(rows - 1);
    let lines: Vec<Line> = views
        .iter()
        .enumerate()
        .skip(offset)
        .take(rows)
        .map(|(i, view)| {
            let base = if i == selected { theme.selected(true) } else { Style::new() };
            let name = pad(&truncate(&view.name, name_width - 2), name_width);
            let summary = truncate(&view.summary(), columns.saturating_sub(name_width));
            let fill = " ".repeat(columns.saturating_sub(name_width + width(&summary)));
            Line::from(vec![
                Span::styled(name, base.patch(theme.key())),
                Span::styled(summary, base),
                Span::styled(fill, base),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
