//! The browser in Chinese and in English: snapshots of every screen in Chinese (beside the
//! English ones of `tui.rs`), and in either language no word of the other outside the
//! document's own text; the popups' number columns line up under their headings.

mod common;

use std::collections::BTreeSet;

use planview::app::key::Key;
use planview::app::{App, Options};
use planview::i18n::{Lang, scoped};
use planview::library::Library;
use planview::marks::Store;
use planview::render::{draw, rows, screen_text};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

fn plain() -> Options {
    Options { color: false, mouse: true, ..Options::default() }
}

/// The browser after `keys`, in `lang`. Unlike `render::replay` the app is not finished, so
/// an open note editor stays open.
fn app(lang: Lang, keys: &str, width: u16, height: u16) -> App {
    let _lang = scoped(lang);
    let mut app = App::new(Library::open(&[]), width, height, plain(), Store::in_memory());
    for key in Key::parse_sequence(keys).unwrap() {
        let effects = app.handle_key(key.to_event());
        app.carry_out(effects);
    }
    app
}

fn screen_rows(lang: Lang, keys: &str, width: u16, height: u16) -> Vec<String> {
    let app = app(lang, keys, width, height);
    let _lang = scoped(lang);
    rows(&draw(&app, width, height))
}

fn screen(lang: Lang, keys: &str, width: u16, height: u16) -> String {
    let app = app(lang, keys, width, height);
    let _lang = scoped(lang);
    screen_text(&draw(&app, width, height))
}

/// Every screen the tests look at: the main screen with measure 12, the help, the unit
/// picker, the workload overview, the question before marking a section, the note editor.
const SCREENS: [(&str, &str); 6] = [
    ("measure_12", ":12<Enter>"),
    ("help", "?"),
    ("picker", "u"),
    ("workload", "w"),
    ("confirm", ":12<Enter>hr"),
    ("note", ":12<Enter>e第一行"),
];

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

#[test]
fn chinese_snapshots() {
    for (name, keys) in SCREENS {
        for (width, height) in SIZES {
            insta::assert_snapshot!(format!("zh_{name}_{width}x{height}"), screen(Lang::Zh, keys, width, height));
        }
    }
}

#[test]
fn the_chinese_screens_say_it_in_chinese() {
    let main = screen(Lang::Zh, ":12<Enter>", 80, 24);
    let status = main.lines().last().unwrap();
    assert!(status.starts_with(" 第12条（共77条）"), "{status}");
    assert!(status.contains("? 帮助") && status.contains("/ 搜索"), "{status}");
    assert!(main.lines().next().unwrap().ends_with("已读 0/77"), "{main}");
    assert!(main.contains("┌ 目录 ─") && main.contains("┌ 第12条（共77条） ─"), "{main}");
    assert!(main.contains("责任单位 2") && main.contains("  牵头 县编办") && main.contains("  配合 县政府法制办"));
    let confirm = screen(Lang::Zh, ":12<Enter>hr", 80, 24);
    assert!(confirm.contains("将本节7条全部标为已读？（y / n）"), "{confirm}");
    let search = screen(Lang::Zh, "/宪法<Enter>n", 80, 24);
    assert!(search.lines().last().unwrap().contains("第2处（共4处） · /宪法 · 4条"), "{search}");
    let workload = screen(Lang::Zh, "w", 80, 24);
    assert!(workload.contains("┌ 单位任务统计 · 59个单位 · 按任务总数 · █ 牵头 ░ 配合 "), "{workload}");
    assert!(workload.contains("单位（52个）"), "{workload}");
    assert!(screen(Lang::Zh, "ws", 80, 24).contains("按牵头数"));
    assert!(screen(Lang::Zh, "u", 80, 24).contains("按单位筛选 · 牵头和配合 · 59/59"));
    assert!(screen(Lang::Zh, ":12<Enter>e", 80, 24).contains("┌ 备注 · 第12条 "));
}

