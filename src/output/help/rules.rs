//! The help of `itc rules`: each text in English (its `///` comment) and in Chinese.

use super::Entry;

pub(super) const HELP: &[Entry] = &[
    (
        "rules",
        "",
        "Print the effective workflow rules (built-in, extended by rules.toml)",
        "打印生效的流程规则(内置规则,经 rules.toml 扩展)",
    ),
    ("rules", "format", "Output format", "输出格式"),
    (
        "rules",
        "builtin",
        "Print the built-in rules, without reading a repository",
        "打印内置规则,不读取记录库",
    ),
];
