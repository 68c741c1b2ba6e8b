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
    let flagged = match app.mark_count(app.current_plan(), all, MarkKind::Flagged) {
        0 => String::new(),
        n => format!(" · {n} flagged"),
    };
    let right = if library.plans.len() > 1 {
        let (plans, measures) = (library.plans.len(), library.measure_count());
        format!(" {read}/{} read{flagged} · {plans} plans · {measures} measures ", plan.measures.len())
    } else {
        format!(" {read}/{} read{flagged} ", plan.measures.len())
    };
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
