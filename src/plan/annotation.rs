//! Unit annotations: where they stand in a task's text and what they say.
//!
//! An annotation names the units responsible for a task, in one of the family's forms:
//! - labelled fields: `（牵头单位：A、B；配合单位：C）`, `〔责任单位:A、B〕`, `[牵头单位:A;责任单位:B]`,
//!   or a line of its own `责任单位：A、B`; fields that are not units (`完成时限：…`,
//!   `适用范围：…`) are read as what they are;
//! - the role in words: `（A牵头，B、C配合）`, `（A、B、C负责）`, `（A会同B负责）`,
//!   `（A牵头负责，各区政府组织落实）`, `（A、B按职责分工负责）`;
//! - with a lead rule stated in it or once for the whole document
//!   (`排在第一位的部门为牵头部门，下同`).
//!
//! Brackets that say anything else (`（含技工院校）`, `（试行）`) are not annotations: an
//! unlabelled one must consist of unit names and role words only.
//!
//! The same visitor ([`each_written`]) serves building the units and matching them without
//! building them (search), so both always see the same units.

use std::ops::{ControlFlow, Range};
use std::sync::LazyLock;

use memchr::memmem::Finder;

use super::unit::Role;
use crate::text::numerals::is_han;

/// Searchers for the few words looked for in every paragraph, built once.
static NO_LONGER: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("不再"));
static HUITONG: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("会同"));

static TORTOISE: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("〔"));
static LENTICULAR: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("【"));

/// Labels whose units all lead.
const LEAD_LABELS: &[&str] = &["牵头单位", "牵头部门", "主责单位", "主责部门", "主办单位", "牵头"];
/// Labels whose units are partners, never leads.
const PARTNER_LABELS: &[&str] = &[
    "配合单位",
    "配合部门",
    "参与单位",
    "参与部门",
    "参加单位",
    "协办单位",
    "协同单位",
    "协助单位",
    "支撑单位",
    "配合",
    "参与",
    "协办",
];
/// Labels of a list whose first unit leads unless the annotation names a lead otherwise.
const LIST_LABELS: &[&str] = &[
    "责任单位",
    "责任部门",
    "负责单位",
    "负责部门",
    "责任主体",
    "实施单位",
    "主体单位",
    "承办单位",
    "部门分工",
    "责任分工",
    "职责分工",
    "责任",
    "分工",
];
/// Labels of a deadline.
pub const DEADLINE_LABELS: &[&str] =
    &["完成时限", "时间节点", "完成时间", "进度安排", "时限要求", "完成期限", "时间要求", "时限", "时间安排"];

/// What part the units of a field or clause play before the annotation as a whole is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Lead,
    Partner,
    /// A list: the first unit leads unless a lead is named otherwise.
    List,
    /// A list `按职责分工负责`: all responsible unless the document states a lead rule.
    Shared,
    /// `组织落实`, `负责落实`: responsible, never leads.
    Responsible,
    /// Not units (a deadline, a scope…).
    Other,
}

/// Role words that end a clause, longest first within each part.
const ROLE_WORDS: &[(&str, Part)] = &[
    ("按职责分工分别负责", Part::Shared),
    ("按照职责分工负责", Part::Shared),
    ("按职责分工负责", Part::Shared),
    ("按职能分工负责", Part::Shared),
    ("按职责分工落实", Part::Shared),
    ("按职责分工推进", Part::Shared),
    ("按职责负责", Part::Shared),
    ("分别负责", Part::Shared),
    ("共同负责", Part::Shared),
    ("牵头负责", Part::Lead),
    ("牵头落实", Part::Lead),
    ("牵头实施", Part::Lead),
    ("牵头推进", Part::Lead),
    ("牵头抓总", Part::Lead),
    ("牵头", Part::Lead),
    ("协同配合", Part::Partner),
    ("配合落实", Part::Partner),
    ("配合实施", Part::Partner),
    ("共同参与", Part::Partner),
    ("配合", Part::Partner),
    ("参与", Part::Partner),
    ("协助", Part::Partner),
    ("协办", Part::Partner),
    ("负责落实", Part::Responsible),
    ("组织落实", Part::Responsible),
    ("具体落实", Part::Responsible),
    ("抓好落实", Part::Responsible),
    ("组织实施", Part::Responsible),
    ("具体实施", Part::Responsible),
    ("落实", Part::Responsible),
    ("负责指导", Part::List),
    ("负责", Part::List),
    ("指导", Part::List),
];

/// Group names written with an internal 、 that must not be split into units.
const PROTECTED_GROUPS: &[&str] = &[
    "各区、县级市",
    "各县、市、区",
    "各县、市（区）",
    "各县（市、区）",
    "各县(市、区)",
    "各区、县(市)",
    "各区、县（市）",
    "各市、县（区）",
    "各乡镇、街道",
    "各镇、街道",
    "各乡、镇",
    "各市（州）、县（市、区）",
];

/// One unit as an annotation writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written<'a> {
    /// The text naming it (for a group made from `X等…`, that whole phrase).
    pub raw: &'a str,
    /// For such a group, the group's name.
    pub group: Option<&'a str>,
    pub role: Role,
}

