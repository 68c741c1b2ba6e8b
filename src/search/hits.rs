//! A set of measures, by global measure id, as a bitset.

/// A set of global measure ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HitSet {
    words: Vec<u64>,
    len: usize,
}

impl HitSet {
    /// The bytes it holds.
    pub fn heap_bytes(&self) -> usize {
        self.words.len() * 8
    }

    pub fn empty(len: usize) -> Self {
        HitSet { words: vec![0; len.div_ceil(64)], len }
    }

    pub fn full(len: usize) -> Self {
        let mut set = HitSet { words: vec![u64::MAX; len.div_ceil(64)], len };
        if !len.is_multiple_of(64)
            && let Some(last) = set.words.last_mut()
        {
            *last = (1u64 << (len % 64)) - 1;
        }
        set
    }

    /// The size of the universe (all measures), not the number of members.
    pub fn universe(&self) -> usize {
        self.len
    }

    pub fn insert(&mut self, id: usize) {
        if id < self.len {
            self.words[id / 64] |= 1 << (id % 64);
        }
    }

    pub fn contains(&self, id: usize) -> bool {
        id < self.len && self.words[id / 64] & (1 << (id % 64)) != 0
    }

    pub fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// The words covering `range`, each masked to the bits inside the range.
    fn words_in(&self, range: std::ops::Range<usize>) -> impl Iterator<Item = u64> + '_ {
        let (start, end) = (range.start.min(self.len), range.end.min(self.len));
        let (first, last) = (start / 64, end.div_ceil(64));
        (first..last.max(first)).filter(move |_| start < end).map(move |w| {
            let mut word = self.words[w];
            if w == first {
                word &= u64::MAX << (start % 64);
            }
            if w == last - 1 && !end.is_multiple_of(64) {
                word &= (1u64 << (end % 64)) - 1;
            }
            word
        })
    }

    /// Members in `range`.
    pub fn count_in(&self, range: std::ops::Range<usize>) -> usize {
        self.words_in(range).map(|w| w.count_ones() as usize).sum()
    }

    pub fn any_in(&self, range: std::ops::Range<usize>) -> bool {
        self.words_in(range).any(|w| w != 0)
    }

    /// The first member at or after `id`.
    pub fn next_from(&self, id: usize) -> Option<usize> {
        let found = self.words_in(id..self.len).position(|w| w != 0)?;
        let w = id / 64 + found;
        let mut word = self.words[w];
        if found == 0 {
            word &= u64::MAX << (id % 64);
        }
        Some(w * 64 + word.trailing_zeros() as usize)
    }

    /// The last member before `id`.
    pub fn prev_before(&self, id: usize) -> Option<usize> {
        (0..id.min(self.len)).rev().find(|&i| self.contains(i))
    }

    /// Keeps only the members in `range`.
    pub fn keep_in(&mut self, range: std::ops::Range<usize>) {
        let start = range.start.min(self.len);
        let end = range.end.clamp(start, self.len);
        for (w, word) in self.words.iter_mut().enumerate() {
            let (lo, hi) = (w * 64, w * 64 + 64);
            if hi <= start || lo >= end {
                *word = 0;
                continue;
            }
            if lo < start {
                *word &= u64::MAX << (start - lo);
            }
            if hi > end {
                *word &= (1u64 << (end - lo)) - 1;
            }
        }
    }

    pub fn intersect(&mut self, other: &HitSet) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= b;
        }
    }

    pub fn union(&mut self, other: &HitSet) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= b;
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(w, &word)| {
            let mut bits = word;
            std::iter::from_fn(move || {
                (bits != 0).then(|| {
                    let bit = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    w * 64 + bit
                })
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keep_in_keeps_the_members_in_the_range_only() {
        let full = HitSet::full(200);
        for (start, end) in [(0, 200), (0, 0), (3, 64), (64, 128), (63, 65), (100, 300), (250, 260), (70, 10)] {
            let mut set = full.clone();
            set.keep_in(start..end);
            let expected: Vec<usize> = (start..end.min(200)).collect();
            assert_eq!(set.iter().collect::<Vec<_>>(), expected, "{start}..{end}");
            assert_eq!(set.universe(), 200);
        }
    }

    #[test]
    fn set_operations() {
        let mut a = HitSet::empty(130);
        for i in [0, 63, 64, 129, 500] {
            a.insert(i);
        }
        assert_eq!(a.iter().collect::<Vec<_>>(), [0, 63, 64, 129]);
        assert_eq!(HitSet::full(130).count(), 130);
        let mut b = HitSet::full(130);
        b.intersect(&a);
        assert_eq!(b, a);
        assert_eq!(a.count_in(60..100), 2);
        assert!(!a.any_in(1..63));
        assert!(a.any_in(0..1) && a.any_in(129..130) && !a.any_in(130..200) && !a.any_in(5..5));
        assert_eq!(a.count_in(0..130), 4);
        assert_eq!(a.count_in(64..65), 1);
        assert_eq!(a.next_from(1), Some(63));
        assert_eq!(a.next_from(64), Some(64));
        assert_eq!(a.next_from(65), Some(129));
        assert_eq!(a.next_from(130), None);
        assert_eq!(a.prev_before(64), Some(63));
        assert_eq!(a.prev_before(0), None);
        // Against the plain definition, on every range.
        for start in 0..131 {
            for end in start..131 {
                let plain = (start..end).filter(|&i| a.contains(i)).count();
                assert_eq!(a.count_in(start..end), plain, "{start}..{end}");
            }
        }
    }
}
