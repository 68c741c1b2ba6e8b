//! `planview search`: the measures matching a query.

use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::json;

use crate::library::{Library, MeasureId};
use crate::search::scan::scan_plan;
use crate::search::{Query, query_ranges};
use crate::text::width::truncate;

use super::output::{color, highlight, print};
use super::report_skipped;

/// Columns of context shown before a hit in a snippet.
const CONTEXT: usize = 24;

pub fn run(raw: &str, files: &[PathBuf], as_json: bool) -> ExitCode {
    let query = Query::parse(raw);
    if query.is_empty() {
        eprintln!("planview: the search query is empty");
        return ExitCode::from(2);
    }
    // Each plan is searched as it is read and let go unless it has hits.
    let (library, hits) = Library::open_scanned(files, |plan| {
        let hits = scan_plan(plan, &query);
        (!hits.is_empty()).then_some(hits)
    });
    let named_failed = report_skipped(&library);
    if library.plans.is_empty() && library.skipped.iter().any(|s| s.named) {
        return ExitCode::from(2);
    }
    let ids: Vec<MeasureId> = hits
        .iter()
        .enumerate()
        .flat_map(|(p, found)| found.iter().map(move |&index| MeasureId { plan: p as u32, index: index as u32 }))
        .collect();
    let mut out = String::new();
    if as_json {
        let list: Vec<_> = ids
            .iter()
            .map(|&id| {
                let m = library.measure(id);
                json!({"number": m.number, "title": m.title(), "plan": library.plan(id.plan).id})
            })
            .collect();
        let _ = writeln!(out, "{}", serde_json::to_string_pretty(&list).unwrap_or_default());
    } else {
        let color = color();
        for &id in &ids {
            let m = library.measure(id);
            let plan = library.plan(id.plan);
            let title = highlight(m.title(), &query_ranges(&query, m.title()), color);
            let _ = writeln!(out, "{} · {} {}", plan.id, m.number, title);
            if let Some(snippet) = snippet(&query, m.body(), color) {
                let _ = writeln!(out, "    {snippet}");
            }
            let units: Vec<&str> = m.units().iter().map(|u| &*u.raw).collect();
            let units = units.join("、");
            let ranges = query_ranges(&query, &units);
            if !ranges.is_empty() {
                let _ = writeln!(out, "    责任单位: {}", highlight(&units, &ranges, color));
            }
        }
        let plans = ids.iter().map(|id| id.plan).collect::<std::collections::BTreeSet<_>>().len();
        let _ = writeln!(out, "{} measures match in {} plans", ids.len(), plans);
    }
    print(&out);
    super::let_go(library);
    if named_failed {
        ExitCode::from(2)
    } else if ids.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// A short piece of `text` around its first hit, the hit highlighted.
fn snippet(query: &Query, text: &str, color: bool) -> Option<String> {
    let ranges = query_ranges(query, text);
    let first = ranges.first()?.clone();
    let line_start = text[..first.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[first.end..].find('\n').map_or(text.len(), |i| first.end + i);
    // Start up to CONTEXT columns before the hit.
    let mut start = first.start;
    let mut used = 0;
    for (i, c) in text[line_start..first.start].char_indices().rev() {
        used += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used > CONTEXT {
            break;
        }
        start = line_start + i;
    }
    let end = (first.end + 240).min(line_end);
    let end = (end..=line_end).find(|&e| text.is_char_boundary(e)).unwrap_or(line_end);
    let piece = &text[start..end];
    let local: Vec<_> =
        ranges.iter().filter(|r| r.start >= start && r.end <= end).map(|r| r.start - start..r.end - start).collect();
    let prefix = if start > line_start { "…" } else { "" };
    let shown = truncate(piece, 120);
    let local: Vec<_> = local.into_iter().filter(|r| r.end <= shown.len() && shown.is_char_boundary(r.end)).collect();
    Some(format!("{prefix}{}", highlight(&shown, &local, color)))
}
