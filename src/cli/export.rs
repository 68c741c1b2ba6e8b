//! `planview export`.

use std::io::IsTerminal;
use std::process::ExitCode;

use crate::export::schema::MarkFields;
use crate::export::xlsx::xlsx;
use crate::export::{MeasureExtras, NoExtras, Selection, csv, json, markdown};
use crate::library::{Library, MeasureId, UnitIndex, UnitStats};
use crate::marks::{Mark, Store, default_path, replace_file};
use crate::text::safety::display_path;

use super::output::{error, json_pretty, print_data};
use super::{ExportArgs, Format, Marked, StateArg, open_library};

/// Marks as export columns and fields.
struct MarkColumns<'a> {
    library: &'a Library,
    store: &'a Store,
}

impl MarkColumns<'_> {
    fn mark(&self, id: MeasureId) -> Option<&Mark> {
        self.store.get(&self.library.plan(id.plan).id, &self.library.measure(id).id)
    }
}

impl MeasureExtras for MarkColumns<'_> {
    fn json(&self, id: MeasureId) -> Option<MarkFields> {
        let mark = self.mark(id);
        Some(MarkFields {
            read: mark.is_some_and(|m| m.read),
            flagged: mark.is_some_and(|m| m.flagged),
            note: mark.map_or(String::new(), |m| m.note.clone()),
        })
    }

    // The same in every interface language: scripts read the columns.
    fn columns(&self) -> Vec<&'static str> {
        vec!["已读", "标记", "备注"]
    }

    fn values(&self, id: MeasureId) -> Vec<String> {
        let mark = self.mark(id);
        let yes = |b: bool| if b { "是" } else { "否" }.to_string();
        vec![
            yes(mark.is_some_and(|m| m.read)),
            yes(mark.is_some_and(|m| m.flagged)),
            mark.map_or(String::new(), |m| m.note.clone()),
        ]
    }
}

/// Why `--unit NAME` names no one unit.
#[derive(Debug, thiserror::Error)]
enum UnitError {
    #[error("{}", crate::tr!("error-export-unit-unknown", name = .name))]
    Unknown { name: String },
    /// Several units' names hold it: the first few of them.
    #[error("{}", crate::tr!("error-export-unit-ambiguous", name = .name, candidates = .candidates.join("、")))]
    Ambiguous { name: String, candidates: Vec<String> },
}

/// The unit `--unit NAME` names.
fn chosen_unit<'a>(index: &'a UnitIndex, name: &str) -> Result<&'a UnitStats, UnitError> {
    index.lookup(name).map_err(|candidates| {
        let name = name.to_string();
        if candidates.is_empty() {
            UnitError::Unknown { name }
        } else {
            UnitError::Ambiguous { name, candidates: candidates.iter().take(8).map(|u| u.name.clone()).collect() }
        }
    })
}

/// The format: `--format`, else the extension of `-o FILE`.
fn chosen_format(args: &ExportArgs) -> Option<Format> {
    args.format.or_else(|| {
        let extension = args.output.as_deref()?.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "json" => Some(Format::Json),
            "md" | "markdown" => Some(Format::Md),
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    })
}

pub fn run(args: &ExportArgs, state: &StateArg) -> ExitCode {
    let Some(format) = chosen_format(args) else {
        error(crate::tr!("error-export-no-format"));
        return ExitCode::from(2);
    };
    let Some((library, named_failed)) = open_library(&args.files) else {
        return ExitCode::FAILURE;
    };
    let index = UnitIndex::build(&library);
    let unit = match args.unit.as_deref().map(|name| chosen_unit(&index, name)).transpose() {
        Ok(unit) => unit,
        Err(e) => {
            error(e);
            return ExitCode::FAILURE;
        }
    };
    // Marks are read, never written, by export. The columns and the JSON keep their names
    // in every language: scripts read them (see export::schema).
    let store = match state.path.clone().or_else(default_path) {
        Some(path) => match Store::read_only(&path) {
            Ok(store) => store,
            Err(e) => {
                error(e);
                return ExitCode::FAILURE;
            }
        },
        None => Store::in_memory(),
    };
    let columns = MarkColumns { library: &library, store: &store };
    let keep = |id: MeasureId| match args.marked {
        None => true,
        Some(Marked::Read) => columns.mark(id).is_some_and(|m| m.read),
        Some(Marked::Unread) => !columns.mark(id).is_some_and(|m| m.read),
        Some(Marked::Flagged) => columns.mark(id).is_some_and(|m| m.flagged),
    };
    let selection = Selection { unit, lead_only: args.lead_only, keep: args.marked.is_some().then_some(&keep) };
    let extras: &dyn MeasureExtras = if args.no_marks { &NoExtras } else { &columns };
    if format == Format::Xlsx && args.output.is_none() && std::io::stdout().is_terminal() {
        error(crate::tr!("error-export-binary-to-terminal"));
        return ExitCode::from(2);
    }
    let bytes = match format {
        Format::Json => format!("{}\n", json_pretty(&json(&library, &selection, extras))).into_bytes(),
        Format::Md => markdown(&library, &selection, extras).into_bytes(),
        // Excel on Windows reads a CSV as UTF-8 only after a byte-order mark.
        Format::Csv if args.no_bom => csv(&library, &selection, extras).into_bytes(),
        Format::Csv => format!("\u{feff}{}", csv(&library, &selection, extras)).into_bytes(),
        Format::Xlsx => match xlsx(&library, &selection, extras) {
            Ok(bytes) => bytes,
            Err(e) => {
                error(e);
                return ExitCode::FAILURE;
            }
        },
    };
    match &args.output {
        Some(path) => {
            // A new export is readable by others, as files a user saves usually are.
            if let Err(e) = replace_file(path, &bytes, 0o644) {
                error(crate::tr!("error-export-write", path = display_path(path), reason = e.to_string()));
                return ExitCode::FAILURE;
            }
        }
        None => print_data(&bytes),
    }
    if named_failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}
