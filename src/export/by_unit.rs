//! One duty list per responsible unit (`export --by-unit DIR`): where each unit's file goes
//! and the index that lists them.
//!
//! Offices get a file each at the top of the folder, named by the unit; groups (各乡镇人民政府,
//! 相关单位…, which are not one office to send a list to) go apart, in [`GROUPS_FOLDER`]. A unit
//! name comes from a document, so it is cleaned before it becomes a file name: nothing in it
//! can leave the folder, hide the file or trouble Windows, where the lists usually end up.

use std::collections::HashSet;
use std::path::PathBuf;

use crate::library::UnitStats;
use crate::plan::UnitKind;

/// The sub-folder of the groups' lists (the name the workload view gives them).
pub const GROUPS_FOLDER: &str = "议事机构及其他";

/// The index's file name, without its extension.
pub const INDEX_STEM: &str = "索引";

/// The longest file name stem, in characters (a Chinese character takes three of the 255
/// bytes a Linux file name may have; the extension and a ` (2)` need room too).
const MAX_STEM: usize = 60;

/// A unit's file: its path under the folder, without the extension.
pub struct UnitFile<'a> {
    pub unit: &'a UnitStats,
    pub stem: PathBuf,
}

impl UnitFile<'_> {
    /// The path under the folder with the format's extension.
    pub fn path(&self, extension: &str) -> PathBuf {
        // Appended, not `with_extension`: a name may hold dots (县.局) that are no extension.
        let mut path = self.stem.clone().into_os_string();
        path.push(".");
        path.push(extension);
        PathBuf::from(path)
    }

    /// Whether it is a group's list (in [`GROUPS_FOLDER`]).
    pub fn is_group(&self) -> bool {
        self.unit.kind == UnitKind::Group
    }
}

/// Where each unit's list goes, in the order given: offices at the top of the folder, groups
/// in [`GROUPS_FOLDER`], each name unique in its folder (case aside, as Windows and macOS
/// compare names) and never the index's.
pub fn layout<'a>(units: impl IntoIterator<Item = &'a UnitStats>) -> Vec<UnitFile<'a>> {
    let mut taken: HashSet<(bool, String)> = HashSet::new();
    taken.insert((false, INDEX_STEM.to_string()));
    units
        .into_iter()
        .map(|unit| {
            let group = unit.kind == UnitKind::Group;
            let base = file_stem(&unit.name);
            let mut n = 1;
            let name = loop {
                let name = if n == 1 { base.clone() } else { format!("{base} ({n})") };
                if taken.insert((group, name.to_lowercase())) {
                    break name;
                }
                n += 1;
            };
            let stem = if group { PathBuf::from(GROUPS_FOLDER).join(name) } else { PathBuf::from(name) };
            UnitFile { unit, stem }
        })
        .collect()
}

/// A unit name as a file name: characters no file system or Windows takes (`/ \ : * ? " < >
/// |`, control and format characters) become `_`; no leading `.` or `-` (a hidden file, an
/// option), no trailing `.` or space, no name Windows reserves (CON, NUL, COM1…), at most
/// [`MAX_STEM`] characters; `单位` if nothing is left.
pub fn file_stem(name: &str) -> String {
    let cleaned: String = name
        .trim()
        .chars()
        .map(|c| {
            let bad =
                matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || crate::text::safety::is_unsafe(c);
            if bad { '_' } else { c }
        })
        .take(MAX_STEM)
        .collect();
    let cleaned = cleaned.trim_start_matches(['.', '-', ' ']).trim_end_matches(['.', ' ']);
    if cleaned.is_empty() {
        return "单位".to_string();
    }
    let upper = cleaned.split('.').next().unwrap_or_default().to_ascii_uppercase();
    let reserved = matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (upper.len() == 4
            && (upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.as_bytes()[3].is_ascii_digit());
    if reserved { format!("_{cleaned}") } else { cleaned.to_string() }
}

/// A line of the index: a unit, its counts in what was exported, and its file. As JSON its
/// fields are in alphabetical order, as every object planview writes.
#[derive(Debug, serde::Serialize)]
pub struct IndexRow {
    /// Relative to the folder, `/`-separated.
    pub file: String,
    pub kind: UnitKind,
    pub lead: usize,
    pub name: String,
    pub partner: usize,
    pub total: usize,
}

impl IndexRow {
    /// The kind as the workbook's unit sheet names it.
    pub fn kind_label(&self) -> &'static str {
        match self.kind {
            UnitKind::Office => "部门",
            UnitKind::Group => "议事机构及其他",
        }
    }
}

/// The index's column names (the documents' words, in every interface language).
pub const INDEX_COLUMNS: [&str; 6] = ["单位", "类别", "牵头", "配合", "合计", "文件"];

