//! Escape routes closed by plausibility: instants in the future, values out of sane bounds,
//! settings that bend the numbers.
