//! The body of a plan as a tree of numbered items, and which of them are its tasks.
//!
//! Rules of the family (see `tests/fixtures/family/README.md` and DESIGN.md):
//! - **Headings** 一、 （一） 1. （1） ① nest in that order. A heading counts where its number
//!   is the next one: the next under the same parent, 1 under a new parent (numbering that
//!   restarts per section), or the next of the whole plan (numbering that runs on across
//!   chapters). Anything else is text (`5.6万元`, a list inside a sentence).
//! - **Tasks** are the smallest numbered items that carry responsible units, or inherit them
//!   from a heading above. （1） ⑴ ① items are part of their task's text unless they carry
//!   units of their own. An annotation on a line of its own after a list of sub-items belongs
//!   to the item above the list when that item's siblings are tasks.
//! - **Unnumbered tasks**: paragraphs under one heading that each end with their own
//!   annotation are tasks of their own.
//! - **Never swallowed**: an item without units among siblings that are tasks is a task, as
//!   is one whose number continues the task numbering of the chapter before.
//! - **Plans without units** (工作要点): the tasks are the deepest numbered items of each
//!   chapter that is not a preface (指导思想, 基本原则, 总体要求, 工作目标, 实施步骤…).

use std::ops::Range;

use super::annotation::{Found, find_all, is_only_annotation, states_lead_rule, trailing};
use super::headings::{Heading, Shape, Style, heading};
use super::model::{Chapter, ChapterKind, Section, Warning};
use super::para::Para;

/// How far ahead of the expected number a heading may jump (a gap in the numbering).
const MAX_GAP: u32 = 5;

/// Chapter titles of the preface: its numbered points are not tasks.
const PREFACE: &[&str] = &[
    "指导思想",
    "基本原则",
    "总体要求",
    "总体思路",
    "工作目标",
    "主要目标",
    "发展目标",
    "总体目标",
    "基本思路",
    "工作原则",
    "实施步骤",
    "工作步骤",
    "进度安排",
    "时间安排",
    "工作进度",
    "实施范围",
    "适用范围",
    "重要意义",
    "基本情况",
    "预期目标",
    "试点范围",
    "工作范围",
];

/// The text of a plan's tasks as it is read, written once: for each task `title \n body \0`
/// in `text`; the insides of its annotations (one a line) and its deadline field in `notes`.
/// A [`super::model::Measure`] then takes ranges of it, with no copy per task.
#[derive(Debug, Default)]
pub struct TaskTexts {
    pub text: String,
    pub notes: String,
}

impl TaskTexts {
    /// Writes a task's title and body (its paragraphs, `\n` between them).
    pub fn write<'a>(&mut self, title: &str, body: impl IntoIterator<Item = &'a str>) -> (Range<u32>, Range<u32>) {
        let start = self.text.len() as u32;
        self.text.push_str(title);
        let title = start..self.text.len() as u32;
        self.text.push('\n');
        let body_start = self.text.len();
        for piece in body.into_iter().filter(|p| !p.is_empty()) {
            if self.text.len() > body_start {
                self.text.push('\n');
            }
            self.text.push_str(piece);
        }
        let body = body_start as u32..self.text.len() as u32;
        self.text.push('\0');
        (title, body)
    }

    /// Starts a task's annotations; `annotation` adds one, [`TaskTexts::note_range`] ends them.
    pub fn notes_start(&self) -> u32 {
        self.notes.len() as u32
    }

    /// Adds the inside of an annotation (a line); `joined` continues the previous one
    /// (label lines one after the other).
    pub fn annotation(&mut self, start: u32, inner: &str, joined: bool) {
        if self.notes.len() as u32 > start {
            self.notes.push(if joined { '；' } else { '\n' });
        }
        self.notes.push_str(inner);
    }

    pub fn note(&mut self, value: &str) -> Range<u32> {
        let start = self.notes.len() as u32;
        self.notes.push_str(value);
        start..self.notes.len() as u32
    }

    pub fn notes(&self, range: &Range<u32>) -> &str {
        &self.notes[range.start as usize..range.end as usize]
    }
}

/// A task as read from the body, before it becomes a [`super::model::Measure`].
#[derive(Debug, Clone)]
pub struct TaskDraft {
    pub id: String,
    pub number: Option<u32>,
    /// Its title and body in [`TaskTexts::text`].
    pub title: Range<u32>,
    pub body: Range<u32>,
    /// The insides of its annotations (and inherited ones), one a line, in [`TaskTexts::notes`].
    pub annotations: Range<u32>,
    /// A deadline field's value (`完成时限：…`) in [`TaskTexts::notes`], if it has one.
    pub deadline_field: Option<Range<u32>>,
    pub lead_rule: bool,
    pub chapter: usize,
    pub section: Option<usize>,
    pub line: usize,
    pub group: Option<String>,
}

/// The body of a plan, read.
#[derive(Debug, Default)]
pub struct Body {
    pub chapters: Vec<Chapter>,
    pub tasks: Vec<TaskDraft>,
    pub texts: TaskTexts,
    pub closing: Vec<String>,
    pub warnings: Vec<Warning>,
}

