//! The parser's fingerprint, for the parse cache (`src/library/cache.rs`): a hash of every
//! source file and asset a parse can depend on, and of `Cargo.lock` (the readers of Word,
//! PDF and web files are crates). Any change to them gives cached plans a new key, so a
//! cache never returns what an older parser made.

// A build script speaks to cargo on stdout; it prints nothing for people.
#![allow(clippy::disallowed_macros)]

use std::path::{Path, PathBuf};

/// What the parse of a file depends on: the readers, the parser, the text cleaning, the
/// messages its warnings are written in, the cache's own format, the dependencies.
const INPUTS: [&str; 7] = ["src/plan", "src/formats", "src/text", "src/library", "src/i18n.rs", "assets", "Cargo.lock"];

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for input in INPUTS {
        println!("cargo:rerun-if-changed={input}");
        collect(&root.join(input), &mut files);
    }
    files.sort();
    // FNV-1a, 64 bits, over each file's path and contents: the same on every machine.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut add = |bytes: &[u8]| {
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        // A separator, so that moving bytes from one file to the next changes the hash.
        hash = hash.rotate_left(17) ^ bytes.len() as u64;
    };
    for file in &files {
        let relative = file.strip_prefix(&root).unwrap_or(file);
        add(relative.to_string_lossy().as_bytes());
        add(&std::fs::read(file).unwrap_or_default());
    }
    println!("cargo:rustc-env=PLANVIEW_PARSER_HASH={hash:016x}");
}

fn collect(path: &Path, files: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else { return };
        for entry in entries.flatten() {
            collect(&entry.path(), files);
        }
    } else if path.is_file() {
        files.push(path.to_path_buf());
    }
}
