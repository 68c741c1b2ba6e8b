//! A library read in parts (the real parser, the family corpus and copies of the seed
//! plan): each part holds the first plans of the library at the places they keep in it, and
//! a browser over a part moves about it at once while keeping what needs the whole library
//! (a search) for when it comes, then acts on it as a browser over the whole library would.

mod common;

use std::path::Path;
use std::sync::Arc;

use planview::app::key::Key;
use planview::app::node::Node;
use planview::app::{App, ModeKind, Options};
use planview::i18n::{Lang, scoped};
use planview::library::{Library, Progress};
use planview::marks::Store;
use planview::render::{Screen, screen_text};
use ratatui::crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

/// The family corpus, 400 copies of the seed plan (distinct 文号), a file that is not a
/// plan, and last a copy of a family plan: its id is the same as an earlier plan's.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for entry in std::fs::read_dir(common::fixture("family")).expect("the family corpus") {
        let path = entry.expect("an entry").path();
        if path.extension().is_some_and(|e| e == "txt") {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).expect("copy");
        }
    }
    let seed = common::seed_text();
    for i in 0..400 {
        let text = seed.replace("株县发〔2015〕1号", &format!("株县发〔2015〕{}号", i + 1));
        std::fs::write(dir.path().join(format!("plan-{i:05}.txt")), text).expect("write");
    }
    std::fs::write(dir.path().join("plan-broken.docx"), b"PK\x03\x04 not a zip").expect("write");
    std::fs::copy(common::fixture("family/02_gbf2018_129_xiaofeifupin.txt"), dir.path().join("zz-copy.txt"))
        .expect("copy");
    dir
}

fn read_in_parts(dir: &Path) -> (Vec<Library>, Library) {
    let mut parts = Vec::new();
    let whole = Library::open_streaming(&[dir.to_path_buf()], &Progress::default(), &mut |part| parts.push(part));
    (parts, whole)
}

#[test]
fn each_part_holds_the_first_plans_of_the_library_at_their_places() {
    let dir = folder();
    let (parts, whole) = read_in_parts(dir.path());
    let plain = Library::open(&[dir.path().to_path_buf()]);
    // The whole library is the one read at once.
    let ids = |l: &Library| l.plans.iter().map(|p| (p.plan.id.clone(), p.source.name.clone())).collect::<Vec<_>>();
    assert_eq!(ids(&whole), ids(&plain));
    assert_eq!(whole.skipped.len(), 1, "the broken file");
    assert!(whole.plans.len() > 430, "{}", whole.plans.len());
    // The first part comes after the first few files; each part is larger than the last.
    let first = parts.first().expect("a part before the end");
    assert!(!first.plans.is_empty() && first.plans.len() <= 16, "{} plans", first.plans.len());
    for pair in parts.windows(2) {
        assert!(pair[0].plans.len() < pair[1].plans.len());
    }
    for part in &parts {
        assert!(part.plans.len() < whole.plans.len());
        assert!(part.skipped.is_empty());
        for (p, (shown, read)) in part.plans.iter().zip(&whole.plans).enumerate() {
            assert_eq!(shown.source.name, read.source.name, "plan {p}");
            assert_eq!(part.plan_range(p as u32), whole.plan_range(p as u32), "plan {p}");
            // The same plan, not a copy, unless its id was made distinct (here or there).
            let distinct = shown.plan.id.contains(" (") || read.plan.id.contains(" (");
            assert!(Arc::ptr_eq(shown, read) || distinct, "plan {p}");
        }
    }
    // The copy read last makes the id of the plan it copies change in the whole library.
    let copied = whole.plans.iter().position(|p| p.source.name.contains("02_gbf2018_129")).expect("the plan");
    let id = &first.plans[copied].plan.id;
    assert!(!id.contains('('), "{id}");
    assert_eq!(whole.plans[copied].plan.id, format!("{id} (02_gbf2018_129_xiaofeifupin.txt)"));
}

fn press(app: &mut App, keys: &str) {
    for key in Key::parse_sequence(keys).expect("keys") {
        let effects = app.handle_key(key.to_event());
        app.carry_out(effects);
    }
}