/// A numbered item (or the root).
#[derive(Debug, Clone)]
struct Node {
    style: Option<Style>,
    number: u32,
    /// Its heading paragraph (for the root: the first body paragraph).
    head: usize,
    /// Its own paragraphs end here (where its first child or its next item starts).
    own_end: usize,
    /// Its whole subtree ends here.
    end: usize,
    children: Vec<usize>,
    parent: usize,
    /// The number of its last child of each style.
    last_number: [Option<u32>; 5],
    depth: u8,
}

/// What an item turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    /// Structure: its text is chapter or section text; tasks may lie below.
    Structure,
    /// A task: its own paragraphs and those of its folded children.
    Task,
    /// Part of a task above it.
    Folded,
}

/// A task found: the node it is (or lies under, for an unnumbered one) and its paragraphs.
#[derive(Debug, Clone)]
struct Found_ {
    node: usize,
    /// `Some(k)` for the k-th unnumbered task under `node`.
    unnumbered: Option<u32>,
    paras: Vec<Range<usize>>,
    /// Paragraphs whose annotations it inherits.
    inherited: Vec<usize>,
}

struct Reader<'a, 'p> {
    paras: &'a [Para<'p>],
    found: Vec<Vec<Found<'a>>>,
    nodes: Vec<Node>,
    kinds: Vec<Kind>,
    tasks: Vec<Found_>,
    /// The number of the last task of each style, and its parent.
    last_task: [Option<(u32, usize)>; 5],
    has_units: bool,
    /// Whether items without units can be tasks (not where a table holds the tasks).
    unitless_tasks: bool,
    /// Per node: whether its own text has an annotation, and whether its subtree has.
    own_annotated: Vec<bool>,
    subtree_annotated: Vec<bool>,
    /// Per node and style: how many children of that style carry units in their own text,
    /// and in their subtree.
    children_own: Vec<[u32; 5]>,
    children_subtree: Vec<[u32; 5]>,
    /// Per chapter node: the deepest task style below it (worked out on first use).
    deepest: Vec<Option<Style>>,
}

fn style_index(style: Style) -> usize {
    style as usize
}

/// The paragraph where the body starts: the first heading numbered 1 (or a paragraph with
/// a unit annotation in a plan without headings), skipping the attachment list of a notice,
/// and a 印发 notice's own points (一、二、) where the plan follows the notice's signature.
pub fn body_start(paras: &[Para], heads: &[Option<Heading>]) -> Option<usize> {
    let listed = attachment_list_with(paras, heads);
    let from = notice_end(paras).map_or(0, |end| end + 1);
    body_start_from(paras, heads, &listed, from)
        .or_else(|| if from > 0 { body_start_from(paras, heads, &listed, 0) } else { None })
}

fn body_start_from(paras: &[Para], heads: &[Option<Heading>], listed: &[bool], from: usize) -> Option<usize> {
    paras
        .iter()
        .enumerate()
        .skip(from)
        .position(|(i, p)| {
            if listed[i] {
                return false;
            }
            match heads[i] {
                Some(h) => h.number == 1 && h.shape != Shape::Decimal && !h.style.is_sub_point(),
                None => !find_all(&p.text).is_empty(),
            }
        })
        .map(|i| i + from)
}

/// Where a 印发 notice ends: its signature's date line, when a title follows it within a
/// few lines (the plan the notice sends).
fn notice_end(paras: &[Para]) -> Option<usize> {
    // A notice is short: look at its first lines only, and at short lines (a date line).
    let limit = paras.len().min(60);
    (1..limit).find(|&j| {
        let text: &str = &paras[j].text;
        // The date first: few lines have one.
        text.len() <= 90
            && super::meta::find_date(text).is_some()
            && super::meta::is_signature_line(text)
            && paras[j.saturating_sub(2)..j].iter().any(|p| super::meta::is_issuer_like(&p.text))
            && paras[j + 1..(j + 5).min(paras.len())].iter().any(|p| super::meta::is_title_like(&p.text))
    })
}

/// Which paragraphs belong to an attachment list `附件：1.… 2.…` (never headings).
fn attachment_list_with(paras: &[Para], heads: &[Option<Heading>]) -> Vec<bool> {
    let mut listed = vec![false; paras.len()];
    let mut open = false;
    for (i, p) in paras.iter().enumerate() {
        let text: &str = &p.text;
        if let Some(rest) = text.strip_prefix("附件").map(|r| r.trim_start())
            && rest.starts_with([':', '：'])
        {
            listed[i] = true;
            open = true;
            continue;
        }
        if open
            && heads[i].is_some_and(|h| h.style == Style::Item)
            && text.chars().count() <= 80
            && !text.contains('。')
        {
            listed[i] = true;
        } else {
            open = false;
        }
    }
    listed
}

