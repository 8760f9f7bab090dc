//! The command line in the output language: every command's about text, every argument's help,
//! clap's headings and clap's own errors, in Chinese or English.
//!
//! The clap derive structs stay the one source of the arguments, and their `///` comments the
//! English help. For Chinese, `command` walks the built command tree and replaces each text from
//! `HELP` below, keyed by the subcommand path and the argument id; a test fails when a command or
//! argument has no entry, or when the English of an entry no longer equals its `///` comment (so
//! that a changed English help cannot leave a stale translation behind).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, Command, CommandFactory};

use crate::Lang;

/// `(command path, argument id, English, Chinese)`. The path is the subcommand names joined by
/// spaces (`""` for itc itself); the id is `""` for the command's about text, a clap argument
/// id, or `id=value` for one value of an argument's value list (needed for every value once one
/// of them has help; the English is empty for a value without). Arguments of the top level
/// (`-C`, `--lang`, …) are global: their entry serves every subcommand.
const HELP: &[(&str, &str, &str, &str)] = &[
    (
        "",
        "",
        "Records, workflow checks and KPIs of an enterprise information center (综合信息中心)",
        "综合信息中心的记录、流程检查与考核指标",
    ),
    (
        "",
        "dir",
        "Run as if started in DIR (the repository is found at or above it)",
        "如同在 DIR 中启动(记录库在 DIR 或其上级目录中查找)",
    ),
    (
        "",
        "lang",
        "Language of output (default: ITC_LANG, then org.lang, then zh)",
        "输出语言(默认依次取 ITC_LANG、org.lang,否则为中文 zh)",
    ),
    ("", "color", "When to colour output", "何时彩色输出"),
    (
        "",
        "quiet",
        "Print less: no summary line; `new` prints the id alone, `list` the rows alone",
        "少输出:不打印汇总行;`new` 只打印编号,`list` 只打印各行",
    ),
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
        "new",
        "",
        "Create a record: allocate its id and write its start stage",
        "新建记录:分配编号并写入起始阶段",
    ),
    (
        "new",
        "kind",
        "The kind of record: incident, project, drill, appraisal, plan, data, security, survey, backup",
        "记录类别:incident(故障)、project(项目)、drill(演练)、appraisal(考核)、plan(计划)、data(数据)、security(安全)、survey(调查)、backup(备份)",
    ),
    ("new", "title", "The record's title", "记录标题"),
    (
        "new",
        "sets",
        "A field: FIELD=VALUE, stage.FIELD=VALUE, list=a,b, table[0].field=VALUE, table[].field=VALUE (a new item), map.key=VALUE",
        "设置字段:字段=值、阶段.字段=值、列表=a,b、表[0].字段=值、表[].字段=值(新增一项)、映射.键=值",
    ),
    (
        "new",
        "at",
        "When the start stage was entered (default: now)",
        "进入起始阶段的时间(默认:现在)",
    ),
    (
        "new",
        "format",
        "File format (default: org.format of itc.toml)",
        "文件格式(默认:itc.toml 中的 org.format)",
    ),
    (
        "new",
        "stage",
        "Start at this stage instead of the kind's usual one (e.g. an incident at alert)",
        "从该阶段开始,而不是类别通常的起始阶段(如故障从 alert 开始)",
    ),
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
        "set",
        "",
        "Edit fields of a record, refusing a change that would add errors",
        "修改记录的字段;会引入错误的修改将被拒绝",
    ),
    ("set", "id", "The record's id", "记录编号"),
    (
        "set",
        "sets",
        "Fields: FIELD=VALUE, stage.FIELD=VALUE, list=a,b, table[0].field=VALUE, table[].field=VALUE (a new item)",
        "要设置的字段:字段=值、阶段.字段=值、列表=a,b、表[0].字段=值、表[].字段=值(新增一项)",
    ),
    (
        "set",
        "force",
        "Write the change even if it adds errors",
        "即使引入错误也写入",
    ),
    (
        "show",
        "",
        "Show a record: its fields, stage timeline, what it needs to advance, and what is overdue",
        "显示记录:字段、阶段时间线、推进所需内容以及超期事项",
    ),
    ("show", "id", "The record's id", "记录编号"),
    ("show", "format", "Output format", "输出格式"),
    (
        "list",
        "",
        "List records: id, kind, title, stage, owner, when the stage was entered, age",
        "列出记录:编号、类别、标题、阶段、责任人、进入阶段的时间、已过时长",
    ),
    (
        "list",
        "kind",
        "Only this kind (incident, project, …)",
        "只列此类别(incident、project 等)",
    ),
    (
        "list",
        "stage",
        "Only records at this stage: its key, or its label in either language (故障诊断, Diagnosis)",
        "只列处于此阶段的记录:阶段键,或中文、英文阶段名(故障诊断、Diagnosis)",
    ),
    (
        "list",
        "open",
        "Only records not at their final stage",
        "只列尚未到达最终阶段的记录",
    ),
    (
        "list",
        "overdue",
        "Only records with a deadline passed and not met: a stage time limit, an incident SLA, a planned end, an appraisal, drill, finding or plan-item due date",
        "只列出有期限已过且未完成的记录:阶段时限、故障 SLA、计划完成日期,以及考核、演练、隐患整改或计划事项的截止日期",
    ),
    (
        "list",
        "period",
        "Only records with a stage entered in this period (2026, 2026-Q3, 2026-07, FROM..TO, this-month, last-month, this-quarter, last-quarter, this-year, last-year, ytd)",
        "只列在此期间进入过某阶段的记录(2026、2026-Q3、2026-07、起..止,或相对今天的 this-month 本月、last-month 上月、this-quarter 本季度、last-quarter 上季度、this-year 今年、last-year 去年、ytd 年初至今)",
    ),
    (
        "list",
        "filters",
        "Only records whose FIELD (or stage.FIELD) is VALUE, or whose list FIELD holds it",
        "只列字段(或阶段.字段)等于该值、或列表字段包含该值的记录",
    ),
    ("list", "format", "Output format", "输出格式"),
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
        "kpi",
        "",
        "Compute the appraisal KPIs for a period",
        "计算某一期间的考核指标",
    ),
    (
        "kpi",
        "keys",
        "KPIs to compute (default: all seventeen), e.g. availability repair_timeliness",
        "要计算的指标(默认:全部十七项),如 availability repair_timeliness",
    ),
    (
        "kpi",
        "period",
        "Period: 2026, 2026-H1, 2026-Q3, 2026-07, 2026-07-15, FROM..TO, this-month, last-month, this-quarter, last-quarter, this-year, last-year or ytd (default: this quarter)",
        "期间:2026、2026-H1、2026-Q3、2026-07、2026-07-15、起..止,或相对今天的 this-month 本月、last-month 上月、this-quarter 本季度、last-quarter 上季度、this-year 今年、last-year 去年、ytd 年初至今(默认:本季度)",
    ),
    (
        "kpi",
        "as_of",
        "Compute as of this date or date-time instead of now (also ITC_TODAY); a date means its end",
        "以该日期或日期时间代替现在来计算(也可用 ITC_TODAY);只给日期表示当天结束时",
    ),
    (
        "kpi",
        "by",
        "Break the KPIs down where the key applies",
        "按此维度细分指标(适用时)",
    ),
    (
        "kpi",
        "explain",
        "List every record considered, counted or left out, and why",
        "列出参与计算、计入或排除的每条记录及原因",
    ),
    (
        "kpi",
        "fail_on_missed",
        "Exit 1 when a KPI with a target misses it",
        "有目标的指标未达标时退出码为 1",
    ),
    ("kpi", "format", "Output format", "输出格式"),
    (
        "report",
        "",
        "Write the manager's report of a period: KPIs, trends, incidents, projects, drills, security, overdue items",
        "生成某一周期的工作报告:考核指标、趋势、故障、项目、演练、安全与逾期事项",
    ),
    (
        "report",
        "period",
        "Period: a year 2026, half-year 2026-H1, quarter 2026-Q3 or month 2026-07",
        "报告周期:年 2026、半年 2026-H1、季度 2026-Q3 或月 2026-07",
    ),
    (
        "report",
        "as_of",
        "Report as of this date or date-time instead of now (also ITC_TODAY); a date means its end",
        "以该日期或日期时间代替现在来生成报告(也可用 ITC_TODAY);只给日期表示当天结束时",
    ),
    ("report", "format", "Output format", "输出格式"),
    (
        "report",
        "output",
        "Write the report to FILE instead of standard output",
        "将报告写入 FILE,而不是标准输出",
    ),
    (
        "rules",
        "",
        "Print the effective workflow rules (built-in, extended by rules.toml)",
        "打印生效的流程规则(内置规则,经 rules.toml 扩展)",
    ),
    ("rules", "format", "Output format", "输出格式"),
    (
        "rules",
        "builtin",
        "Print the built-in rules, without reading a repository",
        "打印内置规则,不读取记录库",
    ),
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
    (
        "completions",
        "",
        "Print a completion script for a shell (bash, zsh, fish, elvish, powershell)",
        "打印 shell 的补全脚本(bash、zsh、fish、elvish、powershell)",
    ),
    ("completions", "shell", "The shell", "shell 名称"),
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
    (
        "export",
        "",
        "Export records as NDJSON, JSON or CSV, with the same keys in every language",
        "导出记录为 NDJSON、JSON 或 CSV,各语言下键名相同",
    ),
    (
        "export",
        "kinds",
        "Only these kinds (incident, project, …; default: all)",
        "只导出这些类别(incident、project 等;默认:全部)",
    ),
    ("export", "format", "Output format", "输出格式"),
    (
        "export",
        "format=ndjson",
        "One JSON object per line",
        "每行一个 JSON 对象",
    ),
    ("export", "format=json", "One JSON array", "一个 JSON 数组"),
    (
        "export",
        "format=csv",
        "One CSV table per kind, its header the rules' field paths",
        "每个类别一张 CSV 表,表头为规则中的字段路径",
    ),
    (
        "export",
        "output",
        "Write to this file (for CSV: into this folder, one KIND.csv per kind) instead of stdout",
        "写入此文件而非标准输出(CSV 时为目录,每个类别一个 KIND.csv)",
    ),
    (
        "new",
        "lock_timeout",
        "Seconds to wait for another itc writing in this repository",
        "等待本记录库中另一个正在写入的 itc 的秒数",
    ),
    (
        "advance",
        "lock_timeout",
        "Seconds to wait for another itc writing in this repository",
        "等待本记录库中另一个正在写入的 itc 的秒数",
    ),
    (
        "set",
        "lock_timeout",
        "Seconds to wait for another itc writing in this repository",
        "等待本记录库中另一个正在写入的 itc 的秒数",
    ),
    (
        "fmt",
        "lock_timeout",
        "Seconds to wait for another itc writing in this repository",
        "等待本记录库中另一个正在写入的 itc 的秒数",
    ),
    (
        "new",
        "by",
        "Who acted: the start stage's `by` (default: ITC_USER, else the person whose email is git's user.email)",
        "经办人:起始阶段的 `by`(默认取 ITC_USER,否则取 email 与 git 的 user.email 相同的人员)",
    ),
    (
        "advance",
        "by",
        "Who acted: the entered stage's `by` (default: ITC_USER, else the person whose email is git's user.email)",
        "经办人:所进入阶段的 `by`(默认取 ITC_USER,否则取 email 与 git 的 user.email 相同的人员)",
    ),
    (
        "set",
        "by",
        "Who acted: the current stage's `by`",
        "经办人:当前阶段的 `by`",
    ),
    (
        "new",
        "set_from",
        "Fields from a TOML or YAML fragment laid out as in a record (`-`: read it from stdin); --set comes after it",
        "从 TOML 或 YAML 片段读取字段,布局与记录相同(`-`:从标准输入读取);--set 在其后生效",
    ),
    (
        "advance",
        "set_from",
        "Fields from a TOML or YAML fragment laid out as in a record (`-`: read it from stdin); --set comes after it",
        "从 TOML 或 YAML 片段读取字段,布局与记录相同(`-`:从标准输入读取);--set 在其后生效",
    ),
    (
        "set",
        "set_from",
        "Fields from a TOML or YAML fragment laid out as in a record (`-`: read it from stdin); --set comes after it",
        "从 TOML 或 YAML 片段读取字段,布局与记录相同(`-`:从标准输入读取);--set 在其后生效",
    ),
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
    (
        "check",
        "format=sarif",
        "A SARIF 2.1.0 log (GitHub code scanning)",
        "SARIF 2.1.0 日志(GitHub 代码扫描)",
    ),
    (
        "show",
        "as_of",
        "Show the record as of this date or date-time instead of now (also ITC_TODAY); a date means its end",
        "按此日期或时间(而非现在)显示记录(也可用 ITC_TODAY);日期指当天结束时",
    ),
    (
        "list",
        "as_of",
        "List as of this date or date-time instead of now (also ITC_TODAY); a date means its end",
        "按此日期或时间(而非现在)列出(也可用 ITC_TODAY);日期指当天结束时",
    ),
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
    (
        "check",
        "at",
        "Read the records, itc.toml and rules.toml as they stood at this git revision (from git's objects; nothing is checked out)",
        "按该 git 版本时的状态读取记录、itc.toml 与 rules.toml(从 git 对象读取,不检出任何文件)",
    ),
    (
        "list",
        "at",
        "Read the records, itc.toml and rules.toml as they stood at this git revision (from git's objects; nothing is checked out)",
        "按该 git 版本时的状态读取记录、itc.toml 与 rules.toml(从 git 对象读取,不检出任何文件)",
    ),
    (
        "show",
        "at",
        "Read the records, itc.toml and rules.toml as they stood at this git revision (from git's objects; nothing is checked out)",
        "按该 git 版本时的状态读取记录、itc.toml 与 rules.toml(从 git 对象读取,不检出任何文件)",
    ),
    (
        "kpi",
        "at",
        "Read the records, itc.toml and rules.toml as they stood at this git revision (from git's objects; nothing is checked out)",
        "按该 git 版本时的状态读取记录、itc.toml 与 rules.toml(从 git 对象读取,不检出任何文件)",
    ),
    (
        "export",
        "at",
        "Read the records, itc.toml and rules.toml as they stood at this git revision (from git's objects; nothing is checked out)",
        "按该 git 版本时的状态读取记录、itc.toml 与 rules.toml(从 git 对象读取,不检出任何文件)",
    ),
    (
        "diff",
        "",
        "Show what a change does to the records and the KPIs: REV against the working tree, or REV against REV",
        "显示一次改动对记录与考核指标的影响:版本与工作区比较,或两个版本之间比较",
    ),
    (
        "diff",
        "base",
        "The git revision before the change",
        "改动之前的 git 版本",
    ),
    (
        "diff",
        "head",
        "The git revision after the change (default: the working tree)",
        "改动之后的 git 版本(默认:工作区)",
    ),
    (
        "diff",
        "period",
        "Also compare the KPIs over this period (repeatable), written as for `itc kpi --period`",
        "另外比较该期间的指标(可重复),写法同 `itc kpi --period`",
    ),
    (
        "diff",
        "as_of",
        "Compute the KPIs as of this date or date-time instead of now (also ITC_TODAY); a date means its end",
        "以该日期或日期时间代替现在来计算指标(也可用 ITC_TODAY);只给日期表示当天结束时",
    ),
    ("diff", "format", "Output format", "输出格式"),
    (
        "diff",
        "format=human",
        "For people at the terminal",
        "供终端阅读",
    ),
    (
        "diff",
        "format=md",
        "A pull-request comment in Markdown",
        "Markdown 格式的合并请求评论",
    ),
    (
        "diff",
        "format=json",
        "One JSON document (schema/output/diff.json)",
        "一个 JSON 文档(schema/output/diff.json)",
    ),
    (
        "report",
        "at",
        "Read the records, itc.toml and rules.toml as they stood at this git revision (from git's objects; nothing is checked out)",
        "按该 git 版本时的状态读取记录、itc.toml 与 rules.toml(从 git 对象读取,不检出任何文件)",
    ),
];

