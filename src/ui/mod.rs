//! Drawing. `draw` reads the application state and paints a frame; it never changes state.

pub mod ambiguous;
pub mod cells;
pub mod detail_pane;
pub mod due;
pub mod help;
pub mod loading;
pub mod note_editor;
pub mod overview;
pub mod popup;
pub mod status;
pub mod theme;
pub mod title;
pub mod tree;
pub mod unit_picker;
pub mod views;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::app::action::Action;
use crate::app::state::{App, Mode};
use crate::text::width::truncate;

use theme::Theme;

/// Paints the whole screen.
pub fn draw(app: &App, frame: &mut Frame) {
    paint(app, frame);
    cells::split_clusters(frame.buffer_mut());
    if app.options.settings.narrow_symbols() {
        ambiguous::narrow_cells(frame.buffer_mut());
    }
}

fn paint(app: &App, frame: &mut Frame) {
    let size = frame.area();
    if crate::layout::too_small(size) {
        too_small(app, frame, size);
        return;
    }
    let theme = Theme::new(app.options.color, &app.options.settings);
    let areas = app.areas();
    title::draw(app, &theme, frame, areas.title);
    if let Some((outer, inner)) = areas.tree {
        tree::draw(app, &theme, frame, outer, inner);
    }
    if let Some((outer, inner)) = areas.detail {
        detail_pane::draw(app, &theme, frame, outer, inner);
    }
    let mut cursor = None;
    if let Some(input) = areas.input {
        cursor = status::draw_input(app, &theme, frame, input);
    }
    status::draw(app, &theme, frame, areas.status);
    match &app.mode {
        Mode::Help { scroll } => {
            help::draw(app, *scroll, &theme, frame, size);
            return;
        }
        Mode::Picker(picker) => cursor = unit_picker::draw(app, picker, &theme, frame, size),
        Mode::Note(edit) => cursor = note_editor::draw(app, edit, &theme, frame, size),
        Mode::Confirm(question) => note_editor::draw_confirm(app, question, &theme, frame, size),
        Mode::Overview(overview) => {
            overview::draw(app, overview, &theme, frame, size);
            return;
        }
        Mode::Due(view) => {
            due::draw(app, view, &theme, frame, size);
            return;
        }
        Mode::Views { selected } => views::draw(app, *selected, &theme, frame, size),
        Mode::Browse | Mode::Search(_) | Mode::Jump(_) => {}
    }
    // The real terminal cursor sits where the user is: in the input being typed, else on the
    // selected row, so screen readers and input methods follow it.
    let cursor = cursor.or_else(|| browse_cursor(app, &areas));
    if let Some(position) = cursor {
        frame.set_cursor_position(position);
    }
}

fn browse_cursor(app: &App, areas: &crate::layout::Areas) -> Option<Position> {
    match app.focus {
        crate::layout::Pane::Tree => {
            let (_, inner) = areas.tree?;
            let row = app.tree.selected.checked_sub(app.tree.offset)?;
            let depth = usize::from(app.tree.rows.get(app.tree.selected)?.depth);
            (row < usize::from(inner.height)).then(|| {
                let x = inner.x + ((depth * 2 + 2) as u16).min(inner.width.saturating_sub(1));
                Position::new(x, inner.y + row as u16)
            })
        }
        crate::layout::Pane::Detail => areas.detail.map(|(_, inner)| Position::new(inner.x, inner.y)),
    }
}

/// The message shown when the terminal cannot hold the layout (any size down to 1x1).
fn too_small(app: &App, frame: &mut Frame, size: Rect) {
    let (width, height) = (size.width, size.height);
    let (min_width, min_height) = (crate::layout::MIN_WIDTH, crate::layout::MIN_HEIGHT);
    let text = match app.keymap().keys(app.context(), Action::Quit).first() {
        Some(key) => crate::tr!(
            "msg-too-small-key",
            width = width,
            height = height,
            min_width = min_width,
            min_height = min_height,
            key = key.to_string()
        ),
        None => {
            crate::tr!("msg-too-small", width = width, height = height, min_width = min_width, min_height = min_height)
        }
    };
    let lines: Vec<Line> = crate::text::wrap::wrap(&text, usize::from(size.width))
        .into_iter()
        .take(usize::from(size.height))
        .map(|r| Line::raw(truncate(text[r].trim_end(), usize::from(size.width))))
        .collect();
    frame.render_widget(Paragraph::new(lines), size);
}
