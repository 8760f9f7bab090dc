//! The words around findings in the text, CI and SARIF outputs: the note on a revision git could
//! not hand over whole, the notes on what was left out, the heads of the summary's tables.

use crate::{Lang, Words};

/// The label of the error that ends the check of a revision git could not hand over whole.
pub const ERROR: Words = Words::new("错误", "error");

/// The label of a warning finding.
pub const WARNING: Words = Words::new("警告", "warning");

/// The heads of a finding's help lines and of the check that found it (its key follows).
pub const HELP: Words = Words::new("提示", "help");
pub const CHECK: Words = Words::new("检查", "check");

/// A check in words, with its key (`--check`, `--skip`): `一致性 (consistency)` / `consistency`.
pub fn check_name(lang: Lang, check: crate::diag::Check) -> String {
    use crate::diag::Check::*;
    let zh = match check {
        Config => "配置",
        Rules => "规则",
        Syntax => "语法",
        Layout => "布局",
        Unique => "唯一性",
        Fields => "字段",
        Stages => "阶段",
        Requirements => "阶段要求",
        Consistency => "一致性",
        References => "引用",
    };
    match lang {
        Lang::Zh => format!("{zh} ({})", check.name()),
        Lang::En => check.name().to_string(),
    }
}

/// The summary line of a check.
pub fn summary(lang: Lang, records: usize, errors: usize, warnings: usize) -> String {
    match lang {
        Lang::Zh => format!("已检查 {records} 条记录:{errors} 个错误,{warnings} 个警告"),
        Lang::En => format!("checked {records} records: {errors} errors, {warnings} warnings"),
    }
}

/// The rest of that error: `lost` files of revision `rev` could not be read.
pub fn incomplete(lang: Lang, rev: &str, lost: usize) -> String {
    match lang {
        Lang::Zh => format!(
            "无法从 git 完整读取版本 `{rev}`:{lost} 个文件读不出(见上文的 E0107);这次检查不完整"
        ),
        Lang::En => format!(
            "git cannot hand over revision `{rev}` whole: {lost} file(s) cannot be read (E0107 above); this check of it is incomplete"
        ),
    }
}

/// The step summary's note when there are more findings than GitHub annotates: `n` of each
/// level a step, `job` a job.
pub fn annotations_capped(lang: Lang, n: usize, job: usize) -> String {
    match lang {
        Lang::Zh => format!(
            "GitHub 每个步骤最多显示 {n} 条错误注释和 {n} 条警告注释(每个作业最多 {} \
             条),超出的发现不会显示为注释;下表列出全部发现。",
            job
        ),
        Lang::En => format!(
            "GitHub shows at most {n} error and {n} warning annotations of a step \
             ({} of a job): the annotations of the other findings are not shown. \
             Every finding is listed below.",
            job
        ),
    }
}

/// The head of the step summary's table of counts by code.
pub const COUNTS_HEAD: Words = Words::new(
    "| 代码 | 级别 | 数量 |\n|---|---|---:|\n",
    "| code | level | count |\n|---|---|---:|\n",
);

/// The head of the step summary's table of findings.
pub const FINDINGS_HEAD: Words = Words::new(
    "\n| 文件 | 行 | 代码 | 说明 |\n|---|---:|---|---|\n",
    "\n| file | line | code | message |\n|---|---:|---|---|\n",
);

/// The step summary's note on the `more` findings past its limit of `mib` MiB.
pub fn summary_left_out(lang: Lang, more: usize, mib: usize) -> String {
    match lang {
        Lang::Zh => format!(
            "另有 {more} 条未列出:GitHub 的步骤摘要最多 {mib} MiB;完整列表见 SARIF 报告或 `itc check` 的输出。"
        ),
        Lang::En => format!(
            "{more} more not listed: GitHub takes at most {mib} MiB of a step summary; see the SARIF report or the output of `itc check`."
        ),
    }
}

/// SARIF's note on the findings past the `limit` results code scanning takes.
pub fn sarif_left_out(lang: Lang, total: usize, left_out: usize, limit: usize) -> String {
    match lang {
        Lang::Zh => format!(
            "共 {total} 条发现,略去 {left_out} 条:GitHub 代码扫描每次运行最多接受 {limit} 条结果,\
             故只保留最严重的 {limit} 条(错误先于警告,其余按通常顺序)。运行 `itc check` 可看到全部发现。"
        ),
        Lang::En => format!(
            "{left_out} of {total} findings left out: GitHub code scanning takes at most \
             {limit} results a run, so the {limit} most severe are kept (errors before \
             warnings, then in the usual order). Run `itc check` to see every finding."
        ),
    }
}

/// What SARIF's `%SRCROOT%` stands for.
pub const SRCROOT: Words = Words::new(
    "记录所在 git 工作树的顶层",
    "the top of the git work tree holding the records",
);
