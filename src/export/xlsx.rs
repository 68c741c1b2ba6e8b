//! Exporting the duty list as an Excel workbook: one worksheet per plan (one row per
//! measure, deadlines as dates), and a last sheet counting each unit's measures.
//!
//! The column names are Chinese in every interface language, as in the CSV: they are the
//! documents' own words, and scripts and Excel's filters read them.

use std::borrow::Cow;
use std::collections::HashSet;

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet};

use super::by_unit::{INDEX_COLUMNS, INDEX_STEM, IndexRow};
use crate::library::{Library, UnitIndex};
use crate::plan::{Deadline, Measure, Plan, UnitKind};

use super::{MeasureExtras, Row, Selection, canonical_name, rows, spellings, unit_list};

/// The name of the last sheet, the units' counts.
pub const UNITS_SHEET: &str = "单位统计";

/// The longest sheet name Excel takes, in UTF-16 code units.
const MAX_SHEET_NAME: usize = 31;

/// The longest text a cell holds, in UTF-16 code units.
const MAX_CELL: usize = 32_767;

/// Why the workbook could not be written.
#[derive(Debug, thiserror::Error)]
pub enum XlsxError {
    #[error("{}", crate::tr!("error-export-xlsx", problem = .0.to_string()))]
    Write(#[from] rust_xlsxwriter::XlsxError),
}

/// The cell formats of a workbook.
struct Formats {
    header: Format,
    /// A cell of one line: top-aligned, as the wrapped cells beside it.
    plain: Format,
    wrap: Format,
    date: Format,
}

impl Formats {
    fn new() -> Self {
        let plain = Format::new().set_align(FormatAlign::Top);
        Formats {
            header: Format::new().set_bold(),
            wrap: plain.clone().set_text_wrap(),
            date: plain.clone().set_num_format("yyyy-mm-dd"),
            plain,
        }
    }
}

/// The duty list as an `.xlsx` workbook: a worksheet per plan with measures selected (every
/// plan when nothing filters), named by its 文号, in library order; then [`UNITS_SHEET`].
///
/// A plan's columns: 序号 章节 任务 内容 牵头单位 配合单位 (canonical names) 文中写法 (the
/// document's other spellings) 完成时限, then 角色 (the unit's role,
/// in one unit's list) and the extras' columns. Text goes in with `write_string`, so no
/// cell is ever a formula: the `'` that [`super::spreadsheet_cell`] puts before `=…` in a
/// CSV is not needed here.
/// `units` is the library's unit index, for that sheet.
pub fn xlsx(
    library: &Library,
    units: &UnitIndex,
    selection: &Selection<'_>,
    extras: &dyn MeasureExtras,
) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    let mut names = SheetNames::default();
    names.take(UNITS_SHEET);
    for p in 0..library.plans.len() as u32 {
        let plan = library.plan(p);
        let rows = rows(library, p, selection);
        if selection.is_filtered() && rows.is_empty() {
            continue;
        }
        let sheet = workbook.add_worksheet();
        sheet.set_name(names.unique(&plan.id))?;
        plan_sheet(sheet, plan, &rows, selection, extras, &formats)?;
    }
    let sheet = workbook.add_worksheet();
    sheet.set_name(UNITS_SHEET)?;
    units_sheet(sheet, units, &formats)?;
    Ok(workbook.save_to_buffer()?)
}

/// A column: its name, width (in characters of the default font; a Chinese character takes
/// about two) and whether its cells wrap.
struct Column {
    name: &'static str,
    width: f64,
    wrap: bool,
}

const fn column(name: &'static str, width: f64, wrap: bool) -> Column {
    Column { name, width, wrap }
}

/// The columns of a plan's sheet (the names as [`super::Columns`] explains: not translated).
const PLAN_COLUMNS: [Column; 8] = [
    column("序号", 6.0, false),
    column("章节", 24.0, true),
    column("任务", 30.0, true),
    column("内容", 60.0, true),
    column("牵头单位", 24.0, true),
    column("配合单位", 24.0, true),
    column("文中写法", 16.0, true),
    column("完成时限", 14.0, false),
];
const ROLE_COLUMN: Column = column("角色", 6.0, false);
const EXTRA_WIDTH: f64 = 16.0;

/// The columns of [`UNITS_SHEET`].
const UNIT_COLUMNS: [Column; 5] = [
    column("单位", 30.0, false),
    column("类别", 10.0, false),
    column("牵头", 8.0, false),
    column("配合", 8.0, false),
    column("合计", 8.0, false),
];

