//! The README and the user guide show real output: every `console` block is run again
//! and must still print what the documentation shows (its lines, from the top). With
//! `SROI_REFRESH_DOCS=1`, an example whose output changed is written in instead (as many
//! lines as it showed, a table cut off kept whole) for the change to be read and
//! committed.
//!
//! Commands on bundled models run from the repository root. The guide's own examples are
//! its first model (`befriending.toml`) and small edits of it, rebuilt here.

mod common;

use std::path::Path;

use common::{Workspace, repo};

/// One `$ command` and the lines the documentation shows after it.
struct Example {
    args: Vec<String>,
    shown: Vec<String>,
    /// The index of the command's line in the Markdown file.
    line: usize,
}

/// The examples of every ```console block of a Markdown file.
fn examples(markdown: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut in_block = false;
    for (i, line) in markdown.lines().enumerate() {
        if line.starts_with("```") {
            in_block = line == "```console";
            continue;
        }
        if !in_block {
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ") {
            let command = command
                .strip_prefix("cargo run --release -- ")
                .or_else(|| command.strip_prefix("sroi "))
                .unwrap_or_else(|| panic!("unknown command in the docs: {command}"));
            out.push(Example {
                args: command.split_whitespace().map(String::from).collect(),
                shown: Vec::new(),
                line: i,
            });
        } else if let Some(example) = out.last_mut() {
            example.shown.push(line.to_string());
        }
    }
    for e in &mut out {
        while e.shown.last().is_some_and(|l| l.trim().is_empty()) {
            e.shown.pop();
        }
    }
    out
}

/// The first ```toml block of a Markdown file that starts with `head`.
fn toml_starting(markdown: &str, head: &str) -> String {
    let start = markdown
        .find(&format!("```toml\n{head}"))
        .expect("such a toml block")
        + 8;
    let end = start + markdown[start..].find("```").expect("its end");
    markdown[start..end].to_string()
}

/// The first ```toml block of a Markdown file.
fn first_toml(markdown: &str) -> String {
    let start = markdown.find("```toml\n").expect("a toml block") + 8;
    let end = start + markdown[start..].find("```").expect("its end");
    markdown[start..end].to_string()
}

fn edit(text: &str, edits: &[(&str, &str)]) -> String {
    edits.iter().fold(text.to_string(), |t, (from, to)| {
        assert!(t.contains(from), "the guide's model has no `{from}`");
        t.replacen(from, to, 1)
    })
}

/// Runs every example of `doc`, with the files the guide's examples use.
fn check(doc: &str, files: &[(&str, String)]) -> usize {
    let text = std::fs::read_to_string(repo(doc)).unwrap();
    let ws = Workspace::new();
    for (name, contents) in files {
        ws.write(name, contents);
    }
    // With SROI_REFRESH_DOCS set, outdated examples are written in rather than failed:
    // read the diff before committing it, and the prose around it.
    let refresh = std::env::var_os("SROI_REFRESH_DOCS").is_some();
    let mut refreshed: Vec<(usize, usize, Vec<String>)> = Vec::new();
    let mut checked = 0;
    for e in examples(&text) {
        let args: Vec<&str> = e.args.iter().map(String::as_str).collect();
        // The file is the first argument that is not an option; `proxies` reads no file
        // and runs from the repository root like the bundled models.
        let file = args[1..]
            .iter()
            .copied()
            .find(|a| !a.starts_with('-'))
            .unwrap_or_default();
        let in_repo =
            args[0] == "proxies" || Path::new(env!("CARGO_MANIFEST_DIR")).join(file).exists();
        // `init` writes the file the examples after it use, in the workspace.
        let writes = args[0] == "init";
        let out = if in_repo {
            let out = common::sroi_command()
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .args(&args)
                .output()
                .unwrap();
            format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )
        } else {
            assert!(
                writes || ws.path().join(file).exists(),
                "{doc}: no file for `{}`",
                e.args.join(" ")
            );
            let out = ws.sroi(&args);
            format!("{}{}", out.stdout, out.stderr)
        };
        let actual: Vec<&str> = out.lines().map(str::trim_end).collect();
        let shown: Vec<&str> = e.shown.iter().map(|l| l.trim_end()).collect();
        let same = actual.len() >= shown.len() && actual[..shown.len()] == shown[..];
        if !same && refresh {
            refreshed.push((e.line, shown.len(), refreshed_lines(&actual, shown.len())));
        } else {
            assert!(
                same,
                "{doc}: `sroi {}` now prints:\n{}\n(SROI_REFRESH_DOCS=1 cargo test --test docs writes it in)",
                e.args.join(" "),
                actual.join("\n")
            );
        }
        checked += 1;
    }
    if !refreshed.is_empty() {
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        for (at, old, new) in refreshed.into_iter().rev() {
            lines.splice(at + 1..at + 1 + old, new);
        }
        std::fs::write(repo(doc), lines.join("\n") + "\n").unwrap();
    }
    checked
}

