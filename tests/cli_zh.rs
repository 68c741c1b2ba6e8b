//! The commands in Chinese: `--help` of every command, the errors and `check`'s report; the
//! language chosen by `--lang`, the config file and the locale. (tests/cli.rs runs them in
//! English.)

mod common;

use std::path::Path;
use std::process::{Command, Output};

use clap::CommandFactory;
use planview::cli::Cli;
use planview::cli::help::{about_id, arg_id};
use planview::i18n::{self, Lang};

/// Every command (the `help` command's copies of them too) and every argument (clap's own
/// -h, -V and the global ones included) has its --help text in both languages.
#[test]
fn every_command_and_argument_has_its_help_in_both_languages() {
    let mut command = Cli::command();
    command.build();
    let mut missing = Vec::new();
    let mut seen = 0;
    let mut stack: Vec<(Vec<String>, &clap::Command)> = vec![(Vec::new(), &command)];
    while let Some((path, command)) = stack.pop() {
        let names: Vec<&str> = path.iter().map(String::as_str).collect();
        for lang in Lang::ALL {
            let id = about_id(&names);
            if !i18n::has(lang, &id) {
                missing.push(format!("{}: about of `{}` ({id})", lang.tag(), names.join(" ")));
            }
            for arg in command.get_arguments() {
                seen += 1;
                if arg_id(lang, &names, arg.get_id().as_str()).is_none() {
                    missing.push(format!("{}: `{}` {}", lang.tag(), names.join(" "), arg.get_id()));
                }
            }
        }
        for sub in command.get_subcommands() {
            let mut below = path.clone();
            below.push(sub.get_name().to_string());
            stack.push((below, sub));
        }
    }
    assert!(seen > 40, "the walk reaches the arguments ({seen})");
    assert!(missing.is_empty(), "no --help text: {missing:#?}");
    // The test can fail: an argument nobody wrote a text for is found.
    assert!(arg_id(Lang::Zh, &["export"], "no_such_argument").is_none());
}

fn planview(lang: Option<&str>, args: &[&str]) -> Output {
    let mut command = common::planview();
    if let Some(lang) = lang {
        command.args(["--lang", lang]);
    }
    command.args(args).output().unwrap()
}

fn zh(args: &[&str]) -> Output {
    planview(Some("zh"), args)
}

