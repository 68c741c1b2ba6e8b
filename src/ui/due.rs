//! The due view: the measures with a deadline, by date, overdue first (their days in the
//! warning colour), the undated under a heading at the end.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::due_view::{DueRow, DueView};
use crate::app::keymap::KeyContext;
use crate::app::state::App;
use crate::due::{DueItem, Window, days_left_text};
use crate::layout::overview_area;
use crate::text::width::{pad, truncate, width};
use crate::tr;

use super::popup;
use super::theme::Theme;

/// The cells of a measure's row, before they are fitted to the columns.
struct Cells {
    date: String,
    left: String,
    plan: String,
    id: String,
    title: String,
    lead: String,
    deadline: String,
}

fn cells(app: &App, item: &DueItem) -> Cells {
    let m = app.library.measure(item.id);
    let lead: Vec<&str> = m.units().iter().filter(|u| u.is_lead()).map(|u| &*u.name).collect();
    Cells {
        date: item.date.map(|d| d.to_string()).unwrap_or_default(),
        left: item.days_left.map(|d| days_left_text(Some(d))).unwrap_or_default(),
        plan: crate::due::plan_label(app.library.plan(item.id.plan)).to_string(),
        id: m.id.to_string(),
        title: m.title().to_string(),
        lead: lead.join("、"),
        deadline: m.deadline.as_ref().map(|d| d.text.to_string()).unwrap_or_default(),
    }
}

/// The window, as the title says it.
fn window_label(window: Window) -> String {
    match window {
        Window::Overdue => tr!("due-window-overdue"),
        Window::Within(n) => tr!("due-window-within", n = n),
        Window::All => tr!("due-window-all"),
    }
}

pub fn draw(app: &App, view: &DueView, theme: &Theme, frame: &mut Frame, screen: Rect) {
    let area = overview_area(screen);
    let title = tr!("due-title", window = window_label(view.window), n = view.items.len());
    let title = truncate(&title, usize::from(area.width).saturating_sub(4));
    let inner = popup::frame(app, KeyContext::Due, &title, theme, frame, area);
    if inner.height < 2 || inner.width < 20 {
        return;
    }
    let columns = usize::from(inner.width);
    if view.items.is_empty() {
        let line = Line::styled(truncate(&tr!("due-none"), columns), theme.dim());
        frame.render_widget(Paragraph::new(line), Rect { height: 1, ..inner });
        return;
    }
    let rows: Vec<Option<Cells>> = view
        .rows
        .iter()
        .map(|row| match row {
            DueRow::Item(i) => Some(cells(app, &view.items[*i])),
            DueRow::Undated(_) => None,
        })
        .collect();
    let several = app.library.plans.len() > 1;
    let header = |id: &str| crate::i18n::message(id, None);
    let widest = |f: fn(&Cells) -> &str, head: &str, cap: usize| {
        rows.iter().flatten().map(|c| width(f(c))).chain([width(head)]).max().unwrap_or(0).min(cap)
    };
    let (h_date, h_left, h_plan, h_id, h_title, h_lead, h_deadline) = (
        header("due-col-date"),
        header("due-col-left"),
        header("due-col-plan"),
        header("due-col-id"),
        header("due-col-title"),
        header("due-col-lead"),
        header("due-col-deadline"),
    );
    let w_date = widest(|c| &c.date, &h_date, 10);
    let w_left = widest(|c| &c.left, &h_left, 16);
    let w_plan = if several { widest(|c| &c.plan, &h_plan, 18) } else { 0 };
    let w_id = widest(|c| &c.id, &h_id, 12);
    let w_lead = widest(|c| &c.lead, &h_lead, 16);
    let gaps = 2 * (4 + usize::from(several));
    let fixed = w_date + w_left + w_plan + w_id + w_lead + gaps;
    // The deadline as written where there is room for it beside a title of 20 columns.
    let w_deadline_wanted = widest(|c| &c.deadline, &h_deadline, 16);
    let w_deadline = if columns >= fixed + w_deadline_wanted + 2 + 20 { w_deadline_wanted } else { 0 };
    let w_title = columns.saturating_sub(fixed + if w_deadline > 0 { w_deadline + 2 } else { 0 });
    let line_of = |c: [&str; 7]| -> Vec<String> {
        let mut out = vec![pad(&truncate(c[0], w_date), w_date), pad(&truncate(c[1], w_left), w_left)];
        if several {
            out.push(pad(&truncate(c[2], w_plan), w_plan));
        }
        out.push(pad(&truncate(c[3], w_id), w_id));
        out.push(pad(&truncate(c[4], w_title), w_title));
        out.push(pad(&truncate(c[5], w_lead), w_lead));
        if w_deadline > 0 {
            out.push(pad(&truncate(c[6], w_deadline), w_deadline));
        }
        out
    };
    let head = line_of([&h_date, &h_left, &h_plan, &h_id, &h_title, &h_lead, &h_deadline]).join("  ");
    frame.render_widget(
        Paragraph::new(Line::styled(truncate(&head, columns), theme.dim())),
        Rect { height: 1, ..inner },
    );
    let list = Rect { y: inner.y + 1, height: inner.height - 1, ..inner };
    let lines: Vec<Line> = rows
        .iter()
        .enumerate()
        .skip(view.offset)
        .take(usize::from(list.height))
        .map(|(at, row)| {
            let Some(c) = row else {
                let n = match view.rows[at] {
                    DueRow::Undated(n) => n,
                    DueRow::Item(_) => 0,
                };
                let text = tr!("due-undated-heading", n = n);
                return Line::styled(truncate(&text, columns), theme.section().add_modifier(Modifier::BOLD));
            };
            let item = match view.rows[at] {
                DueRow::Item(i) => &view.items[i],
                DueRow::Undated(_) => unreachable!("a heading has no cells"),
            };
            let base = if at == view.selected { theme.selected(true) } else { Style::new() };
            let cells = line_of([&c.date, &c.left, &c.plan, &c.id, &c.title, &c.lead, &c.deadline]);
            let mut spans = Vec::with_capacity(cells.len() * 2);
            for (k, cell) in cells.into_iter().enumerate() {
                if k > 0 {
                    spans.push(Span::styled("  ", base));
                }
                let style = match k {
                    1 if item.is_overdue() => base.patch(theme.error()),
                    0 => base.patch(theme.number()),
                    _ => base,
                };
                spans.push(Span::styled(cell, style));
            }
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}
