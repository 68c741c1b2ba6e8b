//! Cleaned text to lines and paragraphs, undoing what copying out of a PDF or a web page did
//! to it: page numbers (`— 3 —`) are dropped, the space PDF tools put between Chinese and
//! digits (`2025 年 3 月`) is removed, and lines broken in mid-sentence are joined into
//! their paragraph.
//!
//! Everything here is linear in the text: a paragraph of a hundred thousand lines is joined
//! by looking at each line once.

use std::borrow::Cow;
use std::ops::Range;

use unicode_width::UnicodeWidthStr;

use super::headings::heading;
pub use super::para::Para;
use crate::text::numerals::is_cjk;

/// One line of the document, trimmed of spaces and 　 indents (empty for a blank line).
#[derive(Debug, Clone)]
pub struct Line<'a> {
    /// 1-based line number in the cleaned text.
    pub number: usize,
    pub text: Cow<'a, str>,
    /// Its [`layout_width`], worked out once.
    pub width: u32,
}

/// The width of a line for deciding how lines were wrapped: one column for each ASCII
/// character, two for any other. Close enough to the display width (quotes “” count two
/// rather than one) and counted over the bytes, fast on a megabyte.
pub fn layout_width(s: &str) -> usize {
    // Characters (bytes that do not continue one) and ASCII ones, in one pass the compiler
    // vectorises.
    // Counted in blocks with byte-sized counters, which the compiler vectorises.
    let (mut ascii, mut continuation) = (0usize, 0usize);
    for block in s.as_bytes().chunks(255) {
        let (mut a, mut c) = (0u8, 0u8);
        for &b in block {
            a += u8::from(b < 0x80);
            c += u8::from(b & 0xc0 == 0x80);
        }
        ascii += usize::from(a);
        continuation += usize::from(c);
    }
    let chars = s.len() - continuation;
    ascii + 2 * (chars - ascii)
}

/// Characters that end a sentence or a clause a line may end with.
const ENDS: &[char] = &['。', '！', '？', '；', '：', ':', ';', ')', '）', '〕', '】', ']', '”', '」', '!', '?'];

/// Splits text into lines: trimmed, page numbers blanked, spaces between Chinese and digits
/// removed.
pub fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::with_capacity(text.len() / 40 + 1);
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain((!text.ends_with('\n')).then_some(text.len()));
    for (index, end) in ends.enumerate() {
        let raw = &text[start..end];
        start = end + 1;
        let trimmed = raw.trim_matches(|c: char| c.is_whitespace());
        let text = if is_page_number(trimmed) { Cow::Borrowed("") } else { close_digit_spaces(trimmed) };
        let width = layout_width(&text) as u32;
        out.push(Line { number: index + 1, text, width });
    }
    out
}

/// A page number as PDF text carries it: `— 3 —`, `- 3 -`, `-3-`, `第 3 页`, `第3页 共12页`.
fn is_page_number(s: &str) -> bool {
    // Short, with a digit, and starting with a dash or 第.
    if s.is_empty() || s.len() > 40 || !s.bytes().any(|b| b.is_ascii_digit()) || s.as_bytes()[0].is_ascii_digit() {
        return false;
    }
    let dashes = |c: char| matches!(c, '-' | '—' | '–' | '－' | '─' | ' ' | '\u{3000}');
    let inner = s.trim_matches(dashes);
    if inner.len() < s.len() && !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit()) {
        // Dashes on both sides: `- 3 -`; one side only is a list or a range.
        return s.starts_with(dashes) && s.ends_with(dashes);
    }
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let page = |p: &str| {
        p.strip_prefix('第')
            .and_then(|p| p.strip_suffix('页'))
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    };
    match compact.split_once('共') {
        Some((a, b)) => page(a) && b.strip_suffix('页').is_some_and(|n| n.chars().all(|c| c.is_ascii_digit())),
        None => page(&compact),
    }
}

/// Removes a single space between a Chinese character and a digit (`2025 年 3 月` →
/// `2025年3月`), as PDF tools insert it. Wider gaps (columns aligned by spaces) stay.
fn close_digit_spaces(s: &str) -> Cow<'_, str> {
    let bytes = s.as_bytes();
    let needs = memchr::memchr_iter(b' ', bytes).any(|i| is_digit_gap(s, i));
    if !needs {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for i in memchr::memchr_iter(b' ', bytes) {
        if is_digit_gap(s, i) {
            out.push_str(&s[last..i]);
            last = i + 1;
        }
    }
    out.push_str(&s[last..]);
    Cow::Owned(out)
}

/// Whether the space at byte `i` is a lone space between Chinese and a digit.
fn is_digit_gap(s: &str, i: usize) -> bool {
    let before = s[..i].chars().next_back();
    let after = s[i + 1..].chars().next();
    match (before, after) {
        (Some(b), Some(a)) => {
            (is_cjk(b) && a.is_ascii_digit() && b != '\u{3000}') || (b.is_ascii_digit() && is_cjk(a) && a != '\u{3000}')
        }
        _ => false,
    }
}

