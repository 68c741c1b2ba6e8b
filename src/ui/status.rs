//! The status line (position, active filters, hints or a message) and the one-line inputs.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::action::Action;
use crate::app::node::Node;
use crate::app::state::{App, Mode, Severity};
use crate::text::width::{truncate, width};

use super::theme::Theme;

pub fn draw(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) {
    let total = usize::from(area.width);
    let left = position(app);
    // On a narrow terminal whole parts go, the first filters first; the count stays.
    let mut parts = filters(app);
    let wide = |parts: &[String]| width(&left) + 1 + parts.iter().map(|p| width(p) + 3).sum::<usize>();
    while parts.len() > 1 && wide(&parts) > total {
        parts.remove(0);
    }
    let filters = parts.join(" · ");
    let mut spans = vec![Span::raw(format!(" {left}"))];
    if !filters.is_empty() {
        spans.push(Span::raw(" · "));
        spans.push(Span::styled(filters, theme.focus()));
    }
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    let room = total.saturating_sub(used + 2);
    let (right, right_style) = match &app.message {
        Some(m) => (truncate(&m.text, room), if m.severity == Severity::Error { theme.error() } else { Style::new() }),
        None => (fitting_hints(app, room), theme.dim()),
    };
    let gap = total.saturating_sub(used + width(&right) + 1);
    spans.push(Span::raw(" ".repeat(gap)));
    spans.push(Span::styled(right, right_style));
    // If the left part alone is too wide, the paragraph cuts it at the edge.
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// As many whole key hints as fit in `room` columns, the help's first.
fn fitting_hints(app: &App, room: usize) -> String {
    let mut hints = app.keymap().hints(app.context());
    if let Some(i) = hints.iter().position(|(action, _)| *action == Action::Help) {
        let help = hints.remove(i);
        hints.insert(0, help);
    }
    let mut out = String::new();
    for (_, hint) in &hints {
        let hint = hint.as_str();
        let extra = if out.is_empty() { width(hint) } else { width(hint) + 2 };
        if width(&out) + extra > room {
            break;
        }
        if !out.is_empty() {
            out.push_str("  ");
        }
        out.push_str(hint);
    }
    out
}

/// `measure 12/77`, or where the selection is.
fn position(app: &App) -> String {
    match app.selected() {
        Some(Node::Measure(id)) => {
            let position = app.library.plan(id.plan).position_label(id.index as usize);
            match app.hit_position() {
                Some((i, n)) => format!("measure {position} · hit {i}/{n}"),
                _ => format!("measure {position}"),
            }
        }
        Some(Node::Section { .. }) => "section".into(),
        Some(Node::Chapter { .. }) => "chapter".into(),
        Some(Node::Plan(_)) => "plan".into(),
        None => "no selection".into(),
    }
}

/// Every active filter and how many measures pass, as parts of the status line.
fn filters(app: &App) -> Vec<String> {
    let mut parts = Vec::new();
    if let Some(q) = &app.search.query {
        parts.push(format!("/{}", q.raw.trim()));
    }
    if let Some(unit) = &app.unit_filter {
        parts.push(unit.name.clone());
        if unit.lead_only {
            parts.push("牵头".into());
        }
    }
    if let Some(label) = app.mark_filter.label() {
        parts.push(label.into());
    }
    if let Some(set) = &app.visible {
        let n = set.count();
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let mut count = if n == 0 { "no measures".into() } else { format!("{n} measure{}", plural(n)) };
        // In a library, how many plans the measures are in (the tree counts them per plan).
        let plans = app.library.plans.len();
        if plans > 1 && n > 0 {
            let with = (0..plans as u32).filter(|&p| set.any_in(app.library.plan_range(p))).count();
            count.push_str(&format!(" in {with}/{plans} plans"));
        }
        parts.push(count);
    }
    parts
}

/// The search or jump input line; returns where the terminal cursor goes.
pub fn draw_input(app: &App, theme: &Theme, frame: &mut Frame, area: Rect) -> Option<Position> {
    let (prompt, textarea) = match &app.mode {
        Mode::Search(search) => ("/", &search.input),
        Mode::Jump(input) => (":", input),
        _ => return None,
    };
    let prompt_area = Rect { width: 1, ..area };
    frame.render_widget(Paragraph::new(Span::styled(prompt, theme.key())), prompt_area);
    let field = Rect { x: area.x + 1, width: area.width.saturating_sub(1), ..area };
    frame.render_widget(textarea, field);
    let cursor = textarea.screen_cursor();
    let (top, left) = textarea.scroll_offset();
    let x = field.x + (cursor.col as u16).saturating_sub(left).min(field.width.saturating_sub(1));
    let y = field.y + (cursor.row as u16).saturating_sub(top);
    Some(Position::new(x, y))
}
