//! Property tests: availability, repair timeliness and MTTR against brute-force references
//! written from DESIGN.md §5 alone, on hundreds of random small cases — business hours with
//! holidays and make-up workdays, outages crossing the period's edges, planned windows, partial
//! impact, open outages — with as-of at, just before and just after every instant of a case.

use chrono::{Datelike, FixedOffset, NaiveDate};

use super::{Ctx, Details, Key, compute};
use crate::config::{Config, System};
use crate::facts::{Body, Facts, Impact, Incident};
use crate::rules::Rules;
use crate::time::{Duration, Hours, Period};

/// A small deterministic PRNG (SplitMix64), so a failure names its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: i64) -> i64 {
        (self.next() % n.max(1) as u64) as i64
    }

    fn chance(&mut self, percent: i64) -> bool {
        self.below(100) < percent
    }
}

const DAYS: i64 = 7;
const MINUTES: i64 = DAYS * 1440;

fn tz() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap()
}

/// Day 0 is Sunday 2026-03-01; minute 0 is its local midnight.
fn day(n: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 1).unwrap() + chrono::Duration::days(n)
}

fn base() -> i64 {
    crate::facts::midnight(tz(), day(0))
}

fn instant(minute: i64) -> i64 {
    base() + minute * 60
}

/// Service hours both as the text `itc.toml` holds and as (weekday from Monday = 0, from, to)
/// minute windows for the reference.
/// (weekday from Monday = 0, from minute, to minute).
type Window = (u32, i64, i64);

const HOURS: &[(&str, &[Window])] = &[
    ("24x7", &[]),
    (
        "mon-fri 09:00-17:00",
        &[
            (0, 540, 1020),
            (1, 540, 1020),
            (2, 540, 1020),
            (3, 540, 1020),
            (4, 540, 1020),
        ],
    ),
    (
        "mon-fri 08:30-12:00, mon-fri 13:00-17:30, sat 09:00-11:00",
        &[
            (0, 510, 720),
            (1, 510, 720),
            (2, 510, 720),
            (3, 510, 720),
            (4, 510, 720),
            (0, 780, 1050),
            (1, 780, 1050),
            (2, 780, 1050),
            (3, 780, 1050),
            (4, 780, 1050),
            (5, 540, 660),
        ],
    ),
];

struct Case {
    hours: usize,
    holidays: Vec<i64>,
    workdays: Vec<i64>,
    /// (start, end or open, impact, planned), in minutes.
    outages: Vec<(i64, Option<i64>, Impact, bool)>,
    /// (severity index, occurred, restored), in minutes.
    incidents: Vec<(usize, i64, Option<i64>)>,
    /// First and last day (exclusive) of the period.
    period: (i64, i64),
}

const SLA_MINUTES: [i64; 3] = [60, 240, 480];

fn random_case(rng: &mut Rng) -> Case {
    let days = |n: i64, rng: &mut Rng| -> Vec<i64> {
        (0..rng.below(n)).map(|_| rng.below(DAYS)).collect()
    };
    let holidays = days(3, rng);
    let workdays = days(3, rng);
    let outages = (0..rng.below(6))
        .map(|_| {
            let start = rng.below(MINUTES);
            let end = (!rng.chance(20)).then(|| start + 1 + rng.below(2000));
            let impact = [Impact::Full, Impact::Partial, Impact::None][rng.below(3) as usize];
            (start, end, impact, rng.chance(25))
        })
        .collect();
    let incidents = (0..rng.below(6))
        .map(|_| {
            let occurred = rng.below(MINUTES);
            let restored = (!rng.chance(25)).then(|| occurred + rng.below(700));
            (rng.below(3) as usize, occurred, restored)
        })
        .collect();
    let first = rng.below(DAYS - 1);
    let last = first + 1 + rng.below(DAYS - first);
    Case {
        hours: rng.below(HOURS.len() as i64) as usize,
        holidays,
        workdays,
        outages,
        incidents,
        period: (first, last),
    }
}

fn config(case: &Case) -> Config {
    let mut c = Config {
        tz: tz(),
        ..Config::default()
    };
    c.holidays = case.holidays.iter().map(|&d| day(d)).collect();
    c.workdays = case.workdays.iter().map(|&d| day(d)).collect();
    c.systems.push(System {
        id: "s".into(),
        name: "s".into(),
        criticality: "core".into(),
        hours: Hours::parse(HOURS[case.hours].0).unwrap(),
        availability_target: None,
        rto: None,
        rpo: None,
    });
    for (i, m) in SLA_MINUTES.iter().enumerate() {
        c.sla_resolve
            .push((format!("P{}", i + 1), Duration(m * 60)));
    }
    c
}

