//! The visible rows of the plan tree: plans, chapters, sections and measures, folded as the
//! user chose, narrowed to the measures that pass the active filters (keeping their chapter
//! and section as context, like org-mode's sparse tree).

use rustc_hash::FxHashSet;

use crate::library::{Library, MeasureId};
use crate::search::HitSet;

use super::node::Node;
use super::outline::{Entry, Kind, Outline};

/// One visible row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub node: Node,
    pub depth: u8,
    pub expandable: bool,
    pub expanded: bool,
}

/// Folding, selection and scrolling of the tree.
#[derive(Debug, Clone, Default)]
pub struct Tree {
    pub rows: Vec<Row>,
    pub selected: usize,
    /// First visible row.
    pub offset: usize,
    /// Nodes the user unfolded (no filter active).
    expanded: FxHashSet<Node>,
    /// Nodes the user folded while a filter is active (filters unfold everything else).
    folded_in_filter: FxHashSet<Node>,
    /// The library's plans, chapters and sections, as the rows are built from; made when
    /// first needed (a library opens with its plans folded, which needs only the plans).
    outline: Option<Outline>,
}

impl Tree {
    /// A tree over the library: a single plan starts unfolded, several start folded.
    pub fn new(library: &Library) -> Self {
        let mut tree = Tree::default();
        if library.plans.len() == 1 {
            let plan = &library.plans[0].plan;
            tree.expanded.insert(Node::Plan(0));
            for (c, chapter) in plan.chapters.iter().enumerate() {
                tree.expanded.insert(Node::Chapter { plan: 0, chapter: c as u16 });
                for s in 0..chapter.sections.len() {
                    tree.expanded.insert(Node::Section { plan: 0, chapter: c as u16, section: s as u16 });
                }
            }
        }
        tree
    }

    pub fn selected_node(&self) -> Option<Node> {
        self.rows.get(self.selected).map(|r| r.node)
    }

    pub fn is_expanded(&self, node: Node, filtered: bool) -> bool {
        if filtered {
            self.folded_in_filter.is_empty() || !self.folded_in_filter.contains(&node)
        } else {
            self.expanded.contains(&node)
        }
    }

    /// Folds or unfolds a node; returns whether that changed anything.
    pub fn set_expanded(&mut self, node: Node, expanded: bool, filtered: bool) -> bool {
        match (filtered, expanded) {
            (true, true) => self.folded_in_filter.remove(&node),
            (true, false) => self.folded_in_filter.insert(node),
            (false, true) => self.expanded.insert(node),
            (false, false) => self.expanded.remove(&node),
        }
    }

    /// The library changed (more of it was read): its outline is made again when needed.
    pub fn library_changed(&mut self) {
        self.outline = None;
    }

    /// Forgets the folds made under the previous filter.
    pub fn reset_filter_folds(&mut self) {
        self.folded_in_filter.clear();
    }

    /// Unfolds the path to a node so it becomes visible; returns whether anything was
    /// folded (the rows are then to be rebuilt).
    pub fn reveal(&mut self, node: Node, library: &Library, filtered: bool) -> bool {
        let mut changed = false;
        for ancestor in node.ancestors(library) {
            changed |= self.set_expanded(ancestor, true, filtered);
        }
        changed
    }

    /// Recomputes the rows; keeps the selection on the same node if it is still visible,
    /// otherwise on the nearest row that is.
    pub fn rebuild(&mut self, library: &Library, visible: Option<&HitSet>) {
        let previous = self.selected_node();
        let filtered = visible.is_some();
        // Reuse the rows' allocation: with thousands of plans open there may be a million.
        let mut rows = std::mem::take(&mut self.rows);
        rows.clear();
        if !filtered && !self.expanded.iter().any(|node| matches!(node, Node::Plan(_))) {
            // Every plan folded: a row each.
            let plan = |p| Row { node: Node::Plan(p as u32), depth: 0, expandable: true, expanded: false };
            rows.extend((0..library.plans.len()).map(plan));
            self.rows = rows;
            self.selected = previous.and_then(|node| self.position_near(node, library)).unwrap_or(0);
            return;
        }
        let outline = self.outline.take().unwrap_or_else(|| Outline::new(library));
        let shows = |range: std::ops::Range<usize>| visible.is_none_or(|set| set.any_in(range));
        let mut i = 0;
        while let Some(entry) = outline.entries.get(i) {
            let skip = entry.next as usize;
            i += 1;
            if filtered && !shows(entry.measures()) {
                i = skip;
                continue;
            }
            let node = entry.node();
            let (open, measures_depth) = match entry.kind {
                Kind::Implicit => (true, entry.depth),
                kind => {
                    let open = self.is_expanded(node, filtered);
                    let expandable = match kind {
                        Kind::Plan => true,
                        _ => entry.start < entry.end || (kind == Kind::Chapter && skip > i),
                    };
                    rows.push(Row { node, depth: entry.depth, expandable, expanded: open && expandable });
                    (open, entry.depth + 1)
                }
            };
            if !open {
                i = skip;
                continue;
            }
            match entry.kind {
                Kind::Chapter | Kind::Implicit => {
                    push_measures(&mut rows, entry, entry.start..entry.direct_end, measures_depth, visible)
                }
                Kind::Section => push_measures(&mut rows, entry, entry.measures(), measures_depth, visible),
                Kind::Plan => {}
            }
        }
        self.outline = Some(outline);
        self.rows = rows;
        self.selected = previous.and_then(|node| self.position_near(node, library)).unwrap_or(0);
    }

