//! Searching one plan without building an index, for the `search` command: each plan is
//! read, searched and let go. Reading a measure's units is the costly part of a plan, so
//! unit names are read only where the annotation, as written, could hold a match. The
//! result is the same as the index's (tests check it).

use std::sync::OnceLock;

use crate::plan::Plan;
use crate::plan::unit::alias_table;
use crate::plan::units::any_unit;
use std::ops::Range;

use super::index::{Hay, measures_hay, term_matches_text};
use super::pinyin;
use super::query::{Query, Term, fold_str, needs_folding};

/// Names a unit may have that do not stand in its annotation as written.
const DERIVED_GROUPS: [&str; 2] = ["相关单位", "相关部门"];

/// Positions of the plan's measures that match every term of the query.
pub fn scan_plan(plan: &Plan, query: &Query) -> Vec<usize> {
    if query.is_empty() {
        return (0..plan.measures.len()).collect();
    }
    let hay = measures_hay(plan);
    // Whether the annotations as written need folding (checked once for the plan).
    let written_plain = !needs_folding(plan.annotations());
    let hints: Vec<UnitHints> = query.terms.iter().map(UnitHints::new).collect();
    let mut classes = Vec::new();
    (0..plan.measures.len())
        .filter(|&m| {
            query.terms.iter().zip(&hints).all(|(term, hints)| {
                text_matches(term, &hay, m, &mut classes) || units_match(term, hints, plan, m, written_plain)
            })
        })
        .collect()
}

fn text_matches(term: &Term, hay: &Hay, m: usize, classes: &mut Vec<pinyin::Class>) -> bool {
    let text = hay.of(m);
    if (hay.has_latin() || !term.text.bytes().any(|b| b.is_ascii_lowercase()))
        && term.finder.find(text.as_bytes()).is_some()
    {
        return true;
    }
    match &term.pattern {
        Some(pattern) => {
            classes.clear();
            pinyin::encode(text, classes);
            pattern.is_match(classes)
        }
        None => false,
    }
}

/// Whether `text`, folded, contains the term (folding only when it changes something).
fn contains_folded(text: &str, term: &Term, plain: bool) -> bool {
    if !plain && needs_folding(text) {
        fold_str(text).contains(&term.text)
    } else {
        term.finder.find(text.as_bytes()).is_some()
    }
}

/// What in an annotation as written can make a term match one of its units' names.
struct UnitHints {
    /// Spellings in the alias table whose canonical name holds the term.
    aliases: Vec<&'static str>,
    /// Whether the term is part of a group name made from `X等…`.
    derived: bool,
}

impl UnitHints {
    fn new(term: &Term) -> Self {
        let aliases = alias_table()
            .iter()
            .filter(|(_, canonical)| fold_str(canonical).contains(&term.text))
            .map(|(alias, _)| alias.as_str())
            .collect();
        let derived = DERIVED_GROUPS.iter().any(|g| g.contains(&term.text));
        UnitHints { aliases, derived }
    }
}

fn units_match(term: &Term, hints: &UnitHints, plan: &Plan, m: usize, written_plain: bool) -> bool {
    let measure = &plan.measures[m];
    let written = measure.annotation();
    if written.is_empty() {
        return false;
    }
    // A literal term must stand in the annotation, or reach a name through an alias or a
    // derived group name; a pinyin term is checked on the names themselves.
    if term.pattern.is_none() {
        let possible = contains_folded(written, term, written_plain)
            || hints.aliases.iter().any(|a| written.contains(a))
            || (hints.derived && written.contains('等'));
        if !possible {
            return false;
        }
    }
    // Names from an annotation that needs no folding, or from the alias table, are matched
    // as they are.
    if term.pattern.is_none() && written_plain && canonical_names_plain() {
        return any_unit(written, measure.lead_rule(), |name: &str| term.finder.find(name.as_bytes()).is_some());
    }
    any_unit(written, measure.lead_rule(), |name: &str| term_matches_text(term, name))
}

/// Whether folding leaves every canonical name in the alias table as it is.
fn canonical_names_plain() -> bool {
    static PLAIN: OnceLock<bool> = OnceLock::new();
    *PLAIN.get_or_init(|| alias_table().values().all(|name| !needs_folding(name)))
}

/// Where one measure is in its plan's measure text (as the parse cache holds it): its title
/// and body, one piece of the text as the search index reads it, and its unit annotations
/// as written. Both lie on character boundaries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawMeasure {
    pub text: Range<usize>,
    pub annotation: Range<usize>,
}

