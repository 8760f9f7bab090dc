//! The help of `itc set`: each text in English (its `///` comment) and in Chinese.

use super::Entry;

pub(super) const HELP: &[Entry] = &[
    (
        "set",
        "",
        "Edit fields of a record, refusing a change that would add errors",
        "修改记录的字段;会引入错误的修改将被拒绝",
    ),
    ("set", "id", "The record's id", "记录编号"),
    (
        "set",
        "sets",
        "Fields: FIELD=VALUE, stage.FIELD=VALUE, list=a,b, table[0].field=VALUE, table[].field=VALUE (a new item)",
        "要设置的字段:字段=值、阶段.字段=值、列表=a,b、表[0].字段=值、表[].字段=值(新增一项)",
    ),
    (
        "set",
        "force",
        "Write the change even if it adds errors",
        "即使引入错误也写入",
    ),
    (
        "set",
        "lock_timeout",
        "Seconds to wait for another itc writing in this repository",
        "等待本记录库中另一个正在写入的 itc 的秒数",
    ),
    (
        "set",
        "by",
        "Who acted: the current stage's `by`",
        "经办人:当前阶段的 `by`",
    ),
    (
        "set",
        "set_from",
        "Fields from a TOML or YAML fragment laid out as in a record (`-`: read it from stdin); --set comes after it",
        "从 TOML 或 YAML 片段读取字段,布局与记录相同(`-`:从标准输入读取);--set 在其后生效",
    ),
];
