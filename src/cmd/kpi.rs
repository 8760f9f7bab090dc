//! `itc kpi`: the appraisal KPIs over a period, with targets, verdicts and explanations.

use super::Session;
use crate::facts;
use crate::kpi::{self, By, Ctx, Verdict};
use crate::output::catalog::{commands, errors};
use crate::output::kpi as render;
use crate::output::xlsx;
use crate::record::value::did_you_mean;
use crate::time::Period;
use crate::{Error, Lang, print_err};

/// Compute the appraisal KPIs for a period
#[derive(clap::Args, Debug)]
pub struct Args {
    /// KPIs to compute (default: all seventeen), e.g. availability repair_timeliness
    pub keys: Vec<String>,
    /// Period: 2026, 2026-H1, 2026-Q3, 2026-07, 2026-07-15, FROM..TO, this-month, last-month, this-quarter, last-quarter, this-year, last-year, this-week, last-week or ytd (default: this quarter)
    #[arg(long)]
    pub period: Option<String>,
    /// Compute as of this date or date-time instead of now (also ITC_TODAY); a date means its end
    #[arg(long)]
    pub as_of: Option<String>,
    /// Break the KPIs down where the key applies
    #[arg(long, value_enum)]
    pub by: Option<By>,
    /// List every record considered, counted or left out, and why
    #[arg(long)]
    pub explain: bool,
    /// Exit 1 when a KPI with a target misses it
    #[arg(long)]
    pub fail_on_missed: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to this file instead of stdout (needed for xlsx)
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    #[command(flatten)]
    pub at: crate::cli::At,
}

/// The formats of `kpi`: those of `list`, and an Excel workbook.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
    Md,
    Xlsx,
}

pub fn run(cx: &super::Ctx, args: Args) -> Result<u8, Error> {
    super::xlsx_needs_output(args.format == Format::Xlsx, args.output.as_deref())?;
    let mut keys = Vec::new();
    for key in &args.keys {
        if let Some(k) = kpi::Key::parse(key) {
            keys.push(k);
        } else {
            let suggestion = did_you_mean(key, kpi::KEYS.iter().copied());
            let all = kpi::KEYS.join(", ");
            return Err(Error::usage(
                errors::unknown_kpi(Lang::Zh, key, suggestion, &all),
                errors::unknown_kpi(Lang::En, key, suggestion, &all),
            ));
        }
    }
    let Session {
        start, repo, lang, ..
    } = cx.open(args.at.at.as_deref())?;
    // Like the paths of other commands, -o is read from where itc runs (`-C DIR`).
    let output = args.output.as_ref().map(|p| start.join(p));
    repo.refuse_broken_config()?;
    let now_at = cx.now(&repo, args.as_of.as_deref())?;
    let now = now_at.timestamp();
    let period = match &args.period {
        Some(p) => crate::cli::period(p, now_at)?,
        None => Period::quarter_of(crate::time::today(now_at)),
    };
    // Only the kinds the asked KPIs read are loaded; each record is checked (KPIs are only as
    // sound as the records they count), its facts taken, and its tree dropped.
    let checker = (!cx.quiet()).then(|| crate::check::RecordChecker::new(&repo));
    let loaded = repo.visit_of(
        |k| {
            let kind = repo.rules.kinds[k].key.as_str();
            let reads = |k: kpi::Key| k.def().kinds.contains(&kind);
            if keys.is_empty() {
                kpi::Key::all().any(reads)
            } else {
                keys.iter().copied().any(reads)
            }
        },
        |_, rec, _| {
            let rec = rec?;
            let invalid = checker.as_ref().is_some_and(|c| c.has_errors(&rec));
            let mut f = facts::extract(&repo.rules, &repo.config, &rec);
            // What only `list` and `show` read.
            (f.title, f.rel, f.timeline) = Default::default();
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
    // JSON lists the ids of the items left out; the other formats only count them.
    ctx.ids = args.explain || matches!(args.format, Format::Json);
    let kpis = kpi::compute(&ctx, &keys, args.by);
    let text = match args.format {
        Format::Json => render::json(&ctx, &kpis, lang, args.explain),
        Format::Csv => render::csv(&kpis, lang),
        Format::Md => render::markdown(&ctx, &kpis, lang, args.explain),
        Format::Table => render::table(&ctx, &kpis, lang, args.explain, cx.stdout_style()),
        Format::Xlsx => String::new(),
    };
    super::emit(
        output.as_deref(),
        args.format == Format::Xlsx,
        &text,
        |path| xlsx::kpi_book(&kpis, &period.label, lang, path),
    )?;
    let missed = kpis.iter().any(|k| k.verdict == Verdict::Missed);
    super::leave(ctx);
    super::leave((kpis, facts, repo));
    Ok(u8::from(args.fail_on_missed && missed))
}
