//! Exporting the duty list as a Word document (任务清单): what an office prints and sends to
//! a responsible unit. A4 landscape, a table per plan whose header row repeats on every
//! page, Chinese official-document fonts (仿宋 text, 方正小标宋简体 title, 黑体 headings) and
//! the page number `— 1 —` centred in the footer.
//!
//! The document's words (title, column names, summary) are Chinese in every interface
//! language, as in the CSV and the workbook: they are the list's own words.
//!
//! docx-rs writes the document; three things it cannot say are added to its parts before
//! they are zipped: the header rows' `w:tblHeader`, the document's languages (`w:lang`, so
//! that Word and LibreOffice break lines and pick fallback fonts as for Chinese) and a font
//! table naming each Chinese font with its alternative and family, so that a machine
//! without 方正小标宋简体 or 仿宋 falls back to a font of the same kind.

use std::borrow::Cow;
use std::io::Cursor;

use docx_rs::{
    AlignmentType, Docx, FieldCharType, Footer, InstrPAGE, InstrText, LineSpacing, LineSpacingType, PageMargin,
    PageOrientationType, Paragraph, Run, RunFonts, Shading, Style, StyleType, Table, TableAlignmentType, TableCell,
    TableCellMargins, TableLayoutType, TableRow, VAlignType, WidthType,
};
use quick_xml::events::{BytesEnd, BytesStart, Event};
use quick_xml::{Reader, Writer};
use unicode_width::UnicodeWidthStr;
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

use crate::library::Library;
use crate::plan::{Measure, Plan, Role};
use crate::text::numerals::chinese_numeral;

use super::by_unit::{INDEX_COLUMNS, IndexRow};
use super::{MeasureExtras, Row, Selection, canonical_name, rows, unit_list};

/// Why the document could not be written.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    /// Packing the document's parts failed (the message of the zip or XML writer).
    #[error("{}", crate::tr!("error-export-docx", problem = .0))]
    Write(String),
}

// The page: A4 landscape, in twips (1/20 pt). A duty list's seven or eight columns need the
// width: in portrait the task column would hold a dozen characters a line.
const PAGE_WIDTH: u32 = 16_838;
const PAGE_HEIGHT: u32 = 11_906;
const MARGIN_TOP: i32 = 1_417; // 25 mm
const MARGIN_BOTTOM: i32 = 1_417;
const MARGIN_SIDE: i32 = 1_134; // 20 mm
const MARGIN_HEADER: i32 = 851; // 15 mm
const MARGIN_FOOTER: i32 = 851;
/// The width the table spans.
const TEXT_WIDTH: usize = PAGE_WIDTH as usize - 2 * MARGIN_SIDE as usize;
/// The height of the text area.
const TEXT_HEIGHT: usize = PAGE_HEIGHT as usize - MARGIN_TOP as usize - MARGIN_BOTTOM as usize;

// Fonts: those of Chinese official documents (GB/T 9704), Times New Roman for Latin text.
const LATIN: &str = "Times New Roman";
const FANGSONG: &str = "仿宋";
const HEITI: &str = "黑体";
const SONGTI: &str = "宋体";
const XIAOBIAOSONG: &str = "方正小标宋简体";

// Sizes in half-points, by their Chinese names.
const XIAOER: usize = 36; // 小二, 18 pt
const SANHAO: usize = 32; // 三号, 16 pt
const SIHAO: usize = 28; // 四号, 14 pt
const XIAOSI: usize = 24; // 小四, 12 pt

/// The table's text size in twips (小四), and its exact line height (16 pt).
const CELL_EM: usize = XIAOSI * 10;
const CELL_LINE: usize = 320;
/// The cells' left and right padding, in twips, and their top and bottom padding.
const CELL_PADDING: usize = 80;
const CELL_PADDING_Y: usize = 40;

// Paragraph style ids.
const TITLE: &str = "DutyTitle";
const INFO: &str = "DutyInfo";
const HEADING: &str = "DutyHeading";
const CELL: &str = "DutyCell";
const CELL_CENTRED: &str = "DutyCellCentred";
const HEADER_CELL: &str = "DutyHeaderCell";
const FOOTER: &str = "DutyFooter";