/// Reads the body paragraphs (from [`body_start`] on). `table_tasks`: a task table of an
/// attachment holds the tasks where the body names no units (its items are then structure).
pub fn read(paras: &[Para], heads: &[Option<Heading>], preamble_states_rule: bool, table_tasks: bool) -> Body {
    let listed = attachment_list_with(paras, heads);
    let found: Vec<Vec<Found>> = paras.iter().map(|p| find_all(&p.text)).collect();
    let has_units = found.iter().any(|f| !f.is_empty());
    let unitless_tasks = !table_tasks || has_units;
    let mut reader = Reader {
        paras,
        found,
        nodes: Vec::new(),
        kinds: Vec::new(),
        tasks: Vec::new(),
        last_task: [None; 5],
        has_units,
        unitless_tasks,
        own_annotated: Vec::new(),
        subtree_annotated: Vec::new(),
        children_own: Vec::new(),
        children_subtree: Vec::new(),
        deepest: Vec::new(),
    };
    let mut warnings = Vec::new();
    reader.build_tree(&listed, heads, &mut warnings);
    reader.summarise();
    reader.kinds = vec![Kind::Structure; reader.nodes.len()];
    reader.decide(0, &[]);
    reader.assemble(preamble_states_rule, warnings)
}

impl<'a, 'p> Reader<'a, 'p> {
    fn build_tree(&mut self, listed: &[bool], heads: &[Option<Heading>], warnings: &mut Vec<Warning>) {
        let n = self.paras.len();
        self.nodes.push(Node {
            style: None,
            number: 0,
            head: 0,
            own_end: n,
            end: n,
            children: Vec::new(),
            parent: 0,
            last_number: [None; 5],
            depth: 0,
        });
        let mut stack: Vec<usize> = vec![0];
        let mut global: [u32; 5] = [0; 5];
        for (i, para) in self.paras.iter().enumerate() {
            if listed[i] {
                continue;
            }
            let Some(h) = heads[i] else { continue };
            if h.shape == Shape::Decimal {
                continue;
            }
            // The parent: the nearest open item of an outer style.
            let depth = stack.iter().rposition(|&k| self.nodes[k].style.is_none_or(|s| s < h.style)).unwrap_or(0);
            let parent = stack[depth];
            let s = style_index(h.style);
            let Some(warning) = self.accepts(&h, parent, global[s]) else { continue };
            if let Some(message) = warning {
                warnings.push(Warning { line: para.line, message });
            }
            stack.truncate(depth + 1);
            let index = self.nodes.len();
            let node_depth = self.nodes[parent].depth + 1;
            self.nodes.push(Node {
                style: Some(h.style),
                number: h.number,
                head: i,
                own_end: n,
                end: n,
                children: Vec::new(),
                parent,
                last_number: [None; 5],
                depth: node_depth,
            });
            self.nodes[parent].children.push(index);
            self.nodes[parent].last_number[s] = Some(h.number);
            global[s] = h.number;
            stack.push(index);
        }
        // Own paragraphs end where the next item starts; a subtree where its last child's does.
        for k in 0..self.nodes.len() {
            self.nodes[k].own_end = self.nodes.get(k + 1).map_or(n, |next| next.head);
        }
        for k in (0..self.nodes.len()).rev() {
            self.nodes[k].end = match self.nodes[k].children.last() {
                Some(&last) => self.nodes[last].end,
                None => self.nodes[k].own_end,
            };
        }
        // The root's own paragraphs start at the body's start.
        self.nodes[0].own_end = self.nodes.get(1).map_or(n, |first| first.head);
    }

    /// Whether a heading is the next item under `parent`: `None` if not, else the warning
    /// to give (a gap, an unusual start).
    fn accepts(&self, h: &Heading, parent: usize, global_last: u32) -> Option<Option<String>> {
        let n = h.number;
        let s = style_index(h.style);
        let exact_only = h.shape == Shape::Digits;
        match self.nodes[parent].last_number[s] {
            Some(last) => {
                if n == last + 1 {
                    Some(None)
                } else if !exact_only && n > last + 1 && n <= last + 1 + MAX_GAP {
                    Some(Some(gap_message(last + 1, n)))
                } else {
                    None
                }
            }
            None => {
                if n == 1 || n == global_last + 1 {
                    Some(None)
                } else if exact_only {
                    None
                } else if global_last > 0 && n > global_last + 1 && n <= global_last + 1 + MAX_GAP {
                    Some(Some(gap_message(global_last + 1, n)))
                } else if global_last == 0 && h.style == Style::Item {
                    Some(Some(crate::tr!("warn-numbering-starts", n = n.to_string())))
                } else {
                    None
                }
            }
        }
    }

    /// Works out, once, which items carry units (in their own text, in their subtree) and
    /// how many children of each style do: every later question is answered from these.
    fn summarise(&mut self) {
        let count = self.nodes.len();
        self.own_annotated = (0..count).map(|k| self.annotated(self.own(k))).collect();
        self.subtree_annotated = self.own_annotated.clone();
        self.children_own = vec![[0; 5]; count];
        self.children_subtree = vec![[0; 5]; count];
        self.deepest = vec![None; count];
        // Children come after their parents: one pass from the end settles every subtree.
        for k in (1..count).rev() {
            let parent = self.nodes[k].parent;
            if self.subtree_annotated[k] {
                self.subtree_annotated[parent] = true;
            }
            if let Some(style) = self.nodes[k].style {
                let s = style_index(style);
                self.children_own[parent][s] += u32::from(self.own_annotated[k]);
                self.children_subtree[parent][s] += u32::from(self.subtree_annotated[k]);
            }
        }
    }

    /// The paragraphs of a node's own text.
    fn own(&self, k: usize) -> Range<usize> {
        self.nodes[k].head..self.nodes[k].own_end
    }

