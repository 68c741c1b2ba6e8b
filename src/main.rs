use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use planview::app::{App, Options};
use planview::cli::{Cli, Command};
use planview::library::Library;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(code) = planview::cli::run(&cli) {
        return code;
    }
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    match &cli.command {
        Some(Command::Render(args)) => {
            let Some((library, _)) = planview::cli::open_library(&args.files) else {
                return ExitCode::FAILURE;
            };
            let options = Options {
                color,
                mouse: false,
            };
            match planview::render::replay(library, args.width, args.height, &args.keys, options) {
                Ok((_, buffer)) => {
                    planview::cli::print(&planview::render::screen_text(&buffer));
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("planview: {e}");
                    ExitCode::from(2)
                }
            }
        }
        _ => browse(&cli, color),
    }
}

fn browse(cli: &Cli, color: bool) -> ExitCode {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        eprintln!("planview: not a terminal; use `planview render` or a subcommand (see --help)");
        return ExitCode::from(2);
    }
    let library = Library::open(&cli.files);
    if library.plans.is_empty() {
        for skipped in &library.skipped {
            eprintln!("planview: {}", skipped.error);
        }
        return ExitCode::FAILURE;
    }
    let skipped: Vec<String> = library
        .skipped
        .iter()
        .map(|s| s.error.to_string())
        .collect();
    let (width, height) = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
    let app = App::new(
        library,
        width,
        height,
        Options {
            color,
            mouse: !cli.no_mouse,
        },
    );
    let result = planview::term::run(app);
    for line in &skipped {
        eprintln!("planview: {line}");
    }
    match result {
        Ok(planview::term::Exit::Quit) => ExitCode::SUCCESS,
        Ok(planview::term::Exit::Signal(signal)) => ExitCode::from(128 + signal as u8),
        Err(e) => {
            eprintln!("planview: terminal error: {e}");
            ExitCode::FAILURE
        }
    }
}
