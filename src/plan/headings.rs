//! The numbered headings of the family, by style: 一、 一. (or 第一章 / 第一部分), （一）, 1.
//! 1、 1．, （1） ⑴ and ①. Whether a heading really starts an item is decided by the
//! structure (the number it should carry next); this module only reads what a paragraph
//! starts with.

use crate::text::numerals::parse_chinese_numeral;

/// A numbering style, outermost first: the order is the family's nesting order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Style {
    /// 一、 第一章 第一部分
    Chapter,
    /// （一） (一)
    Section,
    /// 1. 1、 1．
    Item,
    /// （1） (1) ⑴
    Sub,
    /// ①
    Circled,
}

impl Style {
    /// Whether items of this style are sub-points of a task's text unless they carry units
    /// of their own.
    pub fn is_sub_point(self) -> bool {
        matches!(self, Style::Sub | Style::Circled)
    }

    /// The number as printed in an id path: 五, (三), 2, (2), ②.
    pub fn marker(self, number: u32) -> String {
        let numeral = crate::text::numerals::chinese_numeral;
        match self {
            Style::Chapter => numeral(number),
            Style::Section => format!("({})", numeral(number)),
            Style::Item => number.to_string(),
            Style::Sub => format!("({number})"),
            Style::Circled => char::from_u32(0x245f + number)
                .filter(|_| (1..=20).contains(&number))
                .map_or_else(|| format!("({number})"), String::from),
        }
    }
}

/// What follows the number of an item heading (`12.` …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Text: a heading.
    Text,
    /// Digits that start a title (`11.121人才梯队项目`): a heading only where that number is
    /// expected.
    Digits,
    /// The rest of a decimal number (`5.6万`, `2.5%`): never a heading.
    Decimal,
}

/// A paragraph that starts with a number in one of the styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Heading<'a> {
    pub style: Style,
    pub number: u32,
    /// The paragraph after the number.
    pub rest: &'a str,
    pub shape: Shape,
}

/// The heading a paragraph starts with, if any.
pub fn heading(s: &str) -> Option<Heading<'_>> {
    // A byte the file's encoding could not read (U+FFFD) does not hide the number after it.
    let s = s.trim_start_matches('\u{FFFD}');
    let first = s.chars().next()?;
    match first {
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '第' => chapter(s),
        '(' | '（' => bracketed(s),
        '0'..='9' | '０'..='９' => item(s),
        '\u{2474}'..='\u{2487}' => {
            let rest = s[first.len_utf8()..].trim_start();
            (!rest.is_empty()).then_some(Heading {
                style: Style::Sub,
                number: first as u32 - 0x2473,
                rest,
                shape: Shape::Text,
            })
        }
        '\u{2460}'..='\u{2473}' => {
            let rest = s[first.len_utf8()..].trim_start();
            (!rest.is_empty()).then_some(Heading {
                style: Style::Circled,
                number: first as u32 - 0x245f,
                rest,
                shape: Shape::Text,
            })
        }
        _ => None,
    }
}

/// `一、title`, `第一章 title`, `第一部分 title`.
fn chapter(s: &str) -> Option<Heading<'_>> {
    fn text(number: u32, rest: &str) -> Option<Heading<'_>> {
        let rest = rest.trim_start_matches([' ', '\u{3000}', '、', '：', ':']);
        (!rest.is_empty()).then_some(Heading { style: Style::Chapter, number, rest, shape: Shape::Text })
    }
    // A numeral is at most seven characters (九百九十九): look no further for the 、. Word's
    // automatic numbering writes 一. or 一． as often as 一、.
    let head = s.char_indices().nth(8).map_or(s, |(i, _)| &s[..i]);
    if let Some(at) = head.find(['、', '.', '．'])
        && let Some(n) = parse_chinese_numeral(&head[..at])
    {
        let sep = head[at..].chars().next().map_or(1, char::len_utf8);
        return text(n, &s[at + sep..]);
    }
    let rest = s.strip_prefix('第')?;
    let end = rest.char_indices().take(8).find(|(_, c)| matches!(c, '章' | '部')).map(|(i, _)| i)?;
    let n = parse_chinese_numeral(&rest[..end])?;
    let after = &rest[end..];
    let title = after.strip_prefix("章").or_else(|| after.strip_prefix("部分"))?;
    text(n, title)
}

