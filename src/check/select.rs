//! What `itc check` reports of a full run: the findings of the checks asked for (`--check`,
//! `--skip`), on the files asked for (`PATH…`) and, with `--changed-since`, those the change can
//! have caused; and the records reported on.

use std::collections::HashSet;

use super::ChangeSet;
use crate::Error;
use crate::diag::{Check, Diag};
use crate::repo::{Repo, Scope};

/// The checks that `--check` or `--skip` name.
pub fn checks(names: &[String]) -> Result<Vec<Check>, Error> {
    names
        .iter()
        .map(|n| {
            Check::from_name(n.trim())
                .ok_or_else(|| Error::Refused(crate::Refusal::UnknownCheck(n.clone())))
        })
        .collect()
}

/// What is asked to be reported.
pub struct Selection<'a> {
    /// Only these checks (none: all of them).
    pub only: &'a [Check],
    pub skip: &'a [Check],
    pub scope: &'a Scope,
    pub change: Option<&'a ChangeSet>,
}

impl Selection<'_> {
    /// The findings reported: of the checks asked for, on the files in scope (a finding of the
    /// config or the rules always is), and caused by the change.
    pub fn findings(&self, diags: Vec<Diag>) -> Vec<Diag> {
        diags
            .into_iter()
            .filter(|d| {
                (self.only.is_empty() || self.only.contains(&d.check))
                    && !self.skip.contains(&d.check)
            })
            .filter(|d| {
                matches!(d.check, Check::Config | Check::Rules) || self.scope.holds(&d.file)
            })
            .filter(|d| self.change.is_none_or(|c| c.caused(d)))
            .collect()
    }

    /// The records reported on, of those `checked` (indices into `Repo::files`): those in scope
    /// and, for a change, those it touched (all of them when itc.toml or the rules changed) or
    /// that hold one of the `findings` reported.
    pub fn records<'r>(
        &self,
        repo: &'r Repo,
        checked: &[usize],
        findings: &[Diag],
    ) -> Vec<&'r str> {
        let with_findings: HashSet<&str> = findings.iter().map(|d| d.file.as_str()).collect();
        checked
            .iter()
            .map(|&i| repo.rel(i))
            .filter(|rel| self.scope.holds(rel))
            .filter(|rel| {
                self.change
                    .is_none_or(|c| c.everything() || c.touches(rel) || with_findings.contains(rel))
            })
            .collect()
    }
}
