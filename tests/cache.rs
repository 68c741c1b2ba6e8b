//! The parse cache: plans read back are the plans parsed; a changed, swapped, removed or
//! added file is parsed again; a damaged, truncated or foreign pack is never trusted; the
//! folder is private, written atomically and kept under a size.
//!
//! These tests turn the cache on in this process (a temporary folder of their own), open
//! libraries through the library API and look at how many plans came from the cache.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use planview::library::{Library, cache};

/// The cache folder of this test process.
fn cache_dir() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = DIR.get_or_init(|| tempfile::tempdir().unwrap());
    let path = dir.path().join("planview");
    cache::enable(path);
    cache::dir().expect("the cache is on")
}

/// A folder of `n` copies of the seed plan with distinct 文号 (1号, 2号, …), old enough to
/// be cached (a file changed in the last two seconds is not stored).
fn corpus(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let seed = common::seed_text();
    for i in 0..n {
        let text = seed.replace("株县发〔2015〕1号", &format!("株县发〔2015〕{}号", i + 1));
        std::fs::write(dir.path().join(format!("plan-{i}.txt")), text).unwrap();
    }
    settle();
    dir
}

/// Waits until the files just written are old enough to be cached.
fn settle() {
    std::thread::sleep(Duration::from_millis(2100));
}

/// Opens the folder through the cache and waits for the pack to be written.
fn open(dir: &Path) -> Library {
    cache_dir();
    let library = Library::open(&[dir.to_path_buf()]);
    cache::flush();
    library
}

/// The plans as parsed from their files, without the cache.
fn parsed(dir: &Path) -> Vec<planview::plan::Plan> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files.iter().map(|f| planview::plan::load_path(f).unwrap().plan).collect()
}

fn plans(library: &Library) -> Vec<planview::plan::Plan> {
    library.plans.iter().map(|p| p.plan.clone()).collect()
}

fn pack(dir: &Path) -> PathBuf {
    cache_dir();
    cache::pack_file(dir).unwrap()
}

#[test]
fn plans_come_back_from_the_cache_as_parsed() {
    let dir = corpus(5);
    let first = open(dir.path());
    assert_eq!(first.from_cache, 0, "nothing cached yet");
    assert!(pack(dir.path()).is_file(), "a pack is written");
    let second = open(dir.path());
    assert_eq!(second.from_cache, 5, "every plan read back");
    assert_eq!(plans(&second), parsed(dir.path()));
    assert_eq!(plans(&second), plans(&first));
    // Units (read from the annotations on first use) and paths are the parser's too.
    for (a, b) in second.plans.iter().zip(&first.plans) {
        assert_eq!(a.source.path, b.source.path);
        assert_eq!(a.source.name, b.source.name);
        for (m, n) in a.plan.measures.iter().zip(&b.plan.measures) {
            assert_eq!(m.units(), n.units());
            assert_eq!(m.annotation(), n.annotation());
        }
    }
    // A hit changes nothing on disk.
    let before = std::fs::metadata(pack(dir.path())).unwrap();
    let third = open(dir.path());
    assert_eq!(third.from_cache, 5);
    let after = std::fs::metadata(pack(dir.path())).unwrap();
    use std::os::unix::fs::MetadataExt;
    assert_eq!(before.ino(), after.ino(), "the pack is not rewritten when nothing changed");
}

#[test]
fn the_search_command_reads_the_cache_too() {
    let dir = corpus(3);
    open(dir.path());
    let query = planview::search::Query::parse("宪法宣誓");
    let scanned = planview::library::scan(&[dir.path().to_path_buf()], |plan| {
        Some(planview::search::scan::scan_plan(plan, &query).len())
    });
    cache::flush();
    assert_eq!(scanned.from_cache, 3);
    assert!(scanned.found.iter().all(|(_, n)| *n > 0));
}

#[test]
fn a_changed_file_is_parsed_again_alone() {
    let dir = corpus(4);
    open(dir.path());
    // Longer: the size changes.
    let grown = dir.path().join("plan-1.txt");
    let text = std::fs::read_to_string(&grown).unwrap();
    std::fs::write(&grown, text.replace("实行宪法宣誓制度", "实行宪法宣誓制度（新）")).unwrap();
    // The same bytes, another mtime.
    let touched = dir.path().join("plan-2.txt");
    std::fs::File::options()
        .write(true)
        .open(&touched)
        .unwrap()
        .set_modified(SystemTime::now() - Duration::from_secs(3600))
        .unwrap();
    let library = open(dir.path());
    assert_eq!(library.from_cache, 2, "two plans parsed again, two read back");
    assert_eq!(plans(&library), parsed(dir.path()));
    assert!(library.plans[1].plan.measures.iter().any(|m| m.body().contains("实行宪法宣誓制度（新）")));
    // Once they are old enough, they are cached again: the pack then holds the two entries
    // written as they were parsed and the two copied from the old pack, each read back as
    // the plan it was.
    settle();
    open(dir.path());
    let library = open(dir.path());
    assert_eq!(library.from_cache, 4);
    assert_eq!(plans(&library), parsed(dir.path()));
}

