//! Office and web formats to text: Word (.docx, .doc), PDF and saved web pages become the
//! plain text the family parser reads — a paragraph a line, and each table row a line of
//! cells separated by ` | ` with a blank line around the table (`src/plan/table.rs` reads
//! task-division tables in that form).
//!
//! The format is found from the content, never from the file name alone: a `.doc` that is
//! really a `.docx`, or an `.html` that is a PDF, is read as what it is. Every reader is
//! bounded (inflated sizes checked before inflating, the text it makes capped) and turns
//! anything malformed into a one-line [`FormatError`], never a panic or a hang.

pub mod doc;
pub mod docx;
pub mod html;
pub mod pdf;
mod text;

pub use text::{MAX_TEXT_BYTES, TextOut};

/// What a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Docx,
    Doc,
    Pdf,
    Html,
}

impl Format {
    /// How the format is named to the user (`check` prints it where a text file has its
    /// encoding).
    pub fn label(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Docx => "Word .docx",
            Format::Doc => "Word .doc",
            Format::Pdf => "PDF",
            Format::Html => "web page",
        }
    }
}

/// Why a file of a known format gave no text, in the interface language (made with `tr!`
/// where it is found).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct FormatError(pub String);

impl FormatError {
    pub fn new(message: impl Into<String>) -> Self {
        FormatError(message.into())
    }
}

/// The format of a file's bytes, by content.
pub fn sniff(bytes: &[u8]) -> Format {
    if bytes.starts_with(b"PK\x03\x04") {
        return Format::Docx;
    }
    if bytes.starts_with(&[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) {
        return Format::Doc;
    }
    // A PDF's header may follow a little junk (the spec allows it within the first KiB).
    if memchr::memmem::find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some() {
        return Format::Pdf;
    }
    if html::looks_like_html(bytes) {
        return Format::Html;
    }
    Format::Text
}

/// The text of a file in an office or web format (not [`Format::Text`], which is decoded
/// as text is), with the encoding it was in. A reader that panics (a bug, or a library
/// meeting a file it did not expect) costs this file only: it is reported as unreadable.
pub fn extract(bytes: &[u8], format: Format) -> Result<(String, &'static str), FormatError> {
    let read = || match format {
        Format::Docx => docx::text(bytes).map(|t| (t, "UTF-8")),
        Format::Doc => doc::text(bytes).map(|t| (t, "UTF-16")),
        Format::Pdf => pdf::text(bytes).map(|t| (t, "Unicode")),
        Format::Html => html::text_with_encoding(bytes),
        Format::Text => Err(FormatError::new(crate::tr!("error-not-office"))),
    };
    std::panic::catch_unwind(read)
        .unwrap_or_else(|_| Err(FormatError::new(crate::tr!("error-format-internal", format = format.label()))))
}
