//! Dynamic completions: bash's own completion function, registered by `itc completions bash`,
//! asks itc at each Tab, and gets the repository's record ids, kinds, people and periods.

use std::path::Path;
use std::process::Command;

use crate::escapes::{TODAY, copy};
use crate::support::{Itc, code, demo, isolated, root, stderr, stdout};

/// What bash's completion function puts in COMPREPLY for `words` (the last one is being
/// completed), run in `dir` with the script `itc completions bash` prints.
fn complete(dir: &Path, words: &[&str]) -> Vec<String> {
    let script = stdout(&Itc::new(dir).args(["completions", "bash"]).run());
    let quoted: Vec<String> = words
        .iter()
        .map(|w| format!("'{}'", w.replace('\'', "'\\''")))
        .collect();
    let cword = words.len() - 1;
    let current = quoted[cword].clone();
    let previous = quoted[cword.saturating_sub(1)].clone();
    let program = format!(
        "{script}\nCOMP_WORDS=({}); COMP_CWORD={cword}; COMP_LINE='{}'; COMP_POINT=${{#COMP_LINE}}; \
         _clap_complete_itc itc {current} {previous}; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        quoted.join(" "),
        words.join(" "),
    );
    let mut cmd = Command::new("bash");
    let out = isolated(&mut cmd)
        .current_dir(dir)
        .args(["--norc", "--noprofile", "-c", &program])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn record_ids_complete_from_the_repository() {
    let got = complete(&demo(), &["itc", "show", "INC-2026-00"]);
    // The demo's incidents are INC-2026-0001 … INC-2026-0019 (incidents/2026 holds 19 files,
    // without tags), and nothing else begins with INC-2026-00.
    let expected: Vec<String> = (1..=19).map(|n| format!("INC-2026-{n:04}")).collect();
    assert_eq!(got, expected);
    // Case is ignored, as `show` ignores it; other kinds' ids are offered for their prefix.
    let got = complete(&demo(), &["itc", "advance", "apr-2026-00"]);
    assert!(got.contains(&"APR-2026-009".to_string()), "{got:?}");
    assert!(got.iter().all(|i| i.starts_with("APR-2026-00")), "{got:?}");
}

#[test]
fn a_tagged_id_completes_in_its_short_form_too() {
    let dir = copy();
    let out = Itc::new(dir.path())
        .today(TODAY)
        .env("ITC_USER", "chen.ming")
        .args(["-q", "new", "incident", "--title", "T"])
        .args(["--set", "owner=chen.ming", "--set", "system=erp"])
        .args(["--set", "severity=P4", "--set", "category=other"])
        .args([
            "--set",
            "symptom=s",
            "--set",
            "occurred_at=2026-12-30 09:00",
        ])
        .args(["--set", "impact=none"])
        .run();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // INC-2026-0020-TAG: the 20th incident, with its random tag.
    let id = stdout(&out).trim().to_string();
    assert!(id.starts_with("INC-2026-0020-"), "{id}");
    let got = complete(dir.path(), &["itc", "show", "INC-2026-002"]);
    assert_eq!(got, vec!["INC-2026-0020".to_string(), id]);
}

#[test]
fn kinds_people_and_periods_complete() {
    let got = complete(&demo(), &["itc", "new", ""]);
    // The nine kinds in rules order first, then new's flags.
    let kinds = [
        "incident",
        "project",
        "drill",
        "appraisal",
        "plan",
        "data",
        "security",
        "survey",
        "backup",
    ];
    assert_eq!(&got[..9], &kinds.map(String::from)[..], "{got:?}");
    assert!(got[9..].iter().all(|f| f.starts_with('-')), "{got:?}");
    // People by id: chen.ming is the only one whose id begins with "chen".
    let got = complete(
        &demo(),
        &["itc", "advance", "INC-2026-0001", "--by", "chen"],
    );
    assert_eq!(got, vec!["chen.ming".to_string()]);
    // Stages by key: of all kinds' stages, only an incident's report begins with "rep".
    let got = complete(
        &demo(),
        &["itc", "new", "incident", "--set", "x=1", "--stage", "rep"],
    );
    assert_eq!(got, vec!["report".to_string()]);
    // Periods: of the relative names, three begin with "last-".
    let got = complete(&demo(), &["itc", "kpi", "--period", "last-"]);
    assert_eq!(
        got,
        ["last-month", "last-quarter", "last-year"].map(String::from)
    );
}

#[test]
fn each_shell_gets_a_registration_that_asks_itc() {
    for (shell, marker) in [
        (
            "bash",
            "complete -o nospace -o bashdefault -o nosort -F _clap_complete_itc itc",
        ),
        ("zsh", "#compdef itc"),
        ("fish", "complete --keep-order --exclusive --command itc"),
    ] {
        let out = Itc::new(&root()).args(["completions", shell]).run();
        assert_eq!(code(&out), 0);
        assert!(stdout(&out).contains(marker), "{shell}: {}", stdout(&out));
        assert!(
            stdout(&out).contains(&format!("COMPLETE=\"{shell}\""))
                || stdout(&out).contains(&format!("COMPLETE={shell}")),
            "{shell}: {}",
            stdout(&out)
        );
    }
}
