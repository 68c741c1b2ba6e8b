//! Merging one measure's marks from two sides: this session's changes over what another
//! planview saved meanwhile, or a colleague's marks file over ours.
//!
//! Read, flagged and done: a field changed on one side only takes that change; changed on both,
//! the later change (by `updated`) wins. Notes are text someone wrote: where both sides
//! changed a note differently, neither is thrown away — both are kept, the other side's
//! first, below each other with a line between.

use super::file::Mark;

/// The line between two notes kept together.
pub const NOTE_SEPARATOR: &str = "\n———— 以上为他处同时保存的备注 ————\n";

/// A merged mark, and whether two notes were kept together.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub mark: Mark,
    pub notes_joined: bool,
}

/// A three-way merge: `ours` (changed since `base`) laid over `theirs` (on disk, perhaps
/// changed since `base` by another planview).
pub fn three_way(base: Option<&Mark>, ours: &Mark, theirs: Option<&Mark>) -> Merged {
    let Some(theirs) = theirs else {
        return Merged { mark: ours.clone(), notes_joined: false };
    };
    let empty = Mark::default();
    let base = base.unwrap_or(&empty);
    let ours_later = ours.time() >= theirs.time();
    let mut mark = theirs.clone();
    if ours.read != base.read && (theirs.read == base.read || ours_later) {
        mark.read = ours.read;
    }
    if ours.flagged != base.flagged && (theirs.flagged == base.flagged || ours_later) {
        mark.flagged = ours.flagged;
    }
    if ours.done != base.done && (theirs.done == base.done || ours_later) {
        mark.done = ours.done;
    }
    let mut notes_joined = false;
    if ours.note != base.note {
        if theirs.note == base.note || theirs.note == ours.note {
            mark.note = ours.note.clone();
        } else {
            mark.note = join_notes(&theirs.note, &ours.note);
            notes_joined = true;
        }
    }
    if ours_later {
        mark.updated = ours.updated.clone();
    }
    Merged { mark, notes_joined }
}

/// Two marks with no common ancestor (a colleague's file and ours): for each field the later
/// change wins; differing notes are both kept, `other`'s first.
pub fn two_way(mine: Option<&Mark>, other: &Mark) -> Merged {
    let Some(mine) = mine else {
        return Merged { mark: other.clone(), notes_joined: false };
    };
    let other_later = other.time() > mine.time();
    let mut mark = if other_later { other.clone() } else { mine.clone() };
    let mut notes_joined = false;
    mark.note = if mine.note.is_empty() || mine.note == other.note || mine.note.contains(other.note.as_str()) {
        if other.note.is_empty() { mine.note.clone() } else { longest(&mine.note, &other.note) }
    } else if other.note.is_empty() || other.note.contains(mine.note.as_str()) {
        longest(&mine.note, &other.note)
    } else {
        notes_joined = true;
        join_notes(&other.note, &mine.note)
    };
    Merged { mark, notes_joined }
}

/// The longer of two notes, one of which holds the other.
fn longest(a: &str, b: &str) -> String {
    if a.len() >= b.len() { a.to_string() } else { b.to_string() }
}

/// Two notes kept together: `first` above, `second` below.
pub fn join_notes(first: &str, second: &str) -> String {
    if first.is_empty() {
        return second.to_string();
    }
    if second.is_empty() {
        return first.to_string();
    }
    format!("{first}{NOTE_SEPARATOR}{second}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(read: bool, note: &str, updated: &str) -> Mark {
        Mark { read, note: note.into(), updated: updated.into(), ..Mark::default() }
    }

    #[test]
    fn a_note_changed_on_both_sides_keeps_both() {
        let base = mark(false, "", "2026-01-01T00:00:00Z");
        let theirs = mark(false, "A 的备注", "2026-01-02T00:00:00Z");
        let ours = mark(true, "B 的备注", "2026-01-03T00:00:00Z");
        let merged = three_way(Some(&base), &ours, Some(&theirs));
        assert!(merged.notes_joined);
        assert_eq!(merged.mark.note, format!("A 的备注{NOTE_SEPARATOR}B 的备注"));
        assert!(merged.mark.read);
        // One side's change alone is taken as it is.
        let merged = three_way(Some(&base), &ours, Some(&base));
        assert_eq!((merged.mark.note.as_str(), merged.notes_joined), ("B 的备注", false));
        let same = three_way(Some(&base), &ours, Some(&mark(false, "B 的备注", "2026-01-02T00:00:00Z")));
        assert_eq!((same.mark.note.as_str(), same.notes_joined), ("B 的备注", false));
    }

    #[test]
    fn a_colleagues_file_merges_field_by_field() {
        let mine = Mark { flagged: true, ..mark(false, "我的", "2026-01-01T00:00:00Z") };
        let other = mark(true, "同事的", "2026-01-05T00:00:00Z");
        let merged = two_way(Some(&mine), &other);
        assert!(merged.mark.read, "the later change wins");
        assert!(!merged.mark.flagged, "the later mark is taken whole");
        assert_eq!(merged.mark.note, format!("同事的{NOTE_SEPARATOR}我的"));
        // Merging the same file twice changes nothing more.
        let again = two_way(Some(&merged.mark), &other);
        assert_eq!(again.mark.note, merged.mark.note);
        assert!(!again.notes_joined);
    }
}