/// Where an annotation stands in a paragraph, and its inside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found<'a> {
    /// The annotation with its brackets (or label), as a byte range of the paragraph.
    pub span: Range<usize>,
    pub inner: &'a str,
}

/// The annotations of a paragraph, in order: bracketed ones anywhere in it, and an
/// unbracketed labelled one at its end (`…。责任单位：A、B`, or a line of its own).
pub fn find_all(text: &str) -> Vec<Found<'_>> {
    let mut found = Vec::new();
    // One pass over the bytes finds the top-level bracket groups and the last colon after
    // them: most paragraphs have neither an annotation nor a label.
    let mut last_colon = None;
    bracket_groups(
        text,
        |span, inner| {
            if is_annotation(inner) {
                found.push(Found { span, inner });
            }
        },
        &mut last_colon,
    );
    let covered_to = found.last().map_or(0, |f| f.span.end);
    if last_colon.is_some_and(|c| c >= covered_to)
        && let Some(tail) = labelled_tail(text, covered_to)
    {
        found.push(tail);
    }
    found
}

/// The annotation that ends a paragraph (ignoring a final 。；), if any: the text before it
/// ends where it starts.
pub fn trailing<'f, 'a>(text: &str, found: &'f [Found<'a>]) -> Option<&'f Found<'a>> {
    let end = text.trim_end_matches(['。', '；', ';', '.', ' ', '\u{3000}']).len();
    found.last().filter(|f| f.span.end >= end)
}

/// Whether a paragraph is nothing but annotations.
pub fn is_only_annotation(text: &str, found: &[Found]) -> bool {
    let mut at = 0;
    for f in found {
        if !text[at..f.span.start].trim_matches(is_filler).is_empty() {
            return false;
        }
        at = f.span.end;
    }
    !found.is_empty() && text[at..].trim_matches(is_filler).is_empty()
}

fn is_filler(c: char) -> bool {
    c.is_whitespace() || matches!(c, '。' | '；' | ';' | '.' | '，' | ',')
}

/// The top-level bracket groups of a text: span including the brackets, and the inside;
/// and where the last colon outside brackets is. One pass; an unmatched bracket is ignored.
fn bracket_groups<'a>(text: &'a str, mut group: impl FnMut(Range<usize>, &'a str), last_colon: &mut Option<usize>) {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut start = 0usize;
    let mut mark = |i: usize| match mark_at(bytes, i) {
        Some((Mark::Open, _)) => {
            if depth == 0 {
                start = i;
            }
            depth += 1;
        }
        Some((Mark::Close, len)) if depth > 0 => {
            depth -= 1;
            if depth == 0 {
                let open_len = char_len(bytes[start]);
                group(start..i + len, &text[start + open_len..i]);
            }
        }
        Some((Mark::Colon, _)) if depth == 0 => *last_colon = Some(i),
        _ => {}
    };
    // The bytes marks start with, found with memchr (vectorised) rather than looked at one
    // by one: ( ) : among ASCII, and the lead bytes of full-width marks (（）：［］〔〕【】).
    // 、。 share their lead byte with 〔〕【】: that byte is looked at only where those are.
    let square = memchr::memchr2(b'[', b']', bytes).is_some();
    let tortoise = TORTOISE.find(bytes).is_some() || LENTICULAR.find(bytes).is_some();
    let mut ascii = memchr::memchr3_iter(b'(', b')', b':', bytes).peekable();
    let mut rare = memchr::memchr3_iter(
        if square { b'[' } else { 0 },
        if square { b']' } else { 0 },
        if tortoise { 0xe3 } else { 0 },
        bytes,
    )
    .peekable();
    let mut wide = memchr::memchr_iter(0xef, bytes).peekable();
    loop {
        let next = [ascii.peek(), rare.peek(), wide.peek()].into_iter().flatten().min().copied();
        let Some(i) = next else { break };
        if ascii.peek() == Some(&i) {
            ascii.next();
        } else if rare.peek() == Some(&i) {
            rare.next();
        } else {
            wide.next();
        }
        mark(i);
    }
}

/// `责任单位：A、B` at the end of a paragraph after `from`: at its start or after a 。.
fn labelled_tail(text: &str, from: usize) -> Option<Found<'_>> {
    let rest = &text[from..];
    // The last sentence, or the whole paragraph.
    let trimmed = rest.trim_end_matches(['。', '；', ';', ' ', '\u{3000}']);
    let start = trimmed.rfind(['。', '；']).map_or(0, |i| i + trimmed[i..].chars().next().map_or(0, char::len_utf8));
    let tail = trimmed[start..].trim_start();
    let offset = from + (trimmed.len() - tail.len());
    let (label, _) = label_at_start(tail)?;
    if !matches!(label_part(label), Part::Lead | Part::Partner | Part::List) {
        return None;
    }
    // A sentence that merely mentions a label (责任单位：要加强…) is not one: it must read.
    let mut any = false;
    each_written(tail, false, |_| {
        any = true;
        ControlFlow::Break(())
    });
    any.then_some(Found { span: offset..text.len(), inner: tail })
}

