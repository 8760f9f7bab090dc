//! The words of the commands' own reports: what `fmt`, `edit`, `advance`… say they did.

use std::path::Path;

use crate::{Lang, Words};

/// `fmt` rewrote a file, or (`check`) found it not formatted.
pub fn fmt_done(lang: Lang, check: bool, rel: &str) -> String {
    match (check, lang) {
        (true, Lang::Zh) => format!("未格式化:{rel}\n"),
        (true, Lang::En) => format!("not formatted: {rel}\n"),
        (false, Lang::Zh) => format!("已格式化:{rel}\n"),
        (false, Lang::En) => format!("formatted: {rel}\n"),
    }
}

/// `fmt` left a file as it is, for `why`; with `fails` (`--check`), the check fails on it.
pub fn fmt_left(lang: Lang, fails: bool, rel: &str, why: &str) -> String {
    match (fails, lang) {
        (true, Lang::Zh) => format!("无法检查 {rel} 的格式:{why}\n"),
        (true, Lang::En) => format!("cannot check the format of {rel}: {why}\n"),
        (false, Lang::Zh) => format!("跳过 {rel}:{why}\n"),
        (false, Lang::En) => format!("skipped {rel}: {why}\n"),
    }
}

/// Why `fmt` left a file: it cannot be read (`why`, in the same language).
pub fn fmt_unreadable(lang: Lang, why: &str) -> String {
    match lang {
        Lang::Zh => format!("无法读取({why})"),
        Lang::En => format!("it cannot be read ({why})"),
    }
}

/// Why `fmt` left a file: it is larger than the limit.
pub fn fmt_too_large(lang: Lang, size: u64, limit: u64) -> String {
    match lang {
        Lang::Zh => format!("文件过大({size} 字节,上限 {limit})"),
        Lang::En => format!("it is too large ({size} bytes, limit {limit})"),
    }
}

/// Why `fmt` left a file: it does not parse.
pub const FMT_PARSE: Words = Words::new(
    "无法解析,运行 itc check 查看",
    "it does not parse; run itc check",
);

/// Why `fmt` left a file: a comment on `line` has no place in the canonical layout.
pub fn fmt_comment(lang: Lang, line: u32) -> String {
    match lang {
        Lang::Zh => format!("第 {line} 行的注释位于多行值内部,格式化会丢失它"),
        Lang::En => {
            format!("the comment on line {line} is inside a multi-line value and would be lost")
        }
    }
}

/// `advance --dry-run`: the note after the outcome.
/// The comment that opens the rules file `itc rules` prints.
pub const RULES_HEADER: Words = Words::new(
    "生效的 itc 规则(itc rules)",
    "Effective itc rules (itc rules)",
);

pub const DRY_RUN: Words = Words::new("(试运行,未写入)", "(dry run: nothing written)");

/// `edit`: the editor failed; the copy is kept.
pub fn edit_editor_failed(lang: Lang, editor: &str, code: &str, copy: &Path) -> String {
    match lang {
        Lang::Zh => format!(
            "编辑器 `{editor}` 以状态 {code} 退出,未写入任何内容;编辑后的副本保留在 {}",
            copy.display()
        ),
        Lang::En => format!(
            "the editor `{editor}` exited with status {code}; nothing was written. The edited copy is kept at {}",
            copy.display()
        ),
    }
}

/// `edit`: the copy was left as it was.
pub fn edit_unchanged(lang: Lang, id: &str) -> String {
    match lang {
        Lang::Zh => format!("{id}: 未修改\n"),
        Lang::En => format!("{id}: unchanged\n"),
    }
}

/// `edit`: the edit was written.
pub fn edit_saved(lang: Lang, id: &str, rel: &str) -> String {
    match lang {
        Lang::Zh => format!("{id}: 已保存 → {rel}\n"),
        Lang::En => format!("{id}: saved → {rel}\n"),
    }
}

/// `edit`: the heading of the errors the edit would add.
pub fn edit_adds_errors(lang: Lang, id: &str) -> String {
    match lang {
        Lang::Zh => format!("{id} 的修改会引入错误:\n"),
        Lang::En => format!("the edit would add errors to {id}:\n"),
    }
}

/// `edit`: the edit was not written; the record is as it was and the copy is kept.
pub fn edit_not_written(lang: Lang, rel: &str, copy: &Path) -> String {
    match lang {
        Lang::Zh => format!(
            "未写入任何内容,{rel} 保持原样;编辑后的副本保留在 {}",
            copy.display()
        ),
        Lang::En => format!(
            "nothing was written and {rel} is as it was; the edited copy is kept at {}",
            copy.display()
        ),
    }
}

