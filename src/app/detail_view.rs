//! The detail pane's content as a view model: the selected measure (or chapter, section,
//! plan) laid out into wrapped lines of toned segments for the pane's width. Built by the
//! update step when the selection, the width or the filters change; drawing only paints it.

use std::collections::HashMap;
use std::ops::Range;

use crate::library::{Library, MeasureId, UnitIndex};
use crate::plan::{ChapterKind, Measure, Plan, Role, UnitKind, UnitRef};
use crate::search::{Query, query_ranges};
use crate::text::width::width;
use crate::text::wrap::wrap_keeping;

use super::node::Node;
use crate::tr;

/// The meaning of a piece of text; the UI maps tones to styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    Title,
    Number,
    Dim,
    Label,
    Lead,
    Group,
    /// A search hit.
    Hit,
    /// The unit the tree is filtered by.
    Focus,
    Note,
    Mark,
}

/// A run of text in one tone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seg {
    pub text: String,
    pub tone: Tone,
}

/// One screen row of the detail pane.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocLine {
    pub segs: Vec<Seg>,
}

impl DocLine {
    fn blank() -> Self {
        DocLine::default()
    }

    fn of(segs: Vec<Seg>) -> Self {
        DocLine { segs }
    }

    /// The row's text without styles (for tests and the headless render).
    pub fn text(&self) -> String {
        self.segs.iter().map(|s| s.text.as_str()).collect()
    }
}

fn seg(text: impl Into<String>, tone: Tone) -> Seg {
    Seg { text: text.into(), tone }
}

/// The laid-out detail pane.
#[derive(Debug, Clone, Default)]
pub struct DetailView {
    pub node: Option<Node>,
    pub width: u16,
    pub lines: Vec<DocLine>,
    /// First visible line.
    pub scroll: usize,
    /// The line of the first search hit, to scroll to.
    pub first_hit: Option<usize>,
}

/// What a measure's marks contribute to the detail pane.
#[derive(Debug, Clone, Default)]
pub struct MarkInfo<'a> {
    pub read: bool,
    pub flagged: bool,
    pub done: bool,
    pub note: &'a str,
}

/// Everything the layout depends on besides the node and width.
pub struct DetailSources<'a> {
    pub library: &'a Library,
    /// The unit index, once built.
    pub units: Option<&'a UnitIndex>,
    pub query: Option<&'a Query>,
    /// The unit the tree is filtered by.
    pub unit: Option<&'a str>,
    pub marks: &'a dyn Fn(MeasureId) -> MarkInfo<'a>,
}

impl DetailView {
    pub fn build(node: Option<Node>, width: u16, cx: &DetailSources<'_>) -> Self {
        let mut b = Builder { lines: Vec::new(), width: usize::from(width).max(2), first_hit: None, cx };
        match node {
            Some(Node::Measure(id)) => b.measure(id),
            Some(Node::Section { plan, chapter, section }) => b.section(plan, chapter as usize, section as usize),
            Some(Node::Chapter { plan, chapter }) => b.chapter(plan, chapter as usize),
            Some(Node::Plan(plan)) => b.plan(plan),
            None => b.text(&tr!("detail-no-match"), Tone::Dim),
        }
        DetailView { node, width, lines: b.lines, scroll: 0, first_hit: b.first_hit }
    }

    /// Keeps `scroll` within the content for a pane of `height` rows.
    pub fn clamp_scroll(&mut self, height: usize) {
        self.scroll = self.scroll.min(self.lines.len().saturating_sub(height.max(1)));
    }
}

/// The byte ranges of the items of a `、`-joined list at the start of `text`, each with the
/// 、 after it, from the items' lengths.
fn item_ranges(text: &str, lengths: impl Iterator<Item = usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    for len in lengths {
        let mut end = at + len;
        if text[end..].starts_with('、') {
            end += '、'.len_utf8();
        }
        out.push(at..end);
        at = end;
    }
    out
}

struct Builder<'a, 'c> {
    lines: Vec<DocLine>,
    width: usize,
    first_hit: Option<usize>,
    cx: &'c DetailSources<'a>,
}

