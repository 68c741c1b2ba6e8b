//! Deadlines (完成时限): the text as written and the last day it allows.
//!
//! A deadline comes from a field (`完成时限：2025年12月底前`, `时间节点：2019年6月`), a table
//! column, or the task's own text where a date is followed by 前 or 完成 (`2024年底前完成`).
//! Year-less forms (`3月底前`, `上半年`, `年内`) take the plan's year; ongoing forms
//! (`长期坚持`, `持续推进`, `每年`) have no date.

use std::sync::LazyLock;

use jiff::civil::Date;
use memchr::memmem::Finder;
use serde::Serialize;

use crate::text::numerals::parse_chinese_numeral;

/// A task's deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    /// As written.
    pub text: Box<str>,
    /// The last day the text allows; `None` for an ongoing form or one without a date.
    pub date: Option<Date>,
}

impl Serialize for Deadline {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Deadline", 2)?;
        s.serialize_field("text", &*self.text)?;
        s.serialize_field("date", &self.date.map(|d| d.to_string()))?;
        s.end()
    }
}

/// The deadline a field or column value states, e.g. `2025年12月底前`, `长期坚持`.
pub fn from_field(value: &str, plan_year: Option<i16>) -> Option<Deadline> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > 200 {
        return None;
    }
    // A long field (the steps of a 进度安排) is cited by the phrase that sets its date: a
    // date before 前 or 完成, else the latest date in it.
    if value.chars().count() > 24 {
        if let Some(deadline) = from_text(value, plan_year) {
            return Some(deadline);
        }
        if let Some(phrase) = latest_phrase(value, plan_year) {
            return Some(Deadline { text: phrase.into(), date: latest_date(value, plan_year) });
        }
    }
    // Anything else — a date, or words (长期坚持, 持续推进, 每年) — as written.
    Some(Deadline { text: value.into(), date: latest_date(value, plan_year) })
}

/// The date phrase (with a 前 after it) giving the latest date in a text.
fn latest_phrase(text: &str, plan_year: Option<i16>) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut best: Option<(Date, String)> = None;
    let mut i = 0;
    while i < chars.len() {
        if !may_start_date(chars[i]) {
            i += 1;
            continue;
        }
        match date_phrase(&chars[i..], plan_year) {
            Some((date, len)) => {
                let mut end = i + len;
                if chars.get(end) == Some(&'前') {
                    end += 1;
                }
                if best.as_ref().is_none_or(|(d, _)| date >= *d) {
                    best = Some((date, chars[i..end].iter().collect()));
                }
                i = end;
            }
            None => i += 1,
        }
    }
    best.map(|(_, phrase)| phrase)
}

/// The deadline in a task's text: a date phrase followed by 前 or 完成, the latest if
/// several. The text of the deadline is the phrase as written.
pub fn from_text(text: &str, plan_year: Option<i16>) -> Option<Deadline> {
    let mut best: Option<(Date, &str)> = None;
    // A deadline ends with 前 or 完成: look only in the few characters before each.
    static BEFORE: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("前"));
    static DONE: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("完成"));
    let bytes = text.as_bytes();
    let ends = BEFORE
        .find_iter(bytes)
        .map(|i| (i, i + '前'.len_utf8()))
        .chain(DONE.find_iter(bytes).map(|i| (i, i + "完成".len())));
    for (at, end) in ends {
        // At most 16 characters back (2019年12月31日 and 上半年 are shorter).
        let window_start = text[..at].char_indices().rev().nth(15).map_or(0, |(i, _)| i);
        let before = &text[window_start..at];
        let mut buffer = ['\0'; 16];
        let mut n = 0;
        for c in before.chars().take(16) {
            buffer[n] = c;
            n += 1;
        }
        let chars = &buffer[..n];
        let mut offset = window_start;
        for (k, &c) in chars.iter().enumerate() {
            if may_start_date(c)
                && let Some((date, len)) = date_phrase(&chars[k..], plan_year)
                && k + len == chars.len()
            {
                let phrase = &text[offset..end];
                if best.is_none_or(|(d, _)| date >= d) {
                    best = Some((date, phrase));
                }
                break;
            }
            offset += c.len_utf8();
        }
    }
    best.map(|(date, text)| Deadline { text: text.into(), date: Some(date) })
}

/// Whether a date phrase can start with this character: a digit, a numeral, or the first
/// character of 上半年, 下半年, 年内, 年底, 今年, 当年, 第三季度.
fn may_start_date(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c) || "一二三四五六七八九十上下年今当第".contains(c)
}

