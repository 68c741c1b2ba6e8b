//! Search and unit filtering in the browser, through `render`'s key replay: counts, combined
//! filters, pinyin, hit navigation and highlighting (checked on cell styles).

mod common;

use planview::app::node::Node;
use planview::app::{App, Options};
use planview::library::Library;
use planview::render::{replay, rows, screen_text};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

fn app(keys: &str) -> App {
    replay(Library::open(&[]), 120, 40, keys, Options { color: true, mouse: true, ..Options::default() }).unwrap().0
}

/// Numbers of the measures left in the tree.
fn visible(app: &App) -> Vec<u32> {
    app.tree.rows.iter().filter_map(|r| r.node.measure()).map(|id| app.library.measure(id).number.unwrap()).collect()
}

fn selected_number(app: &App) -> Option<u32> {
    app.selected().and_then(Node::measure).map(|id| app.library.measure(id).number.unwrap())
}

fn status_line(keys: &str) -> String {
    let (_, buffer) =
        replay(Library::open(&[]), 120, 40, keys, Options { color: false, mouse: true, ..Options::default() }).unwrap();
    rows(&buffer).last().unwrap().clone()
}

#[test]
fn unit_filter_any_role_and_lead_only() {
    let any = visible(&app("u司法局<Enter>"));
    assert_eq!(any.len(), 40);
    assert!(any.contains(&4) && any.contains(&9) && any.contains(&43));
    assert!(!any.contains(&5));
    let lead = visible(&app("u司法局<Tab><Enter>"));
    assert_eq!(lead, [4, 51, 52, 56, 59, 60, 67, 68]);
    assert_eq!(visible(&app("usfj<Enter>")), any, "pinyin initials pick the same unit");
    assert_eq!(visible(&app("usifaju<Enter>")), any, "full pinyin too");
    assert!(status_line("u司法局<Tab><Enter>").contains("县司法局 · lead · 8 measures"));
    assert!(status_line("u司法局<Enter>").contains("县司法局 · 40 measures"));
    // U clears it.
    assert_eq!(visible(&app("u司法局<Enter>U")).len(), 77);
}

#[test]
fn the_picker_lists_units_by_total_and_narrows() {
    let a = app("u");
    let totals: Vec<usize> = a.mode.picker().unwrap().matches.iter().map(|&i| a.units().units[i].total).collect();
    assert!(totals.windows(2).all(|w| w[0] >= w[1]));
    assert_eq!(a.mode.picker().unwrap().matches.len(), a.units().units.len());
    let a = app("u法院");
    let names: Vec<&str> = a.mode.picker().unwrap().matches.iter().map(|&i| a.units().units[i].name.as_str()).collect();
    assert_eq!(names, ["县人民法院"], "an alias spelling (县法院) finds its canonical unit once");
    let a = app("u不存在<Enter>");
    assert_eq!(a.message.as_ref().unwrap().text, "No unit matches; <Esc> closes the picker");
    let a = app("u司法<Esc>");
    assert!(a.unit_filter.is_none());
    // The detail pane marks the unit's role in each measure.
    let a = app("u司法局<Enter>");
    assert_eq!(selected_number(&a), Some(1));
    assert!(a.detail.lines.iter().any(|l| l.text() == "县司法局: partner"));
    let a = app("u司法局<Enter>jj");
    assert_eq!(selected_number(&a), Some(4));
    assert!(a.detail.lines.iter().any(|l| l.text() == "县司法局: lead"));
}

#[test]
fn search_counts_and_pinyin() {
    assert_eq!(visible(&app("/律师<Enter>")), [9, 43, 45, 49, 51, 67, 68]);
    assert_eq!(visible(&app("/xfxs<Enter>")), [1]);
    // Full pinyin, any case: 宪法 and also 县法(制办) read xian fa.
    let xianfa = visible(&app("/XianFa<Enter>"));
    assert_eq!(xianfa, visible(&app("/xianfa<Enter>")));
    assert!(visible(&app("/宪法<Enter>")).iter().all(|n| xianfa.contains(n)));
    assert!(xianfa.contains(&20), "县政府法制办 (xian zheng fu fa) is not xianfa, but 20's text has 宪法 or 县法");
    // Several words must all match.
    assert_eq!(visible(&app("/律师 公职<Enter>")), [49, 67, 68]);
    assert_eq!(visible(&app("/律师 公职 制度<Enter>")), [67, 68]);
    // Full-width and half-width forms match each other.
    assert_eq!(visible(&app("/（责任单位：<Enter>")).len(), 0, "annotations are not body text");
    assert_eq!(visible(&app("/１２·４<Enter>")), [4]);
}

