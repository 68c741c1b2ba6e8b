//! The typed model of one policy plan: metadata, chapters, sections, measures and the units
//! responsible for each measure.
//!
//! Measures are kept in one flat vector in document order; chapters and sections hold index
//! ranges into it. That keeps filtering and searching a plain scan over a slice while the
//! tree structure stays explicit. Task-division tables of an attachment are chapters too
//! (of kind [`ChapterKind::Attachment`]), after the body's, their groups its sections.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use serde::Serialize;

pub use super::deadline::Deadline;
pub use super::unit::{Role, Unit, UnitKind, UnitRef};
pub use crate::text::numerals::{chinese_numeral, parse_chinese_numeral};

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

    /// The year of the plan: a year in its title (`2021年工作要点`), else its document
    /// number's, else its date's.
    pub fn year(&self) -> Option<u16> {
        let from_title = self.title.char_indices().find_map(|(i, _)| {
            let rest = &self.title[i..];
            let digits = rest.get(..4).filter(|d| d.bytes().all(|b| b.is_ascii_digit()))?;
            let before_digit = self.title[..i].chars().next_back().is_some_and(|c| c.is_ascii_digit());
            (!before_digit && rest[4..].starts_with('年')).then(|| digits.parse().ok()).flatten()
        });
        let from_number = self.doc_number.as_deref().and_then(|n| {
            let digits: String =
                n.chars().skip_while(|c| !c.is_ascii_digit()).take_while(char::is_ascii_digit).collect();
            (digits.len() == 4).then(|| digits.parse().ok()).flatten()
        });
        from_title
            .filter(|y| (1990..=2100).contains(y))
            .or(from_number)
            .or_else(|| self.date().and_then(|d| d.get(..4)?.parse().ok()))
    }
}

/// Whether a chapter is part of the plan's body or a task table of an attachment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChapterKind {
    #[default]
    Body,
    Attachment,
}

/// A chapter (一、…). Chapter number 0 is the implicit chapter of a plan without chapter
/// headings (or of tasks at the 一、 level). An attachment's task table is a chapter of kind
/// [`ChapterKind::Attachment`] whose number is the attachment's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chapter {
    pub kind: ChapterKind,
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

/// A section ((一)…) of a chapter, or a group of rows of a task table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The number as printed; 0 for a table's group, which has none.
    pub number: u32,
    /// The number as the heading prints it: `(一)`, `1.`; empty for a table's group.
    pub marker: String,
    pub title: String,
    /// The section's own text: the rest of the heading paragraph after its title, and any
    /// paragraphs before its first measure.
    pub text: Vec<String>,
    pub measures: Range<usize>,
    pub line: usize,
}

/// A plan's measure text, shared by its measures: a string of its own, or a piece of a
/// read-only memory map (the parse cache's file), kept mapped while a plan uses it.
///
/// One pointer wide: each measure holds a clone, and a clone touches the plan's own count,
/// not one count shared by every plan read from the same map (which the threads reading
/// plans in parallel would otherwise all contend for).
#[derive(Clone)]
pub struct SharedText(Arc<TextStore>);

enum TextStore {
    Owned(Box<str>),
    Mapped { map: Arc<dyn AsRef<[u8]> + Send + Sync>, range: Range<usize> },
}

impl SharedText {
    /// A piece of a map, if it is valid UTF-8 (checked here, once).
    pub fn mapped(map: Arc<dyn AsRef<[u8]> + Send + Sync>, range: Range<usize>) -> Option<Self> {
        simdutf8::basic::from_utf8((*map).as_ref().get(range.clone())?).ok()?;
        Some(SharedText(Arc::new(TextStore::Mapped { map, range })))
    }

    /// Whether two texts are the same one (not merely equal).
    pub fn ptr_eq(a: &Self, b: &Self) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }
}

impl std::ops::Deref for SharedText {
    type Target = str;

