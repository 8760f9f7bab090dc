//! The words of the workbooks (`export --format xlsx`, `kpi --format xlsx`), of `--bom`, and of
//! the small conveniences around entry: `new --dry-run`, `edit`'s second chance, `init`'s next
//! steps, and "did you mean" for ids and revisions.

use crate::{Lang, Words};

/// A workbook asked for without `-o`: it is binary, never printed.
pub const XLSX_NEEDS_OUTPUT: Words = Words::new(
    "Excel 工作簿是二进制文件,不输出到终端或标准输出:用 `-o 文件.xlsx` 写到文件",
    "an xlsx workbook is binary and is not printed: write it to a file with -o FILE.xlsx",
);

/// `--bom` with a format that is not CSV.
pub const BOM_CSV_ONLY: Words = Words::new(
    "--bom 只用于 --format csv(为 Excel 在文件开头写 UTF-8 BOM)",
    "--bom applies to --format csv only (a UTF-8 BOM at the start, for Excel)",
);

/// A workbook that could not be made (`why`: the library's words, in English).
pub fn xlsx_failed(lang: Lang, why: &str) -> String {
    match lang {
        Lang::Zh => format!("无法生成 Excel 工作簿:{why}"),
        Lang::En => format!("cannot make the xlsx workbook: {why}"),
    }
}

/// The header of the KPI sheet: name, key, the group of a `--by` row, value, numerator,
/// denominator, n/d as text, target, verdict (the period's column goes third: `KPI_PERIOD`).
pub const KPI_COLUMNS: [Words; 9] = [
    Words::new("指标", "KPI"),
    Words::new("键", "key"),
    Words::new("分组", "group"),
    Words::new("值", "value"),
    Words::new("分子", "numerator"),
    Words::new("分母", "denominator"),
    Words::new("分子/分母", "n/d"),
    Words::new("目标", "target"),
    Words::new("结论", "verdict"),
];

/// The period's column of the KPI sheet.
pub const KPI_PERIOD: Words = Words::new("期间", "period");

/// The name of the KPI sheet.
pub const KPI_SHEET: Words = Words::new("指标", "KPIs");

/// `new --dry-run`: the line before the record that would be written.
pub fn dry_run_would_write(lang: Lang, path: &str) -> String {
    match lang {
        Lang::Zh => format!("将写入 {path}(--dry-run:未写入任何文件)"),
        Lang::En => format!("would write {path} (--dry-run: nothing written)"),
    }
}

/// `edit`: the comment lines put at the top of the file when an edit is refused, before the
/// errors; `# ` lines are stripped before the file is read again.
pub fn edit_refused_header(lang: Lang) -> [&'static str; 3] {
    match lang {
        Lang::Zh => [
            "itc:这次编辑被拒绝,原因如下。请改正后保存;不作修改直接退出则放弃编辑。",
            "以 '# ' 开头的行会在读取前删去。",
            "",
        ],
        Lang::En => [
            "itc: this edit was refused, for the reasons below. Correct it and save; quit",
            "without changing the file to abandon the edit. Lines starting with '# ' are removed.",
            "",
        ],
    }
}

/// `edit`: the file was left as it was after a refusal.
pub const EDIT_ABANDONED: Words = Words::new(
    "文件未改动:已放弃编辑,未写入任何内容",
    "the file was left unchanged: the edit is abandoned and nothing was written",
);

/// `init`: the next steps, after the repository is made. `dir`: where, as the user gave it
/// and quoted for a shell (`None`: the current folder).
pub fn init_next_steps(lang: Lang, dir: Option<&str>) -> String {
    let (file, c, g) = match dir {
        Some(d) => (
            format!("{d}/itc.toml"),
            format!(" -C {d}"),
            format!(" -C {d}"),
        ),
        None => ("itc.toml".to_string(), String::new(), String::new()),
    };
    match lang {
        Lang::Zh => format!(
            "下一步:\n  \
             1. 编辑 {file}:机构名称、时区、人员名单、系统与考核目标\n  \
             2. 新建记录:itc{c} new incident --title …(缺少的字段会逐项提示)\n  \
             3. 检查:itc{c} check\n  \
             4. 提交:git{g} init && git{g} add . && git{g} commit -m \"建立 itc 记录库\"\n"
        ),
        Lang::En => format!(
            "Next steps:\n  \
             1. Edit {file}: the organisation's name, time zone, roster, systems and targets\n  \
             2. Add a record: itc{c} new incident --title … (it names each missing field)\n  \
             3. Check it: itc{c} check\n  \
             4. Commit: git{g} init && git{g} add . && git{g} commit -m \"Start the itc records\"\n"
        ),
    }
}

/// "Did you mean": the nearest names, at most three, as one line part (`a`, `b` or `c`).
pub fn did_you_mean(lang: Lang, names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match lang {
        Lang::Zh => format!("是否想写 {}?", quoted.join("、")),
        Lang::En => format!("did you mean {}?", quoted.join(", ")),
    }
}

/// The manual a man page belongs to, in its header (`.TH`): section 1's usual name.
pub const MAN_MANUAL: Words = Words::new("通用命令手册", "General Commands Manual");

/// A `--set` list item refused for a full-width comma in it (`fixed`: the items with `,`).
pub fn full_width_comma(lang: Lang, fixed: &str) -> String {
    match lang {
        Lang::Zh => format!("(含有全角逗号 \u{ff0c}:列表项以半角逗号分隔,应写作 {fixed})"),
        Lang::En => {
            format!(
                " (it holds a full-width comma \u{ff0c}: list items are separated by `,`, as in {fixed})"
            )
        }
    }
}

/// "Did you mean" after a message, on its own line; nothing when there is no name near.
pub fn did_you_mean_after(lang: Lang, names: &[String]) -> String {
    match names.is_empty() {
        true => String::new(),
        false => format!("\n  {}", did_you_mean(lang, names)),
    }
}