    fn annotated(&self, range: Range<usize>) -> bool {
        range.into_iter().any(|i| !self.found[i].is_empty())
    }

    fn subtree_annotated(&self, k: usize) -> bool {
        self.subtree_annotated[k]
    }

    /// How many siblings of node `k` (itself not counted) of its style carry units: in
    /// their own text, or anywhere below.
    fn siblings_carrying(&self, k: usize) -> (u32, u32) {
        let node = &self.nodes[k];
        let Some(style) = node.style else { return (0, 0) };
        let s = style_index(style);
        let own = self.children_own[node.parent][s] - u32::from(self.own_annotated[k]);
        let subtree = self.children_subtree[node.parent][s] - u32::from(self.subtree_annotated[k]);
        (own, subtree)
    }

    /// Whether a child can be a task of its own: 一、 （一） 1. items always; （1） ① only where
    /// at least two of them carry units of their own.
    fn capable(&self, child: usize) -> bool {
        let node = &self.nodes[child];
        match node.style {
            Some(style) if style.is_sub_point() => {
                self.own_annotated[child] && self.children_own[node.parent][style_index(style)] >= 2
            }
            _ => true,
        }
    }

    /// Decides what node `k` and everything below it are. `inherited`: annotated paragraphs
    /// of an item above whose units it takes.
    fn decide(&mut self, k: usize, inherited: &[usize]) {
        let children = self.nodes[k].children.clone();
        let (capable, folded): (Vec<usize>, Vec<usize>) = children.iter().partition(|&&c| self.capable(c));
        let mut text = vec![self.own(k)];
        text.extend(folded.iter().map(|&c| self.nodes[c].head..self.nodes[c].end));
        let text_annotated = text.iter().any(|r| self.annotated(r.clone()));
        let children_annotated = capable.iter().any(|&c| self.subtree_annotated(c));

        if capable.is_empty() {
            self.decide_leaf(k, text, &folded, inherited);
            return;
        }
        if text_annotated && !children_annotated && k != 0 {
            // The heading above a list carries the units: each item takes them.
            let from: Vec<usize> = text.iter().flat_map(|r| r.clone()).filter(|&i| !self.found[i].is_empty()).collect();
            self.kinds[k] = Kind::Structure;
            for &c in &folded {
                self.fold(c);
            }
            for c in capable {
                self.decide(c, &from);
            }
            return;
        }
        if !text_annotated && children_annotated && self.closes_list(k, &capable) {
            // An annotation after a list of sub-items, for the item above them.
            self.kinds[k] = Kind::Task;
            for &c in &children {
                self.fold(c);
            }
            let node = &self.nodes[k];
            let whole = node.head..node.end;
            self.push_task(k, None, std::iter::once(whole).collect(), inherited.to_vec());
            return;
        }
        self.kinds[k] = Kind::Structure;
        for &c in &folded {
            self.fold(c);
        }
        // Units of the heading pass on to the items that have none of their own.
        let passed: Vec<usize> = if text_annotated && k != 0 {
            text.iter().flat_map(|r| r.clone()).filter(|&i| !self.found[i].is_empty()).collect()
        } else {
            inherited.to_vec()
        };
        if k == 0 {
            // Text of the root before the first heading can hold unnumbered tasks.
            self.unnumbered_runs(k, text, false);
        }
        for c in capable {
            let pass = if self.subtree_annotated(c) { Vec::new() } else { passed.clone() };
            self.decide(c, &pass);
        }
    }

    /// A node whose children are all part of its text.
    fn decide_leaf(&mut self, k: usize, text: Vec<Range<usize>>, folded: &[usize], inherited: &[usize]) {
        for &c in folded {
            self.fold(c);
        }
        let runs = self.annotated_runs(&text);
        if k == 0 {
            self.unnumbered_runs(k, text, false);
            return;
        }
        if runs >= 2 {
            // Paragraphs that each end with their own annotation are tasks of their own; the
            // heading's paragraph is the numbered task where it says more than its title.
            let head = self.nodes[k].head;
            let head_is_task = !self.found[head].is_empty() || has_text_after_title(&self.paras[head].text);
            self.kinds[k] = if head_is_task { Kind::Task } else { Kind::Structure };
            self.unnumbered_runs(k, text, head_is_task);
            return;
        }
        if runs == 1 || !inherited.is_empty() {
            self.kinds[k] = Kind::Task;
            self.push_task(k, None, text, inherited.to_vec());
            return;
        }
        if self.unitless_is_task(k) {
            self.kinds[k] = Kind::Task;
            self.push_task(k, None, text, Vec::new());
        } else {
            self.kinds[k] = Kind::Structure;
        }
    }

    /// How many runs of paragraphs end with an annotated paragraph (see [`Reader::runs`]).
    fn annotated_runs(&self, text: &[Range<usize>]) -> usize {
        let paras: Vec<usize> = text.iter().flat_map(|r| r.clone()).collect();
        self.runs(&paras).0.len()
    }