#[test]
fn a_swapped_plan_is_never_read_from_the_cache() {
    let dir = corpus(3);
    open(dir.path());
    // Another plan of the same size put in its place (another 文号 of as many bytes), as
    // a copy renamed over it, and as a rewrite in place.
    let swap = |file: &str, number: &str| {
        let path = dir.path().join(file);
        let before = std::fs::metadata(&path).unwrap().len();
        let text = common::seed_text().replace("株县发〔2015〕1号", number);
        assert_eq!(text.len() as u64, before, "the same size");
        text
    };
    let text = swap("plan-0.txt", "株县发〔2015〕7号");
    let temp = dir.path().join(".swap");
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, dir.path().join("plan-0.txt")).unwrap();
    let text = swap("plan-1.txt", "株县发〔2015〕8号");
    std::fs::write(dir.path().join("plan-1.txt"), text).unwrap();
    let library = open(dir.path());
    let ids: Vec<&str> = library.plans.iter().map(|p| p.plan.id.as_str()).collect();
    assert_eq!(ids, ["株县发〔2015〕7号", "株县发〔2015〕8号", "株县发〔2015〕3号"]);
    assert_eq!(library.from_cache, 1);
}

#[test]
fn removed_and_added_files_are_followed() {
    let dir = corpus(3);
    open(dir.path());
    std::fs::remove_file(dir.path().join("plan-2.txt")).unwrap();
    let library = open(dir.path());
    assert_eq!((library.plans.len(), library.from_cache), (2, 2));
    std::fs::write(dir.path().join("plan-9.txt"), common::seed_text()).unwrap();
    settle();
    let library = open(dir.path());
    assert_eq!((library.plans.len(), library.from_cache), (3, 2));
    assert_eq!(open(dir.path()).from_cache, 3);
}

/// Damage to a pack costs at most a parse: never a wrong plan, never a panic.
fn damaged(dir: &Path, damage: impl FnOnce(&mut Vec<u8>)) -> Library {
    let file = pack(dir);
    let mut bytes = std::fs::read(&file).unwrap();
    damage(&mut bytes);
    std::fs::write(&file, &bytes).unwrap();
    let library = open(dir);
    assert_eq!(plans(&library), parsed(dir), "the plans are the parser's");
    library
}

#[test]
fn a_corrupted_pack_is_not_trusted() {
    let dir = corpus(3);
    open(dir.path());
    let size = std::fs::metadata(pack(dir.path())).unwrap().len() as usize;
    // A byte of text in the middle of the entries: that plan is parsed again.
    let library = damaged(dir.path(), |b| b[size / 2] ^= 0x20);
    assert_eq!(library.from_cache, 2);
    assert_eq!(open(dir.path()).from_cache, 3, "the pack was rewritten");
    // The header or the index: the whole pack is ignored, and rebuilt.
    for at in [3, 20, size - 10] {
        let library = damaged(dir.path(), |b| b[at] ^= 0x01);
        assert_eq!(library.from_cache, 0, "damage at {at}");
        assert_eq!(open(dir.path()).from_cache, 3);
    }
}

#[test]
fn a_truncated_or_empty_pack_is_not_trusted() {
    let dir = corpus(3);
    open(dir.path());
    let size = std::fs::metadata(pack(dir.path())).unwrap().len() as usize;
    for keep in [size / 2, size - 1, 63, 10, 0] {
        let library = damaged(dir.path(), |b| b.truncate(keep));
        assert_eq!(library.from_cache, 0, "truncated to {keep}");
        assert_eq!(open(dir.path()).from_cache, 3);
    }
}

#[test]
fn a_foreign_file_is_not_trusted() {
    let dir = corpus(2);
    open(dir.path());
    // Another folder's pack in this one's place (right format and parser, wrong folder).
    let other = corpus(2);
    open(other.path());
    std::fs::copy(pack(other.path()), pack(dir.path())).unwrap();
    let library = open(dir.path());
    assert_eq!(library.from_cache, 0);
    assert_eq!(plans(&library), parsed(dir.path()));
    // Random bytes, text, an older format.
    let mut rng = common::Rng(17);
    let noise: Vec<u8> = (0..100_000).map(|_| rng.next() as u8).collect();
    for content in [noise, b"not a pack at all".repeat(100), {
        let mut b = std::fs::read(pack(dir.path())).unwrap();
        b[8] = 0;
        b
    }] {
        std::fs::write(pack(dir.path()), content).unwrap();
        assert_eq!(open(dir.path()).from_cache, 0);
        assert_eq!(open(dir.path()).from_cache, 2);
    }
    // A folder where the pack should be: the plans still load.
    std::fs::remove_file(pack(dir.path())).unwrap();
    std::fs::create_dir(pack(dir.path())).unwrap();
    let library = open(dir.path());
    assert_eq!((library.plans.len(), library.from_cache), (2, 0));
    std::fs::remove_dir(pack(dir.path())).unwrap();
}

