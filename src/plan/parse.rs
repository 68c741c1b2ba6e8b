//! Cleaned text to a [`Plan`]: the title block and its metadata, chapters (一、), sections
//! ((一)), measures (1. 1． 1、) numbered continuously, section text, unit annotations and the
//! closing signature.
//!
//! Headings are accepted by the number they should carry next, so numbers inside the text
//! (`5.6万张`, `2.5%`) and titles that begin with digits (`11.121人才梯队项目`) do not confuse
//! the structure.

use std::borrow::Cow;
use std::sync::Arc;

use unicode_width::UnicodeWidthStr;

use super::model::{Chapter, Measure, MeasureSpan, Meta, Plan, Section, Warning, parse_chinese_numeral};
use super::units::locate_annotation;

/// Why a text is not a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    NoMeasures,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParseError::NoMeasures => f.write_str("not a plan: no numbered measures (1. …) found"),
        }
    }
}

impl std::error::Error for ParseError {}

/// How far ahead of the expected number a measure heading may jump (a gap in the numbering).
const MAX_GAP: u32 = 5;

/// One non-empty line (or several joined hard-wrapped lines) with its 1-based line number.
#[derive(Debug, Clone)]
struct Para<'a> {
    line: usize,
    /// Borrowed from the document unless hard-wrapped lines were joined.
    text: Cow<'a, str>,
}

/// Parses cleaned text into a plan.
pub fn parse(text: &str) -> Result<Plan, ParseError> {
    let paras = paragraphs(text);
    let first_structure = paras.iter().position(|p| {
        matches!(chapter_heading(&p.text), Some((1, _)))
            || matches!(section_heading(&p.text), Some((1, _)))
            || matches!(measure_heading(&p.text), Some((1, _, Shape::Text | Shape::Digits)))
    });
    let Some(body_start) = first_structure else {
        return Err(ParseError::NoMeasures);
    };
    let mut meta = Meta::default();
    let preamble = title_block(&paras[..body_start], &mut meta);
    let mut builder = Builder::default();
    // The measure text is at most the document: no growing and copying as it fills.
    builder.text.reserve(text.len());
    for para in &paras[body_start..] {
        builder.push(para);
    }
    let Builder { chapters, mut text, annotations, pending, closing, warnings, .. } = builder.finish();
    let offset = text.len() as u32;
    text.push_str(&annotations);
    let text: Arc<str> = Arc::from(text);
    let measures: Vec<Measure> = pending
        .into_iter()
        .map(|(number, mut span, chapter, section, line)| {
            span.annotation = span.annotation.start + offset..span.annotation.end + offset;
            Measure::new(number, Arc::clone(&text), span, chapter, section, line)
        })
        .collect();
    if measures.is_empty() {
        return Err(ParseError::NoMeasures);
    }
    closing_metadata(&closing, &mut meta);
    let id = plan_id(&meta);
    Ok(Plan { id, meta, preamble, chapters, measures, closing, warnings })
}

/// The key under which a plan's marks are stored: its 文号, else a hash of its title.
fn plan_id(meta: &Meta) -> String {
    match &meta.doc_number {
        Some(number) => number.clone(),
        None => {
            // FNV-1a: stable across builds and platforms, unlike std's hasher.
            let hash = meta
                .title
                .bytes()
                .fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
            format!("title-{hash:016x}")
        }
    }
}

/// Splits text into paragraphs: non-empty lines, trimmed of spaces and 　 indents. Lines of a
/// hard-wrapped paragraph (a long line not ending a sentence, followed directly by another
/// line that is not a heading) are joined.
fn paragraphs(text: &str) -> Vec<Para<'_>> {
    let mut out: Vec<Para> = Vec::new();
    let mut previous_blank = true;
    // Lines found with memchr's vectorised search (`str::lines` goes byte by byte).
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain((!text.ends_with('\n')).then_some(text.len()));
    for (index, end) in ends.enumerate() {
        let line = &text[start..end];
        start = end + 1;
        let trimmed = line.trim_matches(|c: char| c.is_whitespace());
        if trimmed.is_empty() {
            previous_blank = true;
            continue;
        }
        if !previous_blank
            && let Some(last) = out.last_mut()
            && continues(&last.text, trimmed)
        {
            last.text.to_mut().push_str(trimmed);
        } else {
            out.push(Para { line: index + 1, text: Cow::Borrowed(trimmed) });
        }
        previous_blank = false;
    }
    out
}