    /// Splits paragraphs into runs, each ending with an annotated paragraph; lines that are
    /// nothing but annotations (`牵头单位：…` then `责任单位：…`) stay with the run before
    /// them. Returns the runs and the paragraphs after the last annotation.
    fn runs(&self, paras: &[usize]) -> (Vec<Vec<usize>>, Vec<usize>) {
        let mut runs: Vec<Vec<usize>> = Vec::new();
        let mut current: Vec<usize> = Vec::new();
        for &i in paras {
            current.push(i);
            if !self.found[i].is_empty() {
                let only_annotations = current.iter().all(|&c| is_only_annotation(&self.paras[c].text, &self.found[c]));
                match runs.last_mut() {
                    Some(last) if only_annotations => last.append(&mut current),
                    _ => runs.push(std::mem::take(&mut current)),
                }
            }
        }
        (runs, current)
    }

    /// Splits the text of node `k` into tasks, each ending with an annotated paragraph.
    /// With `head_is_task`, the first run is node `k` itself (numbered); the others are
    /// unnumbered tasks under it. Text after the last annotation joins the last task.
    fn unnumbered_runs(&mut self, k: usize, text: Vec<Range<usize>>, head_is_task: bool) {
        let head = self.nodes[k].head;
        let mut paras: Vec<usize> = text.into_iter().flatten().collect();
        if k != 0 && !head_is_task {
            // A heading that is only a title stays the section's.
            paras.retain(|&i| i != head);
        }
        let (mut runs, current) = self.runs(&paras);
        if runs.is_empty() {
            return;
        }
        if !current.is_empty() {
            // Text after the last annotation: the last task's (or closing text, decided later).
            if let Some(last) = runs.last_mut() {
                last.extend(current);
            }
        }
        let mut k_unnumbered = 0;
        for (n, run) in runs.into_iter().enumerate() {
            let ranges = to_ranges(&run);
            if n == 0 && head_is_task {
                self.push_task(k, None, ranges, Vec::new());
            } else {
                k_unnumbered += 1;
                self.push_task(k, Some(k_unnumbered), ranges, Vec::new());
            }
        }
    }

    /// Whether node `k` (all of whose children carry nothing, except an annotation on a line
    /// of its own closing the last) is the task, as its siblings are.
    fn closes_list(&self, k: usize, capable: &[usize]) -> bool {
        if k == 0 || capable.len() < 2 {
            return false;
        }
        let (&last, others) = capable.split_last().unwrap_or((&0, &[]));
        if others.iter().any(|&c| self.subtree_annotated(c)) {
            return false;
        }
        // The only annotated paragraph is the last one, and it is nothing but annotations.
        let end = self.nodes[last].end;
        let head = self.nodes[last].head;
        let annotated: Vec<usize> = (head..end).filter(|&i| !self.found[i].is_empty()).collect();
        if annotated != [end - 1] || !is_only_annotation(&self.paras[end - 1].text, &self.found[end - 1]) {
            return false;
        }
        // Its siblings of the same style carry units of their own: that is the task level.
        self.siblings_carrying(k).0 > 0
    }

    /// Whether an item without units is a task all the same.
    fn unitless_is_task(&mut self, k: usize) -> bool {
        let node = &self.nodes[k];
        let Some(style) = node.style else { return false };
        if !self.unitless_tasks {
            return false;
        }
        if self.has_units {
            // Never swallowed: its siblings are tasks (carry units in their own text), or its
            // number continues the tasks'.
            if self.siblings_carrying(k).0 > 0 {
                return true;
            }
            return self.last_task[style_index(style)]
                .is_some_and(|(number, parent)| parent != node.parent && node.number == number + 1);
        }
        // A plan without units: the deepest items of a chapter that is not a preface.
        if self.in_preface(k) {
            return false;
        }
        let chapter = self.chapter_of(k);
        style == self.deepest_style(chapter)
    }

    /// The deepest task style below a chapter, worked out once per chapter.
    fn deepest_style(&mut self, chapter: usize) -> Style {
        if let Some(style) = self.deepest[chapter] {
            return style;
        }
        let style = self.find_deepest_style(chapter);
        self.deepest[chapter] = Some(style);
        style
    }

    /// The top-level item (chapter) a node lies in, or the root.
    fn chapter_of(&self, mut k: usize) -> usize {
        while self.nodes[k].depth > 1 {
            k = self.nodes[k].parent;
        }
        if self.nodes[k].style == Some(Style::Chapter) { k } else { 0 }
    }

    fn in_preface(&self, k: usize) -> bool {
        let chapter = self.chapter_of(k);
        chapter != 0 && PREFACE.iter().any(|p| self.paras[self.nodes[chapter].head].text.contains(p))
    }

    /// The deepest task style (一、 （一） 1.) below a chapter (or the root), or its own.
    fn find_deepest_style(&self, chapter: usize) -> Style {
        let mut deepest = self.nodes[chapter].style.unwrap_or(Style::Chapter);
        let mut stack = self.nodes[chapter].children.clone();
        while let Some(c) = stack.pop() {
            if let Some(style) = self.nodes[c].style
                && !style.is_sub_point()
            {
                deepest = deepest.max(style);
            }
            stack.extend(self.nodes[c].children.iter().copied());
        }
        deepest
    }

    fn fold(&mut self, k: usize) {
        self.kinds[k] = Kind::Folded;
        for c in self.nodes[k].children.clone() {
            self.fold(c);
        }
    }

