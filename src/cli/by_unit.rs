//! `planview export --by-unit DIR`: a duty list for every responsible unit, and an index.

use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::export::Selection;
use crate::export::by_unit::{GROUPS_FOLDER, INDEX_STEM, IndexRow, UnitFile, index_csv, index_markdown, layout};
use crate::library::MeasureId;
use crate::marks::{create_file, replace_file};
use crate::plan::Role;
use crate::text::safety::display_path;

use super::Format;
use super::output::{error, json_pretty, print};
use super::writer::Writer;

/// Writes into `dir` each unit's list (of the measures `lead_only` and `keep` leave) in every
/// format, and an index per format; units left with no measure get no file. Without `force`
/// nothing is written if any of the files exists. Whether all was written (errors are
/// reported).
pub(super) fn run(
    writer: &Writer<'_>,
    dir: &Path,
    formats: &[Format],
    lead_only: bool,
    keep: Option<&(dyn Fn(MeasureId) -> bool + Sync)>,
    force: bool,
) -> bool {
    let files = layout(&writer.units.units);
    fn selection<'a>(
        file: &UnitFile<'a>,
        lead_only: bool,
        keep: Option<&'a (dyn Fn(MeasureId) -> bool + Sync)>,
    ) -> Selection<'a> {
        Selection { unit: Some(file.unit), lead_only, keep }
    }
    let mut chosen: Vec<(&UnitFile<'_>, IndexRow)> = Vec::new();
    for file in &files {
        let selection = selection(file, lead_only, keep);
        let roles: Vec<Role> = file.unit.measures.iter().filter_map(|&(id, _)| selection.check(id).flatten()).collect();
        if roles.is_empty() {
            continue;
        }
        let lead = roles.iter().filter(|&&r| r == Role::Lead).count();
        let row = IndexRow {
            file: String::new(),
            kind: file.unit.kind,
            lead,
            name: file.unit.name.clone(),
            partner: roles.len() - lead,
            total: roles.len(),
        };
        chosen.push((file, row));
    }
    if chosen.is_empty() {
        error(crate::tr!("error-export-nothing"));
        return false;
    }
    let index = |format: Format| PathBuf::from(INDEX_STEM).with_extension(format.extension());
    // Every file to write, checked before the first is written.
    let targets: Vec<PathBuf> = formats
        .iter()
        .flat_map(|&format| {
            chosen.iter().map(move |(file, _)| file.path(format.extension())).chain(std::iter::once(index(format)))
        })
        .map(|path| dir.join(path))
        .collect();
    if !force {
        let existing: Vec<&PathBuf> = targets.iter().filter(|p| p.symlink_metadata().is_ok()).collect();
        if let Some(first) = existing.first() {
            error(crate::tr!("error-export-exists", path = display_path(first), more = existing.len() - 1));
            return false;
        }
    }
    let groups = chosen.iter().any(|(file, _)| file.is_group());
    let folders = [Some(dir.to_path_buf()), groups.then(|| dir.join(GROUPS_FOLDER))];
    for folder in folders.iter().flatten() {
        if let Err(e) = std::fs::create_dir_all(folder) {
            error(crate::tr!("error-export-folder", path = display_path(folder), reason = e.to_string()));
            return false;
        }
    }
    let write = |path: &Path, bytes: &[u8]| -> bool {
        // A new list is readable by others, as files a user saves usually are.
        let written = if force { replace_file(path, bytes, 0o644) } else { create_file(path, bytes, 0o644) };
        match written {
            Ok(()) => true,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                error(crate::tr!("error-export-appeared", path = display_path(path)));
                false
            }
            Err(e) => {
                error(crate::tr!("error-export-write", path = display_path(path), reason = e.to_string()));
                false
            }
        }
    };
    let mut written = 0;
    for &format in formats {
        // The lists are made and written on every core (a list of a library of plans is
        // large); each error is reported, and any stops the export before its index.
        let made: Vec<Option<IndexRow>> = chosen
            .par_iter()
            .map(|(file, row)| {
                let path = file.path(format.extension());
                let bytes = writer.bytes(format, &selection(file, lead_only, keep)).map_err(error).ok()?;
                write(&dir.join(&path), &bytes).then_some(())?;
                let file = path.to_string_lossy().replace('\\', "/");
                Some(IndexRow { file, name: row.name.clone(), ..*row })
            })
            .collect();
        written += made.iter().flatten().count();
        let Some(rows) = made.into_iter().collect::<Option<Vec<IndexRow>>>() else {
            return false;
        };
        let bytes = match format {
            Format::Csv => index_csv(&rows, writer.no_bom),
            Format::Md => index_markdown(&rows),
            Format::Json => format!("{}\n", json_pretty(&rows)).into_bytes(),
            Format::Xlsx => match crate::export::xlsx::index_xlsx(&rows) {
                Ok(bytes) => bytes,
                Err(e) => {
                    error(e);
                    return false;
                }
            },
            Format::Docx => match crate::export::docx::index_docx(&rows) {
                Ok(bytes) => bytes,
                Err(e) => {
                    error(e);
                    return false;
                }
            },
        };
        if !write(&dir.join(index(format)), &bytes) {
            return false;
        }
        written += 1;
    }
    let offices = chosen.iter().filter(|(file, _)| !file.is_group()).count();
    let shown_index: Vec<String> = formats.iter().map(|&f| display_path(&dir.join(index(f)))).collect();
    print(&format!(
        "{}\n",
        crate::tr!(
            "cli-export-by-unit-done",
            dir = display_path(dir),
            units = chosen.len(),
            offices = offices,
            groups = chosen.len() - offices,
            files = written,
            index = shown_index.join("、")
        )
    ));
    true
}