#[test]
fn search_and_unit_filter_combine() {
    assert_eq!(visible(&app("u公安局<Enter>/律师<Enter>")), [43, 45, 49]);
    assert_eq!(visible(&app("/律师<Enter>u公安局<Enter>")), [43, 45, 49]);
    let line = status_line("u公安局<Enter>/律师<Enter>");
    assert!(line.contains("/律师 · 县公安局 · 3 measures"), "{line}");
    // Esc clears the search but keeps the unit.
    assert_eq!(visible(&app("u公安局<Enter>/律师<Enter><Esc>")).len(), 27);
}

#[test]
fn next_and_previous_hit() {
    assert_eq!(selected_number(&app("/宪法<Enter>")), Some(1));
    assert_eq!(selected_number(&app("/宪法<Enter>n")), Some(3));
    assert_eq!(selected_number(&app("/宪法<Enter>nN")), Some(1));
    let wrapped = app("/宪法<Enter>N");
    assert_eq!(wrapped.message.as_ref().unwrap().text, "Search wrapped to the last hit");
    assert!(status_line("/宪法<Enter>n").contains("hit 2/"));
    let none = app("n");
    assert_eq!(none.message.as_ref().unwrap().text, "No search: press / to search");
}

#[test]
fn a_search_with_no_hits_says_so() {
    let a = app("/没有这样的措施<Enter>");
    assert!(visible(&a).is_empty());
    assert_eq!(a.message.as_ref().unwrap().text, "No measure matches 没有这样的措施");
    let (_, buffer) = replay(
        Library::open(&[]),
        80,
        24,
        "/没有这样的措施",
        Options { color: false, mouse: true, ..Options::default() },
    )
    .unwrap();
    let screen = screen_text(&buffer);
    assert!(screen.contains("no measures"), "{screen}");
    assert!(screen.contains("No measures match"), "{screen}");
    // Esc while typing restores the tree and the selection.
    let a = app(":30<Enter>/没有<Esc>");
    assert_eq!(visible(&a).len(), 77);
    assert_eq!(selected_number(&a), Some(30));
}

/// Every place on screen where `needle` is drawn, as the cells of its characters (the cell
/// after a wide character belongs to it and is skipped).
/// The status line (the last row) is left out: it names the active search, unhighlighted.
fn cells_of<'a>(buffer: &'a Buffer, needle: &str) -> Vec<Vec<&'a ratatui::buffer::Cell>> {
    use unicode_width::UnicodeWidthStr;
    let area = buffer.area;
    let chars: Vec<String> = needle.chars().map(String::from).collect();
    let mut found = Vec::new();
    for y in 0..area.height - 1 {
        let mut cells = Vec::new();
        let mut x = 0;
        while x < area.width {
            let cell = &buffer[(x, y)];
            cells.push(cell);
            x += cell.symbol().width().max(1) as u16;
        }
        for start in 0..cells.len() {
            if start + chars.len() <= cells.len()
                && cells[start..start + chars.len()].iter().zip(&chars).all(|(c, s)| c.symbol() == s)
            {
                found.push(cells[start..start + chars.len()].to_vec());
            }
        }
    }
    found
}

#[test]
fn hits_are_highlighted_in_tree_and_text() {
    let (_, buffer) =
        replay(Library::open(&[]), 120, 40, "/律师<Enter>", Options { color: true, mouse: true, ..Options::default() })
            .unwrap();
    let hits = cells_of(&buffer, "律师");
    assert!(hits.len() >= 3, "律师 shows in the tree and the text");
    for occurrence in &hits {
        for cell in occurrence {
            assert_eq!(cell.bg, Color::Yellow, "hit cells are highlighted: {cell:?}");
        }
    }
    // Without colour, hits are reversed and underlined instead.
    let (_, buffer) = replay(
        Library::open(&[]),
        120,
        40,
        "/律师<Enter>",
        Options { color: false, mouse: true, ..Options::default() },
    )
    .unwrap();
    let hits = cells_of(&buffer, "律师");
    assert!(!hits.is_empty());
    for cell in hits.iter().flatten() {
        assert!(cell.modifier.contains(Modifier::REVERSED | Modifier::UNDERLINED), "{cell:?}");
        assert_eq!(cell.bg, Color::Reset);
    }
    // Text that is not a hit is not highlighted.
    let plain = cells_of(&buffer, "法律顾问");
    assert!(plain.iter().flatten().all(|c| !c.modifier.contains(Modifier::UNDERLINED)));
    // A pinyin hit highlights the characters it matched.
    let (_, buffer) =
        replay(Library::open(&[]), 120, 40, "/xfxs<Enter>", Options { color: true, mouse: true, ..Options::default() })
            .unwrap();
    let hits = cells_of(&buffer, "宪法宣誓");
    assert!(!hits.is_empty());
    assert!(hits.iter().flatten().all(|c| c.bg == Color::Yellow));
}

