//! The help of `itc init`: each text in English (its `///` comment) and in Chinese.

use super::Entry;

pub(super) const HELP: &[Entry] = &[
    (
        "init",
        "",
        "Create a records repository: a commented itc.toml (in --lang), the kind folders, schemas and a README",
        "新建记录库:带注释的 itc.toml(按 --lang 的语言)、各类别目录、JSON Schema 与 README",
    ),
    (
        "init",
        "format",
        "Format of the records `itc new` writes",
        "`itc new` 写入记录所用的格式",
    ),
    ("init", "name", "The organisation's name", "单位名称"),
    (
        "init",
        "init_dir",
        "Where to create it (default: the current folder, or -C DIR)",
        "在哪里新建(默认:当前目录,或 -C DIR)",
    ),
    (
        "init",
        "ci",
        "Also write a CI job that checks the records (in an existing repository: only that)",
        "同时写入检查记录的 CI 作业(在已有记录库中:只写这一项)",
    ),
    (
        "init",
        "ci=github",
        "GitHub Actions: .github/workflows/itc.yml (SARIF to code scanning on pull requests)",
        "GitHub Actions:.github/workflows/itc.yml(拉取请求时把 SARIF 上传到代码扫描)",
    ),
    (
        "init",
        "ci=gitlab",
        "GitLab CI: .gitlab-ci.yml (a code-quality report on merge requests)",
        "GitLab CI:.gitlab-ci.yml(合并请求时生成代码质量报告)",
    ),
];
