//! The interactive terminal: set-up and teardown (on every exit path, panics and signals
//! included) and the event loop.

use std::io::{self, Stdout, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event, KeyCode,
    KeyEvent, KeyEventKind, KeyModifiers, KeyboardEnhancementFlags, PopKeyboardEnhancementFlags,
    PushKeyboardEnhancementFlags,
};
use ratatui::crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::crossterm::{cursor, execute};

use crate::app::App;
use crate::app::action::Action;
use crate::app::keymap::KeyContext;
use crate::app::settings::Settings;
use crate::library::Progress;
use crate::ui;
use crate::ui::theme::Theme;

/// What was switched on, so teardown undoes exactly that.
#[derive(Debug, Clone, Copy)]
struct Modes {
    mouse: bool,
    keyboard_enhancement: bool,
}

/// Restores the terminal when dropped (normal exit, error, or unwinding panic), unless the
/// panic hook did already: restoring twice would leave the alternate screen twice, and the
/// second time moves the cursor back over what was printed since.
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(modes) = in_use().take() {
            restore(modes);
        }
    }
}

fn restore(modes: Modes) {
    let mut out = io::stdout();
    if modes.keyboard_enhancement {
        let _ = execute!(out, PopKeyboardEnhancementFlags);
    }
    if modes.mouse {
        let _ = execute!(out, DisableMouseCapture);
    }
    let _ = execute!(
        out,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::SetCursorStyle::DefaultUserShape,
        cursor::Show
    );
    let _ = terminal::disable_raw_mode();
    let _ = out.flush();
}

fn setup(mouse: bool) -> io::Result<Modes> {
    terminal::enable_raw_mode()?;
    let mut out = io::stdout();
    execute!(out, EnterAlternateScreen, EnableBracketedPaste)?;
    if mouse {
        execute!(out, EnableMouseCapture)?;
    }
    // Lets terminals that can tell Ctrl-I from Tab do so (Ctrl-I goes forward).
    let keyboard_enhancement = matches!(terminal::supports_keyboard_enhancement(), Ok(true))
        && execute!(out, PushKeyboardEnhancementFlags(KeyboardEnhancementFlags::DISAMBIGUATE_ESCAPE_CODES)).is_ok();
    Ok(Modes { mouse, keyboard_enhancement })
}

/// How the browser ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Quit,
    /// Stopped by this signal (SIGTERM, SIGHUP or SIGINT).
    Signal(i32),
}

/// The terminal while the browser is up: raw mode and the alternate screen (restored when
/// the session ends, however it ends), the signals it stops on, and the thread reading the
/// terminal's events.
pub struct Session {
    terminal: Terminal<CrosstermBackend<Stdout>>,
    incoming: mpsc::Receiver<Incoming>,
    /// For the threads that answer the event loop (the searching thread).
    answers: mpsc::Sender<Incoming>,
    stop: Arc<AtomicUsize>,
    /// Keys and pastes typed while the plans were read, for the browser once they are.
    held: Vec<Event>,
    _guard: Guard,
}

use crate::app::reading::HELD_MAX;

/// Takes over the terminal for the browser (with mouse reporting if `mouse`).
pub fn start(mouse: bool) -> io::Result<Session> {
    let stop = Arc::new(AtomicUsize::new(0));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP, signal_hook::consts::SIGINT] {
        signal_hook::flag::register_usize(signal, Arc::clone(&stop), signal as usize)?;
    }
    install_panic_hook();
    let modes = setup(mouse)?;
    *in_use() = Some(modes);
    let guard = Guard;
    let terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    // Terminal events are read on a thread of their own: when the terminal goes away,
    // crossterm 0.29's reader spins on end-of-file without ever returning (crossterm issue
    // 793), so the event loop must not wait inside it. It notices the hangup (SIGHUP, or
    // the terminal's size can no longer be asked) and ends; the reader ends with the process.
    let (events, incoming) = mpsc::channel();
    let answers = events.clone();
    std::thread::Builder::new().name("terminal-input".into()).spawn(move || {
        while let Ok(event) = event::read() {
            if events.send(Incoming::Terminal(event)).is_err() {
                return;
            }
        }
        let _ = events.send(Incoming::InputEnded);
    })?;
    Ok(Session { terminal, incoming, answers, stop, held: Vec::new(), _guard: guard })
}

/// Runs the browser until the user quits or a signal arrives.
pub fn run(app: &mut App) -> io::Result<Exit> {
    start(app.options.mouse)?.run(app)
}

/// How often the screen of a library being read is redrawn.
const LOADING_FRAME: Duration = Duration::from_millis(100);

