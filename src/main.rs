use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = planview::cli::Cli::parse();
    if let Some(code) = planview::cli::run(&cli) {
        return code;
    }
    eprintln!("planview: the browser is not built yet");
    ExitCode::FAILURE
}
