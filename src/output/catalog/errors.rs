//! The words of fatal errors (`crate::Error`), as `main_with_args` prints them after `错误:` /
//! `error:`, and of the notes that go with them.

use std::path::Path;

use crate::git::Step;
use crate::record::edit::{EditError, Mismatch};
use crate::rules::{Kind, Stage};
use crate::{Error, Lang, Words};

/// What a fatal error is headed with.
pub const LABEL: Words = Words::new("错误", "error");

/// A fatal error in words (without its heading).
pub fn message(err: &Error, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    match err {
        Error::Io(path, e) if zh => format!("无法访问 {}:{e}", path.display()),
        Error::Io(path, e) => format!("cannot access {}: {e}", path.display()),
        Error::NoRepository(dir) if zh => format!(
            "{} 及其上级目录中都没有 itc.toml(不是 itc 记录库)\n提示:用 `itc init` 新建记录库,或用 -C 指定记录库目录",
            dir.display()
        ),
        Error::NoRepository(dir) => format!(
            "no itc.toml in {} or any parent folder (not an itc repository)\nhelp: create one with `itc init`, or point at one with -C DIR",
            dir.display()
        ),
        Error::Rules(_, diags) if zh => {
            format!("rules.toml 有 {} 处错误,无法检查记录", diags.len())
        }
        Error::Rules(_, diags) => format!(
            "rules.toml has {} error(s); records cannot be checked",
            diags.len()
        ),
        Error::Config(_, diags) if zh => format!(
            "itc.toml 有 {} 处错误,无法据此计算(考核目标、日历可能失效);请先改正",
            diags.len()
        ),
        Error::Config(_, diags) => format!(
            "itc.toml has {} error(s); results would be wrong (KPI targets and calendars may be off), so nothing was computed",
            diags.len()
        ),
        Error::Builtin(diags) => format!("built-in rules are broken (a bug in itc): {diags:?}"),
        Error::Usage { zh: m, .. } | Error::Invalid { zh: m, .. } if zh => m.clone(),
        Error::Usage { en, .. } | Error::Invalid { en, .. } => en.clone(),
        Error::Git { step, why } if zh => format!("git 无法{}:{why}", git_step(*step).zh),
        Error::Git { step, why } => format!("git could not {}: {why}", git_step(*step).en),
        Error::UnknownRevision(rev, near) if zh => format!(
            "未知的 git 版本 `{rev}`(不是提交){}",
            super::excel::did_you_mean_after(lang, near)
        ),
        Error::UnknownRevision(rev, near) => format!(
            "unknown git revision `{rev}` (not a commit){}",
            super::excel::did_you_mean_after(lang, near)
        ),
        Error::LockTimeout {
            path,
            waited,
            holder,
        } if zh => format!(
            "等待仓库锁 {} {waited} 秒后放弃:它由{}持有。若该进程已不存在,删除此文件后重试;或用 --lock-timeout 等待更久",
            path.display(),
            lock_holder(lang, holder.as_ref())
        ),
        Error::LockTimeout {
            path,
            waited,
            holder,
        } => format!(
            "gave up after waiting {waited} s for the repository lock {}, held by {}. If that process is gone, delete the file and try again; or wait longer with --lock-timeout",
            path.display(),
            lock_holder(lang, holder.as_ref())
        ),
        Error::BadPeriod { text, cycle: false } if zh => format!(
            "--period 的值 `{text}` 无效:请写 2026、2026-H1、2026-Q3、2026-07、2026-07-15、FROM..TO,或 本月、上月、本季度、上季度、今年、去年、本周、上周、年初至今(也可写 this-month、last-month、this-week 等)"
        ),
        Error::BadPeriod { text, cycle: false } => format!(
            "invalid --period `{text}`: use 2026, 2026-H1, 2026-Q3, 2026-07, 2026-07-15, FROM..TO, or this-month, last-month, this-quarter, last-quarter, this-year, last-year, this-week, last-week, ytd"
        ),
        Error::BadPeriod { text, cycle: true } if zh => format!(
            "--period 的值 `{text}` 无效:报告周期请写年 2026、半年 2026-H1、季度 2026-Q3 或月 2026-07(也可写 本月、上月、本季度、上季度、今年、去年)"
        ),
        Error::BadPeriod { text, cycle: true } => format!(
            "invalid --period `{text}`: a report covers a year 2026, half-year 2026-H1, quarter 2026-Q3 or month 2026-07 (or this-month, last-month, this-quarter, last-quarter, this-year, last-year)"
        ),
        Error::WriteProof {
            path,
            field,
            want,
            got,
        } if zh => format!(
            "写入 {} 前的核对失败:{} 应为 {want},读回的却是 {got};未写入任何内容。这是 itc 的缺陷,请报告",
            path.display(),
            field_words(lang, field)
        ),
        Error::WriteProof {
            path,
            field,
            want,
            got,
        } => format!(
            "the check before writing {} failed: {} should be {want} but reads back as {got}; nothing was written. This is a bug in itc, please report it",
            path.display(),
            field_words(lang, field)
        ),
        Error::IdsExhausted(prefix) if zh => format!(
            "{prefix}* 的编号已用尽(最大为 {prefix}{}),无法再分配编号;请检查该年份目录中编号异常大的文件",
            u32::MAX
        ),
        Error::IdsExhausted(prefix) => format!(
            "the numbers of {prefix}* are used up (the largest is {prefix}{}); no id can be allocated: look for a file with an outsized number in that year's folder",
            u32::MAX
        ),
        Error::Refused(r) => super::refusals::message(r, lang),
        Error::Unparsed(id) => super::refusals::unparsed(lang, id),
        Error::CopyKept { error, copy } if zh => format!(
            "{}\n编辑后的副本保留在 {}",
            message(error, lang),
            copy.display()
        ),
        Error::CopyKept { error, copy } => format!(
            "{}\nThe edited copy is kept at {}",
            message(error, lang),
            copy.display()
        ),
    }
}