fn facts(case: &Case, rules: &Rules) -> Vec<Facts> {
    let kind = rules
        .kinds
        .iter()
        .position(|k| k.key == "incident")
        .unwrap();
    let incident = |id: String, body: Incident| Facts {
        id,
        rel: String::new(),
        kind,
        title: String::new(),
        owner: None,
        stage: "report".into(),
        timeline: Vec::new(),
        body: Body::Incident(Box::new(body)),
        rejected: Vec::new(),
        first_at: None,
    };
    let blank = Incident {
        system: Some("s".into()),
        severity: None,
        category: None,
        security_level: None,
        occurred: None,
        restored: None,
        outage_start: None,
        outage_end: None,
        impact: Impact::Full,
        planned: false,
        alert_at: None,
        report_at: None,
        severity_kept: None,
    };
    let mut out = Vec::new();
    for (i, &(start, end, impact, planned)) in case.outages.iter().enumerate() {
        out.push(incident(
            format!("O{i}"),
            Incident {
                outage_start: Some(instant(start)),
                outage_end: end.map(instant),
                impact,
                planned,
                ..blank.clone()
            },
        ));
    }
    for (i, &(severity, occurred, restored)) in case.incidents.iter().enumerate() {
        out.push(incident(
            format!("R{i}"),
            Incident {
                severity: Some(format!("P{}", severity + 1)),
                // Every third fault has no occurred_at, only its report at the same instant,
                // which stands in for it: the reference is the same.
                occurred: (i % 3 != 0).then(|| instant(occurred)),
                report_at: (i % 3 == 0).then(|| instant(occurred)),
                restored: restored.map(instant),
                // The faults of the repair reference have no outage window: without `none`
                // their missing window would be down from occurrence to restoration.
                impact: Impact::None,
                ..blank.clone()
            },
        ));
    }
    out
}

fn period(case: &Case) -> Period {
    Period {
        label: "p".into(),
        start: day(case.period.0),
        end: day(case.period.1),
    }
}

/// Whether the system serves during the minute `m`, from the definition: 24x7 always;
/// otherwise a holiday has no service, a make-up workday has an ordinary weekday's windows,
/// any other day its own weekday's.
fn serves(case: &Case, m: i64) -> bool {
    let (text, windows) = HOURS[case.hours];
    if text == "24x7" {
        return true;
    }
    let d = m.div_euclid(1440);
    let minute = m.rem_euclid(1440);
    if case.holidays.contains(&d) {
        return false;
    }
    let weekday = if case.workdays.contains(&d) {
        (0..5)
            .find(|w| windows.iter().any(|x| x.0 == *w))
            .unwrap_or(0)
    } else {
        day(d).weekday().num_days_from_monday()
    };
    windows
        .iter()
        .any(|&(w, a, b)| w == weekday && a <= minute && minute < b)
}

/// (service seconds, weighted downtime seconds) minute by minute over `[period start,
/// min(as_of, period end))`; `as_of` in minutes. Open outages run to as-of, which every minute
/// counted lies before.
fn availability_reference(case: &Case, as_of: i64) -> (i64, f64) {
    let (from, to) = (case.period.0 * 1440, (case.period.1 * 1440).min(as_of));
    let (mut service, mut down) = (0i64, 0.0);
    for m in from.max(0)..to {
        let covers = |o: &&(i64, Option<i64>, Impact, bool)| o.0 <= m && o.1.is_none_or(|e| m < e);
        if !serves(case, m) || case.outages.iter().filter(|o| o.3).any(|o| covers(&o)) {
            continue;
        }
        service += 60;
        let weight = case
            .outages
            .iter()
            .filter(|o| !o.3)
            .filter(covers)
            .map(|o| match o.2 {
                Impact::Full => 1.0,
                Impact::Partial => 0.5,
                Impact::None => 0.0,
            })
            .fold(0.0, f64::max);
        down += 60.0 * weight;
    }
    (service, down)
}

/// (on time, counted, repair times) from DESIGN.md §5, in seconds, as of `as_of` (seconds).
fn repair_reference(case: &Case, as_of: i64) -> (f64, f64, Vec<i64>) {
    let (start, end) = (instant(case.period.0 * 1440), instant(case.period.1 * 1440));
    let (mut ok, mut n, mut times) = (0.0, 0.0, Vec::new());
    for &(severity, occurred, restored) in &case.incidents {
        let occurred = instant(occurred);
        if occurred >= as_of {
            continue; // not happened yet
        }
        let sla = SLA_MINUTES[severity] * 60;
        match restored.map(instant).filter(|&r| r < as_of) {
            Some(r) if start <= r && r < end => {
                n += 1.0;
                times.push(r - occurred);
                if r - occurred <= sla {
                    ok += 1.0;
                }
            }
            Some(_) => {}
            None => {
                let due = occurred + sla;
                // Missed once no restoration in time can still come: every instant up to the
                // deadline lies before as-of.
                if start <= due && due < end && due < as_of {
                    n += 1.0;
                }
            }
        }
    }
    (ok, n, times)
}

fn mean_median(times: &mut [i64]) -> (Option<f64>, Option<f64>) {
    if times.is_empty() {
        return (None, None);
    }
    times.sort_unstable();
    let n = times.len();
    let mean = times.iter().sum::<i64>() as f64 / n as f64;
    let median = if n % 2 == 1 {
        times[n / 2] as f64
    } else {
        (times[n / 2 - 1] + times[n / 2]) as f64 / 2.0
    };
    (Some(mean), Some(median))
}

