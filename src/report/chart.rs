//! The report's charts as inline SVG: a line of a KPI month by month against its target, and
//! bars of availability per system against each target.
//!
//! One small module rather than a charting library: each chart needs a `<title>` and an
//! `aria-label` (plotters' SVG backend writes neither), the palette and shapes are fixed here
//! (Okabe–Ito blue and vermillion; a missed point is drawn as a cross, a met one as a circle, so
//! the verdict does not rest on colour), and every text goes through maud, which escapes it.

use maud::{Markup, html};

use super::Chart;
use super::html::text;

/// Okabe–Ito: blue for values, vermillion for misses, black for targets.
const BLUE: &str = "#0072B2";
const VERMILLION: &str = "#D55E00";
const GREY: &str = "#999999";

const W: f64 = 320.0;
const H: f64 = 150.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 24.0;

/// The value range drawn: from a little below the lowest value or target up to 100%, or a
/// little above the highest when one lies above (cost control reads 112%).
fn range(values: impl Iterator<Item = f64> + Clone) -> (f64, f64) {
    let low = values.clone().fold(1.0_f64, f64::min);
    let high = values.fold(1.0_f64, f64::max);
    let low = ((low * 20.0).floor() / 20.0).clamp(0.0, 0.95);
    let high = ((high * 20.0).ceil() / 20.0).max(1.0);
    (low, high)
}

fn y_of(v: f64, (low, high): (f64, f64)) -> f64 {
    let v = v.clamp(low, high);
    let y = TOP + (H - TOP - BOTTOM) * (1.0 - (v - low) / (high - low));
    (y * 10.0).round() / 10.0
}

fn pct(v: f64) -> String {
    format!("{:.0}%", (v * 100.0).round())
}

fn axis(range: (f64, f64)) -> Markup {
    let (low, high) = range;
    html! {
        line x1=(LEFT) y1=(TOP) x2=(LEFT) y2=(H - BOTTOM) stroke="#555" {}
        line x1=(LEFT) y1=(H - BOTTOM) x2=(W - RIGHT) y2=(H - BOTTOM) stroke="#555" {}
        text x=(LEFT - 4.0) y=(y_of(high, range) + 4.0) text-anchor="end" font-size="10" { (pct(high)) }
        text x=(LEFT - 4.0) y=(y_of(low, range) + 4.0) text-anchor="end" font-size="10" { (pct(low)) }
    }
}

pub fn svg(chart: &Chart, id: &str) -> Markup {
    match chart {
        Chart::Line {
            title,
            months,
            values,
            target,
            target_is_max,
        } => line(title, months, values, *target, *target_is_max, id),
        Chart::Bars { title, bars } => bars_svg(title, bars, id),
    }
}