/// Whether `next` continues the hard-wrapped paragraph `previous`.
fn continues(previous: &str, next: &str) -> bool {
    const ENDS: &[char] = &['。', '！', '？', '；', '：', ':', ';', ')', '）', '〕', '”', '」', '!', '?'];
    previous.width() >= 40
        && !previous.ends_with(ENDS)
        && !is_heading(previous)
        && !is_heading(next)
        && find_date(next).is_none_or(|_| next.width() > 20)
}

fn is_heading(s: &str) -> bool {
    chapter_heading(s).is_some() || section_heading(s).is_some() || measure_heading(s).is_some()
}

/// `一、title` or `第一章 title` / `第一部分 title`: the number and the rest.
fn chapter_heading(s: &str) -> Option<(u32, &str)> {
    // Most paragraphs start with something else: a quick look at the first character.
    if !s.starts_with(['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '第']) {
        return None;
    }
    // A numeral is at most three characters (九十九): look no further for the 、.
    let head = s.char_indices().nth(4).map_or(s, |(i, _)| &s[..i]);
    if let Some((number, _)) = head.split_once('、')
        && let Some(n) = parse_chinese_numeral(number)
    {
        return Some((n, s[number.len() + '、'.len_utf8()..].trim_start()));
    }
    let rest = s.strip_prefix('第')?;
    let end = rest.find(['章', '部'])?;
    let n = parse_chinese_numeral(&rest[..end])?;
    let after = &rest[end..];
    let title = after.strip_prefix("章").or_else(|| after.strip_prefix("部分"))?;
    Some((n, title.trim_start_matches([' ', '\u{3000}', '、', '：', ':'])))
}

/// `(一)title` or `（一）title`.
fn section_heading(s: &str) -> Option<(u32, &str)> {
    let rest = s.strip_prefix(['(', '（'])?;
    let head = rest.char_indices().nth(4).map_or(rest, |(i, _)| &rest[..i]);
    let close = head.find([')', '）'])?;
    let n = parse_chinese_numeral(&rest[..close])?;
    let after = &rest[close..];
    let title = after.strip_prefix(')').or_else(|| after.strip_prefix('）'))?;
    Some((n, title.trim_start()))
}

/// `12.title`, `12．title` or `12、title` (digits may be full-width): the number, the rest,
/// and the shape of the rest (see [`Shape`]).
fn measure_heading(s: &str) -> Option<(u32, &str, Shape)> {
    let mut n: u32 = 0;
    let mut digits = 0;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            _ => {
                end = i;
                break;
            }
        };
        digits += 1;
        if digits > 4 {
            return None;
        }
        n = n * 10 + d;
    }
    if digits == 0 || end == 0 {
        return None;
    }
    let after = &s[end..];
    let sep = after.chars().next().filter(|c| matches!(c, '.' | '．' | '、'))?;
    let rest = after[sep.len_utf8()..].trim_start();
    if rest.is_empty() {
        return None;
    }
    let digits_after = rest.chars().take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c)).count();
    let after = rest.chars().nth(digits_after);
    let shape = if digits_after == 0 {
        if matches!(after, Some('%' | '％' | '‰')) { Shape::Decimal } else { Shape::Text }
    } else if matches!(after, None | Some('%' | '％' | '‰' | '万' | '亿' | '元' | '倍' | '千' | '百' | '.' | '．'))
    {
        Shape::Decimal
    } else {
        Shape::Digits
    };
    Some((n, rest, shape))
}

