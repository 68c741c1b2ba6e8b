//! Terminal safety for every string from outside. Documents are cleaned at load time (line
//! endings, tabs, trailing spaces, and every character that could drive a terminal or
//! reorder what is shown: C0/C1 controls, escape sequences, bidi overrides, zero-width
//! characters); typed and pasted input and file names are cleaned the same way before they
//! are shown. A string from outside must never reach the terminal as anything but printable
//! text. Every layer may use this module; it uses none of them.

use std::borrow::Cow;
use std::path::Path;
use std::sync::LazyLock;

use memchr::memmem::Finder;

static HANGUL_FILLER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("\u{3164}"));
static HALFWIDTH_FILLER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("\u{ffa0}"));

/// Cleans a whole document: `\r\n` and `\r` become `\n`, tabs become four spaces, unsafe
/// characters and escape sequences are dropped and trailing spaces removed from each line.
pub fn clean(input: &str) -> String {
    if is_clean(input.as_bytes()) {
        return input.to_string();
    }
    clean_slow(input)
}

/// Cleans a document, without copying it when it is already clean.
pub fn clean_cow(input: Cow<'_, str>) -> Cow<'_, str> {
    if is_clean(input.as_bytes()) { input } else { Cow::Owned(clean_slow(&input)) }
}

/// Whether the text has nothing to clean: checked on the UTF-8 bytes, much faster than
/// going through it character by character. Conservative: anything that might need work
/// sends the text to the full cleaner.
fn is_clean(bytes: &[u8]) -> bool {
    // Controls other than the newline, DEL, and 4-byte sequences from plane 14 (tags,
    // variation selectors): a branch-free pass per block, which the compiler vectorises.
    let unsafe_byte = |b: u8| (b < 0x20 && b != b'\n') | (b == 0x7f) | (b == 0xf3);
    if bytes.chunks(4096).any(|block| block.iter().fold(0u8, |found, &b| found | u8::from(unsafe_byte(b))) != 0) {
        return false;
    }
    // Lead bytes of the few 2- and 3-byte characters that are removed.
    for i in memchr::memchr3_iter(0xc2, 0xe2, 0xef, bytes) {
        let (next, after) = (bytes.get(i + 1).copied(), bytes.get(i + 2).copied());
        let removed = match bytes[i] {
            // C1 controls (U+0080–U+009F) and the soft hyphen (U+00AD); a no-break space
            // matters only at the end of a line (checked below).
            0xc2 => matches!(next, Some(0x80..=0x9f | 0xad)),
            // Zero-width characters (U+200B–U+200F), line/paragraph separators and bidi
            // controls (U+2028–U+202E), invisible operators and isolates (U+2060–U+206F).
            // Quotes, dashes and ellipses (“ ” — …) share the lead byte and stay.
            0xe2 => {
                matches!((next, after), (Some(0x80), Some(0x8b..=0x8f | 0xa8..=0xae)) | (Some(0x81), Some(0xa0..=0xaf)))
            }
            // U+FE00–U+FFFF: variation selectors, the BOM, interlinear annotations.
            _ => matches!(next, Some(0xb8 | 0xbb | 0xbf)),
        };
        if removed {
            return false;
        }
    }
    // U+034F, U+061C (lead bytes cd, d8) and U+115F, U+1160, U+180E (lead byte e1): lead
    // bytes Chinese text does not use. U+3164 and U+FFA0 by their bytes.
    if memchr::memchr3(0xcd, 0xd8, 0xe1, bytes).is_some()
        || HANGUL_FILLER.find(bytes).is_some()
        || HALFWIDTH_FILLER.find(bytes).is_some()
    {
        return false;
    }
    // Emoji skin-tone modifiers (U+1F3FB–U+1F3FF).
    if memchr::memchr_iter(0xf0, bytes).any(|i| matches!(bytes.get(i + 1..i + 4), Some([0x9f, 0x8f, 0xbb..=0xbf]))) {
        return false;
    }
    // Spaces at the end of a line.
    !memchr::memchr_iter(b'\n', bytes).any(|i| ends_with_space(&bytes[..i])) && !ends_with_space(bytes)
}

/// Whether the bytes end with a space the cleaner trims (space, U+3000, no-break space).
fn ends_with_space(bytes: &[u8]) -> bool {
    bytes.ends_with(b" ") || bytes.ends_with("\u{3000}".as_bytes()) || bytes.ends_with("\u{a0}".as_bytes())
}

fn clean_slow(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    push_newline(&mut out);
                }
            }
            '\n' | '\u{2028}' | '\u{2029}' | '\u{85}' => push_newline(&mut out),
            '\t' => out.push_str("    "),
            '\u{1b}' => skip_escape(&mut chars),
            '\u{9b}' => skip_until_final(&mut chars),
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            c if is_unsafe(c) => {}
            c => out.push(c),
        }
    }
    trim_line_end(&mut out);
    out
}

