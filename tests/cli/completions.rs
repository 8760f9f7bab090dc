//! Dynamic completions: bash's own completion function, registered by `itc completions bash`,
//! asks itc at each Tab, and gets the repository's record ids, kinds, people and periods.

use std::path::Path;
use std::process::Command;

use crate::escapes::{TODAY, copy};
use crate::support::{Itc, code, demo, isolated, root, stderr, stdout};

/// What bash's completion function puts in COMPREPLY for `words` (the last one is being
/// completed), run in `dir` with the script `itc completions bash` prints (`ITC_TODAY`: the
/// escape routes' day).
fn complete(dir: &Path, words: &[&str]) -> Vec<String> {
    let (got, err) = complete_with_stderr(dir, words);
    assert!(err.is_empty(), "{err}");
    got
}

/// The words as bash hands them to a completion function: each broken at `=` and `:`
/// (`COMP_WORDBREAKS`), so that `--set severity=P` is `severity`, `=`, `P`; the word being
/// completed (`$2`) is what follows the last break, empty after a trailing `=`. (As bash 5.2
/// does at a Tab: `--set severity=` gives `COMP_WORDS=(… severity =)`, `COMP_CWORD` at the `=`,
/// and `$2` empty.)
fn bash_words(words: &[&str]) -> (Vec<String>, String) {
    let mut out: Vec<String> = Vec::new();
    for w in words {
        if w.is_empty() {
            out.push(String::new());
            continue;
        }
        let mut run = String::new();
        for c in w.chars() {
            let breaks = |s: &str| s.starts_with(['=', ':']);
            if !run.is_empty() && breaks(&run) != (c == '=' || c == ':') {
                out.push(std::mem::take(&mut run));
            }
            run.push(c);
        }
        out.push(run);
    }
    let last = out.last().cloned().unwrap_or_default();
    let current = match last.starts_with(['=', ':']) {
        true => String::new(),
        false => last,
    };
    (out, current)
}

/// As `complete`, with what the completion wrote on stderr (the terminal, at a real Tab).
fn complete_with_stderr(dir: &Path, words: &[&str]) -> (Vec<String>, String) {
    let script = stdout(&Itc::new(dir).args(["completions", "bash"]).run());
    let quote = |w: &str| format!("'{}'", w.replace('\'', "'\\''"));
    let (broken, current) = bash_words(words);
    let quoted: Vec<String> = broken.iter().map(|w| quote(w)).collect();
    let cword = broken.len() - 1;
    let previous = quoted[cword.saturating_sub(1)].clone();
    let line = words.join(" ");
    let program = format!(
        "{script}\nCOMP_WORDS=({}); COMP_CWORD={cword}; COMP_LINE={}; COMP_POINT=${{#COMP_LINE}}; \
         _clap_complete_itc itc {} {previous}; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        quoted.join(" "),
        quote(&line),
        quote(&current),
    );
    let mut cmd = Command::new("bash");
    let out = isolated(&mut cmd)
        .env("ITC_TODAY", TODAY)
        .current_dir(dir)
        .args(["--norc", "--noprofile", "-c", &program])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    (got, String::from_utf8_lossy(&out.stderr).into_owned())
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
    // Periods: of the relative names, four begin with "last-" (in the catalog's order: month,
    // quarter, year, week); the Chinese ones too, three beginning with 本.
    let got = complete(&demo(), &["itc", "kpi", "--period", "last-"]);
    assert_eq!(
        got,
        ["last-month", "last-quarter", "last-year", "last-week"].map(String::from)
    );
    let got = complete(&demo(), &["itc", "list", "--period", "本"]);
    assert_eq!(got, ["本月", "本季度", "本周"].map(String::from));
    // Absolute periods of this year (ITC_TODAY 2026-12-31): 2026-Q1 … 2026-Q4.
    let got = complete(&demo(), &["itc", "kpi", "--period", "2026-Q"]);
    assert_eq!(
        got,
        ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"].map(String::from)
    );
    // kpi's --by keeps its own values (system, severity, …), not people.
    let got = complete(&demo(), &["itc", "kpi", "--by", "s"]);
    assert_eq!(got, ["system", "severity"].map(String::from));
}

/// The demo's incidents, INC-2026-0010 … INC-2026-0019: the ids beginning with INC-2026-001.
fn incidents_from_0010() -> Vec<String> {
    (10..=19).map(|n| format!("INC-2026-{n:04}")).collect()
}