/// The header cells' shading.
const HEADER_FILL: &str = "D9D9D9";

/// The duty list as a `.docx` document: the title (`{unit}任务清单`, else `{plan}任务清单` for
/// one plan, `任务清单` for several), then per plan with measures selected (every plan when
/// nothing filters) its 文号, title and count, and a table of its measures.
///
/// A table's columns: 序号 章节 任务 (the title, then the full text), 角色 (in one unit's list),
/// 牵头单位 配合单位 (canonical names), 完成时限 (as written, and its date where that says
/// more), and 备注 holding the extras' columns as `name：value` lines (none with no extras).
///
/// Every text is the model's, less the characters XML 1.0 cannot hold (controls other than
/// the newline, U+FFFE, U+FFFF); a newline starts a new paragraph.
pub fn docx(library: &Library, selection: &Selection<'_>, extras: &dyn MeasureExtras) -> Result<Vec<u8>, DocxError> {
    let plans: Vec<(&Plan, Vec<Row<'_>>)> = (0..library.plans.len() as u32)
        .map(|p| (library.plan(p), rows(library, p, selection)))
        .filter(|(_, rows)| !selection.is_filtered() || !rows.is_empty())
        .collect();
    let columns = Columns::new(selection, extras);
    let mut doc = new_document();

    let title = match (selection.unit, plans.as_slice()) {
        (Some(unit), _) => format!("{}任务清单", unit.name),
        (None, [(plan, _)]) => format!("{}任务清单", plan.meta.title),
        (None, _) => "任务清单".to_string(),
    };
    doc = doc.add_paragraph(styled(TITLE, &title));
    let several = plans.len() > 1;
    if several || plans.is_empty() {
        let all: Vec<&Row<'_>> = plans.iter().flat_map(|(_, rows)| rows).collect();
        doc = doc.add_paragraph(styled(INFO, &summary(selection, &all)));
    }
    for (i, (plan, rows)) in plans.iter().enumerate() {
        let meta = &plan.meta;
        if several {
            // A plan without a title found is named by its 文号.
            let name = if meta.title.is_empty() { meta.doc_number.as_deref().unwrap_or_default() } else { &meta.title };
            let heading = format!("{}、{name}", chinese_numeral(i as u32 + 1));
            doc = doc.add_paragraph(styled(HEADING, &heading).keep_next(true));
        }
        // The plan's title, where neither the list's title nor its heading says it.
        let plan_title =
            (selection.unit.is_some() && !several && !meta.title.is_empty()).then(|| format!("《{}》", meta.title));
        let info: Vec<&str> = [meta.doc_number.as_deref(), plan_title.as_deref()].into_iter().flatten().collect();
        if !info.is_empty() {
            doc = doc.add_paragraph(styled(INFO, &info.join("　")).keep_next(true));
        }
        let rows: Vec<&Row<'_>> = rows.iter().collect();
        doc = doc.add_paragraph(styled(INFO, &summary(selection, &rows)).keep_next(true));
        doc = doc.add_table(columns.table(plan, &rows));
    }

    package(doc)
}

/// An empty duty-list document: A4 landscape, the fonts, styles and page numbers.
fn new_document() -> Docx {
    let mut doc = Docx::new()
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_orient(PageOrientationType::Landscape)
        .page_margin(PageMargin {
            top: MARGIN_TOP,
            left: MARGIN_SIDE,
            bottom: MARGIN_BOTTOM,
            right: MARGIN_SIDE,
            header: MARGIN_HEADER,
            footer: MARGIN_FOOTER,
            gutter: 0,
        })
        .default_fonts(fonts(FANGSONG))
        .default_size(XIAOSI);
    for style in styles() {
        doc = doc.add_style(style);
    }
    doc.footer(Footer::new().add_paragraph(page_number()))
}

/// The document as the bytes of a `.docx`, with what docx-rs cannot write added.
fn package(doc: Docx) -> Result<Vec<u8>, DocxError> {
    let mut parts = doc.build();
    let patch = |e: quick_xml::Error| DocxError::Write(e.to_string());
    parts.document = mark_header_rows(&parts.document).map_err(patch)?;
    parts.styles = add_languages(&parts.styles).map_err(patch)?;
    parts.font_table = FONT_TABLE.as_bytes().to_vec();
    let mut stored = Cursor::new(Vec::new());
    parts.pack(&mut stored).map_err(|e| DocxError::Write(e.to_string()))?;
    deflate(stored.get_ref()).map_err(|e| DocxError::Write(e.to_string()))
}

/// The index of `export --by-unit` as a document: a table of the units, their counts and
/// files.
pub fn index_docx(rows: &[IndexRow]) -> Result<Vec<u8>, DocxError> {
    let mut doc = new_document();
    doc = doc.add_paragraph(styled(TITLE, "任务清单索引"));
    doc = doc.add_paragraph(styled(INFO, &format!("共 {} 个单位。", rows.len())).keep_next(true));
    // Each column's width in columns of text; the last (the file) takes what is left.
    let chars = [14, 12, 5, 5, 5, 0];
    let width = |chars: usize| chars * CELL_EM / 2 + 2 * CELL_PADDING;
    let fixed: usize = chars.iter().map(|&c| width(c)).sum();
    let widths: Vec<usize> =
        chars.iter().map(|&c| if c == 0 { TEXT_WIDTH.saturating_sub(fixed) } else { width(c) }).collect();
    let mut table_rows = Vec::with_capacity(rows.len());
    for row in rows {
        let texts = [
            (row.name.clone(), false),
            (row.kind_label().to_string(), true),
            (row.lead.to_string(), true),
            (row.partner.to_string(), true),
            (row.total.to_string(), true),
            (row.file.clone(), false),
        ];
        let cells = texts
            .iter()
            .zip(&widths)
            .map(|((text, centred), &width)| cell(width, CellText::plain(text).paragraphs(*centred)));
        table_rows.push(TableRow::new(cells.collect()).cant_split());
    }
    package(doc.add_table(table(&INDEX_COLUMNS, &widths, table_rows)))
}

/// A table of fixed column `widths`: a shaded header row of `names` (repeated on each page,
/// see [`mark_header_rows`]), then `body`.
fn table(names: &[&str], widths: &[usize], body: Vec<TableRow>) -> Table {
    let header = names
        .iter()
        .zip(widths)
        .map(|(name, &width)| {
            cell(width, vec![Paragraph::new().style(HEADER_CELL).add_run(Run::new().add_text(*name))])
                .shading(Shading::new().fill(HEADER_FILL))
        })
        .collect();
    let mut rows = vec![TableRow::new(header).cant_split()];
    rows.extend(body);
    Table::new(rows)
        .set_grid(widths.to_vec())
        .width(widths.iter().sum(), WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .align(TableAlignmentType::Center)
        .margins(TableCellMargins::new().margin(CELL_PADDING_Y, CELL_PADDING, CELL_PADDING_Y, CELL_PADDING))
}

/// The package with its parts deflated: docx-rs stores them as they are, which makes a
/// list of a few hundred measures several times the size.
fn deflate(stored: &[u8]) -> zip::result::ZipResult<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(stored))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut part = archive.by_index(i)?;
        if part.is_dir() {
            continue;
        }
        let name = part.name()?.into_owned();
        out.start_file(name, options)?;
        std::io::copy(&mut part, &mut out)?;
    }
    Ok(out.finish()?.into_inner())
}

