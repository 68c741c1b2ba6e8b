//! The layers of the code, checked from its `use crate::` / `super::` lines and inline
//! `crate::…` paths, so that they stay as the README (*Code*) draws them:
//!
//! ```text
//!   main, cli, render, term          (entry points: wire everything together)
//!   config                           (the config file, read into the app's settings)
//!   ui                               (drawing: reads the state)
//!   app                              (state and update: never draws)
//!   export, library, marks, search   (the library of plans, marks, the indexes)
//!   layout                           (screen geometry, for app and ui alike)
//!   plan → formats                   (the model and the way from a file to it)
//!   text                             (widths, wrapping, terminal safety, numerals)
//! ```
//!
//! No module under `app` imports `ui`; nothing under `plan` or `text` imports `app`, `ui`,
//! `marks` or `library`; `text` imports nothing above it; and there is no import cycle,
//! neither between the top-level modules nor between the files of one module.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module's path below the crate root: `["plan", "model"]`; the crate root is `[]`.
type ModPath = Vec<String>;

struct Crate {
    /// Every module that is a file, with its source (tests modules cut off).
    files: BTreeMap<ModPath, String>,
}

impl Crate {
    fn read(root: &Path) -> Crate {
        let mut files = BTreeMap::new();
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("src is readable") {
                let path = entry.expect("src is readable").path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let relative = path.strip_prefix(root).expect("under src");
                    if relative == Path::new("main.rs") {
                        continue; // the binary: an entry point that may use everything
                    }
                    let source = std::fs::read_to_string(&path).expect("source is UTF-8");
                    files.insert(mod_path(relative), without_tests(&source));
                }
            }
        }
        Crate { files }
    }

    /// The module a path names: its longest prefix that is a module file.
    fn resolve(&self, path: &[String]) -> ModPath {
        (0..=path.len()).rev().map(|n| path[..n].to_vec()).find(|p| self.files.contains_key(p)).unwrap_or_default()
    }

    /// Which modules each module file imports (itself left out).
    fn imports(&self) -> BTreeMap<ModPath, BTreeSet<ModPath>> {
        let mut out = BTreeMap::new();
        for (module, source) in &self.files {
            let mut set = BTreeSet::new();
            for path in paths(module, source) {
                let target = self.resolve(&path);
                if &target != module && !target.is_empty() {
                    set.insert(target);
                }
            }
            out.insert(module.clone(), set);
        }
        out
    }

    /// Whether a module is a folder (`mod.rs`).
    fn is_dir(&self, module: &ModPath) -> bool {
        self.files.keys().any(|other| other.len() > module.len() && other.starts_with(module))
    }
}

fn mod_path(relative: &Path) -> ModPath {
    let mut parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let last = parts.pop().expect("a file name");
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_string());
    }
    parts
}

