//! The workload overview's state: its rows (offices, then groups such as 相关单位 or
//! 各区政府, each under a heading when both are there), the order (`s`: total, lead, name in
//! pinyin order) and the selection, which only ever rests on a unit.

use crate::library::{UnitIndex, UnitStats};
use crate::plan::UnitKind;

use super::headed;

/// How the units are ordered.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum OverviewSort {
    /// Most measures first (then most led).
    #[default]
    Total,
    /// Most measures led first.
    Lead,
    /// By name, in pinyin order.
    Name,
}

impl OverviewSort {
    pub fn next(self) -> OverviewSort {
        match self {
            OverviewSort::Total => OverviewSort::Lead,
            OverviewSort::Lead => OverviewSort::Name,
            OverviewSort::Name => OverviewSort::Total,
        }
    }
}

/// One row of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// The start of the offices or of the groups, with how many there are.
    Heading(UnitKind, usize),
    /// A unit, by its index in the unit index.
    Unit(usize),
}

#[derive(Debug, Clone, Default)]
pub struct Overview {
    pub rows: Vec<Row>,
    /// The selected row (always a unit, when there is one).
    pub selected: usize,
    pub offset: usize,
    pub sort: OverviewSort,
}

impl Overview {
    pub fn new(units: &UnitIndex) -> Overview {
        let mut overview = Overview::default();
        overview.arrange(units);
        overview
    }

    /// Orders the rows by `sort`, keeping the selected unit selected.
    pub fn arrange(&mut self, units: &UnitIndex) {
        let kept = self.selected_index();
        let mut by_kind: Vec<Vec<usize>> = vec![Vec::new(), Vec::new()];
        for (i, unit) in units.units.iter().enumerate() {
            by_kind[usize::from(unit.kind == UnitKind::Group)].push(i);
        }
        let all = &units.units;
        for list in &mut by_kind {
            // The index is already by total, then lead, then name; the sorts are stable.
            match self.sort {
                OverviewSort::Total => {}
                OverviewSort::Lead => list.sort_by(|&a, &b| all[b].lead.cmp(&all[a].lead)),
                OverviewSort::Name => list.sort_by_cached_key(|&i| crate::search::pinyin::sort_key(&all[i].name)),
            }
        }
        let headed = by_kind.iter().all(|list| !list.is_empty());
        self.rows.clear();
        for (kind, list) in [UnitKind::Office, UnitKind::Group].into_iter().zip(&by_kind) {
            if headed {
                self.rows.push(Row::Heading(kind, list.len()));
            }
            self.rows.extend(list.iter().map(|&i| Row::Unit(i)));
        }
        self.selected = kept
            .and_then(|k| self.rows.iter().position(|r| *r == Row::Unit(k)))
            .or_else(|| self.rows.iter().position(|r| matches!(r, Row::Unit(_))))
            .unwrap_or(0);
    }

    /// The selected unit's index in the unit index.
    pub fn selected_index(&self) -> Option<usize> {
        match self.rows.get(self.selected) {
            Some(Row::Unit(i)) => Some(*i),
            _ => None,
        }
    }

    pub fn selected_unit<'a>(&self, units: &'a UnitIndex) -> Option<&'a UnitStats> {
        self.selected_index().map(|i| &units.units[i])
    }

    /// Moves the selection by `delta` units (headings are passed over), within the list.
    pub fn move_by(&mut self, delta: isize) {
        let units = self.rows.iter().map(|r| matches!(r, Row::Unit(_)));
        self.selected = headed::move_by(units, self.selected, delta);
    }

    /// Keeps the selection inside a list of `height` rows; the heading just above the first
    /// unit of a kind is shown with it.
    pub fn scroll(&mut self, height: usize) {
        let heading_above = self.selected > 0 && matches!(self.rows[self.selected - 1], Row::Heading(..));
        self.offset = headed::offset(self.selected, self.offset, height, heading_above);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::Library;

    #[test]
    fn offices_then_groups_in_the_chosen_order() {
        let library = Library::open(&[]);
        let units = UnitIndex::build(&library);
        let mut overview = Overview::new(&units);
        let name = |row: &Row| match row {
            Row::Unit(i) => units.units[*i].name.clone(),
            Row::Heading(kind, n) => format!("{kind:?} {n}"),
        };
        let groups = units.units.iter().filter(|u| u.kind == UnitKind::Group).count();
        let offices = units.units.len() - groups;
        assert!(groups > 0 && offices > 0, "the seed has both");
        assert_eq!(name(&overview.rows[0]), format!("Office {offices}"));
        assert_eq!(name(&overview.rows[offices + 1]), format!("Group {groups}"));
        assert_eq!(overview.selected, 1, "the selection starts on the first unit");
        assert_eq!(units.units[overview.selected_index().unwrap()].name, "县政府法制办", "most measures first (42)");
        // By lead, the selected unit stays selected; by name, in pinyin order.
        overview.sort = OverviewSort::Lead;
        overview.arrange(&units);
        assert_eq!(overview.selected_unit(&units).unwrap().name, "县政府法制办");
        let leads: Vec<usize> = overview.rows[1..=offices]
            .iter()
            .map(|r| match r {
                Row::Unit(i) => units.units[*i].lead,
                Row::Heading(..) => unreachable!(),
            })
            .collect();
        assert!(leads.windows(2).all(|w| w[0] >= w[1]), "{leads:?}");
        overview.sort = OverviewSort::Name;
        overview.arrange(&units);
        let keys: Vec<String> =
            overview.rows[1..=offices].iter().map(|r| crate::search::pinyin::sort_key(&name(r))).collect();
        assert!(keys.windows(2).all(|w| w[0] <= w[1]));
        // Moving passes over the groups' heading, and stops at the ends.
        overview.selected = offices;
        overview.move_by(1);
        assert_eq!(overview.selected, offices + 2);
        overview.move_by(-1);
        assert_eq!(overview.selected, offices);
        overview.move_by(-10_000);
        assert_eq!(overview.selected, 1);
        overview.move_by(10_000);
        assert_eq!(overview.selected, overview.rows.len() - 1);
    }
}