/// `共 40 项，其中牵头 8 项。` in one unit's list, `共 77 项。` otherwise.
fn summary(selection: &Selection<'_>, rows: &[&Row<'_>]) -> String {
    match selection.unit {
        Some(_) => {
            let lead = rows.iter().filter(|r| r.role == Some(Role::Lead)).count();
            format!("共 {} 项，其中牵头 {lead} 项。", rows.len())
        }
        None => format!("共 {} 项。", rows.len()),
    }
}

/// The fonts of a run: `east_asia` for Chinese, Times New Roman for the rest.
fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new().ascii(LATIN).hi_ansi(LATIN).cs(LATIN).east_asia(east_asia)
}

/// The paragraph styles: title, plan heading, information lines, table cells, footer.
fn styles() -> Vec<Style> {
    let spacing = |before: u32, after: u32| LineSpacing::new().before(before).after(after);
    let cell_spacing = LineSpacing::new().before(0).after(0).line(CELL_LINE as i32).line_rule(LineSpacingType::Exact);
    vec![
        Style::new(TITLE, StyleType::Paragraph)
            .name("任务清单标题")
            .fonts(fonts(XIAOBIAOSONG))
            .size(XIAOER)
            .align(AlignmentType::Center)
            .line_spacing(spacing(0, 240)),
        Style::new(HEADING, StyleType::Paragraph)
            .name("任务清单文件标题")
            .fonts(fonts(HEITI))
            .size(SANHAO)
            .outline_lvl(0)
            .line_spacing(spacing(240, 120)),
        Style::new(INFO, StyleType::Paragraph)
            .name("任务清单说明")
            .fonts(fonts(FANGSONG))
            .size(SIHAO)
            .align(AlignmentType::Center)
            .line_spacing(spacing(0, 120)),
        Style::new(CELL, StyleType::Paragraph)
            .name("任务清单表格文字")
            .fonts(fonts(FANGSONG))
            .size(XIAOSI)
            .align(AlignmentType::Both)
            .line_spacing(cell_spacing.clone()),
        Style::new(CELL_CENTRED, StyleType::Paragraph)
            .name("任务清单表格文字居中")
            .fonts(fonts(FANGSONG))
            .size(XIAOSI)
            .align(AlignmentType::Center)
            .line_spacing(cell_spacing.clone()),
        Style::new(HEADER_CELL, StyleType::Paragraph)
            .name("任务清单表头")
            .fonts(fonts(HEITI))
            .size(XIAOSI)
            .bold()
            .align(AlignmentType::Center)
            .line_spacing(cell_spacing),
        Style::new(FOOTER, StyleType::Paragraph)
            .name("任务清单页码")
            .fonts(RunFonts::new().ascii(SONGTI).hi_ansi(SONGTI).east_asia(SONGTI).cs(SONGTI))
            .size(SIHAO)
            .align(AlignmentType::Center),
    ]
}

