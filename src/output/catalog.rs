//! The message catalog: every diagnostic message and help line, in Chinese and English, keyed by
//! the diagnostic's stable code. `{name}` placeholders are filled from the diagnostic's values.

use crate::Lang;
use crate::diag::{Arg, Diag};

/// `(code, zh message, en message, zh help, en help)`.
const MESSAGES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "E0101",
        "语法错误:{message}",
        "syntax error: {message}",
        "按 TOML/YAML 语法修正此处",
        "fix the TOML/YAML syntax here",
    ),
    (
        "E0102",
        "文件不是 UTF-8 编码(字节 {byte})",
        "file is not valid UTF-8 (byte {byte})",
        "请以 UTF-8 编码另存此文件",
        "save the file as UTF-8",
    ),
    (
        "E0103",
        "文件以 BOM 开头",
        "file starts with a byte-order mark (BOM)",
        "请以不带 BOM 的 UTF-8 另存此文件",
        "save the file as UTF-8 without a BOM",
    ),
    (
        "E0104",
        "文件含有未解决的合并冲突标记",
        "file contains unresolved merge-conflict markers",
        "解决冲突并删除 <<<<<<< ======= >>>>>>> 标记后再提交",
        "resolve the conflict and remove the <<<<<<< ======= >>>>>>> lines",
    ),
    (
        "E0105",
        "文件过大({size} 字节,上限 {limit})",
        "file is too large ({size} bytes, limit {limit})",
        "一条记录一个文件;附件请放在记录目录之外",
        "keep one record per file; store attachments outside the kind folders",
    ),
    (
        "E0106",
        "记录的顶层必须是表(映射),实际是 {found}",
        "a record must be a table (mapping) at the top level, found {found}",
        "以 `id = ...`(TOML)或 `id: ...`(YAML)这样的键值开始",
        "start the record with keys such as `id = ...` (TOML) or `id: ...` (YAML)",
    ),
    (
        "E0107",
        "无法读取:{message}",
        "cannot read: {message}",
        "检查文件权限和路径",
        "check the file's permissions and path",
    ),
    (
        "W0108",
        "指向目录的符号链接不会被遍历",
        "a symbolic link to a folder is not followed",
        "把记录放进真实的目录;指向目录的链接可能形成循环,itc 不跟随",
        "keep records in real folders: itc does not follow links to folders, which could loop",
    ),
    (
        "E0109",
        "未读取:这是{what}",
        "not read: this is {what}",
        "itc 只读取记录库内的普通文件;删除它,或换成真实的文件",
        "itc reads records only from regular files inside the repository: remove it, or put the real file here",
    ),
    (
        "W0110",
        "此文件还有 {count} 处 {code} 未列出(每种问题最多列出 {limit} 处)",
        "and {count} more {code} findings in this file (at most {limit} of each are listed)",
        "先改正上面列出的问题:它们往往出自同一个原因",
        "fix the findings above first: they often share one cause",
    ),
    (
        "W0120",
        "中断的写入留下的文件:{what},已存在 {age}",
        "leftover of an interrupted write: {what}, {age} old",
        "确认没有 itc 正在写入后删除它;itc new、set、advance 和 fmt 会删除能证明其进程已不存在的遗留文件",
        "delete it once no itc is writing; itc new, set, advance and fmt remove the ones whose process is provably gone",
    ),
    (
        "W0121",
        "itc edit 留下的编辑副本:{what},已存在 {age}",
        "editing copy left by itc edit: {what}, {age} old",
        "其中可能有未写入记录的修改:需要的话用 itc edit 把它们写进记录,然后删除此副本;itc 从不自动删除它",
        "it may hold edits that never reached the record: carry what you need over with itc edit, then delete it; itc never deletes it itself",
    ),
    (
        "E0201",
        "`kind` 为 \"{found}\",但文件位于 {folder}/(应为 \"{expected}\")",
        "`kind` is \"{found}\" but the file is in {folder}/ (expected \"{expected}\")",
        "把文件移到对应目录,或改正 `kind`",
        "move the file to the kind's folder or correct `kind`",
    ),
    (
        "E0202",
        "编号 `{id}` 格式不正确",
        "id `{id}` is not well formed",
        "编号应为 {prefix}- 加上以 - 分隔的字母数字,如 {prefix}-2026-0001",
        "an id is {prefix}- followed by dash-separated letters and digits, e.g. {prefix}-2026-0001",
    ),
    (
        "E0203",
        "编号 `{id}` 与文件名 `{stem}` 不一致",
        "id `{id}` does not match the file name `{stem}`",
        "文件名(不含扩展名)必须等于 `id`",
        "the file name without extension must equal `id`",
    ),
    (
        "E0204",
        "编号 `{id}` 重复,已被 {other} 使用",
        "id `{id}` is also used by {other}",
        "为其中一条记录分配新编号(并重命名文件)",
        "give one of the records a new id (and rename its file)",
    ),
    (
        "E0301",
        "缺少必填字段 `{field}`({label},{type})",
        "missing required field `{field}` ({label}, {type})",
        "添加 `{field}`",
        "add `{field}`",
    ),
    (
        "E0302",
        "缺少字段 `{field}`({label},{type}):当 {condition} 时必填",
        "missing field `{field}` ({label}, {type}): required when {condition}",
        "添加 `{field}`",
        "add `{field}`",
    ),
    (
        "E0303",
        "`{field}` 类型错误:应为 {expected},实际是 {found}",
        "`{field}` has the wrong type: expected {expected}, found {found}",
        "按类型 {expected} 填写此值",
        "write a value of type {expected}",
    ),
    (
        "E0304",
        "`{field}` 的值 \"{value}\" 格式无效",
        "`{field}` has an invalid value \"{value}\"",
        "",
        "",
    ),
    (
        "E0305",
        "`{field}` 的值 \"{value}\" 不在可选范围内",
        "`{field}` is \"{value}\", not one of the allowed values",
        "可选值:{allowed}",
        "allowed values: {allowed}",
    ),
    (
        "E0306",
        "`{field}` 的值 {value} 超出范围 {range}",
        "`{field}` is {value}, outside {range}",
        "填写 {range} 之间的值",
        "use a value within {range}",
    ),
    (
        "E0307",
        "未知字段 `{field}`",
        "unknown field `{field}`",
        "删除此字段,或在 rules.toml 中定义它",
        "remove it, or define it in rules.toml",
    ),
    (
        "E0308",
        "`{field}`({label})不能为空",
        "`{field}` ({label}) must not be empty",
        "填写 `{field}` 的值",
        "give `{field}` a value",
    ),
    (
        "E0309",
        "`{field}` 至少需要 {min} 项,现有 {count} 项",
        "`{field}` needs at least {min} item(s), has {count}",
        "补充列表项",
        "add items to the list",
    ),
    (
        "W0310",
        "`{field}` 建议至少 {min} 项,现有 {count} 项",
        "`{field}` should have at least {min} items, has {count}",
        "补充列表项(如多家候选供应商比选)",
        "add items (e.g. compare several candidate vendors)",
    ),
    (
        "E0311",
        "`{field}` 含有控制字符 {char}",
        "`{field}` holds the control character {char}",
        "删除该字符:值中只允许制表符和多行文本的换行",
        "remove it: a value holds no control character but tab and the line ends of multi-line text",
    ),
    (
        "E0401",
        "`stage` 的值 \"{stage}\" 不是 {kind} 的阶段",
        "`stage` is \"{stage}\", not a stage of {kind}",
        "阶段依次为:{allowed}",
        "the stages are: {allowed}",
    ),
    (
        "E0402",
        "记录必须从起始阶段开始",
        "the record must begin at a start stage",
        "起始阶段:{starts}",
        "start stages: {starts}",
    ),
    (
        "W0403",
        "阶段 `{stage}` 的位置不符合流程顺序",
        "section `{stage}` is out of workflow order",
        "运行 `itc fmt` 按流程顺序排列阶段",
        "run `itc fmt` to put the sections in workflow order",
    ),
    (
        "E0404",
        "进入 `{stage}` 前跳过了必经阶段 `{skipped}`({label})",
        "`{stage}` skips the required stage `{skipped}` ({label})",
        "补上 `{skipped}` 阶段,或删除 `{stage}` 阶段",
        "add the `{skipped}` section, or remove `{stage}`",
    ),
    (
        "E0405",
        "记录当前阶段为 `{stage}`,但存在尚未进入的阶段 `{section}`",
        "section `{section}` is for a stage not entered (`stage` is `{stage}`)",
        "把 `stage` 改为最后进入的阶段,或删除此节",
        "set `stage` to the last stage entered, or remove this section",
    ),
    (
        "E0406",
        "`stage` 为 `{stage}`,但没有 `{stage}` 节",
        "`stage` is `{stage}` but there is no `{stage}` section",
        "添加 `{stage}` 节(含 `at`),或改正 `stage`",
        "add a `{stage}` section (with `at`) or correct `stage`",
    ),
    (
        "E0407",
        "阶段 `{stage}` 必须是表(映射),实际是 {found}",
        "section `{stage}` must be a table (mapping), found {found}",
        "写成 [{stage}](TOML)或 {stage}:(YAML)下的键值",
        "write it as a [{stage}] table (TOML) or a {stage}: mapping (YAML)",
    ),
    (
        "E0408",
        "阶段缺少 `{field}`({label})",
        "the section has no `{field}` ({label})",
        "添加 `at = 进入该阶段的时间`",
        "add `at` = when the stage was entered",
    ),
    (
        "E0409",
        "`{stage}` 的 `at` 早于前一阶段 `{previous}`",
        "`at` of `{stage}` is earlier than that of `{previous}`",
        "各阶段的进入时间不能倒退",
        "stages are entered in order: `at` never decreases",
    ),
    (
        "E0501",
        "阶段已完成,但缺少 `{field}`({label},{type})",
        "the stage is complete but `{field}` ({label}, {type}) is missing",
        "添加 `{field}`;阶段在进入下一阶段时即视为完成",
        "add `{field}`: a stage is complete once the next one is entered",
    ),
    (
        "E0502",
        "阶段已完成,但缺少 `{field}`({label},{type}):当 {condition} 时必填",
        "the stage is complete but `{field}` ({label}, {type}) is missing: required when {condition}",
        "添加 `{field}`",
        "add `{field}`",
    ),
    (
        "E0601",
        "`{later}`({later_value})早于 `{earlier}`({earlier_value})",
        "`{later}` ({later_value}) is before `{earlier}` ({earlier_value})",
        "检查两个日期/时间是否填反或填错",
        "check that the two dates are right and not swapped",
    ),
    (
        "E0602",
        "{part} = {sum},超过 `{whole}`({max})",
        "{part} = {sum} exceeds `{whole}` ({max})",
        "核对数量:部分之和不能超过总数",
        "check the counts: the parts cannot exceed the whole",
    ),
    (
        "E0603",
        "中标供应商 \"{vendor}\" 不在候选供应商中({candidates})",
        "vendor \"{vendor}\" is not among the candidates ({candidates})",
        "把供应商加入 `candidates`,或改正 `vendor`",
        "add the vendor to `candidates` or correct `vendor`",
    ),
    (
        "E0604",
        "演练已闭环,但整改措施 \"{action}\" 没有 `done_on`",
        "the drill is closed but action \"{action}\" has no `done_on`",
        "为每项措施填写完成日期后再闭环",
        "give every action its `done_on` before closing",
    ),
    (
        "E0605",
        "目标权重之和为 {sum},应为 100",
        "goal weights sum to {sum}, not 100",
        "调整 `weight` 使其合计 100",
        "adjust the weights to sum to 100",
    ),
    (
        "E0606",
        "目标 \"{goal}\" 没有评分",
        "goal \"{goal}\" has no score",
        "在 `scores` 中为每个目标各评一次分",
        "score every planned goal exactly once in `scores`",
    ),
    (
        "E0607",
        "目标 \"{goal}\" 被评分多次",
        "goal \"{goal}\" is scored more than once",
        "每个目标只保留一个评分",
        "keep one score per goal",
    ),
    (
        "E0608",
        "评分针对的目标 \"{goal}\" 不在计划目标中",
        "score for \"{goal}\", which is not a planned goal",
        "`goal` 必须与计划中的目标文字完全一致",
        "`goal` must match a planned goal's text exactly",
    ),
    (
        "E0609",
        "总分 {score} 与加权得分 {expected} 不符(允许 ±0.5)",
        "score {score} does not match the weighted goal scores, {expected} (±0.5)",
        "总分 = Σ 权重 × 目标得分 / 100",
        "score = Σ weight × goal score / 100",
    ),
    (
        "E0610",
        "答卷分值 \"{score}\" 不在 1..{scale} 之间",
        "response score \"{score}\" is not within 1..{scale}",
        "`responses` 的键是分值,值是份数",
        "`responses` maps a score to its count",
    ),
    (
        "E0611",
        "分值 {score} 的份数为负数",
        "the count for score {score} is negative",
        "份数应为非负整数",
        "counts are whole numbers ≥ 0",
    ),
    (
        "E0701",
        "人员 \"{value}\" 不在 itc.toml 的 [[people]] 名册中",
        "person \"{value}\" is not in the [[people]] roster of itc.toml",
        "把此人加入名册,或改正编号",
        "add the person to the roster or correct the id",
    ),
    (
        "E0702",
        "系统 \"{value}\" 不在 itc.toml 的 [[systems]] 目录中",
        "system \"{value}\" is not in the [[systems]] catalogue of itc.toml",
        "把系统加入目录,或改正编号",
        "add the system to the catalogue or correct the id",
    ),
    (
        "E0703",
        "关联记录 \"{value}\" 不存在",
        "record \"{value}\" does not exist",
        "改正记录编号,或先创建该记录",
        "correct the id or create the record",
    ),
    (
        "E0704",
        "\"{value}\" 是 {found} 记录,此处需要 {expected}",
        "\"{value}\" is a {found} record; a {expected} is needed here",
        "引用一条 {expected} 记录",
        "refer to a {expected} record",
    ),
    (
        "E0705",
        "\"{value}\" 不是安全类故障(category = security)",
        "\"{value}\" is not a security incident (category = security)",
        "只列出安全事件,或改正该故障的类别",
        "list security incidents only, or correct that incident's category",
    ),
    (
        "E0801",
        "{what} 中的编号 `{id}` 重复",
        "duplicate id `{id}` in {what}",
        "每个编号只能出现一次",
        "each id may appear once",
    ),
    (
        "E0802",
        "未知的考核指标 `{key}`",
        "unknown KPI `{key}` in [targets]",
        "指标键见 `itc kpi --help` 与 docs/kpi.md",
        "see docs/kpi.md for the KPI keys",
    ),
    (
        "E0803",
        "[sla.resolve] 中的 `{key}` 不是故障严重级别",
        "`{key}` in [sla.resolve] is not an incident severity",
        "严重级别有:{allowed}",
        "the severities are: {allowed}",
    ),
    (
        "E0804",
        "[targets] 中 `{key}` 的目标值 {value} 不是{range}",
        "target {value} for `{key}` in [targets] is not {range}",
        "目标值与指标的单位一致:比率写成小数(0.999),次数写成整数",
        "a target is in its KPI's unit: a ratio as a fraction (0.999), a count as a whole number",
    ),
    (
        "E0902",
        "规则条目缺少 `{key}`",
        "rules entry is missing `{key}`",
        "为此条目添加 `{key}`",
        "add `{key}` to the entry",
    ),
    (
        "E0903",
        "规则中的未知键 `{key}`",
        "unknown key `{key}` in the rules",
        "删除此键;规则格式见 `itc rules`",
        "remove it; `itc rules` prints the format",
    ),
    (
        "E0904",
        "规则中 `{key}` 的值无效,应为 {expected}",
        "invalid `{key}` in the rules: expected {expected}",
        "按规则格式改正此值",
        "correct the value",
    ),
    (
        "E0905",
        "规则中的 {what} `{name}` 重复",
        "duplicate {what} `{name}` in the rules",
        "每个 {what} 只能定义一次",
        "define each {what} once",
    ),
    (
        "E0906",
        "规则引用了不存在的 {what} `{name}`",
        "the rules refer to {what} `{name}`, which does not exist",
        "改正名称,或先定义它",
        "correct the name or define it",
    ),
    (
        "E0907",
        "类别 `{kind}` 没有起始阶段",
        "kind `{kind}` has no start stage",
        "为至少一个阶段设置 `start = true`",
        "mark at least one stage `start = true`",
    ),
    (
        "E0908",
        "`folder` 的值 \"{folder}\" 不在记录库之内",
        "`folder` is \"{folder}\", which is not a folder inside the repository",
        "写成记录库内的相对路径,如 \"changes\" 或 \"records/changes\";不能以 / 开头,不能含 `..`",
        "write a relative path inside the repository, such as \"changes\" or \"records/changes\", without a leading / or `..`",
    ),
];

