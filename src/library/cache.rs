//! The parse cache: plans read back from a compact binary file instead of being parsed
//! again, so a folder of 10,000 plans opens in a fraction of a second after its first time.
//!
//! **Where.** `$PLANVIEW_CACHE`, else `$XDG_CACHE_HOME/planview` (the platform's cache
//! folder), made `0700`. `--no-cache` turns it off for one run. The library itself caches
//! nothing unless [`enable`] was called (the binary does; tests and benches that open a
//! library in process do not).
//!
//! **What.** One *pack* per command-line argument (a folder, or a file), named by a hash of
//! the argument's canonical path: for each plan file under it, the parsed plan, keyed by
//! the file's path inside the folder and its identity and age (device, inode, size, mtime,
//! ctime, to the nanosecond). A plan whose file changed in any of them is parsed again,
//! alone, and the pack rewritten. A file modified in the last two seconds is not stored
//! (its mtime could still change within the same clock tick without showing).
//!
//! **Parser version.** Every pack carries a key: a hash, made by `build.rs` at build time,
//! of every source file and asset a parse can depend on (`src/plan`, `src/formats`,
//! `src/text`, `src/library`, `src/i18n.rs`, `assets/`, `Cargo.lock`), with the crate's
//! version, this format's number and the interface language (warnings are written in it).
//! Any change to the parser gives a new key, with nobody having to remember to bump a
//! number; a pack with another key is ignored and replaced.
//!
//! **Format.** A 64-byte header (magic, format, key, a hash of the argument, the index's
//! place and CRC-32, the header's own CRC-32), the entries, then the index (per entry: the
//! key above, its place, its CRC-32). An entry is the plan in a simple length-prefixed
//! little-endian form: the text shared by all of a plan's measures once, each measure as
//! ranges into it, then every measure's units (each distinct unit once, as written, and
//! each measure's as places in that list with their roles), so that the indexes of a
//! library read back need not read 770,000 annotations again (at 10,000 plans, a search
//! typed at once answers in half the time). The units are checked with the rest of the
//! entry and made, for all of a plan's measures, when one of them is first asked for. The
//! pack is memory-mapped; an entry is decoded only when used.
//!
//! **The cache is input.** Nothing in a pack is trusted: the header, the index and every
//! entry are checked before use — lengths and places against the file, each entry against
//! its CRC-32 (damage), every string for valid UTF-8 and for the control characters that
//! the loader cleans away (terminal safety), every range and index into the plan against
//! what it points into. Anything wrong means the plan is parsed from its file as if there
//! were no cache, and the pack is rewritten; nothing panics on a bad pack.
//!
//! **Writes** go to an exclusive temporary file in the cache folder (`0600`), renamed over
//! the pack: a reader sees the old pack or the new one, never a half-written one (a crash
//! leaves at worst a temporary file, removed by a later run). A newly parsed plan's entry is
//! written to it as soon as it is made (10,000 plans' entries are some 450 MB, not to be held
//! in memory until the last plan is read); the entries still valid are copied from the old
//! pack, and the index and header written, on a thread of their own after the plans are
//! read; [`flush`] waits for that before the process ends.
//! A pack being read is never written in place, so its mapping stays valid.
//!
//! **Size.** The folder is kept under [`MAX_BYTES`]: after a write, the packs used least
//! recently are removed until it fits. An entry may not be larger than [`MAX_ENTRY`], nor
//! a pack hold more than twice [`super::inputs::MAX_FILES`] entries, whatever its index says.

use std::collections::HashMap;
use std::io::{Seek, SeekFrom, Write};
use std::ops::Range;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::{Duration, SystemTime};

use memmap2::Mmap;

use super::inputs::{Input, MAX_FILES};
use crate::formats::Format;
use crate::plan::model::{MeasureInfo, MeasureSpan, ReadUnits, StoredUnits};
use crate::plan::{
    Chapter, ChapterKind, Deadline, LoadError, LoadedPlan, Measure, Meta, Plan, Role, Section, SharedText, Source,
    UnitRef, Warning,
};
use crate::search::scan::{RawMeasure, RawUnits};

/// Bytes that plans' texts may point into (a pack's memory map).
type Bytes = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// The format of a pack; part of the key.
const FORMAT: u32 = 2;
const MAGIC: &[u8; 8] = b"PVCACHE\x01";
const HEADER: usize = 64;
/// The most the cache folder holds; the packs used least recently go first.
pub const MAX_BYTES: u64 = 4 << 30;
/// The largest entry read back (a plan file is at most 64 MiB).
pub const MAX_ENTRY: usize = 256 << 20;
/// How recent a file's modification may be for it to be stored.
const RACY: Duration = Duration::from_secs(2);
/// Temporary files left by a write that did not finish are removed after this.
const STALE_TEMP: Duration = Duration::from_secs(3600);

static DIR: OnceLock<PathBuf> = OnceLock::new();
/// How many cache writes are under way.
static PENDING: Mutex<usize> = Mutex::new(0);
/// Signalled when a write ends.
static WRITTEN: Condvar = Condvar::new();

/// Counts a write under way until it is dropped (at the end of the writing thread, or if
/// the thread could not be started).
struct Pending;

impl Pending {
    fn start() -> Pending {
        *PENDING.lock().unwrap_or_else(std::sync::PoisonError::into_inner) += 1;
        Pending
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        let mut pending = PENDING.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *pending = pending.saturating_sub(1);
        WRITTEN.notify_all();
    }
}

/// Turns the cache on for this process, in `dir` (created `0700` when first written).
/// Returns false if it was already on.
pub fn enable(dir: PathBuf) -> bool {
    DIR.set(dir).is_ok()
}

/// The cache folder in use, if the cache is on.
pub fn dir() -> Option<&'static Path> {
    DIR.get().map(PathBuf::as_path)
}

/// The default cache folder: `$XDG_CACHE_HOME/planview` (or the platform's).
pub fn default_dir() -> Option<PathBuf> {
    use etcetera::BaseStrategy;
    let strategy = etcetera::choose_base_strategy().ok()?;
    Some(strategy.cache_dir().join("planview"))
}

/// Waits for the cache writes under way (call before the process ends).
pub fn flush() {
    // Counted rather than joined: a write another caller of `flush` is waiting for is still
    // waited for here (threads of one process, such as tests, share the cache).
    let mut pending = PENDING.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    while *pending > 0 {
        pending = WRITTEN.wait(pending).unwrap_or_else(std::sync::PoisonError::into_inner);
    }
}

