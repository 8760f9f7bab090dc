//! The help of `itc man`: each text in English (its `///` comment) and in Chinese.

use super::Entry;

pub(super) const HELP: &[Entry] = &[
    (
        "man",
        "",
        "Write man pages: one per command into DIR, or the page of itc to stdout",
        "生成 man 手册页:每个命令一页写入 DIR,或把 itc 的手册页打印到标准输出",
    ),
    (
        "man",
        "out",
        "Folder to write itc.1, itc-check.1, … into (default: print itc.1)",
        "写入 itc.1、itc-check.1 等文件的目录(默认:打印 itc.1)",
    ),
];
