use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use clap::FromArgMatches;
use planview::app::settings::{Borders, Settings, ThemeName};
use planview::app::{App, Severity};
use planview::cli::open::{open_at, options, settings};
use planview::cli::{Cli, Command};
use planview::cli::{error, error_block};
use planview::library::{Library, Opening, Progress};
use planview::marks::Store;
use planview::tr;

fn main() -> ExitCode {
    let code = run();
    // The parse cache's writes under way end before the process does.
    planview::library::cache::flush();
    code
}

fn run() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    planview::i18n::set_language(planview::cli::lang::early(&args));
    let parsed = planview::cli::help::command().try_get_matches_from(&args).and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => return planview::cli::output::clap_message(&e),
    };
    cli.cache.enable();
    if let Some(code) = planview::cli::run(&cli) {
        return code;
    }
    // NO_COLOR, CLICOLOR, CLICOLOR_FORCE and TERM=dumb, as the commands read them.
    let color = planview::cli::output::colour_wanted();
    match &cli.command {
        Some(Command::Render(args)) => {
            let Some((library, _)) = planview::cli::open_library(&args.files) else {
                return ExitCode::FAILURE;
            };
            let loaded = settings(&cli.config);
            for e in &loaded.errors {
                error(tr!("cli-defaults-used", problem = e.to_string()));
            }
            let keys = match planview::app::key::Key::parse_sequence(&args.keys) {
                Ok(keys) => keys,
                Err(e) => {
                    error(tr!("cli-bad-keys", problem = e.to_string()));
                    return ExitCode::from(2);
                }
            };
            // A replay touches the user's marks only when told where they are.
            let marks = cli.state.path.clone().map_or_else(Store::in_memory, Store::open);
            let mut app = App::new(library, args.width, args.height, options(color, false, &loaded), marks);
            if let Err(e) = open_at(&mut app, &args.open) {
                error(e);
                return ExitCode::from(2);
            }
            let (app, buffer, unsaved) = planview::render::replay_on(app, &keys, args.width, args.height);
            planview::cli::print(&planview::render::screen_text(&buffer));
            for line in &app.log {
                error(line);
            }
            if let Some(unsaved) = unsaved {
                error_block(unsaved);
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        _ => browse(&cli, color),
    }
}

/// The marks store: `--state PATH` / `PLANVIEW_STATE`, else the platform's state folder.
fn open_marks(cli: &Cli) -> Store {
    match cli.state.path.clone().or_else(planview::marks::default_path) {
        Some(path) => Store::open(path),
        None => {
            error(tr!("cli-no-marks-folder"));
            Store::in_memory()
        }
    }
}

fn browse(cli: &Cli, color: bool) -> ExitCode {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        error(tr!("cli-not-a-terminal"));
        return ExitCode::from(2);
    }
    // Before any helper thread starts (the reading of the plans, the index build), so a
    // panic on one of them is kept for the end rather than written over the screen.
    planview::term::install_panic_hook();
    let started = Instant::now();
    let mut loaded = settings(&cli.config);
    // The plans are read on a thread of their own; the terminal is asked what `auto` should
    // mean meanwhile.
    let progress = Arc::new(Progress::default());
    let (send, reading) = mpsc::channel();
    let (files, counter) = (cli.files.clone(), Arc::clone(&progress));
    let spawned = std::thread::Builder::new().name("reading".into()).spawn(move || {
        let whole = Library::open_streaming(&files, &counter, &mut |part| {
            let _ = send.send(Opening::Part(part));
        });
        let _ = send.send(Opening::Whole(whole));
    });
    if spawned.is_err() {
        error(tr!("cli-internal-error"));
        return ExitCode::FAILURE;
    }
    let ui = &loaded.settings;
    let probe = planview::probe::start(ui.borders == Borders::Auto, ui.theme == ThemeName::Auto && color);
    let answer = probe.answer();
    loaded.settings.fit_terminal(answer.ambiguous_wide, answer.light_background);
    let mouse = !cli.no_mouse;
    // A library read within a moment opens at once. A longer read takes over the terminal
    // for the browser: it shows how far the reading has got until the first plans are
    // read, then those plans, browsable, while the rest are (keys and signals answered
    // throughout).
    let mut part = None;
    let whole = loop {
        match reading.recv_timeout(READ_QUICKLY.saturating_sub(started.elapsed())) {
            Ok(Opening::Whole(library)) => break Some(library),
            Ok(Opening::Part(library)) => part = Some(library),
            Err(mpsc::RecvTimeoutError::Timeout) => break None,
            Err(mpsc::RecvTimeoutError::Disconnected) => return helper_failed(),
        }
    };
    let (width, height) = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
    let options = || options(color, mouse, &loaded);
    let (mut app, mut session) = match whole {
        Some(library) => match opened(library) {
            Ok(library) => (App::new(library, width, height, options(), open_marks(cli)), None),
            Err(exit) => return exit,
        },
        None => {
            let new_app = |library, whole| {
                if whole {
                    App::new(library, width, height, options(), open_marks(cli))
                } else {
                    App::while_reading(library, width, height, options(), open_marks(cli))
                }
            };
            match open_slowly(&reading, part, &progress, &loaded.settings, mouse, color, new_app) {
                Ok((app, session)) => (app, Some(session)),
                Err(exit) => return exit,
            }
        }
    };
    let skipped: Vec<String> = app.library.skipped.iter().map(|s| s.error.to_string()).collect();
    if let Err(e) = open_at(&mut app, &cli.open) {
        drop(session);
        error(e);
        return ExitCode::from(2);
    }
    if let Some(summary) = &loaded.summary {
        app.say(summary.clone(), Severity::Error);
        app.log.extend(loaded.errors.iter().cloned());
    } else if !skipped.is_empty() && app.message.is_none() {
        app.say(tr!("cli-not-plans", n = skipped.len()), Severity::Error);
    }
    // A bug must not cost the user their marks: term::run restores the terminal on a
    // panic (its hook), and the marks made up to it are saved here before exiting.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match session.take() {
        Some(session) => session.run(&mut app),
        None => planview::term::run(&mut app),
    }));
    let unsaved = app.finish();
    report_helper_panics();
    let Ok(result) = result else {
        if let Some(unsaved) = unsaved {
            error_block(unsaved);
        } else {
            error(tr!("cli-internal-error"));
        }
        return ExitCode::from(101);
    };
    for line in skipped.iter().chain(&app.log) {
        error(line);
    }
    if let Some(unsaved) = unsaved {
        error_block(unsaved);
        return ExitCode::FAILURE;
    }
    exit_code(result)
}

