//! The help of `itc schema`: each text in English (its `///` comment) and in Chinese.

use super::Entry;

pub(super) const HELP: &[Entry] = &[
    (
        "schema",
        "",
        "Write JSON Schemas (draft 2020-12) for every kind, itc.toml and the machine outputs",
        "为每个类别、itc.toml 和机器可读输出生成 JSON Schema(draft 2020-12)",
    ),
    (
        "schema",
        "out",
        "Write one file per kind into DIR (default: print one JSON object keyed by file name)",
        "每个类别一个文件写入 DIR(默认:打印一个以文件名为键的 JSON 对象)",
    ),
    (
        "schema",
        "builtin",
        "Use the built-in rules, without reading a repository",
        "使用内置规则,不读取记录库",
    ),
];
