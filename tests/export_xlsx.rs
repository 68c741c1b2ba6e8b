//! The Excel export, read back with calamine (and its XML where calamine does not look).

mod common;

use std::io::{Cursor, Read};

use calamine::{Data, DataType, Range, Reader, Xlsx, open_workbook_from_rs};
use planview::export::xlsx::{UNITS_SHEET, xlsx};
use planview::export::{NoExtras, Selection};
use planview::library::{Library, UnitIndex};
use planview::plan::load_bytes;

const HEADER: [&str; 8] = ["序号", "章节", "任务", "内容", "牵头单位", "配合单位", "文中写法", "完成时限"];

fn workbook(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("the workbook opens")
}

fn sheet(bytes: &[u8], name: &str) -> Range<Data> {
    workbook(bytes).worksheet_range(name).expect("the sheet exists")
}

fn text(cell: &Data) -> String {
    cell.get_string().map(str::to_string).unwrap_or_else(|| cell.to_string())
}

fn row_texts(range: &Range<Data>, r: usize) -> Vec<String> {
    range.rows().nth(r).expect("the row exists").iter().map(text).collect()
}

/// The XML of a worksheet part (`xl/worksheets/sheet1.xml`).
fn part(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("an xlsx is a zip");
    let mut xml = String::new();
    archive.by_name(name).expect("the part exists").read_to_string(&mut xml).expect("UTF-8 XML");
    xml
}

