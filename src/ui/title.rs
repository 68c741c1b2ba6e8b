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
    match app.mark_count(app.current_plan(), all.clone(), MarkKind::Flagged) {
        0 => {}
        n => parts.push(crate::tr!("title-flagged", n = n)),
    }
    match app.mark_count(app.current_plan(), all, MarkKind::Done) {
        0 => {}
        n => parts.push(crate::tr!("title-done", n = n)),
    }
    if library.plans.len() > 1 {
        parts.push(crate::tr!("title-plans", n = library.plans.len()));
        parts.push(crate::tr!("title-measures", n = library.measure_count()));
    }
    // What is overdue (in the whole library, not done) in the warning colour, last.
    let overdue = (app.overdue > 0).then(|| crate::tr!("title-overdue", n = app.overdue));
    let right = match &overdue {
        Some(o) => format!(" {} · {o} ", parts.join(" · ")),
        None => format!(" {} ", parts.join(" · ")),
    };
    let mut left = format!(" planview  {}", plan.meta.title);
    if let Some(number) = &plan.meta.doc_number {
        left.push_str("  ");
        left.push_str(number);
    }
    let total = usize::from(area.width);
    let right = truncate(&right, total / 2);
    let left = truncate(&left, total.saturating_sub(width(&right)));
    let gap = total.saturating_sub(width(&left) + width(&right));
    let mut spans = vec![Span::raw(left), Span::raw(" ".repeat(gap))];
    // The overdue count (when it was not cut off) stands out.
    match overdue.as_deref().and_then(|o| right.trim_end().strip_suffix(o).map(|head| (head.to_string(), o))) {
        Some((head, o)) => {
            spans.push(Span::raw(head));
            spans.push(Span::styled(o.to_string(), theme.warning_badge()));
            spans.push(Span::raw(" "));
        }
        None => spans.push(Span::raw(right)),
    }
    let line = Line::from(spans);
    frame.render_widget(Paragraph::new(line).style(theme.bar()), area);
}
