//! The words of what the layers below `output` refuse (`crate::Refusal`, a fatal error): git
//! and its output, the paths and texts given on the command line, the repository's files.

use super::args::git_loss;
use crate::diag::Check;
use crate::diag::GitLoss;
use crate::git::Output;
use crate::{Lang, Refusal};

/// A refusal in words (without its heading).
pub fn message(r: &Refusal, lang: Lang) -> String {
    match lang {
        Lang::Zh => zh(r),
        Lang::En => en(r),
    }
}

fn zh(r: &Refusal) -> String {
    match r {
        Refusal::GitMissing => "找不到 git 程序;请安装 git 并确保它在 PATH 中".to_string(),
        Refusal::NotAWorkTree(dir) => format!("{} 不在 git 工作区中", dir.display()),
        Refusal::BadRevision(rev) => format!(
            "`{}` 不是 git 版本(版本不能为空,也不能以 - 开头)",
            rev.escape_debug()
        ),
        Refusal::NoCommonAncestor(a, b) => format!("{a} 与 {b} 没有共同祖先"),
        Refusal::NoAncestorWithHead(rev) => format!("`{rev}` 与 HEAD 没有共同祖先"),
        Refusal::GitOutput(output, why) => {
            format!("无法读取 git {} 的输出:{why}", command(*output))
        }
        Refusal::UnknownUser { user, hint } => format!(
            "环境变量 ITC_USER=`{user}` 不是 itc.toml [[people]] 中的人员编号或 email{}",
            hint.as_ref()
                .map(|h| format!("(是否想写 `{h}`?)"))
                .unwrap_or_default()
        ),
        Refusal::UnknownCheck(n) => format!("未知的检查 `{n}`;检查有:{}", checks()),
        Refusal::SetFromTooLarge { from, limit } => {
            format!("--set-from {} 超过 {limit} 字节", from.display())
        }
        Refusal::SetFromNotUtf8(from) => format!("--set-from {} 不是 UTF-8 文本", from.display()),
        Refusal::Exists(path) => format!("{} 已存在,未做任何修改", path.display()),
        Refusal::NotUtf8(path) => super::errors::record_not_utf8(Lang::Zh, path),
        Refusal::Outside { path, root } => {
            format!("{} 不在记录库 {} 之内", path.display(), root.display())
        }
        Refusal::OutsideNoWrite { path, root } => format!(
            "{} 不在记录库 {} 之内,不会写入",
            path.display(),
            root.display()
        ),
        Refusal::OutputIsFolder(path) => format!(
            "{} 是文件夹,不能写入输出;请给出文件路径,或移走该文件夹。未写入任何内容",
            path.display()
        ),
        Refusal::SymbolicLink(at) => format!(
            "{} 是符号链接;itc 不通过链接写入(链接可能指向记录库之外),未写入任何内容",
            at.display()
        ),
        Refusal::BadTime(text) => {
            format!("时间 `{text}` 无效:请写 2026-12-31 或 2026-12-31T18:00:00+08:00")
        }
        Refusal::NotAnObjectId(bad) => format!("`{}` 不是 git 对象编号", bad.escape_debug()),
        Refusal::CatFileIncomplete(what) => format!("git cat-file 的输出不完整:{what}"),
        Refusal::NotABlob { oid, kind } => format!("git 对象 {oid} 是 {kind},不是文件"),
        // The io error's words, as for any file that cannot be read: in English.
        Refusal::GitLost(path, why) => {
            format!("无法访问 {}:{}", path.display(), git_loss(why, Lang::En))
        }
        Refusal::NotRegular(path, what) => format!(
            "无法访问 {}:{}, not a regular file inside the repository",
            path.display(),
            super::args::not_regular(what, Lang::En)
        ),
        Refusal::NoConfigAt { rev, start } => format!(
            "版本 `{rev}` 中在 {} 及其上级目录都没有 {}",
            start.display(),
            crate::repo::CONFIG_FILE
        ),
        Refusal::RevisionUnreadable { rev, lost } => format!(
            "无法从 git 完整读取版本 `{rev}`:{} 个文件读不出:{};只用其余文件得出的结果会失真,因此未作计算(`itc check --at {rev}` 逐个列出)",
            lost.len(),
            named(lost, Lang::Zh).join(";"),
        ),
    }
}