/// The lines to show for an example whose output changed: as many as were shown, taken
/// on to the end of a table the cut would fall inside.
fn refreshed_lines(actual: &[&str], shown: usize) -> Vec<String> {
    let mut n = shown.min(actual.len());
    while n > 0
        && n < actual.len()
        && ["│", "├", "╞", "┌"]
            .iter()
            .any(|c| actual[n - 1].starts_with(c))
    {
        n += 1;
    }
    actual[..n].iter().map(|l| l.to_string()).collect()
}

#[test]
fn the_readme_shows_real_output() {
    assert!(check("README.md", &[]) >= 1);
}

/// Every chapter of the guide but the model format (below) shows real output.
#[test]
fn the_chapters_show_real_output() {
    let mut checked = 0;
    for entry in std::fs::read_dir(repo("docs")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") && name != "model-format.md" {
            checked += check(&format!("docs/{name}"), &[("bad.toml", BAD.to_string())]);
        }
    }
    assert!(checked >= 10, "{checked} examples");
}

#[test]
fn the_guide_shows_real_output() {
    let guide = std::fs::read_to_string(repo("docs/model-format.md")).unwrap();
    let model = first_toml(&guide);
    let files = [
        ("befriending.toml", model.clone()),
        ("two-year.toml", toml_starting(&guide, "[scenario]")),
        (
            "broken.toml",
            edit(
                &model,
                &[
                    ("attribution = 0.25", "attribution = 1.25"),
                    ("people * improved", "people * improvd"),
                ],
            ),
        ),
        (
            "deadweight.toml",
            edit(
                &model,
                &[(
                    "deadweight = { dist = \"beta\", mean = 0.2, sd = 0.05 }",
                    "deadweight = { dist = \"normal\", mean = 0.2, sd = 0.1 }",
                )],
            ),
        ),
        (
            "breach.toml",
            edit(
                &model,
                &[
                    (
                        "people = 100\n",
                        "people = 100\noverlap = { dist = \"uniform\", min = 0, max = 0.5 }\n",
                    ),
                    (
                        "deadweight = { dist = \"beta\", mean = 0.2, sd = 0.05 }",
                        "deadweight = \"overlap - 0.1\"",
                    ),
                ],
            ),
        ),
    ];
    assert!(check("docs/model-format.md", &files) >= 5);
}

/// The guide's example of a misspelt field.
const BAD: &str = r#"[model]
name = "Befriending"
[[inputs]]
name = "Grant"
amount = 20000
[[outcomes]]
name = "Less lonely"
stakeholder = "Members"
quantity = 40
value = 900
deadwieght = 0.2
attribution = { dist = "normal", mean = 0.2, sd = 0.1 }
"#;

/// A row of the README's tables of models and scenarios: its first cell is one file name
/// in backquotes (not a command line, as in the table of timings).
fn is_file_row(line: &str) -> bool {
    line.split('|')
        .nth(1)
        .map(str::trim)
        .is_some_and(|c| c.starts_with('`') && c.ends_with(".toml`") && !c.contains(' '))
}

/// The README's table of bundled models gives each model's real figures (default draws
/// and seed): outcomes, base case, expected ratio, median, interval and chance the ratio
/// exceeds 1.
#[test]
fn the_readme_table_of_models_is_real() {
    let readme = std::fs::read_to_string(repo("README.md")).unwrap();
    let mut rows = 0;
    for line in readme.lines().filter(|l| is_file_row(l)) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let name = cells[1].trim_matches('`');
        if repo(&format!("scenarios/{name}")).exists() {
            continue; // the table of scenarios, checked below
        }
        let file = format!("models/{name}");
        let out = common::sroi_command()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["run", &file, "--format", "json"])
            .output()
            .unwrap();
        let j: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let f = |key: &str, stat: &str| format!("{:.2}", j[key][stat].as_f64().unwrap());
        let actual = [
            j["outcomes"].as_array().unwrap().len().to_string(),
            format!("{:.2}", j["base_case"]["ratio"].as_f64().unwrap()),
            format!("{:.2}", j["expected"]["ratio"].as_f64().unwrap()),
            f("ratio", "median"),
            format!("{} – {}", f("ratio", "ci_low"), f("ratio", "ci_high")),
            format!("{:.1}%", 100.0 * j["prob_ratio_above_1"].as_f64().unwrap()),
        ];
        assert_eq!(cells[2..8], actual, "README row for {file}");
        rows += 1;
    }
    assert_eq!(rows, 5, "the five bundled models");
}

/// The README's table of scenarios names every scenario that ships, and nothing else.
#[test]
fn the_readme_table_of_scenarios_is_complete() {
    let readme = std::fs::read_to_string(repo("README.md")).unwrap();
    let mut listed: Vec<String> = readme
        .lines()
        .filter(|l| is_file_row(l))
        .map(|l| {
            l.split('|')
                .nth(1)
                .unwrap()
                .trim()
                .trim_matches('`')
                .to_string()
        })
        .filter(|name| !repo(&format!("models/{name}")).exists())
        .collect();
    let mut shipped: Vec<String> = std::fs::read_dir(repo("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    listed.sort();
    shipped.sort();
    assert_eq!(listed, shipped);
}