/// The key of every pack: the parser's fingerprint, the crate's version, this format, the
/// interface language.
fn parser_key() -> u64 {
    let mut hash = Fnv::default();
    hash.add(env!("PLANVIEW_PARSER_HASH").as_bytes());
    hash.add(env!("CARGO_PKG_VERSION").as_bytes());
    hash.add(&FORMAT.to_le_bytes());
    hash.add(&[crate::i18n::language() as u8]);
    hash.0
}

/// FNV-1a, 64 bits: names packs and keys them, never checks their contents (CRC-32 does).
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn add(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = self.0.rotate_left(17) ^ bytes.len() as u64;
    }
}

/// What identifies a version of a file: where it is, how long, when it last changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp([u64; 7]);

impl Stamp {
    fn of(meta: &std::fs::Metadata) -> Stamp {
        Stamp([
            meta.dev(),
            meta.ino(),
            meta.size(),
            meta.mtime() as u64,
            meta.mtime_nsec() as u64,
            meta.ctime() as u64,
            meta.ctime_nsec() as u64,
        ])
    }

    /// Whether the file changed so lately that a change within the same clock tick would
    /// not show in its times.
    fn racy(&self) -> bool {
        let changed = |secs: u64, nanos: u64| {
            SystemTime::UNIX_EPOCH
                .checked_add(Duration::new(secs.min(i64::MAX as u64), nanos.min(999_999_999) as u32))
                .unwrap_or(SystemTime::UNIX_EPOCH)
        };
        let newest = changed(self.0[3], self.0[4]).max(changed(self.0[5], self.0[6]));
        SystemTime::now().duration_since(newest).map_or(true, |age| age < RACY)
    }
}

/// One entry of a pack's index.
#[derive(Debug)]
struct IndexEntry {
    stamp: Stamp,
    range: Range<usize>,
    crc: u32,
}

/// Where a parsed plan not found in the pack is to be stored: its key and its file's stamp.
type Miss = (Box<[u8]>, Stamp);

/// An entry found for an input, its CRC-32 checked.
struct Found<'a> {
    pack: &'a Pack,
    range: Range<usize>,
    key: Box<[u8]>,
    stamp: Stamp,
}

/// A pack read from disk: the mapping and its index, checked.
struct Pack {
    map: Bytes,
    entries: HashMap<Box<[u8]>, IndexEntry>,
}

/// The cache as one reading of a library uses it: a pack per argument.
pub(crate) struct Session {
    dir: PathBuf,
    key: u64,
    roots: Vec<Root>,
}

struct Root {
    /// The argument as given (input paths start with it).
    arg: PathBuf,
    /// Where its pack is.
    file: PathBuf,
    id: u64,
    pack: Option<Arc<Pack>>,
    /// The next pack, begun when the first plan to store was parsed: its entries are
    /// written as they are made rather than held until every plan is read.
    next: Mutex<Spool>,
}

/// The next pack of an argument, begun when its first entry is stored.
#[derive(Default)]
enum Spool {
    #[default]
    NotBegun,
    Writing(NextPack),
    /// The folder or the file could not be written: nothing is stored this time.
    Failed,
}

impl Spool {
    /// Appends an entry (beginning the pack if need be); returns its place in the file.
    fn append(&mut self, dir: &Path, bytes: &[u8]) -> Option<Range<u64>> {
        if matches!(self, Spool::NotBegun) {
            *self = NextPack::begin(dir).map_or(Spool::Failed, Spool::Writing);
        }
        let Spool::Writing(next) = self else { return None };
        let place = next.append(bytes);
        if place.is_err() {
            *self = Spool::Failed;
        }
        place.ok()
    }
}

/// A pack being written: a temporary file in the cache folder, its header still to come.
struct NextPack {
    out: std::io::BufWriter<tempfile::NamedTempFile>,
    /// Where the next entry goes.
    at: u64,
}

impl NextPack {
    fn begin(dir: &Path) -> std::io::Result<NextPack> {
        ready_dir(dir)?;
        let temp = tempfile::Builder::new().prefix(".tmp-").suffix(".pack").tempfile_in(dir)?;
        let mut out = std::io::BufWriter::with_capacity(1 << 20, temp);
        out.write_all(&[0; HEADER])?;
        Ok(NextPack { out, at: HEADER as u64 })
    }

    /// Appends an entry; returns its place in the file.
    fn append(&mut self, bytes: &[u8]) -> std::io::Result<Range<u64>> {
        self.out.write_all(bytes)?;
        let start = self.at;
        self.at += bytes.len() as u64;
        Ok(start..self.at)
    }
}

/// What the cache did for one input, for the pack written afterwards.
pub(crate) enum Slot {
    /// Nothing to keep: no cache, not a plan, or a file too recent.
    Nothing,
    /// Read from the pack: copied into the next one as it is.
    Hit { root: usize, key: Box<[u8]> },
    /// Parsed and written to the next pack, at `place`.
    Fresh { root: usize, key: Box<[u8]>, stamp: Stamp, place: Range<u64>, crc: u32 },
}

impl Session {
    /// The cache for these arguments, if it is on.
    pub(crate) fn open(args: &[PathBuf]) -> Option<Session> {
        let dir = dir()?.to_path_buf();
        let key = parser_key();
        let roots = args
            .iter()
            .map(|arg| {
                let (id, file) = pack_of(&dir, arg);
                let pack = read_pack(&file, key, id).map(Arc::new);
                Root { arg: arg.clone(), file, id, pack, next: Mutex::default() }
            })
            .collect();
        Some(Session { dir, key, roots })
    }

    /// Loads one input: from the pack if it holds this version of the file, else by
    /// parsing it (and encoding it for the next pack).
    pub(crate) fn load(&self, input: &Input) -> (Result<LoadedPlan, LoadError>, Slot) {
        let miss = match self.entry(input) {
            Ok(found) => match decode(&found.pack.map, found.range.clone(), &input.path) {
                Some(loaded) => return (Ok(loaded), Slot::Hit { root: input.root, key: found.key }),
                None => Some((found.key, found.stamp)),
            },
            Err(miss) => miss,
        };
        let result = crate::plan::load_path(&input.path);
        let slot = match (&result, miss) {
            (Ok(loaded), Some((key, stamp))) if !stamp.racy() => match encode(loaded) {
                Some(bytes) => self.store(input.root, key, stamp, &bytes),
                None => Slot::Nothing,
            },
            _ => Slot::Nothing,
        };
        (result, slot)
    }

