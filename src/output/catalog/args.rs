//! The words of the phrases a layer below `output` names as a finding's value
//! (`diag::Phrase`): field types, a TOML syntax error, the ranges of KPI targets, a requirement's
//! condition.

use crate::diag::{GitLoss, Leftover, NotRegular, Phrase, TypeName};
use crate::{Lang, Words};

/// A phrase in words.
pub fn phrase(p: &Phrase, lang: Lang) -> String {
    match p {
        Phrase::Type(t) => type_name(t, lang),
        Phrase::Items(items) => items
            .iter()
            .map(|(name, t)| format!("{name}\t{}", type_name(t, lang)))
            .collect::<Vec<_>>()
            .join("\n"),
        Phrase::NotAnInteger(written) => not_an_integer(lang, written),
        Phrase::RatioRange => RATIO_RANGE.get(lang).to_string(),
        Phrase::CostRatioRange => COST_RATIO_RANGE.get(lang).to_string(),
        Phrase::CountRange => COUNT_RANGE.get(lang).to_string(),
        Phrase::DrillSystemHasRto => DRILL_SYSTEM_HAS_RTO.get(lang).to_string(),
        Phrase::DrillSystemHasRpo => DRILL_SYSTEM_HAS_RPO.get(lang).to_string(),
        Phrase::NotRegular(what) => not_regular(what, lang),
        Phrase::GitLoss(why) => git_loss(why, lang),
        Phrase::RepositoryLock(holder) => repository_lock(lang, holder.as_ref()),
        Phrase::TemporaryCopy(l) => left_copy(lang, l, TEMPORARY_COPY),
        Phrase::EditingCopy(l) => left_copy(lang, l, EDITING_COPY),
    }
}

/// A field type as a message names it: `list of person` / `人员列表`, `enum P1|P2` /
/// `枚举 P1|P2`.
pub fn type_name(t: &TypeName, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let fixed = match t {
        TypeName::Text => Words::new("文本", "text"),
        TypeName::Int => Words::new("整数", "int"),
        TypeName::Number => Words::new("数字", "number"),
        TypeName::Bool => Words::new("布尔值", "bool"),
        TypeName::Date => Words::new("日期", "date"),
        TypeName::DateTime => Words::new("日期时间", "datetime"),
        TypeName::Duration => Words::new("时长", "duration"),
        TypeName::Person => Words::new("人员", "person"),
        TypeName::System => Words::new("系统", "system"),
        TypeName::Record(None) => Words::new("记录编号", "record"),
        TypeName::Period => Words::new("期间", "period"),
        TypeName::Hours => Words::new("服务时间", "hours"),
        TypeName::Timezone => Words::new("时区", "timezone"),
        TypeName::TableList => Words::new("表格列表", "table_list"),
        TypeName::Table => Words::new("表", "table"),
        TypeName::Enum(v) if zh => return format!("枚举 {v}"),
        TypeName::Enum(v) => return format!("enum {v}"),
        TypeName::Record(Some(kind)) if zh => return format!("记录编号({kind})"),
        TypeName::Record(Some(kind)) => return format!("record ({kind})"),
        TypeName::List(of) if zh => return format!("{}列表", type_name(of, lang)),
        TypeName::List(of) => return format!("list of {}", type_name(of, lang)),
        TypeName::Map(of) if zh => return format!("{}映射", type_name(of, lang)),
        TypeName::Map(of) => return format!("map of {}", type_name(of, lang)),
    };
    fixed.get(lang).to_string()
}

/// A TOML integer without digits, or with a character that is not an ASCII digit.
pub fn not_an_integer(lang: Lang, written: &str) -> String {
    match lang {
        Lang::Zh => format!(
            "`{written}` 不是整数:整数至少要有一位数字(`0x`、`0o`、`0b` 之后也是),且只能用 ASCII 数字"
        ),
        Lang::En => format!(
            "`{written}` is not an integer: an integer needs at least one digit (after `0x`, `0o` or `0b` too), and only ASCII digits"
        ),
    }
}

pub const RATIO_RANGE: Words = Words::new("介于 0 和 1 之间的比率", "a ratio between 0 and 1");
pub const COST_RATIO_RANGE: Words = Words::new(
    "小于 10 的非负成本比(实际成本 / 预算)",
    "a ratio of actual cost to budget (at least 0, below 10)",
);
pub const COUNT_RANGE: Words =
    Words::new("非负整数(次数)", "a whole number of at least 0 (a count)");
