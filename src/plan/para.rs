//! A paragraph of a document as the parser reads it, with the line it starts on. Made by
//! `lines.rs`, read by the title block, the structure and the tables.

use std::borrow::Cow;

/// One paragraph: a line, or several lines of a hard-wrapped paragraph joined.
#[derive(Debug, Clone)]
pub struct Para<'a> {
    /// 1-based line number of its first line.
    pub line: usize,
    pub text: Cow<'a, str>,
}
