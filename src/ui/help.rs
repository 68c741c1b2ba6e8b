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
        (KeyContext::Tree, crate::tr!("help-browsing"), None),
        (KeyContext::Detail, crate::tr!("help-detail"), Some(KeyContext::Tree)),
        (KeyContext::Search, crate::tr!("help-search"), None),
        (KeyContext::Jump, crate::tr!("help-jump"), Some(KeyContext::Search)),
        (KeyContext::Picker, crate::tr!("help-picker"), None),
        (KeyContext::Overview, crate::tr!("help-overview"), None),
        (KeyContext::Views, crate::tr!("help-views"), None),
        (KeyContext::Note, crate::tr!("help-note"), None),
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
            out.push(Line::from(vec![Span::styled(pad(&keys, column), theme.key()), Span::raw(b.help())]));
        }
    }
    out.push(Line::raw(""));
    out.push(Line::styled(crate::tr!("help-mouse"), theme.dim()));
    out
}

pub fn draw(app: &App, scroll: usize, theme: &Theme, frame: &mut Frame, screen: Rect) {
    let lines = lines(app.keymap(), theme);
    let area = centered(screen, 72, lines.len() as u16 + 2);
    popup::clear(area, frame.buffer_mut());
    let inner_height = usize::from(area.height.saturating_sub(2));
    let scroll = scroll.min(lines.len().saturating_sub(inner_height));
    let block = theme.block().title(format!(" {} ", help_title(app, area.width))).border_style(theme.border(true));
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll as u16, 0)), area);
}

/// `help · <Esc> close`: the title with as many whole hints as fit on the border.
fn help_title(app: &App, border: u16) -> String {
    let label = crate::tr!("help-title", hints = "");
    let room = border.saturating_sub(width(&label) as u16 + 1);
    let hints = popup::key_hints(app, KeyContext::Help, room);
    if hints.trim().is_empty() {
        label.trim_end_matches([' ', '·']).to_string()
    } else {
        crate::tr!("help-title", hints = hints.trim())
    }
}
