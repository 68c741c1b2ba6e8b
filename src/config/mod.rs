//! The user's config file, `$XDG_CONFIG_HOME/planview/config.toml` (`--config PATH`,
//! `PLANVIEW_CONFIG`): keys per context, the look, saved views. The defaults are built into
//! planview; the file sets only what it names, on top of them. A file that cannot be used
//! is reported, a line per problem naming the line and the key, and planview goes on with
//! the defaults.
//!
//! ```toml
//! [keys]              # the browser (tree and text pane): action = key or [keys]
//! search = ["/", "s"]
//! [keys.tree]         # one context: tree detail search_bar jump_bar picker workload note
//! mark_read = "r"     #   confirm help_page view_list
//! [ui]
//! theme = "auto"      # auto | dark | light | mono
//! borders = "auto"    # auto | unicode | ascii
//! tree_width = "auto" # or a percent of the width, 10–90
//! language = "auto"   # auto | zh | en
//! [views.mine]
//! unit = "县司法局"
//! lead_only = true
//! marked = "unread"   # all | unread | flagged
//! search = "律师"
//! ```

mod print;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::app::action::Action;
use crate::app::key::Key;
use crate::app::keymap::{BROWSING, KeyContext};
use crate::app::settings::{Borders, Language, SavedView, Settings, ThemeName};
use crate::marks::MarkFilter;
use crate::text::safety::display_path;
use crate::tr;

pub use print::effective;

/// The largest config file read (a config is a few hundred bytes).
const MAX_BYTES: u64 = 1 << 20;

/// Where the config comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// `--config PATH` or `PLANVIEW_CONFIG`: it must exist.
    Named(PathBuf),
    /// The platform's config folder: a missing file means the defaults.
    Default(PathBuf),
    /// No config folder found.
    Nowhere,
}

impl Origin {
    /// `--config` / `PLANVIEW_CONFIG` if given, else the platform's config folder.
    pub fn find(named: Option<PathBuf>) -> Origin {
        if let Some(path) = named {
            return Origin::Named(path);
        }
        use etcetera::BaseStrategy;
        match etcetera::choose_base_strategy() {
            Ok(strategy) => Origin::Default(strategy.config_dir().join("planview").join("config.toml")),
            Err(_) => Origin::Nowhere,
        }
    }

    pub fn path(&self) -> Option<&Path> {
        match self {
            Origin::Named(path) | Origin::Default(path) => Some(path),
            Origin::Nowhere => None,
        }
    }
}

/// The settings to use, and the problems of the file (each one line); with any problem the
/// settings are the defaults.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub settings: Settings,
    /// Every problem, a line each: `PATH:LINE: what`.
    pub errors: Vec<String>,
    /// The first problem for the status line, the file named by its name only.
    pub summary: Option<String>,
}

impl Loaded {
    fn failed(path: &Path, problems: Vec<String>) -> Loaded {
        let shown = display_path(path);
        let name = path.file_name().map_or_else(|| shown.clone(), |n| display_path(Path::new(n)));
        let summary = problems.first().map(|first| {
            if problems.len() > 1 {
                tr!("config-summary-more", name = &name, first = first, more = problems.len() - 1)
            } else {
                tr!("config-summary", name = &name, first = first)
            }
        });
        Loaded {
            settings: Settings::default(),
            errors: problems.iter().map(|p| format!("{shown}{p}")).collect(),
            summary,
        }
    }
}

/// Reads the config from where it is.
pub fn load(origin: &Origin) -> Loaded {
    let Some(path) = origin.path() else { return Loaded::default() };
    let text = match read(path) {
        Ok(text) => text,
        Err(Unread::Missing) if matches!(origin, Origin::Default(_)) => return Loaded::default(),
        Err(why) => return Loaded::failed(path, vec![format!(": {why}")]),
    };
    match parse(&text) {
        Ok(settings) => Loaded { settings, ..Loaded::default() },
        Err(problems) => {
            Loaded::failed(path, problems.into_iter().map(|e| format!(":{}: {}", e.line, e.what)).collect())
        }
    }
}

