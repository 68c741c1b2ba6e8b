//! Loading, merging and durably saving the marks file.

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use jiff::Timestamp;

use super::disk::{self, LockError, ReadError, Stamp};
use super::file::{Mark, MarksFile, Parsed, UiState};
use super::merge;
use crate::text::safety::display_path;
use crate::tr;

/// Something the user must be told about the marks file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The file could not be parsed; it was moved aside and the session starts clean.
    MovedAside { to: PathBuf, reason: String },
    /// The file was written by a newer planview; marks are not saved.
    Newer { version: u64 },
    /// The file's version is not one planview writes; marks are not saved.
    UnknownVersion { version: String },
    /// The file exists but cannot be read; marks are not saved.
    Unreadable { reason: String },
    /// A note was changed elsewhere while it was changed here: both texts were kept.
    NotesJoined { plan: String, measure: String },
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::MovedAside { to, reason } => {
                f.write_str(&tr!("error-marks-moved-aside", reason = reason, to = display_path(to)))
            }
            // The version as written, not as a number (no grouping, whatever its size).
            Notice::Newer { version } => f.write_str(&tr!("error-marks-newer", version = version.to_string())),
            Notice::UnknownVersion { version } => f.write_str(&tr!("error-marks-unknown-version", version = version)),
            Notice::Unreadable { reason } => f.write_str(&tr!("error-marks-unreadable", reason = reason)),
            Notice::NotesJoined { plan, measure } => {
                f.write_str(&tr!("error-marks-notes-joined", plan = plan, measure = measure))
            }
        }
    }
}

/// Why a save did not happen.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// Another planview holds the lock file (longer than the save would wait).
    #[error("{}", tr!("error-marks-locked", lock = display_path(.lock)))]
    Locked { lock: PathBuf },
    /// The marks file is never written this session (newer, of an unknown version,
    /// unreadable, or opened for reading), for the reason given.
    #[error("{0}")]
    ReadOnly(String),
    /// The file found on disk when saving is one planview must not write.
    #[error("{0}")]
    Refused(Notice),
    /// The file system refused a step of the save: `what` the step was, `path` the file it
    /// was done to.
    #[error("{}", what.message(&display_path(.path), &crate::plan::load::io_reason(.source)))]
    Io {
        what: Step,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// A step of a save that the file system can refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    CreateFolder,
    Lock,
    MoveAside,
    Write,
}

impl Step {
    /// `cannot write PATH: REASON`, in the interface language.
    fn message(self, path: &str, reason: &str) -> String {
        match self {
            Step::CreateFolder => tr!("error-marks-create-folder", path = path, reason = reason),
            Step::Lock => tr!("error-marks-lock", path = path, reason = reason),
            Step::MoveAside => tr!("error-marks-move-aside", path = path, reason = reason),
            Step::Write => tr!("error-marks-write", path = path, reason = reason),
        }
    }
}

/// Why a marks file could not be read for a command that only reads it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    /// The file is newer than this planview, of a version it never writes, or unreadable.
    #[error("{}", tr!("error-marks-refused", path = display_path(.path), notice = .notice.to_string()))]
    Refused { path: PathBuf, notice: Notice },
    /// The file is not a marks file (not JSON, or not of its shape).
    #[error("{}", tr!("error-marks-damaged", path = display_path(.path), reason = .reason))]
    Damaged { path: PathBuf, reason: String },
}

/// How long an interactive save waits for another planview to finish its own: a save holds
/// the lock for milliseconds, so a longer wait means something else holds it.
pub const SAVE_WAIT: Duration = Duration::from_millis(150);
/// How long saving at exit waits.
pub const EXIT_WAIT: Duration = Duration::from_secs(3);

/// The marks of a session, with the changes not yet saved.
#[derive(Debug)]
pub struct Store {
    path: Option<PathBuf>,
    data: MarksFile,
    /// (plan id, measure id) changed since the last save, with the marks as they were
    /// before the first of those changes (the base of a three-way merge).
    dirty: BTreeMap<(String, String), Option<Mark>>,
    /// Set when the file must never be written, with the reason.
    read_only: Option<String>,
    notices: Vec<Notice>,
    /// The file as last read or written, to notice another planview's save.
    seen: Option<Stamp>,
    /// Whether the remembered look (`ui`) changed since the last save.
    ui_dirty: bool,
}