impl Builder<'_, '_> {
    /// Adds `text` wrapped to the pane, `prefix` on the first row and as much indent on the
    /// others; `marks` (in order, not overlapping) override the tone of byte ranges of `text`.
    fn wrapped(&mut self, prefix: Vec<Seg>, text: &str, tone: Tone, marks: &[(Range<usize>, Tone)]) {
        self.wrapped_keeping(prefix, text, tone, marks, &[]);
    }

    /// As [`Builder::wrapped`], never breaking inside the `whole` byte ranges of `text` (unit
    /// names in a list) unless one alone is wider than the row.
    fn wrapped_keeping(
        &mut self,
        prefix: Vec<Seg>,
        text: &str,
        tone: Tone,
        marks: &[(Range<usize>, Tone)],
        whole: &[Range<usize>],
    ) {
        debug_assert!(marks.windows(2).all(|w| w[0].0.end <= w[1].0.start), "marks in order");
        let prefix_width: usize = prefix.iter().map(|s| width(&s.text)).sum();
        let avail = self.width.saturating_sub(prefix_width).max(2);
        let mut prefix = Some(prefix);
        // The marks not yet passed: rows and marks both go forward, so a long paragraph with
        // many hits costs rows + marks, not rows × marks.
        let mut marks = marks;
        for row in wrap_keeping(text, avail, whole) {
            let end = row.start + text[row.clone()].trim_end_matches(char::is_whitespace).len();
            let mut segs = match prefix.take() {
                Some(p) => p,
                None if prefix_width > 0 => vec![seg(" ".repeat(prefix_width), Tone::Plain)],
                None => Vec::new(),
            };
            let mut pos = row.start;
            let passed = marks.iter().take_while(|(r, _)| r.end <= row.start).count();
            marks = &marks[passed..];
            for (range, mark_tone) in marks.iter().take_while(|(r, _)| r.start < end).filter(|(r, _)| r.end > row.start)
            {
                let start = range.start.max(row.start);
                if start > pos {
                    segs.push(seg(&text[pos..start], tone));
                }
                let stop = range.end.min(end);
                if stop > start.max(pos) {
                    segs.push(seg(&text[start.max(pos)..stop], *mark_tone));
                }
                pos = pos.max(stop);
                if *mark_tone == Tone::Hit && self.first_hit.is_none() {
                    self.first_hit = Some(self.lines.len());
                }
            }
            if end > pos {
                segs.push(seg(&text[pos..end], tone));
            }
            self.lines.push(DocLine::of(segs));
        }
    }

    fn text(&mut self, text: &str, tone: Tone) {
        let hits = self.hits(text);
        self.wrapped(Vec::new(), text, tone, &hits);
    }

    /// A body paragraph, indented with 　　.
    fn paragraph(&mut self, text: &str) {
        let indented = format!("　　{text}");
        let offset = "　　".len();
        let hits: Vec<_> = self.hits(text).into_iter().map(|(r, t)| (r.start + offset..r.end + offset, t)).collect();
        self.wrapped(Vec::new(), &indented, Tone::Plain, &hits);
    }

    fn hits(&self, text: &str) -> Vec<(Range<usize>, Tone)> {
        match self.cx.query {
            Some(q) if !q.is_empty() => query_ranges(q, text).into_iter().map(|r| (r, Tone::Hit)).collect(),
            _ => Vec::new(),
        }
    }

    fn blank(&mut self) {
        if self.lines.last().is_some_and(|l| !l.segs.is_empty()) {
            self.lines.push(DocLine::blank());
        }
    }

