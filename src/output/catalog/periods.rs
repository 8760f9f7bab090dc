//! The Chinese names of the periods relative to today, accepted by every `--period`: 本月,
//! 上月, 本季度, 上季度, 今年, 去年, 本周, 上周, 年初至今 stand for `this-month` … `ytd`
//! (`time::Period::relative`), alone or at either end of `FROM..TO`.

use std::borrow::Cow;

/// Each Chinese name and the English one it stands for.
pub const NAMES: [(&str, &str); 9] = [
    ("本月", "this-month"),
    ("上月", "last-month"),
    ("本季度", "this-quarter"),
    ("上季度", "last-quarter"),
    ("今年", "this-year"),
    ("去年", "last-year"),
    ("本周", "this-week"),
    ("上周", "last-week"),
    ("年初至今", "ytd"),
];

fn one(text: &str) -> Cow<'_, str> {
    let t = text.trim();
    match NAMES.iter().find(|(zh, _)| *zh == t) {
        Some((_, en)) => Cow::Borrowed(en),
        None => Cow::Borrowed(text),
    }
}

/// A `--period` with its Chinese relative names put in English: `上季度..本月` →
/// `last-quarter..this-month`; any other text is left as it is.
pub fn relative_in_english(text: &str) -> Cow<'_, str> {
    match text.split_once("..") {
        Some((from, to)) => {
            let (a, b) = (one(from), one(to));
            match (&a, &b) {
                (Cow::Borrowed(x), Cow::Borrowed(y)) if *x == from && *y == to => {
                    Cow::Borrowed(text)
                }
                _ => Cow::Owned(format!("{a}..{b}")),
            }
        }
        None => one(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_period_names_stand_for_the_english_ones() {
        assert_eq!(relative_in_english("上月"), "last-month");
        assert_eq!(relative_in_english(" 本周 "), "this-week");
        assert_eq!(
            relative_in_english("上季度..本月"),
            "last-quarter..this-month"
        );
        assert_eq!(relative_in_english("2026-01..本月"), "2026-01..this-month");
        assert_eq!(relative_in_english("2026-Q3"), "2026-Q3");
        assert_eq!(relative_in_english("下月"), "下月");
    }
}
