//! The due view and the done mark in the browser (TestBackend, the real seed with deadlines
//! added and the real parser): the list and its order, the windows, the unit filter and the
//! search narrowing it, Enter jumping, `x` taking a measure off the list, the title bar's
//! counts, in English and in Chinese.

mod common;

use jiff::civil::Date;
use planview::app::node::Node;
use planview::app::{App, ModeKind, Options};
use planview::i18n::{Lang, scoped};
use planview::library::{Library, MeasureId};
use planview::plan::load_bytes;
use planview::render::{replay, screen_text};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

/// The seed with a deadline line after measures 4, 12, 30, 45 (undated) and 60.
fn library() -> Library {
    let deadlines = [
        ("4", "2025年6月底前"),
        ("12", "2025年3月底前"),
        ("30", "2025年12月底前"),
        ("45", "长期坚持"),
        ("60", "2025年9月30日前"),
    ];
    let text = common::seed_with_deadlines(&deadlines);
    Library::from_plans(vec![load_bytes(text.as_bytes(), "plan.txt").unwrap()], Vec::new())
}

fn options() -> Options {
    Options { color: false, today: Date::new(2025, 9, 30).unwrap(), ..Options::default() }
}

fn screen(keys: &str, width: u16, height: u16) -> (App, String) {
    let (app, buffer) = replay(library(), width, height, keys, options()).unwrap();
    (app, screen_text(&buffer))
}

/// The measure numbers the due view lists, top to bottom (its rows start with a date or,
/// for the undated, blanks, then the days and the number).
fn listed(app: &App) -> Vec<String> {
    let planview::app::Mode::Due(view) = &app.mode else { panic!("the due view is open") };
    view.items.iter().map(|i| app.library.measure(i.id).id.to_string()).collect()
}

#[test]
fn the_due_view_lists_by_date_within_its_window() {
    let _en = scoped(Lang::En);
    let (app, text) = screen("d", 80, 24);
    assert_eq!(app.mode.kind(), ModeKind::Due);
    // Within 30 days at first: the overdue, then today's.
    assert_eq!(listed(&app), ["12", "4", "60"]);
    assert!(text.contains("┌ due · due within 30 days (overdue too) · 3 "), "{text}");
    let rows: Vec<&str> = text.lines().collect();
    assert!(rows[3].contains("2025-03-31  183 days overdue  12"), "{text}");
    assert!(rows[5].contains("2025-09-30  due today"), "{text}");
    // The window: 90 days, all (the undated under their heading), overdue, 7 days.
    let (app, text) = screen("dtt", 80, 24);
    assert_eq!(listed(&app), ["12", "4", "60", "30", "45"]);
    assert!(text.contains("no date (1)"), "{text}");
    let (app, _) = screen("dttt", 80, 24);
    assert_eq!(listed(&app), ["12", "4"]);
    // The title bar: overdue across the library.
    assert!(text.lines().next().unwrap().contains("2 overdue"), "{text}");
}

#[test]
fn enter_jumps_and_done_takes_a_measure_off() {
    let _en = scoped(Lang::En);
    let (app, text) = screen("dj<Enter>", 80, 24);
    assert_eq!(app.mode.kind(), ModeKind::Browse);
    let four = app.library.plan(0).measure_index("4").unwrap() as u32;
    assert_eq!(app.selected(), Some(Node::Measure(MeasureId { plan: 0, index: four })));
    assert!(text.contains("measure 4/77"), "{text}");
    // x marks it done: the detail pane says so, the title bar counts it, the list drops it.
    let (_, text) = screen("dj<Enter>x", 80, 24);
    assert!(text.contains("✔ done"), "{text}");
    let title = text.lines().next().unwrap();
    assert!(title.contains("1 done") && title.contains("1 overdue"), "{title}");
    let (app, _) = screen("dj<Enter>xd", 80, 24);
    assert_eq!(listed(&app), ["12", "60"]);
    // x again: not done, listed again.
    let (app, _) = screen("dj<Enter>xxd", 80, 24);
    assert_eq!(listed(&app), ["12", "4", "60"]);
}

#[test]
fn the_filters_narrow_the_due_view() {
    let _en = scoped(Lang::En);
    // 县司法局's measures: it leads 4 and 60 and is a partner in 45 (`planview units`).
    let (mut app, _) = screen("", 80, 24);
    app.filter_by_unit("县司法局", false);
    for key in ['d', 't', 't'] {
        let _ = app.handle_key(KeyEvent::from(KeyCode::Char(key)));
    }
    assert_eq!(listed(&app), ["4", "60", "45"]);
    // A search: only what it finds.
    let (app, _) = screen("/宪法<Enter>d", 80, 24);
    assert_eq!(listed(&app), ["4"]);
}

#[test]
fn in_chinese_every_row_lines_up() {
    let _zh = scoped(Lang::Zh);
    for (width, height) in [(80, 24), (140, 50)] {
        let (_, text) = screen("dtt", width, height);
        assert!(text.contains("到期任务 · 全部 · 5条"), "{text}");
        assert!(text.contains("逾期 183 天") && text.contains("今天到期") && text.contains("还剩 92 天"), "{text}");
        assert!(text.contains("无具体日期（1条）"), "{text}");
        use unicode_width::UnicodeWidthStr;
        // No row is wider than the screen; the rows of the view end at its last column.
        for line in text.lines() {
            assert!(line.width() <= usize::from(width), "{line}");
            if line.ends_with(['│', '┐', '┘']) {
                assert_eq!(line.width(), usize::from(width), "{line}");
            }
        }
        // The dates and the days start in the same column on every row.
        let rows: Vec<&str> = text.lines().filter(|l| l.contains("2025-")).collect();
        let at = |l: &str| l[..l.find("2025-").unwrap()].width();
        assert!(rows.windows(2).all(|w| at(w[0]) == at(w[1])), "{text}");
    }
    let (_, text) = screen("dttt", 80, 24);
    assert!(text.lines().next().unwrap().contains("逾期 2"), "{text}");
}