impl Session {
    /// Runs the browser on this terminal until the user quits or a signal arrives.
    pub fn run(mut self, app: &mut App) -> io::Result<Exit> {
        let mut effects = Vec::new();
        let result = run_events(&mut self, app, &mut effects);
        // The effects of the last keys (a mark made just before quitting, a note closed)
        // are carried out however the loop ended.
        app.carry_out(effects);
        result?;
        Ok(self.exit())
    }

    /// Shows how far the reading of a library has got (`progress`) until `loaded` brings
    /// it; `None` if the user quit (the quit key, Esc, Ctrl-C) or a signal came first. The
    /// screen is redrawn as the count goes up and when the terminal is resized; other keys
    /// are kept for the browser (a search typed ahead is searched when the plans are there).
    pub fn wait_for<T>(
        &mut self,
        loaded: &mpsc::Receiver<T>,
        progress: &Progress,
        settings: &Settings,
        color: bool,
    ) -> io::Result<Option<T>> {
        let theme = Theme::new(color, settings);
        loop {
            if self.stop.load(Ordering::Relaxed) != 0 {
                return Ok(None);
            }
            let (done, total) = progress.get();
            self.terminal.draw(|frame| ui::loading::draw(&theme, done, total, settings, frame))?;
            match loaded.recv_timeout(LOADING_FRAME) {
                Ok(library) => return Ok(Some(library)),
                Err(RecvTimeoutError::Disconnected) => return Err(io::Error::other("the plans could not be read")),
                Err(RecvTimeoutError::Timeout) => {}
            }
            for incoming in self.incoming.try_iter() {
                match incoming {
                    Incoming::Terminal(Event::Key(key)) if quits(&key, settings) => return Ok(None),
                    // Typed ahead: the browser gets it when it opens.
                    Incoming::Terminal(event @ (Event::Key(_) | Event::Paste(_))) if self.held.len() < HELD_MAX => {
                        self.held.push(event);
                    }
                    Incoming::InputEnded => {
                        self.stop.store(signal_hook::consts::SIGHUP as usize, Ordering::Relaxed);
                        return Ok(None);
                    }
                    _ => {}
                }
            }
        }
    }

    /// Runs the browser over the first plans of a library (`app`, made with
    /// [`App::while_reading`]) while the rest are read, showing how far that has got
    /// (`progress`), each larger part the reading sends replacing the last, until the
    /// whole library comes: then returns true, the keys kept meanwhile ready to act on
    /// ([`Session::run`] does). False if the user quit or a signal came first.
    pub fn browse_while_reading(
        &mut self,
        app: &mut App,
        reading: &mpsc::Receiver<crate::library::Opening>,
        progress: &Progress,
    ) -> io::Result<bool> {
        use crate::library::Opening;
        let size = self.terminal.size()?;
        app.resize(size.width, size.height);
        let mut effects = Vec::new();
        // What was typed while the first plans were read.
        for event in std::mem::take(&mut self.held) {
            handle(app, event, &mut effects);
        }
        loop {
            if app.should_quit || self.stop.load(Ordering::Relaxed) != 0 {
                app.carry_out(effects);
                return Ok(false);
            }
            loop {
                match reading.try_recv() {
                    Ok(Opening::Part(part)) => app.grow(part),
                    Ok(Opening::Whole(library)) => {
                        app.finish_reading(library);
                        app.carry_out(effects);
                        return Ok(true);
                    }
                    Err(mpsc::TryRecvError::Empty) => break,
                    Err(mpsc::TryRecvError::Disconnected) => {
                        return Err(io::Error::other("the plans could not be read"));
                    }
                }
            }
            let (done, total) = progress.get();
            app.reading_progress(done, total);
            self.terminal.draw(|frame| ui::draw(app, frame))?;
            if !effects.is_empty() {
                app.carry_out(std::mem::take(&mut effects));
            }
            take_incoming(&self.incoming, &self.stop, app, &mut effects, LOADING_FRAME);
        }
    }

    /// How the browser ended.
    pub fn exit(&self) -> Exit {
        match self.stop.load(Ordering::Relaxed) {
            0 => Exit::Quit,
            signal => Exit::Signal(signal as i32),
        }
    }
}

/// Whether a key quits while the plans are read: the quit key, Esc, Ctrl-C.
fn quits(key: &KeyEvent, settings: &Settings) -> bool {
    key.kind != KeyEventKind::Release
        && (key.code == KeyCode::Esc
            || (key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL))
            || settings.keymap.lookup(KeyContext::Tree, key) == Some(Action::Quit))
}

/// Installs (once) the panic hook of the browser; call it on the thread that will run
/// [`run`], before starting helper threads. A panic on that thread while the browser is up
/// restores the terminal before the message is printed, so the message is seen (unwinding
/// restores it anyway, but only after the message was written into the alternate screen).
/// A panic on any other thread (the index build) must not scribble over the screen: its
/// message is kept for [`helper_panics`], and the browser goes on without that thread.
pub fn install_panic_hook() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let previous_hook = std::panic::take_hook();
        let ui_thread = std::thread::current().id();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().id() == ui_thread {
                if let Some(modes) = in_use().take() {
                    restore(modes);
                }
                previous_hook(info);
            } else {
                kept_panics().push(info.to_string());
            }
        }));
    });
}

