//! The help of `itc fmt`: each text in English (its `///` comment) and in Chinese.

use super::Entry;

pub(super) const HELP: &[Entry] = &[
    (
        "fmt",
        "",
        "Rewrite records in the canonical layout (like cargo fmt); --check lists what would change",
        "按规范布局重写记录(类似 cargo fmt);--check 只列出会改动的文件",
    ),
    (
        "fmt",
        "paths",
        "Files or folders (default: every record)",
        "文件或目录(默认:全部记录)",
    ),
    (
        "fmt",
        "check",
        "Change nothing: list the files that are not formatted and exit 1 if any",
        "不做修改:列出未按规范排版的文件,有则退出码为 1",
    ),
    (
        "fmt",
        "lock_timeout",
        "Seconds to wait for another itc writing in this repository",
        "等待本记录库中另一个正在写入的 itc 的秒数",
    ),
];
