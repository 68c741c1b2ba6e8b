//! `planview config`: the effective config (the defaults with the user's file on top) as a
//! config file, every setting and key written out with a comment, as a starting point.

use std::fmt::Write;

use crate::app::keymap::{KeyContext, Keymap};
use crate::app::settings::{Borders, Language, Settings, ThemeName};
use crate::marks::MarkFilter;
use crate::tr;

/// A TOML string (quoted and escaped).
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// `text` as comment lines, `# ` before each.
fn comment(out: &mut String, text: &str) {
    for line in text.lines() {
        let _ = writeln!(out, "# {line}");
    }
}

/// The settings as a config file that reads back to the same settings.
pub fn effective(settings: &Settings, source: &str) -> String {
    let mut out = String::new();
    comment(&mut out, &tr!("config-print-header", source = source));
    comment(&mut out, &tr!("config-print-intro"));
    out.push('\n');
    let ui = &settings;
    let theme = match ui.theme {
        ThemeName::Auto => "auto",
        ThemeName::Dark => "dark",
        ThemeName::Light => "light",
        ThemeName::Mono => "mono",
    };
    let borders = match ui.borders {
        Borders::Auto => "auto",
        Borders::Unicode => "unicode",
        Borders::Ascii => "ascii",
    };
    let language = match ui.language {
        Language::Auto => "auto",
        Language::Zh => "zh",
        Language::En => "en",
    };
    let tree_width = ui.tree_width.map_or_else(|| quoted("auto"), |p| p.to_string());
    out.push_str("[ui]\n");
    let _ = writeln!(out, "{:<28}# auto | dark | light | mono", format!("theme = {}", quoted(theme)));
    let _ = writeln!(out, "{:<28}# {}", format!("borders = {}", quoted(borders)), tr!("config-print-borders"));
    let _ = writeln!(out, "{:<28}# {}", format!("tree_width = {tree_width}"), tr!("config-print-tree-width"));
    let _ = writeln!(out, "{:<28}# {}", format!("language = {}", quoted(language)), tr!("config-print-language"));

    let keymap = &settings.keymap;
    out.push('\n');
    comment(&mut out, &tr!("config-print-keys"));
    out.push_str("[keys]\n");
    write_bindings(&mut out, keymap, KeyContext::Tree, None);
    let sections = [
        (KeyContext::Detail, tr!("config-print-detail"), Some(KeyContext::Tree)),
        (KeyContext::Search, tr!("config-print-search"), None),
        (KeyContext::Jump, tr!("config-print-jump"), None),
        (KeyContext::Picker, tr!("config-print-picker"), None),
        (KeyContext::Overview, tr!("config-print-overview"), None),
        (KeyContext::Views, tr!("config-print-views-keys"), None),
        (KeyContext::Note, tr!("config-print-note"), None),
        (KeyContext::Confirm, tr!("config-print-confirm"), None),
        (KeyContext::Help, tr!("config-print-help"), None),
    ];
    for (context, text, unless_as_in) in sections {
        let mut body = String::new();
        write_bindings(&mut body, keymap, context, unless_as_in);
        if body.is_empty() {
            continue;
        }
        out.push('\n');
        comment(&mut out, &text);
        let _ = write!(out, "[keys.{}]\n{body}", context.name());
    }

    out.push('\n');
    let views = tr!(
        "config-print-views",
        command = "planview --view NAME",
        unit = "unit",
        lead_only = "lead_only",
        marked = "marked",
        marks = "all | unread | flagged",
        search = "search",
        goto = "goto"
    );
    comment(&mut out, &views);
    out.push_str(
        "# [views.mine]\n# unit = \"县司法局\"\n# lead_only = true\n# marked = \"unread\"\n# search = \"律师\"\n",
    );
    for view in &settings.views {
        let _ = writeln!(out, "\n[views.{}]", quoted(&view.name));
        if let Some(unit) = &view.unit {
            let _ = writeln!(out, "unit = {}", quoted(unit));
        }
        if view.lead_only {
            out.push_str("lead_only = true\n");
        }
        match view.marked {
            MarkFilter::All => {}
            MarkFilter::Unread => out.push_str("marked = \"unread\"\n"),
            MarkFilter::Flagged => out.push_str("marked = \"flagged\"\n"),
        }
        if let Some(search) = &view.search {
            let _ = writeln!(out, "search = {}", quoted(search));
        }
        if let Some(goto) = &view.goto {
            let _ = writeln!(out, "goto = {}", quoted(goto));
        }
    }
    out
}

/// `action = ["k", "<Up>"]   # help` lines of a context (where it differs from another).
fn write_bindings(out: &mut String, keymap: &Keymap, context: KeyContext, unless_as_in: Option<KeyContext>) {
    for b in keymap.bindings_unlike(context, unless_as_in) {
        let keys: Vec<String> = b.keys.iter().map(|k| quoted(&k.to_string())).collect();
        let value = if keys.len() == 1 { keys[0].clone() } else { format!("[{}]", keys.join(", ")) };
        let _ = writeln!(out, "{:<35} # {}", format!("{} = {value}", b.action.name()), b.help());
    }
}
