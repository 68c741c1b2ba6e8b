//! The responsible-unit annotation of a measure: finding it at the end of the text, splitting
//! it into fields (牵头单位, 责任单位, 配合单位, …) and units, the lead rule, groups and the
//! alias table from `assets/unit_aliases.tsv`.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::cell::RefCell;
use std::ops::ControlFlow;
use std::sync::{Arc, OnceLock};

use super::model::{Unit, UnitKind, UnitRef};

/// Field labels that introduce units. The first group are explicit leads.
const LEAD_LABELS: &[&str] = &["牵头单位", "牵头部门", "主办单位", "主责单位", "责任主体"];
const OTHER_LABELS: &[&str] = &[
    "责任单位",
    "责任部门",
    "配合单位",
    "配合部门",
    "参与单位",
    "参加单位",
    "协办单位",
    "协同单位",
    "实施单位",
    "负责单位",
];

/// The first characters of all labels, to skip the label search everywhere else.
const LABEL_STARTS: &[char] = &['牵', '主', '责', '配', '参', '协', '实', '负'];

/// Group names written with an internal 、 that must not be split into units.
const PROTECTED_GROUPS: &[&str] = &[
    "各区、县级市",
    "各县、市、区",
    "各县（市、区）",
    "各县(市、区)",
    "各区、县(市)",
    "各区、县（市）",
    "各乡镇、街道",
    "各乡、镇",
];

/// The parsed unit annotation of a measure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    pub units: Vec<UnitRef>,
}

/// Splits a measure's text into the text proper and its trailing unit annotation, if any.
///
/// Recognised: `…。(责任单位:A、B)`, `…（牵头单位：A，配合单位：B）`, `〔牵头单位:…〕`, and a
/// paragraph that is only an annotation (with or without brackets). Returns the text without
/// the annotation.
pub fn split_annotation(text: &str) -> (&str, Option<Annotation>) {
    match find_annotation(text) {
        Some((text_end, inner)) => match parse_fields(inner) {
            Some(annotation) => (text[..text_end].trim_end(), Some(annotation)),
            None => (text, None),
        },
        None => (text, None),
    }
}

/// The units of an annotation's inside (for benchmarks and tools).
pub fn parse_units(inner: &str) -> Box<[UnitRef]> {
    parse_annotation(inner)
}

/// The units of an annotation's inside, as found by [`locate_annotation`].
pub(crate) fn parse_annotation(inner: &str) -> Box<[UnitRef]> {
    parse_fields(inner).map(|a| a.units.into_boxed_slice()).unwrap_or_default()
}

/// Where a text's trailing annotation is: the end of the text before it, and its inside.
pub(crate) fn locate_annotation(text: &str) -> Option<(usize, &str)> {
    find_annotation(text)
}

/// Where the trailing annotation is: the end of the text before it, and its inside (from
/// its first label on).
fn find_annotation(text: &str) -> Option<(usize, &str)> {
    let trimmed = text.trim_end_matches(['。', '；', ';', '.', ' ', '\u{3000}', '\n']);
    // A closing bracket at the end: find its opening bracket, allowing nesting.
    if let Some(close) = trimmed.chars().next_back()
        && let Some(open_of) = opening_for(close)
    {
        let open = matching_open(trimmed, open_of, close)?;
        let inner = &trimmed[open + open_of.len_utf8()..trimmed.len() - close.len_utf8()];
        return starts_with_label(inner).map(|_| (open, inner));
    }
    // An unbracketed annotation on its own paragraph: `责任单位：A、B`.
    let start = trimmed.rfind('\n').map_or(0, |i| i + 1);
    let last = &trimmed[start..];
    starts_with_label(last).map(|_| (start, last))
}

/// The byte position of the bracket opening the one that ends `text`. Scans backwards over
/// the bytes for the last byte of either bracket's UTF-8 form (a byte that cannot occur
/// elsewhere in another character's place, since it is checked against the whole form).
fn matching_open(text: &str, open: char, close: char) -> Option<usize> {
    let (mut open_buf, mut close_buf) = ([0u8; 4], [0u8; 4]);
    let (open_bytes, close_bytes) =
        (open.encode_utf8(&mut open_buf).as_bytes(), close.encode_utf8(&mut close_buf).as_bytes());
    let bytes = text.as_bytes();
    let (open_last, close_last) = (open_bytes[open_bytes.len() - 1], close_bytes[close_bytes.len() - 1]);
    let mut depth = 0usize;
    for end in memchr::memrchr2_iter(open_last, close_last, bytes) {
        let at = |form: &[u8]| (end + 1).checked_sub(form.len()).filter(|&start| bytes[start..=end] == *form);
        if let Some(_start) = at(close_bytes) {
            depth += 1;
        } else if let Some(start) = at(open_bytes) {
            depth = depth.checked_sub(1)?;
            if depth == 0 {
                return Some(start);
            }
        }
    }
    None
}