/// A paragraph of one style holding `text`, less what XML cannot hold (and on one line).
fn styled(style: &str, text: &str) -> Paragraph {
    let text = xml_text(text);
    Paragraph::new().style(style).add_run(Run::new().add_text(text.replace('\n', " ")))
}

/// The footer's paragraph: `— 1 —`, the number a PAGE field.
fn page_number() -> Paragraph {
    let page = Run::new()
        .add_field_char(FieldCharType::Begin, false)
        .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
        .add_field_char(FieldCharType::Separate, false)
        .add_text("1")
        .add_field_char(FieldCharType::End, false);
    Paragraph::new().style(FOOTER).add_run(Run::new().add_text("— ")).add_run(page).add_run(Run::new().add_text(" —"))
}

/// A column of a plan's table: its name, width in half characters of the table's text
/// (the columns of a terminal: a Chinese character takes two), and whether its cells are
/// centred.
#[derive(Clone, Copy)]
struct Column {
    name: &'static str,
    columns: usize,
    centred: bool,
}

const fn column(name: &'static str, columns: usize, centred: bool) -> Column {
    Column { name, columns, centred }
}

// Each name fits on one line with a little room: a font wider than the one measured must
// not break 序号 into two lines.
const NUMBER: Column = column("序号", 5, true);
const PATH: Column = column("章节", 12, false);
/// Its width is what the others leave.
const TASK: Column = column("任务", 0, false);
/// A comfortable line of a task's text.
const TASK_COMFORTABLE: Column = column("任务", 48, false);
const ROLE: Column = column("角色", 5, true);
const LEADS: Column = column("牵头单位", 12, false);
const PARTNERS: Column = column("配合单位", 18, false);
/// `2025-12-31` on one line.
const DEADLINE: Column = column("完成时限", 11, true);
const EXTRAS: Column = column("备注", 10, false);

