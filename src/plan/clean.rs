//! Text hygiene at load time: line endings, tabs, trailing spaces, and every character that
//! could drive a terminal or reorder what is shown (C0/C1 controls, escape sequences, bidi
//! overrides, zero-width characters) is removed. A document must never reach the terminal
//! as anything but printable text.

/// Cleans a whole document: `\r\n` and `\r` become `\n`, tabs become four spaces, unsafe
/// characters and escape sequences are dropped and trailing spaces removed from each line.
pub fn clean(input: &str) -> String {
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

/// Whether a character must never be drawn: controls, bidi embeddings and overrides, and
/// zero-width format characters (their width depends on the terminal).
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
        assert_eq!(clean("e\u{301}😀"), "e\u{301}😀");
    }
}