#[test]
fn the_workload_overview_filters_by_the_selected_unit() {
    let a = app("w");
    assert_eq!(a.mode.kind(), planview::app::ModeKind::Overview);
    let a = app("wj<Enter>");
    let second = &a.units().units[1];
    assert_eq!(a.unit_filter.as_ref().unwrap().name, second.name);
    assert_eq!(visible(&a).len(), second.total);
    let (_, buffer) =
        replay(Library::open(&[]), 120, 40, "w", Options { color: false, mouse: true, ..Options::default() }).unwrap();
    let screen = screen_text(&buffer);
    assert!(screen.contains("县司法局                40    8 "), "{screen}");
    assert!(screen.contains("二 三 四 五 六 七"), "a matrix column per chapter with measures:\n{screen}");
}

#[test]
fn typing_narrows_like_a_fresh_search() {
    // Each keystroke may narrow from the previous result; the final result must be what a
    // search from scratch gives.
    for (typed, fresh) in [("/宪法宣誓", "/宪法宣誓"), ("/xfx<BS>xs", "/xfxs"), ("/法律<C-w><C-w>律师", "/律师")]
    {
        let a = app(typed);
        let b = app(&format!("{fresh}<Enter>"));
        assert_eq!(visible(&a), visible(&b), "{typed}");
    }
}

/// The real terminal cursor follows the input being typed (input methods draw their
/// composition there), and sits on the selected row otherwise (screen readers follow it).
#[test]
fn the_terminal_cursor_is_where_the_user_types() {
    use planview::render::cursor;
    use ratatui::layout::Position;
    let a = app("/宪法");
    // The prompt `/` then two wide characters: the cursor is at column 1 + 4.
    assert_eq!(cursor(&a, 120, 40), Some(Position::new(5, 38)));
    let a = app("/宪法<Left>");
    assert_eq!(cursor(&a, 120, 40), Some(Position::new(3, 38)));
    let a = app(":12");
    assert_eq!(cursor(&a, 120, 40), Some(Position::new(3, 38)));
    let a = app(":12<Enter>");
    let (_, tree) = a.areas().tree.unwrap();
    let row = (a.tree.selected - a.tree.offset) as u16;
    assert_eq!(cursor(&a, 120, 40).map(|p| p.y), Some(tree.y + row));
    let a = app("u司法");
    let p = cursor(&a, 120, 40).unwrap();
    let area = planview::layout::picker_area(a.size);
    assert_eq!((p.x, p.y), (area.x + 1 + 2 + 4, area.y + 1));
}

#[test]
fn pasted_text_is_inserted_not_dropped() {
    let mut a = app("/");
    let _ = a.handle_paste("律师\r\n公职");
    assert_eq!(a.search.query.as_ref().unwrap().raw, "律师 公职");
    assert_eq!(visible(&a), [49, 67, 68]);
    let mut a = app("u");
    let _ = a.handle_paste("司法\u{1b}[2J局");
    assert_eq!(a.mode.picker().unwrap().matches.len(), 1);
    let mut a = app(":");
    let _ = a.handle_paste("5 5\n");
    let _ = a.handle_key(ratatui::crossterm::event::KeyEvent::from(ratatui::crossterm::event::KeyCode::Enter));
    assert_eq!(selected_number(&a), Some(55));
    // A note is multi-line: pasted lines stay lines (CRLF read as one break).
    let mut a = app(":7<Enter>");
    let _ = a.handle_key(ratatui::crossterm::event::KeyEvent::from(ratatui::crossterm::event::KeyCode::Char('e')));
    let _ = a.handle_paste("第一行\r\n第二行\n第三行");
    let planview::app::state::Mode::Note(edit) = &a.mode else { panic!("the note editor is open") };
    assert_eq!(edit.editor.lines(), ["第一行", "第二行", "第三行"]);
}

#[test]
fn esc_then_a_key_typed_fast_is_two_keys() {
    // The terminal sends Esc and / typed in quick succession as Alt-/.
    let a = app("/律师<A-/>宪法<Enter>");
    assert_eq!(a.search.query.as_ref().unwrap().raw, "宪法");
    assert_eq!(selected_number(&a), Some(1));
    // A capital letter after Esc arrives as Alt and Shift: Esc clears the search, U the unit.
    let mut a = app("u司法局<Enter>/律师<Enter>");
    let alt_shift_u = ratatui::crossterm::event::KeyEvent::new(
        ratatui::crossterm::event::KeyCode::Char('U'),
        ratatui::crossterm::event::KeyModifiers::ALT | ratatui::crossterm::event::KeyModifiers::SHIFT,
    );
    let _ = a.handle_key(alt_shift_u);
    assert!(a.search.query.is_none() && a.unit_filter.is_none());
}