/// Removes unsafe characters from a single line of text typed or pasted by the user (a note,
/// a query): controls become spaces so words do not run together, newlines are kept.
pub fn sanitize_input(input: &str) -> String {
    let cleaned = clean(input);
    cleaned.chars().map(|c| if c == '\u{1b}' { ' ' } else { c }).collect()
}

/// A file's path as it may be shown: a character that could drive the terminal or reorder
/// the text (file names can hold anything but `/` and NUL) is shown as `?`, as `ls` does.
pub fn display_path(path: &Path) -> String {
    let shown = path.display().to_string();
    if shown.chars().any(is_unsafe) {
        shown.chars().map(|c| if is_unsafe(c) { '?' } else { c }).collect()
    } else {
        shown
    }
}

/// Whether a character must never be drawn: controls, bidi embeddings and overrides,
/// zero-width format characters and emoji modifiers (their width depends on the terminal,
/// so a row holding one would be misaligned on some).
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{ad}'                      // soft hyphen
            | '\u{200b}'..='\u{200f}'     // zero-width space/joiners, LRM, RLM
            | '\u{202a}'..='\u{202e}'     // bidi embeddings and overrides
            | '\u{2060}'..='\u{2064}'     // word joiner, invisible operators
            | '\u{2066}'..='\u{206f}'     // bidi isolates, deprecated format characters
            | '\u{fe00}'..='\u{fe0f}'     // variation selectors
            | '\u{feff}'                  // zero-width no-break space / BOM
            | '\u{fff9}'..='\u{fffb}'     // interlinear annotations
            | '\u{e0000}'..='\u{e007f}'   // tags
            | '\u{e0100}'..='\u{e01ef}'   // variation selectors supplement
            | '\u{1f3fb}'..='\u{1f3ff}'   // skin tones: 👍🏽 is 2 columns to some terminals, 4 to others (tmux)
            | '\u{34f}'                   // combining grapheme joiner
            | '\u{61c}'                   // Arabic letter mark (bidi)
            | '\u{115f}' | '\u{1160}'     // Hangul fillers: blank, yet drawn wide by some
            | '\u{3164}' | '\u{ffa0}'     // terminals, they hide text as spaces
            | '\u{180e}'                  // Mongolian vowel separator (was a space)
            | '\u{fffc}'                  // object replacement
        )
}

fn push_newline(out: &mut String) {
    trim_line_end(out);
    out.push('\n');
}

fn trim_line_end(out: &mut String) {
    let kept = out.trim_end_matches([' ', '\u{3000}', '\u{a0}']).len();
    // Only trim what follows the last newline (never eat the newline itself).
    let line_start = out.rfind('\n').map_or(0, |i| i + 1);
    out.truncate(kept.max(line_start));
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// Skips what follows an ESC: a CSI (`ESC [`), a string (OSC, DCS, SOS, PM, APC) or a
/// two-character sequence.
fn skip_escape(chars: &mut Chars<'_>) {
    match chars.peek() {
        Some('[') => {
            chars.next();
            skip_until_final(chars);
        }
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            skip_string(chars);
        }
        Some(&c) if (' '..='~').contains(&c) => {
            chars.next();
            // nF sequences (ESC, intermediates 0x20–0x2F, final) carry one more character.
            if (' '..='/').contains(&c) {
                chars.next_if(|c| ('0'..='~').contains(c));
            }
        }
        _ => {}
    }
}

