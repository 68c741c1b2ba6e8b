//! The screen shown while a library is read: how many files of how many, as a count and a
//! bar, and the key that quits. It fits any terminal size, down to one line.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Gauge, Paragraph};

use crate::app::action::Action;
use crate::app::keymap::KeyContext;
use crate::app::settings::Settings;
use crate::text::numerals::thousands;
use crate::text::width::{truncate, width};

use super::theme::Theme;

/// The widest the count and the bar are drawn.
const MOST_WIDTH: u16 = 60;

/// Paints the screen: `done` of `total` files read (`total` 0: the folders are still being
/// walked).
pub fn draw(theme: &Theme, done: usize, total: usize, settings: &Settings, frame: &mut Frame) {
    let area = frame.area();
    let text = if total == 0 {
        crate::tr!("loading-finding")
    } else {
        crate::tr!("loading-plans", done = thousands(done), total = thousands(total))
    };
    // Esc quits too (and Ctrl-C), whatever the keymap says.
    let key =
        settings.keymap.keys(KeyContext::Tree, Action::Quit).first().map_or_else(|| "<Esc>".into(), |k| k.to_string());
    let quit = crate::tr!("loading-quit", key = key);
    let room = area.width.min(MOST_WIDTH);
    let column = Rect { x: area.x + (area.width - room) / 2, width: room, ..area };
    let [_, count, bar, hint, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(column);
    let line = |s: &str| Line::raw(truncate(s, usize::from(room))).centered();
    frame.render_widget(Paragraph::new(line(&text)).style(theme.focus()), count);
    if total > 0 && bar.height > 0 {
        let ratio = (done.min(total) as f64 / total as f64).clamp(0.0, 1.0);
        let percent = format!("{}%", (ratio * 100.0).floor() as u32);
        let gauge = Gauge::default().ratio(ratio).label(percent).gauge_style(theme.bar());
        frame.render_widget(gauge, bar);
    }
    if width(&quit) <= usize::from(room) {
        frame.render_widget(Paragraph::new(line(&quit)).style(theme.dim()), hint);
    }
    super::cells::split_clusters(frame.buffer_mut());
    if settings.narrow_symbols() {
        super::ambiguous::narrow_cells(frame.buffer_mut());
    }
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;
    use crate::i18n::{Lang, scoped};

    fn screen(width: u16, height: u16, done: usize, total: usize) -> Vec<String> {
        let settings = Settings::default();
        let theme = Theme::new(false, &settings);
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal.draw(|frame| draw(&theme, done, total, &settings, frame)).unwrap();
        crate::render::rows(terminal.backend().buffer())
    }

    #[test]
    fn the_count_the_bar_and_the_quit_key_are_centred() {
        let _zh = scoped(Lang::Zh);
        let rows = screen(80, 24, 3200, 10000);
        let at = rows.iter().position(|r| r.contains("正在读取文件 3,200/10,000")).expect("the count");
        assert!(rows[at + 1].contains("32%"), "{rows:#?}");
        assert!(rows[at + 2].contains("q 退出"), "{rows:#?}");
        // Every row is as wide as the screen: the Chinese lines up.
        assert!(rows.iter().all(|r| crate::text::width::width(r) == 80));
        // Still walking the folders: no bar.
        let rows = screen(80, 24, 0, 0);
        assert!(rows.iter().any(|r| r.contains("正在查找文件")), "{rows:#?}");
        assert!(!rows.iter().any(|r| r.contains('%')), "{rows:#?}");
    }

    #[test]
    fn any_size_will_do() {
        let _en = scoped(Lang::En);
        for (width, height) in [(1, 1), (10, 1), (20, 2), (200, 60)] {
            let rows = screen(width, height, 7, 9);
            assert_eq!(rows.len(), usize::from(height));
        }
        assert!(screen(40, 5, 7, 9).iter().any(|r| r.contains("reading plans 7/9")));
    }
}
