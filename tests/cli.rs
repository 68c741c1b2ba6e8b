//! The command line as a user runs it: output, JSON shapes, exit codes and errors.

mod common;

use std::process::Output;

use common::planview;
use serde_json::Value;

fn run(args: &[&str]) -> Output {
    // Marks from a folder of the test's own, never the user's.
    let state = tempfile::tempdir().unwrap();
    planview()
        .args(args)
        .env("NO_COLOR", "1")
        .env("PLANVIEW_STATE", state.path().join("marks.json"))
        .output()
        .expect("runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).expect("valid JSON")
}

#[test]
fn check_without_files_checks_the_embedded_plan() {
    let o = run(&["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("plan 株县发〔2015〕1号"), "{}", stdout(&o));
}

#[test]
fn check_reports_the_seed() {
    let seed = common::seed_path();
    let o = run(&["check", seed.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("plan 株县发〔2015〕1号"));
    assert!(out.contains("7 chapters · 27 sections · 77 measures (1–77)"));
    assert!(out.contains("warnings   none"));
}

#[test]
fn check_reports_warnings_with_lines() {
    let o = run(&["check", common::fixture("numbering.txt").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("line 15: gap in numbering: measure 13 is missing (found 14)"));
}

#[test]
fn units_json_counts() {
    let o = run(&["units", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let units = json(&o);
    let units = units.as_array().unwrap();
    let totals: Vec<u64> = units.iter().map(|u| u["total"].as_u64().unwrap()).collect();
    assert!(totals.windows(2).all(|w| w[0] >= w[1]), "sorted by total");
    let sfj = units.iter().find(|u| u["name"] == "县司法局").unwrap();
    assert_eq!((sfj["total"].as_u64(), sfj["lead"].as_u64()), (Some(40), Some(8)));
    let numbers: Vec<u64> = sfj["measures"].as_array().unwrap().iter().map(|m| m["number"].as_u64().unwrap()).collect();
    assert!(numbers.contains(&4) && numbers.contains(&9) && numbers.contains(&43) && !numbers.contains(&5));
    let court = units.iter().find(|u| u["name"] == "县人民法院").unwrap();
    assert_eq!((court["total"].as_u64(), court["lead"].as_u64()), (Some(32), Some(2)));
    assert!(units.iter().all(|u| u["name"] != "县法院"));
}

#[test]
fn units_table_is_aligned() {
    use unicode_width::UnicodeWidthStr;
    let out = stdout(&run(&["units"]));
    let lines: Vec<&str> = out.lines().collect();
    // The header's "total" and every row's total end at the same display column.
    let header_end = lines[0][..lines[0].find("total").unwrap() + "total".len()].width();
    for line in &lines[1..] {
        let start = line.find(|c: char| c.is_ascii_digit()).unwrap();
        let end = start + line[start..].find(|c: char| !c.is_ascii_digit()).unwrap();
        assert_eq!(line[..end].width(), header_end, "{line}");
    }
}

#[test]
fn search_json_and_exit_codes() {
    let o = run(&["search", "律师", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let hits = json(&o);
    let numbers: Vec<u64> = hits.as_array().unwrap().iter().map(|h| h["number"].as_u64().unwrap()).collect();
    assert_eq!(numbers, [9, 43, 45, 49, 51, 67, 68]);
    assert_eq!(hits[0]["plan"], "株县发〔2015〕1号");
    assert_eq!(hits[0]["title"], "建立政府法律顾问制度");

    // Where each hit stands, and where the query matched: offsets in characters.
    let model = planview::plan::load_embedded().plan;
    let hit_texts = |hit: &Value, field: &str| -> Vec<String> {
        let Some(snippet) = hit["snippets"].as_array().unwrap().iter().find(|s| s["field"] == field) else {
            return Vec::new();
        };
        let text: Vec<char> = snippet["text"].as_str().unwrap().chars().collect();
        let hits = snippet["hits"].as_array().unwrap();
        hits.iter()
            .map(|h| text[h["start"].as_u64().unwrap() as usize..h["end"].as_u64().unwrap() as usize].iter().collect())
            .collect()
    };
    for hit in hits.as_array().unwrap() {
        let measure = model.measure(hit["id"].as_str().unwrap()).unwrap();
        let (chapter, section) = model.path_of(measure);
        assert_eq!(hit["path"]["chapter"], chapter.as_str());
        assert_eq!(hit["path"]["section"].as_str(), section.as_deref());
        let found: Vec<String> = ["title", "body", "units"].iter().flat_map(|f| hit_texts(hit, f)).collect();
        assert!(!found.is_empty() && found.iter().all(|t| t == "律师"), "{found:?}");
        let body = hit["snippets"].as_array().unwrap().iter().find(|s| s["field"] == "body").unwrap();
        assert!(measure.body().contains(body["text"].as_str().unwrap()));
    }
    assert_eq!(hits[0]["path"]["chapter"], "三、坚持依法行政,推进法治政府建设");

    let o = run(&["search", "xfxs", "--json"]);
    let hits = json(&o);
    assert_eq!(hits.as_array().unwrap().len(), 1);
    // Pinyin: the characters it stands for.
    assert_eq!(hit_texts(&hits[0], "body"), ["宪法宣誓"]);
    // A unit's name: in the units as the document writes them.
    let hits = json(&run(&["search", "县法院", "--json"]));
    assert!(hits.as_array().unwrap().iter().all(|h| hit_texts(h, "units") == ["县法院"]), "{hits}");

    let o = run(&["search", "没有这个词"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("0 measures match"));

    let o = run(&["search", "   "]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("query is empty"));
}

#[test]
fn search_highlights_hits_without_color() {
    let o = run(&["search", "宪法宣誓"]);
    let out = stdout(&o);
    assert!(out.contains("株县发〔2015〕1号 · 1 加强宪法实施"));
    assert!(out.contains("【宪法宣誓】"));
    assert!(!out.contains('\u{1b}'));
}

/// Colour follows the environment as anstream reads it: none into a pipe or with NO_COLOR
/// (even with CLICOLOR_FORCE), the hits highlighted into a pipe with CLICOLOR_FORCE.
#[test]
fn search_colour_follows_no_color_and_clicolor_force() {
    let search = |env: &[(&str, &str)]| {
        let state = tempfile::tempdir().unwrap();
        let mut command = planview();
        command
            .args(["search", "宪法"])
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR")
            .env_remove("CLICOLOR_FORCE")
            .env("PLANVIEW_STATE", state.path().join("marks.json"));
        for (name, value) in env {
            command.env(name, value);
        }
        let o = command.output().expect("runs");
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        o
    };
    for env in [&[][..], &[("NO_COLOR", "1")], &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]] {
        let o = search(env);
        assert!(!o.stdout.contains(&0x1b), "{env:?}: {}", stdout(&o));
        assert!(stdout(&o).contains("【宪法】"), "{env:?}");
    }
    let forced = stdout(&search(&[("CLICOLOR_FORCE", "1")]));
    assert!(forced.contains("\u{1b}[1;31m宪法\u{1b}[0m"), "{forced}");
    assert!(!forced.contains("【宪法】"));
    // The highlight's are the only escape sequences.
    assert!(!forced.replace("\u{1b}[1;31m", "").replace("\u{1b}[0m", "").contains('\u{1b}'));
}

#[test]
fn search_counts_per_plan() {
    // Two copies of the seed: the same 文号, told apart by their file names.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(common::seed_path(), dir.path().join("a.txt")).unwrap();
    std::fs::copy(common::seed_path(), dir.path().join("b.txt")).unwrap();
    std::fs::copy(common::fixture("explicit_leads.txt"), dir.path().join("c.txt")).unwrap();
    let folder = dir.path().to_str().unwrap();

    let listed = json(&run(&["search", "律师", "--json", folder]));
    let o = run(&["search", "律师", "--count", "--json", folder]);
    assert_eq!(o.status.code(), Some(0));
    let counts = json(&o);
    let counts = counts.as_array().unwrap();
    assert_eq!(counts.len(), 2, "{counts:?}");
    for count in counts {
        let in_list = listed.as_array().unwrap().iter().filter(|h| h["plan"] == count["plan"]).count();
        assert_eq!(count["measures"].as_u64(), Some(7));
        assert_eq!(in_list, 7);
    }
    assert_ne!(counts[0]["plan"], counts[1]["plan"]);

    let o = run(&["search", "-c", "律师", folder]);
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(out.lines().all(|l| l.starts_with("株县发〔2015〕1号") && l.ends_with(": 7")), "{out}");

    let o = run(&["search", "-c", "没有这个词", folder]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "");
}

#[test]
fn export_json_shape() {
    let o = run(&["export", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let plan = json(&o);
    assert_eq!(plan["id"], "株县发〔2015〕1号");
    assert_eq!(plan["doc_number"], "株县发〔2015〕1号");
    assert_eq!(plan["issuer"], "中共株洲县委");
    assert_eq!(plan["date"], "2015-03-02");
    let chapters = plan["chapters"].as_array().unwrap();
    assert_eq!(chapters.len(), 7);
    assert_eq!(chapters[0]["sections"][0]["title"], "指导思想");
    let m1 = &chapters[1]["sections"][0]["measures"][0];
    assert_eq!(m1["number"], 1);
    assert_eq!(m1["title"], "加强宪法实施");
    assert!(!m1["body"].as_str().unwrap().contains("责任单位"));
    assert_eq!(m1["units"][0]["name"], "县人大常委会办公室");
    assert_eq!(m1["units"][0]["lead"], true);
    let court = m1["units"].as_array().unwrap().iter().find(|u| u["raw"] == "县法院").unwrap();
    assert_eq!(court["name"], "县人民法院");
    let measures: usize = chapters
        .iter()
        .map(|c| {
            c["measures"].as_array().unwrap().len()
                + c["sections"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s["measures"].as_array().unwrap().len())
                    .sum::<usize>()
        })
        .sum();
    assert_eq!(measures, 77);
    // Absent metadata is null.
    let o = run(&["export", common::fixture("no_chapters.txt").to_str().unwrap(), "--format", "json"]);
    assert_eq!(json(&o)["doc_number"], Value::Null);
}

#[test]
fn export_a_units_duty_list() {
    let o = run(&["export", "--format", "md", "--unit", "县司法局", "--lead-only"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = stdout(&o);
    assert!(md.contains("县司法局：8 项措施，其中牵头 8 项。"));
    let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| ") && !l.starts_with("| 序号")).collect();
    assert_eq!(rows.len(), 8);
    // The role column, then the marks columns (read, flagged, done, note) and the days left
    // (none: the seed has no deadlines).
    assert!(rows.iter().all(|r| r.ends_with("|  |  | 牵头 | 否 | 否 | 否 |  |  |")), "{rows:?}");
    let o = run(&["export", "--format", "md", "--unit", "县司法局", "--lead-only", "--no-marks"]);
    assert!(stdout(&o).lines().filter(|l| l.starts_with("| 4 ")).all(|r| r.ends_with("| 牵头 |")));
    let model = planview::plan::load_embedded().plan;
    let four = model.measure("4").unwrap();
    // The full text, then the units by their canonical names.
    assert!(md.contains(&format!("| 4 | 强化宪法宣传教育 | {} | 县司法局 |", four.body())), "{md}");

    let o = run(&["export", "--format", "csv", "--unit", "司法局"]);
    let csv = stdout(&o);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[3], "序号");
    let names: Vec<&str> = header.iter().collect();
    assert_eq!(
        names,
        [
            "文号",
            "章",
            "节",
            "序号",
            "措施",
            "内容",
            "牵头单位",
            "配合单位",
            "文中写法",
            "完成时限",
            "截止日期",
            "本单位角色",
            "已读",
            "关注",
            "办结",
            "备注",
            "剩余天数"
        ]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 40);
    assert_eq!(records.iter().filter(|r| &r[11] == "牵头").count(), 8);
    // Each row's full text and units are the model's: canonical names, the document's
    // other spellings apart.
    for record in &records {
        let measure = model.measure(&record[3]).expect("a measure of the seed");
        assert_eq!(&record[4], measure.title());
        assert_eq!(&record[5], measure.body());
        let leads: Vec<&str> = measure.units().iter().filter(|u| u.is_lead()).map(|u| &*u.name).collect();
        assert_eq!(&record[6], leads.join("、"));
        let raw_differs = measure.units().iter().any(|u| u.kind == planview::plan::UnitKind::Office && u.raw != u.name);
        assert_eq!(record[8].is_empty(), !raw_differs, "{record:?}");
    }
    assert!(records.iter().any(|r| r[8].contains("县法院（即县人民法院）")));

    let o = run(&["export", "--format", "json", "--unit", "县法院"]);
    let plan = json(&o);
    let first = &plan["chapters"][0]["sections"][0]["measures"][0];
    assert_eq!(first["number"], 1);
    assert_eq!(first["id"], "1");
    assert_eq!(first["role"], "partner");
    assert_eq!(first["units"][0]["role"], "lead");
    assert_eq!(first["deadline"], Value::Null);
}

#[test]
fn export_refuses_unknown_or_ambiguous_units() {
    let o = run(&["export", "--format", "md", "--unit", "不存在局"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no unit named 不存在局"));
    let o = run(&["export", "--format", "md", "--unit", "县委"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("matches several units"));
    let o = run(&["export", "--format", "md", "--lead-only"]);
    assert_eq!(o.status.code(), Some(2), "--lead-only needs --unit");
}

/// Each bad input: one line on stderr naming the file and the problem, exit 1, no panic.
#[test]
fn bad_inputs_get_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let binary = dir.path().join("image.txt");
    std::fs::write(&binary, [0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0xff, 0, 1, 2]).unwrap();
    let missing = dir.path().join("missing.txt");
    let folder_as_file = dir.path().join("folder.txt");
    std::fs::create_dir(&folder_as_file).unwrap();
    let cases: Vec<(String, &str)> = vec![
        (empty.display().to_string(), "empty file"),
        (binary.display().to_string(), "binary file"),
        (common::fixture("not_a_plan.txt").display().to_string(), "not a plan"),
        (missing.display().to_string(), "no such file"),
        // Unreadable: the kernel refuses to read this file's first page, even for root.
        ("/proc/self/mem".to_string(), "cannot read"),
    ];
    for (path, problem) in &cases {
        for command in [&["check"][..], &["units"], &["export", "--format", "json"]] {
            let mut args: Vec<&str> = command.to_vec();
            args.insert(1, path);
            let o = run(&args);
            let err = stderr(&o);
            assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
            assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
            assert!(err.contains(path.as_str()) && err.contains(problem), "{args:?}: {err}");
            assert!(!err.contains("panicked"));
        }
    }
    // A folder given as a file argument is walked; an empty one is reported.
    let o = run(&["check", folder_as_file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("holds no files"));
}

#[test]
fn a_folder_with_plans_and_junk() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(common::seed_path(), dir.path().join("a.txt")).unwrap();
    std::fs::copy(common::fixture("explicit_leads.txt"), dir.path().join("b.txt")).unwrap();
    std::fs::write(dir.path().join("c.bin"), [0u8, 1, 2, 3, 255, 0]).unwrap();
    std::fs::write(dir.path().join("d.txt"), "").unwrap();
    let o = run(&["units", "--json", dir.path().to_str().unwrap()]);
    // Files found in a folder that are not plans are reported but not fatal.
    assert_eq!(o.status.code(), Some(0));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 2, "{err}");
    assert!(err.contains("c.bin: binary file") && err.contains("d.txt: empty file"), "{err}");
    let units = json(&o);
    assert!(units.as_array().unwrap().iter().any(|u| u["name"] == "市编办"));
    // check is strict: exit 1 when any file is not a plan.
    let o = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o).matches(": plan ").count(), 2);
}

#[test]
fn every_subcommand_has_help() {
    for command in ["check", "search", "units", "export", "render"] {
        let o = run(&[command, "--help"]);
        assert_eq!(o.status.code(), Some(0), "{command}");
        assert!(stdout(&o).contains("Usage: planview"), "{command}");
    }
}

/// One bad byte in a UTF-8 plan is one replaced character and a warning naming where it is,
/// not a file garbled as windows-1252: the plan keeps its 文号 (so its marks) and its tasks.
/// BOM-less UTF-16 Chinese is read too.
#[test]
fn a_bad_byte_or_a_missing_bom_costs_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let seed = common::seed_text();
    let at = seed.find("1.加强宪法实施").unwrap();
    let mut bytes = seed.as_bytes().to_vec();
    bytes.insert(at, 0xff);
    let bad = dir.path().join("bad-byte.txt");
    std::fs::write(&bad, bytes).unwrap();
    let o = run(&["check", bad.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report = stdout(&o);
    assert!(report.contains("plan 株县发〔2015〕1号\n"), "{report}");
    assert!(report.contains("77 measures (1–77) · encoding UTF-8"), "{report}");
    let line = 1 + seed[..at].matches('\n').count();
    assert!(
        report.contains(&format!(
            "line {line}: 1 malformed UTF-8 byte sequence replaced with U+FFFD (the first at byte {at})"
        )),
        "{report}"
    );
    // Marks made on the clean file are found on it.
    let state = dir.path().join("marks.json");
    let marks = serde_json::json!({"version": 1, "plans": {"株县发〔2015〕1号": {"3": {"read": true}}}});
    std::fs::write(&state, marks.to_string()).unwrap();
    let o = planview()
        .args(["render", "--width", "100", "--height", "30", "--state"])
        .arg(&state)
        .arg(&bad)
        .output()
        .unwrap();
    assert!(stdout(&o).contains("1/77 read"), "{}", stdout(&o));
    for (name, units) in [
        ("le.txt", seed.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>()),
        ("be.txt", seed.encode_utf16().flat_map(u16::to_be_bytes).collect()),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, units).unwrap();
        let o = run(&["check", path.to_str().unwrap()]);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        assert!(stdout(&o).contains("77 measures (1–77) · encoding UTF-16"), "{name}: {}", stdout(&o));
    }
}

/// Special files named on the command line are refused at once (a FIFO would block
/// forever, a device never end); what cannot be read inside a folder is reported, not
/// passed over without a word, and the rest of the folder is read.
#[test]
fn special_files_and_unreadable_entries_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("plan.fifo");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    for special in [fifo.to_str().unwrap(), "/dev/zero", "/dev/null"] {
        let o = run(&["check", special]);
        assert_eq!(o.status.code(), Some(1), "{special}");
        let err = stderr(&o);
        assert!(err.contains(special) && err.contains("not a regular file"), "{special}: {err}");
    }
    let folder = dir.path().join("plans");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("a.txt"), common::seed_bytes()).unwrap();
    std::os::unix::fs::symlink("/nonexistent/folder", folder.join("gone")).unwrap();
    // check audits everything, so what it could not read makes it exit 1; the plan is
    // still checked.
    let o = run(&["check", folder.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).contains("a.txt: plan 株县发〔2015〕1号"));
    let err = stderr(&o);
    assert!(err.contains("gone: cannot read") && err.contains("the rest of the folder was read"), "{err}");
    // For the other commands an entry inside a folder is reported, not fatal.
    let o = run(&["units", folder.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("县司法局") && stderr(&o).contains("gone: cannot read"), "{}", stderr(&o));
}

/// CSV for Excel on Windows: a byte-order mark and CRLF line ends, read back by the csv crate
/// exactly as the model has it; `--no-bom` leaves the mark out.
#[test]
fn csv_has_a_bom_and_crlf_and_reads_back() {
    let o = run(&["export", "--format", "csv", "--unit", "sfj", "--no-marks"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(o.stdout.starts_with("\u{feff}".as_bytes()), "a byte-order mark first");
    let body = &o.stdout[3..];
    let lines = body.split(|&b| b == b'\n').filter(|l| !l.is_empty()).count();
    assert_eq!(body.windows(2).filter(|w| w == b"\r\n").count(), lines, "every line ends in CRLF");
    let mut reader = csv::Reader::from_reader(body);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let role = header.iter().position(|h| h == "本单位角色").expect("a role column with --unit");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // sfj is 县司法局 (pinyin, as the unit picker reads it): 40 measures, 8 of them as lead.
    assert_eq!(rows.len(), 40);
    assert_eq!(rows.iter().filter(|r| &r[role] == "牵头").count(), 8);
    let o = run(&["export", "--format", "csv", "--no-bom"]);
    assert!(o.stdout.starts_with("文号".as_bytes()));
}

/// `-o FILE`: the format from the extension, written whole or not at all, the mode of a file
/// it replaces kept; a folder that cannot be written is one line and exit 1.
#[test]
fn export_to_a_file_is_atomic_and_takes_the_format_from_its_name() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("任务清单.csv");
    let o = run(&["export", "-o", out.to_str().unwrap(), "--unit", "县司法局"]);
    assert!(o.status.success() && o.stdout.is_empty(), "{}", stderr(&o));
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with("\u{feff}文号".as_bytes()));
    assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o644, "a new export is 0644");
    // An Excel workbook by its extension, read back by calamine: 40 rows for 县司法局.
    let book = dir.path().join("县司法局.xlsx");
    assert!(run(&["export", "-o", book.to_str().unwrap(), "--unit", "sfj"]).status.success());
    {
        use calamine::Reader;
        let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&book).unwrap();
        let sheet = workbook.worksheet_range("株县发〔2015〕1号").unwrap();
        assert_eq!(sheet.height(), 41, "a header and 40 measures");
    }
    std::fs::remove_file(&book).unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o640)).unwrap();
    let json_out = dir.path().join("plan.JSON");
    assert!(run(&["export", "-o", json_out.to_str().unwrap()]).status.success());
    assert_eq!(serde_json::from_slice::<Value>(&std::fs::read(&json_out).unwrap()).unwrap()["id"], "株县发〔2015〕1号");
    // Replaced: the new text, the old mode, no temporary file left beside it.
    assert!(run(&["export", "-o", out.to_str().unwrap(), "--format", "csv", "--no-bom"]).status.success());
    assert!(std::fs::read(&out).unwrap().starts_with("文号".as_bytes()));
    assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o640);
    let names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    // No format to be had: a usage error.
    let o = run(&["export", "-o", dir.path().join("list.txt").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("say --format"), "{}", stderr(&o));
    // A folder that is not there: one line naming the file, nothing written.
    let missing = dir.path().join("no/such/folder/out.md");
    let o = run(&["export", "-o", missing.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.lines().count() == 1 && err.contains("out.md") && err.contains("nothing was changed"), "{err}");
}
