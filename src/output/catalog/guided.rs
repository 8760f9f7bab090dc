//! The words of guided entry: what `new` and `advance` say when they ask, on a terminal, for
//! what a record still needs.

use crate::{Lang, Words};

/// The question for one field: its label and where it goes (`诊断结论(diagnosis.solution)`).
pub fn question(lang: Lang, label: &str, path: &str) -> String {
    match lang {
        Lang::Zh => format!("{label}({path})"),
        Lang::En => format!("{label} ({path})"),
    }
}

/// A choice of people or systems: the name, then the id that is written.
pub fn choice(lang: Lang, name: &str, id: &str) -> String {
    match lang {
        Lang::Zh => format!("{name}({id})"),
        Lang::En => format!("{name} ({id})"),
    }
}

/// An answer refused, and why; the question is asked again.
pub fn refused(lang: Lang, why: &str) -> String {
    match lang {
        Lang::Zh => format!("不能接受:{why}\n"),
        Lang::En => format!("not accepted: {why}\n"),
    }
}

/// A list of items (a table list) is not asked for item by item: it is given with `--set`.
pub fn list_by_set(lang: Lang, label: &str, path: &str) -> String {
    match lang {
        Lang::Zh => format!(
            "「{label}」({path})是逐项填写的列表,不在此询问,请用 --set {path}[].字段=值 给出\n"
        ),
        Lang::En => format!(
            "{label} ({path}) is a list given item by item: it is not asked here; give it with --set {path}[].FIELD=VALUE\n"
        ),
    }
}

/// The help line under a question: how to leave without writing.
pub const HELP: Words = Words {
    zh: "Esc 或 Ctrl-C 放弃,不写入任何内容",
    en: "Esc or Ctrl-C gives up, writing nothing",
};

/// The help line under a choice.
pub const HELP_CHOICE: Words = Words {
    zh: "↑↓ 选择,输入可筛选,回车确认;Esc 或 Ctrl-C 放弃,不写入任何内容",
    en: "↑↓ to move, type to filter, Enter to choose; Esc or Ctrl-C gives up, writing nothing",
};

/// Guided entry was given up (Esc, Ctrl-C).
pub const ABORTED: Words = Words {
    zh: "已放弃:未写入任何内容",
    en: "given up: nothing was written",
};

/// The terminal could not be asked (`why`: what it said).
pub fn terminal_failed(lang: Lang, why: &str) -> String {
    match lang {
        Lang::Zh => format!("无法在终端上提问:{why}"),
        Lang::En => format!("cannot ask on the terminal: {why}"),
    }
}

/// Shown in place of the answer of the question given up.
pub const GIVEN_UP: Words = Words {
    zh: "<已放弃>",
    en: "<given up>",
};
