//! Keystroke latency in the browser on the 1,000-plan corpus: every key of typical searches
//! is sent through the App's key handling (search, narrowing, tree and text rebuilt) and a
//! frame is drawn at 200x60. Twice: with the search in the update step (as `render` does),
//! and with the search on its thread as the interactive program does — there the time to
//! the key's frame, to the first frame with hits (in a large library the first plans' hits
//! come first) and to the frame with the whole answer. Prints the median, p99 and worst
//! time per keystroke.
//!
//! cargo bench --bench keystrokes
//! PLANVIEW_BENCH_PLANS=10000 cargo bench --bench keystrokes      # 10,000 plans

// Prints its own figures and progress, not planview's output (see cli::output).
#![allow(clippy::disallowed_macros)]

use std::time::{Duration, Instant};

use planview::app::key::Key;
use planview::app::{App, Options};
use planview::library::Library;
use planview::marks::Store;

const SEED: &str = include_str!("../seeds/000_72b3b9fd10627f4b.txt");

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let copies: usize = std::env::var("PLANVIEW_BENCH_PLANS").ok().and_then(|n| n.parse().ok()).unwrap_or(1000);
    for i in 0..copies {
        let text = SEED.replace("株县发〔2015〕1号", &format!("株县发〔2015〕{}号", i + 1));
        std::fs::write(dir.path().join(format!("plan-{i:05}.txt")), text).expect("write");
    }
    let library = Library::open(&[dir.path().to_path_buf()]);
    let mut app = App::new(library, 200, 60, Options::default(), Store::in_memory());
    let mut screen = planview::render::Screen::new(200, 60);
    // Warm the search index and the pinyin codes, as the browser does in the background.
    app.search_index().warm_pinyin();
    let sessions = [
        ("Chinese", "/宪法宣誓<BS><BS><BS><BS>律师<BS><BS>法律顾问<Esc>"),
        ("pinyin", "/xfxs<BS><BS><BS><BS>lvshi<BS><BS><BS><BS><BS>falvguwen<Esc>"),
        ("unit filter", "usifaju<Enter>/律师<Esc>U"),
    ];
    // As `render` does: each key's search in the update step, the frame after it.
    println!("searched in the update step (key to frame):");
    for (label, keys_typed) in sessions {
        let times = measure(keys_typed, |key| {
            let effects = app.handle_key(key.to_event());
            app.carry_out(effects);
            screen.draw(&app);
        });
        report(label, &times);
    }
    // As the browser does: the search on its thread. The frame after the key, then the
    // frame with the answer (each key waits for the answer, as slow typing would).
    let (send, answers) = std::sync::mpsc::channel();
    app.search_in_background(move |done| {
        let _ = send.send(done);
    });
    println!("searched on the searching thread (key to frame; key to the answer's frame):");
    for (label, keys_typed) in sessions {
        let (mut frames, mut firsts) = (Vec::new(), Vec::new());
        let answered = measure(keys_typed, |key| {
            let started = Instant::now();
            let effects = app.handle_key(key.to_event());
            app.carry_out(effects);
            screen.draw(&app);
            frames.push(started.elapsed());
            let mut first = None;
            while app.searching() {
                let done = answers.recv().expect("the searching thread answers");
                app.search_done(done);
                screen.draw(&app);
                first.get_or_insert_with(|| started.elapsed());
            }
            firsts.push(first.unwrap_or_else(|| started.elapsed()));
        });
        frames.sort();
        firsts.sort();
        report(&format!("{label} (frame)"), &frames);
        report(&format!("{label} (first hits)"), &firsts);
        report(&format!("{label} (answer)"), &answered);
    }
}

/// Times `step` on every key of the keys typed, 20 times over (sorted).
fn measure(keys_typed: &str, mut step: impl FnMut(Key)) -> Vec<Duration> {
    let mut times = Vec::new();
    for _ in 0..20 {
        for key in Key::parse_sequence(keys_typed).expect("keys") {
            let started = Instant::now();
            step(key);
            times.push(started.elapsed());
        }
    }
    times.sort();
    times
}

fn report(label: &str, times: &[Duration]) {
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    println!(
        "  {label:<22} {} keystrokes: median {:>6.2} ms  p99 {:>6.2} ms  max {:>6.2} ms",
        times.len(),
        at(0.5).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3,
        times.last().map_or(0.0, |t| t.as_secs_f64() * 1e3)
    );
}
