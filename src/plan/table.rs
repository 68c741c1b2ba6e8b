//! Task-division tables (任务分工表, 工作任务清单, 责任分解表) as text comes out of Word, a PDF
//! or a web page: a cell a line with blank lines between rows, cells separated by `|`, by
//! tabs or by runs of spaces (columns aligned). A header row names the columns (序号 |
//! 任务名称 | 重点任务 | 牵头单位 | 配合单位 | 完成时限); each row starting with its 序号 is a
//! task; a row of one cell such as `一、知识产权保护方面（共5项）` opens a group, as does a
//! merged 任务名称 cell given only on its group's first row.

use std::ops::Range;

use unicode_width::UnicodeWidthStr;

use super::headings::{Style, heading};
use super::lines::Line;
use super::model::{Chapter, ChapterKind, Section};
use super::structure::{TaskDraft, TaskTexts, split_measure_title};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Number,
    /// A short name of the task or of its group (任务名称, 改革举措).
    Name,
    /// The task's text (重点任务, 任务内容, 主要工作任务).
    Task,
    /// Units that lead (牵头单位, 牵头责任单位).
    Lead,
    /// Units that support (配合单位, 参与单位).
    Partner,
    /// A list of units (责任单位, 指导部门): led by its first unless a lead column exists.
    Units,
    Deadline,
    Other,
}

/// A table found in the text.
#[derive(Debug, Clone)]
pub struct Table {
    /// The lines it spans (header to last row), taken out of the text's paragraphs.
    pub lines: Range<usize>,
    /// The attachment's number (`附件2` → 2; 1 if none).
    pub attachment: u32,
    pub title: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

/// A row of a table: a task.
#[derive(Debug, Clone)]
pub struct Row {
    pub line: usize,
    pub number: Option<u32>,
    /// One cell per column (empty where the row has none).
    pub cells: Vec<String>,
    pub group: Option<String>,
}

static XUHAO: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new("序号"));

/// The tables in the lines.
/// `has_xuhao`: whether the text has a 序号 anywhere (else no line is searched for one).
pub fn find(lines: &[Line], has_xuhao: bool) -> Vec<Table> {
    let mut tables = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        // A header needs a 序号-like or task-like cell: most lines are ruled out by a look.
        let text: &str = &lines[i].text;
        // A header line: 序号 (a cell a line, or a row of cells), or cells in a row.
        let bytes = text.as_bytes();
        let candidate = (has_xuhao && XUHAO.find(bytes).is_some())
            || ((memchr::memchr(b'|', bytes).is_some() || has_double_space(bytes)) && text.contains("任务"));
        if candidate && let Some(table) = read_table(lines, i) {
            i = table.lines.end.max(i + 1);
            tables.push(table);
            continue;
        }
        i += 1;
    }
    tables
}

/// Whether a line has two spaces in a row (columns aligned by spaces).
fn has_double_space(bytes: &[u8]) -> bool {
    memchr::memchr_iter(b' ', bytes).any(|i| bytes.get(i + 1) == Some(&b' '))
}

/// Cells of a line split on `|`, tabs (cleaned to four spaces) or runs of two or more
/// spaces; `None` if the line has fewer than two.
fn split_cells(text: &str) -> Option<Vec<String>> {
    let cells: Vec<String> = if text.contains('|') {
        text.split('|').map(|c| c.trim().to_string()).collect()
    } else {
        text.split("  ").map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect()
    };
    let mut cells = cells;
    // `a | b |` ends with an empty cell.
    if text.trim_end().ends_with('|') {
        cells.pop();
    }
    (cells.len() >= 2).then_some(cells)
}

/// A header cell without the spaces of justified headings (`主 要 内 容`).
fn compact(cell: &str) -> String {
    cell.chars().filter(|c| !c.is_whitespace() && *c != '|').collect()
}

