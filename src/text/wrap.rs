//! Line breaking for Chinese (and mixed) text.
//!
//! ratatui's `Paragraph::wrap` breaks only at spaces and drops 　 indents, so body text is
//! wrapped here: break opportunities come from UAX #14 (`unicode-linebreak`), refined by the
//! Chinese rules (禁则): no row starts with closing punctuation (，。、；：？！）》」 and their
//! half-width forms) or ·・～, no row ends with opening punctuation (（《「“), and —— / ……
//! are never split. Widths come from unicode-width. Rows are byte ranges of the input that
//! together cover it exactly; a row's display width, not counting trailing whitespace and
//! newlines, never exceeds the requested width (for widths of at least 2).

use std::ops::Range;

use unicode_linebreak::{BreakOpportunity, linebreaks};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Characters that may not start a row.
const NO_START: &[char] = &[
    '，', '。', '、', '；', '：', '？', '！', '）', '》', '」', '』', '〕', '】', '〉', '”', '’', '·', '・', '～', '…',
    '—', ',', '.', ';', ':', '?', '!', ')', ']', '}', '%', '％',
];

/// Characters that may not end a row.
const NO_END: &[char] = &['（', '《', '「', '『', '〔', '【', '〈', '“', '‘', '(', '[', '{'];

/// Wraps `text` into rows of at most `width` columns; returns byte ranges covering `text`.
/// Newlines force a break (the newline ends its row).
pub fn wrap(text: &str, width: usize) -> Vec<Range<usize>> {
    wrap_with(text, width, &opportunities(text))
}

/// Wraps as [`wrap`] does, never breaking inside one of the `whole` byte ranges (unit names
/// in a list, each with the 、 after it: `县司法局、县公安局` breaks after 、, not inside
/// 县司法局) unless the range alone is wider than the row.
pub fn wrap_keeping(text: &str, width: usize, whole: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut allowed = opportunities(text);
    allowed.retain(|&(pos, mandatory)| mandatory || !whole.iter().any(|r| r.start < pos && pos < r.end));
    wrap_with(text, width, &allowed)
}

fn wrap_with(text: &str, width: usize, allowed: &[(usize, bool)]) -> Vec<Range<usize>> {
    let width = width.max(1);
    let mut rows = Vec::new();
    let mut next_allowed = allowed.iter().peekable();
    let mut row_start = 0;
    let mut used = 0; // width of the row so far, trailing whitespace included
    let mut last_break: Option<usize> = None;
    let graphemes: Vec<(usize, &str)> = text.grapheme_indices(true).collect();
    let mut k = 0;
    while k < graphemes.len() {
        let (at, g) = graphemes[k];
        // Opportunities before this grapheme.
        while let Some(&&(pos, mandatory)) = next_allowed.peek() {
            if pos > at {
                break;
            }
            next_allowed.next();
            if pos == at && pos > row_start {
                if mandatory {
                    rows.push(row_start..pos);
                    row_start = pos;
                    used = 0;
                    last_break = None;
                } else {
                    last_break = Some(pos);
                }
            }
        }
        let is_space = g.chars().all(char::is_whitespace);
        let w = if g.contains('\n') { 0 } else { g.width() };
        if !is_space && used + w > width && at > row_start {
            // Break at the last opportunity, or force one here.
            let at_break = match last_break {
                Some(b) if b > row_start => b,
                _ => forced_break(text, &graphemes, row_start, k),
            };
            rows.push(row_start..at_break);
            row_start = at_break;
            // What moved down is drawn in full before this grapheme, spaces included.
            used = text[row_start..at].width();
            last_break = None;
            // The rest of the row may still be too wide together with this grapheme.
            continue_if_needed(&mut rows, &mut row_start, &mut used, text, &graphemes, k, w, width);
        }
        used += w;
        k += 1;
    }
    if row_start < text.len() || rows.is_empty() {
        rows.push(row_start..text.len());
    }
    rows
}

/// After a break, if the carried-over text plus the current grapheme still overflows (only
/// possible with very narrow widths), force more breaks before the current grapheme.
#[allow(clippy::too_many_arguments)]
fn continue_if_needed(
    rows: &mut Vec<Range<usize>>,
    row_start: &mut usize,
    used: &mut usize,
    text: &str,
    graphemes: &[(usize, &str)],
    k: usize,
    w: usize,
    width: usize,
) {
    let at = graphemes[k].0;
    while *used + w > width && at > *row_start {
        let brk = forced_break(text, graphemes, *row_start, k);
        if brk <= *row_start {
            break;
        }
        rows.push(*row_start..brk);
        *row_start = brk;
        *used = text[*row_start..at].width();
    }
}