/// The columns of the plans' tables, and what fills the extra ones.
struct Columns<'a> {
    columns: Vec<Column>,
    /// The widths in twips, in the order of `columns`.
    widths: Vec<usize>,
    role: bool,
    extras: &'a dyn MeasureExtras,
    extra_names: Vec<&'static str>,
}

impl<'a> Columns<'a> {
    fn new(selection: &Selection<'_>, extras: &'a dyn MeasureExtras) -> Self {
        let role = selection.unit.is_some();
        let extra_names = extras.columns();
        let mut columns = vec![NUMBER, PATH, TASK];
        if role {
            columns.push(ROLE);
        }
        columns.extend([LEADS, PARTNERS, DEADLINE]);
        if !extra_names.is_empty() {
            columns.push(EXTRAS);
        }
        let width = |c: &Column| c.columns * CELL_EM / 2 + 2 * CELL_PADDING;
        let fixed: usize = columns.iter().filter(|c| c.columns > 0).map(width).sum();
        // The task takes what the others leave; beyond a comfortable line, half of that
        // goes to the partners, often as tall a cell.
        let mut task = TEXT_WIDTH.saturating_sub(fixed).max(width(&PARTNERS));
        let surplus = task.saturating_sub(width(&TASK_COMFORTABLE)) / 2;
        task -= surplus;
        let widths = columns
            .iter()
            .map(|c| match c.name {
                _ if c.columns == 0 => task,
                name if name == PARTNERS.name => width(c) + surplus,
                _ => width(c),
            })
            .collect();
        Columns { columns, widths, role, extras, extra_names }
    }

    /// A plan's table: the header row (repeated on each page), then a row per measure.
    fn table(&self, plan: &Plan, rows: &[&Row<'_>]) -> Table {
        let names: Vec<&str> = self.columns.iter().map(|c| c.name).collect();
        table(&names, &self.widths, rows.iter().map(|row| self.row(plan, row)).collect())
    }

    /// A measure's row: kept on one page unless it would take more than half of one (a
    /// longer row kept whole could leave much of a page blank).
    fn row(&self, plan: &Plan, row: &Row<'_>) -> TableRow {
        let measure = row.measure;
        let mut texts: Vec<(Column, CellText)> = vec![
            (NUMBER, CellText::plain(&measure.id)),
            (PATH, path(plan, measure)),
            (TASK, CellText { lines: task_lines(measure), first_bold: true }),
        ];
        if self.role {
            let role = row.role.map_or("", Role::label);
            texts.push((ROLE, CellText { lines: vec![role.to_string()], first_bold: row.role == Some(Role::Lead) }));
        }
        texts.push((LEADS, CellText::plain(&unit_list(measure, true, canonical_name))));
        texts.push((PARTNERS, CellText::plain(&unit_list(measure, false, canonical_name))));
        texts.push((DEADLINE, deadline(measure)));
        if !self.extra_names.is_empty() {
            let lines = self
                .extra_names
                .iter()
                .zip(self.extras.values(row.id))
                .map(|(name, value)| format!("{name}：{value}"))
                .collect::<Vec<_>>();
            texts.push((EXTRAS, CellText { lines: split_lines(&lines.join("\n")), first_bold: false }));
        }
        let mut lines = 0;
        let cells = texts
            .into_iter()
            .zip(&self.widths)
            .map(|((column, text), &width)| {
                lines = lines.max(text.height(width));
                cell(width, text.paragraphs(column.centred))
            })
            .collect();
        let row = TableRow::new(cells);
        if lines * CELL_LINE + 2 * CELL_PADDING_Y <= TEXT_HEIGHT / 2 { row.cant_split() } else { row }
    }
}

/// A cell `width` twips wide, its text vertically centred.
fn cell(width: usize, paragraphs: Vec<Paragraph>) -> TableCell {
    paragraphs.into_iter().fold(
        TableCell::new().width(width, WidthType::Dxa).vertical_align(VAlignType::Center),
        TableCell::add_paragraph,
    )
}

/// A cell's text: its lines (each a paragraph), the first perhaps in bold.
struct CellText {
    lines: Vec<String>,
    first_bold: bool,
}

impl CellText {
    fn plain(text: &str) -> Self {
        CellText { lines: split_lines(text), first_bold: false }
    }

