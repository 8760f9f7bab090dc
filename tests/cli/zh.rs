//! Chinese throughout: every command and format meant for people (human, Markdown, the HTML
//! report), run with `--lang zh` on a copy of the demo, prints no English word. An English word
//! is a run of two or more ASCII letters that is none of: what the user wrote (the ids, keys and
//! values of the records and `itc.toml`), the keys of the rules (kinds, stages, fields, enum
//! values), a code, a path, or a token of `ALLOWED`.

use std::collections::BTreeSet;
use std::path::Path;

use crate::escapes::{TODAY, copy};
use crate::support::{Itc, code, git, git_init, stderr, stdout};

/// The technical tokens a Chinese reader reads as they are, and why.
const ALLOWED: &[&str] = &[
    // The program, and the tools and formats it names.
    "itc",
    "git",
    "JSON",
    "CSV",
    "HTML",
    "TOML",
    "YAML",
    "Markdown",
    "SARIF",
    "JUnit",
    "NDJSON",
    // Established abbreviations of the trade, as the center's own rules write them (细则).
    "KPI",
    "SLA",
    "MTTR",
    "RPO",
    "RTO",
    "IT",
    "ERP",
    "OA",
    "HR",
    "SQL",
    "DNS",
    "TTL",
    // The commands a hint tells the reader to type (`itc advance INC-…`).
    "init",
    "new",
    "advance",
    "set",
    "edit",
    "show",
    "list",
    "check",
    "fmt",
    "kpi",
    "score",
    "report",
    "export",
    "diff",
    "rules",
    "schema",
    "completions",
    "man",
    "help",
    // The checks' keys, which `--check` and `--skip` take, after their Chinese names.
    "config",
    "syntax",
    "layout",
    "unique",
    "fields",
    "stages",
    "requirements",
    "consistency",
    "references",
    // The revision a reader gave `diff`.
    "HEAD",
    // The command `agenda`, and git's commands `init` tells the reader to type.
    "agenda",
    "add",
    "commit",
    // Names of products, services and files the help names as they are spelled.
    "GitHub",
    "GitLab",
    "Actions",
    "CI",
    "XML",
    "Excel",
    "BOM",
    "Schema",
    "README",
    "cargo",
    // JSON Schema's version is named `draft 2020-12`.
    "draft",
    // The group robots' address: WeCom's and DingTalk's own Chinese documents say webhook.
    "webhook",
    // The shells `completions` writes for, and the environment variables a reader sets.
    "bash",
    "zsh",
    "fish",
    "elvish",
    "powershell",
    "EDITOR",
    "VISUAL",
    "MANPATH",
    // Chinese technical writing says shell (`Shell 脚本`); 外壳 reads as a product's casing.
    "shell",
];

/// Every run of two or more ASCII letters in `text`, after ids, codes and paths (words with a
/// digit, `/`, `.`, `_`, `-` or `@` inside) and code between backticks are taken out.
fn words(text: &str) -> Vec<String> {
    let text = without_syntax(&text.replace('\\', ""));
    let text: String = text
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, s)| s)
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = Vec::new();
    for token in text
        .split(|c: char| c.is_whitespace() || !(c.is_ascii_alphanumeric() || "/._-@#".contains(c)))
    {
        // An option (`--force`, `-q`) is typed as it is.
        if token.starts_with('-') && token.len() > 1 {
            continue;
        }
        let token = token.trim_matches(|c: char| ".-_#".contains(c));
        // A duration or a number with a unit (`6h`, `14d`, `48221.96h/48260h`) is English too.
        for piece in token.split('/') {
            if is_number_with_unit(piece) {
                out.push(piece.to_string());
            }
        }
        if token.len() < 2 || ALLOWED.contains(&token) {
            continue;
        }
        if token
            .chars()
            .any(|c| c.is_ascii_digit() || "/._-@#".contains(c))
        {
            continue;
        }
        if token.chars().all(|c| c.is_ascii_alphabetic()) {
            out.push(token.to_string());
        }
    }
    out
}