pub const DRILL_SYSTEM_HAS_RTO: Words = Words::new(
    "涉及系统设有 RTO(桌面推演除外)",
    "a system of the drill has an RTO (tabletop exercises excepted)",
);

pub const DRILL_SYSTEM_HAS_RPO: Words = Words::new(
    "涉及系统设有 RPO(桌面推演除外)",
    "a system of the drill has an RPO (tabletop exercises excepted)",
);

/// Why git could not hand a file of a revision over.
pub fn git_loss(why: &GitLoss, lang: Lang) -> String {
    match (why, lang) {
        (GitLoss::NoObject(oid), Lang::Zh) => format!("git 中没有对象 {oid}(对象库不完整)"),
        (GitLoss::NoObject(oid), Lang::En) => {
            format!("git has no object {oid} (the object store is incomplete)")
        }
        (GitLoss::Refused(r), _) => super::refusals::message(r, lang),
        (GitLoss::Other(debug), _) => debug.clone(),
    }
}

/// What a file that is not a regular file inside the root is.
pub fn not_regular(what: &NotRegular, lang: Lang) -> String {
    let fixed = match what {
        NotRegular::LinkOutside(t) => {
            return match lang {
                Lang::Zh => format!("指向记录库之外({t})的链接"),
                Lang::En => format!("a link to {t}, outside the repository"),
            };
        }
        NotRegular::NamedPipe => Words::new("命名管道(FIFO)", "a named pipe (FIFO)"),
        NotRegular::Device => Words::new("设备文件", "a device"),
        NotRegular::Socket => Words::new("套接字", "a socket"),
        NotRegular::Folder => Words::new("目录", "a folder"),
        NotRegular::Special => Words::new("特殊文件", "a special file"),
    };
    fixed.get(lang).to_string()
}

/// The repository lock left behind, with its holder when the file says.
fn repository_lock(lang: Lang, holder: Option<&(u32, String)>) -> String {
    match (lang, holder) {
        (Lang::Zh, Some((pid, h))) => format!("仓库锁(进程 {pid},主机 {h})"),
        (Lang::En, Some((pid, h))) => format!("the repository lock (pid {pid} on {h})"),
        (_, None) => REPOSITORY_LOCK.get(lang).to_string(),
    }
}

/// A copy left behind: `kind` says which.
fn left_copy(lang: Lang, l: &Leftover, kind: Words) -> String {
    let Leftover { target, owner, pid } = l;
    match lang {
        Lang::Zh => format!("{target} 的{}(进程 {pid},主机 {owner})", kind.zh),
        Lang::En => format!("{} of {target} (pid {pid} on {owner})", kind.en),
    }
}

pub const REPOSITORY_LOCK: Words = Words::new("仓库锁", "the repository lock");
pub const TEMPORARY_COPY: Words = Words::new("临时副本", "a temporary copy");
pub const EDITING_COPY: Words = Words::new("编辑副本", "an editing copy");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Type;

    fn both(ty: &Type) -> (String, String) {
        let t = ty.describe();
        (type_name(&t, Lang::Zh), type_name(&t, Lang::En))
    }

    #[test]
    fn every_type_reads_in_both_languages() {
        let person = both(&Type::List(Box::new(Type::Person)));
        assert_eq!(person, ("人员列表".into(), "list of person".into()));
        let tl = both(&Type::TableList(Vec::new()));
        assert_eq!(tl, ("表格列表".into(), "table_list".into()));
        let e = both(&Type::Enum(vec!["P1".into(), "P2".into()]));
        assert_eq!(e, ("枚举 P1|P2".into(), "enum P1|P2".into()));
        // No Chinese label is left in English.
        for ty in [
            Type::Text,
            Type::Int,
            Type::Number,
            Type::Bool,
            Type::Date,
            Type::DateTime,
            Type::Duration,
            Type::Person,
            Type::System,
            Type::Record(None),
            Type::Period,
            Type::Hours,
            Type::Timezone,
            Type::Table(Vec::new()),
            Type::Map(Box::new(Type::Duration)),
        ] {
            let (zh, en) = both(&ty);
            assert!(!zh.is_ascii(), "{ty:?}: {zh}");
            assert!(en.is_ascii(), "{ty:?}: {en}");
        }
    }
}
