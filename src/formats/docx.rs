//! Word .docx (Office Open XML, also what WPS saves): the main document part's paragraphs
//! in order, tables as rows of cells, and Word's automatic numbering written out as the
//! reader sees it (`一、` from `numbering.xml`, not from the text).
//!
//! Kept: body paragraphs, table cells (a vertically merged cell's text in every row it
//! spans; nested tables flattened into their cell), the results of fields. Dropped: text
//! boxes, footnotes and endnotes, comments, headers and footers (page numbers, 文号
//! banners), deleted revisions, field instructions, pictures.
//!
//! Bounds: every part is checked by its declared size before it is inflated and read
//! through a limit in case the size lies (a zip bomb is refused, not inflated); XML is
//! read with quick-xml, which never expands entities beyond the five predefined ones and
//! character references, so entity expansion attacks do not exist here.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};

use super::{FormatError, TextOut};
use crate::text::numerals::chinese_numeral;

/// The largest part read (inflated). Real document.xml parts are a few MiB at most.
const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// The most entries an archive may list.
const MAX_ENTRIES: usize = 10_000;

fn damaged(what: impl std::fmt::Display) -> FormatError {
    FormatError::new(crate::tr!("error-damaged", format = ".docx", detail = what.to_string()))
}

/// The text of a .docx file.
pub fn text(bytes: &[u8]) -> Result<String, FormatError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(one_line(&e.to_string())))?;
    if archive.len() > MAX_ENTRIES {
        return Err(damaged(format!("{} entries", archive.len())));
    }
    let main = main_part(&mut archive)?;
    let Some(document) = read_part(&mut archive, &main)? else {
        if read_part(&mut archive, "content.xml")?.is_some() {
            return Err(FormatError::new(crate::tr!("error-odt")));
        }
        return Err(FormatError::new(crate::tr!("error-zip-without-word")));
    };
    let styles = read_part(&mut archive, "word/styles.xml")?.map(|x| Styles::read(&x)).unwrap_or_default();
    let numbering = read_part(&mut archive, "word/numbering.xml")?.map(|x| Numbering::read(&x)).unwrap_or_default();
    Body::read(&document, &styles, numbering)
}

/// The main document part's name, from the package relationships (`word/document.xml`
/// unless they say otherwise).
fn main_part(archive: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<String, FormatError> {
    let Some(rels) = read_part(archive, "_rels/.rels")? else { return Ok("word/document.xml".into()) };
    let mut reader = Reader::from_str(&rels);
    loop {
        match reader.read_event() {
            Ok(Event::Empty(e) | Event::Start(e)) if e.local_name().as_ref() == "Relationship" => {
                let kind = attr(&e, "Type").unwrap_or_default();
                if kind.ends_with("/officeDocument")
                    && let Some(target) = attr(&e, "Target")
                {
                    return Ok(target.trim_start_matches('/').to_string());
                }
            }
            Ok(Event::Eof) | Err(_) => return Ok("word/document.xml".into()),
            Ok(_) => {}
        }
    }
}

/// A part's text, `None` if the archive has no such part. Its declared size is checked
/// before inflating, and the reading is cut off at the limit whatever it declared.
fn read_part(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<String>, FormatError> {
    let file = match archive.by_name(name) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(damaged(format!("{name}: {}", one_line(&e.to_string())))),
    };
    let too_large =
        || FormatError::new(crate::tr!("error-zip-bomb", part = name, max = MAX_PART_BYTES / (1024 * 1024)));
    if file.size() > MAX_PART_BYTES {
        return Err(FormatError::new(crate::tr!(
            "error-zip-bomb-declared",
            part = name,
            size = file.size() / (1024 * 1024)
        )));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(file.size()).unwrap_or(0));
    file.take(MAX_PART_BYTES + 1).read_to_end(&mut bytes).map_err(|e| damaged(format!("{name}: {e}")))?;
    if bytes.len() as u64 > MAX_PART_BYTES {
        return Err(too_large());
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    Ok(Some(text))
}

/// An attribute's value by its local name (`w:val` → `val`), unescaped.
fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .map(|a| quick_xml::escape::unescape(&a.value).map_or_else(|_| a.value.to_string(), |s| s.into_owned()))
}

/// The text an entity or character reference stands for (the five XML entities and
/// `&#…;`; nothing else is ever expanded).
fn reference(r: &BytesRef<'_>) -> Option<String> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c.to_string());
    }
    quick_xml::escape::resolve_predefined_entity(r).map(str::to_string)
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A paragraph's numbering: which list (`numId`) and level (`ilvl`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct NumRef {
    num: Option<u32>,
    level: Option<u8>,
}

