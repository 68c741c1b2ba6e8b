//! Terminal output helpers for the commands: colour only on a terminal and without NO_COLOR.

use std::io::IsTerminal;
use std::ops::Range;

/// Whether to use ANSI styling on stdout.
pub fn color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// `text` with the byte `ranges` in bold red (or between 【】 without colour).
pub fn highlight(text: &str, ranges: &[Range<usize>], color: bool) -> String {
    let (open, close) = if color { ("\u{1b}[1;31m", "\u{1b}[0m") } else { ("【", "】") };
    let mut out = String::with_capacity(text.len() + ranges.len() * 8);
    let mut pos = 0;
    for r in ranges {
        out.push_str(&text[pos..r.start]);
        out.push_str(open);
        out.push_str(&text[r.clone()]);
        out.push_str(close);
        pos = r.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// Writes to stdout, ending quietly if the reader has gone away (`planview … | head`).
pub fn print(s: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if out.write_all(s.as_bytes()).and_then(|()| out.flush()).is_err() {
        std::process::exit(0);
    }
}
