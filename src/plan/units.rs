//! The units of a measure: built from its annotations (see [`super::annotation`]) into shared
//! [`Unit`]s — canonical names from the alias table in `assets/unit_aliases.tsv`, generic
//! groups told from offices — each with its role in the measure.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::cell::RefCell;
use std::ops::ControlFlow;
use std::sync::Arc;

use super::annotation::{Written, each_written};
use super::unit::{Unit, UnitKind, UnitRef, alias_table, canonical_ref, is_group_name};

/// The units named in a measure's annotations, one per line of `annotations`. `rule`: the
/// document states that the first listed unit leads.
pub fn parse_units(annotations: &str, rule: bool) -> Box<[UnitRef]> {
    if annotations.is_empty() {
        return Box::default();
    }
    let mut units = Units::default();
    KNOWN.with_borrow_mut(|known| {
        for inner in annotations.split('\n') {
            each_written(inner, rule, |written| {
                let unit = known_unit(known, written.raw, written.group);
                units.push(UnitRef { unit, role: written.role });
                ControlFlow::Continue(())
            });
        }
    });
    units.list.into_boxed_slice()
}

/// The unit a name stands for as written in an annotation (`group`: the group it was
/// written under, `各乡镇` for 乡镇 names), as [`parse_units`] makes it.
pub(crate) fn unit_written(raw: &str, group: Option<&str>) -> Arc<Unit> {
    KNOWN.with_borrow_mut(|known| known_unit(known, raw, group))
}

/// How a unit of [`parse_units`] was written, for [`unit_written`] to make it again: the
/// group it was written under, if any; `None` if it cannot be made again so.
pub(crate) fn written_as(unit: &Unit) -> Option<Option<&str>> {
    if *unit_written(&unit.raw, None) == *unit {
        Some(None)
    } else if *unit_written(&unit.raw, Some(&unit.name)) == *unit {
        Some(Some(&unit.name))
    } else {
        None
    }
}

/// Reads the units of every measure of these plans now, on every core (each measure reads
/// its own on first use otherwise, one after another: for a library's indexes, seconds).
pub fn read_units(plans: &[&super::Plan]) {
    use rayon::prelude::*;
    plans.par_iter().for_each(|plan| {
        for measure in &plan.measures {
            measure.units();
        }
    });
}

/// Units in order, each once (a unit named again keeps its first role). A set keeps this
/// linear for annotations of thousands of units.
#[derive(Default)]
struct Units {
    list: Vec<UnitRef>,
    seen: HashMap<Arc<str>, usize>,
}

impl Units {
    fn push(&mut self, unit: UnitRef) {
        // Few units: a scan is faster than hashing.
        let existing = if self.list.len() < 16 {
            self.list.iter().position(|u| Arc::ptr_eq(&u.name, &unit.name) || u.name == unit.name)
        } else {
            if self.seen.len() != self.list.len() {
                self.seen = self.list.iter().enumerate().map(|(i, u)| (Arc::clone(&u.name), i)).collect();
            }
            self.seen.get(&unit.name).copied()
        };
        match existing {
            Some(_) => {}
            None => {
                if self.list.len() >= 16 {
                    self.seen.insert(Arc::clone(&unit.name), self.list.len());
                }
                self.list.push(unit);
            }
        }
    }
}

/// Whether a unit of a measure's annotations satisfies `matches` by its name or by the text
/// it is written as, taking the units as [`parse_units`] gives them (a unit named twice
/// counts once, as first written) but without building them: it stops at the first match.
pub(crate) fn any_unit(annotations: &str, rule: bool, mut matches: impl FnMut(&str) -> bool) -> bool {
    let mut names: Vec<&str> = Vec::with_capacity(16);
    let mut names_set: HashSet<&str> = HashSet::default();
    for inner in annotations.split('\n') {
        let found = each_written(inner, rule, |written: Written<'_>| {
            let name = written.group.unwrap_or_else(|| canonical_ref(written.raw));
            let seen = if names.len() < 16 {
                names.contains(&name)
            } else {
                if names_set.is_empty() {
                    names_set.extend(names.iter().copied());
                }
                !names_set.insert(name)
            };
            if seen {
                return ControlFlow::Continue(());
            }
            names.push(name);
            if matches(name) || matches(written.raw) { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
        });
        if found == Some(ControlFlow::Break(())) {
            return true;
        }
    }
    false
}

/// Units by spelling, and the group parts of `X等…` by spelling.
type KnownUnits = (HashMap<Box<str>, Arc<Unit>>, HashMap<Box<str>, Arc<Unit>>);

/// The shared [`Unit`] for a spelling (or, with `group`, for the group part of a spelling
/// such as 县司法局等相关单位). Worked out once per thread: the same names recur in every
/// measure and every plan.
fn known_unit(known: &mut KnownUnits, raw: &str, group: Option<&str>) -> Arc<Unit> {
    let map = if group.is_some() { &mut known.1 } else { &mut known.0 };
    if let Some(unit) = map.get(raw) {
        return Arc::clone(unit);
    }
    let unit = match group {
        Some(group) => Unit { name: intern(group), raw: intern(raw), kind: UnitKind::Group },
        None => {
            let shared = intern(raw);
            let name = match alias_table().get(raw) {
                Some(canonical) => intern(canonical),
                None => Arc::clone(&shared),
            };
            let kind = if is_group_name(&name) { UnitKind::Group } else { UnitKind::Office };
            Unit { name, raw: shared, kind }
        }
    };
    let unit = Arc::new(unit);
    // Bounded: a hostile library of millions of distinct names does not grow it forever.
    if map.len() < 1 << 16 {
        map.insert(raw.into(), Arc::clone(&unit));
    }
    unit
}