    fn paragraphs(&self, centred: bool) -> Vec<Paragraph> {
        let style = if centred { CELL_CENTRED } else { CELL };
        self.lines
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let run = Run::new().add_text(line.as_str());
                let run = if i == 0 && self.first_bold { run.bold().fonts(fonts(HEITI)) } else { run };
                Paragraph::new().style(style).add_run(run)
            })
            .collect()
    }

    /// About how many lines the text takes in a cell `width` twips wide.
    fn height(&self, width: usize) -> usize {
        let per_line = (width.saturating_sub(2 * CELL_PADDING) * 2 / CELL_EM).max(1);
        self.lines.iter().map(|line| line.width().div_ceil(per_line).max(1)).sum()
    }
}

/// The lines of a text, less what XML cannot hold.
fn split_lines(text: &str) -> Vec<String> {
    if text.is_empty() {
        return Vec::new();
    }
    xml_text(text).split('\n').map(str::to_string).collect()
}

/// The chapter, then the section (a paragraph each).
fn path(plan: &Plan, measure: &Measure) -> CellText {
    let (chapter, section) = plan.path_of(measure);
    let mut lines = split_lines(&chapter);
    if let Some(section) = section {
        lines.extend(split_lines(&section));
    }
    CellText { lines, first_bold: false }
}

/// The task: its title, then its text's paragraphs.
fn task_lines(measure: &Measure) -> Vec<String> {
    let mut lines = vec![xml_text(measure.title()).replace('\n', " ")];
    lines.extend(split_lines(measure.body()));
    lines
}

/// The deadline as written, then its date where that says more (as the CSV's cell).
fn deadline(measure: &Measure) -> CellText {
    let Some(d) = &measure.deadline else {
        return CellText::plain("");
    };
    let mut lines = split_lines(&d.text);
    if let Some(date) = d.date
        && *d.text != *date.to_string()
    {
        lines.push(format!("（{date}）"));
    }
    CellText { lines, first_bold: false }
}

/// Text as XML 1.0 takes it: without the characters it forbids (the controls other than
/// tab, newline and carriage return; U+FFFE and U+FFFF). Carriage returns and the other
/// controls go too, a tab becomes a space: a document's line ends are its paragraphs.
pub(crate) fn xml_text(text: &str) -> Cow<'_, str> {
    let dropped = |c: char| (c.is_control() && c != '\n') || matches!(c, '\u{fffe}' | '\u{ffff}');
    if !text.contains(dropped) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter_map(|c| match c {
                '\t' => Some(' '),
                c if dropped(c) => None,
                c => Some(c),
            })
            .collect(),
    )
}

/// `document.xml` with `<w:tblHeader/>` in the properties of each table's first row, which
/// Word and LibreOffice then repeat at the top of every page the table runs onto.
fn mark_header_rows(xml: &[u8]) -> Result<Vec<u8>, quick_xml::Error> {
    let mut reader = Reader::from_reader(xml);
    let mut writer = Writer::new(Vec::with_capacity(xml.len() + 1024));
    let header = || Event::Empty(BytesStart::new("w:tblHeader"));
    // Tables open; whether the row being read is the first of its table, and whether its
    // properties were written.
    let mut first_row_next = Vec::<bool>::new();
    let mut in_header_row = false;
    let mut marked = false;
    loop {
        match reader.read_event()? {
            Event::Eof => break,
            Event::Start(e) if e.name().as_ref() == "w:tbl" => {
                first_row_next.push(true);
                writer.write_event(Event::Start(e))?;
            }
            Event::End(e) if e.name().as_ref() == "w:tbl" => {
                first_row_next.pop();
                writer.write_event(Event::End(e))?;
            }
            Event::Start(e) if e.name().as_ref() == "w:tr" => {
                in_header_row = first_row_next.last_mut().is_some_and(|first| std::mem::replace(first, false));
                marked = false;
                writer.write_event(Event::Start(e))?;
            }
            Event::Start(e) if in_header_row && !marked && e.name().as_ref() == "w:trPr" => {
                writer.write_event(Event::Start(e))?;
                writer.write_event(header())?;
                marked = true;
            }
            Event::Empty(e) if in_header_row && !marked && e.name().as_ref() == "w:trPr" => {
                writer.write_event(Event::Start(opened(&e)))?;
                writer.write_event(header())?;
                writer.write_event(Event::End(BytesEnd::new("w:trPr")))?;
                marked = true;
            }
            // A row without properties: they come before its first cell.
            Event::Start(e) if in_header_row && !marked && e.name().as_ref() == "w:tc" => {
                writer.write_event(Event::Start(BytesStart::new("w:trPr")))?;
                writer.write_event(header())?;
                writer.write_event(Event::End(BytesEnd::new("w:trPr")))?;
                marked = true;
                writer.write_event(Event::Start(e))?;
            }
            Event::End(e) if e.name().as_ref() == "w:tr" => {
                in_header_row = false;
                writer.write_event(Event::End(e))?;
            }
            event => writer.write_event(event)?,
        }
    }
    Ok(writer.into_inner())
}

