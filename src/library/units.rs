//! Units across a library: each unit with the measures it takes part in and leads.

use std::collections::BTreeSet;

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use serde::Serialize;

use crate::plan::{Role, UnitKind};
use crate::search::Query;
use crate::search::index::term_ranges;
use crate::search::query::fold_str;

use super::{Library, MeasureId};

/// One unit's share of the work.
#[derive(Debug, Clone, Serialize)]
pub struct UnitStats {
    pub name: String,
    pub kind: UnitKind,
    /// Measures it takes part in, any role.
    pub total: usize,
    /// Measures it leads.
    pub lead: usize,
    /// Every spelling seen in the documents (the canonical name and its aliases).
    pub spellings: BTreeSet<String>,
    #[serde(skip)]
    pub measures: Vec<(MeasureId, Role)>,
}

impl UnitStats {
    pub fn role_in(&self, id: MeasureId) -> Option<Role> {
        self.measures.binary_search_by_key(&id, |(m, _)| *m).ok().map(|i| self.measures[i].1)
    }

    /// Whether every term of a query matches the unit's name or one of its spellings
    /// (Chinese substrings, or pinyin: `sfj` → 县司法局).
    pub fn matches(&self, query: &Query) -> bool {
        self.rank(query).is_some()
    }

    /// How well a query matches, for ordering a list of matches (lower is better), or None
    /// when it does not: every term must match; the unit ranks as its worst term.
    pub fn rank(&self, query: &Query) -> Option<MatchRank> {
        // Runs for every unit on each keystroke in the picker: each name is folded once and
        // matched as pinyin once per term.
        let names: Vec<&String> = std::iter::once(&self.name).chain(self.spellings.iter()).collect();
        let folded: Vec<String> = names.iter().map(|n| fold_str(n)).collect();
        let mut worst = MatchRank::Exact;
        for term in &query.terms {
            let rank = if folded.contains(&term.text) {
                MatchRank::Exact
            } else if folded.iter().any(|f| f.contains(&term.text)) {
                MatchRank::Literal
            } else {
                let mut best = None;
                for name in &names {
                    match term_ranges(term, name).first() {
                        Some(r) if *r == (0..name.len()) => best = Some(MatchRank::PinyinWhole),
                        Some(_) => best = best.or(Some(MatchRank::Pinyin)),
                        None => {}
                    }
                }
                best?
            };
            worst = worst.max(rank);
        }
        Some(worst)
    }
}

/// How a query matched a unit: the whole name, a part of it as written, the whole name as
/// pinyin (`xsfj` → 县司法局), a part as pinyin. A list of matches shows them in this order,
/// so what was typed in Chinese comes before what only sounds like it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchRank {
    Exact,
    Literal,
    PinyinWhole,
    Pinyin,
}

/// All units of a library, most measures first.
#[derive(Debug, Clone, Default)]
pub struct UnitIndex {
    pub units: Vec<UnitStats>,
    by_name: HashMap<String, usize>,
}

