//! Exporting plans as JSON (the whole model), Markdown and CSV (one row per measure, what an
//! official pastes into a report), optionally only one unit's measures.

pub mod by_unit;
pub mod docx;
pub mod schema;
pub mod xlsx;

use crate::library::{Library, MeasureId, UnitStats};
use crate::plan::{Chapter, ChapterKind, Measure, Plan, Role, Section};

use schema::{AttachmentJson, ChapterJson, MarkFields, MeasureJson, PlanJson, PlansJson, SectionJson, WarningJson};

/// Which measures to export.
#[derive(Clone, Copy, Default)]
pub struct Selection<'a> {
    /// Only the measures of this unit.
    pub unit: Option<&'a UnitStats>,
    /// With `unit`: only those it leads.
    pub lead_only: bool,
    /// Any further condition (e.g. a mark filter).
    pub keep: Option<&'a (dyn Fn(MeasureId) -> bool + Sync)>,
}

impl Selection<'_> {
    pub(crate) fn is_filtered(&self) -> bool {
        self.unit.is_some() || self.keep.is_some()
    }

    /// Whether the measure is exported, and the selected unit's role in it.
    pub(crate) fn check(&self, id: MeasureId) -> Option<Option<Role>> {
        if let Some(keep) = self.keep
            && !keep(id)
        {
            return None;
        }
        match self.unit {
            None => Some(None),
            Some(unit) => match unit.role_in(id) {
                Some(Role::Partner | Role::Responsible) if self.lead_only => None,
                Some(role) => Some(Some(role)),
                None => None,
            },
        }
    }
}

/// Extra per-measure fields (such as marks) merged into each exported measure.
pub trait MeasureExtras: Sync {
    /// The marks to add to the measure's JSON object, if any.
    fn json(&self, id: MeasureId) -> Option<MarkFields>;
    /// Extra columns: header names and values.
    fn columns(&self) -> Vec<&'static str>;
    fn values(&self, id: MeasureId) -> Vec<String>;
}

/// No extras.
pub struct NoExtras;

impl MeasureExtras for NoExtras {
    fn json(&self, _: MeasureId) -> Option<MarkFields> {
        None
    }
    fn columns(&self) -> Vec<&'static str> {
        Vec::new()
    }
    fn values(&self, _: MeasureId) -> Vec<String> {
        Vec::new()
    }
}

/// The model as JSON: one object for one plan, an array for several.
pub fn json<'a>(library: &'a Library, selection: &Selection<'_>, extras: &dyn MeasureExtras) -> PlansJson<'a> {
    let mut plans =
        library.plans.iter().enumerate().filter_map(|(p, loaded)| plan_json(&loaded.plan, p as u32, selection, extras));
    if library.plans.len() == 1 {
        PlansJson::One(plans.next().map(Box::new))
    } else {
        PlansJson::Several(plans.collect())
    }
}

fn plan_json<'a>(
    plan: &'a Plan,
    p: u32,
    selection: &Selection<'_>,
    extras: &dyn MeasureExtras,
) -> Option<PlanJson<'a>> {
    let measure_json = |index: usize| -> Option<MeasureJson<'a>> {
        let id = MeasureId { plan: p, index: index as u32 };
        let role = selection.check(id)?;
        let measure = MeasureJson { role, ..MeasureJson::from(&plan.measures[index]) };
        Some(measure.with_marks(extras.json(id)))
    };
    let measures_in =
        |range: std::ops::Range<usize>| -> Vec<MeasureJson<'a>> { range.filter_map(measure_json).collect() };
    let filtered = selection.is_filtered();
    let section_json = |section: &'a Section| -> Option<SectionJson<'a>> {
        let measures = measures_in(section.measures.clone());
        if filtered && measures.is_empty() {
            return None;
        }
        Some(SectionJson { measures, number: section.number, text: section.text.join("\n"), title: &section.title })
    };
    let chapter_json = |chapter: &'a Chapter| -> Option<ChapterJson<'a>> {
        let sections: Vec<SectionJson<'a>> = chapter.sections.iter().filter_map(section_json).collect();
        let measures = measures_in(chapter.direct_measures.clone());
        if filtered && sections.is_empty() && measures.is_empty() {
            return None;
        }
        Some(ChapterJson {
            measures,
            number: chapter.number,
            sections,
            text: chapter.text.join("\n"),
            title: &chapter.title,
        })
    };
    let chapters: Vec<ChapterJson<'a>> =
        plan.chapters.iter().filter(|c| c.kind == ChapterKind::Body).filter_map(chapter_json).collect();
    let attachments: Vec<AttachmentJson<'a>> = plan
        .chapters
        .iter()
        .filter(|c| c.kind == ChapterKind::Attachment)
        .filter_map(|c| {
            let measures = measures_in(c.measures.clone());
            if filtered && measures.is_empty() {
                return None;
            }
            Some(AttachmentJson { measures, number: c.number, title: &c.title })
        })
        .collect();
    if filtered && chapters.is_empty() && attachments.is_empty() {
        return None;
    }
    let meta = &plan.meta;
    Some(PlanJson {
        adopted: meta.adopted.as_deref(),
        attachments,
        chapters,
        closing: plan.closing.join("\n"),
        date: meta.date(),
        doc_number: meta.doc_number.as_deref(),
        id: &plan.id,
        issued: meta.issued.as_deref(),
        issuer: meta.issuer.as_deref(),
        preamble: plan.preamble.join("\n"),
        title: &meta.title,
        warnings: plan.warnings.iter().map(WarningJson::from).collect(),
    })
}