/// The default marks file: `$XDG_STATE_HOME/planview/marks.json` (the platform's state or
/// data directory elsewhere).
pub fn default_path() -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    let strategy = etcetera::choose_base_strategy().ok()?;
    let dir = strategy.state_dir().unwrap_or_else(|| strategy.data_dir());
    Some(dir.join("planview").join("marks.json"))
}

/// What reading the marks file gave.
enum Loaded {
    Missing,
    File(MarksFile, Stamp),
    Refused(Notice),
    Damaged(String),
}

/// Reads and parses the marks file.
fn load(path: &Path) -> Loaded {
    match disk::read(path) {
        Ok(None) => Loaded::Missing,
        Ok(Some((bytes, stamp))) => match MarksFile::parse(&bytes) {
            Parsed::Ok(file) => Loaded::File(file, stamp),
            Parsed::Newer(version) => Loaded::Refused(Notice::Newer { version }),
            Parsed::Unknown(version) => Loaded::Refused(Notice::UnknownVersion { version }),
            Parsed::Corrupt(reason) => Loaded::Damaged(reason),
        },
        Err(ReadError::Io(e)) if e.kind() == io::ErrorKind::NotFound => Loaded::Missing,
        Err(e) => Loaded::Refused(Notice::Unreadable { reason: e.to_string() }),
    }
}

impl Store {
    /// Marks that are never written anywhere.
    pub fn in_memory() -> Self {
        Store {
            path: None,
            data: MarksFile::default(),
            dirty: BTreeMap::new(),
            read_only: None,
            notices: Vec::new(),
            seen: None,
            ui_dirty: false,
        }
    }

    /// Opens the marks file at `path` (which need not exist yet). A damaged file is moved
    /// aside; a newer, unknown or unreadable one (a FIFO, a device) makes the store
    /// read-only. What happened is in [`Store::take_notices`].
    pub fn open(path: PathBuf) -> Self {
        let mut store = Store { path: Some(path.clone()), ..Store::in_memory() };
        match load(&path) {
            Loaded::Missing => {}
            Loaded::File(file, stamp) => {
                store.data = file;
                store.seen = Some(stamp);
            }
            Loaded::Refused(notice) => store.refuse(notice),
            Loaded::Damaged(reason) => {
                // Under the lock, so another instance is not writing it right now.
                let moved = match disk::lock(&path, SAVE_WAIT) {
                    Ok(_lock) => match load(&path) {
                        Loaded::File(file, stamp) => {
                            store.data = file;
                            store.seen = Some(stamp);
                            Ok(None)
                        }
                        Loaded::Damaged(_) => move_aside(&path).map(Some),
                        Loaded::Missing => Ok(None),
                        Loaded::Refused(notice) => {
                            store.refuse(notice);
                            Ok(None)
                        }
                    },
                    Err(LockError::Held) => {
                        Err(io::Error::other(tr!("error-marks-held", lock = display_path(&disk::lock_path(&path)))))
                    }
                    Err(LockError::Io(e)) => Err(e),
                };
                match moved {
                    Ok(Some(to)) => store.notices.push(Notice::MovedAside { to, reason }),
                    Ok(None) => {}
                    Err(e) => store.refuse(Notice::Unreadable {
                        reason: tr!(
                            "error-marks-cannot-move-aside",
                            reason = reason,
                            error = crate::plan::load::io_reason(&e)
                        ),
                    }),
                }
            }
        }
        store
    }

    /// Reads the marks file for a command that only reads (export, `marks show`): nothing
    /// is moved or written. A missing file is empty; a damaged, newer or unreadable one is
    /// an error.
    pub fn read_only(path: &Path) -> Result<Self, OpenError> {
        let mut store = Store { path: Some(path.to_path_buf()), ..Store::in_memory() };
        store.read_only = Some(tr!("error-marks-opened-for-reading"));
        match load(path) {
            Loaded::Missing => {}
            Loaded::File(file, stamp) => {
                store.data = file;
                store.seen = Some(stamp);
            }
            Loaded::Refused(notice) => return Err(OpenError::Refused { path: path.to_path_buf(), notice }),
            Loaded::Damaged(reason) => return Err(OpenError::Damaged { path: path.to_path_buf(), reason }),
        }
        Ok(store)
    }