/// The start tag of an empty element (`<w:trPr />` → `<w:trPr>`), to give it children.
fn opened(e: &BytesStart<'_>) -> BytesStart<'static> {
    BytesStart::new(e.name().as_ref().to_string()).with_attributes(e.attributes().flatten())
}

/// `styles.xml` with the languages of the document's text in its default run properties:
/// Chinese (PRC) for East Asian text, so that lines break by Chinese rules and a missing
/// font falls back to a Simplified Chinese one.
fn add_languages(xml: &[u8]) -> Result<Vec<u8>, quick_xml::Error> {
    let mut reader = Reader::from_reader(xml);
    let mut writer = Writer::new(Vec::with_capacity(xml.len() + 128));
    let lang = || {
        let mut lang = BytesStart::new("w:lang");
        lang.push_attribute(("w:val", "en-US"));
        lang.push_attribute(("w:eastAsia", "zh-CN"));
        lang.push_attribute(("w:bidi", "ar-SA"));
        Event::Empty(lang)
    };
    let mut in_defaults = false;
    let mut done = false;
    loop {
        match reader.read_event()? {
            Event::Eof => break,
            Event::Start(e) if e.name().as_ref() == "w:rPrDefault" => {
                in_defaults = true;
                writer.write_event(Event::Start(e))?;
            }
            Event::End(e) if e.name().as_ref() == "w:rPrDefault" => {
                if in_defaults && !done {
                    writer.write_event(Event::Start(BytesStart::new("w:rPr")))?;
                    writer.write_event(lang())?;
                    writer.write_event(Event::End(BytesEnd::new("w:rPr")))?;
                    done = true;
                }
                in_defaults = false;
                writer.write_event(Event::End(e))?;
            }
            Event::Empty(e) if in_defaults && !done && e.name().as_ref() == "w:rPr" => {
                writer.write_event(Event::Start(opened(&e)))?;
                writer.write_event(lang())?;
                writer.write_event(Event::End(BytesEnd::new("w:rPr")))?;
                done = true;
            }
            // The language comes last of what docx-rs writes in run properties.
            Event::End(e) if in_defaults && !done && e.name().as_ref() == "w:rPr" => {
                writer.write_event(lang())?;
                writer.write_event(Event::End(e))?;
                done = true;
            }
            event => writer.write_event(event)?,
        }
    }
    Ok(writer.into_inner())
}

/// The font table: each font with its alternative name, character set (86: GB 2312),
/// family and pitch, which Word and LibreOffice use to choose a substitute where the font
/// is missing (方正小标宋简体 → 宋体; 仿宋 and 黑体 by their Windows English names).
const FONT_TABLE: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    r#"<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    r#"<w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/>"#,
    r#"<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>"#,
    r#"<w:font w:name="仿宋"><w:altName w:val="FangSong"/><w:panose1 w:val="02010609060101010101"/>"#,
    r#"<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>"#,
    r#"<w:font w:name="黑体"><w:altName w:val="SimHei"/><w:panose1 w:val="02010609060101010101"/>"#,
    r#"<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>"#,
    r#"<w:font w:name="宋体"><w:altName w:val="SimSun"/><w:panose1 w:val="02010600030101010101"/>"#,
    r#"<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>"#,
    r#"<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/><w:panose1 w:val="02010600030101010101"/>"#,
    r#"<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>"#,
    r#"</w:fonts>"#,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_loses_only_what_xml_cannot_hold() {
        assert!(matches!(xml_text("县司法局 <a>&\"'"), Cow::Borrowed(_)));
        assert_eq!(xml_text("a\u{0}b\u{1}c\u{8}d\u{b}e\u{c}f\u{e}g\u{1f}h"), "abcdefgh");
        assert_eq!(xml_text("甲\u{fffe}乙\u{ffff}丙\u{7f}丁\u{85}戊"), "甲乙丙丁戊");
        assert_eq!(xml_text("一\r\n二\t三"), "一\n二 三");
        assert_eq!(split_lines("甲\n\u{1}乙"), ["甲", "乙"]);
        assert!(split_lines("").is_empty());
    }

    #[test]
    fn the_first_row_of_each_table_is_marked_as_the_header() {
        let xml = br#"<w:body><w:tbl><w:tr><w:trPr /><w:tc/></w:tr><w:tr><w:trPr><w:cantSplit/></w:trPr></w:tr></w:tbl><w:tbl><w:tr><w:trPr><w:cantSplit/></w:trPr></w:tr><w:tr><w:tc/></w:tr></w:tbl><w:tbl><w:tr><w:tc>&lt;w:tr&gt;</w:tc></w:tr></w:tbl></w:body>"#;
        let marked = String::from_utf8(mark_header_rows(xml).unwrap()).unwrap();
        assert_eq!(
            marked,
            "<w:body><w:tbl><w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc/></w:tr>\
             <w:tr><w:trPr><w:cantSplit/></w:trPr></w:tr></w:tbl>\
             <w:tbl><w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr></w:tr><w:tr><w:tc/></w:tr></w:tbl>\
             <w:tbl><w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc>&lt;w:tr&gt;</w:tc></w:tr></w:tbl></w:body>"
        );
    }

    #[test]
    fn the_default_run_properties_get_the_languages() {
        let lang = r#"<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>"#;
        let with = |xml: &str| String::from_utf8(add_languages(xml.as_bytes()).unwrap()).unwrap();
        assert_eq!(
            with("<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val=\"24\"/></w:rPr></w:rPrDefault></w:docDefaults>"),
            format!(
                "<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val=\"24\"/>{lang}</w:rPr></w:rPrDefault></w:docDefaults>"
            )
        );
        assert_eq!(
            with("<w:rPrDefault><w:rPr /></w:rPrDefault><w:style><w:rPr /></w:style>"),
            format!("<w:rPrDefault><w:rPr>{lang}</w:rPr></w:rPrDefault><w:style><w:rPr /></w:style>")
        );
        assert_eq!(
            with("<w:rPrDefault></w:rPrDefault>"),
            format!("<w:rPrDefault><w:rPr>{lang}</w:rPr></w:rPrDefault>")
        );
    }

    #[test]
    fn an_error_says_what_failed() {
        let message = DocxError::Write("磁盘已满".into()).to_string();
        assert!(message.contains("Word") && message.contains("磁盘已满"), "{message}");
    }

    #[test]
    fn the_font_table_is_well_formed() {
        let mut reader = Reader::from_str(FONT_TABLE);
        let mut fonts = Vec::new();
        loop {
            match reader.read_event().unwrap() {
                Event::Eof => break,
                Event::Start(e) if e.name().as_ref() == "w:font" => {
                    let name = e.try_get_attribute("w:name").unwrap().expect("a font has a name");
                    fonts.push(quick_xml::escape::unescape(&name.value).unwrap().into_owned());
                }
                _ => {}
            }
        }
        assert_eq!(fonts, [LATIN, FANGSONG, HEITI, SONGTI, XIAOBIAOSONG]);
    }
}
