//! Searching on a thread of its own, as the interactive browser does (TestBackend, the seed
//! and the family corpus, the real parser): a keystroke shows what was typed and `搜索中…` at
//! once, the answer narrows the tree exactly as a search in the update step would, answers
//! to queries typed over are never applied, and Enter or Esc pressed before the answer do
//! what they do after it.

mod common;

use std::sync::mpsc;
use std::time::Duration;

use planview::app::key::Key;
use planview::app::{App, ModeKind, Options, SearchDone};
use planview::i18n::{Lang, scoped};
use planview::library::Library;
use planview::marks::Store;
use planview::render::{Screen, screen_text};

fn library() -> Library {
    Library::open(&[common::seed_path(), common::fixture("family")])
}

fn app() -> App {
    App::new(library(), 120, 40, Options { color: false, ..Options::default() }, Store::in_memory())
}

/// An app whose searches run on their thread; its answers come out of the receiver.
fn background_app() -> (App, mpsc::Receiver<SearchDone>) {
    let mut app = app();
    let (send, answers) = mpsc::channel();
    app.search_in_background(move |done| {
        let _ = send.send(done);
    });
    (app, answers)
}

fn press(app: &mut App, keys: &str) {
    for key in Key::parse_sequence(keys).expect("keys") {
        let effects = app.handle_key(key.to_event());
        app.carry_out(effects);
    }
}

/// Applies the thread's answers until no search is under way.
fn settle(app: &mut App, answers: &mpsc::Receiver<SearchDone>) {
    while app.searching() {
        let done = answers.recv_timeout(Duration::from_secs(60)).expect("the searching thread answers");
        app.search_done(done);
    }
}

/// What the tree shows and what is selected.
fn tree_of(app: &App) -> (Vec<String>, Option<planview::app::node::Node>, Option<usize>) {
    let rows = app.tree.rows.iter().map(|r| format!("{:?}", r.node)).collect();
    (rows, app.selected(), app.visible.as_ref().map(|v| v.count()))
}

#[test]
fn a_keystroke_answers_at_once_and_the_answer_narrows_the_tree_as_the_update_step_would() {
    let _zh = scoped(Lang::Zh);
    let (mut background, answers) = background_app();
    let mut inline = app();
    let mut screen = Screen::new(120, 40);
    press(&mut background, "/宪法宣誓");
    // The keys were handled; the search is under way: what was typed shows, with 搜索中….
    assert_eq!(background.mode.kind(), ModeKind::Search);
    let text = screen_text(screen.draw(&background));
    assert!(text.contains("搜索中…"), "{text}");
    assert!(text.contains("/宪法宣誓"), "{text}");
    settle(&mut background, &answers);
    press(&mut inline, "/宪法宣誓");
    assert!(!inline.searching(), "without a thread the update step searches");
    assert_eq!(tree_of(&background), tree_of(&inline));
    assert!(background.visible.as_ref().is_some_and(|v| v.count() > 0));
    let text = screen_text(screen.draw(&background));
    assert!(!text.contains("搜索中…"), "{text}");
    // Typing on, deleting, a pinyin query, two terms: each ends where the update step does.
    for keys in ["<BS><BS>", "<BS><BS>xfxs", "<BS><BS><BS><BS>律师 司法局", "<BS><BS><BS><BS>"] {
        press(&mut background, keys);
        settle(&mut background, &answers);
        press(&mut inline, keys);
        assert_eq!(tree_of(&background), tree_of(&inline), "after {keys}");
        assert_eq!(
            background.search.query.as_ref().map(|q| q.raw.clone()),
            inline.search.query.as_ref().map(|q| q.raw.clone())
        );
    }
}

#[test]
fn an_answer_to_a_query_typed_over_is_never_applied() {
    let (mut app, answers) = background_app();
    let before = tree_of(&app);
    press(&mut app, "/法");
    let first = app.search.pending.as_ref().map(|p| p.generation).expect("under way");
    press(&mut app, "律");
    let second = app.search.pending.as_ref().map(|p| p.generation).expect("under way");
    assert!(second > first);
    // An answer to 法 (whatever it holds) arriving now changes nothing.
    let stale = planview::search::HitSet::full(app.library.measure_count());
    app.search_done(SearchDone { generation: first, hits: stale, complete: true });
    assert!(app.searching());
    assert!(app.search.query.is_none());
    assert_eq!(tree_of(&app), before);
    settle(&mut app, &answers);
    assert_eq!(app.search.query.as_ref().map(|q| q.raw.as_str()), Some("法律"));
    // Whatever else the thread sent (an answer to 法, had it finished first) is stale too.
    while let Ok(done) = answers.try_recv() {
        app.search_done(done);
    }
    assert_eq!(app.search.query.as_ref().map(|q| q.raw.as_str()), Some("法律"));
}

