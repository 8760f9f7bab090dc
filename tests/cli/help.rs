//! itc's own words and looks: help in the chosen language, clap's errors, man pages, shell
//! completions and colour.

use std::process::Command;

use crate::support::*;

/// Runs `itc ARGS` under a pseudo-terminal (`script`), so that `--color auto` sees a terminal,
/// with `NO_COLOR` set to `no_color` (or unset).
fn on_a_terminal(args: &str, no_color: Option<&str>) -> String {
    let line = format!("{} {args}", env!("CARGO_BIN_EXE_itc"));
    let mut cmd = Command::new("script");
    isolated(&mut cmd)
        .args(["-q", "-e", "-c", &line, "/dev/null"])
        .current_dir(fixture("targets"));
    match no_color {
        Some(v) => cmd.env("NO_COLOR", v),
        None => cmd.env_remove("NO_COLOR"),
    };
    let out = cmd
        .output()
        .expect("`script` (bsdutils) runs itc on a terminal: install it (tests/run does)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
#[cfg_attr(
    not(consumer = "script"),
    ignore = "needs script from util-linux (apt-get install bsdutils); tests/run installs it"
)]
fn only_a_non_empty_no_color_turns_colour_off() {
    let unset = on_a_terminal("check", None);
    assert!(
        unset.contains("\x1b[1m\x1b[31m"),
        "colour on a terminal: {unset:?}"
    );
    let empty = on_a_terminal("check", Some(""));
    assert!(
        empty.contains("\x1b[1m\x1b[31m"),
        "an empty NO_COLOR is unset: {empty:?}"
    );
    let set = on_a_terminal("check", Some("1"));
    assert!(set.contains("E0804"), "{set}");
    assert!(
        !set.contains('\x1b'),
        "NO_COLOR=1 turns colour off: {set:?}"
    );
    let forced = on_a_terminal("--color always check", Some("1"));
    assert!(
        forced.contains("\x1b[1m\x1b[31m"),
        "--color always wins: {forced:?}"
    );
}

/// Runs `itc` in a folder with no repository above it (a temporary one) and a clean language.
fn itc_outside(args: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    itc(dir.path(), args)
}

/// Every subcommand of itc, from the command tree itself (so a new command is covered at once).
fn commands() -> Vec<String> {
    use clap::CommandFactory;
    itc::cli::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect()
}

/// A line that only shows an argument's syntax (`  -q, --quiet`, `  [PATHS]...`), which stays
/// as typed in every language.
fn is_syntax(line: &str) -> bool {
    line.trim()
        .split([' ', ','])
        .filter(|t| !t.is_empty())
        .all(|t| {
            let t = t.trim_end_matches("...");
            (t.starts_with("--") && t.len() > 2)
                || (t.starts_with('-') && t.len() == 2)
                || (t.starts_with('<') && t.ends_with('>'))
                || (t.starts_with('[') && t.ends_with(']'))
        })
}

#[test]
fn chinese_help_has_no_english_only_line() {
    let mut pages = vec![(String::from("itc --help"), itc_outside(&["--help"]))];
    for c in &commands() {
        for flag in ["--help", "-h"] {
            pages.push((format!("itc {c} {flag}"), itc_outside(&[c, flag])));
        }
    }
    pages.push(("itc help check".into(), itc_outside(&["help", "check"])));
    for (what, out) in pages {
        assert_eq!(code(&out), 0, "{what}: {}", stderr(&out));
        let text = stdout(&out);
        assert!(has_cjk(&text), "{what}: {text}");
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            assert!(
                has_cjk(line) || is_syntax(line),
                "{what}: an English-only line in Chinese help: {line:?}\n{text}"
            );
        }
    }
}

#[test]
fn the_syntax_rule_of_the_help_test_lets_no_prose_through() {
    assert!(is_syntax("  -q, --quiet"));
    assert!(is_syntax("      --format <FORMAT>"));
    assert!(is_syntax("  [PATHS]..."));
    assert!(!is_syntax("          - human"));
    assert!(!is_syntax("  -q, --quiet  Print less: no summary line"));
    assert!(!is_syntax("Usage: itc check [OPTIONS]"));
}

