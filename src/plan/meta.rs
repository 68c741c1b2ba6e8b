//! A plan's metadata: the title block before the first heading (the title, possibly over
//! two or three lines, the 文号, the issuer, page-header fields of a saved web page), the
//! adoption note, and the signature and date at the end.

use unicode_width::UnicodeWidthStr;

use super::model::Meta;
use super::para::Para;
use crate::text::numerals::{is_han, parse_chinese_numeral};

/// Reads the title block (everything before the first heading) into `meta`; returns the
/// preamble paragraphs.
pub fn title_block(head: &[Para], meta: &mut Meta) -> Vec<String> {
    let title_index = head
        .iter()
        .rposition(|p| is_title_like(&p.text))
        .or_else(|| head.iter().position(|p| is_plausible_title(&p.text)));
    let (before, after) = match title_index {
        Some(i) => {
            let (first, last) = title_lines(head, i);
            let title: String = head[first..=last].iter().map(|p| p.text.as_ref()).collect();
            let (title, number) = clean_title(&title);
            meta.title = title;
            if let Some(number) = number {
                meta.doc_number.get_or_insert(number);
            }
            (&head[..first], &head[last + 1..])
        }
        None => (&head[..0], head),
    };
    for (i, para) in before.iter().enumerate() {
        let text: &str = &para.text;
        if let Some(number) = doc_number(text) {
            meta.doc_number = Some(number);
        } else if meta.doc_number.is_none()
            && let Some(number) = doc_number_in(text)
        {
            // In a page's header table or after the notice's title: `文号 蔡政办〔2023〕1号`.
            meta.doc_number = Some(number);
        } else if let Some(value) = header_field(text, &["发布时间", "发布日期", "成文日期", "印发日期"])
        {
            if meta.issued.is_none() {
                meta.issued = find_date(value);
            }
        } else if let Some(value) = header_field(text, &["发文机关", "发文单位", "发布机构"]) {
            if !value.is_empty() {
                meta.issuer = Some(value.to_string());
            }
        } else if let Some(value) = header_field(text, &["文号", "发文字号"]) {
            if let Some(number) = doc_number(value) {
                meta.doc_number = Some(number);
            }
        } else if i + 1 == before.len() && is_issuer_like(text) {
            meta.issuer = Some(text.to_string());
        } else if meta.issued.is_none() && text.width() <= 30 {
            // The date a notice before the plan was signed on.
            meta.issued = find_date(text);
        }
    }
    let mut preamble = Vec::new();
    for para in after {
        let text: &str = &para.text;
        if let Some(number) = doc_number(text) {
            meta.doc_number.get_or_insert(number);
        } else if is_adoption_note(text) {
            meta.adopted = find_date(text);
        } else {
            preamble.push(para.text.to_string());
        }
    }
    preamble
}

/// The lines a title spans around its last line `i`: a title over two or three lines has
/// its 关于 on the first (`国务院关于促进综合保税区` / `高水平开放高质量发展的若干意见`), and a
/// Whether a line ends like the name of an issuing body (中共株洲县委, 某某县人民政府办公室).
fn ends_like_issuer(s: &str) -> bool {
    s.ends_with(['委', '府', '室', '厅', '局', '部', '院', '会', '组'])
}

/// `（2018—2020年）` or `（试行）` line may follow it.
fn title_lines(head: &[Para], i: usize) -> (usize, usize) {
    let mut first = i;
    if !head[i].text.contains("关于") {
        for back in 1..=2 {
            let Some(j) = i.checked_sub(back) else { break };
            let text: &str = &head[j].text;
            if !is_title_fragment(text) {
                break;
            }
            if text.contains("关于") {
                first = j;
                break;
            }
            // Without 关于, only a long line that does not name an issuing body.
            if back == 1 && text.width() >= 16 && !ends_like_issuer(text) {
                first = j;
            }
        }
    }
    let mut last = i;
    if let Some(next) = head.get(i + 1)
        && is_title_suffix(&next.text)
    {
        last = i + 1;
    }
    (first, last)
}

/// A short line that can be part of a title over several lines.
fn is_title_fragment(s: &str) -> bool {
    s.width() <= 60
        && !s.starts_with(['(', '（'])
        && !s.contains([':', '：', '。', '，', '>', '|'])
        && doc_number(s).is_none()
        && find_date(s).is_none()
}

/// `（2018—2020年）`, `（试行）`: a line completing the title above it.
fn is_title_suffix(s: &str) -> bool {
    let inner = s.strip_prefix(['(', '（']).and_then(|s| s.strip_suffix([')', '）']));
    inner.is_some_and(|inner| {
        inner.width() <= 24 && (inner.contains("试行") || inner.contains("草案") || inner.ends_with('年'))
    })
}

