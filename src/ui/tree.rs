//! The tree pane: plans, chapters, sections and measures.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::node::Node;
use crate::app::state::App;
use crate::app::tree::Row;
use crate::search::query_ranges;
use crate::text::width::{truncate, width};

use super::theme::Theme;
use crate::layout::Pane;

pub fn draw(app: &App, theme: &Theme, frame: &mut Frame, outer: Rect, inner: Rect) {
    let focused = app.focus == Pane::Tree;
    // Until the searching thread answers, the count is the previous query's or a part's.
    let title = match &app.visible {
        _ if app.searching() => format!(" {} ", crate::tr!("status-searching")),
        Some(set) => format!(" {} ", crate::tr!("tree-filtered", n = set.count(), total = app.library.measure_count())),
        None => format!(" {} ", crate::tr!("tree-contents")),
    };
    let block = theme.block().title(title).border_style(theme.border(focused));
    frame.render_widget(block, outer);
    let height = usize::from(inner.height);
    let lines: Vec<Line> = app
        .tree
        .rows
        .iter()
        .enumerate()
        .skip(app.tree.offset)
        .take(height)
        .map(|(i, row)| row_line(app, theme, row, usize::from(inner.width), i == app.tree.selected, focused))
        .collect();
    if lines.is_empty() {
        let empty =
            Paragraph::new(Line::styled(truncate(&crate::tr!("tree-no-match"), usize::from(inner.width)), theme.dim()));
        frame.render_widget(empty, inner);
        return;
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// One row, exactly `width` columns wide.
fn row_line<'a>(app: &App, theme: &Theme, row: &Row, width_: usize, selected: bool, focused: bool) -> Line<'a> {
    let indent = " ".repeat(usize::from(row.depth) * 2);
    let marker = match (row.expandable, row.expanded) {
        (true, true) => "▾ ",
        (true, false) => "▸ ",
        (false, _) => "  ",
    };
    let library = &app.library;
    let (label, label_style, number): (String, Style, Option<String>) = match row.node {
        Node::Plan(p) => {
            let plan = library.plan(p);
            let label = match &plan.meta.doc_number {
                Some(n) if library.plans.len() > 1 => format!("{n} {}", plan.meta.title),
                _ => plan.meta.title.clone(),
            };
            (label, theme.chapter(), None)
        }
        Node::Chapter { plan, chapter } => {
            (library.plan(plan).chapters[chapter as usize].heading(), theme.chapter(), None)
        }
        Node::Section { plan, chapter, section } => {
            (library.plan(plan).chapters[chapter as usize].sections[section as usize].heading(), theme.section(), None)
        }
        Node::Measure(id) => {
            let plan = library.plan(id.plan);
            let digits = plan.measures.iter().filter_map(|m| m.number).max().map_or(1, |n| n.to_string().len());
            let m = library.measure(id);
            // The number as printed (restarted numbers stay as they are, under their
            // section); an unnumbered task gets a dot.
            let number = m.number.map_or_else(|| "·".to_string(), |n| n.to_string());
            (m.title().to_string(), Style::new(), Some(format!("{number:>digits$} ")))
        }
    };
    let right = match (row.node, &app.visible) {
        (Node::Measure(id), _) => measure_tags(app, id),
        (node, Some(set)) if row.expandable => {
            let range = node.measure_range(library);
            let base = library.plan_range(node.plan()).start;
            format!(" {}", set.count_in(base + range.start..base + range.end))
        }
        (node, None) if row.expandable => {
            let range = node.measure_range(library);
            let read = app.read_count(node.plan(), range.clone());
            if read > 0 { format!(" {read}/{}", range.len()) } else { String::new() }
        }
        _ => String::new(),
    };
    let prefix_width = width(&indent) + width(marker) + number.as_deref().map_or(0, width);
    let room = width_.saturating_sub(prefix_width + width(&right));
    let shown = truncate(&label, room);
    let pad = width_.saturating_sub(prefix_width + width(&shown) + width(&right));
    let base = if selected { theme.selected(focused) } else { Style::new() };
    let mut spans = vec![Span::styled(indent, base), Span::styled(marker, base.patch(theme.dim()))];
    if let Some(number) = number {
        spans.push(Span::styled(number, base.patch(theme.number())));
    }
    // Search hits in the label.
    let hits = match (&app.search.query, row.node) {
        (Some(q), Node::Measure(_) | Node::Section { .. } | Node::Chapter { .. }) => query_ranges(q, &shown),
        _ => Vec::new(),
    };
    let mut pos = 0;
    for r in hits {
        spans.push(Span::styled(shown[pos..r.start].to_string(), base.patch(label_style)));
        spans.push(Span::styled(shown[r.clone()].to_string(), base.patch(theme.hit())));
        pos = r.end;
    }
    spans.push(Span::styled(shown[pos..].to_string(), base.patch(label_style)));
    spans.push(Span::styled(" ".repeat(pad), base));
    spans.push(Span::styled(right, base.patch(theme.dim())));
    Line::from(spans)
}

/// The tags at the right of a measure row: lead (牵头) when the filtered unit leads it, then ✓ read,
/// ⚑ flagged, ✎ has a note (each in its own column).
fn measure_tags(app: &App, id: crate::library::MeasureId) -> String {
    let mut tags = String::new();
    if let Some(unit) = &app.unit_filter
        && app.library.measure(id).role_of(&unit.name) == Some(crate::plan::Role::Lead)
    {
        tags.push(' ');
        tags.push_str(&crate::tr!("tree-lead"));
    }
    if let Some(mark) = app.mark_of(id).filter(|m| m.is_set()) {
        tags.push(' ');
        tags.push(if mark.read { '✓' } else { ' ' });
        tags.push(if mark.flagged { '⚑' } else { ' ' });
        tags.push(if mark.note.is_empty() { ' ' } else { '✎' });
    }
    tags
}
