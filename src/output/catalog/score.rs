//! The words of `itc score` and of the report's score section: the categories, the columns, the
//! totals, why an item was not scored, and where a manual score comes from.

use crate::config::scorecard::Category;
use crate::score::Unscored;
use crate::{Lang, Words};

pub fn category(c: Category) -> Words {
    match c {
        Category::Work => Words::new("工作业绩", "Work results"),
        Category::Team => Words::new("团队管理", "Team management"),
        Category::Communication => Words::new("沟通协调", "Communication"),
        Category::Innovation => Words::new("创新能力", "Innovation"),
    }
}

/// The columns of the items: category, item, key, weight, value, target, floor, points,
/// evidence.
pub const COLUMNS: [Words; 9] = [
    Words::new("类别", "Category"),
    Words::new("计分项", "Item"),
    Words::new("指标", "KPI"),
    Words::new("权重", "Weight"),
    Words::new("值", "Value"),
    Words::new("目标", "Target"),
    Words::new("保底", "Floor"),
    Words::new("得分", "Points"),
    Words::new("依据", "Evidence"),
];

/// The columns of the subtotals: category, points, weight scored, weight.
pub const SUBTOTAL_COLUMNS: [Words; 4] = [
    Words::new("类别", "Category"),
    Words::new("得分", "Points"),
    Words::new("已计分权重", "Weight scored"),
    Words::new("权重", "Weight"),
];

pub const MANUAL: Words = Words::new("人工评分", "manual");
pub const NOT_SCORED: Words = Words::new("不计分", "not scored");
pub const TITLE: Words = Words::new("考核得分", "Score");
pub const ITEMS: Words = Words::new("计分项", "Items");
pub const SUBTOTALS: Words = Words::new("分类小计", "Subtotals by category");
pub const TREND: Words = Words::new(
    "总分近十二个月走势",
    "The total over the last twelve months",
);
pub const TOTAL: Words = Words::new("总分", "Total");
pub const MONTH: Words = Words::new("月份", "Month");
pub const SCHEMA: Words = Words::new(
    "考核计分卡:总分、各类小计与每个计分项",
    "The scorecard: the total, each category's subtotal and each item",
);
pub const SCHEMA_REASON: Words = Words::new(
    "不计分的原因代码(计分时为 null)",
    "Why the item was not scored, as a code (null when scored)",
);

/// `总分 84.00(已计分权重 50 / 100)`; n/a when nothing was scored.
pub fn total_line(lang: Lang, total: Option<&str>, scored: &str, weight: &str) -> String {
    let total = total.unwrap_or("n/a");
    match lang {
        Lang::Zh => format!("总分 {total}(已计分权重 {scored} / {weight})"),
        Lang::En => format!("total {total} (scored {scored} of {weight} weights)"),
    }
}

/// `被考核人 manager 张三`, or that there is none.
pub fn subject_line(lang: Lang, subject: Option<(&str, &str)>) -> String {
    match (lang, subject) {
        (Lang::Zh, Some((id, name))) => format!("被考核人 {id} {name}"),
        (Lang::En, Some((id, name))) => format!("subject {id} {name}"),
        (Lang::Zh, None) => "被考核人:未设定".into(),
        (Lang::En, None) => "subject: none".into(),
    }
}

/// Why an item was not scored.
pub fn unscored(lang: Lang, u: &Unscored) -> String {
    let zh = lang == Lang::Zh;
    match u {
        Unscored::KpiNa if zh => "指标本期无值(n/a)".into(),
        Unscored::KpiNa => "the KPI has no value in the period (n/a)".into(),
        Unscored::NoTarget if zh => "[targets] 中没有目标值".into(),
        Unscored::NoTarget => "no target in [targets]".into(),
        Unscored::UnknownKpi if zh => "未知的考核指标".into(),
        Unscored::UnknownKpi => "unknown KPI".into(),
        Unscored::NoSubject if zh => "没有被考核人".into(),
        Unscored::NoSubject => "no subject".into(),
        Unscored::NoAppraisal if zh => "本期没有含此目标的被考核人绩效考核".into(),
        Unscored::NoAppraisal => {
            "no appraisal of the subject due in the period has this goal".into()
        }
        Unscored::NotAtResult { id } if zh => format!("{id} 尚未到结果应用阶段"),
        Unscored::NotAtResult { id } => format!("{id} has not reached its result"),
        Unscored::NoScore { id } if zh => format!("{id} 没有此目标的得分"),
        Unscored::NoScore { id } => format!("{id} has no score for this goal"),
        Unscored::SelfAppraised { id } if zh => format!("{id} 由被考核人本人评分,不作依据"),
        Unscored::SelfAppraised { id } => {
            format!("{id} was scored by the subject: a score given to oneself is no evidence")
        }
    }
}

/// `APR-2026-001(appraisals/2026/APR-2026-001.toml:31)得分 85`.
/// Without the file (the report does not keep it): `APR-2026-001(第 31 行)得分 85`.
pub fn mark(lang: Lang, id: &str, rel: &str, line: u32, score: &str) -> String {
    match (lang, rel.is_empty()) {
        (Lang::Zh, false) => format!("{id}({rel}:{line})得分 {score}"),
        (Lang::En, false) => format!("{id} ({rel}:{line}) score {score}"),
        (Lang::Zh, true) => format!("{id}(第 {line} 行)得分 {score}"),
        (Lang::En, true) => format!("{id} (line {line}) score {score}"),
    }
}

/// Why `itc score` cannot score: itc.toml has no `[scorecard]`.
pub fn no_scorecard(lang: Lang) -> String {
    match lang {
        Lang::Zh => "itc.toml 中没有 [scorecard]:加上计分项(见 docs/scorecard.md,itc init 会写出默认计分卡)".into(),
        Lang::En => "itc.toml has no [scorecard]: add its items (see docs/scorecard.md; itc init writes a default one)".into(),
    }
}
