//! What a tree row points at.

use crate::library::{Library, MeasureId};

/// A node of the plan tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Node {
    Plan(u32),
    Chapter { plan: u32, chapter: u16 },
    Section { plan: u32, chapter: u16, section: u16 },
    Measure(MeasureId),
}

impl Node {
    pub fn plan(self) -> u32 {
        match self {
            Node::Plan(p) | Node::Chapter { plan: p, .. } | Node::Section { plan: p, .. } => p,
            Node::Measure(id) => id.plan,
        }
    }

    /// The node one level up (the plan has none).
    pub fn parent(self, library: &Library) -> Option<Node> {
        match self {
            Node::Plan(_) => None,
            Node::Chapter { plan, .. } => Some(Node::Plan(plan)),
            Node::Section { plan, chapter, .. } => Some(Node::Chapter { plan, chapter }),
            Node::Measure(id) => {
                let m = library.measure(id);
                let chapter = m.chapter as u16;
                Some(match m.section {
                    Some(section) => Node::Section { plan: id.plan, chapter, section: section as u16 },
                    None => Node::Chapter { plan: id.plan, chapter },
                })
            }
        }
    }

    /// The nodes above this one, outermost first.
    pub fn ancestors(self, library: &Library) -> Vec<Node> {
        let mut out = Vec::new();
        let mut node = self;
        while let Some(parent) = node.parent(library) {
            out.push(parent);
            node = parent;
        }
        out.reverse();
        out
    }

    pub fn measure(self) -> Option<MeasureId> {
        match self {
            Node::Measure(id) => Some(id),
            _ => None,
        }
    }

    /// The measures under this node, as positions in the plan.
    pub fn measure_range(self, library: &Library) -> std::ops::Range<usize> {
        match self {
            Node::Plan(p) => 0..library.plan(p).measures.len(),
            Node::Chapter { plan, chapter } => library.plan(plan).chapters[chapter as usize].measures.clone(),
            Node::Section { plan, chapter, section } => {
                library.plan(plan).chapters[chapter as usize].sections[section as usize].measures.clone()
            }
            Node::Measure(id) => id.index as usize..id.index as usize + 1,
        }
    }
}
