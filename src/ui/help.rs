//! The help overlay, generated from the keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::keymap::{Binding, KeyContext, Keymap};
use crate::app::state::App;
use crate::text::width::{pad, width};

use super::popup;
use super::theme::Theme;
use crate::layout::centered;

/// The lines of the help text, from the live keymap.
pub fn lines(keymap: &Keymap, theme: &Theme) -> Vec<Line<'static>> {
    let sections = [
        (KeyContext::Tree, "Browsing", None),
        (KeyContext::Detail, "In the text pane", Some(KeyContext::Tree)),
        (KeyContext::Search, "Typing a search or a measure id", None),
        (KeyContext::Jump, "Typing a measure id", Some(KeyContext::Search)),
        (KeyContext::Picker, "Unit picker", None),
        (KeyContext::Overview, "Workload overview", None),
        (KeyContext::Views, "Saved views", None),
        (KeyContext::Note, "Note editor", None),
    ];
    // The keys' column is as wide as the longest keys (within reason: longer ones push
    // their text along).
    let keys_of = |b: &Binding| b.keys.iter().map(ToString::to_string).collect::<Vec<_>>().join(" ");
    let column = KeyContext::ALL
        .iter()
        .flat_map(|&c| keymap.bindings(c))
        .map(|b| width(&keys_of(b)) + 4)
        .max()
        .unwrap_or(0)
        .clamp(12, 26);
    let mut out = Vec::new();
    for (context, heading, unless_as_in) in sections {
        // A context that works like another one is shown only where it differs.
        let bindings: Vec<&Binding> =
            keymap.bindings_unlike(context, unless_as_in).filter(|b| !b.keys.is_empty()).collect();
        if bindings.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(Line::raw(""));
        }
        out.push(Line::styled(heading, theme.chapter()));
        for b in bindings {
            let keys = format!("  {}  ", keys_of(b));
            out.push(Line::from(vec![Span::styled(pad(&keys, column), theme.key()), Span::raw(b.help)]));
        }
    }
    out.push(Line::raw(""));
    out.push(Line::styled("Mouse: click selects, the wheel scrolls; Shift+drag selects text.", theme.dim()));
    out
}

pub fn draw(app: &App, scroll: usize, theme: &Theme, frame: &mut Frame, screen: Rect) {
    let lines = lines(app.keymap(), theme);
    let area = centered(screen, 72, lines.len() as u16 + 2);
    popup::clear(area, frame.buffer_mut());
    let inner_height = usize::from(area.height.saturating_sub(2));
    let scroll = scroll.min(lines.len().saturating_sub(inner_height));
    let block = theme
        .block()
        .title(format!(" help · {} ", popup::key_hints(app, KeyContext::Help, area.width.saturating_sub(8)).trim()))
        .border_style(theme.border(true));
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll as u16, 0)), area);
}