/// The width at which the document's lines were wrapped, if they were: the most common
/// width of lines that stop without ending a sentence (text copied out of a PDF keeps the
/// page's line breaks). `None` for text with a paragraph a line.
pub fn wrap_width(lines: &[Line]) -> Option<usize> {
    // Widths of the long lines: in text with a paragraph a line they are spread out; in
    // text copied out of a PDF most of them are the page's line width.
    let mut counts = [0u32; 203];
    let mut long = 0u32;
    for line in lines {
        let width = line.width as usize;
        if (40..=200).contains(&width) {
            counts[width] += 1;
            long += 1;
        }
    }
    // The width (±2: quotes and digits are narrower) most long lines share.
    let (best, count) =
        (42..=198).map(|w| (w, counts[w - 2..=w + 2].iter().sum::<u32>())).max_by_key(|&(w, c)| (c, w))?;
    // The widest line of that width: a full line.
    let full = (best - 2..=best + 2).rev().find(|&w| counts[w] > 0).unwrap_or(best);
    (count >= 5 && count * 20 >= long * 7).then_some(full)
}

/// Builds paragraphs from the lines in `range`: a blank line ends a paragraph; a line that
/// does not end a sentence and fills the wrap width (or, in text without a wrap width, a
/// long line) is joined to the next unless that starts a heading.
pub fn paragraphs<'a>(lines: &[Line<'a>], range: Range<usize>, wrap: Option<usize>) -> Vec<Para<'a>> {
    let mut out: Vec<Para<'a>> = Vec::new();
    // Whether the previous line may be continued by the next.
    let mut open = false;
    // Blank lines since it: PDF tools put one inside a paragraph now and then, so in wrapped
    // text an unfinished line goes on past one.
    let mut blanks = 0;
    for line in &lines[range] {
        let text = &line.text;
        if text.is_empty() {
            blanks += 1;
            if wrap.is_none() || blanks > 1 {
                open = false;
            }
            continue;
        }
        blanks = 0;
        if open
            && let Some(last) = out.last_mut()
            && !starts_item(text)
            && !text.starts_with("附件")
        {
            last.text.to_mut().push_str(text);
        } else {
            out.push(Para { line: line.number, text: text.clone() });
        }
        open = continues(text, line.width as usize, wrap);
    }
    out
}

