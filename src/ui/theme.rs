//! Styles. Only the 16 basic colours are used, so the browser reads well in any terminal;
//! with NO_COLOR set, only bold, underline and reverse video remain.

use ratatui::style::{Color, Modifier, Style};

use crate::app::detail::Tone;

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    color: bool,
}

impl Theme {
    pub fn new(color: bool) -> Self {
        Theme { color }
    }

    fn fg(&self, color: Color) -> Style {
        if self.color { Style::new().fg(color) } else { Style::new() }
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
            (true, true) => Style::new().fg(Color::Black).bg(Color::White).add_modifier(Modifier::BOLD),
            (true, false) => Style::new().bg(Color::DarkGray),
            (false, true) => Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            (false, false) => Style::new().add_modifier(Modifier::UNDERLINED),
        }
    }

    pub fn border(&self, focused: bool) -> Style {
        match (self.color, focused) {
            (true, true) => Style::new().fg(Color::Cyan),
            (true, false) => Style::new().fg(Color::DarkGray),
            (false, true) => Style::new().add_modifier(Modifier::BOLD),
            (false, false) => Style::new(),
        }
    }

    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
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
