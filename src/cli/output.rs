//! Everything planview prints, on stdout or stderr, goes through here — the one place where
//! text meets the terminal. File names, plan text, notes and arguments all come from
//! outside: whatever else cleaned them, every character that could drive the terminal or
//! reorder the line (controls, escape sequences, bidi and zero-width characters) is shown
//! as `?` when printed. The only escape sequences that pass are the two this module writes
//! itself to highlight a match, and only where colour is wanted ([`colour_wanted`]): stdout
//! is written through anstream, which strips them everywhere else.
//!
//! JSON keeps such characters, as `\u` escapes, so no data is lost ([`json_pretty`]).
//!
//! `print!`/`println!`/`eprintln!` are refused elsewhere by clippy (`clippy.toml`).

#![allow(clippy::disallowed_macros)]

use std::borrow::Cow;
use std::fmt::Display;
use std::io::{IsTerminal, Write};
use std::ops::Range;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anstream::{AutoStream, ColorChoice};
use anstyle::{AnsiColor, Color, Style};
use serde::Serialize;

use crate::library::Progress;
use crate::text::numerals::thousands;
use crate::text::safety::is_unsafe;
use crate::tr;

/// The highlight of a match: bold red.
const HIGHLIGHT: Style = Style::new().bold().fg_color(Some(Color::Ansi(AnsiColor::Red)));

/// The escape sequences this module writes to turn [`HIGHLIGHT`] on (its codes in one
/// sequence, `ESC[1;31m`) and off again.
static HIGHLIGHT_ON: LazyLock<String> = LazyLock::new(|| one_sequence(&HIGHLIGHT.render().to_string()));
static HIGHLIGHT_OFF: LazyLock<String> = LazyLock::new(|| HIGHLIGHT.render_reset().to_string());

/// SGR sequences one after another (`ESC[1m ESC[31m`, as anstyle writes a style) as one
/// sequence with all their codes (`ESC[1;31m`).
fn one_sequence(sequences: &str) -> String {
    let codes: Vec<&str> = sequences.split("\u{1b}[").filter_map(|sequence| sequence.strip_suffix('m')).collect();
    format!("\u{1b}[{}m", codes.join(";"))
}

/// Whether planview should colour what it shows on stdout (the full-screen browser, the
/// hits of `search`): never when `NO_COLOR` is set and not empty or `CLICOLOR` is `0`;
/// always when `CLICOLOR_FORCE` is set and not empty; otherwise when stdout is a terminal,
/// bar one with `TERM=dumb` (unless `CLICOLOR` or `CI` is set).
pub fn colour_wanted() -> bool {
    stdout_choice() != ColorChoice::Never
}

/// How stdout is coloured: as anstream reads the environment, except that a terminal with
/// no `TERM` at all shows colour, as it always has in planview (anstream takes it for one
/// that cannot).
fn stdout_choice() -> ColorChoice {
    let stdout = std::io::stdout();
    match AutoStream::choice(&stdout) {
        ColorChoice::Never
            if ColorChoice::global() == ColorChoice::Auto
                && !anstyle_query::no_color()
                && anstyle_query::clicolor() != Some(false)
                && std::env::var_os("TERM").is_none()
                && stdout.is_terminal() =>
        {
            ColorChoice::Always
        }
        choice => choice,
    }
}

/// `text` with the byte `ranges` in bold red (or between 【】 without colour).
pub fn highlight(text: &str, ranges: &[Range<usize>], color: bool) -> String {
    let (open, close) = if color { (HIGHLIGHT_ON.as_str(), HIGHLIGHT_OFF.as_str()) } else { ("【", "】") };
    let mut out = String::with_capacity(text.len() + ranges.len() * 8);
    let mut pos = 0;
    for r in ranges {
        out.push_str(&for_terminal(&text[pos..r.start]));
        out.push_str(open);
        out.push_str(&for_terminal(&text[r.clone()]));
        out.push_str(close);
        pos = r.end;
    }
    out.push_str(&for_terminal(&text[pos..]));
    out
}