/// The latest date any date phrase of `value` allows.
fn latest_date(value: &str, plan_year: Option<i16>) -> Option<Date> {
    let chars: Vec<char> = value.chars().collect();
    let mut best: Option<Date> = None;
    let mut i = 0;
    while i < chars.len() {
        if !may_start_date(chars[i]) {
            i += 1;
            continue;
        }
        match date_phrase(&chars[i..], plan_year) {
            Some((date, len)) => {
                best = Some(best.map_or(date, |b| b.max(date)));
                i += len;
            }
            None => i += 1,
        }
    }
    best
}

/// A date phrase at the start of `chars`: the last day it allows and its length.
/// `2025年12月底`, `2019年6月`, `2025年`, `2018—2020年`, `2019年第三季度`, `2019年上半年`,
/// `3月底`, `上半年`, `年内`, `年底`, `2019年6月30日`, `2019.6`.
fn date_phrase(chars: &[char], plan_year: Option<i16>) -> Option<(Date, usize)> {
    let starts_with =
        |at: usize, s: &str| chars.get(at..).is_some_and(|c| c.iter().take(s.chars().count()).copied().eq(s.chars()));
    // Year-less forms.
    for (word, month) in
        [("上半年", 6), ("下半年", 12), ("年内", 12), ("年底", 12), ("年末", 12), ("今年", 12), ("当年", 12)]
    {
        if starts_with(0, word) {
            let year = plan_year?;
            return Some((last_of(year, month)?, word.chars().count()));
        }
    }
    if let Some((quarter, len)) = quarter_at(chars) {
        let year = plan_year?;
        return Some((last_of(year, quarter * 3)?, len));
    }
    let (first, n) = number(chars)?;
    let mut at = n;
    // A year (four digits, optionally a range 2018—2020 or 2018-2020).
    if n == 4 && (1990..=2100).contains(&first) {
        let mut year = first;
        if let Some(&dash) = chars.get(at)
            && matches!(dash, '—' | '-' | '–' | '～' | '~' | '至' | '－')
            && let Some((second, m)) = number(&chars[at + 1..])
            && m == 4
            && (year..=2100).contains(&second)
        {
            year = second;
            at += 1 + m;
        }
        // 2019.6 / 2019-06-30
        if let Some(&sep) = chars.get(at)
            && matches!(sep, '.' | '-' | '/')
            && let Some((month, m)) = number(&chars[at + 1..])
            && m <= 2
            && (1..=12).contains(&month)
        {
            let mut end = at + 1 + m;
            if chars.get(end) == Some(&sep)
                && let Some((day, d)) = number(&chars[end + 1..])
                && d <= 2
            {
                end += 1 + d;
                return Some((Date::new(year as i16, month as i8, day as i8).ok()?, end));
            }
            return Some((last_of(year as i16, month)?, end));
        }
        if chars.get(at) != Some(&'年') {
            return None;
        }
        at += 1;
        let year = year as i16;
        if let Some((month, m)) = month_at(&chars[at..]) {
            return Some(day_part(year, month, chars, at + m));
        }
        for (word, month) in [("上半年", 6), ("下半年", 12), ("年底", 12), ("年末", 12), ("底", 12), ("末", 12)]
        {
            if starts_with(at, word) {
                return Some((last_of(year, month)?, at + word.chars().count()));
            }
        }
        if let Some((quarter, len)) = quarter_at(&chars[at..]) {
            return Some((last_of(year, quarter * 3)?, at + len));
        }
        return Some((last_of(year, 12)?, at));
    }
    // A month without a year: `3月底`.
    let year = plan_year?;
    let (month, m) = month_at(chars)?;
    Some(day_part(year, month, chars, m))
}

/// After `YYYY年M月` (ending at `at`): a day, 上旬/中旬/下旬, 底/末, or the month's end.
fn day_part(year: i16, month: u32, chars: &[char], at: usize) -> (Date, usize) {
    let end_of_month = last_of(year, month).unwrap_or(Date::constant(2000, 1, 1));
    if let Some((day, d)) = number(&chars[at..])
        && d <= 2
        && matches!(chars.get(at + d), Some('日' | '号'))
        && let Ok(date) = Date::new(year, month as i8, day as i8)
    {
        return (date, at + d + 1);
    }
    for (word, day) in [("上旬", 10), ("中旬", 20), ("下旬", 0), ("底", 0), ("末", 0), ("份", 0)] {
        if chars.get(at..).is_some_and(|c| c.iter().take(word.chars().count()).copied().eq(word.chars())) {
            let date = if day == 0 { end_of_month } else { Date::new(year, month as i8, day).unwrap_or(end_of_month) };
            return (date, at + word.chars().count());
        }
    }
    (end_of_month, at)
}

