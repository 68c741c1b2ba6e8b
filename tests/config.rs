//! The config file as a user writes it: rebound keys change what the keys do, the help and
//! the hints; saved views, `--view`, `--unit` and `--goto` open the browser where asked;
//! `planview config` prints a config that reads back to itself; every problem is one line
//! naming the file, the line and the key, and planview goes on with the defaults.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::planview;
use planview::app::settings::{Borders, ThemeName};
use planview::app::{App, Options};
use planview::library::Library;
use planview::render::{replay, screen_text};

fn run(args: &[&str]) -> Output {
    let state = tempfile::tempdir().unwrap();
    planview().args(args).env("NO_COLOR", "1").env("PLANVIEW_STATE", state.path().join("marks.json")).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// A config file in a folder of its own.
fn config(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("config.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// The browser after `keys`, with the settings of a config text.
fn app_with(config: &str, keys: &str) -> (App, String) {
    let settings = planview::config::parse(config).expect("a good config");
    let options = Options { color: false, mouse: true, settings, ..Options::default() };
    let (app, buffer) = replay(Library::open(&[]), 120, 40, keys, options).unwrap();
    (app, screen_text(&buffer))
}

fn status_line(screen: &str) -> &str {
    screen.lines().last().unwrap_or("")
}

fn selected_number(app: &App) -> Option<String> {
    let id = app.selected()?.measure()?;
    Some(app.library.measure(id).id.to_string())
}

#[test]
fn a_rebound_key_changes_the_behaviour_the_help_and_the_hints() {
    let rebind = "[keys]\nmark_read = \"x\"\nsearch = [\"/\", \"s\"]\n[keys.picker]\ntoggle_role = \"<S-Tab>\"\n";
    // x marks read; r does nothing any more.
    let (app, screen) = app_with(rebind, ":5<Enter>x");
    let id = app.selected().unwrap().measure().unwrap();
    assert!(app.mark_of(id).is_some_and(|m| m.read), "x marked measure 5 read");
    assert!(status_line(&screen).contains("x read"), "{}", status_line(&screen));
    assert!(!status_line(&screen).contains("r read"));
    let (app, _) = app_with(rebind, ":5<Enter>r");
    let id = app.selected().unwrap().measure().unwrap();
    assert!(app.mark_of(id).is_none_or(|m| !m.read), "r is unbound");
    // Both keys search.
    let (app, _) = app_with(rebind, "s律师<Enter>");
    assert_eq!(app.search.query.as_ref().unwrap().raw, "律师");
    // The help says so.
    let (_, help) = app_with(rebind, "?");
    assert!(help.lines().any(|l| l.contains("  x ") && l.contains("mark read / unread")), "{help}");
    assert!(help.lines().any(|l| l.contains("/ s ") && l.contains("search as you type")), "{help}");
    // In the picker, Shift-Tab toggles the role and the picker's hints follow.
    let (app, screen) = app_with(rebind, "u<S-Tab>");
    assert!(app.mode.picker().unwrap().lead_only);
    assert!(screen.contains("<S-Tab> role"), "{screen}");
    let (app, _) = app_with(rebind, "u<Tab>");
    assert!(!app.mode.picker().unwrap().lead_only, "Tab no longer toggles");
    // The messages that name a key name the bound one.
    let (_, screen) = app_with("[keys]\nsearch = \"s\"\n", "n");
    assert!(status_line(&screen).contains("No search: press s to search"), "{}", status_line(&screen));
    // The message of a terminal too small names the quit key that works.
    let settings = planview::config::parse("[keys]\nquit = \"Q\"\n").unwrap();
    let (_, buffer) =
        replay(Library::open(&[]), 30, 5, "", Options { color: false, mouse: true, settings, ..Options::default() })
            .unwrap();
    assert!(screen_text(&buffer).contains("press Q."), "{}", screen_text(&buffer));
    // Without the default help key the hints still put help first, found by its action.
    let (_, screen) = app_with("[keys]\nhelp = \"<F2>\"\n", "");
    assert!(status_line(&screen).contains("<F2> help  <Tab> pane"), "{}", status_line(&screen));
}

#[test]
fn the_binary_reads_the_config_and_rebinds() {
    let dir = tempfile::tempdir().unwrap();
    let path = config(dir.path(), "[keys]\nmark_read = \"x\"\n[keys.tree]\nquit = \"Q\"\n");
    let o = run(&[
        "render",
        "--config",
        path.to_str().unwrap(),
        "--width",
        "100",
        "--height",
        "30",
        "--keys",
        ":5<Enter>x",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let screen = stdout(&o);
    assert!(screen.contains("1/77 read"), "{screen}");
    assert!(status_line(screen.trim_end()).contains("x read"));
    // PLANVIEW_CONFIG names it too.
    let state = tempfile::tempdir().unwrap();
    let o = planview()
        .args(["render", "--keys", ":5<Enter>x"])
        .env("PLANVIEW_CONFIG", &path)
        .env("PLANVIEW_STATE", state.path().join("marks.json"))
        .output()
        .unwrap();
    assert!(stdout(&o).contains("1/77 read"), "{}", stdout(&o));
}

#[test]
fn the_effective_config_reads_back_to_itself() {
    let o = run(&["config"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let defaults = stdout(&o);
    assert!(defaults.contains("mark_read = \"r\""), "{defaults}");
    assert!(defaults.contains("[keys.picker]") && defaults.contains("theme = \"auto\""));
    // Saved as the config file, it changes nothing.
    let dir = tempfile::tempdir().unwrap();
    let path = config(dir.path(), &defaults);
    let again = run(&["config", "--config", path.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    let body = |s: &str| s.lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&stdout(&again)), body(&defaults));
    // A user's change shows in it, merged with the defaults.
    let path = config(dir.path(), "[keys]\nmark_read = \"x\"\n[ui]\ntree_width = 30\n");
    let merged = stdout(&run(&["config", "--config", path.to_str().unwrap()]));
    assert!(merged.contains("mark_read = \"x\"") && merged.contains("mark_flagged = \"f\""), "{merged}");
    assert!(merged.contains("tree_width = 30"));
}

#[test]
fn a_bad_config_is_reported_in_one_line_and_the_defaults_are_used() {
    let dir = tempfile::tempdir().unwrap();
    let path = config(dir.path(), "[keys]\nmark_read = \"x\"\nserch = \"/\"\n[ui]\ntheme = \"blue\"\n");
    let shown = path.to_str().unwrap();
    let o = run(&["config", "--config", shown]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(lines[0].starts_with(&format!("planview: {shown}:3: [keys] serch is not an action")), "{err}");
    assert!(lines[1].starts_with(&format!("planview: {shown}:5: [ui] theme = \"blue\"")), "{err}");
    assert!(stdout(&o).contains("mark_read = \"r\""), "the defaults are printed, not the bad file");
    // The browser starts with the defaults: r marks, the error is on stderr.
    let o = run(&["render", "--config", shown, "--keys", ":5<Enter>r"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("1/77 read"));
    assert!(stderr(&o).contains(":3: [keys] serch is not an action") && stderr(&o).contains("the defaults are used"));
    // A file that is not there, when named, is said once.
    let o = run(&["render", "--config", "/nonexistent/planview.toml"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("/nonexistent/planview.toml: no such file"));
    // Syntax errors too, with their line.
    let path = config(dir.path(), "[keys]\nquit = \"q\n");
    let o = run(&["config", "--config", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).starts_with(&format!("planview: {}:2: ", path.display())), "{}", stderr(&o));
    assert_eq!(stderr(&o).lines().count(), 1);
}

#[test]
fn views_unit_and_goto_open_where_asked() {
    let dir = tempfile::tempdir().unwrap();
    let path = config(
        dir.path(),
        "[views.mine]\nunit = \"sfj\"\nlead_only = true\n\n[views.lawyers]\nsearch = \"律师\"\nmarked = \"unread\"\n\
         \n[views.broken]\nunit = \"没有这个单位\"\n",
    );
    let config_arg = path.to_str().unwrap();
    let o = run(&["render", "--config", config_arg, "--view", "mine"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("县司法局 · lead · 8 measures"), "{}", stdout(&o));
    let o = run(&["render", "--config", config_arg, "--view", "lawyers"]);
    assert!(stdout(&o).contains("/律师 · unread · 7 measures"), "{}", stdout(&o));
    // An unknown view, or a view that cannot be applied: one line, exit 2.
    let o = run(&["render", "--config", config_arg, "--view", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o).trim(), "planview: no view nope (the config file has mine, lawyers, broken)");
    let o = run(&["render", "--config", config_arg, "--view", "broken"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("view broken: no responsible unit matches 没有这个单位"), "{}", stderr(&o));
    // --unit takes pinyin; an ambiguous part lists the candidates.
    let o = run(&["render", "--unit", "sfj"]);
    assert!(stdout(&o).contains("县司法局 · 40 measures"), "{}", stdout(&o));
    let o = run(&["render", "--unit", "县", "--lead-only"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.starts_with("planview: --unit: 县 matches ") && err.contains("县司法局") && err.lines().count() == 1,
        "{err}"
    );
    // --goto selects a measure; one that is not there is an error.
    let o = run(&["render", "--goto", "12"]);
    assert!(stdout(&o).contains("measure 12/77"), "{}", stdout(&o));
    let o = run(&["render", "--goto", "99"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o).trim(), "planview: --goto: No measure 99 (this plan has 1–77)");
}

#[test]
fn the_views_list_applies_a_view() {
    let views = "[views.mine]\nunit = \"县司法局\"\n[views.flagged]\nmarked = \"flagged\"\n";
    let (app, screen) = app_with(views, "v");
    assert_eq!(app.mode.kind(), planview::app::ModeKind::Views);
    assert!(screen.contains("saved views · 2") && screen.contains("mine") && screen.contains("县司法局"), "{screen}");
    let (app, screen) = app_with(views, "vj<Enter>");
    assert_eq!(app.mark_filter, planview::marks::MarkFilter::Flagged);
    assert!(status_line(&screen).contains("View flagged"), "{}", status_line(&screen));
    let (app, _) = app_with(views, "v<Enter>");
    assert_eq!(app.unit_filter.as_ref().unwrap().name, "县司法局");
    assert_eq!(selected_number(&app).as_deref(), Some("1"));
    // Without views, v says where they come from.
    let (_, screen) = app_with("", "v");
    assert!(status_line(&screen).contains("No saved views"), "{}", status_line(&screen));
}

#[test]
fn the_look_follows_the_config() {
    use ratatui::style::Color;
    // ASCII borders, for terminals that draw box-drawing characters wide.
    let (_, screen) = app_with("[ui]\nborders = \"ascii\"\n", "");
    assert!(screen.lines().nth(1).unwrap().starts_with("+ contents -"), "{screen}");
    assert!(!screen.contains('┌') && !screen.contains('│'), "{screen}");
    // … and nothing else a terminal may draw two columns wide: the symbols and the document's
    // own “ ” — … · become ASCII, so every row is as wide in an East Asian terminal.
    use unicode_width::UnicodeWidthStr;
    for keys in ["", ":12<Enter>", "w", "/宪法<Enter>"] {
        let (_, screen) = app_with("[ui]\nborders = \"ascii\"\n", keys);
        for row in screen.lines() {
            assert_eq!(row.width_cjk(), row.width(), "{keys}: {row}");
        }
    }
    let (_, unicode) = app_with("", "w");
    assert!(unicode.lines().any(|row| row.width_cjk() != row.width()), "the default keeps ─ │ █ ·");
    // The tree's width.
    let (app, _) = app_with("[ui]\ntree_width = 25\n", "");
    assert_eq!(app.areas().tree.unwrap().0.width, 30, "a quarter of 120 columns");
    // A light theme: the selected row stays visible on white.
    let settings = planview::config::parse("[ui]\ntheme = \"light\"\n").unwrap();
    let (app, buffer) =
        replay(Library::open(&[]), 120, 40, "", Options { color: true, mouse: true, settings, ..Options::default() })
            .unwrap();
    let row = app.tree.selected - app.tree.offset;
    let (_, tree) = app.areas().tree.unwrap();
    let cell = &buffer[(tree.x + 2, tree.y + row as u16)];
    assert_eq!((cell.fg, cell.bg), (Color::White, Color::Blue));
    // The background unknown (theme auto, the terminal did not say): the selection is in
    // reverse video, which reads on white and on black.
    let (app, buffer) =
        replay(Library::open(&[]), 120, 40, "", Options { color: true, mouse: true, ..Options::default() }).unwrap();
    let row = app.tree.selected - app.tree.offset;
    let cell = &buffer[(tree.x + 2, tree.y + row as u16)];
    assert!(cell.modifier.contains(ratatui::style::Modifier::REVERSED), "{cell:?}");
    // What the terminal tells decides what was left to auto, and nothing the file set.
    let mut settings = planview::app::settings::Settings::default();
    settings.fit_terminal(Some(true), Some(true));
    assert_eq!((settings.borders, settings.theme), (Borders::Ascii, ThemeName::Light));
    let mut settings = planview::config::parse("[ui]\ntheme = \"dark\"\nborders = \"unicode\"\n").unwrap();
    settings.fit_terminal(Some(true), Some(true));
    assert_eq!((settings.borders, settings.theme), (Borders::Unicode, ThemeName::Dark));
    let mut settings = planview::app::settings::Settings::default();
    settings.fit_terminal(None, None);
    assert_eq!((settings.borders, settings.theme), (Borders::Auto, ThemeName::Auto));
    // Mono: no colour at all.
    let settings = planview::config::parse("[ui]\ntheme = \"mono\"\n").unwrap();
    let (_, buffer) = replay(
        Library::open(&[]),
        120,
        40,
        "/律师",
        Options { color: true, mouse: true, settings, ..Options::default() },
    )
    .unwrap();
    assert!(buffer.content().iter().all(|c| c.fg == Color::Reset && c.bg == Color::Reset));
}

#[test]
fn hostile_config_text_never_reaches_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let path = config(
        dir.path(),
        "[keys]\n\"a\\u001b]2;PWNED\\u0007b\" = \"q\"\n[views.\"v\\u001b[2J\"]\nsearch = \"律师\\u202e\"\n",
    );
    let o = run(&["config", "--config", path.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}') && err.contains("PWNED"), "{err:?}");
    // In the browser the status line shows it cleaned.
    let loaded = planview::config::load(&planview::config::Origin::Named(path));
    let mut app = App::new(Library::open(&[]), 120, 40, Options::default(), planview::marks::Store::in_memory());
    app.say(loaded.summary.unwrap(), planview::app::Severity::Error);
    let text = &app.message.as_ref().unwrap().text;
    assert!(text.contains("a?]2;PWNED?b is not an action"), "{text:?}");
}

mod props {
    use planview::app::key::Key;
    use proptest::prelude::*;

    /// Pieces config files are made of, right and wrong.
    fn fragment() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("[keys]\n".to_string()),
            Just("[keys.tree]\n".to_string()),
            Just("[keys.picker]\n".to_string()),
            Just("[ui]\n".to_string()),
            Just("[views.a]\n".to_string()),
            Just("[views.\"司法\"]\n".to_string()),
            "[a-z_]{1,12} = \"[a-z<>A-Z-]{0,8}\"\n",
            "(quit|search|mark_read|down|accept|cancel) = \\[(\"[a-z<>CA-]{1,7}\", ?){0,3}\\]\n",
            "(theme|borders|language|tree_width|unit|marked|search|goto|lead_only) = (\"[a-z律师]{0,6}\"|[0-9]{1,3}|true)\n",
            "[\\PC]{0,20}\n",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        /// Any text is read or refused with problems on real lines, one line each; what is
        /// read prints back as a config that reads to the same settings.
        #[test]
        fn any_text_is_read_or_refused_cleanly(parts in proptest::collection::vec(fragment(), 0..12)) {
            let text = parts.concat();
            let lines = text.lines().count().max(1) + 1;
            match planview::config::parse(&text) {
                Ok(settings) => {
                    let printed = planview::config::effective(&settings, "");
                    prop_assert_eq!(planview::config::parse(&printed).unwrap(), settings);
                }
                Err(problems) => {
                    prop_assert!(!problems.is_empty());
                    for p in problems {
                        prop_assert!(p.line >= 1 && p.line <= lines, "line {} of {}", p.line, lines);
                        prop_assert!(!p.what.contains('\n'), "{:?}", p.what);
                    }
                }
            }
        }

        /// A key that reads prints in the notation it reads back from.
        #[test]
        fn keys_print_what_they_read(text in "<([CAMS]-){0,2}[a-zA-Z0-9]{1,9}>|[\\PC]") {
            if let Ok(key) = Key::parse(&text) {
                prop_assert_eq!(Key::parse(&key.to_string()).unwrap(), key);
            }
        }
    }
}