/// Why a config file was not read.
#[derive(Debug, thiserror::Error)]
enum Unread {
    #[error("{}", tr!("config-missing"))]
    Missing,
    #[error("{}", tr!("config-not-a-file"))]
    NotAFile,
    #[error("{}", tr!("config-too-large", kib = MAX_BYTES >> 10))]
    TooLarge,
    #[error("{}", tr!("config-not-text"))]
    NotText,
    #[error("{0}")]
    Io(std::io::Error),
}

/// Reads a regular file of at most [`MAX_BYTES`] (never a FIFO or a device, which could
/// block or never end).
fn read(path: &Path) -> Result<String, Unread> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Unread::Missing,
        _ => Unread::Io(e),
    })?;
    if !meta.is_file() {
        return Err(Unread::NotAFile);
    }
    if meta.len() > MAX_BYTES {
        return Err(Unread::TooLarge);
    }
    let mut bytes = Vec::new();
    File::open(path).and_then(|f| f.take(MAX_BYTES + 1).read_to_end(&mut bytes)).map_err(Unread::Io)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(Unread::TooLarge);
    }
    let text = String::from_utf8(bytes).map_err(|_| Unread::NotText)?;
    Ok(text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text))
}

/// A problem in the file: the line (1-based) and what is wrong, naming the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub what: String,
}

/// The file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    keys: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
    #[serde(default)]
    ui: UiFile,
    #[serde(default)]
    views: BTreeMap<Spanned<String>, Spanned<ViewFile>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct UiFile {
    theme: Option<Spanned<String>>,
    borders: Option<Spanned<String>>,
    tree_width: Option<Spanned<toml::Value>>,
    language: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ViewFile {
    unit: Option<String>,
    #[serde(default)]
    lead_only: bool,
    marked: Option<Spanned<String>>,
    search: Option<String>,
    goto: Option<String>,
}

/// Reads a config text into settings (the defaults, with what the text sets); Err: every
/// problem found.
/// toml's messages in the interface language: the common ones are rewritten (a misspelt
/// setting, a key given twice), the rest kept as toml words them.
fn toml_message(message: &str) -> String {
    let quoted = |text: &str| -> Vec<String> { text.split('`').skip(1).step_by(2).map(String::from).collect() };
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let names = quoted(rest);
        if let Some((name, expected)) = names.split_first() {
            return tr!("config-unknown-field", name = name.as_str(), expected = expected.join(", "));
        }
    }
    if let Some(rest) = message.strip_prefix("duplicate key") {
        return match quoted(rest).first() {
            Some(name) => tr!("config-duplicate-key", name = name.as_str()),
            None => tr!("config-duplicate"),
        };
    }
    message.to_string()
}