    fn deref(&self) -> &str {
        match &*self.0 {
            TextStore::Owned(text) => text,
            TextStore::Mapped { map, range } => {
                let bytes = &(**map).as_ref()[range.clone()];
                // SAFETY: checked to be UTF-8 in `mapped`, and the map is read-only and never
                // written in place (see library::cache).
                unsafe { std::str::from_utf8_unchecked(bytes) }
            }
        }
    }
}

impl From<String> for SharedText {
    fn from(text: String) -> Self {
        SharedText(Arc::new(TextStore::Owned(text.into_boxed_str())))
    }
}

impl From<&str> for SharedText {
    fn from(text: &str) -> Self {
        SharedText(Arc::new(TextStore::Owned(Box::from(text))))
    }
}

impl std::fmt::Debug for SharedText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

/// One task of a plan (措施).
///
/// The text of all measures of a plan is kept in one string shared by them (each measure
/// holds ranges into it): the search index scans it as it is, without a copy.
#[derive(Debug, Clone)]
pub struct Measure {
    /// Unique in the plan: the printed number where the plan numbers its tasks without a
    /// repeat, else the path (`五.(三).2`, `二.(一).#2`); `附件1.3` for a table row.
    pub id: Box<str>,
    /// The number as printed (`（五十三）` → 53), `None` for an unnumbered task.
    pub number: Option<u32>,
    /// The plan's measure text: for each measure `title \n body \0`, then the insides of
    /// the unit annotations.
    text: SharedText,
    title: Range<u32>,
    body: Range<u32>,
    /// The insides of the measure's unit annotations in `text`, one a line (empty: none).
    annotation: Range<u32>,
    /// Whether the document states that the first listed unit leads (in force here).
    lead_rule: bool,
    /// The units: read from the annotations on first use (a search over a thousand plans
    /// needs the units of a few measures only), or read back with the plan from the parse
    /// cache.
    units: MeasureUnits,
    /// Its deadline (完成时限), if it has one.
    pub deadline: Option<Deadline>,
    /// For a table row: the group (a merged 任务名称 cell) it belongs to.
    pub group: Option<Box<str>>,
    /// Index of the chapter in [`Plan::chapters`].
    pub chapter: usize,
    /// Index of the section within its chapter, if any.
    pub section: Option<usize>,
    /// 1-based line of the measure's heading in the cleaned text.
    pub line: usize,
}

/// Where a measure's units come from.
#[derive(Debug, Clone)]
enum MeasureUnits {
    /// Its annotations, read on first use.
    Lazy(OnceLock<Box<[UnitRef]>>),
    /// Its plan's units as the parse cache kept them: the `n`th measure's of these.
    Read(Arc<StoredUnits>, u32),
}

/// A plan's units as the parse cache kept them (checked when the plan was read back), made
/// into units when one of its measures' is first asked for.
pub(crate) struct StoredUnits {
    decode: Box<dyn Fn() -> Option<ReadUnits> + Send + Sync>,
    measures: usize,
    read: OnceLock<ReadUnits>,
}

impl StoredUnits {
    /// Units of `measures` measures that `decode` makes.
    pub(crate) fn new(measures: usize, decode: impl Fn() -> Option<ReadUnits> + Send + Sync + 'static) -> Self {
        StoredUnits { decode: Box::new(decode), measures, read: OnceLock::new() }
    }

    fn get(&self) -> &ReadUnits {
        // What was checked when the plan was read back decodes; were the map changed
        // since by another program, the measures would have no units rather than wrong ones.
        self.read.get_or_init(|| {
            (self.decode)()
                .filter(|read| read.measures() == self.measures)
                .unwrap_or_else(|| ReadUnits::none(self.measures))
        })
    }
}

impl std::fmt::Debug for StoredUnits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredUnits").field("measures", &self.measures).field("read", &self.read.get()).finish()
    }
}

