//! Text inputs (ratatui-textarea) with word motions that suit Chinese: words are UAX #29
//! word segments, so a Chinese sentence is not one long word — Ctrl-W, Alt-B and Alt-F step
//! over one ideograph, or one Latin word, at a time. Also pasting, with newlines folded.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea};
use unicode_segmentation::UnicodeSegmentation;

use super::action::Direction;

/// The most characters each input holds: a search query (the pinyin matcher reads the first
/// 63 letters of a word), a unit name, a measure id, a note (some ten pages).
pub const SEARCH_MAX: usize = 200;
pub const PICKER_MAX: usize = 64;
pub const JUMP_MAX: usize = 32;
pub const NOTE_MAX: usize = 20_000;

/// Whether an input holds one line (Enter is the caller's) or many (Enter breaks a line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    One,
    Many,
}

/// What a key or a paste did to an input.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Edited {
    /// The text changed.
    pub changed: bool,
    /// Text was left out: the input is full.
    pub cut: bool,
}

/// Characters in a text area, a line break counting one.
pub fn char_count(textarea: &TextArea<'_>) -> usize {
    let lines = textarea.lines();
    lines.iter().map(|l| l.chars().count()).sum::<usize>() + lines.len().saturating_sub(1)
}

/// Applies a key to a one-line text area of at most `max` characters, with CJK-aware word
/// motions.
pub fn edit(textarea: &mut TextArea<'static>, key: KeyEvent, max: usize) -> Edited {
    edit_lines(textarea, key, Lines::One, max)
}

/// Applies a key to a text area of at most `max` characters; with [`Lines::Many`] Enter
/// starts a new line.
pub fn edit_lines(textarea: &mut TextArea<'static>, key: KeyEvent, lines: Lines, max: usize) -> Edited {
    let multiline = lines == Lines::Many;
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    let adds = match key.code {
        KeyCode::Char(_) => !ctrl && !alt,
        KeyCode::Enter | KeyCode::Tab => multiline,
        _ => false,
    };
    if adds && char_count(textarea) >= max {
        return Edited { changed: false, cut: true };
    }
    let changed = apply_key(textarea, key, lines, ctrl, alt);
    Edited { changed, cut: false }
}

fn apply_key(textarea: &mut TextArea<'static>, key: KeyEvent, lines: Lines, ctrl: bool, alt: bool) -> bool {
    match key.code {
        KeyCode::Char('w') if ctrl => delete_word_back(textarea),
        // As in shells: Ctrl-U deletes back to the start of the line (not undo).
        KeyCode::Char('u') if ctrl => textarea.delete_line_by_head(),
        KeyCode::Backspace if alt || ctrl => delete_word_back(textarea),
        KeyCode::Char('d') if alt => delete_word_forward(textarea),
        KeyCode::Delete if ctrl => delete_word_forward(textarea),
        KeyCode::Char('b') if alt => move_word(textarea, Direction::Backward),
        KeyCode::Left if ctrl || alt => move_word(textarea, Direction::Backward),
        KeyCode::Char('f') if alt => move_word(textarea, Direction::Forward),
        KeyCode::Right if ctrl || alt => move_word(textarea, Direction::Forward),
        KeyCode::Enter if lines == Lines::Many => {
            textarea.insert_newline();
            true
        }
        // Enter never splits a one-line input; the caller handles it.
        KeyCode::Enter => false,
        _ => textarea.input(key),
    }
}

/// The current line and the cursor's char offset in it.
fn line_and_col(textarea: &TextArea<'_>) -> (String, usize, usize) {
    let cursor = textarea.cursor();
    let line = textarea.lines().get(cursor.0).cloned().unwrap_or_default();
    (line, cursor.0, cursor.1)
}

/// Char offset of the start of the word before `col` (spaces before it included).
pub fn word_start_before(line: &str, col: usize) -> usize {
    let byte = char_to_byte(line, col);
    let mut start = 0;
    for (i, word) in line[..byte].split_word_bound_indices() {
        if !word.chars().all(char::is_whitespace) {
            start = i;
        }
    }
    line[..start].chars().count()
}

/// Char offset of the end of the word after `col` (spaces before it skipped).
pub fn word_end_after(line: &str, col: usize) -> usize {
    let byte = char_to_byte(line, col);
    let mut end = line.len();
    for (i, word) in line[byte..].split_word_bound_indices() {
        if !word.chars().all(char::is_whitespace) {
            end = byte + i + word.len();
            break;
        }
    }
    line[..end].chars().count()
}

fn char_to_byte(line: &str, col: usize) -> usize {
    line.char_indices().nth(col).map_or(line.len(), |(i, _)| i)
}

fn delete_word_back(textarea: &mut TextArea<'static>) -> bool {
    let (line, row, col) = line_and_col(textarea);
    let start = word_start_before(&line, col);
    if start == col {
        return textarea.delete_newline();
    }
    textarea.move_cursor(CursorMove::Jump(row as u16, start as u16));
    textarea.delete_str(col - start)
}

fn delete_word_forward(textarea: &mut TextArea<'static>) -> bool {
    let (line, _, col) = line_and_col(textarea);
    let end = word_end_after(&line, col);
    if end == col {
        return textarea.delete_next_char();
    }
    textarea.delete_str(end - col)
}

fn move_word(textarea: &mut TextArea<'static>, direction: Direction) -> bool {
    let (line, row, col) = line_and_col(textarea);
    let target = match direction {
        Direction::Forward => word_end_after(&line, col),
        Direction::Backward => word_start_before(&line, col),
    };
    textarea.move_cursor(CursorMove::Jump(row as u16, target as u16));
    false
}