impl NumRef {
    fn or(self, other: NumRef) -> NumRef {
        NumRef { num: self.num.or(other.num), level: self.level.or(other.level) }
    }
}

/// Paragraph styles that carry numbering (Word's heading styles often do), with their
/// parents.
#[derive(Debug, Default)]
struct Styles {
    numbering: HashMap<String, NumRef>,
    based_on: HashMap<String, String>,
}

impl Styles {
    fn read(xml: &str) -> Styles {
        let mut styles = Styles::default();
        let mut reader = Reader::from_str(xml);
        let mut current: Option<String> = None;
        loop {
            match reader.read_event() {
                Ok(Event::Start(e)) if e.local_name().as_ref() == "style" => current = attr(&e, "styleId"),
                Ok(Event::End(e)) if e.local_name().as_ref() == "style" => current = None,
                Ok(Event::Empty(e) | Event::Start(e)) => {
                    let Some(id) = &current else { continue };
                    let slot = || NumRef::default();
                    match e.local_name().as_ref() {
                        "basedOn" => {
                            if let Some(parent) = attr(&e, "val") {
                                styles.based_on.insert(id.clone(), parent);
                            }
                        }
                        "numId" => {
                            styles.numbering.entry(id.clone()).or_insert_with(slot).num =
                                attr(&e, "val").and_then(|v| v.parse().ok());
                        }
                        "ilvl" => {
                            styles.numbering.entry(id.clone()).or_insert_with(slot).level =
                                attr(&e, "val").and_then(|v| v.parse().ok());
                        }
                        _ => {}
                    }
                }
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => {}
            }
        }
        styles
    }

    /// A style's numbering, through its parents.
    fn numbering(&self, style: &str) -> NumRef {
        let mut found = NumRef::default();
        let mut id = style;
        for _ in 0..16 {
            if let Some(n) = self.numbering.get(id) {
                found = found.or(*n);
            }
            match self.based_on.get(id) {
                Some(parent) => id = parent,
                None => break,
            }
        }
        found
    }
}

/// One level of a list: how its number is written.
#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    format: String,
    /// `%1、`, `（%2）`: `%n` is level n's number.
    text: String,
}

/// `numbering.xml`: lists and the counters as the document goes.
#[derive(Debug, Default)]
struct Numbering {
    abstracts: HashMap<u32, Vec<Level>>,
    /// numId → (abstractNumId, start overrides per level).
    nums: HashMap<u32, (u32, HashMap<u8, u32>)>,
    /// Per abstract list, the current number at each level.
    counters: HashMap<u32, [u32; 9]>,
}