pub fn parse(text: &str) -> Result<Settings, Vec<Problem>> {
    let lines = LineIndex::new(text);
    let file: ConfigFile = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(1, |s| lines.line(s.start));
        // toml's message is one line; the file's own text is not repeated.
        let what = e.message().lines().next().map_or_else(|| tr!("config-not-toml"), |l| toml_message(l.trim()));
        vec![Problem { line, what }]
    })?;
    let mut settings = Settings::default();
    let mut problems = Vec::new();
    let mut problem = |span: Range<usize>, what: String| problems.push(Problem { line: lines.line(span.start), what });

    // [keys]: actions for the browser, and tables for one context each.
    // The browser's entries first, then the contexts' (which override them).
    for (name, value) in file.keys.iter().filter(|(_, v)| !v.get_ref().is_table()) {
        bind(&mut settings, BROWSING, "keys", name, value, &mut problem);
    }
    for (name, value) in &file.keys {
        let toml::Value::Table(table) = value.get_ref() else { continue };
        match KeyContext::from_name(name.get_ref()) {
            Some(context) => bind_table(&mut settings, context, name.get_ref(), table, text, &mut problem),
            None => problem(
                name.span(),
                tr!(
                    "config-not-a-context",
                    name = name.get_ref(),
                    contexts = KeyContext::ALL.map(KeyContext::name).join(", ")
                ),
            ),
        }
    }

    // [ui]
    if let Some(theme) = &file.ui.theme {
        match theme.get_ref().as_str() {
            "auto" => settings.theme = ThemeName::Auto,
            "dark" => settings.theme = ThemeName::Dark,
            "light" => settings.theme = ThemeName::Light,
            "mono" => settings.theme = ThemeName::Mono,
            other => problem(theme.span(), bad_choice("theme", other, &["auto", "dark", "light", "mono"])),
        }
    }
    if let Some(borders) = &file.ui.borders {
        match borders.get_ref().as_str() {
            "auto" => settings.borders = Borders::Auto,
            "unicode" => settings.borders = Borders::Unicode,
            "ascii" => settings.borders = Borders::Ascii,
            other => problem(borders.span(), bad_choice("borders", other, &["auto", "unicode", "ascii"])),
        }
    }
    if let Some(language) = &file.ui.language {
        match language.get_ref().as_str() {
            "auto" => settings.language = Language::Auto,
            "zh" => settings.language = Language::Zh,
            "en" => settings.language = Language::En,
            other => problem(language.span(), bad_choice("language", other, &["auto", "zh", "en"])),
        }
    }
    if let Some(width) = &file.ui.tree_width {
        match width.get_ref() {
            toml::Value::String(s) if s == "auto" => settings.tree_width = None,
            toml::Value::Integer(n) if (10..=90).contains(n) => settings.tree_width = Some(*n as u8),
            other => {
                problem(width.span(), tr!("config-bad-tree-width", setting = "tree_width", value = other.to_string()))
            }
        }
    }

    // [views.NAME], in the order of the file.
    let mut views: Vec<_> = file.views.iter().collect();
    views.sort_by_key(|(name, _)| name.span().start);
    for (name, view) in views {
        let v = view.get_ref();
        let clean = |s: &str| crate::text::safety::sanitize_input(s).trim().to_string();
        let marked = match v.marked.as_ref().map(|m| (m, m.get_ref().as_str())) {
            None | Some((_, "all")) => MarkFilter::All,
            Some((_, "unread")) => MarkFilter::Unread,
            Some((_, "flagged")) => MarkFilter::Flagged,
            Some((m, other)) => {
                let (view, value) = (name.get_ref(), format!("{other:?}"));
                problem(
                    m.span(),
                    tr!(
                        "config-bad-marked",
                        view = view,
                        setting = "marked",
                        value = value,
                        choices = choices(&["all", "unread", "flagged"])
                    ),
                );
                continue;
            }
        };
        if v.lead_only && v.unit.is_none() {
            problem(
                view.span(),
                tr!("config-lead-only-alone", view = name.get_ref(), lead_only = "lead_only", unit = "unit"),
            );
            continue;
        }
        settings.views.push(SavedView {
            name: clean(name.get_ref()),
            unit: v.unit.as_deref().map(clean).filter(|u| !u.is_empty()),
            lead_only: v.lead_only,
            marked,
            search: v.search.as_deref().map(clean).filter(|s| !s.is_empty()),
            goto: v.goto.as_deref().map(clean).filter(|g| !g.is_empty()),
        });
    }
    if problems.is_empty() { Ok(settings) } else { Err(problems) }
}

/// `[ui] theme = "blue": use auto, dark, light or mono`.
fn bad_choice(setting: &str, value: &str, allowed: &[&str]) -> String {
    tr!("config-bad-choice", setting = setting, value = format!("{value:?}"), choices = choices(allowed))
}

