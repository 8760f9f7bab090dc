//! The help of `itc advance`: each text in English (its `///` comment) and in Chinese.

use super::Entry;

pub(super) const HELP: &[Entry] = &[
    (
        "advance",
        "",
        "Complete a record's current stage and enter the next (or --to a later one)",
        "完成记录的当前阶段并进入下一阶段(或用 --to 进入更后的阶段)",
    ),
    (
        "advance",
        "id",
        "The record's id, e.g. INC-2026-0042",
        "记录编号,如 INC-2026-0042",
    ),
    (
        "advance",
        "to",
        "Enter this stage (optional stages in between may be skipped)",
        "进入该阶段(中间的可选阶段可以跳过)",
    ),
    (
        "advance",
        "sets",
        "A field: FIELD=VALUE, stage.FIELD=VALUE, list=a,b, table[0].field=VALUE, table[].field=VALUE (a new item)",
        "设置字段:字段=值、阶段.字段=值、列表=a,b、表[0].字段=值、表[].字段=值(新增一项)",
    ),
    (
        "advance",
        "at",
        "When the new stage was entered (default: now)",
        "进入新阶段的时间(默认:现在)",
    ),
    (
        "advance",
        "dry_run",
        "Show the result without writing it",
        "只显示结果,不写入",
    ),
    (
        "advance",
        "lock_timeout",
        "Seconds to wait for another itc writing in this repository",
        "等待本记录库中另一个正在写入的 itc 的秒数",
    ),
    (
        "advance",
        "by",
        "Who acted: the entered stage's `by` (default: ITC_USER, else the person whose email is git's user.email)",
        "经办人:所进入阶段的 `by`(默认取 ITC_USER,否则取 email 与 git 的 user.email 相同的人员)",
    ),
    (
        "advance",
        "set_from",
        "Fields from a TOML or YAML fragment laid out as in a record (`-`: read it from stdin); --set comes after it",
        "从 TOML 或 YAML 片段读取字段,布局与记录相同(`-`:从标准输入读取);--set 在其后生效",
    ),
];
