//! Cleaned text to a [`Plan`]: lines and paragraphs (undoing PDF line breaks and page
//! numbers), task tables of attachments, the title block and its metadata, the body's
//! structure and tasks, deadlines, ids, and the closing signature.
//!
//! Every step is linear in the text.

use super::annotation::{deadline_clause, deadline_field, states_lead_rule};
use super::deadline::{self, Deadline};
use super::headings::{Heading, heading};
use super::lines::{lines, paragraphs, wrap_width};
use super::meta::{closing_metadata, title_block};
use super::model::{Chapter, ChapterKind, Measure, MeasureInfo, MeasureSpan, Meta, Plan, Section, SharedText};
use super::structure::{self, TaskDraft, TaskTexts};
use super::table;

/// Why a text is not a plan.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("{}", crate::tr!("error-not-a-plan"))]
    NoMeasures,
}

/// Parses cleaned text into a plan.
pub fn parse(text: &str) -> Result<Plan, ParseError> {
    let lines = lines(text);
    // A table's header has 序号, cells separated by |, or columns aligned by spaces: a text
    // with none of these (most) has no table.
    let bytes = text.as_bytes();
    let has_xuhao = memchr::memmem::find(bytes, "序号".as_bytes()).is_some();
    let may_have_tables =
        has_xuhao || memchr::memchr(b'|', bytes).is_some() || memchr::memmem::find(bytes, b"  ").is_some();
    let tables = if may_have_tables { table::find(&lines, has_xuhao) } else { Vec::new() };
    let wrap = wrap_width(&lines);
    // Paragraphs of everything that is not a table.
    let mut paras = Vec::with_capacity(lines.len() / 2 + 1);
    let mut at = 0;
    for t in &tables {
        paras.extend(paragraphs(&lines, at..t.lines.start, wrap));
        at = t.lines.end;
    }
    paras.extend(paragraphs(&lines, at..lines.len(), wrap));
    let paras = if has_second_item(bytes) { super::lines::split_inline_items(paras) } else { paras };
    // Each paragraph's heading, read once.
    let heads: Vec<Option<Heading<'_>>> = paras.iter().map(|p| heading(&p.text)).collect();

    let body_start = structure::body_start(&paras, &heads);
    if body_start.is_none() && tables.iter().all(|t| t.rows.is_empty()) {
        return Err(ParseError::NoMeasures);
    }
    let body_start = body_start.unwrap_or(paras.len());
    let mut meta = Meta::default();
    let preamble = title_block(&paras[..body_start], &mut meta);
    let preamble_states_rule = preamble.iter().any(|p| states_lead_rule(p));
    let table_tasks = tables.iter().any(|t| !t.rows.is_empty());
    let body = structure::read(&paras[body_start..], &heads[body_start..], preamble_states_rule, table_tasks);
    let structure::Body { mut chapters, mut tasks, mut texts, mut closing, warnings } = body;
    let body_has_units = tasks.iter().any(|t| !t.annotations.is_empty());
    // Task tables: their rows are tasks where the body's tasks name no units.
    if !body_has_units {
        for t in &tables {
            if t.rows.is_empty() {
                continue;
            }
            table::append(t, &mut chapters, &mut tasks, &mut texts);
        }
    }
    if tasks.is_empty() {
        return Err(ParseError::NoMeasures);
    }
    closing_metadata(&closing, &mut meta);
    if meta.issued.is_none() {
        // A date in the notice before the plan's title.
        closing_metadata(&preamble, &mut meta);
    }
    closing.shrink_to_fit();
    // The plan's year, for year-less deadlines: its own, else the latest year of the
    // documents its preamble cites (a plan comes after what it implements).
    let year = meta
        .year()
        .or_else(|| preamble.iter().filter_map(|p| super::meta::cited_year(p)).max())
        .and_then(|y| i16::try_from(y).ok());
    let (measures, chapters) = build(tasks, texts, chapters, year);
    let id = plan_id(&meta);
    Ok(Plan { id, meta, preamble, chapters, measures, closing, warnings })
}