fn en(r: &Refusal) -> String {
    match r {
        Refusal::GitMissing => {
            "the git program was not found; install git and put it on PATH".to_string()
        }
        Refusal::NotAWorkTree(dir) => format!("{} is not inside a git work tree", dir.display()),
        Refusal::BadRevision(rev) => format!(
            "`{}` is not a git revision (a revision is not empty and does not start with -)",
            rev.escape_debug()
        ),
        Refusal::NoCommonAncestor(a, b) => format!("{a} and {b} have no common ancestor"),
        Refusal::NoAncestorWithHead(rev) => format!("`{rev}` and HEAD have no common ancestor"),
        Refusal::GitOutput(output, why) => {
            format!("cannot read the output of git {}: {why}", command(*output))
        }
        Refusal::UnknownUser { user, hint } => format!(
            "ITC_USER=`{user}` is neither the id nor the email of a person in itc.toml's [[people]]{}",
            hint.as_ref()
                .map(|h| format!(" (did you mean `{h}`?)"))
                .unwrap_or_default()
        ),
        Refusal::UnknownCheck(n) => format!("unknown check `{n}`; the checks are: {}", checks()),
        Refusal::SetFromTooLarge { from, limit } => {
            format!("--set-from {} is larger than {limit} bytes", from.display())
        }
        Refusal::SetFromNotUtf8(from) => format!("--set-from {} is not UTF-8 text", from.display()),
        Refusal::Exists(path) => format!("{} exists; nothing was changed", path.display()),
        Refusal::NotUtf8(path) => super::errors::record_not_utf8(Lang::En, path),
        Refusal::Outside { path, root } => format!(
            "{} is outside the repository {}",
            path.display(),
            root.display()
        ),
        Refusal::OutsideNoWrite { path, root } => format!(
            "{} is outside the repository {}; nothing is written there",
            path.display(),
            root.display()
        ),
        Refusal::OutputIsFolder(path) => format!(
            "{} is a folder and cannot take the output; give a file path, or move the folder away. Nothing was written",
            path.display()
        ),
        Refusal::SymbolicLink(at) => format!(
            "{} is a symbolic link; itc does not write through links (they may lead outside the repository), nothing was written",
            at.display()
        ),
        Refusal::BadTime(text) => {
            format!("invalid time `{text}`: use 2026-12-31 or 2026-12-31T18:00:00+08:00")
        }
        Refusal::NotAnObjectId(bad) => format!("`{}` is not a git object id", bad.escape_debug()),
        Refusal::CatFileIncomplete(what) => format!("git cat-file gave incomplete output: {what}"),
        Refusal::NotABlob { oid, kind } => format!("git object {oid} is a {kind}, not a file"),
        Refusal::GitLost(path, why) => {
            format!(
                "cannot access {}: {}",
                path.display(),
                git_loss(why, Lang::En)
            )
        }
        Refusal::NotRegular(path, what) => format!(
            "cannot access {}: {}, not a regular file inside the repository",
            path.display(),
            super::args::not_regular(what, Lang::En)
        ),
        Refusal::NoConfigAt { rev, start } => format!(
            "revision `{rev}` holds no {} in {} or any folder above it",
            crate::repo::CONFIG_FILE,
            start.display()
        ),
        Refusal::RevisionUnreadable { rev, lost } => format!(
            "git cannot hand over revision `{rev}` whole: {} file(s) cannot be read: {}; results from the rest would be wrong, so nothing was computed (`itc check --at {rev}` lists them)",
            lost.len(),
            named(lost, Lang::En).join("; "),
        ),
    }
}

/// A record asked for that does not parse.
pub fn unparsed(lang: Lang, id: &str) -> String {
    match lang {
        Lang::Zh => format!("{id} 无法解析;运行 `itc check` 查看"),
        Lang::En => format!("{id} does not parse; run `itc check`"),
    }
}

/// The files of a revision git could not hand over, the first few named, with why.
fn named(lost: &[(String, GitLoss)], lang: Lang) -> Vec<String> {
    const NAMED: usize = 5;
    let mut list: Vec<String> = lost
        .iter()
        .take(NAMED)
        .map(|(rel, why)| match lang {
            Lang::Zh => format!("{rel}({})", git_loss(why, lang)),
            Lang::En => format!("{rel} ({})", git_loss(why, lang)),
        })
        .collect();
    if lost.len() > NAMED {
        list.push(match lang {
            Lang::Zh => format!("另有 {} 个", lost.len() - NAMED),
            Lang::En => format!("and {} more", lost.len() - NAMED),
        });
    }
    list
}

/// The git command whose output is read.
fn command(output: Output) -> &'static str {
    match output {
        Output::Diff => "diff",
        Output::LsTree => "ls-tree",
    }
}

/// The names of the checks, `, `-separated.
fn checks() -> String {
    let all: Vec<&str> = Check::ALL.iter().map(|c| c.name()).collect();
    all.join(", ")
}
