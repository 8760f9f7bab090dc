//! The words of the report's block of settings that differ from their defaults.

use crate::Words;

pub const TITLE: Words = Words::new("非默认设置", "Settings that differ from the defaults");
pub const NOTE: Words = Words::new(
    "本报告的指标按以下 itc.toml 设置计算,它们不是默认值。",
    "The KPIs of this report are computed with these itc.toml settings, which are not the defaults.",
);
pub const TABLE: Words = Words::new("非默认设置", "Non-default settings");
pub const HEAD: [Words; 5] = [
    Words::new("设置", "Setting"),
    Words::new("值", "Value"),
    Words::new("默认值", "Default"),
    Words::new("影响指标", "KPIs affected"),
    Words::new("方向", "Direction"),
];
pub const LENIENT: Words = Words::new("更宽松", "more lenient");
pub const STRICTER: Words = Words::new("更严格", "stricter");
/// A limit the rules' severity has not: shown as its value.
pub const MISSING: Words = Words::new("未设置", "none");
/// A setting without a default (a severity the rules add).
pub const NO_DEFAULT: Words = Words::new("无", "none");