    fn measure(&mut self, id: MeasureId) {
        let plan = self.cx.library.plan(id.plan);
        let m = self.cx.library.measure(id);
        let number = format!("{} ", m.id);
        let hits = self.hits(m.title());
        self.wrapped(vec![seg(number, Tone::Number)], m.title(), Tone::Title, &hits);
        let (chapter, section) = plan.path_of(m);
        let path = match section {
            Some(section) => format!("{chapter} › {section}"),
            None => chapter,
        };
        if !path.is_empty() {
            self.wrapped(Vec::new(), &path, Tone::Dim, &[]);
        }
        let marks = (self.cx.marks)(id);
        let mut badges = Vec::new();
        if marks.read {
            badges.push(seg(tr!("detail-read"), Tone::Mark));
        }
        if marks.flagged {
            if !badges.is_empty() {
                badges.push(seg("  ", Tone::Plain));
            }
            badges.push(seg(tr!("detail-flagged"), Tone::Mark));
        }
        if marks.done {
            if !badges.is_empty() {
                badges.push(seg("  ", Tone::Plain));
            }
            badges.push(seg(tr!("detail-done"), Tone::Mark));
        }
        if let Some(unit) = self.cx.unit {
            let role = m.role_of(unit).map_or_else(|| "—".to_string(), role_label);
            if !badges.is_empty() {
                badges.push(seg("  ", Tone::Plain));
            }
            badges.push(seg(tr!("detail-unit-role", unit = unit, role = role), Tone::Focus));
        }
        if !badges.is_empty() {
            self.wrapped(badges, "", Tone::Plain, &[]);
        }
        self.blank();
        for para in m.body().split('\n').filter(|p| !p.is_empty()) {
            self.paragraph(para);
        }
        if m.body().is_empty() {
            self.text(&tr!("detail-title-only"), Tone::Dim);
        }
        self.blank();
        self.units(m);
        if let Some(deadline) = &m.deadline {
            let text = match deadline.date {
                Some(date) if *deadline.text != *date.to_string() => format!("{}（{date}）", deadline.text),
                _ => deadline.text.to_string(),
            };
            let hits = self.hits(&text);
            self.wrapped(vec![label(tr!("detail-deadline"))], &text, Tone::Plain, &hits);
        }
        if let Some(group) = &m.group {
            self.wrapped(vec![label(tr!("detail-task-group"))], group, Tone::Dim, &[]);
        }
        if !marks.note.is_empty() {
            self.blank();
            self.wrapped(vec![label(tr!("detail-note"))], "", Tone::Plain, &[]);
            for line in marks.note.split('\n') {
                let hits = self.hits(line);
                self.wrapped(vec![seg("  ", Tone::Plain)], line, Tone::Note, &hits);
            }
        }
    }

    /// The responsible units: leads, other offices, groups; aliases with their spelling.
    fn units(&mut self, m: &Measure) {
        if m.units().is_empty() {
            self.wrapped(vec![label(tr!("detail-units-none"))], &tr!("detail-not-listed"), Tone::Dim, &[]);
            return;
        }
        self.wrapped(vec![seg(tr!("detail-units", n = m.units().len()), Tone::Label)], "", Tone::Plain, &[]);
        let with = |role: Role, kind: UnitKind| -> Vec<&UnitRef> {
            m.units().iter().filter(|u| u.role == role && (role == Role::Lead || u.kind == kind)).collect()
        };
        let groups: Vec<&UnitRef> = m.units().iter().filter(|u| !u.is_lead() && u.kind == UnitKind::Group).collect();
        for (label, list, tone) in [
            (role_label(Role::Lead), with(Role::Lead, UnitKind::Office), Tone::Lead),
            (role_label(Role::Partner), with(Role::Partner, UnitKind::Office), Tone::Plain),
            (role_label(Role::Responsible), with(Role::Responsible, UnitKind::Office), Tone::Plain),
            (tr!("detail-groups"), groups, Tone::Group),
        ] {
            if list.is_empty() {
                continue;
            }
            let mut text = String::new();
            let mut marks = Vec::new();
            let mut names: Vec<Range<usize>> = Vec::new();
            for (i, unit) in list.iter().enumerate() {
                if i > 0 {
                    text.push('、');
                    // A name keeps the 、 after it: a row may not start with 、.
                    if let Some(last) = names.last_mut() {
                        last.end = text.len();
                    }
                }
                let start = text.len();
                let shown = match unit.kind {
                    UnitKind::Office if unit.raw != unit.name => {
                        tr!("detail-alias", raw = &*unit.raw, name = &*unit.name)
                    }
                    UnitKind::Office | UnitKind::Group => unit.name.to_string(),
                };
                text.push_str(&shown);
                names.push(start..text.len());
                if self.cx.unit == Some(&*unit.name) {
                    marks.push((start..text.len(), Tone::Focus));
                } else if tone != Tone::Plain {
                    marks.push((start..text.len(), tone));
                }
            }
            marks.extend(self.hits(&text));
            marks.sort_by_key(|(r, t)| (r.start, *t != Tone::Hit));
            let marks = flatten(marks);
            let prefix = vec![seg("  ", Tone::Plain), self::label(label)];
            self.wrapped_keeping(prefix, &text, Tone::Plain, &marks, &names);
        }
    }