#[test]
fn a_browser_over_a_part_moves_at_once_and_searches_once_all_is_read() {
    let dir = folder();
    let (parts, whole) = read_in_parts(dir.path());
    let options = Options { color: false, ..Options::default() };
    let mut part = parts.into_iter();
    let mut app = App::while_reading(part.next().expect("a part"), 120, 40, options.clone(), Store::in_memory());
    let mut reference = App::new(whole.clone(), 120, 40, options, Store::in_memory());
    // Moving and unfolding act at once.
    for keys in ["j", "j", "<Enter>", "j"] {
        press(&mut app, keys);
        press(&mut reference, keys);
        assert_eq!(app.selected(), reference.selected(), "after {keys}");
    }
    assert_eq!(app.selected().map(Node::plan), Some(2));
    let rows = app.tree.rows.len();
    assert!(rows > app.library.plans.len(), "plan 3 unfolded");
    // A search waits for the whole library, and so does every key after it.
    press(&mut app, "/宪法宣誓<Enter>j");
    assert_eq!(app.mode.kind(), ModeKind::Browse);
    assert!(app.search.query.is_none() && app.visible.is_none());
    assert_eq!(app.selected(), reference.selected(), "j after the search waits too");
    assert_eq!(app.reading.as_ref().map(|r| r.held()), Some(7));
    app.reading_progress(16, 433);
    let _zh = scoped(Lang::Zh);
    let mut screen = Screen::new(120, 40);
    let text = screen_text(screen.draw(&app));
    assert!(text.contains("正在读取文件 16/433，已记下的 7 个按键将在读完后执行"), "{text}");
    // More of the library: the tree grows, the selection and the folds stay.
    for more in part {
        let (rows, plans) = (app.tree.rows.len(), app.library.plans.len());
        app.grow(more);
        assert_eq!(app.selected(), reference.selected());
        assert_eq!(app.tree.rows.len(), rows + app.library.plans.len() - plans);
    }
    // All of it: the search is made, and the key after it, as in a browser over the whole.
    app.finish_reading(whole);
    assert!(app.reading.is_none());
    let effects = app.replay_held();
    app.carry_out(effects);
    press(&mut reference, "/宪法宣誓<Enter>j");
    assert_eq!(app.visible, reference.visible);
    assert!(app.visible.as_ref().is_some_and(|v| v.count() >= 400));
    assert_eq!(app.selected(), reference.selected());
    assert_eq!(app.tree.rows, reference.tree.rows);
    let text = screen_text(screen.draw(&app));
    assert!(!text.contains("正在读取文件"), "{text}");
}

#[test]
fn while_reading_quit_and_the_mouse_act_at_once_but_not_after_a_kept_key() {
    let dir = folder();
    let (mut parts, whole) = read_in_parts(dir.path());
    let options = Options { color: false, ..Options::default() };
    let mut app = App::while_reading(parts.remove(0), 120, 40, options, Store::in_memory());
    // Marks need the whole library (a plan's id may still change): r is kept.
    press(&mut app, "r");
    assert!(!app.marks.is_dirty() && app.marks.all().plans.is_empty());
    assert_eq!(app.reading.as_ref().map(|r| r.held()), Some(1));
    // Then a move waits too.
    let before = app.selected();
    press(&mut app, "j");
    assert_eq!(app.selected(), before);
    // Quitting does not wait; after a kept key, q is kept (it may be typed into a search
    // typed ahead), but Ctrl-C quits at once.
    let mut quitting = App::while_reading(whole.clone(), 80, 24, Options::default(), Store::in_memory());
    press(&mut quitting, "q");
    assert!(quitting.should_quit);
    press(&mut app, "q");
    assert!(!app.should_quit);
    press(&mut app, "<C-c>");
    assert!(app.should_quit);
    let mut mouse = App::while_reading(whole, 80, 24, Options::default(), Store::in_memory());
    let click = |row| MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 3,
        row,
        modifiers: KeyModifiers::NONE,
    };
    let effects = mouse.handle_mouse(click(3));
    assert!(effects.is_empty());
    let clicked = mouse.selected();
    assert_eq!(clicked.map(Node::plan), Some(1), "the second plan's row clicked");
    press(&mut mouse, "/");
    let effects = mouse.handle_mouse(click(4));
    assert!(effects.is_empty());
    assert_eq!(mouse.selected(), clicked, "a click after a kept key does nothing");
}
