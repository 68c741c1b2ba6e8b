//! The typed model of one policy plan: metadata, chapters, sections, measures and the units
//! responsible for each measure.
//!
//! Measures are kept in one flat vector in document order (their global number is their
//! position + 1); chapters and sections hold index ranges into it. That keeps filtering and
//! searching a plain scan over a slice while the tree structure stays explicit.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use serde::Serialize;

/// Document metadata found in the title block, the header cruft and the closing signature.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Meta {
    /// The plan's title, e.g. 关于全面推进法治渌湘建设的实施意见.
    pub title: String,
    /// The document number (文号), e.g. 株县发〔2015〕1号.
    pub doc_number: Option<String>,
    /// The issuing body, e.g. 中共株洲县委.
    pub issuer: Option<String>,
    /// The date the plan was adopted (ISO 8601), from a note such as (2015年1月26日…通过).
    pub adopted: Option<String>,
    /// The date the plan was issued (ISO 8601), from the closing signature or the page header.
    pub issued: Option<String>,
}

impl Meta {
    /// The single date to show for the plan: issued if known, else adopted.
    pub fn date(&self) -> Option<&str> {
        self.issued.as_deref().or(self.adopted.as_deref())
    }

    /// The year of the plan, from its document number or its date.
    pub fn year(&self) -> Option<u16> {
        let from_number = self.doc_number.as_deref().and_then(|n| {
            let digits: String =
                n.chars().skip_while(|c| !c.is_ascii_digit()).take_while(char::is_ascii_digit).collect();
            (digits.len() == 4).then(|| digits.parse().ok()).flatten()
        });
        from_number.or_else(|| self.date().and_then(|d| d.get(..4)?.parse().ok()))
    }
}

/// A chapter (一、…). Chapter number 0 is the implicit chapter of a plan without chapter
/// headings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chapter {
    pub number: u32,
    pub title: String,
    /// Paragraphs between the heading and the first section or measure.
    pub text: Vec<String>,
    pub sections: Vec<Section>,
    /// All measures of the chapter, including those of its sections.
    pub measures: Range<usize>,
    /// Measures directly under the chapter, before any section.
    pub direct_measures: Range<usize>,
    /// 1-based line of the heading in the cleaned text (0 for an implicit chapter).
    pub line: usize,
}

/// A section ((一)…) of a chapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub number: u32,
    pub title: String,
    /// The section's own text: the rest of the heading paragraph after its title, and any
    /// paragraphs before its first measure.
    pub text: Vec<String>,
    pub measures: Range<usize>,
    pub line: usize,
}

/// One numbered measure.
///
/// The text of all measures of a plan is kept in one string shared by them (each measure
/// holds ranges into it): the search index scans it as it is, without a copy.
#[derive(Debug, Clone)]
pub struct Measure {
    /// The global number, 1…N, continuous across chapters (as written; a restart of the
    /// numbering is renumbered to keep numbers unique and increasing).
    pub number: u32,
    /// The plan's measure text: for each measure `title \n body \0`, then the insides of
    /// the unit annotations.
    text: Arc<str>,
    title: Range<u32>,
    body: Range<u32>,
    /// The inside of the unit annotation in `text` (empty: none).
    annotation: Range<u32>,
    /// The units, read from the annotation on first use: a search over a thousand plans
    /// needs the units of a few measures only.
    units: OnceLock<Box<[UnitRef]>>,
    /// Index of the chapter in [`Plan::chapters`].
    pub chapter: usize,
    /// Index of the section within its chapter, if any.
    pub section: Option<usize>,
    /// 1-based line of the measure's heading in the cleaned text.
    pub line: usize,
}

/// Where a measure's title and body are in its plan's measure text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MeasureSpan {
    pub title: Range<u32>,
    pub body: Range<u32>,
    pub annotation: Range<u32>,
}

impl Measure {
    /// Makes a measure from its place in `text` (see [`Measure`]).
    pub(crate) fn new(
        number: u32,
        text: Arc<str>,
        span: MeasureSpan,
        chapter: usize,
        section: Option<usize>,
        line: usize,
    ) -> Self {
        let units = OnceLock::new();
        Measure {
            number,
            text,
            title: span.title,
            body: span.body,
            annotation: span.annotation,
            units,
            chapter,
            section,
            line,
        }
    }

    /// The units named in the measure's annotation.
    pub fn units(&self) -> &[UnitRef] {
        self.units.get_or_init(|| crate::plan::units::parse_annotation(self.annotation()))
    }

    /// The inside of the unit annotation as written (empty if there is none).
    pub fn annotation(&self) -> &str {
        &self.text[self.annotation.start as usize..self.annotation.end as usize]
    }

    /// The text up to the first 。.
    pub fn title(&self) -> &str {
        &self.text[self.title.start as usize..self.title.end as usize]
    }

    /// The rest of the text, paragraphs separated by `\n`, without the unit annotation.
    pub fn body(&self) -> &str {
        &self.text[self.body.start as usize..self.body.end as usize]
    }

    /// The plan's measure text this measure lies in, and where (title to end of body).
    pub fn text_span(&self) -> (&Arc<str>, Range<usize>) {
        (&self.text, self.title.start as usize..self.body.end as usize)
    }

    /// The units that lead this measure (牵头单位).
    pub fn leads(&self) -> impl Iterator<Item = &UnitRef> {
        self.units().iter().filter(|u| u.lead)
    }

