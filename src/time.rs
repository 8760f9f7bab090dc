//! Time as the records write it: dates, date-times (with or without an offset), durations,
//! appraisal cycles and KPI periods, service hours. "Now" is injected (`--as-of`, `ITC_TODAY`),
//! never read here.

use std::collections::HashSet;
use std::fmt;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, TimeZone, Timelike, Weekday};

/// The default time zone, `+08:00`.
pub const CHINA_STANDARD_TIME: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(tz) => tz,
    None => panic!("+08:00 is a valid offset"),
};

/// A length of time in whole seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Duration(pub i64);

impl Duration {
    pub fn seconds(self) -> i64 {
        self.0
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = self.0;
        if s == 0 {
            return f.write_str("0s");
        }
        let mut parts = Vec::new();
        for (unit, len) in [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)] {
            if s >= len {
                parts.push(format!("{}{unit}", s / len));
                s %= len;
            }
        }
        f.write_str(&parts.join(" "))
    }
}

/// `4h`, `30m`, `1d 2h`, `90s`, `1h30m`: one or more number-unit pairs (w, d, h, m, s).
pub fn parse_duration(text: &str) -> Option<Duration> {
    let mut total: i64 = 0;
    let mut digits = String::new();
    let mut any = false;
    for c in text.trim().chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' if digits.is_empty() => {}
            'w' | 'd' | 'h' | 'm' | 's' if !digits.is_empty() => {
                let n: i64 = digits.parse().ok()?;
                let unit = match c {
                    'w' => 604_800,
                    'd' => 86_400,
                    'h' => 3_600,
                    'm' => 60,
                    _ => 1,
                };
                total = total.checked_add(n.checked_mul(unit)?)?;
                digits.clear();
                any = true;
            }
            _ => return None,
        }
    }
    (any && digits.is_empty()).then_some(Duration(total))
}

fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
}

/// `YYYY-MM-DD`. Hand-written rather than a chrono format string: dates are parsed for every
/// record, and format strings are re-read on each call.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let b = text.trim().as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = i32::try_from(digits(&b[..4])?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(&b[5..7])?, digits(&b[8..10])?)
}

/// `HH:MM[:SS[.fff]]`, and what follows it.
fn parse_clock(b: &[u8]) -> Option<(NaiveTime, &[u8])> {
    if b.len() < 5 || b[2] != b':' {
        return None;
    }
    let (h, m) = (digits(&b[..2])?, digits(&b[3..5])?);
    let mut rest = &b[5..];
    let mut sec = 0;
    let mut nano = 0;
    if rest.first() == Some(&b':') {
        sec = digits(rest.get(1..3)?)?;
        rest = &rest[3..];
        if rest.first() == Some(&b'.') {
            let n = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 {
                return None;
            }
            let frac = &rest[1..1 + n.min(9)];
            nano = digits(frac)? * 10u32.pow(9 - frac.len() as u32);
            rest = &rest[1 + n..];
        }
    }
    Some((NaiveTime::from_hms_nano_opt(h, m, sec, nano)?, rest))
}

/// A date-time in any of the forms the records use: RFC 3339 with an offset, a local date-time
/// (`T` or a space, seconds optional) in the org's time zone, and — where allowed — a bare date,
/// read as midnight.
pub fn parse_datetime(
    text: &str,
    tz: FixedOffset,
    allow_date: bool,
) -> Option<DateTime<FixedOffset>> {
    let t = text.trim();
    let b = t.as_bytes();
    if b.len() == 10 {
        let date = parse_date(t).filter(|_| allow_date)?;
        return tz
            .from_local_datetime(&date.and_time(NaiveTime::MIN))
            .single();
    }
    let date = parse_date(t.get(..10)?)?;
    if !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let (time, rest) = parse_clock(&b[11..])?;
    let naive = date.and_time(time);
    let offset = match rest {
        [] => tz,
        [b'Z' | b'z'] => FixedOffset::east_opt(0)?,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let secs =
                i32::try_from(digits(&[*h1, *h2])? * 3600 + digits(&[*m1, *m2])? * 60).ok()?;
            FixedOffset::east_opt(if *sign == b'-' { -secs } else { secs })?
        }
        _ => return None,
    };
    offset.from_local_datetime(&naive).single()
}