#[test]
fn the_cache_is_private_and_written_atomically() {
    let dir = corpus(2);
    open(dir.path());
    let folder = std::fs::metadata(cache_dir()).unwrap();
    assert_eq!(folder.permissions().mode() & 0o777, 0o700);
    let file = std::fs::metadata(pack(dir.path())).unwrap();
    assert_eq!(file.permissions().mode() & 0o777, 0o600);
    // No temporary file is left once the writes are done.
    let left: Vec<String> = std::fs::read_dir(cache_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".tmp-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn the_cache_folder_is_kept_under_its_limit() {
    let dir = tempfile::tempdir().unwrap();
    let now = SystemTime::now();
    for (i, age) in [300u64, 100, 200, 0].iter().enumerate() {
        let path = dir.path().join(format!("{i}.pack"));
        std::fs::write(&path, vec![0u8; 1000]).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(now - Duration::from_secs(*age))
            .unwrap();
    }
    // A temporary file left by a write that never finished, a day ago.
    let temp = dir.path().join(".tmp-abc.pack");
    std::fs::write(&temp, b"half").unwrap();
    std::fs::File::options().write(true).open(&temp).unwrap().set_modified(now - Duration::from_secs(86_400)).unwrap();
    cache::evict_to(dir.path(), 2500);
    let mut left: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    left.sort();
    assert_eq!(left, ["1.pack", "3.pack"], "the two used least recently went, and the temporary file");
}

#[test]
fn the_command_line_uses_and_skips_the_cache() {
    let dir = corpus(2);
    let cache = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        let out = common::planview()
            .args(["search", "-c", "宪法宣誓"])
            .arg(dir.path())
            .args(extra)
            .env("PLANVIEW_CACHE", cache.path().join("c"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let none = run(&["--no-cache"]);
    assert!(!cache.path().join("c").exists(), "--no-cache writes nothing");
    let cold = run(&[]);
    let packs = std::fs::read_dir(cache.path().join("c")).unwrap().count();
    assert_eq!(packs, 1, "one pack for the folder");
    let warm = run(&[]);
    assert_eq!((&none, &cold), (&warm, &warm));
}

/// A folder of the family's fixtures, the seed, and the seed with text that folding changes
/// (full-width letters), old enough to be cached.
fn family_corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/family");
    for entry in std::fs::read_dir(&fixtures).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    let seed = common::seed_text();
    std::fs::write(dir.path().join("seed.txt"), &seed).unwrap();
    let folded = seed.replace("株县发〔2015〕1号", "株县发〔2015〕2号").replace("宪法宣誓", "宪法宣誓ＡＢＣ");
    std::fs::write(dir.path().join("seed-folded.txt"), folded).unwrap();
    settle();
    dir
}

#[test]
fn a_quick_search_of_the_pack_finds_what_a_search_of_the_plans_finds() {
    use planview::search::Query;
    use planview::search::scan::{QuickScan, scan_plan};
    use std::sync::atomic::{AtomicUsize, Ordering};

    let dir = family_corpus();
    open(dir.path());
    // The plans parsed, with their ids made distinct as in a library.
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let loaded = files.iter().map(|f| planview::plan::load_path(f).unwrap()).collect();
    let parsed = plans(&Library::from_plans(loaded, Vec::new()));
    let decided = AtomicUsize::new(0);
    let plain = parsed
        .iter()
        .filter(|plan| plan.measures.first().is_none_or(|m| !planview::search::query::needs_folding(m.text_span().0)))
        .count();
    assert!(plain > parsed.len() / 3, "{plain} of {}", parsed.len());
    let queries = [
        "宪法宣誓",
        "人民法院",
        "县法院",
        "法院",
        "相关单位",
        "相关部门",
        "负责",
        "牵头",
        "2018",
        "年底 前",
        "司法局 宣传",
        "abc",
        "sfj",
        "（一）",
        "不存在的词",
        "，",
    ];
    for raw in queries {
        let query = Query::parse(raw);
        let expected: Vec<(String, Vec<usize>)> = parsed
            .iter()
            .map(|plan| (plan.id.clone(), scan_plan(plan, &query)))
            .filter(|(_, found)| !found.is_empty())
            .collect();
        let quick_scan = QuickScan::new(&query);
        let quick = |plan: &cache::RawPlan<'_>| {
            let found = quick_scan.as_ref()?.positions(plan.text, &plan.measures, &plan.units)?;
            decided.fetch_add(1, Ordering::Relaxed);
            Some((!found.is_empty()).then_some(found))
        };
        let scanned = planview::library::scan_quick(
            &[dir.path().to_path_buf()],
            &quick,
            |plan| Some(scan_plan(plan, &query)).filter(|found| !found.is_empty()),
            &planview::library::Progress::default(),
        );
        cache::flush();
        assert_eq!(scanned.from_cache, parsed.len(), "{raw}");
        assert_eq!(scanned.found, expected, "{raw}");
        // A literal query is decided from the pack for every plan whose text folding leaves
        // as it is, unit names included: the pack holds the units.
        let literal = !raw.bytes().any(|b| b.is_ascii_alphabetic());
        let now = decided.swap(0, Ordering::Relaxed);
        assert_eq!(now, if literal { plain } else { 0 }, "{raw}");
    }
}
