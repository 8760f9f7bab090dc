//! What the README and docs/ promise runs as written: the README's two commands, the recipes
//! of docs/scripting.md (run in a copy of `examples/demo`, printing what the page says they
//! print) and every code it lists, and the recipes of docs/ci.md (equal to what `itc init --ci`
//! writes, validated, or run).

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::external::{self, PIP_TOOLS, check_jsonschema, external, parse_junit};
use crate::support::*;

#[test]
fn readme_states_the_two_commands() {
    // The first is `itc -C examples/demo check`, which `demo_repository_is_clean` runs.
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(readme.contains("cargo run --release -- -C examples/demo check\ntests/run\n"));
    let ci = std::fs::read_to_string(root().join(".ci/run")).unwrap();
    assert!(
        ci.lines().any(|l| l.trim() == "tests/run"),
        "CI runs README's test command"
    );
    let run = std::fs::read_to_string(root().join("tests/run")).unwrap();
    assert!(run.lines().any(|l| l.starts_with("cargo test")), "{run}");
    assert!(
        run.contains("cargo check --quiet --manifest-path fuzz/Cargo.toml"),
        "the fuzz targets build: {run}"
    );
}

#[test]
fn every_code_is_in_the_scripting_guide() {
    let doc = std::fs::read_to_string(root().join("docs/scripting.md")).unwrap();
    let schema = |name: &str| -> Value {
        serde_json::from_str(
            &std::fs::read_to_string(root().join("schema/output").join(name)).unwrap(),
        )
        .unwrap()
    };
    let kpi = schema("kpi.json");
    let reasons = &kpi["properties"]["kpis"]["items"]["properties"]["explain"]["items"]["properties"]
        ["code"]["enum"];
    let list = schema("list.json");
    let overdue = &list["items"]["properties"]["overdue"]["items"]["properties"]["code"]["enum"];
    let mut all = Vec::new();
    for set in [reasons, overdue] {
        let set = set.as_array().unwrap();
        assert!(set.len() > 5);
        all.extend(set.iter().map(|c| c.as_str().unwrap().to_string()));
    }
    for c in all {
        assert!(
            doc.lines().any(|l| l.starts_with(&format!("| `{c}` |"))),
            "docs/scripting.md has no table row for the code `{c}`"
        );
    }
}

/// One recipe: where it runs (`None`: a copy of the demo; `Some("group")`: a folder holding two
/// repositories `hq/` and `plant/`), its script and the output the page shows.
struct Recipe {
    line: usize,
    place: Option<String>,
    script: String,
    expected: String,
}

/// The fenced block starting after line `from`, if its fence is ```` ```lang ````: its first line
/// number and text, and the line after its closing fence.
fn block(lines: &[&str], from: usize, lang: &str) -> Option<(String, usize)> {
    let open = (from..lines.len()).find(|&i| lines[i].starts_with("```"))?;
    if lines[open].trim() != format!("```{lang}") {
        return None;
    }
    let close = (open + 1..lines.len()).find(|&i| lines[i].trim() == "```")?;
    let mut text = lines[open + 1..close].join("\n");
    text.push('\n');
    Some((text, close + 1))
}

/// Every `<!-- recipe -->` (or `<!-- recipe: PLACE -->`) marker, followed by a ```sh block and
/// the ```text block of its output.
fn recipes(doc: &str) -> Vec<Recipe> {
    let lines: Vec<&str> = doc.lines().collect();
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let Some(rest) = l.trim().strip_prefix("<!-- recipe") else {
            continue;
        };
        let place = rest
            .trim_end_matches("-->")
            .trim()
            .strip_prefix(':')
            .map(|p| p.trim().to_string());
        let (script, next) = block(&lines, i + 1, "sh")
            .unwrap_or_else(|| panic!("docs/scripting.md:{}: a recipe needs a ```sh block", i + 1));
        let (expected, _) = block(&lines, next, "text").unwrap_or_else(|| {
            panic!(
                "docs/scripting.md:{}: a recipe's script is followed by a ```text block of its output",
                i + 1
            )
        });
        out.push(Recipe {
            line: i + 1,
            place,
            script,
            expected,
        });
    }
    out
}

