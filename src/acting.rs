//! Who is acting: the person `itc new` and `itc advance` record as `by` of the stage they write
//! when none is given — `ITC_USER`, else the `[[people]]` entry whose `email` is
//! `git config user.email` (asked through `git`, the one door to git).

use std::path::Path;

use crate::config::Config;
use crate::repo::Repo;
use crate::{Error, Refusal};

/// The acting person's id: `ITC_USER` (a person's id or email; with an empty roster, any
/// name), else the person whose `email` equals `email` (ignoring case). An `ITC_USER` the roster
/// does not know is a usage error, not a silent fallback.
pub fn person_from(
    config: &Config,
    itc_user: Option<&str>,
    email: impl FnOnce() -> Option<String>,
) -> Result<Option<String>, Error> {
    if let Some(user) = itc_user.map(str::trim).filter(|u| !u.is_empty()) {
        if config.people.is_empty() || config.person(user).is_some() {
            return Ok(Some(user.to_string()));
        }
        if let Some(p) = config.person_by_email(user) {
            return Ok(Some(p.id.clone()));
        }
        let ids: Vec<&str> = config.people.iter().map(|p| p.id.as_str()).collect();
        let hint = crate::record::value::did_you_mean(user, ids.iter().copied());
        return Err(Error::Refused(Refusal::UnknownUser {
            user: user.to_string(),
            hint: hint.map(str::to_string),
        }));
    }
    Ok(email().and_then(|e| config.person_by_email(&e).map(|p| p.id.clone())))
}

/// The acting person for a repository at `root`: `ITC_USER`, else git's `user.email`.
pub fn person(config: &Config, root: &Path) -> Result<Option<String>, Error> {
    let user = std::env::var("ITC_USER").ok();
    person_from(config, user.as_deref(), || crate::git::user_email(root))
}

/// The assignments of `new` and `advance` with `--by PERSON` as `by=PERSON` (the stage being
/// written), and the acting person who is `by` when neither gives it: `ITC_USER`, else the
/// person whose email is git's `user.email`.
pub fn with_by(
    repo: &Repo,
    mut sets: Vec<String>,
    by: Option<String>,
) -> Result<(Vec<String>, Option<String>), Error> {
    match by {
        Some(by) => {
            sets.push(format!("by={by}"));
            Ok((sets, None))
        }
        None => Ok((sets, person(&repo.config, &repo.root)?)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Person;

    fn config() -> Config {
        let mut c = Config::default();
        for (id, email) in [("li.wei", Some("Li.Wei@example.com")), ("wang", None)] {
            c.people.push(Person {
                id: id.into(),
                name: id.into(),
                department: None,
                email: email.map(str::to_string),
            });
        }
        c
    }

    #[test]
    fn itc_user_comes_first_then_the_git_email() {
        let c = config();
        let git = || Some("li.wei@EXAMPLE.com".to_string());
        assert_eq!(
            person_from(&c, Some("wang"), git).unwrap(),
            Some("wang".into())
        );
        assert_eq!(person_from(&c, None, git).unwrap(), Some("li.wei".into()));
        assert_eq!(
            person_from(&c, Some(" "), git).unwrap(),
            Some("li.wei".into())
        );
        assert_eq!(
            person_from(&c, Some("li.wei@example.com"), || None).unwrap(),
            Some("li.wei".into())
        );
        assert_eq!(person_from(&c, None, || Some("x@y".into())).unwrap(), None);
        assert_eq!(person_from(&c, None, || None).unwrap(), None);
        assert!(person_from(&c, Some("wnag"), git).is_err());
    }
}
