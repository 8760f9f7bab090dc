//! The help of `itc edit`: each text in English (its `///` comment) and in Chinese.

use super::Entry;

pub(super) const HELP: &[Entry] = &[
    (
        "edit",
        "",
        "Edit a record in $VISUAL or $EDITOR; it is written only if the edit adds no errors",
        "在 $VISUAL 或 $EDITOR 中编辑记录;只有不引入错误的修改才会写入",
    ),
    (
        "edit",
        "id",
        "The record's id (INC-2026-20 names INC-2026-0020-x7k)",
        "记录编号(INC-2026-20 即 INC-2026-0020-x7k)",
    ),
    (
        "edit",
        "lock_timeout",
        "Seconds to wait for another itc writing in this repository",
        "等待本记录库中另一个正在写入的 itc 的秒数",
    ),
];