/// Whether the inside of brackets is a unit annotation.
pub fn is_annotation(inner: &str) -> bool {
    let inner = inner.trim();
    if inner.is_empty() || inner.len() > 4096 {
        return false;
    }
    if let Some((label, _)) = label_at_start(inner) {
        return matches!(label_part(label), Part::Lead | Part::Partner | Part::List);
    }
    // Unlabelled: the first sentence must be clauses of unit names and role words only, up
    // to a field that names no units (`（A负责；完成时限：2025年底前）`).
    let mut first = first_sentence(inner);
    if first.contains([':', '：'])
        && let Some((None, unlabelled)) = fields(first).first()
    {
        first = unlabelled;
    }
    // Quick rejection: no character any role word has (负责 牵头 配合 参与 落实 指导…).
    if !first.chars().any(|c| matches!(c, '负' | '牵' | '配' | '参' | '落' | '指' | '协' | '实' | '推' | '抓'))
    {
        return false;
    }
    let mut role_words = 0;
    let mut ok = true;
    let _ = split_top(first, &[Mark::Separator], |clause| {
        let clause = clause.trim();
        if clause.is_empty() || is_instruction(clause) {
            return ControlFlow::Continue(());
        }
        let (names, part) = strip_role_word(clause);
        if part.is_some() {
            role_words += 1;
        }
        let names = strip_lead_in(names);
        let mut any = false;
        let flow = split_names(names, |piece| {
            let (a, b) = split_huitong(piece);
            for name in [Some(a), b].into_iter().flatten() {
                if !plausible_name(name.trim_end_matches('等')) {
                    return ControlFlow::Break(());
                }
                any = true;
            }
            ControlFlow::Continue(())
        });
        if flow.is_break() || !any {
            ok = false;
            return ControlFlow::Break(());
        }
        ControlFlow::Continue(())
    });
    ok && role_words > 0
}

/// The part of an annotation before its first top-level 。 (what follows is an instruction).
fn first_sentence(inner: &str) -> &str {
    // Most annotations have no 。 at all: nothing to look for then.
    if memchr::memmem::find(inner.as_bytes(), "。".as_bytes()).is_none() {
        return inner;
    }
    let mut end = inner.len();
    let bytes = inner.as_bytes();
    let mut depth = 0i32;
    let mut i = 0;
    while i < bytes.len() {
        if depth == 0 && bytes[i..].starts_with("。".as_bytes()) {
            end = i;
            break;
        }
        match mark_at(bytes, i) {
            Some((mark, len)) => {
                depth += mark.nesting();
                i += len;
            }
            None => i += char_len(bytes[i]),
        }
    }
    &inner[..end]
}

/// Whether a clause states the lead rule or is some other instruction, not units
/// (`排在第一位的部门为牵头部门`, `下同`).
fn is_instruction(clause: &str) -> bool {
    // Names with a note after them (`A、B(第一责任单位为牵头单位,下同)`) are names.
    let clause = strip_note(clause);
    states_lead_rule(clause)
        || clause.starts_with("下同")
        || clause.starts_with("以下同")
        || clause.starts_with("不再")
        || is_deadline_clause(clause)
}

/// Ongoing forms a clause of an annotation may give for its deadline.
const ONGOING: [&str; 4] = ["长期坚持", "持续推进", "每年", "长期"];

/// Whether a clause of an annotation is its deadline, unlabelled: `2025年底前完成`,
/// `6月底前`, `长期坚持` (in `（A负责，2025年底前完成）`).
fn is_deadline_clause(clause: &str) -> bool {
    let clause = clause.trim();
    if ONGOING.contains(&clause) {
        return true;
    }
    // A date phrase, and nothing but it and 前/完成/底: at most 16 characters.
    clause.chars().count() <= 16
        && clause.chars().next().is_some_and(|c| c.is_ascii_digit() || "〇一二三四五六七八九十上下年今明本".contains(c))
        && super::deadline::from_text(clause, Some(2000)).is_some()
}

/// An unlabelled deadline in an annotation's first sentence (`A负责，2025年底前完成`).
pub fn deadline_clause(inner: &str) -> Option<&str> {
    let mut found = None;
    let _ = split_top(first_sentence(inner), &[Mark::Separator], |clause| {
        let clause = clause.trim();
        if is_deadline_clause(clause) {
            found = Some(clause);
            return ControlFlow::Break(());
        }
        ControlFlow::Continue(())
    });
    found
}

/// Whether a text states that the first listed unit leads: `排在第一位的部门为牵头部门`,
/// `排名第一的单位为牵头单位`, `列第一位的为牵头单位`, `列第一位者为工作牵头单位`.
pub fn states_lead_rule(text: &str) -> bool {
    // 排在第一位的…为牵头…, 列首位者为牵头单位, 第一责任单位为牵头单位, 首位单位为牵头单位.
    text.match_indices("牵头").any(|(lead, _)| {
        let before = &text[..lead];
        (before.contains("第一") || before.contains("首位")) && before.contains('为')
    })
}