/// Whether the text has a `(2)` or `（2）` anywhere: looked for at its digits 2, which are
/// rarer than the bytes a substring search would key on in Chinese text.
fn has_second_item(bytes: &[u8]) -> bool {
    memchr::memchr_iter(b'2', bytes).any(|i| {
        let (before, after) = (&bytes[..i], &bytes[i + 1..]);
        (before.ends_with(b"(") && after.starts_with(b")"))
            || (before.ends_with("（".as_bytes()) && after.starts_with("）".as_bytes()))
    })
}

/// Turns task drafts into measures sharing one text, and sets the chapters' and sections'
/// measure ranges.
fn build(
    tasks: Vec<TaskDraft>,
    texts: TaskTexts,
    mut chapters: Vec<Chapter>,
    year: Option<i16>,
) -> (Vec<Measure>, Vec<Chapter>) {
    // One text for all measures: titles and bodies as written, then the notes.
    let TaskTexts { mut text, notes } = texts;
    let offset = text.len() as u32;
    text.push_str(&notes);
    let text = SharedText::from(text);
    let at = |range: &std::ops::Range<u32>| range.start + offset..range.end + offset;
    let mut measures = Vec::with_capacity(tasks.len());
    for (index, task) in tasks.into_iter().enumerate() {
        let span =
            MeasureSpan { title: task.title.clone(), body: task.body.clone(), annotation: at(&task.annotations) };
        let slice = |range: &std::ops::Range<u32>| &text[range.start as usize..range.end as usize];
        let field = task.deadline_field.as_ref().map(|r| slice(&at(r)));
        let deadline =
            deadline_of(field, slice(&span.annotation), year, &text[span.title.start as usize..span.body.end as usize]);
        let chapter = &mut chapters[task.chapter];
        if chapter.measures.is_empty() {
            chapter.measures = index..index;
        }
        chapter.measures.end = index + 1;
        match task.section {
            Some(s) => {
                let section: &mut Section = &mut chapter.sections[s];
                if section.measures.is_empty() {
                    section.measures = index..index;
                }
                section.measures.end = index + 1;
            }
            None => {
                // Measures directly under the chapter come before its sections.
                if chapter.direct_measures.is_empty() {
                    chapter.direct_measures = index..index;
                }
                chapter.direct_measures.end = index + 1;
            }
        }
        let info = MeasureInfo {
            id: task.id.into_boxed_str(),
            number: task.number,
            lead_rule: task.lead_rule,
            deadline,
            group: task.group.map(String::into_boxed_str),
            chapter: task.chapter,
            section: task.section,
            line: task.line,
        };
        measures.push(Measure::new(text.clone(), span, info));
    }
    // Chapters without measures keep an empty range where the next measures start.
    let mut next = measures.len();
    for chapter in chapters.iter_mut().rev() {
        if chapter.measures.is_empty() {
            chapter.measures = next..next;
        } else {
            next = chapter.measures.start;
        }
        if chapter.direct_measures.is_empty() {
            chapter.direct_measures = chapter.measures.start..chapter.measures.start;
        }
        let mut section_next = chapter.measures.end;
        for section in chapter.sections.iter_mut().rev() {
            if section.measures.is_empty() {
                section.measures = section_next..section_next;
            } else {
                section_next = section.measures.start;
            }
        }
    }
    (measures, chapters)
}

/// A task's deadline: its field (in an annotation, on a line of its own, or a table
/// column), or a clause of an annotation that is one (`（A负责，2025年底前完成）`), else a
/// date followed by 前 or 完成 in its text.
fn deadline_of(field: Option<&str>, annotations: &str, year: Option<i16>, text: &str) -> Option<Deadline> {
    let field = field
        .or_else(|| annotations.split('\n').find_map(deadline_field))
        .or_else(|| annotations.split('\n').find_map(deadline_clause));
    if let Some(field) = field.filter(|f| !f.is_empty()) {
        return deadline::from_field(field, year);
    }
    deadline::from_text(text, year)
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

/// Whether a chapter is an attachment's table.
pub fn is_attachment(chapter: &Chapter) -> bool {
    chapter.kind == ChapterKind::Attachment
}