/// What a header cell names.
fn classify(cell: &str) -> Column {
    let c = compact(cell);
    if c.is_empty() {
        return Column::Other;
    }
    if matches!(c.as_str(), "序号" | "编号" | "序") {
        return Column::Number;
    }
    if c.contains("领导") || c.contains("责任人") || c.contains("联系人") {
        return Column::Other;
    }
    if ["时限", "时间", "进度安排", "期限", "节点"].iter().any(|w| c.contains(w)) {
        return Column::Deadline;
    }
    if c.contains("牵头") || c.contains("主责") {
        return Column::Lead;
    }
    if ["配合", "参与", "协办", "协同", "协助"].iter().any(|w| c.contains(w)) {
        return Column::Partner;
    }
    if c.ends_with("单位") || c.ends_with("部门") || c.contains("责任主体") {
        return Column::Units;
    }
    if ["名称", "举措", "项目"].iter().any(|w| c.contains(w)) && !c.contains("内容") {
        return Column::Name;
    }
    if ["任务", "内容", "措施", "事项", "工作", "目标"].iter().any(|w| c.contains(w)) {
        return Column::Task;
    }
    Column::Other
}

/// A name column (主要工作举措) is the task where no other column holds the task's text.
fn name_is_task(columns: &mut [Column]) {
    if !columns.contains(&Column::Task)
        && let Some(name) = columns.iter().position(|c| *c == Column::Name)
    {
        columns[name] = Column::Task;
    }
}

/// Whether a header's columns make a task table: a task column and units or a deadline.
fn is_task_header(columns: &[Column]) -> bool {
    let has = |k: Column| columns.contains(&k);
    (has(Column::Task) || has(Column::Name))
        && (has(Column::Lead) || has(Column::Units) || has(Column::Partner) || has(Column::Deadline))
        && (has(Column::Number) || columns.len() >= 3)
}

/// Reads a table whose header starts at line `start`.
fn read_table(lines: &[Line], start: usize) -> Option<Table> {
    let text: &str = &lines[start].text;
    // One row a line (cells separated): the header is this line.
    if let Some(cells) = split_cells(text) {
        let mut columns: Vec<Column> = cells.iter().map(|c| classify(c)).collect();
        name_is_task(&mut columns);
        if is_task_header(&columns) {
            return Some(read_rows_inline(lines, start, columns));
        }
    }
    // A cell a line: the header is this line and the short lines after it (blank lines
    // between them, as a page's table cells come out, are passed over).
    let mut end = start;
    let mut header: Vec<&str> = Vec::new();
    while end < lines.len() && header.len() < 12 {
        let text: &str = &lines[end].text;
        let cell = compact(text);
        if cell.is_empty() {
            // Past a blank line the header goes on with a cell that names a column, or, in a
            // table numbered by 序号, with any short cell before the first number.
            let next = lines.get(end + 1).map(|l| compact(&l.text)).unwrap_or_default();
            let numbered = header.first().is_some_and(|h| classify(h) == Column::Number);
            let short_label = next.chars().count() <= 8 && !next.chars().all(|c| c.is_ascii_digit());
            if header.is_empty()
                || next.is_empty()
                || is_group_line(&next)
                || (classify(&next) == Column::Other && !(numbered && short_label))
            {
                break;
            }
            end += 1;
            continue;
        }
        if cell.width() > 24 || cell.chars().all(|c| c.is_ascii_digit()) || (header.len() > 1 && is_group_line(text)) {
            break;
        }
        header.push(text);
        end += 1;
    }
    if header.len() < 2 {
        return None;
    }
    let mut columns: Vec<Column> = header.iter().map(|l| classify(l)).collect();
    name_is_task(&mut columns);
    // 序号 comes first: a header that has it further down starts there.
    if columns.contains(&Column::Number) && columns[0] != Column::Number {
        return None;
    }
    if !is_task_header(&columns) || columns.iter().filter(|c| **c == Column::Other).count() * 2 > columns.len() {
        return None;
    }
    Some(read_rows_stacked(lines, start, end, columns))
}

