//! End to end: the binary built for the tests (the release binary under
//! `cargo test --release`) in a real tmux, typed at with real keystrokes, Chinese included,
//! and read back with capture-pane. `.ci/run` installs tmux.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use unicode_width::UnicodeWidthStr;

/// A tmux server of our own (its own socket) running one session.
struct Tmux {
    socket: String,
    _dir: tempfile::TempDir,
}

impl Tmux {
    /// Starts `planview ARGS` in a shell inside a `width` x `height` tmux session; the shell
    /// prints the exit code afterwards so tests can see how it ended.
    fn start(name: &str, width: u16, height: u16, args: &str) -> Tmux {
        Tmux::start_with(name, width, height, "", args)
    }

    /// As [`Tmux::start`], with `ENV` assignments (`NAME=value …`) before the command.
    fn start_with(name: &str, width: u16, height: u16, env: &str, args: &str) -> Tmux {
        let dir = tempfile::tempdir().unwrap();
        let socket = format!("planview-test-{}-{name}", std::process::id());
        let binary = env!("CARGO_BIN_EXE_planview");
        let state = dir.path().join("marks.json");
        let script = format!(
            "PLANVIEW_STATE='{}' XDG_CONFIG_HOME='{}' XDG_CACHE_HOME='{}' PLANVIEW_CACHE='{}/planview' RUST_BACKTRACE=0 LC_ALL=en_US.UTF-8 {env} '{binary}' {args}; echo \"EXIT=$?\"; sleep 60",
            state.display(),
            dir.path().display(),
            dir.path().display(),
            dir.path().display()
        );
        let status = Command::new("tmux")
            .args(["-L", &socket, "-u", "-f", "/dev/null", "new-session", "-d", "-s", "t"])
            .args(["-x", &width.to_string(), "-y", &height.to_string()])
            .args(["sh", "-c", &script])
            .env("LANG", "C.UTF-8")
            .env("LC_ALL", "C.UTF-8")
            .env_remove("TMUX")
            .env_remove("PLANVIEW_CONFIG")
            .status()
            .expect("tmux is installed (.ci/run installs it)");
        assert!(status.success(), "tmux started");
        Tmux { socket, _dir: dir }
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux").args(["-L", &self.socket]).args(args).output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Sends tmux key names (Enter, Escape, C-o …).
    fn keys(&self, keys: &[&str]) {
        self.tmux(&[&["send-keys", "-t", "t"], keys].concat());
    }

    /// Types text literally, Chinese included.
    fn type_text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "t", "-l", text]);
    }

    fn capture(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-N", "-t", "t"])
    }

    /// Waits until the screen shows `needle`; returns the screen.
    fn wait_for(&self, needle: &str) -> String {
        self.wait_for_all(&[needle])
    }

    /// Waits until the screen shows every needle (a frame may be captured half drawn, so
    /// wait for everything a check needs); returns the screen.
    fn wait_for_all(&self, needles: &[&str]) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen = self.capture();
            if needles.iter().all(|n| screen.contains(n)) {
                return screen;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {needles:?}; screen:\n{screen}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits for the browser's first frame; returns the screen.
    fn ready(&self) -> String {
        self.wait_for_all(&["contents", "? help"])
    }

    /// Jumps to measure `number` of the seed plan and waits until it is shown.
    fn jump(&self, number: u32) {
        self.type_text(&format!(":{number}"));
        self.keys(&["Enter"]);
        self.wait_for(&format!("measure {number}/77"));
    }

    fn pid(&self) -> String {
        self.tmux(&["list-panes", "-t", "t", "-F", "#{pane_pid}"]).trim().to_string()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux").args(["-L", &self.socket, "kill-server"]).status();
    }
}

/// No row is wider than the terminal, and every row that ends in a pane border ends exactly
/// at the last column: the borders line up with wide characters on the row. (Cells the
/// program never wrote at the end of a row are not captured, so only border rows can be
/// held to the full width.)
fn assert_rows_fill(screen: &str, width: usize) {
    let mut bordered = 0;
    for (y, row) in screen.lines().enumerate() {
        assert!(row.width() <= width, "row {y} is {} columns: {row:?}", row.width());
        if row.trim_end().ends_with(['│', '┐', '┘']) {
            assert_eq!(row.trim_end().width(), width, "row {y} is {} columns: {row:?}", row.width());
            bordered += 1;
        }
    }
    assert!(bordered > 0, "the screen has panes:\n{screen}");
}