/// "Now" in the org's time zone: `flag` (`--as-of`, `--at`), else `ITC_TODAY`, else the clock.
/// A bare date means the end of that day when `date_is_end` (KPIs: `--as-of 2026-12-31`
/// includes the 31st), else its start.
pub fn now(
    flag: Option<&str>,
    tz: FixedOffset,
    date_is_end: bool,
) -> Result<DateTime<FixedOffset>, crate::Error> {
    let given = flag.map(str::to_string).or_else(|| {
        std::env::var("ITC_TODAY")
            .ok()
            .filter(|s| !s.trim().is_empty())
    });
    let Some(text) = given else {
        // To the second: a date-time written from the clock carries no fraction.
        let t = chrono::Utc::now().with_timezone(&tz);
        return Ok(t.with_nanosecond(0).unwrap_or(t));
    };
    if let Some(day) = parse_date(&text) {
        let day = if date_is_end {
            day.succ_opt().unwrap_or(day)
        } else {
            day
        };
        if let Some(t) = tz
            .from_local_datetime(&day.and_time(NaiveTime::MIN))
            .single()
        {
            return Ok(t);
        }
    }
    // A time given with another offset (`…Z`) is the same instant seen in the org's zone, so
    // that the day it falls on, and every period relative to it, is the org's.
    parse_datetime(&text, tz, false)
        .map(|t| t.with_timezone(&tz))
        .ok_or_else(|| crate::Error::Refused(crate::Refusal::BadTime(text.to_string())))
}

/// The day `now` falls in, for periods relative to it: that of the last instant before `now`,
/// so that `--as-of 2026-12-31` (whose "now" is the end of that day) is the 31st.
pub fn today(now: DateTime<FixedOffset>) -> NaiveDate {
    (now - chrono::Duration::seconds(1)).date_naive()
}

