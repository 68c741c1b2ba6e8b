//! Units across a library: each unit with the measures it takes part in and leads.

use std::collections::BTreeSet;

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use serde::Serialize;

use crate::plan::{Role, UnitKind};
use crate::search::{Query, term_matches_text};

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
        query.terms.iter().all(|term| {
            term_matches_text(term, &self.name) || self.spellings.iter().any(|s| term_matches_text(term, s))
        })
    }
}

/// All units of a library, most measures first.
#[derive(Debug, Clone, Default)]
pub struct UnitIndex {
    pub units: Vec<UnitStats>,
    by_name: HashMap<String, usize>,
}

impl UnitIndex {
    pub fn build(library: &Library) -> Self {
        let mut by_name: HashMap<Arc<str>, usize> = HashMap::default();
        let mut units: Vec<UnitStats> = Vec::new();
        for (p, loaded) in library.plans.iter().enumerate() {
            for (m, measure) in loaded.plan.measures.iter().enumerate() {
                let id = MeasureId { plan: p as u32, index: m as u32 };
                for unit in measure.units() {
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
                    let stats = &mut units[i];
                    stats.total += 1;
                    stats.lead += usize::from(unit.is_lead());
                    // A group's raw text is the phrase it came from (县司法局等相关单位), not a
                    // spelling of the group.
                    for spelling in [&unit.name, &unit.raw] {
                        if (spelling == &unit.name || unit.kind == UnitKind::Office)
                            && !stats.spellings.contains(&**spelling)
                        {
                            stats.spellings.insert(spelling.to_string());
                        }
                    }
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