/// A unit an annotation states once for every task from there on, instead of naming it
/// each time: `以下均需试点城市政府落实，不再列出`, `具体任务均涉及相关市(州)人民政府，不再做分工`.
pub fn stated_for_all(inner: &str) -> Option<&str> {
    let at = NO_LONGER.find(inner.as_bytes())?;
    // The sentence holding 不再, up to it.
    let start =
        inner[..at].rfind(['。', '；', ';']).map_or(0, |i| i + inner[i..].chars().next().map_or(1, char::len_utf8));
    let sentence = &inner[start..at];
    const MARKERS: &[&str] = &["均需", "均须", "均由", "均涉及", "都需", "都由", "均要"];
    let (marker_at, marker) =
        MARKERS.iter().filter_map(|m| sentence.find(m).map(|i| (i, *m))).min_by_key(|(i, _)| *i)?;
    let rest = &sentence[marker_at + marker.len()..];
    let end = ["负责落实", "落实", "负责", "承担", "参与", ",", "，"]
        .iter()
        .filter_map(|w| rest.find(w))
        .min()
        .unwrap_or(rest.len());
    let unit = rest[..end].trim();
    plausible_name(unit).then_some(unit)
}

/// The label a field starts with, and the byte length of label and colon.
fn label_at_start(s: &str) -> Option<(&str, usize)> {
    let trimmed = s.trim_start();
    let offset = s.len() - trimmed.len();
    let colon = trimmed.char_indices().take(9).find(|(_, c)| matches!(c, ':' | '：')).map(|(i, _)| i)?;
    let label = trimmed[..colon].trim_end();
    if label.is_empty() || !label.chars().all(is_han) {
        return None;
    }
    let colon_len = trimmed[colon..].chars().next().map_or(1, char::len_utf8);
    Some((label, offset + colon + colon_len))
}

/// What a label says about its units.
fn label_part(label: &str) -> Part {
    if LEAD_LABELS.contains(&label) {
        Part::Lead
    } else if PARTNER_LABELS.contains(&label) {
        Part::Partner
    } else if LIST_LABELS.contains(&label) {
        Part::List
    } else {
        Part::Other
    }
}

/// Splits the inside of an annotation into its fields: each label (or none, for text
/// before the first) with its value. Labels are found at bracket depth 0 right before a
/// colon.
fn fields(inner: &str) -> Vec<(Option<&str>, &str)> {
    let bytes = inner.as_bytes();
    // (label, label start, value start)
    let mut labels: Vec<(&str, usize, usize)> = Vec::new();
    let mut depth = 0i32;
    let mut i = 0;
    while i < bytes.len() {
        match mark_at(bytes, i) {
            Some((mark, len)) => {
                depth += mark.nesting();
                if matches!(mark, Mark::Colon) && depth == 0 {
                    // The run of Chinese characters before the colon (at most eight).
                    let before = inner[..i].trim_end();
                    let start = before
                        .char_indices()
                        .rev()
                        .take(8)
                        .take_while(|(_, c)| is_han(*c))
                        .last()
                        .map_or(before.len(), |(at, _)| at);
                    let run = &before[start..];
                    // The label is the longest known label ending the run, or the run if it
                    // names no units (完成时限, 适用范围).
                    let label = known_suffix(run).unwrap_or(run);
                    if !label.is_empty() {
                        let label_start = before.len() - label.len();
                        labels.push((label, label_start, i + len));
                    }
                }
                i += len;
            }
            None => i += char_len(bytes[i]),
        }
    }
    let mut out = Vec::with_capacity(labels.len() + 1);
    let first_start = labels.first().map_or(inner.len(), |l| l.1);
    if !inner[..first_start].trim_matches(is_filler).is_empty() {
        out.push((None, &inner[..first_start]));
    }
    for (n, &(label, _, value_start)) in labels.iter().enumerate() {
        let end = labels.get(n + 1).map_or(inner.len(), |l| l.1);
        out.push((Some(label), &inner[value_start.min(end)..end]));
    }
    out
}

/// The longest known unit or deadline label that ends `run`.
fn known_suffix(run: &str) -> Option<&str> {
    LEAD_LABELS
        .iter()
        .chain(PARTNER_LABELS)
        .chain(LIST_LABELS)
        .chain(DEADLINE_LABELS)
        .filter(|l| run.ends_with(*l))
        .max_by_key(|l| l.len())
        .map(|l| &run[run.len() - l.len()..])
}

/// The value of a deadline field in an annotation (`完成时限：2025年12月底前`).
pub fn deadline_field(inner: &str) -> Option<&str> {
    // A deadline label ends with 限 点 间 排 or 求 right before a colon: most annotations
    // have no such colon.
    let bytes = inner.as_bytes();
    let labelled = memchr::memchr2_iter(b':', 0xef, bytes).any(|i| {
        (bytes[i] == b':' || bytes[i..].starts_with("：".as_bytes()))
            && inner[..i].trim_end().chars().next_back().is_some_and(|c| matches!(c, '限' | '点' | '间' | '排' | '求'))
    });
    if !labelled {
        return None;
    }
    fields(inner).into_iter().find_map(|(label, value)| {
        label.filter(|l| DEADLINE_LABELS.contains(l)).map(|_| value.trim_matches(|c: char| is_filler(c) || c == '、'))
    })
}

