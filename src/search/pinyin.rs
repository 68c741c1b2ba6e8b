//! Pinyin matching over a prebuilt code index.
//!
//! The readings come from ib-matcher's pinyin data (全拼 and 简拼, all readings of 多音字).
//! Scanning every measure with ib-matcher's `IbMatcher` runs at about 50 MB/s, too slow for
//! a keystroke over a thousand plans, so each plan's folded text is turned once into a
//! vector of character codes and a query is matched over those codes. The semantics are
//! ib-matcher's (a character matches by its full pinyin, its first letter, or — at the end of
//! the pattern — a prefix of its pinyin; Latin letters match themselves); tests check that
//! both give the same answers.

use std::sync::OnceLock;

use ib_matcher::pinyin::{PinyinData, PinyinNotation};

/// Longest query matched as pinyin (state sets are 64-bit masks).
pub const MAX_QUERY: usize = 63;

/// Han characters with readings: CJK Extension A and the Unified Ideographs block.
const HAN_FIRST: u32 = 0x3400;
const HAN_LAST: u32 = 0x9fff;
/// Codes below 128 are ASCII characters (folded), 128 is any other character, and
/// `HAN_BASE + (c - HAN_FIRST)` a Han character.
const OTHER: u16 = 128;
const HAN_BASE: u16 = 256;

/// The readings of every Han character, indexed by code.
struct Table {
    /// Bit `l - 'a'` is set if some reading of the character starts with letter `l`.
    first_letters: Vec<u32>,
    /// Full readings (ASCII, lower case) per character.
    readings: Vec<Box<[&'static str]>>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let data: &'static PinyinData = Box::leak(Box::new(PinyinData::new(PinyinNotation::Ascii)));
        let size = (HAN_LAST - HAN_FIRST + 1) as usize;
        let mut first_letters = vec![0u32; HAN_BASE as usize + size];
        let mut readings: Vec<Box<[&'static str]>> = vec![Box::default(); HAN_BASE as usize + size];
        for letter in b'a'..=b'z' {
            first_letters[letter as usize] = 1 << (letter - b'a');
        }
        for (i, cp) in (HAN_FIRST..=HAN_LAST).enumerate() {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let mut list: Vec<&'static str> = Vec::new();
            for p in data.get_pinyins(c) {
                if let Some(ascii) = p.notation(PinyinNotation::Ascii)
                    && !list.contains(&ascii)
                {
                    list.push(ascii);
                }
            }
            let code = HAN_BASE as usize + i;
            first_letters[code] = list
                .iter()
                .filter_map(|r| r.bytes().next())
                .filter(u8::is_ascii_lowercase)
                .fold(0, |mask, b| mask | 1 << (b - b'a'));
            readings[code] = list.into_boxed_slice();
        }
        Table { first_letters, readings }
    })
}

/// The code of a folded character.
pub fn code(c: char) -> u16 {
    let cp = c as u32;
    if cp < 128 {
        cp as u16
    } else if (HAN_FIRST..=HAN_LAST).contains(&cp) {
        HAN_BASE + (cp - HAN_FIRST) as u16
    } else {
        OTHER
    }
}

/// Encodes folded text as codes, one per character.
pub fn encode(folded: &str, out: &mut Vec<u16>) {
    out.extend(folded.chars().map(code));
}

/// A compiled pinyin pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    query: Vec<u8>,
    first_bit: u32,
}

impl Pattern {
    /// `None` unless the query is 1…[`MAX_QUERY`] lower-case ASCII letters.
    pub fn new(query: &str) -> Option<Self> {
        let bytes = query.as_bytes();
        if bytes.is_empty() || bytes.len() > MAX_QUERY || !bytes.iter().all(u8::is_ascii_lowercase) {
            return None;
        }
        Some(Pattern { query: bytes.to_vec(), first_bit: 1 << (bytes[0] - b'a') })
    }

    /// Whether the pattern matches anywhere in `codes`.
    pub fn is_match(&self, codes: &[u16]) -> bool {
        self.find(codes).is_some()
    }

    /// The first match as a range of character positions.
    pub fn find(&self, codes: &[u16]) -> Option<std::ops::Range<usize>> {
        let table = table();
        let first = &table.first_letters;
        for start in 0..codes.len() {
            let code = codes[start] as usize;
            if first.get(code).is_some_and(|m| m & self.first_bit != 0)
                && let Some(end) = self.match_at(table, &codes[start..])
            {
                return Some(start..start + end);
            }
        }
        None
    }

    /// Runs the pattern from the start of `codes`; the number of characters matched.
    fn match_at(&self, table: &Table, codes: &[u16]) -> Option<usize> {
        let len = self.query.len();
        let accept = 1u64 << len;
        // Bit i: the first i pattern bytes are matched by the characters read so far.
        let mut states = 1u64;
        for (consumed, &code) in codes.iter().enumerate() {
            let mut next = 0u64;
            let mut live = states;
            while live != 0 {
                let i = live.trailing_zeros() as usize;
                live &= live - 1;
                next |= self.step(table, code, i);
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

    /// The states reachable from state `i` by reading one character.
    fn step(&self, table: &Table, code: u16, i: usize) -> u64 {
        let rest = &self.query[i..];
        let code = code as usize;
        if code < 128 {
            return if rest[0] == code as u8 { 1 << (i + 1) } else { 0 };
        }
        let Some(readings) = table.readings.get(code) else {
            return 0;
        };
        let mut next = 0u64;
        for reading in readings.iter().map(|r| r.as_bytes()) {
            if reading.first() == rest.first() {
                next |= 1 << (i + 1); // 简拼: the first letter
            }
            if rest.starts_with(reading) {
                next |= 1 << (i + reading.len()); // 全拼
            } else if reading.starts_with(rest) {
                next |= 1 << self.query.len(); // the end of the pattern: a prefix of a reading
            }
        }
        next
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
    fn invalid_patterns() {
        assert!(Pattern::new("").is_none());
        assert!(Pattern::new("a1").is_none());
        assert!(Pattern::new(&"a".repeat(64)).is_none());
    }
}