    /// Writes a parsed plan's entry to its argument's next pack.
    fn store(&self, root: usize, key: Box<[u8]>, stamp: Stamp, bytes: &[u8]) -> Slot {
        let Some(next) = self.roots.get(root).map(|r| &r.next) else { return Slot::Nothing };
        let mut spool = next.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match spool.append(&self.dir, bytes) {
            Some(place) => Slot::Fresh { root, key, stamp, place, crc: crc32fast::hash(bytes) },
            None => Slot::Nothing,
        }
    }

    /// Runs `quick` on the measures of an input as its pack entry holds them, without
    /// making a plan of them, if the pack holds this version of the file and the entry is
    /// sound; `None` (the plan is then to be loaded) if not, or if `quick` cannot decide
    /// alone. Returns the plan's id and source with what `quick` found.
    pub(crate) fn quick<T>(
        &self,
        input: &Input,
        quick: &(dyn Fn(&RawPlan<'_>) -> Option<T> + Sync),
    ) -> Option<(String, Source, T, Slot)> {
        let found = self.entry(input).ok()?;
        let raw = raw_measures(found.pack.map.as_ref().as_ref().get(found.range.clone())?)?;
        let result = quick(&raw)?;
        let source = source_of(&input.path, raw.format, raw.encoding);
        Some((raw.id.to_string(), source, result, Slot::Hit { root: input.root, key: found.key }))
    }

    /// The entry of this version of an input's file, checked against its CRC-32; or, when
    /// there is none, the key and stamp to store the parsed plan under (`None`: not to be
    /// stored).
    fn entry(&self, input: &Input) -> Result<Found<'_>, Option<Miss>> {
        let root = self.roots.get(input.root).ok_or(None)?;
        let key: Box<[u8]> = input.path.strip_prefix(&root.arg).map_err(|_| None)?.as_os_str().as_bytes().into();
        let meta = std::fs::metadata(&input.path).map_err(|_| None)?;
        if !meta.is_file() {
            return Err(None);
        }
        let stamp = Stamp::of(&meta);
        if let Some(pack) = &root.pack
            && let Some(entry) = pack.entries.get(&key)
            && entry.stamp == stamp
            && let Some(bytes) = (*pack.map).as_ref().get(entry.range.clone())
            && crc32fast::hash(bytes) == entry.crc
        {
            return Ok(Found { pack, range: entry.range.clone(), key, stamp });
        }
        Err(Some((key, stamp)))
    }

    /// Writes, on a thread of its own, the pack of each argument whose plans changed: the
    /// entries still valid copied, the new ones added, the rest dropped.
    pub(crate) fn finish(self, slots: Vec<Slot>) {
        let mut per_root: Vec<Vec<Slot>> = self.roots.iter().map(|_| Vec::new()).collect();
        for slot in slots {
            match &slot {
                Slot::Hit { root, .. } | Slot::Fresh { root, .. } => per_root[*root].push(slot),
                Slot::Nothing => {}
            }
        }
        let mut jobs = Vec::new();
        for (root, slots) in self.roots.into_iter().zip(per_root) {
            let held = root.pack.as_ref().map_or(0, |p| p.entries.len());
            let fresh = slots.iter().any(|s| matches!(s, Slot::Fresh { .. }));
            let file_there = root.file.exists();
            // Nothing new and nothing dropped (and the pack is the one on disk): leave it.
            if !fresh && slots.len() == held && (root.pack.is_some() || !file_there) {
                if root.pack.is_some() {
                    touch(&root.file);
                }
                continue;
            }
            jobs.push((root, slots));
        }
        if jobs.is_empty() {
            return;
        }
        let (dir, key) = (self.dir, self.key);
        let pending = Pending::start();
        // Without a thread to be had, the cache is not written this time (`pending` is
        // dropped with the closure either way).
        let _ = std::thread::Builder::new().name("planview-cache".into()).spawn(move || {
            let _pending = pending;
            for (root, slots) in jobs {
                let _ = write_pack(&dir, key, root, slots);
            }
            evict(&dir);
        });
    }
}

/// The pack of an argument (a folder or a file): its id and its file.
fn pack_of(dir: &Path, arg: &Path) -> (u64, PathBuf) {
    let canonical = std::fs::canonicalize(arg).unwrap_or_else(|_| arg.to_path_buf());
    let mut hash = Fnv::default();
    hash.add(canonical.as_os_str().as_bytes());
    (hash.0, dir.join(format!("{:016x}.pack", hash.0)))
}

/// Where the pack of an argument is kept (whether or not it exists), if the cache is on.
pub fn pack_file(arg: &Path) -> Option<PathBuf> {
    Some(pack_of(dir()?, arg).1)
}

/// Marks a pack as used (for eviction), at most once an hour.
fn touch(file: &Path) {
    let Ok(f) = std::fs::File::options().write(true).open(file) else { return };
    let old = f.metadata().and_then(|m| m.modified()).ok();
    let now = SystemTime::now();
    if old.and_then(|t| now.duration_since(t).ok()).is_none_or(|age| age > STALE_TEMP) {
        let _ = f.set_modified(now);
    }
}

/// The cache folder, made if need be: a folder of ours, `0700`.
fn ready_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)?;
    let meta = std::fs::symlink_metadata(dir)?;
    if !meta.is_dir() || meta.uid() != rustix::process::geteuid().as_raw() {
        return Err(std::io::Error::other("the cache folder is not a folder of this user's"));
    }
    if meta.permissions().mode() & 0o077 != 0 {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Finishes the next pack of an argument: the entries still valid copied from the old pack
/// after those written as they were parsed, the index, the header; then renames it over the
/// old one.
fn write_pack(dir: &Path, key: u64, root: Root, slots: Vec<Slot>) -> std::io::Result<()> {
    if slots.is_empty() {
        // Nothing of the argument is cached any more.
        return match std::fs::remove_file(&root.file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        };
    }
    let mut next = match root.next.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner) {
        Spool::Writing(next) => next,
        Spool::NotBegun => NextPack::begin(dir)?,
        Spool::Failed => return Err(std::io::Error::other("the next pack could not be written")),
    };
    let mut index = Writer::default();
    let mut count = 0u32;
    let mut add = |index: &mut Writer, key: &[u8], stamp: Stamp, place: Range<u64>, crc: u32| {
        index.bytes(key);
        for v in stamp.0 {
            index.u64(v);
        }
        index.u64(place.start);
        index.u64(place.end - place.start);
        index.u32(crc);
        count += 1;
    };
    for slot in slots {
        match slot {
            Slot::Fresh { key, stamp, place, crc, .. } => add(&mut index, &key, stamp, place, crc),
            Slot::Hit { key, .. } => {
                let Some(pack) = &root.pack else { continue };
                let Some(entry) = pack.entries.get(&key) else { continue };
                let Some(bytes) = (*pack.map).as_ref().get(entry.range.clone()) else { continue };
                let place = next.append(bytes)?;
                add(&mut index, &key, entry.stamp, place, entry.crc);
            }
            Slot::Nothing => {}
        }
    }
    // The index follows the entries.
    let index_at = next.append(&index.0)?.start;
    let mut header = Writer::default();
    header.0.extend_from_slice(MAGIC);
    header.u32(FORMAT);
    header.u32(count);
    header.u64(key);
    header.u64(root.id);
    header.u64(index_at);
    header.u64(index.0.len() as u64);
    header.u32(crc32fast::hash(&index.0));
    header.0.resize(HEADER - 4, 0);
    let crc = crc32fast::hash(&header.0);
    header.u32(crc);
    let mut temp = next.out.into_inner().map_err(|e| e.into_error())?;
    temp.seek(SeekFrom::Start(0))?;
    temp.write_all(&header.0)?;
    temp.persist(&root.file).map_err(|e| e.error)?;
    Ok(())
}

