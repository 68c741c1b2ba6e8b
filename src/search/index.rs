//! The prebuilt search index: per plan, the folded text of every measure (title and body)
//! in one contiguous string for fast substring search, and — built on first use — the same
//! text as pinyin codes; for the library, every distinct unit spelling with the measures
//! naming it, so a term is matched against each spelling once rather than every measure's.
//!
//! When folding changes nothing (text without full-width forms or capitals, like the seed
//! plan), the plan's own measure text is searched as it is: no copy is made.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use super::hits::HitSet;
use super::pinyin::{self, Pattern, Summary};
use super::query::{Query, Term, fold, has_latin, needs_folding};
use crate::plan::{Plan, SharedText, Unit};

/// Searchable text of one kind for all measures of a plan.
#[derive(Debug)]
pub(crate) struct Hay {
    /// Folded text, measure after measure, each ending with `\0`.
    text: SharedText,
    /// Byte offset where each measure starts, plus the end.
    starts: Vec<u32>,
    /// Whether the text has Latin letters at all (terms with letters need them).
    latin: bool,
}

/// One plan's searchable text: titles and bodies.
#[derive(Debug)]
struct PlanText {
    measures: Hay,
    pinyin: OnceLock<PinyinText>,
}

/// A plan's text for pinyin matching: titles and bodies, and a summary per measure that
/// rules most non-matching measures out before any scan.
#[derive(Debug)]
struct PinyinText {
    measures: Codes,
    summaries: Vec<Summary>,
}

/// Every distinct unit spelling in the indexed plans: a unit's name and the text it was
/// written as, with the measures naming it so.
#[derive(Debug, Default)]
struct UnitNames {
    spellings: Vec<Spelling>,
}

#[derive(Debug)]
struct Spelling {
    name: Arc<str>,
    raw: Arc<str>,
    /// Global ids of the measures, ascending.
    measures: Vec<u32>,
}

/// Text as pinyin codes, one per character.
#[derive(Debug)]
struct Codes {
    codes: Vec<pinyin::Class>,
    /// Code index where each measure starts, plus the end.
    starts: Vec<u32>,
}

/// A note attached to a measure, searched along with its text.
#[derive(Debug, Clone, Copy)]
pub struct NoteRef<'a> {
    pub id: usize,
    pub text: &'a str,
}

/// The search index over all plans of a library.
#[derive(Debug)]
pub struct SearchIndex {
    plans: Vec<PlanText>,
    units: UnitNames,
    /// Global id of each plan's first measure.
    offsets: Vec<usize>,
    total: usize,
}

impl SearchIndex {
    /// Builds the index (in parallel over plans).
    pub fn build(plans: &[&Plan]) -> Self {
        let texts: Vec<PlanText> = plans.par_iter().map(|p| plan_text(p)).collect();
        let mut offsets = Vec::with_capacity(plans.len());
        let mut total = 0;
        for plan in plans {
            offsets.push(total);
            total += plan.measures.len();
        }
        let units = UnitNames::build(plans, &offsets);
        SearchIndex { plans: texts, units, offsets, total }
    }

