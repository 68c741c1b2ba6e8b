//! A folder of plans opened as a library: plans at the top of the tree, what is not a plan
//! reported once, search counted per plan, and marks kept apart for plans sharing a 文号.

mod common;

use std::path::Path;
use std::process::Output;

use common::planview;

/// A folder with the seed twice (the same 文号), another plan, a binary and an empty file.
fn mixed_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(common::seed_path(), dir.path().join("a.txt")).unwrap();
    std::fs::copy(common::fixture("explicit_leads.txt"), dir.path().join("b.txt")).unwrap();
    std::fs::write(dir.path().join("c.bin"), [0u8, 1, 2, 3, 255, 0]).unwrap();
    std::fs::write(dir.path().join("d.txt"), "").unwrap();
    std::fs::copy(common::seed_path(), dir.path().join("e.txt")).unwrap();
    dir
}

fn render(folder: &Path, state: &Path, keys: &str) -> Output {
    planview()
        .arg("render")
        .arg(folder)
        .args(["--width", "120", "--height", "30", "--keys", keys])
        .arg("--state")
        .arg(state)
        .env("NO_COLOR", "1")
        .output()
        .expect("runs")
}

#[test]
fn a_folder_opens_its_plans_and_reports_the_rest_once() {
    let dir = mixed_folder();
    let state = dir.path().join("state.json");
    let o = render(dir.path(), &state, "");
    let (out, err) = (String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert_eq!(o.status.code(), Some(0), "{err}");
    let reported: Vec<&str> = err.lines().collect();
    assert_eq!(reported.len(), 2, "{err}");
    assert!(
        reported
            .iter()
            .any(|l| l.ends_with("c.bin: binary file, not a format planview reads (text, .docx, .doc, .pdf, .html)")),
        "{err}"
    );
    assert!(reported.iter().any(|l| l.ends_with("d.txt: empty file")), "{err}");
    // The plans, collapsed, each with its 文号; the header counts them.
    let plan_rows: Vec<&str> = out.lines().filter(|l| l.contains("│▸ ")).collect();
    assert_eq!(plan_rows.len(), 3, "{out}");
    assert_eq!(plan_rows.iter().filter(|l| l.contains("株县发〔2015〕1号 关于全面推进法治")).count(), 2, "{out}");
    assert_eq!(plan_rows.iter().filter(|l| l.contains("长政办发〔2017〕8号")).count(), 1, "{out}");
    assert!(out.lines().next().unwrap().contains("3 plans"), "{out}");
}

#[test]
fn search_counts_hits_per_plan() {
    let dir = mixed_folder();
    let state = dir.path().join("state.json");
    let o = render(dir.path(), &state, "/律师<Enter>");
    let out = String::from_utf8_lossy(&o.stdout);
    let status = out.lines().last().unwrap();
    assert!(status.contains("/律师 · 14 measures in 2/3 plans"), "{status}");
    // Each plan row in the tree counts its own hits.
    let rows: Vec<&str> = out.lines().filter(|l| l.contains("│▾ 株县发〔2015〕1号")).collect();
    assert!(rows.len() == 2 && rows.iter().all(|r| r.contains(" 7│")), "{out}");
}

#[test]
fn plans_sharing_a_doc_number_keep_their_own_marks() {
    let dir = mixed_folder();
    let state = dir.path().join("state.json");
    // The first hit of 律师 in the first copy, then (seven hits on) the first in the second.
    let o = render(dir.path(), &state, "/律师<Enter>rnnnnnnnf");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let marks: serde_json::Value = serde_json::from_slice(&std::fs::read(&state).unwrap()).unwrap();
    let plans = marks["plans"].as_object().unwrap();
    let a = &plans["株县发〔2015〕1号 (a.txt)"]["9"];
    let e = &plans["株县发〔2015〕1号 (e.txt)"]["9"];
    assert_eq!((a["read"].as_bool(), a["flagged"].as_bool()), (Some(true), Some(false)));
    assert_eq!((e["read"].as_bool(), e["flagged"].as_bool()), (Some(false), Some(true)));
    assert_eq!(plans.len(), 2);
}
