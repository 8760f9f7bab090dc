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