/// `M月` at the start (digits or numerals): the month and the length.
fn month_at(chars: &[char]) -> Option<(u32, usize)> {
    let (month, m) = number(chars)?;
    ((1..=12).contains(&month) && chars.get(m) == Some(&'月')).then_some((month, m + 1))
}

/// `第三季度`, `三季度`, `一季度末`: the quarter and the length (with 末/底).
fn quarter_at(chars: &[char]) -> Option<(u32, usize)> {
    let skip = usize::from(chars.first() == Some(&'第'));
    let (q, n) = number(&chars[skip..])?;
    let at = skip + n;
    if !(1..=4).contains(&q) || chars.get(at..at + 2) != Some(&['季', '度']) {
        return None;
    }
    let len = at + 2 + usize::from(matches!(chars.get(at + 2), Some('末' | '底')));
    Some((q, len))
}

/// A number at the start, digits (half- or full-width) or Chinese numerals up to 九十九.
fn number(chars: &[char]) -> Option<(u32, usize)> {
    let digits: String =
        chars
            .iter()
            .take(4)
            .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(*c))
            .map(|&c| {
                if c.is_ascii_digit() { c } else { char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or('0') }
            })
            .collect();
    if !digits.is_empty() {
        return Some((digits.parse().ok()?, digits.len()));
    }
    let len = chars.iter().take(3).take_while(|c| "一二三四五六七八九十".contains(**c)).count();
    if len == 0 {
        return None;
    }
    let text: String = chars[..len].iter().collect();
    // The longest prefix that is a numeral (十二月 → 十二).
    (1..=len).rev().find_map(|l| {
        let t: String = text.chars().take(l).collect();
        parse_chinese_numeral(&t).map(|n| (n, l))
    })
}

/// The last day of a month.
fn last_of(year: i16, month: u32) -> Option<Date> {
    let first = Date::new(year, i8::try_from(month).ok()?, 1).ok()?;
    Some(first.last_of_month())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(s: &str) -> Option<String> {
        from_field(s, Some(2019)).and_then(|d| d.date).map(|d| d.to_string())
    }

    fn inline(s: &str) -> Option<(String, String)> {
        from_text(s, Some(2019)).map(|d| (d.text.to_string(), d.date.map(|d| d.to_string()).unwrap_or_default()))
    }

    #[test]
    fn field_dates() {
        assert_eq!(field("2025年12月底前").as_deref(), Some("2025-12-31"));
        assert_eq!(field("2019年6月").as_deref(), Some("2019-06-30"));
        assert_eq!(field("2024年底前完成").as_deref(), Some("2024-12-31"));
        assert_eq!(field("3月底前").as_deref(), Some("2019-03-31"));
        assert_eq!(field("上半年").as_deref(), Some("2019-06-30"));
        assert_eq!(field("年内").as_deref(), Some("2019-12-31"));
        assert_eq!(field("2025年").as_deref(), Some("2025-12-31"));
        assert_eq!(field("2019年第三季度").as_deref(), Some("2019-09-30"));
        assert_eq!(field("2018—2020年").as_deref(), Some("2020-12-31"));
        assert_eq!(field("2019年6月30日前").as_deref(), Some("2019-06-30"));
        assert_eq!(field("2019年2月").as_deref(), Some("2019-02-28"));
        assert_eq!(field("2019年6月底前完成试点，12月底前全面推开").as_deref(), Some("2019-12-31"));
        assert_eq!(field("2020年6月中旬").as_deref(), Some("2020-06-20"));
        assert_eq!(field("十二月底前").as_deref(), Some("2019-12-31"));
        for ongoing in ["长期坚持", "持续推进", "每年"] {
            let d = from_field(ongoing, Some(2019)).unwrap();
            assert_eq!((&*d.text, d.date), (ongoing, None));
        }
    }

    #[test]
    fn dates_in_the_text() {
        assert_eq!(
            inline("依据清单，2022年10月底前编制并公布市、县两级行政许可事项清单。"),
            Some(("2022年10月底前".into(), "2022-10-31".into()))
        );
        assert_eq!(inline("2024年底前完成改造。"), Some(("2024年底前".into(), "2024-12-31".into())));
        assert_eq!(
            inline("2019年6月底前完成试点，2020年底前全面推开。"),
            Some(("2020年底前".into(), "2020-12-31".into()))
        );
        assert_eq!(inline("年内完成清单编制。"), Some(("年内完成".into(), "2019-12-31".into())));
        assert_eq!(inline("到2020年，基本建成体系。"), None);
        assert_eq!(inline("2019年1月1日至12月31日，返还失业保险费。"), None);
        assert_eq!(inline("持续推进改革。"), None);
    }
}