/// `auto, dark, light or mono` (`auto、dark、light 或 mono`).
fn choices(allowed: &[&str]) -> String {
    let Some((last, rest)) = allowed.split_last() else { return String::new() };
    let separator = if crate::i18n::language() == crate::i18n::Lang::Zh { "、" } else { ", " };
    tr!("config-choices", rest = rest.join(separator), last = last)
}

/// Binds the entries of `[keys.CONTEXT]`. toml gives no spans inside a nested table, so an
/// entry's line is found in the text: the first line after the table's header that starts
/// with the action's name.
fn bind_table(
    settings: &mut Settings,
    context: KeyContext,
    section: &str,
    table: &toml::Table,
    text: &str,
    problem: &mut impl FnMut(Range<usize>, String),
) {
    let header = find_header(text, &format!("keys.{section}"));
    for (action, keys) in table {
        let at = find_entry(text, header, action).unwrap_or(header);
        let name = Spanned::new(at..at, action.clone());
        let value = Spanned::new(at..at, keys.clone());
        bind(settings, std::slice::from_ref(&context), &format!("keys.{section}"), &name, &value, problem);
    }
}

/// Binds one `action = key | [keys]` entry in the given contexts (the browser: each of
/// them where the action is bound by default).
fn bind(
    settings: &mut Settings,
    contexts: &[KeyContext],
    section: &str,
    name: &Spanned<String>,
    value: &Spanned<toml::Value>,
    problem: &mut impl FnMut(Range<usize>, String),
) {
    let Some(action) = Action::from_name(name.get_ref()) else {
        problem(name.span(), tr!("config-not-an-action", section = section, name = name.get_ref()));
        return;
    };
    let written: Vec<&str> = match value.get_ref() {
        toml::Value::String(s) => vec![s.as_str()],
        toml::Value::Array(items) => {
            let strings: Option<Vec<&str>> = items.iter().map(toml::Value::as_str).collect();
            match strings {
                Some(strings) => strings,
                None => {
                    problem(value.span(), tr!("config-keys-are-strings", section = section, action = action.name()));
                    return;
                }
            }
        }
        _ => {
            problem(value.span(), tr!("config-key-or-list", section = section, action = action.name()));
            return;
        }
    };
    let mut keys = Vec::new();
    for w in written {
        match Key::parse(w) {
            Ok(key) => keys.push(key),
            Err(e) => {
                problem(value.span(), format!("[{section}] {}: {e}", action.name()));
                return;
            }
        }
    }
    let mut bound = false;
    for &context in contexts {
        if settings.keymap.is_bindable(context, action) {
            // Checked above: it is bindable here.
            let _ = settings.keymap.bind(context, action, &keys);
            bound = true;
        }
    }
    if !bound {
        let context = if contexts == BROWSING { "keys" } else { section };
        problem(name.span(), tr!("config-not-here", section = context, action = action.name()));
    }
}

/// The byte offset of a `[header]` line, or 0.
fn find_header(text: &str, header: &str) -> usize {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if t.starts_with('[') && t.trim_start_matches('[').trim_end_matches(']').trim() == header {
            return at;
        }
        at += line.len();
    }
    0
}

/// The byte offset of the line `name = …` after `from`, if any.
fn find_entry(text: &str, from: usize, name: &str) -> Option<usize> {
    let mut at = from;
    for line in text.get(from..)?.split_inclusive('\n') {
        let t = line.trim_start();
        let key = t.split('=').next().unwrap_or("").trim().trim_matches('"');
        if key == name && t.contains('=') {
            return Some(at);
        }
        at += line.len();
    }
    None
}