/// What git was asked to do, as in "git could not …".
fn git_step(step: Step) -> Words {
    match step {
        Step::ListChanges => Words::new("列出改动", "list the changes"),
        Step::ListUntracked => Words::new("列出未跟踪的文件", "list the untracked files"),
        Step::ListTree => Words::new("列出文件树", "list the tree"),
    }
}

/// A field of a record by its path, or the whole file (`""`).
pub fn field_words(lang: Lang, field: &str) -> String {
    match field.is_empty() {
        true => match lang {
            Lang::Zh => "(整个文件)".to_string(),
            Lang::En => "(the whole file)".to_string(),
        },
        false => format!("`{field}`"),
    }
}

/// Who holds the repository lock: `pid 123 on host-a`, or another process when the lock file
/// does not say.
pub fn lock_holder(lang: Lang, holder: Option<&(u32, String)>) -> String {
    match (holder, lang) {
        (Some((pid, host)), Lang::Zh) => format!("主机 {host} 上的进程 {pid}"),
        (Some((pid, host)), Lang::En) => format!("pid {pid} on {host}"),
        (None, Lang::Zh) => "另一个进程".into(),
        (None, Lang::En) => "another process".into(),
    }
}

/// The note of a writer waiting for the repository lock, after a second of waiting.
pub fn lock_waiting(
    lang: Lang,
    path: &Path,
    holder: Option<&(u32, String)>,
    timeout: u64,
) -> String {
    match lang {
        Lang::Zh => format!(
            "正在等待仓库锁 {}(由{}持有),最多 {timeout} 秒…\n",
            path.display(),
            lock_holder(lang, holder)
        ),
        Lang::En => format!(
            "waiting for the repository lock {} (held by {}), up to {timeout} s…\n",
            path.display(),
            lock_holder(lang, holder)
        ),
    }
}

/// A file that could not be written, as `fmt` reports it.
pub fn cannot_write(lang: Lang, path: &Path, e: &std::io::Error) -> String {
    match lang {
        Lang::Zh => format!("无法写入 {}:{e}", path.display()),
        Lang::En => format!("cannot write {}: {e}", path.display()),
    }
}

/// The repository lock file is not a regular file (a link?).
pub fn lock_not_a_file(lang: Lang, path: &Path) -> String {
    match lang {
        Lang::Zh => format!(
            "{} 不是普通文件(可能是符号链接);itc 不通过它加锁或写入。请删除它后重试",
            path.display()
        ),
        Lang::En => format!(
            "{} is not a regular file (a symbolic link?); itc neither locks nor writes through it. Delete it and try again",
            path.display()
        ),
    }
}

/// A record's text that an edit cannot change in place (`record::edit::EditError`).
pub fn edit_refused(lang: Lang, e: &EditError, path: &Path) -> String {
    let file = path.display();
    match (e, lang) {
        (EditError::Parse(m), Lang::Zh) => format!("{file} 无法解析,请先运行 itc check:{m}"),
        (EditError::Parse(m), Lang::En) => {
            format!("{file} does not parse; run itc check first: {m}")
        }
        (EditError::NotExtensible(s), Lang::Zh) => format!(
            "`{s}` 写成了内联表或点号键(`{s}.字段 = …`),无法就地添加字段;未写入任何内容。请先运行 `itc fmt {file}`(它会改写为 [{s}] 节),再重试"
        ),
        (EditError::NotExtensible(s), Lang::En) => format!(
            "`{s}` is written as an inline table or with dotted keys (`{s}.field = …`), where a field cannot be added in place; nothing was written. Run `itc fmt {file}` first (it writes it as a [{s}] section), then try again"
        ),
        (EditError::NotASection(s), Lang::Zh) => format!(
            "`{s}` 的值不是一节(表),无法在其中添加字段;未写入任何内容。请改正或删除 {file} 中的这个值(itc check 会指出它),再重试"
        ),
        (EditError::NotASection(s), Lang::En) => format!(
            "`{s}` holds a value that is not a section, so no field can be added to it; nothing was written. Correct or remove that value in {file} (itc check points at it), then try again"
        ),
        (EditError::Layout(m), Lang::Zh) => format!(
            "{file} 的写法无法就地修改:改后的文本将无法解析({m});未写入任何内容。请先运行 `itc fmt {file}` 改写为标准格式,再重试"
        ),
        (EditError::Layout(m), Lang::En) => format!(
            "{file} is laid out in a way this edit cannot follow: the edited text would not parse ({m}); nothing was written. Run `itc fmt {file}` first to rewrite it in the canonical layout, then try again"
        ),
    }
}

