//! The help of `itc` itself and the global arguments (`-C`, `--lang`, `--color`, `-q`), whose entries serve every subcommand: each text in English (its `///` comment) and in Chinese.

use super::Entry;

pub(super) const HELP: &[Entry] = &[
    (
        "",
        "",
        "Records, workflow checks and KPIs of an enterprise information center (综合信息中心)",
        "综合信息中心的记录、流程检查与考核指标",
    ),
    (
        "",
        "dir",
        "Run as if started in DIR (the repository is found at or above it)",
        "如同在 DIR 中启动(记录库在 DIR 或其上级目录中查找)",
    ),
    (
        "",
        "lang",
        "Language of output (default: ITC_LANG, then org.lang, then zh)",
        "输出语言(默认依次取 ITC_LANG、org.lang,否则为中文 zh)",
    ),
    ("", "color", "When to colour output", "何时彩色输出"),
    (
        "",
        "quiet",
        "Print less: no summary line; `new` prints the id alone, `list` the rows alone",
        "少输出:不打印汇总行;`new` 只打印编号,`list` 只打印各行",
    ),
    (
        "",
        "no_input",
        "Never ask on a terminal: `new` and `advance` refuse what is missing, as without one (also ITC_NO_INPUT=1)",
        "从不在终端上提问:`new` 与 `advance` 如无终端时一样拒绝缺项(亦可设 ITC_NO_INPUT=1)",
    ),
];
