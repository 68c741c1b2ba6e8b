//! Search queries: terms separated by spaces, each matched case- and width-insensitively
//! (（ = (, ，= ,, Ａ = a, ü = v); a term of Latin letters also matches Chinese by pinyin.

use std::sync::Arc;

use memchr::memmem;

use super::pinyin::Pattern;

/// Folds a character for matching: full-width ASCII to ASCII, the ideographic space to a
/// space, upper case to lower case. Always one char for one char, so character positions in
/// folded text are those of the original.
pub fn fold(c: char) -> char {
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        '\u{0}'..='\u{7f}' => c,
        '\u{ff01}'..='\u{ff5e}' => crate::text::numerals::to_halfwidth(c).to_ascii_lowercase(),
        '\u{3000}' => ' ',
        // Pinyin's ü, as typed on a keyboard without it (lü → lv).
        'ü' | 'Ü' => 'v',
        // CJK radicals, punctuation, kana and ideographs, Hangul: no case, nothing to fold
        // (and the common case, so it skips the Unicode case tables).
        '\u{2e80}'..='\u{a4cf}' | '\u{ac00}'..='\u{d7ff}' | '\u{f900}'..='\u{faff}' => c,
        c if c.is_uppercase() => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => l,
                _ => c,
            }
        }
        c => c,
    }
}

/// Whether folding changes anything in `s`. A scan of the bytes rules out most text (CJK
/// and lower-case Latin) at once; only text with characters that might fold is checked
/// character by character.
pub fn needs_folding(s: &str) -> bool {
    let bytes = s.as_bytes();
    // Bytes that start a character that may fold: capitals, two-byte letters (U+00C0…),
    // U+1xxx, U+A000–U+DFFF and the supplementary planes. A branch-free pass per block,
    // which the compiler vectorises.
    let suspect =
        |b: u8| (b.wrapping_sub(b'A') < 26) | (b.wrapping_sub(0xc3) < 0x1f) | (b.wrapping_sub(0xea) < 4) | (b >= 0xf0);
    let mut maybe =
        bytes.chunks(4096).any(|block| block.iter().fold(0u8, |found, &b| found | u8::from(suspect(b))) != 0);
    // The ideographic space; U+2xxx beyond quotes and dashes (Roman numerals, circled
    // letters); full-width forms.
    maybe = maybe
        || IDEOGRAPHIC_SPACE.find(bytes).is_some()
        || memchr::memchr2_iter(0xe2, 0xef, bytes).any(|i| match (bytes[i], bytes.get(i + 1)) {
            (0xe2, next) => !matches!(next, Some(0x80 | 0x81)),
            (_, next) => matches!(next, Some(0xbc | 0xbd)),
        });
    maybe && s.chars().any(|c| fold(c) != c)
}

static IDEOGRAPHIC_SPACE: std::sync::LazyLock<memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memmem::Finder::new("\u{3000}"));

/// Whether the text has Latin letters (after folding, lower case ones), in one vectorised
/// pass.
pub fn has_latin(s: &str) -> bool {
    s.as_bytes()
        .chunks(4096)
        .any(|block| block.iter().fold(0u8, |found, &b| found | u8::from(b.wrapping_sub(b'a') < 26)) != 0)
}

/// Folds a whole string (see [`fold`]).
pub fn fold_str(s: &str) -> String {
    s.chars().map(fold).collect()
}

/// One space-separated part of a query.
#[derive(Debug, Clone)]
pub struct Term {
    /// The folded text.
    pub text: String,
    /// Whether the term can also match as pinyin (it is made of Latin letters only).
    pub pinyin: bool,
    pub(crate) finder: memmem::Finder<'static>,
    /// The compiled pinyin pattern, for a term of Latin letters.
    pub(crate) pattern: Option<Arc<Pattern>>,
}

impl Term {
    fn new(text: String) -> Self {
        let pinyin =
            !text.is_empty() && text.len() <= super::pinyin::MAX_QUERY && text.bytes().all(|b| b.is_ascii_lowercase());
        let finder = memmem::Finder::new(text.as_bytes()).into_owned();
        let pattern = if pinyin { Pattern::new(&text).map(Arc::new) } else { None };
        Term { text, pinyin, finder, pattern }
    }

    /// Whether every measure matching `self` also matches `older` (so a search for `self` may
    /// be restricted to the hits of `older`).
    fn refines(&self, older: &Term) -> bool {
        if self.pinyin || older.pinyin {
            // Pinyin matches are only closed under extending the end of the pattern.
            self.text.starts_with(&older.text) && (older.pinyin || !self.pinyin)
        } else {
            self.text.contains(&older.text)
        }
    }
}

/// A parsed query: all terms must match (in any field of a measure).
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub raw: String,
    pub terms: Vec<Term>,
}

impl Query {
    /// Roughly the bytes it holds (its text, twice: as typed and as folded terms).
    pub fn heap_bytes(&self) -> usize {
        2 * self.raw.len() + self.terms.len() * std::mem::size_of::<Term>()
    }

    pub fn parse(raw: &str) -> Self {
        let terms = fold_str(raw).split_whitespace().map(|t| Term::new(t.to_string())).collect();
        Query { raw: raw.to_string(), terms }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether the hits of `self` are a subset of the hits of `older`: every older term is
    /// refined by some term of this query.
    pub fn refines(&self, older: &Query) -> bool {
        older.terms.iter().all(|o| self.terms.iter().any(|t| t.refines(o)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_is_char_for_char() {
        assert_eq!(fold_str("（Ａ，b）　XY"), "(a,b) xy");
        for s in ["（Ａ，b）　XYİ", "ǅ", "宪法"] {
            assert_eq!(fold_str(s).chars().count(), s.chars().count());
        }
    }

    #[test]
    fn needs_folding_agrees_with_folding() {
        for s in ["宪法“宣誓”—…", "（一）", "ＡＢ", "AB", "ab", "a　b", "ΑΒ", "Ⅳ", "Ⓐ", "𐐀", "ǅ", "12·4", "é", "É"]
        {
            assert_eq!(needs_folding(s), fold_str(s) != s, "{s}");
        }
    }

    #[test]
    fn terms_and_pinyin_flag() {
        let q = Query::parse(" 宪法　XFXS  a1 ");
        let terms: Vec<_> = q.terms.iter().map(|t| (t.text.as_str(), t.pinyin)).collect();
        assert_eq!(terms, [("宪法", false), ("xfxs", true), ("a1", false)]);
    }

    #[test]
    fn refinement() {
        assert!(Query::parse("宪法宣").refines(&Query::parse("宪法")));
        assert!(Query::parse("法宣").refines(&Query::parse("法")));
        assert!(Query::parse("宪法 律师").refines(&Query::parse("律")));
        assert!(!Query::parse("宪").refines(&Query::parse("宪法")));
        assert!(Query::parse("xfx").refines(&Query::parse("xf")));
        assert!(!Query::parse("fx").refines(&Query::parse("x")));
    }
}