#[test]
fn enter_before_the_answer_goes_to_the_first_hit_when_it_comes() {
    let (mut background, answers) = background_app();
    let mut inline = app();
    press(&mut background, "/宪法宣誓<Enter>");
    assert_eq!(background.mode.kind(), ModeKind::Browse);
    settle(&mut background, &answers);
    press(&mut inline, "/宪法宣誓<Enter>");
    assert!(inline.selected().and_then(|n| n.measure()).is_some());
    assert_eq!(background.selected(), inline.selected());
    assert_eq!(tree_of(&background), tree_of(&inline));
    // `n` before the answer says the search is under way (there is a search: it is not
    // "no search"), and the answer still goes to the first hit.
    let _zh = scoped(Lang::Zh);
    let (mut early, answers_early) = background_app();
    press(&mut early, "/宪法宣誓<Enter>n");
    let message = early.message.as_ref().map(|m| m.text.clone()).unwrap_or_default();
    assert!(message.contains("还在搜索"), "{message}");
    settle(&mut early, &answers_early);
    assert_eq!(early.selected(), inline.selected());
    drop(_zh);
    // No hit: said when the answer comes, as it is said at once without a thread.
    let _en = scoped(Lang::En);
    press(&mut background, "/没有这样的词语<Enter>");
    settle(&mut background, &answers);
    let message = background.message.as_ref().map(|m| m.text.clone()).unwrap_or_default();
    assert!(message.contains("没有这样的词语"), "{message}");
}

#[test]
fn esc_before_the_answer_drops_the_search() {
    let (mut app, answers) = background_app();
    let before = tree_of(&app);
    press(&mut app, "/宪法宣誓<Esc>");
    assert!(!app.searching());
    // The answer, if the thread still sent one, is not applied.
    if let Ok(done) = answers.recv_timeout(Duration::from_millis(500)) {
        app.search_done(done);
    }
    assert!(app.search.query.is_none());
    assert_eq!(tree_of(&app), before);
}

/// A library of `n` copies of the seed (each with its own 文号), as a large office has.
fn many_plans(n: usize) -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let seed = common::seed_text();
    for i in 0..n {
        let text = seed.replace("株县发〔2015〕1号", &format!("株县发〔2015〕{}号", i + 1));
        std::fs::write(dir.path().join(format!("plan-{i:05}.txt")), text).expect("write");
    }
    let library = Library::open(&[dir.path().to_path_buf()]);
    assert_eq!(library.plans.len(), n);
    (dir, library)
}

#[test]
fn in_a_large_library_the_first_plans_hits_show_first_then_all_of_them() {
    // 1,400 plans, 107,800 measures: enough for the search to answer in two parts.
    let (_dir, library) = many_plans(1400);
    let options = Options { color: false, ..Options::default() };
    let mut inline = App::new(library.clone(), 120, 40, options.clone(), Store::in_memory());
    let mut app = App::new(library, 120, 40, options, Store::in_memory());
    let (send, answers) = mpsc::channel();
    app.search_in_background(move |done| {
        let _ = send.send(done);
    });
    press(&mut inline, "/宪法宣誓");
    let all = inline.visible.clone().expect("hits");
    assert_eq!(all.count(), 1400, "one measure of each plan");
    press(&mut app, "/宪法宣誓");
    let next = || answers.recv_timeout(Duration::from_secs(60)).expect("the searching thread answers");
    // First the hits in the first plans: every one of them, none beyond.
    let first = next();
    assert!(!first.complete);
    let shown: Vec<usize> = first.hits.iter().collect();
    let end = shown.last().map(|&last| app.library.plan_range(app.library.from_global(last).plan).end);
    let end = end.expect("hits in the first part");
    assert!(shown.len() > 100 && shown.len() < 1400, "{} hits first", shown.len());
    assert_eq!(shown, all.iter().take_while(|&g| g < end).collect::<Vec<_>>());
    app.search_done(first);
    // They are shown, the first hit selected, while the rest are searched; Enter goes there
    // at once.
    assert!(app.searching());
    let first_hit = inline.selected();
    assert!(first_hit.and_then(|n| n.measure()).is_some());
    assert_eq!(app.selected(), first_hit);
    assert_eq!(app.visible.as_ref().map(|v| v.count()), Some(shown.len()));
    // No count is given for a part: the tree's title and the status line say 搜索中….
    let _zh = scoped(Lang::Zh);
    let mut screen = Screen::new(120, 40);
    let text = screen_text(screen.draw(&app));
    assert!(text.contains("┌ 搜索中…"), "{text}");
    assert!(!text.contains(&format!("{}条", shown.len())) && !text.contains("处（共"), "{text}");
    press(&mut app, "<Enter>");
    assert_eq!(app.mode.kind(), ModeKind::Browse);
    assert_eq!(app.selected(), first_hit);
    press(&mut app, "j");
    let moved = app.selected();
    assert_ne!(moved, first_hit);
    // Then all of them; the selection stays where the user took it.
    let rest = next();
    assert!(rest.complete);
    app.search_done(rest);
    assert!(!app.searching());
    assert_eq!(app.visible.as_ref(), Some(&all));
    assert_eq!(app.selected(), moved);
    let text = screen_text(screen.draw(&app));
    assert!(text.contains("┌ 1400条（共107800条）") && text.contains("1400条，在1400/1400个文件中"), "{text}");
    assert_eq!(app.tree.rows.len(), {
        press(&mut inline, "<Enter>");
        inline.tree.rows.len()
    });
}
