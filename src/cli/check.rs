//! `planview check`: what was found in each file.

use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::formats::Format;
use crate::library::Library;
use crate::plan::{ChapterKind, LoadedPlan, UnitKind};

use super::output::{error, print};

/// Warnings listed per plan.
const SHOWN_WARNINGS: usize = 20;

pub fn run(files: &[PathBuf]) -> ExitCode {
    let library = Library::open(files);
    let mut out = String::new();
    for loaded in &library.plans {
        report(loaded, &mut out);
    }
    print(&out);
    for skipped in &library.skipped {
        error(&skipped.error);
    }
    if library.skipped.is_empty() && !library.plans.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

fn report(loaded: &LoadedPlan, out: &mut String) {
    let plan = &loaded.plan;
    let meta = &plan.meta;
    let _ = writeln!(out, "{}: plan {}", loaded.source.name, plan.id);
    let _ = writeln!(out, "  title      {}", meta.title);
    let facts: Vec<String> = [
        meta.issuer.as_ref().map(|i| format!("issuer {i}")),
        meta.adopted.as_ref().map(|d| format!("adopted {d}")),
        meta.issued.as_ref().map(|d| format!("issued {d}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !facts.is_empty() {
        let _ = writeln!(out, "  metadata   {}", facts.join(" · "));
    }
    let first = plan.measures.first().map_or("", |m| &m.id);
    let last = plan.measures.last().map_or("", |m| &m.id);
    let chapters = plan.chapters.iter().filter(|c| c.number > 0 && c.kind == ChapterKind::Body).count();
    // A text file is named by its encoding; a Word file, PDF or web page by its format.
    let source = match loaded.source.format {
        Format::Text => format!("encoding {}", loaded.source.encoding),
        Format::Html => format!("format {} ({})", Format::Html.label(), loaded.source.encoding),
        format => format!("format {}", format.label()),
    };
    let _ = writeln!(
        out,
        "  structure  {} chapters · {} sections · {} measures ({first}–{last}) · {source}",
        chapters,
        plan.section_count(),
        plan.measures.len(),
    );
    let mut offices = std::collections::BTreeSet::new();
    let mut groups = std::collections::BTreeSet::new();
    for unit in plan.measures.iter().flat_map(|m| m.units()) {
        match unit.kind {
            UnitKind::Office => offices.insert(&*unit.name),
            UnitKind::Group => groups.insert(&*unit.name),
        };
    }
    let from_table = plan.measures.iter().filter(|m| plan.chapters[m.chapter].kind == ChapterKind::Attachment).count();
    let numbered = plan.measures.iter().filter(|m| m.number.is_some()).count()
        - from_table.min(
            plan.measures
                .iter()
                .filter(|m| m.number.is_some() && plan.chapters[m.chapter].kind == ChapterKind::Attachment)
                .count(),
        );
    let unnumbered = plan
        .measures
        .iter()
        .filter(|m| m.number.is_none() && plan.chapters[m.chapter].kind == ChapterKind::Body)
        .count();
    let _ = writeln!(out, "  measures   {numbered} numbered · {unnumbered} unnumbered · {from_table} from a table");
    let _ = writeln!(out, "  units      {} offices · {} groups", offices.len(), groups.len());
    let with_units = plan.measures.iter().filter(|m| !m.units().is_empty()).count();
    let with_lead = plan.measures.iter().filter(|m| m.leads().next().is_some()).count();
    let with_deadline = plan.measures.iter().filter(|m| m.deadline.is_some()).count();
    let _ = writeln!(out, "  with       units {with_units} · a lead {with_lead} · a deadline {with_deadline}");
    let no_units: Vec<String> =
        plan.measures.iter().filter(|m| m.units().is_empty()).map(|m| m.id.to_string()).collect();
    let no_lead: Vec<String> = plan
        .measures
        .iter()
        .filter(|m| !m.units().is_empty() && m.leads().next().is_none())
        .map(|m| m.id.to_string())
        .collect();
    let list = |v: &[String]| {
        if v.is_empty() { "none".to_string() } else { v.join(", ") }
    };
    let _ = writeln!(out, "  no units   {}", list(&no_units));
    if !no_lead.is_empty() {
        let _ = writeln!(out, "  no lead    {}", list(&no_lead));
    }
    if plan.warnings.is_empty() {
        let _ = writeln!(out, "  warnings   none");
    } else {
        let _ = writeln!(out, "  warnings   {}", plan.warnings.len());
        // The first ones say what is wrong; a plan with thousands says it by their number.
        for w in plan.warnings.iter().take(SHOWN_WARNINGS) {
            let _ = writeln!(out, "    line {}: {}", w.line, w.message);
        }
        if plan.warnings.len() > SHOWN_WARNINGS {
            let _ = writeln!(out, "    … and {} more", plan.warnings.len() - SHOWN_WARNINGS);
        }
    }
}
