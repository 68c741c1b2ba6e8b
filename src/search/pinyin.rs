//! Pinyin matching over a prebuilt code index.
//!
//! The readings come from ib-matcher's pinyin data (全拼 and 简拼, all readings of 多音字).
//! Scanning every measure with ib-matcher's `IbMatcher` runs at about 50 MB/s, too slow for
//! a keystroke over a thousand plans, so each plan's folded text is turned once into a
//! vector of character codes and a query is matched over those codes. The semantics are
//! ib-matcher's (a character matches by its full pinyin, its first letter, or — at the end of
//! the pattern — a prefix of its pinyin; Latin letters match themselves); tests check that
//! both give the same answers.

use std::collections::HashMap;
use std::sync::OnceLock;

use ib_matcher::pinyin::{PinyinData, PinyinNotation};

/// Longest query matched as pinyin (state sets are 64-bit masks).
pub const MAX_QUERY: usize = 63;

/// Han characters with readings: CJK Extension A and the Unified Ideographs block.
const HAN_FIRST: u32 = 0x3400;
const HAN_LAST: u32 = 0x9fff;

/// A character class for matching: characters with the same readings match the same way,
/// so text is indexed by class, not by character. Class 0 matches nothing (punctuation,
/// digits, characters without readings), classes 1–26 are the Latin letters a–z, the rest
/// are the distinct reading lists of Han characters.
pub type Class = u16;
const NOTHING: Class = 0;

struct Table {
    /// The class of each Han character, from `HAN_FIRST`.
    han: Vec<Class>,
    /// What each class reads as.
    classes: Vec<Reads>,
    /// First letters of each class's readings (bit `l - 'a'`).
    initials: Vec<u32>,
    /// The syllables (distinct readings) of each class, as ids into `syllables`.
    class_syllables: Vec<Box<[u16]>>,
    /// Every reading there is.
    syllables: Vec<&'static str>,
}

/// Room for the syllables in a [`Summary`]; Mandarin has about 420.
const SYLLABLE_WORDS: usize = 8;
/// 26 × 26 first-letter pairs.
const BIGRAM_WORDS: usize = 11;

/// What a piece of text can match, in brief: the syllables its characters read as, the Latin
/// letters in it, and the pairs of first letters of neighbouring characters. Checked before
/// running a pattern over the text: most text that cannot match is passed over at once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    syllables: [u64; SYLLABLE_WORDS],
    bigrams: [u64; BIGRAM_WORDS],
    letters: u32,
}

impl Summary {
    /// Adds text (as classes) to the summary.
    pub fn add(&mut self, classes: &[Class]) {
        let table = table();
        let mut previous = 0u32;
        for &class in classes {
            let class = class as usize;
            for &syllable in table.class_syllables[class].iter() {
                self.syllables[syllable as usize / 64] |= 1 << (syllable % 64);
            }
            if let Reads::Letter(l) = table.classes[class] {
                self.letters |= 1 << (l - b'a');
            }
            let current = table.initials[class];
            let mut first = previous;
            while first != 0 {
                let a = first.trailing_zeros() as usize;
                first &= first - 1;
                let mut second = current;
                while second != 0 {
                    let b = second.trailing_zeros() as usize;
                    second &= second - 1;
                    let bit = a * 26 + b;
                    self.bigrams[bit / 64] |= 1 << (bit % 64);
                }
            }
            previous = current;
        }
    }
}

enum Reads {
    Nothing,
    Letter(u8),
    /// Full readings (ASCII, lower case), all readings of a 多音字.
    Pinyin(Box<[&'static str]>),
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let data: &'static PinyinData = Box::leak(Box::new(PinyinData::new(PinyinNotation::Ascii)));
        let mut classes = vec![Reads::Nothing];
        classes.extend((b'a'..=b'z').map(Reads::Letter));
        let mut known: HashMap<Vec<&'static str>, Class> = HashMap::new();
        let mut han = Vec::with_capacity((HAN_LAST - HAN_FIRST + 1) as usize);
        // lv → lu, nve → nue: made once per reading, kept for the program's life as the
        // readings themselves are.
        let mut u_spellings: HashMap<&'static str, &'static str> = HashMap::new();
        for cp in HAN_FIRST..=HAN_LAST {
            let mut list: Vec<&'static str> = Vec::new();
            if let Some(c) = char::from_u32(cp) {
                for p in data.get_pinyins(c) {
                    if let Some(ascii) = p.notation(PinyinNotation::Ascii)
                        && !ascii.is_empty()
                    {
                        // ü is typed as v (lv, nve) and often as u (lu, nue): both read.
                        let as_u = ascii.contains('v').then(|| {
                            *u_spellings
                                .entry(ascii)
                                .or_insert_with(|| Box::leak(ascii.replace('v', "u").into_boxed_str()))
                        });
                        for reading in std::iter::once(ascii).chain(as_u) {
                            if !list.contains(&reading) {
                                list.push(reading);
                            }
                        }
                    }
                }
            }
            if list.is_empty() {
                han.push(NOTHING);
                continue;
            }
            let class = *known.entry(list.clone()).or_insert_with(|| {
                classes.push(Reads::Pinyin(list.into_boxed_slice()));
                (classes.len() - 1) as Class
            });
            han.push(class);
        }
        let mut syllables: Vec<&'static str> = Vec::new();
        let mut syllable_ids: HashMap<&'static str, u16> = HashMap::new();
        let mut initials = Vec::with_capacity(classes.len());
        let mut class_syllables = Vec::with_capacity(classes.len());
        for reads in &classes {
            let (mask, ids): (u32, Vec<u16>) = match reads {
                Reads::Nothing => (0, Vec::new()),
                Reads::Letter(l) => (1 << (l - b'a'), Vec::new()),
                Reads::Pinyin(readings) => {
                    let mask = readings.iter().filter_map(|r| r.bytes().next()).fold(0, |m, b| m | 1 << (b - b'a'));
                    let ids = readings
                        .iter()
                        .map(|r| {
                            *syllable_ids.entry(r).or_insert_with(|| {
                                syllables.push(r);
                                (syllables.len() - 1) as u16
                            })
                        })
                        .collect();
                    (mask, ids)
                }
            };
            initials.push(mask);
            class_syllables.push(ids.into_boxed_slice());
        }
        assert!(syllables.len() <= SYLLABLE_WORDS * 64, "more syllables than a summary holds");
        Table { han, classes, initials, class_syllables, syllables }
    })
}

