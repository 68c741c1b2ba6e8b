//! Marks and notes on disk: what `render` saves (exactly as the interactive program does),
//! merging between processes, crashes, damaged and newer files, unwritable folders, and
//! export of the marks.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use common::planview;
use planview::marks::{MarksFile, Parsed, Store};
use serde_json::Value;

const PLAN: &str = "株县发〔2015〕1号";

fn render(state: &Path, keys: &str) -> Output {
    planview()
        .args(["render", "--width", "100", "--height", "30", "--keys", keys])
        .arg("--state")
        .arg(state)
        .env("NO_COLOR", "1")
        .output()
        .expect("runs")
}

fn marks(state: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(state).expect("marks file")).expect("valid JSON")
}

fn mark(state: &Path, number: u32) -> Value {
    marks(state)["plans"][PLAN][number.to_string()].clone()
}

fn temp_state() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state").join("marks.json");
    (dir, path)
}

#[test]
fn render_saves_marks_and_notes_and_a_second_run_sees_them() {
    let (_dir, state) = temp_state();
    let o = render(&state, ":12<Enter>rf:30<Enter>r:7<Enter>e备注：下周讨论<Esc>");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let file = marks(&state);
    assert_eq!(file["version"], 1);
    assert_eq!((mark(&state, 12)["read"].clone(), mark(&state, 12)["flagged"].clone()), (true.into(), true.into()));
    assert_eq!(mark(&state, 30)["read"], true);
    assert_eq!(mark(&state, 30)["flagged"], false);
    assert_eq!(mark(&state, 7)["note"], "备注：下周讨论");
    let updated = mark(&state, 7)["updated"].as_str().unwrap().to_string();
    assert!(updated.parse::<jiff::Timestamp>().is_ok(), "RFC 3339: {updated}");

    // A second run sees them: the title counts 2 read, the tree marks 12, the text shows the note.
    let screen = String::from_utf8(render(&state, ":7<Enter>").stdout).unwrap();
    assert!(screen.contains("2/77 read"), "{screen}");
    assert!(screen.contains("备注：下周讨论"), "{screen}");
    let screen = String::from_utf8(render(&state, ":12<Enter>").stdout).unwrap();
    assert!(screen.contains("12 加强行政执法管理") && screen.contains("✓⚑"), "{screen}");

    // r again unmarks.
    render(&state, ":12<Enter>r");
    assert_eq!(mark(&state, 12)["read"], false);
    assert_eq!(mark(&state, 12)["flagged"], true);
}

#[test]
fn notes_are_searched_and_kept_when_the_editor_closes() {
    let (_dir, state) = temp_state();
    render(&state, ":7<Enter>e下周讨论<Enter>第二行<Esc>");
    assert_eq!(mark(&state, 7)["note"], "下周讨论\n第二行");
    let screen = String::from_utf8(render(&state, "/下周讨论<Enter>").stdout).unwrap();
    assert!(screen.contains("1 measure") && screen.contains("measure 7/77"), "{screen}");
    // Editing again keeps what was there; emptying it removes the note.
    render(&state, ":7<Enter>e<BS><BS><BS>改<Esc>");
    assert_eq!(mark(&state, 7)["note"], "下周讨论\n改");
    // Quitting the program with the editor open keeps the note (render ends like a quit).
    render(&state, ":9<Enter>e未保存的想法");
    assert_eq!(mark(&state, 9)["note"], "未保存的想法");
}

