//! The interface's words in Chinese and English: Fluent messages (`assets/locales/*/*.ftl`,
//! built into the binary) looked up with [`tr!`](crate::tr).
//!
//! The language is chosen once by `main` ([`set_language`]: `--lang`, the config's
//! `language`, else the locale, see [`from_locale`]); a test can draw in either language on
//! its own thread with [`scoped`]. A message missing from the chosen language falls back to
//! English, then to its id, so a slip shows as `status-measure` and never as a panic; the
//! `i18n` tests fail on any id missing from either language.
//!
//! Fluent rather than a key → string table: English needs plurals (`1 measure`, `2 measures`)
//! and Chinese none, and Fluent lets each language decide that in its own file.

use std::cell::Cell;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// An interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// `zh` / `en` and the locale-style spellings (`zh_CN`, `zh-Hans`, `en-US`), any case.
    pub fn parse(text: &str) -> Option<Lang> {
        let lower = text.trim().to_ascii_lowercase();
        let primary = lower.split(['_', '-', '.', '@']).next().unwrap_or("");
        match primary {
            "zh" | "chinese" | "中文" => Some(Lang::Zh),
            "en" | "english" => Some(Lang::En),
            _ => None,
        }
    }

    /// The folder of its messages under `assets/locales`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en-US",
        }
    }

    fn index(self) -> usize {
        match self {
            Lang::Zh => 0,
            Lang::En => 1,
        }
    }
}

/// The language the locale asks for: the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is
/// set and not empty; `zh*` is Chinese, `en*` English, and `C`, `POSIX`, unset or anything
/// else Chinese — the documents are Chinese, and so are their readers.
pub fn from_locale(get: impl Fn(&str) -> Option<String>) -> Lang {
    let value = ["LC_ALL", "LC_MESSAGES", "LANG"].iter().find_map(|name| get(name).filter(|v| !v.is_empty()));
    value.as_deref().and_then(Lang::parse).unwrap_or(Lang::Zh)
}

/// The locale of this process's environment, as [`from_locale`] reads it.
pub fn from_environment() -> Lang {
    from_locale(|name| std::env::var(name).ok())
}

/// 0: not chosen (English, for code that runs without `main`, such as tests); else 1 + index.
static LANGUAGE: AtomicU8 = AtomicU8::new(0);

thread_local! {
    static OVERRIDE: Cell<Option<Lang>> = const { Cell::new(None) };
}

/// Choose the interface language for the whole process (once, at start).
pub fn set_language(lang: Lang) {
    LANGUAGE.store(lang.index() as u8 + 1, Ordering::Relaxed);
}

/// The language messages are written in on this thread.
pub fn language() -> Lang {
    if let Some(lang) = OVERRIDE.with(Cell::get) {
        return lang;
    }
    match LANGUAGE.load(Ordering::Relaxed) {
        1 => Lang::Zh,
        _ => Lang::En,
    }
}

/// Write in `lang` on this thread until the guard is dropped (tests draw both languages side
/// by side this way).
pub fn scoped(lang: Lang) -> Scoped {
    let previous = OVERRIDE.with(|cell| cell.replace(Some(lang)));
    Scoped { previous }
}

/// Restores the thread's previous language when dropped.
pub struct Scoped {
    previous: Option<Lang>,
}

impl Drop for Scoped {
    fn drop(&mut self) {
        OVERRIDE.with(|cell| cell.set(self.previous));
    }
}

/// Every message file, per language: `(language, file name, text)`.
pub const SOURCES: [(Lang, &str, &str); 6] = [
    (Lang::Zh, "ui.ftl", include_str!("../assets/locales/zh-CN/ui.ftl")),
    (Lang::Zh, "cli.ftl", include_str!("../assets/locales/zh-CN/cli.ftl")),
    (Lang::Zh, "errors.ftl", include_str!("../assets/locales/zh-CN/errors.ftl")),
    (Lang::En, "ui.ftl", include_str!("../assets/locales/en-US/ui.ftl")),
    (Lang::En, "cli.ftl", include_str!("../assets/locales/en-US/cli.ftl")),
    (Lang::En, "errors.ftl", include_str!("../assets/locales/en-US/errors.ftl")),
];

fn bundles() -> &'static [FluentBundle<FluentResource>; 2] {
    static BUNDLES: OnceLock<[FluentBundle<FluentResource>; 2]> = OnceLock::new();
    BUNDLES.get_or_init(|| Lang::ALL.map(bundle))
}

fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let id: unic_langid::LanguageIdentifier = lang.tag().parse().expect("the language tags are valid");
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Unicode isolation marks around each argument would be drawn by terminals as stray cells.
    bundle.set_use_isolating(false);
    for (_, _, source) in SOURCES.iter().filter(|(l, _, _)| *l == lang) {
        // The files are built in and checked by the tests; a broken entry is skipped, not fatal.
        let resource = FluentResource::try_new(source.to_string()).unwrap_or_else(|(resource, _)| resource);
        let _ = bundle.add_resource(resource);
    }
    bundle
}

