//! The words of the commands' own reports: what `fmt`, `edit`, `advance`… say they did.

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
