//! The JSON planview writes, in one place: `export --format json`, `search --json` and
//! `units --json` serialize these types and nothing else.
//!
//! Every object's fields are in alphabetical order, the order the output has always had;
//! a field added here must keep to it.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::Arc;

use serde::Serialize;

use crate::library::{Library, UnitStats};
use crate::plan::{Deadline, Measure, Role, UnitKind, UnitRef, Warning};

/// What `export --format json` writes: one plan's object (null if the selection leaves
/// nothing of it), or an array of the plans for several.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum PlansJson<'a> {
    One(Option<Box<PlanJson<'a>>>),
    Several(Vec<PlanJson<'a>>),
}

/// A plan: what `export --format json` writes for each.
#[derive(Debug, Serialize)]
pub struct PlanJson<'a> {
    /// The date the plan was adopted (ISO 8601).
    pub adopted: Option<&'a str>,
    /// The task tables of attachments.
    pub attachments: Vec<AttachmentJson<'a>>,
    /// The chapters of the body.
    pub chapters: Vec<ChapterJson<'a>>,
    /// The paragraphs after the last measure, a line each.
    pub closing: String,
    /// The date shown for the plan: issued if known, else adopted.
    pub date: Option<&'a str>,
    /// The document number (文号).
    pub doc_number: Option<&'a str>,
    /// The key under which its marks are kept: the 文号, else a hash of the title.
    pub id: &'a str,
    /// The date the plan was issued (ISO 8601).
    pub issued: Option<&'a str>,
    pub issuer: Option<&'a str>,
    /// The paragraphs before the body, a line each.
    pub preamble: String,
    pub title: &'a str,
    pub warnings: Vec<WarningJson<'a>>,
}

/// A chapter of a plan's body.
#[derive(Debug, Serialize)]
pub struct ChapterJson<'a> {
    /// The measures directly under the chapter, before its sections.
    pub measures: Vec<MeasureJson<'a>>,
    pub number: u32,
    pub sections: Vec<SectionJson<'a>>,
    /// Its paragraphs that are not measures, a line each.
    pub text: String,
    pub title: &'a str,
}

/// A section of a chapter.
#[derive(Debug, Serialize)]
pub struct SectionJson<'a> {
    pub measures: Vec<MeasureJson<'a>>,
    pub number: u32,
    /// Its paragraphs that are not measures, a line each.
    pub text: String,
    pub title: &'a str,
}

/// An attachment's task table.
#[derive(Debug, Serialize)]
pub struct AttachmentJson<'a> {
    pub measures: Vec<MeasureJson<'a>>,
    pub number: u32,
    pub title: &'a str,
}

/// Something odd the parser noticed, with the line it concerns.
#[derive(Debug, Serialize)]
pub struct WarningJson<'a> {
    pub line: usize,
    pub message: &'a str,
}

impl<'a> From<&'a Warning> for WarningJson<'a> {
    fn from(w: &'a Warning) -> Self {
        WarningJson { line: w.line, message: &w.message }
    }
}

/// A measure: what `export --format json` writes in its chapters and `search --json` for
/// each hit. Borrowed from the plan, or owned ([`MeasureJson::into_owned`]) to outlive it.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureJson<'a> {
    pub body: Cow<'a, str>,
    /// With marks: days from the day counted from (today, or `--today`) to the deadline's
    /// date, negative when overdue; left out where the deadline has no date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_left: Option<i64>,
    pub deadline: Option<DeadlineJson<'a>>,
    /// With marks: whether the measure is done (已办结).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub done: Option<bool>,
    /// With marks: whether the measure is flagged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flagged: Option<bool>,
    /// For a row of a task table: its group.
    pub group: Option<Cow<'a, str>>,
    /// Unique in its plan (the number where the plan numbers its tasks without a repeat,
    /// else a path such as `五.(三).2`).
    pub id: Cow<'a, str>,
    /// With marks: the note on the measure, empty if none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The number as printed; null for an unnumbered task.
    pub number: Option<u32>,
    /// With marks: whether the measure has been read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read: Option<bool>,
    /// In one unit's duty list: that unit's role in the measure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    pub title: Cow<'a, str>,
    pub units: Vec<UnitJson>,
}

impl<'a> From<&'a Measure> for MeasureJson<'a> {
    fn from(m: &'a Measure) -> Self {
        MeasureJson {
            body: Cow::Borrowed(m.body()),
            days_left: None,
            deadline: m.deadline.as_ref().map(DeadlineJson::from),
            done: None,
            flagged: None,
            group: m.group.as_deref().map(Cow::Borrowed),
            id: Cow::Borrowed(&m.id),
            note: None,
            number: m.number,
            read: None,
            role: None,
            title: Cow::Borrowed(m.title()),
            units: m.units().iter().map(UnitJson::from).collect(),
        }
    }
}

