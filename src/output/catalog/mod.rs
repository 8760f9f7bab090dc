//! The message catalog: every diagnostic message and help line, in Chinese and English, keyed by
//! the diagnostic's stable code. `{name}` placeholders are filled from the diagnostic's values.

pub mod assign;
pub mod commands;
pub mod deadline;
pub mod errors;
pub mod filter;
pub mod kpi;
pub mod report;
pub mod schema;
pub mod views;

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

/// What each code's rule says in general, placeholders-free: `(code, zh short description, en
/// short description, zh full description, en full description)`. SARIF's rules (shown by code
/// scanning above each alert) take them.
const RULES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "E0101",
        "语法错误",
        "Syntax error",
        "文件不是有效的 TOML 或 YAML,其中的记录无法读取。请按所示位置修正语法。",
        "The file is not valid TOML or YAML, so its record cannot be read. Fix the syntax at the place shown.",
    ),
    (
        "E0102",
        "文件不是 UTF-8 编码",
        "File is not UTF-8",
        "记录按 UTF-8 文本读取;不是 UTF-8 的字节使文件无法读取。请以 UTF-8 编码另存此文件。",
        "Records are read as UTF-8 text; a byte that is not UTF-8 makes the file unreadable. Save the file as UTF-8.",
    ),
    (
        "E0103",
        "文件以 BOM 开头",
        "File starts with a byte-order mark",
        "记录开头的字节顺序标记(BOM)不属于 TOML 或 YAML,可能遮住第一个键。请以不带 BOM 的 UTF-8 另存此文件。",
        "A byte-order mark (BOM) at the start of a record is no part of TOML or YAML and can hide the first key. Save the file as UTF-8 without a BOM.",
    ),
    (
        "E0104",
        "未解决的合并冲突标记",
        "Unresolved merge-conflict markers",
        "文件仍含有 git 合并冲突留下的 <<<<<<<、=======、>>>>>>> 行。请解决冲突并删除这些行。",
        "The file still holds the <<<<<<<, ======= and >>>>>>> lines of a git merge conflict. Resolve the conflict and remove those lines.",
    ),
    (
        "E0105",
        "文件过大",
        "File is too large",
        "记录文件超过大小上限,未被读取。一条记录一个文件;附件请放在记录目录之外。",
        "A record file is over the size limit and is not read. Keep one record per file, and store attachments outside the kind folders.",
    ),
    (
        "E0106",
        "记录不是表(映射)",
        "Record is not a table",
        "记录的顶层必须是由字段组成的表(TOML)或映射(YAML),如 `id = ...` 或 `id: ...`。",
        "The top level of a record must be a table (TOML) or a mapping (YAML) of fields, such as `id = ...` or `id: ...`.",
    ),
    (
        "E0107",
        "文件无法读取",
        "File cannot be read",
        "无法从磁盘读取此文件(例如因为权限)。请检查文件的权限和路径。",
        "The file could not be read from the disk (for example for its permissions). Check the file's permissions and path.",
    ),
    (
        "W0108",
        "未跟随指向目录的链接",
        "Link to a folder not followed",
        "类别目录中指向目录的符号链接不会被跟随(链接可能形成循环),其后的记录不会被检查。请把记录放在真实的目录中。",
        "A symbolic link to a folder is not followed, since links could loop: the records behind it are not checked. Keep records in real folders.",
    ),
    (
        "E0109",
        "不是记录库内的普通文件",
        "Not a regular file inside the repository",
        "itc 只读取记录库内的普通文件;指向别处的链接、设备或管道不会被读取。请删除它,或换成真实的文件。",
        "itc reads records only from regular files inside the repository; a link leading elsewhere, a device or a pipe is not read. Remove it, or put the real file here.",
    ),
    (
        "W0110",
        "此文件还有同类问题未列出",
        "More findings of one code in this file",
        "每个文件的每种问题最多列出固定数量,此条给出其余的数量。请先改正已列出的问题:它们往往出自同一个原因。",
        "A file lists at most a fixed number of findings of each code; this one counts the rest. Fix the findings listed first: they often share one cause.",
    ),
    (
        "W0120",
        "中断的写入留下的文件",
        "Leftover of an interrupted write",
        "被中断的 itc 写入留下的临时文件。确认没有 itc 正在写入后删除它;itc new、set、advance 和 fmt 会删除能证明其进程已不存在的遗留文件。",
        "A temporary file left by an itc write that was interrupted. Delete it once no itc is writing; itc new, set, advance and fmt remove the ones whose process is provably gone.",
    ),
    (
        "W0121",
        "itc edit 留下的编辑副本",
        "Editing copy left by itc edit",
        "itc edit 的工作副本,其进程已不存在。其中可能有未写入记录的修改:需要的话用 itc edit 把它们写进记录,然后删除此副本;itc 从不自动删除它。",
        "The working copy of an itc edit whose process is gone. It may hold edits that never reached the record: carry what you need over with itc edit, then delete it; itc never deletes it itself.",
    ),
    (
        "E0201",
        "`kind` 与所在目录不符",
        "Kind does not match the folder",
        "记录的 `kind` 与其所在目录的类别不同。请把文件移到对应类别的目录,或改正 `kind`。",
        "The record's `kind` names another kind than the folder it lies in. Move the file to its kind's folder, or correct `kind`.",
    ),
    (
        "E0202",
        "编号格式不正确",
        "Id is not well formed",
        "编号以类别前缀和 - 开头,后接以 - 分隔的字母和数字,如 INC-2026-0001。",
        "An id is the kind's prefix and a dash, then letters and digits separated by dashes, such as INC-2026-0001.",
    ),
    (
        "E0203",
        "编号与文件名不一致",
        "Id does not match the file name",
        "记录的文件名(不含扩展名)必须等于其 `id`,以便按编号找到记录。",
        "A record's file name without its extension must equal its `id`, so that the record is found by its id.",
    ),
    (
        "E0204",
        "编号重复",
        "Duplicate id",
        "两条记录使用了同一编号。请为其中一条分配新编号,并重命名其文件。",
        "Two records have the same id. Give one of them a new id, and rename its file.",
    ),
    (
        "E0301",
        "缺少必填字段",
        "Missing required field",
        "规则要求此类记录必须具有的字段缺失。请添加该字段。",
        "A field the rules require of every record of its kind is missing. Add it.",
    ),
    (
        "E0302",
        "缺少条件必填字段",
        "Missing conditionally required field",
        "规则在满足某个条件(如某个严重级别或类别)时要求的字段缺失。请添加该字段。",
        "A field the rules require when a condition holds (such as a severity or a category) is missing. Add it.",
    ),
    (
        "E0303",
        "值的类型错误",
        "Value of the wrong type",
        "字段的值的类型与规则的定义不符(如应为日期或数字处写了文本)。请按字段的类型填写。",
        "A field holds a value of another type than the rules define (for example text where a date or a number belongs). Write a value of the field's type.",
    ),
    (
        "E0304",
        "值的格式无效",
        "Invalid value",
        "字段的值不符合其类型要求的格式,如日期、日期时间、时长或周期。请按帮助行所示的格式填写。",
        "A field's value does not have the form its type requires, such as a date, a date-time, a duration or a period. Write it in the form the help line shows.",
    ),
    (
        "E0305",
        "值不在可选范围内",
        "Value not among the allowed values",
        "只能取列表中某个值的字段填了其他值。请使用帮助行列出的可选值之一。",
        "A field that takes one of a list of values holds another. Use one of the allowed values the help line lists.",
    ),
    (
        "E0306",
        "值超出范围",
        "Value out of range",
        "数值超出规则为该字段允许的范围。请填写范围之内的值。",
        "A number lies outside the range the rules allow for the field. Use a value within the range.",
    ),
    (
        "E0307",
        "未知字段",
        "Unknown field",
        "记录含有规则没有为其类别或阶段定义的字段,常因拼写错误。请删除它、改正名称,或在 rules.toml 中定义它。",
        "The record has a field the rules do not define for its kind or stage, often a misspelt name. Remove it, correct its name, or define it in rules.toml.",
    ),
    (
        "E0308",
        "必填值为空",
        "Empty required value",
        "必填字段存在,但值为空。请填写它的值。",
        "A required field is there, but empty. Give it a value.",
    ),
    (
        "E0309",
        "列表项过少",
        "Too few items in a list",
        "列表的项数少于规则的要求。请补充列表项。",
        "A list holds fewer items than the rules require. Add items to the list.",
    ),
    (
        "W0310",
        "列表项少于建议数",
        "Fewer list items than advised",
        "列表的项数少于规则的建议(如候选供应商少于公平比选所需)。请补充列表项。",
        "A list holds fewer items than the rules advise (for example fewer candidate vendors than a fair comparison needs). Add items.",
    ),
    (
        "E0311",
        "值中含有控制字符",
        "Control character in a value",
        "值中含有控制字符,可能扰乱终端和报告的显示。值中只允许制表符和多行文本的换行;请删除该字符。",
        "A value holds a control character, which could disturb terminals and reports. A value holds no control character but tab and the line ends of multi-line text: remove it.",
    ),
    (
        "E0401",
        "未知阶段",
        "Unknown stage",
        "记录的 `stage` 不是其类别的阶段。请改为该类别的阶段之一。",
        "The record's `stage` is not a stage of its kind. Set it to one of the kind's stages.",
    ),
    (
        "E0402",
        "记录未从起始阶段开始",
        "Record does not begin at a start stage",
        "记录的第一个阶段必须是规则标为起始的阶段。请补上起始阶段的节。",
        "A record's first stage must be one the rules mark as a start stage. Add the start stage's section.",
    ),
    (
        "W0403",
        "阶段节的顺序与流程不符",
        "Section out of workflow order",
        "阶段节没有按流程的顺序排列。运行 `itc fmt` 按流程顺序排列。",
        "The stage sections are not in the order of the workflow. Run `itc fmt` to put them in order.",
    ),
    (
        "E0404",
        "跳过了必经阶段",
        "Required stage skipped",
        "记录进入某个阶段前跳过了流程要求的前置阶段。请补上被跳过的阶段的节,或删除后面的阶段节。",
        "The record entered a stage without the stage the workflow requires before it. Add the skipped stage's section, or remove the later one.",
    ),
    (
        "E0405",
        "存在尚未进入的阶段的节",
        "Section of a stage not entered",
        "记录含有当前 `stage` 之后的阶段的节。请把 `stage` 改为最后进入的阶段,或删除该节。",
        "The record has a section for a stage after its current `stage`. Set `stage` to the last stage entered, or remove the section.",
    ),
    (
        "E0406",
        "当前阶段没有对应的节",
        "Current stage has no section",
        "记录的 `stage` 所指的阶段缺少对应的节(含 `at`)。请添加该节,或改正 `stage`。",
        "The record's `stage` names a stage whose section (with its `at`) is missing. Add the section, or correct `stage`.",
    ),
    (
        "E0407",
        "阶段节不是表(映射)",
        "Stage section is not a table",
        "阶段节必须是由该阶段的字段组成的表(TOML)或映射(YAML)。",
        "A stage section must be a table (TOML) or a mapping (YAML) of the stage's fields.",
    ),
    (
        "E0408",
        "阶段节缺少 `at`",
        "Stage section has no `at`",
        "每个阶段节都在 `at` 中记录进入该阶段的时间。请添加它。",
        "Every stage section records in `at` when the stage was entered. Add it.",
    ),
    (
        "E0409",
        "阶段的进入时间早于前一阶段",
        "Stage entered before the previous one",
        "阶段按顺序进入,每节的 `at` 不得早于前一阶段的。请改正时间。",
        "Stages are entered in order: each section's `at` is no earlier than that of the stage before. Correct the times.",
    ),
    (
        "E0501",
        "已完成的阶段缺少字段",
        "Completed stage lacks a field",
        "进入下一阶段即视为本阶段完成,已完成的阶段必须具备规则要求的字段。请添加缺少的字段。",
        "A stage is complete once the next one is entered, and a complete stage has the fields the rules require of it. Add the missing field.",
    ),
    (
        "E0502",
        "已完成的阶段缺少条件必填字段",
        "Completed stage lacks a conditionally required field",
        "已完成的阶段缺少规则在满足某个条件时要求的字段。请添加该字段。",
        "A complete stage lacks a field the rules require of it when a condition holds. Add the field.",
    ),
    (
        "E0601",
        "日期先后颠倒",
        "Dates in the wrong order",
        "两个有先后要求的日期或时间顺序颠倒。请检查是否填反或填错。",
        "Of two dates or times that come in order, the later is before the earlier. Check that they are right and not swapped.",
    ),
    (
        "E0602",
        "部分之和超过总数",
        "Parts exceed the whole",
        "作为总数组成部分的各项数量之和超过了总数。请核对数量。",
        "Counts that are parts of a whole add up to more than the whole. Check the counts.",
    ),
    (
        "E0603",
        "中标供应商不在候选供应商中",
        "Vendor is not a candidate",
        "项目的中标供应商必须是其候选供应商之一。请把供应商加入 `candidates`,或改正 `vendor`。",
        "A project's chosen vendor must be one of its candidate vendors. Add the vendor to `candidates`, or correct `vendor`.",
    ),
    (
        "E0604",
        "已闭环的演练有未完成的整改措施",
        "Closed drill with an open action",
        "演练只有在每项整改措施都有完成日期 `done_on` 时才能闭环。请先为每项措施填写完成日期。",
        "A drill is closed only when every follow-up action has its completion date, `done_on`. Give every action its `done_on` before closing.",
    ),
    (
        "E0605",
        "目标权重之和不为 100",
        "Goal weights do not sum to 100",
        "绩效考核各目标的权重之和必须为 100。请调整权重。",
        "The weights of an appraisal's goals add up to 100. Adjust the weights.",
    ),
    (
        "E0606",
        "目标没有评分",
        "Goal has no score",
        "绩效考核的每个计划目标都在 `scores` 中评分一次。请为该目标评分。",
        "Every planned goal of an appraisal is scored exactly once in `scores`. Score the goal.",
    ),
    (
        "E0607",
        "目标被重复评分",
        "Goal scored more than once",
        "某个目标在 `scores` 中出现多次。每个目标只保留一个评分。",
        "A goal of an appraisal appears more than once in `scores`. Keep one score per goal.",
    ),
    (
        "E0608",
        "评分针对的目标不在计划中",
        "Score for a goal not planned",
        "评分所指的目标不在考核的计划目标中;`goal` 必须与计划目标的文字完全一致。",
        "A score names a goal that is not among the appraisal's planned goals: `goal` must match a planned goal's text exactly.",
    ),
    (
        "E0609",
        "总分与加权得分不符",
        "Score does not match the weighted goal scores",
        "考核总分等于各目标的 权重 × 得分 / 100 之和(允许 ±0.5)。请改正总分或各目标的得分。",
        "An appraisal's score is the sum of weight × goal score / 100 over its goals, within ±0.5. Correct the score or the goal scores.",
    ),
    (
        "E0610",
        "答卷分值超出量表",
        "Response score outside the scale",
        "满意度调查的 `responses` 以 1 至量表上限之间的分值为键、份数为值;此分值超出了范围。请改正分值。",
        "A survey's `responses` map a score between 1 and the survey's scale to its count; this score is outside. Correct the score.",
    ),
    (
        "E0611",
        "答卷份数为负数",
        "Negative response count",
        "某个分值的答卷份数应为不小于 0 的整数。请改正份数。",
        "The count of responses for a score is a whole number of at least 0. Correct the count.",
    ),
    (
        "E0701",
        "人员不在名册中",
        "Person not in the roster",
        "字段引用的人员不在 itc.toml 的 [[people]] 名册中。请把此人加入名册,或改正编号。",
        "A field names a person who is not in the [[people]] roster of itc.toml. Add the person to the roster, or correct the id.",
    ),
    (
        "E0702",
        "系统不在目录中",
        "System not in the catalogue",
        "字段引用的系统不在 itc.toml 的 [[systems]] 目录中。请把系统加入目录,或改正编号。",
        "A field names a system that is not in the [[systems]] catalogue of itc.toml. Add the system to the catalogue, or correct the id.",
    ),
    (
        "E0703",
        "引用的记录不存在",
        "Referenced record does not exist",
        "字段引用的记录编号不存在。请改正编号,或先创建该记录。",
        "A field refers to an id that no record has. Correct the id, or create the record.",
    ),
    (
        "E0704",
        "引用的记录类别不符",
        "Referenced record of the wrong kind",
        "字段引用的记录类别与所需的不同(如应为故障处引用了项目)。请引用正确类别的记录。",
        "A field refers to a record of another kind than it needs (for example a project where an incident belongs). Refer to a record of the right kind.",
    ),
    (
        "E0705",
        "引用的故障不是安全类故障",
        "Referenced incident is not a security incident",
        "此处只能列出类别为 security 的故障。请只列出安全事件,或改正该故障的类别。",
        "Only incidents of category security may be listed here. List security incidents only, or correct that incident's category.",
    ),
    (
        "E0801",
        "itc.toml 中编号重复",
        "Duplicate id in itc.toml",
        "itc.toml 的某个列表(如 [[people]] 或 [[systems]])中同一编号出现了两次。每个编号只能出现一次。",
        "An id appears twice in a list of itc.toml (such as [[people]] or [[systems]]). Each id may appear once.",
    ),
    (
        "E0802",
        "未知的考核指标",
        "Unknown KPI in targets",
        "itc.toml 的 [targets] 中有不存在的考核指标。指标键见 docs/kpi.md 与 `itc kpi --help`。",
        "[targets] in itc.toml names a KPI that does not exist. See docs/kpi.md and `itc kpi --help` for the KPI keys.",
    ),
    (
        "E0803",
        "处理时限中的严重级别无效",
        "Unknown severity in the resolution limits",
        "itc.toml 的 [sla.resolve] 中有不是故障严重级别的键。请使用规则定义的严重级别。",
        "A key of [sla.resolve] in itc.toml is not an incident severity. Use the severities the rules define.",
    ),
    (
        "E0804",
        "目标值不符合指标的单位",
        "Target not in its KPI's unit",
        "[targets] 中的目标值不符合其指标的单位或范围:比率写成小数(0.999),次数写成整数。",
        "A target in [targets] is not in its KPI's unit or range: a ratio is a fraction (0.999), a count a whole number.",
    ),
    (
        "E0902",
        "规则条目缺少键",
        "Rules entry lacks a key",
        "rules.toml 的某个条目缺少必需的键。请为此条目添加该键。",
        "An entry of rules.toml lacks a key it needs. Add the key to the entry.",
    ),
    (
        "E0903",
        "规则中的未知键",
        "Unknown key in the rules",
        "rules.toml 中有规则格式所没有的键。请删除它;规则格式见 `itc rules`。",
        "rules.toml holds a key the rules format does not have. Remove it; `itc rules` prints the format.",
    ),
    (
        "E0904",
        "规则中的值无效",
        "Invalid value in the rules",
        "rules.toml 中的值不符合规则格式的要求。请改正此值。",
        "A value in rules.toml is not of the form the rules format expects. Correct the value.",
    ),
    (
        "E0905",
        "规则中重复定义",
        "Defined twice in the rules",
        "规则中同一个类别、阶段、字段或其他名称被定义了两次。每个名称只能定义一次。",
        "A kind, stage, field or other name is defined twice in the rules. Define each once.",
    ),
    (
        "E0906",
        "规则引用了未定义的名称",
        "Rules refer to something undefined",
        "规则引用了未定义的类别、阶段、字段或其他名称。请改正名称,或先定义它。",
        "The rules refer to a kind, stage, field or other name that is not defined. Correct the name, or define it.",
    ),
    (
        "E0907",
        "类别没有起始阶段",
        "Kind without a start stage",
        "每个类别至少要有一个标记 `start = true` 的阶段,作为其记录的起点。",
        "Every kind needs at least one stage marked `start = true`, where its records begin.",
    ),
    (
        "E0908",
        "类别目录不在记录库之内",
        "Kind folder outside the repository",
        "类别的 `folder` 必须是记录库内的相对路径,如 \"changes\" 或 \"records/changes\";不能以 / 开头,不能含 `..`。",
        "A kind's `folder` must be a relative path inside the repository, such as \"changes\" or \"records/changes\", without a leading / or `..`.",
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

/// What a code's rule says in general: its short and its full description, with no
/// placeholder (SARIF's `shortDescription` and `fullDescription`).
pub fn rule(code: &str, lang: Lang) -> Option<(&'static str, &'static str)> {
    RULES.iter().find(|r| r.0 == code).map(|r| match lang {
        Lang::Zh => (r.1, r.3),
        Lang::En => (r.2, r.4),
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

    #[test]
    fn every_code_has_a_rule_description_without_placeholders() {
        let codes: Vec<&str> = codes().collect();
        let described: Vec<&str> = RULES.iter().map(|r| r.0).collect();
        assert_eq!(codes, described, "RULES follows MESSAGES, code for code");
        for (code, zh, en, zh_full, en_full) in RULES {
            for t in [zh, en, zh_full, en_full] {
                assert!(!t.trim().is_empty(), "{code}");
                assert!(!t.contains(['{', '}']), "{code}: {t}");
            }
            assert!(
                zh_full.len() > zh.len() && en_full.len() > en.len(),
                "{code}"
            );
        }
    }
}