    fn section(&mut self, p: u32, c: usize, s: usize) {
        let plan = self.cx.library.plan(p);
        let chapter = &plan.chapters[c];
        let section = &chapter.sections[s];
        let heading = section.heading();
        self.text(&heading, Tone::Title);
        if !chapter.heading().is_empty() {
            self.wrapped(Vec::new(), &chapter.heading(), Tone::Dim, &[]);
        }
        self.blank();
        for para in &section.text {
            self.paragraph(para);
        }
        self.blank();
        self.summary(p, section.measures.clone());
        if !section.measures.is_empty() {
            self.blank();
        }
        for m in &plan.measures[section.measures.clone()] {
            let leads: Vec<&str> = m.leads().map(|u| &*u.name).collect();
            let head = if leads.is_empty() { m.title().to_string() } else { format!("{} — ", m.title()) };
            let text = format!("{head}{}", leads.join("、"));
            let names: Vec<Range<usize>> = item_ranges(&text[head.len()..], leads.iter().map(|l| l.len()))
                .into_iter()
                .map(|r| r.start + head.len()..r.end + head.len())
                .collect();
            let hits = self.hits(&text);
            self.wrapped_keeping(vec![seg(format!("{:>3} ", m.id), Tone::Number)], &text, Tone::Plain, &hits, &names);
        }
    }

    fn chapter(&mut self, p: u32, c: usize) {
        let plan = self.cx.library.plan(p);
        let chapter = &plan.chapters[c];
        self.text(&chapter.heading(), Tone::Title);
        self.blank();
        for para in &chapter.text {
            self.paragraph(para);
        }
        for section in &chapter.sections {
            self.blank();
            let count = section.measures.len();
            let suffix =
                if count == 0 { String::new() } else { format!("  {}", measure_span(plan, section.measures.clone())) };
            self.wrapped(vec![seg(section.heading(), Tone::Label)], &suffix, Tone::Dim, &[]);
            for para in &section.text {
                self.paragraph(para);
            }
        }
        self.blank();
        self.summary(p, chapter.measures.clone());
    }

    fn plan(&mut self, p: u32) {
        let loaded = &self.cx.library.plans[p as usize];
        let plan = &loaded.plan;
        let meta = &plan.meta;
        self.text(&meta.title, Tone::Title);
        let facts: Vec<&str> = [meta.doc_number.as_deref(), meta.issuer.as_deref()].into_iter().flatten().collect();
        if !facts.is_empty() {
            self.wrapped(Vec::new(), &facts.join(" · "), Tone::Dim, &[]);
        }
        let mut dates = Vec::new();
        if let Some(d) = &meta.adopted {
            dates.push(tr!("detail-adopted", date = d.to_string()));
        }
        if let Some(d) = &meta.issued {
            dates.push(tr!("detail-issued", date = d.to_string()));
        }
        if !dates.is_empty() {
            self.wrapped(Vec::new(), &dates.join(" · "), Tone::Dim, &[]);
        }
        self.wrapped(Vec::new(), &loaded.source.name, Tone::Dim, &[]);
        self.blank();
        for para in &plan.preamble {
            self.paragraph(para);
        }
        self.blank();
        let chapters = plan.chapters.iter().filter(|c| c.number > 0 && c.kind == ChapterKind::Body).count();
        let structure = tr!("detail-structure", chapters = chapters, sections = plan.section_count());
        self.wrapped(Vec::new(), &structure, Tone::Plain, &[]);
        self.summary(p, 0..plan.measures.len());
        if !plan.closing.is_empty() {
            self.blank();
            for para in &plan.closing {
                self.wrapped(Vec::new(), para, Tone::Dim, &[]);
            }
        }
    }