#[test]
fn ctrl_c_in_the_note_editor_discards_after_a_yes() {
    let (_dir, state) = temp_state();
    render(&state, ":7<Enter>e原来的备注<Esc>");
    // Typed, then Ctrl-C: asked; n goes back to the editor with the text, Esc saves it.
    let o = render(&state, ":7<Enter>e，补充<C-c>");
    let screen = String::from_utf8(o.stdout).unwrap();
    assert!(screen.contains("Discard the changes to this note? (y / n)"), "{screen}");
    render(&state, ":7<Enter>e，补充<C-c>n再补充<Esc>");
    assert_eq!(mark(&state, 7)["note"], "原来的备注，补充再补充");
    // y (or Ctrl-C again) throws the changes away; the note stays as it was.
    for yes in ["y", "<C-c>"] {
        let o = render(&state, &format!(":7<Enter>e不要了<C-c>{yes}"));
        assert!(String::from_utf8(o.stdout).unwrap().contains("Changes to the note discarded"));
        assert_eq!(mark(&state, 7)["note"], "原来的备注，补充再补充", "{yes}");
    }
    // Nothing changed: Ctrl-C closes at once, no question.
    let screen = String::from_utf8(render(&state, ":7<Enter>e<C-c>").stdout).unwrap();
    assert!(!screen.contains("Discard") && !screen.contains("note · measure"), "{screen}");
}

#[test]
fn the_last_mark_on_a_section_is_undone_by_z() {
    let (_dir, state) = temp_state();
    // 13 was read before; the section 12–18 is marked read, then undone: 13 stays read.
    render(&state, ":13<Enter>r");
    let o = render(&state, ":12<Enter>hryz");
    let screen = String::from_utf8(o.stdout).unwrap();
    assert!(screen.contains("Undone: 7 measures as they were"), "{screen}");
    assert_eq!(mark(&state, 13)["read"], true);
    assert!((12..=18).filter(|&n| n != 13).all(|n| mark(&state, n)["read"] == false));
    // Only once: a second z has nothing left.
    let screen = String::from_utf8(render(&state, ":12<Enter>hryzz").stdout).unwrap();
    assert!(screen.contains("Nothing to undo"), "{screen}");
    assert!((12..=18).filter(|&n| n != 13).all(|n| mark(&state, n)["read"] == false));
    // The message after a bulk mark names the key; undo is of this session only.
    let screen = String::from_utf8(render(&state, ":12<Enter>hry").stdout).unwrap();
    assert!(screen.contains("7 measures marked; z undoes it"), "{screen}");
    let screen = String::from_utf8(render(&state, ":12<Enter>z").stdout).unwrap();
    assert!(screen.contains("Nothing to undo"), "{screen}");
    assert!((12..=18).all(|n| mark(&state, n)["read"] == true));
}

#[test]
fn the_tree_width_set_with_lt_and_gt_is_remembered() {
    let (_dir, state) = temp_state();
    // 100 columns: the automatic width is 45 (45%); > makes it 50%, twice 55%, < back 50%.
    let screen = String::from_utf8(render(&state, ">><").stdout).unwrap();
    assert!(screen.contains("Contents pane: 50% of the width"), "{screen}");
    assert_eq!(marks(&state)["ui"]["tree_width"], 50);
    // The next run opens with it: the detail pane's border starts at column 50.
    let screen = String::from_utf8(render(&state, "").stdout).unwrap();
    let row = screen.lines().nth(1).unwrap();
    let border = row.chars().position(|c| c == '┐').unwrap();
    assert_eq!(border, 49, "{row}");
    render(&state, "<<<<<<<<<<<<");
    assert_eq!(marks(&state)["ui"]["tree_width"], 10, "never below 10%");
    // Marks written meanwhile stay.
    render(&state, ":3<Enter>r>");
    assert_eq!(marks(&state)["ui"]["tree_width"], 15);
    assert_eq!(mark(&state, 3)["read"], true);
}

#[test]
fn a_chapter_or_section_is_marked_after_a_yes() {
    let (_dir, state) = temp_state();
    render(&state, ":12<Enter>hrn");
    assert!(!state.exists() || mark(&state, 12).is_null());
    render(&state, ":12<Enter>hry");
    for n in 12..=18 {
        assert_eq!(mark(&state, n)["read"], true, "measure {n}");
    }
    assert!(mark(&state, 19).is_null());
    // All read: the same key unmarks them all.
    render(&state, ":12<Enter>hry");
    assert!((12..=18).all(|n| mark(&state, n)["read"] == false));
}