/// Help of the arguments and subcommand clap adds itself.
const HELP_FLAG_ZH: &str = "打印帮助";
const VERSION_FLAG_ZH: &str = "打印版本号";
const HELP_COMMAND_ZH: &str = "打印本帮助,或所给子命令的帮助";

fn entry(
    path: &str,
    id: &str,
) -> Option<&'static (&'static str, &'static str, &'static str, &'static str)> {
    HELP.iter().find(|e| e.0 == path && e.1 == id)
}

/// The Chinese help of an argument: its own entry, else the global one of the top level.
fn arg_zh(path: &str, id: &str) -> Option<&'static str> {
    entry(path, id).or_else(|| entry("", id)).map(|e| e.3)
}

/// The command line in `lang`, built: ready for parsing and help.
pub fn command(lang: Lang) -> Command {
    command_with(lang, clap::ColorChoice::Never, true)
}

/// The command line in `lang` with clap's colour choice for help, and with or without the
/// `help` subcommand (man pages leave it out).
pub fn command_with(lang: Lang, color: clap::ColorChoice, help_subcommand: bool) -> Command {
    let mut cmd = crate::cli::Cli::command()
        .color(color)
        .disable_help_subcommand(!help_subcommand);
    cmd.build();
    match lang {
        Lang::En => cmd,
        Lang::Zh => chinese(cmd, ""),
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path} {name}")
    }
}