/// Writes the header row (frozen) and sets the widths.
fn header(sheet: &mut Worksheet, columns: &[Column], formats: &Formats) -> Result<(), XlsxError> {
    for (c, column) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, column.name, &formats.header)?;
        sheet.set_column_width(c as u16, column.width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The filter buttons over the header and `rows` data rows.
fn autofilter(sheet: &mut Worksheet, rows: usize, columns: usize) -> Result<(), XlsxError> {
    sheet.autofilter(0, 0, rows as u32, columns.saturating_sub(1) as u16)?;
    Ok(())
}

fn plan_sheet(
    sheet: &mut Worksheet,
    plan: &Plan,
    rows: &[Row<'_>],
    selection: &Selection<'_>,
    extras: &dyn MeasureExtras,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let mut columns: Vec<Column> = PLAN_COLUMNS.into_iter().collect();
    if selection.unit.is_some() {
        columns.push(ROLE_COLUMN);
    }
    columns.extend(extras.columns().into_iter().map(|name| column(name, EXTRA_WIDTH, true)));
    header(sheet, &columns, formats)?;
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        let measure = row.measure;
        let text = |c: usize| if columns[c].wrap { &formats.wrap } else { &formats.plain };
        match measure.number {
            Some(n) => sheet.write_number_with_format(r, 0, f64::from(n), &formats.plain)?,
            None => sheet.write_string_with_format(r, 0, &*measure.id, &formats.plain)?,
        };
        let (chapter, section) = plan.path_of(measure);
        let path = match section {
            Some(section) => format!("{chapter} › {section}"),
            None => chapter,
        };
        let cells = [
            (1, path),
            (2, measure.title().to_string()),
            (3, measure.body().to_string()),
            (4, unit_list(measure, true, canonical_name)),
            (5, unit_list(measure, false, canonical_name)),
            (6, spellings(measure)),
        ];
        for (c, value) in cells {
            sheet.write_string_with_format(r, c as u16, cell_text(&value), text(c))?;
        }
        deadline(sheet, r, 7, measure, formats)?;
        let mut c = PLAN_COLUMNS.len();
        if let Some(role) = row.role {
            sheet.write_string_with_format(r, c as u16, role.label(), &formats.plain)?;
            c += 1;
        }
        for value in extras.values(row.id) {
            sheet.write_string_with_format(r, c as u16, cell_text(&value), text(c))?;
            c += 1;
        }
    }
    autofilter(sheet, rows.len(), columns.len())
}

/// A deadline: an Excel date where it has one (so that it sorts and filters as a date),
/// else its text.
fn deadline(sheet: &mut Worksheet, r: u32, c: u16, measure: &Measure, formats: &Formats) -> Result<(), XlsxError> {
    let Some(Deadline { text, date }) = &measure.deadline else {
        return Ok(());
    };
    // Excel's dates run from 1900 to 9999; anything else stays text.
    let excel_date = date.and_then(|d| {
        let year = u16::try_from(d.year()).ok()?;
        ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8).ok()
    });
    match excel_date {
        Some(date) => sheet.write_datetime_with_format(r, c, date, &formats.date)?,
        None => sheet.write_string_with_format(r, c, cell_text(text), &formats.plain)?,
    };
    Ok(())
}

/// The index of `export --by-unit` as a workbook: a sheet 索引 of the units, their counts and
/// files.
pub fn index_xlsx(rows: &[IndexRow]) -> Result<Vec<u8>, XlsxError> {
    const COLUMNS: [Column; 6] = [
        column(INDEX_COLUMNS[0], 30.0, false),
        column(INDEX_COLUMNS[1], 14.0, false),
        column(INDEX_COLUMNS[2], 8.0, false),
        column(INDEX_COLUMNS[3], 8.0, false),
        column(INDEX_COLUMNS[4], 8.0, false),
        column(INDEX_COLUMNS[5], 40.0, false),
    ];
    let formats = Formats::new();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(INDEX_STEM)?;
    header(sheet, &COLUMNS, &formats)?;
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, cell_text(&row.name))?;
        sheet.write_string(r, 1, row.kind_label())?;
        sheet.write_number(r, 2, row.lead as f64)?;
        sheet.write_number(r, 3, row.partner as f64)?;
        sheet.write_number(r, 4, row.total as f64)?;
        sheet.write_string(r, 5, cell_text(&row.file))?;
    }
    autofilter(sheet, rows.len(), COLUMNS.len())?;
    Ok(workbook.save_to_buffer()?)
}