/// A key that sorts Chinese names in pinyin order (as dictionaries and name lists do): each
/// Han character as its first reading, anything else as itself in lower case; characters
/// are kept apart so 西安 (xi an) sorts before 先 (xian).
pub fn sort_key(text: &str) -> String {
    let table = table();
    let mut key = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        let code = c as u32;
        let class =
            if (HAN_FIRST..=HAN_LAST).contains(&code) { table.han[(code - HAN_FIRST) as usize] } else { NOTHING };
        match &table.classes[class as usize] {
            Reads::Pinyin(readings) => key.push_str(readings[0]),
            _ => key.extend(c.to_lowercase()),
        }
        key.push('\u{1}');
    }
    key
}

/// Encodes folded text as classes, one per character.
pub fn encode(folded: &str, out: &mut Vec<Class>) {
    let table = table();
    out.extend(folded.chars().map(|c| match c {
        'a'..='z' => (c as u8 - b'a' + 1) as Class,
        _ if (HAN_FIRST..=HAN_LAST).contains(&(c as u32)) => table.han[(c as u32 - HAN_FIRST) as usize],
        _ => NOTHING,
    }));
}

/// A compiled pinyin pattern: for every class and every state (how much of the pattern has
/// been matched), the states reading one character of that class leads to.
#[derive(Debug, Clone)]
pub struct Pattern {
    len: usize,
    /// `steps[class * len + i]`: states reachable from state `i` (bit `len` = matched).
    steps: Vec<u64>,
    /// Syllables one character may match the whole pattern with.
    whole: [u64; SYLLABLE_WORDS],
    /// For a one-letter pattern: the Latin letter itself.
    letter: Option<u32>,
    /// First-letter pairs a match over several characters starts with.
    pairs: [u64; BIGRAM_WORDS],
}

impl Pattern {
    /// `None` unless the query is 1…[`MAX_QUERY`] lower-case ASCII letters.
    pub fn new(query: &str) -> Option<Self> {
        let q = query.as_bytes();
        if q.is_empty() || q.len() > MAX_QUERY || !q.iter().all(u8::is_ascii_lowercase) {
            return None;
        }
        let len = q.len();
        let table = table();
        let classes = &table.classes;
        let mut steps = vec![0u64; classes.len() * len];
        for (class, reads) in classes.iter().enumerate() {
            for i in 0..len {
                steps[class * len + i] = step(reads, q, i);
            }
        }
        // What a text needs for a match (see `may_match`): one character reading as the
        // whole pattern (or, at its end, a longer syllable it is the start of) …
        let mut whole = [0u64; SYLLABLE_WORDS];
        for (id, syllable) in table.syllables.iter().enumerate() {
            let s = syllable.as_bytes();
            if s.starts_with(q) || (len == 1 && s[0] == q[0]) {
                whole[id / 64] |= 1 << (id % 64);
            }
        }
        // … or two neighbours: the first reads as the pattern's first letter or as a whole
        // syllable it starts with, the second starts with the pattern's next letter there.
        let mut pairs = [0u64; BIGRAM_WORDS];
        let mut pair = |k: usize| {
            let bit = (q[0] - b'a') as usize * 26 + (q[k] - b'a') as usize;
            pairs[bit / 64] |= 1 << (bit % 64);
        };
        if len > 1 {
            pair(1);
            for syllable in &table.syllables {
                if syllable.len() < len && q.starts_with(syllable.as_bytes()) {
                    pair(syllable.len());
                }
            }
        }
        let letter = (len == 1).then(|| 1u32 << (q[0] - b'a'));
        Some(Pattern { len, steps, whole, letter, pairs })
    }