    /// How many measures, and which units lead most of them.
    fn summary(&mut self, p: u32, range: Range<usize>) {
        let plan = self.cx.library.plan(p);
        if range.is_empty() {
            self.wrapped(Vec::new(), &tr!("detail-no-measures"), Tone::Dim, &[]);
            return;
        }
        self.wrapped(Vec::new(), &measure_span(plan, range.clone()), Tone::Plain, &[]);
        let mut leads: HashMap<&str, usize> = HashMap::new();
        for m in &plan.measures[range.clone()] {
            for unit in m.leads() {
                *leads.entry(&*unit.name).or_default() += 1;
            }
        }
        let mut leads: Vec<(&str, usize)> = leads.into_iter().collect();
        leads.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        if !leads.is_empty() {
            let list: Vec<String> = leads.iter().take(8).map(|(name, n)| format!("{name}\u{a0}{n}")).collect();
            let more = if leads.len() > 8 { tr!("detail-more-leads", n = leads.len()) } else { String::new() };
            let text = format!("{}{more}", list.join("、"));
            let hits = self.hits(&text);
            let names = item_ranges(&text, list.iter().map(String::len));
            self.wrapped_keeping(vec![label(tr!("detail-top-leads"))], &text, Tone::Plain, &hits, &names);
        }
        if let Some(unit) = self.cx.unit.and_then(|u| self.cx.units?.get(u)) {
            let mine: Vec<&Measure> = plan.measures[range].iter().filter(|m| m.role_of(&unit.name).is_some()).collect();
            let led = mine.iter().filter(|m| m.role_of(&unit.name) == Some(Role::Lead)).count();
            let text = tr!("detail-unit-summary", unit = &*unit.name, n = mine.len(), led = led);
            self.wrapped(Vec::new(), &text, Tone::Focus, &[]);
        }
    }
}

/// `4 measures (1–4)` or `1 measure (5)`.
fn measure_span(plan: &Plan, range: Range<usize>) -> String {
    let count = range.len();
    let first = &plan.measures[range.start].id;
    let last = &plan.measures[range.end - 1].id;
    if count == 1 {
        tr!("detail-span-one", first = &**first)
    } else {
        tr!("detail-span", n = count, first = &**first, last = &**last)
    }
}

/// A label before a value (`deadline `, `完成时限 `).
fn label(text: String) -> Seg {
    seg(text + " ", Tone::Label)
}

/// A unit's role in the interface language: lead, partner, responsible (牵头、配合、负责).
fn role_label(role: Role) -> String {
    match role {
        Role::Lead => tr!("detail-lead"),
        Role::Partner => tr!("detail-partner"),
        Role::Responsible => tr!("detail-responsible"),
    }
}

/// Resolves overlapping marks: earlier ranges win where they overlap later ones, except that
/// search hits are cut out of any other mark.
fn flatten(marks: Vec<(Range<usize>, Tone)>) -> Vec<(Range<usize>, Tone)> {
    let mut bounds: Vec<usize> = marks.iter().flat_map(|(r, _)| [r.start, r.end]).collect();
    bounds.sort_unstable();
    bounds.dedup();
    let mut out: Vec<(Range<usize>, Tone)> = Vec::new();
    for pair in bounds.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        let covering = marks.iter().filter(|(r, _)| r.start <= start && r.end >= end);
        let tone = covering.clone().find(|(_, t)| *t == Tone::Hit).or_else(|| covering.clone().next()).map(|(_, t)| *t);
        if let Some(tone) = tone {
            match out.last_mut() {
                Some((r, t)) if r.end == start && *t == tone => r.end = end,
                _ => out.push((start..end, tone)),
            }
        }
    }
    out
}