    fn push_task(&mut self, node: usize, unnumbered: Option<u32>, paras: Vec<Range<usize>>, inherited: Vec<usize>) {
        if unnumbered.is_none()
            && let Some(style) = self.nodes[node].style
        {
            self.last_task[style_index(style)] = Some((self.nodes[node].number, self.nodes[node].parent));
        }
        self.tasks.push(Found_ { node, unnumbered, paras, inherited });
    }

    /// Builds chapters, sections and task drafts from the decisions.
    fn assemble(self, preamble_states_rule: bool, mut warnings: Vec<Warning>) -> Body {
        let Reader { paras, found, nodes, kinds, tasks, .. } = self;
        let mut body = Body::default();
        body.texts.text.reserve(paras.iter().map(|p| p.text.len()).sum::<usize>() + 2 * tasks.len());
        // Where the lead rule is first stated.
        let rule_from = if preamble_states_rule {
            Some(0)
        } else {
            paras.iter().position(|p| p.text.contains("牵头") && states_lead_rule(&p.text))
        };
        // Signature, date and publication notes at the very end are closing text.
        let mut body_end = paras.len();
        while body_end > 0 && is_closing_line(&paras[body_end - 1].text) {
            body_end -= 1;
        }
        // Chapters and sections, in document order, for every structural item.
        let mut place: Vec<(Option<usize>, Option<usize>)> = vec![(None, None); nodes.len()];
        let mut implicit_open = false;
        for k in 1..nodes.len() {
            let node = &nodes[k];
            let parent_place = place[node.parent];
            match kinds[k] {
                Kind::Folded => place[k] = parent_place,
                Kind::Task => {
                    if node.depth == 1 {
                        // A task at the top: in an implicit chapter.
                        if !implicit_open {
                            body.chapters.push(empty_chapter(0, String::new(), Vec::new(), 0));
                            implicit_open = true;
                        }
                        place[k] = (Some(body.chapters.len() - 1), None);
                    } else {
                        place[k] = parent_place;
                    }
                }
                Kind::Structure => {
                    let own = own_text(paras, node, &found);
                    let (title, mut text) = split_title(heading(&paras[node.head].text).map_or("", |h| h.rest));
                    text.extend(own);
                    if node.depth == 1 && node.style == Some(Style::Chapter) {
                        body.chapters.push(empty_chapter(node.number, title, text, paras[node.head].line));
                        implicit_open = false;
                        place[k] = (Some(body.chapters.len() - 1), None);
                    } else if node.depth == 1 || (node.depth == 2 && parent_place.1.is_none()) {
                        let chapter = match parent_place.0 {
                            Some(c) if node.depth == 2 => c,
                            _ => {
                                if !implicit_open {
                                    body.chapters.push(empty_chapter(0, String::new(), Vec::new(), 0));
                                    implicit_open = true;
                                }
                                body.chapters.len() - 1
                            }
                        };
                        let sections = &mut body.chapters[chapter].sections;
                        sections.push(Section {
                            number: node.number,
                            marker: node.style.map(|s| s.marker(node.number)).unwrap_or_default(),
                            title,
                            text,
                            measures: 0..0,
                            line: paras[node.head].line,
                        });
                        place[k] = (Some(chapter), Some(sections.len() - 1));
                    } else {
                        // Deeper structure: its heading and text join the section's text.
                        if let (Some(c), Some(s)) = parent_place {
                            let section = &mut body.chapters[c].sections[s];
                            section.text.push(paras[node.head].text.to_string());
                            section.text.extend(own_text(paras, node, &found));
                        }
                        place[k] = parent_place;
                    }
                }
            }
        }
        // The root's text before the first heading (in a plan whose body starts with it).
        // Tasks, with ids.
        let numbers: Vec<Option<u32>> = tasks
            .iter()
            .map(|t| if t.unnumbered.is_none() && t.node != 0 { Some(nodes[t.node].number) } else { None })
            .collect();
        // Numbers are ids where every task is numbered and the numbers only grow.
        let increasing = numbers.iter().all(Option::is_some)
            && numbers.iter().flatten().zip(numbers.iter().flatten().skip(1)).all(|(a, b)| b > a);
        let mut seen_restart = rustc_hash::FxHashSet::default();
        let mut for_all: Vec<String> = Vec::new();
        let mut numbered_style_seen = [false; 5];
        let last_task = tasks.len().checked_sub(1);
        for (t, task) in tasks.iter().enumerate() {
            let node = &nodes[task.node];
            let number = numbers[t];
            // The path, worked out only where it is needed (most plans number their tasks).
            let path = || path_of(&nodes, task.node, task.unnumbered);
            let id = match number {
                Some(n) if increasing => n.to_string(),
                _ => path(),
            };
            let style_seen = node.style.is_some_and(|s| numbered_style_seen[style_index(s)]);
            if let (Some(style), Some(_)) = (node.style, number) {
                numbered_style_seen[style_index(style)] = true;
            }
            if !increasing && number == Some(1) && style_seen && seen_restart.insert(node.parent) {
                let path = path();
                let under = path.rsplit_once('.').map_or(String::new(), |(p, _)| p.to_string());
                warnings.push(Warning {
                    line: paras[node.head].line,
                    message: crate::tr!("warn-numbering-restarts", under = under.to_string(), path = path.to_string()),
                });
            }
            let (chapter, section) = match task.unnumbered {
                Some(_) => place[task.node],
                None => place[task.node],
            };
            let chapter = match chapter {
                Some(c) => c,
                None => {
                    if body.chapters.last().is_none_or(|c| c.number != 0 || c.kind != ChapterKind::Body) {
                        body.chapters.push(empty_chapter(0, String::new(), Vec::new(), 0));
                    }
                    body.chapters.len() - 1
                }
            };
            // Its paragraphs; text after the annotation of the plan's last task is closing
            // text, elsewhere it stays in the task with a warning.
            let mut indices: Vec<usize> = task.paras.iter().flat_map(|r| r.clone()).filter(|&i| i < body_end).collect();
            // A deadline line after the annotation is the task's, not text after it.
            let last_annotated = indices.iter().rposition(|&i| !found[i].is_empty()).map(|mut last| {
                while indices.get(last + 1).is_some_and(|&i| deadline_line(&paras[i].text).is_some()) {
                    last += 1;
                }
                last
            });
            if let Some(last_annotated) = last_annotated
                && last_annotated + 1 < indices.len()
            {
                if Some(t) == last_task {
                    for &i in &indices[last_annotated + 1..] {
                        body.closing.push(paras[i].text.to_string());
                    }
                    indices.truncate(last_annotated + 1);
                } else {
                    let label = id.clone();
                    warnings.push(Warning {
                        line: paras[indices[last_annotated + 1]].line,
                        message: crate::tr!("warn-text-after-units", label = label.to_string()),
                    });
                }
            }
            let head = if task.unnumbered.is_none() && task.node != 0 { Some(node.head) } else { None };
            let texts = &mut body.texts;
            let draft = task_text(paras, &found, &indices, head, texts);
            for &i in &task.inherited {
                for f in &found[i] {
                    texts.annotation(draft.annotations_start, f.inner, false);
                }
            }
            // Units stated once for every task from there on (以下均需…落实，不再列出).
            let own = draft.annotations_start as usize..texts.notes.len();
            for line in texts.notes[own].split('\n') {
                if let Some(unit) = super::annotation::stated_for_all(line)
                    && !for_all.iter().any(|u: &String| u.starts_with(unit))
                {
                    for_all.push(format!("{unit}负责落实"));
                }
            }
            for unit in &for_all {
                texts.annotation(draft.annotations_start, unit, false);
            }
            let annotations = draft.annotations_start..texts.notes.len() as u32;
            let deadline_field = draft.deadline.map(|d| texts.note(d));
            let last_para = indices.last().copied().unwrap_or(node.head);
            let line = indices.first().map_or(paras[node.head].line, |&i| paras[i].line);
            body.tasks.push(TaskDraft {
                id,
                number: if task.unnumbered.is_some() { None } else { number },
                title: draft.title,
                body: draft.body,
                annotations,
                deadline_field,
                lead_rule: rule_from.is_some_and(|r| r <= last_para),
                chapter,
                section,
                line,
                group: None,
            });
        }
        for p in &paras[body_end..] {
            body.closing.push(p.text.to_string());
        }
        ids_unique(&mut body.tasks);
        body.warnings = warnings;
        body
    }
}