/// The units of every measure of a plan, one measure's after another, as read back from the
/// parse cache (which stored what [`super::units::parse_units`] gave).
#[derive(Debug)]
pub(crate) struct ReadUnits {
    refs: Box<[UnitRef]>,
    /// Where each measure's units start in `refs`, plus the end.
    starts: Box<[u32]>,
}

impl ReadUnits {
    /// `starts` must begin at 0, never go down and end at `refs.len()`; `None` otherwise.
    pub(crate) fn new(refs: Vec<UnitRef>, starts: Vec<u32>) -> Option<Self> {
        let ordered = starts.first() == Some(&0) && starts.windows(2).all(|w| w[0] <= w[1]);
        (ordered && starts.last().is_some_and(|&end| end as usize == refs.len()))
            .then(|| ReadUnits { refs: refs.into(), starts: starts.into() })
    }

    /// No units, for `measures` measures.
    fn none(measures: usize) -> Self {
        ReadUnits { refs: Box::default(), starts: vec![0; measures + 1].into() }
    }

    /// How many measures' units these are.
    pub(crate) fn measures(&self) -> usize {
        self.starts.len() - 1
    }

    fn of(&self, m: usize) -> &[UnitRef] {
        &self.refs[self.starts[m] as usize..self.starts[m + 1] as usize]
    }
}

/// Where a measure's title and body are in its plan's measure text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MeasureSpan {
    pub title: Range<u32>,
    pub body: Range<u32>,
    pub annotation: Range<u32>,
}

/// What a measure is, besides its text.
#[derive(Debug, Clone)]
pub(crate) struct MeasureInfo {
    pub id: Box<str>,
    pub number: Option<u32>,
    pub lead_rule: bool,
    pub deadline: Option<Deadline>,
    pub group: Option<Box<str>>,
    pub chapter: usize,
    pub section: Option<usize>,
    pub line: usize,
}

impl Measure {
    /// Makes a measure from its place in `text` (see [`Measure`]).
    pub(crate) fn new(text: SharedText, span: MeasureSpan, info: MeasureInfo) -> Self {
        Measure {
            id: info.id,
            number: info.number,
            text,
            title: span.title,
            body: span.body,
            annotation: span.annotation,
            lead_rule: info.lead_rule,
            units: MeasureUnits::Lazy(OnceLock::new()),
            deadline: info.deadline,
            group: info.group,
            chapter: info.chapter,
            section: info.section,
            line: info.line,
        }
    }

    /// Where the measure's title, body and annotation are in its text (for the parse
    /// cache, which stores them as they are).
    pub(crate) fn span(&self) -> MeasureSpan {
        MeasureSpan { title: self.title.clone(), body: self.body.clone(), annotation: self.annotation.clone() }
    }

    /// The units named in the measure's annotations, in order, each once.
    pub fn units(&self) -> &[UnitRef] {
        match &self.units {
            MeasureUnits::Lazy(cell) => {
                cell.get_or_init(|| super::units::parse_units(self.annotation(), self.lead_rule))
            }
            MeasureUnits::Read(all, m) => all.get().of(*m as usize),
        }
    }

    /// Gives the measure the units the parse cache kept for it: the `m`th measure's of
    /// `all` (`m` must be below the number of measures `all` was made for).
    pub(crate) fn set_stored_units(&mut self, all: &Arc<StoredUnits>, m: usize) {
        debug_assert!(m < all.measures);
        self.units = MeasureUnits::Read(Arc::clone(all), m as u32);
    }

    /// The insides of the unit annotations as written, one a line (empty if there is none).
    pub fn annotation(&self) -> &str {
        &self.text[self.annotation.start as usize..self.annotation.end as usize]
    }

    /// Whether the document's lead rule (排在第一位的为牵头单位) is in force for this measure.
    pub fn lead_rule(&self) -> bool {
        self.lead_rule
    }

    /// The text up to the first 。.
    pub fn title(&self) -> &str {
        &self.text[self.title.start as usize..self.title.end as usize]
    }

