//! The marks file format:
//! `{"version": 1, "plans": {"<plan id>": {"<measure id>": {"read", "flagged", "note",
//! "done", "updated"}}}}` (`done` only where it is set). Fields this build does not know are kept as they are.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The format version this build reads and writes.
pub const FORMAT_VERSION: u64 = 1;

/// One measure's marks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Mark {
    #[serde(default)]
    pub read: bool,
    #[serde(default)]
    pub flagged: bool,
    #[serde(default)]
    pub note: String,
    /// Done (已办结). Written only when set: a file without done marks is what earlier
    /// versions wrote, and one with them is still theirs to read (they keep the field, as
    /// every field they do not know, in `other`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub done: bool,
    /// When this measure's marks last changed (RFC 3339).
    #[serde(default)]
    pub updated: String,
    /// Fields written by a later planview, kept unchanged.
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

impl Mark {
    /// Whether the mark carries anything (an unmarked measure keeps its entry so the change
    /// can win a merge).
    pub fn is_set(&self) -> bool {
        self.read || self.flagged || self.done || !self.note.is_empty()
    }

    /// The `updated` time; unparsable or missing times count as oldest.
    pub fn time(&self) -> Timestamp {
        self.updated.parse().unwrap_or(Timestamp::MIN)
    }
}

/// The whole file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarksFile {
    pub version: u64,
    #[serde(default)]
    pub plans: BTreeMap<String, BTreeMap<String, Mark>>,
    /// How the browser was left (the tree's width); a planview without it keeps it as an
    /// unknown field.
    #[serde(default, skip_serializing_if = "UiState::is_empty")]
    pub ui: UiState,
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

impl Default for MarksFile {
    fn default() -> Self {
        MarksFile { version: FORMAT_VERSION, plans: BTreeMap::new(), ui: UiState::default(), other: BTreeMap::new() }
    }
}

/// What the browser remembers between runs: `"ui": {"tree_width": 45}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct UiState {
    /// The tree pane's share of the width in percent (10–90), set with `<` and `>`. A value
    /// out of range or of another type is dropped, never a reason to refuse the file.
    #[serde(default, deserialize_with = "percent_or_none", skip_serializing_if = "Option::is_none")]
    pub tree_width: Option<u8>,
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

impl UiState {
    pub fn is_empty(&self) -> bool {
        self.tree_width.is_none() && self.other.is_empty()
    }
}

fn percent_or_none<'de, D: serde::Deserializer<'de>>(from: D) -> Result<Option<u8>, D::Error> {
    let value = Option::<Value>::deserialize(from)?;
    Ok(value.and_then(|v| v.as_u64()).filter(|p| (10..=90).contains(p)).map(|p| p as u8))
}

/// What reading a file's bytes gave.
#[derive(Debug)]
pub enum Parsed {
    Ok(MarksFile),
    /// A version this build does not know; the file must not be written.
    Newer(u64),
    /// A version field that is not one planview ever wrote (`0`, `2.0`, `"1"`, a number
    /// past any version): someone else's file, or ours edited; it must not be written.
    Unknown(String),
    Corrupt(String),
}

/// What is wrong with the JSON: serde_json's words in English; in Chinese the kind of
/// problem and where it is.
fn json_problem(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    if crate::i18n::language() != crate::i18n::Lang::Zh {
        return e.to_string();
    }
    let (line, column) = (e.line().to_string(), e.column().to_string());
    match e.classify() {
        Category::Eof => crate::tr!("error-marks-json-cut", line = line, column = column),
        Category::Data => crate::tr!("error-marks-json-shape", line = line, column = column),
        Category::Syntax | Category::Io => crate::tr!("error-marks-json-syntax", line = line, column = column),
    }
}

impl MarksFile {
    pub fn parse(bytes: &[u8]) -> Parsed {
        // A UTF-8 BOM (Notepad saves one) is not damage.
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        // Read the version first, so a newer file is never mistaken for a damaged one.
        let value: Value = match serde_json::from_slice(bytes) {
            Ok(v) => v,
            Err(e) => return Parsed::Corrupt(json_problem(&e)),
        };
        match value.get("version") {
            Some(Value::Number(n)) => match n.as_u64() {
                Some(v) if v > FORMAT_VERSION => return Parsed::Newer(v),
                Some(v) if v == FORMAT_VERSION => {}
                _ => return Parsed::Unknown(n.to_string()),
            },
            Some(other) => {
                let shown: String = other.to_string().chars().take(40).collect();
                return Parsed::Unknown(shown);
            }
            None if value.is_object() => return Parsed::Corrupt(crate::tr!("error-marks-no-version")),
            None => return Parsed::Corrupt(crate::tr!("error-marks-not-object")),
        }
        match serde_json::from_value::<MarksFile>(value) {
            Ok(mut file) => {
                // Notes are shown on the terminal and printed by search and export: a file
                // edited by hand (or by anyone else) must not drive the terminal through
                // them, no more than a plan can.
                for mark in file.plans.values_mut().flat_map(BTreeMap::values_mut) {
                    if mark.note.chars().any(|c| c != '\n' && crate::text::safety::is_unsafe(c)) {
                        mark.note = crate::text::safety::sanitize_input(&mark.note);
                    }
                }
                Parsed::Ok(file)
            }
            Err(e) => Parsed::Corrupt(json_problem(&e)),
        }
    }

