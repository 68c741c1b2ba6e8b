//! Styles and borders. Only the 16 basic colours are used, so the browser reads well in any
//! terminal: a dark palette, a light one (no white or yellow text, a selection that stays
//! visible on white), and mono (NO_COLOR, or `theme = "mono"`): only bold, underline and
//! reverse video.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;
use ratatui::widgets::Block;

use crate::app::detail_view::Tone;
use crate::app::settings::{Borders, Settings, ThemeName};

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    color: bool,
    /// No yellow, cyan or white text (they fade or vanish on white).
    light: bool,
    /// The background is not known: the selection in reverse video, which reads on both.
    unknown: bool,
    borders: border::Set<'static>,
}

/// Borders for terminals that draw box-drawing characters two columns wide.
const ASCII_BORDERS: border::Set<'static> = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

impl Theme {
    /// The theme the settings ask for; `color` false (NO_COLOR) makes any theme mono.
    pub fn new(color: bool, settings: &Settings) -> Self {
        let color = color && settings.theme != ThemeName::Mono;
        let borders = match settings.borders {
            Borders::Ascii => ASCII_BORDERS,
            Borders::Auto | Borders::Unicode => border::PLAIN,
        };
        let unknown = settings.theme == ThemeName::Auto;
        Theme { color, light: settings.theme == ThemeName::Light || unknown, unknown, borders }
    }

    /// A bordered block in the theme's border set.
    pub fn block(&self) -> Block<'static> {
        Block::bordered().border_set(self.borders)
    }

    fn fg(&self, color: Color) -> Style {
        if !self.color {
            return Style::new();
        }
        // On a light background yellow and cyan text fade, white vanishes.
        let color = match (self.light, color) {
            (true, Color::Yellow) => Color::Magenta,
            (true, Color::Cyan) => Color::Blue,
            (true, Color::White) => Color::Black,
            (_, color) => color,
        };
        Style::new().fg(color)
    }

    pub fn tone(&self, tone: Tone) -> Style {
        match tone {
            Tone::Plain => Style::new(),
            Tone::Title => Style::new().add_modifier(Modifier::BOLD),
            Tone::Number => self.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Tone::Dim => self.dim(),
            Tone::Label => self.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Tone::Lead => self.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Tone::Group => self.fg(Color::Magenta).add_modifier(Modifier::ITALIC),
            Tone::Hit => self.hit(),
            Tone::Focus => self.focus(),
            Tone::Note => self.fg(Color::Green),
            Tone::Mark => self.fg(Color::Green).add_modifier(Modifier::BOLD),
        }
    }

    pub fn hit(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Black).bg(Color::Yellow)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::UNDERLINED)
        }
    }

    pub fn focus(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Black).bg(Color::Cyan)
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
        }
    }

    pub fn dim(&self) -> Style {
        if self.color { Style::new().fg(Color::DarkGray) } else { Style::new().add_modifier(Modifier::DIM) }
    }

    pub fn bar(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Black).bg(Color::Cyan)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    pub fn selected(&self, focused: bool) -> Style {
        match (self.color, focused) {
            (true, true) if self.unknown => Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            (true, false) if self.unknown => Style::new().add_modifier(Modifier::UNDERLINED),
            (true, true) if self.light => Style::new().fg(Color::White).bg(Color::Blue).add_modifier(Modifier::BOLD),
            (true, false) if self.light => Style::new().fg(Color::Black).bg(Color::Gray),
            (true, true) => Style::new().fg(Color::Black).bg(Color::White).add_modifier(Modifier::BOLD),
            (true, false) => Style::new().bg(Color::DarkGray),
            (false, true) => Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            (false, false) => Style::new().add_modifier(Modifier::UNDERLINED),
        }
    }

    pub fn border(&self, focused: bool) -> Style {
        match (self.color, focused) {
            (true, true) => self.fg(Color::Cyan),
            (true, false) => Style::new().fg(Color::DarkGray),
            (false, true) => Style::new().add_modifier(Modifier::BOLD),
            (false, false) => Style::new(),
        }
    }

    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    /// A count that needs attention (overdue) on the title bar: white on red, readable on
    /// light and dark terminals alike (it brings its own background); bold and underlined
    /// in mono.
    pub fn warning_badge(&self) -> Style {
        if self.color {
            Style::new().fg(Color::White).bg(Color::Red).add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
        }
    }

    pub fn key(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn chapter(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn section(&self) -> Style {
        self.fg(Color::Cyan)
    }

    pub fn number(&self) -> Style {
        self.fg(Color::Yellow)
    }
}
