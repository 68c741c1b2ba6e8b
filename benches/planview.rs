//! Benchmarks on a corpus of the seed plan copied 1,000 times with distinct 文号 (about
//! 43 MB), generated into a temporary folder on each run, never committed.
//!
//! cargo bench                     # all
//! cargo bench -- search           # one group
//! PLANVIEW_BENCH_PLANS=10000 cargo bench --bench planview -- "parse/"   # 10,000 plans

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use planview::app::{App, Options};
use planview::library::Library;
use planview::marks::Store;
use planview::plan::load_bytes;
use planview::search::{Query, SearchIndex};
use std::hint::black_box;

const SEED: &str = include_str!("../seeds/000_72b3b9fd10627f4b.txt");

/// How many plans the corpus holds: `PLANVIEW_BENCH_PLANS`, else 1,000.
fn copies() -> usize {
    std::env::var("PLANVIEW_BENCH_PLANS").ok().and_then(|n| n.parse().ok()).unwrap_or(1000)
}

/// Writes the corpus once per benchmark run.
fn corpus() -> &'static Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        for i in 0..copies() {
            let text = SEED.replace("株县发〔2015〕1号", &format!("株县发〔2015〕{}号", i + 1));
            std::fs::write(dir.path().join(format!("plan-{i:04}.txt")), text).expect("write");
        }
        dir
    })
    .path()
}

fn corpus_args() -> Vec<PathBuf> {
    vec![corpus().to_path_buf()]
}

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    group.bench_function("seed plan", |b| b.iter(|| load_bytes(SEED.as_bytes(), "seed").unwrap()));
    group.sample_size(10).measurement_time(Duration::from_secs(10));
    group.bench_function(format!("corpus of {} plans (read, decode, clean, parse)", copies()), |b| {
        b.iter(|| Library::open(&corpus_args()))
    });

    group.finish();
}

/// Inputs of a shape that once took quadratic time, at doubling sizes: parsing time must
/// double with them (compare the reports of one shape).
fn parse_doubling(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse doubling");
    group.sample_size(10).measurement_time(Duration::from_secs(5));
    // The plan followed by lines of other text (each line joins the paragraph before it).
    let filler = "这是附在计划之后的一行其他文字，没有句号也没有编号，一行接一行地写下去";
    for lines in [4_000, 8_000, 16_000, 32_000] {
        let text = format!("{SEED}\n{}", format!("{filler}\n").repeat(lines));
        group.bench_function(format!("seed + {lines} lines of text"), |b| {
            b.iter(|| load_bytes(black_box(text.as_bytes()), "x").unwrap())
        });
    }
    // One annotation naming thousands of units.
    for units in [25_000, 50_000, 100_000] {
        let inner: String = (0..units).map(|i| format!("第{i}单位、")).collect();
        let text = format!("工作方案\n一、任务\n1.加强管理。（责任单位：{inner}）\n");
        group.bench_function(format!("one annotation of {units} units"), |b| {
            b.iter(|| load_bytes(black_box(text.as_bytes()), "x").unwrap().plan.measures[0].units().len())
        });
    }
    // Many tasks, numbering restarting in every section (path ids, restart warnings).
    for sections in [240, 480, 960] {
        let mut text = String::from("工作方案\n一、任务\n");
        for s in 1..=sections {
            text.push_str(&format!("（{}）第{s}节\n", planview::plan::model::chinese_numeral(s)));
            for i in 1..=5 {
                text.push_str(&format!("{i}.第{s}节第{i}项任务。（责任单位：县司法局、县财政局）\n"));
            }
        }
        group.bench_function(format!("{sections} sections of 5 tasks"), |b| {
            b.iter(|| load_bytes(black_box(text.as_bytes()), "x").map(|p| p.plan.measures.len()).unwrap_or(0))
        });
    }
    group.finish();
}

