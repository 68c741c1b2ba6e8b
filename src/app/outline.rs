//! The library's shape as the tree walks it: every plan, chapter and section in document
//! order in one flat array, with the global ids of the measures under each and where its
//! subtree ends.
//!
//! The tree's rows are rebuilt on every search keystroke, and a common word matches most of
//! a large library's measures (法 in 10,000 plans: a million rows). Walking the plans
//! themselves for that touches every plan's chapters and sections where the loader left
//! them, scattered over the heap; this array is read front to back, and a folded or
//! filtered-out subtree is skipped in one step.

use crate::library::Library;

use super::node::Node;

/// What an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Plan,
    /// A chapter with a heading.
    Chapter,
    /// The implicit chapter of a plan without chapter headings: it has no row, its
    /// measures and sections sit directly under the plan.
    Implicit,
    Section,
}

/// A plan, chapter or section.
#[derive(Debug, Clone, Copy)]
pub(super) struct Entry {
    pub kind: Kind,
    /// The depth of its row (and of an implicit chapter's measures and sections).
    pub depth: u8,
    pub plan: u32,
    pub chapter: u16,
    pub section: u16,
    /// The global id of its plan's first measure.
    pub base: usize,
    /// Global ids of the measures under it.
    pub start: usize,
    pub end: usize,
    /// A chapter's measures before its first section end here (they begin at `start`).
    pub direct_end: usize,
    /// The entry after its subtree.
    pub next: u32,
}

impl Entry {
    pub fn node(&self) -> Node {
        match self.kind {
            Kind::Plan => Node::Plan(self.plan),
            Kind::Chapter | Kind::Implicit => Node::Chapter { plan: self.plan, chapter: self.chapter },
            Kind::Section => Node::Section { plan: self.plan, chapter: self.chapter, section: self.section },
        }
    }

    pub fn measures(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// Every plan, chapter and section of a library, in document order.
#[derive(Debug, Clone, Default)]
pub(super) struct Outline {
    pub entries: Vec<Entry>,
}

impl Outline {
    pub fn new(library: &Library) -> Self {
        let mut entries = Vec::new();
        for (p, loaded) in library.plans.iter().enumerate() {
            let plan = &loaded.plan;
            let base = library.plan_range(p as u32).start;
            let p = p as u32;
            let plan_entry = entries.len();
            entries.push(Entry {
                kind: Kind::Plan,
                depth: 0,
                plan: p,
                chapter: 0,
                section: 0,
                base,
                start: base,
                end: base + plan.measures.len(),
                direct_end: base,
                next: 0,
            });
            for (c, chapter) in plan.chapters.iter().enumerate() {
                let implicit = chapter.number == 0;
                let chapter_entry = entries.len();
                entries.push(Entry {
                    kind: if implicit { Kind::Implicit } else { Kind::Chapter },
                    depth: 1,
                    plan: p,
                    chapter: c as u16,
                    section: 0,
                    base,
                    start: base + chapter.measures.start,
                    end: base + chapter.measures.end,
                    direct_end: base + chapter.direct_measures.end,
                    next: 0,
                });
                for (s, section) in chapter.sections.iter().enumerate() {
                    let next = entries.len() as u32 + 1;
                    entries.push(Entry {
                        kind: Kind::Section,
                        depth: if implicit { 1 } else { 2 },
                        plan: p,
                        chapter: c as u16,
                        section: s as u16,
                        base,
                        start: base + section.measures.start,
                        end: base + section.measures.end,
                        direct_end: base + section.measures.start,
                        next,
                    });
                }
                entries[chapter_entry].next = entries.len() as u32;
            }
            entries[plan_entry].next = entries.len() as u32;
        }
        Outline { entries }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_outline_is_its_chapters_and_sections_in_order() {
        let library = Library::open(&[]);
        let outline = Outline::new(&library);
        let count = |kind| outline.entries.iter().filter(|e| e.kind == kind).count();
        assert_eq!((count(Kind::Plan), count(Kind::Chapter), count(Kind::Section)), (1, 7, 27));
        assert_eq!(outline.entries[0].next as usize, outline.entries.len());
        assert_eq!(outline.entries[0].measures(), 0..77);
        // Each chapter's subtree ends where the next chapter begins, and its sections'
        // measures follow each other.
        let chapters: Vec<usize> =
            (0..outline.entries.len()).filter(|&i| outline.entries[i].kind == Kind::Chapter).collect();
        for pair in chapters.windows(2) {
            assert_eq!(outline.entries[pair[0]].next as usize, pair[1]);
            assert_eq!(outline.entries[pair[0]].end, outline.entries[pair[1]].start);
        }
        let sections: Vec<&Entry> = outline.entries.iter().filter(|e| e.kind == Kind::Section).collect();
        assert_eq!(sections.first().map(|s| s.start), Some(0));
        assert_eq!(sections.last().map(|s| s.end), Some(77));
        // The node of an entry is the tree's node for it.
        assert_eq!(outline.entries[1].node(), Node::Chapter { plan: 0, chapter: 0 });
        assert_eq!(outline.entries[2].node(), Node::Section { plan: 0, chapter: 0, section: 0 });
    }
}
