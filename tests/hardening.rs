//! Hardening: broken, random and hostile files through the real binary. Whatever a file
//! holds, planview exits 0, 1 or 2 with a message naming the file, never panics, and never
//! lets the file put a control character on the terminal.
//!
//! Random inputs come from a fixed-seed generator, so a failure names an input that can be
//! made again (the file is kept in the message's folder if the test is stopped there).

// Prints what a failing case was, not planview's output (see cli::output).
#![allow(clippy::disallowed_macros)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{Rng, planview};
use unicode_width::UnicodeWidthStr;

/// Pieces of the plan family and of terminal attacks, spliced into mutated copies so the
/// mutations reach the parser's interesting paths and the cleaner's.
const TOKENS: &[&[u8]] = &[
    "一、".as_bytes(),
    "十一、".as_bytes(),
    "（一）".as_bytes(),
    "(二十)".as_bytes(),
    b"1.",
    "1、".as_bytes(),
    "78．".as_bytes(),
    b"99999999999999999999.",
    "(责任单位:".as_bytes(),
    "（牵头单位：".as_bytes(),
    "，配合单位：".as_bytes(),
    "〔牵头单位:".as_bytes(),
    "、".as_bytes(),
    "等相关单位".as_bytes(),
    "排名第一的单位为牵头单位。下同".as_bytes(),
    b")",
    "）".as_bytes(),
    "　　".as_bytes(),
    b"\n",
    b"\r\n",
    b"\r",
    b"\t",
    b"\x00",
    b"\x1b[2J",
    b"\x1b]0;owned\x07",
    b"\x1bP1;2|payload\x1b\\",
    b"\x9b31m",
    b"\xc2\x9b31m",
    "\u{202e}".as_bytes(),
    "\u{200b}".as_bytes(),
    "\u{feff}".as_bytes(),
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\xd6\xd0\xb9\xfa",
    "👨‍👩‍👧".as_bytes(),
    "e\u{301}\u{302}\u{303}".as_bytes(),
];

fn random_range(rng: &mut Rng, len: usize, max: usize) -> (usize, usize) {
    let start = rng.below(len + 1);
    let end = (start + rng.below(max + 1)).min(len);
    (start, end)
}

/// A copy of `seed` with a few random edits: bytes changed, ranges removed, duplicated or
/// moved, random bytes or family tokens inserted, the end cut off.
fn mutate(seed: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for _ in 0..1 + rng.below(8) {
        let len = bytes.len();
        match rng.below(8) {
            0 => {
                for _ in 0..1 + rng.below(16) {
                    if !bytes.is_empty() {
                        let at = rng.below(bytes.len());
                        bytes[at] = rng.next() as u8;
                    }
                }
            }
            1 => {
                let (start, end) = random_range(rng, len, 4000);
                bytes.drain(start..end);
            }
            2 => {
                let at = rng.below(len + 1);
                let junk: Vec<u8> = (0..rng.below(64)).map(|_| rng.next() as u8).collect();
                bytes.splice(at..at, junk);
            }
            3 => {
                let (start, end) = random_range(rng, len, 4000);
                let copy = bytes[start..end].to_vec();
                let at = rng.below(len + 1);
                bytes.splice(at..at, copy);
            }
            4 | 5 => {
                for _ in 0..1 + rng.below(4) {
                    let at = rng.below(bytes.len() + 1);
                    bytes.splice(at..at, rng.pick(TOKENS).iter().copied());
                }
            }
            6 => bytes.truncate(rng.below(len + 1)),
            _ => {
                let (start, end) = random_range(rng, len, 2000);
                let moved: Vec<u8> = bytes.drain(start..end).collect();
                let at = rng.below(bytes.len() + 1);
                bytes.splice(at..at, moved);
            }
        }
    }
    bytes
}

/// Random files of several kinds: uniform bytes, GBK-range bytes, printable ASCII, and
/// strings of family tokens.
fn random_file(rng: &mut Rng) -> Vec<u8> {
    let len = rng.below(8192);
    match rng.below(4) {
        0 => (0..len).map(|_| rng.next() as u8).collect(),
        1 => (0..len).map(|_| 0xa1 + rng.below(0x5e) as u8).collect(),
        2 => (0..len).map(|_| b' ' + rng.below(95) as u8).collect(),
        _ => (0..len / 8).flat_map(|_| rng.pick(TOKENS).to_vec()).collect(),
    }
}