fn opening_for(close: char) -> Option<char> {
    Some(match close {
        ')' => '(',
        '）' => '（',
        '〕' => '〔',
        ']' => '[',
        '］' => '［',
        '】' => '【',
        _ => return None,
    })
}

/// The label at the start of `s` and the byte length of label plus colon.
fn starts_with_label(s: &str) -> Option<(&'static str, usize)> {
    let s_trim = s.trim_start();
    let offset = s.len() - s_trim.len();
    if !s_trim.starts_with(LABEL_STARTS) {
        return None;
    }
    // Every label is four characters: compare the head as a whole.
    let head = s_trim.get(..LABEL_BYTES)?;
    let label = LEAD_LABELS.iter().chain(OTHER_LABELS).find(|&&label| label == head)?;
    let colon = s_trim[LABEL_BYTES..].chars().next().filter(|c| matches!(c, ':' | '：'))?;
    Some((label, offset + LABEL_BYTES + colon.len_utf8()))
}

/// The length of every label (four characters of three bytes).
const LABEL_BYTES: usize = 12;

/// One unit as an annotation writes it.
#[derive(Debug, Clone, Copy)]
struct Written<'a> {
    /// The text naming it (for a group made from `X等…`, that whole phrase).
    raw: &'a str,
    /// For such a group, the group's name.
    group: Option<&'a str>,
    lead: bool,
}