    /// Whether text with this summary can match at all (never false when it does).
    pub fn may_match(&self, summary: &Summary) -> bool {
        self.whole.iter().zip(&summary.syllables).any(|(a, b)| a & b != 0)
            || self.letter.is_some_and(|l| summary.letters & l != 0)
            || self.pairs.iter().zip(&summary.bigrams).any(|(a, b)| a & b != 0)
    }

    /// Whether the pattern matches anywhere in `classes`.
    pub fn is_match(&self, classes: &[Class]) -> bool {
        self.find(classes).is_some()
    }

    /// The first match as a range of character positions.
    pub fn find(&self, classes: &[Class]) -> Option<std::ops::Range<usize>> {
        let len = self.len;
        for (start, &class) in classes.iter().enumerate() {
            if self.steps[class as usize * len] != 0
                && let Some(end) = self.match_at(&classes[start..])
            {
                return Some(start..start + end);
            }
        }
        None
    }

    /// Runs the pattern from the start of `classes`; the number of characters matched.
    fn match_at(&self, classes: &[Class]) -> Option<usize> {
        let len = self.len;
        let accept = 1u64 << len;
        // Bit i: the first i pattern bytes are matched by the characters read so far.
        let mut states = 1u64;
        for (consumed, &class) in classes.iter().enumerate() {
            let row = &self.steps[class as usize * len..class as usize * len + len];
            let mut next = 0u64;
            let mut live = states;
            while live != 0 {
                let i = live.trailing_zeros() as usize;
                live &= live - 1;
                next |= row[i];
            }
            if next & accept != 0 {
                return Some(consumed + 1);
            }
            if next == 0 {
                return None;
            }
            states = next;
        }
        None
    }
}

/// The states reachable from state `i` (the first `i` bytes of `q` matched) by reading one
/// character that reads as `reads`.
fn step(reads: &Reads, q: &[u8], i: usize) -> u64 {
    let rest = &q[i..];
    match reads {
        Reads::Nothing => 0,
        Reads::Letter(l) => {
            if rest[0] == *l {
                1 << (i + 1)
            } else {
                0
            }
        }
        Reads::Pinyin(readings) => {
            let mut next = 0u64;
            for reading in readings.iter().map(|r| r.as_bytes()) {
                if reading.first() == rest.first() {
                    next |= 1 << (i + 1); // 简拼: the first letter
                }
                if rest.starts_with(reading) {
                    next |= 1 << (i + reading.len()); // 全拼
                } else if reading.starts_with(rest) {
                    next |= 1 << q.len(); // the end of the pattern: a prefix of a reading
                }
            }
            next
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::fold_str;

    fn codes(s: &str) -> Vec<u16> {
        let mut out = Vec::new();
        encode(&fold_str(s), &mut out);
        out
    }

    #[test]
    fn initials_full_and_partial() {
        let text = codes("实行宪法宣誓制度");
        for q in ["xfxs", "xianfa", "xianfaxuanshi", "xfxuan", "xianf", "shixing", "sx", "zhidu"] {
            assert!(Pattern::new(q).unwrap().is_match(&text), "{q}");
        }
        for q in ["xfxz", "xianfas", "zx", "zz"] {
            assert!(!Pattern::new(q).unwrap().is_match(&text), "{q}");
        }
        assert_eq!(Pattern::new("xfxs").unwrap().find(&text), Some(2..6));
    }

    #[test]
    fn polyphones_and_latin() {
        assert!(Pattern::new("yinhang").unwrap().is_match(&codes("银行")));
        assert!(Pattern::new("xingzheng").unwrap().is_match(&codes("行政")));
        assert!(Pattern::new("ppp").unwrap().is_match(&codes("推进PPP模式")));
        assert!(Pattern::new("tjp").unwrap().is_match(&codes("推进PPP")));
    }

    #[test]
    fn u_umlaut_is_typed_as_v_or_u() {
        let law = codes("法律法规");
        for q in ["falv", "falu", "flfg", "lv", "lu", "falü", "FALÜ"] {
            let folded = fold_str(q);
            assert!(Pattern::new(&folded).unwrap().is_match(&law), "{q}");
        }
        assert!(Pattern::new("lue").unwrap().is_match(&codes("战略")), "略 is lve and lue");
        assert!(
            Pattern::new("nvxing").unwrap().is_match(&codes("女性"))
                && Pattern::new("nuxing").unwrap().is_match(&codes("女性"))
        );
        // The other u's are untouched: 路 is lu, never lv.
        assert!(!Pattern::new("lv").unwrap().is_match(&codes("道路")));
    }

    #[test]
    fn names_sort_in_pinyin_order() {
        let mut names = vec!["县司法局", "县公安局", "县财政局", "县安监局", "西安", "先锋", "县法院"];
        names.sort_by_cached_key(|n| sort_key(n));
        // 先 and 县 are both xian: the next character decides.
        assert_eq!(names, ["西安", "县安监局", "县财政局", "县法院", "先锋", "县公安局", "县司法局"]);
    }

    #[test]
    fn invalid_patterns() {
        assert!(Pattern::new("").is_none());
        assert!(Pattern::new("a1").is_none());
        assert!(Pattern::new(&"a".repeat(64)).is_none());
    }
}