    /// The role of the unit with this canonical name in the measure, if it takes part.
    pub fn role_of(&self, unit: &str) -> Option<Role> {
        self.units().iter().find(|u| &*u.name == unit).map(|u| if u.lead { Role::Lead } else { Role::Member })
    }
}

impl PartialEq for Measure {
    fn eq(&self, other: &Self) -> bool {
        self.number == other.number
            && self.title() == other.title()
            && self.body() == other.body()
            && self.units() == other.units()
            && (self.chapter, self.section, self.line) == (other.chapter, other.section, other.line)
    }
}

impl Eq for Measure {}

/// What part a unit plays in a measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Lead,
    Member,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Lead => "牵头",
            Role::Member => "配合",
        }
    }
}

/// Whether a unit name is a concrete office or a generic group of units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitKind {
    /// A named office such as 县司法局.
    Office,
    /// A generic group such as 相关单位, 县综治委成员单位 or 各区、县级市.
    Group,
}

/// A unit as a document spells it. Shared (interned): a plan names the same few dozen units
/// hundreds of times, a library of plans the same ones thousands of times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    /// The canonical name after the alias table (县法院 → 县人民法院).
    pub name: Arc<str>,
    /// The name as written in the document.
    pub raw: Arc<str>,
    pub kind: UnitKind,
}

/// A unit named in a measure's annotation: the unit, and whether it leads the measure.
/// Dereferences to the [`Unit`], so `unit_ref.name` reads as it should.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitRef {
    pub unit: Arc<Unit>,
    /// Whether this unit leads the measure (牵头单位).
    pub lead: bool,
}

impl std::ops::Deref for UnitRef {
    type Target = Unit;

    fn deref(&self) -> &Unit {
        &self.unit
    }
}

/// Something odd the parser noticed, with the line it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub line: usize,
    pub message: String,
}

/// A parsed plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// A stable key for marks: the 文号 if present, else a hash of the title.
    pub id: String,
    pub meta: Meta,
    /// Paragraphs between the title block and the first chapter.
    pub preamble: Vec<String>,
    pub chapters: Vec<Chapter>,
    pub measures: Vec<Measure>,
    /// Paragraphs after the last measure (signature, date, notes).
    pub closing: Vec<String>,
    pub warnings: Vec<Warning>,
}

impl Plan {
    /// The measure with this global number.
    pub fn measure(&self, number: u32) -> Option<&Measure> {
        self.measure_index(number).map(|i| &self.measures[i])
    }

    /// The position in [`Plan::measures`] of the measure with this number.
    pub fn measure_index(&self, number: u32) -> Option<usize> {
        self.measures.binary_search_by_key(&number, |m| m.number).ok()
    }

    pub fn section_count(&self) -> usize {
        self.chapters.iter().map(|c| c.sections.len()).sum()
    }

    /// The insides of all unit annotations as written, one after the other (each measure's
    /// [`Measure::annotation`] is a piece of it).
    pub fn annotations(&self) -> &str {
        match (self.measures.first(), self.measures.last()) {
            (Some(first), Some(last)) => {
                let (text, _) = first.text_span();
                &text[first.annotation.start as usize..last.annotation.end as usize]
            }
            _ => "",
        }
    }

    /// The chapter/section path of a measure, e.g. `二、维护宪法法律权威 › (一)落实…`.
    pub fn path_of(&self, measure: &Measure) -> (String, Option<String>) {
        let chapter = &self.chapters[measure.chapter];
        let section = measure
            .section
            .map(|s| &chapter.sections[s])
            .map(|s| format!("({}){}", chinese_numeral(s.number), s.title));
        (chapter.heading(), section)
    }
}

impl Chapter {
    /// The chapter heading as written in the family's style: `二、维护宪法法律权威`.
    pub fn heading(&self) -> String {
        if self.number == 0 { self.title.clone() } else { format!("{}、{}", chinese_numeral(self.number), self.title) }
    }
}

impl Section {
    pub fn heading(&self) -> String {
        format!("({}){}", chinese_numeral(self.number), self.title)
    }
}

/// Formats 1…99 as Chinese numerals (一, 十, 十一, 二十七); larger numbers in digits.
pub fn chinese_numeral(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { DIGITS[(n - 10) as usize] }),
        20..=99 => {
            let ones = n % 10;
            format!("{}十{}", DIGITS[(n / 10) as usize], if ones == 0 { "" } else { DIGITS[ones as usize] })
        }
        _ => n.to_string(),
    }
}

/// Parses Chinese numerals 一…九十九 (also 〇/零 and 两); `None` if not a numeral.
pub fn parse_chinese_numeral(s: &str) -> Option<u32> {
    fn digit(c: char) -> Option<u32> {
        Some(match c {
            '〇' | '零' => 0,
            '一' => 1,
            '二' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    }
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [] => None,
        ['十'] => Some(10),
        [d] => digit(*d).filter(|&d| d > 0),
        ['十', d] => digit(*d).filter(|&d| d > 0).map(|d| 10 + d),
        [t, '十'] => digit(*t).filter(|&t| t > 1).map(|t| t * 10),
        [t, '十', d] => Some(digit(*t).filter(|&t| t > 1)? * 10 + digit(*d).filter(|&d| d > 0)?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_round_trip() {
        for n in 1..=99 {
            assert_eq!(parse_chinese_numeral(&chinese_numeral(n)), Some(n), "{n}");
        }
        assert_eq!(chinese_numeral(27), "二十七");
        assert_eq!(parse_chinese_numeral("一十"), None);
        assert_eq!(parse_chinese_numeral("宪"), None);
        assert_eq!(parse_chinese_numeral(""), None);
    }
}