impl Numbering {
    fn read(xml: &str) -> Numbering {
        let mut numbering = Numbering::default();
        let mut reader = Reader::from_str(xml);
        let mut abstract_id: Option<u32> = None;
        let mut level: Option<(u8, Level)> = None;
        let mut num: Option<u32> = None;
        let mut override_level: Option<u8> = None;
        let number = |e: &BytesStart<'_>, name: &str| attr(e, name).and_then(|v| v.parse::<u32>().ok());
        loop {
            let event = reader.read_event();
            let (start, e) = match &event {
                Ok(Event::Start(e)) => (true, e),
                Ok(Event::Empty(e)) => (false, e),
                Ok(Event::End(e)) => {
                    match e.local_name().as_ref() {
                        "lvl" => {
                            if let (Some(id), Some((i, l))) = (abstract_id, level.take()) {
                                let levels = numbering.abstracts.entry(id).or_default();
                                let i = usize::from(i.min(8));
                                if levels.len() <= i {
                                    levels.resize(i + 1, Level::default());
                                }
                                levels[i] = l;
                            }
                        }
                        "abstractNum" => abstract_id = None,
                        "num" => num = None,
                        "lvlOverride" => override_level = None,
                        _ => {}
                    }
                    continue;
                }
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => continue,
            };
            match e.local_name().as_ref() {
                "abstractNum" if start => abstract_id = number(e, "abstractNumId"),
                "lvl" if start && abstract_id.is_some() => {
                    let i = number(e, "ilvl").unwrap_or(0).min(8) as u8;
                    level = Some((i, Level { start: 1, format: "decimal".into(), text: String::new() }));
                }
                "start" => {
                    if let Some((_, l)) = &mut level {
                        l.start = number(e, "val").unwrap_or(1);
                    }
                }
                "numFmt" => {
                    if let Some((_, l)) = &mut level {
                        l.format = attr(e, "val").unwrap_or_default();
                    }
                }
                "lvlText" => {
                    if let Some((_, l)) = &mut level {
                        l.text = attr(e, "val").unwrap_or_default();
                    }
                }
                "num" if start => {
                    num = number(e, "numId");
                }
                "abstractNumId" => {
                    if let (Some(n), Some(a)) = (num, number(e, "val")) {
                        numbering.nums.insert(n, (a, HashMap::new()));
                    }
                }
                "lvlOverride" if start => override_level = number(e, "ilvl").map(|i| i.min(8) as u8),
                "startOverride" => {
                    if let (Some(n), Some(i), Some(v)) = (num, override_level, number(e, "val"))
                        && let Some((_, overrides)) = numbering.nums.get_mut(&n)
                    {
                        overrides.insert(i, v);
                    }
                }
                _ => {}
            }
        }
        numbering
    }

    /// The number a paragraph of list `num` at `level` shows (counting it), as the reader
    /// sees it: `一、`, `（三）`, `2.`. None for bullets, `none` formats and unknown lists.
    fn label(&mut self, num: u32, level: u8) -> Option<String> {
        let (abstract_id, overrides) = self.nums.get(&num)?;
        let levels = self.abstracts.get(abstract_id)?;
        let level = usize::from(level.min(8));
        let this = levels.get(level)?;
        let starts: Vec<u32> = (0..9)
            .map(|i| overrides.get(&(i as u8)).copied().or_else(|| levels.get(i).map(|l| l.start)).unwrap_or(1))
            .collect();
        let counters = self.counters.entry(*abstract_id).or_insert([0; 9]);
        counters[level] = if counters[level] == 0 { starts[level] } else { counters[level] + 1 };
        // A level restarts below a higher one.
        for (i, counter) in counters.iter_mut().enumerate().skip(level + 1) {
            let _ = i;
            *counter = 0;
        }
        if this.format == "bullet" || this.format == "none" || this.text.is_empty() {
            return None;
        }
        let mut out = String::new();
        let mut chars = this.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%'
                && let Some(d) = chars.peek().and_then(|d| d.to_digit(10))
            {
                chars.next();
                let i = (d as usize).saturating_sub(1).min(8);
                let value = if counters[i] == 0 { starts[i] } else { counters[i] };
                let format = levels.get(i).map_or("decimal", |l| l.format.as_str());
                out.push_str(&format_number(value, format));
            } else {
                out.push(c);
            }
        }
        Some(out)
    }
}

/// A number in one of Word's formats.
fn format_number(n: u32, format: &str) -> String {
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "ideographDigital"
        | "japaneseCounting" => chinese_numeral(n),
        "ideographTraditional" => {
            const STEMS: [&str; 10] = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"];
            STEMS.get(n.saturating_sub(1) as usize).map_or_else(|| n.to_string(), |s| s.to_string())
        }
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => char::from_u32(0x2460 + n.saturating_sub(1))
            .filter(|_| (1..=20).contains(&n))
            .map_or(n.to_string(), String::from),
        "decimalFullWidth" | "decimalFullWidth2" => {
            n.to_string().chars().map(|d| char::from_u32(d as u32 - '0' as u32 + 0xff10).unwrap_or(d)).collect()
        }
        "lowerLetter" => letter(n, b'a'),
        "upperLetter" => letter(n, b'A'),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        _ => n.to_string(),
    }
}