/// Line numbers of byte offsets.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// The 1-based line of a byte offset.
    fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keymap::Keymap;

    fn problems(text: &str) -> Vec<(usize, String)> {
        parse(text).unwrap_err().into_iter().map(|p| (p.line, p.what)).collect()
    }

    #[test]
    fn no_file_and_an_empty_file_are_the_defaults() {
        assert_eq!(parse("").unwrap(), Settings::default());
        assert_eq!(parse("# nothing\n[ui]\n").unwrap(), Settings::default());
        assert_eq!(Settings::default().keymap, Keymap::defaults());
    }

    #[test]
    fn the_issue_example_is_read() {
        let settings = parse(
            "[keys]\nsearch = [\"/\", \"s\"]\nquit = \"q\"\n[keys.tree]\nmark_read = \"r\"\n[ui]\ntheme = \"auto\"\n\
             borders = \"auto\"\ntree_width = 38\nlanguage = \"auto\"\n\
             [views.mine]\nunit = \"县司法局\"\nlead_only = true\nmarked = \"unread\"\nsearch = \"律师\"\n",
        )
        .unwrap();
        let s = Key::char('s');
        assert_eq!(settings.keymap.keys(KeyContext::Tree, Action::Search), [Key::char('/'), s]);
        assert_eq!(settings.keymap.keys(KeyContext::Detail, Action::Search), [Key::char('/'), s]);
        assert_eq!(settings.keymap.keys(KeyContext::Tree, Action::Quit), [Key::char('q')], "<C-c> was replaced");
        assert_eq!(settings.tree_width, Some(38));
        assert_eq!(
            settings.views,
            [SavedView {
                name: "mine".into(),
                unit: Some("县司法局".into()),
                lead_only: true,
                marked: MarkFilter::Unread,
                search: Some("律师".into()),
                goto: None,
            }]
        );
    }

    #[test]
    fn the_effective_config_reads_back_to_the_same_settings() {
        let defaults = Settings::default();
        assert_eq!(parse(&effective(&defaults, "")).unwrap(), defaults);
        let custom = parse(
            "[keys]\nmark_read = \"x\"\nback = [\"<C-o>\", \"<BS>\"]\n[keys.detail]\ndown = \"J\"\n\
             [keys.picker]\ntoggle_role = \"<S-Tab>\"\n[keys.help_page]\ncancel = []\n\
             [ui]\ntheme = \"light\"\nborders = \"ascii\"\ntree_width = 25\nlanguage = \"zh\"\n\
             [views.\"司法 局\"]\nunit = \"sfj\"\nmarked = \"flagged\"\ngoto = \"12\"\n",
        )
        .unwrap();
        let printed = effective(&custom, " with a test file on top");
        assert_eq!(parse(&printed).unwrap(), custom, "{printed}");
        assert!(printed.contains("mark_read = \"x\""), "{printed}");
        assert!(printed.contains("[views.\"司法 局\"]"), "{printed}");
        // In Chinese too: only the comments differ.
        let _zh = crate::i18n::scoped(crate::i18n::Lang::Zh);
        let chinese = effective(&custom, "");
        assert_eq!(parse(&chinese).unwrap(), custom, "{chinese}");
        assert!(chinese.lines().any(|l| l.starts_with("mark_read = \"x\"") && l.ends_with("# 标为已读 / 未读")));
        assert!(chinese.contains("# 常用视图："), "{chinese}");
    }

    #[test]
    fn problems_are_told_in_chinese_too() {
        let _zh = crate::i18n::scoped(crate::i18n::Lang::Zh);
        let found = problems("[keys]\nserch = \"/\"\n[ui]\ntheme = \"blue\"\n[views.w]\nlead_only = true\n");
        let texts: Vec<&str> = found.iter().map(|(_, what)| what.as_str()).collect();
        assert_eq!(
            texts,
            [
                "[keys] serch 不是操作名（planview config 列出了全部操作）",
                "[ui] theme = \"blue\"：只能是 auto、dark、light 或 mono",
                "[views.w] 设了 lead_only 就要设 unit",
            ]
        );
        // toml's own complaints, the common ones: a misspelt setting, one given twice.
        let misspelt = parse("[ui]\nthem = 1\n").unwrap_err();
        assert_eq!(misspelt[0].what, "这里没有 them 这个设置项（可用的有：theme, borders, tree_width, language）");
        let twice = parse("[ui]\ntheme = \"dark\"\ntheme = \"light\"\n").unwrap_err();
        assert_eq!((twice[0].line, twice[0].what.as_str()), (3, "有设置项写了两次"));
    }

    #[test]
    fn every_problem_is_one_line_naming_the_line_and_the_key() {
        let found = problems(
            "[keys]\nserch = \"/\"\nquit = \"<Nope>\"\n[keys.tree]\nmark_read = 5\n[keys.nowhere]\nx = \"y\"\n\
             [keys.help_page]\nmark_read = \"r\"\n[ui]\ntheme = \"blue\"\ntree_width = 95\n[views.v]\nmarked = \"done\"\n\
             [views.w]\nlead_only = true\n",
        );
        let lines: Vec<usize> = found.iter().map(|(line, _)| *line).collect();
        let texts: Vec<&str> = found.iter().map(|(_, what)| what.as_str()).collect();
        for what in &texts {
            assert!(!what.contains('\n'), "{what}");
        }
        let expect = [
            (6, "[keys.nowhere] is not a key context"),
            (3, "[keys] quit: unknown key <Nope>"),
            (2, "[keys] serch is not an action"),
            (9, "[keys.help_page] mark_read: not an action of this context"),
            (5, "[keys.tree] mark_read: give a key or a list of keys"),
            (11, "[ui] theme = \"blue\": use auto, dark, light or mono"),
            (12, "[ui] tree_width = 95: use \"auto\" or a percent from 10 to 90"),
            (14, "[views.v] marked = \"done\": use all, unread or flagged"),
            (15, "[views.w] lead_only needs a unit"),
        ];
        for (line, start) in expect {
            assert!(
                found.iter().any(|(l, what)| *l == line && what.starts_with(start)),
                "no line {line} {start:?} in {found:#?}"
            );
        }
        assert_eq!(found.len(), expect.len(), "{found:#?}");
        let _ = lines;
    }

    #[test]
    fn toml_errors_name_the_line() {
        assert_eq!(problems("[ui]\ntheme = \"dark\"\ncolour = \"red\"\n")[0].0, 3);
        let (line, what) = problems("[keys]\nquit = \"q\n").remove(0);
        assert_eq!(line, 2, "{what}");
        assert!(!what.contains('\n'));
        let (line, what) = problems("[ui]\n\n[ui]\n").remove(0);
        assert_eq!(line, 3, "{what}");
        let (line, _) = problems("[keys]\nquit = \"q\"\n[unknown]\n").remove(0);
        assert_eq!(line, 3);
    }

    #[test]
    fn odd_files_are_reported_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let named = |p: &Path| load(&Origin::Named(p.to_path_buf())).errors;
        assert!(load(&Origin::Default(dir.path().join("none.toml"))).errors.is_empty(), "no file: defaults");
        assert!(named(&dir.path().join("none.toml"))[0].ends_with("none.toml: no such file"));
        assert!(named(dir.path())[0].ends_with(": not a regular file"));
        let big = dir.path().join("big.toml");
        std::fs::write(&big, "#".repeat(2 << 20)).unwrap();
        assert!(named(&big)[0].contains("larger than"));
        let binary = dir.path().join("bin.toml");
        std::fs::write(&binary, [0xff, 0xfe, 0x00]).unwrap();
        assert!(named(&binary)[0].ends_with("not UTF-8 text"));
        let bom = dir.path().join("bom.toml");
        std::fs::write(&bom, "\u{feff}[ui]\ntheme = \"mono\"\n").unwrap();
        let loaded = load(&Origin::Named(bom));
        assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
        assert_eq!(loaded.settings.theme, ThemeName::Mono);
        let hostile = dir.path().join("a\u{1b}[31mb.toml");
        std::fs::write(&hostile, "[ui]\ntheme = 1\n").unwrap();
        let shown = named(&hostile).remove(0);
        assert!(!shown.contains('\u{1b}') && shown.contains("a?[31mb.toml:2:"), "{shown}");
    }
}
