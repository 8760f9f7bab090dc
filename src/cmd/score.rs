//! `itc score`: the scorecard of `[scorecard]` weighed over a period (docs/scorecard.md).

use super::Session;
use crate::facts;
use crate::kpi::{self, Ctx};
use crate::output::catalog::{commands, score as words};
use crate::output::score as render;
use crate::output::xlsx;
use crate::{Error, Lang, print_err};

/// How `score` prints the scorecard: all from the same `score::Score`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Md,
    Json,
    Xlsx,
}

/// Weigh the scorecard of itc.toml into one score for a period
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Period: 2026, 2026-H1, 2026-Q3, 2026-07, 2026-07-15, FROM..TO, this-month, last-month, this-quarter, last-quarter, this-year, last-year, this-week, last-week or ytd (default: this year)
    #[arg(long)]
    pub period: Option<String>,
    /// Compute as of this date or date-time instead of now (also ITC_TODAY); a date means its end
    #[arg(long)]
    pub as_of: Option<String>,
    /// List, for each KPI item, the records its KPI considered, counted or left out, and why
    #[arg(long)]
    pub explain: bool,
    /// Output format
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
    let Session {
        start, repo, lang, ..
    } = cx.open(args.at.at.as_deref())?;
    // Like the paths of other commands, -o is read from where itc runs (`-C DIR`).
    let output = args.output.as_ref().map(|p| start.join(p));
    repo.refuse_broken_config()?;
    let Some(card) = repo.config.scorecard.clone() else {
        return Err(Error::usage(
            words::no_scorecard(Lang::Zh),
            words::no_scorecard(Lang::En),
        ));
    };
    let now_at = cx.now(&repo, args.as_of.as_deref())?;
    let now = now_at.timestamp();
    let period = crate::cli::period(args.period.as_deref().unwrap_or("this-year"), now_at)?;
    let keys = crate::score::keys(&card);
    // The kinds the card's KPIs read, and the appraisals its manual items are scored from; each
    // record checked, as for `kpi`.
    let checker = (!cx.quiet()).then(|| crate::check::RecordChecker::new(&repo));
    let loaded = repo.visit_of(
        |k| {
            let kind = repo.rules.kinds[k].key.as_str();
            kind == "appraisal" || keys.iter().any(|k| k.def().kinds.contains(&kind))
        },
        |_, rec, _| {
            let rec = rec?;
            let invalid = checker.as_ref().is_some_and(|c| c.has_errors(&rec));
            let mut f = facts::extract(&repo.rules, &repo.config, &rec);
            (f.title, f.timeline) = Default::default();
            Some((Box::new(f), invalid))
        },
    );
    let unreadable = loaded.iter().filter(|l| l.is_none()).count();
    let invalid = loaded.iter().flatten().filter(|l| l.1).count();
    let facts: Vec<facts::Facts> = loaded.into_iter().flatten().map(|l| *l.0).collect();
    if !cx.quiet() && (unreadable > 0 || invalid > 0) {
        print_err(&commands::kpi_unsound(lang, unreadable, invalid));
    }
    let mut ctx = Ctx::new(&repo.config, &repo.rules, &facts, &period, now);
    ctx.keep_items = args.explain;
    ctx.ids = args.explain;
    // An empty list of keys would compute all seventeen: a card of manual items reads none.
    let kpis = if keys.is_empty() {
        Vec::new()
    } else {
        kpi::compute(&ctx, &keys, None)
    };
    let score = crate::score::compute(&ctx, &card, &kpis);
    let text = match args.format {
        Format::Json => render::json(&ctx, &score, &kpis, lang, args.explain),
        Format::Md => render::markdown(&ctx, &score, &kpis, lang, args.explain),
        Format::Human => render::human(&ctx, &score, &kpis, lang, args.explain),
        Format::Xlsx => String::new(),
    };
    super::emit(
        output.as_deref(),
        args.format == Format::Xlsx,
        &text,
        |path| xlsx::score_book(&score, lang, path),
    )?;
    super::leave(ctx);
    super::leave((kpis, facts, repo));
    Ok(0)
}
