//! The help of `itc completions`: each text in English (its `///` comment) and in Chinese.

use super::Entry;

pub(super) const HELP: &[Entry] = &[
    (
        "completions",
        "",
        "Print a completion script for a shell (bash, zsh, fish, elvish, powershell)",
        "打印 shell 的补全脚本(bash、zsh、fish、elvish、powershell)",
    ),
    ("completions", "shell", "The shell", "shell 名称"),
];