/// Rows of a table with a row a line (`1 | 任务 | 单位 |`): a line starting with a number
/// opens a row; a line of one cell opens a group; other lines continue the row's cells.
fn read_rows_inline(lines: &[Line], start: usize, columns: Vec<Column>) -> Table {
    let number_col = columns.iter().position(|c| *c == Column::Number);
    let mut rows: Vec<Row> = Vec::new();
    let mut group: Option<String> = None;
    let mut end = start + 1;
    let mut blank_run = 0;
    for (i, line) in lines.iter().enumerate().skip(start + 1) {
        let text: &str = &line.text;
        if text.is_empty() {
            blank_run += 1;
            if blank_run >= 2 {
                break;
            }
            continue;
        }
        blank_run = 0;
        match split_cells(text) {
            Some(mut cells) => {
                cells.resize(columns.len(), String::new());
                let number = number_col.and_then(|c| cells[c].parse::<u32>().ok());
                if number.is_some() || number_col.is_none() {
                    rows.push(Row { line: line.number, number, cells, group: group.clone() });
                } else if let Some(row) = rows.last_mut() {
                    for (cell, more) in row.cells.iter_mut().zip(cells) {
                        cell.push_str(&more);
                    }
                }
            }
            None if is_group_line(text) => group = Some(text.trim_end_matches('|').trim().to_string()),
            None => break,
        }
        end = i + 1;
    }
    finish(lines, start, end, columns, rows)
}

/// Rows of a table with a cell a line: a row starts at a line that is only its number;
/// the lines up to the next row are its cells.
fn read_rows_stacked(lines: &[Line], start: usize, header_end: usize, columns: Vec<Column>) -> Table {
    let number_col = columns.iter().position(|c| *c == Column::Number);
    let mut rows: Vec<Row> = Vec::new();
    let mut group: Option<String> = None;
    let mut current: Option<(usize, u32, Vec<String>)> = None;
    let mut end = header_end;
    let cell_text = |text: &str| text.trim_end_matches('|').trim().to_string();
    let flush = |current: &mut Option<(usize, u32, Vec<String>)>, rows: &mut Vec<Row>, group: &Option<String>| {
        if let Some((line, number, cells)) = current.take() {
            rows.push(Row {
                line,
                number: Some(number),
                cells: place_cells(&columns, number_col, cells),
                group: group.clone(),
            });
        }
    };
    for (i, line) in lines.iter().enumerate().skip(header_end) {
        let text = cell_text(&line.text);
        if text.is_empty() {
            continue;
        }
        let as_number = text.parse::<u32>().ok().filter(|_| text.len() <= 4);
        let previous = current.as_ref().map(|c| c.1).or_else(|| rows.last().and_then(|r| r.number));
        // The next number, or a later one once the open row has its cells (rows left out).
        let nearly_full = current.as_ref().is_none_or(|c| c.2.len() + 2 >= columns.len());
        if let Some(n) = as_number
            && previous.is_none_or(|p| n == p + 1 || (n > p && n <= p + 50 && nearly_full))
        {
            flush(&mut current, &mut rows, &group);
            current = Some((line.number, n, Vec::new()));
            end = i + 1;
            continue;
        }
        let full = current.as_ref().is_some_and(|c| c.2.len() + 1 >= columns.len());
        if is_group_line(&text) && (current.is_none() || full) {
            flush(&mut current, &mut rows, &group);
            group = Some(text);
            end = i + 1;
            continue;
        }
        match &mut current {
            Some((_, _, cells)) if cells.len() + 1 < columns.len() + 2 => {
                cells.push(text);
                end = i + 1;
            }
            // A line where no row is open, or after a full row: the table has ended.
            _ => break,
        }
    }
    flush(&mut current, &mut rows, &group);
    finish(lines, start, end, columns, rows)
}

/// Puts the cells read after a row's number into its columns. A row with one cell fewer
/// than the columns lacks its merged name (group) cell; one with more has a cell over
/// several lines, joined into the task column.
fn place_cells(columns: &[Column], number_col: Option<usize>, cells: Vec<String>) -> Vec<String> {
    let mut out = vec![String::new(); columns.len()];
    let slots: Vec<usize> = (0..columns.len()).filter(|&c| Some(c) != number_col).collect();
    let mut slots: Vec<usize> = if cells.len() < slots.len() {
        // Skip the name column first (merged), then the trailing ones.
        let skip = columns.iter().position(|c| *c == Column::Name).filter(|_| cells.len() + 1 == slots.len());
        slots.into_iter().filter(|&c| Some(c) != skip).collect()
    } else {
        slots
    };
    let task_slot = columns.iter().position(|c| *c == Column::Task);
    let extra = cells.len().saturating_sub(slots.len());
    let mut cells = cells.into_iter();
    for slot in slots.drain(..) {
        let Some(mut cell) = cells.next() else { break };
        if Some(slot) == task_slot {
            for _ in 0..extra {
                if let Some(more) = cells.next() {
                    cell.push_str(&more);
                }
            }
        }
        out[slot] = cell;
    }
    if let Some(&first) = number_col.as_ref() {
        out[first] = String::new();
    }
    out
}