/// Keys for `render`, in its notation: every mode (search, unit picker, note editor, help,
/// overview, jump) and the keys that move, mark and leave them.
const KEYS: &[&str] = &[
    "j",
    "k",
    "h",
    "l",
    "g",
    "G",
    "n",
    "N",
    "r",
    "f",
    "x",
    "a",
    "s",
    "w",
    "?",
    "/",
    "u",
    "e",
    ":",
    "5",
    "宪法",
    "律师",
    "xf",
    "<Enter>",
    "<Esc>",
    "<Tab>",
    "<BS>",
    "<Up>",
    "<Down>",
    "<PageUp>",
    "<PageDown>",
    "<Home>",
    "<End>",
    "<Space>",
    "<C-o>",
    "<C-i>",
    "<C-u>",
    "<C-w>",
];

/// No byte that drives a terminal: C0 controls other than the newline (and the carriage
/// return of a CSV's CRLF line ends), DEL, and C1 controls (as characters, however the text
/// is decoded).
fn assert_printable(what: &str, bytes: &[u8]) {
    let crlf = |at: usize| bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n');
    if let Some(at) =
        (0..bytes.len()).find(|&at| (bytes[at] < 0x20 && bytes[at] != b'\n' && !crlf(at)) || bytes[at] == 0x7f)
    {
        panic!("{what}: control byte {:#04x} at {at}: {:?}", bytes[at], String::from_utf8_lossy(bytes));
    }
    let text = String::from_utf8_lossy(bytes);
    if let Some(c) = text.chars().find(|c| ('\u{80}'..='\u{9f}').contains(c)) {
        panic!("{what}: C1 control {c:?} in {text:?}");
    }
}

/// How a run ended: exit 0, 1 or 2; no panic; bad files are named in a one-line message.
fn assert_clean_exit(what: &str, out: &Output, file: Option<&Path>) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out.status.code();
    assert!(matches!(code, Some(0..=2)), "{what}: exit {:?}\n{stderr}", out.status);
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    assert_printable(&format!("{what} (stdout)"), &out.stdout);
    assert_printable(&format!("{what} (stderr)"), &out.stderr);
    if code != Some(0)
        && let Some(file) = file
    {
        let name = file.file_name().unwrap().to_string_lossy();
        let first = stderr.lines().next().unwrap_or_default();
        assert!(first.starts_with("planview: ") && first.contains(&*name), "{what}: {stderr:?}");
    }
}

/// The folder of broken plans the tests share: 300 mutated copies of the seed and 50
/// random files.
fn broken_files(dir: &Path) -> Vec<PathBuf> {
    let seed = common::seed_bytes();
    let gbk = encoding_rs::GBK.encode(&common::seed_text()).0.into_owned();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut files = Vec::new();
    for i in 0..350 {
        let bytes = match i {
            0..150 => mutate(&seed, &mut rng),
            150..200 => mutate(&gbk, &mut rng),
            200..300 => mutate(common::seed_fullwidth().as_bytes(), &mut rng),
            _ => random_file(&mut rng),
        };
        let path = dir.join(format!("{i:03}.txt"));
        std::fs::write(&path, bytes).unwrap();
        files.push(path);
    }
    files
}