#[test]
fn browse_jump_and_search_in_chinese_at_120x40() {
    let t = Tmux::start("wide", 120, 40, "");
    let screen = t.ready();
    assert!(screen.contains("关于全面推进法治渌湘建设的实施意见"));
    assert_rows_fill(&screen, 120);
    t.type_text(":1");
    t.keys(&["Enter"]);
    t.wait_for_all(&["measure 1/77", "lead 县人大常委会办公室"]);
    t.type_text(":55");
    t.keys(&["Enter"]);
    t.wait_for_all(&["measure 55/77", "lead 县综治办"]);
    // Chinese typed into the search narrows the tree as it goes.
    t.type_text("/律师");
    t.wait_for_all(&["/律师 · 7 measures", "67 加强律师队伍建设和管理"]);
    t.keys(&["Enter"]);
    let screen = t.wait_for_all(&["hit 1/7", "9 建立政府法律顾问制度", "? help"]);
    assert_rows_fill(&screen, 120);
    // Chinese and pinyin searches narrow to measure 1.
    t.keys(&["Escape"]);
    t.type_text("/宪法宣誓");
    let screen = t.wait_for_all(&["/宪法宣誓 · 1 measure", "1 加强宪法实施"]);
    assert!(!screen.contains("2 落实规范性文件备案审查"), "{screen}");
    t.keys(&["Escape"]);
    t.type_text("/xfxs");
    t.wait_for_all(&["/xfxs · 1 measure", "1 加强宪法实施"]);
    t.keys(&["Enter"]);
    // The unit picker, typed in pinyin, lead only.
    t.keys(&["Escape"]);
    t.type_text("usfj");
    t.wait_for_all(&["filter by unit", "县司法局"]);
    t.keys(&["Tab", "Enter"]);
    let screen = t.wait_for_all(&["县司法局 · lead · 8 measures", "4 强化宪法宣传教育"]);
    assert_rows_fill(&screen, 120);
    t.keys(&["q"]);
    let screen = t.wait_for("EXIT=0");
    assert!(!screen.contains("contents"), "the alternate screen is gone: {screen}");
}

/// In a Chinese locale the browser speaks Chinese: the titles, the status line and its
/// hints; an input method's 、 searches and ： jumps, as in English.
#[test]
fn a_chinese_locale_gets_the_chinese_interface_at_80x24() {
    let t = Tmux::start_with("chinese", 80, 24, "LC_ALL=zh_CN.UTF-8", "");
    let screen = t.wait_for_all(&["┌ 目录 ", "? 帮助", "已读 0/77"]);
    assert_rows_fill(&screen, 80);
    assert!(!screen.contains("contents") && !screen.contains("help"), "{screen}");
    t.type_text("、宪法");
    t.wait_for("/宪法 · 4条");
    t.keys(&["Enter"]);
    let screen = t.wait_for_all(&["第1条（共77条） · 第1处（共4处） · /宪法 · 4条", "? 帮助"]);
    assert_rows_fill(&screen, 80);
    t.keys(&["Escape"]);
    t.type_text("：12");
    t.keys(&["Enter"]);
    let screen = t.wait_for_all(&["┌ 第12条（共77条） ", "  牵头 县编办", "  配合 县政府法制办", "? 帮助"]);
    assert!(screen.lines().last().unwrap().starts_with(" 第12条（共77条）"), "{screen}");
    assert_rows_fill(&screen, 80);
    t.type_text("q");
    t.wait_for("EXIT=0");
}

#[test]
fn small_terminal_resize_and_help_at_80x24() {
    let t = Tmux::start("small", 80, 24, "");
    let screen = t.ready();
    assert_rows_fill(&screen, 80);
    t.type_text("?");
    let screen = t.wait_for_all(&["help · <Esc> close", "first row / top"]);
    assert_rows_fill(&screen, 80);
    t.keys(&["Escape"]);
    t.tmux(&["resize-window", "-t", "t", "-x", "30", "-y", "6"]);
    t.wait_for("Terminal too small");
    t.tmux(&["resize-window", "-t", "t", "-x", "100", "-y", "30"]);
    t.type_text(":12");
    t.keys(&["Enter"]);
    let screen = t.wait_for_all(&["measure 12/77", "lead 县编办", "? help"]);
    assert_rows_fill(&screen, 100);
    t.keys(&["C-c"]);
    t.wait_for("EXIT=0");
}

