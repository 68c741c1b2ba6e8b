//! The status line (position, active filters, hints or a message) and the one-line inputs.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::action::Action;
use crate::app::node::Node;
use crate::app::settings::mark_filter_label;
use crate::app::state::{App, Mode, Reading, Severity};
use crate::text::numerals::thousands;
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
    let (right, right_style) = match (&app.message, &app.reading) {
        (Some(m), _) => {
            (truncate(&m.text, room), if m.severity == Severity::Error { theme.error() } else { Style::new() })
        }
        (None, Some(reading)) => (truncate(&reading_text(reading), room), theme.focus()),
        (None, None) => (fitting_hints(app, room), theme.dim()),
    };
    let gap = total.saturating_sub(used + width(&right) + 1);
    spans.push(Span::raw(" ".repeat(gap)));
    spans.push(Span::styled(right, right_style));
    // If the left part alone is too wide, the paragraph cuts it at the edge.
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// How far the reading of the library has got, and what waits for it.
fn reading_text(reading: &Reading) -> String {
    let (done, total) = (thousands(reading.done), thousands(reading.total));
    match reading.held() {
        0 => crate::tr!("status-reading", done = done, total = total),
        keys => crate::tr!("status-reading-held", done = done, total = total, keys = keys),
    }
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

/// `measure 12/77` (`第12条（共77条）`), or where the selection is.
fn position(app: &App) -> String {
    match app.selected() {
        Some(Node::Measure(id)) => {
            let position = measure_position(app.library.plan(id.plan), id.index as usize);
            match app.hit_position().filter(|_| !app.searching()) {
                Some((i, n)) => format!("{position} · {}", crate::tr!("status-hit", i = i, n = n)),
                _ => position,
            }
        }
        Some(Node::Section { .. }) => crate::tr!("status-section"),
        Some(Node::Chapter { .. }) => crate::tr!("status-chapter"),
        Some(Node::Plan(_)) => crate::tr!("status-plan"),
        None => crate::tr!("status-no-selection"),
    }
}

/// Where a measure is in its plan: `measure 12/77` when the ids are numbers, else
/// `measure 二.1 (5/77)`.
pub fn measure_position(plan: &crate::plan::Plan, index: usize) -> String {
    let id = &plan.measures[index].id;
    let last = plan.measures.last().map_or("", |m| &m.id);
    if id.parse::<u32>().is_ok() && last.parse::<u32>().is_ok() {
        crate::tr!("status-measure", id = &**id, last = last)
    } else {
        crate::tr!("status-measure-at", id = &**id, n = index + 1, total = plan.measures.len())
    }
}

/// Every active filter and how many measures pass, as parts of the status line.
fn filters(app: &App) -> Vec<String> {
    let mut parts = Vec::new();
    let pending = app.search.pending.as_ref().map(|p| &p.query);
    if let Some(q) = pending.or(app.search.query.as_ref()) {
        parts.push(format!("/{}", q.raw.trim()));
    }
    if let Some(unit) = &app.unit_filter {
        parts.push(unit.name.clone());
        if unit.lead_only {
            parts.push(crate::tr!("status-lead-only"));
        }
    }
    if let Some(label) = mark_filter_label(app.mark_filter) {
        parts.push(label);
    }
    // Until the searching thread answers, the count would be the previous query's.
    if app.searching() {
        parts.push(crate::tr!("status-searching"));
    } else if let Some(set) = &app.visible {
        let n = set.count();
        // In a library, how many plans the measures are in (the tree counts them per plan).
        let plans = app.library.plans.len();
        let count = if n == 0 {
            crate::tr!("status-no-measures")
        } else if plans > 1 {
            let with = (0..plans as u32).filter(|&p| set.any_in(app.library.plan_range(p))).count();
            crate::tr!("status-measures-in-plans", n = n, with = with, plans = plans)
        } else {
            crate::tr!("status-measures", n = n)
        };
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
