use super::*;

const UP: Direction = Direction::AtLeast;
const DOWN: Direction = Direction::AtMost;

#[test]
fn without_a_floor_an_item_is_all_or_nothing() {
    // Binary: the weight when met, 0 when missed, whatever the distance to the target.
    assert_eq!(kpi_points(10.0, 0.95, 0.9, None, UP, true), 10.0);
    assert_eq!(kpi_points(10.0, 0.89, 0.9, None, UP, false), 0.0);
}

#[test]
fn with_a_floor_an_item_is_linear_and_clamped() {
    // 8 × (0.85 − 0.8) / (0.9 − 0.8) = 8 × 0.5 = 4.
    assert!((kpi_points(8.0, 0.85, 0.9, Some(0.8), UP, false) - 4.0).abs() < 1e-9);
    // Above the target: clamped to the weight; below the floor: clamped to 0.
    assert_eq!(kpi_points(8.0, 0.99, 0.9, Some(0.8), UP, true), 8.0);
    assert_eq!(kpi_points(8.0, 0.5, 0.9, Some(0.8), UP, false), 0.0);
    // Mirrored, a maximum of 2 incidents with the floor at 6: 4 × (6 − 3) / (6 − 2) = 3.
    assert!((kpi_points(4.0, 3.0, 2.0, Some(6.0), DOWN, false) - 3.0).abs() < 1e-9);
    assert_eq!(kpi_points(4.0, 9.0, 2.0, Some(6.0), DOWN, false), 0.0);
    assert_eq!(kpi_points(4.0, 0.0, 2.0, Some(6.0), DOWN, true), 4.0);
    // A floor on the wrong side of the target scores as without one.
    assert_eq!(kpi_points(4.0, 0.95, 0.9, Some(0.95), UP, true), 4.0);
}

#[test]
fn the_total_is_scaled_to_the_weights_scored() {
    let item = |category, weight, points| Item {
        category,
        what: What::Manual("x".into()),
        weight,
        value: None,
        target: None,
        floor: None,
        target_is_max: false,
        ratio: None,
        marks: Vec::new(),
        points,
        unscored: None,
    };
    // 30 + 12 = 42 points of 30 + 20 = 50 weights scored (the 50 of the n/a item left out):
    // 42 / 50 × 100 = 84.
    let s = sum(
        None,
        vec![
            item(Category::Work, 30.0, Some(30.0)),
            item(Category::Work, 50.0, None),
            item(Category::Team, 20.0, Some(12.0)),
        ],
    );
    assert_eq!((s.points, s.weight, s.scored_weight), (42.0, 100.0, 50.0));
    assert!((s.total.unwrap() - 84.0).abs() < 1e-9);
    assert_eq!(s.categories.len(), 2);
    assert_eq!(
        (s.categories[0].points, s.categories[0].scored_weight),
        (30.0, 30.0)
    );
    // Nothing scored: 0/0 is n/a, not 0 and not 100.
    let none = sum(None, vec![item(Category::Work, 100.0, None)]);
    assert_eq!(none.total, None);
}

/// A small deterministic PRNG (SplitMix64), so that a failure names its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const GOALS: [&str; 3] = ["reporting", "partners", "innovation"];
const PEOPLE: [&str; 2] = ["boss", "other"];

/// Random appraisals over 2026, some of the subject, some done, with random goal scores.
fn random_facts(rng: &mut Rng, rules: &crate::rules::Rules) -> Vec<crate::facts::Facts> {
    use crate::facts::{Appraisal, Facts, GoalScore};
    let kind = rules
        .kinds
        .iter()
        .position(|k| k.key == "appraisal")
        .unwrap();
    let tz = chrono::FixedOffset::east_opt(8 * 3600).unwrap();
    let day0 = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    (0..rng.below(6))
        .map(|i| {
            let due = day0 + chrono::Duration::days(rng.below(365) as i64);
            let result_at = rng.chance(70).then(|| {
                let d = day0 + chrono::Duration::days(rng.below(365) as i64);
                crate::facts::midnight(tz, d) + 3600
            });
            let mut goal_scores = Vec::new();
            for (g, name) in GOALS.iter().enumerate() {
                // A goal scored, once the appraisal has its result.
                if rng.chance(60) && result_at.is_some() {
                    goal_scores.push(GoalScore {
                        goal: name.to_string(),
                        score: rng.below(101) as f64,
                        line: 10 + g as u32,
                    });
                }
            }
            Facts {
                id: format!("APR-{i}"),
                rel: format!("appraisals/APR-{i}.toml"),
                kind,
                title: String::new(),
                owner: None,
                stage: String::new(),
                timeline: Vec::new(),
                body: Body::Appraisal(Box::new(Appraisal {
                    employee: Some(PEOPLE[rng.below(2) as usize].to_string()),
                    appraiser: Some("chief".into()),
                    due_on: Some(due),
                    result_at,
                    scores: goal_scores.iter().map(|g| g.score).collect(),
                    goal_scores,
                    due_kept: None,
                    cycle: None,
                })),
                rejected: Vec::new(),
                first_at: None,
            }
        })
        .collect()
}

