//! `planview due`: what is due — the measures with a deadline, not marked done, by date
//! (overdue first), for scripts and a daily mail.

use std::process::ExitCode;

use crate::due::{DueItem, Window, days_left_text, due_list, today};
use crate::export::schema::{DeadlineJson, DueJson, DueMarksJson, UnitJson};
use crate::library::{Library, MeasureId, UnitIndex};
use crate::text::width::{pad, width};

use super::export::{chosen_unit, read_marks};
use super::output::{error, json_pretty, print};
use super::{DueArgs, StateArg, open_library};

/// Exit codes: something is due, nothing is, an error.
const SOME: u8 = 0;
const NONE: u8 = 1;
const FAILED: u8 = 2;

pub fn run(args: &DueArgs, state: &StateArg) -> ExitCode {
    let today = match args.today.as_deref().map(super::open::parse_date).transpose() {
        Ok(date) => date.unwrap_or_else(today),
        Err(e) => {
            error(e);
            return ExitCode::from(FAILED);
        }
    };
    let Some((library, named_failed)) = open_library(&args.files) else {
        return ExitCode::from(FAILED);
    };
    let units = UnitIndex::build(&library);
    let unit = match args.unit.as_deref().map(|name| chosen_unit(&units, name)).transpose() {
        Ok(unit) => unit,
        Err(e) => {
            error(e);
            return ExitCode::from(FAILED);
        }
    };
    let marks = match read_marks(state) {
        Ok(store) => store,
        Err(e) => {
            error(e);
            return ExitCode::from(FAILED);
        }
    };
    let mark = |id: MeasureId| marks.get(&library.plan(id.plan).id, &library.measure(id).id);
    let keep = |id: MeasureId| !mark(id).is_some_and(|m| m.done) && unit.is_none_or(|u| u.role_in(id).is_some());
    let window = args.within.map_or(Window::All, Window::Within);
    let items: Vec<DueItem> = due_list(&library, today, keep).into_iter().filter(|i| window.keeps(i)).collect();
    if args.json {
        let list: Vec<DueJson<'_>> = items
            .iter()
            .map(|item| {
                let m = library.measure(item.id);
                let marked = mark(item.id);
                DueJson {
                    days_left: item.days_left,
                    deadline: m
                        .deadline
                        .as_ref()
                        .map(DeadlineJson::from)
                        .unwrap_or(DeadlineJson { date: None, text: "".into() }),
                    id: &m.id,
                    lead: m.units().iter().filter(|u| u.is_lead()).map(|u| &*u.name).collect(),
                    marks: DueMarksJson {
                        done: marked.is_some_and(|m| m.done),
                        flagged: marked.is_some_and(|m| m.flagged),
                        note: marked.map_or("", |m| &m.note),
                        read: marked.is_some_and(|m| m.read),
                    },
                    number: m.number,
                    plan: &library.plan(item.id.plan).id,
                    title: m.title(),
                    units: m.units().iter().map(UnitJson::from).collect(),
                }
            })
            .collect();
        print(&format!("{}\n", json_pretty(&list)));
    } else if items.is_empty() {
        print(&format!("{}\n", crate::tr!("due-none")));
    } else {
        print(&table(&library, &items));
    }
    if named_failed {
        ExitCode::from(FAILED)
    } else if items.is_empty() {
        ExitCode::from(NONE)
    } else {
        ExitCode::from(SOME)
    }
}

/// The list for people: date, days left, plan · id, lead units, the deadline as written,
/// the title; the undated under a heading of their own; a count at the end.
fn table(library: &Library, items: &[DueItem]) -> String {
    let rows: Vec<[String; 6]> = items
        .iter()
        .map(|item| {
            let m = library.measure(item.id);
            let lead: Vec<&str> = m.units().iter().filter(|u| u.is_lead()).map(|u| &*u.name).collect();
            let plan = crate::due::plan_label(library.plan(item.id.plan));
            [
                item.date.map(|d| d.to_string()).unwrap_or_default(),
                // The undated are under their own heading.
                item.days_left.map(|d| days_left_text(Some(d))).unwrap_or_default(),
                format!("{plan} · {}", m.id),
                lead.join("、"),
                m.deadline.as_ref().map(|d| d.text.to_string()).unwrap_or_default(),
                m.title().to_string(),
            ]
        })
        .collect();
    let header = ["due-col-date", "due-col-left", "due-col-plan", "due-col-lead", "due-col-deadline", "due-col-title"]
        .map(|id| crate::i18n::message(id, None));
    // Each column as wide as its widest cell (the last, the title, is not padded).
    let widths: Vec<usize> =
        (0..5).map(|c| rows.iter().map(|r| width(&r[c])).chain([width(&header[c])]).max().unwrap_or(0)).collect();
    let line = |cells: &[String; 6]| {
        let mut out: String = (0..5).map(|c| format!("{}  ", pad(&cells[c], widths[c]))).collect();
        out.push_str(&cells[5]);
        out.trim_end().to_string() + "\n"
    };
    let mut out = line(&header);
    let dated = items.iter().filter(|i| i.date.is_some()).count();
    for row in &rows[..dated] {
        out.push_str(&line(row));
    }
    if dated < rows.len() {
        out.push_str(&format!("{}\n", crate::tr!("due-undated-heading", n = rows.len() - dated)));
        for row in &rows[dated..] {
            out.push_str(&line(row));
        }
    }
    let overdue = items.iter().filter(|i| i.is_overdue()).count();
    out.push_str(&format!("{}\n", crate::tr!("cli-due-total", n = items.len(), overdue = overdue)));
    out
}
