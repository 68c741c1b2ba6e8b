//! The help overlay, generated from the keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::app::keymap::{Context, bindings_for};
use crate::app::state::App;
use crate::text::width::pad;

use super::popup;
use super::theme::Theme;
use crate::layout::centered;

/// The lines of the help text.
pub fn lines(theme: &Theme) -> Vec<Line<'static>> {
    let sections = [
        (Context::Browse, "Browsing"),
        (Context::SearchInput, "Typing a search or a measure number"),
        (Context::Picker, "Unit picker"),
        (Context::Overview, "Workload overview"),
        (Context::Note, "Note editor"),
    ];
    let mut out = Vec::new();
    for (context, heading) in sections {
        let bindings: Vec<_> = bindings_for(context).collect();
        if bindings.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(Line::raw(""));
        }
        out.push(Line::styled(heading, theme.chapter()));
        for b in bindings {
            let keys: Vec<String> = b.keys.iter().map(|k| k.label()).collect();
            out.push(Line::from(vec![
                Span::styled(pad(&format!("  {}", keys.join(" ")), 24), theme.key()),
                Span::raw(b.help),
            ]));
        }
    }
    out.push(Line::raw(""));
    out.push(Line::styled("Mouse: click selects, the wheel scrolls; Shift+drag selects text.", theme.dim()));
    out
}

pub fn draw(app: &App, theme: &Theme, frame: &mut Frame, screen: Rect) {
    let lines = lines(theme);
    let area = centered(screen, 72, lines.len() as u16 + 2);
    popup::clear(area, frame.buffer_mut());
    let inner_height = usize::from(area.height.saturating_sub(2));
    let scroll = app.help_scroll.min(lines.len().saturating_sub(inner_height));
    let block = Block::bordered().title(" help · Esc closes ").border_style(theme.border(true));
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll as u16, 0)), area);
}