#[test]
fn english_help_is_the_doc_comments() {
    let out = itc_outside(&["--lang", "en", "check", "--help"]);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    assert!(
        text.starts_with(
            "Check records against the workflow rules\n\nUsage: itc check [OPTIONS] [PATHS]...\n"
        ),
        "{text}"
    );
    assert!(text.contains("Fail (exit 1) on warnings too"), "{text}");
    assert!(text.contains("[default: human]"), "{text}");
    assert!(!has_cjk(&text), "{text}");
}

#[test]
fn help_follows_itc_lang_and_the_repository_language() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("itc.toml"),
        "[org]\nname = \"Center\"\nlang = \"en\"\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    // org.lang of the repository found from the working directory or -C.
    let out = itc(&dir.path().join("sub"), &["kpi", "--help"]);
    assert!(
        stdout(&out).starts_with("Compute the appraisal KPIs"),
        "{}",
        stdout(&out)
    );
    let elsewhere = tempfile::tempdir().unwrap();
    let c = dir.path().to_str().unwrap();
    let out = itc(elsewhere.path(), &["-C", c, "kpi", "--help"]);
    assert!(
        stdout(&out).starts_with("Compute the appraisal KPIs"),
        "{}",
        stdout(&out)
    );
    // --lang wins over the repository; ITC_LANG too.
    let out = itc(dir.path(), &["kpi", "--help", "--lang", "zh"]);
    assert!(
        stdout(&out).starts_with("计算某一期间的考核指标"),
        "{}",
        stdout(&out)
    );
    let out = Itc::new(dir.path())
        .args(["kpi", "--help"])
        .env("ITC_LANG", "zh")
        .run();
    assert!(
        stdout(&out).starts_with("计算某一期间的考核指标"),
        "{}",
        stdout(&out)
    );
    // Errors of the command itself follow the same choice.
    let out = itc(dir.path(), &["show", "NOPE-1"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).starts_with("error: "), "{}", stderr(&out));
}

#[test]
fn clap_errors_in_chinese_exit_2_with_a_suggestion() {
    let out = itc_outside(&["check", "--formt", "json"]);
    assert_eq!(code(&out), 2);
    assert!(stdout(&out).is_empty());
    assert_eq!(
        stderr(&out),
        "错误: 未知的参数 '--formt'\n\n  提示:有相近的参数:'--format'\n\n用法:itc check [选项] [PATHS]...\n\n更多信息请运行 'itc check --help'。\n"
    );
    let out = itc_outside(&["chek"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.starts_with("错误: 未知的子命令 'chek'"), "{err}");
    assert!(
        err.contains("提示:有相近的子命令:") && err.contains("'check'"),
        "{err}"
    );
    let out = itc_outside(&["check", "--format", "xml"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.starts_with("错误: 'xml' 不是 '--format <FORMAT>' 的有效值\n  [可选值:human, json, github, gitlab, junit, sarif]"),
        "{err}"
    );
    let out = itc_outside(&["set", "INC-2026-0001"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).starts_with("错误: 缺少必需的参数:\n  <FIELD=VALUE>...\n"),
        "{}",
        stderr(&out)
    );
    let out = itc_outside(&["kpi", "--period"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).starts_with("错误: '--period <PERIOD>' 需要一个值,但没有给出"),
        "{}",
        stderr(&out)
    );
    // Every line of a Chinese error says something in Chinese, or shows what was typed.
    for args in [
        &["check", "--formt"][..],
        &["chek"],
        &["check", "--format", "xml"],
        &["set", "X"],
        &["kpi", "--period"],
        &["--lang", "fr", "check"],
    ] {
        let err = stderr(&itc_outside(args));
        for line in err.lines().filter(|l| !l.trim().is_empty()) {
            assert!(has_cjk(line) || is_syntax(line), "{args:?}: {line:?}");
        }
    }
}

#[test]
fn clap_errors_in_english_are_clap_s_own() {
    let out = itc_outside(&["--lang", "en", "check", "--formt", "json"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.starts_with("error: unexpected argument '--formt' found"),
        "{err}"
    );
    assert!(
        err.contains("tip: a similar argument exists: '--format'"),
        "{err}"
    );
}

#[test]
fn help_and_version_go_to_stdout_with_exit_0() {
    let out = itc_outside(&["--version"]);
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out), format!("itc {}\n", env!("CARGO_PKG_VERSION")));
    let out = itc_outside(&["help", "kpi"]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).starts_with("计算某一期间的考核指标"));
    // No subcommand: the help, on stderr, exit 2.
    let out = itc_outside(&[]);
    assert_eq!(code(&out), 2);
    assert!(stdout(&out).is_empty());
    assert!(
        stderr(&out).contains("用法:itc [选项] <命令>"),
        "{}",
        stderr(&out)
    );
}

