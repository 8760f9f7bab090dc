//! The help of `itc completions`: each text in English (its `///` comment) and in Chinese.

use super::Entry;

pub(super) const HELP: &[Entry] = &[
    (
        "completions",
        "",
        "Print the registration script of dynamic completions for a shell (bash, zsh, fish, elvish, powershell)",
        "打印 shell 动态补全的注册脚本(bash、zsh、fish、elvish、powershell)",
    ),
    ("completions", "shell", "The shell", "shell 名称"),
];