fn letter(n: u32, base: u8) -> String {
    if n == 0 {
        return String::new();
    }
    let c = char::from(base + ((n - 1) % 26) as u8);
    std::iter::repeat_n(c, ((n - 1) / 26 + 1) as usize).collect()
}

fn roman(mut n: u32) -> String {
    const DIGITS: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, digits) in DIGITS {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// A table being read.
#[derive(Debug, Default)]
struct Table {
    rows: Vec<Vec<String>>,
    row: Vec<String>,
    /// Grid columns of the cells of the current row.
    columns: Vec<usize>,
    column: usize,
    cell: String,
    span: usize,
    /// `Some(true)`: the cell starts a vertical merge; `Some(false)`: it continues one.
    merge: Option<bool>,
    /// The text of the cell that started the vertical merge in each grid column.
    merged: HashMap<usize, String>,
}

impl Table {
    fn end_cell(&mut self) {
        let mut text = std::mem::take(&mut self.cell);
        match self.merge.take() {
            Some(true) => {
                self.merged.insert(self.column, text.clone());
            }
            Some(false) => text = self.merged.get(&self.column).cloned().unwrap_or_default(),
            None => {
                self.merged.remove(&self.column);
            }
        }
        self.row.push(text);
        self.columns.push(self.column);
        self.column += self.span.max(1);
        self.span = 1;
    }

    fn end_row(&mut self) {
        self.rows.push(std::mem::take(&mut self.row));
        self.columns.clear();
        self.column = 0;
    }
}

/// The document body as it is read.
struct Body<'a> {
    styles: &'a Styles,
    numbering: Numbering,
    out: TextOut,
    /// Tables open (nested tables are flattened into their outer cell).
    tables: Vec<Table>,
    paragraph: String,
    style: Option<String>,
    num: NumRef,
    /// Depth inside an element whose text is skipped (text boxes, deleted text,
    /// field instructions, the fallback of alternate content, footnote references).
    skip: usize,
    /// Inside a field's instructions (between `fldChar begin` and `separate`).
    in_instructions: bool,
    /// Inside a run (`w:r`), and inside its text (`w:t`).
    in_run: bool,
    in_text: bool,
}

impl<'a> Body<'a> {
    fn read(xml: &str, styles: &'a Styles, numbering: Numbering) -> Result<String, FormatError> {
        let mut body = Body {
            styles,
            numbering,
            out: TextOut::new(),
            tables: Vec::new(),
            paragraph: String::new(),
            style: None,
            num: NumRef::default(),
            skip: 0,
            in_instructions: false,
            in_run: false,
            in_text: false,
        };
        let mut reader = Reader::from_str(xml);
        loop {
            match reader.read_event() {
                Ok(Event::Start(e)) => body.start(&e, true)?,
                Ok(Event::Empty(e)) => body.start(&e, false)?,
                Ok(Event::End(e)) => body.end(e.local_name().as_ref())?,
                Ok(Event::Text(t)) => {
                    if body.takes_text() {
                        body.paragraph.push_str(&t.xml10_content());
                    }
                }
                Ok(Event::GeneralRef(r)) => {
                    if body.takes_text()
                        && let Some(s) = reference(&r)
                    {
                        body.paragraph.push_str(&s);
                    }
                }
                Ok(Event::Eof) => break,
                Err(e) => {
                    let position = reader.buffer_position();
                    return Err(damaged(format!("XML error at byte {position}: {}", one_line(&e.to_string()))));
                }
                Ok(_) => {}
            }
        }
        body.end_paragraph()?;
        while let Some(mut table) = body.tables.pop() {
            if !table.row.is_empty() {
                table.end_row();
            }
            body.out.table(&table.rows)?;
        }
        Ok(body.out.finish())
    }

    /// Whether the text being read belongs to the document: inside `w:t` of the body,
    /// not skipped.
    fn takes_text(&self) -> bool {
        self.skip == 0 && !self.in_instructions && self.in_text
    }

