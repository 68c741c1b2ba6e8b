//! The title bar: the plan's title and 文号.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::state::App;
use crate::marks::MarkKind;
use crate::text::width::{truncate, width};

use super::theme::Theme;

pub fn draw(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let library = &app.library;
    let plan = library.plan(app.current_plan());
    let all = 0..plan.measures.len();
    let read = app.read_count(app.current_plan(), all.clone());
    // Flagged measures are counted once there are any (they are what a meeting needs).
    let mut parts = vec![crate::tr!("title-read", read = read, total = plan.measures.len())];
    match app.mark_count(app.current_plan(), all, MarkKind::Flagged) {
        0 => {}
        n => parts.push(crate::tr!("title-flagged", n = n)),
    }
    if library.plans.len() > 1 {
        parts.push(crate::tr!("title-plans", n = library.plans.len()));
        parts.push(crate::tr!("title-measures", n = library.measure_count()));
    }
    let right = format!(" {} ", parts.join(" · "));
    let mut left = format!(" planview  {}", plan.meta.title);
    if let Some(number) = &plan.meta.doc_number {
        left.push_str("  ");
        left.push_str(number);
    }
    let total = usize::from(area.width);
    let right = truncate(&right, total / 3);
    let left = truncate(&left, total.saturating_sub(width(&right)));
    let gap = total.saturating_sub(width(&left) + width(&right));
    let line = Line::from(vec![Span::raw(left), Span::raw(" ".repeat(gap)), Span::raw(right)]);
    frame.render_widget(Paragraph::new(line).style(theme.bar()), area);
}
