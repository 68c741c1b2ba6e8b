//! A duty list's bytes in each export format, for `export` and `export --by-unit`.

use crate::export::docx::docx;
use crate::export::xlsx::xlsx;
use crate::export::{MeasureExtras, Selection, csv, json, markdown};
use crate::library::{Library, UnitIndex};

use super::Format;
use super::output::json_pretty;

/// What `export` needs to write a duty list, whatever its format and selection.
pub struct Writer<'a> {
    pub library: &'a Library,
    pub units: &'a UnitIndex,
    pub extras: &'a dyn MeasureExtras,
    pub no_bom: bool,
}

impl Writer<'_> {
    /// The selection's list in `format`; Err: the one-line reason.
    pub fn bytes(&self, format: Format, selection: &Selection<'_>) -> Result<Vec<u8>, String> {
        let (library, extras) = (self.library, self.extras);
        Ok(match format {
            Format::Json => format!("{}\n", json_pretty(&json(library, selection, extras))).into_bytes(),
            Format::Md => markdown(library, selection, extras).into_bytes(),
            // Excel on Windows reads a CSV as UTF-8 only after a byte-order mark.
            Format::Csv if self.no_bom => csv(library, selection, extras).into_bytes(),
            Format::Csv => format!("\u{feff}{}", csv(library, selection, extras)).into_bytes(),
            Format::Xlsx => xlsx(library, self.units, selection, extras).map_err(|e| e.to_string())?,
            Format::Docx => docx(library, selection, extras).map_err(|e| e.to_string())?,
        })
    }
}