/// Closing the terminal under planview (no chance to quit) ends it promptly with its marks
/// saved, instead of leaving it spinning on a dead terminal.
#[test]
fn a_closed_terminal_ends_planview_and_keeps_its_marks() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("hangup-marks.json");
    let t = Tmux::start("hangup", 100, 30, &format!("--state '{}'", state.display()));
    t.ready();
    t.jump(3);
    t.type_text("r");
    t.wait_for("1/77 read");
    t.tmux(&["kill-server"]);
    let deadline = Instant::now() + Duration::from_secs(10);
    let pattern = state.display().to_string();
    loop {
        let running = Command::new("pgrep").args(["-f", &pattern]).output().unwrap();
        if running.stdout.is_empty() {
            break;
        }
        assert!(Instant::now() < deadline, "planview still runs after its terminal closed");
        std::thread::sleep(Duration::from_millis(100));
    }
    let marks: serde_json::Value = serde_json::from_slice(&std::fs::read(&state).unwrap()).unwrap();
    assert_eq!(marks["plans"]["株县发〔2015〕1号"]["3"]["read"], true);
}

/// SIGTERM, SIGHUP and SIGINT (sent by another process, not typed) each save the marks,
/// restore the terminal and exit with 128 + the signal's number.
#[test]
fn signals_save_the_marks_and_restore_the_terminal() {
    for (signal, code) in [("TERM", 143), ("HUP", 129), ("INT", 130)] {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("signal-marks.json");
        let t = Tmux::start(&format!("signal-{signal}"), 100, 30, &format!("--state '{}'", state.display()));
        t.ready();
        t.jump(3);
        t.type_text("r");
        t.wait_for("1/77 read");
        // A note still in the editor is flushed too.
        t.type_text("e");
        t.type_text("信号前的备注");
        t.wait_for("信号前的备注");
        // The pane runs `sh -c`; planview is its child.
        let shell = t.pid();
        let out = Command::new("pkill").args([&format!("-{signal}"), "-P", &shell, "planview"]).status().unwrap();
        assert!(out.success(), "planview was running");
        let screen = t.wait_for(&format!("EXIT={code}"));
        assert!(!screen.contains("contents"), "SIG{signal} left the alternate screen:\n{screen}");
        let marks: serde_json::Value = serde_json::from_slice(&std::fs::read(&state).unwrap()).unwrap();
        assert_eq!(marks["plans"]["株县发〔2015〕1号"]["3"]["read"], true, "SIG{signal}");
        assert_eq!(marks["plans"]["株县发〔2015〕1号"]["3"]["note"], "信号前的备注", "SIG{signal}");
    }
}

/// A bug that panics in the browser: the terminal is restored, the marks made up to it are
/// saved, and the exit code says something went wrong.
#[test]
fn a_panic_in_the_browser_restores_the_terminal_and_keeps_the_marks() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("panic-marks.json");
    let args = format!("--state '{}'", state.display());
    let t = Tmux::start_with("panic", 100, 30, "PLANVIEW_CRASH_TEST=key", &args);
    t.ready();
    t.jump(5);
    t.type_text("f");
    t.wait_for("⚑ flagged");
    // A note being written when the bug strikes is kept too (it is saved on the way out).
    t.type_text("e");
    t.type_text("未完的备注");
    t.wait_for("未完的备注");
    t.type_text("!");
    let screen = t.wait_for("EXIT=101");
    assert!(!screen.contains("contents"), "the alternate screen was left:\n{screen}");
    assert!(screen.contains("crash test: the ! key"), "the panic is reported:\n{screen}");
    assert!(screen.contains("your marks were saved"), "{screen}");
    let marks: serde_json::Value = serde_json::from_slice(&std::fs::read(&state).unwrap()).unwrap();
    assert_eq!(marks["plans"]["株县发〔2015〕1号"]["5"]["flagged"], true);
    assert_eq!(marks["plans"]["株县发〔2015〕1号"]["5"]["note"], "未完的备注");
}