/// An edit whose text would not hold the values asked for (`record::edit::Mismatch`): the file
/// is laid out in a way the edit does not follow.
pub fn layout_unfollowed(lang: Lang, path: &Path, m: &Mismatch) -> String {
    let file = path.display();
    let field = field_words(lang, &m.path);
    match lang {
        Lang::Zh => format!(
            "无法按 {file} 现有的写法就地修改:{field} 应为 {},改后读回的却是 {};未写入任何内容。请先运行 `itc fmt {file}` 改写为标准格式,再重试",
            m.want, m.got
        ),
        Lang::En => format!(
            "{file} is laid out in a way this edit cannot follow: {field} should be {} but would read back as {}; nothing was written. Run `itc fmt {file}` first to rewrite it in the canonical layout, then try again",
            m.want, m.got
        ),
    }
}

/// A record that is not UTF-8, met by an edit.
pub fn record_not_utf8(lang: Lang, path: &Path) -> String {
    match lang {
        Lang::Zh => format!("{} 不是 UTF-8 编码,请先运行 itc check", path.display()),
        Lang::En => format!("{} is not UTF-8; run itc check first", path.display()),
    }
}

/// A record id given that is no record id.
pub fn not_an_id(lang: Lang, id: &str) -> String {
    match lang {
        Lang::Zh => format!("`{id}` 不是有效的记录编号(前缀-字母数字,如 INC-2026-0001)"),
        Lang::En => {
            format!("`{id}` is not a record id (PREFIX-letters-and-digits, e.g. INC-2026-0001)")
        }
    }
}

/// No record has the id given.
pub fn no_record(lang: Lang, id: &str) -> String {
    match lang {
        Lang::Zh => format!("找不到记录 {id}"),
        Lang::En => format!("no record {id}"),
    }
}

/// A short id that names more than one record: `list`, one line each.
pub fn id_ambiguous(lang: Lang, id: &str, list: &str) -> String {
    match lang {
        Lang::Zh => format!("`{id}` 可指多条记录,请写出完整编号:\n{list}"),
        Lang::En => format!("`{id}` names more than one record; give the whole id:\n{list}"),
    }
}

/// `export --format csv` without `-o` asked for other than one kind.
pub const CSV_ONE_KIND: Words = Words::new(
    "CSV 每个类别一个文件:给出一个类别以输出到标准输出,或用 -o DIR 为每个类别写出 DIR/<类别>.csv",
    "CSV is one file per kind: give one KIND to print it, or -o DIR to write DIR/<kind>.csv for each kind",
);

/// A path given (`what`: the path, or `-C` and the path) is no folder.
pub fn not_a_folder(lang: Lang, what: &str) -> String {
    match lang {
        Lang::Zh => format!("{what}:不是目录"),
        Lang::En => format!("{what}: not a folder"),
    }
}

/// `init` where a repository exists already (`config`: its itc.toml).
pub fn already_a_repository(lang: Lang, config: &Path) -> String {
    match lang {
        Lang::Zh => format!(
            "{} 已存在:这里已经是 itc 记录库,未做任何修改",
            config.display()
        ),
        Lang::En => format!(
            "{} exists: this is already an itc repository; nothing was changed",
            config.display()
        ),
    }
}

/// A KPI key that is none, perhaps with the one meant; `keys`: all of them, listed.
pub fn unknown_kpi(lang: Lang, key: &str, suggestion: Option<&str>, keys: &str) -> String {
    match lang {
        Lang::Zh => {
            let hint = suggestion
                .map(|s| format!("(是否想写 `{s}`?)"))
                .unwrap_or_default();
            format!("未知的指标 `{key}`{hint};指标有:{keys}")
        }
        Lang::En => {
            let hint = suggestion
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            format!("unknown KPI `{key}`{hint}; the KPIs are: {keys}")
        }
    }
}