/// The index as CSV (with a byte-order mark unless `no_bom`, CRLF).
pub fn index_csv(rows: &[IndexRow], no_bom: bool) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let _ = writer.write_record(INDEX_COLUMNS);
    for row in rows {
        let _ = writer.write_record([
            super::spreadsheet_cell(&row.name).as_ref(),
            row.kind_label(),
            &row.lead.to_string(),
            &row.partner.to_string(),
            &row.total.to_string(),
            super::spreadsheet_cell(&row.file).as_ref(),
        ]);
    }
    let body = writer.into_inner().unwrap_or_default();
    if no_bom { body } else { [&b"\xef\xbb\xbf"[..], &body].concat() }
}

/// The index as Markdown: a table whose file column links to each list.
pub fn index_markdown(rows: &[IndexRow]) -> Vec<u8> {
    let mut out = String::from("# 任务清单索引\n\n");
    out.push_str(&format!("| {} |\n|{}\n", INDEX_COLUMNS.join(" | "), "---|".repeat(INDEX_COLUMNS.len())));
    for row in rows {
        // The link's target between < >, where spaces may stand; a file name has no < > or
        // line break (see `file_stem`).
        let link = format!("[{}](<{}>)", super::md_escape(&row.file), row.file);
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {link} |\n",
            super::md_escape(&row.name),
            row.kind_label(),
            row.lead,
            row.partner,
            row.total
        ));
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_names_become_safe_file_names() {
        assert_eq!(file_stem("县司法局"), "县司法局");
        assert_eq!(file_stem("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(file_stem(".hidden"), "hidden");
        assert_eq!(file_stem("--force"), "force");
        assert_eq!(file_stem("a/b\\c:d*e?f\"g<h>i|j"), "a_b_c_d_e_f_g_h_i_j");
        assert_eq!(file_stem("县\u{0}司法\u{1b}[31m局"), "县_司法_[31m局");
        assert_eq!(file_stem("县\u{202e}局"), "县_局");
        assert_eq!(file_stem("局. "), "局");
        assert_eq!(file_stem("CON"), "_CON");
        assert_eq!(file_stem("com1.txt"), "_com1.txt");
        assert_eq!(file_stem("COMPANY"), "COMPANY");
        assert_eq!(file_stem(" . "), "单位");
        assert_eq!(file_stem(&"局".repeat(200)).chars().count(), MAX_STEM);
        assert!(file_stem(&"局".repeat(200)).len() < 200);
    }

    fn unit(name: &str, kind: UnitKind) -> UnitStats {
        UnitStats { name: name.into(), kind, total: 1, lead: 0, spellings: Default::default(), measures: Vec::new() }
    }

    #[test]
    fn each_unit_gets_its_own_file_and_groups_go_apart() {
        let units = [
            unit("县司法局", UnitKind::Office),
            unit("县/司法局", UnitKind::Office),
            unit("县:司法局", UnitKind::Office),
            unit("相关单位", UnitKind::Group),
            unit("索引", UnitKind::Office),
            unit("Abc", UnitKind::Office),
            unit("abc", UnitKind::Office),
            unit("县司法局", UnitKind::Group),
            unit("/../县.局", UnitKind::Office),
        ];
        let files = layout(&units);
        let paths: Vec<String> = files.iter().map(|f| f.path("xlsx").to_string_lossy().into_owned()).collect();
        assert_eq!(
            paths,
            [
                "县司法局.xlsx",
                "县_司法局.xlsx",
                "县_司法局 (2).xlsx",
                "议事机构及其他/相关单位.xlsx",
                "索引 (2).xlsx",
                "Abc.xlsx",
                "abc (2).xlsx",
                "议事机构及其他/县司法局.xlsx",
                "_.._县.局.xlsx",
            ]
        );
        assert!(files[3].is_group() && !files[0].is_group());
    }

    #[test]
    fn the_index_reads_back() {
        let rows = vec![
            IndexRow {
                name: "县司法局".into(),
                kind: UnitKind::Office,
                lead: 8,
                partner: 32,
                total: 40,
                file: "县司法局.csv".into(),
            },
            IndexRow {
                name: "=HYPERLINK(1)".into(),
                kind: UnitKind::Group,
                lead: 0,
                partner: 2,
                total: 2,
                file: "议事机构及其他/=HYPERLINK(1).csv".into(),
            },
        ];
        let csv = index_csv(&rows, false);
        assert!(csv.starts_with(b"\xef\xbb\xbf"));
        let mut reader = csv::Reader::from_reader(&csv[3..]);
        assert_eq!(reader.headers().unwrap(), INDEX_COLUMNS.as_slice());
        let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(&records[0], ["县司法局", "部门", "8", "32", "40", "县司法局.csv"].as_slice());
        assert_eq!(&records[1][0], "'=HYPERLINK(1)");
        let md = String::from_utf8(index_markdown(&rows)).unwrap();
        assert!(md.contains("| 县司法局 | 部门 | 8 | 32 | 40 | [县司法局.csv](<县司法局.csv>) |"), "{md}");
        let json = serde_json::to_value(&rows).unwrap();
        assert_eq!(json[0]["partner"], 32);
        assert_eq!(json[1]["kind"], "group");
    }
}
