//! The help of `itc man`: each text in English (its `///` comment) and in Chinese.

use super::Entry;

pub(super) const HELP: &[Entry] = &[
    (
        "man",
        "",
        "Write man pages: one per command into DIR/man1, or the page of itc to stdout",
        "生成 man 手册页:每个命令一页写入 DIR/man1,或把 itc 的手册页打印到标准输出",
    ),
    (
        "man",
        "out",
        "Folder to write man1/itc.1, man1/itc-check.1, … into, for MANPATH (default: print itc.1)",
        "在此目录下写入 man1/itc.1、man1/itc-check.1 等文件,可加入 MANPATH(默认:打印 itc.1)",
    ),
];