/// Inserts pasted text into a one-line input of at most `max` characters: controls removed,
/// newlines become spaces, what does not fit left out.
pub fn paste_line(textarea: &mut TextArea<'static>, text: &str, max: usize) -> Edited {
    let head = bounded(text, max);
    let clean = crate::text::safety::sanitize_input(head);
    let line: String = clean.split('\n').map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ");
    let edited = insert_bounded(textarea, &line, max);
    Edited { cut: edited.cut || head.len() < text.len(), ..edited }
}

/// Inserts pasted text into a multi-line input of at most `max` characters: controls
/// removed, `\r\n` and `\r` become newlines, what does not fit left out.
pub fn paste_text(textarea: &mut TextArea<'static>, text: &str, max: usize) -> Edited {
    let head = bounded(text, max);
    let edited = insert_bounded(textarea, &crate::text::safety::sanitize_input(head), max);
    Edited { cut: edited.cut || head.len() < text.len(), ..edited }
}

/// Inserts what fits of `text` at the cursor.
pub fn insert_bounded(textarea: &mut TextArea<'static>, text: &str, max: usize) -> Edited {
    let room = max.saturating_sub(char_count(textarea));
    let fits = bounded(text, room);
    let cut = fits.len() < text.len();
    let changed = !fits.is_empty() && textarea.insert_str(fits);
    Edited { changed, cut }
}

/// The first `max` characters of a text (a paste of megabytes is not cleaned whole first).
fn bounded(text: &str, max: usize) -> &str {
    text.char_indices().nth(max).map_or(text, |(i, _)| &text[..i])
}

/// The text of a one-line input.
pub fn text(textarea: &TextArea<'_>) -> String {
    textarea.lines().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> TextArea<'static> {
        let mut t = TextArea::default();
        t.insert_str(text);
        t
    }

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn ctrl_w_deletes_one_ideograph_or_one_latin_word() {
        let mut t = typed("宪法宣誓 rule of law");
        edit(&mut t, key(KeyCode::Char('w'), KeyModifiers::CONTROL), 100);
        assert_eq!(text(&t), "宪法宣誓 rule of ");
        edit(&mut t, key(KeyCode::Char('w'), KeyModifiers::CONTROL), 100);
        edit(&mut t, key(KeyCode::Char('w'), KeyModifiers::CONTROL), 100);
        assert_eq!(text(&t), "宪法宣誓 ");
        edit(&mut t, key(KeyCode::Char('w'), KeyModifiers::CONTROL), 100);
        assert_eq!(text(&t), "宪法宣");
        edit(&mut t, key(KeyCode::Backspace, KeyModifiers::ALT), 100);
        assert_eq!(text(&t), "宪法");
    }

    #[test]
    fn ctrl_u_deletes_to_the_start_of_the_line() {
        let mut t = typed("宪法宣誓 rule");
        edit(&mut t, key(KeyCode::Left, KeyModifiers::NONE), 100);
        edit(&mut t, key(KeyCode::Char('u'), KeyModifiers::CONTROL), 100);
        assert_eq!(text(&t), "e");
        let mut note = typed("第一行\n第二行");
        edit_lines(&mut note, key(KeyCode::Char('u'), KeyModifiers::CONTROL), Lines::Many, 100);
        assert_eq!(note.lines(), ["第一行", ""], "only the cursor's line");
    }

    #[test]
    fn alt_b_and_alt_f_step_over_words() {
        let mut t = typed("加强PPP项目");
        edit(&mut t, key(KeyCode::Char('b'), KeyModifiers::ALT), 100);
        assert_eq!(t.cursor(), (0, 6));
        edit(&mut t, key(KeyCode::Char('b'), KeyModifiers::ALT), 100);
        assert_eq!(t.cursor(), (0, 5));
        edit(&mut t, key(KeyCode::Char('b'), KeyModifiers::ALT), 100);
        assert_eq!(t.cursor(), (0, 2), "PPP is one word");
        edit(&mut t, key(KeyCode::Char('b'), KeyModifiers::ALT), 100);
        assert_eq!(t.cursor(), (0, 1));
        edit(&mut t, key(KeyCode::Char('f'), KeyModifiers::ALT), 100);
        assert_eq!(t.cursor(), (0, 2));
        edit(&mut t, key(KeyCode::Char('d'), KeyModifiers::ALT), 100);
        assert_eq!(text(&t), "加强项目");
    }

    #[test]
    fn paste_folds_lines_and_drops_controls() {
        let mut t = TextArea::default();
        paste_line(&mut t, "宪法\r\n宣誓\u{1b}[31m\n", SEARCH_MAX);
        assert_eq!(text(&t), "宪法 宣誓");
    }

    #[test]
    fn inputs_hold_at_most_their_size() {
        let mut t = typed("宪法");
        let pasted = paste_line(&mut t, &"法治".repeat(500_000), 10);
        assert_eq!(pasted, Edited { changed: true, cut: true });
        assert_eq!(text(&t), "宪法法治法治法治法治");
        let typed_more = edit(&mut t, key(KeyCode::Char('x'), KeyModifiers::NONE), 10);
        assert_eq!(typed_more, Edited { changed: false, cut: true });
        assert_eq!(text(&t), "宪法法治法治法治法治");
        // Deleting makes room again.
        edit(&mut t, key(KeyCode::Backspace, KeyModifiers::NONE), 10);
        assert_eq!(edit(&mut t, key(KeyCode::Char('x'), KeyModifiers::NONE), 10), Edited { changed: true, cut: false });
        let mut note = TextArea::default();
        assert!(paste_text(&mut note, "一\n二\n三", 4).cut);
        assert_eq!(note.lines(), ["一", "二", ""]);
        assert!(edit_lines(&mut note, key(KeyCode::Enter, KeyModifiers::NONE), Lines::Many, 4).cut);
    }
}