/// A title without what a web page adds to it: a `【全文废止】` tag, the 文号 in brackets
/// after it (returned), a site's heading before a colon (`…奖励政策:关于…意见`).
fn clean_title(title: &str) -> (String, Option<String>) {
    let mut title = title.trim();
    // 【全文废止】, 【已失效】…
    while let Some(open) = title.rfind('【')
        && title.ends_with('】')
        && title[open..].chars().count() <= 12
    {
        title = title[..open].trim_end();
    }
    let mut number = None;
    if title.ends_with([')', '）'])
        && let Some(open) = title.rfind(['(', '（'])
    {
        let open_len = title[open..].chars().next().map_or(1, char::len_utf8);
        let inside = title[open + open_len..].trim_end_matches([')', '）']);
        if let Some(n) = doc_number(inside) {
            number = Some(n);
            title = title[..open].trim_end();
        }
    }
    if let Some((site, rest)) = title.split_once([':', '：'])
        && is_title_like(rest)
        && !site.contains("关于")
    {
        title = rest.trim();
    }
    (title.to_string(), number)
}

/// A line that reads like a plan's title: 关于…意见, …实施方案, …工作要点.
pub fn is_title_like(s: &str) -> bool {
    // A title is short and has no full stop: most paragraphs are ruled out at once.
    if s.len() > 480 || s.contains('。') {
        return false;
    }
    const SUFFIXES: &[&str] = &[
        "意见",
        "方案",
        "要点",
        "规划",
        "计划",
        "办法",
        "通知",
        "决定",
        "纲要",
        "措施",
        "细则",
        "规定",
        "通告",
        "规则",
        "安排",
        "分工",
        "分解",
        "清单",
        "任务",
        "举措",
        "分解表",
        "分工表",
        "任务表",
    ];
    // The core of the title: without a bracketed period or 试行 after it, or a 【…】 tag.
    let mut core = s.trim_end();
    for _ in 0..3 {
        let before = core;
        if core.ends_with(['】', ')', '）'])
            && let Some(open) = core.rfind(['【', '(', '（'])
            && core[open..].chars().count() <= 16
        {
            core = core[..open].trim_end();
        }
        if core == before {
            break;
        }
    }
    if let Some((site, rest)) = s.split_once([':', '：'])
        && site.width() <= 60
        && !site.contains("关于")
        && !rest.contains([':', '：'])
    {
        return rest.contains("关于") && is_title_like(rest);
    }
    s.width() <= 120
        && !s.starts_with(['(', '（'])
        && !s.contains([':', '：', '>', '|', '。'])
        && doc_number(s).is_none()
        && SUFFIXES.iter().any(|x| core.ends_with(x))
}

/// A fallback title: a short line that is not metadata or navigation.
fn is_plausible_title(s: &str) -> bool {
    s.width() <= 80
        && !s.contains([':', '：', '>', '|', '。', '!', '！'])
        && doc_number(s).is_none()
        && find_date(s).is_none()
}

/// A short line naming an issuing body: 中共株洲县委, 株洲县人民政府.
pub fn is_issuer_like(s: &str) -> bool {
    s.len() <= 120
        && s.width() <= 40
        && !s.contains([':', '：', '。', '，', ',', '>', '|', '!', '！', '(', '（'])
        && doc_number(s).is_none()
        && find_date(s).is_none()
        && s.chars().all(|c| !c.is_ascii_digit())
}

/// `(2015年1月26日…通过)` and similar notes in parentheses with a date.
fn is_adoption_note(s: &str) -> bool {
    s.starts_with(['(', '（']) && s.ends_with([')', '）']) && find_date(s).is_some()
}

/// `key:value` or `key：value` for one of the keys, allowing spaces inside the key
/// (`状 态:`); returns the trimmed value.
fn header_field<'a>(s: &'a str, keys: &[&str]) -> Option<&'a str> {
    let (key, value) = s.split_once([':', '：'])?;
    if key.len() > 40 {
        return None;
    }
    let key: String = key.chars().filter(|c| !c.is_whitespace()).collect();
    keys.contains(&key.as_str()).then(|| value.trim())
}