    /// The number of measures indexed.
    pub fn len(&self) -> usize {
        self.total
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// Builds the pinyin codes now (otherwise the first pinyin query does it).
    pub fn warm_pinyin(&self) {
        self.plans.par_iter().for_each(|p| {
            p.pinyin();
        });
    }

    /// The measures matching every term of `query`, among `within` (all if `None`). Notes
    /// are searched too. An empty query matches everything in `within`.
    pub fn search(&self, query: &Query, within: Option<&HitSet>, notes: &[NoteRef<'_>]) -> HitSet {
        self.search_unless(query, within, notes, &|| false).unwrap_or_else(|| HitSet::empty(self.total))
    }

    /// [`SearchIndex::search`], given up (`None`) as soon as `cancelled` says so: it is asked
    /// before each plan's text is searched, so a search typed over by a newer one stops.
    pub fn search_unless(
        &self,
        query: &Query,
        within: Option<&HitSet>,
        notes: &[NoteRef<'_>],
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<HitSet> {
        let mut current = within.cloned().unwrap_or_else(|| HitSet::full(self.total));
        for term in &query.terms {
            let mut hits = self.term_hits(term, &current, cancelled);
            if cancelled() {
                return None;
            }
            for note in notes {
                if current.contains(note.id) && term_matches_text(term, note.text) {
                    hits.insert(note.id);
                }
            }
            current = hits;
        }
        Some(current)
    }

    fn term_hits(&self, term: &Term, candidates: &HitSet, cancelled: &(dyn Fn() -> bool + Sync)) -> HitSet {
        // The measures naming a unit the term matches: their text need not be searched.
        let mut via_units = self.units.hits(term, self.total);
        via_units.intersect(candidates);
        let pattern = term.pattern.as_deref();
        let per_plan: Vec<Vec<usize>> = self
            .plans
            .par_iter()
            .enumerate()
            .map(|(p, plan)| {
                let base = self.offsets[p];
                let count = plan.measure_count();
                let live = candidates.count_in(base..base + count);
                if live == 0 || cancelled() {
                    return Vec::new();
                }
                let mut found = plan.measures.literal_hits(term, candidates, base, live < count / 4);
                if let Some(pattern) = &pattern {
                    let more = plan.pinyin_hits(pattern, candidates, base, &found, &via_units);
                    found.extend(more);
                }
                found
            })
            .collect();
        let mut hits = via_units;
        for id in per_plan.into_iter().flatten() {
            hits.insert(id);
        }
        hits
    }
}

impl UnitNames {
    fn build(plans: &[&Plan], offsets: &[usize]) -> Self {
        // Each measure's units are read from its annotations on first use: on every core.
        crate::plan::read_units(plans);
        // Units are shared: most references are to a unit already seen, found by address.
        let mut by_address: HashMap<*const Unit, usize> = HashMap::default();
        let mut by_text: HashMap<(Arc<str>, Arc<str>), usize> = HashMap::default();
        let mut spellings: Vec<Spelling> = Vec::new();
        for (plan, &base) in plans.iter().zip(offsets) {
            for (m, measure) in plan.measures.iter().enumerate() {
                let id = (base + m) as u32;
                for unit in measure.units() {
                    let i = *by_address.entry(Arc::as_ptr(&unit.unit)).or_insert_with(|| {
                        *by_text.entry((Arc::clone(&unit.name), Arc::clone(&unit.raw))).or_insert_with(|| {
                            spellings.push(Spelling {
                                name: Arc::clone(&unit.name),
                                raw: Arc::clone(&unit.raw),
                                measures: Vec::new(),
                            });
                            spellings.len() - 1
                        })
                    });
                    let measures = &mut spellings[i].measures;
                    if measures.last() != Some(&id) {
                        measures.push(id);
                    }
                }
            }
        }
        for spelling in &mut spellings {
            spelling.measures.shrink_to_fit();
        }
        UnitNames { spellings }
    }

    /// The measures (of `total`) naming a unit whose name or spelling the term matches.
    fn hits(&self, term: &Term, total: usize) -> HitSet {
        let mut hits = HitSet::empty(total);
        for spelling in &self.spellings {
            if term_matches_text(term, &spelling.name)
                || (spelling.raw != spelling.name && term_matches_text(term, &spelling.raw))
            {
                for &id in &spelling.measures {
                    hits.insert(id as usize);
                }
            }
        }
        hits
    }
}

impl PlanText {
    fn measure_count(&self) -> usize {
        self.measures.starts.len() - 1
    }

    /// Global ids of candidate measures (not in `skip` nor `also_skip`) matching the pinyin
    /// pattern.
    fn pinyin_hits(
        &self,
        pattern: &Pattern,
        candidates: &HitSet,
        base: usize,
        skip: &[usize],
        also_skip: &HitSet,
    ) -> Vec<usize> {
        let pinyin = self.pinyin();
        let mut out = Vec::new();
        let mut skip = skip.iter().peekable();
        for m in 0..self.measure_count() {
            let id = base + m;
            if skip.next_if(|&&s| s == id).is_some() || !candidates.contains(id) || also_skip.contains(id) {
                continue;
            }
            if pattern.may_match(&pinyin.summaries[m]) && pattern.is_match(pinyin.measures.of(m)) {
                out.push(id);
            }
        }
        out
    }

    fn pinyin(&self) -> &PinyinText {
        self.pinyin.get_or_init(|| {
            let measures = self.measures.codes();
            let summaries = (0..self.measure_count())
                .map(|m| {
                    let mut summary = Summary::default();
                    summary.add(measures.of(m));
                    summary
                })
                .collect();
            PinyinText { measures, summaries }
        })
    }
}

impl Hay {
    /// Builds a hay from per-measure text pieces, folding as it goes.
    fn build(count: usize, pieces: impl Fn(usize, &mut String)) -> Hay {
        let mut text = String::new();
        let mut starts = Vec::with_capacity(count + 1);
        for m in 0..count {
            starts.push(text.len() as u32);
            pieces(m, &mut text);
            text.push('\0');
        }
        starts.push(text.len() as u32);
        text.shrink_to_fit();
        let latin = has_latin(&text);
        Hay { text: SharedText::from(text), starts, latin }
    }

    /// Global ids of candidate measures whose text contains the term. With `sparse` each
    /// candidate is searched on its own, otherwise the whole plan in one pass.
    fn literal_hits(&self, term: &Term, candidates: &HitSet, base: usize, sparse: bool) -> Vec<usize> {
        // Only the measures' part: a plan's own text goes on with its annotations.
        let bytes = &self.text.as_bytes()[..self.starts[self.starts.len() - 1] as usize];
        let count = self.starts.len() - 1;
        let mut out = Vec::new();
        if !self.latin && term.text.bytes().any(|b| b.is_ascii_lowercase()) {
            return out;
        }
        if sparse {
            for m in (0..count).filter(|&m| candidates.contains(base + m)) {
                let range = self.starts[m] as usize..self.starts[m + 1] as usize;
                if term.finder.find(&bytes[range]).is_some() {
                    out.push(base + m);
                }
            }
            return out;
        }
        let mut pos = 0;
        while let Some(i) = term.finder.find(&bytes[pos..]) {
            let at = pos + i;
            let m = self.starts.partition_point(|&s| s as usize <= at) - 1;
            if candidates.contains(base + m) {
                out.push(base + m);
            }
            pos = self.starts[m + 1] as usize;
            if pos >= bytes.len() {
                break;
            }
        }
        out
    }

    fn codes(&self) -> Codes {
        let count = self.starts.len() - 1;
        let mut codes = Vec::with_capacity(self.text.len() / 3 + count);
        let mut starts = Vec::with_capacity(count + 1);
        for m in 0..count {
            starts.push(codes.len() as u32);
            pinyin::encode(&self.text[self.starts[m] as usize..self.starts[m + 1] as usize], &mut codes);
        }
        starts.push(codes.len() as u32);
        codes.shrink_to_fit();
        Codes { codes, starts }
    }
}

impl Hay {
    /// The text of measure `m`.
    pub(crate) fn of(&self, m: usize) -> &str {
        &self.text[self.starts[m] as usize..self.starts[m + 1] as usize]
    }

    /// Whether the text has Latin letters (a term with letters cannot match text without).
    pub(crate) fn has_latin(&self) -> bool {
        self.latin
    }
}

impl Codes {
    fn of(&self, m: usize) -> &[pinyin::Class] {
        &self.codes[self.starts[m] as usize..self.starts[m + 1] as usize]
    }
}

/// The hay of a plan's titles and bodies: the plan's own measure text when folding changes
/// nothing in it, else a folded copy.
pub(crate) fn measures_hay(plan: &Plan) -> Hay {
    if let (Some(first), Some(last)) = (plan.measures.first(), plan.measures.last()) {
        let (text, _) = first.text_span();
        // The measures' part of the text (the annotations follow it): up to the last `\0`.
        let end = last.text_span().1.end + 1;
        let shared = plan.measures.iter().all(|m| SharedText::ptr_eq(m.text_span().0, text));
        if shared && !needs_folding(&text[..end]) {
            let mut starts: Vec<u32> = plan.measures.iter().map(|m| m.text_span().1.start as u32).collect();
            starts.push(end as u32);
            let latin = has_latin(&text[..end]);
            return Hay { text: text.clone(), starts, latin };
        }
    }
    Hay::build(plan.measures.len(), |m, out| {
        let measure = &plan.measures[m];
        push_folded(out, measure.title());
        out.push('\n');
        push_folded(out, measure.body());
    })
}

fn plan_text(plan: &Plan) -> PlanText {
    PlanText { measures: measures_hay(plan), pinyin: OnceLock::new() }
}

fn push_folded(out: &mut String, s: &str) {
    if needs_folding(s) {
        out.extend(s.chars().map(fold));
    } else {
        out.push_str(s);
    }
}

/// Whether one term matches a piece of text (literally, or as pinyin).
pub fn term_matches_text(term: &Term, text: &str) -> bool {
    if term.pattern.is_none() && !needs_folding(text) {
        return term.finder.find(text.as_bytes()).is_some();
    }
    !term_ranges(term, text).is_empty()
}

/// Byte ranges in `text` (unfolded) where the term matches.
pub fn term_ranges(term: &Term, text: &str) -> Vec<Range<usize>> {
    // Text that folding leaves as it is (most Chinese text) is searched as it is.
    if term.pattern.is_none() && !needs_folding(text) {
        return merge(term.finder.find_iter(text.as_bytes()).map(|start| start..start + term.text.len()).collect());
    }
    let mut folded = String::with_capacity(text.len());
    // (folded byte offset, original byte offset) of every char, plus the ends.
    let mut map: Vec<(usize, usize)> = Vec::with_capacity(text.len() / 2);
    for (i, c) in text.char_indices() {
        map.push((folded.len(), i));
        folded.push(fold(c));
    }
    map.push((folded.len(), text.len()));
    let to_original = |folded_byte: usize| {
        let k = map.partition_point(|&(f, _)| f < folded_byte);
        map[k.min(map.len() - 1)].1
    };
    let mut ranges: Vec<Range<usize>> = term
        .finder
        .find_iter(folded.as_bytes())
        .map(|start| to_original(start)..to_original(start + term.text.len()))
        .collect();
    if term.pinyin
        && let Some(pattern) = term.pattern.as_deref()
    {
        let mut codes = Vec::with_capacity(map.len());
        pinyin::encode(&folded, &mut codes);
        let mut pos = 0;
        while let Some(found) = pattern.find(&codes[pos..]) {
            let (start, end) = (pos + found.start, pos + found.end);
            ranges.push(map[start].1..map[end].1);
            pos = end.max(start + 1);
        }
    }
    merge(ranges)
}

/// Byte ranges in `text` matched by any term of the query, sorted and merged, for
/// highlighting: each is widened to whole grapheme clusters, since a highlight that splits
/// one (👍 out of 👍🏽, e out of e + ◌́) draws its pieces as separate characters, wider than the
/// cluster or with an accent lost.
pub fn query_ranges(query: &Query, text: &str) -> Vec<Range<usize>> {
    merge(query.terms.iter().flat_map(|t| term_ranges(t, text)).map(|r| whole_graphemes(text, r)).collect())
}

fn whole_graphemes(text: &str, range: Range<usize>) -> Range<usize> {
    use unicode_segmentation::GraphemeCursor;
    // The cluster boundary at `at`, else the nearest one before it (or after it, `forward`).
    let snap = |at: usize, forward: bool| {
        let mut cursor = GraphemeCursor::new(at, text.len(), true);
        if cursor.is_boundary(text, 0).unwrap_or(true) {
            return at;
        }
        let found = if forward { cursor.next_boundary(text, 0) } else { cursor.prev_boundary(text, 0) };
        found.ok().flatten().unwrap_or(if forward { text.len() } else { 0 })
    };
    snap(range.start, false)..snap(range.end, true)
}

fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges.into_iter().filter(|r| !r.is_empty()) {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_map_back_to_the_original_text() {
        let q = Query::parse("ａｂ (一)");
        let text = "xＡＢx（一）";
        let ranges = query_ranges(&q, text);
        let pieces: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(pieces, ["ＡＢ", "（一）"]);
        let q = Query::parse("xfxs");
        let text = "实行宪法宣誓制度";
        let ranges = query_ranges(&q, text);
        assert_eq!(ranges.iter().map(|r| &text[r.clone()]).collect::<Vec<_>>(), ["宪法宣誓"]);
    }

    mod properties {
        use super::*;
        use crate::search::query::fold_str;
        use proptest::prelude::*;

        /// Text with what folding and pinyin touch: Chinese (polyphones too), full-width and
        /// half-width forms, capitals, accented and combining letters, emoji, the ideographic
        /// space.
        fn text() -> impl Strategy<Value = String> {
            let pieces = prop_oneof![
                "[宪法宣誓律师行长重庆一二三]{1,4}",
                "[一-龥]{1,3}",
                "[（）()ＡＢａｂAaBb，,]",
                "[a-zA-Z]{1,6}",
                "[ÀÉéßİı]",
                "e\u{301}",
                "[😀-🙏]",
                "[👍👋][🏻-🏿]",
                Just("🇨🇳".to_string()),
                Just("1\u{20e3}".to_string()),
                Just("　".to_string()),
                Just(" ".to_string()),
            ];
            proptest::collection::vec(pieces, 0..30).prop_map(|p| p.concat())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(3000))]

            /// Hits lie on character boundaries, and highlights on grapheme cluster
            /// boundaries, sorted and apart; a literal hit folds to text holding the term.
            #[test]
            fn hits_lie_on_char_boundaries(text in text(), query in text()) {
                use unicode_segmentation::UnicodeSegmentation;
                let query = Query::parse(&query);
                let ranges = query_ranges(&query, &text);
                let boundaries: Vec<usize> = text.grapheme_indices(true).map(|(i, _)| i).chain([text.len()]).collect();
                for r in &ranges {
                    prop_assert!(r.start < r.end && r.end <= text.len());
                    prop_assert!(boundaries.contains(&r.start) && boundaries.contains(&r.end), "{:?} in {:?}", r, text);
                }
                for term in query.terms.iter() {
                    for r in term_ranges(term, &text) {
                        prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end), "{:?} in {:?}", r, text);
                    }
                }
                for pair in ranges.windows(2) {
                    prop_assert!(pair[0].end < pair[1].start);
                }
                for term in query.terms.iter().filter(|t| t.pattern.is_none()) {
                    for r in term_ranges(term, &text) {
                        prop_assert!(fold_str(&text[r.clone()]).contains(&term.text), "{:?} for {:?}", &text[r], term.text);
                    }
                    // A term matches where its folded text is in the folded text.
                    prop_assert_eq!(term_matches_text(term, &text), fold_str(&text).contains(&term.text));
                }
            }
        }
    }
}
