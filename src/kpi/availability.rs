//! Availability (信息系统稳定运行率) as time arithmetic: service time from a system's hours and
//! the working calendar, outage windows merged where they overlap (the heavier impact wins),
//! planned windows removed from both service time and downtime. Instants are Unix seconds.

pub use crate::time::{Calendar, Span, service_spans};

/// Merges weighted windows into disjoint ones; where windows overlap, the heaviest weight counts.
/// A sweep over the window ends, O(n log n): repositories have thousands of outages.
pub fn merge_weighted(windows: Vec<(i64, i64, f64)>) -> Vec<(i64, i64, f64)> {
    // Weights are ≥ 0, so their bit patterns order like the numbers.
    let mut events: Vec<(i64, bool, u64)> = windows
        .iter()
        .filter(|w| w.0 < w.1 && w.2 > 0.0)
        .flat_map(|w| [(w.0, true, w.2.to_bits()), (w.1, false, w.2.to_bits())])
        .collect();
    events.sort_unstable_by_key(|e| e.0);
    let mut active: std::collections::BTreeMap<u64, usize> = std::collections::BTreeMap::new();
    let mut out: Vec<(i64, i64, f64)> = Vec::new();
    let mut i = 0;
    let mut prev: Option<i64> = None;
    while i < events.len() {
        let t = events[i].0;
        if let (Some(p), Some((&bits, _))) = (prev, active.last_key_value()) {
            let weight = f64::from_bits(bits);
            match out.last_mut() {
                Some(last) if last.1 == p && last.2 == weight => last.1 = t,
                _ => out.push((p, t, weight)),
            }
        }
        while i < events.len() && events[i].0 == t {
            let (_, start, bits) = events[i];
            if start {
                *active.entry(bits).or_default() += 1;
            } else if let Some(n) = active.get_mut(&bits) {
                *n -= 1;
                if *n == 0 {
                    active.remove(&bits);
                }
            }
            i += 1;
        }
        prev = Some(t);
    }
    out
}

/// `spans` minus `holes` (each may overlap itself; both are merged and sorted first).
pub fn subtract(spans: &[Span], holes: &[Span]) -> Vec<Span> {
    let holes = merge_weighted(holes.iter().map(|h| (h.0, h.1, 1.0)).collect());
    let mut spans = spans.to_vec();
    spans.sort_unstable();
    let mut out = Vec::new();
    let mut h = 0;
    for (start, e) in spans {
        let mut s = start;
        // Holes ending before this span can never matter again: spans only move forward.
        while h < holes.len() && holes[h].1 <= s {
            h += 1;
        }
        let mut j = h;
        while j < holes.len() && holes[j].0 < e {
            if holes[j].0 > s {
                out.push((s, holes[j].0));
            }
            s = s.max(holes[j].1);
            j += 1;
        }
        if s < e {
            out.push((s, e));
        }
    }
    out
}

pub fn total(spans: &[Span]) -> i64 {
    spans.iter().map(|s| s.1 - s.0).sum()
}

/// Weighted seconds of `down` that fall within `service`; both sorted and disjoint, as
/// `service_spans`, `subtract` and `merge_weighted` give them. One pass over each.
pub fn weighted_overlap(service: &[Span], down: &[(i64, i64, f64)]) -> f64 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < service.len() && j < down.len() {
        let (s, e) = service[i];
        let (a, b, w) = down[j];
        let (x, y) = (s.max(a), e.min(b));
        if x < y {
            sum += (y - x) as f64 * w;
        }
        if e <= b {
            i += 1;
        } else {
            j += 1;
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use chrono::{FixedOffset, NaiveDate};

    use super::*;
    use crate::time::Hours;

    fn tz() -> FixedOffset {
        FixedOffset::east_opt(8 * 3600).unwrap()
    }

    fn at(s: &str) -> i64 {
        crate::time::parse_datetime(s, tz(), true)
            .unwrap()
            .timestamp()
    }

    #[test]
    fn overlapping_outages_count_once_with_the_heavier_weight() {
        // full 10:00–11:00, partial 10:30–12:00 → full 10:00–11:00, partial 11:00–12:00.
        let merged = merge_weighted(vec![
            (at("2026-03-01 10:00"), at("2026-03-01 11:00"), 1.0),
            (at("2026-03-01 10:30"), at("2026-03-01 12:00"), 0.5),
        ]);
        assert_eq!(
            merged,
            vec![
                (at("2026-03-01 10:00"), at("2026-03-01 11:00"), 1.0),
                (at("2026-03-01 11:00"), at("2026-03-01 12:00"), 0.5)
            ]
        );
        // 3600 s full + 3600 s × 0.5 = 5400 weighted seconds.
        let day = vec![(at("2026-03-01"), at("2026-03-02"))];
        assert_eq!(weighted_overlap(&day, &merged), 5400.0);
    }

    #[test]
    fn business_hours_skip_weekends_and_holidays_and_add_makeup_days() {
        let hours = Hours::parse("mon-fri 08:30-17:30").unwrap();
        let holidays: HashSet<NaiveDate> = [NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()].into();
        let workdays: HashSet<NaiveDate> = [NaiveDate::from_ymd_opt(2026, 9, 27).unwrap()].into();
        let cal = Calendar {
            holidays: &holidays,
            workdays: &workdays,
            tz: tz(),
        };
        // 2026-09-26 (Sat) .. 2026-10-03 (Sat), exclusive of the 3rd:
        // Sat 26 none; Sun 27 make-up 9 h; Mon 28, Tue 29, Wed 30 9 h each; Thu 1 holiday;
        // Fri 2 9 h; → 5 days × 9 h = 45 h = 162 000 s.
        let spans = service_spans(&hours, &cal, at("2026-09-26"), at("2026-10-03"));
        assert_eq!(total(&spans), 162_000);
        assert_eq!(spans[0], (at("2026-09-27 08:30"), at("2026-09-27 17:30")));
    }

    #[test]
    fn the_sweep_agrees_with_brute_force() {
        // Pseudo-random windows over a day; compare the weighted downtime of every minute.
        let mut seed = 7u64;
        let mut next = |m: i64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            ((seed >> 33) as i64) % m
        };
        let windows: Vec<(i64, i64, f64)> = (0..200)
            .map(|_| {
                let a = next(1440) * 60;
                (
                    a,
                    a + next(240) * 60 + 60,
                    [0.5, 1.0, 0.25][next(3) as usize],
                )
            })
            .collect();
        let merged = merge_weighted(windows.clone());
        let service = vec![(0, 500 * 60), (600 * 60, 1440 * 60)];
        let mut brute = 0.0;
        for minute in 0..1440 {
            let t = minute * 60;
            let in_service = service.iter().any(|s| s.0 <= t && t < s.1);
            let w = windows
                .iter()
                .filter(|w| w.0 <= t && t < w.1)
                .map(|w| w.2)
                .fold(0.0, f64::max);
            if in_service {
                brute += w * 60.0;
            }
        }
        assert_eq!(weighted_overlap(&service, &merged), brute);
        assert!(
            merged.windows(2).all(|p| p[0].1 <= p[1].0),
            "disjoint and sorted"
        );
    }

    #[test]
    fn planned_windows_are_cut_out() {
        let spans = subtract(&[(0, 100)], &[(10, 20), (15, 30), (90, 120)]);
        assert_eq!(spans, vec![(0, 10), (30, 90)]);
        assert_eq!(total(&spans), 70);
    }
}