/// `（一）title`, `(一)title`, `（1）title`, `(1)title`.
fn bracketed(s: &str) -> Option<Heading<'_>> {
    let open = s.chars().next()?;
    let rest = &s[open.len_utf8()..];
    let head = rest.char_indices().nth(8).map_or(rest, |(i, _)| &rest[..i]);
    let close = head.find([')', '）'])?;
    let inside = rest[..close].trim();
    let after = &rest[close..];
    let close_len = after.chars().next()?.len_utf8();
    let title = after[close_len..].trim_start();
    if title.is_empty() {
        return None;
    }
    if let Some(n) = parse_chinese_numeral(inside) {
        return Some(Heading { style: Style::Section, number: n, rest: title, shape: Shape::Text });
    }
    let n = ascii_number(inside)?;
    Some(Heading { style: Style::Sub, number: n, rest: title, shape: Shape::Text })
}

/// Digits, half- or full-width, as a number (at most four).
fn ascii_number(s: &str) -> Option<u32> {
    let mut n: u32 = 0;
    let mut digits = 0;
    for c in s.chars() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            _ => return None,
        };
        digits += 1;
        if digits > 4 {
            return None;
        }
        n = n * 10 + d;
    }
    (digits > 0).then_some(n)
}

/// `12.title`, `12．title` or `12、title` (digits may be full-width).
fn item(s: &str) -> Option<Heading<'_>> {
    let end = s.char_indices().find(|(_, c)| !(c.is_ascii_digit() || ('０'..='９').contains(c))).map(|(i, _)| i)?;
    let n = ascii_number(&s[..end])?;
    let after = &s[end..];
    let sep = after.chars().next().filter(|c| matches!(c, '.' | '．' | '、'))?;
    let rest = after[sep.len_utf8()..].trim_start();
    if rest.is_empty() {
        return None;
    }
    let digits_after = rest.chars().take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c)).count();
    let next = rest.chars().nth(digits_after);
    let shape = if digits_after == 0 {
        if matches!(next, Some('%' | '％' | '‰')) { Shape::Decimal } else { Shape::Text }
    } else if matches!(next, None | Some('%' | '％' | '‰' | '万' | '亿' | '元' | '倍' | '千' | '百' | '.' | '．'))
    {
        Shape::Decimal
    } else {
        Shape::Digits
    };
    Some(Heading { style: Style::Item, number: n, rest, shape })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> Option<(Style, u32, &str, Shape)> {
        heading(s).map(|h| (h.style, h.number, h.rest, h.shape))
    }

    #[test]
    fn item_headings() {
        assert_eq!(read("12.加强管理。"), Some((Style::Item, 12, "加强管理。", Shape::Text)));
        assert_eq!(read("１２．加强"), Some((Style::Item, 12, "加强", Shape::Text)));
        assert_eq!(read("3、加强"), Some((Style::Item, 3, "加强", Shape::Text)));
        assert_eq!(read("11.121人才"), Some((Style::Item, 11, "121人才", Shape::Digits)));
        assert_eq!(read("5.6万张床位"), Some((Style::Item, 5, "6万张床位", Shape::Decimal)));
        assert_eq!(read("2.5%"), Some((Style::Item, 2, "5%", Shape::Decimal)));
        assert_eq!(read("3.14"), Some((Style::Item, 3, "14", Shape::Decimal)));
        assert_eq!(read("2015年"), None);
        assert_eq!(read("12."), None);
    }

    #[test]
    fn chapter_and_section_headings() {
        assert_eq!(read("二十七、总结"), Some((Style::Chapter, 27, "总结", Shape::Text)));
        assert_eq!(read("三.发展目标"), Some((Style::Chapter, 3, "发展目标", Shape::Text)));
        assert_eq!(read("四．主要任务"), Some((Style::Chapter, 4, "主要任务", Shape::Text)));
        assert_eq!(read("第三章 保障措施"), Some((Style::Chapter, 3, "保障措施", Shape::Text)));
        assert_eq!(read("第二部分　目标"), Some((Style::Chapter, 2, "目标", Shape::Text)));
        assert_eq!(read("（十一）加强"), Some((Style::Section, 11, "加强", Shape::Text)));
        assert_eq!(read("(五十三)推进"), Some((Style::Section, 53, "推进", Shape::Text)));
        assert_eq!(read("（1）加强"), Some((Style::Sub, 1, "加强", Shape::Text)));
        assert_eq!(read("⑵完善"), Some((Style::Sub, 2, "完善", Shape::Text)));
        assert_eq!(read("③落实"), Some((Style::Circled, 3, "落实", Shape::Text)));
        assert_eq!(read("一是加强"), None);
        assert_eq!(read("第一时间"), None);
        assert_eq!(read("（一）"), None);
    }

    #[test]
    fn markers() {
        assert_eq!(Style::Chapter.marker(5), "五");
        assert_eq!(Style::Section.marker(3), "(三)");
        assert_eq!(Style::Item.marker(2), "2");
        assert_eq!(Style::Sub.marker(2), "(2)");
        assert_eq!(Style::Circled.marker(2), "②");
    }
}