impl MeasureJson<'_> {
    /// The measure with the marks' fields set (all three, or none without marks).
    pub fn with_marks(self, marks: Option<MarkFields>) -> Self {
        match marks {
            Some(MarkFields { read, flagged, done, note, days_left }) => MeasureJson {
                read: Some(read),
                flagged: Some(flagged),
                done: Some(done),
                note: Some(note),
                days_left,
                ..self
            },
            None => self,
        }
    }

    /// The measure owning its text, so that it outlives the plan it was read from.
    pub fn into_owned(self) -> MeasureJson<'static> {
        let owned = |text: Cow<'_, str>| Cow::Owned(text.into_owned());
        MeasureJson {
            body: owned(self.body),
            days_left: self.days_left,
            deadline: self.deadline.map(|d| DeadlineJson { date: d.date, text: owned(d.text) }),
            done: self.done,
            flagged: self.flagged,
            group: self.group.map(owned),
            id: owned(self.id),
            note: self.note,
            number: self.number,
            read: self.read,
            role: self.role,
            title: owned(self.title),
            units: self.units,
        }
    }
}

/// The marks of a measure, as export adds them to its JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MarkFields {
    pub read: bool,
    pub flagged: bool,
    pub done: bool,
    /// Days left to the deadline's date (negative: overdue), where it has one.
    pub days_left: Option<i64>,
    /// Empty if there is no note.
    pub note: String,
}

/// A measure's deadline.
#[derive(Debug, Clone, Serialize)]
pub struct DeadlineJson<'a> {
    /// The last day the text allows (ISO 8601); null for an ongoing form or one without a
    /// date.
    pub date: Option<String>,
    /// As written.
    pub text: Cow<'a, str>,
}

impl<'a> From<&'a Deadline> for DeadlineJson<'a> {
    fn from(d: &'a Deadline) -> Self {
        DeadlineJson { date: d.date.map(|date| date.to_string()), text: Cow::Borrowed(&d.text) }
    }
}

/// A unit of a measure.
#[derive(Debug, Clone, Serialize)]
pub struct UnitJson {
    pub kind: UnitKind,
    pub lead: bool,
    /// The canonical name (县人民法院).
    pub name: Arc<str>,
    /// As the document writes it (县法院).
    pub raw: Arc<str>,
    pub role: Role,
}

impl From<&UnitRef> for UnitJson {
    fn from(u: &UnitRef) -> Self {
        UnitJson { kind: u.kind, lead: u.is_lead(), name: Arc::clone(&u.name), raw: Arc::clone(&u.raw), role: u.role }
    }
}

/// A matching measure: what `search --json` writes for each: its plan, where it stands,
/// where the query matched, then the measure as `export` writes it.
#[derive(Debug, Serialize)]
pub struct HitJson<'a> {
    pub plan: &'a str,
    pub path: &'a PathJson,
    pub snippets: &'a [SnippetJson],
    #[serde(flatten)]
    pub measure: &'a MeasureJson<'static>,
}

/// Where a measure stands in its plan: the chapter's heading (`二、维护宪法法律权威`, or an
/// attachment's title) and the section's (`(一)落实宪法法律实施和监督制度`), null when the
/// measure is in no section.
#[derive(Debug, Clone, Serialize)]
pub struct PathJson {
    pub chapter: String,
    pub section: Option<String>,
}

/// A piece of one field of a matching measure and where the query matched in it.
#[derive(Debug, Clone, Serialize)]
pub struct SnippetJson {
    /// `title`, `body` or `units` (the units as the document writes them, joined with 、).
    pub field: &'static str,
    /// The matches, as offsets in characters (Unicode scalar values) into `text`.
    pub hits: Vec<HitRange>,
    /// The field, or for a long body the part of it around its first match.
    pub text: String,
}

/// A match in a snippet: characters `start..end` of its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HitRange {
    pub end: usize,
    pub start: usize,
}

/// A measure that is due: what `planview due --json` writes for each.
#[derive(Debug, Serialize)]
pub struct DueJson<'a> {
    /// Days from the day counted from to the deadline's date, negative when overdue; null
    /// for a deadline without a date (长期坚持).
    pub days_left: Option<i64>,
    pub deadline: DeadlineJson<'a>,
    pub id: &'a str,
    /// The lead units' canonical names.
    pub lead: Vec<&'a str>,
    pub marks: DueMarksJson<'a>,
    pub number: Option<u32>,
    pub plan: &'a str,
    pub title: &'a str,
    pub units: Vec<UnitJson>,
}

/// A due measure's marks.
#[derive(Debug, Serialize)]
pub struct DueMarksJson<'a> {
    pub done: bool,
    pub flagged: bool,
    pub note: &'a str,
    pub read: bool,
}

/// A plan's number of matching measures: what `search --count --json` writes for each.
#[derive(Debug, Serialize)]
pub struct CountJson<'a> {
    pub plan: &'a str,
    pub measures: usize,
}

/// A unit with its measures: what `units --json` writes for each.
#[derive(Debug, Serialize)]
pub struct UnitStatsJson<'a> {
    pub kind: UnitKind,
    /// How many measures it leads.
    pub lead: usize,
    pub measures: Vec<UnitMeasureJson<'a>>,
    pub name: &'a str,
    /// Every spelling seen in the documents (the canonical name and its aliases).
    pub spellings: &'a BTreeSet<String>,
    /// How many measures it takes part in, any role.
    pub total: usize,
}