#[test]
fn mutated_and_random_files_through_check_and_render() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("marks.json");
    let files = broken_files(dir.path());
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut plans = 0;
    for file in &files {
        let out = planview().arg("check").arg(file).output().unwrap();
        assert_clean_exit(&format!("check {}", file.display()), &out, Some(file));
        plans += usize::from(out.status.success());

        let (width, height) = (1 + rng.below(250), 1 + rng.below(80));
        let keys: String = (0..rng.below(30)).map(|_| *rng.pick(KEYS)).collect();
        let out = planview()
            .args(["render", "--width", &width.to_string(), "--height", &height.to_string(), "--keys", &keys])
            .arg(file)
            .env("PLANVIEW_STATE", &state)
            .output()
            .unwrap();
        let what = format!("render {} at {width}x{height} after {keys:?}", file.display());
        assert_clean_exit(&what, &out, Some(file));
        if out.status.success() {
            let screen = String::from_utf8(out.stdout).unwrap();
            assert_eq!(screen.lines().count(), height, "{what}:\n{screen}");
            for row in screen.lines() {
                assert!(row.width() <= width, "{what}: a row of {} columns:\n{screen}", row.width());
            }
        }
    }
    eprintln!("{plans} of {} files read as plans", files.len());
    // The mutations leave many files readable as plans and break many others: both paths
    // were taken.
    assert!(plans > 50 && plans < files.len() - 50, "{plans} of {} files read as plans", files.len());

    // The whole folder at once, through every command.
    let commands: [&[&str]; 6] = [
        &["check"],
        &["units"],
        &["search", "宪法"],
        &["search", "-c", "xf"],
        &["export", "--format", "md"],
        &["render", "--keys", "/律师<Enter>n"],
    ];
    for args in commands {
        let out = planview().args(args).arg(dir.path()).env("PLANVIEW_STATE", &state).output().unwrap();
        assert_clean_exit(&format!("{args:?} on the folder"), &out, None);
        assert!(!out.stdout.is_empty(), "{args:?} found plans in the folder");
    }
}

const PAYLOAD: &str = "\x1b]0;owned\x07\x1b[2J";

/// No trace of [`PAYLOAD`]: no ESC or BEL byte, nor the text the sequences carried.
fn assert_no_payload(what: &str, bytes: &[u8]) {
    assert_printable(what, bytes);
    let text = String::from_utf8_lossy(bytes);
    assert!(!text.contains("owned") && !text.contains("[2J"), "{what}: {text}");
}

/// The seed with the payload in measure 1's title and body, in a unit name, a chapter
/// heading and the document title; and a marks file whose note for measure 1 carries it.
fn hostile_seed(dir: &Path) -> (PathBuf, PathBuf) {
    let text = common::seed_text()
        .replacen("1.加强宪法实施。", &format!("1.加强宪法{PAYLOAD}实施。任何{PAYLOAD}"), 1)
        .replacen("(责任单位:县人大常委会办公室", &format!("(责任单位:县人大{PAYLOAD}常委会办公室"), 1)
        .replacen("二、维护宪法法律权威", &format!("二、维护宪法{PAYLOAD}法律权威"), 1)
        .replacen("关于全面推进法治渌湘建设的实施意见", &format!("关于全面推进法治渌湘建设{PAYLOAD}的实施意见"), 1);
    assert_eq!(text.matches(PAYLOAD).count(), 5, "the payload went in");
    let plan = dir.join("hostile.txt");
    std::fs::write(&plan, text).unwrap();
    let marks = dir.join("marks.json");
    let note = serde_json::json!({"version": 1, "plans": {"株县发〔2015〕1号": {"1": {"read": true, "note": format!("备注{PAYLOAD}内容")}}}});
    std::fs::write(&marks, note.to_string()).unwrap();
    (plan, marks)
}

#[test]
fn escape_sequences_in_a_plan_or_a_note_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, marks) = hostile_seed(dir.path());
    let run = |args: &[&str]| {
        let out = planview().args(args).arg(&plan).env("PLANVIEW_STATE", &marks).output().unwrap();
        assert_clean_exit(&format!("{args:?}"), &out, Some(&plan));
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert_no_payload(&format!("{args:?}"), &out.stdout);
        String::from_utf8(out.stdout).unwrap()
    };
    // The text around the payload is kept, joined up as written without it.
    let screen = run(&["render", "--width", "120", "--height", "40", "--keys", ":1<Enter>"]);
    for shown in ["1 加强宪法实施", "任何组织", "lead 县人大常委会办公室", "备注内容", "法治渌湘建设的实施意见"]
    {
        assert!(screen.contains(shown), "{shown}:\n{screen}");
    }
    run(&["render", "--width", "80", "--height", "24", "--keys", "/宪法<Enter>"]);
    run(&["render", "--width", "200", "--height", "60", "--keys", "w"]);
    run(&["render", "--keys", "u人大<Enter>"]);
    let found = run(&["search", "宪法实施"]);
    assert!(found.contains("1 【加强宪法实施】") || found.contains("【宪法实施】"), "{found}");
    run(&["search", "--json", "宪法"]);
    run(&["search", "-c", "宪法"]);
    run(&["check"]);
    run(&["units"]);
    run(&["units", "--json"]);
    for format in ["json", "md", "csv"] {
        let exported = run(&["export", "--format", format]);
        assert!(exported.contains("加强宪法实施"), "{format}");
        run(&["export", "--format", format, "--unit", "县人大常委会办公室"]);
        let marked = run(&["export", "--format", format, "--marked", "read"]);
        assert!(marked.contains("备注内容"), "{format}: {marked}");
    }
}