/// A random card of the two appraisal KPIs (with or without a floor) and the manual goals.
fn random_card(rng: &mut Rng) -> Scorecard {
    use crate::config::scorecard::CardItem;
    let mut items = Vec::new();
    for key in ["appraisal_execution", "goal_completion"] {
        if rng.chance(80) {
            let floor = rng.chance(50).then(|| rng.below(90) as f64 / 100.0);
            items.push(CardItem {
                category: Category::ALL[rng.below(4) as usize],
                weight: 1.0 + rng.below(40) as f64,
                source: Source::Kpi {
                    key: key.into(),
                    floor,
                },
            });
        }
    }
    for name in GOALS {
        if rng.chance(60) {
            items.push(CardItem {
                category: Category::ALL[rng.below(4) as usize],
                weight: 1.0 + rng.below(40) as f64,
                source: Source::Manual(name.into()),
            });
        }
    }
    Scorecard {
        subject: rng.chance(90).then(|| "boss".to_string()),
        roles: Vec::new(),
        items,
    }
}

/// The formula, written again from the KPIs' values and targets and the appraisals
/// alone: the points of each item, or none when it has no value.
fn reference(
    card: &Scorecard,
    kpis: &[Kpi],
    facts: &[crate::facts::Facts],
    as_of: i64,
    period: &crate::time::Period,
) -> Vec<Option<f64>> {
    card.items
        .iter()
        .map(|i| match &i.source {
            Source::Kpi { key, floor } => {
                let k = kpis.iter().find(|k| k.key.as_str() == key)?;
                let (v, t) = (k.value?, k.target?);
                let max = k.target_is_max;
                let share = match floor {
                    None => f64::from(u8::from(if max { v <= t } else { v >= t })),
                    Some(f) if max => ((f - v) / (f - t)).clamp(0.0, 1.0),
                    Some(f) => ((v - f) / (t - f)).clamp(0.0, 1.0),
                };
                Some(i.weight * share)
            }
            Source::Manual(name) => {
                let subject = card.subject.as_deref()?;
                let mut scores = Vec::new();
                for f in facts {
                    let Body::Appraisal(a) = &f.body else {
                        continue;
                    };
                    let due = a.due_on.unwrap();
                    if a.employee.as_deref() != Some(subject)
                        || due < period.start
                        || due >= period.end
                    {
                        continue;
                    }
                    // An appraisal not at its result by as-of: the item has no value.
                    a.result_at.filter(|&t| t < as_of)?;
                    if let Some(g) = a.goal_scores.iter().find(|g| &g.goal == name) {
                        scores.push(g.score);
                    }
                }
                if scores.is_empty() {
                    return None;
                }
                let mean = scores.iter().sum::<f64>() / scores.len() as f64;
                Some(i.weight * mean / 100.0)
            }
        })
        .collect()
}

#[test]
fn the_score_is_the_formula_applied_to_the_kpis_and_the_appraisals() {
    let rules = crate::rules::Rules::builtin().unwrap();
    let periods = ["2026", "2026-H1", "2026-Q3", "2026-07"];
    // How many items were scored linearly, all or nothing, by hand, and not at all: the cases
    // must reach every rule.
    let mut seen = [0usize; 4];
    for seed in 0..400u64 {
        let mut rng = Rng(seed);
        let facts = random_facts(&mut rng, &rules);
        let card = random_card(&mut rng);
        let targets = vec![
            (
                "appraisal_execution".into(),
                0.9 + rng.below(11) as f64 / 100.0,
            ),
            ("goal_completion".into(), 0.5 + rng.below(50) as f64 / 100.0),
        ];
        let mut config = crate::config::Config {
            targets,
            ..Default::default()
        };
        if rng.chance(20) {
            config.targets.pop();
        }
        // Only cards `check` accepts: a floor below its (minimum) target.
        let mut card = card;
        for i in &mut card.items {
            if let Source::Kpi { key, floor } = &mut i.source
                && floor.is_some_and(|f| config.target(key).is_none_or(|t| f >= t))
            {
                *floor = None;
            }
        }
        let period = crate::time::Period::parse(periods[rng.below(4) as usize]).unwrap();
        let now = crate::facts::midnight(
            config.tz,
            chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
                + chrono::Duration::days(rng.below(400) as i64),
        );
        let ctx = Ctx::new(&config, &rules, &facts, &period, now);
        let kpis = crate::kpi::compute(&ctx, &keys(&card), None);
        let score = compute(&ctx, &card, &kpis);
        let want = reference(&card, &kpis, &facts, ctx.as_of, &period);
        let got: Vec<Option<f64>> = score.items.iter().map(|i| i.points).collect();
        assert_eq!(got.len(), want.len(), "seed {seed}");
        for (g, w) in got.iter().zip(&want) {
            match (g, w) {
                (Some(g), Some(w)) => assert!((g - w).abs() < 1e-9, "seed {seed}: {g} ≠ {w}"),
                (None, None) => {}
                _ => panic!("seed {seed}: {got:?} ≠ {want:?}"),
            }
        }
        let scored: f64 = card
            .items
            .iter()
            .zip(&want)
            .filter(|(_, w)| w.is_some())
            .map(|(i, _)| i.weight)
            .sum();
        let points: f64 = want.iter().flatten().sum();
        match score.total {
            Some(t) => assert!((t - points / scored * 100.0).abs() < 1e-9, "seed {seed}"),
            None => assert_eq!(scored, 0.0, "seed {seed}"),
        }
        assert_eq!(score.scored_weight, scored, "seed {seed}");
        for i in &score.items {
            let n = match (&i.what, i.points, i.floor) {
                (_, None, _) => 3,
                (What::Manual(_), _, _) => 2,
                (_, _, Some(_)) => 0,
                _ => 1,
            };
            seen[n] += 1;
        }
    }
    assert!(seen.iter().all(|&n| n > 20), "{seen:?}");
}