/// Skips the parameters and intermediates of a control sequence and its final byte.
fn skip_until_final(chars: &mut Chars<'_>) {
    while let Some(&c) = chars.peek() {
        if ('\u{30}'..='\u{3f}').contains(&c) || ('\u{20}'..='\u{2f}').contains(&c) {
            chars.next();
        } else {
            if ('\u{40}'..='\u{7e}').contains(&c) {
                chars.next();
            }
            return;
        }
    }
}

/// Skips a control string up to its terminator (BEL, ST = `ESC \` or U+009C). A newline also
/// ends it, so an unterminated string cannot swallow the rest of the document.
fn skip_string(chars: &mut Chars<'_>) {
    while let Some(c) = chars.next_if(|&c| c != '\n') {
        match c {
            '\u{7}' | '\u{9c}' => return,
            '\u{1b}' => {
                chars.next_if_eq(&'\\');
                return;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_path_agrees_with_the_full_cleaner() {
        let samples = [
            "关于全面推进法治渌湘建设的实施意见\n1.加强宪法实施。“12·4”国家宪法日\n",
            "a \n",
            "a　\nb",
            "a\u{a0}",
            "“引号”—…",
            "x\u{202e}y",
            "x\u{2066}y",
            "x\u{200f}y",
            "x\u{200b}y",
            "x\u{2028}y",
            "x\u{fe0f}y",
            "👍🏽 👍",
            "x\u{feff}y",
            "x\u{85}y",
            "x\u{ad}y",
            "12·4 x\u{a0}y",
            "公开\n工作\u{3000}\n",
            "x\u{a0}\ny",
            "ｘ（１）：",
            "x\u{34f}y\u{61c}z",
            "x\u{115f}\u{1160}y\u{180e}z",
            "x\u{3164}y\u{ffa0}z\u{fffc}",
        ];
        let seed = include_str!("../../seeds/000_72b3b9fd10627f4b.txt");
        assert!(is_clean(seed.as_bytes()), "the seed takes the fast path");
        for s in samples.into_iter().chain([seed]) {
            assert_eq!(clean(s), clean_slow(s), "{s:?}");
            if is_clean(s.as_bytes()) {
                assert_eq!(clean_slow(s), s, "{s:?} was taken as clean");
            }
        }
    }

    #[test]
    fn line_endings_tabs_and_trailing_space() {
        assert_eq!(clean("a\r\nb\rc\n"), "a\nb\nc\n");
        assert_eq!(clean("a\tb  \n　　c　\n"), "a    b\n　　c\n");
    }

    #[test]
    fn escape_sequences_are_removed() {
        let hostile = "前\u{1b}]0;owned\u{7}\u{1b}[2J\u{1b}[1;31m中\u{1b}(B\u{7}\u{8}后";
        assert_eq!(clean(hostile), "前中后");
        assert_eq!(clean("a\u{9b}31mb\u{9d}title\u{9c}c"), "abc");
        assert_eq!(clean("a\u{1b}]unterminated\nb"), "a\nb");
    }

    #[test]
    fn bidi_and_zero_width_are_removed_but_text_kept() {
        assert_eq!(clean("a\u{202e}b\u{200b}c\u{feff}d"), "abcd");
        assert_eq!(clean("a\u{61c}b\u{180e}c\u{34f}d\u{115f}e\u{3164}f\u{fffc}g"), "abcdefg");
        assert_eq!(clean("e\u{301}😀"), "e\u{301}😀");
    }
}
