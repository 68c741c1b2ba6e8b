//! The marks file on disk: read (a regular file only, of bounded size), locked, and written
//! safely — a temporary file with a random name created exclusively beside the target, the
//! existing file's mode and owner kept (0600 for a new one), a symlinked file written
//! through to its target, a read-only file never replaced.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

/// The largest marks file read: thousands of plans' marks and notes fit in a few MiB.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Why the marks file's bytes could not be had.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// A FIFO, a device, a folder: never read (a FIFO would block, a device never end).
    #[error("{}", crate::tr!("error-marks-not-regular"))]
    NotRegular,
    #[error("{}", crate::tr!("error-marks-too-large", max = MAX_BYTES >> 20))]
    TooLarge,
    #[error("{}", crate::plan::load::io_reason(.0))]
    Io(#[from] io::Error),
}

/// What identifies a version of the file on disk, to notice another planview's save.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
    inode: u64,
}

/// The file's bytes and stamp; `None` if it does not exist.
pub fn read(path: &Path) -> Result<Option<(Vec<u8>, Stamp)>, ReadError> {
    // Non-blocking, so opening a FIFO returns at once; what was opened is then checked.
    let file = match OpenOptions::new().read(true).custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32).open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(ReadError::NotRegular);
    }
    if metadata.len() > MAX_BYTES {
        return Err(ReadError::TooLarge);
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(MAX_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(ReadError::TooLarge);
    }
    Ok(Some((bytes, stamp_of(&metadata))))
}

/// The stamp of the file as it is now, if it exists.
pub fn stamp(path: &Path) -> Option<Stamp> {
    fs::metadata(path).ok().filter(fs::Metadata::is_file).map(|m| stamp_of(&m))
}

fn stamp_of(metadata: &fs::Metadata) -> Stamp {
    Stamp { modified: metadata.modified().ok(), len: metadata.len(), inode: metadata.ino() }
}

/// The sidecar lock file of a marks file.
pub fn lock_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    path.with_file_name(name)
}

/// Why the lock was not had.
#[derive(Debug)]
pub enum LockError {
    /// Another process holds it (longer than we would wait).
    Held,
    Io(io::Error),
}

/// Locks the sidecar `<file>.lock` exclusively, trying until `wait` has passed (never
/// blocking in the kernel, so a signal or a key is seen to); unlocked when the handle is
/// dropped.
pub fn lock(path: &Path, wait: Duration) -> Result<File, LockError> {
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(0o600)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(lock_path(path))
        .map_err(LockError::Io)?;
    let deadline = Instant::now() + wait;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(file),
            Err(fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(fs::TryLockError::WouldBlock) => return Err(LockError::Held),
            Err(fs::TryLockError::Error(e)) => return Err(LockError::Io(e)),
        }
    }
}

