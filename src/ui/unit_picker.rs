//! The unit picker popup.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::input;
use crate::app::keymap::KeyContext;
use crate::app::picker::Picker;
use crate::app::state::App;
use crate::search::{Query, query_ranges};
use crate::text::width::{pad, truncate, width};

use super::popup::{self, pad_left};
use super::theme::Theme;
use crate::layout::picker_area;
use crate::tr;

/// Draws the picker; returns where the terminal cursor goes (the input).
pub fn draw(app: &App, picker: &Picker, theme: &Theme, frame: &mut Frame, screen: Rect) -> Option<Position> {
    let area = picker_area(screen);
    let role = if picker.lead_only { tr!("picker-lead-only") } else { tr!("picker-any-role") };
    let title = tr!("picker-title", role = role, n = picker.matches.len(), total = app.units().units.len());
    let inner = popup::frame(app, KeyContext::Picker, &title, theme, frame, area);
    if inner.height < 3 || inner.width < 12 {
        return None;
    }
    let prompt = Rect { height: 1, width: 2, ..inner };
    frame.render_widget(Paragraph::new(Span::styled("> ", theme.key())), prompt);
    let field = Rect { x: inner.x + 2, width: inner.width - 2, height: 1, ..inner };
    frame.render_widget(&picker.input, field);
    let cursor = picker.input.screen_cursor();
    let (_, left) = picker.input.scroll_offset();
    let cursor = Position::new(field.x + (cursor.col as u16).saturating_sub(left).min(field.width - 1), field.y);

    let columns = usize::from(inner.width);
    // Each number column as wide as its heading and a space or two.
    let (total_width, lead_width) = (width(&tr!("picker-total")).max(5) + 1, width(&tr!("picker-lead")).max(4) + 2);
    let numbers = total_width + lead_width; // "  total  lead"
    let name_width = columns.saturating_sub(numbers);
    let header = format!(
        "{}{}{}",
        pad(&tr!("picker-unit"), name_width),
        pad_left(&tr!("picker-total"), total_width),
        pad_left(&tr!("picker-lead"), lead_width)
    );
    let header_area = Rect { y: inner.y + 1, height: 1, ..inner };
    frame.render_widget(Paragraph::new(Line::styled(truncate(&header, columns), theme.dim())), header_area);

    let list = Rect { y: inner.y + 2, height: inner.height - 2, ..inner };
    let query = Query::parse(&input::text(&picker.input));
    let lines: Vec<Line> = picker
        .matches
        .iter()
        .enumerate()
        .skip(picker.offset)
        .take(usize::from(list.height))
        .map(|(i, &u)| {
            let unit = &app.units().units[u];
            let base = if i == picker.selected { theme.selected(true) } else { Style::new() };
            let name = truncate(&unit.name, name_width);
            let mut spans = Vec::new();
            let mut pos = 0;
            for r in query_ranges(&query, &name) {
                spans.push(Span::styled(name[pos..r.start].to_string(), base));
                spans.push(Span::styled(name[r.clone()].to_string(), base.patch(theme.hit())));
                pos = r.end;
            }
            spans.push(Span::styled(name[pos..].to_string(), base));
            spans.push(Span::styled(" ".repeat(name_width.saturating_sub(width(&name))), base));
            spans.push(Span::styled(
                format!("{:>total_width$}{:>lead_width$}", unit.total, unit.lead),
                base.patch(theme.number()),
            ));
            Line::from(spans)
        })
        .collect();
    if lines.is_empty() {
        frame.render_widget(Paragraph::new(Line::styled(tr!("picker-no-match"), theme.dim())), list);
    } else {
        frame.render_widget(Paragraph::new(lines), list);
    }
    Some(cursor)
}
