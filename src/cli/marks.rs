//! `planview marks show` and `planview marks merge FILE`: looking at the marks file and
//! taking in a colleague's, without copying files by hand.

use std::cmp::Ordering;
use std::path::Path;
use std::process::ExitCode;

use super::output::{error, error_block, json_pretty, print};
use super::{MarksCommand, StateArg};
use crate::marks::{EXIT_WAIT, Mark, MarksFile, Store, default_path};
use crate::text::safety::display_path;

pub fn run(command: &MarksCommand, state: &StateArg) -> ExitCode {
    let Some(path) = state.path.clone().or_else(default_path) else {
        error("no folder for marks found; name the marks file with --state PATH");
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
                what.push("read");
            }
            if mark.flagged {
                what.push("flagged");
            }
            if !mark.note.is_empty() {
                what.push("note");
            }
            let when = mark.time().strftime("%Y-%m-%d %H:%M").to_string();
            let when = if mark.updated.is_empty() { "" } else { when.as_str() };
            out.push_str(&format!("  {id:<6} {:<20} {when}\n", what.join(" ")));
            for line in mark.note.lines() {
                out.push_str(&format!("         │ {line}\n"));
            }
        }
    }
    if total == 0 {
        out.push_str(&format!("no marks in {}\n", display_path(path)));
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
        error(format_args!("{}: no such file", display_path(other)));
        return ExitCode::from(2);
    }
    if same_file(path, other) {
        error(format_args!("{} is the marks file itself; nothing to merge", display_path(other)));
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
        error(format_args!("{} is not written: {reason}", display_path(path)));
        return ExitCode::from(2);
    }
    let changes = store.merge_file(theirs.all());
    let mut out = String::new();
    for change in &changes {
        out.push_str(&format!("{} · {}: {}\n", change.plan, change.measure, change.what.join(", ")));
    }
    let verb = if dry_run { "would change" } else { "changed" };
    out.push_str(&match changes.len() {
        0 => format!("nothing to take in: {} already has every mark in {}\n", display_path(path), display_path(other)),
        1 => format!("1 measure {verb} in {}\n", display_path(path)),
        n => format!("{n} measures {verb} in {}\n", display_path(path)),
    });
    if dry_run || changes.is_empty() {
        print(&out);
        return ExitCode::SUCCESS;
    }
    if let Err(e) = store.save_within(EXIT_WAIT) {
        error_block(format_args!(
            "the merge was not saved: {e}; {} is unchanged. The merged marks:\n{}",
            display_path(path),
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