#[test]
fn dash_c_names_the_repository_from_another_folder() {
    let elsewhere = tempfile::tempdir().unwrap();
    let demo = demo();
    let dir = demo.to_str().unwrap();
    let got = complete(
        elsewhere.path(),
        &["itc", "-C", dir, "show", "INC-2026-001"],
    );
    assert_eq!(got, incidents_from_0010());
    // A relative DIR is taken from the shell's working folder: examples/demo from the crate.
    let got = complete(
        &root(),
        &["itc", "-C", "examples/demo", "show", "INC-2026-001"],
    );
    assert_eq!(got, incidents_from_0010());
    // The global flag may come after the subcommand too, and the folder may lie inside the
    // repository (found at or above it, as the program finds it).
    let inside = format!("{dir}/incidents");
    let got = complete(
        elsewhere.path(),
        &["itc", "show", "-C", &inside, "INC-2026-001"],
    );
    assert_eq!(got, incidents_from_0010());
}

#[test]
fn a_folder_without_a_repository_completes_nothing_and_says_nothing() {
    // Each would complete from the demo (the working folder here): an id, the kind incident, a
    // severity, a person.
    let elsewhere = tempfile::tempdir().unwrap();
    let dir = elsewhere.path().to_str().unwrap();
    for words in [
        &["itc", "-C", dir, "show", "INC"][..],
        &["itc", "-C", dir, "new", "i"],
        &["itc", "-C", dir, "new", "incident", "--set", "severity="],
        &["itc", "-C", dir, "advance", "INC-2026-0001", "--by", ""],
        &["itc", "-C", "/no/such/folder", "show", "I"],
    ] {
        let (got, err) = complete_with_stderr(&demo(), words);
        assert_eq!(got, Vec::<String>::new(), "{words:?}");
        assert_eq!(err, "", "{words:?}");
    }
}

#[test]
fn set_completes_the_kinds_fields_and_their_values() {
    fn with(last: &str) -> Vec<&str> {
        vec!["itc", "new", "incident", "--set", last]
    }
    // An incident's severity is an enum of P1 … P4; bash keeps `severity=` and is given the
    // values alone, after the `=` and after a typed letter alike.
    assert_eq!(
        complete(&demo(), &with("severity=")),
        ["P1", "P2", "P3", "P4"]
    );
    assert_eq!(
        complete(&demo(), &with("severity=p")),
        ["P1", "P2", "P3", "P4"]
    );
    // Fields beginning with "sy": the incident's own `system`, and the report stage's
    // `symptom` (a field of that stage alone, which `--set` takes without the stage).
    assert_eq!(complete(&demo(), &with("sy")), ["system=", "symptom="]);
    // A system field offers the catalogue's systems, in itc.toml's order.
    assert_eq!(
        complete(&demo(), &with("system=")),
        ["erp", "oa", "finance", "mail", "dw", "portal", "hr"]
    );
    // A person field offers the roster: chen.ming alone begins with "chen".
    assert_eq!(complete(&demo(), &with("owner=chen")), ["chen.ming"]);
    // A date-time takes `now`; a boolean true or false.
    assert_eq!(complete(&demo(), &with("occurred_at=")), ["now"]);
    assert_eq!(complete(&demo(), &with("planned=")), ["true", "false"]);
    // Stage fields by `stage.field`, and table list items by `name[].field`.
    assert_eq!(
        complete(&demo(), &with("diagnosis.c")),
        ["diagnosis.cause=", "diagnosis.consultation="]
    );
    assert!(
        complete(&demo(), &with("severity_changes[]."))
            .contains(&"severity_changes[].reason=".to_string())
    );
    // id, kind and stage are written by itc, not offered.
    let all = complete(&demo(), &with(""));
    assert!(all.contains(&"title=".to_string()), "{all:?}");
    for own in ["id=", "kind=", "stage="] {
        assert!(!all.contains(&own.to_string()), "{all:?}");
    }
}

#[test]
fn list_where_offers_the_fields_and_their_values() {
    // --where takes stage fields by `stage.field` only: of an incident's, the report stage's
    // begin with "rep" (its own by, symptom, occurred_at, then the common at).
    let got = complete(&demo(), &["itc", "list", "incident", "--where", "rep"]);
    assert_eq!(
        got,
        [
            "report.by=",
            "report.symptom=",
            "report.occurred_at=",
            "report.at="
        ]
    );
    // Without a kind, a system field's values are the catalogue's systems.
    let got = complete(&demo(), &["itc", "list", "--where", "system="]);
    assert_eq!(got, ["erp", "oa", "finance", "mail", "dw", "portal", "hr"]);
}