/// `text` without the syntax the reader types as it is: a placeholder (`<DIR>`), an option's
/// values and default (`[可选值:auto, always, never]`, `[默认:human]`), and the values heading a
/// help's list of them (`- human:供人阅读的文本`).
fn without_syntax(text: &str) -> String {
    let mut text = text.to_string();
    let mut placeholders = Vec::new();
    for (open, close) in [("<", ">"), ("[", "]"), ("[可选值:", "]"), ("[默认:", "]")] {
        let mut from = 0;
        while let Some(start) = text[from..].find(open).map(|i| from + i) {
            let Some(end) = text[start..].find(close).map(|e| start + e + close.len()) else {
                break;
            };
            let inner = &text[start + open.len()..end - close.len()];
            // A placeholder (`<DIR>`, `<FIELD=VALUE>`, `[PATHS]`) is upper-case; `<p>`,
            // `a < b` and `[ID]` links are left alone.
            let placeholder = !inner.is_empty()
                && inner
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || "_-.=".contains(c));
            if matches!(open, "<" | "[") {
                if !placeholder {
                    from = start + open.len();
                    continue;
                }
                placeholders.extend(inner.split('=').map(str::to_string));
            }
            text.replace_range(start..end, " ");
            from = start;
        }
    }
    text.lines()
        .map(|line| {
            let trimmed = line.trim_start().trim_start_matches("\\").trim_start();
            let value = trimmed.strip_prefix("- ").and_then(|rest| {
                let end = rest.find([':', '\u{ff1a}'])?;
                rest[..end]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-')
                    .then(|| &rest[end..])
            });
            // The help's text names its placeholders (`如同在 DIR 中启动`).
            let mut line = value.unwrap_or(line).to_string();
            for p in &placeholders {
                line = without_word(&line, p);
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `text` without `word` where it stands as a word of its own.
fn without_word(text: &str, word: &str) -> String {
    let apart =
        |c: Option<char>| c.is_none_or(|c| !(c.is_ascii_alphanumeric() || "_-.".contains(c)));
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(word) {
        let (before, after) = (&rest[..i], &rest[i + word.len()..]);
        out.push_str(before);
        if !(apart(before.chars().next_back()) && apart(after.chars().next())) {
            out.push_str(word);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// A number followed by ASCII letters (`6h`, `40m`, `14d`, `48221.96h`): a duration or an amount
/// in English units. A commit id (seven or more hexadecimal digits) is none.
fn is_number_with_unit(token: &str) -> bool {
    let digits = token.trim_start_matches(|c: char| c.is_ascii_digit());
    if digits.len() == token.len() {
        return false;
    }
    let digits = match digits.strip_prefix('.') {
        Some(rest) => {
            let after = rest.trim_start_matches(|c: char| c.is_ascii_digit());
            if after.len() == rest.len() {
                return false;
            }
            after
        }
        None => digits,
    };
    let hex = token.len() >= 7 && token.chars().all(|c| c.is_ascii_hexdigit());
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_lowercase()) && !hex
}

/// What the user wrote and what the rules name: every ASCII word of the repository's files, and
/// of the rules with their English labels (`en = "…"`) and comments left out.
fn written(dir: &Path) -> BTreeSet<String> {
    fn walk(dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().is_some_and(|n| n == ".git") {
                continue;
            }
            if path.is_dir() {
                walk(&path, out);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                out.push(text);
            }
        }
    }
    let mut texts = Vec::new();
    walk(dir, &mut texts);
    // The amounts with a unit the records hold (`duration = "2h"`) pass as written; itc.toml's
    // and the rules' limits (`P1 = "4h"`, `time_limit = "14d"`) are shown worded.
    let config = std::fs::read_to_string(dir.join("itc.toml")).unwrap_or_default();
    let amounts: Vec<String> = texts
        .iter()
        .filter(|t| **t != config)
        .flat_map(|t| {
            t.split(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
                .map(|w| w.trim_matches('.'))
                .filter(|w| is_number_with_unit(w))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    for rules in ["src/rules/builtin.toml", "src/rules/config.toml"] {
        let text = std::fs::read_to_string(crate::support::root().join(rules)).unwrap();
        texts.push(without_english_labels(&text));
    }
    texts
        .iter()
        .flat_map(|t| {
            // Whole words: `records_in` is a key, not the word `records`.
            t.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .filter(|w| w.len() >= 2 && w.chars().all(|c| c.is_ascii_alphabetic()))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .chain(amounts)
        .collect()
}

/// The rules' text without comments, `en = "…"` labels and the English half of value labels
/// (`good = ["良好", "good"]` keeps `good` as the key it also is).
fn without_english_labels(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let line = line.split(" #").next().unwrap_or("");
        if line.trim_start().starts_with('#') {
            continue;
        }
        let mut rest = line;
        while let Some(i) = rest.find("en = \"") {
            out.push_str(&rest[..i]);
            let after = &rest[i + 6..];
            rest = after.find('"').map_or("", |j| &after[j + 1..]);
        }
        out.push_str(rest);
        out.push('\n');
    }
    out
}

/// The text of an HTML page as a reader sees it: no style, script or tags.
fn html_text(html: &str) -> String {
    let mut text = html.to_string();
    for tag in ["style", "script"] {
        while let Some(start) = text.find(&format!("<{tag}")) {
            let close = format!("</{tag}>");
            let end = text[start..]
                .find(&close)
                .map_or(text.len(), |e| start + e + close.len());
            text.replace_range(start..end, " ");
        }
    }
    let mut out = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    for entity in ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&nbsp;"] {
        out = out.replace(entity, " ");
    }
    out
}

fn zh(dir: &Path, args: &[&str]) -> std::process::Output {
    Itc::new(dir)
        .today(TODAY)
        .args(["--lang", "zh", "--color", "never"])
        .args(args)
        .run()
}

/// The text of a man page as a reader sees it: the macros' names and font escapes taken out.
fn man_text(roff: &str) -> String {
    let mut out = String::new();
    for line in roff.lines() {
        let line = match line.strip_prefix('.') {
            // A string or condition definition (`.ds Aq \(aq`) prints nothing.
            Some(macro_line) if ["ie", "el", "ds"].iter().any(|m| macro_line.starts_with(m)) => "",
            Some(macro_line) => macro_line.split_once(' ').map_or("", |(_, args)| args),
            None => line,
        };
        out.push_str(line);
        out.push('\n');
    }
    for escape in ["\\fB", "\\fI", "\\fR", "\\fP", "\\*(Aq", "\\(aq"] {
        out = out.replace(escape, "");
    }
    out
}

/// The Markdown text of a group robot's message (`markdown.content` of WeCom, `markdown.text`
/// of DingTalk).
fn robot_text(json: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    let md = &v["markdown"];
    let text = md["content"].as_str().or(md["text"].as_str()).unwrap();
    format!("{} {text}", md["title"].as_str().unwrap_or(""))
}

/// Every subcommand of itc, from the command tree itself (so a new command is covered at once).
fn commands() -> Vec<String> {
    use clap::CommandFactory;
    itc::cli::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect()
}

/// The English words of `text` that are not in `known`, sorted, once each.
fn english(text: &str, known: &BTreeSet<String>) -> Vec<String> {
    let mut found: Vec<String> = words(text)
        .into_iter()
        .filter(|w| !known.contains(w))
        .collect();
    found.sort();
    found.dedup();
    found
}

#[test]
fn every_command_for_people_speaks_chinese() {
    let dir = copy();
    let d = dir.path();
    // A history for `diff`: the demo as it is, then a repair backdated by a day.
    git_init(d);
    git(d, &["add", "-A"]);
    git(d, &["commit", "-qm", "demo"]);
    let incident = crate::escapes::record(d, "INC-2026-0005");
    let text = std::fs::read_to_string(&incident).unwrap();
    std::fs::write(
        &incident,
        text.replacen("2026-03-18T15:30", "2026-03-17T15:30", 1),
    )
    .unwrap();
    let known = written(d);

    let mut runs: Vec<Vec<String>> = Vec::new();
    let mut add = |args: &[&str]| runs.push(args.iter().map(|s| s.to_string()).collect());
    add(&["check"]);
    for format in ["table", "md"] {
        add(&["kpi", "--format", format]);
        add(&["kpi", "--period", "2026", "--format", format]);
        add(&["list", "--format", format]);
        add(&["list", "--breached", "--format", format]);
        add(&["list", "--overdue", "--format", format]);
    }
    add(&["score"]);
    add(&["score", "--format", "md"]);
    add(&["score", "--period", "2026"]);
    add(&["kpi", "--period", "上季度"]);
    add(&["kpi", "--period", "2026", "--explain"]);
    add(&["kpi", "--period", "2026", "--explain", "--format", "md"]);
    add(&["list", "--period", "本周"]);
    // A year, a quarter and a month.
    for period in ["2026", "2026-Q4", "2026-11"] {
        for format in ["html", "md"] {
            add(&["report", "--period", period, "--format", format]);
        }
    }
    add(&["diff", "HEAD"]);
    add(&["diff", "HEAD", "--format", "md"]);
    // The agenda on a day with overdue items and items due within the week.
    for format in ["human", "md"] {
        add(&["agenda", "--as-of", "2026-12-20", "--format", format]);
    }
    add(&["agenda", "--as-of", "2026-12-20", "--within", "本周"]);
    // One record of each kind, and those with breached or open deadlines.
    for id in [
        "INC-2026-0005",
        "INC-2026-0016",
        "PRJ-2026-003",
        "DRL-2026-001",
        "DRL-2026-003",
        "DRL-2026-005",
        "APR-2026-001",
        "APR-2026-006",
        "PLN-2026-001",
        "BAK-2026-001",
        "DAT-2026-004",
        "SEC-2026-Q3",
        "SUR-2026-001",
    ] {
        add(&["show", id]);
    }
    // Records about to be written, shown and not written.
    let mut new = vec!["--dry-run"];
    new.extend_from_slice(crate::support::INCIDENT);
    add(&new);
    add(&[
        "new",
        "project",
        "--dry-run",
        "--title",
        "门户改版",
        "--set",
        "owner=wang.wu",
    ]);
    add(&["advance", "INC-2026-0016", "--dry-run"]);
    add(&["advance", "INC-2026-0016"]);
    // Refusals speak as `check` does (`错误[E…]`), and enum values go in by label.
    add(&["set", "APR-2026-001", "result.rating=很好"]);
    add(&["set", "APR-2026-001", "result.score=200"]);
    // An unknown id or period, with what was meant.
    add(&["show", "INC-2026-9999"]);
    add(&["edit", "INC-2026-9999"]);
    add(&["kpi", "--period", "nonsense"]);
    add(&["report", "--period", "2026-13"]);
    add(&["fmt", "--check"]);
    add(&["rules"]);
    add(&["rules", "--format", "mermaid"]);
    // Help: of the program and of every command, as `--help` and as `help CMD`.
    add(&["--help"]);
    add(&["help"]);
    for command in commands() {
        add(&[command.as_str(), "--help"]);
        add(&["help", command.as_str()]);
    }
    // A good change last, as it writes.
    add(&["set", "APR-2026-001", "result.rating=合格"]);

    let mut offending = Vec::new();
    let mut flag = |what: String, text: &str| {
        let found = english(text, &known);
        if !found.is_empty() {
            offending.push(format!("{what}: {}", found.join(", ")));
        }
    };
    for args in &runs {
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = zh(d, &argv);
        assert!(code(&out) <= 2, "itc {}: {}", args.join(" "), stderr(&out));
        let mut text = format!("{}\n{}", stdout(&out), stderr(&out));
        if argv.contains(&"html") || argv.contains(&"md") {
            text = html_text(&text);
        }
        // `rules` prints the rules file, its English labels with its Chinese ones, and its
        // values (`mode = "replace"`, `time_limit = "14d"`) as the file writes them, in the
        // diagram too.
        if argv[0] == "rules" && !argv.contains(&"--help") {
            text = without_english_labels(&stdout(&out))
                .replace("mode = \"replace\"", "")
                .split(|c: char| c.is_whitespace() || c == '"')
                .filter(|w| !is_number_with_unit(w))
                .collect::<Vec<_>>()
                .join(" ");
        }
        flag(format!("itc {}", args.join(" ")), &text);
    }
    // The robots' messages are read by people in the group.
    for format in ["wecom", "dingtalk"] {
        let out = zh(d, &["agenda", "--as-of", "2026-12-20", "--format", format]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let text = html_text(&robot_text(&stdout(&out)));
        assert!(text.contains("超时"), "{text}");
        flag(format!("itc agenda --format {format}"), &text);
    }
    // The man pages: the program's on stdout, every command's in a folder.
    let out = zh(d, &["man"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    flag("itc man".to_string(), &man_text(&stdout(&out)));
    let pages = tempfile::tempdir().unwrap();
    let out = zh(d, &["man", pages.path().to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    flag("itc man DIR".to_string(), &stdout(&out));
    let mut count = 0;
    for page in std::fs::read_dir(pages.path().join("man1")).unwrap() {
        let page = page.unwrap().path();
        count += 1;
        let roff = std::fs::read_to_string(&page).unwrap();
        flag(format!("man {}", page.display()), &man_text(&roff));
    }
    assert!(count > commands().len() / 2, "{count} pages");
    // A fresh repository: what `init` prints and the files it writes for people.
    let fresh = tempfile::tempdir().unwrap();
    let out = zh(fresh.path(), &["init"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    flag(
        "itc init".to_string(),
        &format!("{}\n{}", stdout(&out), stderr(&out)),
    );
    let out = zh(fresh.path(), &["check"]);
    flag(
        "itc check (fresh)".to_string(),
        &format!("{}\n{}", stdout(&out), stderr(&out)),
    );
    // An editor that fails refuses the edit.
    let out = Itc::new(d)
        .today(TODAY)
        .args(["--lang", "zh", "--color", "never", "edit", "INC-2026-0016"])
        .env("EDITOR", "false")
        .run();
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    flag("itc edit (editor fails)".to_string(), &stderr(&out));

    assert!(
        offending.is_empty(),
        "English words:\n{}",
        offending.join("\n")
    );
    // The diff's kind column names the kind (`incident` is a key the filter lets pass).
    let md = stdout(&zh(d, &["diff", "HEAD", "--format", "md"]));
    assert!(md.contains("| 修改 | INC-2026-0005 | 故障 |"), "{md}");
    assert!(md.contains("HEAD → 工作区"), "{md}");
}

#[test]
fn an_enum_value_is_taken_by_its_label_and_shown_by_it() {
    let dir = copy();
    let d = dir.path();
    let file = crate::escapes::record(d, "APR-2026-001");
    // `良好` is the label of `good` (builtin.toml): the record stores the value.
    let out = zh(d, &["set", "APR-2026-001", "result.rating=合格"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("rating = \"pass\""), "{text}");
    assert!(!text.contains("合格"), "{text}");
    let shown = stdout(&zh(d, &["show", "APR-2026-001"]));
    assert!(shown.contains("(rating): 合格\n"), "{shown}");
    // A word that is no label is refused, with the values.
    let out = zh(d, &["set", "APR-2026-001", "result.rating=很好"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("优秀 (excellent)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_refusal_heads_its_findings_as_check_does() {
    let dir = copy();
    let d = dir.path();
    // A score of 200 is out of range (0–100): `set` refuses it with the head `check` prints.
    let out = zh(d, &["set", "APR-2026-001", "result.score=200"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("错误[E"), "{err}");
    assert!(!err.contains("error["), "{err}");
}

#[test]
fn chinese_relative_periods_are_the_english_ones() {
    let dir = copy();
    let d = dir.path();
    let json = |period: &str| {
        let out = zh(d, &["kpi", "--period", period, "--format", "json"]);
        assert_eq!(code(&out), 0, "{period}: {}", stderr(&out));
        stdout(&out)
    };
    for (zh_name, en_name) in [
        ("本月", "this-month"),
        ("上月", "last-month"),
        ("本季度", "this-quarter"),
        ("上季度", "last-quarter"),
        ("今年", "this-year"),
        ("去年", "last-year"),
        ("本周", "this-week"),
        ("上周", "last-week"),
    ] {
        assert_eq!(json(zh_name), json(en_name), "{zh_name}");
    }
    // 2026-12-31 is a Thursday: this week is Monday 12-28 to Sunday 2027-01-03.
    let week: serde_json::Value = serde_json::from_str(&json("本周")).unwrap();
    assert_eq!(week["period"]["start"], "2026-12-28", "{week}");
    assert_eq!(week["period"]["end"], "2027-01-04", "{week}");
    // A report covers a cycle: 上月 is 2026-11.
    let out = zh(d, &["report", "--period", "上月", "--format", "md"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("2026-11"), "{}", stdout(&out));
}

#[test]
fn the_word_filter_finds_english_and_passes_what_the_user_wrote() {
    let dir = copy();
    let known = written(dir.path());
    let english = |text: &str| -> Vec<String> {
        words(text)
            .into_iter()
            .filter(|w| !known.contains(w))
            .collect()
    };
    // The English summary line is caught, word by word.
    assert_eq!(
        english("checked 9 records: 5 errors, 0 warnings"),
        ["checked", "records", "errors", "warnings"]
    );
    // A code, an id, a path, a key with `_`, a system id from itc.toml, a token of ALLOWED and
    // code between backticks pass.
    assert!(
        english("错误[E0701] INC-2026-0005 incidents/2026/x.toml due_on erp KPI `itc check --fix`")
            .is_empty()
    );
    // A number with English units is English: a duration, an hour total, a time limit. A commit
    // id is not, nor a record's own value (`data_loss = "30m"` in DRL-2026-003).
    assert_eq!(
        english("恢复 6h 40m,平均 1d 1h 4m 28s,时限 14d,48221.96h/48260h"),
        [
            "6h",
            "40m",
            "1d",
            "1h",
            "4m",
            "28s",
            "14d",
            "48221.96h",
            "48260h"
        ]
    );
    assert!(english("1234567d 2026-Q4 24x7 数据丢失 30m 1 天 1 小时").is_empty());
    // The tags of HTML are not words; the text between them is.
    assert_eq!(
        english(&html_text("<p class=\"x\">overdue</p>")),
        ["overdue"]
    );
}

#[test]
fn the_report_words_durations_hours_and_values_in_chinese_and_keeps_them_in_english() {
    let dir = copy();
    let d = dir.path();
    let report = |lang: &str| {
        let out = Itc::new(d)
            .today(TODAY)
            .args([
                "--lang", lang, "report", "--period", "2026", "--format", "md",
            ])
            .run();
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        stdout(&out)
    };
    let (zh, en) = (report("zh"), report("en"));
    // The MTTR: 1d 1h 4m 28s is 86,400 + 3,600 + 240 + 28 = 90,268 s, in days, hours, minutes
    // and seconds in both languages.
    assert!(en.contains("mean 1d 1h 4m 28s"), "{en}");
    assert!(zh.contains("平均 1 天 1 小时 4 分 28 秒"), "{zh}");
    // The availability hours: 48260 h of service in 2026, in hours with the unit's word.
    assert!(en.contains("h/48260h |"), "{en}");
    assert!(zh.contains(" 小时/48260 小时 |"), "{zh}");
    // INC-2026-0001 (P1): restored in 1 h 35 m against the P1 limit of 4 h (itc.toml).
    assert!(en.contains("| 1h 35m | 4h | ✓ within |"), "{en}");
    assert!(zh.contains("| 1 小时 35 分 | 4 小时 | ✓ 时限内 |"), "{zh}");
    // Two incidents of category `data` (INC-2026-0003 and INC-2026-0009), by the label.
    assert!(en.contains("| data | 2 |"), "{en}");
    assert!(zh.contains("| 数据 | 2 |"), "{zh}");
    assert!(!zh.contains("| data |"), "{zh}");
    // DRL-2026-003 ended `partial`; SEC-2026-Q1's first finding is `high`.
    assert!(zh.contains("| ✓ 按期完成 | 部分通过 |"), "{zh}");
    assert!(en.contains("| ✓ done in time | partial |"), "{en}");
    assert!(zh.contains("3 台服务器存在弱口令 | 高 |"), "{zh}");
    assert!(en.contains("| high |"), "{en}");
}

#[test]
fn the_agenda_words_a_stage_limit_in_chinese() {
    let dir = copy();
    let d = dir.path();
    // APR-2026-006 stayed past its evaluation stage's limit of 14 days (builtin rules).
    let out = zh(d, &["agenda", "--as-of", "2026-12-20"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("考核评价阶段时限 14 天"), "{text}");
    assert!(!text.contains("14d"), "{text}");
    let out = crate::escapes::run(d, &["agenda", "--as-of", "2026-12-20"]);
    assert!(
        stdout(&out).contains("time limit of 14d"),
        "{}",
        stdout(&out)
    );
}