/// Every Han character of the seed plan and of the unit names it may be shown with: the
/// document's own text. A Han character on an English screen outside this set is a
/// Chinese interface word that leaked.
fn document_han() -> BTreeSet<char> {
    let aliases =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/unit_aliases.tsv"))
            .unwrap();
    common::seed_text().chars().chain(aliases.chars()).filter(|c| is_han(*c)).collect()
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// The ASCII words of the document and its file name, which may stand on a Chinese screen
/// (none are words of the interface: the plan is Chinese).
fn document_words() -> BTreeSet<String> {
    let library = Library::open(&[]);
    let source = &library.plans[0].source.name;
    words(&common::seed_text()).into_iter().chain(words(source)).collect()
}

/// The ASCII words of two letters or more, leaving out key names (`<Tab>`, `<C-f>`).
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_key = false;
    let mut word = String::new();
    for c in text.chars().chain([' ']) {
        match c {
            '<' => in_key = true,
            '>' => in_key = false,
            c if c.is_ascii_alphabetic() && !in_key => {
                word.push(c);
                continue;
            }
            _ => {}
        }
        if word.len() >= 2 {
            out.push(std::mem::take(&mut word));
        }
        word.clear();
    }
    out
}

/// Words that stay as they are in Chinese: the program and its command, keys as the help
/// lists them, the config file's syntax.
const KEY_NAMES: &[&str] =
    &["planview", "config", "Shift", "Tab", "Enter", "Esc", "PageDown", "PageUp", "Home", "End", "views", "NAME"];

/// The screens looked at, with more states than the snapshots: a search with hits, a unit
/// filter with marks, the plan, a chapter, the saved views missing, a measure's note.
const TOUR: &[&str] = &[
    "",
    "g",
    "j",
    ":12<Enter>",
    ":12<Enter>h",
    ":1<Enter>",
    ":55<Enter>",
    ":12<Enter>rf",
    "/宪法<Enter>n",
    "/宪法<Enter>nnnnn",
    "u司法局<Tab><Enter>m",
    "u司法局<Enter>",
    "n",
    "v",
    ":999<Enter>",
    "?",
    "?<PageDown><PageDown>jjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjjj",
    "u",
    "u<Tab>",
    "u没有这个单位<Enter>",
    "w",
    ":12<Enter>hr",
    ":12<Enter>hhf",
    ":12<Enter>e",
    "gr",
];

#[test]
fn chinese_screens_have_no_english_words_but_keys() {
    let document = document_words();
    for keys in TOUR {
        for (width, height) in [(80, 24), (120, 40), (40, 8)] {
            for (y, row) in screen_rows(Lang::Zh, keys, width, height).iter().enumerate() {
                let english: Vec<String> = words(row)
                    .into_iter()
                    .filter(|w| !KEY_NAMES.contains(&w.as_str()) && !document.contains(w))
                    .collect();
                assert!(english.is_empty(), "{keys:?} at {width}x{height}, row {y}: {english:?} in {row:?}");
            }
        }
    }
}

#[test]
fn english_screens_have_no_chinese_words_outside_the_document() {
    let document = document_han();
    for keys in TOUR {
        for (width, height) in [(80, 24), (120, 40), (40, 8)] {
            let rows = screen_rows(Lang::En, keys, width, height);
            for (y, row) in rows.iter().enumerate() {
                // What was typed is the user's text.
                let leaked: String =
                    row.chars().filter(|c| is_han(*c) && !document.contains(c) && !keys.contains(*c)).collect();
                assert!(leaked.is_empty(), "{keys:?} at {width}x{height}, row {y}: {leaked:?} in {row:?}");
            }
            // The status line holds the document's words only in the filters (a unit, a
            // search); its own words are English.
            let status = rows.last().unwrap();
            for word in ["牵头", "配合", "条", "处", "章", "节", "未读", "关注", "文件"] {
                let without_filters = status.replace("县司法局", "").replace("/宪法", "");
                assert!(!without_filters.contains(word), "{keys:?} at {width}x{height}: {word} in {status:?}");
            }
        }
    }
}

#[test]
fn english_screens_name_the_units_roles_in_english() {
    let main = screen(Lang::En, ":12<Enter>", 120, 40);
    assert!(
        main.contains("responsible units 2") && main.contains("  lead 县编办") && main.contains("  partner 县政府")
    );
    for word in ["责任单位", "牵头", "配合", "议事机构", "完成时限", "备注", "未列明"] {
        for keys in [":12<Enter>", ":55<Enter>", ":12<Enter>e备注<Esc>", "u司法局<Enter>", "g"] {
            let app = app(Lang::En, keys, 120, 40);
            for line in &app.detail.lines {
                let labels: String = line
                    .segs
                    .iter()
                    .filter(|s| s.tone == planview::app::detail_view::Tone::Label)
                    .map(|s| s.text.as_str())
                    .collect();
                assert!(!labels.contains(word), "{keys:?}: {word} in the label {labels:?}");
            }
        }
    }
}