/// Extra help lines chosen by the finding.
const HINTS: &[(&str, &str, &str)] = &[
    (
        "did_you_mean",
        "是否想写 `{suggestion}`?",
        "did you mean `{suggestion}`?",
    ),
    (
        "format_date",
        "日期格式为 2026-03-14",
        "a date looks like 2026-03-14",
    ),
    (
        "format_datetime",
        "日期时间格式为 2026-03-14T09:05:00+08:00 或 \"2026-03-14 09:05\"",
        "a date-time looks like 2026-03-14T09:05:00+08:00 or \"2026-03-14 09:05\"",
    ),
    (
        "format_datetime_or_date",
        "填写日期时间(2026-03-14T09:05:00+08:00)或日期(2026-03-14)",
        "write a date-time (2026-03-14T09:05:00+08:00) or a date (2026-03-14)",
    ),
    (
        "format_duration",
        "时长格式为 \"4h\"、\"30m\"、\"1d 2h\"、\"90s\"",
        "a duration looks like \"4h\", \"30m\", \"1d 2h\" or \"90s\"",
    ),
    (
        "format_period",
        "周期格式为 2026、2026-H1、2026-Q3 或 2026-07",
        "a period is 2026, 2026-H1, 2026-Q3 or 2026-07",
    ),
    (
        "format_hours",
        "服务时间为 \"24x7\" 或 \"mon-fri 08:30-17:30\"",
        "service hours are \"24x7\" or like \"mon-fri 08:30-17:30\"",
    ),
    (
        "target_percent",
        "写成 {suggestion}(即 {percent})",
        "write {suggestion} (that is {percent})",
    ),
    (
        "format_timezone",
        "时区格式为 +08:00",
        "a time zone offset looks like +08:00",
    ),
];

