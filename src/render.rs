//! `planview render`: the browser without a terminal. Keys are replayed through the very same
//! keymap, update and draw code as the interactive program, on ratatui's TestBackend, and the
//! final screen is returned as text.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use unicode_width::UnicodeWidthStr;

use crate::app::key::{Key, KeyError};
use crate::app::{App, Options};
use crate::library::Library;
use crate::marks::Store;
use crate::ui;

/// Replays `keys` on a `width` x `height` screen with marks kept in `marks` (saved as the
/// interactive program saves them: after every change, and once more at the end). Returns
/// the App, the final screen, and the unsaved marks if the last save failed.
pub fn replay_with(
    library: Library,
    width: u16,
    height: u16,
    keys: &str,
    options: Options,
    marks: Store,
) -> Result<(App, Buffer, Option<String>), KeyError> {
    let keys = Key::parse_sequence(keys)?;
    let app = App::new(library, width, height, options, marks);
    Ok(replay_on(app, &keys, width, height))
}

/// Replays keys on an app that is set up already (a saved view applied, a measure
/// selected), as [`replay_with`] does.
pub fn replay_on(mut app: App, keys: &[Key], width: u16, height: u16) -> (App, Buffer, Option<String>) {
    for key in keys {
        let effects = app.handle_key(key.to_event());
        app.carry_out(effects);
        if app.should_quit {
            break;
        }
    }
    let unsaved = app.finish();
    let buffer = draw(&app, width, height);
    (app, buffer, unsaved)
}

/// [`replay_with`] with marks kept in memory only.
pub fn replay(
    library: Library,
    width: u16,
    height: u16,
    keys: &str,
    options: Options,
) -> Result<(App, Buffer), KeyError> {
    replay_with(library, width, height, keys, options, Store::in_memory()).map(|(app, buffer, _)| (app, buffer))
}

/// A screen kept between frames, as the interactive program keeps its terminal: each draw
/// reuses its buffers.
pub struct Screen {
    terminal: Terminal<TestBackend>,
}

impl Screen {
    pub fn new(width: u16, height: u16) -> Self {
        Screen { terminal: Terminal::new(TestBackend::new(width, height)).expect("a test backend never fails") }
    }

    /// Draws a frame and returns it whole. (Not the test backend's buffer: only the cells
    /// that changed are sent to it, and unlike a terminal it does not blank the cell a wide
    /// character covers, so after a few frames it no longer shows what a terminal would.)
    pub fn draw(&mut self, app: &App) -> &Buffer {
        self.terminal.draw(|frame| ui::draw(app, frame)).expect("a test backend never fails").buffer
    }
}

/// Draws the app once on a TestBackend.
pub fn draw(app: &App, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test backend never fails");
    terminal.draw(|frame| ui::draw(app, frame)).expect("a test backend never fails");
    terminal.backend().buffer().clone()
}

/// Draws the app once and returns where the terminal cursor was put, if it is shown.
pub fn cursor(app: &App, width: u16, height: u16) -> Option<ratatui::layout::Position> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a test backend never fails");
    terminal.draw(|frame| ui::draw(app, frame)).expect("a test backend never fails");
    let backend = terminal.backend();
    backend.cursor_visible().then(|| backend.cursor_position())
}

/// The rows of a buffer as text. The cell after a wide character belongs to it and is
/// skipped, so each row's display width equals the buffer's width.
pub fn rows(buffer: &Buffer) -> Vec<String> {
    let area = buffer.area;
    (area.top()..area.bottom())
        .map(|y| {
            let mut row = String::new();
            let mut skip = 0;
            for x in area.left()..area.right() {
                let symbol = buffer[(x, y)].symbol();
                if skip == 0 {
                    row.push_str(symbol);
                }
                skip = symbol.width().max(1).max(skip) - 1;
            }
            row
        })
        .collect()
}

/// The screen as text, one line per row, trailing spaces removed.
pub fn screen_text(buffer: &Buffer) -> String {
    let mut out = String::new();
    for row in rows(buffer) {
        out.push_str(row.trim_end());
        out.push('\n');
    }
    out
}
