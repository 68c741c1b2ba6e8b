//! Loading, merging and durably saving the marks file.

use std::collections::BTreeMap;
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use jiff::Timestamp;

use super::file::{Mark, MarksFile, Parsed};
use crate::plan::clean::display_path;

/// Something the user must be told about the marks file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The file could not be parsed; it was moved aside and the session starts clean.
    MovedAside { to: PathBuf, reason: String },
    /// The file was written by a newer planview; marks are not saved.
    Newer { version: u64 },
    /// The file exists but cannot be read; marks are not saved.
    Unreadable { reason: String },
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::MovedAside { to, reason } => {
                write!(
                    f,
                    "The marks file was damaged ({reason}); it was moved to {} and marks start clean",
                    display_path(to)
                )
            }
            Notice::Newer { version } => {
                write!(f, "The marks file is version {version}, newer than this planview knows; marks are read-only")
            }
            Notice::Unreadable { reason } => write!(f, "The marks file cannot be read ({reason}); marks are read-only"),
        }
    }
}

/// Why a save did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveError {
    /// Another planview holds the lock file (longer than the save would wait).
    Locked {
        lock: PathBuf,
    },
    Failed(String),
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SaveError::Locked { lock } => {
                write!(f, "the marks are locked by another planview ({})", display_path(lock))
            }
            SaveError::Failed(reason) => f.write_str(reason),
        }
    }
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
    /// (plan id, measure number) changed since the last save, with the marks as they were
    /// before the first of those changes (the base of a three-way merge).
    dirty: BTreeMap<(String, String), Option<Mark>>,
    /// Set when the file must never be written, with the reason.
    read_only: Option<String>,
    notices: Vec<Notice>,
}

/// The default marks file: `$XDG_STATE_HOME/planview/marks.json` (the platform's state or
/// data directory elsewhere).
pub fn default_path() -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    let strategy = etcetera::choose_base_strategy().ok()?;
    let dir = strategy.state_dir().unwrap_or_else(|| strategy.data_dir());
    Some(dir.join("planview").join("marks.json"))
}

impl Store {
    /// Marks that are never written anywhere.
    pub fn in_memory() -> Self {
        Store { path: None, data: MarksFile::default(), dirty: BTreeMap::new(), read_only: None, notices: Vec::new() }
    }

    /// Opens the marks file at `path` (which need not exist yet). A damaged file is moved
    /// aside; a newer or unreadable one makes the store read-only. What happened is in
    /// [`Store::take_notices`].
    pub fn open(path: PathBuf) -> Self {
        let mut store = Store { path: Some(path.clone()), ..Store::in_memory() };
        match fs::read(&path) {
            Ok(bytes) => match MarksFile::parse(&bytes) {
                Parsed::Ok(file) => store.data = file,
                Parsed::Newer(version) => store.refuse(Notice::Newer { version }),
                Parsed::Corrupt(reason) => {
                    // Under the lock, so another instance is not writing it right now.
                    let locked = lock(&path, SAVE_WAIT).map_err(|e| match e {
                        SaveError::Locked { lock } => io::Error::other(format!("{} is held", display_path(&lock))),
                        SaveError::Failed(reason) => io::Error::other(reason),
                    });
                    let moved = locked.and_then(|_lock| match fs::read(&path).map(|b| MarksFile::parse(&b)) {
                        Ok(Parsed::Ok(file)) => {
                            store.data = file;
                            Ok(None)
                        }
                        Ok(_) => move_aside(&path).map(Some),
                        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
                        Err(e) => Err(e),
                    });
                    match moved {
                        Ok(Some(to)) => store.notices.push(Notice::MovedAside { to, reason }),
                        Ok(None) => {}
                        Err(e) => {
                            store.refuse(Notice::Unreadable { reason: format!("{reason}; cannot move it aside: {e}") })
                        }
                    }
                }
            },
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => store.refuse(Notice::Unreadable { reason: e.to_string() }),
        }
        store
    }

    /// Reads the marks file for a command that only reads (export): nothing is moved or
    /// written. A missing file is empty; a damaged, newer or unreadable one is an error.
    pub fn read_only(path: &Path) -> Result<Self, String> {
        let mut store = Store { path: Some(path.to_path_buf()), ..Store::in_memory() };
        store.read_only = Some("opened for reading".into());
        match fs::read(path) {
            Ok(bytes) => match MarksFile::parse(&bytes) {
                Parsed::Ok(file) => store.data = file,
                Parsed::Newer(version) => {
                    return Err(format!("{}: {}", display_path(path), Notice::Newer { version }));
                }
                Parsed::Corrupt(reason) => {
                    return Err(format!("{}: damaged marks file ({reason})", display_path(path)));
                }
            },
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(format!("{}: cannot read the marks file ({e})", display_path(path)));
            }
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
        !self.dirty.is_empty()
    }

    /// Saves the changes, waiting at most [`SAVE_WAIT`] for the lock.
    pub fn save(&mut self) -> Result<(), SaveError> {
        self.save_within(SAVE_WAIT)
    }

