//! The family corpus: real plans from every level of government, each parsed and compared
//! with the result written by hand from reading it (`tests/fixtures/family/*.expect`, format
//! in the README there).

use std::fmt::Write;
use std::path::{Path, PathBuf};

use planview::plan::{Plan, Role, UnitKind, load_path};

fn family_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/family")
}

/// One expected task line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Task {
    id: String,
    number: String,
    title: String,
    units: String,
    deadline: String,
    group: String,
}

#[derive(Debug, Default)]
struct Expect {
    title: Option<String>,
    doc_number: Option<String>,
    measures: Option<usize>,
    tasks: Vec<Task>,
}

fn read_expect(path: &Path) -> Expect {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut expect = Expect::default();
    for line in text.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if !line.contains('\t') {
            let (key, value) = line.split_once(':').unwrap_or_else(|| panic!("{}: bad line {line}", path.display()));
            let value = value.trim().to_string();
            match key.trim() {
                "title" => expect.title = (value != "-").then_some(value),
                "doc_number" => expect.doc_number = (value != "-").then_some(value),
                "measures" => expect.measures = Some(value.parse().expect("a count")),
                other => panic!("{}: unknown header {other}", path.display()),
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert!(cols.len() >= 5, "{}: a task line needs five columns: {line}", path.display());
        expect.tasks.push(Task {
            id: cols[0].to_string(),
            number: cols[1].to_string(),
            title: cols[2].to_string(),
            units: cols[3].to_string(),
            deadline: cols[4].to_string(),
            group: cols.get(5).unwrap_or(&"-").to_string(),
        });
    }
    expect
}

/// The plan's tasks in the `.expect` notation.
fn actual(plan: &Plan) -> Vec<Task> {
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
                    // A group from `X等有关部门` is written as the words after 等.
                    let name = match u.kind {
                        UnitKind::Group if u.raw.contains('等') => {
                            u.raw.rsplit_once('等').map_or(&*u.raw, |(_, g)| g).to_string()
                        }
                        _ => u.raw.to_string(),
                    };
                    let hash = if u.kind == UnitKind::Group { "#" } else { "" };
                    format!("{role}:{hash}{name}")
                })
                .collect();
            let deadline = match &m.deadline {
                Some(d) => format!("{}|{}", d.text, d.date.map_or_else(|| "-".to_string(), |d| d.to_string())),
                None => "-".to_string(),
            };
            Task {
                id: m.id.to_string(),
                number: m.number.map_or_else(|| "-".to_string(), |n| n.to_string()),
                title: m.title().to_string(),
                units: if units.is_empty() { "-".to_string() } else { units.join(" ") },
                deadline,
                group: m.group.as_deref().unwrap_or("-").to_string(),
            }
        })
        .collect()
}

/// Compares one fixture; returns the differences, one a line.
fn compare(txt: &Path) -> String {
    let expect = read_expect(&txt.with_extension("expect"));
    let name = txt.file_name().unwrap().to_string_lossy().to_string();
    let mut out = String::new();
    let plan = match load_path(txt) {
        Ok(loaded) => loaded.plan,
        Err(e) => return format!("{name}: does not load: {e}\n"),
    };
    if let Some(title) = &expect.title
        && &plan.meta.title != title
    {
        let _ = writeln!(out, "{name}: title {:?}, expected {title:?}", plan.meta.title);
    }
    if expect.doc_number != plan.meta.doc_number {
        let _ = writeln!(out, "{name}: doc_number {:?}, expected {:?}", plan.meta.doc_number, expect.doc_number);
    }
    if let Some(n) = expect.measures
        && n != plan.measures.len()
    {
        let _ = writeln!(out, "{name}: {} measures, expected {n}", plan.measures.len());
    }
    let got = actual(&plan);
    for (i, want) in expect.tasks.iter().enumerate() {
        let Some(have) = got.iter().find(|t| t.id == want.id) else {
            let _ = writeln!(
                out,
                "{name}: no measure {} ({}); ids: {:?}",
                want.id,
                want.title,
                got.iter().map(|t| &t.id).collect::<Vec<_>>()
            );
            continue;
        };
        let fields = [
            ("number", &have.number, &want.number),
            ("title", &have.title, &want.title),
            ("units", &have.units, &want.units),
            ("deadline", &have.deadline, &want.deadline),
            ("group", &have.group, &want.group),
        ];
        for (field, h, w) in fields {
            if h != w {
                let _ = writeln!(out, "{name}: {} {field}:\n    got      {h}\n    expected {w}", want.id);
            }
        }
        if got.len() == expect.tasks.len() && got.get(i).is_some_and(|g| g.id != want.id) {
            let _ = writeln!(out, "{name}: measure {} is at place {} in the expectation", want.id, i + 1);
        }
    }
    for have in &got {
        if !expect.tasks.iter().any(|t| t.id == have.id) {
            let _ = writeln!(out, "{name}: unexpected measure {} ({})", have.id, have.title);
        }
    }
    out
}

fn fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(family_dir())
        .expect("the family folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_plan_of_the_corpus_parses_as_read_by_hand() {
    let files = fixtures();
    assert!(files.len() >= 15, "the corpus has {} plans", files.len());
    let mut report = String::new();
    for txt in &files {
        assert!(txt.with_extension("expect").exists(), "{} has no .expect", txt.display());
        report.push_str(&compare(txt));
    }
    assert!(report.is_empty(), "differences from the hand-written expectations:\n{report}");
}

#[test]
fn every_fixture_is_listed_in_the_sources() {
    let sources = std::fs::read_to_string(family_dir().join("SOURCES.md")).expect("SOURCES.md");
    for txt in fixtures() {
        let name = txt.file_name().unwrap().to_string_lossy().to_string();
        assert!(sources.contains(&name), "{name} is not in SOURCES.md");
    }
}