#[test]
fn the_mark_filter_cycles() {
    let (_dir, state) = temp_state();
    render(&state, ":1<Enter>r:2<Enter>rf:3<Enter>f");
    let screen = String::from_utf8(render(&state, "m").stdout).unwrap();
    assert!(screen.contains("unread · 75 measures"), "{screen}");
    let screen = String::from_utf8(render(&state, "mm").stdout).unwrap();
    assert!(screen.contains("flagged · 2 measures"), "{screen}");
    let screen = String::from_utf8(render(&state, "mmm").stdout).unwrap();
    assert!(!screen.contains("flagged ·") && !screen.contains("unread ·"), "{screen}");
    // In the unread view, reading a measure takes it out of the list.
    let screen = String::from_utf8(render(&state, "m:4<Enter>r").stdout).unwrap();
    assert!(screen.contains("unread · 74 measures"), "{screen}");
}

#[test]
fn a_damaged_file_is_moved_aside_kept_and_reported() {
    let (dir, state) = temp_state();
    std::fs::create_dir_all(state.parent().unwrap()).unwrap();
    std::fs::write(&state, "{\"version\": 1, \"plans\": {\"株").unwrap();
    let o = render(&state, ":1<Enter>");
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("damaged") && err.contains("marks.json.corrupt-"), "{err}");
    let aside: Vec<_> = std::fs::read_dir(state.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("marks.json.corrupt-"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(std::fs::read_to_string(&aside[0]).unwrap(), "{\"version\": 1, \"plans\": {\"株");
    // The session started clean and saves normally.
    render(&state, ":1<Enter>r");
    assert_eq!(mark(&state, 1)["read"], true);
    drop(dir);
}

#[test]
fn a_newer_file_is_refused_read_only_and_never_overwritten() {
    let (_dir, state) = temp_state();
    std::fs::create_dir_all(state.parent().unwrap()).unwrap();
    let newer = r#"{"version": 2, "plans": {"株县发〔2015〕1号": {"1": {"read": true}}}, "new": 1}"#;
    std::fs::write(&state, newer).unwrap();
    let o = render(&state, ":1<Enter>f");
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("version 2") && err.contains("read-only"), "{err}");
    assert!(err.contains("unsaved marks follow") && err.contains("\"flagged\": true"), "nothing is lost: {err}");
    assert_eq!(std::fs::read_to_string(&state).unwrap(), newer);
}

#[test]
fn an_unwritable_state_folder_gives_a_clear_message_and_no_crash() {
    // /proc never lets a folder be made, whoever runs the test (root included).
    let state = Path::new("/proc/self/planview-test/marks.json");
    let o = render(state, ":1<Enter>r:2<Enter>f");
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("Marks not saved: cannot create the folder of /proc/self/planview-test/marks.json"), "{err}");
    assert!(err.contains("unsaved marks follow") && err.contains("\"read\": true"), "{err}");
    // The browser still drew its screen.
    assert!(String::from_utf8(o.stdout).unwrap().contains("measure 2/77"));
}