/// Text as it may reach a terminal: newlines and tabs stay, this module's own highlight
/// sequences stay, every other unsafe character becomes `?` (as `ls` shows file names).
pub fn for_terminal(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| is_unsafe(c) && c != '\n' && c != '\t') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if c == '\u{1b}'
            && let Some(own) = [&*HIGHLIGHT_ON, &*HIGHLIGHT_OFF].into_iter().find(|seq| rest.starts_with(seq.as_str()))
        {
            out.push_str(own);
            rest = &rest[own.len()..];
            continue;
        }
        out.push(if is_unsafe(c) && c != '\n' && c != '\t' { '?' } else { c });
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// Writes to stdout, ending quietly if the reader has gone away (`planview … | head`). The
/// highlight's colour is stripped where it is not wanted (see [`colour_wanted`]).
pub fn print(s: &str) {
    let mut out = AutoStream::new(std::io::stdout(), stdout_choice()).lock();
    if out.write_all(for_terminal(s).as_bytes()).and_then(|()| out.flush()).is_err() {
        std::process::exit(0);
    }
}

/// An export's bytes on stdout: as they are into a pipe or a file (a CSV's byte-order mark
/// and CRLF line ends are the format), made safe as [`print`] does on a terminal.
pub fn print_data(bytes: &[u8]) {
    if std::io::stdout().is_terminal() {
        return print(&String::from_utf8_lossy(bytes));
    }
    let mut out = std::io::stdout().lock();
    if out.write_all(bytes).and_then(|()| out.flush()).is_err() {
        std::process::exit(0);
    }
}

/// A message on stderr, one line: `planview: …`.
pub fn error(message: impl Display) {
    let line = format!("planview: {message}");
    let line = for_terminal(&line);
    // Several lines would be several messages: a message is one line.
    eprintln!("{}", line.replace('\n', " "));
}

/// A message on stderr that carries lines of data (the unsaved marks as JSON): `planview: `
/// before the first line, the lines kept.
pub fn error_block(message: impl Display) {
    let text = format!("planview: {message}");
    eprintln!("{}", for_terminal(&text));
}

/// Shows what clap has to say (help, version, or a usage error naming a bad argument, which
/// may hold anything) and gives the exit code.
pub fn clap_message(e: &clap::Error) -> std::process::ExitCode {
    let text = e.render().to_string();
    let text = if crate::i18n::language() == crate::i18n::Lang::Zh { clap_in_chinese(e, &text) } else { text };
    if e.use_stderr() {
        eprint!("{}", for_terminal(&text));
    } else {
        print(&text);
    }
    std::process::ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
}