/// Hands each unit written in an annotation's inside to `each`, in order, with its role,
/// until it breaks. `rule`: the document states that the first listed unit leads. `None`
/// if the inside names no units.
pub fn each_written<'a>(
    inner: &'a str,
    rule: bool,
    mut each: impl FnMut(Written<'a>) -> ControlFlow<()>,
) -> Option<ControlFlow<()>> {
    let sentence = first_sentence(inner);
    // First the clauses with what they say, then the roles once the whole is known.
    let mut clauses: Vec<(&'a str, Part)> = Vec::with_capacity(8);
    for (label, value) in fields(sentence) {
        let default = match label {
            Some(label) => label_part(label),
            None => Part::List,
        };
        if default == Part::Other {
            continue;
        }
        // In words, a clause without a role word takes the next one's (`A牵头，B等部门，C配合`).
        let field_start = clauses.len();
        let mut pending = 0;
        let _ = split_top(value, &[Mark::Separator], |clause| {
            let clause = clause.trim_matches(|c: char| c.is_whitespace() || c == '、');
            if clause.is_empty() || is_instruction(clause) {
                return ControlFlow::Continue(());
            }
            let (names, part) = strip_role_word(clause);
            // A role word inside a labelled field decides, except that a lead or partner
            // label is not undone by `负责` (牵头单位：A负责).
            let part = match (part, default) {
                (Some(Part::List), Part::Lead | Part::Partner) => Some(default),
                (Some(part), _) => Some(part),
                // In a list field (责任单位：A、B，C按职责分工负责) a later word covers it too.
                (None, Part::List) => None,
                (None, _) => Some(default),
            };
            let names = strip_lead_in(names);
            match part {
                Some(part) => {
                    let from = clauses.len() - pending;
                    for earlier in &mut clauses[from..] {
                        earlier.1 = part;
                    }
                    pending = 0;
                    // A会同B: A leads (or is a partner, in a partner clause), B a partner.
                    match split_huitong(names) {
                        (a, Some(b)) => {
                            clauses.push((a, if part == Part::Partner { Part::Partner } else { Part::Lead }));
                            clauses.push((b, Part::Partner));
                        }
                        (a, None) => clauses.push((a, part)),
                    }
                }
                None => {
                    clauses.push((names, default));
                    pending += 1;
                }
            }
            ControlFlow::Continue(())
        });
        debug_assert!(clauses.len() >= field_start);
    }
    if clauses.is_empty() {
        return None;
    }
    let explicit_lead = clauses.iter().any(|(_, part)| *part == Part::Lead);
    let mut first_in_list = true;
    let mut any = false;
    for (names, part) in clauses {
        let flow = split_names(names, |piece| {
            let role = match part {
                Part::Lead => Role::Lead,
                Part::Partner => Role::Partner,
                Part::Responsible | Part::Other => Role::Responsible,
                Part::List if explicit_lead => Role::Responsible,
                Part::Shared if explicit_lead || !rule => Role::Responsible,
                Part::List | Part::Shared => {
                    if first_in_list {
                        Role::Lead
                    } else {
                        Role::Partner
                    }
                }
            };
            if matches!(part, Part::List | Part::Shared) {
                first_in_list = false;
            }
            any = true;
            interpret(piece, role, &mut each)
        });
        if flow.is_break() {
            return Some(flow);
        }
    }
    any.then_some(ControlFlow::Continue(()))
}

/// A name without a note in brackets after it that is an instruction, not part of the name
/// (`市财政局(第一责任单位为牵头单位,下同)`); brackets that are (县发改局(粮食局)) stay.
fn strip_note(name: &str) -> &str {
    if name.ends_with([')', '）'])
        && let Some(open) = name.rfind(['(', '（'])
    {
        let inside = &name[open..];
        if inside.contains("下同") || states_lead_rule(inside) {
            return name[..open].trim_end();
        }
    }
    name
}

/// The role word ending a clause, and the names before it.
fn strip_role_word(clause: &str) -> (&str, Option<Part>) {
    let clause = clause.trim_end_matches(['。', '.', ' ']);
    for (word, part) in ROLE_WORDS {
        if let Some(names) = clause.strip_suffix(word) {
            return (names.trim_end(), Some(*part));
        }
    }
    (clause, None)
}

/// Drops a lead-in before the names: `由A负责` → `A`.
fn strip_lead_in(names: &str) -> &str {
    let names = names.trim();
    for prefix in ["均由", "分别由", "由"] {
        if let Some(rest) = names.strip_prefix(prefix) {
            return rest.trim_start();
        }
    }
    names
}

/// Where `会同` joins a lead and its partners in a piece (`A会同B`).
fn huitong_at(s: &str) -> Option<usize> {
    HUITONG.find(s.as_bytes())
}

/// `A、B会同C` → (`A、B`, Some(`C`)); anything else → (itself, None).
fn split_huitong(names: &str) -> (&str, Option<&str>) {
    match huitong_at(names) {
        Some(at) if at > 0 => (&names[..at], Some(&names[at + "会同".len()..])),
        _ => (names, None),
    }
}

/// A piece that can be a unit's name: Chinese, short, and not a phrase of a sentence.
fn plausible_name(name: &str) -> bool {
    let name = name.trim();
    let chars = name.chars().count();
    (2..=30).contains(&chars)
        && name.chars().any(is_han)
        && !name.contains(['。', '：', ':', '的', '“', '”'])
        && !name.starts_with(['对', '在', '按', '根', '为', '将', '把', '以', '与'])
}

/// The units of one written piece: `X等相关单位` is X plus the group 相关单位.
fn interpret<'a>(raw: &'a str, role: Role, each: &mut impl FnMut(Written<'a>) -> ControlFlow<()>) -> ControlFlow<()> {
    let raw = strip_note(raw.trim());
    if raw.is_empty() {
        return ControlFlow::Continue(());
    }
    // `X等`: X, and others not named.
    if let Some(office) = raw.strip_suffix('等')
        && !office.is_empty()
    {
        return each(Written { raw: office, group: None, role });
    }
    if let Some((office, rest)) = raw.split_once('等')
        && !office.is_empty()
        && (matches!(rest, "单位" | "部门") || super::unit::is_group_name(rest))
    {
        let group = match rest {
            "单位" => "相关单位",
            "部门" => "相关部门",
            other => other,
        };
        each(Written { raw: office, group: None, role })?;
        let group_role = if role == Role::Lead { Role::Partner } else { role };
        return each(Written { raw, group: Some(group), role: group_role });
    }
    each(Written { raw, group: None, role })
}

/// Splits a clause's names on 、 , and spaces at bracket depth 0, keeping protected group
/// names whole and splitting `A及B` / `A和B` where A ends like a unit's name; hands each
/// trimmed, non-empty piece to `each` until it breaks.
fn split_names<'a>(value: &'a str, mut each: impl FnMut(&'a str) -> ControlFlow<()>) -> ControlFlow<()> {
    let bytes = value.as_bytes();
    let mut emit = |piece: &'a str| {
        let piece = piece.trim_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '。' | ':' | '：' | '、'));
        if piece.is_empty() { ControlFlow::Continue(()) } else { each(piece) }
    };
    let mut depth = 0i32;
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        if depth == 0
            && bytes[i..].starts_with("各".as_bytes())
            && let Some(group) = PROTECTED_GROUPS.iter().find(|g| bytes[i..].starts_with(g.as_bytes()))
        {
            i += group.len();
            continue;
        }
        if depth == 0 && (bytes[i] == b' ' || bytes[i..].starts_with("\u{3000}".as_bytes())) {
            emit(&value[start..i])?;
            i += char_len(bytes[i]);
            start = i;
            continue;
        }
        if depth == 0
            && (bytes[i..].starts_with("及".as_bytes()) || bytes[i..].starts_with("和".as_bytes()))
            && (ends_like_unit(&value[start..i]) || value[start..i].ends_with('等'))
            && i + 3 < bytes.len()
            && !joins_generic(&value[i + 3..])
        {
            emit(&value[start..i])?;
            i += 3;
            start = i;
            continue;
        }
        match mark_at(bytes, i) {
            Some((Mark::Separator | Mark::Enumeration, len)) if depth <= 0 => {
                emit(&value[start..i])?;
                i += len;
                start = i;
            }
            Some((mark, len)) => {
                depth += mark.nesting();
                i += len;
            }
            None => i += char_len(bytes[i]),
        }
    }
    emit(&value[start..])
}