/// Reads and checks a pack's header and index; `None` if there is none or it is not a
/// valid pack of this parser for this argument.
fn read_pack(file: &Path, key: u64, id: u64) -> Option<Pack> {
    let f = std::fs::File::open(file).ok()?;
    let meta = f.metadata().ok()?;
    if !meta.is_file() || meta.len() < HEADER as u64 || meta.len() > usize::MAX as u64 {
        return None;
    }
    // SAFETY: the file is only ever replaced by a rename, never written in place, so the
    // mapping does not change under us (a file truncated by someone else would fault).
    let map = unsafe { Mmap::map(&f) }.ok()?;
    let mut header = Reader::new(map.get(..HEADER)?);
    if header.take(8)? != MAGIC || header.u32()? != FORMAT {
        return None;
    }
    let count = header.u32()? as usize;
    if header.u64()? != key || header.u64()? != id {
        return None;
    }
    let (index_at, index_len) = (header.usize()?, header.usize()?);
    let index_crc = header.u32()?;
    if crc32fast::hash(&map[..HEADER - 4]) != u32::from_le_bytes(map[HEADER - 4..HEADER].try_into().ok()?) {
        return None;
    }
    let index_bytes = map.get(index_at..index_at.checked_add(index_len)?)?;
    if index_at < HEADER || crc32fast::hash(index_bytes) != index_crc || count > 2 * MAX_FILES {
        return None;
    }
    let mut index = Reader::new(index_bytes);
    let mut entries = HashMap::with_capacity(count);
    for _ in 0..count {
        let key: Box<[u8]> = index.bytes()?.into();
        let mut stamp = [0; 7];
        for v in &mut stamp {
            *v = index.u64()?;
        }
        let (at, len) = (index.usize()?, index.usize()?);
        let crc = index.u32()?;
        let end = at.checked_add(len)?;
        if at < HEADER || end > index_at || len > MAX_ENTRY {
            return None;
        }
        if entries.insert(key, IndexEntry { stamp: Stamp(stamp), range: at..end, crc }).is_some() {
            return None;
        }
    }
    if !index.done() {
        return None;
    }
    Some(Pack { map: Arc::new(map), entries })
}

/// Keeps the cache folder under [`MAX_BYTES`], removing the packs used least recently, and
/// removes temporary files left by writes that did not finish.
fn evict(dir: &Path) {
    evict_to(dir, MAX_BYTES);
}

/// [`evict`] with a limit (tests use a small one).
pub fn evict_to(dir: &Path, limit: u64) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let now = SystemTime::now();
    let mut packs = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.is_file() || !name.ends_with(".pack") {
            continue;
        }
        let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
        if name.starts_with(".tmp-") {
            if now.duration_since(modified).is_ok_and(|age| age > STALE_TEMP) {
                let _ = std::fs::remove_file(entry.path());
            }
            continue;
        }
        packs.push((modified, meta.len(), entry.path()));
    }
    let mut total: u64 = packs.iter().map(|p| p.1).sum();
    packs.sort();
    for (_, len, path) in packs {
        if total <= limit {
            break;
        }
        if std::fs::remove_file(&path).is_ok() {
            total -= len;
        }
    }
}

// ---- The encoding of a plan -------------------------------------------------------------

#[derive(Default)]
struct Writer(Vec<u8>);

impl Writer {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    /// A number in as few bytes as it needs (LEB128: seven bits a byte, low first).
    fn var(&mut self, mut v: u32) {
        while v >= 0x80 {
            self.0.push(v as u8 | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }
    fn usize(&mut self, v: usize) {
        self.u64(v as u64);
    }
    fn bytes(&mut self, v: &[u8]) {
        self.u32(v.len() as u32);
        self.0.extend_from_slice(v);
    }
    fn str(&mut self, v: &str) {
        self.bytes(v.as_bytes());
    }
    fn opt_str(&mut self, v: Option<&str>) {
        match v {
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
            None => self.u8(0),
        }
    }
    fn opt_u32(&mut self, v: Option<u32>) {
        match v {
            Some(n) => {
                self.u8(1);
                self.u32(n);
            }
            None => self.u8(0),
        }
    }
    fn strs(&mut self, v: &[String]) {
        self.u32(v.len() as u32);
        for s in v {
            self.str(s);
        }
    }
    fn range(&mut self, r: &Range<usize>) {
        self.usize(r.start);
        self.usize(r.end);
    }
    fn range32(&mut self, r: &Range<u32>) {
        self.u32(r.start);
        self.u32(r.end);
    }
}

/// Reads what [`Writer`] wrote, checking every length against what is left: `None` at the
/// first thing out of place.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, at: 0 }
    }
    fn done(&self) -> bool {
        self.at == self.bytes.len()
    }
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let out = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(out)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    /// A number [`Writer::var`] wrote: at most five bytes, none past 32 bits.
    fn var(&mut self) -> Option<u32> {
        let mut v = 0u32;
        for shift in (0..35).step_by(7) {
            let byte = self.u8()?;
            let bits = u32::from(byte & 0x7f);
            if shift == 28 && bits > 0x0f {
                return None;
            }
            v |= bits << shift;
            if byte & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }
    /// A count written by [`Writer::var`] of things each taking at least one byte: no more
    /// than could fit.
    fn var_count(&mut self) -> Option<usize> {
        let n = self.var()? as usize;
        (n <= self.bytes.len() - self.at).then_some(n)
    }
    fn usize(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok()
    }
    fn bool(&mut self) -> Option<bool> {
        match self.u8()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
    fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
    }
    /// A string: valid UTF-8 without the characters cleaning removes.
    fn str(&mut self) -> Option<&'a str> {
        let s = simdutf8::basic::from_utf8(self.bytes()?).ok()?;
        safe(s.as_bytes(), false).then_some(s)
    }
    fn string(&mut self) -> Option<String> {
        self.str().map(str::to_string)
    }
    fn opt_str(&mut self) -> Option<Option<&'a str>> {
        if self.bool()? { self.str().map(Some) } else { Some(None) }
    }
    fn opt_u32(&mut self) -> Option<Option<u32>> {
        if self.bool()? { self.u32().map(Some) } else { Some(None) }
    }
    /// A count of things each taking at least `min` bytes: no more than could fit.
    fn count(&mut self, min: usize) -> Option<usize> {
        let n = self.u32()? as usize;
        (n.checked_mul(min.max(1))? <= self.bytes.len() - self.at).then_some(n)
    }
    fn strs(&mut self) -> Option<Vec<String>> {
        let n = self.count(4)?;
        (0..n).map(|_| self.string()).collect()
    }
    fn range(&mut self, limit: usize) -> Option<Range<usize>> {
        let (start, end) = (self.usize()?, self.usize()?);
        (start <= end && end <= limit).then_some(start..end)
    }
    fn range32(&mut self) -> Option<Range<u32>> {
        let (start, end) = (self.u32()?, self.u32()?);
        (start <= end).then_some(start..end)
    }
}