/// A document number (文号) such as 株县发〔2015〕1号, 湘政办发[2016]12号; returned as written
/// without spaces. Words run together before it (鞍山市立山区人民政府文件鞍立政发…, 文号蔡政办…)
/// are left out.
pub fn doc_number(s: &str) -> Option<String> {
    if !s.trim_end().ends_with('号') || s.len() > 160 {
        return None;
    }
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let open = compact.find(['〔', '[', '［', '(', '（', '【'])?;
    let mut prefix = &compact[..open];
    for marker in ["发文字号", "文号", "文件", "字号"] {
        if let Some(at) = prefix.rfind(marker) {
            prefix = &prefix[at + marker.len()..];
        }
    }
    if prefix.is_empty() || prefix.chars().count() > 16 || !prefix.chars().all(is_han) {
        return None;
    }
    let number = &compact[open - prefix.len()..];
    let rest = &compact[open..];
    let rest = &rest[rest.chars().next()?.len_utf8()..];
    let year_len = rest.chars().take_while(char::is_ascii_digit).count();
    if year_len != 4 {
        return None;
    }
    let rest = &rest[4..];
    let close = rest.chars().next().filter(|c| matches!(c, '〕' | ']' | '］' | ')' | '）' | '】'))?;
    let rest = &rest[close.len_utf8()..];
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    (digits > 0 && digits <= 5 && &rest[digits..] == "号").then(|| number.to_string())
}

/// A document number standing in a line among other words (a page's header table, a title
/// followed by its number in brackets), not one cited after a 《title》.
pub fn doc_number_in(s: &str) -> Option<String> {
    let mut from = 0;
    while let Some(at) = s[from..].find('号').map(|i| from + i) {
        let end = at + '号'.len_utf8();
        // The Han characters and the bracketed year before 号, back to a separator.
        let start = s[..at]
            .char_indices()
            .rev()
            .take(30)
            .take_while(|(_, c)| !c.is_whitespace() && !matches!(c, '|' | ':' | '：' | '》' | ',' | '，'))
            .last()
            .map_or(at, |(i, _)| i);
        let candidate = s[start..end].trim_start_matches(['(', '（']);
        let cited = s[..start].trim_end_matches(['(', '（', ' ']).ends_with('》');
        if !cited && let Some(number) = doc_number(candidate) {
            return Some(number);
        }
        from = end;
    }
    None
}

/// The latest year of the document numbers (〔2016〕) a text cites.
pub fn cited_year(s: &str) -> Option<u16> {
    let mut best = None;
    for (i, _) in s.match_indices(['〔', '[', '［']) {
        let rest = &s[i..];
        let rest = &rest[rest.chars().next().map_or(1, char::len_utf8)..];
        if let Some(year) = rest.get(..4).and_then(|y| y.parse::<u16>().ok())
            && (1990..=2100).contains(&year)
            && rest[4..].starts_with(['〕', ']', '］'])
        {
            best = Some(best.map_or(year, |b: u16| b.max(year)));
        }
    }
    best
}

/// The first date in `s` as ISO 8601: 2015年1月26日, 2015-03-02, 2015.3.2, 二〇一五年三月二日.
pub fn find_date(s: &str) -> Option<String> {
    // A date's year is four digits or numerals before 年, -, . or /: look only there, at the
    // few characters from the year on.
    let bytes = s.as_bytes();
    if memchr::memchr3(b'-', b'.', b'/', bytes).is_none() && memchr::memmem::find(bytes, "年".as_bytes()).is_none() {
        return None;
    }
    for (at, c) in s.char_indices() {
        if !matches!(c, '年' | '-' | '.' | '/') {
            continue;
        }
        let Some((start, _)) = s[..at].char_indices().rev().nth(3) else { continue };
        let mut window = ['\0'; 24];
        let mut n = 0;
        for (slot, c) in window.iter_mut().zip(s[start..].chars()) {
            *slot = c;
            n += 1;
        }
        if let Some(date) = date_at(&window[..n]) {
            return Some(date);
        }
    }
    None
}

