//! `planview search`: the measures matching a query.

use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::export::schema::{CountJson, HitJson, MeasureJson};
use crate::library;
use crate::plan::Measure;
use crate::search::scan::scan_plan;
use crate::search::{Query, query_ranges};

use super::output::{colour_wanted, error, highlight, json_pretty, print, with_progress};

/// Columns of context shown before a hit in a snippet.
const CONTEXT: usize = 24;
/// Columns of a snippet.
const SNIPPET_WIDTH: usize = 119;

/// What the command prints of each plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Every matching measure, with the words found.
    Hits,
    /// How many measures match.
    Count,
}

pub fn run(raw: &str, files: &[PathBuf], shape: Shape, as_json: bool) -> ExitCode {
    let query = Query::parse(raw);
    if query.is_empty() {
        error(crate::tr!("cli-empty-query"));
        return ExitCode::from(2);
    }
    // Each plan is searched as it is read; what is shown of its hits is prepared there and
    // then, in parallel, and the plan let go.
    let color = colour_wanted();
    let each = |plan: &crate::plan::Plan| {
        let found = scan_plan(plan, &query);
        let hits: Vec<Hit> = match shape {
            Shape::Hits => found.iter().map(|&m| Hit::new(&plan.measures[m], &query, color, as_json)).collect(),
            Shape::Count => Vec::new(),
        };
        (!found.is_empty()).then_some((found.len(), hits))
    };
    let scanned = with_progress(|progress| library::scan_counted(files, each, progress));
    for skipped in &scanned.skipped {
        error(&skipped.error);
    }
    let named_failed = scanned.skipped.iter().any(|s| s.named);
    let count: usize = scanned.found.iter().map(|(_, (n, _))| n).sum();
    let mut out = String::new();
    match (shape, as_json) {
        (Shape::Hits, true) => {
            let list: Vec<HitJson<'_>> = scanned
                .found
                .iter()
                .flat_map(|(plan, (_, hits))| {
                    hits.iter().filter_map(move |h| Some(HitJson { plan, measure: h.json.as_ref()? }))
                })
                .collect();
            let _ = writeln!(out, "{}", json_pretty(&list));
        }
        (Shape::Count, true) => {
            let list: Vec<CountJson<'_>> =
                scanned.found.iter().map(|(plan, (measures, _))| CountJson { plan, measures: *measures }).collect();
            let _ = writeln!(out, "{}", json_pretty(&list));
        }
        (Shape::Hits, false) => {
            for (plan, (_, hits)) in &scanned.found {
                for hit in hits {
                    let _ = writeln!(out, "{plan} · {} {}", hit.id, hit.shown_title);
                    for line in &hit.lines {
                        let _ = writeln!(out, "    {line}");
                    }
                }
            }
            let plans = scanned.found.len().to_string();
            let _ = writeln!(out, "{}", crate::tr!("cli-search-total", n = count.to_string(), plans = plans));
        }
        (Shape::Count, false) => {
            for (plan, (n, _)) in &scanned.found {
                let _ = writeln!(out, "{plan}: {n}");
            }
        }
    }
    print(&out);
    if named_failed {
        ExitCode::from(2)
    } else if count == 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// What is shown of one hit.
struct Hit {
    id: String,
    /// The measure as JSON (for `--json`).
    json: Option<MeasureJson<'static>>,
    /// The title with the hits highlighted.
    shown_title: String,
    /// A snippet of the body, and the units, where they hold hits.
    lines: Vec<String>,
}

impl Hit {
    /// A hit: for `--json` the measure as JSON, else its highlighted title, snippet and
    /// units for people to read.
    fn new(m: &Measure, query: &Query, color: bool, as_json: bool) -> Self {
        let id = m.id.to_string();
        if as_json {
            let json = Some(MeasureJson::from(m).into_owned());
            return Hit { id, json, shown_title: String::new(), lines: Vec::new() };
        }
        let title = m.title().to_string();
        let shown_title = highlight(&title, &query_ranges(query, &title), color);
        let mut lines = Vec::new();
        if let Some(snippet) = snippet(query, m.body(), color) {
            lines.push(snippet);
        }
        // The units as written show a literal hit only if the annotation as written has one.
        let pinyin = query.terms.iter().any(|t| t.pinyin);
        if pinyin || !query_ranges(query, m.annotation()).is_empty() {
            let units: Vec<&str> = m.units().iter().map(|u| &*u.raw).collect();
            let units = units.join("、");
            let ranges = query_ranges(query, &units);
            if !ranges.is_empty() {
                lines.push(format!("责任单位: {}", highlight(&units, &ranges, color)));
            }
        }
        Hit { id, json: None, shown_title, lines }
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
    // End where 120 columns are used up, or at the end of the line.
    let mut end = line_end;
    let mut used = 0;
    for (i, c) in text[start..line_end].char_indices() {
        used += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used > SNIPPET_WIDTH {
            end = start + i;
            break;
        }
    }
    let local: Vec<_> =
        ranges.iter().filter(|r| r.start >= start && r.end <= end).map(|r| r.start - start..r.end - start).collect();
    let prefix = if start > line_start { "…" } else { "" };
    let suffix = if end < line_end { "…" } else { "" };
    Some(format!("{prefix}{}{suffix}", highlight(&text[start..end], &local, color)))
}
