//! `planview config`: the effective config (the defaults with the user's file on top) as a
//! config file, every setting and key written out with a comment, as a starting point.

use std::fmt::Write;

use crate::app::keymap::{KeyContext, Keymap};
use crate::app::settings::{Borders, Language, Settings, ThemeName};
use crate::marks::MarkFilter;

/// A TOML string (quoted and escaped).
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The settings as a config file that reads back to the same settings.
pub fn effective(settings: &Settings, source: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# planview's effective config: the defaults{source}.");
    out.push_str(
        "# Save it as $XDG_CONFIG_HOME/planview/config.toml (or name it with --config) and keep\n\
         # only what you change. Keys are written as in vim: \"q\", \"G\", \"<C-o>\" (Ctrl),\n\
         # \"<A-Left>\" (Alt), \"<Tab>\", \"<S-Tab>\", \"<Enter>\", \"<Esc>\", \"<Space>\", \"<lt>\" (<),\n\
         # \"<F1>\"; give an action a list for several keys, [] for none.\n\n",
    );
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
    let _ = writeln!(
        out,
        "{:<28}# auto | unicode | ascii (for terminals that draw ─ │ wide)",
        format!("borders = {}", quoted(borders))
    );
    let _ = writeln!(
        out,
        "{:<28}# \"auto\" (40%, at most 60 columns) or a percent, 10–90",
        format!("tree_width = {tree_width}")
    );
    let _ = writeln!(out, "{:<28}# auto (from the locale) | zh | en", format!("language = {}", quoted(language)));

    let keymap = &settings.keymap;
    out.push_str("\n# The browser, in the tree and in the text pane: action = key or [keys].\n[keys]\n");
    write_bindings(&mut out, keymap, KeyContext::Tree, None);
    let sections = [
        (KeyContext::Detail, "Only in the text pane, where it differs from [keys]", Some(KeyContext::Tree)),
        (KeyContext::Search, "Typing a search after /", None),
        (KeyContext::Jump, "Typing a measure id after :", None),
        (KeyContext::Picker, "The unit picker", None),
        (KeyContext::Overview, "The workload overview", None),
        (KeyContext::Views, "The list of saved views", None),
        (KeyContext::Note, "The note editor", None),
        (KeyContext::Confirm, "The question before marking a whole chapter or section", None),
        (KeyContext::Help, "The help", None),
    ];
    for (context, comment, unless_as_in) in sections {
        let mut body = String::new();
        write_bindings(&mut body, keymap, context, unless_as_in);
        if body.is_empty() {
            continue;
        }
        let _ = write!(out, "\n# {comment}.\n[keys.{}]\n{body}", context.name());
    }

    out.push_str(
        "\n# Saved views: planview --view NAME, or v in the browser. Each may set a unit (a name,\n\
         # an alias, pinyin such as sfj), lead_only, marked (all | unread | flagged), search and\n\
         # goto (a measure id). For example:\n\
         # [views.mine]\n# unit = \"县司法局\"\n# lead_only = true\n# marked = \"unread\"\n# search = \"律师\"\n",
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
        let _ = writeln!(out, "{:<35} # {}", format!("{} = {value}", b.action.name()), b.help);
    }
}