thread_local! {
    /// What each spelling stands for, worked out once per thread: the same names recur in
    /// every measure and every plan.
    static KNOWN: RefCell<KnownUnits> = RefCell::new(Default::default());
}

/// One shared copy of each unit name per thread: plans name the same units over and over.
fn intern(name: &str) -> Arc<str> {
    thread_local! {
        static NAMES: RefCell<HashSet<Arc<str>>> = RefCell::new(HashSet::default());
    }
    NAMES.with_borrow_mut(|names| match names.get(name) {
        Some(shared) => Arc::clone(shared),
        None => {
            let shared: Arc<str> = Arc::from(name);
            if names.len() < 1 << 16 {
                names.insert(Arc::clone(&shared));
            }
            shared
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::unit::Role;

    fn names(units: &[UnitRef]) -> Vec<(&str, Role)> {
        units.iter().map(|u| (&*u.name, u.role)).collect()
    }

    #[test]
    fn seed_form_first_leads_and_instruction_is_not_a_unit() {
        let units = parse_units("责任单位:县人大常委会办公室、县法院、县司法局。排名第一的单位为牵头单位。下同", false);
        assert_eq!(
            names(&units),
            [("县人大常委会办公室", Role::Lead), ("县人民法院", Role::Partner), ("县司法局", Role::Partner)]
        );
        assert_eq!(&*units[1].raw, "县法院");
    }

    #[test]
    fn explicit_lead_and_partner_fields() {
        let units = parse_units("牵头单位：市司法局、市法院，配合单位：市公安局、市财政局，各区、县级市", false);
        assert_eq!(
            names(&units),
            [
                ("市司法局", Role::Lead),
                ("市法院", Role::Lead),
                ("市公安局", Role::Partner),
                ("市财政局", Role::Partner),
                ("各区、县级市", Role::Partner)
            ]
        );
        assert_eq!(units[4].kind, UnitKind::Group);
    }

    #[test]
    fn a_unit_named_again_keeps_its_first_role() {
        let units = parse_units("牵头单位:县司法局,责任单位:县公安局、县司法局", false);
        assert_eq!(names(&units), [("县司法局", Role::Lead), ("县公安局", Role::Responsible)]);
    }

    #[test]
    fn several_annotations_are_merged() {
        let units = parse_units("市场监管总局负责\n体育总局、市场监管总局负责", false);
        assert_eq!(names(&units), [("市场监管总局", Role::Lead), ("体育总局", Role::Lead)]);
        let units = parse_units("市场监管总局、工业和信息化部负责\n工业和信息化部指导", false);
        assert_eq!(names(&units), [("市场监管总局", Role::Lead), ("工业和信息化部", Role::Partner)]);
    }

    #[test]
    fn related_units_become_groups() {
        let units = parse_units("责任单位:县委办公室、拆违大队等行政强制执行相关单位", false);
        assert_eq!(
            names(&units),
            [("县委办公室", Role::Lead), ("拆违大队", Role::Partner), ("行政强制执行相关单位", Role::Partner)]
        );
        assert_eq!(units[2].kind, UnitKind::Group);
        assert_eq!(units[1].kind, UnitKind::Office);
        let units = parse_units("责任单位:县司法局等相关单位", false);
        assert_eq!(names(&units), [("县司法局", Role::Lead), ("相关单位", Role::Partner)]);
    }

    #[test]
    fn thousands_of_units_in_one_annotation_take_linear_time() {
        let inner: String =
            std::iter::once("责任单位：".to_string()).chain((0..100_000).map(|i| format!("第{i}单位、"))).collect();
        let start = std::time::Instant::now();
        let units = parse_units(&inner, false);
        assert_eq!(units.len(), 100_000);
        // Generous: quadratic work would take minutes.
        assert!(start.elapsed().as_secs() < 20);
    }

    mod matching_without_building {
        use super::super::*;
        use proptest::prelude::*;

        /// Pieces annotations are made of: units, aliases, a unit named twice, groups,
        /// `X等…`, labels, role words, separators, brackets and the instruction after a stop.
        const PIECES: &[&str] = &[
            "责任单位:",
            "牵头单位：",
            "配合单位:",
            "县法院",
            "县人民法院",
            "县司法局",
            "县公安局",
            "县公安分局",
            "等相关单位",
            "等部门",
            "等",
            "各乡镇、街道",
            "各县(市、区)",
            "、",
            "，",
            ",",
            "；",
            "(",
            ")",
            "（",
            "）",
            "。排名第一的单位为牵头单位",
            ".",
            " ",
            "相关部门",
            "牵头",
            "配合",
            "负责",
            "会同",
            "按职责分工负责",
            "\n",
        ];

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(10_000))]

            /// `any_unit` sees exactly the names and spellings of the units parsing builds.
            #[test]
            fn agrees_with_the_built_units(
                label in 0..3usize,
                parts in proptest::collection::vec(0..PIECES.len(), 1..14),
                term_part in 0..PIECES.len(),
                cut in 0usize..3,
                rule: bool,
            ) {
                let inner: String = std::iter::once(label).chain(parts).map(|i| PIECES[i]).collect();
                let piece = PIECES[term_part];
                let term: String = piece.chars().skip(cut.min(piece.chars().count().saturating_sub(1))).collect();
                prop_assume!(!term.is_empty());
                let built = parse_units(&inner, rule).iter().any(|u| u.name.contains(&term) || u.raw.contains(&term));
                prop_assert_eq!(any_unit(&inner, rule, |s| s.contains(&term)), built, "{} / {}", inner, term);
            }
        }
    }
}