/// The background index build failing costs nothing but its head start: search and the
/// unit filter build what they need when asked, and the failure is reported on exit.
#[test]
fn a_failed_index_build_is_survived() {
    let t = Tmux::start_with("indexes", 100, 30, "PLANVIEW_CRASH_TEST=indexes", "");
    t.ready();
    t.type_text("/");
    t.type_text("律师");
    t.keys(&["Enter"]);
    t.wait_for("7 of 77 measures");
    t.keys(&["Escape"]);
    t.type_text("u");
    t.type_text("司法局");
    t.wait_for("县司法局");
    t.keys(&["Enter"]);
    t.wait_for("40 of 77 measures");
    t.type_text("q");
    let screen = t.wait_for("EXIT=0");
    assert!(screen.contains("the index build fails"), "the failure is reported:\n{screen}");
}

/// A library that takes a while to read: the browser's screen shows how far it has got
/// (files read of files found, a bar) and answers keys meanwhile; then the first plans open
/// and can be browsed while the rest are read, and a search typed then is searched once
/// all are. Quitting while they are read restores the terminal and exits 0; a signal,
/// 128 + it.
#[test]
fn a_slow_library_shows_its_reading_and_can_be_left() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..80 {
        let text = common::seed_text().replace("株县发〔2015〕1号", &format!("株县发〔2015〕{}号", i + 1));
        std::fs::write(dir.path().join(format!("plan-{i:02}.txt")), text).unwrap();
    }
    let folder = format!("'{}'", dir.path().display());
    // 80 files at a tenth of a second each, on two reading threads whatever the machine:
    // the first 16 in 0.8 s, all in 4 s (the keys below have the 3 s between).
    let t = Tmux::start_with("reading", 80, 24, "PLANVIEW_CRASH_TEST=slow-reading RAYON_NUM_THREADS=2", &folder);
    let screen = t.wait_for_all(&["reading plans", "/80", "q quit"]);
    let line = screen.lines().find(|l| l.contains("reading plans")).unwrap();
    let done: usize = line.trim().trim_start_matches("reading plans ").split('/').next().unwrap().parse().unwrap();
    assert!(done < 80, "{screen}");
    assert!(screen.contains('%'), "a bar with its percentage:\n{screen}");
    // The first 16 open while the rest are read, and can be browsed.
    let screen = t.wait_for_all(&["16 plans", "search, filters and marks once all are read"]);
    assert!(screen.contains("株县发〔2015〕1号 ·"), "the first plan shown:\n{screen}");
    t.type_text("j");
    t.wait_for("株县发〔2015〕2号 ·");
    // A search typed meanwhile is searched once all the plans are there.
    t.type_text("/");
    t.type_text("律师");
    let screen = t.wait_for("3 keys typed will act once all are read");
    assert!(!screen.contains("/律师"), "no search yet:\n{screen}");
    t.wait_for_all(&["80 plans", "/律师", "560 of 6160 measures", "560 measures in 80/80 plans"]);
    t.keys(&["Escape"]);
    t.type_text("q");
    t.wait_for("EXIT=0");
    // Left with q from the first plans.
    let t = Tmux::start_with("reading-part", 80, 24, "PLANVIEW_CRASH_TEST=slow-reading RAYON_NUM_THREADS=2", &folder);
    t.wait_for("16 plans");
    t.type_text("q");
    let screen = t.wait_for("EXIT=0");
    assert!(!screen.contains("16 plans"), "the alternate screen was left:\n{screen}");
    // In Chinese, left with q while reading.
    let t = Tmux::start_with(
        "reading-zh",
        80,
        24,
        "LC_ALL=zh_CN.UTF-8 PLANVIEW_CRASH_TEST=slow-reading RAYON_NUM_THREADS=2",
        &folder,
    );
    t.wait_for_all(&["正在读取文件", "/80", "q 退出"]);
    t.type_text("q");
    let screen = t.wait_for("EXIT=0");
    assert!(!screen.contains("正在读取文件"), "the alternate screen was left:\n{screen}");
    // Ended by a signal while reading.
    let t = Tmux::start_with("reading-term", 80, 24, "PLANVIEW_CRASH_TEST=slow-reading RAYON_NUM_THREADS=2", &folder);
    t.wait_for("reading plans");
    let shell = t.pid();
    assert!(Command::new("pkill").args(["-TERM", "-P", &shell, "planview"]).status().unwrap().success());
    let screen = t.wait_for("EXIT=143");
    assert!(!screen.contains("reading plans"), "the alternate screen was left:\n{screen}");
}

