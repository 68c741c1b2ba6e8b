//! The browser driven by keys on ratatui's TestBackend, through the same keymap, update and
//! draw code as the interactive program: snapshots, layout invariants and behaviour.

mod common;

use planview::app::node::Node;
use planview::app::{App, Options};
use planview::library::Library;
use planview::render::{replay, rows, screen_text};
use ratatui::crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use unicode_width::UnicodeWidthStr;

fn plain() -> Options {
    Options { color: false, mouse: true, ..Options::default() }
}

fn screen(keys: &str, width: u16, height: u16) -> String {
    let (_, buffer) = replay(Library::open(&[]), width, height, keys, plain()).unwrap();
    screen_text(&buffer)
}

fn app(keys: &str, width: u16, height: u16) -> App {
    replay(Library::open(&[]), width, height, keys, plain()).unwrap().0
}

fn detail_text(app: &App) -> String {
    app.detail.lines.iter().map(|l| l.text() + "\n").collect()
}

fn selected_number(app: &App) -> Option<u32> {
    app.selected().and_then(Node::measure).map(|id| app.library.measure(id).number.unwrap())
}

#[test]
fn snapshots_at_80x24() {
    insta::assert_snapshot!("start_80x24", screen("", 80, 24));
    insta::assert_snapshot!("measure_1_80x24", screen(":1<Enter>", 80, 24));
    insta::assert_snapshot!("measure_55_80x24", screen(":55<Enter>", 80, 24));
    insta::assert_snapshot!("chapter_1_80x24", screen("j", 80, 24));
    insta::assert_snapshot!("help_80x24", screen("?", 80, 24));
}

#[test]
fn snapshots_at_140x50() {
    insta::assert_snapshot!("start_140x50", screen("", 140, 50));
    insta::assert_snapshot!("measure_12_140x50", screen(":12<Enter>", 140, 50));
    insta::assert_snapshot!("section_140x50", screen(":12<Enter>h", 140, 50));
    insta::assert_snapshot!("plan_140x50", screen("g", 140, 50));
}

#[test]
fn jump_shows_the_measure_with_its_lead_unit() {
    let a = app(":1<Enter>", 120, 40);
    assert_eq!(selected_number(&a), Some(1));
    let text = detail_text(&a);
    assert!(text.starts_with("1 加强宪法实施"), "{text}");
    assert!(text.contains("  lead 县人大常委会办公室"), "{text}");
    assert!(text.contains("县法院 (i.e. 县人民法院)"), "{text}");
    let s = screen(":1<Enter>", 120, 40);
    assert!(s.contains("lead 县人大常委会办公室"));
    assert!(s.contains("measure 1/77"));

    let a = app(":55<Enter>", 120, 40);
    let text = detail_text(&a);
    assert!(text.contains("  lead 县综治办"), "{text}");
    assert!(text.contains("  groups 县综治委成员单位"), "{text}");
}

#[test]
fn jump_errors_are_reported() {
    let a = app(":99<Enter>", 120, 40);
    assert_eq!(a.message.as_ref().unwrap().text, "No measure 99 (this plan has 1–77)");
    let a = app(":<Enter>j", 120, 40);
    assert!(a.message.is_none());
    // The prompt takes ids (二.1, 附件1.4), so anything can be typed; what names no measure
    // is said.
    let a = app(":1x2<Enter>", 120, 40);
    assert_eq!(a.message.as_ref().unwrap().text, "No measure 1x2 (this plan has 1–77)");
}

#[test]
fn back_and_forward_after_jumps() {
    assert_eq!(selected_number(&app(":1<Enter>:30<Enter><C-o>", 120, 40)), Some(1));
    assert_eq!(selected_number(&app(":1<Enter>:30<Enter><C-o><A-Right>", 120, 40)), Some(30));
    assert_eq!(selected_number(&app(":1<Enter>:30<Enter>:7<Enter><C-o><C-o>", 120, 40)), Some(1));
    assert_eq!(selected_number(&app(":1<Enter>:30<Enter><A-Left><A-Right>", 120, 40)), Some(30));
    let a = app("<C-o>", 120, 40);
    assert_eq!(a.message.as_ref().unwrap().text, "Already at the oldest place");
}

