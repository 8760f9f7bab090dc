//! `par_map`: work spread over every core, results in order.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Runs `f` over `items` on every core, keeping the order of the results. A panic of `f` is a
/// panic of `par_map`, as it would be in a loop: no result is ever dropped in silence.
pub fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    par_map_on(cores, items, f)
}

/// `par_map` on at most `threads` threads.
fn par_map_on<T: Sync, R: Send>(threads: usize, items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads.min(items.len().max(1));
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    // Small batches are cheap to share and balance across cores; a few items (heavy ones, such
    // as the KPIs) are claimed one at a time.
    let batch = (items.len() / (threads * 8)).clamp(1, 64);
    let next = AtomicUsize::new(0);
    let mut parts: Vec<Vec<(usize, R)>> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let start = next.fetch_add(batch, Ordering::Relaxed);
                        if start >= items.len() {
                            break;
                        }
                        for (i, item) in items.iter().enumerate().skip(start).take(batch) {
                            out.push((i, f(item)));
                        }
                    }
                    out
                })
            })
            .collect();
        // Every worker is joined; the first panic is then raised again here.
        let mut parts = Vec::with_capacity(workers.len());
        let mut panicked = None;
        for w in workers {
            match w.join() {
                Ok(part) => parts.push(part),
                Err(payload) => {
                    panicked.get_or_insert(payload);
                }
            }
        }
        if let Some(payload) = panicked {
            std::panic::resume_unwind(payload);
        }
        parts
    });
    let mut all: Vec<(usize, R)> = parts.drain(..).flatten().collect();
    all.sort_unstable_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_worker_makes_par_map_panic_instead_of_dropping_its_results() {
        let items: Vec<u32> = (0..1000).collect();
        let caught = std::panic::catch_unwind(|| {
            par_map_on(4, &items, |&i| {
                assert!(i != 700, "item {i} cannot be mapped");
                i
            })
        });
        assert!(caught.is_err(), "{:?}", caught.map(|v| v.len()));
        // Without a panic, every item comes back, in order.
        for threads in [1, 2, 4] {
            let doubled = par_map_on(threads, &items, |&i| i * 2);
            assert_eq!(doubled, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        }
    }
}