    fn refuse(&mut self, notice: Notice) {
        self.read_only = Some(notice.to_string());
        self.notices.push(notice);
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Why saving is refused, if it is.
    pub fn read_only_reason(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// What the user should be told since the last call.
    pub fn take_notices(&mut self) -> Vec<Notice> {
        std::mem::take(&mut self.notices)
    }

    pub fn get(&self, plan: &str, measure: &str) -> Option<&Mark> {
        self.data.get(plan, measure)
    }

    /// Every mark of a plan, by measure id.
    pub fn plan_marks(&self, plan: &str) -> impl Iterator<Item = (&str, &Mark)> {
        self.data.plans.get(plan).into_iter().flatten().map(|(id, m)| (id.as_str(), m))
    }

    /// Every mark, by plan id and measure id.
    pub fn all(&self) -> &MarksFile {
        &self.data
    }

    /// Changes a measure's marks (stamped with the current time).
    pub fn update(&mut self, plan: &str, measure: &str, change: impl FnOnce(&mut Mark)) {
        let key = measure.to_string();
        let marks = self.data.plans.entry(plan.to_string()).or_default();
        let before = marks.get(&key).cloned();
        self.dirty.entry((plan.to_string(), key.clone())).or_insert(before);
        let mark = marks.entry(key).or_default();
        change(mark);
        mark.updated = Timestamp::now().to_string();
    }

    /// Whether there are changes not yet saved.
    pub fn is_dirty(&self) -> bool {
        !self.dirty.is_empty() || self.ui_dirty
    }

    /// How the browser was left last time.
    pub fn ui(&self) -> &UiState {
        &self.data.ui
    }

    /// Remembers the tree pane's width (in percent) for the next run.
    pub fn set_tree_width(&mut self, percent: u8) {
        if self.data.ui.tree_width != Some(percent) {
            self.data.ui.tree_width = Some(percent);
            self.ui_dirty = true;
        }
    }

    /// Takes in what another planview saved since the file was last read or written, with
    /// this session's unsaved changes laid over it. Returns whether anything was read.
    pub fn refresh(&mut self) -> bool {
        let Some(path) = self.path.clone() else { return false };
        if self.read_only.is_some() || disk::stamp(&path) == self.seen {
            return false;
        }
        let Loaded::File(disk, stamp) = load(&path) else { return false };
        self.data = self.merged_over(disk);
        self.seen = Some(stamp);
        true
    }

    /// `disk` with this session's changes merged over it (notices for notes kept together).
    fn merged_over(&mut self, mut disk: MarksFile) -> MarksFile {
        if self.ui_dirty {
            disk.ui.tree_width = self.data.ui.tree_width;
        }
        for ((plan, measure), base) in &self.dirty {
            let Some(ours) = self.data.plans.get(plan).and_then(|p| p.get(measure)) else {
                continue;
            };
            let slot = disk.plans.entry(plan.clone()).or_default();
            let merged = merge::three_way(base.as_ref(), ours, slot.get(measure));
            if merged.notes_joined {
                self.notices.push(Notice::NotesJoined { plan: plan.clone(), measure: measure.clone() });
            }
            slot.insert(measure.clone(), merged.mark);
        }
        disk
    }

    /// Saves the changes, waiting at most [`SAVE_WAIT`] for the lock.
    pub fn save(&mut self) -> Result<(), SaveError> {
        self.save_within(SAVE_WAIT)
    }

    /// Saves the changes: lock (waiting at most `wait` for another planview), merge with what
    /// is on disk, write a temporary file, fsync, rename, fsync the directory. Nothing to
    /// save is not an error; a lock not had in time leaves the changes pending.
    pub fn save_within(&mut self, wait: Duration) -> Result<(), SaveError> {
        if !self.is_dirty() {
            return Ok(());
        }
        let Some(path) = self.path.clone() else {
            self.dirty.clear();
            self.ui_dirty = false;
            return Ok(());
        };
        if let Some(reason) = &self.read_only {
            return Err(SaveError::ReadOnly(reason.clone()));
        }
        let error = |what, path: &Path, source| SaveError::Io { what, path: path.to_path_buf(), source };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| error(Step::CreateFolder, &path, e))?;
        }
        let _lock = disk::lock(&path, wait).map_err(|e| match e {
            LockError::Held => SaveError::Locked { lock: disk::lock_path(&path) },
            LockError::Io(e) => error(Step::Lock, &disk::lock_path(&path), e),
        })?;
        let on_disk = match load(&path) {
            Loaded::Missing => MarksFile::default(),
            Loaded::File(file, _) => file,
            Loaded::Refused(notice) => {
                self.refuse(notice.clone());
                return Err(SaveError::Refused(notice));
            }
            Loaded::Damaged(reason) => {
                let to = move_aside(&path).map_err(|e| error(Step::MoveAside, &path, e))?;
                self.notices.push(Notice::MovedAside { to, reason });
                MarksFile::default()
            }
        };
        // Merge: what another instance saved stays, our changes go on top of it.
        let merged = self.merged_over(on_disk);
        let mut json =
            serde_json::to_vec_pretty(&merged).map_err(|e| error(Step::Write, &path, io::Error::other(e)))?;
        json.push(b'\n');
        disk::write_atomically(&path, &json).map_err(|e| error(Step::Write, &path, e))?;
        self.seen = disk::stamp(&path);
        self.data = merged;
        self.dirty.clear();
        self.ui_dirty = false;
        Ok(())
    }

