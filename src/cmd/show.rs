//! `itc show`: one record with its stage timeline, what it needs to advance, and overdue flags.

use serde_json::json;

use crate::cli::Global;
use crate::facts::deadline::Standing;
use crate::repo::Repo;
use crate::status;
use crate::workflow;
use crate::{Error, Lang, print_out};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Show a record: its fields, stage timeline, what it needs to advance, and what is overdue
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The record's id
    pub id: String,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Show the record as of this date or date-time instead of now (also ITC_TODAY); a date
    /// means its end
    #[arg(long)]
    pub as_of: Option<String>,
    #[command(flatten)]
    pub at: crate::cli::At,
}

fn standing_key(s: Standing) -> &'static str {
    match s {
        Standing::OnTime(_) => "on_time",
        Standing::Late(_) => "late",
        Standing::Missed => "missed",
        Standing::Pending => "pending",
    }
}

fn standing_text(s: Standing, lang: Lang) -> &'static str {
    match (s, lang) {
        (Standing::OnTime(_), Lang::Zh) => "按期完成",
        (Standing::OnTime(_), Lang::En) => "done in time",
        (Standing::Late(_), Lang::Zh) => "逾期完成",
        (Standing::Late(_), Lang::En) => "done late",
        (Standing::Missed, Lang::Zh) => "已逾期",
        (Standing::Missed, Lang::En) => "overdue",
        (Standing::Pending, Lang::Zh) => "未到期",
        (Standing::Pending, Lang::En) => "not yet due",
    }
}

pub fn run(g: &Global, args: Args) -> Result<u8, Error> {
    let repo = Repo::open_at(&super::start_dir(g)?, args.at.at.as_deref())?;
    let lang = Lang::resolve(g.lang, repo.config.lang);
    let now = crate::time::now(args.as_of.as_deref(), repo.config.tz, true)?;
    let (path, kind_index) = workflow::find(&repo, &args.id)?;
    // A file that cannot be read is an I/O error (exit 2); one that reads but does not parse is
    // invalid data (exit 1).
    let (rec, _) = repo
        .read_file(&path, kind_index)
        .map_err(|e| e.into_error(&path))?;
    let rec = rec.ok_or_else(|| Error::Invalid {
        zh: format!("{} 无法解析;运行 `itc check` 查看", args.id),
        en: format!("{} does not parse; run `itc check`", args.id),
    })?;
    let kind = &repo.rules.kinds[kind_index];
    let facts = crate::facts::extract(&repo.rules, &repo.config, &rec);
    let s = status::status(&repo.rules, &facts, &repo.config, now);
    let needs = workflow::needs(&repo, &args.id, now)?;
    let next = kind
        .stage_index(&s.stage)
        .and_then(|i| kind.stages.get(i + 1));
    let zh = lang == Lang::Zh;
    let text = match args.format {
        Format::Json => {
            let v = json!({
                "id": s.id,
                "kind": s.kind,
                "file": rec.rel,
                "title": s.title,
                "stage": s.stage,
                "owner": s.owner,
                "final": s.final_stage,
                "timeline": s.timeline.iter().map(|t| json!({
                    "stage": t.key,
                    "label": t.label.get(lang),
                    "at": t.at.map(|a| a.to_rfc3339()),
                    "by": t.by,
                    "duration_s": t.duration.map(|d| d.seconds()),
                })).collect::<Vec<_>>(),
                "next": next.map(|n| n.key.clone()),
                "needs": needs.iter().map(|d| workflow::describe_need(d, lang)).collect::<Vec<_>>(),
                "overdue": s.overdue.iter().map(|o| super::list::overdue_json(o, lang)).collect::<Vec<_>>(),
                "deadlines": s.deadlines.iter().map(|(d, st)| json!({
                    "key": d.key(),
                    "kpi": d.kpi(),
                    "part": d.part,
                    "due": d.due.to_string(),
                    "deadline": d.deadline(repo.config.tz).to_rfc3339(),
                    "standing": standing_key(*st),
                })).collect::<Vec<_>>(),
            });
            format!("{v}\n")
        }
        Format::Text => {
            let mut out = format!("{}  {}\n", s.id, s.title);
            out.push_str(&format!(
                "{} {} · {} {} · {} {}\n\n",
                if zh { "类别" } else { "kind" },
                kind.label.get(lang),
                if zh { "责任人" } else { "owner" },
                s.owner,
                if zh { "文件" } else { "file" },
                rec.rel
            ));
            for t in &s.timeline {
                let mark = if t.key == s.stage { "▶" } else { "✓" };
                let at =
                    t.at.map(|a| a.format("%Y-%m-%d %H:%M").to_string())
                        .unwrap_or_default();
                let by =
                    t.by.as_deref()
                        .map(|b| format!(" · {b}"))
                        .unwrap_or_default();
                let took = t.duration.map(|d| format!(" · {d}")).unwrap_or_default();
                out.push_str(&format!(
                    "  {mark} {} ({}) {at}{by}{took}\n",
                    t.label.get(lang),
                    t.key
                ));
            }
            match next {
                None => out.push_str(if zh {
                    "\n已处于最终阶段\n"
                } else {
                    "\nat its final stage\n"
                }),
                Some(n) if needs.is_empty() => out.push_str(&format!(
                    "\n{} {} ({}): itc advance {}\n",
                    if zh { "可进入" } else { "ready for" },
                    n.label.get(lang),
                    n.key,
                    s.id
                )),
                Some(n) => {
                    out.push_str(&format!(
                        "\n{} {} ({}):\n",
                        if zh {
                            "进入下一阶段前需要"
                        } else {
                            "to advance to"
                        },
                        n.label.get(lang),
                        n.key
                    ));
                    for d in &needs {
                        out.push_str(&format!("  - {}\n", workflow::describe_need(d, lang)));
                    }
                }
            }
            let dated: Vec<_> = s
                .deadlines
                .iter()
                .filter(|(d, _)| d.kpi().is_some())
                .collect();
            if !dated.is_empty() {
                out.push_str(if zh { "\n期限:\n" } else { "\ndeadlines:\n" });
                for (d, st) in dated {
                    let part = d
                        .part
                        .as_deref()
                        .map(|p| format!(" {p}"))
                        .unwrap_or_default();
                    out.push_str(&format!(
                        "  {} {}{part}: {}\n",
                        d.key(),
                        d.due,
                        standing_text(*st, lang)
                    ));
                }
            }
            for o in &s.overdue {
                out.push_str(&format!(
                    "\n{}: {} ({})\n",
                    if zh { "逾期" } else { "overdue" },
                    o.what.get(lang),
                    o.due
                ));
            }
            // Every value of the record passes the terminal's door (JSON escapes its own).
            crate::output::escape::terminal(&out).into_owned()
        }
    };
    print_out(&text)?;
    Ok(0)
}