/// What follows the number of a possible measure heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// Text: a heading.
    Text,
    /// Digits that start a title (`11.121人才梯队项目`): a heading only where that number is
    /// expected.
    Digits,
    /// The rest of a decimal number (`5.6万`, `2.5%`): never a heading.
    Decimal,
}

/// Reads the title block (everything before the first heading) into `meta`; returns the
/// preamble paragraphs.
fn title_block(head: &[Para], meta: &mut Meta) -> Vec<String> {
    let title_index = head
        .iter()
        .rposition(|p| is_title_like(&p.text))
        .or_else(|| head.iter().position(|p| is_plausible_title(&p.text)));
    let (before, after) = match title_index {
        Some(i) => {
            meta.title = head[i].text.to_string();
            (&head[..i], &head[i + 1..])
        }
        None => (&head[..0], head),
    };
    for (i, para) in before.iter().enumerate() {
        let text: &str = &para.text;
        if let Some(number) = doc_number(text) {
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
        } else if i + 1 == before.len() && is_issuer_like(text) {
            meta.issuer = Some(text.to_string());
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

/// A line that reads like a plan's title: 关于…意见, …实施方案, …工作要点.
fn is_title_like(s: &str) -> bool {
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
        "任务分工",
        "责任分工",
        "分工",
    ];
    let core = s
        .trim_end_matches(['(', ')', '（', '）'])
        .trim_end_matches("试行")
        .trim_end_matches("草案")
        .trim_end_matches("征求意见稿")
        .trim_end_matches(['(', '（']);
    s.width() <= 120
        && !s.starts_with(['(', '（'])
        && !s.contains([':', '：', '>', '|', '。'])
        && doc_number(s).is_none()
        && (s.contains("关于") || SUFFIXES.iter().any(|x| core.ends_with(x)))
}

/// A fallback title: a short line that is not metadata or navigation.
fn is_plausible_title(s: &str) -> bool {
    s.width() <= 80
        && !s.contains([':', '：', '>', '|', '。', '!', '！'])
        && doc_number(s).is_none()
        && find_date(s).is_none()
}

/// A short line naming an issuing body: 中共株洲县委, 株洲县人民政府.
fn is_issuer_like(s: &str) -> bool {
    s.width() <= 40
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
    let key: String = key.chars().filter(|c| !c.is_whitespace()).collect();
    keys.contains(&key.as_str()).then(|| value.trim())
}

/// A document number (文号) such as 株县发〔2015〕1号, 湘政办发[2016]12号; returned as written
/// without spaces.
pub fn doc_number(s: &str) -> Option<String> {
    if !s.trim_end().ends_with('号') || s.len() > 80 {
        return None;
    }
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let open = s.find(['〔', '[', '［', '(', '（', '【'])?;
    let prefix = &s[..open];
    if prefix.is_empty() || prefix.chars().count() > 16 || !prefix.chars().all(is_han) {
        return None;
    }
    let rest = &s[open..];
    let rest = &rest[rest.chars().next()?.len_utf8()..];
    let year_len = rest.chars().take_while(char::is_ascii_digit).count();
    if year_len != 4 {
        return None;
    }
    let rest = &rest[4..];
    let close = rest.chars().next().filter(|c| matches!(c, '〕' | ']' | '］' | ')' | '）' | '】'))?;
    let rest = &rest[close.len_utf8()..];
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    (digits > 0 && digits <= 5 && &rest[digits..] == "号").then_some(s)
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3134f}')
}

/// The first date in `s` as ISO 8601: 2015年1月26日, 2015-03-02, 2015.3.2, 二〇一五年三月二日.
pub fn find_date(s: &str) -> Option<String> {
    let chars: Vec<char> = s.chars().collect();
    for start in 0..chars.len() {
        if let Some(date) = date_at(&chars[start..]) {
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
fn closing_metadata(closing: &[String], meta: &mut Meta) {
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

type PendingMeasure = (u32, MeasureSpan, usize, Option<usize>, usize);

/// A measure being read.
#[derive(Debug)]
struct OpenMeasure<'p> {
    number: u32,
    line: usize,
    paras: Vec<&'p str>,
    /// Paragraphs after the unit annotation: closing text if nothing follows, otherwise
    /// appended to the body with a warning.
    after_annotation: Vec<&'p Para<'p>>,
    /// The unit annotation at the end of the last paragraph, once found: where the text
    /// before it ends in that paragraph, and its inside.
    annotation: Option<(usize, &'p str)>,
}

/// Where section/chapter text goes while no measure is open.
#[derive(Debug, Default)]
struct Builder<'p> {
    chapters: Vec<Chapter>,
    /// The measure text of the plan (see [`Measure`]) as it grows.
    text: String,
    /// The insides of the unit annotations, put after the measure text at the end.
    annotations: String,
    /// Measures read so far: number, span in `text`, units, chapter, section, line. They
    /// become [`Measure`]s once the text is complete.
    pending: Vec<PendingMeasure>,
    measures_len: usize,
    closing: Vec<String>,
    warnings: Vec<Warning>,
    open: Option<OpenMeasure<'p>>,
    /// Whether the current chapter/section has had a measure yet (for numbering restarts).
    container_has_measures: bool,
}

impl<'p> Builder<'p> {
    fn expected_measure(&self) -> u32 {
        self.last_number() + 1
    }

    fn last_number(&self) -> u32 {
        self.open.as_ref().map_or(self.pending.last().map_or(0, |m| m.0), |m| m.number)
    }

    fn push(&mut self, para: &'p Para<'p>) {
        let text: &'p str = &para.text;
        let next_chapter = self.chapters.iter().filter(|c| c.number > 0).count() as u32 + 1;
        if let Some((n, rest)) = chapter_heading(text)
            && rest.split('。').next().unwrap_or(rest).width() <= 80
            && !rest.is_empty()
        {
            if n == next_chapter {
                self.close_measure();
                let (title, text) = split_title(rest);
                let start = self.measures_len;
                self.chapters.push(Chapter {
                    number: n,
                    title,
                    text,
                    sections: Vec::new(),
                    measures: start..start,
                    direct_measures: start..start,
                    line: para.line,
                });
                self.container_has_measures = false;
                return;
            }
            if n > next_chapter && n <= next_chapter + 2 {
                self.warn(
                    para.line,
                    format!(
                        "chapter heading {} out of order (expected chapter {})",
                        crate::plan::model::chinese_numeral(n),
                        crate::plan::model::chinese_numeral(next_chapter)
                    ),
                );
            }
        }
        if let Some((n, rest)) = section_heading(text)
            && !rest.is_empty()
        {
            let next_section = self.chapters.last().map_or(1, |c| c.sections.len() as u32 + 1);
            if n == next_section {
                self.close_measure();
                let (title, text) = split_title(rest);
                let start = self.measures_len;
                let chapter = self.current_chapter();
                chapter.sections.push(Section { number: n, title, text, measures: start..start, line: para.line });
                self.container_has_measures = false;
                return;
            }
        }
        if let Some((n, rest, shape)) = measure_heading(text)
            && shape != Shape::Decimal
        {
            let expected = self.expected_measure();
            let accepted = if n == expected {
                true
            } else if shape == Shape::Digits {
                false
            } else if self.last_number() == 0 {
                self.warn(para.line, format!("numbering starts at {n}"));
                true
            } else if n > expected && n <= expected + MAX_GAP {
                let missing = if n == expected + 1 {
                    format!("measure {expected} is missing")
                } else {
                    format!("measures {expected}–{} are missing", n - 1)
                };
                self.warn(para.line, format!("gap in numbering: {missing} (found {n})"));
                true
            } else if n == 1 && !self.container_has_measures {
                self.warn(para.line, format!("numbering restarts at 1; numbered {expected} here"));
                true
            } else {
                false
            };
            if accepted {
                self.close_measure();
                self.current_chapter();
                self.open = Some(OpenMeasure {
                    number: n.max(expected),
                    line: para.line,
                    paras: vec![rest],
                    after_annotation: Vec::new(),
                    annotation: locate_annotation(rest),
                });
                self.container_has_measures = true;
                return;
            }
        }
        self.push_text(para);
    }

    fn warn(&mut self, line: usize, message: String) {
        self.warnings.push(Warning { line, message });
    }

    /// The chapter new content goes into, creating the implicit chapter 0 if none is open.
    fn current_chapter(&mut self) -> &mut Chapter {
        if self.chapters.is_empty() {
            let start = self.measures_len;
            self.chapters.push(Chapter {
                number: 0,
                title: String::new(),
                text: Vec::new(),
                sections: Vec::new(),
                measures: start..start,
                direct_measures: start..start,
                line: 0,
            });
        }
        self.chapters.last_mut().expect("a chapter exists")
    }

    fn push_text(&mut self, para: &'p Para<'p>) {
        if let Some(open) = &mut self.open {
            if open.annotation.is_some() {
                open.after_annotation.push(para);
            } else {
                open.annotation = locate_annotation(&para.text);
                open.paras.push(&para.text);
            }
            return;
        }
        let chapter = self.current_chapter();
        match chapter.sections.last_mut() {
            Some(section) if section.measures.is_empty() => section.text.push(para.text.to_string()),
            _ => chapter.text.push(para.text.to_string()),
        }
    }

    /// Finishes the open measure (if any) and records it in its chapter and section.
    fn close_measure(&mut self) {
        let Some(open) = self.open.take() else { return };
        if let Some(first) = open.after_annotation.first() {
            let message = format!("text after the unit annotation of measure {}; kept in its body", open.number);
            self.warn(first.line, message);
        }
        self.record(open);
    }

    fn record(&mut self, open: OpenMeasure<'p>) {
        // Most measures are one paragraph: no need to join.
        let joined: Cow<'p, str> = match open.paras.as_slice() {
            [one] => Cow::Borrowed(one),
            many => Cow::Owned(many.join("\n")),
        };
        // The annotation was found in the last paragraph, which ends the joined text.
        let last_len = open.paras.last().map_or(0, |p| p.len());
        let (text, annotation) = match open.annotation {
            Some((end, inside)) => (joined[..joined.len() - last_len + end].trim_end(), inside),
            None => (&*joined, ""),
        };
        // The inside of the annotation goes after all the measures (see `Measure`).
        let annotation_start = self.annotations.len() as u32;
        self.annotations.push_str(annotation);
        let annotation = annotation_start..self.annotations.len() as u32;
        let (title, body, others) = split_measure_title(text);
        // Into the plan's measure text: `title \n body \0`, the body made of the rest of the
        // first paragraph, the other paragraphs, and any text after the annotation.
        let title_start = self.text.len() as u32;
        self.text.push_str(title);
        let title_end = self.text.len() as u32;
        self.text.push('\n');
        let body_start = self.text.len() as u32;
        let pieces = [body, others].into_iter().chain(open.after_annotation.iter().map(|p| &*p.text));
        for piece in pieces.filter(|p| !p.is_empty()) {
            if self.text.len() as u32 > body_start {
                self.text.push('\n');
            }
            self.text.push_str(piece);
        }
        let body_end = self.text.len() as u32;
        self.text.push('\0');
        let span = MeasureSpan { title: title_start..title_end, body: body_start..body_end, annotation };
        let index = self.measures_len;
        let chapter_index = self.chapters.len() - 1;
        let chapter = &mut self.chapters[chapter_index];
        chapter.measures.end = index + 1;
        let section = match chapter.sections.last_mut() {
            Some(section) => {
                if section.measures.is_empty() {
                    section.measures = index..index + 1;
                } else {
                    section.measures.end = index + 1;
                }
                Some(chapter.sections.len() - 1)
            }
            None => {
                chapter.direct_measures.end = index + 1;
                None
            }
        };
        self.pending.push((open.number, span, chapter_index, section, open.line));
        self.measures_len += 1;
    }

    fn finish(mut self) -> Self {
        if let Some(mut open) = self.open.take() {
            if open.annotation.is_some() {
                self.closing = open.after_annotation.iter().map(|p| p.text.to_string()).collect();
            } else {
                // No annotation on the last measure: a signature and date at the very end are
                // closing text, not part of the measure.
                let mut tail = Vec::new();
                while open.paras.len() > 1 && open.paras.last().is_some_and(|p| is_signature_line(p)) {
                    tail.push(open.paras.pop().unwrap_or_default().to_string());
                }
                tail.reverse();
                self.closing = tail;
            }
            self.record(open);
        }
        self
    }
}

/// A short line of a signature block: an issuing body or a date.
fn is_signature_line(s: &str) -> bool {
    (s.width() <= 30 && find_date(s).is_some()) || is_issuer_like(s)
}

/// Splits a chapter or section heading's rest into its title and its own text: `指导思想。以…`
/// → (`指导思想`, [`以…`]).
fn split_title(rest: &str) -> (String, Vec<String>) {
    match rest.split_once('。') {
        Some((title, text)) if !text.trim().is_empty() && title.width() <= 80 => {
            (title.to_string(), vec![text.trim().to_string()])
        }
        Some((title, _)) => (title.to_string(), Vec::new()),
        None => (rest.to_string(), Vec::new()),
    }
}

/// A measure's title (up to the first 。, or the first line if it has none) and body.
fn split_measure_title(text: &str) -> (&str, &str, &str) {
    let (first, others) = match memchr::memchr(b'\n', text.as_bytes()) {
        Some(i) => (&text[..i], &text[i + 1..]),
        None => (text, ""),
    };
    let (title, rest) = match first.find(['。', '！', '？']) {
        Some(i) => {
            let mark_len = first[i..].chars().next().map_or(0, char::len_utf8);
            (&first[..i], first[i + mark_len..].trim())
        }
        None => (first.trim_end_matches(['：', ':', '；', ';']), ""),
    };
    (title.trim(), rest, others)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measure_headings() {
        assert_eq!(measure_heading("12.加强管理。"), Some((12, "加强管理。", Shape::Text)));
        assert_eq!(measure_heading("１２．加强"), Some((12, "加强", Shape::Text)));
        assert_eq!(measure_heading("3、加强"), Some((3, "加强", Shape::Text)));
        assert_eq!(measure_heading("11.121人才"), Some((11, "121人才", Shape::Digits)));
        assert_eq!(measure_heading("5.6万张床位"), Some((5, "6万张床位", Shape::Decimal)));
        assert_eq!(measure_heading("2.5%"), Some((2, "5%", Shape::Decimal)));
        assert_eq!(measure_heading("3.14"), Some((3, "14", Shape::Decimal)));
        assert_eq!(measure_heading("2015年"), None);
        assert_eq!(measure_heading("12."), None);
    }

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

    #[test]
    fn measure_title_and_body() {
        assert_eq!(split_measure_title("加强宪法实施。任何组织"), ("加强宪法实施", "任何组织", ""));
        assert_eq!(split_measure_title("加强宪法实施\n正文"), ("加强宪法实施", "", "正文"));
    }

    #[test]
    fn chapter_and_section_headings() {
        assert_eq!(chapter_heading("二十七、总结"), Some((27, "总结")));
        assert_eq!(chapter_heading("第三章 保障措施"), Some((3, "保障措施")));
        assert_eq!(chapter_heading("第二部分　目标"), Some((2, "目标")));
        assert_eq!(section_heading("（十一）加强"), Some((11, "加强")));
        assert_eq!(section_heading("(1)加强"), None);
    }
}
