//! `planview check`: what was found in each file.

use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::formats::Format;
use crate::library::Library;
use crate::plan::{ChapterKind, LoadedPlan, UnitKind};
use crate::text::width::{pad, width as text_width};
use crate::tr;

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

/// The report's lines: a label, padded to the widest label of the language, then the value.
struct Lines<'a> {
    out: &'a mut String,
    width: usize,
}

impl Lines<'_> {
    fn line(&mut self, label: &str, value: &str) {
        let _ = writeln!(self.out, "  {}  {value}", pad(label, self.width));
    }
}

fn report(loaded: &LoadedPlan, out: &mut String) {
    let plan = &loaded.plan;
    let meta = &plan.meta;
    let _ = writeln!(out, "{}", tr!("check-plan", name = &loaded.source.name, id = &plan.id));
    let labels = [
        tr!("check-title"),
        tr!("check-metadata"),
        tr!("check-structure"),
        tr!("check-measures"),
        tr!("check-units"),
        tr!("check-with"),
        tr!("check-no-units"),
        tr!("check-no-lead"),
        tr!("check-warnings"),
    ];
    let width = labels.iter().map(|l| text_width(l)).max().unwrap_or(0);
    let [title, metadata, structure, measures, units, with, no_units_label, no_lead_label, warnings] = &labels;
    let mut lines = Lines { out, width };
    lines.line(title, &meta.title);
    let facts: Vec<String> = [
        meta.issuer.as_ref().map(|i| tr!("check-issuer", value = i.to_string())),
        meta.adopted.as_ref().map(|d| tr!("check-adopted", value = d.to_string())),
        meta.issued.as_ref().map(|d| tr!("check-issued", value = d.to_string())),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !facts.is_empty() {
        lines.line(metadata, &facts.join(" · "));
    }
    let first = plan.measures.first().map_or("", |m| &m.id);
    let last = plan.measures.last().map_or("", |m| &m.id);
    let chapters = plan.chapters.iter().filter(|c| c.number > 0 && c.kind == ChapterKind::Body).count();
    // A text file is named by its encoding; a Word file, PDF or web page by its format.
    let encoding = loaded.source.encoding;
    let source = match loaded.source.format {
        Format::Text => tr!("check-encoding", encoding = encoding),
        Format::Html => tr!("check-format-encoding", format = Format::Html.label(), encoding = encoding),
        format => tr!("check-format", format = format.label()),
    };
    // Counts as text: the numbers as they are, never grouped.
    let n = |n: usize| n.to_string();
    lines.line(
        structure,
        &tr!(
            "check-structure-value",
            chapters = n(chapters),
            sections = n(plan.section_count()),
            measures = n(plan.measures.len()),
            first = first,
            last = last,
            source = source
        ),
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
    lines.line(
        measures,
        &tr!("check-measures-value", numbered = n(numbered), unnumbered = n(unnumbered), table = n(from_table)),
    );
    lines.line(units, &tr!("check-units-value", offices = n(offices.len()), groups = n(groups.len())));
    let with_units = plan.measures.iter().filter(|m| !m.units().is_empty()).count();
    let with_lead = plan.measures.iter().filter(|m| m.leads().next().is_some()).count();
    let with_deadline = plan.measures.iter().filter(|m| m.deadline.is_some()).count();
    lines.line(with, &tr!("check-with-value", units = n(with_units), lead = n(with_lead), deadline = n(with_deadline)));
    let no_units: Vec<String> =
        plan.measures.iter().filter(|m| m.units().is_empty()).map(|m| m.id.to_string()).collect();
    let no_lead: Vec<String> = plan
        .measures
        .iter()
        .filter(|m| !m.units().is_empty() && m.leads().next().is_none())
        .map(|m| m.id.to_string())
        .collect();
    let list = |v: &[String]| {
        if v.is_empty() { tr!("check-none") } else { v.join(", ") }
    };
    lines.line(no_units_label, &list(&no_units));
    if !no_lead.is_empty() {
        lines.line(no_lead_label, &list(&no_lead));
    }
    if plan.warnings.is_empty() {
        lines.line(warnings, &tr!("check-none"));
    } else {
        lines.line(warnings, &n(plan.warnings.len()));
        // The first ones say what is wrong; a plan with thousands says it by their number.
        for w in plan.warnings.iter().take(SHOWN_WARNINGS) {
            let _ = writeln!(lines.out, "    {}", tr!("check-line", line = n(w.line), message = &w.message));
        }
        if plan.warnings.len() > SHOWN_WARNINGS {
            let _ = writeln!(lines.out, "    {}", tr!("check-more", n = n(plan.warnings.len() - SHOWN_WARNINGS)));
        }
    }
}
