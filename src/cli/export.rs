//! `planview export`.

use std::io::IsTerminal;
use std::process::ExitCode;

use crate::export::schema::MarkFields;
use crate::export::{MeasureExtras, NoExtras, Selection};
use crate::library::{Library, MeasureId, UnitIndex, UnitStats};
use crate::marks::{Mark, Store, default_path, replace_file};
use crate::text::safety::display_path;

use super::output::{error, print_data};
use super::writer::Writer;
use super::{ExportArgs, Format, Marked, StateArg, open_library};

/// Marks, and the days left to each deadline, as export columns and fields.
struct MarkColumns<'a> {
    library: &'a Library,
    store: &'a Store,
    /// The day the days left are counted from.
    today: jiff::civil::Date,
}

impl MarkColumns<'_> {
    fn mark(&self, id: MeasureId) -> Option<&Mark> {
        self.store.get(&self.library.plan(id.plan).id, &self.library.measure(id).id)
    }

    fn days_left(&self, id: MeasureId) -> Option<i64> {
        let date = self.library.measure(id).deadline.as_ref()?.date?;
        crate::due::days_between(self.today, date)
    }
}

impl MeasureExtras for MarkColumns<'_> {
    fn json(&self, id: MeasureId) -> Option<MarkFields> {
        let mark = self.mark(id);
        Some(MarkFields {
            read: mark.is_some_and(|m| m.read),
            flagged: mark.is_some_and(|m| m.flagged),
            done: mark.is_some_and(|m| m.done),
            note: mark.map_or(String::new(), |m| m.note.clone()),
            days_left: self.days_left(id),
        })
    }

    // The same in every interface language: scripts read the columns.
    fn columns(&self) -> Vec<&'static str> {
        vec!["已读", "关注", "办结", "备注", "剩余天数"]
    }

    fn values(&self, id: MeasureId) -> Vec<String> {
        let mark = self.mark(id);
        let yes = |b: bool| if b { "是" } else { "否" }.to_string();
        vec![
            yes(mark.is_some_and(|m| m.read)),
            yes(mark.is_some_and(|m| m.flagged)),
            yes(mark.is_some_and(|m| m.done)),
            mark.map_or(String::new(), |m| m.note.clone()),
            self.days_left(id).map(|d| d.to_string()).unwrap_or_default(),
        ]
    }
}

/// The marks file, for a command that reads it and never writes it (export, due).
pub(super) fn read_marks(state: &StateArg) -> Result<Store, crate::marks::OpenError> {
    match state.path.clone().or_else(default_path) {
        Some(path) => Store::read_only(&path),
        None => Ok(Store::in_memory()),
    }
}

/// Why `--unit NAME` names no one unit.
#[derive(Debug, thiserror::Error)]
pub(super) enum UnitError {
    #[error("{}", crate::tr!("error-export-unit-unknown", name = .name))]
    Unknown { name: String },
    /// Several units' names hold it: the first few of them.
    #[error("{}", crate::tr!("error-export-unit-ambiguous", name = .name, candidates = .candidates.join("、")))]
    Ambiguous { name: String, candidates: Vec<String> },
}

/// The unit `--unit NAME` names.
pub(super) fn chosen_unit<'a>(index: &'a UnitIndex, name: &str) -> Result<&'a UnitStats, UnitError> {
    index.lookup(name).map_err(|candidates| {
        let name = name.to_string();
        if candidates.is_empty() {
            UnitError::Unknown { name }
        } else {
            UnitError::Ambiguous { name, candidates: candidates.iter().take(8).map(|u| u.name.clone()).collect() }
        }
    })
}

/// The formats: `--format`, else the extension of `-o FILE`.
fn chosen_formats(args: &ExportArgs) -> Vec<Format> {
    if !args.format.is_empty() {
        let mut formats = args.format.clone();
        formats.dedup();
        return formats;
    }
    let extension = args.output.as_deref().and_then(|o| o.extension()).and_then(|e| e.to_str());
    let format = match extension.map(str::to_ascii_lowercase).as_deref() {
        Some("json") => Format::Json,
        Some("md" | "markdown") => Format::Md,
        Some("csv") => Format::Csv,
        Some("xlsx") => Format::Xlsx,
        Some("docx") => Format::Docx,
        _ => return Vec::new(),
    };
    vec![format]
}

pub fn run(args: &ExportArgs, state: &StateArg) -> ExitCode {
    let formats = chosen_formats(args);
    let Some(&format) = formats.first() else {
        error(crate::tr!("error-export-no-format"));
        return ExitCode::from(2);
    };
    if formats.len() > 1 && args.by_unit.is_none() {
        error(crate::tr!("error-export-several-formats"));
        return ExitCode::from(2);
    }
    let binary = matches!(format, Format::Xlsx | Format::Docx);
    if binary && args.output.is_none() && args.by_unit.is_none() && std::io::stdout().is_terminal() {
        error(crate::tr!("error-export-binary-to-terminal"));
        return ExitCode::from(2);
    }
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
    // The columns and the JSON keep their names in every language: scripts read them (see
    // export::schema).
    let store = match read_marks(state) {
        Ok(store) => store,
        Err(e) => {
            error(e);
            return ExitCode::FAILURE;
        }
    };
    let today = match args.today.as_deref().map(super::open::parse_date).transpose() {
        Ok(today) => today.unwrap_or_else(crate::due::today),
        Err(e) => {
            error(e);
            return ExitCode::from(2);
        }
    };
    let columns = MarkColumns { library: &library, store: &store, today };
    let keep = |id: MeasureId| match args.marked {
        None => true,
        Some(Marked::Read) => columns.mark(id).is_some_and(|m| m.read),
        Some(Marked::Unread) => !columns.mark(id).is_some_and(|m| m.read),
        Some(Marked::Flagged) => columns.mark(id).is_some_and(|m| m.flagged),
        Some(Marked::Done) => columns.mark(id).is_some_and(|m| m.done),
        Some(Marked::NotDone) => !columns.mark(id).is_some_and(|m| m.done),
    };
    let keep: Option<&(dyn Fn(MeasureId) -> bool + Sync)> = args.marked.is_some().then_some(&keep);
    let extras: &dyn MeasureExtras = if args.no_marks { &NoExtras } else { &columns };
    let writer = Writer { library: &library, units: &index, extras, no_bom: args.no_bom };
    if let Some(dir) = &args.by_unit {
        let written = super::by_unit::run(&writer, dir, &formats, args.lead_only, keep, args.force);
        return if written && !named_failed { ExitCode::SUCCESS } else { ExitCode::FAILURE };
    }
    let selection = Selection { unit, lead_only: args.lead_only, keep };
    let bytes = match writer.bytes(format, &selection) {
        Ok(bytes) => bytes,
        Err(e) => {
            error(e);
            return ExitCode::FAILURE;
        }
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