fn date_at(chars: &[char]) -> Option<String> {
    fn number(chars: &[char], max: usize) -> Option<(u32, usize)> {
        let len = chars.iter().take(max).take_while(|c| c.is_ascii_digit()).count();
        if len > 0 {
            let n = chars[..len].iter().collect::<String>().parse().ok()?;
            return Some((n, len));
        }
        // Chinese numerals: digit-by-digit years (二〇一五) or 一…三十一.
        let len = chars.iter().take(max.max(4)).take_while(|c| "〇零一二三四五六七八九十".contains(**c)).count();
        if len == 0 {
            return None;
        }
        let text: String = chars[..len].iter().collect();
        if len == 4 && !text.contains('十') {
            let digits: String = text
                .chars()
                .map(|c| char::from_digit(parse_chinese_numeral(&c.to_string()).unwrap_or(0), 10).unwrap_or('0'))
                .collect();
            return Some((digits.parse().ok()?, len));
        }
        Some((parse_chinese_numeral(&text)?, len))
    }
    let (year, y) = number(chars, 4)?;
    if !(1949..=2199).contains(&year) || y != 4 {
        return None;
    }
    let sep = *chars.get(y)?;
    let (month_sep, day_end): (&[char], &[char]) = match sep {
        '年' => (&['月'], &['日', '号']),
        '-' | '.' | '/' => (&[sep], &[]),
        _ => return None,
    };
    let rest = &chars[y + 1..];
    let (month, m) = number(rest, 2)?;
    if !month_sep.contains(rest.get(m)?) {
        return None;
    }
    let rest = &rest[m + 1..];
    let (day, d) = number(rest, 3)?;
    if !day_end.is_empty() && !rest.get(d).is_some_and(|c| day_end.contains(c)) {
        return None;
    }
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// Signature and date in the closing text: the last date line is the issue date, a short line
/// before it the issuer.
pub fn closing_metadata(closing: &[String], meta: &mut Meta) {
    let Some(date_index) = closing.iter().rposition(|p| p.width() <= 30 && find_date(p).is_some()) else {
        return;
    };
    if let Some(date) = find_date(&closing[date_index]) {
        meta.issued = Some(date);
    }
    if meta.issuer.is_none()
        && let Some(previous) = date_index.checked_sub(1).map(|i| &closing[i])
        && is_issuer_like(previous)
    {
        meta.issuer = Some(previous.clone());
    }
}

/// A short line of a signature block: an issuing body or a date.
pub fn is_signature_line(s: &str) -> bool {
    (s.width() <= 30 && find_date(s).is_some()) || is_issuer_like(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    #[test]
    fn doc_numbers_and_dates() {
        assert_eq!(doc_number("株县发〔2015〕1号").as_deref(), Some("株县发〔2015〕1号"));
        assert_eq!(doc_number("湘政办发[2016] 12号").as_deref(), Some("湘政办发[2016]12号"));
        assert_eq!(doc_number("关于〔2015〕的意见"), None);
        assert_eq!(find_date("(2015年1月26日中国共产党…通过)").as_deref(), Some("2015-01-26"));
        assert_eq!(find_date("发布时间:2015-03-02").as_deref(), Some("2015-03-02"));
        assert_eq!(find_date("二〇一五年三月二日").as_deref(), Some("2015-03-02"));
        assert_eq!(find_date("二〇一五年十二月三十一日").as_deref(), Some("2015-12-31"));
        assert_eq!(find_date("5.6万张"), None);
    }

    fn paras(lines: &[&'static str]) -> Vec<Para<'static>> {
        lines.iter().enumerate().map(|(i, l)| Para { line: i + 1, text: Cow::Borrowed(*l) }).collect()
    }

    #[test]
    fn doc_numbers_among_other_words() {
        assert_eq!(
            doc_number_in("发布机构 区人民政府办公室 文    号 蔡政办〔2023〕1号分   类 政务公开").as_deref(),
            Some("蔡政办〔2023〕1号")
        );
        assert_eq!(doc_number_in("发布文号 | 粤府〔2021〕22号 |").as_deref(), Some("粤府〔2021〕22号"));
        assert_eq!(doc_number_in("根据《省政府关于…的通知》（苏政办发〔2019〕48号）精神"), None);
    }

    #[test]
    fn a_title_over_two_lines() {
        let head = paras(&[
            "国务院关于促进综合保税区",
            "高水平开放高质量发展的若干意见",
            "国发〔2019〕3号",
            "各省：",
            "为了…。",
        ]);
        let mut meta = Meta::default();
        let preamble = title_block(&head, &mut meta);
        assert_eq!(meta.title, "国务院关于促进综合保税区高水平开放高质量发展的若干意见");
        assert_eq!(meta.doc_number.as_deref(), Some("国发〔2019〕3号"));
        assert_eq!(preamble, ["各省：", "为了…。"]);
    }

    #[test]
    fn an_issuer_line_is_not_part_of_the_title() {
        let head = paras(&["中共株洲县委", "关于全面推进法治渌湘建设的实施意见", "(2015年1月26日通过)"]);
        let mut meta = Meta::default();
        title_block(&head, &mut meta);
        assert_eq!(meta.title, "关于全面推进法治渌湘建设的实施意见");
        assert_eq!(meta.issuer.as_deref(), Some("中共株洲县委"));
        assert_eq!(meta.adopted.as_deref(), Some("2015-01-26"));
    }

    #[test]
    fn a_period_line_completes_the_title() {
        let head = paras(&["静安区全力打响“上海服务”品牌", "加快建设“国际静安”三年行动计划", "（2018—2020年）"]);
        let mut meta = Meta::default();
        title_block(&head, &mut meta);
        assert_eq!(meta.title, "静安区全力打响“上海服务”品牌加快建设“国际静安”三年行动计划（2018—2020年）");
    }
}