/// Renders a man page with groff as man(1) does (`-k`: preconv for UTF-8) and returns the plain
/// text and groff's warnings.
/// Every warning is on (`-ww`) except `break`: groff cannot break a Chinese line that has no
/// space, and says so for any long one.
fn groff(page: &std::path::Path) -> (String, String) {
    let o = Command::new("groff")
        .args(["-k", "-man", "-Tutf8", "-ww", "-Wbreak", "-P", "-cbou"])
        .arg(page)
        .output()
        .expect("groff renders the man pages: install groff-base (tests/run does)");
    assert!(o.status.success(), "groff failed on {}", page.display());
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
#[cfg_attr(
    not(consumer = "groff"),
    ignore = "needs groff (apt-get install groff-base); tests/run installs it"
)]
fn man_writes_one_page_per_command_that_groff_renders() {
    let dir = tempfile::tempdir().unwrap();
    let out = itc_outside(&["man", dir.path().join("man").to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("man/man1"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = commands().iter().map(|c| format!("itc-{c}.1")).collect();
    expected.push("itc.1".into());
    expected.sort();
    assert_eq!(names, expected);
    let check = dir.path().join("man/man1/itc-check.1");
    let roff = std::fs::read_to_string(&check).unwrap();
    assert!(roff.contains(".TH itc-check 1"), "{roff}");
    assert!(
        roff.contains(".SH 名称\nitc\\-check \\- 按流程规则检查记录"),
        "{roff}"
    );
    let (text, warnings) = groff(&check);
    assert!(warnings.is_empty(), "groff warns: {warnings}");
    assert!(text.contains("按流程规则检查记录"), "{text}");
    assert!(text.contains("--deny-warnings"), "{text}");
    assert!(text.contains("有警告也判为失败"), "{text}");
    // Each value of --format on its own line.
    assert!(
        text.lines().any(|l| l.trim() == "- json:JSON 报告"),
        "{text}"
    );
    let (text, warnings) = groff(&dir.path().join("man/man1/itc.1"));
    assert!(warnings.is_empty(), "groff warns: {warnings}");
    for c in &commands() {
        assert!(text.contains(&format!("itc-{c}(1)")), "{c} in {text}");
    }
    assert!(!text.contains("itc-help"), "{text}");
}

#[test]
fn man_without_a_folder_prints_the_top_page_in_the_language() {
    let out = itc_outside(&["--lang", "en", "man"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains(".TH itc 1"), "{text}");
    assert!(text.contains(".SH SYNOPSIS"), "{text}");
    assert!(text.contains("Records, workflow checks and KPIs"), "{text}");
    let zh = stdout(&itc_outside(&["man"]));
    assert!(zh.contains(".SH 概要"), "{zh}");
    assert!(
        zh.contains("综合信息中心的记录、流程检查与考核指标"),
        "{zh}"
    );
}

#[test]
fn completions_for_the_shells() {
    for (shell, marker) in [
        ("bash", "_clap_complete_itc()"),
        ("zsh", "#compdef itc"),
        ("fish", "complete --keep-order --exclusive --command itc"),
    ] {
        let out = itc(&root(), &["completions", shell]);
        assert_eq!(code(&out), 0);
        assert!(stdout(&out).contains(marker), "{shell}");
        // Dynamic: the script asks itc itself for the subcommands and values.
        assert!(stdout(&out).contains("COMPLETE="), "{shell}");
    }
}