/// A library that takes more than a moment to read: the terminal is taken over for the
/// browser, which shows how far the reading has got until the first plans are read (`part`,
/// if they already are), then those plans to browse while the rest are read. The browser
/// over the whole library (`new_app(library, true)`; a part's is `new_app(part, false)`)
/// with its terminal, or the exit if the user left first, nothing was read or it failed.
fn open_slowly(
    reading: &mpsc::Receiver<Opening>,
    part: Option<Library>,
    progress: &Progress,
    settings: &Settings,
    mouse: bool,
    color: bool,
    new_app: impl Fn(Library, bool) -> App,
) -> Result<(App, planview::term::Session), ExitCode> {
    let mut session = planview::term::start(mouse).map_err(|e| {
        error(tr!("cli-terminal-error", error = e.to_string()));
        ExitCode::FAILURE
    })?;
    let first = match part {
        Some(part) => Ok(Some(Opening::Part(part))),
        None => session.wait_for(reading, progress, settings, color),
    };
    // What is said on the way out is said after the terminal is given back.
    match first {
        Ok(Some(Opening::Whole(library))) if library.plans.is_empty() => {
            drop(session);
            Err(nothing_read(&library))
        }
        Ok(Some(Opening::Whole(library))) => Ok((new_app(library, true), session)),
        Ok(Some(Opening::Part(part))) => {
            let mut app = new_app(part, false);
            match session.browse_while_reading(&mut app, reading, progress) {
                Ok(true) => Ok((app, session)),
                Ok(false) => {
                    let exit = session.exit();
                    drop(session);
                    Err(finished(&mut app, exit_code(Ok(exit))))
                }
                Err(_) => {
                    drop(session);
                    Err(finished(&mut app, helper_failed()))
                }
            }
        }
        Ok(None) => {
            let exit = session.exit();
            drop(session);
            Err(exit_code(Ok(exit)))
        }
        Err(_) => {
            drop(session);
            Err(helper_failed())
        }
    }
}

/// The library read, if it holds a plan; else what did not load is said, and the exit.
fn opened(library: Library) -> Result<Library, ExitCode> {
    if library.plans.is_empty() {
        return Err(nothing_read(&library));
    }
    Ok(library)
}

/// Says why no plan of the library could be read; the exit.
fn nothing_read(library: &Library) -> ExitCode {
    for skipped in &library.skipped {
        error(&skipped.error);
    }
    ExitCode::FAILURE
}

/// A browser that ends before the library was read: the marks it holds are saved (it
/// cannot have changed them, but another planview may have) and `exit` returned.
fn finished(app: &mut App, exit: ExitCode) -> ExitCode {
    if let Some(unsaved) = app.finish() {
        error_block(unsaved);
        return ExitCode::FAILURE;
    }
    exit
}

/// How long the plans may take to read before the browser shows how far it has got.
const READ_QUICKLY: Duration = Duration::from_millis(100);

/// The exit status of a browser that ended so.
fn exit_code(result: std::io::Result<planview::term::Exit>) -> ExitCode {
    match result {
        Ok(planview::term::Exit::Quit) => ExitCode::SUCCESS,
        Ok(planview::term::Exit::Signal(signal)) => ExitCode::from(128 + signal as u8),
        Err(e) => {
            error(tr!("cli-terminal-error", error = e.to_string()));
            ExitCode::FAILURE
        }
    }
}

/// The reading of the plans failed (a bug): says so, with what the thread said.
fn helper_failed() -> ExitCode {
    report_helper_panics();
    error(tr!("cli-internal-error"));
    ExitCode::from(101)
}

/// Says what the helper threads that panicked said (see `term::install_panic_hook`).
fn report_helper_panics() {
    for message in planview::term::helper_panics() {
        error(tr!("cli-helper-panic", message = message.to_string()));
    }
}