    /// Saves the changes: lock (waiting at most `wait` for another planview), merge with what
    /// is on disk, write a temporary file, fsync, rename, fsync the directory. Nothing to
    /// save is not an error; a lock not had in time leaves the changes pending.
    pub fn save_within(&mut self, wait: Duration) -> Result<(), SaveError> {
        if self.dirty.is_empty() {
            return Ok(());
        }
        let Some(path) = self.path.clone() else {
            self.dirty.clear();
            return Ok(());
        };
        if let Some(reason) = &self.read_only {
            return Err(SaveError::Failed(reason.clone()));
        }
        let error = |what: &str, e: io::Error| SaveError::Failed(format!("cannot {what} {}: {e}", display_path(&path)));
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(|e| error("create the folder of", e))?;
        }
        let _lock = lock(&path, wait)?;
        let mut disk = match fs::read(&path) {
            Ok(bytes) => match MarksFile::parse(&bytes) {
                Parsed::Ok(file) => file,
                Parsed::Newer(version) => {
                    self.refuse(Notice::Newer { version });
                    return Err(SaveError::Failed(Notice::Newer { version }.to_string()));
                }
                Parsed::Corrupt(reason) => {
                    let to = move_aside(&path).map_err(|e| error("move aside the damaged", e))?;
                    self.notices.push(Notice::MovedAside { to, reason });
                    MarksFile::default()
                }
            },
            Err(e) if e.kind() == io::ErrorKind::NotFound => MarksFile::default(),
            Err(e) => return Err(error("read", e)),
        };
        // Merge: what another instance saved stays, our changes go on top of it.
        for ((plan, number), base) in &self.dirty {
            let Some(ours) = self.data.plans.get(plan).and_then(|p| p.get(number)) else {
                continue;
            };
            let slot = disk.plans.entry(plan.clone()).or_default();
            let merged = merge(base.as_ref(), ours, slot.get(number));
            slot.insert(number.clone(), merged);
        }
        write_atomically(&path, &disk).map_err(|e| error("write", e))?;
        self.data = disk;
        self.dirty.clear();
        Ok(())
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

/// A three-way merge of one measure's marks: `theirs` (on disk) with the fields we changed
/// since `base` laid over it. Where both sides changed the same field, the later change
/// (by `updated`) wins.
fn merge(base: Option<&Mark>, ours: &Mark, theirs: Option<&Mark>) -> Mark {
    let Some(theirs) = theirs else {
        return ours.clone();
    };
    let empty = Mark::default();
    let base = base.unwrap_or(&empty);
    let ours_later = ours.time() >= theirs.time();
    let mut merged = theirs.clone();
    if ours.read != base.read && (theirs.read == base.read || ours_later) {
        merged.read = ours.read;
    }
    if ours.flagged != base.flagged && (theirs.flagged == base.flagged || ours_later) {
        merged.flagged = ours.flagged;
    }
    if ours.note != base.note && (theirs.note == base.note || ours_later) {
        merged.note = ours.note.clone();
    }
    if ours_later {
        merged.updated = ours.updated.clone();
    }
    merged
}

/// Locks the sidecar `<file>.lock` exclusively, trying until `wait` has passed (never
/// blocking in the kernel, so a signal or a key is seen to); unlocked when the handle is
/// dropped.
fn lock(path: &Path, wait: Duration) -> Result<File, SaveError> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    let lock_path = path.with_file_name(name);
    let failed = |e: io::Error| SaveError::Failed(format!("cannot lock {}: {e}", display_path(&lock_path)));
    let file = OpenOptions::new().create(true).truncate(false).write(true).open(&lock_path).map_err(failed)?;
    let deadline = Instant::now() + wait;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(fs::TryLockError::WouldBlock) => return Err(SaveError::Locked { lock: lock_path }),
            Err(fs::TryLockError::Error(e)) => return Err(failed(e)),
        }
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
            fs::rename(path, &to)?;
            return Ok(to);
        }
    }
    Err(io::Error::other("too many damaged marks files"))
}

/// Writes `file` to a temporary file beside `path`, fsyncs it, renames it over `path` and
/// fsyncs the directory.
fn write_atomically(path: &Path, file: &MarksFile) -> io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut out = File::create(&temp)?;
        let json = serde_json::to_vec_pretty(file).map_err(io::Error::other)?;
        out.write_all(&json)?;
        out.write_all(b"\n")?;
        out.sync_all()?;
        fs::rename(&temp, path)?;
        File::open(dir)?.sync_all()
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
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
        let leftovers: Vec<_> = fs::read_dir(path.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
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
        // Both change measure 3; b's change is later and wins even though a saves last.
        a.update(PLAN, "3", |m| m.note = "a".into());
        b.update(PLAN, "3", |m| m.note = "b".into());
        b.save().unwrap();
        a.save().unwrap();
        let c = Store::open(path.clone());
        assert_eq!(c.get(PLAN, "3").unwrap().note, "b");
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
        fs::write(&path, b"{\"version\": 1, \"plans\": {").unwrap();
        let mut store = Store::open(path.clone());
        let notices = store.take_notices();
        let Some(Notice::MovedAside { to, .. }) = notices.first() else { panic!("{notices:?}") };
        assert_eq!(fs::read(to).unwrap(), b"{\"version\": 1, \"plans\": {");
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
        fs::write(&path, newer).unwrap();
        let mut store = Store::open(path.clone());
        assert_eq!(store.take_notices(), [Notice::Newer { version: 7 }]);
        store.update(PLAN, "1", |m| m.read = true);
        assert!(store.save().unwrap_err().to_string().contains("version 7"));
        assert_eq!(fs::read(&path).unwrap(), newer);
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
