//! What planview asks the terminal before the first frame: how wide it draws East Asian
//! ambiguous-width characters (─ │ · … “ ”; many Chinese-locale terminals draw them two
//! columns wide, which breaks every line they are on), and whether its background is light.
//!
//! Both are questions the terminal answers on its input: the cursor position after printing
//! `─` (DSR, `ESC [ 6 n`) and the background colour (OSC 11, through `terminal-colorsaurus`,
//! which also tells a terminal that cannot answer quickly). Each waits a short, fixed time at
//! most, on a thread of its own, while the plans load; a terminal that does not answer
//! leaves the setting as it was.

use std::io::{Read, Write};
use std::os::fd::AsFd;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use rustix::event::{PollFd, PollFlags, Timespec, poll};

/// How long the terminal has to answer each question.
const ANSWER_WITHIN: Duration = Duration::from_millis(250);

/// What the terminal told.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Probe {
    /// Whether ambiguous-width characters take two columns; None: not asked, or no answer.
    pub ambiguous_wide: Option<bool>,
    /// Whether the background is light; None: not asked, or no answer.
    pub light_background: Option<bool>,
}

/// Questions being asked on their own thread.
pub struct Pending(Option<mpsc::Receiver<Probe>>);

/// Asks what is asked for (`width`: the ambiguous width, `background`: light or dark) on a
/// thread; [`Pending::answer`] collects it. Nothing is asked when `TERM` is `dumb`.
pub fn start(width: bool, background: bool) -> Pending {
    if !(width || background) || std::env::var_os("TERM").is_some_and(|t| t == "dumb") {
        return Pending(None);
    }
    let (send, receive) = mpsc::channel();
    let spawned = std::thread::Builder::new().name("terminal-probe".into()).spawn(move || {
        let mut probe = Probe::default();
        if width {
            probe.ambiguous_wide = ambiguous_is_wide().ok().flatten();
        }
        if background {
            let mut options = terminal_colorsaurus::QueryOptions::default();
            options.timeout = ANSWER_WITHIN;
            probe.light_background =
                terminal_colorsaurus::theme_mode(options).ok().map(|m| m == terminal_colorsaurus::ThemeMode::Light);
        }
        let _ = send.send(probe);
    });
    Pending(spawned.ok().map(|_| receive))
}

impl Pending {
    /// The answers; waits for the thread at most a little longer than its own time limits.
    pub fn answer(self) -> Probe {
        let Some(receive) = self.0 else { return Probe::default() };
        receive.recv_timeout(3 * ANSWER_WITHIN + Duration::from_millis(100)).unwrap_or_default()
    }
}

/// Prints `─` at the start of the line and asks where the cursor went: column 2 means one
/// column wide, 3 two. The line is cleared afterwards.
fn ambiguous_is_wide() -> std::io::Result<Option<bool>> {
    let mut terminal = terminal_trx::terminal()?;
    let mut lock = terminal.lock();
    let mut raw = lock.enable_raw_mode()?;
    raw.write_all("\r─\x1b[6n".as_bytes())?;
    raw.flush()?;
    let answer = read_answer(&mut raw);
    raw.write_all(b"\r\x1b[K")?;
    raw.flush()?;
    Ok(answer.and_then(|text| cursor_column(&text)).map(|column| column >= 3))
}

/// Reads until `R` (the end of a cursor report) or the time is up.
fn read_answer(terminal: &mut (impl Read + AsFd)) -> Option<Vec<u8>> {
    let deadline = Instant::now() + ANSWER_WITHIN;
    let mut answer = Vec::new();
    while answer.len() < 64 {
        let left = deadline.checked_duration_since(Instant::now())?;
        let timeout = Timespec { tv_sec: 0, tv_nsec: left.subsec_nanos().into() };
        let ready = {
            let fd = terminal.as_fd();
            let mut fds = [PollFd::new(&fd, PollFlags::IN)];
            poll(&mut fds, Some(&timeout)).ok()?
        };
        if ready == 0 {
            return None;
        }
        let mut byte = [0u8; 1];
        if terminal.read(&mut byte).ok()? == 0 {
            return None;
        }
        answer.push(byte[0]);
        if byte[0] == b'R' {
            return Some(answer);
        }
    }
    None
}

/// The column of a cursor position report `ESC [ row ; column R`, wherever it is in what was
/// read (keys typed meanwhile may come before it).
fn cursor_column(answer: &[u8]) -> Option<u16> {
    let text = std::str::from_utf8(answer).ok()?;
    let report = &text[text.rfind("\x1b[")? + 2..];
    let (_, column) = report.strip_suffix('R')?.split_once(';')?;
    column.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_column_is_read_from_a_cursor_report() {
        assert_eq!(cursor_column(b"\x1b[12;2R"), Some(2));
        assert_eq!(cursor_column(b"\x1b[1;3R"), Some(3));
        assert_eq!(cursor_column(b"ab\x1b[5;3R"), Some(3), "typed keys before the report");
        assert_eq!(cursor_column(b"\x1b[5R"), None);
        assert_eq!(cursor_column(b"\x1b[5;xR"), None);
        assert_eq!(cursor_column(b"garbage"), None);
    }
}