/// The display column where `needle` starts in `row`.
fn start_column(row: &str, needle: &str) -> usize {
    row[..row.find(needle).unwrap_or_else(|| panic!("no {needle} in {row:?}"))].width()
}

/// The part of `row` from display column `x` on.
fn from_column(row: &str, x: usize) -> &str {
    let mut column = 0;
    for (at, c) in row.char_indices() {
        if column >= x {
            return &row[at..];
        }
        column += c.width().unwrap_or(0);
    }
    ""
}

/// The display columns where the runs of digits of `text` end.
fn number_ends(text: &str) -> Vec<usize> {
    let (mut column, mut ends, mut in_number) = (0, Vec::new(), false);
    for c in text.chars() {
        let digit = c.is_ascii_digit();
        if in_number && !digit {
            ends.push(column);
        }
        column += c.width().unwrap_or(0);
        in_number = digit;
    }
    if in_number {
        ends.push(column);
    }
    ends
}

#[test]
fn number_columns_line_up_under_their_headings_in_both_languages() {
    for lang in Lang::ALL {
        let (unit, total, lead) = match lang {
            Lang::Zh => ("单位", "合计", "牵头"),
            Lang::En => ("unit", "total", "lead"),
        };
        for (width, height) in [(80, 24), (120, 40), (200, 50)] {
            for keys in ["u", "w"] {
                let rows = screen_rows(lang, keys, width, height);
                // The header row (not the title, which may say "by total").
                let y = rows
                    .iter()
                    .position(|r| r.contains(total) && r.contains(lead) && !r.contains('┌'))
                    .unwrap_or_else(|| panic!("{keys} {rows:#?}"));
                // From the unit column on (the tree shows left of the picker).
                let x = start_column(&rows[y], unit);
                let header = from_column(&rows[y], x);
                // The first unit: 县政府法制办, 42 measures, leads 7 (in the workload, under
                // the offices' heading).
                let below = if keys == "w" { 2 } else { 1 };
                let first = from_column(&rows[y + below], x);
                assert!(first.starts_with("县政府法制办"), "{first}");
                let ends = number_ends(first);
                let total_end = start_column(header, total) + total.width();
                let lead_end = start_column(header, lead) + lead.width();
                let shown = format!("{lang:?} {keys} {width}x{height}:\n{header}\n{first}");
                assert_eq!(ends[..2], [total_end, lead_end], "{shown}");
            }
        }
    }
}

#[test]
fn the_chinese_chrome_fits_at_80x24() {
    let hints: BTreeSet<String> = {
        let _zh = scoped(Lang::Zh);
        let keymap = planview::app::keymap::Keymap::defaults();
        planview::app::keymap::KeyContext::ALL.iter().flat_map(|&c| keymap.hints(c)).map(|(_, h)| h).collect()
    };
    for keys in
        [":12<Enter>", "/宪法<Enter>n", "u司法局<Tab><Enter>m", "w", "u", ":12<Enter>e", "?", "g", ":12<Enter>h"]
    {
        let rows = screen_rows(Lang::Zh, keys, 80, 24);
        for (y, row) in rows.iter().enumerate() {
            assert_eq!(row.width(), 80, "{keys:?} row {y}: {row:?}");
        }
        // The status line: where the selection is and the filters, then whole hints only.
        let status = rows.last().unwrap();
        assert!(!status.contains('…'), "{keys:?}: {status:?}");
        let mut parts = status.split("  ").map(str::trim).filter(|p| !p.is_empty());
        let position = parts.next().unwrap();
        assert!(position.starts_with('第') || position == "文件" || position == "节", "{keys:?}: {status:?}");
        let rest: Vec<&str> = parts.collect();
        assert!(!rest.is_empty(), "{keys:?}: hints shown in {status:?}");
        for hint in rest {
            assert!(hints.contains(hint), "{keys:?}: {hint:?} is not a whole hint in {status:?}");
        }
    }
}
