//! Exact decimal numbers for money and thresholds: `13.8` is 138 × 10⁻¹, never the binary float
//! nearest to it. Records and `itc.toml` hold numbers as TOML/YAML floats; each is read back as
//! the shortest decimal that round-trips (what the user wrote, for any number of up to 15
//! significant digits), so `12 × 1.15` is exactly `13.8` and "over 15 %" can be strict.

use std::cmp::Ordering;

/// `mantissa × 10^-scale`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Exact {
    pub mantissa: i128,
    pub scale: u32,
}

impl Exact {
    pub const ZERO: Exact = Exact {
        mantissa: 0,
        scale: 0,
    };

    pub fn int(n: i64) -> Exact {
        Exact {
            mantissa: i128::from(n),
            scale: 0,
        }
    }

    /// A decimal as written: `-12`, `13.80`, `0.15`. No exponents.
    pub fn parse(text: &str) -> Option<Exact> {
        let t = text.trim();
        let (neg, digits) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        };
        let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
        if whole.is_empty() && frac.is_empty() {
            return None;
        }
        let mut mantissa: i128 = 0;
        for c in whole.bytes().chain(frac.bytes()) {
            if !c.is_ascii_digit() {
                return None;
            }
            mantissa = mantissa
                .checked_mul(10)?
                .checked_add(i128::from(c - b'0'))?;
        }
        let scale = u32::try_from(frac.len()).ok()?;
        Some(Exact {
            mantissa: if neg { -mantissa } else { mantissa },
            scale,
        })
    }

    /// The shortest decimal that reads back as `value` (Rust prints floats that way, without
    /// exponents). `None` for NaN, infinities and numbers too large to hold.
    pub fn from_f64(value: f64) -> Option<Exact> {
        if !value.is_finite() {
            return None;
        }
        Exact::parse(&value.to_string())
    }

    pub fn to_f64(self) -> f64 {
        self.mantissa as f64 / 10f64.powi(self.scale as i32)
    }

    /// Both at the larger scale.
    fn aligned(self, other: Exact) -> Option<(i128, i128, u32)> {
        let scale = self.scale.max(other.scale);
        let up = |e: Exact| {
            10i128
                .checked_pow(scale - e.scale)
                .and_then(|f| e.mantissa.checked_mul(f))
        };
        Some((up(self)?, up(other)?, scale))
    }

    pub fn checked_add(self, other: Exact) -> Option<Exact> {
        let (a, b, scale) = self.aligned(other)?;
        Some(Exact {
            mantissa: a.checked_add(b)?,
            scale,
        })
    }

    pub fn checked_sub(self, other: Exact) -> Option<Exact> {
        self.checked_add(Exact {
            mantissa: other.mantissa.checked_neg()?,
            scale: other.scale,
        })
    }

    pub fn checked_mul(self, other: Exact) -> Option<Exact> {
        Some(Exact {
            mantissa: self.mantissa.checked_mul(other.mantissa)?,
            scale: self.scale.checked_add(other.scale)?,
        })
    }

    /// Exact comparison; `None` only when aligning the two would overflow.
    pub fn compare(self, other: Exact) -> Option<Ordering> {
        let (a, b, _) = self.aligned(other)?;
        Some(a.cmp(&b))
    }
}

/// How far `actual` exceeds `budget`, against a relative line: whether
/// `actual / budget − 1 > line`, decided exactly as `actual > budget × (1 + line)`. A budget of
/// zero has no deviation. `None` when the numbers are too large to compare exactly.
pub fn over(actual: Exact, budget: Exact, line: Exact) -> Option<bool> {
    if budget.mantissa == 0 {
        return Some(false);
    }
    let allowed = budget.checked_mul(Exact::int(1).checked_add(line)?)?;
    let ord = actual.compare(allowed)?;
    // A negative budget flips the sense of "over"; budgets are ≥ 0 by the rules.
    Some(if budget.mantissa > 0 {
        ord == Ordering::Greater
    } else {
        ord == Ordering::Less
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn x(s: &str) -> Exact {
        Exact::parse(s).unwrap()
    }

    #[test]
    fn floats_read_back_as_the_decimals_written() {
        assert_eq!(Exact::from_f64(13.8), Some(x("13.8")));
        assert_eq!(Exact::from_f64(0.15), Some(x("0.15")));
        assert_eq!(Exact::from_f64(12.0), Some(x("12")));
        assert_eq!(Exact::from_f64(1e-7), Some(x("0.0000001")));
        assert_eq!(Exact::from_f64(f64::NAN), None);
        assert_eq!(Exact::parse("1e3"), None);
        assert_eq!(Exact::parse("."), None);
        assert_eq!(x("-2.50").checked_add(x("1")), Some(x("-1.50")));
        assert_eq!(
            x("13.8").compare(x("13.80")),
            Some(std::cmp::Ordering::Equal)
        );
    }

    #[test]
    fn over_is_strict_and_exact() {
        // 12 × 1.15 = 13.8 exactly: +15 % is not over 15 %. (In f64, 13.8 / 12 − 1 is
        // 0.15000000000000013.)
        assert_eq!(over(x("13.8"), x("12"), x("0.15")), Some(false));
        assert_eq!(over(x("13.81"), x("12"), x("0.15")), Some(true));
        // 9 × 1.2 = 10.8: +20 % is over 15 % but not over 20 %.
        assert_eq!(over(x("10.8"), x("9"), x("0.2")), Some(false));
        assert_eq!(over(x("10.8"), x("9"), x("0.15")), Some(true));
        assert_eq!(over(x("5"), x("0"), x("0.15")), Some(false));
    }
}