/// On a terminal, search highlights hits with colour: those are the only escape sequences
/// in its output, whatever the plan holds.
#[test]
fn coloured_search_output_carries_only_its_own_colours() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, marks) = hostile_seed(dir.path());
    // `script` gives the command a terminal and copies what it writes.
    let command = format!("'{}' search 宪法 '{}'", env!("CARGO_BIN_EXE_planview"), plan.display());
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("PLANVIEW_STATE", &marks)
        .env("PLANVIEW_CACHE", common::cache_home().join("planview"))
        .env_remove("NO_COLOR")
        .output()
        .expect("script (util-linux) is installed");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let colours = text.matches("\x1b[1;31m").count();
    assert!(colours > 0, "hits are coloured on a terminal: {text:?}");
    assert_eq!(text.matches("\x1b[0m").count(), colours, "{text:?}");
    let rest = text.replace("\x1b[1;31m", "").replace("\x1b[0m", "").replace("\r\n", "\n");
    assert_no_payload("search on a terminal", rest.as_bytes());
}

/// A file name can hold anything but `/` and NUL: in a folder of plans, names carrying
/// escape sequences are shown with `?` for their controls, in every command's output.
#[test]
fn hostile_file_names_are_shown_harmlessly() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a\x1b]0;owned\x07b.txt"), common::seed_bytes()).unwrap();
    std::fs::write(dir.path().join("c\x1b[2J\u{202e}d.txt"), "not a plan").unwrap();
    let state = dir.path().join(".marks.json");
    let commands: [&[&str]; 6] = [
        &["check"],
        &["units"],
        &["search", "宪法"],
        &["export", "--format", "csv"],
        &["render", "--keys", "w"],
        &["render", "--width", "60", "--height", "20", "--keys", "?"],
    ];
    for args in commands {
        let out = planview().args(args).arg(dir.path()).env("PLANVIEW_STATE", &state).output().unwrap();
        assert_clean_exit(&format!("{args:?}"), &out, None);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("c?[2J?d.txt: not a plan"), "{args:?}: {stderr}");
    }
    let out = planview().arg("check").arg(dir.path()).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("a?]0;owned?b.txt: plan 株县发〔2015〕1号"));
}

/// Plans that share a 文号 get their file names in their ids: a hostile name must be
/// cleaned there too, in every command, and an argument echoed in an error as well.
#[test]
fn hostile_names_in_plan_ids_and_arguments_are_shown_harmlessly() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a.txt", "\x1b]2;PWNED\x07\x1b[2Jx.txt", "y\u{202e}z\u{3164}.txt"] {
        std::fs::write(dir.path().join(name), common::seed_bytes()).unwrap();
    }
    let state = dir.path().join(".marks.json");
    let commands: [&[&str]; 10] = [
        &["check"],
        &["units"],
        &["units", "--json"],
        &["search", "宪法"],
        &["search", "-c", "宪法"],
        &["search", "--json", "宪法"],
        &["export", "--format", "csv"],
        &["export", "--format", "json"],
        &["export", "--format", "md"],
        &["render", "--width", "120", "--height", "40", "--keys", "<End>"],
    ];
    for args in commands {
        let out = planview().args(args).arg(dir.path()).env("PLANVIEW_STATE", &state).output().unwrap();
        assert_clean_exit(&format!("{args:?}"), &out, None);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(!stdout.contains(['\u{202e}', '\u{3164}']), "{args:?}: {stdout}");
        assert!(!stdout.contains("\\u001b") && !stdout.contains("\\u202e"), "{args:?}: {stdout}");
        if args[0] != "render" && !args.contains(&"md") {
            assert!(stdout.contains("?]2;PWNED??[2Jx.txt") && stdout.contains("y?z?.txt"), "{args:?}: {stdout}");
        }
    }
    let out = planview()
        .args(["export", "--format", "csv", "--unit", "\x1b]2;X\x07"])
        .env("PLANVIEW_STATE", &state)
        .output()
        .unwrap();
    assert_clean_exit("export --unit with an escape", &out, None);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no unit named ?]2;X?"));
    let out = planview().arg("--bogus\x1b]2;X\x07").output().unwrap();
    assert_clean_exit("a bad option with an escape", &out, None);
    assert_eq!(out.status.code(), Some(2));
}