/// Whether text holds nothing the loader's cleaning removes that could act on a terminal:
/// controls but the newline (and the NUL that ends each measure in a measure text, when
/// `nul` allows it), DEL, C1 controls (`C2 80`–`C2 9F`), bidirectional and invisible format
/// characters (`E2 80 8B`–`8F`, `E2 80 A8`–`AE`, `E2 81 A0`–`AF`). A pass for the one-byte
/// controls that the compiler vectorises, then a look at each `C2` and `E2` (`memchr`).
fn safe(bytes: &[u8], nul: bool) -> bool {
    let bad = |b: u8| (b < 0x20 && b != b'\n' && !(nul && b == 0)) | (b == 0x7f);
    if bytes.chunks(4096).any(|block| block.iter().fold(false, |found, &b| found | bad(b))) {
        return false;
    }
    !memchr::memchr2_iter(0xc2, 0xe2, bytes).any(|i| {
        let (next, after) = (bytes.get(i + 1).copied(), bytes.get(i + 2).copied());
        match bytes[i] {
            0xc2 => matches!(next, Some(0x80..=0x9f)),
            _ => {
                matches!((next, after), (Some(0x80), Some(0x8b..=0x8f | 0xa8..=0xae)) | (Some(0x81), Some(0xa0..=0xaf)))
            }
        }
    })
}

const FORMATS: [Format; 5] = [Format::Text, Format::Docx, Format::Doc, Format::Pdf, Format::Html];

/// The encoding names a plan's source may carry, as the `&'static str` it holds.
fn static_encoding(name: &str) -> Option<&'static str> {
    const OURS: [&str; 5] = ["UTF-8", "UTF-16", "UTF-16LE", "UTF-16BE", "Unicode"];
    OURS.iter()
        .find(|known| **known == name)
        .copied()
        .or_else(|| encoding_rs::Encoding::for_label(name.as_bytes()).map(|e| e.name()).filter(|n| *n == name))
}

/// A plan in the pack's form; `None` if it cannot be stored (it is then parsed each time).
pub(crate) fn encode(loaded: &LoadedPlan) -> Option<Vec<u8>> {
    let plan = &loaded.plan;
    static_encoding(loaded.source.encoding)?;
    let empty = SharedText::from("");
    let text = plan.measures.first().map_or(&empty, |first| first.text_span().0);
    if !plan.measures.iter().all(|m| SharedText::ptr_eq(m.text_span().0, text)) {
        return None;
    }
    let mut w = Writer(Vec::with_capacity(text.len() + 64 * plan.measures.len() + 4096));
    w.u8(FORMATS.iter().position(|f| *f == loaded.source.format)? as u8);
    w.str(loaded.source.encoding);
    w.str(&plan.id);
    let meta = &plan.meta;
    w.str(&meta.title);
    for field in [&meta.doc_number, &meta.issuer, &meta.adopted, &meta.issued] {
        w.opt_str(field.as_deref());
    }
    w.strs(&plan.preamble);
    w.strs(&plan.closing);
    w.u32(plan.warnings.len() as u32);
    for warning in &plan.warnings {
        w.usize(warning.line);
        w.str(&warning.message);
    }
    w.str(text);
    w.u32(plan.chapters.len() as u32);
    for chapter in &plan.chapters {
        w.u8(u8::from(chapter.kind == ChapterKind::Attachment));
        w.u32(chapter.number);
        w.str(&chapter.title);
        w.strs(&chapter.text);
        w.range(&chapter.measures);
        w.range(&chapter.direct_measures);
        w.usize(chapter.line);
        w.u32(chapter.sections.len() as u32);
        for section in &chapter.sections {
            w.u32(section.number);
            w.str(&section.marker);
            w.str(&section.title);
            w.strs(&section.text);
            w.range(&section.measures);
            w.usize(section.line);
        }
    }
    w.u32(plan.measures.len() as u32);
    for m in &plan.measures {
        let span = m.span();
        w.str(&m.id);
        w.opt_u32(m.number);
        w.range32(&span.title);
        w.range32(&span.body);
        w.range32(&span.annotation);
        w.u8(u8::from(m.lead_rule()));
        match &m.deadline {
            Some(deadline) => {
                w.u8(1);
                w.str(&deadline.text);
                match deadline.date {
                    Some(date) => {
                        w.u8(1);
                        w.u32(date.year() as u16 as u32);
                        w.u8(date.month() as u8);
                        w.u8(date.day() as u8);
                    }
                    None => w.u8(0),
                }
            }
            None => w.u8(0),
        }
        w.opt_str(m.group.as_deref());
        w.usize(m.chapter);
        w.opt_u32(m.section.map(|s| s as u32));
        w.usize(m.line);
    }
    encode_units(&mut w, plan)?;
    Some(w.0)
}

