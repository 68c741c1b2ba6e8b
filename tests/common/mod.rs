//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// The seed plan's bytes, as committed in `seeds/`.
pub fn seed_bytes() -> Vec<u8> {
    std::fs::read(seed_path()).expect("seed file")
}

pub fn seed_text() -> String {
    String::from_utf8(seed_bytes()).expect("seed is UTF-8")
}

pub fn seed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds/000_72b3b9fd10627f4b.txt")
}

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// The seed with a line `完成时限：…` after each measure named (its number, the deadline).
pub fn seed_with_deadlines(deadlines: &[(&str, &str)]) -> String {
    let mut text = String::new();
    for line in seed_text().lines() {
        text.push_str(line);
        text.push('\n');
        for (number, deadline) in deadlines {
            if line.starts_with(&format!("{number}.")) {
                text.push_str(&format!("完成时限：{deadline}\n"));
            }
        }
    }
    text
}

/// The seed written with full-width brackets and colons, 、-separated numbering,
/// paragraph indents — the way many plans of the family are typeset.
pub fn seed_fullwidth() -> String {
    seed_text()
        .lines()
        .map(|line| {
            let line = line.replace('(', "（").replace(')', "）").replace(':', "：").replace(',', "，");
            // 1.加强 → 1、加强 (only at the start of a measure line).
            let digits = line.chars().take_while(char::is_ascii_digit).count();
            let line = if digits > 0 && line[digits..].starts_with('.') {
                format!("{}、{}", &line[..digits], &line[digits + 1..])
            } else {
                line
            };
            if line.is_empty() { line } else { format!("　　{line}") }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Runs the release or debug binary built for the tests, never with the user's config
/// file: the config folder is an empty one of the tests' own.
pub fn planview() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_planview"));
    command.env("XDG_CONFIG_HOME", no_config_home()).env_remove("PLANVIEW_CONFIG");
    // Nor with the user's parse cache: one of the tests' own.
    command.env("XDG_CACHE_HOME", cache_home()).env("PLANVIEW_CACHE", cache_home().join("planview"));
    // The English interface, whatever the machine's locale; Chinese tests pass --lang zh or
    // their own LC_ALL.
    command.env("LC_ALL", "en_US.UTF-8");
    command
}

/// A folder of the tests' own, for `XDG_CACHE_HOME`.
pub fn cache_home() -> PathBuf {
    static HOME: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    HOME.get_or_init(|| tempfile::tempdir().expect("a temporary folder")).path().to_path_buf()
}

/// An empty folder, for `XDG_CONFIG_HOME`.
pub fn no_config_home() -> PathBuf {
    static HOME: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    HOME.get_or_init(|| tempfile::tempdir().expect("a temporary folder")).path().to_path_buf()
}

/// xorshift64*: small, fast and the same everywhere, which is all a randomized test needs
/// (a failure names its seed, and the seed makes it again).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}
