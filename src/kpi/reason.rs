//! Why a KPI item was counted or left out, as typed data: a variant per situation with the values
//! it speaks of. Each variant gives a stable code (the table in docs/scripting.md); the words are
//! the output layer's (`output::catalog::kpi`).

use chrono::NaiveDate;

use crate::facts::deadline::Due;
use crate::time::{Clock, Duration};

/// What a deadline KPI counts as done: a project accepted, a plan item done, …
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deed {
    Accepted,
    Done,
    ResultOn,
    Fixed,
    Executed,
}

/// The date a reason places in (or outside) the period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateOf {
    /// A project's `planned_end`.
    PlannedEnd,
    /// A project's acceptance.
    Acceptance,
    /// A plan item's `due`.
    PlanItemDue,
    /// An appraisal's `due_on`.
    AppraisalDue,
    /// An appraisal's result.
    AppraisalResult,
    /// A survey's conduct.
    Survey,
    /// A security incident's occurrence.
    Occurred,
    /// A security finding's `due`.
    FindingDue,
    /// A drill's `scheduled_on`.
    DrillScheduled,
    /// A drill's start.
    DrillStarted,
    /// The completion of data cleansing.
    CleansingDone,
}

/// How much an incident's outage weighs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImpactLevel {
    None,
    Partial,
    Full,
}

impl ImpactLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            ImpactLevel::None => "none",
            ImpactLevel::Partial => "partial",
            ImpactLevel::Full => "full",
        }
    }
}

/// Why an item was counted or left out.
#[derive(Clone, Debug, PartialEq)]
pub enum Reason {
    // Deadline KPIs (`by_deadline`, `deadline_in_period`, `outside`).
    /// Done on `on`, by `due`.
    DoneInTime {
        deed: Deed,
        on: NaiveDate,
        due: Due,
    },
    /// Done on `on`, after `due`.
    DoneLate {
        deed: Deed,
        on: NaiveDate,
        due: Due,
    },
    /// Not done, and `due` has passed.
    NotDoneByDue {
        deed: Deed,
        due: Due,
    },
    /// Not done, and `due` has not passed.
    NotYetDue {
        due: Due,
    },
    /// The record has no such deadline: `field` is the field that would hold it.
    NoDeadline {
        of: DateOf,
        field: &'static str,
    },
    /// The date lies outside the period.
    Outside {
        of: DateOf,
        on: NaiveDate,
    },

    // Delivery.
    NotAcceptedYet,
    AcceptedFirstTime,
    FailedAcceptances {
        failed: usize,
    },
    NoCost,
    Cost {
        budget: f64,
        actual: f64,
        deviation: f64,
    },
    PlanItemDropped,
    /// A plan without items: nothing to count, named so that it is not left out in silence.
    NoPlanItems,
    /// A plan not yet at drafting: it has no items yet.
    PlanNotDrafted,

    // People.
    NoResultYet,
    Goals {
        n: usize,
        met: usize,
        pass: f64,
    },
    OtherAudience {
        audience: &'static str,
    },
    NotSurveyed,
    Responses {
        total: f64,
        top: f64,
        scale: i64,
    },

    // Operations: availability.
    NoOutageWindow,
    OutageOutside,
    /// Planned maintenance of `took` seconds in the period; `open`: not ended by as-of.
    PlannedMaintenance {
        took: i64,
        open: bool,
    },
    NoImpact,
    Outage {
        system: String,
        took: i64,
        open: bool,
        impact: ImpactLevel,
        weight: f64,
    },
    Service {
        service: i64,
        down: i64,
    },

    // Operations: repair timeliness.
    PlannedNotFault,
    NoOccurredReported,
    NoSla {
        severity: String,
    },
    /// `took`: the time from occurrence to restoration on the severity's `clock` (service
    /// seconds on the service clock).
    Restored {
        took: i64,
        severity: String,
        limit: Duration,
        ok: bool,
        clock: Clock,
    },
    RestoredOutside,
    UnrestoredPastDeadline {
        severity: String,
    },
    UnrestoredNotYetDue,
    UnrestoredDeadlineOutside,

    // Operations: backups, restores, data.
    NoValidPeriod,
    CheckPeriodOutside {
        label: String,
    },
    /// The check's period has not ended by as-of (`through`: the last day as-of includes).
    CheckPeriodOpen {
        label: String,
        through: NaiveDate,
    },
    Backups {
        jobs: f64,
        ok: f64,
    },
    Restores {
        tests: f64,
        ok: f64,
    },
    RestoreDrillPassed,
    RestoreDrillFailed,
    RestoreDrillOutside,
    RestoreDrillNotYet,
    NotRestoreDrill,
    CleansingNotDone,
    Cleansed {
        total_in: f64,
        bad: f64,
    },

    // Security and drills.
    NotSecurity,
    NoOccurredYet,
    SecurityEvent {
        level: String,
    },
    /// Inspected, but `findings` is not written.
    NoFindings,
    /// Not inspected yet: nothing to rectify so far.
    NotInspectedYet,
    /// Inspected, and nothing found (`findings = []`).
    NothingFound,
    DrillResult {
        result: String,
    },
    OverRto {
        took: i64,
        rto: i64,
    },
    NoRecoveryTime,
    OverRpo {
        loss: i64,
        rpo: i64,
    },
    DrillPassed,
    DrillNotYet,