/// The units of a plan's measures as the parse cache holds them: each distinct unit as
/// written (its spelling, and the group it was written under), and each measure's as
/// places in that list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawUnits<'a> {
    pub written: Vec<(&'a str, Option<&'a str>)>,
    pub places: Vec<u32>,
    /// Where each measure's places start, plus the end.
    pub starts: Vec<u32>,
}

impl RawUnits<'_> {
    /// How many measures' units these are.
    pub fn measures(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// The places of measure `m`'s units.
    fn of(&self, m: usize) -> impl Iterator<Item = usize> + '_ {
        let range = self.starts[m] as usize..self.starts[m + 1] as usize;
        self.places[range].iter().map(|&p| p as usize)
    }

    /// Whether the unit at `place` matches the term by its name or as written (as
    /// [`crate::plan::units::any_unit`] matches them), remembered in `known`.
    fn matches(&self, place: usize, term: &Term, known: &mut Vec<Option<bool>>) -> bool {
        if known.len() != self.written.len() {
            *known = vec![None; self.written.len()];
        }
        *known[place].get_or_insert_with(|| {
            let (raw, group) = self.written[place];
            let unit = crate::plan::units::unit_written(raw, group);
            term_matches_text(term, &unit.name) || term_matches_text(term, &unit.raw)
        })
    }
}

/// A search of the measures as the parse cache holds them (their text and [`RawMeasure`]s),
/// without making a plan of them: for a query of literal terms (no Latin letters, which may be pinyin) over
/// text that folding leaves as it is, a measure matches where every term stands in its
/// title or body, as [`scan_plan`] finds; an annotation that could name a unit matching a
/// term (it holds the term, an alias of a name holding it, or `等` for a derived group)
/// has the units the parser read from it (kept in the pack) matched.
pub struct QuickScan<'q> {
    query: &'q Query,
    hints: Vec<UnitHints>,
}

impl<'q> QuickScan<'q> {
    /// `None` for a query this cannot answer alone.
    pub fn new(query: &'q Query) -> Option<Self> {
        let literal = |term: &Term| term.pattern.is_none() && !term.text.bytes().any(|b| b.is_ascii_alphabetic());
        if query.is_empty() || !query.terms.iter().all(literal) {
            return None;
        }
        Some(QuickScan { query, hints: query.terms.iter().map(UnitHints::new).collect() })
    }

    /// The positions of the matching measures, as [`scan_plan`] gives them for the plan;
    /// `None` if that needs the plan.
    pub fn positions(&self, text: &str, measures: &[RawMeasure], units: &RawUnits<'_>) -> Option<Vec<usize>> {
        if needs_folding(text) {
            return None;
        }
        // A term that stands nowhere in the plan, not even as an alias, matches nothing.
        let anywhere = |term: &Term, hints: &UnitHints| {
            term.finder.find(text.as_bytes()).is_some()
                || hints.aliases.iter().any(|a| text.contains(a))
                || (hints.derived && text.contains('等'))
        };
        if !self.query.terms.iter().zip(&self.hints).all(|(term, hints)| anywhere(term, hints)) {
            return Some(Vec::new());
        }
        if units.measures() != measures.len() {
            return None;
        }
        // Whether each distinct unit of the plan matches each term, worked out when needed.
        let mut unit_matches: Vec<Vec<Option<bool>>> = vec![Vec::new(); self.query.terms.len()];
        let mut found = Vec::new();
        for (m, measure) in measures.iter().enumerate() {
            let hay = &text[measure.text.clone()];
            let written = &text[measure.annotation.clone()];
            let mut matches = true;
            for (t, (term, hints)) in self.query.terms.iter().zip(&self.hints).enumerate() {
                if term.finder.find(hay.as_bytes()).is_some() {
                    continue;
                }
                let unit_possible = !written.is_empty()
                    && (term.finder.find(written.as_bytes()).is_some()
                        || hints.aliases.iter().any(|a| written.contains(a))
                        || (hints.derived && written.contains('等')));
                // The units the parser read from the annotation, as `scan_plan` matches them.
                if unit_possible && units.of(m).any(|place| units.matches(place, term, &mut unit_matches[t])) {
                    continue;
                }
                matches = false;
                break;
            }
            if matches {
                found.push(m);
            }
        }
        Some(found)
    }
}