fn run(recipe: &Recipe, dir: &Path) -> String {
    let out = isolated(&mut Command::new("bash"))
        .args(["-e", "-o", "pipefail", "-c", &recipe.script])
        .current_dir(dir)
        .env("PATH", path_with_itc())
        .output()
        .unwrap();
    external::ok(
        &out,
        &format!("the recipe at docs/scripting.md:{}", recipe.line),
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
#[cfg_attr(
    not(all(consumer = "jq", consumer = "duckdb")),
    ignore = "needs jq (apt-get install jq); tests/run installs it; needs DuckDB for Python (python3 -m pip install duckdb); tests/run installs it"
)]
fn the_recipes_of_the_scripting_guide_print_what_it_says() {
    external::jq();
    external::python_with(&["duckdb"]);
    let doc = std::fs::read_to_string(root().join("docs/scripting.md")).unwrap();
    let recipes = recipes(&doc);
    assert!(recipes.len() >= 6, "found {} recipes", recipes.len());
    for recipe in &recipes {
        let work = tempfile::tempdir().unwrap();
        let dir = match recipe.place.as_deref() {
            None => {
                copy_dir(&demo(), work.path());
                work.path().to_path_buf()
            }
            Some("group") => {
                // Two centers: the demo, and the demo without its YAML incidents.
                copy_dir(&demo(), &work.path().join("hq"));
                copy_dir(&demo(), &work.path().join("plant"));
                let incidents = work.path().join("plant/incidents/2026");
                for e in std::fs::read_dir(&incidents).unwrap() {
                    let p = e.unwrap().path();
                    if p.extension().is_some_and(|x| x == "yaml") {
                        std::fs::remove_file(p).unwrap();
                    }
                }
                work.path().to_path_buf()
            }
            Some(other) => panic!("docs/scripting.md:{}: unknown place `{other}`", recipe.line),
        };
        let actual = run(recipe, &dir);
        assert_eq!(
            actual, recipe.expected,
            "the recipe at docs/scripting.md:{} prints something else:\n{actual}",
            recipe.line
        );
    }
}

#[test]
fn a_recipe_without_its_output_is_refused() {
    let doc = "<!-- recipe -->\n```sh\necho hi\n```\n\n```json\n{}\n```\n";
    let refused = std::panic::catch_unwind(|| recipes(doc));
    assert!(refused.is_err());
    let doc = "<!-- recipe: group -->\n```sh\necho hi\n```\n\n```text\nhi\n```\n";
    let found = recipes(doc);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].place.as_deref(), Some("group"));
    assert_eq!(found[0].expected, "hi\n");
}

/// The fenced blocks of docs/ci.md under a `## heading`, with their info strings.
fn ci_recipes(heading: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(root().join("docs/ci.md")).unwrap();
    let section = text
        .split("\n## ")
        .find(|s| s.starts_with(heading))
        .unwrap_or_else(|| panic!("docs/ci.md has no section {heading}"));
    let mut blocks = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in section.lines() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(info)) => current = Some((info.to_string(), String::new())),
            (Some(_), Some("")) => blocks.extend(current.take()),
            (Some((_, body)), _) => {
                body.push_str(line);
                body.push('\n');
            }
            (None, None) => {}
        }
    }
    assert!(current.is_none(), "an unclosed block in {heading}");
    blocks
}

fn written_by_init(ci: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    git_init(dir.path());
    let out = itc(dir.path(), &["init", "--ci", ci]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let file = match ci {
        "github" => ".github/workflows/itc.yml",
        _ => ".gitlab-ci.yml",
    };
    std::fs::read_to_string(dir.path().join(file)).unwrap()
}

#[test]
#[cfg_attr(
    not(consumer = "check-jsonschema"),
    ignore = "needs check-jsonschema (python3 -m pip install check-jsonschema); tests/run installs it"
)]
fn docs_ci_github_and_gitlab_recipes_are_what_init_writes_and_validate() {
    for (heading, ci, schema) in [
        ("GitHub Actions", "github", "vendor.github-workflows"),
        ("GitLab CI", "gitlab", "vendor.gitlab-ci"),
    ] {
        let blocks = ci_recipes(heading);
        assert_eq!(blocks.len(), 1, "{heading}");
        let (info, body) = &blocks[0];
        assert_eq!(info, "yaml");
        assert_eq!(
            body,
            &written_by_init(ci),
            "docs/ci.md {heading} differs from `itc init --ci {ci}`"
        );
        external("check-jsonschema", PIP_TOOLS);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("recipe.yml");
        std::fs::write(&file, body).unwrap();
        check_jsonschema(&["--builtin-schema", schema], &file);
    }
}