    /// Merges another marks file (a colleague's) into this one, field by field, the later
    /// change winning and differing notes both kept. Returns what changed, per measure.
    pub fn merge_file(&mut self, other: &MarksFile) -> Vec<Change> {
        let mut changes = Vec::new();
        for (plan, measures) in &other.plans {
            for (measure, theirs) in measures {
                let mine = self.get(plan, measure).cloned();
                let merged = merge::two_way(mine.as_ref(), theirs);
                if mine.as_ref() == Some(&merged.mark) || (mine.is_none() && !merged.mark.is_set()) {
                    continue;
                }
                let change = Change::between(plan, measure, mine.as_ref(), &merged.mark, merged.notes_joined);
                let key = (plan.clone(), measure.clone());
                self.dirty.entry(key).or_insert(mine);
                self.data.plans.entry(plan.clone()).or_default().insert(measure.clone(), merged.mark);
                changes.push(change);
            }
        }
        changes
    }

    /// The changes not saved, as JSON (printed if the last save fails, so nothing is lost).
    pub fn unsaved_json(&self) -> String {
        let mut pending = MarksFile::default();
        for (plan, number) in self.dirty.keys() {
            if let Some(mark) = self.data.plans.get(plan).and_then(|p| p.get(number)) {
                pending.plans.entry(plan.clone()).or_default().insert(number.clone(), mark.clone());
            }
        }
        serde_json::to_string_pretty(&pending).unwrap_or_default()
    }
}

/// What merging a colleague's file changed on one measure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub plan: String,
    pub measure: String,
    /// `read`, `unread`, `flagged`, `unflagged`, `done`, `not done`, `note taken`, `notes
    /// kept together`.
    pub what: Vec<&'static str>,
}

impl Change {
    fn between(plan: &str, measure: &str, before: Option<&Mark>, after: &Mark, joined: bool) -> Change {
        let empty = Mark::default();
        let before = before.unwrap_or(&empty);
        let mut what = Vec::new();
        if before.read != after.read {
            what.push(if after.read { "read" } else { "unread" });
        }
        if before.flagged != after.flagged {
            what.push(if after.flagged { "flagged" } else { "unflagged" });
        }
        if before.done != after.done {
            what.push(if after.done { "done" } else { "not done" });
        }
        if before.note != after.note {
            what.push(if joined { "notes kept together" } else { "note taken" });
        }
        Change { plan: plan.to_string(), measure: measure.to_string(), what }
    }
}