fn chinese(cmd: Command, path: &str) -> Command {
    let help_tree = path == "help" || path.starts_with("help ");
    let about = if path == "help" {
        Some(HELP_COMMAND_ZH)
    } else {
        // `help check` repeats the about text of `check`.
        let own = if help_tree { &path[5..] } else { path };
        entry(own, "").map(|e| e.3)
    };
    let mut cmd = match about {
        Some(text) => cmd.about(text),
        None => cmd,
    };
    let styles = cmd.get_styles().clone();
    let heading = styles.get_usage();
    cmd = cmd
        .mut_args(|a| chinese_arg(a, path))
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{heading}用法:{heading:#}{{usage}}\n\n{{all-args}}{{after-help}}"
        ))
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令");
    let usage = cmd.render_usage().to_string();
    let usage = usage
        .trim_start()
        .strip_prefix("Usage:")
        .unwrap_or(&usage)
        .trim()
        .replace("[OPTIONS]", "[选项]");
    cmd = cmd.override_usage(usage);
    cmd.mut_subcommands(|sub| {
        let p = join(path, sub.get_name());
        chinese(sub, &p)
    })
}

fn chinese_arg(a: Arg, path: &str) -> Arg {
    let id = a.get_id().as_str().to_string();
    let text = match id.as_str() {
        // clap words the help flag by whether the command has a longer help.
        "help" if a.get_long_help().is_some() => {
            return a
                .help(format!("{HELP_FLAG_ZH}(用 '--help' 查看详细说明)"))
                .long_help(format!("{HELP_FLAG_ZH}(用 '-h' 查看摘要)"))
                .help_heading("选项");
        }
        "help" => Some(HELP_FLAG_ZH.to_string()),
        "version" => Some(VERSION_FLAG_ZH.to_string()),
        _ => arg_zh(path, &id).map(str::to_string),
    };
    let Some(mut text) = text else {
        return a;
    };
    let takes_values = a.get_action().takes_values();
    if takes_values && !a.is_hide_default_value_set() && !a.get_default_values().is_empty() {
        let defaults: Vec<String> = a
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        text.push_str(&format!(" [默认:{}]", defaults.join(", ")));
    }
    let values: Vec<_> = a
        .get_possible_values()
        .into_iter()
        .filter(|v| !v.is_hide_set())
        .collect();
    let mut long = None;
    if takes_values && !values.is_empty() && !a.is_hide_possible_values_set() {
        let names: Vec<&str> = values.iter().map(|v| v.get_name()).collect();
        if values.iter().any(|v| v.get_help().is_some()) {
            let mut lines = format!("{text}\n\n可选值:");
            for v in &values {
                let key = format!("{id}={}", v.get_name());
                match entry(path, &key) {
                    Some(e) => lines.push_str(&format!("\n- {}:{}", v.get_name(), e.3)),
                    None => lines.push_str(&format!("\n- {}", v.get_name())),
                }
            }
            long = Some(lines);
        }
        text.push_str(&format!(" [可选值:{}]", names.join(", ")));
    }
    let heading = if a.is_positional() {
        "参数"
    } else {
        "选项"
    };
    let a = a
        .help(text)
        .hide_default_value(true)
        .hide_possible_values(true)
        .help_heading(heading);
    match long {
        Some(l) => a.long_help(l),
        None => a,
    }
}

