//! The interface's messages: every id in both languages, every id the code uses present,
//! each language in its own script.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use planview::i18n::{Lang, SOURCES};

/// Every `message` and `message.attribute` id of a language's files.
fn ids(lang: Lang) -> BTreeMap<String, &'static str> {
    let mut ids = BTreeMap::new();
    for (l, file, source) in SOURCES {
        if l != lang {
            continue;
        }
        let resource = fluent_syntax::parser::parse(source)
            .unwrap_or_else(|(_, errors)| panic!("{}/{file} does not parse: {errors:?}", lang.tag()));
        for entry in resource.body {
            if let Entry::Message(message) = entry {
                let id = message.id.name.to_string();
                if message.value.is_some() {
                    assert!(ids.insert(id.clone(), file).is_none(), "{}: {id} twice", lang.tag());
                }
                for attribute in message.attributes {
                    ids.insert(format!("{id}.{}", attribute.id.name), file);
                }
            }
        }
    }
    ids
}

#[test]
fn every_message_is_in_both_languages_and_in_the_same_file() {
    let zh = ids(Lang::Zh);
    let en = ids(Lang::En);
    let only = |a: &BTreeMap<String, &str>, b: &BTreeMap<String, &str>| {
        a.keys().filter(|id| !b.contains_key(*id)).cloned().collect::<Vec<_>>()
    };
    assert!(only(&zh, &en).is_empty(), "in Chinese only: {:?}", only(&zh, &en));
    assert!(only(&en, &zh).is_empty(), "in English only: {:?}", only(&en, &zh));
    for (id, file) in &zh {
        assert_eq!(en[id], *file, "{id} is in zh-CN/{file} but en-US/{}", en[id]);
    }
    assert!(!zh.is_empty(), "the message files are read");
}

#[test]
fn every_message_file_is_built_in() {
    for lang in Lang::ALL {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/locales").join(lang.tag());
        let on_disk: BTreeSet<String> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".ftl"))
            .collect();
        let built_in: BTreeSet<String> =
            SOURCES.iter().filter(|(l, _, _)| *l == lang).map(|(_, file, _)| file.to_string()).collect();
        assert_eq!(on_disk, built_in, "{}: the files in the folder and in i18n::SOURCES", lang.tag());
    }
}

/// The ids the code asks for: `tr!("id"`, `i18n::message("id"` and `tr_id("id"` literals.
fn used_ids() -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![src];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let source = std::fs::read_to_string(&path).unwrap();
                // Comments show the macro with made-up ids.
                let text: String =
                    source.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
                for opener in ["tr!(\"", "i18n::message(\"", "tr_id(\""] {
                    for (at, _) in text.match_indices(opener) {
                        // `include_str!("…")` ends like `tr!("`.
                        let before = text[..at].chars().next_back();
                        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                            continue;
                        }
                        let rest = &text[at + opener.len()..];
                        let id = &rest[..rest.find('"').unwrap()];
                        used.insert(id.to_string());
                    }
                }
            }
        }
    }
    used
}

#[test]
fn every_id_the_code_uses_exists_in_both_languages() {
    let used = used_ids();
    assert!(used.contains("count-measures"), "the scan finds the code's ids");
    for lang in Lang::ALL {
        let ids = ids(lang);
        let missing: Vec<_> = used.iter().filter(|id| !ids.contains_key(*id) && *id != "no-such-message").collect();
        assert!(missing.is_empty(), "{}: missing {missing:?}", lang.tag());
    }
}

/// The literal text of a pattern, placeables' variants included, arguments left out.
fn literal_text(pattern: &Pattern<&str>, out: &mut String) {
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => out.push_str(value),
            PatternElement::Placeable { expression } => match expression {
                Expression::Select { variants, .. } => {
                    for variant in variants {
                        literal_text(&variant.value, out);
                    }
                }
                Expression::Inline(InlineExpression::StringLiteral { value }) => out.push_str(value),
                Expression::Inline(_) => out.push(' '),
            },
        }
    }
}

/// Words that stay as they are in a Chinese interface: the program, formats, key names.
const LATIN_IN_CHINESE: &[&str] = &[
    "planview", "PDF", "JSON", "CSV", "Markdown", "HTML", "UTF", "TOML", "docx", "doc", "xlsx", "txt", "md", "html",
    "json", "csv", "toml", "Word", "Excel", "NAME", "PATH", "FILE", "DIR", "ID", "KEYS", "Tab", "Enter", "Esc",
    "Space", "Shift", "Ctrl", "Alt", "XDG", "HOME", "CONFIG", "STATE", "CACHE", "PLANVIEW", "NO", "COLOR", "TERM",
    "dumb", "auto", "ascii", "unicode", "light", "dark", "mono", "views", "keys", "ui", "config", "render", "check",
    "export", "search", "units", "marks", "zh", "en", "LANG", "LC", "ALL", "MESSAGES", "sfj", "help", "lang",
    // Key names, as the config file writes them.
    "Left", "Right", "Down", "PageUp", "PageDown", "Home", "End",
];

/// More words that stay as they are in a Chinese interface: the commands' option and
/// command names, the key names of `--keys`, units (MiB, U+FFFD) and formats of its errors.
const LATIN_IN_CHINESE_COMMANDS: &[&str] = &[
    "show", "merge", "state", "view", "unit", "lead", "only", "goto", "mouse", "format", "marked", "dry", "run",
    "count", "width", "height", "Left", "xfxs", "zip", "Unicode", "POSIX", "MiB", "FFFD", "pdf", "odt", "Windows",
    "output", "bom", "markdown", "by", "force", "YYYY", "MM", "DD", "today", "within", "DAYS", "DATE", "done",
    "undone",
];

#[test]
fn each_language_is_written_in_its_own_script() {
    for (lang, file, source) in SOURCES {
        let resource = fluent_syntax::parser::parse(source).unwrap_or_else(|(r, _)| r);
        for entry in resource.body {
            let Entry::Message(message) = entry else { continue };
            let patterns = message.value.iter().chain(message.attributes.iter().map(|a| &a.value));
            for pattern in patterns {
                let mut text = String::new();
                literal_text(pattern, &mut text);
                let id = message.id.name;
                match lang {
                    Lang::En => {
                        let han: String = text.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c)).collect();
                        assert!(han.is_empty(), "en-US/{file} {id}: Chinese {han:?} in {text:?}");
                    }
                    Lang::Zh => {
                        let words = text
                            .split(|c: char| !c.is_ascii_alphabetic())
                            .filter(|w| {
                                w.len() >= 3 && !LATIN_IN_CHINESE.contains(w) && !LATIN_IN_CHINESE_COMMANDS.contains(w)
                            })
                            .collect::<Vec<_>>();
                        assert!(words.is_empty(), "zh-CN/{file} {id}: English {words:?} in {text:?}");
                    }
                }
            }
        }
    }
}