impl UnitIndex {
    pub fn build(library: &Library) -> Self {
        // Each measure's units are read from its annotations on first use: on every core.
        crate::plan::read_units(&library.plan_refs());
        let mut by_name: HashMap<Arc<str>, usize> = HashMap::default();
        // Units are shared: most references are to a unit already seen, found by address.
        let mut by_address: HashMap<*const crate::plan::Unit, usize> = HashMap::default();
        let mut units: Vec<UnitStats> = Vec::new();
        for (p, loaded) in library.plans.iter().enumerate() {
            for (m, measure) in loaded.plan.measures.iter().enumerate() {
                let id = MeasureId { plan: p as u32, index: m as u32 };
                for unit in measure.units() {
                    let i = *by_address.entry(Arc::as_ptr(&unit.unit)).or_insert_with(|| {
                        let i = *by_name.entry(Arc::clone(&unit.name)).or_insert_with(|| {
                            units.push(UnitStats {
                                name: unit.name.to_string(),
                                kind: unit.kind,
                                total: 0,
                                lead: 0,
                                spellings: BTreeSet::new(),
                                measures: Vec::new(),
                            });
                            units.len() - 1
                        });
                        // A group's raw text is the phrase it came from (县司法局等相关单位),
                        // not a spelling of the group.
                        let spellings = &mut units[i].spellings;
                        for spelling in [&unit.name, &unit.raw] {
                            if (spelling == &unit.name || unit.kind == UnitKind::Office)
                                && !spellings.contains(&**spelling)
                            {
                                spellings.insert(spelling.to_string());
                            }
                        }
                        i
                    });
                    let stats = &mut units[i];
                    stats.total += 1;
                    stats.lead += usize::from(unit.is_lead());
                    stats.measures.push((id, unit.role));
                }
            }
        }
        units.sort_by(|a, b| b.total.cmp(&a.total).then(b.lead.cmp(&a.lead)).then_with(|| a.name.cmp(&b.name)));
        let by_name = units.iter().enumerate().map(|(i, u)| (u.name.clone(), i)).collect();
        UnitIndex { units, by_name }
    }

    pub fn get(&self, name: &str) -> Option<&UnitStats> {
        self.by_name.get(name).map(|&i| &self.units[i])
    }

    /// Finds a unit by a name the user typed: the exact canonical name or spelling, else the
    /// unique unit whose name contains it, else the unique unit it matches as pinyin (`sfj`
    /// → 县司法局); offices are preferred over groups. Err: the candidates (none, or several).
    pub fn lookup(&self, typed: &str) -> Result<&UnitStats, Vec<&UnitStats>> {
        let typed = typed.trim();
        let canonical = crate::plan::unit::canonical(typed);
        if let Some(unit) = self.get(&canonical) {
            return Ok(unit);
        }
        if let Some(unit) = self.units.iter().find(|u| u.spellings.contains(typed)) {
            return Ok(unit);
        }
        let mut matches: Vec<&UnitStats> = self.units.iter().filter(|u| u.name.contains(typed)).collect();
        if matches.is_empty() {
            // Pinyin initials or syllables (sfj, sifa), as the unit picker reads them.
            let query = Query::parse(typed);
            if !query.is_empty() {
                matches = self.units.iter().filter(|u| u.matches(&query)).collect();
            }
        }
        let offices: Vec<&UnitStats> = matches.iter().copied().filter(|u| u.kind == UnitKind::Office).collect();
        match (offices.as_slice(), matches.as_slice()) {
            ([one], _) | ([], [one]) => Ok(one),
            _ => Err(matches),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranks(index: &UnitIndex, typed: &str) -> Vec<(MatchRank, String)> {
        let query = Query::parse(typed);
        let mut ranked: Vec<(MatchRank, String)> =
            index.units.iter().filter_map(|u| u.rank(&query).map(|r| (r, u.name.clone()))).collect();
        ranked.sort_by_key(|(r, _)| *r);
        ranked
    }

    #[test]
    fn what_was_typed_ranks_before_what_only_sounds_like_it() {
        let library = Library::open(&[]);
        let index = UnitIndex::build(&library);
        assert_eq!(ranks(&index, "县司法局")[0], (MatchRank::Exact, "县司法局".to_string()));
        let legal = ranks(&index, "司法");
        assert!(legal.iter().all(|(r, n)| *r == MatchRank::Literal && n.contains("司法")), "{legal:?}");
        // xsfj is the whole of 县司法局; sfj only a part of it.
        assert_eq!(ranks(&index, "xsfj")[0], (MatchRank::PinyinWhole, "县司法局".to_string()));
        assert!(ranks(&index, "sfj").iter().any(|(r, n)| *r == MatchRank::Pinyin && n == "县司法局"));
        // Every term must match; the unit ranks as its worst term.
        assert_eq!(ranks(&index, "县司法局 sfj")[0].0, MatchRank::Pinyin);
        assert!(ranks(&index, "县司法局 zzzz").is_empty());
    }
}
