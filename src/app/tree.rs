//! The visible rows of the plan tree: plans, chapters, sections and measures, folded as the
//! user chose, narrowed to the measures that pass the active filters (keeping their chapter
//! and section as context, like org-mode's sparse tree).

use rustc_hash::FxHashSet;

use crate::library::{Library, MeasureId};
use crate::search::HitSet;

use super::node::Node;

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

    pub fn set_expanded(&mut self, node: Node, expanded: bool, filtered: bool) {
        match (filtered, expanded) {
            (true, true) => self.folded_in_filter.remove(&node),
            (true, false) => self.folded_in_filter.insert(node),
            (false, true) => self.expanded.insert(node),
            (false, false) => self.expanded.remove(&node),
        };
    }

    /// Forgets the folds made under the previous filter.
    pub fn reset_filter_folds(&mut self) {
        self.folded_in_filter.clear();
    }

    /// Unfolds the path to a node so it becomes visible.
    pub fn reveal(&mut self, node: Node, library: &Library, filtered: bool) {
        for ancestor in node.ancestors(library) {
            self.set_expanded(ancestor, true, filtered);
        }
    }

    /// Recomputes the rows; keeps the selection on the same node if it is still visible,
    /// otherwise on the nearest row that is.
    pub fn rebuild(&mut self, library: &Library, visible: Option<&HitSet>) {
        let previous = self.selected_node();
        let filtered = visible.is_some();
        // Reuse the rows' allocation: with a thousand plans open there may be 100,000 rows.
        let mut rows = std::mem::take(&mut self.rows);
        rows.clear();
        for (p, loaded) in library.plans.iter().enumerate() {
            let p = p as u32;
            let plan_range = library.plan_range(p);
            let shows = |range: std::ops::Range<usize>| -> bool {
                match visible {
                    None => true,
                    Some(set) => set.any_in(plan_range.start + range.start..plan_range.start + range.end),
                }
            };
            let plan = &loaded.plan;
            if !shows(0..plan.measures.len()) {
                continue;
            }
            let plan_node = Node::Plan(p);
            let plan_open = self.is_expanded(plan_node, filtered);
            rows.push(Row { node: plan_node, depth: 0, expandable: true, expanded: plan_open });
            if !plan_open {
                continue;
            }
            for (c, chapter) in plan.chapters.iter().enumerate() {
                if filtered && !shows(chapter.measures.clone()) {
                    continue;
                }
                let chapter_node = Node::Chapter { plan: p, chapter: c as u16 };
                // The implicit chapter of a plan without chapter headings has no row.
                let (chapter_open, depth) = if chapter.number == 0 {
                    (true, 1)
                } else {
                    let open = self.is_expanded(chapter_node, filtered);
                    let expandable = !chapter.sections.is_empty() || !chapter.measures.is_empty();
                    rows.push(Row { node: chapter_node, depth: 1, expandable, expanded: open && expandable });
                    (open, 2)
                };
                if !chapter_open {
                    continue;
                }
                push_measures(&mut rows, p, chapter.direct_measures.clone(), depth, visible, plan_range.start);
                for (s, section) in chapter.sections.iter().enumerate() {
                    if filtered && !shows(section.measures.clone()) {
                        continue;
                    }
                    let node = Node::Section { plan: p, chapter: c as u16, section: s as u16 };
                    let open = self.is_expanded(node, filtered);
                    let expandable = !section.measures.is_empty();
                    rows.push(Row { node, depth, expandable, expanded: open && expandable });
                    if open {
                        push_measures(&mut rows, p, section.measures.clone(), depth + 1, visible, plan_range.start);
                    }
                }
            }
        }
        self.rows = rows;
        self.selected = match previous {
            Some(node) => self.position_near(node, library).unwrap_or(0),
            None => 0,
        };
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
        let key = order_key(node, library);
        let after = self.rows.iter().position(|r| order_key(r.node, library) >= key);
        after.or_else(|| self.rows.len().checked_sub(1))
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
    plan: u32,
    range: std::ops::Range<usize>,
    depth: u8,
    visible: Option<&HitSet>,
    base: usize,
) {
    for m in range {
        if visible.is_none_or(|set| set.contains(base + m)) {
            let node = Node::Measure(MeasureId { plan, index: m as u32 });
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