    // Every KPI.
    /// `field` is missing (or rejected): `by` stands in for it; `then` is what followed.
    StandIn {
        field: &'static str,
        by: &'static str,
        then: Box<Reason>,
    },
    /// Judged on the commitment in force, not on `written` (the value of `field` as written):
    /// the change `late` (by its date) came too late, or the value moved without a change entry
    /// (`facts::commitment`); `then` is what followed.
    LateChange {
        field: &'static str,
        written: String,
        late: Option<NaiveDate>,
        then: Box<Reason>,
    },
    /// `field` holds a value `check` rejects: counted as not met, never read as another value.
    Rejected {
        field: String,
    },
    /// The instant that places the item (`of`) lies after as-of: it has not happened.
    AfterAsOf {
        of: DateOf,
    },
    /// The whole period lies before the records begin (`[org] since`): the KPI is n/a.
    BeforeSince {
        since: NaiveDate,
    },

    // Coverage.
    /// A record itc.toml requires for `period` does not exist: counted against the KPI.
    MissingRecord {
        need: super::coverage::Need,
        period: String,
    },
}

impl Reason {
    /// The stable code: one of `REASON_CODES`.
    pub fn code(&self) -> &'static str {
        use Reason::*;
        match self {
            DoneInTime { .. } => "on_time",
            Restored { ok: true, .. } => "on_time",
            DoneLate { .. } | Restored { ok: false, .. } => "late",
            NotDoneByDue { .. } | UnrestoredPastDeadline { .. } => "missed",
            NotYetDue { .. } | UnrestoredNotYetDue => "not_yet_due",
            NotAcceptedYet
            | NoResultYet
            | NotSurveyed
            | NoOutageWindow
            | CheckPeriodOpen { .. }
            | RestoreDrillNotYet
            | CleansingNotDone
            | DrillNotYet
            | PlanNotDrafted => "not_yet",
            Outside { .. }
            | OutageOutside
            | RestoredOutside
            | UnrestoredDeadlineOutside
            | CheckPeriodOutside { .. }
            | RestoreDrillOutside => "outside_period",
            NoDeadline { .. } => "no_deadline",
            NoCost | NoValidPeriod | NoFindings | NoPlanItems => "missing_data",
            NoRecoveryTime | NoOccurredReported | NoOccurredYet => "missing_data",
            PlanItemDropped | OtherAudience { .. } | PlannedNotFault => "excluded",
            NotInspectedYet => "not_yet",
            NothingFound => "nothing_found",
            NotSecurity | NotRestoreDrill => "excluded",
            AcceptedFirstTime | RestoreDrillPassed | DrillPassed => "passed",
            FailedAcceptances { .. } | RestoreDrillFailed | DrillResult { .. } => "failed",
            OverRto { .. } | OverRpo { .. } => "over_objective",
            Cost { .. }
            | Goals { .. }
            | Responses { .. }
            | Service { .. }
            | Backups { .. }
            | Restores { .. }
            | Cleansed { .. } => "measured",
            SecurityEvent { .. } => "event",
            Outage { .. } => "outage",
            PlannedMaintenance { .. } => "planned_maintenance",
            NoImpact => "no_impact",
            NoSla { .. } => "no_sla",
            StandIn { .. } => "stand_in",
            LateChange { .. } => "late_change",
            Rejected { .. } => "rejected_value",
            AfterAsOf { .. } => "after_as_of",
            BeforeSince { .. } => "before_since",
            MissingRecord { .. } => "missing_record",
        }
    }

    /// Whether an item left out with this reason was left out for incomplete data: not for
    /// the period, not because it is not yet due or done, not because it is of another sort.
    pub fn incomplete(&self) -> bool {
        matches!(
            self.code(),
            "missing_data" | "no_deadline" | "rejected_value" | "no_sla"
        )
    }
}

/// Every code a reason can carry, documented in docs/scripting.md.
pub const REASON_CODES: &[&str] = &[
    "on_time",
    "late",
    "missed",
    "not_yet_due",
    "not_yet",
    "outside_period",
    "no_deadline",
    "missing_data",
    "excluded",
    "passed",
    "failed",
    "over_objective",
    "measured",
    "event",
    "outage",
    "planned_maintenance",
    "no_impact",
    "no_sla",
    "stand_in",
    "late_change",
    "rejected_value",
    "after_as_of",
    "before_since",
    "nothing_found",
    "missing_record",
];

#[cfg(test)]
mod tests {
    use super::REASON_CODES;

    /// The string literals `Reason::code` returns, read from its source.
    fn codes_given() -> Vec<String> {
        let src = include_str!("reason.rs");
        let start = src.find("pub fn code(").unwrap();
        let end = start + src[start..].find("\n    }\n}").unwrap();
        let body = &src[start..end];
        let mut out = Vec::new();
        for (i, _) in body.match_indices("=> \"") {
            let lit = &body[i + 4..];
            let end = lit.find('"').unwrap();
            out.push(lit[..end].to_string());
        }
        out
    }

    #[test]
    fn every_code_given_is_listed_and_every_listed_one_is_given() {
        let given = codes_given();
        assert!(given.len() > 15, "{}", given.len());
        for code in &given {
            assert!(
                REASON_CODES.contains(&code.as_str()),
                "`{code}` is not in REASON_CODES"
            );
        }
        for code in REASON_CODES {
            assert!(
                given.iter().any(|g| g == code),
                "`{code}` is listed but no reason gives it"
            );
        }
        let mut sorted = REASON_CODES.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), REASON_CODES.len(), "a code is listed twice");
    }

    #[test]
    fn reason_codes_are_snake_case_words() {
        for code in REASON_CODES {
            assert!(
                !code.is_empty()
                    && code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                    && !code.starts_with('_')
                    && !code.ends_with('_'),
                "{code}"
            );
        }
    }
}
