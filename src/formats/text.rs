//! The text a reader makes: paragraphs a line each, tables as rows of ` | `-separated
//! cells, bounded in size.

use super::FormatError;

/// The most text a reader may make from one file (the limit on a plain-text plan).
pub const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;

/// Text being built by a reader.
#[derive(Debug, Default)]
pub struct TextOut {
    text: String,
}

impl TextOut {
    pub fn new() -> Self {
        TextOut::default()
    }

    /// Adds a paragraph: its line breaks and tabs become spaces, surrounding spaces go; an
    /// empty paragraph adds nothing.
    pub fn paragraph(&mut self, text: &str) -> Result<(), FormatError> {
        let text = one_line(text);
        if text.is_empty() {
            return Ok(());
        }
        self.push(&text)?;
        self.push("\n")
    }

    /// Adds a table: each row a line, cells separated by ` | ` (a `|` inside a cell becomes
    /// `｜`), a blank line before and after.
    pub fn table(&mut self, rows: &[Vec<String>]) -> Result<(), FormatError> {
        let rows: Vec<Vec<String>> = rows
            .iter()
            .map(|row| row.iter().map(|cell| one_line(cell).replace('|', "｜")).collect::<Vec<_>>())
            .filter(|row: &Vec<String>| row.iter().any(|c| !c.is_empty()))
            .collect();
        if rows.is_empty() {
            return Ok(());
        }
        self.push("\n")?;
        for mut row in rows {
            // Empty cells at the end say nothing; a row of one cell (a caption, or a group
            // title spanning the table) is a line.
            while row.last().is_some_and(String::is_empty) {
                row.pop();
            }
            let line = if row.len() == 1 { row[0].clone() } else { row.join(" | ") };
            self.push(&line)?;
            self.push("\n")?;
        }
        self.push("\n")
    }

    fn push(&mut self, s: &str) -> Result<(), FormatError> {
        if self.text.len() + s.len() > MAX_TEXT_BYTES {
            return Err(FormatError::new(crate::tr!("error-text-too-long", max = MAX_TEXT_BYTES / (1024 * 1024))));
        }
        self.text.push_str(s);
        Ok(())
    }

    pub fn finish(self) -> String {
        self.text
    }
}

/// A paragraph's text on one line: breaks and tabs become spaces, runs of spaces one space.
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(['\n', '\r', '\t', '\u{b}', '\u{c}']) {
        let word = word.trim_matches(' ');
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.trim().to_string()
}