    /// The row of `node`, or of the closest visible node that follows it (or precedes it).
    fn position_near(&self, node: Node, library: &Library) -> Option<usize> {
        if let Some(i) = self.rows.iter().position(|r| r.node == node) {
            return Some(i);
        }
        for ancestor in node.ancestors(library).into_iter().rev() {
            if let Some(i) = self.rows.iter().position(|r| r.node == ancestor) {
                return Some(i);
            }
        }
        // The rows are in document order: the first at or after the node is found by halving
        // (a million rows are too many to look each up in its plan).
        let key = order_key(node, library);
        let after = self.rows.partition_point(|r| order_key(r.node, library) < key);
        (after < self.rows.len()).then_some(after).or_else(|| self.rows.len().checked_sub(1))
    }

    pub fn position_of(&self, node: Node) -> Option<usize> {
        self.rows.iter().position(|r| r.node == node)
    }

    /// Keeps the selected row inside a window of `height` rows, with a margin.
    pub fn scroll_to_selection(&mut self, height: usize) {
        if height == 0 {
            return;
        }
        let margin = if height > 6 { 2 } else { 0 };
        if self.selected < self.offset + margin {
            self.offset = self.selected.saturating_sub(margin);
        } else if self.selected + margin >= self.offset + height {
            self.offset = (self.selected + margin + 1).saturating_sub(height);
        }
        let max_offset = self.rows.len().saturating_sub(height);
        self.offset = self.offset.min(max_offset);
    }
}

fn push_measures(
    rows: &mut Vec<Row>,
    within: &Entry,
    range: std::ops::Range<usize>,
    depth: u8,
    visible: Option<&HitSet>,
) {
    for global in range {
        if visible.is_none_or(|set| set.contains(global)) {
            let node = Node::Measure(MeasureId { plan: within.plan, index: (global - within.base) as u32 });
            rows.push(Row { node, depth, expandable: false, expanded: false });
        }
    }
}

