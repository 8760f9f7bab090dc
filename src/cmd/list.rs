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
use crate::time::Period;
use crate::{Error, Lang, print_err, print_out};

/// List records: id, kind, title, stage, owner, when the stage was entered, age
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Only this kind (incident, project, …)
    pub kind: Option<String>,
    /// Only records at this stage
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
    /// Only records with a stage entered in this period (2026, 2026-Q3, 2026-07, FROM..TO)
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

fn row(s: &Status, lang: Lang) -> [String; 8] {
    let overdue: Vec<&str> = s.overdue.iter().map(|o| o.what.get(lang)).collect();
    [
        s.id.clone(),
        s.kind.clone(),
        s.title.clone(),
        s.stage_label.get(lang).to_string(),
        s.owner.clone(),
        when(s.entered),
        s.age.map(|a| a.to_string()).unwrap_or_default(),
        overdue.join("; "),
    ]
}

/// One overdue deadline in JSON (`list` and `show`).
pub fn overdue_json(o: &status::Overdue, lang: Lang) -> Value {
    json!({
        "what": o.what.get(lang),
        "deadline": o.deadline.to_rfc3339(),
        "due": o.due,
        "key": o.key,
        "kpi": o.kpi,
        "part": o.part,
    })
}

pub fn run(g: &Global, args: Args) -> Result<u8, Error> {
    let repo = Repo::open_at(&super::start_dir(g)?, args.at.at.as_deref())?;
    let lang = Lang::resolve(g.lang, repo.config.lang);
    let now = crate::time::now(args.as_of.as_deref(), repo.config.tz, true)?;
    let kind_filter = match &args.kind {
        Some(k) => Some(
            repo.rules
                .kinds
                .iter()
                .position(|x| &x.key == k || &x.folder == k)
                .ok_or_else(|| {
                    let keys: Vec<&str> = repo.rules.kinds.iter().map(|k| k.key.as_str()).collect();
                    Error::usage(
                        format!("未知的记录类别 `{k}`;类别有:{}", keys.join(", ")),
                        format!("unknown kind `{k}`; the kinds are: {}", keys.join(", ")),
                    )
                })?,
        ),
        None => None,
    };
    let period = match &args.period {
        Some(p) => Some(Period::parse(p).ok_or_else(|| {
            Error::usage(
                format!("--period 的值 `{p}` 无效"),
                format!("invalid --period `{p}`"),
            )
        })?),
        None => None,
    };
    let mut filters = Vec::new();
    for f in &args.filters {
        let (k, v) = f.split_once('=').ok_or_else(|| {
            Error::usage(
                format!("--where `{f}` 应写成 字段=值"),
                format!("--where `{f}` should be FIELD=VALUE"),
            )
        })?;
        filters.push((k.trim().to_string(), v.trim().to_string()));
    }
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
                && args.stage.as_ref().is_none_or(|st| &s.stage == st)
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
    let text = match args.format {
        ReportFormat::Json => {
            // One row at a time: the same compact array as one `Value` would print.
            let mut out = String::from("[");
            for (i, s) in list.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let row = json!({
                    "id": s.id,
                    "kind": s.kind,
                    "title": s.title,
                    "stage": s.stage,
                    "stage_label": s.stage_label.get(lang),
                    "owner": s.owner,
                    "entered": s.entered.map(|t| t.to_rfc3339()),
                    "age_s": s.age.map(|a| a.seconds()),
                    "final": s.final_stage,
                    "overdue": s.overdue.iter().map(|o| overdue_json(o, lang)).collect::<Vec<_>>(),
                });
                out.push_str(&row.to_string());
            }
            out.push_str("]\n");
            out
        }
        ReportFormat::Csv => {
            let mut out = csv_row(&headers(lang));
            for s in &list {
                out.push_str(&csv_row(&row(s, lang)));
            }
            out
        }
        ReportFormat::Md => {
            let h = headers(lang);
            let mut out = format!("| {} |\n|{}\n", h.join(" | "), "---|".repeat(h.len()));
            for s in &list {
                let cells: Vec<String> = row(s, lang).iter().map(|c| markdown_cell(c)).collect();
                out.push_str(&format!("| {} |\n", cells.join(" | ")));
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
                let cells = row(s, lang);
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
    Ok(0)
}
