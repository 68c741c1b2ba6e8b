//! `planview export --by-unit DIR`: a duty list per responsible unit, read back with the csv
//! crate and calamine and compared with `planview units --json`; an index; nothing
//! overwritten without `--force`.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;

use calamine::{Reader, Xlsx, open_workbook_from_rs};
use common::planview;
use serde_json::Value;

fn run(args: &[&str]) -> Output {
    let state = tempfile::tempdir().unwrap();
    planview()
        .args(args)
        .env("NO_COLOR", "1")
        .env("PLANVIEW_STATE", state.path().join("marks.json"))
        .output()
        .expect("runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under `dir`, relative, `/`-separated.
fn files_under(dir: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(path.strip_prefix(dir).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    out
}

/// The units of the seed as `planview units --json` lists them: (name, kind, lead, total).
fn seed_units() -> Vec<(String, String, u64, u64)> {
    let o = run(&["units", "--json"]);
    let units: Value = serde_json::from_slice(&o.stdout).unwrap();
    units
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["name"].as_str().unwrap().to_string(),
                u["kind"].as_str().unwrap().to_string(),
                u["lead"].as_u64().unwrap(),
                u["total"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn csv_rows(path: &Path) -> (Vec<String>, Vec<csv::StringRecord>) {
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "{}: a byte-order mark", path.display());
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    (header, reader.records().map(Result::unwrap).collect())
}

#[test]
fn a_file_per_unit_of_planview_units_and_an_index() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("清单");
    let o = run(&["export", "--by-unit", out.to_str().unwrap(), "--format", "csv,xlsx"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let units = seed_units();
    assert_eq!(units.len(), 59);
    let offices = units.iter().filter(|u| u.1 == "office").count();
    assert_eq!((offices, units.len() - offices), (52, 7));

    // One file per unit and format, offices at the top, groups in their folder; an index.
    let mut expected = BTreeSet::new();
    for (name, kind, _, _) in &units {
        for ext in ["csv", "xlsx"] {
            let file = format!("{name}.{ext}");
            expected.insert(if kind == "group" { format!("议事机构及其他/{file}") } else { file });
        }
    }
    expected.insert("索引.csv".into());
    expected.insert("索引.xlsx".into());
    assert_eq!(files_under(&out), expected);
    let said = String::from_utf8(o.stdout).unwrap();
    assert!(said.contains("59 units") && said.contains("52 offices") && said.contains("120 files"), "{said}");

    // 县司法局: 40 measures, 8 of them as lead, in both formats.
    let (header, rows) = csv_rows(&out.join("县司法局.csv"));
    let role = header.iter().position(|h| h == "本单位角色").unwrap();
    assert_eq!(rows.len(), 40);
    assert_eq!(rows.iter().filter(|r| &r[role] == "牵头").count(), 8);
    let mut workbook: Xlsx<_> =
        open_workbook_from_rs(std::io::Cursor::new(std::fs::read(out.join("县司法局.xlsx")).unwrap())).unwrap();
    let sheet = workbook.worksheet_range("株县发〔2015〕1号").unwrap();
    assert_eq!(sheet.height(), 1 + 40);

    // Every unit's list has as many rows as `units` counts, and the index says so too.
    let (header, index) = csv_rows(&out.join("索引.csv"));
    assert_eq!(header, ["单位", "类别", "牵头", "配合", "合计", "文件"]);
    assert_eq!(index.len(), units.len());
    for ((name, _, lead, total), row) in units.iter().zip(&index) {
        assert_eq!(&row[0], name);
        assert_eq!(row[2].parse::<u64>().unwrap(), *lead);
        assert_eq!(row[4].parse::<u64>().unwrap(), *total);
        let (_, rows) = csv_rows(&out.join(&row[5]));
        assert_eq!(rows.len() as u64, *total, "{name}");
    }
    let mut workbook: Xlsx<_> =
        open_workbook_from_rs(std::io::Cursor::new(std::fs::read(out.join("索引.xlsx")).unwrap())).unwrap();
    assert_eq!(workbook.worksheet_range("索引").unwrap().height(), 1 + 59);
}

#[test]
fn nothing_is_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let o = run(&["export", "--by-unit", out, "--format", "md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let before = files_under(dir.path());
    assert_eq!(before.len(), 60);
    let mine = dir.path().join("县司法局.md");
    std::fs::write(&mine, "my own edits").unwrap();

    let o = run(&["export", "--by-unit", out, "--format", "md"]);
    assert_eq!(o.status.code(), Some(1));
    let message = stderr(&o);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(message.contains("already exists") && message.contains("--force"), "{message}");
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), "my own edits");
    assert_eq!(files_under(dir.path()), before, "no temporary file left, nothing added");

    // A new format's files do not exist yet: written beside the others.
    let o = run(&["export", "--by-unit", out, "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(files_under(dir.path()).len(), 120);
    let index: Value = serde_json::from_slice(&std::fs::read(dir.path().join("索引.json")).unwrap()).unwrap();
    assert_eq!(index.as_array().unwrap().len(), 59);
    let sfj = index.as_array().unwrap().iter().find(|u| u["name"] == "县司法局").unwrap();
    assert_eq!(
        (sfj["lead"].as_u64(), sfj["partner"].as_u64(), sfj["file"].as_str()),
        (Some(8), Some(32), Some("县司法局.json"))
    );

    let o = run(&["export", "--by-unit", out, "--format", "md", "--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&mine).unwrap().contains("县司法局：40 项措施，其中牵头 8 项。"));
}

/// The text of a .docx's body.
fn docx_text(path: &Path) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).expect("a docx is a zip");
    let mut xml = String::new();
    archive.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    xml
}

#[test]
fn word_duty_lists_and_their_index() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let o = run(&["export", "--by-unit", out.to_str().unwrap(), "--format", "docx", "--lead-only"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let xml = docx_text(&out.join("县司法局.docx"));
    assert!(xml.contains("县司法局任务清单") && xml.contains("共 8 项，其中牵头 8 项。"), "{xml:.3000}");
    let index = docx_text(&out.join("索引.docx"));
    assert!(index.contains("任务清单索引") && index.contains("县司法局.docx"), "{index:.3000}");
    // One file from -o, its format from the name; a Word document is not for a terminal's
    // stdout, but goes into a pipe.
    let file = out.join("清单.docx");
    let o = run(&["export", "--unit", "sfj", "-o", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(docx_text(&file).contains("共 40 项，其中牵头 8 项。"));
    let o = run(&["export", "--unit", "sfj", "--format", "docx"]);
    assert!(o.status.success() && o.stdout.starts_with(b"PK"), "{}", stderr(&o));
}

#[test]
fn lead_only_and_marks_narrow_every_list() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(&["export", "--by-unit", dir.path().to_str().unwrap(), "--format", "csv", "--lead-only"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let leading: Vec<(String, String, u64, u64)> = seed_units().into_iter().filter(|u| u.2 > 0).collect();
    // Only the units that lead something get a list, of just what they lead.
    assert_eq!(files_under(dir.path()).len(), leading.len() + 1);
    let (_, rows) = csv_rows(&dir.path().join("县司法局.csv"));
    assert_eq!(rows.len(), 8);
    // No measure is read: `--marked read` leaves nothing to write, and says so.
    let empty = tempfile::tempdir().unwrap();
    let o = run(&["export", "--by-unit", empty.path().to_str().unwrap(), "--format", "csv", "--marked", "read"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("nothing was written"), "{}", stderr(&o));
    assert!(files_under(empty.path()).is_empty());
}

#[test]
fn bad_uses_are_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let out = out.to_str().unwrap();
    for (args, code) in [
        (vec!["export", "--by-unit", out, "--unit", "县司法局", "--format", "csv"], 2),
        (vec!["export", "--by-unit", out, "-o", "x.csv"], 2),
        (vec!["export", "--format", "csv,md"], 2),
        (vec!["export", "--format", "csv", "--force"], 2),
        (vec!["export", "--by-unit", out], 2),
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(code), "{args:?}: {}", stderr(&o));
        assert!(!Path::new(out).exists(), "{args:?} wrote nothing");
    }
    // A file where the folder should be.
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let o = run(&["export", "--by-unit", file.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("a-file"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
}

#[test]
fn unit_names_from_a_document_stay_inside_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.txt");
    let text = common::seed_text().replacen(
        "(责任单位:县司法局",
        "(责任单位:../../县逃逸局、县\u{202e}反转局、CON、县司法局",
        1,
    );
    assert_ne!(text, common::seed_text());
    std::fs::write(&plan, text).unwrap();
    let out: PathBuf = dir.path().join("out");
    let o = run(&["export", plan.to_str().unwrap(), "--by-unit", out.to_str().unwrap(), "--format", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let files = files_under(&out);
    let plain = |f: &String| Path::new(f).components().all(|c| matches!(c, std::path::Component::Normal(_)));
    assert!(files.iter().all(|f| plain(f) && !f.contains('\u{202e}') && !f.starts_with('.')), "{files:?}");
    assert!(files.contains("_CON.csv"), "{files:?}");
    assert_eq!(files_under(dir.path()).iter().filter(|f| !f.starts_with("out/")).count(), 1, "only plan.txt outside");
    assert!(files.iter().any(|f| f.contains("县逃逸局")), "{files:?}");
}