/// The units of every measure (read from the annotations now, if they were not yet), so a
/// plan read back need not read them again: each distinct unit once, as written (its
/// spelling and the group it was written under), then each measure's as places in that
/// list with their roles (a number each, in as few bytes as it needs). `None` if a unit could not be made again from how it was written.
fn encode_units(w: &mut Writer, plan: &Plan) -> Option<()> {
    // The measures of a plan share their units (one `Unit` for every mention of a name):
    // each is looked at once.
    let mut places: rustc_hash::FxHashMap<*const crate::plan::Unit, u32> = Default::default();
    let mut written: Vec<(&str, Option<&str>)> = Vec::new();
    let mut refs: Vec<(u32, Role)> = Vec::new();
    let mut counts: Vec<u32> = Vec::with_capacity(plan.measures.len());
    for m in &plan.measures {
        let units = m.units();
        counts.push(units.len() as u32);
        for unit in units {
            let place = match places.get(&Arc::as_ptr(&unit.unit)) {
                Some(&place) => place,
                None => {
                    written.push((&*unit.raw, crate::plan::units::written_as(unit)?));
                    let place = written.len() as u32 - 1;
                    places.insert(Arc::as_ptr(&unit.unit), place);
                    place
                }
            };
            refs.push((place, unit.role));
        }
    }
    w.u32(written.len() as u32);
    for (raw, group) in written {
        w.str(raw);
        w.opt_str(group);
    }
    let mut refs = refs.into_iter();
    for count in counts {
        w.var(count);
        for (place, role) in refs.by_ref().take(count as usize) {
            // The place and the role in one number: a byte for the first 42 units.
            let role = ROLES.iter().position(|r| *r == role)? as u32;
            w.var(place.checked_mul(3)?.checked_add(role)?);
        }
    }
    Some(())
}

/// The roles as a pack stores them.
const ROLES: [Role; 3] = [Role::Lead, Role::Partner, Role::Responsible];

/// What [`walk_units`] finds, in the order it is written.
enum UnitsItem<'a> {
    /// A distinct unit as written: its spelling and the group it was written under.
    Written(&'a str, Option<&'a str>),
    /// One of the current measure's units: its place among those written, and its role.
    Unit(usize, Role),
    /// The end of a measure's units.
    End,
}

/// Walks over the units [`encode_units`] wrote for `measures` measures, checking them
/// (lengths, strings, places in the list, roles), handing `each` what it finds.
fn walk_units<'a>(r: &mut Reader<'a>, measures: usize, mut each: impl FnMut(UnitsItem<'a>)) -> Option<()> {
    let n = r.count(5)?;
    for _ in 0..n {
        let raw = r.str()?;
        each(UnitsItem::Written(raw, r.opt_str()?));
    }
    for _ in 0..measures {
        let count = r.var_count()?;
        for _ in 0..count {
            let both = r.var()? as usize;
            let (place, role) = (both / 3, ROLES[both % 3]);
            if place >= n {
                return None;
            }
            each(UnitsItem::Unit(place, role));
        }
        each(UnitsItem::End);
    }
    Some(())
}

/// The units [`encode_units`] wrote, each made again from how it was written (through the
/// alias table of this build: never trusted as stored).
fn decode_units(bytes: &[u8], measures: usize) -> Option<ReadUnits> {
    let mut r = Reader::new(bytes);
    let (mut table, mut refs) = (Vec::new(), Vec::new());
    let mut starts = Vec::with_capacity(measures + 1);
    starts.push(0);
    walk_units(&mut r, measures, |item| match item {
        UnitsItem::Written(raw, group) => table.push(crate::plan::units::unit_written(raw, group)),
        UnitsItem::Unit(place, role) => refs.push(UnitRef { unit: Arc::clone(&table[place]), role }),
        UnitsItem::End => starts.push(refs.len() as u32),
    })?;
    if !r.done() {
        return None;
    }
    ReadUnits::new(refs, starts)
}

/// A plan back from the pack's form, checked throughout; `None` if anything is amiss.
/// `range` is where it is in `store`, which the plan's measure text then points into.
pub(crate) fn decode(store: &Bytes, range: Range<usize>, path: &Path) -> Option<LoadedPlan> {
    let bytes = (**store).as_ref().get(range.clone())?;
    let mut r = Reader::new(bytes);
    let format = *FORMATS.get(r.u8()? as usize)?;
    let encoding = static_encoding(r.str()?)?;
    let id = r.string()?;
    let title = r.string()?;
    let mut fields = [None, None, None, None];
    for field in &mut fields {
        *field = r.opt_str()?.map(str::to_string);
    }
    let [doc_number, issuer, adopted, issued] = fields;
    let meta = Meta { title, doc_number, issuer, adopted, issued };
    let preamble = r.strs()?;
    let closing = r.strs()?;
    let n = r.count(12)?;
    let warnings = (0..n).map(|_| Some(Warning { line: r.usize()?, message: r.string()? })).collect::<Option<_>>()?;
    // The measure text: its NULs end measures.
    let len = r.u32()? as usize;
    let start = range.start + r.at;
    if !safe(r.take(len)?, true) {
        return None;
    }
    let text = SharedText::mapped(Arc::clone(store), start..start + len)?;
    let chapter_count = r.count(40)?;
    let mut chapters = Vec::with_capacity(chapter_count);
    // Measure ranges are checked once the number of measures is known.
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for _ in 0..chapter_count {
        let kind = if r.bool()? { ChapterKind::Attachment } else { ChapterKind::Body };
        let number = r.u32()?;
        let title = r.string()?;
        let text = r.strs()?;
        let measures = r.range(usize::MAX)?;
        let direct_measures = r.range(usize::MAX)?;
        let line = r.usize()?;
        let n = r.count(40)?;
        let mut sections = Vec::with_capacity(n);
        for _ in 0..n {
            let number = r.u32()?;
            let marker = r.string()?;
            let title = r.string()?;
            let text = r.strs()?;
            let measures = r.range(usize::MAX)?;
            let line = r.usize()?;
            ranges.push(measures.clone());
            sections.push(Section { number, marker, title, text, measures, line });
        }
        ranges.push(measures.clone());
        ranges.push(direct_measures.clone());
        chapters.push(Chapter { kind, number, title, text, sections, measures, direct_measures, line });
    }
    let n = r.count(40)?;
    let mut measures = Vec::with_capacity(n);
    for _ in 0..n {
        let id: Box<str> = r.str()?.into();
        let number = r.opt_u32()?;
        let span = MeasureSpan { title: r.range32()?, body: r.range32()?, annotation: r.range32()? };
        for range in [&span.title, &span.body, &span.annotation] {
            text.get(range.start as usize..range.end as usize)?;
        }
        // Title to body is one piece of text (the search index reads it so).
        if span.title.end > span.body.start {
            return None;
        }
        let lead_rule = r.bool()?;
        let deadline = if r.bool()? {
            let text: Box<str> = r.str()?.into();
            let date = if r.bool()? {
                let year = r.u32()? as u16 as i16;
                let (month, day) = (r.u8()?, r.u8()?);
                Some(jiff::civil::Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()?)
            } else {
                None
            };
            Some(Deadline { text, date })
        } else {
            None
        };
        let group = r.opt_str()?.map(Box::from);
        let chapter = r.usize()?;
        let section = r.opt_u32()?.map(|s| s as usize);
        let line = r.usize()?;
        let sections = chapters.get(chapter)?.sections.len();
        if section.is_some_and(|s| s >= sections) {
            return None;
        }
        let info = MeasureInfo { id, number, lead_rule, deadline, group, chapter, section, line };
        measures.push(Measure::new(text.clone(), span, info));
    }
    // The units are checked now, made when first asked for.
    let units_at = r.at;
    walk_units(&mut r, measures.len(), |_| {})?;
    let (units, count) = (range.start + units_at..range.start + r.at, measures.len());
    let bytes = Arc::clone(store);
    let units = Arc::new(StoredUnits::new(count, move || decode_units((*bytes).as_ref().get(units.clone())?, count)));
    for (m, measure) in measures.iter_mut().enumerate() {
        measure.set_stored_units(&units, m);
    }
    if !r.done() || ranges.iter().any(|range| range.end > measures.len()) {
        return None;
    }
    let plan = Plan { id, meta, preamble, chapters, measures, closing, warnings };
    Some(LoadedPlan { plan, source: source_of(path, format, encoding) })
}