/// A line opening a group of rows: `一、知识产权保护方面（共5项）`, `（二）…`.
fn is_group_line(text: &str) -> bool {
    let text = text.trim_end_matches('|').trim();
    heading(text).is_some_and(|h| matches!(h.style, Style::Chapter | Style::Section))
        || (text.ends_with("项）") && text.contains("（共"))
}

/// The table's attachment number and title from the lines before it.
fn finish(lines: &[Line], start: usize, end: usize, columns: Vec<Column>, rows: Vec<Row>) -> Table {
    let mut title = String::new();
    let mut attachment = 1;
    for line in lines[..start].iter().rev().filter(|l| !l.text.is_empty()).take(3) {
        let text: &str = &line.text;
        if let Some(rest) = text.strip_prefix("附件") {
            let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
            attachment = digits.parse().unwrap_or(1);
            break;
        }
        if title.is_empty() && text.width() <= 100 && !text.contains('。') {
            title = text.to_string();
        }
    }
    Table { lines: start..end, attachment, title, columns, rows }
}

/// Adds a table's rows to the plan as tasks of an attachment chapter, its groups sections.
pub fn append(table: &Table, chapters: &mut Vec<Chapter>, tasks: &mut Vec<TaskDraft>, texts: &mut TaskTexts) {
    let chapter = chapters.len();
    let title = if table.title.is_empty() { format!("附件{}", table.attachment) } else { table.title.clone() };
    chapters.push(Chapter {
        kind: ChapterKind::Attachment,
        number: table.attachment,
        title,
        text: Vec::new(),
        sections: Vec::new(),
        measures: 0..0,
        direct_measures: 0..0,
        line: table.lines.start + 1,
    });
    let col = |kind: Column| table.columns.iter().position(|c| *c == kind);
    let (name, task, lead, partner, units, deadline) = (
        col(Column::Name),
        col(Column::Task),
        col(Column::Lead),
        col(Column::Partner),
        col(Column::Units),
        col(Column::Deadline),
    );
    let mut group_name: Option<String> = None;
    for (k, row) in table.rows.iter().enumerate() {
        // The group: a group line, or a merged name cell carried down to the rows after it.
        let group = match (name, task) {
            (Some(n), Some(_)) if row.cells[n].is_empty() => group_name.clone(),
            (Some(n), Some(_)) if table.rows.iter().any(|r| r.cells[n].is_empty()) => {
                group_name = Some(row.cells[n].clone());
                group_name.clone()
            }
            _ => row.group.clone(),
        }
        .or_else(|| row.group.clone());
        let text = task.map(|t| row.cells[t].as_str()).unwrap_or_default();
        let name_cell = name.map(|n| row.cells[n].as_str()).filter(|n| !n.is_empty());
        let merged_names = name.is_some_and(|n| table.rows.iter().any(|r| r.cells[n].is_empty()));
        let (title, body) = match (name_cell, merged_names) {
            (Some(n), false) if !text.is_empty() => (split_measure_title(n).0, text),
            (Some(n), false) => split_measure_title(n),
            _ => split_measure_title(text),
        };
        let (title, body) = texts.write(title, [body]);
        let cell = |c: Option<usize>| c.map(|c| row.cells[c].trim()).filter(|v| !v.is_empty());
        let mut fields = Vec::new();
        match (cell(lead), cell(partner), cell(units)) {
            (lead, partner, units) if lead.is_some() || table.columns.contains(&Column::Lead) => {
                fields.extend(lead.map(|l| format!("牵头单位：{l}")));
                fields.extend(partner.map(|p| format!("配合单位：{p}")));
                fields.extend(units.map(|u| format!("责任单位：{u}")));
            }
            (None, partner, units) if partner.is_some() => {
                fields.extend(units.map(|u| format!("牵头单位：{u}")));
                fields.extend(partner.map(|p| format!("配合单位：{p}")));
            }
            (_, _, units) => fields.extend(units.map(|u| format!("责任单位：{u}"))),
        }
        let start = texts.notes_start();
        if !fields.is_empty() {
            texts.annotation(start, &fields.join("；"), false);
        }
        let annotations = start..texts.notes.len() as u32;
        let deadline_field = cell(deadline).map(|d| texts.note(d));
        let section = group.as_ref().map(|g| {
            let sections = &mut chapters[chapter].sections;
            if sections.last().is_none_or(|s| &s.title != g) {
                sections.push(Section {
                    number: 0,
                    marker: String::new(),
                    title: g.clone(),
                    text: Vec::new(),
                    measures: 0..0,
                    line: row.line,
                });
            }
            sections.len() - 1
        });
        let ordinal = row.number.unwrap_or(k as u32 + 1);
        tasks.push(TaskDraft {
            id: format!("附件{}.{ordinal}", table.attachment),
            number: row.number,
            title,
            body,
            annotations,
            deadline_field,
            lead_rule: false,
            chapter,
            section,
            line: row.line,
            group,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn lines(text: &str) -> Vec<Line<'_>> {
        text.lines()
            .enumerate()
            .map(|(i, l)| Line {
                number: i + 1,
                text: Cow::Borrowed(l.trim()),
                width: crate::plan::lines::layout_width(l.trim()) as u32,
            })
            .collect()
    }

    #[test]
    fn header_columns() {
        assert_eq!(classify("序号"), Column::Number);
        assert_eq!(classify("主 要 内 容"), Column::Task);
        assert_eq!(classify("改革举措"), Column::Name);
        assert_eq!(classify("牵头单位"), Column::Lead);
        assert_eq!(classify("牵头责任单位"), Column::Lead);
        assert_eq!(classify("配合单位"), Column::Partner);
        assert_eq!(classify("责任单位"), Column::Units);
        assert_eq!(classify("指导部门"), Column::Units);
        assert_eq!(classify("完成时限"), Column::Deadline);
        assert_eq!(classify("进度安排"), Column::Deadline);
        assert_eq!(classify("分 管 县领导"), Column::Other);
    }

    #[test]
    fn a_cell_a_line() {
        let text = "附件\n任务分工表\n序号\n重点任务\n牵头单位\n配合单位\n完成时限\n\n一、优化营商环境\n\n1\n推进一网通办。全面推开。\n市政务服务局\n市发展改革委、市财政局\n2025年底前\n\n2\n深化证照分离改革。\n市市场监管局\n市司法局\n长期坚持\n";
        let lines = lines(text);
        let tables = find(&lines, true);
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert_eq!(t.title, "任务分工表");
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells[1], "推进一网通办。全面推开。");
        assert_eq!(t.rows[0].cells[3], "市发展改革委、市财政局");
        assert_eq!(t.rows[1].cells[4], "长期坚持");
        assert_eq!(t.rows[1].group.as_deref(), Some("一、优化营商环境"));
    }

    #[test]
    fn a_row_a_line() {
        let text = "序号 | 工作任务 | 牵头单位 | 完成时限 |\n1 | 推进改革。 | 县发改局 | 6月底前 |\n2 | 加强监管。 | 县市场监管局 | 年底前 |\n";
        let tables = find(&lines(text), true);
        assert_eq!(tables[0].rows.len(), 2);
        assert_eq!(tables[0].rows[1].cells[2], "县市场监管局");
        let text = "序号    重点任务                牵头单位      配合单位\n1       推进一网通办。          市政务服务局  市财政局\n2       深化改革。              市发展改革委  市司法局\n";
        let tables = find(&lines(text), true);
        assert_eq!(tables[0].rows.len(), 2);
        assert_eq!(tables[0].rows[0].cells[3], "市财政局");
    }
}
