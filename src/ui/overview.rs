//! The workload overview: for every unit the measures it leads and shares as a bar, and how
//! they spread over the chapters.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::keymap::KeyContext;
use crate::app::overview::{Overview, OverviewSort, Row};
use crate::app::state::App;
use crate::library::UnitStats;
use crate::plan::UnitKind;
use crate::plan::model::chinese_numeral;
use crate::text::width::{pad, truncate, width};
use crate::tr;

use super::popup::{self, pad_left};
use super::theme::Theme;
use crate::layout::overview_area;

/// Width of one chapter column of the matrix.
const CELL: usize = 3;

pub fn draw(app: &App, overview: &Overview, theme: &Theme, frame: &mut Frame, screen: Rect) {
    let area = overview_area(screen);
    let units = &app.units().units;
    let title = crate::tr!("workload-title", n = units.len(), sort = sort_label(overview.sort));
    let inner = popup::frame(app, KeyContext::Overview, &title, theme, frame, area);
    if inner.height < 2 || inner.width < 20 {
        return;
    }
    let columns = usize::from(inner.width);
    // The chapter matrix, when there is one plan and room for it.
    let chapters: Vec<usize> = if app.library.plans.len() == 1 {
        let plan = app.library.plan(0);
        (0..plan.chapters.len())
            .filter(|&c| plan.chapters[c].number > 0 && !plan.chapters[c].measures.is_empty())
            .collect()
    } else {
        Vec::new()
    };
    let name_width = units.iter().map(|u| crate::text::width::width(&u.name)).max().unwrap_or(4).clamp(4, 20);
    // Each number column as wide as its number or its heading, whichever is wider.
    let (total_width, lead_width) = (width(&tr!("picker-total")).max(5) + 1, width(&tr!("picker-lead")).max(4) + 1);
    let numbers = total_width + lead_width; // " total lead"
    let mut matrix_width = chapters.len() * CELL + 2;
    let mut bar_width = columns.saturating_sub(name_width + numbers + matrix_width + 1);
    if bar_width < 10 {
        matrix_width = 0;
        bar_width = columns.saturating_sub(name_width + numbers + 1);
    }
    let max_total = units.iter().map(|u| u.total).max().unwrap_or(1).max(1);

    let mut header = format!(
        "{}{}{} {}",
        pad(&tr!("picker-unit"), name_width),
        pad_left(&tr!("picker-total"), total_width),
        pad_left(&tr!("picker-lead"), lead_width),
        pad("", bar_width)
    );
    if matrix_width > 0 {
        header.push_str("  ");
        for &c in &chapters {
            let label = chinese_numeral(app.library.plan(0).chapters[c].number);
            header.push_str(&format!("{}{label}", " ".repeat(CELL - crate::text::width::width(&label).min(CELL))));
        }
    }
    let header_area = Rect { height: 1, ..inner };
    frame.render_widget(Paragraph::new(Line::styled(truncate(&header, columns), theme.dim())), header_area);

    let list = Rect { y: inner.y + 1, height: inner.height - 1, ..inner };
    let lines: Vec<Line> = overview
        .rows
        .iter()
        .enumerate()
        .skip(overview.offset)
        .take(usize::from(list.height))
        .map(|(row, &content)| {
            let i = match content {
                Row::Unit(i) => i,
                Row::Heading(kind, count) => return heading(kind, count, columns, theme),
            };
            let unit = &units[i];
            let base = if row == overview.selected { theme.selected(true) } else { Style::new() };
            let lead = unit.lead * bar_width / max_total;
            let share = (unit.total * bar_width / max_total).max(usize::from(unit.total > 0)).saturating_sub(lead);
            let mut spans = vec![
                Span::styled(pad(&truncate(&unit.name, name_width), name_width), base),
                Span::styled(
                    format!("{:>total_width$}{:>lead_width$} ", unit.total, unit.lead),
                    base.patch(theme.number()),
                ),
                Span::styled("█".repeat(lead), base.patch(theme.tone(crate::app::detail_view::Tone::Lead))),
                Span::styled("░".repeat(share), base.patch(theme.section())),
                Span::styled(" ".repeat(bar_width - lead - share), base),
            ];
            if matrix_width > 0 {
                spans.push(Span::styled("  ", base));
                for &c in &chapters {
                    spans.push(Span::styled(cell(app, unit, c), base));
                }
            }
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

/// How many of the chapter's measures the unit takes part in (· for none).
fn cell(app: &App, unit: &UnitStats, chapter: usize) -> String {
    let range = app.library.plan(0).chapters[chapter].measures.clone();
    let total = unit.measures.iter().filter(|(id, _)| id.plan == 0 && range.contains(&(id.index as usize))).count();
    if total == 0 { format!("{:>CELL$}", "·") } else { format!("{total:>CELL$}") }
}

/// The line above the offices or the groups (相关单位, 各区政府: not one office).
fn heading(kind: UnitKind, count: usize, columns: usize, theme: &Theme) -> Line<'static> {
    let text = match kind {
        UnitKind::Office => crate::tr!("workload-offices", n = count),
        UnitKind::Group => crate::tr!("workload-groups", n = count),
    };
    Line::styled(truncate(&text, columns), theme.section().add_modifier(ratatui::style::Modifier::BOLD))
}

/// The order the list is in, for the title.
fn sort_label(sort: OverviewSort) -> String {
    match sort {
        OverviewSort::Total => crate::tr!("workload-by-total"),
        OverviewSort::Lead => crate::tr!("workload-by-lead"),
        OverviewSort::Name => crate::tr!("workload-by-name"),
    }
}
