//! `itc list`: records as a table, JSON, CSV or Markdown, filtered by kind, stage, openness,
//! overdue, period and fields.

use comfy_table::{Cell, Color, Table, presets};
use serde_json::{Value, json};

use crate::cli::{Global, ReportFormat};
use crate::facts;
use crate::output::Style;
use crate::output::escape::{csv_row, markdown_cell, terminal_line};
use crate::repo::Repo;
use crate::status::{self, Status};
use crate::{Error, Lang, print_err, print_out};

/// List records: id, kind, title, stage, owner, when the stage was entered, age
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Only this kind (incident, project, …)
    pub kind: Option<String>,
    /// Only records at this stage: its key, or its label in either language (故障诊断, Diagnosis)
    #[arg(long)]
    pub stage: Option<String>,
    /// Only records not at their final stage
    #[arg(long)]
    pub open: bool,
    /// Only records with a deadline passed and not met: a stage time limit, an incident SLA, a
    /// planned end, an appraisal, drill, finding or plan-item due date
    #[arg(long)]
    pub overdue: bool,
    /// List as of this date or date-time instead of now (also ITC_TODAY); a date means its end
    #[arg(long)]
    pub as_of: Option<String>,
    /// Only records with a stage entered in this period (2026, 2026-Q3, 2026-07, FROM..TO, this-month, last-month, this-quarter, last-quarter, this-year, last-year, ytd)
    #[arg(long)]
    pub period: Option<String>,
    /// Only records whose FIELD (or stage.FIELD) is VALUE, or whose list FIELD holds it
    #[arg(long = "where", value_name = "FIELD=VALUE")]
    pub filters: Vec<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    #[command(flatten)]
    pub at: crate::cli::At,
}

fn when(t: Option<chrono::DateTime<chrono::FixedOffset>>) -> String {
    t.map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// The headers of the table and Markdown, for people.
pub fn headers(lang: Lang) -> [&'static str; 8] {
    match lang {
        Lang::Zh => [
            "编号",
            "类别",
            "标题",
            "阶段",
            "责任人",
            "进入时间",
            "停留",
            "逾期",
        ],
        Lang::En => [
            "id", "kind", "title", "stage", "owner", "entered", "age", "overdue",
        ],
    }
}

/// The CSV header: stable keys, the same in every language (docs/scripting.md).
pub const CSV_HEADER: [&str; 12] = [
    "id",
    "kind",
    "title",
    "stage",
    "stage_label",
    "owner",
    "entered",
    "age_s",
    "age",
    "final",
    "overdue",
    "overdue_codes",
];

/// A row of the table and Markdown: the kind's and stage's labels, times in the org's words.
fn row(s: &Status, kind_label: &str, lang: Lang) -> [String; 8] {
    let overdue: Vec<&str> = s.overdue.iter().map(|o| o.what.get(lang)).collect();
    [
        s.id.clone(),
        kind_label.to_string(),
        s.title.clone(),
        s.stage_label.get(lang).to_string(),
        s.owner.clone(),
        when(s.entered),
        s.age.map(|a| a.to_string()).unwrap_or_default(),
        overdue.join("; "),
    ]
}

/// A CSV row, under `CSV_HEADER`: keys, RFC 3339 times and seconds; the translated text only
/// beside them (`stage_label`, `overdue`).
fn csv_fields(s: &Status, lang: Lang) -> [String; 12] {
    let overdue: Vec<&str> = s.overdue.iter().map(|o| o.what.get(lang)).collect();
    let codes: Vec<&str> = s.overdue.iter().map(|o| o.key).collect();
    [
        s.id.clone(),
        s.kind.clone(),
        s.title.clone(),
        s.stage.clone(),
        s.stage_label.get(lang).to_string(),
        s.owner.clone(),
        s.entered.map(|t| t.to_rfc3339()).unwrap_or_default(),
        s.age.map(|a| a.seconds().to_string()).unwrap_or_default(),
        s.age.map(|a| a.to_string()).unwrap_or_default(),
        s.final_stage.to_string(),
        overdue.join("; "),
        codes.join(";"),
    ]
}

/// One overdue deadline in JSON (`list` and `show`): `code` is the deadline's stable key (the
/// table in docs/scripting.md), `what` its translated text.
pub fn overdue_json(o: &status::Overdue, lang: Lang) -> Value {
    json!({
        "code": o.key,
        "what": o.what.get(lang),
        "deadline": o.deadline.to_rfc3339(),
        "due": o.due.machine(),
        "key": o.key,
        "kpi": o.kpi,
        "part": o.part,
    })
}

/// One listed record in JSON, written straight from its fields (the bytes `json!` would print,
/// without building a map for each row).
fn json_row(s: &Status, lang: Lang) -> String {
    #[derive(serde::Serialize)]
    struct Row<'a> {
        id: &'a str,
        kind: &'a str,
        title: &'a str,
        stage: &'a str,
        stage_label: &'a str,
        owner: &'a str,
        entered: Option<String>,
        age_s: Option<i64>,
        #[serde(rename = "final")]
        final_stage: bool,
        overdue: Vec<Value>,
    }
    let row = Row {
        id: &s.id,
        kind: &s.kind,
        title: &s.title,
        stage: &s.stage,
        stage_label: s.stage_label.get(lang),
        owner: &s.owner,
        entered: s.entered.map(|t| t.to_rfc3339()),
        age_s: s.age.map(|a| a.seconds()),
        final_stage: s.final_stage,
        overdue: s.overdue.iter().map(|o| overdue_json(o, lang)).collect(),
    };
    // Strings, numbers and values only: nothing here can fail to serialize.
    serde_json::to_string(&row).unwrap_or_default()
}