/// `+08:00`, `-05:00`, `Z`.
pub fn parse_offset(text: &str) -> Option<FixedOffset> {
    let t = text.trim();
    if t == "Z" || t == "UTC" {
        return FixedOffset::east_opt(0);
    }
    let (sign, rest) = match t.as_bytes().first()? {
        b'+' => (1, &t[1..]),
        b'-' => (-1, &t[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let secs = h.parse::<i32>().ok()? * 3600 + m.parse::<i32>().ok()? * 60;
    FixedOffset::east_opt(sign * secs)
}

/// A half-open span of local dates, `[start, end)`: a year, half, quarter, month or day, or
/// `FROM..TO` (both dates inclusive as written, so `TO`'s next day is the end).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    pub label: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Period {
    /// The forms an appraisal `cycle` or a security `period` may take: year, half, quarter, month.
    pub fn parse_cycle(text: &str) -> Option<Period> {
        let t = text.trim();
        let year = |s: &str| -> Option<i32> {
            (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
        };
        let ymd = |y, m| NaiveDate::from_ymd_opt(y, m, 1);
        let months = |y: i32, m0: u32, n: u32| -> Option<(NaiveDate, NaiveDate)> {
            let start = ymd(y, m0)?;
            let end_m = m0 + n;
            let end = if end_m > 12 {
                ymd(y + 1, end_m - 12)?
            } else {
                ymd(y, end_m)?
            };
            Some((start, end))
        };
        let (start, end) = if let Some(y) = year(t) {
            (ymd(y, 1)?, ymd(y + 1, 1)?)
        } else {
            let (y, rest) = t.split_once('-')?;
            let y = year(y)?;
            match rest.as_bytes() {
                [b'H', h @ (b'1' | b'2')] => months(y, 1 + 6 * u32::from(h - b'1'), 6)?,
                [b'Q', q @ b'1'..=b'4'] => months(y, 1 + 3 * u32::from(q - b'1'), 3)?,
                [a, b] if a.is_ascii_digit() && b.is_ascii_digit() => {
                    let m: u32 = rest.parse().ok()?;
                    if !(1..=12).contains(&m) {
                        return None;
                    }
                    months(y, m, 1)?
                }
                _ => return None,
            }
        };
        Some(Period {
            label: t.to_string(),
            start,
            end,
        })
    }

    /// Every period form the KPIs accept: a cycle, a day, or `FROM..TO`.
    pub fn parse(text: &str) -> Option<Period> {
        let t = text.trim();
        if let Some(p) = Period::parse_cycle(t) {
            return Some(p);
        }
        if let Some((from, to)) = t.split_once("..") {
            let start = Period::parse(from)?.start;
            let end = Period::parse(to)?.end;
            return (start < end).then(|| Period {
                label: t.to_string(),
                start,
                end,
            });
        }
        let day = parse_date(t)?;
        Some(Period {
            label: t.to_string(),
            start: day,
            end: day.succ_opt()?,
        })
    }

    /// As `parse`, and also the periods relative to `today`: `this-month`, `last-month`,
    /// `this-quarter`, `last-quarter`, `this-year`, `last-year`, `this-week`, `last-week`
    /// (Monday to Sunday) and `ytd` (the year to `today`, inclusive); hledger's `lastmonth`
    /// spelling works too. The Chinese names (本月 …) are read by the command line, which turns
    /// them into these (`output::catalog::periods`). Either end of `FROM..TO` may be one.
    /// A relative period is labelled with what it stands for (`2026-10`).
    pub fn parse_at(text: &str, today: NaiveDate) -> Option<Period> {
        let t = text.trim();
        if let Some(p) = Period::relative(t, today) {
            return Some(p);
        }
        if let Some((from, to)) = t.split_once("..") {
            let (a, b) = (Period::parse_at(from, today)?, Period::parse_at(to, today)?);
            let relative = Period::relative(from.trim(), today).is_some()
                || Period::relative(to.trim(), today).is_some();
            return (a.start < b.end).then(|| Period {
                label: match relative {
                    true => format!("{}..{}", a.label, b.label),
                    false => t.to_string(),
                },
                start: a.start,
                end: b.end,
            });
        }
        Period::parse(t)
    }

    /// The relative names of `parse_at`.
    pub fn relative(text: &str, today: NaiveDate) -> Option<Period> {
        let name: String = text
            .chars()
            .filter(|c| *c != '-' && *c != '_')
            .flat_map(char::to_lowercase)
            .collect();
        let (y, m) = (today.year(), today.month());
        let (ly, lm) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
        let q = today.month0() / 3 + 1;
        let (qy, lq) = if q == 1 { (y - 1, 4) } else { (y, q - 1) };
        let label = match name.as_str() {
            "thisweek" | "lastweek" => {
                let back = i64::from(today.weekday().num_days_from_monday())
                    + if name == "lastweek" { 7 } else { 0 };
                let start = today.checked_sub_signed(chrono::Duration::days(back))?;
                let sunday = start.checked_add_signed(chrono::Duration::days(6))?;
                return Some(Period {
                    label: format!("{start}..{sunday}"),
                    start,
                    end: sunday.succ_opt()?,
                });
            }
            "thismonth" => format!("{y}-{m:02}"),
            "lastmonth" => format!("{ly}-{lm:02}"),
            "thisquarter" => format!("{y}-Q{q}"),
            "lastquarter" => format!("{qy}-Q{lq}"),
            "thisyear" => format!("{y}"),
            "lastyear" => format!("{}", y - 1),
            "ytd" => {
                return Some(Period {
                    label: format!("{y}-01-01..{today}"),
                    start: NaiveDate::from_ymd_opt(y, 1, 1)?,
                    end: today.succ_opt()?,
                });
            }
            _ => return None,
        };
        Period::parse_cycle(&label)
    }

    /// The calendar quarter holding `day`.
    pub fn quarter_of(day: NaiveDate) -> Period {
        let q = (day.month0() / 3) + 1;
        let label = format!("{}-Q{q}", day.year());
        Period::parse_cycle(&label).unwrap_or(Period {
            label,
            start: day,
            end: day,
        })
    }

    pub fn contains_date(&self, d: NaiveDate) -> bool {
        self.start <= d && d < self.end
    }

    /// Whether this period lies wholly inside `other`.
    pub fn within(&self, other: &Period) -> bool {
        other.start <= self.start && self.end <= other.end
    }
}

/// Weekly service hours: `24x7`, or day ranges with a daily window, e.g.
/// `mon-fri 08:30-17:30` or `mon-fri 08:30-17:30, sat 09:00-12:00`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hours {
    Always,
    /// For each weekday (Monday = 0), the open windows as seconds since local midnight.
    Weekly([Vec<(u32, u32)>; 7]),
}

impl Hours {
    pub fn parse(text: &str) -> Option<Hours> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("24x7") || t.eq_ignore_ascii_case("24/7") {
            return Some(Hours::Always);
        }
        let mut week: [Vec<(u32, u32)>; 7] = Default::default();
        for part in t.split(',') {
            let (days, window) = part.trim().split_once(' ')?;
            let (from, to) = window.trim().split_once('-')?;
            let secs = |s: &str| -> Option<u32> {
                let (h, m) = s.trim().split_once(':')?;
                let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
                (h <= 24 && m < 60 && h * 60 + m <= 24 * 60).then_some(h * 3600 + m * 60)
            };
            let (from, to) = (secs(from)?, secs(to)?);
            if from >= to {
                return None;
            }
            let day = |s: &str| -> Option<usize> {
                ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
                    .iter()
                    .position(|d| s.trim().eq_ignore_ascii_case(d))
            };
            let (first, last) = match days.split_once('-') {
                Some((a, b)) => (day(a)?, day(b)?),
                None => (day(days)?, day(days)?),
            };
            if first > last {
                return None;
            }
            for d in &mut week[first..=last] {
                d.push((from, to));
            }
        }
        Some(Hours::Weekly(week))
    }

    pub fn windows(&self, weekday: Weekday) -> &[(u32, u32)] {
        match self {
            Hours::Always => &[],
            Hours::Weekly(w) => &w[weekday.num_days_from_monday() as usize],
        }
    }
}

/// The clock an SLA runs on (`[sla.clock]`, per severity): wall-clock time (`24x7`, the
/// default), or the incident's system's service hours with the working calendar (`service`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Clock {
    #[default]
    Wall,
    Service,
}

