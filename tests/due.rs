//! `planview due`: the seed with deadlines added, the family corpus's own deadlines, done
//! marks left out, windows, units, exit codes and bad input.

mod common;

use std::path::Path;
use std::process::Output;

use common::planview;
use serde_json::Value;

/// The seed with a deadline line after some measures: (number, deadline).
const DEADLINES: [(&str, &str); 5] = [
    ("4", "2025年6月底前"),
    ("12", "2025年3月底前"),
    ("30", "2025年12月底前"),
    ("45", "长期坚持"),
    ("60", "2025年9月30日前"),
];

fn seed_with_deadlines(dir: &Path) -> String {
    let path = dir.join("plan.txt");
    std::fs::write(&path, common::seed_with_deadlines(&DEADLINES)).unwrap();
    path.to_str().unwrap().to_string()
}

fn run(dir: &Path, args: &[&str]) -> Output {
    planview().args(args).env("NO_COLOR", "1").env("PLANVIEW_STATE", dir.join("marks.json")).output().unwrap()
}

fn ids(o: &Output) -> Vec<String> {
    let list: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    list.as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_string()).collect()
}

#[test]
fn the_dated_measures_by_date_then_the_undated_done_ones_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let plan = seed_with_deadlines(dir.path());
    let o = run(dir.path(), &["due", &plan, "--today", "2025-09-30", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(ids(&o), ["12", "4", "60", "30", "45"]);
    let list: Value = serde_json::from_slice(&o.stdout).unwrap();
    let days: Vec<Value> = list.as_array().unwrap().iter().map(|i| i["days_left"].clone()).collect();
    assert_eq!(days, [-183, -92, 0, 92].map(Value::from).into_iter().chain([Value::Null]).collect::<Vec<_>>());
    let first = &list[0];
    assert_eq!(first["deadline"]["text"], "2025年3月底前");
    assert_eq!(first["deadline"]["date"], "2025-03-31");
    assert_eq!(first["plan"], "株县发〔2015〕1号");
    assert_eq!(first["title"], "加强行政执法管理");
    assert_eq!(first["lead"], serde_json::json!(["县编办"]));
    assert_eq!(first["marks"]["done"], false);

    // Done measures are not due.
    let marks = r#"{"version": 1, "plans": {"株县发〔2015〕1号": {"60": {"done": true, "read": true}}}}"#;
    std::fs::write(dir.path().join("marks.json"), marks).unwrap();
    let o = run(dir.path(), &["due", &plan, "--today", "2025-09-30", "--json"]);
    assert_eq!(ids(&o), ["12", "4", "30", "45"]);

    // Within 7 days: the overdue and today's, never the undated.
    let o = run(dir.path(), &["due", &plan, "--today", "2025-03-31", "--within", "7", "--json"]);
    assert_eq!(ids(&o), ["12"]);
    assert_eq!(serde_json::from_slice::<Value>(&o.stdout).unwrap()[0]["days_left"], 0);

    // One unit's: 县司法局 leads 4 and is a partner in 45, not in 12 or 30 (`planview units`).
    let o = run(dir.path(), &["due", &plan, "--today", "2025-09-30", "--unit", "sfj", "--json"]);
    assert_eq!(ids(&o), ["4", "45"]);

    // Nothing due: exit 1 and it says so.
    let o = run(dir.path(), &["due", &plan, "--today", "2020-01-01", "--within", "7", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&o.stdout), "nothing is due\n");
    // The seed as it is has no deadline.
    let o = run(dir.path(), &["due", "--json"]);
    assert_eq!((o.status.code(), ids(&o).len()), (Some(1), 0));
}

#[test]
fn a_list_to_read_and_to_mail() {
    let dir = tempfile::tempdir().unwrap();
    let plan = seed_with_deadlines(dir.path());
    let o = run(dir.path(), &["due", &plan, "--today", "2025-09-30", "--lang", "zh"]);
    let text = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("截止日期    剩余"), "{text}");
    assert!(lines[1].starts_with("2025-03-31  逾期 183 天  株县发〔2015〕1号 · 12"), "{text}");
    assert!(lines[3].starts_with("2025-09-30  今天到期"), "{text}");
    assert!(lines[4].starts_with("2025-12-31  还剩 92 天"), "{text}");
    assert_eq!(lines[5], "无具体日期（1条）");
    assert!(lines[6].contains("长期坚持"), "{text}");
    assert_eq!(lines[7], "共 5 条，其中逾期 2 条");
    // The columns line up (by display width, the plan's 文号 and units being Chinese).
    use unicode_width::UnicodeWidthStr;
    let lead_at = |line: &str| line[..line.find("县").unwrap_or(0)].width();
    let starts: Vec<usize> = lines[1..5].iter().map(|l| lead_at(&l[l.find(" · ").unwrap() + 6..])).collect();
    assert!(starts.windows(2).all(|w| w[0] == w[1]), "{text}");
    let o = run(dir.path(), &["due", &plan, "--today", "2025-09-30", "--lang", "en"]);
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("183 days overdue") && text.contains("due today") && text.contains("92 days left"), "{text}");
    assert!(text.ends_with("5 measures due, 2 overdue\n"), "{text}");
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    for (args, says) in [
        (vec!["due", "--today", "2025-13-01"], "2025-13-01"),
        (vec!["due", "--today", "yesterday"], "YYYY-MM-DD"),
        (vec!["due", "--unit", "不存在局"], "不存在局"),
        (vec!["due", "/nonexistent/plan.txt"], "/nonexistent/plan.txt"),
    ] {
        let o = run(dir.path(), &args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

/// Every measure of the measures `export` writes, wherever it is (chapters, sections,
/// attachments).
fn measures(value: &Value, out: &mut Vec<Value>) {
    match value {
        Value::Object(map) => {
            if map.contains_key("units") && map.contains_key("deadline") {
                out.push(value.clone());
                return;
            }
            map.values().for_each(|v| measures(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| measures(v, out)),
        _ => {}
    }
}

/// On the real plans of the family corpus: every measure with a deadline is listed, the
/// dated ones in date order.
#[test]
fn the_family_corpus_deadlines() {
    let dir = tempfile::tempdir().unwrap();
    let family = common::fixture("family");
    let family = family.to_str().unwrap();
    let o = run(dir.path(), &["export", family, "--format", "json", "--no-marks"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut all = Vec::new();
    measures(&serde_json::from_slice(&o.stdout).unwrap(), &mut all);
    let with_deadline = all.iter().filter(|m| !m["deadline"].is_null()).count();
    let dated = all.iter().filter(|m| !m["deadline"]["date"].is_null()).count();
    assert!(dated >= 10 && with_deadline > dated, "{dated} dated of {with_deadline}: the corpus has both kinds");

    let o = run(dir.path(), &["due", family, "--today", "2020-01-01", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let list: Value = serde_json::from_slice(&o.stdout).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), with_deadline);
    let dates: Vec<&str> = list.iter().filter_map(|i| i["deadline"]["date"].as_str()).collect();
    assert_eq!(dates.len(), dated);
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "by date");
    assert!(list[dated..].iter().all(|i| i["days_left"].is_null()), "the undated last");
}