#[test]
fn the_seed_plan_as_a_workbook() {
    let library = Library::open(&[]);
    let bytes =
        xlsx(&library, &UnitIndex::build(&library), &Selection::default(), &NoExtras).expect("the workbook is written");
    assert_eq!(workbook(&bytes).sheet_names(), ["株县发〔2015〕1号", UNITS_SHEET]);

    let plan = sheet(&bytes, "株县发〔2015〕1号");
    assert_eq!(row_texts(&plan, 0), HEADER);
    assert_eq!(plan.height(), 1 + 77);
    let model = library.plan(0).measure("12").expect("measure 12");
    let row = plan.rows().find(|r| r[2].get_string() == Some("加强行政执法管理")).expect("measure 12's row");
    assert_eq!(row[0].get_float(), Some(12.0));
    assert!(text(&row[1]).starts_with("三、"), "{}", text(&row[1]));
    assert!(text(&row[1]).contains(" › "), "{}", text(&row[1]));
    assert_eq!(row[3].get_string(), Some(model.body()));
    assert!(model.body().contains("理顺县乡两级执法职责"));
    assert_eq!(row[4].get_string(), Some("县编办"));
    assert_eq!(row[5].get_string(), Some("县政府法制办"));
    // Canonical names: the seed writes 县法院 where the units' sheet says 县人民法院.
    let units_column: Vec<String> = plan.rows().skip(1).flat_map(|r| [text(&r[4]), text(&r[5])]).collect();
    assert!(units_column.iter().any(|u| u.contains("县人民法院")));
    assert!(!units_column.iter().any(|u| u.split('、').any(|u| u == "县法院")));
    // The spelling of the document has its own column, on the rows where it differs.
    let spelled: Vec<String> = plan.rows().skip(1).map(|r| text(&r[6])).filter(|s| !s.is_empty()).collect();
    assert!(spelled.iter().any(|s| s.contains("县法院（即县人民法院）")), "{spelled:?}");
    let expected = library
        .plan(0)
        .measures
        .iter()
        .filter(|m| m.units().iter().any(|u| u.kind == planview::plan::UnitKind::Office && u.raw != u.name))
        .count();
    assert_eq!(spelled.len(), expected);
    assert!(expected > 0);

    // The header is frozen and filters the data rows.
    let xml = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(xml.contains(r#"state="frozen""#), "{xml:.2000}");
    assert!(xml.contains(r#"<autoFilter ref="A1:H78"/>"#), "{xml:.2000}");
}

#[test]
fn one_units_measures_with_its_role() {
    let library = Library::open(&[]);
    let units = UnitIndex::build(&library);
    let sfj = units.get("县司法局").expect("县司法局");
    let selection = Selection { unit: Some(sfj), ..Selection::default() };
    let bytes = xlsx(&library, &UnitIndex::build(&library), &selection, &NoExtras).unwrap();
    let plan = sheet(&bytes, "株县发〔2015〕1号");
    let mut header = HEADER.map(String::from).to_vec();
    header.push("角色".into());
    assert_eq!(row_texts(&plan, 0), header);
    let roles: Vec<String> = plan.rows().skip(1).map(|r| text(&r[8])).collect();
    assert_eq!(roles.len(), 40);
    assert_eq!(roles.iter().filter(|r| *r == "牵头").count(), 8);
    assert!(roles.iter().all(|r| r == "牵头" || r == "配合"), "{roles:?}");
    assert_eq!(sfj.total, 40);

    // Only its lead measures.
    let selection = Selection { unit: Some(sfj), lead_only: true, ..Selection::default() };
    let bytes = xlsx(&library, &UnitIndex::build(&library), &selection, &NoExtras).unwrap();
    assert_eq!(sheet(&bytes, "株县发〔2015〕1号").height(), 1 + 8);
}

#[test]
fn the_units_sheet_counts_every_unit() {
    let library = Library::open(&[]);
    let units = UnitIndex::build(&library);
    let bytes = xlsx(&library, &UnitIndex::build(&library), &Selection::default(), &NoExtras).unwrap();
    let sheet = sheet(&bytes, UNITS_SHEET);
    assert_eq!(row_texts(&sheet, 0), ["单位", "类别", "牵头", "配合", "合计"]);
    assert_eq!(sheet.height(), 1 + units.units.len());
    let names: Vec<String> = sheet.rows().skip(1).map(|r| text(&r[0])).collect();
    let expected: Vec<&str> = units.units.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(names, expected);
    let sfj = units.get("县司法局").unwrap();
    let row = sheet.rows().find(|r| r[0].get_string() == Some("县司法局")).unwrap();
    assert_eq!(row[1].get_string(), Some("部门"));
    let counts: Vec<f64> = row[2..5].iter().map(|c| c.get_float().expect("a number")).collect();
    assert_eq!(counts, [sfj.lead as f64, (sfj.total - sfj.lead) as f64, sfj.total as f64]);
    assert_eq!(counts, [8.0, 32.0, 40.0]);
    assert!(sheet.rows().skip(1).any(|r| r[1].get_string() == Some("议事机构")));
    let xml = part(&bytes, "xl/worksheets/sheet2.xml");
    assert!(xml.contains(r#"state="frozen""#));
    assert!(xml.contains(&format!(r#"<autoFilter ref="A1:E{}"/>"#, 1 + units.units.len())), "{xml:.2000}");
}

#[test]
fn a_deadline_with_a_date_is_an_excel_date() {
    let text = "2019年工作方案\n一、任务\n1.编制清单。（牵头单位：县发改局；完成时限：2025年12月底前）\n\
                2.常态推进。（县政府办负责）\n完成时限：长期坚持\n3.无期限。（县政府办负责）\n";
    let loaded = load_bytes(text.as_bytes(), "deadlines.txt").expect("the plan parses");
    let library = Library::from_plans(vec![loaded], Vec::new());
    let bytes = xlsx(&library, &UnitIndex::build(&library), &Selection::default(), &NoExtras).unwrap();
    let names = workbook(&bytes).sheet_names();
    assert_eq!(names.len(), 2);
    let plan = sheet(&bytes, &names[0]);
    assert_eq!(plan.height(), 4);
    let deadlines: Vec<&Data> = plan.rows().skip(1).map(|r| &r[7]).collect();
    let date = deadlines[0].get_datetime().expect("an Excel date");
    let (year, month, day, ..) = date.to_ymd_hms_milli();
    assert_eq!((year, month, day), (2025, 12, 31));
    assert_eq!(deadlines[1].get_string(), Some("长期坚持"));
    assert_eq!(*deadlines[2], Data::Empty);
    assert!(part(&bytes, "xl/styles.xml").contains(r#"formatCode="yyyy-mm-dd""#));
}

#[test]
fn hostile_text_stays_text_and_fits_its_cell() {
    let long_line: String = "法治建设长句子，".repeat(44_000);
    let hostile = common::seed_text()
        .replacen("1.加强宪法实施。", "1.=HYPERLINK(\"http://x\",\"点我\")加强宪法实施。", 1)
        .replacen("5.完善行政组织制度。", &format!("5.完善行政组织制度。{long_line}"), 1);
    let loaded = load_bytes(hostile.as_bytes(), "hostile.txt").expect("the plan parses");
    let library = Library::from_plans(vec![loaded], Vec::new());
    let bytes = xlsx(&library, &UnitIndex::build(&library), &Selection::default(), &NoExtras)
        .expect("a long body does not fail the export");
    let plan = sheet(&bytes, "株县发〔2015〕1号");
    assert_eq!(plan.height(), 1 + 77);
    let first = plan.rows().nth(1).unwrap();
    assert_eq!(first[2].get_string(), Some("=HYPERLINK(\"http://x\",\"点我\")加强宪法实施"));
    assert!(!part(&bytes, "xl/worksheets/sheet1.xml").contains("<f>"));
    let long = plan.rows().find(|r| text(&r[2]) == "完善行政组织制度").unwrap();
    let body = text(&long[3]);
    assert_eq!(body.encode_utf16().count(), 32_767);
    assert!(body.ends_with('…'));
}
