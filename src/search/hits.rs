//! A set of measures, by global measure id, as a bitset.

/// A set of global measure ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HitSet {
    words: Vec<u64>,
    len: usize,
}

impl HitSet {
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

    /// Members in `range`.
    pub fn count_in(&self, range: std::ops::Range<usize>) -> usize {
        range.filter(|&i| self.contains(i)).count()
    }

    pub fn any_in(&self, range: std::ops::Range<usize>) -> bool {
        range.into_iter().any(|i| self.contains(i))
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
    }
}