/// Where a write to `path` goes: through symlinks (a few levels) to the file they name.
pub fn target(path: &Path) -> io::Result<PathBuf> {
    let mut at = path.to_path_buf();
    for _ in 0..8 {
        match fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = fs::read_link(&at)?;
                at = match at.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(at),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// Replaces the file at `path` (through a symlink, to its target) with `bytes`, atomically:
/// a crash leaves the old file or the new one. The temporary file is created exclusively
/// under a random name (nothing planted there can be followed); it takes the old file's mode
/// and owner, or 0600 for a new file. A file this user may not write is refused, not
/// replaced. Must be called under the lock: leftovers of writers killed mid-write are
/// removed first.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let target = target(path)?;
    let dir = target.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = target.file_name().unwrap_or_default().to_string_lossy().into_owned();
    remove_leftovers(dir, &name);
    replace_file(path, bytes, 0o600)
}

/// [`write_atomically`] without the lock's clean-up: for files no lock guards (an export),
/// where another writer's temporary file must be left alone. A new file gets `new_mode`.
pub fn replace_file(path: &Path, bytes: &[u8], new_mode: u32) -> io::Result<()> {
    let target = target(path)?;
    let dir = target.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = target.file_name().unwrap_or_default().to_string_lossy().into_owned();
    let existing = match fs::metadata(&target) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    // Read-only by its mode (even to root, who could write it) or to this user.
    let read_only =
        |m: &fs::Metadata| m.mode() & 0o200 == 0 || rustix::fs::access(&target, rustix::fs::Access::WRITE_OK).is_err();
    if existing.as_ref().is_some_and(read_only) {
        return Err(io::Error::new(io::ErrorKind::PermissionDenied, "the file is read-only; it was not overwritten"));
    }
    let mut temp = tempfile::Builder::new().prefix(&format!(".{name}.")).suffix(".tmp").tempfile_in(dir)?;
    let mode = existing.as_ref().map_or(new_mode, |old| old.mode() & 0o7777);
    if mode != 0o600 {
        temp.as_file().set_permissions(fs::Permissions::from_mode(mode))?;
    }
    if let Some(old) = &existing
        && (old.uid(), old.gid()) != (rustix::process::getuid().as_raw(), rustix::process::getgid().as_raw())
    {
        // Only root (or the owner giving the group) may; otherwise the file becomes ours.
        let _ = std::os::unix::fs::fchown(temp.as_file(), Some(old.uid()), Some(old.gid()));
    }
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(&target).map_err(|e| e.error)?;
    File::open(dir)?.sync_all()
}

/// Writes a new file at `path` atomically (an exclusive temporary file, renamed into place)
/// with `mode`, never over anything already there: if `path` exists, or appears meanwhile,
/// it fails with `AlreadyExists` and leaves it as it was.
pub fn create_file(path: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
    let mut temp = tempfile::Builder::new().prefix(&format!(".{name}.")).suffix(".tmp").tempfile_in(dir)?;
    temp.as_file().set_permissions(fs::Permissions::from_mode(mode))?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist_noclobber(path).map_err(|e| e.error)?;
    File::open(dir)?.sync_all()
}

/// Removes temporary files of earlier writers of `name` that were killed before renaming
/// (only the lock holder writes one, so under the lock every one found is a leftover).
fn remove_leftovers(dir: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let new_style = format!(".{name}.");
    let old_style = format!(".{name}.tmp-");
    for entry in entries.flatten() {
        let file = entry.file_name();
        let file = file.to_string_lossy();
        let ours = (file.starts_with(&new_style) && file.ends_with(".tmp")) || file.starts_with(&old_style);
        // A symlink planted under such a name goes too (the link, never what it names).
        if ours && entry.file_type().is_ok_and(|t| t.is_file() || t.is_symlink()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_file_never_replaces_one_that_exists() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("县司法局.csv");
        create_file(&path, b"new", 0o644).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert_eq!(fs::metadata(&path).unwrap().mode() & 0o777, 0o644);
        let e = create_file(&path, b"other", 0o644).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&path).unwrap(), b"new");
        // A symlink there is something that exists: neither it nor what it names is touched.
        let target = dir.path().join("target");
        fs::write(&target, b"kept").unwrap();
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert_eq!(create_file(&link, b"x", 0o644).unwrap_err().kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&target).unwrap(), b"kept");
        // No temporary file is left behind.
        let names: Vec<String> =
            fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        assert_eq!(names.len(), 3, "{names:?}");
    }

    #[test]
    fn fifos_and_devices_are_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
        assert!(matches!(read(&fifo), Err(ReadError::NotRegular)));
        assert!(matches!(read(Path::new("/dev/zero")), Err(ReadError::NotRegular)));
        assert!(matches!(read(dir.path()), Err(ReadError::NotRegular)));
        assert!(read(&dir.path().join("missing")).unwrap().is_none());
    }

    #[test]
    fn modes_links_and_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("marks.json");
        write_atomically(&path, b"{}").unwrap();
        assert_eq!(fs::metadata(&path).unwrap().mode() & 0o777, 0o600, "a new file is private");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&path, b"{ }").unwrap();
        assert_eq!(fs::metadata(&path).unwrap().mode() & 0o777, 0o640, "an existing file keeps its mode");
        // A symlink is written through.
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink("marks.json", &link).unwrap();
        write_atomically(&link, b"{\"x\":1}").unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(fs::read(&path).unwrap(), b"{\"x\":1}");
        // Leftovers of killed writers go; other files stay.
        fs::write(dir.path().join(".marks.json.AbC123.tmp"), b"half").unwrap();
        fs::write(dir.path().join(".marks.json.tmp-4242"), b"half").unwrap();
        fs::write(dir.path().join("notes.txt"), b"mine").unwrap();
        write_atomically(&path, b"{}").unwrap();
        let mut names: Vec<String> =
            fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        assert_eq!(names, ["link.json", "marks.json", "notes.txt"]);
    }
}
