//! The recipes of docs/scripting.md run as written, in a copy of `examples/demo`, and print what
//! the page says they print.

use std::path::Path;
use std::process::Command;

use crate::external;
use crate::support::*;

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
    let bin = Path::new(env!("CARGO_BIN_EXE_itc")).parent().unwrap();
    let path = std::env::join_paths(std::iter::once(bin.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let out = isolated(&mut Command::new("bash"))
        .args(["-e", "-o", "pipefail", "-c", &recipe.script])
        .current_dir(dir)
        .env("PATH", path)
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