/// The rows `row` writes, joined by `sep`: written in parallel, some thousands of rows to a part,
/// and each part freed once copied.
fn joined<T: Sync>(list: &[T], sep: &str, row: impl Fn(&T) -> String + Sync) -> String {
    let chunks: Vec<&[T]> = list.chunks(4096).collect();
    let parts = crate::repo::par_map(&chunks, |rows| {
        let mut part = String::new();
        for (i, s) in rows.iter().enumerate() {
            if i > 0 {
                part.push_str(sep);
            }
            part.push_str(&row(s));
        }
        part
    });
    let mut out = String::with_capacity(parts.iter().map(|p| p.len() + sep.len()).sum());
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(&part);
    }
    out
}

pub fn run(g: &Global, args: Args) -> Result<u8, Error> {
    let repo = Repo::open_at(&super::start_dir(g)?, args.at.at.as_deref())?;
    let lang = Lang::resolve(g.lang, repo.config.lang);
    let now = crate::time::now(args.as_of.as_deref(), repo.config.tz, true)?;
    // Filters that cannot match are refused before any record is read.
    let kind_filter = match &args.kind {
        Some(k) => Some(crate::filter::kind(&repo.rules, k)?),
        None => None,
    };
    let stages = match &args.stage {
        Some(st) => Some(crate::filter::stage(&repo.rules, kind_filter, st)?),
        None => None,
    };
    let period = match &args.period {
        Some(p) => Some(super::period(p, now)?),
        None => None,
    };
    let filters = args
        .filters
        .iter()
        .map(|f| crate::filter::field(&repo.rules, &repo.config, kind_filter, f))
        .collect::<Result<Vec<_>, Error>>()?;
    // Each record is filtered while its tree is loaded; only the rows kept survive it.
    let tz = repo.config.tz;
    let loaded = repo.visit_of(
        |k| kind_filter.is_none_or(|want| k == want),
        |_, rec, _| {
            let rec = rec?;
            let keep = filters
                .iter()
                .all(|(k, v)| status::field_text(&rec, k).contains(v));
            if !keep {
                return Some(None);
            }
            let f = facts::extract(&repo.rules, &repo.config, &rec);
            drop(rec);
            let mut s = status::status(&repo.rules, &f, &repo.config, now);
            let in_period = period.as_ref().is_none_or(|p| {
                s.timeline
                    .iter()
                    .filter_map(|step| step.at)
                    .any(|t| p.contains_date(t.with_timezone(&tz).date_naive()))
            });
            let keep = in_period
                && stages
                    .as_ref()
                    .is_none_or(|st| st.iter().any(|(k, key)| *k == f.kind && *key == s.stage))
                && (!args.open || !s.final_stage)
                && (!args.overdue || !s.overdue.is_empty());
            // A row needs neither the timeline nor the deadlines met or pending.
            (s.timeline, s.deadlines) = Default::default();
            Some(keep.then(|| Box::new(s)))
        },
    );
    let unreadable = loaded.iter().filter(|l| l.is_none()).count();
    if unreadable > 0 && !g.quiet {
        print_err(&match lang {
            Lang::Zh => {
                format!("注意:{unreadable} 个记录文件无法读取,未列出;运行 `itc check` 查看\n")
            }
            Lang::En => format!(
                "note: {unreadable} record file(s) could not be read and are not listed; run `itc check`\n"
            ),
        });
    }
    let mut list: Vec<Box<Status>> = loaded.into_iter().flatten().flatten().collect();
    list.sort_by(|a, b| a.id.cmp(&b.id));
    // People read the kind's label; scripts (JSON, CSV) its key.
    let kind_label = |s: &Status| -> String {
        repo.rules
            .kinds
            .iter()
            .find(|k| k.key == s.kind)
            .map_or_else(|| s.kind.clone(), |k| k.label.get(lang).to_string())
    };
    let text = match args.format {
        // The same compact array as one `Value` would print.
        ReportFormat::Json => format!("[{}]\n", joined(&list, ",", |s| json_row(s, lang))),
        ReportFormat::Csv => {
            csv_row(&CSV_HEADER) + &joined(&list, "", |s| csv_row(&csv_fields(s, lang)))
        }
        ReportFormat::Md => {
            let h = headers(lang);
            let mut out = format!("| {} |\n|{}\n", h.join(" | "), "---|".repeat(h.len()));
            for s in &list {
                let cells: Vec<String> = row(s, &kind_label(s), lang)
                    .iter()
                    .map(|c| markdown_cell(c))
                    .collect();
                out.push_str(&format!("| {} |\n", cells.join(" | ")));
            }
            out
        }
        // `-q`: the rows alone, one a line, cells apart by tabs — no frame, header or count.
        ReportFormat::Table if g.quiet => {
            let mut out = String::new();
            for s in &list {
                let cells: Vec<String> = row(s, &kind_label(s), lang)
                    .iter()
                    .map(|c| terminal_line(c).replace('\t', " "))
                    .collect();
                out.push_str(&cells.join("\t"));
                out.push('\n');
            }
            out
        }
        ReportFormat::Table => {
            let style = Style::for_stdout(g.color);
            let mut t = Table::new();
            t.load_style(presets::UTF8_FULL_CONDENSED);
            if style.color {
                t.enforce_styling();
            } else {
                t.force_no_tty();
            }
            t.set_header(headers(lang).to_vec());
            for s in &list {
                let cells = row(s, &kind_label(s), lang);
                let overdue = !s.overdue.is_empty();
                t.add_row(
                    cells
                        .into_iter()
                        .map(|c| {
                            let c = terminal_line(&c).into_owned();
                            if overdue {
                                Cell::new(c).fg(Color::Red)
                            } else {
                                Cell::new(c)
                            }
                        })
                        .collect::<Vec<_>>(),
                );
            }
            let count = match lang {
                Lang::Zh => format!("共 {} 条记录\n", list.len()),
                Lang::En => format!("{} records\n", list.len()),
            };
            format!("{t}\n{count}")
        }
    };
    print_out(&text)?;
    super::leave((repo, list));
    Ok(0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn rows_written_in_parallel_parts_are_joined_in_order() {
        for n in [0, 1, 4095, 4096, 4097, 20_000] {
            let rows: Vec<usize> = (0..n).collect();
            let plain: Vec<String> = rows.iter().map(|i| format!("r{i}")).collect();
            assert_eq!(
                super::joined(&rows, ",", |i| format!("r{i}")),
                plain.join(",")
            );
            assert_eq!(
                super::joined(&rows, "", |i| format!("r{i}\n")),
                plain.join("\n") + if n > 0 { "\n" } else { "" }
            );
        }
    }
}