/// Exports bound for a spreadsheet carry no formula and Markdown exports no markup, whatever
/// the plan's titles, units and the notes say.
#[test]
fn exports_neutralise_formulas_and_markup() {
    let dir = tempfile::tempdir().unwrap();
    let title = "=HYPERLINK(\"http://evil\",\"点我\")<script>alert(1)</script>[链接](javascript:alert(1))";
    let text = common::seed_text().replacen("1.加强宪法实施。", &format!("1.{title}。"), 1).replacen(
        "(责任单位:县人大常委会办公室",
        "(责任单位:+县人大常委会办公室",
        1,
    );
    let plan = dir.path().join("plan.txt");
    std::fs::write(&plan, text).unwrap();
    let marks = dir.path().join("marks.json");
    let note = "@SUM(1+1)*cmd|' /C calc'!A0";
    let file = serde_json::json!({"version": 1, "plans": {"株县发〔2015〕1号": {"1": {"read": true, "note": note}}}});
    std::fs::write(&marks, file.to_string()).unwrap();
    let export = |format: &str| {
        let out =
            planview().args(["export", "--format", format]).arg(&plan).env("PLANVIEW_STATE", &marks).output().unwrap();
        assert_clean_exit(format, &out, Some(&plan));
        String::from_utf8(out.stdout).unwrap()
    };
    let csv = export("csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let first = reader.records().next().unwrap().unwrap();
    let cells: Vec<&str> = first.iter().collect();
    assert!(cells.contains(&format!("'{title}").as_str()), "{cells:?}");
    assert!(cells.iter().any(|c| c.starts_with("'+县人大常委会办公室")), "{cells:?}");
    assert!(cells.contains(&format!("'{note}").as_str()), "{cells:?}");
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{cell}");
        }
    }
    let md = export("md");
    // No tag, and no link: every ] before a ( is escaped.
    assert!(!md.contains("<script>") && !md.replace("\\]", "").contains("]("), "{md}");
    assert!(md.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{md}");
    assert!(md.contains("\\[链接\\](javascript:alert(1))"), "{md}");
}

/// The largest file planview accepts (64 MiB), in each shape that once took quadratic time,
/// is read in bounded time (a minute is the hang guard; the doubling benchmarks measure the
/// real cost: `cargo bench --bench planview -- "parse doubling"`).
#[test]
fn the_largest_accepted_files_parse_in_bounded_time() {
    const LIMIT: usize = 64 * 1024 * 1024 - 4096;
    let dir = tempfile::tempdir().unwrap();
    let seed = common::seed_text();
    let fill = |mut text: String, piece: &dyn Fn(usize) -> String, end: &str| {
        let mut i = 0;
        while text.len() + end.len() < LIMIT - 200 {
            text.push_str(&piece(i));
            i += 1;
        }
        text.push_str(end);
        text
    };
    let numeral = planview::plan::model::chinese_numeral;
    let shapes: [(&str, String); 4] = [
        // Lines that each continue the paragraph before them.
        (
            "run-on.txt",
            fill(
                seed.clone(),
                &|_| "这是附在计划之后的一行其他文字，没有句号也没有编号，一行接一行地写下去\n".into(),
                "",
            ),
        ),
        // Text copied out of a PDF: every line filled to the same width.
        (
            "wrapped.txt",
            fill(
                seed.clone(),
                &|i| {
                    format!(
                        "{:0>4}推进依法行政建设法治政府加强组织领导落实工作责任确保各项任务落到实处全面\n",
                        i % 10_000
                    )
                },
                "",
            ),
        ),
        // One annotation naming millions of units.
        ("units.txt", fill("工作方案\n一、任务\n1.加强管理。（责任单位：".into(), &|i| format!("第{i}单位、"), "）\n")),
        // Numbering that restarts in every section, in chapter after chapter.
        (
            "restarts.txt",
            fill(
                "工作方案\n".into(),
                &|i| {
                    let mut block = String::new();
                    if i % 100 == 0 {
                        block.push_str(&format!("{}、第{}章\n", numeral((i / 100 % 999 + 1) as u32), i / 100 + 1));
                    }
                    block.push_str(&format!("（{}）第{i}节\n", numeral((i % 100 + 1) as u32)));
                    for t in 1..=5 {
                        block.push_str(&format!("{t}.第{i}节第{t}项任务。（责任单位：县司法局、县财政局）\n"));
                    }
                    block
                },
                "",
            ),
        ),
    ];
    for (name, text) in shapes {
        assert!(text.len() <= 64 * 1024 * 1024 && text.len() > 63 * 1024 * 1024, "{name}: {}", text.len());
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let out = run_bounded(&["check".as_ref(), path.as_os_str()]);
        assert_clean_exit(name, &out, Some(&path));
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        std::fs::remove_file(&path).unwrap();
    }
}