#[test]
fn folding_and_moving() {
    // h on a measure goes to its section; h again folds it; l unfolds.
    let a = app(":2<Enter>h", 120, 40);
    assert!(matches!(a.selected(), Some(Node::Section { .. })));
    let folded = app(":2<Enter>hh", 120, 40);
    assert_eq!(folded.tree.rows.len(), app("", 120, 40).tree.rows.len() - 3);
    let unfolded = app(":2<Enter>hhl", 120, 40);
    assert_eq!(unfolded.tree.rows.len(), app("", 120, 40).tree.rows.len());
    // G goes to the last row, g to the first, j/k move.
    assert_eq!(selected_number(&app("G", 120, 40)), Some(77));
    assert_eq!(app("Gg", 120, 40).tree.selected, 0);
    assert_eq!(selected_number(&app(":10<Enter>jk", 120, 40)), Some(10));
    assert_eq!(selected_number(&app(":10<Enter><PageDown><PageUp>", 120, 40)), Some(10));
}

#[test]
fn detail_pane_scrolls_with_focus() {
    // Measure 1's text is longer than a 12-row screen's detail pane.
    let a = app(":1<Enter><Tab>jjj", 60, 12);
    assert_eq!(a.detail.scroll, 3);
    assert_eq!(selected_number(&a), Some(1), "j scrolls the text, not the tree");
    let a = app(":1<Enter><Tab>G", 60, 12);
    assert!(a.detail.scroll > 0);
    assert!(a.detail.scroll + 9 >= a.detail.lines.len());
    assert!(screen(":1<Enter><Tab>", 60, 12).contains("more"), "an indicator shows there is more text");
}

#[test]
fn every_row_is_exactly_the_screen_width() {
    let sizes = [
        (40, 8),
        (41, 9),
        (55, 20),
        (71, 24),
        (72, 24),
        (80, 24),
        (97, 31),
        (120, 40),
        (140, 50),
        (200, 60),
        (250, 80),
    ];
    let scenarios = ["", ":1<Enter>", ":77<Enter><Tab>G", "/宪法", "/律师<Enter>n", "?", ":12<Enter>h", "j", "g"];
    for (w, h) in sizes {
        for keys in scenarios {
            let (_, buffer) = replay(Library::open(&[]), w, h, keys, plain()).unwrap();
            for (y, row) in rows(&buffer).iter().enumerate() {
                assert_eq!(row.width(), usize::from(w), "{w}x{h} {keys:?} row {y}: {row:?}");
            }
        }
    }
}

#[test]
fn tiny_terminals_get_a_message_not_a_panic() {
    for w in 1..45u16 {
        for h in 1..10u16 {
            let (_, buffer) = replay(Library::open(&[]), w, h, ":1<Enter>jk?", plain()).unwrap();
            for row in rows(&buffer) {
                assert_eq!(row.width(), usize::from(w));
            }
        }
    }
    assert!(screen("", 30, 6).contains("Terminal too small"));
}

/// No row of any measure's text starts with closing punctuation, at any pane width, and
/// none is wider than the pane.
#[test]
fn no_row_starts_with_closing_punctuation() {
    let library = Library::open(&[]);
    let mut a = App::new(library, 200, 60, plain(), planview::marks::Store::in_memory());
    let ids: Vec<_> = a.library.measure_ids().collect();
    for width in [72u16, 73, 80, 90, 101, 120, 160, 200, 250] {
        a.resize(width, 40);
        let pane = usize::from(a.areas().detail.unwrap().1.width);
        for &id in &ids {
            a.select(Node::Measure(id));
            a.sync();
            for line in &a.detail.lines {
                let text = line.text();
                assert!(text.width() <= pane, "{width}: {text:?}");
                let content = text.trim_start_matches(' ');
                assert!(
                    !content.starts_with([
                        '，', '。', '、', '；', '：', '？', '！', '）', '》', ',', '.', ';', ':', '?', '!', ')'
                    ]),
                    "measure {} at width {width}: {text:?}",
                    a.library.measure(id).id
                );
                assert!(!content.trim_end().ends_with(['（', '《', '“', '(']), "{text:?}");
            }
        }
    }
}

