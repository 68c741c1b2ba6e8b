//! `planview search`: the measures matching a query.

use std::fmt::Write;
use std::ops::Range;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::export::schema::{CountJson, HitJson, HitRange, MeasureJson, PathJson, SnippetJson};
use crate::library;
use crate::plan::{Measure, Plan};
use crate::search::scan::{QuickScan, scan_plan};
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
            Shape::Hits => found.iter().map(|&m| Hit::new(plan, &plan.measures[m], &query, color, as_json)).collect(),
            Shape::Count => Vec::new(),
        };
        (!found.is_empty()).then_some((found.len(), hits))
    };
    // Plans in the parse cache are first searched as it holds them, without making plans of
    // them: a plan without hits, or with hits only counted, needs nothing more.
    let quick_scan = QuickScan::new(&query);
    let quick = |raw: &library::cache::RawPlan<'_>| -> library::Quick<(usize, Vec<Hit>)> {
        let found = quick_scan.as_ref()?.positions(raw.text, &raw.measures, &raw.units)?;
        match shape {
            _ if found.is_empty() => Some(None),
            Shape::Count => Some(Some((found.len(), Vec::new()))),
            Shape::Hits => None,
        }
    };
    let scanned = with_progress(|progress| library::scan_quick(files, &quick, each, progress));
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
                    hits.iter().filter_map(move |h| {
                        let json = h.json.as_deref()?;
                        Some(HitJson { plan, path: &json.path, snippets: &json.snippets, measure: &json.measure })
                    })
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
    /// For `--json`: the hit as it is written.
    json: Option<Box<JsonHit>>,
    /// The title with the hits highlighted.
    shown_title: String,
    /// A snippet of the body, and the units, where they hold hits.
    lines: Vec<String>,
}

/// The parts of a `--json` hit besides its plan.
struct JsonHit {
    path: PathJson,
    snippets: Vec<SnippetJson>,
    measure: MeasureJson<'static>,
}

impl Hit {
    /// A hit: for `--json` the measure as JSON, where it stands and where it matched, else
    /// its highlighted title, snippet and units for people to read.
    fn new(plan: &Plan, m: &Measure, query: &Query, color: bool, as_json: bool) -> Self {
        let id = m.id.to_string();
        if as_json {
            let (chapter, section) = plan.path_of(m);
            let json = JsonHit {
                path: PathJson { chapter, section },
                snippets: snippets(query, m),
                measure: MeasureJson::from(m).into_owned(),
            };
            return Hit { id, json: Some(Box::new(json)), shown_title: String::new(), lines: Vec::new() };
        }
        let title = m.title().to_string();
        let shown_title = highlight(&title, &query_ranges(query, &title), color);
        let mut lines = Vec::new();
        if let Some(window) = Window::around_first_hit(query, m.body()) {
            let text = &m.body()[window.range.clone()];
            let prefix = if window.cut_before { "…" } else { "" };
            let suffix = if window.cut_after { "…" } else { "" };
            lines.push(format!("{prefix}{}{suffix}", highlight(text, &window.hits, color)));
        }
        // The units as written show a literal hit only if the annotation as written has one.
        let pinyin = query.terms.iter().any(|t| t.pinyin);
        if pinyin || !query_ranges(query, m.annotation()).is_empty() {
            let units = units_as_written(m);
            let ranges = query_ranges(query, &units);
            if !ranges.is_empty() {
                lines.push(format!("责任单位: {}", highlight(&units, &ranges, color)));
            }
        }
        Hit { id, json: None, shown_title, lines }
    }
}

/// A measure's units as the document writes them, joined with 、.
fn units_as_written(m: &Measure) -> String {
    m.units().iter().map(|u| &*u.raw).collect::<Vec<_>>().join("、")
}

/// Where the query matched, per field (title, body, units), with offsets in characters.
fn snippets(query: &Query, m: &Measure) -> Vec<SnippetJson> {
    let snippet = |field: &'static str, text: &str, ranges: &[Range<usize>]| {
        let chars = |byte: usize| text[..byte].chars().count();
        let hits = ranges.iter().map(|r| HitRange { start: chars(r.start), end: chars(r.end) }).collect();
        SnippetJson { field, hits, text: text.to_string() }
    };
    let mut out = Vec::new();
    let title = m.title();
    let ranges = query_ranges(query, title);
    if !ranges.is_empty() {
        out.push(snippet("title", title, &ranges));
    }
    if let Some(window) = Window::around_first_hit(query, m.body()) {
        out.push(snippet("body", &m.body()[window.range], &window.hits));
    }
    let units = units_as_written(m);
    let ranges = query_ranges(query, &units);
    if !ranges.is_empty() {
        out.push(snippet("units", &units, &ranges));
    }
    out
}

/// The part of a text shown around its first match: at most [`SNIPPET_WIDTH`] columns of
/// its line, from up to [`CONTEXT`] columns before the match.
struct Window {
    /// Byte range of the text.
    range: Range<usize>,
    /// The matches inside it, relative to its start.
    hits: Vec<Range<usize>>,
    /// Whether the line goes on before / after it.
    cut_before: bool,
    cut_after: bool,
}

impl Window {
    fn around_first_hit(query: &Query, text: &str) -> Option<Window> {
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
        // End where the columns are used up, or at the end of the line.
        let mut end = line_end;
        let mut used = 0;
        for (i, c) in text[start..line_end].char_indices() {
            used += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if used > SNIPPET_WIDTH {
                end = start + i;
                break;
            }
        }
        let hits = ranges
            .iter()
            .filter(|r| r.start >= start && r.end <= end)
            .map(|r| r.start - start..r.end - start)
            .collect();
        Some(Window { range: start..end, hits, cut_before: start > line_start, cut_after: end < line_end })
    }
}
