//! Display-width helpers for terminal output. Widths always come from unicode-width, never
//! from byte or char counts.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// The display width of a string.
pub fn width(s: &str) -> usize {
    s.width()
}

/// `s` followed by spaces up to `target` columns (unchanged if already wider).
pub fn pad(s: &str, target: usize) -> String {
    let w = s.width();
    let mut out = String::with_capacity(s.len() + target.saturating_sub(w));
    out.push_str(s);
    out.extend(std::iter::repeat_n(' ', target.saturating_sub(w)));
    out
}

/// The longest prefix of `s` (whole graphemes) that fits in `max` columns, with `…` at the
/// end when something was cut (the `…` counted in `max`).
pub fn truncate(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = g.width();
        if used + w > max - 1 {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pad_and_truncate_by_display_width() {
        assert_eq!(pad("县司法局", 10), "县司法局  ");
        assert_eq!(width(&pad("ab", 5)), 5);
        assert_eq!(truncate("县司法局负责", 7), "县司法…");
        assert_eq!(width(&truncate("县司法局负责", 7)), 7);
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("abc", 0), "");
    }
}