#[test]
fn mouse_click_selects_and_wheel_scrolls() {
    let mut a = app("", 120, 40);
    let (_, tree) = a.areas().tree.unwrap();
    // The 8th visible row is measure 1 (plan, chapter 一, three sections, chapter 二, section).
    let click = MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: tree.x + 10,
        row: tree.y + 7,
        modifiers: KeyModifiers::NONE,
    };
    let _ = a.handle_mouse(click);
    assert_eq!(selected_number(&a), Some(1));
    let wheel = MouseEvent { kind: MouseEventKind::ScrollDown, ..click };
    let _ = a.handle_mouse(wheel);
    assert_eq!(a.tree.selected, 7 + 3, "the wheel moves three rows");
    let up = MouseEvent { kind: MouseEventKind::ScrollUp, ..click };
    let _ = a.handle_mouse(up);
    assert_eq!(selected_number(&a), Some(1));
    let (_, detail) = a.areas().detail.unwrap();
    let click_detail = MouseEvent { column: detail.x + 3, row: detail.y + 3, ..click };
    let _ = a.handle_mouse(click_detail);
    assert_eq!(a.focus, planview::layout::Pane::Detail);
}

#[test]
fn resize_keeps_the_selection() {
    let mut a = app(":40<Enter>", 120, 40);
    a.resize(80, 24);
    assert_eq!(selected_number(&a), Some(40));
    a.resize(50, 10);
    assert_eq!(selected_number(&a), Some(40));
    let selected_row = a.tree.selected - a.tree.offset;
    assert!(selected_row < a.tree_height(), "the selection stays on screen");
}

#[test]
fn narrow_screens_show_one_pane() {
    let s = screen(":3<Enter>", 60, 20);
    assert!(s.contains("contents") && !s.contains("measure 3/77 ─"));
    let s = screen(":3<Enter><Tab>", 60, 20);
    assert!(s.contains("measure 3/77"));
}

/// Every input holds a bounded text: a paste of megabytes is cut to its size and the status
/// line says so; typing at the limit is refused the same way.
#[test]
fn inputs_are_bounded_and_say_so() {
    use planview::app::input::{JUMP_MAX, NOTE_MAX, PICKER_MAX, SEARCH_MAX, char_count};
    let huge = "宪法宣誓".repeat(300_000);
    type Input = fn(&App) -> &ratatui_textarea::TextArea<'static>;
    let cases: [(&str, usize, Input); 4] = [
        ("/", SEARCH_MAX, |a| a.mode.input().unwrap()),
        ("u", PICKER_MAX, |a| a.mode.input().unwrap()),
        (":", JUMP_MAX, |a| a.mode.input().unwrap()),
        (":5<Enter>", NOTE_MAX, |a| a.mode.input().unwrap()),
    ];
    for (keys, max, input) in cases {
        let mut a = app(keys, 120, 40);
        if max == NOTE_MAX {
            // Opened here: a replay ends by saving and closing the note being written.
            let _ =
                a.handle_key(ratatui::crossterm::event::KeyEvent::from(ratatui::crossterm::event::KeyCode::Char('e')));
        }
        let _ = a.handle_paste(&huge);
        assert_eq!(char_count(input(&a)), max, "{keys}");
        let message = a.message.as_ref().map(|m| m.text.clone()).unwrap_or_default();
        assert!(message.contains(&format!("at most {max} characters")), "{keys}: {message}");
        a.message = None;
        let _ = a.handle_key(ratatui::crossterm::event::KeyEvent::from(ratatui::crossterm::event::KeyCode::Char('x')));
        assert_eq!(char_count(input(&a)), max, "{keys}");
        assert!(a.message.is_some(), "{keys}: typing at the limit is said too");
    }
}

/// Measures are jumped to by id as well as by number: a plan whose numbering restarts has
/// ids such as 二.1.
#[test]
fn jump_takes_path_ids() {
    let library = Library::open(&[common::fixture("family/44_shengsi_2023_zdgz.txt")]);
    let (a, _) = replay(library, 120, 40, ":二.1<Enter>", plain()).unwrap();
    let id = a.selected().and_then(Node::measure).map(|m| a.library.measure(m).id.to_string());
    assert_eq!(id.as_deref(), Some("二.1"));
}

