//! Loading one plan from a file or from the embedded seed, with errors that name the file
//! and the problem in one line.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::decode::{DecodeError, Decoded, decode};
use super::model::Plan;
use super::parse::{ParseError, parse};
use crate::formats::{self, Format, FormatError};
use crate::text::safety::{clean_cow, display_path};
use crate::tr;

/// The largest plan file accepted. Real plans are well under 1 MB.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The plan built into the binary, shown when no file is given.
pub const EMBEDDED_NAME: &str = "seeds/000_72b3b9fd10627f4b.txt";
const EMBEDDED_TEXT: &str = include_str!("../../seeds/000_72b3b9fd10627f4b.txt");

/// Where a plan came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The file, or `None` for the embedded plan.
    pub path: Option<PathBuf>,
    /// How to name it to the user.
    pub name: String,
    /// What the file is (text, Word, PDF, a web page).
    pub format: Format,
    /// The encoding its text was decoded from (text files and web pages).
    pub encoding: &'static str,
}

/// A parsed plan and its source.
#[derive(Debug, Clone)]
pub struct LoadedPlan {
    pub plan: Plan,
    pub source: Source,
}

/// What went wrong with one input file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("{}", tr!("error-not-found"))]
    NotFound,
    #[error("{}", tr!("error-permission"))]
    PermissionDenied,
    #[error("{}", tr!("error-directory"))]
    IsDirectory,
    /// A FIFO, socket or device.
    #[error("{}", tr!("error-not-regular"))]
    NotRegular,
    /// Over the limit: the file's size, when it is known (a device has none).
    #[error("{}", too_large(*.0))]
    TooLarge(Option<u64>),
    /// What the system said (see [`io_reason`]), or why a folder was not read.
    #[error("{}", tr!("error-cannot-read", reason = .0))]
    Io(String),
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// A Word, PDF or web file that gave no text.
    #[error(transparent)]
    Format(#[from] FormatError),
    #[error(transparent)]
    Parse(#[from] ParseError),
}

/// A file that could not be loaded as a plan: one line, the file and the problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", tr!("error-file", name = .name, problem = .problem.to_string()))]
pub struct LoadError {
    pub name: String,
    #[source]
    pub problem: Problem,
}

const MIB: u64 = 1024 * 1024;

/// [`Problem::TooLarge`] in words: the file's size rounded up to MiB, when it is known.
fn too_large(size: Option<u64>) -> String {
    let max = MAX_FILE_BYTES / MIB;
    match size {
        Some(size) => tr!("error-too-large-size", size = size.div_ceil(MIB), max = max),
        None => tr!("error-too-large", max = max),
    }
}

/// What the system said of a file, in the interface language: the common cases in Chinese,
/// else (and always in English) the system's own words.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    if crate::i18n::language() != crate::i18n::Lang::Zh {
        return e.to_string();
    }
    match e.kind() {
        ErrorKind::NotFound => tr!("error-io-not-found"),
        ErrorKind::PermissionDenied => tr!("error-io-permission"),
        ErrorKind::IsADirectory => tr!("error-io-directory"),
        ErrorKind::ReadOnlyFilesystem => tr!("error-io-read-only"),
        ErrorKind::StorageFull => tr!("error-io-full"),
        _ => e.to_string(),
    }
}

/// Loads and parses a plan file.
pub fn load_path(path: &Path) -> Result<LoadedPlan, LoadError> {
    let name = display_path(path);
    let error = |problem| LoadError { name: name.clone(), problem };
    let bytes = read_limited(path).map_err(error)?;
    let mut loaded = load_bytes(&bytes, &name)?;
    loaded.source.path = Some(path.to_path_buf());
    Ok(loaded)
}

/// A document's text: decoded if it is text, read by its reader if it is a Word file, a
/// PDF or a web page (found by content, whatever the file is called).
fn document_text(bytes: &[u8]) -> Result<(Decoded<'_>, Format), Problem> {
    match formats::sniff(bytes) {
        Format::Text => Ok((decode(bytes)?, Format::Text)),
        format => {
            let (text, encoding) = formats::extract(bytes, format)?;
            Ok((Decoded { text: std::borrow::Cow::Owned(text), encoding, replaced: None }, format))
        }
    }
}

fn load_text(decoded: Decoded<'_>, format: Format, name: &str) -> Result<LoadedPlan, LoadError> {
    let text = clean_cow(decoded.text);
    let mut plan = parse(&text).map_err(|e| LoadError { name: name.to_string(), problem: e.into() })?;
    if let Some(replaced) = decoded.replaced {
        let message =
            tr!("error-replaced", n = replaced.count, encoding = decoded.encoding, offset = replaced.first_offset);
        plan.warnings.insert(0, super::model::Warning { line: replaced.first_line, message });
    }
    Ok(LoadedPlan { plan, source: Source { path: None, name: name.to_string(), format, encoding: decoded.encoding } })
}

/// Decodes, cleans and parses a document's bytes; `name` is used in errors.
pub fn load_bytes(bytes: &[u8], name: &str) -> Result<LoadedPlan, LoadError> {
    let error = |problem| LoadError { name: name.to_string(), problem };
    let (decoded, format) = document_text(bytes).map_err(error)?;
    load_text(decoded, format, name)
}

/// The plan built into the binary.
pub fn load_embedded() -> LoadedPlan {
    load_bytes(EMBEDDED_TEXT.as_bytes(), EMBEDDED_NAME).expect("the embedded seed plan parses")
}

fn read_limited(path: &Path) -> Result<Vec<u8>, Problem> {
    use std::os::unix::fs::OpenOptionsExt;
    // Opened without blocking (a FIFO would wait for a writer), then looked at.
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)
        .map_err(io_problem)?;
    let metadata = file.metadata().map_err(io_problem)?;
    if metadata.is_dir() {
        return Err(Problem::IsDirectory);
    }
    if !metadata.is_file() {
        return Err(Problem::NotRegular);
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(Problem::TooLarge(Some(metadata.len())));
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    // A file that grows while being read, or a device, is still cut off at the limit.
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(io_problem)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        // Grown while read, or a device: the size is not known.
        return Err(Problem::TooLarge(None));
    }
    Ok(bytes)
}

fn io_problem(e: std::io::Error) -> Problem {
    match e.kind() {
        std::io::ErrorKind::NotFound => Problem::NotFound,
        std::io::ErrorKind::PermissionDenied => Problem::PermissionDenied,
        std::io::ErrorKind::IsADirectory => Problem::IsDirectory,
        _ => Problem::Io(io_reason(&e)),
    }
}