/// A record to change does not parse.
pub const RECORD_UNPARSED: Words = Words::new("记录无法解析", "the record does not parse");

/// The heading of a refused change: `what` was refused, and why follows, one need a line.
pub fn nothing_written(lang: Lang, what: &str) -> String {
    match lang {
        Lang::Zh => format!("{what},未写入任何内容:\n"),
        Lang::En => format!("{what}; nothing was written:\n"),
    }
}

/// `--at` given no date-time.
pub fn bad_at(lang: Lang, text: &str) -> String {
    match lang {
        Lang::Zh => format!(
            "--at 的值 `{text}` 无效:请写 \"2026-03-14 09:05\"、2026-03-14T09:05:00+08:00 或 2026-03-14"
        ),
        Lang::En => format!(
            "invalid --at `{text}`: use \"2026-03-14 09:05\", 2026-03-14T09:05:00+08:00 or 2026-03-14"
        ),
    }
}

/// A record's `stage` (`current`) is none of its kind's stages.
pub fn stage_unknown(lang: Lang, id: &str, current: &str, kind: &Kind) -> String {
    match lang {
        Lang::Zh => format!(
            "{id}:`stage` 的值 \"{current}\" 不是{}的阶段",
            kind.label.zh
        ),
        Lang::En => format!("{id}: `stage` \"{current}\" is not a stage of {}", kind.key),
    }
}

/// `advance --to` names no stage of the kind.
pub fn not_a_stage(lang: Lang, to: &str, kind: &Kind) -> String {
    match lang {
        Lang::Zh => format!("`{to}` 不是{}的阶段", kind.label.zh),
        Lang::En => format!("`{to}` is not a stage of {}", kind.key),
    }
}

/// `advance` on a record at its kind's final stage (`stage`: its label).
pub fn at_final_stage(lang: Lang, id: &str, stage: &str) -> String {
    match lang {
        Lang::Zh => format!("{id} 已处于最终阶段 {stage}"),
        Lang::En => format!("{id} is already at its final stage, {stage}"),
    }
}

/// `advance --to` a stage before the record's `current` one.
pub fn stage_goes_back(lang: Lang, id: &str, current: &str) -> String {
    match lang {
        Lang::Zh => format!("阶段不能倒退:{id} 已在 {current}"),
        Lang::En => format!("stages never go back: {id} is at {current}"),
    }
}

/// `advance --to` past a stage that cannot be skipped.
pub fn skips_required(lang: Lang, skipped: &Stage) -> String {
    match lang {
        Lang::Zh => format!("不能跳过必经阶段 {}({})", skipped.key, skipped.label.zh),
        Lang::En => format!(
            "cannot skip the required stage {} ({})",
            skipped.key, skipped.label.en
        ),
    }
}

/// `advance` refused: the record cannot move from one stage to the other (their labels).
pub fn cannot_move(lang: Lang, id: &str, from: &str, to: &str) -> String {
    match lang {
        Lang::Zh => format!("{id} 不能从 {from} 进入 {to}"),
        Lang::En => format!("{id} cannot move from {from} to {to}"),
    }
}

/// `new --stage` names no start stage of the kind (`starts`: those there are, listed).
pub fn not_a_start_stage(lang: Lang, stage: &str, kind: &Kind, starts: &str) -> String {
    match lang {
        Lang::Zh => format!("`{stage}` 不是{}的起始阶段({starts})", kind.label.zh),
        Lang::En => format!("`{stage}` is not a start stage of {} ({starts})", kind.key),
    }
}

/// `new` for a kind without a start stage.
pub fn no_start_stage(lang: Lang, kind: &Kind) -> String {
    match lang {
        Lang::Zh => format!("{}没有起始阶段", kind.label.zh),
        Lang::En => format!("{} has no start stage", kind.key),
    }
}

/// `new --set` of a field of a stage (`section`) the new record has not entered.
pub fn not_entered(lang: Lang, start: &str, field: &str, section: &str) -> String {
    match lang {
        Lang::Zh => format!("新记录只有 {start} 阶段;`{field}` 属于尚未进入的阶段 {section}"),
        Lang::En => format!(
            "a new record has only its {start} stage; `{field}` belongs to {section}, not entered yet"
        ),
    }
}

/// `new` refused: the record of this kind cannot be created.
pub fn cannot_create(lang: Lang, kind: &Kind) -> String {
    match lang {
        Lang::Zh => format!("无法新建 {}", kind.label.zh),
        Lang::En => format!("cannot create the {}", kind.label.en),
    }
}

/// `set` refused: the change would add errors to the record.
pub fn set_adds_errors(lang: Lang, id: &str) -> String {
    match lang {
        Lang::Zh => format!("{id} 的修改会引入错误(用 --force 强制写入)"),
        Lang::En => {
            format!("the change would add errors to {id} (use --force to write it anyway)")
        }
    }
}
