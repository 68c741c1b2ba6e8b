//! What the user's config file sets for the browser, as plain data: the keymap, the look
//! (theme, borders, the tree's width, the language) and the saved views. The config module
//! reads the file into this; the state and the drawing read it.

use crate::marks::MarkFilter;

use super::keymap::Keymap;

/// The browser's settings (the defaults, or what the config file says).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    pub keymap: Keymap,
    pub theme: ThemeName,
    pub borders: Borders,
    /// The tree pane's share of the width, in percent; None: 45% below 120 columns, else
    /// 40%, at most 60 columns.
    pub tree_width: Option<u8>,
    pub language: Language,
    pub views: Vec<SavedView>,
}

impl Settings {
    /// Decides what was left to `auto` by what the terminal told (see `probe`): ambiguous
    /// characters drawn two columns wide → ASCII borders and narrow symbols; a light or dark
    /// background → that theme. What the terminal did not answer stays `auto`.
    pub fn fit_terminal(&mut self, ambiguous_wide: Option<bool>, light_background: Option<bool>) {
        if self.borders == Borders::Auto && ambiguous_wide == Some(true) {
            self.borders = Borders::Ascii;
        }
        if self.theme == ThemeName::Auto {
            match light_background {
                Some(true) => self.theme = ThemeName::Light,
                Some(false) => self.theme = ThemeName::Dark,
                None => {}
            }
        }
    }

    /// Whether the terminal needs ASCII in place of ambiguous-width characters.
    pub fn narrow_symbols(&self) -> bool {
        self.borders == Borders::Ascii
    }
}

/// The colours.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ThemeName {
    /// The background's theme when the terminal tells it; else colours that read on dark
    /// and light backgrounds alike (reverse video for the selection); mono when NO_COLOR
    /// asks for no colour.
    #[default]
    Auto,
    /// For a dark background.
    Dark,
    /// For a light background: no white or yellow text, a selection that stays visible.
    Light,
    /// No colours: bold, underline and reverse video only.
    Mono,
}

/// How pane borders are drawn.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Borders {
    /// Box-drawing lines.
    #[default]
    Auto,
    Unicode,
    /// `+ - |`, and ASCII for every other ambiguous-width character on the screen (· … “ ”
    /// ① →), for terminals that draw them two columns wide.
    Ascii,
}

/// The interface language.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Language {
    /// From the locale.
    #[default]
    Auto,
    Zh,
    En,
}

/// A named set of filters to open with (`--view NAME`, or `v` in the browser).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SavedView {
    pub name: String,
    /// A unit as the picker takes it: a name, an alias, pinyin (`sfj`), a unique part.
    pub unit: Option<String>,
    /// With `unit`: only the measures it leads.
    pub lead_only: bool,
    pub marked: MarkFilter,
    pub search: Option<String>,
    /// A measure id to select.
    pub goto: Option<String>,
}

impl SavedView {
    /// What the view does, in a few words: `县司法局 (lead) · unread · /律师`.
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        if let Some(unit) = &self.unit {
            parts.push(if self.lead_only { crate::tr!("views-lead-only", unit = unit) } else { unit.clone() });
        }
        if let Some(label) = mark_filter_label(self.marked) {
            parts.push(label);
        }
        if let Some(search) = &self.search {
            parts.push(format!("/{search}"));
        }
        if let Some(goto) = &self.goto {
            parts.push(format!(":{goto}"));
        }
        if parts.is_empty() { crate::tr!("views-no-filter") } else { parts.join(" · ") }
    }
}

/// What a mark filter shows, in the interface language (`unread`, `flagged`); None for all.
pub fn mark_filter_label(filter: MarkFilter) -> Option<String> {
    match filter {
        MarkFilter::All => None,
        MarkFilter::Unread => Some(crate::tr!("status-unread")),
        MarkFilter::Flagged => Some(crate::tr!("status-flagged")),
    }
}