/// Whether the words after 和/及 are a generic noun completing a group (`有关部门和单位`).
fn joins_generic(after: &str) -> bool {
    const GENERIC: &[&str] = &["单位", "部门", "机构", "企业", "组织", "社会组织", "事业单位", "人民团体"];
    let end = after.find(['、', '，', ',', '；', ';', ' ']).unwrap_or(after.len());
    GENERIC.contains(&&after[..end])
}

/// Whether a text ends like a unit's name (局, 委, 办, 部门, 政府…): then a 及 or 和 after
/// it joins two units rather than being part of one name (人力资源和社会保障局).
fn ends_like_unit(s: &str) -> bool {
    const ENDINGS: &[char] = &[
        '局', '委', '办', '厅', '部', '府', '院', '会', '所', '处', '室', '站', '心', '门', '位', '司', '行', '团',
        '社', '队', '署', '馆', '台', '区', '县', '镇', '组',
    ];
    s.chars().count() >= 2 && s.ends_with(ENDINGS)
}

/// Splits `text` at top-level marks of the given kinds and hands each piece to `each`.
fn split_top<'a>(text: &'a str, at: &[Mark], mut each: impl FnMut(&'a str) -> ControlFlow<()>) -> ControlFlow<()> {
    let bytes = text.as_bytes();
    let mut depth = 0i32;
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        match mark_at(bytes, i) {
            Some((mark, len)) => {
                if depth == 0 && at.contains(&mark) && !is_protected_at(bytes, i) {
                    each(&text[start..i])?;
                    start = i + len;
                } else {
                    depth += mark.nesting();
                }
                i += len;
            }
            None => i += char_len(bytes[i]),
        }
    }
    each(&text[start..])
}

/// Whether byte `i` is a 、 inside a protected group name (checked by looking back at most a
/// group's length).
fn is_protected_at(bytes: &[u8], i: usize) -> bool {
    if !bytes[i..].starts_with("、".as_bytes()) {
        return false;
    }
    PROTECTED_GROUPS.iter().any(|g| {
        let g = g.as_bytes();
        (0..g.len()).any(|off| i >= off && bytes[i - off..].starts_with(g))
    })
}