    fn start(&mut self, e: &BytesStart<'_>, opens: bool) -> Result<(), FormatError> {
        let name = e.local_name();
        let name = name.as_ref();
        if SKIPPED.contains(&name) {
            if opens {
                self.skip += 1;
            }
            return Ok(());
        }
        if self.skip > 0 {
            return Ok(());
        }
        match name {
            "p" => {
                self.end_paragraph()?;
            }
            "pStyle" => self.style = attr(e, "val"),
            "numId" => self.num.num = attr(e, "val").and_then(|v| v.parse().ok()),
            "ilvl" => self.num.level = attr(e, "val").and_then(|v| v.parse().ok()),
            "r" => self.in_run = opens,
            "t" => self.in_text = opens,
            "tab" if self.in_run => self.paragraph.push(' '),
            "br" | "cr" if self.in_run => self.paragraph.push('\n'),
            "noBreakHyphen" if self.in_run => self.paragraph.push('-'),
            "fldChar" => match attr(e, "fldCharType").as_deref() {
                Some("begin") => self.in_instructions = true,
                Some("separate" | "end") => self.in_instructions = false,
                _ => {}
            },
            "tbl" if opens => {
                if self.tables.is_empty() {
                    self.end_paragraph()?;
                }
                if self.tables.len() >= 32 {
                    return Err(damaged("tables nested more than 32 deep"));
                }
                self.tables.push(Table::default());
            }
            "tc" if opens => {
                if let Some(table) = self.tables.last_mut() {
                    table.cell.clear();
                    table.span = 1;
                    table.merge = None;
                }
            }
            "gridSpan" => {
                if let Some(table) = self.tables.last_mut() {
                    table.span = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(1).clamp(1, 64);
                }
            }
            "vMerge" => {
                if let Some(table) = self.tables.last_mut() {
                    table.merge = Some(attr(e, "val").as_deref() == Some("restart"));
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, name: &str) -> Result<(), FormatError> {
        if SKIPPED.contains(&name) {
            self.skip = self.skip.saturating_sub(1);
            return Ok(());
        }
        if self.skip > 0 {
            return Ok(());
        }
        match name {
            "r" => self.in_run = false,
            "t" => self.in_text = false,
            "p" => self.end_paragraph()?,
            "tc" => {
                self.end_paragraph()?;
                if let Some(table) = self.tables.last_mut() {
                    table.end_cell();
                }
            }
            "tr" => {
                if let Some(table) = self.tables.last_mut() {
                    table.end_row();
                }
            }
            "tbl" => {
                let Some(mut table) = self.tables.pop() else { return Ok(()) };
                if !table.row.is_empty() {
                    table.end_row();
                }
                match self.tables.last_mut() {
                    // A table inside a cell: its rows become lines of that cell.
                    Some(outer) => {
                        for row in &table.rows {
                            let line = row.iter().filter(|c| !c.is_empty()).cloned().collect::<Vec<_>>().join(" ");
                            push_line(&mut outer.cell, &line);
                        }
                    }
                    None => self.out.table(&table.rows)?,
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Ends the paragraph being read (if any): its list number first, then its text, into
    /// the open cell or the document.
    fn end_paragraph(&mut self) -> Result<(), FormatError> {
        let text = std::mem::take(&mut self.paragraph);
        let style = self.style.take();
        let num = std::mem::take(&mut self.num);
        let num = num.or(style.map(|s| self.styles.numbering(&s)).unwrap_or_default());
        let label = match num.num {
            Some(id) if id > 0 => self.numbering.label(id, num.level.unwrap_or(0)),
            _ => None,
        };
        let text = text.trim();
        if text.is_empty() {
            return Ok(());
        }
        let text = match label {
            Some(label) => format!("{label}{text}"),
            None => text.to_string(),
        };
        match self.tables.last_mut() {
            Some(table) => push_line(&mut table.cell, &text),
            None => {
                for line in text.split('\n') {
                    self.out.paragraph(line)?;
                }
            }
        }
        Ok(())
    }
}

/// Elements whose text is not the document's: text boxes, deleted and moved-away
/// revisions, field instructions, the fallback copy of alternate content, footnote and
/// comment marks.
const SKIPPED: [&str; 8] =
    ["txbxContent", "del", "moveFrom", "instrText", "Fallback", "delText", "commentReference", "footnoteReference"];

/// Adds a line to a cell's text.
fn push_line(cell: &mut String, line: &str) {
    if line.is_empty() {
        return;
    }
    if !cell.is_empty() {
        cell.push('\n');
    }
    cell.push_str(line);
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    /// A .docx of the given parts, deflated.
    fn package(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in parts {
            zip.start_file(*name, options).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    const DOCUMENT: &str = r#"<w:document xmlns:w="w"><w:body>
        <w:p><w:r><w:t>关于加强管理的实施方案</w:t></w:r></w:p>
        <w:p><w:r><w:t xml:space="preserve">1.加强领导。</w:t></w:r><w:r><w:t>（责任单位：县发改局）</w:t></w:r></w:p>
        </w:body></w:document>"#;

    #[test]
    fn a_small_package_reads() {
        let docx = package(&[("word/document.xml", DOCUMENT.as_bytes())]);
        assert_eq!(text(&docx).unwrap(), "关于加强管理的实施方案\n1.加强领导。（责任单位：县发改局）\n");
    }

    /// A zip bomb: a part that inflates to far more than any document is refused by its
    /// declared size, before it is inflated.
    #[test]
    fn a_zip_bomb_is_refused_before_inflating() {
        let zeros = vec![b' '; (MAX_PART_BYTES + 1024) as usize];
        let bomb = package(&[("word/document.xml", &zeros)]);
        assert!(bomb.len() < 200 * 1024, "{} bytes", bomb.len());
        // Refused by the size its header declares, so nothing was inflated.
        let error = text(&bomb).unwrap_err().to_string();
        assert_eq!(error, "word/document.xml says it inflates to 64 MiB; refused unread (a zip bomb?)");
    }

    /// Entities declared in the document are never expanded (no billion laughs).
    #[test]
    fn declared_entities_are_not_expanded() {
        let mut laughs = String::from("<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"哈哈哈哈哈哈哈哈\">");
        for i in 1..10 {
            let prev = if i == 1 { "a".to_string() } else { format!("e{}", i - 1) };
            laughs.push_str(&format!("<!ENTITY e{i} \"{}\">", format!("&{prev};").repeat(10)));
        }
        laughs.push_str("]>");
        laughs.push_str(&DOCUMENT.replace("加强领导。", "加强领导。&e9;&amp;"));
        let docx = package(&[("word/document.xml", laughs.as_bytes())]);
        let text = text(&docx).unwrap();
        assert!(text.contains("1.加强领导。&（责任单位") && !text.contains("哈"), "{text}");
    }

    #[test]
    fn damaged_packages_give_one_line() {
        let docx = package(&[("word/document.xml", DOCUMENT.as_bytes())]);
        for bad in [&docx[..docx.len() / 2], b"PK\x03\x04garbage".as_slice()] {
            let error = text(bad).unwrap_err().to_string();
            assert!(error.starts_with("damaged .docx (") && !error.contains('\n'), "{error}");
        }
        let broken = package(&[("word/document.xml", b"<w:document><w:body><w:p><w:t>x</w:p>")]);
        assert!(text(&broken).unwrap_err().to_string().contains("XML error"));
        let odt = package(&[("content.xml", b"<office:document-content/>")]);
        assert!(text(&odt).unwrap_err().to_string().contains("OpenDocument"));
    }

    #[test]
    fn numbers_in_words_formats() {
        assert_eq!(format_number(3, "chineseCounting"), "三");
        assert_eq!(format_number(12, "taiwaneseCountingThousand"), "十二");
        assert_eq!(format_number(2, "decimalEnclosedCircle"), "②");
        assert_eq!(format_number(14, "upperRoman"), "XIV");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(3, "ideographTraditional"), "丙");
        assert_eq!(format_number(10, "decimalFullWidth"), "１０");
    }
}