/// Every instant of a case, in minutes: period edges, day starts, outage and incident times,
/// repair deadlines.
fn instants(case: &Case) -> Vec<i64> {
    let mut out = vec![case.period.0 * 1440, case.period.1 * 1440];
    for o in &case.outages {
        out.push(o.0);
        out.extend(o.1);
    }
    for &(s, occurred, restored) in &case.incidents {
        out.push(occurred);
        out.extend(restored);
        out.push(occurred + SLA_MINUTES[s]);
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[test]
fn availability_agrees_with_a_minute_by_minute_reference() {
    let rules = Rules::builtin().unwrap();
    let mut rng = Rng(20_260_301);
    for seed in 0..300 {
        let case = random_case(&mut rng);
        let (config, facts, period) = (config(&case), facts(&case, &rules), period(&case));
        let mut as_ofs: Vec<i64> = instants(&case)
            .iter()
            .flat_map(|&t| [t - 1, t, t + 1])
            .collect();
        as_ofs.push(MINUTES * 2);
        for as_of in as_ofs {
            let ctx = Ctx::new(&config, &rules, &facts, &period, instant(as_of));
            let kpis = compute(&ctx, &[Key::Availability], None);
            let Details::Availability { systems } = &kpis[0].details else {
                panic!("availability gives its systems");
            };
            let (service, down) = availability_reference(&case, as_of);
            let got = (systems[0].service_s, systems[0].downtime_s);
            assert_eq!(
                got,
                (service, down),
                "case {seed}, as of minute {as_of}: hours {:?}, holidays {:?}, workdays {:?}, outages {:?}, period {:?}",
                HOURS[case.hours].0,
                case.holidays,
                case.workdays,
                case.outages,
                case.period
            );
            // The KPI's numerator and denominator are the same seconds.
            assert_eq!(kpis[0].denominator, Some(service as f64));
            assert_eq!(kpis[0].numerator, service as f64 - down);
        }
    }
}

#[test]
fn repair_timeliness_and_mttr_agree_with_the_definition_at_every_as_of() {
    let rules = Rules::builtin().unwrap();
    let mut rng = Rng(7_777);
    for seed in 0..400 {
        let case = random_case(&mut rng);
        let (config, facts, period) = (config(&case), facts(&case, &rules), period(&case));
        let mut as_ofs: Vec<i64> = instants(&case)
            .iter()
            .flat_map(|&t| [instant(t) - 1, instant(t), instant(t) + 1])
            .collect();
        as_ofs.push(instant(MINUTES * 2));
        for as_of in as_ofs {
            let ctx = Ctx::new(&config, &rules, &facts, &period, as_of);
            let k = &compute(&ctx, &[Key::RepairTimeliness], None)[0];
            let (ok, n, mut times) = repair_reference(&case, ctx.as_of);
            let (mean, median) = mean_median(&mut times);
            let context = || {
                format!(
                    "case {seed}, as of {as_of}: incidents {:?}, period {:?}",
                    case.incidents, case.period
                )
            };
            assert_eq!((k.numerator, k.denominator), (ok, Some(n)), "{}", context());
            assert_eq!(k.value.is_none(), n == 0.0, "0/0 is n/a: {}", context());
            let Details::Repair {
                mttr_mean_s,
                mttr_median_s,
                ..
            } = k.details
            else {
                panic!("repair timeliness gives its MTTR");
            };
            assert_eq!(
                (mttr_mean_s, mttr_median_s),
                (mean, median),
                "{}",
                context()
            );
        }
    }
}

#[test]
fn unnamed_items_sum_and_count_as_named_ones() {
    let rules = Rules::builtin().unwrap();
    let mut rng = Rng(4_242);
    for seed in 0..150 {
        let case = random_case(&mut rng);
        let (config, facts, period) = (config(&case), facts(&case, &rules), period(&case));
        for as_of in instants(&case).into_iter().step_by(3) {
            for by in [None, Some(super::By::Month), Some(super::By::Severity)] {
                let named = Ctx::new(&config, &rules, &facts, &period, instant(as_of));
                let mut unnamed = Ctx::new(&config, &rules, &facts, &period, instant(as_of));
                (unnamed.keep_items, unnamed.ids) = (false, false);
                let sums = |ctx: &Ctx<'_>| {
                    compute(ctx, &[], by)
                        .iter()
                        .map(|k| {
                            let groups: Vec<_> = k
                                .groups
                                .iter()
                                .map(|g| (g.group.clone(), g.numerator, g.denominator))
                                .collect();
                            format!(
                                "{:?} {:?} {:?} {:?} {} {:?} {groups:?}",
                                k.key, k.value, k.numerator, k.denominator, k.incomplete, k.verdict
                            )
                        })
                        .collect::<Vec<_>>()
                };
                let left_out = compute(&unnamed, &[], by)
                    .iter()
                    .all(|k| k.left_out.is_empty());
                assert!(left_out, "case {seed}: unnamed items list no ids");
                assert_eq!(
                    sums(&named),
                    sums(&unnamed),
                    "case {seed}, as of {as_of}, by {by:?}"
                );
            }
        }
    }
}
