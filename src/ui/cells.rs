//! The last step of drawing: cells as a terminal will show them.
//!
//! ratatui keeps a grapheme cluster in one cell. A terminal draws text character by
//! character, so a cluster of several visible characters (a flag of two regional indicators
//! 🇨🇳, a Devanagari conjunct क्षि) takes a cell per visible character there. Drawn whole,
//! the cluster's second cell is one ratatui believes covered and never rewrites, and a later
//! frame leaves half of it behind. Such clusters are split here, one cell per visible
//! character with its combining marks, so the terminal and ratatui agree on every cell.

use ratatui::buffer::Buffer;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Splits every cell holding several visible characters into one cell per character; a
/// cluster whose characters would not fill the same columns is shown as `�` per column.
///
/// Runs on every frame, so the usual cell (one character, or one with its marks) costs only
/// a look at its characters; the cells a wide character covers hold a space and pass the
/// same way.
pub fn split_clusters(buffer: &mut Buffer) {
    let area = buffer.area;
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let cell = &buffer[(x, y)];
            let Some(parts) = visible_parts(cell.symbol()) else { continue };
            let (width, style) = (cell.symbol().width(), cell.style());
            let end = (usize::from(x) + width).min(usize::from(area.right())) as u16;
            let fits = parts.iter().map(|(_, w)| w).sum::<usize>() == width && usize::from(end - x) == width;
            if fits {
                let mut at = x;
                for (part, part_width) in parts {
                    buffer[(at, y)].set_symbol(&part).set_style(style);
                    at += part_width as u16;
                }
            } else {
                for column in x..end {
                    buffer[(column, y)].set_symbol("\u{fffd}").set_style(style);
                }
            }
        }
    }
}

/// The pieces of a cluster with more than one visible character: each visible character
/// with the zero-width ones after it, and its width. None for the usual cell.
fn visible_parts(symbol: &str) -> Option<Vec<(String, usize)>> {
    let mut chars = symbol.chars();
    chars.next()?;
    if !chars.any(|c| c.width().unwrap_or(0) > 0) {
        return None;
    }
    let mut parts: Vec<(String, usize)> = Vec::new();
    for c in symbol.chars() {
        let w = c.width().unwrap_or(0);
        match parts.last_mut() {
            Some((part, _)) if w == 0 => part.push(c),
            _ => parts.push((c.to_string(), w)),
        }
    }
    Some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;

    fn cells(text: &str, width: u16) -> Vec<String> {
        let mut buffer = Buffer::empty(Rect::new(0, 0, width, 1));
        buffer.set_string(0, 0, text, ratatui::style::Style::new());
        split_clusters(&mut buffer);
        buffer.content.iter().map(|c| c.symbol().to_string()).collect()
    }

    #[test]
    fn clusters_of_several_visible_characters_take_a_cell_each() {
        assert_eq!(cells("a🇨🇳b", 5), ["a", "🇨", "🇳", "b", " "]);
        // The vowel sign is a spacing mark: a column of its own.
        assert_eq!(cells("क्षि", 3), ["क\u{94d}", "ष", "ि"]);
        // One visible character with its marks stays whole, wide or not.
        assert_eq!(cells("e\u{301}法1\u{20e3}", 5), ["e\u{301}", "法", " ", "1\u{20e3}", " "]);
    }
}
