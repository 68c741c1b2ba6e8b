//! Key storms and hostile text, in process: the App driven through the same update and draw
//! code as the interactive program, by thousands of random keys, pastes, mouse events and
//! resizes (1x1 to 250x80), over the seed and over a plan written to break layouts. After
//! every step the frame is drawn: no panic, every row exactly as wide as the screen, and no
//! cell holding a character that could drive the terminal.
//!
//! The generator is seeded, so a failure prints the seed and step that reproduce it.

mod common;

use common::Rng;
use planview::app::key::Key;
use planview::app::{App, ModeKind, Options};
use planview::library::Library;
use planview::marks::Store;
use planview::plan::load_bytes;
use planview::render::{Screen, rows};
use planview::text::safety::is_unsafe;
use ratatui::backend::CrosstermBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use unicode_width::UnicodeWidthStr;

/// The seed with every kind of text that has broken terminal layouts: controls (BEL, BS,
/// DEL, C1), bidi overrides, zero-width characters, combining marks, emoji sequences,
/// a 1 MB line, a 5,000-letter word, in titles, bodies, headings and unit names.
fn hostile_text() -> String {
    let long_line: String = "法治建设长句子，".repeat(44_000);
    assert!(long_line.len() > 1_000_000);
    let long_word = "x".repeat(5_000);
    common::seed_text()
        .replacen("1.加强宪法实施。", "1.加强宪法\x07\x08\x7f\u{85}\u{9b}实施。响铃\x07退格\x08删除\x7f", 1)
        .replacen(
            "2.落实规范性文件备案审查。",
            "2.落实\u{202e}规范性\u{202c}文件\u{200b}备案\u{200d}审查\u{2060}\u{feff}。",
            1,
        )
        .replacen(
            "3.禁止",
            "3.e\u{301}\u{302}\u{303}\u{304}\u{305}组合 a\u{20dd} क्षि \u{1100}\u{1161}\u{11a8} ̀开头的组合符禁止",
            1,
        )
        .replacen("4.", "4.👨‍👩‍👧‍👦 🇨🇳 👍🏽 ☺️ ❤️ 1️⃣ 🏳️‍🌈 表情", 1)
        .replacen("5.完善行政组织制度。", &format!("5.完善行政组织制度。{long_line}{long_word}"), 1)
        .replacen("(责任单位:县人大常委会办公室", "(责任单位:县人大👍🏽常委会e\u{301}办公室", 1)
        .replacen("二、维护宪法法律权威", "二、维护宪法👨‍👩‍👧法律权威\u{202e}反", 1)
}

fn hostile_library() -> Library {
    let loaded = load_bytes(hostile_text().as_bytes(), "hostile.txt").expect("the hostile plan still parses");
    assert_eq!(loaded.plan.measures.len(), 77);
    Library::from_plans(vec![loaded], Vec::new())
}

/// Two plans of the family side by side: the seed and its full-width typesetting.
fn two_plans() -> Library {
    let seed = load_bytes(&common::seed_bytes(), "seed.txt").unwrap();
    let fullwidth = load_bytes(common::seed_fullwidth().as_bytes(), "fullwidth.txt").unwrap();
    Library::from_plans(vec![seed, fullwidth], Vec::new())
}

/// Every row fills the screen exactly (wide characters line up), and no cell holds a
/// control, bidi or zero-width character.
fn assert_frame(buffer: &Buffer, context: &dyn Fn() -> String) {
    let width = usize::from(buffer.area.width);
    for (y, row) in rows(buffer).iter().enumerate() {
        assert_eq!(row.width(), width, "row {y} is {} columns wide: {row:?}\n{}", row.width(), context());
    }
    for cell in &buffer.content {
        let symbol = cell.symbol();
        assert!(!symbol.chars().any(is_unsafe), "a cell holds {symbol:?}\n{}", context());
    }
}

#[test]
fn hostile_text_keeps_the_layout_aligned() {
    let library = hostile_library();
    let text = &library.plans[0].plan;
    assert!(text.measures.iter().all(|m| !m.body().chars().any(|c| c != '\n' && is_unsafe(c))));
    let journeys = [
        "",
        ":1<Enter>",
        ":2<Enter>",
        ":3<Enter>",
        ":4<Enter>",
        ":5<Enter>",
        ":5<Enter><Tab><PageDown><PageDown><End>",
        ":1<Enter>h",
        "/表情<Enter>",
        "/长句子<Enter>n",
        "u👍<Enter>",
        "u办公室",
        "w",
        "?",
        ":4<Enter>e备注👍🏽e\u{301}<Esc>",
    ];
    drop(library);
    for (width, height) in [(80, 24), (200, 60), (20, 8), (3, 3)] {
        for keys in journeys {
            let mut app = App::new(hostile_library(), width, height, Options::default(), Store::in_memory());
            for key in Key::parse_sequence(keys).unwrap() {
                let effects = app.handle_key(key.to_event());
                app.carry_out(effects);
            }
            let context = || format!("after {keys:?} at {width}x{height}");
            assert_frame(Screen::new(width, height).draw(&app), &context);
            Emulator::new(width, height).draw(&app, &context);
        }
    }
}