fn units_sheet(sheet: &mut Worksheet, units: &UnitIndex, formats: &Formats) -> Result<(), XlsxError> {
    header(sheet, &UNIT_COLUMNS, formats)?;
    for (r, unit) in units.units.iter().enumerate() {
        let r = r as u32 + 1;
        let kind = match unit.kind {
            UnitKind::Office => "部门",
            UnitKind::Group => "议事机构",
        };
        sheet.write_string(r, 0, cell_text(&unit.name))?;
        sheet.write_string(r, 1, kind)?;
        sheet.write_number(r, 2, unit.lead as f64)?;
        sheet.write_number(r, 3, (unit.total - unit.lead) as f64)?;
        sheet.write_number(r, 4, unit.total as f64)?;
    }
    autofilter(sheet, units.units.len(), UNIT_COLUMNS.len())
}

/// A text as a cell takes it: cut to Excel's 32,767 characters, with … where it was cut.
fn cell_text(s: &str) -> Cow<'_, str> {
    if s.encode_utf16().count() <= MAX_CELL {
        return Cow::Borrowed(s);
    }
    let mut out = String::new();
    let mut len = 0;
    for ch in s.chars() {
        if len + ch.len_utf16() > MAX_CELL - 1 {
            break;
        }
        len += ch.len_utf16();
        out.push(ch);
    }
    out.push('…');
    Cow::Owned(out)
}

/// The sheet names given so far, to keep each unique as Excel requires (case-insensitively).
#[derive(Default)]
pub struct SheetNames {
    taken: HashSet<String>,
}

impl SheetNames {
    /// Marks a name as taken.
    pub fn take(&mut self, name: &str) {
        self.taken.insert(name.to_lowercase());
    }

    /// A name for a sheet after `wanted` that Excel takes and no earlier sheet has: without
    /// `[]:*?/\` and control characters (each becomes `_`), no `'` at either end, at most
    /// 31 characters (UTF-16), then ` (2)`, ` (3)`… for a name already given.
    pub fn unique(&mut self, wanted: &str) -> String {
        let cleaned: String = wanted
            .trim()
            .chars()
            .map(|c| if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') || c.is_control() { '_' } else { c })
            .collect();
        let cleaned = cleaned.trim_matches('\'').trim();
        let base = if cleaned.is_empty() { "计划" } else { cleaned };
        let mut n = 1;
        loop {
            let suffix = if n == 1 { String::new() } else { format!(" ({n})") };
            let name = format!("{}{suffix}", cut_utf16(base, MAX_SHEET_NAME - suffix.len()).trim_end_matches('\''));
            // History is Excel's own (the change log of a shared workbook).
            if name.to_lowercase() != "history" && self.taken.insert(name.to_lowercase()) {
                return name;
            }
            n += 1;
        }
    }
}

/// The longest start of `s` of at most `max` UTF-16 code units.
fn cut_utf16(s: &str, max: usize) -> &str {
    let mut len = 0;
    for (i, ch) in s.char_indices() {
        len += ch.len_utf16();
        if len > max {
            return &s[..i];
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_follow_excels_rules() {
        let mut names = SheetNames::default();
        names.take(UNITS_SHEET);
        assert_eq!(names.unique("a/b:c*?[d]"), "a_b_c___d_");
        assert_eq!(names.unique("株县发〔2015〕1号"), "株县发〔2015〕1号");
        assert_eq!(names.unique("株县发〔2015〕1号"), "株县发〔2015〕1号 (2)");
        assert_eq!(names.unique("株县发〔2015〕1号"), "株县发〔2015〕1号 (3)");
        // The units' sheet is taken; case does not make a name different.
        assert_eq!(names.unique("单位统计"), "单位统计 (2)");
        assert_eq!(names.unique("A_B_C___D_"), "A_B_C___D_ (2)");
        let long = "关于".repeat(20);
        assert_eq!(long.chars().count(), 40);
        let first = names.unique(&long);
        assert_eq!(first, "关于".repeat(16)[..31 * 3]);
        let second = names.unique(&long);
        assert_eq!(second.encode_utf16().count(), 31);
        assert!(second.ends_with(" (2)"), "{second}");
        assert_ne!(first, second);
        assert_eq!(names.unique("  "), "计划");
        assert_eq!(names.unique("'引号'"), "引号");
        assert_eq!(names.unique("History"), "History (2)");
        // Characters outside the BMP count twice.
        let emoji = names.unique(&"😀".repeat(20));
        assert_eq!(emoji.encode_utf16().count(), 30);
        for name in [first, second, emoji] {
            assert!(rust_xlsxwriter::utility::check_sheet_name(&name).is_ok(), "{name}");
        }
    }

    #[test]
    fn a_long_text_is_cut_to_what_a_cell_holds() {
        assert_eq!(cell_text("短"), "短");
        let long = "长".repeat(40_000);
        let cut = cell_text(&long);
        assert_eq!(cut.encode_utf16().count(), MAX_CELL);
        assert!(cut.ends_with("长…"));
    }
}
