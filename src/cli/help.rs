//! `--help` in the interface language: the clap command of [`Cli`] with every command's
//! about and every argument's help taken from `cli.ftl` (the derive carries none), and in
//! Chinese clap's own words too — its headings, its `[default: …]`, `[env: …]` and
//! `[possible values: …]` notes. The English `--help` is clap's layout unchanged.
//!
//! Messages: a command's about is `cli-<path>` (`cli-planview`, `cli-export`,
//! `cli-marks-show`), an argument's help the attribute named after its id (`lead_only` as
//! `lead-only`) of its command's message, else of `cli-args` (the arguments several
//! commands share).

use clap::{Arg, ArgAction, Command, CommandFactory};

use super::Cli;
use crate::i18n::{self, Lang};

/// Example data and machine formats the help texts show, the same in every language:
/// `{ $kind1 }`, `{ $number }`, `{ $json-hits }`… in `cli.ftl` (as arguments, so neither
/// language's file holds the other's script, and JSON keys are never translated).
const EXAMPLES: [(&str, &str); 11] = [
    ("kind1", "实施意见"),
    ("kind2", "实施方案"),
    ("kind3", "工作要点"),
    ("number", "二.1"),
    ("query1", "宪法"),
    ("query2", "律师 公安"),
    ("json-hits", r#"[{"plan", "path", "snippets", "id", "number", "title", "units", "deadline", …}]"#),
    ("json-count", r#"[{"plan", "measures"}]"#),
    ("json-due", r#"[{"plan", "id", "number", "title", "lead", "units", "deadline", "days_left", "marks"}]"#),
    ("json-units", r#"[{"name", "kind", "total", "lead", "spellings", "measures"}]"#),
    (
        "keys",
        "<Enter> <Esc> <Tab> <S-Tab> <BS> <Del> <Up> <Down> <Left> <Right> <PageUp> <PageDown> <Home> <End> \
         <Space> <lt> <F1>…<F12>",
    ),
];

/// The command line's clap command, in the interface language, ready to parse.
pub fn command() -> Command {
    let mut command = Cli::command().bin_name("planview");
    // Built first, so that what clap adds itself (-h, -V, the help command and its copies
    // of the commands, the global arguments in every command) is there to translate.
    command.build();
    // The Chinese headings, made once (clap keeps them for the life of the process).
    let headings = (i18n::language() == Lang::Zh).then(|| Headings {
        arguments: forever(crate::tr!("cli-heading-arguments")),
        options: forever(crate::tr!("cli-heading-options")),
        commands: forever(crate::tr!("cli-heading-commands")),
    });
    localize(&mut command, &[], headings.as_ref());
    command
}

/// clap's headings in Chinese (the English ones are clap's own).
struct Headings {
    arguments: &'static str,
    options: &'static str,
    commands: &'static str,
}

/// The message id of the about of the command at `path` (the names below planview; the
/// `help` command's copies of the commands are named as the commands).
pub fn about_id(path: &[&str]) -> String {
    let path: Vec<&str> = if path.last() == Some(&"help") {
        vec!["help"]
    } else {
        path.iter().copied().filter(|name| *name != "help").collect()
    };
    if path.is_empty() { "cli-planview".to_string() } else { format!("cli-{}", path.join("-")) }
}

/// The message id of the help of argument `arg` of the command at `path` in `lang`: the
/// command's own, else the shared one; `None` if neither exists.
pub fn arg_id(lang: Lang, path: &[&str], arg: &str) -> Option<String> {
    let name = arg.replace('_', "-");
    [format!("{}.{name}", about_id(path)), format!("cli-args.{name}")].into_iter().find(|id| i18n::has(lang, id))
}

/// A help message with the example data filled in.
fn text(id: &str) -> String {
    let args = i18n::args(EXAMPLES.iter().map(|(name, value)| (*name, i18n::Arg::value(value))));
    i18n::message(id, Some(&args))
}

fn localize(command: &mut Command, path: &[&str], headings: Option<&Headings>) {
    let names: Vec<String> = command.get_subcommands().map(|c| c.get_name().to_string()).collect();
    let mut this = std::mem::take(command).about(text(&about_id(path)));
    if let Some(headings) = headings {
        this = this
            .help_template(format!(
                "{{before-help}}{{about-with-newline}}\n{}{{usage}}\n\n{{all-args}}{{after-help}}",
                crate::tr!("cli-heading-usage")
            ))
            .subcommand_help_heading(headings.commands);
    }
    this = this.mut_args(|arg| localize_arg(arg, path, headings));
    *command = this;
    for (sub, name) in command.get_subcommands_mut().zip(&names) {
        let mut below: Vec<&str> = path.to_vec();
        below.push(name);
        localize(sub, &below, headings);
    }
}

fn localize_arg(arg: Arg, path: &[&str], headings: Option<&Headings>) -> Arg {
    let id = arg.get_id().to_string();
    let mut help = arg_id(i18n::language(), path, &id).map(|id| text(&id)).unwrap_or_default();
    let Some(headings) = headings else {
        return arg.help(help);
    };
    // clap's notes in English are left out and written here in Chinese.
    let mut notes = Vec::new();
    let takes_value = !matches!(
        arg.get_action(),
        ArgAction::SetTrue | ArgAction::SetFalse | ArgAction::Count | ArgAction::Help | ArgAction::Version
    );
    if takes_value {
        let defaults: Vec<String> = arg.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
        if !defaults.is_empty() && !defaults.iter().all(String::is_empty) {
            notes.push(crate::tr!("cli-note-default", value = defaults.join("、")));
        }
        let values: Vec<String> = arg.get_possible_values().iter().map(|v| v.get_name().to_string()).collect();
        if !values.is_empty() {
            notes.push(crate::tr!("cli-note-values", values = values.join("、")));
        }
    }
    if let Some(env) = arg.get_env() {
        notes.push(crate::tr!("cli-note-env", name = env.to_string_lossy()));
    }
    for note in notes {
        help.push(' ');
        help.push_str(&note);
    }
    let heading = if arg.is_positional() { headings.arguments } else { headings.options };
    arg.help(help).help_heading(heading).hide_default_value(true).hide_possible_values(true).hide_env(true)
}

/// A heading as clap takes it (without its `string` feature: a `&'static str`); a run
/// parses one command line, so it makes three.
fn forever(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_help_commands_copies_are_named_as_the_commands() {
        assert_eq!(about_id(&[]), "cli-planview");
        assert_eq!(about_id(&["marks", "show"]), "cli-marks-show");
        assert_eq!(about_id(&["help", "marks", "show"]), "cli-marks-show");
        assert_eq!(about_id(&["marks", "help", "merge"]), "cli-marks-merge");
        assert_eq!(about_id(&["help"]), "cli-help");
        assert_eq!(about_id(&["marks", "help"]), "cli-help");
        assert_eq!(arg_id(Lang::En, &["export"], "unit").as_deref(), Some("cli-export.unit"));
        assert_eq!(arg_id(Lang::Zh, &["render"], "lead_only").as_deref(), Some("cli-args.lead-only"));
    }

    #[test]
    fn chinese_help_has_chinese_headings_and_notes() {
        let _zh = i18n::scoped(Lang::Zh);
        let mut command = command();
        let help = command.find_subcommand_mut("render").unwrap().render_help().to_string();
        assert!(help.contains("用法：planview render"), "{help}");
        assert!(help.contains("[默认：120]") && !help.contains("[default"), "{help}");
        let _en = i18n::scoped(Lang::En);
        let help = super::command().find_subcommand_mut("render").unwrap().render_help().to_string();
        assert!(help.contains("Usage: planview render") && help.contains("[default: 120]"), "{help}");
    }
}