fn index(c: &mut Criterion) {
    let library = Library::open(&corpus_args());
    let plans = library.plan_refs();
    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    group.bench_function(format!("search index, {} plans", copies()), |b| b.iter(|| SearchIndex::build(&plans)));
    group.bench_function(format!("pinyin codes, {} plans", copies()), |b| {
        b.iter_batched(|| SearchIndex::build(&plans), |index| index.warm_pinyin(), BatchSize::LargeInput)
    });
    group.bench_function(format!("unit index, {} plans", copies()), |b| {
        b.iter(|| planview::library::UnitIndex::build(&library))
    });
    group.finish();
}

/// One keystroke of an incremental search: the query typed so far, narrowed from the
/// previous one as the browser does.
fn search(c: &mut Criterion) {
    let library = Library::open(&corpus_args());
    let index = SearchIndex::build(&library.plan_refs());
    index.warm_pinyin();
    let mut group = c.benchmark_group("search keystroke");
    for (label, previous, typed) in [
        ("first key 宪 (full scan)", "", "宪"),
        ("宪法 from 宪", "宪", "宪法"),
        ("宪法宣誓 from 宪法宣", "宪法宣", "宪法宣誓"),
        ("first key 法 (matches nearly all)", "", "法"),
        ("pinyin first key x (full scan)", "", "x"),
        ("pinyin xf from x", "x", "xf"),
        ("pinyin xfxs from xfx", "xfx", "xfxs"),
        ("pinyin lvshi from lvsh", "lvsh", "lvshi"),
    ] {
        let within = (!previous.is_empty()).then(|| index.search(&Query::parse(previous), None, &[]));
        let query = Query::parse(typed);
        group.bench_function(label, |b| b.iter(|| index.search(&query, within.as_ref(), &[])));
    }
    group.finish();
}

fn draw(c: &mut Criterion) {
    let mut group = c.benchmark_group("draw");
    let seed = App::new(Library::open(&[]), 200, 60, Options::default(), Store::in_memory());
    group.bench_function("one frame at 200x60, seed plan, measure 1", |b| {
        let mut app = App::new(Library::open(&[]), 200, 60, Options::default(), Store::in_memory());
        for key in planview::app::key::Key::parse_sequence(":1<Enter>").unwrap() {
            let effects = app.handle_key(key.to_event());
            app.carry_out(effects);
        }
        b.iter(|| planview::render::draw(&app, 200, 60))
    });
    drop(seed);
    group.sample_size(10);
    group.bench_function("open the corpus and draw the first frame at 200x60", |b| {
        // Timed: opening and the first frame, while the indexes start building on the other
        // core as in the program. Not timed: the rest of that build and letting it all go,
        // which would otherwise spill into the next run.
        b.iter_custom(|runs| {
            let mut timed = std::time::Duration::ZERO;
            for _ in 0..runs {
                let started = std::time::Instant::now();
                let app = App::new(Library::open(&corpus_args()), 200, 60, Options::default(), Store::in_memory());
                black_box(planview::render::draw(&app, 200, 60));
                timed += started.elapsed();
                app.search_index().warm_pinyin();
                drop(app);
            }
            timed
        })
    });
    group.finish();
}

/// The corpus read back from the parse cache (filled once; the files made old enough to be
/// stored). Last: the cache, once on, stays on in this process.
fn cache(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    group.sample_size(10).measurement_time(Duration::from_secs(10));
    let dir = tempfile::tempdir().expect("a temporary folder");
    planview::library::cache::enable(dir.path().join("planview"));
    corpus();
    std::thread::sleep(Duration::from_millis(2100));
    Library::open(&corpus_args());
    planview::library::cache::flush();
    group.bench_function(format!("corpus of {} plans from the parse cache", copies()), |b| {
        b.iter(|| Library::open(&corpus_args()))
    });
    group.finish();
}

criterion_group!(benches, parse, parse_doubling, index, search, draw, cache);
criterion_main!(benches);