    /// The rest of the text, paragraphs separated by `\n`, without the unit annotations at
    /// the ends of paragraphs.
    pub fn body(&self) -> &str {
        &self.text[self.body.start as usize..self.body.end as usize]
    }

    /// The plan's measure text this measure lies in, and where (title to end of body).
    pub fn text_span(&self) -> (&SharedText, Range<usize>) {
        (&self.text, self.title.start as usize..self.body.end as usize)
    }

    /// The units that lead this measure (牵头单位).
    pub fn leads(&self) -> impl Iterator<Item = &UnitRef> {
        self.units().iter().filter(|u| u.is_lead())
    }

    /// The role of the unit with this canonical name in the measure, if it takes part.
    pub fn role_of(&self, unit: &str) -> Option<Role> {
        self.units().iter().find(|u| &*u.name == unit).map(|u| u.role)
    }
}

impl PartialEq for Measure {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
            && self.number == other.number
            && self.title() == other.title()
            && self.body() == other.body()
            && self.units() == other.units()
            && self.deadline == other.deadline
            && self.group == other.group
            && (self.chapter, self.section, self.line) == (other.chapter, other.section, other.line)
    }
}

impl Eq for Measure {}

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
    /// The measure with this id.
    pub fn measure(&self, id: &str) -> Option<&Measure> {
        self.measure_index(id).map(|i| &self.measures[i])
    }

    /// The position in [`Plan::measures`] of the measure with this id.
    pub fn measure_index(&self, id: &str) -> Option<usize> {
        // Numbered plans (most) have their numbers as ids, in order: a binary search.
        if let Ok(number) = id.parse::<u32>()
            && let Ok(i) = self.measures.binary_search_by(|m| m.number.unwrap_or(0).cmp(&number))
            && *self.measures[i].id == *id
        {
            return Some(i);
        }
        self.measures.iter().position(|m| &*m.id == id)
    }

    /// The measure a user means by `query`: its id, else the printed number if only one
    /// measure carries it.
    pub fn find_measure(&self, query: &str) -> Option<usize> {
        let query = query.trim();
        if let Some(i) = self.measure_index(query) {
            return Some(i);
        }
        let number: u32 = query.parse().ok()?;
        let mut found = self.measures.iter().enumerate().filter(|(_, m)| m.number == Some(number));
        match (found.next(), found.next()) {
            (Some((i, _)), None) => Some(i),
            _ => None,
        }
    }

    /// Where a measure stands, for titles and the status line: `12/77` where ids are
    /// numbers, else `五.(三).2 (12/77)`.
    pub fn position_label(&self, index: usize) -> String {
        let measure = &self.measures[index];
        let last = self.measures.last().map_or("", |m| &m.id);
        if measure.id.parse::<u32>().is_ok() && last.parse::<u32>().is_ok() {
            format!("{}/{last}", measure.id)
        } else {
            format!("{} ({}/{})", measure.id, index + 1, self.measures.len())
        }
    }

    pub fn section_count(&self) -> usize {
        self.chapters.iter().filter(|c| c.kind == ChapterKind::Body).map(|c| c.sections.len()).sum()
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
        let section = measure.section.map(|s| chapter.sections[s].heading());
        (chapter.heading(), section)
    }
}

impl Chapter {
    /// The chapter heading as written in the family's style: `二、维护宪法法律权威`; an
    /// attachment's table by its title.
    pub fn heading(&self) -> String {
        if self.number == 0 || self.kind == ChapterKind::Attachment {
            self.title.clone()
        } else {
            format!("{}、{}", chinese_numeral(self.number), self.title)
        }
    }
}

impl Section {
    /// The section heading: `(一)落实宪法法律实施和监督制度`; a table's group by its name.
    pub fn heading(&self) -> String {
        format!("{}{}", self.marker, self.title)
    }
}
