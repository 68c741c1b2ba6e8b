//! Turning command-line FILE and DIR arguments into the list of files to load.

use std::path::{Path, PathBuf};

use crate::plan::{LoadError, load::Problem};
use crate::text::safety::display_path;

/// The most files one invocation reads; a larger folder is refused with a message rather
/// than read for minutes (with the parse cache, 100,000 plans open in seconds).
pub const MAX_FILES: usize = 100_000;

/// A file to load and whether the user named it (errors about named files are fatal for
/// the non-interactive commands; files found in a folder are only reported).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub path: PathBuf,
    pub named: bool,
    /// The argument it came from (a position in the arguments), as the parse cache keeps
    /// one file per argument.
    pub root: usize,
}

/// Expands directories (recursively, following symlinks with loop detection, skipping hidden
/// entries) into their files, sorted. Problems are returned as errors, each with whether it
/// is about what the user named (a folder that holds nothing) or only inside it (an
/// unreadable subfolder).
pub fn collect(args: &[PathBuf]) -> (Vec<Input>, Vec<(LoadError, bool)>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    let mut inside = Vec::new();
    for (root, arg) in args.iter().enumerate() {
        if !arg.is_dir() {
            inputs.push(Input { path: arg.clone(), named: true, root });
            continue;
        }
        match walk(arg, &mut inside) {
            Ok(mut files) => {
                if files.is_empty() {
                    errors.push(LoadError {
                        name: display_path(arg),
                        problem: Problem::Io(crate::tr!("error-empty-folder")),
                    });
                }
                inputs.extend(files.drain(..).map(|path| Input { path, named: false, root }));
            }
            Err(e) => errors.push(e),
        }
        if inputs.len() > MAX_FILES {
            errors.push(LoadError {
                name: display_path(arg),
                problem: Problem::Io(crate::tr!("error-too-many-files", max = MAX_FILES)),
            });
            inputs.truncate(0);
            break;
        }
    }
    let errors = errors.into_iter().map(|e| (e, true)).chain(inside.into_iter().map(|e| (e, false))).collect();
    (inputs, errors)
}

/// The files under `dir`; entries that cannot be read (a folder without permission) are
/// reported in `unreadable` and the rest still loads.
fn walk(dir: &Path, unreadable: &mut Vec<LoadError>) -> Result<Vec<PathBuf>, LoadError> {
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .max_depth(16)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                files.push(entry.into_path());
                if files.len() > MAX_FILES {
                    return Err(LoadError {
                        name: display_path(dir),
                        problem: Problem::Io(crate::tr!("error-too-many-files", max = MAX_FILES)),
                    });
                }
            }
            Ok(_) => {}
            // A symlink loop is not followed, quietly: the folder it leads to is read anyway.
            Err(e) if e.loop_ancestor().is_some() => {}
            Err(e) => {
                let name = e.path().map_or_else(|| display_path(dir), display_path);
                let reason = e.io_error().map_or_else(|| e.to_string(), io_kind);
                unreadable.push(LoadError {
                    name,
                    problem: Problem::Io(crate::tr!("error-rest-of-folder", reason = reason)),
                });
            }
        }
    }
    Ok(files)
}

/// What the system said of a folder: its kind of error (`permission denied`), in Chinese
/// where there are words for it.
fn io_kind(e: &std::io::Error) -> String {
    if crate::i18n::language() == crate::i18n::Lang::Zh {
        crate::plan::load::io_reason(e)
    } else {
        e.kind().to_string()
    }
}
