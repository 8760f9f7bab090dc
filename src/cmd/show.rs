//! `itc show`: one record with its stage timeline, what it needs to advance, and overdue flags.

use serde_json::json;

use crate::cli::Global;
use crate::diag::{Arg, Diag};
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

/// The plain text of a finding's argument.
fn plain_arg<'d>(d: &'d Diag, name: &str) -> Option<&'d str> {
    d.args.iter().find_map(|(n, a)| match a {
        Arg::Plain(s) if *n == name => Some(s.as_str()),
        _ => None,
    })
}

/// One thing the record needs to advance, in JSON: the finding's stable `code` (docs/check.md),
/// the field it is about (`section.field`, or null), and the translated `message`.
fn need_json(d: &Diag, lang: Lang) -> serde_json::Value {
    let field = plain_arg(d, "field").map(|f| match plain_arg(d, "section") {
        Some(section) => format!("{section}.{f}"),
        None => f.to_string(),
    });
    json!({
        "code": d.code,
        "field": field,
        "line": d.span.line,
        "message": workflow::describe_need(d, lang),
    })
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
                "stage_label": s.stage_label.get(lang),
                "owner": s.owner,
                "final": s.final_stage,
                "entered": s.entered.map(|t| t.to_rfc3339()),
                "age_s": s.age.map(|a| a.seconds()),
                "timeline": s.timeline.iter().map(|t| json!({
                    "stage": t.key,
                    "label": t.label.get(lang),
                    "at": t.at.map(|a| a.to_rfc3339()),
                    "by": t.by,
                    "duration_s": t.duration.map(|d| d.seconds()),
                })).collect::<Vec<_>>(),
                "next": next.map(|n| n.key.clone()),
                "needs": needs.iter().map(|d| need_json(d, lang)).collect::<Vec<_>>(),
                "overdue": s.overdue.iter().map(|o| super::list::overdue_json(o, lang)).collect::<Vec<_>>(),
                "deadlines": s.deadlines.iter().map(|(d, st)| json!({
                    "key": d.key(),
                    "kpi": d.kpi(),
                    "part": d.part,
                    "due": d.due.machine(),
                    "deadline": d.deadline(repo.config.tz).to_rfc3339(),
                    "standing": standing_key(*st),
                })).collect::<Vec<_>>(),
            });
            format!("{}\n", with_record(v, &rec, &repo.rules, kind, &s, lang))
        }
        Format::Text => {
            let mut out = format!("{}  {}\n", s.id, s.title);
            out.push_str(&format!(
                "{} {} · {} {} ({}) · {} {} · {} {}\n",
                if zh { "类别" } else { "kind" },
                kind.label.get(lang),
                if zh { "阶段" } else { "stage" },
                s.stage_label.get(lang),
                s.stage,
                if zh { "责任人" } else { "owner" },
                s.owner,
                if zh { "文件" } else { "file" },
                rec.rel
            ));
            record_text(&mut out, &rec, &repo.rules, kind, &s, lang);
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

/// The record's fields and stage sections, added to `show`'s JSON (its other keys stay).
fn with_record(
    mut v: serde_json::Value,
    rec: &crate::record::Record,
    rules: &crate::rules::Rules,
    kind: &crate::rules::Kind,
    s: &status::Status,
    lang: Lang,
) -> serde_json::Value {
    // `stage_label` is among the keys `run` writes.
    use crate::output::record_view as view;
    if let Some(m) = v.as_object_mut() {
        m.insert("kind_label".into(), json!(kind.label.get(lang)));
        m.insert(
            "fields".into(),
            view::fields_json(&view::fields(rec, rules, kind, lang), lang),
        );
        let sections: Vec<serde_json::Value> = view::sections(rec, rules, kind, lang)
            .iter()
            .map(|sec| {
                json!({
                    "stage": sec.key,
                    "label": sec.label,
                    "current": sec.key == s.stage,
                    "fields": view::fields_json(&sec.fields, lang),
                })
            })
            .collect();
        m.insert("sections".into(), json!(sections));
    }
    v
}

/// The record's fields, then each stage section in the order of the stages with its timeline
/// step (when entered, by whom, how long it took) and its fields.
fn record_text(
    out: &mut String,
    rec: &crate::record::Record,
    rules: &crate::rules::Rules,
    kind: &crate::rules::Kind,
    s: &status::Status,
    lang: Lang,
) {
    use crate::output::record_view as view;
    let zh = lang == Lang::Zh;
    out.push_str(if zh { "\n字段:\n" } else { "\nfields:\n" });
    view::field_lines(out, &view::fields(rec, rules, kind, lang), lang, "  ");
    out.push_str(if zh {
        "\n阶段(按流程顺序):\n"
    } else {
        "\nstages, in order:\n"
    });
    let sections = view::sections(rec, rules, kind, lang);
    for stage in &kind.stages {
        let step = s.timeline.iter().find(|t| t.key == stage.key);
        let section = sections.iter().find(|x| x.key == stage.key);
        let mark = match (step, section) {
            _ if stage.key == s.stage => "▶",
            (Some(_), _) | (None, Some(_)) => "✓",
            (None, None) => "·",
        };
        let mut line = format!("  {mark} {} ({})", stage.label.get(lang), stage.key);
        if let Some(t) = step {
            if let Some(a) = t.at {
                line.push_str(&format!(" {}", a.format("%Y-%m-%d %H:%M")));
            }
            if let Some(b) = &t.by {
                line.push_str(&format!(" · {b}"));
            }
            if let Some(d) = t.duration {
                line.push_str(&format!(" · {d}"));
            }
        }
        out.push_str(&line);
        out.push('\n');
        if let Some(sec) = section {
            let rest: Vec<_> = sec
                .fields
                .iter()
                .filter(|f| f.key != "at" && f.key != "by")
                .map(|f| view::Shown {
                    key: f.key,
                    label: f.label.clone(),
                    node: f.node,
                    rule: f.rule,
                })
                .collect();
            view::field_lines(out, &rest, lang, "      ");
        }
    }
}