/// A plan written to break terminals (escape sequences, controls, a flag, skin tones, a
/// Devanagari conjunct, combining marks, a long paragraph) shows in tmux exactly as
/// `planview render` draws it: no half characters left behind between frames, nothing
/// shifted, nothing executed.
#[test]
fn hostile_text_shows_in_a_real_terminal_as_rendered() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("hostile.txt");
    let text = common::seed_text()
        .replacen("1.加强宪法实施。", "1.加强宪法\x1b]0;owned\x07\x1b[2J实施。响铃\x07退格\x08", 1)
        .replacen("4.", "4.👨‍👩‍👧‍👦 🇨🇳 👍🏽 ☺️ क्षि e\u{301} 表情", 1)
        .replacen("5.完善行政组织制度。", &format!("5.完善行政组织制度。{}", "法治建设长句子，".repeat(4000)), 1);
    std::fs::write(&plan, text).unwrap();
    for (width, height) in [(80, 24), (160, 45)] {
        let t = Tmux::start(&format!("hostile-{width}"), width, height, &format!("'{}'", plan.display()));
        t.ready();
        t.jump(4);
        t.type_text("/");
        t.type_text("长句子");
        t.keys(&["Enter"]);
        let rendered = common::planview()
            .args(["render", "--width", &width.to_string(), "--height", &height.to_string()])
            .args(["--keys", ":4<Enter>/长句子<Enter>"])
            .arg(&plan)
            .env("PLANVIEW_STATE", dir.path().join("render-marks.json"))
            .output()
            .unwrap();
        let expected: Vec<String> =
            String::from_utf8(rendered.stdout).unwrap().lines().map(|l| l.trim_end().to_string()).collect();
        // The frame may be captured half drawn: wait for the whole of it.
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen: Vec<String> = t.capture().lines().map(|l| l.trim_end().to_string()).collect();
            if screen == expected {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "tmux shows\n{}\nrender draws\n{}",
                screen.join("\n"),
                expected.join("\n")
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        assert_rows_fill(&t.capture(), usize::from(width));
    }
}

/// With another process holding the marks' lock, marking stays instant (the status line
/// says the save waits), the change is saved once the lock is let go, and a signal still
/// ends planview within seconds, its unsaved marks printed.
#[test]
fn a_held_lock_never_freezes_the_browser_or_its_signals() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("locked-marks.json");
    let hold = || {
        let file = std::fs::File::create(dir.path().join("locked-marks.json.lock")).unwrap();
        file.lock().unwrap();
        file
    };
    let lock = hold();
    let t = Tmux::start("lock", 100, 30, &format!("--state '{}'", state.display()));
    t.ready();
    t.jump(3);
    t.type_text("r");
    t.wait_for_all(&["1/77 read", "locked by another planview"]);
    t.jump(5);
    drop(lock);
    // The idle retry saves it.
    t.wait_for("Marks saved");
    let marks: serde_json::Value = serde_json::from_slice(&std::fs::read(&state).unwrap()).unwrap();
    assert_eq!(marks["plans"]["株县发〔2015〕1号"]["3"]["read"], true);
    let _lock = hold();
    t.type_text("f");
    t.wait_for("locked by another planview");
    let started = Instant::now();
    let shell = t.pid();
    assert!(Command::new("pkill").args(["-TERM", "-P", &shell, "planview"]).status().unwrap().success());
    let screen = t.wait_for("EXIT=1");
    assert!(started.elapsed() < Duration::from_secs(8), "{:?}", started.elapsed());
    assert!(screen.contains("locked-marks.json.lock") && screen.contains("\"flagged\": true"), "{screen}");
}