/// PATH with the itc under test first.
fn path_with_itc() -> std::ffi::OsString {
    let bin = Path::new(env!("CARGO_BIN_EXE_itc")).parent().unwrap();
    let mut paths = vec![bin.to_path_buf()];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(paths).unwrap()
}

#[test]
#[cfg_attr(
    not(consumer = "python3"),
    ignore = "needs python3; tests/run installs it"
)]
fn docs_ci_jenkins_recipe_runs_and_jenkins_reads_its_report() {
    external("python3", "apt-get install python3");
    let blocks = ci_recipes("Jenkins");
    assert_eq!(blocks.len(), 1);
    let (info, body) = &blocks[0];
    assert_eq!(info, "groovy");
    let steps: Vec<&str> = body
        .lines()
        .filter_map(|l| l.trim().strip_prefix("sh '")?.strip_suffix('\''))
        .collect();
    assert_eq!(steps.len(), 1, "{body}");
    let report: &str = body
        .lines()
        .find_map(|l| l.trim().strip_prefix("junit '")?.strip_suffix('\''))
        .unwrap();
    for (repo, exit, failing) in [(demo(), 0, false), (fixture("invalid"), 1, true)] {
        let dir = temp_copy(&repo);
        let out = isolated(&mut Command::new("sh"))
            .args(["-c", steps[0]])
            .current_dir(dir.path())
            .env("PATH", path_with_itc())
            .output()
            .unwrap();
        assert_eq!(code(&out), exit, "{}", stderr(&out));
        let xml = std::fs::read(dir.path().join(report)).unwrap();
        let (tests, failures, _) = parse_junit(&xml);
        assert!(tests >= 1);
        assert_eq!(failures > 0, failing);
    }
}

#[test]
#[cfg_attr(
    not(consumer = "pre-commit"),
    ignore = "needs pre-commit (python3 -m pip install pre-commit); tests/run installs it"
)]
fn docs_ci_pre_commit_recipes_validate_and_the_local_one_runs() {
    let blocks = ci_recipes("pre-commit");
    assert_eq!(blocks.len(), 2);
    assert!(blocks[0].1.contains("- id: itc-check") && blocks[0].1.contains("- id: itc-fmt"));
    external("pre-commit", PIP_TOOLS);
    let dir = temp_copy(&demo());
    for (_, body) in &blocks {
        let file = dir.path().join(".pre-commit-config.yaml");
        std::fs::write(&file, body).unwrap();
        let out = Command::new("pre-commit")
            .arg("validate-config")
            .arg(&file)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    }
    // The local hook, run by pre-commit on a git copy of the demo: passes, then stops a broken
    // record.
    git_init(dir.path());
    let cache = tempfile::tempdir().unwrap();
    let run = || {
        let git = Command::new("git")
            .args(["add", "-A"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(git.status.success(), "{}", stderr(&git));
        isolated(&mut Command::new("pre-commit"))
            .args(["run", "--all-files"])
            .current_dir(dir.path())
            .env("PATH", path_with_itc())
            .env("PRE_COMMIT_HOME", cache.path())
            .output()
            .unwrap()
    };
    let out = run();
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    let path = dir.path().join("incidents/2026/INC-2026-0001.toml");
    replace_in(&path, "severity = \"P1\"", "severity = \"P9\"");
    let out = run();
    assert_eq!(code(&out), 1, "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains("E0305"), "{}", stdout(&out));
}