/// The panic messages of helper threads since the last call (see [`install_panic_hook`]).
pub fn helper_panics() -> Vec<String> {
    std::mem::take(&mut *kept_panics())
}

fn kept_panics() -> MutexGuard<'static, Vec<String>> {
    static KEPT: Mutex<Vec<String>> = Mutex::new(Vec::new());
    KEPT.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The terminal modes while the browser is up.
fn in_use() -> MutexGuard<'static, Option<Modes>> {
    static IN_USE: Mutex<Option<Modes>> = Mutex::new(None);
    IN_USE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What the event loop waits for: the terminal's events, and the searching thread's answers.
enum Incoming {
    Terminal(Event),
    /// The terminal can no longer be read (it went away).
    InputEnded,
    Search(crate::app::SearchDone),
}

fn run_events(session: &mut Session, app: &mut App, effects: &mut Vec<crate::app::Effect>) -> io::Result<()> {
    let (terminal, incoming, stop) = (&mut session.terminal, &session.incoming, &*session.stop);
    let size = terminal.size()?;
    app.resize(size.width, size.height);
    // Searches run on a thread of their own; their answers come in with the keys.
    let answers = session.answers.clone();
    app.search_in_background(move |done| {
        let _ = answers.send(Incoming::Search(done));
    });
    // What was typed while the plans were read.
    for event in std::mem::take(&mut session.held) {
        handle(app, event, effects);
    }
    effects.extend(app.replay_held());
    let mut dirty = true;
    let mut ticks: u64 = 0;
    while !app.should_quit && stop.load(Ordering::Relaxed) == 0 {
        if dirty {
            terminal.draw(|frame| ui::draw(app, frame))?;
            dirty = false;
        }
        // What the keys asked of the disk is done after their frame is on the screen; a
        // message it leaves is drawn next.
        if !effects.is_empty() {
            app.carry_out(std::mem::take(effects));
            dirty = true;
            continue;
        }
        if !take_incoming(incoming, stop, app, effects, Duration::from_millis(200)) {
            ticks += 1;
            // Every few seconds: retry a save that failed.
            if ticks.is_multiple_of(25) {
                app.tick();
                dirty = true;
            }
            continue;
        }
        dirty = true;
    }
    Ok(())
}

/// Waits up to `timeout` for what comes in, then hands the app everything already queued
/// before the next frame, so a burst of keys (a paste without bracketed paste, a held key)
/// costs one frame; stops early if the app quits or a signal came. A terminal that went
/// away stops the session as a hangup would. Returns whether anything came.
fn take_incoming(
    incoming: &mpsc::Receiver<Incoming>,
    stop: &AtomicUsize,
    app: &mut App,
    effects: &mut Vec<crate::app::Effect>,
    timeout: Duration,
) -> bool {
    let hang_up = || stop.store(signal_hook::consts::SIGHUP as usize, Ordering::Relaxed);
    let first = match incoming.recv_timeout(timeout) {
        Ok(first) => first,
        Err(RecvTimeoutError::Timeout) => {
            if terminal::size().is_err() {
                hang_up();
            }
            return false;
        }
        Err(RecvTimeoutError::Disconnected) => {
            hang_up();
            return false;
        }
    };
    for incoming in std::iter::once(first).chain(incoming.try_iter()) {
        match incoming {
            Incoming::Terminal(event) => handle(app, event, effects),
            Incoming::Search(done) => app.search_done(done),
            Incoming::InputEnded => hang_up(),
        }
        if app.should_quit || stop.load(Ordering::Relaxed) != 0 {
            break;
        }
    }
    true
}

/// Hands one terminal event to the app.
fn handle(app: &mut App, event: Event, effects: &mut Vec<crate::app::Effect>) {
    match event {
        Event::Key(key) if key.code == KeyCode::Char('!') && crate::crash_test::is("key") => {
            panic!("crash test: the ! key")
        }
        Event::Key(key) => effects.extend(app.handle_key(key)),
        Event::Mouse(mouse) => effects.extend(app.handle_mouse(mouse)),
        Event::Paste(text) => effects.extend(app.handle_paste(&text)),
        // The next draw sees the new size, clears the screen and repaints everything, so no
        // stale half glyphs remain. (Not `Terminal::clear`: it asks the terminal for the
        // cursor position, which would wait on the reader thread.)
        Event::Resize(width, height) => app.resize(width, height),
        _ => {}
    }
}