impl Clock {
    /// `24x7` or `service`, as itc.toml writes them.
    pub fn parse(text: &str) -> Option<Clock> {
        match text.trim() {
            "24x7" => Some(Clock::Wall),
            "service" => Some(Clock::Service),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Clock::Wall => "24x7",
            Clock::Service => "service",
        }
    }
}

/// The working calendar: non-working holidays and make-up working days (调休).
pub struct Calendar<'a> {
    pub holidays: &'a HashSet<NaiveDate>,
    pub workdays: &'a HashSet<NaiveDate>,
    pub tz: FixedOffset,
}

fn local_instant(tz: FixedOffset, day: NaiveDate, secs: u32) -> i64 {
    let midnight = tz
        .from_local_datetime(&day.and_time(NaiveTime::MIN))
        .single()
        .map_or(0, |d| d.timestamp());
    midnight + i64::from(secs)
}

/// A half-open span of time, `[start, end)`, in Unix seconds.
pub type Span = (i64, i64);

/// The service time of a system within `[from, to)`: everything for `24x7`; otherwise its
/// weekly windows on working days. A holiday has no service; a make-up workday (调休) has the
/// windows of an ordinary weekday (the first of Monday–Friday that has any), whatever its own
/// weekday's windows are. Availability and the SLA service clock both count service time here.
pub fn service_spans(hours: &Hours, cal: &Calendar<'_>, from: i64, to: i64) -> Vec<Span> {
    if from >= to {
        return Vec::new();
    }
    if *hours == Hours::Always {
        return vec![(from, to)];
    }
    let weekday_windows: &[(u32, u32)] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ]
    .iter()
    .map(|d| hours.windows(*d))
    .find(|w| !w.is_empty())
    .unwrap_or(&[]);
    let to_day = |t: i64| {
        DateTime::from_timestamp(t, 0)
            .map(|d| d.with_timezone(&cal.tz).date_naive())
            .unwrap_or_default()
    };
    let (first, last) = (to_day(from), to_day(to - 1));
    let mut out = Vec::new();
    let mut day = first;
    while day <= last {
        let windows = if cal.holidays.contains(&day) {
            &[][..]
        } else if cal.workdays.contains(&day) {
            weekday_windows
        } else {
            hours.windows(day.weekday())
        };
        for &(a, b) in windows {
            let (s, e) = (
                local_instant(cal.tz, day, a).max(from),
                local_instant(cal.tz, day, b).min(to),
            );
            if s < e {
                out.push((s, e));
            }
        }
        day = match day.succ_opt() {
            Some(d) => d,
            None => break,
        };
    }
    out
}