/// Where to break when no opportunity fits: before grapheme `k`, moved back over a closing
/// punctuation mark (so it does not start the row) or an opening one (so it does not end the
/// previous row), as long as the row keeps at least one grapheme. A row never starts with
/// the spaces moved back over: they stay at the end of the row before, where they take no
/// room.
fn forced_break(text: &str, graphemes: &[(usize, &str)], row_start: usize, k: usize) -> usize {
    let mut j = k;
    loop {
        let (at, g) = graphemes[j];
        let starts_badly = g.starts_with(NO_START);
        let ends_badly = j > 0 && graphemes[j - 1].1.ends_with(NO_END);
        if (starts_badly || ends_badly) && j > 0 && graphemes[j - 1].0 > row_start {
            j -= 1;
            continue;
        }
        if at > row_start {
            while j < k && graphemes[j].1.chars().all(char::is_whitespace) {
                j += 1;
            }
            return graphemes[j].0;
        }
        // Nothing can move: break right before grapheme k after all.
        return graphemes[k].0.max(row_start + text[row_start..].chars().next().map_or(0, char::len_utf8));
    }
}

/// Break opportunities (byte position, mandatory) with the Chinese rules applied.
fn opportunities(text: &str) -> Vec<(usize, bool)> {
    linebreaks(text)
        .filter(|&(pos, op)| {
            if op == BreakOpportunity::Mandatory {
                return true;
            }
            let next = text[pos..].chars().next();
            let previous = text[..pos].chars().next_back();
            let starts_badly = next.is_some_and(|c| NO_START.contains(&c));
            let ends_badly = previous.is_some_and(|c| NO_END.contains(&c));
            // Never split —— or …….
            let splits_pair = next.is_some_and(|c| matches!(c, '—' | '…')) && next == previous;
            !(starts_badly || ends_badly || splits_pair)
        })
        .map(|(pos, op)| (pos, op == BreakOpportunity::Mandatory && pos < text.len()))
        .collect()
}

/// Display width of a row as drawn: trailing whitespace and newlines not counted.
pub fn display_width(row: &str) -> usize {
    row.trim_end_matches(|c: char| c.is_whitespace()).width()
}