/// Two processes saving at the same moment, many times: no change is lost.
#[test]
fn two_processes_saving_at_once_lose_nothing() {
    let (_dir, state) = temp_state();
    let spawn = |keys: String| {
        planview()
            .args(["render", "--width", "80", "--height", "24", "--keys", &keys])
            .arg("--state")
            .arg(&state)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    for round in 0..38u32 {
        let (a, b) = (2 * round + 1, 2 * round + 2);
        let first = spawn(format!(":{a}<Enter>r"));
        let second = spawn(format!(":{b}<Enter>f:{a}<Enter>e{round}<Esc>"));
        for child in [first, second] {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        }
    }
    for round in 0..38u32 {
        let (a, b) = (2 * round + 1, 2 * round + 2);
        assert_eq!(mark(&state, a)["read"], true, "measure {a}");
        assert_eq!(mark(&state, a)["note"], round.to_string(), "measure {a}");
        assert_eq!(mark(&state, b)["flagged"], true, "measure {b}");
    }
}

/// Killing a saving process at random moments never leaves a half-written file.
#[test]
fn sigkill_at_random_moments_never_leaves_a_half_written_file() {
    let (_dir, state) = temp_state();
    // Many changes, each saved: r toggles measure 1 over and over.
    let keys = format!(":1<Enter>{}", "r".repeat(150));
    // One run to the end tells how long a run takes here; kills then land anywhere in it.
    let started = std::time::Instant::now();
    let full = render(&state, &keys);
    assert!(full.status.success());
    let span = started.elapsed().as_micros() as u64;
    let mut seed: u64 = 0x5eed;
    let mut saw_file = 0;
    for _ in 0..20 {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let delay = Duration::from_micros(span / 20 + (seed >> 33) % span);
        let mut child = planview()
            .args(["render", "--width", "80", "--height", "24", "--keys", &keys])
            .arg("--state")
            .arg(&state)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = Command::new("kill").args(["-KILL", &child.id().to_string()]).status();
        let _ = child.wait();
        if state.exists() {
            saw_file += 1;
            let bytes = std::fs::read(&state).unwrap();
            assert!(
                matches!(MarksFile::parse(&bytes), Parsed::Ok(_)),
                "a killed save left a broken file: {}",
                String::from_utf8_lossy(&bytes)
            );
            let mut store = Store::open(state.clone());
            assert!(store.take_notices().is_empty());
        }
    }
    assert!(saw_file > 0, "some runs got far enough to save");
}

#[test]
fn export_includes_and_filters_by_marks() {
    let (_dir, state) = temp_state();
    render(&state, ":12<Enter>rf:30<Enter>r:7<Enter>e备注：下周讨论<Esc>");
    let export = |args: &[&str]| -> String {
        let o = planview().arg("export").args(args).arg("--state").arg(&state).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let json: Value = serde_json::from_str(&export(&["--format", "json"])).unwrap();
    let measures: Vec<&Value> = json["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["sections"].as_array().unwrap().iter().flat_map(|s| s["measures"].as_array().unwrap()))
        .collect();
    let m12 = measures.iter().find(|m| m["number"] == 12).unwrap();
    assert_eq!(
        (m12["read"].clone(), m12["flagged"].clone(), m12["note"].clone()),
        (true.into(), true.into(), "".into())
    );
    let m7 = measures.iter().find(|m| m["number"] == 7).unwrap();
    assert_eq!(m7["note"], "备注：下周讨论");
    assert_eq!(m7["read"], false);

    let md = export(&["--format", "md", "--marked", "read"]);
    let rows: Vec<&str> =
        md.lines().filter(|l| l.starts_with("| 12 ") || l.starts_with("| 30 ") || l.starts_with("| 7 ")).collect();
    assert_eq!(rows.len(), 2, "{md}");
    assert!(md.contains("| 已读 | 关注 | 办结 | 备注 | 剩余天数 |"));
    let csv = export(&["--format", "csv", "--marked", "flagged"]);
    let records: Vec<csv::StringRecord> =
        csv::Reader::from_reader(csv.as_bytes()).records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 1);
    assert_eq!(&records[0][3], "12");
    let unread = export(&["--format", "csv", "--marked", "unread"]);
    assert_eq!(csv::Reader::from_reader(unread.as_bytes()).records().count(), 75);
    let notes = export(&["--format", "csv"]);
    assert!(notes.contains("备注：下周讨论"));
    // Export never writes the marks file.
    let before = std::fs::read(&state).unwrap();
    export(&["--format", "json", "--marked", "read"]);
    assert_eq!(std::fs::read(&state).unwrap(), before);
}

/// Another process holding the lock (`flock marks.json.lock sleep 60`) never hangs a save:
/// `render` gives up after a few seconds, keeps nothing back (the unsaved marks are printed,
/// the lock file named) and says so with a non-zero exit.
#[test]
fn a_held_lock_delays_a_save_by_seconds_at_most() {
    let (_dir, state) = temp_state();
    std::fs::create_dir_all(state.parent().unwrap()).unwrap();
    let lock = std::fs::File::create(state.with_file_name("marks.json.lock")).unwrap();
    lock.lock().unwrap();
    let started = std::time::Instant::now();
    let out = render(&state, ":3<Enter>r");
    let took = started.elapsed();
    assert!(took < Duration::from_secs(10), "took {took:?}");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("locked by another planview") && stderr.contains("marks.json.lock"), "{stderr}");
    assert!(stderr.contains("\"read\": true"), "the unsaved marks are printed: {stderr}");
    drop(lock);
    let out = render(&state, ":3<Enter>r");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(mark(&state, 3)["read"], true);
}

/// `render` without `--state` (or `PLANVIEW_STATE`) keeps its marks in memory: replaying
/// keys never writes into the user's own marks file.
#[test]
fn render_without_a_state_file_writes_none() {
    let home = tempfile::tempdir().unwrap();
    let out = planview()
        .args(["render", "--keys", ":3<Enter>re备注<Esc>"])
        .env_remove("PLANVIEW_STATE")
        .env("HOME", home.path())
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let written: Vec<_> =
        walkdir::WalkDir::new(home.path()).into_iter().flatten().filter(|e| e.file_type().is_file()).collect();
    assert!(written.is_empty(), "{written:?}");
}

/// Two planviews on one marks file: A saves a note on measure 9 while B, opened earlier,
/// is writing its own there. B's save keeps A's text, then its own, and says so; B's other
/// views take in A's marks from the file.
#[test]
fn a_stale_editor_never_loses_a_colleagues_note() {
    use planview::app::key::Key;
    use planview::app::{App, Options};
    let (_dir, state) = temp_state();
    let type_keys = |app: &mut App, notation: &str| {
        for key in Key::parse_sequence(notation).unwrap() {
            let effects = app.handle_key(key.to_event());
            app.carry_out(effects);
        }
    };
    let options = Options { color: false, mouse: false, ..Options::default() };
    let mut b = App::new(planview::library::Library::open(&[]), 120, 40, options, Store::open(state.clone()));
    type_keys(&mut b, ":9<Enter>eB 的意见");
    let mut a = Store::open(state.clone());
    a.update(PLAN, "9", |m| m.note = "A 的意见".into());
    a.update(PLAN, "12", |m| m.read = true);
    a.save().unwrap();
    type_keys(&mut b, "，补充<Esc>");
    let note = mark(&state, 9)["note"].as_str().unwrap().to_string();
    assert_eq!(note, format!("A 的意见{}B 的意见，补充", planview::marks::NOTE_SEPARATOR));
    let told = b.message.as_ref().map(|m| m.text.clone()).unwrap_or_default();
    assert!(told.contains("both texts are kept"), "{told}");
    assert_eq!(mark(&state, 12)["read"], true, "A's other mark is kept");
    // B shows A's mark on measure 12 once it has read the file again.
    b.tick();
    assert!(b.marks.get(PLAN, "12").is_some_and(|m| m.read));
    assert!(b.finish().is_none(), "everything is saved");
}

/// The temporary file is made safely: a symlink planted where the old code wrote
/// (`.marks.json.tmp-<pid>`) is not followed, and leftovers of killed writers are removed.
#[test]
fn a_planted_symlink_is_not_followed_and_leftovers_go() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("marks.json");
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    std::os::unix::fs::symlink(&victim, dir.path().join(format!(".marks.json.tmp-{}", std::process::id()))).unwrap();
    for leftover in [".marks.json.tmp-99999", ".marks.json.x1Y2z3.tmp"] {
        std::fs::write(dir.path().join(leftover), vec![b'x'; 1 << 20]).unwrap();
    }
    let mut store = Store::open(state.clone());
    store.update(PLAN, "1", |m| m.read = true);
    store.save().unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    let mut names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["marks.json", "marks.json.lock", "victim.txt"]);
}