/// Hands each unit written in the inside of an annotation — one or more `label:units`
/// fields — to `each`, in order, until it breaks. `None` if the inside does not start with
/// a label (an ordinary parenthetical remark).
fn each_written<'a>(inner: &'a str, mut each: impl FnMut(Written<'a>) -> ControlFlow<()>) -> Option<ControlFlow<()>> {
    starts_with_label(inner)?;
    let bytes = inner.as_bytes();
    // Find every label at bracket depth 0: a label always comes right before a colon.
    let mut fields: Vec<(&'static str, usize, usize)> = Vec::with_capacity(4); // label, value start, label start
    let mut depth = 0i32;
    let mut i = 0;
    while i < bytes.len() {
        match mark_at(bytes, i) {
            Some((mark, len)) => {
                depth += mark.nesting();
                if matches!(mark, Mark::Colon)
                    && depth == 0
                    && let Some(label_start) = i.checked_sub(LABEL_BYTES)
                    && let Some(label) = inner.get(label_start..i)
                    && let Some(&label) = LEAD_LABELS.iter().chain(OTHER_LABELS).find(|&&l| l == label)
                {
                    fields.push((label, i + len, label_start));
                }
                i += len;
            }
            None => i += char_len(bytes[i]),
        }
    }
    let explicit_lead = fields.iter().any(|(label, ..)| LEAD_LABELS.contains(label));
    for (n, &(label, start, _)) in fields.iter().enumerate() {
        let end = fields.get(n + 1).map_or(inner.len(), |f| f.2);
        let value = &inner[start..end];
        // Whatever follows a full stop is an instruction (排名第一的单位为牵头单位。下同).
        let value = value.split('。').next().unwrap_or_default();
        let is_lead_field = LEAD_LABELS.contains(&label);
        let mut k = 0;
        let flow = split_units(value, |raw| {
            let lead = if explicit_lead { is_lead_field } else { n == 0 && k == 0 };
            k += 1;
            interpret(raw, lead, &mut each)
        });
        if flow.is_break() {
            return Some(flow);
        }
    }
    Some(ControlFlow::Continue(()))
}

/// Parses the inside of an annotation into its units. `None` if it does not start with a
/// label (an ordinary parenthetical remark).
fn parse_fields(inner: &str) -> Option<Annotation> {
    let mut units: Vec<UnitRef> = Vec::with_capacity(16);
    let read = KNOWN.with_borrow_mut(|known| {
        each_written(inner, |written| {
            let unit = known_unit(known, written.raw, written.group);
            push_unique(&mut units, UnitRef { unit, lead: written.lead });
            ControlFlow::Continue(())
        })
    });
    read.map(|_| Annotation { units })
}

/// Whether a unit of an annotation's inside satisfies `matches` by its name or by the text
/// it is written as, taking the units as [`parse_units`] gives them (a unit named twice
/// counts once, as first written) but without building them: it stops at the first match.
pub(crate) fn any_unit(inner: &str, mut matches: impl FnMut(&str) -> bool) -> bool {
    let mut names: Vec<&str> = Vec::with_capacity(16);
    let found = each_written(inner, |written| {
        let name = written.group.unwrap_or_else(|| canonical_ref(written.raw));
        if names.contains(&name) {
            return ControlFlow::Continue(());
        }
        names.push(name);
        if matches(name) || matches(written.raw) { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
    });
    found == Some(ControlFlow::Break(()))
}

/// Brackets, separators and colons in annotations.
enum Mark {
    Open,
    Close,
    Separator,
    Colon,
}

impl Mark {
    /// How the mark changes the bracket depth.
    fn nesting(&self) -> i32 {
        match self {
            Mark::Open => 1,
            Mark::Close => -1,
            Mark::Separator | Mark::Colon => 0,
        }
    }
}

/// The length in bytes of the character whose UTF-8 form starts with `lead`.
fn char_len(lead: u8) -> usize {
    match lead {
        0xf0.. => 4,
        0xe0.. => 3,
        0xc0.. => 2,
        _ => 1,
    }
}

/// The bracket, separator or colon starting at byte `i`, and its length in bytes.
#[inline]
fn mark_at(bytes: &[u8], i: usize) -> Option<(Mark, usize)> {
    let next = |k: usize| bytes.get(i + k).copied();
    Some(match bytes[i] {
        b'(' | b'[' => (Mark::Open, 1),
        b')' | b']' => (Mark::Close, 1),
        b',' | b';' => (Mark::Separator, 1),
        b':' => (Mark::Colon, 1),
        0xe3 if next(1) == Some(0x80) => match next(2)? {
            0x81 => (Mark::Separator, 3),    // 、
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

/// Adds a unit unless its canonical name is already there (then only the lead flag merges).
fn push_unique(units: &mut Vec<UnitRef>, unit: UnitRef) {
    // Names are interned per thread, and an annotation is read on one thread: the same
    // name is the same allocation.
    match units.iter_mut().find(|u| Arc::ptr_eq(&u.name, &unit.name) || u.name == unit.name) {
        Some(existing) => existing.lead |= unit.lead,
        None => units.push(unit),
    }
}

/// Splits a field's value on 、，,；; at bracket depth 0, keeping protected group names whole,
/// and hands each trimmed, non-empty piece to `each` until it breaks.
fn split_units<'a>(value: &'a str, mut each: impl FnMut(&'a str) -> ControlFlow<()>) -> ControlFlow<()> {
    let bytes = value.as_bytes();
    let mut emit = |piece: &'a str| {
        let piece = piece.trim_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '。' | ':' | '：'));
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
        match mark_at(bytes, i) {
            Some((Mark::Separator, len)) if depth <= 0 => {
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

/// The units of one written piece: `X等相关单位` is X plus the group 相关单位.
fn interpret<'a>(raw: &'a str, lead: bool, each: &mut impl FnMut(Written<'a>) -> ControlFlow<()>) -> ControlFlow<()> {
    if let Some((office, rest)) = raw.split_once('等')
        && !office.is_empty()
        && (matches!(rest, "" | "单位" | "部门") || is_group_name(rest))
    {
        let group = match rest {
            "" | "单位" => "相关单位",
            "部门" => "相关部门",
            other => other,
        };
        each(Written { raw: office, group: None, lead })?;
        return each(Written { raw, group: Some(group), lead: false });
    }
    each(Written { raw, group: None, lead })
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
            let name = match aliases().get(raw) {
                Some(canonical) => intern(canonical),
                None => Arc::clone(&shared),
            };
            let kind = if is_group_name(&name) { UnitKind::Group } else { UnitKind::Office };
            Unit { name, raw: shared, kind }
        }
    };
    let unit = Arc::new(unit);
    map.insert(raw.into(), Arc::clone(&unit));
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
            names.insert(Arc::clone(&shared));
            shared
        }
    })
}

/// Whether a unit name denotes a generic group rather than one office.
pub fn is_group_name(name: &str) -> bool {
    name.starts_with('各')
        || name.starts_with("相关")
        || name.starts_with("有关")
        || name.contains("相关单位")
        || name.contains("相关部门")
        || name.contains("成员单位")
        || name.contains("有关单位")
        || name.contains("有关部门")
        || name.ends_with("等部门")
        || name.ends_with("等单位")
}

/// The canonical name of a unit under the alias table, borrowed.
fn canonical_ref(name: &str) -> &str {
    aliases().get(name).map_or(name, String::as_str)
}

/// The canonical name of a unit under the alias table.
pub fn canonical(name: &str) -> String {
    aliases().get(name).cloned().unwrap_or_else(|| name.to_string())
}

/// The alias table: each spelling and the canonical name it stands for.
pub(crate) fn alias_table() -> &'static HashMap<String, String> {
    aliases()
}

fn aliases() -> &'static HashMap<String, String> {
    static TABLE: OnceLock<HashMap<String, String>> = OnceLock::new();
    TABLE.get_or_init(|| parse_alias_table(include_str!("../../assets/unit_aliases.tsv")))
}