/// Where a task's text went.
struct TaskText<'a> {
    title: Range<u32>,
    body: Range<u32>,
    /// Where its annotations start in the notes (they go on to the notes' end).
    annotations_start: u32,
    /// A deadline field on a line of its own (written to the notes after the annotations).
    deadline: Option<&'a str>,
}

/// The text of a task from its paragraphs: the title up to the first 。, the body, the
/// annotations (trailing ones and lines of their own are taken out of the text; those in
/// mid-paragraph stay in it), and a deadline field on a line of its own.
fn task_text<'a>(
    paras: &'a [Para],
    found: &[Vec<Found>],
    indices: &[usize],
    head: Option<usize>,
    texts: &mut TaskTexts,
) -> TaskText<'a> {
    let mut pieces: Vec<&str> = Vec::with_capacity(indices.len());
    let annotations_start = texts.notes_start();
    let mut deadline_text: Option<&str> = None;
    // Whether the last paragraph was nothing but an annotation: lines of labels one after the
    // other (`牵头单位：A` / `责任单位：B`) are one annotation.
    let mut after_label_line = false;
    for &i in indices {
        let mut text: &str = &paras[i].text;
        if Some(i) == head {
            text = heading(text).map_or(text, |h| h.rest);
        }
        let f = &found[i];
        let only = !f.is_empty() && is_only_annotation(&paras[i].text, f) && Some(i) != head;
        for (n, a) in f.iter().enumerate() {
            texts.annotation(annotations_start, a.inner, only && n == 0 && after_label_line);
        }
        after_label_line = only;
        if only {
            continue;
        }
        if let Some(field) = deadline_line(text) {
            deadline_text.get_or_insert(field);
            continue;
        }
        if let Some(t) = trailing(&paras[i].text, f) {
            let full: &str = &paras[i].text;
            let cut = t.span.start.saturating_sub(full.len() - text.len());
            text = text[..cut.min(text.len())].trim_end();
        }
        pieces.push(text);
    }
    let (title, rest) = split_measure_title(pieces.first().copied().unwrap_or(""));
    let (title, body) = texts.write(title, std::iter::once(rest).chain(pieces.iter().skip(1).copied()));
    TaskText { title, body, annotations_start, deadline: deadline_text }
}