/// A row of the Markdown/CSV/Excel duty list.
pub(crate) struct Row<'a> {
    pub(crate) id: MeasureId,
    pub(crate) measure: &'a Measure,
    /// The selected unit's role in the measure (in one unit's list).
    pub(crate) role: Option<Role>,
}

/// The selected measures of plan `p`, in order.
pub(crate) fn rows<'a>(library: &'a Library, p: u32, selection: &Selection<'_>) -> Vec<Row<'a>> {
    let plan = library.plan(p);
    (0..plan.measures.len())
        .filter_map(|i| {
            let id = MeasureId { plan: p, index: i as u32 };
            let role = selection.check(id)?;
            Some(Row { id, measure: &plan.measures[i], role })
        })
        .collect()
}

/// How a unit is named in a duty list: by its canonical name, as the browser, `units` and
/// the sheet of unit counts name it, so that a filter on one finds the rows of the other.
/// The spelling in the document, where it differs, has a column of its own ([`spellings`]).
pub(crate) fn canonical_name(unit: &crate::plan::UnitRef) -> &str {
    &unit.name
}

/// The lead units (`lead`) or the other units of a measure, each named by `name`, joined
/// with 、.
pub(crate) fn unit_list(measure: &Measure, lead: bool, name: fn(&crate::plan::UnitRef) -> &str) -> String {
    measure.units().iter().filter(|u| u.is_lead() == lead).map(name).collect::<Vec<_>>().join("、")
}

/// The units the document spells otherwise than their canonical name, each as
/// `县法院（即县人民法院）`, joined with 、; empty when the document uses the canonical names.
pub(crate) fn spellings(measure: &Measure) -> String {
    let mut seen: Vec<&str> = Vec::new();
    let mut out: Vec<String> = Vec::new();
    for unit in measure.units() {
        // A group is named as the document writes it (相关单位 of 县司法局等相关单位).
        if unit.kind == crate::plan::UnitKind::Office && unit.raw != unit.name && !seen.contains(&&*unit.raw) {
            seen.push(&unit.raw);
            out.push(format!("{}（即{}）", unit.raw, unit.name));
        }
    }
    out.join("、")
}

/// The deadline as written, and the last day it allows (ISO 8601) where it names one.
pub(crate) fn deadline_cells(measure: &Measure) -> (String, String) {
    match &measure.deadline {
        Some(d) => (d.text.to_string(), d.date.map(|date| date.to_string()).unwrap_or_default()),
        None => (String::new(), String::new()),
    }
}

/// The columns of a measure's row in a duty list, shared by Markdown and CSV: each writer
/// puts its own columns first (CSV: where the measure is) and escapes the cells its way.
struct Columns<'a> {
    /// Whether the list is one unit's: a column says the unit's role.
    role: bool,
    extras: &'a dyn MeasureExtras,
}

impl<'a> Columns<'a> {
    fn new(selection: &Selection<'_>, extras: &'a dyn MeasureExtras) -> Self {
        Columns { role: selection.unit.is_some(), extras }
    }