/// Brackets, separators and colons in annotations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mark {
    Open,
    Close,
    /// ， , ； ; — between clauses and units.
    Separator,
    /// 、 — between units.
    Enumeration,
    Colon,
}

impl Mark {
    /// How the mark changes the bracket depth.
    pub(crate) fn nesting(&self) -> i32 {
        match self {
            Mark::Open => 1,
            Mark::Close => -1,
            _ => 0,
        }
    }
}

/// The length in bytes of the character whose UTF-8 form starts with `lead`.
pub(crate) fn char_len(lead: u8) -> usize {
    match lead {
        0xf0.. => 4,
        0xe0.. => 3,
        0xc0.. => 2,
        _ => 1,
    }
}

/// The bracket, separator or colon starting at byte `i`, and its length in bytes.
#[inline]
pub(crate) fn mark_at(bytes: &[u8], i: usize) -> Option<(Mark, usize)> {
    let next = |k: usize| bytes.get(i + k).copied();
    Some(match bytes[i] {
        b'(' | b'[' => (Mark::Open, 1),
        b')' | b']' => (Mark::Close, 1),
        b',' | b';' => (Mark::Separator, 1),
        b':' => (Mark::Colon, 1),
        0xe3 if next(1) == Some(0x80) => match next(2)? {
            0x81 => (Mark::Enumeration, 3),  // 、
            0x94 | 0x90 => (Mark::Open, 3),  // 〔 【
            0x95 | 0x91 => (Mark::Close, 3), // 〕 】
            _ => return None,
        },
        0xef if next(1) == Some(0xbc) => match next(2)? {
            0x88 | 0xbb => (Mark::Open, 3),      // （ ［
            0x89 | 0xbd => (Mark::Close, 3),     // ） ］
            0x8c | 0x9b => (Mark::Separator, 3), // ， ；
            0x9a => (Mark::Colon, 3),            // ：
            _ => return None,
        },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(inner: &str, rule: bool) -> Vec<(String, Role, bool)> {
        let mut out = Vec::new();
        each_written(inner, rule, |w| {
            out.push((w.group.unwrap_or(w.raw).to_string(), w.role, w.group.is_some()));
            ControlFlow::Continue(())
        });
        out
    }

    fn short(inner: &str, rule: bool) -> Vec<String> {
        roles(inner, rule)
            .into_iter()
            .map(|(name, role, _)| {
                let tag = match role {
                    Role::Lead => "牵",
                    Role::Partner => "配",
                    Role::Responsible => "责",
                };
                format!("{tag}:{name}")
            })
            .collect()
    }

    #[test]
    fn labelled_fields() {
        assert_eq!(
            short("责任单位:县人大常委会办公室、县法院、县司法局。排名第一的单位为牵头单位。下同", false),
            ["牵:县人大常委会办公室", "配:县法院", "配:县司法局"]
        );
        assert_eq!(
            short("牵头单位：市发展改革委、市经济信息化委；配合单位：市财政局", false),
            ["牵:市发展改革委", "牵:市经济信息化委", "配:市财政局"]
        );
        assert_eq!(
            short("牵头单位:市商务局  责任单位:市编办、市发改委、各区县政府", false),
            ["牵:市商务局", "责:市编办", "责:市发改委", "责:各区县政府"]
        );
        assert_eq!(
            short("牵头单位:县发改局(粮食局);责任单位:各镇人民政府,嘉鱼经济开发区", false),
            ["牵:县发改局(粮食局)", "责:各镇人民政府", "责:嘉鱼经济开发区"]
        );
        assert_eq!(short("牵头部门：A局、B局", false), ["牵:A局", "牵:B局"]);
        assert_eq!(short("牵头单位：市教育局；完成时限：2025年12月底前", false), ["牵:市教育局"]);
        assert_eq!(short("适用范围：全市；责任单位：市教育局", false), ["牵:市教育局"]);
        // Units in words, then a field that names none.
        assert!(is_annotation("县发改局负责；完成时限：2025年6月底前"));
        assert!(is_annotation("县发改局牵头，县财政局配合；时间节点：2025年6月"));
        assert_eq!(short("县发改局牵头，县财政局配合；完成时限：2025年6月底前", false), ["牵:县发改局", "配:县财政局"]);
        assert!(!is_annotation("完成时限：2025年6月底前"));
        assert!(!is_annotation("详见附件：2025年工作清单"));
        // A deadline in words after the units is no unit.
        assert_eq!(short("县发改局负责，2025年底前完成", false), ["牵:县发改局"]);
        assert_eq!(short("县财政局牵头，县税务局配合，2025年6月底前完成", false), ["牵:县财政局", "配:县税务局"]);
        assert_eq!(short("县司法局负责，长期坚持", false), ["牵:县司法局"]);
        assert!(is_annotation("县发改局负责，2025年底前完成"));
        assert_eq!(deadline_clause("县发改局负责，2025年底前完成"), Some("2025年底前完成"));
        assert_eq!(deadline_clause("县司法局负责，长期坚持"), Some("长期坚持"));
        assert_eq!(deadline_clause("县发改局、县财政局负责"), None);
        // A unit whose name holds a year is a unit.
        assert_eq!(short("2025年全运会组委会负责", false), ["牵:2025年全运会组委会"]);
    }

    #[test]
    fn roles_across_clauses() {
        assert_eq!(
            short("区发改局牵头,区财政局、区水务局等部门,区国投公司、各街道办事处配合", false),
            ["牵:区发改局", "配:区财政局", "配:区水务局", "配:相关部门", "配:区国投公司", "配:各街道办事处"]
        );
        assert_eq!(
            short("国家发展改革委、财政部会同有关部门负责", false),
            ["牵:国家发展改革委", "牵:财政部", "配:有关部门"]
        );
        assert_eq!(
            short("人力资源社会保障部等有关部门和单位负责", false),
            ["牵:人力资源社会保障部", "配:有关部门和单位"]
        );
        assert_eq!(short("全国总工会等和各省级人民政府负责", false), ["牵:全国总工会", "配:各省级人民政府"]);
        assert_eq!(short("工业和信息化部、科技部等负责", false), ["牵:工业和信息化部", "配:科技部"]);
    }

    #[test]
    fn roles_in_words() {
        assert_eq!(
            short("市发展改革委牵头，市财政局、市商务局配合", false),
            ["牵:市发展改革委", "配:市财政局", "配:市商务局"]
        );
        assert_eq!(
            short("税务总局、财政部、海关总署负责，排在第一位的部门为牵头部门，下同", false),
            ["牵:税务总局", "配:财政部", "配:海关总署"]
        );
        assert_eq!(short("海关总署、商务部等有关部门负责", false), ["牵:海关总署", "配:商务部", "配:有关部门"]);
        assert_eq!(short("市住房城乡建设委牵头负责，各区政府组织落实", false), ["牵:市住房城乡建设委", "责:各区政府"]);
        assert_eq!(short("市教委会同市财政局负责", false), ["牵:市教委", "配:市财政局"]);
        assert_eq!(short("工业和信息化部、公安部按职责分工负责", false), ["责:工业和信息化部", "责:公安部"]);
        assert_eq!(short("工业和信息化部、公安部按职责分工负责", true), ["牵:工业和信息化部", "配:公安部"]);
        assert_eq!(short("各区政府负责", false), ["牵:各区政府"]);
        assert_eq!(
            short("市政府办公室、市审改办牵头，市级各有关部门及各县市区政府按职责分工负责", false),
            ["牵:市政府办公室", "牵:市审改办", "责:市级各有关部门", "责:各县市区政府"]
        );
        assert_eq!(short("由县司法局负责", false), ["牵:县司法局"]);
    }

    #[test]
    fn what_is_not_an_annotation() {
        for inner in
            ["含技工院校", "试行", "党委", "2018—2020年", "以下简称“协会”", "由县政府负责组织实施的项目除外", "下同"]
        {
            assert!(!is_annotation(inner), "{inner}");
        }
        for inner in ["市场监管总局负责", "责任单位：县司法局", "A局牵头，B局配合", "各区政府负责"]
        {
            assert!(is_annotation(inner), "{inner}");
        }
    }

    #[test]
    fn annotations_anywhere_in_a_paragraph() {
        let text = "大力推进商事制度改革。（市场监管总局负责）加强创新创业教育服务。（体育总局、教育部负责）";
        let found = find_all(text);
        let inners: Vec<&str> = found.iter().map(|f| f.inner).collect();
        assert_eq!(inners, ["市场监管总局负责", "体育总局、教育部负责"]);
        assert!(trailing(text, &found).is_some());
        let text = "正文。\n责任单位：县司法局、县财政局";
        let found = find_all(text);
        assert_eq!(found.last().map(|f| f.inner), Some("责任单位：县司法局、县财政局"));
        let text = "建立完善政法机关重大事项由党组(党委)向同级党委报告等制度。";
        assert!(find_all(text).is_empty());
    }

    #[test]
    fn units_stated_once_for_all() {
        assert_eq!(
            stated_for_all("生态环境部指导，试点城市政府负责落实。以下均需试点城市政府落实，不再列出"),
            Some("试点城市政府")
        );
        assert_eq!(
            stated_for_all("责任单位:省发展改革委按职责分工负责。具体任务均涉及相关市(州)人民政府,不再做分工,下同。"),
            Some("相关市(州)人民政府")
        );
        assert_eq!(stated_for_all("责任单位：县司法局"), None);
    }

    #[test]
    fn lead_rule_statements() {
        assert!(states_lead_rule("排在第一位的部门为牵头部门，下同"));
        assert!(states_lead_rule("牵头单位(列第一位者为工作牵头单位)要主动承担牵头责任"));
        assert!(states_lead_rule("第一责任单位为牵头单位,下同"));
        assert!(states_lead_rule("首位单位为牵头单位,下同"));
        assert!(!states_lead_rule("党政主要负责人是第一责任人"));
        assert!(!states_lead_rule("市发改委牵头，第一批试点"));
    }

    #[test]
    fn deadline_fields() {
        assert_eq!(deadline_field("牵头单位：市教育局；完成时限：2025年12月底前"), Some("2025年12月底前"));
        assert_eq!(deadline_field("牵头单位：市教育局"), None);
    }
}