/// A key that orders nodes as they appear in the document.
fn order_key(node: Node, library: &Library) -> (u32, usize, u8) {
    let plan = node.plan();
    let start = node.measure_range(library).start;
    let level = match node {
        Node::Plan(_) => 0,
        Node::Chapter { .. } => 1,
        Node::Section { .. } => 2,
        Node::Measure(_) => 3,
    };
    (plan, start, level)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// The rows as the tree defines them, walked in the plans themselves: what the outline's
    /// walk must give.
    fn reference(tree: &Tree, library: &Library, visible: Option<&HitSet>) -> Vec<Row> {
        let filtered = visible.is_some();
        let mut rows = Vec::new();
        for (p, loaded) in library.plans.iter().enumerate() {
            let p = p as u32;
            let base = library.plan_range(p).start;
            let shows = |r: std::ops::Range<usize>| visible.is_none_or(|set| set.any_in(base + r.start..base + r.end));
            let measures = |rows: &mut Vec<Row>, r: std::ops::Range<usize>, depth| {
                for m in r.filter(|m| visible.is_none_or(|set| set.contains(base + m))) {
                    let node = Node::Measure(MeasureId { plan: p, index: m as u32 });
                    rows.push(Row { node, depth, expandable: false, expanded: false });
                }
            };
            let plan = &loaded.plan;
            if !shows(0..plan.measures.len()) {
                continue;
            }
            let open = tree.is_expanded(Node::Plan(p), filtered);
            rows.push(Row { node: Node::Plan(p), depth: 0, expandable: true, expanded: open });
            if !open {
                continue;
            }
            for (c, chapter) in plan.chapters.iter().enumerate() {
                if filtered && !shows(chapter.measures.clone()) {
                    continue;
                }
                let node = Node::Chapter { plan: p, chapter: c as u16 };
                let (open, depth) = if chapter.number == 0 {
                    (true, 1)
                } else {
                    let open = tree.is_expanded(node, filtered);
                    let expandable = !chapter.sections.is_empty() || !chapter.measures.is_empty();
                    rows.push(Row { node, depth: 1, expandable, expanded: open && expandable });
                    (open, 2)
                };
                if !open {
                    continue;
                }
                measures(&mut rows, chapter.direct_measures.clone(), depth);
                for (s, section) in chapter.sections.iter().enumerate() {
                    if filtered && !shows(section.measures.clone()) {
                        continue;
                    }
                    let node = Node::Section { plan: p, chapter: c as u16, section: s as u16 };
                    let open = tree.is_expanded(node, filtered);
                    let expandable = !section.measures.is_empty();
                    rows.push(Row { node, depth, expandable, expanded: open && expandable });
                    if open {
                        measures(&mut rows, section.measures.clone(), depth + 1);
                    }
                }
            }
        }
        rows
    }

    #[test]
    fn the_rows_are_the_plans_walked_in_order_under_every_filter_and_fold() {
        // Real plans of every shape: chapters or none, sections or none, task tables.
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let library = Library::open(&[root.join("family"), root.join("formats")]);
        assert!(library.plans.len() > 40, "{} plans", library.plans.len());
        let total = library.measure_count();
        // No filter, a sparse filter, a dense one, and one that hides everything.
        let mut sparse = HitSet::empty(total);
        (0..total).step_by(37).for_each(|m| sparse.insert(m));
        let mut dense = HitSet::full(total);
        dense.intersect(&{
            let mut odd = HitSet::empty(total);
            (1..total).step_by(2).for_each(|m| odd.insert(m));
            odd
        });
        let filters = [None, Some(sparse), Some(dense), Some(HitSet::empty(total))];
        let mut tree = Tree::new(&library);
        for filter in &filters {
            tree.rebuild(&library, filter.as_ref());
            assert_eq!(tree.rows, reference(&tree, &library, filter.as_ref()), "folded, filter {filter:?}");
        }
        // Unfold every other plan and all their chapters and sections, fold some under a
        // filter: the same rows as the plans give.
        for p in (0..library.plans.len()).step_by(2) {
            let plan = &library.plans[p].plan;
            tree.set_expanded(Node::Plan(p as u32), true, false);
            for (c, chapter) in plan.chapters.iter().enumerate() {
                tree.set_expanded(Node::Chapter { plan: p as u32, chapter: c as u16 }, c % 3 != 1, false);
                for s in 0..chapter.sections.len() {
                    let node = Node::Section { plan: p as u32, chapter: c as u16, section: s as u16 };
                    tree.set_expanded(node, s % 2 == 0, false);
                    tree.set_expanded(node, s % 3 == 0, true);
                }
            }
        }
        for filter in &filters {
            tree.rebuild(&library, filter.as_ref());
            let rows = reference(&tree, &library, filter.as_ref());
            assert!(rows.len() > library.plans.len() || filter.is_some(), "plans unfolded");
            assert_eq!(tree.rows, rows, "unfolded, filter {filter:?}");
        }
    }

    #[test]
    fn the_selection_stays_on_its_node_or_its_nearest_shown_neighbour() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/family");
        let library = Library::open(&[root]);
        let mut tree = Tree::new(&library);
        let chosen = Node::Measure(MeasureId { plan: 1, index: 2 });
        assert!(tree.reveal(chosen, &library, false), "its plan and chapter were folded");
        assert!(!tree.reveal(chosen, &library, false), "already unfolded: the rows stay as they are");
        tree.rebuild(&library, None);
        tree.selected = tree.position_of(chosen).expect("plan 2's third measure shown");
        let show = |globals: &[usize]| {
            let mut set = HitSet::empty(library.measure_count());
            globals.iter().for_each(|&g| set.insert(g));
            set
        };
        // Its plan shown, the measure not: the selection goes to the deepest row above it.
        let other = library.plan_range(1).start;
        tree.rebuild(&library, Some(&show(&[other])));
        let above: Vec<Node> = chosen.ancestors(&library);
        let deepest = above.iter().rev().find(|n| tree.position_of(**n).is_some());
        assert_eq!(tree.selected_node().as_ref(), deepest);
        assert!(deepest.is_some_and(|n| !matches!(n, Node::Plan(_))), "{deepest:?}");
        // Nothing of its plan shown: the first row after it (the next plan's).
        tree.selected = 0;
        tree.rebuild(&library, None);
        tree.selected = tree.position_of(chosen).expect("shown again");
        let first_of = |p: u32| library.plan_range(p).start;
        tree.rebuild(&library, Some(&show(&[first_of(0), first_of(2)])));
        assert_eq!(tree.selected_node(), Some(Node::Plan(2)));
        // Nothing after it shown: the last row.
        tree.rebuild(&library, None);
        tree.selected = tree.position_of(chosen).expect("shown again");
        tree.rebuild(&library, Some(&show(&[first_of(0)])));
        assert_eq!(tree.selected, tree.rows.len() - 1);
        assert_eq!(tree.rows[tree.selected].node.plan(), 0);
    }
}
