//! Bounded top-N: the `n` least entries by key of a stream, with how many were offered, in
//! memory bounded by `n` rather than by the stream. The overdue records are gathered this way
//! while the records load (`Late`), so that the report keeps the rows it lists and counts the
//! rest.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::sync::Mutex;

use crate::status::Status;

/// An entry of the heap, ordered by its key alone.
struct Entry<K, V>(K, V);

impl<K: Ord, V> PartialEq for Entry<K, V> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl<K: Ord, V> Eq for Entry<K, V> {}

impl<K: Ord, V> PartialOrd for Entry<K, V> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<K: Ord, V> Ord for Entry<K, V> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.cmp(&other.0)
    }
}

/// The `n` least entries by key offered so far (a max-heap of at most `n`), and how many were
/// offered. Keys are meant to be distinct (ties broken by a position); of equal keys, the one
/// offered first is kept.
pub struct Bounded<K: Ord, V> {
    n: usize,
    heap: BinaryHeap<Entry<K, V>>,
    offered: usize,
}

impl<K: Ord, V> Bounded<K, V> {
    pub fn new(n: usize) -> Self {
        Bounded {
            n,
            heap: BinaryHeap::with_capacity(n + 1),
            offered: 0,
        }
    }

    /// Whether an entry of key `k` would be kept now; `value` is made only then.
    pub fn offer(&mut self, k: K, value: impl FnOnce() -> V) {
        self.offered += 1;
        if self.heap.len() < self.n {
            self.heap.push(Entry(k, value()));
        } else if self.heap.peek().is_some_and(|top| k < top.0) {
            self.heap.pop();
            self.heap.push(Entry(k, value()));
        }
    }

    /// How many entries were offered.
    pub fn offered(&self) -> usize {
        self.offered
    }

    /// The kept entries, least key first.
    pub fn into_sorted(self) -> Vec<(K, V)> {
        self.heap
            .into_sorted_vec()
            .into_iter()
            .map(|Entry(k, v)| (k, v))
            .collect()
    }
}

/// The records with a deadline passed, as the overdue section reads them: how many records and
/// how many deadlines (rows), and the statuses behind the `n` rows it lists.
#[derive(Default)]
pub struct Overdue {
    /// Records with at least one deadline passed.
    pub records: usize,
    /// Deadlines passed, one row each.
    pub rows: usize,
    /// The statuses of the rows listed, each holding only its listed deadlines, in the
    /// section's order: by id, then in the order of the files.
    pub kept: Vec<Status>,
}

/// The rank of an overdue row: its deadline as the section shows it (the earliest first), then
/// the section's order (the record's id, its file's place, the deadline's place in the record).
type RowKey = (String, String, usize, usize);

/// Gathers the overdue records from the loader's threads: counts them and keeps the statuses
/// behind the `n` most overdue rows.
pub struct Late {
    inner: Mutex<(usize, Bounded<RowKey, Status>)>,
}

impl Late {
    pub fn new(n: usize) -> Late {
        Late {
            inner: Mutex::new((0, Bounded::new(n))),
        }
    }

    /// Offers the overdue deadlines of the record of file `file` (a status from `overdue_of`).
    pub fn add(&self, file: usize, s: &Status) {
        if s.overdue.is_empty() {
            return;
        }
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        inner.0 += 1;
        for (j, o) in s.overdue.iter().enumerate() {
            let shown = o.deadline.format("%Y-%m-%d %H:%M").to_string();
            inner.1.offer((shown, s.id.clone(), file, j), || Status {
                id: s.id.clone(),
                kind: s.kind.clone(),
                title: s.title.clone(),
                stage: s.stage.clone(),
                stage_label: s.stage_label.clone(),
                owner: s.owner.clone(),
                final_stage: s.final_stage,
                entered: s.entered,
                age: s.age,
                timeline: Vec::new(),
                deadlines: Vec::new(),
                overdue: vec![o.clone()],
            });
        }
    }

    /// What was gathered: the listed rows' statuses in the section's order, one status per
    /// record, holding its listed deadlines in their order.
    pub fn finish(self) -> Overdue {
        let (records, top) = self
            .inner
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let rows = top.offered();
        let mut kept: Vec<((String, usize, usize), Status)> = top
            .into_sorted()
            .into_iter()
            .map(|((_, id, file, j), s)| ((id, file, j), s))
            .collect();
        kept.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out: Vec<(usize, Status)> = Vec::new();
        for ((_, file, _), s) in kept {
            match out.last_mut() {
                Some((f, last)) if *f == file => last.overdue.extend(s.overdue),
                _ => out.push((file, s)),
            }
        }
        Overdue {
            records,
            rows,
            kept: out.into_iter().map(|(_, s)| s).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A SplitMix64 stream, so that a failure names its seed.
    fn stream(mut seed: u64, n: usize) -> Vec<u64> {
        (0..n)
            .map(|_| {
                seed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
                let mut z = seed;
                z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                (z ^ (z >> 31)) % 50
            })
            .collect()
    }

    /// The bounded heap keeps what a full stable sort cut to `n` keeps, whatever the order the
    /// entries come in: keys with many ties (values below 50), broken by the position.
    #[test]
    fn the_bounded_heap_keeps_what_sorting_everything_keeps() {
        for seed in 0..300u64 {
            let values = stream(seed, (seed % 70) as usize);
            let n = (seed % 23) as usize;
            let mut all: Vec<(u64, usize)> = values.iter().copied().zip(0..).collect();
            all.sort();
            all.truncate(n);
            // Offered in reverse: the order of offering does not matter.
            let mut b = Bounded::new(n);
            for (i, v) in values.iter().enumerate().rev() {
                b.offer((*v, i), || i);
            }
            assert_eq!(b.offered(), values.len(), "seed {seed}");
            let kept: Vec<(u64, usize)> = b.into_sorted().into_iter().map(|(k, _)| k).collect();
            assert_eq!(kept, all, "seed {seed}");
        }
    }

    #[test]
    fn nothing_is_kept_of_a_bound_of_zero_but_everything_is_counted() {
        let mut b = Bounded::new(0);
        b.offer(1, || "a");
        b.offer(0, || "b");
        assert_eq!(b.offered(), 2);
        assert!(b.into_sorted().is_empty());
    }
}