/// What clap printed, in Chinese: a help page gets Chinese colons after its headings (the
/// words are already Chinese, see `cli::help`); a usage error its first line, its tip and
/// its last line rewritten (the usage between is kept; a kind of error not rewritten here
/// keeps clap's English first line). The English text is clap's own.
fn clap_in_chinese(e: &clap::Error, text: &str) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let mut text = text.replace("\n       planview", "\n      planview");
    for heading in [tr!("cli-heading-arguments"), tr!("cli-heading-options"), tr!("cli-heading-commands")] {
        text = text.replace(&format!("\n{heading}:\n"), &format!("\n{heading}：\n"));
    }
    if !e.use_stderr() || matches!(e.kind(), ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand) {
        return text;
    }
    let one = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join("、")),
        _ => None,
    };
    let arg = one(ContextKind::InvalidArg).unwrap_or_default();
    let value = one(ContextKind::InvalidValue).unwrap_or_default();
    let first = match e.kind() {
        ErrorKind::UnknownArgument => Some(tr!("cli-error-unknown-argument", arg = arg)),
        ErrorKind::InvalidSubcommand => {
            Some(tr!("cli-error-unknown-command", name = one(ContextKind::InvalidSubcommand).unwrap_or_default()))
        }
        ErrorKind::InvalidValue if value.is_empty() => Some(tr!("cli-error-missing-value", arg = arg)),
        ErrorKind::InvalidValue => {
            let mut line = tr!("cli-error-invalid-value", arg = arg, value = value);
            if let Some(values) = one(ContextKind::ValidValue) {
                line.push_str(&format!("\n\n  {}", tr!("cli-error-possible-values", values = values)));
            }
            Some(line)
        }
        ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(e).map(ToString::to_string).unwrap_or_default();
            // clap's range check: `0 is not in 1..=1000`.
            let range = reason.split_once(" is not in ").and_then(|(_, range)| range.split_once("..="));
            let reason = match range {
                Some((low, high)) => tr!("cli-error-range", low = low, high = high),
                None => reason,
            };
            Some(tr!("cli-error-bad-value", arg = arg, value = value, reason = reason))
        }
        ErrorKind::MissingRequiredArgument => Some(tr!("cli-error-missing-argument", args = arg)),
        ErrorKind::MissingSubcommand => {
            Some(tr!("cli-error-missing-command", name = one(ContextKind::InvalidSubcommand).unwrap_or_default()))
        }
        ErrorKind::ArgumentConflict => match one(ContextKind::PriorArg) {
            Some(other) if other != arg => Some(tr!("cli-error-conflict", arg = arg, other = other)),
            _ => Some(tr!("cli-error-twice", arg = arg)),
        },
        ErrorKind::TooManyValues => Some(tr!("cli-error-too-many", arg = arg, value = value)),
        ErrorKind::NoEquals => Some(tr!("cli-error-no-equals", arg = arg)),
        _ => None,
    };
    let Some(first) = first else { return text };
    let mut out = tr!("cli-error", message = first);
    out.push('\n');
    if let Some(suggestion) = one(ContextKind::SuggestedArg) {
        out.push_str(&format!("\n  {}\n", tr!("cli-error-tip-argument", suggestion = suggestion)));
    } else if let Some(suggestion) = one(ContextKind::SuggestedSubcommand) {
        out.push_str(&format!("\n  {}\n", tr!("cli-error-tip-command", suggestion = suggestion)));
    }
    // clap's usage: from its heading to the blank line after it.
    if let Some(at) = text.find("\nUsage: ") {
        let usage = &text[at + "\nUsage: ".len()..];
        let usage = &usage[..usage.find("\n\n").unwrap_or(usage.len())];
        out.push_str(&format!("\n{}{usage}\n", tr!("cli-error-usage")));
    }
    out.push_str(&format!("\n{}\n", tr!("cli-error-more")));
    out
}

/// Runs `work` (the reading of a library); if it takes longer than a moment and stderr is a
/// terminal, a line there says how far it has got (`planview: reading plans 3,200/10,000`),
/// rewritten in place and cleared at the end.
pub fn with_progress<T>(work: impl FnOnce(&Progress) -> T) -> T {
    let progress = Progress::default();
    if !std::io::stderr().is_terminal() {
        return work(&progress);
    }
    let finished = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let reporter = scope.spawn(|| report_progress(&progress, &finished, &mut std::io::stderr(), PROGRESS_EVERY));
        let result = work(&progress);
        finished.store(true, Ordering::Relaxed);
        let _ = reporter.join();
        result
    })
}

/// How often the progress line is rewritten (the first time after as long).
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// Writes the progress line to `out` every `every` until `finished`, then clears it.
fn report_progress(progress: &Progress, finished: &AtomicBool, out: &mut dyn Write, every: Duration) {
    let step = (every / 5).max(Duration::from_millis(1));
    let mut shown = 0;
    let mut next = Instant::now() + every;
    while !finished.load(Ordering::Relaxed) {
        std::thread::sleep(step);
        if Instant::now() < next {
            continue;
        }
        next += every;
        let (done, total) = progress.get();
        if total > 0 {
            let line =
                format!("planview: {}", tr!("cli-reading-plans", done = thousands(done), total = thousands(total)));
            shown = shown.max(crate::text::width::width(&line));
            let _ = write!(out, "\r{line}");
            let _ = out.flush();
        }
    }
    if shown > 0 {
        let _ = write!(out, "\r{}\r", " ".repeat(shown));
        let _ = out.flush();
    }
}