/// What the raw arguments say before parsing: `--lang`, `-C` and `--color`, so that help and
/// errors of the parse itself come in the right language and colour.
#[derive(Debug, Default, PartialEq)]
pub struct Prescan {
    pub lang: Option<Lang>,
    pub dir: Option<PathBuf>,
    pub color: Option<crate::cli::ColorChoice>,
}

pub fn prescan(args: &[OsString]) -> Prescan {
    let mut out = Prescan::default();
    let mut it = args
        .iter()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned());
    while let Some(arg) = it.next() {
        if arg == "--" {
            break;
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        match flag.as_str() {
            "--lang" => {
                if let Some(v) = inline.or_else(|| it.next()) {
                    out.lang = Lang::parse(&v);
                }
            }
            "--color" => {
                if let Some(v) = inline.or_else(|| it.next()) {
                    out.color =
                        <crate::cli::ColorChoice as clap::ValueEnum>::from_str(&v, true).ok();
                }
            }
            "-C" => {
                if let Some(v) = it.next() {
                    out.dir = Some(PathBuf::from(v));
                }
            }
            f if f.starts_with("-C") && !f.starts_with("--") => {
                out.dir = Some(PathBuf::from(f[2..].trim_start_matches('=')));
            }
            _ => {}
        }
    }
    out
}