/// The source without its unit tests (`#[cfg(test)] mod tests { … }`, at the end by the
/// convention of this code) and without comments.
fn without_tests(source: &str) -> String {
    let code = match source.find("#[cfg(test)]\nmod tests") {
        Some(at) => &source[..at],
        None => source,
    };
    code.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// Every module path a source names through `crate::` or `super::`, expanded from use
/// trees (`use crate::plan::{LoadError, load::Problem}` names `plan::LoadError` and
/// `plan::load::Problem`) and made absolute.
fn paths(module: &[String], source: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes = source.as_bytes();
    let mut at = 0;
    while at < source.len() {
        let rest = &source[at..];
        // `crate::` and `super::` start a path only where no identifier or `::` runs on.
        let joined = at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || matches!(bytes[at - 1], b'_' | b':'));
        let base: Option<(Vec<String>, usize)> = if joined {
            None
        } else if rest.starts_with("crate::") {
            Some((Vec::new(), "crate::".len()))
        } else if rest.starts_with("super::") {
            // The module `super` names: the parent of this file's module (a `mod.rs` is the
            // module of its folder), once per `super::`.
            let mut parent = module.to_vec();
            let mut len = 0;
            while source[at + len..].starts_with("super::") {
                parent.pop();
                len += "super::".len();
            }
            Some((parent, len))
        } else {
            None
        };
        match base {
            Some((prefix, len)) => {
                let (trees, used) = tree(&source[at + len..]);
                for tail in trees {
                    let mut path = prefix.clone();
                    path.extend(tail);
                    out.push(path);
                }
                at += len + used.max(1);
            }
            None => at += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    out
}

/// Parses a use tree (`a::b`, `a::{b, c::d}`, `a::*`) at the start of `s`: the paths it
/// names and how many bytes it took.
fn tree(s: &str) -> (Vec<Vec<String>>, usize) {
    let ident_len = s.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
    if s.starts_with('{') {
        let mut out = Vec::new();
        let mut at = 1;
        loop {
            at += s[at..].len() - s[at..].trim_start().len();
            if s[at..].starts_with('}') || at >= s.len() {
                return (out, at + 1);
            }
            let (inner, used) = tree(&s[at..]);
            out.extend(inner);
            at += used.max(1);
            at += s[at..].len() - s[at..].trim_start().len();
            if s[at..].starts_with(',') {
                at += 1;
            }
        }
    }
    if ident_len == 0 {
        return (vec![Vec::new()], 0);
    }
    let head = s[..ident_len].to_string();
    if s[ident_len..].starts_with("::") {
        let (tails, used) = tree(&s[ident_len + 2..]);
        let out = tails
            .into_iter()
            .map(|tail| {
                let mut path = vec![head.clone()];
                path.extend(tail);
                path
            })
            .collect();
        return (out, ident_len + 2 + used);
    }
    (vec![vec![head]], ident_len)
}

/// A cycle in a graph, if there is one (as the nodes along it).
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_string(), 1);
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next.as_str()).copied().unwrap_or(0) {
                1 => {
                    let from = stack.iter().position(|n| n == next).expect("on the stack");
                    let mut cycle = stack[from..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(cycle) = visit(next, graph, state, stack) {
                        return Some(cycle);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if state.get(node.as_str()).copied().unwrap_or(0) == 0
            && let Some(cycle) = visit(node, graph, &mut state, &mut Vec::new())
        {
            return Some(cycle);
        }
    }
    None
}

fn the_crate() -> Crate {
    Crate::read(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src"))
}

fn name(module: &[String]) -> String {
    module.join("::")
}

#[test]
fn the_checker_reads_use_trees_and_inline_paths() {
    let source = "use crate::plan::{LoadError, load::Problem};\nuse super::{a::X, b};\n\
                  fn f() { crate::text::safety::clean(x); super::super::c::g(); }\n\
                  // crate::ui::draw in a comment is no import\n";
    let module = ["app".to_string(), "state".to_string()];
    let found: Vec<String> = paths(&module, &without_tests(source)).iter().map(|p| p.join("::")).collect();
    assert_eq!(found, ["plan::LoadError", "plan::load::Problem", "app::a::X", "app::b", "text::safety::clean", "c::g"]);
    // On the real code: edges that exist are seen.
    let imports = the_crate().imports();
    let of = |m: &str| imports.get(&m.split("::").map(String::from).collect::<Vec<_>>()).cloned().unwrap_or_default();
    assert!(of("ui::tree").iter().any(|m| name(m) == "app::state"), "ui::tree draws the app's state");
    assert!(of("plan::model").iter().any(|m| name(m) == "plan::units"), "the model parses units lazily");
    assert!(of("plan::load").iter().any(|m| name(m) == "formats"), "loading reads office formats");
}

#[test]
fn lower_layers_never_import_higher_ones() {
    let forbidden: &[(&str, &[&str])] = &[
        ("app", &["ui", "term", "render", "cli", "config"]),
        ("ui", &["term", "render", "cli", "config"]),
        ("config", &["ui", "term", "render", "cli"]),
        ("layout", &["app", "ui"]),
        ("plan", &["app", "ui", "marks", "library", "search", "cli", "render", "term", "export"]),
        ("formats", &["app", "ui", "marks", "library", "search", "cli", "render", "term", "export", "plan"]),
        ("text", &["app", "ui", "marks", "library", "search", "cli", "render", "term", "export", "plan", "formats"]),
        ("marks", &["app", "ui", "library", "cli", "render", "term"]),
        ("library", &["app", "ui", "cli", "render", "term"]),
        ("search", &["app", "ui", "marks", "library", "cli", "render", "term"]),
        // The interface's words sit below everything that prints them.
        (
            "i18n",
            &[
                "app", "ui", "marks", "library", "search", "cli", "render", "term", "export", "plan", "formats",
                "text", "config", "layout",
            ],
        ),
    ];
    let mut broken = Vec::new();
    for (module, imports) in the_crate().imports() {
        let Some(top) = module.first() else { continue };
        for (layer, below_it) in forbidden {
            if top == layer {
                for import in &imports {
                    if below_it.contains(&import[0].as_str()) {
                        broken.push(format!("{} imports {}", name(&module), name(import)));
                    }
                }
            }
        }
    }
    assert!(broken.is_empty(), "layers broken:\n{}", broken.join("\n"));
}

#[test]
fn there_is_no_import_cycle() {
    let imports = the_crate().imports();
    // Between the top-level modules.
    let mut top: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, targets) in &imports {
        let Some(from) = module.first() else { continue };
        for target in targets {
            if &target[0] != from {
                top.entry(from.clone()).or_default().insert(target[0].clone());
            }
        }
    }
    assert_eq!(find_cycle(&top), None, "an import cycle between top-level modules");
    // Between the files of each module (a folder's mod.rs, which only re-exports, left out).
    let the_crate = the_crate();
    let mut files: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, targets) in &imports {
        if the_crate.is_dir(module) {
            continue;
        }
        for target in targets.iter().filter(|t| !the_crate.is_dir(t)) {
            files.entry(name(module)).or_default().insert(name(target));
        }
    }
    assert_eq!(find_cycle(&files), None, "an import cycle between files");
    // The checker does find one where there is one.
    let mut cyclic = files.clone();
    cyclic.entry("text::width".into()).or_default().insert("ui::tree".into());
    assert!(find_cycle(&cyclic).is_some());
}