    /// The column names: number, title, full text, lead units, other units (canonical
    /// names), the spellings of the document that differ, the deadline as written and its
    /// date, then the unit's role (in one unit's list) and the extras' columns. Not translated: the
    /// columns are the documents' own words in every interface language, and scripts read
    /// them (as they read the JSON keys of `schema`).
    fn header(&self) -> Vec<&'static str> {
        let mut header = vec!["序号", "措施", "内容", "牵头单位", "配合单位", "文中写法", "完成时限", "截止日期"];
        if self.role {
            header.push("本单位角色");
        }
        header.extend(self.extras.columns());
        header
    }

    /// A row's cells, as plain text, in the order of [`Columns::header`].
    fn cells(&self, row: &Row<'_>) -> Vec<String> {
        let measure = row.measure;
        let (deadline, date) = deadline_cells(measure);
        let mut cells = vec![
            measure.id.to_string(),
            measure.title().to_string(),
            measure.body().to_string(),
            unit_list(measure, true, canonical_name),
            unit_list(measure, false, canonical_name),
            spellings(measure),
            deadline,
            date,
        ];
        if let Some(role) = row.role {
            cells.push(role.label().to_string());
        }
        cells.extend(self.extras.values(row.id));
        cells
    }
}

/// A Markdown duty list: per plan a heading and per chapter a table.
pub fn markdown(library: &Library, selection: &Selection<'_>, extras: &dyn MeasureExtras) -> String {
    let columns = Columns::new(selection, extras);
    let mut out = String::new();
    for p in 0..library.plans.len() as u32 {
        let plan = library.plan(p);
        let rows = rows(library, p, selection);
        if rows.is_empty() {
            continue;
        }
        out.push_str(&format!("# {}\n\n", md_escape(&plan.meta.title)));
        let meta: Vec<&str> = [plan.meta.doc_number.as_deref(), plan.meta.issuer.as_deref(), plan.meta.date()]
            .into_iter()
            .flatten()
            .collect();
        if !meta.is_empty() {
            out.push_str(&format!("{}\n\n", md_escape(&meta.join(" · "))));
        }
        if let Some(unit) = selection.unit {
            let lead = rows.iter().filter(|r| r.role == Some(Role::Lead)).count();
            out.push_str(&format!("{}：{} 项措施，其中牵头 {} 项。\n\n", md_escape(&unit.name), rows.len(), lead));
        }
        let header = columns.header();
        let mut chapter = usize::MAX;
        let mut rows = rows.iter().peekable();
        while let Some(row) = rows.next() {
            if row.measure.chapter != chapter {
                chapter = row.measure.chapter;
                let heading = plan.chapters[chapter].heading();
                if !heading.is_empty() {
                    out.push_str(&format!("## {}\n\n", md_escape(&heading)));
                }
                out.push_str(&format!("| {} |\n", header.join(" | ")));
                out.push_str(&format!("|{}\n", "---|".repeat(header.len())));
            }
            let cells: Vec<String> = columns.cells(row).iter().map(|c| md_escape(c)).collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
            if rows.peek().is_none_or(|next| next.measure.chapter != chapter) {
                out.push('\n');
            }
        }
    }
    out
}

/// Text for a Markdown table cell or heading: nothing in it is markup. HTML (`<script>`,
/// `<a href="javascript:…">`) shows as text, links and autolinks cannot form, emphasis and
/// code marks are literal, and a cell stays one cell on one line.
pub(crate) fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' => out.push(' '),
            '\\' | '|' | '[' | ']' | '`' | '*' | '_' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A cell bound for a spreadsheet: one starting with `=` `+` `-` `@`, a tab or a carriage
/// return would be read as a formula (`=HYPERLINK(…)`), so it gets a leading `'`, as OWASP
/// recommends for CSV injection.
pub fn spreadsheet_cell(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// A CSV duty list: one row per measure of every plan.
pub fn csv(library: &Library, selection: &Selection<'_>, extras: &dyn MeasureExtras) -> String {
    let columns = Columns::new(selection, extras);
    // CRLF, as RFC 4180 and Excel have it.
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let mut header = vec!["文号", "章", "节"];
    header.extend(columns.header());
    // Writing to a Vec cannot fail.
    let _ = writer.write_record(&header);
    let write = |writer: &mut csv::Writer<Vec<u8>>, record: &[String]| {
        let _ = writer.write_record(record.iter().map(|cell| spreadsheet_cell(cell).into_owned()));
    };
    for p in 0..library.plans.len() as u32 {
        let plan = library.plan(p);
        for row in rows(library, p, selection) {
            let chapter = &plan.chapters[row.measure.chapter];
            let section = row.measure.section.map(|s| chapter.sections[s].heading()).unwrap_or_default();
            let mut record = vec![plan.id.clone(), chapter.heading(), section];
            record.extend(columns.cells(&row));
            write(&mut writer, &record);
        }
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}