/// `完成时限：2025年底前` on a line of its own: the value.
fn deadline_line(text: &str) -> Option<&str> {
    // Every deadline label starts with one of these: most paragraphs are ruled out at once.
    if !text.starts_with(['完', '时', '进']) {
        return None;
    }
    let (label, value) = text.split_once([':', '：'])?;
    let label = label.trim();
    super::annotation::DEADLINE_LABELS.contains(&label).then(|| value.trim())
}

/// A node's own paragraphs after its heading, as text (for chapters and sections).
fn own_text(paras: &[Para], node: &Node, _found: &[Vec<Found>]) -> Vec<String> {
    paras[node.head + 1..node.own_end].iter().map(|p| p.text.to_string()).collect()
}

fn empty_chapter(number: u32, title: String, text: Vec<String>, line: usize) -> Chapter {
    Chapter {
        kind: ChapterKind::Body,
        number,
        title,
        text,
        sections: Vec::new(),
        measures: 0..0,
        direct_measures: 0..0,
        line,
    }
}

/// The id path of a task: the markers of the items above it and its own (`五.(三).2`), or
/// `#k` for the k-th unnumbered task under an item.
fn path_of(nodes: &[Node], k: usize, unnumbered: Option<u32>) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut at = k;
    while at != 0 {
        let node = &nodes[at];
        if let Some(style) = node.style {
            parts.push(style.marker(node.number));
        }
        at = node.parent;
    }
    parts.reverse();
    if let Some(n) = unnumbered {
        parts.push(format!("#{n}"));
    }
    if parts.is_empty() { "#1".to_string() } else { parts.join(".") }
}

/// Makes ids unique should two paths coincide (a numbering slip): `2`, then `2~2`.
fn ids_unique(tasks: &mut [TaskDraft]) {
    let mut seen: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
    let repeated: Vec<usize> = (0..tasks.len()).filter(|&t| !seen.insert(&tasks[t].id)).collect();
    if repeated.is_empty() {
        return;
    }
    let mut taken: rustc_hash::FxHashSet<String> = tasks.iter().map(|t| t.id.clone()).collect();
    for t in repeated {
        let mut n = 2;
        while !taken.insert(format!("{}~{n}", tasks[t].id)) {
            n += 1;
        }
        tasks[t].id = format!("{}~{n}", tasks[t].id);
    }
}

/// Paragraph indices as ranges of consecutive indices.
fn to_ranges(indices: &[usize]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for &i in indices {
        match out.last_mut() {
            Some(r) if r.end == i => r.end = i + 1,
            _ => out.push(i..i + 1),
        }
    }
    out
}

/// Whether a heading paragraph says more than its title (`（一）强化设计。将…`).
fn has_text_after_title(text: &str) -> bool {
    let rest = heading(text).map_or(text, |h| h.rest);
    rest.split_once(['。', '！', '？']).is_some_and(|(_, after)| !after.trim().is_empty())
}

/// A line of the signature block or a publication note at the end.
fn is_closing_line(s: &str) -> bool {
    super::meta::is_signature_line(s)
        || s.starts_with("（此件")
        || s.starts_with("(此件")
        || s.starts_with("（本件")
        || s.starts_with("抄送")
        || s.starts_with("抄报")
}

fn gap_message(expected: u32, found: u32) -> String {
    let missing = if found == expected + 1 {
        crate::tr!("warn-gap-one", expected = expected.to_string())
    } else {
        crate::tr!("warn-gap-many", expected = expected.to_string(), last = (found - 1).to_string())
    };
    crate::tr!("warn-gap", missing = missing, found = found.to_string())
}

/// Splits a chapter or section heading's rest into its title and its own text: `指导思想。以…`
/// → (`指导思想`, [`以…`]).
pub fn split_title(rest: &str) -> (String, Vec<String>) {
    use unicode_width::UnicodeWidthStr;
    match rest.split_once('。') {
        Some((title, text)) if !text.trim().is_empty() && title.width() <= 80 => {
            (title.to_string(), vec![text.trim().to_string()])
        }
        Some((title, _)) => (title.to_string(), Vec::new()),
        None => (rest.to_string(), Vec::new()),
    }
}

/// A measure's title (up to the first 。！？, or the first line without a trailing ：；)
/// and the rest of its first paragraph.
pub fn split_measure_title(text: &str) -> (&str, &str) {
    // 。 ！ ？ by their lead bytes (e3, ef): fewer stops than decoding every character.
    let bytes = text.as_bytes();
    let end = memchr::memchr2_iter(0xe3, 0xef, bytes).find_map(|i| {
        let mark = bytes.get(i..i + 3)?;
        [&"。".as_bytes(), &"！".as_bytes(), &"？".as_bytes()].contains(&&mark).then_some(i)
    });
    match end {
        Some(i) => (text[..i].trim(), text[i + 3..].trim()),
        None => (text.trim_end_matches(['：', ':', '；', ';']).trim(), ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measure_title_and_body() {
        assert_eq!(split_measure_title("加强宪法实施。任何组织"), ("加强宪法实施", "任何组织"));
        assert_eq!(split_measure_title("加强宪法实施："), ("加强宪法实施", ""));
    }
}