/// Splits paragraphs that hold numbered sub-items in a row, each with its own unit
/// annotation (`1.深化改革。(1)全面落实…。(A牵头负责)(2)完善…。(B牵头负责)`), into a paragraph
/// per sub-item, so each can be a task.
pub fn split_inline_items(paras: Vec<Para<'_>>) -> Vec<Para<'_>> {
    if !paras.iter().any(|p| inline_items(&p.text).is_some()) {
        return paras;
    }
    let mut out = Vec::with_capacity(paras.len() + 8);
    for para in paras {
        match inline_items(&para.text) {
            Some(cuts) => {
                let text: &str = &para.text;
                let mut bounds = cuts.clone();
                bounds.push(text.len());
                if cuts[0] > 0 {
                    out.push(Para { line: para.line, text: Cow::Owned(text[..cuts[0]].trim_end().to_string()) });
                }
                for w in bounds.windows(2) {
                    out.push(Para { line: para.line, text: Cow::Owned(text[w[0]..w[1]].trim().to_string()) });
                }
            }
            None => out.push(para),
        }
    }
    out
}

/// Where the inline sub-items `(1)` `(2)`… of a paragraph start, if there are at least two,
/// numbered from 1, each ending with a unit annotation.
fn inline_items(text: &str) -> Option<Vec<usize>> {
    if memchr::memchr(b'2', text.as_bytes()).is_none() || !(text.contains("(2)") || text.contains("（2）")) {
        return None;
    }
    let mut cuts = Vec::new();
    let mut from = 0;
    for n in 1..=99 {
        let (half, full) = (format!("({n})"), format!("（{n}）"));
        let at = [&half, &full].iter().filter_map(|m| text[from..].find(m.as_str()).map(|i| (from + i, m.len()))).min();
        match at {
            Some((at, len)) => {
                cuts.push(at);
                // Past the whole marker: `（` is three bytes, and the next search starts
                // on a character boundary.
                from = at + len;
            }
            None => break,
        }
    }
    if cuts.len() < 2 {
        return None;
    }
    let mut ends = cuts[1..].to_vec();
    ends.push(text.len());
    let every_one_annotated = cuts.iter().zip(&ends).all(|(&start, &end)| {
        let segment = &text[start..end];
        let found = super::annotation::find_all(segment);
        super::annotation::trailing(segment, &found).is_some()
    });
    every_one_annotated.then_some(cuts)
}

/// Whether a line is unfinished: it does not end a sentence and runs to the wrap width.
fn continues(text: &str, width: usize, wrap: Option<usize>) -> bool {
    if text.ends_with(ENDS) || width < 40 {
        return false;
    }
    match wrap {
        // A line of a page is full within a few characters: first lines are indented, and
        // quotes and digits are narrower than Chinese.
        Some(wrap) => width + (wrap / 8).max(8) >= wrap,
        // A paragraph a line (web text): only a long line that is neither a heading nor a
        // title goes on.
        None => width >= 40 && heading(text).is_none() && !super::meta::is_title_like(text),
    }
}

/// Whether a line starts something of its own: a heading, or a date line of a signature.
fn starts_item(text: &str) -> bool {
    heading(text).is_some_and(|h| h.shape != super::headings::Shape::Decimal)
        || (text.width() <= 20 && super::meta::find_date(text).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        let lines = lines(text);
        let wrap = wrap_width(&lines);
        paragraphs(&lines, 0..lines.len(), wrap).into_iter().map(|p| p.text.into_owned()).collect()
    }

    /// Full-width markers are three bytes: the search for the next one starts past the
    /// whole marker (found by the parse fuzz target: a slice inside `（` panicked).
    #[test]
    fn inline_items_with_full_width_markers() {
        let text = "1.深化改革。（1）全面落实。（县发改局牵头负责）（2）完善机制。（县财政局牵头负责）";
        let cuts = inline_items(text).expect("two annotated items");
        assert_eq!(cuts.len(), 2);
        assert!(text[cuts[0]..].starts_with("（1）") && text[cuts[1]..].starts_with("（2）"));
        let mixed = "（1）甲。(县发改局负责)(2)乙。（县财政局负责）";
        assert_eq!(inline_items(mixed).map(|c| c.len()), Some(2));
        assert_eq!(inline_items("（1）（2）"), None, "no annotations");
    }

    #[test]
    fn page_numbers() {
        for page in ["— 3 —", "- 3 -", "-3-", "—12—", "第 3 页", "第3页 共12页", "－ 2 －"] {
            assert!(is_page_number(page), "{page}");
        }
        for not in ["3", "-3", "2019-2020", "第三章", "1.加强", "3-5年"] {
            assert!(!is_page_number(not), "{not}");
        }
    }

    #[test]
    fn spaces_between_chinese_and_digits() {
        assert_eq!(close_digit_spaces("2025 年 3 月底前"), "2025年3月底前");
        assert_eq!(close_digit_spaces("生产总值 340 亿元"), "生产总值340亿元");
        assert_eq!(close_digit_spaces("1    加强管理"), "1    加强管理");
        assert_eq!(close_digit_spaces("A 1"), "A 1");
    }

    #[test]
    fn pdf_lines_are_joined_into_paragraphs() {
        // As pdftotext gives a justified page: every full line 26 characters wide.
        let text = "一、过去五年工作回顾\n过去五年，县政府坚定以习近平新时代中国特色社会主义思\n想为指导，深入贯彻习近平总书记对四川及成都工作系列重\n要指示精神，认真落实党中央国务院决策部署，在县委的坚\n强领导下，较好地完成了主要目标任务，大邑经济社会发展\n迈上新台阶。\n- 2 -\n1.加强宪法实施。全面贯彻实施宪法，坚决维护宪法权威\n和尊严，健全宪法实施和监督制度。\n";
        let paras = texts(text);
        assert_eq!(paras.len(), 3, "{paras:?}");
        assert!(paras[1].starts_with("过去五年") && paras[1].ends_with("迈上新台阶。"));
        assert!(paras[1].contains("社会主义思想"));
        assert!(paras[2].starts_with("1.加强宪法实施"));
    }

    #[test]
    fn a_blank_line_inside_a_pdf_paragraph() {
        let text = "一、主要任务\n综合保税区是开放型经济的重要平台，对发展对外贸易、吸引外商投资、促进产业转型升\n级发挥着重要作用。为贯彻落实党中央、国务院关于推动形成全面开放新格局的决策部署，实行\n高水平的贸易和投资自由化便利化政策，以高水平开放推动高质量发展，将综合保税区建设成为\n新时代全面深化改革开放的新高地，现提出以下意见：\n1.拓展两个市场。积极稳妥地在综合保税区推广增值税一般纳税人资格试点。（税务总\n\n局、财政部、海关总署负责）\n\n2.提前适用政策。自国务院批准设立综合保税区之日起，对入区企业进口自用的机器设\n\n备等。（海关总署负责）\n";
        // The width pdftotext's lines of that page have (43 characters).
        let lines = lines(text);
        let paras: Vec<String> =
            paragraphs(&lines, 0..lines.len(), Some(86)).into_iter().map(|p| p.text.into_owned()).collect();
        assert_eq!(paras.len(), 4, "{paras:?}");
        assert!(paras[2].ends_with("（税务总局、财政部、海关总署负责）"));
    }

    #[test]
    fn web_text_keeps_its_paragraphs() {
        let text = "一、总体要求\n以习近平新时代中国特色社会主义思想为指导，全面贯彻党的十九大精神。\n（一）加强领导。各地要加强领导。\n";
        assert_eq!(texts(text).len(), 3);
    }

    #[test]
    fn joining_is_linear() {
        // A hundred thousand unfinished lines make one paragraph without re-measuring it.
        let line = "这是一行没有结束的文字这是一行没有结束的文字这是一行没有结束的文字\n";
        let text = line.repeat(100_000);
        let paras = texts(&text);
        assert_eq!(paras.len(), 1);
    }
}
