//! Which language the interface speaks, decided before the command line is parsed (its
//! `--help` is translated too): `--lang`, else the config file's `language`, else the locale.

use std::ffi::OsString;
use std::path::PathBuf;

use crate::app::settings::Language;
use crate::config::{Origin, load};
use crate::i18n::{self, Lang};

/// The language for a run with these arguments (the program name first) in this environment.
/// A bad `--lang` value is left to the parser to refuse; here it counts as not given.
pub fn early(args: &[OsString]) -> Lang {
    if let Some(lang) = option(args, "--lang").and_then(|v| Lang::parse(&v.to_string_lossy())) {
        return lang;
    }
    let named = option(args, "--config").or_else(|| std::env::var_os("PLANVIEW_CONFIG")).map(PathBuf::from);
    match load(&Origin::find(named)).settings.language {
        Language::Zh => Lang::Zh,
        Language::En => Lang::En,
        Language::Auto => i18n::from_environment(),
    }
}

/// The value of `--NAME VALUE` or `--NAME=VALUE` (the last one given), before a lone `--`.
fn option(args: &[OsString], name: &str) -> Option<OsString> {
    let mut found = None;
    let mut words = args.iter().skip(1);
    while let Some(word) = words.next() {
        let Some(text) = word.to_str() else { continue };
        if text == "--" {
            break;
        }
        if text == name {
            found = words.next().cloned();
        } else if let Some(value) = text.strip_prefix(name).and_then(|rest| rest.strip_prefix('=')) {
            found = Some(value.into());
        }
    }
    found
}

/// `--lang`'s values for the parser.
pub fn parse(text: &str) -> Result<Lang, String> {
    Lang::parse(text).ok_or_else(|| crate::tr!("cli-lang-bad", value = format!("{text:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Vec<OsString> {
        words.iter().map(OsString::from).collect()
    }

    #[test]
    fn lang_is_read_in_either_spelling_and_the_last_wins() {
        assert_eq!(option(&args(&["planview", "--lang", "en", "x.txt"]), "--lang"), Some("en".into()));
        assert_eq!(option(&args(&["planview", "--lang=zh", "--lang", "en"]), "--lang"), Some("en".into()));
        assert_eq!(option(&args(&["planview", "--", "--lang", "en"]), "--lang"), None);
        assert_eq!(option(&args(&["planview", "--language", "en"]), "--lang"), None);
        assert_eq!(early(&args(&["planview", "search", "x", "--lang", "en"])), Lang::En);
        assert_eq!(early(&args(&["planview", "--lang=zh_CN"])), Lang::Zh);
    }
}