    pub fn get(&self, plan: &str, measure: &str) -> Option<&Mark> {
        self.plans.get(plan)?.get(measure)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_cannot_drive_the_terminal() {
        let text =
            r#"{"version":1,"plans":{"p":{"3":{"note":"坏\u001b]0;owned\u0007\u001b[2J备\u202e注\n第二行\u009b"}}}}"#;
        let Parsed::Ok(file) = MarksFile::parse(text.as_bytes()) else { panic!("parses") };
        assert_eq!(file.get("p", "3").unwrap().note, "坏备注\n第二行");
    }

    #[test]
    fn round_trip_keeps_unknown_fields() {
        let text = r#"{"version":1,"plans":{"株县发〔2015〕1号":{"12":{"read":true,"flagged":true,"note":"","updated":"2026-11-29T10:00:00Z","colour":"red"}}},"client":"x"}"#;
        let Parsed::Ok(file) = MarksFile::parse(text.as_bytes()) else { panic!("parses") };
        let mark = file.get("株县发〔2015〕1号", "12").unwrap();
        assert!(mark.read && mark.flagged);
        assert_eq!(mark.other["colour"], "red");
        let again = serde_json::to_string(&file).unwrap();
        assert!(again.contains(r#""colour":"red""#) && again.contains(r#""client":"x""#));
    }

    /// A done mark is written only where set, so a file without one is byte for byte what
    /// the previous version wrote; and the previous version (a Mark without `done`, keeping
    /// what it does not know in `other`) reads a file with one and writes it back intact.
    #[test]
    fn done_marks_and_the_previous_version() {
        #[derive(Serialize, Deserialize)]
        struct PreviousMark {
            #[serde(default)]
            read: bool,
            #[serde(default)]
            flagged: bool,
            #[serde(default)]
            note: String,
            #[serde(default)]
            updated: String,
            #[serde(flatten)]
            other: BTreeMap<String, Value>,
        }
        let mark = Mark { read: true, ..Mark::default() };
        assert!(!serde_json::to_string(&mark).unwrap().contains("done"));
        let mark = Mark { done: true, ..Mark::default() };
        let written = serde_json::to_string(&mark).unwrap();
        assert!(mark.is_set() && written.contains(r#""done":true"#), "{written}");
        let previous: PreviousMark = serde_json::from_str(&written).unwrap();
        assert_eq!(previous.other.get("done"), Some(&Value::Bool(true)));
        let rewritten = serde_json::to_string(&previous).unwrap();
        let back: Mark = serde_json::from_str(&rewritten).unwrap();
        assert!(back.done && back.other.is_empty(), "{rewritten}");
    }

    #[test]
    fn the_tree_width_is_kept_and_a_bad_one_dropped() {
        let Parsed::Ok(file) = MarksFile::parse(br#"{"version":1,"plans":{},"ui":{"tree_width":45,"theme":"x"}}"#)
        else {
            panic!("read")
        };
        assert_eq!(file.ui.tree_width, Some(45));
        let text = serde_json::to_string(&file).unwrap();
        assert!(text.contains(r#""ui":{"tree_width":45,"theme":"x"}"#), "{text}");
        for bad in ["300", "\"wide\"", "-5", "null", "5"] {
            let text = format!(r#"{{"version":1,"plans":{{}},"ui":{{"tree_width":{bad}}}}}"#);
            let Parsed::Ok(file) = MarksFile::parse(text.as_bytes()) else { panic!("{bad} refused the file") };
            assert_eq!(file.ui.tree_width, None, "{bad}");
        }
        // A file without it is written without it.
        assert!(!serde_json::to_string(&MarksFile::default()).unwrap().contains("ui"));
    }

    #[test]
    fn versions_and_damage() {
        assert!(matches!(MarksFile::parse(br#"{"version":2,"plans":{}}"#), Parsed::Newer(2)));
        for odd in [r#"2.0"#, r#""1""#, "0", "-1", "1e400", "99999999999999999999999"] {
            let text = format!(r#"{{"version":{odd},"plans":{{}}}}"#);
            assert!(matches!(MarksFile::parse(text.as_bytes()), Parsed::Unknown(_) | Parsed::Corrupt(_)), "{odd}");
            assert!(
                !matches!(MarksFile::parse(text.as_bytes()), Parsed::Corrupt(ref r) if r == "no version field"),
                "{odd}"
            );
        }
        let bom = b"\xef\xbb\xbf{\"version\":1,\"plans\":{\"p\":{\"1\":{\"read\":true}}}}";
        let Parsed::Ok(file) = MarksFile::parse(bom) else { panic!("a BOM is not damage") };
        assert!(file.get("p", "1").unwrap().read);
        assert!(matches!(MarksFile::parse(b"{\"version\":1,\"pla"), Parsed::Corrupt(_)));
        assert!(matches!(MarksFile::parse(b"[]"), Parsed::Corrupt(_)));
        assert!(matches!(MarksFile::parse(br#"{"version":1,"plans":{"a":{"1":{"read":"yes"}}}}"#), Parsed::Corrupt(_)));
    }
}