/// One of a unit's measures, and the unit's role in it.
#[derive(Debug, Serialize)]
pub struct UnitMeasureJson<'a> {
    pub id: &'a str,
    pub number: Option<u32>,
    pub plan: &'a str,
    pub role: Role,
}

impl<'a> UnitStatsJson<'a> {
    /// A unit of `library`'s index, its measures named by plan and id.
    pub fn new(unit: &'a UnitStats, library: &'a Library) -> Self {
        let measures = unit
            .measures
            .iter()
            .map(|&(id, role)| {
                let m = library.measure(id);
                UnitMeasureJson { id: &m.id, number: m.number, plan: &library.plan(id.plan).id, role }
            })
            .collect();
        UnitStatsJson {
            kind: unit.kind,
            lead: unit.lead,
            measures,
            name: &unit.name,
            spellings: &unit.spellings,
            total: unit.total,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::fmt;

    use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

    use crate::export::{MeasureExtras, Selection, json};
    use crate::library::{Library, MeasureId, UnitIndex};
    use crate::plan::load_embedded;

    use super::*;

    /// A JSON value whose every object has its keys in ascending order (anything else fails
    /// to deserialize).
    struct Sorted;

    impl<'de> Deserialize<'de> for Sorted {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_any(SortedVisitor)
        }
    }

    struct SortedVisitor;

    impl<'de> Visitor<'de> for SortedVisitor {
        type Value = Sorted;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("JSON with sorted keys")
        }
        fn visit_bool<E>(self, _: bool) -> Result<Sorted, E> {
            Ok(Sorted)
        }
        fn visit_u64<E>(self, _: u64) -> Result<Sorted, E> {
            Ok(Sorted)
        }
        fn visit_i64<E>(self, _: i64) -> Result<Sorted, E> {
            Ok(Sorted)
        }
        fn visit_str<E>(self, _: &str) -> Result<Sorted, E> {
            Ok(Sorted)
        }
        fn visit_unit<E>(self) -> Result<Sorted, E> {
            Ok(Sorted)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Sorted, A::Error> {
            while seq.next_element::<Sorted>()?.is_some() {}
            Ok(Sorted)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Sorted, A::Error> {
            let mut last: Option<String> = None;
            while let Some(key) = map.next_key::<String>()? {
                if last.as_ref().is_some_and(|last| *last >= key) {
                    return Err(de::Error::custom(format!("{key} after {}", last.unwrap_or_default())));
                }
                map.next_value::<Sorted>()?;
                last = Some(key);
            }
            Ok(Sorted)
        }
    }

    struct Marked;

    impl MeasureExtras for Marked {
        fn json(&self, id: MeasureId) -> Option<MarkFields> {
            Some(MarkFields {
                read: id.index.is_multiple_of(2),
                flagged: true,
                done: false,
                note: "备注".into(),
                days_left: Some(-3),
            })
        }
        fn columns(&self) -> Vec<&'static str> {
            Vec::new()
        }
        fn values(&self, _: MeasureId) -> Vec<String> {
            Vec::new()
        }
    }

    #[test]
    fn every_object_has_its_fields_in_alphabetical_order() {
        let library = Library::from_plans(vec![load_embedded()], Vec::new());
        let index = UnitIndex::build(&library);
        let unit = index.lookup("县法院").ok();
        assert!(unit.is_some());
        let selection = Selection { unit, ..Selection::default() };
        let exported = serde_json::to_string(&json(&library, &selection, &Marked)).unwrap();
        assert!(exported.contains(r#""flagged":true"#) && exported.contains(r#""role":"partner""#), "{exported}");
        serde_json::from_str::<Sorted>(&exported).unwrap();
        let units: Vec<UnitStatsJson<'_>> = index.units.iter().map(|u| UnitStatsJson::new(u, &library)).collect();
        serde_json::from_str::<Sorted>(&serde_json::to_string(&units).unwrap()).unwrap();
        // A search hit: its plan, then the measure's fields.
        let measure = MeasureJson::from(&library.plan(0).measures[0]).into_owned();
        serde_json::from_str::<Sorted>(&serde_json::to_string(&measure).unwrap()).unwrap();
        let path = PathJson { chapter: "一、总体要求".into(), section: None };
        let snippets = [SnippetJson { field: "title", hits: vec![HitRange { start: 0, end: 1 }], text: "宪".into() }];
        let hit = serde_json::to_string(&HitJson { plan: "p", path: &path, snippets: &snippets, measure: &measure });
        let hit = hit.unwrap();
        assert!(hit.starts_with(r#"{"plan":"p","path":{"chapter":"#), "{hit}");
        assert!(
            hit.contains(r#""snippets":[{"field":"title","hits":[{"end":1,"start":0}],"text":"宪"}],"body":"#),
            "{hit}"
        );
        // The unsorted is refused.
        assert!(serde_json::from_str::<Sorted>(r#"{"b": 1, "a": 2}"#).is_err());
    }
}