/// Parses the alias table: `canonical<TAB>alias<TAB>alias…` per line, `#` comments.
pub fn parse_alias_table(text: &str) -> HashMap<String, String> {
    let mut map = HashMap::default();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let mut names = line.split('\t').map(str::trim).filter(|n| !n.is_empty());
        if let Some(canonical) = names.next() {
            for alias in names {
                map.insert(alias.to_string(), canonical.to_string());
            }
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(a: &Annotation) -> Vec<(&str, bool)> {
        a.units.iter().map(|u| (&*u.name, u.lead)).collect()
    }

    #[test]
    fn seed_form_first_leads_and_instruction_is_not_a_unit() {
        let (text, a) =
            split_annotation("正文。(责任单位:县人大常委会办公室、县法院、县司法局。排名第一的单位为牵头单位。下同)");
        assert_eq!(text, "正文。");
        let a = a.unwrap();
        assert_eq!(names(&a), [("县人大常委会办公室", true), ("县人民法院", false), ("县司法局", false)]);
        assert_eq!(&*a.units[1].raw, "县法院");
    }

    #[test]
    fn explicit_lead_and_partner_fields() {
        let (_, a) =
            split_annotation("正文。（牵头单位：市司法局、市法院，配合单位：市公安局、市财政局，各区、县级市）");
        let a = a.unwrap();
        assert_eq!(
            names(&a),
            [("市司法局", true), ("市法院", true), ("市公安局", false), ("市财政局", false), ("各区、县级市", false)]
        );
        assert_eq!(a.units[4].kind, UnitKind::Group);
    }

    #[test]
    fn square_brackets_and_own_line() {
        let (text, a) = split_annotation("正文。〔牵头单位:县司法局,责任单位:县公安局、县司法局〕");
        assert_eq!(text, "正文。");
        assert_eq!(names(&a.unwrap()), [("县司法局", true), ("县公安局", false)]);
        let (text, a) = split_annotation("正文。\n责任单位：县司法局、县财政局");
        assert_eq!(text, "正文。");
        assert_eq!(names(&a.unwrap()), [("县司法局", true), ("县财政局", false)]);
    }

    #[test]
    fn related_units_become_groups() {
        let (_, a) = split_annotation("文。(责任单位:县委办公室、拆违大队等行政强制执行相关单位)");
        let a = a.unwrap();
        assert_eq!(names(&a), [("县委办公室", true), ("拆违大队", false), ("行政强制执行相关单位", false)]);
        assert_eq!(a.units[2].kind, UnitKind::Group);
        assert_eq!(a.units[1].kind, UnitKind::Office);
        let (_, a) = split_annotation("文。(责任单位:县司法局等相关单位)");
        assert_eq!(names(&a.unwrap()), [("县司法局", true), ("相关单位", false)]);
    }

    #[test]
    fn every_label_starts_with_a_listed_character_and_has_four() {
        for label in LEAD_LABELS.iter().chain(OTHER_LABELS) {
            assert!(label.starts_with(LABEL_STARTS), "{label}");
            assert_eq!(label.len(), LABEL_BYTES, "{label}");
        }
    }

    #[test]
    fn ordinary_parentheses_are_not_annotations() {
        let text = "建立完善政法机关重大事项由党组(党委)向同级党委报告等制度。";
        assert_eq!(split_annotation(text), (text, None));
        let text = "推进综合执法(试点)";
        assert_eq!(split_annotation(text), (text, None));
        assert_eq!(split_annotation("括号不配对)"), ("括号不配对)", None));
    }

    mod matching_without_building {
        use super::super::*;
        use proptest::prelude::*;

        /// Pieces annotations are made of: units, aliases, a unit named twice, groups,
        /// `X等…`, labels, separators, brackets and the instruction after a full stop.
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
            ) {
                // Most start with a label, as annotations do.
                let inner: String = std::iter::once(label).chain(parts).map(|i| PIECES[i]).collect();
                // A term: a piece, or a piece without its first characters.
                let piece = PIECES[term_part];
                let term: String = piece.chars().skip(cut.min(piece.chars().count() - 1)).collect();
                let built = parse_units(&inner).iter().any(|u| u.name.contains(&term) || u.raw.contains(&term));
                prop_assert_eq!(any_unit(&inner, |s| s.contains(&term)), built, "{} / {}", inner, term);
            }
        }
    }
}
