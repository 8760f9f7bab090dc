//! The help of `itc check`: each text in English (its `///` comment) and in Chinese.

use super::Entry;

pub(super) const HELP: &[Entry] = &[
    (
        "check",
        "",
        "Check records against the workflow rules",
        "按流程规则检查记录",
    ),
    (
        "check",
        "paths",
        "Files or folders to report on (default: the whole repository)",
        "要报告的文件或目录(默认:整个记录库)",
    ),
    (
        "check",
        "deny_warnings",
        "Fail (exit 1) on warnings too",
        "有警告也判为失败(退出码 1)",
    ),
    ("check", "format", "Output format", "输出格式"),
    // Values without English help get a Chinese one where the list is shown with descriptions.
    ("check", "format=human", "", "供人阅读的文本,附出错的行"),
    ("check", "format=json", "", "JSON 报告"),
    (
        "check",
        "format=github",
        "GitHub Actions workflow commands: each finding annotates its line in a pull request",
        "GitHub Actions 工作流命令:每个问题标注在拉取请求中对应的行上",
    ),
    (
        "check",
        "format=gitlab",
        "A GitLab code-quality report (JSON)",
        "GitLab 代码质量报告(JSON)",
    ),
    (
        "check",
        "format=junit",
        "A JUnit XML report: a test case per checked file, failing on errors",
        "JUnit XML 报告:每个被检查的文件一个测试用例,有错误时失败",
    ),
    (
        "check",
        "only",
        "Run only these checks (repeatable, or comma-separated)",
        "只运行这些检查(可重复,或用逗号分隔)",
    ),
    (
        "check",
        "skip",
        "Skip these checks (repeatable, or comma-separated)",
        "跳过这些检查(可重复,或用逗号分隔)",
    ),
    (
        "check",
        "changed_since",
        "Report only the findings that the changes since this git revision can cause (counted from the merge base; staged, unstaged and untracked files included)",
        "只报告自该 git 版本以来的改动可能引起的问题(从合并基点算起;包括已暂存、未暂存和未跟踪的文件)",
    ),
    (
        "check",
        "format=sarif",
        "A SARIF 2.1.0 log (GitHub code scanning)",
        "SARIF 2.1.0 日志(GitHub 代码扫描)",
    ),
    (
        "check",
        "at",
        "Read the records, itc.toml and rules.toml as they stood at this git revision (from git's objects; nothing is checked out)",
        "按该 git 版本时的状态读取记录、itc.toml 与 rules.toml(从 git 对象读取,不检出任何文件)",
    ),
];