/// `edit`: no copy could be made beside the record, in `dir`.
pub fn edit_no_copy(lang: Lang, dir: &Path) -> String {
    match lang {
        Lang::Zh => format!("无法在 {} 中新建编辑副本", dir.display()),
        Lang::En => format!("cannot make an editing copy in {}", dir.display()),
    }
}

/// `edit`: the record changed while it was being edited; the copy is kept.
pub fn edit_changed_meanwhile(lang: Lang, id: &str, copy: &Path) -> String {
    match lang {
        Lang::Zh => format!(
            "{id} 在编辑期间被修改,未写入任何内容;编辑后的副本保留在 {}",
            copy.display()
        ),
        Lang::En => format!(
            "{id} changed while it was being edited; nothing was written. The edited copy is kept at {}",
            copy.display()
        ),
    }
}

/// `edit`: the edited text does not parse.
pub const EDITED_UNPARSED: Words =
    Words::new("编辑后的记录无法解析", "the edited record does not parse");

/// `export`: some record files could not be read and were left out.
pub fn export_incomplete(lang: Lang, failed: usize) -> String {
    match lang {
        Lang::Zh => {
            format!("导出不完整:{failed} 个记录文件无法读取,未导出;运行 `itc check` 查看\n")
        }
        Lang::En => format!(
            "the export is incomplete: {failed} record file(s) could not be read and are left out; run `itc check`\n"
        ),
    }
}

/// `init`: a file was written.
pub fn init_wrote(lang: Lang, path: &Path) -> String {
    match lang {
        Lang::Zh => format!("已写入 {}\n", path.display()),
        Lang::En => format!("wrote {}\n", path.display()),
    }
}

/// `init`: the repository was created in `dir`.
pub fn init_created(lang: Lang, dir: &Path) -> String {
    match lang {
        Lang::Zh => format!("已在 {} 新建 itc 记录库\n", dir.display()),
        Lang::En => format!("created an itc repository in {}\n", dir.display()),
    }
}

/// `kpi`: some records could not be read or have errors, which may skew the KPIs.
pub fn kpi_unsound(lang: Lang, unreadable: usize, invalid: usize) -> String {
    match lang {
        Lang::Zh => format!(
            "注意:{unreadable} 个记录文件无法读取(未计入),{invalid} 条记录有错误,指标可能因此不准;运行 `itc check` 查看\n"
        ),
        Lang::En => format!(
            "note: {unreadable} record file(s) could not be read (not counted) and {invalid} record(s) have errors, which may skew the KPIs; run `itc check`\n"
        ),
    }
}

/// `report`: some records could not be read or have errors, which may skew the report.
pub fn report_unsound(lang: Lang, unreadable: usize, invalid: usize) -> String {
    match lang {
        Lang::Zh => format!(
            "注意:{unreadable} 个记录文件无法读取(未计入),{invalid} 条记录有错误,报告可能因此不准;运行 `itc check` 查看\n"
        ),
        Lang::En => format!(
            "note: {unreadable} record file(s) could not be read (not counted) and {invalid} record(s) have errors, which may skew the report; run `itc check`\n"
        ),
    }
}

/// `man`: the pages were written into `dir`.
pub fn man_wrote(lang: Lang, count: usize, dir: &Path) -> String {
    match lang {
        Lang::Zh => format!("已在 {} 写入 {count} 个手册页\n", dir.display()),
        Lang::En => format!("wrote {count} man pages into {}\n", dir.display()),
    }
}

/// `man`: the section titles clap_mangen writes in English, with their Chinese.
pub const MAN_SECTIONS: [Words; 8] = [
    Words::new("名称", "NAME"),
    Words::new("概要", "SYNOPSIS"),
    Words::new("描述", "DESCRIPTION"),
    Words::new("选项", "OPTIONS"),
    Words::new("子命令", "SUBCOMMANDS"),
    Words::new("附注", "EXTRA"),
    Words::new("版本", "VERSION"),
    Words::new("作者", "AUTHORS"),
];

/// `new`: the record was created at its start stage (`stage`: its label), in `rel`.
pub fn new_created(lang: Lang, id: &str, stage: &str, rel: &str) -> String {
    match lang {
        Lang::Zh => format!("{id}: 已新建({stage})→ {rel}"),
        Lang::En => format!("{id}: created ({stage}) → {rel}"),
    }
}

/// `set`: the fields set (listed).
pub fn set_done(lang: Lang, id: &str, fields: &str) -> String {
    match lang {
        Lang::Zh => format!("{id}: 已修改 {fields}"),
        Lang::En => format!("{id}: set {fields}"),
    }
}
