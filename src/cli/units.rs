//! `planview units`: every unit with its measures.

use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::export::schema::UnitStatsJson;
use crate::library::UnitIndex;
use crate::text::width::{pad, width};

use super::open_library;
use super::output::{json_pretty, print};

pub fn run(files: &[PathBuf], as_json: bool) -> ExitCode {
    let Some((library, named_failed)) = open_library(files) else {
        return ExitCode::FAILURE;
    };
    let index = UnitIndex::build(&library);
    let single = library.plans.len() == 1;
    let label = |id: crate::library::MeasureId| {
        let measure = &library.measure(id).id;
        if single { measure.to_string() } else { format!("{}#{measure}", library.plan(id.plan).id) }
    };
    if as_json {
        let units: Vec<UnitStatsJson<'_>> = index.units.iter().map(|u| UnitStatsJson::new(u, &library)).collect();
        print(&format!("{}\n", json_pretty(&units)));
    } else {
        let unit = crate::tr!("units-unit");
        let name_width = index.units.iter().map(|u| width(&u.name)).max().unwrap_or(0).max(width(&unit));
        let mut out = String::new();
        // Right-aligned over the numbers: the labels padded on the left to the columns' widths.
        let right =
            |label: String, columns: usize| format!("{}{label}", " ".repeat(columns.saturating_sub(width(&label))));
        let _ = writeln!(
            out,
            "{}  {}  {}  {}",
            pad(&unit, name_width),
            right(crate::tr!("units-total"), 5),
            right(crate::tr!("units-lead"), 4),
            crate::tr!("units-measures")
        );
        for u in &index.units {
            let measures: Vec<String> = u
                .measures
                .iter()
                .map(|(id, role)| format!("{}{}", label(*id), if *role == crate::plan::Role::Lead { "*" } else { "" }))
                .collect();
            let _ =
                writeln!(out, "{}  {:>5}  {:>4}  {}", pad(&u.name, name_width), u.total, u.lead, measures.join(" "));
        }
        print(&out);
    }
    if named_failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}