/// A terminal emulator (vt100) fed the very bytes the interactive program writes: ratatui's
/// diff of each frame against the last, through crossterm. What it shows must be the frame,
/// cell for cell; unlike a test backend it blanks what a wide character covers, as terminals
/// do, so a diff that leaves half a character behind is caught.
struct Emulator {
    terminal: Terminal<CrosstermBackend<Output>>,
    written: Output,
    parser: vt100::Parser,
}

/// Where the emulator's terminal writes, shared with the emulator that reads it.
#[derive(Clone, Default)]
struct Output(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Output {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Emulator {
    fn new(width: u16, height: u16) -> Self {
        let viewport = Viewport::Fixed(Rect::new(0, 0, width, height));
        let written = Output::default();
        let backend = CrosstermBackend::new(written.clone());
        let terminal = Terminal::with_options(backend, TerminalOptions { viewport }).unwrap();
        let size = |n: u16| std::num::NonZeroU16::new(n).unwrap();
        Emulator { terminal, written, parser: vt100::Parser::new(size(height), size(width), 0) }
    }

    /// Draws the app as the program does and checks that the emulated screen shows the frame.
    fn draw(&mut self, app: &App, context: &dyn Fn() -> String) {
        let frame = self.terminal.draw(|frame| planview::ui::draw(app, frame)).unwrap().buffer.clone();
        let bytes = std::mem::take(&mut *self.written.0.borrow_mut());
        self.parser.process(&bytes);
        let screen = self.parser.screen();
        for (y, expected) in rows(&frame).iter().enumerate() {
            let mut shown = String::new();
            for x in 0..frame.area.width {
                let cell = screen.cell(y as u16, x).unwrap();
                if !cell.is_wide_continuation() {
                    shown.push_str(if cell.has_contents() { cell.contents() } else { " " });
                }
            }
            assert_eq!(&shown, expected, "the terminal shows row {y} otherwise\n{}", context());
        }
    }
}

/// What happens to the App in one step of a storm.
#[derive(Debug)]
enum Step {
    Key(KeyEvent),
    Paste(String),
    Mouse(MouseEvent),
    Resize(u16, u16),
    Tick,
}

/// Characters typed in a storm: the keymap's letters and signs, digits, Chinese and pinyin,
/// and characters that are wide, combined or joined.
const CHARS: &[char] = &[
    'j', 'k', 'h', 'l', 'g', 'G', 'n', 'N', 'r', 'f', 'x', 'a', 's', 'w', 'u', 'U', 'e', 'd', 'b', 'y', 'p', 'm', 'i',
    'o', 'c', 'q', '?', '/', ':', ' ', '0', '1', '2', '5', '7', '9', '宪', '法', '律', '师', '县', '司', '局', '办',
    '公', '室', '人', '民', '（', '）', '、', '。', '👍', 'é', '\u{301}', '\u{200d}', '\u{202e}', '\u{7}',
];

fn random_key(rng: &mut Rng) -> KeyEvent {
    let code = match rng.below(100) {
        0..62 => KeyCode::Char(*rng.pick(CHARS)),
        62..68 => KeyCode::Enter,
        68..74 => KeyCode::Esc,
        74..77 => KeyCode::Tab,
        77..78 => KeyCode::BackTab,
        78..83 => KeyCode::Backspace,
        83..84 => KeyCode::Delete,
        84..92 => *rng.pick(&[KeyCode::Up, KeyCode::Down, KeyCode::Left, KeyCode::Right]),
        92..96 => *rng.pick(&[KeyCode::PageUp, KeyCode::PageDown, KeyCode::Home, KeyCode::End]),
        96..98 => KeyCode::F(1 + rng.below(12) as u8),
        _ => *rng.pick(&[KeyCode::Insert, KeyCode::Null, KeyCode::CapsLock]),
    };
    let modifiers = match rng.below(100) {
        0..80 => KeyModifiers::NONE,
        80..88 => KeyModifiers::CONTROL,
        88..94 => KeyModifiers::ALT,
        94..98 => KeyModifiers::SHIFT,
        _ => KeyModifiers::CONTROL | KeyModifiers::ALT,
    };
    KeyEvent::new(code, modifiers)
}

fn random_step(rng: &mut Rng, width: u16, height: u16) -> Step {
    match rng.below(1000) {
        0..900 => Step::Key(random_key(rng)),
        900..920 => {
            let pastes =
                ["司法局", "宪法 律师", "第一行\n第二行\r\n\t第三行", "\x1b[2J\x1b]0;owned\x07", "xfxs", "77", ""];
            Step::Paste(rng.pick(&pastes).to_string())
        }
        920..980 => {
            let kind = *rng.pick(&[
                MouseEventKind::Down(MouseButton::Left),
                MouseEventKind::Up(MouseButton::Left),
                MouseEventKind::Drag(MouseButton::Left),
                MouseEventKind::Down(MouseButton::Right),
                MouseEventKind::ScrollUp,
                MouseEventKind::ScrollDown,
                MouseEventKind::Moved,
            ]);
            // Now and then outside the screen: terminals report what they like.
            let column = rng.below(usize::from(width) + 3) as u16;
            let row = rng.below(usize::from(height) + 3) as u16;
            Step::Mouse(MouseEvent { kind, column, row, modifiers: KeyModifiers::NONE })
        }
        980..995 => {
            // Mostly ordinary sizes, sometimes degenerate ones.
            let (width, height) = match rng.below(4) {
                0 => (1 + rng.below(4) as u16, 1 + rng.below(4) as u16),
                _ => (1 + rng.below(250) as u16, 1 + rng.below(80) as u16),
            };
            Step::Resize(width, height)
        }
        _ => Step::Tick,
    }
}

/// Drives a fresh App (a new one after each quit) through `steps` random steps, drawing and
/// checking every frame. Returns the modes visited.
fn storm(library: impl Fn() -> Library, seed: u64, steps: usize, emulate: bool) -> Vec<ModeKind> {
    let mut rng = Rng(seed);
    let (mut width, mut height) = (1 + rng.below(250) as u16, 1 + rng.below(80) as u16);
    let new_app = |width, height| App::new(library(), width, height, Options::default(), Store::in_memory());
    let mut app = new_app(width, height);
    let mut screen = Screen::new(width, height);
    let mut emulator = emulate.then(|| Emulator::new(width, height));
    let mut visited = Vec::new();
    let mut recent: Vec<String> = Vec::new();
    for step_number in 0..steps {
        let step = random_step(&mut rng, width, height);
        recent.push(format!("{step:?}"));
        if recent.len() > 12 {
            recent.remove(0);
        }
        match step {
            Step::Key(key) => {
                let effects = app.handle_key(key);
                app.carry_out(effects);
            }
            Step::Paste(text) => {
                let effects = app.handle_paste(&text);
                app.carry_out(effects);
            }
            Step::Mouse(event) => {
                let effects = app.handle_mouse(event);
                app.carry_out(effects);
            }
            Step::Resize(w, h) => {
                (width, height) = (w, h);
                app.resize(w, h);
                screen = Screen::new(w, h);
                // The program clears and redraws the whole screen after a resize.
                emulator = emulate.then(|| Emulator::new(w, h));
            }
            Step::Tick => app.tick(),
        }
        if app.should_quit {
            app = new_app(width, height);
        }
        if !visited.contains(&app.mode.kind()) {
            visited.push(app.mode.kind());
        }
        let context = || {
            format!(
                "storm seed {seed:#x}, step {step_number}, {width}x{height}, mode {:?}; last steps:\n{}",
                app.mode,
                recent.join("\n")
            )
        };
        assert_frame(screen.draw(&app), &context);
        if let Some(emulator) = &mut emulator {
            emulator.draw(&app, &context);
        }
    }
    visited
}

#[test]
fn key_storms_over_the_seed() {
    let seed_library = || Library::from_plans(vec![load_bytes(&common::seed_bytes(), "seed.txt").unwrap()], Vec::new());
    let mut visited = Vec::new();
    for seed in [0x5eed_0001, 0x5eed_0002, 0x5eed_0003, 0x5eed_0004] {
        visited.extend(storm(seed_library, seed, 2_500, true));
    }
    for mode in [
        ModeKind::Browse,
        ModeKind::Search,
        ModeKind::Jump,
        ModeKind::Picker,
        ModeKind::Overview,
        ModeKind::Note,
        ModeKind::Confirm,
        ModeKind::Help,
    ] {
        assert!(visited.contains(&mode), "the storms reached {mode:?}");
    }
}

#[test]
fn key_storms_over_two_plans_and_hostile_text() {
    storm(two_plans, 0x5eed_0101, 2_500, true);
    storm(hostile_library, 0x5eed_0201, 1_500, true);
}
