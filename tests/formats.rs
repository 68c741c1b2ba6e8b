//! Word, PDF and web-page plans read as their text is: every fixture in
//! `tests/fixtures/formats/` was made by LibreOffice from a plan of the family corpus (see
//! `make_fixtures.py` there), and its parse must equal the parse of that text — the same
//! measures with the same ids, numbers, titles, units, leads and deadlines.

mod common;

use std::path::{Path, PathBuf};

use common::planview;
use planview::plan::{Plan, Role, load_path};

fn formats_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats")
}

/// Each fixture stem and the text it was made from.
const SOURCES: [(&str, &str); 5] = [
    ("seed", "seeds/000_72b3b9fd10627f4b.txt"),
    ("01_zongbao_autonum", "tests/fixtures/family/01_gf2019_3_zongbao.txt"),
    ("07_chuangxin_table", "tests/fixtures/family/07_gbf2018_126_chuangxin_tuiguang.txt"),
    ("24_chizhou", "tests/fixtures/family/24_chizhou_2017_sizui.txt"),
    ("27_jiaxing_table", "tests/fixtures/family/27_jiaxing_2023_zdgz_zrfj.txt"),
];

/// A plan's measures, a line each: id, number, title, units with roles, deadline, group.
fn measures(plan: &Plan) -> Vec<String> {
    plan.measures
        .iter()
        .map(|m| {
            let units: Vec<String> = m
                .units()
                .iter()
                .map(|u| {
                    let role = match u.role {
                        Role::Lead => "牵",
                        Role::Partner => "配",
                        Role::Responsible => "责",
                    };
                    format!("{role}:{}", u.raw)
                })
                .collect();
            let deadline = m.deadline.as_ref().map_or_else(String::new, |d| d.text.to_string());
            format!(
                "{}\t{:?}\t{}\t{}\t{deadline}\t{}",
                m.id,
                m.number,
                m.title(),
                units.join(" "),
                m.group.as_deref().unwrap_or("-")
            )
        })
        .collect()
}

fn same_plan(extension: &str) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut problems = Vec::new();
    for (stem, source) in SOURCES {
        let file = formats_dir().join(format!("{stem}.{extension}"));
        let text = load_path(&root.join(source)).unwrap().plan;
        let read = match load_path(&file) {
            Ok(loaded) => loaded.plan,
            Err(e) => {
                problems.push(format!("{e}"));
                continue;
            }
        };
        let chapters =
            |plan: &Plan| plan.chapters.iter().map(|c| format!("{} {}", c.number, c.title)).collect::<Vec<_>>();
        if chapters(&read) != chapters(&text) {
            problems.push(format!(
                "{stem}.{extension}: chapters {:?}, the text has {:?}",
                chapters(&read),
                chapters(&text)
            ));
        }
        if (&read.id, &read.meta.title, &read.meta.doc_number) != (&text.id, &text.meta.title, &text.meta.doc_number) {
            problems.push(format!(
                "{stem}.{extension}: plan {} {:?}, text {} {:?}",
                read.id, read.meta.title, text.id, text.meta.title
            ));
        }
        let (read, text) = (measures(&read), measures(&text));
        if read.len() != text.len() {
            problems.push(format!("{stem}.{extension}: {} measures, the text has {}", read.len(), text.len()));
        }
        for (r, t) in read.iter().zip(&text).filter(|(r, t)| r != t) {
            problems.push(format!("{stem}.{extension}:\n  read {r}\n  text {t}"));
        }
    }
    problems
}