/// The message `id` (or `id.attribute`) in the current language with `args`; English when
/// the current language lacks it, the id itself when both do.
pub fn message(id: &str, args: Option<&FluentArgs>) -> String {
    let lang = language();
    format_in(lang, id, args)
        .or_else(|| if lang == Lang::En { None } else { format_in(Lang::En, id, args) })
        .unwrap_or_else(|| id.to_string())
}

/// The message in `lang`, if it has it.
pub fn format_in(lang: Lang, id: &str, args: Option<&FluentArgs>) -> Option<String> {
    let bundle = &bundles()[lang.index()];
    let (name, attribute) = match id.split_once('.') {
        Some((name, attribute)) => (name, Some(attribute)),
        None => (id, None),
    };
    let message = bundle.get_message(name)?;
    let pattern = match attribute {
        Some(attribute) => message.get_attribute(attribute)?.value(),
        None => message.value()?,
    };
    let mut errors = Vec::new();
    Some(bundle.format_pattern(pattern, args, &mut errors).into_owned())
}

/// Whether `lang` has the message `id` (or `id.attribute`).
pub fn has(lang: Lang, id: &str) -> bool {
    format_in(lang, id, None).is_some()
}

/// A value for a message argument: text as it is, counts as numbers (so plurals work).
pub trait Arg {
    fn value(&self) -> FluentValue<'static>;
}

impl Arg for str {
    fn value(&self) -> FluentValue<'static> {
        FluentValue::from(self.to_string())
    }
}

impl Arg for String {
    fn value(&self) -> FluentValue<'static> {
        FluentValue::from(self.clone())
    }
}

impl<T: Arg + ?Sized> Arg for &T {
    fn value(&self) -> FluentValue<'static> {
        (**self).value()
    }
}

impl Arg for std::borrow::Cow<'_, str> {
    fn value(&self) -> FluentValue<'static> {
        FluentValue::from(self.to_string())
    }
}

macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl Arg for $t {
            fn value(&self) -> FluentValue<'static> {
                FluentValue::from(*self)
            }
        }
    )*};
}
number_args!(usize, u8, u16, u32, u64, i32, i64);

/// Build the arguments of a message (used by [`tr!`](crate::tr)).
pub fn args<'a>(pairs: impl IntoIterator<Item = (&'a str, FluentValue<'static>)>) -> FluentArgs<'static> {
    let mut args = FluentArgs::new();
    for (name, value) in pairs {
        args.set(name.to_string(), value);
    }
    args
}

/// A message in the interface language: `tr!("status-plan")`,
/// `tr!("status-measures", n = count, plans = total)`. Arguments are text (`&str`, `String`)
/// or counts (`usize`, `u32`, …).
#[macro_export]
macro_rules! tr {
    ($id:literal) => {
        $crate::i18n::message($id, None)
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::message(
            $id,
            Some(&$crate::i18n::args([$((stringify!($name), $crate::i18n::Arg::value(&$value))),+])),
        )
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_locale_decides_with_c_and_unset_chinese() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string())
        };
        assert_eq!(from_locale(env(&[])), Lang::Zh);
        assert_eq!(from_locale(env(&[("LANG", "C")])), Lang::Zh);
        assert_eq!(from_locale(env(&[("LANG", "POSIX")])), Lang::Zh);
        assert_eq!(from_locale(env(&[("LANG", "en_US.UTF-8")])), Lang::En);
        assert_eq!(from_locale(env(&[("LANG", "zh_CN.UTF-8")])), Lang::Zh);
        // LC_ALL wins over LC_MESSAGES, which wins over LANG; an empty one is skipped.
        assert_eq!(from_locale(env(&[("LC_ALL", "en_GB.UTF-8"), ("LANG", "zh_CN.UTF-8")])), Lang::En);
        assert_eq!(from_locale(env(&[("LC_ALL", ""), ("LC_MESSAGES", "zh_TW"), ("LANG", "en_US")])), Lang::Zh);
    }

    #[test]
    fn a_scoped_language_is_this_threads_alone() {
        let _zh = scoped(Lang::Zh);
        assert_eq!(language(), Lang::Zh);
        let other = std::thread::spawn(language).join().unwrap();
        assert_eq!(other, Lang::En, "another thread keeps the process language");
        {
            let _en = scoped(Lang::En);
            assert_eq!(language(), Lang::En);
        }
        assert_eq!(language(), Lang::Zh);
    }

    #[test]
    fn arguments_and_plurals_fill_in_without_isolation_marks() {
        let _en = scoped(Lang::En);
        assert_eq!(crate::tr!("count-measures", n = 1usize), "1 measure");
        assert_eq!(crate::tr!("count-measures", n = 77usize), "77 measures");
        let _zh = scoped(Lang::Zh);
        assert_eq!(crate::tr!("count-measures", n = 77usize), "77条");
        assert!(!crate::tr!("count-measures", n = 3usize).contains('\u{2068}'));
    }

    #[test]
    fn a_missing_message_shows_its_id() {
        assert_eq!(message("no-such-message", None), "no-such-message");
    }
}