/// Pretty JSON in which every character [`for_terminal`] would replace is written as a
/// `\u` escape: the data is kept, and nothing in it can drive a terminal it is shown on.
pub fn json_pretty<T: Serialize + ?Sized>(value: &T) -> String {
    let mut bytes = Vec::new();
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut bytes, SafeFormatter(serde_json::ser::PrettyFormatter::new()));
    // Serializing our own types into memory cannot fail.
    let _ = value.serialize(&mut serializer);
    String::from_utf8(bytes).unwrap_or_default()
}

/// serde_json's pretty printer, escaping unsafe characters in strings.
struct SafeFormatter<'a>(serde_json::ser::PrettyFormatter<'a>);

/// Forwards the layout methods to the pretty printer.
macro_rules! forward {
    ($($name:ident $(, $arg:ident: $ty:ty)*;)*) => {$(
        fn $name<W: ?Sized + Write>(&mut self, writer: &mut W $(, $arg: $ty)*) -> std::io::Result<()> {
            self.0.$name(writer $(, $arg)*)
        }
    )*};
}

impl serde_json::ser::Formatter for SafeFormatter<'_> {
    forward! {
        begin_array;
        end_array;
        begin_array_value, first: bool;
        end_array_value;
        begin_object;
        end_object;
        begin_object_key, first: bool;
        begin_object_value;
        end_object_value;
    }

    fn write_string_fragment<W: ?Sized + Write>(&mut self, writer: &mut W, fragment: &str) -> std::io::Result<()> {
        let mut last = 0;
        for (i, c) in fragment.char_indices().filter(|&(_, c)| is_unsafe(c)) {
            writer.write_all(&fragment.as_bytes()[last..i])?;
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write!(writer, "\\u{unit:04x}")?;
            }
            last = i + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[last..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_own_escapes_reach_the_terminal() {
        let hostile = "a\u{1b}]2;PWNED\u{7}\u{1b}[2Jb\u{202e}c\u{3164}d\n\te";
        assert_eq!(for_terminal(hostile), "a?]2;PWNED??[2Jb?c?d\n\te");
        let shown = highlight("x\u{1b}[31my宪法z", std::slice::from_ref(&(7..13)), true);
        assert_eq!(for_terminal(&shown), "x?[31my\u{1b}[1;31m宪法\u{1b}[0mz");
        assert_eq!(highlight("宪法", std::slice::from_ref(&(0..6)), false), "【宪法】");
        assert_eq!(
            [thousands(0), thousands(999), thousands(3200), thousands(1234567)],
            ["0", "999", "3,200", "1,234,567"]
        );
    }

    #[test]
    fn progress_is_one_line_rewritten_then_cleared() {
        let progress = Progress::default();
        progress.total.store(10_000, Ordering::Relaxed);
        progress.done.store(3_200, Ordering::Relaxed);
        let finished = AtomicBool::new(false);
        let mut out = Vec::new();
        std::thread::scope(|scope| {
            let reporter = scope.spawn(|| report_progress(&progress, &finished, &mut out, Duration::from_millis(2)));
            std::thread::sleep(Duration::from_millis(50));
            finished.store(true, Ordering::Relaxed);
            reporter.join().unwrap();
        });
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("\rplanview: reading plans 3,200/10,000"), "{text:?}");
        assert!(!text.contains('\n'));
        let blank = " ".repeat("planview: reading plans 3,200/10,000".len());
        assert!(text.ends_with(&format!("\r{blank}\r")), "{text:?}");
    }

    #[test]
    fn json_keeps_unsafe_characters_as_escapes() {
        let json = json_pretty(&serde_json::json!({ "t": "a\u{202e}b\u{1b}c\u{e0041}" }));
        assert!(json.contains(r#""a\u202eb\u001bc\udb40\udc41""#), "{json}");
        assert_eq!(for_terminal(&json), json);
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["t"], "a\u{202e}b\u{1b}c\u{e0041}");
    }
}