/// A key rebound in a config file works in the real terminal, and the hints and the help
/// say so; a bad config file is reported on the status line and planview runs with the
/// defaults.
#[test]
fn a_config_file_rebinds_keys_in_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[keys]\nmark_read = \"x\"\nsearch = [\"/\", \"s\"]\n[ui]\nborders = \"ascii\"\n").unwrap();
    let t = Tmux::start("config", 80, 24, &format!("--config '{}'", config.display()));
    let screen = t.wait_for_all(&["contents", "? help", "x read"]);
    assert!(screen.contains("+ contents"), "ASCII borders:\n{screen}");
    // Nothing on the screen that a terminal drawing ambiguous characters wide would widen.
    for row in screen.lines() {
        assert_eq!(row.width_cjk(), row.width(), "{row}");
    }
    t.type_text(":5");
    t.keys(&["Enter"]);
    t.type_text("x");
    t.wait_for("1/77 read");
    t.type_text("r");
    std::thread::sleep(Duration::from_millis(300));
    assert!(t.capture().contains("1/77 read"), "r is not bound any more");
    t.type_text("s宪法");
    t.keys(&["Enter"]);
    t.wait_for("/宪法");
    // An input method's full-width keys: 、 searches, ： jumps, Chinese typed searches.
    t.keys(&["Escape"]);
    t.type_text("、律师");
    t.keys(&["Enter"]);
    // (With ASCII forced, the status line's · is a full stop too.)
    t.wait_for("/律师 . 7 measures");
    t.keys(&["Escape"]);
    t.type_text("：十二");
    t.keys(&["Enter"]);
    t.wait_for("measure 12/77");
    t.type_text("公职律师");
    t.wait_for("/公职律师");
    t.keys(&["Enter", "Escape"]);
    t.type_text("?");
    let help = t.wait_for("mark read / unread");
    assert!(help.lines().any(|l| l.contains("  x ") && l.contains("mark read / unread")), "{help}");
    t.keys(&["Escape"]);
    t.type_text("q");
    t.wait_for("EXIT=0");

    std::fs::write(&config, "[keys]\nmark_read = \"<Nope>\"\n").unwrap();
    let t = Tmux::start("badconfig", 100, 24, &format!("--config '{}'", config.display()));
    let screen = t.wait_for("started with the defaults");
    assert!(screen.contains("config.toml:2: [keys] mark_read: unknown key <Nope>"), "{screen}");
    t.type_text(":5");
    t.keys(&["Enter"]);
    t.type_text("r");
    t.wait_for("1/77 read");
    t.type_text("q");
    let end = t.wait_for("EXIT=0");
    assert!(end.contains("mark_read: unknown key <Nope>"), "listed on stderr at the end:\n{end}");
}

/// The due view and the done mark in a real terminal at 80x24, in Chinese and in English:
/// the seed with deadlines added, the day fixed.
#[test]
fn the_due_view_at_80x24_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let text = common::seed_with_deadlines(&[("4", "2025年6月底前"), ("12", "2025年3月底前"), ("45", "长期坚持")]);
    let plan = dir.path().join("plan.txt");
    std::fs::write(&plan, text).unwrap();
    let args = format!("--today 2025-09-30 '{}'", plan.display());

    let t = Tmux::start_with("due-zh", 80, 24, "LC_ALL=zh_CN.UTF-8", &args);
    let screen = t.wait_for_all(&["┌ 目录 ", "逾期 2", "d 到期"]);
    assert_rows_fill(&screen, 80);
    t.type_text("d");
    let screen = t.wait_for_all(&["到期任务 · 30 天内到期（含逾期） · 2条", "逾期 183 天", "逾期 92 天"]);
    assert_rows_fill(&screen, 80);
    // Enter jumps to the first (measure 12); x marks it done: one overdue left.
    t.keys(&["Enter"]);
    t.wait_for("第12条（共77条）");
    t.type_text("x");
    let screen = t.wait_for_all(&["✔ 已办结", "已办结 1", "逾期 1"]);
    assert_rows_fill(&screen, 80);
    t.type_text("q");
    t.wait_for("EXIT=0");

    let t = Tmux::start_with("due-en", 80, 24, "", &args);
    t.wait_for_all(&["contents", "2 overdue"]);
    // From 30 days: 90, then all.
    t.type_text("dtt");
    let screen = t.wait_for_all(&["due · all · 3", "183 days overdue", "no date (1)"]);
    assert_rows_fill(&screen, 80);
    t.keys(&["Escape"]);
    t.type_text("q");
    t.wait_for("EXIT=0");
}
