//! `itc agenda`: what is overdue and what falls due soon, by owner, for people, scripts, a
//! calendar and the team's group robot.

use super::Session;
use crate::agenda::{self, Filter, Window};
use crate::facts::deadline::KEYS;
use crate::output::catalog::agenda as words;
use crate::output::robot::Robot;
use crate::output::{agenda as render, ics, robot};
use crate::{Error, filter, print_err};

/// How `agenda` prints: all from the same agenda.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Md,
    Json,
    Ics,
    Wecom,
    Dingtalk,
    Xlsx,
}

/// What needs attention: deadlines overdue (with by how much) and due within a window (with how long is left), by owner
#[derive(clap::Args, Debug)]
pub struct Args {
    /// How far ahead to look: a duration (7d, 36h) or this-week (本周: to the end of this Monday–Sunday week)
    #[arg(long, default_value = "7d")]
    pub within: String,
    /// Only the items this person answers for (an id of the roster)
    #[arg(long, value_name = "ID")]
    pub owner: Option<String>,
    /// Only records of this kind (incident, project, …), or only deadlines of this key (sla, stage_limit, action_due, …)
    #[arg(long)]
    pub kind: Option<String>,
    /// As of this date or date-time instead of now (also ITC_TODAY); a date means its end
    #[arg(long)]
    pub as_of: Option<String>,
    /// Output format (wecom and dingtalk: a group robot's webhook JSON)
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write to this file instead of stdout (needed for xlsx)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    #[command(flatten)]
    pub at: crate::cli::At,
}

pub fn run(cx: &super::Ctx, args: Args) -> Result<u8, Error> {
    super::xlsx_needs_output(args.format == Format::Xlsx, args.output.as_deref())?;
    let within = match args.within.trim() == words::THIS_WEEK.zh {
        true => words::THIS_WEEK.en,
        false => args.within.as_str(),
    };
    let Some(window) = Window::parse(within) else {
        let w = words::BAD_WITHIN;
        return Err(Error::usage(w.zh, w.en));
    };
    let Session {
        start, repo, lang, ..
    } = cx.open(args.at.at.as_deref())?;
    let output = args.output.as_ref().map(|p| start.join(p));
    let now = cx.now(&repo, args.as_of.as_deref())?;
    // --kind names a record kind, or else a deadline key (`sla`, `action_due`, …).
    let key = args
        .kind
        .as_deref()
        .and_then(|k| KEYS.iter().copied().find(|key| *key == k.trim()));
    let kind = match (&args.kind, key) {
        (Some(k), None) => Some(filter::kind(&repo.rules, k)?),
        _ => None,
    };
    // An owner the roster does not know can match nothing: refused, with a "did you mean".
    if let Some(o) = args
        .owner
        .as_deref()
        .filter(|_| !repo.config.people.is_empty())
    {
        filter::field(&repo.rules, &repo.config, None, &format!("owner={o}"))?;
    }
    let wanted = Filter {
        kind,
        key,
        owner: args.owner.clone(),
    };
    let a = agenda::collect(&repo, &wanted, now, window.until(now));
    if a.unreadable > 0 && !cx.quiet() {
        print_err(&crate::output::list::unreadable_note(a.unreadable, lang));
    }
    let window_text = match window {
        Window::ThisWeek => "this-week".to_string(),
        Window::For(d) => d.to_string(),
    };
    let text = match args.format {
        Format::Human => render::human(&a, lang),
        Format::Md => render::markdown(&a, lang),
        Format::Json => render::json(&a, &window_text, lang),
        Format::Ics => ics::calendar(&a, lang),
        Format::Wecom => robot::payload(&a, Robot::WeCom, lang),
        Format::Dingtalk => robot::payload(&a, Robot::DingTalk, lang),
        Format::Xlsx => String::new(),
    };
    super::emit(
        output.as_deref(),
        args.format == Format::Xlsx,
        &text,
        |path| render::book(&a, lang, path),
    )?;
    super::leave((a, repo));
    Ok(0)
}