/// The row text as drawn: without its trailing newline and trailing whitespace.
pub fn row_text(text: &str, row: &Range<usize>) -> String {
    text[row.clone()].trim_end_matches(|c: char| c.is_whitespace()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_kept_whole_break_between_them() {
        let text = "县委政法委\u{a0}21、县政府办公室\u{a0}10、县司法局\u{a0}8、县政府法制办\u{a0}7";
        let names: Vec<Range<usize>> = {
            let mut out = Vec::new();
            let mut at = 0;
            // Each name with the 、 after it (a row may not start with 、).
            for part in text.split('、') {
                let end = (at + part.len() + '、'.len_utf8()).min(text.len());
                out.push(at..end);
                at = end;
            }
            out
        };
        for width in 12..40 {
            for row in wrap_keeping(text, width, &names) {
                let fits = |r: &Range<usize>| display_width(&text[r.clone()]) <= width;
                let cut = names.iter().any(|r| fits(r) && r.start < row.start && row.start < r.end);
                assert!(!cut, "width {width}: a row starts inside a name: {:?}", &text[row.clone()]);
                assert!(display_width(&text[row]) <= width);
            }
        }
        // A name wider than the row is broken inside, as it must be.
        let long = "中华人民共和国国家发展和改革委员会";
        let all = 0..long.len();
        let rows = wrap_keeping(long, 10, std::slice::from_ref(&all));
        assert!(rows.len() > 1 && rows.iter().all(|r| display_width(&long[r.clone()]) <= 10));
    }

    fn rows(text: &str, width: usize) -> Vec<String> {
        wrap(text, width).iter().map(|r| row_text(text, r)).collect()
    }

    fn assert_partition(text: &str, width: usize) {
        let ranges = wrap(text, width);
        let joined: String = ranges.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(joined, text);
        for r in &ranges {
            assert!(display_width(&text[r.clone()]) <= width, "{:?} wider than {width}", &text[r.clone()]);
        }
    }

    #[test]
    fn chinese_breaks_anywhere_but_not_before_closing_punctuation() {
        let text = "建立健全统一领导、分工协作的行政执法体制。";
        let out = rows(text, 8);
        // 、 cannot start a row, so 导 moves down with it.
        assert_eq!(out, ["建立健全", "统一领", "导、分工", "协作的行", "政执法体", "制。"]);
        for width in 2..30 {
            assert_partition(text, width);
            // From width 4 a row can hold a character with the mark after it.
            if width >= 4 {
                for row in rows(text, width) {
                    assert!(!row.starts_with(NO_START), "width {width}: {row}");
                }
            }
        }
    }

    #[test]
    fn opening_punctuation_never_ends_a_row() {
        let text = "依照《中华人民共和国宪法》规定";
        // From width 4 (two characters) a row can hold 《 with what follows it.
        for width in 4..20 {
            for row in rows(text, width) {
                assert!(!row.ends_with(NO_END), "width {width}: {row:?}");
            }
            assert_partition(text, width);
        }
    }

    #[test]
    fn dashes_and_ellipses_stay_together() {
        let text = "一二三四——五六七八……九十";
        // From width 5 a row can hold a character with the dashes or dots after it.
        for width in 5..16 {
            for row in rows(text, width) {
                assert!(!row.starts_with('—') && !row.starts_with('…'), "width {width}: {row}");
            }
            let joined = wrap(text, width).iter().map(|r| &text[r.clone()]).collect::<Vec<_>>();
            assert!(joined.iter().all(|r| !r.ends_with("—") || r.ends_with("——")), "{joined:?}");
        }
    }

    #[test]
    fn indents_are_kept_and_latin_words_not_split() {
        let text = "　　加强PPP项目管理 and review";
        assert_eq!(rows(text, 12), ["　　加强PPP", "项目管理 and", "review"]);
        assert_eq!(rows(text, 11), ["　　加强PPP", "项目管理", "and review"]);
        for width in 2..30 {
            assert_partition(text, width);
        }
        assert_eq!(rows("　　一二三", 10), ["　　一二三"]);
    }

    #[test]
    fn newlines_force_breaks() {
        assert_eq!(rows("第一段。\n第二段。", 40), ["第一段。", "第二段。"]);
        assert_eq!(wrap("a\n", 10), vec![0..2]);
        assert_eq!(wrap("", 10), vec![0..0]);
    }

    #[test]
    fn overlong_words_are_forced_apart() {
        let url = "http://www.zzx.gov.cn/index.html";
        let out = rows(url, 10);
        assert!(out.len() >= 4);
        assert_partition(url, 10);
        assert_partition("“引号”（括号）。。。，，，！！！", 2);
    }

    #[test]
    fn spaces_moved_down_by_a_forced_break_take_no_room() {
        // Found by the property test below: the space went to the start of the next row.
        assert_partition("一 ？一", 2);
        assert_eq!(rows("一 ？一", 2), ["一", "？", "一"]);
        assert_partition("三 ？一二", 4);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Text as documents mix it: Chinese, punctuation of both widths, Latin words,
        /// digits, spaces and ideographic spaces, newlines, emoji, combining marks, dashes.
        fn text() -> impl Strategy<Value = String> {
            let pieces = prop_oneof![
                "[一-龥]{1,6}",
                "[，。、；：？！（）《》“”〔〕【】]",
                "[,.;:?!()\\[\\]]",
                "[a-zA-Z]{1,12}",
                "[0-9]{1,4}",
                Just(" ".to_string()),
                Just("　".to_string()),
                Just("\n".to_string()),
                Just("——".to_string()),
                Just("……".to_string()),
                "[😀-🙏]",
                "e\u{301}",
                "[ᄀ-ᄒ][ᅡ-ᅵ]",
            ];
            proptest::collection::vec(pieces, 0..60).prop_map(|p| p.concat())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            /// Rows cover the text exactly, in order, and none is wider than asked.
            #[test]
            fn rows_fit_and_cover_the_text(text in text(), width in 2usize..60) {
                assert_partition(&text, width);
                let rows = wrap(&text, width);
                for pair in rows.windows(2) {
                    prop_assert_eq!(pair[0].end, pair[1].start);
                }
            }

            /// Even a width of one column never fails (a wide character just overflows).
            #[test]
            fn width_one_never_panics(text in text()) {
                let rows = wrap(&text, 1);
                let joined: String = rows.iter().map(|r| &text[r.clone()]).collect();
                prop_assert_eq!(joined, text);
            }
        }
    }
}
