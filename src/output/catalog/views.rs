//! The words of the views of records: `itc show` (a record, its stages, what it needs, its
//! deadlines), `itc list` (the table and its notes), what a record needs to advance, and the CI
//! job `itc init --ci` refuses to write.

use crate::{Lang, Words};

// A deadline's standing (also the report's).

pub const DONE_IN_TIME: Words = Words::new("按期完成", "done in time");
pub const DONE_LATE: Words = Words::new("逾期完成", "done late");
pub const OVERDUE: Words = Words::new("已逾期", "overdue");
pub const NOT_YET_DUE: Words = Words::new("未到期", "not yet due");

// `itc show`.

pub const KIND: Words = Words::new("类别", "kind");
pub const STAGE: Words = Words::new("阶段", "stage");
pub const OWNER: Words = Words::new("责任人", "owner");
pub const FILE: Words = Words::new("文件", "file");
pub const AT_FINAL_STAGE: Words = Words::new("\n已处于最终阶段\n", "\nat its final stage\n");
pub const READY_FOR: Words = Words::new("可进入", "ready for");
pub const TO_ADVANCE_TO: Words = Words::new("进入下一阶段前需要", "to advance to");
pub const DEADLINES: Words = Words::new("\n期限:\n", "\ndeadlines:\n");
pub const OVERDUE_ITEM: Words = Words::new("逾期", "overdue");
pub const FIELDS: Words = Words::new("\n字段:\n", "\nfields:\n");
pub const STAGES_IN_ORDER: Words = Words::new("\n阶段(按流程顺序):\n", "\nstages, in order:\n");

// `itc list`.

/// The heads of the table and Markdown, for people.
pub const LIST_HEAD: [Words; 8] = [
    Words::new("编号", "id"),
    Words::new("类别", "kind"),
    Words::new("标题", "title"),
    Words::new("阶段", "stage"),
    Words::new("责任人", "owner"),
    Words::new("进入时间", "entered"),
    Words::new("停留", "age"),
    Words::new("逾期", "overdue"),
];

/// How many records are listed (the line under the table).
pub fn records_listed(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("共 {n} 条记录\n"),
        Lang::En => format!("{n} records\n"),
    }
}

/// The note when some record files could not be read and so are not listed.
pub fn unreadable(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("注意:{n} 个记录文件无法读取,未列出;运行 `itc check` 查看\n"),
        Lang::En => format!(
            "note: {n} record file(s) could not be read and are not listed; run `itc check`\n"
        ),
    }
}

// What a record needs.

pub const ERROR: Words = Words::new("错误", "error");
pub const WARNING: Words = Words::new("警告", "warning");
/// Between a finding's place and its message.
pub const AFTER_PLACE: Words = Words::new(":", ": ");

/// A missing field: its label, path and type, when it is required, how to give it.
pub fn missing(lang: Lang, label: &str, path: &str, ty: &str, cond: &str, how: &str) -> String {
    match lang {
        Lang::Zh => format!("缺少 {label}({path},{ty}){cond}:{how}"),
        Lang::En => format!("missing {label} ({path}, {ty}){cond}: {how}"),
    }
}

/// When a missing field is required.
pub fn required_when(lang: Lang, condition: &str) -> String {
    match lang {
        Lang::Zh => format!("(当 {condition} 时必填)"),
        Lang::En => format!(" (required when {condition})"),
    }
}

/// A stage's `by`, missing while `advance` enters another stage: `--by` would fill that one.
pub fn by_of_other_stage(lang: Lang, stage: &str, entered: &str, path: &str) -> String {
    match lang {
        Lang::Zh => format!(
            ";阶段 {stage} 需要经办人:--by 与 --set by=… 只填写正在进入的阶段 {entered},{stage} 的经办人须写成 --set {path}=<人员>"
        ),
        Lang::En => format!(
            "; the stage {stage} needs who acted: --by and --set by=… fill only the stage being entered, {entered}, so write --set {path}=<person>"
        ),
    }
}

/// A stage's `by`, missing: the ways to give it.
pub fn by_missing(lang: Lang, stage: &str) -> String {
    match lang {
        Lang::Zh => format!(
            ";阶段 {stage} 需要经办人:用 --by <人员>(itc set 时为当前阶段),或设置 ITC_USER,或在 itc.toml 的 [[people]] 中给自己写上与 git config user.email 相同的 email"
        ),
        Lang::En => format!(
            "; the stage {stage} needs who acted: give --by <person> (with itc set: of the current stage), or set ITC_USER, or give yourself in itc.toml's [[people]] the email of git config user.email"
        ),
    }
}

// The CI job.

pub const AN_EXPRESSION: Words = Words::new("表达式", "an expression");
pub const A_VARIABLE: Words = Words::new("变量", "a variable");

/// A folder whose name the CI system would evaluate: nothing was written.
pub fn ci_folder_evaluated(
    lang: Lang,
    folder: &str,
    evaluated: &str,
    system: &str,
    what: Words,
) -> String {
    match lang {
        Lang::Zh => format!(
            "文件夹 {folder} 的名称含有 `{evaluated}`,{system} 会把它当作{}求值;未写入任何内容。请换一个文件夹名",
            what.zh
        ),
        Lang::En => format!(
            "the folder {folder} has `{evaluated}` in its name, which {system} would evaluate as {}; nothing was written. Rename the folder",
            what.en
        ),
    }
}