#[test]
fn docx_reads_as_its_text() {
    let problems = same_plan("docx");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn html(name: &str) -> Plan {
    load_path(&formats_dir().join("html").join(name)).unwrap_or_else(|e| panic!("{e}")).plan
}

/// A page of www.gov.cn as a crawler kept it (the article's part of the page) reads as the
/// text of the same plan in the family corpus.
#[test]
fn a_gov_cn_page_reads_as_its_text() {
    let page = html("govcn_zongbao_ruoganyijian.html");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = load_path(&root.join("tests/fixtures/family/01_gf2019_3_zongbao.txt")).unwrap().plan;
    assert_eq!((page.id.as_str(), page.meta.title.as_str()), (text.id.as_str(), text.meta.title.as_str()));
    assert_eq!(measures(&page), measures(&text));
}

/// Pages of a provincial site: the article found among navigation, breadcrumbs, a
/// metadata table (which gives the 文号), QR codes and scripts. Expectations from reading
/// the pages (tests/fixtures/formats/html/SOURCES.md).
#[test]
fn provincial_pages_are_read_from_their_article() {
    let page = html("jiangxi_liutong_shishiyijian.html");
    assert_eq!(page.id, "赣府厅发〔2020〕7号");
    assert_eq!(page.meta.title, "江西省人民政府办公厅关于加快发展流通促进商业消费的实施意见");
    assert_eq!(page.measures.len(), 20, "一、 to 二十、, each a task with its units");
    let first = &page.measures[0];
    assert_eq!((&*first.id, first.title()), ("1", "积极发展流通新业态新模式"));
    assert_eq!(first.units()[0].raw.as_ref(), "省发展改革委");
    let last = &page.measures[19];
    assert_eq!((&*last.id, last.title()), ("20", "优化市场流通环境"));
    // Its four annotations name nine units together, the first of the first leading.
    let units: Vec<String> = last.units().iter().map(|u| u.raw.to_string()).collect();
    assert_eq!(units.first().map(String::as_str), Some("省发展改革委"), "{units:?}");
    for unit in ["省市场监管局", "省药监局", "南昌海关", "省公安厅"] {
        assert!(units.iter().any(|u| u == unit), "{unit}: {units:?}");
    }

    let page = html("jiangxi_rongzidanbao_ruogancuoshi.html");
    assert_eq!(page.id, "赣府厅发〔2020〕10号");
    assert_eq!(page.measures.len(), 25);
    assert_eq!(page.measures[0].title(), "做强做大省融资担保股份有限公司");
    assert_eq!(
        page.measures[0].units().iter().map(|u| u.raw.to_string()).collect::<Vec<_>>(),
        ["省财政厅", "省金融监管局"]
    );
    assert_eq!(page.measures[24].title(), "提升担保服务能力");
    // The same page served as GB2312 (as county sites do) reads the same.
    let gb = html("jiangxi_rongzidanbao_gb2312.html");
    assert_eq!(measures(&gb), measures(&page));
    assert_eq!(gb.id, page.id);

    // A task table: 64 projects in 11 city groups whose 一、 numbering repeats the body's.
    let page = html("jiangxi_zhongdaxiangmu_table.html");
    assert_eq!(page.id, "赣府厅明〔2020〕17号");
    assert_eq!(page.measures.len(), 64);
    let first = &page.measures[0];
    assert_eq!(first.title(), "江铃新能源汽车新基地及工程研究院建设项目");
    assert_eq!(first.units()[0].raw.as_ref(), "南昌经开区管委会");
    assert_eq!(first.group.as_deref(), Some("一、南昌市（8个）"));
    let last = &page.measures[63];
    assert_eq!(last.title(), "江西儒德铜箔科技有限公司年产3万吨高档电解铜箔项目");
    assert_eq!(last.group.as_deref(), Some("十一、抚州市（4个）"));
}

/// Every command reads the formats, and a folder mixing them is one library.
#[test]
fn commands_and_folders_take_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(formats_dir().join("seed.docx"), dir.path().join("a.docx")).unwrap();
    std::fs::copy(formats_dir().join("html/jiangxi_liutong_shishiyijian.html"), dir.path().join("b.htm")).unwrap();
    std::fs::copy(root.join("tests/fixtures/family/24_chizhou_2017_sizui.txt"), dir.path().join("c.txt")).unwrap();
    // A file whose name lies is read by what it is.
    std::fs::copy(formats_dir().join("27_jiaxing_table.docx"), dir.path().join("d.doc")).unwrap();
    let run = |args: &[&str]| {
        let out = planview().args(args).arg(dir.path()).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let check = run(&["check"]);
    for expected in [
        "a.docx: plan 株县发〔2015〕1号",
        "b.htm: plan 赣府厅发〔2020〕7号",
        "c.txt: plan 池政〔2017〕101号",
        "d.doc: plan 嘉政办发〔2023〕7号",
    ] {
        assert!(check.contains(expected), "{expected}: {check}");
    }
    assert!(check.contains("format Word .docx") && check.contains("format web page (UTF-8)"), "{check}");
    let search = run(&["search", "-c", "宪法"]);
    assert!(search.contains("株县发〔2015〕1号"), "{search}");
    let units = run(&["units"]);
    assert!(units.contains("县司法局") && units.contains("省商务厅"), "{units}");
    let export = run(&["export", "--format", "csv", "--unit", "县司法局"]);
    assert_eq!(export.lines().count(), 41, "40 measures and the header: {export}");
}

#[test]
fn doc_reads_as_its_text() {
    let problems = same_plan("doc");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn pdf_reads_as_its_text() {
    let problems = same_plan("pdf");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A PDF that is only a picture of pages (a scan), and broken files of every format: one
/// line naming the file and the problem, exit 1, no panic.
#[test]
fn unreadable_office_files_get_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let seed_pdf = std::fs::read(formats_dir().join("seed.pdf")).unwrap();
    let seed_docx = std::fs::read(formats_dir().join("seed.docx")).unwrap();
    let seed_doc = std::fs::read(formats_dir().join("seed.doc")).unwrap();
    let cases: [(&str, Vec<u8>, &str); 5] = [
        ("cut.pdf", seed_pdf[..seed_pdf.len() / 3].to_vec(), "damaged PDF"),
        ("cut.docx", seed_docx[..seed_docx.len() / 2].to_vec(), "damaged .docx"),
        ("cut.doc", seed_doc[..seed_doc.len() / 2].to_vec(), "damaged .doc"),
        ("sheet.xlsx", zip_with("xl/workbook.xml"), "a zip archive without a Word document in it"),
        // A page scanned to an image and put in a PDF by LibreOffice.
        (
            "scan.pdf",
            std::fs::read(formats_dir().join("scanned.pdf")).unwrap(),
            "no text layer (scanned?); OCR it first",
        ),
    ];
    for (name, bytes, problem) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = planview().arg("check").arg(&path).output().unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{name}: {stderr}");
        assert!(stderr.starts_with(&format!("planview: {}: {problem}", path.display())), "{name}: {stderr}");
    }
}

/// A zip holding one empty entry.
fn zip_with(name: &str) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
    zip.write_all(b"<workbook/>").unwrap();
    zip.finish().unwrap().into_inner()
}