fn source_of(path: &Path, format: Format, encoding: &'static str) -> Source {
    Source { path: Some(path.to_path_buf()), name: crate::text::safety::display_path(path), format, encoding }
}

/// A plan's measures as its pack entry holds them, for a search that reads their text
/// only: no plan is made, nothing but the measures' places is allocated.
pub struct RawPlan<'a> {
    pub id: &'a str,
    format: Format,
    encoding: &'static str,
    /// The plan's measure text (see [`Measure`]), checked like a decoded plan's.
    pub text: &'a str,
    /// Each measure's title and body (one piece of `text`, as the search index reads it)
    /// and its unit annotations as written.
    pub measures: Vec<RawMeasure>,
    /// Each measure's units, as the parser read them from the annotations.
    pub units: RawUnits<'a>,
}

impl<'a> Reader<'a> {
    /// Passes over a string without reading it (its length is checked).
    fn skip_str(&mut self) -> Option<()> {
        self.bytes().map(drop)
    }
    fn skip_opt_str(&mut self) -> Option<()> {
        if self.bool()? { self.skip_str() } else { Some(()) }
    }
    fn skip_strs(&mut self) -> Option<()> {
        let n = self.count(4)?;
        (0..n).try_for_each(|_| self.skip_str())
    }
}

/// The measures of an entry (its CRC-32 checked), without making a plan: the same checks
/// as [`decode`] on everything it returns (the measure text for UTF-8 and controls, every
/// range), the rest only passed over; `None` if anything is amiss.
pub(crate) fn raw_measures(bytes: &[u8]) -> Option<RawPlan<'_>> {
    let mut r = Reader::new(bytes);
    let format = *FORMATS.get(r.u8()? as usize)?;
    let encoding = static_encoding(r.str()?)?;
    let id = r.str()?;
    r.skip_str()?;
    for _ in 0..4 {
        r.skip_opt_str()?;
    }
    r.skip_strs()?;
    r.skip_strs()?;
    let n = r.count(12)?;
    for _ in 0..n {
        r.usize()?;
        r.skip_str()?;
    }
    let len = r.u32()? as usize;
    let text = r.take(len)?;
    if !safe(text, true) {
        return None;
    }
    let text = simdutf8::basic::from_utf8(text).ok()?;
    let chapter_count = r.count(40)?;
    let mut sections = Vec::with_capacity(chapter_count);
    // The furthest any chapter's or section's measures reach.
    let mut reach = 0;
    for _ in 0..chapter_count {
        r.bool()?;
        r.u32()?;
        r.skip_str()?;
        r.skip_strs()?;
        reach = reach.max(r.range(usize::MAX)?.end).max(r.range(usize::MAX)?.end);
        r.usize()?;
        let n = r.count(40)?;
        for _ in 0..n {
            r.u32()?;
            r.skip_str()?;
            r.skip_str()?;
            r.skip_strs()?;
            reach = reach.max(r.range(usize::MAX)?.end);
            r.usize()?;
        }
        sections.push(n);
    }
    let n = r.count(40)?;
    let mut measures = Vec::with_capacity(n);
    for _ in 0..n {
        r.skip_str()?;
        r.opt_u32()?;
        let (title, body, annotation) = (r.range32()?, r.range32()?, r.range32()?);
        let piece = |range: &Range<u32>| text.get(range.start as usize..range.end as usize).map(drop);
        piece(&title)?;
        piece(&body)?;
        piece(&annotation)?;
        if title.end > body.start {
            return None;
        }
        r.bool()?;
        if r.bool()? {
            r.skip_str()?;
            if r.bool()? {
                r.u32()?;
                r.u8()?;
                r.u8()?;
            }
        }
        r.skip_opt_str()?;
        let chapter = r.usize()?;
        let section = r.opt_u32()?;
        r.usize()?;
        let in_chapter = *sections.get(chapter)?;
        if section.is_some_and(|s| s as usize >= in_chapter) {
            return None;
        }
        measures.push(RawMeasure {
            text: title.start as usize..body.end as usize,
            annotation: annotation.start as usize..annotation.end as usize,
        });
    }
    let mut units = RawUnits { starts: vec![0], ..RawUnits::default() };
    walk_units(&mut r, measures.len(), |item| match item {
        UnitsItem::Written(raw, group) => units.written.push((raw, group)),
        UnitsItem::Unit(place, _) => units.places.push(place as u32),
        UnitsItem::End => units.starts.push(units.places.len() as u32),
    })?;
    (r.done() && reach <= measures.len()).then_some(RawPlan { id, format, encoding, text, measures, units })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_vec(bytes: Vec<u8>, path: &Path) -> Option<LoadedPlan> {
        let len = bytes.len();
        decode(&(Arc::new(bytes) as Bytes), 0..len, path)
    }

    fn seed() -> LoadedPlan {
        crate::plan::load_embedded()
    }

    #[test]
    fn a_plan_comes_back_as_it_was() {
        let loaded = seed();
        let bytes = encode(&loaded).expect("the seed can be stored");
        let back = decode_vec(bytes, Path::new("seed.txt")).expect("and read back");
        assert_eq!(back.plan, loaded.plan);
        assert_eq!(back.source.format, loaded.source.format);
        assert_eq!(back.source.encoding, loaded.source.encoding);
        for (a, b) in back.plan.measures.iter().zip(&loaded.plan.measures) {
            assert_eq!(a.annotation(), b.annotation());
            assert_eq!(a.lead_rule(), b.lead_rule());
        }
        // The measures alone, as a search reads them: the same pieces of the same text.
        let bytes = encode(&loaded).unwrap();
        let raw = raw_measures(&bytes).expect("the measures can be read alone");
        assert_eq!(raw.id, loaded.plan.id);
        assert_eq!(raw.measures.len(), loaded.plan.measures.len());
        for (r, m) in raw.measures.iter().zip(&loaded.plan.measures) {
            let (text, span) = m.text_span();
            assert_eq!(&raw.text[r.text.clone()], &text[span]);
            assert_eq!(&raw.text[r.annotation.clone()], m.annotation());
        }
    }

    #[test]
    fn units_come_back_as_parsed_in_every_plan_of_the_family() {
        let family = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/family");
        let mut files: Vec<_> = std::fs::read_dir(&family).unwrap().map(|e| e.unwrap().path()).collect();
        files.retain(|f| f.extension().is_some_and(|e| e == "txt"));
        files.sort();
        let (mut units, mut groups, mut roles) = (0, 0, std::collections::BTreeSet::new());
        for file in &files {
            let loaded = crate::plan::load_path(file).unwrap();
            let back = decode_vec(encode(&loaded).unwrap(), file).unwrap();
            for (a, b) in back.plan.measures.iter().zip(&loaded.plan.measures) {
                assert_eq!(a.units(), b.units(), "{} {}", file.display(), b.id);
                units += b.units().len();
                groups += b.units().iter().filter(|u| u.kind == crate::plan::UnitKind::Group).count();
                roles.extend(b.units().iter().map(|u| u.role));
            }
        }
        assert!(units > 500 && groups > 10 && roles.len() == 3, "{units} units, {groups} groups, {roles:?}");
    }

    #[test]
    fn numbers_in_as_few_bytes_as_they_need() {
        for (v, len) in [(0, 1), (1, 1), (127, 1), (128, 2), (16_383, 2), (16_384, 3), (1 << 28, 5), (u32::MAX, 5)] {
            let mut w = Writer(Vec::new());
            w.var(v);
            assert_eq!(w.0.len(), len, "{v}");
            let mut r = Reader::new(&w.0);
            assert_eq!((r.var(), r.done()), (Some(v), true));
        }
        // Too long, past 32 bits, cut short: refused.
        for bytes in [&[0x80, 0x80, 0x80, 0x80, 0x80, 0x00][..], &[0xff, 0xff, 0xff, 0xff, 0x1f], &[0x80]] {
            assert_eq!(Reader::new(bytes).var(), None, "{bytes:?}");
        }
    }

    #[test]
    fn damage_anywhere_is_refused_or_harmless() {
        let bytes = encode(&seed()).unwrap();
        // Every cut is refused.
        for cut in (0..bytes.len()).step_by(97) {
            assert!(decode_vec(bytes[..cut].to_vec(), Path::new("x")).is_none(), "cut at {cut}");
            assert!(raw_measures(&bytes[..cut]).is_none(), "cut at {cut}");
        }
        // Changed bytes never panic (the CRC-32 of the index refuses them before this).
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..2000 {
            let mut copy = bytes.clone();
            for _ in 0..3 {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                let at = (rng % copy.len() as u64) as usize;
                copy[at] = (rng >> 32) as u8;
            }
            if let Some(raw) = raw_measures(&copy) {
                for m in &raw.measures {
                    let _ = (&raw.text[m.text.clone()], &raw.text[m.annotation.clone()]);
                }
            }
            if let Some(plan) = decode_vec(copy, Path::new("x")) {
                // Whatever comes back can be shown: every measure's pieces and path.
                for m in &plan.plan.measures {
                    let _ = (m.title(), m.body(), m.annotation(), plan.plan.path_of(m), m.units());
                }
            }
        }
    }

    #[test]
    fn control_characters_are_refused() {
        assert!(safe("宪法\n宣誓".as_bytes(), false));
        assert!(!safe("宪法\x1b[2J".as_bytes(), false));
        assert!(!safe("a\u{9b}b".as_bytes(), false));
        assert!(!safe("a\u{202e}b".as_bytes(), false));
        assert!(!safe(b"a\0b", false));
        assert!(safe(b"a\0b", true));
        assert!(safe("“引号”——……".as_bytes(), false));
    }

    #[test]
    fn the_check_for_controls_refuses_exactly_what_cleaning_removes() {
        let unsafe_char = |c: char, nul: bool| {
            let c = c as u32;
            (c < 0x20 && c != 0x0a && !(nul && c == 0))
                || c == 0x7f
                || (0x80..=0x9f).contains(&c)
                || (0x200b..=0x200f).contains(&c)
                || (0x2028..=0x202e).contains(&c)
                || (0x2060..=0x206f).contains(&c)
        };
        for nul in [false, true] {
            for c in (0..0x3100u32).chain(0xfe00..0x10000).filter_map(char::from_u32) {
                // Alone, at the start, in the middle and at the end of a block, and last.
                let one = c.to_string();
                let mut long = "中".repeat(1365);
                long.push(c);
                long.push_str(&"文".repeat(1400));
                let last = format!("{}{c}", "x".repeat(4094));
                for text in [&one, &long, &last, &format!("{c}ab")] {
                    assert_eq!(
                        safe(text.as_bytes(), nul),
                        !unsafe_char(c, nul),
                        "{:04x} in {} bytes",
                        c as u32,
                        text.len()
                    );
                }
            }
        }
    }
}