/// Renames a damaged file to `<file>.corrupt-<time>` (never over an existing file).
fn move_aside(path: &Path) -> io::Result<PathBuf> {
    let stamp = Timestamp::now().strftime("%Y%m%dT%H%M%SZ").to_string();
    let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
    for n in 0..1000 {
        let suffix = if n == 0 { String::new() } else { format!("-{n}") };
        let to = path.with_file_name(format!("{name}.corrupt-{stamp}{suffix}"));
        if !to.exists() {
            std::fs::rename(path, &to)?;
            return Ok(to);
        }
    }
    Err(io::Error::other(tr!("error-marks-too-many-damaged")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = "株县发〔2015〕1号";

    #[test]
    fn save_and_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state/marks.json");
        let mut store = Store::open(path.clone());
        store.update(PLAN, "12", |m| m.read = true);
        store.save().unwrap();
        let again = Store::open(path.clone());
        assert!(again.get(PLAN, "12").unwrap().read);
        assert!(!again.is_dirty());
        let leftovers: Vec<_> =
            std::fs::read_dir(path.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers.len(), 2, "marks.json and its lock, no temporary files: {leftovers:?}");
    }

    #[test]
    fn two_stores_merge_and_the_later_change_wins() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("marks.json");
        let mut a = Store::open(path.clone());
        let mut b = Store::open(path.clone());
        a.update(PLAN, "1", |m| m.read = true);
        b.update(PLAN, "2", |m| m.flagged = true);
        a.save().unwrap();
        b.save().unwrap();
        assert!(b.get(PLAN, "1").unwrap().read, "b sees a's change after saving");
        // Both write a note on measure 3: neither text is lost, the one saved first comes
        // first, and the one saving second is told.
        a.update(PLAN, "3", |m| m.note = "a".into());
        b.update(PLAN, "3", |m| m.note = "b".into());
        b.save().unwrap();
        a.save().unwrap();
        assert!(a.take_notices().contains(&Notice::NotesJoined { plan: PLAN.into(), measure: "3".into() }));
        let c = Store::open(path.clone());
        assert_eq!(c.get(PLAN, "3").unwrap().note, format!("b{}a", super::merge::NOTE_SEPARATOR));
        assert!(c.get(PLAN, "1").unwrap().read && c.get(PLAN, "2").unwrap().flagged);
        // Different fields of one measure changed by each: both changes stay.
        a.update(PLAN, "4", |m| m.read = true);
        b.update(PLAN, "4", |m| m.flagged = true);
        a.save().unwrap();
        b.save().unwrap();
        let m = Store::open(path).get(PLAN, "4").cloned().unwrap();
        assert!(m.read && m.flagged);
    }

    #[test]
    fn a_damaged_file_is_moved_aside_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("marks.json");
        std::fs::write(&path, b"{\"version\": 1, \"plans\": {").unwrap();
        let mut store = Store::open(path.clone());
        let notices = store.take_notices();
        let Some(Notice::MovedAside { to, .. }) = notices.first() else { panic!("{notices:?}") };
        assert_eq!(std::fs::read(to).unwrap(), b"{\"version\": 1, \"plans\": {");
        assert!(to.file_name().unwrap().to_string_lossy().starts_with("marks.json.corrupt-"));
        assert!(!path.exists());
        store.update(PLAN, "1", |m| m.read = true);
        store.save().unwrap();
        assert!(Store::open(path).get(PLAN, "1").unwrap().read);
    }

    #[test]
    fn a_newer_file_is_never_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("marks.json");
        let newer = br#"{"version": 7, "plans": {}, "future": true}"#;
        std::fs::write(&path, newer).unwrap();
        let mut store = Store::open(path.clone());
        assert_eq!(store.take_notices(), [Notice::Newer { version: 7 }]);
        store.update(PLAN, "1", |m| m.read = true);
        assert!(store.save().unwrap_err().to_string().contains("version 7"));
        assert_eq!(std::fs::read(&path).unwrap(), newer);
        assert!(store.unsaved_json().contains("\"read\": true"));
    }

    #[test]
    fn an_unwritable_folder_is_an_error_not_a_crash() {
        // /proc never lets a folder be made, whoever runs the test.
        let mut store = Store::open(PathBuf::from("/proc/self/planview-test/marks.json"));
        store.update(PLAN, "1", |m| m.read = true);
        let error = store.save().unwrap_err();
        assert!(
            error.to_string().starts_with("cannot create the folder of /proc/self/planview-test/marks.json"),
            "{error}"
        );
        assert!(store.is_dirty(), "the change is kept for a retry");
    }
}
