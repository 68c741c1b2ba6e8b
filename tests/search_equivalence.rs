//! Search results do not depend on how they are computed: a plain scan of every measure,
//! the browser's index (with and without narrowing from an earlier query) and the search
//! command's streaming scan all give the same hits, on a corpus of many plans in several
//! encodings and formats.

mod common;

use std::path::PathBuf;

use planview::library::{Library, MeasureId};
use planview::search::scan::scan_plan;
use planview::search::{Query, SearchIndex, term_matches_text};

/// A corpus: seed copies with distinct 文号, the full-width variant, GB18030, and the
/// format fixtures.
fn corpus() -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let seed = common::seed_text();
    for i in 0..12 {
        let text = seed.replace("株县发〔2015〕1号", &format!("株县发〔2015〕{}号", i + 1));
        std::fs::write(dir.path().join(format!("seed-{i:02}.txt")), text).unwrap();
    }
    std::fs::write(dir.path().join("fullwidth.txt"), common::seed_fullwidth()).unwrap();
    let fullwidth = common::seed_fullwidth();
    let (gb, _, _) = encoding_rs::GB18030.encode(&fullwidth);
    std::fs::write(dir.path().join("gb18030.txt"), &gb).unwrap();
    for name in ["explicit_leads.txt", "numbering.txt", "no_chapters.txt"] {
        std::fs::copy(common::fixture(name), dir.path().join(name)).unwrap();
    }
    let path = dir.path().to_path_buf();
    (dir, vec![path])
}

/// Every measure checked on its own, field by field.
fn plain_scan(library: &Library, query: &Query) -> Vec<MeasureId> {
    library
        .measure_ids()
        .filter(|&id| {
            let m = library.measure(id);
            query.terms.iter().all(|t| {
                term_matches_text(t, m.title())
                    || term_matches_text(t, m.body())
                    || m.units().iter().any(|u| term_matches_text(t, &u.name) || term_matches_text(t, &u.raw))
            })
        })
        .collect()
}

const QUERIES: &[&str] = &[
    "宪法",
    "宪法宣誓",
    "律师",
    "律师 公职",
    "县法院",
    "人民法院",
    "县人民法院",
    "发改委",
    "县发改局",
    "相关部门",
    "相关单位",
    "各区",
    "各区、县级市",
    "市编办",
    "(一)",
    "（一）",
    "12·4",
    "ＰＰＰ",
    "99.5%",
    "xfxs",
    "lvshi",
    "sfj",
    "xianfa",
    "fzb",
    "法 律",
    "不存在的词",
];

#[test]
fn index_scan_and_plain_scan_agree() {
    let (_dir, args) = corpus();
    let library = Library::open(&args);
    assert!(library.plans.len() >= 17, "{:?}", library.skipped);
    let index = SearchIndex::build(&library.plan_refs());
    for raw in QUERIES {
        let query = Query::parse(raw);
        let plain = plain_scan(&library, &query);
        let indexed: Vec<MeasureId> = index.search(&query, None, &[]).iter().map(|g| library.from_global(g)).collect();
        assert_eq!(indexed, plain, "index, {raw}");
        // The command's scan, plan by plan.
        let scanned: Vec<MeasureId> = library
            .plans
            .iter()
            .enumerate()
            .flat_map(|(p, loaded)| {
                scan_plan(&loaded.plan, &query)
                    .into_iter()
                    .map(move |index| MeasureId { plan: p as u32, index: index as u32 })
            })
            .collect();
        assert_eq!(scanned, plain, "scan, {raw}");
    }
}

/// Typing narrows from earlier results; the result is what a fresh search gives.
#[test]
fn narrowing_gives_the_same_hits() {
    let (_dir, args) = corpus();
    let library = Library::open(&args);
    let index = SearchIndex::build(&library.plan_refs());
    for typed in ["宪法宣誓", "律师队伍", "xfxs", "lvshi", "sifaju", "县人民法院"] {
        let mut previous = None;
        for end in typed.char_indices().map(|(i, c)| i + c.len_utf8()) {
            let query = Query::parse(&typed[..end]);
            let narrowed = index.search(&query, previous.as_ref(), &[]);
            let fresh = index.search(&query, None, &[]);
            assert_eq!(narrowed, fresh, "{}", &typed[..end]);
            previous = Some(narrowed);
        }
    }
}

/// The search command prints the same measures.
#[test]
fn the_search_command_agrees() {
    let (_dir, args) = corpus();
    let library = Library::open(&args);
    for raw in ["宪法宣誓", "人民法院", "相关部门", "xfxs", "（一）"] {
        let query = Query::parse(raw);
        let expected: Vec<(String, String)> = plain_scan(&library, &query)
            .into_iter()
            .map(|id| (library.plan(id.plan).id.clone(), library.measure(id).id.to_string()))
            .collect();
        let out = common::planview().args(["search", raw, "--json"]).args(&args).output().unwrap();
        let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let got: Vec<(String, String)> = hits
            .as_array()
            .unwrap()
            .iter()
            .map(|h| (h["plan"].as_str().unwrap().to_string(), h["id"].as_str().unwrap().to_string()))
            .collect();
        assert_eq!(got, expected, "{raw}");
    }
}

/// The benchmark corpus itself: the seed 1,000 times with distinct 文号, every tenth copy
/// full-width. The index (built as the browser builds it) and the command's scan give what
/// the plain scan gives.
#[test]
fn on_the_corpus_of_a_thousand_plans() {
    let dir = tempfile::tempdir().unwrap();
    let seed = common::seed_text();
    let fullwidth = common::seed_fullwidth();
    for i in 0..1000 {
        let base = if i % 10 == 0 { &fullwidth } else { &seed };
        let text = base.replace("株县发〔2015〕1号", &format!("株县发〔2015〕{}号", i + 1));
        std::fs::write(dir.path().join(format!("plan-{i:04}.txt")), text).unwrap();
    }
    let library = Library::open(&[dir.path().to_path_buf()]);
    assert_eq!(library.plans.len(), 1000);
    let index = SearchIndex::build(&library.plan_refs());
    for raw in ["宪法宣誓", "律师", "人民法院", "（一）", "xfxs", "lvshi"] {
        let query = Query::parse(raw);
        let plain = plain_scan(&library, &query);
        let indexed: Vec<MeasureId> = index.search(&query, None, &[]).iter().map(|g| library.from_global(g)).collect();
        assert_eq!(indexed, plain, "{raw}");
        let scanned: usize = library.plans.iter().map(|p| scan_plan(&p.plan, &query).len()).sum();
        assert_eq!(scanned, plain.len(), "{raw}");
    }
}
