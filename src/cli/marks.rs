//! `planview marks show` and `planview marks merge FILE`: looking at the marks file and
//! taking in a colleague's, without copying files by hand.

use std::cmp::Ordering;
use std::path::Path;
use std::process::ExitCode;

use super::output::{error, error_block, json_pretty, print};
use super::{MarksCommand, StateArg};
use crate::marks::{EXIT_WAIT, Mark, MarksFile, Store, default_path};
use crate::plan::load::{LoadError, Problem};
use crate::text::safety::display_path;
use crate::text::width::pad;
use crate::tr;

pub fn run(command: &MarksCommand, state: &StateArg) -> ExitCode {
    let Some(path) = state.path.clone().or_else(default_path) else {
        error(tr!("marks-no-folder"));
        return ExitCode::from(2);
    };
    match command {
        MarksCommand::Show { json } => show(&path, *json),
        MarksCommand::Merge { file, dry_run } => merge(&path, file, *dry_run),
    }
}

/// Prints every marked measure (or the whole file as JSON). A missing file has no marks.
fn show(path: &Path, json: bool) -> ExitCode {
    let store = match Store::read_only(path) {
        Ok(store) => store,
        Err(e) => {
            error(e);
            return ExitCode::from(2);
        }
    };
    let file = store.all();
    if json {
        print(&format!("{}\n", json_pretty(file)));
        return ExitCode::SUCCESS;
    }
    print(&listing(file, path));
    ExitCode::SUCCESS
}

/// The marks as text: per plan, one line per measure with a mark, its note below it.
fn listing(file: &MarksFile, path: &Path) -> String {
    let mut out = String::new();
    let mut total = 0;
    for (plan, measures) in &file.plans {
        let mut marked: Vec<(&String, &Mark)> = measures.iter().filter(|(_, m)| m.is_set()).collect();
        if marked.is_empty() {
            continue;
        }
        marked.sort_by(|a, b| id_order(a.0, b.0));
        out.push_str(&format!("{plan}\n"));
        for (id, mark) in marked {
            total += 1;
            let mut what = Vec::new();
            if mark.read {
                what.push(tr!("marks-read"));
            }
            if mark.flagged {
                what.push(tr!("marks-flagged"));
            }
            if mark.done {
                what.push(tr!("marks-done"));
            }
            if !mark.note.is_empty() {
                what.push(tr!("marks-note"));
            }
            let when = mark.time().strftime("%Y-%m-%d %H:%M").to_string();
            let when = if mark.updated.is_empty() { "" } else { when.as_str() };
            out.push_str(&format!("  {id:<6} {} {when}\n", pad(&what.join(" "), 20)));
            for line in mark.note.lines() {
                out.push_str(&format!("         │ {line}\n"));
            }
        }
    }
    if total == 0 {
        out.push_str(&format!("{}\n", tr!("marks-none", path = display_path(path))));
    }
    out
}

/// Measure ids in reading order: `2` before `10`, `3.2` before `3.10`.
fn id_order(a: &str, b: &str) -> Ordering {
    let parts = |s: &str| -> Vec<(u64, String)> {
        s.split(['.', '-']).map(|p| (p.parse().unwrap_or(u64::MAX), p.to_string())).collect()
    };
    parts(a).cmp(&parts(b))
}

/// Merges `other` into the marks file at `path` under its lock, printing what changed.
fn merge(path: &Path, other: &Path, dry_run: bool) -> ExitCode {
    if !other.exists() {
        error(LoadError { name: display_path(other), problem: Problem::NotFound });
        return ExitCode::from(2);
    }
    if same_file(path, other) {
        error(tr!("marks-same-file", path = display_path(other)));
        return ExitCode::from(2);
    }
    let theirs = match Store::read_only(other) {
        Ok(store) => store,
        Err(e) => {
            error(e);
            return ExitCode::from(2);
        }
    };
    // A dry run only reads; a merge opens the file as the browser does (a damaged one is
    // moved aside, a newer one refused).
    let opened = if dry_run { Store::read_only(path) } else { Ok(Store::open(path.to_path_buf())) };
    let mut store = match opened {
        Ok(store) => store,
        Err(e) => {
            error(e);
            return ExitCode::from(2);
        }
    };
    for notice in store.take_notices() {
        error(notice);
    }
    if let (false, Some(reason)) = (dry_run, store.read_only_reason()) {
        error(tr!("marks-not-written", path = display_path(path), reason = reason));
        return ExitCode::from(2);
    }
    let changes = store.merge_file(theirs.all());
    let mut out = String::new();
    for change in &changes {
        let what: Vec<String> = change.what.iter().map(|w| change_word(w)).collect();
        out.push_str(&format!("{} · {}: {}\n", change.plan, change.measure, what.join(&tr!("marks-change-separator"))));
    }
    let (mine, theirs) = (display_path(path), display_path(other));
    let summary = match changes.len() {
        0 => tr!("marks-nothing", path = mine, other = theirs),
        n if dry_run => tr!("marks-would-change", n = n, path = mine),
        n => tr!("marks-changed", n = n, path = mine),
    };
    out.push_str(&format!("{summary}\n"));
    if dry_run || changes.is_empty() {
        print(&out);
        return ExitCode::SUCCESS;
    }
    if let Err(e) = store.save_within(EXIT_WAIT) {
        error_block(format_args!(
            "{}\n{}",
            tr!("marks-not-saved", error = e.to_string(), path = display_path(path)),
            store.unsaved_json()
        ));
        return ExitCode::from(2);
    }
    for notice in store.take_notices() {
        error(notice);
    }
    print(&out);
    ExitCode::SUCCESS
}

/// A change of a merge in words: `read`, `flagged`, `note taken`… as the merge names them.
fn change_word(what: &str) -> String {
    match what {
        "read" => tr!("marks-change-read"),
        "unread" => tr!("marks-change-unread"),
        "flagged" => tr!("marks-change-flagged"),
        "unflagged" => tr!("marks-change-unflagged"),
        "done" => tr!("marks-change-done"),
        "not done" => tr!("marks-change-undone"),
        "note taken" => tr!("marks-change-note"),
        "notes kept together" => tr!("marks-change-notes-joined"),
        other => other.to_string(),
    }
}

/// Whether two paths name one file (both exist and are the same inode).
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_in_reading_order() {
        let mut ids = vec!["10", "2", "3.10", "3.2", "一", "1"];
        ids.sort_by(|a, b| id_order(a, b));
        assert_eq!(ids, ["1", "2", "3.2", "3.10", "10", "一"]);
    }
}
