//! The Word export, read back independently: the package unzipped with `zip`, its parts
//! parsed with quick-xml (well-formed, no character XML 1.0 forbids), the document's tables
//! compared with the model.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use planview::export::docx::docx;
use planview::export::schema::MarkFields;
use planview::export::{MeasureExtras, NoExtras, Selection};
use planview::library::{Library, MeasureId, UnitIndex};
use planview::plan::{Measure, Plan, Role, load_bytes, load_embedded};
use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};

const HEADER: [&str; 7] = ["序号", "章节", "任务", "角色", "牵头单位", "配合单位", "完成时限"];

fn seed() -> Library {
    Library::from_plans(vec![load_embedded()], Vec::new())
}

/// The names of the package's parts.
fn part_names(bytes: &[u8]) -> Vec<String> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a docx is a zip");
    archive.file_names().map(|n| n.expect("a part's name").into_owned()).collect()
}

/// A part of the package, as text (every part is UTF-8 XML).
fn part(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a docx is a zip");
    let mut xml = String::new();
    archive.by_name(name).unwrap_or_else(|_| panic!("no part {name}")).read_to_string(&mut xml).expect("UTF-8");
    xml
}

/// Whether XML 1.0 allows the character (its `Char` production).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// The text of an entity or character reference; only the five XML entities exist.
fn reference(r: &BytesRef<'_>) -> String {
    if let Some(c) = r.resolve_char_ref().expect("a valid character reference") {
        assert!(xml_char(c), "a reference to {c:?}, which XML 1.0 forbids");
        return c.to_string();
    }
    quick_xml::escape::resolve_predefined_entity(r).unwrap_or_else(|| panic!("an undefined entity {r:?}")).to_string()
}

fn name(e: &BytesStart<'_>) -> String {
    e.name().as_ref().to_string()
}

fn attribute(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .map(|a| a.expect("a well-formed attribute"))
        .find(|a| a.key.as_ref() == key)
        .map(|a| quick_xml::escape::unescape(&a.value).expect("a well-formed value").into_owned())
}