fn fill(template: &str, diag: &Diag, lang: Lang) -> String {
    let mut out = template.to_string();
    for (name, arg) in &diag.args {
        let value = match arg {
            Arg::Plain(s) => s.as_str(),
            Arg::Label(l) => l.get(lang),
        };
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

fn entry(
    code: &str,
) -> Option<&'static (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
)> {
    MESSAGES.iter().find(|m| m.0 == code)
}

pub fn message(diag: &Diag, lang: Lang) -> String {
    match entry(diag.code) {
        Some(m) => fill(if lang == Lang::Zh { m.1 } else { m.2 }, diag, lang),
        None => diag.code.to_string(),
    }
}

/// The help lines of a diagnostic: the finding's own hint first, then the code's help.
pub fn helps(diag: &Diag, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(h) = diag.hint.and_then(|k| HINTS.iter().find(|h| h.0 == k)) {
        out.push(fill(if lang == Lang::Zh { h.1 } else { h.2 }, diag, lang));
    }
    if let Some(m) = entry(diag.code) {
        let help = if lang == Lang::Zh { m.3 } else { m.4 };
        if !help.is_empty() {
            out.push(fill(help, diag, lang));
        }
    }
    out
}

/// A code's message and help as written in the catalog, placeholders unfilled: what a rule says
/// in general (SARIF's rule descriptions). The help falls back to the message where a code has
/// none.
pub fn templates(code: &str, lang: Lang) -> Option<(&'static str, &'static str)> {
    entry(code).map(|m| {
        let (message, help) = if lang == Lang::Zh {
            (m.1, m.3)
        } else {
            (m.2, m.4)
        };
        (message, if help.is_empty() { message } else { help })
    })
}

/// Every code in the catalog, for tests and docs.
pub fn codes() -> impl Iterator<Item = &'static str> {
    MESSAGES.iter().map(|m| m.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_both_languages_and_placeholders_match() {
        for (code, zh, en, hzh, hen) in MESSAGES {
            assert!(!zh.is_empty() && !en.is_empty(), "{code}");
            let names = |s: &str| -> Vec<String> {
                let mut v: Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
                    .collect();
                v.sort();
                v.dedup();
                v
            };
            assert_eq!(names(zh), names(en), "{code} message placeholders differ");
            assert_eq!(names(hzh), names(hen), "{code} help placeholders differ");
        }
        for (key, zh, en) in HINTS {
            assert!(!zh.is_empty() && !en.is_empty(), "{key}");
        }
    }
}