/// Runs planview, failing the test (instead of hanging it) if it has not ended within a
/// minute: these inputs are the ones that could make it hang.
fn run_bounded(args: &[&std::ffi::OsStr]) -> Output {
    let child = planview()
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    // Its output is read as it comes (a full pipe would stop it), on a thread of its own.
    let (sender, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || sender.send(child.wait_with_output()));
    match finished.recv_timeout(std::time::Duration::from_secs(60)) {
        Ok(output) => output.unwrap(),
        Err(_) => {
            let _ = std::process::Command::new("kill").args(["-9", &pid.to_string()]).status();
            panic!("planview {args:?} still runs after a minute");
        }
    }
}

#[test]
fn oversized_files_huge_folders_and_symlink_loops_are_refused_or_survived() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    // Sparse: 65 MiB on paper, no room on disk.
    std::fs::File::create(&big).unwrap().set_len(65 * 1024 * 1024).unwrap();
    let zero = Path::new("/dev/zero");
    for (file, problem) in [
        (big.as_path(), "file too large (65 MiB; a plan may be at most 64 MiB)"),
        (zero, "not a regular file (a FIFO, a socket or a device); not read"),
    ] {
        for command in ["check", "render", "units"] {
            let out = run_bounded(&[command.as_ref(), file.as_os_str()]);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{command} {}: {stderr}", file.display());
            assert_eq!(stderr.trim_end(), format!("planview: {}: {problem}", file.display()), "{command}");
        }
    }

    // 100,001 files: refused at once, with the reason.
    let many = dir.path().join("many");
    std::fs::create_dir(&many).unwrap();
    for i in 0..100_001 {
        std::fs::File::create(many.join(format!("{i:06}.txt"))).unwrap();
    }
    for command in ["check", "render", "search"] {
        let args: Vec<&std::ffi::OsStr> = match command {
            "search" => vec!["search".as_ref(), "宪法".as_ref(), many.as_os_str()],
            _ => vec![command.as_ref(), many.as_os_str()],
        };
        let out = run_bounded(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(matches!(out.status.code(), Some(1 | 2)), "{command}: {stderr}");
        assert_eq!(
            stderr.trim_end(),
            format!("planview: {}: cannot read: more than 100000 files; open a smaller folder", many.display()),
            "{command}"
        );
    }

    // Symlinks that loop back up, and a FIFO (reading it would wait for ever): the plan in
    // the folder is read once and the rest is passed over.
    let looped = dir.path().join("looped");
    std::fs::create_dir_all(looped.join("sub")).unwrap();
    std::fs::copy(common::seed_path(), looped.join("plan.txt")).unwrap();
    std::os::unix::fs::symlink("..", looped.join("sub/up")).unwrap();
    std::os::unix::fs::symlink(".", looped.join("here")).unwrap();
    std::os::unix::fs::symlink(&looped, looped.join("sub/absolute")).unwrap();
    let fifo = std::process::Command::new("mkfifo").arg(looped.join("pipe.txt")).status().unwrap();
    assert!(fifo.success());
    let out = run_bounded(&["check".as_ref(), looped.as_os_str()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(stdout.matches(": plan 株县发〔2015〕1号").count(), 1, "{stdout}");
}