/// With a Chinese input method on, the keys arrive full-width: `、` searches, `：` jumps
/// (to `12`, `１２` or `十二`), `？` opens the help, `ｒ` marks read; Chinese typed while
/// browsing starts a search with it. Where a full-width key is bound itself, it keeps its
/// binding.
#[test]
fn input_method_keys_act_as_their_ascii_keys() {
    let a = app("、宪法<Enter>", 120, 40);
    assert_eq!(a.search.query.as_ref().unwrap().raw, "宪法");
    for typed in ["：12<Enter>", "：１２<Enter>", "：十二<Enter>"] {
        assert_eq!(selected_number(&app(typed, 120, 40)), Some(12), "{typed}");
    }
    assert_eq!(app("？", 120, 40).mode.kind(), planview::app::ModeKind::Help);
    let a = app("：5<Enter>ｒ", 120, 40);
    let id = a.selected().unwrap().measure().unwrap();
    assert!(a.mark_of(id).is_some_and(|m| m.read));
    let a = app("：三十<Enter>", 120, 40);
    assert_eq!(selected_number(&a), Some(30));
    let a = app("：一百<Enter>", 120, 40);
    assert_eq!(a.message.as_ref().unwrap().text, "No measure 一百 (this plan has 1–77)");
    // Chinese typed while browsing: a search.
    let a = app("律师", 120, 40);
    assert_eq!(a.mode.kind(), planview::app::ModeKind::Search);
    assert_eq!(a.search.query.as_ref().unwrap().raw, "律师");
    // In an input the full-width forms are text.
    let a = app("/宪法、<Enter>", 120, 40);
    assert_eq!(a.search.query.as_ref().unwrap().raw, "宪法、");
}

/// Unit names are never broken across rows in the detail pane (the break comes after 、),
/// at 80x24 and in a pane so narrow that only the names' width limits it.
#[test]
fn unit_names_stay_whole_when_wrapped() {
    for (width, height) in [(80, 24), (80, 40), (100, 40), (60, 40)] {
        // G: the end of the text, where the units are.
        let a = app(":1<Enter><Tab>G", width, height);
        let screen = screen(":1<Enter><Tab>G", width, height);
        let id = a.selected().unwrap().measure().unwrap();
        for unit in a.library.measure(id).units().iter() {
            let name = &*unit.raw;
            assert!(screen.contains(name), "{width}x{height}: {name} is broken across rows:\n{screen}");
        }
    }
}

/// The status line drops whole filters, the first first, when the terminal is narrow; the
/// count of measures stays. The title bar counts flagged measures once there are any.
#[test]
fn narrow_status_lines_drop_whole_parts_and_the_header_counts_flags() {
    let keys = "u司法局<Enter>/律师<Enter>m";
    let last = |w: u16| screen(keys, w, 12).lines().last().unwrap_or("").to_string();
    assert!(last(120).starts_with(" measure 9/77 · hit 1/7 · /律师 · 县司法局 · unread · 7 measures"), "{}", last(120));
    assert_eq!(last(60).trim_end(), " measure 9/77 · hit 1/7 · 县司法局 · unread · 7 measures");
    assert_eq!(last(40).trim_end(), " measure 9/77 · hit 1/7 · 7 measures");
    let title = |keys: &str| screen(keys, 100, 12).lines().next().unwrap_or("").to_string();
    assert!(title("").ends_with(" 0/77 read"), "{}", title(""));
    assert!(title(":3<Enter>f:5<Enter>fr").ends_with(" 1/77 read · 2 flagged"), "{}", title(":3<Enter>f:5<Enter>fr"));
}

#[test]
fn the_workload_view_sets_groups_apart_and_sorts() {
    let by_total = screen("w", 120, 40);
    let offices = by_total.find("Offices (52)").expect("the offices' heading");
    assert!(by_total.contains("workload · 59 units · by total"), "{by_total}");
    // The first unit is the one with most measures, right under the heading.
    let first = by_total[offices..].lines().nth(1).unwrap();
    assert!(first.contains("县政府法制办") && first.contains("42"), "{first}");
    // s: by lead; again: by name in pinyin order; Enter filters by the selected unit.
    let by_lead = screen("ws", 120, 40);
    assert!(by_lead.contains("by lead"), "{by_lead}");
    let first = by_lead[by_lead.find("Offices (52)").unwrap()..].lines().nth(1).unwrap().to_string();
    assert!(first.contains("县委政法委") && first.contains("21"), "most led first: {first}");
    let by_name = screen("wss<PageUp><PageUp><PageUp>", 120, 40);
    let first = by_name[by_name.find("Offices (52)").unwrap()..].lines().nth(1).unwrap().to_string();
    assert!(first.contains("县安监局") || first.contains("拆违大队"), "pinyin order (an, chai…): {first}");
    // The groups come after every office, under their own heading.
    let end = screen("w<PageDown><PageDown><PageDown>", 120, 40);
    assert!(end.contains("Groups and others (7)"), "{end}");
    let filtered = app("wj<Enter>", 120, 40);
    assert_eq!(filtered.unit_filter.as_ref().map(|f| f.name.as_str()), Some("县司法局"));
}