/// `org.lang` of the repository at or above `start`, when its itc.toml can be read; nothing
/// when there is none or it does not parse (the command itself will say so).
pub fn repository_lang(start: &Path) -> Option<Lang> {
    let root = crate::repo::find_root(start).ok()?;
    let text = std::fs::read_to_string(root.join(crate::repo::CONFIG_FILE)).ok()?;
    let table: toml::Table = toml::from_str(&text).ok()?;
    table
        .get("org")?
        .get("lang")?
        .as_str()
        .and_then(Lang::parse)
}

/// Renders a clap parse error in Chinese, from its kind and context, the way clap lays it out
/// in English: the error, tips, the usage, and where to read more.
pub fn error_zh(e: &clap::Error) -> String {
    let text = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        Some(ContextValue::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let list = |k: ContextKind| match e.get(k) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    };
    let quoted = |v: &[String]| {
        v.iter()
            .map(|s| format!("'{s}'"))
            .collect::<Vec<_>>()
            .join("、")
    };
    let arg = text(ContextKind::InvalidArg).unwrap_or_default();
    let value = text(ContextKind::InvalidValue).unwrap_or_default();
    let mut out = String::new();
    let head = match e.kind() {
        ErrorKind::InvalidValue if value.is_empty() => format!("'{arg}' 需要一个值,但没有给出"),
        ErrorKind::InvalidValue => format!("'{value}' 不是 '{arg}' 的有效值"),
        ErrorKind::ValueValidation => match std::error::Error::source(e) {
            Some(why) => format!("'{value}' 不是 '{arg}' 的有效值:{why}"),
            None => format!("'{value}' 不是 '{arg}' 的有效值"),
        },
        ErrorKind::UnknownArgument => format!("未知的参数 '{arg}'"),
        ErrorKind::InvalidSubcommand => format!(
            "未知的子命令 '{}'",
            text(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::NoEquals => format!("给 '{arg}' 赋值时需要等号,如 '{arg}=值'"),
        ErrorKind::TooManyValues => format!("'{arg}' 多出了值 '{value}',不再需要更多的值"),
        ErrorKind::TooFewValues => format!(
            "'{arg}' 至少需要 {} 个值,只给了 {} 个",
            text(ContextKind::MinValues).unwrap_or_default(),
            text(ContextKind::ActualNumValues).unwrap_or_default()
        ),
        ErrorKind::WrongNumberOfValues => format!(
            "'{arg}' 需要 {} 个值,却给了 {} 个",
            text(ContextKind::ExpectedNumValues).unwrap_or_default(),
            text(ContextKind::ActualNumValues).unwrap_or_default()
        ),
        ErrorKind::ArgumentConflict => {
            let prior = list(ContextKind::PriorArg);
            if prior.contains(&arg) {
                format!("参数 '{arg}' 不能多次使用")
            } else if prior.is_empty() {
                format!("参数 '{arg}' 不能与其他已给出的参数同时使用")
            } else {
                format!("参数 '{arg}' 不能与 {} 同时使用", quoted(&prior))
            }
        }
        ErrorKind::MissingRequiredArgument => format!(
            "缺少必需的参数:\n  {}",
            list(ContextKind::InvalidArg).join("\n  ")
        ),
        ErrorKind::MissingSubcommand => format!(
            "'{}' 需要一个子命令,但没有给出",
            text(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::InvalidUtf8 => "参数不是有效的 UTF-8 文本".to_string(),
        _ => format!("命令行有误:{}", e.kind()),
    };
    out.push_str(&head);
    let valid = list(ContextKind::ValidValue);
    if !valid.is_empty() {
        out.push_str(&format!("\n  [可选值:{}]", valid.join(", ")));
    }
    let subcommands = list(ContextKind::ValidSubcommand);
    if e.kind() == ErrorKind::MissingSubcommand && !subcommands.is_empty() {
        out.push_str(&format!("\n  [子命令:{}]", subcommands.join(", ")));
    }
    let mut tips = Vec::new();
    for (kind, what) in [
        (ContextKind::SuggestedSubcommand, "子命令"),
        (ContextKind::SuggestedArg, "参数"),
        (ContextKind::SuggestedValue, "值"),
    ] {
        let similar = list(kind);
        if !similar.is_empty() {
            tips.push(format!("有相近的{what}:{}", quoted(&similar)));
        }
    }
    if let Some(ContextValue::StyledStrs(suggested)) = e.get(ContextKind::Suggested) {
        tips.extend(suggested.iter().map(|s| tip_zh(&s.to_string())));
    }
    if !tips.is_empty() {
        out.push('\n');
        for t in tips {
            out.push_str(&format!("\n  提示:{t}"));
        }
    }
    let usage = text(ContextKind::Usage).unwrap_or_default();
    let usage = usage
        .trim_start()
        .strip_prefix("Usage:")
        .unwrap_or(&usage)
        .trim()
        .to_string();
    if !usage.is_empty() {
        out.push_str(&format!("\n\n用法:{usage}"));
        let command: Vec<&str> = usage
            .split_whitespace()
            .take_while(|w| !w.starts_with(['[', '<', '-']))
            .collect();
        out.push_str(&format!(
            "\n\n更多信息请运行 '{} --help'。",
            command.join(" ")
        ));
    }
    out.push('\n');
    out
}

/// The tips clap words itself, in Chinese; any other stays as clap wrote it.
fn tip_zh(tip: &str) -> String {
    let parts: Vec<&str> = tip.split('\'').collect();
    if tip.starts_with("to pass '") && parts.len() >= 4 {
        return format!("要把 '{}' 当作值,请写 '{}'", parts[1], parts[3]);
    }
    if tip.starts_with("subcommand '") && parts.len() >= 2 {
        return format!("子命令 '{}' 存在;要使用它,请去掉它前面的 '--'", parts[1]);
    }
    if tip.starts_with('\'') && tip.ends_with("' exists") && parts.len() >= 2 {
        return format!("有 '{}'", parts[1]);
    }
    tip.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(cmd: &Command, path: &str, visit: &mut dyn FnMut(&Command, &str)) {
        visit(cmd, path);
        for sub in cmd.get_subcommands() {
            if sub.get_name() != "help" {
                walk(sub, &join(path, sub.get_name()), visit);
            }
        }
    }

    #[test]
    fn every_command_argument_and_value_has_chinese_help_matching_its_english() {
        let cmd = command(Lang::En);
        let mut missing = Vec::new();
        let mut stale = Vec::new();
        walk(&cmd, "", &mut |c, path| {
            let about = c.get_about().map(|s| s.to_string()).unwrap_or_default();
            match entry(path, "") {
                None => missing.push(format!("[{path}] about: {about}")),
                Some(e) if e.2 != about => stale.push(format!("[{path}] about: {about}")),
                Some(_) => {}
            }
            for a in c.get_arguments() {
                let id = a.get_id().as_str();
                if matches!(id, "help" | "version") {
                    continue;
                }
                let help = a.get_help().map(|s| s.to_string()).unwrap_or_default();
                let own = if a.is_global_set() && !path.is_empty() {
                    entry("", id)
                } else {
                    entry(path, id)
                };
                match own {
                    None => missing.push(format!("[{path}] {id}: {help}")),
                    Some(e) if e.2 != help => stale.push(format!("[{path}] {id}: {help}")),
                    Some(_) => {}
                }
                let values = a.get_possible_values();
                let described = values.iter().any(|v| v.get_help().is_some());
                for v in values.iter().filter(|_| described) {
                    let h = v.get_help().map(|h| h.to_string()).unwrap_or_default();
                    let key = format!("{id}={}", v.get_name());
                    match entry(path, &key) {
                        None => missing.push(format!("[{path}] {key}: {h}")),
                        Some(e) if e.2 != h => stale.push(format!("[{path}] {key}: {h}")),
                        Some(_) => {}
                    }
                }
            }
        });
        assert!(
            missing.is_empty(),
            "no Chinese help (add to HELP):\n{}",
            missing.join("\n")
        );
        assert!(
            stale.is_empty(),
            "the English help changed: update the entry and its Chinese:\n{}",
            stale.join("\n")
        );
    }

    #[test]
    fn every_entry_is_used() {
        let cmd = command(Lang::En);
        let mut used = std::collections::HashSet::new();
        walk(&cmd, "", &mut |c, path| {
            used.insert((path.to_string(), String::new()));
            for a in c.get_arguments() {
                let id = a.get_id().as_str();
                used.insert((path.to_string(), id.to_string()));
                for v in a.get_possible_values() {
                    used.insert((path.to_string(), format!("{id}={}", v.get_name())));
                }
            }
        });
        for e in HELP {
            assert!(
                used.contains(&(e.0.to_string(), e.1.to_string())),
                "unused help entry [{}] {}",
                e.0,
                e.1
            );
        }
    }

    #[test]
    fn the_chinese_command_is_well_formed() {
        command(Lang::Zh).debug_assert();
    }

    #[test]
    fn prescan_reads_lang_dir_and_color_before_parsing() {
        let args = |v: &[&str]| -> Vec<OsString> { v.iter().map(OsString::from).collect() };
        let p = prescan(&args(&[
            "itc",
            "-C",
            "repo",
            "check",
            "--lang=en",
            "--color",
            "never",
        ]));
        assert_eq!(p.lang, Some(Lang::En));
        assert_eq!(p.dir, Some(PathBuf::from("repo")));
        assert_eq!(p.color, Some(crate::cli::ColorChoice::Never));
        let p = prescan(&args(&[
            "itc", "-Crepo", "new", "incident", "--", "--lang", "en",
        ]));
        assert_eq!(p.dir, Some(PathBuf::from("repo")));
        assert_eq!(p.lang, None, "after -- nothing is a flag");
        assert_eq!(prescan(&args(&["itc", "--lang"])), Prescan::default());
    }

    #[test]
    fn clap_errors_in_chinese_keep_their_facts() {
        let cmd = command(Lang::Zh);
        let e = cmd
            .clone()
            .try_get_matches_from(["itc", "check", "--formt", "json"])
            .unwrap_err();
        let text = error_zh(&e);
        assert!(text.starts_with("未知的参数 '--formt'"), "{text}");
        assert!(text.contains("提示:有相近的参数:'--format'"), "{text}");
        assert!(text.contains("用法:itc check [选项]"), "{text}");
        assert!(
            text.contains("更多信息请运行 'itc check --help'。"),
            "{text}"
        );
        let e = cmd
            .clone()
            .try_get_matches_from(["itc", "--lang", "fr", "check"])
            .unwrap_err();
        let text = error_zh(&e);
        assert!(
            text.contains("'fr' 不是 '--lang <LANG>' 的有效值"),
            "{text}"
        );
        assert!(text.contains("[可选值:zh, en]"), "{text}");
        let e = cmd
            .clone()
            .try_get_matches_from(["itc", "chek"])
            .unwrap_err();
        let text = error_zh(&e);
        assert!(text.starts_with("未知的子命令 'chek'"), "{text}");
        assert!(
            text.contains("有相近的子命令:") && text.contains("'check'"),
            "{text}"
        );
        let e = cmd
            .try_get_matches_from(["itc", "set", "INC-1"])
            .unwrap_err();
        let text = error_zh(&e);
        assert!(
            text.starts_with("缺少必需的参数:\n  <FIELD=VALUE>..."),
            "{text}"
        );
    }
}