fn en(args: &[&str]) -> Output {
    planview(Some("en"), args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Latin words a Chinese text may hold: the program, formats, command names, the values an
/// option takes, JSON keys, key names and the examples of what to type.
const LATIN_ALLOWED: &[&str] = &[
    "planview",
    // Proper names.
    "Windows",
    "Excel",
    "Word",
    "due",
    "days",
    "left",
    "undone",
    "done",
    "path",
    "snippets",
    "deadline",
    "docx",
    "xlsx",
    "json",
    "JSON",
    "md",
    "csv",
    "CSV",
    "Markdown",
    "toml",
    "config",
    "marks",
    "views",
    "render",
    "check",
    "search",
    "units",
    "export",
    "show",
    "merge",
    "help",
    "read",
    "unread",
    "flagged",
    "zh",
    "en",
    "xfxs",
    "sfj",
    "number",
    "title",
    "plan",
    "name",
    "kind",
    "total",
    "lead",
    "spellings",
    "measures",
    "Enter",
    "Esc",
    "Tab",
    "Del",
    "Up",
    "Down",
    "Left",
    "Right",
    "PageUp",
    "PageDown",
    "Home",
    "End",
    "Space",
    "lt",
    "Ctrl",
    "Alt",
    "UTF",
];

/// The English words left in `text` once option names (`--lead-only`, `-h`), value names
/// (`<PATH>`, `[FILES]`), environment variables and the words above are taken out.
fn english_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    for token in text.split(|c: char| c.is_whitespace() || is_han(c) || "，。；：、（）【】".contains(c)) {
        let token = token.trim_matches(|c: char| "()[]'\"`,.;:".contains(c));
        if token.starts_with('-') || token.starts_with('<') || token.starts_with('$') || token.contains('/') {
            continue;
        }
        for word in token.split(|c: char| !c.is_ascii_alphabetic()) {
            let upper = word.chars().all(|c| c.is_ascii_uppercase());
            if word.len() >= 3 && !upper && !LATIN_ALLOWED.contains(&word) {
                words.push(word.to_string());
            }
        }
    }
    words
}

/// The Han characters left in an English `text` once the example data is taken out.
fn han(text: &str) -> String {
    let mut text = text.to_string();
    for data in ["实施意见", "实施方案", "工作要点", "二.1", "宪法", "律师 公安"] {
        text = text.replace(data, "");
    }
    text.chars().filter(|c| is_han(*c)).collect()
}

const COMMANDS: &[&[&str]] = &[
    &[],
    &["render"],
    &["check"],
    &["search"],
    &["units"],
    &["export"],
    &["due"],
    &["marks"],
    &["marks", "show"],
    &["marks", "merge"],
    &["config"],
];

#[test]
fn every_help_is_chinese_in_chinese_and_english_in_english() {
    for command in COMMANDS {
        for help in ["--help", "-h"] {
            let mut args = command.to_vec();
            args.push(help);
            let o = zh(&args);
            assert_eq!(o.status.code(), Some(0), "{args:?}");
            let text = stdout(&o);
            assert!(text.contains("用法：planview"), "{args:?}: {text}");
            assert!(text.contains("显示帮助"), "{args:?}: {text}");
            let words = english_words(&text);
            assert!(words.is_empty(), "{args:?}: English {words:?} in\n{text}");
            let o = en(&args);
            let text = stdout(&o);
            assert!(text.contains("Usage: planview") && text.contains("Print help"), "{args:?}: {text}");
            assert!(han(&text).is_empty(), "{args:?}: Chinese {:?} in\n{text}", han(&text));
        }
    }
    // The help command, and clap's notes in Chinese.
    let text = stdout(&zh(&["help", "export"]));
    assert!(text.contains("用法：planview export") && text.contains("[可选：json、md、csv、xlsx、docx]"), "{text}");
    let text = stdout(&zh(&["render", "--help"]));
    assert!(text.contains("[默认：120]") && text.contains("[环境变量：PLANVIEW_STATE]"), "{text}");
    for heading in ["参数：", "选项："] {
        assert!(text.lines().any(|l| l == heading), "{heading}: {text}");
    }
    // The checks can fail.
    assert_eq!(english_words("Print help for --lead-only <PATH>"), ["Print", "for"]);
    assert_eq!(han("Open at 二.1 of 实施意见 or 第三"), "第三");
}

#[test]
fn english_help_reads_as_before() {
    let text = stdout(&en(&["export", "--help"]));
    assert!(
        text.starts_with(
            "Write plans (or one unit's duty list, or a duty list for every unit) as JSON, Markdown, CSV, an Excel \
             workbook or a Word document\n\nUsage: "
        ),
        "{text}"
    );
    assert!(text.contains("\nOptions:\n") && text.contains("[possible values: json, md, csv, xlsx, docx]"), "{text}");
    let text = stdout(&en(&["--help"]));
    assert!(text.contains("Chinese government policy plans (实施意见, 实施方案, 工作要点)"), "{text}");
    assert!(text.contains("  -V, --version        Print version"), "{text}");
}

#[test]
fn usage_errors_begin_in_chinese() {
    let cases: &[(&[&str], &str)] = &[
        (&["--bogus"], "错误：没有 '--bogus' 这个参数"),
        (&["marks", "merge"], "错误：缺少必填的参数：<FILE>"),
        (&["export", "--format", "pdf"], "错误：'--format <FORMAT>' 不能取 'pdf'"),
        (&["render", "--width"], "错误：'--width <WIDTH>' 后面要写一个值"),
        (&["marks", "shw"], "错误：没有 'shw' 这个命令"),
        (&["render", "--height", "0"], "错误：'--height <HEIGHT>' 不能取 '0'：只能是 1 到 1000"),
    ];
    for (args, first) in cases {
        let o = zh(args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().next(), Some(*first), "{args:?}: {err}");
        assert!(err.contains("详细说明请看 '--help'。"), "{args:?}: {err}");
        assert!(en(args).status.code() == Some(2));
    }
    // export without a format (nor -o FILE.ext to tell it) is a usage error of planview's own.
    let o = zh(&["export"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("planview: export：请用 --format json|md|csv|xlsx|docx 指定格式"), "{}", stderr(&o));
    let err = stderr(&planview(None, &["--lang", "fr"]));
    assert!(err.contains("只能是 zh 或 en") || err.contains("use zh or en"), "{err}");
}

/// The language of a run's `--help`: by its usage heading.
fn help_language(command: &mut Command) -> Lang {
    let text = String::from_utf8(command.arg("--help").output().unwrap().stdout).unwrap();
    if text.contains("用法：") {
        Lang::Zh
    } else {
        assert!(text.contains("Usage:"), "{text}");
        Lang::En
    }
}

#[test]
fn the_language_comes_from_lang_then_the_config_then_the_locale() {
    let locale = |pairs: &[(&str, &str)]| {
        let mut command = common::planview();
        command.env_remove("LC_ALL").env_remove("LC_MESSAGES").env_remove("LANG");
        for (name, value) in pairs {
            command.env(name, value);
        }
        command
    };
    assert_eq!(help_language(&mut locale(&[("LC_ALL", "zh_CN.UTF-8")])), Lang::Zh);
    assert_eq!(help_language(&mut locale(&[("LANG", "C")])), Lang::Zh);
    assert_eq!(help_language(&mut locale(&[])), Lang::Zh);
    assert_eq!(help_language(&mut locale(&[("LC_ALL", "en_US.UTF-8")])), Lang::En);
    assert_eq!(help_language(&mut locale(&[("LANG", "en_GB.UTF-8")])), Lang::En);

    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[ui]\nlanguage = \"en\"\n").unwrap();
    let path = config.to_str().unwrap();
    // The config file over a Chinese locale, named either way.
    assert_eq!(help_language(locale(&[("LC_ALL", "zh_CN.UTF-8")]).args(["--config", path])), Lang::En);
    assert_eq!(help_language(locale(&[("LANG", "zh_CN.UTF-8")]).env("PLANVIEW_CONFIG", path)), Lang::En);
    // --lang over the config file.
    assert_eq!(help_language(locale(&[("LC_ALL", "en_US.UTF-8")]).args(["--config", path, "--lang", "zh"])), Lang::Zh);
    std::fs::write(&config, "[ui]\nlanguage = \"zh\"\n").unwrap();
    assert_eq!(help_language(locale(&[("LC_ALL", "en_US.UTF-8")]).args(["--config", path])), Lang::Zh);
    assert_eq!(help_language(locale(&[]).args(["--config", path, "--lang=en"])), Lang::En);
    // A command's errors follow too, not only --help.
    let o = locale(&[("LANG", "C")]).args(["check", "/nonexistent/计划.txt"]).output().unwrap();
    assert!(stderr(&o).contains("/nonexistent/计划.txt：没有这个文件"), "{}", stderr(&o));
}

/// A command's error in both languages: one line each, naming `name`, the same exit code;
/// the Chinese one says `problem` and has no English words.
fn one_line_in_both(args: &[&str], name: &str, problem: &str, english: &str) {
    let z = zh(args);
    let e = en(args);
    let (zerr, eerr) = (stderr(&z), stderr(&e));
    assert_eq!(z.status.code(), e.status.code(), "{args:?}: {zerr} / {eerr}");
    assert_ne!(z.status.code(), Some(0), "{args:?}");
    assert_eq!(zerr.lines().count(), 1, "{args:?}: {zerr}");
    assert_eq!(eerr.lines().count(), 1, "{args:?}: {eerr}");
    assert!(zerr.starts_with("planview: ") && zerr.contains(name) && zerr.contains(problem), "{args:?}: {zerr}");
    assert!(eerr.contains(name) && eerr.contains(english), "{args:?}: {eerr}");
    let without_name = zerr.replace(name, "");
    let words = english_words(&without_name);
    assert!(words.is_empty(), "{args:?}: English {words:?} in {zerr}");
}

#[test]
fn errors_are_one_chinese_line_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.txt");
    let missing = missing.to_str().unwrap();
    let not_a_plan = common::fixture("not_a_plan.txt");
    let not_a_plan = not_a_plan.to_str().unwrap();
    for command in [&["check"][..], &["units"], &["export", "--format", "json"], &["search", "宪法"]] {
        let mut args = command.to_vec();
        args.push(missing);
        one_line_in_both(&args, missing, "：没有这个文件", ": no such file");
        let mut args = command.to_vec();
        args.push(not_a_plan);
        one_line_in_both(&args, not_a_plan, "：不是政策文件", ": not a plan");
    }
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    one_line_in_both(&["check", empty.to_str().unwrap()], empty.to_str().unwrap(), "：空文件", "empty file");

    let marks = dir.path().join("marks.json");
    std::fs::write(&marks, "{\"version\": 1, \"plans\": {").unwrap();
    let marks = marks.to_str().unwrap();
    one_line_in_both(&["marks", "show", "--state", marks], marks, "：标记文件已损坏", "damaged marks file");
    one_line_in_both(&["export", "--format", "csv", "--state", marks], marks, "：标记文件已损坏", "damaged marks file");
    assert_eq!(zh(&["marks", "show", "--state", marks]).status.code(), Some(2));

    one_line_in_both(
        &["export", "--format", "md", "--unit", "不存在的局"],
        "不存在的局",
        "没有叫 不存在的局 的单位",
        "no unit named",
    );
    // Why the browser finds no such unit is said by the browser's own messages (src/app);
    // the line around it is the command line's.
    let args = ["render", "--unit", "不存在的局"];
    let (z, e) = (zh(&args), en(&args));
    assert_eq!((z.status.code(), e.status.code()), (Some(2), Some(2)));
    let err = stderr(&z);
    assert!(err.starts_with("planview: --unit：") && err.contains("不存在的局"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn check_reports_the_seed_in_chinese() {
    let o = zh(&["check"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for line in [
        "seeds/000_72b3b9fd10627f4b.txt：文件 株县发〔2015〕1号",
        "  标题        关于全面推进法治渌湘建设的实施意见",
        "  结构        7 章 · 27 节 · 77 条措施（1–77） · 编码 UTF-8",
        "  措施        有编号 77 条 · 无编号 0 条 · 来自表格 0 条",
        "  警告        无",
    ] {
        assert!(out.lines().any(|l| l == line), "{line:?} in\n{out}");
    }
    let words = english_words(&out);
    assert!(words.is_empty(), "English {words:?} in\n{out}");
    // English as before.
    let out = stdout(&en(&["check"]));
    assert!(out.contains("  structure  7 chapters · 27 sections · 77 measures (1–77) · encoding UTF-8"), "{out}");
}

#[test]
fn the_other_commands_speak_chinese() {
    let out = stdout(&zh(&["search", "宪法"]));
    assert!(out.ends_with("1 个文件中共命中 4 条措施\n"), "{out}");
    let out = stdout(&zh(&["units"]));
    let heading = out.lines().next().unwrap();
    assert!(heading.starts_with("单位 ") && heading.ends_with("参与  牵头  措施（* 为牵头）"), "{heading}");

    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine.json");
    let out = stdout(&zh(&["marks", "show", "--state", mine.to_str().unwrap()]));
    assert!(out.contains("里没有标记"), "{out}");
    let theirs = dir.path().join("theirs.json");
    let text = r#"{"version":1,"plans":{"株县发〔2015〕1号":{"12":{"read":true,"flagged":true,"note":"","updated":"2026-11-29T10:00:00Z"}}}}"#;
    std::fs::write(&theirs, text).unwrap();
    let o = zh(&["marks", "merge", theirs.to_str().unwrap(), "--state", mine.to_str().unwrap()]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(out.contains("株县发〔2015〕1号 · 12: 已读、关注") && out.contains("里改了 1 条措施"), "{out}");
    let out = stdout(&zh(&["marks", "show", "--state", mine.to_str().unwrap()]));
    assert!(out.contains("  12     已读 关注"), "{out}");
    assert!(Path::new(&mine).exists());
}