/// The service seconds within `[from, to)`.
pub fn service_seconds(hours: &Hours, cal: &Calendar<'_>, from: i64, to: i64) -> i64 {
    service_spans(hours, cal, from, to)
        .iter()
        .map(|s| s.1 - s.0)
        .sum()
}

/// How far ahead `service_deadline` looks for service time before it gives up: ten years.
const SERVICE_SEARCH_DAYS: i64 = 3_660;

/// The first instant at which `seconds` of service time have elapsed since `from`: `from +
/// seconds` for `24x7`. A clock started outside the service hours waits for the next window;
/// a limit used up exactly at a window's close falls due at that close, not at the next opening.
/// `None` when the hours and calendar give no such time within ten years (every serving day a
/// holiday).
pub fn service_deadline(hours: &Hours, cal: &Calendar<'_>, from: i64, seconds: i64) -> Option<i64> {
    if *hours == Hours::Always || seconds <= 0 {
        return from.checked_add(seconds.max(0));
    }
    let mut left = seconds;
    let week = 7 * 86_400;
    let mut start = from;
    while start - from < SERVICE_SEARCH_DAYS * 86_400 {
        let end = start.checked_add(week)?;
        for (s, e) in service_spans(hours, cal, start, end) {
            if left <= e - s {
                return Some(s + left);
            }
            left -= e - s;
        }
        start = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn now_given_with_another_offset_falls_on_the_org_day() {
        let tz = parse_offset("+08:00").unwrap();
        let now = now(Some("2026-06-30T16:30:00Z"), tz, true).unwrap();
        assert_eq!(now.to_rfc3339(), "2026-07-01T00:30:00+08:00");
        assert_eq!(today(now).to_string(), "2026-07-01");
        let p = Period::parse_at("this-month", today(now)).unwrap();
        assert_eq!(p.label, "2026-07");
    }

    #[test]
    fn relative_periods_count_from_today() {
        let day = |s: &str| parse_date(s).unwrap();
        let p = |t: &str, today: &str| {
            let p = Period::parse_at(t, day(today)).unwrap();
            (p.label, p.start.to_string(), p.end.to_string())
        };
        // (period, today) → (label, start, end)
        for (period, today, label, start, end) in [
            (
                "this-month",
                "2026-11-30",
                "2026-11",
                "2026-11-01",
                "2026-12-01",
            ),
            (
                "last-month",
                "2026-01-15",
                "2025-12",
                "2025-12-01",
                "2026-01-01",
            ),
            (
                "lastmonth",
                "2026-03-01",
                "2026-02",
                "2026-02-01",
                "2026-03-01",
            ),
            (
                "this-quarter",
                "2026-11-30",
                "2026-Q4",
                "2026-10-01",
                "2027-01-01",
            ),
            (
                "last-quarter",
                "2026-02-01",
                "2025-Q4",
                "2025-10-01",
                "2026-01-01",
            ),
            (
                "this-year",
                "2026-02-01",
                "2026",
                "2026-01-01",
                "2027-01-01",
            ),
            (
                "last-year",
                "2026-02-01",
                "2025",
                "2025-01-01",
                "2026-01-01",
            ),
            (
                "ytd",
                "2026-03-14",
                "2026-01-01..2026-03-14",
                "2026-01-01",
                "2026-03-15",
            ),
            // 2026-12-31 is a Thursday: its week runs Monday 12-28 to Sunday 2027-01-03.
            (
                "this-week",
                "2026-12-31",
                "2026-12-28..2027-01-03",
                "2026-12-28",
                "2027-01-04",
            ),
            // A Monday starts its own week; the week before starts seven days earlier.
            (
                "last-week",
                "2026-12-28",
                "2026-12-21..2026-12-27",
                "2026-12-21",
                "2026-12-28",
            ),
            // On a Sunday (2027-01-03) this week began the Monday before (2026-12-28).
            (
                "last-quarter..this-month",
                "2026-05-10",
                "2026-Q1..2026-05",
                "2026-01-01",
                "2026-06-01",
            ),
            (
                "2026-Q3",
                "2026-05-10",
                "2026-Q3",
                "2026-07-01",
                "2026-10-01",
            ),
        ] {
            assert_eq!(
                p(period, today),
                (label.to_string(), start.to_string(), end.to_string()),
                "{period} on {today}"
            );
        }
        assert!(Period::parse_at("next-month", day("2026-05-10")).is_none());
        // "Now" at the end of a day given as a date is still that day.
        let tz = CHINA_STANDARD_TIME;
        assert_eq!(
            today(now(Some("2026-12-31"), tz, true).unwrap()),
            day("2026-12-31")
        );
    }

    fn tz8() -> FixedOffset {
        FixedOffset::east_opt(8 * 3600).unwrap()
    }

    #[test]
    fn durations_in_the_forms_records_use() {
        assert_eq!(parse_duration("4h"), Some(Duration(14_400)));
        assert_eq!(parse_duration("1d 2h"), Some(Duration(93_600)));
        assert_eq!(parse_duration("1h30m"), Some(Duration(5_400)));
        assert_eq!(parse_duration("90s"), Some(Duration(90)));
        assert_eq!(parse_duration("4"), None);
        assert_eq!(parse_duration("h"), None);
        assert_eq!(parse_duration("4 hours"), None);
        assert_eq!(Duration(93_600).to_string(), "1d 2h");
    }

    #[test]
    fn local_datetimes_take_the_org_offset() {
        let a = parse_datetime("2026-03-14 09:05", tz8(), false);
        let b = parse_datetime("2026-03-14T09:05:00+08:00", tz8(), false);
        assert!(a.is_some());
        assert_eq!(a, b);
        assert!(parse_datetime("2026-03-14", tz8(), false).is_none());
        assert!(parse_datetime("2026-03-14", tz8(), true).is_some());
        assert!(parse_datetime("2026-02-30 09:00", tz8(), false).is_none());
        assert!(parse_datetime("2026-03-14 25:05", tz8(), false).is_none());
        let utc = parse_datetime("2026-03-14T01:05:00.5Z", tz8(), false).unwrap();
        assert_eq!(utc.to_rfc3339(), "2026-03-14T01:05:00.500+00:00");
        let west = parse_datetime("2026-03-14T01:05:07-05:00", tz8(), false).unwrap();
        assert_eq!(west.to_rfc3339(), "2026-03-14T01:05:07-05:00");
        assert!(parse_datetime("2026-03-14T01:05+0800", tz8(), false).is_none());
        assert!(parse_datetime("2026-03-14X01:05", tz8(), false).is_none());
    }

    #[test]
    fn periods_are_half_open() {
        let q3 = Period::parse("2026-Q3").unwrap();
        assert_eq!(q3.start.to_string(), "2026-07-01");
        assert_eq!(q3.end.to_string(), "2026-10-01");
        let h2 = Period::parse("2026-H2").unwrap();
        assert_eq!(h2.end.to_string(), "2027-01-01");
        let dec = Period::parse("2026-12").unwrap();
        assert_eq!(dec.end.to_string(), "2027-01-01");
        let day = Period::parse("2026-07-15").unwrap();
        assert_eq!(day.end.to_string(), "2026-07-16");
        let range = Period::parse("2026-02..2026-03-10").unwrap();
        assert_eq!(
            (range.start.to_string(), range.end.to_string()),
            ("2026-02-01".into(), "2026-03-11".into())
        );
        assert!(Period::parse("2026-13").is_none());
        assert!(Period::parse("2026-Q5").is_none());
        assert!(Period::parse_cycle("2026-07-15").is_none());
    }

    fn cal_of<'a>(h: &'a HashSet<NaiveDate>, w: &'a HashSet<NaiveDate>) -> Calendar<'a> {
        Calendar {
            holidays: h,
            workdays: w,
            tz: tz8(),
        }
    }

    fn at(s: &str) -> i64 {
        parse_datetime(s, tz8(), true).unwrap().timestamp()
    }

    #[test]
    fn service_clock_worked_examples() {
        let oa = Hours::parse("mon-fri 08:30-17:30").unwrap();
        let none = HashSet::new();
        let cal = cal_of(&none, &none);
        // Friday 2026-03-06 17:00 to Monday 2026-03-09 10:00: 17:00–17:30 (30 min) + 08:30–10:00
        // (90 min) = 2 h of service.
        assert_eq!(
            service_seconds(&oa, &cal, at("2026-03-06 17:00"), at("2026-03-09 10:00")),
            7_200
        );
        // 2 h from Friday 17:00 falls due at Monday 10:00; on 24x7 at Friday 19:00.
        assert_eq!(
            service_deadline(&oa, &cal, at("2026-03-06 17:00"), 7_200),
            Some(at("2026-03-09 10:00"))
        );
        assert_eq!(
            service_deadline(&Hours::Always, &cal, at("2026-03-06 17:00"), 7_200),
            Some(at("2026-03-06 19:00"))
        );
        // Half an hour used up exactly at Friday's close falls due at 17:30, not Monday 08:30.
        assert_eq!(
            service_deadline(&oa, &cal, at("2026-03-06 17:00"), 1_800),
            Some(at("2026-03-06 17:30"))
        );
        // A clock started on a Saturday waits for Monday 08:30: 1 h → 09:30.
        assert_eq!(
            service_deadline(&oa, &cal, at("2026-03-07 10:00"), 3_600),
            Some(at("2026-03-09 09:30"))
        );
        // The demo's 调休 Saturday 2026-02-28: from 10:00 to Monday 03-02 09:30 is
        // 10:00–17:30 (7.5 h) + 08:30–09:30 (1 h) = 8.5 h of service (47.5 h on the wall).
        let workdays: HashSet<NaiveDate> = [NaiveDate::from_ymd_opt(2026, 2, 28).unwrap()].into();
        let cal = cal_of(&none, &workdays);
        assert_eq!(
            service_seconds(&oa, &cal, at("2026-02-28 10:00"), at("2026-03-02 09:30")),
            30_600
        );
        // Its 24 h P3 limit: 7.5 h on Saturday, 9 h Monday (16.5 h), 7.5 h more on Tuesday
        // 03-03 from 08:30 → 16:00.
        assert_eq!(
            service_deadline(&oa, &cal, at("2026-02-28 10:00"), 86_400),
            Some(at("2026-03-03 16:00"))
        );
        // Hours no day of which serves (every Saturday a holiday) give no deadline.
        let sat = Hours::parse("sat 09:00-10:00").unwrap();
        let start = NaiveDate::from_ymd_opt(2026, 3, 7).unwrap();
        let saturdays: HashSet<NaiveDate> = (0..600)
            .map(|w| start + chrono::Duration::weeks(w))
            .collect();
        let cal = cal_of(&saturdays, &none);
        assert_eq!(service_deadline(&sat, &cal, at("2026-03-06"), 3_600), None);
    }

    /// A small deterministic PRNG (SplitMix64), so that a failure names its case.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: i64) -> i64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            ((z ^ (z >> 31)) % n.max(1) as u64) as i64
        }
    }

    /// (weekday from Monday = 0, from minute, to minute).
    type Window = (u32, i64, i64);

    /// Service hours as itc.toml writes them and as windows for the reference.
    const HOURS: &[(&str, &[Window])] = &[
        ("24x7", &[]),
        (
            "mon-fri 08:30-17:30",
            &[
                (0, 510, 1050),
                (1, 510, 1050),
                (2, 510, 1050),
                (3, 510, 1050),
                (4, 510, 1050),
            ],
        ),
        (
            "tue-thu 08:00-12:00, tue-thu 13:00-18:00, sat 09:00-11:00",
            &[
                (1, 480, 720),
                (2, 480, 720),
                (3, 480, 720),
                (1, 780, 1080),
                (2, 780, 1080),
                (3, 780, 1080),
                (5, 540, 660),
            ],
        ),
        (
            "sun 22:00-24:00, mon 00:00-02:00",
            &[(6, 1320, 1440), (0, 0, 120)],
        ),
    ];

    /// The service-clock deadline against a minute-by-minute count from the definition: a
    /// holiday serves nothing, a make-up workday the windows of the first of Monday–Friday that
    /// has any, every other day its own weekday's; the deadline is the end of the minute in
    /// which the limit's last service minute elapses. Never before the 24x7 deadline.
    #[test]
    fn the_service_clock_agrees_with_a_minute_by_minute_count() {
        // Day 0 is Sunday 2026-03-01.
        let day0 = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let base = at("2026-03-01");
        let mut rng = Rng(20_261_203);
        for case in 0..400 {
            let (text, windows) = HOURS[rng.below(HOURS.len() as i64) as usize];
            let hours = Hours::parse(text).unwrap();
            let mut pick =
                |n: i64| -> Vec<i64> { (0..rng.below(n)).map(|_| rng.below(21)).collect() };
            let (hol, work) = (pick(6), pick(4));
            let occurred = rng.below(14 * 1440);
            let sla = 1 + rng.below(3_000);
            let holidays: HashSet<NaiveDate> = hol
                .iter()
                .map(|&d| day0 + chrono::Duration::days(d))
                .collect();
            let workdays: HashSet<NaiveDate> = work
                .iter()
                .map(|&d| day0 + chrono::Duration::days(d))
                .collect();
            let serves = |m: i64| -> bool {
                if text == "24x7" {
                    return true;
                }
                let d = m.div_euclid(1440);
                let minute = m.rem_euclid(1440);
                if hol.contains(&d) {
                    return false;
                }
                let weekday = if work.contains(&d) {
                    (0..5)
                        .find(|w| windows.iter().any(|x| x.0 == *w))
                        .unwrap_or(0)
                } else {
                    (day0 + chrono::Duration::days(d))
                        .weekday()
                        .num_days_from_monday()
                };
                windows
                    .iter()
                    .any(|&(w, a, b)| w == weekday && a <= minute && minute < b)
            };
            let (mut m, mut counted) = (occurred, 0);
            while counted < sla {
                if serves(m) {
                    counted += 1;
                }
                m += 1;
            }
            let expected = base + m * 60;
            let cal = cal_of(&holidays, &workdays);
            let from = base + occurred * 60;
            let got = service_deadline(&hours, &cal, from, sla * 60);
            assert_eq!(
                got,
                Some(expected),
                "case {case}: {text}, holidays {hol:?}, workdays {work:?}, from minute {occurred}, {sla} min"
            );
            assert!(
                expected >= from + sla * 60,
                "case {case}: never before 24x7"
            );
            // The service time up to the deadline is the limit, and one second less falls short.
            assert_eq!(
                service_seconds(&hours, &cal, from, expected),
                sla * 60,
                "case {case}"
            );
            assert!(
                service_seconds(&hours, &cal, from, expected - 1) < sla * 60,
                "case {case}"
            );
        }
    }

    #[test]
    fn service_hours() {
        assert_eq!(Hours::parse("24x7"), Some(Hours::Always));
        let h = Hours::parse("mon-fri 08:30-17:30").unwrap();
        assert_eq!(h.windows(Weekday::Wed), &[(30_600, 63_000)]);
        assert!(h.windows(Weekday::Sat).is_empty());
        assert!(Hours::parse("fri-mon 08:00-09:00").is_none());
        assert!(Hours::parse("mon-fri 18:00-08:00").is_none());
    }
}