/// A new marks file is private (0600); an existing one keeps its mode; a symlinked one is
/// written through to its target; a read-only one is left as it is, and planview says so.
#[test]
fn permissions_and_links_are_kept() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("marks.json");
    render(&state, ":1<Enter>r");
    assert_eq!(mode(&state), 0o600, "notes are nobody else's business");
    assert_eq!(mode(&dir.path().join("marks.json.lock")), 0o600);
    std::fs::set_permissions(&state, std::fs::Permissions::from_mode(0o640)).unwrap();
    render(&state, ":2<Enter>r");
    assert_eq!(mode(&state), 0o640);
    // Through a symlink (dotfiles kept in a repository).
    let real = dir.path().join("real.json");
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let out = render(&link, ":3<Enter>r");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "still a link");
    assert_eq!(mark(&real, 3)["read"], true);
    // Read-only: never replaced.
    std::fs::set_permissions(&state, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&state).unwrap();
    let out = render(&state, ":4<Enter>r");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("read-only; it was not overwritten"), "{stderr}");
    assert_eq!(std::fs::read(&state).unwrap(), before);
    assert_eq!(mode(&state), 0o444);
}

/// Versions planview never wrote (0, 2.0, "1", a number past any version) make the file
/// read-only rather than being taken for damage and replaced; a BOM is no damage; a FIFO
/// or a device named as the marks file is refused at once, not read forever.
#[test]
fn odd_marks_files_are_refused_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    for version in ["0", "2.0", "\"1\"", "184467440737095516160"] {
        let state = dir.path().join("odd.json");
        let text = format!(r#"{{"version": {version}, "plans": {{"{PLAN}": {{"5": {{"read": true}}}}}}}}"#);
        std::fs::write(&state, &text).unwrap();
        let out = render(&state, ":1<Enter>r");
        assert_eq!(out.status.code(), Some(1), "{version}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("which planview never writes; marks are read-only"), "{version}: {stderr}");
        assert_eq!(std::fs::read_to_string(&state).unwrap(), text, "{version}: untouched");
    }
    let state = dir.path().join("bom.json");
    std::fs::write(
        &state,
        format!("\u{feff}{{\"version\": 1, \"plans\": {{\"{PLAN}\": {{\"5\": {{\"read\": true}}}}}}}}"),
    )
    .unwrap();
    let out = render(&state, ":1<Enter>r");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(mark(&state, 5)["read"], true);
    assert_eq!(mark(&state, 1)["read"], true);
    let fifo = dir.path().join("marks.fifo");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    for special in [fifo.as_path(), Path::new("/dev/zero")] {
        let started = std::time::Instant::now();
        let out = render(special, ":1<Enter>r");
        assert!(started.elapsed() < Duration::from_secs(20), "{special:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("not a regular file"), "{special:?}: {stderr}");
    }
}

fn marks_command(state: &Path, args: &[&str]) -> Output {
    planview().arg("--state").arg(state).arg("marks").args(args).env("NO_COLOR", "1").output().expect("runs")
}

#[test]
fn a_colleagues_marks_are_merged_in_and_shown() {
    let (_dir, mine) = temp_state();
    let theirs = mine.with_file_name("colleague.json");
    // Mine: 9 read and flagged, a note on 20. Theirs, later: 12 read, another note on 20.
    assert!(render(&mine, ":9<Enter>rf:20<Enter>e我的意见<Esc>").status.success());
    assert!(render(&theirs, ":12<Enter>r:20<Enter>e同事：已办结<Esc>").status.success());

    let shown = marks_command(&mine, &["show"]);
    let text = String::from_utf8(shown.stdout).unwrap();
    assert!(shown.status.success());
    assert!(text.starts_with(&format!("{PLAN}\n  9      read flagged")), "{text}");
    assert!(text.contains("│ 我的意见") && !text.contains("12 "), "{text}");

    // A dry run says what would change and writes nothing.
    let before = std::fs::read(&mine).unwrap();
    let dry = marks_command(&mine, &["merge", "--dry-run"]).status;
    assert!(!dry.success(), "merge needs a FILE");
    let dry = marks_command(&mine, &["merge", "--dry-run", theirs.to_str().unwrap()]);
    let text = String::from_utf8(dry.stdout).unwrap();
    assert!(text.contains(&format!("{PLAN} · 12: read")), "{text}");
    assert!(text.contains(&format!("{PLAN} · 20: notes kept together")), "{text}");
    assert!(text.contains("\n2 measures would change in ") && text.ends_with("marks.json\n"), "{text}");
    assert_eq!(std::fs::read(&mine).unwrap(), before);

    let merged = marks_command(&mine, &["merge", theirs.to_str().unwrap()]);
    assert!(merged.status.success(), "{}", String::from_utf8_lossy(&merged.stderr));
    assert_eq!(mark(&mine, 12)["read"], true);
    assert_eq!(mark(&mine, 9)["flagged"], true, "a measure only I marked keeps my mark");
    assert_eq!(mark(&mine, 20)["note"], format!("同事：已办结{}我的意见", planview::marks::NOTE_SEPARATOR));
    // The colleague's file is only read.
    assert_eq!(mark(&theirs, 9), Value::Null);

    // Merging again takes nothing more; the JSON listing is the file, which merge takes in.
    let again = String::from_utf8(marks_command(&mine, &["merge", theirs.to_str().unwrap()]).stdout).unwrap();
    assert!(again.starts_with("nothing to take in"), "{again}");
    let json = marks_command(&mine, &["show", "--json"]);
    let shown: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(shown, marks(&mine));

    // Bad input: a missing file, the marks file itself, a damaged or newer file: one line on
    // stderr naming the file, exit 2, and the marks file untouched.
    let before = std::fs::read(&mine).unwrap();
    let damaged = mine.with_file_name("damaged.json");
    std::fs::write(&damaged, "{\"version\": 1, \"plans\": {").unwrap();
    let newer = mine.with_file_name("newer.json");
    std::fs::write(&newer, r#"{"version": 9, "plans": {}}"#).unwrap();
    for (file, says) in [
        (mine.with_file_name("missing.json"), "missing.json: no such file"),
        (mine.clone(), "is the marks file itself"),
        (damaged, "damaged.json: damaged marks file"),
        (newer, "newer.json: The marks file is version 9"),
    ] {
        let o = marks_command(&mine, &["merge", file.to_str().unwrap()]);
        let stderr = String::from_utf8(o.stderr).unwrap();
        assert_eq!(o.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(says) && stderr.lines().count() == 1, "{stderr}");
    }
    assert_eq!(std::fs::read(&mine).unwrap(), before);
}

#[test]
fn marks_show_cleans_what_it_prints_and_handles_an_empty_file() {
    let (_dir, state) = temp_state();
    let empty = String::from_utf8(marks_command(&state, &["show"]).stdout).unwrap();
    assert!(empty.starts_with("no marks in "), "{empty}");
    assert!(!state.exists(), "show never creates the file");
    std::fs::create_dir_all(state.parent().unwrap()).unwrap();
    let hostile =
        r#"{"version": 1, "plans": {"x\u001b]2;PWNED\u0007": {"1": {"read": true, "note": "a\u001b[2Jb\u202e"}}}}"#;
    std::fs::write(&state, hostile).unwrap();
    let o = marks_command(&state, &["show"]);
    assert!(!o.stdout.contains(&0x1b) && !String::from_utf8_lossy(&o.stdout).contains('\u{202e}'));
    let json = marks_command(&state, &["show", "--json"]);
    assert!(!json.stdout.contains(&0x1b));
    let back: Value = serde_json::from_slice(&json.stdout).unwrap();
    // Plan ids are kept as they are (as \u escapes, so they still match the plan); notes are
    // cleaned when the file is read, as when they are typed.
    assert_eq!(back["plans"]["x\u{1b}]2;PWNED\u{7}"]["1"]["note"], "ab");
    assert!(String::from_utf8(o.stdout).unwrap().contains("│ ab\n"));
}