#[test]
fn set_and_advance_take_the_kind_from_the_id() {
    // APR-2026-001 is an appraisal: the result stage's rating has five values.
    let got = complete(&demo(), &["itc", "set", "APR-2026-001", "result.rating="]);
    assert_eq!(got, ["excellent", "good", "pass", "marginal", "fail"]);
    // A list of enums: the item after the last comma, without those already listed.
    let got = complete(
        &demo(),
        &["itc", "set", "APR-2026-001", "result.outcome=reward,p"],
    );
    assert_eq!(got, ["reward,penalty", "reward,promotion"]);
    // advance --to: the incident's stages after the record's current one. INC-2026-0015 is at
    // diagnosis (of alert, report, diagnosis, handling, archived); INC-2026-0019 at alert;
    // INC-2026-0001 archived, the last.
    let to = |id: &str| complete(&demo(), &["itc", "advance", id, "--to", ""]);
    assert_eq!(to("INC-2026-0015"), ["handling", "archived"]);
    assert_eq!(
        to("INC-2026-0019"),
        ["report", "diagnosis", "handling", "archived"]
    );
    assert_eq!(to("INC-2026-0001"), Vec::<String>::new());
    // new --stage: the kind's start stages (an incident starts at alert or report); list
    // --stage: every stage.
    let got = complete(&demo(), &["itc", "new", "incident", "--stage", ""]);
    assert_eq!(got, ["alert", "report"]);
    let got = complete(&demo(), &["itc", "list", "incident", "--stage", ""]);
    let all = ["alert", "report", "diagnosis", "handling", "archived"];
    assert_eq!(got, all);
    // advance --set: the stage entered comes first; --to handling puts its fields first of the
    // stage fields (actions, restored_at), after the incident's own.
    let got = complete(
        &demo(),
        &[
            "itc",
            "advance",
            "INC-2026-0001",
            "--to",
            "handling",
            "--set",
            "re",
        ],
    );
    assert_eq!(
        got,
        [
            "restored_at=",
            "report.by=",
            "report.symptom=",
            "report.occurred_at=",
            "report.at="
        ]
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

/// What `shell` prints running `script` in the demo, with `itc` on PATH as the test binary, and
/// what it wrote on stderr.
fn in_shell(shell: &str, args: &[&str], script: &str) -> (String, String) {
    let itc = std::path::PathBuf::from(env!("CARGO_BIN_EXE_itc"));
    let bin = itc.parent().unwrap();
    let path = std::env::join_paths(
        std::iter::once(bin.to_path_buf())
            .chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    let mut cmd = Command::new(shell);
    let out = isolated(&mut cmd)
        .env("PATH", path)
        .current_dir(demo())
        .args(args)
        .arg(script)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
#[cfg_attr(
    not(consumer = "zsh"),
    ignore = "needs zsh (apt-get install zsh); tests/run installs it"
)]
fn zsh_loads_the_registration_and_completes_an_id() {
    // compinit, then the script `itc completions zsh` prints; the function compdef registered
    // for itc runs as at a Tab on `itc show INC-2026-001` (the cursor in the third word).
    // `_describe`, which would draw the menu, prints the candidates (`value:help` each).
    let script = r#"autoload -Uz compinit && compinit -u -D
source <(itc completions zsh)
_describe() { local name=${@[-1]}; print -rl -- ${(P)name}; }
words=(itc show INC-2026-001); CURRENT=3
$_comps[itc]"#;
    let (out, err) = in_shell("zsh", &["-f", "-c"], script);
    assert_eq!(err, "");
    let got: Vec<String> = out.lines().map(str::to_string).collect();
    assert_eq!(got, incidents_from_0010());
}

#[test]
#[cfg_attr(
    not(consumer = "fish"),
    ignore = "needs fish (apt-get install fish); tests/run installs it"
)]
fn fish_loads_the_registration_and_completes_an_id() {
    // fish's own `complete -C` asks the completions registered for itc, as a Tab would.
    let script = r#"itc completions fish | source
complete -C "itc show INC-2026-001"
complete -C "itc new incident --set system=e""#;
    let (out, err) = in_shell("fish", &["--no-config", "-c"], script);
    assert_eq!(err, "");
    let got: Vec<&str> = out.lines().collect();
    assert_eq!(got[..10], incidents_from_0010());
    // fish shows each candidate's help: the system's name from itc.toml (`ERP 系统`).
    assert_eq!(got.len(), 11, "{got:?}");
    assert!(got[10].starts_with("system=erp\tERP "), "{got:?}");
}
