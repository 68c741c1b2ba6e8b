//! `planview export`.

use std::process::ExitCode;

use crate::export::{NoExtras, Selection, csv, json, markdown};
use crate::library::UnitIndex;

use super::output::print;
use super::{ExportArgs, Format, open_library};

pub fn run(args: &ExportArgs) -> ExitCode {
    let Some((library, named_failed)) = open_library(&args.files) else {
        return ExitCode::FAILURE;
    };
    let index = UnitIndex::build(&library);
    let unit = match args.unit.as_deref().map(|name| index.lookup(name)) {
        None => None,
        Some(Ok(unit)) => Some(unit),
        Some(Err(candidates)) => {
            let name = args.unit.as_deref().unwrap_or_default();
            if candidates.is_empty() {
                eprintln!("planview: no unit named {name}; `planview units` lists them");
            } else {
                let names: Vec<&str> = candidates.iter().take(8).map(|u| u.name.as_str()).collect();
                eprintln!(
                    "planview: {name} matches several units: {}",
                    names.join("、")
                );
            }
            return ExitCode::FAILURE;
        }
    };
    let selection = Selection {
        unit,
        lead_only: args.lead_only,
        keep: None,
    };
    let text = match args.format {
        Format::Json => format!(
            "{}\n",
            serde_json::to_string_pretty(&json(&library, &selection, &NoExtras))
                .unwrap_or_default()
        ),
        Format::Md => markdown(&library, &selection, &NoExtras),
        Format::Csv => csv(&library, &selection, &NoExtras),
    };
    print(&text);
    if named_failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