fn line(
    title: &str,
    months: &[String],
    values: &[Option<f64>],
    target: Option<f64>,
    target_is_max: bool,
    id: &str,
) -> Markup {
    let r = range(values.iter().flatten().copied().chain(target));
    let n = months.len().max(2) as f64;
    let x_of = |i: usize| {
        let x = LEFT + 6.0 + (W - LEFT - RIGHT - 12.0) * i as f64 / (n - 1.0);
        (x * 10.0).round() / 10.0
    };
    // Runs of consecutive months with a value are joined; a month without one breaks the line.
    let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => runs
                .last_mut()
                .map_or((), |run| run.push((x_of(i), y_of(*v, r)))),
            None => runs.push(Vec::new()),
        }
    }
    let path = |run: &[(f64, f64)]| {
        run.iter()
            .map(|(x, y)| format!("{x:.1},{y:.1}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let title_id = format!("{id}-t");
    html! {
        svg viewBox={ "0 0 " (W) " " (H) } width=(W) height=(H)
            role="img" aria-labelledby=(title_id) {
            title id=(title_id) { (text(title)) }
            (axis(r))
            @if let Some(t) = target {
                line x1=(LEFT) x2=(W - RIGHT) y1=(y_of(t, r)) y2=(y_of(t, r))
                    stroke="#000" stroke-dasharray="4 3" {}
            }
            @for run in runs.iter().filter(|r| r.len() > 1) {
                polyline points=(path(run)) fill="none" stroke=(BLUE) stroke-width="2" {}
            }
            @for (i, v) in values.iter().enumerate() {
                @if let Some(v) = v {
                    @let (x, y) = (x_of(i), y_of(*v, r));
                    @if target.is_some_and(|t| if target_is_max { *v > t } else { *v < t }) {
                        path d={ "M" (x - 4.0) "," (y - 4.0) "l8,8m0,-8l-8,8" }
                            stroke=(VERMILLION) stroke-width="2.5" {
                            title { (months[i]) ": " (crate::output::kpi::percent(*v)) }
                        }
                    } @else {
                        circle cx=(x) cy=(y) r="3" fill=(BLUE) {
                            title { (months[i]) ": " (crate::output::kpi::percent(*v)) }
                        }
                    }
                }
            }
            @if let (Some(first), Some(last)) = (months.first(), months.last()) {
                text x=(x_of(0)) y=(H - 8.0) font-size="10" { (first) }
                text x=(x_of(months.len() - 1)) y=(H - 8.0) font-size="10" text-anchor="end" { (last) }
            }
        }
    }
}

fn bars_svg(title: &str, bars: &[(String, Option<f64>, Option<f64>)], id: &str) -> Markup {
    let r = range(
        bars.iter()
            .flat_map(|(_, v, t)| v.iter().chain(t.iter()).copied()),
    );
    let width = (LEFT + RIGHT + 56.0 * bars.len().max(1) as f64).max(W);
    let slot = (width - LEFT - RIGHT) / bars.len().max(1) as f64;
    let base = H - BOTTOM;
    let title_id = format!("{id}-t");
    html! {
        svg viewBox={ "0 0 " (width) " " (H) } width=(width)
            height=(H) role="img" aria-labelledby=(title_id) {
            title id=(title_id) { (text(title)) }
            (axis(r))
            @for (i, (name, value, target)) in bars.iter().enumerate() {
                @let x = LEFT + slot * i as f64 + slot * 0.2;
                @let bw = slot * 0.6;
                @let missed = matches!((value, target), (Some(v), Some(t)) if v < t);
                @if let Some(v) = value {
                    rect x=(x) y=(y_of(*v, r)) width=(bw) height=(base - y_of(*v, r))
                        fill=(if missed { VERMILLION } else { BLUE })
                        stroke="#000" stroke-width="0.5"
                        stroke-dasharray=(if missed { "3 2" } else { "none" }) {
                        title { (text(name)) ": " (crate::output::kpi::percent(*v)) }
                    }
                } @else {
                    rect x=(x) y=(base - 2.0) width=(bw) height="2" fill=(GREY) {
                        title { (text(name)) ": n/a" }
                    }
                }
                @if let Some(t) = target {
                    line x1=(x - 3.0) x2=(x + bw + 3.0) y1=(y_of(*t, r)) y2=(y_of(*t, r))
                        stroke="#000" stroke-width="2" {}
                }
                text x=(x + bw / 2.0) y=(H - 8.0) font-size="10" text-anchor="middle" {
                    (text(name)) @if missed { " ✗" }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_chart_has_a_title_and_escapes_its_text() {
        let c = Chart::Bars {
            title: "<b>&".into(),
            bars: vec![("<x>".into(), Some(0.5), Some(0.9))],
        };
        let s = svg(&c, "c1").into_string();
        assert!(
            s.contains("<title id=\"c1-t\">&lt;b&gt;&amp;</title>"),
            "{s}"
        );
        assert!(s.contains("&lt;x&gt; ✗"), "{s}");
        assert!(!s.contains("<x>"));
        let l = Chart::Line {
            title: "KPI".into(),
            months: vec!["2026-01".into(), "2026-02".into()],
            values: vec![Some(0.99), Some(0.5)],
            target: Some(0.9),
            target_is_max: false,
        };
        let s = svg(&l, "c2").into_string();
        assert!(s.contains("<title id=\"c2-t\">KPI</title>"));
        // The met month is a circle, the missed one a cross.
        assert_eq!(s.matches("<circle").count(), 1);
        assert_eq!(s.matches("<path").count(), 1);
        // Under a maximum (cost control), above it is the miss; the range reaches 115%.
        let l = Chart::Line {
            title: "cost".into(),
            months: vec!["2026-01".into(), "2026-02".into()],
            values: vec![Some(0.99), Some(1.12)],
            target: Some(1.05),
            target_is_max: true,
        };
        let s = svg(&l, "c3").into_string();
        assert_eq!(s.matches("<circle").count(), 1);
        assert_eq!(s.matches("<path").count(), 1);
        assert!(s.contains(">115%</text>"), "{s}");
    }
}