/// Checks that the XML is well-formed: one root, tags that close in order, references that
/// resolve, and no character XML 1.0 forbids.
fn well_formed(xml: &str, part: &str) {
    if let Some(c) = xml.chars().find(|&c| !xml_char(c)) {
        panic!("{part}: {c:?}, which XML 1.0 forbids");
    }
    let mut reader = Reader::from_str(xml);
    let mut open: Vec<String> = Vec::new();
    let mut roots = 0;
    loop {
        match reader.read_event().unwrap_or_else(|e| panic!("{part} is not well-formed: {e}")) {
            Event::Start(e) => {
                roots += usize::from(open.is_empty());
                open.push(name(&e));
                for a in e.attributes() {
                    a.unwrap_or_else(|e| panic!("{part}: a malformed attribute: {e}"));
                }
            }
            Event::Empty(e) => {
                roots += usize::from(open.is_empty());
                for a in e.attributes() {
                    a.unwrap_or_else(|e| panic!("{part}: a malformed attribute: {e}"));
                }
            }
            Event::End(e) => assert_eq!(open.pop().as_deref(), Some(name_of_end(&e).as_str()), "{part}"),
            Event::GeneralRef(r) => {
                reference(&r);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(open.is_empty(), "{part}: {open:?} never closed");
    assert_eq!(roots, 1, "{part}: one root element");
}

fn name_of_end(e: &quick_xml::events::BytesEnd<'_>) -> String {
    e.name().as_ref().to_string()
}

/// Every XML part of the package is well-formed.
fn all_well_formed(bytes: &[u8]) {
    for name in part_names(bytes) {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            well_formed(&part(bytes, &name), &name);
        }
    }
}

/// A table row: whether it is the repeated header and kept on one page, and each cell's
/// paragraphs (and their styles).
#[derive(Default, Debug)]
struct TableRow {
    header: bool,
    cant_split: bool,
    cells: Vec<Vec<String>>,
    styles: Vec<String>,
}

impl TableRow {
    fn texts(&self) -> Vec<String> {
        self.cells.iter().map(|c| c.join("\n")).collect()
    }
}

/// What `document.xml` says: the paragraphs outside tables, the tables, and the section's
/// properties (`w:pgSz` and `w:pgMar` attributes, the footer references).
#[derive(Default, Debug)]
struct Body {
    paragraphs: Vec<String>,
    tables: Vec<Vec<TableRow>>,
    page_size: HashMap<String, String>,
    margins: HashMap<String, String>,
    footers: usize,
}

impl Body {
    fn table(&self) -> &[TableRow] {
        assert_eq!(self.tables.len(), 1, "one table");
        &self.tables[0]
    }
}

fn body(bytes: &[u8]) -> Body {
    let xml = part(bytes, "word/document.xml");
    well_formed(&xml, "document.xml");
    let mut body = Body::default();
    let mut reader = Reader::from_str(&xml);
    let mut row: Option<TableRow> = None;
    let mut cell: Option<Vec<String>> = None;
    let mut paragraph: Option<String> = None;
    let mut in_text = false;
    let attributes = |e: &BytesStart<'_>| -> HashMap<String, String> {
        e.attributes().map(|a| a.unwrap()).map(|a| (a.key.as_ref().to_string(), a.value.to_string())).collect()
    };
    loop {
        let event = reader.read_event().unwrap();
        let (e, empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = e {
            match e.name().as_ref() {
                "w:tbl" => body.tables.push(Vec::new()),
                "w:tr" => row = Some(TableRow::default()),
                "w:tblHeader" => row.as_mut().expect("in a row").header = true,
                "w:cantSplit" => row.as_mut().expect("in a row").cant_split = true,
                "w:tc" => cell = Some(Vec::new()),
                "w:p" => paragraph = Some(String::new()),
                "w:t" => in_text = !empty,
                "w:pStyle" if cell.as_ref().is_some_and(Vec::is_empty) && paragraph.is_some() => {
                    row.as_mut().unwrap().styles.push(attribute(e, "w:val").unwrap_or_default());
                }
                "w:pgSz" => body.page_size = attributes(e),
                "w:pgMar" => body.margins = attributes(e),
                "w:footerReference" => body.footers += 1,
                _ => {}
            }
            if !empty {
                continue;
            }
        }
        let closed = match &event {
            Event::End(e) => e.name().as_ref().to_string(),
            Event::Empty(e) => e.name().as_ref().to_string(),
            Event::Text(t) if in_text => {
                paragraph.as_mut().expect("text in a paragraph").push_str(&t.xml10_content());
                continue;
            }
            Event::GeneralRef(r) if in_text => {
                paragraph.as_mut().expect("text in a paragraph").push_str(&reference(r));
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        match closed.as_str() {
            "w:t" => in_text = false,
            "w:p" => {
                let text = paragraph.take().unwrap_or_default();
                match cell.as_mut() {
                    Some(cell) => cell.push(text),
                    None => body.paragraphs.push(text),
                }
            }
            "w:tc" => row.as_mut().expect("a cell in a row").cells.push(cell.take().unwrap()),
            "w:tr" => body.tables.last_mut().expect("a row in a table").push(row.take().unwrap()),
            _ => {}
        }
    }
    body
}

/// The paragraph styles of `styles.xml`: id → whether bold, and its East Asian font.
fn styles(bytes: &[u8]) -> HashMap<String, (bool, Option<String>)> {
    let xml = part(bytes, "word/styles.xml");
    let mut reader = Reader::from_str(&xml);
    let mut styles = HashMap::new();
    let mut current: Option<String> = None;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == "w:style" => current = attribute(&e, "w:styleId"),
            Event::End(e) if e.name().as_ref() == "w:style" => current = None,
            Event::Start(e) | Event::Empty(e) => {
                let Some(id) = &current else { continue };
                let style: &mut (bool, Option<String>) = styles.entry(id.clone()).or_default();
                match e.name().as_ref() {
                    "w:b" => style.0 = attribute(&e, "w:val").is_none_or(|v| v != "false" && v != "0"),
                    "w:rFonts" => style.1 = attribute(&e, "w:eastAsia"),
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    styles
}

/// A row's measure, by the id in its first cell.
fn measure_of<'a>(plan: &'a Plan, row: &TableRow) -> &'a Measure {
    plan.measure(&row.cells[0].join("")).unwrap_or_else(|| panic!("no measure {:?}", row.cells[0]))
}

fn units(measure: &Measure, lead: bool) -> String {
    measure.units().iter().filter(|u| u.is_lead() == lead).map(|u| &*u.name).collect::<Vec<_>>().join("、")
}

/// The task cell: the title, then the text's paragraphs.
fn task_cell(measure: &Measure) -> Vec<String> {
    let mut cell = vec![measure.title().to_string()];
    if !measure.body().is_empty() {
        cell.extend(measure.body().split('\n').map(str::to_string));
    }
    cell
}

#[test]
fn one_units_duty_list() {
    let library = seed();
    let index = UnitIndex::build(&library);
    let sfj = index.lookup("县司法局").expect("县司法局");
    let selection = Selection { unit: Some(sfj), ..Selection::default() };
    let bytes = docx(&library, &selection, &NoExtras).expect("the document is written");
    all_well_formed(&bytes);
    let body = body(&bytes);
    let plan = library.plan(0);

    assert_eq!(body.paragraphs[0], "县司法局任务清单");
    let info = body.paragraphs.join("\n");
    assert!(info.contains("株县发〔2015〕1号"), "{info}");
    assert!(info.contains(&plan.meta.title), "{info}");
    assert!(body.paragraphs.iter().any(|p| p == "共 40 项，其中牵头 8 项。"), "{info}");

    let table = body.table();
    assert!(table[0].header && table[0].cant_split);
    assert!(!table[1..].iter().any(|r| r.header), "only the first row repeats");
    assert_eq!(table[0].texts(), HEADER);
    let rows = &table[1..];
    assert_eq!(rows.len(), 40);
    let roles: Vec<String> = rows.iter().map(|r| r.texts()[3].clone()).collect();
    assert_eq!(roles.iter().filter(|r| *r == "牵头").count(), 8);
    assert!(roles.iter().all(|r| r == "牵头" || r == "配合"), "{roles:?}");

    // The rows are the unit's measures, in order, each as the model has it.
    let expected: Vec<&str> = sfj.measures.iter().map(|&(id, _)| &*library.measure(id).id).collect();
    let ids: Vec<&str> = rows.iter().map(|r| &*measure_of(plan, r).id).collect();
    assert_eq!(ids, expected);
    for (row, &(id, role)) in rows.iter().zip(&sfj.measures) {
        let measure = library.measure(id);
        assert_eq!(row.cells[2], task_cell(measure), "measure {}", measure.id);
        assert_eq!(row.cells[2][1..].join("\n"), measure.body(), "measure {}", measure.id);
        let (chapter, section) = plan.path_of(measure);
        assert_eq!(row.cells[1], [Some(chapter), section].into_iter().flatten().collect::<Vec<_>>());
        let texts = row.texts();
        assert_eq!(texts[3], role.label());
        assert_eq!(texts[4], units(measure, true));
        assert_eq!(texts[5], units(measure, false));
        assert_eq!(texts[6], "", "the seed states no deadline");
    }
    // Canonical names: the seed writes 县法院 where the index says 县人民法院.
    assert!(rows.iter().any(|r| r.texts()[5].contains("县人民法院")));
    // The seed's rows are short enough to be kept each on one page.
    assert!(rows.iter().filter(|r| r.cant_split).count() >= 35);

    // Only its lead measures.
    let selection = Selection { unit: Some(sfj), lead_only: true, ..Selection::default() };
    let body = self::body(&docx(&library, &selection, &NoExtras).unwrap());
    assert_eq!(body.table().len(), 1 + 8);
    assert!(body.paragraphs.iter().any(|p| p == "共 8 项，其中牵头 8 项。"));
}

#[test]
fn the_whole_plan_without_a_unit() {
    let library = seed();
    let bytes = docx(&library, &Selection::default(), &NoExtras).unwrap();
    all_well_formed(&bytes);
    let body = body(&bytes);
    let plan = library.plan(0);
    assert_eq!(body.paragraphs[0], format!("{}任务清单", plan.meta.title));
    assert!(body.paragraphs.iter().any(|p| p.contains("株县发〔2015〕1号")));
    assert!(body.paragraphs.iter().any(|p| p == "共 77 项。"));
    let table = body.table();
    let header: Vec<&str> = HEADER.iter().copied().filter(|c| *c != "角色").collect();
    assert_eq!(table[0].texts(), header);
    assert_eq!(table.len(), 1 + 77);
    for (row, measure) in table[1..].iter().zip(&plan.measures) {
        assert_eq!(measure_of(plan, row).id, measure.id);
        assert_eq!(row.cells[2], task_cell(measure));
        assert_eq!(row.texts()[3], units(measure, true));
    }
}

#[test]
fn a4_page_numbers_repeated_header_and_chinese_fonts() {
    let library = seed();
    let bytes = docx(&library, &Selection::default(), &NoExtras).unwrap();
    let body = body(&bytes);
    let size = (body.page_size["w:w"].as_str(), body.page_size["w:h"].as_str());
    assert!(matches!(size, ("11906", "16838") | ("16838", "11906")), "A4: {size:?}");
    assert_eq!(body.page_size.get("w:orient").map(String::as_str), Some("landscape"));
    assert_eq!(size, ("16838", "11906"), "landscape: the long side across");
    for side in ["w:top", "w:bottom", "w:left", "w:right"] {
        let margin: u32 = body.margins[side].parse().unwrap();
        assert!((1000..=2200).contains(&margin), "{side} {margin}");
    }

    // The footer: `— PAGE —`.
    assert_eq!(body.footers, 1);
    let footers: Vec<String> = part_names(&bytes).into_iter().filter(|n| n.starts_with("word/footer")).collect();
    assert_eq!(footers, ["word/footer1.xml"]);
    let footer = part(&bytes, "word/footer1.xml");
    let mut reader = Reader::from_str(&footer);
    let (mut instructions, mut text, mut in_instruction, mut in_text, mut field_chars) =
        (String::new(), String::new(), false, false, Vec::new());
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == "w:instrText" => in_instruction = true,
            Event::Start(e) if e.name().as_ref() == "w:t" => in_text = true,
            Event::End(_) => (in_instruction, in_text) = (false, false),
            Event::Empty(e) if e.name().as_ref() == "w:fldChar" => {
                field_chars.push(attribute(&e, "w:fldCharType").unwrap())
            }
            Event::Text(t) if in_instruction => instructions.push_str(&t.xml10_content()),
            Event::Text(t) if in_text => text.push_str(&t.xml10_content()),
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(instructions.trim(), "PAGE");
    assert_eq!(field_chars, ["begin", "separate", "end"]);
    assert_eq!(text, "— 1 —");

    // The header row: repeated on each page, in a bold style.
    let table = body.table();
    assert!(table[0].header);
    let styles = styles(&bytes);
    for style in &table[0].styles {
        assert!(styles[style].0, "the header's style {style} is bold");
    }
    assert_eq!(table[0].styles.len(), table[0].cells.len(), "every header cell is styled");
    // The text in 仿宋, the title in 方正小标宋简体 and the header in 黑体.
    let cell_style = &table[1].styles[1];
    assert_eq!(styles[cell_style].1.as_deref(), Some("仿宋"));
    assert_eq!(styles[&table[0].styles[0]].1.as_deref(), Some("黑体"));
    assert!(styles.values().any(|s| s.1.as_deref() == Some("方正小标宋简体")));
    let styles_xml = part(&bytes, "word/styles.xml");
    let defaults =
        &styles_xml[styles_xml.find("<w:docDefaults>").unwrap()..styles_xml.find("</w:docDefaults>").unwrap()];
    assert!(defaults.contains(r#"w:eastAsia="仿宋""#), "{defaults}");
    assert!(defaults.contains(r#"w:eastAsia="zh-CN""#), "{defaults}");
    // Each Chinese font in the font table, with an alternative for a machine without it.
    let fonts = part(&bytes, "word/fontTable.xml");
    for (font, alternative) in [("仿宋", "FangSong"), ("黑体", "SimHei"), ("方正小标宋简体", "宋体")] {
        let entry = format!(r#"<w:font w:name="{font}"><w:altName w:val="{alternative}"/>"#);
        assert!(fonts.contains(&entry), "{fonts}");
    }
    assert!(fonts.contains(r#"<w:charset w:val="86"/>"#));
}

/// A plan whose every text is hostile: markup, entities, CDATA ends, controls, and the
/// noncharacters U+FFFE and U+FFFF (which loading keeps: they drive no terminal). A title
/// holds no `>` and a unit's name no `]` (the parser reads neither so), but a unit's name
/// may come from elsewhere (an alias table): the list's title has one with `]]>`.
const HOSTILE: &str = "关于<script&\"'测试\u{ffff}的方案\n一、任务\u{1}与]]>\n\
    1.检查<b>加粗</b>&amp;引号\"'。正文含控制\u{b}字符\u{fffe}与]]>结束符，还有&lt;实体&gt;。（牵头单位：县<i>&办；配合单位：县司法局）\n\
    2.普通任务。（县司法局负责）\n";

/// What a text becomes in the document: without what XML 1.0 cannot hold.
fn as_xml_holds(text: &str) -> String {
    text.chars()
        .filter(|&c| xml_char(c) && c != '\u{fffe}' && c != '\u{ffff}' && (!c.is_control() || c == '\n'))
        .collect()
}

#[test]
fn hostile_text_comes_back_as_written() {
    let loaded = load_bytes(HOSTILE.as_bytes(), "hostile.txt").expect("the plan parses");
    let library = Library::from_plans(vec![loaded], Vec::new());
    let plan = library.plan(0);
    assert_eq!(plan.measures.len(), 2);
    assert!(plan.meta.title.contains("<script&\"'"), "{:?}", plan.meta.title);
    assert!(plan.meta.title.contains('\u{ffff}'), "loading keeps U+FFFF: {:?}", plan.meta.title);
    let first = &plan.measures[0];
    assert!(first.title().contains("<b>") && first.body().contains("]]>"), "the model keeps the text as written");
    assert!(first.body().contains('\u{fffe}'));
    let index = UnitIndex::build(&library);
    let mut odd = index.get("县<i>&办").expect("the unit named with markup").clone();
    odd.name = "县]]><![CDATA[\u{1}<&\"'\u{ffff}局".into();

    for selection in [Selection::default(), Selection { unit: Some(&odd), ..Selection::default() }] {
        let bytes = docx(&library, &selection, &NoExtras).expect("hostile text does not fail the export");
        all_well_formed(&bytes);
        let xml = part(&bytes, "word/document.xml");
        assert!(!xml.contains("<script") && !xml.contains("<b>") && !xml.contains("<i>") && !xml.contains("]]>"));
        // docx-rs escapes the markup characters itself.
        assert!(xml.contains("&lt;script&amp;&quot;"), "{xml:.3000}");
        assert!(xml.contains("&amp;amp;"), "an entity in the text stays text");
        let body = body(&bytes);
        let title = match selection.unit {
            Some(_) => "县]]><![CDATA[<&\"'局任务清单".to_string(),
            None => format!("{}任务清单", as_xml_holds(&plan.meta.title)),
        };
        assert_eq!(body.paragraphs[0], title);
        let table = body.table();
        assert_eq!(table.len(), 1 + if selection.unit.is_some() { 1 } else { 2 });
        for row in &table[1..] {
            let measure = measure_of(plan, row);
            let expected: Vec<String> = task_cell(measure).iter().map(|p| as_xml_holds(p)).collect();
            assert_eq!(row.cells[2], expected);
            let (chapter, _) = plan.path_of(measure);
            assert_eq!(row.cells[1][0], as_xml_holds(&chapter));
            let leads = units(measure, true);
            assert!(row.cells.iter().any(|c| c.join("") == leads), "{leads} in {row:?}");
        }
        assert_eq!(table[1].cells[2][0], "检查<b>加粗</b>&amp;引号\"'");
        assert!(table[1].texts().contains(&"县<i>&办".to_string()), "{:?}", table[1]);
    }
}

#[test]
fn a_long_row_may_break_across_pages() {
    let long = "加强法治建设，完善制度体系。".repeat(120);
    let text =
        format!("关于长任务的方案\n一、任务\n1.长任务。{long}（县司法局负责）\n2.短任务。正文。（县司法局负责）\n");
    let library = Library::from_plans(vec![load_bytes(text.as_bytes(), "long.txt").unwrap()], Vec::new());
    let body = body(&docx(&library, &Selection::default(), &NoExtras).unwrap());
    let table = body.table();
    assert_eq!(table.len(), 3);
    assert!(!table[1].cant_split, "a row taller than half a page may break");
    assert!(table[2].cant_split, "a short row stays on one page");
    assert_eq!(table[1].cells[2][1], library.plan(0).measures[0].body());
}

/// Marks as the command line's export gives them, a note with characters XML cannot hold.
struct Marks;

impl MeasureExtras for Marks {
    fn json(&self, _: MeasureId) -> Option<MarkFields> {
        None
    }
    fn columns(&self) -> Vec<&'static str> {
        vec!["已读", "关注", "备注"]
    }
    fn values(&self, id: MeasureId) -> Vec<String> {
        let yes = |b: bool| if b { "是" } else { "否" }.to_string();
        vec![yes(id.index.is_multiple_of(2)), yes(id.index == 3), format!("第{}条\u{1}<会>&议\u{ffff}", id.index)]
    }
}

#[test]
fn marks_as_a_column_of_notes() {
    let library = seed();
    let index = UnitIndex::build(&library);
    let sfj = index.lookup("县司法局").unwrap();
    let selection = Selection { unit: Some(sfj), ..Selection::default() };
    let bytes = docx(&library, &selection, &Marks).unwrap();
    all_well_formed(&bytes);
    let body = body(&bytes);
    let table = body.table();
    let mut header = HEADER.map(String::from).to_vec();
    header.push("备注".into());
    assert_eq!(table[0].texts(), header);
    assert_eq!(table.len(), 1 + 40);
    for (row, &(id, _)) in table[1..].iter().zip(&sfj.measures) {
        let yes = |b: bool| if b { "是" } else { "否" };
        let notes = [
            format!("已读：{}", yes(id.index.is_multiple_of(2))),
            format!("关注：{}", yes(id.index == 3)),
            format!("备注：第{}条<会>&议", id.index),
        ];
        assert_eq!(row.cells[7], notes);
    }

    // Without extras, no such column and no such text.
    let bytes = docx(&library, &selection, &NoExtras).unwrap();
    let body = self::body(&bytes);
    assert_eq!(body.table()[0].texts(), HEADER);
    assert!(body.table().iter().all(|r| r.cells.len() == HEADER.len()));
    let xml = part(&bytes, "word/document.xml");
    assert!(!xml.contains("已读") && !xml.contains("备注"));
}

#[test]
fn several_plans_a_table_each() {
    let second = "2019年司法行政工作要点\n一、重点任务\n1.推进普法。开展宪法宣传。（牵头单位：县司法局；配合单位：县教育局）\n\
                  2.完善调解。健全人民调解。（县司法局负责）\n3.规范档案。（牵头单位：县档案馆）\n";
    let plans = vec![load_embedded(), load_bytes(second.as_bytes(), "second.txt").unwrap()];
    let library = Library::from_plans(plans, Vec::new());
    assert_eq!(library.plans.len(), 2);

    let body = body(&docx(&library, &Selection::default(), &NoExtras).unwrap());
    assert_eq!(body.paragraphs[0], "任务清单");
    assert_eq!(body.tables.len(), 2);
    let lengths: Vec<usize> = body.tables.iter().map(Vec::len).collect();
    let mut expected: Vec<usize> = (0..2).map(|p| 1 + library.plan(p).measures.len()).collect();
    assert_eq!(lengths, expected);
    for p in 0..2u32 {
        let heading = format!("{}、{}", ["一", "二"][p as usize], library.plan(p).meta.title);
        assert!(body.paragraphs.contains(&heading), "{heading} in {:?}", body.paragraphs);
        assert!(body.tables[p as usize][0].header);
    }
    assert!(body.paragraphs.contains(&"共 80 项。".to_string()), "{:?}", body.paragraphs);

    // One unit's list: its measures of each plan, a plan without any left out.
    let index = UnitIndex::build(&library);
    let sfj = index.lookup("县司法局").unwrap();
    let selection = Selection { unit: Some(sfj), ..Selection::default() };
    let body = self::body(&docx(&library, &selection, &NoExtras).unwrap());
    assert_eq!(body.paragraphs[0], "县司法局任务清单");
    expected = vec![1 + 40, 1 + 2];
    assert_eq!(body.tables.iter().map(Vec::len).collect::<Vec<_>>(), expected);
    let summary = |plan: Option<u32>| {
        let measures: Vec<Role> =
            sfj.measures.iter().filter(|(id, _)| plan.is_none_or(|p| id.plan == p)).map(|&(_, role)| role).collect();
        let lead = measures.iter().filter(|r| **r == Role::Lead).count();
        format!("共 {} 项，其中牵头 {lead} 项。", measures.len())
    };
    // The whole list's count under the title, each plan's under its heading.
    assert_eq!(body.paragraphs[1], summary(None));
    assert_eq!(summary(Some(0)), "共 40 项，其中牵头 8 项。");
    for p in 0..2 {
        assert!(body.paragraphs.contains(&summary(Some(p))), "{:?}", body.paragraphs);
    }
    // A unit of the second plan only: its table alone, the plan named under the title.
    let archives = index.lookup("县档案馆").unwrap();
    let selection = Selection { unit: Some(archives), ..Selection::default() };
    let body = self::body(&docx(&library, &selection, &NoExtras).unwrap());
    assert_eq!(body.paragraphs[0], "县档案馆任务清单");
    assert_eq!(body.tables.len(), 1);
    assert_eq!(body.table().len(), 1 + 1);
    assert!(body.paragraphs.contains(&"《2019年司法行政工作要点》".to_string()), "{:?}", body.paragraphs);
    assert!(body.paragraphs.iter().any(|p| p == "共 1 项，其中牵头 1 项。"), "{:?}", body.paragraphs);
}
